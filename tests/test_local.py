"""Local extensions of the référentiel (issue 13): a territory adds concepts in its own named
graph, each hanging from a common concept; a file that redefines or detaches common concepts,
or hangs from nothing, is refused; questions, guides, glossary and validation use the
extensions of the territory they concern, and only those."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from rdflib import Graph

import cli
from ppgraph import NonConformError, departement_iri, load_reference_data, submission_graph
from ppgraph.glossary import write_glossary
from ppgraph.guide import guide_content
from ppgraph.local import check_local, local_departements, submit_local
from ppgraph.namespaces import local_graph
from ppgraph.questions import ask_question
from ppgraph.site.glossary import glossary
from ppgraph.store import Store
from ppgraph.validation import validate

HEAD = """
@prefix pp: <https://w3id.org/ppgraph/def#> .
@prefix ref: <https://w3id.org/ppgraph/ref/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix service: <https://w3id.org/ppgraph/ref/service/> .
@prefix niveau: <https://w3id.org/ppgraph/ref/niveau/> .
"""

PERMANENCE = HEAD + """
<https://w3id.org/ppgraph/ref-local/33/service/permanence> a skos:Concept , pp:ConceptLocal ;
    skos:inScheme ref:service ; skos:broader service:montage-financier ;
    skos:notation "permanence" ;
    skos:prefLabel "Permanence financement (test)"@fr , "Funding desk (test)"@en ;
    skos:definition "Une demi-journée par mois avec un conseiller bancaire, à l'office de tourisme."@fr .
"""


def graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def rules(report) -> list[str]:
    return sorted(f.rule.render("fr") for f in report.findings if f.severity == "violation")


@pytest.fixture
def store():
    s = Store()
    load_reference_data(s)
    return s


def test_a_local_concept_hanging_from_a_common_one_is_accepted_into_its_own_graph(store):
    done = submit_local(store, graph(PERMANENCE), "Gironde")
    assert done.graph == local_graph("33") and local_departements(store) == ["33"]
    assert done.report.conforms and done.report.concepts == 1
    assert store.ask("ASK { GRAPH ?g { ?c pp:territoire ?d } }",
                     {"g": local_graph("33"), "d": departement_iri("33")})
    # Nothing of it is in the common référentiel's graph.
    assert not store.ask("ASK { GRAPH graphe:referentiel { ?c skos:notation \"permanence\" } }")


def test_an_extension_hanging_from_no_common_concept_is_refused_and_nothing_is_written(store):
    orphan = PERMANENCE.replace("skos:broader service:montage-financier ;", "")
    report = check_local(graph(orphan), "33")
    assert rules(report) == ["Rattaché à un concept commun"]
    assert "ne pend à aucun concept commun" in report.render("fr")
    with pytest.raises(NonConformError) as err:
        submit_local(store, graph(orphan), "33")
    assert err.value.exit_code == 1 and local_graph("33") not in set(store.graphs())
    # Hanging from another local concept that hangs from nothing is no better.
    chain = orphan + """
<https://w3id.org/ppgraph/ref-local/33/service/fille> a skos:Concept , pp:ConceptLocal ;
    skos:inScheme ref:service ; skos:broader <https://w3id.org/ppgraph/ref-local/33/service/permanence> ;
    skos:notation "fille" ; skos:prefLabel "Fille"@fr , "Child"@en ; skos:definition "Une autre."@fr .
"""
    assert rules(check_local(graph(chain), "33")) == ["Rattaché à un concept commun"] * 2


@pytest.mark.parametrize("extra, rule", [
    ('service:orientation skos:prefLabel "Aiguillage"@fr .', "Le commun reste commun"),
    ("service:orientation skos:broader <https://w3id.org/ppgraph/ref-local/33/service/permanence> .",
     "Le commun reste commun"),
    ("<https://w3id.org/ppgraph/ref-local/33/service/permanence> skos:narrower service:orientation .",
     "Le commun reste commun"),
    ("<https://w3id.org/ppgraph/ref-local/33/service/permanence> skos:topConceptOf ref:service .",
     "Le commun reste commun"),
])
def test_an_extension_that_redefines_or_detaches_common_concepts_is_refused(store, extra, rule):
    report = check_local(graph(PERMANENCE + extra), "33")
    assert rule in rules(report)


def test_a_local_concept_of_another_territory_or_a_closed_list_or_a_taken_label_is_refused():
    other = PERMANENCE.replace("ref-local/33/", "ref-local/24/")
    assert rules(check_local(graph(other), "33")) == ["Adresse d'un concept local"]
    closed = HEAD + """
<https://w3id.org/ppgraph/ref-local/33/niveau/tres> a skos:Concept , pp:ConceptLocal ;
    skos:inScheme ref:niveau ; skos:broader niveau:suivi-precis ; skos:notation "tres" ;
    skos:prefLabel "Très suivi"@fr , "Very close"@en ; skos:definition "Plus loin encore."@fr .
"""
    assert rules(check_local(graph(closed), "33")) == ["Liste ouverte aux territoires"]
    taken = PERMANENCE.replace("Permanence financement (test)", "Orientation")
    assert rules(check_local(graph(taken), "33")) == ["Libellé libre dans la liste"]
    block = HEAD + """
<https://w3id.org/ppgraph/id/bloc/x> a pp:BlocDuGuide ; pp:apresBloc "etape-inconnue" ;
    pp:texte "Texte."@fr ; pp:territoire <https://w3id.org/ppgraph/territoire/epci/200067106> .
"""
    assert rules(check_local(graph(block), "33")) == ["Bloc du guide connu", "Territoire du bloc"]


def test_questions_guides_and_glossary_use_the_extensions_of_their_territory_only(store):
    submit_local(store, graph(PERMANENCE), "33")
    # The Creuse submitted nothing that offers the local service; the Gironde offers it.
    submission = HEAD + """
@prefix s: <https://w3id.org/ppgraph/id/structure/> .
<https://w3id.org/ppgraph/id/soumission/t> a pp:Soumission ; pp:departement <https://w3id.org/ppgraph/territoire/departement/{dep}> .
s:ot{dep} a pp:Structure ; rdfs:label "Office test {dep}"@fr ;
    pp:departement <https://w3id.org/ppgraph/territoire/departement/{dep}> .
<https://w3id.org/ppgraph/id/offre/{dep}> a pp:OffreDeService ; pp:proposePar s:ot{dep} ;
    pp:service {service} ; pp:niveau niveau:suivi-precis ;
    pp:territoireDesservi <https://w3id.org/ppgraph/territoire/departement/{dep}> .
"""
    local = "<https://w3id.org/ppgraph/ref-local/33/service/permanence>"
    for dep, service in (("33", local), ("23", "service:etude-marche")):
        store.replace_graph(submission_graph(dep), graph(
            submission.replace("{dep}", dep).replace("{service}", service)))
    creuse = ask_question(store, "couverture", {"departement": "23"})
    missing = {str(r["element"]) for r in creuse.rows if str(r["sorte"]) == "service"}
    assert "https://w3id.org/ppgraph/ref-local/33/service/permanence" not in missing
    assert "https://w3id.org/ppgraph/ref/service/montage-financier" in missing
    gironde = ask_question(store, "couverture", {"departement": "33"})
    missing33 = {str(r["element"]) for r in gironde.rows if str(r["sorte"]) == "service"}
    # Offering the local service offers the common service it belongs to.
    assert "https://w3id.org/ppgraph/ref/service/montage-financier" not in missing33
    # Orientation: the local service answers the steps of its common service.
    answer = ask_question(store, "orientation", {"territoire": "33063", "type": "camping",
                                                 "etape": "financement"})
    assert "Office test 33" in {answer.label(r["structure"]) for r in answer.rows}
    # Guides: the Gironde's guide lists the office for the step, shows the local service.
    g33 = guide_content(store, "33")
    assert g33.etape_structures("financement") == ["Office test 33"]
    assert "Permanence financement (test)" in str(g33.block("etape-financement").parts)
    assert "Permanence financement (test)" not in str(guide_content(store, "23").blocks)
    # Glossary: marked as local, only where asked.
    assert glossary(store, "fr", ["33"]).local_count == 1
    assert glossary(store, "fr", ["23"]).local_count == 0
    assert glossary(store, "fr").local_count == 0


def test_a_submission_may_use_the_local_concepts_of_its_own_departement_only(store, tmp_path):
    submit_local(store, graph(PERMANENCE), "33")
    text = HEAD + """
@prefix s: <https://w3id.org/ppgraph/id/structure/> .
@prefix type: <https://w3id.org/ppgraph/ref/type-structure/> .
<https://w3id.org/ppgraph/id/soumission/t> a pp:Soumission ; pp:departement <https://w3id.org/ppgraph/territoire/departement/{dep}> .
s:ot a pp:Structure ; rdfs:label "Office test"@fr ; pp:typeStructure type:ot ;
    pp:departement <https://w3id.org/ppgraph/territoire/departement/{dep}> .
<https://w3id.org/ppgraph/id/offre/o> a pp:OffreDeService ; pp:proposePar s:ot ;
    pp:service <https://w3id.org/ppgraph/ref-local/33/service/permanence> ;
    pp:niveau niveau:suivi-precis ;
    pp:territoireDesservi <https://w3id.org/ppgraph/territoire/departement/{dep}> .
"""
    results = {}
    for dep in ("33", "24"):
        path = tmp_path / f"s{dep}.ttl"
        path.write_text(text.replace("{dep}", dep), encoding="utf-8")
        report = validate(path, store=store, departement=dep)
        results[dep] = sorted(str(f.rule) for f in report.findings if f.severity == "violation")
    assert results == {"33": [], "24": ["Service"]}


def test_the_glossary_command_marks_local_extensions_and_writes_three_formats(built_demo,
                                                                              tmp_path):
    store = str(built_demo.store_path)
    run = CliRunner().invoke
    r = run(cli.main, ["--store", store, "glossary", "--departement", "64",
                       "-o", str(tmp_path / "g.csv")])
    assert r.exit_code == 0, r.output
    assert "Dont 1 extension locale." in r.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "g.csv").read_text(encoding="utf-8-sig")),
                               delimiter=";"))
    local = [row for row in rows if row["Extension locale de"]]
    assert [(row["Libellé en français"], row["Extension locale de"]) for row in local] == \
        [("Gîte d'étape de montagne", "Pyrénées-Atlantiques (64)")]
    assert {row["Liste"] for row in rows} >= {"Notions clés", "Niveaux d'accompagnement"}
    assert all(row["Définition"] for row in rows)
    assert any(row["Libellé en anglais"] == "Project holder" for row in rows)
    r = run(cli.main, ["--store", store, "glossary", "--tous-territoires",
                       "-o", str(tmp_path / "g.md")])
    md = (tmp_path / "g.md").read_text(encoding="utf-8")
    assert "**Extension locale — Gironde \\(33\\)**" not in md  # parentheses are not escaped
    assert "**Extension locale — Gironde (33)**" in md and "## Index alphabétique" in md
    r = run(cli.main, ["--store", store, "--lang", "en", "glossary", "-o",
                       str(tmp_path / "g.html")])
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert r.exit_code == 0 and '<html lang="en">' in page and "Alphabetical index" in page
    assert "Extension locale" not in page and "Local extension" not in page  # none asked
    assert "http" not in page.split("<style>")[0].replace("http-equiv", "")
    bad = run(cli.main, ["--store", store, "glossary", "-o", str(tmp_path / "g.pdf")])
    assert bad.exit_code == 2 and "choisissez un nom qui finit par .html, .md ou .csv" in bad.output


def test_the_site_glossary_has_every_territory_extension_marked_and_an_index(built_demo):
    page = (built_demo.site_index.parent / "glossaire.html").read_text(encoding="utf-8")
    assert page.count('class="extension-locale"') == 3
    assert "Extension locale — Pyrénées-Atlantiques (64)" in page
    assert 'id="index"' in page


def test_ppgraph_local_validate_submit_and_list(tmp_path):
    path = tmp_path / "local-33.ttl"
    path.write_text(PERMANENCE, encoding="utf-8")
    store = str(tmp_path / "store")
    run = CliRunner().invoke
    with Store(store) as s:
        load_reference_data(s)
    r = run(cli.main, ["--store", store, "local", "validate", str(path), "--departement", "33"])
    assert r.exit_code == 0 and "Résultat : CONFORME" in r.output
    r = run(cli.main, ["--store", store, "local", "submit", str(path), "--departement", "33"])
    assert r.exit_code == 0, r.output
    assert "Graphe https://w3id.org/ppgraph/graphe/local/33 remplacé" in r.output
    r = run(cli.main, ["--store", store, "local"])
    assert "Permanence financement (test)" in r.output and "Montage financier et aides" in r.output
    path.write_text(PERMANENCE.replace("skos:broader service:montage-financier ;", ""),
                    encoding="utf-8")
    r = run(cli.main, ["--store", store, "local", "submit", str(path), "--departement", "33"])
    assert r.exit_code == 1 and "NON CONFORME" in r.output
    assert "rien n'a été versé, le graphe local est inchangé" in r.output
    r = run(cli.main, ["--store", store, "local"])
    assert "Permanence financement (test)" in r.output  # the earlier version stays


def test_ppgraph_local_lists_each_block_and_concept_once_in_the_readers_language(tmp_path):
    from ppgraph.resources import demo_dir

    store = str(tmp_path / "store")
    with Store(store) as s:
        load_reference_data(s)
        submit_local(s, demo_dir() / "local" / "local-64.ttl", "64")
    run = CliRunner().invoke
    fr = run(cli.main, ["--store", store, "local"]).output
    en = run(cli.main, ["--store", store, "--lang", "en", "local"]).output
    # The block has a French and an English title: one row, in the reader's language.
    assert "Entreprendre dans le tourisme en Béarn" in fr and "Starting a tourism" not in fr
    assert "Starting a tourism business" in en and "Entreprendre dans" not in en
    # The common concept a local one hangs from is named in the reader's language too.
    assert "Hébergement collectif" in fr
    assert "Group accommodation" in en and "Hébergement collectif" not in en
    assert len(fr.splitlines()) == len(en.splitlines())

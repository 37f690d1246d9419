"""The model as the network's professionals know it (issue 9): levels of an offer or an
accompaniment, the guichet unique as a territorial role, structures that serve several
départements, holders that are persons or organisations, public titles, the model version."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

import cli
from ppgraph import PP, REF, StoreError, load_reference_data, submission_graph
from ppgraph.demo import generate_network
from ppgraph.namespaces import GRAPH_ONTOLOGY
from ppgraph.questions import ask_question
from ppgraph.store import Store, check_model_version, model_version, open_store
from ppgraph.submission import export_submission
from ppgraph.territories import territories
from ppgraph.validation import validate

PREFIXES = """
@prefix pp: <https://w3id.org/ppgraph/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix s: <https://w3id.org/ppgraph/id/structure/> .
@prefix type: <https://w3id.org/ppgraph/ref/type-structure/> .
@prefix niveau: <https://w3id.org/ppgraph/ref/niveau/> .
@prefix service: <https://w3id.org/ppgraph/ref/service/> .
@prefix nature: <https://w3id.org/ppgraph/ref/nature-porteur/> .
@prefix tp: <https://w3id.org/ppgraph/ref/type-porteur/> .
@prefix dep: <https://w3id.org/ppgraph/territoire/departement/> .
@prefix epci: <https://w3id.org/ppgraph/territoire/epci/> .
<https://w3id.org/ppgraph/id/soumission/t> a pp:Soumission ; pp:departement dep:33 .
s:ot a pp:Structure ; rdfs:label "Office de tourisme test"@fr ; pp:typeStructure type:ot ;
    pp:departement dep:33 ; pp:niveauAccompagnement niveau:guichet-unique .
"""

PROJECT = """
<urn:pj> a pp:Projet ; pp:porteur <urn:p> ; pp:typePorteur tp:{type} ;
    pp:typeProjet <https://w3id.org/ppgraph/ref/type-projet/hotel> ;
    pp:etape <https://w3id.org/ppgraph/ref/etape/idee> ;
    pp:datePremierContact "2025-01-06"^^xsd:date .
"""


def check(tmp_path: Path, turtle: str):
    path = tmp_path / "cas.ttl"
    path.write_text(PREFIXES + turtle, encoding="utf-8")
    return validate(path)


def findings(report, rule: str, severity: str | None = None) -> list:
    return [f for f in report.findings if str(f.rule) == rule
            and (severity is None or f.severity == severity)]


# -- levels -----------------------------------------------------------------------------------

def test_a_bank_with_a_declared_level_is_refused_and_without_one_accepted(tmp_path):
    bank = """s:banque a pp:Structure ; rdfs:label "Banque test"@fr ; pp:typeStructure type:banque ;
        pp:departement dep:33 {level} .
    <urn:o> a pp:OffreDeService ; pp:proposePar s:banque ; pp:service service:montage-financier {offer} ."""
    report = check(tmp_path, bank.format(level="; pp:niveauAccompagnement niveau:guichet-unique",
                                         offer=""))
    assert not report.conforms
    [f] = findings(report, "Niveau sans objet")
    assert f.severity == "violation" and f.focus == URIRef(str(PP).replace("def#", "id/structure/banque"))
    assert "laissez vide son niveau" in str(f.message)
    assert "leave its level of support empty" in f.message.in_language("en")
    report = check(tmp_path, bank.format(level="", offer=""))
    assert report.conforms, [(f.rule, f.message) for f in report.findings]
    # Its offer has no level either: with one, it is refused.
    report = check(tmp_path, bank.format(level="", offer="; pp:niveau niveau:suivi-precis"))
    assert [f.focus for f in findings(report, "Niveau sans objet")] == [URIRef("urn:o")]
    # The Région and the CRT too; the rule reads the référentiel (a broader type counts).
    region = """s:r a pp:Structure ; rdfs:label "Région test"@fr ;
        pp:typeStructure <https://w3id.org/ppgraph/ref/type-structure/region> ;
        pp:departement dep:33 ; pp:niveauAccompagnement niveau:aucun ."""
    assert findings(check(tmp_path, region), "Niveau sans objet")


def test_an_offer_or_an_accompaniment_at_level_aucun_is_refused(tmp_path):
    report = check(tmp_path, """
    <urn:o> a pp:OffreDeService ; pp:proposePar s:ot ; pp:service service:orientation ;
        pp:niveau niveau:aucun .""")
    [f] = findings(report, "Offre à un niveau d'accompagnement")
    assert f.severity == "violation" and "« Aucun accompagnement »" in str(f.message)
    report = check(tmp_path, """
    <urn:p> a pp:PorteurDeProjet ; pp:naturePorteur nature:personne .
    """ + PROJECT.format(type="initial") + """
    <urn:a> a pp:Accompagnement ; pp:parStructure s:ot ; pp:projet <urn:pj> ;
        pp:niveau niveau:aucun ; pp:etape <https://w3id.org/ppgraph/ref/etape/idee> ;
        pp:dateDebut "2025-01-06"^^xsd:date .""")
    [f] = findings(report, "Accompagnement à un niveau d'accompagnement")
    assert f.severity == "violation"


def test_a_guichet_unique_accompaniment_that_follows_the_project_is_a_warning(tmp_path):
    holder = """<urn:p> a pp:PorteurDeProjet ; pp:naturePorteur nature:personne .
    """ + PROJECT.format(type="initial")
    long = """<urn:a> a pp:Accompagnement ; pp:parStructure s:ot ; pp:projet <urn:pj> ;
        pp:niveau niveau:guichet-unique ; pp:etape <https://w3id.org/ppgraph/ref/etape/idee> ;
        pp:service service:{service} ; pp:dateDebut "2025-01-06"^^xsd:date ;
        pp:dateFin "{fin}"^^xsd:date ."""
    report = check(tmp_path, holder + long.format(service="suivi-projet", fin="2025-04-30"))
    assert report.conforms  # warnings do not refuse the submission
    [duree] = findings(report, "Guichet unique court", "avertissement")
    assert "plus de 60 jours" in str(duree.message) and duree.value == "2025-04-30"
    [services] = findings(report, "Services du guichet unique", "avertissement")
    assert services.value == "Suivi de projet"
    # 60 days exactly, welcome and orientation only: nothing to say.
    report = check(tmp_path, holder + long.format(service="orientation", fin="2025-03-07"))
    assert not findings(report, "Guichet unique court") + findings(report, "Services du guichet unique")
    report = check(tmp_path, holder + long.format(service="orientation", fin="2025-03-08"))
    assert findings(report, "Guichet unique court")


# -- the guichet unique, a territorial role -------------------------------------------------

def test_the_guichet_unique_question_finds_an_epci_with_none_and_one_with_two():
    code = "23"
    epcis = sorted(p.iri for p in territories().of_kind("epci") if code in p.departements)
    assert len(epcis) >= 3
    none, two = epcis[0], epcis[1]
    g = Graph()
    dep = URIRef(f"https://w3id.org/ppgraph/territoire/departement/{code}")
    g.add((URIRef("https://w3id.org/ppgraph/id/soumission/t"), PP.departement, dep))
    g.add((URIRef("https://w3id.org/ppgraph/id/soumission/t"), URIRef(str(PP.Soumission).replace(
        "def#Soumission", "def#Soumission")), Literal("x")))
    g.parse(data=f"""@prefix pp: <https://w3id.org/ppgraph/def#> .
    <https://w3id.org/ppgraph/id/soumission/t> a pp:Soumission .""", format="turtle")
    for i, e in enumerate(epcis):
        if e == none:
            continue
        for k in range(2 if e == two else 1):
            s = URIRef(f"https://w3id.org/ppgraph/id/structure/{code}-S-{i}-{k}")
            g.parse(data=f"""@prefix pp: <https://w3id.org/ppgraph/def#> .
            <{s}> a pp:Structure ; <http://www.w3.org/2000/01/rdf-schema#label> "Structure {i}-{k}"@fr ;
                pp:departement <{dep}> ; pp:guichetUniquePour <{e}> .""", format="turtle")
    store = Store()
    load_reference_data(store)
    store.replace_graph(submission_graph(code), g)
    answer = ask_question(store, "guichet-unique", {"departement": code})
    got = {(str(r["epci"]), int(r["nombre"])): r for r in answer.rows}
    assert set(got) == {(str(none), 0), (str(two), 2)}
    row = got[(str(two), 2)]
    assert sorted(str(row["structures"]).split(", ")) == ["Structure 1-0", "Structure 1-1"]
    assert str(row["situation"]) == "plusieurs guichets uniques"
    assert str(got[(str(none), 0)]["situation"]) == "aucun guichet unique"
    english = ask_question(store, "guichet-unique", {"departement": code}, lang="en")
    assert {str(r["situation"]) for r in english.rows} == {"no single entry point",
                                                            "several single entry points"}


def test_the_demo_has_one_guichet_unique_per_epci_but_for_the_planted_gaps_and_overlaps(built_demo):
    net = generate_network()
    with Store(built_demo.store_path, read_only=True) as store:
        answer = ask_question(store, "guichet-unique")
    found = {(str(r["departement"]).rsplit("/", 1)[1], str(r["epci"])): int(r["nombre"])
             for r in answer.rows}
    planted = {(d, str(e)): 0 for d, e in net.planted["manques"]}
    planted.update({(d, str(e)): 2 for d, e in net.planted["doublons"]})
    assert len(net.planted["manques"]) == 3 and len(net.planted["doublons"]) == 3
    assert found == planted
    # The demo's README names them.
    readme = (Path(__file__).parent.parent / "data" / "demo" / "README.md").read_text("utf-8")
    for d, e in [*net.planted["manques"], *net.planted["doublons"]]:
        assert territories().place(e).label in readme


def test_the_qui_fait_quoi_page_shows_guichets_antennas_and_the_shared_adt(built_demo):
    site = built_demo.site_index.parent
    page16 = (site / "qui-fait-quoi-16.html").read_text(encoding="utf-8")
    page17 = (site / "qui-fait-quoi-17.html").read_text(encoding="utf-8")
    for page in (page16, page17):  # the ADT shared by Charente and Charente-Maritime
        assert "Agence fictive des Charentes" in page
        assert "Guichet unique pour" in page and 'id="guichets"' in page
    assert any("Bureaux d&#39;information (antennes)" in (site / f"qui-fait-quoi-{c}.html")
               .read_text(encoding="utf-8") for c in ("16", "17", "24", "33"))
    gaps = (site / "qui-fait-quoi-24.html").read_text(encoding="utf-8")
    assert "aucun guichet unique" in gaps


def test_a_shared_adt_counts_in_both_departements():
    store = Store()
    load_reference_data(store)
    demo = Path(__file__).parent.parent / "data" / "demo"
    for code in ("16", "17"):
        store.replace_graph(submission_graph(code), demo / f"soumission-{code}.ttl")
    adt = URIRef("https://w3id.org/ppgraph/id/structure/16-ADT")
    for code in ("16", "17"):
        answer = ask_question(store, "qui-fait-quoi", {"departement": code})
        assert adt in {r["structure"] for r in answer.rows}, code
    levels = ask_question(store, "niveaux")
    total = {str(r["departement"]).rsplit("/", 1)[1]: 0 for r in levels.rows}
    for r in levels.rows:
        total[str(r["departement"]).rsplit("/", 1)[1]] += int(r["structures"])
    g16 = Graph().parse(demo / "soumission-16.ttl")
    g17 = Graph().parse(demo / "soumission-17.ttl")
    assert total["17"] == len(set(g17.subjects(PP.typeStructure, None))) + 1
    assert total["16"] == len(set(g16.subjects(PP.typeStructure, None)))


def test_a_programme_is_carried_by_a_pays_or_a_park_only(tmp_path):
    report = check(tmp_path, """s:ot pp:porteLeProgramme <https://w3id.org/ppgraph/ref/programme/leader> .""")
    assert findings(report, "Programme porté par un pays, un PETR ou un parc")
    report = check(tmp_path, """s:petr a pp:Structure ; rdfs:label "PETR test"@fr ;
        pp:typeStructure <https://w3id.org/ppgraph/ref/type-structure/pays-petr> ;
        pp:departement dep:33 ; pp:porteLeProgramme <https://w3id.org/ppgraph/ref/programme/leader> .""")
    assert report.conforms, [(f.rule, f.message) for f in report.findings]


# -- holders and projects -----------------------------------------------------------------------

def test_a_holder_may_be_a_company_named_by_its_business_name(tmp_path):
    company = """<urn:p> a pp:PorteurDeProjet ; pp:naturePorteur nature:entreprise {name} .
    """ + PROJECT.format(type="initial")
    report = check(tmp_path, company.format(name='; pp:raisonSociale "SARL Test"'))
    assert report.conforms and not report.findings, [(f.rule, f.message) for f in report.findings]
    report = check(tmp_path, company.format(name=""))
    [f] = findings(report, "Porteur nommé selon sa nature", "avertissement")
    assert "raison sociale" in str(f.message)
    # A business name is not personal data; a project's title is.
    from ppgraph.reference import personal_properties
    assert PP.raisonSociale not in personal_properties()
    assert PP.intituleProjet in personal_properties() and PP.intitule not in personal_properties()


def test_a_deja_installe_holder_is_linked_to_their_prestataire(tmp_path):
    holder = """<urn:p> a pp:PorteurDeProjet ; pp:naturePorteur nature:entreprise ;
        pp:raisonSociale "SARL Test" {link} .
    <urn:pr> a pp:Prestataire ; pp:raisonSociale "Hôtel test" ; pp:departement dep:33 .
    """ + PROJECT.format(type="deja-installe")
    report = check(tmp_path, holder.format(link="; pp:exploite <urn:pr>"))
    assert report.conforms and not report.findings, [(f.rule, f.message) for f in report.findings]
    report = check(tmp_path, holder.format(link=""))
    [f] = findings(report, "Porteur déjà installé relié à son prestataire", "avertissement")
    assert f.focus == URIRef("urn:pj")
    # The type of holder belongs to the project: a holder's second project does not
    # rewrite the first one.
    from ppgraph.resources import ontology_graph
    from rdflib import RDFS
    assert ontology_graph().value(PP.typePorteur, RDFS.domain) == PP.Projet


def test_the_demo_holders_are_persons_or_organisations_and_deja_installe_ones_run_a_business():
    g = Graph()
    demo = Path(__file__).parent.parent / "data" / "demo"
    for f in sorted(demo.glob("soumission-*.ttl")):
        g.parse(f)
    natures = {str(o).rsplit("/", 1)[1] for o in g.objects(None, PP.naturePorteur)}
    assert {"personne", "entreprise", "exploitation-agricole", "association", "collectivite"} == natures
    installed = REF["type-porteur/deja-installe"]
    for projet in g.subjects(PP.typePorteur, installed):
        porteur = g.value(projet, PP.porteur)
        [prestataire] = list(g.objects(porteur, PP.exploite))
        assert g.value(prestataire, PP.issuDuProjet) is None  # an existing business
        assert not list(g.subjects(PP.issuDuProjet, projet))


# -- public titles --------------------------------------------------------------------------

def test_the_exported_gironde_workbook_validates(built_demo, tmp_path):
    out = tmp_path / "gironde.xlsx"
    with Store(built_demo.store_path, read_only=True) as store:
        export_submission(store, out, departement="33")
        report = validate(out, store=store, departement="33")
    assert report.conforms, [(f.rule, str(f.message), f.cell) for f in report.findings
                             if f.severity == "violation"]
    # Sessions name their course of the catalogue; project titles stay empty.
    import openpyxl
    wb = openpyxl.load_workbook(out)
    courses = [r[1] for r in wb["Sessions de formation"].iter_rows(min_row=3, values_only=True)]
    assert courses and all(courses)
    header = [c.value for c in wb["Projets"][1]]
    col = next(i for i, h in enumerate(header) if str(h).startswith("Intitulé"))
    assert not [r[col] for r in wb["Projets"].iter_rows(min_row=3, values_only=True) if r[col]]


# -- the model's version ----------------------------------------------------------------------

def _old_store(path: Path) -> Path:
    """A store as version 0.1.0 built it: its ontology says owl:versionInfo "0.1.0" and has
    no pp:versionModele."""
    with Store(path) as store:
        load_reference_data(store)
        store.update(f"""PREFIX owl: <http://www.w3.org/2002/07/owl#>
            DELETE WHERE {{ GRAPH <{GRAPH_ONTOLOGY}> {{ <https://w3id.org/ppgraph/def> <{PP.versionModele}> ?v }} }} ;
            DELETE WHERE {{ GRAPH <{GRAPH_ONTOLOGY}> {{ <https://w3id.org/ppgraph/def> owl:versionInfo ?v }} }} ;
            INSERT DATA {{ GRAPH <{GRAPH_ONTOLOGY}> {{ <https://w3id.org/ppgraph/def> owl:versionInfo "0.1.0" }} }}""")
    return path


def test_a_store_of_another_model_version_is_refused_with_what_to_do(tmp_path):
    assert model_version() == "0.5.0"
    old = _old_store(tmp_path / "ancien")
    with pytest.raises(StoreError) as caught:
        open_store(old, read_only=True)
    text = str(caught.value)
    assert "version 0.1.0 du modèle" in text and "version 0.5.0" in text
    assert "ppgraph demo" in text and "nouveau magasin" in text
    assert "version 0.1.0 of the model" in caught.value.message("en")
    r = CliRunner().invoke(cli.main, ["--store", str(old), "info"])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "construit avec la version 0.1.0 du modèle" in r.output
    r = CliRunner().invoke(cli.main, ["--lang", "en", "--store", str(old), "query", "niveaux"])
    assert r.exit_code == 2 and "built with version 0.1.0 of the model" in r.output
    # A new store, and one of this version, open.
    with open_store(tmp_path / "neuf") as store:
        check_model_version(store)
        load_reference_data(store)
    with open_store(tmp_path / "neuf", read_only=True) as store:
        assert store.count(GRAPH_ONTOLOGY) > 0


def test_the_model_version_is_said_once_and_follows_owl_version_info():
    from rdflib import OWL
    from ppgraph.resources import ontology_graph
    onto = URIRef("https://w3id.org/ppgraph/def")
    assert str(ontology_graph().value(onto, OWL.versionInfo)) == model_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", model_version())


def test_the_demo_workbooks_that_are_submitted_raise_no_warning(built_demo):
    """The generator follows the model: short guichet-unique accompaniments limited to
    welcome and orientation, no level where the type does not accompany, every déjà-installé
    holder linked to their business, every organisation named. Only the faulty update of the
    Dordogne is refused (and its extra column is its one warning)."""
    accepted = [p for p in built_demo.reports if p.report.conforms]
    assert len(accepted) == 13
    for published in accepted:
        assert published.report.counts == {"violation": 0, "avertissement": 0, "information": 0}, \
            (published.title, [(str(f.rule), f.value) for f in published.report.findings])

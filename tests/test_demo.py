"""The demo (ppgraph.demo): the generator, its data files, the committed data/demo files,
the command that regenerates them and the build of the demo store and site."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime

import pytest
from click.testing import CliRunner
from filelock import FileLock
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

import cli
from ppgraph import demo
from ppgraph.demo import DEFAULT_DEPARTEMENTS, REFERENCE_DATE, generate_network, write_submissions
from ppgraph.demo.material import generator_material, workbook_material
from ppgraph.errors import InputError, StoreLockedError
from ppgraph.namespaces import PP, REF, TERRITOIRE, concept_iri
from ppgraph.resources import (demo_dir, graph, referentiel_graph, resource_dir, territory_files,
                               triples)

SP = concept_iri("niveau", "suivi-precis")
AUCUN = concept_iri("niveau", "aucun")
REGENERATE = "ppgraph demo generer --seed 2019 -o data/demo"


@pytest.fixture(scope="module")
def net():
    return generate_network()


@pytest.fixture(scope="module")
def union(net):
    g = Graph()
    for sub in net.submissions.values():
        for t in sub:
            g.add(t)
    return g


@pytest.fixture(scope="module")
def referentiel():
    return graph("referentiel")


@pytest.fixture(scope="module")
def territory_iris():
    """IRIs of every territory described in data/territoires, read from the files themselves."""
    return {URIRef(s) for s, p, _, _ in triples(territory_files()) if p == str(RDF.type)}


def _rank(referentiel: Graph, concept: URIRef) -> int:
    value = referentiel.value(concept, PP.rang)
    assert value is not None, f"{concept} n'a pas de pp:rang"
    return int(value)


# -- determinism ------------------------------------------------------------------


def test_default_departements_and_one_submission_each(net):
    assert sorted(net.submissions) == sorted(DEFAULT_DEPARTEMENTS)
    for code, g in net.submissions.items():
        assert net.counts[code]["Soumission"] == 1
        s = URIRef(f"https://w3id.org/ppgraph/id/soumission/demo-{code}")
        assert (s, PP.donneesFictives, Literal(True)) in g
        assert (s, PP.departement, TERRITOIRE[f"departement/{code}"]) in g


def test_same_seed_gives_isomorphic_graphs(net):
    again = generate_network(seed=2019)
    assert sorted(again.submissions) == sorted(net.submissions)
    for code in net.submissions:
        assert isomorphic(net.submissions[code], again.submissions[code]), code
    assert again.counts == net.counts


def test_different_seed_gives_different_graphs():
    a = generate_network(seed=2019, scale=0.3, departements=["23", "87"])
    b = generate_network(seed=2020, scale=0.3, departements=["23", "87"])
    assert not all(isomorphic(a.submissions[c], b.submissions[c]) for c in a.submissions)


def test_committed_files_are_the_generated_network(net):
    files = sorted(demo_dir().glob("soumission-*.ttl"))
    assert [f.name for f in files] == [f"soumission-{c}.ttl" for c in sorted(DEFAULT_DEPARTEMENTS)]
    for f in files:
        code = f.stem.split("-", 1)[1]
        committed = Graph().parse(f, format="turtle")
        assert isomorphic(committed, net.submissions[code]), (
            f"{f.name} ne correspond plus à generate_network() : "
            f"régénérer avec « {REGENERATE} »")


def test_written_bytes_are_stable(net, tmp_path):
    paths = write_submissions(net, tmp_path)
    assert [p.name for p in paths] == [f"soumission-{c}.ttl" for c in sorted(net.submissions)]
    for p in paths:
        committed = demo_dir() / p.name
        assert p.read_bytes() == committed.read_bytes(), p.name
    text = paths[0].read_text(encoding="utf-8")
    assert text.startswith("# Soumission fictive de démonstration")
    assert "generate_network(seed=2019" in text
    for prefix in ("pp", "ref", "territoire", "id", "rdfs", "xsd", "dcterms"):
        assert f"@prefix {prefix}: <" in text


def test_readme_is_committed():
    text = (demo_dir() / "README.md").read_text(encoding="utf-8")
    assert "fictif" in text.lower()
    assert REGENERATE in text


# -- sizes ----------------------------------------------------------------------


def _count_type(union: Graph, slug: str) -> int:
    return len(set(union.subjects(PP.typeStructure, concept_iri("type-structure", slug))))


def test_totals_are_in_range(net, union):
    assert 130 <= _count_type(union, "ot") <= 170
    assert 5 <= _count_type(union, "pat") <= 15
    # One ADT shared by Charente and Charente-Maritime (16 and 17): 11 for 12 départements.
    assert _count_type(union, "adt") == 11
    assert 5 <= _count_type(union, "pays-petr") <= 12
    for slug in ("cci", "cma", "chambre-agriculture", "departement", "pret-honneur"):
        assert _count_type(union, slug) == 12, slug
    assert 2 <= _count_type(union, "banque") <= 3
    for slug in ("crt", "reseau-regional", "region"):
        assert _count_type(union, slug) == 1, slug
    assert _count_type(union, "reseau-label") == 2
    assert 250 <= net.total("Technicien") <= 350
    assert 550 <= net.total("PorteurDeProjet") <= 650
    assert net.total("Projet") == net.total("PorteurDeProjet")
    assert 700 <= net.total("Accompagnement") <= 900
    assert 330 <= net.total("Orientation") <= 480
    # Passés presta, and the providers that déjà-installé holders run (one each).
    passes = set(union.subjects(PP.issuDuProjet, None))
    run = set(union.objects(None, PP.exploite))
    assert 90 <= len(passes) <= 160 and 200 <= len(run) <= 290 and not passes & run
    assert net.total("Prestataire") == len(passes) + len(run)
    assert 15 <= net.total("Candidature") <= 25
    assert net.total("Formation") == 0  # the catalogue is in the référentiel
    assert 15 <= net.total("SessionDeFormation") <= 30
    assert 100 <= net.total("ParticipationFormation") <= 300
    assert net.total("OutilCommun") == 1
    assert 3 <= net.total("VersionTerritoriale") <= 6
    # One working group and its two geographical sub-groups (issue 13).
    assert net.total("GroupeDeTravail") == 3
    assert len(set(union.subjects(PP.sousGroupeDe, None))) == 2
    n_sp = len(set(union.subjects(PP.niveauAccompagnement, SP)))
    assert 30 <= n_sp <= 45


def test_counts_match_graphs(net):
    for code, g in net.submissions.items():
        for cls, n in net.counts[code].items():
            assert len(set(g.subjects(RDF.type, PP[cls]))) == n, (code, cls)


def test_half_scale_gives_about_half_the_porteurs():
    half = generate_network(scale=0.5)
    assert 270 <= half.total("PorteurDeProjet") <= 330
    assert sorted(half.submissions) == sorted(DEFAULT_DEPARTEMENTS)


def test_departement_without_communes_uses_itself():
    small = generate_network(scale=0.1, departements=["75"])
    g = small.submissions["75"]
    paris = TERRITOIRE["departement/75"]
    assert set(g.objects(None, PP.localisation)) == {paris}
    assert not list(g.subject_objects(PP.siege))
    assert small.total("Structure") > 0


def test_unknown_departement_is_refused_with_a_message_in_each_language():
    with pytest.raises(InputError) as err:
        generate_network(departements=["99", "23"])
    assert str(err.value) == "département inconnu : 99"
    assert err.value.message("en") == "unknown département: 99"
    with pytest.raises(InputError, match="strictement positive"):
        generate_network(scale=0)


def _generer(*args):
    return CliRunner().invoke(cli.main, ["demo", "generer", *args])


def test_ppgraph_demo_generer_writes_the_files_and_says_so(tmp_path):
    r = _generer("--seed", "3", "--scale", "0.2", "--departements", "23,87", "-o", str(tmp_path))
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "README.md", "classeurs", "soumission-23.ttl", "soumission-87.ttl"]
    Graph().parse(tmp_path / "soumission-23.ttl", format="turtle")
    # One workbook per département, and the clean update of the Creuse.
    assert sorted(p.name for p in (tmp_path / "classeurs").iterdir()) == [
        "mise-a-jour-23.xlsx", "soumission-23.xlsx", "soumission-87.xlsx"]
    assert f"2 soumissions fictives écrites dans {tmp_path} (" in r.output
    assert f"3 classeurs écrits dans {tmp_path / 'classeurs'}" in r.output
    assert "--seed 3 --scale 0.2" in (tmp_path / "soumission-87.ttl").read_text(encoding="utf-8")
    r = CliRunner().invoke(cli.main, ["--lang", "en", "demo", "generer", "--scale", "0.2",
                                      "--departements", "87", "--sans-classeurs",
                                      "-o", str(tmp_path / "b")])
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "b" / "classeurs").exists()
    assert f"1 fictitious submission written to {tmp_path / 'b'} (" in r.output
    assert "classeur" not in r.output and "écrit" not in r.output


def test_ppgraph_demo_generer_refuses_an_unknown_departement_in_one_line(tmp_path):
    r = _generer("--departements", "23,99", "-o", str(tmp_path))
    assert r.exit_code == 2
    assert "département inconnu : 99" in r.output and "Traceback" not in r.output
    assert not list(tmp_path.iterdir())


def test_ppgraph_demo_is_a_group_that_still_builds_and_offers_generer():
    r = CliRunner().invoke(cli.main, ["demo", "--help"])
    assert r.exit_code == 0 and "generer" in r.output and "-o, --output DOSSIER" in r.output
    r = CliRunner().invoke(cli.main, ["demo", "generer", "--help"])
    assert r.exit_code == 0 and "Exemple" in r.output and "--sans-classeurs" in r.output


def test_every_demo_message_exists_in_french_and_english():
    from pathlib import Path

    from ppgraph.i18n import catalogue

    fr, en = catalogue("fr"), catalogue("en")
    keys = {k for k in fr.keys_flat() if k.startswith("demo.")}
    assert keys == {k for k in en.keys_flat() if k.startswith("demo.")}
    used = set()
    for module in Path(demo.__file__).parent.glob("*.py"):
        used |= set(re.findall(r'"(demo\.[a-z_.]+)"', module.read_text(encoding="utf-8")))
    assert used and used <= keys, used - keys


def test_progress_is_called_as_many_times_as_announced(tmp_path):
    steps = []
    demo.write_demo_folder(tmp_path, scale=0.2, departements=["23", "87"], progress=steps.append)
    # generation, 2 Turtle files, README.md, 2 workbooks and the Creuse's update
    assert len(steps) == demo.generation_steps(["23", "87"]) == 7
    steps.clear()
    demo.write_demo_folder(tmp_path / "b", scale=0.2, departements=["87"], workbooks=False,
                           progress=steps.append)
    assert len(steps) == demo.generation_steps(["87"], workbooks=False) == 3


def test_too_small_a_dordogne_cannot_receive_the_planted_mistakes(tmp_path):
    small = generate_network(scale=0.2, departements=[demo.FAULTY_UPDATE])
    with pytest.raises(InputError, match="n'a pas de ligne 24-OT-005"):
        demo.write_workbooks(small, tmp_path)


# -- the data files drive the generator -------------------------------------------------

def test_names_come_from_the_data_file(union):
    m = generator_material()
    first_names = set(m.words["prenoms"])
    assert {str(o) for o in union.objects(None, PP.prenom)} <= first_names
    businesses = tuple(m.projects["enseignes"].values())
    names = {str(o) for s, o in union.subject_objects(PP.raisonSociale)
             if (s, RDF.type, PP.Prestataire) in union}
    assert names and all(n.startswith(businesses) for n in names)
    # A holder that is an organisation has a business name from the data file, not a name.
    patterns = m.holders["raisons_sociales"]
    for p in union.subjects(RDF.type, PP.PorteurDeProjet):
        nature = str(union.value(p, PP.naturePorteur)).rsplit("/", 1)[1]
        if nature != "personne":
            prefix = patterns[nature].split("{")[0]
            assert str(union.value(p, PP.raisonSociale)).startswith(prefix), p
            assert union.value(p, PP.nomPersonne) is None
    places = {n.split(" des ", 1)[1] for n in names}
    assert places <= set(m.words["lieux"])
    # Sessions are of courses of the référentiel's catalogue.
    catalogue = set(referentiel_graph().subjects(SKOS.inScheme, REF["formation"]))
    courses = set(union.objects(None, PP.sessionDe))
    assert courses and courses <= catalogue


def test_the_planted_training_gap_is_the_data_files(union):
    """The competences the data file calls rare are the ones hardly anybody masters."""
    counts: dict[str, int] = {}
    for c in union.objects(None, PP.competence):
        slug = str(c).rsplit("/", 1)[1]
        counts[slug] = counts.get(slug, 0) + 1
    n_tech = len(set(union.subjects(RDF.type, PP.Technicien)))
    for slug in generator_material().rare_competences:
        assert counts.get(slug, 0) <= 0.1 * n_tech, slug
    assert max(counts.values()) > 0.3 * n_tech


def test_agents_assess_detailed_competences_and_date_it(union):
    """No grouping « domaine » is ever assessed; every self-assessment is dated, before the
    demo's reference date."""
    domains = set(referentiel_graph().subjects(PP.regroupement, Literal(True)))
    assert len(domains) == 3
    assert not domains & set(union.objects(None, PP.competence))
    for m in set(union.subjects(RDF.type, PP.MaitriseCompetence)):
        when = union.value(m, PP.dateEvaluation).toPython()
        assert date(2024, 1, 1) <= when <= REFERENCE_DATE, m


def test_registrations_respect_the_places_and_upcoming_sessions_are_not_completed(union):
    taken: dict[URIRef, int] = {}
    for p in set(union.subjects(RDF.type, PP.ParticipationFormation)):
        session = union.value(p, PP.session)
        taken[session] = taken.get(session, 0) + 1
        if union.value(session, PP.dateDebut).toPython() > REFERENCE_DATE:
            assert union.value(p, PP.terminee).toPython() is False, p
    for session, n in taken.items():
        assert n <= union.value(session, PP.nombrePlaces).toPython(), session
    upcoming = [s for s in set(union.subjects(RDF.type, PP.SessionDeFormation))
                if union.value(s, PP.dateDebut).toPython() > REFERENCE_DATE]
    full = [s for s in upcoming if taken.get(s, 0) == union.value(s, PP.nombrePlaces).toPython()]
    assert upcoming and len(full) == 1


def test_every_project_type_and_porteur_type_of_the_referentiel_is_drawn(union, referentiel):
    """The generator reads the référentiel itself (no copy of its lists in the code, which
    drifted: « conciergerie » and « cession » were missing from it)."""
    for scheme, prop in (("type-projet", PP.typeProjet), ("type-porteur", PP.typePorteur)):
        listed = {c for c in referentiel.subjects(SKOS.inScheme, REF[scheme])}
        assert listed and listed == set(union.objects(None, prop)), scheme


def test_the_planted_mistakes_are_the_data_files():
    mistakes = workbook_material().mistakes
    assert mistakes[0]["valeur"] == "Guichet unque"
    assert {m["feuille"] for m in mistakes} >= {"Structures", "Projets", "Orientations"}


# -- the demo goes through the submission path -------------------------------------------

def test_demo_submits_every_workbook_and_refuses_the_faulty_update(built_demo):
    from ppgraph.namespaces import submission_graph
    from ppgraph.store import Store
    from ppgraph.submission import history

    reports = built_demo.reports
    assert len(reports) == len(DEFAULT_DEPARTEMENTS) + 2
    assert built_demo.refused == [f"mise-a-jour-{demo.FAULTY_UPDATE}.xlsx"]
    assert all(r.report.conforms for r in reports[:-1]) and not reports[-1].report.conforms
    net = generate_network()
    with Store(built_demo.store_path, read_only=True) as store:
        versions = history(store)
        faulty = store.get_graph(submission_graph(demo.FAULTY_UPDATE))
        clean = store.get_graph(submission_graph(demo.CLEAN_UPDATE))
    numbers = {}
    for v in versions:
        numbers.setdefault(str(v.target).rsplit("/", 1)[1], []).append(v.number)
    assert numbers[demo.CLEAN_UPDATE] == [1, 2]
    assert numbers[demo.FAULTY_UPDATE] == [1]  # the store kept the first version
    assert all(numbers[c] == [1] for c in DEFAULT_DEPARTEMENTS if c != demo.CLEAN_UPDATE)
    assert isomorphic(faulty, net.submissions[demo.FAULTY_UPDATE])
    assert isomorphic(clean, demo.demo_update(net, demo.CLEAN_UPDATE))
    assert {v.by for v in versions} == {demo.DEMO_SUBMITTER}


def test_the_faulty_update_carries_the_realistic_mistakes(built_demo):
    report = built_demo.reports[-1].report
    violations = {f.rule for f in report.findings if f.severity == "violation"}
    assert violations == {"Niveau d'accompagnement", "Type de structure", "Nom", "Courriel",
                          "Date du premier contact", "Commune du projet", "Orienté vers",
                          "Identifiant unique", "Début avant la fin"}
    assert [f.rule for f in report.findings if f.severity == "avertissement"] == ["Colonne inconnue"]
    found = {f.rule: f for f in report.findings}
    assert str(found["Niveau d'accompagnement"].suggestion) == "« Guichet unique »"
    assert str(found["Commune du projet"].suggestion) == "« Périgueux (24322) »"
    assert str(found["Orienté vers"].suggestion) == f"« {demo.FAULTY_UPDATE}-CCI »"
    # What a person types differently but correctly is accepted: no finding on those cells.
    assert not [f for f in report.findings if f.record and f.record.identifier in
                (f"{demo.FAULTY_UPDATE}-OT-002", f"{demo.FAULTY_UPDATE}-PJ-0008",
                 f"{demo.FAULTY_UPDATE}-OR-0002")]


def test_the_build_report_in_each_language(built_demo):
    french = built_demo.report()
    assert french.splitlines()[0].startswith(f"Magasin : {built_demo.store_path} (")
    assert "13 classeurs versés, 1 refusé (mise-a-jour-24.xlsx)" in french
    english = built_demo.report("en")
    assert english.splitlines()[0].startswith(f"Store: {built_demo.store_path} (")
    assert "13 workbooks submitted, 1 refused (mise-a-jour-24.xlsx)" in english
    assert not re.search("Magasin|classeurs|versés|refusé|Ouvrez", english)


def test_a_second_build_in_the_same_folder_is_refused_while_the_first_runs(tmp_path):
    out = tmp_path / "d"
    out.mkdir()
    with FileLock(out / demo.build.LOCK_FILE, timeout=0):
        with pytest.raises(StoreLockedError) as err:
            demo.build_demo(out)
    assert "en cours" in str(err.value) and "is running" in err.value.message("en")
    assert not (out / "store").exists()


def test_importing_ppgraph_needs_no_posix_only_module():
    """fcntl exists only on POSIX: the demo's lock must not need it to import."""
    code = ("import sys; sys.modules['fcntl'] = None\n"
            "import warnings; warnings.simplefilter('ignore')\n"
            "import ppgraph, ppgraph.demo; print(ppgraph.demo.build_demo.__name__)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=resource_dir("data").parent)
    assert r.returncode == 0 and r.stdout.strip() == "build_demo", r.stderr


def test_the_demo_site_publishes_the_validation_reports(built_demo):
    site = built_demo.site_index.parent
    page = (site / "validation.html").read_text(encoding="utf-8")
    assert page.count('data-conforme="oui"') == len(DEFAULT_DEPARTEMENTS) + 1
    assert page.count('data-conforme="non"') == 1
    assert "refusée : le graphe garde la version 1" in page
    assert 'href="validation.html"' in (site / "index.html").read_text(encoding="utf-8")
    refused = (site / "validation" / f"mise-a-jour-{demo.FAULTY_UPDATE}.html").read_text(encoding="utf-8")
    assert "Guichet unque" in refused and "vouliez-vous dire « Guichet unique »" in refused
    # Published: the e-mail typed wrong by the person is personal data, hidden.
    assert "camille.fictif@example" not in refused and "donnée personnelle masquée" in refused
    assert 'href="../validation.html"' in refused and 'href="../style.css"' in refused


# -- coherence ---------------------------------------------------------------------


def test_every_suivi_precis_structure_has_a_technicien(union):
    employers = set(union.objects(None, PP.employePar))
    for s in set(union.subjects(PP.niveauAccompagnement, SP)):
        assert s in employers, s


def test_niveaux_are_uneven_between_departements(net):
    shares = {}
    for code, g in net.submissions.items():
        structures = set(g.subjects(RDF.type, PP.Structure))
        sp = set(g.subjects(PP.niveauAccompagnement, SP)) & structures
        shares[code] = len(sp) / len(structures)
    assert max(shares.values()) - min(shares.values()) >= 0.20, shares


def test_most_offices_are_guichet_unique(union):
    ots = set(union.subjects(PP.typeStructure, concept_iri("type-structure", "ot")))
    gu = set(union.subjects(PP.niveauAccompagnement, concept_iri("niveau", "guichet-unique")))
    aucun = set(union.subjects(PP.niveauAccompagnement, AUCUN))
    assert len(ots & gu) > len(ots) / 2
    assert ots & aucun


def test_orientation_targets_exist(net, union):
    structures = set(union.subjects(RDF.type, PP.Structure))
    cross = 0
    for code, g in net.submissions.items():
        for o in g.subjects(RDF.type, PP.Orientation):
            target = g.value(o, PP.versStructure)
            assert target in structures, target
            assert g.value(o, PP.depuisStructure) in structures
            if union.value(target, PP.departement) != TERRITOIRE[f"departement/{code}"]:
                cross += 1
    total = len(set(union.subjects(RDF.type, PP.Orientation)))
    assert 0.03 * total <= cross <= 0.2 * total


def test_every_object_reference_resolves(union):
    """Structures, projects, technicians, trainings... pointed to are described somewhere."""
    for p in (PP.parStructure, PP.projet, PP.porteur, PP.issuDuProjet, PP.employePar,
              PP.technicienReferent, PP.candidat, PP.proposePar, PP.membreDuReseau,
              PP.partenaireDe, PP.participant, PP.session, PP.groupe, PP.membreDuGroupe, PP.animePar,
              PP.versionDe, PP.porteePar, PP.maitrise):
        for o in set(union.objects(None, p)):
            assert (o, RDF.type, None) in union, (p, o)


def test_accompaniments_are_coherent(net, union, referentiel):
    for code, g in net.submissions.items():
        for a in g.subjects(RDF.type, PP.Accompagnement):
            s = g.value(a, PP.parStructure)
            assert (s, PP.departement, TERRITOIRE[f"departement/{code}"]) in g
            assert _rank(referentiel, g.value(a, PP.niveau)) <= \
                _rank(referentiel, g.value(s, PP.niveauAccompagnement))
            assert g.value(a, PP.niveau) != AUCUN
            assert 1 <= len(list(g.objects(a, PP.etape))) <= 3
            assert 1 <= len(list(g.objects(a, PP.service))) <= 3
            ref = g.value(a, PP.technicienReferent)
            if ref is not None:
                assert (ref, PP.employePar, s) in g
            elif list(union.subjects(PP.employePar, s)):
                pytest.fail(f"{a} : la structure a des techniciens mais pas de référent")


def test_offers_are_coherent(union, referentiel):
    for s in set(union.subjects(RDF.type, PP.Structure)):
        offers = list(union.subjects(PP.proposePar, s))
        niveau = union.value(s, PP.niveauAccompagnement)
        if niveau == AUCUN:
            assert not offers
            continue
        assert 2 <= len(offers) <= 6, s
        for o in offers:
            if niveau is None:  # a type that does not accompany: its offer has no level
                assert union.value(o, PP.niveau) is None, o
                continue
            assert _rank(referentiel, union.value(o, PP.niveau)) <= _rank(referentiel, niveau)
            assert 0 <= len(list(union.objects(o, PP.typeProjetCible))) <= 3
            assert set(union.objects(o, PP.territoireDesservi)) == \
                set(union.objects(s, PP.territoireCouvert))


def test_technicians_have_competences(union):
    for t in set(union.subjects(RDF.type, PP.Technicien)):
        ms = list(union.objects(t, PP.maitrise))
        assert 1 <= len(ms) <= 12, t
        for m in ms:
            assert union.value(m, PP.competence) is not None
            assert union.value(m, PP.niveauMaitrise) is not None


def test_some_competences_are_rarely_mastered(union, referentiel):
    counts: dict[URIRef, int] = {}
    for c in union.objects(None, PP.competence):
        counts[c] = counts.get(c, 0) + 1
    n_tech = len(set(union.subjects(RDF.type, PP.Technicien)))
    needed = set(referentiel.objects(None, PP.competenceEssentielle))
    rare = [c for c in needed if counts.get(c, 0) <= 0.1 * n_tech]
    assert rare, "aucun manque de compétence à trouver dans la démo"


def test_dates_are_ordered(union):
    lo, hi = date(2017, 1, 1), REFERENCE_DATE

    def d(node, p):
        v = union.value(node, p)
        return v.toPython() if v is not None else None

    for p in set(union.subjects(RDF.type, PP.Projet)):
        fc = d(p, PP.datePremierContact)
        assert isinstance(fc, date) and lo <= fc <= hi
        ouv = d(p, PP.dateOuverture)
        stage = union.value(p, PP.etape)
        if ouv is not None:
            assert fc < ouv <= hi
        presta = list(union.subjects(PP.issuDuProjet, p))
        # A déjà-installé holder's project builds on the provider they run: no new one.
        installed = union.value(p, PP.typePorteur) == concept_iri("type-porteur", "deja-installe")
        assert len(presta) == (1 if ouv is not None and not installed else 0)
        for pr in presta:
            assert d(pr, PP.dateOuverture) == ouv
        opened = {concept_iri("etape", s) for s in ("ouverture", "post-creation", "classement",
                                                     "labellisation", "mise-en-marche",
                                                     "integration-sit")}
        assert (ouv is not None) == (stage in opened), p
        for a in union.subjects(PP.projet, p):
            if (a, RDF.type, PP.Accompagnement) in union:
                debut, fin = d(a, PP.dateDebut), d(a, PP.dateFin)
                assert fc <= debut <= hi
                if fin is not None:
                    assert debut < fin <= hi
            else:
                when = d(a, PP.dateOrientation)
                assert fc <= when <= hi
    for c in union.subjects(RDF.type, PP.Candidature):
        when = d(c, PP.dateEngagement)
        assert isinstance(when, datetime) and when.year == 2019


def test_working_group(net, union):
    retenue = concept_iri("statut-candidature", "retenue")
    gt = URIRef("https://w3id.org/ppgraph/id/groupe/gt-accompagnement-pp")
    assert (gt, RDF.type, PP.GroupeDeTravail) in net.submissions["33"]
    retained = set()
    for code, g in net.submissions.items():
        cands = list(g.subjects(RDF.type, PP.Candidature))
        assert cands, f"aucune candidature pour le département {code}"
        statuses = [g.value(c, PP.statutCandidature) for c in cands]
        assert retenue in statuses, code
        for c in cands:
            t = g.value(c, PP.candidat)
            assert (t, PP.departement, TERRITOIRE[f"departement/{code}"]) in g
            if g.value(c, PP.statutCandidature) == retenue:
                retained.add(t)
    assert 13 <= len(retained) <= 15
    assert set(union.subjects(PP.membreDuGroupe, gt)) == retained


# -- vocabulary, territories, personal data ----------------------------------------


def test_concepts_exist_in_the_referentiel(union, referentiel):
    concepts = set(referentiel.subjects(RDF.type, SKOS.Concept))
    used = {o for o in union.objects() if isinstance(o, URIRef) and str(o).startswith(str(REF))}
    missing = sorted(str(c) for c in used - concepts)
    assert not missing, missing


def test_territories_exist(union, territory_iris):
    known = territory_iris
    used = {t for triple in union for t in triple
            if isinstance(t, URIRef) and str(t).startswith(str(TERRITOIRE))}
    missing = sorted(str(t) for t in used - known)
    assert not missing, missing


def test_only_ontology_terms(union):
    onto = Graph().parse(resource_dir("ontology") / "ppgraph.ttl", format="turtle")
    defined = set(onto.subjects(RDF.type, None))
    used = {p for p in union.predicates() if str(p).startswith(str(PP))}
    used |= {o for o in union.objects(None, RDF.type) if str(o).startswith(str(PP))}
    missing = sorted(str(t) for t in used - defined)
    assert not missing, missing
    allowed = ("https://w3id.org/ppgraph/def#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
               "http://www.w3.org/2000/01/rdf-schema#", "http://purl.org/dc/terms/",
               "http://www.w3.org/2004/02/skos/core#")
    assert all(str(p).startswith(allowed) for p in union.predicates())


_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


def test_no_real_looking_email_domain_nor_siret(union):
    seen = 0
    for o in union.objects():
        if isinstance(o, Literal):
            for m in _EMAIL.finditer(str(o)):
                seen += 1
                domain = m.group(1).lower()
                assert domain == "example.org" or domain.endswith(".example"), str(o)
    assert seen > 600
    assert not list(union.subject_objects(PP.siret))
    assert not list(union.subject_objects(PP.siren))


def test_names_say_fictif(union):
    for s in set(union.subjects(RDF.type, PP.Structure)):
        assert re.search("fictif|fictive", str(union.value(s, RDFS.label))), s
    for t in set(union.subjects(RDF.type, PP.Technicien)):
        assert str(union.value(t, PP.nomPersonne)).startswith("Démo-")
    for p in set(union.subjects(RDF.type, PP.PorteurDeProjet)):
        if union.value(p, PP.naturePorteur) == concept_iri("nature-porteur", "personne"):
            assert str(union.value(p, PP.nomPersonne)).startswith("Fictif-")
        else:
            assert re.search("fictif|fictive", str(union.value(p, PP.raisonSociale))), p

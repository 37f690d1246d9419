"""Submitting (ppgraph.submission): atomic replacement with history and PROV metadata, a
refused submission that leaves the store byte-identical, history and restore, private
follow-up graphs, export back into the template — on the embedded store and on a real
Oxigraph server."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, URIRef
from rdflib.compare import isomorphic

import cli
from ppgraph.namespaces import GRAPHE, PP, instance_iri, private_graph, submission_graph
from ppgraph.reference import load_reference_data
from ppgraph.spreadsheet import read_spreadsheet
from ppgraph.store import Store
from ppgraph.submission import (PROVENANCE_GRAPH, SubmissionRefused, history, history_graph,
                                restore, submit)
from ppgraph.summary import store_summary

sys.path.insert(0, str(Path(__file__).parent / "data" / "issue3"))
from remplir import donnees, ligne, remplir  # noqa: E402

G33 = submission_graph("33")
WHEN1 = dt.datetime(2026, 6, 30, 9, 0, tzinfo=dt.timezone.utc)
WHEN2 = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    """Version 1, version 2 (one office removed, one added) and a faulty version."""
    d = tmp_path_factory.mktemp("classeurs")
    v1 = remplir(d / "gironde-v1.xlsx", donnees())
    v2data = donnees()
    v2data["Structures"] = [r for r in v2data["Structures"] if r["Identifiant"] != "33-OT-002"]
    v2data["Structures"].append({"Identifiant": "33-OT-003", "Nom": "Office de tourisme test d'Arcachon",
                                 "Type de structure": "Office de tourisme",
                                 "Niveau d'accompagnement": "Guichet unique",
                                 "Commune du siège": "Arcachon"})
    v2 = remplir(d / "gironde-v2.xlsx", v2data)
    bad = donnees()
    ligne(bad, "Structures", "33-OT-001")["Niveau d'accompagnement"] = "Guichet unque"
    faulty = remplir(d / "gironde-faux.xlsx", bad)
    return v1, v2, faulty


@pytest.fixture(scope="module")
def reference_store(tmp_path_factory):
    """A store holding the ontology, the référentiel and the territories, built once."""
    path = tmp_path_factory.mktemp("reference") / "magasin"
    with Store(path) as s:
        load_reference_data(s)
    return path


@pytest.fixture
def store(tmp_path, reference_store):
    shutil.copytree(reference_store, tmp_path / "magasin")
    s = Store(tmp_path / "magasin")
    yield s
    s.close()


def dump(store: Store, path: Path) -> bytes:
    store.dump(path, format="nquads")
    return path.read_bytes()


def test_submit_replaces_the_graph_and_records_provenance(store, workbooks):
    v1, v2, _ = workbooks
    done = submit(store, v1, departement="33", by="Camille Test", when=WHEN1)
    assert done.replaced is None and done.version.number == 1 and done.report.conforms
    assert isomorphic(store.get_graph(G33), read_spreadsheet(v1).graph)
    [v] = history(store, departement="33")
    assert (v.number, v.when, v.by, v.file, v.current) == (1, WHEN1, "Camille Test", "gironde-v1.xlsx", True)
    assert v.sha256 == read_spreadsheet(v1).sha256 and v.software == __import__("ppgraph").__version__
    assert v.triples == store.count(G33) and v.iri == history_graph(G33, 1)
    prov = store.get_graph(PROVENANCE_GRAPH)
    assert (v.iri, RDF.type, PP.VersionDeSoumission) in prov
    assert (v.iri, URIRef("http://www.w3.org/ns/prov#specializationOf"), G33) in prov

    done = submit(store, v2, departement="33", when=WHEN2)
    assert done.version.number == 2 and done.replaced.number == 1
    versions = history(store, departement="33")
    assert [(x.number, x.current) for x in versions] == [(1, False), (2, True)]
    assert versions[1].revision_of == versions[0].iri and versions[1].by is None
    # The current graph is version 2; version 1 is archived, reified.
    assert isomorphic(store.get_graph(G33), read_spreadsheet(v2).graph)
    archive = store.get_graph(history_graph(G33, 1))
    assert len(archive) == 3 * len(read_spreadsheet(v1).graph)
    assert not list(archive.triples((None, RDF.type, PP.Structure)))
    # Questions asked of the union of graphs never see the old version.
    removed = instance_iri("structure", "33-OT-002")
    assert not store.ask("ASK { ?s a pp:Structure }", {"s": removed})
    counts = store_summary(store).classes
    assert counts[str(PP.Structure)][1] == 4
    assert not [g for g in store.graphs() if "/staging/" in str(g)]


def test_a_refused_submission_leaves_the_store_byte_identical(store, workbooks, tmp_path):
    v1, _, faulty = workbooks
    submit(store, v1, departement="33", when=WHEN1)
    before = dump(store, tmp_path / "avant.nq")
    with pytest.raises(SubmissionRefused) as err:
        submit(store, faulty, departement="33", by="Quelqu'un")
    assert err.value.exit_code == 1 and "rien n'a été versé" in str(err.value)
    assert err.value.report.count("violation") == 1
    assert dump(store, tmp_path / "apres.nq") == before
    # A file for another département is refused too, without writing anything.
    with pytest.raises(SubmissionRefused):
        submit(store, v1, departement="24")
    assert dump(store, tmp_path / "apres2.nq") == before


def test_restore_brings_a_version_back_atomically(store, workbooks):
    v1, v2, _ = workbooks
    submit(store, v1, departement="33", when=WHEN1)
    submit(store, v2, departement="33", when=WHEN2)
    back = restore(store, 1, departement="33", by="Coordination")
    assert back.number == 3 and back.derived_from == history_graph(G33, 1)
    assert isomorphic(store.get_graph(G33), read_spreadsheet(v1).graph)
    versions = history(store, departement="33")
    assert [(v.number, v.current) for v in versions] == [(1, False), (2, False), (3, True)]
    assert versions[2].comment == "Restauration de la version 1"
    assert versions[2].file == "gironde-v1.xlsx"
    # The version it replaced is kept: restoring it again gives version 2's content back.
    restore(store, 2, departement="33")
    assert isomorphic(store.get_graph(G33), read_spreadsheet(v2).graph)
    with pytest.raises(Exception, match="déjà la version courante"):
        restore(store, 4, departement="33")
    with pytest.raises(Exception, match="Pas de version 9"):
        restore(store, 9, departement="33")


def test_a_graph_loaded_without_submit_is_kept_as_version_0(store, workbooks):
    v1, v2, _ = workbooks
    store.replace_graph(G33, read_spreadsheet(v1).graph)
    done = submit(store, v2, departement="33")
    assert done.replaced.number == 0 and done.version.number == 1
    restore(store, 0, departement="33")
    assert isomorphic(store.get_graph(G33), read_spreadsheet(v1).graph)


def test_a_new_store_gets_the_reference_data_with_its_first_submission(tmp_path, workbooks):
    v1, _, faulty = workbooks
    with Store(tmp_path / "neuf") as store:
        with pytest.raises(SubmissionRefused):
            submit(store, faulty, departement="33")
        assert store.count() == 0
        submit(store, v1, departement="33")
        assert store.count(GRAPHE["ontologie"]) > 0 and store.count(GRAPHE["territoires"]) > 30000
        assert store_summary(store).departements["33"]["nom"] == "Gironde"


def test_private_follow_up_data_goes_to_the_structures_own_graph(store, workbooks):
    v1, _, _ = workbooks
    done = submit(store, v1, structure="33-ADT", departement="33")
    target = private_graph("33-ADT")
    assert done.version.target == target and store.count(target) > 0
    assert store.count(G33) == 0
    assert history(store, structure="33-ADT")[0].iri == GRAPHE["historique/prive/33-ADT/1"]
    # Private graphs are not shared submissions: the site does not count them.
    from ppgraph.site import departement_figures
    assert departement_figures(store).rows == []


def test_batch_of_departements_referring_to_each_other(store, tmp_path):
    """A first load where the Gironde orients to a Dordogne structure not yet submitted."""
    gironde = donnees()
    gironde["Orientations"][0]["Orienté vers"] = "24-ADT"
    dordogne = {"Structures": [{"Identifiant": "24-ADT", "Nom": "ADT test de la Dordogne",
                                "Type de structure": "Agence départementale du tourisme",
                                "Niveau d'accompagnement": "Guichet unique"}]}
    g33 = read_spreadsheet(remplir(tmp_path / "33.xlsx", gironde))
    g24 = read_spreadsheet(remplir(tmp_path / "24.xlsx", dordogne, departement="24"))
    with pytest.raises(SubmissionRefused):
        submit(store, g33, departement="33")
    submit(store, g33, departement="33", context=[g24.graph])
    submit(store, g24, departement="24")
    assert store.ask("ASK { ?o pp:versStructure ?s . ?s a pp:Structure }",
                     {"s": instance_iri("structure", "24-ADT")})


def test_export_from_the_store_round_trips(store, workbooks, tmp_path):
    v1, _, _ = workbooks
    submit(store, v1, departement="33")
    store.close()
    r = CliRunner().invoke(cli.main, ["--store", str(store.path), "export", "--departement", "33",
                                      "-o", str(tmp_path / "export.xlsx"), "--donnees-personnelles"])
    assert r.exit_code == 0, r.output
    # With personal data, the file's name says so (issue 10).
    assert not (tmp_path / "export.xlsx").exists()
    assert isomorphic(read_spreadsheet(tmp_path / "export-donnees-personnelles.xlsx").graph,
                      read_spreadsheet(v1).graph)
    r = CliRunner().invoke(cli.main, ["--store", str(store.path), "export", "--departement", "33",
                                      "-o", str(tmp_path / "public.xlsx")])
    assert r.exit_code == 0 and "laissées vides" in r.output
    back = read_spreadsheet(tmp_path / "public.xlsx").graph
    assert not list(back.objects(None, PP.prenom))
    r = CliRunner().invoke(cli.main, ["--store", str(store.path), "export", "--departement", "87",
                                      "-o", str(tmp_path / "vide.xlsx")])
    assert r.exit_code == 2 and "ne contient rien" in r.output


# -- command line -----------------------------------------------------------------------------------

def test_cli_submit_history_restore(tmp_path, workbooks, reference_store):
    v1, v2, faulty = workbooks
    path = tmp_path / "magasin"
    shutil.copytree(reference_store, path)
    run = lambda *a: CliRunner().invoke(cli.main, ["--store", str(path), *a])  # noqa: E731
    r = run("submit", str(v1), "--departement", "33", "--par", "Camille Test")
    assert r.exit_code == 0, r.output
    assert "Version 1 de soumission/33 versée" in r.output
    r = run("submit", str(v2), "--departement", "33", "--rapport", str(tmp_path / "r.html"))
    assert r.exit_code == 0 and "remplace la version 1" in r.output
    assert "CONFORME" in (tmp_path / "r.html").read_text(encoding="utf-8")
    before = (run("dump", "-o", str(tmp_path / "a.nq")), (tmp_path / "a.nq").read_bytes())[1]
    r = run("submit", str(faulty), "--departement", "33")
    assert r.exit_code == 1
    assert "« Guichet unque » n'est pas une valeur du référentiel" in r.output
    assert "Erreur : « gironde-faux.xlsx » n'est pas conforme" in r.output
    assert "magasin est inchangé" in r.output and "Traceback" not in r.output
    run("dump", "-o", str(tmp_path / "b.nq"))
    assert (tmp_path / "b.nq").read_bytes() == before
    r = run("history")
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0].split() == ["Graphe", "Version", "Date", "(UTC)", "Versée", "par", "Fichier",
                                "SHA-256", "Triplets", "État"]
    assert "Camille Test" in lines[2] and "archivée" in lines[2] and "courante" in lines[3]
    r = run("restore", "--departement", "33", "--version", "1", "--yes")
    assert r.exit_code == 0 and "c'est maintenant la version 3" in r.output
    r = run("history", "--departement", "33", "--format", "json")
    import json
    assert [v["version"] for v in json.loads(r.output)] == [1, 2, 3]
    assert json.loads(r.output)[2]["restaure"].endswith("/historique/soumission/33/1")
    r = run("restore", "--departement", "33", "--version", "3", "--yes")
    assert r.exit_code == 2 and "déjà la version courante" in r.output
    # The restored version 1 is current: submitting its workbook again changes nothing
    # (issue 10: « aucune modification », no version)...
    r = run("submit", str(v1), "--departement", "33")
    assert r.exit_code == 0 and "Aucune modification" in r.output, r.output
    # ... without --departement, the one the workbook's Soumission sheet names (issue 11)...
    r = run("submit", str(v2))
    assert r.exit_code == 0 and "Version 4 de soumission/33 versée" in r.output, r.output
    # ... and a file that names another one than --departement is refused, store unchanged.
    run("dump", "-o", str(tmp_path / "c.nq"))
    r = run("submit", str(v1), "--departement", "24")
    assert r.exit_code == 1 and "Le fichier décrit Gironde (33), mais il est lu pour le " \
        "département Dordogne (24)" in r.output, r.output
    run("dump", "-o", str(tmp_path / "d.nq"))
    assert (tmp_path / "d.nq").read_bytes() == (tmp_path / "c.nq").read_bytes()
    # A file that does not say which département it describes: --departement is asked for.
    bare = tmp_path / "sans-soumission.ttl"
    bare.write_text("@prefix pp: <https://w3id.org/ppgraph/def#> .\n"
                    "<https://w3id.org/ppgraph/id/structure/x> a pp:Structure .\n",
                    encoding="utf-8")
    r = run("submit", str(bare))
    assert r.exit_code == 2 and "« sans-soumission.ttl » ne dit pas quel département" in r.output
    assert "--departement" in r.output and "Traceback" not in r.output


def test_cli_help_of_each_command_is_french_with_an_example():
    for command in ("template", "import", "validate", "submit", "history", "restore", "export"):
        r = CliRunner().invoke(cli.main, [command, "--help"])
        assert r.exit_code == 0 and "Exemple" in r.output, command


# -- a real SPARQL server ---------------------------------------------------------------------------

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


@pytest.fixture
def server():
    if not Path(OXIGRAPH).exists():
        pytest.skip("serveur oxigraph absent (pip install oxigraph)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("oxigraph serve n'a pas démarré")
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_submit_history_restore_work_unchanged_on_a_sparql_server(server, workbooks):
    from ppgraph.store import Endpoint

    v1, v2, faulty = workbooks
    endpoint = Endpoint(server)
    load_reference_data(endpoint)
    submit(endpoint, v1, departement="33", when=WHEN1)
    submit(endpoint, v2, departement="33", when=WHEN2)
    before = endpoint.graph_counts()
    with pytest.raises(SubmissionRefused):
        submit(endpoint, faulty, departement="33")
    assert endpoint.graph_counts() == before
    assert [v.number for v in history(endpoint, departement="33")] == [1, 2]
    restore(endpoint, 1, departement="33")
    assert isomorphic(endpoint.get_graph(G33), read_spreadsheet(v1).graph)
    assert not endpoint.ask("ASK { ?s a pp:Structure }", {"s": instance_iri("structure", "33-OT-003")})


def test_cli_submit_history_restore_export_in_english(tmp_path, workbooks, reference_store):
    v1, v2, faulty = workbooks
    path = tmp_path / "magasin"
    shutil.copytree(reference_store, path)
    run = lambda *a: CliRunner().invoke(cli.main, ["--lang", "en", "--store", str(path), *a])  # noqa: E731
    r = run("submit", str(v1), "--departement", "33", "--par", "Camille Test")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Version 1 of soumission/33 submitted: ")
    r = run("submit", str(faulty), "--departement", "33")
    assert r.exit_code == 1 and r.stdout.startswith("Validation report: gironde-faux.xlsx")
    with Store(path, read_only=True) as s:  # the refusal, as the command line's error line words it
        with pytest.raises(SubmissionRefused) as err:
            submit(s, faulty, departement="33")
    assert err.value.message("en") == ("“gironde-faux.xlsx” does not conform (1 error): nothing "
                                       "was submitted, the store is unchanged.")
    r = run("submit", str(v2), "--departement", "33")
    assert r.exit_code == 0 and "It replaces version 1 (" in r.stdout
    r = run("history", "--departement", "33")
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["Graph", "Version", "Date", "(UTC)", "Submitted", "by", "File",
                                "SHA-256", "Triples", "State"]
    assert lines[2].endswith("archived") and lines[3].endswith("current")
    r = run("restore", "--departement", "33", "--version", "1", "--yes")
    assert r.exit_code == 0 and "it is now version 3" in r.stdout
    r = run("history", "--departement", "33")
    assert r.stdout.splitlines()[4].endswith("current (restores v1)")
    r = run("export", "--departement", "33", "-o", str(tmp_path / "export.xlsx"))
    assert r.exit_code == 0
    assert r.stdout.splitlines() == [
        f"soumission/33 exported to {tmp_path / 'export.xlsx'}: "
        f"{read_spreadsheet(v1).graph.__len__():,} triples.",
        "Personal-data columns left empty (--donnees-personnelles to include them)."]
    import openpyxl
    wb = openpyxl.load_workbook(tmp_path / "export.xlsx")
    assert wb.sheetnames[1:3] == ["Submission", "Organisations"]
    notes = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "Data exported from soumission/33, version 3 of " in notes
    assert "(original file: gironde-v1.xlsx)." in notes
    back = read_spreadsheet(tmp_path / "export.xlsx").graph
    assert not list(back.objects(None, PP.prenom)) and len(back) > 0


def test_several_graphs_written_in_one_update_all_or_none():
    from rdflib import Graph, Literal

    from ppgraph.errors import InputError
    from ppgraph.submission import write_versions

    store = Store()
    graphs = {}
    for k in ("33-OT-001", "33-OT-002"):
        g = Graph()
        g.add((instance_iri("structure", k), PP.note, Literal(f"suivi de {k}")))
        graphs[private_graph(k)] = g
    first = write_versions(store, list(graphs.items()), by="CRT")
    assert [(v.target, v.number) for v in first] == [(t, 1) for t in graphs]
    # Again: each one's version 1 goes to its history, version 2 is current.
    again = write_versions(store, list(graphs.items()))
    assert [(v.number, v.revision_of) for v in again] == [(2, v.iri) for v in first]
    for target, g in graphs.items():
        assert isomorphic(store.get_graph(target), g)
        assert [(v.number, v.current) for v in history(store, target=target)] == [
            (1, False), (2, True)]
    # One graph that cannot be written (a literal as predicate): nothing of the others is.
    broken = Graph()
    broken.add((instance_iri("structure", "33-OT-004"), Literal("pas un prédicat"),
                Literal("x")))
    with pytest.raises(InputError):
        write_versions(store, [(private_graph("33-OT-003"), g),
                               (private_graph("33-OT-004"), broken)])
    assert store.count(private_graph("33-OT-003")) == 0
    assert len(history(store)) == 4

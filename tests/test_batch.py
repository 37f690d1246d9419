"""Submitting several départements at once (issue 15): the build the command line can do.

The demo's départements cite each other's structures (the Gironde's above all), so that none
of them can go first into an empty store; submitted together, validated together, each lands
as its own version. A refused file does not hold the others back, unless they cite records
only it held: then the report says which département they wait for.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, URIRef

import cli
from ppgraph.batch import submit_batch
from ppgraph.namespaces import PP, submission_graph
from ppgraph.resources import demo_dir
from ppgraph.store import Store
from ppgraph.submission import history

DEMO_FILES = sorted(demo_dir().glob("soumission-*.ttl"))


def invoke(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def test_a_first_load_of_every_demo_departement_from_a_folder(tmp_path):
    folder = tmp_path / "campagne"
    folder.mkdir()
    for p in DEMO_FILES:
        shutil.copy(p, folder / p.name)
    store = tmp_path / "magasin"
    # Alone, the Creuse cannot go first: it cites structures of the Gironde.
    alone = invoke("--store", str(store), "submit", str(folder / "soumission-23.ttl"))
    assert alone.exit_code == 1 and "n'est pas conforme" in alone.output
    report = tmp_path / "lot.json"
    r = invoke("--store", str(store), "submit", str(folder), "--par", "CRT", "--rapport",
               str(report))
    assert r.exit_code == 0, r.output
    assert r.output.count("Version 1 de soumission/") == 12
    assert "Fichiers versés : 12 sur 12 ; refusés : 0." in r.output
    with Store(store, read_only=True) as s:
        versions = history(s)
        assert len(versions) == 12 and all(v.number == 1 and v.by == "CRT" for v in versions)
        for p in DEMO_FILES:
            assert s.count(submission_graph(p.stem.removeprefix("soumission-"))) == \
                len(Graph().parse(p))
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [d["etat"] for d in data] == ["versee"] * 12
    assert {d["departement"] for d in data} == {p.stem[-2:] for p in DEMO_FILES}
    # The same folder again: nothing changes, and the command says so.
    again = invoke("--store", str(store), "--lang", "en", "submit", str(folder))
    assert again.exit_code == 0 and again.output.count("No change") == 12, again.output


def _gironde_with_a_new_structure_and_a_fault(tmp_path: Path) -> tuple[Path, URIRef]:
    """The Gironde's file with one more structure (a copy of one of its own under a new IRI)
    and one fault (a structure's label removed)."""
    g = Graph().parse(demo_dir() / "soumission-33.ttl")
    structures = sorted(g.subjects(RDF.type, PP.Structure))
    model, broken = URIRef("https://w3id.org/ppgraph/id/structure/33-RESEAU"), \
        next(x for x in structures if not str(x).endswith("33-RESEAU"))
    new = URIRef(str(model) + "-BIS")
    for p, o in list(g.predicate_objects(model)):
        g.add((new, p, o))
    for o in list(g.objects(broken, RDFS.label)):
        g.remove((broken, RDFS.label, o))
    path = tmp_path / "soumission-33.ttl"
    g.serialize(path, format="turtle")
    return path, new


def test_a_refused_departement_blocks_only_those_that_cite_what_it_alone_held(built_demo,
                                                                              tmp_path):
    store_path = tmp_path / "magasin"
    shutil.copytree(built_demo.store_path, store_path)
    gironde, new = _gironde_with_a_new_structure_and_a_fault(tmp_path)
    # The Creuse now cites the Gironde's new structure (instead of one it cited before).
    creuse = Graph().parse(demo_dir() / "soumission-23.ttl")
    s, p, o = next((s, p, o) for s, p, o in sorted(creuse) if str(o).endswith("/33-RESEAU"))
    creuse.remove((s, p, o))
    creuse.add((s, p, new))
    creuse_path = tmp_path / "soumission-23.ttl"
    creuse.serialize(creuse_path, format="turtle")
    # The Vienne changes a label: it cites nothing new, it goes in.
    vienne = Graph().parse(demo_dir() / "soumission-86.ttl")
    node, label = sorted(vienne.subject_objects(RDFS.label))[0]
    vienne.set((node, RDFS.label, Literal(f"{label} (nouveau nom)", lang="fr")))
    vienne_path = tmp_path / "soumission-86.ttl"
    vienne.serialize(vienne_path, format="turtle")
    broken = tmp_path / "soumission-79.ttl"
    broken.write_text("@prefix pp: <https://w3id.org/ppgraph/onto#> .\n<urn:x> pp:a \"", "utf-8")
    with Store(store_path) as store:
        before = {c: len(history(store, departement=c)) for c in ("23", "33", "79", "86")}
        batch = submit_batch(store, [gironde, creuse_path, vienne_path, broken])
        states = {o.name: o.state for o in batch.outcomes}
        assert states == {"soumission-33.ttl": "refusee", "soumission-23.ttl": "bloquee",
                          "soumission-86.ttl": "versee", "soumission-79.ttl": "illisible"}
        assert batch.outcomes[1].blocked_by == ("33",)
        after = {c: len(history(store, departement=c)) for c in ("23", "33", "79", "86")}
        assert after == {**before, "86": before["86"] + 1}
    # The command line says the same, in one report, and exits 1.
    r = invoke("--store", str(store_path), "--lang", "en", "submit", str(gironde),
               str(creuse_path), str(broken))
    assert r.exit_code == 1, r.output
    assert "cites structures of département 33, whose file was refused" in r.output
    assert "“soumission-79.ttl” could not be submitted" in r.output
    assert "Files submitted: 0 of 3; refused: 3." in r.output


def test_options_for_one_file_are_refused_with_several(tmp_path):
    r = invoke("--store", str(tmp_path / "m"), "submit", str(DEMO_FILES[0]), str(DEMO_FILES[1]),
               "--departement", "16")
    assert r.exit_code == 2 and "--departement" in r.output and "un seul fichier" in r.output


def _outcomes(batch) -> list:
    from ppgraph.validation import render_report

    return [(o.name, o.state, o.error.message("fr") if o.error else None,
             o.report and render_report(o.report, "text"),
             o.report and sorted(json.dumps(r, sort_keys=True) for r in
                                 json.loads(render_report(o.report, "json"))["resultats"]))
            for o in batch.outcomes]


def test_validations_on_several_cores_give_the_same_reports(tmp_path):
    from ppgraph.reference import load_reference_data
    from ppgraph.validation import read_submission

    files = [demo_dir() / f"soumission-{c}.ttl" for c in ("23", "33", "79", "86")]
    broken = tmp_path / "soumission-47.ttl"
    broken.write_text("@prefix pp: <https://w3id.org/ppgraph/def#> .\n<urn:x> pp:a \"", "utf-8")
    found = {}
    # Read here and validated in turn; read and validated by two processes (each file by
    # the one that read it); read here and validated by two processes.
    for mode, workers, sources in (
            ("ici", 1, files + [broken]), ("processus", 2, files + [broken]),
            ("lus ici", 2, [read_submission(f) for f in files] + [broken])):
        with Store() as store:
            load_reference_data(store)
            found[mode] = _outcomes(submit_batch(store, sources, workers=workers))
    assert found["ici"] == found["processus"] == found["lus ici"]
    states = [state for _n, state, *_rest in found["ici"]]
    assert "refusee" in states and states[-1] == "illisible"
    assert "soumission-47.ttl" in found["ici"][-1][2]


def test_the_files_of_a_batch_are_read_and_validated_by_the_worker_processes(monkeypatch,
                                                                            tmp_path):
    import ppgraph.batch as batch_module
    from ppgraph.reference import load_reference_data

    def here(*_args, **_kwargs):
        raise AssertionError("done by the parent process")

    monkeypatch.setattr(batch_module, "read_submission", here)
    monkeypatch.setattr(batch_module, "validate", here)
    # One file cites an IRI that rdflib reads and Oxigraph's stricter parser refuses (a bad
    # percent escape): the batch's types still reach the workers.
    odd = tmp_path / "soumission-86.ttl"
    odd.write_text((demo_dir() / "soumission-86.ttl").read_text("utf-8") + """
<https://w3id.org/ppgraph/id/structure/86-A%ZZ> a <https://w3id.org/ppgraph/def#Structure> .
""", "utf-8")
    files = [demo_dir() / f"soumission-{c}.ttl" for c in ("23", "33")] + [odd]
    with Store() as store:
        load_reference_data(store)
        batch = submit_batch(store, files, workers=2)
    # Read (there) and validated, each has its report (each cites structures of
    # départements that are not in the batch: refused).
    assert [o.state for o in batch.outcomes] == ["refusee"] * 3
    assert all(o.report is not None and o.report.result is not None for o in batch.outcomes)


def test_a_file_is_validated_by_the_worker_that_read_it():
    from ppgraph.batch import _Workers
    from ppgraph.reference import load_reference_data
    from ppgraph.submission import target_graph
    from ppgraph.validation import read_submission

    files = [demo_dir() / f"soumission-{c}.ttl" for c in ("23", "86")]
    workers = _Workers.start(2, None)
    try:
        read = workers.read(files)
        results = {i: read[i].result() for i in range(len(files))}
        assert workers.held == {0, 1}
        # What the parent holds for the Creuse is replaced: the worker validates its own copy.
        results[0] = read_submission(demo_dir() / "soumission-79.ttl")
        with Store() as store:
            load_reference_data(store)
            reports = dict(workers.validate(
                store, {i: (c, target_graph(c)) for i, c in enumerate(("23", "86"))},
                results, {}))
    finally:
        workers.close()
    assert reports[0].source == "soumission-23.ttl"
    assert reports[1].source == "soumission-86.ttl"


def test_a_program_read_from_stdin_submits_its_batch_without_workers(tmp_path):
    import subprocess
    import sys

    program = ("from ppgraph.store import Store\n"
               "from ppgraph.batch import submit_batch\n"
               "from ppgraph.resources import demo_dir\n"
               "files = sorted(demo_dir().glob('soumission-*.ttl'))[:3]\n"
               "with Store() as store:\n"
               "    print([o.state for o in submit_batch(store, files, workers=2).outcomes])\n")
    done = subprocess.run([sys.executable, "-"], input=program, capture_output=True, text=True,
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(["refusee", "refusee", "refusee"])  # 16, 17, 19 alone
    assert "Traceback" not in done.stderr


def test_what_a_worker_read_reaches_the_store_without_the_parent_rebuilding_it():
    from rdflib.compare import isomorphic

    from ppgraph.batch import _Received
    from ppgraph.reference import load_reference_data
    from ppgraph.validation import read_submission

    with Store() as store:
        load_reference_data(store)
        batch = submit_batch(store, DEMO_FILES, workers=2)
        assert [o.state for o in batch.outcomes] == ["versee"] * len(DEMO_FILES)
        for path, outcome in zip(DEMO_FILES, batch.outcomes):
            graph = outcome.report.result.graph
            # The bulk load wrote its N-Triples as they came: never parsed here...
            assert isinstance(graph, _Received) and graph._pending is not None
            assert len(graph) == len(read_submission(path).graph)
            target = submission_graph(path.stem.removeprefix("soumission-"))
            assert isomorphic(store.get_graph(target), read_submission(path).graph)
            # ... until something reads it: then it is the graph the worker read, nodes and
            # prefixes included (the records its report names are in it).
            assert isomorphic(graph, read_submission(path).graph) and graph._pending is None
            assert set(outcome.report.result.origins.records) <= set(graph.subjects())
            assert dict(graph.namespaces())["pp"] == URIRef(str(PP))


def test_a_graph_whose_ntriples_oxigraph_would_not_read_back_is_sent_as_it_is(tmp_path):
    from ppgraph.batch import _Received, _shipped
    from ppgraph.validation import read_submission

    result = read_submission(demo_dir() / "soumission-23.ttl")
    shipped, facts = _shipped(result)
    assert isinstance(shipped.graph, _Received) and len(shipped.graph) == len(result.graph)
    assert facts.cited and facts.defined and b"22-rdf-syntax-ns#type" in facts.types
    # An IRI rdflib keeps and Oxigraph's stricter parser refuses (a bad percent escape): the
    # graph itself is sent.
    result.graph.add((URIRef("https://w3id.org/ppgraph/id/structure/23-A%ZZ"), RDFS.label,
                      Literal("x")))
    shipped, _facts = _shipped(result)
    assert type(shipped.graph) is Graph and shipped.graph is result.graph
    # Literals Oxigraph would read back as other rdflib literals: sent as they are too.
    for odd in (Literal("x", datatype=URIRef("http://www.w3.org/2001/XMLSchema#string")),
                Literal("x", lang="fr-FR")):
        again = read_submission(demo_dir() / "soumission-23.ttl")
        again.graph.add((URIRef("https://exemple.org/x"), RDFS.label, odd))
        shipped, _facts = _shipped(again)
        assert shipped.graph is again.graph


def test_a_received_graph_whose_reading_is_interrupted_is_read_again_whole(monkeypatch):
    import pickle

    from ppgraph.batch import _Received, _shipped
    from ppgraph.validation import read_submission

    result = read_submission(demo_dir() / "soumission-23.ttl")
    received = pickle.loads(pickle.dumps(_shipped(result)[0].graph))
    assert isinstance(received, _Received) and received._pending is not None
    calls = []

    def interrupted(self, quads):
        calls.append(1)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return Graph.addN(self, quads)
    monkeypatch.setattr(_Received, "addN", interrupted)
    with pytest.raises(KeyboardInterrupt):
        len(set(received))
    assert received._pending is not None and len(received) == len(result.graph)
    assert set(received) == set(result.graph) and received._pending is None


def test_reading_is_said_as_files_come_and_the_first_file_of_a_departement_is_kept(tmp_path):
    import time
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    from ppgraph.batch import _as_read
    from ppgraph.reference import load_reference_data

    # The indices come as their files are read, then those read here, in order.
    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(time.sleep, 0.5)
        fast = pool.submit(time.sleep, 0)
        order = list(_as_read({0: SimpleNamespace(future=slow),
                               2: SimpleNamespace(future=fast)}, 4))
    assert order == [2, 0, 1, 3]
    # A second, larger file for the Creuse is read first by the workers (the largest first),
    # but the first one given is the one kept.
    big = tmp_path / "creuse-bis.ttl"
    big.write_text((demo_dir() / "soumission-23.ttl").read_text("utf-8") + "".join(
        f'<https://exemple.org/n{k}> <http://www.w3.org/2000/01/rdf-schema#label> "n{k}" .\n'
        for k in range(3000)), "utf-8")
    said = []
    with Store() as store:
        load_reference_data(store)
        batch = submit_batch(store, [demo_dir() / "soumission-23.ttl", big], workers=2,
                             progress=said.append)
    assert [o.name for o in batch.outcomes] == ["soumission-23.ttl", "creuse-bis.ttl"]
    assert batch.outcomes[0].error is None and batch.outcomes[0].report is not None
    assert "soumission-23.ttl" in batch.outcomes[1].error.message("fr")
    assert sorted(said[:2]) == ["creuse-bis.ttl", "soumission-23.ttl"]

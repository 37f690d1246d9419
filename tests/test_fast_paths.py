"""The shortcuts taken for speed at national scale change nothing a user sees.

- Turtle and N-Triples are read by Oxigraph's parser: the same graph (and prefixes) as
  rdflib's parser, and a file Oxigraph refuses still gets rdflib's reading and its message;
- pySHACL looks its constraint parameters up by hash: the same SHACL results as with its own
  list;
- ``load``/``restore`` streams the dump in chunks: every quad arrives, in each graph.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ppgraph.errors import InputError
from ppgraph.namespaces import ID
from ppgraph.store import Store
from ppgraph.store import embedded
from ppgraph.validation import read_submission
from ppgraph.validation.check import (SH, _Parameters, _shapes_for_pyshacl,
                                      validation_graph)
from ppgraph.validation.reading import _parse_fast

DATA = Path(__file__).parent / "data"
TURTLE = [DATA / "soumission-test-33.ttl", DATA / "soumission-test-87.ttl",
          DATA / "entrees" / "bom.ttl", DATA / "entrees" / "classeur.ttl",
          DATA / "entrees" / "windows-1252.ttl"]


@pytest.mark.parametrize("path", TURTLE, ids=lambda p: p.name)
def test_oxigraph_reads_turtle_as_rdflib_does(path):
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    fast = _parse_fast(data, "turtle")
    if fast is None:  # Oxigraph refuses it (not UTF-8...): rdflib reads it, as before
        with pytest.raises(Exception):
            list(ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=str(ID)))
        return
    slow = Graph().parse(data=data, format="turtle", publicID=str(ID))
    assert len(fast) == len(slow) > 0
    assert isomorphic(fast, slow)
    slow_prefixes = {p: str(n) for p, n in slow.namespaces()}
    for prefix, namespace in fast.namespaces():
        if prefix in slow_prefixes:
            assert slow_prefixes[prefix] == str(namespace)


@pytest.mark.parametrize("name", ["point-manquant.ttl", "prefixe-inconnu.ttl",
                                  "iri-invalides.ttl"])
def test_a_file_oxigraph_refuses_is_still_said_by_rdflib(name):
    path = DATA / "entrees" / name
    assert _parse_fast(path.read_bytes(), "turtle") is None
    with pytest.raises(InputError) as err:
        read_submission(path)
    assert name in err.value.message("fr")


def _results(report: Graph) -> set:
    return {tuple(report.value(r, p) for p in (SH.focusNode, SH.resultPath, SH.value,
                                                SH.sourceShape, SH.sourceConstraintComponent,
                                                SH.resultSeverity))
            for r in report.subjects(predicate=SH.focusNode)}


def test_constraint_parameters_by_hash_give_the_same_results(monkeypatch):
    import pyshacl
    import pyshacl.constraints as constraints
    import pyshacl.shape as shape

    result = read_submission(DATA / "entrees" / "en-tetes-absents.xlsx")
    plain = list(constraints.ALL_CONSTRAINT_PARAMETERS)
    reports = {}
    for kind, parameters in (("list", plain), ("hash", _Parameters(plain))):
        monkeypatch.setattr(constraints, "ALL_CONSTRAINT_PARAMETERS", parameters)
        monkeypatch.setattr(shape, "CONSTRAINT_PARAMS",
                            (parameters, constraints.CONSTRAINT_PARAMETERS_MAP), raising=False)
        _c, report, _t = pyshacl.validate(
            validation_graph(result.graph), shacl_graph=_shapes_for_pyshacl(),
            inference="none", inplace=True, allow_warnings=True, allow_infos=True)
        reports[kind] = _results(report)
    assert len(reports["list"]) > 20          # a file with many faults
    assert reports["list"] == reports["hash"]


def test_restore_in_chunks_keeps_every_quad(tmp_path, monkeypatch):
    source = Store()
    for g in range(3):
        source.oxigraph.extend(
            ox.Quad(ox.NamedNode(f"urn:s:{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i)),
                    ox.NamedNode(f"urn:g:{g}")) for i in range(250))
    dump = tmp_path / "sauvegarde.nq"
    source.dump(dump)
    monkeypatch.setattr(embedded, "_BULK_CHUNK", 100)   # 750 quads: 8 chunks
    with Store(tmp_path / "store") as store:
        assert store.restore(dump) == 750
        for g in range(3):
            assert store.count(f"urn:g:{g}") == 250
        got = {(q.subject.value, q.graph_name.value) for q in store.oxigraph}
    assert got == {(f"urn:s:{i}", f"urn:g:{g}") for i, g in itertools.product(range(250),
                                                                            range(3))}

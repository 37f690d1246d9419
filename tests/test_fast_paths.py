"""The shortcuts taken for speed at national scale change nothing a user sees.

- Turtle and N-Triples are read by Oxigraph's parser: the same graph (and prefixes) as
  rdflib's parser, and a file Oxigraph refuses still gets rdflib's reading and its message;
- pySHACL looks its constraint parameters up by hash: the same SHACL results as with its own
  list; it parses each SPARQL constraint once, not once per focus node: the same results;
- the SPARQL constraints checked in bulk (``pp:verifieeEnBloc``), one query each over the
  whole file: the same focus nodes and values as pySHACL node by node on the shapes as
  written;
- a validation runs pySHACL on a read-only union of the file's own graph and what it needs
  (no copy): the union reads as the merged graph would, pySHACL gives the same results as on
  validation_graph()'s copy, and the file's graph is left as it was;
- ``load``/``restore`` streams the dump in chunks: every quad arrives, in each graph;
- a network's first load goes into the store in one bulk load: the store then holds exactly
  what submitting each file in turn would have written, and a bulk load that fails leaves it
  as it was.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ppgraph.errors import InputError
from ppgraph.namespaces import ID, PP, concept_iri, departement_iri, instance_iri
from ppgraph.store import Store
from ppgraph.store import embedded
from ppgraph.validation import read_submission
from ppgraph.validation.check import (SH, _Parameters, _shapes_for_pyshacl,
                                      _sparql_constraints_parsed_once, validation_graph)
from ppgraph.validation.reading import _parse_fast

DATA = Path(__file__).parent / "data"
TURTLE = [DATA / "soumission-test-33.ttl", DATA / "soumission-test-87.ttl",
          DATA / "entrees" / "bom.ttl", DATA / "entrees" / "classeur.ttl",
          DATA / "entrees" / "windows-1252.ttl"]


def beside(folder: Path) -> list[str]:
    """What a folder holds, but the stores' swap lock files (``.<name>.verrou``)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".verrou"))


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


def _groups() -> Graph:
    """Three working groups, one SPARQL constraint broken by two of them in two ways (two
    leads; no lead), the third one composed as it should: each group is one focus node of
    the constraints pySHACL evaluates node by node."""
    g = Graph()
    for name, roles in (("deux-porteurs", ["porteur-du-groupe"] * 2 + ["membre"] * 10),
                        ("sans-porteur", ["membre"] * 12),
                        ("compose", ["porteur-du-groupe"] + ["membre"] * 11)):
        group = instance_iri("groupe", name)
        g.add((group, RDF.type, PP.GroupeDeTravail))
        g.add((group, PP.effectifMinimal, Literal(10)))
        g.add((group, PP.effectifMaximal, Literal(15)))
        for i, role in enumerate(roles + ["referent-technique"]):
            member = instance_iri("adhesion", f"{name}-{i:02d}")
            g.add((member, RDF.type, PP.AdhesionAuGroupe))
            g.add((member, PP.dansLeGroupe, group))
            technician = instance_iri("technicien", f"33-T-{name}-{i:02d}")
            g.add((technician, RDF.type, PP.Technicien))
            g.add((member, PP.membre, technician))
            g.add((member, PP.roleDansLeGroupe, concept_iri("role-groupe", role)))
            g.add((member, PP.departement, departement_iri("33")))
    return g


def test_sparql_constraints_parsed_once_give_the_same_results(monkeypatch):
    import pyshacl
    from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint

    _sparql_constraints_parsed_once()
    once = SPARQLBasedConstraint._validate_sparql_query
    reports = {}
    for kind, method in (("each", once.original), ("once", once)):
        monkeypatch.setattr(SPARQLBasedConstraint, "_validate_sparql_query", method)
        _c, report, _t = pyshacl.validate(
            validation_graph(_groups()), shacl_graph=_shapes_for_pyshacl(),
            inference="none", inplace=True, allow_warnings=True, allow_infos=True)
        reports[kind] = _results(report)
    from ppgraph.validation.check import _prepared_constraint

    assert _prepared_constraint.cache_info().hits > 0   # parsed once, used again
    sparql = {r for r in reports["each"] if r[4] == SH.SPARQLConstraintComponent}
    # the two groups that break the rule of roles, and only them, each found once
    assert sorted(str(r[0]).rsplit("/", 1)[-1] for r in sparql) == ["deux-porteurs",
                                                                    "sans-porteur"]
    assert reports["each"] == reports["once"]


BREAKS_EACH_BULK_RULE = """
@prefix pp: <https://w3id.org/ppgraph/def#> .
@prefix ref: <https://w3id.org/ppgraph/ref/> .
@prefix ex: <https://exemple.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:m1 a pp:MaitriseCompetence ; pp:competence <https://w3id.org/ppgraph/ref/competence/savoirs-reglementaires> ;
    pp:dateEvaluation "2999-01-01"^^xsd:date .
[] a pp:MaitriseCompetence ; pp:competence <https://w3id.org/ppgraph/ref/competence/savoirs-economiques> ;
    pp:dateEvaluation "2020-01-01"^^xsd:date .
ex:m2 a pp:MaitriseCompetence ; pp:dateEvaluation "un jour"^^xsd:date .
ex:p1 a pp:Projet ; pp:typePorteur <https://w3id.org/ppgraph/ref/type-porteur/deja-installe> ; pp:porteur ex:h1 .
ex:p2 a pp:Projet ; pp:typePorteur <https://w3id.org/ppgraph/ref/type-porteur/deja-installe> ; pp:porteur ex:h2 .
ex:h2 pp:exploite ex:prestataire .
ex:a1 a pp:Accompagnement ; pp:niveau <https://w3id.org/ppgraph/ref/niveau/guichet-unique> ;
    pp:dateDebut "2026-01-01"^^xsd:date ; pp:dateFin "2026-06-01"^^xsd:date ;
    pp:service <https://w3id.org/ppgraph/ref/service/suivi-projet> .
ex:a2 a pp:Accompagnement ; pp:niveau <https://w3id.org/ppgraph/ref/niveau/guichet-unique> ;
    pp:dateDebut "2026-01-01"^^xsd:date ; pp:dateFin "2026-01-20"^^xsd:date .
ex:a3 a pp:Accompagnement ; pp:niveau <https://w3id.org/ppgraph/ref/niveau/guichet-unique> ;
    pp:dateDebut "2026-01-01"^^xsd:date ; pp:dateFin "bientôt"^^xsd:date .
ex:s1 a pp:Structure ; pp:typeStructure <https://w3id.org/ppgraph/ref/type-structure/crt> ;
    pp:niveauAccompagnement <https://w3id.org/ppgraph/ref/niveau/guichet-unique> .
ex:o1 a pp:OffreDeService ; pp:proposePar ex:s1 ; pp:niveau <https://w3id.org/ppgraph/ref/niveau/suivi-precis> .
ex:f1 a pp:ParticipationFormation ; pp:terminee true ; pp:session ex:session1 .
ex:f2 a pp:ParticipationFormation ; pp:terminee true ; pp:session ex:session2 .
ex:f3 a pp:ParticipationFormation ; pp:terminee true ; pp:session ex:session3 .
ex:session3 pp:dateDebut "l'an prochain"^^xsd:date .
ex:m3 a pp:MaitriseCompetence ; pp:dateEvaluation "2999-02-30"^^xsd:date .
ex:session1 pp:dateDebut "2999-01-01"^^xsd:date .
ex:session2 pp:dateDebut "2020-01-01"^^xsd:date .
"""


def test_rules_checked_in_bulk_find_what_pyshacl_finds_node_by_node():
    import pyshacl

    from ppgraph.resources import shapes_graph
    from ppgraph.validation.check import _bulk_constraints, shacl_results

    data = Graph().parse(data=BREAKS_EACH_BULK_RULE, format="turtle")
    shapes = [shape for shape, _text, _path, _severity in _bulk_constraints()]
    ours = shacl_results(validation_graph(data))
    found = {(ours.value(r, SH.sourceShape), ours.value(r, SH.focusNode), ours.value(r, SH.value))
             for r in ours.subjects(RDF.type, SH.ValidationResult)
             if ours.value(r, SH.sourceShape) in shapes}
    # pySHACL, node by node, on the shapes as they are written
    written = Graph()
    written += shapes_graph()
    _conforms, report, _text = pyshacl.validate(validation_graph(data), shacl_graph=written,
                                                inference="none", advanced=False)
    expected = {(report.value(r, SH.sourceShape), report.value(r, SH.focusNode),
                 report.value(r, SH.value))
                for r in report.subjects(RDF.type, SH.ValidationResult)
                if report.value(r, SH.sourceShape) in shapes}
    assert {(s, str(f) if not isinstance(f, BNode) else "blank", v) for s, f, v in found} == \
        {(s, str(f) if not isinstance(f, BNode) else "blank", v) for s, f, v in expected}
    # every rule broken at least once, by the nodes meant to break it; a date that is not one
    # (m2, m3, a3, f3's session) is not compared: its format has its own message
    assert {shape.rsplit("#", 1)[-1] for shape, _this, _value in found} == {
        "CompetenceDetaillee", "DejaInstalleRelie", "EvaluationPassee", "GuichetUniqueCourt",
        "GuichetUniqueServices", "NiveauSansObjet", "OffreNiveauSansObjet",
        "ParticipationTermineeApresDebut"}
    assert sorted(str(this).rsplit("/", 1)[-1] for _s, this, _v in found
                  if not isinstance(this, BNode)) == \
        ["a1", "a1", "f1", "m1", "m1", "o1", "p1", "s1"]
    assert any(isinstance(this, BNode) and this in set(data.subjects())
               for _s, this, _v in found)           # the blank node of the file itself


def test_the_union_pyshacl_reads_is_the_merged_graph():
    from rdflib import RDFS, BNode, URIRef
    from rdflib.paths import OneOrMore

    from ppgraph.validation.check import _base, _Union

    ex = "https://exemple.org/"
    main, types = Graph(), Graph()
    a, b, c = URIRef(ex + "a"), URIRef(ex + "b"), URIRef(ex + "c")
    blank = BNode()
    main.add((a, RDF.type, PP.Structure))
    main.add((a, PP.nom, Literal("Office", lang="fr")))
    main.add((a, PP.membreDe, b))
    main.add((PP.Structure, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")))  # also in _base()
    types.add((b, RDF.type, PP.Reseau))
    types.add((b, PP.membreDe, c))
    types.add((blank, RDFS.label, Literal("x")))
    types.add((a, RDF.type, PP.Structure))                     # also in main: read once
    union = _Union(main, (_base(), types))
    merged = Graph()
    for g in (main, _base(), types):
        merged += g
    assert len(union) == len(merged) and set(union) == set(merged)
    patterns = [(None, None, None), (a, None, None), (None, RDF.type, None),
                (None, RDF.type, PP.Structure), (b, None, None), (None, None, c),
                (PP.Structure, None, None), (None, RDFS.subClassOf, None), (blank, None, None),
                (None, PP.nom, Literal("Office", lang="fr")), (c, None, None)]
    for pattern in patterns:
        got = list(union.triples(pattern))
        assert sorted(got) == sorted(merged.triples(pattern)), pattern
        assert len(got) == len(set(got)), pattern          # each triple once
    assert (a, RDF.type, PP.Structure) in union and (b, RDF.type, PP.Reseau) in union
    assert (c, RDF.type, PP.Reseau) not in union
    # property paths, SPARQL and triples_choices read the union too
    assert set(union.objects(a, PP.membreDe * OneOrMore)) == {b, c}
    query = "SELECT ?x WHERE { ?x <%s>+ ?y . ?y a <%s> }" % (PP.membreDe, PP.Reseau)
    assert {r.x for r in union.query(query)} == {r.x for r in merged.query(query)} == {a}
    assert sorted(union.triples_choices(([a, b], RDF.type, None))) == \
        sorted(merged.triples_choices(([a, b], RDF.type, None)))
    for write in (lambda: union.add((c, RDF.type, PP.Reseau)),
                  lambda: union.addN([(c, RDF.type, PP.Reseau, union)]),
                  lambda: union.__iadd__([(c, RDF.type, PP.Reseau)]),
                  lambda: union.update("INSERT DATA { <urn:c> a <urn:R> }"),
                  lambda: union.parse(data="<urn:c> a <urn:R> .", format="nt"),
                  lambda: union.remove((a, None, None))):
        with pytest.raises(TypeError):
            write()
    assert (c, RDF.type, PP.Reseau) not in main and len(main) == 4


def test_a_validation_leaves_the_file_as_it_was_and_finds_what_a_copy_would(tmp_path,
                                                                          monkeypatch):
    from ppgraph.validation import check, validate

    # A file with faults that also holds a triple of the ontology itself (kept, not removed
    # with what the validation added).
    path = tmp_path / "soumission-33.ttl"
    path.write_text((DATA / "soumission-test-33.ttl").read_text("utf-8") + """
<https://w3id.org/ppgraph/def#Structure> a <http://www.w3.org/2002/07/owl#Class> .
<https://w3id.org/ppgraph/id/structure/33-SANS-NOM> a <https://w3id.org/ppgraph/def#Structure> .
""", "utf-8")
    result = read_submission(path)
    before = set(result.graph)
    report = validate(result)
    assert set(result.graph) == before
    copy = check.shacl_results(validation_graph(result.graph))
    assert _results(report.shacl) == _results(copy) and len(_results(copy)) > 0
    # The findings (what a person reads) are those of the copy's results too.
    assert validate(result, shacl=copy).findings == report.findings
    # A validation that fails midway leaves the file as it was too.
    monkeypatch.setattr(check, "shacl_results", lambda _data: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        validate(result)
    assert set(result.graph) == before


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


def _quads(store: Store) -> set[str]:
    """Every quad of the store as N-Quads (blank nodes as the store names them)."""
    return set(store.oxigraph.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())


def _same_dataset(a: Store, b: Store) -> bool:
    """The same named graphs, each the same graph (isomorphic: the reference data's blank
    nodes are named anew by each load), and the same default graph."""
    if a.graph_counts() != b.graph_counts() or a.count(None) != b.count(None):
        return False
    return all(isomorphic(a.get_graph(g), b.get_graph(g)) for g in a.graphs())


def test_a_first_load_in_bulk_holds_what_submitting_each_in_turn_writes(monkeypatch):
    from ppgraph import batch as batch_module
    from ppgraph.batch import submit_batch
    from ppgraph.reference import load_reference_data
    from ppgraph.resources import demo_dir
    from ppgraph.submission import history, submit

    files = sorted(demo_dir().glob("soumission-*.ttl"))  # more triples than the store holds
    when = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone.utc)
    bulk = []
    first_versions = batch_module.submit_first_versions
    monkeypatch.setattr(batch_module, "submit_first_versions",
                        lambda *a, **k: bulk.append(first_versions(*a, **k)) or bulk[-1])
    together = Store()
    load_reference_data(together)
    batch = submit_batch(together, files, by="CRT", when=when, workers=1)
    assert bulk[0] is not None and [o.state for o in batch.outcomes] == ["versee"] * 12
    # The same files submitted in turn, one transaction each (with the batch's reports: the
    # Creuse could not go in before the Gironde).
    in_turn = Store()
    load_reference_data(in_turn)
    for path, o in zip(files, batch.outcomes):
        submit(in_turn, o.report.result, by="CRT", when=when, report=o.report)
    assert _same_dataset(together, in_turn)
    assert [(v.target, v.number, v.by, v.file, v.triples) for v in history(together)] == \
        [(v.target, v.number, v.by, v.file, v.triples) for v in history(in_turn)]
    assert [(o.submitted.version.number, o.submitted.version.file, o.submitted.version.when)
            for o in batch.outcomes] == [(1, p.name, when) for p in files]
    # A second campaign is not a first load: each file in its own transaction.
    again = submit_batch(together, files[:2], by="CRT", workers=1)
    assert bulk[-1] is None and all(o.submitted.unchanged for o in again.outcomes)


def test_a_bulk_load_that_fails_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setattr(embedded, "_BULK_CHUNK", 1)   # interrupted after quads went in
    path = tmp_path / "magasin"
    with Store(path) as store:
        store.replace_graph("urn:g:avant", b"<urn:a> <urn:p> <urn:b> .", format="nt")
        store.oxigraph.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"),
                                   ox.Literal("dans le graphe par défaut")))
        before = _quads(store)

        def interrupted(i: int) -> None:
            if i == 1:
                raise KeyboardInterrupt
        graphs = [(f"urn:g:{i}", b"_:x <urn:p> <urn:b> .\n<urn:a> <urn:p> _:y .")
                  for i in range(3)]
        with pytest.raises(KeyboardInterrupt):
            store.load_graphs(graphs, progress=interrupted)
        assert _quads(store) == before
        assert beside(tmp_path) == ["magasin"]
        # Done again without the interruption: every graph, and the store's own quad.
        assert store.load_graphs(graphs) == 6
        assert before < _quads(store) and len(_quads(store)) == 8
        # A blank node of one graph is not that of another.
        blanks = {q.subject.value for q in store.oxigraph
                  if isinstance(q.subject, ox.BlankNode)}
        assert len(blanks) == 3
    with Store(path, read_only=True) as store:
        assert len(_quads(store)) == 8


def test_graphs_without_blank_nodes_go_to_oxigraphs_loader_as_they_are(tmp_path):
    path = tmp_path / "magasin"
    graphs = [(f"urn:g:{i}", b'<urn:a> <urn:p> "un"@fr .\n<urn:a> <urn:p> <urn:b%d> .\n' % i)
              for i in range(3)]
    with Store(path) as store:
        store.replace_graph("urn:g:avant", b"<urn:a> <urn:p> <urn:b> .", format="nt")
        before = _quads(store)

        def interrupted(i: int) -> None:
            if i == 2:
                raise KeyboardInterrupt
        with pytest.raises(KeyboardInterrupt):
            store.load_graphs(graphs, progress=interrupted)
        assert _quads(store) == before and beside(tmp_path) == ["magasin"]
        # A graph with a blank node among them is read apart (its blank nodes renamed).
        assert store.load_graphs(graphs + [("urn:g:3", b"_:x <urn:p> <urn:b> .")]) == 7
        assert len(_quads(store)) == 8
        assert store.count("urn:g:1") == 2 and \
            store.ask('ASK { GRAPH <urn:g:1> { <urn:a> <urn:p> <urn:b1>, "un"@fr } }')


def test_a_writer_waiting_during_a_swap_writes_into_the_new_store(tmp_path, monkeypatch):
    """A process waiting to write while a bulk load swaps the store in does not take the old
    store in the instant between its close and its rename (its writes would go into a folder
    about to be deleted): it waits for the swap, then for the store, and writes in the new."""
    import subprocess
    import sys
    import time

    path = tmp_path / "magasin"
    with Store(path) as store:
        store.replace_graph("urn:g:avant", b"<urn:a> <urn:p> <urn:b> .", format="nt")
        writer = subprocess.Popen(
            [sys.executable, "-c",
             "import sys\nfrom ppgraph.store import Store\n"
             "with Store(sys.argv[1], wait=60) as s:\n"
             "    s.replace_graph('urn:g:pendant', b'<urn:a> <urn:p> <urn:c> .', format='nt')\n",
             str(path)], cwd=Path(__file__).resolve().parent.parent)
        time.sleep(3)                        # started, and waiting for the store
        release = Store._release

        def slow_release(self: Store) -> None:
            release(self)
            time.sleep(1.5)                  # the old store closed, not yet renamed
        monkeypatch.setattr(Store, "_release", slow_release)
        store.load_graphs([("urn:g:nouveau", b"<urn:a> <urn:p> <urn:d> .")])
        assert writer.poll() is None         # still waiting: the new store is held here
    assert writer.wait(timeout=120) == 0
    with Store(path, read_only=True) as store:
        assert {str(g) for g in store.graphs()} == {"urn:g:avant", "urn:g:nouveau",
                                                    "urn:g:pendant"}

"""The store: one interface in memory and on disk, atomic replace, dump and restore, lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ppgraph import InputError, Store, StoreError, StoreLockedError, load_reference_data
from ppgraph.namespaces import GRAPH_TERRITORIES, PP

TTL = """@prefix pp: <https://w3id.org/ppgraph/def#> .
<urn:s1> a pp:Structure ; <http://www.w3.org/2000/01/rdf-schema#label> "OT fictif"@fr .
<urn:s2> a pp:Structure ; <http://www.w3.org/2000/01/rdf-schema#label> "PAT fictif"@fr .
"""


def _quads(path):
    fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.N_QUADS
    return {str(q) for q in ox.parse(path=str(path), format=fmt)}


def _graph(ttl=TTL):
    return Graph().parse(data=ttl, format="turtle")


@pytest.fixture(params=["memoire", "disque"])
def store(request, tmp_path):
    s = Store() if request.param == "memoire" else Store(tmp_path / "magasin")
    yield s
    s.close()


def test_replace_graph_then_query_in_both_backends(store):
    assert store.replace_graph("urn:g", _graph()) == 4
    assert store.graphs() == [URIRef("urn:g")]
    rows = store.select("SELECT ?s ?l WHERE { ?s a pp:Structure ; rdfs:label ?l } ORDER BY ?l")
    assert [str(r["l"]) for r in rows] == ["OT fictif", "PAT fictif"]
    assert rows[0]["l"] == Literal("OT fictif", lang="fr")
    assert store.ask("ASK { <urn:s1> a pp:Structure }")
    g = store.construct("CONSTRUCT { ?s a pp:Structure } WHERE { ?s a pp:Structure }")
    assert len(g) == 2
    assert isomorphic(store.get_graph("urn:g"), _graph())


def test_replace_graph_replaces_and_leaves_other_graphs_alone(store):
    store.replace_graph("urn:g", _graph())
    store.replace_graph("urn:autre", _graph())
    store.replace_graph("urn:g", _graph('<urn:x> <urn:p> "1" .'))
    assert store.count("urn:g") == 1 and store.count("urn:autre") == 4
    assert store.graphs() == [URIRef("urn:autre"), URIRef("urn:g")]


def test_a_broken_file_leaves_the_graph_as_it_was(store, tmp_path):
    store.replace_graph("urn:g", _graph())
    bad = tmp_path / "casse.ttl"
    bad.write_text('<urn:a> <urn:b> "pas fermé .\n', encoding="utf-8")
    with pytest.raises(InputError):
        store.replace_graph("urn:g", bad)
    assert store.count("urn:g") == 4
    assert store.graphs() == [URIRef("urn:g")]  # no staging graph left behind


def test_bindings_are_rdf_terms_and_cannot_change_the_query(store):
    store.replace_graph("urn:g", _graph())
    hostile = '" } ; DROP ALL ; # } { ?s ?p ?o'
    rows = store.select("SELECT ?s ?l WHERE { ?s rdfs:label ?l }", {"l": Literal(hostile)})
    assert rows == []
    rows = store.select("SELECT ?s ?l WHERE { ?s rdfs:label ?l }", {"l": Literal("OT fictif", lang="fr")})
    assert [r["s"] for r in rows] == [URIRef("urn:s1")]
    assert store.count() == 4


def test_dump_and_restore_round_trip_in_trig_and_nquads(store, tmp_path):
    load_reference_data(store)
    store.replace_graph("urn:g", _graph())
    for name in ("sauvegarde.trig", "sauvegarde.nq"):
        path = tmp_path / name
        store.dump(path)
        copy = Store(tmp_path / f"copie-{name}")
        copy.replace_graph("urn:ancien", _graph())
        assert copy.restore(path) == store.count()
        assert copy.graphs() == store.graphs()
        other = tmp_path / f"re-{name}"
        copy.dump(other)
        # No blank node in these graphs: datasets compare as sets of quads.
        assert _quads(path) == _quads(other) and len(_quads(path)) == store.count()
        copy.close()


def test_restore_of_an_unreadable_dump_changes_nothing(store, tmp_path):
    store.replace_graph("urn:g", _graph())
    bad = tmp_path / "casse.trig"
    bad.write_text("<urn:g> { <urn:a> <urn:b> ", encoding="utf-8")
    with pytest.raises(InputError, match="casse.trig"):
        store.restore(bad)
    assert store.count() == 4


def test_restore_refuses_an_empty_dump_and_keeps_the_store(store, tmp_path):
    store.replace_graph("urn:g", _graph())
    empty = tmp_path / "vide.trig"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="aucun triplet"):
        store.restore(empty)
    assert store.count() == 4


def test_dump_refuses_an_extension_it_would_not_honour(store, tmp_path):
    with pytest.raises(InputError, match="extension inconnue"):
        store.dump(tmp_path / "sauvegarde.ttl")


def test_a_bound_variable_missing_from_the_projection_is_a_french_error(store):
    store.replace_graph("urn:g", _graph())
    with pytest.raises(InputError, match="projection"):
        store.select("SELECT ?s WHERE { ?s rdfs:label ?l }", {"l": Literal("OT fictif", lang="fr")})


def test_on_disk_store_persists_across_processes(tmp_path):
    path = tmp_path / "magasin"
    with Store(path) as s:
        s.replace_graph("urn:g", _graph())
    with Store(path, read_only=True) as s:
        assert s.count("urn:g") == 4
        with pytest.raises(StoreError):
            s.replace_graph("urn:g", _graph())


def test_reference_data_loads_territories_into_their_own_graph():
    s = Store()
    counts = load_reference_data(s)
    assert counts[GRAPH_TERRITORIES] > 30000
    assert s.ask("ASK { ?d pp:codeINSEE '2A' ; a pp:Departement }")


def test_read_only_on_a_missing_store_says_so_in_french(tmp_path):
    with pytest.raises(StoreError, match="Aucun magasin"):
        Store(tmp_path / "absent", read_only=True)


def test_a_second_writer_gets_a_clear_message_not_a_rocksdb_error(tmp_path):
    path = tmp_path / "magasin"
    holder = Store(path)
    try:
        with pytest.raises(StoreLockedError, match="déjà ouvert en écriture"):
            Store(path)
        code = textwrap.dedent(f"""
            import sys
            sys.path.insert(0, {str(__import__('pathlib').Path(__file__).resolve().parent.parent)!r})
            from ppgraph import Store, StoreLockedError
            try:
                Store({str(path)!r})
            except StoreLockedError as err:
                print(err); sys.exit(3)
        """)
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert r.returncode == 3, r.stderr
        assert "déjà ouvert en écriture" in r.stdout and "RocksDB" not in r.stdout
        # A reader is still welcome while the writer holds the lock.
        with Store(path, read_only=True) as reader:
            assert reader.count() == 0
    finally:
        holder.close()

"""The embedded store: one interface in memory and on disk, atomic replace, dump and restore,
lock, parameters bound as VALUES, the table of RDF formats, choosing the store, messages."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import pyoxigraph as ox
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

import cli
from ppgraph import InputError, Store, StoreError, StoreLockedError, load_reference_data
from ppgraph.i18n import catalogue
from ppgraph.namespaces import GRAPH_TERRITORIES
from ppgraph.store import Endpoint, GraphStore, open_store
from ppgraph.store.formats import SYNTAXES, syntax_for_path

ROOT = Path(__file__).resolve().parent.parent

TTL = """@prefix pp: <https://w3id.org/ppgraph/def#> .
<urn:s1> a pp:Structure ; <http://www.w3.org/2000/01/rdf-schema#label> "OT fictif"@fr .
<urn:s2> a pp:Structure ; <http://www.w3.org/2000/01/rdf-schema#label> "PAT fictif"@fr .
"""


def _quads(path):
    fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.N_QUADS
    return {str(q) for q in ox.parse(path=str(path), format=fmt)}


def _graphs(path) -> dict[str, Graph]:
    """Each named graph of a dump, as an rdflib Graph (to compare those with blank nodes)."""
    fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.N_QUADS
    lines: dict[str, list[str]] = {}
    for q in ox.parse(path=str(path), format=fmt):
        lines.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    # One parse per graph: a blank node label names the same node in all its triples (parsed
    # triple by triple, each occurrence would become a node of its own, and the comparison
    # would face a factorial number of equivalent mappings).
    return {name: Graph().parse(data="\n".join(text), format="nt")
            for name, text in lines.items()}


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
        # Graphs without blank nodes compare as sets of quads; the ontology's (its OWL
        # restrictions are blank nodes, relabelled by a reload) by isomorphism.
        before, after = _graphs(path), _graphs(other)
        assert before.keys() == after.keys() and len(_quads(path)) == store.count()
        for name, g in before.items():
            assert isomorphic(g, after[name]), name
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


def test_a_bound_variable_need_not_be_projected(store):
    """Bindings go through VALUES (the one binding path), not Oxigraph's substitutions,
    which required the variable in the projection."""
    store.replace_graph("urn:g", _graph())
    rows = store.select("SELECT ?s WHERE { ?s rdfs:label ?l }", {"l": Literal("OT fictif", lang="fr")})
    assert rows == [{"s": URIRef("urn:s1")}]
    graph = store.construct("CONSTRUCT { ?s a pp:Structure } WHERE { ?s rdfs:label ?l }",
                            {"l": Literal("PAT fictif", lang="fr")})
    assert set(graph.subjects()) == {URIRef("urn:s2")}


def test_a_sequence_binds_one_row_per_term(store):
    store.replace_graph("urn:g", _graph())
    query = "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?s"
    rows = store.select(query, {"s": [URIRef("urn:s2"), URIRef("urn:s1"), URIRef("urn:absent")]})
    assert [r["s"] for r in rows] == [URIRef("urn:s1"), URIRef("urn:s2")]
    rows = store.select(query, {"s": {URIRef("urn:s2")}, "l": Literal("PAT fictif", lang="fr")})
    assert [r["s"] for r in rows] == [URIRef("urn:s2")]
    assert store.select(query, {"s": []}) == []
    assert store.ask("ASK { ?s a pp:Structure }", {"s": (URIRef("urn:x"), URIRef("urn:s1"))})
    # A list of IRIs in a CONSTRUCT (what validation asks about the nodes a submission cites).
    graph = store.construct("CONSTRUCT { ?x a ?t } WHERE { ?x a ?t }",
                            {"x": [URIRef("urn:s1"), URIRef("urn:s2")]})
    assert len(graph) == 2


def test_a_blank_node_cannot_be_bound(store):
    from rdflib import BNode

    with pytest.raises(InputError, match="nœud anonyme"):
        store.select("SELECT * WHERE { ?s ?p ?o }", {"s": BNode()})


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
    # INSEE codes are typed as igeo:codeINSEE expects (xsd:token)
    assert s.ask("ASK { ?d pp:codeINSEE '2A'^^xsd:token ; a pp:Departement }")
    assert not s.ask("ASK { ?d pp:codeINSEE '2A' }")


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


def test_the_embedded_store_satisfies_the_graph_store_protocol(tmp_path):
    with Store() as memory, Store(tmp_path / "magasin") as disk:
        assert isinstance(memory, GraphStore) and isinstance(disk, GraphStore)
        assert memory.location is None and disk.location == str(tmp_path / "magasin")
    assert not isinstance(object(), GraphStore)


# -- the table of RDF formats ---------------------------------------------------------------

@pytest.mark.parametrize("name", ["turtle", "nt", "xml", "json-ld", "n3"])
def test_every_graph_format_of_the_table_is_read_by_its_suffix(store, tmp_path, name):
    """rdflib writes a file under the format's usual suffix; the store reads it back with the
    Oxigraph format the table gives for that suffix."""
    fmt = next(s for s in SYNTAXES if s.name == name)
    path = tmp_path / f"graphe{fmt.suffixes[0]}"
    _graph().serialize(path, format=fmt.rdflib, encoding="utf-8")
    assert syntax_for_path(path) is fmt
    assert store.replace_graph("urn:g", path) == 4
    assert isomorphic(store.get_graph("urn:g"), _graph())


def test_an_unreadable_file_is_named_in_the_error(store, tmp_path):
    with pytest.raises(InputError, match=r"« .*absent\.ttl » : fichier illisible"):
        store.replace_graph("urn:g", tmp_path / "absent.ttl")
    bad = tmp_path / "casse.nt"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"casse\.nt » : Fichier RDF illisible"):
        store.add_graph("urn:g", bad)
    assert store.graphs() == []


# -- choosing the store ---------------------------------------------------------------------

def test_open_store_reads_no_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("PPGRAPH_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setenv("PPGRAPH_STORE", str(tmp_path / "ailleurs"))
    with open_store(tmp_path / "ici") as store:
        assert isinstance(store, Store) and store.path == tmp_path / "ici"
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        assert isinstance(store, Store) and store.path == Path("ppgraph-store")
    assert not (tmp_path / "ailleurs").exists()
    server = open_store(endpoint="http://127.0.0.1:7878/query", read_only=True)
    assert isinstance(server, Endpoint) and server.read_only and server.url == "http://127.0.0.1:7878"
    with pytest.raises(InputError, match="pas les deux"):
        open_store(tmp_path / "ici", endpoint="http://127.0.0.1:7878")
    with pytest.raises(InputError, match="Adresse de serveur SPARQL invalide"):
        open_store(endpoint="ftp://serveur")


@pytest.fixture
def small_store(tmp_path):
    path = tmp_path / "magasin"
    with Store(path) as s:
        s.replace_graph("urn:g", _graph())
    return path


def test_store_on_the_command_line_wins_over_the_endpoint_of_the_environment(small_store):
    """PPGRAPH_ENDPOINT=URL ppgraph --store DIR info reads DIR (in a real process)."""
    nowhere = "http://127.0.0.1:9"  # nothing listens there: using it would fail
    env = {k: v for k, v in __import__("os").environ.items() if k != "PPGRAPH_STORE"}
    r = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--store", str(small_store),
                        "info"], env={**env, "PPGRAPH_ENDPOINT": nowhere},
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert f"Magasin {small_store} :" in r.stdout and "urn:g" in r.stdout


def test_which_store_the_command_line_chooses(small_store):
    nowhere = "http://127.0.0.1:9"
    run = CliRunner().invoke
    # --endpoint on the command line wins over PPGRAPH_STORE.
    r = run(cli.main, ["--endpoint", nowhere, "info"], env={"PPGRAPH_STORE": str(small_store)})
    assert r.exit_code == 2 and f"Serveur SPARQL injoignable : {nowhere}/query" in r.output
    # Both from the environment: the server, as before.
    r = run(cli.main, ["info"], env={"PPGRAPH_STORE": str(small_store),
                                     "PPGRAPH_ENDPOINT": nowhere})
    assert r.exit_code == 2 and "Serveur SPARQL injoignable" in r.output
    # Only PPGRAPH_STORE: that store.
    r = run(cli.main, ["info"], env={"PPGRAPH_STORE": str(small_store)})
    assert r.exit_code == 0 and f"Magasin {small_store} :" in r.output
    # Both on the command line: which one was meant? A usage error, before anything is read.
    for lang, expected in (("fr", "pas les deux"), ("en", "not both")):
        r = run(cli.main, ["--lang", lang, "--store", str(small_store), "--endpoint", nowhere,
                           "info"])
        assert r.exit_code == 2 and expected in r.output and "injoignable" not in r.output


def test_dump_and_load_print_the_library_messages(small_store, tmp_path):
    target = tmp_path / "s.trig"
    r = CliRunner().invoke(cli.main, ["--store", str(small_store), "dump", "-o", str(target)])
    assert r.exit_code == 0 and r.output == f"4 triplets (avec leur graphe nommé) écrits dans {target}\n"
    r = CliRunner().invoke(cli.main, ["--lang", "en", "--store", str(tmp_path / "copie"), "load",
                                      str(target), "--yes"])
    assert r.exit_code == 0
    assert r.output == (f"4 triples (with their named graphs) loaded from {target} into "
                        f"{tmp_path / 'copie'}\n")
    r = CliRunner().invoke(cli.main, ["--store", str(tmp_path / "copie"), "load", str(target)],
                           input="n\n")
    assert r.exit_code == 2 and "Annulé : le magasin n'a pas été modifié" in r.output


# -- messages -------------------------------------------------------------------------------

STORE_PACKAGE = ROOT / "ppgraph" / "store"


def _keys(node, prefix=""):
    out = set()
    for k, v in node.items():
        if k.startswith("_"):
            continue
        if isinstance(v, dict) and not set(v) <= {"one", "other", "zero"}:
            out |= _keys(v, f"{prefix}{k}.")
        else:
            out.add(prefix + k)
    return out


def test_store_messages_exist_in_french_and_english_with_the_same_keys():
    files = {lang: json.loads((ROOT / "ppgraph" / "locales" / lang / "store.json")
                              .read_text(encoding="utf-8")) for lang in ("fr", "en")}
    assert _keys(files["fr"]) == _keys(files["en"])
    assert files["fr"]["_commentaire"] and files["en"]["_commentaire"]
    used = set()
    for path in [*STORE_PACKAGE.glob("*.py"), ROOT / "cli.py"]:
        used |= set(re.findall(r'"(store\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used and all(catalogue(lang).has(key) for key in used for lang in ("fr", "en")), \
        sorted(k for k in used if not catalogue("fr").has(k))
    # Every template formats with the parameters the code gives (no stray brace).
    for lang in ("fr", "en"):
        for key in _keys(files[lang]):
            forms = files[lang][key]
            for text in (forms.values() if isinstance(forms, dict) else [forms]):
                names = set(re.findall(r"(?<!\{)\{([a-z_]+)\}", text))
                text.format(**{n: "x" for n in names})


def test_every_error_raised_by_the_store_package_uses_a_catalogue_key():
    for path in STORE_PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) \
                    and getattr(node.exc.func, "id", "").endswith("Error"):
                first = node.exc.args[0] if node.exc.args else None
                assert isinstance(first, ast.Constant) and re.fullmatch(
                    r"store\.[a-z_]+", str(first.value)), f"{path.name}:{node.lineno}"


def test_store_errors_read_well_in_english(tmp_path):
    with pytest.raises(StoreError) as err:
        Store(tmp_path / "absent", read_only=True)
    assert err.value.message("en").startswith("No ppgraph store in “")
    holder = Store(tmp_path / "magasin")
    try:
        with pytest.raises(StoreLockedError) as err:
            Store(tmp_path / "magasin")
        assert "already open for writing by another process" in err.value.message("en")
    finally:
        holder.close()

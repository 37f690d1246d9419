"""A real Oxigraph server on 127.0.0.1 as a ppgraph store (ppgraph.store.Endpoint).

Each fixture starts ``oxigraph serve`` (the ``oxigraph`` package of the test extra) on a free
port of the loopback interface and terminates it afterwards. The demo is copied to a server
with ``ppgraph push`` and, on another one, with the client's ``replace_graph``; every named
question must then give the same answer there as on the embedded store. Failures are
injected by a proxy in front of a real server, to check that an interrupted replace leaves
the server as it was.
"""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery

import cli
from ppgraph.errors import InputError, StoreError
from ppgraph.namespaces import PP, submission_graph
from ppgraph.questions import ask_question, list_questions, run_sparql
from ppgraph.reference import load_reference_data
from ppgraph.store import Endpoint, GraphStore, Store, push_store
from ppgraph.store.protocol import is_staging
from ppgraph.store.sparql import bind_values, sparql_term
from test_questions import (DATA, HOSTILE, ORIENTATION_CASES, demo_files, demo_store)

# The test extra installs the server; without it these tests fail rather than skip.
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))

# Every named question, with parameters that exercise its branches.
QUESTION_CASES = (
    [("qui-fait-quoi", {"departement": c}) for c in ("16", "33", "Creuse")]
    + [("orientation", case) for case in ORIENTATION_CASES]
    + [("niveaux", {}), ("niveaux", {"departement": "64"}),
       ("couverture", {}), ("couverture", {"departement": "23", "seuil": "aucun"}),
       ("parcours", {"projet": "33-PJ-0001"}), ("parcours", {"projet": "87-PJ-0010"}),
       ("reseau", {}), ("reseau", {"departement": "47"}),
       ("devenus-prestataires", {}), ("devenus-prestataires", {"departement": "24"})])


# -- servers ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``oxigraph serve`` on 127.0.0.1, in memory or in a folder."""

    def __init__(self, location: Path | None = None, union: bool = True):
        if not Path(OXIGRAPH).exists():
            raise RuntimeError("oxigraph absent : pip install -e '.[test]' installe le serveur")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [OXIGRAPH, "serve", "--bind", f"127.0.0.1:{self.port}"]
        if location is not None:
            args += ["--location", str(location)]
        if union:
            args.append("--union-default-graph")
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"oxigraph serve n'a pas démarré sur {self.url}")
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def empty_server():
    server = Server()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def disk_demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("e") / "magasin"
    with Store(path) as store:
        load_reference_data(store)
        for f in demo_files():
            store.replace_graph(submission_graph(f.stem.split("-", 1)[1]), f)
    return path


@pytest.fixture(scope="module")
def pushed(disk_demo, tmp_path_factory):
    """A server on disk that received the demo through « ppgraph push »."""
    server = Server(tmp_path_factory.mktemp("serveur") / "donnees")
    r = CliRunner().invoke(cli.main, ["--store", str(disk_demo), "push", "--endpoint",
                                      server.url])
    assert r.exit_code == 0, r.output
    yield server
    server.stop()


@pytest.fixture(scope="module")
def loaded():
    """A server that received the reference data and the demo through Endpoint.replace_graph."""
    server = Server()
    endpoint = Endpoint(server.url)
    load_reference_data(endpoint)
    for f in demo_files():
        endpoint.replace_graph(submission_graph(f.stem.split("-", 1)[1]), f)
    yield server
    server.stop()


# -- the interface -------------------------------------------------------------------------------

def test_both_stores_satisfy_the_graph_store_protocol():
    """The interface is a typing.Protocol; the behaviour is checked by the scenario below,
    run on the embedded store and on a real server."""
    assert isinstance(Store(), GraphStore)
    assert isinstance(Endpoint("http://127.0.0.1:7878"), GraphStore)
    # The check is not vacuous: an rdflib Graph is not a store, nor one without read_only.
    assert not isinstance(Graph(), GraphStore)
    incomplete = Store()
    del incomplete.read_only
    assert not isinstance(incomplete, GraphStore)


def test_known_server_layouts():
    ox = Endpoint("http://hote:7878/")
    assert (ox.query_url, ox.update_url, ox.store_url) == (
        "http://hote:7878/query", "http://hote:7878/update", "http://hote:7878/store")
    gdb = Endpoint("http://hote:7200/repositories/ppgraph")
    assert gdb.update_url.endswith("/repositories/ppgraph/statements")
    assert gdb.store_url.endswith("/repositories/ppgraph/rdf-graphs/service")
    secret = Endpoint("https://reseau:s3cret@sparql.example.org/ppgraph")
    assert "s3cret" not in secret.url and "s3cret" not in repr(secret)


def test_fuseki_default_graph_store_service_is_found():
    """Without a « store » service (Fuseki's defaults), the client uses « data »."""
    import http.server

    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):
            seen.append(("HEAD", self.path))
            self.send_response(404 if self.path.startswith("/ppgraph/store") else 200)
            self.end_headers()

        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(("POST", self.path))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        ep = Endpoint(f"http://127.0.0.1:{server.server_address[1]}/ppgraph")
        ep.add_graph("urn:g", b"<urn:a> <urn:b> <urn:c> .", format="nt")
        ep.add_graph("urn:g", b"<urn:a> <urn:b> <urn:d> .", format="nt")
    finally:
        server.shutdown()
        thread.join()
    assert [m for m, _ in seen] == ["HEAD", "HEAD", "POST", "POST"]
    assert seen[2][1] == "/ppgraph/data?graph=urn%3Ag"


TTL = """@prefix pp: <https://w3id.org/ppgraph/def#> .
<urn:s1> a pp:Structure ; <http://www.w3.org/2000/01/rdf-schema#label> "OT fictif"@fr .
<urn:s2> a pp:Structure ; <http://www.w3.org/2000/01/rdf-schema#label> "PAT \\"} # fictif"@fr .
"""


def scenario(store, folder: Path) -> list:
    """The same calls on any store; what they return, in comparable form."""
    out = [store.replace_graph("urn:g", Graph().parse(data=TTL, format="turtle"))]
    out.append(store.replace_graph("urn:h", TTL.encode("utf-8")))
    store.add_graph("urn:h", DATA / "hostile.ttl")
    out += [store.graphs(), store.count(), store.count("urn:h"), store.graph_counts()]
    out.append(sorted(map(str, store.get_graph("urn:g"))))
    out.append(store.select("SELECT ?s ?l WHERE { ?s a pp:Structure ; rdfs:label ?l } "
                            "ORDER BY ?s ?l"))
    out.append(store.select("SELECT ?s ?l WHERE { ?s rdfs:label ?l }",
                            {"l": Literal('PAT "} # fictif', lang="fr")}))
    # Bound but not projected; a sequence of terms (one VALUES row each); an empty one.
    out.append(store.select("SELECT ?s WHERE { ?s rdfs:label ?l } ORDER BY ?s",
                            {"l": Literal("OT fictif", lang="fr")}))
    out.append(store.select("SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?s ?l",
                            {"s": [URIRef("urn:s2"), URIRef("urn:s1"), URIRef("urn:zz")],
                             "l": Literal("OT fictif", lang="fr")}))
    out.append(store.select("SELECT ?s WHERE { ?s ?p ?o }", {"s": []}))
    out.append(sorted(map(str, store.construct(
        "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }", {"t": URIRef("https://w3id.org/ppgraph/def#Structure")}))))
    out += [store.ask("ASK { <urn:s1> a pp:Structure }"), store.ask("ASK { <urn:x> ?p ?o }")]
    store.update("INSERT DATA { GRAPH <urn:g> { <urn:s3> a pp:Structure } }")
    store.drop_graph("urn:h")
    out += [store.graph_counts(), store.graphs()]
    store.dump(folder / "copie.trig")
    store.dump(folder / "copie.nq")
    store.replace_graph("urn:autre", b"<urn:a> <urn:b> <urn:c> .", format="nt")
    out.append(store.restore(folder / "copie.nq"))
    out.append(store.graph_counts())
    for name, fmt in (("copie.trig", "trig"), ("copie.nq", "nquads")):
        quads = sorted(str(q) for q in __import__("pyoxigraph").parse(path=str(folder / name)))
        out.append(quads)
    for bad in (lambda: store.select("ASK {}"), lambda: store.ask("SELECT * {}"),
                lambda: store.construct("SELECT * {}"), lambda: store.select("SELECT * { ?s "),
                lambda: store.replace_graph("urn:g", b"<urn:a> <urn:b> .", format="nt"),
                lambda: store.dump(folder / "copie.txt"),
                lambda: store.restore(folder / "copie.txt")):
        with pytest.raises(InputError):
            bad()
    out.append(store.graph_counts())
    return out


def test_the_endpoint_behaves_like_the_embedded_store(empty_server, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "copie.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b" / "copie.txt").write_text("x", encoding="utf-8")
    embedded = scenario(Store(), tmp_path / "a")
    with Endpoint(empty_server.url) as endpoint:
        served = scenario(endpoint, tmp_path / "b")
    assert served == embedded


def test_replace_graph_is_atomic_for_readers(empty_server):
    ep = Endpoint(empty_server.url)
    big = "".join(f"<urn:s{i}> <urn:p> \"{i}\" .\n" for i in range(3000)).encode()
    small = "".join(f"<urn:t{i}> <urn:p> \"{i}\" .\n" for i in range(700)).encode()
    ep.replace_graph("urn:g", big, format="nt")
    seen: set[int] = set()
    done = threading.Event()

    def reader():
        reading = Endpoint(empty_server.url)
        while not done.is_set():
            seen.add(reading.count("urn:g"))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(12):
            ep.replace_graph("urn:g", small if i % 2 == 0 else big, format="nt")
    finally:
        done.set()
        thread.join()
    assert seen <= {3000, 700} and len(seen) == 2
    assert ep.graphs() == [URIRef("urn:g")]  # no staging graph left behind


def test_an_unreadable_file_never_reaches_the_server(empty_server, tmp_path):
    ep = Endpoint(empty_server.url)
    ep.replace_graph("urn:g", TTL.encode())
    broken = tmp_path / "casse.ttl"
    broken.write_text(TTL + "<urn:x> <urn:y> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"casse\.ttl.*illisible"):
        ep.replace_graph("urn:g", broken)
    assert ep.graph_counts() == {URIRef("urn:g"): 4}


def test_clear_french_errors_naming_the_url(empty_server, tmp_path):
    closed = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=rf"Serveur SPARQL injoignable : {closed}/query "
                                         r"\(connexion refusée\).*--endpoint"):
        Endpoint(closed).graphs()
    with pytest.raises(StoreError, match=r"introuvable.*/nulle-part/query \(HTTP 404\)"):
        Endpoint(empty_server.url + "/nulle-part").graphs()
    with pytest.raises(InputError, match=r"Requête SPARQL invalide \(serveur .*/query\) : "
                                         r"error at 1:\d+"):
        Endpoint(empty_server.url).select("SELECT * WHERE { ?s }")
    ro = Endpoint(empty_server.url, read_only=True)
    for write in (lambda: ro.update("CLEAR ALL"), lambda: ro.replace_graph("urn:g", TTL),
                  lambda: ro.drop_graph("urn:g"), lambda: ro.restore(tmp_path / "x.nq")):
        with pytest.raises(StoreError, match="lecture seule"):
            write()
    r = CliRunner().invoke(cli.main, ["--endpoint", closed, "query", "niveaux"])
    assert r.exit_code == 2 and f"Erreur : Serveur SPARQL injoignable : {closed}" in r.output


def test_a_server_without_the_union_default_graph_is_explained():
    server = Server(union=False)
    try:
        ep = Endpoint(server.url)
        ep.replace_graph("urn:g", TTL)
        with pytest.raises(StoreError, match="--union-default-graph.*tdb2:unionDefaultGraph"):
            ep.select("SELECT * WHERE { ?s ?p ?o }")
    finally:
        server.stop()


# -- bindings on a server ----------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("SELECT ?s WHERE { ?s ?p ?t }", "SELECT ?s WHERE { VALUES (?t) { (<urn:T>) } ?s ?p ?t }"),
    ('SELECT ?s # { commentaire\nWHERE { ?s ?p "{" . ?s ?q ?t }',
     'SELECT ?s # { commentaire\nWHERE { VALUES (?t) { (<urn:T>) } ?s ?p "{" . ?s ?q ?t }'),
    ("CONSTRUCT { ?s ?p ?t } FROM <urn:g> WHERE { ?s ?p ?t }",
     "CONSTRUCT { ?s ?p ?t } FROM <urn:g> WHERE { VALUES (?t) { (<urn:T>) } ?s ?p ?t }"),
    ("SELECT (EXISTS { ?s ?p ?t } AS ?e) ?s { ?s ?p ?t }",
     "SELECT (EXISTS { ?s ?p ?t } AS ?e) ?s { VALUES (?t) { (<urn:T>) } ?s ?p ?t }"),
    ("SELECT ?s WHERE { SELECT ?s ?t { ?s ?p ?t } }",
     "SELECT ?s WHERE { VALUES (?t) { (<urn:T>) } { SELECT ?s ?t { VALUES (?t) { (<urn:T>) } "
     "?s ?p ?t } } }"),
    # Bound inside a sub-query that projects it (the same answer, computed for ?t only);
    # not inside one that does not project it (another variable of the same name).
    ("SELECT ?s WHERE { ?s ?p ?t { SELECT ?s { ?s ?q ?t } } }",
     "SELECT ?s WHERE { VALUES (?t) { (<urn:T>) } ?s ?p ?t { SELECT ?s { ?s ?q ?t } } }"),
    ("ASK { ?s ?p ?t }", "ASK { VALUES (?t) { (<urn:T>) } ?s ?p ?t }"),
])
def test_bind_values_puts_the_values_at_the_start_of_the_where_clause(query, expected):
    text = bind_values(query, {"t": URIRef("urn:T")})
    assert text == expected
    parseQuery(text)


@pytest.mark.parametrize("term", [
    URIRef("urn:x> } ; DROP ALL ; #"), URIRef("urn:a b"), URIRef("urn:x\\u003E"),
    Literal("1", datatype=URIRef('urn:t> } DROP ALL #')),
])
def test_terms_that_would_end_their_syntax_are_refused(term):
    with pytest.raises(InputError):
        sparql_term(term)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_cannot_change_a_query_sent_to_the_server(empty_server, value):
    ep = Endpoint(empty_server.url)
    ep.replace_graph(submission_graph("23"), DATA / "hostile.ttl")
    before = ep.graph_counts()
    rows = ep.select("SELECT ?s ?l WHERE { ?s rdfs:label ?l }", {"l": Literal(value, lang="fr")})
    assert [str(r["l"]) for r in rows] == [value]
    rows = run_sparql(ep, "SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(STR(?l) = ?v) }",
                      {"v": Literal(value)}).rows
    assert len(rows) == 1 and str(rows[0]["l"]) == value
    assert ep.ask("ASK { ?s rdfs:label ?l }", {"l": Literal(value + "x", lang="fr")}) is False
    with pytest.raises(InputError):
        ask_question(ep, "qui-fait-quoi", {"departement": value})
    assert ep.graph_counts() == before


# -- the demo on a server: same answers ---------------------------------------------------------

def normalised(answer) -> list:
    """Rows with the multi-valued cells sorted (GROUP_CONCAT has no order)."""
    out = []
    for row in answer.rows:
        out.append({k: (sorted(str(v).split(answer.lists[k])) if k in answer.lists else v)
                    for k, v in row.items()})
    return out


def test_push_copies_every_graph_and_checks_the_counts(pushed, disk_demo):
    with Store(disk_demo, read_only=True) as store:
        assert Endpoint(pushed.url).graph_counts() == store.graph_counts()


@pytest.mark.parametrize("name, params", QUESTION_CASES,
                         ids=[f"{n}-{'-'.join(map(str, p.values()))}" for n, p in QUESTION_CASES])
def test_every_question_gives_the_same_answer_on_the_server(pushed, name, params):
    embedded = ask_question(demo_store(), name, params)
    served = ask_question(Endpoint(pushed.url, read_only=True), name, params)
    assert served.variables == embedded.variables
    assert normalised(served) == normalised(embedded)
    assert served.records() == embedded.records()
    assert embedded.rows or name == "couverture"


def test_replace_graph_route_gives_the_same_store_and_answers(loaded):
    ep = Endpoint(loaded.url)
    assert ep.graph_counts() == demo_store().graph_counts()
    assert [q.name for q in list_questions()]
    for name, params in QUESTION_CASES[::3]:
        assert normalised(ask_question(ep, name, params)) == \
            normalised(ask_question(demo_store(), name, params)), name


def test_the_command_line_works_on_the_server(pushed, disk_demo):
    args = ["query", "orientation", "--param", "territoire=24520", "--param",
            "type=chambre-hotes", "--param", "etape=financement"]
    here = CliRunner().invoke(cli.main, ["--store", str(disk_demo)] + args)
    there = CliRunner().invoke(cli.main, ["--endpoint", pushed.url] + args)
    assert there.exit_code == 0 and there.output == here.output
    there = CliRunner().invoke(cli.main, args, env={"PPGRAPH_ENDPOINT": pushed.url})
    assert there.output == here.output
    before = Endpoint(pushed.url).graph_counts()
    refused = CliRunner().invoke(cli.main, ["--endpoint", pushed.url, "query", "-q",
                                            "CLEAR ALL"])
    assert refused.exit_code == 2 and "--allow-update" in refused.output
    assert Endpoint(pushed.url).graph_counts() == before


def test_service_runs_only_when_allowed(pushed):
    text = (f"SELECT ?nom WHERE {{ SERVICE <{pushed.url}/query> {{ "
            "?r a <https://w3id.org/ppgraph/def#Region> ; "
            "<https://w3id.org/ppgraph/def#codeINSEE> \"75\"^^<http://www.w3.org/2001/XMLSchema#token> ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?nom } }")
    with pytest.raises(InputError, match="--allow-service"):
        run_sparql(Store(), text)
    answer = run_sparql(Store(), text, allow_service=True)
    assert [str(r["nom"]) for r in answer.rows] == ["Nouvelle-Aquitaine"]


def test_push_mirror_drops_the_server_graphs_the_store_has_not(empty_server, tmp_path):
    ep = Endpoint(empty_server.url)
    ep.replace_graph("urn:ancien", TTL)
    path = tmp_path / "m"
    with Store(path) as store:
        store.replace_graph("urn:nouveau", TTL)
        report = push_store(store, ep, mirror=True)
    assert report.dropped == [URIRef("urn:ancien")]
    assert ep.graph_counts() == {URIRef("urn:nouveau"): 4}
    r = CliRunner().invoke(cli.main, ["--store", str(path), "push"])
    assert r.exit_code == 2 and "--endpoint" in r.output


# -- failures on the way: the staging graphs are dropped, the server is unchanged --------------

class FailingProxy:
    """An HTTP proxy on 127.0.0.1 in front of a real server, that fails the requests chosen by
    ``rule(method, path, body)``:

    * ``"refuse"``: answer HTTP 503 without forwarding (the server never sees the request);
    * ``"die"``: forward the request (the server stores it), then close the connection without
      an answer, as a server that crashes or a network that drops would.
    """

    def __init__(self, target: str, rule):
        self.target = target
        self.rule = rule
        self.seen: list[tuple[str, str, bytes]] = []
        self.failed: list[tuple[str, str]] = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                proxy.seen.append((self.command, self.path, body))
                action = proxy.rule(self.command, self.path, body)
                if action:
                    proxy.failed.append((self.command, self.path))
                if action == "refuse":
                    payload = b"injected failure"
                    self.send_response(503)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                status, headers, payload = proxy.forward(self.command, self.path, body,
                                                         self.headers)
                if action == "die":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response(status)
                for name in ("Content-Type",):
                    if headers.get(name):
                        self.send_header(name, headers[name])
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _handle

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever)
        self.thread.start()

    def forward(self, method, path, body, headers):
        request = urllib.request.Request(self.target + path, data=body or None, method=method)
        for name in ("Content-Type", "Accept"):
            if headers.get(name):
                request.add_header(name, headers[name])
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.headers, err.read()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def nth(method: str, n: int, action: str, *, containing: bytes = b""):
    """A rule that fails the n-th request of ``method`` whose body contains ``containing``."""
    count = [0]

    def rule(m, path, body):
        if m == method and containing in body:
            count[0] += 1
            if count[0] == n:
                return action
        return None
    return rule


def triples(n: int, tag: str) -> bytes:
    return "".join(f"<urn:{tag}{i}> <urn:p> \"{i}\" .\n" for i in range(n)).encode()


@pytest.fixture
def populated(empty_server, tmp_path):
    """A server with two graphs, and a dump that would replace them with three others."""
    ep = Endpoint(empty_server.url)
    ep.replace_graph("urn:a", triples(5, "a"), format="nt")
    ep.replace_graph("urn:b", triples(7, "b"), format="nt")
    dump = tmp_path / "autre.nq"
    dump.write_text("".join(f"<urn:x{i}> <urn:p> \"{i}\" <urn:{g}> .\n"
                            for g in ("a", "c", "d") for i in range(3)), encoding="utf-8")
    return ep, dump


def _unchanged(ep: Endpoint, before: dict) -> None:
    after = ep.graph_counts()
    assert not [g for g in after if is_staging(g)], "staging graph left on the server"
    assert after == before


@pytest.mark.parametrize("action", ["refuse", "die"])
def test_restore_rolls_back_when_the_second_upload_fails(populated, empty_server, action):
    ep, dump = populated
    before = ep.graph_counts()
    proxy = FailingProxy(empty_server.url, nth("PUT", 2, action))
    try:
        with pytest.raises(StoreError):
            Endpoint(proxy.url, check_union=False).restore(dump)
    finally:
        proxy.stop()
    # The failure really happened on the way: one graph was already staged on the server.
    assert proxy.failed == [("PUT", proxy.failed[0][1])]
    assert [m for m, _, _ in proxy.seen].count("PUT") == 2
    _unchanged(ep, before)


@pytest.mark.parametrize("action", ["refuse", "die"])
def test_restore_rolls_back_when_the_final_update_fails(populated, empty_server, action):
    ep, dump = populated
    before = ep.graph_counts()
    proxy = FailingProxy(empty_server.url, nth("POST", 1, action, containing=b"MOVE"))
    try:
        with pytest.raises(StoreError):
            Endpoint(proxy.url, check_union=False).restore(dump)
    finally:
        proxy.stop()
    assert len(proxy.failed) == 1 and [m for m, _, _ in proxy.seen].count("PUT") == 3
    if action == "die":  # the update reached the server: it ran, as one transaction
        assert set(ep.graph_counts()) == {URIRef("urn:a"), URIRef("urn:c"), URIRef("urn:d")}
    else:
        _unchanged(ep, before)


def test_replace_graph_rolls_back_when_the_update_is_refused(populated, empty_server):
    ep, _ = populated
    before = ep.graph_counts()
    proxy = FailingProxy(empty_server.url, nth("POST", 1, "refuse", containing=b"MOVE"))
    try:
        with pytest.raises(StoreError, match="HTTP 503"):
            Endpoint(proxy.url, check_union=False).replace_graph("urn:a", triples(9, "n"),
                                                                 format="nt")
    finally:
        proxy.stop()
    assert proxy.failed
    _unchanged(ep, before)


@pytest.mark.parametrize("rule", [nth("PUT", 2, "die"),
                                  nth("POST", 1, "refuse", containing=b"MOVE")],
                         ids=["second-upload-dies", "update-refused"])
def test_push_rolls_back_when_the_server_fails_mid_way(populated, empty_server, tmp_path, rule):
    ep, _ = populated
    before = ep.graph_counts()
    with Store(tmp_path / "local") as store:
        for g in ("a", "c", "d"):
            store.replace_graph(f"urn:{g}", triples(4, g), format="nt")
        proxy = FailingProxy(empty_server.url, rule)
        try:
            with pytest.raises(StoreError):
                push_store(store, Endpoint(proxy.url, check_union=False), mirror=True)
        finally:
            proxy.stop()
    assert proxy.failed
    _unchanged(ep, before)


def test_without_failure_the_proxy_passes_everything_through(populated, empty_server):
    """The proxy itself is transparent: the same restore succeeds through it."""
    ep, dump = populated
    proxy = FailingProxy(empty_server.url, lambda *a: None)
    try:
        assert Endpoint(proxy.url, check_union=False).restore(dump) == 9
    finally:
        proxy.stop()
    assert ep.graph_counts() == {URIRef("urn:a"): 3, URIRef("urn:c"): 3, URIRef("urn:d"): 3}


# -- submissions go to the server with the same promise ----------------------------------------

def test_submit_to_the_server_is_atomic(pushed, tmp_path):
    ep = Endpoint(pushed.url)
    original = next(f for f in demo_files() if f.stem.endswith("-23"))
    # The server already holds the demo's 23 exactly: submitting it again would change
    # nothing (« aucune modification », no version). A new year's data differs a little.
    source = tmp_path / "soumission-23.ttl"
    data = Graph().parse(original, format="turtle")
    record = data.value(predicate=RDF.type, object=PP.Soumission)
    data.set((record, RDFS.comment, Literal("Mise à jour de 2026.", lang="fr")))
    data.serialize(source, format="turtle")
    r = CliRunner().invoke(cli.main, ["--endpoint", pushed.url, "submit", str(original),
                                      "--departement", "23", "--par", "Test"])
    assert r.exit_code == 0 and "Aucune modification" in r.output, r.output
    r = CliRunner().invoke(cli.main, ["--endpoint", pushed.url, "submit", str(source),
                                      "--departement", "23", "--par", "Test"])
    assert r.exit_code == 0, r.output
    assert ep.count(submission_graph("23")) == len(Graph().parse(source, format="turtle"))
    versions = ep.select("SELECT ?v WHERE { GRAPH <https://w3id.org/ppgraph/graphe/provenance> "
                         "{ ?v a pp:VersionDeSoumission } }")
    assert versions
    before = ep.graph_counts()
    broken = tmp_path / "soumission-23-cassee.ttl"
    broken.write_text(source.read_text(encoding="utf-8").replace(
        "niveau:guichet-unique", "niveau:inexistant"), encoding="utf-8")
    r = CliRunner().invoke(cli.main, ["--endpoint", pushed.url, "submit", str(broken),
                                      "--departement", "23"])
    assert r.exit_code == 1, r.output
    assert ep.graph_counts() == before
    answers = ask_question(ep, "qui-fait-quoi", {"departement": "23"})
    assert normalised(answers) == normalised(ask_question(demo_store(), "qui-fait-quoi",
                                                           {"departement": "23"}))

"""The store never half-written, whatever happens (issue 10): ``ppgraph submit`` killed with
SIGKILL at random moments, two submits at once on the embedded store and on a real Oxigraph
server (on disk), restore re-validating what it brings back, and no command reaching out to
the network.

Figures the tests print (``pytest -s``): each kill's moment and what it left.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

import cli
from ppgraph.namespaces import GRAPHE, submission_graph
from ppgraph.store import Endpoint, Store, push_store
from ppgraph.store.protocol import is_staging
from ppgraph.submission import (PROVENANCE_GRAPH, RestoreRefused, history, restore, submit)
from ppgraph.validation import read_submission, validate

ROOT = Path(__file__).resolve().parent.parent
CLASSEURS = ROOT / "data" / "demo" / "classeurs"
G23 = submission_graph("23")


def run_cli(*args: str, env: dict | None = None, **kw) -> subprocess.Popen:
    """``ppgraph`` as a real process (the checkout's cli.py)."""
    return subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, cwd=kw.get("cwd"))


@pytest.fixture(scope="module")
def creuse_files():
    """The two Creuse workbooks of the demo and what each puts in the store."""
    files = {"soumission": CLASSEURS / "soumission-23.xlsx",
             "mise-a-jour": CLASSEURS / "mise-a-jour-23.xlsx"}
    return {k: (f, read_submission(f, departement="23").graph) for k, f in files.items()}


def check_whole(store: Store, contents: dict[str, Graph]) -> tuple[str, int]:
    """The submission graph of the Creuse is exactly one of ``contents``; its history is
    complete (every version's archive or current graph holds its recorded triples); no
    staging graph is left. Returns which content and how many versions."""
    current = store.get_graph(G23)
    which = [k for k, g in contents.items() if len(g) == len(current) and isomorphic(g, current)]
    assert len(which) == 1, f"ni l'ancienne ni la nouvelle version : {len(current)} triplets"
    versions = history(store, target=G23)
    numbers = [v.number for v in versions]
    assert numbers == sorted(set(numbers)), numbers
    for v in versions:  # an archive holds each statement reified: three triples
        held = len(current) if v.current else store.count(v.archive) // 3
        assert held == v.triples, (v.number, held, v.triples)
    assert not [g for g in store.graphs() if is_staging(g)]
    return which[0], len(versions)


# -- SIGKILL at random moments ------------------------------------------------------------------------

@pytest.mark.slow
def test_submit_killed_at_random_moments_leaves_the_old_or_the_new_version_whole(
        built_demo, creuse_files, tmp_path):
    store_path = tmp_path / "magasin"
    shutil.copytree(built_demo.store_path, store_path)
    contents = {k: g for k, (_f, g) in creuse_files.items()}
    with Store(store_path) as store:
        current, n_versions = check_whole(store, contents)

    def logs() -> dict[str, int]:
        sizes = {}
        for f in store_path.glob("*.log"):
            try:
                sizes[f.name] = f.stat().st_size
            except FileNotFoundError:  # RocksDB removed it meanwhile
                pass
        return sizes

    def writing(before: dict[str, int]) -> bool:
        """RocksDB starts a new write-ahead log when the store is opened; the update's
        commit is the moment that new log grows."""
        return any(size > 0 and name not in before for name, size in logs().items())

    # An uninterrupted submit first: when does its one update reach RocksDB's write-ahead
    # log, and when does it end? The kills are spread around those moments.
    other = "soumission" if current == "mise-a-jour" else "mise-a-jour"
    before = logs()
    t0 = time.monotonic()
    p = run_cli("--store", str(store_path), "submit", str(creuse_files[other][0]),
                "--departement", "23")
    commit = None
    while p.poll() is None:
        if commit is None and writing(before):
            commit = time.monotonic() - t0
        time.sleep(0.002)
    full = time.monotonic() - t0
    assert p.returncode == 0, p.stderr.read()
    commit = commit or full
    with Store(store_path) as store:
        current, n_versions = check_whole(store, contents)
    rng = random.Random(2019)
    outcomes = []
    attempt = 0
    while len(outcomes) < 24 and attempt < 60:
        attempt += 1
        other = "soumission" if current == "mise-a-jour" else "mise-a-jour"
        # Two kills in three at a random moment between the start and just after the
        # commit; one in three as soon as the write-ahead log grows (the update is being
        # written), within 5 ms.
        on_write = attempt % 3 == 0
        delay = rng.uniform(0.0, 0.005) if on_write else rng.uniform(0.05, commit + 0.3)
        before = logs()
        t0 = time.monotonic()
        p = run_cli("--store", str(store_path), "submit", str(creuse_files[other][0]),
                    "--departement", "23")
        if on_write:
            while p.poll() is None and not writing(before) and time.monotonic() - t0 < full * 3:
                time.sleep(0.001)
        time.sleep(delay)
        alive = p.poll() is None
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=60)
        moment = time.monotonic() - t0
        with Store(store_path) as store:  # opens: the lock went with the process
            now, n = check_whole(store, contents)
        landed = now != current
        assert n == n_versions + (1 if landed else 0)
        if alive:
            outcomes.append((round(moment, 3), "nouvelle" if landed else "ancienne",
                             "écriture" if on_write else "au hasard"))
        current, n_versions = now, n
    print(f"\nversement complet : {full:.2f} s, mise à jour écrite à {commit:.2f} s ; "
          f"{len(outcomes)} SIGKILL sur un processus vivant (moment en s, version trouvée, "
          "déclenchement) :")
    for o in outcomes:
        print("  ", o)
    assert len(outcomes) >= 20
    assert {o[1] for o in outcomes} == {"ancienne", "nouvelle"}


# -- two submits at once --------------------------------------------------------------------------------

def changed_workbook(source: Path, target: Path, tag: str = "modifié") -> Path:
    """A copy of a demo workbook whose first structure's name says ``tag``: a submission that
    is not the one the store holds."""
    wb = openpyxl.load_workbook(source)
    ws = wb["Structures"]
    column = [c.value for c in ws[1]].index("Nom *") + 1
    ws.cell(2, column).value = f"{ws.cell(2, column).value} ({tag})"
    wb.save(target)
    return target


def variant(result, tag: str):
    """``result`` (a submission read) with its first structure's name ending in ``tag``, so
    that every submission of a race has its own content (an unchanged one writes nothing)."""
    graph = result.graph
    node = sorted(s for s in graph.subjects(RDF.type, None)
                  if (s, RDFS.label, None) in graph and "/structure/" in str(s))[0]
    label = graph.value(node, RDFS.label)
    graph.set((node, RDFS.label, Literal(f"{label} ({tag})", lang=label.language,
                                         datatype=label.datatype)))
    return result


def locked(store_path: Path) -> bool:
    """Whether another process holds the on-disk store for writing (RocksDB's POSIX lock)."""
    import fcntl
    with open(store_path / "LOCK", "a+") as fh:
        try:
            fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.lockf(fh, fcntl.LOCK_UN)
        return False


def test_two_submits_at_once_on_the_embedded_store_one_waits_and_both_land(built_demo, tmp_path):
    store_path = tmp_path / "magasin"
    shutil.copytree(built_demo.store_path, store_path)
    with Store(store_path, read_only=True) as store:
        before = {c: len(history(store, departement=c)) for c in ("19", "23")}
    # The store already holds soumission-19.xlsx (and submitting it again would change
    # nothing): the Corrèze submits a changed workbook.
    changed = changed_workbook(CLASSEURS / "soumission-19.xlsx", tmp_path / "correze-2027.xlsx")
    first = run_cli("--store", str(store_path), "submit", str(changed), "--departement", "19")
    # The second starts once the first holds the store (RocksDB's lock on store/LOCK), for
    # the seconds it reads and validates the workbook.
    deadline = time.monotonic() + 60
    while not locked(store_path) and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    second = run_cli("--store", str(store_path), "submit",
                     str(CLASSEURS / "soumission-23.xlsx"), "--departement", "23")
    out1, err1 = first.communicate(timeout=180)
    out2, err2 = second.communicate(timeout=180)
    assert first.returncode == 0 and second.returncode == 0, (err1, err2)
    assert "versée" in out1 and "versée" in out2
    waited = [err for err in (err1, err2) if "j'attends qu'elle se termine" in err]
    assert waited, (err1, err2)
    with Store(store_path, read_only=True) as store:
        after = {c: len(history(store, departement=c)) for c in ("19", "23")}
    assert after == {c: n + 1 for c, n in before.items()}


def test_a_writer_that_cannot_wait_gets_a_clear_message(tmp_path):
    path = tmp_path / "magasin"
    holder = Store(path)
    try:
        t0 = time.monotonic()
        code = textwrap.dedent(f"""
            import sys
            sys.path.insert(0, {str(ROOT)!r})
            from ppgraph.store import open_store
            from ppgraph.errors import StoreLockedError
            try:
                open_store({str(path)!r}, wait=1.0, on_wait=lambda m: print(m.render("fr")))
            except StoreLockedError as err:
                print(err); sys.exit(3)
        """)
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=60)
        assert r.returncode == 3, r.stderr
        assert "j'attends" in r.stdout and "après 1 s d'attente" in r.stdout
        assert time.monotonic() - t0 >= 1.0
    finally:
        holder.close()


@pytest.fixture(scope="module")
def disk_server(tmp_path_factory, built_demo):
    """A real ``oxigraph serve`` on disk (RocksDB: repeatable-read transactions, where two
    submits at once used to collide), holding the demo."""
    from test_endpoint import Server
    server = Server(tmp_path_factory.mktemp("serveur") / "donnees")
    with Store(built_demo.store_path, read_only=True) as local, \
            Endpoint(server.url) as remote:
        push_store(local, remote)
    yield server
    server.stop()


@pytest.mark.slow
def test_simultaneous_submits_on_a_server_land_whole_with_distinct_version_numbers(
        disk_server, creuse_files):
    sources = {"19": CLASSEURS / "soumission-19.xlsx", "23": creuse_files["soumission"][0]}
    # Six submissions, each with its own content (an unchanged one would write nothing,
    # issue 10), two for the Corrèze and four for the Creuse. The reports are computed once:
    # the race is on writing, not on validating.
    jobs = ["19a", "23a", "23b", "23c", "23d", "19b"]
    with Endpoint(disk_server.url) as ep:
        results = {k: variant(read_submission(sources[k[:2]], departement=k[:2]), k)
                   for k in jobs}
        reports = {k: validate(r, store=ep, departement=k[:2],
                               target_graph=submission_graph(k[:2]))
                   for k, r in results.items()}
        before = {c: len(history(ep, departement=c)) for c in ("19", "23")}
    assert all(r.conforms for r in reports.values())
    errors, waits = [], []

    def one(key: str) -> None:
        try:
            with Endpoint(disk_server.url, on_wait=waits.append) as ep:
                submit(ep, results[key], departement=key[:2], report=reports[key])
        except Exception as err:  # pragma: no cover - reported below
            errors.append(repr(err))

    threads = [threading.Thread(target=one, args=(k,)) for k in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    with Endpoint(disk_server.url) as ep:
        for code, n in (("19", 2), ("23", 4)):
            versions = history(ep, departement=code)
            numbers = [v.number for v in versions]
            assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), numbers
            assert len(versions) == before[code] + n
            # One record per version IRI: no number was given twice.
            rows = ep.select("SELECT ?v (COUNT(?n) AS ?k) WHERE { GRAPH ?p { ?v pp:numeroVersion ?n ; "
                             "prov:specializationOf ?g } } GROUP BY ?v",
                             {"p": PROVENANCE_GRAPH, "g": submission_graph(code)})
            assert all(int(r["k"]) == 1 for r in rows), rows
            current = ep.get_graph(submission_graph(code))
            candidates = [results[k].graph for k in results if k[:2] == code]
            assert sum(isomorphic(current, g) for g in candidates) == 1
            for v in versions:
                if not v.current:  # reified: three triples a statement
                    assert ep.count(v.archive) == 3 * v.triples, v
        assert not [g for g in ep.graphs() if is_staging(g)]  # every lease released
    print(f"\n{len(jobs)} versements simultanés, {len(waits)} ont attendu un bail")


# -- restore re-validates -------------------------------------------------------------------------

def test_restore_refuses_a_version_that_no_longer_conforms_unless_forced(built_demo, tmp_path,
                                                                        creuse_files):
    store_path = tmp_path / "magasin"
    shutil.copytree(built_demo.store_path, store_path)
    with Store(store_path) as store:
        v1 = next(v for v in history(store, target=G23) if v.number == 1)
        # Version 1 as today's rules see it: one of its structures has no name (as if the
        # name had become required since). Its archive loses that statement.
        node = next(r["s"] for r in store.select(
            "SELECT ?s WHERE { GRAPH ?a { ?st rdf:subject ?s ; rdf:predicate rdfs:label } } "
            "ORDER BY ?s LIMIT 1", {"a": v1.archive}))
        store.update(f"DELETE {{ GRAPH <{v1.archive}> {{ ?st ?p ?o }} }} WHERE {{ GRAPH "
                     f"<{v1.archive}> {{ ?st rdf:subject <{node}> ; rdf:predicate rdfs:label ; "
                     "?p ?o } }")
        current = store.get_graph(G23)
        with pytest.raises(RestoreRefused) as err:
            restore(store, 1, departement="23")
        assert "n'est plus conforme" in str(err.value) and not err.value.report.conforms
        assert isomorphic(store.get_graph(G23), current)  # nothing changed
        assert len(history(store, target=G23)) == 2
    r = CliRunner().invoke(cli.main, ["--store", str(store_path), "restore", "--departement",
                                      "23", "--version", "1", "--yes"])
    assert r.exit_code == 1 and "Nom" in r.output and "--force" in r.output, r.output
    r = CliRunner().invoke(cli.main, ["--store", str(store_path), "--lang", "en", "restore",
                                      "--departement", "23", "--version", "1", "--yes"])
    assert r.exit_code == 1 and "no longer conforms" in r.output, r.output
    r = CliRunner().invoke(cli.main, ["--store", str(store_path), "restore", "--departement",
                                      "23", "--version", "1", "--yes", "--force"])
    assert r.exit_code == 0, r.output
    with Store(store_path, read_only=True) as store:
        restored = store.get_graph(G23)
        assert (node, RDFS.label, None) not in restored and len(restored) == v1.triples - 1


# -- no network ----------------------------------------------------------------------------------

GUARD = '''
"""Loaded first by every Python process of the test (sitecustomize): any connection to
another host than the test's own loopback server is recorded and refused."""
import os, socket
_ALLOWED = {("127.0.0.1", int(p)) for p in os.environ.get("PPGRAPH_TEST_PORTS", "").split(",") if p}
_LOG = os.environ["PPGRAPH_TEST_NETLOG"]

def _check(address):
    host, port = (address[0], address[1]) if isinstance(address, tuple) else (str(address), 0)
    if isinstance(address, tuple) and (host, int(port)) in _ALLOWED:
        return
    if not isinstance(address, tuple):  # a Unix socket: not the network
        return
    with open(_LOG, "a") as fh:
        fh.write(f"{host}:{port}\\n")
    raise OSError(101, "réseau interdit par le test")

_connect, _connect_ex, _sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
def connect(self, address):
    _check(address); return _connect(self, address)
def connect_ex(self, address):
    _check(address); return _connect_ex(self, address)
def sendto(self, data, *args):
    _check(args[-1]); return _sendto(self, data, *args)
_getaddrinfo = socket.getaddrinfo
def getaddrinfo(host, *args, **kw):
    if host not in ("127.0.0.1", "localhost", None):
        with open(_LOG, "a") as fh:
            fh.write(f"résolution {host}\\n")
        raise socket.gaierror(-2, "réseau interdit par le test")
    return _getaddrinfo(host, *args, **kw)
socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
socket.getaddrinfo = getaddrinfo
'''


@pytest.mark.slow
def test_no_command_reaches_out_to_the_network(tmp_path, creuse_files):
    from test_endpoint import Server
    guard = tmp_path / "garde"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "reseau.log"
    server = Server()
    env = {"PYTHONPATH": f"{guard}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "PPGRAPH_TEST_NETLOG": str(log), "PPGRAPH_TEST_PORTS": str(server.port)}
    # A JSON-LD file whose context is on another host, and a hostile Turtle with a SERVICE
    # query: neither may make ppgraph reach out.
    (tmp_path / "distant.jsonld").write_text(
        '{"@context": "https://exemple.test/contexte.jsonld", "@id": "urn:x", "nom": "x"}',
        encoding="utf-8")
    demo = tmp_path / "demo"
    store = demo / "store"
    xlsx = str(CLASSEURS / "soumission-23.xlsx")
    commands = [
        ["demo", "-o", str(demo)],
        ["demo", "generer", "-o", str(tmp_path / "gen"), "--scale", "0.2",
         "--departements", "23", "--sans-classeurs"],
        ["--store", str(store), "info"],
        ["--store", str(store), "dump", "-o", str(tmp_path / "tout.nq")],
        ["--store", str(tmp_path / "copie"), "load", str(tmp_path / "tout.nq"), "--yes"],
        ["template", "--departement", "23", "-o", str(tmp_path / "modele.xlsx")],
        ["import", xlsx, "-o", str(tmp_path / "creuse.ttl")],
        ["--store", str(store), "validate", xlsx, "--format", "html", "-o",
         str(tmp_path / "rapport.html")],
        ["--store", str(store), "validate", str(tmp_path / "distant.jsonld")],
        ["--store", str(store), "submit", xlsx, "--departement", "23"],
        ["--store", str(store), "history", "--departement", "23"],
        ["--store", str(store), "restore", "--departement", "23", "--version", "1", "--yes"],
        ["--store", str(store), "export", "--departement", "23", "-o",
         str(tmp_path / "export.xlsx")],
        ["--store", str(store), "query", "qui-fait-quoi", "--param", "departement=23"],
        ["--store", str(store), "query", "-q",
         "SELECT * WHERE { SERVICE <https://exemple.test/sparql> { ?s ?p ?o } }"],
        ["--store", str(store), "network", "stats"],
        ["--store", str(store), "network", "export", "-o", str(tmp_path / "r.gexf")],
        ["--store", str(store), "viz", "-o", str(tmp_path / "vue.html")],
        ["--store", str(store), "push", "--endpoint", server.url],
        ["--endpoint", server.url, "submit", xlsx, "--departement", "23"],
        ["--endpoint", server.url, "query", "niveaux"],
    ]
    try:
        ran = []
        for args in commands:
            p = run_cli(*args, env=env)
            out, err = p.communicate(timeout=300)
            ran.append((args, p.returncode, err.strip().splitlines()[-1:] if err else ""))
            assert p.returncode in (0, 1, 2), (args, err)
            assert "Erreur inattendue" not in err, (args, err)
    finally:
        server.stop()
    reached = log.read_text() if log.exists() else ""
    assert reached == "", reached
    # The guard works: the same interpreter is refused a connection to another host.
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(("
                            "'192.0.2.1', 80), timeout=1)"], capture_output=True, text=True,
                           env={**os.environ, **env})
    assert probe.returncode != 0 and "192.0.2.1" in log.read_text()
    refused = {tuple(a[:5]) for a, code, _ in ran if code != 0}
    assert len(ran) == len(commands) and len(refused) <= 3, ran


# -- the yearly round trip: export, then submit again ------------------------------------------------

DEMO_DEPARTEMENTS = ("16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87")


def round_trip(store: Store, code: str, folder: Path) -> tuple[bool, int, int]:
    """Export a département with its personal data, submit the file again: whether the
    store's graph is the same (isomorphic), its size, and how many versions were added."""
    from ppgraph.submission import export_submission
    before = store.get_graph(submission_graph(code))
    n = len(history(store, departement=code))
    done = export_submission(store, folder / f"{code}.xlsx", departement=code,
                             include_personal=True)
    assert done.left == [], done.left  # every triple has its column
    assert submit(store, done.path, departement=code).unchanged  # « aucune modification »
    after = store.get_graph(submission_graph(code))
    return isomorphic(before, after), len(after), len(history(store, departement=code)) - n


def test_export_with_personal_data_then_submit_is_the_identity_for_the_creuse(built_demo, tmp_path):
    store_path = tmp_path / "magasin"
    shutil.copytree(built_demo.store_path, store_path)
    r = CliRunner().invoke(cli.main, ["--store", str(store_path), "export", "--departement", "23",
                                      "--donnees-personnelles", "-o", str(tmp_path / "creuse.xlsx")])
    assert r.exit_code == 0, r.output
    written = tmp_path / "creuse-donnees-personnelles.xlsx"  # the name says what it holds
    assert written.exists() and "données personnelles" in r.output.lower()
    wb_notice = __import__("openpyxl").load_workbook(written)["Instructions"]
    assert any("données personnelles" in str(c.value) for row in wb_notice.iter_rows()
               for c in row if c.value)
    with Store(store_path) as store:
        before = store.get_graph(G23)
        assert submit(store, written, departement="23").unchanged
        assert isomorphic(store.get_graph(G23), before)


def test_a_public_export_submitted_as_it_is_is_refused_before_it_erases_personal_data(
        built_demo, tmp_path):
    store_path = tmp_path / "magasin"
    shutil.copytree(built_demo.store_path, store_path)
    runner = CliRunner()
    r = runner.invoke(cli.main, ["--store", str(store_path), "export", "--departement", "23",
                                 "-o", str(tmp_path / "public.xlsx")])
    assert r.exit_code == 0 and (tmp_path / "public.xlsx").exists()
    with Store(store_path, read_only=True) as store:
        before = store.get_graph(G23)
    r = runner.invoke(cli.main, ["--store", str(store_path), "submit",
                                 str(tmp_path / "public.xlsx"), "--departement", "23"])
    assert r.exit_code == 2, r.output
    assert "export public" in r.output and "effacerait" in r.output
    assert "--donnees-personnelles" in r.output
    with Store(store_path, read_only=True) as store:
        assert isomorphic(store.get_graph(G23), before)  # nothing written


@pytest.mark.slow
def test_export_then_submit_is_the_identity_for_every_demo_departement(built_demo, tmp_path):
    store_path = tmp_path / "magasin"
    shutil.copytree(built_demo.store_path, store_path)
    figures = {}
    with Store(store_path) as store:
        for code in DEMO_DEPARTEMENTS:
            same, size, added = round_trip(store, code, tmp_path)
            figures[code] = (same, size, added)
    print("\naller-retour export → submit :", figures)
    assert all(same for same, _size, _added in figures.values()), figures
    assert all(added == 0 for _same, _size, added in figures.values())  # no new version

"""Benchmark of the named questions (not collected by pytest: run it by hand).

    python tests/benchmarks/bench_questions.py               # about three minutes
    python tests/benchmarks/bench_questions.py --rapide      # the demo only
    python tests/benchmarks/bench_questions.py --serveur     # also on an Oxigraph server
    python tests/benchmarks/bench_questions.py --scale 3     # a smaller large store

Two stores:

1. the demo: the reference data and ``data/demo/*.ttl`` (12 départements), in memory;
2. the largest network the generator makes in about a minute: ``generate_network(scale=...,
   departements=<all 101>)``, about a million triples, bulk-loaded into an on-disk
   pyoxigraph store from N-Triples (no rdflib parsing).

For each named question: the median time of the complete question (parameter values
resolved, query, labels of the IRIs of the answer) and of its query alone, with the
parameters in a VALUES block as ppgraph binds them, and the query's ratio to a baseline
measured in the same run on the same store: a full scan,
``SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }``. On the embedded stores, the query is also
timed with Oxigraph's substitutions (``pyoxigraph.Store.query(…, substitutions=…)``), the
other way to bind parameters, for comparison (``Store.select(text, bindings)`` binds with
VALUES too). With ``--serveur``, the same questions are timed on
``oxigraph serve`` after ``push_store`` (whose time is reported too).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from ppgraph.demo import generate_network, parse_departements  # noqa: E402
from ppgraph.store import Endpoint, push_store  # noqa: E402
from ppgraph.store.sparql import bind_values  # noqa: E402
from ppgraph.namespaces import PREFIXES, submission_graph  # noqa: E402
from ppgraph.questions import ask_question, load_question, resolve_parameters  # noqa: E402
from ppgraph.reference import load_reference_data  # noqa: E402
from ppgraph.resources import demo_dir  # noqa: E402
from ppgraph.store import Store, graph_to_ntriples, to_oxigraph  # noqa: E402

CASES = [
    ("qui-fait-quoi", {"departement": "33"}),
    ("orientation", {"territoire": "24520", "type": "chambre-hotes", "etape": "financement"}),
    ("orientation", {"territoire": "Arcachon", "type": "hebergement-insolite",
                     "etape": "montage-reglementaire"}),
    ("niveaux", {}),
    ("couverture", {}),
    ("couverture", {"departement": "23"}),
    ("parcours", {"projet": "33-PJ-0001"}),
    ("reseau", {}),
    ("reseau", {"departement": "33"}),
    ("devenus-prestataires", {}),
]
BASELINE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def median_time(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def demo_store() -> Store:
    store = Store()
    load_reference_data(store)
    for path in sorted(demo_dir().glob("soumission-*.ttl")):
        store.replace_graph(submission_graph(path.stem.split("-", 1)[1]), path)
    return store


def large_store(folder: Path, scale: float) -> tuple[Store, dict]:
    deps = parse_departements("tous")
    start = time.perf_counter()
    network = generate_network(seed=2019, scale=scale, departements=deps)
    generated = time.perf_counter() - start
    store = Store(folder)
    load_reference_data(store)
    serialised = loaded = 0.0
    for code, graph in network.submissions.items():
        start = time.perf_counter()
        data = graph_to_ntriples(graph)  # the generator's rdflib graphs, written once
        serialised += time.perf_counter() - start
        start = time.perf_counter()
        store.oxigraph.bulk_load(data, format=ox.RdfFormat.N_TRIPLES,
                                 to_graph=ox.NamedNode(str(submission_graph(code))))
        loaded += time.perf_counter() - start
    return store, {"départements": len(deps), "échelle": scale, "génération (s)": generated,
                   "écriture N-Triples par rdflib (s)": serialised,
                   "chargement en bloc pyoxigraph (s)": loaded,
                   "triplets des soumissions": network.triples(),
                   "triplets du magasin": store.count()}


def bench(store, repeat: int, substitutions: bool) -> list[tuple]:
    """(question, rows, complete question, query with VALUES, query with Oxigraph's
    substitutions or None) for each case, after the baseline."""
    base, _ = median_time(lambda: store.select(BASELINE), repeat)
    rows = [("référence : parcours complet (COUNT(*))", 1, base, base, None)]
    for name, params in CASES:
        question = load_question(name)
        complete, answer = median_time(lambda: ask_question(store, question, params), repeat)
        bindings = resolve_parameters(store, question, params)
        bound = bind_values(question.text, bindings) if bindings else question.text
        query, _ = median_time(lambda: store.select(bound), repeat)
        subst = None
        if substitutions and bindings:  # the other way to bind, for comparison
            subs = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
            subst, _ = median_time(lambda: list(store.oxigraph.query(
                question.text, use_default_graph_as_union=True, substitutions=subs,
                prefixes=PREFIXES)), repeat)
        label = name + (" " + " ".join(f"{k}={v}" for k, v in params.items()) if params else "")
        rows.append((label, len(answer.rows), complete, query, subst))
    return rows


def report(title: str, rows, extra: dict | None = None) -> None:
    print(f"\n{title}")
    for k, v in (extra or {}).items():
        print(f"  {k} : {v:,.2f}" if isinstance(v, float) else f"  {k} : {v:,}")
    base = rows[0][3]
    print(f"  {'question':<62} {'lignes':>6} {'complète':>10} {'requête':>10} {'ratio':>6}"
          f" {'substitutions':>14}")
    for label, n, complete, query, subst in rows:
        other = f"{subst * 1000:>12.1f}ms" if subst is not None else f"{'':>14}"
        print(f"  {label[:62]:<62} {n:>6} {complete * 1000:>8.1f}ms {query * 1000:>8.1f}ms "
              f"{query / base:>6.2f} {other}")


class Server:
    def __init__(self, location: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
        self.process = subprocess.Popen([binary, "serve", "--location", str(location),
                                         "--bind", f"127.0.0.1:{port}",
                                         "--union-default-graph"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(400):
            try:
                urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=1)
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("oxigraph serve n'a pas démarré")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def on_server(store: Store, folder: Path, repeat: int, title: str) -> None:
    server = Server(folder)
    try:
        endpoint = Endpoint(server.url)
        start = time.perf_counter()
        pushed = push_store(store, endpoint)
        elapsed = time.perf_counter() - start
        report(title, bench(endpoint, repeat, substitutions=False),
               {"push_store (s)": elapsed, "triplets copiés": pushed.triples})
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=4.5,
                        help="échelle du grand réseau (défaut 4,5 : une minute de génération "
                             "environ, un million de triplets)")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--rapide", action="store_true", help="la démo seulement")
    parser.add_argument("--serveur", action="store_true", help="aussi sur oxigraph serve")
    args = parser.parse_args()

    store = demo_store()
    report(f"Démo (12 départements, {store.count():,} triplets), magasin en mémoire",
           bench(store, args.repetitions, substitutions=True))
    with tempfile.TemporaryDirectory() as tmp:
        if args.serveur:
            on_server(store, Path(tmp) / "serveur-demo", args.repetitions,
                      "Démo sur oxigraph serve (après push_store)")
        if args.rapide:
            return 0
        big, facts = large_store(Path(tmp) / "grand", args.scale)
        with big:
            report(f"Grand réseau (101 départements, échelle {args.scale:g}), magasin sur "
                   "disque", bench(big, args.repetitions, substitutions=True), facts)
            if args.serveur:
                on_server(big, Path(tmp) / "serveur-grand", args.repetitions,
                          "Grand réseau sur oxigraph serve (après push_store)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

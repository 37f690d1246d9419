"""Benchmark of the network views (not collected by pytest: run it by hand).

    python tests/benchmarks/bench_viz.py            # about two minutes
    python tests/benchmarks/bench_viz.py --rapide   # synthetic graphs only, a few seconds
    python tests/benchmarks/bench_viz.py --pyvis    # also pyvis's add_node, for comparison

Reports, with ratios against a baseline measured in the same run (so that the figures do
not depend on the machine):

1. the demo (data/demo/*.ttl in an in-memory store): projection of the actor graph, the
   regional view, a département view;
2. views of synthetic NetworkX graphs of 2,000, 4,000, 8,000 and 16,000 nodes (structures in
   12 départements, about 1.5 links per node): producing a view must grow about linearly;
3. end to end, from a store filled by ``generate_network(scale=...)`` with the projects
   (``include_projects=True``) to the HTML, at sizes close to the same four.

Each time is the median of a few runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from ppgraph.demo import generate_network  # noqa: E402
from ppgraph.namespaces import submission_graph  # noqa: E402
from ppgraph.network import actor_graph, add_structure, departement_subgraph  # noqa: E402
from ppgraph.reference import load_reference_data  # noqa: E402
from ppgraph.resources import demo_dir  # noqa: E402
from ppgraph.store import Store  # noqa: E402
from ppgraph.viz import render_view  # noqa: E402

SIZES = (2000, 4000, 8000, 16000)


def median_time(fn, repeat: int = 3):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def synthetic(n: int, seed: int = 2019) -> nx.MultiDiGraph:
    """n structures in 12 départements; each orients to 1 or 2 others, mostly in its own."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph(niveau_floor=0, niveau_top=2)
    deps = [f"{10 + i}" for i in range(12)]
    for i in range(n):
        add_structure(G, f"s{i}", f"Structure fictive n°{i}", deps[i % 12], i % 3,
                      type_label="Office de tourisme", referrals_received=i % 5)
    for i in range(n):
        for _ in range(rng.choice((1, 2))):
            j = rng.randrange(n) if rng.random() < 0.1 else (i + 12 * rng.randint(1, 20)) % n
            if j != i:
                G.add_edge(f"s{i}", f"s{j}", key="oriente", kind="oriente", label="oriente vers",
                           weight=rng.randint(1, 5))
    return G


def line(label: str, seconds: float, extra: str = "") -> None:
    print(f"  {label:<46} {seconds * 1000:9.0f} ms  {extra}")


def demo_figures() -> None:
    print("1. Démo (data/demo, 12 départements), magasin en mémoire")
    store = Store()
    load_reference_data(store)
    for f in sorted(demo_dir().glob("soumission-*.ttl")):
        store.replace_graph(submission_graph(f.stem.removeprefix("soumission-")), f)
    t, G = median_time(lambda: actor_graph(store))
    line(f"projection ({G.number_of_nodes()} nœuds, {G.number_of_edges()} liens)", t)
    t_render, html = median_time(lambda: render_view(G))
    line("vue régionale (rendu HTML)", t_render, f"{len(html.encode()) / 1e6:.2f} Mo")
    line("vue régionale, du magasin à la page", t + t_render)
    for code in ("33", "23"):
        t_dep, html = median_time(lambda: render_view(departement_subgraph(G, code)))
        H = departement_subgraph(G, code)
        line(f"vue du département {code} ({H.number_of_nodes()} nœuds)", t_dep,
             f"(+ projection : {(t + t_dep) * 1000:.0f} ms)")


def synthetic_figures() -> None:
    print("2. Vues de graphes NetworkX synthétiques (production de la page seule)")
    base = None
    for n in SIZES:
        G = synthetic(n)
        t, html = median_time(lambda: render_view(G))
        base = base or t / n
        line(f"{n:>6} nœuds, {G.number_of_edges():>6} liens", t,
             f"rapport au 2 000 : {t / (base * SIZES[0]):5.2f} (linéaire : {n / SIZES[0]:.0f})"
             f"  {len(html.encode()) / 1e6:5.1f} Mo")


def end_to_end_figures() -> None:
    print("3. De bout en bout : generate_network(scale) → magasin → projection avec projets → page")
    base = None
    for target, scale in zip(SIZES, (2.3, 5.0, 10.2, 20.6)):  # about 2k, 4k, 8k, 16k nodes
        net = generate_network(scale=scale)
        store = Store()
        load_reference_data(store)
        for code, g in net.submissions.items():
            store.replace_graph(submission_graph(code), g)
        t_proj, G = median_time(lambda: actor_graph(store, include_projects=True))
        t_view, _ = median_time(lambda: render_view(G))
        n = G.number_of_nodes()
        base = base or (t_proj + t_view) / n
        line(f"échelle {scale:>4} : {n:>6} nœuds", t_proj + t_view,
             f"projection {t_proj * 1000:6.0f} ms + page {t_view * 1000:6.0f} ms ; "
             f"par nœud, rapport au premier : {(t_proj + t_view) / n / base:4.2f}")


def pyvis_figures() -> None:
    from pyvis.network import Network

    print("4. Pour comparaison : pyvis Network.add_node seul (ce que ppgraph évite)")
    base = None
    for n in SIZES[:3]:
        def build():
            net = Network()
            for i in range(n):
                net.add_node(i, label=f"Structure {i}")
        t, _ = median_time(build, repeat=1)
        base = base or t
        line(f"{n:>6} nœuds", t, f"rapport au 2 000 : {t / base:5.1f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapide", action="store_true", help="graphes synthétiques seulement")
    parser.add_argument("--pyvis", action="store_true", help="mesurer aussi pyvis.add_node")
    args = parser.parse_args(argv)
    if not args.rapide:
        demo_figures()
    synthetic_figures()
    if not args.rapide:
        end_to_end_figures()
    if args.pyvis:
        pyvis_figures()
    return 0


if __name__ == "__main__":
    sys.exit(main())

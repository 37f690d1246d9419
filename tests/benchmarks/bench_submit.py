"""Benchmark: validating and submitting one département does not grow with the store.

Not collected by pytest (no ``test_`` prefix). Run from the repository root::

    python tests/benchmarks/bench_submit.py            # Gironde (33), the largest département
    python tests/benchmarks/bench_submit.py --departement 23 --repetitions 5
    python tests/benchmarks/bench_submit.py --grand     # also a store of 101 départements

For one demo workbook, it measures (median of the repetitions, wall-clock seconds on this
machine) reading the workbook, validating it (pySHACL in memory, plus ONE CONSTRUCT for the
types of what it references) and submitting it (staging + one SPARQL update), in:

1. a store holding only the reference data (ontology, référentiel, territories): the other
   départements' workbooks are given as the batch context so that the references resolve;
2. a store holding all twelve départements (the demo): the submission replaces the current
   version, which goes to the history;
3. with ``--grand``: a store that also holds a generated network of all 101 départements,
   about ten times the demo's triples.

It prints each figure and the ratio to the first scenario: a ratio near 1 means the cost does
not depend on the size of the store.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ppgraph.demo import generate_network, workbooks_dir  # noqa: E402
from ppgraph.namespaces import submission_graph  # noqa: E402
from ppgraph.reference import load_reference_data  # noqa: E402
from ppgraph.spreadsheet import read_spreadsheet  # noqa: E402
from ppgraph.store import Store  # noqa: E402
from ppgraph.submission import submit  # noqa: E402
from ppgraph.validation import validate  # noqa: E402


def measure(store: Store, path: Path, code: str, context, repetitions: int) -> dict[str, float]:
    times: dict[str, list[float]] = {"lecture": [], "validation": [], "versement": [], "total": []}
    for _ in range(repetitions):
        t0 = time.perf_counter()
        result = read_spreadsheet(path)
        t1 = time.perf_counter()
        report = validate(result, store=store, departement=code,
                          target_graph=submission_graph(code), context=context)
        t2 = time.perf_counter()
        assert report.conforms, "le classeur de démonstration devrait être conforme"
        submit(store, result, departement=code, report=report)
        t3 = time.perf_counter()
        for k, v in (("lecture", t1 - t0), ("validation", t2 - t1), ("versement", t3 - t2),
                     ("total", t3 - t0)):
            times[k].append(v)
    return {k: statistics.median(v) for k, v in times.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--departement", default="33")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--grand", action="store_true",
                        help="ajouter un magasin de 101 départements générés")
    args = parser.parse_args(argv)
    code = args.departement
    books = {p.stem.removeprefix("soumission-"): p
             for p in sorted(workbooks_dir().glob("soumission-*.xlsx"))}
    path = books[code]
    others = {c: read_spreadsheet(p) for c, p in books.items()}
    context = [r.graph for c, r in others.items() if c != code]
    validate(others[code], context=context)  # warm-up: parsing the shapes, the référentiel...
    print(f"Classeur : {path.name} ({len(others[code].graph)} triplets), "
          f"{args.repetitions} répétitions, médianes en secondes.")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "vide") as store:
            load_reference_data(store)
            rows.append(("magasin de référence seul", store.count(),
                         measure(store, path, code, context, args.repetitions)))
        with Store(Path(tmp) / "douze") as store:
            load_reference_data(store)
            batch = [r.graph for r in others.values()]
            for c, r in others.items():
                submit(store, r, departement=c, context=batch)
            rows.append(("magasin des 12 départements", store.count(),
                         measure(store, path, code, [], args.repetitions)))
        if args.grand:
            with Store(Path(tmp) / "grand") as store:
                load_reference_data(store)
                batch = [r.graph for r in others.values()]
                for c, r in others.items():
                    submit(store, r, departement=c, context=batch)
                t = time.perf_counter()
                big = generate_network(seed=7, departements=_all_departements())
                for c, g in big.submissions.items():
                    if c not in books:
                        store.replace_graph(submission_graph(c), g)
                print(f"(magasin de 101 départements construit en {time.perf_counter() - t:.0f} s)")
                rows.append(("magasin de 101 départements", store.count(),
                             measure(store, path, code, [], args.repetitions)))
    base = rows[0][2]
    print(f"{'magasin':<30} {'quads':>9} {'lecture':>8} {'validation':>11} {'versement':>10} "
          f"{'total':>7} {'ratio':>6}")
    for name, quads, t in rows:
        print(f"{name:<30} {quads:>9,} {t['lecture']:>8.2f} {t['validation']:>11.2f} "
              f"{t['versement']:>10.2f} {t['total']:>7.2f} {t['total'] / base['total']:>6.2f}"
              .replace(",", "\u202f"))
    return 0


def _all_departements() -> list[str]:
    from ppgraph.demo import parse_departements
    return parse_departements("tous")


if __name__ == "__main__":
    sys.exit(main())

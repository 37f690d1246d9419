"""A Rust SHACL engine (rudof, ``pip install pyrudof``) measured against pySHACL, the reference.

For each submission file given (by default: the demo's workbooks and the corpus of broken and
hostile inputs, ``tests/data/entrees``), the same data graph (:func:`validation_graph`) is
checked by both engines against the same shapes, the constraints checked in bulk added the
same way; then each report is worded as ``ppgraph validate`` would, and the two worded reports
are compared. Prints a Markdown table (times, ratio, same report or not) and writes it as JSON
to ``benchmarks/results/``.

    pip install pyrudof
    python benchmarks/shacl_engines.py                       # demo + corpus
    python benchmarks/shacl_engines.py /tmp/bench/soumissions/soumission-33.ttl

ppgraph keeps an engine only if it is clearly faster AND gives the same reports on the
corpus: see the README's « Performances » section for the outcome.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rudof_results(data, shapes_nt: str):
    """rudof's report on ``data`` as an rdflib graph, the bulk constraints added."""
    import pyrudof
    from rdflib import Graph

    from ppgraph.validation.check import _check_in_bulk

    engine = pyrudof.Rudof(pyrudof.RudofConfig())
    engine.read_data(data.serialize(format="nt"), format=pyrudof.RDFFormat.NTriples)
    engine.read_shacl(shapes_nt, format=pyrudof.ShaclFormat.NTriples)
    engine.validate_shacl()
    report = Graph()
    text = engine.serialize_shacl_validation_results(
        format=pyrudof.ResultShaclValidationFormat.NTriples)
    if text:
        report.parse(data=text, format="nt")
    _check_in_bulk(data, report)
    return report


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("files", nargs="*", type=Path)
    p.add_argument("--repeat", type=int, default=3, help="runs per engine (median)")
    p.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results")
    args = p.parse_args(argv)
    try:
        import pyrudof
    except ImportError:
        print("pyrudof is not installed: pip install pyrudof", file=sys.stderr)
        return 2
    from ppgraph.errors import PpgraphError
    from ppgraph.validation import read_submission, render_report, validate
    from ppgraph.validation.check import _shapes_for_pyshacl, shacl_results, validation_graph

    files = args.files or sorted((ROOT / "data" / "demo" / "classeurs").glob("*.xlsx")) + \
        sorted(f for f in (ROOT / "tests" / "data" / "entrees").iterdir()
               if f.is_file() and f.suffix not in (".py", ".md", ".json"))
    shapes_nt = _shapes_for_pyshacl().serialize(format="nt")
    rows = []
    for path in files:
        try:
            result = read_submission(path)
        except PpgraphError:
            continue  # refused before any validation: no engine involved
        times: dict[str, list[float]] = {"pyshacl": [], "rudof": []}
        worded = {}
        for engine in ("pyshacl", "rudof"):
            for _ in range(args.repeat):
                data = validation_graph(result.graph)
                start = time.perf_counter()
                shacl = shacl_results(data) if engine == "pyshacl" else \
                    rudof_results(data, shapes_nt)
                times[engine].append(time.perf_counter() - start)
            findings = json.loads(render_report(validate(result, shacl=shacl), "json"))
            worded[engine] = sorted(json.dumps(f, sort_keys=True, ensure_ascii=False)
                                    for f in findings["resultats"])
        py, ru = (statistics.median(times[e]) for e in ("pyshacl", "rudof"))
        only_py = len(set(worded["pyshacl"]) - set(worded["rudof"]))
        only_ru = len(set(worded["rudof"]) - set(worded["pyshacl"]))
        rows.append({"file": path.name, "triples": len(result.graph), "pyshacl_s": py,
                     "rudof_s": ru, "speedup": py / ru if ru else None,
                     "findings_pyshacl": len(worded["pyshacl"]),
                     "findings_rudof": len(worded["rudof"]),
                     "only_pyshacl": only_py, "only_rudof": only_ru,
                     "same": worded["pyshacl"] == worded["rudof"]})
        r = rows[-1]
        print(f"{r['file']}: {r['triples']} triples, pySHACL {py:.2f} s, rudof {ru:.2f} s "
              f"({r['speedup']:.1f}×), {'same report' if r['same'] else 'DIFFERENT report'}",
              file=sys.stderr)
    same = sum(r["same"] for r in rows)
    py_total = sum(r["pyshacl_s"] for r in rows)
    ru_total = sum(r["rudof_s"] for r in rows)
    lines = ["| file | triples | pySHACL | rudof | speed-up | findings (pySHACL / rudof) | same report |",
             "|---|---:|---:|---:|---:|---|---|"]
    for r in rows:
        lines.append(f"| {r['file']} | {r['triples']} | {r['pyshacl_s']:.2f} s | "
                     f"{r['rudof_s']:.2f} s | {r['speedup']:.1f}× | {r['findings_pyshacl']} / "
                     f"{r['findings_rudof']} | {'yes' if r['same'] else '**no**'} |")
    lines.append(f"\n{len(rows)} files: same report for {same}, different for "
                 f"{len(rows) - same}; pySHACL {py_total:.1f} s in all, rudof {ru_total:.1f} s "
                 f"({py_total / ru_total:.2f}×).")
    print("\n".join(lines))
    args.results.mkdir(parents=True, exist_ok=True)
    out = args.results / time.strftime("shacl-engines-%Y%m%d-%H%M%S.json")
    out.write_text(json.dumps({"rows": rows, "pyrudof": pyrudof.__version__
                               if hasattr(pyrudof, "__version__") else None,
                               "python": platform.python_version(),
                               "machine": platform.machine()}, indent=2), "utf-8")
    print(f"\n→ {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

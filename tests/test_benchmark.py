"""The benchmark of issue 15 runs (a smoke test at a tiny scale: never a check of timing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_runs_at_a_tiny_scale_and_writes_its_table(tmp_path):
    results = tmp_path / "resultats"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--tiny", "--repeat", "1",
         "--steps", "load,build,submit,questions,viz", "--departements", "23",
         "--results", str(results)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "| step | ppgraph | peak |" in run.stdout
    [written] = results.glob("*.json")
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["machine"]["cpus"] and data["workload"]["departements"] == ["23"]
    steps = [r["step"] for r in data["rows"]]
    assert any(s.startswith("`ppgraph load`") for s in steps)
    assert any(s.startswith("question qui-fait-quoi") for s in steps)
    # Every ppgraph side ran (the baselines may fail: rdflib cannot answer every question).
    assert not [r for r in data["rows"] if r["ppgraph_error"]], data["rows"]
    assert all(r["ppgraph_s"] > 0 for r in data["rows"])

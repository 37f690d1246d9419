"""The wheel carries the ontology and the data: installed, ``ppgraph demo`` runs anywhere."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                        str(out), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    (path,) = out.glob("ppgraph-*.whl")
    return path


@pytest.mark.slow
def test_wheel_contains_ontology_data_and_cli(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ppgraph/cli.py" in names
    assert "ppgraph/py.typed" in names  # type checkers read the package's annotations
    assert any(n.startswith("ppgraph/locales/en/") and n.endswith(".json") for n in names)
    assert "ppgraph/_resources/ontology/ppgraph.ttl" in names
    assert "ppgraph/_resources/data/territoires/france.ttl" in names
    assert any(n.startswith("ppgraph/_resources/data/referentiel/") for n in names)
    assert any(n.startswith("ppgraph/_resources/data/demo/soumission-") for n in names)
    assert any(n.startswith("ppgraph/queries/") and n.endswith(".rq") for n in names)
    assert any(n.startswith("ppgraph/templates/") for n in names)


@pytest.mark.slow
def test_installed_wheel_runs_demo_from_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    # The dependencies come from this environment (no download); ppgraph only from the wheel.
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    parents = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    Path(purelib, "parent-deps.pth").write_text("\n".join(sorted(parents)) + "\n")
    # --ignore-installed: the parent environment may hold a ppgraph of the same version,
    # which pip would otherwise take as "already installed" through the .pth file.
    r = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--ignore-installed",
                        "--quiet", str(wheel)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PPGRAPH_STORE")}
    ppgraph = str(venv / "bin" / "ppgraph")
    where = subprocess.run([str(py), "-c", "import ppgraph; print(ppgraph.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True, env=env, check=True).stdout
    assert str(venv) in where and str(ROOT) not in where
    r = subprocess.run([ppgraph, "demo", "-o", "sortie"], cwd=elsewhere, capture_output=True,
                       text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr
    assert (elsewhere / "sortie" / "site" / "index.html").is_file()
    assert "sortie/site/index.html" in r.stdout
    r = subprocess.run([ppgraph, "--store", "sortie/store", "info"], cwd=elsewhere,
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "Gironde" in r.stdout and "porteur de projet" in r.stdout
    r = subprocess.run([ppgraph, "--version"], cwd=elsewhere, capture_output=True, text=True, env=env)
    assert r.stdout.startswith("ppgraph ")

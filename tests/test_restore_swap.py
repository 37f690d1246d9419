"""``load``/``restore`` streams the dump into a new store and swaps it in (issue 15): still all
or nothing, also under ``kill -9`` at any moment, and an interrupted swap is completed."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from ppgraph.reference import load_reference_data
from ppgraph.store import Store

ROOT = Path(__file__).resolve().parent.parent



def beside(folder: Path) -> list[str]:
    """What a folder holds, but the stores' swap lock files (``.<name>.verrou``)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".verrou"))

def small(path: Path) -> int:
    g = Graph()
    g.add((URIRef("urn:a"), URIRef("urn:b"), Literal("ancien")))
    with Store(path) as s:
        s.replace_graph("urn:g", g)
        return s.count()


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("dump") / "reference.nq"
    with Store() as s:
        load_reference_data(s)
        s.dump(path)
        return path, s.count()


def test_restore_leaves_no_folder_beside_the_store(tmp_path, dump):
    path, n = dump
    store = tmp_path / "magasin"
    small(store)
    with Store(store) as s:
        assert s.restore(path) == n and s.count() == n
        s.replace_graph("urn:apres", Graph().parse(data="<urn:x> <urn:y> <urn:z> .", format="nt"))
    assert beside(tmp_path) == ["magasin"]
    with Store(store, read_only=True) as s:
        assert s.count() == n + 1


def test_an_interrupted_swap_is_completed_when_the_store_is_next_opened(tmp_path, dump):
    path, n = dump
    store = tmp_path / "magasin"
    small(store)
    ready = tmp_path / ".nouveau"
    with Store(ready) as s:
        s.restore(path)
    # Killed between the two renames: the store's folder is gone, the new one is complete.
    store.rename(tmp_path / ".magasin.ancienne-999999")
    ready.rename(tmp_path / ".magasin.prete-999999")
    with Store(store) as s:
        assert s.count() == n
    assert beside(tmp_path) == ["magasin"]


KILLER = """
import sys
from ppgraph.store import Store
with Store(sys.argv[1]) as s:
    s.restore(sys.argv[2])
print("fini")
"""


@pytest.mark.slow
def test_restore_killed_at_random_moments_leaves_the_old_or_the_new_dataset(tmp_path, dump):
    path, n = dump
    store = tmp_path / "magasin"
    old = small(store)
    rng = random.Random(15)
    # How long does an uninterrupted restore take, here and now?
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-c", KILLER, str(tmp_path / "essai"), str(path)],
                   check=True, cwd=ROOT)
    full = time.monotonic() - t0
    seen = set()
    for _ in range(6):
        p = subprocess.Popen([sys.executable, "-c", KILLER, str(store), str(path)], cwd=ROOT,
                             stdout=subprocess.PIPE)
        time.sleep(rng.uniform(0.3, full * 1.1))
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        with Store(store) as s:
            count = s.count()
        assert count in (old, n), count
        seen.add(count)
        if count == n:  # back to the old dataset for the next round
            shutil.rmtree(store)
            small(store)
    assert beside(tmp_path) == ["essai", "magasin"]

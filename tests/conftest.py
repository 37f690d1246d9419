"""Shared fixtures: the built demo (store + site) is made once per test session."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Tests import the checkout's ppgraph and cli.py, whatever is installed.
sys.path.insert(0, str(ROOT))
# No test may write a store into the working directory by accident.
os.environ.pop("PPGRAPH_STORE", None)
os.environ.pop("PPGRAPH_ENDPOINT", None)  # nor talk to a developer's own server


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory):
    """``ppgraph demo`` built once into a temporary folder (the result object)."""
    from ppgraph.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("demo"))

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
    """``ppgraph demo`` run once for the whole test session, through the command line.

    The result object the library returned is kept (its ``cli_output`` attribute holds what
    the command printed), so that tests of the library and of the command share one build.
    """
    from click.testing import CliRunner

    import cli
    import ppgraph.demo

    made = []
    real = ppgraph.demo.build_demo

    def recording(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    patch = pytest.MonkeyPatch()
    patch.setattr(ppgraph.demo, "build_demo", recording)
    try:
        result = CliRunner().invoke(cli.main, ["demo", "-o", str(tmp_path_factory.mktemp("demo"))])
    finally:
        patch.undo()
    assert result.exit_code == 0 and len(made) == 1, result.output
    made[0].cli_output = result.output
    return made[0]

"""The README is executable: every command of its ``console`` blocks runs, in order, in a
fresh copy of the repository, and prints what the README shows.

How a block is read
-------------------
A line ``$ command`` is a command; the lines after it, up to the next ``$``, are what it
prints (stdout and stderr as a terminal shows them, in the order they were written). The
commands run one after the other as in one shell session started at the root of a copy of
the repository: the files one command writes are there for the next, ``export NAME=VALUE`` /
``unset NAME`` change the environment of the following commands, ``echo $?`` prints the exit
code of the previous one, a command ending with ``&`` is started in the background (a server:
the test waits until it answers, and stops it at the end). ``ppgraph …`` runs the command
line in this process (click's runner: the same code as the installed command, without a new
interpreter for each of the forty commands); any other command runs in ``bash``.

What may differ from the README, and why
-----------------------------------------
- ``…`` stands for what the README leaves out: a line holding only ``…`` matches any number
  of lines (none included), ``…`` inside a line any text on that line. Everything else is
  compared exactly, figures included: a count that changes must change in the README too.
- ``ppgraph demo`` (the first command) is not built a second time: the session's demo
  (``conftest.built_demo``, built by the same command line) is copied into ``ppgraph-demo``,
  and the build's report, which is all the command prints (checked), is worded as it would
  be there. This saves a build (about 12 s here) and changes nothing else: the store and the
  site are the same files.
- A server the README starts on ``127.0.0.1:7878`` is started on a free port, for the test
  may run beside a real one: the port is replaced in the commands and put back in what they
  print.
- Progress bars are drawn only on a terminal, and the test has none: a line of the README
  that is a finished bar (``Libellé  [####]  100%``) is not expected, provided that its
  label is one of ppgraph's progress labels.
- Spaces at the end of a line are not compared (editors remove them).

Directives
----------
An HTML comment right before a block (invisible on the rendered page) sets it up:
``<!-- readme-test: verrou DOSSIER -->`` holds the store ``DOSSIER`` open for writing by
another process during the block (to show the message a locked store gives);
``<!-- readme-test: ignorer RAISON -->`` skips a block that cannot run here (say why).
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from ppgraph.i18n import LANGUAGES, catalogue

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ELLIPSIS = "…"
README_PORT = "7878"
DIRECTIVE = re.compile(r"^<!--\s*readme-test:\s*(.*?)\s*-->$")
# What a copy of the repository leaves out: version control, environments, caches, builds,
# and what the README's own commands write at the root.
NOT_COPIED = shutil.ignore_patterns(".git", ".venv*", "venv*", "__pycache__", "*.egg-info",
                                    ".pytest_cache", "build", "dist", "ppgraph-demo",
                                    "ppgraph-store", ".ci-*")


# -- reading the README -------------------------------------------------------------------------

@dataclass
class Step:
    """A command of a console block and what the README says it prints."""

    command: str
    expected: list[str]
    line: int
    """line of the README where the command is"""


@dataclass
class Block:
    line: int
    steps: list[Step]
    directives: list[str] = field(default_factory=list)


def console_blocks(text: str) -> list[Block]:
    """The ``console`` blocks of a Markdown text, with their commands and outputs.

    >>> b = console_blocks("<!-- readme-test: verrou x -->\\n```console\\n$ ls\\na\\n$ pwd\\n```\\n")
    >>> [(s.command, s.expected, s.line) for s in b[0].steps], b[0].directives
    ([('ls', ['a'], 3), ('pwd', [], 5)], ['verrou x'])
    """
    blocks: list[Block] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        directives = []
        j = i - 1
        while j >= 0 and DIRECTIVE.match(lines[j].strip()):
            directives.insert(0, DIRECTIVE.match(lines[j].strip()).group(1))
            j -= 1
        block = Block(i + 1, [], directives)
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            if lines[i].startswith("$ "):
                block.steps.append(Step(lines[i][2:].strip(), [], i + 1))
            elif block.steps:
                block.steps[-1].expected.append(lines[i])
            i += 1
        for step in block.steps:
            while step.expected and not step.expected[-1].strip():
                step.expected.pop()
        blocks.append(block)
        i += 1
    return blocks


def _progress_labels() -> set[str]:
    labels = set()
    for lang in LANGUAGES:
        cat = catalogue(lang)
        for key in cat.keys_flat():
            if key.endswith(("construction", "generation", "progression", "lecture",
                             "push_envoi")):
                text = cat._template(key)
                if isinstance(text, str):
                    labels.add(text)
    return labels


PROGRESS = re.compile(r"^(?P<label>.+?)  \[#+\]  100%$")


def without_progress_bars(expected: list[str]) -> list[str]:
    """The README's lines but its finished progress bars (drawn only on a terminal); a bar
    whose label ppgraph never shows is kept, so that it is reported."""
    labels = _progress_labels()
    out = []
    for line in expected:
        m = PROGRESS.match(line.rstrip())
        if m and any(re.fullmatch(re.sub(r"\\\{[^}]*\\\}", ".+", re.escape(lab)), m["label"])
                     for lab in labels):
            continue
        out.append(line)
    return out


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is what ``expected`` shows, ``…`` standing for what is left out.

    >>> matches(["a", "…", "d"], ["a", "b", "c", "d"]), matches(["a", "…"], ["a"])
    (True, True)
    >>> matches(["Erreur : x …"], ["Erreur : x y z"]), matches(["a"], ["b"])
    (True, False)
    """
    pattern = []
    for line in expected:
        line = line.rstrip()
        if line.strip() == ELLIPSIS:
            pattern.append(r"(?:[^\n]*\n)*?")
        else:
            pattern.append(".*?".join(re.escape(p) for p in line.split(ELLIPSIS)) + r"\n")
    text = "".join(line.rstrip() + "\n" for line in actual)
    return re.fullmatch("".join(pattern), text) is not None


# -- running it ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _executable(name: str) -> str:
    """A program of the README (``oxigraph``), from the PATH or beside this Python."""
    return shutil.which(name) or str(Path(sys.executable).with_name(name))


class Session:
    """A shell session at the root of a copy of the repository."""

    def __init__(self, root: Path, built_demo):
        self.root = root
        self.built_demo = built_demo
        self.env: dict[str, str | None] = {"PPGRAPH_STORE": None, "PPGRAPH_ENDPOINT": None}
        self.code = 0
        self.ports: dict[str, str] = {}
        self.background: list[subprocess.Popen] = []

    # The README's addresses and the test's.
    def to_test(self, text: str) -> str:
        for readme, mine in self.ports.items():
            text = text.replace(f"127.0.0.1:{readme}", f"127.0.0.1:{mine}")
        return text

    def to_readme(self, text: str) -> str:
        for readme, mine in self.ports.items():
            text = text.replace(f"127.0.0.1:{mine}", f"127.0.0.1:{readme}")
        return text

    def run(self, command: str) -> list[str]:
        """Run one command of the README; what it printed, as the README would show it."""
        if command.endswith("&"):
            self.start(command[:-1].strip())
            return []
        words = shlex.split(command)
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            self.env[name] = self.to_test(value)
            return []
        if words[0] == "unset":
            self.env[words[1]] = None
            return []
        if words[0] == "ppgraph" and words[1:] == ["demo"]:
            return self.reuse_demo()
        if words[0] == "ppgraph":
            out = self.ppgraph([self.to_test(w) for w in words[1:]])
        else:
            out = self.shell(self.to_test(command))
        return self.to_readme(out).split("\n")

    def ppgraph(self, args: list[str]) -> str:
        env = {k: v for k, v in self.env.items()}
        cwd = os.getcwd()
        os.chdir(self.root)
        try:
            result = CliRunner(env=env).invoke(cli.main, args, catch_exceptions=True)
        finally:
            os.chdir(cwd)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"ppgraph {' '.join(args)} a levé une exception") \
                from result.exception
        self.code = result.exit_code
        return result.output.rstrip("\n")

    def shell(self, command: str) -> str:
        env = {k: v for k, v in os.environ.items()}
        env.update({k: v for k, v in self.env.items() if v is not None})
        for k, v in self.env.items():
            if v is None:
                env.pop(k, None)
        done = subprocess.run(["bash", "-c", f"(exit {self.code}); {command}"], cwd=self.root,
                              env=env, capture_output=True, text=True, timeout=120)
        self.code = done.returncode
        return (done.stdout + done.stderr).rstrip("\n")

    def start(self, command: str) -> None:
        """A server of the README, on a free port, ready to answer."""
        words = shlex.split(command)
        bind = next((w for w in words if re.fullmatch(r"127\.0\.0\.1:\d+", w)), None)
        if bind is not None:
            self.ports[bind.split(":")[1]] = str(free_port())
        words = [self.to_test(w) for w in words]
        words[0] = _executable(words[0])
        process = subprocess.Popen(words, cwd=self.root, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        self.background.append(process)
        if bind is None:
            return
        url = f"http://{self.to_test(bind)}/query?query=ASK%7B%7D"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"« {command} » n'a pas démarré")
                time.sleep(0.05)

    def reuse_demo(self) -> list[str]:
        """``ppgraph demo``, from the session's build: its folder copied to ``ppgraph-demo``,
        and what the command prints there (the build's report, which is all the command
        prints once its progress bar is hidden, worded where the reader stands)."""
        built = self.built_demo
        assert built.cli_output.rstrip("\n") == built.report().rstrip("\n")
        shutil.copytree(built.store_path.parent, self.root / "ppgraph-demo")
        here = dataclasses.replace(built, store_path=Path("ppgraph-demo", "store"),
                                   site_index=Path("ppgraph-demo", "site", "index.html"))
        cwd = os.getcwd()
        os.chdir(self.root)
        try:
            text = here.report()
        finally:
            os.chdir(cwd)
        self.code = 0
        return text.rstrip("\n").split("\n")

    def hold_store(self, folder: str) -> subprocess.Popen:
        """Another process holding the store ``folder`` open for writing."""
        holder = subprocess.Popen(
            [sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
             "print('ok', flush=True); sys.stdin.read()", folder],
            cwd=self.root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline().strip() == "ok"
        return holder

    def close(self) -> None:
        for p in self.background:
            p.terminate()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def run_readme(root: Path, built_demo, text: str) -> list[tuple[Step, list[str], list[str]]]:
    """Run every console block of ``text`` in order; (step, expected, actual) for each
    command, with the README's normalisations applied."""
    session = Session(root, built_demo)
    out = []
    try:
        for block in console_blocks(text):
            if any(d.startswith("ignorer") for d in block.directives):
                continue
            holders = [session.hold_store(d.split(None, 1)[1]) for d in block.directives
                       if d.startswith("verrou ")]
            try:
                for step in block.steps:
                    actual = [line.rstrip() for line in session.run(step.command)]
                    while actual and not actual[-1]:
                        actual.pop()
                    out.append((step, without_progress_bars(step.expected), actual))
            finally:
                for h in holders:
                    h.stdin.close()
                    h.wait(timeout=10)
    finally:
        session.close()
    return out


def elided_like(expected: list[str], actual: list[str]) -> list[str]:
    """``actual`` cut the way ``expected`` is: as many first and last lines as the README
    shows around its ``…`` lines, and each piece it shows in between where its first line
    is found again (a heading, a row's first cell). ``expected`` itself when it matches,
    ``actual`` when the README elides nothing.

    >>> elided_like(["a", "…", "y", "…", "z"], ["a", "b", "y2", "c", "z"])
    ['a', '…', 'y2', '…', 'z']
    """
    if matches(expected, actual):
        return expected
    if not any(x.strip() == ELLIPSIS for x in expected):
        return actual
    pieces: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == ELLIPSIS:
            pieces.append([])
        else:
            pieces[-1].append(line)

    def locate(piece: list[str], start: int) -> int | None:
        """Where ``piece`` starts in ``actual``, found by its first line that says something."""
        first = next((k for k, x in enumerate(piece) if x.strip()), None)
        if first is None:
            return start
        key = piece[first].rstrip()[:24]
        return next((i - first for i in range(start + first, len(actual))
                     if actual[i].startswith(key)), None)

    head, middle, tail = pieces[0], pieces[1:-1], pieces[-1]
    found = locate(head, 0) if head else 0
    at = (found or 0) + len(head)
    out = actual[:at]
    for piece in middle:
        found = locate(piece, at) if piece else None
        if found is not None and found + len(piece) <= len(actual) - len(tail):
            out += [ELLIPSIS] + actual[found:found + len(piece)]
            at = found + len(piece)
    return out + [ELLIPSIS] + (actual[max(at, len(actual) - len(tail)):] if tail else [])


def with_real_outputs(text: str, steps: list[tuple[Step, list[str], list[str]]]) -> str:
    """``text`` with what each command really printed in place of what it shows, cut where
    the README cuts (:func:`elided_like`): to update the README from the program, never the
    other way round (compare the two, keep what reads well, check the cuts)."""
    lines = text.split("\n")
    for step, expected, actual in sorted(steps, key=lambda s: -s[0].line):
        start = step.line  # the command is lines[step.line - 1]; its output follows
        end = start
        while end < len(lines) and not lines[end].startswith("$ ") \
                and lines[end].strip() != "```":
            end += 1
        blank = end < len(lines) and lines[end].startswith("$ ") and not lines[end - 1].strip()
        shown = step.expected
        bars = [x for x in shown if x not in expected]  # the progress bars the test skips
        lines[start:end] = bars + elided_like(expected, actual) + ([""] if blank else [])
    return "\n".join(lines)


@pytest.fixture(scope="module")
def readme_run(built_demo, tmp_path_factory):
    root = tmp_path_factory.mktemp("lecteur") / "ppgraph"
    shutil.copytree(ROOT, root, ignore=NOT_COPIED)
    text = README.read_text(encoding="utf-8")
    started = time.monotonic()
    steps = run_readme(root, built_demo, text)
    seconds = time.monotonic() - started
    real = root.parent / "README.reel.md"
    real.write_text(with_real_outputs(text, steps), encoding="utf-8")
    return steps, seconds, real


def test_the_readme_has_a_tour_of_commands():
    steps = [s for b in console_blocks(README.read_text(encoding="utf-8")) for s in b.steps]
    assert steps[0].command == "ppgraph demo"
    assert sum(s.command.startswith("ppgraph ") for s in steps) >= 30


def test_every_readme_command_prints_what_the_readme_shows(readme_run):
    steps, seconds, real = readme_run
    wrong = []
    for step, expected, actual in steps:
        if not matches(expected, actual):
            diff = "\n".join(difflib.unified_diff(expected, actual, "README.md", "réel",
                                                  lineterm="", n=1))
            wrong.append(f"README.md:{step.line} $ {step.command}\n{diff}")
    if wrong:
        pytest.fail(f"{len(wrong)} commande(s) sur {len(steps)} n'affichent pas ce que montre le "
                    f"README (tout ce qu'elles affichent : diff README.md {real}) :\n\n"
                    + "\n\n".join(wrong), pytrace=False)


def test_no_readme_command_shows_a_traceback(readme_run):
    steps, _, _ = readme_run
    assert [s.command for s, _, actual in steps if any("Traceback" in x for x in actual)] == []


def test_the_readme_check_can_fail(built_demo, tmp_path):
    """A figure changed in the README is reported (the comparison is not vacuous)."""
    text = "```console\n$ ppgraph --store ppgraph-demo/store info --format json\n…\n" \
           "  \"triplets\": 1,\n…\n```\n"
    root = tmp_path / "copie"
    root.mkdir()
    shutil.copytree(built_demo.store_path.parent, root / "ppgraph-demo")
    [(step, expected, actual)] = run_readme(root, built_demo, text)
    assert not matches(expected, actual)
    right = [x.replace('"triplets": 1,', f'"triplets": {built_demo.summary.triples},')
             for x in expected]
    assert matches(right, actual)

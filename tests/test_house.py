"""The rules of the house: no import cycle, one catalogue per language with the same keys,
every message a user reads named by a catalogue key, modules that say what they are for."""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from ppgraph.i18n import LANGUAGES, catalogue

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ppgraph"
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
ERRORS = {"PpgraphError", "InputError", "StoreError", "StoreLockedError", "NonConformError"}
FILE_NAME = re.compile(r"\.(html|css|js|json|rq|ttl|xlsx|csv|trig|nq|txt|md)$")


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    out["cli"] = ROOT / "cli.py"
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``name`` imports, anywhere in its code (lazy imports count)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            targets = [stem] + [f"{stem}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                found.add(t)
    return found


def test_no_import_cycle_among_the_package_modules():
    """Tarjan over every import of every module, lazy ones included. An edge into a
    package's ``__init__`` (its public face) does not count, except from the CLI."""
    mods = modules()
    faces = {m for m, p in mods.items() if p.name == "__init__.py"}
    graph = {m: {t for t in imports_of(m, p, set(mods)) if t not in faces or m == "cli"}
             for m, p in mods.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in graph:
        if v not in index:
            strong(v)
    assert cycles == []


def fresh_python(script: str) -> str:
    """What ``script`` prints, run by a new Python from the repository's root."""
    r = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_every_module_imports_on_its_own():
    """Each module imported first, in a fresh state (``import ppgraph`` loads its parts only
    when used, so the order of its old imports no longer hides a cycle through a package's
    ``__init__``)."""
    names = sorted(m for m in modules() if m.startswith("ppgraph"))
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        f"for name in {names!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'ppgraph' or m.startswith('ppgraph.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as err:\n"
        "        failed.append(f'{name}: {err!r}')\n"
        "print('\\n'.join(failed))\n")
    assert fresh_python(script) == ""


def test_the_public_face_gives_every_name_and_submodule_it_did():
    """``import ppgraph`` loads its parts when first used: every name of ``__all__`` and every
    submodule is still there (``ppgraph.followup.import_interactions``, as the README says)."""
    script = ("import ppgraph, pkgutil\n"
              "missing = [n for n in ppgraph.__all__ if getattr(ppgraph, n, None) is None]\n"
              "missing += [m.name for m in pkgutil.iter_modules(ppgraph.__path__)\n"
              "            if getattr(ppgraph, m.name, None) is None]\n"
              "assert callable(ppgraph.followup.import_interactions)\n"
              "print(missing)\n")
    assert fresh_python(script) == "[]"


def test_every_module_opens_with_a_line_saying_what_it_is_for():
    for name, path in modules().items():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, f"{name} n'a pas de docstring"
        first = doc.strip().splitlines()[0]
        assert first.endswith((".", ":")) and len(first) > 15, (name, first)


def _placeholders(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _messages(lang: str) -> dict[str, object]:
    cat = catalogue(lang)
    return {k: cat._template(k) for k in cat.keys_flat() if not k.startswith("click.")}


def test_every_language_has_the_same_messages_with_the_same_parameters():
    french = _messages("fr")
    for lang in LANGUAGES[1:]:
        other = _messages(lang)
        assert sorted(set(french) - set(other)) == [], f"absents en {lang}"
        assert sorted(set(other) - set(french)) == [], f"en trop en {lang}"
        for key, text in french.items():
            forms_fr = text.values() if isinstance(text, dict) else [text]
            forms_xx = other[key].values() if isinstance(other[key], dict) else [other[key]]
            wanted = set().union(*(_placeholders(f) for f in forms_fr))
            got = set().union(*(_placeholders(f) for f in forms_xx))
            assert got <= wanted | {"n"}, (key, got - wanted)


def _source_keys() -> list[tuple[str, int, str]]:
    """Every string literal of the code that has the form of a message key, with where."""
    domains = set(catalogue("fr"))
    out = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and KEY.match(node.value) and not FILE_NAME.search(node.value) \
                    and node.value.split(".", 1)[0] in domains:
                out.append((name, node.lineno, node.value))
    return out


def test_every_message_key_in_the_code_exists_in_the_catalogue():
    cat = catalogue("fr")
    missing = [(m, line, k) for m, line, k in _source_keys()
               if not cat.has(k) and not any(x.startswith(k + ".") for x in cat.keys_flat())]
    assert missing == []


def test_every_error_a_user_can_meet_is_raised_with_a_catalogue_key():
    """``raise InputError("…")`` takes a key, never a sentence: the sentence would exist in
    one language only."""
    offenders = []
    cat = catalogue("fr")
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            called = func.id if isinstance(func, ast.Name) else \
                func.attr if isinstance(func, ast.Attribute) else ""
            if called not in ERRORS or not node.exc.args:
                continue
            first = node.exc.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)
                    and cat.has(first.value)):
                offenders.append(f"{name}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_messages_are_well_formed(lang):
    for key, text in _messages(lang).items():
        for form in (text.values() if isinstance(text, dict) else [text]):
            assert isinstance(form, str) and form.strip(), key
            list(string.Formatter().parse(form))  # raises on a malformed {field}

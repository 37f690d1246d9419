"""Every command in English: its help, its output and its errors show no French interface
text (data labels aside: names of fictitious structures, French place names...).

The telltales are the French messages of every catalogue, cut at their placeholders, keeping
the pieces of two words or more that the English catalogue does not share. The test proves it
can fail: the same commands in French do show such pieces.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import cli
from ppgraph.i18n import catalogue

# Pieces that are data or proper names in both languages, not interface words.
SAME_IN_BOTH = {"Nouvelle-Aquitaine"}


def _texts(lang: str) -> list[str]:
    cat = catalogue(lang)
    out: list[str] = []
    for key in cat.keys_flat():
        if key.startswith(("click.", "cli.metavars.")):
            continue
        value = cat._template(key)
        out += list(value.values()) if isinstance(value, dict) else [str(value)]
    return out


def french_fragments() -> set[str]:
    english = "\n".join(_texts("en"))
    fragments = set()
    for text in _texts("fr"):
        for piece in re.split(r"\{[^}]*\}|\x08|\n\n", text):
            piece = " ".join(piece.split()).strip(" .:;,()«»\u00a0\u202f")
            if len(piece) >= 12 and " " in piece and piece not in english \
                    and piece not in SAME_IN_BOTH:
                fragments.add(piece)
    return fragments


FRAGMENTS = french_fragments()


def french_in(text: str) -> list[str]:
    """The telltales in ``text`` (spaces and line breaks compared as one space: click wraps
    help texts to the terminal's width)."""
    flat = " ".join(text.split())
    return sorted(f for f in FRAGMENTS if f in flat)


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [prefix]
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            out += command_paths(cmd, prefix + (name,))
        else:
            out.append(prefix + (name,))
    return out


def run(*args: str, lang: str = "en", **kw) -> object:
    return CliRunner().invoke(cli.main, ["--lang", lang, *args], **kw)


def test_the_telltales_are_many_and_french():
    assert len(FRAGMENTS) > 500
    assert "Le magasin ne contient rien" in " ".join(FRAGMENTS) or \
        any(f.startswith("Aucun magasin") for f in FRAGMENTS)


@pytest.mark.parametrize("path", command_paths(cli.main), ids=lambda p: " ".join(p) or "ppgraph")
def test_every_command_help_is_english(path):
    english = run(*path, "--help")
    assert english.exit_code == 0, english.output
    assert french_in(english.output) == []
    assert not re.search(r"\b(Exemples?|Options? :|Commandes|Affiche|défaut)\b", english.output)
    french = run(*path, "--help", lang="fr")
    assert french_in(french.output), "the check must be able to fail"


@pytest.fixture(scope="module")
def workspace(built_demo, tmp_path_factory):
    """A copy of the demo's store to write into, and the demo's workbooks."""
    root = tmp_path_factory.mktemp("english")
    shutil.copytree(built_demo.store_path, root / "store")
    return root


def test_every_command_speaks_english_on_real_data(workspace, built_demo):
    from ppgraph.demo import workbooks_dir

    store = str(workspace / "store")
    books = workbooks_dir()
    w = workspace
    commands = [
        ["info"],
        ["dump", "-o", str(w / "s.trig")],
        ["--store", str(w / "copy"), "load", str(w / "s.trig"), "--yes"],
        ["template", "--departement", "23", "-o", str(w / "t.xlsx")],
        ["import", str(books / "soumission-23.xlsx"), "-o", str(w / "c.ttl")],
        ["validate", str(books / "soumission-23.xlsx")],
        ["submit", str(books / "soumission-23.xlsx"), "--departement", "23"],
        ["history", "--departement", "23"],
        ["restore", "--departement", "23", "--version", "1", "--yes"],
        ["export", "--departement", "23", "-o", str(w / "e.xlsx")],
        ["query", "--list"],
        ["query", "niveaux", "--param", "departement=23"],
        ["network", "stats", "--departement", "23"],
        ["network", "export", "-o", str(w / "n.graphml")],
        ["viz", "--departement", "23", "-o", str(w / "v.html")],
        ["needs", "--departement", "64", "--date", "30/06/2026"],
        ["needs", "--format", "html", "-o", str(w / "b.html")],
        ["demo", "generer", "--scale", "0.2", "--departements", "23", "--sans-classeurs",
         "-o", str(w / "gen")],
        # issue 13: common tools and the working group
        ["guide", "--departement", "23", "-o", str(w / "guide.html")],
        ["guide", "--departement", "33", "--blocs"],
        ["glossary", "--departement", "64", "-o", str(w / "g.csv")],
        ["local"],
        ["local", "validate", str(Path(books).parent / "local" / "local-64.ttl"),
         "--departement", "64"],
        ["group"],
        ["group", "select"],
    ]
    outputs = {}
    for args in commands:
        full = args if args[0] == "--store" else ["--store", store, *args]
        r = run(*full)
        assert r.exit_code == 0, (args, r.output)
        outputs[" ".join(args[:2])] = r.output
    # The working group's name, call and stages are data (French, like the structures' names).
    for text in _demo_group_texts():
        outputs = {k: v.replace(text, "") for k, v in outputs.items()}
    found = {k: french_in(v) for k, v in outputs.items()}
    assert {k: v for k, v in found.items() if v} == {}
    # The same commands in French do say French things (the check can fail).
    french = run("--store", store, "history", "--departement", "23", lang="fr")
    assert french_in(french.output)


def _demo_group_texts() -> list[str]:
    import json

    from ppgraph.resources import demo_dir

    group = json.loads((demo_dir() / "generateur.json").read_text(encoding="utf-8"))[
        "groupe_de_travail"]
    texts = [group["nom"], group["appel"]["intitule"]]
    texts += [t["intitule"] for t in group["temps"]] + [j["intitule"] for j in group["jalons"]]
    texts += [s["nom"] for s in group["sous_groupes"]]
    return sorted(texts, key=len, reverse=True)


@pytest.mark.parametrize("args", [
    ["--store", "{tmp}/absent", "info"],
    ["query", "inconnue"],
    ["validate", "{tmp}/x.xlsx"],
    ["template", "-o", "{tmp}/pas/de/dossier.xlsx"],
    ["--store", "{tmp}/absent", "query", "-q", "DELETE WHERE { ?s ?p ?o }"],
])
def test_errors_are_english_one_line_exit_2(args, tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"not a workbook")
    r = run(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert r.exit_code == 2, r.output
    assert any(line.startswith(("Error: ", "Usage: ")) for line in r.output.splitlines())
    assert "Traceback" not in r.output
    assert french_in(r.output) == [] and "Erreur" not in r.output

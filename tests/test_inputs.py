"""Every input ends in a named message: the corpus of broken and hostile files, one verdict.

``tests/data/entrees/`` holds files spoiled the way people and programs spoil them (made by
``fabriquer.py`` from the demo's real workbooks); ``attendu.json`` says what each must
produce. Each is run through the command line as a representative would, in French and in
English: the exit code, the words of the message, the file named, never « Erreur inattendue »,
never a traceback, never a control character on the terminal. Where the table says so,
``submit`` gives the same verdict and leaves the store exactly as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import openpyxl
from click.testing import CliRunner

import cli

ROOT = Path(__file__).resolve().parent.parent
ENTREES = ROOT / "tests" / "data" / "entrees"
CASES = json.loads((ENTREES / "attendu.json").read_text(encoding="utf-8"))
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BUGS = ("Erreur inattendue", "Unexpected error", "Traceback", "Relancez avec --debug",
        "Run again with --debug")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def case_id(case: dict) -> str:
    extra = [o for o in case["options"] if o.startswith("--taille")]
    return case["fichier"] + ("-" + "-".join(extra) if extra else "")


def store_digest(path: Path) -> str:
    """The store's whole content, as sorted N-Quads, hashed."""
    from ppgraph.store import Store

    buffer = io.BytesIO()
    with Store(path, read_only=True) as store:
        store.dump(buffer, format="nquads")
    data = buffer.getvalue()
    return hashlib.sha256(b"\n".join(sorted(data.splitlines()))).hexdigest()


def test_the_corpus_is_complete():
    """Every file of the folder is in the table, and every file of the table exists."""
    made = {str(p.relative_to(ENTREES)) for p in ENTREES.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".json", ".md")}
    listed = set()
    for c in CASES:
        path = ENTREES / c["fichier"]
        listed |= {str(p.relative_to(ENTREES)) for p in path.iterdir()} if path.is_dir() \
            else {c["fichier"]}
    assert made == listed
    assert len(listed) >= 40


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_each_input_ends_in_its_message(case, built_demo):
    """The message a representative reads, in French and in English: the file named, the
    words of the table, the exit code (1 does not conform, 2 unreadable), no bug report."""
    path = ENTREES / case["fichier"]
    store = ["--store", str(built_demo.store_path)] if case["magasin"] else []
    options = case["options"] + ([] if case["magasin"] else ["--sans-magasin"]) \
        if case["commande"] == "validate" else case["options"]
    for lang in ("fr", "en"):
        code, out = run("--lang", lang, *store, case["commande"], str(path), *options)
        assert code == case["code"], (lang, out)
        for words in case[lang]:
            assert words in out, (lang, words, out)
        assert Path(case["fichier"]).name in out, out
        assert not any(bug in out for bug in BUGS), out
        assert not CONTROL.search(out), repr(out)


SUBMITTED = [c for c in CASES if c["versement"]]


@pytest.mark.parametrize("case", SUBMITTED, ids=case_id)
def test_submit_gives_the_verdict_of_validate_and_leaves_the_store_as_it_was(case, built_demo,
                                                                              tmp_path):
    """One verdict: ``validate`` with the store and ``submit`` into it say the same, in the
    same words; the refused submission writes nothing."""
    store = tmp_path / "magasin"
    shutil.copytree(built_demo.store_path, store)
    before = store_digest(store)
    path = str(ENTREES / case["fichier"])
    code_v, validated = run("--store", str(store), "validate", path, *case["options"])
    code_s, submitted = run("--store", str(store), "submit", path, *case["options"])
    assert code_v == code_s == case["code"]
    for words in case["fr"]:
        assert words in validated and words in submitted
    if code_v == 1:  # the same findings, in the same words
        body = validated[validated.index("Rapport de validation"):]
        assert body.strip() in submitted
    assert store_digest(store) == before


def test_a_decompression_bomb_is_refused_from_its_declared_sizes(tmp_path):
    """An .xlsx of 0.85 Mo that expands to 800 Mo (the size that filled 3.8 Go under a 4 Go
    limit) is refused in a fraction of a second, before anything is expanded, with the limit
    and the option to raise it; the process never grows beyond what ppgraph needs anyway."""
    sys.path.insert(0, str(ENTREES))
    try:
        import fabriquer
    finally:
        sys.path.remove(str(ENTREES))
    bomb = fabriquer.bomb(tmp_path / "bombe-800.xlsx", 800_000_000)
    assert bomb.stat().st_size < 1_500_000
    # The peak resident memory of the process since it started (VmHWM is reset by exec, unlike
    # ru_maxrss, which would count the forked copy of pytest).
    script = ("import re, sys, time\n"
              "from click.testing import CliRunner\n"
              "import cli\n"
              "t = time.perf_counter()\n"
              "r = CliRunner().invoke(cli.main, ['validate', sys.argv[1], '--sans-magasin'])\n"
              "took = time.perf_counter() - t\n"
              "status = open('/proc/self/status').read()\n"
              "peak = int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024\n"
              "print(r.exit_code, round(took, 3), peak)\n"
              "print(r.output)\n")
    done = subprocess.run([sys.executable, "-c", script, str(bomb)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    first, output = done.stdout.split("\n", 1)
    code, took, peak = first.split()
    assert code == "2", done.stdout + done.stderr
    assert "se décompresserait en 801 Mo" in output and "limite de 20 Mo" in output
    assert "--taille-max 810" in output
    assert float(took) < 2.0
    assert int(peak) < 400  # Mo: ppgraph's own imports; the archive adds nothing


def test_the_size_limit_is_a_parameter_of_the_library(tmp_path):
    """``Limits`` is the library's parameter for what ``--taille-max`` sets."""
    from ppgraph.errors import InputError
    from ppgraph.spreadsheet.archive import Limits, mb
    from ppgraph.validation import read_submission

    with pytest.raises(InputError) as err:  # 0.07 Mo on disk, 0.26 Mo expanded
        read_submission(ROOT / "data" / "demo" / "classeurs" / "soumission-23.xlsx",
                        limits=Limits(size=mb(0.1)))
    assert err.value.key == "lecture.bombe" and "limite de 0,1 Mo" in str(err.value)
    with pytest.raises(InputError) as err:
        read_submission(ROOT / "data" / "demo" / "soumission-23.ttl", limits=Limits(size=mb(0.02)))
    assert err.value.key == "lecture.fichier_trop_gros"
    cells = Limits(cells=100)
    with pytest.raises(InputError) as err:
        read_submission(ROOT / "data" / "demo" / "classeurs" / "soumission-23.xlsx",
                        limits=cells)
    assert err.value.key == "lecture.trop_de_cellules" and "100 cellules" in str(err.value)
    t = time.perf_counter()
    assert read_submission(ENTREES / "creuse.ods").graph
    assert time.perf_counter() - t < 10


def test_a_commune_code_that_lost_its_leading_zero_is_recognised(tmp_path):
    """Excel turns « 01053 » into the number 1053: the import reads the commune it was."""
    from ppgraph.namespaces import TERRITOIRE
    from ppgraph.validation import read_submission

    wb = openpyxl.load_workbook(ROOT / "data" / "demo" / "classeurs" / "soumission-23.xlsx")
    ws = wb["Projets"]
    header = [c.value for c in ws[1]]
    column = next(i for i, h in enumerate(header, start=1) if str(h).startswith("Commune"))
    ws.cell(2, column).value = 1053
    wb.save(tmp_path / "zero.xlsx")
    graph = read_submission(tmp_path / "zero.xlsx").graph
    assert TERRITOIRE["commune/01053"] in set(graph.objects())


def test_resubmitting_the_same_content_makes_no_version(built_demo, tmp_path):
    """The same content (the same workbook, or its export with personal data, or the same
    data in LibreOffice's format) is recognised: « aucune modification », no new version,
    the store byte for byte as it was."""
    from ppgraph.store import Store
    from ppgraph.submission import history

    store = tmp_path / "magasin"
    shutil.copytree(built_demo.store_path, store)
    before = store_digest(store)
    code, out = run("--store", str(store), "submit", str(ENTREES / "creuse.ods"),
                    "--departement", "23")
    assert code == 0 and "Aucune modification" not in out  # the demo's current 23 is the update
    code, out = run("--store", str(store), "submit", str(ENTREES / "creuse.ods"),
                    "--departement", "23")
    assert code == 0 and "Aucune modification : soumission/23 contient déjà" in out
    code, _out = run("--store", str(store), "export", "--departement", "23", "-o",
                     str(tmp_path / "creuse.xlsx"), "--donnees-personnelles")
    assert code == 0
    [exported] = tmp_path.glob("creuse*.xlsx")  # its name says it holds personal data
    middle = store_digest(store)
    code, out = run("--lang", "en", "--store", str(store), "submit", str(exported),
                    "--departement", "23")
    assert code == 0 and "No change: soumission/23 already holds exactly this data" in out
    assert store_digest(store) == middle != before
    with Store(store, read_only=True) as s:
        assert [v.number for v in history(s, departement="23")] == [1, 2, 3]


@pytest.mark.parametrize("folder, name", [
    ("csv-bom-puis-1252", "Office de tourisme d'Aubussonéè-Felletin (fictif)"),
    ("csv-utf16", "Office de tourisme du Grand Guéret (fictif)"),
    ("csv-controle", "Office de tourisme du Grand Guéret[2J (fictif)"),
])
def test_csv_text_is_read_as_written(folder, name):
    """Windows-1252 rows after a UTF-8 byte-order mark, UTF-16 « Texte Unicode », NUL, BEL and
    ESC in a name: the names read are the ones typed (the control characters removed)."""
    from rdflib import RDFS

    from ppgraph.validation import read_submission

    graph = read_submission(ENTREES / folder / "Structures.csv", departement="23").graph
    assert name in {str(o) for o in graph.objects(None, RDFS.label)}

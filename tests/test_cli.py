"""The command line: demo, info, dump/load, and French errors without tracebacks."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from click.testing import CliRunner

import cli
import ppgraph
from ppgraph.demo import generate_network
from ppgraph.store import Store


def run(*args, **kw):
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False, **kw)


def test_version():
    r = run("--version")
    assert r.exit_code == 0 and r.output.strip() == f"ppgraph {ppgraph.__version__}"


def test_help_is_french_and_shows_an_example():
    r = run("--help")
    assert "porteurs de projet" in r.output and "ppgraph demo" in r.output
    r = run("demo", "--help")
    assert "Exemple" in r.output


def test_demo_builds_a_store_whose_counts_match_the_generator(built_demo):
    from rdflib import RDF

    from ppgraph.demo import CLEAN_UPDATE, demo_update

    assert str(built_demo.site_index) in built_demo.cli_output
    assert built_demo.site_index.is_file()
    network = generate_network()
    # The demo submits every département's workbook, then the autumn update of one of them
    # (the update with mistakes is refused: its département keeps its first version).
    expected = dict(network.submissions)
    expected[CLEAN_UPDATE] = demo_update(network, CLEAN_UPDATE)

    def count(g, cls):
        return len(set(g.subjects(RDF.type, ppgraph.PP[cls])))

    with Store(built_demo.store_path, read_only=True) as store:
        summary = ppgraph.store_summary(store)
    for cls in ("Structure", "Technicien", "PorteurDeProjet", "Projet", "Accompagnement",
                "Orientation", "Prestataire", "Candidature", "OffreDeService"):
        assert summary.classes[str(ppgraph.PP[cls])][1] == \
            sum(count(g, cls) for g in expected.values()), cls
    assert set(summary.departements) == set(network.submissions)
    for code, d in summary.departements.items():
        assert d["classes"][str(ppgraph.PP.PorteurDeProjet)] == count(expected[code], "PorteurDeProjet")


def test_info_table_and_json_on_the_demo_store(built_demo):
    r = run("--store", str(built_demo.store_path), "info")
    assert r.exit_code == 0, r.output
    assert "graphe/soumission/33" in r.output and "33 Gironde" in r.output
    assert "porteur de projet" in r.output
    r = run("--store", str(built_demo.store_path), "info", "--format", "json")
    data = json.loads(r.output)
    assert data["triplets"] == built_demo.summary.triples
    assert data["departements"]["16"]["nom"] == "Charente"
    # Keys are IRIs whatever the language; labels sit beside them.
    english = json.loads(run("--store", str(built_demo.store_path), "--lang", "en", "info",
                             "--format", "json").output)
    assert english["departements"] == data["departements"] and english["niveaux"] == data["niveaux"]
    guichet = str(ppgraph.concept_iri("niveau", "guichet-unique"))
    assert data["libelles"][guichet] == "Guichet unique"
    assert english["libelles"][guichet] == "Single entry point"


def test_demo_rebuilt_over_an_existing_one_replaces_it(tmp_path, built_demo):
    """A second build replaces the first store as a whole: something only the old store
    held is gone, the new one holds the demo, and no staging folder is left behind."""
    import shutil

    out = tmp_path / "d"
    shutil.copytree(built_demo.store_path.parent, out)
    marker = "<urn:ppgraph-test:ancien> <urn:ppgraph-test:p> \"seulement dans l'ancien\" ."
    with Store(out / "store") as old:
        old.add_graph("urn:ppgraph-test:g", marker.encode("utf-8"), format="nt")
        assert old.count() == built_demo.summary.triples + 1
    (out / "site" / "index.html").write_text("ancienne page", encoding="utf-8")
    r = run("demo", "-o", str(out))
    assert r.exit_code == 0, r.output
    with Store(out / "store", read_only=True) as new:
        assert new.count() == built_demo.summary.triples
        assert "urn:ppgraph-test:g" not in {str(g) for g in new.graphs()}
    assert "ancienne page" not in (out / "site" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["site", "store"]
    assert not [p.name for p in out.iterdir() if "construction" in p.name or "ancien" in p.name]


def test_demo_never_overwrites_a_folder_that_is_not_a_store(tmp_path):
    mine = tmp_path / "mes-documents" / "store"
    mine.mkdir(parents=True)
    (mine / "budget.xlsx").write_bytes(b"pas un magasin")
    r = CliRunner().invoke(cli.main, ["demo", "-o", str(tmp_path / "mes-documents")])
    assert r.exit_code == 2 and "n'est pas un magasin ppgraph" in r.output
    assert sorted(p.name for p in mine.iterdir()) == ["budget.xlsx"]


def test_a_second_demo_build_in_the_same_folder_is_told_to_wait(tmp_path):
    from filelock import FileLock

    from ppgraph.demo.build import LOCK_FILE

    out = tmp_path / "d"
    out.mkdir()
    with FileLock(out / LOCK_FILE, timeout=0):
        r = CliRunner().invoke(cli.main, ["demo", "-o", str(out)])
    assert r.exit_code == 2 and "en cours" in r.output and "Traceback" not in r.output


def test_info_on_a_missing_store_is_one_french_line_exit_2(tmp_path):
    r = CliRunner().invoke(cli.main, ["--store", str(tmp_path / "rien"), "info"])
    assert r.exit_code == 2
    assert "Aucun magasin" in r.output and "Traceback" not in r.output


def test_dump_then_load_round_trip_and_a_broken_dump_changes_nothing(built_demo, tmp_path):
    dump = tmp_path / "s.trig"
    assert run("--store", str(built_demo.store_path), "dump", "-o", str(dump)).exit_code == 0
    copy = tmp_path / "copie"
    r = run("--store", str(copy), "load", str(dump), "--yes")
    assert r.exit_code == 0, r.output
    with Store(copy, read_only=True) as s:
        assert s.count() == built_demo.summary.triples
    broken = tmp_path / "casse.trig"
    broken.write_text("<urn:g> { <urn:a> ", encoding="utf-8")
    r = CliRunner().invoke(cli.main, ["--store", str(copy), "load", str(broken), "--yes"])
    assert r.exit_code == 2 and "casse.trig" in r.output and "Traceback" not in r.output
    with Store(copy, read_only=True) as s:
        assert s.count() == built_demo.summary.triples


def test_a_locked_store_gives_a_french_message(tmp_path, built_demo):
    path = tmp_path / "verrou"
    holder = Store(path)
    try:
        r = CliRunner().invoke(cli.main, ["--store", str(path), "load", str(tmp_path / "x.trig"), "--yes"])
        assert r.exit_code == 2  # missing file: click says so
        dump = tmp_path / "s.trig"
        run("--store", str(built_demo.store_path), "dump", "-o", str(dump))
        r = CliRunner().invoke(cli.main, ["--store", str(path), "load", str(dump), "--yes"])
        assert r.exit_code == 2 and "déjà ouvert en écriture" in r.output
    finally:
        holder.close()


# -- the newcomer's path (issue 11) -------------------------------------------------------------

def test_global_options_are_accepted_after_the_subcommand_too(built_demo, tmp_path):
    store = str(built_demo.store_path)
    before = run("--store", store, "--lang", "en", "info", "--format", "json")
    after = run("info", "--format", "json", "--store", store, "--lang", "en")
    assert after.exit_code == 0, after.output
    assert json.loads(after.output) == json.loads(before.output)
    r = run("viz", "--departement", "23", "-o", str(tmp_path / "v.html"), "--store", store)
    assert r.exit_code == 0 and "Vue écrite" in r.output, r.output
    r = run("network", "stats", "--departement", "23", "--store", store, "--lang", "en")
    assert r.exit_code == 0 and r.output.startswith("Actor network — Creuse (23)"), r.output
    # The language typed last is the one of the errors too, and --debug after the command
    # shows the traceback.
    r = CliRunner().invoke(cli.main, ["info", "--store", str(tmp_path / "rien"), "--lang", "en"])
    assert r.exit_code == 2 and r.output.startswith("Error: No ppgraph store"), r.output
    r = CliRunner().invoke(cli.main, ["info", "--store", str(tmp_path / "rien"), "--debug"])
    assert isinstance(r.exception, ppgraph.StoreError)
    # Store and endpoint both typed: one usage error, wherever they are.
    r = CliRunner().invoke(cli.main, ["info", "--store", store, "--endpoint", "http://127.0.0.1:9"])
    assert r.exit_code == 2 and "pas les deux" in r.output


def test_subcommand_help_names_the_common_options_once():
    r = run("viz", "--help")
    assert "Options communes" in r.output and "--store, --endpoint, --lang, --debug" in r.output
    assert "--store DOSSIER" not in r.output  # one line for them, not one option each
    # push has an --endpoint of its own (the server to copy to): it keeps it.
    r = run("push", "--help")
    assert "--store, --lang, --debug" in r.output and "--endpoint URL" in r.output


def test_after_the_demo_the_commands_find_its_store_and_say_so(built_demo, tmp_path, monkeypatch):
    import shutil

    shutil.copytree(built_demo.store_path.parent, tmp_path / "ppgraph-demo")
    monkeypatch.chdir(tmp_path)
    r = run("info", "--format", "json")
    assert r.exit_code == 0, r.output
    assert r.stderr == "Magasin : ppgraph-demo/store, celui de la démo (il n'y a pas de " \
        "./ppgraph-store ici).\n"
    assert json.loads(r.stdout)["triplets"] == built_demo.summary.triples
    # What the demo says when it is built here: the short way.
    assert "explorez le magasin avec « ppgraph info »" in \
        dataclasses.replace(built_demo, store_path=Path("ppgraph-demo/store")).report()
    # Named, or given by the environment: no word about it.
    r = run("--store", "ppgraph-demo/store", "info", "--format", "json")
    assert r.exit_code == 0 and r.stderr == ""
    r = run("info", "--format", "json", env={"PPGRAPH_STORE": "ppgraph-demo/store"})
    assert r.exit_code == 0 and r.stderr == ""
    # A ./ppgraph-store of one's own always wins over the demo's.
    assert run("--store", "ppgraph-store", "load", "--yes",
               str(_dump(built_demo, tmp_path))).exit_code == 0
    r = run("info")
    assert r.exit_code == 0 and r.stderr == "" and "Magasin ppgraph-store :" in r.stdout
    assert "« ppgraph --store ppgraph-demo/store info »" in \
        dataclasses.replace(built_demo, store_path=Path("ppgraph-demo/store")).report()


def _dump(built_demo, folder):
    target = folder / "sauvegarde.nq"
    run("--store", str(built_demo.store_path), "dump", "-o", str(target))
    return target


def test_progress_bars_only_on_a_terminal(tmp_path):
    """Redirected to a pipe, a command writes nothing of its progress bar; on a terminal
    (a pseudo-terminal here) it draws it to the end."""
    import os
    import pty
    import subprocess
    import sys

    from ppgraph.demo import workbooks_dir

    root = Path(cli.__file__).parent
    args = [sys.executable, str(root / "cli.py"), "validate",
            str(workbooks_dir() / "soumission-23.xlsx"), "--sans-magasin"]
    piped = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path)
    assert piped.returncode == 1, piped.stderr  # references to other départements: no store
    assert piped.stderr == "" and piped.stdout.startswith("Rapport de validation")
    primary, secondary = pty.openpty()
    try:
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=secondary, cwd=tmp_path)
        os.close(secondary)
        drawn = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(primary)
    assert b"Validation  [####################################]  100%" in drawn

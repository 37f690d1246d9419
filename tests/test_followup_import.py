"""The follow-up workbook (issue 14, « imported from the workbook »): the template a structure
fills, its import checked row by row (every problem named by file, sheet, row, column and
field, nothing written when one row is wrong), one new version for the whole file, and a
second import of the same file that records nothing."""

from __future__ import annotations

import datetime
import shutil

import openpyxl
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

import cli
from ppgraph import PP
from ppgraph.followup import (ImportRefused, describe_imported, import_interactions,
                              log_interaction, write_followup_template)
from ppgraph.namespaces import instance_iri, private_graph, submission_graph
from ppgraph.reference import load_reference_data
from ppgraph.store import Store
from ppgraph.submission import history, write_version

SHARED = """
@prefix pp: <https://w3id.org/ppgraph/def#> .
@prefix id: <https://w3id.org/ppgraph/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ppgraph/id/structure/33-OT-001> a pp:Structure ; rdfs:label "Office fictif"@fr .
<https://w3id.org/ppgraph/id/structure/33-OT-002> a pp:Structure ; rdfs:label "Autre office fictif"@fr .
<https://w3id.org/ppgraph/id/technicien/33-T-001> a pp:Technicien ;
    pp:employePar <https://w3id.org/ppgraph/id/structure/33-OT-001> .
<https://w3id.org/ppgraph/id/technicien/33-T-002> a pp:Technicien ;
    pp:employePar <https://w3id.org/ppgraph/id/structure/33-OT-002> .
<https://w3id.org/ppgraph/id/projet/33-PJ-0001> a pp:Projet .
<https://w3id.org/ppgraph/id/projet/33-PJ-0002> a pp:Projet .
<https://w3id.org/ppgraph/id/accompagnement/a1> a pp:Accompagnement ;
    pp:projet <https://w3id.org/ppgraph/id/projet/33-PJ-0001> ;
    pp:parStructure <https://w3id.org/ppgraph/id/structure/33-OT-001> .
<https://w3id.org/ppgraph/id/prestataire/33-PR-0001> a pp:Prestataire ;
    pp:raisonSociale "Gîte fictif des Pins" ; pp:dateOuverture "2024-05-01"^^xsd:date ;
    pp:structureReferente <https://w3id.org/ppgraph/id/structure/33-OT-001> .
"""

D = datetime.datetime


def _store() -> Store:
    store = Store()
    load_reference_data(store)
    write_version(store, submission_graph("33"), Graph().parse(data=SHARED, format="turtle"))
    return store


ROWS = [
    [D(2026, 3, 2), "Appel téléphonique", "33-T-001", "33-PJ-0001", None, None, "Relance."],
    [D(2026, 3, 9), "visite", None, None, "33-PR-0001 — Gîte fictif des Pins", None, None],
    [D(2026, 3, 19), "Réunion collective", None, None, None, "33-PJ-0001 ; 33-PJ-0002 ; 33-PR-0001",
     "Réunion d'information."],
]


def _filled(store: Store, path, rows=ROWS, lang="fr"):
    write_followup_template(store, "33-OT-001", path, lang=lang)
    wb = openpyxl.load_workbook(path)
    ws = wb["Échanges" if lang == "fr" else "Exchanges"]
    for i, row in enumerate(rows, start=3):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j, v)
    wb.save(path)
    return path


def test_the_template_offers_the_kinds_of_exchange_and_the_structures_own_records(tmp_path):
    store = _store()
    path = write_followup_template(store, "33-OT-001", tmp_path / "suivi.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Instructions", "Échanges", "Listes"]
    ws = wb["Échanges"]
    assert [c.value for c in ws[1]] == ["Date *", "Type d'échange *", "Agent", "Projet",
                                        "Prestataire", "Participants", "Note"]
    assert ws["D2"].value.startswith("EXEMPLE-")            # the example row, never imported
    lists = {c[0].value: [x.value for x in c[1:] if x.value] for c in wb["Listes"].columns}
    assert "Appel téléphonique" in lists["Types d'interaction"]
    assert lists["Projets de la structure"] == ["33-PJ-0001"]   # not 33-PJ-0002: not its own
    assert lists["Prestataires de la structure"] == ["33-PR-0001 — Gîte fictif des Pins"]
    assert lists["Agents de la structure"] == ["33-T-001"]
    rules = {str(d.sqref): d.formula1 for d in ws.data_validations.dataValidation}
    assert rules["B2:B5000"] == "=Listes!$A$2:$A$9"          # strict dropdown of the kinds
    assert rules["D2:D5000"] == "=Listes!$B$2:$B$2"
    # An English workbook reads the same way.
    en = write_followup_template(store, "33-OT-001", tmp_path / "followup.xlsx", lang="en")
    assert openpyxl.load_workbook(en).sheetnames == ["Instructions", "Exchanges", "Lists"]


def test_a_filled_workbook_is_one_version_and_a_second_import_records_nothing(tmp_path):
    store = _store()
    path = _filled(store, tmp_path / "suivi.xlsx")
    dry = import_interactions(store, path, "33-OT-001", dry_run=True)
    assert (dry.new, dry.version) == (3, None) and not store.count(private_graph("33-OT-001"))
    done = import_interactions(store, path, "33-OT-001")
    assert (done.new, done.known, done.examples, done.version.number) == (3, 0, 1, 1)
    assert describe_imported(done) == ("suivi.xlsx : 3 échanges enregistrés dans prive/33-OT-001 "
                                       "(version 1).\n1 ligne d'exemple ignorée.")
    g = store.get_graph(private_graph("33-OT-001"))
    interactions = set(g.subjects(predicate=None, object=PP.Interaction))
    assert len(interactions) == 3
    collective = [i for i in interactions if len(set(g.objects(i, PP.concerne))) == 3]
    assert len(collective) == 1                           # a collective session, recorded once
    call = next(i for i in interactions if (i, PP.agent, None) in g)
    assert g.value(call, PP.agent) == instance_iri("technicien", "33-T-001")
    # Again: nothing new, no new version (« aucune modification »).
    again = import_interactions(store, path, "33-OT-001")
    assert (again.new, again.known, again.version) == (0, 3, None)
    assert describe_imported(again).startswith("suivi.xlsx : aucune modification, ses 3 échanges")
    assert len(history(store, target=private_graph("33-OT-001"))) == 1
    # The same exchange logged from the command line is the same interaction.
    log_interaction(store, "33-OT-001", ["33-PR-0001"], "visite sur site",
                    datetime.date(2026, 3, 9))
    assert len(set(store.get_graph(private_graph("33-OT-001")).subjects(
        predicate=None, object=PP.Interaction))) == 3


def test_a_wrong_row_refuses_the_whole_file_and_says_where(tmp_path):
    store = _store()
    rows = ROWS + [
        ["31/02/2026", "Apel", "33-T-002", "33-PJ-9999", None, None, None],
        [D(2026, 4, 1), None, None, None, "33-PJ-0001", None, None],
        [D(2026, 4, 2), "Appel", None, None, None, None, "Sans dossier."],
    ]
    path = _filled(store, tmp_path / "suivi.xlsx", rows)
    with pytest.raises(ImportRefused) as refused:
        import_interactions(store, path, "33-OT-001")
    err = refused.value
    assert err.exit_code == 1
    found = {(p.row, p.column, p.field) for p in err.problems}
    assert found == {(6, "A", "date"), (6, "B", "type"), (6, "C", "agent"), (6, "D", "projet"),
                     (7, "B", "type"), (7, "E", "prestataire"), (8, "D", "projet")}
    text = err.message("fr")
    assert text.splitlines()[0] == ("suivi.xlsx n'est pas conforme : 7 problèmes, rien n'a été "
                                    "enregistré.")
    assert ("suivi.xlsx, feuille Échanges, ligne 6, colonne B (Type d'échange) : « Apel » n'est "
            "pas dans la liste « Types d'interaction ». Valeurs possibles : Appel téléphonique."
            ) in text
    assert "ligne 6, colonne C (Agent) : « 33-T-002 » n'est pas un agent de 33-OT-001" in text
    english = err.message("en")
    assert ("row 6, column B (Kind of exchange): “Apel” is not in the list “Kinds of "
            "interaction”. Possible values: Telephone call.") in english
    assert not store.count(private_graph("33-OT-001"))     # nothing written


def test_a_csv_file_reads_through_the_same_readers(tmp_path):
    store = _store()
    # French Excel's CSV: « ; », Windows-1252, a formula-like note that stays text.
    text = ("Date *;Type d'échange *;Agent;Projet;Prestataire;Participants;Note\r\n"
            "02/03/2026;Rendez-vous;;33-PJ-0001;;;=1+1 (note)\r\n")
    path = tmp_path / "suivi.csv"
    path.write_bytes(text.encode("cp1252"))
    done = import_interactions(store, path, "33-OT-001")
    assert done.new == 1
    g = store.get_graph(private_graph("33-OT-001"))
    assert {str(n) for n in g.objects(None, PP.note)} == {"=1+1 (note)"}
    # The template as CSV is inert and reads back (its example row skipped).
    csv_template = write_followup_template(store, "33-OT-001", tmp_path / "modele.csv")
    assert csv_template.read_bytes().startswith(b"\xef\xbb\xbf")
    assert import_interactions(store, csv_template, "33-OT-001", dry_run=True).examples == 1


def test_the_command_line_imports_refuses_with_1_and_cannot_read_with_2(tmp_path):
    disk = tmp_path / "store"
    with Store(disk) as store:
        load_reference_data(store)
        write_version(store, submission_graph("33"), Graph().parse(data=SHARED, format="turtle"))
    run = lambda *args: CliRunner().invoke(cli.main, ["--store", str(disk), *args])
    made = run("followup", "template", "--structure", "33-OT-001", "-o",
               str(tmp_path / "suivi.xlsx"))
    assert made.exit_code == 0, made.output
    with Store(disk, read_only=True) as store:
        _filled(store, tmp_path / "suivi.xlsx")
    ok = run("followup", "import", str(tmp_path / "suivi.xlsx"), "--structure", "33-OT-001")
    assert ok.exit_code == 0, ok.output
    assert "3 échanges enregistrés dans prive/33-OT-001 (version 1)" in ok.output
    again = run("followup", "import", str(tmp_path / "suivi.xlsx"), "--structure", "33-OT-001")
    assert again.exit_code == 0 and "aucune modification" in again.output
    wb = openpyxl.load_workbook(tmp_path / "suivi.xlsx")
    wb["Échanges"]["B3"] = "Pigeon voyageur"
    wb.save(tmp_path / "faux.xlsx")
    bad = run("--lang", "en", "followup", "import", str(tmp_path / "faux.xlsx"), "--structure",
              "33-OT-001")
    assert bad.exit_code == 1
    assert "faux.xlsx, sheet Échanges, row 3, column B (Kind of exchange)" in bad.output
    broken = tmp_path / "casse.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    unreadable = run("followup", "import", str(broken), "--structure", "33-OT-001")
    assert unreadable.exit_code == 2, unreadable.output
    unknown = run("followup", "import", str(tmp_path / "suivi.xlsx"), "--structure", "33-OT-999")
    assert unknown.exit_code == 2
    with Store(disk, read_only=True) as store:
        assert len(history(store, target=private_graph("33-OT-001"))) == 1


def test_the_follow_up_csv_is_ppgraphs_csv():
    from ppgraph.followup import render_due

    text = render_due([], "csv")
    assert text.startswith("\ufeffÉchéance;État;") and text.endswith("\r\n")

"""Spreadsheets (ppgraph.spreadsheet): the template generated from the shapes, the import of
real workbooks and French-Excel CSV files, the export back into the template's shape."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

import cli
from ppgraph.demo import (CLEAN_UPDATE, FAULTY_UPDATE, demo_update, generate_network,
                          workbooks_dir)
from ppgraph.namespaces import PP, concept_iri, instance_iri, territory_iri
from ppgraph.resolver import vocabulary
from ppgraph.spreadsheet import FORME, export_graph, load_schema, read_spreadsheet, write_template
from ppgraph.values import parse_date, parse_datetime

sys.path.insert(0, str(Path(__file__).parent / "data" / "issue3"))
from remplir import donnees, ligne, remplir  # noqa: E402

ID = "https://w3id.org/ppgraph/id/"
DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


@pytest.fixture(scope="module")
def modele(tmp_path_factory) -> Path:
    return write_template(tmp_path_factory.mktemp("modele") / "modele.xlsx", departement="33")


@pytest.fixture(scope="module")
def valide(tmp_path_factory):
    path = remplir(tmp_path_factory.mktemp("valide") / "gironde.xlsx")
    return path, read_spreadsheet(path)


# -- the template ------------------------------------------------------------------------------

def test_template_has_instructions_one_sheet_per_shape_and_the_lists(modele):
    wb = openpyxl.load_workbook(modele)
    schema = load_schema()
    assert wb.sheetnames == ["Instructions"] + [s.name for s in schema.sheets] + ["Listes"]
    assert [s.name for s in schema.sheets][:10] == [
        "Soumission", "Structures", "Bureaux d'information", "Offres de service", "Techniciens",
        "Compétences", "Formations suivies", "Porteurs de projet", "Projets", "Accompagnements"]
    text = "\n".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "Gironde (33)" in text and "ppgraph validate" in text and "astérisque" in text
    assert "Dates au format jj/mm/aaaa" in text
    # Every column of every sheet is documented on the instructions sheet.
    for s in schema.sheets:
        assert f"Feuille « {s.name} »" in text
        for c in s.columns:
            assert c.description in text, c.header


def test_headers_are_french_labels_with_comments_and_required_marks(modele):
    wb = openpyxl.load_workbook(modele)
    ws = wb["Structures"]
    headers = [c.value for c in ws[1]]
    # The declared level is optional (a bank, the Région have none); the guichet unique is
    # a territorial role, declared for EPCI; a structure may serve several départements.
    assert headers[:7] == ["Identifiant *", "SIRET", "Nom *", "Type de structure *",
                           "Niveau d'accompagnement", "Guichet unique pour", "Département *"]
    comment = ws["E1"].comment.text
    assert "guichet unique" in comment and "Laisser vide" in comment
    assert "liste « Niveaux d'accompagnement »" in comment
    assert ws["B1"].comment.text.startswith("Numéro SIRET")
    # Required columns and optional ones look different.
    assert ws["C1"].fill.fgColor.rgb != ws["B1"].fill.fgColor.rgb
    assert ws.freeze_panes == "B2"


def test_dropdowns_come_from_the_referentiel_labels(modele):
    wb = openpyxl.load_workbook(modele)
    ws = wb["Structures"]
    listes = wb["Listes"]
    by_title = {listes.cell(row=1, column=j).value: j for j in range(1, listes.max_column + 1)}
    col = by_title["Niveaux d'accompagnement"]
    values = [listes.cell(row=i, column=col).value for i in range(2, 5)]
    assert values == ["Aucun accompagnement", "Guichet unique", "Suivi précis"]  # pp:rang order
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    dv = validations["E2:E5000"]
    letter = openpyxl.utils.get_column_letter(col)
    assert dv.type == "list" and dv.formula1 == f"=Listes!${letter}$2:${letter}$4"
    assert dv.showErrorMessage and dv.errorStyle == "warning"
    # References to other sheets offer the identifiers typed there.
    offres = {str(d.sqref): d for d in wb["Offres de service"].data_validations.dataValidation}
    assert offres["B2:B5000"].formula1 == "='Structures'!$A$2:$A$5000"
    # The communes of the département, as « Name (code) ».
    communes = listes.cell(row=1, column=by_title["Communes (33)"])
    names = [listes.cell(row=i, column=communes.column).value for i in range(2, 600)]
    assert "Bordeaux (33063)" in names and not any(n and n.endswith("(24322)") for n in names)


def test_every_referentiel_label_of_a_list_is_offered():
    voc = vocabulary()
    for s in load_schema().sheets:
        for c in s.columns:
            if c.kind == "concept":
                labels = voc.labels(c.scheme)
                assert labels, c.header
                assert len(labels) == len(set(labels)), c.header


def test_example_rows_are_flagged_and_not_read(modele):
    wb = openpyxl.load_workbook(modele)
    for name in ("Structures", "Projets", "Orientations"):
        cell = wb[name]["A2"]
        assert str(cell.value).startswith("EXEMPLE") and cell.font.i
    result = read_spreadsheet(modele)
    assert result.example_rows == 21
    assert [str(i.rule) for i in result.issues] == [str(FORME.LignesExemple)]
    assert set(result.graph.subjects(RDF.type, None)) == {instance_iri("soumission", "33")}


def test_example_values_are_all_readable(tmp_path, modele):
    """Turned into real rows, the examples parse: the template shows valid formats."""
    from ppgraph.validation import validate

    wb = openpyxl.load_workbook(modele)
    for ws in wb.worksheets[1:-1]:
        for cell in ws[2]:
            if isinstance(cell.value, str):
                cell.value = cell.value.replace("EXEMPLE-", "")
    path = tmp_path / "exemples.xlsx"
    wb.save(path)
    report = validate(path)
    unreadable = [f for f in report.findings if f.component is not None and str(f.component)
                  .rsplit("#", 1)[1] in ("DatatypeConstraintComponent", "NodeConstraintComponent",
                                         "PatternConstraintComponent")]
    assert unreadable == []


def _example_rows(path: Path) -> dict[str, list]:
    """The example row of each data sheet of a template, by column header."""
    wb = openpyxl.load_workbook(path)
    return {ws.title: {str(h.value).rstrip(" *"): c.value for h, c in zip(ws[1], ws[2])
                       if c.value is not None}
            for ws in wb.worksheets[1:-1]}


def test_template_examples_come_from_the_departement_asked_for(tmp_path):
    """A Creuse technician copies Creuse codes: its code in the identifiers, its chef-lieu,
    that commune's EPCI and the Creuse itself in the territory columns; nothing of the
    Gironde (issue 11)."""
    from ppgraph.resolver import gazetteer

    rows = _example_rows(write_template(tmp_path / "creuse.xlsx", departement="23"))
    text = repr(rows)
    for gironde in ("33", "Gironde", "Bordeaux", "Blaye", "Entre-deux-Mers"):
        assert gironde not in text, gironde
    ids = [v for r in rows.values() for v in r.values()
           if isinstance(v, str) and v.startswith("EXEMPLE")]
    # (the working group and the common guide are regional: « EXEMPLE-gt… », « EXEMPLE-guide »)
    assert ids and all(v.startswith(("EXEMPLE-23", "EXEMPLE-gt")) or v == "EXEMPLE-guide"
                       for v in ids), ids
    structure = rows["Structures"]
    assert structure["Commune du siège"] == "Guéret (23096)"
    assert rows["Projets"]["Commune du projet"] == "Guéret (23096)"
    assert rows["Versions territoriales"]["Territoire"] == "Creuse (23)"
    assert rows["Soumission"]["Département"] == "Creuse (23)"
    epci, _ = gazetteer().resolve(structure["Territoire couvert"], ("epci",))
    assert epci is not None and "23" in gazetteer().place(epci).departements
    # Another département, in English: the same, in its own territory.
    rows = _example_rows(write_template(tmp_path / "pau.xlsx", departement="64", lang="en"))
    assert rows["Organisations"]["Identifier"] == "EXAMPLE-64-OT-001"
    assert rows["Organisations"]["Head office municipality"] == "Pau (64445)"


def test_a_template_without_departement_has_neutral_examples(tmp_path):
    rows = _example_rows(write_template(tmp_path / "neutre.xlsx"))
    assert rows["Structures"]["Identifiant"] == "EXEMPLE-OT-001"
    assert rows["Structures"]["Commune du siège"] == "code INSEE ou nom de la commune"
    assert rows["Structures"]["Territoire couvert"] == "SIREN ou nom de l'intercommunalité"
    assert rows["Versions territoriales"]["Territoire"] == "code ou nom du département"
    assert not [v for r in rows.values() for v in r.values()
                if isinstance(v, str) and re.search(r"EXEMPLE-(\d|2A|2B)|\(\d{5}\)|\(\d{9}\)", v)]
    assert read_spreadsheet(tmp_path / "neutre.xlsx").example_rows == len(load_schema().sheets)


def test_template_as_csv_folder(tmp_path):
    folder = write_template(tmp_path / "modele", departement="24", format="csv")
    names = sorted(p.name for p in folder.iterdir())
    assert "Structures.csv" in names and "Listes.csv" in names and "LISEZMOI.txt" in names
    raw = (folder / "Structures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with a BOM correctly
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Identifiant *;SIRET;Nom *;Type de structure *")
    readme = (folder / "LISEZMOI.txt").read_text(encoding="utf-8-sig")
    assert "Dordogne (24)" in readme and "Niveau d'accompagnement" in readme
    result = read_spreadsheet(folder)
    assert result.example_rows == 21 and result.departement == "24"


def test_cli_template_writes_xlsx_and_csv(tmp_path):
    r = CliRunner().invoke(cli.main, ["template", "--departement", "33", "-o",
                                      str(tmp_path / "m.xlsx")])
    assert r.exit_code == 0, r.output
    assert "Classeur écrit" in r.output and "Structures" in r.output
    r = CliRunner().invoke(cli.main, ["template", "--format", "csv", "-o", str(tmp_path / "csv")])
    assert r.exit_code == 0 and (tmp_path / "csv" / "Projets.csv").exists()
    r = CliRunner().invoke(cli.main, ["template", "-o", str(tmp_path / "m.ods"), "--format", "xlsx"])
    assert r.exit_code == 2 and ".xlsx" in r.output
    r = CliRunner().invoke(cli.main, ["template", "--departement", "99", "-o", str(tmp_path / "x.xlsx")])
    assert r.exit_code == 2 and "99" in r.output and "Traceback" not in r.output


# -- import --------------------------------------------------------------------------------------

def test_filled_template_imports_with_stable_iris(valide):
    _, result = valide
    g = result.graph
    ot = instance_iri("structure", "33-OT-001")
    assert (ot, RDF.type, PP.Structure) in g
    assert (ot, RDFS.label, Literal("Office de tourisme test de Blaye", lang="fr")) in g
    assert (ot, PP.typeStructure, concept_iri("type-structure", "ot")) in g
    assert (ot, PP.siege, territory_iri("commune", "33058")) in g
    assert (ot, PP.territoireCouvert, territory_iri("epci", "200023794")) in g
    assert (ot, PP.departement, territory_iri("departement", "33")) in g  # from the submission
    # A structure with a SIRET is named by it; references by its identifier follow.
    cci = URIRef(ID + "structure/13001835100019")
    assert (cci, PP.siret, Literal("13001835100019")) in g
    assert (instance_iri("structure", "33-OT-002"), PP.siege, territory_iri("commune", "33214")) in g
    # Offers get a composed identifier; multiple values separated by « ; ».
    offre = instance_iri("offre", "33-ADT-etude-marche")
    assert set(g.objects(offre, PP.typeProjetCible)) == {
        concept_iri("type-projet", "meuble-tourisme"), concept_iri("type-projet", "chambre-hotes")}
    # The inverse column: the technician points to the competence row.
    m = instance_iri("maitrise", "33-T-001-ecoute-diagnostic")
    assert (instance_iri("technicien", "33-T-001"), PP.maitrise, m) in g
    # Dates.
    assert (instance_iri("projet", "33-PJ-0001"), PP.datePremierContact,
            Literal("2025-03-15", datatype=DATE)) in g
    assert result.departement == "33" and len(result.sha256) == 64


def test_every_triple_remembers_its_cell(valide):
    _, result = valide
    ot = instance_iri("structure", "33-OT-001")
    cell = result.origins.cell(ot, PP.niveauAccompagnement, concept_iri("niveau", "guichet-unique"))
    assert (cell.sheet, cell.row, cell.column, cell.header) == \
        ("Structures", 3, "E", "Niveau d'accompagnement")
    assert cell.text == "Guichet unique"
    # An empty cell is known too (to report a missing required value).
    empty = result.origins.cell(ot, PP.siret)
    assert (empty.sheet, empty.row, empty.column) == ("Structures", 3, "B")
    record = result.origins.record(instance_iri("projet", "33-PJ-0001"))
    assert (record.sheet, record.row, record.identifier, record.kind) == \
        ("Projets", 3, "33-PJ-0001", "projet touristique")


def test_what_real_files_contain_is_accepted(tmp_path):
    data = donnees()
    s = ligne(data, "Structures", "33-OT-001")
    s["Niveau d'accompagnement"] = "  GUICHET   unique "        # case and stray spaces
    s["Type de structure"] = "OT"                              # the code (skos:notation)
    s["Commune du siège"] = "blaye"                            # the name, any case
    ligne(data, "Structures", "33-ADT")["Niveau d'accompagnement"] = "suivi precis"  # accents
    p = ligne(data, "Projets", "33-PJ-0001")
    p["Date du premier contact"] = 45731                      # an Excel serial number
    p["Type de projet"] = "Gîte"                               # a synonym (skos:altLabel)
    a = data["Accompagnements"][0]
    a["Date de début"] = dt.datetime(2025, 4, 1)              # a real date cell
    a["Date de fin"] = " 30/06/2025 "
    path = remplir(tmp_path / "reel.xlsx", data)
    wb = openpyxl.load_workbook(path)                          # trailing empty-looking rows
    for r in range(40, 45):
        wb["Projets"].cell(row=r, column=1).value = "   "
    wb.save(path)
    g = read_spreadsheet(path).graph
    ot = instance_iri("structure", "33-OT-001")
    assert (ot, PP.niveauAccompagnement, concept_iri("niveau", "guichet-unique")) in g
    assert (ot, PP.typeStructure, concept_iri("type-structure", "ot")) in g
    assert (ot, PP.siege, territory_iri("commune", "33058")) in g
    assert (instance_iri("structure", "33-ADT"), PP.niveauAccompagnement,
            concept_iri("niveau", "suivi-precis")) in g
    pj = instance_iri("projet", "33-PJ-0001")
    assert (pj, PP.datePremierContact, Literal("2025-03-15", datatype=DATE)) in g
    assert (pj, PP.typeProjet, concept_iri("type-projet", "meuble-tourisme")) in g
    ac = instance_iri("accompagnement", "33-AC-0001")
    assert (ac, PP.dateDebut, Literal("2025-04-01", datatype=DATE)) in g
    assert (ac, PP.dateFin, Literal("2025-06-30", datatype=DATE)) in g
    assert len(set(g.subjects(RDF.type, PP.Projet))) == 1


def test_an_extra_column_is_a_warning_not_a_failure(tmp_path):
    data = donnees()
    ligne(data, "Structures", "33-OT-001")["Remarques internes"] = "à rappeler"
    path = remplir(tmp_path / "extra.xlsx", data, extra_headers={"Structures": ["Remarques internes"]})
    result = read_spreadsheet(path)
    issue = next(i for i in result.issues if i.rule == FORME.ColonneInconnue)
    assert issue.cell.sheet == "Structures" and issue.cell.row == 1
    assert "Remarques internes" in str(issue.detail)
    assert not any(str(o) == "à rappeler" for o in result.graph.objects())


def test_dates_and_numbers_as_people_type_them():
    assert parse_date("5/3/2025") == dt.date(2025, 3, 5)
    assert parse_date("05.03.25") == dt.date(2025, 3, 5)
    assert parse_date("2025-03-05") == dt.date(2025, 3, 5)
    assert parse_date(45721) == dt.date(2025, 3, 5)
    assert parse_date("45721") == dt.date(2025, 3, 5)
    assert parse_date("2025") is None and parse_date("29/02/2025") is None
    assert parse_datetime("04/03/2019 08:05:07") == dt.datetime(2019, 3, 4, 8, 5, 7)
    assert parse_datetime(dt.datetime(2019, 3, 4, 8, 4, 59, 999_700)) == dt.datetime(2019, 3, 4, 8, 5)


def _csv_folder(xlsx: Path, folder: Path, encoding: str) -> Path:
    """Save each sheet as Excel's « CSV (séparateur : point-virgule) » would."""
    folder.mkdir()
    wb = openpyxl.load_workbook(xlsx)
    for ws in wb.worksheets:
        with open(folder / f"{ws.title}.csv", "w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
            for row in ws.iter_rows(values_only=True):
                writer.writerow(["" if v is None else
                                 v.strftime("%d/%m/%Y") if isinstance(v, (dt.date, dt.datetime)) else v
                                 for v in row])
    return folder


def test_french_excel_csv_in_windows_1252_imports_like_its_utf8_twin(valide, tmp_path):
    path, from_xlsx = valide
    utf8 = read_spreadsheet(_csv_folder(path, tmp_path / "utf8", "utf-8-sig"))
    latin = _csv_folder(path, tmp_path / "cp1252", "cp1252")
    assert "é".encode("cp1252") in (latin / "Structures.csv").read_bytes()
    ansi = read_spreadsheet(latin)
    assert isomorphic(utf8.graph, ansi.graph)
    assert isomorphic(utf8.graph, from_xlsx.graph)
    cell = ansi.origins.cell(instance_iri("structure", "33-OT-001"), PP.typeStructure,
                             concept_iri("type-structure", "ot"))
    assert (cell.file, cell.sheet, cell.row, cell.column) == ("Structures.csv", "Structures", 3, "D")


def test_unreadable_files_give_a_french_message(tmp_path):
    bad = tmp_path / "casse.xlsx"
    bad.write_bytes(b"ceci n'est pas un classeur")
    r = CliRunner().invoke(cli.main, ["import", str(bad), "-o", str(tmp_path / "x.ttl")])
    assert r.exit_code == 2 and "casse.xlsx" in r.output and "Traceback" not in r.output
    ods = tmp_path / "vieux.ods"
    ods.write_bytes(b"x")
    r = CliRunner().invoke(cli.main, ["validate", str(ods)])
    assert r.exit_code == 2 and ".xlsx" in r.output


def test_cli_import_writes_turtle(valide, tmp_path):
    path, result = valide
    out = tmp_path / "gironde.ttl"
    r = CliRunner().invoke(cli.main, ["import", str(path), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "triplets écrits" in r.output and "structure" in r.output
    assert isomorphic(Graph().parse(out), result.graph)


# -- export ----------------------------------------------------------------------------------------

def test_export_then_import_gives_an_isomorphic_graph(tmp_path):
    net = generate_network(scale=0.3, departements=["23", "87"])
    for code, g in net.submissions.items():
        path, left = export_graph(g, tmp_path / f"{code}.xlsx", include_personal=True)
        assert left == []
        back = read_spreadsheet(path).graph
        assert isomorphic(back, g), code
        folder, _ = export_graph(g, tmp_path / f"csv-{code}", format="csv", include_personal=True)
        assert isomorphic(read_spreadsheet(folder).graph, g), code


def test_export_leaves_personal_data_out_unless_asked(tmp_path):
    g = generate_network(scale=0.2, departements=["23"]).submissions["23"]
    path, _ = export_graph(g, tmp_path / "public.xlsx")
    back = read_spreadsheet(path).graph
    for p in (PP.nomPersonne, PP.prenom, PP.courriel, PP.telephone, PP.motivation):
        assert not list(back.objects(None, p)), p
    assert len(back) < len(g)
    wb = openpyxl.load_workbook(path)
    notes = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "--donnees-personnelles" in notes


def test_committed_demo_workbooks_are_the_generator_output():
    """The workbooks in data/demo/classeurs import to the generator's graphs, exactly: nothing
    the generator produces is lost by the workbook (regenerate them with
    « python -m ppgraph.demo --seed 2019 -o data/demo » after changing the référentiel or the
    shapes)."""
    net = generate_network()
    for code, g in sorted(net.submissions.items()):
        path = workbooks_dir() / f"soumission-{code}.xlsx"
        assert isomorphic(read_spreadsheet(path).graph, g), (
            f"{path.name} ne correspond plus à generate_network() : régénérer avec "
            "« python -m ppgraph.demo --seed 2019 -o data/demo »")
    update = read_spreadsheet(workbooks_dir() / f"mise-a-jour-{CLEAN_UPDATE}.xlsx").graph
    assert isomorphic(update, demo_update(net, CLEAN_UPDATE))
    assert (workbooks_dir() / f"mise-a-jour-{FAULTY_UPDATE}.xlsx").exists()


# -- LibreOffice ------------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice absent (apt-get install libreoffice-calc-nogui)")
def test_template_opens_in_libreoffice_and_its_resave_still_imports(valide, tmp_path):
    path, result = valide
    home = tmp_path / "profil"
    run = subprocess.run([SOFFICE, f"-env:UserInstallation={home.as_uri()}", "--headless",
                          "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                          str(tmp_path / "lo"), str(path)], capture_output=True, text=True,
                         timeout=180)
    resaved = tmp_path / "lo" / path.name
    assert resaved.exists(), run.stderr
    wb = openpyxl.load_workbook(resaved)
    assert "Structures" in wb.sheetnames
    # LibreOffice understood the dropdowns and the header comments, and kept them.
    assert any(dv.type == "list" for dv in wb["Structures"].data_validations.dataValidation)
    assert wb["Structures"]["E1"].comment is not None
    assert isomorphic(read_spreadsheet(resaved).graph, result.graph)


# -- English ---------------------------------------------------------------------------------------

def test_english_template_round_trips(tmp_path):
    """Written with lang="en" (English headers, instructions, lists and référentiel labels),
    filled with English labels, the workbook reads back like its French twin."""
    schema = load_schema()
    structures = schema.sheet_for_class(PP.Structure)
    path = write_template(tmp_path / "template.xlsx", departement="33", lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Instructions" and wb.sheetnames[-1] == "Lists"
    ws = wb[structures.name.in_language("en")]
    headers = {str(c.value).rstrip(" *"): c.column for c in ws[1] if c.value}
    assert "Identifier" in headers and "Level of support" in headers
    assert str(ws["A2"].value).startswith("EXAMPLE-")
    lists = wb["Lists"]
    titles = [c.value for c in lists[1]]
    assert "Levels of support" in titles and "Yes / No" in titles
    column = titles.index("Levels of support") + 1
    assert [lists.cell(row=i, column=column).value for i in range(2, 5)] == \
        ["No support", "Single entry point", "Close follow-up"]
    instructions = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row
                            if c.value)
    assert "How to fill it in" in instructions and "Comment le remplir" not in instructions
    row = {"Identifier": "33-OT-001", "Name": "Office de tourisme test de Blaye",
           "Kind of organisation": "Tourist office", "Level of support": "Single entry point",
           "Head office municipality": "St-Ciers-sur-Gironde"}
    for header, value in row.items():
        ws.cell(row=3, column=headers[header]).value = value
    wb.save(path)
    result = read_spreadsheet(path)
    assert result.departement == "33" and result.example_rows == 21
    assert [str(i.rule) for i in result.issues] == [str(FORME.LignesExemple)]
    g = result.graph
    ot = instance_iri("structure", "33-OT-001")
    assert (ot, PP.typeStructure, concept_iri("type-structure", "ot")) in g
    assert (ot, PP.niveauAccompagnement, concept_iri("niveau", "guichet-unique")) in g
    assert (ot, PP.siege, territory_iri("commune", "33389")) in g
    assert (ot, PP.departement, territory_iri("departement", "33")) in g
    soumission = instance_iri("soumission", "33")
    assert str(g.value(soumission, URIRef("http://purl.org/dc/terms/title"))) == \
        "Support for project holders: Gironde"
    cell = result.origins.cell(ot, PP.niveauAccompagnement, concept_iri("niveau", "guichet-unique"))
    assert cell.text == "Single entry point" and cell.header.in_language("en") == "Level of support"
    # The same template as a folder of English CSV files reads back too.
    folder = write_template(tmp_path / "csv", departement="33", format="csv", lang="en")
    assert (folder / "Lists.csv").exists() and (folder / "README.txt").exists()
    assert read_spreadsheet(folder).example_rows == 21


def test_cli_template_in_english(tmp_path):
    r = CliRunner().invoke(cli.main, ["--lang", "en", "template", "-o", str(tmp_path / "t.xlsx")])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Workbook written: ") and "Fill it in, then check it" in r.output
    assert "21 data sheets: Submission, Organisations, Visitor information points" in r.output
    for french in ("Classeur", "feuilles", "Remplissez", "Soumission", "Structures"):
        assert french not in r.output, french

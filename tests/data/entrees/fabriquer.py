"""Makes the corpus of broken and hostile inputs, and the table of what each must produce.

Run from the repository's root, after a change of the template or of the demo workbooks::

    python tests/data/entrees/fabriquer.py

Every file is made from a real file of the project (the demo's Creuse and Dordogne workbooks,
the Creuse submission in Turtle), spoiled the way a person or a program spoils one: a sheet
renamed, headers sorted with the data, cells merged, a formula never computed, a password, an
archive that expands to hundreds of megabytes... ``attendu.json`` says, for each file, the
command to run, its exit code, and words of the message it must print in French and in
English; ``tests/test_inputs.py`` checks them all.

LibreOffice (``soffice``) makes the .ods and the Excel 97 file, ``msoffcrypto-tool`` the
password-protected workbook: when one is missing, the files it makes are kept as they are.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CREUSE = ROOT / "data" / "demo" / "classeurs" / "soumission-23.xlsx"
DORDOGNE = ROOT / "data" / "demo" / "classeurs" / "soumission-24.xlsx"
CREUSE_TTL = ROOT / "data" / "demo" / "soumission-23.ttl"

EXPECTED: list[dict] = []


def expect(name: str, code: int, fr: list[str], en: list[str], *, command: str = "validate",
           options: tuple[str, ...] = ("--departement", "23"), store: bool = True,
           submit: bool = False, note: str = "") -> None:
    """Record what ``ppgraph <command> <name> <options>`` must do: its exit code and words of
    its message in French and in English. ``submit``: ``ppgraph submit`` must give the same
    verdict and leave the store as it was."""
    EXPECTED.append({"fichier": name, "commande": command, "options": list(options),
                     "magasin": store, "code": code, "fr": fr, "en": en, "versement": submit,
                     "note": note})


# -- helpers ------------------------------------------------------------------------------------

def workbook(src: Path = CREUSE) -> openpyxl.Workbook:
    return openpyxl.load_workbook(src)


def save(wb: openpyxl.Workbook, name: str) -> Path:
    path = HERE / name
    wb.save(path)
    return path


def rewrite(path: Path, subs: list[tuple[str, str]], *, regex: bool = False) -> None:
    """Replace text inside the XML members of a workbook (to write what openpyxl will not:
    control characters, formulas in error)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith(".xml"):
                text = data.decode("utf-8")
                for a, b in subs:
                    text = re.sub(a, b, text) if regex else text.replace(a, b)
                data = text.encode("utf-8")
            zout.writestr(info, data)
    tmp.replace(path)


def sheet_member(path: Path, title: str) -> str:
    """The archive member of a sheet of a workbook ppgraph wrote (openpyxl's numbering)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    index = wb.sheetnames.index(title) + 1
    wb.close()
    return f"xl/worksheets/sheet{index}.xml"


def soffice(src: Path, fmt: str, out: Path) -> bool:
    """Convert with LibreOffice; False if it is not installed."""
    exe = shutil.which("soffice")
    if exe is None:
        print(f"  (LibreOffice absent : {out.name} garde sa version actuelle)")
        return False
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{tmp}/profil",
                        "--convert-to", fmt, "--outdir", tmp, str(src)], check=True,
                       capture_output=True, timeout=120)
        made = Path(tmp) / (src.stem + "." + fmt.split(":")[0])
        shutil.move(made, out)
    return True


def bomb(path: Path, expanded: int, *, src: Path = CREUSE) -> Path:
    """A real workbook whose « Structures » sheet is padded with ``expanded`` bytes of spaces
    (valid XML once expanded), deflated to about a thousandth of that."""
    member = sheet_member(src, "Structures")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                                                      compresslevel=9) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename != member:
                zout.writestr(info, data)
                continue
            padded = zipfile.ZipInfo(member, info.date_time)
            padded.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(padded, "w", force_zip64=True) as out:
                out.write(data)
                block = b" " * (1 << 20)
                left = expanded
                while left > 0:
                    out.write(block[:min(left, len(block))])
                    left -= len(block)
    return path


def lie_about_sizes(path: Path, member: str, declared: int) -> None:
    """Make an archive declare ``declared`` bytes for ``member`` (local header and central
    directory) whatever it really expands to."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    local = info.header_offset
    assert data[local:local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 22, declared)
    central = data.find(b"PK\x01\x02", local)
    while central >= 0:
        n = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46:central + 46 + n]) == name:
            struct.pack_into("<I", data, central + 24, declared)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


# -- workbooks: the structure of the file --------------------------------------------------------

def structure() -> None:
    wb = workbook()
    wb["Structures"].title = "Structures 2025"
    save(wb, "feuille-renommee.xlsx")
    expect("feuille-renommee.xlsx", 1,
           ["La feuille « Structures 2025 » n'est pas lue", "vouliez-vous dire « Structures » ?",
            "renommez-la « Structures »"],
           ["The sheet “Structures 2025” is not read", "did you mean “Structures”?"],
           submit=True, note="issue 10 : validate disait CONFORME, submit refusait 226 fois")

    wb = workbook()
    del wb["Structures"]
    save(wb, "feuille-supprimee.xlsx")
    expect("feuille-supprimee.xlsx", 1,
           ["La feuille « Structures » manque au classeur", "renvois désignent des enregistrements"],
           ["The sheet “Structures” is missing from the workbook"], submit=True)

    wb = workbook()
    copy = wb.copy_worksheet(wb["Structures"])
    copy.title = "Structures (2)"
    save(wb, "feuille-copiee.xlsx")
    expect("feuille-copiee.xlsx", 1,
           ["La feuille « Structures (2) » ressemble à une copie de « Structures »"],
           ["looks like a copy of “Structures”"])

    wb = workbook()
    copy = wb.copy_worksheet(wb["Structures"])
    copy.title = "Organisations"
    save(wb, "feuilles-en-double.xlsx")
    expect("feuilles-en-double.xlsx", 1,
           ["« Structures » et « Organisations » sont lues comme une seule feuille"],
           ["“Structures” and “Organisations” are read as one sheet"])

    wb = workbook()
    ws = wb["Structures"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    for i, row in enumerate(sorted(rows, key=lambda r: str(r[2])), start=1):
        for j, value in enumerate(row, start=1):
            ws.cell(i, j).value = value
    save(wb, "en-tetes-tries.xlsx")
    expect("en-tetes-tries.xlsx", 1,
           ["la ligne d'en-têtes est la ligne", "remettez-les en ligne 1"],
           ["the header row is row", "put them back in row 1"], submit=True)

    wb = workbook()
    wb["Techniciens"].delete_rows(1)
    save(wb, "en-tetes-absents.xlsx")
    expect("en-tetes-absents.xlsx", 1,
           ["Aucune ligne d'en-têtes reconnue dans la feuille « Techniciens »"],
           ["No header row recognised in sheet “Techniciens”"])

    wb = workbook()
    ws = wb["Offres de service"]
    ws.merge_cells("B2:B5")
    save(wb, "cellules-fusionnees.xlsx")
    expect("cellules-fusionnees.xlsx", 1,
           ["Cellules fusionnées dans la feuille « Offres de service » (B2:B5)", "Défusionnez"],
           ["Merged cells in the sheet “Offres de service” (B2:B5)", "Unmerge"], submit=True)

    wb = workbook()
    ws = wb["Structures"]
    ws["C3"] = '=CONCATENATE("Office ";A3)'
    ws["C4"] = "=ERREURICI()"
    path = save(wb, "formules.xlsx")
    rewrite(path, [(r'<c r="C4"( s="\d+")?><f>ERREURICI\(\)</f><v\s*/>',
                    r'<c r="C4"\1 t="e"><f>#REF!</f><v>#REF!</v>')], regex=True)
    expect("formules.xlsx", 1,
           ["Formule sans résultat enregistré dans la feuille « Structures » : C3",
            "Formule en erreur dans la feuille « Structures » : C4 (#REF!)"],
           ["Formula without a saved result", "Formula in error"])

    wb = workbook()
    ws = wb["Structures"]
    ws.row_dimensions[4].hidden = True
    ws.row_dimensions[5].hidden = True
    wb["Compétences"].sheet_state = "hidden"
    save(wb, "lignes-masquees.xlsx")
    expect("lignes-masquees.xlsx", 0,
           ["2 lignes de la feuille « Structures » sont masquées", "(lignes 4, 5)",
            "La feuille « Compétences » est masquée", "CONFORME"],
           ["2 rows of the sheet “Structures” are hidden", "The sheet “Compétences” is hidden"])

    wb = workbook()
    ws = wb["Structures"]
    ws["A3"] = ws["A3"].value.replace("-", "-\u200b", 1)
    ws["C4"] = f"{ws['C4'].value}MARQUECLOCHE"
    ws["C5"] = f"MARQUEECHAP[31m{ws['C5'].value}"
    path = save(wb, "caracteres-invisibles.xlsx")
    rewrite(path, [("MARQUECLOCHE", "_x0007_"), ("MARQUEECHAP", "_x001B_")])
    expect("caracteres-invisibles.xlsx", 0,
           ["retirés de 3 cellules (A3, C4, C5)", "U+200B (ZERO WIDTH SPACE)", "U+0007 (BEL)",
            "U+001B (ESC)", "CONFORME"],
           ["removed from 3 cells (A3, C4, C5)"],
           note="issue 10 : l'espace de largeur nulle rendait l'identifiant introuvable")

    wb = workbook()
    ws = wb["Structures"]
    ws.append([c.value for c in ws[2]])
    save(wb, "identifiant-en-double.xlsx")
    expect("identifiant-en-double.xlsx", 1,
           ["est déjà celui de la ligne 2", "1 erreur"],
           ["is already used by row 2", "1 error"],
           note="issue 10 : la bonne ligne était accusée six fois de plus")

    wb = workbook()
    ws = wb["Structures"]
    ws.cell(1, ws.max_column + 2).value = None
    ws.cell(3, ws.max_column + 2).value = "note sans en-tête"
    save(wb, "colonne-sans-en-tete.xlsx")
    expect("colonne-sans-en-tete.xlsx", 0,
           ["a des valeurs mais pas d'en-tête"], ["has values but no header"])

    wb = workbook(DORDOGNE)
    ws = wb["Projets"]
    header = [c.value for c in ws[1]]
    column = next(i for i, h in enumerate(header, start=1) if str(h).startswith("Commune"))
    ws.cell(2, column).value = "Sarlat"
    save(wb, "commune-abregee.xlsx")
    expect("commune-abregee.xlsx", 1,
           ["« Sarlat »", "vouliez-vous dire « Sarlat-la-Canéda (24520) »"],
           ["did you mean “Sarlat-la-Canéda (24520)”"], options=("--departement", "24"),
           note="issue 11/10 : « Sarlat » proposait deux communes fausses")


# -- workbooks: the file itself -------------------------------------------------------------------

def files() -> None:
    path = bomb(HERE / "bombe.xlsx", 200_000_000)
    expect("bombe.xlsx", 2,
           ["se décompresserait en 201 Mo", "au-delà de la limite de 20 Mo", "--taille-max 210"],
           ["would expand to 201 MB", "over the limit of 20 MB"],
           note=f"{path.stat().st_size // 1000} ko qui se décompressent en 200 Mo")
    expect("bombe.xlsx", 2, ["au-delà de la limite de 100 Mo"], ["over the limit of 100 MB"],
           options=("--departement", "23", "--taille-max", "100"))

    path = bomb(HERE / "tailles-mensongeres.xlsx", 60_000_000)
    lie_about_sizes(path, sheet_member(CREUSE, "Structures"), 40_000)
    expect("tailles-mensongeres.xlsx", 2,
           ["est abîmé", "ne se décompresse pas"], ["is damaged", "does not decompress"],
           note="déclare 40 ko pour 60 Mo : la lecture s'arrête à la taille déclarée")

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Structures"
    ws.append(["Identifiant", "Nom"])
    for r in range(2, 400):
        ws.cell(r, 16384).value = "x"
    save(wb, "trop-de-cellules.xlsx")
    expect("trop-de-cellules.xlsx", 2,
           ["plus de 1\u202f000\u202f000 cellules"], ["more than 1,000,000 cells"],
           note="400 lignes qui vont jusqu'à la colonne XFD")

    data = CREUSE.read_bytes()
    (HERE / "tronque.xlsx").write_bytes(data[:len(data) // 2])
    expect("tronque.xlsx", 2, ["est abîmé", "tronquée"], ["is damaged", "truncated"])

    shutil.copy(CREUSE, HERE / "membre-abime.xlsx")
    damaged = bytearray((HERE / "membre-abime.xlsx").read_bytes())
    with zipfile.ZipFile(CREUSE) as zf:
        info = zf.getinfo(sheet_member(CREUSE, "Structures"))
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 40
    damaged[start:start + 200] = bytes(200)
    (HERE / "membre-abime.xlsx").write_bytes(bytes(damaged))
    expect("membre-abime.xlsx", 2, ["est abîmé", "ne se décompresse pas"],
           ["is damaged", "does not decompress"])

    (HERE / "vide.xlsx").write_bytes(b"")
    expect("vide.xlsx", 2, ["est vide (0 octet)"], ["is empty (0 bytes)"])

    (HERE / "csv-renomme.xlsx").write_bytes(
        "Identifiant;Nom\n23-OT;Office de tourisme\n".encode("utf-8"))
    expect("csv-renomme.xlsx", 2, ["n'est pas un classeur .xlsx", "Enregistrer sous"],
           ["is not a .xlsx workbook"])

    (HERE / "page-html.xlsx").write_text(
        "<html><body><table><tr><td>Identifiant</td></tr></table></body></html>\n")
    expect("page-html.xlsx", 2, ["est une page HTML"], ["is an HTML page"])

    (HERE / "sans-classeur.xlsx").write_bytes(b"")
    with zipfile.ZipFile(HERE / "sans-classeur.xlsx", "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    expect("sans-classeur.xlsx", 2, ["la partie « xl/workbook.xml » manque"],
           ["the part “xl/workbook.xml” is missing"])

    shutil.copy(CREUSE, HERE / "entites.xlsx")
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                        for i in range(1, 10))
              + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              'count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    tmp = HERE / "entites.tmp"
    with zipfile.ZipFile(HERE / "entites.xlsx") as zin, \
            zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == "[Content_Types].xml":
                text = zin.read(info).decode().replace(
                    "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="'
                    'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings'
                    '+xml"/></Types>')
                zout.writestr(info, text)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                text = zin.read(info).decode().replace(
                    "</Relationships>", '<Relationship Id="rIdSST" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                    'Target="sharedStrings.xml"/></Relationships>')
                zout.writestr(info, text)
            else:
                zout.writestr(info, zin.read(info))
        zout.writestr("xl/sharedStrings.xml", laughs)
    tmp.replace(HERE / "entites.xlsx")
    expect("entites.xlsx", 2, ["est abîmé"], ["is damaged"],
           note="« billion laughs » dans les chaînes partagées : refusé sans rien développer")

    with zipfile.ZipFile(HERE / "document-word.xlsx", "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    expect("document-word.xlsx", 2, ["est un document Word, pas un classeur"],
           ["is a Word document, not a workbook"])

    shutil.copy(CREUSE, HERE / "classeur.csv")
    expect("classeur.csv", 0, ["CONFORME"], ["CONFORMS"],
           note="un classeur enregistré sous un nom en .csv : lu pour ce qu'il est")

    shutil.copy(CREUSE, HERE / "classeur.ttl")
    expect("classeur.ttl", 2, ["est un classeur (ou une archive), pas un fichier Turtle"],
           ["is a workbook (or an archive), not a Turtle file"])

    shutil.copy(CREUSE, HERE / "open-xml-strict.xlsx")
    with zipfile.ZipFile(CREUSE) as zf:
        book = zf.read("xl/workbook.xml").decode()
    strict = book.replace("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                          "http://purl.oclc.org/ooxml/spreadsheetml/main")
    rewrite(HERE / "open-xml-strict.xlsx", [(book, strict)])
    expect("open-xml-strict.xlsx", 2, ["Classeur Open XML strict"], ["Strict Open XML"])

    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        print("  (msoffcrypto-tool absent : mot-de-passe.xlsx garde sa version actuelle)")
    else:
        with open(CREUSE, "rb") as fh, open(HERE / "mot-de-passe.xlsx", "wb") as out:
            OOXMLFile(fh).encrypt("ppgraph", out)
    expect("mot-de-passe.xlsx", 2, ["est protégé par un mot de passe", "Chiffrer avec mot de passe"],
           ["is protected by a password"])

    if soffice(CREUSE, "xls", HERE / "excel-97.xlsx"):
        pass
    expect("excel-97.xlsx", 2, ["au format Excel 97-2003 (.xls)"],
           ["in the Excel 97-2003 format (.xls)"], note="un vrai .xls sous un nom en .xlsx")

    shutil.copy(HERE / "excel-97.xlsx", HERE / "ancien.xls")
    expect("ancien.xls", 2, ["le format .xls n'est pas lu", "au format .xlsx"],
           ["the .xls format is not read"])


# -- LibreOffice's own format --------------------------------------------------------------------

def ods() -> None:
    soffice(CREUSE, "ods", HERE / "creuse.ods")
    expect("creuse.ods", 0, ["CONFORME — 0 erreur"], ["CONFORMS"],
           note="le classeur de la Creuse enregistré par LibreOffice : lu comme le .xlsx")
    if soffice(HERE / "lignes-masquees.xlsx", "ods", HERE / "lignes-masquees.ods"):
        pass
    expect("lignes-masquees.ods", 0,
           ["2 lignes de la feuille « Structures » sont masquées", "(lignes 4, 5)",
            "La feuille « Compétences » est masquée", "CONFORME"],
           ["2 rows of the sheet “Structures” are hidden", "The sheet “Compétences” is hidden"])
    shutil.copy(HERE / "creuse.ods", HERE / "ods-renomme.xlsx")
    expect("ods-renomme.xlsx", 0, ["CONFORME — 0 erreur"], ["CONFORMS"],
           note="un .ods sous un nom en .xlsx : lu pour ce qu'il est")
    if soffice(HERE / "cellules-fusionnees.xlsx", "ods", HERE / "cellules-fusionnees.ods"):
        pass
    expect("cellules-fusionnees.ods", 1,
           ["Cellules fusionnées dans la feuille « Offres de service » (B2:B5)"],
           ["Merged cells"])
    # One row of ten values repeated a million times: 1 ko that means ten million cells.
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
               'office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
               '<office:body><office:spreadsheet><table:table table:name="Structures">'
               '<table:table-row><table:table-cell office:value-type="string"><text:p>'
               'Identifiant</text:p></table:table-cell></table:table-row>'
               '<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
               'table:number-columns-repeated="10" office:value-type="string"><text:p>x</text:p>'
               '</table:table-cell></table:table-row></table:table></office:spreadsheet>'
               '</office:body></office:document-content>')
    with zipfile.ZipFile(HERE / "repetitions.ods", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content)
    expect("repetitions.ods", 2, ["plus de 1\u202f000\u202f000 cellules"], ["more than 1,000,000 cells"])


# -- CSV ------------------------------------------------------------------------------------------

def csv_files() -> None:
    """CSV files go in folders (one file per sheet, named after it), as the template writes."""
    header = "Identifiant;SIRET;Nom;Type de structure;Département\n"
    rows = ("23-OT-GUERET;;Office de tourisme du Grand Guéret (fictif);Office de tourisme;23\n"
            "23-OT-AUBUSSON;;Office de tourisme d'Aubusson-Felletin (fictif);"
            "Office de tourisme;23\n")
    first, second = rows.splitlines(keepends=True)
    for folder in ("csv-bom-puis-1252", "csv-utf16", "csv-controle", "csv-renomme"):
        (HERE / folder).mkdir(exist_ok=True)
    utf8 = ("\ufeff" + header + first).encode("utf-8")
    cp1252 = second.replace("Aubusson", "Aubussonéè").encode("cp1252")
    (HERE / "csv-bom-puis-1252" / "Structures.csv").write_bytes(utf8 + cp1252)
    expect("csv-bom-puis-1252/Structures.csv", 0,
           ["1 ligne n'est pas en UTF-8 (ligne 3)", "Windows-1252"],
           ["1 line is not UTF-8"], store=False,
           note="issue 10 : UnicodeDecodeError, « Erreur inattendue », fichier non nommé")
    (HERE / "csv-utf16" / "Structures.csv").write_bytes(
        (header + rows).replace(";", "\t").encode("utf-16"))
    expect("csv-utf16/Structures.csv", 0, ["Enregistrements lus : 2"],
           ["Records read: 2"], store=False,
           note="« Texte Unicode » d'Excel : UTF-16 et tabulations")
    (HERE / "csv-controle" / "Structures.csv").write_bytes(
        (header + rows.replace("Grand Guéret", "Grand\x00 Gu\x07éret\x1b[2J")).encode("utf-8"))
    expect("csv-controle/Structures.csv", 0,
           ["U+0000 (NUL)", "U+0007 (BEL)", "U+001B (ESC)"],
           ["removed from 1 cell"], store=False)
    (HERE / "csv-renomme" / "Structures 2025.csv").write_bytes((header + rows).encode("utf-8"))
    (HERE / "csv-renomme" / "Soumission.csv").write_bytes(
        "Identifiant;Département\nsoumission-23;23\n".encode("utf-8"))
    expect("csv-renomme", 1,
           ["Le fichier « Structures 2025.csv » n'est pas lu", "« Structures.csv »"],
           ["The file “Structures 2025.csv” is not read"], store=False)


# -- RDF ------------------------------------------------------------------------------------------

TTL_HEAD = ("@prefix pp: <https://w3id.org/ppgraph/def#> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            "@prefix id: <https://w3id.org/ppgraph/id/> .\n\n")


def rdf_files() -> None:
    (HERE / "point-manquant.ttl").write_text(
        TTL_HEAD + '<https://w3id.org/ppgraph/id/structure/23-OT> a pp:Structure ;\n'
        '    rdfs:label "Office"\n'
        '<https://w3id.org/ppgraph/id/structure/23-PAT> a pp:Structure .\n', encoding="utf-8")
    expect("point-manquant.ttl", 2,
           ["ligne 7, colonne 1 : Turtle illisible", "il manque sans doute le point",
            "près de « <https://w3id.org/ppgraph/id/structure/23-PAT>"],
           ["line 7, column 1: unreadable Turtle", "full stop"])

    (HERE / "prefixe-inconnu.ttl").write_text(
        '<https://w3id.org/ppgraph/id/structure/23-OT> a pp:Structure .\n', encoding="utf-8")
    expect("prefixe-inconnu.ttl", 2, ["ligne 1, colonne 49", "le préfixe « pp: » n'est pas déclaré"],
           ["the prefix “pp:” is not declared"])

    (HERE / "iri-invalides.ttl").write_text(
        TTL_HEAD + "<https://w3id.org/ppgraph/id/soumission/23> a pp:Soumission .\n"
        "<https://w3id.org/ppgraph/id/structure/23 OT {x}> a pp:Structure ;\n"
        '    rdfs:label "Office" .\n'
        "<https://w3id.org/ppgraph/id/structure/23\\u003Eb> a pp:Structure .\n",
        encoding="utf-8")
    expect("iri-invalides.ttl", 2,
           ["ligne 6 : l'IRI <https://w3id.org/ppgraph/id/structure/23 OT {x}> contient une espace"],
           ["line 6: the IRI", "contains a space"], submit=True,
           note="issue 10 : validate disait CONFORME, submit plantait dans le sérialiseur")

    text = CREUSE_TTL.read_text(encoding="utf-8")
    (HERE / "windows-1252.ttl").write_bytes(text.encode("cp1252", errors="replace"))
    expect("windows-1252.ttl", 2, ["n'est pas en UTF-8", "octet 0x"], ["is not UTF-8"])

    labels = re.compile(r'(rdfs:label ")([^"]+)(")')
    spoiled = labels.sub(lambda m: m.group(1) + m.group(2) + "\\u0000\\u0007\\u001B[31m"
                         + m.group(3), text, count=1)
    (HERE / "controle.ttl").write_text(spoiled, encoding="utf-8")
    expect("controle.ttl", 0, ["retiré de 1 valeur", "U+0000 (NUL)", "U+0007 (BEL)"],
           ["removed from 1 value"], note="issue 10 : NUL, BEL, ESC allaient dans le magasin")

    (HERE / "bom.ttl").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    expect("bom.ttl", 0, ["CONFORME"], ["CONFORMS"], note="enregistré par le Bloc-notes")

    (HERE / "virgule.jsonld").write_text(
        '{\n  "@context": {"pp": "https://w3id.org/ppgraph/def#"},\n'
        '  "@id": "https://w3id.org/ppgraph/id/structure/23-OT",\n  "@type": "pp:Structure",\n}\n',
        encoding="utf-8")
    expect("virgule.jsonld", 2,
           ["ligne 5, colonne 1 : JSON-LD illisible",
            "une clé entre guillemets doubles est attendue"],
           ["line 5, column 1: unreadable JSON-LD", "a key in double quotes is expected"])

    (HERE / "contexte-distant.jsonld").write_text(
        '{"@context": "https://example.org/contexte.jsonld", "@id": "x"}\n', encoding="utf-8")
    expect("contexte-distant.jsonld", 2, ["https://example.org/contexte.jsonld"],
           ["https://example.org/contexte.jsonld"], note="rien n'est jamais téléchargé")

    (HERE / "iri-espace.jsonld").write_text(
        '{\n  "@context": {"pp": "https://w3id.org/ppgraph/def#"},\n'
        '  "@id": "https://w3id.org/ppgraph/id/structure/23 OT",\n  "@type": "pp:Structure"\n}\n',
        encoding="utf-8")
    expect("iri-espace.jsonld", 2, ["ligne 3 : l'IRI", "contient une espace"],
           ["line 3: the IRI", "contains a space"])

    (HERE / "imbrique.jsonld").write_text('{"@context": {}, "x": ' + "[" * 100_000 + "]" * 100_000
                                          + "}\n", encoding="utf-8")
    expect("imbrique.jsonld", 2, ["imbriqué trop profondément"], ["nested too deep"])

    (HERE / "ligne.nt").write_text(
        '<https://w3id.org/ppgraph/id/structure/23-OT> <http://www.w3.org/1999/02/22-rdf-syntax-'
        'ns#type> <https://w3id.org/ppgraph/def#Structure> .\n'
        '<https://w3id.org/ppgraph/id/structure/23-PAT> "pas un prédicat" .\n', encoding="utf-8")
    expect("ligne.nt", 2, ["ligne 2 : N-Triples illisible", "n'est pas un triplet"],
           ["line 2: unreadable N-Triples"])

    (HERE / "balise.rdf").write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '\n  <rdf:Description rdf:about="https://w3id.org/ppgraph/id/structure/23-OT">\n'
        '  </rdf:Descriptio>\n</rdf:RDF>\n', encoding="utf-8")
    expect("balise.rdf", 2, ["ligne 4", "RDF/XML illisible",
                             "une balise fermante ne correspond pas"],
           ["line 4", "unreadable RDF/XML"])


def xml_entities() -> None:
    (HERE / "entite-externe.rdf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        '  <rdf:Description rdf:about="https://w3id.org/ppgraph/id/structure/23-X">\n'
        '    <rdfs:label>&xxe;</rdfs:label>\n  </rdf:Description>\n</rdf:RDF>\n',
        encoding="utf-8")
    expect("entite-externe.rdf", 2, ["ligne 2 : entité XML externe"],
           ["line 2: external XML entity"], note="rien n'est lu du disque ni du réseau")
    laughs = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 12))
    (HERE / "milliard-de-rires.rdf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY l0 "rire">' + laughs + ']>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        '  <rdf:Description rdf:about="https://w3id.org/ppgraph/id/structure/23-X">\n'
        '    <rdfs:label>&l11;</rdfs:label>\n  </rdf:Description>\n</rdf:RDF>\n',
        encoding="utf-8")
    expect("milliard-de-rires.rdf", 2, ["RDF/XML illisible", "« milliard de rires »"],
           ["unreadable RDF/XML", "“billion laughs”"],
           note="« billion laughs » : 10¹¹ « rire », refusé par l'analyseur sans rien développer")


def main() -> None:
    for old in HERE.iterdir():
        if old.is_dir() and old.name.startswith("csv-"):
            shutil.rmtree(old)
        elif old.suffix in (".xlsx", ".ods", ".csv", ".ttl", ".jsonld", ".nt", ".rdf", ".xls") \
                and old.name not in ("mot-de-passe.xlsx", "excel-97.xlsx", "creuse.ods",
                                     "cellules-fusionnees.ods", "lignes-masquees.ods",
                                     "ancien.xls"):
            old.unlink()
    structure()
    files()
    ods()
    csv_files()
    rdf_files()
    xml_entities()
    (HERE / "attendu.json").write_text(json.dumps(EXPECTED, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    lines = ["# Entrées cassées ou hostiles, et le message que chacune doit produire", "",
             "Fichiers faits par `fabriquer.py` (ne pas modifier à la main) ; la table complète,",
             "en français et en anglais, est `attendu.json`, vérifiée par `tests/test_inputs.py`.",
             "Code de sortie : 0 conforme (avertissements possibles), 1 non conforme, 2 illisible.",
             "", "| fichier | commande | code | le message dit | note |", "|---|---|---|---|---|"]
    for e in EXPECTED:
        command = " ".join([e["commande"], *e["options"]])
        said = " … ".join(e["fr"]).replace("|", "\\|")
        lines.append(f"| `{e['fichier']}` | `{command}` | {e['code']} | {said} | {e['note']} |")
    (HERE / "LISEZMOI.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(EXPECTED)} cas, {len({e['fichier'] for e in EXPECTED})} fichiers dans {HERE}")


if __name__ == "__main__":
    sys.exit(main())

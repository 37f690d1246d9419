"""Writing the workbook (or folder of CSV files) to fill: the template, and exports in its shape.

An instructions sheet, one sheet per kind of record with commented headers (required columns
marked « * »), dropdown lists of the référentiel's labels (sheet Listes), the département's
communes, the identifiers of the other sheets, and a grey example row per sheet. Every word of
it is in the workbook's language (``lang``): sheet names, headers, comments, instructions and
the référentiel's labels. The same content always gives the same bytes.

>>> import tempfile, pathlib, openpyxl
>>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "modele.xlsx")
>>> openpyxl.load_workbook(path).sheetnames[:3]
['Instructions', 'Soumission', 'Structures']
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import re
import zipfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import XSD, URIRef
from rdflib.namespace import DCTERMS

from ..errors import InputError
from ..i18n import Catalogue, catalogue
from ..namespaces import PP, territory_iri
from ..resolver import departement_code, gazetteer, vocabulary
from ..territories import territories
from ..text import formula_like, inert_cell, xml_text
from ..values import canonical_decimal, parse_boolean, parse_date, parse_datetime
from .schema import Column, Schema, Sheet, load_schema
from .tables import MULTI_SEPARATOR, SPREADSHEET_SUFFIXES, cell_text

__all__ = ["write_template", "write_workbook", "save_workbook", "template_summary",
           "output_format"]

_FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)  # workbook metadata: no wall-clock in files
_FILL_REQUIRED = "FCE4CF"
_FILL_OPTIONAL = "E8EEF4"
_FILL_ID = "FFF2B3"
_GREY = "7F7F7F"
_LAST_ROW = 5000


def write_template(output: str | os.PathLike, *, departement: str | None = None,
                   format: str | None = None, schema: Schema | None = None,
                   lang: str = "fr") -> Path:
    """Write an empty submission template generated from the shapes and the référentiel.

    Parameters
    ----------
    output : path
        ``modele.xlsx``, or a folder for ``format="csv"``.
    departement : str, optional
        The département (INSEE code or name): fills the Soumission sheet, and the commune
        list holds that département's communes (else all the communes of the territories).
    format : "xlsx" or "csv", optional
        Default: from the suffix of ``output`` (a folder or ``.csv`` means CSV).
    lang : "fr" or "en"
        Language of the workbook: sheet names, headers, comments, instructions and the
        référentiel's labels in the lists. ppgraph reads either back.

    Returns
    -------
    Path
        The workbook, or the folder of CSV files.

    Raises
    ------
    InputError
        Unknown département, or a format that does not fit ``output``.

    Example
    -------
    >>> import tempfile, pathlib, openpyxl
    >>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "template.xlsx", lang="en")
    >>> openpyxl.load_workbook(path)["Organisations"]["A1"].value
    'Identifier *'
    """
    schema = schema or load_schema()
    dep = departement_code(departement) if departement else None
    rows: dict[str, list[list[Any]]] = {str(s.name): [] for s in schema.sheets}
    sheet = schema.sheet_for_class(PP.Soumission)
    if dep and sheet is not None:
        # The submission's row, filled in: its identifier, its département and a title.
        d = gazetteer().place(territory_iri("departement", dep))
        title = catalogue(lang)("spreadsheet.titre_soumission", departement=d.label if d else dep)
        values = {PP.departement: d.display if d else dep, DCTERMS.title: title}
        rows[str(sheet.name)] = [[dep] + [values.get(c.path) for c in sheet.columns]]
    return write_workbook(output, schema, rows, departement=dep, examples=True, format=format,
                          notes=[], lang=lang)


def template_summary(path: str | os.PathLike, format: str = "xlsx", *, lang: str = "fr",
                     schema: Schema | None = None) -> str:
    """What ``ppgraph template`` says once the template is written: where, which sheets,
    and what to do next.

    >>> print(template_summary("gironde.xlsx", lang="en").splitlines()[1])
    Fill it in, then check it with “ppgraph --lang en validate gironde.xlsx”.
    """
    cat = catalogue(lang)
    sheets = (schema or load_schema()).sheets
    names = ", ".join(s.name.in_language(lang) for s in sheets)
    key = "spreadsheet.modele_ecrit_classeur" if format == "xlsx" else \
        "spreadsheet.modele_ecrit_csv"
    return "\n".join([cat(key, chemin=str(path), n=len(sheets), feuilles=names),
                      cat("spreadsheet.modele_suite", fichier=Path(path).name)])


def output_format(output: str | os.PathLike, format: str | None = None) -> str:
    """The format to write ``output`` in: ``format`` if given, else ``csv`` for a folder (no
    suffix, an existing folder) or a ``.csv`` name, ``xlsx`` otherwise.

    >>> output_format("gironde.xlsx"), output_format("modele-csv/"), output_format("x", "xlsx")
    ('xlsx', 'csv', 'xlsx')
    """
    out = Path(output)
    return format or ("csv" if (out.suffix.lower() in ("", ".csv") or out.is_dir()) else "xlsx")


def write_workbook(output: str | os.PathLike, schema: Schema,
                   rows: Mapping[str, list[list[Any]]], *, departement: str | None,
                   examples: bool, format: str | None, notes: Sequence[str],
                   lang: str = "fr", keywords: str | None = None) -> Path:
    """Write ``rows`` (sheet's French name → rows of cell values, identifier first) as a
    workbook or a folder of CSV files in the template's shape, with its instructions
    (``keywords``: the workbook's properties, which say what kind of export it is)."""
    out = Path(output)
    fmt = output_format(out, format)
    if fmt not in ("xlsx", "csv"):
        raise InputError("spreadsheet.format_ecriture_inconnu", format=fmt)
    if fmt == "xlsx" and out.suffix.lower() not in SPREADSHEET_SUFFIXES:
        raise InputError("spreadsheet.classeur_en_xlsx", chemin=str(out))
    cat = catalogue(lang)
    if fmt == "csv":
        return _write_csv(out, schema, rows, departement, examples, notes, cat)
    wb = _workbook(schema, rows, departement, examples, notes, cat)
    if keywords:
        wb.properties.keywords = keywords
    out.parent.mkdir(parents=True, exist_ok=True)
    save_workbook(wb, out)
    return out


# -- what the instructions say ---------------------------------------------------------------

def _instructions(schema: Schema, departement: str | None, examples: bool,
                  notes: Sequence[str], cat: Catalogue) -> list[tuple[str, str]]:
    """(style, text) lines of the instructions: title, para, head, item, note, sheet, column."""
    lang = cat.lang
    t = cat.spreadsheet.instructions
    dep = territories().departement(departement) if departement else None
    code = dep.code if dep else "33"
    lines: list[tuple[str, str]] = [
        ("title", t("titre_departement", departement=dep.label, code=dep.code) if dep
         else t("titre")),
        ("para", t("presentation")),
        ("head", t("comment_remplir")),
        ("item", t("une_ligne")),
        ("item", t("obligatoires")),
        ("item", t("identifiants")),
        ("item", t("listes", feuille=cat("spreadsheet.feuille_listes"))),
        ("item", t("territoires")),
        ("item", t("dates")),
        ("item", t("plusieurs_valeurs")),
        ("item", t("personnel")),
    ]
    if examples:
        lines.append(("item", t("exemples", marque=cat("spreadsheet.marque_exemple"))))
    lines += [
        ("item", t("colonne_ajoutee")),
        ("head", t("verifier_verser")),
        ("item", t("verifier")),
        ("item", t("verser", code=code)),
        ("item", t("an_prochain", code=code)),
    ]
    for n in notes:
        lines.append(("note", n))
    lines.append(("head", t("les_feuilles")))
    for s in schema.sheets:
        lines.append(("sheet", f"{s.name.in_language(lang)}\t{s.description.in_language(lang)}"))
    required, optional = t("obligatoire"), t("facultatif")
    for s in schema.sheets:
        lines.append(("head", t("feuille", feuille=s.name.in_language(lang))))
        lines.append(("para", s.description.in_language(lang)))
        lines.append(("column", f"{s.id_header.in_language(lang)}\t"
                                f"{optional if s.composed else required}\t{t('identifiant')}\t"
                                f"{s.id_description.in_language(lang)}"))
        for c in s.columns:
            lines.append(("column", f"{c.header.in_language(lang)}\t"
                                    f"{required if c.required else optional}\t"
                                    f"{_format_hint(schema, c, cat)}\t"
                                    f"{c.description.in_language(lang)}"))
    return lines


def _format_hint(schema: Schema, c: Column, cat: Catalogue) -> str:
    """What a column takes, in a few words (« liste « Niveaux d'accompagnement » »)."""
    f = cat.spreadsheet.format
    if c.kind == "concept":
        hint = f("liste", liste=vocabulary().scheme_label(c.scheme, cat.lang))
    elif c.kind == "territory":
        hint = {str(PP.Commune): f("commune"), str(PP.Departement): f("departement")}.get(
            str(c.target_class), f("territoire"))
    elif c.kind == "reference":
        sheet = schema.sheet_for_class(c.target_class)
        hint = f("identifiant_feuille", feuille=sheet.name.in_language(cat.lang)) if sheet \
            else f("identifiant")
    else:
        key = {XSD.date: "date", XSD.dateTime: "date_heure", XSD.decimal: "nombre",
               XSD.integer: "entier", XSD.boolean: "oui_non", XSD.anyURI: "adresse_web"}.get(
            c.datatype, "texte")
        hint = f(key)
    if c.multiple:
        hint += f("plusieurs")
    if c.personal:
        hint += f("personnel")
    return hint


def _example_row(sheet: Sheet, departement: str | None, cat: Catalogue) -> list[Any]:
    """The grey example row of a sheet, from the shapes' ``skos:example``, in the workbook's
    language (référentiel values as their labels, Oui/Non, the example marker), and for the
    workbook's département: its code in the identifiers, its real chef-lieu, the EPCI of
    that commune and the département itself in the territory columns. Without a
    département, neutral examples: identifiers without a code, territories described in
    words."""
    marker = cat("spreadsheet.marque_exemple")
    row: list[Any] = [_example_id(sheet.id_example or "EXEMPLE", departement, marker)]
    for c in sheet.columns:
        v: Any = c.example.in_language(cat.lang) if c.example is not None else None
        if v is not None and c.kind == "territory":
            v = MULTI_SEPARATOR.join(_example_territory(part, departement, cat)
                                     for part in v.split(";"))
        elif v is not None and c.kind == "concept":
            v = MULTI_SEPARATOR.join(_label(c, part, cat.lang) for part in v.split(";"))
        elif v is not None and c.kind == "reference":
            v = _example_id(v, departement, marker)
        elif v is not None and c.datatype == XSD.boolean:
            b = parse_boolean(v)
            v = cat("spreadsheet.oui" if b else "spreadsheet.non") if b is not None else v
        if v is not None and c.datatype in (XSD.date, XSD.dateTime):
            v = parse_datetime(v) if c.datatype == XSD.dateTime else parse_date(v)
        elif v is not None and c.datatype == XSD.integer and re.fullmatch(r"-?\d+", v):
            v = int(v)                      # a number in the cell, as a person would type it
        row.append(v)
    return row


_EXAMPLE_CODE = re.compile(r"^EXEMPLE-(?:\d[\dAB]\d?)(?=-|$)")


def _example_id(value: str, departement: str | None, marker: str) -> str:
    """An example identifier with the workbook's département code and the marker of its
    language: « EXEMPLE-33-OT-001 » → « EXEMPLE-23-OT-001 » (Creuse), « EXAMPLE-OT-001 »
    (English, no département).

    >>> _example_id("EXEMPLE-33-OT-001", "23", "EXEMPLE"), _example_id("EXEMPLE-33", None, "EXAMPLE")
    ('EXEMPLE-23-OT-001', 'EXAMPLE')
    """
    value = _EXAMPLE_CODE.sub(f"EXEMPLE-{departement}" if departement else "EXEMPLE", value)
    return _marked(value, marker)


def _example_territory(value: str, departement: str | None, cat: Catalogue) -> str:
    """An example territory of the shapes (any département's) turned into the same kind of
    territory of ``departement``: its chef-lieu for a commune, the EPCI of the chef-lieu
    for an EPCI, the département itself; described in words when there is no département
    (or the territories do not know its communes). A région stays as it is."""
    value = value.strip()
    iri, _ = gazetteer().resolve(value, ("commune", "epci", "departement", "region"))
    place = gazetteer().place(iri) if iri is not None else None
    if place is None or place.kind == "region":
        return value
    if departement:
        dep = gazetteer().place(territory_iri("departement", departement))
        chef = territories().chef_lieu(dep.iri) if dep is not None else None
        found = {"departement": dep, "commune": chef,
                 "epci": gazetteer().place(chef.epci) if chef and chef.epci else None}
        if found.get(place.kind) is not None:
            return found[place.kind].display
    return cat(f"spreadsheet.exemple_neutre.{place.kind}")


def _marked(value: str, marker: str) -> str:
    """An example identifier with the marker of the workbook's language (EXEMPLE, EXAMPLE)."""
    return re.sub(r"^EXEMPLE", marker, value)


def _label(column: Column, text: str, lang: str) -> str:
    """A référentiel value written as its label in ``lang`` (as typed if not found)."""
    text = text.strip()
    concept, _ = vocabulary().resolve(column.scheme, text)
    return vocabulary().label(concept, lang) if concept is not None else text


def _lists(schema: Schema, departement: str | None, cat: Catalogue) -> list[tuple[str, str, list[str]]]:
    """(key, title, values) of each list of the Listes sheet: every référentiel list a column
    uses, Oui/Non, and the communes (of the département, if one is given)."""
    voc, lang = vocabulary(), cat.lang
    schemes: list[URIRef] = []
    for s in schema.sheets:
        for c in s.columns:
            if c.kind == "concept" and c.scheme not in schemes:
                schemes.append(c.scheme)
    columns = [(str(sc), voc.scheme_label(sc, lang), voc.labels(sc, lang)) for sc in schemes]
    columns.append(("oui-non", cat("spreadsheet.oui_non"),
                    [cat("spreadsheet.oui"), cat("spreadsheet.non")]))
    communes = gazetteer().communes(departement) or gazetteer().communes()
    title = cat("spreadsheet.communes_departement", code=departement) if departement \
        else cat("spreadsheet.communes")
    columns.append(("communes", title, [p.display for p in communes]))
    return columns


# -- the workbook (openpyxl) ---------------------------------------------------------------------

def _workbook(schema: Schema, rows: Mapping[str, list[list[Any]]], departement: str | None,
              examples: bool, notes: Sequence[str], cat: Catalogue):
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    lang = cat.lang
    lists_name = cat("spreadsheet.feuille_listes")
    wb = Workbook()
    wb.properties.creator = "ppgraph"
    wb.properties.title = cat("spreadsheet.titre_classeur")
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    ws = wb.active
    ws.title = cat("spreadsheet.feuille_instructions")
    _fill_instructions(ws, _instructions(schema, departement, examples, notes, cat))

    # The lists: one column per référentiel list used, Oui/Non, the communes (last sheet).
    columns = _lists(schema, departement, cat)
    list_ranges: dict[str, str] = {}
    for j, (key, _title, values) in enumerate(columns, start=1):
        letter = get_column_letter(j)
        list_ranges[key] = f"{lists_name}!${letter}$2:${letter}${max(2, len(values) + 1)}"

    id_columns: dict[URIRef, str] = {}
    sheets_ws = {}
    for s in schema.sheets:
        name = s.name.in_language(lang)
        sheets_ws[s.name] = wb.create_sheet(name)
        id_columns[s.target_class] = f"'{name}'!$A$2:$A${_LAST_ROW}"

    head_font = Font(bold=True)
    example_font = Font(italic=True, color=_GREY)
    wrap = Alignment(wrap_text=True, vertical="top")
    for s in schema.sheets:
        w = sheets_ws[s.name]
        cols: list[Column | None] = [None] + list(s.columns)
        example = _example_row(s, departement, cat) if examples else None
        for j, (header, col) in enumerate(zip(s.headers_in(lang), cols), start=1):
            cell = _put(w, 1, j, header)
            cell.font = head_font
            cell.alignment = wrap
            fill = _FILL_ID if col is None else (_FILL_REQUIRED if col.required else _FILL_OPTIONAL)
            cell.fill = PatternFill("solid", fgColor=fill)
            text = _comment_text(schema, s, col, cat)
            comment = Comment(text, "ppgraph")
            comment.width, comment.height = 320, 40 + 16 * (len(text) // 45 + text.count("\n"))
            cell.comment = comment
            letter = get_column_letter(j)
            sample = [cell_text(r[j - 1]) for r in list(rows.get(str(s.name), []))[:200]
                      if j - 1 < len(r) and r[j - 1] is not None]
            if example is not None:
                sample.append(cell_text(example[j - 1]))
            width = max([len(header) + 3, 12] + [min(len(x), 48) + 2 for x in sample])
            if col is not None and col.kind in ("concept", "territory"):
                width = max(width, 24)
            w.column_dimensions[letter].width = min(width, 50)
            _validation(w, letter, col, list_ranges, id_columns, cat)
            if col is not None and col.kind == "literal":
                fmt = {XSD.date: "DD/MM/YYYY", XSD.dateTime: "DD/MM/YYYY HH:MM"}.get(col.datatype)
                if fmt is None and col.datatype == XSD.string:
                    fmt = "@"  # keep leading zeros and long digit strings (SIRET) as typed
                if fmt:
                    w.column_dimensions[letter].number_format = fmt
            elif col is None or col.kind in ("reference", "territory"):
                w.column_dimensions[letter].number_format = "@"
        w.row_dimensions[1].height = 32
        data = list(rows.get(str(s.name), []))
        start = 2
        if example is not None:
            data = [example] + data
        for i, values in enumerate(data, start=start):
            is_example = example is not None and i == start
            for j, value in enumerate(values[:len(cols)], start=1):
                if value is None or value == "":
                    continue
                cell = _put(w, i, j, float(value) if isinstance(value, Decimal) else value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, str):
                    cell.number_format = "@"
                if is_example:
                    cell.font = example_font
        w.freeze_panes = "B2"
        w.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(2, len(data) + 1)}"
    lists = wb.create_sheet(lists_name)
    bold = Font(bold=True)
    for j, (_key, title, values) in enumerate(columns, start=1):
        letter = get_column_letter(j)
        _put(lists, 1, j, title).font = bold
        for i, v in enumerate(values, start=2):
            _put(lists, i, j, v)
        lists.column_dimensions[letter].width = min(
            60, max(14, max((len(v) for v in values), default=10) + 2))
    lists.freeze_panes = "A2"
    wb.active = 0
    return wb


def _put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write one cell, inert by construction: text is always written as text, never as a
    formula (openpyxl would make a live formula of any text starting with « = »); text a
    spreadsheet would read as a formula when edited (« = + - @ »...) is also marked « texte »
    (Excel's quote prefix, what typing an apostrophe first does), and the characters XML
    forbids are left out and line breaks are line feeds (:func:`ppgraph.text.xml_text`). The
    value read back is the text written.
    """
    if isinstance(value, str):
        text = xml_text(value)
        cell = ws.cell(row=row, column=column)
        cell.value = text
        cell.data_type = "s"
        if formula_like(text):
            cell.quotePrefix = True
        return cell
    return ws.cell(row=row, column=column, value=value)


def _comment_text(schema: Schema, sheet: Sheet, col: Column | None, cat: Catalogue) -> str:
    """The comment of a header: the column's description, and what it takes."""
    c = cat.spreadsheet.commentaire
    if col is None:
        return c("identifiant", description=sheet.id_description.in_language(cat.lang),
                 obligation=c("facultatif" if sheet.composed else "obligatoire"))
    return c("colonne", description=col.description.in_language(cat.lang),
             obligation=c("obligatoire" if col.required else "facultatif"),
             format=_format_hint(schema, col, cat))


def _validation(ws: Any, letter: str, col: Column | None, list_ranges: Mapping[str, str],
                id_columns: Mapping[URIRef, str], cat: Catalogue) -> None:
    """The data validation of a column: its dropdown, or a date check."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if col is None:
        return
    v = cat.spreadsheet.validation
    rng = f"{letter}2:{letter}{_LAST_ROW}"
    header = col.header.in_language(cat.lang)[:32]
    formula = None
    strict = False
    if col.kind == "concept":
        formula = list_ranges.get(str(col.scheme))
        strict = not col.multiple
    elif col.datatype == XSD.boolean:
        formula = list_ranges.get("oui-non")
        strict = True
    elif col.kind == "territory" and col.target_class == PP.Commune:
        formula = list_ranges.get("communes")
    elif col.kind == "reference" and not col.multiple:
        formula = id_columns.get(col.target_class)
    if formula is None:
        if col.datatype == XSD.date:
            dv = DataValidation(type="date", operator="greaterThan", formula1="1",
                                allow_blank=True, errorStyle="warning",
                                errorTitle=v("date_titre")[:32], error=v("date_message"),
                                promptTitle=header, prompt=_prompt(col, cat))
            dv.showErrorMessage = True
            dv.showInputMessage = True
            ws.add_data_validation(dv)
            dv.add(rng)
        return
    dv = DataValidation(type="list", formula1=f"={formula}", allow_blank=True,
                        errorStyle="warning", errorTitle=v("hors_liste_titre")[:32],
                        error=v("hors_liste_message") if strict else "",
                        promptTitle=header, prompt=_prompt(col, cat))
    dv.showErrorMessage = strict
    dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(rng)


def _prompt(col: Column, cat: Catalogue) -> str:
    """The help a cell shows when selected (Excel keeps 255 characters)."""
    text = col.description.in_language(cat.lang)
    if col.multiple and col.kind != "literal":
        text += cat("spreadsheet.validation.plusieurs")
    return text[:250]


def _fill_instructions(ws: Any, lines: list[tuple[str, str]]) -> None:
    from openpyxl.styles import Alignment, Font

    widths = {"A": 30, "B": 14, "C": 36, "D": 80}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    r = 1
    wrap = Alignment(wrap_text=True, vertical="top")

    def height(*parts: tuple[str, int]) -> float:
        return 15.0 * max(1, *(math.ceil(len(text) / max(chars, 1)) for text, chars in parts))

    for style, text in lines:
        if style == "title":
            _put(ws, r, 1, text).font = Font(bold=True, size=14)
            ws.row_dimensions[r].height = 22
        elif style == "head":
            r += 1
            _put(ws, r, 1, text).font = Font(bold=True, size=12)
            ws.row_dimensions[r].height = 18
        elif style in ("para", "item", "note"):
            value = ("• " if style == "item" else "") + text
            c = _put(ws, r, 1, value)
            c.alignment = wrap
            if style == "note":
                c.font = Font(italic=True)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
            ws.row_dimensions[r].height = height((value, 170))
        elif style == "sheet":
            name, desc = text.split("\t", 1)
            c = _put(ws, r, 1, name)
            c.font, c.alignment = Font(bold=True), wrap
            _put(ws, r, 2, desc).alignment = wrap
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
            ws.row_dimensions[r].height = height((desc, 140))
        elif style == "column":
            parts = text.split("\t")
            for j, part in enumerate(parts, start=1):
                _put(ws, r, j, part).alignment = wrap
            ws.row_dimensions[r].height = height(
                *[(part, widths["ABCD"[j]] - 2) for j, part in enumerate(parts[:4])])
        r += 1


def save_workbook(wb: Any, path: Path) -> None:
    """Save with fixed timestamps inside the zip, so that the same content gives the same
    bytes (a workbook regenerated from the same data does not show as changed)."""
    buffer = io.BytesIO()
    wb.save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            data = re.sub(rb"<dcterms:(created|modified) xsi:type=\"dcterms:W3CDTF\">[^<]*<",
                          lambda m: b"<dcterms:" + m.group(1)
                          + b' xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z<', data) \
                if info.filename == "docProps/core.xml" else data
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            out.writestr(zi, data)
    os.replace(tmp, path)


# -- CSV files ---------------------------------------------------------------------------------

def _write_csv(folder: Path, schema: Schema, rows: Mapping[str, list[list[Any]]],
               departement: str | None, examples: bool, notes: Sequence[str],
               cat: Catalogue) -> Path:
    if folder.suffix.lower() == ".csv":
        raise InputError("spreadsheet.csv_dans_dossier", chemin=str(folder))
    lang = cat.lang
    folder.mkdir(parents=True, exist_ok=True)
    for s in schema.sheets:
        data = list(rows.get(str(s.name), []))
        if examples:
            data = [_example_row(s, departement, cat)] + data
        _csv_file(folder / f"{s.name.in_language(lang)}.csv",
                  [s.headers_in(lang)] + [[_csv_text(v) for v in r] for r in data])
    cols = [[title] + values for _key, title, values in _lists(schema, departement, cat)]
    height = max(len(c) for c in cols)
    table = [[c[i] if i < len(c) else "" for c in cols] for i in range(height)]
    _csv_file(folder / f"{cat('spreadsheet.feuille_listes')}.csv", table)
    text = []
    for style, line in _instructions(schema, departement, examples, notes, cat):
        if style in ("title", "head"):
            text += ["", line, "=" * len(line) if style == "title" else "-" * len(line)]
        elif style == "item":
            text.append("- " + line)
        elif style in ("sheet", "column"):
            text.append("  " + " | ".join(line.split("\t")))
        else:
            text.append(line)
    text.append("")
    text.append(cat("spreadsheet.lisezmoi_csv"))
    readme = folder / f"{cat('spreadsheet.fichier_lisezmoi')}.txt"
    readme.write_text("\r\n".join(text).strip() + "\r\n", encoding="utf-8-sig")
    return folder


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S") if value.second \
            else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return canonical_decimal(Decimal(repr(value))).replace(".", ",")
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return canonical_decimal(Decimal(value)).replace(".", ",")
    return str(value)


def _csv_file(path: Path, rows: list[list[str]]) -> None:
    """One CSV file as French Excel opens it; every cell inert (:func:`ppgraph.text.inert_cell`:
    no formula runs when the file is opened) and free of characters no spreadsheet shows."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerows([[inert_cell(xml_text(c)) for c in row] for row in rows])

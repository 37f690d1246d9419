"""Reading an OpenDocument spreadsheet (.ods, LibreOffice's own format) into tables.

openpyxl reads only .xlsx: a representative who works in LibreOffice Calc and keeps its own
format is read here, with the same care. The archive is checked first
(:func:`~ppgraph.spreadsheet.archive.open_archive`); ``content.xml`` is then read in one
streaming pass. Repeated rows and cells (``table:number-rows-repeated``, which LibreOffice
writes for the empty rows down to row 1 048 576) are expanded only where they hold a value,
within the budget of cells of :class:`~ppgraph.spreadsheet.archive.Limits`; merged cells,
hidden rows and formulas without a value are noted as for a .xlsx.

Values come typed as LibreOffice stored them: numbers (``office:value``), dates
(``office:date-value``), yes/no (``office:boolean-value``), text from the paragraphs.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ..errors import InputError
from .archive import Limits, cell_count, open_archive
from .cells import Fault, Scrubber, Table, column_letter

__all__ = ["read_ods"]

_T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TX = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_CALC = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_S = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_EMPTY_ROWS_BEFORE_STOP = 2000


def _a(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


_TABLE, _ROW, _CELL, _COVERED = (_a(_T, "table"), _a(_T, "table-row"), _a(_T, "table-cell"),
                                 _a(_T, "covered-table-cell"))
_STYLE, _TABLE_PROPERTIES = _a(_S, "style"), _a(_S, "table-properties")


def read_ods(path: str | Path, limits: Limits | None = None, *,
             archive: zipfile.ZipFile | None = None) -> list[Table]:
    """Read every sheet of an .ods file into a :class:`~ppgraph.spreadsheet.cells.Table`.

    ``archive``: the file's archive, already opened and checked by
    :func:`~ppgraph.spreadsheet.archive.open_archive` (it is closed here).

    >>> tables = read_ods("tests/data/entrees/creuse.ods")
    >>> [t.name for t in tables][:3], tables[2].rows[1][1][0]
    (['Instructions', 'Soumission', 'Structures'], '23-ADT')

    Raises
    ------
    InputError
        If the file is too large, protected, damaged, or not a spreadsheet.
    """
    p = Path(path)
    limits = limits or Limits()
    zf = archive or open_archive(p, limits)
    try:
        if "content.xml" not in zf.namelist():
            raise InputError("lecture.partie_manquante_ods", fichier=p.name,
                             partie="content.xml")
        with zf.open("content.xml") as fh:
            return _read(fh, p, limits)
    except ElementTree.ParseError as err:
        raise InputError("lecture.xml_abime", fichier=p.name, partie="content.xml",
                         ligne=err.position[0]) from err
    finally:
        zf.close()


class _Sheet:
    def __init__(self, name: str, file: str):
        self.table = Table(name, file, [])
        self.row = 0  # number of the last row read
        self.empty_run = 0
        self.scrub = Scrubber()
        self.done = False
        self.hidden = False


def _read(fh: Any, p: Path, limits: Limits) -> list[Table]:
    tables: list[Table] = []
    sheet: _Sheet | None = None
    budget = [limits.cells]
    hidden_styles: set[str] = set()  # table styles that hide a sheet (table:display="false")
    for event, el in ElementTree.iterparse(fh, events=("start", "end")):
        if el.tag == _STYLE and event == "end":
            for props in el:
                if props.tag == _TABLE_PROPERTIES and props.get(_a(_T, "display")) == "false":
                    hidden_styles.add(el.get(_a(_S, "name")) or "")
        elif el.tag == _TABLE:
            if event == "start":
                sheet = _Sheet(el.get(_a(_T, "name")) or "", p.name)
                sheet.hidden = el.get(_a(_T, "style-name")) in hidden_styles
            elif sheet is not None:
                fault = sheet.scrub.fault()
                if fault is not None:
                    sheet.table.faults.append(fault)
                if sheet.hidden and sheet.table.rows:
                    sheet.table.faults.append(Fault("FeuilleMasquee", "lecture.feuille_masquee",
                                                    {"feuille": sheet.table.name}))
                tables.append(sheet.table)
                sheet = None
                el.clear()
        elif el.tag == _ROW and event == "end" and sheet is not None:
            _row(el, sheet, budget, limits, p)
            el.clear()
    return tables


def _row(el: ElementTree.Element, sheet: _Sheet, budget: list[int], limits: Limits,
         p: Path) -> None:
    repeat = _int(el.get(_a(_T, "number-rows-repeated")), 1)
    hidden = el.get(_a(_T, "visibility")) in ("collapse", "filter")
    first = sheet.row + 1
    if sheet.done:
        sheet.row += repeat
        return
    cells: list[tuple[Any, int, bool]] = []  # (value, times, a formula is there)
    spans: list[tuple[int, int, int]] = []  # (column, columns spanned, rows spanned)
    formulas: dict[int, tuple[str, str | None]] = {}
    width = 0
    for cell in el:
        if cell.tag not in (_CELL, _COVERED):
            continue
        n = _int(cell.get(_a(_T, "number-columns-repeated")), 1)
        value, formula = _cell_value(cell) if cell.tag == _CELL else (None, None)
        if cell.tag == _CELL:
            cols = _int(cell.get(_a(_T, "number-columns-spanned")), 1)
            rows = _int(cell.get(_a(_T, "number-rows-spanned")), 1)
            if cols > 1 or rows > 1:
                spans.append((width, cols, rows))
            if formula is not None:
                formulas[width] = formula
        cells.append((value, n, formula is not None))
        width += n
    while cells and cells[-1][0] is None and not cells[-1][2]:
        cells.pop()  # trailing empty cells (repeated to column 1 024)
    width = sum(n for _, n, _f in cells)
    if not cells:
        sheet.empty_run += repeat
        sheet.row += repeat
        if sheet.empty_run > _EMPTY_ROWS_BEFORE_STOP:
            sheet.done = True
        return
    budget[0] -= width * repeat
    if budget[0] < 0:
        raise InputError("lecture.trop_de_cellules", fichier=p.name, feuille=sheet.table.name,
                         limite=cell_count(limits.cells))
    sheet.empty_run = 0
    for k in range(repeat):
        number = first + k
        values: list[Any] = []
        for value, n, _f in cells:
            values.extend([value] * n)
        values = [sheet.scrub(v, number, j) for j, v in enumerate(values)]
        sheet.table.rows.append((number, values))
        if hidden:
            sheet.table.hidden_rows.add(number)
        for col, (text, error) in formulas.items():
            sheet.table.formulas[(number, column_letter(col))] = (text, error)
        for col, cols, rows in spans:
            sheet.table.merged.append((number, column_letter(col), number + rows - 1,
                                       column_letter(col + cols - 1)))
    sheet.row += repeat


def _int(text: str | None, default: int) -> int:
    try:
        return max(int(text), 1) if text else default
    except ValueError:
        return default


def _cell_value(cell: ElementTree.Element) -> tuple[Any, tuple[str, str | None] | None]:
    """The value of a cell as LibreOffice stored it, and (formula, error) when it is a formula
    without a value or in error."""
    kind = cell.get(_a(_O, "value-type"))
    formula = cell.get(_a(_T, "formula"))
    text = _text(cell)
    if cell.get(_a(_CALC, "value-type")) == "error":
        return text or None, ((formula or "").removeprefix("of:"), text or "#ERR")
    if kind is None:
        if formula is not None:
            return None, (formula.removeprefix("of:"), None)
        return (text or None), None
    if kind in ("float", "percentage", "currency"):
        raw = cell.get(_a(_O, "value"))
        try:
            number = float(raw) if raw is not None else None
        except ValueError:
            number = None
        if number is None:
            return text or None, None
        return (int(number) if number.is_integer() else number), None
    if kind == "date":
        raw = cell.get(_a(_O, "date-value")) or ""
        try:
            if "T" in raw:
                when = dt.datetime.fromisoformat(raw)
                return (when.date() if when.time() == dt.time() else when), None
            return dt.date.fromisoformat(raw), None
        except ValueError:
            return text or None, None
    if kind == "boolean":
        return cell.get(_a(_O, "boolean-value")) == "true", None
    if kind == "string":
        value = cell.get(_a(_O, "string-value"))
        return (value if value is not None else text) or None, None
    return text or None, None  # time, void...


def _text(cell: ElementTree.Element) -> str:
    """The text of a cell's paragraphs (one line each), spaces and tabs as written."""
    paragraphs = []
    for par in cell:
        if par.tag in (_a(_TX, "p"), _a(_TX, "h")):
            paragraphs.append(_inline(par))
    return "\n".join(paragraphs)


def _inline(el: ElementTree.Element) -> str:
    out = [el.text or ""]
    for child in el:
        if child.tag == _a(_TX, "s"):
            out.append(" " * _int(child.get(_a(_TX, "c")), 1))
        elif child.tag == _a(_TX, "tab"):
            out.append("\t")
        elif child.tag == _a(_TX, "line-break"):
            out.append("\n")
        elif child.tag in (_a(_O, "annotation"),):
            pass  # a comment on the cell is not its value
        else:
            out.append(_inline(child))
        out.append(child.tail or "")
    return "".join(out)

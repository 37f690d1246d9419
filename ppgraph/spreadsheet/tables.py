"""Reading a workbook (.xlsx), a CSV file or a folder of CSV files into tables of raw cells.

Files as they come from real offices are accepted: CSV from a French Excel (``;``, UTF-8 with
BOM or Windows-1252), trailing rows that only look empty, the instructions and lists sheets
ppgraph wrote itself (skipped, in whatever language the template was written).

>>> clean("  Guichet\\u00a0unique "), cell_text(45731.0), column_letter(27)
('Guichet unique', '45731', 'AB')
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from ..errors import InputError
from ..i18n import LANGUAGES, catalogue
from ..text import fold, revived_cell

__all__ = ["Table", "read_tables", "SPREADSHEET_SUFFIXES", "MULTI_SEPARATOR", "clean",
           "cell_text", "column_letter", "written_by_ppgraph"]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
MULTI_SEPARATOR = " ; "
"""How several values of one cell are written (and one of the ways they are read)."""
_EMPTY_ROWS_BEFORE_STOP = 2000


@dataclass
class Table:
    """A sheet (or CSV file) as rows of raw cell values; ``rows`` are (row number, values)."""

    name: str
    file: str
    rows: list[tuple[int, list[Any]]]


def clean(value: Any) -> str:
    """A cell's text: stray and non-breaking spaces removed at both ends."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u00a0", " ").replace("\u202f", " ")
    return text.strip()


def cell_text(value: Any) -> str:
    """How a cell's value reads (dates as jj/mm/aaaa [hh:mm])."""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) \
            else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return clean(value)


def column_letter(index: int) -> str:
    """The letter of a 0-based column index: 0 → A, 26 → AA."""
    return get_column_letter(index + 1)


@functools.lru_cache(maxsize=1)
def _written_names() -> frozenset[str]:
    names = set()
    for lang in LANGUAGES:
        cat = catalogue(lang)
        for key in ("spreadsheet.feuille_instructions", "spreadsheet.feuille_listes",
                    "spreadsheet.fichier_lisezmoi"):
            names.add(fold(cat(key)))
    return frozenset(names)


def written_by_ppgraph(name: str) -> bool:
    """Whether a sheet (or CSV file) is one ppgraph writes for people to read, never reads
    back: the instructions, the lists, the read-me of a CSV folder (in any language)."""
    return fold(name) in _written_names()


def read_tables(path: str | os.PathLike) -> list[Table]:
    """Read a workbook (.xlsx), a CSV file or a folder of CSV files into tables.

    Raises
    ------
    InputError
        If the file cannot be read (the message names it).
    """
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.suffix.lower() == ".csv" and f.is_file())
        if not files:
            raise InputError("spreadsheet.dossier_sans_csv", dossier=str(p))
        return [_read_csv(f) for f in files]
    if not p.exists():
        raise InputError("spreadsheet.fichier_introuvable", fichier=str(p))
    suffix = p.suffix.lower()
    if suffix == ".csv":
        return [_read_csv(p)]
    if suffix in SPREADSHEET_SUFFIXES:
        return _read_xlsx(p)
    if suffix in (".xls", ".ods"):
        raise InputError("spreadsheet.format_ancien", fichier=p.name, suffixe=p.suffix)
    raise InputError("spreadsheet.format_inconnu", fichier=p.name)


def _read_xlsx(p: Path) -> list[Table]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise InputError("spreadsheet.classeur_illisible", fichier=p.name, cause=str(err)) \
            from err
    tables = []
    try:
        for ws in wb.worksheets:
            if written_by_ppgraph(ws.title):
                continue  # the instructions and the lists: written by ppgraph, never read back
            rows: list[tuple[int, list[Any]]] = []
            empty_run = 0
            for i, values in enumerate(ws.iter_rows(values_only=True), start=1):
                values = list(values)
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    empty_run += 1
                    if empty_run > _EMPTY_ROWS_BEFORE_STOP:  # formatting down to row 1 048 576
                        break
                    continue
                empty_run = 0
                rows.append((i, values))
            tables.append(Table(ws.title, p.name, rows))
    finally:
        wb.close()
    return tables


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # French Excel's « CSV (séparateur: ;) »


def _read_csv(p: Path) -> Table:
    try:
        text = _decode(p.read_bytes())
    except OSError as err:
        raise InputError("spreadsheet.fichier_illisible", fichier=p.name, cause=str(err)) \
            from err
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=lambda d: (first.count(d), d == ";"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for i, values in enumerate(reader, start=1):
            if any(v.strip() for v in values):
                rows.append((i, [revived_cell(v) for v in values]))  # inert_cell undone
    except csv.Error as err:
        raise InputError("spreadsheet.csv_illisible", fichier=p.name, ligne=reader.line_num,
                         cause=str(err)) from err
    return Table(p.stem, p.name, rows)

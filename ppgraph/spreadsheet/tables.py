"""Reading a workbook (.xlsx, .ods), a CSV file or a folder of CSV files into tables of raw cells.

Files as they come from real offices are accepted: CSV from a French Excel (``;``, UTF-8 with
BOM or Windows-1252, or both in one file when rows were pasted from elsewhere, UTF-16 as
« Texte Unicode »), LibreOffice's .ods, trailing rows that only look empty, the instructions
and lists sheets ppgraph wrote itself (skipped, in whatever language the template was
written). Characters that cannot be seen (control characters, zero-width spaces) are removed
from every cell, and the sheet says where (:class:`~ppgraph.spreadsheet.cells.Fault`).
Nothing is read from a file larger than the :class:`~ppgraph.spreadsheet.archive.Limits`.

>>> clean("  Guichet\\u00a0unique "), cell_text(45731.0), column_letter(27)
('Guichet unique', '45731', 'AB')
>>> decode(b"\\xef\\xbb\\xbfNom\\nCaf\\xe9\\n")
('Nom\\nCafé\\n', [2])
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import os
from pathlib import Path

from ..errors import InputError
from ..i18n import LANGUAGES, catalogue
from ..text import fold, revived_cell
from .archive import Limits, cell_count, check_size, is_archive, open_archive, workbook_kind
from .cells import Fault, Scrubber, Table, cell_text, clean, column_letter
from .ods import read_ods
from .xlsx import read_xlsx

__all__ = ["Table", "Fault", "read_tables", "SPREADSHEET_SUFFIXES", "WORKBOOK_SUFFIXES",
           "MULTI_SEPARATOR", "clean", "cell_text", "column_letter", "written_by_ppgraph",
           "decode", "Limits"]

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
"""The workbooks ppgraph writes and reads (Excel's format)."""
WORKBOOK_SUFFIXES = SPREADSHEET_SUFFIXES + (".ods",)
"""The workbooks ppgraph reads: Excel's and LibreOffice's own."""
MULTI_SEPARATOR = " ; "
"""How several values of one cell are written (and one of the ways they are read)."""


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


def read_tables(path: str | os.PathLike, *, limits: Limits | None = None) -> list[Table]:
    """Read a workbook (.xlsx, .ods), a CSV file or a folder of CSV files into tables.

    Parameters
    ----------
    path : path
    limits : Limits, optional
        How large a file may be (default: :class:`~ppgraph.spreadsheet.archive.Limits`).

    Raises
    ------
    InputError
        If the file cannot be read, or is larger than the limits (the message names it, and
        the limit).
    """
    limits = limits or Limits()
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.suffix.lower() == ".csv" and f.is_file())
        if not files:
            raise InputError("spreadsheet.dossier_sans_csv", dossier=str(p))
        return [_read_csv(f, limits) for f in files]
    if not p.exists():
        raise InputError("spreadsheet.fichier_introuvable", fichier=str(p))
    suffix = p.suffix.lower()
    if suffix in (".xls", ".xlsb", ".numbers", ".fods"):
        raise InputError("lecture.format_a_convertir", fichier=p.name, suffixe=p.suffix)
    if suffix not in WORKBOOK_SUFFIXES + (".csv",):
        raise InputError("spreadsheet.format_inconnu", fichier=p.name)
    if suffix == ".csv" and not is_archive(p):
        return [_read_csv(p, limits)]
    # A workbook is read as what its archive holds, whatever its name says (an .ods saved
    # under a .xlsx name, a workbook named « .csv »).
    archive = open_archive(p, limits)
    try:
        kind = workbook_kind(archive, p)
    except BaseException:
        archive.close()
        raise
    if kind == "ods":
        return read_ods(p, limits, archive=archive)
    return read_xlsx(p, limits, archive=archive)


def decode(data: bytes) -> tuple[str, list[int]]:
    """The text of a CSV file, and the lines that were not UTF-8 (read as Windows-1252).

    A byte-order mark says UTF-8 or UTF-16; without one, UTF-16 is recognised by its zero
    bytes. Otherwise each line is read as UTF-8 if it can be, else as Windows-1252 (French
    Excel's « CSV (séparateur : point-virgule) »): a file whose rows were pasted from two
    sources reads whole, and the report says which lines were guessed.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), []
    elif len(data) >= 4 and data[1:4:2] == b"\0\0" and data[0:4:2] != b"\0\0":
        return data.decode("utf-16-le", errors="replace"), []
    elif len(data) >= 4 and data[0:4:2] == b"\0\0" and data[1:4:2] != b"\0\0":
        return data.decode("utf-16-be", errors="replace"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    lines, guessed = [], []
    for i, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
            guessed.append(i)
    return "".join(lines), guessed


def _read_csv(p: Path, limits: Limits) -> Table:
    check_size(p, limits)
    try:
        text, guessed = decode(p.read_bytes())
    except OSError as err:
        raise InputError("spreadsheet.fichier_illisible", fichier=p.name, cause=str(err)) \
            from err
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=lambda d: (first.count(d), d == ";"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    scrub = Scrubber()
    budget = limits.cells
    try:
        for i, values in enumerate(reader, start=1):
            budget -= max(len(values), 1)
            if budget < 0:
                raise InputError("lecture.trop_de_cellules", fichier=p.name, feuille=p.stem,
                                 limite=cell_count(limits.cells))
            if any(v.strip() for v in values):
                # inert_cell undone: a cell ppgraph neutralised (« '=1+1 ») reads as written
                rows.append((i, [scrub(revived_cell(v), i, j) for j, v in enumerate(values)]))
    except csv.Error as err:
        raise InputError("lecture.csv_illisible", fichier=p.name, ligne=reader.line_num) \
            from err
    faults = [f for f in (scrub.fault(),) if f is not None]
    if guessed:
        shown = ", ".join(map(str, guessed[:10])) + (" …" if len(guessed) > 10 else "")
        faults.append(Fault("EncodageMixte", "lecture.encodage_mixte",
                            {"n": len(guessed), "lignes": shown}, guessed[0]))
    return Table(p.stem, p.name, rows, faults)

"""Reading an Excel workbook (.xlsx, .xlsm) into tables, with what its structure hides.

The archive is checked first (:func:`~ppgraph.spreadsheet.archive.open_archive`: sizes,
password, damage). Then one streaming pass over each sheet's XML finds what a person sees
differently from what a program reads — merged cells (only the first cell holds the value),
formulas whose result was never computed (a file written by a script, never opened in
Excel), formulas in error (``#REF!``), hidden rows and hidden sheets — and openpyxl reads
the values (the cached result of each formula), within a budget of cells.

>>> import tempfile, pathlib, openpyxl
>>> wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Structures"
>>> ws.append(["Identifiant", "Nom"]); ws.append(["23-OT", "=UPPER(A2)"])
>>> ws.merge_cells("A3:A4"); ws["A3"] = "23-PAT"
>>> path = pathlib.Path(tempfile.mkdtemp()) / "classeur.xlsx"; wb.save(path)
>>> table = read_xlsx(path)[0]
>>> table.formulas, table.merged
({(2, 'B'): ('UPPER(A2)', None)}, [(3, 'A', 4, 'A')])
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from ..errors import InputError
from .archive import Limits, cell_count, open_archive
from .cells import Fault, Scrubber, Table

__all__ = ["read_xlsx", "EMPTY_ROWS_BEFORE_STOP"]

EMPTY_ROWS_BEFORE_STOP = 2000
"""Empty rows after which a sheet is taken as finished (formatting down to row 1 048 576)."""

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class _Structure:
    """What one pass over a sheet's XML found."""

    merged: list[tuple[int, str, int, str]] = field(default_factory=list)
    formulas: dict[tuple[int, str], tuple[str, str | None]] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)


def read_xlsx(path: str | Path, limits: Limits | None = None, *,
              archive: zipfile.ZipFile | None = None) -> list[Table]:
    """Read every sheet of a workbook into a :class:`~ppgraph.spreadsheet.cells.Table`
    (the instructions and lists sheets included: the caller skips them).

    ``archive``: the file's archive, already opened and checked by
    :func:`~ppgraph.spreadsheet.archive.open_archive` (it is closed here).

    Raises
    ------
    InputError
        If the file is too large, protected, damaged, or not a workbook.
    """
    p = Path(path)
    limits = limits or Limits()
    zf = archive or open_archive(p, limits)
    try:
        if "xl/workbook.xml" not in zf.namelist():
            raise InputError("lecture.partie_manquante", fichier=p.name,
                             partie="xl/workbook.xml")
        sheets = _sheets(zf, p)
        structures = {name: _scan(zf, p, part) for name, _state, part in sheets}
        hidden = {name for name, state, _part in sheets if state in ("hidden", "veryHidden")}
    finally:
        zf.close()
    return _values(p, limits, structures, hidden)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_part(zf: zipfile.ZipFile, p: Path, part: str) -> ElementTree.Element:
    try:
        with zf.open(part) as fh:
            return ElementTree.parse(fh).getroot()
    except KeyError as err:
        raise InputError("lecture.partie_manquante", fichier=p.name, partie=part) from err
    except ElementTree.ParseError as err:
        raise InputError("lecture.xml_abime", fichier=p.name, partie=part,
                         ligne=err.position[0]) from err


def _sheets(zf: zipfile.ZipFile, p: Path) -> list[tuple[str, str, str]]:
    """(name, state, archive member) of each sheet, in the workbook's order."""
    book = _parse_part(zf, p, "xl/workbook.xml")
    if book.tag.startswith("{http://purl.oclc.org/ooxml/"):
        raise InputError("lecture.ooxml_strict", fichier=p.name)
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in zf.namelist():
        for rel in _parse_part(zf, p, "xl/_rels/workbook.xml.rels"):
            target = rel.get("Target") or ""
            target = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id") or ""] = target
    out = []
    for el in book.iter():
        if _local(el.tag) == "sheet":
            part = targets.get(el.get(_REL) or "", "")
            if part in zf.namelist():
                out.append((el.get("name") or "", el.get("state") or "visible", part))
    return out


def _split_ref(ref: str) -> tuple[int, str]:
    letters = "".join(c for c in ref if c.isalpha()).upper()
    digits = "".join(c for c in ref if c.isdigit())
    return int(digits or 0), letters


def _scan(zf: zipfile.ZipFile, p: Path, part: str) -> _Structure:
    """One streaming pass over a sheet's XML: merged ranges, formulas without a computed
    value or in error, hidden rows."""
    found = _Structure()
    try:
        with zf.open(part) as fh:
            for _event, el in ElementTree.iterparse(fh, events=("end",)):
                tag = _local(el.tag)
                if tag == "c":
                    _formula_cell(el, found)
                elif tag == "row":
                    if el.get("hidden") in ("1", "true") and (el.get("r") or "").isdigit():
                        found.hidden_rows.add(int(el.get("r")))
                    el.clear()
                elif tag == "mergeCell":
                    first, _, last = (el.get("ref") or "").partition(":")
                    if first and last:
                        (r1, c1), (r2, c2) = _split_ref(first), _split_ref(last)
                        found.merged.append((r1, c1, r2, c2))
    except ElementTree.ParseError as err:
        raise InputError("lecture.xml_abime", fichier=p.name, partie=part,
                         ligne=err.position[0]) from err
    return found


def _formula_cell(el: ElementTree.Element, found: _Structure) -> None:
    formula = value = None
    for child in el:
        name = _local(child.tag)
        if name == "f":
            formula = child.text or ""
        elif name == "v":
            value = child.text
    ref = el.get("r")
    if not ref:
        return
    if formula is not None and (value is None or value == "") and el.get("t") != "inlineStr":
        found.formulas[_split_ref(ref)] = (formula, None)
    elif el.get("t") == "e" and value:
        found.formulas[_split_ref(ref)] = (formula or "", value)


def _values(p: Path, limits: Limits, structures: dict[str, _Structure],
            hidden: set[str]) -> list[Table]:
    import openpyxl

    # A file object, not the path: openpyxl judges a path by its suffix, and the archive
    # has said what it is (a workbook saved under a « .csv » name is read all the same).
    fh = open(p, "rb")  # noqa: SIM115 — read-only workbooks read it until wb.close()
    try:
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except Exception as err:  # a damaged part openpyxl cannot make sense of
        fh.close()
        raise InputError("lecture.classeur_abime", fichier=p.name) from err
    tables = []
    budget = limits.cells
    try:
        for ws in wb.worksheets:
            ws.reset_dimensions()  # a declared size (A1:XFD1048576) is not trusted
            scrub = Scrubber()
            rows: list[tuple[int, list[Any]]] = []
            empty_run = 0
            for i, values in enumerate(ws.iter_rows(values_only=True), start=1):
                budget -= max(len(values), 1)
                if budget < 0:
                    raise InputError("lecture.trop_de_cellules", fichier=p.name,
                                     feuille=ws.title, limite=cell_count(limits.cells))
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    empty_run += 1
                    if empty_run > EMPTY_ROWS_BEFORE_STOP:
                        break
                    continue
                empty_run = 0
                rows.append((i, [scrub(v, i, j) for j, v in enumerate(values)]))
            s = structures.get(ws.title, _Structure())
            faults = [f for f in (scrub.fault(),) if f is not None]
            if ws.title in hidden and rows:
                faults.append(Fault("FeuilleMasquee", "lecture.feuille_masquee",
                                    {"feuille": ws.title}))
            tables.append(Table(ws.title, p.name, rows, faults, merged=s.merged,
                                formulas=s.formulas, hidden_rows=s.hidden_rows))
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 — whatever a hostile sheet makes openpyxl raise
        raise InputError("lecture.classeur_abime", fichier=p.name) from err
    finally:
        wb.close()
        fh.close()
    return tables

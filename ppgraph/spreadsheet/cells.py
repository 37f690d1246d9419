"""Cells as they are read: tables of raw values, the faults of a sheet, and characters removed.

Shared by every reader (:mod:`~ppgraph.spreadsheet.xlsx`, :mod:`~ppgraph.spreadsheet.ods`,
the CSV reading of :mod:`~ppgraph.spreadsheet.tables`): a :class:`Table` holds a sheet's rows
and the :class:`Fault` s found in its structure (merged cells, formulas without a value,
hidden rows, characters that cannot be seen), each with the cells it explains, so that a
report names the cause once instead of its symptoms.

>>> clean("  Guichet\\u00a0unique "), cell_text(45731.0), column_letter(27)
('Guichet unique', '45731', 'AB')
>>> scrub("23-OT\\u200b-001\\x07"), scrub("Office_x001B_[31m")
(('23-OT-001', ['U+200B', 'U+0007']), ('Office[31m', ['U+001B']))
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from ..text import UNSEEN

__all__ = ["Table", "Fault", "clean", "cell_text", "column_letter", "column_index", "scrub",
           "character_names", "Scrubber", "IRI_FORBIDDEN"]

# Control characters and characters that print as nothing: the one set of ppgraph.text.
_UNSEEN = UNSEEN

IRI_FORBIDDEN = re.compile("[\x00-\x20<>\"{}|^`\\\\\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e"
                           "\u2060-\u206f\ufeff]")
"""A character no IRI may hold as it is (RFC 3987): a space, ``<``, ``>``, braces, a quote, a
control or invisible character. A cell or a file that gives one is refused, never stored."""


@dataclass
class Fault:
    """A fault of a sheet's structure, found while reading it.

    Attributes
    ----------
    rule : str
        Local name of the rule in ``ontology/shapes.ttl`` (``"CellulesFusionnees"``).
    key : str
        The message of the catalogue that says it, with ``params``.
    row : int or None
        First row concerned (None: the whole sheet).
    column : str or None
        Column letter of the first cell concerned.
    explains : set of (row, column letter)
        The cells whose symptoms (« cellule vide »...) this fault explains: the report does
        not list them a second time.
    """

    rule: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    row: int | None = None
    column: str | None = None
    explains: set[tuple[int, str]] = field(default_factory=set)


@dataclass
class Table:
    """A sheet (or CSV file) as rows of raw cell values; ``rows`` are (row number, values);
    ``faults`` what the reader found (characters removed, a hidden sheet...); the geometry
    (merged ranges, formulas without a value, hidden rows) is judged by the importer, which
    knows where the header row is."""

    name: str
    file: str
    rows: list[tuple[int, list[Any]]]
    faults: list[Fault] = field(default_factory=list)
    merged: list[tuple[int, str, int, str]] = field(default_factory=list)
    """merged ranges: (first row, first column letter, last row, last column letter)"""
    formulas: dict[tuple[int, str], tuple[str, str | None]] = field(default_factory=dict)
    """(row, column letter) → (formula, error) of the formulas without a computed value
    (error None) or whose value is an error (« #REF! »)"""
    hidden_rows: set[int] = field(default_factory=set)


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


def column_index(letter: str) -> int:
    """The 0-based index of a column letter: A → 0, AA → 26."""
    return column_index_from_string(letter) - 1


# How OOXML writes a control character in a string (« _x0007_ » for BEL); openpyxl decodes it
# in shared strings only, not in inline strings.
_ESCAPED_CONTROL = re.compile(r"_x00(?:0[0-8BbCcEeFf]|1[0-9A-Fa-f]|7[Ff])_")


def scrub(text: str) -> tuple[str, list[str]]:
    """``text`` without control characters and characters that print as nothing, and the
    code points removed (« U+200B »), in order; a control character written the OOXML way
    (« _x0007_ ») is one too."""
    if "_x00" in text:
        text = _ESCAPED_CONTROL.sub(lambda m: chr(int(m.group(0)[2:6], 16)), text)
    found = _UNSEEN.findall(text)
    if not found:
        return text, []
    return _UNSEEN.sub("", text), [f"U+{ord(c):04X}" for c in found]


_C0 = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN "
       "ETB CAN EM SUB ESC FS GS RS US").split()


def character_names(codes: list[str]) -> str:
    """« U+200B (ZERO WIDTH SPACE), U+0007 (BEL) » for a message: each code point once.

    >>> character_names(["U+0000", "U+200B", "U+0000"])
    'U+0000 (NUL), U+200B (ZERO WIDTH SPACE)'
    """
    out = []
    for code in dict.fromkeys(codes):
        point = int(code[2:], 16)
        name = _C0[point] if point < 32 else "DEL" if point == 0x7F else \
            unicodedata.name(chr(point), "")
        out.append(f"{code} ({name})" if name else code)
    return ", ".join(out)


class Scrubber:
    """Removes unseen characters from a sheet's cells and remembers where, for one warning
    per sheet (« caractères invisibles retirés : A5, C9 »)."""

    def __init__(self) -> None:
        self.cells: list[tuple[int, str]] = []
        self.codes: list[str] = []

    def __call__(self, value: Any, row: int, column: int) -> Any:
        if not isinstance(value, str):
            return value
        text, codes = scrub(value)
        if codes:
            self.cells.append((row, column_letter(column)))
            self.codes += codes
        return text

    def fault(self) -> Fault | None:
        """The warning for the sheet, or None if nothing was removed."""
        if not self.cells:
            return None
        shown = ", ".join(f"{c}{r}" for r, c in self.cells[:8])
        if len(self.cells) > 8:
            shown += " …"
        row, column = self.cells[0]
        return Fault("CaracteresInvisibles", "lecture.caracteres_retires",
                     {"n": len(self.cells), "cellules": shown,
                      "caracteres": character_names(self.codes)}, row, column)

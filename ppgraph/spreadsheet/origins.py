"""Where each record and triple of an imported submission came from, and what reading it found.

Kept beside the graph, not in it: the shared graph stays free of file coordinates, and a
validation report can still point at the cell (« Structures!E9 »).

>>> cell = CellRef("gironde.xlsx", "Structures", 9, "E", "Niveau d'accompagnement", "Guichet unque")
>>> cell.ref
'E9'
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from ..i18n import Message

__all__ = ["CellRef", "RecordRef", "Origins", "ImportIssue", "ImportResult", "file_digest",
           "RECORD_SHEET", "RECORD_FILE", "RECORD_NODE", "SPREADSHEET_KINDS"]

RECORD_SHEET = "feuille"
"""``RecordRef.kind`` of a problem about a whole sheet (its header row, say)."""
RECORD_FILE = "fichier"
"""``RecordRef.kind`` of a problem about the whole file."""
RECORD_NODE = "nœud"
"""``RecordRef.kind`` of a node of an RDF file that no sheet describes."""
SPREADSHEET_KINDS = ("xlsx", "ods", "csv")
"""``ImportResult.kind`` of a submission read from sheets (not from an RDF file)."""


@dataclass(frozen=True)
class CellRef:
    """A cell of the file: « Structures!D14 ». ``header`` is the column's header (a
    :class:`~ppgraph.spreadsheet.schema.Named`: French, with its translations)."""

    file: str
    sheet: str
    row: int
    column: str
    header: str
    text: str = ""

    @property
    def ref(self) -> str:
        return f"{self.column}{self.row}"


@dataclass(frozen=True)
class RecordRef:
    """The row (or, for Turtle, the line) a record was read from. ``kind`` is the kind of
    record (the sheet's label, a :class:`~ppgraph.spreadsheet.schema.Named`), or one of
    :data:`RECORD_SHEET`, :data:`RECORD_FILE`, :data:`RECORD_NODE`."""

    file: str
    sheet: str | None
    row: int | None
    identifier: str
    kind: str
    title: str | None = None


PathKey = Any  # URIRef or ("^", URIRef)


@dataclass
class Origins:
    """For each record, triple and empty cell, where it is in the source file."""

    records: dict[Any, list[RecordRef]] = field(default_factory=dict)
    cells: dict[tuple[Any, PathKey, Any], CellRef] = field(default_factory=dict)
    columns: dict[tuple[Any, PathKey], CellRef] = field(default_factory=dict)
    notes: dict[tuple[Any, PathKey, Any], Message] = field(default_factory=dict)
    """Why a value could not be read (ambiguous name...), keyed like ``cells``."""

    def record(self, node: Any) -> RecordRef | None:
        refs = self.records.get(node)
        return refs[0] if refs else None

    def cell(self, node: Any, path: PathKey, value: Any = None) -> CellRef | None:
        if value is not None:
            found = self.cells.get((node, path, value))
            if found is not None:
                return found
        return self.columns.get((node, path))


@dataclass(frozen=True)
class ImportIssue:
    """A problem found while reading the file (the rule is a shape of ``shapes.ttl``);
    ``detail`` is a :class:`~ppgraph.i18n.Message`, worded in the reader's language."""

    rule: URIRef
    detail: Message
    record: RecordRef | None = None
    cell: CellRef | None = None
    value: str | None = None
    severity: URIRef | None = None  # default: the rule's sh:severity
    sheet: URIRef | None = None
    """The sheet of the template (its shape) this issue leaves unread: a renamed sheet of
    the file stands for it, or its header row is missing."""
    explains: frozenset = frozenset()
    """Cells (file, sheet, row, column letter) whose symptoms this issue is the cause of: a
    merged range explains its empty-looking cells, a formula without a value its cell."""


@dataclass
class ImportResult:
    """A submission read from a file: the graph, where each triple came from, and the
    problems met while reading."""

    graph: Graph
    origins: Origins
    issues: list[ImportIssue]
    source: Path
    sha256: str
    kind: str
    departement: str | None = None
    example_rows: int = 0
    sheets: frozenset = frozenset()
    """The sheet shapes (``forme:Structure``...) the file has a sheet (or a CSV file) for;
    empty for an RDF file."""
    sheet_language: str = "fr"
    """The language the file's sheets are named in (a message names a missing sheet so)."""

    def explained(self) -> frozenset:
        """Every cell whose symptoms an issue found while reading already explains."""
        return frozenset().union(*(i.explains for i in self.issues))

    @property
    def name(self) -> str:
        return self.source.name

    def record_counts(self) -> dict[str, int]:
        """Number of records of each kind (the sheet's label), in reading order."""
        counts: dict[str, int] = {}
        for refs in self.origins.records.values():
            counts[refs[0].kind] = counts.get(refs[0].kind, 0) + 1
        return counts


def file_digest(path: str | os.PathLike) -> str:
    """SHA-256 of a file, or of a folder's files (sorted names and contents)."""
    p = Path(path)
    h = hashlib.sha256()
    if p.is_dir():
        for f in sorted(p.iterdir()):
            if f.is_file():
                h.update(f.name.encode("utf-8") + b"\0")
                h.update(f.read_bytes())
                h.update(b"\0")
    else:
        with open(p, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


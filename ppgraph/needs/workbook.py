"""The training needs as a workbook, for the training plan: the same tables as the report.

One sheet per table — the summary by département, the competences most lacking and the
courses that would close them (for the region and each département: a first column says
which), the upcoming sessions with places, every gap with its explanation, every structure
assessed or not. Text cells are written as text (never a formula, nothing XML forbids), numbers as numbers.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..i18n import catalogue
from ..spreadsheet.template import save_workbook
from ..text import formula_like, xml_text
from .compute import TrainingNeeds
from .tables import (Table, competence_table, course_table, gap_table, scope_title,
                     session_table, structure_table, summary_table)

__all__ = ["write_workbook"]


def write_workbook(needs: TrainingNeeds, path: str | os.PathLike) -> Path:
    """Write the training needs to an ``.xlsx`` workbook at ``path`` and return its path."""
    from openpyxl import Workbook

    t = catalogue(needs.lang)
    sheets = t.needs.feuilles
    wb = Workbook()
    wb.properties.creator = "ppgraph"
    wb.properties.title = t.needs.titre
    first = wb.active
    first.title = sheets.synthese
    _fill(first, summary_table(needs))
    scopes = needs.scopes
    scope_header = t.needs.colonnes.portee
    _fill(wb.create_sheet(sheets.competences),
          _stacked([(scope_title(s, needs.lang), competence_table(s, needs.lang))
                    for s in scopes], scope_header))
    _fill(wb.create_sheet(sheets.formations),
          _stacked([(scope_title(s, needs.lang), course_table(s, needs.lang))
                    for s in scopes], scope_header))
    main = needs.region if needs.region is not None else None
    sessions = main.sessions if main is not None else \
        sorted({s.iri: s for d in needs.departements for s in d.sessions}.values(),
               key=lambda s: (s.start, s.course_label, s.iri))
    _fill(wb.create_sheet(sheets.sessions), session_table(sessions, needs.lang))
    _fill(wb.create_sheet(sheets.manques), gap_table(needs.departements, needs.lang))
    _fill(wb.create_sheet(sheets.structures), structure_table(needs.departements, needs.lang))
    out = Path(path)
    save_workbook(wb, out)
    return out


def _stacked(parts: Sequence[tuple[str, Table]], header: str) -> Table:
    """Several tables of the same columns in one, a first column naming each one's scope."""
    if not parts:
        return Table("", [header], [])
    first = parts[0][1]
    rows = [[name] + row for name, table in parts for row in table.rows]
    return Table(first.title, [header] + first.headers, rows,
                 frozenset(i + 1 for i in first.numeric))


def _fill(ws: Any, table: Table) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    top = Alignment(vertical="top", wrap_text=True)
    for j, header in enumerate(table.headers, start=1):
        cell = ws.cell(row=1, column=j)
        _text(cell, header)
        cell.font = bold
        cell.alignment = top
    for i, row in enumerate(table.rows, start=2):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(row=i, column=j)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cell.value = value
            else:
                _text(cell, "" if value is None else str(value))
            cell.alignment = top
    for j, header in enumerate(table.headers, start=1):
        longest = max([len(str(header))] + [len(str(r[j - 1])) for r in table.rows[:200]])
        ws.column_dimensions[get_column_letter(j)].width = min(60, max(8, longest + 2))
    ws.freeze_panes = "A2"


def _text(cell: Any, value: str) -> None:
    """A text cell that stays text, as the template writes them: never a formula (a name
    starting with « = » is text, marked « texte » so that editing it keeps it so), without
    the characters XML forbids (a NUL in a name would make the workbook unreadable)."""
    value = xml_text(value)
    cell.value = value
    cell.data_type = "s"
    if formula_like(value):
        cell.quotePrefix = True

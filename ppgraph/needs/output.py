"""Render or write the training needs in the format asked for (what ``ppgraph needs`` calls).

``table`` is the text report; ``csv`` the gaps, one per row, exactly as the named question
``besoins-formation`` gives them (``ppgraph query besoins-formation --format csv``); ``xlsx``
the workbook of every table; ``html`` the closing-day report (a page that works offline and
prints well).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError
from ..questions import format_csv
from .compute import TrainingNeeds
from .report import needs_report

__all__ = ["NEEDS_FORMATS", "needs_format", "render_needs", "write_needs"]

NEEDS_FORMATS = ("table", "csv", "xlsx", "html")
"""The formats of ``ppgraph needs --format``."""


def needs_format(output: str | os.PathLike | None, fmt: str | None = None) -> str:
    """The format to write: the one given, else the output file's extension, else ``table``.

    >>> needs_format("manques.xlsx"), needs_format(None), needs_format("x.txt", "csv")
    ('xlsx', 'table', 'csv')
    """
    if fmt:
        if fmt not in NEEDS_FORMATS:
            raise InputError("needs.erreurs.format_inconnu", format=fmt)
        return fmt
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return {"xlsx": "xlsx", "csv": "csv", "html": "html", "htm": "html"}.get(suffix, "table")


def render_needs(needs: TrainingNeeds, fmt: str = "table") -> str:
    """The needs as text in ``fmt`` (``table``, ``csv`` or ``html``; ``xlsx`` is a file:
    see :func:`write_needs`)."""
    if fmt == "table":
        return needs_report(needs) + "\n"
    if fmt == "csv":
        if needs.answer is None:
            raise InputError("needs.erreurs.format_inconnu", format=fmt)
        return format_csv(needs.answer)
    if fmt == "html":
        from .page import report_page

        return report_page(needs)
    if fmt == "xlsx":
        raise InputError("needs.erreurs.format_fichier", format=fmt)
    raise InputError("needs.erreurs.format_inconnu", format=fmt)


def write_needs(needs: TrainingNeeds, path: str | os.PathLike, fmt: str | None = None) -> Path:
    """Write the needs to ``path`` in ``fmt`` (default: from the file's extension)."""
    fmt = needs_format(path, fmt)
    out = Path(path)
    if fmt == "xlsx":
        from .workbook import write_workbook

        return write_workbook(needs, out)
    text = render_needs(needs, fmt)
    with open(out, "w", encoding="utf-8", newline="" if fmt == "csv" else "\n") as fh:
        fh.write(text)
    return out

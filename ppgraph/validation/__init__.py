"""Validation of a submission against the SHACL shapes, with reports in French or English.

The submission is read (:mod:`~ppgraph.validation.reading`: a workbook, a folder of CSV files,
Turtle or JSON-LD) into an rdflib Graph; :mod:`~ppgraph.validation.check` checks it with
pySHACL against ``ontology/shapes.ttl``, in memory, with only what its rules need from
outside; :mod:`~ppgraph.validation.report` holds what it found, grouped by record, with
sheet, row, cell, column and value, the rule in plain words and a suggestion where one
exists; :mod:`~ppgraph.validation.render` writes it as text, HTML (a page that works
offline), JSON, or the standard ``sh:ValidationReport`` in Turtle.

>>> from ppgraph.spreadsheet import write_template
>>> import tempfile, pathlib
>>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "modele.xlsx", departement="33")
>>> report = validate(path)
>>> report.conforms                      # an empty template has no record
False
>>> print(render_text(report, "en").splitlines()[3])
Result: DOES NOT CONFORM — 1 error, 0 warnings, 1 note.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable, Iterator

from .check import validate, validation_graph
from .reading import read_submission, rdf_format
from .render import (REPORT_FORMATS, render_html, render_json, render_report, render_text,
                     report_context, report_format, report_graph, written_summary)
from .report import SEVERITIES, Finding, PublishedReport, ValidationReport

__all__ = ["Finding", "ValidationReport", "PublishedReport", "SEVERITIES", "read_submission",
           "rdf_format", "validate", "validation_graph", "render_text", "render_html",
           "render_json", "report_graph", "render_report", "report_context", "report_format",
           "written_summary", "REPORT_FORMATS", "published_reports"]


@contextlib.contextmanager
def published_reports(reports: Iterable[PublishedReport]) -> Iterator[None]:
    """Deprecated, does nothing: the site is given its validation reports
    (``ppgraph.site.write_site(..., validation_reports=reports)``).

    Kept only so that the demo build, which still calls it, keeps working until the
    restructuring is merged; it is removed then.
    """
    warnings.warn("published_reports() does nothing any more: give the reports to "
                  "write_site(..., validation_reports=...)", DeprecationWarning, stacklevel=3)
    yield

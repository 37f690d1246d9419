"""Spreadsheets for the département representatives: the template, its import and the export.

Everything here is driven by the SHACL shapes (``ontology/shapes.ttl``): each node shape with
a ``pp:feuille`` is a sheet, each of its property shapes a column. Adding a column is a shapes
edit, not code. The package has one module per concern:

- :mod:`~ppgraph.spreadsheet.schema`: the sheets and columns, read from the shapes;
- :mod:`~ppgraph.spreadsheet.tables`: reading a workbook or CSV files into tables of cells,
  with :mod:`~ppgraph.spreadsheet.archive` (a workbook's archive checked before it is
  opened: sizes within :class:`Limits`, password, damage), :mod:`~ppgraph.spreadsheet.xlsx`
  and :mod:`~ppgraph.spreadsheet.ods` (Excel's and LibreOffice's formats, with what their
  structure hides: merged cells, formulas without a value, hidden rows) and
  :mod:`~ppgraph.spreadsheet.cells` (tables, faults, characters that cannot be seen);
- :mod:`~ppgraph.spreadsheet.importer`: tables → a submission graph with stable IRIs;
- :mod:`~ppgraph.spreadsheet.origins`: where each triple came from (file, sheet, row, column);
- :mod:`~ppgraph.spreadsheet.exporter`: a submission graph → rows of the template;
- :mod:`~ppgraph.spreadsheet.template`: writing the workbook (or CSV folder) in French or
  English;
- :mod:`~ppgraph.spreadsheet.wording`: texts in several languages, for messages.

>>> import tempfile, pathlib
>>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "modele.xlsx", departement="33")
>>> result = read_spreadsheet(path)           # the example rows are not read
>>> result.departement, result.example_rows
('33', 21)
"""

from .exporter import export_graph, graph_rows, submission_departement
from .importer import (GRAPH_FORMATS, describe_import, graph_format, import_tables, is_example,
                       read_spreadsheet, write_graph)
from .archive import Limits
from .origins import CellRef, ImportIssue, ImportResult, Origins, RecordRef, file_digest
from .schema import FORME, SH, Column, Schema, ShapeText, Sheet, load_schema
from .tables import MULTI_SEPARATOR, SPREADSHEET_SUFFIXES, Table, read_tables
from .template import (output_format, save_workbook, template_summary, write_template,
                       write_workbook)
from .wording import Named

__all__ = [
    "FORME", "SH", "Column", "Sheet", "ShapeText", "Schema", "load_schema", "Named",
    "CellRef", "RecordRef", "Origins", "ImportIssue", "ImportResult", "file_digest",
    "Table", "read_tables", "SPREADSHEET_SUFFIXES", "Limits",
    "import_tables", "read_spreadsheet", "is_example", "MULTI_SEPARATOR", "graph_format",
    "write_graph",
    "describe_import", "GRAPH_FORMATS",
    "graph_rows", "export_graph", "submission_departement",
    "write_template", "write_workbook", "save_workbook", "template_summary", "output_format",
]

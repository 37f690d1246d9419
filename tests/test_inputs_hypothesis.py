"""Any input is read or refused cleanly: property-based tests of the reading side (hypothesis).

Each example is a real file: a workbook written with openpyxl (a Soumission sheet and a
Structures sheet with one valid row, one of whose cells gets the generated content), CSV
bytes, or the text of a Turtle or JSON-LD file. Whatever it holds, ppgraph either gives a
report whose text carries no control character, and a graph any store can hold (it goes
through N-Triples and back unchanged), or refuses the file with an ``InputError`` that names
it. Nothing else: no other exception, ever.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from rdflib import Graph
from rdflib.compare import isomorphic

from ppgraph.errors import InputError
from ppgraph.spreadsheet import load_schema
from ppgraph.validation import read_submission, render_text, validate

ROOT = Path(__file__).resolve().parent.parent
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EXAMPLES = settings(max_examples=40, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


def _structures_row() -> tuple[list[str], list]:
    """The headers and the first row of the Creuse workbook's Structures sheet."""
    wb = openpyxl.load_workbook(ROOT / "data" / "demo" / "classeurs" / "soumission-23.xlsx",
                                read_only=True)
    rows = list(wb["Structures"].iter_rows(values_only=True))
    wb.close()
    return list(rows[0]), list(rows[1])


HEADERS, ROW = _structures_row()

# What a person (or a program) can put in a cell: any text (control characters included, the
# way Excel writes them), numbers of any size, dates of any year, yes/no, formulas.
cell_values = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40).map(
        lambda t: "=" + t),
    st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1900, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1)),
    st.booleans(),
    st.none(),
)


def _excel_text(value):
    """A text as Excel stores it: the characters XML cannot carry as « _xHHHH_ »."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value)
    return value


def _workbook(path: Path, column: int, value) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Soumission"
    ws.append(["Identifiant", "Département"])
    ws.append(["soumission-23", "23"])
    ws = wb.create_sheet("Structures")
    ws.append(HEADERS)
    row = list(ROW)
    row[column] = _excel_text(value)
    ws.append(row)
    wb.save(path)
    return path


def _holds(report_or_error, name: str) -> None:
    if isinstance(report_or_error, InputError):
        for lang in ("fr", "en"):
            text = report_or_error.message(lang)
            assert name in text and not CONTROL.search(text), text
        return
    report = report_or_error
    for lang in ("fr", "en"):
        text = render_text(report, lang)
        assert not CONTROL.search(text), repr(text)
    graph = report.result.graph
    again = Graph()
    again.parse(data=graph.serialize(format="nt"), format="nt")
    assert isomorphic(again, graph)  # nothing a store could not hold


def _check(path: Path):
    try:
        return validate(path)
    except InputError as err:
        return err


@EXAMPLES
@given(column=st.integers(min_value=0, max_value=len(HEADERS) - 1), value=cell_values)
def test_any_cell_content_is_read_or_refused_cleanly(column, value):
    with tempfile.TemporaryDirectory() as tmp:
        path = _workbook(Path(tmp) / "classeur.xlsx", column, value)
        _holds(_check(path), "classeur.xlsx")


@EXAMPLES
@given(data=st.binary(max_size=2000))
def test_any_bytes_as_a_csv_file_are_read_or_refused_cleanly(data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "soumission"
        folder.mkdir()
        (folder / "Structures.csv").write_bytes(
            ";".join(HEADERS).encode("utf-8") + b"\n" + data)
        _holds(_check(folder), "Structures.csv" if data else "soumission")


@EXAMPLES
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".xlsx", ".ods"]))
def test_any_bytes_as_a_workbook_are_refused_with_the_file_named(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("classeur" + suffix)
        path.write_bytes(data)
        with pytest.raises(InputError) as err:
            read_submission(path)
        assert "classeur" + suffix in err.value.message("fr")


TURTLE = (ROOT / "data" / "demo" / "soumission-23.ttl").read_text(encoding="utf-8")


@EXAMPLES
@given(cut=st.integers(min_value=0, max_value=len(TURTLE)), junk=st.text(max_size=30),
       suffix=st.sampled_from([".ttl", ".nt", ".jsonld", ".rdf"]))
def test_any_spoiled_rdf_file_is_read_or_refused_cleanly(cut, junk, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("soumission" + suffix)
        path.write_text(TURTLE[:cut] + junk + TURTLE[cut:], encoding="utf-8")
        _holds(_check(path), path.name)


@EXAMPLES
@given(name=st.text(min_size=1, max_size=60))
def test_any_sheet_name_is_read_or_reported(name):
    """A sheet named anything: read, or named in a finding; never a crash."""
    bad = set('[]:*?/\\')
    name = "".join(c for c in name if c not in bad and c.isprintable())[:31].strip("'")
    if not name:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = _workbook(Path(tmp) / "classeur.xlsx", 0, ROW[0])
        wb = openpyxl.load_workbook(path)
        if name in wb.sheetnames or name.casefold() in (n.casefold() for n in wb.sheetnames):
            return
        wb["Structures"].title = name
        wb.save(path)
        result = _check(path)
        _holds(result, "classeur.xlsx")


def test_the_schema_headers_are_the_workbooks():
    """The examples are built on the real headers (a change of the model shows here first)."""
    schema = load_schema()
    sheet = schema.sheet_named("Structures")
    assert [h.rstrip(" *") for h in sheet.headers] == [str(h).rstrip(" *") for h in HEADERS]

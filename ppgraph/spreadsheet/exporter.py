"""A submission graph → the rows of the template's sheets: next year starts from this year.

Each record becomes the row its sheet would have read; référentiel values are written as
their labels (in the workbook's language), territories as « Name (code) », references as the
other record's identifier, so that reading the workbook back gives the same graph.

>>> from ppgraph.demo import generate_network
>>> rows, left = graph_rows(generate_network(scale=0.2, departements=["23"]).submissions["23"])
>>> rows["Structures"][0][:2], left
(['23-ADT', None], [])
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rdflib import RDF, XSD, Graph, Literal, URIRef

from ..i18n import catalogue
from ..namespaces import PP
from ..resolver import Gazetteer, Vocabulary, gazetteer, vocabulary
from ..text import fold
from ..values import parse_decimal
from .schema import Column, Schema, Sheet, load_schema, local_key, local_name, mint, \
    reference_text
from .tables import MULTI_SEPARATOR, cell_text
from .template import write_workbook

__all__ = ["graph_rows", "export_graph", "submission_departement", "export_kind",
           "personal_path", "EXPORT_PUBLIC", "EXPORT_PERSONAL"]


def graph_rows(graph: Graph, *, schema: Schema | None = None, include_personal: bool = True,
               lang: str = "fr") -> tuple[dict[str, list[list[Any]]], list[tuple[Any, Any, Any]]]:
    """The rows of each sheet that ``graph`` fills, and the triples no column carries.

    Parameters
    ----------
    graph : rdflib.Graph
        A submission.
    include_personal : bool
        Write the values of personal data (else those cells stay empty).
    lang : "fr" or "en"
        Language of the labels written (référentiel values, Oui/Non).

    Returns
    -------
    (dict, list)
        Sheet name (French) → rows (one list of cell values per record, identifier first,
        in the order of :attr:`Sheet.headers`), and the triples left out.
    """
    schema = schema or load_schema()
    voc, gaz = vocabulary(), gazetteer()
    covered: set[tuple] = set()
    out: dict[str, list[list[Any]]] = {}
    for sheet in schema.sheets:
        nodes = sorted(set(graph.subjects(RDF.type, sheet.target_class)), key=_natural_key)
        rows = []
        for node in nodes:
            covered.add((node, RDF.type, sheet.target_class))
            row: list[Any] = [_identifier_cell(graph, sheet, node)]
            for column in sheet.columns:
                triples = list(graph.triples((None, column.path, node))) if column.inverse \
                    else list(graph.triples((node, column.path, None)))
                covered.update(triples)
                values = [t[0] if column.inverse else t[2] for t in triples]
                if column.personal and not include_personal:
                    row.append(None)
                    continue
                row.append(_cell_value(schema, column, values, voc, gaz, lang))
            rows.append(row)
        out[str(sheet.name)] = rows
    left = [t for t in graph if t not in covered]
    if not include_personal:
        personal = {c.path for s in schema.sheets for c in s.columns if c.personal}
        left = [t for t in left if t[1] not in personal]
    return out, left


def submission_departement(graph: Graph) -> str | None:
    """The INSEE code of the département a submission graph describes (None if none)."""
    if (None, RDF.type, PP.Soumission) not in graph:
        return None
    for d in graph.objects(None, PP.departement):
        p = gazetteer().place(d)
        if p is not None:
            return p.code
    return None


def export_graph(graph: Graph, output: str | os.PathLike, *, format: str | None = None,
                 include_personal: bool = False, notes: Sequence[str] = (),
                 schema: Schema | None = None, lang: str = "fr") -> tuple[Path, list[tuple]]:
    """Write a submission graph back into the template's shape.

    Parameters
    ----------
    graph : rdflib.Graph
        A submission (what the store holds for a département, or an imported file).
    output : path
        ``.xlsx`` file, or a folder for ``format="csv"``.
    include_personal : bool
        Write the values of properties marked ``pp:donneePersonnelle`` (names, e-mails...).
        Default False: those cells stay empty, as in anything ppgraph publishes.
    notes : sequence of str
        Lines added to the instructions (where the data comes from), already in ``lang``.
    lang : "fr" or "en"
        Language of the workbook (sheet names, headers, instructions, référentiel labels).

    Returns
    -------
    (Path, list)
        The file written, and the triples no column carries (left out).

    Example
    -------
    >>> import tempfile, pathlib
    >>> from ppgraph.demo import generate_network
    >>> g = generate_network(scale=0.2, departements=["23"]).submissions["23"]
    >>> path, left = export_graph(g, pathlib.Path(tempfile.mkdtemp()) / "23.xlsx",
    ...                           include_personal=True)
    >>> left
    []
    """
    schema = schema or load_schema()
    rows, left = graph_rows(graph, schema=schema, include_personal=include_personal, lang=lang)
    cat = catalogue(lang)
    if include_personal:
        notes = [cat("spreadsheet.export.personnel_inclus")] + list(notes)
    else:
        notes = list(notes) + [cat("spreadsheet.export.personnel_vide"),
                               cat("spreadsheet.export.public_ne_pas_verser")]
    path = write_workbook(output, schema, rows, departement=submission_departement(graph),
                          examples=False, format=format, notes=notes, lang=lang,
                          keywords=EXPORT_PERSONAL if include_personal else EXPORT_PUBLIC)
    return path, left


EXPORT_PUBLIC = "ppgraph:export-public"
"""Keyword of the workbook properties of an export without personal data."""
EXPORT_PERSONAL = "ppgraph:export-donnees-personnelles"
"""Keyword of the workbook properties of an export with personal data."""


def export_kind(path: str | os.PathLike) -> str | None:
    """``"public"`` for a workbook that ``export`` wrote without personal data,
    ``"personnel"`` for one written with them, None for anything else (read from the
    workbook's properties, without opening its sheets). The demo's workbooks are written as
    exports with their (fictitious) personal data; a Turtle file is no export.

    >>> export_kind("data/demo/classeurs/soumission-23.xlsx")
    'personnel'
    >>> export_kind("data/demo/soumission-23.ttl") is None
    True
    """
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = re.search(r"<cp:keywords>([^<]*)</cp:keywords>", core)
    words = found.group(1).split() if found else []
    return "public" if EXPORT_PUBLIC in words else "personnel" if EXPORT_PERSONAL in words \
        else None


def personal_path(output: str | os.PathLike, lang: str = "fr") -> Path:
    """``output`` with a name that says it holds personal data (« -donnees-personnelles »
    before the suffix), unless it already does.

    >>> str(personal_path("gironde-2027.xlsx")), str(personal_path("creuse-donnees-personnelles.xlsx"))
    ('gironde-2027-donnees-personnelles.xlsx', 'creuse-donnees-personnelles.xlsx')
    >>> str(personal_path("export/creuse", lang="en"))
    'export/creuse-personal-data'
    """
    out = Path(output)
    words = {fold(catalogue(lang_)("spreadsheet.export.suffixe_personnel"))
             for lang_ in ("fr", "en")}
    if any(w in fold(out.name).replace(" ", "-").replace("_", "-") for w in words):
        return out
    mark = catalogue(lang)("spreadsheet.export.suffixe_personnel")
    return out.with_name(f"{out.stem}-{mark}{out.suffix}") if out.suffix \
        else out.with_name(f"{out.name}-{mark}")


def _natural_key(node: Any) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                 for p in re.split(r"(\d+)", str(node)))


def _identifier_cell(graph: Graph, sheet: Sheet, node: Any) -> str:
    local = reference_text(node, sheet.iri_kind)
    if sheet.composed:
        parts: list[str] | None = []
        for path, inverse in sheet.composed:
            vals = list(graph.subjects(path, node)) if inverse else list(graph.objects(node, path))
            if len(vals) != 1 or not isinstance(vals[0], URIRef):
                parts = None
                break
            parts.append(local_key(vals[0]))
        if parts and mint(sheet.iri_kind, "-".join(parts)) == node:
            return ""  # the default: left empty, as a person would
    return local


def _cell_value(schema: Schema, column: Column, values: list, voc: Vocabulary, gaz: Gazetteer,
                lang: str) -> Any:
    if not values:
        return None
    if column.kind == "literal":
        out = [_literal_cell(column, v, lang) for v in values]
        if len(out) == 1:
            return out[0]
        return MULTI_SEPARATOR.join(sorted(cell_text(v) for v in out))
    texts = []
    for v in values:
        if isinstance(v, Literal):
            texts.append(str(v))
        elif column.kind == "concept":
            texts.append(voc.label(v, lang) if voc.in_scheme(v, column.scheme) else str(v))
        elif column.kind == "territory":
            texts.append(gaz.display(v))
        else:
            sheet = schema.sheet_for_class(column.target_class)
            texts.append(reference_text(
                v, sheet.iri_kind if sheet else local_name(column.target_class).lower()))
    return MULTI_SEPARATOR.join(sorted(texts, key=fold))


def _literal_cell(column: Column, v: Any, lang: str) -> Any:
    if not isinstance(v, Literal):
        return str(v)
    if column.datatype == XSD.date and v.datatype == XSD.date:
        try:
            return dt.date.fromisoformat(str(v))
        except ValueError:
            return str(v)
    if column.datatype == XSD.dateTime and v.datatype == XSD.dateTime:
        try:
            return dt.datetime.fromisoformat(str(v))
        except ValueError:
            return str(v)
    if column.datatype in (XSD.decimal, XSD.integer) and v.datatype == column.datatype:
        n = parse_decimal(str(v))
        if n is not None:
            return int(n) if n == n.to_integral_value() else float(n)
    if column.datatype == XSD.boolean and v.datatype == XSD.boolean:
        return catalogue(lang)("spreadsheet.oui" if v.toPython() is True else "spreadsheet.non")
    return str(v)

"""Tables of a filled workbook or CSV folder → a submission graph, with the origin of each triple.

Rows get stable IRIs (SIRET, INSEE code or the identifier column); what a person typed goes
through the one resolver of names and codes (:mod:`ppgraph.resolver`) and the one reading of
dates, numbers and yes/no (:mod:`ppgraph.values`): labels that differ in case or accents from
the référentiel (or use a synonym, the code or the English label), « St-Émilion » for
Saint-Émilion, dates as jj/mm/aaaa or Excel serial numbers. A workbook whose sheets and headers
are in French or in English reads the same. The import does not judge: a value it cannot read
is kept as text, for the shapes to report with its cell.

>>> import tempfile, pathlib
>>> from ppgraph.spreadsheet import write_template
>>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "modele.xlsx", departement="33")
>>> result = read_spreadsheet(path)           # the example rows are not read
>>> sorted(str(o) for o in result.graph.objects(None, PP.departement))
['https://w3id.org/ppgraph/territoire/departement/33']
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from ..errors import InputError
from ..i18n import LANGUAGES, Message, catalogue, number
from ..namespaces import ID, PP, REF, TERRITOIRE, instance_iri, territory_iri
from ..resolver import Gazetteer, Vocabulary, departement_code, gazetteer, territory_kinds, \
    vocabulary
from ..store.formats import syntax_for_path
from ..text import fold, slug, suggest, text_table
from ..values import canonical_decimal, parse_boolean, parse_date, parse_datetime, parse_decimal
from .origins import (RECORD_FILE, RECORD_SHEET, CellRef, ImportIssue, ImportResult, Origins,
                      RecordRef, file_digest)
from .schema import FORME, Column, Schema, Sheet, load_schema, local_key, local_name, mint
from .archive import Limits
from .cells import IRI_FORBIDDEN, Fault, column_index
from .tables import WORKBOOK_SUFFIXES, Table, cell_text, clean, column_letter, read_tables, \
    written_by_ppgraph
from .wording import in_language, joined, quoted

__all__ = ["import_tables", "read_spreadsheet", "is_example", "graph_format", "write_graph",
           "describe_import", "GRAPH_FORMATS"]

GRAPH_FORMATS = ("turtle", "nt", "json-ld")
"""The RDF formats ``ppgraph import`` writes (names of :mod:`ppgraph.store.formats`)."""

_SPLIT = re.compile(r"\s*[;\n\r]+\s*")
_SIRET = re.compile(r"\d{14}")
_NUMBER_SPACES = re.compile(r"[\s.\u202f]")


@functools.lru_cache(maxsize=1)
def _example_markers() -> tuple[str, ...]:
    return tuple(sorted({fold(catalogue(lang)("spreadsheet.marque_exemple"))
                         for lang in LANGUAGES}))


def is_example(identifier: Any) -> bool:
    """Whether a row's identifier marks an example row of the template (« EXEMPLE-33-OT-001 »,
    or « EXAMPLE-... » in an English template), in any case or accent.

    >>> is_example("exemple-33"), is_example("EXAMPLE-33-OT-001"), is_example("33-OT-001")
    (True, True, False)
    """
    return fold(clean(identifier)).startswith(_example_markers())


@functools.lru_cache(maxsize=1)
def _required_marks() -> re.Pattern[str]:
    words = sorted({fold(catalogue(lang)("spreadsheet.mot_obligatoire")) for lang in LANGUAGES})
    return re.compile(r"\s*\((?:" + "|".join(map(re.escape, words)) + r")\)\s*$")


def _header_key(text: Any) -> str:
    """A header as compared: folded, without the « * » or « (obligatoire) » of a required one."""
    t = fold(clean(text))
    t = re.sub(r"\s*\*+\s*$", "", t)
    return _required_marks().sub("", t)


def _literal(column: Column, value: Any) -> tuple[Literal, bool]:
    """The literal of a cell for a literal column, and whether it could be read as such
    (if not, the cell's text as a plain string, for the shapes to report)."""
    dtype = column.datatype
    text = clean(value)
    if dtype == XSD.date:
        d = parse_date(value)
        return (Literal(d.isoformat(), datatype=XSD.date), True) if d else (Literal(text), False)
    if dtype == XSD.dateTime:
        d = parse_datetime(value)
        return (Literal(d.isoformat(), datatype=XSD.dateTime), True) if d \
            else (Literal(text), False)
    if dtype in (XSD.decimal, XSD.integer, XSD.double, XSD.float):
        n = parse_decimal(value)
        if n is None or (dtype == XSD.integer and n != n.to_integral_value()):
            return Literal(text), False
        return Literal(canonical_decimal(n), datatype=dtype), True
    if dtype == XSD.boolean:
        b = parse_boolean(value)
        return (Literal(b), True) if b is not None else (Literal(text), False)
    if dtype == XSD.anyURI:
        return Literal(text, datatype=XSD.anyURI), True
    if column.pattern and re.fullmatch(r"\^\[0-9\]\{\d+\}\$", column.pattern):
        text = _NUMBER_SPACES.sub("", text)  # SIRET « 123 456 789 00012 »
    if column.language:
        return Literal(text, lang=column.language), True
    return Literal(text), True


@dataclass
class _Row:
    sheet: Sheet
    table: Table
    number: int
    cells: dict[Column, tuple[str, Any]]  # column → (letter, raw value)
    id_cell: tuple[str, Any] | None
    node: URIRef | None = None
    identifier: str = ""


@dataclass
class _Context:
    g: Graph
    origins: Origins
    issues: list[ImportIssue]
    voc: Vocabulary
    gaz: Gazetteer
    index: dict[URIRef, dict[str, URIRef]]
    schema: Schema
    departement: str | None
    file: str
    inherited: dict[URIRef, Any] = field(default_factory=dict)


def import_tables(tables: Sequence[Table], source: str | os.PathLike, *,
                  departement: str | None = None, schema: Schema | None = None,
                  kind: str = "xlsx") -> ImportResult:
    """Turn the tables of a workbook or CSV folder into a submission graph.

    Parameters
    ----------
    tables : sequence of Table
        From :func:`~ppgraph.spreadsheet.tables.read_tables`.
    source : path
        The file (or folder) read, for the report and the SHA-256.
    departement : str, optional
        The département the data is for (INSEE code or name): fills an empty Soumission
        sheet and the empty « Département » cells; a different département in the file is
        reported.
    schema : Schema, optional
        Default: :func:`~ppgraph.spreadsheet.schema.load_schema`.

    Returns
    -------
    ImportResult
        The graph, the origin of each triple and record, and the problems found while
        reading (duplicate identifiers, unknown columns...). Values that cannot be read
        (a mistyped label, a date that does not exist) are kept as text: the shapes report
        them with the cell.

    Raises
    ------
    InputError
        If ``departement`` is not a département.
    """
    schema = schema or load_schema()
    voc, gaz = vocabulary(), gazetteer()
    src = Path(source)
    origins = Origins()
    issues: list[ImportIssue] = []
    g = Graph()
    for prefix, ns in (("pp", PP), ("ref", REF), ("territoire", TERRITOIRE), ("id", ID)):
        g.bind(prefix, ns)
    examples = 0
    dep_code = departement_code(departement) if departement else None

    # 1. Sheets and headers; what the reader found in each sheet's structure.
    parsed: list[tuple[Sheet, Table, list[_Row]]] = []
    duplicates: list[tuple[Sheet, Table, list[_Row]]] = []
    for table in tables:
        for fault in table.faults:
            issues.append(_fault_issue(fault, table))
        sheet = schema.sheet_named(table.name)
        if sheet is None:
            continue
        if any(s.shape == sheet.shape for s, _t, _r in parsed):
            duplicates.append((sheet, table, []))  # said once by _sheet_faults, not read
            continue
        rows, n_examples = _table_rows(sheet, table, issues)
        examples += n_examples
        parsed.append((sheet, table, rows))
    issues += _sheet_faults(tables, parsed + duplicates, schema, kind)
    parsed.sort(key=lambda x: x[0].order)

    # 2. Identifiers and IRIs of every row, for references between sheets.
    index: dict[URIRef, dict[str, URIRef]] = {}
    seen: dict[URIRef, _Row] = {}
    pending: list[_Row] = []
    for sheet, table, rows in parsed:
        keys = index.setdefault(sheet.target_class, {})
        for row in rows:
            ident = clean(row.id_cell[1]) if row.id_cell else ""
            key_value = None
            if sheet.iri_key is not None:
                key_col = sheet.column(sheet.iri_key)
                if key_col is not None and key_col in row.cells:
                    digits = _NUMBER_SPACES.sub("", clean(row.cells[key_col][1]))
                    if _SIRET.fullmatch(digits):
                        key_value = digits
            row.identifier = ident or (key_value or "")
            if key_value or ident:
                row.node = mint(sheet.iri_kind, key_value or ident)
                if row.node is None:
                    row.node = mint(sheet.iri_kind, f"{table.name}-ligne-{row.number}")
                    issues.append(ImportIssue(
                        FORME.IdentifiantObligatoire,
                        Message("spreadsheet.identifiant_invalide", identifiant=ident),
                        record=_record_ref(sheet, table, row),
                        cell=_id_cell_ref(sheet, table, row), value=ident))
                for k in {ident, key_value} - {"", None}:
                    keys.setdefault(fold(k), row.node)
            elif sheet.composed:
                pending.append(row)
                continue
            else:
                row.node = mint(sheet.iri_kind, f"{slug(table.name)}-ligne-{row.number}")
                issues.append(ImportIssue(FORME.IdentifiantObligatoire,
                                          Message("spreadsheet.identifiant_manquant"),
                                          record=_record_ref(sheet, table, row),
                                          cell=_id_cell_ref(sheet, table, row)))
            _check_duplicate(row, seen, sheet, table, issues)

    # 3. The submission record and its département.
    soumission = next(((s, t, rs) for s, t, rs in parsed if s.target_class == PP.Soumission), None)
    ctx = _Context(g, origins, issues, voc, gaz, index, schema, dep_code, src.name)
    node: URIRef | None
    if soumission is not None and soumission[2]:
        for row in soumission[2]:
            _emit_row(ctx, row)
        node = soumission[2][0].node
        dep_in_file = g.value(node, PP.departement)
        wanted = territory_iri("departement", dep_code) if dep_code else None
        if dep_in_file is None and wanted is not None:
            g.add((node, PP.departement, wanted))
        elif dep_in_file is not None and wanted is not None and dep_in_file != wanted:
            sheet, table, rows = soumission
            issues.append(ImportIssue(
                FORME.DepartementVerse,
                Message("spreadsheet.departement_lu_pour", decrit=gaz.display(dep_in_file),
                        lu=gaz.display(wanted)),
                record=_record_ref(sheet, table, rows[0]),
                cell=origins.cell(node, PP.departement), value=gaz.display(dep_in_file)))
    elif dep_code:
        node = instance_iri("soumission", dep_code)
        g.add((node, RDF.type, PP.Soumission))
        g.add((node, PP.departement, territory_iri("departement", dep_code)))
    else:
        node = None
    inherited: dict[URIRef, Any] = {}
    if node is not None:
        for p, o in g.predicate_objects(node):
            inherited.setdefault(p, o)
        d = g.value(node, PP.departement)
        if d is not None and dep_code is None:
            p = gaz.place(d)
            dep_code = p.code if p else str(d).rsplit("/", 1)[-1]
    ctx.departement = dep_code
    ctx.inherited = inherited

    # 4. Every other row.
    for sheet, table, rows in parsed:
        if sheet.target_class == PP.Soumission:
            continue
        for row in rows:
            if row.node is None:  # composed identifier: resolve its parts first
                row.node = _composed_node(ctx, sheet, table, row)
                _check_duplicate(row, seen, sheet, table, issues)
            _emit_row(ctx, row)
    if examples:
        issues.append(ImportIssue(FORME.LignesExemple,
                                  Message("spreadsheet.lignes_exemple_ignorees", n=examples),
                                  record=RecordRef(src.name, None, None, "", RECORD_FILE)))
    return ImportResult(graph=g, origins=origins, issues=issues, source=src,
                        sha256=file_digest(src) if src.exists() else "", kind=kind,
                        departement=dep_code, example_rows=examples,
                        sheets=frozenset(sheet.shape for sheet, _t, _r in parsed),
                        sheet_language=_file_language(parsed))


def read_spreadsheet(path: str | os.PathLike, *, departement: str | None = None,
                     schema: Schema | None = None, limits: Limits | None = None) -> ImportResult:
    """Read a filled workbook (.xlsx), a CSV file or a folder of CSV files.

    Parameters
    ----------
    path : path
        The workbook, CSV file or folder (sheets and headers in French or English).
    departement : str, optional
        See :func:`import_tables`.
    limits : Limits, optional
        How large a file may be (:class:`~ppgraph.spreadsheet.archive.Limits`).

    Returns
    -------
    ImportResult

    Raises
    ------
    InputError
        If the file cannot be read at all, or is larger than the limits.

    Example
    -------
    >>> result = read_spreadsheet("data/demo/classeurs/soumission-23-2025.xlsx")  # doctest: +SKIP
    >>> len(result.graph) > 1000                                                  # doctest: +SKIP
    True
    """
    p = Path(path)
    tables = read_tables(p, limits=limits)
    kind = "csv" if p.is_dir() or p.suffix.lower() not in WORKBOOK_SUFFIXES else \
        p.suffix.lower().lstrip(".").replace("xlsm", "xlsx")
    return import_tables(tables, p, departement=departement, schema=schema, kind=kind)


def graph_format(path: str | os.PathLike) -> str:
    """The RDF format ``ppgraph import`` writes ``path`` in, from its suffix (``.ttl``,
    ``.nt``, ``.jsonld`` or ``.json``).

    >>> graph_format("creuse.ttl"), graph_format("creuse.JSON")
    ('turtle', 'json-ld')

    Raises
    ------
    InputError
        If the suffix is none of those.
    """
    found = syntax_for_path(path)
    if found is None or found.name not in GRAPH_FORMATS:
        raise InputError("spreadsheet.import.extension_inconnue", chemin=str(path))
    return found.rdflib


def write_graph(graph: Graph, path: str | os.PathLike) -> Path:
    """Write an imported graph to ``path``, in the format of :func:`graph_format`."""
    fmt = graph_format(path)
    graph.serialize(destination=str(path), format=fmt, encoding="utf-8")
    return Path(path)


def describe_import(result: ImportResult, destination: str | os.PathLike,
                    lang: str = "fr") -> tuple[str, str | None]:
    """What ``ppgraph import`` says once the graph is written: the number of triples and of
    records of each kind (a table), and — for stderr — the remarks made while reading, if
    any (« ppgraph validate » tells them all).

    >>> from ppgraph.spreadsheet.origins import ImportResult, Origins
    >>> empty = ImportResult(Graph(), Origins(), [], Path("vide.xlsx"), "", "xlsx")
    >>> describe_import(empty, "vide.ttl", "en")
    ('0 triples written to vide.ttl (0 records).', None)
    """
    cat = catalogue(lang)
    counts = result.record_counts()
    records = cat.plural("spreadsheet.import.enregistrements", sum(counts.values()))
    lines = [cat.plural("spreadsheet.import.ecrit", len(result.graph), chemin=str(destination),
                        enregistrements=records)]
    if counts:
        lines.append(text_table(
            [cat("spreadsheet.import.colonne_enregistrements"),
             cat("spreadsheet.import.colonne_nombre")],
            [[in_language(kind, lang), number(n, lang)] for kind, n in counts.items()],
            right={1}))
    if result.example_rows:
        lines.append(cat.plural("spreadsheet.import.exemples", result.example_rows))
    others = [i for i in result.issues if i.rule != FORME.LignesExemple]
    remarks = cat.plural("spreadsheet.import.remarques", len(others),
                         exemple=others[0].detail, fichier=result.name) if others else None
    return "\n".join(lines), remarks


def _table_rows(sheet: Sheet, table: Table, issues: list[ImportIssue]) -> tuple[list[_Row], int]:
    known: dict[str, Column | None] = {}
    for c in sheet.columns:
        for h in c.headers + (c.header, local_name(c.path)):
            known.setdefault(_header_key(h), c)
    for h in sheet.id_headers + (sheet.id_header, "identifiant", "id"):
        known.setdefault(_header_key(h), None)
    header_at = _header_position(table, known)
    if header_at is None:
        if table.rows:
            issues.append(ImportIssue(
                FORME.EnTeteAbsent,
                Message("spreadsheet.aucun_en_tete", feuille=table.name,
                        en_tetes=", ".join(sheet.headers_in(_language_of(sheet, table))[:4])),
                record=_sheet_ref(table), sheet=sheet.shape))
        return [], 0
    number, header = table.rows[header_at]
    issues += _structure_faults(table, header_at)
    mapping: dict[int, Column] = {}
    id_index = None
    seen_cols: set[Column] = set()
    # Suggestions in the language the sheet is named in (an English file gets English headers).
    header_names = [h.rstrip(" *") for h in sheet.headers_in(_language_of(sheet, table))]
    filled = _filled_columns(table.rows[header_at + 1:])
    for i in range(max([len(header)] + [c + 1 for c in filled])):
        h = header[i] if i < len(header) else None
        text = clean(h)
        if not text:
            if i in filled:
                issues.append(ImportIssue(
                    FORME.ColonneInconnue,
                    Message("lecture.colonne_sans_en_tete", colonne=column_letter(i),
                            feuille=table.name),
                    record=_sheet_ref(table)))
            continue
        key = _header_key(text)
        where = dict(record=RecordRef(table.file, table.name, number, "", RECORD_SHEET),
                     cell=CellRef(table.file, table.name, number, column_letter(i), text, text),
                     value=text)
        if key in known:
            col = known[key]
            if col is None:
                id_index = i if id_index is None else id_index
            elif col not in seen_cols:
                mapping[i] = col
                seen_cols.add(col)
            else:
                issues.append(ImportIssue(
                    FORME.ColonneInconnue, Message("spreadsheet.colonne_en_double", colonne=text),
                    **where))
        else:
            close = suggest(text, header_names, n=1, key=_header_key)
            detail = Message("spreadsheet.colonne_ignoree_suggestion", colonne=text,
                             suggestion=quoted(close[0])) if close else \
                Message("spreadsheet.colonne_ignoree", colonne=text)
            issues.append(ImportIssue(FORME.ColonneInconnue, detail, **where))
    if id_index is None and not sheet.composed:
        issues.append(ImportIssue(
            FORME.ColonneObligatoireAbsente,
            Message("spreadsheet.colonne_identifiant_absente",
                    colonne=sheet.id_header.param(), feuille=table.name),
            record=RecordRef(table.file, table.name, number, "", RECORD_SHEET)))
    for c in sheet.columns:
        if c.required and c not in seen_cols and not c.inherit:
            issues.append(ImportIssue(
                FORME.ColonneObligatoireAbsente,
                Message("spreadsheet.colonne_obligatoire_absente", colonne=c.header.param(),
                        feuille=table.name),
                record=RecordRef(table.file, table.name, number, "", RECORD_SHEET)))
    rows: list[_Row] = []
    examples = 0
    # Rows above a moved header are read too: the fault is said once, not as the symptoms
    # of rows left out (references to records that would be missing).
    above = table.rows[:header_at] if any(
        sum(1 for v in values if clean(v)) >= 2 for _n, values in table.rows[:header_at]) else []
    for number, values in above + table.rows[header_at + 1:]:
        cells = {}
        for i, col in mapping.items():
            if i < len(values):
                cells[col] = (column_letter(i), values[i])
        id_cell = (column_letter(id_index), values[id_index]) \
            if id_index is not None and id_index < len(values) else None
        if all(not clean(v) for _, v in cells.values()) and not (id_cell and clean(id_cell[1])):
            continue
        if id_cell and is_example(id_cell[1]):
            examples += 1
            continue
        rows.append(_Row(sheet, table, number, cells, id_cell))
    return rows, examples


def _sheet_ref(table: Table) -> RecordRef:
    """The record of a fault of a whole sheet: reported with the whole file, first."""
    return RecordRef(table.file, table.name, None, "", RECORD_SHEET)


def _fault_issue(fault: Fault, table: Table) -> ImportIssue:
    """What a reader found in a sheet (characters removed, mixed encodings...) as an issue:
    its message names the cells or lines."""
    return ImportIssue(FORME[fault.rule], Message(fault.key, **fault.params),
                       record=_sheet_ref(table), explains=frozenset(
                           (table.file, table.name, r, c) for r, c in fault.explains))


def _header_position(table: Table, known: dict[str, Column | None]) -> int | None:
    """Index in ``table.rows`` of the header row: the first of the first ten rows with a
    known header; else, further down, the first row with two (a header sorted with the
    data)."""
    def hits(values: list[Any]) -> int:
        return sum(1 for v in values if clean(v) and _header_key(v) in known)

    for pos, (_number, values) in enumerate(table.rows[:10]):
        if hits(values):
            return pos
    for pos, (_number, values) in enumerate(table.rows[10:], start=10):
        if hits(values) >= 2:
            return pos
    return None


def _filled_columns(rows: Sequence[tuple[int, list[Any]]]) -> set[int]:
    return {i for _n, values in rows for i, v in enumerate(values) if clean(v)}


def _span(numbers: Sequence[int]) -> str:
    """« 3 », « 3 à 7 », « 3, 5, 9 … » for a message (numbers sorted)."""
    if not numbers:
        return ""
    if list(numbers) == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
        return f"{numbers[0]}-{numbers[-1]}"
    shown = ", ".join(map(str, numbers[:10]))
    return shown + (" …" if len(numbers) > 10 else "")


def _structure_faults(table: Table, header_at: int) -> list[ImportIssue]:
    """The faults of a sheet's structure that make it read otherwise than it looks: a
    header row with data above it, merged cells, formulas without a computed value or in
    error, hidden rows — each said once, with the cells whose symptoms it explains."""
    out: list[ImportIssue] = []
    header_row = table.rows[header_at][0]
    above = [n for n, values in table.rows[:header_at] if sum(1 for v in values if clean(v)) >= 2]
    where = _sheet_ref(table)

    def explained(cells: set[tuple[int, str]]) -> frozenset:
        return frozenset((table.file, table.name, r, c) for r, c in cells)

    if above:
        out.append(ImportIssue(FORME.EnTeteDeplace, Message(
            "lecture.en_tete_deplace", feuille=table.name, ligne=header_row, n=len(above),
            lignes=_span(above)), record=where))
    merged = [m for m in table.merged if m[2] > header_row and (m[0], m[1]) != (m[2], m[3])]
    if merged:
        covered: set[tuple[int, str]] = set()
        for r1, c1, r2, c2 in merged:
            for r in range(max(r1, header_row + 1), r2 + 1):
                for c in range(column_index(c1), column_index(c2) + 1):
                    if (r, column_letter(c)) != (r1, c1):
                        covered.add((r, column_letter(c)))
        ranges = [f"{c1}{r1}:{c2}{r2}" for r1, c1, r2, c2 in merged]
        out.append(ImportIssue(FORME.CellulesFusionnees, Message(
            "lecture.cellules_fusionnees", feuille=table.name, n=len(merged),
            plages=", ".join(ranges[:8]) + (" …" if len(ranges) > 8 else "")),
            record=where, explains=explained(covered)))
    pending = sorted((rc, f) for rc, f in table.formulas.items() if rc[0] > header_row
                     and f[1] is None)
    if pending:
        shown = ", ".join(f"{c}{r} (={_short_formula(f[0])})" for (r, c), f in pending[:5])
        out.append(ImportIssue(FORME.FormuleSansValeur, Message(
            "lecture.formules_sans_valeur", feuille=table.name, n=len(pending),
            cellules=shown + (" …" if len(pending) > 5 else "")),
            record=where, explains=explained({rc for rc, _f in pending})))
    errors = sorted((rc, f) for rc, f in table.formulas.items() if rc[0] > header_row
                    and f[1] is not None)
    if errors:
        shown = ", ".join(f"{c}{r} ({f[1]})" for (r, c), f in errors[:5])
        out.append(ImportIssue(FORME.FormuleEnErreur, Message(
            "lecture.formules_en_erreur", feuille=table.name, n=len(errors),
            cellules=shown + (" …" if len(errors) > 5 else "")),
            record=where, explains=explained({rc for rc, _f in errors})))
    with_data = {n for n, _values in table.rows}
    hidden = sorted(r for r in table.hidden_rows if r > header_row and r in with_data)
    if hidden:
        out.append(ImportIssue(FORME.LignesMasquees, Message(
            "lecture.lignes_masquees", feuille=table.name, n=len(hidden), lignes=_span(hidden)),
            record=where))
    return out


def _short_formula(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 40 else text[:39] + "…"


def _sheet_faults(tables: Sequence[Table], parsed: list[tuple[Sheet, Table, list[_Row]]],
                  schema: Schema, kind: str) -> list[ImportIssue]:
    """Sheets that are not where the template puts them: two sheets read as one, a sheet
    renamed (its rows would be lost), a copy of a sheet, a sheet of unknown name."""
    out: list[ImportIssue] = []
    csv_files = kind == "csv"
    by_sheet: dict[URIRef, list[Table]] = {}
    for sheet, table, _rows in parsed:
        by_sheet.setdefault(sheet.shape, []).append(table)
    for shape, found in by_sheet.items():
        if len(found) > 1:
            out.append(ImportIssue(FORME.FeuilleEnDouble, Message(
                "lecture.fichiers_en_double" if csv_files else "lecture.feuilles_en_double",
                feuilles=joined([quoted(t.file if csv_files else t.name) for t in found], "et"),
                n=len(found)), record=_sheet_ref(found[1])))
    names = [n for s in schema.sheets for n in s.names]
    for table in tables:
        if schema.sheet_named(table.name) is not None or written_by_ppgraph(table.name) \
                or not table.rows:
            continue
        close = suggest(table.name, names, n=1)
        target = schema.sheet_named(close[0]) if close else None
        has_data = len(table.rows) > 1
        name = table.file if csv_files else table.name
        if target is not None and has_data and target.shape not in by_sheet:
            expected = f"{close[0]}.csv" if csv_files else close[0]
            out.append(ImportIssue(FORME.FeuilleRenommee, Message(
                "lecture.fichier_renomme" if csv_files else "lecture.feuille_renommee",
                feuille=name, attendue=expected, n=len(table.rows) - 1),
                record=_sheet_ref(table), value=name, sheet=target.shape))
        elif target is not None and has_data:
            existing = by_sheet[target.shape][0]
            out.append(ImportIssue(FORME.FeuilleCopiee, Message(
                "lecture.fichier_copie" if csv_files else "lecture.feuille_copiee",
                feuille=name, originale=existing.file if csv_files else existing.name,
                n=len(table.rows) - 1), record=_sheet_ref(table), value=name))
        else:
            detail = Message("spreadsheet.feuille_ignoree_suggestion", feuille=table.name,
                             suggestion=quoted(close[0])) if close else \
                Message("spreadsheet.feuille_ignoree", feuille=table.name)
            out.append(ImportIssue(FORME.FeuilleInconnue, detail, record=_sheet_ref(table)))
    return out


def _file_language(parsed: list[tuple[Sheet, Table, list[_Row]]]) -> str:
    """The language most of the file's sheets are named in (French when in doubt)."""
    langs = [_language_of(sheet, table) for sheet, table, _rows in parsed]
    return max(sorted(set(langs)), key=langs.count) if langs else "fr"


def _language_of(sheet: Sheet, table: Table) -> str:
    """The language of the sheet's name as the file writes it (French by default)."""
    for lang, name in sheet.name.languages.items():
        if fold(name) == fold(table.name):
            return lang
    return "fr"


def _record_ref(sheet: Sheet, table: Table, row: _Row) -> RecordRef:
    return RecordRef(table.file, table.name, row.number, row.identifier, sheet.label)


def _id_cell_ref(sheet: Sheet, table: Table, row: _Row) -> CellRef:
    letter = row.id_cell[0] if row.id_cell else "A"
    text = clean(row.id_cell[1]) if row.id_cell else ""
    return CellRef(table.file, table.name, row.number, letter, sheet.id_header, text)


def _check_duplicate(row: _Row, seen: dict[URIRef, _Row], sheet: Sheet, table: Table,
                     issues: list[ImportIssue]) -> None:
    """Blame a row whose identifier an earlier row has, once; the duplicate becomes a record
    of its own, so that the first row (the right one) is not blamed for what the two say
    together (two names, two types)."""
    if row.node is None:
        return
    first = seen.get(row.node)
    if first is None:
        seen[row.node] = row
        return
    row.node = mint(sheet.iri_kind, f"{slug(table.name)}-ligne-{row.number}-doublon")
    if first.table is table:
        detail = Message("spreadsheet.identifiant_pris_ligne", identifiant=row.identifier,
                         ligne=first.number)
    else:
        detail = Message("spreadsheet.identifiant_pris_feuille", identifiant=row.identifier,
                         feuille=first.table.name, ligne=first.number)
    issues.append(ImportIssue(
        FORME.IdentifiantUnique, detail, record=_record_ref(sheet, table, row),
        cell=_id_cell_ref(sheet, table, row), value=row.identifier))


def _values(column: Column, raw: Any) -> list[Any]:
    if raw is None:
        return []
    if column.kind != "literal" or column.multiple:
        if isinstance(raw, str):
            return [v for v in (clean(x) for x in _SPLIT.split(raw)) if v]
    text = raw if isinstance(raw, (dt.date, dt.datetime, int, float, bool, Decimal)) \
        else clean(raw)
    return [text] if (text != "" and text is not None) else []


def _resolve(ctx: _Context, column: Column, value: Any, key: tuple[Any, Any]) -> Any:
    """The RDF term of one value of a cell (text kept when it cannot be resolved)."""
    text = clean(value)
    if column.kind == "literal":
        lit, _ok = _literal(column, value)
        return lit
    if column.kind == "concept":
        concept, candidates = ctx.voc.resolve(column.scheme, text)
        if concept is not None:
            return concept
        term = Literal(text)
        if candidates:
            labels = [quoted(ctx.voc.label(c)) for c in candidates]
            ctx.origins.notes[(key[0], key[1], term)] = Message(
                "spreadsheet.synonyme_ambigu", valeurs=joined(labels))
        return term
    if column.kind == "territory":
        iri, places = ctx.gaz.resolve(text, territory_kinds(column.target_class),
                                      ctx.departement)
        if iri is not None:
            return iri
        term = Literal(text)
        if places:
            shown = ", ".join(p.display for p in places[:5])
            ctx.origins.notes[(key[0], key[1], term)] = Message(
                "spreadsheet.territoire_ambigu_plus" if len(places) > 5
                else "spreadsheet.territoire_ambigu", lieux=shown)
        return term
    # A reference to another record.
    if text.startswith(("http://", "https://")):
        # An IRI typed in a cell is kept as text if no store could hold it: the shapes say
        # it names no record, with its cell.
        return Literal(text) if IRI_FORBIDDEN.search(text) else URIRef(text)
    found = ctx.index.get(column.target_class, {}).get(fold(text))
    if found is not None:
        return found
    target = ctx.schema.sheet_for_class(column.target_class)
    kind = target.iri_kind if target else local_name(column.target_class).lower()
    digits = _NUMBER_SPACES.sub("", text)
    if target is not None and target.iri_key is not None and _SIRET.fullmatch(digits):
        text = digits
    return mint(kind, text) or Literal(text)


def _emit_row(ctx: _Context, row: _Row) -> None:
    sheet, table, node, g = row.sheet, row.table, row.node, ctx.g
    ref = _record_ref(sheet, table, row)
    title = None
    ctx.origins.records.setdefault(node, []).append(ref)
    g.add((node, RDF.type, sheet.target_class))
    for column in sheet.columns:
        letter, raw = row.cells.get(column, (None, None))
        if letter is None:
            letter = "?"
        key = (node, column.path_key)
        cell = CellRef(table.file, table.name, row.number, letter, column.header, cell_text(raw))
        ctx.origins.columns.setdefault(key, cell)
        values = _values(column, raw)
        if not values and column.inherit and column.path in ctx.inherited:
            _add(g, node, column, ctx.inherited[column.path])
            continue
        for value in values:
            term = value if isinstance(value, (URIRef, Literal)) \
                else _resolve(ctx, column, value, key)
            _add(g, node, column, term)
            ctx.origins.cells.setdefault((node, column.path_key, term),
                                         CellRef(table.file, table.name, row.number, letter,
                                                 column.header, cell_text(value)))
        if title is None and column.path in (RDFS.label, PP.raisonSociale) and values:
            title = clean(values[0])
    if title:
        refs = ctx.origins.records[node]
        refs[-1] = RecordRef(ref.file, ref.sheet, ref.row, ref.identifier, ref.kind, title)


def _add(g: Graph, node: Any, column: Column, term: Any) -> None:
    if column.inverse:
        g.add((term, column.path, node))
    else:
        g.add((node, column.path, term))


def _composed_node(ctx: _Context, sheet: Sheet, table: Table, row: _Row) -> URIRef:
    parts: list[str] | None = []
    for path, inverse in sheet.composed:
        column = sheet.column(path, inverse)
        raw = row.cells.get(column, (None, None))[1] if column else None
        values = _values(column, raw) if column else []
        if not values:
            parts = None
            break
        term = _resolve(ctx, column, values[0], (None, column.path_key))
        if not isinstance(term, URIRef):
            parts = None
            break
        parts.append(local_key(term))
    node = mint(sheet.iri_kind, "-".join(parts)) if parts else None
    if node is None:
        node = mint(sheet.iri_kind, f"{slug(table.name)}-ligne-{row.number}")
    row.identifier = str(node).rsplit("/", 1)[-1]
    return node

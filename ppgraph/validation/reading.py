"""Reading a submission of any kind: workbook, CSV, Turtle, N-Triples, RDF/XML or JSON-LD.

A workbook or CSV goes through :mod:`ppgraph.spreadsheet`; an RDF file is parsed by rdflib in
the format its suffix says (the one table of formats, :mod:`ppgraph.store.formats`, through
:func:`rdflib.util.guess_format`), each record remembering the line where it is described. ppgraph never fetches anything from the network: a JSON-LD file whose
``@context`` is a URL is refused rather than downloaded.

>>> result = read_submission("tests/data/issue3/soumission-valide.jsonld")  # doctest: +SKIP
>>> result.kind                                                              # doctest: +SKIP
'json-ld'
"""

from __future__ import annotations

import json
import os
import re
import warnings
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, URIRef

from ..errors import InputError
from ..namespaces import ID, PP, instance_iri, territory_iri
from ..resolver import departement_code
from ..spreadsheet.importer import read_spreadsheet
from ..spreadsheet.origins import ImportResult, Origins, RecordRef, file_digest
from ..spreadsheet.schema import load_schema
from ..spreadsheet.tables import SPREADSHEET_SUFFIXES
from ..store.formats import SYNTAXES, syntax_for_path

__all__ = ["read_submission", "RDF_FORMATS", "rdf_format"]

RDF_FORMATS = frozenset(s.rdflib for s in SYNTAXES if not s.dataset)
"""The rdflib formats a submission may come in (one graph, no named graphs)."""


def rdf_format(path: str | os.PathLike) -> str | None:
    """The rdflib format of an RDF file by its suffix (None if it is not one a submission
    may come in).

    >>> rdf_format("gironde.ttl"), rdf_format("gironde.JSONLD"), rdf_format("gironde.trig")
    ('turtle', 'json-ld', None)
    """
    found = syntax_for_path(path)
    return found.rdflib if found is not None and found.rdflib in RDF_FORMATS else None


def read_submission(source: str | os.PathLike, *, departement: str | None = None,
                    format: str | None = None) -> ImportResult:
    """Read a submission from a workbook, a CSV file or folder, Turtle, N-Triples, RDF/XML
    or JSON-LD.

    Parameters
    ----------
    source : path
        The file or folder.
    departement : str, optional
        The département the data is for (INSEE code or name; see
        :func:`ppgraph.spreadsheet.import_tables`); for RDF input, a submission record is
        added if the file has none.
    format : str, optional
        Force the format (``xlsx``, ``csv``, ``turtle``, ``nt``, ``xml``, ``json-ld``).

    Returns
    -------
    ImportResult

    Raises
    ------
    InputError
        The file cannot be read (the message names it), or a JSON-LD file refers to a
        remote ``@context`` (ppgraph never fetches anything from the network).

    Example
    -------
    >>> result = read_submission("tests/data/soumission-test-33.ttl")   # doctest: +SKIP
    """
    p = Path(source)
    fmt = format or ("csv" if p.is_dir() else None)
    if fmt is None:
        suffix = p.suffix.lower()
        fmt = "xlsx" if suffix in SPREADSHEET_SUFFIXES else "csv" if suffix == ".csv" \
            else rdf_format(p)
    if fmt in ("xlsx", "csv"):
        return read_spreadsheet(p, departement=departement)
    if fmt is None:
        raise InputError("validation.format_inconnu", fichier=p.name)
    if not p.exists():
        raise InputError("spreadsheet.fichier_introuvable", fichier=str(p))
    return _read_rdf(p, fmt, departement)


def _read_rdf(p: Path, fmt: str, departement: str | None) -> ImportResult:
    data = p.read_bytes()
    g = Graph()
    try:
        if fmt == "json-ld":
            text = data.decode("utf-8-sig")
            _refuse_remote_context(p, text)
            with warnings.catch_warnings():  # rdflib's own ConjunctiveGraph deprecation
                warnings.simplefilter("ignore", DeprecationWarning)
                g.parse(data=text, format="json-ld", base=str(ID))
        else:
            g.parse(data=data, format=fmt, publicID=str(ID))
    except InputError:
        raise
    except Exception as err:  # rdflib raises many kinds (BadSyntax, SAXParseException...)
        raise InputError("validation.rdf_illisible", fichier=p.name, cause=_short(err)) from err
    origins = Origins()
    schema = load_schema()
    lines = _subject_lines(data.decode("utf-8", errors="replace"), g) if fmt != "json-ld" else {}
    for s, cls in g.subject_objects(RDF.type):
        sheet = schema.sheet_for_class(cls) if isinstance(cls, URIRef) else None
        if sheet is None:
            continue
        ident = str(s).rsplit("/", 1)[-1]
        origins.records.setdefault(s, []).append(
            RecordRef(p.name, None, lines.get(s), ident, sheet.label, record_title(g, s)))
    dep = None
    if departement:
        dep = departement_code(departement)
        if (None, RDF.type, PP.Soumission) not in g:
            node = instance_iri("soumission", dep)
            g.add((node, RDF.type, PP.Soumission))
            g.add((node, PP.departement, territory_iri("departement", dep)))
    if dep is None:
        for s in g.subjects(RDF.type, PP.Soumission):
            d = g.value(s, PP.departement)
            if d is not None:
                dep = str(d).rsplit("/", 1)[-1]
    return ImportResult(graph=g, origins=origins, issues=[], source=p, sha256=file_digest(p),
                        kind="json-ld" if fmt == "json-ld" else "rdf", departement=dep)


def record_title(g: Graph, node: Any) -> str | None:
    """A record's name, to show beside its identifier (its label or company name)."""
    for p in (RDFS.label, PP.raisonSociale):
        v = g.value(node, p)
        if v is not None:
            return str(v)
    return None


def _short(err: Exception) -> str:
    text = " ".join(str(err).split())
    return text[:300] + ("…" if len(text) > 300 else "")


def _refuse_remote_context(p: Path, text: str) -> None:
    """Refuse a JSON-LD document whose @context (or @import) is a URL: rdflib would fetch it."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError("validation.json_illisible", fichier=p.name, ligne=err.lineno,
                         cause=err.msg) from err

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    check(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    def check(ctx: Any) -> None:
        items = ctx if isinstance(ctx, list) else [ctx]
        for item in items:
            if isinstance(item, str):
                raise InputError("validation.contexte_distant", fichier=p.name, contexte=item)
            if isinstance(item, dict):
                if "@import" in item:
                    raise InputError("validation.import_distant", fichier=p.name,
                                     contexte=str(item["@import"]))
                for v in item.values():
                    if isinstance(v, dict) and "@context" in v:
                        check(v["@context"])

    walk(doc)


def _subject_lines(text: str, g: Graph) -> dict[Any, int]:
    """Line where each subject is first described (Turtle written by hand or by a tool)."""
    tokens: dict[str, Any] = {}
    subjects = set(g.subjects(RDF.type, None))
    ns = [(prefix, str(n)) for prefix, n in g.namespaces()]
    for s in subjects:
        tokens[f"<{s}>"] = s
        for prefix, base in ns:
            if str(s).startswith(base):
                tokens[f"{prefix}:{str(s)[len(base):]}"] = s
    found: dict[Any, int] = {}
    for i, line in enumerate(text.splitlines(), start=1):
        m = re.match(r"\s*(\S+)", line)
        if m and m.group(1) in tokens:
            found.setdefault(tokens[m.group(1)], i)
    return found

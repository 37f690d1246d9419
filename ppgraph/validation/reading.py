"""Reading a submission of any kind: workbook, CSV, Turtle, N-Triples, RDF/XML or JSON-LD.

A workbook (.xlsx, .ods) or CSV goes through :mod:`ppgraph.spreadsheet`; an RDF file is parsed
by rdflib in the format its suffix says (the one table of formats, :mod:`ppgraph.store.formats`,
through :func:`rdflib.util.guess_format`), each record remembering the line where it is
described. Whatever the file holds, reading ends in a result or in an
:class:`~ppgraph.errors.InputError` naming the file, in the reader's language:

- a syntax error gives its line and column, the cause in words and the text near it;
- a file that is not UTF-8, or nested too deep, is named as such;
- an IRI that could not be written back (a space, ``>``, braces...) is refused with its line;
- control and invisible characters in literals are removed, with a warning;
- ppgraph never fetches anything from the network: a JSON-LD file whose ``@context`` is a
  URL is refused rather than downloaded.

>>> import tempfile, pathlib
>>> bad = pathlib.Path(tempfile.mkdtemp()) / "x.ttl"
>>> _ = bad.write_text('<https://a.example/a> <https://a.example/p> "x"\\n'
...                    '<https://a.example/b> a <https://a.example/C> .\\n')
>>> try:
...     read_submission(bad)
... except InputError as err:
...     print(err.message("en"))
“x.ttl”, line 2, column 1: unreadable Turtle — the full stop that ends the previous statement is probably missing (near “<https://a.example/b> a <https://a.example/C> .”).

>>> result = read_submission("tests/data/issue3/soumission-valide.jsonld")  # doctest: +SKIP
>>> result.kind                                                              # doctest: +SKIP
'json-ld'
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from ..errors import InputError
from ..i18n import Message
from ..namespaces import ID, PP, instance_iri, territory_iri
from ..resolver import departement_code
from ..spreadsheet.archive import Limits, check_size
from ..spreadsheet.cells import IRI_FORBIDDEN, character_names, scrub
from ..spreadsheet.importer import read_spreadsheet
from ..spreadsheet.origins import RECORD_FILE, ImportIssue, ImportResult, Origins, RecordRef, \
    file_digest
from ..spreadsheet.schema import FORME, load_schema
from ..spreadsheet.tables import WORKBOOK_SUFFIXES
from ..store.embedded import to_rdflib
from ..store.formats import SYNTAXES, oxigraph_format, syntax_for_path

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
                    format: str | None = None, limits: Limits | None = None) -> ImportResult:
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
        Force the format (``xlsx``, ``ods``, ``csv``, ``turtle``, ``nt``, ``xml``,
        ``json-ld``).
    limits : Limits, optional
        How large a file may be (:class:`ppgraph.spreadsheet.archive.Limits`: 20 Mo by
        default, a workbook's expanded size included).

    Returns
    -------
    ImportResult

    Raises
    ------
    InputError
        The file cannot be read (the message names it, and the line and column of a syntax
        error), is larger than the limits, holds an IRI that cannot be written back, or is
        a JSON-LD file that refers to a remote ``@context`` (ppgraph never fetches anything
        from the network).

    Example
    -------
    >>> result = read_submission("tests/data/soumission-test-33.ttl")   # doctest: +SKIP
    """
    p = Path(source)
    limits = limits or Limits()
    fmt = format or ("csv" if p.is_dir() else None)
    if fmt is None:
        suffix = p.suffix.lower()
        fmt = "xlsx" if suffix in WORKBOOK_SUFFIXES else "csv" if suffix == ".csv" \
            else rdf_format(p)
    if fmt in ("xlsx", "ods", "csv"):
        return read_spreadsheet(p, departement=departement, limits=limits)
    if fmt is None:
        if p.suffix.lower() in (".xls", ".xlsb", ".numbers", ".fods"):
            raise InputError("lecture.format_a_convertir", fichier=p.name, suffixe=p.suffix)
        raise InputError("validation.format_inconnu", fichier=p.name)
    if not p.exists():
        raise InputError("spreadsheet.fichier_introuvable", fichier=str(p))
    if p.is_dir():
        raise InputError("lecture.dossier_pas_fichier", fichier=str(p))
    check_size(p, limits)
    return _read_rdf(p, fmt, departement)


_EXTERNAL_ENTITY = re.compile(r"<!ENTITY\s+(?:%\s*)?\S+\s+(?:SYSTEM|PUBLIC)\b")
_FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "xml": "RDF/XML", "json-ld": "JSON-LD",
                 "n3": "N3"}


def _read_rdf(p: Path, fmt: str, departement: str | None) -> ImportResult:
    data = p.read_bytes()
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise InputError("lecture.classeur_pas_rdf", fichier=p.name,
                         format=_FORMAT_NAMES.get(fmt, fmt))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte-order mark (Windows' Notepad) is not part of the text
    text = _utf8(p, data, fmt)
    if fmt == "xml":
        _check_xml(p, data, text)
    g = _parse_fast(data, fmt)
    if g is None:
        g = _parse_rdflib(p, fmt, data, text)
    _check_iris(p, g, text)
    issues = _scrub_literals(p, g)
    origins = Origins()
    schema = load_schema()
    lines = _subject_lines(text, g) if fmt != "json-ld" else {}
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
    return ImportResult(graph=g, origins=origins, issues=issues, source=p,
                        sha256=file_digest(p), kind="json-ld" if fmt == "json-ld" else "rdf",
                        departement=dep)


def _parse_rdflib(p: Path, fmt: str, data: bytes, text: str) -> Graph:
    """The file read by rdflib's parser; a syntax error said in the reader's words."""
    g = Graph()
    try:
        with _quiet_rdflib():
            if fmt == "json-ld":
                _refuse_remote_context(p, text)
                with warnings.catch_warnings():  # rdflib's own ConjunctiveGraph deprecation
                    warnings.simplefilter("ignore", DeprecationWarning)
                    g.parse(data=text, format="json-ld", base=str(ID))
            else:
                g.parse(data=data, format=fmt, publicID=str(ID))
    except InputError:
        raise
    except RecursionError as err:
        raise InputError("lecture.trop_imbrique", fichier=p.name,
                         format=_FORMAT_NAMES.get(fmt, fmt)) from err
    except Exception as err:  # rdflib raises many kinds (BadSyntax, SAXParseException...)
        raise _syntax_error(p, fmt, text, err) from err
    return g


_FAST_SYNTAXES = ("turtle", "nt")
"""The syntaxes Oxigraph reads for :func:`_parse_fast` (their Oxigraph format: the table of
:mod:`ppgraph.store.formats`)."""


def _parse_fast(data: bytes, fmt: str) -> Graph | None:
    """Turtle and N-Triples read by Oxigraph's parser (about 8 times faster than rdflib's:
    a national-scale file of 35,000 triples in 0.25 s instead of 1.9 s), as the same rdflib
    graph; None when Oxigraph refuses the text, for rdflib's parser to read it and say
    where it is wrong, as it always has."""
    if fmt not in _FAST_SYNTAXES:
        return None
    try:
        triples, prefixes = oxigraph_triples(data, fmt)
    except (SyntaxError, ValueError):
        return None
    g = Graph()
    g.addN((s, p, o, g) for s, p, o in triples)
    for prefix, namespace in prefixes.items():  # as rdflib's parser binds them
        g.bind(prefix, namespace, override=True, replace=True)
    return g


def oxigraph_triples(data: bytes, fmt: str) -> tuple[list[tuple], dict[str, str]]:
    """The triples of Turtle or N-Triples ``data`` read by Oxigraph's parser, as rdflib
    terms (a blank node keeps its label), and the prefixes it declares.

    Raises
    ------
    SyntaxError, ValueError
        If Oxigraph refuses the text.
    """
    import pyoxigraph as ox

    iris: dict[str, URIRef] = {}

    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode):
            v = t.value
            u = iris.get(v)
            if u is None:
                u = iris[v] = URIRef(v)
            return u
        return to_rdflib(t)

    parser = ox.parse(data, format=oxigraph_format(fmt), base_iri=str(ID))
    triples = [(term(q.subject), term(q.predicate), term(q.object)) for q in parser]
    return triples, dict(parser.prefixes)


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
    """Refuse a JSON-LD document whose @context (or @import) is a URL: rdflib would fetch it;
    and one that names a node or a type by an IRI no store could hold (rdflib's JSON-LD
    parser drops such a node without a word)."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise _syntax_error(p, "json-ld", text, err) from err

    def iri(value: Any) -> None:
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, str) and not v.startswith("@") and _BAD_IRI.search(v):
                _refuse_iri(p, v, _line_of(text, json.dumps(v, ensure_ascii=False)[1:-1])
                            or _line_of(text, v))

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    check(value)
                elif key in ("@id", "@type", "@vocab", "@base"):
                    iri(value)
                elif "://" in key:
                    iri(key)
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


# -- what can go wrong in an RDF file ------------------------------------------------------------

def _check_xml(p: Path, data: bytes, text: str) -> None:
    """RDF/XML is first read by Python's own XML parser alone, which refuses an entity bomb
    (« billion laughs ») in a fraction of a second: rdflib, given the same file, joins the
    expanded text piece by piece and runs for hours before the parser's limit is reached.
    External entities are refused too: Python's parser leaves them unresolved, an empty value
    without a word."""
    found = _EXTERNAL_ENTITY.search(text)
    if found is not None:
        raise InputError("lecture.entite_externe", fichier=p.name,
                         ligne=text.count("\n", 0, found.start()) + 1)
    try:
        for _event, el in ElementTree.iterparse(io.BytesIO(data), events=("end",)):
            el.clear()
    except ElementTree.ParseError as err:
        raise _syntax_error(p, "xml", text, err) from err


def _utf8(p: Path, data: bytes, fmt: str) -> str:
    """The text of an RDF file, which is UTF-8 by its standard (RDF/XML may declare another
    encoding: its parser reads the bytes)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if fmt == "xml":
            return data.decode("utf-8", errors="replace")
        line = data[:err.start].count(b"\n") + 1
        raise InputError("lecture.pas_utf8", fichier=p.name, ligne=line,
                         octet=f"0x{data[err.start]:02X}",
                         format=_FORMAT_NAMES.get(fmt, fmt)) from err


@contextlib.contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib logs « does not look like a valid URI » in English on stderr: ppgraph checks the
    IRIs itself and says it in the reader's language."""
    logger = logging.getLogger("rdflib.term")

    def drop(record: logging.LogRecord) -> bool:
        return False

    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


# rdflib's reasons (English, fixed strings) → the cause in the reader's words.
_TURTLE_CAUSES = (
    (re.compile(r"expected '\.' or '\}' or '\]' at end of statement"), "point_manquant"),
    (re.compile(r'Prefix "([^"]*)" not bound'), "prefixe_inconnu"),
    (re.compile(r"newline found in string literal|unterminated string literal|"
                r"EOF found in string"), "chaine_ouverte"),
    (re.compile(r"bad escape|bad string escape|illegal escape|unicode escape", re.I),
     "echappement"),
    (re.compile(r"expected directive or statement"), "enonce_attendu"),
    (re.compile(r"objectList expected|expected object"), "objet_attendu"),
    (re.compile(r"EOF found in uri|unterminated URI|expected '>'", re.I), "iri_ouverte"),
)
_JSON_CAUSES = {
    "Expecting value": "json_valeur", "Expecting ',' delimiter": "json_virgule",
    "Expecting ':' delimiter": "json_deux_points",
    "Expecting property name enclosed in double quotes": "json_cle",
    "Unterminated string starting at": "chaine_ouverte",
    "Invalid control character at": "json_controle", "Extra data": "json_en_trop",
    "Invalid \\escape": "echappement", "Invalid \\uXXXX escape": "echappement",
}
_XML_CAUSES = (
    (re.compile(r"amplification"), "xml_amplification"),
    (re.compile(r"mismatched tag"), "xml_balise"),
    (re.compile(r"not well-formed|invalid token"), "xml_mal_forme"),
    (re.compile(r"no element found|unclosed token"), "xml_tronque"),
    (re.compile(r"undefined entity|entity"), "xml_entite"),
)


def _syntax_error(p: Path, fmt: str, text: str, err: Exception) -> InputError:
    """An RDF parser's error as a message naming the file, the line, the column and the
    cause, in the reader's language (the parser's own words only when nothing better)."""
    line = column = None
    cause = "syntaxe"
    params: dict[str, Any] = {}
    why = str(getattr(err, "_why", "") or getattr(err, "msg", "") or err)
    if isinstance(err, json.JSONDecodeError):
        line, column = err.lineno, err.colno
        cause = _JSON_CAUSES.get(err.msg, "syntaxe")
    elif hasattr(err, "_i") and hasattr(err, "_str"):  # rdflib's Turtle/N3 BadSyntax
        raw = err._str if isinstance(err._str, bytes) else str(err._str).encode("utf-8")
        before = raw[:err._i]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        for pattern, key in _TURTLE_CAUSES:
            found = pattern.search(why)
            if found:
                cause = key
                if key == "prefixe_inconnu":
                    params["prefixe"] = scrub(found.group(1))[0]
                break
    elif hasattr(err, "getLineNumber"):  # RDF/XML: a SAX parse error
        line, column = err.getLineNumber(), (err.getColumnNumber() or 0) + 1
        cause = next((k for pattern, k in _XML_CAUSES if pattern.search(why)), "syntaxe")
    elif isinstance(err, ElementTree.ParseError):
        line, column = err.position[0], err.position[1] + 1
        cause = next((k for pattern, k in _XML_CAUSES if pattern.search(why)), "syntaxe")
    elif fmt == "nt":
        line, column = _first_bad_ntriples_line(text), None
        cause = "ligne_ntriples"
    detail = Message(f"lecture.rdf.{cause}", **params)
    near = _near(text, line, column) if line else ""
    if near:
        detail = Message("lecture.rdf.pres_de", cause=detail, extrait=near)
    name = _FORMAT_NAMES.get(fmt, fmt)
    if line and column:
        return InputError("lecture.rdf_illisible_colonne", fichier=p.name, ligne=line,
                          colonne=column, format=name, cause=detail)
    if line:
        return InputError("lecture.rdf_illisible_ligne", fichier=p.name, ligne=line,
                          format=name, cause=detail)
    return InputError("lecture.rdf_illisible", fichier=p.name, format=name,
                      cause=Message("lecture.rdf.analyseur", detail=_short(err)))


def _near(text: str, line: int, column: int | None) -> str:
    """The text of the line at the error, from the column, at most 60 characters, with
    nothing a terminal would interpret."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return ""
    part = lines[line - 1][(column - 1) if column else 0:].strip()
    if not part and column:
        part = lines[line - 1].strip()
    part, _codes = scrub(part)
    return part[:60] + ("…" if len(part) > 60 else "")


def _first_bad_ntriples_line(text: str) -> int | None:
    """N-Triples errors carry no line number: find the first line rdflib refuses alone."""
    for i, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            with _quiet_rdflib():
                Graph().parse(data=line + "\n", format="nt")
        except Exception:  # noqa: BLE001 — this is the line
            return i
    return None


_BAD_IRI = IRI_FORBIDDEN


def _check_iris(p: Path, g: Graph, text: str) -> None:
    """Refuse an IRI that no store, no N-Triples and no Turtle could carry (a space, ``<``
    or ``>``, braces, a quote, a control character): the first in the file, with its line,
    before anything is written."""
    bad_iris = {str(t) for t in _terms(g) if isinstance(t, URIRef) and _BAD_IRI.search(str(t))}
    if not bad_iris:
        return
    located = sorted(((_line_of(text, iri), iri) for iri in bad_iris),
                     key=lambda x: (x[0] is None, x[0] or 0, x[1]))
    line, term = located[0]
    _refuse_iri(p, term, line)


def _refuse_iri(p: Path, term: str, line: int | None) -> None:
    iri, _codes = scrub(term)
    bad = _BAD_IRI.search(term).group(0)
    char = Message("lecture.caractere_espace") if bad == " " else \
        Message("lecture.caractere_cite", caractere=bad) if bad.isprintable() else \
        Message("lecture.caractere_code", caractere=character_names([f"U+{ord(bad):04X}"]))
    shown = iri[:80] + ("…" if len(iri) > 80 else "")
    if line:
        raise InputError("lecture.iri_invalide_ligne", fichier=p.name, ligne=line, iri=shown,
                         caractere=char)
    raise InputError("lecture.iri_invalide", fichier=p.name, iri=shown, caractere=char)


def _terms(g: Graph) -> Iterator[Any]:
    for s, p, o in g:
        yield s
        yield p
        yield o
        if isinstance(o, Literal) and o.datatype is not None:
            yield o.datatype


def _line_of(text: str, iri: str) -> int | None:
    """The first line of ``text`` that holds ``iri``: as it is, with its odd characters
    escaped (Turtle's ``\\u003E``, JSON's ``\\u003e``), or else its part before the first
    odd character."""
    def escaped(upper: bool) -> str:
        return _BAD_IRI.sub(lambda m: (f"\\u{ord(m.group(0)):04X}" if upper
                                       else f"\\u{ord(m.group(0)):04x}"), iri)

    probes = [iri, escaped(True), escaped(False)]
    found = _BAD_IRI.search(iri)
    if found is not None and found.start() > 8:
        probes.append(iri[:found.start()])
    for probe in probes:
        at = text.find(probe)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return None


def _scrub_literals(p: Path, g: Graph) -> list[ImportIssue]:
    """Remove control and invisible characters from the literals (NUL, BEL, ESC, zero-width
    space...), and say where, once."""
    changed: list[tuple[Any, Any, Literal, Literal]] = []
    codes: list[str] = []
    for s, pred, o in g:
        if isinstance(o, Literal):
            clean, found = scrub(str(o))
            if found:
                codes += found
                changed.append((s, pred, o, Literal(clean, lang=o.language, datatype=o.datatype)))
    if not changed:
        return []
    for s, pred, old, new in changed:
        g.remove((s, pred, old))
        g.add((s, pred, new))
    subjects = sorted({str(s).rsplit("/", 1)[-1] for s, _p, _o, _n in changed})
    shown = ", ".join(subjects[:8]) + (" …" if len(subjects) > 8 else "")
    return [ImportIssue(FORME.CaracteresInvisibles, Message(
        "lecture.caracteres_retires_rdf", n=len(changed), enregistrements=shown,
        caracteres=character_names(codes)), record=RecordRef(p.name, None, None, "",
                                                               RECORD_FILE))]

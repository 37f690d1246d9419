"""Spreadsheets for the département representatives: template, import and export.

Everything here is driven by the SHACL shapes (``ontology/shapes.ttl``): each node shape with
a ``pp:feuille`` is a sheet, each of its property shapes a column, with its French header
(``sh:name``), its comment (``sh:description``), whether it is required (``sh:minCount``),
its datatype, and — for a column that takes a value of the référentiel — the list its
dropdown offers. Adding a column is a shapes edit, not code.

Three functions do the work:

- :func:`write_template` writes an empty workbook (or a folder of CSV files) with an
  instructions sheet, one sheet per kind of record, dropdown lists and example rows;
- :func:`import_tables` (through :func:`read_spreadsheet`) turns a filled workbook or a
  folder of CSV files into an rdflib Graph with stable IRIs, and remembers where each triple
  came from (file, sheet, row, column) so that a validation report can point at the cell;
- :func:`export_graph` writes a submission graph back into the same shape, so that next
  year's update starts from this year's data.

Files as they come from real offices are accepted: CSV from a French Excel (``;``, UTF-8
with BOM or Windows-1252), dates as ``jj/mm/aaaa`` or Excel serial numbers, stray spaces,
labels that differ in case or accents from the référentiel (or use a synonym or the code),
trailing empty rows, extra columns (a warning).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = write_template(folder / "modele.xlsx", departement="33")
>>> result = read_spreadsheet(path)           # the example rows are not read
>>> sorted(str(o) for o in result.graph.objects(None, PP.departement))
['https://w3id.org/ppgraph/territoire/departement/33']
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import hashlib
import io
import math
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SKOS

from .errors import InputError
from .namespaces import ID, PP, REF, TERRITOIRE, instance_iri, territory_iri
from .resources import referentiel_graph, resource_dir, territory_files

__all__ = [
    "FORME", "SH", "Column", "Sheet", "Schema", "load_schema", "Vocabulary", "vocabulary",
    "Place", "Gazetteer", "gazetteer", "CellRef", "RecordRef", "Origins", "ImportIssue",
    "ImportResult", "Table", "read_tables", "import_tables", "read_spreadsheet",
    "write_template", "export_graph", "graph_rows", "file_digest", "fold",
    "SPREADSHEET_SUFFIXES",
]

SH = Namespace("http://www.w3.org/ns/shacl#")
FORME = Namespace("https://w3id.org/ppgraph/formes#")
"""Namespace of the shapes (``forme:Structure``, ``forme:Structure-nom``...)."""

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
EXAMPLE_PREFIX = "exemple"
"""A row whose identifier starts with this word (any case or accent) is an example row."""
INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "Listes"
README_CSV = "LISEZMOI.txt"
MULTI_SEPARATOR = " ; "
_SPLIT = re.compile(r"\s*[;\n\r]+\s*")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)  # workbook metadata: no wall-clock in files


# ---------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` without accents, case, typographic apostrophes or repeated spaces.

    >>> fold("  Guichet   UNIQUE ")
    'guichet unique'
    >>> fold("Étude de marché — l’œnotourisme")
    "etude de marche — l'oenotourisme"
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    for a, b in (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"), ("’", "'"), ("‘", "'"),
                 ("\u00a0", " "), ("\u202f", " ")):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip().casefold()


def _name_key(text: str) -> str:
    """Looser key for place names: hyphens and apostrophes as spaces, « St » as « Saint »."""
    words = re.sub(r"[-'’]", " ", fold(text)).split()
    out = []
    for w in words:
        out.append({"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}.get(w, w))
    return " ".join(out)


def _clean(value: Any) -> str:
    """A cell's text: stray and non-breaking spaces removed at both ends."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u00a0", " ").replace("\u202f", " ")
    return text.strip()


def _column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text_of(g: Graph, node, prop, lang: str = "fr") -> str | None:
    best = None
    for o in g.objects(node, prop):
        if isinstance(o, Literal):
            if o.language == lang:
                return str(o)
            if best is None or o.language is None:
                best = str(o)
    return best


# ---------------------------------------------------------------------------------------------
# The schema: sheets and columns read from the shapes
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """A column of a sheet: one property shape of ``ontology/shapes.ttl``.

    ``kind`` says how a cell becomes RDF: ``"literal"`` (``datatype``), ``"concept"`` (a
    value of the référentiel ``scheme``), ``"territory"`` (a commune, EPCI, département or
    région of class ``target_class``) or ``"reference"`` (another record, of class
    ``target_class``, by its identifier).
    """

    shape: URIRef
    header: str
    headers: tuple[str, ...]
    description: str
    order: float
    path: URIRef
    inverse: bool
    min_count: int
    max_count: int | None
    kind: str
    datatype: URIRef | None = None
    language: str | None = None
    scheme: URIRef | None = None
    target_class: URIRef | None = None
    inherit: bool = False
    example: str | None = None
    personal: bool = False
    pattern: str | None = None
    message: str = ""

    @property
    def required(self) -> bool:
        return self.min_count > 0

    @property
    def multiple(self) -> bool:
        return self.max_count is None or self.max_count > 1

    @property
    def path_key(self) -> URIRef | tuple[str, URIRef]:
        """The predicate, or ``("^", predicate)`` for an inverse path."""
        return ("^", self.path) if self.inverse else self.path


@dataclass(frozen=True)
class Sheet:
    """A sheet of the workbook: one node shape with ``pp:feuille``."""

    shape: URIRef
    name: str
    label: str
    description: str
    order: float
    target_class: URIRef
    iri_kind: str
    iri_key: URIRef | None
    id_header: str
    id_headers: tuple[str, ...]
    id_description: str
    id_example: str | None
    composed: tuple[tuple[URIRef, bool], ...]
    columns: tuple[Column, ...]

    def column(self, path: URIRef, inverse: bool = False) -> Column | None:
        for c in self.columns:
            if c.path == path and c.inverse == inverse:
                return c
        return None

    @property
    def headers(self) -> list[str]:
        """Headers as written in the template (« * » marks a required column)."""
        return [self.id_header + ("" if self.composed else " *")] + \
            [c.header + (" *" if c.required else "") for c in self.columns]


@dataclass(frozen=True)
class ShapeText:
    """Name, message and severity of any shape (for reports)."""

    name: str
    message: str
    severity: URIRef


@dataclass
class Schema:
    """The sheets of the workbook and the texts of every shape, as read from the shapes."""

    sheets: tuple[Sheet, ...]
    shapes: Graph
    texts: dict[URIRef, ShapeText]

    def sheet_for_class(self, cls: URIRef) -> Sheet | None:
        for s in self.sheets:
            if s.target_class == cls:
                return s
        return None

    def sheet_named(self, name: str) -> Sheet | None:
        key = fold(name)
        for s in self.sheets:
            if fold(s.name) == key or _slug(s.name) == _slug(name):
                return s
        return None

    def column_for_shape(self, shape: URIRef) -> tuple[Sheet, Column] | None:
        for s in self.sheets:
            for c in s.columns:
                if c.shape == shape:
                    return s, c
        return None

    def text(self, shape: URIRef, lang: str = "fr") -> ShapeText:
        found = self.texts.get(shape)
        if found is None:
            return ShapeText(str(shape).rsplit("#", 1)[-1], "", SH.Violation)
        return found


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def shapes_path() -> Path:
    """Path of ``ontology/shapes.ttl`` (in a checkout or an installed wheel)."""
    return resource_dir("ontology") / "shapes.ttl"


@functools.lru_cache(maxsize=4)
def _shapes_graph(path: str) -> Graph:
    return Graph().parse(path, format="turtle")


def shapes_graph() -> Graph:
    """The SHACL shapes, parsed once per process (do not modify the returned graph)."""
    return _shapes_graph(str(shapes_path()))


def load_schema(shapes: Graph | None = None, ontology: Graph | None = None) -> Schema:
    """Read the sheets and columns of the workbook from the SHACL shapes.

    Parameters
    ----------
    shapes : rdflib.Graph, optional
        The shapes (default: ``ontology/shapes.ttl``).
    ontology : rdflib.Graph, optional
        The ontology, to know which properties are personal data (default: the bundled one).

    Returns
    -------
    Schema
        Sheets in ``sh:order``; columns in ``sh:order``.

    Example
    -------
    >>> schema = load_schema()
    >>> [s.name for s in schema.sheets][:3]
    ['Soumission', 'Structures', 'Offres de service']
    >>> schema.sheet_named("structures").column(PP.niveauAccompagnement).header
    "Niveau d'accompagnement"
    """
    if shapes is None and ontology is None:
        return _default_schema()
    return _build_schema(shapes if shapes is not None else shapes_graph(), ontology)


@functools.lru_cache(maxsize=1)
def _default_schema() -> Schema:
    return _build_schema(shapes_graph(), None)


def _headers(g: Graph, node) -> tuple[str, tuple[str, ...]]:
    names = [o for o in g.objects(node, SH.name) if isinstance(o, Literal)]
    fr = next((str(o) for o in names if o.language == "fr"), None) or \
        next((str(o) for o in names), None) or ""
    return fr, tuple(sorted({str(o) for o in names}))


def _build_schema(g: Graph, ontology: Graph | None) -> Schema:
    from .reference import personal_properties

    personal = personal_properties(ontology)
    texts: dict[URIRef, ShapeText] = {}
    for shape in set(g.subjects(SH.name, None)) | set(g.subjects(SH.message, None)):
        if isinstance(shape, URIRef):
            name, _ = _headers(g, shape)
            texts[shape] = ShapeText(name, _text_of(g, shape, SH.message) or "",
                                     g.value(shape, SH.severity) or SH.Violation)
    sheets = []
    # pp:feuille has a French and an English name: one sheet per shape, named in French.
    for shape in g.subjects(PP.feuille, None, unique=True):
        target = g.value(shape, SH.targetClass)
        if not isinstance(shape, URIRef) or target is None:
            continue
        idnode = g.value(shape, PP.colonneIdentifiant)
        id_header, id_headers = _headers(g, idnode) if idnode is not None else ("Identifiant", ())
        composed: list[tuple[URIRef, bool]] = []
        comp_list = g.value(shape, PP.identifiantCompose)
        if comp_list is not None:
            for item in Collection(g, comp_list):
                inv = g.value(item, SH.inversePath) if isinstance(item, BNode) else None
                composed.append((inv, True) if inv is not None else (item, False))
        columns = [_column(g, ps, personal) for ps in g.objects(shape, SH.property)]
        columns = [c for c in columns if c is not None]
        columns.sort(key=lambda c: (c.order, c.header))
        label, _ = _headers(g, shape)
        sheets.append(Sheet(
            shape=shape, name=_text_of(g, shape, PP.feuille, "fr") or "", label=label,
            description=_text_of(g, shape, SH.description) or "",
            order=float(g.value(shape, SH.order) or 1000), target_class=target,
            iri_kind=str(g.value(shape, PP.prefixeIRI) or _local(target).lower()),
            iri_key=g.value(shape, PP.cleIRI),
            id_header=id_header or "Identifiant", id_headers=id_headers or (id_header,),
            id_description=_text_of(g, idnode, SH.description) or "" if idnode is not None else "",
            id_example=_text_of(g, idnode, SKOS.example) if idnode is not None else None,
            composed=tuple(composed), columns=tuple(columns)))
    sheets.sort(key=lambda s: (s.order, s.name))
    return Schema(sheets=tuple(sheets), shapes=g, texts=texts)


def _column(g: Graph, ps, personal: frozenset) -> Column | None:
    path = g.value(ps, SH.path)
    order = g.value(ps, SH.order)
    name, names = _headers(g, ps)
    if path is None or order is None or not name:
        return None  # a rule, not a column
    inverse = False
    if isinstance(path, BNode):
        inv = g.value(path, SH.inversePath)
        if inv is None:
            return None
        path, inverse = inv, True
    datatype = g.value(ps, SH.datatype)
    node = g.value(ps, SH.node)
    cls = g.value(ps, SH["class"])
    scheme = None
    if node is not None:
        for prop in g.objects(node, SH.property):
            if g.value(prop, SH.path) == SKOS.inScheme:
                scheme = g.value(prop, SH.hasValue)
    languages = g.value(ps, SH.languageIn)
    language = None
    if languages is not None:
        items = list(Collection(g, languages))
        language = str(items[0]) if items else None
    if scheme is not None:
        kind = "concept"
    elif cls is not None and (cls == PP.Territoire or str(cls) in _TERRITORY_CLASSES):
        kind = "territory"
    elif cls is not None:
        kind = "reference"
    else:
        kind = "literal"
        datatype = datatype or XSD.string
    max_count = g.value(ps, SH.maxCount)
    inherit = g.value(ps, PP.heriteDeLaSoumission)
    pattern = g.value(ps, SH.pattern)
    return Column(
        shape=ps if isinstance(ps, URIRef) else URIRef(f"urn:forme:{path}"),
        header=name, headers=names,
        description=_text_of(g, ps, SH.description) or "",
        order=float(order), path=path, inverse=inverse,
        min_count=int(g.value(ps, SH.minCount) or 0),
        max_count=int(max_count) if max_count is not None else None,
        kind=kind, datatype=datatype, language=language, scheme=scheme, target_class=cls,
        inherit=bool(inherit is not None and inherit.toPython() is True),
        example=_text_of(g, ps, SKOS.example), personal=path in personal,
        pattern=str(pattern) if pattern is not None else None,
        message=_text_of(g, ps, SH.message) or "")


def _local(iri) -> str:
    return re.split(r"[#/]", str(iri))[-1]


_TERRITORY_CLASSES = {str(PP.Territoire): ("commune", "epci", "departement", "region"),
                      str(PP.Commune): ("commune",), str(PP.EPCI): ("epci",),
                      str(PP.Departement): ("departement",), str(PP.Region): ("region",)}


# ---------------------------------------------------------------------------------------------
# The référentiel: labels, synonyms and codes of each list
# ---------------------------------------------------------------------------------------------

@dataclass
class SchemeInfo:
    iri: URIRef
    label: str
    concepts: list[URIRef]


class Vocabulary:
    """The référentiel's lists, to turn what a person typed into a concept and back.

    A cell matches a concept of the column's list by its French label, ignoring case and
    accents, or by a synonym (``skos:altLabel``), its English label, its code
    (``skos:notation``) or its IRI. :meth:`suggest` proposes the closest labels when
    nothing matches.

    >>> voc = vocabulary()
    >>> str(voc.resolve(REF["niveau"], "GUICHET unique")[0])
    'https://w3id.org/ppgraph/ref/niveau/guichet-unique'
    >>> voc.suggest(REF["niveau"], "Guichet unque")
    ['Guichet unique']
    """

    def __init__(self, g: Graph):
        self.graph = g
        self.schemes: dict[URIRef, SchemeInfo] = {}
        self._keys: dict[URIRef, dict[str, set[URIRef]]] = {}
        self._labels: dict[URIRef, dict[str | None, str]] = {}
        self._scheme_of: dict[URIRef, set[URIRef]] = {}
        for scheme in g.subjects(RDF.type, SKOS.ConceptScheme):
            members = set(g.subjects(SKOS.inScheme, scheme)) | set(g.subjects(SKOS.topConceptOf, scheme))
            label = _text_of(g, scheme, SKOS.prefLabel) or _local(scheme)
            self.schemes[scheme] = SchemeInfo(scheme, label, self._ordered(g, members))
            keys: dict[str, set[URIRef]] = {}
            for c in members:
                self._scheme_of.setdefault(c, set()).add(scheme)
                labels = {}
                for o in g.objects(c, SKOS.prefLabel):
                    labels.setdefault(o.language, str(o))
                self._labels[c] = labels
                for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation):
                    for o in g.objects(c, prop):
                        keys.setdefault(fold(o), set()).add(c)
                keys.setdefault(fold(str(c)), set()).add(c)
                keys.setdefault(fold(str(c)[len(str(REF)):]), set()).add(c)
            self._keys[scheme] = keys

    @staticmethod
    def _ordered(g: Graph, members: set[URIRef]) -> list[URIRef]:
        """Concepts in reading order: top concepts by rank (else label), each followed by
        its narrower concepts, recursively."""
        def key(c):
            rank = g.value(c, PP.rang)
            label = _text_of(g, c, SKOS.prefLabel) or str(c)
            return (rank is None, float(rank) if rank is not None else 0.0, fold(label), str(c))
        children: dict[URIRef, list[URIRef]] = {}
        roots = []
        for c in members:
            parents = [p for p in g.objects(c, SKOS.broader) if p in members and p != c]
            if parents:
                children.setdefault(sorted(parents, key=key)[0], []).append(c)
            else:
                roots.append(c)
        out: list[URIRef] = []
        def walk(c):
            if c in out:
                return
            out.append(c)
            for child in sorted(children.get(c, []), key=key):
                walk(child)
        for c in sorted(roots, key=key):
            walk(c)
        for c in sorted(members, key=key):
            walk(c)
        return out

    def label(self, concept: URIRef, lang: str = "fr") -> str:
        """The concept's label in ``lang`` (French if missing, else its code)."""
        labels = self._labels.get(concept, {})
        return labels.get(lang) or labels.get("fr") or next(iter(labels.values()), None) \
            or _local(concept)

    def labels(self, scheme: URIRef, lang: str = "fr") -> list[str]:
        """The labels of a list, in reading order (what a dropdown offers)."""
        info = self.schemes.get(scheme)
        return [self.label(c, lang) for c in info.concepts] if info else []

    def scheme_label(self, scheme: URIRef) -> str:
        info = self.schemes.get(scheme)
        return info.label if info else _local(scheme)

    def in_scheme(self, concept: URIRef, scheme: URIRef) -> bool:
        return scheme in self._scheme_of.get(concept, set())

    def resolve(self, scheme: URIRef, text: str) -> tuple[URIRef | None, list[URIRef]]:
        """The concept of ``scheme`` that ``text`` names, or (None, the candidates when
        several concepts share that synonym)."""
        found = self._keys.get(scheme, {}).get(fold(text), set())
        if len(found) == 1:
            return next(iter(found)), []
        return None, sorted(found)

    def suggest(self, scheme: URIRef, text: str, n: int = 2) -> list[str]:
        """The closest French labels of ``scheme`` to ``text`` (accents and case ignored)."""
        info = self.schemes.get(scheme)
        if info is None or not text:
            return []
        key = fold(text)
        candidates: dict[str, str] = {}
        for c in info.concepts:
            candidates.setdefault(fold(self.label(c)), self.label(c))
        keys = self._keys.get(scheme, {})
        for k, cs in keys.items():
            if len(cs) == 1 and not k.startswith("http"):
                candidates.setdefault(k, self.label(next(iter(cs))))
        matches = difflib.get_close_matches(key, list(candidates), n=n * 3, cutoff=0.6)
        return _closest(key, matches, candidates, n)


def _closest(key: str, matches: list[str], labels: Mapping[str, str], n: int) -> list[str]:
    """The labels of the best matches: the best one, and others only if nearly as close."""
    scored = sorted(((difflib.SequenceMatcher(None, key, m).ratio(), m) for m in matches),
                    key=lambda x: -x[0])
    out: list[str] = []
    for score, m in scored:
        if score >= scored[0][0] - 0.05 and labels[m] not in out:
            out.append(labels[m])
    return out[:n]


@functools.lru_cache(maxsize=1)
def _default_vocabulary() -> Vocabulary:
    return Vocabulary(referentiel_graph())


def vocabulary(graph: Graph | None = None) -> Vocabulary:
    """The référentiel index (default: the bundled référentiel, built once per process)."""
    return Vocabulary(graph) if graph is not None else _default_vocabulary()


# ---------------------------------------------------------------------------------------------
# Territories: INSEE codes and names
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    """A territory of ``data/territoires``."""

    iri: URIRef
    kind: str
    code: str
    label: str
    departement: str | None = None

    @property
    def display(self) -> str:
        """How a cell names it: « Bordeaux (33063) », « Nouvelle-Aquitaine (région 75) »."""
        if self.kind == "region":
            return f"{self.label} (région {self.code})"
        return f"{self.label} ({self.code})"


_KIND_CLASS = {"commune": PP.Commune, "epci": PP.EPCI, "departement": PP.Departement,
               "region": PP.Region}
_KIND_WORDS = {"commune": "commune", "epci": "epci", "intercommunalite": "epci",
               "departement": "departement", "dep": "departement", "dept": "departement",
               "region": "region"}
_CODE_PATTERNS = (("epci", re.compile(r"^\d{9}$")),
                  ("commune", re.compile(r"^(\d{5}|2[AB]\d{3})$", re.I)),
                  ("departement", re.compile(r"^(\d{2}|2[AB]|97\d)$", re.I)))


class Gazetteer:
    """The territories of ``data/territoires`` by INSEE code (SIREN for an EPCI) and name.

    >>> gaz = gazetteer()
    >>> gaz.resolve("33063", ("commune",))[0] == territory_iri("commune", "33063")
    True
    >>> gaz.place(gaz.resolve("bordeaux", ("commune",))[0]).display
    'Bordeaux (33063)'
    """

    def __init__(self, places: Iterable[Place], chefs_lieux: Mapping[str, URIRef] | None = None):
        self.chefs_lieux = dict(chefs_lieux or {})
        """département code → IRI of its chef-lieu commune"""
        self.by_iri: dict[URIRef, Place] = {}
        self._names: dict[str, list[Place]] = {}
        for p in places:
            self.by_iri[p.iri] = p
            self._names.setdefault(_name_key(p.label), []).append(p)
        for v in self._names.values():
            v.sort(key=lambda p: (p.kind, p.code))

    @classmethod
    def from_files(cls, files: Iterable[Path]) -> "Gazetteer":
        import pyoxigraph as ox

        base = str(TERRITOIRE)
        labels: dict[str, str] = {}
        codes: dict[str, str] = {}
        sirens: dict[str, str] = {}
        chefs: dict[str, str] = {}
        parents: dict[str, list[str]] = {}
        for path in files:
            with open(path, "rb") as fh:
                for t in ox.parse(fh, format=ox.RdfFormat.TURTLE):
                    s = t.subject.value
                    if not s.startswith(base):
                        continue
                    p = t.predicate.value
                    if p == str(RDFS.label):
                        labels[s] = t.object.value
                    elif p == str(PP.codeINSEE):
                        codes[s] = t.object.value
                    elif p == str(PP.siren):
                        sirens[s] = t.object.value
                    elif p == str(PP.chefLieu):
                        chefs[s] = t.object.value
                    elif p == str(PP.subdivisionDe):
                        parents.setdefault(s, []).append(t.object.value)
        places = []
        for s, label in labels.items():
            kind, _, code = s[len(base):].partition("/")
            if kind not in _KIND_CLASS or not code:
                continue
            dep = None
            if kind == "commune":
                deps = sorted(x.rsplit("/", 1)[1] for x in parents.get(s, []) if "/departement/" in x)
                dep = deps[0] if deps else None
            own = sirens.get(s) if kind == "epci" else codes.get(s)
            places.append(Place(URIRef(s), kind, own or code, label, dep))
        base_dep = str(TERRITOIRE["departement/"])
        chefs_lieux = {s[len(base_dep):]: URIRef(c) for s, c in chefs.items() if s.startswith(base_dep)}
        return cls(places, chefs_lieux)

    def place(self, iri: URIRef) -> Place | None:
        return self.by_iri.get(URIRef(str(iri)))

    def display(self, iri: URIRef) -> str:
        p = self.place(iri)
        return p.display if p else str(iri)

    def types(self, iri: URIRef) -> list[URIRef]:
        p = self.place(iri)
        return [_KIND_CLASS[p.kind]] if p else []

    def communes(self, departement: str | None = None) -> list[Place]:
        out = [p for p in self.by_iri.values() if p.kind == "commune"
               and (departement is None or p.departement == departement)]
        return sorted(out, key=lambda p: (_name_key(p.label), p.code))

    def resolve(self, text: str, kinds: Sequence[str],
                departement: str | None = None) -> tuple[URIRef | None, list[Place]]:
        """The territory a cell names, among ``kinds``.

        Accepts a code (``33063``, ``33``, ``200023794``), a code with its kind
        (``région 75``), a name (``Bordeaux``, ``Gironde``: accents, case, hyphens and
        « St » ignored) or « Name (code) ». A code gives its IRI even when unknown (the
        shapes then say it is not a real territory). An ambiguous name gives
        ``(None, candidates)``: communes of ``departement`` are preferred.
        """
        text = _clean(text)
        if not text:
            return None, []
        if text.startswith(str(TERRITOIRE)):
            return URIRef(text), []
        name, code = text, None
        m = re.match(r"^(.*?)\s*\(([^()]+)\)\s*$", text)
        if m:
            name, code = m.group(1), m.group(2)
        for candidate in ([code] if code else []) + [text]:
            iri = self._by_code(candidate, kinds)
            if iri is not None:
                return iri, []
        found = [p for p in self._names.get(_name_key(name), []) if p.kind in kinds]
        if len(found) > 1 and len({p.kind for p in found}) > 1:
            # « Landes »: the département rather than the commune of the same name.
            for k in ("region", "departement", "epci"):
                if any(p.kind == k for p in found):
                    found = [p for p in found if p.kind == k]
                    break
        if len(found) > 1 and departement:
            local = [p for p in found if p.kind != "commune" or p.departement == departement]
            found = local or found
        if len(found) == 1:
            return found[0].iri, []
        return None, found

    def _by_code(self, text: str, kinds: Sequence[str]) -> URIRef | None:
        words = fold(text).replace("-", " ").split()
        if len(words) == 2 and words[0] in _KIND_WORDS:
            kind, code = _KIND_WORDS[words[0]], words[1].upper()
            return territory_iri(kind, code) if kind in kinds else None
        if len(words) != 1:
            return None
        code = words[0].upper()
        for kind, pattern in _CODE_PATTERNS:
            if pattern.match(code):
                if kind in kinds:
                    return territory_iri(kind, code)
                if kind == "departement" and "region" in kinds and code.isdigit():
                    return territory_iri("region", code)
        return None

    def suggest(self, text: str, kinds: Sequence[str], departement: str | None = None,
                n: int = 2) -> list[str]:
        """Closest names (with their codes) among ``kinds``."""
        name = re.sub(r"\s*\([^()]*\)\s*$", "", _clean(text))
        key = _name_key(name)
        if not key:
            return []
        pool = {k: v for k, v in self._names.items() if any(p.kind in kinds for p in v)}
        out: list[str] = []
        matches = difflib.get_close_matches(key, list(pool), n=n * 2, cutoff=0.75)
        keep = set(_closest(key, matches, {m: m for m in matches}, n))
        for m in matches:
            if m not in keep:
                continue
            places = [p for p in pool[m] if p.kind in kinds]
            if departement:
                places.sort(key=lambda p: (p.kind == "commune" and p.departement != departement,))
            for p in places[:2]:
                if p.display not in out:
                    out.append(p.display)
        return out[:n]


@functools.lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer.from_files(territory_files())


def gazetteer() -> Gazetteer:
    """The territories of ``data/territoires``, indexed once per process (pyoxigraph parse)."""
    return _default_gazetteer()


# ---------------------------------------------------------------------------------------------
# Where each triple came from
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CellRef:
    """A cell of the file: « Structures!D14 »."""

    file: str
    sheet: str
    row: int
    column: str
    header: str
    text: str = ""

    @property
    def ref(self) -> str:
        return f"{self.column}{self.row}"


@dataclass(frozen=True)
class RecordRef:
    """The row (or, for Turtle, the line) a record was read from."""

    file: str
    sheet: str | None
    row: int | None
    identifier: str
    kind: str
    title: str | None = None


PathKey = Any  # URIRef or ("^", URIRef)


@dataclass
class Origins:
    """For each record, triple and empty cell, where it is in the source file.

    Kept beside the graph, not in it: the shared graph stays free of file coordinates.
    """

    records: dict[Any, list[RecordRef]] = field(default_factory=dict)
    cells: dict[tuple[Any, PathKey, Any], CellRef] = field(default_factory=dict)
    columns: dict[tuple[Any, PathKey], CellRef] = field(default_factory=dict)
    notes: dict[tuple[Any, PathKey, Any], str] = field(default_factory=dict)
    """Why a value could not be read (ambiguous name...), keyed like ``cells``."""

    def record(self, node) -> RecordRef | None:
        refs = self.records.get(node)
        return refs[0] if refs else None

    def cell(self, node, path: PathKey, value=None) -> CellRef | None:
        if value is not None:
            found = self.cells.get((node, path, value))
            if found is not None:
                return found
        return self.columns.get((node, path))


@dataclass(frozen=True)
class ImportIssue:
    """A problem found while reading the file (the rule is a shape of ``shapes.ttl``)."""

    rule: URIRef
    detail: str
    record: RecordRef | None = None
    cell: CellRef | None = None
    value: str | None = None
    severity: URIRef | None = None  # default: the rule's sh:severity


@dataclass
class ImportResult:
    """A submission read from a file: the graph, where each triple came from, and the
    problems met while reading."""

    graph: Graph
    origins: Origins
    issues: list[ImportIssue]
    source: Path
    sha256: str
    kind: str
    departement: str | None = None
    example_rows: int = 0

    @property
    def name(self) -> str:
        return self.source.name


def file_digest(path: str | os.PathLike) -> str:
    """SHA-256 of a file, or of a folder's files (sorted names and contents)."""
    p = Path(path)
    h = hashlib.sha256()
    if p.is_dir():
        for f in sorted(p.iterdir()):
            if f.is_file():
                h.update(f.name.encode("utf-8") + b"\0")
                h.update(f.read_bytes())
                h.update(b"\0")
    else:
        with open(p, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Reading files into tables
# ---------------------------------------------------------------------------------------------

@dataclass
class Table:
    """A sheet (or CSV file) as rows of raw cell values; ``rows`` are (row number, values)."""

    name: str
    file: str
    rows: list[tuple[int, list[Any]]]


def read_tables(path: str | os.PathLike) -> list[Table]:
    """Read a workbook (.xlsx), a CSV file or a folder of CSV files into tables.

    Raises
    ------
    InputError
        If the file cannot be read (French message naming it).
    """
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.suffix.lower() == ".csv" and f.is_file())
        if not files:
            raise InputError(f"« {p} » : aucun fichier .csv dans ce dossier.")
        return [_read_csv(f) for f in files]
    if not p.exists():
        raise InputError(f"« {p} » : fichier introuvable.")
    if p.suffix.lower() == ".csv":
        return [_read_csv(p)]
    if p.suffix.lower() in SPREADSHEET_SUFFIXES:
        return _read_xlsx(p)
    if p.suffix.lower() in (".xls", ".ods"):
        raise InputError(f"« {p.name} » : format {p.suffix} non pris en charge ; enregistrez le "
                         "classeur au format Excel .xlsx (Fichier > Enregistrer sous).")
    raise InputError(f"« {p.name} » : format non reconnu (attendu .xlsx, .csv ou un dossier de .csv).")


def _read_xlsx(p: Path) -> list[Table]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise InputError(f"« {p.name} » : classeur illisible ({err}). Est-ce bien un fichier "
                         ".xlsx enregistré par Excel ou LibreOffice ?") from err
    tables = []
    try:
        for ws in wb.worksheets:
            if fold(ws.title) in _IGNORED_SHEETS:
                continue  # the instructions and the lists: written by ppgraph, never read back
            rows: list[tuple[int, list[Any]]] = []
            empty_run = 0
            for i, values in enumerate(ws.iter_rows(values_only=True), start=1):
                values = list(values)
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    empty_run += 1
                    if empty_run > 2000:  # formatting down to row 1 048 576: stop reading
                        break
                    continue
                empty_run = 0
                rows.append((i, values))
            tables.append(Table(ws.title, p.name, rows))
    finally:
        wb.close()
    return tables


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # French Excel's « CSV (séparateur: ;) »


def _read_csv(p: Path) -> Table:
    try:
        text = _decode(p.read_bytes(), p.name)
    except OSError as err:
        raise InputError(f"« {p.name} » : fichier illisible ({err}).") from err
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=lambda d: (first.count(d), d == ";"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for i, values in enumerate(reader, start=1):
            if any(v.strip() for v in values):
                rows.append((i, list(values)))
    except csv.Error as err:
        raise InputError(f"« {p.name} », ligne {reader.line_num} : CSV illisible ({err}).") from err
    return Table(p.stem, p.name, rows)


# ---------------------------------------------------------------------------------------------
# Values: dates, numbers, booleans
# ---------------------------------------------------------------------------------------------

_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T](\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")
_SERIAL = re.compile(r"^\d{4,6}(?:[.,]\d+)?$")


def _year(y: str) -> int:
    n = int(y)
    if len(y) == 2:  # Excel's rule: 00-29 → 2000s, 30-99 → 1900s
        return 2000 + n if n < 30 else 1900 + n
    return n


def parse_datetime(value: Any) -> dt.datetime | None:
    """A date-time from a cell: Excel date, serial number, jj/mm/aaaa [hh:mm], ISO 8601.

    >>> parse_datetime("04/03/2019 08:05")
    datetime.datetime(2019, 3, 4, 8, 5)
    >>> parse_datetime(43528.5)
    datetime.datetime(2019, 3, 4, 12, 0)
    >>> parse_datetime("31/02/2024") is None
    True
    """
    if isinstance(value, dt.datetime):
        return _round_seconds(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _from_serial(float(value))
    text = _clean(value)
    if not text:
        return None
    try:
        m = _DATE_DMY.match(text)
        if m:
            d, mo, y, h, mi, s = m.groups()
            return dt.datetime(_year(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        m = _DATE_ISO.match(text)
        if m and len(text) <= 25:
            y, mo, d, h, mi, s = m.groups()
            return dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
    except ValueError:
        return None
    if _SERIAL.match(text):
        return _from_serial(float(text.replace(",", ".")))
    return None


def parse_date(value: Any) -> dt.date | None:
    """A date from a cell (see :func:`parse_datetime`); a time of day is ignored.

    >>> parse_date("15/03/2025"), parse_date(45731), parse_date(" 2025-03-15 ")
    (datetime.date(2025, 3, 15), datetime.date(2025, 3, 15), datetime.date(2025, 3, 15))
    """
    found = parse_datetime(value)
    return found.date() if found else None


def _from_serial(v: float) -> dt.datetime | None:
    # 10 000 is 1927-05-18: smaller numbers are years or typos, not Excel dates.
    if not 10000 <= v < 2958466:
        return None
    return _round_seconds(_EXCEL_EPOCH + dt.timedelta(days=v))


def _round_seconds(value: dt.datetime) -> dt.datetime:
    value = value.replace(tzinfo=None)
    if value.microsecond >= 500000:
        value += dt.timedelta(seconds=1)
    return value.replace(microsecond=0)


def parse_decimal(value: Any) -> Decimal | None:
    """A number from a cell: ``10,5`` (French), ``10.5``, ``1 234,5``, a numeric cell."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = _clean(value).replace(" ", "").replace("\u202f", "")
    if re.fullmatch(r"-?\d+(,\d+)?", text):
        text = text.replace(",", ".")
    try:
        return Decimal(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None
    except InvalidOperation:
        return None


def _canonical_decimal(d: Decimal) -> str:
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


_TRUE = {"oui", "o", "vrai", "true", "1", "x", "yes", "y"}
_FALSE = {"non", "n", "faux", "false", "0", "no"}


def parse_boolean(value: Any) -> bool | None:
    """Oui/Non, Vrai/Faux, 1/0, x."""
    if isinstance(value, bool):
        return value
    key = fold(_clean(value))
    return True if key in _TRUE else False if key in _FALSE else None


def _literal(column: Column, value: Any) -> tuple[Literal, bool]:
    """The literal of a cell for a literal column, and whether it could be read as such
    (if not, the cell's text as a plain string, for the shapes to report)."""
    dtype = column.datatype
    text = _clean(value)
    if dtype == XSD.date:
        d = parse_date(value)
        return (Literal(d.isoformat(), datatype=XSD.date), True) if d else (Literal(text), False)
    if dtype == XSD.dateTime:
        d = parse_datetime(value)
        return (Literal(d.isoformat(), datatype=XSD.dateTime), True) if d else (Literal(text), False)
    if dtype in (XSD.decimal, XSD.integer, XSD.double, XSD.float):
        n = parse_decimal(value)
        if n is None or (dtype == XSD.integer and n != n.to_integral_value()):
            return Literal(text), False
        return Literal(_canonical_decimal(n), datatype=dtype), True
    if dtype == XSD.boolean:
        b = parse_boolean(value)
        return (Literal(b), True) if b is not None else (Literal(text), False)
    if dtype == XSD.anyURI:
        return Literal(text, datatype=XSD.anyURI), True
    if column.pattern and re.fullmatch(r"\^\[0-9\]\{\d+\}\$", column.pattern):
        text = re.sub(r"[\s.\u202f]", "", text)  # SIRET « 123 456 789 00012 »
    if column.language:
        return Literal(text, lang=column.language), True
    return Literal(text), True


# ---------------------------------------------------------------------------------------------
# Import: tables → RDF
# ---------------------------------------------------------------------------------------------

_IGNORED_SHEETS = {fold(INSTRUCTIONS_SHEET), fold(LISTS_SHEET), "lisezmoi"}


@dataclass
class _Row:
    sheet: Sheet
    table: Table
    number: int
    cells: dict[Column, tuple[str, Any]]  # column → (letter, raw value)
    id_cell: tuple[str, Any] | None
    node: URIRef | None = None
    identifier: str = ""


def import_tables(tables: Sequence[Table], source: str | os.PathLike, *,
                  departement: str | None = None, schema: Schema | None = None,
                  kind: str = "xlsx") -> ImportResult:
    """Turn the tables of a workbook or CSV folder into a submission graph.

    Parameters
    ----------
    tables : sequence of Table
        From :func:`read_tables`.
    source : path
        The file (or folder) read, for the report and the SHA-256.
    departement : str, optional
        INSEE code of the département the data is for: fills an empty Soumission sheet and
        the empty « Département » cells; a different département in the file is reported.
    schema : Schema, optional
        Default: :func:`load_schema`.

    Returns
    -------
    ImportResult
        The graph, the origin of each triple and record, and the problems found while
        reading (duplicate identifiers, unknown columns...). Values that cannot be read
        (a mistyped label, a date that does not exist) are kept as text: the shapes report
        them with the cell.
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

    # 1. Sheets and headers.
    parsed: list[tuple[Sheet, Table, list[_Row]]] = []
    for table in tables:
        sheet = schema.sheet_named(table.name)
        if sheet is None:
            if fold(table.name) not in _IGNORED_SHEETS and table.rows:
                issues.append(ImportIssue(FORME.FeuilleInconnue, f"Feuille « {table.name} » ignorée.",
                                          record=RecordRef(table.file, table.name, None, "", "feuille")))
            continue
        rows, n_examples = _table_rows(sheet, table, issues)
        examples += n_examples
        parsed.append((sheet, table, rows))
    parsed.sort(key=lambda x: x[0].order)

    # 2. Identifiers and IRIs of every row, for references between sheets.
    index: dict[URIRef, dict[str, URIRef]] = {}
    seen: dict[URIRef, _Row] = {}
    pending: list[_Row] = []
    for sheet, table, rows in parsed:
        keys = index.setdefault(sheet.target_class, {})
        for row in rows:
            ident = _clean(row.id_cell[1]) if row.id_cell else ""
            key_value = None
            if sheet.iri_key is not None:
                key_col = sheet.column(sheet.iri_key)
                if key_col is not None and key_col in row.cells:
                    digits = re.sub(r"[\s.\u202f]", "", _clean(row.cells[key_col][1]))
                    if re.fullmatch(r"\d{14}", digits):
                        key_value = digits
            row.identifier = ident or (key_value or "")
            if key_value or ident:
                row.node = _mint(sheet.iri_kind, key_value or ident)
                if row.node is None:
                    row.node = _mint(sheet.iri_kind, f"{table.name}-ligne-{row.number}")
                    issues.append(ImportIssue(
                        FORME.IdentifiantObligatoire,
                        f"« {ident} » ne peut pas servir d'identifiant (lettres ou chiffres attendus).",
                        record=_record_ref(sheet, table, row), cell=_id_cell_ref(sheet, table, row),
                        value=ident))
                for k in {ident, key_value} - {"", None}:
                    keys.setdefault(fold(k), row.node)
            elif sheet.composed:
                pending.append(row)
                continue
            else:
                row.node = _mint(sheet.iri_kind, f"{_slug(table.name)}-ligne-{row.number}")
                issues.append(ImportIssue(FORME.IdentifiantObligatoire, "Identifiant manquant.",
                                          record=_record_ref(sheet, table, row),
                                          cell=_id_cell_ref(sheet, table, row)))
            _check_duplicate(row, seen, sheet, table, issues)

    # 3. The submission record and its département.
    dep_code = _normalise_dep(departement) if departement else None
    soumission = next(((s, t, rs) for s, t, rs in parsed if s.target_class == PP.Soumission), None)
    inherited: dict[URIRef, Any] = {}

    ctx = _Context(g, origins, issues, voc, gaz, index, schema, dep_code, src.name)
    if soumission is not None and soumission[2]:
        for row in soumission[2]:
            _emit_row(ctx, row)
        node = soumission[2][0].node
        dep_in_file = g.value(node, PP.departement)
        if dep_in_file is None and dep_code:
            g.add((node, PP.departement, territory_iri("departement", dep_code)))
        elif dep_in_file is not None and dep_code and \
                dep_in_file != territory_iri("departement", dep_code):
            sheet, table, rows = soumission
            issues.append(ImportIssue(
                FORME.DepartementVerse,
                f"Le fichier décrit {gaz.display(dep_in_file)}, mais il est lu pour le "
                f"département {gaz.display(territory_iri('departement', dep_code))}.",
                record=_record_ref(sheet, table, rows[0]),
                cell=origins.cell(node, PP.departement), value=gaz.display(dep_in_file)))
    elif dep_code:
        node = instance_iri("soumission", dep_code)
        g.add((node, RDF.type, PP.Soumission))
        g.add((node, PP.departement, territory_iri("departement", dep_code)))
    else:
        node = None
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
                                  f"{examples} ligne(s) d'exemple ignorée(s).",
                                  record=RecordRef(src.name, None, None, "", "fichier")))
    return ImportResult(graph=g, origins=origins, issues=issues, source=src,
                        sha256=file_digest(src) if src.exists() else "", kind=kind,
                        departement=dep_code, example_rows=examples)


def read_spreadsheet(path: str | os.PathLike, *, departement: str | None = None,
                     schema: Schema | None = None) -> ImportResult:
    """Read a filled workbook (.xlsx), a CSV file or a folder of CSV files.

    Parameters
    ----------
    path : path
        The workbook, CSV file or folder.
    departement : str, optional
        See :func:`import_tables`.

    Returns
    -------
    ImportResult

    Raises
    ------
    InputError
        If the file cannot be read at all.

    Example
    -------
    >>> result = read_spreadsheet("data/demo/classeurs/soumission-23-2025.xlsx")  # doctest: +SKIP
    >>> len(result.graph) > 1000                                                  # doctest: +SKIP
    True
    """
    p = Path(path)
    tables = read_tables(p)
    kind = "csv" if p.is_dir() or p.suffix.lower() == ".csv" else "xlsx"
    return import_tables(tables, p, departement=departement, schema=schema, kind=kind)


def _normalise_dep(code: str) -> str:
    code = str(code).strip().upper()
    if re.fullmatch(r"\d", code):
        code = "0" + code
    if not re.fullmatch(r"\d{2}|2[AB]|97\d", code) or \
            gazetteer().place(territory_iri("departement", code)) is None:
        raise InputError(f"« {code} » n'est pas le code INSEE d'un département (33, 2A, 971...).")
    return code


def _mint(kind: str, key: str) -> URIRef | None:
    try:
        return instance_iri(kind, key)
    except ValueError:
        return None


def _table_rows(sheet: Sheet, table: Table, issues: list[ImportIssue]) -> tuple[list[_Row], int]:
    known: dict[str, Column | None] = {}
    for c in sheet.columns:
        for h in c.headers + (c.header, _local(c.path)):
            known.setdefault(_header_key(h), c)
    for h in sheet.id_headers + (sheet.id_header, "identifiant", "id"):
        known.setdefault(_header_key(h), None)
    header_at = None
    for pos, (number, values) in enumerate(table.rows[:10]):
        if any(_header_key(v) in known for v in values if _clean(v)):
            header_at = pos
            break
    if header_at is None:
        if table.rows:
            issues.append(ImportIssue(
                FORME.ColonneObligatoireAbsente,
                f"Aucune ligne d'en-têtes reconnue dans la feuille « {table.name} » : "
                f"la première ligne doit reprendre les en-têtes du modèle "
                f"({', '.join(sheet.headers[:4])}...).",
                record=RecordRef(table.file, table.name, table.rows[0][0], "", "feuille")))
        return [], 0
    number, header = table.rows[header_at]
    mapping: dict[int, Column | None] = {}
    id_index = None
    seen_cols: set[Column] = set()
    for i, h in enumerate(header):
        text = _clean(h)
        if not text:
            continue
        key = _header_key(text)
        if key in known:
            col = known[key]
            if col is None:
                id_index = i if id_index is None else id_index
            elif col not in seen_cols:
                mapping[i] = col
                seen_cols.add(col)
            else:
                issues.append(ImportIssue(
                    FORME.ColonneInconnue, f"Colonne « {text} » en double : seule la première est lue.",
                    record=RecordRef(table.file, table.name, number, "", "feuille"),
                    cell=CellRef(table.file, table.name, number, _column_letter(i), text, text),
                    value=text))
        else:
            names = {_header_key(h): h for c in sheet.columns for h in (c.header,)}
            names[_header_key(sheet.id_header)] = sheet.id_header
            close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
            hint = f" ; vouliez-vous dire « {names[close[0]]} » ?" if close else "."
            issues.append(ImportIssue(
                FORME.ColonneInconnue, f"Colonne « {text} » ignorée{hint}",
                record=RecordRef(table.file, table.name, number, "", "feuille"),
                cell=CellRef(table.file, table.name, number, _column_letter(i), text, text),
                value=text))
    if id_index is None and not sheet.composed:
        issues.append(ImportIssue(
            FORME.ColonneObligatoireAbsente,
            f"La colonne « {sheet.id_header} » manque dans la feuille « {table.name} ».",
            record=RecordRef(table.file, table.name, number, "", "feuille")))
    for c in sheet.columns:
        if c.required and c not in seen_cols and not c.inherit:
            issues.append(ImportIssue(
                FORME.ColonneObligatoireAbsente,
                f"La colonne obligatoire « {c.header} » manque dans la feuille « {table.name} ».",
                record=RecordRef(table.file, table.name, number, "", "feuille")))
    rows: list[_Row] = []
    examples = 0
    for number, values in table.rows[header_at + 1:]:
        cells = {}
        for i, col in mapping.items():
            if i < len(values):
                cells[col] = (_column_letter(i), values[i])
        id_cell = (_column_letter(id_index), values[id_index]) \
            if id_index is not None and id_index < len(values) else None
        if all(not _clean(v) for _, v in cells.values()) and not (id_cell and _clean(id_cell[1])):
            continue
        if id_cell and fold(_clean(id_cell[1])).startswith(EXAMPLE_PREFIX):
            examples += 1
            continue
        rows.append(_Row(sheet, table, number, cells, id_cell))
    return rows, examples


def _header_key(text: Any) -> str:
    t = fold(_clean(text))
    t = re.sub(r"\s*\*+\s*$", "", t)          # « Nom * » marks a required column
    t = re.sub(r"\s*\(obligatoire\)\s*$", "", t)
    return t


def _record_ref(sheet: Sheet, table: Table, row: _Row) -> RecordRef:
    return RecordRef(table.file, table.name, row.number, row.identifier, sheet.label)


def _id_cell_ref(sheet: Sheet, table: Table, row: _Row) -> CellRef:
    letter = row.id_cell[0] if row.id_cell else "A"
    text = _clean(row.id_cell[1]) if row.id_cell else ""
    return CellRef(table.file, table.name, row.number, letter, sheet.id_header, text)


def _check_duplicate(row: _Row, seen: dict[URIRef, _Row], sheet: Sheet, table: Table,
                     issues: list[ImportIssue]) -> None:
    if row.node is None:
        return
    first = seen.get(row.node)
    if first is None:
        seen[row.node] = row
        return
    where = f"ligne {first.number}" if first.table is table else \
        f"feuille « {first.table.name} », ligne {first.number}"
    issues.append(ImportIssue(
        FORME.IdentifiantUnique,
        f"L'identifiant « {row.identifier} » est déjà celui de la {where}.",
        record=_record_ref(sheet, table, row), cell=_id_cell_ref(sheet, table, row),
        value=row.identifier))


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


def _values(column: Column, raw: Any) -> list[Any]:
    if raw is None:
        return []
    if column.kind != "literal" or column.multiple:
        if isinstance(raw, str):
            return [v for v in (_clean(x) for x in _SPLIT.split(raw)) if v]
    text = _clean(raw) if not isinstance(raw, (dt.date, dt.datetime, int, float, bool, Decimal)) else raw
    return [text] if (text != "" and text is not None) else []


def _resolve(ctx: _Context, column: Column, value: Any, key) -> Any:
    """The RDF term of one value of a cell (text kept when it cannot be resolved)."""
    text = _clean(value)
    if column.kind == "literal":
        lit, _ok = _literal(column, value)
        return lit
    if column.kind == "concept":
        concept, candidates = ctx.voc.resolve(column.scheme, text)
        if concept is not None:
            return concept
        term = Literal(text)
        if candidates:
            ctx.origins.notes[(key[0], key[1], term)] = (
                "plusieurs valeurs de la liste ont ce synonyme : "
                + ", ".join(f"« {ctx.voc.label(c)} »" for c in candidates))
        return term
    if column.kind == "territory":
        kinds = _TERRITORY_CLASSES.get(str(column.target_class), ("commune",))
        iri, candidates = ctx.gaz.resolve(text, kinds, ctx.departement)
        if iri is not None:
            return iri
        term = Literal(text)
        if candidates:
            ctx.origins.notes[(key[0], key[1], term)] = (
                "ce nom désigne plusieurs territoires : "
                + ", ".join(p.display for p in candidates[:5])
                + (" ..." if len(candidates) > 5 else "") + " ; indiquez le code INSEE")
        return term
    # reference to another record
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    found = ctx.index.get(column.target_class, {}).get(fold(text))
    if found is not None:
        return found
    target = ctx.schema.sheet_for_class(column.target_class)
    kind = target.iri_kind if target else _local(column.target_class).lower()
    digits = re.sub(r"[\s.\u202f]", "", text)
    if target is not None and target.iri_key is not None and re.fullmatch(r"\d{14}", digits):
        text = digits
    return _mint(kind, text) or Literal(text)


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
        cell = CellRef(table.file, table.name, row.number, letter, column.header, _display_raw(raw))
        ctx.origins.columns.setdefault(key, cell)
        values = _values(column, raw)
        if not values and column.inherit and column.path in ctx.inherited:
            values = [ctx.inherited[column.path]]
            for term in values:
                _add(g, node, column, term)
            continue
        for value in values:
            term = value if isinstance(value, (URIRef, Literal)) else _resolve(ctx, column, value, key)
            _add(g, node, column, term)
            ctx.origins.cells.setdefault((node, column.path_key, term),
                                         CellRef(table.file, table.name, row.number, letter,
                                                 column.header, _display_raw(value)))
        if title is None and column.path in (RDFS.label, PP.raisonSociale) and values:
            title = _clean(values[0])
    if title:
        refs = ctx.origins.records[node]
        refs[-1] = RecordRef(ref.file, ref.sheet, ref.row, ref.identifier, ref.kind, title)


def _add(g: Graph, node, column: Column, term) -> None:
    if column.inverse:
        g.add((term, column.path, node))
    else:
        g.add((node, column.path, term))


def _display_raw(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return _clean(value)


def _composed_node(ctx: _Context, sheet: Sheet, table: Table, row: _Row) -> URIRef:
    parts = []
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
        parts.append(_local_key(term))
    node = _mint(sheet.iri_kind, "-".join(parts)) if parts else None
    if node is None:
        node = _mint(sheet.iri_kind, f"{_slug(table.name)}-ligne-{row.number}")
    row.identifier = str(node).rsplit("/", 1)[-1]
    return node


def _local_key(iri: URIRef) -> str:
    """« 33-OT-004 » for id/structure/33-OT-004, « orientation » for ref/service/orientation."""
    s = str(iri)
    for base in (str(ID), str(REF), str(TERRITOIRE)):
        if s.startswith(base):
            return s[len(base):].split("/", 1)[-1]
    return _local(s)


# ---------------------------------------------------------------------------------------------
# Export: graph → rows
# ---------------------------------------------------------------------------------------------

def graph_rows(graph: Graph, *, schema: Schema | None = None, include_personal: bool = True,
               ) -> tuple[dict[str, list[list[Any]]], list[tuple[Any, Any, Any]]]:
    """The rows of each sheet that ``graph`` fills, and the triples no column carries.

    Returns
    -------
    (dict, list)
        Sheet name → rows (one list of cell values per record, identifier first, in the
        order of :attr:`Sheet.headers`), and the triples left out.
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
            row: list[Any] = [_identifier_cell(graph, sheet, node, voc)]
            for column in sheet.columns:
                triples = list(graph.triples((None, column.path, node))) if column.inverse \
                    else list(graph.triples((node, column.path, None)))
                covered.update(triples)
                values = [t[0] if column.inverse else t[2] for t in triples]
                if column.personal and not include_personal:
                    row.append(None)
                    continue
                row.append(_cell_value(column, values, voc, gaz))
            rows.append(row)
        out[sheet.name] = rows
    left = [t for t in graph if t not in covered]
    if not include_personal:
        personal = {c.path for s in schema.sheets for c in s.columns if c.personal}
        left = [t for t in left if t[1] not in personal]
    return out, left


def _natural_key(node) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", str(node)))


def _identifier_cell(graph: Graph, sheet: Sheet, node, voc: Vocabulary) -> str:
    local = _reference_text(node, sheet.iri_kind)
    if sheet.composed:
        parts = []
        for path, inverse in sheet.composed:
            vals = list(graph.subjects(path, node)) if inverse else list(graph.objects(node, path))
            if len(vals) != 1 or not isinstance(vals[0], URIRef):
                parts = None
                break
            parts.append(_local_key(vals[0]))
        if parts and _mint(sheet.iri_kind, "-".join(parts)) == node:
            return ""  # the default: left empty, as a person would
    if sheet.iri_key is not None:
        key = graph.value(node, sheet.iri_key)
        if key is not None and _mint(sheet.iri_kind, str(key)) == node:
            return local  # the SIRET: repeated in the identifier column
    return local


def _reference_text(node, kind: str) -> str:
    from urllib.parse import unquote

    prefix = str(ID[f"{kind}/"])
    s = str(node)
    return unquote(s[len(prefix):]) if s.startswith(prefix) and "/" not in s[len(prefix):] else s


def _cell_value(column: Column, values: list, voc: Vocabulary, gaz: Gazetteer) -> Any:
    if not values:
        return None
    if column.kind == "literal":
        out = [_literal_cell(column, v) for v in values]
        if len(out) == 1:
            return out[0]
        return MULTI_SEPARATOR.join(sorted(_display_raw(v) for v in out))
    texts = []
    for v in values:
        if isinstance(v, Literal):
            texts.append(str(v))
        elif column.kind == "concept":
            texts.append(voc.label(v) if voc.in_scheme(v, column.scheme) else str(v))
        elif column.kind == "territory":
            texts.append(gaz.display(v))
        else:
            target_kind = _local(column.target_class).lower()
            sheet = load_schema().sheet_for_class(column.target_class)
            texts.append(_reference_text(v, sheet.iri_kind if sheet else target_kind))
    return MULTI_SEPARATOR.join(sorted(texts, key=fold))


def _literal_cell(column: Column, v: Any) -> Any:
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
        return "Oui" if v.toPython() is True else "Non"
    return str(v)


# ---------------------------------------------------------------------------------------------
# Writing: template and export, as a workbook or CSV files
# ---------------------------------------------------------------------------------------------

def write_template(output: str | os.PathLike, *, departement: str | None = None,
                   format: str | None = None, schema: Schema | None = None) -> Path:
    """Write an empty submission template generated from the shapes and the référentiel.

    Parameters
    ----------
    output : path
        ``modele.xlsx``, or a folder for ``format="csv"``.
    departement : str, optional
        INSEE code: fills the Soumission sheet, and the commune list holds that
        département's communes (else all the communes of the territories data).
    format : "xlsx" or "csv", optional
        Default: from the suffix of ``output`` (a folder or ``.csv`` means CSV).

    Returns
    -------
    Path
        The workbook, or the folder of CSV files.

    Example
    -------
    >>> import tempfile, pathlib, openpyxl
    >>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "modele.xlsx")
    >>> openpyxl.load_workbook(path).sheetnames[:3]
    ['Instructions', 'Soumission', 'Structures']
    """
    schema = schema or load_schema()
    dep = _normalise_dep(departement) if departement else None
    rows: dict[str, list[list[Any]]] = {s.name: [] for s in schema.sheets}
    sheet = schema.sheet_for_class(PP.Soumission)
    if dep and sheet is not None:
        # The submission's row, filled in: its identifier, its département and a title.
        d = gazetteer().place(territory_iri("departement", dep))
        values = {PP.departement: d.display if d else dep,
                  DCTERMS.title: f"Accompagnement des porteurs de projet : {d.label if d else dep}"}
        rows[sheet.name] = [[dep] + [values.get(c.path) for c in sheet.columns]]
    return _write(output, schema, rows, departement=dep, examples=True, format=format,
                  notes=[])


def export_graph(graph: Graph, output: str | os.PathLike, *, format: str | None = None,
                 include_personal: bool = False, notes: Sequence[str] = (),
                 schema: Schema | None = None) -> tuple[Path, list[tuple]]:
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
        Lines added to the instructions (where the data comes from).

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
    rows, left = graph_rows(graph, schema=schema, include_personal=include_personal)
    dep = None
    for d in graph.objects(None, PP.departement):
        p = gazetteer().place(d)
        if p and (None, RDF.type, PP.Soumission) in graph:
            dep = p.code
            break
    notes = list(notes)
    if not include_personal:
        notes.append("Les colonnes de données personnelles (noms, prénoms, courriels, téléphones, "
                     "descriptions, motivations) ont été laissées vides : elles ne quittent pas le "
                     "graphe régional sans demande explicite (option --donnees-personnelles).")
    path = _write(output, schema, rows, departement=dep, examples=False, format=format, notes=notes)
    return path, left


def _write(output, schema: Schema, rows: Mapping[str, list[list[Any]]], *, departement,
           examples: bool, format: str | None, notes: Sequence[str]) -> Path:
    out = Path(output)
    fmt = format or ("csv" if (out.suffix.lower() in ("", ".csv") or out.is_dir()) else "xlsx")
    if fmt not in ("xlsx", "csv"):
        raise InputError(f"Format inconnu : « {fmt} » (xlsx ou csv).")
    if fmt == "xlsx" and out.suffix.lower() not in SPREADSHEET_SUFFIXES:
        raise InputError(f"« {out} » : un classeur s'écrit dans un fichier .xlsx "
                         "(ou demandez --format csv avec un dossier).")
    if fmt == "csv":
        return _write_csv(out, schema, rows, departement, examples, notes)
    wb = _workbook(schema, rows, departement, examples, notes)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_workbook(wb, out)
    return out


def _instructions(schema: Schema, departement: str | None, examples: bool,
                  notes: Sequence[str]) -> list[tuple[str, str]]:
    """(style, text) lines of the instructions: title, para, head, item."""
    gaz = gazetteer()
    dep = gaz.place(territory_iri("departement", departement)) if departement else None
    lines: list[tuple[str, str]] = [
        ("title", "Soumission ppgraph : l'accompagnement des porteurs de projet touristique"
         + (f" — {dep.label} ({dep.code})" if dep else "")),
        ("para", "Ce classeur décrit qui accompagne les porteurs de projet dans votre département : "
                 "les structures et ce qu'elles proposent, les techniciens et leurs compétences, "
                 "les porteurs de projet, leurs projets, les accompagnements et les orientations. "
                 "Il a été produit par ppgraph à partir des formes SHACL et du référentiel commun."),
        ("head", "Comment le remplir"),
        ("item", "Une ligne par enregistrement ; la première ligne de chaque feuille porte les "
                 "en-têtes : ne les modifiez pas. Passez la souris sur un en-tête pour lire son aide."),
        ("item", "Les colonnes marquées d'un astérisque (*) et sur fond orangé sont obligatoires."),
        ("item", "Chaque ligne a un identifiant stable (33-OT-004, 33-PJ-0012...) : les autres "
                 "feuilles y renvoient par cet identifiant (ou par le SIRET d'une structure). "
                 "Gardez les mêmes identifiants d'une année à l'autre."),
        ("item", "Les listes déroulantes proposent les libellés du référentiel (feuille Listes). "
                 "Une valeur tapée à la main est acceptée si elle ne diffère que par les majuscules "
                 "ou les accents, ou si c'est un synonyme connu."),
        ("item", "Communes : code INSEE (33063) ou nom exact (Bordeaux). Départements : code (33) "
                 "ou nom. Intercommunalités : SIREN ou nom. Région : « région 75 » ou son nom."),
        ("item", "Dates au format jj/mm/aaaa. Nombres avec une virgule (10,5)."),
        ("item", "Plusieurs valeurs dans une cellule : séparez-les par un point-virgule (;)."),
        ("item", "Noms, prénoms, courriels et téléphones des personnes sont des données "
                 "personnelles : ils ne sont jamais publiés."),
    ]
    if examples:
        lines.append(("item", "Les lignes en italique gris, dont l'identifiant commence par "
                              "EXEMPLE, sont des exemples : elles ne sont pas lues. Vous pouvez "
                              "les effacer."))
    lines += [
        ("item", "Une colonne ajoutée est ignorée (avec un avertissement) ; une feuille peut rester vide."),
        ("head", "Vérifier puis verser"),
        ("item", "Vérifier : ppgraph validate classeur.xlsx (rapport en français, cellule par cellule ; "
                 "--format html pour une page à ouvrir dans le navigateur)."),
        ("item", "Verser : ppgraph submit classeur.xlsx --departement "
                 + (dep.code if dep else "33")
                 + " (refusé, sans rien changer, tant que des erreurs subsistent ; la version "
                   "précédente reste dans l'historique)."),
        ("item", "L'an prochain : ppgraph export --departement " + (dep.code if dep else "33")
                 + " -o classeur.xlsx repart des données versées."),
    ]
    for n in notes:
        lines.append(("note", n))
    lines.append(("head", "Les feuilles"))
    for s in schema.sheets:
        lines.append(("sheet", f"{s.name}\t{s.description}"))
    for s in schema.sheets:
        lines.append(("head", f"Feuille « {s.name} »"))
        lines.append(("para", s.description))
        lines.append(("column", f"{s.id_header}\t{'facultatif' if s.composed else 'obligatoire'}"
                                f"\tidentifiant\t{s.id_description}"))
        for c in s.columns:
            lines.append(("column", f"{c.header}\t{'obligatoire' if c.required else 'facultatif'}"
                                    f"\t{_format_hint(c)}\t{c.description}"))
    return lines


def _format_hint(c: Column) -> str:
    voc = vocabulary()
    if c.kind == "concept":
        hint = f"liste « {voc.scheme_label(c.scheme)} »"
    elif c.kind == "territory":
        hint = {str(PP.Commune): "commune (code INSEE ou nom)",
                str(PP.Departement): "département (code ou nom)"}.get(
            str(c.target_class), "territoire (code ou nom)")
    elif c.kind == "reference":
        sheet = load_schema().sheet_for_class(c.target_class)
        hint = f"identifiant (feuille {sheet.name})" if sheet else "identifiant"
    else:
        hint = {XSD.date: "date jj/mm/aaaa", XSD.dateTime: "date et heure jj/mm/aaaa hh:mm",
                XSD.decimal: "nombre", XSD.integer: "nombre entier", XSD.boolean: "Oui ou Non",
                XSD.anyURI: "adresse web"}.get(c.datatype, "texte")
    if c.multiple:
        hint += " ; plusieurs valeurs séparées par « ; »"
    if c.personal:
        hint += " ; donnée personnelle"
    return hint


def _example_row(sheet: Sheet, departement: str | None) -> list[Any]:
    gaz = gazetteer()
    row: list[Any] = [sheet.id_example or "EXEMPLE"]
    for c in sheet.columns:
        v = c.example
        if v is not None and c.kind == "territory" and departement:
            d = gaz.place(territory_iri("departement", departement))
            chef = gaz.place(gaz.chefs_lieux.get(departement, URIRef("urn:x")))
            if re.fullmatch(r"\d{5}", v) and chef is not None:
                v = chef.display            # the example commune: the département's chef-lieu
            elif re.fullmatch(r"\d{2,3}", v) and d is not None:
                v = d.display
        if v is not None and c.datatype in (XSD.date, XSD.dateTime):
            v = parse_datetime(v) if c.datatype == XSD.dateTime else parse_date(v)
        row.append(v)
    return row


# ---------------------------------------------------------------------------------------------
# The workbook (openpyxl)
# ---------------------------------------------------------------------------------------------

_FILL_REQUIRED = "FCE4CF"
_FILL_OPTIONAL = "E8EEF4"
_FILL_ID = "FFF2B3"
_GREY = "7F7F7F"


def _workbook(schema: Schema, rows: Mapping[str, list[list[Any]]], departement: str | None,
              examples: bool, notes: Sequence[str]):
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    voc, gaz = vocabulary(), gazetteer()
    wb = Workbook()
    wb.properties.creator = "ppgraph"
    wb.properties.title = "Soumission ppgraph"
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    ws = wb.active
    ws.title = INSTRUCTIONS_SHEET
    _fill_instructions(ws, _instructions(schema, departement, examples, notes))

    # The lists: one column per référentiel list used, Oui/Non, the communes (last sheet).
    list_ranges: dict[str, str] = {}
    schemes = []
    for s in schema.sheets:
        for c in s.columns:
            if c.kind == "concept" and c.scheme not in schemes:
                schemes.append(c.scheme)
    columns: list[tuple[str, str, list[str]]] = [
        (str(sc), voc.scheme_label(sc), voc.labels(sc)) for sc in schemes]
    columns.append(("oui-non", "Oui / Non", ["Oui", "Non"]))
    communes = gaz.communes(departement) or gaz.communes()
    columns.append(("communes", "Communes" + (f" ({departement})" if departement else ""),
                    [p.display for p in communes]))
    for j, (key, title, values) in enumerate(columns, start=1):
        letter = get_column_letter(j)
        list_ranges[key] = f"{LISTS_SHEET}!${letter}$2:${letter}${max(2, len(values) + 1)}"

    id_columns: dict[URIRef, str] = {}
    sheets_ws = {}
    for s in schema.sheets:
        sheets_ws[s.name] = wb.create_sheet(s.name)
        id_columns[s.target_class] = f"'{s.name}'!$A$2:$A$5000"

    head_font = Font(bold=True)
    example_font = Font(italic=True, color=_GREY)
    wrap = Alignment(wrap_text=True, vertical="top")
    for s in schema.sheets:
        w = sheets_ws[s.name]
        cols: list[Column | None] = [None] + list(s.columns)
        for j, (header, col) in enumerate(zip(s.headers, cols), start=1):
            cell = w.cell(row=1, column=j, value=header)
            cell.font = head_font
            cell.alignment = wrap
            fill = _FILL_ID if col is None else (_FILL_REQUIRED if col.required else _FILL_OPTIONAL)
            cell.fill = PatternFill("solid", fgColor=fill)
            text = _comment_text(s, col)
            comment = Comment(text, "ppgraph")
            comment.width, comment.height = 320, 40 + 16 * (len(text) // 45 + text.count("\n"))
            cell.comment = comment
            letter = get_column_letter(j)
            sample = [_display_raw(r[j - 1]) for r in list(rows.get(s.name, []))[:200]
                      if j - 1 < len(r) and r[j - 1] is not None]
            if examples:
                sample.append(_display_raw(_example_row(s, departement)[j - 1]))
            width = max([len(header) + 3, 12] + [min(len(x), 48) + 2 for x in sample])
            if col is not None and col.kind in ("concept", "territory"):
                width = max(width, 24)
            w.column_dimensions[letter].width = min(width, 50)
            _validation(w, letter, s, col, list_ranges, id_columns, DataValidation)
            if col is not None and col.kind == "literal":
                fmt = {XSD.date: "DD/MM/YYYY", XSD.dateTime: "DD/MM/YYYY HH:MM"}.get(col.datatype)
                if fmt is None and col.datatype == XSD.string:
                    fmt = "@"  # keep leading zeros and long digit strings (SIRET) as typed
                if fmt:
                    w.column_dimensions[letter].number_format = fmt
            elif col is None or col.kind in ("reference", "territory"):
                w.column_dimensions[letter].number_format = "@"
        w.row_dimensions[1].height = 32
        data = list(rows.get(s.name, []))
        start = 2
        if examples:
            data = [_example_row(s, departement)] + data
        for i, values in enumerate(data, start=start):
            is_example = examples and i == start
            for j, (value, col) in enumerate(zip(values, cols), start=1):
                if value is None or value == "":
                    continue
                cell = w.cell(row=i, column=j, value=_cell_python(value))
                if isinstance(value, dt.datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, str):
                    cell.number_format = "@"
                if is_example:
                    cell.font = example_font
        w.freeze_panes = "B2"
        w.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(2, len(data) + 1)}"
    lists = wb.create_sheet(LISTS_SHEET)
    bold = Font(bold=True)
    for j, (key, title, values) in enumerate(columns, start=1):
        letter = get_column_letter(j)
        lists.cell(row=1, column=j, value=title).font = bold
        for i, v in enumerate(values, start=2):
            lists.cell(row=i, column=j, value=v)
        lists.column_dimensions[letter].width = min(60, max(14, max((len(v) for v in values), default=10) + 2))
    lists.freeze_panes = "A2"
    wb.active = 0
    return wb


def _cell_python(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def _comment_text(sheet: Sheet, col: Column | None) -> str:
    if col is None:
        req = "Facultatif" if sheet.composed else "Obligatoire"
        return f"{sheet.id_description}\n{req}."
    return f"{col.description}\n{'Obligatoire' if col.required else 'Facultatif'} : {_format_hint(col)}."


def _validation(ws, letter: str, sheet: Sheet, col: Column | None, list_ranges, id_columns,
                DataValidation) -> None:
    if col is None:
        return
    rng = f"{letter}2:{letter}5000"
    formula = None
    strict = False
    if col.kind == "concept":
        formula = list_ranges.get(str(col.scheme))
        strict = not col.multiple
    elif col.datatype == XSD.boolean:
        formula = list_ranges.get("oui-non")
        strict = True
    elif col.kind == "territory" and col.target_class == PP.Commune:
        formula = list_ranges.get("communes")
    elif col.kind == "reference" and not col.multiple:
        formula = id_columns.get(col.target_class)
    if formula is None:
        if col.datatype == XSD.date:
            dv = DataValidation(type="date", operator="greaterThan", formula1="1",
                                allow_blank=True, errorStyle="warning",
                                errorTitle="Date attendue",
                                error="Tapez une date au format jj/mm/aaaa.",
                                promptTitle=col.header[:32], prompt=_prompt(col))
            dv.showErrorMessage = True
            dv.showInputMessage = True
            ws.add_data_validation(dv)
            dv.add(rng)
        return
    dv = DataValidation(type="list", formula1=f"={formula}", allow_blank=True,
                        errorStyle="warning", errorTitle="Valeur hors de la liste"[:32],
                        error=("Cette valeur n'est pas dans la liste. Elle sera vérifiée par "
                               "ppgraph validate : gardez-la seulement si c'est un synonyme connu.")
                        if strict else "", promptTitle=col.header[:32], prompt=_prompt(col))
    dv.showErrorMessage = strict
    dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(rng)


def _prompt(col: Column) -> str:
    text = col.description
    if col.multiple and col.kind != "literal":
        text += " Plusieurs valeurs : séparez-les par « ; »."
    return text[:250]


def _fill_instructions(ws, lines: list[tuple[str, str]]) -> None:
    from openpyxl.styles import Alignment, Font

    widths = {"A": 30, "B": 14, "C": 36, "D": 80}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    r = 1
    wrap = Alignment(wrap_text=True, vertical="top")

    def height(*parts: tuple[str, int]) -> float:
        return 15.0 * max(1, *(math.ceil(len(text) / max(chars, 1)) for text, chars in parts))

    for style, text in lines:
        if style == "title":
            ws.cell(row=r, column=1, value=text).font = Font(bold=True, size=14)
            ws.row_dimensions[r].height = 22
        elif style == "head":
            r += 1
            ws.cell(row=r, column=1, value=text).font = Font(bold=True, size=12)
            ws.row_dimensions[r].height = 18
        elif style in ("para", "item", "note"):
            value = ("• " if style == "item" else "") + text
            c = ws.cell(row=r, column=1, value=value)
            c.alignment = wrap
            if style == "note":
                c.font = Font(italic=True)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
            ws.row_dimensions[r].height = height((value, 170))
        elif style == "sheet":
            name, desc = text.split("\t", 1)
            c = ws.cell(row=r, column=1, value=name)
            c.font, c.alignment = Font(bold=True), wrap
            ws.cell(row=r, column=2, value=desc).alignment = wrap
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
            ws.row_dimensions[r].height = height((desc, 140))
        elif style == "column":
            parts = text.split("\t")
            for j, part in enumerate(parts, start=1):
                ws.cell(row=r, column=j, value=part).alignment = wrap
            ws.row_dimensions[r].height = height(
                *[(part, widths["ABCD"[j]] - 2) for j, part in enumerate(parts[:4])])
        r += 1


def save_workbook(wb, path: Path) -> None:
    """Save with fixed timestamps inside the zip, so that the same content gives the same
    bytes (a workbook regenerated from the same data does not show as changed)."""
    buffer = io.BytesIO()
    wb.save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            data = re.sub(rb"<dcterms:(created|modified) xsi:type=\"dcterms:W3CDTF\">[^<]*<",
                          lambda m: b"<dcterms:" + m.group(1)
                          + b' xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z<', data) \
                if info.filename == "docProps/core.xml" else data
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            out.writestr(zi, data)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------
# CSV files
# ---------------------------------------------------------------------------------------------

def _write_csv(folder: Path, schema: Schema, rows, departement, examples, notes) -> Path:
    if folder.suffix.lower() == ".csv":
        raise InputError(f"« {folder} » : le format CSV s'écrit dans un dossier (un fichier par feuille).")
    folder.mkdir(parents=True, exist_ok=True)
    for s in schema.sheets:
        data = list(rows.get(s.name, []))
        if examples:
            data = [_example_row(s, departement)] + data
        _csv_file(folder / f"{s.name}.csv", [s.headers] + [[_csv_text(v) for v in r] for r in data])
    voc, gaz = vocabulary(), gazetteer()
    schemes = []
    for s in schema.sheets:
        for c in s.columns:
            if c.kind == "concept" and c.scheme not in schemes:
                schemes.append(c.scheme)
    cols = [[voc.scheme_label(sc)] + voc.labels(sc) for sc in schemes]
    cols.append(["Oui / Non", "Oui", "Non"])
    cols.append(["Communes"] + [p.display for p in (gaz.communes(departement) or gaz.communes())])
    height = max(len(c) for c in cols)
    table = [[c[i] if i < len(c) else "" for c in cols] for i in range(height)]
    _csv_file(folder / f"{LISTS_SHEET}.csv", table)
    text = []
    for style, line in _instructions(schema, departement, examples, notes):
        if style in ("title", "head"):
            text += ["", line, "=" * len(line) if style == "title" else "-" * len(line)]
        elif style == "item":
            text.append("- " + line)
        elif style in ("sheet", "column"):
            text.append("  " + " | ".join(line.split("\t")))
        else:
            text.append(line)
    text.append("")
    text.append("Fichiers CSV : séparateur point-virgule, encodage UTF-8 ; un fichier par feuille, "
                "nommé comme elle. Excel et LibreOffice les ouvrent directement.")
    (folder / README_CSV).write_text("\r\n".join(text).strip() + "\r\n", encoding="utf-8-sig")
    return folder


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S") if value.second else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return _canonical_decimal(Decimal(repr(value))).replace(".", ",")
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return _canonical_decimal(Decimal(value)).replace(".", ",")
    return str(value)


def _csv_file(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerows(rows)

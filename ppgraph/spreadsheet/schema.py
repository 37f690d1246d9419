"""The workbook's sheets and columns, read from the SHACL shapes, in every language they give.

Each node shape with a ``pp:feuille`` is a sheet; each of its property shapes a column, with
its header (``sh:name``), its comment (``sh:description``), whether it is required
(``sh:minCount``), its datatype and, for a column that takes a value of the référentiel, the
list its dropdown offers. Adding a column is a shapes edit, not code.

Texts of the shapes are :class:`Named`: the French text (the string itself, what the rest of
ppgraph compares with) carrying its other languages, so that a report or a template can be
written in the reader's language and fall back to French where a translation is missing.

>>> schema = load_schema()
>>> [s.name for s in schema.sheets][:3]
['Soumission', 'Structures', "Bureaux d'information"]
>>> column = schema.sheet_named("structures").column(PP.niveauAccompagnement)
>>> column.header, column.kind
("Niveau d'accompagnement", 'concept')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from rdflib import XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SKOS

from ..i18n import DEFAULT_LANGUAGE
from ..namespaces import ID, PP, REF, TERRITOIRE, instance_iri
from ..reference import personal_properties
from ..resolver import TERRITORY_KINDS_OF_CLASS
from ..resources import graph as resource_graph
from ..text import fold, slug
from .wording import Named

__all__ = ["SH", "FORME", "Column", "Sheet", "ShapeText", "Schema", "load_schema", "mint",
           "local_key", "local_name", "reference_text"]

SH = Namespace("http://www.w3.org/ns/shacl#")
FORME = Namespace("https://w3id.org/ppgraph/formes#")
"""Namespace of the shapes (``forme:Structure``, ``forme:Structure-nom``...)."""


def _texts(g: Graph, node: Any, prop: URIRef) -> dict[str, str]:
    """Literals of ``prop`` by language; an untagged one counts as French."""
    out: dict[str, str] = {}
    untagged = None
    for o in g.objects(node, prop):
        if isinstance(o, Literal):
            if o.language:
                out.setdefault(o.language, str(o))
            elif untagged is None:
                untagged = str(o)
    if untagged is not None:
        out.setdefault(DEFAULT_LANGUAGE, untagged)
    return out


def _named(g: Graph, node: Any, prop: URIRef, default: str = "") -> Named:
    if node is None:
        return Named({DEFAULT_LANGUAGE: default})
    return Named(_texts(g, node, prop) or {DEFAULT_LANGUAGE: default})


# -- sheets and columns ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """A column of a sheet: one property shape of ``ontology/shapes.ttl``.

    ``kind`` says how a cell becomes RDF: ``"literal"`` (``datatype``), ``"concept"`` (a
    value of the référentiel ``scheme``), ``"territory"`` (a commune, EPCI, département or
    région of class ``target_class``) or ``"reference"`` (another record, of class
    ``target_class``, by its identifier). ``header``, ``description`` and ``message`` are
    :class:`Named` (French, with their translations); ``headers`` are every header a file
    may use for it (all languages).
    """

    shape: URIRef
    header: Named
    headers: tuple[str, ...]
    description: Named
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
    example: Named | None = None
    personal: bool = False
    pattern: str | None = None
    message: Named = field(default_factory=lambda: Named({}))

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
    """A sheet of the workbook: one node shape with ``pp:feuille``.

    ``name`` is the sheet's name (:class:`Named`: the workbook in English has English sheet
    names), ``label`` the kind of record a row is (« structure »).
    """

    shape: URIRef
    name: Named
    label: Named
    description: Named
    order: float
    target_class: URIRef
    iri_kind: str
    iri_key: URIRef | None
    id_header: Named
    id_headers: tuple[str, ...]
    id_description: Named
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
        """Headers as written in the French template (« * » marks a required column)."""
        return self.headers_in(DEFAULT_LANGUAGE)

    def headers_in(self, lang: str) -> list[str]:
        """Headers of the template in ``lang`` (« * » marks a required column)."""
        return [self.id_header.in_language(lang) + ("" if self.composed else " *")] + \
            [c.header.in_language(lang) + (" *" if c.required else "") for c in self.columns]

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the sheet may have in a file (all languages)."""
        return tuple(dict.fromkeys(self.name.languages.values()))


@dataclass(frozen=True)
class ShapeText:
    """Name, message and severity of any shape (for reports), as :class:`Named`."""

    name: Named
    message: Named
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
        """The sheet a file names ``name``, in any language, ignoring case and accents."""
        key, key_slug = fold(name), slug(name)
        for s in self.sheets:
            for n in s.names:
                if fold(n) == key or slug(n) == key_slug:
                    return s
        return None

    def column_for_shape(self, shape: URIRef) -> tuple[Sheet, Column] | None:
        for s in self.sheets:
            for c in s.columns:
                if c.shape == shape:
                    return s, c
        return None

    def text(self, shape: URIRef) -> ShapeText:
        found = self.texts.get(shape)
        if found is None:
            name = Named({DEFAULT_LANGUAGE: str(shape).rsplit("#", 1)[-1]})
            return ShapeText(name, Named({}), SH.Violation)
        return found


def load_schema(shapes: Graph | None = None, ontology: Graph | None = None) -> Schema:
    """Read the sheets and columns of the workbook from the SHACL shapes.

    Parameters
    ----------
    shapes : rdflib.Graph, optional
        The shapes (default: ``ontology/shapes.ttl``, read once by :mod:`ppgraph.resources`).
    ontology : rdflib.Graph, optional
        The ontology, to know which properties are personal data (default: the bundled one).

    Returns
    -------
    Schema
        Sheets in ``sh:order``; columns in ``sh:order``.

    Example
    -------
    >>> schema = load_schema()
    >>> schema.sheet_named("Structures").column(PP.siret).header.in_language("en")
    'SIRET'
    """
    if shapes is None and ontology is None:
        return _default_schema()
    return _build_schema(shapes if shapes is not None else resource_graph("shapes"), ontology)


@functools.lru_cache(maxsize=1)
def _default_schema() -> Schema:
    return _build_schema(resource_graph("shapes"), None)


def _build_schema(g: Graph, ontology: Graph | None) -> Schema:
    personal = personal_properties(ontology)
    texts: dict[URIRef, ShapeText] = {}
    for shape in set(g.subjects(SH.name, None)) | set(g.subjects(SH.message, None)):
        if isinstance(shape, URIRef):
            texts[shape] = ShapeText(_named(g, shape, SH.name), _named(g, shape, SH.message),
                                     g.value(shape, SH.severity) or SH.Violation)
    identifier = Named.of_message("spreadsheet.identifiant")
    sheets = []
    for shape in set(g.subjects(PP.feuille, None)):
        target = g.value(shape, SH.targetClass)
        if not isinstance(shape, URIRef) or target is None:
            continue
        idnode = g.value(shape, PP.colonneIdentifiant)
        id_header = _named(g, idnode, SH.name) if idnode is not None else identifier
        if not id_header:
            id_header = identifier
        composed: list[tuple[URIRef, bool]] = []
        comp_list = g.value(shape, PP.identifiantCompose)
        if comp_list is not None:
            for item in Collection(g, comp_list):
                inv = g.value(item, SH.inversePath) if isinstance(item, BNode) else None
                composed.append((inv, True) if inv is not None else (item, False))
        columns = [_column(g, ps, personal) for ps in g.objects(shape, SH.property)]
        columns = [c for c in columns if c is not None]
        columns.sort(key=lambda c: (c.order, c.header))
        example = _texts(g, idnode, SKOS.example) if idnode is not None else {}
        sheets.append(Sheet(
            shape=shape, name=_named(g, shape, PP.feuille), label=_named(g, shape, SH.name),
            description=_named(g, shape, SH.description),
            order=float(g.value(shape, SH.order) or 1000), target_class=target,
            iri_kind=str(g.value(shape, PP.prefixeIRI) or local_name(target).lower()),
            iri_key=g.value(shape, PP.cleIRI),
            id_header=id_header,
            id_headers=tuple(sorted(set(id_header.languages.values()))),
            id_description=_named(g, idnode, SH.description),
            id_example=example.get(DEFAULT_LANGUAGE),
            composed=tuple(composed), columns=tuple(columns)))
    sheets.sort(key=lambda s: (s.order, s.name))
    return Schema(sheets=tuple(sheets), shapes=g, texts=texts)


def _column(g: Graph, ps: Any, personal: frozenset) -> Column | None:
    path = g.value(ps, SH.path)
    order = g.value(ps, SH.order)
    header = _named(g, ps, SH.name)
    if path is None or order is None or not header:
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
    elif cls is not None and str(cls) in TERRITORY_KINDS_OF_CLASS:
        kind = "territory"
    elif cls is not None:
        kind = "reference"
    else:
        kind = "literal"
        datatype = datatype or XSD.string
    max_count = g.value(ps, SH.maxCount)
    inherit = g.value(ps, PP.heriteDeLaSoumission)
    pattern = g.value(ps, SH.pattern)
    example = _texts(g, ps, SKOS.example)
    return Column(
        shape=ps if isinstance(ps, URIRef) else URIRef(f"urn:forme:{path}"),
        header=header, headers=tuple(sorted(set(header.languages.values()))),
        description=_named(g, ps, SH.description),
        order=float(order), path=path, inverse=inverse,
        min_count=int(g.value(ps, SH.minCount) or 0),
        max_count=int(max_count) if max_count is not None else None,
        kind=kind, datatype=datatype, language=language, scheme=scheme, target_class=cls,
        inherit=bool(inherit is not None and inherit.toPython() is True),
        example=Named(example) if example else None, personal=path in personal,
        pattern=str(pattern) if pattern is not None else None,
        message=_named(g, ps, SH.message))


# -- the IRI of a row ------------------------------------------------------------------------------

def local_name(iri: Any) -> str:
    """The last segment of an IRI (after ``#`` or ``/``)."""
    return re.split(r"[#/]", str(iri))[-1]


def mint(kind: str, key: str) -> URIRef | None:
    """The IRI of a record of ``kind`` keyed ``key`` (None if ``key`` cannot be one)."""
    try:
        return instance_iri(kind, key)
    except ValueError:
        return None


def local_key(iri: URIRef) -> str:
    """« 33-OT-004 » for id/structure/33-OT-004, « orientation » for ref/service/orientation.

    >>> local_key(URIRef("https://w3id.org/ppgraph/ref/service/orientation"))
    'orientation'
    """
    s = str(iri)
    for base in (str(ID), str(REF), str(TERRITOIRE)):
        if s.startswith(base):
            return s[len(base):].split("/", 1)[-1]
    return local_name(s)


def reference_text(node: Any, kind: str) -> str:
    """How a cell names a record of ``kind``: its identifier (the IRI if it is not one).

    >>> reference_text(URIRef("https://w3id.org/ppgraph/id/structure/33-OT-004"), "structure")
    '33-OT-004'
    """
    prefix = str(ID[f"{kind}/"])
    s = str(node)
    return unquote(s[len(prefix):]) if s.startswith(prefix) and "/" not in s[len(prefix):] else s


"""The one table of RDF formats: file suffixes, rdflib format names, Oxigraph formats, dumps.

Every part of ppgraph that reads or writes an RDF file by its name asks this table, so that
``.ttl``, ``.nt``, ``.rdf``, ``.trig`` or ``.nq`` mean the same thing everywhere. A file's
suffix is read by :func:`rdflib.util.guess_format`; the table says which of those formats
ppgraph handles, under which name rdflib and Oxigraph know them.

>>> syntax_for_path("soumission-33.ttl").rdflib
'turtle'
>>> syntax("nquads").oxigraph == ox.RdfFormat.N_QUADS
True
>>> dump_format("sauvegarde.nq")
'nquads'
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.util import SUFFIX_FORMAT_MAP, guess_format

from ..errors import InputError

__all__ = ["RdfSyntax", "SYNTAXES", "DUMP_FORMATS", "syntax", "syntax_for_path",
           "oxigraph_format", "dump_format", "dump_syntax", "read_dump", "looks_like_path",
           "graph_to_ntriples", "RdfSource", "rdf_source", "reading", "ntriples"]


@dataclass(frozen=True)
class RdfSyntax:
    """An RDF serialisation as ppgraph knows it.

    Attributes
    ----------
    name : str
        ppgraph's name of the format (the ``format=`` argument of the store's methods).
    rdflib : str
        The name rdflib's ``Graph.parse``/``serialize`` use.
    oxigraph : pyoxigraph.RdfFormat
        The same format for Oxigraph.
    suffixes : tuple of str
        File suffixes, lower-case, the first one the usual one.
    aliases : tuple of str
        Other names accepted for ``format=``.
    dataset : bool
        Whether it holds named graphs (a dump of the whole store is written in one of these).
    """

    name: str
    rdflib: str
    oxigraph: ox.RdfFormat
    suffixes: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    dataset: bool = False


SYNTAXES: tuple[RdfSyntax, ...] = (
    RdfSyntax("turtle", "turtle", ox.RdfFormat.TURTLE, (".ttl", ".turtle"), ("ttl",)),
    RdfSyntax("nt", "nt", ox.RdfFormat.N_TRIPLES, (".nt",), ("ntriples", "n-triples")),
    RdfSyntax("xml", "xml", ox.RdfFormat.RDF_XML, (".rdf", ".owl", ".xml"), ("rdfxml",)),
    RdfSyntax("json-ld", "json-ld", ox.RdfFormat.JSON_LD, (".jsonld", ".json"), ("jsonld",)),
    RdfSyntax("n3", "n3", ox.RdfFormat.N3, (".n3",)),
    RdfSyntax("trig", "trig", ox.RdfFormat.TRIG, (".trig",), dataset=True),
    RdfSyntax("nquads", "nquads", ox.RdfFormat.N_QUADS, (".nq", ".nquads"), ("n-quads",),
              dataset=True),
)
"""Every RDF format ppgraph reads or writes."""

DUMP_FORMATS: tuple[str, ...] = tuple(s.name for s in SYNTAXES if s.dataset)
"""The formats of a dump of the whole store (``Store.dump``, ``ppgraph dump``)."""

_BY_NAME = {n: s for s in SYNTAXES for n in (s.name, s.rdflib, *s.aliases)}
# rdflib's map from suffix to format name, limited to the formats above and completed with
# the suffixes it does not know (« .turtle »).
_SUFFIX_MAP = {**{k: v for k, v in SUFFIX_FORMAT_MAP.items() if v in _BY_NAME},
               **{suffix[1:]: s.rdflib for s in SYNTAXES for suffix in s.suffixes}}


def syntax(name: str) -> RdfSyntax:
    """The format called ``name`` (ppgraph's name, rdflib's, or an alias).

    >>> syntax("ttl").name
    'turtle'
    >>> syntax("csv")
    Traceback (most recent call last):
    ...
    ppgraph.errors.InputError: Format RDF inconnu : csv
    """
    found = _BY_NAME.get(str(name).lower())
    if found is None:
        raise InputError("store.format_rdf_inconnu", format=name)
    return found


def syntax_for_path(path: str | os.PathLike, default: str | None = None) -> RdfSyntax | None:
    """The format a file name's suffix says, else ``default`` (a name), else None.

    >>> syntax_for_path("ontologie.owl").name, syntax_for_path("a.NQ").name
    ('xml', 'nquads')
    >>> syntax_for_path("notes.txt") is None, syntax_for_path("notes.txt", "turtle").name
    (True, 'turtle')
    """
    # guess_format also takes a bare suffix: only a real suffix of the name counts here.
    suffix = Path(path).suffix
    found = guess_format(suffix, _SUFFIX_MAP) if suffix else None
    if found is not None:
        return _BY_NAME[found]
    return syntax(default) if default is not None else None


def oxigraph_format(name: str) -> ox.RdfFormat:
    """The Oxigraph format of ``name`` (see :func:`syntax`)."""
    return syntax(name).oxigraph


def dump_format(destination: Any, format: str | None = None) -> str:
    """``"trig"`` or ``"nquads"``: the given format, else the one a file name's suffix says
    (``.trig``, ``.nq``); an :class:`InputError` for anything else.

    >>> dump_format("tout.trig"), dump_format(None), dump_format("x", "nquads")
    ('trig', 'trig', 'nquads')
    >>> dump_format("sauvegarde.ttl")
    Traceback (most recent call last):
    ...
    ppgraph.errors.InputError: « sauvegarde.ttl » : extension inconnue, attendu .trig (TriG) ou .nq (N-Quads).
    """
    if format is None and isinstance(destination, (str, os.PathLike)):
        found = syntax_for_path(destination)
        if found is None or not found.dataset:
            raise InputError("store.extension_sauvegarde_inconnue", chemin=str(destination))
        format = found.name
    fmt = format or DUMP_FORMATS[0]
    if fmt not in DUMP_FORMATS:
        raise InputError("store.format_sauvegarde_inconnu", format=fmt)
    return fmt


def dump_syntax(source: str | os.PathLike, format: str | None = None) -> str:
    """The format of a dump to read: the one given, else the one its suffix says (``trig``,
    ``nquads``); an :class:`InputError` naming the file for anything else.

    >>> dump_syntax("tout.nq")
    'nquads'
    """
    path = Path(source)
    if format is None:
        found = syntax_for_path(path)
        format = found.name if found is not None else None
    if format not in DUMP_FORMATS:
        raise InputError("store.extension_restauration_inconnue", chemin=str(path))
    return format


def read_dump(source: str | os.PathLike, format: str | None = None) -> list[ox.Quad]:
    """Every quad of a TriG or N-Quads dump, read completely before anything changes.

    Raises
    ------
    InputError
        Naming the file, when its suffix is unknown, when it cannot be parsed, or when it
        holds nothing (restoring it would empty the dataset).
    """
    path = Path(source)
    if format is None:
        found = syntax_for_path(path)
        format = found.name if found is not None else None
    if format not in DUMP_FORMATS:
        raise InputError("store.extension_restauration_inconnue", chemin=str(path))
    try:
        quads = list(ox.parse(path=str(path), format=oxigraph_format(format)))
    except (SyntaxError, OSError) as err:
        raise InputError("store.sauvegarde_illisible", chemin=str(path), detail=str(err)) \
            from err
    if not quads:
        raise InputError("store.sauvegarde_vide", chemin=str(path))
    return quads


def looks_like_path(data: bytes | str) -> bool:
    """Whether ``data`` given to the store is a file name rather than RDF text: one short
    line that ends with a suffix.

    >>> looks_like_path("data/demo/soumission-23.ttl"), looks_like_path("<urn:a> <urn:b> <urn:c> .")
    (True, False)
    """
    return (isinstance(data, str) and "\n" not in data and len(data) < 4096
            and Path(data).suffix != "")


def graph_to_ntriples(graph: Graph) -> bytes:
    """Serialise an rdflib graph as N-Triples bytes (the fastest way into Oxigraph)."""
    return graph.serialize(format="nt", encoding="utf-8")


@dataclass(frozen=True)
class RdfSource:
    """RDF data on its way into a store, in a form Oxigraph reads.

    Exactly one of ``data`` (bytes) and ``path`` is set; ``format`` is Oxigraph's.
    """

    format: ox.RdfFormat
    data: bytes | None = None
    path: Path | None = None

    def parse(self, **options: Any) -> Iterator[Any]:
        """The triples or quads of the source (:func:`pyoxigraph.parse`)."""
        if self.path is not None:
            return ox.parse(path=str(self.path), format=self.format, **options)
        return ox.parse(self.data, format=self.format, **options)


def rdf_source(data: Graph | bytes | str | os.PathLike, format: str | None = None) -> RdfSource:
    """What the store's ``replace_graph(graph, data, format=…)`` is given, as an
    :class:`RdfSource`: an rdflib Graph; bytes or text in ``format`` (default Turtle); or a
    file path, whose format is ``format`` or else its suffix's (default Turtle).

    >>> rdf_source("x.nt").format == ox.RdfFormat.N_TRIPLES
    True
    >>> rdf_source(b"<urn:a> <urn:b> <urn:c> .", "nt").data
    b'<urn:a> <urn:b> <urn:c> .'
    """
    if isinstance(data, Graph):
        return RdfSource(ox.RdfFormat.N_TRIPLES, data=graph_to_ntriples(data))
    if isinstance(data, (bytes, str)) and not looks_like_path(data):
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return RdfSource(oxigraph_format(format or "turtle"), data=raw)
    path = Path(data)
    fmt = syntax(format) if format else syntax_for_path(path, "turtle")
    return RdfSource(fmt.oxigraph, path=path)


@contextlib.contextmanager
def reading(source: RdfSource) -> Iterator[None]:
    """Turn a parse error of ``source`` into an :class:`InputError` naming the file, if
    there is one."""
    try:
        yield
    except SyntaxError as err:
        if source.path is not None:
            raise InputError("store.rdf_illisible_fichier", chemin=str(source.path),
                             detail=str(err)) from err
        raise InputError("store.rdf_illisible", detail=str(err)) from err
    except OSError as err:
        if source.path is None:
            raise
        raise InputError("store.fichier_illisible", chemin=str(source.path),
                         detail=str(err)) from err


def ntriples(data: Graph | bytes | str | os.PathLike, format: str | None = None) -> bytes:
    """``data`` (as :func:`rdf_source` takes it) read, checked and written as N-Triples.

    It must be one graph: named graphs in a TriG or N-Quads source are refused.

    >>> ntriples("<urn:a> <urn:b> 'c' .")
    b'<urn:a> <urn:b> "c" .\\n'
    """
    if isinstance(data, Graph):
        return graph_to_ntriples(data)
    source = rdf_source(data, format)
    with reading(source):
        return ox.serialize(source.parse(without_named_graphs=True),
                            format=ox.RdfFormat.N_TRIPLES)

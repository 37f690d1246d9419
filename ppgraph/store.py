"""One store interface over an in-memory dataset and the embedded Oxigraph store on disk.

SPARQL runs in Oxigraph in both cases; rdflib stays the in-memory model of small graphs
(a submission, a CONSTRUCT result). Queries see the union of all named graphs as their
default graph, so a question does not need to know which submission holds what.

>>> from rdflib import Graph, URIRef, Literal
>>> g = Graph(); _ = g.add((URIRef("urn:x"), URIRef("urn:p"), Literal("a")))
>>> store = Store()                       # in memory; Store("dir") is on disk
>>> store.replace_graph("urn:g", g)
1
>>> store.count("urn:g")
1
>>> store.select("SELECT ?o WHERE { ?s ?p ?o }")
[{'o': rdflib.term.Literal('a')}]
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from .errors import InputError, StoreError, StoreLockedError
from .namespaces import GRAPHE, PREFIXES

DEFAULT_STORE = "ppgraph-store"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_DUMP_FORMATS = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
_SUFFIX_FORMATS = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}


def default_store_path() -> Path:
    """``$PPGRAPH_STORE`` if set, else ``./ppgraph-store``."""
    return Path(os.environ.get("PPGRAPH_STORE") or DEFAULT_STORE)


# -- term conversion --------------------------------------------------------------------

def to_rdflib(term: Any) -> Identifier | None:
    """An Oxigraph term as the equal rdflib term (plain literals lose their xsd:string)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"terme RDF non pris en charge : {term!r}")


def to_oxigraph(term: Any) -> Any:
    """An rdflib term (or a plain Python str/int/float/bool) as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, (str, int, float, bool)):
        return to_oxigraph(Literal(term))
    raise TypeError(f"valeur non liable dans une requête : {term!r}")


def _graph_node(graph: str | URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(graph))


def graph_to_ntriples(graph: Graph) -> bytes:
    """Serialise an rdflib graph as N-Triples bytes (the fastest way into Oxigraph)."""
    return graph.serialize(format="nt", encoding="utf-8")


# -- the store ----------------------------------------------------------------------------

class Store:
    """A dataset of named graphs, in memory (``Store()``) or on disk (``Store(path)``).

    Parameters
    ----------
    path : str or Path, optional
        Directory of the embedded Oxigraph store (created if missing). ``None``: in memory.
    read_only : bool
        Open an existing on-disk store for reading only; several readers may share it with
        one writer.

    Raises
    ------
    StoreLockedError
        If another process already holds the on-disk store for writing.
    StoreError
        If ``read_only`` is asked for a store that does not exist, or it cannot be opened.
    """

    def __init__(self, path: str | os.PathLike | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is None:
            self._ox = ox.Store()
            return
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"« {self.path} » est un fichier : un magasin ppgraph est un dossier.")
        if read_only and not (self.path / "CURRENT").exists():
            hint = (" (le dossier ppgraph-demo contient le magasin dans ppgraph-demo/store)"
                    if (self.path / "store" / "CURRENT").exists() else "")
            raise StoreError(
                f"Aucun magasin ppgraph dans « {self.path} »{hint}. "
                "Construisez-en un avec « ppgraph demo » ou indiquez-le avec --store "
                "(ou la variable PPGRAPH_STORE)."
            )
        try:
            self._ox = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as err:
            text = str(err)
            if "lock" in text.lower():
                raise StoreLockedError(
                    f"Le magasin « {self.path} » est déjà ouvert en écriture par un autre "
                    "processus (une autre commande ppgraph est-elle en cours ?). Attendez "
                    "qu'elle se termine puis relancez."
                ) from err
            raise StoreError(f"Impossible d'ouvrir le magasin « {self.path} » : {text}") from err

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "mémoire"
        return f"<Store {where}{' (lecture seule)' if self.read_only else ''}>"

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the store (and its lock)."""
        if getattr(self, "_ox", None) is not None:
            if self.path is not None and not self.read_only:
                self._ox.flush()
            self._ox = None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for bulk work the interface does not cover)."""
        return self._ox

    # -- graphs ---------------------------------------------------------------------------

    def graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""
        return sorted(URIRef(g.value) for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph: str | URIRef | None = None) -> int:
        """Number of triples in one named graph, or quads in the whole dataset."""
        if graph is None:
            return len(self._ox)
        rows = self._ox.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(next(iter(rows))["n"].value)

    def graph_counts(self) -> dict[URIRef, int]:
        """Triples per named graph, in one query."""
        rows = self._ox.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {URIRef(r["g"].value): int(r["n"].value) for r in rows}

    def get_graph(self, graph: str | URIRef) -> Graph:
        """A copy of one named graph as an rdflib Graph."""
        out = Graph()
        data = self._ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=_graph_node(graph))
        if data:
            out.parse(data=data, format="nt")
        return out

    def replace_graph(self, graph: str | URIRef, data: Graph | bytes | str | os.PathLike,
                      *, format: str | None = None) -> int:
        """Replace a named graph with ``data``, atomically, and return its new triple count.

        ``data`` is an rdflib Graph, or a file path / bytes in ``format`` (turtle, nt, xml).
        The new content is parsed into a staging graph first; then a single SPARQL update
        (one transaction) drops the old graph and moves the staging graph onto it, so a
        reader sees either the old or the new version, never a mixture.
        """
        self._writable()
        staging = GRAPHE[f"staging/{uuid.uuid4().hex}"]
        self._load_into(staging, data, format=format)
        self._ox.update(f"DROP SILENT GRAPH <{graph}> ; MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>")
        return self.count(graph)

    def add_graph(self, graph: str | URIRef, data: Graph | bytes | str | os.PathLike,
                  *, format: str | None = None) -> None:
        """Add triples to a named graph (kept: what it already holds)."""
        self._writable()
        self._load_into(graph, data, format=format)

    def drop_graph(self, graph: str | URIRef) -> None:
        """Remove a named graph and its triples."""
        self._writable()
        self._ox.update(f"DROP SILENT GRAPH <{graph}>")

    def _load_into(self, graph: str | URIRef, data: Any, *, format: str | None) -> None:
        target = _graph_node(graph)
        try:
            if isinstance(data, Graph):
                self._ox.load(graph_to_ntriples(data), format=ox.RdfFormat.N_TRIPLES, to_graph=target)
            elif isinstance(data, (bytes, str)) and not _looks_like_path(data):
                raw = data.encode("utf-8") if isinstance(data, str) else data
                self._ox.load(raw, format=_rdf_format(format or "turtle"), to_graph=target)
            else:
                path = Path(data)
                fmt = _rdf_format(format or _format_from_suffix(path))
                self._ox.load(path=str(path), format=fmt, to_graph=target)
        except SyntaxError as err:
            raise InputError(f"Fichier RDF illisible : {err}") from err

    # -- SPARQL ---------------------------------------------------------------------------

    def _query(self, sparql: str, bindings: Mapping[str, Any] | None):
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        try:
            return self._ox.query(sparql, use_default_graph_as_union=True,
                                  substitutions=subs or None, prefixes=PREFIXES)
        except SyntaxError as err:
            raise InputError(f"Requête SPARQL invalide : {err}") from err
        except RuntimeError as err:
            if "SELECT projection" in str(err):
                missing = ", ".join(f"?{k}" for k in sorted(bindings or {}))
                raise InputError(
                    f"Paramètre(s) {missing} : une variable liée doit figurer dans la projection "
                    "du SELECT (et dans son GROUP BY s'il y en a un).") from err
            raise StoreError(f"Erreur d'exécution de la requête : {err}") from err

    def select(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Identifier]]:
        """Run a SELECT; each row is a dict of variable name → rdflib term (unbound omitted).

        ``bindings`` are bound as RDF terms (never pasted into the text of the query).
        """
        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise InputError("Cette requête n'est pas un SELECT.")
        names = [v.value for v in result.variables]
        rows = []
        for sol in result:
            row = {}
            for name in names:
                value = sol[name]
                if value is not None:
                    row[name] = to_rdflib(value)
            rows.append(row)
        return rows

    def construct(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE and return an rdflib Graph."""
        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise InputError("Cette requête n'est pas un CONSTRUCT ni un DESCRIBE.")
        out = Graph()
        data = result.serialize(format=ox.RdfFormat.N_TRIPLES)
        if data:
            out.parse(data=data, format="nt")
        for prefix, ns in PREFIXES.items():
            out.bind(prefix, ns)
        return out

    def ask(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> bool:
        """Run an ASK."""
        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise InputError("Cette requête n'est pas un ASK.")
        return bool(result)

    def update(self, sparql: str) -> None:
        """Run a SPARQL UPDATE, as one transaction."""
        self._writable()
        try:
            self._ox.update(sparql, prefixes=PREFIXES)
        except SyntaxError as err:
            raise InputError(f"Mise à jour SPARQL invalide : {err}") from err
        except RuntimeError as err:
            # Oxigraph refuses the update as a whole: nothing was changed.
            raise InputError(f"La mise à jour a échoué, le magasin est inchangé : {err}") from err

    # -- dump and restore -----------------------------------------------------------------

    def dump(self, destination: str | os.PathLike | io.BufferedIOBase, format: str | None = None) -> None:
        """Write the whole dataset (every named graph) as TriG or N-Quads."""
        fmt = dump_format(destination, format)
        if isinstance(destination, (str, os.PathLike)):
            self._ox.dump(str(destination), format=_DUMP_FORMATS[fmt])
        else:
            destination.write(self._ox.dump(format=_DUMP_FORMATS[fmt]))

    def restore(self, source: str | os.PathLike, format: str | None = None) -> int:
        """Replace the whole dataset with a TriG or N-Quads dump; return the number of quads.

        The file is parsed completely before anything in the store changes, so an unreadable
        dump leaves the store as it was.
        """
        self._writable()
        quads = read_dump(source, format)
        # One update, one transaction: an interruption leaves the old dataset or the new one.
        by_graph: dict[str, list[str]] = {}
        for q in quads:
            by_graph.setdefault("" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name),
                                []).append(f"{q.subject} {q.predicate} {q.object} .")
        blocks = [("\n".join(lines) if not g else f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}")
                  for g, lines in by_graph.items()]
        self._ox.update("DROP SILENT ALL ;\nINSERT DATA {\n" + "\n".join(blocks) + "\n}")
        return len(quads)

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("Ce magasin est ouvert en lecture seule.")


def dump_format(destination: Any, format: str | None = None) -> str:
    """"trig" or "nquads": the given format, else the one a file name's extension says
    (.trig, .nq); a French :class:`InputError` for anything else."""
    if format is None and isinstance(destination, (str, os.PathLike)):
        format = _SUFFIX_FORMATS.get(Path(destination).suffix.lower())
        if format is None:
            raise InputError(f"« {destination} » : extension inconnue, attendu .trig (TriG) "
                             "ou .nq (N-Quads).")
    fmt = format or "trig"
    if fmt not in _DUMP_FORMATS:
        raise InputError(f"Format de sauvegarde inconnu : {fmt} (trig ou nquads).")
    return fmt


def read_dump(source: str | os.PathLike, format: str | None = None) -> list[ox.Quad]:
    """Every quad of a TriG or N-Quads dump, read completely before anything changes.

    Raises a French :class:`InputError` naming the file when its extension is unknown, when it
    cannot be parsed, or when it holds nothing (restoring it would empty the dataset).
    """
    path = Path(source)
    fmt = format or _SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt not in _DUMP_FORMATS:
        raise InputError(f"« {path} » : extension inconnue, attendu .trig ou .nq.")
    try:
        quads = list(ox.parse(path=str(path), format=_DUMP_FORMATS[fmt]))
    except (SyntaxError, OSError) as err:
        raise InputError(f"« {path} » : sauvegarde illisible : {err}") from err
    if not quads:
        raise InputError(f"« {path} » ne contient aucun triplet : rien n'a été remplacé. "
                         "(Pour vider un magasin, supprimez son dossier.)")
    return quads


def _looks_like_path(data: bytes | str) -> bool:
    return isinstance(data, str) and "\n" not in data and len(data) < 4096 and Path(data).suffix != ""


def _format_from_suffix(path: Path) -> str:
    return {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".owl": "xml", ".trig": "trig",
            ".nq": "nquads"}.get(path.suffix.lower(), "turtle")


def _rdf_format(name: str) -> ox.RdfFormat:
    formats = {"turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
               "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
               "xml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG,
               "nquads": ox.RdfFormat.N_QUADS}
    if name not in formats:
        raise InputError(f"Format RDF inconnu : {name}")
    return formats[name]


def open_store(path: str | os.PathLike | None = None, *, read_only: bool = False,
               endpoint: str | None = None) -> Store:
    """Open the store every command works on.

    Parameters
    ----------
    path : path, optional
        The on-disk store (default ``$PPGRAPH_STORE`` or ``./ppgraph-store``).
    read_only : bool
        Open for reading only.
    endpoint : str, optional
        URL of a SPARQL 1.1 server to use instead (default ``$PPGRAPH_ENDPOINT`` if set):
        then an :class:`ppgraph.endpoint.Endpoint`, with the same interface, is returned.

    Example
    -------
    >>> open_store(endpoint="http://127.0.0.1:7878", read_only=True)
    <Endpoint http://127.0.0.1:7878 (lecture seule)>
    """
    endpoint = endpoint or os.environ.get("PPGRAPH_ENDPOINT") or None
    if endpoint:
        from .endpoint import Endpoint  # imported here: endpoint.py builds on this module

        return Endpoint(endpoint, read_only=read_only)
    return Store(path if path is not None else default_store_path(), read_only=read_only)


def load_reference_graphs(store: Store, graphs: Iterable[tuple[URIRef, Graph]]) -> None:
    """Replace each (graph IRI, rdflib graph) pair in the store."""
    for iri, g in graphs:
        store.replace_graph(iri, g)

"""The store interface every ppgraph function works on: the ``GraphStore`` protocol.

Two classes satisfy it: :class:`ppgraph.store.Store`, the embedded Oxigraph store (on disk or
in memory), and :class:`ppgraph.store.Endpoint`, a SPARQL 1.1 server. Code typed with
``GraphStore`` runs unchanged on either, with the same promises:

* a dataset of **named graphs**; queries see their **union** as the default graph;
* ``replace_graph`` is **atomic**: the new content goes into a staging graph (under
  :data:`STAGING`), then one update moves it onto the target, so a reader sees the old
  version or the new one, never a mixture, and unreadable data changes nothing;
* ``bindings`` are bound as RDF terms through one path,
  :func:`ppgraph.store.sparql.bind_values` (a value may be a sequence of terms);
* a store opened ``read_only`` refuses every write with a :class:`~ppgraph.errors.StoreError`;
* ``restore`` replaces everything or nothing;
* ``exclusive(name)`` keeps two writers from interleaving their reads and writes of one
  submission graph: on the embedded store the on-disk store has one writer anyway; on a
  server, a lease recorded on the server itself (see :meth:`ppgraph.store.Endpoint.exclusive`).

>>> from ppgraph.store import Store
>>> isinstance(Store(), GraphStore)
True
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

from rdflib import Graph, URIRef
from rdflib.term import Identifier

from ..namespaces import GRAPHE

__all__ = ["GraphStore", "RdfData", "Bindings", "STAGING", "WRITER_WAIT", "staging_graph",
           "is_staging"]

RdfData = Graph | bytes | str | os.PathLike
"""What a graph can be given as: an rdflib Graph, RDF bytes or text, or a file path."""

Bindings = Mapping[str, Any]
"""Variable name → RDF term (or Python str/int/float/bool), or a sequence of them."""

STAGING = GRAPHE["staging/"]
"""Prefix of the staging graphs an atomic replace goes through (transient: never copied)."""

WRITER_WAIT = 120.0
"""Seconds a writer waits for another one (two submits at once) before giving up with a
clear message: a submission holds the store a few seconds."""


def staging_graph() -> URIRef:
    """A fresh staging graph IRI, unique to this call."""
    return GRAPHE[f"staging/{uuid.uuid4().hex}"]


def is_staging(graph: str | URIRef) -> bool:
    """Whether ``graph`` is a staging graph (a replace in progress, or a leftover of one).

    >>> is_staging(staging_graph()), is_staging(GRAPHE["soumission/33"])
    (True, False)
    """
    return str(graph).startswith(str(STAGING))


@runtime_checkable
class GraphStore(Protocol):
    """A dataset of named graphs queried with SPARQL (see the module documentation).

    Graph arguments are IRIs (``str`` or ``URIRef``); query results are rdflib terms.
    """

    read_only: bool
    """True if the store refuses writes."""

    @property
    def location(self) -> str | None:
        """Where the store is, as messages name it: its folder or its server's URL (None
        for a store in memory)."""
        ...

    # -- graphs ---------------------------------------------------------------------------

    def graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""
        ...

    def count(self, graph: str | URIRef | None = None) -> int:
        """Triples in one named graph, or quads in the whole dataset."""
        ...

    def graph_counts(self) -> dict[URIRef, int]:
        """Triples per named graph."""
        ...

    def get_graph(self, graph: str | URIRef) -> Graph:
        """A copy of one named graph (empty if there is no such graph)."""
        ...

    def ntriples(self, graph: str | URIRef) -> bytes:
        """One named graph as N-Triples bytes (empty if there is no such graph)."""
        ...

    def replace_graph(self, graph: str | URIRef, data: RdfData, *,
                      format: str | None = None) -> int:
        """Replace a named graph atomically; return its new number of triples."""
        ...

    def add_graph(self, graph: str | URIRef, data: RdfData, *,
                  format: str | None = None) -> None:
        """Add triples to a named graph."""
        ...

    def drop_graph(self, graph: str | URIRef) -> None:
        """Remove a named graph."""
        ...

    # -- SPARQL ---------------------------------------------------------------------------

    def select(self, sparql: str, bindings: Bindings | None = None) -> list[dict[str, Identifier]]:
        """Rows of a SELECT: variable name → term, unbound variables left out."""
        ...

    def construct(self, sparql: str, bindings: Bindings | None = None) -> Graph:
        """The graph of a CONSTRUCT or DESCRIBE."""
        ...

    def ask(self, sparql: str, bindings: Bindings | None = None) -> bool:
        """The answer of an ASK."""
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL update as one transaction."""
        ...

    def exclusive(self, name: str | URIRef) -> AbstractContextManager[None]:
        """``with store.exclusive(graph):`` — no other ppgraph writer works on ``name``
        meanwhile (it waits, or gets a clear error); what is read inside still holds when
        the update is written."""
        ...

    # -- dump and restore -----------------------------------------------------------------

    def dump(self, destination: str | os.PathLike | io.BufferedIOBase,
             format: str | None = None) -> None:
        """Write every named graph as TriG or N-Quads."""
        ...

    def restore(self, source: str | os.PathLike, format: str | None = None) -> int:
        """Replace the whole dataset with a dump (all or nothing); return the quads read."""
        ...

    # -- life cycle -----------------------------------------------------------------------

    def close(self) -> None:
        """Release the store; it is not used afterwards."""
        ...

    def __enter__(self) -> GraphStore:
        ...

    def __exit__(self, *exc: object) -> None:
        ...

"""Copying a store's named graphs to a SPARQL server in one transaction (``ppgraph push``).

>>> report = PushReport({URIRef("urn:g"): 812}, [], source="magasin", target="http://h:7878")
>>> print(report.render())
1 graphe copié de magasin vers http://h:7878 (812 triplets), en une transaction ; nombres de triplets vérifiés.
Graphe nommé  Triplets
------------  --------
urn:g              812
>>> print(report.render("en").splitlines()[0])
1 graph copied from magasin to http://h:7878 (812 triples) in one transaction; triple counts checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from rdflib import URIRef

from ..errors import InputError, StoreError
from ..i18n import DEFAULT_LANGUAGE, Message, catalogue, number
from ..text import text_table
from .protocol import GraphStore, is_staging
from .server import Endpoint

__all__ = ["PushReport", "push_store", "graphs_to_push"]


@dataclass
class PushReport:
    """What :func:`push_store` copied: triples per graph, and graphs dropped on the server.

    Attributes
    ----------
    graphs : dict
        Graph IRI → number of triples copied (and found on the server afterwards).
    dropped : list
        Graphs dropped from the server (``mirror``).
    source : str or None
        Where they were copied from (a folder; None: a store in memory).
    target : str
        The server's URL (without credentials).
    """

    graphs: dict[URIRef, int]
    dropped: list[URIRef]
    source: str | None = None
    target: str = ""

    @property
    def triples(self) -> int:
        """Triples copied, over all graphs."""
        return sum(self.graphs.values())

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The report as ``ppgraph push`` prints it: one sentence, the table of graphs and,
        with ``mirror``, the graphs dropped."""
        cat = catalogue(lang)
        source = self.source if self.source is not None else Message("store.en_memoire")
        lines = [cat.plural("store.push_copie", len(self.graphs), source=source,
                            serveur=self.target,
                            triplets=Message("commun.triplets", n=self.triples))]
        lines.append(text_table([cat("store.push_colonne_graphe"),
                                 cat("store.push_colonne_triplets")],
                                [[str(g), number(n, lang)] for g, n in sorted(self.graphs.items())],
                                right={1}))
        if self.dropped:
            lines.append(cat("store.push_supprimes", graphes=", ".join(map(str, self.dropped))))
        return "\n".join(lines)


def graphs_to_push(store: GraphStore, graphs: Iterable[str | URIRef] | None = None) -> list[URIRef]:
    """The graphs :func:`push_store` copies: ``graphs`` (checked to be in ``store``), or by
    default every named graph of the store but staging leftovers, sorted.

    Raises
    ------
    InputError
        If a requested graph is not in the store.
    """
    return _chosen(store.graph_counts(), graphs)


def _chosen(local: Mapping[URIRef, int], graphs: Iterable[str | URIRef] | None) -> list[URIRef]:
    if graphs is None:
        return [g for g in sorted(local) if not is_staging(g)]
    chosen = [URIRef(str(g)) for g in graphs]
    missing = [str(g) for g in chosen if g not in local]
    if missing:
        raise InputError("store.graphes_absents", n=len(missing), graphes=", ".join(missing))
    return chosen


def push_store(store: GraphStore, endpoint: Endpoint, *,
               graphs: Iterable[str | URIRef] | None = None, mirror: bool = False,
               progress: Callable[[URIRef], None] | None = None) -> PushReport:
    """Copy named graphs of a store to a SPARQL server, in one transaction.

    Each graph is sent to a staging graph on the server, then one update replaces the
    server's graphs of the same names (and, with ``mirror``, drops every other graph), so
    the server's readers see the old data or the new data, never half of it; if anything
    fails on the way, the staging graphs are dropped and the server is unchanged
    (:meth:`Endpoint.replace_graphs`). Afterwards the number of triples of each graph on the
    server is checked against the store's.

    Parameters
    ----------
    store : GraphStore
        The store to copy from (usually the embedded :class:`~ppgraph.store.Store`).
    endpoint : Endpoint
        The server to copy to.
    graphs : iterable of IRIs, optional
        Only these graphs (default: every named graph of the store but staging leftovers).
    mirror : bool
        Also drop the server's graphs that the store does not have.
    progress : callable, optional
        Called with each graph's IRI once it is uploaded.

    Returns
    -------
    PushReport

    Raises
    ------
    InputError
        If a requested graph is not in the store.
    StoreError
        If the server is unreachable, refuses, or does not hold the same counts afterwards.

    Example
    -------
    >>> from ppgraph.store import Store
    >>> with Store("ppgraph-demo/store", read_only=True) as store:   # doctest: +SKIP
    ...     report = push_store(store, Endpoint("http://127.0.0.1:7878"))
    >>> report.triples                                                  # doctest: +SKIP
    96745
    """
    local = store.graph_counts()
    chosen = _chosen(local, graphs)
    before = set(endpoint.graphs()) if mirror else set()
    payloads = {g: store.ntriples(g) for g in chosen}
    endpoint.replace_graphs(payloads, drop_others=mirror, progress=progress)
    remote = endpoint.graph_counts()
    wrong = [Message("store.push_ecart", graphe=str(g), local=local[g], serveur=remote.get(g, 0))
             for g in chosen if remote.get(g, 0) != local[g]]
    if wrong:
        raise StoreError("store.push_incomplet", ecarts=_Joined(wrong))
    return PushReport(graphs={g: local[g] for g in chosen},
                      dropped=sorted(g for g in before - set(chosen) if not is_staging(g)),
                      source=store.location, target=endpoint.url)


class _Joined(Message):
    """Messages joined by « ; », rendered in the reader's language (an error parameter)."""

    __slots__ = ("messages",)

    def __init__(self, messages: list[Message]):
        super().__init__("store.push_ecart")
        self.messages = messages

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return "; ".join(m.render(lang) for m in self.messages)

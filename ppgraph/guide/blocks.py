"""The blocks of the guide du porteur de projet: their identifiers, in reading order.

Every guide has the same blocks, whatever the territory: the common part written from the
référentiel (``introduction``, ``niveaux``, ``types-porteur``, ``etapes``, one
``etape-<code>`` per step of the project, ``notions``) and the territorial part computed from
the graph (``guichets``, one ``etape-<code>-ici`` per step — who does what here —,
``contacts``, ``outils``). A territory replaces a block or adds one after it by naming its
identifier (``pp:remplaceBloc``, ``pp:apresBloc``): these identifiers are its interface, and
``ppgraph guide --blocs`` lists them.

>>> ids = block_ids()
>>> ids[:4], "etape-financement" in ids, "etape-financement-ici" in ids, ids[-1]
(['introduction', 'niveaux', 'types-porteur', 'guichets'], True, True, 'notions')
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ..namespaces import PP, REF
from ..resources import referentiel_graph

__all__ = ["block_ids", "etape_block", "etape_here_block", "ordered_etapes", "BEFORE_ETAPES",
           "AFTER_ETAPES"]

BEFORE_ETAPES = ("introduction", "niveaux", "types-porteur", "guichets", "etapes")
"""The blocks before the steps of the project: what the guide is, how far each structure
goes, the kinds of project holder, where to start (the guichet unique), the steps."""
AFTER_ETAPES = ("contacts", "outils", "notions")
"""The blocks after the steps: contacts, local tools, the words of the network."""


def etape_block(notation: str) -> str:
    """Identifier of the common block of a step (what it involves).

    >>> etape_block("financement")
    'etape-financement'
    """
    return f"etape-{notation}"


def etape_here_block(notation: str) -> str:
    """Identifier of the territorial block of a step (who does what here).

    >>> etape_here_block("financement")
    'etape-financement-ici'
    """
    return f"etape-{notation}-ici"


def ordered_etapes(graph: Graph | None = None) -> list[tuple[URIRef, str, int]]:
    """The steps of the project (scheme ``ref:etape``) in reading order, as (IRI, notation,
    depth): a top step (depth 0) followed by its sub-steps (depth 1...), by ``pp:rang``."""
    g = graph if graph is not None else referentiel_graph()
    scheme = REF["etape"]
    members = {c for c in g.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)}

    def rank(c: URIRef) -> tuple:
        r = g.value(c, PP.rang)
        return (float(r) if isinstance(r, Literal) else float("inf"), str(c))

    children: dict[URIRef | None, list[URIRef]] = {}
    for c in members:
        parents = [p for p in g.objects(c, SKOS.broader) if p in members]
        children.setdefault(min(parents, key=rank) if parents else None, []).append(c)
    out: list[tuple[URIRef, str, int]] = []

    def walk(parent: URIRef | None, depth: int) -> None:
        for c in sorted(children.get(parent, []), key=rank):
            notation = g.value(c, SKOS.notation)
            out.append((c, str(notation) if notation is not None else str(c).rsplit("/", 1)[-1],
                        depth))
            walk(c, depth + 1)

    walk(None, 0)
    return out


def block_ids(etapes: Iterable[str] | None = None) -> list[str]:
    """Every block identifier of a guide, in reading order.

    Parameters
    ----------
    etapes : iterable of str, optional
        Notations of the steps, in reading order (default: those of the référentiel).
    """
    notations = list(etapes) if etapes is not None else [n for _, n, _ in ordered_etapes()]
    out = list(BEFORE_ETAPES)
    for n in notations:
        out += [etape_block(n), etape_here_block(n)]
    return out + list(AFTER_ETAPES)

"""Parts of the actor network: a département, the neighbourhood of a structure, the view asked for.

Each selection returns a new graph and leaves the one it is given unchanged.

>>> from ppgraph.network import example_network
>>> sorted(departement_subgraph(example_network(), "23"))
['adt-19', 'cci-23', 'ot-gueret']
"""

from __future__ import annotations

import networkx as nx

from ..errors import InputError
from ..i18n import Message
from ..text import fold, suggest
from .projection import MEMBERSHIP_LINKS

__all__ = ["find_structure", "departement_subgraph", "structure_neighbourhood", "select",
           "check_selection"]


def choices(names: list[str]) -> Message:
    """Up to three names, quoted and listed as the reader's language writes them.

    >>> choices(["Gironde", "Landes"]).render("fr"), choices(["Gironde"]).render("en")
    ('« Gironde » ; « Landes »', '“Gironde”')
    """
    keys = ("un", "deux", "trois")
    return Message(f"network.choix.{keys[len(names) - 1]}", **dict(zip("abc", names)))


def _local(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def find_structure(G: nx.MultiDiGraph, ident: str) -> str:
    """The structure node named by ``ident``: its IRI, the end of its IRI (``33-OT-004``) or
    its exact label (case and accents aside).

    Raises
    ------
    InputError
        If no structure matches (the message suggests close names), or several labels do.

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> find_structure(example_network(), "ot fictif de gueret")
    'ot-gueret'
    """
    wanted = ident.strip()
    structures = {n: d for n, d in G.nodes(data=True) if d.get("kind") == "structure"}
    if wanted in structures:
        return wanted
    by_key = [n for n in structures if _local(str(n)) == wanted]
    if len(by_key) == 1:
        return by_key[0]
    by_label = [n for n, d in structures.items() if fold(d.get("label", "")) == fold(wanted)]
    if len(by_label) == 1:
        return by_label[0]
    if len(by_label) > 1:
        raise InputError("network.erreurs.structure_homonymes", nom=ident,
                         identifiants=", ".join(sorted(_local(str(n)) for n in by_label)))
    close = suggest(wanted, sorted({d.get("label", "") for d in structures.values()}), n=3)
    if close:
        raise InputError("network.erreurs.structure_absente_suggestion", nom=ident,
                         choix=choices(close))
    raise InputError("network.erreurs.structure_absente", nom=ident)


def departement_subgraph(G: nx.MultiDiGraph, code: str, *,
                         neighbours: bool = True) -> nx.MultiDiGraph:
    """The part of the network that belongs to a département: its structures, territories
    and projects, and (``neighbours=True``) every node they are directly linked to, marked
    ``external=True`` (the structures of other départements they orient to or receive from,
    the regional network, the working group...). The members of a network that has its seat
    in the département are not brought in (they are the whole region's offices).

    Returns a new graph; ``G`` is not changed.

    Raises
    ------
    InputError
        If no node belongs to that département.

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> H = departement_subgraph(example_network(), "23")
    >>> sorted(H), H.nodes["adt-19"]["external"]
    (['adt-19', 'cci-23', 'ot-gueret'], True)
    """
    code = str(code).strip()
    # A structure shared by several départements (an ADT of two) belongs to each of them.
    inside = {n for n, d in G.nodes(data=True)
              if d.get("departement") == code or code in str(d.get("departements", "")).split(";")}
    if not inside:
        present = sorted({d.get("departement") for _, d in G.nodes(data=True)
                          if d.get("kind") == "structure" and d.get("departement")},
                         key=lambda c: (len(c), c))
        raise InputError("network.erreurs.departement_absent", code=code,
                         presents=", ".join(present) or Message("network.aucun"))
    nodes = set(inside)
    if neighbours:
        for n in inside:
            nodes.update(G.successors(n))
            # The members of a network or group based in the département come from the whole
            # region: they are not this département's neighbours.
            nodes.update(m for m, _, k in G.in_edges(n, keys=True) if k not in MEMBERSHIP_LINKS)
    H = G.subgraph(nodes).copy()
    if neighbours:  # links between two outside nodes are not this département's business
        H.remove_edges_from([(u, v, k) for u, v, k in H.edges(keys=True)
                             if u not in inside and v not in inside])
    for n in nodes - inside:
        H.nodes[n]["external"] = True
    H.graph["departement"] = code
    return H


def structure_neighbourhood(G: nx.MultiDiGraph, structure: str, depth: int = 1) -> nx.MultiDiGraph:
    """The nodes at most ``depth`` links away from a structure (following links in either
    direction, but not from a network or working group back to all its members unless it is
    the structure asked for), and the links between them. Returns a new graph; ``G`` is not
    changed.

    Raises
    ------
    InputError
        If ``depth`` is negative or the structure is unknown (see :func:`find_structure`).

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> sorted(structure_neighbourhood(example_network(), "cci-23", depth=1))
    ['adt-19', 'cci-23', 'ot-gueret']
    """
    if depth < 0:
        raise InputError("network.erreurs.profondeur_negative", profondeur=depth)
    node = find_structure(G, structure)
    reached = {node}
    frontier = [node]
    for _ in range(depth):
        following = []
        for n in frontier:
            # Links are followed both ways, except from a network (or group) back to all its
            # members: around an office, the regional network is one neighbour, not a door
            # to every office of the region. Around the network itself, its members show.
            near = list(G.successors(n))
            near += [m for m, _, k in G.in_edges(n, keys=True) if n == node or k not in MEMBERSHIP_LINKS]
            for m in near:
                if m not in reached:
                    reached.add(m)
                    following.append(m)
        frontier = following
    H = G.subgraph(reached).copy()
    H.graph["centre"] = node
    H.graph["depth"] = depth
    return H




def check_selection(*, departement: str | None = None, structure: str | None = None,
                    depth: int | None = None) -> None:
    """Check the options of :func:`select` before any graph is read.

    Raises
    ------
    InputError
        If both a département and a structure are given, or a depth without a structure.
    """
    if departement and structure:
        raise InputError("network.erreurs.vue_exclusive")
    if depth is not None and not structure:
        raise InputError("network.erreurs.profondeur_sans_structure")


def select(G: nx.MultiDiGraph, *, departement: str | None = None,
              structure: str | None = None, depth: int | None = None) -> nx.MultiDiGraph:
    """The part of ``G`` a view or an export asks for: a département
    (:func:`departement_subgraph`), the neighbourhood of a structure at ``depth`` links
    (:func:`structure_neighbourhood`, default 1), or the whole network.

    Raises
    ------
    InputError
        If both a département and a structure are given, or a depth without a structure.

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> sorted(select(example_network(), structure="cci-23"))
    ['adt-19', 'cci-23', 'ot-gueret']
    >>> select(example_network(), depth=2)
    Traceback (most recent call last):
    ...
    ppgraph.errors.InputError: --depth ne s'emploie qu'avec --structure.
    """
    check_selection(departement=departement, structure=structure, depth=depth)
    if departement:
        return departement_subgraph(G, departement)
    if structure:
        return structure_neighbourhood(G, structure, 1 if depth is None else depth)
    return G

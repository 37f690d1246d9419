"""Analysis of the actor network: hubs, brokers, isolated structures, components, départements.

The functions follow NetworkX's style: a graph in, plain data out. They work on any graph
with the attributes of :data:`ppgraph.network.NODE_ATTRIBUTES`, such as one built by hand
with :func:`ppgraph.network.add_structure`.

>>> from ppgraph.network import example_network
>>> G = example_network()
>>> [h["label"] for h in hubs(G, top=2)]
['ADT fictive', 'CCI fictive']
>>> [s["label"] for s in isolated_structures(G)]
['OT fictif isolé']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

from ..errors import InputError
from .projection import LINK_KINDS, NODE_KINDS, SUPPORT_LINKS
from .selection import departement_subgraph

__all__ = ["support_graph", "hubs", "brokers", "isolated_structures", "referrals_without_offer",
           "components", "departement_summary", "network_statistics", "degree_weights"]

_LARGE = 2000  # above this many structures, betweenness is estimated from a sample


def support_graph(G: nx.MultiDiGraph, links: Iterable[str] = SUPPORT_LINKS) -> nx.Graph:
    """The structures and the links of the given kinds between them, as a simple undirected
    graph whose edge ``weight`` sums the weights of the links of those kinds (both
    directions). Every structure is a node, linked or not.

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> S = support_graph(example_network())
    >>> S.number_of_nodes(), S["adt-19"]["ot-brive"]["weight"]
    (6, 5)
    """
    wanted = set(links)
    unknown = wanted - set(LINK_KINDS)
    if unknown:
        raise InputError("network.erreurs.liens_inconnus", types=", ".join(sorted(unknown)),
                         possibles=", ".join(LINK_KINDS), n=len(unknown))
    S = nx.Graph()
    S.add_nodes_from(n for n, k in G.nodes(data="kind") if k == "structure")
    for u, v, k, w in G.edges(keys=True, data="weight"):
        if k in wanted and u in S and v in S and u != v:
            if S.has_edge(u, v):
                S[u][v]["weight"] += w
            else:
                S.add_edge(u, v, weight=w)
    return S


def _row(G: nx.MultiDiGraph, n: str, **extra: Any) -> dict:
    d = G.nodes[n]
    return {"node": n, "label": d.get("label", ""), "departement": d.get("departement", ""),
            "type": d.get("type_label", ""), **extra}


def _in_departement(G: nx.MultiDiGraph, n: str, departement: str | None) -> bool:
    return departement is None or G.nodes[n].get("departement") == departement


def hubs(G: nx.MultiDiGraph, top: int | None = 10, *, by: str = "degree",
         links: Iterable[str] = SUPPORT_LINKS, departement: str | None = None) -> list[dict]:
    """The structures at the centre of the support network.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An actor graph.
    top : int or None
        How many to return (None: all linked structures).
    by : "degree" or "betweenness"
        Rank by degree centrality (how many structures it is linked to; ties broken by the
        weighted degree, i.e. the number of orientations...) or by betweenness centrality
        (how often it lies on the shortest path between two structures: a go-between).
    links : kinds of link
        Default :data:`SUPPORT_LINKS`.
    departement : str, optional
        Only rank the structures of this département (centralities are still computed on
        the whole graph).

    Returns
    -------
    list of dict
        ``node``, ``label``, ``departement``, ``type``, ``degree`` (number of structures it
        is linked to), ``weighted_degree``, ``degree_centrality``, ``betweenness``; structures
        with no link are left out.

    Notes
    -----
    Betweenness is exact up to 2,000 structures, estimated from 500 sampled sources (with a
    fixed seed, so repeatable) beyond.

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> top = hubs(example_network(), 2, by="betweenness")
    >>> [(h["label"], h["degree"], round(h["betweenness"], 2)) for h in top]
    [('ADT fictive', 3, 0.5), ('CCI fictive', 2, 0.3)]
    """
    if by not in ("degree", "betweenness"):
        raise InputError("network.erreurs.classement_inconnu", classement=by)
    S = support_graph(G, links)
    if S.number_of_nodes() == 0:
        return []
    centrality = nx.degree_centrality(S)
    k = 500 if S.number_of_nodes() > _LARGE else None
    between = nx.betweenness_centrality(S, k=k, seed=0 if k else None)
    rows = []
    for n in S:
        if S.degree(n) == 0 or not _in_departement(G, n, departement):
            continue
        rows.append(_row(G, n, degree=S.degree(n), weighted_degree=int(S.degree(n, weight="weight")),
                         degree_centrality=centrality[n], betweenness=between[n]))
    if by == "degree":
        rows.sort(key=lambda r: (-r["degree"], -r["weighted_degree"], -r["betweenness"],
                                 r["label"], r["node"]))
    else:
        rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["label"], r["node"]))
    return rows if top is None else rows[:top]


def brokers(G: nx.MultiDiGraph, *, links: Iterable[str] = SUPPORT_LINKS,
            departement: str | None = None) -> list[dict]:
    """Structures linked to structures of other départements: who carries project holders
    (or partnerships) across a département's border.

    Returns
    -------
    list of dict
        ``node``, ``label``, ``departement``, ``type``, ``other_departements`` (sorted codes
        of the other départements it is linked to), ``weight`` (total weight of those
        links), most départements first, then heaviest.

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> [(b["label"], b["other_departements"], b["weight"]) for b in brokers(example_network())]
    [('ADT fictive', ['23'], 1), ('CCI fictive', ['19'], 1)]
    """
    S = support_graph(G, links)
    rows = []
    for n in S:
        if not _in_departement(G, n, departement):
            continue
        own = G.nodes[n].get("departement", "")
        others: set[str] = set()
        weight = 0
        for m, data in S[n].items():
            theirs = G.nodes[m].get("departement", "")
            if own and theirs and theirs != own:
                others.add(theirs)
                weight += data["weight"]
        if others:
            rows.append(_row(G, n, other_departements=sorted(others, key=lambda c: (len(c), c)),
                             weight=int(weight)))
    rows.sort(key=lambda r: (-len(r["other_departements"]), -r["weight"], r["label"], r["node"]))
    return rows


def isolated_structures(G: nx.MultiDiGraph, *, links: Iterable[str] = SUPPORT_LINKS,
                        departement: str | None = None) -> list[dict]:
    """Structures with no link of the given kinds: they orient nobody, receive nobody and
    declare no partnership or parent structure.

    Returns
    -------
    list of dict
        ``node``, ``label``, ``departement``, ``type``, ``niveau`` (label of the declared
        level), sorted by département then name.

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> [s["node"] for s in isolated_structures(example_network())]
    ['ot-seul']
    """
    S = support_graph(G, links)
    rows = [_row(G, n, niveau=G.nodes[n].get("niveau_label", "")) for n in S
            if S.degree(n) == 0 and _in_departement(G, n, departement)]
    rows.sort(key=lambda r: (len(r["departement"]), r["departement"], r["label"], r["node"]))
    return rows


def referrals_without_offer(G: nx.MultiDiGraph, *, floor: int | None = None,
                            departement: str | None = None) -> list[dict]:
    """Structures that receive orientations but offer nothing beyond the lowest level of
    support (*aucun*): project holders are sent to a structure that does not support them.

    Parameters
    ----------
    floor : int, optional
        Rank (``pp:rang``) of the lowest level; default ``G.graph["niveau_floor"]`` (0). A
        structure qualifies when none of its offers, nor its declared level, ranks above it.
        Structures that no submission describes (``described=False``) are left out: nothing
        is known of what they offer.

    Returns
    -------
    list of dict
        ``node``, ``label``, ``departement``, ``type``, ``referrals_received``, ``niveau``
        (declared level), most orientations first.

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> [(s["label"], s["referrals_received"]) for s in referrals_without_offer(example_network())]
    [('OT fictif de Guéret', 3)]
    """
    floor = G.graph.get("niveau_floor", 0) if floor is None else floor
    received: Counter = Counter()
    for u, v, k, w in G.edges(keys=True, data="weight"):
        if k == "oriente":
            received[v] += w
    rows = []
    for n, count in received.items():
        d = G.nodes[n]
        if d.get("kind") != "structure" or not d.get("described", True) \
                or not _in_departement(G, n, departement):
            continue
        # A structure with no level at all (a bank, the Région: its type does not accompany)
        # that offers services (funding...) is a partner to send holders to, not a gap.
        if not d.get("niveau") and d.get("services"):
            continue
        if max(d.get("offer_rank_max", -1), d.get("niveau_rank", -1)) <= floor:
            rows.append(_row(G, n, referrals_received=int(count), niveau=d.get("niveau_label", "")))
    rows.sort(key=lambda r: (-r["referrals_received"], r["label"], r["node"]))
    return rows


def components(G: nx.MultiDiGraph, *, links: Iterable[str] = SUPPORT_LINKS) -> list[dict]:
    """The connected components of the support network (structures only), largest first.

    Returns
    -------
    list of dict
        ``size``, ``nodes`` (sorted), ``departements`` (sorted codes present in it).
        Isolated structures are components of size 1.

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> [(c["size"], c["departements"]) for c in components(example_network())]
    [(5, ['19', '23']), (1, ['19'])]
    """
    S = support_graph(G, links)
    out = []
    for comp in nx.connected_components(S):
        deps = sorted({G.nodes[n].get("departement", "") for n in comp} - {""},
                      key=lambda c: (len(c), c))
        out.append({"size": len(comp), "nodes": sorted(comp, key=str), "departements": deps})
    out.sort(key=lambda c: (-c["size"], c["nodes"]))
    return out


def departement_summary(G: nx.MultiDiGraph, *,
                        links: Iterable[str] = SUPPORT_LINKS) -> dict[str, dict]:
    """Figures per département: how its structures support project holders.

    Returns
    -------
    dict
        Département code → ``label``, ``structures``, ``niveaux`` (declared level label →
        number of structures, in rank order, ``""`` for unknown), ``entry_points``
        (structures declaring a level above the lowest), ``top_level`` (structures at the
        highest level), ``referrals_internal``, ``referrals_out`` (to other départements),
        ``referrals_in`` (from other départements), ``partnerships``, ``isolated``, ``hub``
        (label of its structure with the most weighted links, "" if none).

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> s = departement_summary(example_network())
    >>> s["19"]["referrals_internal"], s["19"]["referrals_out"], s["23"]["isolated"]
    (7, 1, 0)
    """
    floor = G.graph.get("niveau_floor", 0)
    top_rank = G.graph.get("niveau_top", max((d.get("niveau_rank", -1) for _, d in G.nodes(data=True)),
                                               default=-1))
    S = support_graph(G, links)
    labels = dict(G.graph.get("departements", {}))
    out: dict[str, dict] = {}

    def entry(code: str) -> dict:
        if code not in out:
            out[code] = {"label": labels.get(code, ""), "structures": 0, "niveaux": Counter(),
                         "entry_points": 0, "top_level": 0, "referrals_internal": 0,
                         "referrals_out": 0, "referrals_in": 0, "partnerships": 0,
                         "isolated": 0, "hub": ""}
        return out[code]

    best: dict[str, tuple] = {}

    for n, d in G.nodes(data=True):
        if d.get("kind") != "structure" or not d.get("departement"):
            continue
        e = entry(d["departement"])
        e["label"] = e["label"] or d.get("departement_label", "")
        e["structures"] += 1
        e["niveaux"][(d.get("niveau_rank", -1), d.get("niveau_label", ""))] += 1
        e["entry_points"] += d.get("niveau_rank", -1) > floor
        e["top_level"] += d.get("niveau_rank", -1) == top_rank and top_rank > floor
        e["isolated"] += S.degree(n) == 0
        weight = S.degree(n, weight="weight")
        candidate = (-weight, d.get("label", ""), str(n))
        if weight and candidate < best.get(d["departement"], (0,)):
            best[d["departement"]] = candidate
            e["hub"] = d.get("label", "")
    for u, v, k, w in G.edges(keys=True, data="weight"):
        du, dv = G.nodes[u].get("departement", ""), G.nodes[v].get("departement", "")
        if G.nodes[u].get("kind") != "structure" or G.nodes[v].get("kind") != "structure":
            continue
        if k == "oriente":
            if du and du == dv:
                entry(du)["referrals_internal"] += w
            else:
                if du:
                    entry(du)["referrals_out"] += w
                if dv:
                    entry(dv)["referrals_in"] += w
        elif k == "partenaire":
            for code in {du, dv} - {""}:
                entry(code)["partnerships"] += 1
    for e in out.values():
        e["niveaux"] = {label: n for (rank, label), n in sorted(e["niveaux"].items(),
                                                               key=lambda kv: (kv[0][0] < 0, kv[0]))}
        e["entry_points"] = int(e["entry_points"])
        e["top_level"] = int(e["top_level"])
        e["isolated"] = int(e["isolated"])
    return dict(sorted(out.items(), key=lambda kv: (len(kv[0]), kv[0])))


def network_statistics(G: nx.MultiDiGraph, *, departement: str | None = None, top: int = 10,
                       links: Iterable[str] = SUPPORT_LINKS) -> dict:
    """Everything ``ppgraph network stats`` reports, as plain data (JSON-ready).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An actor graph (:func:`actor_graph`).
    departement : str, optional
        Restrict the lists to this département's structures (centralities are computed on
        the whole network) and the summary to its row.
    top : int
        Number of hubs listed.
    links : kinds of link
        The links the analysis follows (default :data:`SUPPORT_LINKS`).

    Returns
    -------
    dict
        ``nodes`` (kind → number), ``links`` (kind → ``count`` and ``weight``), ``links_used``,
        ``hubs_degree``, ``hubs_betweenness``, ``brokers``, ``isolated``,
        ``referrals_without_offer``, ``components`` (``count``, ``sizes``: ``size`` and
        ``count`` of components, largest first, ``largest``: départements of the largest),
        ``departements``
        (:func:`departement_summary`).

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> stats = network_statistics(example_network())
    >>> stats["nodes"], stats["links"]["oriente"]
    ({'structure': 6}, {'count': 4, 'weight': 11})
    """
    links = tuple(links)
    if departement is not None and departement not in {d.get("departement") for _, d in G.nodes(data=True)}:
        departement_subgraph(G, departement)  # raises the message naming the départements
    nodes = Counter(d.get("kind", "") for _, d in G.nodes(data=True))
    kinds: dict[str, dict[str, int]] = {}
    for _, _, k, w in G.edges(keys=True, data="weight"):
        e = kinds.setdefault(k, {"count": 0, "weight": 0})
        e["count"] += 1
        e["weight"] += int(w)
    comps = components(G, links=links)
    if departement is not None:
        comps = [c for c in comps if departement in c["departements"]]
    summary = departement_summary(G, links=links)
    if departement is not None:
        summary = {departement: summary[departement]} if departement in summary else {}
    return {
        "departement": departement,
        "nodes": {k: nodes[k] for k in NODE_KINDS if nodes[k]},
        "links": {k: kinds[k] for k in LINK_KINDS if k in kinds},
        "links_used": list(links),
        "hubs_degree": hubs(G, top, by="degree", links=links, departement=departement),
        "hubs_betweenness": hubs(G, top, by="betweenness", links=links, departement=departement),
        "brokers": brokers(G, links=links, departement=departement),
        "isolated": isolated_structures(G, links=links, departement=departement),
        "referrals_without_offer": referrals_without_offer(G, departement=departement),
        "components": {
            "count": len(comps),
            "sizes": [{"size": size, "count": n}
                      for size, n in sorted(Counter(c["size"] for c in comps).items(), reverse=True)],
            "largest": comps[0]["departements"] if comps else [],
        },
        "departements": summary,
    }


def degree_weights(G: nx.MultiDiGraph, links: Iterable[str] = SUPPORT_LINKS) -> dict[str, int]:
    """Weighted degree of every node over links of the given kinds (used to size the
    nodes of a view; linear in the size of the graph).

    >>> from ppgraph.network import example_network
    >>> degree_weights(example_network())["adt-19"]
    8
    """
    wanted = set(links)
    out = dict.fromkeys(G, 0)
    for u, v, k, w in G.edges(keys=True, data="weight"):
        if k in wanted:
            out[u] += w
            out[v] += w
    return out

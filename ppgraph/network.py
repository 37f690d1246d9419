"""The actor network: a projection of the graph to NetworkX, and its analysis.

:func:`actor_graph` reads the store with a few SPARQL queries (``ppgraph/queries/reseau-*.rq``)
and returns a :class:`networkx.MultiDiGraph` whose nodes are **structures**, the
**territories** they cover or serve, the **working groups** and, only when asked, anonymised
**projects**; its edges say what links them (the edge key is the kind of link):

============== ==================================================== ======================
kind           meaning                                              weight
============== ==================================================== ======================
oriente        structure → structure it orients project holders to  number of orientations
partenaire     declared partnership (symmetric, stored once)        1
rattachee      structure → parent structure (pp:rattacheeA),        1
               working group → group it is a sub-group of
membre_reseau  structure → network it belongs to (pp:membreDuReseau) 1
membre_groupe  structure → working group one of its officers joined number of officers
anime          structure → working group it convenes                1
couvre         structure → territory it covers                      1
dessert        structure → territory one of its offers serves       1
accompagne     structure → project it supports (projects only)      number of engagements
============== ==================================================== ======================

Every node carries the same attributes (:data:`NODE_ATTRIBUTES`: no ``None``, no nested
value, so that GraphML and GEXF exports open in Gephi and Cytoscape). Nothing personal is
read unless ``include_personal=True``: officers appear only through their structure, and a
project only through its type, step and département.

The analysis functions follow NetworkX's style: a graph in, plain data out. They work on any
graph with these attributes, such as one built by hand with :func:`add_structure`.

Example
-------
>>> G = example_network()
>>> [h["label"] for h in hubs(G, top=2)]
['ADT fictive', 'CCI fictive']
>>> [s["label"] for s in isolated_structures(G)]
['OT fictif isolé']
"""

from __future__ import annotations

import difflib
import io
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Literal

from .errors import InputError
from .namespaces import PP
from .reference import personal_properties
from .resources import query_text
from .store import Store

__all__ = [
    "NODE_ATTRIBUTES", "LINK_KINDS", "SUPPORT_LINKS", "NODE_KINDS", "link_label",
    "actor_graph", "add_structure", "add_node", "example_network",
    "support_graph", "hubs", "brokers", "isolated_structures", "referrals_without_offer",
    "components", "departement_summary", "network_statistics",
    "departement_subgraph", "structure_neighbourhood", "find_structure", "degree_weights",
    "EXPORT_FORMATS", "export_format", "exportable_graph", "cytoscape_json", "write_network",
]

NODE_KINDS = ("structure", "territoire", "groupe", "projet")
"""The kinds of node of the actor graph (attribute ``kind``)."""

LINK_KINDS = ("oriente", "partenaire", "rattachee", "membre_reseau", "membre_groupe", "anime",
              "couvre", "dessert", "accompagne")
"""The kinds of link of the actor graph (edge key and attribute ``kind``)."""

SUPPORT_LINKS = ("oriente", "partenaire", "rattachee")
"""Links between structures through which project holders are supported: the analysis
default. Membership of the regional network or of the working group is left out, since it
would make the network's head the centre of everything."""

NODE_ATTRIBUTES: dict[str, Any] = {
    "kind": "",                 # structure, territoire, groupe, projet
    "label": "",
    "iri": "",                  # empty for projects (anonymised)
    "type": "",                 # IRI of the structure type / territory class / project type
    "type_label": "",
    "family": "",               # broadest concept of the structure type (colour of the views)
    "family_label": "",
    "niveau": "",               # declared level of support (IRI of a ref:niveau concept)
    "niveau_label": "",
    "niveau_rank": -1,          # pp:rang of that level, -1 if unknown
    "offer_rank_max": -1,       # highest pp:rang of the structure's service offers, -1 if none
    "services": "",             # labels of the services offered, "; "-separated
    "departement": "",          # INSEE code, "" for regional things
    "departement_label": "",
    "commune": "",              # head office of a structure
    "etape": "",                # step of a project (label)
    "email": "",                # public e-mail of a structure
    "telephone": "",            # public telephone of a structure
    "website": "",
    "referrals_received": 0,    # orientations received, in the whole graph
    "referrals_sent": 0,
    "described": True,          # False: only known as the end of a link
    "external": False,          # set on the copies made by departement_subgraph
    "personal": "",             # personal details, only with include_personal=True
}
"""Every node's attributes and their default values (and so their types)."""

_LINK_LABELS = {
    "fr": {"oriente": "oriente vers", "partenaire": "partenaire de",
           "rattachee": "fait partie de", "membre_reseau": "membre du réseau",
           "membre_groupe": "membre du groupe de travail", "anime": "anime",
           "couvre": "couvre", "dessert": "dessert", "accompagne": "accompagne"},
    "en": {"oriente": "refers to", "partenaire": "partner of", "rattachee": "part of",
           "membre_reseau": "member of network", "membre_groupe": "member of working group",
           "anime": "convenes", "couvre": "covers", "dessert": "serves",
           "accompagne": "supports"},
}
_WORDS = {
    "fr": {"projet": "Projet {n}", "regional": "Échelle régionale", "unknown": "non décrite"},
    "en": {"projet": "Project {n}", "regional": "Regional level", "unknown": "not described"},
}
_STRUCTURE_RELATIONS = {str(PP.rattacheeA): "rattachee", str(PP.membreDuReseau): "membre_reseau",
                        str(PP.partenaireDe): "partenaire"}
_TERRITORY_RELATIONS = {str(PP.territoireCouvert): "couvre", str(PP.territoireDesservi): "dessert"}
_MEMBERSHIP = frozenset({"membre_reseau", "membre_groupe"})
_LARGE = 2000  # above this many structures, betweenness is estimated from a sample


def link_label(kind: str, lang: str = "fr") -> str:
    """The reader's words for a kind of link.

    >>> link_label("oriente"), link_label("oriente", "en")
    ('oriente vers', 'refers to')
    """
    return _LINK_LABELS.get(lang, _LINK_LABELS["fr"]).get(kind, kind)


# -- building graphs ---------------------------------------------------------------------------

def add_node(G: nx.MultiDiGraph, node: str, **attrs: Any) -> None:
    """Add ``node`` to ``G`` with every attribute of :data:`NODE_ATTRIBUTES` (defaults for
    those not given).

    Raises
    ------
    ValueError
        If an attribute is not one of :data:`NODE_ATTRIBUTES` or is ``None``.
    """
    unknown = set(attrs) - set(NODE_ATTRIBUTES)
    if unknown:
        raise ValueError(f"attribut(s) de nœud inconnu(s) : {', '.join(sorted(unknown))}")
    data = dict(NODE_ATTRIBUTES)
    for key, value in attrs.items():
        if value is None:
            raise ValueError(f"l'attribut {key} ne peut pas valoir None")
        data[key] = value
    G.add_node(node, **data)


def add_structure(G: nx.MultiDiGraph, node: str, label: str, departement: str = "",
                  niveau_rank: int = -1, **attrs: Any) -> None:
    """Add a structure to a hand-built actor graph (the shape :func:`actor_graph` returns).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph to add to.
    node : str
        Identifier of the node (an IRI in projected graphs).
    label : str
        Its name.
    departement : str, optional
        INSEE code of its département ("" for a regional body).
    niveau_rank : int, optional
        ``pp:rang`` of its declared level of support (-1: unknown).
    **attrs
        Any other attribute of :data:`NODE_ATTRIBUTES`.

    Example
    -------
    >>> G = nx.MultiDiGraph()
    >>> add_structure(G, "ot", "OT fictif", "19", niveau_rank=1)
    >>> G.nodes["ot"]["kind"], G.nodes["ot"]["referrals_received"]
    ('structure', 0)
    """
    add_node(G, node, kind="structure", label=label, departement=departement,
             niveau_rank=niveau_rank, **attrs)


def _add_link(G: nx.MultiDiGraph, source: str, target: str, kind: str, weight: int = 1,
              lang: str = "fr") -> None:
    if G.has_edge(source, target, key=kind):
        G.edges[source, target, kind]["weight"] += weight
    else:
        G.add_edge(source, target, key=kind, kind=kind, label=link_label(kind, lang),
                   weight=int(weight))


def example_network() -> nx.MultiDiGraph:
    """A small hand-built actor graph, for examples and experiments.

    Two départements: in Corrèze (19), two offices orient project holders to the ADT, which
    orients one to a chamber in Creuse (23); an office in Corrèze has no link at all; in
    Creuse, an office at level *aucun* nevertheless receives orientations.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes with every attribute of :data:`NODE_ATTRIBUTES`; ``G.graph["niveau_floor"]``
        is 0 (the rank of *aucun*).

    Example
    -------
    >>> G = example_network()
    >>> G.number_of_nodes(), G.edges["ot-brive", "adt-19", "oriente"]["weight"]
    (6, 5)
    """
    G = nx.MultiDiGraph(name="exemple", lang="fr", niveau_floor=0, niveau_top=2,
                        departements={"19": "Corrèze", "23": "Creuse"})
    add_structure(G, "adt-19", "ADT fictive", "19", 2, offer_rank_max=2)
    add_structure(G, "ot-brive", "OT fictif de Brive", "19", 1, offer_rank_max=1)
    add_structure(G, "ot-tulle", "OT fictif de Tulle", "19", 1, offer_rank_max=1)
    add_structure(G, "ot-seul", "OT fictif isolé", "19", 1, offer_rank_max=1)
    add_structure(G, "cci-23", "CCI fictive", "23", 2, offer_rank_max=2)
    add_structure(G, "ot-gueret", "OT fictif de Guéret", "23", 0, offer_rank_max=0)
    _add_link(G, "ot-brive", "adt-19", "oriente", 5)
    _add_link(G, "ot-tulle", "adt-19", "oriente", 2)
    _add_link(G, "adt-19", "cci-23", "oriente", 1)
    _add_link(G, "cci-23", "ot-gueret", "oriente", 3)
    _add_referral_counts(G)
    return G


def _add_referral_counts(G: nx.MultiDiGraph) -> None:
    received: Counter = Counter()
    sent: Counter = Counter()
    for u, v, k, w in G.edges(keys=True, data="weight"):
        if k == "oriente":
            received[v] += w
            sent[u] += w
    for n, data in G.nodes(data=True):
        data["referrals_received"] = int(received[n])
        data["referrals_sent"] = int(sent[n])


def _s(row: Mapping, key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def _int(row: Mapping, key: str, default: int = -1) -> int:
    value = row.get(key)
    if value is None:
        return default
    try:
        return int(value.toPython() if isinstance(value, Literal) else value)
    except (TypeError, ValueError):
        return default


def _local(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def actor_graph(store: Store, *, lang: str = "fr", include_projects: bool = False,
                include_personal: bool = False) -> nx.MultiDiGraph:
    """Project the store onto the actor network: structures, territories, working groups
    (and anonymised projects when asked) with the links between them.

    Parameters
    ----------
    store : Store
        Holds the reference graphs and the submissions. Queries see the union of its named
        graphs; the store is only read.
    lang : "fr" or "en"
        Language of labels (French where the data has no text in that language).
    include_projects : bool
        Add one node per supported project (kind ``projet``), anonymised: an opaque
        identifier (``projet-1``...), its type, step and département, and ``accompagne``
        links from the structures that support it.
    include_personal : bool
        Fill the ``personal`` attribute: the personal details (``pp:donneePersonnelle``) of
        each structure's officers and, with projects, the project's title and its holder's
        details. Never for anything published.

    Returns
    -------
    networkx.MultiDiGraph
        Edge keys are kinds of link (:data:`LINK_KINDS`), with attributes ``kind``,
        ``label`` and ``weight``. Node attributes are :data:`NODE_ATTRIBUTES`. ``G.graph``
        holds ``lang``, ``niveau_floor`` (lowest rank of the référentiel's levels, that of
        *aucun*), ``niveau_top`` (highest rank), ``departements`` (code → name),
        ``regions`` (names), ``families`` and ``niveaux`` (the référentiel's structure
        families and levels, in order: lists of dicts with ``iri``, ``label``, ``code``,
        ``rank``).

    Example
    -------
    >>> from ppgraph.store import Store
    >>> from ppgraph.reference import load_reference_data
    >>> store = Store(); _ = load_reference_data(store)
    >>> G = actor_graph(store)
    >>> G.number_of_nodes(), G.graph["niveau_floor"], [n["code"] for n in G.graph["niveaux"]]
    (0, 0, ['aucun', 'guichet-unique', 'suivi-precis'])
    """
    words = _WORDS.get(lang, _WORDS["fr"])
    bind = {"lang": Literal(lang)}
    hidden = personal_properties()

    # Concepts of the référentiel: labels, ranks, families.
    concepts: dict[str, dict] = {}
    for r in store.select(query_text("reseau-concepts"), bind):
        concepts[str(r["concept"])] = {
            "iri": str(r["concept"]), "scheme": _local(str(r["schema"])),
            "label": _s(r, "libelle"), "code": _s(r, "code") or _local(str(r["concept"])),
            "rank": _int(r, "rang"), "family": _s(r, "famille") or str(r["concept"])}

    def concept_label(iri: str) -> str:
        return concepts[iri]["label"] if iri in concepts else (_local(iri) if iri else "")

    niveaux = sorted((c for c in concepts.values() if c["scheme"] == "niveau"),
                     key=lambda c: (c["rank"], c["code"]))
    ranked = [c["rank"] for c in niveaux if c["rank"] >= 0]
    families = sorted((c for c in concepts.values() if c["scheme"] == "type-structure"
                       and c["family"] == c["iri"]), key=lambda c: (c["code"], c["iri"]))

    # Territories: labels, classes, départements and régions.
    territories: dict[str, dict] = {}
    for r in store.select(query_text("reseau-territoires"), bind):
        territories[str(r["territoire"])] = {
            "label": _s(r, "libelle") or _local(str(r["territoire"])),
            "class": _s(r, "classeTerritoire"), "code": _s(r, "code"),
            "departement": _s(r, "departement"), "region": _s(r, "region")}
    class_labels = _class_labels(store, lang)

    def dep_code(iri: str) -> str:
        t = territories.get(iri)
        return (t["code"] or _local(iri)) if t else (_local(iri) if iri else "")

    G = nx.MultiDiGraph(name=("Réseau des acteurs" if lang == "fr" else "Actor network"),
                        lang=lang, include_projects=include_projects,
                        include_personal=include_personal,
                        niveau_floor=min(ranked) if ranked else 0,
                        niveau_top=max(ranked) if ranked else 0)
    G.graph["niveaux"] = [{k: c[k] for k in ("iri", "label", "code", "rank")} for c in niveaux]
    G.graph["families"] = [{k: c[k] for k in ("iri", "label", "code", "rank")} for c in families]

    # Structures.
    offers: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for r in store.select(query_text("reseau-offres")):
        offers[str(r["structure"])].append((_s(r, "service"), _int(r, "rang")))
    departements: dict[str, str] = {}
    regions: set[str] = set()
    for r in store.select(query_text("reseau-structures"), bind):
        iri = str(r["structure"])
        typ, niveau, dep = _s(r, "typeStructure"), _s(r, "niveauDeclare"), _s(r, "departement")
        family = concepts[typ]["family"] if typ in concepts else typ
        code = dep_code(dep)
        if dep:
            departements[code] = territories.get(dep, {}).get("label", code)
            region = territories.get(dep, {}).get("region", "")
            if region in territories:
                regions.add(territories[region]["label"])
        services = sorted({concept_label(s) for s, _ in offers.get(iri, []) if s})
        attrs = {
            "kind": "structure", "label": _s(r, "libelle") or _local(iri), "iri": iri,
            "type": typ, "type_label": concept_label(typ),
            "family": family, "family_label": concept_label(family),
            "niveau": niveau, "niveau_label": concept_label(niveau),
            "niveau_rank": concepts.get(niveau, {}).get("rank", -1),
            "offer_rank_max": max((rank for _, rank in offers.get(iri, [])), default=-1),
            "services": "; ".join(services),
            "departement": code, "departement_label": departements.get(code, ""),
            "commune": territories.get(_s(r, "commune"), {}).get("label", ""),
            "email": _s(r, "courrielPublic"), "telephone": _s(r, "telephonePublic"),
            "website": _s(r, "siteWeb"),
        }
        # A property the ontology marks personal is never published, whatever its name.
        for key, prop in (("email", PP.courrielPublic), ("telephone", PP.telephonePublic),
                          ("website", PP.siteWeb)):
            if prop in hidden and not include_personal:
                attrs[key] = ""
        add_node(G, iri, **attrs)

    def ensure_structure(iri: str) -> None:
        if iri not in G:  # the end of a link whose structure no submission describes
            add_structure(G, iri, _local(iri), iri=iri, described=False,
                          type_label=words["unknown"])

    # Territories covered or served.
    for r in store.select(query_text("reseau-liens-territoires")):
        s, t = str(r["structure"]), str(r["territoire"])
        ensure_structure(s)
        if t not in G:
            info = territories.get(t, {"label": _local(t), "class": "", "code": "",
                                       "departement": "", "region": ""})
            code = dep_code(info["departement"]) if info["departement"] else ""
            if code and code not in departements and info["departement"] in territories:
                departements[code] = territories[info["departement"]]["label"]
            add_node(G, t, kind="territoire", label=info["label"], iri=t, type=info["class"],
                     type_label=class_labels.get(info["class"], ""), departement=code,
                     departement_label=departements.get(code, ""))
        _add_link(G, s, t, _TERRITORY_RELATIONS[str(r["relation"])], 1, lang)

    # Links between structures.
    for r in store.select(query_text("reseau-orientations")):
        a, b = str(r["depuis"]), str(r["vers"])
        ensure_structure(a)
        ensure_structure(b)
        _add_link(G, a, b, "oriente", _int(r, "nombre", 1), lang)
    for r in store.select(query_text("reseau-liens-structures")):
        a, b = str(r["source"]), str(r["cible"])
        kind = _STRUCTURE_RELATIONS[str(r["relation"])]
        if kind == "partenaire":
            a, b = sorted((a, b))
            if a == b or G.has_edge(a, b, key="partenaire"):
                continue  # a symmetric link, declared on both sides, counts once
        ensure_structure(a)
        ensure_structure(b)
        _add_link(G, a, b, kind, 1, lang)

    # Working groups: the officers who sit in them appear through their structure.
    for r in store.select(query_text("reseau-groupes"), bind):
        g = str(r["groupe"])
        add_node(G, g, kind="groupe", label=_s(r, "libelle") or _local(g), iri=g,
                 departement_label=words["regional"])
    for r in store.select(query_text("reseau-groupes"), bind):
        g = str(r["groupe"])
        if "animePar" in r:
            ensure_structure(str(r["animePar"]))
            _add_link(G, str(r["animePar"]), g, "anime", 1, lang)
        if "sousGroupeDe" in r and str(r["sousGroupeDe"]) in G:
            _add_link(G, g, str(r["sousGroupeDe"]), "rattachee", 1, lang)
    for r in store.select(query_text("reseau-membres-groupe")):
        s, g = str(r["structure"]), str(r["groupe"])
        if g in G:
            ensure_structure(s)
            _add_link(G, s, g, "membre_groupe", _int(r, "membres", 1), lang)

    projects: dict[str, str] = {}
    if include_projects:
        rows = store.select(query_text("reseau-projets"))
        for n, iri in enumerate(sorted({str(r["projet"]) for r in rows}), start=1):
            projects[iri] = f"projet-{n}"
        for r in rows:
            node = projects[str(r["projet"])]
            if node not in G:
                typ, step = _s(r, "typeProjet"), _s(r, "etape")
                code = dep_code(_s(r, "departement"))
                add_node(G, node, kind="projet", label=words["projet"].format(n=node[7:]),
                         type=typ, type_label=concept_label(typ), etape=concept_label(step),
                         departement=code, departement_label=departements.get(code, ""))
            ensure_structure(str(r["structure"]))
            _add_link(G, str(r["structure"]), node, "accompagne", _int(r, "accompagnements", 1),
                      lang)

    if include_personal:
        _add_personal_details(G, store, hidden, projects)

    for n, data in G.nodes(data=True):
        if data["departement"] and not data["departement_label"]:
            data["departement_label"] = departements.get(data["departement"], "")
    _add_referral_counts(G)
    G.graph["departements"] = dict(sorted(departements.items(), key=lambda kv: (len(kv[0]), kv[0])))
    G.graph["regions"] = sorted(regions)
    return G


def _class_labels(store: Store, lang: str) -> dict[str, str]:
    rows = store.select(query_text("reseau-classes-territoire"), {"lang": Literal(lang)})
    return {str(r["classe"]): _s(r, "libelle") for r in rows}


def _add_personal_details(G: nx.MultiDiGraph, store: Store, hidden: frozenset,
                          projects: Mapping[str, str]) -> None:
    keep = {str(p) for p in hidden} | {str(PP.intitule)}
    values: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for r in store.select(query_text("reseau-donnees-personnelles")):
        if str(r["propriete"]) not in keep:
            continue
        target = projects.get(str(r["cible"]), str(r["cible"]))
        if target in G:
            values[target][str(r["sujet"])].append((str(r["propriete"]), str(r["valeur"])))
    for node, subjects in values.items():
        parts = []
        for subject in sorted(subjects):
            pairs = sorted(subjects[subject])
            parts.append(" ".join(v for _, v in pairs))
        G.nodes[node]["personal"] = " ; ".join(parts)


# -- selections -----------------------------------------------------------------------------------

def find_structure(G: nx.MultiDiGraph, ident: str) -> str:
    """The structure node named by ``ident``: its IRI, the end of its IRI (``33-OT-004``) or
    its exact label (case and accents aside).

    Raises
    ------
    InputError
        If no structure matches (the message suggests close names), or several labels do.

    Example
    -------
    >>> find_structure(example_network(), "ot fictif de gueret")
    'ot-gueret'
    """
    from .site import fold

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
        raise InputError(f"Plusieurs structures s'appellent « {ident} » : indiquez plutôt "
                         f"leur identifiant ({', '.join(sorted(_local(str(n)) for n in by_label))}).")
    names = {fold(d.get("label", "")): d.get("label", "") for d in structures.values()}
    close = difflib.get_close_matches(fold(wanted), list(names), n=3, cutoff=0.6)
    hint = (" Vouliez-vous dire : " + " ; ".join(f"« {names[c]} »" for c in close) + " ?") \
        if close else ""
    raise InputError(f"Aucune structure « {ident} » dans le réseau (ni identifiant, ni nom)."
                     + hint)


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
    >>> H = departement_subgraph(example_network(), "23")
    >>> sorted(H), H.nodes["adt-19"]["external"]
    (['adt-19', 'cci-23', 'ot-gueret'], True)
    """
    code = str(code).strip()
    inside = {n for n, d in G.nodes(data=True) if d.get("departement") == code}
    if not inside:
        present = sorted({d.get("departement") for _, d in G.nodes(data=True)
                          if d.get("kind") == "structure" and d.get("departement")},
                         key=lambda c: (len(c), c))
        raise InputError(f"Le département « {code} » n'a aucune structure dans le réseau "
                         f"(départements présents : {', '.join(present) or 'aucun'}).")
    nodes = set(inside)
    if neighbours:
        for n in inside:
            nodes.update(G.successors(n))
            # The members of a network or group based in the département come from the whole
            # region: they are not this département's neighbours.
            nodes.update(m for m, _, k in G.in_edges(n, keys=True) if k not in _MEMBERSHIP)
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
    >>> sorted(structure_neighbourhood(example_network(), "cci-23", depth=1))
    ['adt-19', 'cci-23', 'ot-gueret']
    """
    if depth < 0:
        raise InputError(f"La profondeur doit être positive ou nulle (reçu : {depth}).")
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
            near += [m for m, _, k in G.in_edges(n, keys=True) if n == node or k not in _MEMBERSHIP]
            for m in near:
                if m not in reached:
                    reached.add(m)
                    following.append(m)
        frontier = following
    H = G.subgraph(reached).copy()
    H.graph["centre"] = node
    H.graph["depth"] = depth
    return H


# -- analysis --------------------------------------------------------------------------------------

def support_graph(G: nx.MultiDiGraph, links: Iterable[str] = SUPPORT_LINKS) -> nx.Graph:
    """The structures and the links of the given kinds between them, as a simple undirected
    graph whose edge ``weight`` sums the weights of the links of those kinds (both
    directions). Every structure is a node, linked or not.

    Example
    -------
    >>> S = support_graph(example_network())
    >>> S.number_of_nodes(), S["adt-19"]["ot-brive"]["weight"]
    (6, 5)
    """
    wanted = set(links)
    unknown = wanted - set(LINK_KINDS)
    if unknown:
        raise InputError(f"Type(s) de lien inconnu(s) : {', '.join(sorted(unknown))} "
                         f"(types possibles : {', '.join(LINK_KINDS)}).")
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
    >>> top = hubs(example_network(), 2, by="betweenness")
    >>> [(h["label"], h["degree"], round(h["betweenness"], 2)) for h in top]
    [('ADT fictive', 3, 0.5), ('CCI fictive', 2, 0.3)]
    """
    if by not in ("degree", "betweenness"):
        raise InputError(f"Classement inconnu : {by} (degree ou betweenness).")
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
    >>> stats = network_statistics(example_network())
    >>> stats["nodes"], stats["links"]["oriente"]
    ({'structure': 6}, {'count': 4, 'weight': 11})
    """
    links = tuple(links)
    if departement is not None and departement not in {d.get("departement") for _, d in G.nodes(data=True)}:
        departement_subgraph(G, departement)  # raises the French message
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


def log_scale(value: float) -> float:
    """A size that grows with the logarithm of a count (views: 0 → 1, 100 → about 5.7).

    >>> log_scale(0), round(log_scale(100), 1)
    (1.0, 5.7)
    """
    return 1.0 + math.log2(1 + max(0.0, value)) * 0.7


# -- exports ---------------------------------------------------------------------------------------

EXPORT_FORMATS = ("graphml", "gexf", "json")
"""Formats of :func:`write_network`: GraphML (Gephi, Cytoscape, yEd), GEXF (Gephi), and the
Cytoscape JSON (``.cyjs``) that Cytoscape desktop and Cytoscape.js read."""

_EXPORT_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".cyjs": "json"}


def export_format(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The export format asked for, or the one the file name implies.

    >>> export_format("reseau.cyjs"), export_format("x.dat", "gexf")
    ('json', 'gexf')

    Raises
    ------
    InputError
        If neither gives a known format.
    """
    if fmt:
        if fmt not in EXPORT_FORMATS:
            raise InputError(f"Format d'export inconnu : {fmt} ({', '.join(EXPORT_FORMATS)}).")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in _EXPORT_SUFFIXES:
        raise InputError(f"« {path} » : extension inconnue ; indiquez --format "
                         f"({', '.join(EXPORT_FORMATS)}) ou nommez le fichier .graphml, .gexf, "
                         ".json ou .cyjs.")
    return _EXPORT_SUFFIXES[suffix]


def _scalar_graph_attributes(G: nx.Graph) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in G.graph.items():
        if isinstance(value, (str, int, float, bool)):
            out[key] = value
        elif value is not None:  # nested: kept, as a JSON text, for the curious
            out[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return out


def exportable_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` that GraphML and GEXF writers (and Gephi) accept: graph attributes are
    scalars (nested ones become JSON text), and every node and edge has the same attributes,
    none of them ``None``.

    >>> H = exportable_graph(example_network())
    >>> isinstance(H.graph["departements"], str), H.nodes["adt-19"]["label"]
    (True, 'ADT fictive')
    """
    H = nx.MultiDiGraph()
    H.graph.update(_scalar_graph_attributes(G))
    for n, d in G.nodes(data=True):
        data = dict(NODE_ATTRIBUTES)
        data.update({k: v for k, v in d.items() if k in NODE_ATTRIBUTES and v is not None})
        H.add_node(str(n), **data)
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(str(u), str(v), key=str(k), kind=str(d.get("kind", k)),
                   label=str(d.get("label", "")), weight=int(d.get("weight", 1)))
    return H


def cytoscape_json(G: nx.MultiDiGraph) -> dict:
    """The graph in Cytoscape's JSON format (``.cyjs``: ``{"elements": {"nodes": [...],
    "edges": [...]}}``), which Cytoscape desktop imports and Cytoscape.js reads.

    >>> doc = cytoscape_json(example_network())
    >>> doc["elements"]["edges"][0]["data"]["interaction"], len(doc["elements"]["nodes"])
    ('oriente', 6)
    """
    from . import __version__

    H = exportable_graph(G)
    nodes = [{"data": {"id": str(n), "name": d["label"], **d}} for n, d in sorted(H.nodes(data=True))]
    edges = []
    for i, (u, v, k, d) in enumerate(sorted(H.edges(keys=True, data=True), key=lambda e: e[:3])):
        edges.append({"data": {"id": f"e{i}", "source": str(u), "target": str(v),
                               "interaction": k,
                               "name": f"{H.nodes[u]['label']} ({k}) {H.nodes[v]['label']}",
                               **d}})
    return {"format_version": "1.0", "generated_by": f"ppgraph {__version__}",
            "target_cytoscapejs_version": "~2.1", "data": dict(H.graph),
            "elements": {"nodes": nodes, "edges": edges}}


def write_network(G: nx.MultiDiGraph, path: str | os.PathLike, fmt: str | None = None) -> Path:
    """Write the actor graph for Gephi or Cytoscape and return the path written.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An actor graph or a part of one.
    path : path
        The file to write (its parent folder is created).
    fmt : "graphml", "gexf" or "json", optional
        Default: from the file's extension (:func:`export_format`).

    Raises
    ------
    InputError
        If the format is unknown or the file cannot be written.

    Example
    -------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> path = write_network(example_network(), os.path.join(folder, "reseau.graphml"))
    >>> nx.read_graphml(path).nodes["ot-gueret"]["referrals_received"]
    3
    """
    fmt = export_format(path, fmt)
    target = Path(path)
    H = exportable_graph(G)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "graphml":
            nx.write_graphml(H, target, encoding="utf-8", prettyprint=True)
        elif fmt == "gexf":
            # Without the writer's « last modified » date, the same graph gives the same file.
            buffer = io.BytesIO()
            nx.write_gexf(H, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
            target.write_bytes(re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(),
                                      count=1))
        else:
            target.write_text(json.dumps(cytoscape_json(G), ensure_ascii=False, indent=1),
                              encoding="utf-8", newline="\n")
    except OSError as err:
        raise InputError(f"Impossible d'écrire « {target} » : {err.strerror or err}.") from err
    return target

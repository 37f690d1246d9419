"""The actor network projected from the store onto NetworkX: nodes, links and their attributes.

:func:`actor_graph` reads the store with a few SPARQL queries (``ppgraph/queries/reseau-*.rq``)
and returns a :class:`networkx.MultiDiGraph` whose nodes are **structures**, the
**territories** they cover or serve, the **working groups** and, only when asked, anonymised
**projects**; its edges say what links them (the edge key is the kind of link, see
:mod:`ppgraph.network`). :func:`add_structure` and :func:`example_network` build such graphs
by hand.

>>> G = example_network()
>>> G.number_of_nodes(), sorted({k for _, _, k in G.edges(keys=True)})
(6, ['oriente'])
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

import networkx as nx
from rdflib import Literal, URIRef

from ..errors import InputError
from ..i18n import message
from ..namespaces import PP, departement_iri
from ..reference import personal_properties
from ..resolver import departement_code
from ..resources import query_text
from ..store import GraphStore
from ..territories import territories as territory_index

__all__ = ["NODE_ATTRIBUTES", "LINK_KINDS", "SUPPORT_LINKS", "NODE_KINDS", "MEMBERSHIP_LINKS",
           "link_label", "actor_graph", "add_structure", "add_node", "example_network"]

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
    "departement": "",          # INSEE code, "" for regional things (the first of several)
    "departements": "",         # every département a structure serves, "16;17" (";"-separated)
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

_STRUCTURE_RELATIONS = {str(PP.rattacheeA): "rattachee", str(PP.membreDuReseau): "membre_reseau",
                        str(PP.partenaireDe): "partenaire"}
_TERRITORY_RELATIONS = {str(PP.territoireCouvert): "couvre", str(PP.territoireDesservi): "dessert"}
MEMBERSHIP_LINKS = frozenset({"membre_reseau", "membre_groupe"})
"""Links of membership (of the regional network, of a working group): a network's members
come from the whole region, so they are not its neighbours in a selection."""


def link_label(kind: str, lang: str = "fr") -> str:
    """The reader's words for a kind of link.

    >>> link_label("oriente"), link_label("oriente", "en")
    ('oriente vers', 'refers to')
    """
    return message(f"network.liens.{kind}", lang) if kind in LINK_KINDS else kind


# -- building graphs ---------------------------------------------------------------------------

def add_node(G: nx.MultiDiGraph, node: str, **attrs: Any) -> None:
    """Add ``node`` to ``G`` with every attribute of :data:`NODE_ATTRIBUTES` (defaults for
    those not given).

    Raises
    ------
    InputError
        If an attribute is not one of :data:`NODE_ATTRIBUTES` or is ``None``.
    """
    unknown = set(attrs) - set(NODE_ATTRIBUTES)
    if unknown:
        raise InputError("network.erreurs.attributs_inconnus", noms=", ".join(sorted(unknown)),
                         n=len(unknown))
    data = dict(NODE_ATTRIBUTES)
    for key, value in attrs.items():
        if value is None:
            raise InputError("network.erreurs.attribut_vide", nom=key)
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


def actor_graph(store: GraphStore, *, lang: str = "fr", include_projects: bool = False,
                include_personal: bool = False, departement: str | None = None) -> nx.MultiDiGraph:
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
    departement : str, optional
        Project only what the view of this département needs (INSEE code): its structures,
        those that cover or serve its territories, and those directly linked to them (query
        ``reseau-perimetre``), so that a département's view does not project all France.
        ``departement_subgraph`` of the result is the same as of the whole network.

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
    bind = {"lang": Literal(lang)}
    hidden = personal_properties()
    scope: dict = {}
    if departement:
        code = departement_code(departement)
        scope = {"structure": sorted(
            r["structure"] for r in store.select(query_text("reseau-perimetre"),
                                                 {"departement": departement_iri(code)}))}
    offer_rows = store.select(query_text("reseau-offres"), scope)
    structure_rows = store.select(query_text("reseau-structures"), {**bind, **scope})
    territory_links = store.select(query_text("reseau-liens-territoires"), scope)

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
    if scope:
        # The territories these structures cite, then the régions of those.
        cited = {r[k] for r in structure_rows for k in ("departement", "commune") if k in r}
        cited |= {URIRef(x) for r in structure_rows for x in _s(r, "departements").split()}
        cited |= {r["territoire"] for r in territory_links}
        territory_rows = store.select(query_text("territoires-decrits"),
                                      {**bind, "territoire": sorted(cited)})
        regions_cited = {r["region"] for r in territory_rows if "region" in r} - cited
        if regions_cited:
            territory_rows += store.select(query_text("territoires-decrits"),
                                           {**bind, "territoire": sorted(regions_cited)})
    else:
        territory_rows = store.select(query_text("reseau-territoires"), bind)
    for r in territory_rows:
        territories[str(r["territoire"])] = {
            "label": _s(r, "libelle") or _local(str(r["territoire"])),
            "class": _s(r, "classeTerritoire"), "code": _s(r, "code"),
            "departement": _s(r, "departement"), "region": _s(r, "region"),
            "departements": _s(r, "departements").split()}
    class_labels = _class_labels(store, lang)

    def dep_code(iri: str) -> str:
        t = territories.get(iri)
        return (t["code"] or _local(iri)) if t else (_local(iri) if iri else "")

    G = nx.MultiDiGraph(name=message("network.nom_graphe", lang),
                        lang=lang, include_projects=include_projects,
                        include_personal=include_personal,
                        niveau_floor=min(ranked) if ranked else 0,
                        niveau_top=max(ranked) if ranked else 0)
    G.graph["niveaux"] = [{k: c[k] for k in ("iri", "label", "code", "rank")} for c in niveaux]
    G.graph["families"] = [{k: c[k] for k in ("iri", "label", "code", "rank")} for c in families]

    # Structures.
    offers: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for r in offer_rows:
        offers[str(r["structure"])].append((_s(r, "service"), _int(r, "rang")))
    departements: dict[str, str] = {}
    regions: set[str] = set()
    for r in structure_rows:
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
            "departements": ";".join(sorted({dep_code(x) for x in _s(r, "departements").split()
                                             if x} or ({code} if code else set()),
                                            key=lambda c: (len(c), c))),
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
                          type_label=message("network.non_decrite", lang))

    # Territories covered or served.
    for r in territory_links:
        s, t = str(r["structure"]), str(r["territoire"])
        ensure_structure(s)
        if t not in G:
            info = territories.get(t, {"label": _local(t), "class": "", "code": "",
                                       "departement": "", "region": "", "departements": []})
            dep = info["departement"]
            # An intercommunalité across two départements goes with the structure that links
            # to it when that structure's département is one of them (the CC d'Aire-sur-l'Adour
            # of the Landes, also in the Gers, with the Landes).
            own = G.nodes[s].get("departement", "")
            dep = next((d for d in info["departements"] if dep_code(d) == own), dep)
            code = dep_code(dep) if dep else ""
            if code and code not in departements:
                label = territories[dep]["label"] if dep in territories else ""
                place = territory_index().departement(code) if not label else None
                departements[code] = label or (place.label if place else "")
            add_node(G, t, kind="territoire", label=info["label"], iri=t, type=info["class"],
                     type_label=class_labels.get(info["class"], ""), departement=code,
                     departement_label=departements.get(code, ""))
        _add_link(G, s, t, _TERRITORY_RELATIONS[str(r["relation"])], 1, lang)

    # Links between structures.
    orientations = store.select(query_text("reseau-orientations"),
                                {"depuis": scope["structure"]} if scope else None)
    if scope:
        # Also those received (a neighbour's count of referrals received is its whole one).
        projected = set(scope["structure"])
        orientations += [r for r in store.select(query_text("reseau-orientations"),
                                                 {"vers": scope["structure"]})
                         if r["depuis"] not in projected]
    for r in orientations:
        a, b = str(r["depuis"]), str(r["vers"])
        ensure_structure(a)
        ensure_structure(b)
        _add_link(G, a, b, "oriente", _int(r, "nombre", 1), lang)
    for r in store.select(query_text("reseau-liens-structures"),
                          {"source": scope["structure"]} if scope else None):
        a, b = str(r["source"]), str(r["cible"])
        kind = _STRUCTURE_RELATIONS[str(r["relation"])]
        if kind == "partenaire":
            a, b = sorted((a, b))
            if a == b or G.has_edge(a, b, key="partenaire"):
                continue  # a symmetric link, declared on both sides, counts once
        ensure_structure(a)
        ensure_structure(b)
        _add_link(G, a, b, kind, 1, lang)

    # Working groups: the officers who sit in them appear through their structure. Every
    # group is a node before the links between groups are drawn.
    groups = store.select(query_text("reseau-groupes"), bind)
    for r in groups:
        g = str(r["groupe"])
        add_node(G, g, kind="groupe", label=_s(r, "libelle") or _local(g), iri=g,
                 departement_label=message("network.regional", lang))
    for r in groups:
        g = str(r["groupe"])
        if "animePar" in r:
            ensure_structure(str(r["animePar"]))
            _add_link(G, str(r["animePar"]), g, "anime", 1, lang)
        if "sousGroupeDe" in r and str(r["sousGroupeDe"]) in G:
            _add_link(G, g, str(r["sousGroupeDe"]), "rattachee", 1, lang)
    for r in store.select(query_text("reseau-membres-groupe"), scope):
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
                add_node(G, node, kind="projet", label=message("network.projet", lang, n=node[7:]),
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


def _class_labels(store: GraphStore, lang: str) -> dict[str, str]:
    rows = store.select(query_text("reseau-classes-territoire"), {"lang": Literal(lang)})
    return {str(r["classe"]): _s(r, "libelle") for r in rows}


def _add_personal_details(G: nx.MultiDiGraph, store: GraphStore, hidden: frozenset,
                          projects: Mapping[str, str]) -> None:
    keep = {str(p) for p in hidden} | {str(PP.intituleProjet)}
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

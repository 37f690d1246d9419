"""Interactive views of the actor network: one self-contained, offline HTML page per view.

A view is a single page that carries everything it needs: the vis-network library (inlined,
see ``ppgraph/templates/vis-network/``), its data as JSON and its script. It asks nothing of
any other host, so it works offline and from a USB stick. Its interface is French (English
with ``lang="en"``, from the catalogue's ``viz`` domain): a legend that doubles as filters (kind of structure, level of support,
kind of link, département), a search box, tooltips with each structure's public details, a
list of structures as a table, and a layout that is the same every time.

Safety: every text that comes from the data reaches the page either through Jinja's
autoescaping or as JSON (``<``, ``>`` and ``&`` escaped as ``\\u003c``...) read by a script
that only ever sets ``textContent``; tooltips are DOM elements, never HTML strings. The
standalone page also carries a Content-Security-Policy that lets only its own two scripts run
and forbids every request. Personal data is absent unless the graph was projected with
``include_personal=True``, and then the page says so in red.

Above :data:`LARGE_VIEW` nodes, the physics simulation is off and the layout is computed in
advance (département by département), so that the browser stays responsive; the page says so.

Example
-------
>>> from ppgraph.network import example_network
>>> html = render_view(example_network(), title="Réseau d'essai")
>>> html.startswith("<!DOCTYPE html>") and "vis.Network" in html
True
>>> "https://" in html.split('<script type="application/json"')[0]
False
"""

from __future__ import annotations

import base64
import functools
import hashlib
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
from markupsafe import Markup

from .errors import InputError, PpgraphError
from .html import environment, json_for_script, structure_anchor
from .i18n import catalogue, message, number, plural
from .network import LINK_KINDS, SUPPORT_LINKS, degree_weights
from .resources import template_dir
from .territories import territories
from .text import french_sort_key

__all__ = ["LARGE_VIEW", "GROUPED_VIEW", "VIS_NETWORK_VERSION", "view_data", "view_context", "render_view",
           "write_view", "view_title", "view_summary", "cluster_layout", "log_scale"]

LARGE_VIEW = 2000
"""Above this many nodes, a view has no physics simulation and a precomputed layout."""

GROUPED_VIEW = 80
"""A view of the whole network (no département or structure at its centre) with more nodes
than this, and structures in two départements or more, opens grouped by département: one
named node per département, which a click unfolds."""

NODE_SIZE = (7.0, 32.0)
"""Smallest and largest radius of a structure (the log of its support links, scaled)."""

VIS_NETWORK_VERSION = "10.1.5"
VIS_DIR = template_dir() / "vis-network"

# Colours of the structure families, in the order of their notation in the référentiel
# (chosen so that the families of the référentiel stay distinct on a projector; offices of
# tourism, the most numerous, come out green).
PALETTE = ("#1F3A93", "#E69F00", "#8C6D31", "#CC79A7", "#56B4E9", "#D55E00", "#7F3C8D",
           "#17BECF", "#2CA02C", "#E7298A", "#BCBD22", "#4D4D4D", "#A6CEE3", "#FB9A99",
           "#80B1D3", "#B15928")
NODE_COLOURS = {"territoire": "#c3c9d0", "groupe": "#f2c200", "projet": "#c9a7e0",
                "inconnue": "#d9dde2"}
NODE_SHAPES = {"structure": "dot", "territoire": "square", "groupe": "star", "projet": "dot"}
NODE_SIZES = {"territoire": 7, "groupe": 16, "projet": 4}
_KIND_CSS = {"territoire": "pastille-carre", "groupe": "pastille-etoile", "projet": ""}

# How each kind of link is drawn: colour, dashes (vis-network), arrow, width, whether it pulls
# nodes together in the simulation, whether it starts hidden (every office is a member of the
# regional network: 150 lines to one node hide everything else until asked for), and the
# matching CSS border of the legend.
LINK_STYLES: dict[str, dict[str, Any]] = {
    "oriente": {"couleur": "#1f5fa8", "tirets": False, "fleche": True, "largeur": 2,
                "css": "3px solid #1f5fa8"},
    "partenaire": {"couleur": "#2e8b57", "tirets": False, "fleche": False, "largeur": 2.5,
                   "css": "3px double #2e8b57"},
    "rattachee": {"couleur": "#4a4a4a", "tirets": [8, 4], "fleche": True, "largeur": 1.5,
                  "css": "2px dashed #4a4a4a"},
    "membre_reseau": {"couleur": "#8e5ea2", "tirets": [2, 5], "fleche": True, "largeur": 1,
                      "physique": False, "cache": True, "css": "2px dotted #8e5ea2"},
    "membre_groupe": {"couleur": "#c07a00", "tirets": [10, 4, 2, 4], "fleche": True,
                      "largeur": 1.5, "physique": False, "css": "2px dashed #c07a00"},
    "anime": {"couleur": "#c07a00", "tirets": False, "fleche": True, "largeur": 2,
              "physique": False, "css": "2px solid #c07a00"},
    "couvre": {"couleur": "#aab2bb", "tirets": False, "fleche": False, "largeur": 1,
               "css": "1px solid #aab2bb"},
    "dessert": {"couleur": "#aab2bb", "tirets": [4, 4], "fleche": False, "largeur": 1,
                "css": "1px dashed #aab2bb"},
    "accompagne": {"couleur": "#a77bc9", "tirets": False, "fleche": True, "largeur": 1,
                   "css": "1px solid #a77bc9"},
}

@functools.lru_cache(maxsize=None)
def _vis_js() -> str:
    text = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    # The source map is not shipped: a browser would look for it on disk when devtools open.
    text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise PpgraphError("viz.erreurs.vis_network")
    return text


@functools.lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (template_dir() / name).read_text(encoding="utf-8")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# -- layout ---------------------------------------------------------------------------------

_KIND_ORDER = {"structure": 0, "groupe": 1, "territoire": 2, "projet": 3}
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def cluster_layout(G: nx.MultiDiGraph, spacing: float = 42.0) -> dict[Any, tuple[float, float]]:
    """Positions for every node, computed in linear time: one disc per département (nodes
    on a sunflower spiral, structures at the centre, then working groups, territories and
    projects), the discs on a ring around the regional nodes (or the département shown).

    The result depends only on the graph (no randomness): the same graph, the same picture.

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> pos = cluster_layout(example_network())
    >>> len(pos), pos == cluster_layout(example_network())
    (6, True)
    """
    groups: dict[str, list] = {}
    for n, d in G.nodes(data=True):
        groups.setdefault(d.get("departement", ""), []).append(n)
    centre_key = G.graph.get("departement")
    if centre_key not in groups:
        centre_key = "" if "" in groups else None
    if centre_key is None and len(groups) == 1:
        centre_key = next(iter(groups))

    def disc(nodes: list) -> tuple[list, float]:
        nodes = sorted(nodes, key=lambda n: (_KIND_ORDER.get(G.nodes[n].get("kind"), 9),
                                             G.nodes[n].get("family", ""),
                                             G.nodes[n].get("label", ""), str(n)))
        return nodes, spacing * math.sqrt(len(nodes) + 1)

    pos: dict[Any, tuple[float, float]] = {}

    def place(nodes: list, cx: float, cy: float) -> None:
        for i, n in enumerate(nodes):
            r = spacing * math.sqrt(i + 0.5)
            a = i * _GOLDEN_ANGLE
            pos[n] = (round(cx + r * math.cos(a), 1), round(cy + r * math.sin(a), 1))

    centre_radius = 0.0
    if centre_key is not None:
        nodes, centre_radius = disc(groups.pop(centre_key))
        place(nodes, 0.0, 0.0)
    ring = [(k, *disc(v)) for k, v in sorted(groups.items(), key=lambda kv: (len(kv[0]), kv[0]))]
    if not ring:
        return pos
    gap = spacing * 2
    largest = max(r for _, _, r in ring)
    circumference = sum(2 * r + gap for _, _, r in ring)
    radius = max(circumference / (2 * math.pi), centre_radius + largest + gap)
    angle = -math.pi / 2
    for _, nodes, r in ring:
        share = (2 * r + gap) / circumference * 2 * math.pi
        a = angle + share / 2
        place(nodes, radius * math.cos(a), radius * math.sin(a))
        angle += share
    return pos


# -- the data of a view -----------------------------------------------------------------------

def view_title(G: nx.MultiDiGraph, lang: str = "fr") -> str:
    """The title of a view of ``G``: the département, the structure at its centre, or the
    region(s) it covers.

    >>> from ppgraph.network import example_network, departement_subgraph
    >>> view_title(departement_subgraph(example_network(), "19"))
    'Réseau des acteurs — Corrèze (19)'
    """
    t = catalogue(lang)
    if "centre" in G.graph:
        return t("viz.titre_structure", nom=G.nodes[G.graph["centre"]]["label"])
    code = G.graph.get("departement")
    if code:
        name = G.graph.get("departements", {}).get(code) or code
        return t("viz.titre_departement", nom=name, code=code)
    regions = G.graph.get("regions") or []
    if len(regions) == 1:
        return t("viz.titre_region", region=regions[0])
    return t.viz.titre


def _details(d: Mapping[str, Any], labels: Mapping[str, str]) -> list[list[str]]:
    kind = d.get("kind")
    out: list[list[str]] = []

    def add(key: str, value: Any) -> None:
        if value not in ("", None, -1):
            text = str(value)
            out.append([labels[key], text[:1].upper() + text[1:] if key == "type" else text])

    if kind == "structure":
        add("type", d.get("type_label"))
        add("niveau", d.get("niveau_label"))
        add("departement", d.get("departement_label") or d.get("departement"))
        add("commune", d.get("commune"))
        add("email", d.get("email"))
        add("telephone", d.get("telephone"))
        add("website", d.get("website"))
        add("services", d.get("services"))
        add("referrals_received", d.get("referrals_received") or "")
        add("referrals_sent", d.get("referrals_sent") or "")
        if not d.get("described", True):
            out.append([labels["type"], labels["non_decrite"]])
    elif kind == "projet":
        add("type", d.get("type_label"))
        add("etape", d.get("etape"))
        add("departement", d.get("departement_label") or d.get("departement"))
    else:
        add("type", d.get("type_label"))
        add("departement", d.get("departement_label") or d.get("departement"))
    add("personal", d.get("personal"))
    add("iri", d.get("iri"))
    return out


def view_data(G: nx.MultiDiGraph, *, lang: str = "fr", seed: int = 2019) -> dict:
    """The data of a view (what the page's script reads), as plain JSON-ready data.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An actor graph or a part of one (:func:`ppgraph.network.departement_subgraph`...).
    lang : "fr" or "en"
        Language of the interface.
    seed : int
        Seed of vis-network's layout (``layout.randomSeed``): with the precomputed start
        positions, the page draws the same picture every time.

    Returns
    -------
    dict
        ``noeuds`` (one dict per node, in a stable order; ``id`` is the index), ``aretes``
        (``from``, ``to``, ``kind``, ``poids``), ``familles``, ``niveaux``, ``deps``,
        ``liens`` (style of each kind of link), ``physique`` (False above
        :data:`LARGE_VIEW` nodes), ``grouper`` (the view opens grouped by département: see
        :data:`GROUPED_VIEW`), ``graine``, ``textes``. A node has its radius (``rayon``),
        and a structure the ``ancre`` of its row in the page's table (the id other pages
        link to: ``reseau-23.html#structure-23-OT-001`` selects it).

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> data = view_data(example_network())
    >>> len(data["noeuds"]), len(data["aretes"]), data["physique"]
    (6, 4, True)
    """
    t = catalogue(lang).viz
    order = sorted(G.nodes, key=lambda n: (_KIND_ORDER.get(G.nodes[n].get("kind"), 9), str(n)))
    index = {n: i for i, n in enumerate(order)}
    large = len(order) > LARGE_VIEW
    pos = cluster_layout(G)
    sizes = degree_weights(G, SUPPORT_LINKS)

    family_iris = [f["iri"] for f in G.graph.get("families", [])]
    extra = sorted({d.get("family", "") for _, d in G.nodes(data=True)
                    if d.get("kind") == "structure" and d.get("family")} - set(family_iris))
    family_labels = {f["iri"]: f["label"] for f in G.graph.get("families", [])}
    for n, d in G.nodes(data=True):
        if d.get("family") in extra:
            family_labels.setdefault(d["family"], d.get("family_label") or d["family"])
    families = [{"iri": iri, "libelle": family_labels.get(iri, iri),
                 "couleur": PALETTE[i % len(PALETTE)]}
                for i, iri in enumerate(family_iris + extra)]
    family_index = {f["iri"]: i for i, f in enumerate(families)}

    niveaux = [{"iri": n["iri"], "libelle": n["label"], "rang": n["rank"]}
               for n in G.graph.get("niveaux", [])]
    known = {n["iri"] for n in niveaux}
    for n, d in sorted(G.nodes(data=True), key=lambda x: str(x[0])):
        if d.get("kind") == "structure" and d.get("niveau") and d["niveau"] not in known:
            known.add(d["niveau"])
            niveaux.append({"iri": d["niveau"], "libelle": d.get("niveau_label") or d["niveau"],
                            "rang": d.get("niveau_rank", -1)})
    niveau_index = {n["iri"]: i for i, n in enumerate(niveaux)}

    dep_names = {c: n for c, n in G.graph.get("departements", {}).items() if n}
    for _, d in G.nodes(data=True):
        if d.get("departement_label"):
            dep_names.setdefault(d.get("departement", ""), d["departement_label"])
    codes = sorted({d.get("departement", "") for _, d in G.nodes(data=True)},
                   key=lambda c: (c == "", len(c), c))
    deps = []
    for c in codes:
        name = dep_names.get(c) or _departement_name(c)
        deps.append({"code": c, "libelle": f"{name} ({c})" if c and name else (c or t.regional),
                     "structures": sum(1 for _, d in G.nodes(data=True)
                                       if d.get("kind") == "structure"
                                       and d.get("departement", "") == c)})
    dep_index = {d["code"]: i for i, d in enumerate(deps)}
    grouped = ("departement" not in G.graph and "centre" not in G.graph
               and len(order) > GROUPED_VIEW
               and sum(1 for d in deps if d["code"] and d["structures"]) >= 2)
    scaled = {n: log_scale(sizes.get(n, 0)) for n in order
              if G.nodes[n].get("kind") == "structure"}
    low, high = min(scaled.values(), default=1.0), max(scaled.values(), default=1.0)

    def radius(n) -> float:
        if high == low:
            return round(sum(NODE_SIZE) / 2, 2)
        return round(NODE_SIZE[0] + (NODE_SIZE[1] - NODE_SIZE[0]) * (scaled[n] - low) / (high - low), 2)

    noeuds = []
    for n in order:
        d = G.nodes[n]
        x, y = pos[n]
        noeuds.append({
            "id": index[n], "label": str(d.get("label", "")), "kind": d.get("kind", ""),
            "famille": family_index.get(d.get("family", ""), -1),
            "niveau": niveau_index.get(d.get("niveau", ""), -1),
            "dep": dep_index[d.get("departement", "")], "depCode": d.get("departement", ""),
            "type": d.get("type_label", ""),
            "recues": int(d.get("referrals_received", 0)), "envoyees": int(d.get("referrals_sent", 0)),
            "taille": round(log_scale(sizes.get(n, 0)), 3),
            "rayon": radius(n) if n in scaled else NODE_SIZES.get(d.get("kind", ""), 8),
            "ancre": structure_anchor(d.get("iri") or n) if d.get("kind") == "structure" else "",
            "x": x, "y": y,
            "externe": bool(d.get("external", False)), "details": _details(d, t.details),
        })
    aretes = [{"from": index[u], "to": index[v], "kind": k, "poids": int(w)}
              for u, v, k, w in sorted(G.edges(keys=True, data="weight"),
                                       key=lambda e: (index[e[0]], index[e[1]], e[2]))]
    link_labels, inverse = t.liens_libelles, t.liens_inverses
    liens = {k: {**{key: v for key, v in LINK_STYLES[k].items() if key != "css"},
                 "libelle": link_labels[k], "inverse": inverse[k]} for k in LINK_KINDS}
    rank_floor = G.graph.get("niveau_floor", min((n["rang"] for n in niveaux if n["rang"] >= 0),
                                                  default=0))
    return {
        "noeuds": noeuds, "aretes": aretes, "familles": families, "niveaux": niveaux,
        "deps": deps, "liens": liens, "rangPlancher": rank_floor,
        "couleurs": NODE_COLOURS, "formes": NODE_SHAPES, "tailles": NODE_SIZES,
        "physique": not large, "graine": int(seed), "grouper": grouped,
        "iterations": 200 if len(order) < 600 else 120,
        "textes": {"chargement": t.chargement, "externe": t.externe,
                   "aucunResultat": t.aucun_resultat, "visibles": t.visibles,
                   "siteWeb": t.details.website, "niveauInconnu": t.niveau_inconnu,
                   "groupeStructures": dict(t.groupe.structures),
                   "groupeAide": t.groupe.aide, "deplier": t.groupe.deplier,
                   "replier": t.groupe.replier, "lang": lang},
    }


def _departement_name(code: str) -> str:
    """The name of a département by its code, from the real territories ("" if unknown)."""
    place = territories().departement(code) if code else None
    return place.label if place else ""


def view_context(G: nx.MultiDiGraph, *, lang: str = "fr", title: str | None = None,
                 subtitle: str | None = None, seed: int = 2019, links: list[dict] | None = None,
                 notices: Iterable[str] = ()) -> dict:
    """What the template of a view (``reseau-vue.html``) needs: titles, counts, legend,
    notices, the data as escaped JSON and the inlined scripts with their CSP hashes.

    ``links`` are the other views to list above this one (``href``, ``label``,
    ``current``), as on the site.

    >>> from ppgraph.network import example_network
    >>> context = view_context(example_network(), lang="en")
    >>> context["title"], context["counts"]
    ('Actor network', [('Organisations', '6'), ('Referrals', '11')])
    """
    t = catalogue(lang).viz
    data = view_data(G, lang=lang, seed=seed)

    def nombre(n: int) -> str:
        return number(n, lang)

    kinds = Counter(n["kind"] for n in data["noeuds"])
    link_counts = Counter(a["kind"] for a in data["aretes"])
    link_weights: Counter = Counter()
    for a in data["aretes"]:
        link_weights[a["kind"]] += a["poids"]
    counts = [(t.compte[k], nombre(kinds[k]))
              for k in ("structure", "territoire", "groupe", "projet") if kinds[k]]
    for k in ("oriente", "partenaire"):
        if link_weights[k]:
            counts.append((t.compte[k], nombre(link_weights[k])))

    structures = [n for n in data["noeuds"] if n["kind"] == "structure"]
    fam_counts = Counter(n["famille"] for n in structures)
    families = [{"index": i, "label": f["libelle"], "colour": f["couleur"],
                 "count": nombre(fam_counts[i])}
                for i, f in enumerate(data["familles"]) if fam_counts[i]]
    if fam_counts[-1]:
        families.append({"index": -1, "label": t.niveau_inconnu,
                         "colour": NODE_COLOURS["inconnue"], "count": nombre(fam_counts[-1])})
    others = [{"kind": k, "label": t.sortes[k], "colour": NODE_COLOURS[k],
               "css": _KIND_CSS[k], "count": nombre(kinds[k])}
              for k in ("groupe", "territoire", "projet") if kinds[k]]
    niv_counts = Counter(n["niveau"] for n in structures)
    floor = data["rangPlancher"]
    niveaux = []
    for i, n in enumerate(data["niveaux"]):
        if niv_counts[i]:
            width = 1 + 1.5 * max(0, n["rang"] - floor)
            style = "dashed" if n["rang"] <= floor else "solid"
            niveaux.append({"index": i, "label": n["libelle"], "count": nombre(niv_counts[i]),
                            "border": f"{width:g}px {style} #1d232b"})
    if niv_counts[-1]:
        niveaux.append({"index": -1, "label": t.niveau_inconnu,
                        "count": nombre(niv_counts[-1]), "border": "1px solid #9aa3ad"})
    link_kinds = [{"kind": k, "label": t.liens_libelles[k], "css": LINK_STYLES[k]["css"],
                   "hidden": bool(LINK_STYLES[k].get("cache")),
                   "count": nombre(link_weights[k] if k == "oriente" else link_counts[k])}
                  for k in LINK_KINDS if link_counts[k]]
    dep_counts = Counter(n["dep"] for n in data["noeuds"])
    departements = [{"index": i, "label": d["libelle"], "count": nombre(dep_counts[i]),
                     "groupable": data["grouper"] and bool(d["code"]) and dep_counts[i] > 1}
                    for i, d in enumerate(data["deps"]) if dep_counts[i]]
    table = [{"ancre": n["ancre"], "label": n["label"], "type": n["type"],
              "niveau": data["niveaux"][n["niveau"]]["libelle"] if n["niveau"] >= 0
              else t.niveau_inconnu, "departement": data["deps"][n["dep"]]["libelle"],
              "recues": nombre(n["recues"]), "envoyees": nombre(n["envoyees"]),
              "externe": n["externe"]}
             for n in sorted(structures, key=lambda n: (data["deps"][n["dep"]]["code"] == "",
                                                         len(data["deps"][n["dep"]]["code"]),
                                                         data["deps"][n["dep"]]["code"],
                                                         french_sort_key(n["label"]), n["id"]))]

    all_notices = [{"text": str(n), "personal": False} for n in notices]
    if not data["physique"]:
        all_notices.append({"text": t("grand", n=nombre(len(data["noeuds"])),
                                      seuil=nombre(LARGE_VIEW)), "personal": False})
    if any(d.get("personal") for _, d in G.nodes(data=True)) or G.graph.get("include_personal"):
        all_notices.append({"text": t.personnel, "personal": True})

    vis_js = _vis_js()
    page_js = _asset("reseau.js")
    csp = ("default-src 'none'; script-src " + _csp_hash(vis_js) + " " + _csp_hash(page_js)
           + "; style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
             "form-action 'none'; base-uri 'none'")
    return {
        "title": title or view_title(G, lang), "subtitle": subtitle or "",
        "counts": counts, "links": links or [], "notices": all_notices,
        "families": families, "kinds": others, "niveaux": niveaux, "link_kinds": link_kinds,
        "departements": departements, "table": table, "grouper": data["grouper"],
        "vis_version": VIS_NETWORK_VERSION,
        "css": Markup(_asset("reseau.css")),
        "data_json": Markup(json_for_script(data)),
        "vis_js": Markup(vis_js), "page_js": Markup(page_js), "csp": csp,
    }


def view_subtitle(G: nx.MultiDiGraph, lang: str = "fr") -> str:
    """The line under the title of a view: what a département's view or a structure's
    neighbourhood shows ("" for the whole network).

    >>> from ppgraph.network import example_network, structure_neighbourhood
    >>> view_subtitle(structure_neighbourhood(example_network(), "cci-23", depth=2), "en")
    'Organisations and territories at most 2 links away from “CCI fictive”.'
    """
    t = catalogue(lang)
    if "centre" in G.graph:
        return t("viz.sous_titre_structure", n=G.graph.get("depth", 1),
                 nom=G.nodes[G.graph["centre"]]["label"])
    if G.graph.get("departement"):
        return t.viz.sous_titre_departement
    return ""


def render_view(G: nx.MultiDiGraph, *, lang: str = "fr", title: str | None = None,
                subtitle: str | None = None, seed: int = 2019,
                notices: Iterable[str] = ()) -> str:
    """The view of ``G`` as one self-contained HTML page (a string).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An actor graph (:func:`ppgraph.network.actor_graph`) or a part of one
        (:func:`ppgraph.network.departement_subgraph`,
        :func:`ppgraph.network.structure_neighbourhood`).
    lang : "fr" or "en"
        Language of the interface.
    title : str, optional
        Title of the page (default: :func:`view_title`).
    subtitle : str, optional
        A line under the title (default: :func:`view_subtitle`).
    seed : int
        Seed of the layout (see :func:`view_data`).
    notices : iterable of str
        Messages shown above the view (as text).

    Returns
    -------
    str
        The HTML5 document. It is the same for the same graph and arguments (no date in it).

    Raises
    ------
    InputError
        If the graph is empty.
    """
    if G.number_of_nodes() == 0:
        raise InputError("viz.erreurs.vide")
    if subtitle is None:
        subtitle = view_subtitle(G, lang)
    context = view_context(G, lang=lang, title=title, subtitle=subtitle, seed=seed,
                           notices=notices)
    return environment(lang).get_template("reseau-page.html").render(vue=context, root="")


def write_view(G: nx.MultiDiGraph, path: str | os.PathLike, **options: Any) -> Path:
    """Write :func:`render_view` of ``G`` to ``path`` (UTF-8) and return the path.

    Raises
    ------
    InputError
        If the file cannot be written.
    """
    html = render_view(G, **options)
    target = Path(path)
    try:
        if target.parent and not target.parent.exists():
            target.parent.mkdir(parents=True)
        target.write_text(html, encoding="utf-8", newline="\n")
    except OSError as err:
        raise InputError("viz.erreurs.ecriture_impossible", chemin=str(target),
                         cause=err.strerror or str(err)) from err
    return target


def view_summary(G: nx.MultiDiGraph, path: str | os.PathLike, lang: str = "fr") -> str:
    """What ``ppgraph viz`` says once the view is written: the file and what it shows, then
    how to open it.

    >>> from ppgraph.network import example_network
    >>> print(view_summary(example_network(), "reseau.html", "en"))
    View written to reseau.html: 6 organisations, 0 territories, 11 referrals.
    Open it in a browser: it works offline and contacts no server.
    """
    kinds = Counter(k for _, k in G.nodes(data="kind"))
    referrals = sum(w for *_, k, w in G.edges(keys=True, data="weight") if k == "oriente")
    parts = [plural("viz.comptes.structures", kinds["structure"], lang),
             plural("viz.comptes.territoires", kinds["territoire"], lang),
             plural("viz.comptes.orientations", referrals, lang)]
    if kinds["projet"]:
        parts.append(plural("viz.comptes.projets", kinds["projet"], lang))
    return "\n".join([message("viz.ecrite", lang, chemin=str(path), compte=", ".join(parts)),
                      message("viz.ouvrir", lang)])


def log_scale(value: float) -> float:
    """A size that grows with the logarithm of a count (views: 0 → 1, 100 → about 5.7).

    >>> log_scale(0), round(log_scale(100), 1)
    (1.0, 5.7)
    """
    return 1.0 + math.log2(1 + max(0.0, value)) * 0.7

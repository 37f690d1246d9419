"""Interactive views of the actor network: one self-contained HTML file per view.

A view is a single page that carries everything it needs: the vis-network library (inlined,
see ``ppgraph/templates/vis-network/``), its data as JSON and its script. It asks nothing of
any other host, so it works offline and from a USB stick. Its interface is French (English
with ``lang="en"``): a legend that doubles as filters (kind of structure, level of support,
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
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import __version__
from .errors import InputError
from .network import (LINK_KINDS, SUPPORT_LINKS, actor_graph, degree_weights,
                      departement_subgraph, log_scale)
from .site import STRINGS, TEMPLATE_DIR, Site, interface_strings, register_page

__all__ = ["LARGE_VIEW", "VIS_NETWORK_VERSION", "view_data", "render_view", "write_view",
           "view_title", "cluster_layout"]

LARGE_VIEW = 2000
"""Above this many nodes, a view has no physics simulation and a precomputed layout."""

VIS_NETWORK_VERSION = "10.1.5"
VIS_DIR = TEMPLATE_DIR / "vis-network"

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

_STRINGS = {
    "fr": {
        "nav_reseau": "Réseau des acteurs",
        "reseau_titre": "Réseau des acteurs",
        "reseau_titre_region": "Réseau des acteurs — {region}",
        "reseau_titre_departement": "Réseau des acteurs — {nom} ({code})",
        "reseau_titre_structure": "Autour de « {nom} »",
        "reseau_sous_titre_structure": "Structures et territoires à {n} lien(s) au plus de « {nom} ».",
        "reseau_sous_titre_departement": "Les structures du département, les territoires qu'elles "
                                         "couvrent et, en pâle, les structures d'ailleurs avec "
                                         "lesquelles elles sont en lien.",
        "reseau_intro": "Qui accompagne les porteurs de projet, et qui les oriente vers qui. "
                        "Chaque rond est une structure\u00a0: sa couleur dit son type, sa "
                        "bordure son niveau d'accompagnement déclaré, sa taille le nombre de "
                        "ses liens d'accompagnement. Les carrés gris sont les territoires "
                        "couverts. Survolez un élément pour ses coordonnées publiques, "
                        "cliquez-le pour la liste de ses liens.",
        "reseau_compte": {"structure": "Structures", "territoire": "Territoires",
                          "groupe": "Groupes de travail", "projet": "Projets",
                          "oriente": "Orientations", "partenaire": "Partenariats"},
        "reseau_grand": "Ce réseau compte {n} nœuds\u00a0: au-delà de {seuil}, la simulation "
                        "physique est désactivée pour que le navigateur reste fluide, et les "
                        "nœuds sont disposés à l'avance, regroupés par département. Zoomez pour "
                        "lire les noms\u00a0; les filtres allègent l'affichage.",
        "reseau_personnel": "Cette vue contient des données personnelles (noms des techniciens, "
                            "porteurs de projet)\u00a0: ne la publiez pas et ne la transmettez "
                            "qu'aux personnes habilitées.",
        "reseau_noscript": "Cette vue a besoin de JavaScript pour dessiner le réseau. La liste "
                           "des structures reste lisible dans les exports (ppgraph network "
                           "export).",
        "reseau_filtres": "Recherche, filtres et légende",
        "reseau_rechercher": "Rechercher une structure",
        "reseau_rechercher_aide": "Un mot du nom, sans se soucier des accents. Entrée\u00a0: "
                                  "aller au premier résultat.",
        "reseau_aucun_resultat": "Aucun élément ne correspond.",
        "reseau_familles": "Structures (couleur\u00a0: type)",
        "reseau_autres": "Autres éléments",
        "reseau_kinds": {"territoire": "Territoires couverts ou desservis",
                         "groupe": "Groupes de travail",
                         "projet": "Projets accompagnés (anonymes)"},
        "reseau_niveaux": "Niveau d'accompagnement déclaré (bordure)",
        "reseau_niveau_inconnu": "Non renseigné",
        "reseau_liens": "Liens",
        "reseau_liens_libelles": {
            "oriente": "oriente des porteurs vers", "partenaire": "partenaire de",
            "rattachee": "fait partie de", "membre_reseau": "membre du réseau",
            "membre_groupe": "a des membres dans le groupe de travail",
            "anime": "anime le groupe de travail", "couvre": "couvre le territoire",
            "dessert": "dessert le territoire (offre)", "accompagne": "accompagne le projet"},
        "reseau_liens_inverses": {
            "oriente": "reçoit des porteurs orientés par", "partenaire": "partenaire de",
            "rattachee": "compte parmi ses parties", "membre_reseau": "a pour membres",
            "membre_groupe": "compte des membres de", "anime": "animé par",
            "couvre": "couvert par", "dessert": "desservi par", "accompagne": "accompagné par"},
        "reseau_departements": "Départements",
        "reseau_tous": "Tous",
        "reseau_aucun": "Aucun",
        "reseau_regional": "Échelle régionale",
        "reseau_taille": "Taille d'une structure\u00a0: nombre de ses liens d'accompagnement "
                         "dans cette vue (orientations envoyées et reçues, partenariats, "
                         "rattachements). Épaisseur d'une orientation\u00a0: nombre de porteurs "
                         "orientés.",
        "reseau_toile": "Graphe du réseau\u00a0: flèches du clavier pour se déplacer, + et - "
                        "pour zoomer\u00a0; le tableau sous le graphe donne les mêmes "
                        "informations.",
        "reseau_recentrer": "Recentrer",
        "reseau_fermer": "Fermer le détail",
        "reseau_visibles": "{n} nœuds affichés sur {total}.",
        "reseau_chargement": "Calcul de la disposition…",
        "reseau_details_aide": "Cliquez sur une structure (ou cherchez-la) pour voir ses "
                               "coordonnées publiques et ses liens.",
        "reseau_externe": "Hors du département affiché",
        "reseau_liste": "Liste des structures (tableau)",
        "reseau_colonnes": ["Structure", "Type", "Niveau déclaré", "Département",
                            "Orientations reçues", "Orientations envoyées"],
        "reseau_hors_ligne": "Cette page contient tout ce qu'il lui faut (bibliothèque "
                             "vis-network {version}, licences Apache 2.0 ou MIT, incluse)\u00a0: "
                             "elle fonctionne sans connexion, depuis une clé USB, et ne "
                             "contacte aucun serveur.",
        "reseau_vues": "Vue régionale",
        "reseau_autres_vues": "Autres vues du réseau",
        "reseau_details": {
            "type": "Type", "niveau": "Niveau déclaré", "departement": "Département",
            "commune": "Commune du siège", "email": "Courriel", "telephone": "Téléphone",
            "website": "Site web", "services": "Services proposés",
            "referrals_received": "Orientations reçues", "referrals_sent": "Orientations envoyées",
            "personal": "Données personnelles", "etape": "Étape", "code": "Code",
            "iri": "Identifiant", "non_decrite": "Décrite par aucune soumission (citée par un lien)"},
    },
    "en": {
        "nav_reseau": "Actor network",
        "reseau_titre": "Actor network",
        "reseau_titre_region": "Actor network — {region}",
        "reseau_titre_departement": "Actor network — {nom} ({code})",
        "reseau_titre_structure": "Around “{nom}”",
        "reseau_sous_titre_structure": "Organisations and territories at most {n} link(s) away "
                                       "from “{nom}”.",
        "reseau_sous_titre_departement": "The département's organisations, the territories they "
                                         "cover and, faded, the organisations elsewhere they are "
                                         "linked to.",
        "reseau_intro": "Who supports project holders, and who refers them to whom. Each circle "
                        "is an organisation: its colour tells its kind, its border its declared "
                        "level of support, its size the number of its support links. Grey "
                        "squares are the territories covered. Hover over an element for its "
                        "public details, click it for the list of its links.",
        "reseau_compte": {"structure": "Organisations", "territoire": "Territories",
                          "groupe": "Working groups", "projet": "Projects",
                          "oriente": "Referrals", "partenaire": "Partnerships"},
        "reseau_grand": "This network has {n} nodes: above {seuil}, the physics simulation is "
                        "off so that the browser stays responsive, and nodes are laid out in "
                        "advance, grouped by département. Zoom in to read the names; filters "
                        "lighten the display.",
        "reseau_personnel": "This view contains personal data (officers' and project holders' "
                            "names): do not publish it, and share it only with authorised "
                            "people.",
        "reseau_noscript": "This view needs JavaScript to draw the network. The list of "
                           "organisations is available in the exports (ppgraph network export).",
        "reseau_filtres": "Search, filters and legend",
        "reseau_rechercher": "Search for an organisation",
        "reseau_rechercher_aide": "A word of the name, accents ignored. Enter: go to the first "
                                  "result.",
        "reseau_aucun_resultat": "Nothing matches.",
        "reseau_familles": "Organisations (colour: kind)",
        "reseau_autres": "Other elements",
        "reseau_kinds": {"territoire": "Territories covered or served",
                         "groupe": "Working groups",
                         "projet": "Supported projects (anonymous)"},
        "reseau_niveaux": "Declared level of support (border)",
        "reseau_niveau_inconnu": "Not stated",
        "reseau_liens": "Links",
        "reseau_liens_libelles": {
            "oriente": "refers project holders to", "partenaire": "partner of",
            "rattachee": "part of", "membre_reseau": "member of network",
            "membre_groupe": "has members in the working group",
            "anime": "convenes the working group", "couvre": "covers the territory",
            "dessert": "serves the territory (offer)", "accompagne": "supports the project"},
        "reseau_liens_inverses": {
            "oriente": "receives project holders referred by", "partenaire": "partner of",
            "rattachee": "has as parts", "membre_reseau": "has as members",
            "membre_groupe": "counts members from", "anime": "convened by",
            "couvre": "covered by", "dessert": "served by", "accompagne": "supported by"},
        "reseau_departements": "Départements",
        "reseau_tous": "All",
        "reseau_aucun": "None",
        "reseau_regional": "Regional level",
        "reseau_taille": "Size of an organisation: number of its support links in this view "
                         "(referrals sent and received, partnerships, parent organisations). "
                         "Width of a referral: number of project holders referred.",
        "reseau_toile": "Network graph: arrow keys to move, + and - to zoom; the table below "
                        "the graph gives the same information.",
        "reseau_recentrer": "Fit to screen",
        "reseau_fermer": "Close the details",
        "reseau_visibles": "{n} of {total} nodes shown.",
        "reseau_chargement": "Computing the layout…",
        "reseau_details_aide": "Click an organisation (or search for it) to see its public "
                               "details and its links.",
        "reseau_externe": "Outside the département shown",
        "reseau_liste": "List of organisations (table)",
        "reseau_colonnes": ["Organisation", "Kind", "Declared level", "Département",
                            "Referrals received", "Referrals sent"],
        "reseau_hors_ligne": "This page carries everything it needs (the vis-network {version} "
                             "library, Apache 2.0 or MIT licence, included): it works offline, "
                             "from a USB stick, and contacts no server.",
        "reseau_vues": "Regional view",
        "reseau_autres_vues": "Other views of the network",
        "reseau_details": {
            "type": "Kind", "niveau": "Declared level", "departement": "Département",
            "commune": "Head office", "email": "E-mail", "telephone": "Telephone",
            "website": "Website", "services": "Services offered",
            "referrals_received": "Referrals received", "referrals_sent": "Referrals sent",
            "personal": "Personal data", "etape": "Step", "code": "Code",
            "iri": "Identifier", "non_decrite": "Described by no submission (cited by a link)"},
    },
}
STRINGS["fr"].update(_STRINGS["fr"])
STRINGS["en"].update(_STRINGS["en"])

_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                 ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def json_for_script(data: Any) -> str:
    """JSON that can sit inside a ``<script type="application/json">`` element: ``<``, ``>``,
    ``&`` (and the JavaScript line separators) are written as ``\\u`` escapes, so that no
    text in the data can close the element or open a comment.

    >>> json_for_script({"nom": "</script><b>"})
    '{"nom":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES:  # str.replace is much faster than str.translate here
        text = text.replace(char, escape)
    return text


@functools.lru_cache(maxsize=None)
def _vis_js() -> str:
    text = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    # The source map is not shipped: a browser would look for it on disk when devtools open.
    text = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", text)
    if re.search(r"</script|<!--", text, re.IGNORECASE):
        raise RuntimeError("vis-network.min.js ne peut pas être inclus tel quel dans <script>")
    return text


@functools.lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (TEMPLATE_DIR / name).read_text(encoding="utf-8")


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
    t = interface_strings(lang)
    if "centre" in G.graph:
        return t["reseau_titre_structure"].format(nom=G.nodes[G.graph["centre"]]["label"])
    code = G.graph.get("departement")
    if code:
        name = G.graph.get("departements", {}).get(code) or code
        return t["reseau_titre_departement"].format(nom=name, code=code)
    regions = G.graph.get("regions") or []
    if len(regions) == 1:
        return t["reseau_titre_region"].format(region=regions[0])
    return t["reseau_titre"]


def _details(d: Mapping[str, Any], t: Mapping[str, Any]) -> list[list[str]]:
    labels = t["reseau_details"]
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
        :data:`LARGE_VIEW` nodes), ``graine``, ``textes``.

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> data = view_data(example_network())
    >>> len(data["noeuds"]), len(data["aretes"]), data["physique"]
    (6, 4, True)
    """
    t = interface_strings(lang)
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

    dep_names = dict(G.graph.get("departements", {}))
    for _, d in G.nodes(data=True):
        if d.get("departement_label"):
            dep_names.setdefault(d.get("departement", ""), d["departement_label"])
    codes = sorted({d.get("departement", "") for _, d in G.nodes(data=True)},
                   key=lambda c: (c == "", len(c), c))
    deps = []
    for c in codes:
        name = dep_names.get(c, "")
        deps.append({"code": c, "libelle": f"{name} ({c})" if c and name else (c or t["reseau_regional"])})
    dep_index = {d["code"]: i for i, d in enumerate(deps)}

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
            "taille": round(log_scale(sizes.get(n, 0)), 3), "x": x, "y": y,
            "externe": bool(d.get("external", False)), "details": _details(d, t),
        })
    aretes = [{"from": index[u], "to": index[v], "kind": k, "poids": int(w)}
              for u, v, k, w in sorted(G.edges(keys=True, data="weight"),
                                       key=lambda e: (index[e[0]], index[e[1]], e[2]))]
    link_labels, inverse = t["reseau_liens_libelles"], t["reseau_liens_inverses"]
    liens = {k: {**{key: v for key, v in LINK_STYLES[k].items() if key != "css"},
                 "libelle": link_labels[k], "inverse": inverse[k]} for k in LINK_KINDS}
    rank_floor = G.graph.get("niveau_floor", min((n["rang"] for n in niveaux if n["rang"] >= 0),
                                                  default=0))
    return {
        "noeuds": noeuds, "aretes": aretes, "familles": families, "niveaux": niveaux,
        "deps": deps, "liens": liens, "rangPlancher": rank_floor,
        "couleurs": NODE_COLOURS, "formes": NODE_SHAPES, "tailles": NODE_SIZES,
        "physique": not large, "graine": int(seed),
        "iterations": 200 if len(order) < 600 else 120,
        "textes": {"chargement": t["reseau_chargement"], "externe": t["reseau_externe"],
                   "aucunResultat": t["reseau_aucun_resultat"], "visibles": t["reseau_visibles"],
                   "siteWeb": t["reseau_details"]["website"], "colonnes": t["reseau_colonnes"],
                   "niveauInconnu": t["reseau_niveau_inconnu"]},
    }


def _view_context(G: nx.MultiDiGraph, *, lang: str, title: str | None, subtitle: str | None,
                  seed: int, links: list[dict] | None = None,
                  notices: Iterable[str] = ()) -> dict:
    t = interface_strings(lang)
    data = view_data(G, lang=lang, seed=seed)
    number = (lambda n: f"{n:,}".replace(",", "\u202f")) if lang == "fr" else (lambda n: f"{n:,}")
    kinds = Counter(n["kind"] for n in data["noeuds"])
    link_counts = Counter(a["kind"] for a in data["aretes"])
    link_weights = Counter()
    for a in data["aretes"]:
        link_weights[a["kind"]] += a["poids"]
    counts = [(t["reseau_compte"][k], number(kinds[k]))
              for k in ("structure", "territoire", "groupe", "projet") if kinds[k]]
    for k in ("oriente", "partenaire"):
        if link_weights[k]:
            counts.append((t["reseau_compte"][k], number(link_weights[k])))

    structures = [n for n in data["noeuds"] if n["kind"] == "structure"]
    fam_counts = Counter(n["famille"] for n in structures)
    families = [{"index": i, "label": f["libelle"], "colour": f["couleur"], "count": number(fam_counts[i])}
                for i, f in enumerate(data["familles"]) if fam_counts[i]]
    if fam_counts[-1]:
        families.append({"index": -1, "label": t["reseau_niveau_inconnu"],
                         "colour": NODE_COLOURS["inconnue"], "count": number(fam_counts[-1])})
    others = [{"kind": k, "label": t["reseau_kinds"][k], "colour": NODE_COLOURS[k],
               "css": _KIND_CSS[k], "count": number(kinds[k])}
              for k in ("groupe", "territoire", "projet") if kinds[k]]
    niv_counts = Counter(n["niveau"] for n in structures)
    floor = data["rangPlancher"]
    niveaux = []
    for i, n in enumerate(data["niveaux"]):
        if niv_counts[i]:
            width = 1 + 1.5 * max(0, n["rang"] - floor)
            style = "dashed" if n["rang"] <= floor else "solid"
            niveaux.append({"index": i, "label": n["libelle"], "count": number(niv_counts[i]),
                            "border": f"{width:g}px {style} #1d232b"})
    if niv_counts[-1]:
        niveaux.append({"index": -1, "label": t["reseau_niveau_inconnu"],
                        "count": number(niv_counts[-1]), "border": "1px solid #9aa3ad"})
    link_kinds = [{"kind": k, "label": t["reseau_liens_libelles"][k], "css": LINK_STYLES[k]["css"],
                   "hidden": bool(LINK_STYLES[k].get("cache")),
                   "count": number(link_weights[k] if k == "oriente" else link_counts[k])}
                  for k in LINK_KINDS if link_counts[k]]
    dep_counts = Counter(n["dep"] for n in data["noeuds"])
    departements = [{"index": i, "label": d["libelle"], "count": number(dep_counts[i])}
                    for i, d in enumerate(data["deps"]) if dep_counts[i]]

    all_notices = [{"text": str(n), "personal": False} for n in notices]
    if not data["physique"]:
        all_notices.append({"text": t["reseau_grand"].format(n=number(len(data["noeuds"])),
                                                              seuil=number(LARGE_VIEW)),
                            "personal": False})
    if any(d.get("personal") for _, d in G.nodes(data=True)) or G.graph.get("include_personal"):
        all_notices.append({"text": t["reseau_personnel"], "personal": True})

    vis_js = _vis_js()
    page_js = _asset("reseau.js")
    csp = ("default-src 'none'; script-src " + _csp_hash(vis_js) + " " + _csp_hash(page_js)
           + "; style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
             "form-action 'none'; base-uri 'none'")
    return {
        "title": title or view_title(G, lang), "subtitle": subtitle or "",
        "counts": counts, "links": links or [], "notices": all_notices,
        "families": families, "kinds": others, "niveaux": niveaux, "link_kinds": link_kinds,
        "departements": departements, "vis_version": VIS_NETWORK_VERSION,
        "css": Markup(_asset("reseau.css")),
        "data_json": Markup(json_for_script(data)),
        "vis_js": Markup(vis_js), "page_js": Markup(page_js), "csp": csp,
    }


def _environment(lang: str) -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.globals.update(t=interface_strings(lang), lang=lang, version=__version__, root="")
    return env


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
        A line under the title.
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
        raise InputError("Le réseau à afficher est vide : aucune structure dans le magasin "
                         "(versez une soumission, ou construisez la démo avec « ppgraph demo »).")
    if subtitle is None and "centre" in G.graph:
        t = interface_strings(lang)
        subtitle = t["reseau_sous_titre_structure"].format(
            n=G.graph.get("depth", 1), nom=G.nodes[G.graph["centre"]]["label"])
    elif subtitle is None and G.graph.get("departement"):
        subtitle = interface_strings(lang)["reseau_sous_titre_departement"]
    context = _view_context(G, lang=lang, title=title, subtitle=subtitle, seed=seed,
                            notices=notices)
    return _environment(lang).get_template("reseau-page.html").render(vue=context)


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
        raise InputError(f"Impossible d'écrire la vue dans « {target} » : "
                         f"{err.strerror or err}.") from err
    return target


# -- the site: the regional view and one view per département ------------------------------------

def _departement_filename(code: str) -> str:
    return f"reseau-{re.sub(r'[^A-Za-z0-9]', '-', code)}.html"


@register_page("reseau", "reseau.html", "nav_reseau", template="reseau-site.html")
def network_page(site: Site) -> dict | None:
    """The regional view of the network and, as sub-pages, one view per département
    (``reseau-<code>.html``). Left out when the store has no structure."""
    G = actor_graph(site.store, lang=site.lang)
    if not any(k == "structure" for _, k in G.nodes(data="kind")):
        return None
    t = site.strings
    codes = [c for c in G.graph["departements"]
             if any(d.get("departement") == c and d.get("kind") == "structure"
                    for _, d in G.nodes(data=True))]
    names = G.graph["departements"]

    def links(current: str | None) -> list[dict]:
        out = [{"href": "reseau.html", "label": t["reseau_vues"], "current": current is None}]
        out += [{"href": _departement_filename(c), "label": f"{names.get(c) or c} ({c})",
                 "current": current == c} for c in codes]
        return out

    for code in codes:
        H = departement_subgraph(G, code)
        title = view_title(H, site.lang)
        site.add_page(_departement_filename(code), "reseau-site.html", title,
                      vue=_view_context(H, lang=site.lang, title=title,
                                        subtitle=t["reseau_sous_titre_departement"],
                                        seed=2019, links=links(code)))
    title = view_title(G, site.lang)
    return {"page_title": title,
            "vue": _view_context(G, lang=site.lang, title=title, subtitle=None, seed=2019,
                                 links=links(None))}

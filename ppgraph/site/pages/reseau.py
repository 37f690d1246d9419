"""The network pages: the regional view of the actor network and one view per département."""

from __future__ import annotations

import re

from ...network import actor_graph, departement_subgraph
from ...viz import view_context, view_title
from ..core import Page, Site

__all__ = ["PAGE", "network_page", "departement_view_filename"]


def departement_view_filename(code: str) -> str:
    """The network view of a département on the site.

    >>> departement_view_filename("23")
    'reseau-23.html'
    """
    return f"reseau-{re.sub(r'[^A-Za-z0-9]', '-', code)}.html"


def network_page(site: Site) -> dict | None:
    """The regional view of the network and, as sub-pages, one view per département
    (``reseau-<code>.html``). Left out when the store has no structure."""
    G = actor_graph(site.store, lang=site.lang)
    if not any(k == "structure" for _, k in G.nodes(data="kind")):
        return None
    t = site.t.viz
    codes = [c for c in G.graph["departements"]
             if any(d.get("departement") == c and d.get("kind") == "structure"
                    for _, d in G.nodes(data=True))]
    names = G.graph["departements"]

    def links(current: str | None) -> list[dict]:
        out = [{"href": "reseau.html", "label": t.vues, "current": current is None}]
        out += [{"href": departement_view_filename(c), "label": f"{names.get(c) or c} ({c})",
                 "current": current == c} for c in codes]
        return out

    for code in codes:
        H = departement_subgraph(G, code)
        title = view_title(H, site.lang)
        site.add_page(departement_view_filename(code), "reseau-site.html", title,
                      vue=view_context(H, lang=site.lang, title=title,
                                       subtitle=t.sous_titre_departement, seed=2019,
                                       links=links(code)))
    title = view_title(G, site.lang)
    return {"page_title": title,
            "vue": view_context(G, lang=site.lang, title=title, subtitle=None, seed=2019,
                                links=links(None))}


PAGE = Page("reseau", "reseau.html", "site.nav.reseau", "reseau-site.html", network_page)

"""The home page: the network, the levels of support and the figures per département."""

from __future__ import annotations

from ..core import Page, Site

__all__ = ["PAGE", "home_page"]


def home_page(site: Site) -> dict:
    """The context of ``accueil.html``: levels of support (linked to the glossary), the
    figures table and the size of the glossary."""
    niveaux = [{"column": n, "href": site.glossary_href(n.iri)} for n in site.figures.niveaux]
    return {"page_title": site.t.site.accueil.titre, "figures": site.figures,
            "niveaux": niveaux, "glossary": site.glossary,
            "glossary_page": site.page_href("glossaire")}


PAGE = Page("accueil", "index.html", "site.nav.accueil", "accueil.html", home_page)

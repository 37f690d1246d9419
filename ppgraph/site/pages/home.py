"""The home page: the network, the levels of support and the figures per département."""

from __future__ import annotations

from ..core import Page, Site
from .qui_fait_quoi import departement_filename, departement_pages

__all__ = ["PAGE", "home_page"]


def home_page(site: Site) -> dict:
    """The context of ``accueil.html``: levels of support (linked to the glossary), the
    figures table (each département's name linked to its « qui fait quoi » page when the
    site has them) and the size of the glossary."""
    niveaux = [{"column": n, "href": site.glossary_href(n.iri)} for n in site.figures.niveaux]
    links = {code: departement_filename(code) for code in departement_pages(site)}
    return {"page_title": site.t.site.accueil.titre, "figures": site.figures, "liens": links,
            "niveaux": niveaux, "glossary": site.glossary,
            "glossary_page": site.page_href("glossaire")}


PAGE = Page("accueil", "index.html", "site.nav.accueil", "accueil.html", home_page)

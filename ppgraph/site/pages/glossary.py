"""The glossary page: every list and concept of the référentiel with its definition."""

from __future__ import annotations

from ..core import Page, Site

__all__ = ["PAGE", "glossary_page"]


def glossary_page(site: Site) -> dict:
    """The context of ``glossaire.html``: the published référentiel, with the local concepts
    of every territory (each marked as such), and its alphabetical index."""
    # Here, not at the top: ppgraph.glossary reads the site's glossary (an import cycle).
    from ...glossary import alphabetical_index

    return {"page_title": site.t.site.glossaire.titre, "glossary": site.glossary,
            "glossary_index": alphabetical_index(site.glossary)}


PAGE = Page("glossaire", "glossaire.html", "site.nav.glossaire", "glossaire.html", glossary_page)

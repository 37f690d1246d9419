"""The glossary page: every list and concept of the référentiel with its definition."""

from __future__ import annotations

from ..core import Page, Site

__all__ = ["PAGE", "glossary_page"]


def glossary_page(site: Site) -> dict:
    """The context of ``glossaire.html``: the published référentiel."""
    return {"page_title": site.t.site.glossaire.titre, "glossary": site.glossary}


PAGE = Page("glossaire", "glossaire.html", "site.nav.glossaire", "glossaire.html", glossary_page)

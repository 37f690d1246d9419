"""The page « Compétences et besoins de formation »: the training gaps, region and départements.

The same body as ``ppgraph needs --format html`` (the closing-day report), in the site's
layout. Its reference date is that of the data (the most recent submission in the store), so
that the same store always gives the same page.
"""

from __future__ import annotations

from ...needs import latest_submission_date, training_needs
from ...needs.page import report_context
from ..core import Page, Site

__all__ = ["PAGE", "needs_page"]


def needs_page(site: Site) -> dict | None:
    """The context of ``besoins.html``; left out when no structure offers a service at a
    level (nothing to assess)."""
    needs = training_needs(site.store, as_of=latest_submission_date(site.store),
                           lang=site.lang)
    if needs.region is None or not (needs.region.assessed or needs.region.not_assessed):
        return None
    context = report_context(needs)
    context["page_title"] = site.t.needs.page.titre
    return context


PAGE = Page("besoins", "besoins-formation.html", "needs.page.nav", "besoins.html", needs_page)

"""The validation pages: the reports published with the site, listed, and one page per report."""

from __future__ import annotations

from ...validation import report_context
from ..core import Page, Site

__all__ = ["PAGE", "validation_page"]


def validation_page(site: Site) -> dict | None:
    """The reports of ``site.validation_reports`` (:class:`ppgraph.validation.PublishedReport`):
    a table of their outcomes and, as sub-pages, each report as the person who filled the
    workbook reads it (``validation/<slug>.html``, personal values hidden). Left out when
    there is no report to publish."""
    reports = site.validation_reports
    if not reports:
        return None
    t = site.t.site.validation
    items = []
    site.add_page("validation/rapport-validation.css", "rapport-validation.css", "")
    for published in reports:
        href = f"validation/{published.slug}.html"
        context = report_context(published.report, site.lang, publish=True)
        site.add_page(href, "validation-rapport.html",
                      site.t("site.validation.titre_rapport", titre=t.titre,
                             rapport=published.title),
                      report=context, heading=published.title, outcome=published.outcome,
                      back=site.page_href("validation", root="../"),
                      css="rapport-validation.css")
        items.append({"title": published.title, "outcome": published.outcome, "href": href,
                      "conforms": published.report.conforms,
                      "counts": published.report.counts, "source": published.report.source})
    refused = sum(1 for i in items if not i["conforms"])
    summary = site.t("site.validation.resume",
                     versees=site.t("site.validation.versees", n=len(items) - refused),
                     refusees=site.t("site.validation.refusees", n=refused))
    return {"page_title": t.titre, "items": items, "summary": summary}


PAGE = Page("validation", "validation.html", "site.nav.validation", "validation.html",
            validation_page)

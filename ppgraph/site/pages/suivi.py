"""The follow-up page: aggregate indicators of what became of the holders, small counts suppressed."""

from __future__ import annotations

from ...followup import load_followup
from ...followup.indicators import indicators_from
from ...followup.page import indicators_page_context
from ...resources import query_text
from ..core import Page, Site

__all__ = ["PAGE", "followup_page"]


def followup_page(site: Site) -> dict | None:
    """The context of ``suivi.html``, on the latest day the data speak of (no generation
    date: the same store gives the same page). Left out when the store has no project."""
    data = load_followup(site.store)
    days = [d for p in data.projects.values() for d in (p.first_contact, p.opened) if d]
    days += [c.day for cs in data.contacts.values() for c in cs]
    days += [d for ss in data.statuses.values() for d, _ in ss]
    if not data.projects or not days:
        return None
    structures = {s for p in data.projects.values() for s, _ in p.accompaniments}
    names: dict = {}
    for r in site.store.select(query_text("libelles"), {"x": sorted(structures)}):
        names.setdefault(r["x"], str(r["libelle"]))
    ind = indicators_from(data, max(days), site.lang, names)
    return {"page_title": site.t.followup.page.titre,
            "suivi": indicators_page_context(ind, site.lang)}


PAGE = Page("suivi", "suivi.html", "followup.page.nav", "suivi.html", followup_page)

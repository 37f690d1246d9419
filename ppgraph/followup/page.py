"""The follow-up indicators as an HTML page: bar charts drawn in inline SVG, and the tables.

One body (``templates/suivi-corps.html``) for the site's page (``suivi.html``, in the site's
layout) and for ``ppgraph followup stats --format html`` (a page of its own). Suppressed
figures are drawn as no bar, with « (s) ».
"""

from __future__ import annotations

from ..html import environment
from ..i18n import catalogue
from .indicators import SMALL_COUNT, Figure, Indicators, _table_rows

__all__ = ["indicators_page_context", "render_indicators_html"]

_WIDTH = 300  # pixels of a 100 % bar


def _bar(label: str, figure: Figure, lang: str) -> dict:
    value = figure.value if figure.value is not None else None
    return {"label": label, "width": round(_WIDTH * value) if value is not None else 0,
            "text": figure.text(lang, percent=True)}


def indicators_page_context(ind: Indicators, lang: str = "fr") -> dict:
    """The context of ``suivi-corps.html``: two charts (share opened by département; share
    still active after 1 and 3 years by niveau) and the tables of every breakdown."""
    cat = catalogue(lang)
    header, rows = _table_rows(ind, lang)
    opened = [_bar(r.label, r.share_opened, lang) for r in ind.rows
              if r.dimension in ("ensemble", "departement")]
    active = []
    for r in ind.rows:
        if r.dimension in ("ensemble", "niveau"):
            active.append({"label": r.label,
                           "bars": [_bar(cat("followup.page.legende_1"), r.share_active_1, lang),
                                    _bar(cat("followup.page.legende_3"), r.share_active_3, lang)]})
    tables = []
    for dim in ("ensemble", "departement", "niveau", "type"):
        tables.append({"title": cat(f"followup.dimensions.{dim}"),
                       "rows": [row for r, row in zip(ind.rows, rows) if r.dimension == dim]})
    return {"date": ind.on.strftime("%d/%m/%Y"), "seuil": SMALL_COUNT, "header": header,
            "opened": opened, "active": active, "tables": tables, "width": _WIDTH}


def render_indicators_html(ind: Indicators, lang: str = "fr") -> str:
    """A standalone HTML page of the indicators (``ppgraph followup stats --format html``)."""
    cat = catalogue(lang)
    return environment(lang).get_template("suivi-page.html").render(
        lang=lang, page_title=cat("followup.page.titre"), suivi=indicators_page_context(ind, lang))

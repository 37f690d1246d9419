"""The closing-day report (« remontée des manques de formation ») as HTML, with bar charts.

:func:`report_page` is ``ppgraph needs --format html``: one page that works offline (no
script, no resource from another host), whose charts are inline SVG drawn from the data (no
chart library) so that each can be copied into a slide, and which prints on A4 (each
département on its own pages). :func:`report_context` gives the same content to the site's
page « Compétences et besoins de formation » (:mod:`ppgraph.site.pages.needs`), through the
same body template (``besoins-corps.html``).
"""

from __future__ import annotations

from typing import Any

from ..html import environment
from ..i18n import catalogue
from .compute import ScopeNeeds, TrainingNeeds
from .report import scope_summary
from .tables import (competence_table, course_brief_table, date_text, level_text,
                     scope_title, session_table, summary_table)

__all__ = ["report_page", "report_context", "CHART_ROWS"]

CHART_ROWS = 12
"""At most this many competences in a chart (the most lacking ones)."""


def _anchor(scope: ScopeNeeds) -> str:
    return f"portee-{scope.code}" if scope.code else "portee-region"


def _chart(scope: ScopeNeeds, lang: str) -> dict[str, Any] | None:
    items = scope.competences[:CHART_ROWS]
    if not items:
        return None
    t = catalogue(lang)
    top = max(c.structures for c in items) or 1
    rows = [{"libelle": c.label, "valeur": c.structures, "largeur": round(560 * c.structures / top, 1),
             "detail": t("needs.structures", n=c.structures)} for c in items]
    return {"titre": t.needs.html.graphique,
            "description": t("needs.html.graphique_description", portee=scope_title(scope, lang)),
            "lignes": rows, "hauteur": 36 * len(rows) + 8, "id": _anchor(scope) + "-graphique"}


def _scope_context(scope: ScopeNeeds, lang: str, details: bool) -> dict[str, Any]:
    by_structure: dict[str, dict[str, Any]] = {}
    for g in scope.gaps:
        entry = by_structure.setdefault(g.structure, {"nom": g.structure_label,
                                                       "agents": g.agents, "manques": []})
        entry["manques"].append({"explication": g.explanation, "essentielle": g.essential,
                                 "requis": level_text(g.required, g.required_label, lang)})
    return {"titre": scope_title(scope, lang), "ancre": _anchor(scope),
            "resume": scope_summary(scope, lang), "graphique": _chart(scope, lang),
            "competences": competence_table(scope, lang),
            "formations": course_brief_table(scope, lang),
            "sessions": session_table(scope.sessions, lang), "manques": len(scope.gaps),
            "structures": list(by_structure.values()) if details else [],
            "sans_manque": [s.label for s in scope.without_gap] if details else [],
            "non_evaluees": [s.label for s in scope.not_assessed] if details else []}


def report_context(needs: TrainingNeeds) -> dict[str, Any]:
    """What ``besoins-corps.html`` shows: the summary by département, then a section per
    scope (the region, then each département) with its chart and tables."""
    lang = needs.lang
    scopes = [_scope_context(s, lang, details=s.code is not None) for s in needs.scopes]
    return {"date": date_text(needs.as_of, lang), "utiles": needs.include_useful,
            "synthese": summary_table(needs) if needs.region is not None else None,
            "portees": scopes,
            "ancres": {s.code: _anchor(s) for s in needs.departements}}


def report_page(needs: TrainingNeeds) -> str:
    """The standalone HTML report (``ppgraph needs --format html``)."""
    env = environment(needs.lang)
    return env.get_template("besoins-rapport.html").render(report_context(needs))

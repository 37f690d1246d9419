"""The tables of a training-needs report, built once and written by every renderer.

Each table is a :class:`Table` (title, headers, rows of plain values) in the reader's language:
the text report prints them, the workbook puts them in its sheets, the HTML report lays them
out. Numbers stay numbers and dates stay dates; each renderer writes them its own way.

>>> from ppgraph.needs.compute import TrainingNeeds
>>> import datetime
>>> empty = TrainingNeeds(datetime.date(2026, 6, 30), [], None, False, "en")
>>> summary_table(empty).headers[:3]
['Code', 'Département', 'Assessed']
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..i18n import catalogue, number
from .compute import ScopeNeeds, Session, TrainingNeeds

__all__ = ["Table", "summary_table", "competence_table", "course_table", "course_brief_table",
           "session_table",
           "gap_table", "structure_table", "scope_title", "date_text", "session_text",
           "level_text"]


@dataclass(frozen=True)
class Table:
    """A table of the report: ``numeric`` holds the indexes of its number columns."""

    title: str
    headers: list[str]
    rows: list[list[Any]]
    numeric: frozenset[int] = field(default_factory=frozenset)


def date_text(value: _dt.date, lang: str) -> str:
    """A date as the reader writes it: 12/10/2026 in French, 2026-10-12 in English."""
    return value.strftime("%d/%m/%Y") if lang == "fr" else value.isoformat()


def level_text(rank: int, label: str, lang: str) -> str:
    """« 2 (pratique) »; « 0 (aucun) » when nobody declares the competence."""
    t = catalogue(lang)
    if rank <= 0:
        return t.needs.aucun_niveau
    return t("needs.niveau_rang", rang=rank, libelle=label.lower() if lang == "fr" else
             label[:1].lower() + label[1:])


def session_text(s: Session, lang: str) -> str:
    """« du 12/10/2026 au 13/10/2026, Limoges (5 places) »."""
    t = catalogue(lang)
    dates = t("needs.du_au", debut=date_text(s.start, lang), fin=date_text(s.end, lang)) \
        if s.end and s.end != s.start else t("needs.le", debut=date_text(s.start, lang))
    places = t("needs.places_restantes", n=s.remaining) if s.remaining is not None \
        else t.needs.places_non_dites
    return t("needs.session_places", dates=dates, lieu=s.venue or t.needs.a_distance,
             places=places)


def scope_title(scope: ScopeNeeds, lang: str) -> str:
    """« Creuse (23) », or the region's name."""
    if scope.code is None:
        return scope.label
    return catalogue(lang)("needs.portee_departement", nom=scope.label, code=scope.code)


def _hours(value: float | None, lang: str) -> str:
    return catalogue(lang)("needs.heures", n=number(value, lang)) if value is not None else ""


def summary_table(needs: TrainingNeeds) -> Table:
    """One row per département (and a total for the region): structures assessed, with and
    without gaps, not assessed, agents concerned, gaps, the competence most lacking."""
    t = catalogue(needs.lang)
    c = t.needs.colonnes
    rows = []
    for s in needs.departements:
        rows.append(_summary_row(s.code or "", s.label, s, needs.lang))
    if needs.region is not None:
        rows.append(_summary_row("", t.needs.total_region, needs.region, needs.lang))
    return Table(t.needs.sections.par_departement.rstrip(" :"),
                 [c.code, c.departement, c.evaluees, c.avec, c.sans, c.non_evaluees, c.agents,
                  c.manques, c.premiere], rows, frozenset({2, 3, 4, 5, 6, 7}))


def _summary_row(code: str, label: str, s: ScopeNeeds, lang: str) -> list[Any]:
    first = s.competences[0].label if s.competences else catalogue(lang).needs.aucune
    return [code, label, len(s.assessed), len(s.with_gap), len(s.without_gap),
            len(s.not_assessed), s.agents_concerned, len(s.gaps), first]


def competence_table(scope: ScopeNeeds, lang: str) -> Table:
    """The lacking competences, ranked."""
    t = catalogue(lang)
    c = t.needs.colonnes
    rows = [[i, n.label, n.structures, n.agents, level_text(n.required, n.required_label, lang),
             n.registered, t.needs.separateur.join(n.courses) or t.needs.aucune]
            for i, n in enumerate(scope.competences, 1)]
    return Table(t.needs.sections.competences.rstrip(" :"),
                 [c.rang, c.competence, c.structures, c.agents, c.requis, c.inscrits,
                  c.formations], rows, frozenset({0, 2, 3, 5}))


def course_table(scope: ScopeNeeds, lang: str) -> Table:
    """The courses that would close the scope's gaps, ranked, with their upcoming sessions."""
    t = catalogue(lang)
    c = t.needs.colonnes
    rows = []
    for i, m in enumerate(scope.courses, 1):
        rows.append([i, m.label, m.organiser, _hours(m.hours, lang), m.mode or "",
                     level_text(m.target, m.target_label, lang), t.needs.separateur.join(m.closes),
                     m.structures, m.agents,
                     t.needs.separateur.join(session_text(s, lang) for s in m.sessions) or t.needs.aucune])
    return Table(t.needs.sections.formations.rstrip(" :"),
                 [c.rang, c.formation, c.organisme, c.duree, c.modalite, c.vise, c.comble,
                  c.structures, c.agents, c.sessions], rows, frozenset({0, 7, 8}))


def course_brief_table(scope: ScopeNeeds, lang: str) -> Table:
    """The same courses in fewer columns, for a page: the course with its provider, duration
    and mode in one cell."""
    t = catalogue(lang)
    c = t.needs.colonnes
    rows = []
    for i, m in enumerate(scope.courses, 1):
        mode = m.mode[:1].lower() + m.mode[1:] if m.mode else ""
        about = t.needs.separateur.join(x for x in (m.organiser, _hours(m.hours, lang), mode) if x)
        rows.append([i, t("needs.formation_detail", formation=m.label, detail=about),
                     level_text(m.target, m.target_label, lang), t.needs.separateur.join(m.closes),
                     m.structures, m.agents,
                     t.needs.separateur.join(session_text(s, lang) for s in m.sessions)
                     or t.needs.aucune])
    return Table(t.needs.sections.formations.rstrip(" :"),
                 [c.rang, c.formation, c.vise, c.comble, c.structures, c.agents, c.sessions],
                 rows, frozenset({0, 4, 5}))


def session_table(sessions: Sequence[Session], lang: str) -> Table:
    """Upcoming sessions that have places left, by date."""
    t = catalogue(lang)
    c = t.needs.colonnes
    rows = []
    for s in sessions:
        dates = t("needs.du_au", debut=date_text(s.start, lang), fin=date_text(s.end, lang)) \
            if s.end and s.end != s.start else date_text(s.start, lang)
        rows.append([s.course_label, dates, s.venue or t.needs.a_distance,
                     s.remaining if s.remaining is not None else t.needs.places_non_dites])
    return Table(t.needs.sections.sessions.rstrip(" :"), [c.formation, c.dates, c.lieu, c.places],
                 rows, frozenset({3}))


def gap_table(scopes: Sequence[ScopeNeeds], lang: str) -> Table:
    """Every gap of the départements given, structure by structure, with its explanation."""
    t = catalogue(lang)
    c = t.needs.colonnes
    rows = []
    for s in scopes:
        for g in s.gaps:
            rows.append([s.label, g.structure_label, g.agents, g.service_label, g.level_label,
                         g.competence_label,
                         t.needs.importance.essentielle if g.essential else t.needs.importance.utile,
                         level_text(g.required, g.required_label, lang),
                         g.held, g.explanation])
    return Table(t.needs.sections.detail.rstrip(" :"),
                 [c.departement, c.structure, c.agents_structure, c.service, c.niveau,
                  c.competence, c.importance, c.requis, c.detenu, c.explication], rows,
                 frozenset({2, 8}))


def structure_table(scopes: Sequence[ScopeNeeds], lang: str) -> Table:
    """Every structure that offers services at a level: with gaps, without, not assessed."""
    t = catalogue(lang)
    c = t.needs.colonnes
    rows = []
    for s in scopes:
        gaps = {}
        for g in s.gaps:
            gaps[g.structure] = gaps.get(g.structure, 0) + 1
        for ref in sorted(s.assessed + s.not_assessed, key=lambda r: (r.agents == 0, r.label)):
            status = t.needs.situation.non_evaluee if ref.agents == 0 else \
                t.needs.situation.avec_manque if ref.iri in gaps else t.needs.situation.sans_manque
            rows.append([s.label, ref.label, ref.agents, ref.services, gaps.get(ref.iri, 0),
                         status])
    return Table(t.needs.feuilles.structures,
                 [c.departement, c.structure, c.agents_structure, c.services_offerts,
                  c.manques, c.situation], rows, frozenset({2, 3, 4}))

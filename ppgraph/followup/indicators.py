"""Aggregate indicators of the follow-up, with small counts suppressed.

:func:`indicators` counts, on a given day, the holders accompanied per structure and niveau,
and, for all projects then by département, niveau and type of project: the share that
opened, the median time from first contact to opening, the share of the providers born of
those projects still active one and three years after opening. Every figure rests on counts
of at least :data:`SMALL_COUNT` (5, the ontology's ``pp:effectifMinimalPublie``) people or
businesses, or it is not published: a share needs at least 5 in its numerator, 5 in its
complement and so at least 10 in its denominator; a median at least 5 values. Nothing here
names anyone.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import SKOS

from ..i18n import catalogue, message, number
from ..reference import smallest_published_count
from ..resolver import vocabulary
from ..resources import graph as resource_graph, query_text
from ..store import GraphStore
from ..territories import territories
from ..text import text_table
from .data import FollowupData, Project, load_followup
from .due import csv_text
from .rules import ACTIVE, OPENED, add_months

__all__ = ["SMALL_COUNT", "Figure", "IndicatorRow", "Indicators", "indicators",
           "indicators_from", "render_indicators", "share", "count"]

SMALL_COUNT = smallest_published_count()
"""No published figure rests on fewer people or businesses than this: the ontology's
``pp:effectifMinimalPublie`` (5)."""

DIMENSIONS = ("ensemble", "departement", "niveau", "type")


@dataclass(frozen=True)
class Figure:
    """A published figure, or ``value=None`` when it is suppressed (``secret``) or has
    nothing to count (``secret`` False)."""

    value: float | None
    secret: bool = False

    def text(self, lang: str = "fr", *, percent: bool = False, digits: int = 0) -> str:
        if self.secret:
            return catalogue(lang)("followup.secret")
        if self.value is None:
            return "—"
        if percent:
            return message("followup.pourcentage", lang, n=number(round(100 * self.value), lang))
        if digits:
            return f"{self.value:.{digits}f}".replace(".", "," if lang == "fr" else ".")
        return number(int(self.value), lang)


def count(n: int) -> Figure:
    """A count, suppressed under :data:`SMALL_COUNT`.

    >>> count(4), count(12)
    (Figure(value=None, secret=True), Figure(value=12, secret=False))
    """
    return Figure(n) if n >= SMALL_COUNT else Figure(None, secret=True)


def share(part: int, whole: int) -> Figure:
    """``part / whole``, suppressed unless ``part`` and ``whole - part`` are both at least
    :data:`SMALL_COUNT` (so that neither the few who did nor the few who did not can be
    told apart); nothing to count when ``whole`` is 0.

    >>> share(6, 12).value, share(4, 40).secret, share(37, 40).secret, share(0, 0).secret
    (0.5, True, True, False)
    """
    if whole == 0:
        return Figure(None)
    if part < SMALL_COUNT or whole - part < SMALL_COUNT:
        return Figure(None, secret=True)
    return Figure(part / whole)


@dataclass(frozen=True)
class IndicatorRow:
    dimension: str
    key: str
    label: str
    projects: Figure
    opened: Figure
    share_opened: Figure
    median_months: Figure
    share_active_1: Figure
    share_active_3: Figure


@dataclass(frozen=True)
class Indicators:
    on: datetime.date
    rows: list[IndicatorRow]
    holders: list[tuple[str, str, Figure]]
    """(structure, niveau, holders accompanied), structures by name"""


def _top(concept: URIRef | None) -> URIRef | None:
    g = resource_graph("referentiel")
    seen = set()
    while concept is not None and concept not in seen:
        seen.add(concept)
        up = g.value(concept, SKOS.broader)
        if up is None:
            return concept
        concept = up
    return concept


def _months(a: datetime.date, b: datetime.date) -> float:
    return (b - a).days / (365.25 / 12)


def _row(data: FollowupData, on: datetime.date, dimension: str, key: str, label: str,
         projects: list[Project]) -> IndicatorRow:
    seen = [p for p in projects if p.first_contact is None or p.first_contact <= on]
    opened = [p for p in seen if data.status(p.iri, on) == OPENED]
    delays = [_months(p.first_contact, p.opened) for p in opened
              if p.first_contact is not None and p.opened is not None]
    median = Figure(statistics.median(delays)) if len(delays) >= SMALL_COUNT else \
        Figure(None, secret=bool(delays))
    by_project = {pr.project: pr for pr in data.providers.values() if pr.project is not None}
    survival = []
    for years in (1, 3):
        alive = total = 0
        for p in seen:
            pr = by_project.get(p.iri)
            if pr is None or pr.opened is None:
                continue
            at = add_months(pr.opened, 12 * years)
            if at > on:
                continue
            total += 1
            alive += data.status(pr.iri, at) == ACTIVE
        survival.append(share(alive, total))
    return IndicatorRow(dimension, key, label, count(len(seen)), count(len(opened)),
                        share(len(opened), len(seen)), median, survival[0], survival[1])


def indicators_from(data: FollowupData, on: datetime.date, lang: str = "fr",
                    names: dict[URIRef, str] | None = None) -> Indicators:
    """The indicators of ``data`` on day ``on`` (see :func:`indicators`)."""
    voc = vocabulary()
    cat = catalogue(lang)
    projects = list(data.projects.values())
    rows = [_row(data, on, "ensemble", "", cat("followup.ensemble"), projects)]
    groups: dict[str, dict[str, list[Project]]] = {d: defaultdict(list) for d in DIMENSIONS[1:]}
    for p in projects:
        groups["departement"][p.departement or "?"].append(p)
        groups["niveau"][str(p.niveau) if p.niveau else ""].append(p)
        top = _top(p.kind)
        groups["type"][str(top) if top else ""].append(p)
    for dim in DIMENSIONS[1:]:
        for key in sorted(groups[dim]):
            if dim == "departement":
                place = territories().departement(key) if key != "?" else None
                label = f"{place.label} ({key})" if place is not None else key
            else:
                label = voc.label(URIRef(key), lang) if key else cat("followup.sans_valeur")
            rows.append(_row(data, on, dim, key, label, groups[dim][key]))
    per: dict[tuple[URIRef, URIRef | None], set] = defaultdict(set)
    for p in projects:
        if p.holder is None or (p.first_contact and p.first_contact > on):
            continue
        for s, n in p.accompaniments:
            per[(s, n)].add(p.holder)
    names = names or {}
    holders = sorted(((names.get(s, str(s)), voc.label(n, lang) if n else cat("followup.sans_valeur"),
                       count(len(h))) for (s, n), h in per.items()),
                     key=lambda x: (x[0].casefold(), x[1]))
    return Indicators(on, rows, holders)


def indicators(store: GraphStore, on: datetime.date | None = None,
               lang: str = "fr") -> Indicators:
    """The follow-up's aggregate indicators on day ``on`` (today by default).

    >>> from ppgraph.store import Store
    >>> indicators(Store(), datetime.date(2026, 6, 30)).rows[0].projects
    Figure(value=None, secret=True)
    """
    data = load_followup(store)
    structures = {s for p in data.projects.values() for s, _ in p.accompaniments}
    names: dict[URIRef, str] = {}
    if structures:
        for r in store.select(query_text("libelles"), {"x": sorted(structures)}):
            names.setdefault(r["x"], str(r["libelle"]))
    return indicators_from(data, on or datetime.date.today(), lang, names)


def _table_rows(ind: Indicators, lang: str) -> tuple[list[str], list[list[str]]]:
    cat = catalogue(lang)
    header = [cat(f"followup.indicateurs.{k}") for k in
              ("groupe", "projets", "ouverts", "part_ouverts", "delai", "actifs_1", "actifs_3")]
    rows = []
    for r in ind.rows:
        rows.append([r.label, r.projects.text(lang), r.opened.text(lang),
                     r.share_opened.text(lang, percent=True), r.median_months.text(lang, digits=1),
                     r.share_active_1.text(lang, percent=True),
                     r.share_active_3.text(lang, percent=True)])
    return header, rows


def render_indicators(ind: Indicators, format: str = "table", lang: str = "fr") -> str:
    """The indicators as text tables (``table``) or CSV (``csv``); the HTML page is
    :func:`ppgraph.followup.page.indicators_page_context`."""
    cat = catalogue(lang)
    header, rows = _table_rows(ind, lang)
    if format == "csv":
        return csv_text([cat("followup.indicateurs.dimension")] + header,
                        [[cat(f"followup.dimensions.{r.dimension}")] + row
                         for r, row in zip(ind.rows, rows)])
    parts = [message("followup.indicateurs.titre", lang, date=ind.on.strftime("%d/%m/%Y"))]
    for dim in DIMENSIONS:
        block = [row for r, row in zip(ind.rows, rows) if r.dimension == dim]
        parts.append("")
        parts.append(cat(f"followup.dimensions.{dim}"))
        parts.append(text_table(header, block, right={1, 2, 3, 4, 5, 6}))
    shown = [h for h in ind.holders if not h[2].secret]
    parts += ["", cat("followup.indicateurs.porteurs_titre"),
              text_table([cat("followup.indicateurs.structure"), cat("followup.indicateurs.niveau"),
                          cat("followup.indicateurs.porteurs")],
                         [[s, n, f.text(lang)] for s, n, f in shown], right={2})]
    hidden = len(ind.holders) - len(shown)
    if hidden:
        parts.append(message("followup.indicateurs.lignes_secretes", lang, n=hidden))
    parts += ["", message("followup.indicateurs.note", lang, seuil=SMALL_COUNT)]
    return "\n".join(parts)

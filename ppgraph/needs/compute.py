"""Compute the training needs: gaps per structure, aggregated per département and for the region.

A **gap** is a service a structure offers at a level of support, one of whose essential
competences no agent of the structure masters at the level the référentiel requires for that
service at that level (``pp:exigence``). The gaps themselves are the rows of the named question
``besoins-formation`` (one SPARQL definition, shared with SPARQL users); this module adds what
the closing-day report needs around them: the structures assessed and those with no gap,
the competences most lacking (how many structures and agents each concerns), the courses of
the catalogue that would close them, ranked, and the upcoming sessions that have seats.

A structure counts in the département whose submission describes it (an agency shared by two
départements counts once): the regional figures are the sum of the départements'.

Rankings, written down once here:

- competences: most structures with the gap first, then most agents concerned (the agents of
  those structures), then the highest level required, then the label;
- courses: a course closes a gap when it develops the competence up to a level at least the one
  required (``pp:niveauVise``); most structures whose gaps it closes first, then most agents,
  then the shortest, then the label;
- sessions: the upcoming ones (starting on or after the reference date) of the ranked courses,
  with at least one place left (places minus registrations), by date.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from ..errors import InputError
from ..i18n import check_language, message
from ..questions import Answer, ask_question
from ..resources import query_text
from ..store import GraphStore
from ..text import french_sort_key
from ..values import parse_date

__all__ = ["Gap", "StructureRef", "CompetenceNeed", "Session", "CourseMatch", "ScopeNeeds",
           "TrainingNeeds", "training_needs", "reference_date", "latest_submission_date",
           "rank_competences", "rank_courses"]


@dataclass(frozen=True)
class Gap:
    """One gap: a structure, a service at its level, an essential (or useful) competence, the
    level required and the highest level its agents hold (0: none declares it)."""

    departement: str
    """INSEE code of the département whose submission describes the structure"""
    structure: str
    structure_label: str
    service: str
    service_label: str
    level_label: str
    competence: str
    competence_label: str
    essential: bool
    required: int
    required_label: str
    held: int
    agents: int
    """agents the structure employs"""
    explanation: str


@dataclass(frozen=True)
class StructureRef:
    """A structure that offers services at a level: its IRI, name, département and agents."""

    iri: str
    label: str
    departement: str
    agents: int
    services: int


@dataclass
class CompetenceNeed:
    """A competence lacking in a scope, with what it concerns and what would close it."""

    competence: str
    label: str
    structures: int
    agents: int
    required: int
    """the highest level required among its gaps"""
    required_label: str
    gaps: list[Gap] = field(default_factory=list)
    courses: list[str] = field(default_factory=list)
    """labels of the courses that close every gap of this competence, best ranked first"""
    registered: int = 0
    """agents of those structures already registered for an upcoming session that closes it"""


@dataclass(frozen=True)
class Session:
    """A session of a course: dates, venue, places, registrations."""

    iri: str
    course: str
    course_label: str
    start: _dt.date
    end: _dt.date | None
    venue: str | None
    places: int | None
    registered: int

    @property
    def remaining(self) -> int | None:
        """Places left (None when the number of places is not given)."""
        return None if self.places is None else max(0, self.places - self.registered)


@dataclass
class CourseMatch:
    """A course of the catalogue that would close gaps in a scope."""

    course: str
    label: str
    organiser: str
    hours: float | None
    mode: str | None
    """label of its delivery mode"""
    target: int
    target_label: str
    competences: list[str]
    """labels of the competences it develops"""
    structures: int
    agents: int
    closes: list[str]
    """labels of the lacking competences it closes"""
    sessions: list[Session] = field(default_factory=list)
    """its upcoming sessions with places left"""


@dataclass
class ScopeNeeds:
    """The needs of one scope: a département (``code``) or the region (``code`` None)."""

    code: str | None
    label: str
    gaps: list[Gap]
    assessed: list[StructureRef]
    """structures that offer a service at a level and employ at least one agent"""
    not_assessed: list[StructureRef]
    """structures that offer a service at a level but declared no agent"""
    competences: list[CompetenceNeed]
    courses: list[CourseMatch]

    @property
    def with_gap(self) -> list[StructureRef]:
        keys = {g.structure for g in self.gaps}
        return [s for s in self.assessed if s.iri in keys]

    @property
    def without_gap(self) -> list[StructureRef]:
        keys = {g.structure for g in self.gaps}
        return [s for s in self.assessed if s.iri not in keys]

    @property
    def agents_concerned(self) -> int:
        """Agents of the structures that have at least one gap."""
        return sum(s.agents for s in self.with_gap)

    @property
    def sessions(self) -> list[Session]:
        """Upcoming sessions with places of the ranked courses, by date (each once)."""
        seen: dict[str, Session] = {}
        for c in self.courses:
            for s in c.sessions:
                seen.setdefault(s.iri, s)
        return sorted(seen.values(), key=lambda s: (s.start, french_sort_key(s.course_label), s.iri))


@dataclass
class TrainingNeeds:
    """What :func:`training_needs` found: one :class:`ScopeNeeds` per département (in code
    order) and, when no département or structure was asked for, the region."""

    as_of: _dt.date
    departements: list[ScopeNeeds]
    region: ScopeNeeds | None
    include_useful: bool
    lang: str
    region_label: str | None = None
    structure: str | None = None
    """the structure asked for, if any (its IRI)"""
    answer: Answer | None = field(default=None, repr=False)
    """the answer of the named question ``besoins-formation`` the gaps come from"""

    @property
    def scopes(self) -> list[ScopeNeeds]:
        """The region first (when there is one), then the départements."""
        return ([self.region] if self.region is not None else []) + self.departements


def reference_date(text: str | _dt.date | None) -> _dt.date | None:
    """The reference date a person typed (« 01/10/2026 », « 2026-10-01 »), None if empty.

    >>> reference_date("01/10/2026"), reference_date(None)
    (datetime.date(2026, 10, 1), None)

    Raises
    ------
    InputError
        If the text is not a date.
    """
    if text is None or isinstance(text, _dt.date):
        return text
    if not str(text).strip():
        return None
    value = parse_date(text)
    if value is None:
        raise InputError("needs.erreurs.date", valeur=str(text))
    return value


def training_needs(store: GraphStore, departement: str | None = None,
                   structure: str | None = None, *, as_of: _dt.date | None = None,
                   include_useful: bool = False, lang: str = "fr") -> TrainingNeeds:
    """The training needs of the network: gaps per structure, per département and regional.

    Parameters
    ----------
    store : Store or Endpoint
        The regional store (référentiel, submissions, sessions).
    departement : str, optional
        One département (INSEE code or name): its structures only, and no regional total.
    structure : str, optional
        One structure (identifier such as ``33-OT-004``, or IRI).
    as_of : datetime.date, optional
        The reference date: sessions starting on or after it are « upcoming » (default:
        today).
    include_useful : bool
        Count gaps on useful competences too (by default only essential ones make a gap).
    lang : "fr" or "en"
        Language of the labels and explanations.

    Returns
    -------
    TrainingNeeds

    Raises
    ------
    InputError
        An unknown département or structure (the message says which values exist).

    Example
    -------
    >>> from ppgraph.store import Store
    >>> from ppgraph.reference import load_reference_data
    >>> store = Store(); _ = load_reference_data(store)
    >>> needs = training_needs(store, as_of=_dt.date(2026, 6, 30))
    >>> needs.region.gaps, needs.departements
    ([], [])
    """
    check_language(lang)
    as_of = as_of or _dt.date.today()
    params: dict[str, object] = {"utiles": "true" if include_useful else "false", "lang": lang}
    if departement:
        params["departement"] = departement
    if structure:
        params["structure"] = structure
    answer = ask_question(store, "besoins-formation", params, lang=lang)
    bound = {k: v for k, v in answer.parameters.items() if k in ("departement", "structure")}
    gaps = [_gap(answer, row) for row in answer.rows]

    structures: dict[str, list[StructureRef]] = {}
    dep_labels: dict[str, str] = {}
    for row in store.select(query_text("besoins-structures"), bound):
        code = str(row["code"])
        dep_labels[code] = str(row.get("nomDepartement") or code)
        structures.setdefault(code, []).append(StructureRef(
            str(row["structure"]), str(row.get("nom") or row["structure"]), code,
            int(row["agents"]), int(row["services"])))

    catalogue = _catalogue(store, lang)
    sessions = _sessions(store, catalogue, as_of)
    registrations = _registrations(store, as_of)

    by_dep: dict[str, list[Gap]] = {}
    for g in gaps:
        by_dep.setdefault(g.departement, []).append(g)
    scopes = []
    for code in sorted(set(structures) | set(by_dep)):
        scopes.append(_scope(code, dep_labels.get(code, code), by_dep.get(code, []),
                             structures.get(code, []), catalogue, sessions, registrations))
    region = None
    region_label = None
    if not departement and not structure:
        region_label = _region_label(store, lang)
        region = _scope(None, region_label, gaps, [s for c in sorted(structures)
                                                   for s in structures[c]],
                        catalogue, sessions, registrations)
    return TrainingNeeds(as_of=as_of, departements=scopes, region=region,
                         include_useful=include_useful, lang=lang, region_label=region_label,
                         structure=str(bound["structure"]) if "structure" in bound else None,
                         answer=answer)


def latest_submission_date(store: GraphStore) -> _dt.date | None:
    """The day of the most recent submission version in the store (its provenance): the date
    of the data, which a published page uses as its reference date (the same store gives
    the same page, whatever the day it is built)."""
    dates = [r["date"].toPython() for r in store.select(query_text("soumission-historique"))
             if r.get("date") is not None]
    dates = [d.date() if isinstance(d, _dt.datetime) else d for d in dates
             if isinstance(d, _dt.date)]
    return max(dates) if dates else None


# -- the rows ------------------------------------------------------------------------------

def _gap(answer, row) -> Gap:
    def text(var: str) -> str:
        return answer.label(row.get(var))

    return Gap(
        departement=str(row["code"]), structure=str(row["structure"]),
        structure_label=text("structure"), service=str(row["service"]),
        service_label=text("service"), level_label=text("niveau"),
        competence=str(row["competence"]), competence_label=text("competence"),
        essential=row["essentielle"].toPython() is True, required=int(row["rangRequis"]),
        required_label=text("requis"), held=int(row["rangDetenu"]), agents=int(row["agents"]),
        explanation=str(row["explication"]))


@dataclass(frozen=True)
class _Course:
    iri: str
    label: str
    develops: frozenset[str]
    target: int
    target_label: str
    hours: float | None
    mode: str | None
    organiser: str
    competence_labels: tuple[str, ...]


def _catalogue(store: GraphStore, lang: str) -> dict[str, _Course]:
    parts: dict[str, dict] = {}
    for r in store.select(query_text("besoins-catalogue"), {"lang": Literal(lang)}):
        f = str(r["formation"])
        entry = parts.setdefault(f, {
            "label": str(r["libelle"]), "develops": {}, "target": int(r["rangVise"]),
            "target_label": str(r["nomNiveau"]),
            "hours": float(r["heures"]) if r.get("heures") is not None else None,
            "mode": str(r["nomModalite"]) if r.get("nomModalite") is not None else None,
            "organiser": str(r.get("organisme") or "")})
        entry["develops"][str(r["competence"])] = str(r["nomCompetence"])
    return {f: _Course(f, p["label"], frozenset(p["develops"]), p["target"], p["target_label"],
                       p["hours"], p["mode"], p["organiser"],
                       tuple(sorted(p["develops"].values(), key=french_sort_key)))
            for f, p in parts.items()}


def _sessions(store: GraphStore, catalogue: dict[str, _Course],
              as_of: _dt.date) -> dict[str, list[Session]]:
    """Upcoming sessions with places left, by course."""
    out: dict[str, list[Session]] = {}
    for r in store.select(query_text("besoins-sessions")):
        start = r["debut"].toPython()
        if not isinstance(start, _dt.date) or start < as_of:
            continue
        course = str(r["formation"])
        end = r["fin"].toPython() if r.get("fin") is not None else None
        s = Session(str(r["session"]), course,
                    catalogue[course].label if course in catalogue else course, start,
                    end if isinstance(end, _dt.date) else None,
                    str(r["nomLieu"]) if r.get("nomLieu") else None,
                    int(r["places"]) if r.get("places") is not None else None,
                    int(r["inscrits"]))
        if s.remaining is None or s.remaining > 0:
            out.setdefault(course, []).append(s)
    return out


def _registrations(store: GraphStore, as_of: _dt.date) -> dict[str, set[tuple[str, str]]]:
    """structure → {(agent, course)} of registrations for sessions starting from ``as_of``."""
    out: dict[str, set[tuple[str, str]]] = {}
    for r in store.select(query_text("besoins-inscriptions")):
        start = r["debut"].toPython()
        if isinstance(start, _dt.date) and start >= as_of:
            out.setdefault(str(r["structure"]), set()).add((str(r["agent"]), str(r["formation"])))
    return out


def _region_label(store: GraphStore, lang: str) -> str:
    rows = store.select(query_text("departements-soumis"), {"lang": Literal(lang)})
    regions = sorted({str(r["nomRegion"]) for r in rows if r.get("nomRegion")})
    return regions[0] if len(regions) == 1 else message("needs.region", lang)


# -- aggregation ----------------------------------------------------------------------------

def _closes(course: _Course, gap: Gap) -> bool:
    return gap.competence in course.develops and course.target >= gap.required


def rank_competences(gaps: Sequence[Gap], courses: Iterable[_Course] = (),
                     registrations: dict[str, set[tuple[str, str]]] | None = None,
                     agents_of: dict[str, int] | None = None) -> list[CompetenceNeed]:
    """The lacking competences of ``gaps``, ranked (see the module's docstring). A structure
    counts once per competence, whatever the number of its services that need it; its agents
    are those it employs (``agents_of``, else the gaps' own count)."""
    courses = list(courses)
    registrations = registrations or {}
    by_comp: dict[str, list[Gap]] = {}
    for g in gaps:
        by_comp.setdefault(g.competence, []).append(g)
    out = []
    for comp, items in by_comp.items():
        per_structure: dict[str, int] = {}
        for g in items:
            per_structure[g.structure] = max(per_structure.get(g.structure, 0), g.required)
        agents = sum((agents_of or {}).get(s, _agents(items, s)) for s in per_structure)
        top = max(items, key=lambda g: (g.required, g.required_label))
        closing = [c for c in courses
                   if all(_closes(c, g) for g in items)]
        ranked = rank_courses(closing, items)
        registered = 0
        for s, need in per_structure.items():
            fit = {c.iri for c in courses
                   if comp in c.develops and c.target >= need}
            registered += len({a for a, course in registrations.get(s, set()) if course in fit})
        out.append(CompetenceNeed(comp, items[0].competence_label, len(per_structure), agents,
                                  top.required, top.required_label, sorted(
                                      items, key=lambda g: (french_sort_key(g.structure_label),
                                                            g.structure, g.service_label)),
                                  [c.label for c in ranked], registered))
    out.sort(key=lambda c: (-c.structures, -c.agents, -c.required, french_sort_key(c.label),
                            c.competence))
    return out


def _agents(gaps: Sequence[Gap], structure: str) -> int:
    return next((g.agents for g in gaps if g.structure == structure), 0)


def rank_courses(courses: Iterable[_Course], gaps: Sequence[Gap],
                 sessions: dict[str, list[Session]] | None = None) -> list[CourseMatch]:
    """The courses of ``courses`` that close at least one of ``gaps``, ranked (see the
    module's docstring), each with its upcoming sessions that have places left."""
    out = []
    for c in courses:
        closed = [g for g in gaps if _closes(c, g)]
        if not closed:
            continue
        structures = {g.structure: g.agents for g in closed}
        comps = sorted({g.competence_label for g in closed}, key=french_sort_key)
        out.append(CourseMatch(c.iri, c.label, c.organiser, c.hours, c.mode, c.target,
                               c.target_label, list(c.competence_labels), len(structures),
                               sum(structures.values()), comps,
                               list((sessions or {}).get(c.iri, []))))
    out.sort(key=lambda m: (-m.structures, -m.agents,
                            m.hours if m.hours is not None else float("inf"),
                            french_sort_key(m.label), m.course))
    return out


def _scope(code: str | None, label: str, gaps: list[Gap], structures: list[StructureRef],
           catalogue: dict[str, _Course], sessions: dict[str, list[Session]],
           registrations: dict[str, set[tuple[str, str]]]) -> ScopeNeeds:
    assessed = [s for s in structures if s.agents > 0]
    not_assessed = [s for s in structures if s.agents == 0]
    key = lambda s: (french_sort_key(s.label), s.iri)  # noqa: E731
    agents_of = {s.iri: s.agents for s in structures}
    courses = sorted(catalogue.values(), key=lambda c: c.iri)
    return ScopeNeeds(code=code, label=label, gaps=gaps, assessed=sorted(assessed, key=key),
                      not_assessed=sorted(not_assessed, key=key),
                      competences=rank_competences(gaps, courses, registrations, agents_of),
                      courses=rank_courses(courses, gaps, sessions))

"""What the follow-up reads from a store: projects, providers, status changes, interactions.

One query each (``ppgraph/queries/suivi-*.rq``) over the union of the current graphs — the
départements' submissions and the structures' private graphs — assembled in plain objects
that :mod:`~ppgraph.followup.due`, :mod:`~ppgraph.followup.indicators` and
:mod:`~ppgraph.followup.privacy` compute on.

>>> from ppgraph.store import Store
>>> load_followup(Store()).providers
{}
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from ..namespaces import GRAPHE
from ..resources import query_text
from ..store import GraphStore
from .rules import ACTIVE, IN_PROGRESS, OPENED

__all__ = ["Project", "Provider", "Contact", "FollowupData", "load_followup"]


@dataclass
class Project:
    iri: URIRef
    holder: URIRef | None = None
    first_contact: datetime.date | None = None
    opened: datetime.date | None = None
    kind: URIRef | None = None
    departement: str | None = None
    structures: set[URIRef] = field(default_factory=set)
    accompaniments: set[tuple[URIRef, URIRef | None]] = field(default_factory=set)
    """(structure, niveau) of each accompaniment"""
    niveau: URIRef | None = None
    niveau_rank: int = -1


@dataclass
class Provider:
    iri: URIRef
    name: str | None = None
    opened: datetime.date | None = None
    referent: URIRef | None = None
    agent: URIRef | None = None
    project: URIRef | None = None
    departement: URIRef | None = None
    kind: URIRef | None = None


@dataclass(frozen=True)
class Contact:
    """One interaction as it concerns one project or provider."""

    iri: URIRef
    subject: URIRef
    day: datetime.date
    kind: URIRef | None
    structure: URIRef | None


@dataclass
class FollowupData:
    projects: dict[URIRef, Project]
    providers: dict[URIRef, Provider]
    statuses: dict[URIRef, list[tuple[datetime.date, URIRef]]]
    """status changes of each project or provider, by date"""
    contacts: dict[URIRef, list[Contact]]
    """interactions concerning each project or provider, by date"""

    def status(self, subject: URIRef, on: datetime.date) -> URIRef:
        """The status of a project or provider on a day: that of its last change up to that
        day; with none, a provider is active, a project opened if it has opened by then,
        otherwise in progress."""
        current = None
        for day, status in self.statuses.get(subject, ()):
            if day <= on:
                current = status
        if current is not None:
            return current
        if subject in self.providers:
            return ACTIVE
        p = self.projects.get(subject)
        return OPENED if p is not None and p.opened and p.opened <= on else IN_PROGRESS

    def about_provider(self, provider: Provider) -> list[Contact]:
        """The interactions about a provider or the project it comes from, by date."""
        out = list(self.contacts.get(provider.iri, ()))
        if provider.project is not None:
            out += self.contacts.get(provider.project, ())
        return sorted(out, key=lambda c: (c.day, str(c.iri)))


def _day(value) -> datetime.date | None:
    if value is None:
        return None
    v = value.toPython()
    if isinstance(v, datetime.datetime):
        return v.date()
    return v if isinstance(v, datetime.date) else None


def load_followup(store: GraphStore) -> FollowupData:
    """Everything the follow-up computes on, read from ``store`` in five queries."""
    projects: dict[URIRef, Project] = {}
    prefix = str(GRAPHE["soumission/"])
    for r in store.select(query_text("suivi-projets")):
        p = projects.setdefault(r["projet"], Project(r["projet"]))
        p.holder = r.get("porteur") or p.holder
        p.first_contact = _day(r.get("contact")) or p.first_contact
        p.opened = _day(r.get("ouverture")) or p.opened
        p.kind = r.get("type") or p.kind
        g = str(r["graphe"])
        if g.startswith(prefix):
            p.departement = g[len(prefix):]
    for r in store.select(query_text("suivi-accompagnements")):
        p = projects.get(r["projet"])
        if p is None:
            continue
        p.structures.add(r["structure"])
        p.accompaniments.add((r["structure"], r.get("niveau")))
        rank = int(r["rang"]) if r.get("rang") is not None else -1
        if r.get("niveau") is not None and rank > p.niveau_rank:
            p.niveau, p.niveau_rank = r["niveau"], rank
    providers: dict[URIRef, Provider] = {}
    for r in store.select(query_text("suivi-prestataires")):
        pr = providers.setdefault(r["prestataire"], Provider(r["prestataire"]))
        pr.name = str(r["nom"]) if r.get("nom") is not None else pr.name
        pr.opened = _day(r.get("ouverture")) or pr.opened
        pr.referent = r.get("referente") or pr.referent
        pr.agent = r.get("agent") or pr.agent
        pr.project = r.get("projet") or pr.project
        pr.departement = r.get("departement") or pr.departement
        pr.kind = r.get("type") or pr.kind
    statuses: dict[URIRef, list] = defaultdict(list)
    for r in store.select(query_text("suivi-statuts")):
        day = _day(r["date"])
        if day is not None:
            statuses[r["sujet"]].append((day, r["statut"]))
    for v in statuses.values():
        v.sort(key=lambda x: (x[0], str(x[1])))
    contacts: dict[URIRef, list] = defaultdict(list)
    for r in store.select(query_text("suivi-interactions")):
        day = _day(r["date"])
        if day is not None:
            contacts[r["sujet"]].append(Contact(r["interaction"], r["sujet"], day,
                                                r.get("type"), r.get("structure")))
    for v in contacts.values():
        v.sort(key=lambda c: (c.day, str(c.iri)))
    return FollowupData(projects, providers, dict(statuses), dict(contacts))

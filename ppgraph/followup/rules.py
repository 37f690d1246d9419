"""The follow-up rules read from the référentiel: the schedule after opening, retention.

Both are data (``data/referentiel/echeancier-suivi.ttl``, ``conservation.ttl``): a step added
or a delay changed there changes ``followup due`` and ``followup purge`` without code.

>>> [(s.notation, s.months) for s in schedule()]
[('six-mois', 6), ('un-an', 12), ('trois-ans', 36)]
>>> add_months(datetime.date(2024, 8, 31), 6)
datetime.date(2025, 2, 28)
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from ..namespaces import PP, REF
from ..resources import graph as resource_graph

__all__ = ["Step", "RetentionRule", "schedule", "retention_rules", "add_months",
           "PROJECT_STATUS", "PROVIDER_STATUS", "ACTIVE", "OPENED", "IN_PROGRESS"]

PROJECT_STATUS = REF["statut-projet"]
PROVIDER_STATUS = REF["statut-prestataire"]
ACTIVE = REF["statut-prestataire/actif"]
"""A provider in business: the only provider status that is followed up and counts as active."""
OPENED = REF["statut-projet/ouvert"]
"""A project whose business opened (what a project with an opening date is, by default)."""
IN_PROGRESS = REF["statut-projet/en-cours"]
"""What a project with no recorded status change and no opening date is."""


@dataclass(frozen=True)
class Step:
    """One step of the follow-up schedule: ``months`` after opening, done by an interaction
    from ``tolerance`` days before."""

    concept: URIRef
    notation: str
    months: int
    tolerance: int
    rank: int


@dataclass(frozen=True)
class RetentionRule:
    """Personal data of a person all of whose projects and providers are in ``statuses`` are
    erased ``months`` after the file's last sign of life."""

    concept: URIRef
    notation: str
    months: int
    statuses: frozenset[URIRef]


def _int(g: Graph, s: URIRef, p: URIRef, default: int = 0) -> int:
    v = g.value(s, p)
    return int(v) if v is not None else default


def _members(g: Graph, scheme: str) -> list[URIRef]:
    return sorted((c for c in g.subjects(SKOS.inScheme, REF[scheme]) if isinstance(c, URIRef)),
                  key=lambda c: (_int(g, c, PP.rang), str(c)))


def schedule(referentiel: Graph | None = None) -> list[Step]:
    """The steps of the follow-up schedule, in order (``echeancier-suivi`` of the référentiel)."""
    g = referentiel if referentiel is not None else resource_graph("referentiel")
    return [Step(c, str(g.value(c, SKOS.notation)), _int(g, c, PP.delaiMois),
                 _int(g, c, PP.toleranceJours), _int(g, c, PP.rang))
            for c in _members(g, "echeancier-suivi")]


def retention_rules(referentiel: Graph | None = None) -> list[RetentionRule]:
    """The retention rules of personal data (``conservation`` of the référentiel).

    >>> [r.months for r in retention_rules()]
    [36, 36]
    """
    g = referentiel if referentiel is not None else resource_graph("referentiel")
    return [RetentionRule(c, str(g.value(c, SKOS.notation)), _int(g, c, PP.delaiMois),
                          frozenset(o for o in g.objects(c, PP.statutConcerne)
                                    if isinstance(o, URIRef)))
            for c in _members(g, "conservation")]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months (the last day of a shorter month if need be)."""
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

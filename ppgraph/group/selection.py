"""The seed's rule for composing the working group: the first to commit are taken, provided every département is represented, within the group's size.

:func:`select_members` is a pure function over candidatures: it says, for each one, whether
it is retained and why, in the reader's words. The rule, from the call for applications of the
regional network: « si il y a plus de candidats, les premiers engagés font partie du groupe
(sous réserve d'une bonne représentation de chaque département) », at most 15 members, at
least one per département. So:

1. in each département of the region, the first candidate to commit is retained, whenever
   they committed (a département whose only candidate came last is still represented);
2. the other seats, up to the maximum, go to the remaining candidates in order of commitment;
3. the others go on the waiting list, in that order; a candidate from outside the region is
   not retained;
4. départements with no candidate are named, and a group below its minimum is said to be
   incomplete.

>>> from datetime import datetime
>>> c = [Candidate("47-CAND-01", "47", datetime(2025, 3, 4, 9, 0)),
...      Candidate("33-CAND-01", "33", datetime(2025, 3, 3, 9, 0)),
...      Candidate("33-CAND-02", "33", datetime(2025, 3, 5, 9, 0))]
>>> s = select_members(c, ["33", "47", "23"], maximum=2, minimum=2)
>>> [(d.candidate.id, d.retained) for d in s.decisions]
[('33-CAND-01', True), ('47-CAND-01', True), ('33-CAND-02', False)]
>>> s.missing
['23']
>>> print(s.decisions[2].reason.render("fr"))
non retenu : groupe complet, département déjà représenté (Gironde, 33) — liste d'attente, rang 1
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..i18n import Message
from ..territories import territories

__all__ = ["Candidate", "Decision", "Selection", "select_members", "DEFAULT_MAXIMUM",
           "DEFAULT_MINIMUM"]

DEFAULT_MAXIMUM = 15
"""At most 15 members (the call for applications)."""
DEFAULT_MINIMUM = 10
"""10 to 15 members (the call for applications)."""


@dataclass(frozen=True)
class Candidate:
    """A candidature: its identifier, the département its candidate represents, when they
    committed; the rest is shown, not used by the rule."""

    id: str
    departement: str
    committed: datetime
    technicien: str = ""
    structure: str = ""
    status: str | None = None
    """notation of the status recorded in the data (``recue``, ``retenue``...), if any"""
    iri: str = ""


@dataclass(frozen=True)
class Decision:
    """What the rule decides for one candidature, and why."""

    candidate: Candidate
    retained: bool
    reason: Message
    rank: int
    """order of commitment, from 1"""
    waiting: int | None = None
    """rank on the waiting list (None: retained or not eligible)"""

    @property
    def proposed_status(self) -> str:
        """The status the decision gives (notation in ``statut-candidature``)."""
        if self.retained:
            return "retenue"
        return "liste-attente" if self.waiting is not None else "non-retenue"


@dataclass
class Selection:
    """The outcome of :func:`select_members`."""

    decisions: list[Decision]
    departements: list[str]
    maximum: int
    minimum: int
    missing: list[str] = field(default_factory=list)
    """départements of the region with no candidate"""

    @property
    def retained(self) -> list[Decision]:
        return [d for d in self.decisions if d.retained]

    @property
    def complete(self) -> bool:
        """At least the minimum, and every département represented."""
        return len(self.retained) >= self.minimum and not self.missing


def _name(code: str) -> str:
    place = territories().departement(code)
    return place.label if place is not None else code


def select_members(candidates: Iterable[Candidate], departements: Sequence[str], *,
                   maximum: int = DEFAULT_MAXIMUM, minimum: int = DEFAULT_MINIMUM) -> Selection:
    """Apply the rule to ``candidates`` for a group that must represent ``departements``.

    Parameters
    ----------
    candidates : iterable of Candidate
    departements : sequence of str
        INSEE codes of the départements to represent (those of the region).
    maximum, minimum : int
        Size of the group (15 and 10 in the call).

    Returns
    -------
    Selection
        One decision per candidature, in order of commitment (ties: by identifier).
    """
    order = sorted(candidates, key=lambda c: (c.committed, c.id))
    region = list(dict.fromkeys(departements))
    rank = {c.id: i + 1 for i, c in enumerate(order)}
    firsts: dict[str, Candidate] = {}
    count: dict[str, int] = {}
    for c in order:
        count[c.departement] = count.get(c.departement, 0) + 1
        if c.departement in region:
            firsts.setdefault(c.departement, c)
    reserved = [c for c in order if firsts.get(c.departement) is c][:maximum]
    taken = {c.id for c in reserved}
    seats = maximum - len(reserved)
    decisions: dict[str, Decision] = {}
    waiting = 0
    for c in order:
        name = _name(c.departement)
        params = dict(departement=name, code=c.departement, rang=rank[c.id], total=len(order))
        if c.id in taken:
            if count[c.departement] == 1:
                key = "seul_candidat" if rank[c.id] <= maximum else "seul_candidat_tardif"
            else:
                key = "premier" if rank[c.id] <= maximum else "premier_tardif"
            decisions[c.id] = Decision(c, True, Message(f"group.raisons.{key}", **params),
                                       rank[c.id])
        elif c.departement not in region:
            decisions[c.id] = Decision(c, False, Message("group.raisons.hors_region", **params),
                                       rank[c.id])
        elif firsts.get(c.departement) is c:  # more départements than seats
            waiting += 1
            decisions[c.id] = Decision(c, False, Message("group.raisons.trop_de_departements",
                                                         attente=waiting, **params),
                                       rank[c.id], waiting)
        elif seats > 0:
            seats -= 1
            taken.add(c.id)
            decisions[c.id] = Decision(c, True, Message("group.raisons.place_disponible",
                                                        **params), rank[c.id])
        else:
            waiting += 1
            decisions[c.id] = Decision(c, False, Message("group.raisons.groupe_complet",
                                                         attente=waiting, **params),
                                       rank[c.id], waiting)
    missing = [d for d in region if d not in firsts]
    return Selection([decisions[c.id] for c in order], region, maximum, minimum, missing)

"""The working group as data: its members and roles (W3C ORG), sub-groups, call, stages and reverse schedule; the rule that composes it from the candidatures; the check of its composition.

:func:`select_members` is the seed's rule (the first to commit, every département
represented, at most 15), a pure function; :func:`select_for_group` applies it to a group's
candidatures in a store. :func:`group_report` is ``ppgraph group``; the site of
``ppgraph demo`` has a page for the group (``groupe.html``).

>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> find_group(store)
Traceback (most recent call last):
...
ppgraph.errors.InputError: Le magasin ne décrit aucun groupe de travail (feuille « Groupes de travail » d'une soumission).
"""

from __future__ import annotations

from .model import (COMPOSITION_SHAPES, Event, GroupFinding, Member, WorkingGroup, check_group,
                    find_group, group_candidates, group_org_graph, select_for_group,
                    working_groups)
from .report import findings_report, group_report, selection_report
from .selection import (DEFAULT_MAXIMUM, DEFAULT_MINIMUM, Candidate, Decision, Selection,
                        select_members)

__all__ = ["select_members", "select_for_group", "Candidate", "Decision", "Selection",
           "working_groups", "find_group", "group_candidates", "check_group", "group_org_graph",
           "group_report", "selection_report", "findings_report", "WorkingGroup", "Member",
           "Event", "GroupFinding", "COMPOSITION_SHAPES", "DEFAULT_MAXIMUM", "DEFAULT_MINIMUM"]

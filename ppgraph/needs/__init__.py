"""Skills and training needs: from what each service requires to the network's training plan.

The référentiel says, for each service and level of support, which competences it requires
and at which proficiency level (``pp:exigence``); the départements submit their agents'
self-assessed competences and the trainings they followed; the regional network submits the
sessions of the courses of the catalogue (``ref:formation``). :func:`training_needs` finds
the **gaps** (a service offered at a level whose essential competence no agent of the
structure masters at the required level), aggregated per département and for the region,
with the courses that would close them and the upcoming sessions that have places.

The modules: :mod:`~ppgraph.needs.compute` (the gaps and their aggregation, the rankings),
:mod:`~ppgraph.needs.tables` (the report's tables, built once for every renderer),
:mod:`~ppgraph.needs.report` (the text report), :mod:`~ppgraph.needs.workbook` (the
workbook for the training plan), :mod:`~ppgraph.needs.page` (the HTML report of the closing
day, with its bar charts as inline SVG) and :mod:`~ppgraph.needs.output` (one function that
writes any of them).

Example
-------
>>> import datetime
>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> print(needs_report(training_needs(store, as_of=datetime.date(2026, 6, 30), lang="en")))
Training needs — Region
Upcoming sessions as of 2026-06-30.
0 organisations assessed (0 with at least one gap, 0 without any); not assessed, for want of a declared officer: 0.
0 gaps; 0 officers in the organisations concerned.
<BLANKLINE>
No gap: for every service it offers, each assessed organisation has an officer who masters its essential skills at the required level.
"""

from .compute import (CompetenceNeed, CourseMatch, Gap, ScopeNeeds, Session, StructureRef,
                      TrainingNeeds, latest_submission_date, rank_competences, rank_courses,
                      reference_date, training_needs)
from .output import NEEDS_FORMATS, needs_format, render_needs, write_needs
from .report import needs_report, scope_summary, written_summary

__all__ = ["Gap", "StructureRef", "CompetenceNeed", "Session", "CourseMatch", "ScopeNeeds",
           "TrainingNeeds", "training_needs", "reference_date", "latest_submission_date",
           "rank_competences", "rank_courses",
           "needs_report", "scope_summary", "written_summary", "NEEDS_FORMATS", "needs_format",
           "render_needs", "write_needs"]

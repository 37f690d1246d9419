"""The follow-up of project holders and providers after opening (GRC): record, remind, count, forget.

- :func:`log_interaction` records an interaction (and a status change) in a structure's
  private graph (``graphe/prive/<structure>``), a new version of it;
- :func:`due_reminders` / :func:`render_due`: the steps of the référentiel's schedule that are
  due, as a table, CSV or iCalendar file;
- :func:`indicators` / :func:`render_indicators`: aggregate indicators, small counts
  suppressed;
- :func:`personal_export` (right of access), :func:`forget` (erasure everywhere, history
  included, in one update), :func:`expired` / :func:`purge` (retention rules of the
  référentiel).
"""

from __future__ import annotations

from .data import FollowupData, load_followup
from .due import DUE_FORMATS, Reminder, due_reminders, render_due
from .indicators import SMALL_COUNT, Indicators, indicators, render_indicators
from .privacy import (Expired, Forgotten, describe_forgotten, expired, find_person, forget,
                      personal_export, purge, render_expired)
from .record import Logged, describe_logged, log_interaction
from .rules import add_months, retention_rules, schedule

__all__ = ["FollowupData", "load_followup", "DUE_FORMATS", "Reminder", "due_reminders",
           "render_due", "SMALL_COUNT", "Indicators", "indicators", "render_indicators",
           "Expired", "Forgotten", "describe_forgotten", "expired", "find_person", "forget",
           "personal_export", "purge", "render_expired", "Logged", "describe_logged",
           "log_interaction", "add_months", "retention_rules", "schedule"]

"""Which follow-up steps are due: the référentiel's schedule applied to each provider.

A provider followed by a structure (``pp:structureReferente``, in that structure's private
graph) and still active is due for a step ``months`` after its opening; the step is done as
soon as an interaction about the provider (or the project it comes from) is recorded from
``tolerance`` days before it. :func:`due_reminders` lists, for each provider, the latest step
due and not done, with the last interaction; :func:`render_due` writes a table, CSV or an
iCalendar file (RFC 5545) an agent imports into their agenda.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass

from rdflib import URIRef

from ..errors import InputError
from ..i18n import catalogue, message
from ..resolver import vocabulary
from ..store import GraphStore
from ..text import inert_cell, text_table
from .data import Contact, FollowupData, load_followup
from .record import structure_record
from .rules import ACTIVE, Step, add_months, schedule

__all__ = ["Reminder", "due_reminders", "render_due", "DUE_FORMATS"]

DUE_FORMATS = ("table", "csv", "ics")


@dataclass(frozen=True)
class Reminder:
    """A follow-up step due (``state``: « aujourdhui », « en_retard » or « a_venir »)."""

    provider: URIRef
    name: str
    step: Step
    due: datetime.date
    state: str
    referent: URIRef | None
    last: Contact | None


def reminders_from(data: FollowupData, on: datetime.date, *, structure: URIRef | None = None,
                   horizon: int = 0, steps: list[Step] | None = None) -> list[Reminder]:
    """The reminders of ``data`` on day ``on`` (see :func:`due_reminders`)."""
    steps = schedule() if steps is None else steps
    limit = on + datetime.timedelta(days=horizon)
    out = []
    for pr in data.providers.values():
        if pr.referent is None or pr.opened is None:
            continue
        if structure is not None and pr.referent != structure:
            continue
        if data.status(pr.iri, on) != ACTIVE:
            continue
        contacts = [c for c in data.about_provider(pr) if c.day <= on]
        pending = None
        for step in steps:
            due = add_months(pr.opened, step.months)
            if due > limit:
                break
            start = due - datetime.timedelta(days=step.tolerance)
            if any(c.day >= start for c in contacts):
                continue
            pending = (step, due)
        if pending is None:
            continue
        step, due = pending
        state = "aujourdhui" if due == on else ("en_retard" if due < on else "a_venir")
        out.append(Reminder(pr.iri, pr.name or str(pr.iri), step, due, state, pr.referent,
                            contacts[-1] if contacts else None))
    return sorted(out, key=lambda r: (r.due, r.name, str(r.provider)))


def due_reminders(store: GraphStore, *, structure: str | None = None,
                  on: datetime.date | None = None, horizon: int = 0) -> list[Reminder]:
    """The follow-up steps due or overdue on day ``on`` (today by default).

    Parameters
    ----------
    structure : str, optional
        Only the providers this structure follows (its identifier, « 33-OT-004 »).
    on : date, optional
    horizon : int
        Also the steps due within this many days (for a calendar).

    Returns
    -------
    list of Reminder
        One per provider at most (its latest step due and not done), by due date.
    """
    if horizon < 0:
        raise InputError("followup.horizon_negatif")
    s_iri = structure_record(store, structure) if structure else None
    return reminders_from(load_followup(store), on or datetime.date.today(), structure=s_iri,
                          horizon=horizon)


def _labels(store: GraphStore | None, iris: set[URIRef], lang: str) -> dict[URIRef, str]:
    if store is None or not iris:
        return {}
    from ..resources import query_text
    names: dict[URIRef, dict[str | None, str]] = {}
    for r in store.select(query_text("libelles"), {"x": sorted(iris)}):
        names.setdefault(r["x"], {})[getattr(r["libelle"], "language", None)] = str(r["libelle"])
    return {k: v.get(lang) or v.get("fr") or next(iter(v.values())) for k, v in names.items()}


def _rows(reminders: list[Reminder], lang: str, names: dict[URIRef, str]) -> list[list[str]]:
    voc = vocabulary()
    cat = catalogue(lang)
    rows = []
    for r in reminders:
        last = "—" if r.last is None else message(
            "followup.dernier_contact", lang, date=r.last.day.strftime("%d/%m/%Y"),
            type=voc.label(r.last.kind, lang) if r.last.kind is not None else "—")
        rows.append([r.due.strftime("%d/%m/%Y"), cat(f"followup.etat.{r.state}"), r.name,
                     voc.label(r.step.concept, lang),
                     names.get(r.referent, "") if r.referent is not None else "", last])
    return rows


def _ics_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    # RFC 5545 3.1: lines of at most 75 octets, continued by CRLF and a space.
    out, current = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += b
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _ics(reminders: list[Reminder], on: datetime.date, lang: str,
         names: dict[URIRef, str]) -> str:
    voc = vocabulary()
    cat = catalogue(lang)
    stamp = on.strftime("%Y%m%dT000000Z")  # the report's day: two runs give the same file
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ppgraph//suivi//FR",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for r in reminders:
        start = max(r.due, on)
        uid = hashlib.sha256(f"{r.provider}|{r.step.concept}".encode()).hexdigest()[:32]
        summary = message("followup.ics.titre", lang, nom=r.name,
                          etape=voc.label(r.step.concept, lang))
        last = message("followup.ics.aucun_contact", lang) if r.last is None else message(
            "followup.dernier_contact", lang, date=r.last.day.strftime("%d/%m/%Y"),
            type=voc.label(r.last.kind, lang) if r.last.kind is not None else "—")
        description = message("followup.ics.description", lang,
                              echeance=r.due.strftime("%d/%m/%Y"),
                              etat=cat(f"followup.etat.{r.state}"), dernier=last,
                              structure=names.get(r.referent, "") if r.referent else "")
        lines += ["BEGIN:VEVENT", f"UID:{uid}@ppgraph", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{start.strftime('%Y%m%d')}",
                  f"DTEND;VALUE=DATE:{(start + datetime.timedelta(days=1)).strftime('%Y%m%d')}",
                  f"SUMMARY:{_ics_text(summary)}", f"DESCRIPTION:{_ics_text(description)}",
                  "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def render_due(reminders: list[Reminder], format: str = "table", lang: str = "fr", *,
               on: datetime.date | None = None, store: GraphStore | None = None) -> str:
    """The reminders as a table (``table``), CSV (``csv``) or iCalendar (``ics``, RFC 5545:
    one all-day event per reminder, on its due date or on ``on`` if overdue).

    >>> render_due([], "table")
    'Aucune échéance de suivi à faire.'
    """
    on = on or datetime.date.today()
    if format not in DUE_FORMATS:
        raise InputError("followup.format_inconnu", format=format, formats=", ".join(DUE_FORMATS))
    names = _labels(store, {r.referent for r in reminders if r.referent is not None}, lang)
    if format == "ics":
        return _ics(reminders, on, lang, names)
    cat = catalogue(lang)
    header = [cat(f"followup.colonnes.{k}") for k in
              ("echeance", "etat", "prestataire", "etape", "structure", "dernier")]
    rows = _rows(reminders, lang, names)
    if format == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows([inert_cell(c) for c in row] for row in rows)
        return buf.getvalue()
    if not rows:
        return message("followup.rien_du", lang)
    return text_table(header, rows)

"""What ``ppgraph needs`` prints: the training needs as a text report, in the reader's language.

The region's figures (or one département's), the competences most lacking, the courses that
would close the gaps and their upcoming sessions with places left, then every gap explained,
structure by structure.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n import Message, catalogue, message
from ..text import text_table
from .compute import ScopeNeeds, TrainingNeeds
from .tables import (Table, competence_table, course_table, date_text, scope_title,
                     session_table, summary_table)

__all__ = ["needs_report", "scope_summary", "written_summary"]

_WIDTH = 34


def scope_summary(scope: ScopeNeeds, lang: str) -> list[str]:
    """Two sentences: structures assessed, with and without gaps, not assessed; gaps and
    agents concerned."""
    t = catalogue(lang)
    return [t("needs.resume", evaluees=Message("needs.structures_evaluees", n=len(scope.assessed)),
              avec=len(scope.with_gap), sans=len(scope.without_gap),
              non_evaluees=len(scope.not_assessed)),
            t("needs.resume_manques", manques=Message("needs.manques", n=len(scope.gaps)),
              agents=Message("needs.agents", n=scope.agents_concerned))]


def _table(table: Table, columns: Sequence[int] | None = None) -> str:
    cols = list(columns) if columns is not None else list(range(len(table.headers)))
    return text_table([table.headers[i] for i in cols],
                      [[_cell(row[i]) for i in cols] for row in table.rows],
                      right={k for k, i in enumerate(cols) if i in table.numeric},
                      width=_WIDTH)


def _cell(value) -> str:
    return "—" if value in (None, "") else str(value)


def needs_report(needs: TrainingNeeds) -> str:
    """The text report of :func:`~ppgraph.needs.training_needs` (what ``ppgraph needs``
    prints with ``--format table``).

    Example
    -------
    >>> import datetime
    >>> from ppgraph.needs.compute import TrainingNeeds
    >>> print(needs_report(TrainingNeeds(datetime.date(2026, 6, 30), [], None, False, "en")))
    Training needs
    Upcoming sessions as of 2026-06-30.
    <BLANKLINE>
    No gap: for every service it offers, each assessed organisation has an officer who masters its essential skills at the required level.
    """
    lang = needs.lang
    t = catalogue(lang)
    main = needs.region if needs.region is not None else \
        (needs.departements[0] if len(needs.departements) == 1 else None)
    title = t("needs.titre_portee", portee=scope_title(main, lang)) if main is not None \
        else t.needs.titre
    lines = [title, t("needs.sessions_au", date=date_text(needs.as_of, lang))]
    if needs.include_useful:
        lines.append(t.needs.utiles_comptees)
    if main is None:
        lines += ["", t.needs.aucun_manque]
        return "\n".join(lines)
    lines += scope_summary(main, lang)
    if needs.region is not None and needs.departements:
        lines += ["", t.needs.sections.par_departement, _table(summary_table(needs))]
    if not main.gaps:
        lines += ["", t.needs.aucun_manque]
    else:
        lines += ["", t.needs.sections.competences,
                  _table(competence_table(main, lang), [0, 1, 2, 3, 4, 5, 6])]
        courses = course_table(main, lang)
        lines += ["", t.needs.sections.formations]
        lines += [_table(courses, [0, 1, 6, 7, 8, 3, 9])] if courses.rows \
            else [t.needs.aucune_formation]
        sessions = session_table(main.sessions, lang)
        lines += ["", t.needs.sections.sessions]
        lines += [_table(sessions)] if sessions.rows else [t.needs.aucune_session]
        lines += ["", t.needs.sections.detail]
        for scope in needs.departements:
            lines += _details(scope, lang, titled=needs.region is not None)
    if needs.region is None:
        for scope in needs.departements:
            lines += _structures(scope, lang)
    return "\n".join(lines)


def _details(scope: ScopeNeeds, lang: str, titled: bool) -> list[str]:
    if not scope.gaps:
        return []
    t = catalogue(lang)
    out = [scope_title(scope, lang)] if titled else []
    by_structure: dict[str, list] = {}
    for g in scope.gaps:
        by_structure.setdefault(g.structure, []).append(g)
    for gaps in by_structure.values():
        g0 = gaps[0]
        out.append("  " + t("needs.structure_agents", nom=g0.structure_label,
                            agents=Message("needs.agents", n=g0.agents)))
        for g in gaps:
            out.append("    - " + g.explanation)
    return out


def _structures(scope: ScopeNeeds, lang: str) -> list[str]:
    t = catalogue(lang)
    out = []
    for title, refs in ((t.needs.sections.sans_manque, scope.without_gap),
                        (t.needs.sections.non_evaluees, scope.not_assessed)):
        if refs:
            out += ["", t("needs.liste_titre", titre=title, n=len(refs)),
                    "  " + t.needs.separateur.join(r.label for r in refs)]
    return out


def written_summary(needs: TrainingNeeds, path: str, lang: str | None = None) -> str:
    """The line ``ppgraph needs -o FILE`` prints: where, how many gaps, in how many
    structures."""
    lang = lang or needs.lang
    scopes = [needs.region] if needs.region is not None else needs.departements
    gaps = sum(len(s.gaps) for s in scopes)
    structures = sum(len(s.with_gap) for s in scopes)
    return message("needs.ecrit", lang, chemin=path, manques=Message("needs.manques", n=gaps),
                   structures=Message("needs.structures", n=structures))

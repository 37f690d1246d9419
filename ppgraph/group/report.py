"""The working group in words: what ``ppgraph group`` and ``ppgraph group select`` print.

>>> from datetime import datetime
>>> from ppgraph.group.selection import Candidate, select_members
>>> s = select_members([Candidate("23-CAND-01", "23", datetime(2025, 3, 9, 17, 0))], ["23"],
...                    maximum=15, minimum=1)
>>> print(selection_report(s).splitlines()[-1])
Groupe proposé : 1 membre (1 à 15), chaque département représenté.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from ..i18n import DEFAULT_LANGUAGE, Message, catalogue, message, plural
from ..namespaces import PP
from ..resources import referentiel_graph
from ..resolver import vocabulary
from ..territories import territories
from ..text import text_table
from .model import GroupFinding, WorkingGroup, check_group
from .selection import Selection

__all__ = ["selection_report", "group_report", "findings_report"]


def _dep(code: str | None) -> str:
    if not code:
        return "—"
    place = territories().departement(code)
    return f"{place.label} ({code})" if place is not None else code


def _when(value, lang: str) -> str:
    if value is None:
        return "—"
    fmt = "%d/%m/%Y %H:%M" if hasattr(value, "hour") else "%d/%m/%Y"
    if lang == "en":
        fmt = "%Y-%m-%d %H:%M" if hasattr(value, "hour") else "%Y-%m-%d"
    return value.strftime(fmt)


def _label(iri: str | None, lang: str) -> str:
    return vocabulary().label(URIRef(iri), lang) if iri else "—"


def selection_report(selection: Selection, lang: str = DEFAULT_LANGUAGE,
                     group: WorkingGroup | None = None, width: int = 60) -> str:
    """Each candidature's decision and why, the départements with no candidate, the size
    of the proposed group, and where the recorded status differs from the decision."""
    t = catalogue(lang)
    c = t.group.colonnes
    lines = []
    if group is not None:
        lines.append(message("group.selection.titre", lang, groupe=group.name))
    lines.append(message("group.selection.regle", lang, max=selection.maximum,
                         min=selection.minimum))
    lines.append("")
    rows = []
    differs = 0
    for d in selection.decisions:
        recorded = d.candidate.status
        mark = ""
        if recorded and recorded != "recue" and recorded != d.proposed_status:
            differs += 1
            mark = " *"
        rows.append([str(d.rank), d.candidate.id, _dep(d.candidate.departement),
                     _when(d.candidate.committed, lang),
                     d.candidate.structure or "—", d.reason.render(lang) + mark])
    if rows:
        lines.append(text_table([c.rang, c.candidature, c.departement, c.engagement,
                                 c.structure, c.decision], rows, right={0}, width=width))
    else:
        lines.append(t.group.selection.aucune_candidature)
    if differs:
        lines += ["", plural("group.selection.statuts_differents", differs, lang)]
    lines.append("")
    if selection.missing:
        lines.append(message("group.selection.sans_candidat", lang,
                             departements=", ".join(_dep(x) for x in selection.missing)))
    n = len(selection.retained)
    size = Message("group.membres", n=n)
    if n < selection.minimum:
        lines.append(message("group.selection.incomplet", lang, membres=size,
                             min=selection.minimum))
    elif selection.missing:
        lines.append(message("group.selection.propose_sans_tous", lang, membres=size,
                             min=selection.minimum, max=selection.maximum))
    else:
        lines.append(message("group.selection.propose", lang, membres=size,
                             min=selection.minimum, max=selection.maximum))
    return "\n".join(lines) + "\n"


def findings_report(findings: list[GroupFinding], lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The composition check in lines: conforms, or each rule broken with its value."""
    if not findings:
        return [catalogue(lang).group.composition.conforme]
    out = [plural("group.composition.non_conforme", len(findings), lang)]
    for f in findings:
        value = f.value or ""
        if value.startswith("http"):
            place = territories().place(value)
            value = place.display if place is not None else _label(value, lang) \
                if "/ref/" in value else value.rsplit("/", 1)[-1]
        out.append(message("group.composition.regle", lang, regle=f.rule(lang),
                           valeur=value or "—"))
        out.append("    " + f.message(lang))
    return out


def _members_table(group: WorkingGroup, lang: str, width: int) -> str:
    t = catalogue(lang)
    c = t.group.colonnes
    rows = [[_dep(m.departement), m.structure or "—", _label(m.structure_type, lang),
             _label(m.role, lang), m.member.rsplit("/", 1)[-1], _when(m.start, lang),
             _when(m.end, lang) if m.end else t.group.en_cours]
            for m in group.members]
    return text_table([c.departement, c.structure, c.type, c.role, c.technicien, c.debut,
                       c.fin], rows, width=width)


def group_report(store, group: WorkingGroup, lang: str = DEFAULT_LANGUAGE,
                 width: int = 40) -> str:
    """The group: its members (no personal name), its representation by département, its
    sub-groups, its call, stages and reverse schedule, and the check of its composition."""
    t = catalogue(lang)
    lines = [group.name]
    if group.convened_by:
        lines.append(message("group.anime_par", lang, structure=group.convened_by))
    current = group.current_members
    counted = [m for m in current if _counts(m)]
    lines.append(message("group.effectif", lang, membres=Message("group.membres", n=len(counted)),
                         min=group.minimum or "—", max=group.maximum or "—",
                         adhesions=Message("group.adhesions", n=len(current))))
    lines.append("")
    lines.append(_members_table(group, lang, width) if group.members else t.group.aucun_membre)
    deps = group.region_departements()
    if deps:
        per = {d: 0 for d in deps}
        for m in counted:
            if m.departement in per:
                per[m.departement] += 1
        lines += ["", t.group.representation,
                  text_table(deps, [[str(per[d]) for d in deps]], right=range(len(deps)))]
    for s in group.subgroups:
        lines += ["", message("group.sous_groupe", lang, nom=s.name,
                              territoires=", ".join(_dep(territories().place(x).code)
                                                    if territories().place(x) else x
                                                    for x in s.territories) or "—",
                              membres=Message("group.membres", n=len(s.current_members)))]
        lines += ["  " + line for line in _members_table(s, lang, width).splitlines()]
    if group.events:
        lines += ["", t.group.calendrier]
        for e in group.events:
            lines.append("  " + _event_line(e, lang))
    if group.members:
        lines += [""] + findings_report(check_group(store, group), lang)
    return "\n".join(lines) + "\n"


def _counts(member) -> bool:
    """Whether a member counts in the group's size (its role does not say otherwise)."""
    if member.role is None:
        return True
    return (URIRef(member.role), PP.compteDansLEffectif, Literal(False)) not in referentiel_graph()


def _event_line(e, lang: str) -> str:
    t = catalogue(lang)
    when = _when(e.start, lang) if e.start else ""
    if e.end and e.end != e.start:
        when = (f"{when} → " if when else "") + _when(e.end, lang)
    kind = t.group.sortes[e.kind]
    what = e.name or _label(e.type, lang)
    extra = []
    if e.kind == "temps" and e.type:
        extra.append(_label(e.type, lang))
    if e.place:
        extra.append(e.place)
    if e.channels:
        extra.append(", ".join(_label(x, lang) for x in e.channels))
    if e.deliverable:
        extra.append(message("group.livrable", lang, outil=e.deliverable))
    return f"{when:<25} {kind:<10} {what}" + (f" ({t.group.separateur.join(extra)})" if extra
                                               else "")

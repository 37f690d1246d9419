"""The working-group page: members (no names), representation by département on a schematic map, sub-groups, call, calendar, and the check of its composition."""

from __future__ import annotations

import json
from datetime import date

from rdflib import URIRef

from ...group import check_group, findings_report, select_for_group, working_groups
from ...resolver import vocabulary
from ...resources import resource_dir
from ...territories import territories
from ..core import Page, Site

__all__ = ["PAGE", "group_page", "tile_map"]

TILE = 74
"""Side of a tile of the map, in SVG units."""


def tile_map(codes: list[str], counts: dict[str, int], region: str | None) -> dict:
    """The tiles of the representation map: one per département, placed by
    ``data/territoires/tuiles.json`` for its région (else in a grid by code), with its
    number of members."""
    layout = {}
    try:
        layout = json.loads((resource_dir("data") / "territoires" / "tuiles.json")
                            .read_text(encoding="utf-8")).get(region or "", {})
    except (OSError, ValueError):
        layout = {}
    if not all(c in layout for c in codes):
        layout = {c: [i % 4, i // 4] for i, c in enumerate(codes)}
    tiles = []
    for c in codes:
        col, row = layout[c]
        place = territories().departement(c)
        tiles.append({"code": c, "nom": place.label if place else c, "x": col * TILE,
                      "y": row * TILE, "n": counts.get(c, 0)})
    width = (max((t["x"] for t in tiles), default=0) + TILE)
    height = (max((t["y"] for t in tiles), default=0) + TILE)
    return {"tiles": tiles, "width": width, "height": height, "tile": TILE - 6}


def group_page(site: Site) -> dict | None:
    """The context of ``groupe.html``. Left out when the store describes no working group."""
    groups = working_groups(site.store)
    if not groups:
        return None
    lang = site.lang
    voc = vocabulary()
    out = []
    for g in groups:
        counted = [m for m in g.current_members
                   if not (m.role and m.role.endswith("/referent-technique"))]
        deps = g.region_departements([m.departement for m in g.members if m.departement])
        counts: dict[str, int] = {}
        for m in counted:
            if m.departement:
                counts[m.departement] = counts.get(m.departement, 0) + 1
        selection = select_for_group(site.store, g)
        candidatures: dict[str, dict] = {d: {"candidats": 0, "retenus": 0} for d in deps}
        for d in selection.decisions:
            entry = candidatures.setdefault(d.candidate.departement,
                                            {"candidats": 0, "retenus": 0})
            entry["candidats"] += 1
            entry["retenus"] += int(d.retained)
        findings = check_group(site.store, g) if g.members else []
        out.append({
            "nom": g.name, "anime": g.convened_by, "min": g.minimum, "max": g.maximum,
            "effectif": len(counted),
            "membres": [{"departement": _dep(m.departement), "structure": m.structure,
                         "type": voc.label(URIRef(m.structure_type), lang) if m.structure_type else "",
                         "role": voc.label(URIRef(m.role), lang) if m.role else "",
                         "depuis": _day(m.start, lang), "jusqu": _day(m.end, lang)}
                        for m in g.members],
            "carte": tile_map(deps, counts, g.region),
            "candidatures": [{"departement": _dep(c), **v} for c, v in candidatures.items()],
            "sans_candidat": [_dep(c) for c in selection.missing],
            "sous_groupes": [{"nom": s.name, "membres": len(s.current_members),
                              "territoires": ", ".join(
                                  territories().place(t).label if territories().place(t)
                                  else t for t in s.territories)} for s in g.subgroups],
            "calendrier": [{"sorte": site.t.group.sortes[e.kind], "genre": e.kind,
                            "quand": _span(e.start, e.end, lang), "nom": e.name,
                            "temps": voc.label(URIRef(e.type), lang) if e.type else "",
                            "lieu": e.place or "", "objet": e.purpose or "",
                            "methode": e.method or "",
                            "canaux": ", ".join(voc.label(URIRef(c), lang) for c in e.channels),
                            "livrable": e.deliverable or ""} for e in g.events],
            "composition": findings_report(findings, lang) if g.members else [],
            "conforme": not findings,
        })
    return {"page_title": site.t.group.site.titre, "groupes": out}


def _dep(code: str | None) -> str:
    place = territories().departement(code) if code else None
    return f"{place.label} ({code})" if place is not None else (code or "—")


def _day(value: date | None, lang: str) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")


def _span(start: date | None, end: date | None, lang: str) -> str:
    if start and end and end != start:
        return f"{_day(start, lang)} – {_day(end, lang)}"
    return _day(start or end, lang)


PAGE = Page("groupe", "groupe.html", "group.site.nav", "groupe.html", group_page)

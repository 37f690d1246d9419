"""The working group as the store holds it: members and roles, sub-groups, call, stages, reverse schedule, candidatures, and the check of its composition.

Everything is read by the ``groupe-*.rq`` queries. Members are named by their structure,
département and role, never by their own name (personal data). :func:`check_group` applies
the composition rules of ``ontology/shapes.ttl`` (size, every département of the region
represented, one lead and one referent, sub-group members in the group) to the group as the
whole store describes it, with pySHACL, on a small graph built by one CONSTRUCT.

>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> working_groups(store)
[]
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime

from rdflib import RDF, Graph, Literal, URIRef

from ..errors import InputError
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES
from ..namespaces import PP, REF, instance_iri
from ..resources import graph as resource_graph
from ..resources import query_text
from ..store import GraphStore
from ..territories import territories
from ..text import french_sort_key
from .selection import DEFAULT_MAXIMUM, DEFAULT_MINIMUM, Candidate, Selection, select_members

__all__ = ["WorkingGroup", "Member", "Event", "Text", "GroupFinding", "working_groups", "find_group",
           "group_candidates", "select_for_group", "check_group", "group_org_graph",
           "COMPOSITION_SHAPES"]

COMPOSITION_SHAPES = ("GroupeEffectif", "GroupeDepartements", "GroupeRoles",
                      "SousGroupeMembres")
"""The shapes of ``ontology/shapes.ttl`` that check a composed group."""
SH = "http://www.w3.org/ns/shacl#"
FORME = "https://w3id.org/ppgraph/formes#"


@dataclass(frozen=True)
class Member:
    """A membership, as published: no person's name."""

    iri: str
    member: str
    """the technicien's IRI"""
    structure: str
    structure_type: str | None
    role: str | None
    """IRI of the role concept"""
    departement: str | None
    start: date | None
    end: date | None

    @property
    def current(self) -> bool:
        return self.end is None


@dataclass(frozen=True)
class Event:
    """An item of the calendar: a call (``appel``), a stage (``temps``) or a milestone
    (``jalon``)."""

    kind: str
    iri: str
    name: str
    start: date | None
    end: date | None
    type: str | None = None
    """a stage's concept (``temps-groupe``)"""
    place: str | None = None
    purpose: str | None = None
    method: str | None = None
    channels: tuple[str, ...] = ()
    before: str | None = None
    """a milestone's stage (IRI)"""
    deliverable: str | None = None


@dataclass
class WorkingGroup:
    """A working group and what the store says of it."""

    iri: str
    name: str
    convened_by: str | None
    parent: str | None
    territories: list[str]
    minimum: int | None
    maximum: int | None
    members: list[Member] = field(default_factory=list)
    subgroups: list["WorkingGroup"] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def current_members(self) -> list[Member]:
        return [m for m in self.members if m.current]

    @property
    def region(self) -> str | None:
        """Code of the région the group covers, if it covers one."""
        for t in self.territories:
            place = territories().place(t)
            if place is not None and place.kind == "region":
                return place.code
        return None

    def region_departements(self, fallback: list[str] = ()) -> list[str]:
        """The départements of its région (or those it names); for a group that names no
        territory, those of the régions of the départements in ``fallback``."""
        index = territories()
        code = self.region
        if code is not None:
            return [d.code for d in index.of_kind("departement") if d.region == code]
        out = []
        for t in self.territories:
            place = index.place(t)
            if place is not None and place.kind == "departement":
                out.append(place.code)
        if out or not fallback:
            return out
        regions = {p.region for p in (index.departement(c) for c in fallback) if p is not None}
        return [d.code for d in index.of_kind("departement") if d.region in regions]


class Text(str):
    """A text of the data with the language it is written in: equal to the plain string,
    its ``lang`` (``None`` when untagged) lets a page mark it (``langattr``) when it is not
    the reader's language (the group's texts are submitted in French).

    >>> t = Text(Literal("Journée de lancement", lang="fr"))
    >>> t == "Journée de lancement", t.lang, Text("x").lang
    (True, 'fr', None)
    """

    lang: str | None

    def __new__(cls, term) -> "Text":
        self = super().__new__(cls, str(term))
        self.lang = term.language if isinstance(term, Literal) else None
        return self


def _text(term) -> Text | None:
    return Text(term) if term is not None else None


def _date(term) -> date | None:
    if term is None:
        return None
    value = term.toPython() if isinstance(term, Literal) else None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _int(term) -> int | None:
    try:
        return int(term.toPython()) if term is not None else None
    except (TypeError, ValueError):
        return None


def working_groups(store: GraphStore) -> list[WorkingGroup]:
    """Every top-level working group of ``store`` with its sub-groups, members and calendar,
    sorted by name."""
    groups: dict[str, WorkingGroup] = {}
    for r in store.select(query_text("groupe-groupes")):
        iri = str(r["groupe"])
        g = groups.get(iri)
        if g is None:
            g = groups[iri] = WorkingGroup(
                iri, Text(r.get("nom") or iri.rsplit("/", 1)[-1]),
                str(r["nomAnime"]) if "nomAnime" in r else None,
                str(r["parent"]) if "parent" in r else None, [], _int(r.get("min")),
                _int(r.get("max")))
        if "territoire" in r and str(r["territoire"]) not in g.territories:
            g.territories.append(str(r["territoire"]))
    for r in store.select(query_text("groupe-membres")):
        g = groups.get(str(r["groupe"]))
        if g is None:
            continue
        g.members.append(Member(
            str(r["adhesion"]), str(r["membre"]),
            str(r.get("nomStructure") or r.get("structure") or ""),
            str(r["typeStructure"]) if "typeStructure" in r else None,
            str(r["role"]) if "role" in r else None,
            str(r["code"]) if "code" in r else None, _date(r.get("debut")),
            _date(r.get("fin"))))
    events: dict[tuple[str, str], dict] = {}
    for r in store.select(query_text("groupe-calendrier")):
        key = (str(r["groupe"]), str(r["element"]))
        e = events.setdefault(key, {"kind": str(r["sorte"]), "iri": str(r["element"]),
                                    "name": Text(r.get("nom") or ""),
                                    "start": _date(r.get("debut")),
                                    "end": _date(r.get("fin")), "channels": [],
                                    "type": str(r["type"]) if "type" in r else None,
                                    "place": _text(r.get("nomLieu")),
                                    "purpose": _text(r.get("objet")),
                                    "method": _text(r.get("methode")),
                                    "before": str(r["avant"]) if "avant" in r else None,
                                    "deliverable": _text(r.get("nomLivrable"))})
        if "canal" in r and str(r["canal"]) not in e["channels"]:
            e["channels"].append(str(r["canal"]))
    for (group, _), e in sorted(events.items()):
        if group in groups:
            e["channels"] = tuple(e["channels"])
            groups[group].events.append(Event(**e))
    for g in groups.values():
        g.members.sort(key=lambda m: (len(m.departement or "x" * 9), m.departement or "",
                                      french_sort_key(m.structure), m.iri))
        g.events.sort(key=lambda e: (e.start or e.end or date.max, e.kind, e.iri))
    for g in list(groups.values()):
        if g.parent in groups:
            groups[g.parent].subgroups.append(g)
    for g in groups.values():
        g.subgroups.sort(key=lambda s: french_sort_key(s.name))
    top = [g for g in groups.values() if g.parent not in groups]
    return sorted(top, key=lambda g: (french_sort_key(g.name), g.iri))


def find_group(store: GraphStore, key: str | None = None) -> WorkingGroup:
    """The group named by ``key`` (its IRI, identifier or name), or the only one.

    Raises
    ------
    InputError
        No group in the store, several and none named, or no group by that name.
    """
    groups = working_groups(store)
    every = groups + [s for g in groups for s in g.subgroups]
    if key is None:
        if len(groups) == 1:
            return groups[0]
        if not groups:
            raise InputError("group.aucun_groupe")
        raise InputError("group.plusieurs_groupes",
                         groupes=", ".join(g.iri.rsplit("/", 1)[-1] for g in groups))
    wanted = str(key).strip()
    for g in every:
        if wanted in (g.iri, g.iri.rsplit("/", 1)[-1], g.name, str(instance_iri("groupe", wanted))):
            return g
    raise InputError("group.groupe_inconnu", groupe=wanted,
                     groupes=", ".join(g.iri.rsplit("/", 1)[-1] for g in every) or "—")


def group_candidates(store: GraphStore, group: WorkingGroup) -> list[Candidate]:
    """The candidatures to ``group``, from every département's submission."""
    out = []
    for r in store.select(query_text("groupe-candidatures"), {"groupe": URIRef(group.iri)}):
        when = r["date"].toPython()
        if not isinstance(when, datetime):
            continue
        status = r.get("statut")
        out.append(Candidate(
            str(r["candidature"]).rsplit("/", 1)[-1], str(r.get("code") or ""), when,
            str(r["candidat"]).rsplit("/", 1)[-1] if "candidat" in r else "",
            str(r.get("nomStructure") or ""),
            str(status).rsplit("/", 1)[-1] if status is not None else None,
            str(r["candidature"])))
    return out


def select_for_group(store: GraphStore, group: WorkingGroup, *, maximum: int | None = None,
                     minimum: int | None = None) -> Selection:
    """The rule applied to the candidatures of ``group``: its own size bounds unless given,
    else 15 and 10; the départements of its région."""
    candidates = group_candidates(store, group)
    return select_members(candidates,
                          group.region_departements([c.departement for c in candidates]),
                          maximum=maximum or group.maximum or DEFAULT_MAXIMUM,
                          minimum=minimum or group.minimum or DEFAULT_MINIMUM)


@dataclass(frozen=True)
class GroupFinding:
    """A composition rule the group breaks."""

    shape: str
    focus: str
    value: str | None

    def rule(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return _shape_texts(self.shape)[0].get(lang, "")

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return _shape_texts(self.shape)[1].get(lang, "")


@functools.lru_cache(maxsize=None)
def _shape_texts(shape: str) -> tuple[dict, dict]:
    g = resource_graph("shapes")
    node = URIRef(FORME + shape)

    def texts(p: str) -> dict:
        return {o.language: str(o) for o in g.objects(node, URIRef(SH + p))
                if isinstance(o, Literal) and o.language in LANGUAGES}

    return texts("name"), texts("message")


@functools.lru_cache(maxsize=1)
def _composition_shapes() -> Graph:
    """The composition shapes alone (with the prefixes they declare), for pySHACL."""
    source = resource_graph("shapes")
    out = Graph()
    todo = [URIRef(FORME + s) for s in COMPOSITION_SHAPES]
    todo.append(URIRef("https://w3id.org/ppgraph/formes"))
    seen = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in source.predicate_objects(node):
            out.add((node, p, o))
            if not isinstance(o, Literal) and (o, None, None) in source and o not in seen \
                    and not (isinstance(o, URIRef) and str(o).startswith(str(PP))):
                todo.append(o)
    return out


def check_group(store: GraphStore, group: WorkingGroup) -> list[GroupFinding]:
    """The composition rules ``group`` breaks, as the whole store describes it (empty: it
    conforms). A group with no membership yet is not composed: nothing to check."""
    import pyshacl

    data = store.construct(query_text("groupe-composition"), {"groupe": URIRef(group.iri)})
    for s, p, o in resource_graph("referentiel").triples((None, None, None)):
        if str(s).startswith(str(REF["role-groupe"])):
            data.add((s, p, o))
    index = territories()
    for t in list(data.objects(None, PP.territoire)):
        place = index.place(t)
        if place is None:
            continue
        data.add((t, RDF.type, place.type))
        if place.kind == "region":
            for d in index.of_kind("departement"):
                if d.region == place.code:
                    data.add((d.iri, RDF.type, PP.Departement))
                    data.add((d.iri, PP.subdivisionDe, t))
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=_composition_shapes(), inference="none", advanced=False,
        meta_shacl=False, js=False, do_owl_imports=False)
    out = []
    for r in report.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        shape = str(report.value(r, URIRef(SH + "sourceShape")))
        value = report.value(r, URIRef(SH + "value"))
        out.append(GroupFinding(shape[len(FORME):], str(report.value(r, URIRef(SH + "focusNode"))),
                                str(value) if value is not None else None))
    return sorted(out, key=lambda f: (COMPOSITION_SHAPES.index(f.shape)
                                      if f.shape in COMPOSITION_SHAPES else 99, f.focus,
                                      str(f.value)))


def group_org_graph(store: GraphStore, group: WorkingGroup) -> Graph:
    """The group and its sub-groups in W3C ORG: org:Membership with org:member,
    org:organization, org:role and org:memberDuring (an OWL-Time interval)."""
    g = store.construct(query_text("groupe-org"), {"groupe": URIRef(group.iri)})
    g.bind("org", "http://www.w3.org/ns/org#")
    g.bind("time", "http://www.w3.org/2006/time#")
    return g

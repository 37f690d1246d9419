"""The glossary of the référentiel: every list and concept, nested, ordered and anchored for the site.

Everything comes from the store's référentiel graph through the ``glossaire-*.rq`` queries:
a list or a concept added to the Turtle files shows up with no code change. The local
concepts of the territories asked for (their graphs ``graphe/local/<code>``,
:mod:`ppgraph.local`) join the lists they extend, under the common concept they hang from,
marked with their territory.

>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> g = glossary(store)
>>> g.anchors["https://w3id.org/ppgraph/ref/niveau/guichet-unique"]
'niveau-guichet-unique'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal

from ..i18n import check_language
from ..namespaces import GRAPH_REFERENTIEL, PP, local_graph
from ..resources import query_text
from ..store import GraphStore
from ..text import fold, french_sort_key, slug

__all__ = ["Text", "text_of", "Link", "ConceptEntry", "SchemeEntry", "Glossary", "glossary",
           "local_name"]

SKOS = "http://www.w3.org/2004/02/skos/core#"

# Relations of glossary-relations.rq → (key shown on the concept, key shown on the target).
_RELATIONS = {
    SKOS + "broader": ("generique", None),
    str(PP.competenceEssentielle): ("essentielles", "essentielle_pour"),
    str(PP.competenceOptionnelle): ("utiles", "utile_pour"),
    SKOS + "related": ("associes", "associes"),
    SKOS + "exactMatch": ("correspondances", None),
    SKOS + "closeMatch": ("correspondances", None),
    str(PP.classeDATAtourisme): ("correspondances", None),
}
_RELATION_ORDER = ("generique", "essentielles", "utiles", "essentielle_pour", "utile_pour",
                   "associes", "correspondances")


def local_name(iri: str) -> str:
    """The last segment of an IRI (after its last ``/`` or ``#``)."""
    return re.split(r"[#/]", str(iri).rstrip("/#"))[-1]


@dataclass(frozen=True)
class Text:
    """A text from the data with its language tag, so that a page can mark a French
    fallback on an English page with ``lang="fr"``."""

    value: str
    lang: str | None = None

    def __str__(self) -> str:
        return self.value


def _text(term: Any) -> Text | None:
    if term is None:
        return None
    return Text(str(term), term.language if isinstance(term, Literal) else None)


def text_of(term: Any) -> Text | None:
    """The :class:`Text` of an RDF term (None for None)."""
    return _text(term)


@dataclass(frozen=True)
class Link:
    """A reference from one concept to another (``href`` set when it is in the glossary)
    or to a term of another vocabulary (``href`` None: shown as text, never as a link)."""

    label: str
    iri: str
    href: str | None = None
    lang: str | None = None


@dataclass
class ConceptEntry:
    """A concept of the glossary, with its narrower concepts in ``children``."""

    iri: str
    scheme: str
    anchor: str
    notation: str | None
    label: Text
    other_label: Text | None
    definition: Text | None
    note: Text | None
    rank: float | None
    synonyms: list[Text] = field(default_factory=list)
    relations: dict[str, list[Link]] = field(default_factory=dict)
    children: list["ConceptEntry"] = field(default_factory=list)
    parent: str | None = field(default=None, repr=False)
    """the broader concept it is nested under on the page"""
    local: str | None = None
    """code of the département whose local concept it is (None: a common concept)"""
    local_name: str | None = None
    """name of that département"""

    @property
    def search_text(self) -> str:
        """What the glossary filter matches: label, other label, synonyms, notation, folded."""
        words = [self.label.value, self.notation or ""]
        words += [self.other_label.value] if self.other_label else []
        words += [s.value for s in self.synonyms]
        return fold(" ".join(words))

    @property
    def relation_list(self) -> list[tuple[str, list[Link]]]:
        return [(k, self.relations[k]) for k in _RELATION_ORDER if self.relations.get(k)]


@dataclass
class SchemeEntry:
    """A concept scheme of the glossary; ``concepts`` are its top concepts, nested."""

    iri: str
    anchor: str
    notation: str | None
    label: Text
    description: Text | None
    note: Text | None
    concepts: list[ConceptEntry]
    count: int
    rank: float | None = None
    """``pp:rang`` of the scheme: the order of the lists in the glossary"""


@dataclass
class Glossary:
    """The published référentiel, as returned by :func:`glossary`."""

    schemes: list[SchemeEntry]
    anchors: dict[str, str]
    """concept or scheme IRI → anchor id in the glossary page"""
    departements: tuple[str, ...] = ()
    """codes of the départements whose local concepts it holds"""

    @property
    def concept_count(self) -> int:
        return sum(s.count for s in self.schemes)

    @property
    def local_count(self) -> int:
        """How many local concepts it holds."""
        return sum(1 for s in self.schemes for e in _walk(s.concepts) if e.local)

    def entries(self) -> list[ConceptEntry]:
        """Every concept once per list, in page order."""
        return [e for s in self.schemes for e in _walk(s.concepts)]


def glossary(store: GraphStore, lang: str = "fr",
             departements: Iterable[str] | str = ()) -> Glossary:
    """The référentiel of ``store`` as a glossary: one entry per concept scheme, with its
    concepts nested by ``skos:broader``, ordered by ``pp:rang`` where present, otherwise
    alphabetically (accents ignored).

    Everything comes from the store's référentiel graph through the ``glossaire-*.rq``
    queries: a scheme or concept added to the Turtle files shows up with no code change.

    Parameters
    ----------
    store : GraphStore
    lang : "fr" or "en"
    departements : iterable of str, or "*"
        Départements (INSEE codes) whose local concepts join the lists they extend, each
        marked with its territory; ``"*"``: every département that has some in the store.
        Default: the common référentiel only.

    >>> from ppgraph.store import Store
    >>> from ppgraph.reference import load_reference_data
    >>> store = Store(); _ = load_reference_data(store)
    >>> g = glossary(store)
    >>> g.anchors["https://w3id.org/ppgraph/ref/niveau/guichet-unique"]
    'niveau-guichet-unique'
    """
    check_language(lang)
    other = "en" if lang == "fr" else "fr"
    if departements == "*":
        from ..local import local_departements

        codes = tuple(local_departements(store))
    else:
        codes = tuple(dict.fromkeys(str(c) for c in departements))
    graphs = [GRAPH_REFERENTIEL] + [local_graph(c) for c in codes]
    local_of = {str(local_graph(c)): c for c in codes}
    names = _departement_names(codes)
    bind = {"lang": Literal(lang), "graphe": graphs}

    schemes = {}
    for r in store.select(query_text("glossaire-listes"), {"lang": Literal(lang)}):
        iri = str(r["liste"])
        schemes[iri] = SchemeEntry(
            iri=iri, anchor="", notation=str(r["notation"]) if "notation" in r else None,
            label=_text(r.get("libelle")) or Text(local_name(iri)),
            description=_text(r.get("description")), note=_text(r.get("note")),
            concepts=[], count=0, rank=_number(r.get("rang")))

    members: dict[str, list[ConceptEntry]] = {iri: [] for iri in schemes}
    by_iri: dict[str, list[ConceptEntry]] = {}
    rows = store.select(query_text("glossaire-concepts"),
                        {"lang": Literal(lang), "autreLangue": Literal(other), "graphe": graphs})
    for r in rows:
        iri, scheme = str(r["concept"]), str(r["liste"])
        if scheme not in members:
            continue
        code = local_of.get(str(r["graphe"]))
        entry = ConceptEntry(
            iri=iri, scheme=scheme, anchor="",
            notation=str(r["notation"]) if "notation" in r else None,
            label=_text(r.get("libelle")) or Text(local_name(iri)),
            other_label=_other_label(r.get("libelle"), r.get("libelleAutre")),
            definition=_text(r.get("definition")), note=_text(r.get("note")),
            rank=_number(r.get("rang")), local=code, local_name=names.get(code))
        members[scheme].append(entry)
        by_iri.setdefault(iri, []).append(entry)

    for r in store.select(query_text("glossaire-synonymes"), bind):
        for entry in by_iri.get(str(r["concept"]), []):
            entry.synonyms.append(_text(r["synonyme"]))
    for entries in by_iri.values():
        for entry in entries:
            entry.synonyms.sort(key=lambda t: french_sort_key(t.value))

    broader: dict[str, set[str]] = {}
    relations: list[tuple[str, str, str]] = []
    for r in store.select(query_text("glossaire-relations"), {"graphe": graphs}):
        concept, relation, target = str(r["concept"]), str(r["relation"]), str(r["cible"])
        if relation == SKOS + "broader":
            broader.setdefault(concept, set()).add(target)
        relations.append((concept, relation, target))

    # Lists with a pp:rang come first, in that order (niveaux first: the seed's question).
    ordered_schemes = sorted(schemes.values(), key=lambda s: (
        s.rank is None, s.rank or 0, french_sort_key(s.label.value)))
    for scheme in ordered_schemes:
        scheme.concepts = _nest(members[scheme.iri], broader)
        scheme.count = len(members[scheme.iri])

    # Anchors: concepts first (the readable "niveau-guichet-unique" wins any clash), in
    # page order, so that identical content always gives identical ids.
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for scheme in ordered_schemes:
        prefix = slug(scheme.notation or local_name(scheme.iri))
        for entry in _walk(scheme.concepts):
            entry.anchor = _unique(f"{prefix}-{slug(entry.notation or local_name(entry.iri))}",
                                   taken)
            anchors.setdefault(entry.iri, entry.anchor)
    for scheme in ordered_schemes:
        scheme.anchor = _unique(slug(scheme.notation or local_name(scheme.iri)), taken)
        anchors.setdefault(scheme.iri, scheme.anchor)

    labels = {iri: entries[0].label for iri, entries in by_iri.items()}

    def link(iri: str) -> Link:
        if iri in anchors and iri in labels:
            return Link(labels[iri].value, iri, "#" + anchors[iri], labels[iri].lang)
        return Link(iri, iri)

    for concept, relation, target in relations:
        forward, backward = _RELATIONS.get(relation, (None, None))
        for entry in by_iri.get(concept, []):
            if relation == SKOS + "broader" and entry.parent == target:
                continue  # shown by nesting
            if forward:
                entry.relations.setdefault(forward, []).append(link(target))
        if backward:
            for entry in by_iri.get(target, []):
                entry.relations.setdefault(backward, []).append(link(concept))
    for entries in by_iri.values():
        for entry in entries:
            for key, links in entry.relations.items():
                unique = {(l.iri, l.href): l for l in links}
                entry.relations[key] = sorted(unique.values(),
                                              key=lambda l: (french_sort_key(l.label), l.iri))
    return Glossary(schemes=ordered_schemes, anchors=anchors, departements=codes)


def _departement_names(codes: Iterable[str]) -> dict[str, str]:
    from ..territories import territories

    index = territories()
    out = {}
    for code in codes:
        place = index.departement(code)
        out[code] = place.label if place is not None else code
    return out


def _other_label(label: Any, other: Any) -> Text | None:
    # On an English page a French-only concept falls back to French: do not say it twice.
    if other is None or (label is not None and str(label) == str(other)):
        return None
    return _text(other)


def _number(term: Any) -> float | None:
    if term is None:
        return None
    try:
        return float(term.toPython())
    except (TypeError, ValueError):
        return None


def _sibling_key(entry: ConceptEntry) -> tuple:
    return (entry.rank is None, entry.rank or 0.0, french_sort_key(entry.label.value), entry.iri)


def _nest(entries: list[ConceptEntry], broader: Mapping[str, set[str]]) -> list[ConceptEntry]:
    """Top concepts of a scheme with their narrower concepts nested under them.

    A concept with several broader concepts in the scheme goes under the first one in page
    order (the others are listed as broader terms); a cycle is broken where it is found.
    """
    in_scheme = {e.iri: e for e in entries}
    children: dict[str, list[ConceptEntry]] = {}
    roots = []
    for entry in entries:
        parents = sorted((in_scheme[p] for p in broader.get(entry.iri, ()) if p in in_scheme
                          and p != entry.iri), key=_sibling_key)
        if parents:
            children.setdefault(parents[0].iri, []).append(entry)
            entry.parent = parents[0].iri
        else:
            roots.append(entry)
    placed: set[str] = set()

    def attach(entry: ConceptEntry) -> None:
        placed.add(entry.iri)
        entry.children = []
        for child in sorted(children.get(entry.iri, []), key=_sibling_key):
            if child.iri not in placed:
                entry.children.append(child)
                attach(child)

    top = sorted(roots, key=_sibling_key)
    for entry in top:
        attach(entry)
    for entry in sorted(entries, key=_sibling_key):  # members of a broader-cycle
        if entry.iri not in placed:
            entry.parent = None
            top.append(entry)
            attach(entry)
    return top


def _walk(entries: Iterable[ConceptEntry]) -> Iterable[ConceptEntry]:
    for entry in entries:
        yield entry
        yield from _walk(entry.children)


def _unique(candidate: str, taken: set[str]) -> str:
    anchor, n = candidate, 2
    while anchor in taken:
        anchor, n = f"{candidate}-{n}", n + 1
    taken.add(anchor)
    return anchor

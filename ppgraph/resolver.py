"""The one resolver of names and codes to IRIs, and of suggestions when nothing matches.

What a person typed becomes a concept of the référentiel or a real territory.

A workbook cell, a ``--param`` value of a question and a template's example all go through
it, with the same rules (:mod:`ppgraph.text`): accents, case, ligatures, hyphens, apostrophes
and « St »/« Saint » ignored; a code recognised with or without its leading zero
(« 1053 » → 01053); suggestions by :func:`ppgraph.text.suggest`, a place of the
submission's own département first.

>>> voc = vocabulary()
>>> str(voc.resolve(REF["niveau"], "GUICHET unique")[0])
'https://w3id.org/ppgraph/ref/niveau/guichet-unique'
>>> voc.suggest(REF["niveau"], "Guichet unque")
['Guichet unique']
>>> gaz = gazetteer()
>>> gaz.display(gaz.resolve("St-Émilion", ("commune",))[0])
'Saint-Émilion (33394)'
>>> gaz.suggest("Sarlat", ("commune",), departement="24")
['Sarlat-la-Canéda (24520)']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from .errors import InputError
from .namespaces import PP, REF, TERRITOIRE, territory_iri
from .resources import referentiel_graph
from .territories import KIND_CLASSES, Place, Territories, territories
from .text import fold, name_key, suggest

__all__ = ["Vocabulary", "vocabulary", "Gazetteer", "gazetteer", "departement_code",
           "code_kind", "TERRITORY_KINDS_OF_CLASS", "KIND_WORDS"]

TERRITORY_KINDS_OF_CLASS = {str(PP.Territoire): ("commune", "epci", "departement", "region"),
                            str(PP.Commune): ("commune",), str(PP.EPCI): ("epci",),
                            str(PP.Departement): ("departement",), str(PP.Region): ("region",)}
"""The kinds of territory a class admits (``pp:Territoire``: any)."""

KIND_WORDS = {"commune": "commune", "epci": "epci", "intercommunalite": "epci",
              "departement": "departement", "dep": "departement", "dept": "departement",
              "region": "region"}
"""Words a person may put before a code (« région 75 », « dep 33 ») → kind."""

# INSEE codes: commune 5 characters (2A/2B in Corsica, 97x overseas), département 2 or 3,
# région 2, EPCI a 9-digit SIREN. A code typed as a number may have lost its leading zero.
_CODE_PATTERNS = (("epci", re.compile(r"^\d{9}$")),
                  ("commune", re.compile(r"^(\d{5}|2[AB]\d{3})$")),
                  ("departement", re.compile(r"^(\d{2}|2[AB]|97\d)$")))


def code_kind(code: str) -> str | None:
    """The kind of territory an INSEE code (or SIREN) has the form of, None if none.

    >>> code_kind("33063"), code_kind("2A"), code_kind("200023794"), code_kind("Gironde")
    ('commune', 'departement', 'epci', None)
    """
    code = code.strip().upper()
    for kind, pattern in _CODE_PATTERNS:
        if pattern.match(code):
            return kind
    return None


def _padded(code: str, kinds: Sequence[str]) -> str:
    """A code typed as a number that lost its leading zero: « 1053 » → « 01053 »."""
    if code.isdigit() and (("commune" in kinds and len(code) == 4) or
                           ("departement" in kinds and len(code) == 1)):
        return "0" + code
    return code


def departement_code(text: str) -> str:
    """The INSEE code of a département given by its code or name (« 33 », « 2a », « 1 »,
    « Gironde »), checked against the real territories.

    >>> departement_code("1"), departement_code("gironde"), departement_code("2a")
    ('01', '33', '2A')

    Raises
    ------
    InputError
        If no département has that code or name.
    """
    iri, _ = gazetteer().resolve(str(text), ("departement",))
    place = territories().place(iri) if iri is not None else None
    if place is None:
        raise InputError("territoires.pas_un_departement", valeur=str(text).strip())
    return place.code


# -- the référentiel -----------------------------------------------------------------------------

@dataclass
class SchemeInfo:
    """A list of the référentiel: its IRI, French label and concepts in reading order."""

    iri: URIRef
    label: str
    concepts: list[URIRef]


def _text_of(g: Graph, node, prop, lang: str = "fr") -> str | None:
    best = None
    for o in g.objects(node, prop):
        if isinstance(o, Literal):
            if o.language == lang:
                return str(o)
            if best is None or o.language is None:
                best = str(o)
    return best


def _local(iri) -> str:
    return re.split(r"[#/]", str(iri))[-1]


class Vocabulary:
    """The référentiel's lists, to turn what a person typed into a concept and back.

    A text matches a concept of a list by its French label, ignoring case and accents, or by
    a synonym (``skos:altLabel``), its English label, its code (``skos:notation``) or its
    IRI. :meth:`suggest` proposes the closest labels when nothing matches.
    """

    def __init__(self, g: Graph):
        self.graph = g
        self.schemes: dict[URIRef, SchemeInfo] = {}
        self._keys: dict[URIRef, dict[str, set[URIRef]]] = {}
        self._labels: dict[URIRef, dict[str | None, str]] = {}
        self._scheme_of: dict[URIRef, set[URIRef]] = {}
        for scheme in g.subjects(RDF.type, SKOS.ConceptScheme):
            members = set(g.subjects(SKOS.inScheme, scheme)) | set(g.subjects(SKOS.topConceptOf, scheme))
            label = _text_of(g, scheme, SKOS.prefLabel) or _local(scheme)
            self.schemes[scheme] = SchemeInfo(scheme, label, self._ordered(g, members))
            keys: dict[str, set[URIRef]] = {}
            for c in members:
                self._scheme_of.setdefault(c, set()).add(scheme)
                labels: dict[str | None, str] = {}
                for o in g.objects(c, SKOS.prefLabel):
                    labels.setdefault(o.language, str(o))
                self._labels[c] = labels
                for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation):
                    for o in g.objects(c, prop):
                        keys.setdefault(fold(o), set()).add(c)
                keys.setdefault(fold(str(c)), set()).add(c)
                keys.setdefault(fold(str(c)[len(str(REF)):]), set()).add(c)
            self._keys[scheme] = keys

    @staticmethod
    def _ordered(g: Graph, members: set[URIRef]) -> list[URIRef]:
        """Concepts in reading order: top concepts by rank (else label), each followed by
        its narrower concepts, recursively."""
        def key(c):
            rank = g.value(c, PP.rang)
            label = _text_of(g, c, SKOS.prefLabel) or str(c)
            return (rank is None, float(rank) if rank is not None else 0.0, fold(label), str(c))
        children: dict[URIRef, list[URIRef]] = {}
        roots = []
        for c in members:
            parents = [p for p in g.objects(c, SKOS.broader) if p in members and p != c]
            if parents:
                children.setdefault(sorted(parents, key=key)[0], []).append(c)
            else:
                roots.append(c)
        out: list[URIRef] = []
        seen: set[URIRef] = set()

        def walk(c):
            if c in seen:
                return
            seen.add(c)
            out.append(c)
            for child in sorted(children.get(c, []), key=key):
                walk(child)
        for c in sorted(roots, key=key):
            walk(c)
        for c in sorted(members, key=key):
            walk(c)
        return out

    def label(self, concept: URIRef, lang: str = "fr") -> str:
        """The concept's label in ``lang`` (French if missing, else its code)."""
        labels = self._labels.get(concept, {})
        return labels.get(lang) or labels.get("fr") or next(iter(labels.values()), None) \
            or _local(concept)

    def labels(self, scheme: URIRef, lang: str = "fr") -> list[str]:
        """The labels of a list, in reading order (what a dropdown offers): every concept
        but those that only group others (``pp:regroupement true``, the domains of the
        competences), which are never chosen as a value."""
        info = self.schemes.get(scheme)
        if not info:
            return []
        return [self.label(c, lang) for c in info.concepts
                if (c, PP.regroupement, Literal(True)) not in self.graph]

    def scheme_label(self, scheme: URIRef, lang: str = "fr") -> str:
        """The label of a list in ``lang`` (French if missing)."""
        if scheme not in self.schemes:
            return _local(scheme)
        return _text_of(self.graph, scheme, SKOS.prefLabel, lang) or self.schemes[scheme].label

    def in_scheme(self, concept: URIRef, scheme: URIRef) -> bool:
        return scheme in self._scheme_of.get(concept, set())

    def notation(self, concept: URIRef) -> str | None:
        """The concept's code (``skos:notation``)."""
        value = self.graph.value(concept, SKOS.notation)
        return str(value) if value is not None else None

    def resolve(self, scheme: URIRef, text: str) -> tuple[URIRef | None, list[URIRef]]:
        """The concept of ``scheme`` that ``text`` names, or (None, the candidates when
        several concepts share that synonym)."""
        found = self._keys.get(scheme, {}).get(fold(text), set())
        if len(found) == 1:
            return next(iter(found)), []
        return None, sorted(found)

    def suggest(self, scheme: URIRef, text: str, n: int = 2) -> list[str]:
        """The closest French labels of ``scheme`` to ``text`` (see
        :func:`ppgraph.text.suggest`); a synonym or code that is close gives its concept's
        label."""
        info = self.schemes.get(scheme)
        if info is None or not text:
            return []
        names: dict[str, str] = {}
        for c in info.concepts:
            names.setdefault(self.label(c), self.label(c))
        for k, cs in self._keys.get(scheme, {}).items():
            if len(cs) == 1 and not k.startswith("http"):
                names.setdefault(k, self.label(next(iter(cs))))
        out: list[str] = []
        for match in suggest(text, list(names), n=n * 2):
            if names[match] not in out:
                out.append(names[match])
        return out[:n]


@functools.lru_cache(maxsize=1)
def _default_vocabulary() -> Vocabulary:
    return Vocabulary(referentiel_graph())


def vocabulary(graph: Graph | None = None) -> Vocabulary:
    """The référentiel index (default: the bundled référentiel, built once per process)."""
    return Vocabulary(graph) if graph is not None else _default_vocabulary()


# -- territories ----------------------------------------------------------------------------

class Gazetteer:
    """Territories by INSEE code (SIREN for an EPCI) and name, over :mod:`ppgraph.territories`."""

    def __init__(self, index: Territories):
        self.index = index
        self._names: dict[str, list[Place]] = {}
        for p in index.by_iri.values():
            self._names.setdefault(name_key(p.label), []).append(p)
        for v in self._names.values():
            v.sort(key=lambda p: (p.kind, p.code))

    def place(self, iri: URIRef | str) -> Place | None:
        return self.index.place(iri)

    def display(self, iri: URIRef | str) -> str:
        return self.index.display(iri)

    def types(self, iri: URIRef | str) -> list[URIRef]:
        return self.index.types(iri)

    def communes(self, departement: str | None = None) -> list[Place]:
        return self.index.communes(departement)

    def resolve(self, text: str, kinds: Sequence[str],
                departement: str | None = None) -> tuple[URIRef | None, list[Place]]:
        """The territory a text names, among ``kinds``.

        Accepts a code (``33063``, ``33``, ``200023794``, ``1053`` for 01053), a code with
        its kind (``région 75``), a name (``Bordeaux``, ``Gironde``, ``St-Émilion``) or
        « Name (code) ». A code of the right form gives its IRI even when unknown (the shapes
        then say it is not a real territory). An ambiguous name gives ``(None,
        candidates)``: places of ``departement`` are preferred.
        """
        text = " ".join(str(text).replace("\u00a0", " ").split())
        if not text:
            return None, []
        if text.startswith(str(TERRITOIRE)):
            return URIRef(text), []
        name, code = text, None
        m = re.match(r"^(.*?)\s*\(([^()]+)\)\s*$", text)
        if m:
            name, code = m.group(1), m.group(2)
        for candidate in ([code] if code else []) + [text]:
            iri = self._by_code(candidate, kinds)
            if iri is not None:
                return iri, []
        found = [p for p in self._names.get(name_key(name), []) if p.kind in kinds]
        if len(found) > 1 and len({p.kind for p in found}) > 1:
            # « Landes »: the département rather than the commune of the same name.
            for k in ("region", "departement", "epci"):
                if any(p.kind == k for p in found):
                    found = [p for p in found if p.kind == k]
                    break
        if len(found) > 1 and departement:
            local = [p for p in found if p.kind != "commune" or departement in p.departements]
            found = local or found
        if len(found) == 1:
            return found[0].iri, []
        return None, found

    def _by_code(self, text: str, kinds: Sequence[str]) -> URIRef | None:
        words = fold(text).replace("-", " ").split()
        if len(words) == 2 and words[0] in KIND_WORDS:
            kind, code = KIND_WORDS[words[0]], _padded(words[1].upper(), kinds)
            return territory_iri(kind, code) if kind in kinds else None
        if len(words) != 1:
            return None
        code = _padded(words[0].upper(), kinds)
        kind = code_kind(code)
        if kind is None:
            return None
        if kind in kinds:
            return territory_iri(kind, code)
        if kind == "departement" and "region" in kinds and code.isdigit():
            return territory_iri("region", code)
        return None

    def suggest(self, text: str, kinds: Sequence[str], departement: str | None = None,
                n: int = 2) -> list[str]:
        """Closest places among ``kinds``, as « Name (code) », those of ``departement``
        first."""
        name = re.sub(r"\s*\([^()]*\)\s*$", "", str(text)).strip()
        pool: dict[str, Place] = {}
        for places in self._names.values():
            for p in places:
                if p.kind in kinds:
                    pool[p.display] = p
        labels: dict[str, list[str]] = {}
        for display, p in pool.items():
            labels.setdefault(p.label, []).append(display)

        def local(label: str) -> bool:
            return bool(departement) and any(departement in pool[d].departements
                                             for d in labels[label])
        out: list[str] = []
        for label in suggest(name, list(labels), n=n * 2, prefer=local):
            for display in sorted(labels[label],
                                  key=lambda d: not (departement in pool[d].departements)):
                if display not in out:
                    out.append(display)
        return out[:n]


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The territories of ``data/territoires`` as a gazetteer, built once per process."""
    return Gazetteer(territories())


def territory_kinds(cls: URIRef | str) -> tuple[str, ...]:
    """The kinds of territory a class admits."""
    return TERRITORY_KINDS_OF_CLASS.get(str(cls), ("commune",))


def place_of(iri: URIRef | str) -> Place | None:
    """The territory of ``iri`` (None if it is not one)."""
    return territories().place(iri)


__all__ += ["territory_kinds", "place_of", "SchemeInfo", "KIND_CLASSES"]


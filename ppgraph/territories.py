"""The real territories of ``data/territoires``, indexed once.

Régions, départements, EPCI and communes with their INSEE codes (SIREN for an EPCI), names,
populations and links.

Everything that needs to know a territory (the resolver of names and codes, the template's
examples, the demo generator, validation) reads this one index, built from the Turtle files
with Oxigraph's parser (a few hundredths of a second for 31,000 triples).

>>> t = territories()
>>> t.place(territory_iri("commune", "33063")).display
'Bordeaux (33063)'
>>> t.place(territory_iri("departement", "24")).region
'75'
>>> len(t.communes("23")) > 200
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import RDFS, URIRef

from .namespaces import PP, TERRITOIRE, territory_iri
from .resources import territory_files, triples
from .text import name_key

__all__ = ["Place", "Territories", "territories", "KIND_CLASSES"]

KIND_CLASSES = {"commune": PP.Commune, "epci": PP.EPCI, "departement": PP.Departement,
                "region": PP.Region}
"""The kind of a territory (the first segment of its IRI) → its class in the ontology."""


@dataclass(frozen=True)
class Place:
    """A territory: its IRI, kind (``commune``, ``epci``, ``departement``, ``region``), own
    code (INSEE, SIREN for an EPCI) and name."""

    iri: URIRef
    kind: str
    code: str
    label: str
    departements: tuple[str, ...] = ()
    """codes of the département(s) it lies in (several for an EPCI across a boundary; a
    département: itself)"""
    region: str | None = None
    """code of its région (départements and communes)"""
    epci: URIRef | None = None
    """its EPCI (communes)"""
    population: int = 0
    chef_lieu: URIRef | None = None

    @property
    def departement(self) -> str | None:
        """The (first) département it lies in."""
        return self.departements[0] if self.departements else None

    @property
    def display(self) -> str:
        """How a cell names it: « Bordeaux (33063) », « Nouvelle-Aquitaine (région 75) »."""
        if self.kind == "region":
            return f"{self.label} (région {self.code})"
        return f"{self.label} ({self.code})"

    @property
    def type(self) -> URIRef:
        """Its class in the ontology (``pp:Commune``...)."""
        return KIND_CLASSES[self.kind]


@dataclass
class Territories:
    """The index: every place by IRI, and the communes of each département."""

    by_iri: dict[URIRef, Place]
    _communes: dict[str, list[Place]] = field(default_factory=dict, repr=False)

    def place(self, iri: URIRef | str) -> Place | None:
        """The place of ``iri``, None if it is not a known territory."""
        return self.by_iri.get(URIRef(str(iri)))

    def display(self, iri: URIRef | str) -> str:
        """« Name (code) » of a known territory, else the IRI as given."""
        p = self.place(iri)
        return p.display if p else str(iri)

    def types(self, iri: URIRef | str) -> list[URIRef]:
        """The class of a known territory (one item), else nothing."""
        p = self.place(iri)
        return [p.type] if p else []

    def of_kind(self, kind: str) -> list[Place]:
        """Every place of a kind, by code."""
        return sorted((p for p in self.by_iri.values() if p.kind == kind),
                      key=lambda p: (len(p.code), p.code))

    def communes(self, departement: str | None = None) -> list[Place]:
        """The communes of a département (all if None), by name."""
        if departement is None:
            return sorted((c for cs in self._communes.values() for c in cs),
                          key=lambda p: (name_key(p.label), p.code))
        return list(self._communes.get(departement, []))

    def departement(self, code: str) -> Place | None:
        """The département of INSEE code ``code`` ('33', '2A', '971')."""
        return self.place(territory_iri("departement", code))

    def chef_lieu(self, iri: URIRef | str) -> Place | None:
        """The chef-lieu commune of a département or région, if known."""
        p = self.place(iri)
        return self.place(p.chef_lieu) if p is not None and p.chef_lieu is not None else None


@functools.lru_cache(maxsize=1)
def territories() -> Territories:
    """The territories of ``data/territoires``, indexed once per process."""
    return build_index(triples(territory_files()))


def build_index(source: Iterable[tuple[str, str, str, bool]]) -> Territories:
    """The index of (subject, predicate, object, is-literal) string triples."""
    base = str(TERRITOIRE)
    label, code, siren, pop, chef, epci = {}, {}, {}, {}, {}, {}
    parents: dict[str, list[str]] = {}
    p_label, p_code, p_siren = str(RDFS.label), str(PP.codeINSEE), str(PP.siren)
    p_pop, p_chef, p_epci = str(PP.population), str(PP.chefLieu), str(PP.membreDeEPCI)
    # A commune or département is a subdivision of its parent; an EPCI has communes in one
    # or more départements (pp:dansDepartement, not a subdivision: it may overlap two).
    p_parents = (str(PP.subdivisionDe), str(PP.dansDepartement))
    for s, p, o, _ in source:
        if not s.startswith(base):
            continue
        if p == p_label:
            label[s] = o
        elif p == p_code:
            code[s] = o
        elif p == p_siren:
            siren[s] = o
        elif p == p_pop:
            pop[s] = int(o)
        elif p == p_chef:
            chef[s] = o
        elif p in p_parents:
            parents.setdefault(s, []).append(o)
        elif p == p_epci:
            epci[s] = o
    dep_base, reg_base = str(TERRITOIRE["departement/"]), str(TERRITOIRE["region/"])

    def codes_of(iris: Iterable[str], prefix: str) -> tuple[str, ...]:
        return tuple(sorted(x[len(prefix):] for x in iris if x.startswith(prefix)))

    dep_region = {s[len(dep_base):]: (codes_of(parents.get(s, []), reg_base) or (None,))[0]
                  for s in label if s.startswith(dep_base)}
    places: dict[URIRef, Place] = {}
    for s, name in label.items():
        kind, _, key = s[len(base):].partition("/")
        if kind not in KIND_CLASSES or not key:
            continue
        deps: tuple[str, ...] = ()
        region = None
        if kind == "departement":
            deps, region = (key,), dep_region.get(key)
        elif kind in ("commune", "epci"):
            deps = codes_of(parents.get(s, []), dep_base)
            region = dep_region.get(deps[0]) if deps else None
        elif kind == "region":
            region = key
        own = siren.get(s) if kind == "epci" else code.get(s)
        places[URIRef(s)] = Place(
            iri=URIRef(s), kind=kind, code=own or key, label=name, departements=deps,
            region=region, epci=URIRef(epci[s]) if s in epci else None,
            population=pop.get(s, 0), chef_lieu=URIRef(chef[s]) if s in chef else None)
    communes: dict[str, list[Place]] = {}
    for p in places.values():
        if p.kind == "commune" and p.departement:
            communes.setdefault(p.departement, []).append(p)
    for cs in communes.values():
        cs.sort(key=lambda p: (name_key(p.label), p.code))
    return Territories(places, communes)

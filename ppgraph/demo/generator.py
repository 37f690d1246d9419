"""Generate the fictitious but coherent demo network: one submission graph per département.

The territories are real (the one territory index, :func:`ppgraph.territories.territories`);
everything else — structures, technicians, project holders, their projects and stories — is
invented by a seeded pseudo-random generator and says so (``pp:donneesFictives true``, names
containing « fictif », e-mail domains ``.example`` and ``example.org``, surnames such as
« Démo-017 »).

What the generator draws from is data: the référentiel's concepts (:mod:`.concepts`: the
competences a technician masters follow the services their structure offers through
``pp:competenceEssentielle``), and the word lists, weights and name patterns of
``data/demo/generateur.json`` (:mod:`.material`). Changing either changes the generated data:
regenerate ``data/demo`` afterwards (``ppgraph demo generer --seed 2019 -o data/demo``).

>>> net = generate_network(seed=7, scale=0.2, departements=["23"])
>>> sorted(net.submissions)
['23']
>>> net.total("Soumission")
1
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from ..errors import InputError
from ..namespaces import PP, departement_iri, instance_iri, territory_iri
from ..territories import Place, Territories, territories
from ..text import slug
from .concepts import Concepts, concepts
from .material import GeneratorMaterial, generator_material
from .turtle import BASE_PREFIXES

__all__ = ["DemoNetwork", "generate_network", "parse_departements", "requested_departements",
           "departement_label",
           "DEFAULT_DEPARTEMENTS", "REFERENCE_DATE", "FIRST_CONTACT_MIN"]

DEFAULT_DEPARTEMENTS = ("16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87")
"""The 12 départements of Nouvelle-Aquitaine (INSEE region 75)."""

REFERENCE_DATE = date(2026, 6, 30)
"""Fixed « today » of the demo: no generated date is later (no wall-clock dates)."""

FIRST_CONTACT_MIN = date(2017, 1, 1)
"""No project holder met a structure before this date."""


class _CachedNamespace:
    """``PP.x`` builds a new URIRef at every access; this builds it once."""

    def __init__(self, ns):
        self._ns = ns

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        term = self._ns[name]
        setattr(self, name, term)
        return term


_P = _CachedNamespace(PP)

_D0 = FIRST_CONTACT_MIN.toordinal()
_DREF = REFERENCE_DATE.toordinal()


@dataclass
class DemoNetwork:
    """A generated demo network: one submission graph per département.

    Attributes
    ----------
    submissions : dict[str, rdflib.Graph]
        Département code → that département's submission graph.
    counts : dict[str, dict[str, int]]
        Département code → {local name of a ``pp:`` class: number of its instances typed in
        that submission}, e.g. ``counts["33"]["Structure"]``.
    seed : int
        Seed the network was generated with.
    scale : float
        Scale factor the network was generated with.
    planted : dict[str, list[tuple[str, URIRef]]]
        The guichet-unique findings planted on purpose: ``"manques"`` (EPCI left without a
        guichet unique) and ``"doublons"`` (EPCI given a second one), as (département code,
        EPCI IRI) pairs.
    """

    submissions: dict[str, Graph]
    counts: dict[str, dict[str, int]]
    seed: int = 2019
    scale: float = 1.0
    planted: dict[str, list[tuple[str, URIRef]]] = field(default_factory=dict)

    def total(self, cls_name: str) -> int:
        """Number of instances of a class over all submissions.

        Parameters
        ----------
        cls_name : str
            Local name of a ``pp:`` class (``"Structure"``, ``"Projet"``...).

        Returns
        -------
        int
            Sum of that class's counts over every département (0 if it never occurs).

        Example
        -------
        >>> net = generate_network(scale=0.2, departements=["23"])
        >>> net.total("Soumission")
        1
        """
        return sum(c.get(cls_name, 0) for c in self.counts.values())

    def triples(self) -> int:
        """Number of triples over all submissions.

        Returns
        -------
        int
            Sum of the sizes of the submission graphs.
        """
        return sum(len(g) for g in self.submissions.values())


def parse_departements(text: str | None) -> list[str] | None:
    """The départements a person asked for: INSEE codes separated by commas, or « tous »
    (every département of France); None (the default ones) if nothing was given.

    >>> parse_departements("23, 87"), parse_departements(None)
    (['23', '87'], None)
    >>> len(parse_departements("tous"))
    101
    """
    if not text or not text.strip():
        return None
    if text.strip().lower() in ("tous", "all"):
        return sorted(p.code for p in territories().of_kind("departement"))
    return [c.strip() for c in text.split(",") if c.strip()]


def requested_departements(departements: Sequence[str] | None = None) -> list[str]:
    """The codes :func:`generate_network` works on: those given (else
    :data:`DEFAULT_DEPARTEMENTS`), without spaces, sorted, each once.

    >>> requested_departements(["87", " 23", "87"])
    ['23', '87']
    """
    return sorted(set(str(c).strip() for c in (departements or DEFAULT_DEPARTEMENTS)))


def departement_label(code: str) -> str:
    """The name of a département (its code if it is not a known one).

    >>> departement_label("23")
    'Creuse'
    """
    place = territories().departement(code)
    return place.label if place is not None else code


def generate_network(seed: int = 2019, scale: float = 1.0,
                     departements: Sequence[str] | None = None) -> DemoNetwork:
    """Generate a fictitious but coherent network of structures, technicians and project holders.

    The generator is deterministic: one ``random.Random(seed)``, iteration over sorted
    things only, and a fixed reference date (:data:`REFERENCE_DATE`, 2026-06-30) instead of
    the clock. The same arguments (and the same data files) give identical graphs.

    Parameters
    ----------
    seed : int, optional
        Seed of the pseudo-random generator (default 2019).
    scale : float, optional
        Multiplies every count (offices, pays d'accueil, technicians, project holders and
        what follows from them, applications, trainings, territorial versions). The
        structures that exist once per département (ADT, chambers, Département, prêt
        d'honneur) and the regional bodies are not multiplied. Default 1: about 150 offices,
        60 technicians and 600 project holders over Nouvelle-Aquitaine.
    departements : sequence of str, optional
        INSEE codes of the départements to generate (default: the 12 of Nouvelle-Aquitaine,
        :data:`DEFAULT_DEPARTEMENTS`). A département without communes in the territories
        data uses the département itself as location and covered territory, and its
        structures have no ``pp:siege``. Regional bodies, the working group, the trainings
        and the common tool go to the seat's submission (département 33, see
        ``data/demo/generateur.json``; else to the first code).

    Returns
    -------
    DemoNetwork
        The submission graphs (one per département) and the number of instances per class.

    Raises
    ------
    InputError
        If ``scale`` is not positive or a code is not a known département.

    Example
    -------
    >>> net = generate_network(seed=2019, scale=0.2, departements=["23", "87"])
    >>> sorted(net.submissions)
    ['23', '87']
    >>> net.counts["23"]["Soumission"]
    1
    """
    if not scale > 0:
        raise InputError("demo.echelle_non_positive", echelle=scale)
    land = _Land(territories())
    codes = requested_departements(departements)
    unknown = [c for c in codes if land.index.departement(c) is None]
    if unknown:
        raise InputError("demo.departements_inconnus", n=len(unknown), codes=", ".join(unknown))
    gen = _Generator(random.Random(seed), float(scale), codes, concepts(), land,
                     generator_material())
    graphs = gen.run()
    counts = {}
    for code, g in graphs.items():
        c: dict[str, int] = {}
        for o in g.objects(None, RDF.type):
            if isinstance(o, URIRef) and str(o).startswith(str(PP)):
                name = str(o)[len(str(PP)):]
                c[name] = c.get(name, 0) + 1
        counts[code] = dict(sorted(c.items()))
    return DemoNetwork(submissions=graphs, counts=counts, seed=seed, scale=float(scale),
                       planted=gen.planted)


# ---------------------------------------------------------------------------
# What the generator needs of the territories
# ---------------------------------------------------------------------------


class _Land:
    """The territory index, with each département's communes by INSEE code and its weight
    in the regional totals."""

    def __init__(self, index: Territories):
        self.index = index
        self.communes: dict[str, list[Place]] = {}
        for c in index.of_kind("commune"):
            if c.departement:
                self.communes.setdefault(c.departement, []).append(c)
        for cs in self.communes.values():
            cs.sort(key=lambda c: str(c.iri))
        # Weight of a département: half its share of the communes, half of the population,
        # among the départements that have communes in the data.
        ncom = {d: len(cs) for d, cs in self.communes.items() if cs}
        pop = {d: sum(c.population for c in self.communes[d]) for d in ncom}
        tc, tp = sum(ncom.values()) or 1, sum(pop.values()) or 1
        self.shares = {d: 0.5 * ncom[d] / tc + 0.5 * pop[d] / tp for d in sorted(ncom)}

    def share(self, code: str) -> float:
        """Weight of a département in the regional totals (an average one if it has no
        communes in the data)."""
        return self.shares.get(code, 1.0 / max(1, len(self.shares)))

    def epci(self, commune: Place) -> URIRef | None:
        """The commune's EPCI, if the territories describe it."""
        e = commune.epci
        return e if e is not None and self.index.place(e) is not None else None

    def label(self, iri: URIRef, default: str) -> str:
        place = self.index.place(iri)
        return place.label if place is not None else default


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


@dataclass
class _Tech:
    key: str
    iri: URIRef
    dep: str
    structure: _Struct


@dataclass
class _Struct:
    key: str
    iri: URIRef
    dep: str
    typ: str
    label: str
    siege: URIRef | None
    territories: list[URIRef]
    regional: bool = False
    niveau: str | None = "guichet-unique"
    """None: a type that does not accompany project holders (no level at all)"""
    services: list[str] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)
    """service → the level it is offered at (only offers that have one)"""
    techs: list[_Tech] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    """other départements it serves (a shared ADT)"""
    guichet_for: list[URIRef] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)

    @property
    def accompanies(self) -> bool:
        """Whether it accompanies project holders (a level other than « aucun »)."""
        return self.niveau is not None and self.niveau != "aucun"


class _Generator:
    def __init__(self, rng: random.Random, scale: float, deps: list[str], ref: Concepts,
                 land: _Land, material: GeneratorMaterial):
        self.rng, self.scale, self.deps, self.ref, self.land = rng, scale, deps, ref, land
        self.m = material
        self.seat = material.seat if material.seat in deps else deps[0]
        seat = land.index.departement(self.seat)
        self.region = (seat.region if seat is not None else None) or material.default_region
        self.g: dict[str, Graph] = {}
        self.structs: dict[str, list[_Struct]] = {d: [] for d in deps}
        self.techs: dict[str, list[_Tech]] = {d: [] for d in deps}
        self.cover: dict[URIRef, list[_Struct]] = {}
        self.propensity: dict[str, float] = {}
        self._phone = 0
        self._tech_no = 0
        self._porteur_phone = 0
        self.network: _Struct | None = None
        self.planted: dict[str, list[tuple[str, URIRef]]] = {"manques": [], "doublons": []}
        self.levels_of: dict[URIRef, dict[URIRef, int]] = {}
        """technician → {competence: rank of the level they hold}"""
        self.sessions: list[tuple[URIRef, str, date, int]] = []
        """(session, course, start, places) of the trainings' sessions"""
        # Référentiel look-ups, computed once.
        r = ref
        self.niv_rank = {s: r.rank("niveau", s) for s in r.slugs("niveau")}
        self.aucun = self.niv_rank.get("aucun", 0.0)
        self.stage_slugs = sorted(r.slugs("etape"), key=lambda s: r.order_key("etape", s))
        self.stage_index = {s: i for i, s in enumerate(self.stage_slugs)}
        self.opened_stages = {s for s in self.stage_slugs
                              if {"ouverture", "post-creation"} & set(r.ancestors_or_self("etape", s))}
        self.maitrise_slugs = sorted(r.slugs("niveau-maitrise"),
                                     key=lambda s: r.order_key("niveau-maitrise", s))
        self.maitrise_w = material.weights("niveau-maitrise", self.maitrise_slugs)
        self.maitrise_rank = {m: i + 1 for i, m in enumerate(self.maitrise_slugs)}
        self.competences = [c for c in r.leaves("competence") if not r.grouping("competence", c)]

    # -- helpers ---------------------------------------------------------------

    def count(self, base: float, code: str) -> float:
        return base * self.scale * self.land.share(code)

    def apportion(self, base: float, minimum: int = 0) -> dict[str, int]:
        """Split ``base × scale`` between départements by weight (largest remainder)."""
        quotas = {d: self.count(base, d) for d in self.deps}
        total = round(sum(quotas.values()))
        out = {d: int(math.floor(q)) for d, q in quotas.items()}
        rest = sorted(self.deps, key=lambda d: (-(quotas[d] - out[d]), d))
        for d in rest[: max(0, total - sum(out.values()))]:
            out[d] += 1
        return {d: max(minimum, n) for d, n in out.items()}

    def weighted(self, items: Sequence, weights: Sequence[float]):
        return self.rng.choices(items, weights=weights, k=1)[0]

    def sample_weighted(self, items: Sequence, weights: Sequence[float], k: int) -> list:
        """k distinct items drawn with probability proportional to weight (Efraimidis-Spirakis)."""
        keyed = []
        for i, (it, w) in enumerate(zip(items, weights)):
            u = self.rng.random()
            if w > 0:
                keyed.append((u ** (1.0 / w), i, it))
        keyed.sort(key=lambda x: (-x[0], x[1]))
        return [it for _, _, it in keyed[:k]]

    def add(self, dep: str, s: URIRef, p: URIRef, o) -> None:
        self.g[dep].add((s, p, o))

    def min_rank(self, service: str) -> float:
        """Rank of the level from which a service is given (``pp:niveauMinimal``; 0 if none)."""
        return self.niv_rank.get(self.ref.minimum_level(service) or "", 0.0)

    def niveau_at_most(self, top: str, at_least: float = 0.0) -> str:
        """An accompaniment level above « aucun », at least of rank ``at_least`` and at most
        ``top``, favouring ``top``."""
        cands = [s for s, r in sorted(self.niv_rank.items(), key=lambda x: (x[1], x[0]))
                 if max(self.aucun, at_least - 1e-9) < r <= self.niv_rank.get(top, 0)]
        if not cands:
            return top
        return self.weighted(cands, [3.0 if s == top else 1.0 for s in cands])

    def dep_label(self, dep: str) -> str:
        return self.land.label(departement_iri(dep), dep)

    def commune_siege(self, dep: str, hint: URIRef | None = None) -> URIRef | None:
        """The hinted chef-lieu if it is a commune of the département, else its most populous
        commune (None if the data has none)."""
        place = self.land.index.place(hint) if hint is not None else None
        if place is not None and place.kind == "commune" and place.departement == dep:
            return place.iri
        cs = self.land.communes.get(dep)
        if not cs:
            return None
        return max(cs, key=lambda c: (c.population, c.code)).iri

    def phone(self) -> str:
        self._phone += 1
        return self.m.people["telephone_structure"].format(
            centaines=self._phone // 100 % 100, unites=self._phone % 100)

    # -- run -------------------------------------------------------------------

    def run(self) -> dict[str, Graph]:
        for d in self.deps:
            g = Graph()
            for prefix, ns in BASE_PREFIXES.items():
                g.bind(prefix, ns, override=True)
            self.g[d] = g
            self.submission(d)
        self.make_structures()
        self.make_niveaux()
        self.make_guichets()
        for d in self.deps:
            for s in self.structs[d]:
                self.write_structure(s)
        self.make_antennas()
        self.make_partnerships()
        self.make_offers()
        self.make_technicians()
        self.make_projects()
        self.make_group()
        self.make_trainings()
        self.make_tools()
        return self.g

    def submission(self, d: str) -> None:
        texts = self.m.submission
        s = instance_iri("soumission", f"demo-{d}")
        self.add(d, s, RDF.type, _P.Soumission)
        self.add(d, s, _P.departement, departement_iri(d))
        self.add(d, s, _P.donneesFictives, Literal(True))
        self.add(d, s, RDFS.comment, Literal(texts["commentaire"], lang="fr"))
        self.add(d, s, DCTERMS.title, Literal(
            texts["titre"].format(departement=self.dep_label(d), code=d), lang="fr"))

    # -- structures -------------------------------------------------------------

    def new_struct(self, dep: str, key: str, typ: str, label: str, siege: URIRef | None,
                   territories: list[URIRef], regional: bool = False) -> _Struct:
        s = _Struct(key=key, iri=instance_iri("structure", key), dep=dep, typ=typ, label=label,
                    siege=siege, territories=territories, regional=regional)
        self.structs[dep].append(s)
        for t in territories:
            self.cover.setdefault(t, []).append(s)
        return s

    def make_structures(self) -> None:
        names = self.m.structures
        n_ot = self.apportion(self.m.totals["offices"], minimum=1)
        n_pat = self.apportion(self.m.totals["pays_accueil"])
        n_pays = self.apportion(self.m.totals.get("pays_petr", 0))
        # An ADT shared by several départements: described by the first one's submission.
        shared = self.m.roles["adt_partagee"]
        shared_deps = [c for c in shared["departements"]]
        sharing = all(c in self.deps for c in shared_deps) and len(shared_deps) > 1
        programme = self.m.roles["programme"]
        for d in self.deps:
            self.make_ots(d, n_ot[d])
            self.make_pats(d, n_pat[d])
            for s in self.make_pays(d, n_pays[d]):
                if self.ref.has("programme", programme["programme"]) and \
                        self.rng.random() < programme["probabilite"]:
                    s.programmes.append(programme["programme"])
            dep_t = [departement_iri(d)]
            place = self.land.index.departement(d)
            siege = self.commune_siege(d, place.chef_lieu if place is not None else None)
            name = self.dep_label(d)
            for entry in names["departementales"]:
                if not self.ref.has("type-structure", entry["type"]):
                    continue
                if sharing and entry["cle"] == shared["cle"] and d in shared_deps:
                    if d == shared_deps[0]:
                        s = self.new_struct(d, f"{d}-{entry['cle']}", entry["type"], shared["nom"],
                                            siege, [departement_iri(c) for c in shared_deps])
                        s.also = shared_deps[1:]
                    continue
                self.new_struct(d, f"{d}-{entry['cle']}", entry["type"],
                                entry["nom"].format(departement=name), siege, dep_t)
        # Regional bodies, in the seat département's submission.
        seat, reg = self.seat, self.region
        reg_t = [territory_iri("region", reg)]
        region = self.land.index.place(reg_t[0])
        reg_name = region.label if region is not None else reg
        seat_place = self.land.index.departement(seat)
        if seat_place is not None and seat_place.region == reg:
            siege = self.commune_siege(seat, region.chef_lieu if region is not None else None)
        else:
            siege = self.commune_siege(seat)
        for entry in names["regionales"]:
            s = self.new_struct(seat, f"{seat}-{entry['cle']}", entry["type"],
                                entry["nom"].format(region=reg_name), siege, reg_t, regional=True)
            if entry["type"] == "reseau-regional" and self.network is None:
                self.network = s
        for i, name in enumerate(names["reseaux_de_labels"], 1):
            self.new_struct(seat, f"{seat}-LABEL-{i}", "reseau-label", name, siege, reg_t, True)
        n_banks = max(1, round(self.rng.randint(2, 3) * self.scale))
        for i in range(1, n_banks + 1):
            self.new_struct(seat, f"{seat}-BANQUE-{i}", "banque", names["banque"].format(n=i),
                            siege, reg_t, True)

    def communes_by_epci(self, d: str) -> dict[URIRef, list[Place]]:
        by_epci: dict[URIRef, list[Place]] = {}
        for c in self.land.communes.get(d, []):
            e = self.land.epci(c)
            if e is not None:
                by_epci.setdefault(e, []).append(c)
        return by_epci

    def make_ots(self, d: str, n: int) -> None:
        names = self.m.structures
        by_epci = self.communes_by_epci(d)
        epcis = sorted(by_epci)
        if epcis:
            pops = [sum(c.population for c in by_epci[e]) for e in epcis]
            order = self.sample_weighted(epcis, [max(p, 1) for p in pops], len(epcis))
        used: set[URIRef] = set()
        for k in range(1, n + 1):
            key = f"{d}-OT-{k:03d}"
            if epcis:
                epci = order[(k - 1) % len(order)]
                cands = [c for c in by_epci[epci] if c.iri not in used] or by_epci[epci]
                c = self.weighted(cands, [max(c.population, 1) ** 1.5 for c in cands])
                used.add(c.iri)
                label = names["office"].format(n=k, de_commune=_de(c.label))
                self.new_struct(d, key, "ot", label, c.iri, [epci])
            else:
                label = names["office_sans_commune"].format(n=k, departement=self.dep_label(d))
                self.new_struct(d, key, "ot", label, None, [departement_iri(d)])

    def make_pats(self, d: str, n: int) -> None:
        names = self.m.structures
        by_epci = self.communes_by_epci(d)
        epcis = sorted(by_epci)
        for k in range(1, n + 1):
            key = f"{d}-PAT-{k:02d}"
            if epcis:
                # Rural pays: the less populous intercommunalities are more likely.
                pops = [sum(c.population for c in by_epci[e]) for e in epcis]
                chosen = sorted(self.sample_weighted(epcis, [1.0 / max(p, 1) ** 0.5 for p in pops],
                                                     min(2, len(epcis))))
                main_c = max(by_epci[chosen[0]], key=lambda c: (c.population, c.code))
                label = names["pays"].format(n=k, de_commune=_de(main_c.label))
                self.new_struct(d, key, "pat", label, main_c.iri, chosen)
            else:
                label = names["pays_sans_commune"].format(n=k, departement=self.dep_label(d))
                self.new_struct(d, key, "pat", label, None, [departement_iri(d)])

    def make_pays(self, d: str, n: int) -> list[_Struct]:
        """Pays or PETR: territories of projects over two or three intercommunalities."""
        names = self.m.structures
        by_epci = self.communes_by_epci(d)
        epcis = sorted(by_epci)
        made = []
        for k in range(1, n + 1):
            key = f"{d}-PAYS-{k:02d}"
            if epcis:
                pops = [sum(c.population for c in by_epci[e]) for e in epcis]
                chosen = sorted(self.sample_weighted(epcis, [1.0 / max(p, 1) ** 0.3 for p in pops],
                                                     min(3, len(epcis))))
                main_c = max(by_epci[chosen[0]], key=lambda c: (c.population, c.code))
                label = names["pays_petr"].format(n=k, de_commune=_de(main_c.label))
                made.append(self.new_struct(d, key, "pays-petr", label, main_c.iri, chosen))
            else:
                label = names["pays_petr_sans_commune"].format(n=k, departement=self.dep_label(d))
                made.append(self.new_struct(d, key, "pays-petr", label, None, [departement_iri(d)]))
        return made

    def make_niveaux(self) -> None:
        # Each département gets its own propensity to follow projects closely: evenly spread
        # values dealt out in a seeded random order, so that départements really differ.
        n = len(self.deps)
        values = [0.05 + 0.9 * i / (n - 1) for i in range(n)] if n > 1 else [0.5]
        self.rng.shuffle(values)
        self.propensity = dict(zip(self.deps, values))
        floor, slope = self.m.no_support
        for d in self.deps:
            f = self.propensity[d]
            local = [s for s in self.structs[d] if not s.regional and self.ref.accompanies(s.typ)]
            weights = [self.m.kind(s.typ).suivi_probability(f) for s in local]
            k = min(len(local), round(sum(weights)))
            suivi = {s.key for s in self.sample_weighted(local, weights, k)}
            p_aucun = floor + slope * (1.0 - f)
            for s in self.structs[d]:
                if not self.ref.accompanies(s.typ):
                    s.niveau = None  # a bank, the Région, the CRT...: no level at all
                elif s.key in suivi:
                    s.niveau = "suivi-precis"
                elif self.m.kind(s.typ).may_not_accompany and self.rng.random() < p_aucun:
                    s.niveau = "aucun"
                else:
                    s.niveau = "guichet-unique"

    def make_guichets(self) -> None:
        """Each EPCI gets one guichet unique: the first local structure that covers it and
        accompanies, by type of preference (the département's ADT last); then a few gaps and
        overlaps are planted (``planted``) for the question « guichet-unique » to find."""
        rules = self.m.roles["guichet_unique"]
        preference = {t: i for i, t in enumerate(rules["preference"])}
        assigned: list[tuple[str, URIRef, _Struct]] = []
        alternatives: dict[URIRef, list[_Struct]] = {}
        for d in self.deps:
            adts = [s for dd in self.deps for s in self.structs[dd]
                    if s.typ == "adt" and (s.dep == d or d in s.also) and s.accompanies]
            for e in sorted(self.communes_by_epci(d)):
                place = self.land.index.place(e)
                home = next((x for x in (place.departements if place else ()) if x in self.deps), d)
                if home != d:
                    continue  # an EPCI over two départements: its first generated one
                cands = [s for s in self.structs[d] if e in s.territories and s.accompanies
                         and not s.regional and s.typ in preference]
                cands.sort(key=lambda s: (preference[s.typ], s.key))
                cands += [s for s in adts if s not in cands]
                if not cands:
                    continue
                cands[0].guichet_for.append(e)
                assigned.append((d, e, cands[0]))
                alternatives[e] = cands[1:]
        if not assigned:
            return
        gaps = self.rng.sample(assigned, min(len(assigned), rules["manques"]))
        doubled = [x for x in assigned if alternatives[x[1]] and x not in gaps]
        doubled = self.rng.sample(doubled, min(len(doubled), rules["doublons"]))
        for d, e, s in sorted(gaps, key=lambda x: (x[0], str(x[1]))):
            s.guichet_for.remove(e)
            self.planted["manques"].append((d, e))
        for d, e, s in sorted(doubled, key=lambda x: (x[0], str(x[1]))):
            alternatives[e][0].guichet_for.append(e)
            self.planted["doublons"].append((d, e))

    def make_antennas(self) -> None:
        """Some offices have one or two bureaux d'information in other communes of their
        EPCI: sites of the office, not structures."""
        rules = self.m.roles["antennes"]
        for d in self.deps:
            by_epci = self.communes_by_epci(d)
            for s in self.structs[d]:
                if s.typ != "ot" or s.siege is None or not s.territories:
                    continue
                others = [c for c in by_epci.get(s.territories[0], []) if c.iri != s.siege]
                u = self.rng.random()
                n = 2 if u < rules["probabilite_deux"] else 1 if u < rules["probabilite_une"] else 0
                others.sort(key=lambda c: (-c.population, c.code))
                for k, c in enumerate(others[:n], 1):
                    b = instance_iri("bureau", f"{s.key}-BIT-{k}")
                    self.add(d, b, RDF.type, _P.BureauInformationTouristique)
                    self.add(d, b, RDFS.label, Literal(rules["nom"].format(de_commune=_de(c.label)),
                                                       lang="fr"))
                    self.add(d, b, _P.antenneDe, s.iri)
                    self.add(d, b, _P.siege, c.iri)

    def write_structure(self, s: _Struct) -> None:
        d, i = s.dep, s.iri
        self.add(d, i, RDF.type, _P.Structure)
        self.add(d, i, RDFS.label, Literal(s.label, lang="fr"))
        self.add(d, i, _P.typeStructure, self.ref.c("type-structure", s.typ))
        for dep in [d, *s.also]:
            self.add(d, i, _P.departement, departement_iri(dep))
        if s.siege is not None:
            self.add(d, i, _P.siege, s.siege)
        for t in s.territories:
            self.add(d, i, _P.territoireCouvert, t)
        if s.niveau is not None:
            self.add(d, i, _P.niveauAccompagnement, self.ref.c("niveau", s.niveau))
        for e in sorted(s.guichet_for):
            self.add(d, i, _P.guichetUniquePour, e)
        for p in s.programmes:
            self.add(d, i, _P.porteLeProgramme, self.ref.c("programme", p))
        # « 33-OT-001 » → contact@ot-fictif-33-001.example
        dep, kind, *rest = s.key.split("-")
        self.add(d, i, _P.courrielPublic, Literal(self.m.people["courriel_structure"].format(
            sorte=kind.lower(), reste="-".join(p.lower() for p in [dep, *rest]))))
        if self.rng.random() < 0.7:
            self.add(d, i, _P.telephonePublic, Literal(self.phone()))
        # The regional network gathers the offices of its région; generated for all France,
        # the others' networks are not part of the demo (the offices there have none).
        if s.typ == "ot" and self.network is not None and self.in_region(d):
            self.add(d, i, _P.membreDuReseau, self.network.iri)

    def in_region(self, d: str) -> bool:
        """Whether département ``d`` is in the région of the demo's regional bodies."""
        place = self.land.index.departement(d)
        return place is not None and place.region == self.region

    def make_partnerships(self) -> None:
        for d in self.deps:
            active = [s for s in self.structs[d] if s.niveau != "aucun"]
            if len(active) < 2:
                continue
            n = min(len(active) // 2, max(1, round(self.rng.randint(2, 4) * min(self.scale, 2.0))))
            pairs: set[tuple[str, str]] = set()
            for _ in range(n * 3):
                if len(pairs) >= n:
                    break
                a, b = self.rng.sample(active, 2)
                if a.typ == b.typ:
                    continue
                pairs.add(tuple(sorted((a.key, b.key))))
            by_key = {s.key: s for s in active}
            for a, b in sorted(pairs):
                self.add(d, by_key[a].iri, _P.partenaireDe, by_key[b].iri)

    # -- offers -------------------------------------------------------------------

    def make_offers(self) -> None:
        all_services = self.ref.slugs("service")
        all_types = self.ref.slugs("type-projet")
        suivi_service = self.m.suivi_service
        for d in self.deps:
            for s in self.structs[d]:
                if s.niveau == "aucun":
                    continue
                kind = self.m.kind(s.typ)
                core = self.ref.keep("service", kind.services_always)
                drawn = all_services if kind.services_drawn is None else kind.services_drawn
                pool = [x for x in self.ref.keep("service", drawn) if x not in core]
                if s.niveau == "suivi-precis" and self.ref.has("service", suivi_service) \
                        and suivi_service not in core:
                    core = core + [suivi_service]
                n = self.rng.randint(2, 6)
                chosen = list(core[:n])
                extra = self.rng.sample(pool, min(len(pool), max(0, n - len(chosen))))
                chosen += extra
                if len(chosen) < n and self.rng.random() < 0.3:
                    others = [x for x in all_services if x not in chosen]
                    if others:
                        chosen.append(self.rng.choice(others))
                if not chosen and all_services:
                    chosen = [self.rng.choice(all_services)]
                if s.niveau is not None:
                    # A structure offers a service at a level it practises, and a service is
                    # given from its minimum level on (pp:niveauMinimal): a guichet unique
                    # offers welcome and orientation, not follow-up.
                    top = self.niv_rank[s.niveau]
                    chosen = [x for x in chosen if self.min_rank(x) <= top]
                    for x in self.ref.keep("service", ["accueil-information", "orientation"]):
                        if len(chosen) < 2 and x not in chosen and self.min_rank(x) <= top:
                            chosen.append(x)
                s.services = sorted(set(chosen))
                targets_pool = self.ref.keep("type-projet", kind.project_types) or all_types
                for svc in s.services:
                    o = instance_iri("offre", f"{s.key}-{svc}")
                    self.add(d, o, RDF.type, _P.OffreDeService)
                    self.add(d, o, _P.proposePar, s.iri)
                    self.add(d, o, _P.service, self.ref.c("service", svc))
                    if s.niveau is not None:  # a bank's offer is funding, not a level of support
                        level = self.niveau_at_most(s.niveau, self.min_rank(svc))
                        s.levels[svc] = level
                        self.add(d, o, _P.niveau, self.ref.c("niveau", level))
                    k = self.weighted([0, 1, 2, 3], [0.4, 0.3, 0.2, 0.1])
                    for t in sorted(self.rng.sample(targets_pool, min(k, len(targets_pool)))):
                        self.add(d, o, _P.typeProjetCible, self.ref.c("type-projet", t))
                    for t in s.territories:
                        self.add(d, o, _P.territoireDesservi, t)

    # -- technicians --------------------------------------------------------------

    def make_technicians(self) -> None:
        """Every structure that offers a service at a level has somebody to give it, one
        more at suivi précis; the regional total (scaled) is made up by weight. Then each
        structure's team gets the competences its offers require (:meth:`make_competences`)."""
        target = self.apportion(self.m.totals["techniciens"], minimum=1)
        for d in self.deps:
            staffed = [s for s in self.structs[d] if s.levels]
            for s in staffed:
                self.new_technician(s)
            for s in staffed:
                if s.niveau == "suivi-precis":
                    self.new_technician(s)
            others = [s for s in self.structs[d] if s.niveau != "aucun"]
            weights = [self.m.kind(s.typ).technician_weight for s in others]
            for _ in range(max(0, target[d] - len(self.techs[d]))):
                if others:
                    self.new_technician(self.weighted(others, weights))
            if not self.techs[d] and self.structs[d]:
                self.new_technician(self.structs[d][0])
        for d in self.deps:
            for s in self.structs[d]:
                if s.techs:
                    self.make_competences(s)

    def new_technician(self, s: _Struct) -> _Tech:
        d, m = s.dep, self.m
        self._tech_no += 1
        key = f"{d}-T-{len(self.techs[d]) + 1:03d}"
        t = _Tech(key=key, iri=instance_iri("technicien", key), dep=d, structure=s)
        self.techs[d].append(t)
        s.techs.append(t)
        i = t.iri
        self.add(d, i, RDF.type, _P.Technicien)
        self.add(d, i, _P.employePar, s.iri)
        self.add(d, i, _P.departement, departement_iri(d))
        self.add(d, i, _P.fonction, Literal(self.rng.choice(m.kind(s.typ).functions)))
        self.add(d, i, _P.prenom, Literal(self.rng.choice(m.words["prenoms"])))
        self.add(d, i, _P.nomPersonne, Literal(m.people["technicien"].format(n=self._tech_no)))
        return t

    def make_competences(self, s: _Struct) -> None:
        """The self-assessed competences of a structure's team. For each competence a service
        it offers requires as essential (``pp:exigence``, at the level of the offer), one
        agent holds it at the required level or above — but for a few structures (the odds
        in ``data/demo/generateur.json``), and for most of them when the competence is one of
        the rare ones: the planted training gap. Colleagues may hold it too (below the
        required level when nobody covers it); useful competences and a few others come on
        top. Each is dated by a self-assessment of the last two years and a half."""
        rng, odds = self.rng, self.m.competence_odds
        ranks, slugs = self.maitrise_rank, self.maitrise_slugs
        needed: dict[str, int] = {}
        useful: set[str] = set()
        for svc, level in sorted(s.levels.items()):
            for c, (essential, required) in self.ref.requirements(svc, level).items():
                if c not in self.competences:
                    continue
                if essential:
                    needed[c] = max(needed.get(c, 0), ranks.get(required, 1))
                else:
                    useful.add(c)
        held: dict[str, dict[str, int]] = {t.key: {} for t in s.techs}
        for c, required in sorted(needed.items()):
            rare = c in self.m.rare_competences
            covered = rng.random() < (odds["probabilite_rare"] if rare
                                      else odds["probabilite_couverte"])
            cap = len(slugs) if covered else required - 1
            if covered:
                who = rng.choice(s.techs)
                top = min(len(slugs), required + (1 if rng.random() < odds["probabilite_au_dessus"]
                                                 else 0))
                held[who.key][c] = top
            for t in s.techs:
                if c in held[t.key] or cap < 1 or rng.random() >= odds["probabilite_collegue"]:
                    continue
                held[t.key][c] = min(cap, ranks[self.weighted(slugs, self.maitrise_w)])
        for t in s.techs:
            mine = held[t.key]
            for c in sorted(useful):
                if c not in mine and rng.random() < odds["probabilite_utile"]:
                    mine[c] = ranks[self.weighted(slugs, self.maitrise_w)]
            rest = [c for c in self.competences if c not in mine]
            rest_w = [odds["poids_rare"] if c in self.m.rare_competences else
                      (odds["poids_courante"] if c in self.m.common_competences
                       else odds["poids_autre"]) for c in rest]
            lo, hi = odds["en_plus"]
            extra = rng.randint(int(lo), int(hi))
            if not mine:  # an agent of a structure that offers nothing at a level
                extra = max(extra, int(hi))
            for c in self.sample_weighted(rest, rest_w, extra):
                level = ranks[self.weighted(slugs, self.maitrise_w)]
                if c in needed and not any(needed[c] <= v.get(c, 0) for v in held.values()):
                    level = min(level, needed[c] - 1)  # never closes a gap by chance
                if level >= 1:
                    mine[c] = level
            self.write_competences(t, mine)

    def write_competences(self, t: _Tech, held: dict[str, int]) -> None:
        d, key = t.dep, t.key
        first = date.fromisoformat(self.m.competence_odds["evaluations_depuis"]).toordinal()
        self.levels_of[t.iri] = {}
        for c in sorted(held):
            mc = instance_iri("maitrise", f"{key}-{c}")
            self.add(d, t.iri, _P.maitrise, mc)
            self.add(d, mc, RDF.type, _P.MaitriseCompetence)
            self.add(d, mc, _P.competence, self.ref.c("competence", c))
            self.add(d, mc, _P.niveauMaitrise,
                     self.ref.c("niveau-maitrise", self.maitrise_slugs[held[c] - 1]))
            self.add(d, mc, _P.dateEvaluation, _date(self.rng.randint(first, _DREF)))
            self.levels_of[t.iri][self.ref.c("competence", c)] = held[c]

    # -- project holders, projects, accompaniments, orientations, providers -------

    def make_projects(self) -> None:
        n_porteurs = self.apportion(self.m.totals["porteurs"])
        porteur_slugs = self.ref.slugs("type-porteur")
        type_slugs = self.ref.slugs("type-projet")
        type_w = self.m.weights("type-projet", type_slugs)
        stage_w = self.m.weights("etape", self.stage_slugs)
        porteur_w = self.m.weights("type-porteur", porteur_slugs)
        # Orientation targets by département: structures that go further than a first welcome.
        targets: dict[str, list[_Struct]] = {}
        for d in self.deps:
            targets[d] = [s for s in self.structs[d] if s.niveau != "aucun"
                          and (s.niveau == "suivi-precis" or self.m.kind(s.typ).orientation_target)]
        all_targets = [s for d in self.deps for s in targets[d]]
        for d in self.deps:
            communes = self.land.communes.get(d, [])
            cum: list[float] = []
            acc = 0.0
            for c in communes:
                acc += max(c.population, 1) ** 0.5
                cum.append(acc)
            active = [s for s in self.structs[d] if s.accompanies and not s.regional]
            active_w = [self.m.kind(s.typ).contact_weight for s in active]
            counters = {"AC": 0, "OR": 0, "PR": 0}
            for n in range(1, n_porteurs[d] + 1):
                self.one_project(d, n, communes, cum, active, active_w, targets, all_targets,
                                 porteur_slugs, porteur_w, type_slugs, type_w, stage_w, counters)

    def one_project(self, d, n, communes, cum, active, active_w, targets, all_targets,
                    porteur_slugs, porteur_w, type_slugs, type_w, stage_w, counters) -> None:
        rng, ref, m = self.rng, self.ref, self.m
        pkey = f"{d}-PP-{n:04d}"
        porteur = instance_iri("porteur", pkey)
        # The project says whether its holder starts a business or builds on one that exists,
        # and what it does with it; the holder is a person or an organisation.
        ptype = self.weighted(porteur_slugs, porteur_w)
        installed = "deja-installe" in ref.ancestors_or_self("type-porteur", ptype)
        if installed:
            ops = [o for o in ref.slugs("nature-operation") if o != "creation"]
            operation = self.weighted(ops, m.weights("nature-operation", ops)) if ops else None
        else:
            operation = "creation" if ref.has("nature-operation", "creation") else None
        natures = m.holders["natures"]["deja-installe" if installed else "initial"]
        nature_slugs = ref.keep("nature-porteur", sorted(natures)) or ["personne"]
        nature = self.weighted(nature_slugs, [natures.get(x, 0.0) for x in nature_slugs])
        prenom = rng.choice(m.words["prenoms"])
        nom = m.people["porteur"].format(departement=d, n=n)
        self._porteur_phone += 1
        self.add(d, porteur, RDF.type, _P.PorteurDeProjet)
        self.add(d, porteur, _P.naturePorteur, ref.c("nature-porteur", nature))
        if nature == "personne":
            self.add(d, porteur, _P.prenom, Literal(prenom))
            self.add(d, porteur, _P.nomPersonne, Literal(nom))
        else:
            self.add(d, porteur, _P.raisonSociale, Literal(
                m.holders["raisons_sociales"][nature].format(n=n, departement=d)))
        self.add(d, porteur, _P.courriel, Literal(
            m.people["courriel_porteur"].format(prenom=slug(prenom), nom=slug(nom))))
        self.add(d, porteur, _P.telephone, Literal(m.people["telephone_porteur"].format(
            centaines=self._porteur_phone // 100 % 100, unites=self._porteur_phone % 100)))

        projet = instance_iri("projet", f"{d}-PJ-{n:04d}")
        ptyp = self.weighted(type_slugs, type_w)
        if operation == "cession" and "transmission" in self.stage_index:
            stage = "transmission"
        else:
            stage = self.weighted(self.stage_slugs, stage_w)
        opened = stage in self.opened_stages
        if communes:
            commune = communes[bisect.bisect_left(cum, rng.random() * cum[-1])]
            loc, loc_label, epci = commune.iri, commune.label, self.land.epci(commune)
        else:
            loc, loc_label, epci = departement_iri(d), self.dep_label(d), None
        if opened:
            fc = rng.randint(_D0, _DREF - 200)
            ouverture = min(fc + rng.randint(150, 900), _DREF)
        else:
            fc = int(rng.triangular(_D0, _DREF, _DREF))
            ouverture = None
        self.add(d, projet, RDF.type, _P.Projet)
        self.add(d, projet, _P.porteur, porteur)
        self.add(d, projet, _P.typePorteur, ref.c("type-porteur", ptype))
        if operation is not None:
            self.add(d, projet, _P.natureOperation, ref.c("nature-operation", operation))
        self.add(d, projet, _P.typeProjet, ref.c("type-projet", ptyp))
        self.add(d, projet, _P.etape, ref.c("etape", stage))
        self.add(d, projet, _P.localisation, loc)
        self.add(d, projet, _P.intituleProjet, Literal(self.title(operation, ptyp, loc_label)))
        self.add(d, projet, _P.datePremierContact, _date(fc))
        if ouverture is not None:
            self.add(d, projet, _P.dateOuverture, _date(ouverture))

        # First structure met: the office covering the commune, most of the time.
        local = [s for s in self.cover.get(epci, []) if s.accompanies and s.dep == d] \
            if epci is not None else []
        if local and rng.random() < 0.7:
            s1 = rng.choice(local)
        elif active:
            s1 = self.weighted(active, active_w)
        else:
            return
        debut1 = min(fc + rng.randint(0, 45), _DREF)
        self.accompaniment(d, counters, projet, s1, stage, fc, debut1, ouverture)

        # Orientation towards a partner that goes further.
        p_or = m.kind(s1.typ).orientation_probability
        target = None
        date_or = None
        if rng.random() < p_or:
            if len(all_targets) > len(targets[d]) and rng.random() < 0.10:
                target = rng.choice(all_targets)
                while target.dep == d:  # another département's structure
                    target = rng.choice(all_targets)
            else:
                cands = [t for t in targets[d] if t is not s1]
                target = rng.choice(cands) if cands else None
            if target is not None:
                counters["OR"] += 1
                o = instance_iri("orientation", f"{d}-OR-{counters['OR']:04d}")
                date_or = min(debut1 + rng.randint(0, 90), _DREF)
                self.add(d, o, RDF.type, _P.Orientation)
                self.add(d, o, _P.projet, projet)
                self.add(d, o, _P.depuisStructure, s1.iri)
                self.add(d, o, _P.versStructure, target.iri)
                self.add(d, o, _P.dateOrientation, _date(date_or))
                svc = rng.choice(target.services) if target.services else None
                if svc:
                    self.add(d, o, _P.service, ref.c("service", svc))
                self.add(d, o, _P.etape, ref.c("etape", stage))

        # A second accompaniment, often by the partner the holder was sent to.
        if target is not None and rng.random() < 0.45:
            s2 = target if target.dep == d and target.accompanies else None
            if s2 is None:
                cands = [s for s in active if s is not s1]
                s2 = rng.choice(cands) if cands else None
            if s2 is not None:
                debut2 = min((date_or or debut1) + rng.randint(3, 60), _DREF)
                self.accompaniment(d, counters, projet, s2, stage, fc, debut2, ouverture)
        elif target is None and rng.random() < 0.10:
            cands = [s for s in active if s is not s1]
            if cands:
                s2 = rng.choice(cands)
                debut2 = min(debut1 + rng.randint(30, 300), _DREF)
                self.accompaniment(d, counters, projet, s2, stage, fc, debut2, ouverture)

        # A déjà-installé holder runs (or takes over) an existing provider: the project builds
        # on it, no new provider is created when it opens. Otherwise, passé presta: the opened
        # project has become a provider.
        if installed:
            existing = m.holders["prestataire_existant"]
            opened_at = max(fc - 365 * rng.randint(existing["annees_min"], existing["annees_max"]),
                            date(1990, 1, 1).toordinal())
            pr = self.provider(d, counters, ptyp, loc if communes else None, opened_at)
            self.add(d, porteur, _P.exploite, pr)
        elif ouverture is not None:
            pr = self.provider(d, counters, ptyp, loc if communes else None, ouverture)
            self.add(d, pr, _P.issuDuProjet, projet)

    def provider(self, d: str, counters: dict[str, int], ptyp: str, commune: URIRef | None,
                 opened: int) -> URIRef:
        """A new prestataire of the département (its number, name, type, commune, opening)."""
        m, ref = self.m, self.ref
        counters["PR"] += 1
        pr = instance_iri("prestataire", f"{d}-PR-{counters['PR']:04d}")
        projects = m.projects
        name = projects["prestataire"].format(
            enseigne=projects["enseignes"].get(ptyp, projects["enseigne_defaut"]),
            lieu=self.rng.choice(m.words["lieux"]))
        self.add(d, pr, RDF.type, _P.Prestataire)
        self.add(d, pr, _P.raisonSociale, Literal(name))
        self.add(d, pr, _P.typeProjet, ref.c("type-projet", ptyp))
        if commune is not None:
            self.add(d, pr, _P.siege, commune)
        self.add(d, pr, _P.dateOuverture, _date(opened))
        self.add(d, pr, _P.departement, departement_iri(d))
        return pr

    def accompaniment(self, d, counters, projet, s: _Struct, stage: str, fc: int, debut: int,
                      ouverture: int | None) -> None:
        rng, ref = self.rng, self.ref
        counters["AC"] += 1
        a = instance_iri("accompagnement", f"{d}-AC-{counters['AC']:04d}")
        self.add(d, a, RDF.type, _P.Accompagnement)
        self.add(d, a, _P.parStructure, s.iri)
        self.add(d, a, _P.projet, projet)
        level = self.niveau_at_most(s.niveau)
        self.add(d, a, _P.niveau, ref.c("niveau", level))
        # The current stage and up to two stages just before it.
        idx = self.stage_index[stage]
        before = self.stage_slugs[max(0, idx - 4):idx]
        if stage == "transmission":
            before = [x for x in before if x in self.opened_stages] or before
        k = rng.randint(1, 3)
        stages = [stage] + rng.sample(before, min(k - 1, len(before)))
        for st in sorted(stages):
            self.add(d, a, _P.etape, ref.c("etape", st))
        svcs = s.services or ref.slugs("service")[:1]
        brief = level == "guichet-unique"
        if brief:
            # A guichet unique welcomes, informs and orients in one or two interviews: only
            # the services the référentiel gives from that level (pp:niveauMinimal).
            rank = self.niv_rank[level]
            svcs = [x for x in svcs if self.niv_rank.get(ref.minimum_level(x) or "", 0) <= rank] \
                or [x for x in ref.slugs("service")
                    if self.niv_rank.get(ref.minimum_level(x) or "", 1e6) <= rank][:1]
        for svc in sorted(rng.sample(svcs, min(rng.randint(1, 2 if brief else 3), len(svcs)))):
            self.add(d, a, _P.service, ref.c("service", svc))
        self.add(d, a, _P.dateDebut, _date(debut))
        if brief:
            # A few days to a few weeks; still open only if it began lately.
            fin = min(debut + rng.randint(1, 28), _DREF)
            ongoing = debut >= _DREF - 28 and rng.random() < 0.5
        elif ouverture is not None:
            ongoing = rng.random() < 0.15
            fin = min(max(ouverture + rng.randint(-60, 240), debut + 1), _DREF)
        else:
            ongoing = rng.random() < (0.7 if fc >= _DREF - 730 else 0.25)
            fin = min(debut + rng.randint(20, 400), _DREF)
        if not ongoing and fin > debut:
            self.add(d, a, _P.dateFin, _date(fin))
        if s.techs:
            self.add(d, a, _P.technicienReferent, rng.choice(s.techs).iri)

    def title(self, operation: str | None, ptyp: str, where: str) -> str:
        rng, projects = self.rng, self.m.projects
        verb = projects["verbes"].get(operation or "", projects["verbe_defaut"])
        objs = projects["objets"].get(ptyp)
        if objs:
            n = rng.randint(2, 6)
            obj = rng.choice(objs).format(n=n, n5=n * 5, n10=n * 10)
        else:
            obj = projects["objet_defaut"].format(type=self.ref.label("type-projet", ptyp))
        return projects["intitule"].format(verbe=verb, objet=obj, a_lieu=_a(where))

    # -- working group, trainings, common tools ----------------------------------

    def make_group(self) -> None:
        """The working group: candidatures from every département, decided by the call's
        rule (:func:`ppgraph.group.select_members`); the composed group (memberships with
        their role: the lead, an office's technician of the seat; the network's technical
        referent), its geographical sub-groups, call, stages and reverse schedule, all in
        the seat's submission."""
        from ..group.selection import Candidate, select_members

        rng, ref, seat, m = self.rng, self.ref, self.seat, self.m
        g = m.group
        gt = instance_iri("groupe", "gt-accompagnement-pp")
        self.add(seat, gt, RDF.type, _P.GroupeDeTravail)
        self.add(seat, gt, RDFS.label, Literal(g["nom"], lang="fr"))
        if self.network is not None:
            self.add(seat, gt, _P.animePar, self.network.iri)
        seat_place = self.land.index.departement(seat)
        if seat_place is not None and seat_place.region:
            self.add(seat, gt, _P.territoire, territory_iri("region", seat_place.region))
        for key, prop in (("effectif_minimal", _P.effectifMinimal),
                          ("effectif_maximal", _P.effectifMaximal)):
            if key in g:
                self.add(seat, gt, prop, Literal(int(g[key])))
        n_deps = len(self.deps)
        total = max(n_deps, round(m.totals["candidatures"] * self.scale
                                  * sum(self.land.share(d) for d in self.deps)))
        per_dep = {d: 1 for d in self.deps}
        capacity = {d: len(self.techs[d]) for d in self.deps}
        pool = [d for d in self.deps]
        for _ in range(total - n_deps):
            cands = [d for d in pool if per_dep[d] < capacity[d]]
            if not cands:
                break
            d = self.weighted(cands, [capacity[x] for x in cands])
            per_dep[d] += 1
        start = datetime(2019, 3, 4, 8, 0)
        entries = []
        for d in self.deps:
            techs = self.techs[d]
            w = [m.kind(t.structure.typ).candidate_weight for t in techs]
            for t in self.sample_weighted(techs, w, per_dep[d]):
                minutes = rng.randint(0, 55 * 24 * 60)
                entries.append((start + timedelta(minutes=minutes, seconds=len(entries)), d, t))
        entries.sort(key=lambda e: (e[0], e[1], e[2].key))
        rng.randint(13, 15)  # an earlier draw, kept so that the draws after it stay the same
        numbers: dict[str, int] = {}
        candidates = []
        for when, d, t in entries:
            numbers[d] = numbers.get(d, 0) + 1
            candidates.append(Candidate(f"{d}-CAND-{numbers[d]:02d}", d, when, t.key))
        region_deps = [p.code for p in self.land.index.of_kind("departement")
                       if seat_place is not None and p.region == seat_place.region] or self.deps
        selection = select_members(candidates, region_deps,
                                   maximum=int(g.get("effectif_maximal", 15)),
                                   minimum=int(g.get("effectif_minimal", 10)))
        by_key = {t.key: t for _, _, t in entries}
        for decision in selection.decisions:
            cand, t = decision.candidate, by_key[decision.candidate.technicien]
            c = instance_iri("candidature", cand.id)
            d = cand.departement
            self.add(d, c, RDF.type, _P.Candidature)
            self.add(d, c, _P.candidat, t.iri)
            self.add(d, c, _P.groupe, gt)
            self.add(d, c, _P.departement, departement_iri(d))
            self.add(d, c, _P.dateEngagement,
                     Literal(cand.committed.isoformat(), datatype=XSD.dateTime))
            self.add(d, c, _P.statutCandidature,
                     ref.c("statut-candidature", decision.proposed_status))
            self.add(d, c, _P.motivation, Literal(rng.choice(m.words["motivations"])))
            if decision.retained:
                self.add(d, t.iri, _P.membreDuGroupe, gt)
        if "appel" in g:
            self.make_group_calendar(gt)
        # The group is composed (memberships) only when every département of its region is
        # generated: a network of some départements only (a benchmark's, a test's) has the
        # call and its candidatures, not a group the composition rules would find incomplete.
        if set(region_deps) <= set(self.deps):
            self.make_memberships(gt, [by_key[x.candidate.technicien]
                                       for x in selection.retained])

    def make_memberships(self, gt: URIRef, members: list[_Tech]) -> None:
        """Memberships of the retained candidates (the lead: the first one from an office of
        the seat), of the network's technical referent, and of the geographical sub-groups."""
        seat, g, ref = self.seat, self.m.group, self.ref
        if not members or not ref.has("role-groupe", "membre"):
            return
        start = _iso_date(g["temps"][0]["debut"]) if g.get("temps") else None
        lead_type = g.get("porteur_type_structure", "ot")
        lead = next((t for t in members if t.dep == seat and t.structure.typ == lead_type),
                    next((t for t in members if t.structure.typ == lead_type), members[0]))
        rows: list[tuple[URIRef, _Tech, str]] = [
            (gt, t, "porteur-du-groupe" if t is lead else "membre") for t in members]
        referent = self.network_referent()
        if referent is not None:
            rows.append((gt, referent, "referent-technique"))
        for sub in g.get("sous_groupes", []):
            iri = instance_iri("groupe", sub["cle"])
            deps = [d for d in sub["departements"] if d in self.deps]
            self.add(seat, iri, RDF.type, _P.GroupeDeTravail)
            self.add(seat, iri, RDFS.label, Literal(sub["nom"], lang="fr"))
            self.add(seat, iri, _P.sousGroupeDe, gt)
            for d in deps:
                self.add(seat, iri, _P.territoire, departement_iri(d))
            rows += [(iri, t, "porteur-du-groupe" if t is lead else "membre")
                     for t in members if t.dep in deps]
        counter: dict[URIRef, int] = {}
        for group, t, role in rows:
            counter[group] = counter.get(group, 0) + 1
            key = str(group).rsplit("/", 1)[-1]
            a = instance_iri("adhesion", f"{key}-M{counter[group]:02d}")
            self.add(seat, a, RDF.type, _P.AdhesionAuGroupe)
            self.add(seat, a, _P.dansLeGroupe, group)
            self.add(seat, a, _P.membre, t.iri)
            self.add(seat, a, _P.roleDansLeGroupe, ref.c("role-groupe", role))
            self.add(seat, a, _P.departement, departement_iri(t.dep))
            if start is not None:
                self.add(seat, a, _P.dateDebut, _date(start.toordinal()))

    def network_referent(self) -> _Tech | None:
        """The regional network's technician who is the group's technical referent (one of
        its own, else one made for the purpose, without a random draw so that the rest of
        the demo stays the same)."""
        s = self.network
        if s is None:
            return None
        if s.techs:
            return s.techs[0]
        d, who = s.dep, self.m.group.get("referent", {})
        self._tech_no += 1
        key = f"{d}-T-{len(self.techs[d]) + 1:03d}"
        # (not in self.techs: the trainings drawn for each technician afterwards stay the same)
        t = _Tech(key=key, iri=instance_iri("technicien", key), dep=d, structure=s)
        self.add(d, t.iri, RDF.type, _P.Technicien)
        self.add(d, t.iri, _P.employePar, s.iri)
        self.add(d, t.iri, _P.departement, departement_iri(d))
        if who.get("fonction"):
            self.add(d, t.iri, _P.fonction, Literal(who["fonction"]))
        if who.get("prenom"):
            self.add(d, t.iri, _P.prenom, Literal(who["prenom"]))
        self.add(d, t.iri, _P.nomPersonne,
                 Literal(self.m.people["technicien"].format(n=self._tech_no)))
        # Competences given by the data (the referent leads a network: no random draw).
        for c, level in sorted(who.get("competences", {}).items()):
            if c not in self.competences:
                continue
            mc = instance_iri("maitrise", f"{key}-{c}")
            self.add(d, t.iri, _P.maitrise, mc)
            self.add(d, mc, RDF.type, _P.MaitriseCompetence)
            self.add(d, mc, _P.competence, self.ref.c("competence", c))
            self.add(d, mc, _P.niveauMaitrise, self.ref.c("niveau-maitrise", level))
            if who.get("auto_evaluation"):
                self.add(d, mc, _P.dateEvaluation,
                         _date(date.fromisoformat(who["auto_evaluation"]).toordinal()))
        return t

    def make_group_calendar(self, gt: URIRef) -> None:
        """The call for applications, the three stages and the reverse schedule."""
        seat, g, ref = self.seat, self.m.group, self.ref
        call = g["appel"]
        a = instance_iri("appel", "gt-appel-2019")
        self.add(seat, a, RDF.type, _P.AppelACandidatures)
        self.add(seat, a, RDFS.label, Literal(call["intitule"], lang="fr"))
        self.add(seat, a, _P.appelPour, gt)
        self.add(seat, a, _P.dateDebut, _date(_iso_date(call["lancement"]).toordinal()))
        if call.get("date_limite"):
            self.add(seat, a, _P.dateFin, _date(_iso_date(call["date_limite"]).toordinal()))
        for channel in ref.keep("canal-diffusion", call.get("canaux", [])):
            self.add(seat, a, _P.canalDiffusion, ref.c("canal-diffusion", channel))
        stages: dict[str, URIRef] = {}
        for i, stage in enumerate(g.get("temps", []), 1):
            if not ref.has("temps-groupe", stage["temps"]):
                continue
            e = instance_iri("temps", f"gt-temps-{i}")
            stages[stage["temps"]] = e
            self.add(seat, e, RDF.type, _P.TempsDuGroupe)
            self.add(seat, e, _P.tempsDe, gt)
            self.add(seat, e, _P.typeTemps, ref.c("temps-groupe", stage["temps"]))
            self.add(seat, e, RDFS.label, Literal(stage["intitule"], lang="fr"))
            self.add(seat, e, _P.dateDebut, _date(_iso_date(stage["debut"]).toordinal()))
            if stage.get("fin"):
                self.add(seat, e, _P.dateFin, _date(_iso_date(stage["fin"]).toordinal()))
            place = territory_iri("commune", stage["lieu"]) if stage.get("lieu") else None
            if place is not None and self.land.index.place(place) is not None:
                self.add(seat, e, _P.lieu, place)
            for key, prop in (("objet", _P.objet), ("methode", _P.methode)):
                if stage.get(key):
                    self.add(seat, e, prop, Literal(stage[key]))
        tool = instance_iri("outil", f"{seat}-{self.m.tool['type']}")
        for i, milestone in enumerate(g.get("jalons", []), 1):
            j = instance_iri("jalon", f"gt-J{i:02d}")
            self.add(seat, j, RDF.type, _P.Jalon)
            self.add(seat, j, _P.jalonDe, gt)
            self.add(seat, j, RDFS.label, Literal(milestone["intitule"], lang="fr"))
            self.add(seat, j, _P.echeance, _date(_iso_date(milestone["echeance"]).toordinal()))
            if milestone.get("avant") in stages:
                self.add(seat, j, _P.avantLeTemps, stages[milestone["avant"]])
            if milestone.get("livrable") and ref.has("type-outil", self.m.tool["type"]):
                self.add(seat, j, _P.livrable, tool)

    def make_trainings(self) -> None:
        """Sessions of the référentiel's catalogue (``ref:formation``), submitted by the
        regional seat and organised by the regional network: some past, some to come, in a
        département's chef-lieu (none for a remote course). Technicians registered for them
        (the « Formations suivies » sheet, in their own département's submission): past
        sessions mostly completed, upcoming ones taken by agents whose structure lacks what
        the course develops; one upcoming session is full."""
        rng, ref, seat, m = self.rng, self.ref, self.seat, self.m.trainings
        courses = ref.slugs("formation")
        if not courses:
            return
        places_lo, places_hi = m["places"]
        chefs = [c for c in (self.land.index.chef_lieu(departement_iri(d)) for d in self.deps)
                 if c is not None]
        n = 0
        for course in courses:
            iri = ref.c("formation", course)
            _develops, _level, hours, mode = ref.course(course)
            remote = mode == "distanciel"
            for when in ("passees", "a_venir"):
                window = m["sessions"][when]
                if rng.random() >= window["probabilite"] * min(1.0, self.scale):
                    continue
                n += 1
                first = date.fromisoformat(window["debut"]).toordinal()
                last = date.fromisoformat(window["fin"]).toordinal()
                days = max(1, math.ceil(hours / 7))
                start = date.fromordinal(rng.randint(first, last))
                # A session takes place on working days: within a week, no public holiday.
                while start.weekday() + days > 5 or any(
                        (start + timedelta(days=k)).strftime("%m-%d") in m["jours_feries"]
                        for k in range(days)):
                    start += timedelta(days=1)
                sess = instance_iri("session", f"{seat}-SF-{n:03d}")
                places = rng.randint(int(places_lo), int(places_hi))
                self.add(seat, sess, RDF.type, _P.SessionDeFormation)
                self.add(seat, sess, _P.sessionDe, iri)
                self.add(seat, sess, _P.dateDebut, _date(start.toordinal()))
                if days > 1:
                    self.add(seat, sess, _P.dateFin, _date(start.toordinal() + days - 1))
                if not remote and chefs:
                    self.add(seat, sess, _P.lieu, rng.choice(chefs).iri)
                self.add(seat, sess, _P.nombrePlaces, Literal(places))
                if self.network is not None:
                    self.add(seat, sess, _P.organisePar, self.network.iri)
                self.sessions.append((sess, course, start, places))
        self.make_registrations()

    def make_registrations(self) -> None:
        rng, ref, m = self.rng, self.ref, self.m.trainings
        techs = [t for d in self.deps for t in self.techs[d]]
        upcoming = [x for x in self.sessions if x[2] > REFERENCE_DATE]
        past = [x for x in self.sessions if x[2] <= REFERENCE_DATE]
        taken: dict[URIRef, int] = {}

        def register(t: _Tech, sess: URIRef, done: bool) -> None:
            p = instance_iri("participation", f"{t.key}-{str(sess).rsplit('/', 1)[1]}")
            self.add(t.dep, p, RDF.type, _P.ParticipationFormation)
            self.add(t.dep, p, _P.participant, t.iri)
            self.add(t.dep, p, _P.session, sess)
            self.add(t.dep, p, _P.terminee, Literal(done))
            taken[sess] = taken.get(sess, 0) + 1

        for t in techs:  # past sessions: some agents followed one, most to the end
            if past and rng.random() < m["probabilite_suivie"]:
                sess, _course, _start, places = rng.choice(past)
                if taken.get(sess, 0) < places:
                    register(t, sess, rng.random() < m["probabilite_terminee"])
        full = set(rng.sample([x[0] for x in upcoming], min(len(upcoming), int(m["complete"]))))
        for sess, course, _start, places in upcoming:
            slugs, level, _hours, _mode = ref.course(course)
            develops = {ref.c("competence", c) for c in slugs}
            want = self.maitrise_rank.get(level, 1)
            # Agents whose own level is below what the course gives, in structures that
            # need it: the ones a coordinator would send.
            fits = [t for t in techs
                    if any(self.levels_of.get(t.iri, {}).get(c, 0) < want for c in develops)
                    and t.structure.levels]
            chosen = [t for t in fits if rng.random() < m["probabilite_inscription"]]
            limit = places if sess in full else max(0, places - rng.randint(2, 5))
            for t in chosen[:limit]:
                register(t, sess, False)
            for t in techs:
                if taken.get(sess, 0) >= limit:
                    break
                if sess in full and t not in chosen:
                    register(t, sess, False)

    def make_tools(self) -> None:
        rng, ref, seat, tool_text = self.rng, self.ref, self.seat, self.m.tool
        kind = tool_text["type"]
        if not ref.has("type-outil", kind):
            return
        tool = instance_iri("outil", f"{seat}-{kind}")
        title = tool_text["intitule"]
        self.add(seat, tool, RDF.type, _P.OutilCommun)
        self.add(seat, tool, RDFS.label, Literal(tool_text["nom"].format(intitule=title), lang="fr"))
        self.add(seat, tool, _P.intitule, Literal(title))
        self.add(seat, tool, _P.typeOutil, ref.c("type-outil", kind))
        n = min(len(self.deps), max(1, round(rng.randint(3, 6) * self.scale)))
        for d in sorted(rng.sample(self.deps, n)):
            local = [s for s in self.structs[d] if not s.regional and s.accompanies]
            adt = [s for s in local if s.typ == "adt"]
            ots = [s for s in local if s.typ == "ot"]
            if ots and rng.random() < 0.4:
                owner = rng.choice(ots)
                terr = owner.territories[0]
            elif adt or local:
                owner = adt[0] if adt else local[0]
                terr = departement_iri(d)
            else:
                continue
            v = instance_iri("version", f"{d}-{kind}")
            where = self.land.label(terr, self.dep_label(d))
            self.add(d, v, RDF.type, _P.VersionTerritoriale)
            self.add(d, v, RDFS.label, Literal(
                tool_text["version"].format(intitule=title, territoire=where), lang="fr"))
            self.add(d, v, _P.versionDe, tool)
            self.add(d, v, _P.territoire, terr)
            self.add(d, v, _P.porteePar, owner.iri)


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def _date(ordinal: int) -> Literal:
    return Literal(date.fromordinal(ordinal).isoformat(), datatype=XSD.date)


def _iso_date(text: str) -> date:
    return date.fromisoformat(str(text))


_VOWELS = set("AEIOUYÂÀÉÈÊËÎÏÔÛÙÜaeiouyâàéèêëîïôûùü")


def _de(name: str) -> str:
    """« de Bordeaux », « d'Arcachon », « du Bugue », « des Eyzies » (generated names are French)."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[:1] in _VOWELS:
        return "d'" + name
    return "de " + name


def _a(name: str) -> str:
    """« à Bordeaux », « au Bugue », « aux Eyzies »."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name

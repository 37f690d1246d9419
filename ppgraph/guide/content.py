"""What a guide du porteur de projet says, block by block, for one département or one EPCI.

The common part comes from the référentiel (through the glossary of the territory, so that
its local concepts are there too): what the guide is, how far each niveau goes, the kinds of
project holder, the steps of a project and the services that answer each one, the core
notions. The territorial part comes from the graph: the guichet unique of each EPCI, for each
step the structures whose offers answer it here (the service's ``pp:etapeConcernee``, or that
of the common service a local one belongs to), the public contact details of every structure
named, the territorial versions of the common tools. Then the territory's own blocks
(:mod:`ppgraph.local`) replace a block or follow one. Nothing personal is read: only the public
properties of structures.

>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> g = guide_content(store, "23")
>>> g.title, g.blocks[0].id, len(g.etape_structures("financement"))
('Guide du porteur de projet — Creuse (23)', 'introduction', 0)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef

from ..errors import InputError
from ..i18n import DEFAULT_LANGUAGE, catalogue, check_language
from ..namespaces import (GRAPH_REFERENTIEL, departement_iri, local_graph, submission_graph,
                          territory_iri)
from ..resolver import departement_code
from ..resources import query_text
from ..site.glossary import ConceptEntry, Glossary, SchemeEntry, Text, glossary
from ..store import GraphStore
from ..territories import Place, territories
from ..text import french_sort_key
from .blocks import etape_block, etape_here_block

__all__ = ["Guide", "Block", "Part", "StructureRow", "guide_content", "split_text"]

SCALES = ("commune", "epci", "departement", "region")
"""How near a structure's offer is, from the nearest: the scale of the territory it serves."""


@dataclass
class Part:
    """One piece of a block: ``kind`` says how to show ``data``.

    - ``paragraphes``: list of :class:`Text` (or str), one paragraph each;
    - ``texte``: a territory's text, list of ("p", str) or ("ul", [str]) items;
    - ``definitions``: list of :class:`~ppgraph.site.glossary.ConceptEntry` (label, definition,
      note; ``children`` nested);
    - ``services``: list of (label, is local, its territory's name);
    - ``structures``: list of :class:`StructureRow`;
    - ``guichets``: list of (EPCI name, [structure names]);
    - ``contacts``: list of dict (name, type, e-mail, telephone, website, seat);
    - ``outils``: list of dict (title, type, versions: [dict(name, by)]);
    - ``vide``: a sentence saying there is nothing.
    """

    kind: str
    data: Any


@dataclass
class Block:
    """A block of the guide (see :mod:`ppgraph.guide.blocks`)."""

    id: str
    title: str
    level: int
    parts: list[Part] = field(default_factory=list)
    origin: str = "commun"
    """``commun`` (référentiel), ``territoire`` (graph), ``local`` (the territory's own)"""
    local_note: str | None = None
    """said beside a block the territory replaced or added"""


@dataclass(frozen=True)
class StructureRow:
    """A structure in the « who does what here » table of a step."""

    iri: str
    name: str
    type: str
    scale: str
    """the nearest scale of its offers: ``commune``, ``epci``, ``departement``, ``region``"""
    scale_label: str
    niveau: str
    services: tuple[str, ...]
    types: tuple[str, ...]
    """project types its offers target (empty: all types)"""


@dataclass
class Guide:
    """A guide du porteur de projet, ready to render."""

    departement: str
    departement_name: str
    epci: Place | None
    lang: str
    title: str
    subtitle: str
    fictitious: bool
    blocks: list[Block]
    structures: dict[str, dict]
    """every structure named, IRI → its public details"""
    rows_by_etape: dict[str, list[StructureRow]] = field(default_factory=dict)
    local_blocks: int = 0
    submitted: bool = True
    """whether the store holds the département's submission (without it, only the common
    part and the regional organisations are filled in, and the guide says so)"""

    @property
    def territory_name(self) -> str:
        """The name the guide is about: its EPCI's, else its département's with its code."""
        return self.epci.label if self.epci else f"{self.departement_name} ({self.departement})"

    def etape_structures(self, notation: str) -> list[str]:
        """Names of the structures the guide lists for a step (its « who does what here »)."""
        return [r.name for r in self.rows_by_etape.get(notation, [])]

    def block(self, block_id: str) -> Block | None:
        return next((b for b in self.blocks if b.id == block_id), None)


def split_text(text: str) -> list[tuple[str, Any]]:
    """A block's text as paragraphs and lists: a blank line separates paragraphs, lines
    that start with « - » make a list.

    >>> split_text("Un.\\nDeux.\\n\\n- a\\n- b")
    [('p', 'Un. Deux.'), ('ul', ['a', 'b'])]
    """
    out: list[tuple[str, Any]] = []
    for chunk in str(text).replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("- ", "* ", "• ")) for line in lines):
            out.append(("ul", [line[2:].strip() for line in lines]))
        else:
            out.append(("p", " ".join(lines)))
    return out


def _scheme(g: Glossary, notation: str) -> SchemeEntry | None:
    return next((s for s in g.schemes if s.notation == notation), None)


def _walk(entries: Iterable[ConceptEntry]) -> Iterable[ConceptEntry]:
    for e in entries:
        yield e
        yield from _walk(e.children)


def _territories_of(place_dep: str, epci: Place | None) -> tuple[list[URIRef], list[Place]]:
    """The territories a guide covers (those whose offers count) and its EPCI."""
    index = territories()
    dep = index.departement(place_dep)
    region = territory_iri("region", dep.region) if dep is not None and dep.region else None
    if epci is not None:
        covered = [epci.iri] + [c.iri for c in index.of_kind("commune") if c.epci == epci.iri]
        for code in epci.departements:
            d = index.departement(code)
            if d is not None:
                covered.append(d.iri)
                if d.region:
                    covered.append(territory_iri("region", d.region))
        return list(dict.fromkeys(covered)), [epci]
    epcis = [e for e in index.of_kind("epci") if place_dep in e.departements]
    covered = [departement_iri(place_dep)] + [e.iri for e in epcis] + \
        [c.iri for c in index.communes(place_dep)]
    if region is not None:
        covered.append(region)
    return covered, sorted(epcis, key=lambda e: french_sort_key(e.label))


def guide_content(store: GraphStore, departement: str, *, epci: str | None = None,
                  lang: str = DEFAULT_LANGUAGE, terms: Glossary | None = None) -> Guide:
    """The guide of a département (or of one of its EPCI), block by block.

    Parameters
    ----------
    store : GraphStore
        Holds the référentiel, the submissions and the territory's local graph.
    departement : str
        INSEE code or name of the département.
    epci : str, optional
        SIREN of an EPCI of that département: the territorial part is then about it (its
        guichet unique, the offers serving it, its communes, its département, its region).
    lang : "fr" or "en"
    terms : Glossary, optional
        The glossary of the département (``glossary(store, lang, [code])``), if the caller
        has it already: a site computes the common one once for every département without
        local concepts.

    Raises
    ------
    InputError
        If the département or the EPCI is unknown, or the EPCI is not in the département.
    """
    check_language(lang)
    t = catalogue(lang)
    code = departement_code(departement)
    index = territories()
    dep_place = index.departement(code)
    dep_name = dep_place.label if dep_place is not None else code
    place = None
    if epci:
        place = index.place(territory_iri("epci", str(epci).strip()))
        if place is None or place.kind != "epci":
            raise InputError("guide.epci_inconnue", epci=epci)
        if code not in place.departements:
            raise InputError("guide.epci_hors_departement", epci=place.label, departement=dep_name,
                             code=code)
    g = terms if terms is not None else glossary(store, lang, [code])
    covered, epcis = _territories_of(code, place)
    label_of = {e.iri: e.label.value for e in g.entries()}
    rank_of = {e.iri: e.rank for e in _walk(_scheme(g, "niveau").concepts)} \
        if _scheme(g, "niveau") else {}

    title = t("guide.titre", territoire=place.label if place else dep_name,
              code=(place.code if place else code))
    subtitle = t("guide.sous_titre_epci", departement=dep_name, code=code) if place \
        else t("guide.sous_titre", region=_region_name(dep_place))
    fictitious = store.ask(query_text("guide-fictif"),
                           {"departement": [departement_iri(d) for d in
                                            (place.departements if place else (code,))]})

    # The territorial facts: offers of the territories covered, by step.
    offers = store.select(query_text("guide-offres"), {"couvert": covered})
    scale_of = {str(iri): _scale(iri) for iri in covered}
    etapes = _scheme(g, "etape")
    etape_entries = list(_walk(etapes.concepts)) if etapes else []
    ancestors = _ancestors(etape_entries)
    per_structure: dict[tuple[str, str], dict] = {}
    for r in offers:
        if "etape" not in r:
            continue
        s = str(r["structure"])
        served = str(r["etape"])
        for e in etape_entries:
            if served not in ancestors.get(e.iri, ()):  # the step itself or a broader one
                continue
            key = (e.iri, s)
            entry = per_structure.setdefault(key, {"offers": {}, "scale": 9, "rank": -1.0,
                                                   "niveau": None})
            offer = entry["offers"].setdefault(str(r["offre"]), {"service": str(r["service"]),
                                                                 "types": set()})
            if "cible" in r:
                offer["types"].add(str(r["cible"]))
            else:
                offer["all"] = True
            entry["scale"] = min(entry["scale"], SCALES.index(scale_of[str(r["couvert"])]))
            niveau = r.get("niveauOffre") or r.get("niveauDeclare")
            rank = rank_of.get(str(niveau), -1.0) if niveau is not None else -1.0
            if rank is not None and rank > entry["rank"]:
                entry["rank"], entry["niveau"] = rank, str(niveau)
    structure_iris = sorted({s for _, s in per_structure})
    guichets = store.select(query_text("guide-guichets"), {"epci": [e.iri for e in epcis]}) \
        if epcis else []
    structure_iris += sorted({str(r["structure"]) for r in guichets if "structure" in r})
    details = _structure_details(store, structure_iris, label_of)

    rows_by_etape: dict[str, list[StructureRow]] = {}
    for e in etape_entries:
        rows = []
        for (etape, s), entry in per_structure.items():
            if etape != e.iri:
                continue
            services = sorted({label_of.get(o["service"], o["service"])
                               for o in entry["offers"].values()}, key=french_sort_key)
            all_types = any(o.get("all") for o in entry["offers"].values())
            types = () if all_types else tuple(sorted(
                {label_of.get(x, x) for o in entry["offers"].values() for x in o["types"]},
                key=french_sort_key))
            d = details.get(s, {})
            scale = SCALES[entry["scale"]] if entry["scale"] < len(SCALES) else "region"
            rows.append(StructureRow(
                s, d.get("nom", s), d.get("type", ""), scale, t.guide.echelles[scale],
                label_of.get(entry["niveau"] or "", t.guide.sans_niveau), tuple(services), types))
        rows.sort(key=lambda r: (SCALES.index(r.scale), french_sort_key(r.name), r.iri))
        rows_by_etape[e.notation or e.iri] = rows

    blocks = _common_blocks(g, t, lang, place, dep_name, code)
    blocks = _with_etapes(blocks, etape_entries, rows_by_etape, g, t, store, code)
    blocks.insert([b.id for b in blocks].index("etapes"),
                  _guichets_block(guichets, epcis, details, t))
    named = set()
    for rows in rows_by_etape.values():
        named |= {r.iri for r in rows}
    named |= {str(r["structure"]) for r in guichets if "structure" in r}
    tools = _tools(store, covered, label_of, details, t)
    blocks += [_contacts_block(named, details, t), tools]
    blocks.append(_notions_block(g, t))
    n_local = _apply_local_blocks(store, blocks, code, place, t, lang, dep_name)
    submitted = str(submission_graph(code)) in {str(g) for g in store.graphs()}
    return Guide(code, dep_name, place, lang, title, subtitle, fictitious, blocks,
                 {s: details[s] for s in sorted(named) if s in details}, rows_by_etape, n_local,
                 submitted)


def _region_name(dep: Place | None) -> str:
    if dep is None or not dep.region:
        return ""
    place = territories().place(territory_iri("region", dep.region))
    return place.label if place is not None else dep.region


def _scale(iri: URIRef) -> str:
    place = territories().place(iri)
    return place.kind if place is not None and place.kind in SCALES else "region"


def _ancestors(entries: list[ConceptEntry]) -> dict[str, set[str]]:
    """Step IRI → itself and every broader step (the steps whose services answer it)."""
    parent = {e.iri: e.parent for e in entries}
    out = {}
    for e in entries:
        chain, node = set(), e.iri
        while node and node not in chain:
            chain.add(node)
            node = parent.get(node)
        out[e.iri] = chain
    return out


def _structure_details(store: GraphStore, iris: list[str], label_of: dict) -> dict[str, dict]:
    if not iris:
        return {}
    out: dict[str, dict] = {}
    for r in store.select(query_text("guide-structures"),
                          {"structure": [URIRef(i) for i in dict.fromkeys(iris)]}):
        s = str(r["structure"])
        d = out.setdefault(s, {"iri": s})
        for key in ("nom", "courriel", "telephone", "site", "nomSiege"):
            if key in r and key not in d:
                d[key] = str(r[key])
        if "type" in r and "type" not in d:
            d["type"] = label_of.get(str(r["type"]), str(r["type"]).rsplit("/", 1)[-1])
    return out


def _definitions(scheme: SchemeEntry | None, notes: bool = True) -> list[ConceptEntry]:
    if scheme is None:
        return []
    return list(scheme.concepts) if notes else [_leaf(e, note=False) for e in scheme.concepts]


def _common_blocks(g: Glossary, t, lang: str, place: Place | None, dep_name: str,
                   code: str) -> list[Block]:
    b = t.guide.blocs
    niveaux = _scheme(g, "niveau")
    porteurs = _scheme(g, "type-porteur")
    operations = _scheme(g, "nature-operation")
    intro = [Text(t("guide.blocs.introduction.texte", territoire=place.label if place
                    else dep_name)), Text(b.introduction.mode_emploi)]
    blocks = [
        Block("introduction", b.introduction.titre, 2, [Part("paragraphes", intro)]),
        # (the lists' own descriptions speak to the network's technicians: the guide says
        # what they mean for a project holder, in the catalogue's words)
        Block("niveaux", b.niveaux.titre, 2,
              [Part("paragraphes", [Text(b.niveaux.texte)]),
               Part("definitions", _definitions(niveaux))]),
        Block("types-porteur", b.types_porteur.titre, 2,
              [Part("paragraphes", [Text(b.types_porteur.texte)]),
               Part("definitions", _definitions(porteurs))]
              + ([Part("paragraphes", [Text(b.types_porteur.operations)]),
                  Part("definitions", _definitions(operations, notes=False))]
                 if operations else [])),
        Block("etapes", b.etapes.titre, 2, [Part("paragraphes", [Text(b.etapes.texte)])]),
    ]
    return blocks


def _services_by_etape(store: GraphStore, g: Glossary, code: str) -> dict[str, list[tuple]]:
    """Step IRI → the services (common and local to this territory) that answer it."""
    services = _scheme(g, "service")
    if services is None:
        return {}
    entries = {e.iri: e for e in _walk(services.concepts)}
    out: dict[str, list[tuple]] = {}
    rows = store.select(query_text("guide-services-etapes"),
                        {"graphe": [GRAPH_REFERENTIEL, local_graph(code)]})
    for r in rows:
        e = entries.get(str(r["service"]))
        if e is None:
            continue
        out.setdefault(str(r["etape"]), []).append((e.label.value, bool(e.local), e.local_name))
    for k in out:
        out[k] = sorted(set(out[k]), key=lambda x: (x[1], french_sort_key(x[0])))
    return out


def _with_etapes(blocks: list[Block], etapes: list[ConceptEntry], rows: dict, g: Glossary,
                 t, store: GraphStore, code: str) -> list[Block]:
    services = _services_by_etape(store, g, code)
    depth = {}
    for e in etapes:
        depth[e.iri] = 0 if e.parent is None else depth.get(e.parent, 0) + 1
    for e in etapes:
        notation = e.notation or e.iri.rsplit("/", 1)[-1]
        level = min(3 + depth[e.iri], 4)
        # (a step's usage note tells it apart from a service or a competence of the same
        # name: useful in the glossary, not to a project holder)
        parts = [Part("paragraphes", [e.definition] if e.definition else [])]
        answered = services.get(e.iri, [])
        if answered:
            parts.append(Part("services", answered))
        block = Block(etape_block(notation), e.label.value, level, parts)
        if e.local:
            block.origin = "local"
            block.local_note = t("guide.propre_au_territoire", territoire=e.local_name)
        blocks.append(block)
        here = rows.get(notation, [])
        blocks.append(Block(etape_here_block(notation), t("guide.ici", etape=e.label.value),
                            level + 1,
                            [Part("structures", here)] if here else
                            [Part("vide", t.guide.personne_ici)], origin="territoire"))
    return blocks


def _leaf(e: ConceptEntry, note: bool = True) -> ConceptEntry:
    """The entry without its children (and, if asked, without its usage note)."""
    return ConceptEntry(e.iri, e.scheme, e.anchor, e.notation, e.label, e.other_label,
                        e.definition, e.note if note else None, e.rank, e.synonyms, {}, [],
                        e.parent, e.local, e.local_name)


def _guichets_block(rows: list[dict], epcis: list[Place], details: dict, t) -> Block:
    by_epci: dict[str, list[str]] = {str(e.iri): [] for e in epcis}
    for r in rows:
        if "structure" in r:
            by_epci[str(r["epci"])].append(details.get(str(r["structure"]), {})
                                           .get("nom", str(r["structure"])))
    data = [(e.label, sorted(by_epci[str(e.iri)], key=french_sort_key)) for e in epcis]
    return Block("guichets", t.guide.blocs.guichets.titre, 2,
                 [Part("paragraphes", [Text(t.guide.blocs.guichets.texte)]),
                  Part("guichets", data)], origin="territoire")


def _contacts_block(named: set[str], details: dict, t) -> Block:
    rows = sorted((details[s] for s in named if s in details),
                  key=lambda d: (french_sort_key(d.get("nom", "")), d["iri"]))
    return Block("contacts", t.guide.blocs.contacts.titre, 2,
                 [Part("paragraphes", [Text(t.guide.blocs.contacts.texte)]),
                  Part("contacts", rows) if rows else Part("vide", t.guide.aucun_contact)],
                 origin="territoire")


def _tools(store: GraphStore, covered: list[URIRef], label_of: dict, details: dict, t) -> Block:
    here = {str(x) for x in covered}
    tools: dict[str, dict] = {}
    owners = set()
    rows = store.select(query_text("guide-outils"))
    for r in rows:
        o = str(r["outil"])
        tool = tools.setdefault(o, {"titre": str(r.get("nomOutil") or r.get("intitule") or o),
                                    "type": label_of.get(str(r.get("type", "")), ""),
                                    "versions": {}})
        v = r.get("version")
        if v is None:
            continue
        where = r.get("territoireVersion")
        if where is not None and str(where) not in here:
            continue
        tool["versions"][str(v)] = {"nom": str(r.get("nomVersion") or v),
                                    "par": str(r["porteePar"]) if "porteePar" in r else None}
        if "porteePar" in r:
            owners.add(str(r["porteePar"]))
    missing = [o for o in owners if o not in details]
    details.update(_structure_details(store, missing, label_of))
    data = []
    for o in sorted(tools, key=lambda k: french_sort_key(tools[k]["titre"])):
        tool = tools[o]
        versions = [{"nom": v["nom"],
                     "par": details.get(v["par"], {}).get("nom") if v["par"] else None}
                    for v in sorted(tool["versions"].values(),
                                    key=lambda v: french_sort_key(v["nom"]))]
        data.append({"titre": tool["titre"], "type": tool["type"], "versions": versions})
    return Block("outils", t.guide.blocs.outils.titre, 2,
                 [Part("paragraphes", [Text(t.guide.blocs.outils.texte)]),
                  Part("outils", data) if data else Part("vide", t.guide.aucun_outil)],
                 origin="territoire")


def _notions_block(g: Glossary, t) -> Block:
    notions = _scheme(g, "notions")
    parts = [Part("paragraphes", [Text(t.guide.blocs.notions.texte)]),
             Part("definitions", _definitions(notions, notes=False))]
    local = [e for e in g.entries() if e.local]
    if local:
        parts.append(Part("paragraphes", [Text(t("guide.blocs.notions.locaux",
                                                 territoire=local[0].local_name))]))
        parts.append(Part("definitions", [_leaf(e) for e in local]))
    return Block("notions", t.guide.blocs.notions.titre, 2, parts)


def _apply_local_blocks(store: GraphStore, blocks: list[Block], code: str, place: Place | None,
                        t, lang: str, dep_name: str) -> int:
    """Replace and insert the territory's blocks; return how many apply."""
    rows = store.select(query_text("guide-blocs"),
                        {"graphe": local_graph(code), "lang": Literal(lang)})
    applied = 0
    for r in rows:
        only = r.get("territoire")
        if only is not None and (place is None or str(only) != str(place.iri)):
            continue
        text = split_text(str(r.get("texte", "")))
        note = t("guide.texte_du_territoire",
                 territoire=place.label if only is not None and place else dep_name)
        ids = [b.id for b in blocks]
        if "remplace" in r and str(r["remplace"]) in ids:
            target = blocks[ids.index(str(r["remplace"]))]
            if "titre" in r:
                target.title = str(r["titre"])
            target.parts = [Part("texte", text)]
            target.origin, target.local_note = "local", note
            applied += 1
        elif "apres" in r and str(r["apres"]) in ids:
            at = ids.index(str(r["apres"]))
            level = blocks[at].level if blocks[at].level > 2 else 3
            title = str(r["titre"]) if "titre" in r else t.guide.bloc_local
            blocks.insert(at + 1, Block(f"local-{str(r['bloc']).rsplit('/', 1)[-1]}", title,
                                        level, [Part("texte", text)], "local", note))
            applied += 1
    return applied


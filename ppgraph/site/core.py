"""The published site: static HTML pages built from the store, readable offline.

A site is a folder of plain HTML5 pages and one style sheet, with no reference to any other
host, so that it works from a USB stick at a meeting. Every page is built from SPARQL files
in ``ppgraph/queries`` and rendered by a Jinja2 template of ``ppgraph/templates`` with
autoescaping on: data never becomes markup.

Pages are registered with :func:`register_page`; the navigation is built from that registry,
so a new page is a function and a template, with no change to the other pages.

Example
-------
>>> import tempfile
>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> with tempfile.TemporaryDirectory() as folder:
...     index = write_site(store, folder)
...     print(sorted(p.name for p in index.parent.iterdir()))
...     print('<html lang="fr">' in index.read_text(encoding="utf-8"))
['glossaire.html', 'index.html', 'style.css']
True
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from rdflib import Literal, URIRef

from . import __version__
from .errors import InputError
from .namespaces import PP
from .resources import query_text
from .store import Store

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STYLESHEET = "style.css"

SKOS = "http://www.w3.org/2004/02/skos/core#"

# -- interface strings ---------------------------------------------------------------------
# Everything a reader sees that does not come from the data. Data (labels, definitions,
# counts) comes from the store; these are the words around it.

STRINGS: dict[str, dict[str, Any]] = {
    "fr": {
        "titre_site": "Accompagnement des porteurs de projet touristique",
        "sous_titre": "Réseau régional des offices de tourisme",
        "sous_titre_region": "Réseau régional des offices de tourisme — {region}",
        "aller_au_contenu": "Aller au contenu",
        "navigation": "Navigation du site",
        "nav_accueil": "Accueil",
        "nav_glossaire": "Glossaire",
        "pied": "Site produit par ppgraph {version} à partir du graphe régional. "
                "Il se consulte sans connexion à internet.",
        "fictif_titre": "Données fictives de démonstration",
        "fictif_texte": "Les structures, personnes et projets présentés n'existent pas\u00a0; "
                        "seuls les territoires sont réels.",
        "fictif_partiel": "Soumissions concernées\u00a0:",
        "avis": "Avis",
        "deux_points": "\u00a0:",
        # accueil
        "accueil_titre": "Accueil",
        "intro_reseau": "Le réseau régional des offices de tourisme rassemble les offices de "
                        "tourisme, les pays d'accueil touristique, les agences départementales "
                        "et leurs partenaires. Ensemble, ils accompagnent les porteurs de "
                        "projet\u00a0: "
                        "les personnes qui créent une activité touristique ou qui développent "
                        "celle qu'elles exploitent déjà.",
        "intro_niveaux": "Toutes les structures n'accompagnent pas de la même façon. Chacune "
                         "déclare son niveau d'accompagnement\u00a0:",
        "intro_site": "Ce site publie ce que les départements ont versé dans le graphe "
                      "régional\u00a0: les chiffres par département ci-dessous, et le "
                      "glossaire du "
                      "référentiel commun, qui fixe le vocabulaire et les définitions partagés "
                      "({listes} listes de valeurs, {termes} termes).",
        "voir_glossaire": "Consulter le glossaire",
        "chiffres_titre": "Chiffres par département",
        "chiffres_legende": "Nombre d'enregistrements de chaque soumission départementale",
        "chiffres_aucun": "Aucun département n'a encore versé de soumission.",
        "col_code": "Code",
        "col_departement": "Département",
        "col_dont_niveau": "dont, par niveau d'accompagnement déclaré",
        "col_sans_niveau": "Non renseigné",
        "ligne_total": "Total",
        "fictive": "fictive",
        "note_niveaux": "Les structures sont comptées selon le niveau d'accompagnement "
                        "qu'elles déclarent pour l'ensemble de leur activité\u00a0; "
                        "le détail par "
                        "service figure dans leur offre de service.",
        "sans_soumission": "Départements de la région sans soumission\u00a0:",
        "colonnes": {
            "Structure": "Structures",
            "OffreDeService": "Offres de service",
            "Technicien": "Techniciens",
            "PorteurDeProjet": "Porteurs de projet",
            "Projet": "Projets",
            "Accompagnement": "Accompagnements",
            "Orientation": "Orientations",
            "Prestataire": "Prestataires",
            "Candidature": "Candidatures",
        },
        # glossaire
        "glossaire_titre": "Glossaire du référentiel",
        "glossaire_intro": "Le référentiel commun du réseau\u00a0: {listes} listes de "
                           "valeurs et "
                           "{termes} termes, avec leurs définitions. Dans une liste ordonnée, "
                           "les termes suivent leur rang\u00a0; sinon, l'ordre alphabétique. "
                           "Les synonymes sont d'autres mots employés pour la même notion.",
        "sommaire": "Sommaire",
        "nb_termes": "{n} termes",
        "nb_terme": "1 terme",
        "filtrer": "Filtrer les termes",
        "filtrer_aide": "Un mot du libellé ou d'un synonyme, sans se soucier des accents",
        "aucun_terme": "Cette liste ne contient encore aucun terme.",
        "note_usage": "Note d'usage",
        "synonymes": "Synonymes",
        "identifiant": "Identifiant",
        "notation": "Code",
        "relations": {
            "generique": "Terme générique",
            "essentielles": "Compétences essentielles",
            "utiles": "Compétences utiles",
            "essentielle_pour": "Compétence essentielle pour",
            "utile_pour": "Compétence utile pour",
            "associes": "Voir aussi",
            "correspondances": "Correspondances",
        },
        "haut_de_page": "Haut de page",
    },
    "en": {
        "titre_site": "Support for tourism project holders",
        "sous_titre": "Regional network of tourist offices",
        "sous_titre_region": "Regional network of tourist offices — {region}",
        "aller_au_contenu": "Skip to content",
        "navigation": "Site navigation",
        "nav_accueil": "Home",
        "nav_glossaire": "Glossary",
        "pied": "Site produced by ppgraph {version} from the regional graph. "
                "It can be read without an internet connection.",
        "fictif_titre": "Fictitious demonstration data",
        "fictif_texte": "The organisations, people and projects shown do not exist; "
                        "only the territories are real.",
        "fictif_partiel": "Submissions concerned:",
        "avis": "Notice",
        "deux_points": ":",
        "accueil_titre": "Home",
        "intro_reseau": "The regional network of tourist offices brings together tourist "
                        "offices, tourism reception areas (pays d'accueil touristique), "
                        "departmental tourism agencies and their partners. Together they "
                        "support project holders: people who start a tourism business or "
                        "develop the one they already run.",
        "intro_niveaux": "Not every organisation gives the same support. Each declares its "
                         "level of support:",
        "intro_site": "This site publishes what the départements have submitted to the "
                      "regional graph: the figures per département below, and the glossary "
                      "of the shared reference framework, which sets the common vocabulary "
                      "and definitions ({listes} code lists, {termes} terms).",
        "voir_glossaire": "Read the glossary",
        "chiffres_titre": "Figures per département",
        "chiffres_legende": "Number of records in each département's submission",
        "chiffres_aucun": "No département has submitted data yet.",
        "col_code": "Code",
        "col_departement": "Département",
        "col_dont_niveau": "of which, by declared level of support",
        "col_sans_niveau": "Not stated",
        "ligne_total": "Total",
        "fictive": "fictitious",
        "note_niveaux": "Organisations are counted by the level of support they declare for "
                        "their activity as a whole; the detail per service is in their "
                        "service offering.",
        "sans_soumission": "Départements of the region with no submission:",
        "colonnes": {
            "Structure": "Organisations",
            "OffreDeService": "Service offerings",
            "Technicien": "Officers",
            "PorteurDeProjet": "Project holders",
            "Projet": "Projects",
            "Accompagnement": "Support engagements",
            "Orientation": "Referrals",
            "Prestataire": "Providers",
            "Candidature": "Applications",
        },
        "glossaire_titre": "Glossary of the reference framework",
        "glossaire_intro": "The network's shared reference framework: {listes} code lists and "
                           "{termes} terms, with their definitions. In an ordered list, terms "
                           "follow their rank; otherwise, alphabetical order. Synonyms are "
                           "other words used for the same notion. Where no English text "
                           "exists yet, the French one is shown.",
        "sommaire": "Contents",
        "nb_termes": "{n} terms",
        "nb_terme": "1 term",
        "filtrer": "Filter terms",
        "filtrer_aide": "A word of the label or of a synonym, accents ignored",
        "aucun_terme": "This list holds no term yet.",
        "note_usage": "Scope note",
        "synonymes": "Synonyms",
        "identifiant": "Identifier",
        "notation": "Code",
        "relations": {
            "generique": "Broader term",
            "essentielles": "Essential skills",
            "utiles": "Optional skills",
            "essentielle_pour": "Essential skill for",
            "utile_pour": "Optional skill for",
            "associes": "See also",
            "correspondances": "Matches",
        },
        "haut_de_page": "Back to top",
    },
}

# Relations of glossary-relations.rq → (key shown on the concept, key shown on the target).
_RELATIONS = {
    SKOS + "broader": ("generique", None),
    str(PP.competenceEssentielle): ("essentielles", "essentielle_pour"),
    str(PP.competenceOptionnelle): ("utiles", "utile_pour"),
    SKOS + "related": ("associes", "associes"),
    SKOS + "exactMatch": ("correspondances", None),
    SKOS + "closeMatch": ("correspondances", None),
}
_RELATION_ORDER = ("generique", "essentielles", "utiles", "essentielle_pour", "utile_pour",
                   "associes", "correspondances")


def interface_strings(lang: str) -> dict[str, Any]:
    """The interface strings of a language.

    >>> interface_strings("en")["nav_glossaire"]
    'Glossary'

    Raises
    ------
    InputError
        If the language has no interface strings.
    """
    if lang not in STRINGS:
        raise InputError(f"Langue non prise en charge pour le site : « {lang} » "
                         f"(langues disponibles : {', '.join(sorted(STRINGS))}).")
    return STRINGS[lang]


# -- French collation ------------------------------------------------------------------------

def fold(text: str) -> str:
    """``text`` without accents, ligatures or case: how French readers look words up.

    >>> fold("Étude de marché — Œnotourisme")
    'etude de marche — oenotourisme'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    for lig, plain in (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"), ("ß", "ss")):
        bare = bare.replace(lig, plain)
    return bare.casefold()


def french_sort_key(text: str) -> tuple[str, str]:
    """Sort key that ignores accents and case first, then breaks ties on the exact text.

    >>> sorted(["Événement", "Etape", "écluse", "Zoo"], key=french_sort_key)
    ['écluse', 'Etape', 'Événement', 'Zoo']
    """
    return (re.sub(r"[^\w]+", " ", fold(text)).strip(), text)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", fold(text)).strip("-") or "x"


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", str(iri).rstrip("/#"))[-1]


# -- plain data behind the pages -------------------------------------------------------------

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


@dataclass(frozen=True)
class Column:
    """A column of the figures table: a class of the ontology or a level of support."""

    iri: str
    label: str
    definition: Text | None = None
    notation: str | None = None


@dataclass
class DepartementFigures:
    """One row of the figures table."""

    iri: str
    code: str
    nom: str
    fictive: bool
    counts: dict[str, int] = field(default_factory=dict)
    """class IRI → number of instances; niveau IRI → number of structures; ``""`` →
    structures with no (known) level"""


@dataclass
class Figures:
    """The figures table of the home page, as returned by :func:`departement_figures`."""

    classes: list[Column]
    niveaux: list[Column]
    rows: list[DepartementFigures]
    totals: dict[str, int]
    missing: list[tuple[str, str]]
    """(code, name) of the départements of the represented regions with no submission"""
    regions: list[str]

    @property
    def fictive_rows(self) -> list[DepartementFigures]:
        return [r for r in self.rows if r.fictive]

    @property
    def classes_before_levels(self) -> list[Column]:
        """The columns up to the structures, which the level columns break down."""
        iris = [c.iri for c in self.classes]
        cut = iris.index(str(PP.Structure)) + 1 if str(PP.Structure) in iris else 0
        return self.classes[:cut]

    @property
    def classes_after_levels(self) -> list[Column]:
        return self.classes[len(self.classes_before_levels):]

    @property
    def unstated(self) -> bool:
        """Whether some structure has no known level (the table then shows that column)."""
        return self.totals.get("", 0) > 0


def departement_figures(store: Store, lang: str = "fr") -> Figures:
    """Counts per submitted département: structures (by level of support), service offers,
    officers, project holders, projects, support engagements, referrals, providers,
    applications.

    Only shared submissions (named graphs ``graphe/soumission/...``) count. The columns are
    those of ``site-effectifs-par-departement.rq`` and the levels those of the référentiel,
    in their rank order.

    >>> from ppgraph.store import Store
    >>> departement_figures(Store()).rows
    []
    """
    strings = interface_strings(lang)
    bind = {"lang": Literal(lang)}
    rows: dict[str, DepartementFigures] = {}
    submissions = store.select(query_text("site-soumissions"), bind)
    for r in submissions:
        rows[str(r["departement"])] = DepartementFigures(
            iri=str(r["departement"]), code=str(r["code"]), nom=str(r["nom"]),
            fictive=int(r["fictives"]) > 0)
    regions = sorted({str(r["nomRegion"]) for r in submissions if "nomRegion" in r},
                     key=french_sort_key)

    classes: dict[str, Column] = {}
    for r in store.select(query_text("site-effectifs-par-departement"), bind):
        iri = str(r["classe"])
        if iri not in classes:
            label = strings["colonnes"].get(_local_name(iri)) or _capitalize(str(r["libelle"]))
            classes[iri] = Column(iri, label)
        if str(r["departement"]) in rows:
            rows[str(r["departement"])].counts[iri] = int(r["nombre"])

    niveaux = [Column(str(r["niveau"]), str(r["libelle"]), _text(r.get("definition")),
                      str(r["notation"]) if "notation" in r else None)
               for r in store.select(query_text("site-niveaux"), bind)]
    for r in store.select(query_text("site-structures-par-niveau")):
        if str(r["departement"]) in rows:
            key = str(r["niveau"]) if "niveau" in r else ""
            counts = rows[str(r["departement"])].counts
            counts[key] = counts.get(key, 0) + int(r["nombre"])

    ordered = sorted(rows.values(), key=lambda d: (len(d.code), d.code))
    keys = [c.iri for c in classes.values()] + [n.iri for n in niveaux] + [""]
    for row in ordered:
        for k in keys:
            row.counts.setdefault(k, 0)
    totals = {k: sum(row.counts[k] for row in ordered) for k in keys}
    missing = [(str(r["code"]), str(r["nom"]))
               for r in store.select(query_text("site-departements-sans-soumission"), bind)]
    return Figures(classes=list(classes.values()), niveaux=niveaux, rows=ordered,
                   totals=totals, missing=missing, regions=regions)


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


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

    @property
    def concept_count(self) -> int:
        return sum(s.count for s in self.schemes)


def glossary(store: Store, lang: str = "fr") -> Glossary:
    """The référentiel of ``store`` as a glossary: one entry per concept scheme, with its
    concepts nested by ``skos:broader``, ordered by ``pp:rang`` where present, otherwise
    alphabetically (accents ignored).

    Everything comes from the store's référentiel graph through the ``glossaire-*.rq``
    queries: a scheme or concept added to the Turtle files shows up with no code change.

    >>> from ppgraph.store import Store
    >>> from ppgraph.reference import load_reference_data
    >>> store = Store(); _ = load_reference_data(store)
    >>> g = glossary(store)
    >>> g.anchors["https://w3id.org/ppgraph/ref/niveau/guichet-unique"]
    'niveau-guichet-unique'
    """
    interface_strings(lang)
    other = "en" if lang == "fr" else "fr"
    bind = {"lang": Literal(lang)}

    schemes = {}
    for r in store.select(query_text("glossaire-listes"), bind):
        iri = str(r["liste"])
        schemes[iri] = SchemeEntry(
            iri=iri, anchor="", notation=str(r["notation"]) if "notation" in r else None,
            label=_text(r.get("libelle")) or Text(_local_name(iri)),
            description=_text(r.get("description")), note=_text(r.get("note")),
            concepts=[], count=0, rank=_number(r.get("rang")))

    members: dict[str, list[ConceptEntry]] = {iri: [] for iri in schemes}
    by_iri: dict[str, list[ConceptEntry]] = {}
    rows = store.select(query_text("glossaire-concepts"),
                        {"lang": Literal(lang), "autreLangue": Literal(other)})
    for r in rows:
        iri, scheme = str(r["concept"]), str(r["liste"])
        if scheme not in members:
            continue
        entry = ConceptEntry(
            iri=iri, scheme=scheme, anchor="",
            notation=str(r["notation"]) if "notation" in r else None,
            label=_text(r.get("libelle")) or Text(_local_name(iri)),
            other_label=_other_label(r.get("libelle"), r.get("libelleAutre")),
            definition=_text(r.get("definition")), note=_text(r.get("note")),
            rank=_number(r.get("rang")))
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
    for r in store.select(query_text("glossaire-relations")):
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
        prefix = _slug(scheme.notation or _local_name(scheme.iri))
        for entry in _walk(scheme.concepts):
            entry.anchor = _unique(f"{prefix}-{_slug(entry.notation or _local_name(entry.iri))}",
                                   taken)
            anchors.setdefault(entry.iri, entry.anchor)
    for scheme in ordered_schemes:
        scheme.anchor = _unique(_slug(scheme.notation or _local_name(scheme.iri)), taken)
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
    return Glossary(schemes=ordered_schemes, anchors=anchors)


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


# -- pages -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """A page of the site: ``build(site)`` returns the template's context, or None to leave
    the page (and its navigation entry) out of this build."""

    name: str
    filename: str
    title: str
    """key of the navigation title in :data:`STRINGS`"""
    template: str
    build: Callable[["Site"], dict | None]


PAGES: list[Page] = []
"""The registered pages, in navigation order."""


def register_page(name: str, filename: str, title: str, template: str | None = None):
    """Register the decorated function as the builder of a page of the site.

    ``title`` is a key of :data:`STRINGS` (the navigation label); ``template`` defaults to
    ``<name>.html`` in ``ppgraph/templates``. Registering a name again replaces the page.
    The function takes a :class:`Site` and returns the template's context (a dict).
    """
    def decorator(build: Callable[["Site"], dict | None]):
        page = Page(name, filename, title, template or f"{name}.html", build)
        for i, existing in enumerate(PAGES):
            if existing.name == name:
                PAGES[i] = page
                break
        else:
            PAGES.append(page)
        return build
    return decorator


@dataclass
class _Output:
    filename: str
    template: str
    title: str
    context: dict
    nav: str | None = None


class Site:
    """What a page builder gets: the store, the language and its strings, shared data
    computed once (submissions, glossary), and :meth:`add_page` for extra files (one page
    per département, say) that are not in the navigation."""

    def __init__(self, store: Store, lang: str, title: str | None, notices: Iterable[str]):
        self.store = store
        self.lang = lang
        self.strings = interface_strings(lang)
        self._title = title
        self.notices = [str(n) for n in notices]
        self._extra: list[_Output] = []

    @cached_property
    def figures(self) -> Figures:
        return departement_figures(self.store, self.lang)

    @cached_property
    def glossary(self) -> Glossary:
        return glossary(self.store, self.lang)

    @property
    def title(self) -> str:
        return self._title or self.strings["titre_site"]

    @property
    def subtitle(self) -> str:
        regions = self.figures.regions
        if len(regions) == 1:
            return self.strings["sous_titre_region"].format(region=regions[0])
        return self.strings["sous_titre"]

    def page_href(self, name: str, anchor: str | None = None, root: str = "") -> str | None:
        """Relative link to a registered page (and an anchor in it), None if no such page."""
        page = next((p for p in PAGES if p.name == name), None)
        if page is None:
            return None
        return f"{root}{page.filename}" + (f"#{anchor}" if anchor else "")

    def glossary_href(self, iri: str | URIRef, root: str = "") -> str | None:
        """Link to a concept's entry in the glossary page, if it has one."""
        anchor = self.glossary.anchors.get(str(iri))
        return self.page_href("glossaire", anchor, root) if anchor else None

    def add_page(self, filename: str, template: str, title: str, **context: Any) -> None:
        """Write one more page (relative ``filename``, sub-folders allowed) with the site's
        layout; it is not listed in the navigation."""
        self._extra.append(_Output(_safe_filename(filename), template, title, context))


def _safe_filename(filename: str) -> str:
    path = PurePosixPath(filename)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise InputError(f"Nom de page invalide : « {filename} ».")
    return str(path)


@register_page("accueil", "index.html", "nav_accueil")
def home_page(site: Site) -> dict:
    """The network, the levels of support and the figures per département."""
    niveaux = [{"column": n, "href": site.glossary_href(n.iri)} for n in site.figures.niveaux]
    return {"page_title": site.strings["accueil_titre"], "figures": site.figures,
            "niveaux": niveaux, "glossary": site.glossary,
            "glossary_page": site.page_href("glossaire")}


@register_page("glossaire", "glossaire.html", "nav_glossaire")
def glossary_page(site: Site) -> dict:
    """The published référentiel: every concept scheme and concept with its definition."""
    return {"page_title": site.strings["glossaire_titre"], "glossary": site.glossary}


# -- rendering -------------------------------------------------------------------------------

def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    return env


def _number_filter(lang: str) -> Callable[[int], str]:
    def number(value: int) -> str:
        text = f"{int(value):,}"
        return text.replace(",", "\u202f") if lang == "fr" else text
    return number


def write_site(store: Store, directory: str | os.PathLike, *, lang: str = "fr",
               title: str | None = None, notices: Iterable[str] = ()) -> Path:
    """Write the static site of ``store`` into ``directory`` and return the path of its
    ``index.html``.

    Parameters
    ----------
    store : Store
        Holds the reference graphs (:func:`ppgraph.reference.load_reference_data`) and the
        submissions to publish.
    directory : path
        Created if missing. Files of earlier builds that are no longer produced are left.
    lang : "fr" or "en"
        Language of the interface, labels and definitions (English falls back to French
        where the data has no English text).
    title : str, optional
        Title of the site (default: the accompaniment of tourism project holders).
    notices : iterable of str
        Messages shown at the top of every page (as text).

    Returns
    -------
    Path
        ``directory/index.html``.

    Notes
    -----
    The output depends only on the store's content, the language and the arguments: no
    date or time is written, so two builds of the same store are byte-identical. Pages refer
    to no other host; they work offline.
    """
    site = Site(store, lang, title, notices)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    outputs = []
    for page in PAGES:
        context = page.build(site)
        if context is not None:
            outputs.append(_Output(page.filename, page.template,
                                   context.get("page_title", site.strings[page.title]),
                                   context, nav=page.filename))
    nav = [{"filename": page.filename, "title": site.strings[page.title]}
           for page in PAGES if any(o.nav == page.filename for o in outputs)]

    env = _environment()
    env.filters["nombre"] = _number_filter(lang)
    strings = site.strings

    def langattr(text: Any) -> Markup:
        """` lang="xx"` when a text is not in the page's language."""
        lang_of = getattr(text, "lang", None)
        return Markup(f' lang="{escape(lang_of)}"') if lang_of and lang_of != lang else Markup("")

    env.globals.update(t=strings, lang=lang, langattr=langattr, version=__version__)
    figures = site.figures
    for output in outputs + site._extra:
        depth = len(PurePosixPath(output.filename).parts) - 1
        root = "../" * depth
        variables = dict(output.context)
        variables.update(
            root=root, current=output.nav or output.filename, page_title=output.title,
            site_title=site.title, site_subtitle=site.subtitle, nav=nav, notices=site.notices,
            fictives=figures.fictive_rows,
            all_fictive=bool(figures.rows) and len(figures.fictive_rows) == len(figures.rows))
        html = env.get_template(output.template).render(variables)
        target = out / output.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8", newline="\n")
    shutil.copyfile(TEMPLATE_DIR / STYLESHEET, out / STYLESHEET)
    return out / "index.html"


from . import viz  # noqa: E402,F401  (registers its pages)
from . import validation  # noqa: E402,F401  (registers its pages)
from . import questions  # noqa: E402,F401  (registers its pages)

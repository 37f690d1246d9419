"""The figures per département of the home page: shared records by class and level of support.

The numbers are those of :func:`ppgraph.summary.departement_counts`, the one way ppgraph
counts per département (``ppgraph info`` shows the same); this module adds the columns of
the table (``site-colonnes.rq``), the levels of the référentiel and the totals.

>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> figures = departement_figures(store)
>>> [c.label for c in figures.classes][:2], [n.label for n in figures.niveaux]
(['Struc\xadtures', 'Offres de service'], ['Aucun accompagnement', 'Guichet unique', 'Suivi précis'])

(The column headings carry soft hyphens, so that the table fits a 1280 px screen.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal

from ..i18n import catalogue
from ..namespaces import PP
from ..resources import query_text
from ..store import GraphStore
from ..summary import departement_counts, support_levels
from ..text import french_sort_key
from .glossary import Text, local_name, text_of

__all__ = ["Column", "DepartementFigures", "Figures", "departement_figures"]


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


def departement_figures(store: GraphStore, lang: str = "fr") -> Figures:
    """Counts per submitted département: structures (by level of support), service offers,
    officers, project holders, projects, support engagements, referrals, providers,
    applications.

    Only shared submissions (named graphs ``graphe/soumission/...``) count. The columns are
    those of ``site-colonnes.rq`` and the levels those of the référentiel, in their rank
    order (:func:`ppgraph.summary.support_levels`).

    >>> from ppgraph.store import Store
    >>> departement_figures(Store()).rows
    []
    """
    headings = catalogue(lang).site.accueil.colonnes
    bind = {"lang": Literal(lang)}
    classes = []
    for r in store.select(query_text("site-colonnes"), bind):
        iri = str(r["classe"])
        key = _snake(local_name(iri))
        classes.append(Column(iri, headings[key] if key in headings
                              else _capitalize(str(r["libelle"]))))
    levels = support_levels(store, lang)
    niveaux = [Column(level.iri, level.label, text_of(level.definition), level.notation)
               for level in levels]
    keys = [c.iri for c in classes] + [n.iri for n in niveaux] + [""]
    rows = []
    regions = set()
    for d in departement_counts(store, lang, levels):
        counts = {k: d.classes.get(k, 0) for k in keys[:len(classes)]}
        counts.update({k: d.niveaux.get(k, 0) for k in keys[len(classes):]})
        rows.append(DepartementFigures(iri=d.iri, code=d.code, nom=d.nom, fictive=d.fictive,
                                       counts=counts))
        if d.region:
            regions.add(d.region)
    totals = {k: sum(row.counts[k] for row in rows) for k in keys}
    missing = [(str(r["code"]), str(r["nom"]))
               for r in store.select(query_text("site-departements-sans-soumission"), bind)]
    return Figures(classes=classes, niveaux=niveaux, rows=rows, totals=totals,
                   missing=missing, regions=sorted(regions, key=french_sort_key))


def _snake(name: str) -> str:
    """``OffreDeService`` → ``offre_de_service`` (the key of its heading in the catalogue)."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]

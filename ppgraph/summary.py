"""What a store holds: named graphs, triples, instances per class and per département, and its report.

The counts per département are made in one place, :func:`departement_counts` (the queries
``effectifs-par-departement.rq`` and ``niveaux-par-departement.rq``): ``ppgraph info`` and
the figures of the published site read the same numbers.

>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> print(summary_report(store_summary(store), "mémoire").splitlines()[0])
Magasin mémoire : 36\u202f156 triplets dans 3 graphes nommés
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef

from .i18n import catalogue, number
from .resources import query_text
from .store import GraphStore
from .text import text_table

__all__ = ["StoreSummary", "store_summary", "SupportLevel", "support_levels",
           "DepartementCounts", "departement_counts", "summary_report", "summary_json"]


@dataclass
class StoreSummary:
    """Plain figures about a store, as returned by :func:`store_summary`."""

    triples: int
    graphs: dict[str, int]
    classes: dict[str, tuple[str, int]]
    """class IRI → (label, number of instances)"""
    departements: dict[str, dict] = field(default_factory=dict)
    """INSEE code → {"nom": name, "classes": {class IRI: count}}"""
    niveaux: dict[str, dict[str, int]] = field(default_factory=dict)
    """INSEE code → {niveau concept IRI: number of structures}, in the référentiel's order"""
    labels: dict[str, str] = field(default_factory=dict)
    """IRI → label in the summary's language, for every class and niveau above"""


@dataclass(frozen=True)
class SupportLevel:
    """A level of support of the référentiel (list ``ref:niveau``)."""

    iri: str
    label: str
    """in the language asked for (French if there is none)"""
    rank: float | None
    notation: str | None
    definition: Literal | None


def support_levels(store: GraphStore, lang: str = "fr") -> list[SupportLevel]:
    """The levels of support of the store's référentiel, in rank order (``pp:rang``).

    >>> from ppgraph.store import Store
    >>> from ppgraph.reference import load_reference_data
    >>> store = Store(); _ = load_reference_data(store)
    >>> [level.label for level in support_levels(store, "en")]
    ['No support', 'Single entry point', 'Close follow-up']
    """
    return [SupportLevel(str(r["niveau"]), str(r["libelle"]),
                         float(r["rang"]) if "rang" in r else None,
                         str(r["notation"]) if "notation" in r else None, r.get("definition"))
            for r in store.select(query_text("niveaux-du-referentiel"), {"lang": Literal(lang)})]


@dataclass
class DepartementCounts:
    """What one département has shared (its submission graph ``graphe/soumission/<code>``)."""

    iri: str
    code: str
    nom: str
    """its name in the language asked for (French if there is none)"""
    region: str | None
    """name of its région, if the store knows it"""
    fictive: bool
    """its submission says its data is fictitious (demonstration)"""
    classes: dict[str, int] = field(default_factory=dict)
    """class IRI → number of instances"""
    niveaux: dict[str, int] = field(default_factory=dict)
    """niveau concept IRI → number of structures declaring it, in rank order; ``""`` →
    structures with no known level"""


def departement_counts(store: GraphStore, lang: str = "fr",
                       levels: list[SupportLevel] | None = None) -> list[DepartementCounts]:
    """The counts of every département that shared a submission, by INSEE code: instances of
    each class of the ontology and structures per declared level of support.

    Only shared submissions (named graphs ``graphe/soumission/...``) count: private
    follow-up graphs and the history of versions do not. ``levels`` (default:
    :func:`support_levels`) orders the counts per level.

    >>> from ppgraph.store import Store
    >>> departement_counts(Store())
    []
    """
    bind = {"lang": Literal(lang)}
    found: dict[str, DepartementCounts] = {}
    for r in store.select(query_text("departements-soumis"), bind):
        found[str(r["departement"])] = DepartementCounts(
            iri=str(r["departement"]), code=str(r["code"]), nom=str(r["nom"]),
            region=str(r["nomRegion"]) if "nomRegion" in r else None,
            fictive=int(r["fictives"]) > 0)
    for r in store.select(query_text("effectifs-par-departement")):
        if str(r["departement"]) in found:
            found[str(r["departement"])].classes[str(r["classe"])] = int(r["nombre"])
    order = {level.iri: i for i, level in
             enumerate(support_levels(store, lang) if levels is None else levels)}
    for r in store.select(query_text("niveaux-par-departement")):
        d = found.get(str(r["departement"]))
        if d is not None:
            key = str(r["niveau"]) if "niveau" in r else ""
            d.niveaux[key] = d.niveaux.get(key, 0) + int(r["nombre"])
    for d in found.values():
        d.niveaux = dict(sorted(d.niveaux.items(),
                                key=lambda kv: (kv[0] == "", order.get(kv[0], len(order)), kv[0])))
    return sorted(found.values(), key=lambda d: (len(d.code), d.code))


def store_summary(store: GraphStore, lang: str = "fr") -> StoreSummary:
    """Count what ``store`` holds.

    Example
    -------
    >>> from ppgraph.store import Store
    >>> s = store_summary(Store())
    >>> s.triples, s.graphs
    (0, {})
    """
    bind = {"lang": Literal(lang)}
    graphs = {str(g): n for g, n in sorted(store.graph_counts().items())}
    classes, labels = {}, {}
    for row in store.select(query_text("effectifs-par-classe"), bind):
        iri = str(row["classe"])
        labels[iri] = str(row.get("libelle", _local(iri)))
        classes[iri] = (labels[iri], int(row["nombre"]))
    deps: dict[str, dict] = {}
    niveaux: dict[str, dict[str, int]] = {}
    levels = support_levels(store, lang)
    labels.update((level.iri, level.label) for level in levels)
    for d in departement_counts(store, lang, levels):
        deps[d.code] = {"nom": d.nom, "classes": dict(sorted(d.classes.items()))}
        known = {n: count for n, count in d.niveaux.items() if n}
        if known:
            niveaux[d.code] = known
    return StoreSummary(triples=store.count(), graphs=graphs, classes=classes,
                        departements=dict(sorted(deps.items())),
                        niveaux=dict(sorted(niveaux.items())), labels=labels)


def summary_json(summary: StoreSummary) -> dict[str, Any]:
    """The summary as ``ppgraph info --format json`` writes it (keys are IRIs whatever the
    language; labels sit beside them).

    >>> summary_json(StoreSummary(0, {}, {}))["triplets"]
    0
    """
    return {
        "triplets": summary.triples, "graphes": summary.graphs,
        "classes": {iri: {"libelle": label, "nombre": n}
                    for iri, (label, n) in summary.classes.items()},
        "departements": summary.departements, "niveaux": summary.niveaux,
        "libelles": summary.labels,
    }


def summary_report(summary: StoreSummary, location: str, lang: str = "fr") -> str:
    """The summary as ``ppgraph info`` prints it: named graphs, instances per class and,
    when départements have shared data, a table per département.

    Parameters
    ----------
    summary : StoreSummary
        What :func:`store_summary` returned.
    location : str
        How to name the store (its folder, or the SPARQL server's URL).
    lang : "fr" or "en"
        Language of the report (class labels are those of ``summary``).
    """
    t = catalogue(lang)
    s = t.summary

    def n(value: int) -> str:
        return number(value, lang)

    out = [t("summary.magasin", lieu=location, triplets=t("commun.triplets", n=summary.triples),
             graphes=t("summary.graphes", n=len(summary.graphs))), ""]
    out.append(text_table([s.col_graphe, s.col_triplets],
                          [[g, n(c)] for g, c in summary.graphs.items()], right={1}))
    out.append("")
    out.append(text_table([s.col_classe, s.col_instances],
                          [[label, n(c)] for label, c in sorted(summary.classes.values())],
                          right={1}))
    if summary.departements:
        codes = list(summary.departements)
        deps = summary.departements.values()
        iris = sorted({c for d in deps for c in d["classes"]},
                      key=lambda iri: summary.labels.get(iri, iri))
        out.append("")
        out.append(s.par_departement)
        out.append(text_table(
            [s.col_classe] + codes + [s.col_total],
            [[summary.labels.get(iri, iri)]
             + [n(summary.departements[c]["classes"].get(iri, 0)) for c in codes]
             + [n(sum(d["classes"].get(iri, 0) for d in deps))] for iri in iris],
            right=set(range(1, len(codes) + 2))))
        out.append("")
        out.append("  ".join(f"{c} {d['nom']}" for c, d in summary.departements.items()))
    return "\n".join(out)


def _local(iri: str | URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]

"""What a store holds: named graphs, triples, instances per class and per département."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from .resources import query_text
from .store import Store


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


def store_summary(store: Store, lang: str = "fr") -> StoreSummary:
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
    for row in store.select(query_text("effectifs-par-departement"), bind):
        d = deps.setdefault(str(row["code"]), {"nom": str(row["departement"]), "classes": {}})
        d["classes"][str(row["classe"])] = int(row["nombre"])
    niveaux: dict[str, dict[str, int]] = {}
    for row in store.select(query_text("niveaux-par-departement"), bind):
        labels[str(row["n"])] = str(row["niveau"])
        niveaux.setdefault(str(row["code"]), {})[str(row["n"])] = int(row["nombre"])
    return StoreSummary(triples=store.count(), graphs=graphs, classes=classes,
                        departements=dict(sorted(deps.items())), niveaux=niveaux, labels=labels)


def _local(iri: str | URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]

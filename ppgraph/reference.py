"""The reference graphs every store holds: ontology, référentiel and territories.

They are loaded into their own named graphs (``graphe/ontologie``, ``graphe/referentiel``,
``graphe/territoires``) so that a submission never overwrites them and a query can join
a submission's records with the labels and definitions of what they reference.
"""

from __future__ import annotations

import functools

from rdflib import OWL, RDF, XSD, Graph, Literal, URIRef

from . import resources
from .errors import InputError
from .namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENTIEL, GRAPH_TERRITORIES, PP
from .store import GraphStore


def load_reference_data(store: GraphStore) -> dict[URIRef, int]:
    """Load (or refresh) the ontology, the référentiel and the territories into ``store``.

    Returns the number of triples of each reference graph.

    Example
    -------
    >>> from ppgraph.store import Store
    >>> counts = load_reference_data(Store())
    >>> counts[GRAPH_TERRITORIES] > 30000
    True
    """
    counts = {}
    for iri, files in ((GRAPH_ONTOLOGY, resources.ontology_files()),
                       (GRAPH_REFERENTIEL, resources.referentiel_files()),
                       (GRAPH_TERRITORIES, resources.territory_files())):
        # Files go straight from disk to Oxigraph: no rdflib parse of 31,000 territory triples.
        staging_first = True
        for f in files:
            if staging_first:
                store.replace_graph(iri, f)
                staging_first = False
            else:
                store.add_graph(iri, f)
        counts[iri] = store.count(iri)
    return counts


def personal_properties(ontology: Graph | None = None) -> frozenset[URIRef]:
    """Properties the ontology marks as personal data (``pp:donneePersonnelle true``).

    Every publisher and exporter leaves their values out unless asked otherwise.

    >>> PP.courriel in personal_properties()
    True
    >>> PP.courrielPublic in personal_properties()
    False
    """
    if ontology is None:
        return _personal_in_ontology()
    return frozenset(p for p in ontology.subjects(PP.donneePersonnelle, Literal(True))
                     if isinstance(p, URIRef))


@functools.lru_cache(maxsize=1)
def smallest_published_count() -> int:
    """The fewest people or businesses a published indicator of the follow-up may rest on
    (``pp:effectifMinimalPublie`` on the ontology itself: statistical secrecy).

    >>> smallest_published_count()
    5
    """
    import pyoxigraph as ox

    prop = ox.NamedNode(str(PP.effectifMinimalPublie))
    found = [t.object.value for t in resources.ontology_triples() if t.predicate == prop]
    if len(found) != 1 or not found[0].isdigit() or int(found[0]) < 1:
        raise InputError("followup.seuil_ontologie", trouve=", ".join(found) or "rien")
    return int(found[0])


@functools.lru_cache(maxsize=1)
def _personal_in_ontology() -> frozenset[URIRef]:
    """:func:`personal_properties` of the bundled ontology, read with Oxigraph's parser
    (every view and export asks it; building the ontology as an rdflib graph took longer
    than the rest of opening the store)."""
    import pyoxigraph as ox

    marked, boolean = ox.NamedNode(str(PP.donneePersonnelle)), ox.NamedNode(str(XSD.boolean))
    return frozenset(URIRef(t.subject.value) for t in resources.ontology_triples()
                     if t.predicate == marked and isinstance(t.subject, ox.NamedNode)
                     and isinstance(t.object, ox.Literal) and t.object.datatype == boolean
                     and Literal(t.object.value, datatype=XSD.boolean) == Literal(True))


def ontology_terms(ontology: Graph | None = None) -> frozenset[URIRef]:
    """Every class and property the ontology defines in the ``pp:`` namespace."""
    g = ontology if ontology is not None else resources.ontology_graph()
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return frozenset(s for k in kinds for s in g.subjects(RDF.type, k)
                     if isinstance(s, URIRef) and str(s).startswith(str(PP)))

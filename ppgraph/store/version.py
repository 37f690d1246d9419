"""The version of the model a store was built with, and the refusal to read another one.

The model (ontology, shapes, référentiel) says its version in one place: ``pp:versionModele``
on the ontology (``ontology/ppgraph.ttl``), which a store keeps in its graph of the ontology
(``graphe/ontologie``) from the day it was built. A store built with another version is not
read: its records would be misread (a holder's type on the person, an EPCI a subdivision of
two départements...). It has to be rebuilt (``ppgraph demo``) or its workbooks submitted again
into a new store.

>>> from ppgraph.store import Store
>>> check_model_version(Store())   # an empty store: nothing to misread
>>> model_version()
'0.5.0'
"""

from __future__ import annotations

import functools

import pyoxigraph as ox
from rdflib import URIRef

from ..errors import StoreError
from ..namespaces import GRAPH_ONTOLOGY, PP
from ..resources import ontology_triples
from .protocol import GraphStore

__all__ = ["model_version", "store_model_version", "check_model_version", "ONTOLOGY"]

ONTOLOGY = URIRef(str(PP).rstrip("#"))
"""The ontology's IRI, ``https://w3id.org/ppgraph/def``, which carries its version."""

_STORED = f"""PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?version ?info WHERE {{
  GRAPH <{GRAPH_ONTOLOGY}> {{
    OPTIONAL {{ <{ONTOLOGY}> <{PP.versionModele}> ?version }}
    OPTIONAL {{ <{ONTOLOGY}> owl:versionInfo ?info }}
  }}
}} LIMIT 1"""


@functools.lru_cache(maxsize=1)
def model_version() -> str:
    """The version of the model this ppgraph reads (``pp:versionModele`` of the ontology).

    Read with Oxigraph's parser, not by building the ontology as an rdflib graph: every
    command that opens a store asks it (3 ms instead of 150)."""
    subject, predicate = ox.NamedNode(str(ONTOLOGY)), ox.NamedNode(str(PP.versionModele))
    for t in ontology_triples():
        if t.subject == subject and t.predicate == predicate and isinstance(t.object, ox.Literal):
            return t.object.value
    return ""


def store_model_version(store: GraphStore) -> str | None:
    """The version of the model ``store`` was built with; None for a store that holds no
    ontology yet (a new store). A store built before ``pp:versionModele`` existed answers
    with its ``owl:versionInfo`` (0.1.0)."""
    if store.count(GRAPH_ONTOLOGY) == 0:
        return None
    rows = store.select(_STORED)
    row = rows[0] if rows else {}
    found = row.get("version") or row.get("info")
    return str(found) if found is not None else "?"


def check_model_version(store: GraphStore, location: str | None = None) -> None:
    """Refuse a store built with another version of the model.

    Raises
    ------
    StoreError
        ``store.modele_autre_version``: which version the store holds, which one this
        ppgraph reads, and what to do (rebuild it with ``ppgraph demo``, or submit the
        workbooks again into a new store).
    """
    found = store_model_version(store)
    expected = model_version()
    if found is not None and found != expected:
        raise StoreError("store.modele_autre_version", trouvee=found, attendue=expected,
                         chemin=location or getattr(store, "location", None) or "")

"""IRI patterns of ppgraph: ontology, référentiel, territories, instances and named graphs.

Every IRI ppgraph mints follows one of these patterns, documented in the README. An instance
IRI is derived from a real identifier where one exists (SIRET, SIREN, INSEE code), otherwise
from the submission's own identifier column, prefixed by the département code.

>>> str(territory_iri("departement", "2A"))
'https://w3id.org/ppgraph/territoire/departement/2A'
>>> str(instance_iri("structure", "33-OT-004"))
'https://w3id.org/ppgraph/id/structure/33-OT-004'
>>> str(submission_graph("33"))
'https://w3id.org/ppgraph/graphe/soumission/33'
"""

from __future__ import annotations

import re
from urllib.parse import quote

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/ppgraph/"

PP = Namespace(BASE + "def#")
"""The ontology (classes and properties)."""
ONTOLOGY = URIRef(BASE + "def")
REF = Namespace(BASE + "ref/")
"""The référentiel: ``REF["niveau/guichet-unique"]``, schemes ``REF["niveau"]``."""
LOCAL_REF = Namespace(BASE + "ref-local/")
"""Local concepts a territory adds to the référentiel: ``LOCAL_REF["33/service/permanence"]``."""
TERRITOIRE = Namespace(BASE + "territoire/")
ID = Namespace(BASE + "id/")
GRAPHE = Namespace(BASE + "graphe/")

# Named graphs of the store.
GRAPH_ONTOLOGY = GRAPHE["ontologie"]
GRAPH_REFERENTIEL = GRAPHE["referentiel"]
GRAPH_TERRITORIES = GRAPHE["territoires"]

PREFIXES = {
    "pp": str(PP),
    "ref": str(REF),
    "refloc": str(LOCAL_REF),
    "territoire": str(TERRITOIRE),
    "id": str(ID),
    "graphe": str(GRAPHE),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "http://schema.org/",
}

TERRITORY_KINDS = ("region", "departement", "epci", "commune")
_KEY = re.compile(r"[^A-Za-z0-9._~-]+")


def _key(value: str) -> str:
    """A stable IRI path segment from an identifier: spaces and odd characters become '-'."""
    key = _KEY.sub("-", str(value).strip()).strip("-")
    if not key:
        raise ValueError(f"identifiant vide ou invalide : {value!r}")
    return quote(key, safe="._~-")


def territory_iri(kind: str, code: str) -> URIRef:
    """IRI of a territory from its INSEE code (SIREN for an EPCI)."""
    if kind not in TERRITORY_KINDS:
        raise ValueError(f"type de territoire inconnu : {kind!r}")
    return TERRITOIRE[f"{kind}/{_key(code)}"]


def departement_iri(code: str) -> URIRef:
    """IRI of a département from its INSEE code ('33', '2A', '971')."""
    return territory_iri("departement", code)


def concept_iri(scheme: str, notation: str) -> URIRef:
    """IRI of a référentiel concept from its scheme and notation."""
    return REF[f"{scheme}/{notation}"]


def instance_iri(kind: str, key: str) -> URIRef:
    """IRI of an instance (structure, projet...) from its identifier (SIRET or local id)."""
    return ID[f"{kind}/{_key(key)}"]


def structure_iri(siret: str | None = None, local_id: str | None = None) -> URIRef:
    """IRI of a structure: from its SIRET when known, else from its local identifier."""
    if siret:
        digits = re.sub(r"\s+", "", siret)
        return instance_iri("structure", digits)
    if local_id:
        return instance_iri("structure", local_id)
    raise ValueError("une structure a besoin d'un SIRET ou d'un identifiant")


def submission_graph(departement: str) -> URIRef:
    """Named graph holding a département's current submission."""
    return GRAPHE[f"soumission/{_key(departement)}"]


def local_graph(departement: str) -> URIRef:
    """Named graph holding what a département adds to the shared référentiel and guide (its
    local concepts and guide blocks).

    >>> str(local_graph("33"))
    'https://w3id.org/ppgraph/graphe/local/33'
    """
    return GRAPHE[f"local/{_key(departement)}"]


def local_concept_iri(departement: str, scheme: str, notation: str) -> URIRef:
    """IRI of a concept a département adds to a list of the référentiel.

    >>> str(local_concept_iri("33", "service", "permanence-creation"))
    'https://w3id.org/ppgraph/ref-local/33/service/permanence-creation'
    """
    return LOCAL_REF[f"{_key(departement)}/{scheme}/{notation}"]


def private_graph(structure_key: str) -> URIRef:
    """Named graph holding a structure's private follow-up data."""
    return GRAPHE[f"prive/{_key(structure_key)}"]

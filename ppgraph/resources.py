"""Where ppgraph's own files are: the ontology, the référentiel, territories, demo data, queries.

In an installed wheel, ``ontology/`` and ``data/`` are shipped inside the package as
``ppgraph/_resources/``; in a checkout they are read from the repository's top level.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from rdflib import Graph

_PACKAGE_DIR = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=None)
def resource_dir(name: str) -> Path:
    """Directory of a top-level resource folder: ``"ontology"`` or ``"data"``."""
    packaged = resources.files("ppgraph") / "_resources" / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"ressource introuvable : {name} (installation incomplète de ppgraph ?)")


def ontology_files() -> list[Path]:
    """The ontology and its alignments (not the SHACL shapes)."""
    d = resource_dir("ontology")
    return [d / "ppgraph.ttl", d / "alignements.ttl"]


def referentiel_files() -> list[Path]:
    """One Turtle file per SKOS concept scheme."""
    return sorted((resource_dir("data") / "referentiel").glob("*.ttl"))


def territory_files() -> list[Path]:
    """France's regions and départements, and the communes and EPCI of Nouvelle-Aquitaine."""
    return sorted((resource_dir("data") / "territoires").glob("*.ttl"))


def demo_dir() -> Path:
    """The bundled demo submissions."""
    return resource_dir("data") / "demo"


def query_text(name: str) -> str:
    """Text of a SPARQL file shipped in ``ppgraph/queries`` (name without ``.rq``)."""
    return (_PACKAGE_DIR / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def _parse(files: list[Path]) -> Graph:
    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    return g


@functools.lru_cache(maxsize=None)
def _cached(kind: str) -> Graph:
    files = {"ontology": ontology_files, "referentiel": referentiel_files,
             "territories": territory_files}[kind]()
    return _parse(files)


def ontology_graph() -> Graph:
    """A fresh copy of the ontology with its alignments (rdflib Graph)."""
    return _copy(_cached("ontology"))


def referentiel_graph() -> Graph:
    """A fresh copy of the whole référentiel (rdflib Graph)."""
    return _copy(_cached("referentiel"))


def territories_graph() -> Graph:
    """A fresh copy of the territories (rdflib Graph, about 31,000 triples)."""
    return _copy(_cached("territories"))


def _copy(g: Graph) -> Graph:
    # Callers may add to what they get; the cache must not change under them.
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns, override=True)
    for t in g:
        out.add(t)
    return out

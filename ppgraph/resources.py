"""ppgraph's own files, and the one loader of its Turtle resources.

The ontology, its alignments and the SHACL shapes (``ontology/``), the référentiel and the
territories (``data/``), the demo, the SPARQL queries (``ppgraph/queries``) and the page
templates (``ppgraph/templates``). In an installed wheel, ``ontology/`` and ``data/`` are
shipped inside the package as ``ppgraph/_resources/``; in a checkout they are read from the
repository's top level.

Each Turtle resource is parsed once per process and shared: :func:`graph` returns a
**read-only** rdflib Graph (adding to it raises ``TypeError``), so that nobody pays for a
copy and nobody can change what the others read. :func:`triples` reads files with Oxigraph's
parser (thirty times faster than rdflib on the 31,000 territory triples), for indexes that
need plain strings.

>>> len(graph("referentiel")) > 1000
True
>>> graph("ontology").add((None, None, None))
Traceback (most recent call last):
...
TypeError: les ressources de ppgraph se lisent sans se modifier : copiez le graphe d'abord
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from importlib import resources as _importlib_resources
from pathlib import Path
from typing import Literal as _Literal

from rdflib import Graph

__all__ = ["resource_dir", "ontology_files", "referentiel_files", "territory_files",
           "shapes_file", "demo_dir", "query_text", "template_dir", "graph", "triples",
           "ontology_graph", "referentiel_graph", "territories_graph", "shapes_graph"]

_PACKAGE_DIR = Path(__file__).resolve().parent

Kind = _Literal["ontology", "referentiel", "territories", "shapes"]


@functools.lru_cache(maxsize=None)
def resource_dir(name: str) -> Path:
    """Directory of a top-level resource folder: ``"ontology"`` or ``"data"``."""
    packaged = _importlib_resources.files("ppgraph") / "_resources" / name
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


def shapes_file() -> Path:
    """The SHACL shapes (``ontology/shapes.ttl``)."""
    return resource_dir("ontology") / "shapes.ttl"


def referentiel_files() -> list[Path]:
    """One Turtle file per SKOS concept scheme."""
    return sorted((resource_dir("data") / "referentiel").glob("*.ttl"))


def territory_files() -> list[Path]:
    """France's regions and départements, and the communes and EPCI of Nouvelle-Aquitaine."""
    return sorted((resource_dir("data") / "territoires").glob("*.ttl"))


def demo_dir() -> Path:
    """The bundled demo submissions."""
    return resource_dir("data") / "demo"


def template_dir() -> Path:
    """The Jinja templates, stylesheets and scripts of every page ppgraph writes."""
    return _PACKAGE_DIR / "templates"


@functools.lru_cache(maxsize=None)
def query_text(name: str) -> str:
    """Text of a SPARQL file shipped in ``ppgraph/queries`` (name without ``.rq``)."""
    return (_PACKAGE_DIR / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def _files(kind: Kind) -> list[Path]:
    if kind == "shapes":
        return [shapes_file()]
    return {"ontology": ontology_files, "referentiel": referentiel_files,
            "territories": territory_files}[kind]()


class _ReadOnlyGraph(Graph):
    """A parsed resource: readable by everyone, changed by no one. (Set operations such as
    ``g + other`` give an ordinary, writable Graph.)"""

    def __init__(self, *args: object, **kwargs: object) -> None:
        # Never built directly: a parsed Graph becomes one. Raising here also makes rdflib's
        # ``g + other`` and ``g * other`` fall back to a plain Graph.
        raise TypeError("_ReadOnlyGraph")

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError("les ressources de ppgraph se lisent sans se modifier : copiez le "
                        "graphe d'abord")

    add = addN = remove = set = parse = __iadd__ = __isub__ = _refuse  # type: ignore[assignment]


@functools.lru_cache(maxsize=None)
def graph(kind: Kind) -> Graph:
    """The resource ``kind`` (``ontology`` with its alignments, ``referentiel``,
    ``territories`` or ``shapes``) as a read-only rdflib Graph, parsed once per process."""
    g = Graph()
    for f in _files(kind):
        g.parse(f, format="turtle")
    g.__class__ = _ReadOnlyGraph
    return g


def ontology_graph() -> Graph:
    """The ontology with its alignments (shared, read-only)."""
    return graph("ontology")


def referentiel_graph() -> Graph:
    """The whole référentiel (shared, read-only)."""
    return graph("referentiel")


def territories_graph() -> Graph:
    """The territories (shared, read-only; about 31,000 triples)."""
    return graph("territories")


def shapes_graph() -> Graph:
    """The SHACL shapes (shared, read-only)."""
    return graph("shapes")


@functools.lru_cache(maxsize=1)
def ontology_triples() -> tuple:
    """The ontology's triples (with its alignments) as Oxigraph terms, read once per process
    by Oxigraph's parser: what a command asks of the ontology on opening a store (the model's
    version, the personal properties) without building it as an rdflib graph."""
    import pyoxigraph as ox

    return tuple(t for path in ontology_files()
                 for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def triples(files: Iterable[Path]) -> Iterator[tuple[str, str, str, bool]]:
    """(subject, predicate, object, object is a literal) of Turtle files, as strings, read by
    Oxigraph's parser (for indexes built from large files)."""
    import pyoxigraph as ox

    for path in files:
        with open(path, "rb") as fh:
            for t in ox.parse(fh, format=ox.RdfFormat.TURTLE):
                o = t.object
                yield t.subject.value, t.predicate.value, o.value, isinstance(o, ox.Literal)

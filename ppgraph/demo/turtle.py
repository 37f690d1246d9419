"""A deterministic Turtle writer: the same graph always gives the same bytes.

rdflib's serializer orders subjects and prefixes as it likes; the committed demo files must
not change when nothing changed, so the demo writes its own Turtle: a comment header, the
prefixes, then one block per subject — subjects grouped by class (in a given order), then by
IRI; ``rdf:type``, ``rdfs:label``, ``dcterms:title``, ``rdfs:comment`` first, the other
predicates and all objects sorted. Besides the base prefixes, one prefix is declared per kind
of IRI used (``structure:``, ``commune:``, ``niveau:``...) so that the file reads well.

>>> from rdflib import Graph, Literal
>>> g = Graph()
>>> s = ID["structure/33-ADT"]
>>> _ = g.add((s, RDFS.label, Literal("ADT fictive", lang="fr")))
>>> print(to_turtle(g, ["Exemple"]))
# Exemple
<BLANKLINE>
@prefix pp: <https://w3id.org/ppgraph/def#> .
@prefix ref: <https://w3id.org/ppgraph/ref/> .
@prefix territoire: <https://w3id.org/ppgraph/territoire/> .
@prefix id: <https://w3id.org/ppgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix structure: <https://w3id.org/ppgraph/id/structure/> .
<BLANKLINE>
structure:33-ADT rdfs:label "ADT fictive"@fr .
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from ..errors import InputError
from ..namespaces import ID, PP, REF, TERRITOIRE

__all__ = ["BASE_PREFIXES", "to_turtle"]

BASE_PREFIXES = {
    "pp": str(PP), "ref": str(REF), "territoire": str(TERRITOIRE), "id": str(ID),
    "rdfs": str(RDFS), "xsd": str(XSD), "dcterms": str(DCTERMS),
}
"""Prefixes every demo file declares (and the generated graphs bind)."""

_FIRST_PREDICATES = [str(RDF.type), str(RDFS.label), str(DCTERMS.title), str(RDFS.comment)]
_PN_PREFIX = re.compile(r"^[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_PN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_INLINE = {str(XSD.integer), str(XSD.boolean)}
_INLINE_FORM = re.compile(r"-?[0-9]+|true|false")


def _kind_prefixes(iris: Iterable[str]) -> dict[str, str]:
    """One prefix per second-level namespace used: ``structure:``, ``commune:``, ``niveau:``..."""
    out: dict[str, str] = {}
    for base in (str(TERRITOIRE), str(REF), str(ID)):
        kinds = sorted({i[len(base):].split("/", 1)[0] for i in iris
                        if i.startswith(base) and "/" in i[len(base):]})
        for k in kinds:
            if _PN_PREFIX.match(k) and k not in BASE_PREFIXES and k not in out:
                out[k] = f"{base}{k}/"
    return out


def to_turtle(g: Graph, header: Sequence[str] = (), class_order: Sequence[str] = ()) -> str:
    """The graph as Turtle text, always the same for the same triples.

    Parameters
    ----------
    g : rdflib.Graph
        The graph (no blank nodes).
    header : sequence of str
        Lines of the comment that opens the file (``# `` is added).
    class_order : sequence of str
        Local names of ``pp:`` classes: the subjects of the first come first, and so on;
        subjects of other classes, then untyped ones, come last.

    Raises
    ------
    InputError
        If the graph holds a blank node.
    """
    iris = {str(t) for triple in g for t in triple if isinstance(t, URIRef)}
    prefixes = {**BASE_PREFIXES, **_kind_prefixes(iris)}
    # Longest namespace first so that ``structure:`` wins over ``id:``.
    by_length = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    def iri(u: str) -> str:
        if u == str(RDF.type):
            return "a"
        for p, ns in by_length:
            if u.startswith(ns) and _PN_LOCAL.match(u[len(ns):]):
                return f"{p}:{u[len(ns):]}"
        return f"<{u}>"

    def term(t) -> str:
        if isinstance(t, URIRef):
            return iri(str(t))
        if isinstance(t, Literal):
            lex = str(t)
            if t.datatype is not None and str(t.datatype) in _INLINE and _INLINE_FORM.fullmatch(lex):
                return lex
            q = '"' + (lex.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                       .replace("\r", "\\r").replace("\t", "\\t")) + '"'
            if t.language:
                return f"{q}@{t.language}"
            if t.datatype is not None and str(t.datatype) != str(XSD.string):
                return f"{q}^^{iri(str(t.datatype))}"
            return q
        raise InputError("demo.turtle_noeud_anonyme", noeud=repr(t))

    class_rank = {str(PP[c]): i for i, c in enumerate(class_order)}
    subjects: dict = {}
    for s, p, o in g:
        subjects.setdefault(s, {}).setdefault(p, []).append(o)

    def subject_key(s):
        types = [class_rank.get(str(o), len(class_rank)) for o in subjects[s].get(RDF.type, [])]
        return (min(types) if types else len(class_rank) + 1, str(s))

    def pred_key(p):
        ps = str(p)
        return (_FIRST_PREDICATES.index(ps) if ps in _FIRST_PREDICATES else len(_FIRST_PREDICATES), ps)

    lines = [f"# {h}".rstrip() for h in header]
    lines.append("")
    for p, ns in prefixes.items():
        lines.append(f"@prefix {p}: <{ns}> .")
    lines.append("")
    for s in sorted(subjects, key=subject_key):
        parts = []
        for p in sorted(subjects[s], key=pred_key):
            objs = sorted({term(o) for o in subjects[s][p]})
            parts.append(f"{iri(str(p))} {', '.join(objs)}")
        lines.append(f"{term(s)} " + " ;\n    ".join(parts) + " .")
        lines.append("")
    return "\n".join(lines)

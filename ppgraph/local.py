"""What a territory adds to the common référentiel and guide: local concepts and guide blocks, checked, then kept in the territory's own named graph.

A département describes, in a Turtle file, the concepts it adds to the lists of the
référentiel (a service of its own, a word used there) and the blocks of its guide du porteur
de projet (:mod:`ppgraph.guide`) that replace a common block or follow one. The file is
checked (:func:`check_local`) against the rules of ``ontology/shapes.ttl`` — those pySHACL
checks (forme:ConceptLocal..., forme:BlocDuGuide) and those this module checks because they
compare the file with the common référentiel (forme:LocalNeRedefinitPas,
forme:LocalEspaceDeNoms, forme:BlocConnu...): a local concept hangs from a common concept of
its list by ``skos:broader``, its IRI is ``ref-local/<code>/<list>/<code>``, and the file
says nothing about a common concept or list. Then :func:`submit_local` replaces the
territory's graph (``graphe/local/<code>``) in one transaction.

The questions, the guides and the glossary use the local graph of the territory they are about,
and only that one.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''
... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
... @prefix pp: <https://w3id.org/ppgraph/def#> .
... <https://w3id.org/ppgraph/ref-local/33/service/permanence> a skos:Concept , pp:ConceptLocal ;
...     skos:inScheme <https://w3id.org/ppgraph/ref/service> ; skos:notation "permanence" ;
...     skos:prefLabel "Permanence création"@fr , "Start-up desk"@en ;
...     skos:definition "Une demi-journée par mois à la maison des entreprises."@fr .
... ''', format="turtle")
>>> report = check_local(g, "33")
>>> report.conforms, [f.rule.render("fr") for f in report.findings]
(False, ['Rattaché à un concept commun'])
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from .errors import InputError
from .guide.blocks import block_ids, ordered_etapes
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, Message, message, plural
from .namespaces import LOCAL_REF, PP, REF, departement_iri, local_concept_iri, local_graph
from .resolver import departement_code, gazetteer, vocabulary
from .resources import graph as resource_graph
from .resources import query_text
from .store import GraphStore
from .text import text_table
from .validation.reading import rdf_format, read_submission

__all__ = ["LocalFinding", "LocalReport", "LocalSubmitted", "check_local", "read_local",
           "submit_local", "local_departements", "local_summary", "LOCAL_GRAPH_PREFIX"]

SH = "http://www.w3.org/ns/shacl#"
FORME = "https://w3id.org/ppgraph/formes#"
LOCAL_GRAPH_PREFIX = str(local_graph("x"))[:-1]
"""What every local graph's IRI starts with (``.../graphe/local/``)."""

# The properties a local file may say nothing about on a common concept or list, even through
# a local concept: it would redefine or detach them.
_REHANG = (SKOS.narrower, SKOS.hasTopConcept, SKOS.topConceptOf)


@dataclass(frozen=True)
class _Named:
    """A text of ``ontology/shapes.ttl`` in every language it has."""

    texts: dict

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.texts.get(lang) or self.texts.get("fr") or ""


@functools.lru_cache(maxsize=None)
def _shape_text(shape: str) -> tuple[_Named, _Named]:
    g = resource_graph("shapes")
    node = URIRef(FORME + shape)

    def named(prop: str) -> _Named:
        return _Named({o.language: str(o) for o in g.objects(node, URIRef(SH + prop))
                       if isinstance(o, Literal) and o.language in LANGUAGES})

    return named("name"), named("message")


@dataclass(frozen=True)
class LocalFinding:
    """What is wrong with one concept or block of a territory's file."""

    severity: str
    """``violation`` (the file is refused) or ``avertissement`` (said, not refused)"""
    rule: _Named
    message: _Named
    subject: str
    label: str | None = None
    value: str | None = None


@dataclass
class LocalReport:
    """The result of :func:`check_local`."""

    departement: str
    source: str
    findings: list[LocalFinding] = field(default_factory=list)
    concepts: int = 0
    blocks: int = 0

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "violation" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The report as a person reads it, in ``lang``."""
        lines = [message("local.rapport.titre", lang, fichier=self.source,
                         departement=_departement_name(self.departement),
                         code=self.departement),
                 message("local.rapport.contenu", lang,
                         concepts=Message("local.concepts", n=self.concepts),
                         blocs=Message("local.blocs", n=self.blocks))]
        if self.conforms:
            lines.append(message("local.rapport.conforme", lang,
                                 avertissements=Message("local.avertissements",
                                                        n=self.count("avertissement"))))
        else:
            lines.append(message("local.rapport.non_conforme", lang,
                                 erreurs=Message("local.erreurs", n=self.count("violation")),
                                 avertissements=Message("local.avertissements",
                                                        n=self.count("avertissement"))))
        for f in self.findings:
            what = f.subject.rsplit("/", 1)[-1] if f.label is None else f"{f.label}"
            lines.append("")
            lines.append(message(f"local.rapport.{f.severity}", lang, regle=f.rule.render(lang),
                                 sujet=what, iri=f.subject))
            lines.append("    " + f.message.render(lang))
            if f.value:
                lines.append("    " + message("local.rapport.valeur", lang, valeur=f.value))
        return "\n".join(lines) + "\n"


@dataclass
class LocalSubmitted:
    """What :func:`submit_local` did."""

    report: LocalReport
    graph: URIRef
    triples: int
    previous: int
    """triples of the graph it replaced (0: the territory had none)"""

    def describe(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """What a person reads once it is done."""
        r = self.report
        text = message("local.verse", lang, graphe=str(self.graph),
                       triplets=Message("commun.triplets", n=self.triples),
                       concepts=Message("local.concepts", n=r.concepts),
                       blocs=Message("local.blocs", n=r.blocks))
        if self.previous:
            text += "\n" + plural("local.remplace", self.previous, lang)
        return text


def _departement_name(code: str) -> str:
    place = gazetteer().place(departement_iri(code))
    return place.label if place is not None else code


def read_local(source: str | os.PathLike) -> Graph:
    """The graph of a territory's file (Turtle, N-Triples, RDF/XML or JSON-LD).

    Raises
    ------
    InputError
        If the file is not an RDF file or cannot be read (the message names it).
    """
    p = Path(source)
    if p.is_dir() or rdf_format(p) is None:
        raise InputError("local.format", fichier=p.name)
    return read_submission(p).graph


def _is_common(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(REF))


def _label(g: Graph, node) -> str | None:
    for o in g.objects(node, SKOS.prefLabel):
        if isinstance(o, Literal) and o.language == "fr":
            return str(o)
    v = g.value(node, RDFS.label)
    return str(v) if v is not None else None


def _finding(shape: str, subject, severity: str = "violation", g: Graph | None = None,
             value: str | None = None) -> LocalFinding:
    rule, text = _shape_text(shape)
    return LocalFinding(severity, rule, text, str(subject),
                        _label(g, subject) if g is not None else None, value)


def _value_text(term) -> str:
    if isinstance(term, Literal):
        return str(term)
    if _is_common(term):
        voc = vocabulary()
        name = voc.scheme_label(term) if (term, RDF.type, SKOS.ConceptScheme) in \
            resource_graph("referentiel") else voc.label(term)
        return f"{name} <{term}>"
    place = gazetteer().place(term) if isinstance(term, URIRef) else None
    return place.display if place is not None else str(term)


def check_local(graph: Graph, departement: str, *, source: str = "") -> LocalReport:
    """Check what a territory adds to the common référentiel and guide.

    Parameters
    ----------
    graph : rdflib.Graph
        The territory's local concepts (``a skos:Concept, pp:ConceptLocal``) and guide blocks
        (``a pp:BlocDuGuide``).
    departement : str
        The département it is for (INSEE code or name).
    source : str
        The file's name, for the report.

    Returns
    -------
    LocalReport
        ``conforms`` is False when a rule is broken; the findings name the concept or block.

    Raises
    ------
    InputError
        If ``departement`` is not a known département.
    """
    import pyshacl

    code = departement_code(departement)
    common = resource_graph("referentiel")
    report = LocalReport(code, source)
    prefix = str(local_concept_iri(code, "x", "y"))[:-len("x/y")]
    concepts = {s for s in graph.subjects(RDF.type, SKOS.Concept)} | \
        {s for s in graph.subjects(RDF.type, PP.ConceptLocal)}
    blocks = set(graph.subjects(RDF.type, PP.BlocDuGuide))
    report.concepts = len({c for c in concepts if not _is_common(c)})
    report.blocks = len(blocks)
    if not report.concepts and not blocks:
        report.findings.append(_finding("LocalNonVide", local_graph(code)))
        return report

    # What the file says of common concepts and lists: nothing, or it would redefine them.
    touched: dict[URIRef, None] = {}
    for s, p, o in sorted(graph):
        if _is_common(s) and (s, p, o) not in common:
            touched.setdefault(s)
        if p in _REHANG and _is_common(o):
            touched.setdefault(o)
    for term in touched:
        report.findings.append(_finding("LocalNeRedefinitPas", term, value=_value_text(term)))

    # Every concept of the file is a local concept of this territory, at its address.
    for c in sorted(concepts):
        if _is_common(c):
            continue
        scheme = graph.value(c, SKOS.inScheme)
        notation = graph.value(c, SKOS.notation)
        expected = local_concept_iri(code, str(scheme).rsplit("/", 1)[-1], str(notation)) \
            if scheme is not None and notation is not None else None
        territory = set(graph.objects(c, PP.territoire))
        if (not str(c).startswith(prefix) or (expected is not None and c != expected)
                or (c, RDF.type, PP.ConceptLocal) not in graph
                or (c, RDF.type, SKOS.Concept) not in graph
                or territory - {departement_iri(code)}):
            report.findings.append(_finding("LocalEspaceDeNoms", c, g=graph, value=str(c)))

    # Blocks name blocks that exist, and an inter-municipality of this département.
    known = set(block_ids([n for _, n, _ in ordered_etapes()] + _local_etapes(graph)))
    for b in sorted(blocks):
        for p in (PP.remplaceBloc, PP.apresBloc):
            for target in graph.objects(b, p):
                if str(target) not in known:
                    report.findings.append(_finding("BlocConnu", b, g=graph,
                                                    value=str(target)))
        for t in graph.objects(b, PP.territoire):
            place = gazetteer().place(t)
            if place is None or place.kind != "epci" or code not in place.departements:
                report.findings.append(_finding("BlocDuGuide-territoire", b, g=graph,
                                                value=_value_text(t)))

    # The rules pySHACL checks, on the file with the common référentiel and the ontology.
    data = Graph()
    data += graph
    data += common
    data += resource_graph("ontology")
    for t in set(graph.objects()):
        if not isinstance(t, URIRef):
            continue
        for cls in gazetteer().types(t):
            data.add((t, RDF.type, cls))
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=_shapes(), inference="none", advanced=False, allow_warnings=True,
        meta_shacl=False, js=False, do_owl_imports=False)
    own = set(concepts) | blocks
    seen = set()
    for r in sorted(results.subjects(RDF.type, URIRef(SH + "ValidationResult"))):
        focus = results.value(r, URIRef(SH + "focusNode"))
        if focus not in own or _is_common(focus):
            continue
        shape = results.value(r, URIRef(SH + "sourceShape"))
        if not (isinstance(shape, URIRef) and str(shape).startswith(FORME)):
            continue
        severity = "avertissement" if results.value(r, URIRef(SH + "resultSeverity")) == \
            URIRef(SH + "Warning") else "violation"
        value = results.value(r, URIRef(SH + "value"))
        key = (str(shape), str(focus), str(value))
        if key in seen:
            continue
        seen.add(key)
        report.findings.append(_finding(
            str(shape)[len(FORME):], focus, severity, g=graph,
            value=_value_text(value) if value is not None and value != focus else None))
    report.findings.sort(key=lambda f: (f.severity != "violation", f.subject, f.rule.render()))
    return report


def _local_etapes(graph: Graph) -> list[str]:
    return sorted(str(graph.value(c, SKOS.notation)) for c in
                  graph.subjects(SKOS.inScheme, REF["etape"])
                  if not _is_common(c) and graph.value(c, SKOS.notation) is not None)


@functools.lru_cache(maxsize=1)
def _shapes() -> Graph:
    """The shapes of local concepts and guide blocks, as pySHACL is given them (a copy: it
    adds its own triples)."""
    g = Graph()
    g += resource_graph("shapes")
    return g


def submit_local(store: GraphStore, source: str | os.PathLike | Graph, departement: str) \
        -> LocalSubmitted:
    """Check a territory's file, then make it the territory's local graph, in one
    transaction (the previous one is replaced).

    Parameters
    ----------
    store : GraphStore
    source : path or rdflib.Graph
        The territory's file (see :func:`read_local`) or its graph.
    departement : str
        The département (INSEE code or name).

    Returns
    -------
    LocalSubmitted

    Raises
    ------
    NonConformError
        If the file breaks a rule: nothing is written (``err.report`` is the
        :class:`LocalReport`).
    InputError
        If the file cannot be read or the département is unknown.
    """
    from .errors import NonConformError

    code = departement_code(departement)
    graph = source if isinstance(source, Graph) else read_local(source)
    name = "" if isinstance(source, Graph) else Path(source).name
    report = check_local(graph, code, source=name)
    if not report.conforms:
        err = NonConformError("local.refuse", fichier=name or code,
                              erreurs=Message("local.erreurs", n=report.count("violation")))
        err.report = report
        raise err
    out = Graph()
    out += graph
    for c in set(graph.subjects(RDF.type, PP.ConceptLocal)):
        out.add((c, PP.territoire, departement_iri(code)))
    target = local_graph(code)
    previous = store.count(target) if target in set(store.graphs()) else 0
    store.replace_graph(target, out)
    return LocalSubmitted(report, target, store.count(target), previous)


def local_departements(store: GraphStore) -> list[str]:
    """Codes of the départements that have a local graph in ``store``, sorted."""
    out = [str(g)[len(LOCAL_GRAPH_PREFIX):] for g in store.graphs()
           if str(g).startswith(LOCAL_GRAPH_PREFIX)]
    return sorted(out, key=lambda c: (len(c), c))


def local_summary(store: GraphStore, lang: str = DEFAULT_LANGUAGE) -> str:
    """The local concepts and guide blocks of every territory, as a table."""
    rows = []
    for r in store.select(query_text("local-contenu"), {"lang": Literal(lang)}):
        rows.append([str(r["code"]), str(r["sorte"]), str(r.get("liste", "") or ""),
                     str(r.get("libelle", "") or ""), str(r.get("rattache", "") or "")])
    if not rows:
        return message("local.aucun", lang) + "\n"
    headers = [message(f"local.colonnes.{k}", lang)
               for k in ("departement", "sorte", "liste", "libelle", "rattache")]
    for row in rows:
        row[1] = message(f"local.sortes.{row[1]}", lang)
    return text_table(headers, rows, width=48) + "\n"

"""Checking a submission against the SHACL shapes, in memory, and explaining each result.

:func:`validate` checks the submission with pySHACL against ``ontology/shapes.ttl``, with only
what its rules need from outside (:func:`validation_graph`):

- the ontology (class hierarchy, the terms a submission may use) and the référentiel;
- the rdf:type of the territories it references (from ``data/territoires``);
- when a store is given, the rdf:type of every other node it references (structures of other
  départements, the working group...), fetched with ONE ``CONSTRUCT`` — so that the cost of a
  validation does not grow with the size of the store, and pySHACL never touches an
  Oxigraph-backed graph (60 times slower).

Each SHACL result becomes a :class:`~ppgraph.validation.report.Finding` said for the person
who filled the sheet: the cell, the value, what is wrong with it and the closest valid value.

>>> from ppgraph.spreadsheet import write_template
>>> import tempfile, pathlib
>>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "modele.xlsx", departement="33")
>>> report = validate(path)
>>> report.conforms                      # an empty template has no record
False
>>> [f.rule for f in report.findings if f.severity == "violation"]
['Soumission non vide']
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import unquote

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.paths import Path as RDFPath

from ..i18n import LANGUAGES, Message
from ..namespaces import (ID, PP, REF, TERRITOIRE, local_graph, private_graph, submission_graph,
                          territory_iri)
from ..reference import ontology_terms, personal_properties
from ..resolver import code_kind, departement_code, gazetteer, territory_kinds, vocabulary
from ..resources import graph as resource_graph, query_text
from ..spreadsheet.archive import Limits
from ..spreadsheet.origins import RECORD_NODE, SPREADSHEET_KINDS, ImportIssue, ImportResult, \
    RecordRef
from ..spreadsheet.schema import FORME, SH, Column, Schema, load_schema, local_name
from ..spreadsheet.wording import Named, joined, quoted
from ..store import GraphStore
from ..territories import territories
from ..text import suggest
from .reading import read_submission, record_title
from .report import SEVERITIES, Finding, ValidationReport

__all__ = ["validate", "validation_graph", "shacl_results", "replaced_graph"]

_IRI_OK = re.compile(r'^[^\s<>"{}|^`\\]+$')


def validation_graph(submission: Graph, *, store: GraphStore | None = None,
                     exclude_graph: URIRef | None = None,
                     context: Iterable[Graph] = ()) -> Graph:
    """The data graph pySHACL checks: the submission, the ontology, the référentiel, and
    the types of what the submission references.

    Parameters
    ----------
    submission : rdflib.Graph
    store : GraphStore, optional
        Where other records live (other départements' structures...): their rdf:type (and
        skos:inScheme for concepts) come with one CONSTRUCT. Never handed to pySHACL.
    exclude_graph : URIRef, optional
        A named graph of the store to ignore: the submission's own current version (a
        record it removes must not be found there).
    context : iterable of rdflib.Graph
        Other submissions validated together (a first load of several départements that
        refer to each other): their records count as existing.
    """
    g = Graph()
    g += submission
    g += _base()
    g += _additions(submission, store=store, exclude_graph=exclude_graph, context=context)
    return g


@functools.lru_cache(maxsize=1)
def _base() -> Graph:
    """The ontology and the référentiel, in one graph (read, never changed)."""
    g = Graph()
    g += resource_graph("ontology")
    g += resource_graph("referentiel")
    return g


def _additions(submission: Graph, *, store: GraphStore | None, exclude_graph: URIRef | None,
               context: Iterable[Graph]) -> Graph:
    """What :func:`validation_graph` adds to the submission besides :func:`_base`: the types
    of what the submission references (territories, the other submissions of a batch, the
    store)."""
    base = _base()
    g = Graph()
    typed = set(submission.subjects(RDF.type, None))
    referenced = {o for o in submission.objects() if isinstance(o, URIRef)}
    referenced |= {s for s in submission.subjects() if isinstance(s, URIRef)}
    referenced -= typed
    referenced = {r for r in referenced if not str(r).startswith(str(REF))
                  or (r, RDF.type, None) not in base}
    gaz = gazetteer()
    for r in referenced:
        for cls in gaz.types(r):
            g.add((r, RDF.type, cls))
        _add_region_departements(g, r)
    unknown = sorted(r for r in referenced
                     if (r, RDF.type, None) not in g and (r, RDF.type, None) not in base)
    for other in context:
        for r in unknown:
            for cls in other.objects(r, RDF.type):
                g.add((r, RDF.type, cls))
    if store is not None:
        unknown = [r for r in unknown if (r, RDF.type, None) not in g and _IRI_OK.match(str(r))]
        if unknown:
            g += _types_in_store(store, unknown, exclude_graph, _local_graph_of(submission))
    return g


class _Union(Graph):
    """``main`` with the triples of ``extras`` it lacks, read through, never copied: the data
    graph pySHACL checks (the file's own graph, the ontology, the référentiel, the types of
    what it cites), without adding 4 600 triples to the file's graph and removing them again
    for every file (a sixth of the demo's validation time), and without a copy of a large
    file (36 s at national scale).

    Read-only. A lookup whose subject, predicate or object appears in none of ``extras``
    (most of them: the file's own records and properties) goes straight to ``main``; the
    others read ``main``, then the triples of ``extras`` that ``main`` and the earlier
    extras lack (each triple once, as in a merged graph)."""

    def __init__(self, main: Graph, extras: Sequence[Graph]):
        super().__init__(store=main.store, identifier=main.identifier,
                         namespace_manager=main.namespace_manager)
        self._main = main
        self._extras = [e for e in extras if len(e)]
        self._terms = [_terms_of(e) for e in self._extras]
        self._len: int | None = None

    def triples(self, triple):  # type: ignore[override]
        s, p, o = triple
        if isinstance(p, RDFPath):
            return ((s2, p, o2) for s2, o2 in p.eval(self, s, o))
        if not any((s is None or s in subjects) and (p is None or p in predicates)
                   and (o is None or o in objects)
                   for subjects, predicates, objects in self._terms):
            return self._main.triples(triple)
        return self._merged(triple)

    def _merged(self, triple: tuple) -> Iterator[tuple]:
        yield from self._main.triples(triple)
        earlier: list[Graph] = [self._main]
        for extra in self._extras:
            for t in extra.triples(triple):
                if not any(t in g for g in earlier):
                    yield t
            earlier.append(extra)

    def triples_choices(self, triple, context=None):  # type: ignore[override]
        s, p, o = triple
        for s1 in s if isinstance(s, list) else [s]:
            for p1 in p if isinstance(p, list) else [p]:
                for o1 in o if isinstance(o, list) else [o]:
                    yield from self.triples((s1, p1, o1))

    def __contains__(self, triple) -> bool:  # type: ignore[override]
        return any(True for _ in self.triples(triple))

    def __len__(self) -> int:
        if self._len is None:
            self._len = sum(1 for _ in self.triples((None, None, None)))
        return self._len

    def _refuse(self, *_args: object, **_kwargs: object) -> None:
        raise TypeError("read-only: the data graph of a validation")

    # Every way of writing (they would write into the file's own graph, whose store it shares).
    add = addN = remove = set = _refuse  # type: ignore[assignment]
    parse = update = __iadd__ = __isub__ = _refuse  # type: ignore[assignment]


def _terms_of(graph: Graph) -> tuple[set, set, set]:
    """The subjects, predicates and objects of ``graph`` (the base's computed once)."""
    if graph is _base():
        return _base_terms()
    return _spo(graph)


@functools.lru_cache(maxsize=1)
def _base_terms() -> tuple[set, set, set]:
    return _spo(_base())


def _spo(graph: Graph) -> tuple[set, set, set]:
    subjects, predicates, objects = set(), set(), set()
    for s, p, o in graph:
        subjects.add(s)
        predicates.add(p)
        objects.add(o)
    return subjects, predicates, objects


def _add_region_departements(g: Graph, iri: URIRef) -> None:
    """A région a submission names (the territory of the working group) comes with its
    départements, typed and ``pp:subdivisionDe`` it: the rule « every département of the
    region represented » (forme:GroupeDepartements) reads them."""
    place = gazetteer().place(iri)
    if place is None or place.kind != "region":
        return
    for dep in territories().of_kind("departement"):
        if dep.region == place.code:
            g.add((dep.iri, RDF.type, PP.Departement))
            g.add((dep.iri, PP.subdivisionDe, iri))


def _local_graph_of(submission: Graph) -> URIRef | None:
    """The local graph (``graphe/local/<code>``) of the submission's département: its local
    concepts are the only ones the submission may use."""
    for s in submission.subjects(RDF.type, PP.Soumission):
        d = submission.value(s, PP.departement)
        if d is not None:
            return local_graph(str(d).rsplit("/", 1)[-1])
    return None


def _types_in_store(store: GraphStore, iris: Sequence[URIRef], exclude: URIRef | None,
                    local: URIRef | None = None) -> Graph:
    """The rdf:type and skos:inScheme the store knows of ``iris``, outside ``exclude``: the
    query ``validation-types-references``, ?x bound to every IRI (one VALUES row each) and
    ?exclu to ``exclude``, through the store's one binding path."""
    bindings: dict[str, Any] = {"x": list(iris)}
    if exclude is not None:
        bindings["exclu"] = exclude
    if local is not None:
        bindings["local"] = local
    return store.construct(query_text("validation-types-references"), bindings)


@functools.lru_cache(maxsize=1)
def _shapes_for_pyshacl() -> Graph:
    """The shapes as pySHACL is given them: a copy of the shared, read-only shapes graph,
    made once per process (pySHACL adds its own system triples to the shapes graph), without
    the SPARQL constraints checked in bulk (:func:`_bulk_constraints`)."""
    g = Graph()
    g += resource_graph("shapes")
    for shape, _query, _path, _severity in _bulk_constraints():
        for c in list(g.objects(shape, SH.sparql)):
            g.remove((shape, SH.sparql, c))
    return g


@functools.lru_cache(maxsize=1)
def _bulk_constraints() -> tuple[tuple[URIRef, str, URIRef | None, URIRef], ...]:
    """The SPARQL constraints of the shapes marked ``pp:verifieeEnBloc true``, each as one
    query over the whole data graph: (shape, query, path, severity).

    pySHACL runs a SPARQL constraint once per focus node, and rdflib parses the query text
    again each time (about 10 ms: 25 seconds over the demo's accompaniments). The same query
    with ``$this`` left free finds every focus node that breaks it, in one parse: the
    semantics of SHACL-SPARQL, evaluated in bulk. A standard SHACL engine reads these shapes
    as they are, node by node."""
    g = resource_graph("shapes")
    out = []
    for shape in sorted(g.subjects(PP.verifieeEnBloc, Literal(True))):
        path = g.value(shape, SH.path)
        severity = g.value(shape, SH.severity) or SH.Violation
        for c in g.objects(shape, SH.sparql):
            prefixes = "".join(
                f"PREFIX {g.value(d, SH.prefix)}: <{g.value(d, SH.namespace)}>\n"
                for owner in g.objects(c, SH.prefixes) for d in g.objects(owner, SH.declare))
            text = str(g.value(c, SH.select)).replace("$this", "?this")
            if path is not None:
                text = text.replace("$PATH", f"<{path}>")
            # The shape's targets, which pySHACL would have applied node by node (classes
            # and subjects of a property; a shape without such a target is not checked).
            targets = " UNION ".join(
                [f"{{ ?this a/<{RDFS.subClassOf}>* <{cls}> }}"
                 for cls in sorted(g.objects(shape, SH.targetClass))]
                + [f"{{ ?this <{p}> [] }}" for p in sorted(g.objects(shape, SH.targetSubjectsOf))])
            if not targets:
                continue
            where = text.index("{", text.upper().index("WHERE")) + 1
            text = f"{text[:where]}\n  {targets}\n{text[where:]}"
            out.append((shape, prefixes + text, path, severity))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _bulk_prepared() -> tuple:
    """The queries of :func:`_bulk_constraints`, parsed once per process (rdflib takes
    about 20 ms to parse one: 2 seconds of the demo's build before)."""
    from rdflib.plugins.sparql import prepareQuery

    return tuple(prepareQuery(text) for _shape, text, _path, _severity in _bulk_constraints())


def _check_in_bulk(data: Graph, report: Graph) -> None:
    """Add to pySHACL's ``report`` the results of the constraints checked in bulk."""
    for (shape, _text, path, severity), query in zip(_bulk_constraints(), _bulk_prepared()):
        for row in data.query(query):
            r = BNode()
            report.add((r, RDF.type, SH.ValidationResult))
            report.add((r, SH.focusNode, row.this))
            report.add((r, SH.sourceShape, shape))
            report.add((r, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
            report.add((r, SH.resultSeverity, severity))
            if path is not None:
                report.add((r, SH.resultPath, path))
            if row.value is not None:
                report.add((r, SH.value, row.value))


@functools.lru_cache(maxsize=1)
def _personal() -> frozenset:
    return personal_properties()


@functools.lru_cache(maxsize=1)
def _terms() -> frozenset:
    return ontology_terms()


def validate(source: str | os.PathLike | ImportResult, *, store: GraphStore | None = None,
             departement: str | None = None, structure: str | None = None,
             target_graph: URIRef | None = None, context: Iterable[Graph] = (),
             limits: Limits | None = None, shacl: Graph | None = None) -> ValidationReport:
    """Validate a submission against ``ontology/shapes.ttl`` and explain what is wrong.

    The one check of a submission: ``ppgraph validate`` and ``ppgraph submit`` (and
    :func:`ppgraph.submit`) give the same verdict on the same file and store. With a store,
    the graph the submission would replace is left out of the records it may refer to (a
    structure removed from the file, or whose sheet went missing, is not found in last
    year's version).

    Parameters
    ----------
    source : path or ImportResult
        A workbook, CSV file or folder, Turtle, JSON-LD... (read with
        :func:`~ppgraph.validation.reading.read_submission`), or what it returned.
    store : GraphStore, optional
        The regional store (embedded or a SPARQL server), to accept references to what other submissions hold.
    departement : str, optional
        The département the file is submitted for: a file describing another one does not
        conform.
    structure : str, optional
        The structure whose private follow-up data the file is (as for
        :func:`ppgraph.submission.submit`).
    target_graph : URIRef, optional
        The named graph the submission would replace (its current version is not a valid
        target of references). Default, with a store: the structure's private graph, or
        the département's submission graph (the département given, or the file's own).
    context : iterable of rdflib.Graph
        Other submissions validated together (see :func:`validation_graph`).
    limits : Limits, optional
        How large a file may be (:class:`ppgraph.spreadsheet.archive.Limits`).
    shacl : rdflib.Graph, optional
        The SHACL results of :func:`shacl_results` on this very data graph, computed
        elsewhere (another process of a batch, :mod:`ppgraph.batch`): not computed again.

    pySHACL reads the file's rdflib graph (``source.graph``) completed with the ontology, the
    référentiel and the types of what it cites, through a read-only union: no copy of a large
    file, and no change to it.

    Returns
    -------
    ValidationReport
        ``report.conforms`` is False when some finding is a violation. It holds every
        language: each renderer (:mod:`ppgraph.validation.render`) takes the one to write.

    Raises
    ------
    InputError
        If the file cannot be read.

    Example
    -------
    >>> report = validate("data/demo/classeurs/mise-a-jour-24.xlsx")   # doctest: +SKIP
    >>> report.conforms, report.counts                                  # doctest: +SKIP
    (False, {'violation': 33, 'avertissement': 1, 'information': 0})
    """
    result = source if isinstance(source, ImportResult) else \
        read_submission(source, departement=departement, limits=limits)
    schema = load_schema()
    if target_graph is None and store is not None:
        target_graph = replaced_graph(result, departement=departement, structure=structure)
    extra = _additions(result.graph, store=store, exclude_graph=target_graph, context=context)
    if shacl is not None:
        shacl_report = shacl
    elif type(result.graph) is Graph:
        # The data graph of validation_graph(), read through the file's own graph (no copy,
        # no change to it).
        shacl_report = shacl_results(_Union(result.graph, (_base(), extra)))
    else:  # a Dataset, a read-only graph... given by a caller: a copy, as it was
        shacl_report = shacl_results(validation_graph(result.graph, store=store,
                                                      exclude_graph=target_graph,
                                                      context=context))
    # The same data graph, read through without a copy, for what the findings say.
    data = ReadOnlyGraphAggregate([result.graph, _base(), extra])
    findings: list[Finding] = [_from_issue(issue, schema) for issue in result.issues]
    # In one order whatever the engine (a SHACL report is a graph: its results have none).
    symptoms = sorted(_unexplained(_from_shacl(shacl_report, result, schema, data,
                                               store is not None), result), key=_result_order)
    findings += _missing_sheets(symptoms, result, schema)
    findings += _unknown_terms(result, schema)
    findings += _empty_submission(result, schema)
    if departement and result.kind not in SPREADSHEET_KINDS:
        findings += _departement_mismatch(result, departement, schema)
    findings = _dedupe(findings)
    n_records = sum(1 for s in result.graph.subjects(RDF.type, None)
                    if any(result.graph.objects(s, RDF.type)) and s in result.origins.records)
    return ValidationReport(source=result.name, findings=findings, schema=schema,
                            records=n_records or len(set(result.graph.subjects(RDF.type, None))),
                            departement=result.departement, sha256=result.sha256,
                            shacl=shacl_report, result=result)


def _result_order(f: Finding) -> tuple:
    return tuple(str(x) for x in (f.focus, f.path, f.term, f.shape, f.component, f.severity))


def shacl_results(data: Graph) -> Graph:
    """The SHACL results on a data graph made by :func:`validation_graph`: pySHACL's report
    against the shapes, with the constraints checked in bulk added (the costly part of a
    validation, which a batch runs on every core)."""
    import pyshacl

    _constraint_parameters_by_hash()
    _sparql_constraints_parsed_once()
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=_shapes_for_pyshacl(), inference="none", advanced=False,
        inplace=True, allow_warnings=True, allow_infos=True, meta_shacl=False, js=False,
        debug=False, do_owl_imports=False)
    _check_in_bulk(data, report)
    return report


class _Parameters(list):
    """pySHACL's list of constraint parameters, the same list, with membership by hash."""

    def __init__(self, items: Iterable[Any]) -> None:
        super().__init__(items)
        self._set = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def _constraint_parameters_by_hash() -> None:
    """Make pySHACL look its constraint parameters up by hash, not along a list.

    For every shape it evaluates on every focus node, pySHACL (0.40) asks
    whether each predicate of the shape is ``in`` its list of ~35 constraint parameters:
    comparisons of rdflib terms, one by one, in Python. On the demo this was 22 million
    comparisons, a quarter of a validation; at national scale, half of it. The list is
    replaced (before each validation, if it is not already) by the same list whose ``in`` is
    a set lookup: the same parameters, found in the same order, the same results
    (tests/test_fast_paths.py)."""
    import pyshacl.constraints as constraints
    import pyshacl.shape as shape

    found = getattr(constraints, "ALL_CONSTRAINT_PARAMETERS", None)
    if not isinstance(found, list) or not hasattr(constraints, "CONSTRAINT_PARAMETERS_MAP"):
        return  # another pySHACL: left as it is (slower, the same results)
    if not isinstance(found, _Parameters):
        constraints.ALL_CONSTRAINT_PARAMETERS = found = _Parameters(found)
    shape.CONSTRAINT_PARAMS = (found, constraints.CONSTRAINT_PARAMETERS_MAP)


def _sparql_constraints_parsed_once() -> None:
    """Make pySHACL parse each SPARQL constraint once, not once per focus node.

    pySHACL (0.40) gives rdflib the text of a SPARQL constraint for every focus node, ``$this``
    bound apart (``initBindings``): the same text, parsed again each time (10 to 20 ms; a
    sixth of Gironde's pySHACL time at national scale, for the working group's, the
    milestones' and the local concepts' constraints). The text is parsed once per process
    (:func:`_prepared_constraint`) and the parsed query given instead: the same query, the
    same bindings, the same results (tests/test_fast_paths.py)."""
    from pyshacl.constraints.sparql import sparql_based_constraints as module

    cls = getattr(module, "SPARQLBasedConstraint", None)
    original = getattr(cls, "_validate_sparql_query", None)
    if original is None or getattr(original, "parsed_once", False):
        return  # another pySHACL (slower, the same results), or already done

    def _validate_sparql_query(self, query, init_binds, target_graph):
        if isinstance(query, str):
            query = _prepared_constraint(query)
        return original(self, query, init_binds, target_graph)

    _validate_sparql_query.parsed_once = True  # type: ignore[attr-defined]
    _validate_sparql_query.original = original  # type: ignore[attr-defined]
    cls._validate_sparql_query = _validate_sparql_query


@functools.lru_cache(maxsize=256)
def _prepared_constraint(text: str) -> Any:
    """A SPARQL constraint's text (prefixes applied, ``$this`` left to the bindings), parsed."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def replaced_graph(result: ImportResult, *, departement: str | None = None,
                   structure: str | None = None) -> URIRef | None:
    """The named graph a submission would replace: the structure's private graph, or the
    département's submission graph (the département given, else the one the file names).

    >>> from ppgraph.spreadsheet.origins import ImportResult, Origins
    >>> from pathlib import Path
    >>> r = ImportResult(Graph(), Origins(), [], Path("x.ttl"), "", "rdf", departement="23")
    >>> str(replaced_graph(r)), str(replaced_graph(r, structure="23-ADT"))
    ('https://w3id.org/ppgraph/graphe/soumission/23', 'https://w3id.org/ppgraph/graphe/prive/23-ADT')
    """
    if structure:
        return private_graph(structure)
    code = departement or result.departement
    return submission_graph(departement_code(code)) if code else None


def _unexplained(findings: list[Finding], result: ImportResult) -> list[Finding]:
    """The findings whose cell no fault of the file's structure explains (a cell of a merged
    range reads empty; a formula without a value too: the fault is said once, not these)."""
    explained = result.explained()
    if not explained:
        return findings
    return [f for f in findings if f.cell is None or
            (f.cell.file, f.cell.sheet, f.cell.row, f.cell.column) not in explained]


def _missing_sheets(findings: list[Finding], result: ImportResult,
                    schema: Schema) -> list[Finding]:
    """References that fail because the sheet of their records is missing from the
    workbook, as one finding per missing sheet (« la feuille Structures manque : 112
    renvois... ») — or none, when the sheet was renamed, or its header row is missing, and
    that is already said."""
    if result.kind not in SPREADSHEET_KINDS:
        return findings
    renamed = {i.sheet for i in result.issues if i.sheet is not None}
    kept: list[Finding] = []
    missing: dict[URIRef, list[Finding]] = {}
    for f in findings:
        column = _column_of(result, schema, f.focus, f.path, False) if f.path is not None \
            else None
        target = schema.sheet_for_class(column.target_class) \
            if column is not None and column.kind == "reference" else None
        if f.component == SH.ClassConstraintComponent and target is not None \
                and (target.shape not in result.sheets or target.shape in renamed):
            missing.setdefault(target.shape, []).append(f)
        else:
            kept.append(f)
    out: list[Finding] = []
    text = schema.text(FORME.FeuilleAbsente)
    for shape, symptoms in missing.items():
        if shape in renamed:
            continue
        sheet = next(s for s in schema.sheets if s.shape == shape)
        cells = [f.location() for f in symptoms if f.location()]
        out.append(Finding(
            severity=SEVERITIES.get(text.severity, "violation"), rule=text.name,
            message=text.message, shape=FORME.FeuilleAbsente,
            detail=Message("validation.fichier_absent" if result.kind == "csv"
                           else "validation.feuille_absente",
                           feuille=sheet.name.in_language(result.sheet_language),
                           genre=sheet.label.param(), n=len(symptoms),
                           cellules=", ".join(cells[:5]) + (" …" if len(cells) > 5 else ""))))
    return out + kept


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.severity, f.rule, f.focus, str(f.path), f.term,
               f.detail.render() if f.detail is not None else "",
               f.cell.ref if f.cell else None, f.record.row if f.record else None)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _from_issue(issue: ImportIssue, schema: Schema) -> Finding:
    text = schema.text(issue.rule)
    sev = SEVERITIES.get(issue.severity or text.severity, "violation")
    return Finding(severity=sev, rule=text.name, message=text.message, detail=issue.detail,
                   value=issue.value, record=issue.record, cell=issue.cell, shape=issue.rule)


def _record_of(node: Any, result: ImportResult, schema: Schema, g: Graph) -> RecordRef | None:
    ref = result.origins.record(node)
    if ref is not None:
        return ref
    if not isinstance(node, URIRef) or (node, None, None) not in result.graph:
        return None
    for cls in g.objects(node, RDF.type):
        sheet = schema.sheet_for_class(cls)
        if sheet is not None:
            return RecordRef(result.name, None, None, str(node).rsplit("/", 1)[-1], sheet.label,
                             record_title(g, node))
    return RecordRef(result.name, None, None, str(node), RECORD_NODE, None)


def _display(term: Any) -> str:
    """How a report shows a value: a concept by its label (in every language), a territory
    as « Name (code) », a record by its identifier."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    if str(term).startswith(str(REF)):
        return _concept_name(term)
    if str(term).startswith(str(TERRITOIRE)):
        p = gazetteer().place(term)
        return p.display if p else str(term).rsplit("/", 1)[-1]
    if str(term).startswith(str(ID)):
        return unquote(str(term).rsplit("/", 1)[-1])
    return str(term)


def _concept_name(concept: URIRef) -> Named:
    voc = vocabulary()
    return Named({lang: voc.label(concept, lang) for lang in LANGUAGES})


def _from_shacl(report: Graph, result: ImportResult, schema: Schema, data: Graph,
                with_store: bool) -> list[Finding]:
    out = []
    personal = _personal()
    own = set(result.graph.subjects(RDF.type, None)) | {PP.Soumission}
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(r, SH.focusNode)
        if focus not in own:
            continue  # a record of another submission, typed only so that references resolve
        path = report.value(r, SH.resultPath)
        value = report.value(r, SH.value)
        shape = report.value(r, SH.sourceShape)
        component = report.value(r, SH.sourceConstraintComponent)
        severity = SEVERITIES.get(report.value(r, SH.resultSeverity), "violation")
        inverse = False
        if isinstance(path, BNode):
            inv = report.value(path, SH.inversePath)
            if inv is None:
                inv = data.value(path, SH.inversePath)
            path, inverse = inv, True
        path_key = ("^", path) if inverse else path
        found = schema.column_for_shape(shape) if isinstance(shape, URIRef) else None
        column = found[1] if found else None
        if column is None and path is not None:
            column = _column_of(result, schema, focus, path, inverse)
        texts = schema.text(shape) if isinstance(shape, URIRef) else None
        message = texts.message if texts is not None and texts.message else \
            Named({"fr": str(report.value(r, SH.resultMessage) or "")})
        rule = texts.name if texts is not None and texts.name else \
            (column.header if column is not None else Named.of_message("validation.regle"))
        cell = result.origins.cell(focus, path_key, value) if path is not None else None
        shown = cell.text if (cell is not None and value is not None and cell.text
                              and (focus, path_key, value) in result.origins.cells) \
            else _display(value)
        f = Finding(severity=severity, rule=rule, message=message, value=shown or None,
                    record=_record_of(focus, result, schema, data), cell=cell, focus=focus,
                    path=path, term=value, shape=shape, component=component,
                    personal=path in personal)
        if _explain(f, column, result, with_store, schema, path_key):
            out.append(f)
    return out


def _column_of(result: ImportResult, schema: Schema, focus: Any, path: URIRef,
               inverse: bool) -> Column | None:
    """The column of ``path`` in the sheet of the focus node's class."""
    column = None
    for cls in result.graph.objects(focus, RDF.type):
        sheet = schema.sheet_for_class(cls)
        column = (sheet.column(path, inverse) if sheet else None) or column
    return column


def _explain(f: Finding, column: Column | None, result: ImportResult, with_store: bool,
             schema: Schema, path_key: Any) -> bool:
    """Fill ``detail`` and ``suggestion`` from the constraint component and the value;
    False when the finding repeats another one (an unreadable date, reported by its own
    column, also breaks the rule that compares two dates)."""
    comp, v = f.component, f.value or ""
    note = result.origins.notes.get((f.focus, path_key, f.term))
    voc, gaz = vocabulary(), gazetteer()
    if comp in (SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent) and column is None:
        f.detail = None  # a rule on the whole file: its message says it all
    elif comp == SH.MinCountConstraintComponent:
        empty_cell = f.cell is not None and f.cell.column != "?"
        f.detail = Message("validation.vide" if empty_cell else "validation.manquant")
    elif comp == SH.MaxCountConstraintComponent:
        if column is not None and column.inverse:
            values = list(result.graph.subjects(column.path, f.focus))
        else:
            values = list(result.graph.objects(f.focus, f.path)) if f.path is not None else []
        f.detail = Message("validation.plusieurs", valeurs=joined(
            [quoted(_display(x)) for x in sorted(values, key=str)]))
    elif comp == SH.DatatypeConstraintComponent:
        dtype = column.datatype if column else None
        key = {XSD.date: "pas_date", XSD.dateTime: "pas_dateheure", XSD.decimal: "pas_nombre",
               XSD.integer: "pas_nombre", XSD.boolean: "pas_booleen",
               RDF.langString: "pas_texte_fr"}.get(dtype, "pas_type")
        f.detail = Message(f"validation.{key}", valeur=v)
    elif comp == SH.NodeConstraintComponent and column is not None and column.kind == "concept":
        if note is not None:
            f.detail = Message("validation.ambigu", valeur=v, note=note)
        else:
            f.detail = Message("validation.pas_referentiel", valeur=v,
                               liste=_scheme_name(column.scheme).param())
            f.suggestion = _suggestion([_concept_name(c) for c in _concepts(
                column.scheme, voc.suggest(column.scheme, v))])
    elif comp == SH.ClassConstraintComponent and column is not None and column.kind == "territory":
        if note is not None:
            f.detail = Message("validation.ambigu", valeur=v, note=note)
        else:
            if column.target_class == PP.Commune:
                key = "pas_code_commune" if isinstance(f.term, URIRef) else "pas_commune"
            elif column.target_class == PP.Departement:
                key = "pas_departement"
            else:
                key = "pas_territoire"
            f.detail = Message(f"validation.{key}", valeur=v)
            f.suggestion = _suggestion(gaz.suggest(v, territory_kinds(column.target_class),
                                                   result.departement))
    elif comp == SH.ClassConstraintComponent and column is not None and column.kind == "reference":
        target = schema.sheet_for_class(column.target_class)
        f.detail = Message(
            "validation.pas_enregistrement_magasin" if with_store
            else "validation.pas_enregistrement", valeur=v,
            genre=(target.label if target else Named({"fr": local_name(column.target_class)}))
            .param(), feuille=target.name.param() if target else "")
        f.suggestion = _suggestion(_reference_suggestions(result, column, v))
    elif comp == SH.PatternConstraintComponent:
        f.detail = Message("validation.pas_forme", valeur=v)
    elif comp in (SH.LessThanOrEqualsConstraintComponent, SH.LessThanConstraintComponent):
        if _unreadable(f.term, column):
            return False  # the unreadable value is reported by its own column
        _explain_order(f, result, schema)
    elif comp in (SH.MinExclusiveConstraintComponent, SH.MinInclusiveConstraintComponent):
        f.detail = Message("validation.trop_petit", valeur=v)
    elif comp == SH.LanguageInConstraintComponent:
        f.detail = Message("validation.pas_texte_fr", valeur=v)
    elif comp == SH.ClassConstraintComponent:
        f.detail = Message("validation.pas_type", valeur=v)
    return True


def _explain_order(f: Finding, result: ImportResult, schema: Schema) -> None:
    """« La date de début « 31/08/2025 » est postérieure à la date de fin « 01/08/2025 » (H4) »."""
    shapes = schema.shapes
    other = shapes.value(f.shape, SH.lessThanOrEquals) or shapes.value(f.shape, SH.lessThan)
    vb = result.graph.value(f.focus, other) if other is not None else None
    cell_b = result.origins.cell(f.focus, other) if other is not None else None
    cell_a = result.origins.cell(f.focus, f.path, f.term)
    params = dict(a=_property_name(f.path).param(), va=_date_text(f.term),
                  b=_property_name(other).param(), vb=_date_text(vb))
    if cell_a is not None and cell_b is not None and cell_b.column != "?":
        f.detail = Message("validation.apres_cellule", cellule=cell_b.ref, **params)
    else:
        f.detail = Message("validation.apres", **params)
    sheet = None
    for cls in result.graph.objects(f.focus, RDF.type):
        sheet = schema.sheet_for_class(cls) or sheet
    if sheet is not None and sheet.column(f.path) is not None:
        f.cell = cell_a or f.cell


@functools.lru_cache(maxsize=256)
def _property_name(prop: URIRef | None) -> Named:
    """A property as the ontology names it (« date de début », « start date »)."""
    texts = {}
    if prop is not None:
        for o in resource_graph("ontology").objects(prop, RDFS.label):
            if isinstance(o, Literal) and o.language:
                texts.setdefault(o.language, str(o))
    return Named(texts or {"fr": local_name(prop) if prop is not None else ""})


def _scheme_name(scheme: URIRef) -> Named:
    voc = vocabulary()
    return Named({lang: voc.scheme_label(scheme, lang) for lang in LANGUAGES})


def _concepts(scheme: URIRef, labels: Sequence[str]) -> list[URIRef]:
    voc = vocabulary()
    return [c for c in (voc.resolve(scheme, label)[0] for label in labels) if c is not None]


def _suggestion(values: Sequence[Any]) -> Message | None:
    """« « a » ou « b » » in the reader's language; None when there is nothing to suggest."""
    if not values:
        return None
    return joined([quoted(v) for v in values], "ou")


def _reference_suggestions(result: ImportResult, column: Column, typed: str) -> list[str]:
    """The identifiers of the file's records of the right class closest to ``typed``.

    An identifier that starts with another département's code (« 64-CMA ») is not a typo of
    one of this file's (« 24-CMA »): only identifiers of that département are proposed."""
    pool = sorted({_display(node) for node in result.graph.subjects(RDF.type, column.target_class)})
    prefix = _dep_prefix(typed)
    if prefix:
        pool = [x for x in pool if _dep_prefix(x) in (None, prefix)]
    return suggest(typed, pool, n=2)


def _dep_prefix(identifier: str) -> str | None:
    """The département code an identifier starts with (« 24 » for « 24-OT-003 »)."""
    head = (identifier or "").split("-", 1)
    if len(head) < 2:
        return None
    code = head[0].upper()
    return code if code_kind(code) == "departement" else None


def _unreadable(term: Any, column: Column | None) -> bool:
    """A literal that could not be read as the column's datatype (« 31/02/2026 »)."""
    if not isinstance(term, Literal) or column is None or column.datatype is None:
        return False
    return (term.datatype or XSD.string) != column.datatype and column.datatype != RDF.langString


def _date_text(term: Any) -> str:
    if isinstance(term, Literal) and term.datatype == XSD.date:
        y, m, d = str(term).split("-")
        return f"{d}/{m}/{y}"
    return str(term) if term is not None else ""


def _unknown_terms(result: ImportResult, schema: Schema) -> list[Finding]:
    """Terms of ppgraph's namespace that the ontology does not define (typos), rule
    forme:TermeInconnu. Checked here rather than by a SPARQL target: rdflib takes seconds."""
    known = _terms()
    text = schema.text(FORME.TermeInconnu)
    names = sorted(str(k)[len(str(PP)):] for k in known)
    out = []
    g = result.graph
    for s, p, o in g:
        bad = None
        if str(p).startswith(str(PP)) and p not in known:
            bad = p
        elif p == RDF.type and isinstance(o, URIRef) and str(o).startswith(str(PP)) \
                and o not in known:
            bad = o
        if bad is None:
            continue
        term = f"pp:{str(bad)[len(str(PP)):]}"
        close = suggest(term[3:], names, n=1)
        out.append(Finding(
            severity=SEVERITIES.get(text.severity, "violation"), rule=text.name,
            message=text.message.map(lambda m, term=term: m.replace("{?terme}", term)),
            detail=Message("validation.terme_inconnu", terme=term),
            suggestion=_suggestion([f"pp:{close[0]}"]) if close else None, value=term,
            record=_record_of(s, result, schema, g) or RecordRef(result.name, None, None,
                                                                  _display(s), RECORD_NODE),
            focus=s, path=p, term=o, shape=FORME.TermeInconnu))
    return out


def _empty_submission(result: ImportResult, schema: Schema) -> list[Finding]:
    """Rule forme:SoumissionNonVide: at least one record of a class the ontology defines
    (other than the submission itself and territories), described by at least one triple."""
    g = result.graph
    ontology = resource_graph("ontology")
    territory_classes = {PP.Territoire} | set(ontology.transitive_subjects(RDFS.subClassOf,
                                                                           PP.Territoire))
    for s, cls in g.subject_objects(RDF.type):
        if cls in (PP.Soumission, PP.VersionDeSoumission) or cls in territory_classes:
            continue
        if (cls, RDF.type, OWL.Class) in ontology and \
                any(p != RDF.type for p in g.predicates(s, None)):
            return []
    text = schema.text(FORME.SoumissionNonVide)
    return [Finding(severity=SEVERITIES.get(text.severity, "violation"), rule=text.name,
                    message=text.message, shape=FORME.SoumissionNonVide)]


def _departement_mismatch(result: ImportResult, departement: str,
                          schema: Schema) -> list[Finding]:
    wanted = territory_iri("departement", departement_code(departement))
    text = schema.text(FORME.DepartementVerse)
    out = []
    gaz = gazetteer()
    for s in result.graph.subjects(RDF.type, PP.Soumission):
        d = result.graph.value(s, PP.departement)
        if d is not None and d != wanted:
            out.append(Finding(
                severity="violation", rule=text.name, message=text.message,
                detail=Message("validation.departement_verse", decrit=gaz.display(d),
                               verse=gaz.display(wanted)),
                value=gaz.display(d), record=_record_of(s, result, schema, result.graph),
                focus=s, path=PP.departement, term=d, shape=FORME.DepartementVerse))
    return out

"""Submitting a département's data into the shared graph, atomically, with its history.

:func:`submit` validates a submission (including its references into the store) and, only if
it conforms, replaces the département's named graph (``graphe/soumission/<code>``) — or a
structure's private follow-up graph (``graphe/prive/<structure>``) — in ONE SPARQL update,
that is one transaction:

1. the current version is copied into its history graph ``graphe/historique/soumission/33/<n>``,
   as reified statements (``rdf:subject``/``rdf:predicate``/``rdf:object``) so that the
   questions asked of the regional graph, which see the union of all named graphs, never see
   an old version;
2. the submission graph is emptied and the new version inserted (``INSERT DATA``, in the same
   update: three times faster than staging it in a graph of its own and moving it, and no
   staging graph is ever visible or left behind);
3. its PROV metadata (when, by whom if given, source file and SHA-256, ppgraph version,
   number of triples, the version it revises) is inserted into ``graphe/provenance``.

A submission that does not conform never touches the store. Everything goes through the
:class:`~ppgraph.store.GraphStore` interface (``update``, ``select``, ``construct``), so the
same code works against a SPARQL server (:class:`ppgraph.store.Endpoint`). :func:`restore`
brings an old version back the same way; :func:`export_submission` writes the current
version back into the spreadsheet template. What the commands print about each of them is
worded here too (``describe_*``, :func:`render_history`), in French or English.

>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> history(store, departement="33")
[]
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from . import __version__
from .errors import InputError, NonConformError
from .i18n import catalogue, message, number
from .namespaces import GRAPH_ONTOLOGY, GRAPHE, PREFIXES, private_graph, submission_graph
from .reference import load_reference_data, personal_properties
from .resolver import departement_code
from .resources import query_text
from .spreadsheet import ImportResult, export_graph
from .spreadsheet.archive import Limits
from .spreadsheet.exporter import export_kind, personal_path
from .spreadsheet.origins import Origins
from .store import GraphStore
from .text import text_table
from .validation import ValidationReport, read_submission, validate

__all__ = ["PROVENANCE_GRAPH", "Version", "Submitted", "SubmissionRefused", "RestoreRefused",
           "Exported", "archived_version", "target_graph", "submission_departement", "graph_name",
           "history_graph", "history", "submit", "submit_first_versions", "write_version",
           "write_versions", "restore", "export_submission", "render_history", "describe_submitted",
           "describe_restored", "describe_exported", "restore_question"]

PROVENANCE_GRAPH = GRAPHE["provenance"]
"""Named graph of the PROV metadata of every submitted version."""


class SubmissionRefused(NonConformError):
    """The submission does not conform: nothing was written. ``report`` says why.

    >>> from ppgraph.validation import ValidationReport, Finding
    >>> from ppgraph.spreadsheet import load_schema
    >>> report = ValidationReport("gironde.xlsx", [Finding("violation", "Nom", "")], load_schema())
    >>> str(SubmissionRefused(report))
    "« gironde.xlsx » n'est pas conforme (1 erreur) : rien n'a été versé, le magasin est inchangé."
    """

    def __init__(self, report: ValidationReport):
        super().__init__("submission.refusee", fichier=report.source,
                         n=report.count("violation"))
        self.report = report


@dataclass(frozen=True)
class Version:
    """One version of a submission graph, as recorded in ``graphe/provenance``."""

    iri: URIRef
    target: URIRef
    number: int
    when: dt.datetime | None
    by: str | None
    file: str | None
    sha256: str | None
    software: str | None
    triples: int | None
    revision_of: URIRef | None
    derived_from: URIRef | None
    current: bool = False
    comment: str | None = None

    @property
    def archive(self) -> URIRef:
        """Named graph holding this version once replaced (reified)."""
        return self.iri


@dataclass(frozen=True)
class Submitted:
    """What :func:`submit` did. ``unchanged``: the store already held exactly this content
    (the same graph, whatever the file), so nothing was written and ``version`` is the
    current one."""

    version: Version
    replaced: Version | None
    report: ValidationReport
    unchanged: bool = False


def target_graph(departement: str | None = None, structure: str | None = None) -> URIRef:
    """The named graph a submission goes to: a département's shared submission, or — when
    ``structure`` is given — that structure's private follow-up data (``departement`` then only
    says which département the data describes).

    >>> str(target_graph("33"))
    'https://w3id.org/ppgraph/graphe/soumission/33'
    >>> str(target_graph(structure="33-OT-004"))
    'https://w3id.org/ppgraph/graphe/prive/33-OT-004'
    """
    if not departement and not structure:
        raise InputError("submission.cible_manquante")
    if structure:
        return private_graph(structure)
    return submission_graph(departement_code(departement))


def submission_departement(result: ImportResult) -> str:
    """The département a submission read from a file is for, as the file says (the
    workbook's Soumission sheet, or the ``pp:Soumission`` record of RDF).

    Raises
    ------
    InputError
        If the file does not say: the message names it and asks for ``--departement``.
    """
    if not result.departement:
        raise InputError("submission.departement_non_dit", fichier=result.name)
    return result.departement


def graph_name(target: URIRef) -> str:
    """How messages name a submission graph: « soumission/33 », « prive/33-OT-004 ».

    >>> graph_name(target_graph("33"))
    'soumission/33'
    """
    return str(target).rsplit("/graphe/", 1)[-1]


def history_graph(target: URIRef, number: int) -> URIRef:
    """IRI of version ``number`` of ``target`` (also the graph that archives it).

    >>> str(history_graph(target_graph("33"), 2))
    'https://w3id.org/ppgraph/graphe/historique/soumission/33/2'
    """
    rel = str(target)[len(str(GRAPHE)):] if str(target).startswith(str(GRAPHE)) else \
        str(uuid.uuid5(uuid.NAMESPACE_URL, str(target)))
    return GRAPHE[f"historique/{rel}/{int(number)}"]


def history(store: GraphStore, *, departement: str | None = None, structure: str | None = None,
            target: URIRef | None = None) -> list[Version]:
    """The recorded versions of one submission graph (or of all, if none is named).

    Parameters
    ----------
    store : GraphStore
    departement, structure : str, optional
        Which graph (see :func:`target_graph`); neither: every graph.

    Returns
    -------
    list of Version
        Sorted by graph, then number; the latest of each graph has ``current=True``.

    Example
    -------
    >>> from ppgraph.store import Store
    >>> history(Store())
    []
    """
    if target is None and (departement or structure):
        target = target_graph(departement, structure)
    rows = store.select(query_text("soumission-historique"),
                        {"cible": target} if target is not None else None)
    versions = []
    for r in rows:
        when = r.get("date")
        versions.append(Version(
            iri=r["version"], target=r["cible"], number=int(r["numero"]),
            when=when.toPython() if when is not None else None,
            by=str(r["par"]) if "par" in r else None,
            file=str(r["fichier"]) if "fichier" in r else None,
            sha256=str(r["sha256"]) if "sha256" in r else None,
            software=str(r["logiciel"]) if "logiciel" in r else None,
            triples=int(r["triplets"]) if "triplets" in r else None,
            revision_of=r.get("precedente"), derived_from=r.get("origine"),
            comment=str(r["commentaire"]) if "commentaire" in r else None))
    latest: dict[URIRef, int] = {}
    for v in versions:
        latest[v.target] = max(latest.get(v.target, 0), v.number)
    out = [dataclasses.replace(v, current=v.number == latest[v.target]) for v in versions]
    return sorted(out, key=lambda v: (str(v.target), v.number))


def _now(when: dt.datetime | None) -> dt.datetime:
    value = when or dt.datetime.now(dt.timezone.utc)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.replace(microsecond=0)


def _lit(value) -> str:
    return Literal(value).n3() if not isinstance(value, Literal) else value.n3()


def _version_triples(iri: URIRef, target: URIRef, number: int, when: dt.datetime, *,
                     by: str | None, file: str | None, sha256: str | None, triples: int | None,
                     revision_of: URIRef | None, derived_from: URIRef | None = None,
                     comment: str | None = None) -> str:
    lines = [f"<{iri}> a pp:VersionDeSoumission ;",
             f"  pp:numeroVersion {_lit(Literal(number, datatype=XSD.integer))} ;",
             f"  prov:specializationOf <{target}> ;",
             f"  prov:generatedAtTime {_lit(Literal(when.isoformat(), datatype=XSD.dateTime))} ;",
             f"  pp:versionLogiciel {_lit(__version__)}"]
    for prop, value in (("pp:soumisPar", by), ("pp:fichierSource", file), ("pp:sha256", sha256)):
        if value:
            lines[-1] += " ;"
            lines.append(f"  {prop} {_lit(value)}")
    if triples is not None:
        lines[-1] += " ;"
        lines.append(f"  pp:nombreTriplets {_lit(Literal(triples, datatype=XSD.integer))}")
    if revision_of is not None:
        lines[-1] += " ;"
        lines.append(f"  prov:wasRevisionOf <{revision_of}>")
    if derived_from is not None:
        lines[-1] += " ;"
        lines.append(f"  prov:wasDerivedFrom <{derived_from}>")
    if comment:
        lines[-1] += " ;"
        lines.append(f"  rdfs:comment {Literal(comment, lang='fr').n3()}")
    return "\n".join(lines) + " ."


def _archive_current(store: GraphStore, target: URIRef, versions: list[Version],
                     when: dt.datetime) -> tuple[list[str], Version | None, int]:
    """The update operations that copy the current version of ``target`` into its history
    graph (reified), and that version (recording it as version 0 if it was loaded by other
    means than ppgraph submit)."""
    current = next((v for v in reversed(versions) if v.current), None)
    ops: list[str] = []
    last = max((v.number for v in versions), default=0)
    if current is None:
        if store.count(target) == 0:
            return [], None, last
        # Loaded by « ppgraph load » or an older ppgraph: keep it as version 0.
        iri = history_graph(target, 0)
        current = Version(iri, target, 0, None, None, None, None, None, store.count(target),
                          None, None, True, message("submission.version_initiale", "fr"))
        ops.append("INSERT DATA { GRAPH <%s> {\n%s\n} }" % (PROVENANCE_GRAPH, _version_triples(
            iri, target, 0, when, by=None, file=None, sha256=None, triples=current.triples,
            revision_of=None, comment=current.comment)))
    ops.append(
        "INSERT { GRAPH <%s> { [] rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } }\n"
        "WHERE { GRAPH <%s> { ?s ?p ?o } }" % (current.archive, target))
    return ops, current, last


def submit(store: GraphStore, source: str | os.PathLike | ImportResult, *, departement: str | None = None,
           structure: str | None = None, by: str | None = None,
           when: dt.datetime | None = None, context: Iterable[Graph] = (),
           report: ValidationReport | None = None, limits: Limits | None = None) -> Submitted:
    """Validate a submission and, if it conforms, make it the current version of its graph.

    Parameters
    ----------
    store : GraphStore
        The regional store (embedded or a SPARQL server), open for writing.
    source : path or ImportResult
        Workbook, CSV folder, Turtle, JSON-LD... (see :func:`ppgraph.validation.read_submission`).
    departement : str, optional
        Département of a shared submission (graph ``graphe/soumission/<code>``). Default:
        the one the file names (the workbook's Soumission sheet); a file that names another
        one than ``departement`` does not conform.
    structure : str, optional
        Identifier of a structure, for its private follow-up data (``graphe/prive/<id>``).
    by : str, optional
        Who submits (recorded as ``pp:soumisPar``, a personal datum never published).
    when : datetime, optional
        Time recorded (default: now, UTC).
    context : iterable of rdflib.Graph
        Other submissions validated in the same batch (see :func:`ppgraph.validation.validate`).
    report : ValidationReport, optional
        A report already computed for this very ``source`` with this store (skips validation).
    limits : Limits, optional
        How large a file may be (:class:`ppgraph.spreadsheet.archive.Limits`).

    Returns
    -------
    Submitted
        The new version, the version it replaced (None for a first submission) and the
        validation report (its warnings and infos). When the store already holds the same
        graph (compared as graphs, not as files: a workbook saved again, or exported and
        submitted back, is the same content), nothing is written, no version is made, and
        ``unchanged`` is True.

    Notes
    -----
    In a new, empty store, the ontology, the référentiel and the territories are loaded
    first — after the validation, so that a refused submission writes nothing.

    Raises
    ------
    SubmissionRefused
        (a NonConformError, exit code 1) if the submission does not conform; the store is
        untouched and ``err.report`` holds the report.
    InputError
        If the file cannot be read.

    Example
    -------
    >>> from ppgraph.store import Store
    >>> s = submit(Store("magasin"), "gironde.xlsx", departement="33",
    ...            by="C. Martin")                                   # doctest: +SKIP
    >>> s.version.number                                             # doctest: +SKIP
    1
    """
    if departement or structure:
        target = target_graph(departement, structure)
    result = source if isinstance(source, ImportResult) else \
        read_submission(source, departement=departement, limits=limits)
    if not departement and not structure:
        departement = submission_departement(result)
        target = target_graph(departement)
    if report is None:
        report = validate(result, store=store, departement=departement, structure=structure,
                          target_graph=target, context=context)
    if not report.conforms:
        raise SubmissionRefused(report)
    _refuse_public_export(store, target, result)
    now = _now(when)
    if store.count(GRAPH_ONTOLOGY) == 0:
        # A new store: the reference data every question joins with comes first (only now
        # that the submission is known to conform, so a refusal never writes anything).
        load_reference_data(store)
    content = result.graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    # No other writer of this graph between reading its history and writing the new version
    # (on a server, two submits at once would otherwise take the same version number).
    with store.exclusive(target):
        versions = history(store, target=target)
        if _same_content(store, target, result.graph):
            # The same data again (the same workbook, its export...): no new version.
            current = next((v for v in versions if v.current), None) or Version(
                history_graph(target, 0), target, 0, None, None, None, None, None,
                len(result.graph), None, None, True)
            return Submitted(version=current, replaced=None, report=report, unchanged=True)
        ops, replaced, last = _archive_current(store, target, versions, now)
        number = last + 1
        iri = history_graph(target, number)
        ops += [f"DROP SILENT GRAPH <{target}>",
                "INSERT DATA { GRAPH <%s> {\n%s\n} }" % (target, content),
                "INSERT DATA { GRAPH <%s> {\n%s\n} }" % (PROVENANCE_GRAPH, _version_triples(
                    iri, target, number, now, by=by, file=result.name, sha256=result.sha256,
                    triples=len(result.graph),
                    revision_of=replaced.iri if replaced is not None else None))]
        # One update, one transaction: the archive of the current version, the new content
        # and its provenance are written together, or not at all.
        store.update(" ;\n".join(ops))
    version = Version(iri, target, number, now, by, result.name, result.sha256, __version__,
                      len(result.graph), replaced.iri if replaced else None, None, True)
    return Submitted(version=version, replaced=replaced, report=report)


def submit_first_versions(store: GraphStore,
                          items: Sequence[tuple[ImportResult, str, ValidationReport]], *,
                          by: str | None = None, when: dt.datetime | None = None,
                          progress: Callable[[int], None] | None = None
                          ) -> list[Submitted] | None:
    """The first version of several départements' graphs, written in one bulk load, all or
    nothing: a network's first load (:func:`ppgraph.batch.submit_batch`).

    Each item is a submission already validated (``report`` conforms), its département and
    its report. The store then holds what :func:`submit` of each, in turn, would have
    written (each graph version 1, its provenance), many times faster: Oxigraph's bulk
    loader instead of one transaction per file (:meth:`ppgraph.store.Store.load_graphs`).

    Returns None when that does not apply: a store that is not embedded, fewer than two
    items, two items for one graph, a graph that already has content or a history, or fewer
    new triples than the store holds (the bulk load copies the store). Then submit each in
    turn. Nothing is written then, except the reference data into an empty store, which
    comes first either way (as with :func:`submit`). ``progress`` is called with each
    item's index once it is written."""
    load = getattr(store, "load_graphs", None)
    if load is None or len(items) < 2:
        return None
    targets = [target_graph(code) for _r, code, _rep in items]
    if len(set(targets)) < len(targets):
        return None
    if any(not rep.conforms for _r, _c, rep in items):
        raise SubmissionRefused(next(rep for _r, _c, rep in items if not rep.conforms))
    if any(store.count(t) for t in targets) or \
            {v.target for v in history(store)} & set(targets):
        return None
    if store.count(GRAPH_ONTOLOGY) == 0:
        load_reference_data(store)
    if sum(len(r.graph) for r, _c, _rep in items) < store.count():
        return None
    now = _now(when)
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    provenance = prefixes + "\n".join(_version_triples(
        history_graph(t, 1), t, 1, now, by=by, file=r.name, sha256=r.sha256,
        triples=len(r.graph), revision_of=None) for t, (r, _c, _rep) in zip(targets, items))
    graphs: list[tuple[URIRef, Graph | bytes]] = [
        (t, r.graph) for t, (r, _c, _rep) in zip(targets, items)]
    graphs.append((PROVENANCE_GRAPH, ox.serialize(
        ox.parse(provenance.encode("utf-8"), format=ox.RdfFormat.TURTLE),
        format=ox.RdfFormat.N_TRIPLES)))
    tell = progress or (lambda _i: None)
    load(graphs, progress=lambda i: tell(i) if i < len(items) else None)
    return [Submitted(version=Version(history_graph(t, 1), t, 1, now, by, r.name, r.sha256,
                                      __version__, len(r.graph), None, None, True),
                      replaced=None, report=rep)
            for t, (r, _c, rep) in zip(targets, items)]


def write_version(store: GraphStore, target: URIRef, graph: Graph, *, by: str | None = None,
                  when: dt.datetime | None = None, file: str | None = None) -> Version:
    """Make ``graph`` the new current version of ``target``, already checked by its writer,
    the way :func:`submit` does (one update: the current version into the history, the new
    content, its provenance). For content built by ppgraph itself — a structure's private
    follow-up graph after ``ppgraph followup log`` — not for a file read from a person.

    >>> from ppgraph.store import Store
    >>> from rdflib import Graph, URIRef, Literal
    >>> g = Graph(); _ = g.add((URIRef("urn:x"), URIRef("urn:p"), Literal(1)))
    >>> store = Store(); target = target_graph(structure="33-OT-004")
    >>> write_version(store, target, g).number, write_version(store, target, g).number
    (1, 2)
    """
    return write_versions(store, [(target, graph)], by=by, when=when, file=file)[0]


def write_versions(store: GraphStore, items: Sequence[tuple[URIRef, Graph]], *,
                   by: str | None = None, when: dt.datetime | None = None,
                   file: str | None = None) -> list[Version]:
    """:func:`write_version` of several graphs (each target once), in one update: all of
    them or none (the demo's follow-up of every structure: one transaction, not 150)."""
    targets = [target for target, _graph in items]
    if len(set(targets)) != len(targets):
        raise ValueError("write_versions: each graph once")
    now = _now(when)
    with contextlib.ExitStack() as held:
        for target in sorted(set(targets), key=str):
            held.enter_context(store.exclusive(target))
        known: dict[URIRef, list[Version]] = {}
        for v in (history(store, target=targets[0]) if len(targets) == 1 else history(store)):
            known.setdefault(v.target, []).append(v)
        ops: list[str] = []
        done = []
        for target, graph in items:
            content = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
            archive, replaced, last = _archive_current(store, target, known.get(target, []), now)
            number = last + 1
            iri = history_graph(target, number)
            # A graph with no current version is empty (_archive_current): nothing to drop
            # (on disk, the DROP of each of the demo's 170 new follow-up graphs took 0.25 s).
            ops += archive + ([f"DROP SILENT GRAPH <{target}>"] if replaced else []) + [
                "INSERT DATA { GRAPH <%s> {\n%s\n} }" % (target, content),
                "INSERT DATA { GRAPH <%s> {\n%s\n} }" % (PROVENANCE_GRAPH, _version_triples(
                    iri, target, number, now, by=by, file=file, sha256=None,
                    triples=len(graph), revision_of=replaced.iri if replaced else None))]
            done.append(Version(iri, target, number, now, by, file, None, __version__,
                                len(graph), replaced.iri if replaced else None, None, True))
        if ops:
            store.update(" ;\n".join(ops))
    return done


def _same_content(store: GraphStore, target: URIRef, graph: Graph) -> bool:
    """Whether the store's graph ``target`` holds exactly ``graph`` (isomorphic: blank nodes
    may be named differently)."""
    if store.count(target) != len(graph) or len(graph) == 0:
        return False
    held = store.ntriples(target)
    if b"_:" not in held and not any(isinstance(t, BNode) for triple in graph for t in triple):
        # No blank node: the same graph is the same set of triples (both read by Oxigraph,
        # so that a term is written one way), without building an rdflib graph of the store's.
        mine = graph.serialize(format="nt", encoding="utf-8")
        return set(ox.parse(held, format=ox.RdfFormat.N_TRIPLES)) == \
            set(ox.parse(mine, format=ox.RdfFormat.N_TRIPLES))
    return isomorphic(Graph().parse(data=held, format="nt"), graph)


class RestoreRefused(NonConformError):
    """The version to bring back no longer conforms to today's rules: nothing was changed.
    ``report`` says why; ``restore(..., force=True)`` brings it back all the same."""

    def __init__(self, report: ValidationReport, number: int, target: URIRef):
        super().__init__("submission.restauration_refusee", numero=number,
                         graphe=graph_name(target), n=report.count("violation"))
        self.report = report


def archived_version(store: GraphStore, version: Version) -> Graph:
    """The content of an archived version, as the graph it was when current.

    >>> from ppgraph.store import Store
    >>> v = Version(history_graph(target_graph("33"), 1), target_graph("33"), 1, None, None,
    ...             None, None, None, 0, None, None)
    >>> len(archived_version(Store(), v))
    0
    """
    return store.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?archive { ?st rdf:subject ?s ; "
                           "rdf:predicate ?p ; rdf:object ?o } }", {"archive": version.archive})


def restore(store: GraphStore, number: int, *, departement: str | None = None,
            structure: str | None = None, by: str | None = None,
            when: dt.datetime | None = None, force: bool = False) -> Version:
    """Bring version ``number`` back as the current version, atomically, once it has been
    checked against today's rules.

    The version being replaced goes to the history like any other; the restored content
    becomes a new version (``prov:wasDerivedFrom`` the restored one), so that nothing is
    ever lost and the history reads in order.

    Parameters
    ----------
    force : bool
        Bring it back even if it no longer conforms to today's shapes (a rule added since,
        a structure of another département it refers to that has gone). Default False: such
        a version is refused, with the report.

    Returns
    -------
    Version
        The new current version.

    Raises
    ------
    RestoreRefused
        (a NonConformError, exit code 1) if the version does not conform to today's rules
        and ``force`` is not given; ``err.report`` says why. Nothing was changed.
    InputError
        If that version does not exist, is already the current one, or has no archive.

    Example
    -------
    >>> restore(store, 1, departement="33")                    # doctest: +SKIP
    """
    target = target_graph(departement, structure)
    where = graph_name(target)
    with store.exclusive(target):
        versions = history(store, target=target)
        wanted = next((v for v in versions if v.number == int(number)), None)
        if wanted is None:
            if versions:
                raise InputError("submission.version_inconnue", numero=number, graphe=where,
                                 connues=", ".join(str(v.number) for v in versions))
            raise InputError("submission.aucune_version", numero=number, graphe=where)
        if wanted.current:
            raise InputError("submission.deja_courante", numero=number, graphe=where)
        if store.count(wanted.archive) == 0 and (wanted.triples or 0) > 0:
            raise InputError("submission.sans_archive", numero=number, graphe=where)
        if not force:
            report = _revalidate(store, wanted, target, departement)
            if not report.conforms:
                raise RestoreRefused(report, int(number), target)
        now = _now(when)
        comment = message("submission.restauration", "fr", numero=number)
        ops, replaced, last = _archive_current(store, target, versions, now)
        new_number = last + 1
        iri = history_graph(target, new_number)
        ops += [f"DROP SILENT GRAPH <{target}>",
                "INSERT { GRAPH <%s> { ?s ?p ?o } }\nWHERE { GRAPH <%s> { ?st rdf:subject ?s ; "
                "rdf:predicate ?p ; rdf:object ?o } }" % (target, wanted.archive),
                "INSERT DATA { GRAPH <%s> {\n%s\n} }" % (PROVENANCE_GRAPH, _version_triples(
                    iri, target, new_number, now, by=by, file=wanted.file, sha256=wanted.sha256,
                    triples=wanted.triples, revision_of=replaced.iri if replaced else None,
                    derived_from=wanted.iri, comment=comment))]
        store.update(" ;\n".join(ops))
    return Version(iri, target, new_number, now, by, wanted.file, wanted.sha256, __version__,
                   wanted.triples, replaced.iri if replaced else None, wanted.iri, True, comment)


def _revalidate(store: GraphStore, version: Version, target: URIRef,
                departement: str | None) -> ValidationReport:
    """An archived version checked as a submission would be today (same shapes, same
    references into the store, the graph it would replace left out)."""
    graph = archived_version(store, version)
    name = f"{version.file} (version {version.number})" if version.file else \
        f"{graph_name(target).replace('/', '-')} (version {version.number})"
    result = ImportResult(graph=graph, origins=Origins(), issues=[], source=Path(name),
                          sha256=version.sha256 or "", kind="rdf",
                          departement=departement_code(departement) if departement else None)
    return validate(result, store=store, departement=departement, target_graph=target)


@dataclass(frozen=True)
class Exported:
    """What :func:`export_submission` wrote."""

    path: Path
    target: URIRef
    triples: int
    left: list[tuple]
    """triples no column of the template carries (not in the workbook)"""
    include_personal: bool
    version: Version | None
    renamed: bool = False
    """the name asked for did not say « données personnelles »: the file's name was made to"""


def export_submission(store: GraphStore, output: str | os.PathLike, *, departement: str | None = None,
                      structure: str | None = None, format: str | None = None,
                      include_personal: bool = False, lang: str = "fr") -> Exported:
    """Write what the store holds of a submission into the spreadsheet template, so that next
    year's update starts from this year's data.

    Parameters
    ----------
    store : GraphStore
        Read only.
    output : path
        ``.xlsx`` file, or a folder for ``format="csv"``.
    departement, structure : str, optional
        Which submission (see :func:`target_graph`).
    include_personal : bool
        Write personal data too (names, e-mails...), so that the workbook can be submitted
        again with nothing lost: its instructions open with a notice, and its file name says
        it holds personal data (« -donnees-personnelles » is added if it does not). By
        default those columns stay empty and the workbook is marked as a public export,
        which :func:`submit` refuses if it would erase personal data.
    lang : "fr" or "en"
        Language of the workbook.

    Returns
    -------
    Exported

    Raises
    ------
    InputError
        If the store holds nothing for that submission.

    Example
    -------
    >>> export_submission(store, "gironde-2026.xlsx", departement="33")   # doctest: +SKIP
    """
    target = target_graph(departement, structure)
    graph = store.get_graph(target)
    if len(graph) == 0:
        raise InputError("submission.rien_a_exporter", magasin=store.location or "",
                         graphe=graph_name(target))
    version = next((v for v in history(store, target=target) if v.current), None)
    notes = [_export_note(version, lang)] if version is not None else []
    asked = Path(output)
    if include_personal:
        output = personal_path(asked, lang)
    path, left = export_graph(graph, output, format=format, include_personal=include_personal,
                              notes=notes, lang=lang)
    return Exported(Path(path), target, len(graph), left, include_personal, version,
                    renamed=Path(path) != asked)


def _refuse_public_export(store: GraphStore, target: URIRef, result: ImportResult) -> None:
    """A public export (``export`` without ``--donnees-personnelles``) submitted as it is
    would silently erase the personal data of the current version: refused, with the count.
    A public export whose personal columns were filled in again goes through."""
    if result.kind != "xlsx" or export_kind(result.source) != "public":
        return
    personal = set(personal_properties())
    current = store.get_graph(target)
    erased = {(s_, p) for s_, p, _o in current if p in personal
              and (s_, None, None) in result.graph and (s_, p, None) not in result.graph}
    if erased:
        raise InputError("submission.export_public", fichier=result.name,
                         graphe=graph_name(target), n=len(erased))


def _export_note(v: Version, lang: str) -> str:
    """« Données exportées de soumission/33, version 2 du 30/06/2026 (fichier d'origine : ...). »"""
    cat = catalogue(lang)
    return cat("submission.export.note", graphe=graph_name(v.target), numero=v.number,
               date=cat("submission.export.note_date", date=v.when.strftime("%d/%m/%Y"))
               if v.when else "",
               fichier=cat("submission.export.note_fichier", fichier=v.file) if v.file else "")


def describe_exported(done: Exported, lang: str = "fr") -> tuple[str, str | None]:
    """What ``ppgraph export`` says: the lines for the terminal, and a warning (for stderr)
    when some triples have no column in the template."""
    cat = catalogue(lang)
    lines = [cat.plural("submission.export.ecrit", done.triples, graphe=graph_name(done.target),
                        chemin=str(done.path))]
    if not done.include_personal:
        lines.append(cat("submission.export.personnel_vide"))
    else:
        lines.append(cat("submission.export.personnel_inclus"))
        if done.renamed:
            lines.append(cat("submission.export.renomme", chemin=str(done.path)))
    warning = cat.plural("submission.export.sans_colonne", len(done.left)) if done.left else None
    return "\n".join(lines), warning


def describe_submitted(done: Submitted, lang: str = "fr") -> str:
    """What ``ppgraph submit`` says once a submission is in: the new version, the one it
    replaced, and whether the report has warnings to read (or that nothing changed)."""
    cat = catalogue(lang)
    v = done.version
    if done.unchanged:
        lines = [cat("submission.aucune_modification", graphe=graph_name(v.target),
                     numero=v.number, date=v.when.strftime("%d/%m/%Y %H:%M") if v.when
                     else cat("submission.date_inconnue"))]
    else:
        lines = [cat.plural("submission.versee", v.triples or 0, numero=v.number,
                            graphe=graph_name(v.target), fichier=v.file or "",
                            empreinte=(v.sha256 or "")[:12])]
    if done.replaced is not None:
        old = done.replaced
        when = old.when.strftime("%d/%m/%Y %H:%M") if old.when else \
            cat("submission.date_inconnue")
        lines.append(cat("submission.remplace", numero=old.number, date=when))
    c = done.report.counts
    if c["avertissement"] or c["information"]:
        lines.append(cat("submission.a_lire",
                         avertissements=cat.plural("validation.compte.avertissement",
                                                   c["avertissement"]),
                         informations=cat.plural("validation.compte.information",
                                                 c["information"]),
                         fichier=v.file or ""))
    return "\n".join(lines)


def restore_question(number: int, target: URIRef, location: str, lang: str = "fr") -> str:
    """The confirmation ``ppgraph restore`` asks for."""
    return catalogue(lang)("submission.question_restaurer", numero=number,
                           graphe=graph_name(target), magasin=location)


def describe_restored(version: Version, number: int, lang: str = "fr") -> str:
    """What ``ppgraph restore`` says once the version is back."""
    return catalogue(lang).plural("submission.ramenee", version.triples or 0, numero=number,
                                  graphe=graph_name(version.target), nouvelle=version.number)


def render_history(versions: Sequence[Version], format: str = "table", lang: str = "fr") -> str:
    """The versions as ``ppgraph history`` prints them: an aligned table (in ``lang``), or
    JSON for a program (fixed keys).

    >>> print(render_history([], lang="en"))
    No version submitted with “ppgraph submit” in this store.
    """
    if format == "json":
        return json.dumps([{
            "graphe": str(v.target), "version": v.number, "iri": str(v.iri),
            "date": v.when.isoformat() if v.when else None, "par": v.by, "fichier": v.file,
            "sha256": v.sha256, "ppgraph": v.software, "triplets": v.triples,
            "courante": v.current,
            "revise": str(v.revision_of) if v.revision_of else None,
            "restaure": str(v.derived_from) if v.derived_from else None,
        } for v in versions], ensure_ascii=False, indent=2)
    cat = catalogue(lang)
    if not versions:
        return cat("submission.historique.vide")
    h = cat.submission.historique
    rows = []
    for v in versions:
        state = h("courante" if v.current else "archivee")
        if v.derived_from is not None:
            state += h("restaure", numero=str(v.derived_from).rsplit("/", 1)[-1])
        rows.append([graph_name(v.target), str(v.number),
                     v.when.strftime("%d/%m/%Y %H:%M") if v.when else "",
                     v.by or "", v.file or "", (v.sha256 or "")[:12],
                     number(v.triples or 0, lang), state])
    headers = [h("graphe"), h("version"), h("date"), h("par"), h("fichier"), h("sha256"),
               h("triplets"), h("etat")]
    return text_table(headers, rows, right={1, 6})

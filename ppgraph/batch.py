"""Submitting several départements at once: validated together, each landing as its own version.

A network's first load, or a campaign where every département sends its file, is one batch:
:func:`submit_batch` reads every file, validates each **once** with the others as context (a
département may cite another one's structures before that one is in the store), then
submits each one that conforms as its own version of its own graph (one transaction each,
as :func:`ppgraph.submission.submit`; for a network's first load, all of them in one bulk
load, all or nothing: :func:`ppgraph.submission.submit_first_versions`). A file that does
not conform, or cannot be read, is refused alone: the others go in, unless they cite records
that only the refused file held, in which case they are checked again without it and, if
they then fail, refused too, the report saying which département they depend on
(``blocked_by``).

>>> from ppgraph.store import Store
>>> batch = submit_batch(Store(), [])
>>> batch.outcomes, batch.conforms
([], True)
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
import json
import logging
import multiprocessing
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, SKOS, XSD, Graph, Literal, URIRef

from .errors import InputError, PpgraphError
from .i18n import catalogue
from .spreadsheet import ImportResult
from .spreadsheet.archive import Limits
from .spreadsheet.tables import WORKBOOK_SUFFIXES
from .store import GraphStore
from .store.formats import graph_to_ntriples
from .submission import (SubmissionRefused, Submitted, describe_submitted, graph_name,
                         submission_departement, submit, submit_first_versions, target_graph)
from .validation import ValidationReport, read_submission, render_report, validate
from .spreadsheet.schema import load_schema
from .validation.reading import rdf_format

__all__ = ["BatchOutcome", "Batch", "batch_files", "submit_batch", "render_batch",
           "describe_batch"]

_LOG = logging.getLogger(__name__)


@dataclass
class BatchOutcome:
    """What became of one file of a batch."""

    name: str
    """the file's name"""
    departement: str | None = None
    submitted: Submitted | None = None
    """the new version (or ``unchanged``), when it went in"""
    report: ValidationReport | None = None
    """its validation report (None if the file could not be read)"""
    error: PpgraphError | None = None
    """why it could not be read, or was refused after its validation"""
    blocked_by: tuple[str, ...] = ()
    """départements whose refused file held records this one cites"""

    @property
    def state(self) -> str:
        """``versee``, ``inchangee``, ``refusee``, ``bloquee`` or ``illisible``."""
        if self.submitted is not None:
            return "inchangee" if self.submitted.unchanged else "versee"
        if self.blocked_by:
            return "bloquee"
        return "refusee" if self.report is not None else "illisible"


@dataclass
class Batch:
    """The outcome of every file of a batch, in the order given."""

    outcomes: list[BatchOutcome] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """Every file went in (or was already there)."""
        return all(o.submitted is not None for o in self.outcomes)

    @property
    def refused(self) -> list[BatchOutcome]:
        return [o for o in self.outcomes if o.submitted is None]


def batch_files(sources: Iterable[str | os.PathLike]) -> list[Path]:
    """The files a batch is made of: each file given, and the submission files of each
    folder given (workbooks and RDF files, sorted). A folder with none of those is itself
    one submission (CSV files).

    >>> batch_files([])
    []
    """
    out: list[Path] = []
    for source in sources:
        p = Path(source)
        if p.is_dir():
            # Not plain .json (settings, notes...): JSON-LD in a folder says .jsonld.
            inside = sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")
                            and f.suffix.lower() != ".json"
                            and (f.suffix.lower() in WORKBOOK_SUFFIXES or rdf_format(f)))
            out.extend(inside or [p])
        else:
            out.append(p)
    return out


@dataclass
class _Facts:
    """What a batch asks of each file besides its validation."""

    types: bytes
    """its rdf:type triples, as N-Triples: all it contributes to another's validation"""
    defined: set
    """the IRIs it types (the records it holds)"""
    cited: set
    """the IRIs it cites without typing them"""


def _facts(graph: Graph) -> _Facts:
    types = Graph()
    for t in graph.triples((None, RDF.type, None)):
        types.add(t)
    return _Facts(graph_to_ntriples(types),
                  {s for s in types.subjects() if isinstance(s, URIRef)}, _cited(graph))


class _Received(Graph):
    """A file's graph as a batch's worker sends it: its N-Triples, parsed into an rdflib graph
    only when something reads it (the rendering of a report, a second validation). Its size
    and its N-Triples (what the bulk load writes) need no parse: at national scale, the parent
    no longer rebuilds the 1.8 million triples the workers read, only to write them."""

    def __init__(self, ntriples: bytes, count: int, identifier: object,
                 namespaces: list) -> None:
        self._pending: bytes | None = ntriples
        self._count = count
        self._namespaces = namespaces
        super().__init__(identifier=identifier)  # type: ignore[arg-type]

    @property
    def _Graph__store(self):  # noqa: N802 - rdflib's own (private) name for its store
        if self._pending is not None:
            self._parse()
        return self._received_store

    @_Graph__store.setter
    def _Graph__store(self, store) -> None:  # noqa: N802
        self._received_store = store

    def _parse(self) -> None:
        from rdflib import plugin
        from rdflib.store import Store as RdflibStore

        from .validation.reading import oxigraph_triples

        data = self._pending
        assert data is not None
        triples, _prefixes = oxigraph_triples(data, "nt")
        self._pending = None
        try:
            self.addN((s, p, o, self) for s, p, o in triples)
            for prefix, namespace in self._namespaces:
                self.bind(prefix, namespace, override=True, replace=True)
        except BaseException:  # interrupted: still the whole graph, to be parsed again
            self._received_store = plugin.get("default", RdflibStore)()
            self._pending = data
            raise

    def __len__(self) -> int:
        return self._count if self._pending is not None else super().__len__()

    def serialize(self, destination=None, format="turtle", base=None, encoding=None,
                  **args):  # type: ignore[override]
        if self._pending is not None and destination is None and encoding == "utf-8" \
                and format in ("nt", "nt11", "ntriples") and base is None and not args:
            return self._pending
        return super().serialize(destination, format, base, encoding, **args)

    def __reduce__(self):  # type: ignore[override]
        if self._pending is not None:
            return (_Received, (self._pending, self._count, self.identifier, self._namespaces))
        return super().__reduce__()


def _cited(graph: Graph) -> set[URIRef]:
    """IRIs a submission cites without describing them (no rdf:type of its own)."""
    typed = set(graph.subjects(RDF.type, None))
    return {o for o in graph.objects() if isinstance(o, URIRef)} - typed



def _kept(err: PpgraphError) -> PpgraphError:
    """``err`` as an outcome keeps it: without its traceback and the exceptions it came from,
    whose frames hold the store (kept alive, its lock would outlive ``Store.close``)."""
    err.__traceback__ = None
    err.__cause__ = err.__context__ = None
    return err

def submit_batch(store: GraphStore, sources: Sequence[str | os.PathLike | ImportResult], *,
                 by: str | None = None, when: dt.datetime | None = None,
                 limits: Limits | None = None, workers: int | None = None,
                 progress: Callable[[str], None] | None = None) -> Batch:
    """Validate several submissions together and submit each one that conforms.

    Parameters
    ----------
    store : GraphStore
        Open for writing. An empty store is given the reference data first (a first load).
    sources : sequence of paths (files or folders, see :func:`batch_files`) or ImportResult
        One submission per département: each says its département (workbook's Soumission
        sheet, or the ``pp:Soumission`` record of RDF).
    by, when : optional
        Who submits and when (as for :func:`ppgraph.submission.submit`).
    limits : Limits, optional
        How large a file may be.
    workers : int, optional
        Processes that read the files and run the validations (rdflib and pySHACL, the
        costly parts, use one core each): by default every core for a batch of 8 files or
        more on an embedded store (below, the start of the processes costs more than it
        saves), else 1. Each file is validated by the process that read it. The reports are
        the same (a result's place among the findings of one record may differ).
    progress : callable, optional
        Called with the file's name after each file is read, validated and submitted
        (three times per file: see :func:`batch_steps`).

    Returns
    -------
    Batch
        One :class:`BatchOutcome` per file, in the order given.
    """
    step = progress or (lambda _name: None)
    items: list[ImportResult | Path] = []
    for s in sources:
        items.extend([s] if isinstance(s, ImportResult) else batch_files([s]))
    if workers is None:
        workers = (os.cpu_count() or 1) if len(items) >= 8 else 1
    # The processes start now: they load pySHACL and the shapes while the files are read.
    pool = _Workers.start(min(workers, len(items)), limits) \
        if getattr(store, "oxigraph", None) is not None else None
    try:
        return _submit_batch(store, items, pool, by=by, when=when, limits=limits, step=step)
    finally:
        if pool is not None:
            pool.close()


def _submit_batch(store: GraphStore, items: list[ImportResult | Path], pool: _Workers | None,
                  *, by: str | None, when: dt.datetime | None, limits: Limits | None,
                  step: Callable[[str], None]) -> Batch:
    outcomes: list[BatchOutcome] = []
    results: dict[int, ImportResult] = {}
    seen: dict[str, int] = {}
    # 1. Read every file (in the worker processes, if any), each said read as it comes (the
    #    workers read the largest first); then, in the order given, which département each is
    #    for (the first file of a département is the one kept).
    read = pool.read(items) if pool is not None else {}
    got: dict[int, ImportResult] = {}
    for item in items:
        outcomes.append(BatchOutcome(
            name=item.name if isinstance(item, (ImportResult, Path)) else str(item)))
    for i in _as_read(read, len(items)):
        item = items[i]
        try:
            result = item if isinstance(item, ImportResult) else \
                read[i].result() if i in read else read_submission(item, limits=limits)
            outcomes[i].name = result.name
            got[i] = result
        except PpgraphError as err:
            outcomes[i].error = _kept(err)
        step(outcomes[i].name)
    for i, result in sorted(got.items()):
        outcome = outcomes[i]
        try:
            code = submission_departement(result)
            target_graph(code)  # an unknown département is said here
        except PpgraphError as err:
            outcome.error = _kept(err)
            continue
        outcome.departement = code
        if code in seen:
            outcome.error = InputError("submission.lot.doublon", fichier=outcome.name,
                                       departement=code, autre=outcomes[seen[code]].name)
        else:
            seen[code] = i
            results[i] = result
    # 2. Validate each once, the others' records as context. What the batch asks of each
    #    file (its types, the nodes it types, the IRIs it cites) came with it from the worker
    #    that read it; the parent works it out itself for the others.
    facts = {i: pool.facts[i] if pool is not None and i in pool.facts else _facts(r.graph)
             for i, r in results.items()}
    types = {i: f.types for i, f in facts.items()}
    contexts: dict[int, object] = {}

    def check(i: int, excluded: set[int]) -> ValidationReport:
        for j in results:
            if j not in contexts:
                contexts[j] = _context_of(types[j])
        others = [contexts[j] for j in results if j != i and j not in excluded]
        r = results[i]
        return validate(r, store=store, departement=outcomes[i].departement,
                        target_graph=target_graph(outcomes[i].departement), context=others)

    reports = _validate_all(store, results, outcomes, types, step, pool)
    if pool is not None:
        pool.close()  # what the processes hold (every file they read) is freed now
    for i in results:
        outcomes[i].report = reports[i]
    failed = {i for i in results if not outcomes[i].report.conforms}
    # 3. Those that cite a record only a refused file held are checked again without it.
    defined = {i: f.defined for i, f in facts.items()}
    cited = {i: f.cited for i, f in facts.items()}
    checked_without: dict[int, set[int]] = {i: set() for i in results}
    changed = True
    while changed:
        changed = False
        for i in results:
            if i in failed:
                continue
            culprits = {j for j in failed if cited[i] & defined[j]}
            if culprits <= checked_without[i]:
                continue
            checked_without[i] = set(failed)
            report = check(i, failed)
            if not report.conforms:
                outcomes[i].report = report
                outcomes[i].blocked_by = tuple(sorted(outcomes[j].departement
                                                      for j in culprits))
                failed.add(i)
                changed = True
    # 4. Submit each one that conforms: its own version, its own transaction. For a
    #    network's first load, all of them in one bulk load instead, all or nothing.
    passed = [i for i in results if i not in failed]
    first = submit_first_versions(
        store, [(results[i], outcomes[i].departement, outcomes[i].report) for i in passed],
        by=by, when=when, progress=lambda k: step(outcomes[passed[k]].name))
    for i, done in zip(passed, first or ()):
        outcomes[i].submitted = done
    for i in results:
        o = outcomes[i]
        if i in failed or o.submitted is not None:
            continue
        try:
            o.submitted = submit(store, results[i], departement=o.departement, by=by,
                                 when=when, report=o.report)
        except SubmissionRefused as err:  # pragma: no cover - the report said it conforms
            o.report = err.report
        except InputError as err:         # a public export that would erase personal data
            o.error = _kept(err)
        step(o.name)
    return Batch(outcomes)


def _as_read(read: dict[int, _Fallback], count: int) -> Iterator[int]:
    """The indices of a batch's files: those its workers read, as they finish; then the
    others in order."""
    by_future = {f.future: i for i, f in read.items()}
    for future in as_completed(by_future):
        yield by_future[future]
    yield from (i for i in range(count) if i not in read)


def _validate_all(store: GraphStore, results: dict[int, ImportResult],
                  outcomes: list[BatchOutcome], types: dict[int, bytes],
                  step: Callable[[str], None], pool: _Workers | None,
                  ) -> dict[int, ValidationReport]:
    """Each submission validated once, the others' records as context: in the worker
    processes, if the batch has some (each file where it was read), else here in turn."""
    jobs = {i: (outcomes[i].departement, target_graph(outcomes[i].departement))
            for i in results}
    out: dict[int, ValidationReport] = {}
    if pool is not None:
        for i, report in pool.validate(store, jobs, results, types):
            if report is not None:
                report.result, report.schema = results[i], load_schema()
                out[i] = report
                step(outcomes[i].name)
    # Every file's types in one context: a file's own typed nodes are never looked up in it.
    context = None
    for i, (code, target) in jobs.items():
        if i not in out:  # no worker, or the worker could not do it: here
            if context is None:
                context = _context_of(b"".join(types.values()))
            out[i] = validate(results[i], store=store, departement=code, target_graph=target,
                              context=[context])
            step(outcomes[i].name)
    return out


class _Workers:
    """The processes of a batch (pySHACL, the costly part, and rdflib's reading run in one
    thread each): one pool of one process per core, so that each file is validated by the
    process that read it, which kept it (nothing read is sent back to be validated).

    Every failure of a worker (it could not start; or what it returns cannot be sent)
    leaves the file to the parent, which reads or validates it itself: the same result,
    the same messages, only slower."""

    def __init__(self, pools: list[ProcessPoolExecutor], limits: Limits | None):
        self.pools = pools
        self.limits = limits
        self.owner: dict[int, int] = {}
        """file's index -> the pool whose process read it (or validates it)"""
        self.held: set[int] = set()
        """files a worker read and kept, for their validation"""
        self.facts: dict[int, _Facts] = {}
        """what a worker worked out of each file it read (see :func:`_facts`)"""

    @classmethod
    def start(cls, count: int, limits: Limits | None) -> _Workers | None:
        """Start ``count`` processes (none below 2), loading pySHACL and the shapes at
        once."""
        if count < 2:
            return None
        main = getattr(sys.modules.get("__main__"), "__file__", None)
        if main is not None and not os.path.exists(main):
            return None  # a program read from stdin (python -): a worker could not start
        context = multiprocessing.get_context("spawn")
        pools: list[ProcessPoolExecutor] = []
        try:
            for _ in range(count):
                pools.append(ProcessPoolExecutor(1, initializer=_worker_setup,
                                                 initargs=(limits,), mp_context=context))
                pools[-1].submit(_worker_ready)  # the process starts now, not at the first file
        except BaseException:
            for pool in pools:
                pool.shutdown(wait=False, cancel_futures=True)
            raise
        return cls(pools, limits)

    def read(self, items: Sequence[ImportResult | Path]) -> dict[int, _Fallback]:
        """Every file given by its path, read in a worker: the largest first, each to the
        process with the least to read so far."""
        paths = {i: item for i, item in enumerate(items) if isinstance(item, Path)}
        load = [0] * len(self.pools)
        futures = {}
        for i in sorted(paths, key=lambda i: -_size(paths[i])):
            k = load.index(min(load))
            load[k] += max(_size(paths[i]), 1)
            self.owner[i] = k
            futures[i] = _Fallback(self, i, self.pools[k].submit(_read_job, i, paths[i]),
                                   paths[i])
        return futures

    def validate(self, store: GraphStore, jobs: dict[int, tuple[str, URIRef]],
                 results: dict[int, ImportResult], types: dict[int, bytes]):
        """(index, report) for each job, as they come; report None where the worker failed."""
        import pyoxigraph as ox

        if not jobs:
            return

        oxi = store.oxigraph  # type: ignore[attr-defined]
        wanted = (ox.NamedNode(str(RDF.type)), ox.NamedNode(str(SKOS.inScheme)))
        typing = ox.serialize([q for p in wanted
                               for q in oxi.quads_for_pattern(None, p, None, None)
                               if not isinstance(q.graph_name, ox.DefaultGraph)],
                              format=ox.RdfFormat.N_QUADS) or b""
        batch_types = b"".join(types.values())
        futures = {}
        with_context: set[int] = set()
        for i, (code, target) in jobs.items():
            # A file given already read goes to the process with the fewest files; one read
            # here after its worker failed, back to that worker (if it is broken, the parent
            # validates it).
            k = self.owner.get(i)
            if k is None:
                k = min(range(len(self.pools)),
                        key=lambda k: sum(1 for v in self.owner.values() if v == k))
                self.owner[i] = k
            pool = self.pools[k]
            try:
                if k not in with_context:
                    pool.submit(_worker_context, typing, batch_types)
                    with_context.add(k)
                futures[pool.submit(_validate_job, i, None if i in self.held else results[i],
                                    code, target)] = i
            except BrokenProcessPool:
                yield i, None
        for future in as_completed(futures):
            try:
                yield futures[future], future.result()
            except Exception:  # noqa: BLE001 - the parent validates it itself
                _LOG.debug("validation d'un fichier reprise par le processus principal",
                           exc_info=True)
                yield futures[future], None

    def close(self) -> None:
        for pool in self.pools:
            pool.shutdown(wait=True, cancel_futures=True)
        self.pools = []


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class _Fallback:
    """A worker's reading of a file, or, if the worker could not read it (it failed, or what
    it read cannot be sent), the parent's own."""

    def __init__(self, workers: _Workers, i: int, future: Future, path: Path):
        self.workers, self.i, self.future, self.path = workers, i, future, path

    def result(self) -> ImportResult:
        try:
            kind, value = self.future.result()
        except Exception:  # noqa: BLE001 - read here, with the same result or message
            _LOG.debug("lecture de %s reprise par le processus principal", self.path,
                       exc_info=True)
            return read_submission(self.path, limits=self.workers.limits)
        if kind == "erreur":
            raise value
        result, facts = value
        self.workers.held.add(self.i)
        self.workers.facts[self.i] = facts
        return result


# In a worker process only (set by the pool's initializer and its jobs, read by its jobs):
# the limits, what it read, the store's types in a store in memory and the batch's types.
_WORKER: dict = {}


def _worker_setup(limits: Limits | None) -> None:
    """In a worker process, at its start: pySHACL, the shapes and the schema loaded."""
    from .validation.check import _bulk_prepared, _shapes_for_pyshacl

    _WORKER["limits"] = limits
    _WORKER["read"] = {}
    # When the pool shuts down, a worker leaves without freeing one by one the millions of
    # objects it made (12 s of the national build's 170 were spent waiting for that). The
    # exit handlers run after multiprocessing has flushed the worker's queues: nothing is lost.
    atexit.register(os._exit, 0)
    load_schema()
    _shapes_for_pyshacl()
    _bulk_prepared()


def _worker_ready() -> None:
    """In a worker process: nothing (its first job starts it)."""


def _read_job(i: int, path: Path) -> tuple[str, object]:
    """In a worker process: read file ``i``, keep it for its validation, send it."""
    try:
        result = read_submission(path, limits=_WORKER["limits"])
    except PpgraphError as err:
        return "erreur", _kept(err)
    _WORKER["read"][i] = result
    return "lu", _shipped(result)


def _shipped(result: ImportResult) -> tuple[ImportResult, _Facts]:
    """In a worker process: what the parent receives of a file it read. The file with its
    graph as N-Triples (:class:`_Received`: the parent parses it only if it reads it), and
    what the batch asks of it (:func:`_facts`). A graph that Oxigraph would not read back
    exactly as it is (a literal it writes otherwise, a term it refuses) is sent as it is."""
    import pyoxigraph as ox

    g = result.graph
    facts = _facts(g)
    if type(g) is Graph and _RECEIVED_WORKS and not _changed_by_oxigraph(g):
        data = graph_to_ntriples(g)
        try:
            whole = sum(1 for _ in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)) == len(g)
        except (SyntaxError, ValueError):
            whole = False
        if whole:
            result = dataclasses.replace(result, graph=_Received(
                data, len(g), g.identifier, list(g.namespaces())))
    return result, facts


def _worker_context(typing: bytes, batch_types: bytes) -> None:
    """In a worker process: the store's types, in a store in memory, and the batch's."""
    import pyoxigraph as ox

    from .store import Store

    store = Store()
    if typing:
        store.oxigraph.load(typing, format=ox.RdfFormat.N_QUADS)
    _WORKER["store"] = store
    _WORKER["context"] = _context_of(batch_types)


_RECEIVED_WORKS = "_Graph__store" in vars(Graph())
"""Whether this rdflib keeps a graph's store where :class:`_Received` reads it (rdflib 7 does;
another version: the graphs are sent as they are)."""


def _changed_by_oxigraph(graph: Graph) -> bool:
    """Whether Oxigraph's parser would read back some literal of ``graph`` as another rdflib
    literal: it writes ``"x"^^xsd:string`` as ``"x"`` and a language tag in lower case (other
    lexical forms it keeps)."""
    for o in graph.objects():
        if isinstance(o, Literal) and (o.datatype == XSD.string or
                                       (o.language and o.language != o.language.lower())):
            return True
    return False


def _context_of(ntriples: bytes) -> object:
    """Types in N-Triples as a validation's context (:class:`_Types`; rdflib's graph for
    an IRI rdflib reads and Oxigraph's stricter parser refuses)."""
    try:
        return _Types(ntriples)
    except (SyntaxError, ValueError):
        return Graph().parse(data=ntriples, format="nt")


class _Types:
    """The batch's ``rdf:type`` triples by subject, read by Oxigraph's parser: all that a
    validation asks of its context (``objects(iri, RDF.type)``), without building an rdflib
    graph of them in each worker (600 000 triples at national scale: 9 s each)."""

    def __init__(self, ntriples: bytes):
        import pyoxigraph as ox

        self.classes: dict[str, list] = {}
        for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES) if ntriples else ():
            if isinstance(t.subject, ox.NamedNode):  # only IRIs are looked up
                self.classes.setdefault(t.subject.value, []).append(t.object)

    def objects(self, subject: object, predicate: object) -> Iterator:
        from .store.embedded import to_rdflib

        if predicate == RDF.type and isinstance(subject, URIRef):
            for cls in self.classes.get(str(subject), ()):
                yield to_rdflib(cls)


def _validate_job(i: int, result: ImportResult | None, departement: str,
                  target: URIRef) -> ValidationReport:
    """In a worker process: one validation (of the file it read, or of the one given), its
    report without the file and the schema (the parent holds both). The worker's store
    answers the validation's one question of the store (the types of what the file cites)
    as the store would: the same report."""
    if result is None:
        result = _WORKER["read"].pop(i)
    else:
        _WORKER["read"].pop(i, None)
    report = validate(result, store=_WORKER["store"], departement=departement,
                      target_graph=target, context=[_WORKER["context"]])
    report.result = None
    report.schema = None  # type: ignore[assignment]
    return report


def batch_steps(sources: Sequence[str | os.PathLike]) -> int:
    """How many times :func:`submit_batch` calls its ``progress`` at most."""
    return 3 * len(batch_files(sources))


def describe_batch(batch: Batch, lang: str = "fr") -> str:
    """What ``ppgraph submit`` says after a batch: one line per file, then the count."""
    cat = catalogue(lang)
    lines = []
    for o in batch.outcomes:
        if o.submitted is not None:
            lines.append(describe_submitted(o.submitted, lang).splitlines()[0])
        elif o.blocked_by:
            lines.append(cat.plural("submission.lot.bloquee", len(o.blocked_by), fichier=o.name,
                                    departements=", ".join(o.blocked_by)))
        elif o.report is not None and o.error is None:
            lines.append(cat.plural("submission.lot.refusee", o.report.count("violation"),
                                    fichier=o.name))
        else:
            lines.append(cat("submission.lot.illisible", fichier=o.name,
                             cause=o.error.message(lang) if o.error else ""))
    done = sum(1 for o in batch.outcomes if o.submitted is not None)
    lines.append(cat("submission.lot.bilan", n=len(batch.outcomes), versees=done,
                     refusees=len(batch.outcomes) - done))
    return "\n".join(lines)


def render_batch(batch: Batch, format: str = "text", lang: str = "fr") -> str:
    """The one report of a batch: every refused file's validation report after the summary
    (``text``), or everything as JSON (``json``: each file's state, version, the
    départements it waits for, and its report)."""
    if format == "json":
        return json.dumps([{
            "fichier": o.name, "departement": o.departement, "etat": o.state,
            "graphe": graph_name(o.submitted.version.target) if o.submitted else None,
            "version": o.submitted.version.number if o.submitted else None,
            "bloque_par": list(o.blocked_by),
            "erreur": o.error.message(lang) if o.error else None,
            "rapport": json.loads(render_report(o.report, "json", lang=lang))
            if o.report is not None else None,
        } for o in batch.outcomes], ensure_ascii=False, indent=2)
    parts = [describe_batch(batch, lang)]
    for o in batch.outcomes:
        if o.submitted is None and o.report is not None:
            parts.append(render_report(o.report, "text", lang=lang).rstrip("\n"))
    return "\n\n".join(parts) + "\n"

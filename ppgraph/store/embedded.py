"""The embedded store: Oxigraph on disk (or in memory), with the ``GraphStore`` interface.

SPARQL runs in Oxigraph; rdflib stays the in-memory model of small graphs (a submission, a
CONSTRUCT result). Queries see the union of all named graphs as their default graph, so a
question does not need to know which submission holds what.

>>> from rdflib import Graph, URIRef, Literal
>>> g = Graph(); _ = g.add((URIRef("urn:x"), URIRef("urn:p"), Literal("a")))
>>> store = Store()                       # in memory; Store("dir") is on disk
>>> store.replace_graph("urn:g", g)
1
>>> store.count("urn:g")
1
>>> store.select("SELECT ?o WHERE { ?s ?p ?o }")
[{'o': rdflib.term.Literal('a')}]
"""

from __future__ import annotations

import contextlib
import gc
import io
import itertools
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from ..errors import InputError, StoreError, StoreLockedError
from ..i18n import Message
from ..namespaces import PREFIXES
from .formats import (dump_format, dump_syntax, graph_to_ntriples, ntriples, oxigraph_format,
                      rdf_source, reading)
from .protocol import Bindings, RdfData
from .sparql import XSD_STRING, bind_values

__all__ = ["Store", "to_rdflib", "to_oxigraph"]


# -- term conversion --------------------------------------------------------------------

def to_rdflib(term: Any) -> Identifier | None:
    """An Oxigraph term as the equal rdflib term (plain literals lose their xsd:string).

    >>> to_rdflib(ox.Literal("a", language="fr"))
    rdflib.term.Literal('a', lang='fr')
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError("store.terme_non_pris_en_charge", terme=repr(term))


def to_oxigraph(term: Any) -> Any:
    """An rdflib term (or a plain Python str/int/float/bool) as an Oxigraph term.

    >>> to_oxigraph(URIRef("urn:x"))
    <NamedNode value=urn:x>
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, (str, int, float, bool)):
        return to_oxigraph(Literal(term))
    raise InputError("store.valeur_non_liable", valeur=repr(term))


def _graph_node(graph: str | URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(graph))


# -- the store ----------------------------------------------------------------------------

class Store:
    """A dataset of named graphs, in memory (``Store()``) or on disk (``Store(path)``).

    It satisfies :class:`ppgraph.store.GraphStore`.

    Parameters
    ----------
    path : str or Path, optional
        Directory of the embedded Oxigraph store (created if missing). ``None``: in memory.
    read_only : bool
        Open an existing on-disk store for reading only; several readers may share it with
        one writer.
    wait : float
        Seconds to wait for another process that holds the on-disk store for writing (say, a
        submission under way) to let it go; 0 (the default): do not wait.
    on_wait : callable, optional
        Called once, with a :class:`~ppgraph.i18n.Message` saying what is awaited, when the
        store is found locked and ``wait`` is not 0 (the command line prints it).

    Raises
    ------
    StoreLockedError
        If another process holds the on-disk store for writing (still, after ``wait``).
    StoreError
        If ``read_only`` is asked for a store that does not exist, or it cannot be opened.
    """

    def __init__(self, path: str | os.PathLike | None = None, *, read_only: bool = False,
                 wait: float = 0.0, on_wait: Callable[[Message], None] | None = None):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is None:
            self._ox = ox.Store()
            return
        if self.path.exists() and not self.path.is_dir():
            raise StoreError("store.fichier_pas_dossier", chemin=str(self.path))
        with swap_lock(self.path):
            recover_restore(self.path, cleanup=not read_only)
        if read_only and not (self.path / "CURRENT").exists():
            # A demo folder holds its store in « store/ »: say so to whoever points at it.
            hint = (Message("store.indice_dossier_demo")
                    if (self.path / "store" / "CURRENT").exists() else "")
            raise StoreError("store.absent", chemin=str(self.path), indice=hint)
        deadline = time.monotonic() + max(0.0, wait)
        told = False
        while True:
            try:
                # Not in the middle of another process's swap (load, restore, a first load
                # in bulk): it holds this lock from the old store's close to the new one's
                # opening, so that no writer takes the old one meanwhile.
                with swap_lock(self.path):
                    self._ox = (ox.Store.read_only(str(self.path)) if read_only
                                else ox.Store(str(self.path)))
                return
            except OSError as err:
                text = str(err)
                if "lock" not in text.lower():
                    raise StoreError("store.ouverture_impossible", chemin=str(self.path),
                                     detail=text) from err
                # Held by this very process (another Store object): waiting cannot help.
                if time.monotonic() >= deadline or "current process" in text:
                    if wait > 0 and "current process" not in text:
                        raise StoreLockedError("store.verrouille_apres_attente",
                                               chemin=str(self.path),
                                               secondes=f"{wait:g}") from err
                    raise StoreLockedError("store.verrouille", chemin=str(self.path)) from err
            # RocksDB's lock is held by the other process until it closes the store (or
            # dies: the system releases it then). Ask again, a few times a second.
            if not told and on_wait is not None:
                on_wait(Message("store.attente_verrou", chemin=str(self.path),
                                secondes=f"{wait:g}"))
            told = True
            time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "in memory"
        return f"<Store {where}{' (read-only)' if self.read_only else ''}>"

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the store (and its lock)."""
        oxi = getattr(self, "_ox", None)
        if oxi is not None:
            if self.path is not None and not self.read_only:
                oxi.flush()
            self._ox = None
            # RocksDB's lock goes when the last reference does. Frames caught in reference
            # cycles (pySHACL's, a kept exception's traceback) may still hold the store until
            # the next garbage collection: collect them now, so that closing releases it.
            if self.path is not None and sys.getrefcount(oxi) > 2:
                del oxi
                gc.collect()

    @property
    def location(self) -> str | None:
        """The store's folder, as messages name it; None for a store in memory."""
        return str(self.path) if self.path is not None else None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for bulk work the interface does not cover)."""
        return self._ox

    # -- graphs ---------------------------------------------------------------------------

    def graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""
        return sorted(URIRef(g.value) for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph: str | URIRef | None = None) -> int:
        """Number of triples in one named graph, or quads in the whole dataset."""
        if graph is None:
            return len(self._ox)
        rows = self._ox.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return int(next(iter(rows))["n"].value)

    def graph_counts(self) -> dict[URIRef, int]:
        """Triples per named graph, in one query."""
        rows = self._ox.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {URIRef(r["g"].value): int(r["n"].value) for r in rows}

    def get_graph(self, graph: str | URIRef) -> Graph:
        """A copy of one named graph as an rdflib Graph."""
        out = Graph()
        data = self.ntriples(graph)
        if data:
            out.parse(data=data, format="nt")
        return out

    def ntriples(self, graph: str | URIRef) -> bytes:
        """One named graph as N-Triples bytes, straight from Oxigraph (no rdflib parse)."""
        return self._ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=_graph_node(graph))

    def replace_graph(self, graph: str | URIRef, data: RdfData, *,
                      format: str | None = None) -> int:
        """Replace a named graph with ``data``, atomically, and return its new triple count.

        ``data`` is an rdflib Graph, or a file path / bytes in ``format`` (turtle, nt, xml;
        a file's format is otherwise the one its suffix says).
        The new content is parsed and checked first (an unreadable one changes nothing);
        then ONE SPARQL update (one transaction) drops the old graph and inserts the new
        triples, so a reader sees either the old or the new version, never a mixture, and
        no quad is written twice (a staging graph moved onto the target copied every quad
        again).
        """
        self._writable()
        content = ntriples(data, format).decode("utf-8")
        self._ox.update(f"DROP SILENT GRAPH <{graph}> ;\n"
                        f"INSERT DATA {{ GRAPH <{graph}> {{\n{content}\n}} }}")
        return self.count(graph)

    def add_graph(self, graph: str | URIRef, data: RdfData, *,
                  format: str | None = None) -> None:
        """Add triples to a named graph (kept: what it already holds)."""
        self._writable()
        self._load_into(graph, data, format=format)

    def drop_graph(self, graph: str | URIRef) -> None:
        """Remove a named graph and its triples."""
        self._writable()
        self._ox.update(f"DROP SILENT GRAPH <{graph}>")

    def _load_into(self, graph: str | URIRef, data: RdfData, *, format: str | None) -> None:
        source = rdf_source(data, format)
        target = _graph_node(graph)
        # One load is one transaction: a parse error leaves nothing behind.
        with reading(source):
            if source.path is not None:
                self._ox.load(path=str(source.path), format=source.format, to_graph=target)
            else:
                self._ox.load(source.data, format=source.format, to_graph=target)

    # -- SPARQL ---------------------------------------------------------------------------

    def _query(self, sparql: str, bindings: Bindings | None):
        text = bind_values(sparql, bindings)
        try:
            return self._ox.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)
        except SyntaxError as err:
            raise InputError("store.requete_invalide", detail=str(err)) from err
        except RuntimeError as err:
            raise StoreError("store.execution_impossible", detail=str(err)) from err

    def select(self, sparql: str, bindings: Bindings | None = None) -> list[dict[str, Identifier]]:
        """Run a SELECT; each row is a dict of variable name → rdflib term (unbound omitted).

        ``bindings`` are bound as RDF terms in a ``VALUES`` block
        (:func:`ppgraph.store.sparql.bind_values`), never pasted into the query as text;
        a value may be a sequence of terms.
        """
        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise InputError("store.pas_un_select")
        names = [v.value for v in result.variables]
        rows = []
        for sol in result:
            row = {}
            for name in names:
                value = sol[name]
                if value is not None:
                    row[name] = to_rdflib(value)
            rows.append(row)
        return rows

    def construct(self, sparql: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE and return an rdflib Graph."""
        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise InputError("store.pas_un_construct")
        out = Graph()
        data = result.serialize(format=ox.RdfFormat.N_TRIPLES)
        if data:
            out.parse(data=data, format="nt")
        for prefix, ns in PREFIXES.items():
            out.bind(prefix, ns)
        return out

    def ask(self, sparql: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK."""
        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise InputError("store.pas_un_ask")
        return bool(result)

    @contextlib.contextmanager
    def exclusive(self, name: str | URIRef) -> Iterator[None]:
        """Nothing to take: an on-disk store has one writing process (the others wait to open
        it, see ``wait``), and calls on one ``Store`` object run one after the other."""
        self._writable()
        yield

    def update(self, sparql: str) -> None:
        """Run a SPARQL UPDATE, as one transaction."""
        self._writable()
        try:
            self._ox.update(sparql, prefixes=PREFIXES)
        except SyntaxError as err:
            raise InputError("store.mise_a_jour_invalide", detail=str(err)) from err
        except RuntimeError as err:
            # Oxigraph refuses the update as a whole: nothing was changed.
            raise InputError("store.mise_a_jour_echouee", detail=str(err)) from err

    # -- dump and restore -----------------------------------------------------------------

    def dump(self, destination: str | os.PathLike | io.BufferedIOBase, format: str | None = None) -> None:
        """Write the whole dataset (every named graph) as TriG or N-Quads."""
        fmt = oxigraph_format(dump_format(destination, format))
        if isinstance(destination, (str, os.PathLike)):
            self._ox.dump(str(destination), format=fmt)
        else:
            destination.write(self._ox.dump(format=fmt))

    def restore(self, source: str | os.PathLike, format: str | None = None) -> int:
        """Replace the whole dataset with a TriG or N-Quads dump; return the number of quads.

        All or nothing, in bounded memory: the dump is streamed by Oxigraph's bulk loader
        into a NEW store beside this one (``.<name>.restauration-<pid>``); only once it is
        complete does it take this store's place (two renames), and the old one is deleted.
        An unreadable or empty dump, or an interruption (even ``kill -9``) before the swap,
        leaves the store as it was; an interruption between the two renames is completed
        the next time the store is opened (:func:`recover_restore`). A store in memory is
        swapped the same way.
        """
        self._writable()
        path = Path(source)
        fmt = dump_syntax(path, format)
        return self._swap_in(lambda fresh: _bulk_load(fresh, path, fmt))

    def load_graphs(self, graphs: Iterable[tuple[str | URIRef, Graph | bytes]], *,
                    progress: Callable[[int], None] | None = None) -> int:
        """Add several named graphs (rdflib Graphs or N-Triples bytes), all or nothing, with
        Oxigraph's bulk loader; the number of triples added.

        Many times faster than one transaction per graph (a network's first load: 101
        départements, 1.8 million triples), it copies what the store holds too: a NEW store
        is filled beside this one (every quad of this one, then the new graphs) and takes its
        place as in :meth:`restore` (an interruption leaves the store as it was). So it is
        for adding at least as much as the store holds. A blank node of one graph is never
        the same as one of another graph or of the store. ``progress`` is called with the
        index of each graph once its triples are handed to the loader."""
        self._writable()
        tell = progress or (lambda _i: None)

        def renamed(node: ox.NamedNode, raw: bytes) -> Iterator[ox.Quad]:
            blank: dict[str, ox.BlankNode] = {}

            def own(term: Any) -> Any:
                if isinstance(term, ox.BlankNode):
                    return blank.setdefault(term.value, ox.BlankNode())
                return term
            for t in ox.parse(raw, format=ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(own(t.subject), t.predicate, own(t.object), node)

        def fill(fresh: ox.Store) -> int:
            copied = 0
            quads = self._ox.quads_for_pattern(None, None, None, None)
            while chunk := list(itertools.islice(quads, _BULK_CHUNK)):
                fresh.bulk_extend(chunk)
                copied += len(chunk)
            for i, (graph, data) in enumerate(graphs):
                node = _graph_node(graph)
                raw = graph_to_ntriples(data) if isinstance(data, Graph) else data
                if b"_:" not in raw:
                    # No blank node to keep apart from the others': Oxigraph's own loader
                    # reads the N-Triples (a third faster than handing it quads from Python).
                    fresh.bulk_load(raw, format=ox.RdfFormat.N_TRIPLES, to_graph=node)
                else:
                    quads = renamed(node, raw)
                    while chunk := list(itertools.islice(quads, _BULK_CHUNK)):
                        fresh.bulk_extend(chunk)
                tell(i)
            return len(fresh) - copied
        return self._swap_in(fill)

    def _swap_in(self, fill: Callable[[ox.Store], int]) -> int:
        """A new store, filled by ``fill``, takes this one's place, all or nothing: it is
        made beside this one (``.<name>.restauration-<pid>``); only once it is complete does
        it take this store's place (two renames), and the old one is deleted. An error or an
        interruption (even ``kill -9``) before the swap leaves the store as it was; one
        between the two renames is completed the next time the store is opened
        (:func:`recover_restore`). A store in memory is swapped the same way."""
        if self.path is None:
            fresh = ox.Store()
            n = fill(fresh)
            self._ox = fresh
            return n
        partial = _sibling(self.path, f"restauration-{os.getpid()}")
        shutil.rmtree(partial, ignore_errors=True)
        try:
            fresh = ox.Store(str(partial))
            n = fill(fresh)
            fresh.flush()
            del fresh                      # closed: its lock released
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        ready = _sibling(self.path, f"prete-{os.getpid()}")
        old = _sibling(self.path, f"ancienne-{os.getpid()}")
        shutil.rmtree(ready, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
        partial.rename(ready)              # complete: from now on, the new dataset wins
        with swap_lock(self.path, exclusive=True):
            self._ox.flush()
            self._release()                # this store closed (its lock released)
            self.path.rename(old)
            ready.rename(self.path)
            self._ox = ox.Store(str(self.path))
        shutil.rmtree(old, ignore_errors=True)
        return n

    def _release(self) -> None:
        """Let the underlying store go (RocksDB's lock with it), in a swap."""
        self._ox = None

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("store.lecture_seule")


# -- restore: a new store put in place of the old one ----------------------------------------

@contextlib.contextmanager
def swap_lock(path: Path, *, exclusive: bool = False) -> Iterator[None]:
    """The lock that keeps a store's folder whole while another process swaps a new store in.

    A swap (:meth:`Store.restore`, :meth:`Store.load_graphs`) closes the old store, then
    renames folders: a process waiting to write could otherwise open the old store in that
    instant and write into a folder about to be deleted. The swap holds this lock
    (``exclusive``) from the old store's close to the new one's opening; opening a store takes
    it shared, for the time of the opening only. A file beside the store,
    ``.<name>.verrou``; where it cannot be made (a read-only folder) or locked (a file
    system without locks, a system without ``fcntl``), nothing is locked."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    # A store not made yet needs no lock file (a staging store leaves none behind), unless
    # one is there: a swap under way, between the old folder's rename and the new one's.
    create = os.O_CREAT if exclusive or path.exists() else 0
    try:
        fd = os.open(swap_lock_file(path), os.O_RDWR | create, 0o644)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        except OSError:
            pass  # a file system without locks (some network shares): nothing is locked
        yield
    finally:
        os.close(fd)


def swap_lock_file(path: Path) -> Path:
    """The file of :func:`swap_lock` for the store at ``path`` (``.<name>.verrou``)."""
    return _sibling(path, "verrou")


def _sibling(path: Path, what: str) -> Path:
    """A folder beside the store, hidden, named after it: ``.<name>.<what>``."""
    return path.parent / f".{path.name}.{what}"


_BULK_CHUNK = 200_000
"""Quads handed to Oxigraph's bulk loader at a time by :func:`_bulk_load`. One ``bulk_load``
of a whole national dump peaks at 1.3 GB (the loader keeps a million quads per thread in
memory); chunks of 200,000 quads peak under 300 MB for 1.25× its time (benchmarks/run.py)."""


def _bulk_load(target: ox.Store, path: Path, fmt: str) -> int:
    """Stream ``path`` into ``target`` with Oxigraph's bulk loader, in chunks of
    :data:`_BULK_CHUNK` quads (memory bounded whatever the size of the dump); the number
    of quads. ``target`` is a new store: all or nothing comes from the swap that follows.

    Raises InputError naming the file when it cannot be parsed or holds nothing."""
    try:
        quads = ox.parse(path=str(path), format=oxigraph_format(fmt))
        while chunk := list(itertools.islice(quads, _BULK_CHUNK)):
            target.bulk_extend(chunk)
    except (SyntaxError, OSError, ValueError) as err:
        raise InputError("store.sauvegarde_illisible", chemin=str(path), detail=str(err)) \
            from err
    n = len(target)
    if n == 0:
        raise InputError("store.sauvegarde_vide", chemin=str(path))
    return n


def recover_restore(path: Path, *, cleanup: bool = True) -> None:
    """Finish or undo a restore that was interrupted (see :meth:`Store.restore`).

    If the store's folder is missing, a complete new store (``.<name>.prete-<pid>``) whose
    swap was interrupted takes its place (else the old one, ``.<name>.ancienne-<pid>``,
    comes back). With ``cleanup``, what an interrupted restore left beside the store is
    removed, unless the process that made it is still running."""
    if not path.exists():
        for kind in ("prete", "ancienne"):
            found = sorted(path.parent.glob(f".{path.name}.{kind}-*"),
                           key=lambda p: p.stat().st_mtime)
            if found:
                found[-1].rename(path)
                break
    if not cleanup or not path.exists():
        return
    for kind in ("restauration", "prete", "ancienne"):
        for leftover in path.parent.glob(f".{path.name}.{kind}-*"):
            pid = leftover.name.rsplit("-", 1)[-1]
            if pid.isdigit() and _alive(int(pid)):
                continue                   # another process's restore under way
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True

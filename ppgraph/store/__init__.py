"""Where the graph lives: the ``GraphStore`` interface, the embedded store, a SPARQL server.

Modules:

* :mod:`~ppgraph.store.protocol`: :class:`GraphStore`, the interface every function of ppgraph
  works on (a ``typing.Protocol``), and the staging-graph convention of atomic replaces;
* :mod:`~ppgraph.store.embedded`: :class:`Store`, Oxigraph on disk (or in memory);
* :mod:`~ppgraph.store.server`: :class:`Endpoint`, a SPARQL 1.1 server over HTTP;
* :mod:`~ppgraph.store.push`: :func:`push_store`, copying a store to a server;
* :mod:`~ppgraph.store.sparql`: SPARQL text, and :func:`~ppgraph.store.sparql.bind_values`,
  the one way parameters are bound;
* :mod:`~ppgraph.store.formats`: the one table of RDF formats and file suffixes;
* :mod:`~ppgraph.store.version`: the version of the model a store was built with (a store of
  another version is refused when it is opened).

>>> with open_store(endpoint="http://127.0.0.1:7878", read_only=True) as server:
...     server
<Endpoint http://127.0.0.1:7878 (read-only)>
>>> isinstance(server, GraphStore)
True
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..i18n import Message
from .embedded import Store, to_oxigraph, to_rdflib
from .formats import dump_format, graph_to_ntriples, read_dump
from .protocol import WRITER_WAIT, GraphStore
from .push import PushReport, graphs_to_push, push_store
from .server import Endpoint
from .version import check_model_version, model_version

__all__ = ["GraphStore", "Store", "Endpoint", "open_store", "push_store", "graphs_to_push",
           "PushReport", "to_rdflib", "to_oxigraph", "graph_to_ntriples", "dump_format",
           "read_dump", "DEFAULT_STORE", "DEMO_FOLDER", "WRITER_WAIT", "default_store_path",
           "check_model_version", "model_version"]

DEFAULT_STORE = "ppgraph-store"
"""The folder of the embedded store when none is given."""

DEMO_FOLDER = "ppgraph-demo"
"""Where ``ppgraph demo`` writes its store (``store/``) and its site (``site/``)."""


def default_store_path(folder: str | os.PathLike | None = None) -> Path:
    """The store used when none is given: ``ppgraph-store``, or the demo's
    (``ppgraph-demo/store``) when ``ppgraph-store`` does not exist in ``folder`` and the
    demo's does — so that the commands typed after ``ppgraph demo`` find its store.

    The path is relative to ``folder`` (the working directory when None). The environment
    is not read here: the command line reads ``PPGRAPH_STORE`` (click's ``envvar``) and
    passes the folder it names.

    >>> import tempfile
    >>> here = Path(tempfile.mkdtemp())
    >>> str(default_store_path(here))
    'ppgraph-store'
    >>> (here / "ppgraph-demo" / "store").mkdir(parents=True)
    >>> _ = (here / "ppgraph-demo" / "store" / "CURRENT").write_text("")
    >>> str(default_store_path(here))
    'ppgraph-demo/store'
    """
    base = Path(folder) if folder is not None else Path.cwd()
    demo = Path(DEMO_FOLDER) / "store"
    if not (base / DEFAULT_STORE).exists() and (base / demo / "CURRENT").is_file():
        return demo
    return Path(DEFAULT_STORE)


def open_store(path: str | os.PathLike | None = None, *, read_only: bool = False,
               endpoint: str | None = None, wait: float = 0.0,
               on_wait: Callable[[Message], None] | None = None) -> GraphStore:
    """Open the store every command works on: a SPARQL server if ``endpoint`` is given,
    else the embedded store at ``path``, refused if it was built with another version of
    the model (:func:`~ppgraph.store.version.check_model_version`; a server is checked by
    the commands, which call it before their first request).

    No environment variable is read: the caller says which store it wants.

    Parameters
    ----------
    path : path, optional
        The on-disk store (default ``./ppgraph-store``).
    read_only : bool
        Open for reading only.
    endpoint : str, optional
        URL of a SPARQL 1.1 server to use instead: then an :class:`Endpoint`, with the same
        interface, is returned (giving ``path`` too is an error: which one was meant?).
    wait, on_wait
        How long a writer waits for another one, and what to call when waiting starts: for
        the embedded store, another process holding it (see :class:`Store`); for a server,
        another client submitting the same graph (see :meth:`Endpoint.exclusive`).

    Example
    -------
    >>> open_store(endpoint="http://127.0.0.1:7878", read_only=True)
    <Endpoint http://127.0.0.1:7878 (read-only)>
    """
    if endpoint and path is not None:
        raise InputError("store.magasin_et_serveur")
    if endpoint:
        # No request here: the commands check a server's model version before they use it.
        return Endpoint(endpoint, read_only=read_only, wait=wait, on_wait=on_wait)
    where = path if path is not None else default_store_path()
    store = Store(where, read_only=read_only, wait=wait, on_wait=on_wait)
    try:
        check_model_version(store, str(where))
    except BaseException:
        store.close()
        raise
    return store

"""A SPARQL 1.1 server as a ppgraph store: ``Endpoint``, the HTTP client (standard library only).

When a regional network shares one graph, it lives on a server (Oxigraph server, Apache Jena
Fuseki, GraphDB...). :class:`Endpoint` satisfies :class:`ppgraph.store.GraphStore` and talks
to the server with the two W3C protocols every such server implements:

* the **SPARQL 1.1 Protocol** for queries (``…/query``) and updates (``…/update``);
* the **SPARQL 1.1 Graph Store HTTP Protocol** (GSP, ``…/store?graph=IRI``) to send and read
  whole named graphs.

It keeps the store's promises:

* ``replace_graph`` is atomic: the new content goes into a fresh staging graph (GSP ``PUT``),
  then **one** SPARQL update drops the target and moves the staging graph onto it; a server
  runs one update request as one transaction, so a reader sees the old or the new version,
  never a mixture, and an unreadable file never reaches the server. If an upload or the
  final update fails, the staging graphs already sent are dropped;
* queries see the **union of the named graphs** as their default graph: start Oxigraph with
  ``--union-default-graph`` (Fuseki: ``tdb2:unionDefaultGraph true``; GraphDB does it by
  default). The client checks it on the first query and says how to fix it otherwise;
* ``bindings`` are bound as RDF terms, as on the embedded store, by
  :func:`ppgraph.store.sparql.bind_values`;
* the prefixes ``pp:``, ``ref:``, ``rdfs:``, ``skos:``... are declared for every query and
  update, as in the embedded store.

Server layouts (``url`` is the base of the dataset):

==================  =====================================  ================================
server              ``url``                                 services used
==================  =====================================  ================================
Oxigraph            ``http://hote:7878``                    ``/query``, ``/update``, ``/store``
Fuseki              ``http://hote:3030/ppgraph``            ``/query``, ``/update``, ``/store``
                                                            (name the GSP service ``store``)
GraphDB, RDF4J      ``http://hote:7200/repositories/id``    the repository, ``/statements``,
                                                            ``/rdf-graphs/service``
==================  =====================================  ================================

Credentials in the URL (``https://nom:motdepasse@hote/…``) are sent as HTTP Basic
authentication and never shown in messages.

Example
-------
>>> ep = Endpoint("http://127.0.0.1:7878")
>>> ep.query_url, ep.store_url
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/store')
>>> ep.replace_graph("https://w3id.org/ppgraph/graphe/soumission/33",
...                  "soumission-33.ttl")                 # doctest: +SKIP
5123
>>> ep.select("SELECT ?s WHERE { ?s a pp:Structure ; pp:typeStructure ?t } LIMIT 1",
...           {"t": URIRef("https://w3id.org/ppgraph/ref/type-structure/adt")})  # doctest: +SKIP
[{'s': rdflib.term.URIRef('https://w3id.org/ppgraph/id/structure/33-ADT'), 't': ...}]
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import io
import json
import os
import random
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from .. import __version__
from ..errors import InputError, StoreError, StoreLockedError
from ..i18n import Message
from ..namespaces import GRAPHE, PREFIXES
from .formats import dump_format, ntriples, oxigraph_format, read_dump
from .protocol import STAGING, WRITER_WAIT, Bindings, RdfData, staging_graph
from .sparql import XSD_STRING, bind_values, checked_iri, with_prefixes

__all__ = ["Endpoint", "DEFAULT_TIMEOUT", "LEASE_SECONDS"]

DEFAULT_TIMEOUT = 300.0
LEASE_SECONDS = 600.0
"""Age after which a lease of :meth:`Endpoint.exclusive` is taken for a dead client's."""
_LEASE = "urn:x-ppgraph:verrou-depuis"
RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"

_POSITION = re.compile(r"\b(error at |line )1:(\d+)")


def _unshift(message: str, sent: str, original: str) -> str:
    """A server's error position on line 1, moved back by the prefixes ppgraph added."""
    shift = len(sent) - len(original)
    if shift <= 0:
        return message
    return _POSITION.sub(lambda m: f"{m.group(1)}1:{max(1, int(m.group(2)) - shift)}", message)


class Endpoint:
    """A SPARQL 1.1 server with the :class:`ppgraph.store.GraphStore` interface.

    Parameters
    ----------
    url : str
        Base URL of the dataset (see the module documentation for each server's layout). A
        URL ending in ``/query`` or ``/sparql`` is taken as the query service of that base.
    read_only : bool
        Refuse every write (as ``Store(path, read_only=True)``).
    query_url, update_url, store_url : str, optional
        The three services, when the server does not follow one of the known layouts.
    timeout : float
        Seconds to wait for an answer (default 300: loading a large graph takes a while).
    check_union : bool
        Check on the first query that the server's default graph is the union of its named
        graphs, as ppgraph's questions assume (default True).
    wait : float
        Seconds :meth:`exclusive` waits for another client's lease on the same submission
        graph (default :data:`~ppgraph.store.protocol.WRITER_WAIT`).
    on_wait : callable, optional
        Called once with a :class:`~ppgraph.i18n.Message` when :meth:`exclusive` starts
        waiting (the command line prints it).

    Raises
    ------
    InputError
        If ``url`` is not an http(s) URL.

    Notes
    -----
    ``count()`` without a graph, ``graphs()``, ``dump()`` and ``restore()`` cover the named
    graphs: ppgraph keeps nothing in the default graph, whose content a union-default server
    does not show anyway.
    """

    def __init__(self, url: str, *, read_only: bool = False, query_url: str | None = None,
                 update_url: str | None = None, store_url: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT, check_union: bool = True,
                 wait: float = WRITER_WAIT, on_wait: Callable[[Message], None] | None = None):
        parts = urllib.parse.urlsplit(str(url).strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError("store.adresse_serveur_invalide", url=str(url))
        self._auth = None
        if parts.username is not None:
            user = urllib.parse.unquote(parts.username)
            password = urllib.parse.unquote(parts.password or "")
            self._auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        if parts.port:
            netloc += f":{parts.port}"
        path = parts.path.rstrip("/")
        for suffix in ("/query", "/sparql"):
            if path.endswith(suffix):
                path = path[: -len(suffix)]
        base = urllib.parse.urlunsplit((parts.scheme, netloc, path, "", ""))
        self.url = base
        """The base URL, without credentials."""
        if re.search(r"/repositories/[^/]+$", path):  # GraphDB, RDF4J
            layout = (base, base + "/statements", base + "/rdf-graphs/service")
        else:  # Oxigraph; Fuseki with its GSP service named "store"
            layout = (base + "/query", base + "/update", base + "/store")
        self.query_url = query_url or layout[0]
        self.update_url = update_url or layout[1]
        self.store_url = store_url or layout[2]
        # Fuseki's default Graph Store service is « data »: tried once if « store » is absent.
        self._probe_gsp = store_url is None and layout[2] == base + "/store"
        self._gsp_fallback = base + "/data"
        self.read_only = read_only
        self.timeout = timeout
        self._check_union = check_union
        self.wait = wait
        self.on_wait = on_wait
        self._union_checked = False
        self._closed = False

    @property
    def location(self) -> str:
        """The server's base URL (without credentials), as messages name it."""
        return self.url

    def __repr__(self) -> str:
        return f"<Endpoint {self.url}{' (read-only)' if self.read_only else ''}>"

    def __enter__(self) -> "Endpoint":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release (each request is its own connection); later calls are refused."""
        self._closed = True

    # -- HTTP -----------------------------------------------------------------------------

    def _request(self, method: str, url: str, *, body: bytes | None = None,
                 content_type: str | None = None, accept: str | None = None,
                 params: Mapping[str, str] | None = None, missing_ok: bool = False,
                 sparql_input: bool = False) -> tuple[str, bytes]:
        if self._closed:
            raise StoreError("store.connexion_fermee", url=self.url)
        full = url + ("?" + urllib.parse.urlencode(params) if params else "")
        request = urllib.request.Request(full, data=body, method=method)
        request.add_header("User-Agent", f"ppgraph/{__version__}")
        if content_type:
            request.add_header("Content-Type", content_type)
        if accept:
            request.add_header("Accept", accept)
        if self._auth:
            request.add_header("Authorization", self._auth)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as err:
            detail = _server_message(err)
            if missing_ok and err.code == 404:
                return "", b""
            if err.code == 400 and sparql_input:
                raise InputError("store.requete_refusee_par_serveur", url=url,
                                 detail=detail) from None
            if err.code == 400:
                raise InputError("store.donnees_refusees_par_serveur", url=url,
                                 detail=detail) from None
            if err.code in (401, 403):
                raise StoreError("store.acces_refuse", url=url, code=err.code) from None
            if err.code == 404:
                raise StoreError("store.adresse_introuvable", url=url) from None
            raise StoreError("store.erreur_http", url=url, code=err.code, detail=detail) \
                from None
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, ConnectionRefusedError):
                why: Any = Message("store.raison_connexion_refusee")
            elif isinstance(reason, (socket.timeout, TimeoutError)):
                why = Message("store.raison_sans_reponse", secondes=f"{self.timeout:g}")
            elif isinstance(reason, socket.gaierror):
                why = Message("store.raison_hote_inconnu")
            else:
                why = str(reason)
            raise StoreError("store.serveur_injoignable", url=url, raison=why) from None
        except (socket.timeout, TimeoutError):
            raise StoreError("store.serveur_sans_reponse", url=url,
                             secondes=f"{self.timeout:g}") from None
        except (ConnectionError, OSError) as err:
            raise StoreError("store.serveur_injoignable_bref", url=url, detail=str(err)) \
                from None

    def _gsp(self) -> str:
        """The Graph Store Protocol service: ``…/store`` (Oxigraph, or Fuseki with a service
        of that name), else Fuseki's default ``…/data``, found with one HEAD request."""
        if self._probe_gsp:
            self._probe_gsp = False
            try:
                self._request("HEAD", self.store_url, params={"default": ""})
            except StoreError:
                try:
                    self._request("HEAD", self._gsp_fallback, params={"default": ""})
                    self.store_url = self._gsp_fallback
                except (StoreError, InputError):
                    pass  # keep « store »: the real request will say what is wrong
            except InputError:
                pass
        return self.store_url

    def _post_query(self, sparql: str, accept: str) -> tuple[str, bytes]:
        return self._post_sparql("query", self.query_url, sparql, accept)

    def _post_update(self, sparql: str) -> None:
        self._writable()
        self._post_sparql("update", self.update_url, sparql, None)

    def _post_sparql(self, field: str, url: str, sparql: str, accept: str | None):
        sent = with_prefixes(sparql)
        body = urllib.parse.urlencode({field: sent}).encode("utf-8")
        try:
            return self._request("POST", url, body=body, accept=accept, sparql_input=True,
                                 content_type="application/x-www-form-urlencoded")
        except InputError as err:
            # The user's positions, not those of the text with ppgraph's prefixes added.
            if isinstance(err.params.get("detail"), str):
                err.params["detail"] = _unshift(err.params["detail"], sent, sparql)
            raise

    def _select_raw(self, sparql: str) -> list[dict[str, Identifier]]:
        ctype, data = self._post_query(sparql, RESULTS_JSON)
        return _parse_select(data, ctype, self.query_url)

    # -- graphs ---------------------------------------------------------------------------

    def graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""
        rows = self._select_raw("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r["g"] for r in rows if isinstance(r.get("g"), URIRef))

    def count(self, graph: str | URIRef | None = None) -> int:
        """Number of triples in one named graph, or of quads in all the named graphs."""
        if graph is None:
            rows = self._select_raw("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        else:
            rows = self._select_raw(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {_iri(graph)} "
                                    "{ ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0

    def graph_counts(self) -> dict[URIRef, int]:
        """Triples per named graph, in one query."""
        rows = self._select_raw("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                                "GROUP BY ?g")
        return {r["g"]: int(r["n"]) for r in rows if isinstance(r.get("g"), URIRef)}

    def get_graph(self, graph: str | URIRef) -> Graph:
        """A copy of one named graph as an rdflib Graph (empty if the server has no such graph)."""
        data = self.ntriples(graph)
        out = Graph()
        if data:
            out.parse(data=data, format="nt")
        return out

    def ntriples(self, graph: str | URIRef) -> bytes:
        """One named graph as N-Triples bytes, as the server sends it (empty if absent)."""
        checked_iri(str(graph))
        _, data = self._request("GET", self._gsp(), params={"graph": str(graph)},
                                accept=NTRIPLES, missing_ok=True)
        return data

    def replace_graph(self, graph: str | URIRef, data: RdfData, *,
                      format: str | None = None) -> int:
        """Replace a named graph with ``data``, atomically, and return its new triple count.

        ``data`` is an rdflib Graph, or a file path / bytes / text in ``format`` (turtle, nt,
        xml). It is read and checked here first (an unreadable file never reaches the
        server), sent to a staging graph with the Graph Store Protocol, then one SPARQL
        update drops the old graph and moves the staging graph onto it.
        """
        self._writable()
        self.replace_graphs({URIRef(str(graph)): ntriples(data, format)})
        return self.count(graph)

    def add_graph(self, graph: str | URIRef, data: RdfData, *,
                  format: str | None = None) -> None:
        """Add triples to a named graph (kept: what it already holds)."""
        self._writable()
        payload = ntriples(data, format)
        self._request("POST", self._gsp(), params={"graph": checked_iri(str(graph))},
                      body=payload, content_type=NTRIPLES)

    def drop_graph(self, graph: str | URIRef) -> None:
        """Remove a named graph and its triples."""
        self._post_update(f"DROP SILENT GRAPH {_iri(graph)}")

    def replace_graphs(self, contents: Mapping[URIRef, bytes], *, drop_others: bool = False,
                       progress: Callable[[URIRef], None] | None = None) -> None:
        """Replace several named graphs in one transaction.

        Each N-Triples payload is uploaded to a staging graph; then one update drops the
        targets and moves the staging graphs onto them. If an upload or the update fails,
        the staging graphs already sent are dropped and the error is raised: the server's
        graphs are as they were.

        Parameters
        ----------
        contents : mapping
            Graph IRI → its new content as N-Triples bytes.
        drop_others : bool
            Also drop, in the same update, every other named graph (except other clients'
            staging graphs, whose update is coming).
        progress : callable, optional
            Called with each graph's IRI once it is uploaded.
        """
        self._writable()
        staged: dict[URIRef, URIRef] = {}
        try:
            for graph, payload in contents.items():
                checked_iri(str(graph))
                staged[URIRef(graph)] = self._upload_staging(payload)
                if progress:
                    progress(URIRef(graph))
            ops = []
            if drop_others:
                keep = ", ".join(f"<{s}>" for s in staged.values()) or "<urn:x-ppgraph:aucun>"
                ops.append("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } "
                           f"FILTER(?g NOT IN ({keep}) && "
                           f"!STRSTARTS(STR(?g), \"{STAGING}\")) }}")
            for graph, staging in staged.items():
                ops.append(f"DROP SILENT GRAPH <{graph}>")
                ops.append(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>")
            if ops:
                self._post_update(" ;\n".join(ops))
        except BaseException:
            for staging in staged.values():
                self._drop_quietly(staging)
            raise

    def _upload_staging(self, payload: bytes) -> URIRef:
        staging = staging_graph()
        try:
            self._request("PUT", self._gsp(), params={"graph": str(staging)}, body=payload,
                          content_type=NTRIPLES)
        except BaseException:
            # The server may have stored part of it before failing.
            self._drop_quietly(staging)
            raise
        return staging

    def _drop_quietly(self, graph: URIRef) -> None:
        try:
            self._post_update(f"DROP SILENT GRAPH <{graph}>")
        except Exception:  # the server is gone: nothing more to do, the first error matters
            pass

    # -- SPARQL ---------------------------------------------------------------------------

    def _ensure_union(self) -> None:
        """Check once that a triple of a named graph is seen in the default graph."""
        if self._union_checked or not self._check_union:
            return
        rows = self._select_raw("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o "
                                "FILTER(isIRI(?s) && isIRI(?o)) } } LIMIT 1")
        if rows:
            r = rows[0]
            _, data = self._post_query(f"ASK {{ {_iri(r['s'])} {_iri(r['p'])} {_iri(r['o'])} }}",
                                       RESULTS_JSON)
            if not json.loads(data.decode("utf-8")).get("boolean"):
                raise StoreError("store.serveur_sans_union", url=self.url)
        self._union_checked = True

    def _query(self, sparql: str, bindings: Bindings | None, accept: str):
        self._ensure_union()
        return self._post_query(bind_values(sparql, bindings), accept)

    def select(self, sparql: str, bindings: Bindings | None = None) -> list[dict[str, Identifier]]:
        """Run a SELECT; each row is a dict of variable name → rdflib term (unbound omitted).

        ``bindings`` are bound as RDF terms in a ``VALUES`` block
        (:func:`ppgraph.store.sparql.bind_values`); a value may be a sequence of terms.
        """
        ctype, data = self._query(sparql, bindings, f"{RESULTS_JSON}, {NTRIPLES};q=0.5")
        if "json" not in ctype:
            raise InputError("store.pas_un_select")
        payload = _json(data, self.query_url)
        if "boolean" in payload:
            raise InputError("store.pas_un_select")
        return _rows(payload)

    def construct(self, sparql: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE and return an rdflib Graph."""
        ctype, data = self._query(sparql, bindings, f"{NTRIPLES}, {RESULTS_JSON};q=0.5")
        if "json" in ctype:
            raise InputError("store.pas_un_construct")
        out = Graph()
        if data.strip():
            out.parse(data=data, format="nt")
        for prefix, ns in PREFIXES.items():
            out.bind(prefix, ns)
        return out

    def ask(self, sparql: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK."""
        ctype, data = self._query(sparql, bindings, f"{RESULTS_JSON}, {NTRIPLES};q=0.5")
        payload = _json(data, self.query_url) if "json" in ctype else {}
        if "boolean" not in payload:
            raise InputError("store.pas_un_ask")
        return bool(payload["boolean"])

    def update(self, sparql: str) -> None:
        """Run a SPARQL UPDATE, as one request (one transaction on the server)."""
        self._post_update(sparql)

    # -- one writer per submission graph ----------------------------------------------------

    @contextlib.contextmanager
    def exclusive(self, name: str | URIRef) -> Iterator[None]:
        """Hold a lease on ``name`` (a submission graph) while the block runs: another
        ppgraph client asking for the same lease waits (``on_wait`` is told once) until this
        one is released, or gets a :class:`~ppgraph.errors.StoreLockedError` after ``wait``
        seconds.

        Why a lease: a server runs one update request as one transaction, but Oxigraph on
        disk gives its transactions *repeatable read* isolation, not serializable: two
        submissions of one département sent at once both read the same current version,
        both get the same version number, and their delete-then-insert interleave (measured:
        the graph ends up holding two versions at once). A condition inside the update
        cannot help, since both evaluate it on their own snapshot. So the client reads the
        history and writes the new version while holding the lease.

        The lease is a claim, one triple in a staging graph of its own (``graphe/staging/
        verrou/<uuid>``, never pushed nor dumped), timed by the server's clock. After its
        claim is written, a client looks at the claims on ``name``: alone, it holds the
        lease; not alone, it takes its claim back and tries again a moment later (a random
        pause, so two clients do not keep meeting). Two clients can never both be alone: the
        second to write its claim sees the first one's. A claim older than
        :data:`LEASE_SECONDS` (a client killed while holding it) is ignored and removed.
        """
        self._writable()
        subject = f"<{checked_iri(str(name))}>"
        deadline = time.monotonic() + max(0.0, self.wait)
        told = False
        pause = 0.05
        while True:
            mine = GRAPHE[f"staging/verrou/{uuid.uuid4().hex}"]
            self._post_update(f"INSERT {{ GRAPH <{mine}> {{ {subject} <{_LEASE}> ?t }} }} "
                              "WHERE { BIND(NOW() AS ?t) }")
            try:
                rows = self._select_raw(
                    f"SELECT ?g ?t (NOW() AS ?now) WHERE {{ GRAPH ?g {{ {subject} <{_LEASE}> ?t }} }}")
                others, stale = [], []
                for r in rows:
                    if r.get("g") == mine:
                        continue
                    age = _seconds_between(r.get("t"), r.get("now"))
                    (stale if age is not None and age > LEASE_SECONDS else others).append(r["g"])
                for g in stale:
                    self._drop_quietly(g)
            except BaseException:
                self._drop_quietly(mine)
                raise
            if not others:
                break
            self._drop_quietly(mine)
            if time.monotonic() >= deadline:
                raise StoreLockedError("store.serveur_verrou_occupe", url=self.url,
                                       graphe=_short(name), secondes=f"{self.wait:g}")
            if not told and self.on_wait is not None:
                self.on_wait(Message("store.serveur_attente_verrou", url=self.url,
                                     graphe=_short(name), secondes=f"{self.wait:g}"))
            told = True
            time.sleep(random.uniform(pause, 3 * pause))
            pause = min(pause * 1.5, 1.0)
        try:
            yield
        finally:
            self._drop_quietly(mine)

    # -- dump and restore -----------------------------------------------------------------

    def dump(self, destination: str | os.PathLike | io.BufferedIOBase, format: str | None = None) -> None:
        """Write every named graph as TriG or N-Quads (one GSP request per graph)."""
        fmt = oxigraph_format(dump_format(destination, format))

        def quads() -> Iterable[ox.Quad]:
            for graph in self.graphs():
                name = ox.NamedNode(str(graph))
                for t in ox.parse(self.ntriples(graph), format=ox.RdfFormat.N_TRIPLES):
                    yield ox.Quad(t.subject, t.predicate, t.object, name)

        target = str(destination) if isinstance(destination, (str, os.PathLike)) else destination
        ox.serialize(quads(), target, format=fmt)

    def restore(self, source: str | os.PathLike, format: str | None = None) -> int:
        """Replace every named graph with those of a TriG or N-Quads dump; return the number
        of quads.

        The file is parsed completely before anything on the server changes; the graphs are
        sent to staging graphs, then one update drops the old graphs and moves the new ones
        in place (see :meth:`replace_graphs`).
        """
        self._writable()
        path = Path(source)
        quads = read_dump(path, format)
        by_graph: dict[URIRef, list[ox.Triple]] = {}
        for q in quads:
            if not isinstance(q.graph_name, ox.NamedNode):
                raise InputError("store.triplets_hors_graphe", chemin=str(path))
            by_graph.setdefault(URIRef(q.graph_name.value), []).append(q.triple)
        payloads = {g: ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES)
                    for g, ts in by_graph.items()}
        self.replace_graphs(payloads, drop_others=True)
        return len(quads)

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("store.lecture_seule")


# -- helpers --------------------------------------------------------------------------------

def _short(graph: Any) -> str:
    """How messages name a graph of ppgraph: « soumission/33 »."""
    return str(graph).rsplit("/graphe/", 1)[-1]


def _seconds_between(start: Any, end: Any) -> float | None:
    """Seconds from one xsd:dateTime literal to another (None if either is not one)."""
    try:
        a, b = start.toPython(), end.toPython()
        if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
            return (b - a).total_seconds()
    except (AttributeError, TypeError, ValueError):
        pass
    return None


def _iri(term: Any) -> str:
    return f"<{checked_iri(str(term))}>"


def _server_message(err: urllib.error.HTTPError) -> str | Message:
    try:
        text = err.read().decode("utf-8", "replace")
    except Exception:
        text = ""
    text = " ".join(text.split())
    if len(text) > 300:
        return text[:300] + "…"
    return text or err.reason or Message("store.sans_detail")


def _json(data: bytes, url: str) -> dict:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise StoreError("store.reponse_illisible", url=url, detail=str(err)) from None


def _parse_select(data: bytes, ctype: str, url: str) -> list[dict[str, Identifier]]:
    if "json" not in ctype:
        raise StoreError("store.reponse_pas_en_json", url=url, type=ctype or "?")
    return _rows(_json(data, url))


def _term(value: Mapping[str, str]) -> Identifier:
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        if lang:
            return Literal(text, lang=lang)
        datatype = value.get("datatype")
        if datatype and datatype != XSD_STRING:
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise StoreError("store.terme_de_reponse_inconnu", type=repr(kind))


def _rows(payload: Mapping[str, Any]) -> list[dict[str, Identifier]]:
    names = payload.get("head", {}).get("vars", [])
    rows = []
    for binding in payload.get("results", {}).get("bindings", []):
        rows.append({name: _term(binding[name]) for name in names if name in binding})
    return rows

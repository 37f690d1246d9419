"""A SPARQL 1.1 server as a ppgraph store: the interface of :class:`ppgraph.store.Store`
over HTTP, with the standard library only.

When a regional network shares one graph, it lives on a server (Oxigraph server, Apache Jena
Fuseki, GraphDB...). :class:`Endpoint` talks to it with the two W3C protocols every such
server implements:

* the **SPARQL 1.1 Protocol** for queries (``…/query``) and updates (``…/update``);
* the **SPARQL 1.1 Graph Store HTTP Protocol** (GSP, ``…/store?graph=IRI``) to send and read
  whole named graphs.

It keeps the store's promises:

* ``replace_graph`` is atomic: the new content goes into a fresh staging graph (GSP ``PUT``),
  then **one** SPARQL update drops the target and moves the staging graph onto it; a server
  runs one update request as one transaction, so a reader sees the old or the new version,
  never a mixture, and an unreadable file never reaches the server;
* queries see the **union of the named graphs** as their default graph: start Oxigraph with
  ``--union-default-graph`` (Fuseki: ``tdb2:unionDefaultGraph true``; GraphDB does it by
  default). The client checks it on the first query and says how to fix it otherwise;
* ``bindings`` are bound as RDF terms: a server has no equivalent of Oxigraph's substitutions,
  so they are joined as a ``VALUES`` block at the start of the query's ``WHERE`` clause
  (:mod:`ppgraph.questions` binds the same way on the embedded store),
  written from terms escaped by :func:`sparql_term` (a value can never end the string or IRI it
  is written in) and inserted by a SPARQL tokenizer that knows strings, IRIs and comments;
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
>>> ep = Endpoint("http://127.0.0.1:7878")            # doctest: +SKIP
>>> ep.replace_graph("https://w3id.org/ppgraph/graphe/soumission/33",
...                  "soumission-33.ttl")                 # doctest: +SKIP
5123
>>> ep.select("SELECT ?s WHERE { ?s a pp:Structure ; pp:typeStructure ?t } LIMIT 1",
...           {"t": URIRef("https://w3id.org/ppgraph/ref/type-structure/adt")})  # doctest: +SKIP
[{'s': rdflib.term.URIRef('https://w3id.org/ppgraph/id/structure/33-ADT'), 't': ...}]
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from . import __version__
from .errors import InputError, StoreError
from .namespaces import GRAPHE, PREFIXES
from .store import (_DUMP_FORMATS, XSD_STRING, dump_format, read_dump, _format_from_suffix,
                    _looks_like_path, _rdf_format, graph_to_ntriples)

__all__ = ["Endpoint", "sparql_term", "bind_values", "tokenize", "push_store", "PushReport"]

DEFAULT_TIMEOUT = 300.0
RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
_STAGING = "staging/"

# -- SPARQL text: tokens, terms, VALUES -----------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
              | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              | '(?:[^'\\\n\r]|\\.)*'
              | "(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\W]\w*)
  | (?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w.:%-]|\\.)*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD",
                             "MOVE", "COPY", "WITH"})
"""Keywords that only occur in SPARQL updates."""

_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LANGTAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')


@dataclass(frozen=True)
class Token:
    """A token of a SPARQL text: its kind (``ws``, ``comment``, ``string``, ``iri``, ``var``,
    ``pname``, ``word``, ``other``), its text and its offset."""

    kind: str
    text: str
    start: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased bare word (keyword or function name), None for anything else."""
        return self.text.upper() if self.kind == "word" else None


def tokenize(sparql: str) -> list[Token]:
    """The tokens of a SPARQL query or update, comments and whitespace included.

    Strings, IRIs and comments are single tokens, so that a brace, a ``#`` or a keyword inside
    them is never mistaken for syntax.

    >>> [t.text for t in tokenize('SELECT * { ?s ?p "}#" } # DROP ALL') if t.kind != "ws"]
    ['SELECT', '*', '{', '?s', '?p', '"}#"', '}', '# DROP ALL']
    """
    return [Token(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(sparql)]


def sparql_term(term: Any) -> str:
    """An RDF term written for a SPARQL text, escaped so that it cannot end early.

    IRIs that contain a character forbidden in an IRI (``<>"{}|^`\\``, space or control)
    are refused rather than escaped; a literal's text only uses the escapes ``\\\\``,
    ``\\"``, ``\\n`` and ``\\r``. Python ``str``, ``int``, ``float`` and ``bool`` become
    literals. Blank nodes cannot be bound on a server.

    >>> sparql_term(Literal('a "b" } ; # c'))
    '"a \\\\"b\\\\" } ; # c"'
    >>> sparql_term(URIRef("https://w3id.org/ppgraph/ref/niveau/aucun"))
    '<https://w3id.org/ppgraph/ref/niveau/aucun>'
    >>> sparql_term(URIRef("urn:x> } DROP ALL #"))
    Traceback (most recent call last):
    ...
    ppgraph.errors.InputError: IRI invalide (caractère interdit) : « urn:x> } DROP ALL # ».
    """
    if isinstance(term, (str, int, float, bool)) and not isinstance(term, Identifier):
        term = Literal(term)
    if isinstance(term, URIRef):
        return f"<{_checked_iri(str(term))}>"
    if isinstance(term, Literal):
        text = (str(term).replace("\\", "\\\\").replace('"', '\\"')
                .replace("\n", "\\n").replace("\r", "\\r"))
        if term.language:
            if not _LANGTAG.match(term.language):
                raise InputError(f"Étiquette de langue invalide : « {term.language} ».")
            return f'"{text}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f'"{text}"^^<{_checked_iri(str(term.datatype))}>'
        return f'"{text}"'
    if isinstance(term, BNode):
        raise InputError("Un nœud anonyme ne peut pas être lié comme paramètre d'une requête "
                         "envoyée à un serveur SPARQL.")
    raise InputError(f"Valeur non liable dans une requête : {term!r}")


def _checked_iri(iri: str) -> str:
    if not iri or _IRI_FORBIDDEN.search(iri):
        raise InputError(f"IRI invalide (caractère interdit) : « {iri} ».")
    return iri


def values_block(bindings: Mapping[str, Any]) -> str:
    """``VALUES (?a ?b) { (<…> "…") }`` for one row of bindings, on one line."""
    names = []
    for name in bindings:
        if not _VARNAME.match(name):
            raise InputError(f"Nom de paramètre invalide : « {name} » (lettres, chiffres, _).")
        names.append(f"?{name}")
    terms = [sparql_term(v) for v in bindings.values()]
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def _significant(tokens: list[Token]) -> list[tuple[int, Token]]:
    return [(i, t) for i, t in enumerate(tokens) if t.kind not in ("ws", "comment")]


def bind_values(sparql: str, bindings: Mapping[str, Any] | None) -> str:
    """``sparql`` with ``bindings`` joined as a ``VALUES`` block at the start of its ``WHERE``.

    The text of the query is otherwise unchanged (the block is inserted on the same line, so
    error positions still match the user's text). Inside a sub-query, a bound variable keeps
    its own scope, as with Oxigraph's substitutions.

    >>> bind_values('SELECT ?s WHERE { ?s a ?t }', {"t": URIRef("urn:T")})
    'SELECT ?s WHERE { VALUES (?t) { (<urn:T>) } ?s a ?t }'
    >>> bind_values('SELECT ?s { SELECT ?s { ?s ?p ?t } }', {"t": 1})
    'SELECT ?s { VALUES (?t) { ("1"^^<http://www.w3.org/2001/XMLSchema#integer>) } { SELECT ?s { ?s ?p ?t } } }'

    Raises
    ------
    InputError
        If a value cannot be bound (blank node, invalid IRI) or the query has no ``WHERE``
        group to bind it in.
    """
    if not bindings:
        return sparql
    block = values_block(bindings)
    tokens = tokenize(sparql)
    sig = _significant(tokens)
    form_at = next((k for k, (_, t) in enumerate(sig) if t.keyword in _FORMS), None)
    if form_at is None:
        raise InputError("Paramètres impossibles à lier : ce texte n'est pas une requête "
                         "SELECT, CONSTRUCT, ASK ou DESCRIBE.")
    k = form_at + 1
    if sig[form_at][1].keyword == "CONSTRUCT":
        if k < len(sig) and sig[k][1].keyword == "WHERE":
            raise InputError("Paramètres impossibles à lier dans la forme abrégée "
                             "« CONSTRUCT WHERE { … } » : écrivez le gabarit et le WHERE.")
        if k < len(sig) and sig[k][1].text == "{":
            k = _matching(sig, k) + 1
    parens = 0
    while k < len(sig):
        text = sig[k][1].text
        if text == "(":
            parens += 1
        elif text == ")":
            parens -= 1
        elif text == "{" and parens == 0:
            break
        k += 1
    else:
        raise InputError("Paramètres impossibles à lier : la requête n'a pas de clause WHERE.")
    open_index, open_token = sig[k]
    position = open_token.start + 1
    if k + 1 < len(sig) and sig[k + 1][1].keyword == "SELECT":  # WHERE { SELECT … }
        close_token = sig[_matching(sig, k)][1]
        return (sparql[:position] + f" {block} {{" + sparql[position:close_token.start]
                + "} " + sparql[close_token.start:])
    return sparql[:position] + f" {block}" + sparql[position:]


def _matching(sig: list[tuple[int, Token]], k: int) -> int:
    depth = 0
    for j in range(k, len(sig)):
        text = sig[j][1].text
        if text == "{":
            depth += 1
        elif text == "}":
            depth -= 1
            if depth == 0:
                return j
    raise InputError("Requête SPARQL invalide : accolade « { » non refermée.")


def with_prefixes(sparql: str) -> str:
    """``sparql`` preceded, on its first line, by the ppgraph PREFIX declarations it uses
    without declaring them (the embedded store declares them the same way).

    >>> with_prefixes("SELECT * WHERE { ?s a pp:Structure }")
    'PREFIX pp: <https://w3id.org/ppgraph/def#> SELECT * WHERE { ?s a pp:Structure }'
    """
    sig = [t for t in tokenize(sparql) if t.kind not in ("ws", "comment")]
    declared = {b.text[:-1] for a, b in zip(sig, sig[1:])
                if a.keyword == "PREFIX" and b.kind == "pname" and b.text.endswith(":")}
    used = {t.text.split(":", 1)[0] for t in sig if t.kind == "pname"}
    missing = [p for p in PREFIXES if p in used and p not in declared]
    if not missing:
        return sparql
    return " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in missing) + " " + sparql


_POSITION = re.compile(r"\b(error at |line )1:(\d+)")


def _unshift(message: str, sent: str, original: str) -> str:
    """A server's error position on line 1, moved back by the prefixes ppgraph added."""
    shift = len(sent) - len(original)
    if shift <= 0:
        return message
    return _POSITION.sub(lambda m: f"{m.group(1)}1:{max(1, int(m.group(2)) - shift)}", message)


# -- the client -----------------------------------------------------------------------------

class Endpoint:
    """A SPARQL 1.1 server with the interface of :class:`ppgraph.store.Store`.

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
                 timeout: float = DEFAULT_TIMEOUT, check_union: bool = True):
        parts = urllib.parse.urlsplit(str(url).strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"Adresse de serveur SPARQL invalide : « {url} » "
                             "(attendu : http://hote:port/… ou https://…).")
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
        self._union_checked = False
        self._closed = False

    def __repr__(self) -> str:
        return f"<Endpoint {self.url}{' (lecture seule)' if self.read_only else ''}>"

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
            raise StoreError(f"La connexion au serveur SPARQL {self.url} est fermée.")
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
                raise InputError(f"Requête SPARQL invalide (serveur {url}) : {detail}") from None
            if err.code == 400:
                raise InputError(f"Le serveur SPARQL {url} a refusé les données (HTTP 400) : "
                                 f"{detail}") from None
            if err.code in (401, 403):
                raise StoreError(f"Accès refusé par le serveur SPARQL {url} (HTTP {err.code}) : "
                                 "identifiants manquants ou insuffisants "
                                 "(https://nom:motdepasse@hote/… dans --endpoint).") from None
            if err.code == 404:
                raise StoreError(f"Adresse introuvable sur le serveur SPARQL : {url} (HTTP 404). "
                                 "Est-ce bien la base d'un jeu de données SPARQL ?") from None
            raise StoreError(f"Le serveur SPARQL {url} a répondu HTTP {err.code} : "
                             f"{detail}") from None
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, ConnectionRefusedError):
                why = "connexion refusée"
            elif isinstance(reason, (socket.timeout, TimeoutError)):
                why = f"pas de réponse en {self.timeout:g} s"
            elif isinstance(reason, socket.gaierror):
                why = "nom d'hôte inconnu"
            else:
                why = str(reason)
            raise StoreError(f"Serveur SPARQL injoignable : {url} ({why}). Vérifiez l'adresse "
                             "donnée à --endpoint (ou PPGRAPH_ENDPOINT) et que le serveur est "
                             "démarré.") from None
        except (socket.timeout, TimeoutError):
            raise StoreError(f"Le serveur SPARQL {url} n'a pas répondu en {self.timeout:g} s.") \
                from None
        except (ConnectionError, OSError) as err:
            raise StoreError(f"Serveur SPARQL injoignable : {url} ({err}).") from None

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
            raise InputError(_unshift(str(err), sent, sparql)) from None

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
        data = self._get_ntriples(graph)
        out = Graph()
        if data:
            out.parse(data=data, format="nt")
        return out

    def _get_ntriples(self, graph: str | URIRef) -> bytes:
        _checked_iri(str(graph))
        _, data = self._request("GET", self._gsp(), params={"graph": str(graph)},
                                accept=NTRIPLES, missing_ok=True)
        return data

    def replace_graph(self, graph: str | URIRef, data: Graph | bytes | str | os.PathLike,
                      *, format: str | None = None) -> int:
        """Replace a named graph with ``data``, atomically, and return its new triple count.

        ``data`` is an rdflib Graph, or a file path / bytes / text in ``format`` (turtle, nt,
        xml). It is read and checked here first (an unreadable file never reaches the
        server), sent to a staging graph with the Graph Store Protocol, then one SPARQL
        update drops the old graph and moves the staging graph onto it.
        """
        self._writable()
        payload = _ntriples(data, format)
        staging = self._upload_staging(payload)
        try:
            self._post_update(f"DROP SILENT GRAPH {_iri(graph)} ; "
                              f"MOVE SILENT GRAPH <{staging}> TO GRAPH {_iri(graph)}")
        except BaseException:
            self._drop_quietly(staging)
            raise
        return self.count(graph)

    def add_graph(self, graph: str | URIRef, data: Graph | bytes | str | os.PathLike,
                  *, format: str | None = None) -> None:
        """Add triples to a named graph (kept: what it already holds)."""
        self._writable()
        payload = _ntriples(data, format)
        self._request("POST", self._gsp(), params={"graph": _checked_iri(str(graph))},
                      body=payload, content_type=NTRIPLES)

    def drop_graph(self, graph: str | URIRef) -> None:
        """Remove a named graph and its triples."""
        self._post_update(f"DROP SILENT GRAPH {_iri(graph)}")

    def _upload_staging(self, payload: bytes) -> URIRef:
        staging = GRAPHE[f"{_STAGING}{uuid.uuid4().hex}"]
        try:
            self._request("PUT", self._gsp(), params={"graph": str(staging)}, body=payload,
                          content_type=NTRIPLES)
        except BaseException:
            self._drop_quietly(staging)
            raise
        return staging

    def _drop_quietly(self, graph: URIRef) -> None:
        try:
            self._post_update(f"DROP SILENT GRAPH <{graph}>")
        except Exception:  # the server is gone: nothing more to do, the first error matters
            pass

    def _replace_many(self, contents: Mapping[URIRef, bytes], *, drop_others: bool = False,
                      progress: Callable[[URIRef], None] | None = None) -> None:
        """Replace several named graphs in one transaction (staging uploads, then one update).

        With ``drop_others``, every other named graph is dropped in the same update.
        """
        self._writable()
        staged: dict[URIRef, URIRef] = {}
        try:
            for graph, payload in contents.items():
                _checked_iri(str(graph))
                staged[URIRef(graph)] = self._upload_staging(payload)
                if progress:
                    progress(URIRef(graph))
            ops = []
            if drop_others:
                keep = ", ".join(f"<{s}>" for s in staged.values()) or "<urn:x-ppgraph:aucun>"
                # Other clients' staging graphs are left alone: their update is coming.
                ops.append("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } "
                           f"FILTER(?g NOT IN ({keep}) && "
                           f"!STRSTARTS(STR(?g), \"{GRAPHE[_STAGING]}\")) }}")
            for graph, staging in staged.items():
                ops.append(f"DROP SILENT GRAPH <{graph}>")
                ops.append(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>")
            if ops:
                self._post_update(" ;\n".join(ops))
        except BaseException:
            for staging in staged.values():
                self._drop_quietly(staging)
            raise

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
                raise StoreError(
                    f"Le serveur SPARQL {self.url} ne présente pas l'union des graphes nommés "
                    "comme graphe par défaut, ce que supposent les questions de ppgraph. "
                    "Oxigraph : « oxigraph serve … --union-default-graph » ; Fuseki : "
                    "tdb2:unionDefaultGraph true dans la configuration du jeu de données.")
        self._union_checked = True

    def _query(self, sparql: str, bindings: Mapping[str, Any] | None, accept: str):
        self._ensure_union()
        text = bind_values(sparql, bindings) if bindings else sparql
        return self._post_query(text, accept)

    def select(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Identifier]]:
        """Run a SELECT; each row is a dict of variable name → rdflib term (unbound omitted).

        ``bindings`` are bound as RDF terms in a ``VALUES`` block (see :func:`bind_values`).
        """
        ctype, data = self._query(sparql, bindings, f"{RESULTS_JSON}, {NTRIPLES};q=0.5")
        if "json" not in ctype:
            raise InputError("Cette requête n'est pas un SELECT.")
        payload = _json(data, self.query_url)
        if "boolean" in payload:
            raise InputError("Cette requête n'est pas un SELECT.")
        return _rows(payload)

    def construct(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE and return an rdflib Graph."""
        ctype, data = self._query(sparql, bindings, f"{NTRIPLES}, {RESULTS_JSON};q=0.5")
        if "json" in ctype:
            raise InputError("Cette requête n'est pas un CONSTRUCT ni un DESCRIBE.")
        out = Graph()
        if data.strip():
            out.parse(data=data, format="nt")
        for prefix, ns in PREFIXES.items():
            out.bind(prefix, ns)
        return out

    def ask(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> bool:
        """Run an ASK."""
        ctype, data = self._query(sparql, bindings, f"{RESULTS_JSON}, {NTRIPLES};q=0.5")
        payload = _json(data, self.query_url) if "json" in ctype else {}
        if "boolean" not in payload:
            raise InputError("Cette requête n'est pas un ASK.")
        return bool(payload["boolean"])

    def update(self, sparql: str) -> None:
        """Run a SPARQL UPDATE, as one request (one transaction on the server)."""
        self._post_update(sparql)

    # -- dump and restore -----------------------------------------------------------------

    def dump(self, destination: str | os.PathLike | io.BufferedIOBase, format: str | None = None) -> None:
        """Write every named graph as TriG or N-Quads (one GSP request per graph)."""
        fmt = dump_format(destination, format)

        def quads() -> Iterable[ox.Quad]:
            for graph in self.graphs():
                name = ox.NamedNode(str(graph))
                for t in ox.parse(self._get_ntriples(graph), format=ox.RdfFormat.N_TRIPLES):
                    yield ox.Quad(t.subject, t.predicate, t.object, name)

        target = str(destination) if isinstance(destination, (str, os.PathLike)) else destination
        ox.serialize(quads(), target, format=_DUMP_FORMATS[fmt])

    def restore(self, source: str | os.PathLike, format: str | None = None) -> int:
        """Replace every named graph with those of a TriG or N-Quads dump; return the number
        of quads.

        The file is parsed completely before anything on the server changes; the graphs are
        sent to staging graphs, then one update drops the old graphs and moves the new ones
        in place.
        """
        self._writable()
        path = Path(source)
        quads = read_dump(path, format)
        by_graph: dict[URIRef, list[ox.Triple]] = {}
        for q in quads:
            if not isinstance(q.graph_name, ox.NamedNode):
                raise InputError(f"« {path} » : des triplets sont hors de tout graphe nommé ; "
                                 "ppgraph range tout dans des graphes nommés.")
            by_graph.setdefault(URIRef(q.graph_name.value), []).append(q.triple)
        payloads = {g: ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES)
                    for g, ts in by_graph.items()}
        self._replace_many(payloads, drop_others=True)
        return len(quads)

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("Ce magasin est ouvert en lecture seule.")


# -- helpers --------------------------------------------------------------------------------

def _iri(term: Any) -> str:
    return f"<{_checked_iri(str(term))}>"


def _server_message(err: urllib.error.HTTPError) -> str:
    try:
        text = err.read().decode("utf-8", "replace")
    except Exception:
        text = ""
    text = " ".join(text.split())
    return (text[:300] + "…") if len(text) > 300 else (text or err.reason or "sans détail")


def _json(data: bytes, url: str) -> dict:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise StoreError(f"Réponse illisible du serveur SPARQL {url} : {err}") from None


def _parse_select(data: bytes, ctype: str, url: str) -> list[dict[str, Identifier]]:
    if "json" not in ctype:
        raise StoreError(f"Le serveur SPARQL {url} n'a pas répondu en JSON ({ctype or '?'}).")
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
    raise StoreError(f"Terme RDF non pris en charge dans une réponse SPARQL : {kind!r}")


def _rows(payload: Mapping[str, Any]) -> list[dict[str, Identifier]]:
    names = payload.get("head", {}).get("vars", [])
    rows = []
    for binding in payload.get("results", {}).get("bindings", []):
        rows.append({name: _term(binding[name]) for name in names if name in binding})
    return rows


def _ntriples(data: Graph | bytes | str | os.PathLike, format: str | None) -> bytes:
    """Read ``data`` the way ``Store`` does and return it as N-Triples bytes."""
    if isinstance(data, Graph):
        return graph_to_ntriples(data)
    try:
        if isinstance(data, (bytes, str)) and not _looks_like_path(data):
            raw = data.encode("utf-8") if isinstance(data, str) else data
            triples = ox.parse(raw, format=_rdf_format(format or "turtle"),
                               without_named_graphs=True)
            return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        path = Path(data)
        fmt = _rdf_format(format or _format_from_suffix(path))
        triples = ox.parse(path=str(path), format=fmt, without_named_graphs=True)
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as err:
        named = isinstance(data, os.PathLike) or (isinstance(data, str) and _looks_like_path(data))
        where = f"« {data} » : " if named else ""
        raise InputError(f"{where}Fichier RDF illisible : {err}") from err
    except OSError as err:
        raise InputError(f"« {data} » : fichier illisible : {err}") from err


# -- copying an embedded store to a server --------------------------------------------------

@dataclass
class PushReport:
    """What :func:`push_store` copied: triples per graph, and graphs dropped on the server."""

    graphs: dict[URIRef, int]
    dropped: list[URIRef]

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def push_store(store, endpoint: Endpoint, *, graphs: Iterable[str | URIRef] | None = None,
               mirror: bool = False,
               progress: Callable[[URIRef], None] | None = None) -> PushReport:
    """Copy named graphs of an embedded store to a SPARQL server, in one transaction.

    Each graph is sent to a staging graph on the server, then one update replaces the
    server's graphs of the same names (and, with ``mirror``, drops every other graph), so
    the server's readers see the old data or the new data, never half of it. Afterwards the
    number of triples of each graph on the server is checked against the store's.

    Parameters
    ----------
    store : ppgraph.store.Store
        The embedded store to copy from.
    endpoint : Endpoint
        The server to copy to.
    graphs : iterable of IRIs, optional
        Only these graphs (default: every named graph of the store but staging leftovers).
    mirror : bool
        Also drop the server's graphs that the store does not have.
    progress : callable, optional
        Called with each graph's IRI once it is uploaded.

    Returns
    -------
    PushReport

    Raises
    ------
    InputError
        If a requested graph is not in the store.
    StoreError
        If the server is unreachable, refuses, or does not hold the same counts afterwards.

    Example
    -------
    >>> from ppgraph.store import Store
    >>> with Store("ppgraph-demo/store", read_only=True) as store:   # doctest: +SKIP
    ...     report = push_store(store, Endpoint("http://127.0.0.1:7878"))
    >>> report.triples                                                  # doctest: +SKIP
    96745
    """
    local = store.graph_counts()
    if graphs is None:
        chosen = [g for g in sorted(local) if not str(g).startswith(str(GRAPHE[_STAGING]))]
    else:
        chosen = [URIRef(str(g)) for g in graphs]
        missing = [str(g) for g in chosen if g not in local]
        if missing:
            raise InputError("Graphe(s) absent(s) du magasin : " + ", ".join(missing))
    before = set(endpoint.graphs()) if mirror else set()
    payloads = {g: store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES,
                                       from_graph=ox.NamedNode(str(g))) for g in chosen}
    endpoint._replace_many(payloads, drop_others=mirror, progress=progress)
    remote = endpoint.graph_counts()
    wrong = [f"{g} ({local[g]} ici, {remote.get(g, 0)} sur le serveur)"
             for g in chosen if remote.get(g, 0) != local[g]]
    if wrong:
        raise StoreError("Copie incomplète vers le serveur : " + "; ".join(wrong))
    staging = str(GRAPHE[_STAGING])
    return PushReport(graphs={g: local[g] for g in chosen},
                      dropped=sorted(g for g in before - set(chosen)
                                     if not str(g).startswith(staging)))

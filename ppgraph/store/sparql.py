"""SPARQL text: a tokenizer, escaped terms, and THE way ppgraph binds parameters (VALUES).

Every store binds the parameters of ``select``, ``construct`` and ``ask`` the same way:
:func:`bind_values` joins a ``VALUES`` block, written from terms escaped by
:func:`sparql_term`, at the start of the query's ``WHERE`` clause. A value can never end the
string or IRI it is written in, and the block is placed by a tokenizer that knows strings,
IRIs and comments, so a value is only ever a value. (Oxigraph's own substitutions are
applied after the query is planned, so the plan would ignore the bound values: a named
question took 3 s on a million triples with them, 90 ms with ``VALUES``; and a SPARQL server
has no substitutions at all.)

A value may be a sequence of terms: the variable then takes each of them in turn (one
``VALUES`` row per term), which is how a query is asked about a list of IRIs at once.

>>> from rdflib import URIRef
>>> bind_values("SELECT ?x ?l WHERE { ?x rdfs:label ?l }",
...             {"x": [URIRef("urn:a"), URIRef("urn:b")]})
'SELECT ?x ?l WHERE { VALUES ?x { <urn:a> <urn:b> } ?x rdfs:label ?l }'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from ..errors import InputError
from ..namespaces import PREFIXES

__all__ = ["Token", "tokenize", "sparql_term", "checked_iri", "values_block", "bind_values",
           "with_prefixes", "UPDATE_KEYWORDS", "QUERY_FORMS", "XSD_STRING"]

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

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
"""The keywords that start the four forms of SPARQL query."""

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
"""The datatype of plain literals (written without it)."""
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
    if len(sparql) > _CACHED_TEXT:  # a text with its bound values: used once
        return _scan(sparql)
    return list(_tokens(sparql))


_CACHED_TEXT = 20_000
"""Texts up to this length (every query file of ppgraph) are tokenized once per process."""


@functools.lru_cache(maxsize=64)
def _tokens(sparql: str) -> tuple[Token, ...]:
    """The tokens of a text, made once per text: a question tokenizes its query several
    times (bindings, sub-queries, its columns), 2 ms each at national scale."""
    return tuple(_scan(sparql))


def _scan(sparql: str) -> list[Token]:
    return [Token(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(sparql)]


def sparql_term(term: Any) -> str:
    """An RDF term written for a SPARQL text, escaped so that it cannot end early.

    IRIs that contain a character forbidden in an IRI (``<>"{}|^`\\``, space or control)
    are refused rather than escaped; a literal's text only uses the escapes ``\\\\``,
    ``\\"``, ``\\n`` and ``\\r``. Python ``str``, ``int``, ``float`` and ``bool`` become
    literals. A blank node cannot be bound: in a query text it would be a new one.

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
        return f"<{checked_iri(str(term))}>"
    if isinstance(term, Literal):
        text = (str(term).replace("\\", "\\\\").replace('"', '\\"')
                .replace("\n", "\\n").replace("\r", "\\r"))
        if term.language:
            if not _LANGTAG.match(term.language):
                raise InputError("store.langue_invalide", langue=term.language)
            return f'"{text}"@{term.language}'
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return f'"{text}"^^<{checked_iri(str(term.datatype))}>'
        return f'"{text}"'
    if isinstance(term, BNode):
        raise InputError("store.noeud_anonyme_non_liable")
    raise InputError("store.valeur_non_liable", valeur=repr(term))


def checked_iri(iri: str) -> str:
    """``iri`` if it can be written between ``<`` and ``>``; an :class:`InputError` if it
    is empty or holds a character an IRI cannot hold."""
    if not iri or _IRI_FORBIDDEN.search(iri):
        raise InputError("store.iri_invalide", iri=iri)
    return iri


def _is_sequence(value: Any) -> bool:
    return (isinstance(value, Iterable)
            and not isinstance(value, (str, bytes, Identifier, Mapping)))


def values_block(bindings: Mapping[str, Any]) -> str:
    """The ``VALUES`` clauses that bind ``bindings``, on one line.

    Single values make one row, ``VALUES (?a ?b) { (<…> "…") }``; a sequence of terms
    makes a block of its own with one row per term, ``VALUES ?x { <…> <…> }`` (an empty
    sequence matches nothing). A set is written in sorted order, so the text is stable.

    >>> values_block({"t": URIRef("urn:T"), "n": 2})
    'VALUES (?t ?n) { (<urn:T> "2"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    >>> values_block({"t": URIRef("urn:T"), "x": (URIRef("urn:a"), "b")})
    'VALUES (?t) { (<urn:T>) } VALUES ?x { <urn:a> "b" }'
    >>> values_block({"x": []})
    'VALUES ?x { }'
    """
    single: list[tuple[str, str]] = []
    blocks: list[str] = []
    for name, value in bindings.items():
        if not isinstance(name, str) or not _VARNAME.match(name):
            raise InputError("store.nom_parametre_invalide", nom=str(name))
        if _is_sequence(value):
            terms = [sparql_term(v) for v in value]
            if isinstance(value, (set, frozenset)):
                terms.sort()
            blocks.append(f"VALUES ?{name} {{ {' '.join(terms)}{' ' if terms else ''}}}")
        else:
            single.append((f"?{name}", sparql_term(value)))
    if single:
        names = " ".join(n for n, _ in single)
        row = " ".join(t for _, t in single)
        blocks.insert(0, f"VALUES ({names}) {{ ({row}) }}")
    return " ".join(blocks)


def _significant(tokens: list[Token]) -> list[tuple[int, Token]]:
    return [(i, t) for i, t in enumerate(tokens) if t.kind not in ("ws", "comment")]


def bind_values(sparql: str, bindings: Mapping[str, Any] | None) -> str:
    """``sparql`` with ``bindings`` joined as ``VALUES`` at the start of its ``WHERE``.

    This is how every ppgraph store binds the parameters of a query. The text of the query
    is otherwise unchanged (the block is inserted on the same line, so error positions
    after it still match the user's line). A value is an RDF term (or a Python ``str``,
    ``int``, ``float``, ``bool``), or a sequence of them (see :func:`values_block`). When the
    ``WHERE`` group is a sub-query, the sub-query is wrapped in a group after the block, so
    a bound variable the sub-query does not project keeps its own scope.

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
    sparql = _bind_in_subqueries(sparql, bindings)
    block = values_block(bindings)
    tokens = tokenize(sparql)
    sig = _significant(tokens)
    form_at = next((k for k, (_, t) in enumerate(sig) if t.keyword in QUERY_FORMS), None)
    if form_at is None:
        raise InputError("store.liaison_pas_une_requete")
    k = form_at + 1
    if sig[form_at][1].keyword == "CONSTRUCT":
        if k < len(sig) and sig[k][1].keyword == "WHERE":
            raise InputError("store.liaison_construct_where")
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
        raise InputError("store.liaison_sans_where")
    _, open_token = sig[k]
    position = open_token.start + 1
    if k + 1 < len(sig) and sig[k + 1][1].keyword == "SELECT":  # WHERE { SELECT … }
        close_token = sig[_matching(sig, k)][1]
        return (sparql[:position] + f" {block} {{" + sparql[position:close_token.start]
                + "} " + sparql[close_token.start:])
    return sparql[:position] + f" {block}" + sparql[position:]


def _bind_in_subqueries(sparql: str, bindings: Mapping[str, Any]) -> str:
    """``sparql`` with the same ``VALUES`` also at the start of each sub-query that projects
    a bound variable as it is (not ``AS``, not ``*``), and is only inside sub-queries that
    do too.

    The result is the same (an outer row has the bound value, so an inner row with another
    value could never join it), but Oxigraph evaluates a sub-query on its own, before the
    join: bound inside, a question about one département computes its aggregates for that
    département only, not for all France.

    >>> _bind_in_subqueries("SELECT ?d ?n { ?d a ?t { SELECT ?d (COUNT(*) AS ?n) "
    ...                     "{ ?s ?p ?d } GROUP BY ?d } }", {"d": URIRef("urn:D")})
    'SELECT ?d ?n { ?d a ?t { SELECT ?d (COUNT(*) AS ?n) { VALUES (?d) { (<urn:D>) } ?s ?p ?d } GROUP BY ?d } }'
    """
    sig = _significant(tokenize(sparql))
    selects = [k for k, (_, t) in enumerate(sig) if t.keyword == "SELECT"]
    if len(selects) < 2:
        return sparql
    scopes: list[tuple[int, int, set[str], int]] = []  # where-open, where-close, projects, at
    for k in selects[1:]:
        projected: set[str] = set()
        j, parens = k + 1, 0
        while j < len(sig) and not (sig[j][1].text == "{" and parens == 0):
            t = sig[j][1]
            if t.text == "(":
                parens += 1
            elif t.text == ")":
                parens -= 1
            elif t.kind == "var" and parens == 0:
                projected.add(t.text[1:])
            j += 1
        if j >= len(sig):
            continue
        scopes.append((j, _matching(sig, j), projected, sig[j][1].start + 1))
    inserts = []
    for open_k, close_k, projected, at in scopes:
        outer = [p for o, c, p, _ in scopes if o < open_k and close_k <= c]
        names = [name for name in bindings
                 if all(name in p for p in (projected, *outer))]
        if names:
            inserts.append((at, " " + values_block({n: bindings[n] for n in names})))
    for at, text in sorted(inserts, reverse=True):
        sparql = sparql[:at] + text + sparql[at:]
    return sparql


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
    raise InputError("store.accolade_non_refermee")


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

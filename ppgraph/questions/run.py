"""Asking the store: named questions and ad-hoc SPARQL (read-only unless asked), as an Answer.

Parameters are bound as RDF terms, never pasted into the text as the user typed them: on
the embedded store as on a server, they are joined as a ``VALUES`` block written from
escaped N-Triples terms at the start of the query's ``WHERE`` clause (the store's one
binding path); a value can only ever be a value. A question uses its parameters in triple
patterns, or in ``FILTER``/``BIND`` at the first level of its ``WHERE``, where the
``VALUES`` block is in scope; it lists its required triple patterns first, in one group, so
that Oxigraph starts from the bound values.

Ad-hoc SPARQL (:func:`run_sparql`) is read-only unless asked: the text is tokenized, and
parsed by rdflib's SPARQL parser when it contains an update keyword, ``SERVICE`` or ``LOAD``
outside strings, IRIs and comments; an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``,
``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``) is refused without ``allow_update``,
``SERVICE`` (and ``LOAD``, which fetch data over the network) without ``allow_service``. A
keyword in a comment or a string literal does not count.

>>> from ppgraph.store import Store
>>> run_sparql(Store(), "SELECT ?x WHERE { VALUES ?x { 1 2 } }").records()
[{'x': 1}, {'x': 2}]
"""

from __future__ import annotations

import datetime as _dt
import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from ..store import GraphStore
from ..store.sparql import UPDATE_KEYWORDS, tokenize
from ..errors import InputError
from ..i18n import message, number, plural
from ..namespaces import PREFIXES
from ..resources import query_text
from ..text import french_sort_key
from .catalogue import Question, load_question, parse_question
from .parameters import parse_term, resolve_parameters

__all__ = ["Answer", "SparqlKind", "sparql_kind", "ask_question", "run_sparql", "short_iri",
           "split_list"]


@dataclass(frozen=True)
class SparqlKind:
    """What :func:`sparql_kind` found: the form and whether it reaches the network."""

    form: str
    """``select``, ``construct``, ``describe``, ``ask`` or ``update``"""
    service: bool
    """it has a SERVICE clause"""
    load: bool
    """it is an update with LOAD (which fetches a document)"""


def sparql_kind(text: str) -> SparqlKind:
    """Parse ``text`` and say whether it is a query (and of which form) or an update, and
    whether it uses SERVICE or LOAD. Comments and string literals never count.

    >>> sparql_kind('SELECT * WHERE { ?s ?p "DROP ALL" } # INSERT DATA').form
    'select'
    >>> sparql_kind('PREFIX x: <urn:x> DELETE WHERE { ?s ?p ?o }').form
    'update'
    >>> sparql_kind('SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }').service
    True
    """
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    quick = _kind_from_tokens(text)
    if quick.form != "update" and not quick.service and not quick.load:
        # No keyword of an update, SERVICE or LOAD outside strings, IRIs and comments: the
        # tokenizer is enough (rdflib's parser takes up to a second on a long query).
        return quick
    try:
        tree = parseQuery(text)
        names = set(_node_names(tree))
        form = next((f for n, f in (("SelectQuery", "select"), ("ConstructQuery", "construct"),
                                    ("DescribeQuery", "describe"), ("AskQuery", "ask"))
                     if n in names), None)
        if form:
            return SparqlKind(form, "ServiceGraphPattern" in names, False)
    except Exception:  # not a query rdflib knows: try an update, then the tokenizer
        pass
    try:
        tree = parseUpdate(text)
        names = set(_node_names(tree))
        if names & {"InsertData", "DeleteData", "DeleteWhere", "Modify", "Load", "Clear",
                    "Drop", "Create", "Add", "Move", "Copy"}:
            return SparqlKind("update", "ServiceGraphPattern" in names, "Load" in names)
    except Exception:
        pass
    return _kind_from_tokens(text)


def _node_names(node: Any, depth: int = 0) -> Iterable[str]:
    if depth > 200:
        return
    name = getattr(node, "name", None)
    if isinstance(name, str):
        yield name
    if isinstance(node, Mapping):
        children = list(node.values())
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        children = list(node)
    else:
        children = []
    for child in children:
        if not isinstance(child, (str, Identifier)):
            yield from _node_names(child, depth + 1)


def _kind_from_tokens(text: str) -> SparqlKind:
    words = [t.keyword for t in tokenize(text) if t.kind == "word"]
    form = "select"
    for word in words:
        if word in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
            form = word.lower()
            break
        if word in UPDATE_KEYWORDS:
            form = "update"
            break
    if any(w in UPDATE_KEYWORDS for w in words):
        form = "update"
    return SparqlKind(form, "SERVICE" in words, "LOAD" in words)



@dataclass
class Answer:
    """The answer to a question or an ad-hoc query.

    ``rows`` are dicts of rdflib terms (as :meth:`ppgraph.store.Store.select` returns them);
    :meth:`records` gives plain Python values with labels instead of IRIs.
    """

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Identifier]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    question: Question | None = None
    parameters: dict[str, Identifier] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    """IRI → label in the answer's language"""
    lang: str = "fr"
    message: str | None = None
    """what an update did"""

    @property
    def columns(self) -> dict[str, str]:
        """{variable: header} of the columns to show: the question's, else every variable."""
        if self.question is not None and self.question.headers:
            return self.question.columns(self.lang)
        return {v: v for v in self.variables}

    @property
    def lists(self) -> dict[str, str]:
        return dict(self.question.lists) if self.question else {}

    def label(self, term: Identifier | None) -> str:
        """How a term is shown: an IRI's label (or short form), a literal's text."""
        if term is None:
            return ""
        if isinstance(term, URIRef):
            return self.labels.get(str(term)) or short_iri(term)
        return str(term)

    def records(self, labels: bool = True) -> list[dict[str, Any]]:
        """Rows as plain dicts of the shown columns: labels (or IRI strings) for IRIs,
        ``int``, ``float``, ``datetime.date``, ``bool`` or ``str`` for literals, a list of
        strings for a column of several values, None when unbound.

        >>> Answer("select", ["n"], [{"n": Literal(3)}]).records()
        [{'n': 3}]
        """
        out = []
        for row in self.rows:
            record = {}
            for var in self.columns:
                record[var] = self._plain(var, row.get(var), labels)
            out.append(record)
        return out

    def _plain(self, var: str, term: Identifier | None, labels: bool) -> Any:
        if term is None:
            return None
        if var in self.lists:
            return split_list(str(term), self.lists[var])
        if isinstance(term, URIRef):
            return self.label(term) if labels else str(term)
        if isinstance(term, BNode):
            return f"_:{term}"
        value = term.toPython() if isinstance(term, Literal) else term
        if isinstance(value, decimal.Decimal):
            return float(value)
        if isinstance(value, (bool, int, float, _dt.date, str)):
            return value
        return str(term)


def short_iri(term: Identifier) -> str:
    """A readable short form of an IRI: ``id:projet/33-PJ-0001``, ``pp:Structure``.

    >>> short_iri(URIRef("https://w3id.org/ppgraph/id/projet/33-PJ-0001"))
    'id:projet/33-PJ-0001'
    """
    text = str(term)
    best = max(((p, ns) for p, ns in PREFIXES.items() if text.startswith(ns)),
               key=lambda x: len(x[1]), default=None)
    return f"{best[0]}:{text[len(best[1]):]}" if best else text


def split_list(text: str, sep: str) -> list[str]:
    """The values of a column that holds several (``@liste``), sorted as a French index.

    >>> split_list("Site de visite, Camping, Étape", ", ")
    ['Camping', 'Étape', 'Site de visite']
    """
    return sorted((x for x in text.split(sep) if x), key=french_sort_key)


def ask_question(store: GraphStore, question: str | Path | Question,
                 params: Mapping[str, Any] | None = None, *, lang: str = "fr",
                 labels: bool = True) -> Answer:
    """Answer a named question (or a ``.rq`` file with a header) on ``store``.

    Parameters
    ----------
    store : Store or Endpoint
        The embedded store or a SPARQL server (:func:`ppgraph.store.open_store`).
    question : str, path or Question
        ``"qui-fait-quoi"``, ``"orientation"``... or a ``.rq`` file.
    params : mapping, optional
        Parameter values, as a user types them (``{"departement": "Gironde"}``) or RDF terms.
    lang : "fr" or "en"
        Language of labels and headers.
    labels : bool
        Look up the labels of the IRIs of the answer (one more query).

    Returns
    -------
    Answer
        ``answer.records()`` gives the rows as plain dicts.

    Raises
    ------
    InputError
        Unknown question, bad parameter, or a query the store refuses.

    Example
    -------
    >>> from ppgraph.store import Store
    >>> from ppgraph.reference import load_reference_data
    >>> store = Store(); _ = load_reference_data(store)
    >>> ask_question(store, "niveaux", {"departement": "Gironde"}).rows
    []
    """
    q = question if isinstance(question, Question) else load_question(question)
    bindings = resolve_parameters(store, q, params, lang=lang)
    return _execute(store, q.text, bindings, question=q, lang=lang, labels=labels,
                    form=_kind_from_tokens(q.text).form)


def run_sparql(store: GraphStore, text: str, params: Mapping[str, Any] | None = None, *,
               allow_update: bool = False, allow_service: bool = False, lang: str = "fr",
               labels: bool = True) -> Answer:
    """Run ad-hoc SPARQL on ``store``, read-only unless asked.

    Parameters
    ----------
    store : Store or Endpoint
    text : str
        A SPARQL query or update. ppgraph's prefixes (``pp:``, ``ref:``, ``rdfs:``...) are
        declared. A text with a question header (``# @param``...) gets typed parameters and
        column headers, as a named question.
    params : mapping, optional
        Values bound as RDF terms: strings written as in Turtle (:func:`parse_term`) or RDF
        terms; typed as the header says if there is one.
    allow_update : bool
        Allow a SPARQL update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY).
    allow_service : bool
        Allow SERVICE and LOAD, which fetch data from other hosts.

    Returns
    -------
    Answer

    Raises
    ------
    InputError
        A refused update or SERVICE (nothing is run, the store is unchanged), a syntax error.

    Example
    -------
    >>> from ppgraph.store import Store
    >>> run_sparql(Store(), "DROP ALL")
    Traceback (most recent call last):
    ...
    ppgraph.errors.InputError: Cette requête modifie le magasin (mise à jour SPARQL) : refusée. Relancez avec --allow-update si c'est bien voulu (en Python : allow_update=True).
    """
    kind = sparql_kind(text)
    if kind.form == "update" and not allow_update:
        raise InputError("questions.mise_a_jour_refusee")
    if (kind.service or kind.load) and not allow_service:
        raise InputError("questions.service_refuse", mot="SERVICE" if kind.service else "LOAD")
    question = parse_question(text)
    if question.parameters:
        bindings = resolve_parameters(store, question, params, lang=lang)
    else:
        bindings = {k: v if isinstance(v, Identifier) else parse_term(str(v))
                    for k, v in (params or {}).items()}
    if kind.form == "update":
        if bindings:
            raise InputError("questions.mise_a_jour_sans_parametres")
        before = store.count()
        try:
            store.update(text)
        except RuntimeError as err:  # Oxigraph refuses it as a whole: nothing was changed
            raise InputError("questions.mise_a_jour_echec", detail=str(err)) from err
        after = store.count()
        diff = after - before
        change = (message("questions.aucun_changement", lang) if diff == 0 else
                  plural("questions.triplets_ajoutes" if diff > 0 else
                         "questions.triplets_retires", abs(diff), lang))
        return Answer("update", lang=lang,
                      message=message("questions.mise_a_jour_faite", lang, changement=change,
                                      total=number(after, lang)))
    return _execute(store, text, bindings, question=question if question.headers or
                    question.titles else None, lang=lang, labels=labels, form=kind.form)


def _execute(store: GraphStore, text: str, bindings: Mapping[str, Identifier], *,
             question: Question | None, lang: str, labels: bool, form: str) -> Answer:
    # The store binds the parameters its one way (a VALUES block of escaped terms at the
    # start of the WHERE clause), on the embedded store as on a server.
    if form == "select":
        rows = store.select(text, bindings)
        answer = Answer("select", _variables(text, rows, bindings), rows, question=question,
                        parameters=dict(bindings), lang=lang)
    elif form == "ask":
        answer = Answer("ask", boolean=store.ask(text, bindings), question=question,
                        parameters=dict(bindings), lang=lang)
    else:
        answer = Answer("construct", graph=store.construct(text, bindings), question=question,
                        parameters=dict(bindings), lang=lang)
    if labels:
        answer.labels = _labels(store, answer, lang)
        missing = [str(term) for term in bindings.values()
                   if isinstance(term, URIRef) and str(term) not in answer.labels]
        if missing:
            answer.labels.update(_lookup(store, missing, lang))
    return answer


def _variables(text: str, rows: list[dict], bindings: Mapping[str, Any]) -> list[str]:
    """The projected variables, in the order of the SELECT (read from the query's tokens);
    ``SELECT *`` gives those of the rows."""
    tokens = [t for t in tokenize(text) if t.kind not in ("ws", "comment")]
    start = next((i for i, t in enumerate(tokens) if t.keyword == "SELECT"), None)
    names = _projected(tokens[start + 1:]) if start is not None else []
    seen = list(dict.fromkeys(names))
    for row in rows:
        for name in row:
            if name not in seen:
                seen.append(name)
    return seen


def _projected(tokens) -> list[str]:
    names: list[str] = []
    depth = 0
    after_as = False
    for t in tokens:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif t.text == "{" or (depth == 0 and t.keyword in ("WHERE", "FROM")):
            break
        elif t.text == "*" and depth == 0:
            return []
        elif t.keyword == "AS":
            after_as = True
            continue
        elif t.kind == "var" and (depth == 0 or after_as):
            names.append(t.text[1:])
        after_as = False
    return names


def _labels(store: GraphStore, answer: Answer, lang: str) -> dict[str, str]:
    iris: set[str] = set()
    for row in answer.rows:
        for var, term in row.items():
            if var not in answer.lists and isinstance(term, URIRef):
                iris.add(str(term))
    return _lookup(store, sorted(iris), lang)


def _lookup(store: GraphStore, iris: list[str], lang: str, chunk: int = 400) -> dict[str, str]:
    """Labels of ``iris`` in ``lang`` (else French, else without language), a few queries."""
    found: dict[str, tuple[int, str]] = {}
    for i in range(0, len(iris), chunk):
        part = [URIRef(x) for x in iris[i:i + chunk]]
        for row in store.select(query_text("libelles"), {"x": part}):
            label = row.get("libelle")
            if label is None:
                continue
            tag = getattr(label, "language", None)
            rank = 0 if tag == lang else 1 if tag == "fr" else 2 if not tag else 3
            key = str(row["x"])
            if key not in found or (rank, str(label)) < found[key]:
                found[key] = (rank, str(label))
    return {k: v for k, (_, v) in found.items()}



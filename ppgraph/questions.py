"""Ask the graph: named questions, ad-hoc SPARQL, and the outputs users read.

A **named question** is a SPARQL file of ``ppgraph/queries/questions/`` whose comment header
says, in French (and optionally English), what it answers, which typed parameters it takes
and how its columns are headed. Everything a question knows is in its ``.rq`` file; this
module only reads headers, turns parameter values into RDF terms, runs the query on a store
(embedded or SPARQL server) and renders the answer.

Header of a question (the leading comment block; a line ``# @clé valeur``, continued on the
next comment lines that do not start a new key; a bare ``#`` ends the header's fields). A
parameter may have a display name in quotes after its name (``@param etape "étape" …``)::

    # @titre       Qui fait quoi dans un département
    # @description Pour un département : chaque structure...
    # @param       departement departement obligatoire : le département (33 ou Gironde)
    # @param       lang langue défaut=fr : langue des libellés
    # @colonne     structure : Structure
    # @liste       typesProjet ", "
    # @vide        Aucune structure dans la soumission de ce département.
    # @exemple     ppgraph query qui-fait-quoi --param departement=33

``@titre``, ``@description``, ``@colonne`` and ``@vide`` may have an English variant
(``@titre@en``...). Parameter types: ``departement``, ``commune``, ``epci``, ``territoire``
(commune, intercommunalité or département), ``concept:<liste>`` (a concept of a référentiel
list, by code or label), ``instance:<sorte>`` (a record, by its identifier or IRI),
``texte``, ``entier``, ``decimal``, ``date``, ``booleen``, ``iri``, ``langue``.

Parameters are bound as RDF terms, never pasted into the text as the user typed them: on
the embedded store as on a server, they are joined as a ``VALUES`` block written from
escaped N-Triples terms at the start of the query's ``WHERE`` clause
(:func:`ppgraph.endpoint.bind_values`); a value can only ever be a value. (Oxigraph's own
substitutions are applied after the query is planned, so the plan ignores the bound values:
« orientation » took 3 s on a million triples with them, 90 ms with ``VALUES``.) A question
uses its parameters in triple patterns, or in ``FILTER``/``BIND`` at the first level of its
``WHERE``, where the ``VALUES`` block is in scope; it lists its required triple patterns first,
in one group, so that Oxigraph starts from the bound values.

Ad-hoc SPARQL (:func:`run_sparql`) is read-only unless asked: the text is tokenized, and
parsed by rdflib's SPARQL parser when it contains an update keyword, ``SERVICE`` or ``LOAD``
outside strings, IRIs and comments; an update (``INSERT``, ``DELETE``,
``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``) is refused without
``allow_update``, ``SERVICE`` (and ``LOAD``, which fetch data over the network) without
``allow_service``. A keyword in a comment or a string literal does not count.

Example
-------
>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> [q.name for q in list_questions()][:3]
['couverture', 'devenus-prestataires', 'niveaux']
>>> answer = run_sparql(store, "SELECT ?region ?c WHERE { ?region a pp:Region ; "
...                     "pp:codeINSEE ?c }", {"c": '"75"'})
>>> answer.records()
[{'region': 'Nouvelle-Aquitaine', 'c': '75'}]
>>> print(format_table(answer))
region              c
------------------  --
Nouvelle-Aquitaine  75
"""

from __future__ import annotations

import csv
import datetime as _dt
import decimal
import difflib
import functools
import io
import json
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from .store.sparql import UPDATE_KEYWORDS, bind_values, sparql_term, tokenize
from .errors import InputError
from .namespaces import PREFIXES, PP, REF, instance_iri, territory_iri
from .resources import query_text
from .site import STRINGS, Site, french_sort_key, register_page

__all__ = ["Parameter", "Question", "Answer", "QUESTIONS_DIR", "list_questions",
           "load_question", "parse_question", "ask_question", "run_sparql", "sparql_kind",
           "resolve_parameters", "parse_term", "format_table", "format_csv", "format_json",
           "format_turtle", "answer_title"]

QUESTIONS_DIR = Path(__file__).resolve().parent / "queries" / "questions"
"""Where the named questions are: one ``<nom>.rq`` file each."""

PARAMETER_TYPES = ("departement", "commune", "epci", "territoire", "texte", "entier",
                   "decimal", "date", "booleen", "iri", "langue")
_PREFIXED_TYPES = ("concept:", "instance:")
_KEYS = {"titre", "description", "param", "colonne", "liste", "vide", "exemple"}
_LOCALIZED = {"titre", "description", "colonne", "vide"}

# -- questions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    """A typed parameter of a question (``# @param nom type obligatoire|défaut=v : aide``)."""

    name: str
    type: str
    required: bool
    default: str | None
    help: str
    label: str = ""
    """how the parameter is named in an answer's title (``département``); default its name"""


@dataclass(frozen=True)
class Question:
    """A named question: its SPARQL text and what its header says."""

    name: str
    text: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    parameters: tuple[Parameter, ...]
    headers: dict[str, dict[str, str]]
    """language → {variable: column header}, in column order"""
    lists: dict[str, str]
    """variable → separator of a column that holds several values"""
    empty: dict[str, str]
    examples: tuple[str, ...]
    path: Path | None = None

    def title(self, lang: str = "fr") -> str:
        """The title in ``lang`` (French if there is none)."""
        return self.titles.get(lang) or self.titles.get("fr") or self.name

    def description(self, lang: str = "fr") -> str:
        return self.descriptions.get(lang) or self.descriptions.get("fr") or ""

    def columns(self, lang: str = "fr") -> dict[str, str]:
        """{variable: header} of the columns to show, in order (French headers as fallback)."""
        french = self.headers.get("fr", {})
        local = self.headers.get(lang, {})
        return {var: local.get(var, header) for var, header in french.items()}

    def empty_message(self, lang: str = "fr") -> str:
        return self.empty.get(lang) or self.empty.get("fr") or ""

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


_FIELD = re.compile(r"^#\s*@(?P<key>[a-z]+)(?:@(?P<lang>[a-z]{2}))?\s+(?P<value>.*)$")
_PARAM = re.compile(r'^(?P<name>[A-Za-z_]\w*)(?:\s+"(?P<label>[^"]+)")?\s+(?P<type>[\w:-]+)'
                    r"(?:\s+(?P<mode>obligatoire|facultatif|défaut=\S+))?\s*:\s*(?P<help>.+)$")
_COLUMN = re.compile(r"^(?P<var>[A-Za-z_]\w*)\s*:\s*(?P<header>.+)$")
_LIST = re.compile(r'^(?P<var>[A-Za-z_]\w*)\s+"(?P<sep>[^"]+)"$')


def parse_question(text: str, name: str = "requete", path: Path | None = None) -> Question:
    """Read the header of a SPARQL text (see the module documentation).

    A text without header is a question with no title, parameter or column headers.

    Raises
    ------
    InputError
        If a header line is malformed (unknown key or parameter type), naming the file and line.

    >>> q = parse_question('# @titre Essai\\n# @param n entier obligatoire : un nombre\\n'
    ...                    'SELECT ?n WHERE {}')
    >>> q.title(), q.parameters[0].type, q.parameters[0].required
    ('Essai', 'entier', True)
    """
    where = str(path) if path else name
    fields: list[tuple[str, str | None, str, int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        match = _FIELD.match(stripped)
        if match:
            if match["key"] not in _KEYS:
                raise InputError(f"« {where} », ligne {number} : clé d'en-tête inconnue "
                                 f"« @{match['key']} » (clés : "
                                 + ", ".join(f"@{k}" for k in sorted(_KEYS)) + ").")
            fields.append((match["key"], match["lang"], match["value"].strip(), number))
        elif stripped == "#" or not fields:
            if fields and fields[-1][0] != "#":
                fields.append(("#", None, "", number))
        elif fields[-1][0] != "#":
            key, lang, value, start = fields[-1]
            fields[-1] = (key, lang, f"{value} {stripped.lstrip('#').strip()}", start)
    titles: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    empty: dict[str, str] = {}
    headers: dict[str, dict[str, str]] = {}
    params: list[Parameter] = []
    lists: dict[str, str] = {}
    examples: list[str] = []
    for key, lang, value, number in fields:
        lang = lang or "fr"
        if key == "titre":
            titles[lang] = value
        elif key == "description":
            descriptions[lang] = value
        elif key == "vide":
            empty[lang] = value
        elif key == "exemple":
            examples.append(value)
        elif key == "colonne":
            m = _COLUMN.match(value)
            if not m:
                raise InputError(f"« {where} », ligne {number} : @colonne attend "
                                 "« variable : En-tête ».")
            headers.setdefault(lang, {})[m["var"]] = m["header"].strip()
        elif key == "liste":
            m = _LIST.match(value)
            if not m:
                raise InputError(f"« {where} », ligne {number} : @liste attend "
                                 "« variable \"séparateur\" ».")
            lists[m["var"]] = m["sep"]
        elif key == "param":
            m = _PARAM.match(value)
            if not m:
                raise InputError(f"« {where} », ligne {number} : @param attend « nom type "
                                 "[obligatoire|facultatif|défaut=valeur] : aide ».")
            ptype = m["type"]
            if ptype not in PARAMETER_TYPES and not ptype.startswith(_PREFIXED_TYPES):
                raise InputError(f"« {where} », ligne {number} : type de paramètre inconnu "
                                 f"« {ptype} » (types : {', '.join(PARAMETER_TYPES)}, "
                                 "concept:<liste>, instance:<sorte>).")
            mode = m["mode"] or "facultatif"
            default = mode.split("=", 1)[1] if mode.startswith("défaut=") else None
            params.append(Parameter(m["name"], ptype, mode == "obligatoire", default,
                                    m["help"].strip(), m["label"] or m["name"]))
    return Question(name=name, text=text, titles=titles, descriptions=descriptions,
                    parameters=tuple(params), headers=headers, lists=lists, empty=empty,
                    examples=tuple(examples), path=path)


def list_questions() -> list[Question]:
    """The named questions shipped with ppgraph, sorted by name.

    >>> "qui-fait-quoi" in [q.name for q in list_questions()]
    True
    """
    return [load_question(p.stem) for p in sorted(QUESTIONS_DIR.glob("*.rq"))]


@functools.lru_cache(maxsize=None)
def _load(path: str) -> Question:
    p = Path(path)
    return parse_question(p.read_text(encoding="utf-8"), name=p.stem, path=p)


def load_question(name: str | Path) -> Question:
    """A named question (``"orientation"``) or the question of a ``.rq`` file (a path).

    Raises
    ------
    InputError
        If there is no such question or file; the message lists the named questions.
    """
    text = str(name)
    candidate = QUESTIONS_DIR / f"{text}.rq"
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", text) and candidate.is_file():
        return _load(str(candidate))
    path = Path(text)
    if path.suffix == ".rq" and path.is_file():
        try:
            return parse_question(path.read_text(encoding="utf-8"), name=path.stem, path=path)
        except UnicodeDecodeError as err:
            raise InputError(f"« {path} » : le fichier n'est pas en UTF-8 ({err}).") from err
    names = [p.stem for p in sorted(QUESTIONS_DIR.glob("*.rq"))]
    close = difflib.get_close_matches(text, names, n=1)
    hint = f" Vouliez-vous dire « {close[0]} » ?" if close else ""
    raise InputError(f"Question inconnue : « {text} ».{hint} Questions disponibles : "
                     f"{', '.join(names)} (ppgraph query --list).")


# -- what kind of SPARQL is this? -----------------------------------------------------------------

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


# -- parameter values ---------------------------------------------------------------------------

_TURTLE_LITERAL = re.compile(r'^"(?P<text>(?:[^"\\]|\\.)*)"'
                             r'(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)'
                             r'|\^\^(?P<dt><[^>]*>|[A-Za-z][\w-]*:[\w.-]*))?$', re.DOTALL)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'",
            "\\": "\\"}


def parse_term(value: str) -> Identifier:
    """A parameter value of an ad-hoc query, written as in Turtle: ``<iri>``, ``pp:Nom``
    (ppgraph's prefixes), ``"texte"``, ``"texte"@fr``, ``"2024-01-01"^^xsd:date``, ``42``,
    ``4.2``, ``true``, or a bare ``https://…`` IRI; anything else is a plain string.

    >>> parse_term("ref:niveau/aucun")
    rdflib.term.URIRef('https://w3id.org/ppgraph/ref/niveau/aucun')
    >>> parse_term('"Bordeaux"@fr'), parse_term("42"), parse_term("Bordeaux")
    (rdflib.term.Literal('Bordeaux', lang='fr'), rdflib.term.Literal('42', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), rdflib.term.Literal('Bordeaux'))
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if re.fullmatch(r"(https?|urn):[^\s<>\"{}|^`\\]+", text):
        return URIRef(text)
    m = _TURTLE_LITERAL.match(text)
    if m:
        lexical = re.sub(r"\\(.)", lambda e: _ESCAPES.get(e.group(1), e.group(1)), m["text"])
        if m["lang"]:
            return Literal(lexical, lang=m["lang"])
        if m["dt"]:
            dt = m["dt"]
            return Literal(lexical, datatype=URIRef(dt[1:-1]) if dt.startswith("<")
                           else _expand(dt, value))
        return Literal(lexical)
    if re.fullmatch(r"[+-]?\d+", text):
        return Literal(text, datatype=XSD.integer)
    if re.fullmatch(r"[+-]?\d*\.\d+", text):
        return Literal(text, datatype=XSD.decimal)
    if text in ("true", "false"):
        return Literal(text, datatype=XSD.boolean)
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and " " not in text:
        return URIRef(PREFIXES[prefix] + local)
    return Literal(value)


def _expand(pname: str, value: str) -> URIRef:
    prefix, _, local = pname.partition(":")
    if prefix not in PREFIXES:
        raise InputError(f"Préfixe inconnu « {prefix}: » dans « {value} » (préfixes : "
                         f"{', '.join(PREFIXES)}).")
    return URIRef(PREFIXES[prefix] + local)


def _norm(text: str) -> str:
    """Accents, case and punctuation ignored: how a name typed by a user is compared."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").casefold()
    return re.sub(r"[^a-z0-9]+", " ", bare).strip()


_CLASSES = {"commune": PP.Commune, "epci": PP.EPCI, "departement": PP.Departement,
            "region": PP.Region}
_KIND_NAMES = {"commune": "commune", "epci": "intercommunalité", "departement": "département",
               "region": "région"}


class _Resolver:
    """Turns the values a user typed into RDF terms, with the store's help (cached)."""

    def __init__(self, store: Any, question: Question):
        self.store = store
        self.question = question
        self._territories: dict[str, list[dict]] = {}
        self._concepts: dict[str, list[dict]] = {}

    def territories(self, kind: str) -> list[dict]:
        if kind not in self._territories:
            rows = self.store.select(query_text("parametres-territoires"),
                                     {"classe": _CLASSES[kind]})
            self._territories[kind] = rows
        return self._territories[kind]

    def concepts(self, scheme: str) -> list[dict]:
        if scheme not in self._concepts:
            self._concepts[scheme] = self.store.select(query_text("parametres-concepts"),
                                                       {"liste": REF[scheme]})
        return self._concepts[scheme]

    def error(self, param: Parameter, raw: str, why: str) -> InputError:
        return InputError(f"Paramètre « {param.name} » de la question « {self.question.name} » : "
                          f"{why}")

    # -- one value ------------------------------------------------------------------------

    def resolve(self, param: Parameter, raw: str) -> Identifier:
        t = param.type
        value = raw.strip()
        if not value:
            raise self.error(param, raw, "valeur vide.")
        if t in ("departement", "commune", "epci", "territoire"):
            return self.territory(param, value, t)
        if t.startswith("concept:"):
            return self.concept(param, value, t.split(":", 1)[1])
        if t.startswith("instance:"):
            return self.instance(param, value, t.split(":", 1)[1])
        if t == "texte":
            return Literal(raw)
        if t == "entier":
            if not re.fullmatch(r"[+-]?\d+", value):
                raise self.error(param, raw, f"« {raw} » n'est pas un nombre entier.")
            return Literal(int(value))
        if t == "decimal":
            try:
                return Literal(decimal.Decimal(value.replace(",", ".")))
            except decimal.InvalidOperation:
                raise self.error(param, raw, f"« {raw} » n'est pas un nombre.") from None
        if t == "date":
            for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    return Literal(_dt.datetime.strptime(value, fmt).date())
                except ValueError:
                    pass
            raise self.error(param, raw, f"« {raw} » n'est pas une date (AAAA-MM-JJ ou "
                                         "JJ/MM/AAAA).")
        if t == "booleen":
            if _norm(value) in ("oui", "vrai", "true", "1"):
                return Literal(True)
            if _norm(value) in ("non", "faux", "false", "0"):
                return Literal(False)
            raise self.error(param, raw, f"« {raw} » : attendu oui ou non.")
        if t == "langue":
            if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*", value):
                raise self.error(param, raw, f"« {raw} » n'est pas un code de langue (fr, en).")
            return Literal(value)
        if t == "iri":
            term = parse_term(value)
            if not isinstance(term, URIRef):
                raise self.error(param, raw, f"« {raw} » n'est pas une IRI (<https://…> ou "
                                             "préfixe:nom).")
            return term
        raise self.error(param, raw, f"type inconnu « {t} ».")  # pragma: no cover

    def territory(self, param: Parameter, value: str, kind: str) -> URIRef:
        code = value.upper()
        kinds = ["commune", "epci", "departement"] if kind == "territoire" else [kind]
        guess = None
        if re.fullmatch(r"\d{9}", code) and "epci" in kinds:
            guess = "epci"
        elif re.fullmatch(r"(\d{5}|2[AB]\d{3})", code) and "commune" in kinds:
            guess = "commune"
        elif re.fullmatch(r"(\d{2,3}|2[AB])", code) and "departement" in kinds:
            guess = "departement"
        if guess:
            iri = territory_iri(guess, code)
            rows = self.store.select(query_text("parametres-territoires"),
                                     {"classe": _CLASSES[guess], "territoire": iri})
            if rows:
                return iri
            raise self.error(param, value, f"aucun(e) {_KIND_NAMES[guess]} de code « {value} » "
                                           "dans le magasin.")
        wanted = _norm(value)
        found: dict[URIRef, tuple[str, dict]] = {}
        names: dict[str, str] = {}
        for k in kinds:
            for r in self.territories(k):
                name = str(r.get("nom", ""))
                names[_norm(name)] = name
                if _norm(name) == wanted:
                    found[r["territoire"]] = (k, r)
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            listed = []
            for iri, (k, r) in found.items():
                deps = self.store.select(query_text("parametres-departements-de"),
                                         {"territoire": iri})
                where = ", ".join(sorted(str(d["departement"]) for d in deps))
                listed.append(f"{r.get('nom')} ({_KIND_NAMES[k]} {r.get('code', '?')}"
                              + (f", {where}" if where else "") + ")")
            listed.sort()
            raise self.error(param, value, f"« {value} » désigne plusieurs territoires : "
                             + "; ".join(listed[:10]) + ". Précisez le code INSEE (SIREN pour "
                             "une intercommunalité).")
        close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.75)
        hint = (" Vouliez-vous dire : " + ", ".join(f"« {names[c]} »" for c in close) + " ?"
                if close else "")
        what = " ou ".join(_KIND_NAMES[k] for k in kinds)
        raise self.error(param, value, f"aucun(e) {what} « {value} » dans le magasin.{hint}")

    def concept(self, param: Parameter, value: str, scheme: str) -> URIRef:
        rows = self.concepts(scheme)
        if not rows:
            raise self.error(param, value, f"la liste « {scheme} » du référentiel est absente "
                                           "du magasin (chargez le référentiel).")
        wanted = _norm(value)
        by_code = {str(r["concept"]) for r in rows if "notation" in r
                   and (str(r["notation"]) == value or _norm(r["notation"]) == wanted)}
        if len(by_code) == 1:
            return URIRef(by_code.pop())
        by_label = {str(r["concept"]) for r in rows if "libelle" in r
                    and _norm(r["libelle"]) == wanted}
        if len(by_label) == 1:
            return URIRef(by_label.pop())
        labels = {str(r["concept"]): (str(r.get("notation", "")), str(r.get("prefere", "")))
                  for r in rows}
        if len(by_label) > 1:
            raise self.error(param, value, f"« {value} » est un libellé de plusieurs concepts : "
                             + ", ".join(sorted(labels[c][0] for c in by_label))
                             + ". Donnez le code.")
        candidates = {_norm(r["libelle"]): labels[str(r["concept"])][0] for r in rows
                      if "libelle" in r}
        candidates.update({_norm(code): code for code, _ in labels.values() if code})
        close = sorted({candidates[c] for c in difflib.get_close_matches(
            wanted, list(candidates), n=3, cutoff=0.7)})
        hint = (" Vouliez-vous dire : " + ", ".join(f"« {c} »" for c in close) + " ?"
                if close else "")
        codes = ", ".join(sorted(code for code, _ in labels.values() if code))
        raise self.error(param, value, f"« {value} » n'est ni un code ni un libellé de la liste "
                                       f"« {scheme} ».{hint} Codes possibles : {codes}.")

    def instance(self, param: Parameter, value: str, kind: str) -> URIRef:
        if re.match(r"^https?://", value) or value.startswith("<"):
            iri = URIRef(value.strip("<>"))
        elif ":" in value and value.split(":", 1)[0] in PREFIXES:
            iri = _expand(value, value)
        else:
            try:
                iri = instance_iri(kind, value)
            except ValueError as err:
                raise self.error(param, value, str(err)) from None
        if not self.store.ask(query_text("parametres-instance"), {"instance": iri}):
            raise self.error(param, value, f"aucun enregistrement « {value} » ({iri}) dans le "
                                           "magasin.")
        return iri


def resolve_parameters(store: Any, question: Question, values: Mapping[str, Any] | None = None,
                       *, lang: str = "fr") -> dict[str, Identifier]:
    """The RDF terms to bind for ``question``, from the values a user gave.

    Values may be strings (typed by the header: ``"33"``, ``"Gironde"``, ``"camping"``...) or
    RDF terms (used as they are). A parameter of type ``langue`` that is not given takes
    ``lang``; another one takes its default, if any.

    Raises
    ------
    InputError
        Unknown parameter, missing required parameter, or a value that does not match (the
        message says which values are possible).
    """
    values = dict(values or {})
    unknown = [k for k in values if question.parameter(k) is None]
    if unknown:
        names = ", ".join(p.name for p in question.parameters) or "aucun"
        raise InputError(f"La question « {question.name} » n'a pas de paramètre "
                         f"« {unknown[0]} » (paramètres : {names}).")
    resolver = _Resolver(store, question)
    out: dict[str, Identifier] = {}
    for param in question.parameters:
        raw = values.get(param.name)
        if raw is None:
            if param.type == "langue":
                raw = lang
            elif param.default is not None:
                raw = param.default
            elif param.required:
                example = next((e for e in question.examples), "")
                raise InputError(f"Paramètre obligatoire manquant pour « {question.name} » : "
                                 f"--param {param.name}=… ({param.help})."
                                 + (f" Exemple : {example}" if example else ""))
            else:
                continue
        out[param.name] = raw if isinstance(raw, Identifier) else resolver.resolve(param, str(raw))
    return out


# -- answers ----------------------------------------------------------------------------------


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
            return _split_list(str(term), self.lists[var])
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


def _split_list(text: str, sep: str) -> list[str]:
    return sorted((x for x in text.split(sep) if x), key=french_sort_key)


def ask_question(store: Any, question: str | Path | Question,
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


def run_sparql(store: Any, text: str, params: Mapping[str, Any] | None = None, *,
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
        raise InputError("Cette requête modifie le magasin (mise à jour SPARQL) : refusée. "
                         "Relancez avec --allow-update si c'est bien voulu (en Python : "
                         "allow_update=True).")
    if (kind.service or kind.load) and not allow_service:
        what = "SERVICE" if kind.service else "LOAD"
        raise InputError(f"Cette requête utilise {what}, qui va chercher des données sur un "
                         "autre serveur : refusée. Relancez avec --allow-service si c'est bien "
                         "voulu (en Python : allow_service=True).")
    question = parse_question(text)
    if question.parameters:
        bindings = resolve_parameters(store, question, params, lang=lang)
    else:
        bindings = {k: v if isinstance(v, Identifier) else parse_term(str(v))
                    for k, v in (params or {}).items()}
    if kind.form == "update":
        if bindings:
            raise InputError("Une mise à jour SPARQL ne prend pas de paramètres.")
        before = store.count()
        try:
            store.update(text)
        except RuntimeError as err:  # Oxigraph refuses it as a whole: nothing was changed
            raise InputError(f"La mise à jour a échoué, le magasin est inchangé : {err}") from err
        after = store.count()
        diff = after - before
        change = ("aucun triplet ajouté ni retiré" if diff == 0 else
                  f"{abs(diff)} triplet(s) {'ajouté' if diff > 0 else 'retiré'}(s)")
        return Answer("update", lang=lang, message=f"Mise à jour effectuée : {change} "
                                                   f"({after} au total).")
    return _execute(store, text, bindings, question=question if question.headers or
                    question.titles else None, lang=lang, labels=labels, form=kind.form)


def _execute(store: Any, text: str, bindings: Mapping[str, Identifier], *,
             question: Question | None, lang: str, labels: bool, form: str) -> Answer:
    # The same binding on both kinds of store: a VALUES block of escaped terms at the start
    # of the WHERE clause. Oxigraph's substitutions would also do on the embedded store, but
    # they are applied after the query is planned: the plan then ignores the bound values
    # (« orientation » takes 3 s instead of 5 ms on a million triples).
    bound = bind_values(text, bindings) if bindings else text
    if form == "select":
        rows = store.select(bound)
        answer = Answer("select", _variables(text, rows, bindings), rows, question=question,
                        parameters=dict(bindings), lang=lang)
    elif form == "ask":
        answer = Answer("ask", boolean=store.ask(bound), question=question,
                        parameters=dict(bindings), lang=lang)
    else:
        answer = Answer("construct", graph=store.construct(bound), question=question,
                        parameters=dict(bindings), lang=lang)
    if labels:
        answer.labels = _labels(store, answer, lang)
        for term in bindings.values():
            if isinstance(term, URIRef) and str(term) not in answer.labels:
                answer.labels.update(_lookup(store, [str(term)], lang))
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


def _labels(store: Any, answer: Answer, lang: str) -> dict[str, str]:
    iris: set[str] = set()
    for row in answer.rows:
        for var, term in row.items():
            if var not in answer.lists and isinstance(term, URIRef):
                iris.add(str(term))
    return _lookup(store, sorted(iris), lang)


def _lookup(store: Any, iris: list[str], lang: str, chunk: int = 400) -> dict[str, str]:
    """Labels of ``iris`` in ``lang`` (else French, else without language), a few queries."""
    found: dict[str, tuple[int, str]] = {}
    template = query_text("libelles")
    for i in range(0, len(iris), chunk):
        part = iris[i:i + chunk]
        values = "VALUES ?x { " + " ".join(sparql_term(URIRef(x)) for x in part) + " }"
        text = template.replace("WHERE {", "WHERE { " + values, 1)
        for row in store.select(text):
            label = row.get("libelle")
            if label is None:
                continue
            tag = getattr(label, "language", None)
            rank = 0 if tag == lang else 1 if tag == "fr" else 2 if not tag else 3
            key = str(row["x"])
            if key not in found or (rank, str(label)) < found[key]:
                found[key] = (rank, str(label))
    return {k: v for k, (_, v) in found.items()}


# -- rendering --------------------------------------------------------------------------------

def answer_title(answer: Answer) -> str:
    """``Titre — paramètre : valeur, …`` for a question's answer ("" for ad-hoc SPARQL)."""
    if answer.question is None or not answer.question.titles:
        return ""
    parts = []
    for p in answer.question.parameters:
        term = answer.parameters.get(p.name)
        if term is None or p.type == "langue":
            continue
        shown = answer.label(term)
        if isinstance(term, URIRef) and p.type in ("departement", "commune", "epci",
                                                    "territoire"):
            shown += f" ({str(term).rsplit('/', 1)[-1]})"
        parts.append(f"{p.label or p.name} : {shown}")
    title = answer.question.title(answer.lang)
    return title + (" — " + ", ".join(parts) if parts else "")


def _cell(answer: Answer, var: str, term: Identifier | None, *, iris: bool, lang: str,
          decimal_comma: bool, dates: str) -> str:
    if term is None:
        return ""
    if var in answer.lists:
        items = _split_list(str(term), answer.lists[var])
        return answer.lists[var].join(items)
    if isinstance(term, URIRef):
        return str(term) if iris else answer.label(term)
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool):
            return ("oui" if value else "non") if lang == "fr" else ("yes" if value else "no")
        if isinstance(value, int):
            return str(value)
        if isinstance(value, (float, decimal.Decimal)):
            text = _decimal_text(value)
            return text.replace(".", ",") if decimal_comma else text
        if isinstance(value, _dt.datetime):
            return value.isoformat()
        if isinstance(value, _dt.date):
            return value.strftime("%d/%m/%Y") if dates == "fr" else value.isoformat()
    return str(term)


def _decimal_text(value: float | decimal.Decimal) -> str:
    d = decimal.Decimal(str(value))
    text = format(d.normalize(), "f") if d == d.to_integral() else format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _numeric(answer: Answer, var: str) -> bool:
    values = [r.get(var) for r in answer.rows if r.get(var) is not None]
    return bool(values) and all(isinstance(v, Literal) and isinstance(
        v.toPython(), (int, float, decimal.Decimal)) and not isinstance(v.toPython(), bool)
        for v in values)


def format_table(answer: Answer, *, iris: bool = False, width: int = 48) -> str:
    """The answer as an aligned text table (French headers, labels instead of IRIs, long
    cells wrapped at ``width`` characters, numbers right-aligned with French separators).

    An ASK gives ``oui``/``non``, an update its message; an empty answer the question's
    « aucun résultat » sentence.
    """
    fr = answer.lang == "fr"
    if answer.form == "ask":
        return ("oui" if answer.boolean else "non") if fr else ("yes" if answer.boolean else "no")
    if answer.form == "update":
        return answer.message or ""
    if answer.form == "construct":
        return format_turtle(answer)
    columns = answer.columns
    if not answer.rows:
        if answer.question is not None and answer.question.empty_message(answer.lang):
            return answer.question.empty_message(answer.lang)
        return "Aucun résultat." if fr else "No result."
    numeric = {v for v in columns if _numeric(answer, v)}
    table: list[list[list[str]]] = []
    for row in answer.rows:
        cells = []
        for var in columns:
            text = _cell(answer, var, row.get(var), iris=iris, lang=answer.lang,
                         decimal_comma=fr, dates="fr" if fr else "iso")
            if var in numeric and fr and text and re.fullmatch(r"-?\d+(,\d+)?", text):
                whole, _, frac = text.partition(",")
                whole = f"{int(whole):,}".replace(",", "\u202f")
                text = whole + ("," + frac if frac else "")
            if not text:
                text = "—"
            lines = ([text] if var in numeric else
                     textwrap.wrap(text, width=width, break_long_words=False,
                                   break_on_hyphens=False) or [""])
            cells.append(lines)
        table.append(cells)
    headers = list(columns.values())
    widths = [max([len(h)] + [len(line) for cells in table for line in cells[i]])
              for i, h in enumerate(headers)]
    keys = list(columns)

    def render(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if keys[i] in numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [render(headers), render(["-" * w for w in widths])]
    for cells in table:
        height = max(len(c) for c in cells)
        for k in range(height):
            out.append(render([c[k] if k < len(c) else "" for c in cells]))
    return "\n".join(out)


def format_csv(answer: Answer, *, sep: str = ";", bom: bool = True, iris: bool = False) -> str:
    """The answer as CSV for a spreadsheet: ``;`` separator, decimal comma and a UTF-8 byte
    order mark by default, so that a French Excel opens it right; ``sep=","`` gives decimal
    points. Headers are the question's; dates are ISO 8601.

    >>> format_csv(Answer("select", ["x"], [{"x": Literal("1.5", datatype=XSD.decimal)}]),
    ...            bom=False).splitlines()
    ['x', '1,5']
    """
    if answer.form == "construct":
        raise InputError("Une requête CONSTRUCT ou DESCRIBE donne un graphe : utilisez "
                         "--format turtle.")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    if answer.form == "ask":
        writer.writerow(["reponse"])
        writer.writerow(["oui" if answer.boolean else "non"])
    elif answer.form == "update":
        writer.writerow(["message"])
        writer.writerow([answer.message or ""])
    else:
        columns = answer.columns
        writer.writerow(list(columns.values()))
        for row in answer.rows:
            writer.writerow([_cell(answer, var, row.get(var), iris=iris, lang=answer.lang,
                                   decimal_comma=(sep == ";"), dates="iso")
                             for var in columns])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def format_json(answer: Answer) -> str:
    """The answer in the SPARQL 1.1 Query Results JSON format (every projected variable,
    IRIs as IRIs)."""
    if answer.form == "construct":
        raise InputError("Une requête CONSTRUCT ou DESCRIBE donne un graphe : utilisez "
                         "--format turtle.")
    if answer.form == "ask":
        payload: dict[str, Any] = {"head": {}, "boolean": bool(answer.boolean)}
    elif answer.form == "update":
        payload = {"head": {}, "message": answer.message}
    else:
        payload = {"head": {"vars": list(answer.variables)},
                   "results": {"bindings": [{k: _json_term(v) for k, v in row.items()}
                                            for row in answer.rows]}}
    return json.dumps(payload, ensure_ascii=False, indent=2)


def format_turtle(answer: Answer) -> str:
    """The graph of a CONSTRUCT or DESCRIBE as Turtle, with ppgraph's prefixes."""
    if answer.form != "construct" or answer.graph is None:
        raise InputError("Seule une requête CONSTRUCT ou DESCRIBE se sort en Turtle.")
    return answer.graph.serialize(format="turtle")


# -- the published site: qui fait quoi per département, orientation examples ----------------

STRINGS["fr"].update({
    "nav_qui_fait_quoi": "Qui fait quoi",
    "nav_orientation": "Orientation",
    "q_qfq_titre": "Qui fait quoi dans chaque département",
    "q_qfq_intro": "Pour chaque département, les structures qui accompagnent les porteurs de "
                   "projet : les services qu'elles proposent, à quel niveau d'accompagnement, "
                   "pour quels types de projet et sur quel territoire. Le tableau compte les "
                   "structures selon le niveau qu'elles déclarent pour l'ensemble de leur "
                   "activité ; la page de chaque département détaille leur offre de service.",
    "q_qfq_legende": "Structures par niveau d'accompagnement déclaré, et offres de service",
    "q_qfq_departement": "Qui fait quoi — {nom} ({code})",
    "q_col_departement": "Département",
    "q_col_structures": "Structures",
    "q_col_offres": "Offres de service",
    "q_col_sans_niveau": "Non renseigné",
    "q_tous_departements": "Tous les départements",
    "q_resume": "{structures} structures, {offres} offres de service.",
    "q_niveau_declare": "niveau déclaré\u00a0:",
    "q_sans_service": "Aucune offre de service enregistrée.",
    "q_manques_titre": "Manques",
    "q_manques_intro": "Intercommunalités où aucune structure locale ne va au-delà du guichet "
                       "unique, et services qu'aucune structure ne propose sur le territoire "
                       "du département (les offres régionales ne comptent pas).",
    "q_orientation_titre": "Où orienter un porteur de projet",
    "q_orientation_intro": "Pour un projet situé dans une commune, d'un type donné et à une "
                           "étape donnée, les structures à contacter : d'abord les plus "
                           "proches (intercommunalité, puis département, puis région) et, à "
                           "distance égale, celles qui vont le plus loin dans "
                           "l'accompagnement. La colonne « Pourquoi » cite les offres de "
                           "service qui couvrent le territoire, le type de projet et l'étape. "
                           "Quelques exemples :",
    "q_orientation_cas": "{type} à {territoire}, étape «\u00a0{etape}\u00a0»",
    "q_orientation_autre": "Pour un autre projet, en ligne de commande\u00a0:",
    "q_orientation_aucun": "Aucun exemple ne porte sur un département de ce graphe.",
    "q_rang": "Rang",
})
STRINGS["en"].update({
    "nav_qui_fait_quoi": "Who does what",
    "nav_orientation": "Referral",
    "q_qfq_titre": "Who does what in each département",
    "q_qfq_intro": "For each département, the organisations that support project holders: "
                   "the services they offer, at which level, for which project types and on "
                   "which territory. The table counts organisations by the level they declare "
                   "for their activity as a whole; each département's page details their "
                   "service offering.",
    "q_qfq_legende": "Organisations by declared level of support, and service offerings",
    "q_qfq_departement": "Who does what — {nom} ({code})",
    "q_col_departement": "Département",
    "q_col_structures": "Organisations",
    "q_col_offres": "Service offerings",
    "q_col_sans_niveau": "Not stated",
    "q_tous_departements": "All départements",
    "q_resume": "{structures} organisations, {offres} service offerings.",
    "q_niveau_declare": "declared level:",
    "q_sans_service": "No service offering recorded.",
    "q_manques_titre": "Gaps",
    "q_manques_intro": "Inter-municipalities where no local organisation goes beyond the "
                       "single entry point, and services that no organisation offers within "
                       "the département (regional offerings do not count).",
    "q_orientation_titre": "Where to refer a project holder",
    "q_orientation_intro": "For a project in a municipality, of a given type and at a given "
                           "stage, the organisations to contact: nearest first "
                           "(inter-municipality, then département, then region) and, at equal "
                           "distance, those that go furthest. The « Why » column quotes the "
                           "service offerings that cover the territory, the project type and "
                           "the stage. A few examples:",
    "q_orientation_cas": "{type} in {territoire}, stage «\u00a0{etape}\u00a0»",
    "q_orientation_autre": "For another project, on the command line:",
    "q_orientation_aucun": "No example concerns a département of this graph.",
    "q_rang": "Rank",
})


def _qfq_filename(code: str) -> str:
    return f"qui-fait-quoi-{re.sub(r'[^A-Za-z0-9-]+', '-', code)}.html"


def _table_view(answer: Answer, skip: Iterable[str] = ()) -> dict:
    """Headers and rows of an answer, as text cells, for a page (lists stay lists)."""
    fr = answer.lang == "fr"
    columns = {v: h for v, h in answer.columns.items() if v not in set(skip)}
    numeric = {v for v in columns if _numeric(answer, v)}
    rows = []
    for row in answer.rows:
        cells = []
        for var in columns:
            term = row.get(var)
            if var in answer.lists and term is not None:
                cells.append({"valeurs": _split_list(str(term), answer.lists[var]),
                              "number": False})
                continue
            text = _cell(answer, var, term, iris=False, lang=answer.lang, decimal_comma=fr,
                         dates="fr" if fr else "iso")
            cells.append({"text": text, "number": var in numeric})
        rows.append(cells)
    return {"headers": [{"label": h, "number": v in numeric} for v, h in columns.items()],
            "rows": rows}


@register_page("qui-fait-quoi", "qui-fait-quoi.html", "nav_qui_fait_quoi")
def qui_fait_quoi_page(site: Site) -> dict | None:
    """Qui fait quoi: a summary per département and, as sub-pages, one page per département
    (``qui-fait-quoi-<code>.html``) with each structure's service offering and the gaps.
    Left out when no submitted département has a structure."""
    t = site.strings
    niveaux = ask_question(site.store, "niveaux", lang=site.lang)
    codes: dict[str, dict] = {}
    levels: dict[str, tuple[float, str]] = {}
    for row in niveaux.rows:
        code = str(row["code"])
        entry = codes.setdefault(code, {"iri": row["departement"], "counts": {}, "total": 0})
        key = str(row.get("niveau", ""))
        entry["counts"][key] = entry["counts"].get(key, 0) + int(row["structures"])
        entry["total"] += int(row["structures"])
        if key:
            rank = float(row["rang"]) if "rang" in row else float("inf")
            levels.setdefault(key, (rank, niveaux.label(row["niveau"])))
    levels = dict(sorted(levels.items(), key=lambda kv: (kv[1][0], french_sort_key(kv[1][1]))))
    submitted = {row.code for row in site.figures.rows}
    codes = {c: e for c, e in codes.items() if c in submitted and e["total"]}
    if not codes:
        return None
    ordered = sorted(codes, key=lambda c: (len(c), c))
    unstated = any("" in e["counts"] for e in codes.values())
    lines = []
    for code in ordered:
        entry = codes[code]
        answer = ask_question(site.store, "qui-fait-quoi", {"departement": entry["iri"]},
                              lang=site.lang)
        gaps = ask_question(site.store, "couverture", {"departement": entry["iri"]},
                            lang=site.lang)
        name = answer.label(entry["iri"])
        structures = _structures_view(answer)
        offers = sum(len(s["offres"]) for s in structures)
        title = t["q_qfq_departement"].format(nom=name, code=code)
        site.add_page(_qfq_filename(code), "qui-fait-quoi-departement.html", title,
                      nom=name, code=code, structures=structures, offres=offers,
                      colonnes=_offer_headers(answer),
                      manques=_table_view(gaps, skip=("departement",)),
                      manques_vide=gaps.question.empty_message(site.lang) if gaps.question
                      else "", index="qui-fait-quoi.html")
        lines.append({"code": code, "nom": name, "href": _qfq_filename(code),
                      "structures": entry["total"], "offres": offers,
                      "niveaux": [entry["counts"].get(k, 0) for k in levels],
                      "sans_niveau": entry["counts"].get("", 0)})
    return {"page_title": t["q_qfq_titre"], "lignes": lines,
            "niveaux": [label for _, label in levels.values()], "sans_niveau": unstated}


def _offer_headers(answer: Answer) -> list[str]:
    columns = answer.columns
    return [columns[v] for v in ("service", "niveau", "typesProjet", "territoires")
            if v in columns]


def _structures_view(answer: Answer) -> list[dict]:
    """The rows of « qui-fait-quoi » grouped by structure, in the answer's order."""
    out: dict[str, dict] = {}
    for row in answer.rows:
        key = str(row["structure"])
        s = out.setdefault(key, {
            "nom": answer.label(row["structure"]),
            "type": answer.label(row.get("typeStructure")),
            "niveau": answer.label(row.get("niveauDeclare")),
            "offres": []})
        if row.get("service") is not None:
            s["offres"].append([
                answer.label(row["service"]), answer.label(row.get("niveau")),
                _split_list(str(row.get("typesProjet", "")), ", "),
                _split_list(str(row.get("territoires", "")), ", ")])
    return list(out.values())


@register_page("orientation", "orientation.html", "nav_orientation")
def orientation_page(site: Site) -> dict | None:
    """The orientation question answered for the examples of ``orientation.rq`` whose
    territory is in a submitted département (some structure nearer than the region)."""
    question = load_question("orientation")
    cases = []
    for example in question.examples:
        params = dict(re.findall(r"--param\s+(\w+)=(\S+)", example))
        try:
            answer = ask_question(site.store, question, params, lang=site.lang)
        except InputError:  # a territory or concept this store does not have
            continue
        if not any(int(r.get("distanceMin", 3)) < 3 for r in answer.rows):
            continue
        p = answer.parameters
        heading = site.strings["q_orientation_cas"].format(
            type=answer.label(p["type"]), territoire=answer.label(p["territoire"]),
            etape=answer.label(p["etape"]).lower() if site.lang == "fr"
            else answer.label(p["etape"]))
        view = _table_view(answer)
        cases.append({"titre": heading[:1].upper() + heading[1:], "commande": example,
                      "tableau": view, "ancre": f"cas-{len(cases) + 1}"})
    if not cases:
        return None
    return {"page_title": site.strings["q_orientation_titre"], "cas": cases,
            "description": question.description(site.lang)}

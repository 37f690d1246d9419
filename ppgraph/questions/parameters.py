"""Parameter values of questions, as a person types them, turned into RDF terms.

Names and codes go through the one resolver of ppgraph (:mod:`ppgraph.resolver`): a
territory by its INSEE code or its name (« St-Émilion » as in a workbook), a concept of the
référentiel by its code, label or synonym; dates, numbers and yes/no through
:mod:`ppgraph.values`; suggestions through :func:`ppgraph.text.suggest`. The store is then
asked whether what was named is there (a territory of the right kind, a concept of the
list, a record), so that a question never runs on a value its store does not know.

An ad-hoc query's values are written as in Turtle (:func:`parse_term`).

>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> from ppgraph.questions.catalogue import load_question
>>> store = Store(); _ = load_reference_data(store)
>>> terms = resolve_parameters(store, load_question("orientation"),
...                            {"territoire": "St-Émilion", "type": "chambre d'hôtes",
...                             "etape": "idee"})
>>> [str(terms[k]).rsplit("/", 2)[-2:] for k in ("territoire", "type", "etape")]
[['commune', '33394'], ['type-projet', 'chambre-hotes'], ['etape', 'idee']]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Identifier
from rdflib.util import from_n3

from ..errors import InputError
from ..i18n import LANGUAGES, Message
from ..namespaces import PREFIXES, REF, TERRITOIRE, instance_iri
from ..resolver import gazetteer, vocabulary
from ..resources import query_text
from ..store import GraphStore
from ..territories import KIND_CLASSES, territories
from ..values import parse_boolean, parse_date, parse_decimal
from .catalogue import Parameter, Question

__all__ = ["parse_term", "resolve_parameters", "parse_assignments"]

_TERRITORY_KINDS = {"departement": ("departement",), "commune": ("commune",),
                    "epci": ("epci",), "territoire": ("commune", "epci", "departement")}
_BARE_IRI = re.compile(r"(https?|urn):[^\s<>\"{}|^`\\]+")
_N3_START = re.compile(r'^(<|"|[+-]?\d|[+-]?\.\d|true$|false$)')


@functools.lru_cache(maxsize=1)
def _namespaces() -> NamespaceManager:
    manager = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True)
    return manager


def parse_term(value: str) -> Identifier:
    """A parameter value of an ad-hoc query, written as in Turtle (read by rdflib's
    ``from_n3``): ``<iri>``, ``pp:Nom`` (ppgraph's prefixes), ``"texte"``, ``"texte"@fr``,
    ``"2024-01-01"^^xsd:date``, ``42``, ``4.2``, ``true``, or a bare ``https://…`` IRI;
    anything else is a plain string.

    >>> parse_term("ref:niveau/aucun")
    rdflib.term.URIRef('https://w3id.org/ppgraph/ref/niveau/aucun')
    >>> parse_term('"Bordeaux"@fr'), parse_term("42"), parse_term("Bordeaux")
    (rdflib.term.Literal('Bordeaux', lang='fr'), rdflib.term.Literal('42', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), rdflib.term.Literal('Bordeaux'))

    Raises
    ------
    InputError
        If a datatype is written with an unknown prefix.
    """
    text = value.strip()
    if _BARE_IRI.fullmatch(text):
        return URIRef(text)
    prefix, sep, _ = text.partition(":")
    n3 = _N3_START.match(text) or (sep and prefix in PREFIXES and " " not in text)
    if n3:
        try:
            term = from_n3(text, nsm=_namespaces())
        except KeyError as err:  # a prefix rdflib does not know, in a datatype
            raise InputError("questions.valeurs.prefixe_inconnu", prefixe=err.args[0],
                             valeur=value, prefixes=", ".join(PREFIXES)) from None
        except Exception:  # not a term after all: a plain string
            return Literal(value)
        if isinstance(term, (URIRef, Literal)):
            return term
    return Literal(value)


def parse_assignments(items: Any) -> dict[str, str]:
    """``nom=valeur`` pairs (as ``--param`` gives them) as a dict.

    >>> parse_assignments(["departement=33", "type=chambre d'hôtes"])
    {'departement': '33', 'type': "chambre d'hôtes"}

    Raises
    ------
    InputError
        If an item has no ``=`` or no name.
    """
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError("questions.param_nom_valeur", texte=item)
        params[name.strip()] = value
    return params


class _Translations(Message):
    """A text a question's header gives in several languages (a parameter's help), shown in
    the language the message it sits in is rendered in."""

    def __init__(self, texts: Mapping[str, str]):
        super().__init__("questions.aucun")
        self.texts = dict(texts)

    def render(self, lang: str = "fr") -> str:
        return self.texts.get(lang) or self.texts.get("fr", "")


def _choices(names: list[str]) -> Message:
    keys = ("un", "deux", "trois")
    return Message(f"questions.choix.{keys[len(names) - 1]}", **dict(zip("abc", names)))


def _suggestion(names: list[str]) -> Message | str:
    return Message("questions.valeurs.suggestion", choix=_choices(names)) if names else ""


class _Resolver:
    """Turns the values a user typed into RDF terms, and checks them against the store."""

    def __init__(self, store: GraphStore, question: Question):
        self.store = store
        self.question = question

    def error(self, param: Parameter, key: str, **params: Any) -> InputError:
        return InputError("questions.parametre", nom=param.name, question=self.question.name,
                          cause=Message(f"questions.valeurs.{key}", **params))

    def resolve(self, param: Parameter, raw: str) -> Identifier:
        t = param.type
        value = raw.strip()
        if not value:
            raise self.error(param, "vide")
        if t in _TERRITORY_KINDS:
            return self.territory(param, value, t)
        if t.startswith("concept:"):
            return self.concept(param, value, t.split(":", 1)[1])
        if t.startswith("instance:"):
            return self.instance(param, value, t.split(":", 1)[1])
        if t == "texte":
            return Literal(raw)
        if t == "entier":
            number = parse_decimal(value)
            if number is None or number != number.to_integral_value():
                raise self.error(param, "entier", valeur=raw)
            return Literal(int(number))
        if t == "decimal":
            number = parse_decimal(value)
            if number is None:
                raise self.error(param, "decimal", valeur=raw)
            return Literal(number)
        if t == "date":
            day = parse_date(value)
            if day is None:
                raise self.error(param, "date", valeur=raw)
            return Literal(day)
        if t == "booleen":
            answer = parse_boolean(value)
            if answer is None:
                raise self.error(param, "booleen", valeur=raw)
            return Literal(answer)
        if t == "langue":
            if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*", value):
                raise self.error(param, "langue", valeur=raw)
            return Literal(value)
        term = parse_term(value)  # t == "iri"
        if not isinstance(term, URIRef):
            raise self.error(param, "iri", valeur=raw)
        return term

    def territory(self, param: Parameter, value: str, ptype: str) -> URIRef:
        kinds = _TERRITORY_KINDS[ptype]
        iri, candidates = gazetteer().resolve(value, kinds)
        if iri is None and len(candidates) > 1:
            # « Name (code) » needs no translation, and the code is what the user must give.
            places = sorted(candidates, key=lambda p: (p.label, p.kind, p.code))
            raise self.error(param, "ambigu", valeur=value,
                             lieux="; ".join(p.display for p in places[:10]))
        if iri is None:
            close = gazetteer().suggest(value, kinds, n=3)
            raise self.error(param, f"nom_absent.{ptype}", valeur=value,
                             suggestion=_suggestion(close))
        kind = str(iri)[len(str(TERRITOIRE)):].split("/", 1)[0]
        if kind not in KIND_CLASSES or not self.store.ask(
                query_text("parametres-territoire"),
                {"territoire": iri, "classe": KIND_CLASSES[kind]}):
            place = territories().place(iri)
            raise self.error(param, f"code_absent.{kind if kind in KIND_CLASSES else 'commune'}",
                             code=place.code if place else str(iri).rsplit("/", 1)[-1])
        return iri

    def concept(self, param: Parameter, value: str, scheme: str) -> URIRef:
        voc = vocabulary()
        scheme_iri = REF[scheme]
        concept, several = voc.resolve(scheme_iri, value)
        if concept is None and not several:
            term = parse_term(value) if ":" in value else None
            if isinstance(term, URIRef):  # an IRI the store may know (an extended list)
                concept = term
        if several:
            raise self.error(param, "concept_ambigu", valeur=value,
                             codes=", ".join(sorted(voc.notation(c) or str(c) for c in several)))
        if concept is None:
            close = []
            for label in voc.suggest(scheme_iri, value, n=3):
                found, _ = voc.resolve(scheme_iri, label)
                code = voc.notation(found) if found is not None else None
                if (code or label) not in close:
                    close.append(code or label)
            codes = sorted(c for c in (voc.notation(x) for x in
                                       voc.schemes[scheme_iri].concepts) if c) \
                if scheme_iri in voc.schemes else []
            raise self.error(param, "concept_inconnu", valeur=value, liste=scheme,
                             suggestion=_suggestion(close), codes=", ".join(codes))
        if not self.store.ask(query_text("parametres-concept"),
                              {"concept": concept, "liste": scheme_iri}):
            raise self.error(param, "concept_absent", valeur=value, iri=str(concept),
                             liste=scheme)
        return concept

    def instance(self, param: Parameter, value: str, kind: str) -> URIRef:
        term = parse_term(value) if (":" in value or value.startswith("<")) else None
        if isinstance(term, URIRef):
            iri = term
        else:
            try:
                iri = instance_iri(kind, value)
            except ValueError:
                raise self.error(param, "instance_invalide", valeur=value) from None
        if not self.store.ask(query_text("parametres-instance"), {"instance": iri}):
            raise self.error(param, "instance_absente", valeur=value, iri=str(iri))
        return iri


def resolve_parameters(store: GraphStore, question: Question,
                       values: Mapping[str, Any] | None = None, *,
                       lang: str = "fr") -> dict[str, Identifier]:
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
        names = ", ".join(p.name for p in question.parameters) or Message("questions.aucun")
        raise InputError("questions.parametre_inconnu", question=question.name, nom=unknown[0],
                         noms=names)
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
                raise InputError("questions.parametre_manquant", question=question.name,
                                 nom=param.name,
                                 aide=_Translations({lng: param.help_text(lng)
                                                     for lng in LANGUAGES}),
                                 exemple=Message("questions.exemple", commande=example)
                                 if example else "")
            else:
                continue
        out[param.name] = raw if isinstance(raw, Identifier) else resolver.resolve(param, str(raw))
    return out

"""Outputs of an answer: a text table, CSV for a spreadsheet, SPARQL JSON, Turtle, page cells.

Headers come from the question's header (``@colonne``, ``@colonne@en``), IRIs are shown by
their labels, numbers and dates as the reader writes them. :func:`render_answer` is what
``ppgraph query`` prints or writes, in the answer's language.

>>> from rdflib import Literal
>>> answer = Answer("select", ["region", "structures"],
...                 [{"region": Literal("Nouvelle-Aquitaine"), "structures": Literal(1240)}])
>>> print(format_table(answer))
region              structures
------------------  ----------
Nouvelle-Aquitaine       1\u202f240
"""

from __future__ import annotations

import csv
import datetime as _dt
import decimal
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from ..errors import InputError
from ..i18n import catalogue, number
from ..text import escaped_controls, inert_cell, json_text, text_table, xml_text
from .run import Answer, split_list

__all__ = ["answer_title", "format_table", "format_csv", "format_json", "format_turtle",
           "render_answer", "written_message", "table_view", "FORMATS"]

FORMATS = ("table", "csv", "json", "turtle")
"""The output formats of :func:`render_answer`."""

_TERRITORY_TYPES = ("departement", "commune", "epci", "territoire")


def answer_title(answer: Answer) -> str:
    """``Titre — paramètre : valeur, …`` for a question's answer ("" for ad-hoc SPARQL), in
    the answer's language."""
    if answer.question is None or not answer.question.titles:
        return ""
    t = catalogue(answer.lang)
    parts = []
    for p in answer.question.parameters:
        term = answer.parameters.get(p.name)
        if term is None or p.type == "langue":
            continue
        shown = answer.label(term)
        if isinstance(term, URIRef) and p.type in _TERRITORY_TYPES:
            shown += f" ({str(term).rsplit('/', 1)[-1]})"
        parts.append(t("questions.titre_parametre", nom=p.display(answer.lang), valeur=shown))
    title = answer.question.title(answer.lang)
    return title + (" — " + ", ".join(parts) if parts else "")


def _yes_no(value: bool, lang: str) -> str:
    return catalogue(lang)("commun.oui" if value else "commun.non")


def _cell(answer: Answer, var: str, term: Identifier | None, *, iris: bool,
          decimal_comma: bool, dates: str) -> str:
    if term is None:
        return ""
    if var in answer.lists:
        return answer.lists[var].join(split_list(str(term), answer.lists[var]))
    if isinstance(term, URIRef):
        return str(term) if iris else answer.label(term)
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool):
            return _yes_no(value, answer.lang)
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


def _grouped(text: str, lang: str) -> str:
    """A number cell with the thousands separator of ``lang`` (« 5 721 », "5,721")."""
    mark = "," if lang == "fr" else "."
    if not re.fullmatch(rf"-?\d+({re.escape(mark)}\d+)?", text):
        return text
    whole, _, frac = text.partition(mark)
    return number(int(whole), lang) + (mark + frac if frac else "")


def format_table(answer: Answer, *, iris: bool = False, width: int = 48) -> str:
    """The answer as an aligned text table: the question's headers, labels instead of IRIs,
    long cells wrapped at ``width`` characters, numbers right-aligned as the reader writes
    them (French: « 5 721 », « 64,7 »).

    An ASK gives « oui »/« non », an update its message; an empty answer the question's
    « aucun résultat » sentence.
    """
    t = catalogue(answer.lang)
    fr = answer.lang == "fr"
    if answer.form == "ask":
        return _yes_no(bool(answer.boolean), answer.lang)
    if answer.form == "update":
        return answer.message or ""
    if answer.form == "construct":
        return format_turtle(answer)
    columns = answer.columns
    if not answer.rows:
        if answer.question is not None and answer.question.empty_message(answer.lang):
            return answer.question.empty_message(answer.lang)
        return t.commun.aucun_resultat
    numeric = [i for i, v in enumerate(columns) if _numeric(answer, v)]
    rows = []
    for row in answer.rows:
        cells = []
        for i, var in enumerate(columns):
            text = _cell(answer, var, row.get(var), iris=iris, decimal_comma=fr,
                         dates="fr" if fr else "iso")
            if i in numeric:
                text = _grouped(text, answer.lang)
            cells.append(text or "—")
        rows.append(cells)
    return text_table(list(columns.values()), rows, right=numeric, width=width)


def format_csv(answer: Answer, *, sep: str = ";", bom: bool = True, iris: bool = False) -> str:
    """The answer as CSV for a spreadsheet: ``;`` separator, decimal comma and a UTF-8 byte
    order mark by default, so that a French Excel opens it right; ``sep=","`` gives decimal
    points. Headers are the question's; dates are ISO 8601.

    >>> from rdflib import Literal, XSD
    >>> format_csv(Answer("select", ["x"], [{"x": Literal("1.5", datatype=XSD.decimal)}]),
    ...            bom=False).splitlines()
    ['x', '1,5']

    Raises
    ------
    InputError
        For the graph of a CONSTRUCT or DESCRIBE (use :func:`format_turtle`).
    """
    if answer.form == "construct":
        raise InputError("questions.construct_en_turtle")
    t = catalogue(answer.lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    if answer.form == "ask":
        writer.writerow([t.questions.csv_reponse])
        writer.writerow([_yes_no(bool(answer.boolean), answer.lang)])
    elif answer.form == "update":
        writer.writerow([t.questions.csv_message])
        writer.writerow([inert_cell(answer.message or "")])
    else:
        columns = answer.columns
        writer.writerow([inert_cell(h) for h in columns.values()])
        for row in answer.rows:
            writer.writerow([inert_cell(xml_text(_cell(answer, var, row.get(var), iris=iris,
                                                        decimal_comma=(sep == ";"),
                                                        dates="iso")))
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
    IRIs as IRIs).

    Raises
    ------
    InputError
        For the graph of a CONSTRUCT or DESCRIBE (use :func:`format_turtle`).
    """
    if answer.form == "construct":
        raise InputError("questions.construct_en_turtle")
    if answer.form == "ask":
        payload: dict[str, Any] = {"head": {}, "boolean": bool(answer.boolean)}
    elif answer.form == "update":
        payload = {"head": {}, "message": answer.message}
    else:
        payload = {"head": {"vars": list(answer.variables)},
                   "results": {"bindings": [{k: _json_term(v) for k, v in row.items()}
                                            for row in answer.rows]}}
    return json_text(payload, indent=2)


def format_turtle(answer: Answer) -> str:
    """The graph of a CONSTRUCT or DESCRIBE as Turtle, with ppgraph's prefixes.

    Raises
    ------
    InputError
        For any other form of query.
    """
    if answer.form != "construct" or answer.graph is None:
        raise InputError("questions.turtle_seulement")
    # rdflib writes control characters raw in literals: as \uXXXX they are the same Turtle.
    return escaped_controls(answer.graph.serialize(format="turtle"))


def render_answer(answer: Answer, fmt: str | None = None, *, iris: bool = False,
                  width: int = 48, sep: str = ";", bom: bool = True) -> str:
    """What ``ppgraph query`` prints (or writes to a file) for ``answer``, in the answer's
    language: for a table, the title of the question, the table and the number of rows.

    Parameters
    ----------
    fmt : "table", "csv", "json" or "turtle", optional
        Default: Turtle for the graph of a CONSTRUCT or DESCRIBE, else a table.
    iris, width
        See :func:`format_table` (``iris`` also for CSV).
    sep, bom
        See :func:`format_csv`.

    >>> from rdflib import Literal
    >>> print(render_answer(Answer("select", ["n"], [{"n": Literal(1)}], lang="en")), end="")
    n
    -
    1
    <BLANKLINE>
    1 row.
    """
    fmt = fmt or ("turtle" if answer.form == "construct" else "table")
    if fmt == "table":
        title = answer_title(answer)
        out = (title + "\n\n" if title else "") + format_table(answer, iris=iris,
                                                                 width=width) + "\n"
        if answer.form == "select" and answer.rows:
            out += "\n" + catalogue(answer.lang)("commun.lignes", n=len(answer.rows)) + ".\n"
        return out
    if fmt == "csv":
        return format_csv(answer, sep=sep, bom=bom, iris=iris)
    if fmt == "json":
        return format_json(answer) + "\n"
    return format_turtle(answer)


def written_message(answer: Answer, path: str | Path) -> str:
    """What ``ppgraph query -o FICHIER`` says once the answer is written, in the answer's
    language.

    >>> from rdflib import Literal
    >>> written_message(Answer("select", ["n"], [{"n": Literal(1)}] * 34), "niveaux.csv")
    '34 lignes écrites dans niveaux.csv.'
    """
    t = catalogue(answer.lang)
    if answer.form == "select":
        return t("questions.ecrite.lignes", n=len(answer.rows), fichier=str(path))
    if answer.form == "construct" and answer.graph is not None:
        return t("questions.ecrite.triplets", n=len(answer.graph), fichier=str(path))
    return t("questions.ecrite.reponse", fichier=str(path))


def table_view(answer: Answer, skip: Iterable[str] = ()) -> dict:
    """Headers and rows of an answer as text cells, for a page: ``{"headers": [{"label",
    "number"}], "rows": [[{"text", "number"} or {"valeurs", "number"}]]}`` (a column of
    several values stays a list). Numbers and dates are written as the reader writes them.
    """
    fr = answer.lang == "fr"
    columns = {v: h for v, h in answer.columns.items() if v not in set(skip)}
    numeric = {v for v in columns if _numeric(answer, v)}
    rows = []
    for row in answer.rows:
        cells: list[dict[str, Any]] = []
        for var in columns:
            term = row.get(var)
            if var in answer.lists and term is not None:
                cells.append({"valeurs": split_list(str(term), answer.lists[var]),
                              "number": False})
                continue
            text = _cell(answer, var, term, iris=False, decimal_comma=fr,
                         dates="fr" if fr else "iso")
            cells.append({"text": text, "number": var in numeric})
        rows.append(cells)
    return {"headers": [{"label": h, "number": v in numeric} for v, h in columns.items()],
            "rows": rows}

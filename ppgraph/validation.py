"""Validation of a submission against the SHACL shapes, with reports in French.

The submission is read (:func:`read_submission`: a workbook, a folder of CSV files, Turtle
or JSON-LD) into an rdflib Graph; :func:`validate` checks it with pySHACL against
``ontology/shapes.ttl``, in memory, with only what its rules need from outside:

- the ontology (class hierarchy, the terms a submission may use) and the référentiel;
- the rdf:type of the territories it references (from ``data/territoires``);
- when a store is given, the rdf:type of every other node it references (structures of other
  départements, the working group...), fetched with ONE ``CONSTRUCT`` — so that the cost of a
  validation does not grow with the size of the store, and pySHACL never touches an
  Oxigraph-backed graph (60 times slower).

The report (:class:`ValidationReport`) is written for the person who filled the sheet:
grouped by record, with sheet, row, cell, column and value, the rule in plain French (the
shape's ``sh:name`` and ``sh:message``) and a suggestion where one exists. It renders as text,
HTML (a page that works offline), JSON, or the standard ``sh:ValidationReport`` in Turtle.

>>> from ppgraph.spreadsheet import write_template
>>> import tempfile, pathlib
>>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "modele.xlsx", departement="33")
>>> report = validate(path)
>>> report.conforms                      # an empty template has no record
False
>>> [f.rule for f in report.findings if f.severity == "violation"]
['Soumission non vide']
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import functools
import json
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

from .errors import InputError
from .namespaces import ID, PP, REF, TERRITOIRE
from .reference import ontology_terms, personal_properties
from .resources import ontology_graph, referentiel_graph
from .spreadsheet import (FORME, SH, SPREADSHEET_SUFFIXES, CellRef, Column, ImportIssue, _closest,
                          ImportResult, Origins, RecordRef, Schema, file_digest, fold, gazetteer,
                          load_schema, read_spreadsheet, shapes_graph, vocabulary)

__all__ = ["Finding", "ValidationReport", "read_submission", "validate", "validation_graph",
           "render_text", "render_html", "render_json", "report_graph", "render_report",
           "SEVERITIES", "published_reports", "PublishedReport"]

SEVERITIES = {SH.Violation: "violation", SH.Warning: "avertissement", SH.Info: "information"}
_SEVERITY_ORDER = {"violation": 0, "avertissement": 1, "information": 2}
_SEVERITY_IRI = {v: k for k, v in SEVERITIES.items()}
RDF_SUFFIXES = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".rdf": "xml", ".owl": "xml",
                ".xml": "xml", ".jsonld": "json-ld", ".json": "json-ld", ".n3": "n3"}

# Interface words around the data (the rules themselves are in shapes.ttl).
STRINGS = {
    "fr": {
        "violation": "erreur", "violations": "erreurs",
        "avertissement": "avertissement", "avertissements": "avertissements",
        "information": "information", "informations": "informations",
        "titre": "Rapport de validation",
        "conforme": "CONFORME", "non_conforme": "NON CONFORME",
        "conforme_long": "La soumission respecte toutes les règles : elle peut être versée.",
        "non_conforme_long": "La soumission ne peut pas être versée tant que les erreurs ne sont "
                             "pas corrigées. Les avertissements et informations ne bloquent pas.",
        "fichier": "Fichier", "departement": "Département", "enregistrements": "Enregistrements lus",
        "ensemble": "Ensemble du fichier",
        "feuille_ligne": "Feuille « {sheet} », ligne {row}",
        "feuille": "Feuille « {sheet} »",
        "ligne_fichier": "ligne {row} du fichier",
        "cellule": "cellule", "colonne": "colonne", "valeur": "valeur", "regle": "Règle",
        "suggestion": "vouliez-vous dire {s} ?",
        "vide": "cellule vide", "manquant": "valeur manquante",
        "plusieurs": "plusieurs valeurs ({values}) alors qu'une seule est attendue",
        "pas_date": "« {v} » n'est pas une date valide (jj/mm/aaaa)",
        "pas_dateheure": "« {v} » n'est pas une date et heure valides (jj/mm/aaaa hh:mm)",
        "pas_nombre": "« {v} » n'est pas un nombre",
        "pas_booleen": "« {v} » n'est ni Oui ni Non",
        "pas_texte_fr": "« {v} » doit être un texte en français",
        "pas_type": "« {v} » n'a pas le type attendu",
        "pas_referentiel": "« {v} » n'est pas une valeur du référentiel « {liste} »",
        "ambigu": "« {v} » est ambigu : {note}",
        "pas_commune": "« {v} » n'est pas une commune connue",
        "pas_code_commune": "« {v} » n'est pas un code INSEE de commune",
        "pas_departement": "« {v} » n'est pas un département connu",
        "pas_territoire": "« {v} » n'est pas un territoire connu (commune, intercommunalité, "
                          "département ou région)",
        "pas_enregistrement": "« {v} » : aucun enregistrement « {kind} » de ce nom dans la "
                              "feuille {sheet}{store}",
        "ni_magasin": " ni dans le graphe régional",
        "pas_forme": "« {v} » n'a pas la forme attendue",
        "apres": "{a} « {va} » est postérieure à {b} « {vb} »",
        "trop_petit": "« {v} » est trop petit",
        "masque": "(donnée personnelle masquée)",
        "resume_regles": "Résumé par règle",
        "aucun_probleme": "Aucun problème relevé.",
        "occurrences": "{n} fois",
        "gravite": "Gravité", "nombre": "Nombre", "probleme": "Problème",
        "detail_titre": "Détail, enregistrement par enregistrement",
        "pied": "Rapport produit par ppgraph {version} ; il se lit sans connexion à internet.",
    },
    "en": {
        "violation": "error", "violations": "errors",
        "avertissement": "warning", "avertissements": "warnings",
        "information": "note", "informations": "notes",
        "titre": "Validation report",
        "conforme": "CONFORMS", "non_conforme": "DOES NOT CONFORM",
        "conforme_long": "The submission follows every rule: it can be submitted.",
        "non_conforme_long": "The submission cannot be submitted until the errors are fixed. "
                             "Warnings and notes do not block it.",
        "fichier": "File", "departement": "Département", "enregistrements": "Records read",
        "ensemble": "Whole file",
        "feuille_ligne": "Sheet “{sheet}”, row {row}",
        "feuille": "Sheet “{sheet}”",
        "ligne_fichier": "line {row} of the file",
        "cellule": "cell", "colonne": "column", "valeur": "value", "regle": "Rule",
        "suggestion": "did you mean {s}?",
        "vide": "empty cell", "manquant": "missing value",
        "plusieurs": "several values ({values}) where one is expected",
        "pas_date": "“{v}” is not a valid date (dd/mm/yyyy)",
        "pas_dateheure": "“{v}” is not a valid date and time (dd/mm/yyyy hh:mm)",
        "pas_nombre": "“{v}” is not a number",
        "pas_booleen": "“{v}” is neither Oui nor Non",
        "pas_texte_fr": "“{v}” must be a French text",
        "pas_type": "“{v}” does not have the expected type",
        "pas_referentiel": "“{v}” is not a value of the list “{liste}”",
        "ambigu": "“{v}” is ambiguous: {note}",
        "pas_commune": "“{v}” is not a known municipality",
        "pas_code_commune": "“{v}” is not an INSEE municipality code",
        "pas_departement": "“{v}” is not a known département",
        "pas_territoire": "“{v}” is not a known territory (municipality, inter-municipality, "
                          "département or region)",
        "pas_enregistrement": "“{v}”: no “{kind}” record by that name in sheet {sheet}{store}",
        "ni_magasin": " nor in the regional graph",
        "pas_forme": "“{v}” does not have the expected form",
        "apres": "{a} “{va}” is after {b} “{vb}”",
        "trop_petit": "“{v}” is too small",
        "masque": "(personal data hidden)",
        "resume_regles": "Summary by rule",
        "aucun_probleme": "No problem found.",
        "occurrences": "{n} times",
        "gravite": "Severity", "nombre": "Count", "probleme": "Problem",
        "detail_titre": "Detail, record by record",
        "pied": "Report produced by ppgraph {version}; it can be read without an internet connection.",
    },
}


def _t(lang: str) -> dict[str, str]:
    return STRINGS.get(lang, STRINGS["fr"])


# ---------------------------------------------------------------------------------------------
# Reading any submission
# ---------------------------------------------------------------------------------------------

def read_submission(source: str | os.PathLike, *, departement: str | None = None,
                    format: str | None = None) -> ImportResult:
    """Read a submission from a workbook, a CSV file or folder, Turtle, N-Triples, RDF/XML
    or JSON-LD.

    Parameters
    ----------
    source : path
        The file or folder.
    departement : str, optional
        INSEE code of the département the data is for (see
        :func:`ppgraph.spreadsheet.import_tables`); for RDF input, a submission record is added
        if the file has none.
    format : str, optional
        Force the format (``xlsx``, ``csv``, ``turtle``, ``nt``, ``xml``, ``json-ld``).

    Returns
    -------
    ImportResult

    Raises
    ------
    InputError
        The file cannot be read (French message naming it), or a JSON-LD file refers to a
        remote ``@context`` (ppgraph never fetches anything from the network).

    Example
    -------
    >>> result = read_submission("tests/data/soumission-test-33.ttl")   # doctest: +SKIP
    """
    p = Path(source)
    fmt = format or ("csv" if p.is_dir() else None)
    if fmt is None:
        suffix = p.suffix.lower()
        if suffix in SPREADSHEET_SUFFIXES:
            fmt = "xlsx"
        elif suffix == ".csv":
            fmt = "csv"
        else:
            fmt = RDF_SUFFIXES.get(suffix)
    if fmt in ("xlsx", "csv"):
        return read_spreadsheet(p, departement=departement)
    if fmt is None:
        raise InputError(f"« {p.name} » : format non reconnu (attendu .xlsx, .csv, un dossier "
                         "de .csv, .ttl, .nt, .rdf ou .jsonld).")
    if not p.exists():
        raise InputError(f"« {p} » : fichier introuvable.")
    return _read_rdf(p, fmt, departement)


def _read_rdf(p: Path, fmt: str, departement: str | None) -> ImportResult:
    data = p.read_bytes()
    g = Graph()
    try:
        if fmt == "json-ld":
            text = data.decode("utf-8-sig")
            _refuse_remote_context(p, text)
            with warnings.catch_warnings():  # rdflib's own ConjunctiveGraph deprecation
                warnings.simplefilter("ignore", DeprecationWarning)
                g.parse(data=text, format="json-ld", base=str(ID))
        else:
            g.parse(data=data, format=fmt, publicID=str(ID))
    except InputError:
        raise
    except Exception as err:  # rdflib raises many kinds (BadSyntax, SAXParseException...)
        raise InputError(f"« {p.name} » : fichier RDF illisible ({_short(err)}).") from err
    origins = Origins()
    schema = load_schema()
    lines = _subject_lines(data.decode("utf-8", errors="replace"), g) if fmt != "json-ld" else {}
    for s, cls in g.subject_objects(RDF.type):
        sheet = schema.sheet_for_class(cls) if isinstance(cls, URIRef) else None
        if sheet is None:
            continue
        ident = str(s).rsplit("/", 1)[-1]
        title = _title(g, s)
        origins.records.setdefault(s, []).append(
            RecordRef(p.name, None, lines.get(s), ident, sheet.label, title))
    dep = None
    if departement:
        from .spreadsheet import _normalise_dep
        dep = _normalise_dep(departement)
        if (None, RDF.type, PP.Soumission) not in g:
            from .namespaces import instance_iri, territory_iri
            node = instance_iri("soumission", dep)
            g.add((node, RDF.type, PP.Soumission))
            g.add((node, PP.departement, territory_iri("departement", dep)))
    if dep is None:
        for s in g.subjects(RDF.type, PP.Soumission):
            d = g.value(s, PP.departement)
            if d is not None:
                dep = str(d).rsplit("/", 1)[-1]
    return ImportResult(graph=g, origins=origins, issues=[], source=p, sha256=file_digest(p),
                        kind="json-ld" if fmt == "json-ld" else "rdf", departement=dep)


def _short(err: Exception) -> str:
    text = " ".join(str(err).split())
    return text[:300] + ("…" if len(text) > 300 else "")


def _refuse_remote_context(p: Path, text: str) -> None:
    """Refuse a JSON-LD document whose @context (or @import) is a URL: rdflib would fetch it."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"« {p.name} », ligne {err.lineno} : JSON illisible ({err.msg}).") from err

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    check(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    def check(ctx: Any) -> None:
        items = ctx if isinstance(ctx, list) else [ctx]
        for item in items:
            if isinstance(item, str):
                raise InputError(
                    f"« {p.name} » : le @context JSON-LD « {item} » est distant ; ppgraph ne "
                    "télécharge rien. Remplacez-le par le contexte lui-même (objet JSON), ou "
                    "convertissez le fichier en Turtle.")
            if isinstance(item, dict):
                if "@import" in item:
                    raise InputError(f"« {p.name} » : @import dans un @context JSON-LD "
                                     f"(« {item['@import']} ») : ppgraph ne télécharge rien.")
                for v in item.values():
                    if isinstance(v, dict) and "@context" in v:
                        check(v["@context"])

    walk(doc)


def _subject_lines(text: str, g: Graph) -> dict[Any, int]:
    """Line where each subject is first described (Turtle written by hand or by a tool)."""
    tokens: dict[str, Any] = {}
    subjects = set(g.subjects(RDF.type, None))
    ns = [(p, str(n)) for p, n in g.namespaces()]
    for s in subjects:
        tokens[f"<{s}>"] = s
        for prefix, base in ns:
            if str(s).startswith(base):
                tokens[f"{prefix}:{str(s)[len(base):]}"] = s
    found: dict[Any, int] = {}
    for i, line in enumerate(text.splitlines(), start=1):
        m = re.match(r"\s*(\S+)", line)
        if m and m.group(1) in tokens:
            found.setdefault(tokens[m.group(1)], i)
    return found


def _title(g: Graph, node) -> str | None:
    for p in (RDFS.label, PP.raisonSociale):
        v = g.value(node, p)
        if v is not None:
            return str(v)
    return None


# ---------------------------------------------------------------------------------------------
# Findings and reports
# ---------------------------------------------------------------------------------------------

@dataclass
class Finding:
    """One problem, said for the person who filled the sheet.

    Attributes
    ----------
    severity : str
        ``"violation"`` (blocks the submission), ``"avertissement"`` or ``"information"``.
    rule : str
        Name of the rule (the shape's ``sh:name``).
    message : str
        The rule in plain French (the shape's ``sh:message``).
    detail : str
        What is wrong with this value (« « Guichet unque » n'est pas une valeur du
        référentiel « Niveaux d'accompagnement » »).
    suggestion : str or None
        The closest valid value(s), when there are some.
    record : RecordRef or None
        The record (sheet, row, identifier); None for a rule on the whole file.
    cell : CellRef or None
        The cell (sheet, row, column letter, header, text).
    """

    severity: str
    rule: str
    message: str
    detail: str = ""
    suggestion: str | None = None
    value: str | None = None
    record: RecordRef | None = None
    cell: CellRef | None = None
    focus: Any = None
    path: Any = None
    term: Any = None
    shape: URIRef | None = None
    component: URIRef | None = None
    personal: bool = False

    @property
    def where(self) -> str:
        """« Structures!D14 » (or the record's row, or the file)."""
        if self.cell is not None and self.cell.column != "?":
            return f"{self.cell.sheet}!{self.cell.column}{self.cell.row}"
        if self.record is not None and self.record.sheet and self.record.row:
            return f"{self.record.sheet}!{self.record.row}:{self.record.row}"
        if self.record is not None and self.record.row:
            return f"ligne {self.record.row}"
        return ""

    def sentence(self, lang: str = "fr", publish: bool = False) -> str:
        """The detail and the suggestion in one sentence."""
        t = _t(lang)
        detail = self.detail
        if publish and self.personal and self.value:
            detail = detail.replace(self.value, t["masque"])
        text = detail or self.message
        if self.suggestion and not (publish and self.personal):
            text += " ; " + t["suggestion"].format(s=self.suggestion)
        return text


@dataclass
class ValidationReport:
    """The result of :func:`validate`: findings grouped by record, and how to render them."""

    source: str
    findings: list[Finding]
    schema: Schema
    records: int = 0
    departement: str | None = None
    sha256: str = ""
    shacl: Graph | None = None
    result: ImportResult | None = field(default=None, repr=False)

    @property
    def conforms(self) -> bool:
        """True when no finding is a violation (warnings and infos do not block)."""
        return not any(f.severity == "violation" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in ("violation", "avertissement", "information")}

    def groups(self) -> list[tuple[RecordRef | None, list[Finding]]]:
        """Findings grouped by record: the whole-file findings first, then records in sheet
        order and row order; within a record, by column order."""
        order = {s.name: i for i, s in enumerate(self.schema.sheets)}
        col_order = {c.header: c.order for s in self.schema.sheets for c in s.columns}
        groups: dict[Any, tuple[RecordRef | None, list[Finding]]] = {}
        for f in self.findings:
            r = f.record
            key = (r.sheet, r.row, r.identifier) if r is not None and (r.row or r.identifier) else None
            groups.setdefault(key, (r if key else None, []))[1].append(f)

        def gkey(item):
            key, (rec, _) = item
            if key is None:
                return (0, 0, 0, "")
            return (1, order.get(rec.sheet or "", len(order)), rec.row or 0, rec.identifier or "")
        out = []
        for key, (rec, fs) in sorted(groups.items(), key=gkey):
            fs.sort(key=lambda f: (_SEVERITY_ORDER[f.severity],
                                   col_order.get(f.cell.header, 0) if f.cell else -1,
                                   f.cell.column if f.cell else "", f.rule))
            out.append((rec, fs))
        return out

    def by_rule(self) -> list[tuple[str, str, int]]:
        """(severity, rule name, number of findings), most frequent first."""
        counts: dict[tuple[str, str], int] = {}
        for f in self.findings:
            counts[(f.severity, f.rule)] = counts.get((f.severity, f.rule), 0) + 1
        return sorted(((s, r, n) for (s, r), n in counts.items()),
                      key=lambda x: (_SEVERITY_ORDER[x[0]], -x[2], x[1]))


# ---------------------------------------------------------------------------------------------
# The validation
# ---------------------------------------------------------------------------------------------

def validation_graph(submission: Graph, *, store=None, exclude_graph: URIRef | None = None,
                     context: Iterable[Graph] = ()) -> Graph:
    """The data graph pySHACL checks: the submission, the ontology, the référentiel, and
    the types of what the submission references.

    Parameters
    ----------
    submission : rdflib.Graph
    store : ppgraph.Store, optional
        Where other records live (other départements' structures...): their rdf:type (and
        skos:inScheme for concepts) come with one CONSTRUCT. Never handed to pySHACL.
    exclude_graph : URIRef, optional
        A named graph of the store to ignore: the submission's own current version (a
        record it removes must not be found there).
    context : iterable of rdflib.Graph
        Other submissions validated together (a first load of several départements that
        refer to each other): their records count as existing.
    """
    g = Graph()
    for t in submission:
        g.add(t)
    for t in _static_graph():
        g.add(t)
    typed = set(submission.subjects(RDF.type, None))
    referenced = {o for o in submission.objects() if isinstance(o, URIRef)}
    referenced |= {s for s in submission.subjects() if isinstance(s, URIRef)}
    referenced -= typed
    referenced = {r for r in referenced if not str(r).startswith(str(REF))
                  or (r, RDF.type, None) not in g}
    gaz = gazetteer()
    for r in referenced:
        for cls in gaz.types(r):
            g.add((r, RDF.type, cls))
    unknown = sorted(r for r in referenced if (r, RDF.type, None) not in g)
    for other in context:
        for r in unknown:
            for cls in other.objects(r, RDF.type):
                g.add((r, RDF.type, cls))
    if store is not None:
        unknown = [r for r in unknown if (r, RDF.type, None) not in g and _safe_iri(r)]
        if unknown:
            for t in store.construct(_types_query(unknown, exclude_graph)):
                g.add(t)
    return g


_IRI_OK = re.compile(r'^[^\s<>"{}|^`\\]+$')


def _safe_iri(iri: URIRef) -> bool:
    return bool(_IRI_OK.match(str(iri)))


def _types_query(iris: Sequence[URIRef], exclude: URIRef | None) -> str:
    from .resources import query_text

    values = "\n    ".join(f"<{i}>" for i in iris)
    text = query_text("validation-types-references")
    text = text.replace("#@VALEURS\n", values + "\n")
    if exclude is not None:
        text = text.replace("#@EXCLURE\n", f"FILTER(?g != <{exclude}>)\n")
    return text


_STATIC: Graph | None = None


@functools.lru_cache(maxsize=1)
def _personal() -> frozenset:
    return personal_properties()


@functools.lru_cache(maxsize=1)
def _terms() -> frozenset:
    return ontology_terms()


def _static_graph() -> Graph:
    """Ontology and référentiel, parsed once per process."""
    global _STATIC
    if _STATIC is None:
        g = Graph()
        for src in (ontology_graph(), referentiel_graph()):
            for t in src:
                g.add(t)
        _STATIC = g
    return _STATIC


def validate(source: str | os.PathLike | ImportResult, *, store=None,
             departement: str | None = None, target_graph: URIRef | None = None,
             context: Iterable[Graph] = (), lang: str = "fr") -> ValidationReport:
    """Validate a submission against ``ontology/shapes.ttl`` and explain what is wrong.

    Parameters
    ----------
    source : path or ImportResult
        A workbook, CSV file or folder, Turtle, JSON-LD... (read with
        :func:`read_submission`), or what it returned.
    store : ppgraph.Store, optional
        The regional store, to accept references to what other submissions hold.
    departement : str, optional
        The département the file is submitted for: a file describing another one does not
        conform.
    target_graph : URIRef, optional
        The named graph the submission would replace (its current version is not a valid
        target of references).
    context : iterable of rdflib.Graph
        Other submissions validated together (see :func:`validation_graph`).
    lang : "fr" or "en"
        Language of the report's interface words (the rules are in French).

    Returns
    -------
    ValidationReport
        ``report.conforms`` is False when some finding is a violation.

    Raises
    ------
    InputError
        If the file cannot be read.

    Example
    -------
    >>> report = validate("data/demo/classeurs/soumission-24-2026.xlsx")   # doctest: +SKIP
    >>> report.conforms, report.counts                                      # doctest: +SKIP
    (False, {'violation': 6, 'avertissement': 1, 'information': 0})
    """
    import pyshacl

    result = source if isinstance(source, ImportResult) else \
        read_submission(source, departement=departement)
    schema = load_schema()
    data = validation_graph(result.graph, store=store, exclude_graph=target_graph, context=context)
    conforms, shacl_report, _text = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=False, inplace=True,
        allow_warnings=True, allow_infos=True, meta_shacl=False, js=False, debug=False,
        do_owl_imports=False)
    findings: list[Finding] = []
    for issue in result.issues:
        findings.append(_from_issue(issue, schema))
    findings += _from_shacl(shacl_report, result, schema, data, store is not None, lang)
    findings += _unknown_terms(result, schema)
    findings += _empty_submission(result, schema)
    if departement and result.kind != "xlsx" and result.kind != "csv":
        findings += _departement_mismatch(result, departement, schema)
    findings = _dedupe(findings)
    n_records = sum(1 for s in result.graph.subjects(RDF.type, None)
                    if any(result.graph.objects(s, RDF.type)) and s in result.origins.records)
    return ValidationReport(source=result.name, findings=findings, schema=schema,
                            records=n_records or len(set(result.graph.subjects(RDF.type, None))),
                            departement=result.departement, sha256=result.sha256,
                            shacl=shacl_report, result=result)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.severity, f.rule, f.focus, str(f.path), f.term, f.detail,
               f.cell.ref if f.cell else None, f.record.row if f.record else None)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _from_issue(issue: ImportIssue, schema: Schema) -> Finding:
    text = schema.text(issue.rule)
    sev = SEVERITIES.get(issue.severity or text.severity, "violation")
    return Finding(severity=sev, rule=text.name, message=text.message, detail=issue.detail,
                   value=issue.value, record=issue.record, cell=issue.cell, shape=issue.rule)


def _record_of(node, result: ImportResult, schema: Schema, g: Graph) -> RecordRef | None:
    ref = result.origins.record(node)
    if ref is not None:
        return ref
    if not isinstance(node, URIRef) or (node, None, None) not in result.graph:
        return None
    for cls in g.objects(node, RDF.type):
        sheet = schema.sheet_for_class(cls)
        if sheet is not None:
            return RecordRef(result.name, None, None, str(node).rsplit("/", 1)[-1], sheet.label,
                             _title(g, node))
    return RecordRef(result.name, None, None, str(node), "nœud", None)


def _display(term, column: Column | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    voc, gaz = vocabulary(), gazetteer()
    if str(term).startswith(str(REF)):
        return voc.label(term)
    if str(term).startswith(str(TERRITOIRE)):
        p = gaz.place(term)
        return p.display if p else str(term).rsplit("/", 1)[-1]
    if str(term).startswith(str(ID)):
        from urllib.parse import unquote
        return unquote(str(term).rsplit("/", 1)[-1])
    return str(term)


def _from_shacl(report: Graph, result: ImportResult, schema: Schema, data: Graph,
                with_store: bool, lang: str) -> list[Finding]:
    t = _t(lang)
    out = []
    personal = _personal()
    own = set(result.graph.subjects(RDF.type, None)) | {PP.Soumission}
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(r, SH.focusNode)
        if focus not in own:
            continue  # a record of another submission, typed only so that references resolve
        path = report.value(r, SH.resultPath)
        value = report.value(r, SH.value)
        shape = report.value(r, SH.sourceShape)
        component = report.value(r, SH.sourceConstraintComponent)
        severity = SEVERITIES.get(report.value(r, SH.resultSeverity), "violation")
        inverse = False
        if isinstance(path, BNode):
            inv = report.value(path, SH.inversePath)
            if inv is None:
                inv = data.value(path, SH.inversePath)
            path, inverse = inv, True
        path_key = ("^", path) if inverse else path
        found = schema.column_for_shape(shape) if isinstance(shape, URIRef) else None
        sheet, column = found if found else (None, None)
        if column is None and path is not None:
            record_sheet = None
            for cls in result.graph.objects(focus, RDF.type):
                record_sheet = schema.sheet_for_class(cls) or record_sheet
            if record_sheet is not None:
                column = record_sheet.column(path, inverse)
        texts = schema.text(shape) if isinstance(shape, URIRef) else None
        message = texts.message if texts and texts.message else \
            str(report.value(r, SH.resultMessage) or "")
        rule = texts.name if texts and texts.name else (column.header if column else "Règle")
        record = _record_of(focus, result, schema, data)
        cell = result.origins.cell(focus, path_key, value) if path is not None else None
        shown = cell.text if (cell is not None and value is not None and cell.text
                              and (focus, path_key, value) in result.origins.cells) \
            else _display(value, column)
        f = Finding(severity=severity, rule=rule, message=message, value=shown or None,
                    record=record, cell=cell, focus=focus, path=path, term=value, shape=shape,
                    component=component, personal=path in personal)
        if column is None and path is not None:
            for cls in result.graph.objects(focus, RDF.type):
                sheet_ = schema.sheet_for_class(cls)
                column = (sheet_.column(path, inverse) if sheet_ else None) or column
        _explain(f, column, result, data, with_store, schema, t, path_key)
        if f.detail != "skip":
            out.append(f)
    return out


def _explain(f: Finding, column: Column | None, result: ImportResult, data: Graph,
             with_store: bool, schema: Schema, t: dict, path_key) -> None:
    """Fill ``detail`` and ``suggestion`` from the constraint component and the value."""
    comp, v = f.component, f.value or ""
    note = result.origins.notes.get((f.focus, path_key, f.term))
    voc, gaz = vocabulary(), gazetteer()
    if comp in (SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent) and column is None:
        f.detail = ""  # a rule on the whole file: its message says it all
    elif comp == SH.MinCountConstraintComponent:
        f.detail = t["vide"] if f.cell is not None and f.cell.column != "?" else t["manquant"]
    elif comp == SH.MaxCountConstraintComponent:
        if column is not None and column.inverse:
            values = list(result.graph.subjects(column.path, f.focus))
        else:
            values = list(result.graph.objects(f.focus, f.path)) if f.path is not None else []
        f.detail = t["plusieurs"].format(values=", ".join(
            f"« {_display(x, column)} »" for x in sorted(values, key=str)))
    elif comp == SH.DatatypeConstraintComponent:
        dtype = column.datatype if column else None
        key = {XSD.date: "pas_date", XSD.dateTime: "pas_dateheure", XSD.decimal: "pas_nombre",
               XSD.integer: "pas_nombre", XSD.boolean: "pas_booleen",
               RDF.langString: "pas_texte_fr"}.get(dtype, "pas_type")
        f.detail = t[key].format(v=v)
    elif comp == SH.NodeConstraintComponent and column is not None and column.kind == "concept":
        if note:
            f.detail = t["ambigu"].format(v=v, note=note)
        else:
            f.detail = t["pas_referentiel"].format(v=v, liste=voc.scheme_label(column.scheme))
            f.suggestion = _quote(voc.suggest(column.scheme, v))
    elif comp == SH.ClassConstraintComponent and column is not None and column.kind == "territory":
        from .spreadsheet import _TERRITORY_CLASSES
        kinds = _TERRITORY_CLASSES.get(str(column.target_class), ("commune",))
        if note:
            f.detail = t["ambigu"].format(v=v, note=note)
        else:
            if column.target_class == PP.Commune:
                key = "pas_code_commune" if isinstance(f.term, URIRef) else "pas_commune"
            elif column.target_class == PP.Departement:
                key = "pas_departement"
            else:
                key = "pas_territoire"
            f.detail = t[key].format(v=v)
            f.suggestion = _quote(gaz.suggest(v, kinds, result.departement))
    elif comp == SH.ClassConstraintComponent and column is not None and column.kind == "reference":
        target = schema.sheet_for_class(column.target_class)
        f.detail = t["pas_enregistrement"].format(
            v=v, kind=target.label if target else _local(column.target_class),
            sheet=target.name if target else "", store=t["ni_magasin"] if with_store else "")
        pool = {}
        for node in result.graph.subjects(RDF.type, column.target_class):
            pool[fold(_display(node, None))] = _display(node, None)
        prefix = _dep_prefix(v)
        if prefix:  # « 64-CMA » is another département's structure, not a typo of « 24-CMA »
            pool = {k: x for k, x in pool.items() if _dep_prefix(x) in (None, prefix)}
        matches = difflib.get_close_matches(fold(v), list(pool), n=3, cutoff=0.75)
        f.suggestion = _quote(_closest(fold(v), matches, pool, 2))
    elif comp == SH.PatternConstraintComponent:
        f.detail = t["pas_forme"].format(v=v)
    elif comp in (SH.LessThanOrEqualsConstraintComponent, SH.LessThanConstraintComponent) \
            and _unreadable(f.term, column):
        f.detail = "skip"  # the unreadable value is reported by its own column
    elif comp in (SH.LessThanOrEqualsConstraintComponent, SH.LessThanConstraintComponent):
        shape_g = schema.shapes
        other = shape_g.value(f.shape, SH.lessThanOrEquals) or shape_g.value(f.shape, SH.lessThan)
        sheet = None
        for cls in result.graph.objects(f.focus, RDF.type):
            sheet = schema.sheet_for_class(cls) or sheet
        col_a = sheet.column(f.path) if sheet else None
        col_b = sheet.column(other) if sheet and other is not None else None
        vb = result.graph.value(f.focus, other) if other is not None else None
        cell_b = result.origins.cell(f.focus, other) if other is not None else None
        cell_a = result.origins.cell(f.focus, f.path, f.term)
        f.detail = t["apres"].format(
            a=(col_a.header if col_a else "la valeur").lower().replace("date", "la date", 1)
            if col_a else "la valeur", va=_date_text(f.term),
            b=(col_b.header.lower().replace("date", "la date", 1) if col_b else "l'autre valeur"),
            vb=_date_text(vb))
        if cell_a is not None and cell_b is not None and cell_b.column != "?":
            f.detail += f" ({cell_b.column}{cell_b.row})"
        f.detail = f.detail[:1].upper() + f.detail[1:]
        if col_a is not None:
            f.cell = result.origins.cell(f.focus, f.path, f.term) or f.cell
    elif comp in (SH.MinExclusiveConstraintComponent, SH.MinInclusiveConstraintComponent):
        f.detail = t["trop_petit"].format(v=v)
    elif comp == SH.LanguageInConstraintComponent:
        f.detail = t["pas_texte_fr"].format(v=v)
    elif comp == SH.ClassConstraintComponent:
        f.detail = t["pas_type"].format(v=v)


_DEP_PREFIX = re.compile(r"^(\d{2}|2[AB]|97\d)-", re.I)


def _dep_prefix(identifier: str) -> str | None:
    m = _DEP_PREFIX.match(identifier or "")
    return m.group(1).upper() if m else None


def _unreadable(term, column: Column | None) -> bool:
    """A literal that could not be read as the column's datatype (« 31/02/2026 »)."""
    if not isinstance(term, Literal) or column is None or column.datatype is None:
        return False
    return (term.datatype or XSD.string) != column.datatype and column.datatype != RDF.langString


def _date_text(term) -> str:
    if isinstance(term, Literal) and term.datatype == XSD.date:
        y, m, d = str(term).split("-")
        return f"{d}/{m}/{y}"
    return str(term) if term is not None else ""


def _quote(values: Sequence[str]) -> str | None:
    if not values:
        return None
    return " ou ".join(f"« {v} »" for v in values)


def _local(iri) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def _unknown_terms(result: ImportResult, schema: Schema) -> list[Finding]:
    """Terms of ppgraph's namespace that the ontology does not define (typos), rule
    forme:TermeInconnu. Checked here rather than by a SPARQL target: rdflib takes seconds."""
    known = _terms()
    text = schema.text(FORME.TermeInconnu)
    names = sorted(str(k)[len(str(PP)):] for k in known)
    out = []
    g = result.graph
    for s, p, o in g:
        bad = None
        if str(p).startswith(str(PP)) and p not in known:
            bad = p
        elif p == RDF.type and isinstance(o, URIRef) and str(o).startswith(str(PP)) and o not in known:
            bad = o
        if bad is None:
            continue
        local = str(bad)[len(str(PP)):]
        close = difflib.get_close_matches(local, names, n=1, cutoff=0.7)
        out.append(Finding(
            severity=SEVERITIES.get(text.severity, "violation"), rule=text.name,
            message=text.message.replace("{?terme}", f"pp:{local}"),
            detail=text.message.replace("{?terme}", f"pp:{local}").split(" : ")[0],
            suggestion=f"« pp:{close[0]} »" if close else None, value=f"pp:{local}",
            record=_record_of(s, result, schema, g) or RecordRef(result.name, None, None,
                                                                  _display(s, None), "nœud"),
            focus=s, path=p, term=o, shape=FORME.TermeInconnu))
    return out


def _empty_submission(result: ImportResult, schema: Schema) -> list[Finding]:
    """Rule forme:SoumissionNonVide: at least one record of a class the ontology defines
    (other than the submission itself and territories), described by at least one triple."""
    g = result.graph
    ontology = _static_graph()
    territory_classes = {PP.Territoire} | set(ontology.transitive_subjects(RDFS.subClassOf, PP.Territoire))
    for s, cls in g.subject_objects(RDF.type):
        if cls in (PP.Soumission, PP.VersionDeSoumission) or cls in territory_classes:
            continue
        if (cls, RDF.type, _OWL_CLASS) in ontology and \
                any(p != RDF.type for p in g.predicates(s, None)):
            return []
    text = schema.text(FORME.SoumissionNonVide)
    return [Finding(severity=SEVERITIES.get(text.severity, "violation"), rule=text.name,
                    message=text.message, shape=FORME.SoumissionNonVide)]


_OWL_CLASS = URIRef("http://www.w3.org/2002/07/owl#Class")


def _departement_mismatch(result: ImportResult, departement: str, schema: Schema) -> list[Finding]:
    from .namespaces import territory_iri
    from .spreadsheet import _normalise_dep

    wanted = territory_iri("departement", _normalise_dep(departement))
    text = schema.text(FORME.DepartementVerse)
    out = []
    gaz = gazetteer()
    for s in result.graph.subjects(RDF.type, PP.Soumission):
        d = result.graph.value(s, PP.departement)
        if d is not None and d != wanted:
            out.append(Finding(
                severity="violation", rule=text.name, message=text.message,
                detail=f"Le fichier décrit {gaz.display(d)}, mais il est versé pour "
                       f"{gaz.display(wanted)}.", value=gaz.display(d),
                record=_record_of(s, result, schema, result.graph), focus=s,
                path=PP.departement, term=d, shape=FORME.DepartementVerse))
    return out


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------

def _plural(n: int, key: str, t: dict) -> str:
    return f"{n} {t[key + 's'] if n > 1 else t[key]}"


def _summary_line(report: ValidationReport, t: dict) -> str:
    c = report.counts
    verdict = t["conforme"] if report.conforms else t["non_conforme"]
    return (f"{verdict} — {_plural(c['violation'], 'violation', t)}, "
            f"{_plural(c['avertissement'], 'avertissement', t)}, "
            f"{_plural(c['information'], 'information', t)}.")


def _group_title(rec: RecordRef | None, t: dict, publish: bool = False) -> str:
    if rec is None:
        return t["ensemble"]
    if rec.sheet and rec.row:
        where = t["feuille_ligne"].format(sheet=rec.sheet, row=rec.row)
    elif rec.sheet:
        where = t["feuille"].format(sheet=rec.sheet)
    elif rec.row:
        where = t["ligne_fichier"].format(row=rec.row)
    else:
        where = ""
    what = " ".join(x for x in (rec.kind if rec.kind not in ("feuille", "fichier") else "",
                                rec.identifier) if x)
    if rec.title:
        what += f" « {rec.title} »"
    return " — ".join(x for x in (where, what) if x) or t["ensemble"]


def render_text(report: ValidationReport, lang: str = "fr", publish: bool = False) -> str:
    """The report as plain text, grouped by record (the default of ``ppgraph validate``).

    ``publish=True`` hides the values of personal data.
    """
    t = _t(lang)
    lines = [f"{t['titre']} : {report.source}"]
    if report.departement:
        p = gazetteer().place(TERRITOIRE[f"departement/{report.departement}"])
        lines.append(f"{t['departement']} : {p.display if p else report.departement}")
    lines.append(f"{t['enregistrements']} : {report.records}")
    lines.append(f"Résultat : {_summary_line(report, t)}" if lang == "fr"
                 else f"Result: {_summary_line(report, t)}")
    lines.append(t["conforme_long"] if report.conforms else t["non_conforme_long"])
    for rec, findings in report.groups():
        lines.append("")
        lines.append(_group_title(rec, t, publish))
        for f in findings:
            head = f"  [{t[f.severity]}]"
            if f.cell is not None and f.cell.column != "?":
                head += f" {f.cell.column}{f.cell.row} « {f.cell.header} » :"
            elif f.cell is not None:
                head += f" « {f.cell.header} » :"
            if f.detail:
                lines.append(f"{head} {f.sentence(lang, publish)}")
                lines.append(f"      {t['regle']} « {f.rule} » : {f.message}")
            else:
                lines.append(f"{head} {f.sentence(lang, publish)} ({t['regle'].lower()} « {f.rule} »)")
    if report.findings:
        lines.append("")
        lines.append(t["resume_regles"] + " :")
        for sev, rule, n in report.by_rule():
            lines.append(f"  {n:>4} × [{t[sev]}] {rule}")
    else:
        lines.append("")
        lines.append(t["aucun_probleme"])
    return "\n".join(lines) + "\n"


def render_json(report: ValidationReport, lang: str = "fr") -> str:
    """The report as JSON (French keys), for a program."""
    items = []
    for f in report.findings:
        items.append({
            "gravite": f.severity, "regle": f.rule, "message": f.message, "detail": f.detail,
            "suggestion": f.suggestion, "valeur": f.value,
            "feuille": (f.cell.sheet if f.cell else (f.record.sheet if f.record else None)),
            "ligne": (f.cell.row if f.cell else (f.record.row if f.record else None)),
            "colonne": f.cell.column if f.cell and f.cell.column != "?" else None,
            "entete": f.cell.header if f.cell else None,
            "enregistrement": ({"type": f.record.kind, "identifiant": f.record.identifier,
                                "titre": f.record.title} if f.record else None),
            "noeud": str(f.focus) if f.focus is not None else None,
            "chemin": str(f.path) if f.path is not None else None,
            "forme": str(f.shape) if f.shape is not None else None,
            "composant": str(f.component) if f.component is not None else None,
        })
    return json.dumps({"fichier": report.source, "sha256": report.sha256,
                       "departement": report.departement, "conforme": report.conforms,
                       "enregistrements": report.records, "compteurs": report.counts,
                       "resultats": items}, ensure_ascii=False, indent=2) + "\n"


def report_graph(report: ValidationReport) -> Graph:
    """The standard ``sh:ValidationReport`` (every finding, with a French sh:resultMessage
    naming the cell)."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("forme", FORME)
    g.bind("pp", PP)
    root = BNode()
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(report.conforms)))
    for f in report.findings:
        r = BNode()
        g.add((root, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.resultSeverity, _SEVERITY_IRI[f.severity]))
        g.add((r, SH.focusNode, f.focus if f.focus is not None else
               URIRef(f"urn:ppgraph:fichier:{re.sub(r'[^A-Za-z0-9._-]', '_', report.source)}")))
        if f.path is not None:
            g.add((r, SH.resultPath, f.path))
        if f.term is not None:
            g.add((r, SH.value, f.term))
        if f.shape is not None:
            g.add((r, SH.sourceShape, f.shape))
        g.add((r, SH.sourceConstraintComponent, f.component or FORME.LectureDuFichier))
        where = f" ({f.where})" if f.where else ""
        g.add((r, SH.resultMessage, Literal(f"{f.rule}{where} : {f.sentence()}", lang="fr")))
    return g


def render_html(report: ValidationReport, lang: str = "fr", publish: bool = False) -> str:
    """A page a person can read offline: verdict, counts, then one block per record."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    from . import __version__
    return env.get_template("rapport-validation.html").render(
        report=report_context(report, lang, publish), lang=lang, version=__version__)


_TEMPLATES = Path(__file__).resolve().parent / "templates"


def report_context(report: ValidationReport, lang: str = "fr", publish: bool = False) -> dict:
    """What the HTML templates need: plain strings, already worded."""
    t = _t(lang)
    groups = []
    for i, (rec, findings) in enumerate(report.groups(), start=1):
        rows = []
        for f in findings:
            value = f.value or ""
            if publish and f.personal and value:
                value = t["masque"]
            rows.append({"severity": f.severity, "severity_label": t[f.severity].capitalize(),
                         "cell": f"{f.cell.column}{f.cell.row}" if f.cell and f.cell.column != "?" else "",
                         "header": f.cell.header if f.cell else "",
                         "value": value, "sentence": f.sentence(lang, publish),
                         "rule": f.rule, "message": f.message})
        worst = min((_SEVERITY_ORDER[f.severity] for f in findings), default=2)
        groups.append({"anchor": f"e{i}", "title": _group_title(rec, t, publish),
                       "sheet": rec.sheet if rec else None, "rows": rows,
                       "severity": ["violation", "avertissement", "information"][worst]})
    departement = None
    if report.departement:
        p = gazetteer().place(TERRITOIRE[f"departement/{report.departement}"])
        departement = p.display if p else report.departement
    return {"t": t, "source": report.source, "sha256": report.sha256, "departement": departement,
            "conforms": report.conforms, "counts": report.counts, "records": report.records,
            "summary": _summary_line(report, t), "groups": groups,
            "by_rule": [{"severity": s, "severity_label": t[s], "rule": r, "n": n}
                        for s, r, n in report.by_rule()]}


def render_report(report: ValidationReport, format: str = "text", lang: str = "fr",
                  publish: bool = False) -> str:
    """Render in ``format``: ``text``, ``html``, ``json`` or ``turtle``."""
    if format == "text":
        return render_text(report, lang, publish)
    if format == "html":
        return render_html(report, lang, publish)
    if format == "json":
        return render_json(report, lang)
    if format == "turtle":
        return report_graph(report).serialize(format="turtle")
    raise InputError(f"Format de rapport inconnu : « {format} » (text, html, json ou turtle).")


# ---------------------------------------------------------------------------------------------
# Reports on the published site
# ---------------------------------------------------------------------------------------------

@dataclass
class PublishedReport:
    """A validation report shown on the site: its title, its outcome and the report."""

    title: str
    report: ValidationReport
    outcome: str
    """« versée » (submitted), « refusée » (refused) — shown as given"""
    slug: str


_PUBLISHED: contextvars.ContextVar[list[PublishedReport] | None] = \
    contextvars.ContextVar("ppgraph_published_reports", default=None)


@contextlib.contextmanager
def published_reports(reports: Iterable[PublishedReport]) -> Iterator[None]:
    """Within this block, :func:`ppgraph.site.write_site` adds a « Validation » page listing
    ``reports`` and one page per report (personal values hidden).

    >>> from ppgraph.store import Store
    >>> with published_reports([]):
    ...     pass
    """
    token = _PUBLISHED.set(list(reports))
    try:
        yield
    finally:
        _PUBLISHED.reset(token)


def _register_site_page() -> None:
    from . import site

    site.STRINGS["fr"].update({
        "nav_validation": "Validation",
        "validation_titre": "Validation des soumissions",
        "validation_intro": "Chaque classeur versé par un département est vérifié par ppgraph "
                            "contre les règles communes (formes SHACL) avant d'entrer dans le "
                            "graphe régional. Une soumission qui ne respecte pas les règles est "
                            "refusée : le graphe garde la version précédente. Voici les rapports, "
                            "tels que les lit la personne qui a rempli le classeur (les données "
                            "personnelles y sont masquées).",
        "validation_col_soumission": "Soumission", "validation_col_resultat": "Résultat",
        "validation_col_erreurs": "Erreurs", "validation_col_avertissements": "Avertissements",
        "validation_col_informations": "Informations", "validation_voir": "Lire le rapport",
        "validation_retour": "Tous les rapports de validation",
        "validation_resume": "{versees} soumission(s) conforme(s), {refusees} refusée(s).",
    })
    site.STRINGS["en"].update({
        "nav_validation": "Validation",
        "validation_titre": "Validation of submissions",
        "validation_intro": "Each workbook a département submits is checked by ppgraph against "
                            "the shared rules (SHACL shapes) before it enters the regional graph. "
                            "A submission that breaks the rules is refused: the graph keeps the "
                            "previous version. Here are the reports, as the person who filled the "
                            "workbook reads them (personal data hidden).",
        "validation_col_soumission": "Submission", "validation_col_resultat": "Outcome",
        "validation_col_erreurs": "Errors", "validation_col_avertissements": "Warnings",
        "validation_col_informations": "Notes", "validation_voir": "Read the report",
        "validation_retour": "All validation reports",
        "validation_resume": "{versees} conforming submission(s), {refusees} refused.",
    })

    @site.register_page("validation", "validation.html", "nav_validation")
    def validation_page(s: "site.Site") -> dict | None:
        """The validation reports of this build (see :func:`published_reports`)."""
        reports = _PUBLISHED.get()
        if not reports:
            return None
        items = []
        s.add_page("validation/rapport-validation.css", "rapport-validation.css", "")
        for pr in reports:
            href = f"validation/{pr.slug}.html"
            ctx = report_context(pr.report, s.lang, publish=True)
            s.add_page(href, "rapport-validation-site.html",
                       f"{s.strings['validation_titre']} : {pr.title}",
                       report=ctx, heading=pr.title, outcome=pr.outcome,
                       back=s.page_href("validation", root="../"), css="rapport-validation.css")
            items.append({"title": pr.title, "outcome": pr.outcome, "href": href,
                          "conforms": pr.report.conforms, "counts": pr.report.counts,
                          "source": pr.report.source})
        refused = sum(1 for i in items if not i["conforms"])
        summary = s.strings["validation_resume"].format(
            versees=len(items) - refused, refusees=refused)
        return {"page_title": s.strings["validation_titre"], "items": items, "summary": summary}


_register_site_page()

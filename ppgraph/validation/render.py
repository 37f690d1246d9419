"""Writing a validation report as text, HTML, JSON or Turtle, in French or English.

Text for the terminal, HTML for a page that works offline, JSON for a program, the standard
``sh:ValidationReport`` in Turtle.

Every word comes from the ``validation`` message catalogue, the rules' names and messages
from the shapes (``sh:name``, ``sh:message``) in the reader's language, French where a
translation is missing. ``publish=True`` hides the values of personal data (the site's pages).

>>> from ppgraph.validation.report import ValidationReport
>>> from ppgraph.spreadsheet.schema import load_schema
>>> empty = ValidationReport("vide.xlsx", [], load_schema(), records=0)
>>> print(render_text(empty, "en").splitlines()[2])
Result: CONFORMS — 0 errors, 0 warnings, 0 notes.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, URIRef

from ..errors import InputError
from ..html import environment
from ..i18n import Catalogue, catalogue
from ..namespaces import PP, TERRITOIRE
from ..resolver import gazetteer
from ..spreadsheet.origins import RECORD_FILE, RECORD_NODE, RECORD_SHEET, RecordRef
from ..spreadsheet.schema import FORME, SH
from ..spreadsheet.wording import in_language, quoted
from .report import SEVERITIES, SEVERITY_ORDER, ValidationReport

__all__ = ["render_text", "render_json", "render_html", "report_graph", "render_report",
           "report_context", "report_format", "written_summary", "REPORT_FORMATS"]

REPORT_FORMATS = ("text", "html", "json", "turtle")
_SEVERITY_IRI = {v: k for k, v in SEVERITIES.items()}
_REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".json": "json", ".ttl": "turtle"}


def _summary_line(report: ValidationReport, cat: Catalogue) -> str:
    """« NON CONFORME — 9 erreurs, 1 avertissement, 0 information. »"""
    c = report.counts
    return cat("validation.texte.resume",
               verdict=cat("validation.conforme" if report.conforms else "validation.non_conforme"),
               erreurs=cat.plural("validation.compte.violation", c["violation"]),
               avertissements=cat.plural("validation.compte.avertissement", c["avertissement"]),
               informations=cat.plural("validation.compte.information", c["information"]))


def _group_title(rec: RecordRef | None, cat: Catalogue) -> str:
    """« Feuille « Structures », ligne 9 — structure 24-OT-003 « Office de tourisme... » »."""
    if rec is None:
        return cat("validation.ensemble")
    if rec.sheet and rec.row:
        where = cat("validation.feuille_ligne", feuille=rec.sheet, ligne=rec.row)
    elif rec.sheet:
        where = cat("validation.feuille", feuille=rec.sheet)
    elif rec.row:
        where = cat("validation.ligne_fichier", ligne=rec.row)
    else:
        where = ""
    if rec.kind in (RECORD_SHEET, RECORD_FILE):
        kind = ""
    elif rec.kind == RECORD_NODE:
        kind = cat("validation.noeud")
    else:
        kind = in_language(rec.kind, cat.lang)
    what = " ".join(x for x in (kind, rec.identifier) if x)
    if rec.title:
        what += " " + quoted(rec.title).render(cat.lang)
    return " — ".join(x for x in (where, what) if x) or cat("validation.ensemble")


def _departement(report: ValidationReport) -> str | None:
    if not report.departement:
        return None
    p = gazetteer().place(TERRITOIRE[f"departement/{report.departement}"])
    return p.display if p else report.departement


def render_text(report: ValidationReport, lang: str = "fr", publish: bool = False) -> str:
    """The report as plain text, grouped by record (the default of ``ppgraph validate``).

    ``publish=True`` hides the values of personal data.
    """
    cat = catalogue(lang)
    t = cat.validation.texte
    lines = [t("titre", fichier=report.source)]
    departement = _departement(report)
    if departement:
        lines.append(t("departement", departement=departement))
    lines.append(t("enregistrements", nombre=report.records))
    lines.append(t("resultat", resume=_summary_line(report, cat)))
    lines.append(cat("validation.conforme_long" if report.conforms
                     else "validation.non_conforme_long"))
    for rec, findings in report.groups():
        lines.append("")
        lines.append(_group_title(rec, cat))
        for f in findings:
            head = f"  [{cat(f'validation.gravite.{f.severity}')}]"
            if f.cell is not None and f.cell.column != "?":
                head += " " + t("cellule", cellule=f.cell.ref,
                                entete=in_language(f.cell.header, lang))
            elif f.cell is not None:
                head += " " + t("entete", entete=in_language(f.cell.header, lang))
            rule, message = in_language(f.rule, lang), in_language(f.message, lang)
            if f.detail is not None:
                lines.append(f"{head} {f.sentence(lang, publish)}")
                lines.append("      " + t("regle", regle=rule, message=message))
            else:
                lines.append(f"{head} {f.sentence(lang, publish)} "
                             + t("regle_courte", regle=rule))
    lines.append("")
    if report.findings:
        lines.append(t("resume_regles"))
        for sev, rule, n in report.by_rule(lang):
            lines.append(f"  {n:>4} × [{cat(f'validation.gravite.{sev}')}] "
                         f"{in_language(rule, lang)}")
    else:
        lines.append(cat("validation.aucun_probleme"))
    return "\n".join(lines) + "\n"


def render_json(report: ValidationReport, lang: str = "fr") -> str:
    """The report as JSON for a program: its keys are fixed (French), its words (rule,
    message, detail, suggestion, header) in ``lang``."""
    items = []
    for f in report.findings:
        items.append({
            "gravite": f.severity, "regle": in_language(f.rule, lang),
            "message": in_language(f.message, lang),
            "detail": f.detail.render(lang) if f.detail is not None else "",
            "suggestion": f.suggestion.render(lang) if f.suggestion is not None else None,
            "valeur": in_language(f.value, lang) if f.value is not None else None,
            "feuille": (f.cell.sheet if f.cell else (f.record.sheet if f.record else None)),
            "ligne": (f.cell.row if f.cell else (f.record.row if f.record else None)),
            "colonne": f.cell.column if f.cell and f.cell.column != "?" else None,
            "entete": in_language(f.cell.header, lang) if f.cell else None,
            "enregistrement": ({"type": in_language(f.record.kind, lang),
                                "identifiant": f.record.identifier,
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


def report_graph(report: ValidationReport, lang: str = "fr") -> Graph:
    """The standard ``sh:ValidationReport``: every finding, with an ``sh:resultMessage`` in
    ``lang`` naming the cell."""
    cat = catalogue(lang)
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
        where = f.location(lang)
        message = cat("validation.message_resultat_lieu" if where
                      else "validation.message_resultat", regle=in_language(f.rule, lang),
                      lieu=where, phrase=f.sentence(lang))
        g.add((r, SH.resultMessage, Literal(message, lang=lang)))
    return g


def report_context(report: ValidationReport, lang: str = "fr", publish: bool = False) -> dict:
    """What the HTML templates need (``rapport-validation-corps.html``): plain strings,
    already worded in ``lang``. The site's validation pages render it too."""
    cat = catalogue(lang)
    groups = []
    for i, (rec, findings) in enumerate(report.groups(), start=1):
        rows = []
        for f in findings:
            value = in_language(f.value, lang)
            masked = bool(publish and f.personal and value)
            if masked:
                value = cat("validation.masque")
            severity = cat(f"validation.gravite.{f.severity}")
            rows.append({"severity": f.severity, "severity_label": severity.capitalize(),
                         "cell": f.cell.ref if f.cell and f.cell.column != "?" else "",
                         "header": in_language(f.cell.header, lang) if f.cell else "",
                         "value": value, "masked": masked,
                         # one word (a date, a code, an identifier) is never cut in two
                         "one_word": bool(value) and len(str(value).split()) == 1,
                         "sentence": f.sentence(lang, publish),
                         "rule": in_language(f.rule, lang),
                         "message": in_language(f.message, lang)})
        worst = min((SEVERITY_ORDER[f.severity] for f in findings), default=2)
        groups.append({"anchor": f"e{i}", "title": _group_title(rec, cat),
                       "sheet": rec.sheet if rec else None, "rows": rows,
                       "severity": list(SEVERITY_ORDER)[worst]})
    return {"source": report.source, "sha256": report.sha256,
            "departement": _departement(report), "conforms": report.conforms,
            "counts": report.counts, "records": report.records,
            "summary": _summary_line(report, cat), "groups": groups,
            "by_rule": [{"severity": s, "severity_label": cat(f"validation.gravite.{s}"),
                         "rule": in_language(r, lang), "n": n}
                        for s, r, n in report.by_rule(lang)]}


def render_html(report: ValidationReport, lang: str = "fr", publish: bool = False) -> str:
    """A page a person can read offline: verdict, counts, then one block per record."""
    return environment(lang).get_template("rapport-validation.html").render(
        report=report_context(report, lang, publish))


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
        return report_graph(report, lang).serialize(format="turtle")
    raise InputError("validation.format_rapport_inconnu", format=format)


def report_format(path: str | os.PathLike) -> str:
    """The format a report file's suffix asks for (``.html``, ``.json``, ``.ttl``; text
    otherwise).

    >>> report_format("rapport.html"), report_format("rapport.txt")
    ('html', 'text')
    """
    return _REPORT_SUFFIXES.get(Path(path).suffix.lower(), "text")


def written_summary(report: ValidationReport, target: Any, lang: str = "fr") -> str:
    """The line ``ppgraph validate -o`` prints once the report is written."""
    cat = catalogue(lang)
    c = report.counts
    return cat("validation.rapport_ecrit", chemin=str(target),
               verdict=cat("validation.ecrit_conforme" if report.conforms
                           else "validation.ecrit_non_conforme"),
               erreurs=cat.plural("validation.compte.violation", c["violation"]),
               avertissements=cat.plural("validation.compte.avertissement", c["avertissement"]))

"""What a validation found: findings said for the person who filled the sheet, grouped by record.

A :class:`Finding` holds the rule (the shape's name and message, in every language the shapes
give), the detail and the suggestion as :class:`~ppgraph.i18n.Message` (worded in the reader's
language only when rendered), and where it is: record, sheet, row, cell. A
:class:`ValidationReport` groups them; :mod:`ppgraph.validation.render` writes it as text,
HTML, JSON or Turtle.

>>> f = Finding("violation", "Nom", "Le nom est obligatoire.", detail=Message("validation.vide"))
>>> f.sentence(), f.sentence("en")
('cellule vide', 'empty cell')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, URIRef

from ..i18n import DEFAULT_LANGUAGE, Message, catalogue
from ..spreadsheet.origins import CellRef, ImportResult, RecordRef
from ..spreadsheet.schema import SH, Schema
from ..spreadsheet.wording import in_language

__all__ = ["SEVERITIES", "SEVERITY_ORDER", "Finding", "ValidationReport", "PublishedReport"]

SEVERITIES = {SH.Violation: "violation", SH.Warning: "avertissement", SH.Info: "information"}
"""SHACL severity → the code of a finding's severity (``violation`` blocks a submission)."""
SEVERITY_ORDER = {"violation": 0, "avertissement": 1, "information": 2}


@dataclass
class Finding:
    """One problem, said for the person who filled the sheet.

    Attributes
    ----------
    severity : str
        ``"violation"`` (blocks the submission), ``"avertissement"`` or ``"information"``.
    rule : str
        Name of the rule (the shape's ``sh:name``: French, with its translations).
    message : str
        The rule in plain words (the shape's ``sh:message``, French with its translations).
    detail : Message or None
        What is wrong with this value (« « Guichet unque » n'est pas une valeur du
        référentiel « Niveaux d'accompagnement » »), in the reader's language.
    suggestion : Message or None
        The closest valid value(s), when there are some.
    record : RecordRef or None
        The record (sheet, row, identifier); None for a rule on the whole file.
    cell : CellRef or None
        The cell (sheet, row, column letter, header, text).
    """

    severity: str
    rule: str
    message: str
    detail: Message | None = None
    suggestion: Message | None = None
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
        """« Structures!D14 » (or the record's row, or the file); see :meth:`location`."""
        return self.location(DEFAULT_LANGUAGE)

    def location(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """« Structures!D14 », « Structures!9:9 », « ligne 14 » of a Turtle file, or ""."""
        if self.cell is not None and self.cell.column != "?":
            return f"{self.cell.sheet}!{self.cell.column}{self.cell.row}"
        if self.record is not None and self.record.sheet and self.record.row:
            return f"{self.record.sheet}!{self.record.row}:{self.record.row}"
        if self.record is not None and self.record.row:
            return catalogue(lang)("validation.ligne", ligne=self.record.row)
        return ""

    def sentence(self, lang: str = DEFAULT_LANGUAGE, publish: bool = False) -> str:
        """The detail and the suggestion in one sentence, in ``lang``. ``publish`` hides
        the value of personal data (and gives no suggestion for it)."""
        cat = catalogue(lang)
        detail = self.detail.render(lang) if self.detail is not None else ""
        if publish and self.personal and self.value:
            detail = _masked(detail, self.value, lang)
        text = detail or in_language(self.message, lang)
        if self.suggestion is not None and not (publish and self.personal):
            text += cat("validation.suggestion", suggestion=self.suggestion)
        return text


def _masked(detail: str, value: str, lang: str) -> str:
    """``detail`` with a personal ``value`` hidden: the value between quotation marks
    becomes words that read as part of the sentence.

    >>> _masked("« dominique@@exemple » n'a pas la forme attendue", "dominique@@exemple", "fr")
    "La valeur saisie (donnée personnelle masquée) n'a pas la forme attendue"
    """
    cat = catalogue(lang)
    hidden = cat("validation.valeur_masquee")
    quoted_value = cat("spreadsheet.citation", texte=value)
    if detail.startswith(quoted_value):
        return hidden[:1].upper() + hidden[1:] + detail[len(quoted_value):]
    return detail.replace(quoted_value, hidden).replace(value, hidden)


@dataclass
class ValidationReport:
    """The result of :func:`~ppgraph.validation.validate`: findings grouped by record."""

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
        return {s: self.count(s) for s in SEVERITY_ORDER}

    def groups(self) -> list[tuple[RecordRef | None, list[Finding]]]:
        """Findings grouped by record: the whole-file findings first, then records in sheet
        order and row order; within a record, by column order."""
        order = {n: i for i, s in enumerate(self.schema.sheets) for n in s.names}
        col_order = {c.header: c.order for s in self.schema.sheets for c in s.columns}
        groups: dict[Any, tuple[RecordRef | None, list[Finding]]] = {}
        for f in self.findings:
            r = f.record
            key = (r.sheet, r.row, r.identifier) if r is not None and (r.row or r.identifier) \
                else None
            groups.setdefault(key, (r if key else None, []))[1].append(f)

        def gkey(item: tuple) -> tuple:
            key, (rec, _) = item
            if key is None:
                return (0, 0, 0, "")
            return (1, order.get(rec.sheet or "", len(order)), rec.row or 0, rec.identifier or "")
        out = []
        for _key, (rec, fs) in sorted(groups.items(), key=gkey):
            fs.sort(key=lambda f: (SEVERITY_ORDER[f.severity],
                                   col_order.get(f.cell.header, 0) if f.cell else -1,
                                   f.cell.column if f.cell else "", f.rule, str(f.value or "")))
            out.append((rec, fs))
        return out

    def by_rule(self, lang: str = DEFAULT_LANGUAGE) -> list[tuple[str, str, int]]:
        """(severity, rule name, number of findings), most frequent first, then by the
        rule's name in ``lang``."""
        counts: dict[tuple[str, str], int] = {}
        for f in self.findings:
            counts[(f.severity, f.rule)] = counts.get((f.severity, f.rule), 0) + 1
        return sorted(((s, r, n) for (s, r), n in counts.items()),
                      key=lambda x: (SEVERITY_ORDER[x[0]], -x[2], in_language(x[1], lang)))


@dataclass
class PublishedReport:
    """A validation report shown on the site: its title, its outcome and the report.

    The site's validation pages are built from these (``write_site(...,
    validation_reports=...)``), with :func:`~ppgraph.validation.render.report_context`.
    """

    title: str
    report: ValidationReport
    outcome: str
    """« versée » (submitted), « refusée » (refused) — shown as given"""
    slug: str

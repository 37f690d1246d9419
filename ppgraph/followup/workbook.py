"""The follow-up workbook: a sheet « Échanges » to fill in, and its import into a structure's private graph.

:func:`write_followup_template` writes the workbook (or a CSV file) an office fills with its
exchanges — date, kind (dropdown of the référentiel's « types d'interaction »), agent, project,
provider, participants of a collective session, note — with an example row, its
instructions, and the structure's own projects, providers and agents offered in dropdowns.
:func:`import_interactions` reads it back through the same table readers as a submission
(hostile or broken files get the same treatment), checks every row, and either refuses the
whole file (:class:`ImportRefused`: each problem names file, sheet, row, column and field;
nothing written) or records every row as a ``pp:Interaction`` in ONE new version of the
structure's private graph. The IRI of an interaction comes from its content, so the same
file imported twice records nothing the second time.

>>> column_header("type", "en"), [c for c in COLUMNS if c in REQUIRED]
('Kind of exchange', ['date', 'type'])
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, Graph, URIRef

from ..errors import InputError, NonConformError
from ..i18n import LANGUAGES, Message, catalogue
from ..namespaces import PP, REF, instance_iri, private_graph
from ..resolver import vocabulary
from ..spreadsheet.archive import Limits
from ..spreadsheet.cells import clean, column_letter
from ..spreadsheet.importer import is_example
from ..spreadsheet.schema import local_key
from ..spreadsheet.tables import (MULTI_SEPARATOR, SPREADSHEET_SUFFIXES, read_tables,
                                  written_by_ppgraph)
from ..spreadsheet.template import (_FILL_OPTIONAL, _FILL_REQUIRED, _LAST_ROW, _csv_file,
                                    _fill_instructions, _put, save_workbook)
from ..store import GraphStore
from ..submission import Version, graph_name, write_version
from ..text import fold
from ..values import parse_date
from .data import load_followup
from .record import add_interaction, structure_record

__all__ = ["COLUMNS", "REQUIRED", "Problem", "ImportRefused", "Imported", "column_header",
           "write_followup_template", "describe_template", "import_interactions",
           "describe_imported", "describe_refused"]

COLUMNS = ("date", "type", "agent", "projet", "prestataire", "participants", "note")
"""The columns of the sheet « Échanges », in order (their headers are in the catalogue)."""
REQUIRED = frozenset({"date", "type"})
"""The columns every row fills; each row also names a project, a provider or participants."""
_SCHEME = REF["type-interaction"]
_LABEL_SEPARATOR = " — "   # « 33-PR-0003 — Gîte fictif » in a dropdown: the identifier first


def _say(key: str, lang: str, /, **params: Any) -> str:
    return Message(key, **params).render(lang)


def column_header(key: str, lang: str = "fr") -> str:
    """The header of a column in ``lang`` (without the « * » of a required column)."""
    return catalogue(lang)(f"followup.classeur.colonnes.{key}")


def _sheet_name(lang: str) -> str:
    return catalogue(lang)("followup.classeur.feuille")


# -- the template ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Offered:
    """What the dropdowns offer for a structure: its projects, providers and agents."""

    projects: list[str]
    providers: list[str]
    agents: list[str]


def _offered(store: GraphStore, s_iri: URIRef) -> _Offered:
    data = load_followup(store)
    projects = sorted(local_key(p.iri) for p in data.projects.values() if s_iri in p.structures)
    accompanied = {p.iri for p in data.projects.values() if s_iri in p.structures}
    providers = sorted(
        local_key(pr.iri) + (_LABEL_SEPARATOR + pr.name if pr.name else "")
        for pr in data.providers.values()
        if pr.referent == s_iri or (pr.project is not None and pr.project in accompanied))
    agents = sorted(local_key(r["agent"]) for r in store.select(
        "SELECT DISTINCT ?agent WHERE { ?agent a pp:Technicien ; pp:employePar ?s }",
        {"s": s_iri}))
    return _Offered(projects, providers, agents)


def write_followup_template(store: GraphStore, structure: str, output: str | os.PathLike, *,
                            lang: str = "fr") -> Path:
    """Write the follow-up workbook of ``structure``: a sheet « Échanges » with an example
    row, its instructions, and dropdowns of the référentiel's kinds of exchange and of the
    structure's own projects, providers and agents. A ``.csv`` name gives one CSV file
    (headers and the example row) instead.

    Parameters
    ----------
    store : GraphStore
    structure : str
        Identifier of the structure (« 33-OT-004 »).
    output : path
        ``suivi.xlsx`` (or ``suivi.csv``).
    lang : "fr" or "en"
        Language of the workbook; ppgraph reads either back.

    Example
    -------
    >>> write_followup_template(store, "33-OT-004", "suivi.xlsx")      # doctest: +SKIP
    PosixPath('suivi.xlsx')
    """
    s_iri = structure_record(store, structure)
    out = Path(output)
    if out.suffix.lower() not in SPREADSHEET_SUFFIXES + (".csv",):
        raise InputError("spreadsheet.classeur_en_xlsx", chemin=str(out))
    cat = catalogue(lang)
    offered = _offered(store, s_iri)
    headers = [column_header(k, lang) + (" *" if k in REQUIRED else "") for k in COLUMNS]
    example = _example_row(structure, lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".csv":
        _csv_file(out, [headers, [_csv_cell(v) for v in example]])
        return out
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..spreadsheet.template import _FIXED_TIME

    wb = Workbook()
    wb.properties.creator = "ppgraph"
    wb.properties.title = cat("followup.classeur.titre", structure=structure)
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    ws = wb.active
    ws.title = cat("spreadsheet.feuille_instructions")
    t = cat.followup.classeur.instructions
    lines = [("title", t("titre", structure=structure)), ("para", t("presentation")),
             ("item", t("une_ligne")), ("item", t("obligatoires")), ("item", t("dossiers")),
             ("item", t("collective", separateur=MULTI_SEPARATOR.strip())),
             ("item", t("exemple", marque=cat("spreadsheet.marque_exemple"))),
             ("item", t("note")), ("head", t("importer_titre")),
             ("item", t("importer", structure=structure, fichier=out.name)),
             ("item", t("deux_fois")), ("head", t("colonnes"))]
    for k in COLUMNS:
        lines.append(("column", "\t".join([
            column_header(k, lang), t("obligatoire" if k in REQUIRED else "facultatif"),
            cat(f"followup.classeur.aides.{k}")])))
    _fill_instructions(ws, lines)

    lists_name = cat("spreadsheet.feuille_listes")
    sheet = wb.create_sheet(_sheet_name(lang))
    lists = wb.create_sheet(lists_name)
    columns = [(cat("followup.classeur.listes.types"), vocabulary().labels(_SCHEME, lang)),
               (cat("followup.classeur.listes.projets"), offered.projects),
               (cat("followup.classeur.listes.prestataires"), offered.providers),
               (cat("followup.classeur.listes.agents"), offered.agents)]
    ranges = {}
    for j, (title, values) in enumerate(columns, start=1):
        letter = column_letter(j - 1)
        _put(lists, 1, j, title).font = Font(bold=True)
        for i, v in enumerate(values, start=2):
            _put(lists, i, j, v)
        lists.column_dimensions[letter].width = min(
            60, max(14, max((len(v) for v in values), default=10) + 2))
        ranges[j] = f"{lists_name}!${letter}$2:${letter}${max(2, len(values) + 1)}" \
            if values else None
    lists.freeze_panes = "A2"
    dropdowns = {"type": ranges[1], "projet": ranges[2], "prestataire": ranges[3],
                 "agent": ranges[4]}
    wrap = Alignment(wrap_text=True, vertical="top")
    widths = {"date": 13, "type": 26, "agent": 16, "projet": 16, "prestataire": 40,
              "participants": 36, "note": 60}
    v = cat.spreadsheet.validation
    for j, (key, header) in enumerate(zip(COLUMNS, headers), start=1):
        letter = column_letter(j - 1)
        cell = _put(sheet, 1, j, header)
        cell.font, cell.alignment = Font(bold=True), wrap
        cell.fill = PatternFill("solid", fgColor=_FILL_REQUIRED if key in REQUIRED
                                else _FILL_OPTIONAL)
        text = cat(f"followup.classeur.aides.{key}")
        comment = Comment(text, "ppgraph")
        comment.width, comment.height = 320, 40 + 16 * (len(text) // 45)
        cell.comment = comment
        sheet.column_dimensions[letter].width = widths[key]
        sheet.column_dimensions[letter].number_format = "DD/MM/YYYY" if key == "date" else "@"
        rng = f"{letter}2:{letter}{_LAST_ROW}"
        if key == "date":
            dv = DataValidation(type="date", operator="greaterThan", formula1="1",
                                allow_blank=True, errorStyle="warning",
                                errorTitle=v("date_titre")[:32], error=v("date_message"))
        elif dropdowns.get(key):
            strict = key == "type"
            dv = DataValidation(type="list", formula1=f"={dropdowns[key]}", allow_blank=True,
                                errorStyle="warning", errorTitle=v("hors_liste_titre")[:32],
                                error=v("hors_liste_message") if strict else "")
            dv.showErrorMessage = strict
        else:
            continue
        dv.promptTitle, dv.prompt = header[:32], text[:250]
        dv.showInputMessage = True
        if key == "date":
            dv.showErrorMessage = True
        sheet.add_data_validation(dv)
        dv.add(rng)
    grey = Font(italic=True, color="7F7F7F")
    for j, value in enumerate(example, start=1):
        if value is None:
            continue
        cell = _put(sheet, 2, j, value)
        cell.font = grey
        cell.number_format = "DD/MM/YYYY" if isinstance(value, datetime.date) else "@"
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{column_letter(len(COLUMNS) - 1)}2"
    wb.active = 1
    save_workbook(wb, out)
    return out


def _example_row(structure: str, lang: str) -> list[Any]:
    """The grey example row: identifiers marked « EXEMPLE » (never imported)."""
    cat = catalogue(lang)
    marker = cat("spreadsheet.marque_exemple")
    code = structure.split("-", 1)[0] if "-" in structure else "33"
    kind = vocabulary().label(REF["type-interaction/rendez-vous"], lang)
    return [datetime.date(2026, 1, 15), kind, f"{marker}-{code}-TE-0001",
            f"{marker}-{code}-PJ-0001", None, None, cat("followup.classeur.exemple_note")]


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def describe_template(path: str | os.PathLike, structure: str, lang: str = "fr") -> str:
    """What ``ppgraph followup template`` says once the workbook is written."""
    return _say("followup.classeur.ecrit", lang, chemin=str(path), structure=structure,
                   fichier=Path(path).name)


# -- the import -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """Why one cell (or the sheet) refuses the file: where, and what, as a message."""

    file: str
    sheet: str
    row: int
    column: str
    field: str
    what: Message

    def render(self, lang: str = "fr") -> str:
        return _say("followup.import.probleme", lang, fichier=self.file, feuille=self.sheet,
                    ligne=self.row, colonne=self.column, champ=column_header(self.field, lang),
                    detail=self.what)


class _InLanguage(Message):
    """A message parameter worded by a function of the reader's language (a référentiel
    list's label, its values)."""

    def __init__(self, words: Any):
        super().__init__("followup.classeur.feuille")
        self._words = words

    def render(self, lang: str = "fr") -> str:
        return self._words(lang)


class ImportRefused(NonConformError):
    """The follow-up file has problems: nothing was recorded. ``problems`` says each one
    (file, sheet, row, column, field); the exit code is 1, as for a non-conforming
    submission."""

    def __init__(self, file: str, problems: list[Problem]):
        super().__init__("followup.import.refuse", fichier=file, n=len(problems))
        self.file = file
        self.problems = problems

    def message(self, lang: str = "fr") -> str:
        return describe_refused(self, lang)


def describe_refused(err: ImportRefused, lang: str = "fr") -> str:
    """The refusal and every problem, one per line."""
    return "\n".join([_say("followup.import.refuse", lang, fichier=err.file,
                              n=len(err.problems))]
                     + ["  " + p.render(lang) for p in err.problems])


@dataclass(frozen=True)
class Imported:
    """What :func:`import_interactions` did: rows read, interactions new and already there,
    example rows skipped, the version written (None when nothing new, or ``dry_run``)."""

    file: str
    target: URIRef
    rows: int
    new: int
    known: int
    examples: int
    dry_run: bool
    version: Version | None = None
    interactions: tuple[URIRef, ...] = field(default=())


def _known_headers() -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        for k in COLUMNS:
            out[fold(column_header(k, lang))] = k
    return out


def _pick_table(tables: list, file: str):
    candidates = [t for t in tables if not written_by_ppgraph(t.name)]
    names = {fold(_sheet_name(lang)) for lang in LANGUAGES}
    named = [t for t in candidates if fold(t.name) in names]
    if named:
        return named[0]
    if len(candidates) == 1:
        return candidates[0]
    raise InputError("followup.import.feuille_absente", fichier=file,
                     feuille=_sheet_name("fr"))


def _identifier(text: str) -> str:
    """« 33-PR-0003 — Gîte fictif » (a dropdown's value) → « 33-PR-0003 »."""
    return text.split(_LABEL_SEPARATOR, 1)[0].strip()


def import_interactions(store: GraphStore, path: str | os.PathLike, structure: str, *,
                        dry_run: bool = False, by: str | None = None,
                        when: datetime.datetime | None = None,
                        limits: Limits | None = None) -> Imported:
    """Record every row of a follow-up workbook (or CSV file) as an interaction of
    ``structure``, in one new version of its private graph; refuse the whole file if any row
    is wrong.

    Parameters
    ----------
    store : GraphStore
    path : path
        The workbook (.xlsx, .ods) or CSV file, sheet « Échanges » (or « Exchanges »).
    structure : str
        Identifier of the structure (« 33-OT-004 »): the data go to its private graph.
    dry_run : bool
        Check and count, write nothing.
    by : str, optional
        Who imports (kept in the provenance, never published).

    Returns
    -------
    Imported

    Raises
    ------
    ImportRefused
        A row is wrong (exit code 1): every problem is listed, nothing is written.
    InputError
        The file cannot be read, has no follow-up sheet, or the structure is unknown.

    Example
    -------
    >>> import_interactions(store, "suivi.xlsx", "33-OT-004").new      # doctest: +SKIP
    12
    """
    s_iri = structure_record(store, structure)
    p = Path(path)
    table = _pick_table(read_tables(p, limits=limits), p.name)
    file, sheet = table.file, table.name
    problems: list[Problem] = []
    if not table.rows:
        raise InputError("followup.import.vide", fichier=file, feuille=sheet)
    header_row, header_cells = table.rows[0]
    known = _known_headers()
    columns: dict[str, int] = {}
    for j, h in enumerate(header_cells):
        key = known.get(fold(clean(h).rstrip("*").strip()))
        if key is not None and key not in columns:
            columns[key] = j
    for k in COLUMNS:
        if k in REQUIRED and k not in columns:
            problems.append(Problem(file, sheet, header_row, "?", k,
                                    Message("followup.import.colonne_absente",
                                            colonne=_InLanguage(
                                                lambda lang, k=k: column_header(k, lang)))))
    if problems:
        raise ImportRefused(file, problems)

    voc = vocabulary()
    agents = {str(r["agent"]) for r in store.select(
        "SELECT DISTINCT ?agent WHERE { ?agent a pp:Technicien ; pp:employePar ?s }",
        {"s": s_iri})}
    records: list[tuple[datetime.date, URIRef, list[URIRef], URIRef | None, str | None]] = []
    examples = 0
    for row, cells in table.rows[1:]:
        def cell(key: str) -> str:
            j = columns.get(key)
            return clean(cells[j]) if j is not None and j < len(cells) else ""

        def raw(key: str) -> Any:
            j = columns.get(key)
            return cells[j] if j is not None and j < len(cells) else None

        def problem(key: str, what: Message) -> None:
            j = columns.get(key)
            problems.append(Problem(file, sheet, row, column_letter(j) if j is not None
                                    else "?", key, what))

        refs = [cell("agent"), cell("projet"), cell("prestataire"),
                *cell("participants").replace("\n", ";").split(";")]
        if any(is_example(r) for r in refs if r.strip()):
            examples += 1
            continue
        if not any(cell(k) for k in COLUMNS):
            continue
        for key in COLUMNS:
            j = columns.get(key)
            if j is not None and (row, column_letter(j)) in table.formulas:
                problem(key, Message("followup.import.formule"))
        day = parse_date(raw("date")) if cell("date") else None
        if not cell("date"):
            problem("date", Message("followup.import.vide_obligatoire"))
        elif day is None:
            problem("date", Message("followup.date_invalide", valeur=cell("date")))
        kind = None
        if not cell("type"):
            problem("type", Message("followup.import.vide_obligatoire"))
        else:
            typed = cell("type")
            kind, _ = voc.resolve(_SCHEME, typed)
            if kind is None:
                problem("type", Message(
                    "followup.import.type_inconnu", valeur=typed,
                    liste=_InLanguage(lambda lang: voc.scheme_label(_SCHEME, lang)),
                    suggestions=_InLanguage(lambda lang, typed=typed: _suggestions(typed, lang))))
        agent = None
        if cell("agent"):
            key = _identifier(cell("agent"))
            agent = URIRef(key) if key.startswith("https://") else _mint("technicien", key)
            if agent is None or str(agent) not in agents:
                problem("agent", Message("followup.import.agent_hors_structure",
                                         agent=key, structure=structure))
        concerns: list[URIRef] = []
        wanted = [("projet", cell("projet"), (PP.Projet,), "projet"),
                  ("prestataire", cell("prestataire"), (PP.Prestataire,), "prestataire")]
        wanted += [("participants", part.strip(), (PP.Projet, PP.Prestataire), None)
                   for part in cell("participants").replace("\n", ";").split(";")
                   if part.strip()]
        for key, text, classes, kind_name in wanted:
            if not text:
                continue
            found = _record(store, _identifier(text), classes)
            if found is None:
                msg = "followup.import.projet_inconnu" if kind_name == "projet" else \
                    "followup.import.prestataire_inconnu" if kind_name == "prestataire" else \
                    "followup.dossier_inconnu"
                problem(key, Message(msg, identifiant=_identifier(text)))
            elif found not in concerns:
                concerns.append(found)
        if not any(cell(k) for k in ("projet", "prestataire", "participants")):
            problem("projet", Message("followup.import.rien_a_suivre"))
        if day is not None and kind is not None and concerns:
            records.append((day, kind, concerns, agent, cell("note") or None))
    if problems:
        raise ImportRefused(file, problems)

    target = private_graph(structure)
    g = Graph()
    g += store.get_graph(target)
    before = set(g.subjects(RDF.type, PP.Interaction))
    size = len(g)
    made: list[URIRef] = []
    for day, kind, concerns, agent, note in records:
        i = add_interaction(g, s_iri, day, kind, concerns, agent=agent, note=note)
        if i not in made:
            made.append(i)
    new = sum(1 for i in made if i not in before)
    version = None
    if not dry_run and len(g) != size:
        version = write_version(store, target, g, by=by, when=when, file=p.name)
    return Imported(p.name, target, len(records), new, len(made) - new, examples, dry_run,
                    version, tuple(made))


def _suggestions(typed: str, lang: str) -> str:
    """The closest kinds of exchange to ``typed`` in ``lang`` (all of them if none is close)."""
    voc = vocabulary()
    close = [voc.resolve(_SCHEME, label)[0] for label in voc.suggest(_SCHEME, typed)]
    return ", ".join([voc.label(c, lang) for c in close if c is not None]
                     or voc.labels(_SCHEME, lang))


def _mint(kind: str, key: str) -> URIRef | None:
    try:
        return instance_iri(kind, key)
    except ValueError:
        return None


_ASK = "ASK { ?x a ?classe }"


def _record(store: GraphStore, key: str, classes: tuple[URIRef, ...]) -> URIRef | None:
    """The project or provider ``key`` names, if it is one of ``classes`` in the store."""
    if key.startswith("https://"):
        candidates = [URIRef(key)]
    else:
        candidates = [c for c in (_mint("projet", key), _mint("prestataire", key)) if c]
    for iri in candidates:
        for cls in classes:
            if store.ask(_ASK, {"x": iri, "classe": cls}):
                return iri
    return None


def describe_imported(done: Imported, lang: str = "fr") -> str:
    """What ``ppgraph followup import`` prints."""
    graphe = graph_name(done.target)
    if done.rows == 0:
        text = _say("followup.import.rien_a_importer", lang, fichier=done.file)
    elif done.new == 0 and done.version is None:
        text = _say("followup.import.aucune_modification", lang, fichier=done.file,
                       graphe=graphe, n=done.known)
    elif done.dry_run:
        text = _say("followup.import.a_blanc", lang, fichier=done.file, graphe=graphe,
                       n=done.new)
    else:
        text = _say("followup.import.enregistres", lang, fichier=done.file, graphe=graphe,
                       n=done.new, version=done.version.number if done.version else 0)
        if done.known:
            text += "\n" + _say("followup.import.deja_la", lang, n=done.known)
    if done.examples:
        text += "\n" + _say("followup.import.exemples", lang, n=done.examples)
    return text

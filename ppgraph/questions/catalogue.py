"""The named questions: the ``.rq`` files of ``ppgraph/queries/questions`` and what their headers say.

Header of a question (the leading comment block; a line ``# @clé valeur``, continued on the
next comment lines that do not start a new key; a bare ``#`` ends the header's fields). A
parameter may have a display name in quotes after its name (``@param etape "étape" …``)::

    # @titre       Qui fait quoi dans un département
    # @titre@en    Who does what in a département
    # @description Pour un département : chaque structure...
    # @param       departement "département" departement obligatoire : le département (33)
    # @param@en    departement "département" : the département (33)
    # @param       lang langue défaut=fr : langue des libellés
    # @colonne     structure : Structure
    # @colonne@en  structure : Organisation
    # @liste       typesProjet ", "
    # @vide        Aucune structure dans la soumission de ce département.
    # @exemple     ppgraph query qui-fait-quoi --param departement=33

``@titre``, ``@description``, ``@colonne`` and ``@vide`` have an English variant
(``@titre@en``...); ``@param@en`` gives a parameter declared above its English display name
and help. Parameter types: ``departement``, ``commune``, ``epci``, ``territoire`` (commune,
intercommunalité or département), ``concept:<liste>`` (a concept of a référentiel list, by
code or label), ``instance:<sorte>`` (a record, by its identifier or IRI), ``texte``,
``entier``, ``decimal``, ``date``, ``booleen``, ``iri``, ``langue``.

>>> [q.name for q in list_questions()][:3]
['besoins-formation', 'couverture', 'devenus-prestataires']
>>> load_question("orientation").parameter("etape").display("en")
'stage'
"""

from __future__ import annotations

import functools
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..i18n import Message, catalogue
from ..text import suggest

__all__ = ["Parameter", "Question", "QUESTIONS_DIR", "PARAMETER_TYPES", "list_questions",
           "load_question", "parse_question", "questions_overview", "question_help"]

QUESTIONS_DIR = Path(__file__).resolve().parent.parent / "queries" / "questions"
"""Where the named questions are: one ``<nom>.rq`` file each."""

PARAMETER_TYPES = ("departement", "commune", "epci", "territoire", "texte", "entier",
                   "decimal", "date", "booleen", "iri", "langue")
_PREFIXED_TYPES = ("concept:", "instance:")
_KEYS = {"titre", "description", "param", "colonne", "liste", "vide", "exemple"}


@dataclass(frozen=True)
class Parameter:
    """A typed parameter of a question (``# @param nom type obligatoire|défaut=v : aide``)."""

    name: str
    type: str
    required: bool
    default: str | None
    help: str
    """its help, in French"""
    label: str = ""
    """how the parameter is named in an answer's title (``département``); default its name"""
    translations: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False)
    """language → (display name, help), from ``@param@<lang>``"""

    def display(self, lang: str = "fr") -> str:
        """Its name in an answer's title, in ``lang`` (French if there is none)."""
        if lang in self.translations and self.translations[lang][0]:
            return self.translations[lang][0]
        return self.label or self.name

    def help_text(self, lang: str = "fr") -> str:
        """Its help in ``lang`` (French if there is none)."""
        return self.translations.get(lang, ("", ""))[1] or self.help


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
_PARAM_TRANSLATED = re.compile(r'^(?P<name>[A-Za-z_]\w*)(?:\s+"(?P<label>[^"]+)")?\s*:'
                               r"\s*(?P<help>.+)$")
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
                raise InputError("questions.en_tete.cle_inconnue", fichier=where, ligne=number,
                                 cle=match["key"],
                                 cles=", ".join(f"@{k}" for k in sorted(_KEYS)))
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
                raise InputError("questions.en_tete.colonne", fichier=where, ligne=number)
            headers.setdefault(lang, {})[m["var"]] = m["header"].strip()
        elif key == "liste":
            m = _LIST.match(value)
            if not m:
                raise InputError("questions.en_tete.liste", fichier=where, ligne=number)
            lists[m["var"]] = m["sep"]
        elif key == "param" and lang != "fr":
            m = _PARAM_TRANSLATED.match(value)
            declared = next((p for p in params if m and p.name == m["name"]), None)
            if declared is None:
                raise InputError("questions.en_tete.param_traduit", fichier=where, ligne=number,
                                 langue=lang)
            declared.translations[lang] = (m["label"] or "", m["help"].strip())
        elif key == "param":
            m = _PARAM.match(value)
            if not m:
                raise InputError("questions.en_tete.param", fichier=where, ligne=number)
            ptype = m["type"]
            if ptype not in PARAMETER_TYPES and not ptype.startswith(_PREFIXED_TYPES):
                raise InputError("questions.en_tete.type_inconnu", fichier=where, ligne=number,
                                 type=ptype, types=", ".join(PARAMETER_TYPES))
            mode = m["mode"] or "facultatif"
            default = mode.split("=", 1)[1] if mode.startswith("défaut=") else None
            params.append(Parameter(m["name"], ptype, mode == "obligatoire", default,
                                    m["help"].strip(), m["label"] or m["name"]))
    return Question(name=name, text=text, titles=titles, descriptions=descriptions,
                    parameters=tuple(params), headers=headers, lists=lists, empty=empty,
                    examples=tuple(examples), path=path)


def _names() -> list[str]:
    return [p.stem for p in sorted(QUESTIONS_DIR.glob("*.rq"))]


def list_questions() -> list[Question]:
    """The named questions shipped with ppgraph, sorted by name.

    >>> "qui-fait-quoi" in [q.name for q in list_questions()]
    True
    """
    return [load_question(name) for name in _names()]


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

    >>> load_question("orientatoin")
    Traceback (most recent call last):
    ...
    ppgraph.errors.InputError: Question inconnue : « orientatoin ». Vouliez-vous dire « orientation » ? Questions disponibles : besoins-formation, couverture, devenus-prestataires, guichet-unique, niveaux, orientation, parcours, qui-fait-quoi, reseau (ppgraph query --list).
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
            raise InputError("questions.pas_utf8", fichier=str(path), detail=str(err)) from err
    names = _names()
    close = suggest(text, names, n=1)
    raise InputError("questions.question_inconnue", nom=text, noms=", ".join(names),
                     suggestion=Message("questions.suggestion_question", nom=close[0])
                     if close else "")


def questions_overview(lang: str = "fr") -> str:
    """The list of the named questions and their parameters, as ``ppgraph query --list``
    prints it.

    >>> print(questions_overview("en").splitlines()[2])
      besoins-formation     Training needs: the skill gaps of organisations
    """
    t = catalogue(lang)
    lines = [t.questions.liste.titre, ""]
    for q in list_questions():
        lines.append(f"  {q.name:<22}{q.title(lang)}")
        shown = []
        for p in q.parameters:
            if p.type == "langue":
                continue
            if p.required:
                shown.append(t("questions.liste.obligatoire", nom=p.name))
            elif p.default:
                shown.append(t("questions.liste.defaut", nom=p.name, valeur=p.default))
            else:
                shown.append(t("questions.liste.facultatif", nom=p.name))
        if shown:
            lines.append(f"  {'':<22}" + t("questions.liste.parametres",
                                            parametres=", ".join(shown)))
    lines += ["", t.questions.liste.requete_libre]
    return "\n".join(lines)


def question_help(name: str | Path, lang: str = "fr") -> str:
    """The detail of one question (title, description, parameters, columns, examples), as
    ``ppgraph query NOM --list`` prints it.

    >>> print(question_help("niveaux", "en").splitlines()[0])
    niveaux: Levels of support per département
    """
    t = catalogue(lang)
    d = t.questions.detail
    q = load_question(name)
    lines = [t("questions.detail.titre", nom=q.name, titre=q.title(lang)), ""]
    lines += textwrap.wrap(q.description(lang), 92) + [""]
    if q.parameters:
        lines.append(d.parametres)
        for p in q.parameters:
            if p.type == "langue":
                mode = d.defaut_langue
            elif p.required:
                mode = d.obligatoire
            elif p.default:
                mode = t("questions.detail.defaut", valeur=p.default)
            else:
                mode = d.facultatif
            lines.append(f"  --param {p.name}=…  [{p.type}, {mode}]")
            lines += ["      " + x for x in textwrap.wrap(p.help_text(lang), 86)]
    columns = q.columns(lang)
    if columns:
        lines += ["", t("questions.detail.colonnes", colonnes=", ".join(columns.values()))]
    if q.examples:
        lines += ["", d.exemples] + [f"  {e}" for e in q.examples]
    return "\n".join(lines)

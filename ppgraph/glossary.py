"""The glossary as a document of its own: every list and the core notions, by list and alphabetically, as a printable HTML page, Markdown or CSV.

:func:`write_glossary` is ``ppgraph glossary``. The content is the glossary of the site
(:func:`ppgraph.site.glossary.glossary`): each list of the référentiel, the core notions
first, its concepts nested under their broader concept with their definition, usage note,
synonyms and labels in French and English; the local concepts of the départements asked for
join the lists they extend, marked as local extensions of their territory. The HTML page is
standalone (its style inside, no other file or host) and prints well; it ends with an
alphabetical index. The CSV has one row per concept and list, for a spreadsheet (``;``, UTF-8
with a BOM, as Excel in French expects).

>>> import tempfile, pathlib
>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> done = write_glossary(store, out / "glossaire.csv")
>>> done.format, done.concepts > 100, done.local
('csv', True, 0)
>>> (out / "glossaire.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(";")[:4]
['Liste', 'Code', 'Libellé en français', 'Libellé en anglais']
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .errors import InputError
from .html import environment
from .i18n import DEFAULT_LANGUAGE, Message, catalogue, message
from .resolver import departement_code
from .resources import template_dir
from .site.glossary import ConceptEntry, Glossary, glossary
from .store import GraphStore
from .text import fold, french_sort_key, inert_cell

__all__ = ["md_text", "write_glossary", "glossary_format", "alphabetical_index", "glossary_markdown",
           "glossary_csv", "glossary_html", "GlossaryWritten", "FORMATS"]

FORMATS = ("html", "md", "csv")
_SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".csv": "csv"}


@dataclass(frozen=True)
class GlossaryWritten:
    """What :func:`write_glossary` wrote."""

    path: Path
    format: str
    lists: int
    concepts: int
    local: int

    def describe(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The line ``ppgraph glossary`` prints."""
        text = message("glossaire.ecrit", lang, fichier=str(self.path),
                       listes=Message("site.listes", n=self.lists),
                       termes=Message("site.termes", n=self.concepts))
        if self.local:
            text += " " + message("glossaire.dont_locaux", lang,
                                  locaux=Message("glossaire.locaux", n=self.local))
        return text


def glossary_format(output: str | os.PathLike, fmt: str | None = None) -> str:
    """The format to write: ``fmt`` if given, else the one the file name says.

    >>> glossary_format("glossaire.md"), glossary_format("x.txt", "csv")
    ('md', 'csv')
    """
    if fmt:
        if fmt not in FORMATS:
            raise InputError("glossaire.format_inconnu", format=fmt, formats=", ".join(FORMATS))
        return fmt
    found = _SUFFIXES.get(Path(output).suffix.lower())
    if found is None:
        raise InputError("glossaire.extension_inconnue", fichier=Path(output).name)
    return found


def alphabetical_index(g: Glossary) -> list[tuple[str, list[tuple[ConceptEntry, str]]]]:
    """Every term of ``g`` in alphabetical order (accents ignored), grouped by initial
    letter: (letter, [(entry, its list's label)]). A term in two lists appears twice."""
    scheme_label = {s.iri: s.label.value for s in g.schemes}
    entries = sorted(((e, scheme_label[e.scheme]) for e in g.entries()),
                     key=lambda x: (french_sort_key(x[0].label.value), x[1], x[0].iri))
    groups: dict[str, list] = {}
    for e, s in entries:
        first = fold(e.label.value)[:1].upper()
        letter = first if first.isalpha() else "#"
        groups.setdefault(letter, []).append((e, s))
    return list(groups.items())


def glossary_html(g: Glossary, lang: str = DEFAULT_LANGUAGE, title: str | None = None) -> str:
    """The standalone, printable page: the lists, then the alphabetical index."""
    env = environment(lang)
    css = (template_dir() / "style.css").read_text(encoding="utf-8")
    return env.get_template("glossaire-document.html").render(
        glossary=g, index=alphabetical_index(g), css=Markup(css),
        page_title=title or catalogue(lang).glossaire.titre, local_names=_local_names(g))


def _local_names(g: Glossary) -> list[str]:
    names = {e.local: e.local_name for e in g.entries() if e.local}
    return [f"{names[c]} ({c})" for c in sorted(names, key=lambda c: (len(c), c))]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_START = re.compile(r"^([#+-]|\d+[.)])")


def md_text(text: object) -> str:
    """Data text inside Markdown, on one line: what would become markup (emphasis, links,
    HTML, a heading or a list at the start) escaped.

    >>> md_text("# *Gîtes* <b>[1]</b>")
    '\\\\# \\\\*Gîtes\\\\* \\\\<b\\\\>\\\\[1\\\\]\\\\</b\\\\>'
    """
    flat = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _MD_START.sub(r"\\\1", flat)


_md = md_text


def glossary_markdown(g: Glossary, lang: str = DEFAULT_LANGUAGE) -> str:
    """The glossary as Markdown: a section per list (the core notions first), a sub-section
    per term, then the alphabetical index."""
    t = catalogue(lang)
    d = t.site.deux_points
    out = [f"# {_md(t.glossaire.titre)}", ""]
    out += [_md(message("glossaire.intro", lang, listes=Message("site.listes", n=len(g.schemes)),
                        termes=Message("site.termes", n=g.concept_count))), ""]
    if g.departements:
        out += [_md(message("glossaire.avec_locaux", lang, territoires=", ".join(_local_names(g))
                            or ", ".join(g.departements))), ""]
    for s in g.schemes:
        out += [f"## {_md(s.label)}", ""]
        if s.description:
            out += [_md(s.description), ""]

        def walk(entries: Iterable[ConceptEntry], depth: int) -> None:
            for e in entries:
                heading = "#" * min(3 + depth, 6)
                title = _md(e.label) + (f" — *{_md(e.other_label)}*" if e.other_label else "")
                out.extend([f"{heading} {title}", ""])
                if e.local:
                    out.extend([f"**{_md(message('glossaire.extension_locale', lang, nom=e.local_name, code=e.local))}**", ""])
                if e.definition:
                    out.extend([_md(e.definition), ""])
                if e.synonyms:
                    out.extend([f"*{_md(t.site.glossaire.synonymes)}{d}* "
                                + ", ".join(_md(x) for x in e.synonyms), ""])
                if e.note:
                    out.extend([f"*{_md(t.site.glossaire.note_usage)}{d}* {_md(e.note)}", ""])
                for key, links in e.relation_list:
                    out.extend([f"*{_md(t.site.glossaire.relations[key])}{d}* "
                                + ", ".join(_md(lnk.label) for lnk in links), ""])
                code = f"`{e.notation}` · " if e.notation else ""
                out.extend([f"{code}<{e.iri}>", ""])
                walk(e.children, depth + 1)

        walk(s.concepts, 0)
    out += [f"## {_md(t.glossaire.index)}", ""]
    for letter, entries in alphabetical_index(g):
        out += [f"### {letter}", ""]
        out += [f"- {_md(e.label)} ({_md(scheme)})" for e, scheme in entries]
        out.append("")
    return "\n".join(out)


def glossary_csv(g: Glossary, lang: str = DEFAULT_LANGUAGE) -> str:
    """One row per concept and list: list, code, French and English labels, definition, usage
    note, synonyms, broader term, territory of a local concept, IRI (``;``, with a BOM)."""
    t = catalogue(lang)
    headers = [t.glossaire.colonnes[k] for k in (
        "liste", "code", "libelle_fr", "libelle_en", "definition", "note", "synonymes",
        "generique", "extension_locale", "iri")]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    labels = {e.iri: e.label.value for e in g.entries()}
    for s in g.schemes:
        for e in _walk(s.concepts):
            french, english = (e.label, e.other_label) if lang == "fr" else (e.other_label, e.label)
            writer.writerow([_cell(x) for x in (
                s.label, e.notation or "", french or "", english or "", e.definition or "",
                e.note or "", " ; ".join(str(x) for x in e.synonyms),
                labels.get(e.parent or "", ""),
                f"{e.local_name} ({e.local})" if e.local else "", e.iri)])
    return "\ufeff" + buffer.getvalue()


def _cell(value: object) -> str:
    """A cell on one line that a spreadsheet shows as text, never runs as a formula."""
    return inert_cell(" ".join(str(value).split()))


def _walk(entries: Iterable[ConceptEntry]) -> Iterable[ConceptEntry]:
    for e in entries:
        yield e
        yield from _walk(e.children)


def write_glossary(store: GraphStore, output: str | os.PathLike, *, lang: str = DEFAULT_LANGUAGE,
                   departements: Iterable[str] | str = (), format: str | None = None) \
        -> GlossaryWritten:
    """Write the glossary of ``store`` to ``output`` (``ppgraph glossary``).

    Parameters
    ----------
    store : GraphStore
        Holds the référentiel (and the local graphs of the territories).
    output : path
        ``.html`` (a standalone, printable page), ``.md`` or ``.csv``.
    lang : "fr" or "en"
    departements : iterable of str, or "*"
        Départements whose local concepts are included, marked as such (``"*"``: all those
        the store has). Default: the common référentiel only.
    format : "html", "md" or "csv", optional
        Forces the format (default: from the file name).

    Returns
    -------
    GlossaryWritten

    Raises
    ------
    InputError
        For an unknown format or extension.
    """
    fmt = glossary_format(output, format)
    codes = departements if departements == "*" else \
        [departement_code(str(c)) for c in departements]
    g = glossary(store, lang, codes)
    if fmt == "html":
        text = glossary_html(g, lang)
    elif fmt == "md":
        text = glossary_markdown(g, lang)
    else:
        text = glossary_csv(g, lang)
    path = Path(output)
    path.write_text(text, encoding="utf-8", newline="" if fmt == "csv" else "\n")
    return GlossaryWritten(path, fmt, len(g.schemes), g.concept_count, g.local_count)

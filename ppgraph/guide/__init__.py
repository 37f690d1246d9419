"""The guide du porteur de projet of a territory: a common part from the référentiel, a territorial part from the graph, the territory's own blocks.

One template serves every territory (``ppgraph/templates/_guide.html``); what changes is the
data. :func:`write_guide` is ``ppgraph guide``; the site of ``ppgraph demo`` publishes one
guide per département. A territory replaces a block or adds its own after one in its local
graph (:mod:`ppgraph.local`): :func:`block_listing` lists the blocks it can name.

>>> import tempfile, pathlib
>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> done = write_guide(store, pathlib.Path(tempfile.mkdtemp()) / "guide.html", departement="23")
>>> done.format, done.guide.title
('html', 'Guide du porteur de projet — Creuse (23)')
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..i18n import DEFAULT_LANGUAGE, Message, catalogue, message
from ..store import GraphStore
from ..text import text_table
from .blocks import block_ids, etape_block, etape_here_block, ordered_etapes
from .content import Block, Guide, Part, StructureRow, guide_content, split_text
from .render import GUIDE_CSS, guide_html, guide_markdown

__all__ = ["write_guide", "guide_content", "guide_html", "guide_markdown", "guide_format",
           "block_listing", "block_ids", "GuideWritten", "Guide", "Block", "Part",
           "StructureRow", "split_text", "etape_block", "etape_here_block", "ordered_etapes",
           "GUIDE_CSS"]

_SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


@dataclass(frozen=True)
class GuideWritten:
    """What :func:`write_guide` wrote."""

    path: Path
    format: str
    guide: Guide

    def describe(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The line ``ppgraph guide`` prints."""
        g = self.guide
        blocks = message("guide.blocs_compte", lang, n=len(g.blocks))
        if g.local_blocks:
            blocks += " " + message("guide.locaux_compte", lang, n=g.local_blocks)
        said = message("guide.ecrit", lang, fichier=str(self.path), territoire=g.territory_name,
                       blocs=blocks,
                       structures=Message("guide.structures_compte", n=len(g.structures)))
        if not g.submitted:
            said += "\n" + message("guide.sans_donnees", lang, territoire=g.territory_name)
        return said


def guide_format(output: str | os.PathLike, fmt: str | None = None) -> str:
    """``fmt`` if given, else the format the file name says (``html`` or ``md``).

    >>> guide_format("gironde.md"), guide_format("x", "html")
    ('md', 'html')
    """
    if fmt:
        return fmt
    found = _SUFFIXES.get(Path(output).suffix.lower())
    if found is None:
        raise InputError("guide.format_inconnu", fichier=Path(output).name)
    return found


def write_guide(store: GraphStore, output: str | os.PathLike, *, departement: str,
                epci: str | None = None, lang: str = DEFAULT_LANGUAGE,
                format: str | None = None) -> GuideWritten:
    """Write the guide du porteur de projet of a département (or of one of its EPCI).

    Parameters
    ----------
    store : GraphStore
    output : path
        ``.html`` (a standalone page that prints in A4) or ``.md``.
    departement : str
        INSEE code or name.
    epci : str, optional
        SIREN of one of its EPCI: the territorial part is then about it.
    lang : "fr" or "en"
    format : "html" or "md", optional
        Forces the format (default: from the file name).

    Returns
    -------
    GuideWritten

    Raises
    ------
    InputError
        Unknown département, EPCI or file extension.
    """
    fmt = guide_format(output, format)
    guide = guide_content(store, departement, epci=epci, lang=lang)
    text = guide_html(guide) if fmt == "html" else guide_markdown(guide)
    path = Path(output)
    path.write_text(text, encoding="utf-8", newline="\n")
    return GuideWritten(path, fmt, guide)


def block_listing(store: GraphStore, departement: str, *, epci: str | None = None,
                  lang: str = DEFAULT_LANGUAGE) -> str:
    """The blocks of a territory's guide, in order, with their identifier, title and origin
    (common, territorial, the territory's own): what ``ppgraph guide --blocs`` prints."""
    t = catalogue(lang)
    guide = guide_content(store, departement, epci=epci, lang=lang)
    rows = [["  " * max(0, b.level - 2) + b.id, b.title, t.guide.liste_blocs[b.origin]]
            for b in guide.blocks]
    headers = [t.guide.liste_blocs.bloc, t.guide.liste_blocs.intitule, t.guide.liste_blocs.origine]
    return t.guide.liste_blocs.titre + "\n\n" + text_table(headers, rows, width=60) + "\n"

"""The published site: static HTML pages built from the store, readable offline.

A site is a folder of plain HTML5 pages and one style sheet, with no reference to any other
host, so that it works from a USB stick at a meeting. Every page is built from SPARQL files
in ``ppgraph/queries`` and rendered by a Jinja2 template of ``ppgraph/templates`` with
autoescaping on: data never becomes markup. The interface words are those of the message
catalogues (``site`` domain), in French or English.

The site is given its pages (:func:`default_pages`, or a list of your own
:class:`~ppgraph.site.core.Page`): a new page is a function and a template, with no change to
the other pages and nothing registered anywhere.

Example
-------
>>> import tempfile
>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> with tempfile.TemporaryDirectory() as folder:
...     index = write_site(store, folder)
...     print(sorted(p.name for p in index.parent.iterdir()))
...     print('<html lang="fr">' in index.read_text(encoding="utf-8"))
['glossaire.html', 'index.html', 'style.css']
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..store import GraphStore
from ..validation import PublishedReport
from .core import Page, Site, build_site
from .figures import Figures, departement_figures
from .glossary import Glossary, glossary
from .pages import default_pages

__all__ = ["write_site", "default_pages", "Page", "Site", "departement_figures", "Figures",
           "glossary", "Glossary"]


def write_site(store: GraphStore, directory: str | os.PathLike, *, lang: str = "fr",
               title: str | None = None, notices: Iterable[str] = (),
               validation_reports: Sequence[PublishedReport] = (),
               pages: Sequence[Page] | None = None) -> Path:
    """Write the static site of ``store`` into ``directory`` and return the path of its
    ``index.html``.

    Parameters
    ----------
    store : Store or Endpoint
        Holds the reference graphs (:func:`ppgraph.reference.load_reference_data`) and the
        submissions to publish.
    directory : path
        Created if missing. Files of earlier builds that are no longer produced are left.
    lang : "fr" or "en"
        Language of the interface, labels and definitions (English falls back to French
        where the data has no English text).
    title : str, optional
        Title of the site (default: the accompaniment of tourism project holders).
    notices : iterable of str
        Messages shown at the top of every page (as text).
    validation_reports : sequence of ppgraph.validation.PublishedReport
        Validation reports to publish on a « Validation » page (one page per report, with
        personal values hidden). None: no such page.
    pages : sequence of Page, optional
        The pages to build, in navigation order (default: :func:`default_pages`).

    Returns
    -------
    Path
        ``directory/index.html``.

    Raises
    ------
    InputError
        If there is no catalogue for ``lang``.

    Notes
    -----
    The output depends only on the store's content, the language and the arguments: no
    date or time is written, so two builds of the same store are byte-identical. Pages refer
    to no other host; they work offline.
    """
    site = Site(store, lang, title, notices,
                pages=default_pages() if pages is None else pages,
                validation_reports=validation_reports)
    return build_site(site, directory)

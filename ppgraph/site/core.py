"""The site's core: a :class:`Site` given its pages, which renders each with the shared layout.

A page is a :class:`Page`: a name, a file, the catalogue key of its navigation title, a
template of ``ppgraph/templates`` and a function that returns the template's context from
the :class:`Site` (or None to leave the page out of this build). The site is *given* its
pages (:func:`ppgraph.site.default_pages`, or any list): nothing registers itself, and the
navigation lists the pages in the order given.

Every page is rendered by the one Jinja environment of ppgraph
(:func:`ppgraph.html.environment`, autoescape on), in the site's language; the interface
words come from the ``site`` domain of the message catalogues.

>>> from ppgraph.store import Store
>>> page = Page("essai", "essai.html", "site.nav.accueil", "glossaire.html",
...             lambda site: {"glossary": site.glossary})
>>> site = Site(Store(), pages=[page])
>>> site.page_href("essai", "haut"), site.title
('essai.html#haut', 'Accompagnement des porteurs de projet touristique')
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from rdflib import URIRef

from ..errors import InputError
from ..html import environment
from ..i18n import LANGUAGES, catalogue
from ..resources import template_dir
from ..store import GraphStore
from ..validation import PublishedReport
from .figures import Figures, departement_figures
from .glossary import Glossary, glossary

__all__ = ["Page", "Site", "build_site", "STYLESHEET"]

STYLESHEET = "style.css"
"""The style sheet every page links to, copied next to ``index.html``."""

PAGE_THREADS = 2
"""How many pages are built at once (threads): a page's builder must not rely on another's."""


@dataclass(frozen=True)
class Page:
    """A page of the site: ``build(site)`` returns the template's context, or None to leave
    the page (and its navigation entry) out of this build. The pages of a site are built two
    at a time, in threads (:data:`PAGE_THREADS`): a builder reads the site and the store, and
    does not rely on what another builder does."""

    name: str
    filename: str
    title: str
    """catalogue key of its navigation title (``"site.nav.accueil"``)"""
    template: str
    build: Callable[["Site"], dict | None]


@dataclass
class _Output:
    filename: str
    template: str
    title: str
    context: dict
    nav: str | None = None


class Site:
    """What a page builder gets: the store, the language and its catalogue (``t``), shared
    data computed once (figures per département, glossary), the validation reports to
    publish, and :meth:`add_page` for extra files (one page per département, say) that are
    not in the navigation.

    Parameters
    ----------
    store : Store or Endpoint
        What the site publishes.
    lang : "fr" or "en"
    title : str, optional
        Title of the site (default: the catalogue's).
    notices : iterable of str
        Messages shown at the top of every page.
    pages : sequence of Page
        The pages of the site, in navigation order.
    validation_reports : sequence of ppgraph.validation.PublishedReport
        Validation reports the « Validation » page publishes.

    Raises
    ------
    InputError
        If there is no catalogue for ``lang``.
    """

    def __init__(self, store: GraphStore, lang: str = "fr", title: str | None = None,
                 notices: Iterable[str] = (), pages: Sequence[Page] = (),
                 validation_reports: Sequence[PublishedReport] = ()):
        if lang not in LANGUAGES:
            raise InputError("site.erreurs.langue_inconnue", langue=lang,
                             langues=", ".join(sorted(LANGUAGES)))
        self.store = store
        self.lang = lang
        self.t = catalogue(lang)
        self._title = title
        self.notices = [str(n) for n in notices]
        self.pages = list(pages)
        self.validation_reports = list(validation_reports)
        self._extra: list[tuple[int, int, _Output]] = []
        self._lock = threading.Lock()
        self._building = threading.local()
        self._figures: Figures | None = None
        self._glossary: Glossary | None = None

    @property
    def figures(self) -> Figures:
        """The figures of each département (:func:`~ppgraph.site.departement_figures`),
        computed once."""
        with self._lock:  # the pages are built in two threads
            if self._figures is None:
                self._figures = departement_figures(self.store, self.lang)
            return self._figures

    @property
    def glossary(self) -> Glossary:
        """The référentiel with every territory's local concepts, each marked as such,
        computed once."""
        with self._lock:
            if self._glossary is None:
                self._glossary = glossary(self.store, self.lang, "*")
            return self._glossary

    @property
    def title(self) -> str:
        return self._title or self.t.site.titre_site

    @property
    def subtitle(self) -> str:
        regions = self.figures.regions
        if len(regions) == 1:
            return self.t("site.sous_titre_region", region=regions[0])
        return self.t.site.sous_titre

    def page_href(self, name: str, anchor: str | None = None, root: str = "") -> str | None:
        """Relative link to a page of the site (and an anchor in it), None if no such page."""
        page = next((p for p in self.pages if p.name == name), None)
        if page is None:
            return None
        return f"{root}{page.filename}" + (f"#{anchor}" if anchor else "")

    def glossary_href(self, iri: str | URIRef, root: str = "") -> str | None:
        """Link to a concept's entry in the glossary page, if it has one."""
        anchor = self.glossary.anchors.get(str(iri))
        return self.page_href("glossaire", anchor, root) if anchor else None

    def add_page(self, filename: str, template: str, title: str, **context: Any) -> None:
        """Write one more page (relative ``filename``, sub-folders allowed) with the site's
        layout; it is not listed in the navigation."""
        output = _Output(_safe_filename(filename), template, title, context)
        with self._lock:  # in the order of the pages, then of the calls: whatever the threads
            self._extra.append((getattr(self._building, "page", -1), len(self._extra), output))

    def _build(self, index: int, page: Page) -> dict | None:
        self._building.page = index
        try:
            return page.build(self)
        finally:
            self._building.page = -1


def _safe_filename(filename: str) -> str:
    path = PurePosixPath(filename)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise InputError("site.erreurs.page_invalide", nom=filename)
    return str(path)


def build_site(site: Site, directory: str | os.PathLike) -> Path:
    """Build every page of ``site`` into ``directory`` (created if missing) and return the
    path of its ``index.html``. See :func:`ppgraph.site.write_site`."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    # The pages are built in two threads: most of a page's time is spent in the store's SPARQL
    # engine, which Oxigraph runs without Python's lock (the demo's site alone: 4.1 s → 3.3 s).
    with ThreadPoolExecutor(max_workers=min(PAGE_THREADS, max(len(site.pages), 1))) as pool:
        built = list(pool.map(site._build, range(len(site.pages)), site.pages))
    outputs = []
    for page, context in zip(site.pages, built):
        if context is not None:
            outputs.append(_Output(page.filename, page.template,
                                   context.get("page_title", site.t(page.title)),
                                   context, nav=page.filename))
    nav = [{"filename": page.filename, "title": site.t(page.title)}
           for page in site.pages if any(o.nav == page.filename for o in outputs)]
    env = environment(site.lang)
    figures = site.figures
    for output in outputs + [o for _page, _n, o in sorted(site._extra, key=lambda e: e[:2])]:
        depth = len(PurePosixPath(output.filename).parts) - 1
        variables = dict(output.context)
        variables.update(
            root="../" * depth, current=output.nav or output.filename, page_title=output.title,
            site_title=site.title, site_subtitle=site.subtitle, nav=nav, notices=site.notices,
            fictives=figures.fictive_rows,
            all_fictive=bool(figures.rows) and len(figures.fictive_rows) == len(figures.rows))
        html = env.get_template(output.template).render(variables)
        target = out / output.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8", newline="\n")
    shutil.copyfile(template_dir() / STYLESHEET, out / STYLESHEET)
    return out / "index.html"

"""The guides pages: the guide du porteur de projet of every submitted département, and their list."""

from __future__ import annotations

import re

from ..core import Page, Site

__all__ = ["PAGE", "guides_page"]


def _filename(code: str) -> str:
    return f"guide-{re.sub(r'[^A-Za-z0-9-]+', '-', code)}.html"


def guides_page(site: Site) -> dict | None:
    """The list of guides and, as sub-pages, one guide per submitted département
    (``guide-<code>.html``): the same template for every territory, with its own blocks
    where it has some. Left out when no département has submitted."""
    # Here, not at the top: ppgraph.guide reads the site's glossary (an import cycle).
    from ...guide import GUIDE_CSS, guide_content
    from ...local import local_departements
    from ..glossary import glossary

    rows = site.figures.rows
    if not rows:
        return None
    site.add_page(GUIDE_CSS, GUIDE_CSS, "")
    # The départements without local concepts share the glossary of the common référentiel
    # (computed once, not once per guide).
    local = set(local_departements(site.store))
    common = glossary(site.store, site.lang) if any(r.code not in local for r in rows) else None
    guides = []
    for row in rows:
        guides.append((row, guide_content(site.store, row.code, lang=site.lang,
                                          terms=None if row.code in local else common)))
    others = [{"href": _filename(r.code), "label": f"{r.nom} ({r.code})", "code": r.code}
              for r, _ in guides]
    items = []
    for row, guide in guides:
        links = [dict(o, current=o["code"] == row.code) for o in others]
        site.add_page(_filename(row.code), "guide-site.html", guide.title, guide=guide,
                      css_file=GUIDE_CSS, others=links)
        items.append({"href": _filename(row.code), "nom": row.nom, "code": row.code,
                      "structures": len(guide.structures), "locaux": guide.local_blocks,
                      "fictif": guide.fictitious})
    return {"page_title": site.t.guide.site.titre, "items": items}


PAGE = Page("guides", "guides.html", "guide.site.nav", "guides.html", guides_page)

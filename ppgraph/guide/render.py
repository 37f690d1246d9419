"""The guide written out: a standalone printable HTML page or Markdown, from one template.

>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> from ppgraph.guide.content import guide_content
>>> store = Store(); _ = load_reference_data(store)
>>> text = guide_markdown(guide_content(store, "23"))
>>> text.splitlines()[0]
'# Guide du porteur de projet — Creuse (23)'
"""

from __future__ import annotations

from markupsafe import Markup

from ..glossary import md_text
from ..html import environment
from ..i18n import catalogue
from ..resources import template_dir
from .content import Guide

__all__ = ["guide_html", "guide_markdown", "GUIDE_CSS"]

GUIDE_CSS = "guide.css"
"""The guide's own style sheet (``ppgraph/templates``), after the site's ``style.css``."""


def _css() -> Markup:
    return Markup((template_dir() / "style.css").read_text(encoding="utf-8") + "\n"
                  + (template_dir() / GUIDE_CSS).read_text(encoding="utf-8"))


def guide_html(guide: Guide) -> str:
    """The guide as one standalone page: its style inside, no other file or host."""
    return environment(guide.lang).get_template("guide.html").render(guide=guide, css=_css())


def guide_markdown(guide: Guide) -> str:
    """The guide as Markdown: the same blocks, headings, lists and tables."""
    t = catalogue(guide.lang)
    c = t.guide.colonnes
    out = [f"# {md_text(guide.title)}", "", md_text(guide.subtitle), ""]
    if guide.fictitious:
        out += [f"> **{md_text(t.guide.fictif)}**", ""]
    if not guide.submitted:
        out += [f"> {md_text(t('guide.sans_donnees', territoire=guide.territory_name))}", ""]

    def row(cells) -> str:
        return "| " + " | ".join(md_text(x) if str(x).strip() else "—" for x in cells) + " |"

    def definitions(entries, depth=0) -> None:
        for e in entries:
            mark = f" *({md_text(t('guide.propre_au_territoire', territoire=e.local_name))})*" \
                if e.local else ""
            out.append("  " * depth + f"- **{md_text(e.label)}**{mark}"
                       + (f" — {md_text(e.definition)}" if e.definition else ""))
            if e.note:
                out.append("  " * (depth + 1) + f"- *{md_text(e.note)}*")
            definitions(e.children, depth + 1)

    for b in guide.blocks:
        out += [f"{'#' * b.level} {md_text(b.title)}", ""]
        if b.local_note:
            out += [f"*{md_text(b.local_note)}*", ""]
        for p in b.parts:
            if p.kind == "paragraphes":
                for x in p.data:
                    out += [md_text(x), ""]
            elif p.kind == "texte":
                for kind, value in p.data:
                    out += ([f"- {md_text(v)}" for v in value] if kind == "ul"
                            else [md_text(value)]) + [""]
            elif p.kind == "definitions":
                definitions(p.data)
                out.append("")
            elif p.kind == "services":
                items = [md_text(label) + (f" ({md_text(t('guide.service_local', territoire=terr))})"
                                           if local else "") for label, local, terr in p.data]
                out += [f"*{md_text(t.guide.services_etape)}{t.site.deux_points}* "
                        + " ; ".join(items), ""]
            elif p.kind == "structures":
                out += [row([c.structure, c.echelle, c.niveau, c.services, c.types]),
                        "|---|---|---|---|---|"]
                out += [row([f"{r.name} ({r.type})" if r.type else r.name, r.scale_label,
                             r.niveau, " ; ".join(r.services),
                             " ; ".join(r.types) or t.guide.tous_types]) for r in p.data]
                out.append("")
            elif p.kind == "guichets" and not p.data:
                out += [md_text(t.guide.aucune_intercommunalite), ""]
            elif p.kind == "guichets":
                out += [row([c.epci, c.guichet]), "|---|---|"]
                out += [row([epci, " ; ".join(names) or t.guide.aucun_guichet])
                        for epci, names in p.data]
                out.append("")
            elif p.kind == "contacts":
                out += [row([c.structure, c.siege, c.courriel, c.telephone, c.site]),
                        "|---|---|---|---|---|"]
                out += [row([d.get("nom", d["iri"]), d.get("nomSiege", ""), d.get("courriel", ""),
                             d.get("telephone", ""), d.get("site", "")]) for d in p.data]
                out.append("")
            elif p.kind == "outils":
                for o in p.data:
                    out.append(f"- **{md_text(o['titre'])}**"
                               + (f" ({md_text(o['type'])})" if o["type"] else ""))
                    out += [f"  - {md_text(v['nom'])}" + (f" — {md_text(v['par'])}" if v["par"]
                                                           else "") for v in o["versions"]]
                out.append("")
            elif p.kind == "vide":
                out += [f"*{md_text(p.data)}*", ""]
    out += ["---", "", md_text(t("guide.genere", version=_version())), ""]
    return "\n".join(out)


def _version() -> str:
    from .. import __version__

    return __version__

"""The orientation page: where to refer a project holder, for the examples of « orientation »."""

from __future__ import annotations

import re

from ...errors import InputError
from ...questions import ask_question, load_question, table_view
from ..core import Page, Site

__all__ = ["PAGE", "orientation_page"]


def orientation_page(site: Site) -> dict | None:
    """The orientation question answered for the examples of ``orientation.rq`` whose
    territory is in a submitted département (some structure nearer than the region). Left
    out when no example concerns this store."""
    question = load_question("orientation")
    cases = []
    for example in question.examples:
        params = dict(re.findall(r"--param\s+(\w+)=(\S+)", example))
        try:
            answer = ask_question(site.store, question, params, lang=site.lang)
        except InputError:  # a territory or concept this store does not have
            continue
        if not any(int(r.get("distanceMin", 3)) < 3 for r in answer.rows):
            continue
        p = answer.parameters
        # Inside a French sentence, the step is written in lower case (« étape « idée » »).
        etape = answer.label(p["etape"])
        heading = site.t("site.orientation.cas", type=answer.label(p["type"]),
                         territoire=answer.label(p["territoire"]),
                         etape=etape.lower() if site.lang == "fr" else etape)
        cases.append({"titre": heading[:1].upper() + heading[1:], "commande": example,
                      "tableau": table_view(answer), "ancre": f"cas-{len(cases) + 1}"})
    if not cases:
        return None
    return {"page_title": site.t.site.orientation.titre, "cas": cases,
            "description": question.description(site.lang)}


PAGE = Page("orientation", "orientation.html", "site.nav.orientation", "orientation.html",
            orientation_page)

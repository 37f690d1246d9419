"""The « qui fait quoi » pages: who supports project holders in each département, and the gaps."""

from __future__ import annotations

import re

from ...questions import Answer, ask_question, split_list, table_view
from ...resources import query_text
from ...text import french_sort_key
from ..core import Page, Site

__all__ = ["PAGE", "qui_fait_quoi_page"]


def _filename(code: str) -> str:
    return f"qui-fait-quoi-{re.sub(r'[^A-Za-z0-9-]+', '-', code)}.html"


def qui_fait_quoi_page(site: Site) -> dict | None:
    """Qui fait quoi: a summary per département (the question « niveaux ») and, as
    sub-pages, one page per département (``qui-fait-quoi-<code>.html``) with each
    structure's service offering (« qui-fait-quoi »), the EPCI it is the guichet unique of
    and its antennas (bureaux d'information), the EPCI with no guichet unique or several
    (« guichet-unique ») and the gaps (« couverture »). A structure that serves several
    départements is on each one's page. Left out when no submitted département has a
    structure."""
    t = site.t.site.qui_fait_quoi
    niveaux = ask_question(site.store, "niveaux", lang=site.lang)
    codes: dict[str, dict] = {}
    levels: dict[str, tuple[float, str]] = {}
    for row in niveaux.rows:
        code = str(row["code"])
        entry = codes.setdefault(code, {"iri": row["departement"], "counts": {}, "total": 0})
        key = str(row.get("niveau", ""))
        entry["counts"][key] = entry["counts"].get(key, 0) + int(row["structures"])
        entry["total"] += int(row["structures"])
        if key:
            rank = float(row["rang"]) if "rang" in row else float("inf")
            levels.setdefault(key, (rank, niveaux.label(row["niveau"])))
    levels = dict(sorted(levels.items(), key=lambda kv: (kv[1][0], french_sort_key(kv[1][1]))))
    submitted = {row.code for row in site.figures.rows}
    codes = {c: e for c, e in codes.items() if c in submitted and e["total"]}
    if not codes:
        return None
    ordered = sorted(codes, key=lambda c: (len(c), c))
    unstated = any("" in e["counts"] for e in codes.values())
    lines = []
    for code in ordered:
        entry = codes[code]
        answer = ask_question(site.store, "qui-fait-quoi", {"departement": entry["iri"]},
                              lang=site.lang)
        gaps = ask_question(site.store, "couverture", {"departement": entry["iri"]},
                            lang=site.lang)
        guichets = ask_question(site.store, "guichet-unique", {"departement": entry["iri"]},
                                lang=site.lang)
        name = answer.label(entry["iri"])
        structures = _structures_view(answer, _roles(site, entry["iri"]))
        offers = sum(len(s["offres"]) for s in structures)
        site.add_page(_filename(code), "qui-fait-quoi-departement.html",
                      site.t("site.qui_fait_quoi.departement", nom=name, code=code),
                      nom=name, code=code, structures=structures, offres=offers,
                      colonnes=_offer_headers(answer),
                      manques=table_view(gaps, skip=("departement",)),
                      manques_vide=gaps.question.empty_message(site.lang) if gaps.question
                      else "",
                      guichets=table_view(guichets, skip=("departement",)),
                      guichets_vide=guichets.question.empty_message(site.lang)
                      if guichets.question else "", index="qui-fait-quoi.html")
        lines.append({"code": code, "nom": name, "href": _filename(code),
                      "structures": entry["total"], "offres": offers,
                      "niveaux": [entry["counts"].get(k, 0) for k in levels],
                      "sans_niveau": entry["counts"].get("", 0)})
    return {"page_title": t.titre, "lignes": lines,
            "niveaux": [label for _, label in levels.values()], "sans_niveau": unstated}


def _offer_headers(answer: Answer) -> list[str]:
    columns = answer.columns
    return [columns[v] for v in ("service", "niveau", "typesProjet", "territoires")
            if v in columns]


def _roles(site: Site, departement) -> dict[str, dict[str, list[str]]]:
    """Structure IRI → {"guichet-unique": EPCI names, "antenne": bureau names} for the
    structures of a département (the query ``site-roles-structures``)."""
    out: dict[str, dict[str, list[str]]] = {}
    for row in site.store.select(query_text("site-roles-structures"),
                                 {"departement": departement}):
        roles = out.setdefault(str(row["structure"]), {"guichet-unique": [], "antenne": []})
        roles.setdefault(str(row["role"]), []).append(str(row["libelle"]))
    return out


def _structures_view(answer: Answer, roles: dict[str, dict[str, list[str]]]) -> list[dict]:
    """The rows of « qui-fait-quoi » grouped by structure, in the answer's order, with each
    structure's territorial roles."""
    out: dict[str, dict] = {}
    for row in answer.rows:
        key = str(row["structure"])
        role = roles.get(key, {})
        s = out.setdefault(key, {
            "nom": answer.label(row["structure"]),
            "type": answer.label(row.get("typeStructure")),
            "niveau": answer.label(row.get("niveauDeclare")),
            "guichet_pour": sorted(role.get("guichet-unique", []), key=french_sort_key),
            "antennes": sorted(role.get("antenne", []), key=french_sort_key),
            "offres": []})
        if row.get("service") is not None:
            s["offres"].append([
                answer.label(row["service"]), answer.label(row.get("niveau")),
                split_list(str(row.get("typesProjet", "")), ", "),
                split_list(str(row.get("territoires", "")), ", ")])
    return list(out.values())


PAGE = Page("qui-fait-quoi", "qui-fait-quoi.html", "site.nav.qui_fait_quoi", "qui-fait-quoi.html",
            qui_fait_quoi_page)

"""The « qui fait quoi » pages: who supports project holders in each département, and the gaps."""

from __future__ import annotations

import re

from ...html import structure_anchor
from ...namespaces import PP
from ...questions import Answer, ask_question, split_list, table_view
from ...reference import personal_properties
from ...resources import query_text
from ...text import french_sort_key
from ..core import Page, Site
from .reseau import departement_view_filename

__all__ = ["PAGE", "qui_fait_quoi_page", "departement_filename", "departement_pages"]


def departement_filename(code: str) -> str:
    """The « qui fait quoi » page of a département.

    >>> departement_filename("2A")
    'qui-fait-quoi-2A.html'
    """
    return f"qui-fait-quoi-{re.sub(r'[^A-Za-z0-9-]+', '-', code)}.html"


def qui_fait_quoi_page(site: Site) -> dict | None:
    """Qui fait quoi: a summary per département (the question « niveaux ») and, as
    sub-pages, one page per département (``qui-fait-quoi-<code>.html``) with each
    structure's service offering (« qui-fait-quoi »), the EPCI it is the guichet unique of
    and its antennas (bureaux d'information), the EPCI with no guichet unique or several
    (« guichet-unique ») and the gaps (« couverture »). A structure that serves several
    départements is on each one's page. Each structure shows its public contacts (e-mail,
    telephone, website) and, when the site has the network views, links to the
    département's view (the structure selected). Left out when no submitted département has
    a structure."""
    t = site.t.site.qui_fait_quoi
    codes, levels = _departements(site)
    if not codes:
        return None
    ordered = sorted(codes, key=lambda c: (len(c), c))
    unstated = any("" in e["counts"] for e in codes.values())
    network = site.page_href("reseau") is not None
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
        view = departement_view_filename(code) if network else None
        structures = _structures_view(answer, _roles(site, entry["iri"]),
                                      _contacts(site, entry["iri"]), view)
        offers = sum(len(s["offres"]) for s in structures)
        site.add_page(departement_filename(code), "qui-fait-quoi-departement.html",
                      site.t("site.qui_fait_quoi.departement", nom=name, code=code),
                      nom=name, code=code, structures=structures, offres=offers, vue=view,
                      colonnes=_offer_headers(answer),
                      manques=table_view(gaps, skip=("departement",)),
                      manques_vide=gaps.question.empty_message(site.lang) if gaps.question
                      else "",
                      guichets=table_view(guichets, skip=("departement",)),
                      guichets_vide=guichets.question.empty_message(site.lang)
                      if guichets.question else "", index="qui-fait-quoi.html")
        lines.append({"code": code, "nom": name, "href": departement_filename(code), "vue": view,
                      "structures": entry["total"], "offres": offers,
                      "niveaux": [entry["counts"].get(k, 0) for k in levels],
                      "sans_niveau": entry["counts"].get("", 0)})
    return {"page_title": t.titre, "lignes": lines,
            "niveaux": [label for _, label in levels.values()], "sans_niveau": unstated}


def departement_pages(site: Site) -> list[str]:
    """The codes of the départements that have a « qui fait quoi » page in ``site`` (none
    when the site does not publish these pages)."""
    if site.page_href("qui-fait-quoi") is None:
        return []
    return list(_departements(site)[0])


def _departements(site: Site) -> tuple[dict[str, dict], dict[str, tuple[float, str]]]:
    """The submitted départements with a structure (code → IRI, structures per level,
    total), in code order, and the levels met (IRI → rank, label), in rank order."""
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
    codes = {c: e for c, e in sorted(codes.items(), key=lambda kv: (len(kv[0]), kv[0]))
             if c in submitted and e["total"]}
    return codes, levels


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


def _contacts(site: Site, departement) -> dict[str, dict[str, str]]:
    """Structure IRI → its public contacts (``courriel``, ``telephone``, ``siteWeb``,
    ``siege``) for the structures of a département (the query ``site-structures-contacts``);
    a property the ontology marks personal is left out, whatever its name."""
    hidden = personal_properties()
    props = {"courriel": PP.courrielPublic, "telephone": PP.telephonePublic,
             "siteWeb": PP.siteWeb}
    out = {}
    for row in site.store.select(query_text("site-structures-contacts"),
                                 {"departement": departement}):
        out[str(row["structure"])] = {k: str(row[k]) for k in ("courriel", "telephone",
                                                               "siteWeb", "siege")
                                      if k in row and props.get(k) not in hidden}
    return out


def _contact_links(contacts: dict[str, str]) -> list[dict]:
    """The contacts of a structure as the page shows them: label key, text and link (a web
    address becomes a link only when it is an ordinary http(s) address)."""
    out = []
    mail = contacts.get("courriel")
    if mail:
        ok = re.fullmatch(r"[^\s@<>\"]+@[^\s@<>\"]+", mail)
        out.append({"cle": "courriel", "texte": mail, "href": f"mailto:{mail}" if ok else None})
    phone = contacts.get("telephone")
    if phone:
        digits = re.sub(r"[^0-9+]", "", phone)
        out.append({"cle": "telephone", "texte": phone, "href": f"tel:{digits}" if digits else None})
    web = contacts.get("siteWeb")
    if web:
        ok = re.fullmatch(r"https?://[^\s]+", web, re.IGNORECASE)
        out.append({"cle": "site_web", "texte": web, "href": web if ok else None})
    if contacts.get("siege"):
        out.append({"cle": "siege", "texte": contacts["siege"], "href": None})
    return out


def _structures_view(answer: Answer, roles: dict[str, dict[str, list[str]]],
                     contacts: dict[str, dict[str, str]], view: str | None) -> list[dict]:
    """The rows of « qui-fait-quoi » grouped by structure, in the answer's order, with each
    structure's territorial roles, public contacts, anchor and link to the network view."""
    out: dict[str, dict] = {}
    for row in answer.rows:
        key = str(row["structure"])
        role = roles.get(key, {})
        anchor = structure_anchor(key)
        s = out.setdefault(key, {
            "nom": answer.label(row["structure"]), "ancre": anchor,
            "contacts": _contact_links(contacts.get(key, {})),
            "vue": f"{view}#{anchor}" if view else None,
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

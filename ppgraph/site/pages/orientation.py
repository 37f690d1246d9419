"""The orientation page: where to refer a project holder, answered in the browser for any case.

A counsellor at the front desk types the commune or the intercommunalité of the project (as
they would say it: « sarlat »), picks the project type and the stage, and reads the ranked
structures with the reason and their public contacts: the answer of ``ppgraph query
orientation``, computed by the page's script (``orientation.js``) from data embedded in the
page, offline. The data are the offers of service with what the question derives from them
(``site-orientation-*.rq``: scale, level, reason), the territories a counsellor can choose with
the served territories that cover each one (from the territories' index), and the project types and stages with their
broader and narrower concepts. Nothing personal is embedded: structures, public contacts and
territories only.

>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> orientation_data(store)["offres"]
[]
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import Literal, URIRef

from ...html import json_for_script, structure_anchor
from ...i18n import catalogue
from ...namespaces import PP, REF, territory_iri
from ...questions import load_question
from ...reference import personal_properties
from ...resources import query_text, template_dir
from ...store import GraphStore
from ...territories import territories
from ...text import french_sort_key
from ..core import Page, Site
from ..glossary import Glossary, glossary as make_glossary
from .qui_fait_quoi import departement_filename

__all__ = ["PAGE", "orientation_page", "orientation_data"]

_KINDS = ("commune", "epci", "departement")


def orientation_page(site: Site) -> dict | None:
    """The context of ``orientation.html``: the form, the embedded data (escaped JSON) and
    the script. Left out when no offer of service serves any territory."""
    data = orientation_data(site.store, site.lang, site.glossary,
                            qui_fait_quoi=site.page_href("qui-fait-quoi") is not None)
    if not data["offres"] or not data["territoires"]:
        return None
    question = load_question("orientation")
    return {"page_title": site.t.site.orientation.titre,
            "description": question.description(site.lang),
            "types": data["types"], "etapes": data["etapes"],
            "data_json": json_for_script(data),
            "script": (template_dir() / "orientation.js").read_text(encoding="utf-8"),
            "exemple": question.examples[0] if question.examples else ""}


def orientation_data(store: GraphStore, lang: str = "fr", glossary: Glossary | None = None,
                     *, qui_fait_quoi: bool = False) -> dict[str, Any]:
    """What the orientation page embeds, as plain JSON-ready data.

    Parameters
    ----------
    store : Store or Endpoint
    lang : "fr" or "en"
        Language of the labels and reasons.
    glossary : Glossary, optional
        The référentiel as the site shows it (its order of project types and stages);
        computed from ``store`` when not given.
    qui_fait_quoi : bool
        Link each structure to its entry on its département's « qui fait quoi » page.

    Returns
    -------
    dict
        ``territoires`` ([name, code, kind (index in ``sortes``), index in ``contextes``
        (its départements), population, index in ``couvertures`` (indices in ``servis``)]),
        ``servis`` ([name, scale 0-3] of each served territory),
        ``structures`` ([name, sort name, IRI, kind, e-mail, telephone, website, link]),
        ``offres`` ([structure, served territories, level rank, level label, target types
        or None, stages or None, [type, stage, reason] triples]), ``raisons`` (in French
        index order), ``types`` and ``etapes`` ([code, label, depth, related concepts]),
        ``textes``.
    """
    t = catalogue(lang).site.orientation
    glossary = glossary or make_glossary(store, lang)
    bind = {"lang": Literal(lang)}

    concepts: dict[str, int] = {}

    def concept(iri: str) -> int:
        return concepts.setdefault(iri, len(concepts))

    # Offers: one row per offer × served territory × target type × stage.
    served: dict[str, int] = {}
    served_rows: list[list] = []
    reasons: set[str] = set()
    offers: dict[str, dict] = {}
    structures_of: dict[str, str] = {}
    for r in store.select(query_text("site-orientation-offres"), bind):
        offer, where = str(r["offre"]), str(r["couvert"])
        if where not in served:
            served[where] = len(served_rows)
            served_rows.append([str(r["echelleLibelle"]), int(r["distance"])])
        o = offers.setdefault(offer, {"servis": set(), "rang": str(r["rang"]),
                                      "niveau": str(r["niveauLibelle"]), "cibles": set(),
                                      "etapes": set(), "raisons": set()})
        structures_of[offer] = str(r["structure"])
        o["servis"].add(served[where])
        cible = concept(str(r["cible"])) if "cible" in r else -1
        etape = concept(str(r["etapeServie"])) if "etapeServie" in r else -1
        if cible >= 0:
            o["cibles"].add(cible)
        if etape >= 0:
            o["etapes"].add(etape)
        reasons.add(str(r["raison"]))
        o["raisons"].add((cible, etape, str(r["raison"])))
    raisons = sorted(reasons, key=french_sort_key)
    reason_index = {text: i for i, text in enumerate(raisons)}

    # Structures that make an offer, with their public details.
    hidden = personal_properties()
    public = {key: prop not in hidden for key, prop in (
        ("courriel", PP.courrielPublic), ("telephone", PP.telephonePublic),
        ("siteWeb", PP.siteWeb))}
    structures: list[list] = []
    structure_index: dict[str, int] = {}
    for r in store.select(query_text("site-orientation-structures"), bind):
        iri = str(r["structure"])
        code = str(r.get("departement", ""))
        link = (f"{departement_filename(code)}#{structure_anchor(iri)}"
                if qui_fait_quoi and code else "")
        structure_index[iri] = len(structures)
        structures.append([str(r.get("nom", "")) or iri, str(r["nomTri"]) if "nomTri" in r
                           else None, iri, str(r.get("typeLibelle", "")),
                           *(str(r.get(k, "")) if public[k] else ""
                             for k in ("courriel", "telephone", "siteWeb")), link])

    offres = []
    for offer in sorted(offers):
        o = offers[offer]
        offres.append([structure_index[structures_of[offer]], sorted(o["servis"]),
                       o["rang"], o["niveau"],
                       sorted(o["cibles"]) if o["cibles"] else None,
                       sorted(o["etapes"]) if o["etapes"] else None,
                       sorted([c, e, reason_index[text]] for c, e, text in o["raisons"])])

    # Territories a counsellor can choose, with the served territories that cover each.
    index = territories()
    covering = _covering(served)
    deps = {p.code: p.label for p in index.of_kind("departement")}
    contexts: dict[str, int] = {}
    covers: dict[tuple[int, ...], int] = {}
    places = []
    for iri, cover in sorted(covering.items()):
        place = index.place(URIRef(iri))
        if place is None or place.kind not in _KINDS:
            continue
        context = ", ".join(deps.get(c, c) for c in place.departements
                            if place.kind != "departement")
        places.append([place.label, place.code, _KINDS.index(place.kind),
                       contexts.setdefault(context, len(contexts)), place.population,
                       covers.setdefault(tuple(sorted(cover)), len(covers))])
    places.sort(key=lambda p: (french_sort_key(p[0]), p[2], p[1]))

    # Project types and stages, in the glossary's order, with their related concepts.
    related: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for r in store.select(query_text("site-orientation-concepts")):
        related[str(r["concept"])][str(r["sens"])].add(concept(str(r["relie"])))

    def choices(scheme: str, both: bool) -> list[list]:
        entry = next((s for s in glossary.schemes if s.iri == str(REF[scheme])), None)
        out: list[list] = []

        def walk(entries, depth: int) -> None:
            for e in entries:
                near = related.get(e.iri, {})
                linked = set(near.get("haut", ())) | (set(near.get("bas", ())) if both else set())
                out.append([e.notation or e.iri.rsplit("/", 1)[-1], e.label.value, depth,
                            sorted(linked)])
                walk(e.children, depth + 1)

        walk(entry.concepts if entry else [], 0)
        return out

    kinds = {"commune": t.commune, "epci": t.epci, "departement": t.departement}
    return {
        "territoires": places, "contextes": list(contexts), "couvertures": [list(c) for c in covers],
        "sortes": list(_KINDS), "servis": served_rows, "structures": structures,
        "offres": offres, "raisons": raisons,
        "types": choices("type-projet", both=False), "etapes": choices("etape", both=True),
        "textes": {"sortes": kinds, "aucun": t.aucun_territoire, "vide": t.vide,
                   "resultats": dict(t.resultats), "choisir": t.choisir,
                   "courriel": t.courriel, "telephone": t.telephone, "siteWeb": t.site_web,
                   "echelle": t.echelle, "niveau": t.niveau, "pourquoi": t.pourquoi,
                   "fiche": t.fiche, "deuxPoints": catalogue(lang).site.deux_points,
                   "lang": lang},
    }


def _covering(served: dict[str, int]) -> dict[str, set[int]]:
    """The territories a counsellor can choose (communes, intercommunalités, départements)
    that a served territory covers, with the indices (in ``served``) of those that do: the
    territory itself, its intercommunalité, its départements and their régions, as
    ``orientation.rq`` reads them (``pp:membreDeEPCI``, ``pp:dansDepartement``,
    ``pp:subdivisionDe``). Read from the territories' index (``data/territoires``), which
    holds those links: 0.02 s for the 4 300 communes of a region, where the same property
    paths in SPARQL took 0.9 s (tests/test_orientation_site.py compares the two)."""
    index = territories()
    covering: dict[str, set[int]] = {}
    for kind in _KINDS:
        for place in index.of_kind(kind):
            above = [place.iri]
            if place.epci is not None:
                above.append(place.epci)
            for code in place.departements:
                dep = index.departement(code)
                if dep is None:
                    continue
                above.append(dep.iri)
                if dep.region:
                    above.append(territory_iri("region", dep.region))
            found = {served[str(iri)] for iri in above if str(iri) in served}
            if found:
                covering[str(place.iri)] = found
    return covering


PAGE = Page("orientation", "orientation.html", "site.nav.orientation", "orientation.html",
            orientation_page)

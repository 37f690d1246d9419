"""Named questions, ad-hoc SPARQL and their outputs (ppgraph.questions), on the demo store.

Every named question is compared with an answer computed here independently of ppgraph: the
demo submissions, the référentiel and the territories are read with pyoxigraph's parser into
plain Python sets, and the expected answer is counted in Python (no SPARQL).
"""

from __future__ import annotations

import csv
import doctest
import functools
import io
import json
import math
import re
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

import cli
import ppgraph.store.sparql
import ppgraph.questions
from ppgraph.errors import InputError
from ppgraph.namespaces import submission_graph
from ppgraph.questions import (ask_question, format_csv, format_json, format_table,
                               format_turtle, list_questions, load_question, run_sparql,
                               sparql_kind)
from ppgraph.reference import load_reference_data
from ppgraph.resources import demo_dir, referentiel_files, territory_files
from ppgraph.site import write_site
from ppgraph.store import Store

DATA = Path(__file__).parent / "data" / "issue4"
PP = "https://w3id.org/ppgraph/def#"
REF = "https://w3id.org/ppgraph/ref/"
TERR = "https://w3id.org/ppgraph/territoire/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
HOSTILE = ['33"} ; DROP ALL ; #', "x' } INSERT DATA { <urn:a> <urn:b> <urn:c> } #",
           "}}}{{{ ; # \\\" \\u0022 \n DELETE WHERE { ?s ?p ?o }", "<urn:x> } ; CLEAR ALL"]
ORIENTATION_CASES = [
    {"territoire": "24520", "type": "chambre-hotes", "etape": "financement"},
    {"territoire": "Arcachon", "type": "hebergement-insolite", "etape": "montage-reglementaire"},
    {"territoire": "87085", "type": "restauration", "etape": "idee"},
    {"territoire": "64122", "type": "camping", "etape": "classement"},
    {"territoire": "200027217", "type": "Chambre d'hôtes", "etape": "Montage du projet"},
    {"territoire": "sarlat la caneda", "type": "hotel", "etape": "post-creation"},
]


# -- the demo, and an independent index of its triples ---------------------------------------

def demo_files() -> list[Path]:
    return sorted(demo_dir().glob("soumission-*.ttl"))


@functools.lru_cache(maxsize=None)
def demo_store() -> Store:
    """Reference data and the 12 demo submissions, in memory (shared by this module and
    test_endpoint.py: read-only)."""
    store = Store()
    load_reference_data(store)
    for path in demo_files():
        store.replace_graph(submission_graph(path.stem.split("-", 1)[1]), path)
    return store


class Index:
    """Triples of Turtle files as Python sets: IRIs are str, literals ``ox.Literal``."""

    def __init__(self, files):
        self.spo: dict = defaultdict(lambda: defaultdict(set))
        self.pos: dict = defaultdict(lambda: defaultdict(set))
        for f in files:
            for t in ox.parse(path=str(f)):
                s, p, o = self.key(t.subject), t.predicate.value, self.key(t.object)
                self.spo[s][p].add(o)
                self.pos[p][o].add(s)

    @staticmethod
    def key(term):
        return term.value if isinstance(term, ox.NamedNode) else term

    def values(self, s, p) -> set:
        return set(self.spo.get(s, {}).get(p, set()))

    def one(self, s, p):
        v = self.values(s, p)
        return next(iter(sorted(v, key=str))) if v else None

    def subjects(self, p, o) -> set:
        return set(self.pos.get(p, {}).get(o, set()))

    def instances(self, cls: str) -> set:
        return self.subjects(RDF_TYPE, cls)

    def label(self, s, lang="fr") -> str | None:
        for p in (RDFS_LABEL, SKOS + "prefLabel"):
            for o in self.values(s, p):
                if isinstance(o, ox.Literal) and o.language == lang:
                    return o.value
        return None

    def rank(self, concept) -> int | None:
        v = self.one(concept, PP + "rang")
        return int(v.value) if v is not None else None

    def broader_closure(self, concept) -> set:
        """The concept and all its broader concepts."""
        seen, todo = set(), [concept]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo += list(self.values(c, SKOS + "broader"))
        return seen

    def narrower_closure(self, concept) -> set:
        seen, todo = set(), [concept]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo += list(self.subjects(SKOS + "broader", c))
        return seen - {concept}


@functools.lru_cache(maxsize=None)
def index() -> Index:
    return Index(list(referentiel_files()) + list(territory_files()) + demo_files())


def s(term) -> str | None:
    return None if term is None else str(term)


def dep_iri(code: str) -> str:
    return f"{TERR}departement/{code}"


def codes() -> list[str]:
    return [p.stem.split("-", 1)[1] for p in demo_files()]


# -- the questions themselves ------------------------------------------------------------------

def test_every_named_question_has_a_french_header_typed_parameters_and_columns():
    questions = {q.name: q for q in list_questions()}
    assert {"qui-fait-quoi", "orientation", "niveaux", "couverture", "parcours", "reseau",
            "devenus-prestataires"} <= set(questions)
    for q in questions.values():
        assert q.title("fr") and len(q.description("fr")) > 60, q.name
        assert q.title("en") != q.title("fr"), q.name
        assert q.columns("fr") and q.examples and q.empty_message("fr"), q.name
        assert set(q.columns("en")) == set(q.columns("fr")), q.name
        for p in q.parameters:
            assert p.help and re.search(rf"\?{p.name}\b", q.text), (q.name, p.name)
        for example in q.examples:
            assert example.startswith(f"ppgraph query {q.name}"), example


def test_header_errors_name_the_file_and_line(tmp_path):
    bad = tmp_path / "mauvaise.rq"
    bad.write_text("# @titre Essai\n# @param n nombre obligatoire : un nombre\nSELECT * {}",
                   encoding="utf-8")
    with pytest.raises(InputError, match=r"mauvaise\.rq », ligne 2 : type de paramètre inconnu"):
        load_question(bad)
    bad.write_text("# @titer Essai\nSELECT * {}", encoding="utf-8")
    with pytest.raises(InputError, match=r"ligne 1 : clé d'en-tête inconnue « @titer »"):
        load_question(bad)


def test_unknown_question_suggests_the_closest_name():
    with pytest.raises(InputError, match="Vouliez-vous dire « orientation »"):
        load_question("orientatoin")


def _offer_rows(idx: Index, code: str) -> Counter:
    expected = Counter()
    for st in idx.subjects(PP + "departement", dep_iri(code)) & idx.instances(PP + "Structure"):
        declared = idx.one(st, PP + "niveauAccompagnement")
        offers = [o for o in idx.subjects(PP + "proposePar", st)
                  if idx.values(o, PP + "service")]
        if not offers:
            expected[(st, None, declared, (), ())] += 1
        for o in offers:
            types = tuple(sorted(idx.label(t) for t in idx.values(o, PP + "typeProjetCible")))
            terr = tuple(sorted(idx.label(t) for t in idx.values(o, PP + "territoireDesservi")))
            expected[(st, idx.one(o, PP + "service"), idx.one(o, PP + "niveau") or declared,
                      types or ("tous types de projet",), terr)] += 1
    return expected


@pytest.mark.parametrize("code", ["23", "33", "87"])
def test_qui_fait_quoi_lists_every_offer_of_every_structure_of_the_departement(code):
    idx = index()
    answer = ask_question(demo_store(), "qui-fait-quoi", {"departement": code})
    got = Counter()
    for row in answer.rows:
        types = tuple(sorted(x for x in str(row.get("typesProjet", "")).split(", ") if x))
        terr = tuple(sorted(x for x in str(row.get("territoires", "")).split(", ") if x))
        got[(s(row["structure"]), s(row.get("service")), s(row.get("niveau")), types,
             terr)] += 1
    assert got == _offer_rows(idx, code)
    # one block per structure, structures ordered by type then name
    order = [s(r["structure"]) for r in answer.rows]
    blocks = [k for i, k in enumerate(order) if i == 0 or order[i - 1] != k]
    assert len(blocks) == len(set(blocks))


def test_territories_are_named_as_in_a_workbook_and_must_be_in_the_store():
    # The one resolver of names: « St-Émilion » is accepted here as it is in a workbook.
    a = ask_question(demo_store(), "orientation", {"territoire": "St-Émilion",
                                                   "type": "Camping", "etape": "Idée"})
    assert a.parameters["territoire"] == URIRef(TERR + "commune/33394")
    assert "Saint-Émilion (33394)" in ppgraph.questions.answer_title(a) and a.rows
    with pytest.raises(InputError, match=r"s'appelle « Sarlat ». Vouliez-vous dire : "
                                         r"« Sarlat-la-Canéda \(24520\) »"):
        ask_question(demo_store(), "orientation", {"territoire": "Sarlat", "type": "camping",
                                                   "etape": "idee"})
    # A real commune the store does not hold is refused, with its code.
    store = Store()
    store.replace_graph(submission_graph("33"), DATA / "hostile.ttl")
    load_reference_data(store)
    store.update("DELETE WHERE { GRAPH ?g { <https://w3id.org/ppgraph/territoire/commune/33394>"
                 " ?p ?o } }")
    with pytest.raises(InputError, match="aucune commune de code « 33394 » dans le magasin"):
        ask_question(store, "orientation", {"territoire": "St-Émilion", "type": "camping",
                                            "etape": "idee"})


def test_errors_are_worded_in_the_readers_language():
    with pytest.raises(InputError) as caught:
        ask_question(demo_store(), "orientation", {"territoire": "24520", "type": "camping"})
    english = caught.value.message("en")
    assert english.startswith("Missing required parameter for “orientation”: --param etape=")
    assert "the stage the project has reached" in english and "Example:" in english
    with pytest.raises(InputError) as caught:
        ask_question(demo_store(), "orientation", {"territoire": "Sarlat", "type": "camping",
                                                   "etape": "idee"})
    assert caught.value.message("en").endswith(
        "no territory (municipality, inter-municipality or département) is called “Sarlat”. "
        "Did you mean: “Sarlat-la-Canéda (24520)”?")


def test_qui_fait_quoi_takes_the_departement_by_name_without_accents():
    a = ask_question(demo_store(), "qui-fait-quoi", {"departement": "correze"})
    assert a.parameters["departement"] == URIRef(dep_iri("19"))
    assert "Corrèze (19)" in ppgraph.questions.answer_title(a)


def _orientation_expected(idx: Index, place: str, ptype: str, etape: str) -> list[tuple]:
    covering = {place: 0 if place.startswith(TERR + "commune/") else
                1 if place.startswith(TERR + "epci/") else 2}
    for e in idx.values(place, PP + "membreDeEPCI"):
        covering[e] = 1
    frontier = [place]
    while frontier:
        nxt = []
        for t in frontier:
            # an EPCI is in its départements (pp:dansDepartement), not a subdivision of them
            for up in idx.values(t, PP + "subdivisionDe") | idx.values(t, PP + "dansDepartement"):
                kind = 2 if up.startswith(TERR + "departement/") else 3
                if up not in covering:
                    covering[up] = kind
                    nxt.append(up)
        frontier = nxt
    type_ok = idx.broader_closure(ptype)
    etape_ok = idx.broader_closure(etape) | idx.narrower_closure(etape)
    best: dict[str, list] = {}
    for terr, dist in covering.items():
        for o in idx.subjects(PP + "territoireDesservi", terr):
            st = idx.one(o, PP + "proposePar")
            service = idx.one(o, PP + "service")
            # the offer's level, else the structure's declared level; none at all: the offer
            # of a structure that does not accompany (a funder), kept at rank 0
            niveau = idx.one(o, PP + "niveau") or (idx.one(st, PP + "niveauAccompagnement")
                                                   if st is not None else None)
            if st is None or service is None or (niveau is not None and not idx.rank(niveau)):
                continue
            targets = idx.values(o, PP + "typeProjetCible")
            if targets and not targets & type_ok:
                continue
            served = idx.values(service, PP + "etapeConcernee")
            if served and not served & etape_ok:
                continue
            entry = best.setdefault(st, [dist, 0, set()])
            entry[0] = min(entry[0], dist)
            entry[1] = max(entry[1], idx.rank(niveau) if niveau is not None else 0)
            entry[2].add(service)
    return sorted(((st, d, r, frozenset(svc)) for st, (d, r, svc) in best.items()),
                  key=lambda x: (x[1], -x[2], idx.label(x[0]) or "", x[0]))


@pytest.mark.parametrize("case", ORIENTATION_CASES, ids=lambda c: "-".join(c.values()))
def test_orientation_ranks_nearest_then_highest_level_with_the_offers_as_reasons(case):
    idx = index()
    answer = ask_question(demo_store(), "orientation", case)
    p = answer.parameters
    expected = _orientation_expected(idx, s(p["territoire"]), s(p["type"]), s(p["etape"]))
    assert expected, "le cas doit avoir des structures à contacter"
    got = [(s(r["structure"]), int(r["distanceMin"]), int(r["rangMax"])) for r in answer.rows]
    assert got == [(st, d, r) for st, d, r, _ in expected]
    for row, (_, _, rank, services) in zip(answer.records(), expected):
        reasons = row["pourquoi"]
        assert len(reasons) == len(services) or len(reasons) >= len(services)
        for service in services:
            assert any(r.startswith(idx.label(service) + " (") for r in reasons), (service, reasons)
        if rank == 0:
            assert row["niveau"] == "sans niveau d'accompagnement"
            continue
        level = next(c for c in idx.subjects(SKOS + "inScheme", REF + "niveau")
                     if idx.rank(c) == rank)
        assert row["niveau"] == idx.label(level)


def test_orientation_resolves_names_and_explains_bad_values():
    store = demo_store()
    with pytest.raises(InputError, match="Vouliez-vous dire : « financement »"):
        ask_question(store, "orientation", {"territoire": "24520", "type": "camping",
                                            "etape": "financment"})
    ambiguous = next(name for name, n in Counter(
        index().label(c) for c in index().instances(PP + "Commune")).items() if n > 1)
    with pytest.raises(InputError, match="désigne plusieurs territoires.*Précisez le code"):
        ask_question(store, "orientation", {"territoire": ambiguous, "type": "camping",
                                            "etape": "idee"})
    with pytest.raises(InputError, match="aucune commune de code « 99999 » dans le magasin"):
        ask_question(store, "orientation", {"territoire": "99999", "type": "camping",
                                            "etape": "idee"})
    with pytest.raises(InputError, match="Paramètre obligatoire manquant.*--param etape="):
        ask_question(store, "orientation", {"territoire": "24520", "type": "camping"})
    with pytest.raises(InputError, match="n'a pas de paramètre « commune »"):
        ask_question(store, "orientation", {"commune": "24520"})


def test_niveaux_counts_structures_per_departement_and_declared_level():
    idx = index()
    expected = Counter()
    totals = Counter()
    for st in idx.instances(PP + "Structure"):
        for dep in idx.values(st, PP + "departement"):  # a shared ADT counts in both
            expected[(dep, idx.one(st, PP + "niveauAccompagnement"))] += 1
            totals[dep] += 1
    answer = ask_question(demo_store(), "niveaux")
    got = {(s(r["departement"]), s(r.get("niveau"))): int(r["structures"]) for r in answer.rows}
    assert got == dict(expected)
    for r in answer.rows:
        share = float(r["part"])
        n = int(r["structures"])
        # SPARQL's ROUND rounds halves up (Python's round() to even)
        assert share == pytest.approx(math.floor(1000 * n / totals[s(r["departement"])] + 0.5) / 10)
    one = ask_question(demo_store(), "niveaux", {"departement": "Haute-Vienne"})
    assert {s(r["departement"]) for r in one.rows} == {dep_iri("87")}


@pytest.mark.parametrize("seuil", ["guichet-unique", "aucun"])
def test_couverture_finds_territories_and_services_without_coverage(seuil):
    idx = index()
    threshold = idx.rank(REF + f"niveau/{seuil}")
    answer = ask_question(demo_store(), "couverture", {"seuil": seuil})
    got = defaultdict(set)
    for r in answer.rows:
        kind = "service" if s(r["element"]).startswith(REF) else "territoire"
        got[(s(r["departement"]), kind)].add(s(r["element"]))
    services = idx.subjects(SKOS + "inScheme", REF + "service")
    for code in codes():
        dep = dep_iri(code)
        epcis = idx.subjects(PP + "dansDepartement", dep) & idx.instances(PP + "EPCI")
        uncovered = set()
        for e in epcis:
            places = {e} | idx.subjects(PP + "membreDeEPCI", e)
            ranks = [idx.rank(idx.one(o, PP + "niveau")) for t in places
                     for o in idx.subjects(PP + "territoireDesservi", t)
                     if idx.one(o, PP + "niveau")]
            if not ranks or max(ranks) <= threshold:
                uncovered.add(e)
        assert got.get((dep, "territoire"), set()) == uncovered, code
        inside = {dep} | idx.subjects(PP + "subdivisionDe", dep) | \
            idx.subjects(PP + "dansDepartement", dep)
        offered = {idx.one(o, PP + "service") for t in inside
                   for o in idx.subjects(PP + "territoireDesservi", t)}
        assert got.get((dep, "service"), set()) == services - offered, code
    assert any(k[1] == "territoire" for k in got) and any(k[1] == "service" for k in got)


def _events(idx: Index, projet: str) -> list[tuple]:
    events = []
    for v in idx.values(projet, PP + "datePremierContact"):
        events.append((v.value, 1, projet, None))
    for v in idx.values(projet, PP + "dateOuverture"):
        events.append((v.value, 5, projet, None))
    for evt in idx.subjects(PP + "projet", projet):
        kinds = idx.values(evt, RDF_TYPE)
        if PP + "Accompagnement" in kinds:
            st = idx.one(evt, PP + "parStructure")
            for v in idx.values(evt, PP + "dateDebut"):
                events.append((v.value, 2, evt, st))
            for v in idx.values(evt, PP + "dateFin"):
                events.append((v.value, 4, evt, st))
        if PP + "Orientation" in kinds:
            for v in idx.values(evt, PP + "dateOrientation"):
                events.append((v.value, 3, evt, idx.one(evt, PP + "depuisStructure")))
    return sorted(events)


def test_parcours_tells_the_story_of_projects_in_date_order():
    idx = index()
    projects = sorted(idx.instances(PP + "Projet"))
    opened = [p for p in projects if idx.values(p, PP + "dateOuverture")
              and idx.subjects(PP + "projet", p) & idx.instances(PP + "Orientation")]
    chosen = opened[:3] + projects[::97][:4]
    for projet in chosen:
        answer = ask_question(demo_store(), "parcours", {"projet": projet.rsplit("/", 1)[1]})
        got = [(str(r["date"]), int(r["ordre"]), s(r["evt"]), s(r.get("structure")))
               for r in answer.rows]
        assert got == _events(idx, projet), projet
    # nothing personal: no name, e-mail, phone nor project title in the answer
    answer = ask_question(demo_store(), "parcours", {"projet": chosen[0]})
    text = format_table(answer) + format_csv(answer) + format_json(answer)
    porteur = idx.one(chosen[0], PP + "porteur")
    for p in ("nomPersonne", "prenom", "courriel", "telephone"):
        for v in idx.values(porteur, PP + p):
            assert v.value not in text
    assert idx.one(chosen[0], PP + "intituleProjet").value not in text


def test_reseau_counts_orientations_between_structures():
    idx = index()
    expected = Counter((idx.one(o, PP + "depuisStructure"), idx.one(o, PP + "versStructure"))
                       for o in idx.instances(PP + "Orientation"))
    answer = ask_question(demo_store(), "reseau")
    got = {(s(r["depuis"]), s(r["vers"])): int(r["orientations"]) for r in answer.rows}
    assert got == dict(expected)
    counts = [int(r["orientations"]) for r in answer.rows]
    assert counts == sorted(counts, reverse=True)
    landes = ask_question(demo_store(), "reseau", {"departement": "40"})
    assert {s(r["depuis"]) for r in landes.rows} == {
        a for a, _ in expected if idx.one(a, PP + "departement") == dep_iri("40")}


def test_devenus_prestataires_per_structure_and_level():
    idx = index()
    porteurs = defaultdict(set)
    presta = defaultdict(set)
    for acc in idx.instances(PP + "Accompagnement"):
        key = (idx.one(acc, PP + "parStructure"), idx.one(acc, PP + "niveau"))
        projet = idx.one(acc, PP + "projet")
        porteur = idx.one(projet, PP + "porteur")
        porteurs[key].add(porteur)
        if idx.subjects(PP + "issuDuProjet", projet):
            presta[key].add(porteur)
    answer = ask_question(demo_store(), "devenus-prestataires")
    got = {(s(r["structure"]), s(r["niveau"])): (int(r["porteurs"]), int(r["prestataires"]))
           for r in answer.rows}
    assert got == {k: (len(v), len(presta[k])) for k, v in porteurs.items()}
    assert sum(p for _, p in got.values()) > 0


def test_questions_answer_in_english_with_english_headers_and_labels():
    a = ask_question(demo_store(), "orientation", ORIENTATION_CASES[0], lang="en")
    assert list(a.columns.values())[:2] == ["Organisation", "Kind"]
    assert any("all project types" in r for row in a.records() for r in row["pourquoi"])
    assert "Welcome and information" in format_table(a).replace("\n", " ")


# -- ad-hoc SPARQL: read-only, parameters as terms -------------------------------------------

def scratch_store() -> Store:
    store = Store()
    store.replace_graph("urn:g", (DATA / "hostile.ttl"))
    return store


@pytest.mark.parametrize("text", [
    "DROP ALL",
    "CLEAR GRAPH <urn:g>",
    "# une requête ?\nINSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }",
    "PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/donnees.ttl> INTO GRAPH <urn:g>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "MOVE GRAPH <urn:g> TO GRAPH <urn:h>",
    "CREATE GRAPH <urn:nouveau> ; DROP GRAPH <urn:g>",
])
def test_an_update_is_refused_and_leaves_the_store_unchanged(text):
    store = scratch_store()
    before = store.graph_counts()
    with pytest.raises(InputError, match="modifie le magasin.*--allow-update"):
        run_sparql(store, text)
    assert store.graph_counts() == before


def test_keywords_in_strings_and_comments_do_not_make_an_update():
    store = scratch_store()
    text = ('SELECT ?s WHERE { ?s rdfs:label "DROP ALL ; INSERT DATA { }" } '
            "# DELETE WHERE { ?s ?p ?o } SERVICE <http://x>")
    assert sparql_kind(text).form == "select" and not sparql_kind(text).service
    assert run_sparql(store, text).rows == []
    assert sparql_kind("ASK { <urn:x:drop> ?load ?insert }").form == "ask"


def test_an_allowed_update_runs_as_one_transaction():
    store = scratch_store()
    n = store.count()
    answer = run_sparql(store, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }",
                        allow_update=True)
    assert store.count() == n + 1 and "1 triplet ajouté" in answer.message
    with pytest.raises(InputError, match="le magasin est inchangé"):
        run_sparql(store, "INSERT DATA { GRAPH <urn:g> { <urn:d> <urn:e> <urn:f> } } ; "
                          "DROP GRAPH <urn:inexistant>", allow_update=True)
    assert store.count() == n + 1  # the failing update changed nothing


def test_service_and_load_need_their_own_flag():
    store = scratch_store()
    with pytest.raises(InputError, match="SERVICE.*--allow-service"):
        run_sparql(store, "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(InputError, match="LOAD.*--allow-service"):
        run_sparql(store, "LOAD <http://127.0.0.1:9/x.ttl>", allow_update=True)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_parameter_value_is_only_ever_a_value(value):
    store = scratch_store()
    before = store.graph_counts()
    text = "SELECT ?s ?nom WHERE { ?s rdfs:label ?nom }"
    rows = run_sparql(store, text, {"nom": Literal(value, lang="fr")}).rows
    matching = [r for r in run_sparql(store, "SELECT ?s ?nom WHERE { ?s rdfs:label ?nom }").rows
                if str(r["nom"]) == value]
    assert rows == matching and len(rows) == 1
    with pytest.raises(InputError):
        ask_question(store, "qui-fait-quoi", {"departement": value})
    assert store.graph_counts() == before


def test_typed_parameters_of_a_question_file(tmp_path):
    q = tmp_path / "noms.rq"
    q.write_text('# @titre Structures d\'un nom\n# @param nom texte obligatoire : le nom\n'
                 "# @colonne s : Structure\n# @colonne libelle : Nom\n"
                 "SELECT ?s ?libelle ?nom WHERE { ?s rdfs:label ?libelle "
                 "FILTER(STR(?libelle) = ?nom) }", encoding="utf-8")
    store = scratch_store()
    answer = ask_question(store, q, {"nom": HOSTILE[0]})
    assert [str(r["libelle"]) for r in answer.rows] == [HOSTILE[0]]
    assert format_table(answer).splitlines()[0].split() == ["Structure", "Nom"]


def test_a_parameter_need_not_be_projected():
    rows = run_sparql(scratch_store(), "SELECT ?s WHERE { ?s rdfs:label ?nom }",
                      {"nom": Literal("<script>alert(1)</script>", lang="fr")}).rows
    assert rows == [{"s": URIRef("https://w3id.org/ppgraph/id/structure/23-H-5")}]


def test_a_query_without_where_group_cannot_take_parameters():
    with pytest.raises(InputError, match="CONSTRUCT WHERE"):
        run_sparql(scratch_store(), "CONSTRUCT WHERE { ?s rdfs:label ?nom }", {"nom": '"a"'})


# -- outputs ---------------------------------------------------------------------------------

def test_table_is_aligned_with_french_headers_labels_and_numbers():
    answer = ask_question(demo_store(), "niveaux")
    lines = format_table(answer).splitlines()
    assert lines[0].split("  ")[0] == "Département"
    assert "Niveau d'accompagnement" in lines[0] and "Part du département (%)" in lines[0]
    # The rule under the headers gives each column's extent; every cell sits in its column:
    # text columns start at the column's left edge, numbers end at its right edge.
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[1])]
    assert len(spans) == 4
    numeric = {2, 3}  # « Structures » and « Part du département (%) »
    for line in [lines[0]] + lines[2:]:
        for i, (start, end) in enumerate(spans):
            cell = line[start:end]
            assert line[max(0, start - 2):start].strip() == "", (line, i)
            assert line[end:end + 2].strip() == "", (line, i)
            if i in numeric:
                assert cell == cell.rjust(end - start) and cell.strip(), (line, i)
            else:
                assert not cell.startswith(" ") and cell.strip(), (line, i)
    rows = [[line[a:b].strip() for a, b in spans] for line in lines[2:]]
    expected = {(answer.label(r["departement"]), answer.label(r.get("niveau")) or "—"):
                (str(int(r["structures"])), str(r["part"]).replace(".", ","))
                for r in answer.rows}
    assert {(d, n): (c, p) for d, n, c, p in rows} == expected
    assert "https://" not in "\n".join(lines) and "Guichet unique" in lines[3] + lines[4]
    assert re.search(r"\b\d+,\d\b", "\n".join(lines))  # decimal comma


def test_csv_opens_in_a_french_excel():
    answer = ask_question(demo_store(), "niveaux")
    text = format_csv(answer)
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == list(answer.columns.values())
    assert len(rows) == len(answer.rows) + 1
    assert any(re.fullmatch(r"\d+,\d", r[3]) for r in rows[1:])
    plain = list(csv.reader(io.StringIO(format_csv(answer, sep=",", bom=False))))
    assert any(re.fullmatch(r"\d+\.\d", r[3]) for r in plain[1:])
    iris = list(csv.reader(io.StringIO(format_csv(answer, iris=True, bom=False)), delimiter=";"))
    assert iris[1][0].startswith("https://w3id.org/ppgraph/territoire/departement/")


def test_json_is_sparql_1_1_results():
    answer = ask_question(demo_store(), "reseau", {"departement": "23"})
    parsed = Result.parse(io.BytesIO(format_json(answer).encode("utf-8")), format="json")
    assert list(map(str, parsed.vars)) == answer.variables
    assert [dict(r.asdict()) for r in parsed] == answer.rows
    ask = run_sparql(demo_store(), "ASK { ?s a pp:Structure }")
    assert json.loads(format_json(ask)) == {"head": {}, "boolean": True}


def test_construct_comes_out_as_turtle():
    answer = run_sparql(demo_store(), "CONSTRUCT { ?s a pp:Structure } WHERE { ?s a "
                                      "pp:Structure ; pp:departement ?d } ", {"d": dep_iri("23")})
    g = Graph().parse(data=format_turtle(answer), format="turtle")
    assert len(g) == len(index().subjects(PP + "departement", dep_iri("23"))
                         & index().instances(PP + "Structure"))
    with pytest.raises(InputError, match="--format turtle"):
        format_csv(answer)


def test_records_are_plain_python_values():
    records = ask_question(demo_store(), "parcours", {"projet": "33-PJ-0001"}).records()
    import datetime as dt
    assert isinstance(records[0]["date"], dt.date)
    assert all(isinstance(r["etapes"], list) for r in records if r["etapes"] is not None)
    assert json.dumps(ask_question(demo_store(), "niveaux").records())  # plain types only


def test_empty_answers_say_so_in_french():
    store = Store()
    load_reference_data(store)
    answer = ask_question(store, "reseau")
    assert format_table(answer) == "Aucune orientation enregistrée."


# -- command line ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def disk_demo(tmp_path_factory):
    """The demo on disk, for the command line (which opens --store)."""
    path = tmp_path_factory.mktemp("q") / "magasin"
    with Store(path) as store:
        load_reference_data(store)
        for f in demo_files():
            store.replace_graph(submission_graph(f.stem.split("-", 1)[1]), f)
    return path


def run(*args, **kw):
    return CliRunner().invoke(cli.main, list(args), **kw)


def test_cli_lists_and_describes_the_questions(disk_demo):
    r = run("--store", str(disk_demo), "query", "--list")
    assert r.exit_code == 0, r.output
    for q in list_questions():
        assert q.name in r.output and q.title() in r.output
    r = run("query", "orientation", "--list")
    assert "--param territoire=" in r.output and "Exemples :" in r.output
    r = run("query", "--help")
    assert "Exemples :" in r.output and "lecture seule" in r.output


def test_cli_answers_a_named_question_in_every_format(disk_demo, tmp_path):
    r = run("--store", str(disk_demo), "query", "orientation", "--param", "territoire=24520",
            "--param", "type=chambre-hotes", "--param", "etape=financement")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Où orienter un porteur de projet — territoire : "
                               "Sarlat-la-Canéda (24520)")
    assert "Pourquoi" in r.output and "lignes." in r.output
    out = tmp_path / "o.csv"
    r = run("--store", str(disk_demo), "query", "niveaux", "--format", "csv", "-o", str(out))
    # 12 départements × their levels, and the structures without a level (banks, Région...)
    assert r.exit_code == 0 and "45 lignes écrites dans" in r.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    r = run("--store", str(disk_demo), "query", "reseau", "--format", "json")
    assert json.loads(r.output)["head"]["vars"][:3] == ["departement", "lang", "depuis"]
    r = run("--store", str(disk_demo), "query", "-q",
            "CONSTRUCT { ?s a pp:Region } WHERE { ?s a pp:Region }")
    assert r.exit_code == 0 and len(Graph().parse(data=r.output, format="turtle")) == 18


def test_cli_refuses_an_update_with_exit_code_2_and_changes_nothing(disk_demo):
    with Store(disk_demo, read_only=True) as store:
        before = store.graph_counts()
    r = run("--store", str(disk_demo), "query", "-q", "DROP ALL")
    assert r.exit_code == 2
    assert "Erreur : Cette requête modifie le magasin" in r.output and "Traceback" not in r.output
    with Store(disk_demo, read_only=True) as store:
        assert store.graph_counts() == before


def test_cli_ad_hoc_query_from_a_file_with_hostile_parameter(disk_demo, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("# DELETE ne compte pas ici\nSELECT ?s ?code WHERE { ?s pp:codeINSEE ?code }",
                 encoding="utf-8")
    r = run("--store", str(disk_demo), "query", "-f", str(q), "--param", 'code="33"^^xsd:token')
    assert r.exit_code == 0 and "Gironde" in r.output
    r = run("--store", str(disk_demo), "query", "-f", str(q), "--param",
            'code="33\\"} ; DROP ALL ; #"')
    assert r.exit_code == 0 and "Aucun résultat." in r.output


def test_cli_errors_are_one_french_line(disk_demo):
    r = run("--store", str(disk_demo), "query", "qui-fait-quoi")
    assert r.exit_code == 2 and "Paramètre obligatoire manquant" in r.output
    r = run("--store", str(disk_demo), "query", "qui-fait-quoi", "--param", "33")
    assert r.exit_code == 2 and "attendu nom=valeur" in r.output
    r = run("--store", str(disk_demo), "query")
    assert r.exit_code == 2 and "Indiquez une question nommée" in r.output
    r = run("--store", str(disk_demo), "query", "-q", "SELECT * WHERE { ?s ")
    assert r.exit_code == 2 and "Requête SPARQL invalide" in r.output


# -- the site --------------------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.text, self.tables = [], set(), [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "table":
            self.tables += 1

    def handle_data(self, data):
        self.text.append(data)


def _page(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    write_site(demo_store(), folder)
    return folder


def test_site_has_a_qui_fait_quoi_page_per_departement(site):
    idx = index()
    index_page = _page(site / "qui-fait-quoi.html")
    for code in codes():
        assert f"qui-fait-quoi-{code}.html" in index_page.links
        page = _page(site / f"qui-fait-quoi-{code}.html")
        text = " ".join(page.text)
        structures = (idx.subjects(PP + "departement", dep_iri(code))
                      & idx.instances(PP + "Structure"))
        for st in structures:
            assert idx.label(st) in text, (code, st)
        assert "Manques" in text
    nav = _page(site / "index.html").links
    assert "qui-fait-quoi.html" in nav and "orientation.html" in nav


def test_site_orientation_page_answers_the_examples(site):
    # The page answers any case in the browser from the offers it embeds (issue 11; its
    # answers are compared with the CLI's in tests/test_orientation_site.py): the static page
    # holds the form and the data, whose structures include the CLI's first answer.
    page = _page(site / "orientation.html")
    text = " ".join(page.text)
    html = (site / "orientation.html").read_text(encoding="utf-8")
    assert "Où orienter un porteur de projet" in text
    assert "Type de projet" in text and "Étape du projet" in text
    answer = ask_question(demo_store(), "orientation", ORIENTATION_CASES[0])
    first = answer.label(answer.rows[0]["structure"])
    assert first in html
    for href in page.links:
        target, _, anchor = href.partition("#")
        assert (site / (target or "orientation.html")).is_file(), href
        if anchor and not target:
            assert anchor in page.ids


def test_site_pages_escape_the_data(tmp_path):
    store = Store()
    load_reference_data(store)
    store.replace_graph(submission_graph("23"), DATA / "hostile.ttl")
    write_site(store, tmp_path)
    html = (tmp_path / "qui-fait-quoi-23.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_site_pages_work_in_a_real_browser(site, tmp_path):
    import shutil
    import subprocess

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium absent")
    case = "#territoire=commune-24520&type=chambre-hotes&etape=financement"
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                          f"--user-data-dir={tmp_path}", "--virtual-time-budget=5000",
                          "--dump-dom", (site / "orientation.html").as_uri() + case],
                         capture_output=True, text=True, timeout=60).stdout
    answer = ask_question(demo_store(), "orientation", ORIENTATION_CASES[0])
    first = answer.label(answer.rows[0]["structure"])
    assert "Où orienter un porteur de projet" in dom
    # The answer is drawn by the page's script: the CLI's first structure is in the DOM,
    # among the answered structures.
    assert "orientation-structure" in dom and first in dom


# -- documentation ----------------------------------------------------------------------------

@pytest.mark.parametrize("module", ["questions", "questions.catalogue", "questions.parameters",
                                    "questions.run", "questions.formats", "store.sparql"])
def test_docstring_examples_run(module):
    import importlib

    result = doctest.testmod(importlib.import_module(f"ppgraph.{module}"),
                             optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 2

"""The actor network: projection from the store, analysis, selections, exports and the
``network`` commands.

Expected values of the projection are computed independently, with rdflib straight from the
Turtle files (``data/demo``, ``tests/data/issue5``); the analysis is checked on a small
hand-built graph whose answers are worked out in the comments.
"""

from __future__ import annotations

import copy
import doctest
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, URIRef

import cli
import ppgraph.network as network_module
from ppgraph.errors import InputError
from ppgraph.namespaces import PP, submission_graph
from ppgraph.network import (NODE_ATTRIBUTES, actor_graph, add_structure, brokers, components,
                             cytoscape_json, departement_subgraph, departement_summary,
                             find_structure, hubs, isolated_structures, network_statistics,
                             referrals_without_offer, structure_neighbourhood, support_graph,
                             write_network)
from ppgraph.reference import load_reference_data, personal_properties
from ppgraph.resources import demo_dir, referentiel_files
from ppgraph.store import Store
from ppgraph.viz import render_view

DATA = Path(__file__).parent / "data" / "issue5"
FIXTURE = DATA / "reseau-23.ttl"
S = "https://w3id.org/ppgraph/id/structure/"
T = "https://w3id.org/ppgraph/territoire/"


def run(*args):
    return CliRunner().invoke(cli.main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def fixture_store():
    store = Store()
    load_reference_data(store)
    store.replace_graph(submission_graph("23"), FIXTURE)
    return store


@pytest.fixture(scope="module")
def demo_store():
    """The bundled demo submissions (data/demo/*.ttl), loaded as they are."""
    store = Store()
    load_reference_data(store)
    for path in sorted(demo_dir().glob("soumission-*.ttl")):
        store.replace_graph(submission_graph(path.stem.removeprefix("soumission-")), path)
    return store


@pytest.fixture(scope="module")
def demo_on_disk(tmp_path_factory) -> Path:
    """The same, in an on-disk store, for the commands."""
    path = tmp_path_factory.mktemp("magasin") / "store"
    with Store(path) as store:
        load_reference_data(store)
        for f in sorted(demo_dir().glob("soumission-*.ttl")):
            store.replace_graph(submission_graph(f.stem.removeprefix("soumission-")), f)
    return path


@pytest.fixture(scope="module")
def demo_graph(demo_store):
    return actor_graph(demo_store)


@pytest.fixture(scope="module")
def demo_turtle() -> Graph:
    g = Graph()
    for f in sorted(demo_dir().glob("soumission-*.ttl")):
        g.parse(f, format="turtle")
    return g


def edges(G, kind):
    return {(u, v): w for u, v, k, w in G.edges(keys=True, data="weight") if k == kind}


# -- projection against the demo data, computed with rdflib -------------------------------------

def test_projection_of_the_demo_matches_the_turtle_files(demo_graph, demo_turtle):
    G, g = demo_graph, demo_turtle
    structures = {str(s) for s in g.subjects(RDF.type, PP.Structure)}
    assert {n for n, k in G.nodes(data="kind") if k == "structure"} == structures

    expected = Counter((str(g.value(o, PP.depuisStructure)), str(g.value(o, PP.versStructure)))
                       for o in g.subjects(RDF.type, PP.Orientation))
    assert edges(G, "oriente") == dict(expected)
    assert sum(edges(G, "oriente").values()) == len(set(g.subjects(RDF.type, PP.Orientation)))

    partners = {frozenset((str(a), str(b))) for a, b in g.subject_objects(PP.partenaireDe)}
    assert Counter(frozenset(e) for e in edges(G, "partenaire")) == Counter(partners)
    assert set(edges(G, "membre_reseau")) == {(str(a), str(b)) for a, b in
                                              g.subject_objects(PP.membreDuReseau)}
    covered = {(str(a), str(b)) for a, b in g.subject_objects(PP.territoireCouvert)}
    assert set(edges(G, "couvre")) == covered
    served = {(str(g.value(o, PP.proposePar)), str(t))
              for o, t in g.subject_objects(PP.territoireDesservi)} - covered
    assert set(edges(G, "dessert")) == served
    members = Counter((str(g.value(t, PP.employePar)), str(grp))
                      for t, grp in g.subject_objects(PP.membreDuGroupe))
    assert edges(G, "membre_groupe") == dict(members) and sum(members.values()) >= 10
    assert set(edges(G, "anime")) == {(str(b), str(a)) for a, b in g.subject_objects(PP.animePar)}
    assert not edges(G, "accompagne")  # projects only when asked

    territories = {t for _, t in covered | served}
    assert {n for n, k in G.nodes(data="kind") if k == "territoire"} == territories
    groups = {str(x) for x in g.subjects(RDF.type, PP.GroupeDeTravail)}
    assert {n for n, k in G.nodes(data="kind") if k == "groupe"} == groups
    assert G.number_of_nodes() == len(structures) + len(territories) + len(groups)


def test_demo_node_attributes_come_from_the_data_and_the_referentiel(demo_graph, demo_turtle):
    G, g = demo_graph, demo_turtle
    ref = Graph()
    for f in referentiel_files():
        ref.parse(f, format="turtle")
    received = Counter(str(g.value(o, PP.versStructure)) for o in g.subjects(RDF.type, PP.Orientation))
    sent = Counter(str(g.value(o, PP.depuisStructure)) for o in g.subjects(RDF.type, PP.Orientation))
    for s in g.subjects(RDF.type, PP.Structure):
        d = G.nodes[str(s)]
        assert set(d) == set(NODE_ATTRIBUTES)
        assert d["label"] == str(g.value(s, RDFS.label))
        # a structure that serves several départements (the shared ADT): the first, and all
        deps = sorted((str(x).rsplit("/", 1)[1] for x in g.objects(s, PP.departement)),
                      key=lambda c: (len(c), c))
        assert d["departement"] == deps[0] and d["departements"] == ";".join(deps)
        niveau = g.value(s, PP.niveauAccompagnement)
        # a type that does not accompany project holders (bank, Région...) has no level
        assert d["niveau"] == (str(niveau) if niveau is not None else "")
        assert d["niveau_rank"] == (int(ref.value(niveau, PP.rang)) if niveau is not None else -1)
        assert d["type_label"] == str(ref.value(g.value(s, PP.typeStructure),
                                                URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
        assert d["email"] == str(g.value(s, PP.courrielPublic))
        assert d["referrals_received"] == received[str(s)]
        assert d["referrals_sent"] == sent[str(s)]
        assert d["personal"] == ""
    assert {r["code"] for r in G.graph["niveaux"]} >= {"aucun", "guichet-unique", "suivi-precis"}
    assert G.graph["niveau_floor"] == 0 and G.graph["regions"] == ["Nouvelle-Aquitaine"]
    assert len(G.graph["departements"]) == 12


def test_projection_reads_nothing_personal_unless_asked(demo_store, demo_graph, demo_turtle):
    hidden = personal_properties()
    secrets = {str(o) for s, p, o in demo_turtle if p in hidden and isinstance(o, Literal)}
    assert len(secrets) > 500

    # First names also occur inside place names (Saint-Laurent): values must not be equal to
    # a secret, and no text may contain a distinctive one (surname, e-mail, phone number).
    distinctive = {s for s in secrets if any(c.isdigit() for c in s) or "@" in s}
    assert len(distinctive) > 500

    def values(G):
        out = set()
        for _, d in G.nodes(data=True):
            out.update(str(v) for v in d.values())
        for *_, d in G.edges(data=True):
            out.update(str(v) for v in d.values())
        return out

    def texts(G):
        return " | ".join(sorted(values(G)))

    assert not values(demo_graph) & secrets
    public = texts(demo_graph)
    assert not [s for s in distinctive if s in public]
    before = demo_store.count()
    personal = actor_graph(demo_store, include_personal=True, include_projects=True)
    assert demo_store.count() == before
    shown = texts(personal)
    assert [s for s in distinctive if s in shown]
    # Projects are anonymous without include_personal: no title, no IRI, no commune.
    projects = actor_graph(demo_store, include_projects=True)
    titles = {str(o) for o in demo_turtle.objects(None, PP.intituleProjet)}
    project_nodes = [d for _, d in projects.nodes(data=True) if d["kind"] == "projet"]
    assert len(project_nodes) == len({a for a in demo_turtle.objects(None, PP.projet)
                                      if (a, RDF.type, PP.Projet) in demo_turtle})
    assert all(d["iri"] == "" and d["label"].startswith("Projet ") for d in project_nodes)
    anonymous = texts(projects)
    assert not [t for t in titles if t in anonymous]


def test_fixture_projection_counts_links_once_and_keeps_unknown_ends(fixture_store):
    G = actor_graph(fixture_store)
    assert edges(G, "oriente") == {(S + "23-OT-A", S + "23-ADT"): 3, (S + "23-OT-A", S + "23-CCI"): 1,
                                   (S + "23-OT-B", S + "23-ADT"): 2, (S + "23-ADT", S + "87-CMA"): 1,
                                   (S + "23-OT-B", S + "23-OT-C"): 2}
    assert list(edges(G, "partenaire")) == [(S + "23-ADT", S + "23-OT-A")]  # declared twice
    assert list(edges(G, "rattachee")) == [(S + "23-BIT", S + "23-OT-A")]
    assert set(edges(G, "dessert")) == {(S + "23-ADT", T + "departement/87")}
    assert set(edges(G, "couvre")) == {(S + "23-ADT", T + "departement/23"),
                                       (S + "23-OT-A", T + "epci/200034825"),
                                       (S + "23-OT-B", T + "epci/200034825")}
    unknown = G.nodes[S + "87-CMA"]
    assert unknown["described"] is False and unknown["label"] == "87-CMA"
    assert G.nodes[T + "epci/200034825"]["label"] == "CA du Grand Guéret"
    assert G.nodes[T + "epci/200034825"]["departement"] == "23"
    adt = G.nodes[S + "23-ADT"]
    assert adt["website"] == "https://adt-fictive-23.example/porteurs"
    assert adt["commune"] == "Guéret" and adt["offer_rank_max"] == 2
    assert "Données et étude de marché" in adt["services"]
    assert G.nodes[S + "23-OT-A"]["label"] == "<script>alert(1)</script>"
    assert G.nodes[S + "23-OT-C"]["offer_rank_max"] == -1

    P = actor_graph(fixture_store, include_projects=True, include_personal=True)
    assert edges(P, "accompagne") == {(S + "23-OT-A", "projet-1"): 2, (S + "23-OT-A", "projet-2"): 1}
    assert P.nodes["projet-1"]["type_label"] == "Meublé de tourisme"
    assert P.nodes["projet-2"]["etape"] == "Ouverture"
    assert "Porteur-Personnel-23" in P.nodes["projet-1"]["personal"]
    assert "Gîte secret à Guéret" in P.nodes["projet-1"]["personal"]
    assert "Nom-Personnel-23" in P.nodes[S + "23-ADT"]["personal"]
    assert "Chargée de mission" not in P.nodes[S + "23-ADT"]["personal"]  # not personal data


def test_fixture_analysis(fixture_store):
    G = actor_graph(fixture_store)
    # 87-CMA also receives an orientation, but no submission says what it offers.
    assert [r["node"] for r in referrals_without_offer(G)] == [S + "23-OT-C"]
    assert referrals_without_offer(G)[0]["referrals_received"] == 2
    assert {r["node"] for r in isolated_structures(G)} == {S + "23-ISOLE", S + "33-RESEAU"}
    top = hubs(G, 2)
    assert [r["node"] for r in top] == [S + "23-ADT", S + "23-OT-A"]  # degree 3, weights 7 and 6
    assert [(r["degree"], r["weighted_degree"]) for r in top] == [(3, 7), (3, 6)]
    assert [c["size"] for c in components(G)] == [7, 1, 1]


# -- analysis on a hand-built graph ------------------------------------------------------------

@pytest.fixture()
def hand_built():
    """Two départements. 19: s1 -(4)-> s2, s3 -(1)-> s2, s7 alone (only a member of the
    network s8). 23: s4 partner of s5, s5 -(3)-> s6 (level aucun, no offer), s4 -(1)-> s9
    (level aucun but an offer above it). Across: s2 -(2)-> s4."""
    G = nx.MultiDiGraph(niveau_floor=0, niveau_top=2, departements={"19": "Corrèze", "23": "Creuse"})
    add_structure(G, "s1", "A-OT-1", "19", 1, offer_rank_max=1)
    add_structure(G, "s2", "A-ADT", "19", 2, offer_rank_max=2)
    add_structure(G, "s3", "A-OT-3", "19", 1, offer_rank_max=1)
    add_structure(G, "s7", "A-OT-7", "19", 1, offer_rank_max=1)
    add_structure(G, "s8", "Réseau", "33", -1)
    add_structure(G, "s4", "B-ADT", "23", 2, offer_rank_max=2)
    add_structure(G, "s5", "B-OT-5", "23", 1, offer_rank_max=1)
    add_structure(G, "s6", "B-OT-6", "23", 0, offer_rank_max=-1)
    add_structure(G, "s9", "B-OT-9", "23", 0, offer_rank_max=1)
    for u, v, k, w in [("s1", "s2", "oriente", 4), ("s3", "s2", "oriente", 1),
                       ("s2", "s4", "oriente", 2), ("s4", "s5", "partenaire", 1),
                       ("s5", "s6", "oriente", 3), ("s4", "s9", "oriente", 1),
                       ("s7", "s8", "membre_reseau", 1)]:
        G.add_edge(u, v, key=k, kind=k, weight=w, label=k)
    return G


def test_hubs_by_degree_and_betweenness(hand_built):
    # s2 and s4 both have three neighbours; s2 weighs 4+1+2 = 7, s4 2+1+1 = 4.
    assert [r["node"] for r in hubs(hand_built, 2)] == ["s2", "s4"]
    # The component {s1,s2,s3,s4,s5,s6,s9} is a tree: s4 separates {s1,s2,s3} | {s5,s6} | {s9}:
    # 3*2 + 3*1 + 2*1 = 11 pairs; s2: {s1} | {s3} | {s4,s5,s6,s9}: 1 + 4 + 4 = 9; s5: 5*1 = 5.
    # Normalised by (9-1)(9-2)/2 = 28 pairs.
    between = hubs(hand_built, 3, by="betweenness")
    assert [r["node"] for r in between] == ["s4", "s2", "s5"]
    assert [round(r["betweenness"] * 28) for r in between] == [11, 9, 5]
    assert [r["node"] for r in hubs(hand_built, None, departement="23")] == ["s4", "s5", "s6", "s9"]


def test_brokers_isolated_and_referrals_without_offer(hand_built):
    assert [(r["node"], r["other_departements"], r["weight"]) for r in brokers(hand_built)] == \
        [("s2", ["23"], 2), ("s4", ["19"], 2)]
    assert [r["node"] for r in brokers(hand_built, departement="23")] == ["s4"]
    # Membership of the network is not a support link: s7 and s8 are isolated.
    assert [r["node"] for r in isolated_structures(hand_built)] == ["s7", "s8"]
    assert "s7" not in {r["node"] for r in isolated_structures(hand_built, links=["membre_reseau"])}
    # s6 receives 3 orientations and offers nothing; s9 declares aucun but offers more.
    assert [(r["node"], r["referrals_received"]) for r in referrals_without_offer(hand_built)] == \
        [("s6", 3)]
    assert referrals_without_offer(hand_built, floor=1)[0]["node"] == "s6"
    # With « guichet unique » (1) as the floor, s9's offer no longer counts; s5 receives nothing.
    assert {r["node"] for r in referrals_without_offer(hand_built, floor=1)} == {"s6", "s9"}


def test_components_and_summary_per_departement(hand_built):
    assert [(c["size"], c["departements"]) for c in components(hand_built)] == \
        [(7, ["19", "23"]), (1, ["19"]), (1, ["33"])]
    summary = departement_summary(hand_built)
    a, b = summary["19"], summary["23"]
    assert (a["structures"], a["referrals_internal"], a["referrals_out"], a["referrals_in"]) == (4, 5, 2, 0)
    assert (b["structures"], b["referrals_internal"], b["referrals_out"], b["referrals_in"]) == (4, 4, 0, 2)
    assert (a["entry_points"], a["top_level"], b["entry_points"], b["top_level"]) == (4, 1, 2, 1)
    assert (a["isolated"], b["isolated"], b["partnerships"]) == (1, 0, 1)
    assert a["hub"] == "A-ADT" and b["hub"] == "B-ADT"  # s4 and s5 weigh 4: alphabetical
    assert list(summary) == ["19", "23", "33"]


def test_statistics_are_plain_data_and_analysis_changes_nothing(hand_built):
    before = copy.deepcopy((dict(hand_built.nodes(data=True)), list(hand_built.edges(keys=True, data=True)),
                            dict(hand_built.graph)))
    stats = network_statistics(hand_built, top=3)
    assert json.loads(json.dumps(stats)) == stats
    assert stats["links"]["oriente"] == {"count": 5, "weight": 11}  # 4 + 1 + 2 + 3 + 1
    assert stats["components"]["sizes"] == [{"size": 7, "count": 1}, {"size": 1, "count": 2}]
    support_graph(hand_built)
    departement_subgraph(hand_built, "23")
    structure_neighbourhood(hand_built, "s4", 2)
    render_view(hand_built)
    assert before == (dict(hand_built.nodes(data=True)), list(hand_built.edges(keys=True, data=True)),
                      dict(hand_built.graph))
    with pytest.raises(InputError, match="Type de lien inconnu"):
        support_graph(hand_built, ["amitie"])
    with pytest.raises(InputError, match="« 99 » n'a aucune structure"):
        network_statistics(hand_built, departement="99")


# -- selections ----------------------------------------------------------------------------------

def test_departement_subgraph_marks_external_nodes_and_leaves_out_network_members(demo_graph):
    H = departement_subgraph(demo_graph, "23")
    inside = [n for n, d in H.nodes(data=True) if not d["external"]]
    assert all(H.nodes[n]["departement"] == "23" for n in inside)
    outside = [n for n, d in H.nodes(data=True) if d["external"]]
    assert outside and all(H.nodes[n]["departement"] != "23" for n in outside)
    assert all(not demo_graph.nodes[n]["external"] for n in demo_graph)  # the original is intact
    # Every link of the subgraph touches the département.
    assert all(H.nodes[u]["departement"] == "23" or H.nodes[v]["departement"] == "23"
               for u, v in H.edges())
    # Gironde hosts the regional network: its view does not pull in every office of the region.
    G33 = departement_subgraph(demo_graph, "33")
    foreign_offices = [n for n, d in G33.nodes(data=True)
                       if d["external"] and d["type_label"] == "Office de tourisme"]
    assert len(foreign_offices) < 20
    with pytest.raises(InputError, match="départements présents : 16, 17, 19"):
        departement_subgraph(demo_graph, "2A")


def test_structure_neighbourhood_and_lookup(fixture_store):
    G = actor_graph(fixture_store)
    assert find_structure(G, "23-ADT") == S + "23-ADT"
    assert find_structure(G, S + "23-CCI") == S + "23-CCI"
    assert find_structure(G, "bureau d'INFORMATION fictif") == S + "23-BIT"
    with pytest.raises(InputError, match="Vouliez-vous dire : « Office fictif isolé »"):
        find_structure(G, "Ofice fictif isolé")  # close: suggested
    one = structure_neighbourhood(G, "23-OT-C", 1)
    assert set(one) == {S + "23-OT-C", S + "23-OT-B"}
    two = structure_neighbourhood(G, "23-OT-C", 2)
    # OT-B's neighbours; the regional network, but not all its members (only OT-B itself).
    assert S + "33-RESEAU" in two and S + "23-OT-A" not in two and S + "23-ADT" in two
    around_network = structure_neighbourhood(G, "33-RESEAU", 1)
    assert {S + "23-OT-A", S + "23-OT-B"} <= set(around_network)
    assert set(structure_neighbourhood(G, "23-ISOLE", 0)) == {S + "23-ISOLE"}


# -- exports -------------------------------------------------------------------------------------

def test_exports_open_in_graph_tools_with_flat_attributes(fixture_store, tmp_path):
    G = actor_graph(fixture_store)
    paths = {fmt: write_network(G, tmp_path / f"r.{ext}") for fmt, ext in
             (("graphml", "graphml"), ("gexf", "gexf"), ("json", "cyjs"))}
    for fmt in ("graphml", "gexf"):
        back = nx.read_graphml(paths[fmt]) if fmt == "graphml" else nx.read_gexf(paths[fmt])
        assert back.number_of_nodes() == G.number_of_nodes()
        assert back.number_of_edges() == G.number_of_edges()
        for _, d in back.nodes(data=True):
            assert all(isinstance(v, (str, int, float, bool)) for v in d.values())
        node = back.nodes[S + "23-ADT"]
        assert node["referrals_received"] == 5 and node["label"] == "Agence fictive de la Creuse"
        weights = sorted(d["weight"] for *_, d in back.edges(data=True) if d.get("kind") == "oriente")
        assert weights == [1, 1, 2, 2, 3]
    # GraphML declares every node attribute once, with a type Gephi knows.
    root = ET.parse(paths["graphml"]).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {k.get("attr.name"): k.get("attr.type") for k in root.findall("g:key[@for='node']", ns)}
    assert set(keys) == set(NODE_ATTRIBUTES)
    assert set(keys.values()) <= {"string", "long", "int", "boolean", "double"}
    assert keys["niveau_rank"] in ("long", "int") and keys["described"] == "boolean"
    doc = json.loads(paths["json"].read_text(encoding="utf-8"))
    ids = {n["data"]["id"] for n in doc["elements"]["nodes"]}
    assert len(ids) == G.number_of_nodes()
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in doc["elements"]["edges"])
    assert {e["data"]["interaction"] for e in doc["elements"]["edges"]} == {k for *_, k in G.edges(keys=True)}
    assert doc == cytoscape_json(G)
    # The same graph gives the same bytes (no date in the GEXF).
    again = write_network(G, tmp_path / "again.gexf")
    assert again.read_bytes() == paths["gexf"].read_bytes()
    with pytest.raises(InputError, match="extension inconnue"):
        write_network(G, tmp_path / "r.txt")


# -- the commands ---------------------------------------------------------------------------------

def test_network_stats_command(demo_on_disk):
    r = run("--store", demo_on_disk, "network", "stats")
    assert r.exit_code == 0, r.output
    for heading in ("Têtes de réseau, par nombre de structures liées", "par intermédiarité",
                    "Passeurs entre départements", "Structures isolées",
                    "Reçoivent des orientations sans rien proposer au-delà de « Aucun accompagnement »",
                    "Composantes connexes", "Par département"):
        assert heading in r.output
    assert "Creuse" in r.output and "Pyrénées-Atlantiques" in r.output
    r = run("--store", demo_on_disk, "network", "stats", "--departement", "23",
            "--format", "json")
    data = json.loads(r.stdout)
    assert list(data["departements"]) == ["23"]
    assert all(h["departement"] == "23" for h in data["hubs_degree"])
    r = run("--store", demo_on_disk, "network", "stats", "--departement", "99")
    assert r.exit_code == 2 and "Erreur : Le département « 99 » n'a aucune structure" in r.output
    assert "Traceback" not in r.output
    r = run("--store", demo_on_disk, "network", "stats", "--liens", "amitie")
    assert r.exit_code == 2 and "Type de lien inconnu : amitie" in r.output


def test_network_export_command(demo_on_disk, tmp_path):
    r = run("--store", demo_on_disk, "network", "export", "-o", tmp_path / "r.gexf")
    assert r.exit_code == 0, r.output
    assert "Réseau exporté en GEXF" in r.output
    assert nx.read_gexf(tmp_path / "r.gexf").number_of_nodes() > 300
    r = run("--store", demo_on_disk, "network", "export", "--format", "graphml",
            "--departement", "23", "-o", tmp_path / "creuse.xml")
    assert r.exit_code == 0, r.output
    assert {d["departement"] for _, d in nx.read_graphml(tmp_path / "creuse.xml").nodes(data=True)
            if not d["external"]} == {"23"}
    r = run("--store", demo_on_disk, "network", "export", "-o", tmp_path / "r.txt")
    assert r.exit_code == 2 and "indiquez --format" in r.output
    r = run("--store", tmp_path / "absent", "network", "export", "-o", tmp_path / "r.gexf")
    assert r.exit_code == 2 and "Aucun magasin ppgraph" in r.output


def test_commands_on_a_store_without_structures(tmp_path):
    with Store(tmp_path / "vide") as store:
        load_reference_data(store)
    r = run("--store", tmp_path / "vide", "network", "stats")
    assert r.exit_code == 2 and "ne contient aucune structure" in r.output
    assert "ppgraph demo" in r.output


def test_help_is_french_with_an_example():
    for args in (["network", "--help"], ["network", "stats", "--help"],
                 ["network", "export", "--help"], ["viz", "--help"]):
        r = run(*args)
        assert r.exit_code == 0 and "Exemple" in r.output, args


def test_docstring_examples_run():
    from ppgraph.network import analysis, export, projection, report, selection

    attempted = 0
    for module in (network_module, projection, selection, analysis, export, report):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    assert attempted > 20

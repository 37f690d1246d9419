"""The working group as data (issue 13): the call's selection rule on hand-made
candidatures, the composition rules (a group with two leads is refused), ``ppgraph group``,
the W3C ORG form and the site's page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, Namespace, URIRef

import cli
from ppgraph import PP, load_reference_data, submission_graph
from ppgraph.group import (Candidate, check_group, find_group, group_org_graph, select_members,
                           working_groups)
from ppgraph.namespaces import concept_iri, departement_iri, instance_iri, territory_iri
from ppgraph.reference import personal_properties
from ppgraph.store import Store
from ppgraph.validation import validate

REGION = ["16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"]
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
T0 = datetime(2025, 3, 3, 9, 0)


def cand(n: int, dep: str, hours: float) -> Candidate:
    return Candidate(f"{dep}-CAND-{n:02d}", dep, T0 + timedelta(hours=hours))


def outcome(selection) -> dict[str, tuple[bool, str]]:
    return {d.candidate.id: (d.retained, d.reason.render("fr")) for d in selection.decisions}


# -- the selection rule, on hand-made candidatures ----------------------------------------------

def test_the_first_to_commit_are_taken_every_departement_represented_at_most_15():
    # 20 candidatures: the Gironde (33) and the Landes (40) commit early and often; the
    # Creuse (23) has a single candidate, who came last; the Corrèze (19) has none.
    early = [cand(i, "33", i) for i in range(1, 7)] + [cand(i, "40", 6 + i) for i in range(1, 5)]
    others = [cand(1, d, 20 + k) for k, d in enumerate(
        ["16", "17", "24", "47", "64", "79", "86", "87"])]
    last = [cand(1, "23", 100)]
    extra = [cand(2, "24", 50)]
    candidates = early + others + extra + last
    assert len(candidates) == 20
    s = select_members(candidates, REGION, maximum=15, minimum=10)
    got = outcome(s)
    assert len(s.retained) == 15
    # every département with a candidate has its first one...
    for dep in set(REGION) - {"19"}:
        first = min((c for c in candidates if c.departement == dep), key=lambda c: c.committed)
        assert got[first.id][0], dep
    # ...including the Creuse, whose only candidate came last
    assert got["23-CAND-01"] == (True, "retenu : seul candidat de son département, Creuse (23), "
                                 "engagé après que le groupe aurait été complet (rang 20 sur 20)"
                                 " : chaque département doit être représenté")
    assert got["33-CAND-01"][1] == "retenu : 1er engagé de son département, Gironde (33)"
    assert got["16-CAND-01"][1] == "retenu : seul candidat de son département, Charente (16)"
    # 11 départements reserve 11 seats; the 4 others go in order of commitment
    assert [d.candidate.id for d in s.decisions if d.retained and "parmi les premiers" in
            d.reason.render("fr")] == ["33-CAND-02", "33-CAND-03", "33-CAND-04", "33-CAND-05"]
    assert got["33-CAND-06"] == (False, "non retenu : groupe complet, département déjà représenté "
                                 "(Gironde, 33) — liste d'attente, rang 1")
    assert got["24-CAND-02"][1].endswith("liste d'attente, rang 5")
    assert [d.waiting for d in s.decisions if not d.retained] == [1, 2, 3, 4, 5]
    # the département with no candidate is named; the group is not complete without it
    assert s.missing == ["19"] and not s.complete
    assert {d.proposed_status for d in s.decisions} == {"retenue", "liste-attente"}


def test_fewer_candidates_than_the_minimum_and_one_from_outside_the_region():
    s = select_members([cand(1, "33", 1), cand(1, "31", 2), cand(2, "33", 3)], REGION,
                       maximum=15, minimum=10)
    got = outcome(s)
    assert got["33-CAND-02"] == (True, "retenu : parmi les premiers engagés (rang 3 sur 3), une "
                                 "place restait ; département déjà représenté (Gironde, 33)")
    assert got["31-CAND-01"] == (False, "non retenu : Haute-Garonne (31) n'est pas un département "
                                 "de la région du groupe")
    assert len(s.retained) == 2 and len(s.missing) == 11 and not s.complete


def test_more_departements_than_seats_take_the_first_ones_of_each_in_order():
    s = select_members([cand(1, d, i) for i, d in enumerate(REGION)], REGION, maximum=10,
                       minimum=5)
    got = outcome(s)
    assert [d.candidate.departement for d in s.retained] == REGION[:10]
    assert got["86-CAND-01"][0] is False and "plus de départements candidats que de places" in \
        got["86-CAND-01"][1]


def test_the_english_reasons_are_english():
    s = select_members([cand(1, "23", 1), cand(2, "23", 2)], ["23"], maximum=1, minimum=1)
    assert [d.reason.render("en") for d in s.decisions] == [
        "accepted: first to commit in their département, Creuse (23)",
        "not accepted: group full, département already represented (Creuse, 23) — waiting "
        "list, rank 1"]


# -- the composition rules ------------------------------------------------------------------------

def composed(porteurs: int = 1, referents: int = 1, members: list[str] = REGION) -> Graph:
    g = Graph()
    sub = instance_iri("soumission", "33-test")
    g.add((sub, RDF.type, PP.Soumission))
    g.add((sub, PP.departement, departement_iri("33")))
    gt = instance_iri("groupe", "gt")
    g.add((gt, RDF.type, PP.GroupeDeTravail))
    g.add((gt, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("GT test", lang="fr")))
    g.add((gt, PP.territoire, territory_iri("region", "75")))
    g.add((gt, PP.effectifMinimal, Literal(10)))
    g.add((gt, PP.effectifMaximal, Literal(15)))
    roles = ["porteur-du-groupe"] * porteurs + ["membre"] * (len(members) - porteurs)
    rows = list(zip(members, roles)) + [("33", "referent-technique")] * referents
    for i, (dep, role) in enumerate(rows):
        a = instance_iri("adhesion", f"gt-M{i:02d}")
        g.add((a, RDF.type, PP.AdhesionAuGroupe))
        g.add((a, PP.dansLeGroupe, gt))
        g.add((a, PP.membre, instance_iri("technicien", f"{dep}-T-{i:03d}")))
        g.add((a, PP.roleDansLeGroupe, concept_iri("role-groupe", role)))
        g.add((a, PP.departement, departement_iri(dep)))
    return g


def technicians(g: Graph) -> Graph:
    out = Graph()
    for t in g.objects(None, PP.membre):
        out.add((t, RDF.type, PP.Technicien))
    return out


def violations(g: Graph, tmp_path) -> list[tuple[str, str]]:
    path = tmp_path / "groupe.ttl"
    g.serialize(path, format="turtle")
    report = validate(path, context=[technicians(g)])
    return sorted((str(f.rule), str(f.value)) for f in report.findings
                  if f.severity == "violation")


def test_a_composed_group_conforms_and_a_group_with_two_leads_is_refused(tmp_path):
    assert violations(composed(), tmp_path) == []
    assert violations(composed(porteurs=2), tmp_path) == [
        ("Un porteur et un référent", "Porteur du groupe")]
    assert violations(composed(referents=0), tmp_path) == [
        ("Un porteur et un référent", "Référent technique du réseau")]


def test_a_group_too_large_or_missing_a_departement_is_refused(tmp_path):
    assert violations(composed(members=REGION + REGION[:4]), tmp_path) == [
        ("Effectif du groupe", "16")]
    without = [d for d in REGION if d != "23"] + ["33"]
    assert violations(composed(members=without), tmp_path) == [
        ("Chaque département représenté", "Creuse (23)")]


def test_check_group_reads_the_whole_store(tmp_path):
    store = Store()
    load_reference_data(store)
    g = composed(porteurs=2)
    g += technicians(g)
    store.replace_graph(submission_graph("33"), g)
    group = find_group(store)
    assert [(f.shape, f.value) for f in check_group(store, group)] == [
        ("GroupeRoles", "https://w3id.org/ppgraph/ref/role-groupe/porteur-du-groupe")]


# -- the demo's group --------------------------------------------------------------------------

def test_the_demo_group_is_composed_by_the_rule_and_conforms(built_demo):
    with Store(built_demo.store_path, read_only=True) as store:
        group = find_group(store)
        assert check_group(store, group) == []
        assert len([m for m in group.current_members
                    if not m.role.endswith("referent-technique")]) == 15
        assert {s.name for s in group.subgroups} == {
            "Sous-groupe fictif Nord (Charentes, Poitou, Limousin)",
            "Sous-groupe fictif Sud (Aquitaine)"}
        assert [e.kind for e in group.events].count("temps") == 3
        org = group_org_graph(store, group)
    memberships = list(org.subjects(RDF.type, ORG.Membership))
    assert len(memberships) == 16 + 15  # the group (15 + the referent), the two sub-groups
    m = memberships[0]
    assert org.value(m, ORG.role) is not None and org.value(m, ORG.organization) is not None
    period = org.value(m, ORG.memberDuring)
    assert (period, RDF.type, TIME.Interval) in org
    begin = org.value(period, TIME.hasBeginning)
    assert str(org.value(begin, TIME.inXSDDate)) == "2019-05-14"


def test_ppgraph_group_and_group_select(built_demo, tmp_path):
    store = str(built_demo.store_path)
    r = CliRunner().invoke(cli.main, ["--store", store, "group"])
    assert r.exit_code == 0, r.output
    assert "Effectif : 15 membres (attendu : 10 à 15) ; 16 adhésions en cours" in r.output
    assert "Porteur du groupe" in r.output and "Référent technique du réseau" in r.output
    assert "Composition conforme aux règles de l'appel" in r.output
    assert "Journée de lancement du groupe de travail (fictive)" in r.output
    s = CliRunner().invoke(cli.main, ["--store", store, "group", "select"])
    assert s.exit_code == 0, s.output
    assert "retenu : 1er engagé de son département, Gironde (33)" in s.output
    assert "Groupe proposé : 15 membres (10 à 15), chaque département représenté." in s.output
    assert "autre statut enregistré" not in s.output  # the demo's statuses follow the rule
    smaller = CliRunner().invoke(cli.main, ["--store", store, "group", "select", "--max", "12"])
    assert "Groupe proposé : 12 membres (10 à 12)" in smaller.output
    assert "candidatures ont un autre statut enregistré" in smaller.output
    ttl = CliRunner().invoke(cli.main, ["--store", store, "group", "--format", "turtle",
                                        "-o", str(tmp_path / "groupe.ttl")])
    assert ttl.exit_code == 0 and re.match(r"Groupe écrit en W3C ORG dans .*groupe\.ttl : "
                                           r"\d+ triplets\.", ttl.output)
    assert "org:memberDuring" in (tmp_path / "groupe.ttl").read_text(encoding="utf-8")
    unknown = CliRunner().invoke(cli.main, ["--store", store, "group", "--groupe", "gt-x"])
    assert unknown.exit_code == 2 and "Aucun groupe de travail « gt-x »" in unknown.output


def test_the_group_page_names_no_person(built_demo):
    page = (built_demo.site_index.parent / "groupe.html").read_text(encoding="utf-8")
    assert "Porteur du groupe" in page and "<svg" in page and "Journée de compilation" in page
    with Store(built_demo.store_path, read_only=True) as store:
        names = {str(r["o"]) for p in personal_properties() - {PP.prenom}
                 for r in store.select("SELECT ?o WHERE { ?s ?p ?o }", {"p": p})}
    assert not [n for n in names if len(n) > 5 and n in page]
    assert "groupe.html" in (built_demo.site_index).read_text(encoding="utf-8")

"""The follow-up (issue 14): due dates on hand-made cases, the calendar file read by a real
calendar parser, indicators on a small case worked out by hand, small counts suppressed,
forget that leaves no trace anywhere (history included), and a demo site free of the demo's
personal e-mail addresses and phone numbers."""

from __future__ import annotations

import csv
import datetime
import io
import re
import shutil

import icalendar
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

import cli
from ppgraph import PP
from ppgraph.errors import InputError
from ppgraph.followup import (SMALL_COUNT, due_reminders, expired, forget, indicators,
                              log_interaction, personal_export, purge, render_due,
                              render_indicators)
from ppgraph.followup.indicators import count, share
from ppgraph.namespaces import instance_iri, private_graph, submission_graph
from ppgraph.reference import load_reference_data
from ppgraph.store import Store
from ppgraph.submission import history, write_version

D = datetime.date
TODAY = D(2026, 6, 30)
PREFIXES = """@prefix pp: <https://w3id.org/ppgraph/def#> .
@prefix id: <https://w3id.org/ppgraph/id/> .
@prefix ref: <https://w3id.org/ppgraph/ref/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def _turtle(text: str) -> Graph:
    # « id:projet/33-PJ-0001 » is easier to read than the IRI, but not Turtle: expand it.
    text = re.sub(r"\b(id|ref):([\w-]+)/([\w.-]+)",
                  lambda m: f"<https://w3id.org/ppgraph/{m[1]}/{m[2]}/{m[3]}>", text)
    return Graph().parse(data=PREFIXES + text, format="turtle")


def _store(shared: str, private: str = "") -> Store:
    store = Store()
    load_reference_data(store)
    g = _turtle(shared)
    write_version(store, submission_graph("33"), g)
    if private:
        p = _turtle(private)
        write_version(store, private_graph("33-OT-001"), p)
    return store


STRUCTURE = """
<https://w3id.org/ppgraph/id/structure/33-OT-001> a pp:Structure ; rdfs:label "Office fictif"@fr .
<https://w3id.org/ppgraph/id/structure/33-OT-002> a pp:Structure ; rdfs:label "Autre office fictif"@fr .
"""


def _provider(key: str, opened: D, referent: str = "33-OT-001") -> tuple[str, str]:
    shared = f"""<https://w3id.org/ppgraph/id/prestataire/{key}> a pp:Prestataire ;
        pp:raisonSociale "Gîte {key}" ; pp:dateOuverture "{opened}"^^xsd:date .\n"""
    private = f"""<https://w3id.org/ppgraph/id/prestataire/{key}>
        pp:structureReferente <https://w3id.org/ppgraph/id/structure/{referent}> .\n"""
    return shared, private


def _interaction(n: int, key: str, day: D) -> str:
    return f"""<https://w3id.org/ppgraph/id/interaction/t{n}> a pp:Interaction ;
        pp:dateInteraction "{day}"^^xsd:date ; pp:typeInteraction ref:type-interaction/appel ;
        pp:menePar <https://w3id.org/ppgraph/id/structure/33-OT-001> ;
        pp:concerne <https://w3id.org/ppgraph/id/prestataire/{key}> .\n"""


@pytest.fixture(scope="module")
def due_store():
    """Five providers of one office, the schedule's first step 6 months after opening with
    45 days of tolerance (référentiel): due today, overdue, not yet due, already done (an
    exchange 10 days before the step), and closed (no longer followed up); a sixth is
    followed by another office."""
    cases = {"TODAY": D(2025, 12, 30), "LATE": D(2025, 11, 15), "EARLY": D(2026, 3, 1),
             "DONE": D(2025, 11, 15), "CLOSED": D(2025, 11, 15)}
    shared, private = STRUCTURE, ""
    for key, opened in cases.items():
        s, p = _provider(key, opened)
        shared += s
        private += p
    s, p = _provider("OTHER", D(2025, 11, 15), referent="33-OT-002")
    shared += s
    private += p
    private += _interaction(1, "DONE", D(2026, 5, 5))       # due 15/05/2026, 10 days before
    private += _interaction(2, "LATE", D(2025, 12, 1))      # too early for the 6-month step
    private += """id:changement/c1 a pp:ChangementDeStatut ;
        pp:concerne id:prestataire/CLOSED ; pp:statut ref:statut-prestataire/ferme ;
        pp:dateStatut "2026-04-01"^^xsd:date ."""
    return _store(shared, private)


def test_due_dates_on_hand_made_cases(due_store):
    found = due_reminders(due_store, structure="33-OT-001", on=TODAY)
    by_key = {str(r.provider).rsplit("/", 1)[-1]: r for r in found}
    assert set(by_key) == {"TODAY", "LATE"}
    assert by_key["TODAY"].due == TODAY and by_key["TODAY"].state == "aujourdhui"
    assert by_key["LATE"].due == D(2026, 5, 15) and by_key["LATE"].state == "en_retard"
    assert by_key["LATE"].last.day == D(2025, 12, 1)        # the last exchange is shown
    assert by_key["TODAY"].step.notation == "six-mois"
    # Without --structure, the other office's provider is due too; with a horizon, EARLY.
    assert len(due_reminders(due_store, on=TODAY)) == 3
    later = {str(r.provider).rsplit("/", 1)[-1]
             for r in due_reminders(due_store, structure="33-OT-001", on=TODAY, horizon=70)}
    assert later == {"TODAY", "LATE", "EARLY"}
    text = render_due(found, "table", on=TODAY, store=due_store)
    assert "en retard" in text and "aujourd'hui" in text and "Office fictif" in text


def test_the_calendar_file_opens_in_a_calendar_parser(due_store, tmp_path):
    out = tmp_path / "suivi.ics"
    text = render_due(due_reminders(due_store, structure="33-OT-001", on=TODAY), "ics",
                      on=TODAY, store=due_store)
    out.write_bytes(text.encode("utf-8"))
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    assert len(events) == 2
    assert all(line.endswith("\r") or not line for line in text.split("\n"))  # CRLF
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    starts = sorted(e.decoded("DTSTART") for e in events)
    assert starts == [TODAY, TODAY]             # overdue: on the report's day
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries[0].startswith("Suivi : Gîte LATE") and "Point à 6 mois" in summaries[0]
    assert "15/05/2026" in str(next(e for e in events if "LATE" in str(e["SUMMARY"]))["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == 2


def test_small_counts_are_suppressed():
    assert SMALL_COUNT == 5                     # pp:effectifMinimalPublie in the ontology
    assert count(4).secret and count(0).secret and count(5).value == 5
    assert share(5, 10).value == 0.5
    assert share(4, 100).secret and share(96, 100).secret and share(3, 3).secret
    assert share(0, 0).value is None and not share(0, 0).secret


def _projects(n: int, dep_graph: str, opened: dict[int, tuple[D, D]], first: D) -> str:
    out = ""
    for i in range(1, n + 1):
        out += f"""id:projet/{dep_graph}-PJ-{i:04d} a pp:Projet ;
            pp:porteur id:porteur/{dep_graph}-PP-{i:04d} ;
            pp:typeProjet ref:type-projet/hebergement ;
            pp:datePremierContact "{opened.get(i, (first,))[0]}"^^xsd:date """
        if i in opened:
            out += f"""; pp:dateOuverture "{opened[i][1]}"^^xsd:date """
        out += ".\n"
        out += f"id:porteur/{dep_graph}-PP-{i:04d} a pp:PorteurDeProjet .\n"
    return out


def test_indicators_on_a_small_case_worked_out_by_hand():
    """12 projects in the Gironde, 6 opened, after 2, 4, 6, 8, 10 and 12 months (median
    7 months): 50 % opened. The six providers born of them opened more than 3 years
    before; one closed after 6 months — so 5 of 6 active after 1 year (complement 1:
    suppressed) — and no one else: 5 of 6 after 3 years, suppressed as well."""
    first = D(2020, 1, 1)
    opened = {i: (first, D(2020, 1 + 2 * i, 1)) for i in range(1, 6)}
    opened[6] = (first, D(2021, 1, 1))
    shared = _projects(12, "33", opened, first)
    for i in range(1, 7):
        shared += f"""id:prestataire/33-PR-{i:04d} a pp:Prestataire ; pp:issuDuProjet id:projet/33-PJ-{i:04d} ;
            pp:dateOuverture "{opened[i][1]}"^^xsd:date .\n"""
    private = """id:changement/x a pp:ChangementDeStatut ; pp:concerne id:prestataire/33-PR-0001 ;
        pp:statut ref:statut-prestataire/ferme ; pp:dateStatut "2020-09-01"^^xsd:date ."""
    store = _store(shared, private)
    ind = indicators(store, TODAY)
    total = ind.rows[0]
    assert total.projects.value == 12 and total.opened.value == 6
    assert total.share_opened.value == 0.5
    assert total.median_months.value == pytest.approx(7.0, abs=0.05)
    assert total.share_active_1.secret and total.share_active_3.secret
    gironde = next(r for r in ind.rows if r.dimension == "departement")
    assert gironde.key == "33" and gironde.label == "Gironde (33)"
    text = render_indicators(ind)
    assert "50 %" in text and "(s)" in text and "7,0" in text
    text = render_indicators(ind, "csv")
    assert text.startswith("\ufeff")                     # the CSV of ppgraph: BOM and « ; »
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[1][1:] == ["Ensemble", "12", "6", "50 %", "7,0", "(s)", "(s)"]


def test_forget_leaves_no_triple_about_the_person_anywhere_history_included():
    person = """id:porteur/33-PP-0001 a pp:PorteurDeProjet ; pp:prenom "Zoé" ;
        pp:nomPersonne "Fictive" ; pp:courriel "zoe.fictive@example.org" ;
        pp:telephone "06 00 00 09 99" .
    id:projet/33-PJ-0001 a pp:Projet ; pp:porteur id:porteur/33-PP-0001 ;
        pp:intituleProjet "Gîte de Zoé" ; pp:datePremierContact "2024-01-10"^^xsd:date .
    id:porteur/33-PP-0002 a pp:PorteurDeProjet ; pp:courriel "autre@example.org" .
    id:projet/33-PJ-0002 a pp:Projet ; pp:porteur id:porteur/33-PP-0002 .
    """
    store = _store(STRUCTURE + person)
    # A second version: the first, which names the person, goes to the history.
    g = _turtle(STRUCTURE + person + 'id:projet/33-PJ-0001 pp:descriptionProjet "deux chambres" .')
    write_version(store, submission_graph("33"), g)
    # A collective session with another holder, and a note, in the office's private graph.
    write_version(store, private_graph("33-OT-001"), Graph())
    log_interaction(store, "33-OT-001", ["33-PJ-0001", "33-PJ-0002"], "réunion collective",
                    D(2024, 3, 1), note="Zoé veut ouvrir en mai")
    assert len(history(store, target=submission_graph("33"))) == 2
    iri = instance_iri("porteur", "33-PP-0001")
    values = {Literal("zoe.fictive@example.org"), Literal("06 00 00 09 99"), Literal("Zoé"),
              Literal("Fictive"), Literal("Gîte de Zoé"), Literal("Zoé veut ouvrir en mai")}

    def mentions() -> list:
        rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        return [r for r in rows if iri in (r["s"], r["o"]) or r["o"] in values]

    assert any("/historique/" in str(r["g"]) for r in mentions())
    text = personal_export(store, "zoe.fictive@example.org")
    assert "Zoé" in text and "33-PJ-0002" not in text and "Réunion collective" in text
    dry = forget(store, "33-PP-0001", dry_run=True)
    assert dry.total > 0 and mentions()
    done = forget(store, "zoe.fictive@example.org")
    assert done.total == dry.total and done.departements == ("33",)
    assert any("/historique/" in str(g) for g in done.removed)
    assert mentions() == []
    # The other holder, the projects (anonymous) and the session itself remain.
    assert store.ask("ASK { ?p a pp:Projet ; pp:porteur ?h }",
                     {"h": instance_iri("porteur", "33-PP-0002")})
    assert store.ask("ASK { ?i a pp:Interaction ; pp:concerne ?p }",
                     {"p": instance_iri("projet", "33-PJ-0001")})


def test_purge_applies_the_retention_rule_of_the_referentiel():
    """A holder who never opened, last heard of more than 3 years ago, is erased; one
    heard of last year is kept; one who opened is never concerned."""
    shared = """id:projet/33-PJ-0001 a pp:Projet ; pp:porteur id:porteur/33-PP-0001 ;
        pp:datePremierContact "2022-01-10"^^xsd:date .
    id:porteur/33-PP-0001 a pp:PorteurDeProjet ; pp:courriel "a@example.org" .
    id:projet/33-PJ-0002 a pp:Projet ; pp:porteur id:porteur/33-PP-0002 ;
        pp:datePremierContact "2022-01-10"^^xsd:date .
    id:porteur/33-PP-0002 a pp:PorteurDeProjet ; pp:courriel "b@example.org" .
    id:projet/33-PJ-0003 a pp:Projet ; pp:porteur id:porteur/33-PP-0003 ;
        pp:datePremierContact "2015-01-10"^^xsd:date ; pp:dateOuverture "2016-01-10"^^xsd:date .
    id:porteur/33-PP-0003 a pp:PorteurDeProjet ; pp:courriel "c@example.org" .
    """
    private = """id:i/1 a pp:Interaction ; pp:concerne id:projet/33-PJ-0002 ;
        pp:dateInteraction "2025-05-01"^^xsd:date ."""
    store = _store(STRUCTURE + shared, private)
    found = expired(store, TODAY)
    assert [str(e.person).rsplit("/", 1)[-1] for e in found] == ["33-PP-0001"]
    assert found[0].due == D(2025, 1, 10) and found[0].rule.notation == "sans-ouverture"
    before = store.count()
    purge(store, TODAY, dry_run=True)
    assert store.count() == before
    purge(store, TODAY)
    assert not store.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"o": Literal("a@example.org")})
    assert store.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"o": Literal("b@example.org")})


def test_the_command_line_logs_then_lists_then_forgets(built_demo, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(built_demo.store_path, store)
    run = lambda *args: CliRunner().invoke(cli.main, ["--store", str(store), *args])
    due = run("followup", "due", "--date", "2026-06-30")
    assert due.exit_code == 0, due.output
    first = due.output.splitlines()[2]
    assert "en retard" in due.output
    # The demo's first overdue provider: its office logs a call, and it is no longer due.
    with Store(store, read_only=True) as s:
        from ppgraph.followup import due_reminders as listed
        r = listed(s, on=TODAY)[0]
        key = str(r.provider).rsplit("/", 1)[-1]
        office = str(r.referent).rsplit("/", 1)[-1]
    log = run("followup", "log", "--structure", office, "--prestataire", key, "--type", "appel",
              "--date", "2026-06-30", "--note", "Point fait (démo)")
    assert log.exit_code == 0, log.output
    assert f"prive/{office}" in log.output and "Appel téléphonique du 30/06/2026" in log.output
    again = run("followup", "due", "--date", "2026-06-30")
    assert first not in again.output
    bad = run("followup", "log", "--structure", office, "--prestataire", key, "--type", "pigeon",
              "--date", "2026-06-30")
    assert bad.exit_code == 2 and "Types d'interaction" in bad.output
    stats = run("followup", "stats", "--date", "2026-06-30", "--format", "csv")
    assert stats.exit_code == 0 and "(s)" in stats.output
    gone = run("forget", "33-PP-0012")
    assert gone.exit_code == 0 and "Données de 33-PP-0012 effacées" in gone.output


def test_no_personal_email_or_phone_of_the_demo_is_on_its_site(built_demo):
    with Store(built_demo.store_path, read_only=True) as store:
        rows = store.select("SELECT DISTINCT ?v WHERE { GRAPH ?g { ?s ?p ?v } }",
                            {"p": [PP.courriel, PP.telephone, PP.note]})
        private = [g for g in store.graphs() if "/graphe/prive/" in str(g)]
    values = {str(r["v"]) for r in rows}
    assert len(values) > 1000 and private  # the demo has them, and follow-up graphs
    site = built_demo.site_index.parent
    pages = list(site.rglob("*"))
    found = []
    for page in pages:
        if page.is_file():
            text = page.read_text(encoding="utf-8", errors="replace")
            found += [(page.name, v) for v in values if v in text]
    assert found == []
    assert (site / "suivi.html").is_file()


def test_the_smallest_published_count_is_read_from_the_ontology(monkeypatch):
    import pyoxigraph as ox

    from ppgraph import reference, resources

    kept = [t for t in resources.ontology_triples()
            if t.predicate.value != str(PP.effectifMinimalPublie)]
    assert len(kept) == len(resources.ontology_triples()) - 1
    seven = ox.Triple(ox.NamedNode("https://w3id.org/ppgraph/def"),
                      ox.NamedNode(str(PP.effectifMinimalPublie)), ox.Literal("7", datatype=ox.NamedNode(
                          "http://www.w3.org/2001/XMLSchema#integer")))
    try:
        for triples, expected in ((kept + [seven], 7), (kept, None)):
            monkeypatch.setattr(resources, "ontology_triples", lambda t=tuple(triples): t)
            reference.smallest_published_count.cache_clear()
            if expected is None:
                with pytest.raises(InputError, match="pp:effectifMinimalPublie"):
                    reference.smallest_published_count()
            else:
                assert reference.smallest_published_count() == expected
    finally:
        monkeypatch.undo()
        reference.smallest_published_count.cache_clear()
    assert reference.smallest_published_count() == 5

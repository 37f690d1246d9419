"""Validation (ppgraph.validation): each rule of ontology/shapes.ttl fails on a real workbook
with the expected French message and cell reference; reports in text, HTML, JSON, Turtle;
the command line's exit codes; no network access."""

from __future__ import annotations

import html as html_text
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, Namespace, URIRef

import cli
from ppgraph.namespaces import PP, instance_iri
from ppgraph.reference import load_reference_data
from ppgraph.resources import shapes_graph
from ppgraph.spreadsheet import load_schema
from ppgraph.store import Store
from ppgraph.validation import (read_submission, render_html, render_json, render_text,
                                report_graph, validate)

sys.path.insert(0, str(Path(__file__).parent / "data" / "issue3"))
from remplir import donnees, ligne, remplir  # noqa: E402

SH = Namespace("http://www.w3.org/ns/shacl#")
DATA = Path(__file__).parent / "data" / "issue3"


def check(tmp_path: Path, data: dict, name: str = "classeur.xlsx", **kw):
    return validate(remplir(tmp_path / name, data), **kw)


def only(report, rule: str):
    """The violations of one rule (by its French name)."""
    found = [f for f in report.findings if f.rule == rule and f.severity == "violation"]
    assert found, [(f.rule, str(f.detail)) for f in report.findings]
    return found


def where(f) -> str:
    return f"{f.cell.sheet}!{f.cell.column}{f.cell.row}"


# -- the shapes themselves -------------------------------------------------------------------------

def test_every_shape_and_rule_has_a_french_name_and_message():
    g = shapes_graph()
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    assert len(shapes) > 100
    for s in shapes:
        names = [o for o in g.objects(s, SH.name) if o.language == "fr"]
        messages = [o for o in g.objects(s, SH.message) if o.language == "fr"]
        assert len(names) == 1 and len(messages) == 1, s
    for s in load_schema().sheets:
        assert s.description and all(c.description for c in s.columns), s.name


def test_the_valid_workbook_conforms(tmp_path):
    report = check(tmp_path, donnees())
    assert report.conforms, render_text(report)
    assert report.counts == {"violation": 0, "avertissement": 0, "information": 1}
    assert report.records == 13


# -- one failing case per rule ------------------------------------------------------------------------

def test_rule_required_field(tmp_path):
    data = donnees()
    del ligne(data, "Structures", "33-OT-002")["Type de structure"]
    f = only(check(tmp_path, data), "Type de structure")[0]
    assert where(f) == "Structures!D4" and str(f.detail) == "cellule vide"
    assert f.message == ("Le type de structure est obligatoire et se choisit dans la liste "
                         "« Types de structure ».")
    assert f.record.identifier == "33-OT-002"


def test_rule_datatype_date(tmp_path):
    data = donnees()
    ligne(data, "Projets", "33-PJ-0001")["Date du premier contact"] = "31/02/2025"
    report = check(tmp_path, data)
    [f] = only(report, "Date du premier contact")
    assert where(f) == "Projets!I3"
    assert str(f.detail) == "« 31/02/2025 » n'est pas une date valide (jj/mm/aaaa)"
    assert not [x for x in report.findings if x.rule == "Premier contact avant l'ouverture"]


def test_rule_value_of_the_referentiel_with_a_suggestion(tmp_path):
    data = donnees()
    ligne(data, "Structures", "33-OT-001")["Niveau d'accompagnement"] = "Guichet unque"
    report = check(tmp_path, data)
    [f] = only(report, "Niveau d'accompagnement")
    assert where(f) == "Structures!E3"
    assert f.sentence() == ("« Guichet unque » n'est pas une valeur du référentiel « Niveaux "
                            "d'accompagnement » ; vouliez-vous dire « Guichet unique » ?")
    assert "E3 « Niveau d'accompagnement » : « Guichet unque » n'est pas une valeur du référentiel" \
        in render_text(report)


def test_rule_real_insee_codes_and_commune_names(tmp_path):
    data = donnees()
    ligne(data, "Structures", "33-OT-001")["Commune du siège"] = "33999"
    ligne(data, "Projets", "33-PJ-0001")["Commune du projet"] = "Blay"
    ligne(data, "Structures", "33-OT-002")["Commune du siège"] = "Saint-Aubin"
    report = check(tmp_path, data)
    sieges = {where(f): f for f in only(report, "Commune du siège")}
    assert str(sieges["Structures!H3"].detail) == "« 33999 » n'est pas un code INSEE de commune"
    ambiguous = str(sieges["Structures!H4"].detail)
    assert "ambigu" in ambiguous and "Saint-Aubin (40249)" in ambiguous and "code INSEE" in ambiguous
    [f] = only(report, "Commune du projet")
    # The one suggestion policy (ppgraph.text.suggest): names that start with what was typed,
    # the submission's own département first.
    assert where(f) == "Projets!H3"
    assert str(f.suggestion) == "« Blaye (33058) » ou « Blaymont (47030) »"


def test_rule_dates_in_order(tmp_path):
    data = donnees()
    data["Accompagnements"][0]["Date de fin"] = "01/02/2025"
    p = ligne(data, "Projets", "33-PJ-0001")
    p["Date d'ouverture"] = "01/01/2025"
    report = check(tmp_path, data)
    [f] = only(report, "Début avant la fin")
    assert where(f) == "Accompagnements!G3"
    assert str(f.detail) == ("La date de début « 01/04/2025 » est postérieure à la date de fin "
                        "« 01/02/2025 » (H3)")
    [f] = only(report, "Premier contact avant l'ouverture")
    detail = str(f.detail)
    assert where(f) == "Projets!I3" and "« 15/03/2025 »" in detail and "« 01/01/2025 »" in detail


def test_rule_suivi_precis_needs_a_technician(tmp_path):
    data = donnees()
    ligne(data, "Structures", "33-OT-001")["Niveau d'accompagnement"] = "Suivi précis"
    [f] = only(check(tmp_path, data), "Suivi précis avec technicien")
    assert f.record.sheet == "Structures" and f.record.row == 3 and f.cell is None
    assert "au moins un technicien" in f.message


def test_rule_orientation_to_a_structure_that_exists(tmp_path):
    data = donnees()
    data["Orientations"][0]["Orienté vers"] = "33-ADT2"
    [f] = only(check(tmp_path, data), "Orienté vers")
    assert where(f) == "Orientations!D3" and str(f.suggestion) == "« 33-ADT »"
    assert "dans la feuille Structures" in str(f.detail)


def test_rule_orientation_to_another_departements_structure_in_the_store(tmp_path):
    data = donnees()
    data["Orientations"][0]["Orienté vers"] = "24-CCI"
    path = remplir(tmp_path / "c.xlsx", data)
    assert not validate(path).conforms
    store = Store()
    load_reference_data(store)
    other = Graph()
    cci = instance_iri("structure", "24-CCI")
    other.add((cci, RDF.type, PP.Structure))
    store.replace_graph("https://w3id.org/ppgraph/graphe/soumission/24", other)
    assert validate(path, store=store).conforms
    # The submission's own current version does not count: a record it drops must not be
    # found there.
    store.replace_graph("https://w3id.org/ppgraph/graphe/soumission/33", other)
    store.drop_graph("https://w3id.org/ppgraph/graphe/soumission/24")
    report = validate(path, store=store,
                      target_graph=URIRef("https://w3id.org/ppgraph/graphe/soumission/33"))
    assert not report.conforms and \
        "ni dans le graphe régional" in str(only(report, "Orienté vers")[0].detail)


def test_rule_unique_identifiers(tmp_path):
    data = donnees()
    data["Porteurs de projet"].append(dict(data["Porteurs de projet"][0], Prénom="Claude"))
    report = check(tmp_path, data)
    [f] = only(report, "Identifiant unique")
    assert where(f) == "Porteurs de projet!A4"
    assert str(f.detail) == "L'identifiant « 33-PP-0001 » est déjà celui de la ligne 3."
    # The duplicate is blamed once; the first row, the right one, is not blamed for what the
    # two rows say together (issue 10: it used to get « two first names » on its record).
    assert not any(x.rule == "Prénom" for x in report.findings)
    assert [x.rule for x in report.findings if x.severity == "violation"] == \
        ["Identifiant unique"]


def test_rule_empty_submission_does_not_conform(tmp_path):
    report = check(tmp_path, {})
    [f] = only(report, "Soumission non vide")
    assert f.record is None and "aucun enregistrement" in f.message
    ttl = tmp_path / "autre.ttl"
    ttl.write_text("<urn:x> <http://schema.org/name> \"rien\" .\n", encoding="utf-8")
    report = validate(ttl)
    assert {f.rule for f in report.findings if f.severity == "violation"} == \
        {"Soumission non vide", "Une seule soumission"}


def test_rule_unknown_term_of_ppgraph_namespace_is_a_violation():
    report = validate(DATA / "faute-de-frappe.ttl")
    found = {f.value: f for f in only(report, "Terme inconnu de l'ontologie")}
    assert set(found) == {"pp:Structur", "pp:niveauAccompagnemnt"}
    f = found["pp:niveauAccompagnemnt"]
    assert str(f.suggestion) == "« pp:niveauAccompagnement »"
    assert f.record.row == 14 and f.record.identifier == "33-OT-009"  # the line in the file
    assert "faute de frappe" in f.message


def test_rule_siret_has_14_digits_and_email_a_domain(tmp_path):
    data = donnees()
    ligne(data, "Structures", "33-OT-001")["SIRET"] = "1234"
    data["Porteurs de projet"][0]["Courriel"] = "dominique.fictif@example"
    report = check(tmp_path, data)
    [f] = only(report, "SIRET")
    assert where(f) == "Structures!B3" and str(f.detail) == "« 1234 » n'a pas la forme attendue"
    assert "14 chiffres" in f.message
    [f] = only(report, "Courriel")
    assert where(f) == "Porteurs de projet!F3" and f.personal


def test_rule_departement_of_the_submission(tmp_path):
    path = remplir(tmp_path / "c.xlsx", donnees())
    [f] = only(validate(path, departement="24"), "Département de la soumission")
    assert "Gironde (33)" in str(f.detail) and "Dordogne (24)" in str(f.detail)
    assert validate(path, departement="33").conforms


def test_missing_identifier_and_unknown_sheet(tmp_path):
    data = donnees()
    data["Projets"].append({"Porteur": "33-PP-0001", "Type de projet": "Camping",
                            "Étape": "Idée", "Date du premier contact": "01/05/2025"})
    path = remplir(tmp_path / "c.xlsx", data)
    import openpyxl
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Mes notes")["A1"] = "brouillon"
    wb.save(path)
    report = validate(path)
    [f] = only(report, "Identifiant obligatoire")
    assert where(f) == "Projets!A4"
    warn = [f for f in report.findings if f.rule == "Feuille inconnue"]
    assert warn and warn[0].severity == "avertissement" and "Mes notes" in str(warn[0].detail)


# -- reports --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    data = donnees()
    ligne(data, "Structures", "33-OT-001")["Niveau d'accompagnement"] = "Guichet unque"
    data["Porteurs de projet"][0]["Courriel"] = "dominique.fictif@example"
    ligne(data, "Projets", "33-PJ-0001")["Date du premier contact"] = "31/02/2025"
    path = remplir(tmp_path_factory.mktemp("faux") / "faux.xlsx", data,
                   extra_headers={"Structures": ["Remarques"]})
    return path, validate(path)


def test_text_report_is_grouped_by_record(faulty):
    _, report = faulty
    text = render_text(report)
    assert text.startswith("Rapport de validation : faux.xlsx\nDépartement : Gironde (33)")
    assert "Résultat : NON CONFORME — 3 erreurs, 1 avertissement, 1 information." in text
    head = "Feuille « Structures », ligne 3 — structure 33-OT-001 « Office de tourisme test de Blaye »"
    assert head in text
    assert text.index("Feuille « Structures »") < text.index("Feuille « Porteurs de projet »") \
        < text.index("Feuille « Projets »")
    assert "Résumé par règle" in text


def test_json_report(faulty):
    _, report = faulty
    data = json.loads(render_json(report))
    assert data["conforme"] is False and data["compteurs"]["violation"] == 3
    item = next(r for r in data["resultats"] if r["regle"] == "Niveau d'accompagnement")
    assert (item["feuille"], item["ligne"], item["colonne"]) == ("Structures", 3, "E")
    assert item["suggestion"] == "« Guichet unique »" and item["gravite"] == "violation"
    assert item["forme"].endswith("formes#Structure-niveau")


def test_turtle_report_is_a_standard_validation_report(faulty):
    _, report = faulty
    g = Graph().parse(data=report_graph(report).serialize(format="turtle"), format="turtle")
    root = next(g.subjects(RDF.type, SH.ValidationReport))
    assert g.value(root, SH.conforms) == Literal(False)
    results = list(g.objects(root, SH.result))
    assert len(results) == len(report.findings)
    messages = [str(g.value(r, SH.resultMessage)) for r in results]
    assert any("Structures!E3" in m and "Guichet unique" in m for m in messages)
    for r in results:
        assert g.value(r, SH.resultSeverity) in (SH.Violation, SH.Warning, SH.Info)
        assert g.value(r, SH.focusNode) is not None and g.value(r, SH.sourceConstraintComponent)


def test_html_report_is_escaped_and_hides_personal_data_when_published(faulty):
    _, report = faulty
    html = render_html(report)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert "Guichet unque" in html and "dominique.fictif@example" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "<script" not in html
    public = render_html(report, publish=True)
    assert "dominique.fictif@example" not in public and "donnée personnelle masquée" in public
    assert "Guichet unque" in public


CHROMIUM = os.environ.get("PPGRAPH_CHROMIUM") or shutil.which("chromium") or \
    shutil.which("chromium-browser")


def test_html_report_in_a_real_browser_works_offline(faulty, tmp_path):
    if not CHROMIUM:
        pytest.skip("Chromium absent (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    _, report = faulty
    page_file = tmp_path / "rapport.html"
    page_file.write_text(render_html(report), encoding="utf-8")
    requests = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        assert page.locator("h1").inner_text().startswith("Rapport de validation")
        assert "NON CONFORME" in page.locator(".verdict").inner_text()
        rows = page.locator("section.enregistrement")
        # the file (example rows), the header row (extra column), 33-OT-001, the holder, the project
        assert rows.count() == 5
        assert page.locator("text=vouliez-vous dire « Guichet unique »").count() == 1
        browser.close()
    assert requests == [page_file.as_uri()]


# -- English ------------------------------------------------------------------------------------

FRENCH_WORDS = re.compile(r"\b(feuille|ligne|erreurs?|cellule|règle|colonne|vouliez|valeur|"
                          r"avertissements?|résultat|enregistrements?|n'est pas)\b", re.I)


def _without_untranslated_rules(text: str, report) -> str:
    """The text without the rules' names and messages that the shapes do not give in English
    yet (they are the shapes' data, not ppgraph's interface; French is their fallback)."""
    for f in report.findings:
        for t in (f.rule, f.message):
            if "en" not in getattr(t, "languages", {}):
                text = text.replace(str(t), "")
    return text


def test_english_report_has_no_french_interface_words(faulty):
    path, report = faulty
    text = render_text(report, "en")
    assert text.startswith("Validation report: faux.xlsx\nDépartement: Gironde (33)")
    assert "Result: DOES NOT CONFORM — 3 errors, 1 warning, 1 note." in text
    assert "did you mean “Single entry point”?" in text
    assert "Sheet “Structures”, row 3 — organisation 33-OT-001" in text
    # Values typed in the file (« Guichet unque ») and sheet names of a French file are data.
    interface = _without_untranslated_rules(text, report).replace("Guichet unque", "")
    assert not FRENCH_WORDS.findall(interface), FRENCH_WORDS.findall(interface)
    html = render_html(report, "en")
    assert '<html lang="en">' in html and "Detail, record by record" in html
    visible = html_text.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", html,
                                                                  flags=re.S)))
    visible = _without_untranslated_rules(visible, report).replace("Guichet unque", "")
    assert not FRENCH_WORDS.findall(visible), FRENCH_WORDS.findall(visible)
    data = json.loads(render_json(report, "en"))
    item = next(r for r in data["resultats"] if (r["feuille"], r["colonne"], r["ligne"]) ==
                ("Structures", "E", 3))
    assert item["suggestion"] == "“Single entry point”" and item["entete"] == "Level of support"
    assert item["detail"] == ("“Guichet unque” is not a value of the reference list "
                              "“Levels of support”")


def test_cli_validate_in_english(faulty):
    path, _ = faulty
    r = CliRunner().invoke(cli.main, ["--lang", "en", "validate", str(path), "--sans-magasin"])
    assert r.exit_code == 1
    assert r.stdout.startswith("Validation report: faux.xlsx")
    assert "did you mean “Single entry point”?" in r.stdout
    assert not FRENCH_WORDS.findall(r.stderr)


# -- other inputs -------------------------------------------------------------------------------

def test_turtle_and_json_ld_inputs(tmp_path):
    report = validate(DATA / "soumission-valide.jsonld")
    assert report.conforms, render_text(report)
    assert report.records == 3


def test_json_ld_with_a_remote_context_is_refused_without_any_download(tmp_path):
    doc = tmp_path / "distant.jsonld"
    doc.write_text(json.dumps({"@context": "https://schema.org/", "@id": "urn:x", "name": "x"}),
                   encoding="utf-8")
    r = CliRunner().invoke(cli.main, ["validate", str(doc), "--sans-magasin"])
    assert r.exit_code == 2
    assert "distant.jsonld" in r.output and "https://schema.org/" in r.output
    assert "ne télécharge rien" in r.output
    nested = tmp_path / "import.jsonld"
    nested.write_text(json.dumps({"@context": [{"@import": "https://example.org/c.jsonld"}],
                                  "@id": "urn:x"}), encoding="utf-8")
    with pytest.raises(Exception, match="@import"):
        read_submission(nested)


def test_broken_turtle_is_an_input_error(tmp_path):
    bad = tmp_path / "casse.ttl"
    bad.write_text("<urn:a> <urn:b> ", encoding="utf-8")
    r = CliRunner().invoke(cli.main, ["validate", str(bad), "--sans-magasin"])
    assert r.exit_code == 2 and "casse.ttl" in r.output and "Traceback" not in r.output


# -- command line --------------------------------------------------------------------------------

def test_cli_validate_exit_codes_and_formats(tmp_path, faulty):
    good = remplir(tmp_path / "bon.xlsx", donnees())
    r = CliRunner().invoke(cli.main, ["--store", str(tmp_path / "aucun"), "validate", str(good)])
    assert r.exit_code == 0, r.output
    assert "CONFORME" in r.output and "Pas de magasin" in r.output
    path, _ = faulty
    r = CliRunner().invoke(cli.main, ["validate", str(path), "--sans-magasin"])
    assert r.exit_code == 1 and "« Guichet unque »" in r.output
    out = tmp_path / "rapport.html"
    r = CliRunner().invoke(cli.main, ["validate", str(path), "--sans-magasin", "--format", "html",
                                      "-o", str(out)])
    assert r.exit_code == 1 and "NON CONFORME" in r.output
    assert "<table" in out.read_text(encoding="utf-8")
    r = CliRunner().invoke(cli.main, ["validate", str(path), "--sans-magasin", "--format", "json"])
    assert json.loads(r.stdout)["conforme"] is False
    r = CliRunner().invoke(cli.main, ["validate", str(path), "--sans-magasin", "--format", "turtle"])
    assert "sh:ValidationReport" in r.stdout


def test_validate_help_is_french_with_an_example():
    r = CliRunner().invoke(cli.main, ["validate", "--help"])
    assert "Vérifie un classeur" in r.output and "Exemples" in r.output


@pytest.mark.parametrize("name", ["spreadsheet", "validation", "submission"])
def test_docstring_examples_run(name):
    import doctest
    import importlib

    module = importlib.import_module(f"ppgraph.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 2


_LUMINANCE = """el => {
  const c = getComputedStyle(el).backgroundColor.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


def test_published_report_layout_in_a_real_browser(built_demo):
    """The site's report of the refused update (issue 11): a value is never cut inside a word,
    at a desktop's width as on a phone's; a masked e-mail reads as words of the sentence; an
    error's badge is the strongest, and so is the refused submission's on the list."""
    if not CHROMIUM:
        pytest.skip("Chromium absent (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    site = built_demo.site_index.parent
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto((site / "validation" / "mise-a-jour-24.html").as_uri())
            values = page.locator(".valeur code.mot")
            words = {values.nth(i).inner_text(): values.nth(i).evaluate(
                "el => el.getClientRects().length") for i in range(values.count())}
            assert {"31/02/2026", "Périgeux", "24-PP-0055"} <= set(words), words
            assert {w: n for w, n in words.items() if n != 1} == {}, width
            page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((site / "validation" / "mise-a-jour-24.html").as_uri())
        text = page.locator("main").inner_text()
        assert "La valeur saisie (donnée personnelle masquée) n'a pas la forme attendue" in text
        assert "« (donnée personnelle masquée) »" not in text
        assert "camille.fictif@example" not in page.content()
        error = page.locator(".enregistrement .etiquette-violation").first.evaluate(_LUMINANCE)
        warning = page.locator(".enregistrement .etiquette-avertissement").first.evaluate(_LUMINANCE)
        assert error < warning / 3
        page.goto((site / "validation.html").as_uri())
        badges = page.locator(".rapports-validation .etiquette")
        assert badges.count() == 1  # the refused update, and only it
        refused = page.locator('tr[data-conforme="non"] .etiquette')
        assert refused.evaluate(_LUMINANCE) < 0.1  # dark red under white words
        assert refused.evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 255)"
        browser.close()

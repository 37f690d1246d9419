"""The orientation page of the site: a counsellor's tool that answers in the browser, offline,
exactly as ``ppgraph query orientation`` does.

The page is built from the bundled demo submissions; the answers of its script, run in a real
headless Chromium, are compared with the command line's (the library's ``ask_question``) on a
sample of cases drawn from everything the page offers. The browser tests drive Debian's
Chromium (``/usr/bin/chromium``, or ``$PPGRAPH_CHROMIUM``) through Playwright's Python package;
they are skipped, with the reason, only when Chromium or the playwright package is absent.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from ppgraph.namespaces import submission_graph
from ppgraph.questions import ask_question
from ppgraph.reference import load_reference_data, personal_properties
from ppgraph.resources import demo_dir
from ppgraph.site import write_site
from ppgraph.site.pages import orientation, qui_fait_quoi
from ppgraph.store import Store

CHROMIUM = os.environ.get("PPGRAPH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SAMPLE = 120  # random cases compared with the command line, on top of the question's examples
COLUMNS = ("structure", "typeStructure", "echelle", "niveau", "pourquoi", "courriel", "telephone")


@pytest.fixture(scope="module")
def demo_store() -> Store:
    store = Store()
    load_reference_data(store)
    for f in sorted(demo_dir().glob("soumission-*.ttl")):
        store.replace_graph(submission_graph(f.stem.removeprefix("soumission-")), f)
    return store


@pytest.fixture(scope="module")
def sites(demo_store, tmp_path_factory) -> dict[str, Path]:
    """The qui-fait-quoi and orientation pages of the demo, in French and in English."""
    out = {}
    for lang in ("fr", "en"):
        folder = tmp_path_factory.mktemp(f"site-{lang}")
        write_site(demo_store, folder, lang=lang, pages=[qui_fait_quoi.PAGE, orientation.PAGE])
        out[lang] = folder
    return out


def embedded(page: Path) -> dict:
    m = re.search(r'<script type="application/json" id="orientation-donnees">(.*?)</script>',
                  page.read_text(encoding="utf-8"), re.S)
    assert m, "pas de données dans la page"
    assert not re.search(r"[<>&]", m.group(1))
    return json.loads(m.group(1))


# -- the page, as text ------------------------------------------------------------------------

def test_page_embeds_public_data_only(sites):
    html = (sites["fr"] / "orientation.html").read_text(encoding="utf-8")
    demo = Graph()
    for f in sorted(demo_dir().glob("soumission-*.ttl")):
        demo.parse(f, format="turtle")
    hidden = personal_properties()
    # Distinctive personal values (e-mails, telephones, project titles): a first name alone
    # is also part of many commune names (Saint-Julien...).
    personal = {str(o) for _, p, o in demo if p in hidden and isinstance(o, Literal)
                and (any(c.isdigit() for c in str(o)) or "@" in str(o) or len(str(o)) > 20)}
    assert len(personal) > 500
    assert not sorted(v for v in personal if v in html)[:5]
    data = embedded(sites["fr"] / "orientation.html")
    # Every structure shown is one that makes an offer; no project, holder or officer.
    assert data["structures"] and all("/id/structure/" in s[2] for s in data["structures"])
    assert {"territoires", "servis", "offres", "raisons", "types", "etapes"} <= set(data)


def test_page_offers_every_project_type_and_stage_of_the_referentiel(sites, demo_store):
    data = embedded(sites["fr"] / "orientation.html")
    for scheme, key in (("type-projet", "types"), ("etape", "etapes")):
        expected = {str(r["n"]) for r in demo_store.select(
            "SELECT ?n WHERE { ?c skos:inScheme ?s ; skos:notation ?n . "
            f"FILTER(STR(?s) = \"https://w3id.org/ppgraph/ref/{scheme}\") }}")}
        assert {c[0] for c in data[key]} == expected, scheme
    html = (sites["fr"] / "orientation.html").read_text(encoding="utf-8")
    assert '<option value="chambre-hotes">' in html and '<option value="financement">' in html
    # Accent-folded search needs the communes and EPCI with their codes.
    names = {(t[0], t[1]) for t in data["territoires"]}
    assert ("Sarlat-la-Canéda", "24520") in names and ("CC Sarlat-Périgord Noir", "200027217") in names


# What a territory's covering means, as orientation.rq reads it: the page computes it from the
# territories' index (_covering); the store's own links must give the same.
COVERING = """
PREFIX pp: <https://w3id.org/ppgraph/def#>
SELECT ?territoire ?couvert
WHERE {
  { SELECT DISTINCT ?couvert WHERE { ?offre pp:territoireDesservi ?couvert } }
  ?territoire (pp:membreDeEPCI|pp:subdivisionDe+|pp:dansDepartement/pp:subdivisionDe*)? ?couvert .
  ?territoire a ?classe .
  VALUES ?classe { pp:Commune pp:EPCI pp:Departement }
}"""


def test_the_territories_each_served_territory_covers_are_those_of_the_store(demo_store):
    rows = list(demo_store.select(COVERING))
    served = {c: i for i, c in enumerate(sorted({str(r["couvert"]) for r in rows}))}
    expected: dict[str, set[int]] = {}
    for r in rows:
        expected.setdefault(str(r["territoire"]), set()).add(served[str(r["couvert"])])
    got = orientation._covering(served)
    assert got == expected
    # communes, intercommunalités and départements, by each scale of served territory
    assert len(got) > 4000 and len(served) > 100
    kinds = {k.split("/")[-2] for k in got}
    assert kinds == {"commune", "epci", "departement"}


def test_english_page_has_english_reasons(sites):
    data = embedded(sites["en"] / "orientation.html")
    assert any("all project types" in r for r in data["raisons"])
    assert not any("tous types de projet" in r for r in data["raisons"])
    assert data["textes"]["pourquoi"] == "Why"


# -- in a real browser --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.skip("Chromium absent (apt-get install chromium) : tests dans le navigateur sautés")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="paquet playwright absent (pip install '.[test]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """The orientation page opened offline: any request but the page itself and the site's
    style sheet is refused and recorded, like script errors."""

    def __init__(self, browser, site: Path, width: int = 1280, height: int = 900, hash: str = ""):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.refused: list[str] = []
        self.errors: list[str] = []
        allowed = {(site / "orientation.html").resolve().as_uri(), (site / "style.css").resolve().as_uri()}

        def route(r):
            if r.request.url.split("#")[0] in allowed:
                r.continue_()
            else:
                self.refused.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto((site / "orientation.html").resolve().as_uri() + hash)
        self.page.wait_for_function("window.ppgraphOrientation !== undefined", timeout=30_000)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def answer(self, kind: str, code: str, typ: str, etape: str) -> list[dict]:
        return self.js("""([k, c, y, e]) => { const o = ppgraphOrientation;
            return o.repondre(o.territoire(k, c), o.indice('types', y), o.indice('etapes', e)); }""",
                       [kind, code, typ, etape])

    def check_clean(self) -> None:
        assert not self.refused, self.refused
        assert not self.errors, self.errors

    def close(self) -> None:
        self.context.close()


def cli_records(store, kind: str, code: str, typ: str, etape: str, lang: str = "fr") -> list[dict]:
    territoire = f"département {code}" if kind == "departement" else code
    return ask_question(store, "orientation", {"territoire": territoire, "type": typ, "etape": etape},
                        lang=lang).records()


def cases(data: dict, n: int, seed: int) -> list[tuple[str, str, str, str]]:
    """The examples of the question, then ``n`` cases drawn at random (fixed seed) from the
    territories, types and stages the page offers: six communes, three intercommunalités
    and one département in ten."""
    out = [("commune", "24520", "chambre-hotes", "financement"),
           ("commune", "33009", "hebergement-insolite", "montage-reglementaire"),
           ("commune", "87085", "restauration", "idee"),
           ("commune", "64122", "camping", "classement")]
    rnd = random.Random(seed)
    kinds = data["sortes"]
    by_kind = {k: [t for t in data["territoires"] if kinds[t[2]] == k] for k in kinds}
    for i in range(n):
        kind = kinds[0] if i % 10 < 6 else kinds[1] if i % 10 < 9 else kinds[2]
        t = rnd.choice(by_kind[kind])
        out.append((kind, t[1], rnd.choice(data["types"])[0], rnd.choice(data["etapes"])[0]))
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_browser_answers_exactly_as_the_command_line(browser, sites, demo_store, lang):
    site = sites[lang]
    page = Page(browser, site)
    try:
        data = page.js("ppgraphOrientation.donnees")
        sample = cases(data, SAMPLE if lang == "fr" else SAMPLE // 4, seed=2019)
        assert {k for k, *_ in sample} == {"commune", "epci", "departement"}
        differing, answered = [], 0
        for case in sample:
            expected = cli_records(demo_store, *case, lang=lang)
            got = [{k: row[k] for k in COLUMNS} for row in page.answer(*case)]
            answered += bool(expected)
            if got != expected:
                differing.append((case, got[:1], expected[:1]))
        assert not differing, differing[:3]
        assert answered > len(sample) * 0.9
        page.check_clean()
    finally:
        page.close()


def test_counsellor_types_sarlat_picks_a_type_and_a_stage_and_reads_the_first_structure(
        browser, sites, demo_store):
    site = sites["fr"]
    page = Page(browser, site)
    try:
        p = page.page
        p.fill("#o-territoire", "sarlat")
        suggestions = p.locator("#o-suggestions [role=option]")
        assert suggestions.count() >= 2
        assert suggestions.first.locator(".orientation-nom").text_content() == "Sarlat-la-Canéda"
        assert "CC Sarlat-Périgord Noir" in p.locator("#o-suggestions").text_content()
        suggestions.first.click()
        assert p.input_value("#o-territoire") == "Sarlat-la-Canéda (24520)"
        p.select_option("#o-type", label="\u00a0\u00a0\u00a0Chambre d'hôtes")
        p.select_option("#o-etape", label="Recherche de financements")
        expected = cli_records(demo_store, "commune", "24520", "chambre-hotes", "financement")
        cards = p.locator(".orientation-structure")
        assert cards.count() == len(expected) >= 3
        first = cards.first
        assert first.locator(".orientation-nom-structure").text_content() == expected[0]["structure"]
        assert [li.text_content() for li in first.locator(".orientation-pourquoi li").all()] == \
            expected[0]["pourquoi"]
        assert first.locator("a[href^='mailto:']").text_content() == expected[0]["courriel"]
        names = [c.locator(".orientation-nom-structure").text_content() for c in cards.all()]
        assert names == [r["structure"] for r in expected]
        # Its « service offering » link leads to its entry on the département's page.
        href = first.locator(".orientation-fiche a").get_attribute("href")
        target, anchor = href.split("#")
        assert f'id="{anchor}"' in (site / target).read_text(encoding="utf-8")
        # The address keeps the question: reopening it gives the same answer.
        assert p.evaluate("location.hash") == "#territoire=commune-24520&type=chambre-hotes&etape=financement"
        assert "--param territoire=24520 --param type=chambre-hotes --param etape=financement" in \
            p.locator("#o-commande").text_content()
        page.check_clean()
    finally:
        page.close()


def test_keyboard_accents_codes_and_an_unknown_name(browser, sites):
    page = Page(browser, sites["fr"])
    try:
        p = page.page
        p.fill("#o-territoire", "gueret")
        assert p.locator("#o-suggestions [role=option] .orientation-nom").first.text_content() == "Guéret"
        p.locator("#o-territoire").press("ArrowDown")
        p.locator("#o-territoire").press("Enter")
        assert p.input_value("#o-territoire") == "Guéret (23096)"
        p.fill("#o-territoire", "st emilion")
        assert p.locator("#o-suggestions [role=option] .orientation-nom").first.text_content() == \
            "Saint-Émilion"
        p.fill("#o-territoire", "33063")
        p.locator("#o-territoire").press("Enter")
        assert p.input_value("#o-territoire") == "Bordeaux (33063)"
        p.fill("#o-territoire", "zzzz")
        assert "Aucune commune" in p.locator("#o-suggestions").text_content()
        page.check_clean()
    finally:
        page.close()


def test_usable_on_a_phone(browser, sites):
    page = Page(browser, sites["fr"], width=375, height=740,
                hash="#territoire=commune-87085&type=restauration&etape=idee")
    try:
        assert page.page.locator(".orientation-structure").count() > 0
        widths = page.js("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], widths
        box = page.page.locator("#o-territoire").bounding_box()
        assert box["width"] > 300  # the field takes the width of the screen
        page.check_clean()
    finally:
        page.close()

"""The guide du porteur de projet (issue 13): for a step, exactly the structures the graph
says; a territory's block replaces only its block; one template for every territory; a
real Chromium prints it to PDF with a sane page count and no text running off the page."""

from __future__ import annotations

import html as html_module
import io
import os
import re
import shutil
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from rdflib import Graph

import cli
from ppgraph import PP, load_reference_data, submission_graph
from ppgraph.guide import block_ids, guide_content, guide_html, guide_markdown, write_guide
from ppgraph.local import submit_local
from ppgraph.namespaces import local_graph
from ppgraph.reference import personal_properties
from ppgraph.store import Store

CHROMIUM = os.environ.get("PPGRAPH_CHROMIUM") or shutil.which("chromium") or \
    shutil.which("chromium-browser")

# The Creuse: an office on a commune of the CC Creuse Grand Sud, the ADT for the
# département, a bank for the region, an office that only welcomes and refers, and an
# office of the Corrèze (another département) — with offers for the step « recherche de
# financements » (montage-financier answers it) or not.
SUBMISSION = """
@prefix pp: <https://w3id.org/ppgraph/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix s: <https://w3id.org/ppgraph/id/structure/> .
@prefix o: <https://w3id.org/ppgraph/id/offre/> .
@prefix type: <https://w3id.org/ppgraph/ref/type-structure/> .
@prefix niveau: <https://w3id.org/ppgraph/ref/niveau/> .
@prefix service: <https://w3id.org/ppgraph/ref/service/> .
@prefix tp: <https://w3id.org/ppgraph/ref/type-projet/> .
@prefix dep: <https://w3id.org/ppgraph/territoire/departement/> .
@prefix com: <https://w3id.org/ppgraph/territoire/commune/> .
@prefix region: <https://w3id.org/ppgraph/territoire/region/> .
<https://w3id.org/ppgraph/id/soumission/t> a pp:Soumission ; pp:departement dep:{dep} .
s:local a pp:Structure ; rdfs:label "Office local test"@fr ; pp:typeStructure type:ot ;
    pp:courrielPublic "contact@office-local.example" ; pp:departement dep:23 .
o:local a pp:OffreDeService ; pp:proposePar s:local ; pp:service service:montage-financier ;
    pp:niveau niveau:suivi-precis ; pp:typeProjetCible tp:camping ; pp:territoireDesservi com:23001 .
s:adt a pp:Structure ; rdfs:label "Agence test"@fr ; pp:typeStructure type:adt ; pp:departement dep:23 .
o:adt a pp:OffreDeService ; pp:proposePar s:adt ; pp:service service:suivi-projet ;
    pp:niveau niveau:suivi-precis ; pp:territoireDesservi dep:23 .
s:banque a pp:Structure ; rdfs:label "Banque test"@fr ; pp:typeStructure type:banque ; pp:departement dep:23 .
o:banque a pp:OffreDeService ; pp:proposePar s:banque ; pp:service service:montage-financier ;
    pp:territoireDesservi region:75 .
s:accueil a pp:Structure ; rdfs:label "Office qui oriente test"@fr ; pp:typeStructure type:ot ;
    pp:departement dep:23 .
o:accueil a pp:OffreDeService ; pp:proposePar s:accueil ; pp:service service:accueil-information ;
    pp:niveau niveau:guichet-unique ; pp:territoireDesservi dep:23 .
s:ailleurs a pp:Structure ; rdfs:label "Office de la Corrèze test"@fr ; pp:typeStructure type:ot ;
    pp:departement dep:19 .
o:ailleurs a pp:OffreDeService ; pp:proposePar s:ailleurs ; pp:service service:montage-financier ;
    pp:niveau niveau:suivi-precis ; pp:territoireDesservi dep:19 .
"""

LOCAL = """
@prefix pp: <https://w3id.org/ppgraph/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ppgraph/id/bloc/23-intro> a pp:BlocDuGuide ; pp:remplaceBloc "introduction" ;
    rdfs:label "Entreprendre en Creuse"@fr ; pp:texte "Texte propre à la Creuse.\\n\\n- un\\n- deux"@fr .
<https://w3id.org/ppgraph/id/bloc/23-apres> a pp:BlocDuGuide ; pp:apresBloc "etape-financement-ici" ;
    rdfs:label "Les aides locales"@fr ; pp:texte "Une aide <b>locale</b>."@fr .
"""


@pytest.fixture(scope="module")
def store():
    s = Store()
    load_reference_data(s)
    for dep in ("23", "19"):
        g = Graph().parse(data=SUBMISSION.replace("{dep}", dep), format="turtle")
        s.replace_graph(submission_graph(dep), g)
    return s


class Sections(HTMLParser):
    """Text of each ``<section data-bloc>`` of a guide page, and its table rows' headers."""

    def __init__(self):
        super().__init__()
        self.blocks: dict[str, str] = {}
        self.rows: dict[str, list[str]] = {}
        self._block = None
        self._in_row_header = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "data-bloc" in a:
            self._block = a["data-bloc"]
            self.blocks[self._block] = ""
            self.rows[self._block] = []
        if tag == "th" and a.get("scope") == "row":
            self._in_row_header = True
            self.rows[self._block].append("")
        if tag == "span":
            self._in_row_header = False

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_row_header = False

    def handle_data(self, data):
        if self._block is not None:
            self.blocks[self._block] += data
            if self._in_row_header:
                self.rows[self._block][-1] += data.strip()


def parse(html: str) -> Sections:
    p = Sections()
    p.feed(html)
    return p


def test_a_step_lists_exactly_the_structures_whose_offers_answer_it_here(store):
    guide = guide_content(store, "23")
    # montage-financier answers « financement »; the ADT's suivi-projet answers it too; the
    # office that only welcomes is for every step (« Par où commencer »); the Corrèze's
    # office serves another département.
    assert sorted(guide.etape_structures("financement")) == [
        "Agence test", "Banque test", "Office local test"]
    rows = {r.name: r for r in guide.rows_by_etape["financement"]}
    assert (rows["Office local test"].scale, rows["Office local test"].niveau) == \
        ("commune", "Suivi précis")
    assert rows["Office local test"].types == ("Camping",)
    assert rows["Banque test"].scale == "region" and rows["Agence test"].types == ()
    assert guide.etape_structures("etude-marche") == ["Agence test"]
    # The page shows the same rows, nearest first.
    sections = parse(guide_html(guide))
    assert sections.rows["etape-financement-ici"] == ["Office local test", "Agence test",
                                                      "Banque test"]
    # Contact details are public ones; the welcoming office is in « Par où commencer ».
    assert "contact@office-local.example" in sections.blocks["contacts"]
    assert "Office de la Corrèze test" not in guide_html(guide)


def test_one_template_and_the_same_blocks_for_every_territory(store):
    for code in ("23", "19", "64"):
        assert [b.id for b in guide_content(store, code).blocks] == block_ids()


def test_a_territory_block_replaces_only_its_block_and_an_addition_follows_its_block(store):
    before = parse(guide_html(guide_content(store, "23")))
    submit_local(store, Graph().parse(data=LOCAL, format="turtle"), "23")
    try:
        guide = guide_content(store, "23")
        after = parse(guide_html(guide))
        ids = [b.id for b in guide.blocks]
        assert ids[ids.index("etape-financement-ici") + 1] == "local-23-apres"
        assert set(after.blocks) - set(before.blocks) == {"local-23-apres"}
        changed = [b for b in before.blocks if before.blocks[b] != after.blocks[b]]
        assert changed == ["introduction"]
        assert "Texte propre à la Creuse." in after.blocks["introduction"]
        assert "Entreprendre en Creuse" in after.blocks["introduction"]
        assert "Une aide <b>locale</b>." in after.blocks["local-23-apres"]  # shown as text
        assert "<b>locale" not in guide_html(guide)
        assert guide.local_blocks == 2
        # The Corrèze's guide does not see the Creuse's blocks.
        assert [b.id for b in guide_content(store, "19").blocks] == block_ids()
        md = guide_markdown(guide)
        assert "## Entreprendre en Creuse" in md and "- un" in md
    finally:
        store.drop_graph(local_graph("23"))


def test_a_departement_with_no_submission_has_a_guide_that_says_so(store):
    """The common part is there; the page, the Markdown and the command's line say that the
    territorial part waits for the département's submission; a département that submitted
    has no such note."""
    empty = guide_content(store, "64")
    assert not empty.submitted and guide_content(store, "23").submitted
    note = "Aucune structure de Pyrénées-Atlantiques (64) n'a encore déclaré d'offre de service"
    assert note in html_module.unescape(guide_html(empty)) and note in guide_markdown(empty)
    assert note not in html_module.unescape(guide_html(guide_content(store, "23")))
    # Paris: no inter-municipality in the territories' data, no empty table either.
    paris = parse(guide_html(guide_content(store, "75")))
    assert "Les données ne décrivent aucune intercommunalité" in paris.blocks["guichets"]


def test_a_guide_for_an_epci_is_about_it(store):
    from ppgraph.territories import territories

    epci = territories().place("https://w3id.org/ppgraph/territoire/commune/23001").epci
    siren = str(epci).rsplit("/", 1)[-1]
    guide = guide_content(store, "23", epci=siren)
    assert guide.epci is not None and guide.epci.code == siren
    assert "Office local test" in guide.etape_structures("financement")
    guichets = next(p for p in guide.block("guichets").parts if p.kind == "guichets").data
    assert [name for name, _ in guichets] == [guide.epci.label]
    other = next(e for e in territories().of_kind("epci")
                 if "23" in e.departements and e.iri != epci)
    assert "Office local test" not in guide_content(store, "23", epci=other.code) \
        .etape_structures("financement")
    from ppgraph.errors import InputError
    with pytest.raises(InputError, match="pas de commune dans le département"):
        guide_content(store, "19", epci=siren)


def test_the_demo_guides_name_no_person_and_show_the_local_blocks(built_demo):
    site = built_demo.site_index.parent
    # (first names aside: « Julien » is also in « Cénac-et-Saint-Julien »; the surnames,
    # e-mails, telephones, project titles and descriptions are unambiguous)
    personal = personal_properties() - {PP.prenom}
    values = set()
    with Store(built_demo.store_path, read_only=True) as store:
        for p in personal:
            for r in store.select("SELECT ?o WHERE { ?s ?p ?o }", {"p": p}):
                if len(str(r["o"])) > 5:
                    values.add(str(r["o"]))
    assert len(values) > 100
    pages = sorted(site.glob("guide-*.html"))
    assert len(pages) == 12
    for page in pages:
        html = page.read_text(encoding="utf-8")
        leaked = [v for v in values if v in html]
        assert leaked == [], (page.name, leaked[:3])
    g64 = html_module.unescape((site / "guide-64.html").read_text(encoding="utf-8"))
    assert "Entreprendre dans le tourisme en Béarn et au Pays basque" in g64
    assert "Gîte d'étape de montagne" in g64
    g33 = html_module.unescape((site / "guide-33.html").read_text(encoding="utf-8"))
    assert "En Gironde : les aides du Département (exemple fictif)" in g33
    assert "Dans la métropole" not in g33  # a block for one EPCI only
    assert "Gîte d'étape de montagne" not in g33
    assert "guide-33.html" in (site / "guides.html").read_text(encoding="utf-8")


def test_ppgraph_guide_writes_html_markdown_and_lists_blocks(built_demo, tmp_path):
    store = str(built_demo.store_path)
    r = CliRunner().invoke(cli.main, ["--store", store, "guide", "--departement", "33",
                                      "--epci", "243300316", "-o", str(tmp_path / "bx.html")])
    assert r.exit_code == 0, r.output
    assert re.match(r"Guide écrit : .*bx\.html \(Bordeaux Métropole ; \d+ blocs dont 2 blocs "
                    r"propres au territoire, \d+ structures nommées\)\.", r.output)
    assert "Dans la métropole" in (tmp_path / "bx.html").read_text(encoding="utf-8")
    md = CliRunner().invoke(cli.main, ["--store", store, "guide", "--departement", "Creuse",
                                       "--format", "md"])
    assert md.exit_code == 0 and md.output.startswith("# Guide du porteur de projet — Creuse (23)")
    listing = CliRunner().invoke(cli.main, ["--store", store, "guide", "--departement", "23",
                                            "--blocs"])
    assert "etape-financement-ici" in listing.output and "local-23-cafe-creation" in listing.output
    bad = CliRunner().invoke(cli.main, ["--store", store, "guide", "--departement", "23",
                                        "-o", str(tmp_path / "x.pdf")])
    assert bad.exit_code == 2 and "choisissez un nom qui finit par .html ou .md" in bad.output


@pytest.mark.parametrize("code", ["33", "23"])
def test_the_guide_prints_to_pdf_in_chromium_with_a_sane_page_count_and_no_overflow(
        built_demo, tmp_path, code):
    if not CHROMIUM:
        pytest.skip("Chromium absent (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    import pypdf  # the test extra's
    with Store(built_demo.store_path, read_only=True) as store:
        done = write_guide(store, tmp_path / f"guide-{code}.html", departement=code)
    requests = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
        page.on("request", lambda r: requests.append(r.url))
        page.goto(done.path.as_uri())
        page.emulate_media(media="print")
        overflow = page.evaluate("""() => {
            const limit = document.documentElement.clientWidth;
            const out = [];
            for (const el of document.querySelectorAll('main *')) {
              const r = el.getBoundingClientRect();
              if (r.width === 0) continue;
              const clipped = el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0
                              && getComputedStyle(el).overflowX !== 'visible';
              if (r.right > limit + 1 || r.left < -1 || clipped)
                out.push(el.tagName + ': ' + (el.textContent || '').trim().slice(0, 60));
            }
            return out; }""")
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
        browser.close()
    assert overflow == []
    assert requests == [done.path.as_uri()]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    # 5 common blocks, 15 steps with their « who does what here », contacts, tools, notions:
    # more than a leaflet, less than a report (Gironde, the largest département: ~20 pages).
    assert 6 <= pages <= 30, pages
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Les étapes de votre projet" in " ".join(text.split())
    assert float(reader.pages[0].mediabox.width) == pytest.approx(595.3, abs=1)  # A4

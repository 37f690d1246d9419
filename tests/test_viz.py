"""The interactive views: self-contained, offline, escaped, free of personal data, on the
site, and drawn by a real headless Chromium with every other host blocked.

The browser tests drive Debian's Chromium (``/usr/bin/chromium``, or ``$PPGRAPH_CHROMIUM``)
through Playwright's Python package, without Playwright's own browser download. They are
skipped, with the reason, only when Chromium or the playwright package is absent.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, URIRef

import cli
import ppgraph.viz as viz_module
from ppgraph.namespaces import PP, submission_graph
from ppgraph.network import actor_graph, add_structure, departement_subgraph, example_network
from ppgraph.reference import load_reference_data, personal_properties
from ppgraph.resources import demo_dir
from ppgraph.store import Store
from ppgraph.html import json_for_script
from ppgraph.viz import LARGE_VIEW, VIS_DIR, render_view, view_data, write_view

DATA = Path(__file__).parent / "data" / "issue5"
FIXTURE = DATA / "reseau-23.ttl"
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
S = "https://w3id.org/ppgraph/id/structure/"
TYPE_OT = URIRef("https://w3id.org/ppgraph/ref/type-structure/ot")


def run(*args):
    return CliRunner().invoke(cli.main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def fixture_graph():
    store = Store()
    load_reference_data(store)
    store.replace_graph(submission_graph("23"), FIXTURE)
    return actor_graph(store)


@pytest.fixture(scope="module")
def demo_on_disk(tmp_path_factory) -> Path:
    """The bundled demo submissions (data/demo/*.ttl) in an on-disk store, as they are."""
    path = tmp_path_factory.mktemp("magasin") / "store"
    with Store(path) as store:
        load_reference_data(store)
        for f in sorted(demo_dir().glob("soumission-*.ttl")):
            store.replace_graph(submission_graph(f.stem.removeprefix("soumission-")), f)
    return path


@pytest.fixture(scope="module")
def hostile_page(fixture_graph, tmp_path_factory) -> Path:
    return write_view(fixture_graph, tmp_path_factory.mktemp("vue") / "hostile.html")


def data_of(html: str) -> str:
    m = re.search(r'<script type="application/json" id="reseau-donnees">(.*?)</script>', html, re.S)
    assert m, "pas de données JSON dans la page"
    return m.group(1)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each script."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


# -- the page, as text ------------------------------------------------------------------------

def test_data_json_is_escaped_and_round_trips(fixture_graph, hostile_page):
    html = hostile_page.read_text(encoding="utf-8")
    raw = data_of(html)
    assert not re.search(r"[<>&]", raw)
    data = json.loads(raw)
    labels = {n["label"] for n in data["noeuds"]}
    assert set(HOSTILE) <= labels
    assert json_for_script({"x": "</script><!--&"}) == '{"x": "\\u003c/script\\u003e\\u003c!--\\u0026"}'
    for text in HOSTILE:
        assert text not in html
    elements = Elements(html)
    assert not [t for t, _ in elements.tags if t in ("img", "iframe", "object", "embed")]
    assert [a.get("type") for t, a in elements.tags if t == "script"] == ["application/json", None, None]
    handlers = [(t, k) for t, attrs in elements.tags for k in attrs if k.lower().startswith("on")]
    assert not handlers


def test_page_script_never_uses_html_sinks():
    script = (VIS_DIR.parent / "reseau.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "setAttribute(\"on"):
        assert sink not in code, sink
    assert "textContent" in code


# A resource or link to another host: src=/href=/url(/@import followed by "scheme://" or "//".
EXTERNAL = re.compile(r"""(?:\b(?:src|href|action|data|poster|srcset|xlink:href)\s*=\s*["']?\s*"""
                      r"""|url\(\s*["']?\s*|@import\s+["']?)(?:[a-z][a-z0-9+.-]*:)?//""",
                      re.IGNORECASE)


def test_generated_html_refers_to_no_other_host(hostile_page):
    """What counts: src/href/action/data/poster/srcset attributes, CSS url() and @import, and
    dynamic loads (import(), fetch, XMLHttpRequest, WebSocket, sendBeacon, Worker) in the
    page's own script. The data (JSON) may hold IRIs: they are shown as text only. The
    inlined vis-network may mention URLs only in its licence comments and in core-js's
    description strings (license:/source:), which nothing loads."""
    html = hostile_page.read_text(encoding="utf-8")
    assert not EXTERNAL.search(html)
    assert "sourceMappingURL" not in html
    data, vis, page_js = Elements(html).scripts
    markup = html.replace(data, "").replace(vis, "").replace(page_js, "")
    assert not re.search(r"https?:", markup), re.findall(r".{40}https?:.{40}", markup)
    assert not re.search(r"https?:|\bimport\s*\(|fetch\(|XMLHttpRequest|WebSocket|sendBeacon|"
                         r"Worker\(|EventSource", page_js)
    without_comments = re.sub(r"/\*.*?\*/", "", vis, flags=re.S)
    left = [without_comments[max(0, m.start() - 8):m.end()]
            for m in re.finditer(r'"https?://[^"]*"', without_comments)]
    assert left == ['license:"https://github.com/zloirock/core-js/blob/v3.51.0/LICENSE"',
                    ',source:"https://github.com/zloirock/core-js"']
    assert len(re.findall(r"https?://", without_comments)) == len(left)
    csp = next(a["content"] for t, a in Elements(html).tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "'unsafe-inline'" not in \
        csp.split("script-src")[1].split(";")[0]


def test_vis_network_ships_with_its_licences():
    assert (VIS_DIR / "LICENSE-MIT").read_text(encoding="utf-8").startswith("The MIT License")
    assert "Apache License" in (VIS_DIR / "LICENSE-APACHE-2.0").read_text(encoding="utf-8")
    assert f"@version {viz_module.VIS_NETWORK_VERSION}" in (VIS_DIR / "vis-network.min.js").read_text(
        encoding="utf-8")[:400]


def test_personal_data_appears_only_when_asked(demo_on_disk):
    demo = Graph()
    for f in sorted(demo_dir().glob("soumission-*.ttl")):
        demo.parse(f, format="turtle")
    hidden = personal_properties()
    distinctive = {str(o) for _, p, o in demo if p in hidden and isinstance(o, Literal)
                   and (any(c.isdigit() for c in str(o)) or "@" in str(o))}
    with Store(demo_on_disk, read_only=True) as store:
        public = render_view(actor_graph(store, include_projects=True))
        personal = render_view(actor_graph(store, include_personal=True))
    assert not [s for s in distinctive if s in public]
    assert [s for s in distinctive if s in personal]
    assert "données personnelles" not in public
    assert "Cette vue contient des données personnelles" in personal


def test_large_view_turns_physics_off_and_says_so():
    G = nx.MultiDiGraph(niveau_floor=0)
    for i in range(LARGE_VIEW + 50):
        add_structure(G, f"s{i}", f"Structure {i}", f"{i % 7 + 10}", i % 3)
    data = view_data(G)
    assert not data["physique"] and len(data["noeuds"]) == LARGE_VIEW + 50
    html = render_view(G)
    assert "la simulation physique est désactivée" in html and "2\u202f050 nœuds" in html
    assert view_data(example_network())["physique"]


def test_views_are_deterministic_and_in_english_when_asked(fixture_graph):
    assert render_view(fixture_graph) == render_view(fixture_graph)
    english = render_view(fixture_graph, lang="en")
    assert '<html lang="en">' in english and "Search for an organisation" in english
    data = json.loads(data_of(english))
    adt = next(n for n in data["noeuds"] if n["label"] == "Agence fictive de la Creuse")
    assert ["E-mail", "contact@adt-fictive-23.example"] in adt["details"]


def test_departement_view_data(fixture_graph):
    data = view_data(departement_subgraph(fixture_graph, "23"))
    by_label = {n["label"]: n for n in data["noeuds"]}
    assert by_label["Réseau régional fictif"]["externe"] is True
    assert by_label["Office fictif isolé"]["externe"] is False
    assert by_label["Agence fictive de la Creuse"]["recues"] == 5
    kinds = Counter(a["kind"] for a in data["aretes"])
    assert kinds["oriente"] == 5 and kinds["partenaire"] == 1


# -- the site -----------------------------------------------------------------------------------

def test_demo_site_has_the_regional_view_and_one_per_departement(built_demo):
    site = built_demo.site_index.parent
    codes = sorted(p.stem.removeprefix("soumission-") for p in demo_dir().glob("soumission-*.ttl"))
    for code in codes:
        assert (site / f"reseau-{code}.html").is_file(), code
    home = Elements((site / "index.html").read_text(encoding="utf-8"))
    assert "reseau.html" in [a.get("href") for t, a in home.tags if t == "a"]
    regional = (site / "reseau.html").read_text(encoding="utf-8")
    assert "<h1>Réseau des acteurs — Nouvelle-Aquitaine</h1>" in regional
    links = [a.get("href") for t, a in Elements(regional).tags if t == "a"]
    assert all(f"reseau-{code}.html" in links for code in codes)
    creuse = (site / "reseau-23.html").read_text(encoding="utf-8")
    assert "<h1>Réseau des acteurs — Creuse (23)</h1>" in creuse
    assert 'href="reseau.html"' in creuse and 'href="style.css"' in creuse
    for page in [site / "reseau.html"] + [site / f"reseau-{c}.html" for c in codes]:
        assert not EXTERNAL.search(page.read_text(encoding="utf-8")), page.name
    # The home page's figures and the view agree on the number of structures.
    data = json.loads(data_of(regional))
    assert sum(1 for n in data["noeuds"] if n["kind"] == "structure") == \
        built_demo.summary.classes[str(PP.Structure)][1]


def test_a_site_without_structures_has_no_network_page(tmp_path):
    from ppgraph.site import write_site

    store = Store()
    load_reference_data(store)
    write_site(store, tmp_path)
    assert not (tmp_path / "reseau.html").exists()


# -- the command -----------------------------------------------------------------------------

def test_viz_command(demo_on_disk, tmp_path):
    store = demo_on_disk
    r = run("--store", store, "viz", "-o", tmp_path / "reseau.html")
    assert r.exit_code == 0, r.output
    demo = Graph()
    for f in sorted(demo_dir().glob("soumission-*.ttl")):
        demo.parse(f, format="turtle")
    structures = len(set(demo.subjects(RDF.type, PP.Structure)))
    orientations = len(set(demo.subjects(RDF.type, PP.Orientation)))
    assert re.search(rf"Vue écrite dans .*reseau\.html : {structures} structures, \d+ territoires, "
                     rf"{orientations} orientations", r.output.replace("\u202f", "")), r.output
    r = run("--store", store, "viz", "--departement", "23", "-o", tmp_path / "creuse.html")
    assert r.exit_code == 0 and "Creuse (23)" in (tmp_path / "creuse.html").read_text(encoding="utf-8")
    r = run("--store", store, "viz", "--structure", "33-RESEAU", "--depth", "1", "-o", tmp_path / "r.html")
    assert r.exit_code == 0, r.output
    assert "Autour de « Réseau régional fictif des offices de tourisme" in \
        (tmp_path / "r.html").read_text(encoding="utf-8")
    r = run("--store", store, "viz", "--structure", "Office de tourisme fictif de Boussac")
    assert r.exit_code == 2 and "Vouliez-vous dire : « Office de tourisme fictif n°2 de Boussac »" in r.output
    r = run("--store", store, "viz", "--departement", "23", "--structure", "x")
    assert r.exit_code == 2 and "s'excluent" in r.output
    r = run("--store", store, "viz", "--depth", "2")
    assert r.exit_code == 2 and "--depth ne s'emploie qu'avec --structure" in r.output
    r = run("--store", store, "viz", "-o", tmp_path / "absent" / "x" / "v.html", "--departement", "87",
            "--include-personal")
    assert r.exit_code == 0 and "données personnelles" in r.output
    assert "Traceback" not in r.output


def test_docstring_examples_run():
    result = doctest.testmod(viz_module)
    assert result.failed == 0 and result.attempted >= 10


# -- in a real browser ------------------------------------------------------------------------

CHROMIUM = os.environ.get("PPGRAPH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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


class Visit:
    """A page opened with every request recorded and anything but the file itself (and the
    site's style sheet) refused."""

    def __init__(self, browser, path: Path, allowed: tuple[str, ...] = ()):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        allowed_urls = {path.resolve().as_uri()} | {p.resolve().as_uri() for p in map(Path, allowed)}

        def route(r):
            url = r.request.url
            if url in allowed_urls or url.startswith("data:"):
                r.continue_()
            else:
                self.refused.append(url)
                r.abort()

        self.context.route("**/*", route)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.allowed = allowed_urls
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("#reseau[data-etat=pret]", state="attached", timeout=60_000)

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def check_clean(self) -> None:
        assert not self.refused, self.refused
        assert {u for u in self.requests if not u.startswith("data:")} <= self.allowed, self.requests
        assert not self.dialogs, self.dialogs
        assert not self.errors, self.errors

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def demo_site(demo_on_disk, tmp_path_factory) -> Path:
    """The site of the bundled demo submissions (what « ppgraph demo » publishes)."""
    from ppgraph.site import write_site

    with Store(demo_on_disk, read_only=True) as store:
        return write_site(store, tmp_path_factory.mktemp("site")).parent


def test_browser_draws_the_regional_view_offline(browser, demo_site):
    # Expected: counted with rdflib from the Turtle files, not with ppgraph's queries.
    demo = Graph()
    for f in sorted(demo_dir().glob("soumission-*.ttl")):
        demo.parse(f, format="turtle")
    territories = (set(demo.objects(None, PP.territoireCouvert))
                   | set(demo.objects(None, PP.territoireDesservi)))
    expected = (len(set(demo.subjects(RDF.type, PP.Structure))) + len(territories)
                + len(set(demo.subjects(RDF.type, PP.GroupeDeTravail))))
    site = demo_site
    visit = Visit(browser, site / "reseau.html", allowed=(str(site / "style.css"),))
    try:
        assert visit.js("ppgraphReseau.noeuds.length") == expected
        # The regional view opens grouped by département (see the tests below): unfolded,
        # it draws every node.
        visit.page.get_by_role("button", name="Tout déplier").click()
        assert visit.js("ppgraphReseau.network.body.nodeIndices.length") == expected
        assert visit.js("ppgraphReseau.aretes.length") > 700
        assert visit.page.locator("h1").inner_text() == "Réseau des acteurs — Nouvelle-Aquitaine"
        # Unticking the offices hides exactly them.
        offices = visit.js("ppgraphReseau.donnees.noeuds.filter(n => n.type === 'Office de tourisme').length")
        assert offices == len({s for s in demo.subjects(PP.typeStructure, TYPE_OT)})
        visit.page.get_by_label("Office de tourisme", exact=False).first.uncheck()
        assert visit.js("ppgraphReseau.vueNoeuds.length") == expected - offices
        assert visit.js("ppgraphReseau.network.body.nodeIndices.length") == expected - offices
        visit.check_clean()
    finally:
        visit.close()


def test_browser_shows_hostile_labels_as_text_and_runs_nothing(browser, hostile_page, fixture_graph):
    visit = Visit(browser, hostile_page)
    try:
        assert visit.js("ppgraphReseau.noeuds.length") == fixture_graph.number_of_nodes()
        page = visit.page
        page.fill("#reseau-recherche", "script")
        result = page.locator("#reseau-resultats button")
        assert result.count() == 1 and result.first.text_content() == HOSTILE[0]
        result.first.click()
        assert page.locator("#reseau-details h2").text_content() == HOSTILE[0]
        page.fill("#reseau-recherche", "onerror")
        page.locator("#reseau-recherche").press("Enter")
        assert page.locator("#reseau-details h2").text_content() == HOSTILE[1]
        # Its « site web » is javascript:… : shown as text, never a link.
        details = page.locator("#reseau-details")
        assert "javascript:alert(2)" in details.text_content() and details.locator("a").count() == 0
        page.fill("#reseau-recherche", "agence fictive")
        page.locator("#reseau-recherche").press("Enter")
        link = details.locator("a")
        assert link.count() == 1 and link.get_attribute("href") == "https://adt-fictive-23.example/porteurs"
        # Hover over the node: vis-network's tooltip is the DOM element built with textContent.
        ident = visit.js(f"ppgraphReseau.donnees.noeuds.find(n => n.label === {json.dumps(HOSTILE[1])}).id")
        visit.js(f"ppgraphReseau.network.focus({ident}, {{scale: 1.5, animation: false}})")
        box = page.locator("#reseau-toile").bounding_box()
        point = visit.js("ppgraphReseau.network.canvasToDOM("
                         f"ppgraphReseau.network.getPositions([{ident}])[{ident}])")
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        tooltip = page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5000)
        assert tooltip.locator("strong").text_content() == HOSTILE[1]
        assert visit.js("document.querySelectorAll('img, iframe').length") == 0
        assert visit.js("typeof window.alert") == "function" and not visit.dialogs
        visit.check_clean()
        # Defence in depth: the page's Content-Security-Policy refuses any connection.
        outcome = visit.js("fetch('https://example.org/').then(() => 'parti', () => 'refusé')")
        assert outcome == "refusé" and not visit.refused
    finally:
        visit.close()


def test_browser_layout_is_the_same_every_time(browser, hostile_page):
    positions = []
    for _ in range(2):
        visit = Visit(browser, hostile_page)
        try:
            pos = visit.js("ppgraphReseau.network.getPositions()")
            positions.append({k: (round(v["x"]), round(v["y"])) for k, v in pos.items()})
            visit.check_clean()
        finally:
            visit.close()
    assert positions[0] == positions[1] and len(positions[0]) > 10


def test_browser_large_view_has_no_physics_and_says_so(browser, tmp_path):
    G = nx.MultiDiGraph(niveau_floor=0)
    n = LARGE_VIEW + 500
    for i in range(n):
        add_structure(G, f"s{i}", f"Structure {i}", f"{i % 12 + 10}", i % 3)
    for i in range(1, n):
        G.add_edge(f"s{i}", f"s{(i * 7) % i}", key="oriente", kind="oriente", weight=1, label="")
    page_path = write_view(G, tmp_path / "grand.html")
    visit = Visit(browser, page_path)
    try:
        assert visit.js("ppgraphReseau.noeuds.length") == n
        assert visit.js("ppgraphReseau.network.physics.options.enabled") is False
        notice = visit.page.locator(".reseau-avis").first.text_content()
        assert "la simulation physique est désactivée" in notice
        visit.check_clean()
    finally:
        visit.close()


# -- readable views: names that never overlap, the region grouped by département ---------------

# The label boxes vis-network actually drew (its label module's size, in canvas units, moved by
# the font's vadjust), and the pairs that overlap: measured on the drawing, not on the page's
# own placement.
LABEL_BOXES = """(() => {
  const net = ppgraphReseau.network, boxes = [];
  net.body.nodeIndices.forEach(id => {
    const n = net.body.nodes[id];
    if (!n.options.label) { return; }
    const s = n.labelModule.size, v = n.options.font.vadjust || 0;
    boxes.push({id: String(id), label: n.options.label, x0: s.left, y0: s.top + v,
                x1: s.left + s.width, y1: s.top + v + s.height});
  });
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) { overlaps.push([a.label, b.label]); }
  }
  return {boxes: boxes, overlaps: overlaps, drawn: net.body.nodeIndices.length};
})()"""


# How many drawn nodes have their centre inside the canvas.
ON_SCREEN = """(() => {
  const net = ppgraphReseau.network, toile = document.getElementById('reseau-toile');
  const pos = net.getPositions(net.body.nodeIndices);
  return Object.values(pos).map(p => net.canvasToDOM(p))
    .filter(p => p.x >= 0 && p.y >= 0 && p.x <= toile.clientWidth && p.y <= toile.clientHeight).length;
})()"""


def label_overlaps(visit) -> dict:
    return visit.js(LABEL_BOXES)


def test_view_data_names_every_departement_in_words():
    G = example_network()
    G.add_node("epci-gers", kind="territoire", label="CC fictive du Gers", departement="32")
    deps = {d["code"]: d["libelle"] for d in view_data(G)["deps"]}
    assert deps["32"] == "Gers (32)" and deps["19"] == "Corrèze (19)"
    assert all(re.fullmatch(r".+ \((\d\d|2A|2B|97\d)\)", label) for code, label in deps.items() if code)


def test_demo_legend_names_every_departement(demo_site):
    regional = (demo_site / "reseau.html").read_text(encoding="utf-8")
    labels = [d["libelle"] for d in json.loads(data_of(regional))["deps"]]
    assert labels and all(re.fullmatch(r".+ \(\d\d\)", x) or x == "Échelle régionale" for x in labels), labels
    # The intercommunalité across the Landes and the Gers is with the Landes structures that cover it.
    data = json.loads(data_of(regional))
    aire = next(n for n in data["noeuds"] if n["label"] == "CC d'Aire-sur-l'Adour")
    assert data["deps"][aire["dep"]]["code"] == "40"


@pytest.mark.parametrize("page", ["reseau.html", "reseau-23.html", "reseau-33.html"])
def test_browser_names_never_overlap_at_the_default_zoom(browser, demo_site, page):
    visit = Visit(browser, demo_site / page, allowed=(str(demo_site / "style.css"),))
    try:
        found = label_overlaps(visit)
        assert found["overlaps"] == [], found["overlaps"][:5]
        assert len(found["boxes"]) >= min(12, found["drawn"])
        if page != "reseau.html":
            # The largest structures are named first.
            data = visit.js("ppgraphReseau.donnees")
            named = {b["id"] for b in found["boxes"]}
            structures = sorted((n for n in data["noeuds"] if n["kind"] == "structure" and not n["externe"]),
                                key=lambda n: -n["rayon"])
            largest = [str(n["id"]) for n in structures[:5]]
            # the largest is named; in a dense core of equal rounds (the Gironde's 58
            # structures), the names of the next ones would cover it: 2 of the 5 at least
            assert largest[0] in named, (largest, named)
            assert sum(1 for n in largest if n in named) >= 2, (largest, named)
            # Zooming in names a larger share of the nodes on screen, still without overlap.
            before = len(found["boxes"]) / visit.js(ON_SCREEN)
            visit.js("ppgraphReseau.network.moveTo({scale: ppgraphReseau.network.getScale() * 2.5}); "
                     "ppgraphReseau.etiqueter()")
            closer = label_overlaps(visit)
            assert closer["overlaps"] == []
            assert len(closer["boxes"]) / visit.js(ON_SCREEN) > before
        visit.check_clean()
    finally:
        visit.close()


def test_browser_regional_view_opens_grouped_by_departement_and_unfolds(browser, demo_site):
    visit = Visit(browser, demo_site / "reseau.html", allowed=(str(demo_site / "style.css"),))
    try:
        data = visit.js("ppgraphReseau.donnees")
        assert data["grouper"] is True
        deps = [d for d in data["deps"] if d["code"] and d["structures"]]
        clusters = visit.js("ppgraphReseau.network.body.nodeIndices.filter(id => ppgraphReseau.network.isCluster(id))")
        assert len(clusters) == len(deps) == 12
        labels = {b["label"] for b in label_overlaps(visit)["boxes"]}
        for d in deps:
            assert f"{d['libelle']}\n{d['structures']} structures" in labels, d
        # A click on the Creuse unfolds it: its structures are drawn, the others stay grouped.
        creuse = "departement-23"
        point = visit.js(f"ppgraphReseau.network.canvasToDOM(ppgraphReseau.network.getPositions(['{creuse}'])['{creuse}'])")
        box = visit.page.locator("#reseau-toile").bounding_box()
        visit.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        # (vis-network gives the canvas the focus on hover: the page must not scroll by itself)
        assert visit.js("window.scrollY") == 0
        visit.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        visit.page.wait_for_function(f"ppgraphReseau.network.body.nodes['{creuse}'] === undefined")
        drawn = visit.js("ppgraphReseau.network.body.nodeIndices.length")
        in_creuse = sum(1 for n in data["noeuds"] if n["depCode"] == "23")
        assert drawn == len(deps) - 1 + in_creuse + sum(1 for n in data["noeuds"] if n["depCode"] == "")
        assert label_overlaps(visit)["overlaps"] == []
        # Its legend button groups it again; « Tout déplier » shows every node.
        button = visit.page.locator("button.reseau-plier", has_text="regrouper")
        assert button.count() == 1
        button.click()
        assert visit.js(f"ppgraphReseau.network.body.nodes['{creuse}'].isCluster")
        visit.page.get_by_role("button", name="Tout déplier").click()
        assert visit.js("ppgraphReseau.network.body.nodeIndices.length") == len(data["noeuds"])
        # Filters keep the grouping: untick the offices, group again, unfold: still hidden.
        visit.page.get_by_role("button", name="Regrouper par département").click()
        visit.page.get_by_label("Office de tourisme", exact=False).first.uncheck()
        visit.page.get_by_role("button", name="Tout déplier").click()
        offices = sum(1 for n in data["noeuds"] if n["type"] == "Office de tourisme")
        assert visit.js("ppgraphReseau.network.body.nodeIndices.length") == len(data["noeuds"]) - offices
        visit.check_clean()
    finally:
        visit.close()


def test_browser_a_link_to_a_structure_opens_the_view_on_it(browser, demo_site):
    """The « qui fait quoi » pages link to reseau-<code>.html#structure-<id>: the view selects
    it (unfolding its département in the regional view) and shows its details; without
    script, the anchor is its row in the table of structures."""
    qfq = (demo_site / "qui-fait-quoi-24.html").read_text(encoding="utf-8")
    link = re.search(r'href="(reseau-24\.html#structure-24-OT-003)"', qfq)
    assert link, "pas de lien vers la vue du département"
    assert 'id="structure-24-OT-003"' in (demo_site / "reseau-24.html").read_text(encoding="utf-8")
    for page in ("reseau-24.html", "reseau.html"):
        path = demo_site / page
        visit = Visit(browser, path, allowed=(str(demo_site / "style.css"),))
        try:
            visit.page.goto(path.resolve().as_uri() + "#structure-24-OT-003")
            visit.page.wait_for_selector("#reseau[data-etat=pret]", state="attached", timeout=60_000)
            visit.page.wait_for_selector("#reseau-details:not([hidden])", timeout=10_000)
            assert visit.page.locator("#reseau-details h2").text_content() == \
                "Office de tourisme fictif n°3 de Sarlat-la-Canéda"
            assert visit.js("ppgraphReseau.network.getSelectedNodes().length") == 1
        finally:
            visit.close()

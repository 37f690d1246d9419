"""The static site: figures per département, fictitious-data banner, glossary, escaping,
offline pages, byte-identical rebuilds, English pages.

Expected values are computed independently of ppgraph's queries, with rdflib straight from
the Turtle files; the HTML is read with ``html.parser``.
"""

from __future__ import annotations

import functools
import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ppgraph.errors import InputError
from ppgraph.namespaces import GRAPH_REFERENTIEL, PP, REF, submission_graph
from ppgraph.reference import load_reference_data
from ppgraph.resources import demo_dir, referentiel_files
from ppgraph.site import Page, default_pages, write_site
from ppgraph.store import Store

DATA = Path(__file__).parent / "data"
FICTIVE = DATA / "soumission-test-33.ttl"
REAL = DATA / "soumission-test-87.ttl"
DEMO = sorted(demo_dir().glob("soumission-*.ttl")) if demo_dir().is_dir() else []

# The columns of the figures table, as the brief names them (class → counted instances).
TABLE_CLASSES = ["Structure", "OffreDeService", "Technicien", "PorteurDeProjet", "Projet",
                 "Accompagnement", "Orientation", "Prestataire", "Candidature"]


# -- a small DOM on top of html.parser ---------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None"):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Node"]:
        out = []
        for child in self.children:
            if isinstance(child, Node):
                if ((tag is None or child.tag == tag)
                        and (cls is None or cls in child.attrs.get("class", "").split())
                        and all(child.attrs.get(k.replace("_", "-")) == v
                                for k, v in attrs.items())):
                    out.append(child)
                out.extend(child.find_all(tag, cls, **attrs))
        return out

    def find(self, *args, **kwargs) -> "Node":
        found = self.find_all(*args, **kwargs)
        assert found, f"aucun élément {args} {kwargs}"
        return found[0]

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        assert node is not self.root, f"balise fermante orpheline </{tag}>"
        self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(path: Path) -> Node:
    builder = TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    assert builder.current is builder.root, f"{path.name} : balises non fermées"
    return builder.root


# -- building stores ------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def turtle(path: Path) -> Graph:
    """A Turtle file parsed by rdflib (cached: callers only read it)."""
    return Graph().parse(path, format="turtle")


def departement_code(path: Path) -> str:
    g = turtle(path)
    deps = {d for s in g.subjects(RDF.type, PP.Soumission) for d in g.objects(s, PP.departement)}
    assert len(deps) == 1, path
    return str(next(iter(deps))).rsplit("/", 1)[-1]


def make_store(*submissions: Path, referentiel: list[Path] | None = None) -> Store:
    store = Store()
    load_reference_data(store)
    if referentiel is not None:
        store.replace_graph(GRAPH_REFERENTIEL, referentiel[0])
        for f in referentiel[1:]:
            store.add_graph(GRAPH_REFERENTIEL, f)
    for path in submissions:
        store.replace_graph(submission_graph(departement_code(path)), path)
    return store


def referentiel(files: list[Path] | None = None) -> Graph:
    g = Graph()
    for f in files or referentiel_files():
        g += turtle(f)
    return g


def fr(g: Graph, s, p, lang="fr") -> str | None:
    values = sorted(str(o) for o in g.objects(s, p)
                    if isinstance(o, Literal) and o.language == lang)
    return values[0] if values else None


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def folded(text: str) -> str:
    s = unicodedata.normalize("NFKD", text)
    return "".join(c for c in s if not unicodedata.combining(c)).replace("œ", "oe").casefold()


def table_columns(table: Node) -> list[str | None]:
    """The column keys of the figures table in visual order (HTML table layout)."""
    head_rows = table.find("thead").find_all("tr")
    second = [th.attrs["data-colonne"] for th in head_rows[1].find_all("th")]
    keys: list[str | None] = []
    for th in head_rows[0].find_all("th"):
        if "colspan" in th.attrs:
            keys.extend(second)
        else:
            keys.append(th.attrs.get("data-colonne"))
    return keys


def table_rows(table: Node, section: str) -> dict[str, dict]:
    keys = table_columns(table)
    rows = {}
    for tr in table.find(section).find_all("tr"):
        cells = [c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]
        assert len(cells) == len(keys)
        values = {k: int(c.text().replace("\u202f", "").replace(",", ""))
                  for k, c in zip(keys, cells) if k is not None}
        rows[tr.attrs["data-departement"]] = {"nom": cells[1].text(), **values}
    return rows


def expected_counts(path: Path, levels: set) -> dict[str, int]:
    """Instances per class and structures per level, counted with rdflib in the file."""
    g = turtle(path)
    counts = {str(PP[c]): len(set(g.subjects(RDF.type, PP[c]))) for c in TABLE_CLASSES}
    structures = set(g.subjects(RDF.type, PP.Structure))
    for level in levels:
        counts[str(level)] = len({s for s in structures
                                  if (s, PP.niveauAccompagnement, level) in g})
    counts[""] = len({s for s in structures
                      if not any(n in levels for n in g.objects(s, PP.niveauAccompagnement))})
    return counts


# -- figures per département ------------------------------------------------------------------

SUBMISSION_SETS = [pytest.param([FICTIVE, REAL], id="fixtures"),
                   pytest.param(DEMO, id="demo", marks=pytest.mark.skipif(
                       not DEMO, reason="pas encore de soumissions de démo dans data/demo"))]


@pytest.mark.parametrize("files", SUBMISSION_SETS)
def test_home_page_lists_every_submitted_departement_with_its_counts(tmp_path, files):
    index = write_site(make_store(*files), tmp_path)
    table = parse(index).find("table", cls="effectifs")
    rows = table_rows(table, "tbody")

    levels = set(referentiel().subjects(SKOS.inScheme, REF["niveau"]))
    expected = {departement_code(f): expected_counts(f, levels) for f in files}
    assert set(rows) == set(expected)
    for code, counts in expected.items():
        got = rows[code]
        for key, n in counts.items():
            if key == "" and not any(e[""] for e in expected.values()):
                assert key not in got  # the "not stated" column only shows when needed
                continue
            assert got[key] == n, (code, key)

    total = table_rows(table, "tfoot")[""]
    for key in expected[next(iter(expected))]:
        if key in total:
            assert total[key] == sum(e[key] for e in expected.values()), key


def test_home_page_names_departements_and_counts_structures_without_level(tmp_path):
    index = write_site(make_store(FICTIVE, REAL), tmp_path)
    rows = table_rows(parse(index).find("table", cls="effectifs"), "tbody")
    assert rows["33"]["nom"].startswith("Gironde")
    assert rows["87"]["nom"] == "Haute-Vienne"
    assert rows["33"][""] == 1  # the consular chamber declares no level
    assert rows["33"][str(REF["niveau/guichet-unique"])] == 2


def test_level_columns_follow_the_referentiel_labels_in_rank_order(tmp_path):
    index = write_site(make_store(FICTIVE), tmp_path)
    table = parse(index).find("table", cls="effectifs")
    second_row = table.find("thead").find_all("tr")[1].find_all("th")
    g = referentiel()
    levels = sorted(g.subjects(SKOS.inScheme, REF["niveau"]),
                    key=lambda c: int(g.value(c, PP.rang)))
    assert [th.text() for th in second_row if th.attrs["data-colonne"]] == \
        [fr(g, c, SKOS.prefLabel) for c in levels]


def test_home_page_without_submission_says_so(tmp_path):
    doc = parse(write_site(make_store(), tmp_path))
    assert not doc.find_all("table")
    assert "Aucun département n'a encore versé de soumission." in doc.find("main").text()


def test_departements_of_the_region_without_submission_are_named(tmp_path):
    main = parse(write_site(make_store(FICTIVE, REAL), tmp_path)).find("main").text()
    assert "Charente (16)" in main and "Vienne (86)" in main
    assert "Gironde (33)" not in main.split("sans soumission")[-1]


# -- fictitious data banner -----------------------------------------------------------------

def test_banner_shows_when_a_submission_is_fictitious(tmp_path):
    write_site(make_store(FICTIVE), tmp_path)
    for name in ("index.html", "glossaire.html"):
        banner = parse(tmp_path / name).find("div", cls="alerte-fictif")
        assert "Données fictives de démonstration" in banner.text()


def test_no_banner_without_fictitious_flag(tmp_path):
    assert (None, PP.donneesFictives, Literal(True)) not in turtle(REAL)
    write_site(make_store(REAL), tmp_path)
    for name in ("index.html", "glossaire.html"):
        doc = parse(tmp_path / name)
        assert not doc.find_all("div", cls="alerte-fictif")
        assert "fictive" not in doc.text().lower()


def test_banner_names_the_fictitious_submissions_when_data_is_mixed(tmp_path):
    doc = parse(write_site(make_store(FICTIVE, REAL), tmp_path))
    banner = doc.find("div", cls="alerte-fictif").text()
    assert "Gironde (33)" in banner and "Haute-Vienne" not in banner


# -- glossary -------------------------------------------------------------------------------

def concept_articles(doc: Node) -> dict[str, Node]:
    """Concept IRI → its article, read from the IRI printed in each entry."""
    return {a.find("code", cls="iri").text(): a for a in doc.find_all("article", cls="concept")}


def test_glossary_has_a_section_per_scheme_and_an_entry_per_concept(tmp_path):
    write_site(make_store(), tmp_path)
    doc = parse(tmp_path / "glossaire.html")
    g = referentiel()

    schemes = set(g.subjects(RDF.type, SKOS.ConceptScheme))
    sections = doc.find_all("section", cls="liste")
    assert len(sections) == len(schemes)
    assert {s.find("h2").text() for s in sections} == {fr(g, s, SKOS.prefLabel) for s in schemes}
    toc = doc.find("nav", cls="sommaire").find_all("a")
    # one entry per list, and the alphabetical index (issue 13) last
    assert {a.attrs["href"] for a in toc} == {"#" + s.attrs["id"] for s in sections} | {"#index"}
    assert toc[-1].attrs["href"] == "#index" and doc.find(id="index") is not None

    articles = concept_articles(doc)
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert set(articles) == {str(c) for c in concepts}
    for c in concepts:
        article = articles[str(c)]
        assert article.find(cls="libelle").text().startswith(fr(g, c, SKOS.prefLabel))
        definition = fr(g, c, SKOS.definition)
        if definition:
            assert article.find("p", cls="definition").text() == norm(definition)
        for alt in (str(a) for a in g.objects(c, SKOS.altLabel) if a.language == "fr"):
            assert norm(alt) in article.find("p", cls="synonymes").text()
        notation = g.value(c, SKOS.notation)
        if notation is not None:
            assert article.find("code", cls="notation").text() == str(notation)


def test_glossary_anchors_come_from_the_notation(tmp_path):
    write_site(make_store(), tmp_path)
    doc = parse(tmp_path / "glossaire.html")
    anchor = doc.find("article", id="niveau-guichet-unique")
    assert anchor.find("code", cls="iri").text() == str(REF["niveau/guichet-unique"])
    ids = [n.attrs["id"] for n in doc.find_all() if "id" in n.attrs]
    assert len(ids) == len(set(ids))


def test_glossary_nests_narrower_concepts_and_orders_them(tmp_path):
    write_site(make_store(), tmp_path)
    doc = parse(tmp_path / "glossaire.html")
    articles = concept_articles(doc)
    g = referentiel()
    for child, parent in g.subject_objects(SKOS.broader):
        if set(g.objects(child, SKOS.inScheme)) & set(g.objects(parent, SKOS.inScheme)):
            li = articles[str(child)].parent
            outer = next(a for a in li.ancestors() if a.tag == "li")
            assert outer.find("article").attrs["id"] == articles[str(parent)].attrs["id"]

    for section in doc.find_all("section", cls="liste"):
        top = [li for li in section.find("ol", cls="concepts").children
               if isinstance(li, Node) and li.tag == "li"]
        iris = [URIRef(li.find("code", cls="iri").text()) for li in top]
        ranks = [g.value(c, PP.rang) for c in iris]
        if all(r is not None for r in ranks):
            assert [int(r) for r in ranks] == sorted(int(r) for r in ranks)
        elif all(r is None for r in ranks):
            labels = [folded(fr(g, c, SKOS.prefLabel)) for c in iris]
            assert labels == sorted(labels), section.attrs["id"]


def test_services_link_to_their_competences(tmp_path):
    write_site(make_store(), tmp_path)
    doc = parse(tmp_path / "glossaire.html")
    articles = concept_articles(doc)
    g = referentiel()
    pairs = list(g.subject_objects(PP.competenceEssentielle))
    pairs_optional = list(g.subject_objects(PP.competenceOptionnelle))
    assert pairs, "le référentiel devrait lier des services à des compétences"
    for relation, found in (("essentielles", pairs), ("utiles", pairs_optional)):
        for service, competence in found:
            links = articles[str(service)].find("p", cls=f"relation-{relation}").find_all("a")
            assert "#" + articles[str(competence)].attrs["id"] in {a.attrs["href"] for a in links}


def test_a_concept_and_a_scheme_added_to_the_referentiel_show_up(tmp_path):
    copy = tmp_path / "referentiel"
    copy.mkdir()
    for f in referentiel_files():
        shutil.copy(f, copy / f.name)
    with open(copy / "niveau.ttl", "a", encoding="utf-8") as out:
        out.write("""
<https://w3id.org/ppgraph/ref/niveau/essai-ajout> a skos:Concept ;
    skos:inScheme ref:niveau ; skos:notation "essai-ajout" ; pp:rang 3 ;
    skos:prefLabel "Niveau ajouté pour l'essai"@fr ;
    skos:definition "Un niveau qui n'existe que dans ce test."@fr .
""")
    (copy / "zz-nouvelle-liste.ttl").write_text("""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/ppgraph/ref/essai> a skos:ConceptScheme ;
    skos:prefLabel "Liste ajoutée pour l'essai"@fr ;
    dcterms:description "Une liste qui n'existe que dans ce test."@fr .
<https://w3id.org/ppgraph/ref/essai/terme> a skos:Concept ;
    skos:inScheme <https://w3id.org/ppgraph/ref/essai> ; skos:notation "terme" ;
    skos:prefLabel "Épreuve"@fr ; skos:definition "Un terme ajouté sans toucher au code."@fr .
""", encoding="utf-8")
    files = sorted(copy.glob("*.ttl"))
    site = tmp_path / "site"
    write_site(make_store(FICTIVE, referentiel=files), site)

    doc = parse(site / "glossaire.html")
    schemes = set(referentiel(files).subjects(RDF.type, SKOS.ConceptScheme))
    assert len(doc.find_all("section", cls="liste")) == len(schemes)
    sections = {s.find("h2").text(): s for s in doc.find_all("section", cls="liste")}
    assert "Liste ajoutée pour l'essai" in sections
    added = doc.find("article", id="essai-terme")
    assert added.find("p", cls="definition").text() == "Un terme ajouté sans toucher au code."
    assert doc.find("article", id="niveau-essai-ajout")

    table = parse(site / "index.html").find("table", cls="effectifs")
    levels = [th.text() for th in table.find("thead").find_all("tr")[1].find_all("th")]
    assert levels[:4] == ["Aucun accompagnement", "Guichet unique", "Suivi précis",
                          "Niveau ajouté pour l'essai"]

    # In English the French-only entries fall back to French, marked as such.
    write_site(make_store(FICTIVE, referentiel=files), site, lang="en")
    label = parse(site / "glossaire.html").find("article", id="essai-terme").find(cls="libelle")
    assert label.text() == "Épreuve"
    definition = parse(site / "glossaire.html").find("article", id="essai-terme").find(
        "p", cls="definition")
    assert definition.attrs.get("lang") == "fr"


# -- safety and portability -----------------------------------------------------------------

HOSTILE = "<script>alert(1)</script>"


def test_hostile_labels_are_shown_as_text(tmp_path):
    copy = tmp_path / "referentiel"
    copy.mkdir()
    for f in referentiel_files():
        shutil.copy(f, copy / f.name)
    (copy / "zz-hostile.ttl").write_text(f"""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/ppgraph/ref/hostile> a skos:ConceptScheme ;
    skos:prefLabel "{HOSTILE}"@fr .
<https://w3id.org/ppgraph/ref/hostile/x> a skos:Concept ;
    skos:inScheme <https://w3id.org/ppgraph/ref/hostile> ;
    skos:notation "\\"><img src=x onerror=alert(2)>" ;
    skos:prefLabel "{HOSTILE}"@fr ;
    skos:altLabel "<b>gras</b>"@fr ;
    skos:definition "<img src=x onerror=alert(3)> & co"@fr .
""", encoding="utf-8")
    site = tmp_path / "site"
    write_site(make_store(FICTIVE, referentiel=sorted(copy.glob("*.ttl"))), site,
               title=HOSTILE, notices=[HOSTILE])

    for name in ("index.html", "glossaire.html"):
        raw = (site / name).read_text(encoding="utf-8")
        assert HOSTILE not in raw
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
        doc = parse(site / name)
        assert not doc.find_all("img") and not doc.find_all("b")
        for script in doc.find_all("script"):
            assert "alert" not in script.text()
        assert HOSTILE in doc.find("title").text()
        assert HOSTILE in doc.find("div", cls="alerte-avis").text()

    doc = parse(site / "glossaire.html")
    entry = concept_articles(doc)["https://w3id.org/ppgraph/ref/hostile/x"]
    assert entry.find(cls="libelle").text() == HOSTILE
    assert entry.find("p", cls="definition").text() == "<img src=x onerror=alert(3)> & co"
    assert re.fullmatch(r"[A-Za-z0-9_-]+", entry.attrs["id"])
    # The structure named <script>… in the submission never reaches a page as markup.
    assert all(HOSTILE not in p.read_text(encoding="utf-8") for p in site.iterdir())


# A resource or link to another host: src=/href=/url(/@import followed by "scheme://" or "//".
EXTERNAL = re.compile(r"""(?:\b(?:src|href|action|data|poster|srcset)\s*=\s*["']?\s*"""
                      r"""|url\(\s*["']?\s*|@import\s+["']?)(?:[a-z][a-z0-9+.-]*:)?//""",
                      re.IGNORECASE)


def test_pages_refer_to_no_other_host_and_every_link_resolves(tmp_path):
    write_site(make_store(FICTIVE, REAL), tmp_path)
    files = sorted(tmp_path.iterdir())
    assert {f.name for f in files} >= {"index.html", "glossaire.html", "style.css"}
    ids = {}
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert not EXTERNAL.search(text), f.name
        assert not re.search(r"(src|href)\s*=\s*[\"']?\s*https?:", text, re.IGNORECASE), f.name
        if f.suffix == ".html":
            doc = parse(f)
            ids[f.name] = {n.attrs["id"] for n in doc.find_all() if "id" in n.attrs}
            assert doc.find("html").attrs["lang"] == "fr"
            assert doc.find("meta", charset="utf-8")
            assert doc.find("meta", name="viewport")
    for f in files:
        if f.suffix != ".html":
            continue
        for node in parse(f).find_all():
            for attr in ("href", "src"):
                if attr not in node.attrs:
                    continue
                target = node.attrs[attr]
                page, _, anchor = target.partition("#")
                page = page or f.name
                assert (tmp_path / page).is_file(), (f.name, target)
                if anchor:
                    assert anchor in ids[page], (f.name, target)


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path):
    write_site(make_store(FICTIVE, REAL), tmp_path / "a")
    write_site(make_store(REAL, FICTIVE), tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


# -- languages and extension ---------------------------------------------------------------

def test_english_site_has_english_headings_and_labels(tmp_path):
    write_site(make_store(FICTIVE), tmp_path, lang="en")
    index, gloss = parse(tmp_path / "index.html"), parse(tmp_path / "glossaire.html")
    assert index.find("html").attrs["lang"] == "en"
    assert index.find("h2", id="chiffres").text() == "Figures per département"
    nav = [a.text() for a in index.find("nav").find_all("a")]
    assert nav[:2] == ["Home", "Glossary"]  # pages other modules register come after
    assert "Accueil" not in nav and "Glossaire" not in nav
    assert "Fictitious demonstration data" in index.find("div", cls="alerte-fictif").text()
    assert gloss.find("h1").text() == "Glossary of the reference framework"
    assert gloss.find("h2", id="sommaire").text() == "Contents"

    g = referentiel()
    articles = concept_articles(gloss)
    for concept in g.subjects(RDF.type, SKOS.Concept):
        english = fr(g, concept, SKOS.prefLabel, "en")
        heading = articles[str(concept)].find(cls="libelle")
        assert heading.text().startswith(english or fr(g, concept, SKOS.prefLabel))
    for scheme in g.subjects(RDF.type, SKOS.ConceptScheme):
        english = fr(g, scheme, SKOS.prefLabel, "en")
        if english:
            assert english in {s.find("h2").text() for s in gloss.find_all("section", cls="liste")}
    header = index.find("table", cls="effectifs").find("thead").text()
    assert "Organisations" in header and "Referrals" in header


def test_unknown_language_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="Langue non prise en charge"):
        write_site(make_store(), tmp_path, lang="de")


def test_a_page_given_to_the_site_is_written_and_listed_in_the_navigation(tmp_path):
    def essai(site):
        # A page may write sub-pages too (one per département, say).
        site.add_page("essai/33.html", "glossaire.html", "Sous-page", glossary=site.glossary)
        return {"page_title": "Page d'essai", "glossary": site.glossary}

    pages = default_pages()[:2] + [
        Page("essai", "essai.html", "site.nav.glossaire", "glossaire.html", essai),
        Page("absente", "absente.html", "site.nav.glossaire", "glossaire.html", lambda s: None)]
    write_site(make_store(), tmp_path, pages=pages)
    assert (tmp_path / "essai.html").is_file() and not (tmp_path / "absente.html").exists()
    nav = [a.attrs["href"] for a in parse(tmp_path / "index.html").find("nav").find_all("a")]
    assert nav == ["index.html", "glossaire.html", "essai.html"]
    current = parse(tmp_path / "essai.html").find("nav").find("a", aria_current="page")
    assert current.attrs["href"] == "essai.html"

    sub = parse(tmp_path / "essai" / "33.html")
    assert sub.find("link", rel="stylesheet").attrs["href"] == "../style.css"
    assert [a.attrs["href"] for a in sub.find("nav").find_all("a")] == \
        ["../index.html", "../glossaire.html", "../essai.html"]
    assert sub.find("title").text().startswith("Sous-page")
    # Nothing was registered: the next site has the default pages only.
    write_site(make_store(), tmp_path / "suivant")
    assert not (tmp_path / "suivant" / "essai.html").exists()


def test_pages_built_two_at_a_time_write_what_a_build_in_turn_writes(tmp_path):
    import threading
    import time

    threads = set()

    def page(name, delay):
        def build(site):
            threads.add(threading.get_ident())
            time.sleep(delay)  # the first page finishes last
            site.add_page("commun.html", "glossaire.html", name, glossary=site.glossary)
            return {"page_title": name, "glossary": site.glossary}
        return Page(name, f"{name}.html", "site.nav.glossaire", "glossaire.html", build)

    write_site(make_store(), tmp_path, pages=[page("premier", 0.5), page("second", 0)])
    assert len(threads) == 2
    # The same extra file from both: the later page in the navigation wins, as in turn.
    assert parse(tmp_path / "commun.html").find("title").text().startswith("second")


def test_default_pages_come_in_navigation_order():
    assert [p.name for p in default_pages()] == ["accueil", "glossaire", "reseau", "validation",
                                                 "qui-fait-quoi", "orientation", "besoins", "suivi",
                                                 "guides", "groupe"]


def test_every_language_has_the_same_interface_strings():
    from ppgraph.i18n import catalogue

    def keys(lang, domain):
        return {k for k in catalogue(lang).keys_flat() if k.startswith(domain + ".")}
    for domain in ("site", "viz", "questions", "network", "summary"):
        assert keys("fr", domain) and keys("fr", domain) == keys("en", domain), domain


# -- English: no French interface text --------------------------------------------------------

def french_interface_fragments() -> set[str]:
    """Telltale French phrases of the interface: every French message of the site, views,
    questions, network and summary catalogues, and every French text of the named questions'
    headers, cut at its placeholders, keeping the pieces of two words or more that the
    English catalogue does not share (« Département », « Code » are the same in both)."""
    from ppgraph.i18n import catalogue
    from ppgraph.questions import list_questions

    def texts(lang: str) -> list[str]:
        cat = catalogue(lang)
        out = []
        for key in cat.keys_flat():
            if key.split(".")[0] in ("site", "viz", "questions", "network", "summary"):
                value = cat._template(key)
                out += list(value.values()) if isinstance(value, dict) else \
                    list(value) if isinstance(value, tuple) else [value]
        for q in list_questions():
            out += [q.title(lang), q.description(lang), q.empty_message(lang)]
            out += list(q.columns(lang).values())
            out += [p.help_text(lang) for p in q.parameters]
        return out

    english = "\n".join(texts("en"))
    fragments = set()
    for text in texts("fr"):
        for piece in re.split(r"\{[^}]*\}", text):
            piece = piece.strip(" .:;,()«»\u00a0\u202f")
            if len(piece) >= 12 and " " in piece and piece not in english:
                fragments.add(piece)
    return fragments


def interface_text(path: Path) -> str:
    """The text a reader of ``path`` sees (and the view's script reads), without the passages
    marked as French (``lang="fr"``: data shown in French for want of an English text) and the
    names quoted “…” (a sheet of the French workbook a report is about, a value). The inlined
    scripts (vis-network, the page's own) hold code, not text: they are left out before
    parsing; the view's data (``application/json``) stays."""
    builder = TreeBuilder()
    builder.feed(re.sub(r"<script>.*?</script>", "", path.read_text(encoding="utf-8"),
                        flags=re.S))
    builder.close()
    doc = builder.root

    def walk(node: Node) -> str:
        if node.attrs.get("lang") == "fr":
            return ""
        return " ".join(c if isinstance(c, str) else walk(c) for c in node.children)
    return re.sub(r"“[^”]*”", "", re.sub(r"\s+", " ", walk(doc)))


def test_english_site_and_view_show_no_french_interface_text(built_demo, tmp_path):
    from ppgraph.network import actor_graph
    from ppgraph.viz import write_view

    fragments = french_interface_fragments()
    assert len(fragments) > 150 and "Aller au contenu" in fragments
    with Store(built_demo.store_path, read_only=True) as store:
        write_site(store, tmp_path / "site", lang="en", validation_reports=built_demo.reports)
        view = write_view(actor_graph(store, lang="en"), tmp_path / "vue.html", lang="en")
    pages = sorted((tmp_path / "site").rglob("*.html")) + [view]
    names = {p.relative_to(tmp_path).as_posix() for p in pages}
    assert {"site/index.html", "site/glossaire.html", "site/reseau.html", "site/reseau-23.html",
            "site/validation.html", "site/qui-fait-quoi.html", "site/qui-fait-quoi-23.html",
            "site/orientation.html", "vue.html"} <= names
    texts = {page.name: interface_text(page) for page in pages}
    found = {name: sorted(f for f in fragments if f in text) for name, text in texts.items()}
    assert not {name: f for name, f in found.items() if f}
    # The same home page in French does show those phrases (the check above can fail).
    with Store(built_demo.store_path, read_only=True) as store:
        write_site(store, tmp_path / "fr", pages=default_pages()[:1])
    french = parse(tmp_path / "fr" / "index.html").text()
    assert len([f for f in fragments if f in french]) > 10


def test_english_output_of_info_query_network_and_viz_has_no_french_interface_text(
        built_demo, tmp_path):
    from click.testing import CliRunner

    import cli

    fragments = french_interface_fragments()
    store = str(built_demo.store_path)
    commands = [["info"], ["query", "--list"], ["query", "orientation", "--list"],
                ["query", "qui-fait-quoi", "--param", "departement=Creuse"],
                ["query", "orientation", "-p", "territoire=St-Émilion", "-p", "type=camping",
                 "-p", "etape=idee"],
                ["query", "niveaux", "--format", "csv", "-o", str(tmp_path / "n.csv")],
                ["query", "-q", "ASK { ?s a pp:Structure }"],
                ["network", "stats", "--departement", "23"],
                ["network", "export", "-o", str(tmp_path / "r.gexf")],
                ["viz", "--structure", "33-RESEAU", "-o", str(tmp_path / "v.html")]]
    outputs = {}
    for args in commands:
        r = CliRunner().invoke(cli.main, ["--lang", "en", "--store", store] + args,
                               catch_exceptions=False)
        assert r.exit_code == 0, (args, r.output)
        outputs[" ".join(args[:3])] = r.stdout
    outputs["n.csv"] = (tmp_path / "n.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    found = {k: sorted(f for f in fragments if f in text) for k, text in outputs.items()}
    assert not {k: f for k, f in found.items() if f}
    stats = outputs["network stats --departement"]
    assert stats.startswith("Actor network — Creuse (23)\n")
    assert "Hubs, by number of linked organisations (degree):" in stats
    assert outputs["query -q ASK { ?s a pp:Structure }"] == "yes\n"
    assert outputs["query orientation -p"].startswith(
        "Where to refer a project holder — territory: Saint-Émilion (33394), project type: ")
    assert outputs["info"].startswith(f"Store {store}: ")
    assert "Organisations and territories at most 1 link away from" in \
        interface_text(tmp_path / "v.html")

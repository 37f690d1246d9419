"""The SHACL shapes in English (ontology/shapes.ttl): every text a reader sees — column header
(sh:name), cell comment (sh:description), rule message (sh:message), sheet name (pp:feuille) —
has exactly one English value beside its French one, written with English conventions, naming
the same sheets, lists, formats and codes; and the French template still reads the French."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest
from rdflib import RDF, BNode, Literal, Namespace
from rdflib.namespace import DCTERMS, RDFS, SKOS

from ppgraph.namespaces import PP
from ppgraph.resources import graph
from ppgraph.spreadsheet import load_schema
from ppgraph.text import fold

SH = Namespace("http://www.w3.org/ns/shacl#")

# The predicates whose values people read (the template, the reports, the glossary).
TEXTS = (SH.name, SH.description, SH.message, RDFS.label, RDFS.comment, SKOS.definition,
         DCTERMS.title)

# What Excel refuses in a sheet name, and the name it reserves.
EXCEL_FORBIDDEN = set("[]:*?/\\")


@pytest.fixture(scope="module")
def shapes():
    return graph("shapes")


def _values(g, node, prop, lang):
    return [o for o in g.objects(node, prop) if isinstance(o, Literal) and o.language == lang]


def _pairs(g):
    """(node, predicate, French text, English text) for every human-readable text."""
    out = []
    for prop in TEXTS:
        for node in set(g.subjects(prop, None)):
            fr, en = _values(g, node, prop, "fr"), _values(g, node, prop, "en")
            if fr and len(fr) == 1 and len(en) == 1:
                out.append((node, prop, str(fr[0]), str(en[0])))
    return out


def _sheets(g):
    """{node shape: (French name, English name)} for every node shape with pp:feuille."""
    out = {}
    for shape in set(g.subjects(PP.feuille, None)):
        fr, en = _values(g, shape, PP.feuille, "fr"), _values(g, shape, PP.feuille, "en")
        out[shape] = (str(fr[0]) if fr else None, str(en[0]) if en else None)
    return out


def test_every_french_text_has_exactly_one_english_value(shapes):
    checked = 0
    for prop in TEXTS:
        for node in set(shapes.subjects(prop, None)):
            values = list(shapes.objects(node, prop))
            # A text is tagged: an untagged literal would be read as French by the template
            # and never translated.
            untagged = [v for v in values if isinstance(v, Literal) and not v.language]
            assert not untagged, (node, prop, untagged)
            fr, en = _values(shapes, node, prop, "fr"), _values(shapes, node, prop, "en")
            if fr:
                checked += 1
                assert len(fr) == 1, (node, prop, fr)
                assert len(en) == 1, (node, prop, fr[0], en)
                assert str(en[0]).strip() == str(en[0]) and str(en[0]), (node, prop, en)
    # 15 sheets of 3 to 13 columns, their identifier columns, the rules, the lists.
    assert checked > 350


def test_english_texts_follow_english_conventions(shapes):
    for node, prop, fr, en in _pairs(shapes):
        where = (node, prop, en)
        assert "«" not in en and "»" not in en, where            # “ ” in English
        assert not re.search(r"[\s\u00a0\u202f][:;?!]", en), where  # no space before : ; ? !
        assert "jj/mm/aaaa" not in en and "aaaa" not in en, where
        # The date formats, in the same number, in the English order of letters.
        assert fr.count("jj/mm/aaaa") == en.count("dd/mm/yyyy"), where
        assert ("hh:mm" in fr) == ("hh:mm" in en), where
        # A placeholder that the code fills must survive the translation.
        assert re.findall(r"\{\?\w+\}", fr) == re.findall(r"\{\?\w+\}", en), where
        # A yes/no cell: the French answer it accepts is still named.
        if re.search(r"\bOui\b", fr):
            assert "Oui" in en and "Non" in en, where


def test_english_texts_keep_the_codes_and_examples(shapes):
    """Identifiers, INSEE codes, SIRET lengths and numbers quoted in the French text are
    quoted in the English text too (a decimal comma becomes a point)."""
    token = re.compile(r"(?<![\w-])[\w-]*\d[\w-]*(?:[.,]\d+)?")
    for node, prop, fr, en in _pairs(shapes):
        wanted = {t.replace(",", ".") for t in token.findall(fr)}
        found = set(token.findall(en))
        assert wanted <= found, (node, prop, wanted - found, en)


def test_english_texts_name_the_same_sheets(shapes):
    """« feuille Structures » in French is “Organisations sheet” in English: the same sheets,
    by their English names."""
    sheets = _sheets(shapes)
    fr_names = sorted((n[0] for n in sheets.values()), key=len, reverse=True)
    en_names = sorted((n[1] for n in sheets.values()), key=len, reverse=True)
    to_en = dict(sheets.values())
    fr_alt = "|".join(map(re.escape, fr_names))
    en_alt = "|".join(map(re.escape, en_names))
    fr_ref = re.compile(rf"\bfeuilles? ({fr_alt})(?: et ({fr_alt}))?")
    en_ref = re.compile(rf"\b({en_alt})(?: and ({en_alt}))? sheets?\b")
    seen = 0
    for node, prop, fr, en in _pairs(shapes):
        named_fr = Counter(to_en[n] for m in fr_ref.finditer(fr) for n in m.groups() if n)
        named_en = Counter(n for m in en_ref.finditer(en) for n in m.groups() if n)
        assert named_fr == named_en, (node, prop, fr, en)
        seen += sum(named_fr.values())
    assert seen > 30


def test_english_texts_name_the_referentiel_lists_by_their_english_labels(shapes):
    """“the list “Project types”” is a list the référentiel calls so in English, and every
    list named in French is named in English."""
    ref = graph("referentiel")
    english_lists = {str(o) for s in ref.subjects(RDF.type, SKOS.ConceptScheme)
                     for o in ref.objects(s, SKOS.prefLabel) if o.language == "en"}
    for node, prop, fr, en in _pairs(shapes):
        named = re.findall(r"\blist “([^”]+)”", en)
        assert len(named) == len(re.findall(r"\bliste « [^»]+ »", fr)), (node, prop, en)
        assert set(named) <= english_lists, (node, prop, set(named) - english_lists)


def test_each_list_shape_names_its_scheme_in_both_languages(shapes):
    ref = graph("referentiel")
    lists = [s for s in shapes.subjects(RDF.type, SH.NodeShape)
             if str(s).split("#")[-1].startswith("Liste-")]
    assert len(lists) == 17  # 14, and the roles, stages and channels of the working group
    for shape in lists:
        scheme = next(shapes.value(p, SH.hasValue) for p in shapes.objects(shape, SH.property)
                      if shapes.value(p, SH.path) == SKOS.inScheme)
        label = next(str(o) for o in ref.objects(scheme, SKOS.prefLabel) if o.language == "en")
        assert str(_values(shapes, shape, SH.name, "en")[0]) == f"Value from the list “{label}”"


def test_every_sheet_has_a_french_and_an_english_name(shapes):
    sheets = _sheets(shapes)
    assert len(sheets) == 21  # 17, and the composed working group (members, call, stages, schedule)
    for shape, (fr, en) in sheets.items():
        assert len(list(shapes.objects(shape, PP.feuille))) == 2, shape
        assert fr and en, shape
    english = [en for _, en in sheets.values()]
    assert len(set(english)) == len(english)
    # Excel compares sheet names without case: no English name may be another sheet's name.
    every = Counter(fold(n) for names in sheets.values() for n in set(names))
    assert max(every.values()) == 1, every.most_common(3)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_sheet_names_are_valid_excel_names(shapes, language):
    for shape in _sheets(shapes):
        for name in map(str, _values(shapes, shape, PP.feuille, language)):
            assert 1 <= len(name) <= 31, name
            assert not set(name) & EXCEL_FORBIDDEN, name
            assert not name.startswith("'") and not name.endswith("'"), name
            assert name.strip() == name and name.casefold() != "history", name


def test_english_headers_do_not_clash_within_a_sheet(shapes):
    """The import accepts a column by any of its names: an English header must not be the
    French or English header of another column of the same sheet."""
    for shape in _sheets(shapes):
        owner = defaultdict(set)
        columns = list(shapes.objects(shape, SH.property)) + \
            list(shapes.objects(shape, PP.colonneIdentifiant))
        for column in columns:
            for name in shapes.objects(column, SH.name):
                owner[fold(name)].add(column)
        clashes = {name: cols for name, cols in owner.items() if len(cols) > 1}
        assert not clashes, (shape, clashes)


def test_the_template_reads_the_french_sheet_names(shapes):
    """Two pp:feuille values, one sheet each, named in French, in sh:order."""
    schema = load_schema()
    by_order = sorted(_sheets(shapes).items(), key=lambda kv: float(shapes.value(kv[0], SH.order)))
    assert [s.name for s in schema.sheets] == [fr for _, (fr, _) in by_order]
    assert schema.sheets[1].name == "Structures"
    assert all(not isinstance(s.shape, BNode) for s in schema.sheets)

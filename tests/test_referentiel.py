"""The référentiel: every concept labelled, defined and placed; ordered schemes are ordered;
the core notions are in the glossary; a label shared between lists has a note that tells the
concepts apart."""

from __future__ import annotations

from collections import Counter, defaultdict

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ppgraph import PP, REF, resources
from ppgraph.reference import load_reference_data
from ppgraph.resolver import vocabulary
from ppgraph.site import write_site
from ppgraph.store import Store
from ppgraph.text import fold, name_key
from test_site import concept_articles, parse

SCHEMES = {"notions", "niveau", "type-porteur", "etape", "type-projet", "service", "competence",
           "niveau-maitrise", "type-structure", "type-outil", "statut-candidature",
           "nature-porteur", "nature-operation", "programme"}

# The core notions of issue 9 (item 5): the words every other list uses.
NOTIONS = {"porteur-de-projet", "prestataire", "accompagnement", "orientation",
           "offre-de-service", "guichet-unique", "technicien", "referentiel", "qui-fait-quoi",
           "groupe-de-travail", "outil-commun", "version-territoriale", "grc", "sit"}


def _lit(g, s, p, lang):
    return [o for o in g.objects(s, p) if isinstance(o, Literal) and o.language == lang]


def test_every_scheme_of_the_issue_exists_in_its_own_file():
    names = {f.stem for f in resources.referentiel_files()}
    assert SCHEMES <= names
    g = resources.referentiel_graph()
    schemes = {str(s).removeprefix(str(REF)) for s in g.subjects(RDF.type, SKOS.ConceptScheme)}
    assert SCHEMES <= schemes


def test_every_concept_has_labels_definition_notation_and_a_place_in_its_scheme():
    g = resources.referentiel_graph()
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 90
    problems = []
    for c in sorted(concepts):
        scheme = g.value(c, SKOS.inScheme)
        if scheme is None or not str(c).startswith(str(scheme) + "/"):
            problems.append(f"{c}: skos:inScheme")
        if len(_lit(g, c, SKOS.prefLabel, "fr")) != 1 or len(_lit(g, c, SKOS.prefLabel, "en")) != 1:
            problems.append(f"{c}: prefLabel fr/en")
        definitions = _lit(g, c, SKOS.definition, "fr")
        if len(definitions) != 1 or len(str(definitions[0])) < 40:
            problems.append(f"{c}: skos:definition fr")
        notation = g.value(c, SKOS.notation)
        if notation is None or not str(c).endswith("/" + str(notation)):
            problems.append(f"{c}: skos:notation")
        broader = list(g.objects(c, SKOS.broader))
        if not broader and (c, SKOS.topConceptOf, scheme) not in g:
            problems.append(f"{c}: ni topConceptOf ni broader")
        for b in broader:
            if (b, SKOS.inScheme, scheme) not in g:
                problems.append(f"{c}: broader hors du schéma")
    assert not problems, problems


def test_schemes_are_labelled_and_described():
    g = resources.referentiel_graph()
    for s in g.subjects(RDF.type, SKOS.ConceptScheme):
        assert _lit(g, s, SKOS.prefLabel, "fr") and _lit(g, s, SKOS.prefLabel, "en"), s


def test_niveaux_are_ordered_aucun_guichet_unique_suivi_precis():
    g = resources.referentiel_graph()
    order = sorted(g.subjects(SKOS.inScheme, REF["niveau"]), key=lambda c: int(g.value(c, PP.rang)))
    assert [str(g.value(c, SKOS.notation)) for c in order] == ["aucun", "guichet-unique", "suivi-precis"]
    for c in order:
        assert "jusqu" in str(_lit(g, c, SKOS.definition, "fr")[0]).lower() or \
               g.value(c, SKOS.scopeNote) is not None, c


def test_notations_are_unique_within_each_scheme():
    g = resources.referentiel_graph()
    pairs = Counter((g.value(c, SKOS.inScheme), str(g.value(c, SKOS.notation)))
                    for c in g.subjects(RDF.type, SKOS.Concept))
    assert [p for p, n in pairs.items() if n > 1] == []


def test_every_service_requires_competences_of_the_referentiel_and_every_competence_is_used():
    g = resources.referentiel_graph()
    services = set(g.subjects(SKOS.inScheme, REF["service"]))
    competences = set(g.subjects(SKOS.inScheme, REF["competence"]))
    used = set()
    for s in services:
        essential = set(g.objects(s, PP.competenceEssentielle))
        assert essential, s
        linked = essential | set(g.objects(s, PP.competenceOptionnelle))
        assert linked <= competences, (s, linked - competences)
        used |= linked
    leaves = {c for c in competences if not set(g.subjects(SKOS.broader, c))}
    assert leaves <= used, leaves - used


def test_the_two_kinds_of_porteur_de_projet_are_distinguished():
    """Initial / déjà installé describe the project; création, reprise, extension,
    développement, cession are natures of the operation; the holder is a person or an
    organisation."""
    g = resources.referentiel_graph()
    assert set(g.objects(REF["type-porteur"], SKOS.hasTopConcept)) == {
        REF["type-porteur/initial"], REF["type-porteur/deja-installe"]}
    assert not set(g.subjects(SKOS.broader, REF["type-porteur/deja-installe"]))
    ops = {str(c).rsplit("/", 1)[1] for c in g.subjects(SKOS.inScheme, REF["nature-operation"])}
    assert ops == {"creation", "reprise", "extension", "developpement", "cession"}
    natures = {str(c).rsplit("/", 1)[1] for c in g.subjects(SKOS.inScheme, REF["nature-porteur"])}
    assert natures == {"personne", "entreprise", "exploitation-agricole", "association",
                       "collectivite"}


def test_types_that_do_not_accompany_say_so_and_services_say_their_minimum_level():
    g = resources.referentiel_graph()
    ts = REF["type-structure/"]
    silent = {str(c).removeprefix(str(ts)) for c in g.subjects(PP.accompagneLesPorteurs, Literal(False))}
    assert {"banque", "region", "crt", "reseau-regional"} <= silent
    assert not {"ot", "adt", "pat", "pays-petr", "pnr", "caue"} & silent
    assert (ts + "gal-leader", RDF.type, SKOS.Concept) not in g
    assert (REF["programme/leader"], SKOS.inScheme, REF["programme"]) in g
    services = set(g.subjects(SKOS.inScheme, REF["service"]))
    assert all(g.value(s, PP.niveauMinimal) is not None for s in services)
    assert g.value(REF["service/orientation"], PP.niveauMinimal) == REF["niveau/guichet-unique"]
    assert g.value(REF["service/suivi-projet"], PP.niveauMinimal) == REF["niveau/suivi-precis"]
    # A concept points at an OWL class with pp:classeDATAtourisme, never skos:closeMatch.
    assert not [o for o in g.objects(None, SKOS.closeMatch) if "datatourisme" in str(o)]


def test_each_file_parses_on_its_own():
    for f in resources.referentiel_files():
        assert len(Graph().parse(f, format="turtle")) > 0, f


# -- the core notions ------------------------------------------------------------------------

def test_the_core_notions_are_defined_in_french_and_english():
    g = resources.referentiel_graph()
    scheme = REF["notions"]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    assert g.value(scheme, PP.rang) is not None  # placed among the lists of the glossary
    for lang in ("fr", "en"):
        assert _lit(g, scheme, SKOS.prefLabel, lang) and _lit(g, scheme, SKOS.definition, lang)
    members = {str(c).removeprefix(str(scheme) + "/") for c in g.subjects(SKOS.inScheme, scheme)}
    assert NOTIONS <= members, NOTIONS - members
    for notation in sorted(members):
        c = URIRef(f"{scheme}/{notation}")
        for lang in ("fr", "en"):
            assert len(_lit(g, c, SKOS.prefLabel, lang)) == 1, (c, lang)
            definitions = _lit(g, c, SKOS.definition, lang)
            assert len(definitions) == 1 and len(definitions[0]) >= 80, (c, lang)


def test_the_porteur_de_projet_notion_says_person_or_organisation_initial_or_installed():
    g = resources.referentiel_graph()
    c = REF["notions/porteur-de-projet"]
    text = fold(" ".join(str(t) for p in (SKOS.definition, SKOS.scopeNote)
                         for t in _lit(g, c, p, "fr")))
    for words in ("personne ou organisation", "initial", "deja installe", "prestataire"):
        assert words in text, words
    assert REF["type-porteur/initial"] in set(g.objects(c, SKOS.related))
    guichet = REF["notions/guichet-unique"]
    assert (guichet, SKOS.related, REF["niveau/guichet-unique"]) in g
    assert "intercommunalite" in fold(_lit(g, guichet, SKOS.definition, "fr")[0])


def test_everyday_short_forms_are_synonyms_the_resolver_finds():
    voc = vocabulary()
    for typed, notation in (("PP", "porteur-de-projet"), ("pp", "porteur-de-projet"),
                            ("presta", "prestataire"), ("Passé presta", "prestataire"),
                            ("GT", "groupe-de-travail"), ("SIT", "sit"), ("GRC", "grc"),
                            ("développeur", "technicien"), ("Guichet unique", "guichet-unique")):
        assert voc.resolve(REF["notions"], typed) == (REF[f"notions/{notation}"], []), typed


def _shared_labels(g: Graph) -> dict[str, set[URIRef]]:
    """French labels (preferred or alternative; case and accents ignored) that concepts of two
    different lists carry → those concepts."""
    carriers: dict[str, set[URIRef]] = defaultdict(set)
    for c in g.subjects(RDF.type, SKOS.Concept):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in _lit(g, c, prop, "fr"):
                carriers[fold(label)].add(c)
    return {label: cs for label, cs in carriers.items()
            if len({g.value(c, SKOS.inScheme) for c in cs}) > 1}


def test_every_label_shared_between_lists_has_a_note_that_tells_the_concepts_apart():
    """Each concept that shares a label with a concept of another list has one usage note
    in French and one in English, and that note names the other concept (by its preferred
    label in the same language), so that the reader of either entry knows which is which."""
    g = resources.referentiel_graph()
    shared = _shared_labels(g)
    assert len(shared) >= 28  # « Orientation », « Classement », « SIT », « GRC », « Reprise »…
    problems = []
    for label, concepts in sorted(shared.items()):
        for c in sorted(concepts):
            for lang in ("fr", "en"):
                notes = _lit(g, c, SKOS.scopeNote, lang)
                if len(notes) != 1:
                    problems.append(f"{c}: {len(notes)} skos:scopeNote@{lang} ({label!r})")
                    continue
                note = f" {name_key(notes[0])} "
                for other in sorted(concepts):
                    if g.value(other, SKOS.inScheme) == g.value(c, SKOS.inScheme):
                        continue
                    name = name_key(_lit(g, other, SKOS.prefLabel, lang)[0])
                    if f" {name} " not in note:
                        problems.append(f"{c}: la note @{lang} ne nomme pas {other} ({label!r})")
    assert not problems, "\n".join(problems)


def test_the_demo_glossary_shows_the_core_notions_first(built_demo):
    g = resources.referentiel_graph()
    doc = parse(built_demo.site_index.parent / "glossaire.html")
    sections = doc.find_all("section", cls="liste")
    assert sections[0].attrs["id"] == "notions"
    assert sections[0].find("h2").text() == "Notions clés"
    assert doc.find("nav", cls="sommaire").find("a").attrs["href"] == "#notions"
    articles = concept_articles(sections[0])
    assert {a.removeprefix(str(REF["notions"]) + "/") for a in articles} >= NOTIONS
    pp = articles[str(REF["notions/porteur-de-projet"])]
    assert "PP" in pp.find("p", cls="synonymes").text().split(", ")
    related = {a.attrs["href"] for a in pp.find("p", cls="relation-associes").find_all("a")}
    assert "#type-porteur-initial" in related
    # A shared label: the service « Orientation vers les partenaires » shows its note.
    note = doc.find("article", id="service-orientation").find("p", cls="note").text()
    assert "Orientation" in note and "notions clés" in note
    assert len(sections) == len(set(g.subjects(RDF.type, SKOS.ConceptScheme)))


def test_the_english_glossary_shows_the_english_texts_of_the_notions(tmp_path):
    store = Store()
    load_reference_data(store)
    write_site(store, tmp_path, lang="en")
    doc = parse(tmp_path / "glossaire.html")
    section = doc.find("section", id="notions")
    assert section.find("h2").text() == "Core notions"
    g = resources.referentiel_graph()
    for c, article in concept_articles(section).items():
        c = URIRef(c)
        assert article.find(cls="libelle").text().startswith(_lit(g, c, SKOS.prefLabel, "en")[0])
        definition = article.find("p", cls="definition")
        assert definition.text() == " ".join(_lit(g, c, SKOS.definition, "en")[0].split())
        assert "lang" not in definition.attrs  # English, not a French fallback
    note = doc.find("article", id="etape-classement").find("p", cls="note")
    assert "Labels and star ratings" in note.text() and "lang" not in note.attrs

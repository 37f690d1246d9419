"""The référentiel: every concept labelled, defined and placed; ordered schemes are ordered."""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, Graph, Literal
from rdflib.namespace import SKOS

from ppgraph import PP, REF, resources

SCHEMES = {"niveau", "type-porteur", "etape", "type-projet", "service", "competence",
           "niveau-maitrise", "type-structure", "type-outil", "statut-candidature",
           "nature-porteur", "nature-operation", "programme"}


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

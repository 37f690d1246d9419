"""The ontology: parses, every term documented in French and English, annotations read by code."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from ppgraph import PP, ontology_terms, personal_properties, resources


def _labels(g, s, lang):
    return [o for o in g.objects(s, RDFS.label) if isinstance(o, Literal) and o.language == lang]


def test_ontology_and_alignments_parse():
    for f in resources.ontology_files():
        g = Graph().parse(f, format="turtle")
        assert len(g) > 50, f


def test_every_class_and_property_has_french_and_english_labels_and_a_french_comment():
    g = resources.ontology_graph()
    terms = ontology_terms(g)
    assert len(terms) >= 80
    missing = []
    for t in sorted(terms):
        comments = [o for o in g.objects(t, RDFS.comment) if isinstance(o, Literal) and o.language == "fr"]
        if len(_labels(g, t, "fr")) != 1 or len(_labels(g, t, "en")) != 1 or len(comments) != 1:
            missing.append(str(t))
        if (t, RDFS.isDefinedBy, URIRef("https://w3id.org/ppgraph/def")) not in g:
            missing.append(f"{t} sans rdfs:isDefinedBy")
    assert not missing, missing


def test_the_issue_s_concepts_are_all_modelled():
    terms = {t.split("#")[1] for t in ontology_terms()}
    expected = {"Structure", "Region", "Departement", "EPCI", "Commune", "PorteurDeProjet",
                "Projet", "Prestataire", "Accompagnement", "Orientation", "OffreDeService",
                "Technicien", "MaitriseCompetence", "Formation", "OutilCommun",
                "VersionTerritoriale", "GroupeDeTravail", "Candidature", "Soumission",
                "typePorteur", "etape", "typeProjet", "niveau", "dateDebut", "dateFin",
                "dateOuverture", "depuisStructure", "versStructure", "siret", "siren", "codeINSEE"}
    assert expected <= terms, expected - terms


def test_object_properties_ranges_and_domains_are_defined_terms_or_external():
    g = resources.ontology_graph()
    terms = ontology_terms(g)
    for p in g.subjects(RDF.type, OWL.ObjectProperty):
        for rel in (RDFS.domain, RDFS.range):
            for c in g.objects(p, rel):
                if str(c).startswith(str(PP)):
                    assert c in terms, (p, rel, c)


def test_personal_data_is_marked_in_the_ontology_not_in_code():
    personal = personal_properties()
    assert {PP.nomPersonne, PP.prenom, PP.courriel, PP.telephone, PP.descriptionProjet,
            PP.intituleProjet} <= personal
    # Public contact details of a structure, the public titles of trainings and shared tools,
    # an organisation's business name are not personal data.
    assert not {PP.courrielPublic, PP.telephonePublic, PP.siret, PP.typeStructure,
                PP.intitule, PP.raisonSociale} & personal
    # Marking a property in a copy of the ontology is all it takes.
    g = Graph()
    g += resources.ontology_graph()
    g.add((PP.fonction, PP.donneePersonnelle, Literal(True)))
    assert PP.fonction in personal_properties(g)


def test_alignments_only_point_to_the_reused_vocabularies():
    g = Graph().parse(resources.ontology_files()[1], format="turtle")
    allowed = ("https://w3id.org/ppgraph/", "http://www.w3.org/ns/org#",
               "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/prov#",
               "http://schema.org/", "http://rdf.insee.fr/def/geo#",
               "https://www.datatourisme.fr/ontology/core#", "http://data.europa.eu/esco/model#",
               "http://xmlns.com/foaf/0.1/", "http://www.w3.org/2002/07/owl#",
               "http://purl.org/dc/terms/", "http://www.w3.org/2000/01/rdf-schema#",
               "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
    for s, p, o in g:
        for t in (s, p, o):
            if isinstance(t, URIRef):
                assert str(t).startswith(allowed), t
    assert (PP.Structure, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in g

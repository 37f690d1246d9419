"""Territories: the real INSEE codes of France's regions and départements."""

from __future__ import annotations

from rdflib import RDF, XSD, Literal

from ppgraph import PP, departement_iri, resources, territory_iri


def test_france_has_18_regions_and_101_departements_each_in_one_region():
    g = resources.territories_graph()
    regions = set(g.subjects(RDF.type, PP.Region))
    deps = set(g.subjects(RDF.type, PP.Departement))
    assert len(regions) == 18 and len(deps) == 101
    for d in deps:
        parents = [r for r in g.objects(d, PP.subdivisionDe) if r in regions]
        assert len(parents) == 1, d
    codes = {str(g.value(d, PP.codeINSEE)) for d in deps}
    assert {"2A", "2B", "971", "972", "973", "974", "976", "01", "95"} <= codes
    assert "20" not in codes


def test_nouvelle_aquitaine_has_its_twelve_departements_and_real_communes():
    g = resources.territories_graph()
    na = territory_iri("region", "75")
    assert (na, PP.codeINSEE, Literal("75", datatype=XSD.token)) in g
    deps = {str(g.value(d, PP.codeINSEE)) for d in g.subjects(PP.subdivisionDe, na)
            if (d, RDF.type, PP.Departement) in g}
    assert deps == {"16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"}
    bordeaux = territory_iri("commune", "33063")
    assert str(g.value(bordeaux, PP.population)) and (bordeaux, PP.subdivisionDe, departement_iri("33")) in g
    for c in g.subjects(RDF.type, PP.Commune):
        dep = g.value(c, PP.subdivisionDe)
        assert str(g.value(c, PP.codeINSEE)).startswith(str(g.value(dep, PP.codeINSEE))), c


def test_codes_are_tokens_and_epci_are_in_departements_not_subdivisions_of_them():
    """INSEE codes are typed as igeo:codeINSEE expects (xsd:token); an EPCI is linked to each
    département where it has communes by pp:dansDepartement, never by the transitive
    pp:subdivisionDe (an EPCI that spans two départements is a subdivision of neither)."""
    g = resources.territories_graph()
    assert {o.datatype for o in g.objects(None, PP.codeINSEE)} == {XSD.token}
    epcis = set(g.subjects(RDF.type, PP.EPCI))
    assert not [e for e in epcis if (e, PP.subdivisionDe, None) in g]
    spanning = [e for e in epcis if len(set(g.objects(e, PP.dansDepartement))) > 1]
    assert spanning and all((e, PP.dansDepartement, None) in g for e in epcis)

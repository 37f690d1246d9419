"""The alignments hold: an OWL RL closure of the model and of real data infers nothing absurd.

The closure (owlrl) runs over the ontology and its alignments, the référentiel, the territories
and two départements of the demo, with the few axioms of the reused vocabularies it needs
(``tests/data/owlrl/externes.ttl``, each with its source). Then nothing absurd may have been
inferred: no individual both a person and an organisation (FOAF says they are disjoint), or
both an activity and an entity (PROV-O), no territory a subdivision of a région (or a
département) it is not entirely in, no OWL class become a SKOS concept.

Restrictions, to keep the closure within seconds (owlrl is pure Python): of the 4,293 communes,
only those the two départements' data reference (every région, département and EPCI is
kept: the EPCI that straddle two régions are the ones that matter); and only the triples
between resources — labels, definitions, dates, e-mails and other literals carry none of the
inferences checked, and owlrl spends most of its time on them.
"""

from __future__ import annotations

import functools
from pathlib import Path

import owlrl
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, PROV, SKOS

from ppgraph import PP, REF, resources
from ppgraph.territories import territories

DATA = Path(__file__).parent / "data" / "owlrl"
DEMO = Path(__file__).parent.parent / "data" / "demo"
IGEO = Namespace("http://rdf.insee.fr/def/geo#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("http://schema.org/")
DEPARTEMENTS = ("24", "47")
"""Dordogne and Lot-et-Garonne: EPCI shared with the Gironde, and with Occitanie (32, 82)."""

PERSONS = {FOAF.Person, PROV.Person, SCHEMA.Person}
ORGANISATIONS = {FOAF.Organization, ORG.Organization, PROV.Organization, SCHEMA.Organization}


def _inputs(alignments: Graph, referentiel: Graph, departements=DEPARTEMENTS) -> Graph:
    source = Graph()
    source.parse(resources.ontology_files()[0], format="turtle")  # ppgraph.ttl
    source += alignments
    source += referentiel
    source.parse(DATA / "externes.ttl", format="turtle")
    for code in departements:
        source.parse(DEMO / f"soumission-{code}.ttl", format="turtle")
    used = {o for o in source.objects() if isinstance(o, URIRef)}
    index = territories()
    for s, p, o in resources.graph("territories"):
        place = index.place(s)
        if place is not None and (place.kind != "commune" or s in used):
            source.add((s, p, o))
    return _resources_only(source)


def _resources_only(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        if not isinstance(t[2], Literal):
            out.add(t)
    return out


def _closure(g: Graph) -> Graph:
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g


def _current_alignments() -> Graph:
    return Graph().parse(resources.ontology_files()[1], format="turtle")


def absurdities(g: Graph) -> dict[str, list]:
    """What a closed graph should never say, by kind (empty lists: nothing absurd)."""
    index = territories()
    found: dict[str, list] = {"personne-et-organisation": [], "activite-et-entite": [],
                              "subdivision": [], "classe-concept": []}
    for x in set(g.subjects(RDF.type, None)):
        types = set(g.objects(x, RDF.type))
        if types & PERSONS and types & ORGANISATIONS:
            found["personne-et-organisation"].append(x)
        if {PROV.Activity, PROV.Entity} <= types:
            found["activite-et-entite"].append(x)
        if SKOS.Concept in types and types & {OWL.Class, RDFS.Class}:
            found["classe-concept"].append(x)
    for t, parent in g.subject_objects(IGEO.subdivisionDe):
        place, up = index.place(t), index.place(parent)
        if place is None or up is None:
            continue
        if up.kind == "region":
            regions = {index.departement(d).region for d in place.departements
                       if index.departement(d) is not None} or {place.region}
            if place.kind in ("epci", "commune", "departement") and regions != {up.code}:
                found["subdivision"].append((t, parent))
        elif up.kind == "departement" and tuple(place.departements) != (up.code,):
            found["subdivision"].append((t, parent))
    return found


@functools.lru_cache(maxsize=1)
def _closed_current() -> Graph:
    return _closure(_inputs(_current_alignments(), resources.graph("referentiel")))


def test_owl_rl_closure_of_the_model_and_two_departements_infers_nothing_absurd():
    g = _closed_current()  # timings belong to benchmarks/run.py, not to a test
    assert absurdities(g) == {"personne-et-organisation": [], "activite-et-entite": [],
                              "subdivision": [], "classe-concept": []}
    # The closure did work: holders that are organisations are foaf:Organization, persons
    # foaf:Person; an office is an org:Organization; a bureau d'information an org:Site;
    # a commune is a subdivision of its département and région, an EPCI of neither.
    companies = set(g.subjects(PP.naturePorteur, REF["nature-porteur/entreprise"]))
    people = set(g.subjects(PP.naturePorteur, REF["nature-porteur/personne"]))
    assert companies and all((c, RDF.type, FOAF.Organization) in g for c in companies)
    assert people and all((p, RDF.type, FOAF.Person) in g for p in people)
    assert all((b, RDF.type, ORG.Site) in g
               for b in g.subjects(RDF.type, PP.BureauInformationTouristique))
    perigueux = URIRef("https://w3id.org/ppgraph/territoire/commune/24322")
    assert (perigueux, IGEO.subdivisionDe, URIRef("https://w3id.org/ppgraph/territoire/region/75")) in g
    deux_rives = URIRef("https://w3id.org/ppgraph/territoire/epci/248200016")
    assert not set(g.objects(deux_rives, IGEO.subdivisionDe))
    assert (deux_rives, IGEO.territoireCommunAvec,
            URIRef("https://w3id.org/ppgraph/territoire/departement/82")) in g


def test_the_alignments_of_model_0_1_would_have_failed_it():
    """The same closure with the three alignments this version removed: a holder a Person
    (so a company both a person and an organisation), the EPCI → département link a
    sub-property of the transitive igeo:subdivisionDe (EPCI of two départements, of régions
    75 and 76), skos:closeMatch from concepts to DATAtourisme classes (a class a concept)."""
    alignments = _current_alignments()
    alignments.remove((PP.PorteurDeProjet, RDFS.subClassOf, PROV.Agent))
    for cls in (PROV.Person, FOAF.Person, SCHEMA.Person):
        alignments.add((PP.PorteurDeProjet, RDFS.subClassOf, cls))
    alignments.add((PP.dansDepartement, RDFS.subPropertyOf, IGEO.subdivisionDe))
    referentiel = Graph()
    referentiel += resources.graph("referentiel")
    for concept, cls in list(referentiel.subject_objects(PP.classeDATAtourisme)):
        referentiel.add((concept, SKOS.closeMatch, cls))
    # One département is enough to show it.
    found = absurdities(_closure(_inputs(alignments, referentiel, departements=("47",))))
    assert found["personne-et-organisation"]
    assert found["classe-concept"]
    deux_rives = URIRef("https://w3id.org/ppgraph/territoire/epci/248200016")
    region_76 = URIRef("https://w3id.org/ppgraph/territoire/region/76")
    assert (deux_rives, region_76) in found["subdivision"]


def test_every_datatourisme_class_the_referentiel_cites_is_declared_for_the_closure():
    externes = Graph().parse(DATA / "externes.ttl", format="turtle")
    cited = set(resources.graph("referentiel").objects(None, PP.classeDATAtourisme))
    declared = set(externes.subjects(RDF.type, OWL.Class)) | set(externes.subjects(RDF.type, RDFS.Class))
    assert cited <= declared, cited - declared

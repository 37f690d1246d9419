"""The référentiel as the demo generator draws from it: each list's concepts, order and links.

Read from the one shared référentiel graph (:func:`ppgraph.resources.graph`): adding a concept
to ``data/referentiel`` makes the generator use it, with no code change (and changes the
generated data: regenerate ``data/demo`` afterwards). Concepts are named by their list and
their notation (``"niveau"``, ``"guichet-unique"``), as in their IRIs.

>>> c = concepts()
>>> c.slugs("niveau")
['aucun', 'guichet-unique', 'suivi-precis']
>>> c.broader("type-projet", "camping")
'hebergement'
>>> "connaissance-acteurs" in c.essentials("orientation")
True
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ..namespaces import PP, REF, concept_iri
from ..resources import graph

__all__ = ["Concepts", "concepts"]


class Concepts:
    """The concepts of the référentiel's lists, with their rank, broader concept, French
    label and the competences a service requires (``pp:competenceEssentielle``).

    Parameters
    ----------
    g : rdflib.Graph
        The référentiel (only concepts whose IRI is ``ref:<list>/<notation>`` are read).
    """

    def __init__(self, g: Graph):
        base = str(REF)
        found: set[str] = {str(c) for c in g.subjects(RDF.type, SKOS.Concept)
                           if str(c).startswith(base)}
        self._concepts: dict[str, list[str]] = {}
        for s in sorted(found):  # by IRI: the order every draw follows
            scheme, _, slug = s[len(base):].rpartition("/")
            if scheme and slug and "/" not in scheme:
                self._concepts.setdefault(scheme, []).append(slug)
        self._rank: dict[URIRef, float] = {}
        for s, o in g.subject_objects(PP.rang):
            if str(s).startswith(base) and isinstance(o, Literal):
                try:
                    self._rank[URIRef(s)] = float(o)
                except ValueError:
                    pass
        self._broader: dict[URIRef, URIRef] = {}
        for s, o in sorted(g.subject_objects(SKOS.broader)):  # sorted: one rule if several
            if str(s).startswith(base) and not isinstance(o, Literal):
                self._broader.setdefault(URIRef(s), URIRef(o))
        self._label: dict[URIRef, str] = {}
        for s, o in g.subject_objects(SKOS.prefLabel):
            if str(s).startswith(base) and isinstance(o, Literal) and \
                    (o.language == "fr" or URIRef(s) not in self._label):
                self._label[URIRef(s)] = str(o)
        essential: dict[URIRef, set[URIRef]] = {}
        for s, o in g.subject_objects(PP.competenceEssentielle):
            if str(s).startswith(base) and not isinstance(o, Literal):
                essential.setdefault(URIRef(s), set()).add(URIRef(o))
        self._essential = {k: sorted(v) for k, v in essential.items()}
        self._requirements: dict[str, list[tuple[str, bool, str, str]]] = {}
        for svc, req in sorted(g.subject_objects(PP.exigence)):
            parts = [g.value(req, p) for p in (PP.competence, PP.niveau, PP.niveauRequis)]
            essential_flag = g.value(req, PP.essentielle)
            if str(svc).startswith(base) and all(isinstance(x, URIRef) for x in parts):
                self._requirements.setdefault(str(svc).rsplit("/", 1)[1], []).append(
                    (str(parts[0]).rsplit("/", 1)[1],
                     bool(essential_flag is not None and essential_flag.toPython() is True),
                     str(parts[1]).rsplit("/", 1)[1], str(parts[2]).rsplit("/", 1)[1]))
        for reqs in self._requirements.values():
            reqs.sort()
        self._courses: dict[str, tuple[list[str], str, float, str]] = {}
        for course in sorted(g.subjects(PP.niveauVise, None)):
            if not str(course).startswith(base):
                continue
            develops = sorted(str(c).rsplit("/", 1)[1] for c in g.objects(course, PP.developpe))
            hours = g.value(course, PP.dureeHeures)
            mode = g.value(course, PP.modalite)
            self._courses[str(course).rsplit("/", 1)[1]] = (
                develops, str(g.value(course, PP.niveauVise)).rsplit("/", 1)[1],
                float(hours) if hours is not None else 7.0,
                str(mode).rsplit("/", 1)[1] if mode is not None else "")
        self._grouping = {str(s).rsplit("/", 1)[1] for s in g.subjects(PP.regroupement, Literal(True))
                          if str(s).startswith(base)}
        self._silent = {URIRef(s) for s in g.subjects(PP.accompagneLesPorteurs, Literal(False))}
        self._minimum = {URIRef(s): URIRef(o) for s, o in g.subject_objects(PP.niveauMinimal)
                         if str(s).startswith(base) and not isinstance(o, Literal)}
        self._iris: dict[tuple[str, str], URIRef] = {}

    def slugs(self, scheme: str) -> list[str]:
        """Notations of a list's concepts, sorted by IRI (empty for an unknown list)."""
        return self._concepts.get(scheme, [])

    def has(self, scheme: str, slug: str) -> bool:
        """Whether the list has that concept."""
        return slug in self.slugs(scheme)

    def c(self, scheme: str, slug: str) -> URIRef:
        """The concept's IRI (built once)."""
        key = (scheme, slug)
        iri = self._iris.get(key)
        if iri is None:
            iri = self._iris[key] = concept_iri(scheme, slug)
        return iri

    def keep(self, scheme: str, slugs: Iterable[str]) -> list[str]:
        """The slugs that exist in the list, in the given order."""
        known = set(self.slugs(scheme))
        return [s for s in slugs if s in known]

    def broader(self, scheme: str, slug: str) -> str | None:
        """The notation of the broader concept in the same list, None for a top concept."""
        b = self._broader.get(concept_iri(scheme, slug))
        prefix = str(REF[scheme + "/"])
        return str(b)[len(prefix):] if b is not None and str(b).startswith(prefix) else None

    def ancestors_or_self(self, scheme: str, slug: str) -> list[str]:
        """The concept, then its broader concepts up to the top."""
        out, cur = [slug], slug
        while True:
            b = self.broader(scheme, cur)
            if b is None or b in out:
                return out
            out.append(b)
            cur = b

    def leaves(self, scheme: str) -> list[str]:
        """The concepts no other concept of the list is narrower than."""
        parents = {self.broader(scheme, s) for s in self.slugs(scheme)}
        return [s for s in self.slugs(scheme) if s not in parents]

    def rank(self, scheme: str, slug: str) -> float:
        """The concept's ``pp:rang`` (a very large number if it has none)."""
        r = self._rank.get(concept_iri(scheme, slug))
        return float(r) if r is not None else 1e6

    def order_key(self, scheme: str, slug: str) -> tuple[float, float, str]:
        """Order of an ordered list: the top ancestor's rank, then the concept's own rank."""
        top = self.ancestors_or_self(scheme, slug)[-1]
        return (self.rank(scheme, top), self.rank(scheme, slug) if top != slug else -1.0, slug)

    def label(self, scheme: str, slug: str) -> str:
        """The concept's French label (its notation with spaces if it has none)."""
        return self._label.get(concept_iri(scheme, slug), slug.replace("-", " "))

    def accompanies(self, structure_type: str) -> bool:
        """Whether structures of that type (and of no broader type) may accompany project
        holders: false where the référentiel says ``pp:accompagneLesPorteurs false``."""
        return not any(self.c("type-structure", t) in self._silent
                       for t in self.ancestors_or_self("type-structure", structure_type))

    def minimum_level(self, service: str) -> str | None:
        """Notation of the level from which a service is given (``pp:niveauMinimal``)."""
        m = self._minimum.get(concept_iri("service", service))
        prefix = str(REF["niveau/"])
        return str(m)[len(prefix):] if m is not None and str(m).startswith(prefix) else None

    def essentials(self, service: str) -> list[str]:
        """Notations of the competences a service requires, sorted."""
        prefix = str(REF["competence/"])
        return [str(c)[len(prefix):] for c in self._essential.get(concept_iri("service", service), [])
                if str(c).startswith(prefix)]


    def requirements(self, service: str, level: str) -> dict[str, tuple[bool, str]]:
        """What a service given at ``level`` requires (``pp:exigence``): competence →
        (essential, notation of the minimum proficiency level), each competence following
        the requirement of the highest level that does not exceed ``level``.

        >>> concepts().requirements("montage-financier", "suivi-precis")["ingenierie-financiere"]
        (True, 'pratique')
        >>> concepts().requirements("montage-financier", "guichet-unique")["ingenierie-financiere"]
        (True, 'notions')
        """
        top = self.rank("niveau", level)
        best: dict[str, tuple[float, bool, str]] = {}
        for comp, essential, at, required in self._requirements.get(service, []):
            r = self.rank("niveau", at)
            if r <= top and (comp not in best or r > best[comp][0]):
                best[comp] = (r, essential, required)
        return {c: (e, m) for c, (_r, e, m) in sorted(best.items())}

    def course(self, slug: str) -> tuple[list[str], str, float, str]:
        """A course of the catalogue (``ref:formation``): the competences it develops, the
        proficiency level it aims at, its duration in hours and its delivery mode.

        >>> concepts().course("plan-de-financement")
        (['ingenierie-financiere'], 'pratique', 21.0, 'presentiel')
        """
        return self._courses.get(slug, ([], "", 7.0, ""))

    def grouping(self, scheme: str, slug: str) -> bool:
        """Whether the concept only groups others (``pp:regroupement true``)."""
        return slug in self._grouping and self.has(scheme, slug)


def concepts() -> Concepts:
    """The référentiel's concepts, from the shared référentiel graph."""
    return Concepts(graph("referentiel"))

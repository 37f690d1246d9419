"""Fictitious but coherent demo network: one submission graph per département.

The territories are real (INSEE communes, EPCI, départements, régions read from
``data/territoires``); everything else — structures, technicians, project holders, their
projects and stories — is invented by a seeded pseudo-random generator and says so
(``pp:donneesFictives true``, names containing « fictif », e-mail domains ``.example``
and ``example.org``, surnames such as « Démo-017 »).

The référentiel (``data/referentiel``) is read at run time: every « any concept of a scheme »
choice (project types, services, competences...) draws from the concepts it defines, and the
competences a technician masters follow the services their structure offers through
``pp:competenceEssentielle``. Adding a concept to the référentiel needs no code change (but
changes the generated data: regenerate ``data/demo`` afterwards).

Regenerate the bundled demo with::

    python -m ppgraph.demo --seed 2019 -o data/demo

>>> net = generate_network(seed=7, scale=0.2, departements=["23"])
>>> sorted(net.submissions)
['23']
>>> net.total("Soumission")
1
"""

from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import bisect
import functools
import math
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from .errors import InputError, StoreLockedError
from .namespaces import (ID, PP, REF, TERRITOIRE, concept_iri, departement_iri, instance_iri,
                         territory_iri)
from .resources import demo_dir, referentiel_files, territory_files
from .summary import StoreSummary

__all__ = ["DemoNetwork", "generate_network", "write_submissions", "main", "DemoBuild", "build_demo",
           "DEFAULT_DEPARTEMENTS", "REFERENCE_DATE", "write_workbooks", "demo_update",
           "workbooks_dir"]

DEFAULT_DEPARTEMENTS = ("16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87")
"""The 12 départements of Nouvelle-Aquitaine (INSEE region 75)."""

REFERENCE_DATE = date(2026, 6, 30)
"""Fixed « today » of the demo: no generated date is later (no wall-clock dates)."""

FIRST_CONTACT_MIN = date(2017, 1, 1)
SEAT_DEPARTEMENT = "33"
"""Where the regional bodies, the working group, the trainings and the common tool live."""

FICTIVE_COMMENT = ("Données fictives de démonstration : aucune structure, personne ni histoire "
                   "décrite ici n'existe.")

# Regional totals at scale 1, split between départements by their weight (communes and
# population); a département without communes in the territories data weighs an average one.
_TOTAL_OT = 150
_TOTAL_PAT = 10
_TOTAL_TECHNICIENS = 60
_TOTAL_PORTEURS = 600
_TOTAL_CANDIDATURES = 20

class _CachedNamespace:
    """``PP.x`` builds a new URIRef at every access; this builds it once."""

    def __init__(self, ns):
        self._ns = ns

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        term = self._ns[name]
        setattr(self, name, term)
        return term


_P = _CachedNamespace(PP)

_D0 = FIRST_CONTACT_MIN.toordinal()
_DREF = REFERENCE_DATE.toordinal()

# ---------------------------------------------------------------------------
# Fallback référentiel (used only for a scheme the référentiel files do not define)
# ---------------------------------------------------------------------------

_FALLBACK_SCHEMES: dict[str, list[str]] = {
    "niveau": ["aucun", "guichet-unique", "suivi-precis"],
    "type-porteur": ["initial", "deja-installe", "developpement", "extension", "reprise"],
    "etape": ["idee", "etude-marche", "montage", "montage-juridique", "montage-reglementaire",
              "montage-financier", "financement", "realisation", "ouverture", "post-creation",
              "classement", "labellisation", "mise-en-marche", "integration-sit", "transmission"],
    "type-projet": ["hebergement", "hotel", "camping", "meuble-tourisme", "chambre-hotes",
                    "hebergement-insolite", "hebergement-collectif", "restauration",
                    "activite-loisirs", "sports-nature", "site-visite", "evenementiel",
                    "agritourisme", "oenotourisme", "services-touristiques", "guide",
                    "location-materiel", "transport"],
    "service": ["accueil-information", "orientation", "etude-marche", "conseil-reglementaire",
                "statut-juridique", "montage-financier", "commercialisation", "labels-classement",
                "integration-sit", "mise-en-reseau", "suivi-post-creation"],
    "competence": ["ecoute-diagnostic", "connaissance-acteurs", "analyse-marche",
                   "reglementation-hebergement", "erp-accessibilite", "fiscalite-tourisme",
                   "droit-entreprise", "ingenierie-financiere", "marketing-numerique",
                   "classement-labels", "donnees-sit", "animation-reseau", "relation-client",
                   "conduite-projet"],
    "niveau-maitrise": ["notions", "pratique", "expertise"],
    "type-structure": ["ot", "pat", "adt", "crt", "reseau-regional", "epci", "chambre-consulaire",
                       "cci", "cma", "chambre-agriculture", "financeur", "region", "departement",
                       "pret-honneur", "banque", "reseau-label"],
    "type-outil": ["guide-porteur", "grille-entretien", "annuaire-partenaires", "fiche-etape",
                   "kit-accueil", "tableau-bord-suivi"],
    "statut-candidature": ["recue", "retenue", "liste-attente", "non-retenue"],
}
_FALLBACK_BROADER: dict[str, dict[str, str]] = {
    "type-porteur": {"developpement": "deja-installe", "extension": "deja-installe",
                     "reprise": "deja-installe"},
    "etape": {"montage-juridique": "montage", "montage-reglementaire": "montage",
              "montage-financier": "montage", "classement": "post-creation",
              "labellisation": "post-creation", "mise-en-marche": "post-creation",
              "integration-sit": "post-creation"},
    "type-projet": {**{s: "hebergement" for s in ("hotel", "camping", "meuble-tourisme",
                                                  "chambre-hotes", "hebergement-insolite",
                                                  "hebergement-collectif")},
                    "sports-nature": "activite-loisirs", "oenotourisme": "agritourisme",
                    "guide": "services-touristiques", "location-materiel": "services-touristiques",
                    "transport": "services-touristiques"},
    "type-structure": {"cci": "chambre-consulaire", "cma": "chambre-consulaire",
                       "chambre-agriculture": "chambre-consulaire", "region": "financeur",
                       "departement": "financeur", "pret-honneur": "financeur",
                       "banque": "financeur"},
}
_FALLBACK_RANK: dict[str, dict[str, int]] = {
    "niveau": {"aucun": 0, "guichet-unique": 1, "suivi-precis": 2},
    "niveau-maitrise": {"notions": 1, "pratique": 2, "expertise": 3},
    "etape": {s: i + 1 for i, s in enumerate(_FALLBACK_SCHEMES["etape"])},
}
_FALLBACK_ESSENTIAL: dict[str, list[str]] = {
    "accueil-information": ["ecoute-diagnostic", "connaissance-acteurs"],
    "orientation": ["connaissance-acteurs", "ecoute-diagnostic"],
    "etude-marche": ["analyse-marche"],
    "conseil-reglementaire": ["reglementation-hebergement", "erp-accessibilite", "fiscalite-tourisme"],
    "statut-juridique": ["droit-entreprise", "fiscalite-tourisme"],
    "montage-financier": ["ingenierie-financiere"],
    "commercialisation": ["marketing-numerique"],
    "labels-classement": ["classement-labels"],
    "integration-sit": ["donnees-sit"],
    "mise-en-reseau": ["animation-reseau", "connaissance-acteurs"],
    "suivi-post-creation": ["relation-client", "ecoute-diagnostic"],
}

# ---------------------------------------------------------------------------
# What makes the network plausible (slugs; missing ones are skipped)
# ---------------------------------------------------------------------------

# Services offered by each type of structure: (always offered, drawn from).
_SERVICES_BY_TYPE: dict[str, tuple[list[str], list[str]]] = {
    "ot": (["accueil-information", "orientation"],
           ["commercialisation", "mise-en-reseau", "integration-sit", "labels-classement",
            "suivi-post-creation", "conseil-reglementaire", "etude-marche"]),
    "pat": (["accueil-information", "orientation"],
            ["mise-en-reseau", "etude-marche", "commercialisation", "suivi-post-creation",
             "conseil-reglementaire"]),
    "adt": (["etude-marche", "labels-classement", "integration-sit"],
            ["conseil-reglementaire", "commercialisation", "mise-en-reseau",
             "suivi-post-creation", "orientation"]),
    "cci": (["statut-juridique", "montage-financier"],
            ["accueil-information", "orientation", "conseil-reglementaire", "etude-marche",
             "suivi-post-creation"]),
    "cma": (["statut-juridique", "montage-financier"],
            ["accueil-information", "orientation", "conseil-reglementaire", "suivi-post-creation"]),
    "chambre-agriculture": (["statut-juridique", "montage-financier"],
                            ["conseil-reglementaire", "labels-classement", "accueil-information",
                             "mise-en-reseau"]),
    "departement": (["montage-financier"], ["orientation", "accueil-information", "etude-marche"]),
    "region": (["montage-financier"], ["orientation", "etude-marche", "mise-en-reseau"]),
    "pret-honneur": (["montage-financier"], ["suivi-post-creation", "statut-juridique",
                                             "mise-en-reseau"]),
    "banque": (["montage-financier"], ["statut-juridique"]),
    "crt": (["commercialisation", "integration-sit"], ["etude-marche", "mise-en-reseau",
                                                        "labels-classement"]),
    "reseau-regional": (["mise-en-reseau"], ["orientation", "accueil-information",
                                             "suivi-post-creation"]),
    "reseau-label": (["labels-classement"], ["commercialisation", "mise-en-reseau",
                                             "conseil-reglementaire"]),
}
# A structure at suivi précis follows projects through time.
_SERVICE_SUIVI = "suivi-projet"

# Project types each kind of structure tends to target (empty: any type).
_TARGETS_BY_TYPE: dict[str, list[str]] = {
    "chambre-agriculture": ["agritourisme", "oenotourisme", "chambre-hotes", "meuble-tourisme"],
    "cma": ["restauration", "services-touristiques", "location-materiel", "guide"],
    "cci": ["hotel", "camping", "restauration", "hebergement-collectif"],
    "reseau-label": ["meuble-tourisme", "chambre-hotes", "hebergement-insolite", "camping"],
}

# Weight of each structure type in the draw of suivi-précis structures, and of extra technicians.
# Probability that a structure works at suivi précis, given its type and its département's
# propensity f (0..1). Chambers, ADT and prêt d'honneur mostly do; offices seldom, and only
# where the département's culture pushes them to.
_SUIVI_BASE = {"adt": 0.95, "cci": 0.95, "cma": 0.95, "pret-honneur": 0.95,
               "chambre-agriculture": 0.85, "departement": 0.1}


def _suivi_probability(typ: str, f: float) -> float:
    if typ == "ot":
        return 0.12 * f ** 3
    if typ == "pat":
        return 0.3 * f
    return _SUIVI_BASE.get(typ, 0.0) * (0.2 + 0.8 * f)


_TECH_WEIGHT = {"adt": 3.0, "cci": 2.0, "cma": 2.0, "chambre-agriculture": 1.5, "ot": 1.5,
                "pat": 1.0, "pret-honneur": 1.5, "departement": 1.0, "region": 1.0,
                "reseau-regional": 2.0, "crt": 1.0, "reseau-label": 0.5, "banque": 0.3}
# Weight of a structure as first point of contact of a project holder.
_CONTACT_WEIGHT = {"ot": 3.0, "pat": 2.0, "adt": 1.5, "cci": 1.0, "cma": 1.0,
                   "chambre-agriculture": 1.0, "pret-honneur": 0.4, "departement": 0.3}
_ORIENTATION_TARGET_TYPES = {"adt", "cci", "cma", "chambre-agriculture", "departement",
                             "pret-honneur", "region", "banque", "reseau-label"}

_PORTEUR_WEIGHTS = {"initial": 0.60, "deja-installe": 0.07, "developpement": 0.13,
                    "extension": 0.10, "reprise": 0.08, "cession": 0.02}
_STAGE_WEIGHTS = {"idee": 0.13, "etude-marche": 0.12, "montage": 0.03, "montage-juridique": 0.04,
                  "montage-reglementaire": 0.03, "montage-financier": 0.04, "financement": 0.10,
                  "realisation": 0.10, "ouverture": 0.09, "post-creation": 0.05,
                  "classement": 0.05, "labellisation": 0.04, "mise-en-marche": 0.05,
                  "integration-sit": 0.03, "transmission": 0.03}
_PROJECT_TYPE_WEIGHTS = {"hebergement": 0.02, "hotel": 0.04, "camping": 0.05,
                         "meuble-tourisme": 0.20, "chambre-hotes": 0.14,
                         "hebergement-insolite": 0.08, "hebergement-collectif": 0.03,
                         "restauration": 0.10, "activite-loisirs": 0.04, "sports-nature": 0.07,
                         "site-visite": 0.04, "evenementiel": 0.03, "agritourisme": 0.04,
                         "oenotourisme": 0.05, "services-touristiques": 0.01, "guide": 0.03,
                         "location-materiel": 0.03, "transport": 0.01, "conciergerie": 0.02}
_MAITRISE_WEIGHTS = {"notions": 0.30, "pratique": 0.45, "expertise": 0.25}
# Competences hardly anybody masters: the training gap a coordinator should find.
_GAP_COMPETENCES = {"donnees-sit", "erp-accessibilite", "urbanisme"}
_COMMON_COMPETENCES = {"ecoute-diagnostic", "connaissance-acteurs", "relation-client",
                       "conduite-projet"}

_PRENOMS = ["Camille", "Julie", "Nicolas", "Thomas", "Marie", "Sophie", "Céline", "Julien",
            "Émilie", "Laurent", "Isabelle", "Nathalie", "Pierre", "Claire", "Antoine", "Aurélie",
            "Mathieu", "Sandrine", "Lucie", "Hugo", "Léa", "Manon", "Chloé", "Sarah", "Inès",
            "Louis", "Gabriel", "Jules", "Arthur", "Paul", "Élodie", "Anne", "Christophe",
            "Stéphane", "Valérie", "Sylvie", "Olivier", "Caroline", "Damien", "Vincent",
            "Pauline", "Romain", "Marion", "Kevin", "Audrey", "Maxime", "Laura", "Florian"]
_FONCTIONS = {
    "ot": ["Conseiller en séjour", "Chargée de développement touristique", "Directrice",
           "Chargé d'accueil des porteurs de projet", "Responsable de l'accueil"],
    "pat": ["Animatrice du pays d'accueil", "Chargé de mission tourisme"],
    "adt": ["Chargée de mission ingénierie", "Chargé de l'observatoire", "Responsable qualité et labels"],
    "cci": ["Conseillère création d'entreprise", "Conseiller tourisme et commerce"],
    "cma": ["Conseiller création-reprise", "Chargée de développement économique"],
    "chambre-agriculture": ["Conseillère agritourisme", "Conseiller diversification"],
    "pret-honneur": ["Chargée d'accompagnement", "Chargé d'affaires"],
    "departement": ["Chargé des aides au tourisme", "Instructrice des dossiers d'aide"],
    "region": ["Chargée de mission tourisme", "Instructeur des aides régionales"],
    "reseau-regional": ["Chargée de mission accompagnement des porteurs de projet", "Animateur du réseau"],
    "crt": ["Chargé de mission ingénierie touristique"],
    "reseau-label": ["Animatrice du label"],
    "banque": ["Chargé de clientèle professionnelle"],
}
_PLACE_WORDS = ["Trois Chênes", "Mille Sources", "Grands Prés", "Quatre Vents", "Hirondelles",
                "Coteaux", "Tilleuls", "Bruyères", "Vignes", "Palombes", "Fougères",
                "Lavandières", "Sables", "Marais", "Moulins", "Noyers", "Genêts", "Cigognes",
                "Sept Fontaines", "Bois Dormants"]
_BUSINESS_PREFIX = {"hebergement": "Hébergement fictif", "hotel": "Hôtel fictif",
                    "camping": "Camping fictif", "meuble-tourisme": "Gîte fictif",
                    "chambre-hotes": "Chambres d'hôtes fictives",
                    "hebergement-insolite": "Cabanes fictives",
                    "hebergement-collectif": "Gîte de groupe fictif",
                    "restauration": "Auberge fictive", "activite-loisirs": "Loisirs fictifs",
                    "sports-nature": "Base nature fictive", "site-visite": "Site de visite fictif",
                    "evenementiel": "Festival fictif", "agritourisme": "Ferme fictive",
                    "oenotourisme": "Domaine viticole fictif",
                    "services-touristiques": "Services touristiques fictifs",
                    "guide": "Guide fictif", "location-materiel": "Location fictive",
                    "transport": "Navette fictive", "conciergerie": "Conciergerie fictive"}
_PROJECT_OBJECT = {
    "hebergement": ["d'un hébergement touristique"],
    "hotel": ["d'un hôtel de {n5} chambres"],
    "camping": ["d'un camping de {n10} emplacements"],
    "meuble-tourisme": ["de {n} gîtes", "d'un meublé de tourisme"],
    "chambre-hotes": ["de {n} chambres d'hôtes"],
    "hebergement-insolite": ["de {n} cabanes dans les arbres", "de {n} yourtes"],
    "hebergement-collectif": ["d'un gîte de groupe de {n10} lits"],
    "restauration": ["d'un restaurant de produits locaux", "d'une guinguette"],
    "activite-loisirs": ["d'un escape game", "d'un parc de loisirs"],
    "sports-nature": ["d'une base de canoë", "d'une activité de randonnée à cheval"],
    "site-visite": ["d'un site de visite patrimoniale", "d'un musée privé"],
    "evenementiel": ["d'un festival rural", "d'un lieu de réception"],
    "agritourisme": ["d'une ferme pédagogique", "d'une vente à la ferme"],
    "oenotourisme": ["d'un caveau de dégustation", "de visites de chai"],
    "services-touristiques": ["d'un service touristique"],
    "guide": ["d'une activité de guide-conférencier"],
    "location-materiel": ["d'une location de vélos"],
    "transport": ["d'une navette touristique"],
    "conciergerie": ["d'une conciergerie pour meublés"],
}
_PORTEUR_VERB = {"initial": "Création", "deja-installe": "Diversification",
                 "developpement": "Développement", "extension": "Extension",
                 "reprise": "Reprise", "cession": "Cession"}
_FORMATIONS = [
    ("Accueillir et diagnostiquer un projet touristique", ["ecoute-diagnostic", "conduite-projet"], "14"),
    ("Connaître les partenaires de la création d'entreprise", ["connaissance-acteurs"], "7"),
    ("Réglementation des hébergements touristiques", ["reglementation-hebergement"], "14"),
    ("Classement et labels : accompagner les prestataires", ["classement-labels"], "7"),
    ("Initiation au montage financier d'un projet", ["ingenierie-financiere"], "21"),
    ("Marketing numérique pour les prestataires", ["marketing-numerique", "relation-client"], "14"),
    ("Animer un réseau de prestataires", ["animation-reseau"], "10.5"),
    ("Lire une étude de marché touristique", ["analyse-marche"], "7"),
    ("Statuts juridiques et fiscalité de la création", ["droit-entreprise", "fiscalite-tourisme"], "14"),
    ("Conduite de projet et suivi post-création", ["conduite-projet"], "7"),
]
_ORGANISMES = ["Organisme de formation fictif Alpha", "Institut fictif du tourisme rural",
               "Centre de formation fictif Atlantique"]
_MOTIVATIONS = [
    "Texte fictif : je souhaite partager notre expérience de l'accueil des porteurs de projet.",
    "Texte fictif : notre office reçoit de plus en plus de projets d'hébergement insolite.",
    "Texte fictif : je veux contribuer au guide commun et le relayer sur mon territoire.",
    "Texte fictif : nous suivons déjà les prestataires après leur ouverture et voulons un outil commun.",
    "Texte fictif : je connais bien les chambres consulaires et les financeurs du département.",
    "Texte fictif : notre territoire n'a pas encore de guichet unique, je veux apprendre des autres.",
    "Texte fictif : je m'intéresse au vocabulaire commun et aux définitions du référentiel.",
]
_LABEL_NETWORKS = ["Réseau fictif du label « Hirondelle d'or »",
                   "Réseau fictif du label « Trois Feuilles »"]

# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


@dataclass
class DemoNetwork:
    """A generated demo network: one submission graph per département.

    Attributes
    ----------
    submissions : dict[str, rdflib.Graph]
        Département code → that département's submission graph.
    counts : dict[str, dict[str, int]]
        Département code → {local name of a ``pp:`` class: number of its instances typed in
        that submission}, e.g. ``counts["33"]["Structure"]``.
    seed : int
        Seed the network was generated with.
    scale : float
        Scale factor the network was generated with.
    """

    submissions: dict[str, Graph]
    counts: dict[str, dict[str, int]]
    seed: int = 2019
    scale: float = 1.0

    def total(self, cls_name: str) -> int:
        """Number of instances of a class over all submissions.

        Parameters
        ----------
        cls_name : str
            Local name of a ``pp:`` class (``"Structure"``, ``"Projet"``...).

        Returns
        -------
        int
            Sum of that class's counts over every département (0 if it never occurs).

        Example
        -------
        >>> net = generate_network(scale=0.2, departements=["23"])
        >>> net.total("Soumission")
        1
        """
        return sum(c.get(cls_name, 0) for c in self.counts.values())

    def triples(self) -> int:
        """Number of triples over all submissions.

        Returns
        -------
        int
            Sum of the sizes of the submission graphs.
        """
        return sum(len(g) for g in self.submissions.values())


def generate_network(seed: int = 2019, scale: float = 1.0,
                     departements: Sequence[str] | None = None) -> DemoNetwork:
    """Generate a fictitious but coherent network of structures, technicians and project holders.

    The generator is deterministic: one ``random.Random(seed)``, iteration over sorted
    things only, and a fixed reference date (:data:`REFERENCE_DATE`, 2026-06-30) instead of
    the clock. The same arguments give identical graphs.

    Parameters
    ----------
    seed : int, optional
        Seed of the pseudo-random generator (default 2019).
    scale : float, optional
        Multiplies every count (offices, pays d'accueil, technicians, project holders and
        what follows from them, applications, trainings, territorial versions). The
        structures that exist once per département (ADT, chambers, Département, prêt
        d'honneur) and the regional bodies are not multiplied. Default 1: about 150 offices,
        60 technicians and 600 project holders over Nouvelle-Aquitaine.
    departements : sequence of str, optional
        INSEE codes of the départements to generate (default: the 12 of Nouvelle-Aquitaine,
        :data:`DEFAULT_DEPARTEMENTS`). A département without communes in the territories
        data uses the département itself as location and covered territory, and its
        structures have no ``pp:siege``. Regional bodies, the working group, the trainings
        and the common tool go to département 33's submission (else to the first code).

    Returns
    -------
    DemoNetwork
        The submission graphs (one per département) and the number of instances per class.

    Raises
    ------
    ValueError
        If ``scale`` is not positive or a code is not a known département.

    Example
    -------
    >>> net = generate_network(seed=2019, scale=0.2, departements=["23", "87"])
    >>> sorted(net.submissions)
    ['23', '87']
    >>> net.counts["23"]["Soumission"]
    1
    """
    if not scale > 0:
        raise ValueError(f"l'échelle doit être strictement positive (reçu : {scale!r})")
    terr = _territories()
    codes = sorted(set(str(c).strip() for c in (departements or DEFAULT_DEPARTEMENTS)))
    unknown = [c for c in codes if c not in terr.dep_label]
    if unknown:
        raise ValueError("département(s) inconnu(s) : " + ", ".join(unknown))
    if not codes:
        raise ValueError("aucun département demandé")
    gen = _Generator(random.Random(seed), float(scale), codes, _Referentiel.load(), terr)
    graphs = gen.run()
    counts = {}
    for code, g in graphs.items():
        c: dict[str, int] = {}
        for o in g.objects(None, RDF.type):
            if isinstance(o, URIRef) and str(o).startswith(str(PP)):
                name = str(o)[len(str(PP)):]
                c[name] = c.get(name, 0) + 1
        counts[code] = dict(sorted(c.items()))
    return DemoNetwork(submissions=graphs, counts=counts, seed=seed, scale=float(scale))


def write_submissions(network: DemoNetwork, directory: str | Path) -> list[Path]:
    """Write one Turtle file ``soumission-<code>.ttl`` per département.

    The Turtle is written by ppgraph itself, sorted (subjects grouped by class, then by IRI;
    predicates and objects sorted), so that the same network always gives the same bytes.
    Prefixes ``pp``, ``ref``, ``territoire``, ``id``, ``rdfs``, ``xsd``, ``dcterms`` are
    declared, plus one prefix per kind of IRI used (``structure:``, ``commune:``,
    ``niveau:``...) so that the file reads well. A French header says the data is fictitious
    and how it was generated.

    Parameters
    ----------
    network : DemoNetwork
        Output of :func:`generate_network`.
    directory : str or pathlib.Path
        Destination folder, created if needed. Existing files of the same name are replaced.

    Returns
    -------
    list of pathlib.Path
        The files written, sorted by département code.

    Example
    -------
    >>> import tempfile
    >>> net = generate_network(scale=0.2, departements=["23"])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_submissions(net, d)]
    ['soumission-23.ttl']
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    terr = _territories()
    paths = []
    for code in sorted(network.submissions):
        label = terr.dep_label.get(code, code)
        header = [
            f"Soumission fictive de démonstration : {label} ({code})",
            "",
            "DONNÉES FICTIVES : aucune structure, personne ni histoire décrite ici n'existe.",
            "Seuls les territoires (communes, intercommunalités, départements, régions) sont réels.",
            f"Généré par ppgraph.demo.generate_network(seed={network.seed}, "
            f"scale={network.scale:g}) : ne pas modifier à la main.",
            f"Pour régénérer : python -m ppgraph.demo --seed {network.seed} "
            f"--scale {network.scale:g} -o <dossier>",
        ]
        path = out / f"soumission-{code}.ttl"
        text = _to_turtle(network.submissions[code], header)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m ppgraph.demo [--seed N] [--scale X] -o DIR``.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status (0 on success).

    Example
    -------
    ``python -m ppgraph.demo --seed 2019 -o data/demo`` regenerates the bundled demo:
    the 12 ``soumission-*.ttl`` files, ``README.md`` and the workbooks of ``classeurs/``
    (:func:`write_workbooks`).
    """
    parser = argparse.ArgumentParser(
        prog="python -m ppgraph.demo",
        description="Génère un réseau fictif de démonstration (une soumission Turtle par "
                    "département) et son README.")
    parser.add_argument("--seed", type=int, default=2019,
                        help="graine du générateur pseudo-aléatoire (défaut : 2019)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="facteur multipliant tous les effectifs (défaut : 1)")
    parser.add_argument("--departements", default=None,
                        help="codes INSEE séparés par des virgules (défaut : les 12 de "
                             "Nouvelle-Aquitaine ; « tous » pour les 101 départements)")
    parser.add_argument("-o", "--output", required=True, help="dossier de sortie")
    parser.add_argument("--sans-classeurs", action="store_true",
                        help="n'écrire que les fichiers Turtle, pas les classeurs (classeurs/)")
    args = parser.parse_args(argv)
    deps: list[str] | None = None
    if args.departements:
        if args.departements.strip().lower() in ("tous", "all"):
            deps = sorted(_territories().dep_label)
        else:
            deps = [c.strip() for c in args.departements.split(",") if c.strip()]
    start = time.perf_counter()
    try:
        net = generate_network(seed=args.seed, scale=args.scale, departements=deps)
    except ValueError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    paths = write_submissions(net, args.output)
    readme = Path(args.output) / "README.md"
    text = _readme_text(net)
    if not args.sans_classeurs:
        text += _WORKBOOKS_README
    readme.write_text(text, encoding="utf-8", newline="\n")
    print(f"{len(paths)} soumission(s) fictive(s) écrite(s) dans {args.output} "
          f"({net.triples()} triplets, générés en {elapsed:.1f} s) et README.md")
    if not args.sans_classeurs:
        books = write_workbooks(net, Path(args.output) / "classeurs")
        print(f"{len(books)} classeur(s) écrit(s) dans {Path(args.output) / 'classeurs'}")
    return 0


# -- the main job: ``ppgraph demo`` ------------------------------------------------------

@dataclass
class DemoBuild:
    """What :func:`build_demo` made."""

    store_path: Path
    site_index: Path
    summary: StoreSummary
    reports: list = field(default_factory=list)
    """:class:`ppgraph.validation.PublishedReport` of every workbook submitted, in order"""
    refused: list[str] = field(default_factory=list)
    """names of the workbooks refused (the update with mistakes)"""


INITIAL_DATE = datetime(2026, 6, 30, 9, 0, tzinfo=timezone.utc)
"""When the demo's first campaign is submitted (the demo's « today », :data:`REFERENCE_DATE`)."""
UPDATE_DATE = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)
"""When the demo's updates are submitted."""
CLEAN_UPDATE = "23"
"""Département whose update (``mise-a-jour-23.xlsx``) conforms and replaces its submission."""
FAULTY_UPDATE = "24"
"""Département whose update (``mise-a-jour-24.xlsx``) carries mistakes and is refused."""
DEMO_SUBMITTER = "Démonstration ppgraph"


def workbooks_dir() -> Path:
    """The demo workbooks: ``data/demo/classeurs``."""
    return demo_dir() / "classeurs"


def build_demo(output: str | os.PathLike = "ppgraph-demo", *, lang: str = "fr",
               progress: Callable[[str], None] | None = None) -> DemoBuild:
    """Build the demo store from the bundled workbooks, through the real submission path,
    and its site.

    The story the demo tells: each of the 12 départements fills its workbook
    (``data/demo/classeurs/soumission-<code>.xlsx``) and submits it — read, validated against
    the shapes, submitted atomically with its provenance (30 June 2026). Then, on 1 October
    2026, the Creuse submits an update (``mise-a-jour-23.xlsx``), which replaces its first
    version (kept in the history); the Dordogne submits an update with a few realistic
    mistakes (``mise-a-jour-24.xlsx``), which is refused: the store keeps its first version.
    The site shows every département's figures and a « Validation » page with each report.

    The first campaign is validated as one batch: a département may refer to another one's
    structures (orientations, the regional network) before that one is in the store.

    The store is built in a new folder beside ``output/store`` and put in place only when
    complete, so an interrupted build never leaves a half-written store; the site is written
    to ``output/site``.

    Parameters
    ----------
    output : path
        Folder that receives ``store/`` and ``site/`` (created if missing).
    lang : "fr" or "en"
        Language of the site.
    progress : callable, optional
        Called with a short French description after each step (14 steps: the reference
        data, one per département, the updates and the site).

    Returns
    -------
    DemoBuild
        Paths of the store and of ``site/index.html``, the store's summary, the published
        validation reports and the refused workbooks.

    Example
    -------
    >>> import tempfile
    >>> result = build_demo(tempfile.mkdtemp())          # doctest: +SKIP
    >>> sorted(result.summary.departements)[:3]          # doctest: +SKIP
    ['16', '17', '19']
    >>> result.refused                                   # doctest: +SKIP
    ['mise-a-jour-24.xlsx']
    """
    step = progress or (lambda _msg: None)
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    final = output / "store"
    if final.exists() and not (final / "CURRENT").is_file():
        raise InputError(f"« {final} » existe et n'est pas un magasin ppgraph : la démo ne "
                         "l'écrasera pas. Choisissez un autre dossier avec -o.")
    # One build at a time in a folder: a second one is told so instead of racing the first.
    lock = open(output / ".ppgraph-demo.lock", "w")  # noqa: SIM115 - held until the end
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        raise StoreLockedError(f"Une autre construction de la démo est en cours dans « {output} » : "
                               "attendez qu'elle se termine.") from None
    try:
        return _build_demo(output, final, lang, step)
    finally:
        lock.close()


def _build_demo(output: Path, final: Path, lang: str, step: Callable[[str], None]) -> DemoBuild:
    from .reference import load_reference_data
    from .site import write_site
    from .spreadsheet import read_spreadsheet
    from .store import Store
    from .submission import SubmissionRefused, submit
    from .summary import store_summary
    from .validation import PublishedReport, published_reports

    if final.exists():
        Store(final).close()  # refuses, with a clear message, a store another process holds
    staging = output / f".store-en-construction-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    terr = _territories()
    reports: list = []
    refused: list[str] = []
    folder = workbooks_dir()
    with Store(staging) as store:
        load_reference_data(store)
        step("référentiel et territoires")
        initial = {p.stem.removeprefix("soumission-"): p
                   for p in sorted(folder.glob("soumission-*.xlsx"))}
        results = {code: read_spreadsheet(path) for code, path in initial.items()}
        batch = [r.graph for r in results.values()]
        for code, result in results.items():
            done = submit(store, result, departement=code, by=DEMO_SUBMITTER,
                          when=INITIAL_DATE, context=batch)
            reports.append(PublishedReport(
                f"{terr.dep_label.get(code, code)} ({code}) — soumission initiale", done.report,
                "versée (version 1)", f"soumission-{code}"))
            step(f"soumission {code}")
        for path in sorted(folder.glob("mise-a-jour-*.xlsx")):
            code = path.stem.removeprefix("mise-a-jour-")
            title = f"{terr.dep_label.get(code, code)} ({code}) — mise à jour"
            try:
                done = submit(store, read_spreadsheet(path), departement=code,
                              by=DEMO_SUBMITTER, when=UPDATE_DATE)
                reports.append(PublishedReport(title, done.report,
                                               f"versée (version {done.version.number})",
                                               f"mise-a-jour-{code}"))
            except SubmissionRefused as err:
                refused.append(path.name)
                reports.append(PublishedReport(title, err.report,
                                               "refusée : le graphe garde la version 1",
                                               f"mise-a-jour-{code}"))
    old = output / f".store-ancien-{os.getpid()}"
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    with Store(final, read_only=True) as store:
        summary = store_summary(store, lang=lang)
        with published_reports(reports):
            index = write_site(store, output / "site", lang=lang)
    step("mises à jour et site")
    return DemoBuild(store_path=final, site_index=index, summary=summary, reports=reports,
                     refused=refused)


def demo_update(network: DemoNetwork, code: str = CLEAN_UPDATE) -> Graph:
    """The autumn update of a département's submission: what changed since June.

    A copy of the département's graph where the oldest ongoing accompaniment is closed
    (15 September 2026) and a new project holder arrives (first contact on 2 September
    2026), welcomed by the structure of the département's first accompaniment.

    Parameters
    ----------
    network : DemoNetwork
    code : str
        Département code.

    Returns
    -------
    rdflib.Graph
        The updated submission (the network is not modified).

    Example
    -------
    >>> net = generate_network(scale=0.2, departements=["23"])
    >>> len(demo_update(net, "23")) > len(net.submissions["23"])
    True
    """
    base = network.submissions[code]
    g = Graph()
    for prefix, ns in base.namespaces():
        g.bind(prefix, ns, override=True)
    for t in base:
        g.add(t)
    accs = sorted(g.subjects(RDF.type, _P.Accompagnement), key=str)
    ongoing = [a for a in accs if g.value(a, _P.dateFin) is None]
    if ongoing:
        g.add((ongoing[0], _P.dateFin, Literal("2026-09-15", datatype=XSD.date)))
    if not accs:
        return g
    first = accs[0]
    structure, niveau = g.value(first, _P.parStructure), g.value(first, _P.niveau)
    n = 1 + max((int(str(p).rsplit("-", 1)[1]) for p in g.subjects(RDF.type, _P.PorteurDeProjet)),
                default=0)
    porteur = instance_iri("porteur", f"{code}-PP-{n:04d}")
    projet = instance_iri("projet", f"{code}-PJ-{n:04d}")
    n_ac = 1 + len(accs)
    acc = instance_iri("accompagnement", f"{code}-AC-{n_ac:04d}")
    commune = g.value(structure, _P.siege) or departement_iri(code)
    for t in [
        (porteur, RDF.type, _P.PorteurDeProjet),
        (porteur, _P.typePorteur, concept_iri("type-porteur", "initial")),
        (porteur, _P.prenom, Literal("Maëlle")),
        (porteur, _P.nomPersonne, Literal(f"Fictif-{code}-{n:04d}")),
        (porteur, _P.courriel, Literal(f"maelle.fictif-{code}-{n:04d}@example.org")),
        (projet, RDF.type, _P.Projet),
        (projet, _P.porteur, porteur),
        (projet, _P.typeProjet, concept_iri("type-projet", "chambre-hotes")),
        (projet, _P.etape, concept_iri("etape", "idee")),
        (projet, _P.localisation, commune),
        (projet, _P.intitule, Literal("Création de 3 chambres d'hôtes (mise à jour d'automne)")),
        (projet, _P.datePremierContact, Literal("2026-09-02", datatype=XSD.date)),
        (acc, RDF.type, _P.Accompagnement),
        (acc, _P.parStructure, structure),
        (acc, _P.projet, projet),
        (acc, _P.niveau, niveau),
        (acc, _P.etape, concept_iri("etape", "idee")),
        (acc, _P.service, concept_iri("service", "accueil-information")),
        (acc, _P.dateDebut, Literal("2026-09-10", datatype=XSD.date)),
    ]:
        g.add(t)
    return g


_WORKBOOKS_README = """
## Les classeurs (`classeurs/`)

Les mêmes données, telles qu'un département les remplit : un classeur par département
(`soumission-<code>.xlsx`, au format du modèle de `ppgraph template`), écrit depuis le
générateur par `ppgraph.demo.write_workbooks` (qui passe par `ppgraph.spreadsheet.export_graph`).
`ppgraph demo` les lit, les valide et les verse dans le magasin comme le ferait un département
(`ppgraph submit`), le 30 juin 2026. Puis, le 1er octobre 2026 :

- `mise-a-jour-23.xlsx` : la mise à jour d'automne de la Creuse (un accompagnement clos, un
  nouveau porteur de projet) ; conforme, elle devient la version 2 et la version 1 passe dans
  l'historique (`ppgraph history`) ;
- `mise-a-jour-24.xlsx` : la mise à jour de la Dordogne, avec quelques erreurs réalistes
  (« Guichet unque », un type de structure mal orthographié, un nom de structure effacé, un
  courriel sans domaine, le 31/02/2026, la commune « Périgeux », une orientation vers une
  structure qui n'existe pas, une ligne collée deux fois, une fin d'accompagnement avant son
  début, une colonne ajoutée) ; elle est refusée, le magasin garde la version 1, et le site
  publie le rapport (page « Validation »). Elle contient aussi ce qu'une personne tape
  autrement sans se tromper (« guichet unique » sans majuscule ni accent, une commune par son
  nom, une date en numéro de série Excel) : accepté sans remarque.

Les données personnelles (fictives) sont dans les classeurs, comme dans ceux d'un vrai
département ; elles ne sont jamais publiées.
"""


# The mistakes of the Dordogne's update, as a person makes them in a spreadsheet:
# (sheet, identifier of the row, column header, new cell value).
_MISTAKES = [
    ("Structures", "{d}-OT-003", "Niveau d'accompagnement", "Guichet unque"),
    ("Structures", "{d}-OT-005", "Type de structure", "Office de tourrisme"),
    ("Structures", "{d}-OT-007", "Nom", None),
    ("Porteurs de projet", "{d}-PP-0003", "Courriel", "camille.fictif@example"),
    ("Projets", "{d}-PJ-0004", "Date du premier contact", "31/02/2026"),
    ("Projets", "{d}-PJ-0006", "Commune du projet", "Périgeux"),
    ("Orientations", "{d}-OR-0001", "Orienté vers", "{d}-CCI-01"),
]
# What the reader tolerates (no error): a level typed without accent, a commune by its name,
# stray spaces, a date typed as an Excel serial number.
_TOLERATED = [
    ("Structures", "{d}-OT-002", "Niveau d'accompagnement", "  guichet unique "),
    ("Projets", "{d}-PJ-0008", "Commune du projet", "Bergerac"),
    ("Orientations", "{d}-OR-0002", "Date", 46174),
]


def write_workbooks(network: DemoNetwork, directory: str | Path) -> list[Path]:
    """Write the demo workbooks: one filled workbook per département
    (``soumission-<code>.xlsx``), the clean autumn update of :data:`CLEAN_UPDATE` and the
    update of :data:`FAULTY_UPDATE` with a few realistic mistakes (``mise-a-jour-<code>.xlsx``).

    The workbooks are written by :func:`ppgraph.spreadsheet.export_graph` from the generated
    graphs (personal data included: it is fictitious), so the generator stays the single
    source. The mistakes are then typed into cells, as a person would: a typo in a
    référentiel label (« Guichet unque »), a date that does not exist, an unknown commune
    (« Périgeux »), a missing required name, an e-mail without domain, an orientation to a
    structure that does not exist, two rows with the same identifier, the end of an
    accompaniment before its start, and an extra column (a warning).

    Returns
    -------
    list of Path
        The files written, sorted.
    """
    from .spreadsheet import export_graph

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for code in sorted(network.submissions):
        path, left = export_graph(network.submissions[code], out / f"soumission-{code}.xlsx",
                                  include_personal=True)
        if left:
            raise ValueError(f"{len(left)} triplets de {code} sans colonne dans le modèle")
        paths.append(path)
    if CLEAN_UPDATE in network.submissions:
        path, _ = export_graph(demo_update(network, CLEAN_UPDATE),
                               out / f"mise-a-jour-{CLEAN_UPDATE}.xlsx", include_personal=True)
        paths.append(path)
    if FAULTY_UPDATE in network.submissions:
        path, _ = export_graph(network.submissions[FAULTY_UPDATE],
                               out / f"mise-a-jour-{FAULTY_UPDATE}.xlsx", include_personal=True)
        _type_mistakes(path, FAULTY_UPDATE)
        paths.append(path)
    return sorted(paths)


def _type_mistakes(path: Path, code: str) -> None:
    import openpyxl

    from .spreadsheet import save_workbook

    wb = openpyxl.load_workbook(path)

    def find(sheet: str, ident: str, header: str):
        ws = wb[sheet]
        headers = {str(c.value).rstrip(" *"): c.column for c in ws[1] if c.value}
        for row in ws.iter_rows(min_row=2):
            if row[0].value == ident:
                return ws, row[0].row, headers[header]
        raise KeyError((sheet, ident))

    for sheet, ident, header, value in _MISTAKES + _TOLERATED:
        ws, r, c = find(sheet, ident.format(d=code), header)
        ws.cell(row=r, column=c).value = value.format(d=code) if isinstance(value, str) else value
    # The end of an accompaniment typed before its start.
    ws = wb["Accompagnements"]
    headers = {str(c.value).rstrip(" *"): c.column for c in ws[1] if c.value}
    for row in ws.iter_rows(min_row=2):
        start = row[headers["Date de début"] - 1].value
        end = row[headers["Date de fin"] - 1].value
        if end is not None and start is not None:
            row[headers["Date de fin"] - 1].value = start - timedelta(days=30)
            break
    # A row pasted twice.
    ws = wb["Porteurs de projet"]
    last = ws.max_row
    for col in range(1, ws.max_column + 1):
        ws.cell(row=last + 1, column=col).value = ws.cell(row=last, column=col).value
    # An extra column somebody added for themselves: read with a warning, not an error.
    ws = wb["Structures"]
    extra = ws.max_column + 1
    ws.cell(row=1, column=extra).value = "Remarques internes"
    ws.cell(row=2, column=extra).value = "À rappeler en septembre"
    save_workbook(wb, path)


# ---------------------------------------------------------------------------
# Reading the territories and the référentiel (fast: pyoxigraph when available)
# ---------------------------------------------------------------------------


def _read_triples(files: Iterable[Path]) -> Iterable[tuple[str, str, str, bool]]:
    """(subject, predicate, object, object is a literal) of Turtle files, as strings."""
    try:
        import pyoxigraph
    except ImportError:  # pragma: no cover - pyoxigraph is a dependency of ppgraph
        pyoxigraph = None
    for path in files:
        if pyoxigraph is not None:
            with open(path, "rb") as fh:
                for t in pyoxigraph.parse(fh, format=pyoxigraph.RdfFormat.TURTLE):
                    o = t.object
                    yield (t.subject.value, t.predicate.value, o.value,
                           isinstance(o, pyoxigraph.Literal))
        else:  # pragma: no cover
            g = Graph().parse(path, format="turtle")
            for s, p, o in g:
                yield str(s), str(p), str(o), isinstance(o, Literal)


@dataclass
class _Commune:
    code: str
    iri: URIRef
    label: str
    population: int
    dep: str
    epci: URIRef | None


@dataclass
class _Territories:
    dep_label: dict[str, str]
    dep_region: dict[str, str]
    dep_cheflieu: dict[str, str]
    region_label: dict[str, str]
    region_cheflieu: dict[str, str]
    communes: dict[str, list[_Commune]]  # by département, sorted by code
    commune_by_iri: dict[URIRef, _Commune]
    epci_label: dict[URIRef, str]
    labels: dict[URIRef, str]

    shares: dict[str, float]

    def share(self, code: str) -> float:
        """Weight of a département in the regional totals: half communes, half population,
        relative to all départements with communes (an average one if it has none)."""
        return self.shares.get(code, 1.0 / max(1, len(self.shares)))


@functools.lru_cache(maxsize=None)
def _territories() -> _Territories:
    base = str(TERRITOIRE)
    labels: dict[str, str] = {}
    pops: dict[str, int] = {}
    sub: dict[str, list[str]] = {}
    epci_of: dict[str, str] = {}
    chef: dict[str, str] = {}
    codes: dict[str, str] = {}
    for s, p, o, _ in _read_triples(territory_files()):
        if not s.startswith(base):
            continue
        if p == str(RDFS.label):
            labels[s] = o
        elif p == str(_P.population):
            pops[s] = int(o)
        elif p == str(_P.subdivisionDe):
            sub.setdefault(s, []).append(o)
        elif p == str(_P.membreDeEPCI):
            epci_of[s] = o
        elif p == str(_P.chefLieu):
            chef[s] = o
        elif p == str(_P.codeINSEE):
            codes[s] = o
    dep_label, dep_region, dep_cheflieu, region_label, region_cheflieu = {}, {}, {}, {}, {}
    communes: dict[str, list[_Commune]] = {}
    epci_label: dict[URIRef, str] = {}
    for s in sorted(labels):
        kind, _, code = s[len(base):].partition("/")
        if kind == "departement":
            dep_label[code] = labels[s]
            parents = sorted(x for x in sub.get(s, []) if "/region/" in x)
            dep_region[code] = parents[0].rsplit("/", 1)[1] if parents else ""
            dep_cheflieu[code] = chef.get(s, "")
        elif kind == "region":
            region_label[code] = labels[s]
            region_cheflieu[code] = chef.get(s, "")
        elif kind == "epci":
            epci_label[URIRef(s)] = labels[s]
    commune_by_iri = {}
    for s in sorted(labels):
        kind, _, code = s[len(base):].partition("/")
        if kind != "commune":
            continue
        deps = sorted(x.rsplit("/", 1)[1] for x in sub.get(s, []) if "/departement/" in x)
        if not deps:
            continue
        e = epci_of.get(s)
        c = _Commune(code=code, iri=URIRef(s), label=labels[s], population=pops.get(s, 0),
                     dep=deps[0], epci=URIRef(e) if e and URIRef(e) in epci_label else None)
        communes.setdefault(c.dep, []).append(c)
        commune_by_iri[c.iri] = c
    ncom = {d: len(cs) for d, cs in communes.items() if cs}
    pop = {d: sum(c.population for c in communes[d]) for d in ncom}
    tc, tp = sum(ncom.values()) or 1, sum(pop.values()) or 1
    shares = {d: 0.5 * ncom[d] / tc + 0.5 * pop[d] / tp for d in sorted(ncom)}
    return _Territories(shares=shares, dep_label=dep_label, dep_region=dep_region, dep_cheflieu=dep_cheflieu,
                        region_label=region_label, region_cheflieu=region_cheflieu,
                        communes=communes, commune_by_iri=commune_by_iri, epci_label=epci_label,
                        labels={URIRef(k): v for k, v in labels.items()})


class _Referentiel:
    """The concepts the generator may use, read from the référentiel files."""

    def __init__(self, triples: Iterable[tuple[str, str, str, bool]]):
        base = str(REF)
        self._concepts: dict[str, list[str]] = {}
        self._rank: dict[URIRef, float] = {}
        self._broader: dict[URIRef, URIRef] = {}
        self._label: dict[URIRef, str] = {}
        self._essential: dict[URIRef, list[URIRef]] = {}
        self._iris: dict[tuple[str, str], URIRef] = {}
        concepts: set[str] = set()
        for s, p, o, lit in triples:
            if not s.startswith(base):
                continue
            if p == str(RDF.type) and o == str(SKOS.Concept):
                concepts.add(s)
            elif p == str(_P.rang) and lit:
                try:
                    self._rank[URIRef(s)] = float(o)
                except ValueError:
                    pass
            elif p == str(SKOS.broader) and not lit:
                self._broader.setdefault(URIRef(s), URIRef(o))
            elif p == str(SKOS.prefLabel) and lit:
                self._label.setdefault(URIRef(s), o)
            elif p == str(_P.competenceEssentielle) and not lit:
                self._essential.setdefault(URIRef(s), []).append(URIRef(o))
        for s in sorted(concepts):
            scheme, _, slug = s[len(base):].rpartition("/")
            if scheme and slug and "/" not in scheme:
                self._concepts.setdefault(scheme, []).append(slug)
        for k in self._essential:
            self._essential[k] = sorted(set(self._essential[k]))
        self.from_files = bool(concepts)

    @classmethod
    def load(cls) -> _Referentiel:
        return cls(_read_triples(referentiel_files()))

    def slugs(self, scheme: str) -> list[str]:
        """Slugs of a scheme's concepts, sorted by IRI (fallback list if the scheme is absent)."""
        if scheme in self._concepts:
            return self._concepts[scheme]
        return sorted(_FALLBACK_SCHEMES.get(scheme, []))

    def has(self, scheme: str, slug: str) -> bool:
        return slug in self.slugs(scheme)

    def c(self, scheme: str, slug: str) -> URIRef:
        key = (scheme, slug)
        iri = self._iris.get(key)
        if iri is None:
            iri = self._iris[key] = concept_iri(scheme, slug)
        return iri

    def keep(self, scheme: str, slugs: Iterable[str]) -> list[str]:
        """The slugs that exist in the scheme, in the given order."""
        known = set(self.slugs(scheme))
        return [s for s in slugs if s in known]

    def broader(self, scheme: str, slug: str) -> str | None:
        if scheme in self._concepts:
            b = self._broader.get(concept_iri(scheme, slug))
            prefix = str(REF[scheme + "/"])
            return str(b)[len(prefix):] if b is not None and str(b).startswith(prefix) else None
        return _FALLBACK_BROADER.get(scheme, {}).get(slug)

    def ancestors_or_self(self, scheme: str, slug: str) -> list[str]:
        out, cur = [slug], slug
        while True:
            b = self.broader(scheme, cur)
            if b is None or b in out:
                return out
            out.append(b)
            cur = b

    def leaves(self, scheme: str) -> list[str]:
        parents = {self.broader(scheme, s) for s in self.slugs(scheme)}
        return [s for s in self.slugs(scheme) if s not in parents]

    def rank(self, scheme: str, slug: str) -> float:
        r = self._rank.get(concept_iri(scheme, slug))
        if r is None:
            r = _FALLBACK_RANK.get(scheme, {}).get(slug)
        return float(r) if r is not None else 1e6

    def order_key(self, scheme: str, slug: str) -> tuple[float, float, str]:
        """Order of an ordered scheme: the top ancestor's rank, then the concept's own rank."""
        top = self.ancestors_or_self(scheme, slug)[-1]
        return (self.rank(scheme, top), self.rank(scheme, slug) if top != slug else -1.0, slug)

    def label(self, scheme: str, slug: str) -> str:
        return self._label.get(concept_iri(scheme, slug), slug.replace("-", " "))

    def essentials(self, service: str) -> list[str]:
        if self._essential or "service" in self._concepts:
            prefix = str(REF["competence/"])
            return [str(c)[len(prefix):] for c in self._essential.get(concept_iri("service", service), [])
                    if str(c).startswith(prefix)]
        return list(_FALLBACK_ESSENTIAL.get(service, []))


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


@dataclass
class _Tech:
    key: str
    iri: URIRef
    dep: str
    structure: _Struct


@dataclass
class _Struct:
    key: str
    iri: URIRef
    dep: str
    typ: str
    label: str
    siege: URIRef | None
    territories: list[URIRef]
    regional: bool = False
    niveau: str = "guichet-unique"
    services: list[str] = field(default_factory=list)
    techs: list[_Tech] = field(default_factory=list)


class _Generator:
    def __init__(self, rng: random.Random, scale: float, deps: list[str], ref: _Referentiel,
                 terr: _Territories):
        self.rng, self.scale, self.deps, self.ref, self.terr = rng, scale, deps, ref, terr
        self.seat = SEAT_DEPARTEMENT if SEAT_DEPARTEMENT in deps else deps[0]
        self.region = terr.dep_region.get(self.seat) or "75"
        self.g: dict[str, Graph] = {}
        self.structs: dict[str, list[_Struct]] = {d: [] for d in deps}
        self.techs: dict[str, list[_Tech]] = {d: [] for d in deps}
        self.cover: dict[URIRef, list[_Struct]] = {}
        self.propensity: dict[str, float] = {}
        self._phone = 0
        self._tech_no = 0
        self._porteur_phone = 0
        self.network: _Struct | None = None
        # Référentiel look-ups, computed once.
        r = ref
        self.niv_rank = {s: r.rank("niveau", s) for s in r.slugs("niveau")}
        self.aucun = self.niv_rank.get("aucun", 0.0)
        self.stage_slugs = sorted(r.slugs("etape"), key=lambda s: r.order_key("etape", s))
        self.stage_index = {s: i for i, s in enumerate(self.stage_slugs)}
        self.opened_stages = {s for s in self.stage_slugs
                              if {"ouverture", "post-creation"} & set(r.ancestors_or_self("etape", s))}
        self.maitrise_slugs = sorted(r.slugs("niveau-maitrise"),
                                     key=lambda s: r.order_key("niveau-maitrise", s))
        self.competences = r.leaves("competence")

    # -- helpers ---------------------------------------------------------------

    def count(self, base: float, code: str) -> float:
        return base * self.scale * self.terr.share(code)

    def apportion(self, base: float, minimum: int = 0) -> dict[str, int]:
        """Split ``base × scale`` between départements by weight (largest remainder)."""
        quotas = {d: self.count(base, d) for d in self.deps}
        total = round(sum(quotas.values()))
        out = {d: int(math.floor(q)) for d, q in quotas.items()}
        rest = sorted(self.deps, key=lambda d: (-(quotas[d] - out[d]), d))
        for d in rest[: max(0, total - sum(out.values()))]:
            out[d] += 1
        return {d: max(minimum, n) for d, n in out.items()}

    def weighted(self, items: Sequence, weights: Sequence[float]):
        return self.rng.choices(items, weights=weights, k=1)[0]

    def sample_weighted(self, items: Sequence, weights: Sequence[float], k: int) -> list:
        """k distinct items drawn with probability proportional to weight (Efraimidis-Spirakis)."""
        keyed = []
        for i, (it, w) in enumerate(zip(items, weights)):
            u = self.rng.random()
            if w > 0:
                keyed.append((u ** (1.0 / w), i, it))
        keyed.sort(key=lambda x: (-x[0], x[1]))
        return [it for _, _, it in keyed[:k]]

    def pick_slug(self, scheme: str, weights: dict[str, float], default: float,
                  among: Sequence[str] | None = None) -> str:
        slugs = list(among) if among is not None else self.ref.slugs(scheme)
        return self.weighted(slugs, [weights.get(s, default) for s in slugs])

    def add(self, dep: str, s: URIRef, p: URIRef, o) -> None:
        self.g[dep].add((s, p, o))

    def niveau_at_most(self, top: str) -> str:
        """An accompaniment level above « aucun » and at most ``top``, favouring ``top``."""
        cands = [s for s, r in sorted(self.niv_rank.items(), key=lambda x: (x[1], x[0]))
                 if self.aucun < r <= self.niv_rank.get(top, 0)]
        if not cands:
            return top
        return self.weighted(cands, [3.0 if s == top else 1.0 for s in cands])

    def dep_territory(self, dep: str) -> URIRef:
        return departement_iri(dep)

    def dep_label(self, dep: str) -> str:
        return self.terr.dep_label.get(dep, dep)

    def commune_siege(self, dep: str, iri_hint: str | None = None) -> URIRef | None:
        """Chef-lieu if known among the communes of the data, else the most populous commune."""
        if iri_hint and URIRef(iri_hint) in self.terr.commune_by_iri \
                and self.terr.commune_by_iri[URIRef(iri_hint)].dep == dep:
            return URIRef(iri_hint)
        cs = self.terr.communes.get(dep)
        if not cs:
            return None
        return max(cs, key=lambda c: (c.population, c.code)).iri

    def phone(self) -> str:
        self._phone += 1
        return f"05 00 00 {self._phone // 100 % 100:02d} {self._phone % 100:02d}"

    # -- run -------------------------------------------------------------------

    def run(self) -> dict[str, Graph]:
        for d in self.deps:
            g = Graph()
            for prefix, ns in _graph_prefixes().items():
                g.bind(prefix, ns, override=True)
            self.g[d] = g
            self.submission(d)
        self.make_structures()
        self.make_niveaux()
        for d in self.deps:
            for s in self.structs[d]:
                self.write_structure(s)
        self.make_partnerships()
        self.make_offers()
        self.make_technicians()
        self.make_projects()
        self.make_group()
        self.make_trainings()
        self.make_tools()
        return self.g

    def submission(self, d: str) -> None:
        s = instance_iri("soumission", f"demo-{d}")
        self.add(d, s, RDF.type, _P.Soumission)
        self.add(d, s, _P.departement, departement_iri(d))
        self.add(d, s, _P.donneesFictives, Literal(True))
        self.add(d, s, RDFS.comment, Literal(FICTIVE_COMMENT, lang="fr"))
        self.add(d, s, DCTERMS.title, Literal(
            f"Soumission fictive de démonstration : {self.dep_label(d)} ({d})", lang="fr"))

    # -- structures -------------------------------------------------------------

    def new_struct(self, dep: str, key: str, typ: str, label: str, siege: URIRef | None,
                   territories: list[URIRef], regional: bool = False) -> _Struct:
        s = _Struct(key=key, iri=instance_iri("structure", key), dep=dep, typ=typ, label=label,
                    siege=siege, territories=territories, regional=regional)
        self.structs[dep].append(s)
        for t in territories:
            self.cover.setdefault(t, []).append(s)
        return s

    def make_structures(self) -> None:
        n_ot = self.apportion(_TOTAL_OT, minimum=1)
        n_pat = self.apportion(_TOTAL_PAT)
        for d in self.deps:
            self.make_ots(d, n_ot[d])
            self.make_pats(d, n_pat[d])
            dep_t = [self.dep_territory(d)]
            siege = self.commune_siege(d, self.terr.dep_cheflieu.get(d))
            name = self.dep_label(d)
            for key, typ, label in [
                ("ADT", "adt", f"Agence départementale du tourisme fictive ({name})"),
                ("CCI", "cci", f"Chambre de commerce et d'industrie fictive ({name})"),
                ("CMA", "cma", f"Chambre de métiers et de l'artisanat fictive ({name})"),
                ("CHAGRI", "chambre-agriculture", f"Chambre d'agriculture fictive ({name})"),
                ("DEP", "departement", f"Conseil départemental fictif ({name}), service tourisme"),
                ("PH", "pret-honneur", f"Réseau de prêt d'honneur fictif ({name})"),
            ]:
                if self.ref.has("type-structure", typ):
                    self.new_struct(d, f"{d}-{key}", typ, label, siege, dep_t)
        # Regional bodies, in the seat département's submission.
        seat, reg = self.seat, self.region
        reg_t = [territory_iri("region", reg)]
        reg_name = self.terr.region_label.get(reg, reg)
        siege = self.commune_siege(seat, self.terr.region_cheflieu.get(reg)) \
            if self.terr.dep_region.get(seat) == reg else self.commune_siege(seat)
        self.network = self.new_struct(seat, f"{seat}-RESEAU", "reseau-regional",
                                       "Réseau régional fictif des offices de tourisme",
                                       siege, reg_t, regional=True)
        self.new_struct(seat, f"{seat}-CRT", "crt",
                        f"Comité régional du tourisme fictif ({reg_name})", siege, reg_t, True)
        self.new_struct(seat, f"{seat}-REGION", "region",
                        f"Conseil régional fictif ({reg_name}), direction du tourisme",
                        siege, reg_t, True)
        for i, name in enumerate(_LABEL_NETWORKS, 1):
            self.new_struct(seat, f"{seat}-LABEL-{i}", "reseau-label", name, siege, reg_t, True)
        n_banks = max(1, round(self.rng.randint(2, 3) * self.scale))
        for i in range(1, n_banks + 1):
            self.new_struct(seat, f"{seat}-BANQUE-{i}", "banque",
                            f"Banque fictive n°{i} du Sud-Ouest", siege, reg_t, True)

    def make_ots(self, d: str, n: int) -> None:
        communes = self.terr.communes.get(d, [])
        by_epci: dict[URIRef, list[_Commune]] = {}
        for c in communes:
            if c.epci is not None:
                by_epci.setdefault(c.epci, []).append(c)
        epcis = sorted(by_epci)
        if epcis:
            pops = [sum(c.population for c in by_epci[e]) for e in epcis]
            order = self.sample_weighted(epcis, [max(p, 1) for p in pops], len(epcis))
        used: set[URIRef] = set()
        for k in range(1, n + 1):
            key = f"{d}-OT-{k:03d}"
            if epcis:
                epci = order[(k - 1) % len(order)]
                cands = [c for c in by_epci[epci] if c.iri not in used] or by_epci[epci]
                c = self.weighted(cands, [max(c.population, 1) ** 1.5 for c in cands])
                used.add(c.iri)
                label = f"Office de tourisme fictif n°{k} {_de(c.label)}"
                self.new_struct(d, key, "ot", label, c.iri, [epci])
            else:
                label = f"Office de tourisme fictif n°{k} ({self.dep_label(d)})"
                self.new_struct(d, key, "ot", label, None, [self.dep_territory(d)])

    def make_pats(self, d: str, n: int) -> None:
        communes = self.terr.communes.get(d, [])
        by_epci: dict[URIRef, list[_Commune]] = {}
        for c in communes:
            if c.epci is not None:
                by_epci.setdefault(c.epci, []).append(c)
        epcis = sorted(by_epci)
        for k in range(1, n + 1):
            key = f"{d}-PAT-{k:02d}"
            if epcis:
                # Rural pays: the less populous intercommunalities are more likely.
                pops = [sum(c.population for c in by_epci[e]) for e in epcis]
                chosen = sorted(self.sample_weighted(epcis, [1.0 / max(p, 1) ** 0.5 for p in pops],
                                                     min(2, len(epcis))))
                main_c = max(by_epci[chosen[0]], key=lambda c: (c.population, c.code))
                label = f"Pays d'accueil touristique fictif n°{k} {_de(main_c.label)}"
                self.new_struct(d, key, "pat", label, main_c.iri, chosen)
            else:
                label = f"Pays d'accueil touristique fictif n°{k} ({self.dep_label(d)})"
                self.new_struct(d, key, "pat", label, None, [self.dep_territory(d)])

    def make_niveaux(self) -> None:
        # Each département gets its own propensity to follow projects closely: evenly spread
        # values dealt out in a seeded random order, so that départements really differ.
        n = len(self.deps)
        values = [0.05 + 0.9 * i / (n - 1) for i in range(n)] if n > 1 else [0.5]
        self.rng.shuffle(values)
        self.propensity = dict(zip(self.deps, values))
        for d in self.deps:
            f = self.propensity[d]
            local = [s for s in self.structs[d] if not s.regional]
            weights = [_suivi_probability(s.typ, f) for s in local]
            k = min(len(local), round(sum(weights)))
            suivi = {s.key for s in self.sample_weighted(local, weights, k)}
            p_aucun = 0.06 + 0.14 * (1.0 - f)
            for s in self.structs[d]:
                if s.key in suivi:
                    s.niveau = "suivi-precis"
                elif s.typ in ("ot", "pat") and self.rng.random() < p_aucun:
                    s.niveau = "aucun"
                else:
                    s.niveau = "guichet-unique"

    def write_structure(self, s: _Struct) -> None:
        d, i = s.dep, s.iri
        self.add(d, i, RDF.type, _P.Structure)
        self.add(d, i, RDFS.label, Literal(s.label, lang="fr"))
        self.add(d, i, _P.typeStructure, self.ref.c("type-structure", s.typ))
        self.add(d, i, _P.departement, departement_iri(d))
        if s.siege is not None:
            self.add(d, i, _P.siege, s.siege)
        for t in s.territories:
            self.add(d, i, _P.territoireCouvert, t)
        self.add(d, i, _P.niveauAccompagnement, self.ref.c("niveau", s.niveau))
        parts = s.key.split("-")
        domain = "-".join([parts[1].lower(), "fictif", parts[0].lower(), *[p.lower() for p in parts[2:]]])
        self.add(d, i, _P.courrielPublic, Literal(f"contact@{domain}.example"))
        if self.rng.random() < 0.7:
            self.add(d, i, _P.telephonePublic, Literal(self.phone()))
        if s.typ == "ot" and self.network is not None:
            self.add(d, i, _P.membreDuReseau, self.network.iri)

    def make_partnerships(self) -> None:
        for d in self.deps:
            active = [s for s in self.structs[d] if s.niveau != "aucun"]
            if len(active) < 2:
                continue
            n = min(len(active) // 2, max(1, round(self.rng.randint(2, 4) * min(self.scale, 2.0))))
            pairs: set[tuple[str, str]] = set()
            for _ in range(n * 3):
                if len(pairs) >= n:
                    break
                a, b = self.rng.sample(active, 2)
                if a.typ == b.typ:
                    continue
                pairs.add(tuple(sorted((a.key, b.key))))
            by_key = {s.key: s for s in active}
            for a, b in sorted(pairs):
                self.add(d, by_key[a].iri, _P.partenaireDe, by_key[b].iri)

    # -- offers -------------------------------------------------------------------

    def make_offers(self) -> None:
        all_services = self.ref.slugs("service")
        all_types = self.ref.slugs("type-projet")
        for d in self.deps:
            for s in self.structs[d]:
                if s.niveau == "aucun":
                    continue
                core, pool = _SERVICES_BY_TYPE.get(s.typ, ([], all_services))
                core = self.ref.keep("service", core)
                pool = [x for x in self.ref.keep("service", pool) if x not in core]
                if s.niveau == "suivi-precis" and self.ref.has("service", _SERVICE_SUIVI) \
                        and _SERVICE_SUIVI not in core:
                    core = core + [_SERVICE_SUIVI]
                n = self.rng.randint(2, 6)
                chosen = list(core[:n])
                extra = self.rng.sample(pool, min(len(pool), max(0, n - len(chosen))))
                chosen += extra
                if len(chosen) < n and self.rng.random() < 0.3:
                    others = [x for x in all_services if x not in chosen]
                    if others:
                        chosen.append(self.rng.choice(others))
                if not chosen and all_services:
                    chosen = [self.rng.choice(all_services)]
                s.services = sorted(set(chosen))
                targets_pool = self.ref.keep("type-projet", _TARGETS_BY_TYPE.get(s.typ, [])) \
                    or all_types
                for svc in s.services:
                    o = instance_iri("offre", f"{s.key}-{svc}")
                    self.add(d, o, RDF.type, _P.OffreDeService)
                    self.add(d, o, _P.proposePar, s.iri)
                    self.add(d, o, _P.service, self.ref.c("service", svc))
                    self.add(d, o, _P.niveau, self.ref.c("niveau", self.niveau_at_most(s.niveau)))
                    k = self.weighted([0, 1, 2, 3], [0.4, 0.3, 0.2, 0.1])
                    for t in sorted(self.rng.sample(targets_pool, min(k, len(targets_pool)))):
                        self.add(d, o, _P.typeProjetCible, self.ref.c("type-projet", t))
                    for t in s.territories:
                        self.add(d, o, _P.territoireDesservi, t)

    # -- technicians --------------------------------------------------------------

    def make_technicians(self) -> None:
        target = self.apportion(_TOTAL_TECHNICIENS, minimum=1)
        for d in self.deps:
            suivi = [s for s in self.structs[d] if s.niveau == "suivi-precis"]
            for s in suivi:  # every structure at suivi précis has somebody to do it
                self.new_technician(s)
            others = [s for s in self.structs[d] if s.niveau != "aucun"]
            weights = [_TECH_WEIGHT.get(s.typ, 1.0) for s in others]
            for _ in range(max(0, target[d] - len(suivi))):
                if others:
                    self.new_technician(self.weighted(others, weights))
            if not self.techs[d] and self.structs[d]:
                self.new_technician(self.structs[d][0])

    def new_technician(self, s: _Struct) -> _Tech:
        d = s.dep
        self._tech_no += 1
        key = f"{d}-T-{len(self.techs[d]) + 1:03d}"
        t = _Tech(key=key, iri=instance_iri("technicien", key), dep=d, structure=s)
        self.techs[d].append(t)
        s.techs.append(t)
        i = t.iri
        self.add(d, i, RDF.type, _P.Technicien)
        self.add(d, i, _P.employePar, s.iri)
        self.add(d, i, _P.departement, departement_iri(d))
        self.add(d, i, _P.fonction, Literal(self.rng.choice(_FONCTIONS.get(s.typ, ["Chargé de mission"]))))
        self.add(d, i, _P.prenom, Literal(self.rng.choice(_PRENOMS)))
        self.add(d, i, _P.nomPersonne, Literal(f"Démo-{self._tech_no:03d}"))
        # Competences: those the structure's services need, then general ones; a few
        # competences (the training gap) are hardly ever mastered.
        needed: list[str] = []
        for svc in s.services or ["accueil-information", "orientation"]:
            for c in self.ref.essentials(svc):
                if c in self.competences and c not in needed:
                    needed.append(c)
        k = self.rng.randint(3, 6)
        chosen: list[str] = []
        for c in needed:
            if len(chosen) >= k:
                break
            if c in _GAP_COMPETENCES and self.rng.random() > 0.12:
                continue
            if self.rng.random() < 0.85:
                chosen.append(c)
        rest = [c for c in self.competences if c not in chosen]
        rest_w = [0.05 if c in _GAP_COMPETENCES else (3.0 if c in _COMMON_COMPETENCES else 1.0)
                  for c in rest]
        chosen += self.sample_weighted(rest, rest_w, max(0, k - len(chosen)))
        for c in sorted(chosen):
            m = instance_iri("maitrise", f"{key}-{c}")
            self.add(d, i, _P.maitrise, m)
            self.add(d, m, RDF.type, _P.MaitriseCompetence)
            self.add(d, m, _P.competence, self.ref.c("competence", c))
            lvl = self.pick_slug("niveau-maitrise", _MAITRISE_WEIGHTS, 0.2, self.maitrise_slugs)
            self.add(d, m, _P.niveauMaitrise, self.ref.c("niveau-maitrise", lvl))
        return t

    # -- project holders, projects, accompaniments, orientations, providers -------

    def make_projects(self) -> None:
        n_porteurs = self.apportion(_TOTAL_PORTEURS)
        porteur_slugs = self.ref.slugs("type-porteur")
        type_slugs = self.ref.slugs("type-projet")
        type_w = [_PROJECT_TYPE_WEIGHTS.get(s, 0.02) for s in type_slugs]
        stage_w = [_STAGE_WEIGHTS.get(s, 0.02) for s in self.stage_slugs]
        porteur_w = [_PORTEUR_WEIGHTS.get(s, 0.02) for s in porteur_slugs]
        # Orientation targets by département: structures that go further than a first welcome.
        targets: dict[str, list[_Struct]] = {}
        for d in self.deps:
            targets[d] = [s for s in self.structs[d] if s.niveau != "aucun"
                          and (s.niveau == "suivi-precis" or s.typ in _ORIENTATION_TARGET_TYPES)]
        all_targets = [s for d in self.deps for s in targets[d]]
        for d in self.deps:
            communes = self.terr.communes.get(d, [])
            cum: list[float] = []
            acc = 0.0
            for c in communes:
                acc += max(c.population, 1) ** 0.5
                cum.append(acc)
            active = [s for s in self.structs[d] if s.niveau != "aucun" and not s.regional]
            active_w = [_CONTACT_WEIGHT.get(s.typ, 0.2) for s in active]
            counters = {"AC": 0, "OR": 0, "PR": 0}
            for n in range(1, n_porteurs[d] + 1):
                self.one_project(d, n, communes, cum, active, active_w, targets, all_targets,
                                 porteur_slugs, porteur_w, type_slugs, type_w, stage_w, counters)

    def one_project(self, d, n, communes, cum, active, active_w, targets, all_targets,
                    porteur_slugs, porteur_w, type_slugs, type_w, stage_w, counters) -> None:
        rng, ref = self.rng, self.ref
        pkey = f"{d}-PP-{n:04d}"
        porteur = instance_iri("porteur", pkey)
        ptype = self.weighted(porteur_slugs, porteur_w)
        prenom = rng.choice(_PRENOMS)
        nom = f"Fictif-{d}-{n:04d}"
        self._porteur_phone += 1
        self.add(d, porteur, RDF.type, _P.PorteurDeProjet)
        self.add(d, porteur, _P.typePorteur, ref.c("type-porteur", ptype))
        self.add(d, porteur, _P.prenom, Literal(prenom))
        self.add(d, porteur, _P.nomPersonne, Literal(nom))
        self.add(d, porteur, _P.courriel, Literal(f"{_ascii(prenom)}.{_ascii(nom)}@example.org"))
        self.add(d, porteur, _P.telephone, Literal(
            f"06 00 00 {self._porteur_phone // 100 % 100:02d} {self._porteur_phone % 100:02d}"))

        projet = instance_iri("projet", f"{d}-PJ-{n:04d}")
        ptyp = self.weighted(type_slugs, type_w)
        if ptype == "cession" and "transmission" in self.stage_index:
            stage = "transmission"
        else:
            stage = self.weighted(self.stage_slugs, stage_w)
        opened = stage in self.opened_stages
        if communes:
            commune = communes[bisect.bisect_left(cum, rng.random() * cum[-1])]
            loc, loc_label, epci = commune.iri, commune.label, commune.epci
        else:
            loc, loc_label, epci = self.dep_territory(d), self.dep_label(d), None
        if opened:
            fc = rng.randint(_D0, _DREF - 200)
            ouverture = min(fc + rng.randint(150, 900), _DREF)
        else:
            fc = int(rng.triangular(_D0, _DREF, _DREF))
            ouverture = None
        self.add(d, projet, RDF.type, _P.Projet)
        self.add(d, projet, _P.porteur, porteur)
        self.add(d, projet, _P.typeProjet, ref.c("type-projet", ptyp))
        self.add(d, projet, _P.etape, ref.c("etape", stage))
        self.add(d, projet, _P.localisation, loc)
        self.add(d, projet, _P.intitule, Literal(self.title(ptype, ptyp, loc_label)))
        self.add(d, projet, _P.datePremierContact, _date(fc))
        if ouverture is not None:
            self.add(d, projet, _P.dateOuverture, _date(ouverture))

        # First structure met: the office covering the commune, most of the time.
        local = [s for s in self.cover.get(epci, []) if s.niveau != "aucun" and s.dep == d] \
            if epci is not None else []
        if local and rng.random() < 0.7:
            s1 = rng.choice(local)
        elif active:
            s1 = self.weighted(active, active_w)
        else:
            return
        debut1 = min(fc + rng.randint(0, 45), _DREF)
        self.accompaniment(d, counters, projet, s1, stage, fc, debut1, ouverture)

        # Orientation towards a partner that goes further.
        p_or = 0.72 if s1.typ in ("ot", "pat") else 0.30
        target = None
        date_or = None
        if rng.random() < p_or:
            if len(all_targets) > len(targets[d]) and rng.random() < 0.10:
                target = rng.choice(all_targets)
                while target.dep == d:  # another département's structure
                    target = rng.choice(all_targets)
            else:
                cands = [t for t in targets[d] if t is not s1]
                target = rng.choice(cands) if cands else None
            if target is not None:
                counters["OR"] += 1
                o = instance_iri("orientation", f"{d}-OR-{counters['OR']:04d}")
                date_or = min(debut1 + rng.randint(0, 90), _DREF)
                self.add(d, o, RDF.type, _P.Orientation)
                self.add(d, o, _P.projet, projet)
                self.add(d, o, _P.depuisStructure, s1.iri)
                self.add(d, o, _P.versStructure, target.iri)
                self.add(d, o, _P.dateOrientation, _date(date_or))
                svc = rng.choice(target.services) if target.services else None
                if svc:
                    self.add(d, o, _P.service, ref.c("service", svc))
                self.add(d, o, _P.etape, ref.c("etape", stage))

        # A second accompaniment, often by the partner the holder was sent to.
        if target is not None and rng.random() < 0.45:
            s2 = target if target.dep == d else None
            if s2 is None:
                cands = [s for s in active if s is not s1]
                s2 = rng.choice(cands) if cands else None
            if s2 is not None:
                debut2 = min((date_or or debut1) + rng.randint(3, 60), _DREF)
                self.accompaniment(d, counters, projet, s2, stage, fc, debut2, ouverture)
        elif target is None and rng.random() < 0.10:
            cands = [s for s in active if s is not s1]
            if cands:
                s2 = rng.choice(cands)
                debut2 = min(debut1 + rng.randint(30, 300), _DREF)
                self.accompaniment(d, counters, projet, s2, stage, fc, debut2, ouverture)

        # Passé presta: the opened project has become a provider.
        if ouverture is not None:
            counters["PR"] += 1
            pr = instance_iri("prestataire", f"{d}-PR-{counters['PR']:04d}")
            name = f"{_BUSINESS_PREFIX.get(ptyp, 'Prestataire fictif')} des {rng.choice(_PLACE_WORDS)}"
            self.add(d, pr, RDF.type, _P.Prestataire)
            self.add(d, pr, _P.issuDuProjet, projet)
            self.add(d, pr, _P.raisonSociale, Literal(name))
            self.add(d, pr, _P.typeProjet, ref.c("type-projet", ptyp))
            if communes:
                self.add(d, pr, _P.siege, loc)
            self.add(d, pr, _P.dateOuverture, _date(ouverture))
            self.add(d, pr, _P.departement, departement_iri(d))

    def accompaniment(self, d, counters, projet, s: _Struct, stage: str, fc: int, debut: int,
                      ouverture: int | None) -> None:
        rng, ref = self.rng, self.ref
        counters["AC"] += 1
        a = instance_iri("accompagnement", f"{d}-AC-{counters['AC']:04d}")
        self.add(d, a, RDF.type, _P.Accompagnement)
        self.add(d, a, _P.parStructure, s.iri)
        self.add(d, a, _P.projet, projet)
        self.add(d, a, _P.niveau, ref.c("niveau", self.niveau_at_most(s.niveau)))
        # The current stage and up to two stages just before it.
        idx = self.stage_index[stage]
        before = self.stage_slugs[max(0, idx - 4):idx]
        if stage == "transmission":
            before = [x for x in before if x in self.opened_stages] or before
        k = rng.randint(1, 3)
        stages = [stage] + rng.sample(before, min(k - 1, len(before)))
        for st in sorted(stages):
            self.add(d, a, _P.etape, ref.c("etape", st))
        svcs = s.services or ref.slugs("service")[:1]
        for svc in sorted(rng.sample(svcs, min(rng.randint(1, 3), len(svcs)))):
            self.add(d, a, _P.service, ref.c("service", svc))
        self.add(d, a, _P.dateDebut, _date(debut))
        if ouverture is not None:
            ongoing = rng.random() < 0.15
            fin = min(max(ouverture + rng.randint(-60, 240), debut + 1), _DREF)
        else:
            ongoing = rng.random() < (0.7 if fc >= _DREF - 730 else 0.25)
            fin = min(debut + rng.randint(20, 400), _DREF)
        if not ongoing and fin > debut:
            self.add(d, a, _P.dateFin, _date(fin))
        if s.techs:
            self.add(d, a, _P.technicienReferent, rng.choice(s.techs).iri)

    def title(self, ptype: str, ptyp: str, where: str) -> str:
        rng = self.rng
        verb = _PORTEUR_VERB.get(ptype, "Projet")
        objs = _PROJECT_OBJECT.get(ptyp)
        if objs:
            n = rng.randint(2, 6)
            obj = rng.choice(objs).format(n=n, n5=n * 5, n10=n * 10)
        else:
            obj = f"d'un projet « {self.ref.label('type-projet', ptyp)} »"
        return f"{verb} {obj} {_a(where)}"

    # -- working group, trainings, common tools ----------------------------------

    def make_group(self) -> None:
        rng, ref, seat = self.rng, self.ref, self.seat
        gt = instance_iri("groupe", "gt-accompagnement-pp")
        self.add(seat, gt, RDF.type, _P.GroupeDeTravail)
        self.add(seat, gt, RDFS.label, Literal(
            "Groupe de travail fictif « Accompagnement des porteurs de projet »", lang="fr"))
        if self.network is not None:
            self.add(seat, gt, _P.animePar, self.network.iri)
        n_deps = len(self.deps)
        total = max(n_deps, round(_TOTAL_CANDIDATURES * self.scale
                                  * sum(self.terr.share(d) for d in self.deps)))
        per_dep = {d: 1 for d in self.deps}
        capacity = {d: len(self.techs[d]) for d in self.deps}
        pool = [d for d in self.deps]
        for _ in range(total - n_deps):
            cands = [d for d in pool if per_dep[d] < capacity[d]]
            if not cands:
                break
            d = self.weighted(cands, [capacity[x] for x in cands])
            per_dep[d] += 1
        start = datetime(2019, 3, 4, 8, 0)
        entries = []
        for d in self.deps:
            techs = self.techs[d]
            w = [3.0 if t.structure.typ == "ot" else 2.0 if t.structure.typ in ("pat", "adt")
                 else 0.5 for t in techs]
            for t in self.sample_weighted(techs, w, per_dep[d]):
                minutes = rng.randint(0, 55 * 24 * 60)
                entries.append((start + timedelta(minutes=minutes, seconds=len(entries)), d, t))
        entries.sort(key=lambda e: (e[0], e[1], e[2].key))
        retained_n = min(len(entries), max(n_deps, rng.randint(13, 15)))
        retained: set[str] = set()
        seen: set[str] = set()
        for when, d, t in entries:  # every département represented, first committed first
            if d not in seen:
                seen.add(d)
                retained.add(t.key)
        for when, d, t in entries:
            if len(retained) >= retained_n:
                break
            retained.add(t.key)
        rest = [e for e in entries if e[2].key not in retained]
        waiting = {e[2].key for e in rest[: (len(rest) + 1) // 2]}
        numbers: dict[str, int] = {}
        for when, d, t in entries:
            numbers[d] = numbers.get(d, 0) + 1
            c = instance_iri("candidature", f"{d}-CAND-{numbers[d]:02d}")
            status = "retenue" if t.key in retained else \
                "liste-attente" if t.key in waiting else "non-retenue"
            self.add(d, c, RDF.type, _P.Candidature)
            self.add(d, c, _P.candidat, t.iri)
            self.add(d, c, _P.groupe, gt)
            self.add(d, c, _P.departement, departement_iri(d))
            self.add(d, c, _P.dateEngagement, Literal(when.isoformat(), datatype=XSD.dateTime))
            self.add(d, c, _P.statutCandidature, ref.c("statut-candidature", status))
            self.add(d, c, _P.motivation, Literal(rng.choice(_MOTIVATIONS)))
            if status == "retenue":
                self.add(d, t.iri, _P.membreDuGroupe, gt)

    def make_trainings(self) -> None:
        rng, ref, seat = self.rng, self.ref, self.seat
        n = max(1, round(rng.randint(5, 8) * self.scale))
        templates = [(t, ref.keep("competence", cs), h) for t, cs, h in _FORMATIONS]
        templates = [x for x in templates if x[1]]
        if not templates:
            return
        order = rng.sample(range(len(templates)), len(templates))
        formations = []
        for i in range(n):
            title, comps, hours = templates[order[i % len(order)]]
            session = i // len(order) + 1
            if session > 1:
                title = f"{title} (session {session})"
            f = instance_iri("formation", f"{seat}-F-{i + 1:02d}")
            formations.append(f)
            self.add(seat, f, RDF.type, _P.Formation)
            self.add(seat, f, RDFS.label, Literal(title, lang="fr"))
            self.add(seat, f, _P.intitule, Literal(title))
            for c in comps:
                self.add(seat, f, _P.developpe, ref.c("competence", c))
            self.add(seat, f, _P.organisme, Literal(rng.choice(_ORGANISMES)))
            self.add(seat, f, _P.dureeHeures, Literal(hours, datatype=XSD.decimal))
            self.add(seat, f, _P.dateDebut, _date(rng.randint(date(2020, 1, 6).toordinal(), _DREF)))
        for d in self.deps:
            for t in self.techs[d]:
                if rng.random() < 0.35:
                    for f in sorted(rng.sample(formations, min(len(formations), rng.randint(1, 2)))):
                        self.add(d, t.iri, _P.aSuivi, f)

    def make_tools(self) -> None:
        rng, ref, seat = self.rng, self.ref, self.seat
        if not ref.has("type-outil", "guide-porteur"):
            return
        tool = instance_iri("outil", f"{seat}-guide-porteur")
        title = "Guide du porteur de projet"
        self.add(seat, tool, RDF.type, _P.OutilCommun)
        self.add(seat, tool, RDFS.label, Literal(f"{title} (outil commun fictif)", lang="fr"))
        self.add(seat, tool, _P.intitule, Literal(title))
        self.add(seat, tool, _P.typeOutil, ref.c("type-outil", "guide-porteur"))
        n = min(len(self.deps), max(1, round(rng.randint(3, 6) * self.scale)))
        for d in sorted(rng.sample(self.deps, n)):
            local = [s for s in self.structs[d] if not s.regional and s.niveau != "aucun"]
            adt = [s for s in local if s.typ == "adt"]
            ots = [s for s in local if s.typ == "ot"]
            if ots and rng.random() < 0.4:
                owner = rng.choice(ots)
                terr = owner.territories[0]
            elif adt or local:
                owner = adt[0] if adt else local[0]
                terr = self.dep_territory(d)
            else:
                continue
            v = instance_iri("version", f"{d}-guide-porteur")
            where = self.terr.labels.get(terr, self.dep_label(d))
            self.add(d, v, RDF.type, _P.VersionTerritoriale)
            self.add(d, v, RDFS.label, Literal(f"{title} : version fictive pour {where}", lang="fr"))
            self.add(d, v, _P.versionDe, tool)
            self.add(d, v, _P.territoire, terr)
            self.add(d, v, _P.porteePar, owner.iri)


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def _date(ordinal: int) -> Literal:
    return Literal(date.fromordinal(ordinal).isoformat(), datatype=XSD.date)


_VOWELS = set("AEIOUYÂÀÉÈÊËÎÏÔÛÙÜaeiouyâàéèêëîïôûùü")


def _de(name: str) -> str:
    """« de Bordeaux », « d'Arcachon », « du Bugue », « des Eyzies »."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[:1] in _VOWELS:
        return "d'" + name
    return "de " + name


def _a(name: str) -> str:
    """« à Bordeaux », « au Bugue », « aux Eyzies »."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _ascii(text: str) -> str:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")


# ---------------------------------------------------------------------------
# Deterministic Turtle
# ---------------------------------------------------------------------------

_BASE_PREFIXES = {
    "pp": str(PP), "ref": str(REF), "territoire": str(TERRITOIRE), "id": str(ID),
    "rdfs": str(RDFS), "xsd": str(XSD), "dcterms": str(DCTERMS),
}
_CLASS_ORDER = ["Soumission", "Structure", "OffreDeService", "Technicien", "MaitriseCompetence",
                "PorteurDeProjet", "Projet", "Accompagnement", "Orientation", "Prestataire",
                "GroupeDeTravail", "Candidature", "Formation", "OutilCommun", "VersionTerritoriale"]
_FIRST_PREDICATES = [str(RDF.type), str(RDFS.label), str(DCTERMS.title), str(RDFS.comment)]
_PN_PREFIX = re.compile(r"^[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_PN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_INLINE = {str(XSD.integer), str(XSD.boolean)}


def _graph_prefixes() -> dict[str, str]:
    return dict(_BASE_PREFIXES)


def _kind_prefixes(iris: Iterable[str]) -> dict[str, str]:
    """One prefix per second-level namespace used: ``structure:``, ``commune:``, ``niveau:``..."""
    out: dict[str, str] = {}
    for base in (str(TERRITOIRE), str(REF), str(ID)):
        kinds = sorted({i[len(base):].split("/", 1)[0] for i in iris
                        if i.startswith(base) and "/" in i[len(base):]})
        for k in kinds:
            if _PN_PREFIX.match(k) and k not in _BASE_PREFIXES and k not in out:
                out[k] = f"{base}{k}/"
    return out


def _to_turtle(g: Graph, header: Sequence[str]) -> str:
    iris = {str(t) for triple in g for t in triple if isinstance(t, URIRef)}
    prefixes = {**_BASE_PREFIXES, **_kind_prefixes(iris)}
    # Longest namespace first so that ``structure:`` wins over ``id:``.
    by_length = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    def iri(u: str) -> str:
        if u == str(RDF.type):
            return "a"
        for p, ns in by_length:
            if u.startswith(ns) and _PN_LOCAL.match(u[len(ns):]):
                return f"{p}:{u[len(ns):]}"
        return f"<{u}>"

    def term(t) -> str:
        if isinstance(t, URIRef):
            return iri(str(t))
        if isinstance(t, Literal):
            lex = str(t)
            if t.datatype is not None and str(t.datatype) in _INLINE and \
                    re.fullmatch(r"-?[0-9]+|true|false", lex):
                return lex
            q = '"' + (lex.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                       .replace("\r", "\\r").replace("\t", "\\t")) + '"'
            if t.language:
                return f"{q}@{t.language}"
            if t.datatype is not None and str(t.datatype) != str(XSD.string):
                return f"{q}^^{iri(str(t.datatype))}"
            return q
        raise ValueError(f"nœud anonyme non pris en charge : {t!r}")

    class_rank = {str(PP[c]): i for i, c in enumerate(_CLASS_ORDER)}
    subjects: dict = {}
    for s, p, o in g:
        subjects.setdefault(s, {}).setdefault(p, []).append(o)

    def subject_key(s):
        types = [class_rank.get(str(o), len(class_rank)) for o in subjects[s].get(RDF.type, [])]
        return (min(types) if types else len(class_rank) + 1, str(s))

    def pred_key(p):
        ps = str(p)
        return (_FIRST_PREDICATES.index(ps) if ps in _FIRST_PREDICATES else len(_FIRST_PREDICATES), ps)

    lines = [f"# {h}".rstrip() for h in header]
    lines.append("")
    for p, ns in prefixes.items():
        lines.append(f"@prefix {p}: <{ns}> .")
    lines.append("")
    for s in sorted(subjects, key=subject_key):
        preds = sorted(subjects[s], key=pred_key)
        parts = []
        for p in preds:
            objs = sorted({term(o) for o in subjects[s][p]})
            parts.append(f"{iri(str(p))} {', '.join(objs)}")
        lines.append(f"{term(s)} " + " ;\n    ".join(parts) + " .")
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# README of the generated folder
# ---------------------------------------------------------------------------

_CLASS_LABELS = [
    ("Structure", "structures (offices de tourisme, PAT, ADT, chambres, financeurs, organismes régionaux)"),
    ("OffreDeService", "offres de service (lignes du « qui fait quoi »)"),
    ("Technicien", "techniciens"),
    ("MaitriseCompetence", "maîtrises de compétence"),
    ("PorteurDeProjet", "porteurs de projet"),
    ("Projet", "projets"),
    ("Accompagnement", "accompagnements"),
    ("Orientation", "orientations"),
    ("Prestataire", "prestataires (porteurs « passés presta »)"),
    ("Candidature", "candidatures au groupe de travail"),
    ("GroupeDeTravail", "groupe de travail"),
    ("Formation", "formations"),
    ("OutilCommun", "outil commun"),
    ("VersionTerritoriale", "versions territoriales de l'outil commun"),
    ("Soumission", "soumissions"),
]


def _readme_text(net: DemoNetwork) -> str:
    terr = _territories()
    codes = sorted(net.submissions)
    cols = ["Structure", "Technicien", "PorteurDeProjet", "Projet", "Accompagnement",
            "Orientation", "Prestataire", "Candidature"]
    short = {"Structure": "Structures", "Technicien": "Techn.", "PorteurDeProjet": "Porteurs",
             "Projet": "Projets", "Accompagnement": "Accomp.", "Orientation": "Orient.",
             "Prestataire": "Presta.", "Candidature": "Candid."}
    lines = [
        "# Données de démonstration (FICTIVES)",
        "",
        "Ce dossier contient un réseau **fictif** d'accompagnement des porteurs de projet",
        "touristique : une soumission Turtle par département (`soumission-<code>.ttl`).",
        "",
        "**Aucune structure, personne ni histoire décrite ici n'existe.** Les noms le disent",
        "(« Office de tourisme fictif n°4 d'… », noms de famille « Démo-017 » ou « Fictif-33-0042 »),",
        "les adresses électroniques sont en `.example` ou `@example.org`, les numéros de téléphone",
        "en « 05 00 00 … » et « 06 00 00 … », il n'y a aucun numéro SIRET, et chaque soumission",
        "porte `pp:donneesFictives true`. Seuls les **territoires** sont réels : communes,",
        "intercommunalités (EPCI), départements et région de `data/territoires/`.",
        "",
        "## Comment ces fichiers sont produits",
        "",
        f"Par le générateur pseudo-aléatoire `ppgraph.demo.generate_network(seed={net.seed})`,",
        "déterministe (même graine, mêmes fichiers ; date de référence fixe : 30 juin 2026).",
        "Il lit le référentiel (`data/referentiel/`) : après toute modification du référentiel,",
        "régénérez ce dossier, sinon le test `tests/test_demo.py` le signale.",
        "",
        "```bash",
        f"python -m ppgraph.demo --seed {net.seed} -o data/demo",
        "```",
        "",
        "`--scale X` multiplie les effectifs et `--departements tous` couvre les 101 départements",
        "(jeu de test de performance ; les départements sans communes dans `data/territoires/`",
        "utilisent alors le département lui-même comme localisation).",
        "",
        "## Ce qu'il y a dedans",
        "",
        f"{len(codes)} soumissions, {_thousands(net.triples())} triplets au total.",
        "",
        "| Classe | Nombre |",
        "|---|---:|",
    ]
    for cls, label in _CLASS_LABELS:
        lines.append(f"| {label} | {net.total(cls)} |")
    lines += [
        "",
        "Par département :",
        "",
        "| Département | " + " | ".join(short[c] for c in cols) + " | Suivi précis | Triplets |",
        "|---|" + "---:|" * (len(cols) + 2),
    ]
    for code in codes:
        g = net.submissions[code]
        n_sp = sum(1 for _ in g.subjects(_P.niveauAccompagnement, concept_iri("niveau", "suivi-precis")))
        row = [str(net.counts[code].get(c, 0)) for c in cols]
        lines.append(f"| {terr.dep_label.get(code, code)} ({code}) | " + " | ".join(row)
                     + f" | {n_sp} | {len(g)} |")
    lines += [
        "",
        "## Quelques traits voulus",
        "",
        "- Les niveaux d'accompagnement varient **fortement d'un département à l'autre** : chaque",
        "  département a sa propre propension au suivi précis ; la plupart des offices sont",
        "  guichet unique, quelques-uns n'accompagnent pas du tout.",
        "- Toute structure en suivi précis a au moins un technicien.",
        "- Les organismes régionaux (réseau régional des offices, CRT, Région, réseaux de labels,",
        "  banques), le groupe de travail, les formations et le guide du porteur de projet sont",
        "  dans la soumission de la Gironde (33), siège régional.",
        "- Environ une orientation sur dix part vers une structure d'un autre département.",
        "- Quelques compétences (données SIT, ERP et accessibilité, urbanisme) ne sont presque",
        "  jamais maîtrisées : c'est le manque de formation que l'analyse doit faire ressortir.",
        "- Les porteurs de projet sont des personnes (fictives) : leurs nom, prénom, courriel,",
        "  téléphone sont des données personnelles au sens de l'ontologie (`pp:donneePersonnelle`).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

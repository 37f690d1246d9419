"""The demo's fictitious material (word lists, weights, planted mistakes), read from data/demo.

Two data files, each opening with a ``_commentaire`` that says what it holds:

- ``data/demo/generateur.json``: what the generator draws from — regional totals, what each
  type of structure does, weights of the référentiel's concepts, the competences hardly
  anybody masters (the planted training gap), first names, place words, business names,
  project objects, trainings, and the texts of the generated files;
- ``data/demo/classeurs.json``: the workbooks' story — the clean autumn update and the
  realistic mistakes typed into the update that is refused.

Everything there is generated *data* (French, fictitious), not interface text. Each file is
read once per process into read-only objects.

>>> m = generator_material()
>>> m.kind("ot").contact_weight, m.kind("banque").contact_weight
(3.0, 0.2)
>>> "donnees-sit" in m.rare_competences
True
>>> workbook_material().mistakes[0]["valeur"]
'Guichet unque'
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..resources import demo_dir

__all__ = ["StructureKind", "GeneratorMaterial", "WorkbookMaterial", "generator_material",
           "workbook_material"]


def _frozen(node: Any) -> Any:
    """A JSON value nobody can change: objects become read-only mappings, arrays tuples."""
    if isinstance(node, dict):
        return MappingProxyType({k: _frozen(v) for k, v in node.items() if not k.startswith("_")})
    if isinstance(node, list):
        return tuple(_frozen(v) for v in node)
    return node


def _read(name: str) -> Mapping[str, Any]:
    return _frozen(json.loads((demo_dir() / name).read_text(encoding="utf-8")))


@dataclass(frozen=True)
class StructureKind:
    """What one type of structure does in the demo (an entry of ``types_de_structure``)."""

    services_always: tuple[str, ...]
    """services it always offers"""
    services_drawn: tuple[str, ...] | None
    """services the others are drawn from (None: any service of the référentiel)"""
    project_types: tuple[str, ...]
    """project types its offers target (empty: any)"""
    suivi: Mapping[str, float]
    """``base``, ``plancher``, ``pente``, ``exposant`` of :meth:`suivi_probability`"""
    technician_weight: float
    contact_weight: float
    """weight as the first structure a project holder meets"""
    orientation_target: bool
    """whether project holders are sent to it"""
    orientation_probability: float
    """probability that it sends a project holder elsewhere"""
    candidate_weight: float
    """weight of its technicians among the candidates to the working group"""
    may_not_accompany: bool
    """whether it may accompany nobody (level « aucun »)"""
    functions: tuple[str, ...]
    """job titles of its technicians"""

    def suivi_probability(self, propensity: float) -> float:
        """Probability that a structure of this type works at suivi précis, given its
        département's propensity ``f`` (0 to 1): base × (plancher + pente × f) ** exposant.

        >>> generator_material().kind("ot").suivi_probability(1.0)
        0.12
        """
        s = self.suivi
        return s["base"] * (s["plancher"] + s["pente"] * propensity) ** s["exposant"]


def _kind(entry: Mapping[str, Any], default: Mapping[str, Any]) -> StructureKind:
    def get(key: str) -> Any:
        return entry[key] if key in entry else default[key]

    return StructureKind(
        services_always=get("services_toujours"), services_drawn=get("services_au_choix"),
        project_types=get("types_de_projet_vises"),
        suivi=MappingProxyType({**default["suivi_precis"], **entry.get("suivi_precis", {})}),
        technician_weight=get("poids_technicien"), contact_weight=get("poids_premier_contact"),
        orientation_target=get("on_y_oriente"),
        orientation_probability=get("probabilite_d_orienter"),
        candidate_weight=get("poids_candidat"), may_not_accompany=get("peut_ne_pas_accompagner"),
        functions=get("fonctions"))


@dataclass(frozen=True)
class GeneratorMaterial:
    """The content of ``data/demo/generateur.json`` (see its ``_commentaire`` entries)."""

    seat: str
    """département of the regional bodies, the working group, the trainings, the common tool"""
    default_region: str
    totals: Mapping[str, int]
    """regional totals at scale 1: ``offices``, ``pays_accueil``, ``techniciens``,
    ``porteurs``, ``candidatures``"""
    kinds: Mapping[str, StructureKind]
    default_kind: StructureKind
    suivi_service: str
    """the service a structure at suivi précis adds"""
    no_support: tuple[float, float]
    """(floor, slope) of the probability that an office or a pays accompanies nobody"""
    holders: Mapping[str, Any]
    """who holds the projects: natures by type of holder, business names, existing providers"""
    roles: Mapping[str, Any]
    """territorial roles: guichet unique (with the planted gaps and overlaps), the shared
    ADT, the offices' antennas, the programme a pays carries"""
    draws: Mapping[str, Mapping[str, Any]]
    """référentiel list → ``defaut`` weight and ``poids`` of its concepts"""
    rare_competences: frozenset[str]
    """the planted training gap: competences hardly anybody masters"""
    common_competences: frozenset[str]
    competence_odds: Mapping[str, float]
    words: Mapping[str, Sequence[str]]
    projects: Mapping[str, Any]
    structures: Mapping[str, Any]
    people: Mapping[str, str]
    group: Mapping[str, Any]
    """the working group: name, size, roles, call, stages, reverse schedule, sub-groups"""
    trainings: Mapping[str, Any]
    tool: Mapping[str, str]
    submission: Mapping[str, str]
    files: Mapping[str, Any]

    def kind(self, structure_type: str) -> StructureKind:
        """What a type of structure does (the ``defaut`` entry for a type not listed)."""
        return self.kinds.get(structure_type, self.default_kind)

    def weights(self, scheme: str, slugs: Sequence[str]) -> list[float]:
        """The draw weights of concepts of a référentiel list, in the order given.

        >>> generator_material().weights("niveau-maitrise", ["pratique", "autre"])
        [0.45, 0.2]
        """
        draw = self.draws[scheme]
        return [draw["poids"].get(s, draw["defaut"]) for s in slugs]


@functools.lru_cache(maxsize=1)
def generator_material() -> GeneratorMaterial:
    """``data/demo/generateur.json``, read once per process."""
    data = _read("generateur.json")
    kinds = data["types_de_structure"]
    default = kinds["defaut"]
    comp = data["competences"]
    return GeneratorMaterial(
        seat=data["siege"]["departement"], default_region=data["siege"]["region_par_defaut"],
        totals=data["effectifs"],
        kinds=MappingProxyType({k: _kind(v, default) for k, v in kinds.items() if k != "defaut"}),
        default_kind=_kind(default, default),
        suivi_service=data["suivi_precis"]["service"],
        no_support=(data["suivi_precis"]["aucun_plancher"], data["suivi_precis"]["aucun_pente"]),
        holders=data["porteurs"], roles=data["roles_territoriaux"],
        draws=data["tirages"],
        rare_competences=frozenset(comp["rares"]), common_competences=frozenset(comp["courantes"]),
        competence_odds=MappingProxyType({k: v for k, v in comp.items()
                                          if k not in ("rares", "courantes")}),
        words=data["mots"], projects=data["projets"], structures=data["structures"],
        people=data["personnes"], group=data["groupe_de_travail"], trainings=data["formations"],
        tool=data["outil_commun"], submission=data["soumission"], files=data["fichiers"])


@dataclass(frozen=True)
class WorkbookMaterial:
    """The content of ``data/demo/classeurs.json`` (see its ``_commentaire`` entries)."""

    clean_update: Mapping[str, str]
    """what the clean autumn update changes"""
    mistakes: Sequence[Mapping[str, Any]]
    """cells typed wrong in the faulty update: ``feuille``, ``ligne``, ``colonne``, ``valeur``"""
    tolerated: Sequence[Mapping[str, Any]]
    """cells typed differently but correctly (accepted without a finding)"""
    end_before_start: Mapping[str, Any]
    pasted_twice: Mapping[str, str]
    extra_column: Mapping[str, str]
    readme: Sequence[str]
    """the workbooks' section of the generated README.md"""


@functools.lru_cache(maxsize=1)
def workbook_material() -> WorkbookMaterial:
    """``data/demo/classeurs.json``, read once per process."""
    data = _read("classeurs.json")
    faulty = data["mise_a_jour_fautive"]
    return WorkbookMaterial(
        clean_update=data["mise_a_jour_conforme"], mistakes=faulty["erreurs"],
        tolerated=faulty["tolerees"], end_before_start=faulty["fin_avant_debut"],
        pasted_twice=faulty["ligne_collee_deux_fois"], extra_column=faulty["colonne_ajoutee"],
        readme=data["readme"])

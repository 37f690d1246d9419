"""The demo's fictitious follow-up: lifecycles of projects and providers, and interactions.

Drawn from the demo store once the départements have submitted (their projects, their
accompaniments and who led them), with the weights of ``data/demo/suivi.json`` and a fixed
seed: some projects are abandoned or put on hold, the opened ones become providers followed
by the structure that accompanied them (referent structure and agent, a fictitious SIT
record), a few close or are sold about two years later, and the follow-up steps of the
référentiel's schedule are mostly done, not always. Each structure's data go to its own
private graph (``graphe/prive/<structure>``), all in one update
(:func:`ppgraph.submission.write_versions`).
"""

from __future__ import annotations

import datetime
import json
import random
import uuid
from collections import defaultdict

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from ..followup.rules import add_months, schedule
from ..namespaces import ID, PP, REF, private_graph
from ..resources import demo_dir, query_text
from ..store import GraphStore
from ..submission import write_versions
from .generator import REFERENCE_DATE

__all__ = ["generate_followup", "write_followup"]


def _day(value) -> datetime.date | None:
    return value.toPython() if value is not None else None


def _lit(day: datetime.date) -> Literal:
    return Literal(day, datatype=XSD.date)


class _Followup:
    def __init__(self, weights: dict, seed: int):
        self.w = weights
        self.rng = random.Random(seed)
        self.graphs: dict[str, Graph] = defaultdict(Graph)
        self.n = 0

    def pick(self, weights: dict) -> str:
        keys = sorted(weights)
        return self.rng.choices(keys, [weights[k] for k in keys])[0]

    def node(self, kind: str) -> URIRef:
        self.n += 1
        return ID[f"{kind}/demo-{uuid.UUID(int=self.rng.getrandbits(128))}"]

    def interaction(self, key: str, structure: URIRef, agent, day, kind: str, subjects,
                    note: bool = True) -> None:
        g = self.graphs[key]
        i = self.node("interaction")
        g.add((i, RDF.type, PP.Interaction))
        g.add((i, PP.dateInteraction, _lit(day)))
        g.add((i, PP.typeInteraction, REF[f"type-interaction/{kind}"]))
        g.add((i, PP.menePar, structure))
        if agent is not None:
            g.add((i, PP.agent, agent))
        for s in subjects:
            g.add((i, PP.concerne, s))
        if note and self.rng.random() < 0.3:
            g.add((i, PP.note, Literal(self.rng.choice(self.w["notes"]))))

    def status(self, key: str, subject: URIRef, scheme: str, status: str, day) -> None:
        g = self.graphs[key]
        c = self.node("changement-statut")
        g.add((c, RDF.type, PP.ChangementDeStatut))
        g.add((c, PP.concerne, subject))
        g.add((c, PP.statut, REF[f"{scheme}/{status}"]))
        g.add((c, PP.dateStatut, _lit(day)))


def generate_followup(store: GraphStore, seed: int = 2019,
                      today: datetime.date = REFERENCE_DATE) -> dict[str, Graph]:
    """The demo's private follow-up graphs, by structure identifier, drawn from the
    projects and accompaniments of ``store`` (deterministic for a seed and a store)."""
    w = json.loads((demo_dir() / "suivi.json").read_text(encoding="utf-8"))
    f = _Followup(w, seed)
    rng = f.rng
    projects: dict[URIRef, dict] = {}
    for r in store.select(query_text("demo-suivi")):
        p = projects.setdefault(r["projet"], {"contact": _day(r.get("contact")),
                                              "ouverture": _day(r.get("ouverture")),
                                              "prestataire": r.get("prestataire"), "acc": []})
        start = _day(r.get("debut"))
        if r["accompagnement"] not in [a[0] for a in p["acc"]]:
            p["acc"].append((r["accompagnement"], r["structure"], r.get("technicien"), start))
    steps = schedule()
    in_progress: dict[str, list[tuple[URIRef, datetime.date, datetime.date]]] = defaultdict(list)
    structures: dict[str, URIRef] = {}
    sit_numbers: dict[str, int] = defaultdict(int)
    for iri in sorted(projects):
        p = projects[iri]
        acc = sorted(p["acc"], key=lambda a: (a[3] or datetime.date.min, str(a[0])))
        _, structure, agent, start = acc[0]
        key = str(structure).rsplit("/", 1)[-1]
        structures[key] = structure
        contact = p["contact"] or start or today
        start = start or contact
        opened = p["ouverture"]
        f.status(key, iri, "statut-projet", "premier-contact", contact)
        f.interaction(key, structure, agent, start, f.pick(w["premier_echange"]), [iri],
                      note=False)
        if rng.random() < w["chiffres_cles"]:
            g = f.graphs[key]
            lo, hi = w["investissement"]
            g.add((iri, PP.investissement, Literal(round(rng.uniform(lo, hi), -3), datatype=XSD.decimal)))
            lo, hi = w["capacite"]
            g.add((iri, PP.capaciteAccueil, Literal(rng.randint(lo, hi))))
            lo, hi = w["emplois"]
            g.add((iri, PP.emploisCrees, Literal(round(rng.uniform(lo, hi) * 2) / 2, datatype=XSD.decimal)))
        if opened is not None:
            end = min(opened, today)
            fate = "ouvert"
        else:
            fate = f.pick(w["projets_non_ouverts"])
            end = today
            if fate in ("abandonne", "en-pause"):
                lo, hi = w["abandon_jours" if fate == "abandonne" else "pause_jours"]
                end = min(start + datetime.timedelta(days=rng.randint(lo, hi)), today)
        if fate != "premier-contact":
            f.status(key, iri, "statut-projet", "en-cours",
                     min(start + datetime.timedelta(days=rng.randint(0, 20)), today))
        # Exchanges while the project moves on.
        day = start
        lo, hi = w["echanges_tous_les_jours"]
        while fate != "premier-contact":
            day = day + datetime.timedelta(days=rng.randint(lo, hi))
            if day >= end:
                break
            f.interaction(key, structure, agent, day, f.pick(w["types_echange"]), [iri])
        if fate != "premier-contact" and end > start:
            in_progress[key].append((iri, start, end))
        if fate in ("abandonne", "en-pause"):
            f.status(key, iri, "statut-projet", fate, end)
            f.interaction(key, structure, agent, end, "appel", [iri])
        if fate != "ouvert":
            continue
        f.status(key, iri, "statut-projet", "ouvert", opened)
        presta = p["prestataire"]
        if presta is None:
            continue
        g = f.graphs[key]
        g.add((presta, PP.structureReferente, structure))
        if agent is not None:
            g.add((presta, PP.agentReferent, agent))
        dep = key.split("-", 1)[0]
        if rng.random() < w["sit"]["part"]:
            sit_numbers[dep] += 1
            g.add((presta, PP.identifiantSIT, Literal(w["sit"]["format"].format(
                systeme=rng.choice(w["sit"]["systemes"]), departement=dep,
                numero=sit_numbers[dep]))))
        # What became of the business, then the schedule's steps, mostly kept.
        pw = w["prestataires"]
        r = rng.random()
        stop = None
        if r < pw["ferme"]:
            lo, hi = pw["ferme_apres_jours"]
            stop = ("ferme", opened + datetime.timedelta(days=rng.randint(lo, hi)))
        elif r < pw["ferme"] + pw["cede"]:
            lo, hi = pw["cede_apres_jours"]
            stop = ("cede", opened + datetime.timedelta(days=rng.randint(lo, hi)))
        if stop is not None and stop[1] > today:
            stop = None
        for step in steps:
            due = add_months(opened, step.months)
            if due > today or (stop is not None and due >= stop[1]):
                break
            if rng.random() < w["echeance_faite"]:
                lo, hi = w["echeance_ecart_jours"]
                done = min(due + datetime.timedelta(days=rng.randint(lo, hi)), today)
                f.interaction(key, structure, agent, done,
                              rng.choice(["rendez-vous", "visite-sur-site", "appel"]), [presta])
        if stop is not None:
            f.status(key, presta, "statut-prestataire", stop[0], stop[1])
    # Collective sessions: an information meeting for several holders, recorded once.
    lo, hi = w["reunions_par_structure"]
    plo, phi = w["participants_reunion"]
    for key in sorted(in_progress):
        for _ in range(rng.randint(lo, hi)):
            day = today - datetime.timedelta(days=rng.randint(30, 700))
            # Those whose project was under way that day.
            pool = sorted({iri for iri, a, b in in_progress[key] if a < day < b})
            if len(pool) < plo:
                continue
            who = rng.sample(pool, min(len(pool), rng.randint(plo, phi)))
            f.interaction(key, structures[key], None, day, "reunion-collective", sorted(who),
                          note=False)
    return dict(sorted(f.graphs.items()))


def write_followup(store: GraphStore, *, by: str | None = None,
                   when: datetime.datetime | None = None, seed: int = 2019) -> int:
    """Generate the demo's follow-up and write each structure's private graph into
    ``store`` (version 1 of each). Returns the number of triples written."""
    graphs = generate_followup(store, seed)
    write_versions(store, [(private_graph(key), g) for key, g in graphs.items()], by=by,
                   when=when)
    return sum(len(g) for g in graphs.values())

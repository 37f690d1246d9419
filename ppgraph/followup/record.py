"""Recording the follow-up: an interaction, a status change, into a structure's private graph.

Everything :func:`log_interaction` writes goes to the structure's own named graph
(``graphe/prive/<structure>``) as a new version of it (the previous one kept in the history,
as ``submit --structure`` does), and nowhere else.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from ..errors import InputError
from ..i18n import Message, message
from ..namespaces import ID, PP, REF, instance_iri, private_graph
from ..resolver import vocabulary
from ..store import GraphStore
from ..submission import Version, graph_name, write_version

__all__ = ["Logged", "log_interaction", "resolve_record", "structure_record", "describe_logged"]


@dataclass(frozen=True)
class Logged:
    """What :func:`log_interaction` wrote: the interaction (and status change), the new
    version of the structure's private graph."""

    interaction: URIRef
    kind: URIRef
    day: datetime.date
    concerns: tuple[URIRef, ...]
    status: URIRef | None
    version: Version


_ASK_TYPED = "ASK { ?x a ?classe }"


def _typed(store: GraphStore, iri: URIRef, cls: URIRef) -> bool:
    return store.ask(_ASK_TYPED, {"x": iri, "classe": cls})


def structure_record(store: GraphStore, key: str) -> URIRef:
    """The IRI of the structure whose identifier is ``key`` (« 33-OT-004 »), which must exist.

    Raises
    ------
    InputError
        ``followup.structure_inconnue`` if no structure has that identifier.
    """
    iri = URIRef(key) if key.startswith("https://") else instance_iri("structure", key)
    if not _typed(store, iri, PP.Structure):
        raise InputError("followup.structure_inconnue", structure=key)
    return iri


def resolve_record(store: GraphStore, key: str) -> tuple[URIRef, URIRef]:
    """The project or provider an identifier names (« 33-PJ-0012 », « 33-PR-0003 » or an
    IRI), with its class (``pp:Projet`` or ``pp:Prestataire``)."""
    candidates = [URIRef(key)] if key.startswith("https://") else \
        [instance_iri("projet", key), instance_iri("prestataire", key)]
    for iri in candidates:
        for cls in (PP.Projet, PP.Prestataire):
            if _typed(store, iri, cls):
                return iri, cls
    raise InputError("followup.dossier_inconnu", identifiant=key)


def _concept(scheme: str, text: str) -> URIRef:
    voc = vocabulary()
    found, _ = voc.resolve(REF[scheme], text)
    if found is None:
        raise InputError("followup.valeur_inconnue", valeur=text,
                         liste=voc.scheme_label(REF[scheme]),
                         suggestions=", ".join(voc.suggest(REF[scheme], text))
                         or ", ".join(voc.labels(REF[scheme])))
    return found


def _node(kind: str, *parts: object) -> URIRef:
    # Stable: the same interaction logged twice gets the same IRI (and adds nothing).
    return ID[f"{kind}/{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(map(str, parts)))}"]


def log_interaction(store: GraphStore, structure: str, concerns: Sequence[str], kind: str,
                    day: datetime.date, *, agent: str | None = None, note: str | None = None,
                    status: str | None = None, by: str | None = None,
                    when: datetime.datetime | None = None) -> Logged:
    """Record one interaction of ``structure`` with one or several projects or providers
    (a collective session is recorded once, concerning each participant), and optionally
    the status it leads to.

    Parameters
    ----------
    store : GraphStore
    structure : str
        Identifier of the structure (« 33-OT-004 »): the data go to its private graph.
    concerns : sequence of str
        Identifiers of projects (« 33-PJ-0012 ») or providers (« 33-PR-0003 »).
    kind : str
        Kind of interaction, a label, synonym or code of the référentiel (« appel »,
        « rendez-vous », « réunion collective »...).
    day : date
    agent : str, optional
        Identifier of the staff member (« 33-TE-0007 »).
    note : str, optional
        A short note (personal data: never published).
    status : str, optional
        New status of what the interaction concerns (« abandonné », « en pause »,
        « fermée »...), recorded as a dated status change.

    Example
    -------
    >>> log_interaction(store, "33-OT-004", ["33-PR-0003"], "appel",
    ...                 datetime.date(2026, 6, 30))                      # doctest: +SKIP
    """
    if not concerns:
        raise InputError("followup.rien_a_suivre")
    s_iri = structure_record(store, structure)
    records = [resolve_record(store, key) for key in concerns]
    kind_iri = _concept("type-interaction", kind)
    target = private_graph(structure)
    g = Graph()
    g += store.get_graph(target)
    i = _node("interaction", s_iri, day, kind_iri, *sorted(str(r) for r, _ in records), note or "")
    g.add((i, RDF.type, PP.Interaction))
    g.add((i, PP.dateInteraction, Literal(day, datatype=XSD.date)))
    g.add((i, PP.typeInteraction, kind_iri))
    g.add((i, PP.menePar, s_iri))
    for r, _ in records:
        g.add((i, PP.concerne, r))
    if agent:
        a = URIRef(agent) if agent.startswith("https://") else instance_iri("technicien", agent)
        if not _typed(store, a, PP.Technicien):
            raise InputError("followup.agent_inconnu", agent=agent)
        g.add((i, PP.agent, a))
    if note:
        g.add((i, PP.note, Literal(note)))
    status_iri = None
    if status:
        classes = {cls for _, cls in records}
        if len(classes) != 1:
            raise InputError("followup.statut_melange")
        scheme = "statut-projet" if classes == {PP.Projet} else "statut-prestataire"
        status_iri = _concept(scheme, status)
        for r, _ in records:
            c = _node("changement-statut", r, day, status_iri)
            g.add((c, RDF.type, PP.ChangementDeStatut))
            g.add((c, PP.concerne, r))
            g.add((c, PP.statut, status_iri))
            g.add((c, PP.dateStatut, Literal(day, datatype=XSD.date)))
    version = write_version(store, target, g, by=by, when=when)
    return Logged(i, kind_iri, day, tuple(r for r, _ in records), status_iri, version)


def describe_logged(done: Logged, lang: str = "fr") -> str:
    """What ``ppgraph followup log`` prints."""
    voc = vocabulary()
    text = message("followup.enregistree", lang, type=voc.label(done.kind, lang),
                   date=done.day.strftime("%d/%m/%Y"),
                   dossiers=Message("followup.dossiers", n=len(done.concerns)),
                   graphe=graph_name(done.version.target), version=done.version.number)
    if done.status is not None:
        text += "\n" + message("followup.statut_note", lang, statut=voc.label(done.status, lang))
    return text

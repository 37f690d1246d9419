"""A person's rights over the follow-up: access, erasure, retention rules of the référentiel.

Access is :func:`personal_export`, erasure :func:`forget`, the retention rules
:func:`expired` and :func:`purge`.

A person is a project holder (``pp:PorteurDeProjet``), named by their identifier
(« 33-PP-0012 »), their IRI or their e-mail address. What concerns them — their projects, the
providers born of them or that they run, the interactions and status changes about these —
is their *file*; :func:`forget` removes, in ONE update (one transaction) and from every graph
(current submissions, private graphs, history versions kept reified), every triple that
names them and every personal datum (``pp:donneePersonnelle``) of their file. The projects
and businesses themselves stay, anonymous, so that the aggregate indicators still count them.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import RDF, Literal, URIRef

from ..errors import InputError
from ..i18n import Message, catalogue, message, plural
from ..namespaces import GRAPHE, ID, PP, instance_iri
from ..reference import personal_properties
from ..resolver import vocabulary
from ..resources import graph as resource_graph, query_text
from ..store import GraphStore
from ..store.sparql import sparql_term
from .data import FollowupData, load_followup
from .rules import RetentionRule, add_months, retention_rules

__all__ = ["find_person", "person_file", "Forgotten", "forget", "describe_forgotten",
           "personal_export", "Expired", "expired", "purge", "render_expired"]

_RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT = RDF.subject, RDF.predicate, RDF.object


def _values(var: str, terms: Iterable) -> str:
    return "VALUES ?%s { %s }" % (var, " ".join(sparql_term(t) for t in terms))


def find_person(store: GraphStore, person: str) -> URIRef:
    """The IRI of the person ``person`` names: an identifier (« 33-PP-0012 »), an IRI, or an
    e-mail address. The person may survive only in history versions: still found.

    Raises
    ------
    InputError
        ``followup.personne_inconnue`` if nothing names them.
    """
    text = person.strip()
    if "@" in text and not text.startswith("https://"):
        rows = store.select("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?p ?courriel ?v } }",
                            {"courriel": PP.courriel, "v": Literal(text)})
        rows += store.select(
            "SELECT DISTINCT ?p WHERE { GRAPH ?g { ?r ?s ?p ; ?pr ?courriel ; ?o ?v } }",
            {"s": _RDF_SUBJECT, "pr": _RDF_PREDICATE, "courriel": PP.courriel,
             "o": _RDF_OBJECT, "v": Literal(text)})
        found = sorted({r["p"] for r in rows if isinstance(r["p"], URIRef)})
        if len(found) == 1:
            return found[0]
        raise InputError("followup.personne_inconnue", personne=person)
    iri = URIRef(text) if text.startswith("https://") else instance_iri("porteur", text)
    if store.ask("ASK { { GRAPH ?g { ?p ?x ?y } } UNION { GRAPH ?g { ?r ?s ?p } } }",
                 {"p": iri, "s": _RDF_SUBJECT}):
        return iri
    raise InputError("followup.personne_inconnue", personne=person)


def person_file(store: GraphStore, person: URIRef) -> set[URIRef]:
    """The person and their file: projects, providers born of them or run by the person,
    interactions and status changes about these, in the current graphs."""
    rows = store.select("""PREFIX pp: <https://w3id.org/ppgraph/def#>
        SELECT DISTINCT ?n WHERE {
          { ?n pp:porteur ?p } UNION { ?pj pp:porteur ?p . ?n pp:issuDuProjet ?pj }
          UNION { ?p pp:exploite ?n }
        }""", {"p": person})
    nodes = {person} | {r["n"] for r in rows if isinstance(r["n"], URIRef)}
    rows = store.select("PREFIX pp: <https://w3id.org/ppgraph/def#>\n"
                        "SELECT DISTINCT ?e WHERE { ?e pp:concerne ?x }",
                        {"x": sorted(nodes)})
    return nodes | {r["e"] for r in rows if isinstance(r["e"], URIRef)}


@dataclass(frozen=True)
class Forgotten:
    """What :func:`forget` removed: triples per graph."""

    person: URIRef
    removed: dict[URIRef, int]
    departements: tuple[str, ...]
    """départements whose current submission named the person (their workbook still does)"""

    @property
    def total(self) -> int:
        return sum(self.removed.values())


def _patterns(person: URIRef, nodes: set[URIRef], literals: set[Literal]) -> list[str]:
    """The WHERE patterns of everything to remove (binding ?g ?s ?p ?o)."""
    personal = sorted(personal_properties())
    # The history's reified statements first: the later patterns would remove their
    # rdf:subject / rdf:object link and leave the rest of the statement behind.
    pats = [
        "GRAPH ?g { ?s ?p ?o . ?s <%s>|<%s> ?x } %s" % (_RDF_SUBJECT, _RDF_OBJECT,
                                                       _values("x", [person])),
        "GRAPH ?g { ?s ?p ?o . ?s <%s> ?x ; <%s> ?y } %s %s" % (
            _RDF_SUBJECT, _RDF_PREDICATE, _values("x", sorted(nodes)), _values("y", personal)),
    ]
    if literals:
        pats.append("GRAPH ?g { ?s ?p ?o . ?s <%s> ?x } %s" % (_RDF_OBJECT,
                                                              _values("x", sorted(literals))))
        pats.append("GRAPH ?g { ?s ?p ?o } %s" % _values("o", sorted(literals)))
    pats += [
        "GRAPH ?g { ?s ?p ?o } %s" % _values("s", [person]),
        "GRAPH ?g { ?s ?p ?o } %s" % _values("o", [person]),
        "GRAPH ?g { ?s ?p ?o } %s %s" % (_values("s", sorted(nodes)), _values("p", personal)),
    ]
    return pats


def forget(store: GraphStore, person: str, *, dry_run: bool = False) -> Forgotten:
    """Erase a person everywhere, history versions included, in one update.

    Parameters
    ----------
    person : str
        Identifier (« 33-PP-0012 »), IRI or e-mail address of the project holder.
    dry_run : bool
        Only say what would be removed.

    Returns
    -------
    Forgotten
        The number of triples removed from each graph.

    Example
    -------
    >>> forget(store, "33-PP-0012").total                            # doctest: +SKIP
    17
    """
    iri = find_person(store, person)
    nodes = person_file(store, iri)
    # The person's own identifying values (e-mail, telephone, names) wherever they appear,
    # current or archived: nothing may mention them afterwards.
    personal = sorted(personal_properties())
    rows = store.select("SELECT DISTINCT ?v WHERE { { GRAPH ?g { ?x ?p ?v } } UNION "
                        "{ GRAPH ?g { ?r ?s ?x ; ?pr ?p ; ?o ?v } } }",
                        {"x": iri, "s": _RDF_SUBJECT, "pr": _RDF_PREDICATE, "o": _RDF_OBJECT})
    literals = set()
    for r in rows:
        v = r["v"]
        if isinstance(v, Literal) and "@" in str(v) or isinstance(v, Literal) and \
                str(v).replace(" ", "").replace(".", "").lstrip("+").isdigit():
            literals.add(v)
    pats = _patterns(iri, nodes, literals)
    found = store.select("SELECT DISTINCT ?g ?s ?p ?o WHERE { { %s } }"
                         % " } UNION { ".join(pats))
    removed = Counter(r["g"] for r in found)
    prefix = str(GRAPHE["soumission/"])
    deps = tuple(sorted({str(g)[len(prefix):] for g in removed if str(g).startswith(prefix)}))
    if not dry_run and found:
        store.update(" ;\n".join("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { %s }" % p
                                 for p in pats))
    return Forgotten(iri, dict(sorted(removed.items(), key=lambda x: str(x[0]))), deps)


def _graph_name(g: URIRef) -> str:
    return str(g).rsplit("/graphe/", 1)[-1]


def _key(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[-1]


def describe_forgotten(done: Forgotten, lang: str = "fr", *, dry_run: bool = False) -> str:
    """What ``ppgraph forget`` prints: the triples removed, graph by graph."""
    history = sum(n for g, n in done.removed.items() if "/historique/" in str(g))
    key = "followup.oubli.simulation" if dry_run else "followup.oubli.fait"
    lines = [message(key, lang, personne=_key(done.person),
                     triplets=Message("commun.triplets", n=done.total),
                     graphes=Message("followup.graphes", n=len(done.removed)),
                     historique=Message("commun.triplets", n=history))]
    lines += [f"  {_graph_name(g)} : {number_text(n, lang)}" for g, n in done.removed.items()]
    for code in done.departements:
        lines.append(message("followup.oubli.classeur", lang, departement=code))
    return "\n".join(lines)


def number_text(n: int, lang: str) -> str:
    from ..i18n import number
    return number(n, lang)


def _labels(store: GraphStore, iris: set[URIRef], lang: str) -> dict[URIRef, str]:
    out: dict[URIRef, dict] = {}
    if iris:
        for r in store.select(query_text("libelles"), {"x": sorted(iris)}):
            out.setdefault(r["x"], {})[getattr(r["libelle"], "language", None)] = str(r["libelle"])
    return {k: v.get(lang) or v.get("fr") or next(iter(v.values())) for k, v in out.items()}


def personal_export(store: GraphStore, person: str, lang: str = "fr") -> str:
    """Everything ppgraph holds about a person, as a readable Markdown text (right of access):
    their details, projects, providers, interactions and statuses, where each is kept, and
    the archived versions that still name them. Other people of a collective session are
    not shown."""
    iri = find_person(store, person)
    nodes = person_file(store, iri)
    rows = store.select("SELECT ?g ?n ?p ?o WHERE { GRAPH ?g { ?n ?p ?o } }",
                        {"n": sorted(nodes)})
    onto = resource_graph("ontology")
    cat = catalogue(lang)
    voc = vocabulary()
    objects = {r["o"] for r in rows if isinstance(r["o"], URIRef)}
    names = _labels(store, objects, lang)
    by_node: dict[URIRef, list] = defaultdict(list)
    graphs: dict[URIRef, set] = defaultdict(set)
    for r in rows:
        n, p, o = r["n"], r["p"], r["o"]
        if p == PP.concerne and o not in nodes:
            continue  # another participant of a collective session
        graphs[n].add(_graph_name(r["g"]))
        if p == RDF.type:
            continue
        label = next((str(l) for l in onto.objects(p, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
                      if getattr(l, "language", None) == lang), _key(p))
        if isinstance(o, Literal):
            v = o.toPython()
            value = v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else str(o)
        else:
            value = names.get(o) or _key(o)
        by_node[n].append((label, value))
    types = {r["n"]: r["o"] for r in rows if r["p"] == RDF.type}
    order = [iri] + sorted((n for n in nodes if n != iri),
                           key=lambda n: (str(types.get(n, "")), str(n)))
    out = [f"# {message('followup.acces.titre', lang, personne=_key(iri))}", "",
           message("followup.acces.intro", lang), ""]
    for n in order:
        if n not in by_node:
            continue
        kind = types.get(n)
        title = next((str(l) for l in onto.objects(kind, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
                      if getattr(l, "language", None) == lang), "") if kind else ""
        out.append(f"## {title.capitalize()} {_key(n)}")
        out.append(message("followup.acces.ou", lang, graphes=", ".join(sorted(graphs[n]))))
        out.append("")
        out += [f"- {label} : {value}" for label, value in sorted(by_node[n])]
        out.append("")
    archived = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?r ?s ?p } }",
                            {"s": _RDF_SUBJECT, "p": iri})
    out.append(f"## {cat('followup.acces.historique_titre')}")
    out.append(plural("followup.acces.historique", len(archived), lang,
                      graphes=", ".join(sorted(_graph_name(r["g"]) for r in archived)) or "—"))
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class Expired:
    """A person whose personal data a retention rule says to erase."""

    person: URIRef
    rule: RetentionRule
    last: datetime.date
    due: datetime.date


def expired(store: GraphStore, on: datetime.date | None = None, *,
            data: FollowupData | None = None) -> list[Expired]:
    """The people whose retention period (rules of the référentiel) is over on day ``on``."""
    on = on or datetime.date.today()
    data = data or load_followup(store)
    rules = retention_rules()
    runs: dict[URIRef, set[URIRef]] = defaultdict(set)
    for r in store.select(query_text("suivi-exploite")):
        runs[r["porteur"]].add(r["prestataire"])
    by_project = {pr.project: pr for pr in data.providers.values() if pr.project is not None}
    files: dict[URIRef, list] = defaultdict(list)
    for p in data.projects.values():
        if p.holder is not None:
            files[p.holder].append(p)
    out = []
    for holder, projects in sorted(files.items()):
        statuses, days = set(), []
        subjects = []
        for p in projects:
            subjects.append(p.iri)
            days += [d for d in (p.first_contact, p.opened) if d]
            pr = by_project.get(p.iri)
            if pr is not None:
                subjects.append(pr.iri)
                statuses.add(data.status(pr.iri, on))
            else:
                statuses.add(data.status(p.iri, on))
        for pr_iri in runs.get(holder, ()):
            subjects.append(pr_iri)
            statuses.add(data.status(pr_iri, on))
        for s in subjects:
            days += [d for d, _ in data.statuses.get(s, ()) if d <= on]
            days += [c.day for c in data.contacts.get(s, ()) if c.day <= on]
        if not days:
            continue
        last = max(days)
        for rule in rules:
            if statuses and statuses <= rule.statuses:
                due = add_months(last, rule.months)
                if due <= on:
                    out.append(Expired(holder, rule, last, due))
                break
    return out


def purge(store: GraphStore, on: datetime.date | None = None, *,
          dry_run: bool = False) -> list[tuple[Expired, Forgotten]]:
    """Apply the retention rules: erase (with :func:`forget`) each person whose period is
    over, or with ``dry_run`` only say what would be removed."""
    return [(e, forget(store, str(e.person), dry_run=dry_run)) for e in expired(store, on)]


def render_expired(done: list[tuple[Expired, Forgotten]], lang: str = "fr", *,
                   dry_run: bool = False) -> str:
    """What ``ppgraph followup purge`` prints."""
    from ..text import text_table
    cat = catalogue(lang)
    voc = vocabulary()
    key = "followup.purge.simulation" if dry_run else "followup.purge.fait"
    head = plural(key, len(done), lang,
                  triplets=Message("commun.triplets", n=sum(f.total for _, f in done)))
    if not done:
        return head
    rows = [[_key(e.person), voc.label(e.rule.concept, lang), e.last.strftime("%d/%m/%Y"),
             e.due.strftime("%d/%m/%Y"), number_text(f.total, lang)] for e, f in done]
    return head + "\n" + text_table(
        [cat(f"followup.purge.colonnes.{k}") for k in
         ("personne", "regle", "dernier", "echeance", "triplets")], rows, right={4})

"""The demo workbooks: one per département, the autumn updates and their planted mistakes.

The workbooks are written by :func:`ppgraph.spreadsheet.export_graph` from the generated
graphs (personal data included: it is fictitious), so the generator stays the single source.
What the autumn update changes and the mistakes typed into the refused update are data
(``data/demo/classeurs.json``, :func:`~ppgraph.demo.material.workbook_material`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import openpyxl
from rdflib import RDF, XSD, Graph, Literal

from ..errors import InputError
from ..namespaces import PP, concept_iri, departement_iri, instance_iri
from ..resources import demo_dir
from ..spreadsheet import export_graph, save_workbook
from .generator import DemoNetwork
from .material import workbook_material

__all__ = ["CLEAN_UPDATE", "FAULTY_UPDATE", "workbooks_dir", "demo_update", "write_workbooks"]

CLEAN_UPDATE = "23"
"""Département whose update (``mise-a-jour-23.xlsx``) conforms and replaces its submission."""
FAULTY_UPDATE = "24"
"""Département whose update (``mise-a-jour-24.xlsx``) carries mistakes and is refused (the
mistakes of ``data/demo/classeurs.json`` name places of this département)."""


def workbooks_dir() -> Path:
    """The bundled demo workbooks: ``data/demo/classeurs``."""
    return demo_dir() / "classeurs"


def demo_update(network: DemoNetwork, code: str = CLEAN_UPDATE) -> Graph:
    """The autumn update of a département's submission: what changed since June.

    A copy of the département's graph where the oldest ongoing accompaniment is closed
    (15 September 2026) and a new project holder arrives (first contact on 2 September
    2026), welcomed by the structure of the département's first accompaniment (see
    ``mise_a_jour_conforme`` in ``data/demo/classeurs.json``).

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
    >>> from ppgraph.demo import generate_network
    >>> net = generate_network(scale=0.2, departements=["23"])
    >>> len(demo_update(net, "23")) > len(net.submissions["23"])
    True
    """
    u = workbook_material().clean_update
    base = network.submissions[code]
    g = Graph()
    for prefix, ns in base.namespaces():
        g.bind(prefix, ns, override=True)
    for t in base:
        g.add(t)
    accs = sorted(g.subjects(RDF.type, PP.Accompagnement), key=str)
    ongoing = [a for a in accs if g.value(a, PP.dateFin) is None]
    if ongoing:
        g.add((ongoing[0], PP.dateFin, Literal(u["fin_du_plus_ancien"], datatype=XSD.date)))
    if not accs:
        return g
    first = accs[0]
    structure, niveau = g.value(first, PP.parStructure), g.value(first, PP.niveau)
    n = 1 + max((int(str(p).rsplit("-", 1)[1]) for p in g.subjects(RDF.type, PP.PorteurDeProjet)),
                default=0)
    porteur = instance_iri("porteur", f"{code}-PP-{n:04d}")
    projet = instance_iri("projet", f"{code}-PJ-{n:04d}")
    acc = instance_iri("accompagnement", f"{code}-AC-{1 + len(accs):04d}")
    commune = g.value(structure, PP.siege) or departement_iri(code)
    stage = concept_iri("etape", u["etape"])
    for t in [
        (porteur, RDF.type, PP.PorteurDeProjet),
        (porteur, PP.naturePorteur, concept_iri("nature-porteur", u["nature_porteur"])),
        (porteur, PP.prenom, Literal(u["prenom"])),
        (porteur, PP.nomPersonne, Literal(u["nom"].format(d=code, n=n))),
        (porteur, PP.courriel, Literal(u["courriel"].format(d=code, n=n))),
        (projet, RDF.type, PP.Projet),
        (projet, PP.porteur, porteur),
        (projet, PP.typePorteur, concept_iri("type-porteur", u["type_porteur"])),
        (projet, PP.natureOperation, concept_iri("nature-operation", u["nature_operation"])),
        (projet, PP.typeProjet, concept_iri("type-projet", u["type_projet"])),
        (projet, PP.etape, stage),
        (projet, PP.localisation, commune),
        (projet, PP.intituleProjet, Literal(u["intitule"])),
        (projet, PP.datePremierContact, Literal(u["premier_contact"], datatype=XSD.date)),
        (acc, RDF.type, PP.Accompagnement),
        (acc, PP.parStructure, structure),
        (acc, PP.projet, projet),
        (acc, PP.niveau, niveau),
        (acc, PP.etape, stage),
        (acc, PP.service, concept_iri("service", u["service"])),
        (acc, PP.dateDebut, Literal(u["debut"], datatype=XSD.date)),
    ]:
        g.add(t)
    return g


def write_workbooks(network: DemoNetwork, directory: str | Path,
                    progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write the demo workbooks: one filled workbook per département
    (``soumission-<code>.xlsx``), the clean autumn update of :data:`CLEAN_UPDATE` and the
    update of :data:`FAULTY_UPDATE` with a few realistic mistakes (``mise-a-jour-<code>.xlsx``),
    each update only if its département was generated.

    The mistakes are typed into cells, as a person would: a typo in a référentiel label
    (« Guichet unque »), a date that does not exist, an unknown commune (« Périgeux »), a
    missing required name, an e-mail without domain, an orientation to a structure that does
    not exist, two rows with the same identifier, the end of an accompaniment before its
    start, and an extra column (a warning).

    Parameters
    ----------
    network : DemoNetwork
    directory : path
        Destination folder, created if needed.
    progress : callable, optional
        Called with the file name after each workbook is written.

    Returns
    -------
    list of Path
        The files written, sorted.

    Raises
    ------
    InputError
        If the workbook template has no column for some generated triples, or (at a small
        scale) the faulty update has no row to type a mistake into.
    """
    step = progress or (lambda _name: None)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for code in sorted(network.submissions):
        path, left = export_graph(network.submissions[code], out / f"soumission-{code}.xlsx",
                                  include_personal=True)
        if left:
            raise InputError("demo.triplets_sans_colonne", n=len(left), code=code)
        paths.append(path)
        step(path.name)
    if CLEAN_UPDATE in network.submissions:
        path, _ = export_graph(demo_update(network, CLEAN_UPDATE),
                               out / f"mise-a-jour-{CLEAN_UPDATE}.xlsx", include_personal=True)
        paths.append(path)
        step(path.name)
    if FAULTY_UPDATE in network.submissions:
        path, _ = export_graph(network.submissions[FAULTY_UPDATE],
                               out / f"mise-a-jour-{FAULTY_UPDATE}.xlsx", include_personal=True)
        _type_mistakes(path, FAULTY_UPDATE)
        paths.append(path)
        step(path.name)
    return sorted(paths)


def update_count(departements: list[str]) -> int:
    """How many update workbooks :func:`write_workbooks` writes for these départements."""
    return sum(code in departements for code in (CLEAN_UPDATE, FAULTY_UPDATE))


def _headers(ws) -> dict[str, int]:
    """Column number of each header of a sheet (without the « * » of required columns)."""
    return {str(c.value).rstrip(" *"): c.column for c in ws[1] if c.value}


def _type_mistakes(path: Path, code: str) -> None:
    book = workbook_material()
    wb = openpyxl.load_workbook(path)

    def find(sheet: str, ident: str, header: str):
        ws = wb[sheet]
        for row in ws.iter_rows(min_row=2):
            if row[0].value == ident:
                return ws, row[0].row, _headers(ws)[header]
        raise InputError("demo.ligne_introuvable", classeur=path.name, feuille=sheet, ligne=ident)

    for cell in (*book.mistakes, *book.tolerated):
        ws, r, c = find(cell["feuille"], cell["ligne"].format(d=code), cell["colonne"])
        value = cell["valeur"]
        ws.cell(row=r, column=c).value = value.format(d=code) if isinstance(value, str) else value
    # The end of an accompaniment typed before its start.
    spec = book.end_before_start
    ws = wb[spec["feuille"]]
    headers = _headers(ws)
    for row in ws.iter_rows(min_row=2):
        start = row[headers[spec["debut"]] - 1].value
        end = row[headers[spec["fin"]] - 1].value
        if end is not None and start is not None:
            row[headers[spec["fin"]] - 1].value = start - timedelta(days=spec["jours_avant"])
            break
    # A row pasted twice.
    ws = wb[book.pasted_twice["feuille"]]
    last = ws.max_row
    for col in range(1, ws.max_column + 1):
        ws.cell(row=last + 1, column=col).value = ws.cell(row=last, column=col).value
    # An extra column somebody added for themselves: read with a warning, not an error.
    extra = book.extra_column
    ws = wb[extra["feuille"]]
    column = ws.max_column + 1
    ws.cell(row=1, column=column).value = extra["entete"]
    ws.cell(row=2, column=column).value = extra["valeur"]
    save_workbook(wb, path)

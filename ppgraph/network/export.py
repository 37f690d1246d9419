"""Exports of the actor network for Gephi and Cytoscape: GraphML, GEXF and Cytoscape JSON.

>>> import tempfile, os
>>> from ppgraph.network import example_network
>>> path = write_network(example_network(), os.path.join(tempfile.mkdtemp(), "r.gexf"))
>>> print(export_summary(example_network(), path, "gexf").split(" : ")[1])
6 nœuds (6 structures), 4 liens.
"""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from .. import __version__
from ..errors import InputError
from ..i18n import message, plural
from ..text import json_text, xml_text
from .projection import NODE_ATTRIBUTES

__all__ = ["EXPORT_FORMATS", "export_format", "exportable_graph", "cytoscape_json",
           "write_network", "export_summary"]

EXPORT_FORMATS = ("graphml", "gexf", "json")
"""Formats of :func:`write_network`: GraphML (Gephi, Cytoscape, yEd), GEXF (Gephi), and the
Cytoscape JSON (``.cyjs``) that Cytoscape desktop and Cytoscape.js read."""

_EXPORT_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".cyjs": "json"}


def export_format(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The export format asked for, or the one the file name implies.

    >>> export_format("reseau.cyjs"), export_format("x.dat", "gexf")
    ('json', 'gexf')

    Raises
    ------
    InputError
        If neither gives a known format.
    """
    if fmt:
        if fmt not in EXPORT_FORMATS:
            raise InputError("network.erreurs.format_inconnu", format=fmt,
                             formats=", ".join(EXPORT_FORMATS))
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in _EXPORT_SUFFIXES:
        raise InputError("network.erreurs.extension_inconnue", chemin=str(path),
                         formats=", ".join(EXPORT_FORMATS))
    return _EXPORT_SUFFIXES[suffix]


def _scalar_graph_attributes(G: nx.Graph) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in G.graph.items():
        if isinstance(value, (str, int, float, bool)):
            out[key] = _clean(value)
        elif value is not None:  # nested: kept, as a JSON text, for the curious
            out[key] = _clean(json_text(value, sort_keys=True))
    return out


def _clean(value: Any) -> Any:
    """A value as every export can carry it: text without the characters XML 1.0 forbids
    (a label with NUL or ESC would make the GraphML or GEXF file unreadable)."""
    return xml_text(value) if isinstance(value, str) else value


def exportable_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` that GraphML and GEXF writers (and Gephi) accept: graph attributes are
    scalars (nested ones become JSON text), every node and edge has the same attributes,
    none of them ``None``, and no text holds a character XML forbids (so the files are
    always well-formed, whatever the labels hold).

    >>> from ppgraph.network import example_network
    >>> H = exportable_graph(example_network())
    >>> isinstance(H.graph["departements"], str), H.nodes["adt-19"]["label"]
    (True, 'ADT fictive')
    """
    H = nx.MultiDiGraph()
    H.graph.update(_scalar_graph_attributes(G))
    for n, d in G.nodes(data=True):
        data = dict(NODE_ATTRIBUTES)
        data.update({k: _clean(v) for k, v in d.items() if k in NODE_ATTRIBUTES and v is not None})
        H.add_node(xml_text(str(n)), **data)
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(xml_text(str(u)), xml_text(str(v)), key=xml_text(str(k)),
                   kind=xml_text(str(d.get("kind", k))), label=xml_text(str(d.get("label", ""))),
                   weight=int(d.get("weight", 1)))
    return H


def cytoscape_json(G: nx.MultiDiGraph) -> dict:
    """The graph in Cytoscape's JSON format (``.cyjs``: ``{"elements": {"nodes": [...],
    "edges": [...]}}``), which Cytoscape desktop imports and Cytoscape.js reads.

    >>> from ppgraph.network import example_network
    >>> doc = cytoscape_json(example_network())
    >>> doc["elements"]["edges"][0]["data"]["interaction"], len(doc["elements"]["nodes"])
    ('oriente', 6)
    """
    H = exportable_graph(G)
    nodes = [{"data": {"id": str(n), "name": d["label"], **d}} for n, d in sorted(H.nodes(data=True))]
    edges = []
    for i, (u, v, k, d) in enumerate(sorted(H.edges(keys=True, data=True), key=lambda e: e[:3])):
        edges.append({"data": {"id": f"e{i}", "source": str(u), "target": str(v),
                               "interaction": k,
                               "name": f"{H.nodes[u]['label']} ({k}) {H.nodes[v]['label']}",
                               **d}})
    return {"format_version": "1.0", "generated_by": f"ppgraph {__version__}",
            "target_cytoscapejs_version": "~2.1", "data": dict(H.graph),
            "elements": {"nodes": nodes, "edges": edges}}


def write_network(G: nx.MultiDiGraph, path: str | os.PathLike, fmt: str | None = None) -> Path:
    """Write the actor graph for Gephi or Cytoscape and return the path written.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An actor graph or a part of one.
    path : path
        The file to write (its parent folder is created).
    fmt : "graphml", "gexf" or "json", optional
        Default: from the file's extension (:func:`export_format`).

    Raises
    ------
    InputError
        If the format is unknown or the file cannot be written.

    Example
    -------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> from ppgraph.network import example_network
    >>> path = write_network(example_network(), os.path.join(folder, "reseau.graphml"))
    >>> nx.read_graphml(path).nodes["ot-gueret"]["referrals_received"]
    3
    """
    fmt = export_format(path, fmt)
    target = Path(path)
    H = exportable_graph(G)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "graphml":
            nx.write_graphml(H, target, encoding="utf-8", prettyprint=True)
        elif fmt == "gexf":
            # Without the writer's « last modified » date, the same graph gives the same file.
            buffer = io.BytesIO()
            nx.write_gexf(H, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
            target.write_bytes(re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(),
                                      count=1))
        else:
            target.write_text(json_text(cytoscape_json(G), indent=1),
                              encoding="utf-8", newline="\n")
    except OSError as err:
        raise InputError("network.erreurs.ecriture_impossible", chemin=str(target),
                         cause=err.strerror or str(err)) from err
    return target



def export_summary(G: nx.MultiDiGraph, path: str | os.PathLike, fmt: str, lang: str = "fr") -> str:
    """What ``ppgraph network export`` says once the file is written: its format, the file,
    the numbers of nodes, structures and links.

    >>> from ppgraph.network import example_network
    >>> export_summary(example_network(), "r.cyjs", "json", "en")
    'Network exported as JSON to r.cyjs: 6 nodes (6 organisations), 4 links.'
    """
    kinds = Counter(k for _, k in G.nodes(data="kind"))
    return message("network.export.fait", lang, format=fmt.upper(), chemin=str(path),
                   noeuds=plural("network.export.noeuds", G.number_of_nodes(), lang),
                   structures=plural("network.export.structures", kinds["structure"], lang),
                   liens=plural("network.export.liens", G.number_of_edges(), lang))

"""The actor network for Jupyter users: a ``pyvis.network.Network``, offline and escaped.

Python users of notebooks expect pyvis. :func:`pyvis_network` hands any actor graph
(:func:`ppgraph.actor_graph`, a département's part, a structure's neighbourhood) over as a
``pyvis.network.Network`` with the same colours, sizes, links and tooltips as ppgraph's views,
ready for inline display. It needs the optional extra ``pip install "ppgraph[notebook]"``; the
published pages do not use pyvis (they embed their own vis-network, see :mod:`ppgraph.viz`).

pyvis's own page template links Bootstrap from a CDN whatever its ``cdn_resources`` and
writes the heading and some tooltips as HTML; the network returned here renders with
ppgraph's template instead (``templates/pyvis-notebook.html``): vis-network inlined, no other
host, the heading escaped, tooltips built as text. Titles are stored HTML-escaped as well, so
that any other template a user picks shows them as text.

Example (in a notebook)
-----------------------
::

    import ppgraph
    from IPython.display import HTML
    with ppgraph.Store("ppgraph-demo/store", read_only=True) as store:
        G = ppgraph.actor_graph(store)
    net = ppgraph.pyvis_network(ppgraph.select(G, departement="23"))
    HTML(net.generate_html(notebook=True))     # or net.show("creuse.html")
"""

from __future__ import annotations

import html
from typing import Any

import networkx as nx

from .errors import InputError
from .i18n import catalogue
from .resources import template_dir
from .viz import _KIND_ORDER, NODE_COLOURS, _vis_js, view_data, view_title

__all__ = ["pyvis_network"]

TEMPLATE = "pyvis-notebook.html"


def pyvis_network(G: nx.MultiDiGraph, *, lang: str = "fr", height: str = "720px",
                  width: str = "100%", notebook: bool = True, heading: str | None = None):
    """The actor graph ``G`` as a ``pyvis.network.Network``, for display in a notebook.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        An actor graph or a part of one (as for :func:`ppgraph.write_view`).
    lang : "fr" or "en"
        Language of the heading, tooltips and link names.
    height, width : str
        Size of the drawing (CSS).
    notebook : bool
        Prepare the network for inline display in Jupyter (pyvis's ``notebook`` mode).
    heading : str, optional
        Title above the drawing (default: the view's title); shown as text.

    Returns
    -------
    pyvis.network.Network
        One pyvis node per node of ``G`` (id: the node's key as text; label, colour, size and
        shape as in ppgraph's views; ``title``: its public details, HTML-escaped) and one
        edge per link (``title``: the kind of link and its weight). ``generate_html()``
        gives a self-contained page that contacts no other host.

    Raises
    ------
    InputError
        If pyvis is not installed (the message says ``pip install "ppgraph[notebook]"``),
        or if the graph is empty.

    Example
    -------
    >>> from ppgraph.network import example_network
    >>> net = pyvis_network(example_network())          # doctest: +SKIP
    >>> len(net.nodes), net.nodes[0]["label"]           # doctest: +SKIP
    (6, 'ADT fictive')
    """
    try:
        from pyvis.network import Network
    except ImportError as err:
        raise InputError("viz.erreurs.pyvis_absent") from err
    if G.number_of_nodes() == 0:
        raise InputError("viz.erreurs.vide")
    t = catalogue(lang).viz
    data = view_data(G, lang=lang)
    # the nodes of view_data, in its order (its ids are their indices)
    keys = {i: str(n) for i, n in enumerate(sorted(
        G.nodes, key=lambda n: (_KIND_ORDER.get(G.nodes[n].get("kind"), 9), str(n))))}
    net = Network(height=height, width=width, directed=True, notebook=notebook,
                  cdn_resources="in_line", heading=heading or view_title(G, lang))
    # ppgraph's template: vis-network inlined, nothing from another host, text kept as text.
    net.set_template_dir(str(template_dir()), TEMPLATE)
    net.templateEnv.globals.update(vis_js=_vis_js(), lang=lang, note=t.hors_ligne_notebook)
    if notebook:
        net.prep_notebook()
    for n in data["noeuds"]:
        if n["kind"] == "structure":
            colour = data["familles"][n["famille"]]["couleur"] if n["famille"] >= 0 \
                else NODE_COLOURS["inconnue"]
        else:
            colour = NODE_COLOURS.get(n["kind"], NODE_COLOURS["inconnue"])
        lines = [n["label"]] + [f"{k}{t.deux_points} {v}" for k, v in n["details"]]
        net.add_node(keys[n["id"]], label=n["label"] if n["kind"] != "projet" else " ",
                     title=html.escape("\n".join(lines), quote=False), color=colour,
                     size=n["rayon"], shape=data["formes"].get(n["kind"], "dot"),
                     x=n["x"], y=n["y"], opacity=0.45 if n["externe"] else 1.0)
    for a in data["aretes"]:
        style = data["liens"][a["kind"]]
        extra: dict[str, Any] = {"color": style["couleur"], "dashes": style["tirets"],
                                 "arrows": "to" if style["fleche"] else ""}
        if a["kind"] == "oriente":
            extra["value"] = a["poids"]
        else:
            extra["width"] = style["largeur"]
        title = style["libelle"] + (f" ({a['poids']})" if a["poids"] > 1 else "")
        net.add_edge(keys[a["from"]], keys[a["to"]], title=html.escape(title, quote=False),
                     hidden=bool(style.get("cache")), **extra)
    net.options = {
        "physics": {"enabled": data["physique"], "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -35, "centralGravity": 0.002,
                                         "springLength": 110, "springConstant": 0.06,
                                         "avoidOverlap": 0.5},
                    "stabilization": {"enabled": True, "iterations": data["iterations"]}},
        "layout": {"randomSeed": data["graine"], "improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": True},
        "nodes": {"font": {"size": 12, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "scaling": {"min": 1, "max": 9}},
    }
    return net

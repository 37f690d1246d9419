"""The actor network: the graph projected to NetworkX, its analysis, selections, exports, report.

:func:`actor_graph` (:mod:`~ppgraph.network.projection`) reads the store with a few SPARQL
queries and returns a :class:`networkx.MultiDiGraph` whose nodes are **structures**, the
**territories** they cover or serve, the **working groups** and, only when asked,
anonymised **projects**; its edges say what links them (the edge key is the kind of link):

============== ==================================================== ======================
kind           meaning                                              weight
============== ==================================================== ======================
oriente        structure → structure it orients project holders to  number of orientations
partenaire     declared partnership (symmetric, stored once)        1
rattachee      structure → parent structure (pp:rattacheeA),        1
               working group → group it is a sub-group of
membre_reseau  structure → network it belongs to (pp:membreDuReseau) 1
membre_groupe  structure → working group one of its officers joined number of officers
anime          structure → working group it convenes                1
couvre         structure → territory it covers                      1
dessert        structure → territory one of its offers serves       1
accompagne     structure → project it supports (projects only)      number of engagements
============== ==================================================== ======================

Every node carries the same attributes (:data:`NODE_ATTRIBUTES`: no ``None``, no nested
value, so that GraphML and GEXF exports open in Gephi and Cytoscape). Nothing personal is
read unless ``include_personal=True``: officers appear only through their structure, and a
project only through its type, step and département.

The modules: :mod:`~ppgraph.network.projection` (the graph and how to build one by hand),
:mod:`~ppgraph.network.selection` (a département, a structure's neighbourhood),
:mod:`~ppgraph.network.analysis` (hubs, brokers, components... as plain data),
:mod:`~ppgraph.network.report` (what ``ppgraph network stats`` prints) and
:mod:`~ppgraph.network.export` (GraphML, GEXF, Cytoscape JSON).

Example
-------
>>> G = example_network()
>>> [h["label"] for h in hubs(G, top=2)]
['ADT fictive', 'CCI fictive']
>>> print(network_report(network_statistics(G), G, lang="en").splitlines()[0])
Actor network
"""

from .analysis import (brokers, components, degree_weights, departement_summary, hubs,
                       isolated_structures, network_statistics, referrals_without_offer,
                       support_graph)
from .export import (EXPORT_FORMATS, cytoscape_json, export_format, export_summary,
                     exportable_graph, write_network)
from .projection import (LINK_KINDS, MEMBERSHIP_LINKS, NODE_ATTRIBUTES, NODE_KINDS,
                         SUPPORT_LINKS, actor_graph, add_node, add_structure, example_network,
                         link_label)
from .report import network_report
from .selection import (check_selection, departement_subgraph, find_structure, select,
                        structure_neighbourhood)

__all__ = [
    "NODE_ATTRIBUTES", "LINK_KINDS", "SUPPORT_LINKS", "NODE_KINDS", "MEMBERSHIP_LINKS",
    "link_label", "actor_graph", "add_structure", "add_node", "example_network",
    "support_graph", "hubs", "brokers", "isolated_structures", "referrals_without_offer",
    "components", "departement_summary", "network_statistics", "degree_weights",
    "departement_subgraph", "structure_neighbourhood", "find_structure", "select",
    "check_selection",
    "EXPORT_FORMATS", "export_format", "exportable_graph", "cytoscape_json", "write_network",
    "export_summary", "network_report",
]

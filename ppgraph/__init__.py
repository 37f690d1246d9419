"""ppgraph: the knowledge graph of support to tourism project holders (porteurs de projet).

Public API, usable from Python and notebooks as well as through the ``ppgraph`` command:

>>> import ppgraph
>>> store = ppgraph.Store()                    # in memory; ppgraph.Store("dir") on disk
>>> _ = ppgraph.load_reference_data(store)     # ontology, référentiel, territories
>>> ppgraph.store_summary(store).classes[str(ppgraph.PP.Departement)]
('département', 101)
"""

__version__ = "0.1.0"

from .errors import InputError, NonConformError, PpgraphError, StoreError, StoreLockedError
from .i18n import Message, message, plural
from .namespaces import (GRAPHE, ID, PP, REF, TERRITOIRE, concept_iri, departement_iri,
                         instance_iri, structure_iri, submission_graph, territory_iri)
from .reference import load_reference_data, ontology_terms, personal_properties
from .resources import ontology_graph, referentiel_graph, territories_graph
from .store import Endpoint, GraphStore, Store, open_store
from .store import push_store as push
from .summary import StoreSummary, store_summary, summary_report
from .spreadsheet import read_spreadsheet, write_template
from .validation import read_submission, render_report, validate
from .submission import export_submission as export
from .submission import history, restore, submit
from .questions import ask_question, list_questions, render_answer, run_sparql
from .needs import needs_report, training_needs, write_needs
from .network import actor_graph, network_report, network_statistics, select, write_network
from .viz import write_view
from .notebook import pyvis_network
from .site import write_site
from .demo import DemoBuild, DemoNetwork, build_demo, generate_network
# issue 13: the common tools of each territory and the working group
from .guide import guide_content, write_guide
from .glossary import write_glossary
from .local import check_local, read_local, submit_local
from .group import check_group, find_group, group_report, select_for_group, selection_report

__all__ = [
    "__version__",
    "PpgraphError", "InputError", "NonConformError", "StoreError", "StoreLockedError",
    "Message", "message", "plural",
    "PP", "REF", "TERRITOIRE", "ID", "GRAPHE",
    "concept_iri", "departement_iri", "instance_iri", "structure_iri", "submission_graph",
    "territory_iri",
    "load_reference_data", "ontology_terms", "personal_properties",
    "ontology_graph", "referentiel_graph", "territories_graph",
    "GraphStore", "Store", "Endpoint", "open_store", "push",
    "StoreSummary", "store_summary", "summary_report",
    "write_template", "read_spreadsheet", "read_submission", "validate", "render_report",
    "submit", "history", "restore", "export",
    "ask_question", "list_questions", "run_sparql", "render_answer",
    "training_needs", "needs_report", "write_needs",
    "actor_graph", "network_statistics", "network_report", "select", "write_network",
    "write_view", "pyvis_network", "write_site",
    "DemoBuild", "DemoNetwork", "build_demo", "generate_network",
    "write_guide", "guide_content", "write_glossary", "read_local", "check_local",
    "submit_local", "find_group", "group_report", "select_for_group", "selection_report",
    "check_group",
]

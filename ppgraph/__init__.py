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
from .namespaces import (GRAPHE, ID, PP, REF, TERRITOIRE, concept_iri, departement_iri,
                         instance_iri, structure_iri, submission_graph, territory_iri)
from .reference import load_reference_data, ontology_terms, personal_properties
from .resources import ontology_graph, referentiel_graph, territories_graph
from .store import Store, open_store
from .summary import StoreSummary, store_summary
from .demo import DemoBuild, DemoNetwork, build_demo, generate_network
from .site import write_site
from .store import Endpoint
from .questions import ask_question, list_questions, run_sparql
from .network import actor_graph, network_statistics, write_network
from .viz import write_view

__all__ = [
    "__version__",
    "PpgraphError", "InputError", "NonConformError", "StoreError", "StoreLockedError",
    "PP", "REF", "TERRITOIRE", "ID", "GRAPHE",
    "concept_iri", "departement_iri", "instance_iri", "structure_iri", "submission_graph",
    "territory_iri",
    "load_reference_data", "ontology_terms", "personal_properties",
    "ontology_graph", "referentiel_graph", "territories_graph",
    "Store", "open_store", "StoreSummary", "store_summary",
    "DemoBuild", "DemoNetwork", "build_demo", "generate_network", "write_site",
    "Endpoint", "ask_question", "list_questions", "run_sparql",
    "actor_graph", "network_statistics", "write_network", "write_view",
]

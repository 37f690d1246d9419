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
# The rest is imported when first used (``ppgraph.Store``, ``from ppgraph import submit``): a
# command that draws one view does not load the spreadsheet reader, the site or the demo.
_LAZY = {
    'load_reference_data': ('.reference', 'load_reference_data'),
    'ontology_terms': ('.reference', 'ontology_terms'),
    'personal_properties': ('.reference', 'personal_properties'),
    'ontology_graph': ('.resources', 'ontology_graph'),
    'referentiel_graph': ('.resources', 'referentiel_graph'),
    'territories_graph': ('.resources', 'territories_graph'),
    'Endpoint': ('.store', 'Endpoint'),
    'GraphStore': ('.store', 'GraphStore'),
    'Store': ('.store', 'Store'),
    'open_store': ('.store', 'open_store'),
    'push': ('.store', 'push_store'),
    'StoreSummary': ('.summary', 'StoreSummary'),
    'store_summary': ('.summary', 'store_summary'),
    'summary_report': ('.summary', 'summary_report'),
    'read_spreadsheet': ('.spreadsheet', 'read_spreadsheet'),
    'write_template': ('.spreadsheet', 'write_template'),
    'read_submission': ('.validation', 'read_submission'),
    'render_report': ('.validation', 'render_report'),
    'validate': ('.validation', 'validate'),
    'export': ('.submission', 'export_submission'),
    'history': ('.submission', 'history'),
    'restore': ('.submission', 'restore'),
    'submit': ('.submission', 'submit'),
    'ask_question': ('.questions', 'ask_question'),
    'list_questions': ('.questions', 'list_questions'),
    'render_answer': ('.questions', 'render_answer'),
    'run_sparql': ('.questions', 'run_sparql'),
    'needs_report': ('.needs', 'needs_report'),
    'training_needs': ('.needs', 'training_needs'),
    'write_needs': ('.needs', 'write_needs'),
    'actor_graph': ('.network', 'actor_graph'),
    'network_report': ('.network', 'network_report'),
    'network_statistics': ('.network', 'network_statistics'),
    'select': ('.network', 'select'),
    'write_network': ('.network', 'write_network'),
    'write_view': ('.viz', 'write_view'),
    'pyvis_network': ('.notebook', 'pyvis_network'),
    'write_site': ('.site', 'write_site'),
    'DemoBuild': ('.demo', 'DemoBuild'),
    'DemoNetwork': ('.demo', 'DemoNetwork'),
    'build_demo': ('.demo', 'build_demo'),
    'generate_network': ('.demo', 'generate_network'),
    'guide_content': ('.guide', 'guide_content'),
    'write_guide': ('.guide', 'write_guide'),
    'write_glossary': ('.glossary', 'write_glossary'),
    'check_local': ('.local', 'check_local'),
    'read_local': ('.local', 'read_local'),
    'submit_local': ('.local', 'submit_local'),
    'check_group': ('.group', 'check_group'),
    'find_group': ('.group', 'find_group'),
    'group_report': ('.group', 'group_report'),
    'select_for_group': ('.group', 'select_for_group'),
    'selection_report': ('.group', 'selection_report'),
}


def __getattr__(name: str):
    import importlib
    import importlib.util

    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module, __name__), attribute)
    elif not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}"):
        value = importlib.import_module(f".{name}", __name__)  # ppgraph.followup, ppgraph.demo…
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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

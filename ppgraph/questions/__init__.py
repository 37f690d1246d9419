"""Ask the graph: named questions and ad-hoc SPARQL, their typed parameters and the outputs users read.

A **named question** is a SPARQL file of ``ppgraph/queries/questions/`` whose comment header
says, in French and English, what it answers, which typed parameters it takes and how its
columns are headed. Everything a question knows is in its ``.rq`` file; this package only
reads headers (:mod:`~ppgraph.questions.catalogue`), turns parameter values into RDF terms
(:mod:`~ppgraph.questions.parameters`), runs the query on a store, embedded or SPARQL
server (:mod:`~ppgraph.questions.run`) and renders the answer
(:mod:`~ppgraph.questions.formats`).

Example
-------
>>> from ppgraph.store import Store
>>> from ppgraph.reference import load_reference_data
>>> store = Store(); _ = load_reference_data(store)
>>> [q.name for q in list_questions()][:3]
['besoins-formation', 'couverture', 'devenus-prestataires']
>>> answer = run_sparql(store, "SELECT ?region ?c WHERE { ?region a pp:Region ; "
...                     "pp:codeINSEE ?c }", {"c": '"75"^^xsd:token'})
>>> answer.records()
[{'region': 'Nouvelle-Aquitaine', 'c': '75'}]
>>> print(format_table(answer))
region              c
------------------  --
Nouvelle-Aquitaine  75
"""

from .catalogue import (PARAMETER_TYPES, QUESTIONS_DIR, Parameter, Question, list_questions,
                        load_question, parse_question, question_help, questions_overview)
from .formats import (FORMATS, answer_title, format_csv, format_json, format_table,
                      format_turtle, render_answer, table_view, written_message)
from .parameters import parse_assignments, parse_term, resolve_parameters
from .run import Answer, SparqlKind, ask_question, run_sparql, short_iri, sparql_kind, split_list

__all__ = ["Parameter", "Question", "Answer", "SparqlKind", "QUESTIONS_DIR", "PARAMETER_TYPES",
           "list_questions", "load_question", "parse_question", "questions_overview",
           "question_help", "ask_question", "run_sparql", "sparql_kind", "resolve_parameters",
           "parse_term", "parse_assignments", "short_iri", "split_list", "answer_title",
           "format_table", "format_csv", "format_json", "format_turtle", "render_answer",
           "written_message", "table_view", "FORMATS"]

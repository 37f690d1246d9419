"""A département's view projects only what it needs (issue 15), and shows the same thing."""

from __future__ import annotations

import json

import pytest

from ppgraph.network import actor_graph, select
from ppgraph.store import Store
from ppgraph.viz import view_data, view_title

DEMO_DEPARTEMENTS = ["16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"]


@pytest.fixture(scope="module")
def demo_store(built_demo):
    with Store(built_demo.store_path, read_only=True) as store:
        yield store


@pytest.mark.parametrize("projects", [False, True])
def test_the_view_of_each_departement_is_the_same_from_its_own_projection(demo_store, projects):
    whole = actor_graph(demo_store, include_projects=projects)
    for code in DEMO_DEPARTEMENTS:
        part = actor_graph(demo_store, include_projects=projects, departement=code)
        assert part.number_of_nodes() < whole.number_of_nodes()
        a, b = select(whole, departement=code), select(part, departement=code)
        assert dict(a.nodes(data=True)) == dict(b.nodes(data=True)), code
        assert sorted(a.edges(keys=True, data="weight")) == \
            sorted(b.edges(keys=True, data="weight")), code
        assert view_title(a) == view_title(b)
        assert json.dumps(view_data(a), sort_keys=True) == json.dumps(view_data(b),
                                                                      sort_keys=True), code

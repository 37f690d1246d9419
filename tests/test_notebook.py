"""The notebook extra: the actor network handed over as a ``pyvis.network.Network``, with
ppgraph's colours and sizes, titles escaped, every resource inline and no other host.

Run when pyvis is installed (it is in the ``test`` extra); the page it generates is opened in
a real headless Chromium (as in tests/test_viz.py), with every request but the page refused.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import sys

import pytest

from ppgraph import InputError, pyvis_network
from ppgraph.network import example_network

pytest.importorskip("pyvis", reason="pyvis absent (pip install '.[notebook]')")

HOSTILE = "<script>alert(1)</script>"
CHROMIUM = os.environ.get("PPGRAPH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def graph():
    G = example_network()
    G.nodes["ot-seul"]["label"] = HOSTILE
    G.nodes["adt-19"]["email"] = '"><img src=x onerror=alert(2)>@example.org'
    return G


def test_it_is_a_pyvis_network_with_the_views_nodes_and_links(graph):
    from pyvis.network import Network

    net = pyvis_network(graph)
    assert isinstance(net, Network)
    assert {n["id"] for n in net.nodes} == set(graph.nodes)
    assert len(net.edges) == graph.number_of_edges()
    adt = next(n for n in net.nodes if n["id"] == "adt-19")
    assert adt["label"] == "ADT fictive" and adt["size"] == 32.0  # the largest structure
    # Titles are stored escaped: any template shows them as text.
    hostile = next(n for n in net.nodes if n["id"] == "ot-seul")
    assert hostile["label"] == HOSTILE and HOSTILE not in hostile["title"]
    assert html.unescape(hostile["title"]).startswith(HOSTILE)
    assert "<img" not in adt["title"] and "&lt;img" in adt["title"]


def test_generated_page_is_self_contained_and_escaped(graph):
    page = pyvis_network(graph, lang="en", heading="<b>Titre</b>").generate_html(notebook=True)
    assert "<b>Titre</b>" not in page and "&lt;b&gt;Titre&lt;/b&gt;" in page
    assert HOSTILE not in page and "onerror=alert(2)>" not in page
    # No stylesheet, script or font from another host (pyvis's own template links Bootstrap
    # from a CDN): the only addresses are the licence strings inside vis-network.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    assert '<html lang="en">' in page and "contacts no server" in page


def test_a_clear_message_without_pyvis(graph, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyvis", None)
    monkeypatch.setitem(sys.modules, "pyvis.network", None)
    with pytest.raises(InputError) as err:
        pyvis_network(graph)
    assert 'pip install "ppgraph[notebook]"' in err.value.message("fr")
    assert "notebook extra" in err.value.message("en")


def test_browser_draws_it_offline_and_shows_titles_as_text(graph, tmp_path):
    if not CHROMIUM:
        pytest.skip("Chromium absent (apt-get install chromium) : tests dans le navigateur sautés")
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "reseau.html"
    path.write_text(pyvis_network(graph).generate_html(notebook=True), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        requests, errors, dialogs = [], [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        page.wait_for_function("window.ppgraphPyvis !== undefined")
        assert page.evaluate("ppgraphPyvis.body.nodeIndices.length") == graph.number_of_nodes()
        title = page.evaluate("ppgraphPyvis.body.data.nodes.get('ot-seul').title.textContent")
        assert title.startswith(HOSTILE)
        assert page.evaluate("document.querySelectorAll('img, script[src]').length") == 0
        assert requests == [path.as_uri()] and not errors and not dialogs
        browser.close()

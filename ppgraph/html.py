"""The one Jinja environment of every page ppgraph writes (site, network views, reports).

Templates are in ``ppgraph/templates``. Every value from the data is escaped (autoescape);
an undefined variable is an error, not an empty string; data for scripts goes through
:func:`json_for_script` (or Jinja's ``tojson``), never pasted as text. Each template gets:

- ``t``: the message catalogue of the page's language (``t.site.nav.accueil``,
  ``t("viz.noeuds", n=3)``, ``t.plural("commun.triplets", 5)``);
- ``lang``, ``version`` (of ppgraph) and the filters ``nombre`` (a number as the reader
  writes it) and ``langattr`` (`` lang="fr"`` on a text that is not in the page's language).

>>> env = environment("en")
>>> env.from_string("{{ t.commun.oui }} {{ 12345|nombre }} {{ '<b>' }}").render()
'yes 12,345 &lt;b&gt;'
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import __version__
from .i18n import catalogue, number
from .resources import template_dir

__all__ = ["environment", "json_for_script", "structure_anchor"]

_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                 ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def json_for_script(data: Any) -> str:
    """``data`` as JSON that is safe inside ``<script type="application/json">``: no ``<``,
    ``>`` or ``&`` can end the element or start markup.

    >>> json_for_script({"nom": "</script><script>alert(1)</script>"})
    '{"nom": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    for a, b in _JSON_ESCAPES:
        text = text.replace(a, b)
    return text


def structure_anchor(iri: str) -> str:
    """The id of a structure's entry on any page (its « qui fait quoi » entry, its row in a
    network view's table), from its IRI: pages link to one another with it.

    >>> structure_anchor("https://w3id.org/ppgraph/id/structure/24-OT-003")
    'structure-24-OT-003'
    """
    local = re.split(r"[#/]", str(iri).rstrip("/#"))[-1]
    return "structure-" + re.sub(r"[^A-Za-z0-9_-]+", "-", local)


@functools.lru_cache(maxsize=None)
def environment(lang: str = "fr") -> Environment:
    """The Jinja environment for pages in ``lang`` (built once per language; read-only use)."""
    env = Environment(loader=FileSystemLoader(str(template_dir())), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)

    def nombre(value: Any) -> str:
        return number(value, lang)

    def langattr(text: Any) -> Markup:
        lang_of = getattr(text, "lang", None)
        return Markup(f' lang="{escape(lang_of)}"') if lang_of and lang_of != lang else Markup("")

    env.filters["nombre"] = nombre
    env.filters["langattr"] = langattr
    env.globals.update(t=catalogue(lang), lang=lang, version=__version__, langattr=langattr)
    return env

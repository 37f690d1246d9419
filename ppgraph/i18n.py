"""Message catalogues: every string a user reads, one catalogue per language.

A catalogue is the folder ``ppgraph/locales/<lang>/``: one JSON file per domain (``cli.json``,
``store.json``, ``site.json``...), each a flat or nested object of messages. A message is
named by its domain and its key path, ``"store.verrouille"`` or ``"site.nav.accueil"``. Its text
is a :meth:`str.format` template (``"« {chemin} » est un fichier"``). A message with plural
forms is an object ``{"one": "...", "other": "..."}``: the catalogue picks the form by the
language's rule (French: 0 and 1 are singular; English: only 1), so that no code ever builds
a plural by adding an « s ».

French is the reference language; every other catalogue has exactly the same keys (a test
checks it). Nothing here is global state that decides output: the language is always an
argument, and catalogues are read once and never modified.

>>> message("commun.oui", "fr"), message("commun.oui", "en")
('oui', 'yes')
>>> plural("commun.triplets", 1, "fr"), plural("commun.triplets", 0, "fr")
('1 triplet', '0 triplet')
>>> plural("commun.triplets", 0, "en"), plural("commun.triplets", 67222, "fr")
('0 triples', '67\\u202f222 triplets')
>>> str(Message("commun.oui"))
'oui'
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

__all__ = ["LANGUAGES", "DEFAULT_LANGUAGE", "Catalogue", "Message", "catalogue", "message",
           "plural", "number", "plural_form", "check_language"]

LANGUAGES = ("fr", "en")
"""Languages with a complete catalogue; the first is the default."""
DEFAULT_LANGUAGE = "fr"

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
_PLURAL_FORMS = frozenset({"zero", "one", "other"})


def check_language(lang: str) -> str:
    """``lang`` if a catalogue exists for it; otherwise a ValueError naming the languages."""
    if lang not in LANGUAGES:
        raise ValueError(f"langue non prise en charge : {lang!r} (fr ou en)")
    return lang


def plural_form(n: float, lang: str) -> str:
    """The CLDR plural category of ``n`` in ``lang`` (``"one"`` or ``"other"``).

    >>> plural_form(0, "fr"), plural_form(0, "en"), plural_form(1.5, "fr")
    ('one', 'other', 'one')
    """
    if lang == "fr":
        return "one" if 0 <= abs(n) < 2 else "other"
    return "one" if n == 1 else "other"


def number(value: float, lang: str = DEFAULT_LANGUAGE, decimals: int | None = None) -> str:
    """A number as a reader of ``lang`` writes it: French uses a narrow no-break space between
    thousands and a decimal comma.

    >>> number(67222), number(67222, "en"), number(3.5), number(0.0667, decimals=3)
    ('67\\u202f222', '67,222', '3,5', '0,067')
    """
    if decimals is not None:
        text = f"{value:,.{decimals}f}"
    elif isinstance(value, int) or float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,}"
    if lang == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


class Catalogue(Mapping[str, Any]):
    """The messages of one language (read-only).

    ``cat("domain.key", **params)`` formats a message; ``cat["domain.key"]`` gives its raw
    template (or, for a section, a read-only view of it, so that templates can write
    ``t.site.nav.accueil``); :meth:`plural` picks a plural form.
    """

    def __init__(self, lang: str, messages: Mapping[str, Any]):
        self.lang = lang
        self._messages = messages

    def _node(self, key: str) -> Any:
        """The entry at a dotted key: a message, a plural message or a section."""
        node: Any = self._messages
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise KeyError(key)
            node = node[part]
        return node

    # Mapping interface over the whole nested catalogue (domains at the top).
    def __getitem__(self, key: str) -> Any:
        node = self._node(key)
        if isinstance(node, Mapping) and not _is_plural(node):
            return _Section(self, key, node)
        return node

    def __iter__(self) -> Iterator[str]:
        return iter(self._messages)

    def __len__(self) -> int:
        return len(self._messages)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __call__(self, key: str, /, **params: Any) -> str:
        """The message ``key`` formatted with ``params`` (a :class:`Message` param is
        rendered in this language too). A plural message needs ``n``."""
        template = self._template(key)
        if isinstance(template, Mapping):
            return self.plural(key, params.pop("n"), **params)
        return self._format(template, params)

    def plural(self, key: str, n: float, /, **params: Any) -> str:
        """The form of ``key`` for the count ``n``; ``{n}`` is written as in :func:`number`."""
        forms = self._template(key)
        if not isinstance(forms, Mapping):
            text = forms
        else:
            category = "zero" if n == 0 and "zero" in forms else plural_form(n, self.lang)
            text = forms.get(category) or forms["other"]
        return self._format(text, {"n": number(n, self.lang), **params})

    def keys_flat(self) -> list[str]:
        """Every message key of the catalogue (``domain.key``), plural messages once."""
        out: list[str] = []

        def walk(prefix: str, node: Mapping[str, Any]) -> None:
            for k, v in node.items():
                if k.startswith("_"):
                    continue
                key = f"{prefix}.{k}" if prefix else k
                if isinstance(v, Mapping) and not _is_plural(v):
                    walk(key, v)
                else:
                    out.append(key)
        walk("", self._messages)
        return sorted(out)

    def domain(self, name: str) -> Mapping[str, Any]:
        """The raw messages of one domain (for catalogues keyed by another program's own
        messages, such as click's)."""
        return self._messages.get(name, {})

    def has(self, key: str) -> bool:
        try:
            self._template(key)
        except KeyError:
            return False
        return True

    def _template(self, key: str) -> Any:
        node = self._node(key)
        if isinstance(node, Mapping) and not _is_plural(node):
            raise KeyError(key)
        return node

    def _format(self, template: str, params: Mapping[str, Any]) -> str:
        rendered = {k: (v.render(self.lang) if isinstance(v, Message) else v)
                    for k, v in params.items()}
        return template.format(**rendered) if rendered or "{" in template else template


class _Section(Mapping[str, Any]):
    """A part of a catalogue, addressed by attribute or item (for Jinja templates)."""

    def __init__(self, catalogue: Catalogue, prefix: str, node: Mapping[str, Any]):
        self._catalogue, self._prefix, self._node = catalogue, prefix, node

    def __getitem__(self, key: str) -> Any:
        return self._catalogue[f"{self._prefix}.{key}"]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __iter__(self) -> Iterator[str]:
        return (k for k in self._node if not k.startswith("_"))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __call__(self, key: str, /, **params: Any) -> str:
        return self._catalogue(f"{self._prefix}.{key}", **params)

    def plural(self, key: str, n: float, /, **params: Any) -> str:
        return self._catalogue.plural(f"{self._prefix}.{key}", n, **params)


def _is_plural(node: Mapping[str, Any]) -> bool:
    keys = {k for k in node if not k.startswith("_")}
    return bool(keys) and "other" in keys and keys <= _PLURAL_FORMS


@functools.lru_cache(maxsize=None)
def catalogue(lang: str = DEFAULT_LANGUAGE) -> Catalogue:
    """The catalogue of ``lang``, read once per process from ``ppgraph/locales/<lang>/``.

    Raises
    ------
    ValueError
        If there is no catalogue for ``lang``.
    """
    check_language(lang)
    messages: dict[str, Any] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.json")):
        messages[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return Catalogue(lang, _freeze(messages))


def _freeze(node: Any) -> Any:
    if isinstance(node, dict):
        return _FrozenDict({k: _freeze(v) for k, v in node.items()})
    if isinstance(node, list):
        return tuple(_freeze(v) for v in node)
    return node


class _FrozenDict(dict):
    """A dict nobody can change after the catalogue is read."""

    def _readonly(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("un catalogue de messages ne se modifie pas")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _readonly  # type: ignore[assignment]


def message(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The message ``key`` of the catalogue of ``lang``, formatted with ``params``."""
    return catalogue(lang)(key, **params)


def plural(key: str, n: float, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The plural form of ``key`` for the count ``n`` in ``lang``."""
    return catalogue(lang).plural(key, n, **params)


class Message:
    """A message not yet put into words: its key and parameters, rendered in the reader's
    language when shown (errors, import issues and report details carry one).

    A parameter may itself be a Message. ``n`` (if given) chooses the plural form.

    >>> Message("commun.triplets", n=2).render("en")
    '2 triples'
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any):
        self.key = key
        self.params = params

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        cat = catalogue(lang)
        params = dict(self.params)
        if "n" in params and isinstance(cat._template(self.key), Mapping):
            return cat.plural(self.key, params.pop("n"), **params)
        return cat(self.key, **params)

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)

    def __repr__(self) -> str:
        return f"Message({self.key!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.params) == (other.key, other.params)

    __hash__ = None  # type: ignore[assignment]

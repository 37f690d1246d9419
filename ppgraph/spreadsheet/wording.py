"""Texts of the shapes and the référentiel in several languages, and the pieces messages share.

A text of the shapes (a header, a rule's name) or of the référentiel (a list's label) is a
:class:`Named`: the French text, which the rest of ppgraph compares with, carrying its
translations. Inside a :class:`~ppgraph.i18n.Message`, a value is quoted with
:func:`quoted` and a list of values joined with :func:`joined`, so that a message is put into
words (French « guillemets » or English “quotes”) only when a reader's language is known.

>>> n = Named({"fr": "Structures", "en": "Organisations"})
>>> n == "Structures", n.in_language("en"), Named({"fr": "Nom"}).in_language("en")
(True, 'Organisations', 'Nom')
>>> quoted(n).render("en"), joined([quoted("a"), quoted("b")], "ou").render("fr")
('“Organisations”', '« a » ou « b »')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, Message, catalogue

__all__ = ["Named", "in_language", "quoted", "joined"]


class Named(str):
    """A text in several languages: the French text (the string itself) and its
    translations (:meth:`in_language`, French where one is missing)."""

    languages: dict[str, str]

    def __new__(cls, texts: Mapping[str, str]) -> "Named":
        texts = {k: v for k, v in texts.items() if v}
        french = texts.get(DEFAULT_LANGUAGE) or next(iter(texts.values()), "")
        self = super().__new__(cls, french)
        self.languages = {DEFAULT_LANGUAGE: french, **texts}
        return self

    @classmethod
    def of_message(cls, key: str, /, **params: Any) -> "Named":
        """A catalogue message in every language.

        >>> Named.of_message("spreadsheet.identifiant").in_language("en")
        'Identifier'
        """
        return cls({lang: catalogue(lang)(key, **params) for lang in LANGUAGES})

    def in_language(self, lang: str) -> str:
        """The text in ``lang`` (French if it has none)."""
        return self.languages.get(lang) or str(self)

    def map(self, change: Callable[[str], str]) -> "Named":
        """The same text with ``change`` applied in every language."""
        return Named({lang: change(text) for lang, text in self.languages.items()})

    def param(self) -> Message:
        """This text as a parameter of a :class:`~ppgraph.i18n.Message` (put into the
        message's language)."""
        return _Rendered(self.in_language, repr(self.languages))

    def __reduce__(self) -> tuple:
        return (Named, (self.languages,))


class _Rendered(Message):
    """A message whose words are computed for the reader's language."""

    __slots__ = ("_render", "_label")

    def __init__(self, render: Callable[[str], str], label: str):
        super().__init__("")
        self._render = render
        self._label = label

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self._render(lang)

    def __repr__(self) -> str:
        return f"<{self._label}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Rendered) and self.render() == other.render() and \
            self._label == other._label

    __hash__ = None  # type: ignore[assignment]


def in_language(text: Any, lang: str) -> str:
    """``text`` in ``lang``: a :class:`Named` or a :class:`~ppgraph.i18n.Message` is put into
    that language, anything else is shown as it is (``None`` as an empty string)."""
    if isinstance(text, Named):
        return text.in_language(lang)
    if isinstance(text, Message):
        return text.render(lang)
    return "" if text is None else str(text)


def _param(value: Any) -> Any:
    return value.param() if isinstance(value, Named) else value


def quoted(value: Any) -> Message:
    """``value`` between the quotation marks of the reader's language (« » or “ ”)."""
    return Message("spreadsheet.citation", texte=_param(value))


def joined(items: Sequence[Any], last: str | None = None) -> Message:
    """``items`` (texts or messages) joined by commas; with ``last`` (``"ou"``, ``"et"``),
    the last two by that word of the reader's language (« a, b ou c »)."""
    return _Rendered(_Joined([_param(i) for i in items], last), "joined")


class _Joined:
    """The words of :func:`joined` in one language (a class, not a closure: a report, its
    messages included, goes from a worker process to its parent, :mod:`ppgraph.batch`)."""

    def __init__(self, items: list, last: str | None) -> None:
        self.items, self.last = items, last

    def __call__(self, lang: str) -> str:
        words = [in_language(i, lang) for i in self.items]
        if self.last and len(words) > 1:
            word = catalogue(lang)(f"spreadsheet.{self.last}")
            return ", ".join(words[:-1]) + f" {word} " + words[-1]
        return ", ".join(words)

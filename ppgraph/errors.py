"""Typed errors. Each carries a message of the catalogue and the exit code of the CLI.

0 success, 1 the data does not conform, 2 usage error or unreadable input. An error is raised
with the key of its message and the message's parameters; it is put into words in the
reader's language when shown (``err.message("en")``), and in French by ``str(err)``.

>>> err = InputError("store.fichier_pas_dossier", chemin="x.txt")
>>> err.exit_code, str(err)
(2, '« x.txt » est un fichier : un magasin ppgraph est un dossier.')
>>> err.message("en")
'“x.txt” is a file: a ppgraph store is a folder.'
"""

from __future__ import annotations

from typing import Any

from .i18n import DEFAULT_LANGUAGE, Message, catalogue

__all__ = ["PpgraphError", "InputError", "StoreError", "StoreLockedError", "NonConformError"]


class PpgraphError(Exception):
    """Base of every error ppgraph reports to a user.

    Parameters
    ----------
    key : str
        Key of the message in the catalogues (``"store.verrouille"``).
    **params
        Parameters of the message (a :class:`~ppgraph.i18n.Message` is rendered in the same
        language).
    """

    exit_code = 2

    def __init__(self, key: str, /, **params: Any):
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The message in ``lang``."""
        return Message(self.key, **self.params).render(lang) if catalogue(lang).has(self.key) \
            else self.key

    def __str__(self) -> str:
        return self.message(DEFAULT_LANGUAGE)


class InputError(PpgraphError):
    """An input file, option or value cannot be read or used (exit code 2)."""

    exit_code = 2


class StoreError(PpgraphError):
    """The store cannot be opened or used (exit code 2)."""

    exit_code = 2


class StoreLockedError(StoreError):
    """Another process holds the on-disk store open for writing."""


class NonConformError(PpgraphError):
    """The data does not conform to the shapes (exit code 1)."""

    exit_code = 1

"""Typed errors. Each carries a French message for the user and the exit code of the CLI.

0 success, 1 the data does not conform, 2 usage error or unreadable input.
"""

from __future__ import annotations


class PpgraphError(Exception):
    """Base of every error ppgraph reports to a user: ``str(err)`` is a French sentence."""

    exit_code = 2


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

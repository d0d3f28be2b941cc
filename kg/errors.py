"""The exceptions a user can meet. Each message says what is wrong and where."""

from __future__ import annotations


class KGError(Exception):
    """Base class of the errors the program reports to the user (exit code 1 unless said)."""

    exit_code = 1


class InputError(KGError):
    """A file or record cannot be read as a document: names the file, and the line or row."""

    def __init__(self, origin: str, reason: str) -> None:
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}")


class StoreError(KGError):
    """The store cannot be opened, is locked, or the path is not a store."""


class QueryError(KGError):
    """A SPARQL query is not valid; the message carries the position."""

    exit_code = 2

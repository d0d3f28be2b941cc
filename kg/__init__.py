"""kg: a source-credibility and cross-reporting knowledge graph.

Importing the package loads nothing heavy: spaCy and the store open on first use.

>>> import kg
>>> store = kg.open_store(".kg")          # doctest: +SKIP
>>> kg.contradictions(store)              # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.3.2"
__all__ = ["open_store", "ingest", "statements", "contradictions", "corroborations", "__version__"]

if TYPE_CHECKING:
    from .store import BaseStore as Store


def open_store(location: str = ".kg", *, create: bool = False) -> Store:
    """Open the store at ``location``: a folder (the embedded store; ``create=True`` makes it
    if missing) or the URL of a SPARQL 1.1 server's query endpoint."""
    from .store import open_store as _open_store

    return _open_store(location, create=create)


def ingest(store: Store, *paths: str, workers: int = 1, scheduler: str | None = None) -> Any:
    """Read, extract, resolve and store the documents under ``paths``; returns the report."""
    from .pipeline import ingest as _ingest

    return _ingest(store, paths, workers=workers, scheduler=scheduler)


def statements(store: Store, doc: str | None = None) -> list[dict[str, Any]]:
    from .analyze import statements as _statements

    return _statements(store, doc)


def contradictions(store: Store) -> list[dict[str, Any]]:
    from .analyze import contradictions as _contradictions

    return _contradictions(store)


def corroborations(store: Store) -> list[dict[str, Any]]:
    from .analyze import corroborations as _corroborations

    return _corroborations(store)

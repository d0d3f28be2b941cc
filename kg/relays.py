"""Who relays whom: wire credits in an article, and articles that copy one another.

* :func:`wire_credits` — the agencies an article credits for its copy ("(AFP)", "--Reuters",
  "DAMASCUS (Sputnik)", "Reuters Staff", "(RIA Novosti)"), as written; resolved to outlets in
  the pipeline and stored as ``kg:wireCredit``.
* :func:`near_duplicates` — pairs of articles whose texts share most of their word 8-grams
  (containment of the shorter in the longer ≥ ``threshold``): the later one (by date, then id)
  ``prov:wasDerivedFrom`` the earlier. Computed over the whole store after each ingest, so the
  links do not depend on the order documents arrive in.

Relays add reach, not independence: corroboration counts a speaker once however many outlets or
copies carry it.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np

#: Agencies whose credit lines mark relayed copy, as they appear in credits.
AGENCIES = ("AFP", "Reuters", "AP", "Associated Press", "Sputnik", "TASS", "RIA Novosti", "Interfax", "SANA",
            "Anadolu", "DPA", "Xinhua", "IRNA", "Fars", "FNA", "KUNA", "NNA")
_AGENCY = "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
_CREDIT_PATTERNS = [
    re.compile(rf"\(\s*({_AGENCY})\s*\)"),                         # "(AFP)", "DAMASCUS (Sputnik)"
    re.compile(rf"(?:^|\s)-{{1,2}}\s*({_AGENCY})\b"),               # "--Reuters", "- AFP"
    re.compile(rf"\b({_AGENCY})\s+Staff\b"),                        # "Reuters Staff"
    re.compile(rf"\(\s*[A-Za-z ]*\b({_AGENCY})\b[A-Za-z ]*\)"),     # "(TRT World and AFP)"
    re.compile(rf"\b({_AGENCY})/"),                                 # "AFP/Getty"
    re.compile(rf"^\W*({_AGENCY})\b\s+[A-Z][a-z]{{2}}\w* \d", re.M),  # "AFP Sunday 3 Jul 2016" at a line start
]
SHINGLE = 8
#: One 8-gram in SAMPLE (chosen by its hash's value, so two copies sample the same ones) is indexed
#: to find the candidate copies.
SAMPLE = 4
#: The memory the copy check gives to the 8-grams of texts it has fetched, to check their other pairs
#: without fetching them again (64 MiB: some 50,000 short articles' worth).
KEEP_BYTES = 64 * 2**20


def wire_credits(text: str) -> tuple[str, ...]:
    """Agencies credited for the article's copy, in order of appearance, each once."""
    found: list[tuple[int, str]] = []
    for pattern in _CREDIT_PATTERNS:
        found.extend((m.start(1), m.group(1)) for m in pattern.finditer(text))
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


_WORD = re.compile(r"\w+")
#: Powers of an odd 64-bit multiplier, one per word of an 8-gram (oldest word first).
_POWERS = [np.uint64(pow(0x100000001B3, SHINGLE - 1 - k, 2**64)) for k in range(SHINGLE)]
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _shingles(text: str) -> np.ndarray:
    """The text's distinct word 8-grams, sorted, each as a 64-bit hash of its words' CRC-32s
    (computed for all 8-grams at once with numpy: 1.5–1.8× faster than a CRC-32 of each joined
    8-gram, ``bench/copy_speed.py``).
    The same numbers in every process (Python's own string hash changes from one process to the
    next), so the 8-grams sampled by :func:`near_duplicates` do not change between relinks; a
    final mix makes every bit of the hash, the low ones sampled on too, depend on all 8 words."""
    words = _WORD.findall(text.lower())
    n = len(words) - SHINGLE + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    crcs = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    grams = crcs[:n] * _POWERS[0]  # uint64 arithmetic wraps around: a polynomial hash mod 2**64
    for k in range(1, SHINGLE):
        grams += crcs[k : k + n] * _POWERS[k]
    grams ^= grams >> np.uint64(31)
    grams *= _MIX
    grams ^= grams >> np.uint64(29)
    return np.unique(grams)


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """What the copy check needs of a text before it compares two texts exactly: how many distinct
    8-grams it has, and its sampled ones (those whose hash is divisible by ``sample``). Stored with
    each document (``kg:textFingerprint``), so a relink need not read and hash every text again."""

    size: int
    sampled: np.ndarray  # sorted uint64 hashes
    sample: int = SAMPLE

    #: Names the 8-gram hash of :func:`_shingles`; a fingerprint of another scheme is not read.
    SCHEME = "kg-8gram-1"

    @classmethod
    def of(cls, text: str, sample: int = SAMPLE) -> Fingerprint:
        grams = _shingles(text)
        return cls(len(grams), grams[grams % np.uint64(sample) == 0], sample)

    def encode(self) -> str:
        """As a string literal: ``SCHEME/sample size base64(sampled, little-endian uint64)``."""
        packed = base64.b64encode(self.sampled.astype("<u8").tobytes()).decode("ascii")
        return f"{self.SCHEME}/{self.sample} {self.size} {packed}"

    @classmethod
    def decode(cls, value: str, sample: int = SAMPLE) -> Fingerprint | None:
        """The fingerprint a string of :meth:`encode` holds, or None when it was made another way
        (another hash or sample) or is damaged: then the text must be hashed again."""
        try:
            scheme, size, packed = value.split(" ")
            sampled = np.frombuffer(base64.b64decode(packed, validate=True), dtype="<u8").astype(np.uint64)
            fingerprint = cls(int(size), sampled, sample)
        except ValueError:  # binascii.Error is a ValueError; so is a buffer not a multiple of 8
            return None
        return fingerprint if scheme == f"{cls.SCHEME}/{sample}" else None


def near_duplicates(documents: Iterable[tuple[str, str | Fingerprint, date | None]], threshold: float = 0.5,
                    minimum: int = 20, *, texts_of: Callable[[list[str]], dict[str, str]] | None = None,
                    sample: int = SAMPLE, pairs_per_fetch: int = 256, new: Collection[str] | None = None,
                    known: Iterable[tuple[str, str]] = (), common: int = 50,
                    keep_texts: int | None = None) -> list[tuple[str, str, float | None]]:
    """(derived, source, containment) for every pair of documents (id, text, date) that share at
    least ``threshold`` of the shorter one's 8-grams (and ``minimum`` 8-grams at least). The
    derived document is the later one, by date then id, so the result does not depend on order.
    A document's text can be given as its :class:`Fingerprint` (of the same ``sample``), which
    needs ``texts_of`` for the exact check.

    Memory stays small however many documents stream in: only one 8-gram in ``sample`` (chosen
    by its value, so two copies sample the same ones) is indexed to find candidate pairs, in
    sorted numpy arrays (about 20 bytes per sampled 8-gram, :class:`_SharedGrams`; one shared by
    more than ``common`` documents is boilerplate and makes no candidates), and each
    candidate is then checked exactly on its full texts, fetched again with ``texts_of`` (ids →
    {id: text}), once per ``pairs_per_fetch`` candidate pairs; the 8-grams of the texts last
    fetched are kept for the next pairs, up to :data:`KEEP_BYTES` (and ``keep_texts`` texts, if
    given). Without ``texts_of`` the texts are kept, which suits small inputs. A pair sharing ``minimum`` = 20
    8-grams is missed with probability (1 - 1/sample)^20 (0.3 % at 4); real copies share hundreds.

    With ``new`` (the ids of the documents added since the ``known`` links (derived, source) were
    found among the others), only the candidate pairs with a new document are checked on their
    texts. A known link stays while its pair is a candidate (containment None): a pair of older
    documents can stop being one (an 8-gram they share has grown common) but not become one, and
    their texts have not changed. The result is the same as without ``new``.
    """
    numbers: dict[str, int] = {}  # a document's number: its place in ``ids``
    ids: list[str] = []
    sizes: dict[str, int] = {}
    dates: dict[str, date | None] = {}
    kept: dict[str, str] = {}
    sampled: list[np.ndarray] = []
    for doc_id, text, when in documents:
        if isinstance(text, Fingerprint):
            if texts_of is None or text.sample != sample:
                raise ValueError(f"{doc_id}: a fingerprint needs texts_of, and a sample of {sample}")
            fingerprint = text
        else:
            fingerprint = Fingerprint.of(text, sample)
            if texts_of is None:
                kept[doc_id] = text
        sizes[doc_id], dates[doc_id] = fingerprint.size, when
        if doc_id in numbers:  # the same document twice: its last fingerprint counts
            sampled[numbers[doc_id]] = fingerprint.sampled
        else:
            numbers[doc_id] = len(ids)
            ids.append(doc_id)
            sampled.append(fingerprint.sampled)
    index = _SharedGrams(sampled, common)
    del sampled
    candidates: set[tuple[str, str]] = set()
    still: set[tuple[str, str]] = set()  # known links whose pair is still a candidate
    if new is None:
        for members in index.groups():
            candidates.update((ids[a], ids[b]) for i, a in enumerate(members) for b in members[i + 1 :])
    else:
        fresh = np.zeros(len(ids), dtype=bool)
        fresh[[numbers[doc_id] for doc_id in new if doc_id in numbers]] = True
        for members in index.groups(among=fresh):
            candidates.update((ids[a], ids[b]) for a in members if fresh[a] for b in members if b != a)
        still = {(a, b) for a, b in (sorted(link) for link in known)
                 if a in numbers and b in numbers and index.grouped(numbers[a], numbers[b])}
    candidates = {(min(a, b), max(a, b)) for a, b in candidates}
    del index
    fetch = texts_of or (lambda ids: {doc_id: kept[doc_id] for doc_id in ids})
    pairs = sorted((a, b) for a, b in candidates if min(sizes[a], sizes[b]) >= minimum)
    links: list[tuple[str, str, float | None]] = []
    grams = _RecentGrams(keep_texts or len(ids), KEEP_BYTES)  # a text in many pairs is fetched and hashed once
    for start in range(0, len(pairs), pairs_per_fetch):  # a few hundred texts in memory at a time
        chunk = pairs[start:start + pairs_per_fetch]
        if missing := grams.missing({doc_id for pair in chunk for doc_id in pair}):
            grams.add(fetch(missing))
        for a, b in chunk:
            if a not in grams or b not in grams:
                continue
            count = len(np.intersect1d(grams[a], grams[b], assume_unique=True))
            containment = count / min(sizes[a], sizes[b])
            if count >= minimum and containment >= threshold:
                later, earlier = _later_first(a, b, dates)
                links.append((later, earlier, round(containment, 3)))
        grams.trim()
    links += [(*_later_first(a, b, dates), None) for a, b in still]
    return sorted(links, key=lambda link: link[:2])


class _RecentGrams:
    """The 8-grams of the texts fetched lately, by document id: after :meth:`trim`, at most
    ``keep`` texts' and ``budget`` bytes' worth of them, the least recently used going first.
    The candidate pairs come sorted, so a document in many pairs (a wire story copied by many
    outlets) is fetched and hashed once, not once per chunk of pairs."""

    def __init__(self, keep: int, budget: int) -> None:
        self.keep, self.budget = keep, budget
        self._grams: OrderedDict[str, np.ndarray] = OrderedDict()
        self._bytes = 0

    def missing(self, doc_ids: set[str]) -> list[str]:
        """Those of ``doc_ids`` not held (sorted); those held become the most recently used."""
        for doc_id in doc_ids & self._grams.keys():
            self._grams.move_to_end(doc_id)
        return sorted(doc_ids - self._grams.keys())

    def add(self, texts: dict[str, str]) -> None:
        for doc_id, text in texts.items():
            grams = self._grams[doc_id] = _shingles(text)
            self._bytes += grams.nbytes

    def trim(self) -> None:
        while self._grams and (len(self._grams) > self.keep or self._bytes > self.budget):
            self._bytes -= self._grams.popitem(last=False)[1].nbytes

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._grams

    def __getitem__(self, doc_id: str) -> np.ndarray:
        return self._grams[doc_id]


def _later_first(a: str, b: str, dates: dict[str, date | None]) -> tuple[str, str]:
    """The two documents, the later one (by date, then id) first: it is the copy."""
    earlier, later = sorted([a, b], key=lambda d: (dates[d] or date.min, d))
    return later, earlier


class _SharedGrams:
    """The documents' sampled 8-grams as sorted numpy arrays (a few bytes per 8-gram, where a dict
    of lists took over a hundred), and the groups of documents that share one: an 8-gram shared
    by more than ``common`` documents is boilerplate and says nothing."""

    def __init__(self, sampled: list[np.ndarray], common: int) -> None:
        counts = np.fromiter((grams.size for grams in sampled), dtype=np.int64, count=len(sampled))
        self.offsets = np.concatenate(([0], np.cumsum(counts)))
        self.by_document = np.concatenate(sampled) if sampled else np.empty(0, dtype=np.uint64)
        order = np.argsort(self.by_document, kind="stable")  # stable: owners stay in order in a group
        grams = self.by_document[order]
        owners = np.repeat(np.arange(len(sampled), dtype=np.int32), counts)[order]
        distinct = np.ones(grams.size, dtype=bool)  # one (8-gram, document) once
        distinct[1:] = (grams[1:] != grams[:-1]) | (owners[1:] != owners[:-1])
        self.grams, self.owners = grams[distinct], owners[distinct]
        first = np.ones(self.grams.size, dtype=bool)
        first[1:] = self.grams[1:] != self.grams[:-1]
        self.starts = np.flatnonzero(first)
        self.lengths = np.diff(np.append(self.starts, self.grams.size))
        self.shared = (self.lengths > 1) & (self.lengths <= common)

    def groups(self, among: np.ndarray | None = None) -> Iterator[list[int]]:
        """The documents (numbers, ascending) of each 8-gram shared by 2 to ``common`` of them;
        with ``among`` (a mask by document number), only the groups with one of those."""
        chosen = self.shared
        if among is not None and self.starts.size:
            chosen = chosen & (np.add.reduceat(among[self.owners].astype(np.int32), self.starts) > 0)
        for start, length in zip(self.starts[chosen].tolist(), self.lengths[chosen].tolist(), strict=True):
            yield self.owners[start : start + length].tolist()

    def grouped(self, a: int, b: int) -> bool:
        """Whether documents ``a`` and ``b`` share a sampled 8-gram that is not boilerplate."""
        both = np.intersect1d(self.by_document[self.offsets[a] : self.offsets[a + 1]],
                              self.by_document[self.offsets[b] : self.offsets[b + 1]])
        if not both.size:
            return False
        return bool(self.shared[np.searchsorted(self.grams[self.starts], both)].any())

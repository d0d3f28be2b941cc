"""Stage 3: speaker mentions → canonical :class:`~kg.types.Source`\\ s.

A mention is looked up in the alias gazetteer (``ontology/sources.ttl``) after light
normalization (articles, titles, "London-based" modifiers, possessives dropped). Pronouns take the
most recent fitting speaker of the document; nominals ("the monitor") the most recent source
mentioned whose descriptor is their head noun. Unknown named speakers get a key derived from their
normalized name, so the same name in any document gives the same source; anonymous speakers
("activists") get a key of their own per document and are never merged with a named source.
A person's role ("a civil defense official", "Russian Defense Ministry spokesman") links it to the
organization it speaks for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import resources
from .types import Document, Mention, Source, Statement

TITLES = {
    "mr", "mrs", "ms", "dr", "major", "general", "lieutenant", "colonel", "col", "lt", "gen", "brig",
    "brigadier", "captain", "sheikh", "president", "maj", "admiral", "rear", "sergeant", "prime",
    "minister", "spokesman", "spokeswoman", "spokesperson", "archimandrite", "archbishop", "bishop",
    "patriarch", "reverend", "rev", "father", "imam", "cardinal", "pope", "king", "prince", "emir",
}
ARTICLES = {"the", "a", "an"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them"}
THING_PRONOUNS = {"it"}
SPEAKER_PRONOUNS = {"we", "i"}
REPORT_HEADS = {"statement", "report", "communique", "bulletin"}
#: Lower-case words inside personal names ("Staffan de Mistura", "Rami al Abdel").
NAME_PARTICLES = {"de", "di", "da", "al", "el", "bin", "ibn", "van", "von", "der", "la", "le", "abu"}


def alternation(words: Iterable[str]) -> str:
    """One regular expression for ``words`` with their common prefixes shared ("al-(?:bab|raqqa)"):
    it matches what the plain alternation of them longest first matches (a longer word is tried
    before its prefix, and a failed match backs off to the shorter), several times faster, since
    Python's ``re`` tries every branch of a plain alternation at every position."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


def normalize(text: str) -> str:
    """Lower case, plain quotes, no articles, possessives or "X-based" modifiers."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = re.sub(r"['\"“”]", lambda m: "'" if m.group() == "'" else "", text)
    text = re.sub(r"'s\b", "", text)
    words = [w for w in re.split(r"\s+", text.strip().lower()) if w]
    while words and words[0] in ARTICLES:
        words = words[1:]
    words = [w for w in words if not w.endswith("-based") and w not in {"-", "so-called"}]
    return " ".join(w.strip(".,;:'") for w in words).strip()


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unnamed"


TIME_WORDS = {"early", "late", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "yesterday", "today", "earlier", "later", "meanwhile"}


def strip_titles(name: str) -> str:
    """Without leading titles ("Major General") or time words glued on by lost commas ("Sunday")."""
    words = name.split()
    while len(words) > 1 and (words[0].lower().strip(".") in TITLES or words[0].lower() in TIME_WORDS):
        words = words[1:]
    return " ".join(words)


@dataclass
class _Seen:
    position: int
    source: Source
    mention: Mention | None = None


class Resolver:
    """Resolves mentions against the gazetteer; one instance serves many documents."""

    def __init__(self) -> None:
        self.entries = resources.sources()
        self.by_alias: dict[str, str] = {}
        self.by_demonym: dict[str, str] = {}
        self.by_outlet_key: dict[str, str] = {}
        for entry in self.entries.values():
            for alias in [entry.label, *entry.aliases]:
                self.by_alias.setdefault(normalize(alias), entry.key)
            for demonym in entry.demonyms:
                self.by_demonym.setdefault(demonym.lower(), entry.key)
            for key in entry.outlet_keys:
                self.by_outlet_key[key.lower()] = entry.key
        self.by_slug = {slug(a): e.key for e in self.entries.values() for a in [e.label, *e.aliases]
                        if len(slug(a)) >= 4}
        names = sorted({a for e in self.entries.values() for a in [e.label, *e.aliases] if len(a) >= 3},
                       key=len, reverse=True)
        self._name_pattern = re.compile(r"\b(" + alternation(names) + r")\b")

    # ------------------------------------------------------------ sources
    def known(self, key: str) -> Source:
        entry = self.entries[key]
        return Source(key=key, label=entry.label, kind=entry.kind or "Source",  # type: ignore[arg-type]
                      speaks_for=tuple(self.chain(key)), known=True)

    def chain(self, key: str) -> list[str]:
        """The keys a known source speaks for, nearest first (Konashenkov → MoD → Russia)."""
        out: list[str] = []
        current = key
        while current in self.entries and self.entries[current].speaks_for:
            current = self.entries[current].speaks_for[0]
            if current in out or current == key:
                break
            out.append(current)
        return out

    def lookup(self, text: str) -> str | None:
        """The key of a known source named by ``text``, or None."""
        if not text:
            return None
        norm = normalize(text)
        if norm in self.by_alias:
            return self.by_alias[norm]
        untitled = normalize(strip_titles(re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)))
        if untitled in self.by_alias:
            return self.by_alias[untitled]
        # Apostrophes lost upstream: "SANAs", "Russias Defence Ministry"
        words = untitled.split()
        for i in range(1, len(words) - 1):
            # "anti-Assad Syrian Observatory", "UK based Syrian Observatory": drop leading modifiers,
            # keeping at least two words ("Iraqi army" must not become "army")
            if " ".join(words[i:]) in self.by_alias:
                return self.by_alias[" ".join(words[i:])]
        for i, word in enumerate(words):
            if word.endswith("s") and len(word) > 3:
                variant = " ".join(words[:i] + [word[:-1]] + words[i + 1 :])
                if variant in self.by_alias:
                    return self.by_alias[variant]
                if i == 0 and len(words) > 1 and word[:-1] in self.by_alias:
                    return None  # "SANAs correspondent": the owner, not the speaker
        # Punctuation lost upstream: "Jaish al Islam" is "Jaish al-Islam" (same slug, same source)
        return self.by_slug.get(slug(untitled))

    def principal(self, source: Source) -> str:
        """Whom a source ultimately speaks for: the top of its chain, or itself."""
        return source.speaks_for[-1] if source.speaks_for else source.key

    def outlet(self, name: str | None) -> Source | None:
        if not name:
            return None
        key = self.by_outlet_key.get(name.strip().lower()) or self.lookup(name)
        if key is not None:
            return self.known(key)
        return Source(key=f"outlet-{slug(name)}", label=name.strip(), kind="Outlet", known=False)

    def agent(self, text: str) -> str | None:
        """The principal key of an actor as written ("Russian aircraft" → russia), or None."""
        key = self.lookup(text)
        if key is None:
            for word in re.split(r"[\s]+", text):
                word = word.strip(".,'’").lower()
                if word.endswith("'s"):
                    word = word[:-2]
                key = self.by_demonym.get(word) or self.by_alias.get(word)
                if key is not None:
                    break
        if key is None:
            return None
        return self.principal(self.known(key))

    # ------------------------------------------------------------ mentions
    def resolve_document(self, document: Document, statements: Sequence[Statement]) -> list[Source]:
        """The source of each statement's speaker, in order, using the document as context."""
        named = [
            _Seen(m.start(), self.known(self.by_alias[normalize(m.group())]))
            for m in self._name_pattern.finditer(document.text)
            if normalize(m.group()) in self.by_alias
        ]
        speakers: list[_Seen] = []
        out: list[Source] = []
        for statement in statements:
            source = self._resolve(statement.speaker, document, speakers, named)
            if statement.speaker.kind != "outlet":  # the narrator is no antecedent for "he" or "it"
                speakers.append(_Seen(statement.speaker.start, source, statement.speaker))
            out.append(source)
        return out

    def _resolve(self, mention: Mention, document: Document, speakers: list[_Seen], named: list[_Seen]) -> Source:
        if mention.refers_to is not None:
            for seen in reversed(speakers):
                if seen.mention == mention.refers_to:
                    return seen.source
            return self._resolve(mention.refers_to, document, speakers, named)
        if mention.kind == "pronoun":
            return self._pronoun(mention, document, speakers)
        if mention.kind == "outlet":
            # the outlet's own narration; an article without an outlet has an anonymous narrator
            return self.outlet(document.outlet) or Source(
                key=f"anonymous-narrator-{slug(document.id)}", label="narrator", kind="AnonymousSource", known=False)
        split = self._name_after_affiliation(mention)
        if split is not None:
            return split
        key = self.lookup(mention.text)
        if key is not None:
            return self.known(key)
        if mention.kind == "nominal":
            found = self._nominal(mention, speakers, named)
            if found is not None:
                return found
            return self._anonymous(mention, document)
        if mention.kind == "anonymous":
            return self._anonymous(mention, document)
        return self._named(mention, speakers)

    def _pronoun(self, mention: Mention, document: Document, speakers: list[_Seen]) -> Source:
        word = mention.text.lower()
        before = [s for s in speakers if s.position < mention.start]
        hint = mention.antecedent
        if hint is not None and not any(s.position > hint.start and self._fits(word, s.source) for s in before):
            # a person named after the last fitting speaker: "Mounzer Khalil ... he told"
            return self._resolve(hint, document, speakers, [])
        for seen in reversed(before):
            kind = seen.source.kind
            if word in PERSON_PRONOUNS and kind == "Person":
                return seen.source
            if word in THING_PRONOUNS and kind in {"Organization", "State", "Outlet"}:
                return seen.source
            if word in GROUP_PRONOUNS and kind != "Person":
                return seen.source
            if word in SPEAKER_PRONOUNS:
                return seen.source
        return self._anonymous(mention, document)

    def _name_after_affiliation(self, mention: Mention) -> Source | None:
        """"The Director of the Syrian Observatory for Human Rights Rami Abdel Rahman told AFP": with
        commas lost, the name is glued to the organization; split it off after the known alias."""
        if not mention.role or not mention.affiliation:
            return None
        # "the United Nations envoy for Syria Staffan de Mistura": the role with more before it; then
        # only a name listed in sources.ttl is split off
        role_only = normalize(mention.text) == normalize(mention.role)
        if not role_only and not normalize(mention.text).endswith(" " + normalize(mention.role)):
            return None
        words = mention.affiliation.split()
        for cut in range(len(words) - 1, 0, -1):
            rest = words[cut:]
            if not 1 <= len(rest) <= 4 or not rest[0][:1].isupper() or \
                    not all(w[:1].isupper() or w.lower() in NAME_PARTICLES for w in rest):
                continue
            key = self.lookup(" ".join(words[:cut]))
            if key is not None:
                name = " ".join(rest)
                known = self.lookup(name)
                if known is not None:
                    return self.known(known)
                if not role_only:
                    return None
                return Source(key=slug(name), label=name, kind="Person", speaks_for=(key, *self.chain(key)), known=False)
        return None

    @staticmethod
    def _fits(word: str, source: Source) -> bool:
        if word in PERSON_PRONOUNS:
            return source.kind == "Person"
        if word in THING_PRONOUNS:
            return source.kind in {"Organization", "State", "Outlet"}
        if word in GROUP_PRONOUNS:
            return source.kind != "Person"
        return True

    def _nominal(self, mention: Mention, speakers: list[_Seen], named: list[_Seen]) -> Source | None:
        head = normalize(mention.text).split()[-1:] or [""]
        if head[0] in REPORT_HEADS:
            # "the statement said", "the report said": the latest organization that spoke
            for pool in (speakers, speakers + named):  # a source that spoke before one only named
                earlier = sorted((s for s in pool if s.position < mention.start), key=lambda s: s.position)
                for seen in reversed(earlier):
                    if seen.source.kind in {"Organization", "State", "Outlet"}:
                        return seen.source
            return None
        candidates = sorted(
            [s for s in speakers + named if s.position < mention.start], key=lambda s: s.position)
        # "the defence ministry" after Russia was named: "Russian defence ministry"
        for seen in reversed(candidates):
            if seen.source.kind == "State" and seen.source.known:
                for demonym in self.entries[seen.source.key].demonyms[:1]:
                    key = self.lookup(f"{demonym} {normalize(mention.text)}")
                    if key is not None:
                        return self.known(key)
                break
        for seen in reversed(candidates):
            if not seen.source.known:
                continue
            entry = self.entries[seen.source.key]
            descriptors = {d.lower() for d in entry.descriptors}
            if head[0] in descriptors or head[0].rstrip("s") in descriptors:
                return seen.source
        return None

    def _anonymous(self, mention: Mention, document: Document) -> Source:
        label = normalize(mention.text) or mention.text
        speaks_for = self._affiliation(mention)
        return Source(key=f"anonymous-{slug(label)}-{slug(document.id)}", label=label,
                      kind="AnonymousSource", speaks_for=speaks_for, known=False)

    def _affiliation(self, mention: Mention) -> tuple[str, ...]:
        if not mention.affiliation:
            return ()
        key = self.lookup(mention.affiliation)
        if key is not None:
            return (key, *self.chain(key))
        return ()

    def _named(self, mention: Mention, speakers: list[_Seen]) -> Source:
        name = strip_titles(re.sub(r"^(the|a|an)\s+", "", mention.text.strip(), flags=re.I))
        # A surname alone refers back to a person named in full earlier in the document.
        if len(name.split()) == 1:
            for seen in reversed(speakers):
                if seen.source.kind == "Person" and seen.source.label.split()[-1:] == [name]:
                    return seen.source
        kind = {"PERSON": "Person", "ORG": "Organization", "GPE": "State", "NORP": "Organization"}.get(
            mention.ent_type, "Person" if mention.role else "Source")
        label = name.replace("’", "'")
        return Source(key=slug(label), label=label, kind=kind,  # type: ignore[arg-type]
                      speaks_for=self._affiliation(mention), known=False)

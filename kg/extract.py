"""Stage 2 (spaCy): :class:`~kg.types.Document` → :class:`~kg.types.Statement`.

An attributed statement is found from a *cue* — a speech or cognition verb ("said", "denied",
"did not think") or the phrase "according to" — its *speaker* (the verb's subject, every member of
a coordinated subject, or the speaker of the verb it hangs from: "..., noting that ...") and its
*content* (the clause or noun phrase it governs). Stance comes from the cue (deny, hedge) and from
negation or modality in the content. The event the content describes is read off the syntax into
an :class:`~kg.types.EventMention`, left un-normalized: :mod:`kg.propositions` maps it to places,
event types and sources.

Only grammar lives here; names of sources, places and event words are data in ``ontology/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from .types import Casualty, Document, EventMention, Mention, Stance, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# ---------------------------------------------------------------- cue lexicon (grammar, not data)
DENY_CUES = {"deny", "reject", "dismiss", "refute", "rebuff", "disprove", "dispute", "contradict", "negate"}
HEDGE_CUES = {"believe", "think", "suspect", "fear", "speculate", "assume", "doubt", "guess", "suppose", "suggest",
              "worry", "expect"}
#: Adjectives of a state of mind that take a that-clause, with the stance they give it.
ADJECTIVE_CUES = {"worried": "hedge", "concerned": "hedge", "afraid": "hedge", "confident": "assert",
                  "convinced": "assert", "certain": "assert", "sure": "assert"}
WH_WORDS = {"where", "what", "who", "whom", "whether", "if", "how", "when", "why", "which"}
#: Verbs of a content that make it a hedge ("the evidence suggests that ...", "it appears to ...").
HEDGE_VERBS = {"suggest", "appear", "seem"}
ASSERT_CUES = {
    "say", "tell", "report", "add", "state", "announce", "claim", "confirm", "warn", "estimate", "note",
    "insist", "explain", "stress", "indicate", "mention", "reveal", "write", "declare", "assert", "argue",
    "acknowledge", "admit", "allege", "accuse", "blame", "charge", "describe", "document", "record", "tweet",
    "reiterate", "emphasize", "emphasise", "affirm", "disclose", "quote", "cite", "call", "urge", "demand",
    "condemn", "publish", "post", "predict", "point", "maintain", "contend", "conclude", "pledge",
    "express", "inform", "verify", "assure", "reaffirm", "underscore", "request", "vow", "threaten",
    "promise", "recount", "attribute", "attest", "decry", "denounce", "deplore", "lament", "chant", "shout",
    "concede", "testify", "recall", "remark", "criticize", "criticise", "ask",
}
CUES = DENY_CUES | HEDGE_CUES | ASSERT_CUES
#: Cues whose content can be a bare noun phrase ("reported air strikes", "denied accusations").
NOMINAL_CUES = DENY_CUES | {"report", "confirm", "claim", "announce", "accuse", "blame", "document",
                            "record", "condemn", "acknowledge", "admit", "allege", "cite", "estimate",
                            "express", "pledge", "request", "demand", "urge", "call", "verify", "underscore",
                            "stress", "emphasize", "emphasise", "reaffirm", "decry", "denounce", "deplore",
                            "lament", "chant", "shout", "concede", "criticize", "criticise"}
#: Nouns of saying whose that-clause is their owner's statement, with the cue they stand for.
SAYING_NOUNS = {"warning": "warn", "claim": "claim", "statement": "state", "accusation": "accuse", "denial": "deny",
                "assurance": "assure", "announcement": "announce", "allegation": "allege", "assertion": "assert",
                "insistence": "insist", "admission": "admit", "pledge": "pledge", "promise": "promise"}
#: Nouns that "put ... at" gives a figure for: "the Observatory put the toll at 58".
FIGURE_NOUNS = {"toll", "number", "figure", "count", "tally", "death"}
#: The cue of an outlet's own narration (a sentence that reports an event with no attribution).
NARRATION = "narration"

#: Cues of an outlet that passes on what another said ("... Interfax reported"), and the cues of
#: what it passes on: saying, not denying or accusing ("X said Y denied Z" is two statements).
RELAY_CUES = {"report"}
RELAYED_CUES = {"say", "tell", "add", "state", "according to", "quote", "report", "announce"}
#: Cues trusted by the surface fallback, when the parse finds no speaker or content.
SURFACE_CUES = {"say", "tell", "add", "report", "state", "announce", "confirm", "claim", "warn", "note",
                "explain", "stress", "deny", "insist", "reiterate", "emphasize", "emphasise", "estimate"}
#: Cues that need a content clause to count at all ("show", "point" are cues only with a clause).
CLAUSE_ONLY = {"point", "publish", "post", "suggest", "attribute"}
HEDGE_WORDS = {"may", "might", "could", "likely", "possibly", "probably", "perhaps", "unclear", "apparently"}
NEGATIONS = {"not", "n't", "never", "no"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}
ANONYMOUS_HEADS = {
    "activist", "source", "witness", "resident", "local", "official", "observer", "medic", "doctor",
    "rebel", "fighter", "opposition", "people", "someone", "journalist", "correspondent", "eyewitness",
}
ROLE_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "official", "minister", "head", "chief", "director",
    "commander", "envoy", "ambassador", "president", "leader", "activist", "member", "representative",
    "secretary", "general", "chairman", "coordinator", "officer", "adviser", "advisor", "correspondent",
    "reporter", "researcher", "analyst", "governor", "mayor", "deputy", "founder",
}
TITLE_WORDS = {
    "mr", "mrs", "ms", "dr", "major", "general", "lieutenant", "colonel", "col", "lt", "gen", "brig",
    "brigadier", "captain", "sheikh", "president", "minister", "prime", "foreign", "defence", "defense",
    "spokesman", "spokeswoman", "maj", "admiral", "rear", "vice", "sergeant", "first", "deputy",
}
# Verbs that name an event only through an event noun ("conducted air strikes").
LIGHT_VERBS = {"conduct", "carry", "launch", "deliver", "stage", "mount", "perform", "unleash", "wage"}
# Verbs that take the event of their subject ("the airstrikes hit ...").
CONTACT_VERBS = {"hit", "strike", "target", "destroy", "damage", "level", "raze", "pound"}
KILL_VERBS = {"kill", "die", "claim", "leave", "dead", "death"}
WOUND_WORDS = {"wound", "injure", "injured", "wounded", "hurt", "injury"}
PERSON_NOUNS = {
    "people", "person", "civilian", "child", "woman", "man", "fighter", "soldier", "member", "militant",
    "rebel", "resident", "victim", "worker", "student", "patient", "family", "troop", "staff", "life",
    "casualty", "body", "dead", "jihadist", "insurgent", "terrorist", "combatant",
}
AT_LEAST = {("at", "least"), ("more", "than"), ("over",), ("upwards", "of"), ("no", "fewer")}
ABOUT = {"about", "around", "nearly", "some", "approximately", "almost", "roughly", "estimated", "up"}
#: Figures that count combatants (a side's claim of enemies killed) are not an incident's toll.
COMBATANT_NOUNS = {"fighter", "soldier", "member", "militant", "rebel", "troop", "jihadist", "insurgent", "terrorist",
                   "combatant", "gunman", "mercenary", "militiaman", "extremist"}
#: Nouns of a part of the victims ("4 children among the dead"): not the incident's toll.
SUBGROUP_NOUNS = {"child", "woman", "man", "student", "worker", "patient", "family", "staff", "doctor", "nurse",
                  "journalist", "volunteer", "girl", "boy", "baby", "infant", "teacher", "medic"}
#: Verbs of what is not a casualty: "100,000 displaced", "20 arrested".
NOT_CASUALTY_VERBS = {"displace", "flee", "evacuate", "arrest", "detain", "rescue", "return", "kidnap", "abduct",
                      "release", "free", "trap", "besiege"}
#: A sentence with one of these gives a running total, not one incident's toll.
CUMULATIVE_MARKERS = (" since ", "so far", "in total", "a total of", "overall", "cumulative", "altogether",
                      "past week", "past month", "past year", "past two", "past three", "past few", "last month",
                      "this year", "this month", "years of", "the war began", "the conflict began", "the uprising",
                      "the start of", "the beginning of", "throughout", "per cent", "percent")
NOT_COUNT_ENTITIES = {"DATE", "TIME", "PERCENT", "MONEY", "ORDINAL", "QUANTITY"}
VAGUE_NUMBERS = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens": 20}
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
RESPONSIBILITY_NOUNS = {"accusation", "allegation", "responsibility", "culpability", "involvement", "role",
                        "blame", "charge", "complicity", "claim"}
#: "has long/repeatedly denied": a denial of a kind of accusation, not of one incident.
HABITUAL_WORDS = {"long", "repeatedly", "always", "consistently", "routinely", "often", "frequently", "previously"}
REPORT_NOUNS = {"report", "claim", "story", "news", "statement", "rumor", "rumour", "toll", "tally", "count",
                "figure", "estimate", "data", "information", "footage", "video", "letter", "communique"}
QUOTES_OPEN = "\"“‘«"
QUOTES_CLOSE = "\"”’»"
PLACE_ENTS = {"GPE", "LOC", "FAC", "ORG", "NORP"}


def _told_event(noun: Token, is_event_word: Callable[[Token], bool]) -> Token | None:
    """The event a report noun is of: "the reports of Wednesday's chemical weapons attack"."""
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in {"of", "about", "on"}):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if is_event_word(pobj):
                return pobj
    return None


def _town(token: Token) -> bool:
    """Whether a modifier names a town or region of the gazetteer ("Damascus car bomb": the bomb
    in Damascus, not by it); countries ("US strikes") are not."""
    return any(t.lower_ in _town_names() for t in token.subtree)


@lru_cache(maxsize=1)
def _town_names() -> frozenset[str]:
    from . import resources

    return frozenset(name for name, key in resources.place_names().items() if key != "syria")


def _bare(noun: Token) -> bool:
    """'the reports', 'these claims': a noun pointing back, with nothing of its own to say."""
    return all(c.dep_ in {"det", "predet", "amod", "poss", "punct"} for c in noun.children)


def extract(document: Document, event_words: Iterable[str] = ()) -> list[Statement]:
    """Find the attributed statements of one document, in text order."""
    from . import nlp

    return extract_doc(document, nlp.load()(document.text), event_words)


def extract_many(documents: Iterable[Document], event_words: Iterable[str] = (),
                 batch_size: int = 32) -> Iterator[tuple[Document, list[Statement]]]:
    """Like :func:`extract` for a stream of documents, through ``nlp.pipe``."""
    from . import nlp

    docs = list(documents) if not isinstance(documents, list) else documents
    words = frozenset(event_words)
    for document, doc in zip(docs, nlp.load().pipe((d.text for d in docs), batch_size=batch_size), strict=True):
        yield document, extract_doc(document, doc, words)


def extract_doc(document: Document, doc: Doc, event_words: Iterable[str] = ()) -> list[Statement]:
    """Statements of a parsed document; ``event_words`` are the lemmas that name events."""
    finder = _Finder(document, doc, frozenset(w.lower() for w in event_words))
    return finder.run()


class _Finder:
    def __init__(self, document: Document, doc: Doc, event_words: frozenset[str]) -> None:
        self.document = document
        self.doc = doc
        self.text = doc.text  # Doc.text and Doc.ents are rebuilt on every access
        self.ents = doc.ents
        self.event_words = event_words
        self.speakers_by_cue: dict[int, list[Mention]] = {}
        self.chained_speakers: dict[int, list[Mention]] = {}  # "X emphasized A and underscored B": B's cue → X
        self._phrase_start = 0  # first token of the speaker phrase _speaker_before found last
        self._bodies: dict[int, int] = {}  # sentence start → first token after page furniture
        self._names: frozenset[tuple[str, ...]] | None = None  # persons named in full (_person_names)

    # ------------------------------------------------------------ driver
    def run(self) -> list[Statement]:
        found: list[Statement] = []
        sentences = [sent for sent in self.doc.sents if sent.text.strip()]
        announced: Statement | None = None
        for k, sent in enumerate(sentences):
            statements = self._sentence(sent)
            if announced is not None and all(s.cue == NARRATION for s in statements):
                statements = self._announced(sent, announced) or statements
            announced = None
            ending = [t for t in sent if not (t.is_space or t.text in {".", ":"})]
            if ending and ending[-1].lower_ in {"that", "following"} and statements and statements[-1].cue != NARRATION:
                # "The source told Asharq Al-Awsat that. We have seen ...": the colon read as a stop;
                # the next sentence is what was said
                announced = statements[-1]
                statements = [s for s in statements if s.end < ending[-1].idx - 1 or s.cue != announced.cue]
            found.extend(statements)
            if k and statements:
                found.extend(self._quote_before(sentences[k - 1], statements) or self._long_quote_before(
                    sentences[max(0, k - 6) : k], statements))
        found.sort(key=lambda s: (s.start, s.speaker.start))
        return [_with_index(s, i) for i, s in enumerate(found)]

    def _sentence(self, sent: Span) -> list[Statement]:
        found: list[tuple[int, Statement]] = []  # (index of the cue token, statement)
        # Cues are visited head-first so that a participle ("noting") can take its head's speaker.
        cues = sorted((t for t in sent if self._is_cue(t)), key=_depth)
        redundant: set[int] = set()
        for cue in cues:
            statements = self._from_cue(cue, sent)
            outer = self.speakers_by_cue.get(cue.head.i, [])
            if cue.dep_ == "ccomp" and any(s.speaker.refers_to in outer for s in statements if s.speaker.refers_to):
                # "X noted that it did not think ...": the inner cue carries the stance.
                redundant.add(cue.head.i)
            found.extend((cue.i, s) for s in statements)
        for token in sent:
            if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
                found.extend((token.i, s) for s in self._according_to(token, sent))
            elif token.pos_ == "NOUN" and token.lemma_.lower() in SAYING_NOUNS:
                statement = self._saying_noun(token, sent)
                if statement is not None and not any(s.start < statement.end and statement.start < s.end for _, s in found):
                    found.append((token.i, statement))
        title_end = len(self.document.title) if self.document.text.startswith(self.document.title) else 0
        if title_end and not found and sent.start_char < title_end <= sent.end_char + 1:
            found.extend((sent.end, s) for s in self._headline(sent, title_end))
        elif title_end and found and sent.start_char < title_end < sent.end_char - 1:
            # "43 killed in shelling of rebel town Monitor AFP Sunday ... a monitoring group said":
            # the headline ran into the body's first sentence; each is a statement of its own
            headline = self._headline(sent, title_end)
            if headline:
                found = [(i, _cut_before(s, title_end, self.text)) for i, s in found]
                found.extend((sent.end, s) for s in headline)
        title = _without_page_name(self.document.title.strip())
        repeated = self.text.find(title, sent.start_char, sent.end_char + len(title)) \
            if title and sent.start_char >= title_end else -1
        if sent.start_char <= repeated < sent.end_char and len(title.split()) >= 4:
            # FA-KES bodies open with "Wed 19 Apr 2017 <the title>": the headline again (glued, with
            # the commas lost, to the body's first sentence: each is a statement of its own; or cut
            # in two by the parser at its colon: "21:09 Alabdah: / Deir Ezzor Subjected to ...")
            start = repeated
            end = start + len(title)
            if not found:
                found.extend((sent.end, s) for s in self._headline(sent, end, start))
            elif self.text[end : end + 1].isspace() and end < sent.end_char - 1:
                headline = self._headline(sent, end, start)
                if headline:
                    found = [(i, _cut_before(s, end, self.text)) for i, s in found]
                    found.extend((sent.end, s) for s in headline)
        if not found and sent.start_char >= title_end:
            found.extend((sent.end, s) for s in self._colon_attribution(sent, sent.text.strip(), sent.start_char,
                                                                          allow_left=False))
        if not found:
            found.extend((sent.end, s) for s in self._narration(sent))
        cues_at = [self.doc[i].idx for i, s in found if s.cue != "according to" and i < sent.end]
        if cues_at:
            # "X had said Y according to AFP": the agency relays X's statement, it makes none itself
            found = [(i, s) for i, s in found if s.cue != "according to"
                     or not any(s.start <= c < min(s.end, self.doc[i].idx) for c in cues_at)]
        # "Lavrov said ... Interfax news agency reported.", "According to sources ... CRUX reports.": the
        # outlet at the end relays a statement it names the speaker of; it makes none itself
        said_at = [self.doc[i].idx for i, s in found if s.cue in RELAYED_CUES and i < sent.end]
        found = [(i, s) for i, s in found if not (
            s.cue in RELAY_CUES and i < sent.end and s.end <= self.doc[i].idx
            and any(s.start <= c < s.end for c in said_at))]
        body = self._body_start(sent)
        if body > sent.start:
            # "Tags Syria Damascus Airstrikes At least 19 ...", "Sputnik Dmitriy Vinogradov Syrian
            # Airstrikes Kill Over 100 ... WASHINGTON (Sputnik) The coalition ...": page furniture
            # before the body: no speaker in it, no content from it
            cut = self.doc[body].idx if body < sent.end else sent.end_char
            found = [(i, _cut_before(s, cut, self.text)) for i, s in found
                     if s.cue == NARRATION or s.speaker.start >= cut or s.speaker.end <= sent.start_char]
        return [s for cue_index, s in found if cue_index not in redundant]

    def _body_start(self, sent: Span) -> int:
        """The first token of the sentence after page furniture at its head: a tag list ("Tags
        Syria Douma Airstrikes", to the first capitalized function word: "At least 19 ..."), or
        whatever precedes a dateline ("... in Hama Province WASHINGTON (Sputnik) The ...")."""
        if sent.start not in self._bodies:
            self._bodies[sent.start] = self._find_body_start(sent)
        return self._bodies[sent.start]

    def _find_body_start(self, sent: Span) -> int:
        first = self.doc[sent.start]
        if first.is_space and len(sent) > 1:
            first = self.doc[sent.start + 1]
        before = next((t for t in reversed(self.doc[max(0, sent.start - 3) : sent.start]) if not t.is_space), None)
        tagged = before is not None and _tags_word(before) and bool(before.is_sent_start)
        opener = first.lower_ in {"tags", "topics", "keywords", "related", "read", "see", "by", "photo", "photograph",
                                  "image", "picture", "file", "credit"}
        words = [t for t in sent[:80] if not t.is_space] if opener or tagged else [first]  # furniture heads a sentence
        if words and (_tags_word(words[0]) or tagged):
            # the tag list runs to the first capitalized function word or number: "... Airstrikes At least 19"
            return next((t.i for t in words[1:] if t.like_num or t.text[:1].isupper()
                         and t.pos_ in {"DET", "ADP", "ADV", "PRON", "SCONJ", "AUX", "NUM"}), sent.end)
        if len(words) > 2 and words[0].text[:1].isupper() and (words[0].lower_ == "related" or (
                words[0].lower_ in {"read", "see"} and words[1].lower_ in {"more", "also"})):
            # a related-article link: its title runs to the first capitalized determiner or pronoun
            return next((t.i for t in words[2:] if t.text[:1].isupper() and t.pos_ in {"DET", "PRON", "SCONJ"}), sent.end)
        if len(words) > 2 and words[0].text[:1].isupper() and words[0].lower_ in {"by", "photo", "photograph",
                                                                                   "image", "picture", "file", "credit"}:
            # a byline or a photo credit: "By Ahmed Hussein ...", "Photo AFP ...", "Photo by AFP ..."
            k = 1
            while k < len(words) and (words[k].lower_ in {"by", ":", "/", "-", "photo", "file"} or words[k].is_punct):
                k += 1
            credit = next((e for e in self.ents if e.start == words[k].i and e.label_ in {"PERSON", "ORG"}), None) \
                if k < len(words) else None
            if credit is not None and credit.end < sent.end:
                return credit.end
            if k + 1 < len(words) and words[k].is_upper and words[k].is_alpha:
                return words[k + 1].i  # "Photo AFP Rescue workers ..."
        if not _CAPITALS.search(self.text, sent.start_char, sent.end_char):
            return sent.start
        for t in sent[1:80]:
            if t.is_alpha and t.is_upper and t.ent_type_ == "GPE" and (
                    len(t) >= 5 or t.i + 1 < sent.end and self.doc[t.i + 1].text == "("):
                return t.i  # a dateline: "WASHINGTON (Sputnik)", "BEIRUT"
        return sent.start

    def _saying_noun(self, noun: Token, sent: Span) -> Statement | None:
        """"repeated warnings from the international community that such tactics fail ...": a noun
        of saying with its owner and a that-clause is the owner's statement."""
        clause = next((c for c in noun.children if c.dep_ in {"acl", "ccomp", "appos", "relcl"} and c.pos_ in {"VERB", "AUX"}
                       and c.left_edge.lower_ == "that" and _content_clause(c)), None)
        if clause is None:
            return None
        owner = None
        for child in noun.children:
            if child.dep_ in {"poss", "compound"} and _animate(child) and child.i < noun.i:
                owner = child
            elif child.dep_ == "prep" and child.lower_ in {"from", "by", "of"} and child.i < clause.i:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                owner = obj if obj is not None and _animate(obj) else owner
        mentions = self._mentions(owner) if owner is not None else []
        start, end = self._trim((clause.left_edge.i, clause.right_edge.i + 1))
        if not mentions or end <= start:
            return None
        while self.text[start:end].lower().startswith("that "):
            start += 5
        cue = SAYING_NOUNS[noun.lemma_.lower()]
        negated = _negated(clause)
        stance: Stance = "deny" if cue in DENY_CUES or negated else ("hedge" if _hedged(clause) else "assert")
        return Statement(
            doc_id=self.document.id, index=0, speaker=mentions[0], cue=cue, stance=stance, negated=negated,
            content=self.text[start:end], start=start, end=end, quote=self._quote_kind(start, end, sent),
            sentence=sent.text.strip(), sentence_start=sent.start_char,
            event=self._event(clause, clause, (clause.left_edge.i, clause.right_edge.i + 1)),
            context_places=self._places(sent, exclude=(start, end)),
        )

    def _narration(self, sent: Span) -> list[Statement]:
        """A sentence the outlet tells in its own voice that reports an event ("Air strikes killed
        12 civilians in Aleppo on Tuesday"): the outlet's statement, cue ``narration``."""
        text = sent.text.strip()
        if not text or text[0] in QUOTES_OPEN or any(t.lower_ in {"?", "if", "would", "could"} for t in sent):
            return []
        body = self._body_start(sent)
        root = sent.root if body == sent.start else (self._prefix_root(body, sent.end) or sent.root)
        start, end = self._trim((body, sent.end))
        event = self._event(root, root, (body, sent.end))
        if event is None or not event.trigger or end <= start:
            return []
        negated = _negated(root)
        speaker = Mention(text=self.document.outlet or "", start=sent.start_char, end=sent.start_char, kind="outlet")
        return [Statement(
            doc_id=self.document.id, index=0, speaker=speaker, cue=NARRATION,
            stance="deny" if negated else ("hedge" if _hedged(root) else "assert"), negated=negated,
            content=self.text[start:end], start=start, end=end, quote="indirect", sentence=text,
            sentence_start=sent.start_char, event=event, context_places=(),
        )]

    def _announced(self, sent: Span, announced: Statement) -> list[Statement]:
        """The sentence after "X told Y that." or "X said the following:": X's statement, quoted."""
        start, end = self._trim((sent.start, sent.end))
        if end <= start:
            return []
        root = sent.root
        negated = _negated(root)
        return [Statement(
            doc_id=self.document.id, index=0, speaker=announced.speaker, cue=announced.cue,
            stance="deny" if negated else ("hedge" if _hedged(root) else "assert"), negated=negated,
            content=self.text[start:end], start=start, end=end, quote="direct", sentence=sent.text.strip(),
            sentence_start=sent.start_char, channel=announced.channel,
            event=self._event(root, root, (sent.start, sent.end)), context_places=(),
        )]

    def _quote_before(self, previous: Span, statements: list[Statement]) -> list[Statement]:
        """'"It is very important. / Cutting the road matters" said Abdel Rahman.': a quote opened
        in the previous sentence and closed in this one is the same speaker's."""
        text = previous.text.strip()
        if not text or any(q in text for q in "”»") or text.count('"') + sum(text.count(q) for q in "“«") != 1:
            return []
        closing = [s for s in statements if any(q in self.text[s.sentence_start : s.end + 2] for q in QUOTES_CLOSE)]
        if not closing:
            return []
        source = closing[0]
        quoted = previous
        if text[0] not in QUOTES_OPEN:
            # 'The White Helmets (SyriaCivilDef) April 30 2017 "Rescue workers are buried ...': the quote
            # opens after page furniture (an embedded post)
            mark = previous.start_char + self.text[previous.start_char : previous.end_char].find(text.lstrip()[0])
            mark = self.text.index('"', mark) if '"' in text else min(
                self.text.find(q, mark) for q in "“«" if self.text.find(q, mark) >= 0)
            if not self.text[mark - 1 : mark].isspace() or not self.text[mark + 1 : mark + 2].isalnum():
                return []  # '... is located" Abdel Rahman said.': that mark closes a quote
            span = self.doc.char_span(mark + 1, previous.end_char, alignment_mode="expand")
            if span is None or len(span) < 3:
                return []
            quoted = span
        start, end = self._trim((quoted.start, quoted.end))  # without the opening mark and the stop
        previous = quoted
        root = previous.root
        negated = _negated(root)
        return [Statement(
            doc_id=self.document.id, index=0, speaker=source.speaker, cue=source.cue,
            stance="deny" if negated else ("hedge" if _hedged(root) else "assert"), negated=negated,
            content=self.text[start:end], start=start, end=end,
            quote="direct", sentence=text, sentence_start=previous.start_char,
            event=self._event(root, root, (previous.start, previous.end)), context_places=(),
        )]

    def _long_quote_before(self, previous: list[Span], statements: list[Statement]) -> list[Statement]:
        """'"The attack was repelled. / The forces destroyed 60 terrorists. / Several SUVs were put out
        of action" the military representative said.': a quote opened sentences before and closed in
        this one is the closing speaker's, one statement per sentence."""
        inside: list[Span] = []
        for sent in reversed(previous):
            segment = self.text[sent.start_char : sent.end_char]  # Span.text joins its tokens anew on every access
            if any(q in segment for q in QUOTES_OPEN + QUOTES_CLOSE):
                opened = self._quote_before(sent, statements)
                if not opened or not inside:
                    return []
                source = opened[0]
                return opened + [self._quoted(span, source) for span in reversed(inside)]
            inside.append(sent)
        return []

    def _quoted(self, sent: Span, source: Statement) -> Statement:
        """A whole sentence inside a quote, as the statement of the quote's speaker."""
        start, end = self._trim((sent.start, sent.end))
        root = sent.root
        negated = _negated(root)
        return Statement(
            doc_id=self.document.id, index=0, speaker=source.speaker, cue=source.cue,
            stance="deny" if negated else ("hedge" if _hedged(root) else "assert"), negated=negated,
            content=self.text[start:end], start=start, end=end, quote="direct", sentence=sent.text.strip(),
            sentence_start=sent.start_char, event=self._event(root, root, (sent.start, sent.end)), context_places=(),
        )

    def _colon_attribution(self, span: Span, sentence: str, sentence_start: int, *, allow_left: bool) -> list[Statement]:
        """"Alabdah: Deir Ezzor Subjected to Twofold Suffering" (speaker before the colon, headlines
        only), "Islamic State killed 270 in gas field battle: monitor" (speaker after it)."""
        end = span.end
        while end > span.start and (self.doc[end - 1].is_punct and self.doc[end - 1].text != ":" or self.doc[end - 1].is_space):
            end -= 1
        colons = [t for t in self.doc[span.start : end] if t.text == ":"]
        if len(colons) != 1:
            return []
        colon = colons[0]
        left, right = self.doc[span.start : colon.i], self.doc[colon.i + 1 : end]
        if allow_left and len(left) <= 5 and len(right) >= 3:
            speaker, said = left, right
        elif 1 <= len(right) <= 4 and len(left) >= 3:
            speaker, said = right, left
        else:
            return []
        named = _animate(speaker.root) or (speaker.root.text[:1].isupper() and speaker.root.pos_ in {"NOUN", "PROPN"})
        mention = self._mention(speaker.root) if named else None
        content = self._trim((said.start, said.end))
        if mention is None or content[1] <= content[0]:
            return []
        return [Statement(
            doc_id=self.document.id, index=0, speaker=mention, cue="say",
            stance="hedge" if _hedged(said.root) else "assert", negated=False,
            content=self.text[content[0] : content[1]], start=content[0], end=content[1], quote="indirect",
            sentence=sentence, sentence_start=sentence_start,
            event=self._event(said.root, said.root, (said.start, said.end)), context_places=(),
        )]

    def _headline(self, last: Span, title_end: int, title_start: int = 0) -> list[Statement]:
        """"Gas attack in Idlib kills at least 58: Observatory" with the colon lost: a headline that
        ends in a speaker (a person or organization, or a noun such as monitor, activists, media)
        after a clause with a verb is that speaker's statement. The headline is the characters
        [title_start, title_end): the title, or its repetition at the head of the body."""
        title_end = title_start + len(_without_page_name(self.text[title_start:title_end]))
        title = self.doc.char_span(title_start, title_end, alignment_mode="contract")
        if title is None or len(title) < 4:
            return []
        sentence_text = last.text.strip() if title_start else self.text[:title_end].strip()
        sentence_start = last.start_char if title_start else 0
        colon = self._colon_attribution(title, sentence_text, sentence_start, allow_left=True)
        if colon:
            return colon
        titled = self._title_case_cue(title, sentence_text, sentence_start)
        if titled:
            return titled
        phrase = self._phrase_before(title.end, title.start)
        if phrase is None:
            return []
        start, head = phrase
        if start > title.start and self.doc[start - 1].pos_ == "ADP" and head.pos_ == "NOUN" and head.i > start \
                and self.doc[head.i - 1].pos_ in {"NOUN", "PROPN"}:
            start = head.i  # "... killed in jihadist advance monitor": the last noun alone
        reports = head.text in {"Reports", "Report"} and head.i == title.end - 1
        if reports:
            start = head.i  # "Double Terrorist Attack in Homs Kills 18 Including 10 Children Reports": "reports say"
        before = self.doc[start - 1] if start > title.start else None
        clause = self.doc[title.start : start]
        speaker_like = reports or head.ent_type_ in {"PERSON", "ORG"} or _animate(head) and (
            head.lemma_.lower() in AGENT_NOUNS or head.lower_ in AGENT_NOUNS)  # "media" (lemma "medium")
        victims = not reports and (before is not None and before.like_num or head.i > start and self.doc[start].like_num) \
            and head.tag_ in {"NNS", "NNPS"}  # "... kill eight White Helmets activists": the dead
        if before is None or before.pos_ in {"ADP", "DET", "CCONJ", "SCONJ", "PART"} or victims or not speaker_like \
                or head.ent_type_ in {"GPE", "LOC", "NORP", "DATE"} or len(clause) < 3 \
                or not any(t.pos_ == "VERB" or t.lemma_.lower() in self.event_words for t in clause):
            return []
        mention = self._mention(head)
        if mention is None:
            return []
        last = self.doc[title.end - 1]
        if mention.end > last.idx + len(last.text) or mention.start < self.doc[start].idx:
            # "... in jihadist advance Monitor AFP Saturday": the speaker ends with the headline
            first = self.doc[start]
            mention = Mention(text=self.text[first.idx : last.idx + len(last.text)], start=first.idx,
                              end=last.idx + len(last.text), kind="nominal", ent_type="")
        root = self._prefix_root(title.start, start) or clause.root
        span = self._trim((title.start, start))
        if span[1] <= span[0]:
            return []
        stance, negated = ("deny", True) if _negated(root) else ("assert", False)
        return [Statement(
            doc_id=self.document.id, index=0, speaker=mention, cue="say", stance=stance, negated=negated,
            content=self.text[span[0] : span[1]], start=span[0], end=span[1], quote="indirect",
            sentence=sentence_text, sentence_start=sentence_start,
            event=self._event(root, root, (title.start, start)), context_places=(),
        )]

    def _title_case_cue(self, title: Span, sentence: str, sentence_start: int) -> list[Statement]:
        """"Syrian Coalition Decries the US-led Alliances Silence over Al Raqqa Massacre": in a headline
        in title case the tagger takes the verb for a name; a capitalized cue in the third person
        ("Decries", "Denies", "Urges", "Calls on") between a speaker and a content."""
        words = [t for t in title if t.is_alpha and not t.is_stop and not (t.i and self.doc[t.i - 1].text == "-")]
        if len(words) < 4 or sum(t.text[:1].isupper() for t in words) < 0.8 * len(words):
            return []
        for verb in title[1:-2]:
            lemma = _third_person_lemma(verb.text)
            if lemma is None or verb.tag_ not in {"NNP", "NNPS", "VBZ", "NNS"}:
                continue
            speaker = [t for t in self.doc[title.start : verb.i] if t.pos_ not in {"DET", "PUNCT", "SPACE"}]
            start = verb.i + 1
            while start < title.end and (lemma == "call" and self.doc[start].lower_ in {"on", "for", "upon"}
                                         or self.doc[start].lower_ == "that"):
                start += 1
            if lemma == "call" and start == verb.i + 1:
                return []  # "Calls" without "on" or "for": naming, not a demand
            content = self._trim((start, title.end))
            if not speaker or len(speaker) > 5 or not _animate(speaker[-1]) or content[1] - content[0] < 8:
                return []
            first, last = speaker[0], speaker[-1]
            mention = Mention(text=self.text[first.idx : last.idx + len(last.text)], start=first.idx,
                              end=last.idx + len(last.text), kind="name",
                              ent_type=next((t.ent_type_ for t in speaker if t.ent_type_), ""))
            root = self._prefix_root(start, title.end) or self.doc[start]
            stance: Stance = "deny" if lemma in DENY_CUES else ("hedge" if lemma in HEDGE_CUES else "assert")
            return [Statement(
                doc_id=self.document.id, index=0, speaker=mention, cue=lemma, stance=stance, negated=False,
                content=self.text[content[0] : content[1]], start=content[0], end=content[1], quote="indirect",
                sentence=sentence, sentence_start=sentence_start,
                event=self._event(root, root, (start, title.end)), context_places=(),
            )]
        return []

    def _is_cue(self, token: Token) -> bool:
        if token.pos_ == "VERB" and _phrasal_cue(token):
            return True  # "make clear", "speak out"
        if token.pos_ == "ADJ" and token.lower_ in ADJECTIVE_CUES:
            # "lawmakers who are worried that a strike could ...": a state of mind with a that-clause
            return token.dep_ == "acomp" and any(c.dep_ == "ccomp" and c.left_edge.lower_ not in WH_WORDS
                                                 for c in token.children)
        if token.pos_ not in {"VERB", "AUX"} or token.lemma_.lower() not in CUES:
            return False
        if token.lemma_.lower() == "ask":
            # "asked Congress to approve air strikes": a request; "asked whether ...": a question, no claim
            return any(c.dep_ in {"xcomp", "ccomp"} and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)
                       for c in token.children)
        if token.lemma_.lower() == "call":
            # "called on X to ...", "called for ...": a demand; "what it called X": naming, not saying.
            return any(c.dep_ == "prep" and c.lower_ in {"on", "for", "upon"} for c in token.children) or (
                token.tag_ == "VBG" and _characterized(token) is not None)  # "..., calling them a violation"
        return True

    # ------------------------------------------------------------ verb cues
    def _from_cue(self, cue: Token, sent: Span) -> list[Statement]:
        lemma = cue.lemma_.lower()
        if any(c.dep_ == "neg" for c in cue.children) and lemma not in HEDGE_CUES:
            return []  # "did not say what agent was used": no claim
        if any(c.dep_ == "aux" and c.lower_ in {"will", "would", "shall", "'ll"} for c in cue.children):
            return []  # "will announce", "it would demand proof of ...": speech to come, not made (GUIDELINE.md)
        if (cue.dep_ == "acl" and cue.tag_ == "VBN" and cue.head.i == cue.i - 1 and not self._final_speaker(cue)
                and self._second_subject(cue) is None
                and not any(c.dep_ in {"dobj", "ccomp", "dative"} for c in cue.children)) or (any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children)
                                                         and not self._is_cue(cue.head) and cue.head.pos_ in {"ADJ", "AUX"}):
            return []  # "fighters accused of atrocities", "it was not possible to verify"
        if cue.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children):
            return []  # "we were coming here to document this bombing": a purpose, not a saying
        if lemma == "claim" and any(c.dep_ == "dobj" and c.lemma_.lower() in {"life", "lives"} for c in cue.children):
            return []  # "the attack claimed the lives of 18": not a claim
        lemma = _phrasal_cue(cue) or lemma
        found = self._attribution(cue) or self._surface_attribution(cue)
        if found is None:
            return []
        speakers, content_root, content_span = found
        for token in self.doc[content_span[0] : content_span[1]]:
            # "... the city, which SOHR said had killed 23": that relative clause is SOHR's statement.
            if token.dep_ == "relcl" and token.i > content_root.i and any(self._is_cue(t) for t in token.subtree):
                content_span = (content_span[0], token.left_edge.i)
                break
        chained = self._chained_cue(content_root, content_span)
        if chained is not None:
            # "Russia has emphasized that A and made clear B", "the secretary emphasized A and
            # underscored B": the second cue is the same speaker's next statement, not part of A
            content_span = (content_span[0], chained.i - 1)
            self.chained_speakers[chained.i] = speakers
        if lemma in CLAUSE_ONLY and content_root.pos_ not in {"VERB", "AUX"}:
            return []
        start, end = self._trim(content_span)
        if end <= start or self.text[start:end].lower() in PRONOUNS | {"so", "this", "that"}:
            return []
        self.speakers_by_cue[cue.i] = speakers
        stance, negated = self._stance(cue, content_root)
        event = None if self._is_report_of_report(content_root) else self._event(cue, content_root, content_span)
        channel = self._channel(cue)
        return [
            Statement(
                doc_id=self.document.id,
                index=0,
                speaker=mention,
                cue=lemma,
                stance=stance,
                negated=negated,
                content=self.text[start:end],
                start=start,
                end=end,
                quote=self._quote_kind(start, end, sent),
                sentence=sent.text.strip(),
                sentence_start=sent.start_char,
                channel=channel,
                event=event,
                context_places=self._places(sent, exclude=(start, end)),
            )
            for mention in speakers
        ]

    def _attribution(self, cue: Token) -> tuple[list[Mention], Token, tuple[int, int]] | None:
        """Speakers, content head and content range of a cue, trying in turn: the subject before
        the cue; a speaker after it ("... said the Observatory"); a noun phrase ending right before a
        sentence-final cue with no subject ("... on Tuesday a war monitor said."); the speaker of
        the cue this one hangs from ("..., adding that ...")."""
        second = self._second_subject(cue)
        if second is not None:
            mentions = self._mentions(cue.head)
            if mentions:
                return mentions, cue.head.head, (second.left_edge.i, cue.head.head.right_edge.i + 1)
        if cue.i in self.chained_speakers:
            content_root, content_span = self._content(cue)
            if content_root is not None and content_span is not None:
                return self.chained_speakers[cue.i], content_root, content_span
        subject = _subject(cue)
        if cue.pos_ == "ADJ":  # "X is worried that ...": the copula's subject; "who" is its antecedent
            subject = next((c for c in cue.head.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lower_ in {"who", "that"} and cue.head.dep_ == "relcl":
                subject = cue.head.head
        participle = cue.tag_ == "VBG" and not any(c.dep_ in {"aux", "auxpass"} for c in cue.children)
        if participle and subject is not None and subject.i < cue.i and cue.head.i < subject.i \
                and cue.head.pos_ == "VERB" and not any(c.dep_ in {"dobj", "obj"} for c in cue.head.children) \
                and self._described_person(subject) is None:
            # "forces had surrounded Bani Zeid reporting heavy air strikes" (commas lost): the
            # noun is the object of "surrounded", not the subject of "reporting"
            subject = None
        quoted = self._quoting(cue, subject)
        if quoted is not None:
            # "SANA quoting a military source said that ...": the source speaks, SANA relays
            content_root, content_span = self._content(cue)
            mentions = self._mentions(quoted)
            if content_root is not None and content_span is not None and mentions:
                return mentions, content_root, content_span
        after = self._speaker_after(cue)
        victims = subject is not None and any(c.dep_ == "nummod" for c in subject.children)
        if after is not None and (subject is None or subject.i > cue.i or not _animate(subject) or victims):
            mentions = self._mentions(after)
            clause = next((c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i), None)
            if mentions:
                root = clause if clause is not None else self._prefix_root(cue.sent.start, cue.i)
                if root is not None:
                    return mentions, root, (min(cue.sent.start, root.left_edge.i), cue.i)
        if subject is None or not _animate(subject):
            before = self._speaker_before(cue)
            mentions = [m for m in (self._mention(t) for t in before) if m is not None]
            if mentions:
                end = self._phrase_start  # where the first speaker's phrase begins
                root = self._prefix_root(cue.sent.start, end)
                title = root is not None and root.pos_ in {"NOUN", "PROPN"} and root.lemma_.lower() in ROLE_NOUNS
                if root is not None and end - cue.sent.start >= 3 and not title:
                    # ("Director of Levant Institute Sami Nader said.": his title, not what he said)
                    return mentions, root, (cue.sent.start, end)
        passive = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
        by = next((c for c in cue.children if c.dep_ == "agent"), None)
        by_obj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        if passive is not None and by_obj is not None and _animate(by_obj) and cue.lemma_.lower() not in {"quote", "cite"}:
            # "The news of the killings was reported by Archimandrite Emanuel Youkhana to ..."
            mentions = self._mentions(by_obj)
            if mentions:
                return mentions, passive, (passive.left_edge.i, passive.right_edge.i + 1)
        content_root, content_span = self._content(cue)
        if (content_root is None or content_span is None) and subject is not None and subject.i < cue.i \
                and _animate(subject) and self._final(cue):
            # "... at least 45 dead a local source told Sputnik.": the content is everything before
            end = subject.left_edge.i
            content_root = self._prefix_root(cue.sent.start, end)
            if content_root is not None and content_root.head.i == cue.i and content_root.dep_ == "nsubj":
                content_root = None  # "Director of Levant Institute (LISA) Sami Nader said.": his title
            content_span = (cue.sent.start, end) if content_root is not None and end - cue.sent.start >= 3 else None
        if content_root is None or content_span is None:
            return None
        if subject is not None and subject.lower_ in {"who", "which", "that"} and cue.dep_ == "relcl" \
                and cue.head.pos_ in {"NOUN", "PROPN"} and _animate(cue.head):
            subject = cue.head  # "according to SANA reporter who said that ...": the relative's antecedent
        if subject is not None:
            if subject.lower_ in {"which", "that", "who", "what"} or not _animate(subject):
                owner = self._statement_owner(subject)
                if owner is None and subject.lemma_.lower() not in {"statement", "report", "letter", "communique", "bulletin"}:
                    return None
                if owner is None and subject.tag_ == "NNS" and cue.dep_ == "ccomp" and self._is_cue(cue.head):
                    return None  # "Lavrov said the reports indicate that ...": his claim about nobody's reports
                subject = owner or subject  # "the letter said": resolved from the document
            mentions = self._mentions(subject)
            return (mentions, content_root, content_span) if mentions else None
        head = cue.head
        if cue.dep_ in {"advcl", "conj", "xcomp"} and head.i in self.speakers_by_cue:
            return self.speakers_by_cue[head.i], content_root, content_span
        if cue.dep_ == "conj":
            # "Activists mourned him online and said ...": coordinated predicates share the subject
            doer = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if doer is not None and _animate(doer):
                mentions = self._mentions(doer)
                if mentions:
                    return mentions, content_root, content_span
        if cue.tag_ == "VBG" and (cue.dep_ in {"advcl", "xcomp", "conj", "acl"} or participle and cue.dep_ == "ccomp"):
            # "He said forces had surrounded Bani Zeid reporting heavy air strikes": the participle
            # belongs to the nearest cue above it; "The Observatory put the toll at 58 saying ...":
            # failing that, to the subject of the clause it hangs from
            if cue.dep_ == "acl" and cue.head.pos_ in {"NOUN", "PROPN"}:
                # "the army urging residents to ...", "a call from the military urging residents to ..."
                doer = cue.head if _animate(cue.head) else self._statement_owner(cue.head)
                mentions = self._mentions(doer) if doer is not None else []
                if mentions:
                    return mentions, content_root, content_span
                if cue.head.tag_ == "NNS" and cue.head.lemma_.lower() in {"report", "claim", "suggestion", "allegation",
                                                                       "rumour", "rumor", "story"}:
                    return None  # "seeking clarity on reports suggesting that ...": nobody's in particular
            ancestor = cue.head
            while ancestor.i != ancestor.head.i and ancestor.i not in self.speakers_by_cue:
                ancestor = ancestor.head
            if ancestor.i in self.speakers_by_cue:
                return self.speakers_by_cue[ancestor.i], content_root, content_span
            clause = cue.head
            while clause.pos_ not in {"VERB", "AUX"} and clause.i != clause.head.i:
                clause = clause.head
            doer = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if doer is not None and _animate(doer):
                mentions = self._mentions(doer)
                if mentions:
                    return mentions, content_root, content_span
        governor = cue.head.head if cue.head.pos_ in {"ADP", "SCONJ"} else cue.head  # "by saying", "since calling for"
        while governor.dep_ == "xcomp" and governor.head.i != governor.i and not any(
                c.dep_ == "nsubj" for c in governor.children):
            governor = governor.head  # "Russia hastened to back up denials by saying ..."
        if cue.dep_ in {"pcomp", "advcl", "xcomp"} and governor.i != cue.i:
            # "The source went on by saying that ...", "X tried to explain that ..."
            doer = next((c for c in governor.children if c.dep_ == "nsubj"), None)
            victim = governor.lemma_.lower() in VICTIM_VERBS or any(c.dep_ == "auxpass" for c in governor.children)
            if doer is not None and _animate(doer) and governor.lemma_.lower() not in {"quote", "cite"} and not victim:
                # ("A man woman and child died of suffocation and the source added": not the dead)
                mentions = self._mentions(doer)
                if mentions:
                    return mentions, content_root, content_span
        quoted = self._quoted_speaker(cue)
        if quoted is not None:
            mentions = self._mentions(quoted)
            return (mentions, content_root, content_span) if mentions else None
        return None

    def _chained_cue(self, content_root: Token, span: tuple[int, int]) -> Token | None:
        """A cue verb coordinated inside a content with "and", with no subject of its own and in a
        finite or perfect form: "(emphasized that rebels must abide by it) and made clear ..."."""
        for token in self.doc[content_root.i + 1 : span[1]]:
            if token.lemma_.lower() in CUES and token.pos_ == "VERB" and self.doc[token.i - 1].lower_ != "and":
                return None  # "whilst a source did not deny that ... and said ...": the later cue is that one's
            if token.dep_ == "conj" and token.pos_ == "VERB" and token.tag_ in {"VBD", "VBN", "VBZ"} \
                    and self.doc[token.i - 1].lower_ == "and" and token.i - 1 > span[0] + 2 and self._is_cue(token) \
                    and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children) \
                    and token.head.dep_ not in {"acl", "amod", "relcl"} \
                    and not (self._is_cue(token.head) and any(c.dep_ == "nsubj" for c in token.head.children)):
                # (not "systems known and documented to be ...", nor "a source did not deny ... and
                # said ...": that cue shares the subject of the one it is coordinated with)
                return token
        return None

    @staticmethod
    def _quoting(cue: Token, subject: Token | None) -> Token | None:
        """The one quoted by a "quoting X" attached to the cue or to its subject."""
        holders = [cue] + ([subject] if subject is not None else [])
        for holder in holders:
            for child in holder.children:
                if child.lemma_.lower() == "quote" and child.tag_ == "VBG" and child.dep_ in {"acl", "advcl", "xcomp"}:
                    quoted = next((c for c in child.children if c.dep_ == "dobj"), None)
                    if quoted is not None and _animate(quoted):
                        return quoted
        return None

    def _quoted_speaker(self, cue: Token) -> Token | None:
        """"state TV quoted a military source as saying ...", "X was quoted as saying ...": the
        speaker of "saying" is the one quoted; the quoting outlet is only the channel."""
        if cue.dep_ not in {"pcomp", "advcl", "xcomp"}:
            return None
        head = cue.head
        if head.lower_ == "as" and head.head.i != head.i:
            head = head.head
        if head.lemma_.lower() not in {"quote", "cite"}:
            return None
        return next((c for c in head.children if c.dep_ in {"dobj", "nsubjpass"} and _animate(c)), None)

    def _surface_attribution(self, cue: Token) -> tuple[list[Mention], Token, tuple[int, int]] | None:
        """When the parse gives nothing (run-on sentences without commas): the speaker is the noun
        phrase right before the cue, the content what follows it to the end of the sentence."""
        if cue.lemma_.lower() not in SURFACE_CUES:
            return None
        phrase = self._phrase_before(cue.i, cue.sent.start)
        if phrase is None or not _animate(phrase[1]):
            return None
        mention = self._mention(phrase[1])
        rest = [t for t in self.doc[cue.i + 1 : cue.sent.end] if not (t.is_punct or t.is_space)]
        if rest and all(t.dep_ in {"prep", "pobj", "advmod", "npadvmod", "det", "amod", "compound"} for t in rest):
            # "... in Deir Ezzor SANA news agency reported on Tuesday.": the content is before
            end = phrase[0]
            root = self._prefix_root(cue.sent.start, end)
            if mention is None or root is None or end - cue.sent.start < 3:
                return None
            return [mention], root, (cue.sent.start, end)
        start = cue.i + 1
        while start < cue.sent.end and (self.doc[start].lower_ == "that" or self.doc[start].dep_ in {"prt"}
                                        or (cue.lemma_.lower() == "tell" and self.doc[start].pos_ in {"PROPN", "NOUN", "DET", "PRON"}
                                            and self.doc[start].lower_ != "that" and start - cue.i <= 3)):
            start += 1
        end = cue.sent.end
        if mention is None or end - start < 3:
            return None
        root = next((t for t in self.doc[start:end] if t.pos_ in {"VERB", "AUX"}), self.doc[start])
        return [mention], root, (start, end)

    def _speaker_after(self, cue: Token) -> Token | None:
        """"... said the Observatory", "said Mounzer Khalil head of ...": the noun right after the cue."""
        if cue.lemma_.lower() not in {"say", "add", "report", "state", "note", "explain", "write", "announce",
                                      "claim", "confirm", "stress", "declare", "estimate"}:
            return None
        nxt = cue.i + 1
        while nxt < cue.sent.end and self.doc[nxt].pos_ in {"DET"}:
            nxt += 1
        if nxt >= cue.sent.end:
            return None
        token = self.doc[nxt]
        head = token
        while head.dep_ in {"compound", "amod", "nmod", "poss"} and head.head.i > head.i and head.head.i < cue.sent.end:
            head = head.head
        if head.i < cue.i or head.pos_ not in {"PROPN", "NOUN", "PRON"} or not _animate(head):
            return None
        person = next((e for e in self.ents if e.label_ == "PERSON" and nxt <= e.start <= nxt + 8
                       and e.end <= cue.sent.end and all(t.pos_ in {"PROPN", "NOUN", "ADJ", "DET", "PART", "PUNCT", "VERB"}
                                                        for t in self.doc[nxt : e.start])), None)
        if person is not None:
            return person.root  # "said the Britain-based groups director Rami Abdel Rahman"
        if head.dep_ in {"nsubj", "nsubjpass"} and head.head.i > head.i and head.head.pos_ in {"VERB", "AUX"} \
                and head.head.tag_ != "VBG":
            return None  # "The military media arm said Daesh attacked ...": the subject of what was said
        if head.pos_ == "PRON" and (head.lower_ not in {"he", "she", "they", "it"} or (
                head.i + 1 < cue.sent.end and not self.doc[head.i + 1].is_punct)):
            return None  # "said he was killed": the pronoun is the complement's subject
        return head

    @staticmethod
    def _second_subject(cue: Token) -> Token | None:
        """"The US-led coalition reported earlier on Friday it had conducted nine airstrikes": a
        participle the parser hung on the subject noun of a verb that has a subject of its own
        after it; the noun is the cue's speaker, that subject opens the content."""
        noun, verb = cue.head, cue.head.head
        if cue.dep_ != "acl" or cue.lemma_.lower() not in SURFACE_CUES or noun.dep_ != "nsubj" \
                or noun.pos_ not in {"NOUN", "PROPN"} or not _animate(noun):
            return None
        return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i > cue.i), None)

    def _final_speaker(self, cue: Token) -> bool:
        """"... bombs that landed on eastern Ghouta the observatory reported on Thursday.": a participle
        the parser hung on the noun before it ("fighters accused of atrocities") that is a sentence's
        final cue after its speaker."""
        head = cue.head
        return cue.lemma_.lower() in SURFACE_CUES and head.pos_ in {"NOUN", "PROPN"} and _animate(head) \
            and head.left_edge.i - cue.sent.start >= 3 and not any(c.dep_ == "agent" for c in cue.children) \
            and self._final(cue)

    def _final(self, cue: Token) -> bool:
        """Nothing but adverbials (and, for "tell", the addressee) follows the cue."""
        if cue.head.i > cue.i and cue.dep_ in {"amod", "compound"}:
            return False  # "fighters in the east urging rebels to ...": it modifies what follows
        allowed = {"prep", "pobj", "npadvmod", "advmod", "det", "compound", "amod", "advcl", "punct", "dep"}
        if cue.lemma_.lower() == "tell":
            allowed |= {"dobj", "dative", "iobj"}  # "... a source told SANA late on Tuesday."
        return not any(not (t.is_punct or t.is_space) and t.dep_ not in allowed for t in cue.rights)

    def _speaker_before(self, cue: Token) -> list[Token]:
        """Heads of the coordinated noun phrases that end right before a sentence-final cue."""
        sent = cue.sent
        if not self._final(cue):
            return []
        heads: list[Token] = []
        position = cue.i
        while True:
            phrase = self._phrase_before(position, sent.start)
            if phrase is None:
                break
            start, root = phrase
            prev = self.doc[start - 1] if start > sent.start else None
            place = root.ent_type_ in {"GPE", "LOC", "FAC"} or root.lemma_.lower() in PLACE_NOUNS
            if not heads and prev is not None and prev.lower_ in {"in", "of", "at", "from", "on", "with", "within"} \
                    and prev.dep_ == "prep":
                earlier = self._phrase_before(prev.i, sent.start)
                if place or (earlier is not None and _animate(earlier[1]) and earlier[1].pos_ == "NOUN"):
                    # "medical workers in the rebel-held area", "a source at Aleppo Police Command":
                    # the place or the affiliation follows the speaker
                    position = prev.i
                    continue
            while root.dep_ == "pobj" and root.head.lower_ in {"of", "for"} and root.head.head.i < root.i \
                    and root.head.head.i >= sent.start and root.head.head.pos_ in {"NOUN", "PROPN"}:
                root = root.head.head  # "the Russian center for reconciliation of the warring parties"
            if root.lemma_.lower() not in INSTITUTION_NOUNS:
                root = phrase[1]
            else:
                start = root.left_edge.i
            if not _animate(root):
                break
            heads.insert(0, root)
            self._phrase_start = start
            if prev is None or prev.lower_ not in {"and", ","}:
                break
            position = prev.i
        return heads

    def _phrase_before(self, end: int, floor: int) -> tuple[int, Token] | None:
        """The noun phrase ending right before token ``end``: (its first token, its head)."""
        i = end - 1
        while i >= floor and (self.doc[i].is_space or (self.doc[i].dep_ == "advmod" and self.doc[i].pos_ == "ADV")):
            i -= 1  # "... John Kerry reportedly told"
        if i < floor or self.doc[i].pos_ not in {"NOUN", "PROPN"}:
            return None
        head = self.doc[i]
        start = i
        while start - 1 >= floor:
            t = self.doc[start - 1]
            if t.pos_ not in {"DET", "ADJ", "NOUN", "PROPN", "PART"} and t.text != "-" and \
                    t.dep_ not in {"amod", "npadvmod", "compound", "poss", "nmod"}:
                break  # ("rebel-held", "Britain-based" are kept)
            if not (start - 1 < t.head.i <= i) and t.text != "-":
                break  # "on Tuesday a war monitor": Tuesday belongs to another phrase
            start -= 1
            if t.pos_ == "DET":
                break
        while start - 2 >= floor and self.doc[start - 1].lower_ in {"for", "of"} and head.pos_ == "PROPN" \
                and self.doc[start - 2].pos_ == "PROPN":
            # "Syrian Observatory for Human Rights", "Ministry of Defence": a name across "for"/"of"
            start -= 2
            while start - 1 >= floor and self.doc[start - 1].pos_ in {"PROPN", "ADJ"} and self.doc[start - 1].text[:1].isupper():
                start -= 1
            if start - 1 >= floor and self.doc[start - 1].pos_ == "DET":
                start -= 1
            head = self.doc[start] if self.doc[start].pos_ == "PROPN" else head
            head = max((t for t in self.doc[start : i + 1] if t.pos_ == "PROPN" and t.head.i not in range(start, i + 1)),
                       key=lambda t: t.i, default=head)
        entity = next((e for e in self.ents if e.start <= head.i < e.end <= end and e.label_ in {"ORG", "PERSON", "GPE", "NORP"}), None)
        if entity is not None:
            # "the Syrian Observatory for Human Rights" (the chunk stops at "for"); "village of
            # Tokhar Amnesty International" (the place is not part of the speaker)
            start, head = entity.start, entity.root
        return start, head

    def _prefix_root(self, start: int, end: int) -> Token | None:
        """The token of [start, end) whose head lies outside it: the root of that stretch."""
        for token in self.doc[start:end]:
            outside = token.head.i == token.i or not (start <= token.head.i < end)
            if outside and token.pos_ in {"VERB", "AUX", "NOUN", "PROPN"}:
                return token
        return None

    def _statement_owner(self, subject: Token) -> Token | None:
        """"the ministrys statement said", "a SANA report said": whose statement it is."""
        if subject.lemma_.lower() not in REPORT_NOUNS | {"communique", "bulletin", "announcement", "call", "appeal",
                                                         "message", "warning", "plea"}:
            return None
        for child in subject.children:
            if child.dep_ in {"poss", "compound", "nmod"} and _animate(child):
                return child
            if child.dep_ == "prep" and child.lower_ in {"by", "from", "of"}:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and _animate(obj):
                    return obj
        return None

    def _content(self, cue: Token) -> tuple[Token | None, tuple[int, int] | None]:
        """The head of what the cue reports, and its token range [left, right)."""
        lemma = cue.lemma_.lower()
        children = list(cue.children)
        clause = next((c for c in children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ in {"VERB", "AUX", "ADJ", "NOUN"}), None)
        if _phrasal_cue(cue) == "make clear":
            # "made clear it would demand proof", "made it clear that ...": the clause, not "clear"
            clear = next(c for c in children if c.lower_ == "clear")
            clause = next((c for c in [*children, *clear.children] if c.dep_ in {"ccomp", "xcomp"} and c.lower_ != "clear"
                           and c.pos_ in {"VERB", "AUX"}), None)
        obj = next((c for c in children if c.dep_ in {"dobj", "obj"}), None)
        if clause is None and not any(c.dep_ == "cc" for c in children):
            # "denied its planes had struck Idlib" misparsed as two coordinated verbs with no "and"
            clause = next((c for c in children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > cue.i
                           and not any(d.dep_ in {"nsubj", "nsubjpass"} for d in c.children)), None)
        if clause is None and obj is None:
            inverted = self._inverted_content(cue)
            if inverted is not None:
                return inverted
        if lemma in {"inform", "notify", "brief", "warn", "tell"} and clause is None:
            # "have informed it of 13 alleged attacks", "warned residents of an offensive": what of
            of = next((c for c in children if c.dep_ == "prep" and c.lower_ in {"of", "about"}), None)
            pobj = next((c for c in of.children if c.dep_ in {"pobj", "pcomp"}), None) if of is not None else None
            if pobj is not None:
                return pobj, (of.i + 1, of.right_edge.i + 1)
        if lemma in {"accuse", "blame", "charge", "criticize", "criticise"} and obj is not None:
            of = next((c for c in children if c.dep_ == "prep" and c.lower_ in {"of", "for"}), None)
            if of is not None:
                right = max(t.i for t in of.subtree)
                return of, (obj.left_edge.i, right + 1)
        if _phrasal_cue(cue) == "put":
            figure = next(c for c in children if c.dep_ == "dobj")
            at = next(c for c in children if c.dep_ == "prep" and c.lower_ == "at")
            return figure, (figure.left_edge.i, max(at.right_edge.i, figure.right_edge.i) + 1)
        if _phrasal_cue(cue) == "speak out":
            against = next((c for c in children if c.dep_ == "prep"), None)
            if against is not None:
                return against, (against.i + 1, against.right_edge.i + 1)
        if lemma == "call" and _characterized(cue) is not None:
            what, called = _characterized(cue)  # type: ignore[misc]
            return called, (what.left_edge.i, called.right_edge.i + 1)
        if lemma == "call":
            prep = next(c for c in children if c.dep_ == "prep" and c.lower_ in {"on", "for", "upon"})
            right = max([t.i for t in prep.subtree] + ([t.i for t in clause.subtree] if clause is not None else []))
            return (clause or prep), (prep.i + 1, right + 1)
        if clause is not None:
            left = clause.left_edge.i
            if left < cue.i < clause.i:
                left = cue.i + 1  # "which SOHR said had killed 23": the speaker is not content
            if obj is not None and obj.i < clause.i and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children):
                left = obj.left_edge.i  # "denied its planes had conducted ...": the object is the subject
            return clause, (left, clause.right_edge.i + 1)
        if obj is not None and lemma in NOMINAL_CUES:
            return obj, (obj.left_edge.i, obj.right_edge.i + 1)
        # A quote before the cue that the parser left unattached: “...”, he added.
        return None, None

    def _inverted_content(self, cue: Token) -> tuple[Token, tuple[int, int]] | None:
        """"... a nerve agent the World Health Organization said on Wednesday.": with commas lost, the
        content is everything before the speaker when nothing but adverbials follows the cue."""
        subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
        sent = cue.sent
        if subject is None or subject.i > cue.i or subject.left_edge.i - sent.start < 3 \
                or subject.lower_ in {"who", "which", "that"}:
            return None  # ("a member of parliament who called for protests": nothing before is hers)
        after = [t for t in self.doc[cue.i + 1 : sent.end] if not t.is_punct and not t.is_space]
        if any(t.head.i == cue.i and t.dep_ not in {"prep", "advmod", "npadvmod", "punct", "dep"} for t in after):
            return None
        prefix = self.doc[sent.start : subject.left_edge.i]
        root = next((t for t in prefix if t.head.i == t.i or not (sent.start <= t.head.i < subject.left_edge.i)), None)
        if root is None:
            return None
        if sent.root.i < subject.left_edge.i:
            root = sent.root
        return root, (sent.start, subject.left_edge.i)

    def _mentions(self, head: Token) -> list[Mention]:
        """The mentions of a speaker and of everyone coordinated with it ("A, B and C")."""
        group = self._coordinated_antecedent(head)
        if group is not None:
            return self._mentions(group)
        listed = [t for member in _coordinated(head) for t in self._listed_places(member)]
        heads = list({t.i: t for t in listed}.values())  # "Syria Britain France and the United States": once each
        return [m for m in (self._mention(t) for t in heads) if m is not None]

    @staticmethod
    def _coordinated_antecedent(pronoun: Token) -> Token | None:
        """"Britain and France have submitted evidence on the attacks which they say was carried out
        by the government": "they" in a clause under a verb whose subject is a coordination of
        speakers is each of them."""
        if pronoun.lower_ != "they":
            return None
        clause = pronoun.head
        while clause.dep_ in {"relcl", "ccomp", "advcl", "conj", "acl", "pobj", "prep", "dobj", "xcomp"} \
                and clause.head.i != clause.i:
            clause = clause.head
            subject = next((c for c in clause.children if c.dep_ == "nsubj" and c.i < pronoun.i), None)
            if subject is not None:
                members = _coordinated(subject)
                return subject if len(members) > 1 and all(_animate(m) and m.pos_ != "PRON" for m in members) else None
        return None

    def _listed_places(self, head: Token) -> list[Token]:
        """"members France Britain the United States Luxembourg and South Korea" (commas lost): the
        countries of a list that the parse chained as compounds and appositions, each a speaker."""
        names = [c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "GPE"] if head.pos_ == "NOUN" else [head]
        if len(names) != 1 or names[0].ent_type_ != "GPE":
            return [head]
        tokens = [t for t in names[0].subtree if not (t.is_punct or t.dep_ in {"cc", "det"})]
        if not all(t.ent_type_ == "GPE" for t in tokens):
            return [head]
        places = [e for e in self.ents if e.label_ == "GPE" and e.start >= tokens[0].i and e.end - 1 <= tokens[-1].i]
        return [e[-1] for e in places] if len(places) >= 2 else [head]

    def _mention(self, head: Token) -> Mention | None:
        doc = self.doc
        lower = head.lower_
        if lower in NOT_SPEAKERS:
            return None  # "Tags", "Share", "Advertisement": page furniture
        body = self._body_start(head.sent) if _furniture(head) or head.i - head.sent.start < 8 else head.sent.start
        if head.i < body:
            return None  # "Tags Syria Damascus Airstrikes", "Related article ...": page furniture
        if head.pos_ == "PRON" or lower in PRONOUNS:
            if lower not in PRONOUNS:
                return None
            refers_to = None
            # "..., noting that it did not think": a pronoun subject of a cue inside another cue's
            # content is bound to that cue's speaker.
            governor = head.head
            while governor.dep_ in {"ccomp", "advcl", "conj", "xcomp"} and governor.head.i != governor.i:
                governor = governor.head
                if governor.i in self.speakers_by_cue and self.speakers_by_cue[governor.i]:
                    refers_to = self.speakers_by_cue[governor.i][0]
                    break
            antecedent = None
            if refers_to is None and lower in {"he", "she", "him", "her"}:
                before = [e for e in self.ents if e.end <= head.i and e.label_ == "PERSON" and e.start >= max(0, head.i - 400)]
                if before:
                    e = before[-1]
                    antecedent = Mention(text=e.text, start=e.start_char, end=e.end_char, kind="name", ent_type=e.label_)
            return Mention(text=head.text, start=head.idx, end=head.idx + len(head.text), kind="pronoun",
                           refers_to=refers_to, antecedent=antecedent)
        # The noun phrase without relative clauses, appositions and trailing prepositions.
        left = max(head.left_edge.i, body)
        own = next((e for e in self.ents if e.start <= head.i < e.end), None) if head.ent_type_ == "GPE" else None
        if own is not None and own.start > left and all(t.ent_type_ == "GPE" or t.pos_ == "DET" for t in doc[left : own.start]):
            left = own.start  # "France Britain": Britain alone
        phrase = [t for t in doc[left : head.i + 1] if t.dep_ not in {"punct"} or t.text in {"-", "'"}]
        ent = head.ent_type_
        # Role and affiliation from the words before the name: "Russian Defense Ministry spokesman Igor K."
        role, affiliation = "", ""
        words = phrase
        role_at = max((k for k, t in enumerate(words[:-1]) if t.lemma_.lower() in ROLE_NOUNS), default=None)
        if role_at is not None and head.pos_ == "PROPN" and role_at < len(words) - 1:
            role = words[role_at].text
            affiliation = _join([t for t in words[:role_at] if t.dep_ not in {"det"} and t.pos_ != "DET"])
            words = words[role_at + 1 :]
        # "of X" after a role head: "head of the Observatory"
        if head.lemma_.lower() in ROLE_NOUNS:
            role = head.text
            after = [e for e in self.ents if e.label_ == "PERSON" and head.i < e.start and e.end - 1 <= head.right_edge.i]
            if after:
                # "The chairman of the Syrian Network for Human Rights Fadel Abdul Ghani" (commas lost)
                words = list(after[-1])
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in {"of", "at", "for", "with"}), None)
            if of is not None:
                obj = next((c for c in of.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    affiliation = _join(list(obj.subtree))
            poss = next((c for c in head.children if c.dep_ == "poss"), None)
            if poss is not None and not affiliation:
                affiliation = _join([t for t in poss.subtree if t.dep_ != "case"])
            mods = [t for t in words[:-1] if t.dep_ in {"compound", "amod"} and t.pos_ in {"PROPN", "NOUN", "ADJ"}
                    and t.lemma_.lower() not in ROLE_NOUNS]
            named = [t for t in doc[head.left_edge.i : head.i] if t.ent_type_ == "PERSON"]
            if not named:
                named = self._described_person(head) or []
            if named:
                # "Rami Abdel Rahman head of the Observatory" (commas lost): the name, then the role
                words = named
                mods = [t for t in mods if t.ent_type_ != "PERSON"]
            if mods and not affiliation:
                affiliation = _join(mods)
        institution_of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in {"for", "of"}), None) \
            if head.pos_ == "NOUN" and head.lemma_.lower() in INSTITUTION_NOUNS and not ent else None
        if institution_of is not None:
            # "the Russian center for reconciliation of the warring parties (in Syria)": its name
            tail = [t for t in institution_of.subtree]
            cut = next((k for k, t in enumerate(tail) if k and t.dep_ == "prep" and t.lower_ in {"in", "at", "on", "near"}), len(tail))
            words = words + tail[:cut]
        named_after = False
        if head.pos_ == "NOUN" and head.lemma_.lower() in AGENT_NOUNS:
            # "The news website El-Dorar Al-Shamia", "the UN envoy Staffan de Mistura": the name after
            run = []
            for t in doc[head.i + 1 : head.right_edge.i + 1]:
                if t.pos_ == "PROPN" or (run and t.text == "-"):
                    run.append(t)
                else:
                    break
            if run and all(t.head.i in {head.i} | {r.i for r in run} for t in run):
                role = role or head.text
                words = run
                named_after = True
        # Descriptive apposition: "Abdurrazak Jubeiro, a civil defense official in Idlib"
        for appos in (c for c in head.children if c.dep_ == "appos"):
            if appos.pos_ == "NOUN" and appos.lemma_.lower() in ROLE_NOUNS | ANONYMOUS_HEADS | {"group", "organization", "monitor"}:
                role = role or _join([t for t in appos.subtree if t.i <= appos.i])
                mods = [t for t in appos.lefts if t.dep_ in {"compound", "amod", "poss", "nmod"}]
                of = next((c for c in appos.children if c.dep_ == "prep" and c.lower_ in {"of", "at", "for", "with"}), None)
                if of is not None:
                    obj = next((c for c in of.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        affiliation = _join(list(obj.subtree))
                if not affiliation and mods:
                    affiliation = _join([t for m in mods for t in m.subtree if t.dep_ != "case"])
        if head.lemma_.lower() in ANONYMOUS_HEADS and not affiliation:
            # "a Syrian military source", "a source at Police Command"
            mods = [t for t in head.lefts if t.dep_ in {"compound", "amod", "nmod", "poss"} and t.lower_ not in {"local", "other", "several", "informed", "medical", "senior"}]
            at = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in {"at", "in", "from", "with", "within", "of"}), None)
            obj = next((c for c in at.children if c.dep_ == "pobj"), None) if at is not None else None
            if obj is not None and _animate(obj):
                affiliation = _join(list(obj.subtree))
            elif mods:
                affiliation = _join([t for m in mods for t in m.subtree if t.dep_ != "case"])
        text_tokens = [t for t in words if t.dep_ != "det" and t.pos_ != "DET" and t.dep_ != "case"] or [head]
        while len(text_tokens) > 1 and (text_tokens[0].ent_type_ in {"DATE", "TIME", "CARDINAL"}
                                        or text_tokens[0].pos_ in {"VERB", "NUM", "ADP", "PUNCT", "ADV", "DET", "CCONJ", "X", "SYM"}
                                        or not any(ch.isalnum() for ch in text_tokens[0].text)):
            text_tokens = text_tokens[1:]  # "Published April 2 2017 Opposition sources"
        entity = next((e for e in self.ents if e.start <= head.i < e.end and e.label_ in {"ORG", "PERSON", "GPE", "NORP"}), None)
        if entity is not None and entity.end - 1 > text_tokens[-1].i:
            text_tokens = [t for t in text_tokens if t.i < entity.start] + [t for t in entity if t.dep_ != "case" and t.pos_ != "DET"
                                                                            and t.i >= body]
        text_tokens = self._person_tail(text_tokens)
        start, end = text_tokens[0].idx, text_tokens[-1].idx + len(text_tokens[-1].text)
        text = self.text[start:end]
        kind = "name"
        if head.pos_ == "NOUN" and not ent and not named_after:
            determiner = next((c.lower_ for c in head.children if c.dep_ == "det"), "")
            if head.lemma_.lower() in ANONYMOUS_HEADS and not affiliation or head.lemma_.lower() in ANONYMOUS_HEADS and determiner in {"a", "an", ""}:
                kind = "anonymous"
            elif determiner == "the" and head.lemma_.lower() not in ROLE_NOUNS:
                kind = "nominal"
        return Mention(text=text, start=start, end=end, kind=kind, ent_type=ent, role=role, affiliation=affiliation)

    def _described_person(self, role: Token) -> list[Token] | None:
        """"Col. Abdul Jabbar Akidi a member of the FSA military council announcing" (commas lost):
        the person a role with "a" describes, named right before it."""
        if role.lemma_.lower() not in ROLE_NOUNS or self.doc[role.left_edge.i].lower_ not in {"a", "an"}:
            return None
        return next((list(e) for e in self.ents if e.label_ == "PERSON" and e.end == role.left_edge.i), None)

    def _person_tail(self, tokens: list[Token]) -> list[Token]:
        """"fighting the PKK Khalil said", "committed by rebels Pillay said" (commas lost): a phrase
        that ends in a person's name (a PERSON entity, or the end of a name the document gives in
        full) after words that are no title is that person; the words before it end the clause before."""
        if len(tokens) < 2 or tokens[-1].pos_ != "PROPN":
            return tokens
        if any(e.label_ == "PERSON" and e.start <= tokens[0].i and tokens[-1].i < e.end for e in self.ents):
            return tokens  # "Rami Abdel Rahman": one name
        words = [t.lower_ for t in tokens]
        names = self._person_names()
        for k in range(1, len(tokens)):
            tail, before = tokens[k:], tokens[:k]
            known = any(name[-len(tail):] == tuple(words[k:]) and len(name) >= len(tail) for name in names)
            entity = any(e.label_ == "PERSON" and e.start == tail[0].i and e.end == tail[-1].i + 1 for e in self.ents)
            untitled = not any(t.lower_.strip(".") in TITLE_WORDS or t.lemma_.lower() in ROLE_NOUNS for t in before)
            if untitled and (known or entity and all(t.pos_ == "NOUN" and t.is_lower for t in before)):
                return tail
        return tokens

    def _person_names(self) -> frozenset[tuple[str, ...]]:
        """The names of persons the document gives in two words or more, lower case."""
        if self._names is None:
            self._names = frozenset(tuple(t.lower_ for t in e) for e in self.ents if e.label_ == "PERSON" and len(e) >= 2)
        return self._names

    def _stance(self, cue: Token, content: Token) -> tuple[Stance, bool]:
        lemma = cue.lemma_.lower()
        cue_negated = any(c.dep_ == "neg" for c in cue.children)
        content_negated = _negated(content) and not _litotes(content)
        if lemma in DENY_CUES:
            return "deny", not content_negated
        if lemma in HEDGE_CUES or ADJECTIVE_CUES.get(cue.lower_) == "hedge" and cue.pos_ == "ADJ":
            return "hedge", cue_negated != content_negated or lemma == "doubt"
        if content_negated:
            return "deny", True
        if _hedged(content):
            return "hedge", False
        return "assert", False

    def _is_report_of_report(self, content: Token) -> bool:
        """The content is itself a statement by someone else ("X said Y denied Z")."""
        return content.lemma_.lower() in CUES and content.pos_ in {"VERB", "AUX"} and self._is_cue(content)

    def _channel(self, cue: Token) -> str | None:
        subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
        if subject is not None and self._quoting(cue, subject) is not None:
            return _join([t for t in _left_phrase(subject) if t.dep_ != "det"])
        quoting = cue.head.head if cue.head.lower_ == "as" else cue.head
        if cue.dep_ in {"pcomp", "advcl", "xcomp"} and quoting.lemma_.lower() in {"quote", "cite"}:
            subject = next((c for c in quoting.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return _join([t for t in subject.subtree if t.dep_ != "det"])
        if cue.lemma_.lower() == "tell":
            for child in cue.children:
                if child.dep_ in {"dobj", "dative", "iobj"}:
                    return _join(list(child.subtree))
        for child in cue.children:
            if child.dep_ == "prep" and child.lower_ in {"to", "on"}:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and (obj.ent_type_ == "ORG" or obj.lemma_.lower() in {"television", "tv", "radio", "agency"}):
                    return _join(list(obj.subtree))
        return None

    # ------------------------------------------------------------ according to X
    def _according_to(self, according: Token, sent: Span) -> list[Statement]:
        to = self.doc[according.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            obj = next((c for c in according.subtree if c.dep_ == "pobj"), None)
        if obj is None:
            return []
        if not _animate(obj):
            owner = self._statement_owner(obj)  # "according to a new toll by the Observatory"
            if owner is None and not (obj.lemma_.lower() in {"statement", "communique", "bulletin", "report"} and any(
                    c.dep_ in {"det", "poss"} and c.lower_ in {"the", "its", "their"} for c in obj.children)):
                return []
            obj = owner or obj  # "according to the bulletin": the statement of the last organization
        mentions = self._mentions(obj)
        phrase = (min(according.left_edge.i, according.i), max(t.i for t in according.subtree) + 1)
        before = (sent.start, phrase[0])
        after = (phrase[1], sent.end)
        span = after if (after[1] - after[0]) > (before[1] - before[0]) else before
        start, end = self._trim(span)
        if end <= start or not mentions:
            return []
        head = according.head if according.head.i != according.i else sent.root
        stance, negated = ("deny", True) if _negated(head) else (("hedge", False) if _hedged(head) else ("assert", False))
        event = self._event(according, head, span)
        return [
            Statement(
                doc_id=self.document.id, index=0, speaker=m, cue="according to", stance=stance, negated=negated,
                content=self.text[start:end], start=start, end=end,
                quote=self._quote_kind(start, end, sent), sentence=sent.text.strip(), sentence_start=sent.start_char,
                event=event, context_places=self._places(sent, exclude=(start, end)),
            )
            for m in mentions
        ]

    # ------------------------------------------------------------ events
    def _is_event_word(self, token: Token) -> bool:
        return _event_lemma(token) in self.event_words or token.lemma_.lower() in self.event_words

    def _event(self, cue: Token, root: Token, span: tuple[int, int]) -> EventMention | None:
        doc = self.doc
        if cue.lemma_.lower() in DENY_CUES and any(c.lower_ in HABITUAL_WORDS for c in cue.children):
            return None  # "has long denied claims ...": a standing answer to a kind of charge, not one event
        tokens = doc[span[0] : span[1]]
        lemma = root.lemma_.lower()
        trigger: Token | None = None
        agent: Token | None = None
        targets: list[Token] = []
        if root.pos_ in {"VERB", "AUX"}:
            subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
            subjpass = next((c for c in root.children if c.dep_ == "nsubjpass"), None)
            obj = next((c for c in root.children if c.dep_ in {"dobj", "obj"}), None)
            by = next((c for c in root.children if c.dep_ == "agent"), None)
            by_obj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
            if subj is None and cue.i < root.i:
                # "denied its planes had conducted ...": the cue's object is the clause's subject.
                subj = next((c for c in cue.children if c.dep_ in {"dobj", "obj"} and c.i < root.i), None)
            if lemma in LIGHT_VERBS:
                noun = obj if obj is not None and self._is_event_word(obj) else subjpass
                if noun is not None and self._is_event_word(noun):
                    trigger = noun
                    agent = by_obj if subjpass is not None and subjpass.i == noun.i else subj
            elif lemma in CONTACT_VERBS or self._is_event_word(root):
                event_subject = subj if subj is not None and self._is_event_word(subj) else None
                trigger = event_subject or root
                agent = by_obj if by_obj is not None else (None if event_subject is not None else subj)
                if obj is not None and not self._is_event_word(obj):
                    targets.append(obj)
                if subjpass is not None and not self._is_event_word(subjpass):
                    targets.append(subjpass)
                if event_subject is None and subj is not None and subj.lower_ in {"which", "that", "some"}:
                    trigger = self._nearest_event_before(root) or root
                    agent = None
            if trigger is None and lemma in {"die", "kill", "wound", "injure", "perish"}:
                # "... have died in the shelling": an event noun in a preposition of the clause.
                for prep in (c for c in root.children if c.dep_ == "prep"):
                    noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if noun is not None and self._is_event_word(noun):
                        trigger = noun
                        break
            if trigger is None and lemma in {"die", "kill"}:
                trigger = root
            if lemma in {"die", "perish"}:
                agent = None  # the subject of "die" is the victim
        elif root.pos_ in {"NOUN", "PROPN", "ADP"}:
            head = root
            if root.pos_ == "ADP":  # "accused Moscow of targeting ...": the pcomp
                head = next((c for c in root.children if c.dep_ in {"pcomp", "pobj"}), root)
                if cue.lemma_.lower() in {"accuse", "blame", "charge"}:
                    agent = next((c for c in cue.children if c.dep_ in {"dobj", "obj"}), None)
            if self._is_event_word(head):
                trigger = head
                if head.pos_ == "VERB":
                    obj = next((c for c in head.children if c.dep_ in {"dobj", "obj"}), None)
                    if obj is not None:
                        targets.append(obj)
            elif head.lemma_.lower() in RESPONSIBILITY_NOUNS | REPORT_NOUNS and cue.lemma_.lower() in DENY_CUES:
                accused = head.lemma_.lower() in RESPONSIBILITY_NOUNS
                told = None if accused else _told_event(head, self._is_event_word)
                if told is not None:
                    trigger = told  # "denied the reports of Wednesday's attack": that attack
                elif not accused and not _bare(head):
                    return None  # "denied an army report it had struck ...": that report, not the last event
                else:
                    return EventMention(trigger="", responsibility=head.lemma_.lower() in RESPONSIBILITY_NOUNS,
                                        places=self._places(tokens), times=self._times(tokens))
        if trigger is None:
            return None
        if agent is None and trigger.pos_ in {"NOUN", "PROPN"}:
            agent = self._noun_agent(trigger)
        agent_is_speaker = agent is not None and agent.lower_ in {"it", "they", "we", "its", "their", "our", "itself"}
        if agent is None and root.tag_ == "VBG" and root.head.i == cue.i and cue.lemma_.lower() in DENY_CUES:
            agent_is_speaker = True  # "Russia denied carrying out raids": its own raids
        if agent is not None and not agent_is_speaker:
            poss = next((c for c in agent.children if c.dep_ == "poss"), None)
            if poss is not None and poss.lower_ in {"its", "their", "our"}:
                agent_is_speaker = True
        if trigger.pos_ in {"NOUN", "PROPN"}:
            for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ in {"on", "against"}):
                targets.extend(c for c in prep.children if c.dep_ == "pobj")
        for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ in {"including", "on", "against"}):
            targets.extend(c for c in prep.children if c.dep_ == "pobj")
        for token in root.children:
            if token.lemma_.lower() == "include" and token.dep_ == "prep":
                targets.extend(c for c in token.children if c.dep_ in {"pobj", "dobj"})
        target_words = []
        for t in targets:
            for member in _coordinated(t):
                if member.pos_ in {"NOUN", "PROPN"} and member.lemma_.lower() not in PERSON_NOUNS:
                    target_words.append(_compound_lemma(member))
        agent_text = None
        if agent is not None and not agent_is_speaker:
            agent_text = _join([t for t in agent.subtree if t.dep_ not in {"det", "relcl", "punct"} and t.i <= agent.i])
        return EventMention(
            trigger=_event_lemma(trigger),
            agent=agent_text,
            agent_is_speaker=agent_is_speaker,
            targets=tuple(dict.fromkeys(target_words)),
            places=self._places(tokens),
            times=self._times(tokens),
            casualties=self._casualties(tokens),
        )

    def _noun_agent(self, noun: Token) -> Token | None:
        """'Russian air strikes', 'Russia's strikes', 'strikes by Russian jets'."""
        for child in noun.children:
            if child.dep_ == "poss":
                return child
            if child.dep_ == "prep" and child.lower_ == "by":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        for child in noun.children:
            if child.dep_ in {"amod", "compound"} and (child.ent_type_ in {"NORP", "GPE", "ORG"}) and \
                    not _town(child):
                return child
        return None

    def _nearest_event_before(self, token: Token) -> Token | None:
        sent = token.sent
        for candidate in reversed(self.doc[sent.start : token.i]):
            if candidate.pos_ in {"NOUN", "PROPN"} and self._is_event_word(candidate):
                return candidate
        return None

    def _places(self, tokens: Iterable[Token], exclude: tuple[int, int] | None = None) -> tuple[str, ...]:
        """Candidate place names (proper nouns and place entities), as written, in order."""
        out: list[str] = []
        run: list[Token] = []

        def flush() -> None:
            if run:
                out.append(_join(run))
                run.clear()

        for t in tokens:
            if exclude and exclude[0] <= t.idx < exclude[1]:
                flush()
                continue
            if t.pos_ == "PROPN" or (t.ent_type_ in PLACE_ENTS and t.pos_ != "DET") or (run and t.text == "-"):
                run.append(t)
            else:
                flush()
        flush()
        return tuple(dict.fromkeys(out))

    def _times(self, tokens: Iterable[Token]) -> tuple[str, ...]:
        out: list[str] = []
        for t in tokens:
            if t.ent_type_ in {"DATE", "TIME"} and t.ent_iob_ == "B":
                ent = next((e for e in self.ents if e.start == t.i), None)
                if ent is not None:
                    out.append(ent.text)
        return tuple(out)

    def _casualties(self, tokens: Iterable[Token]) -> tuple[Casualty, ...]:
        """One incident's tolls: not dates ("6 October"), running totals ("since April"),
        displaced or arrested people, or combatants a side says it killed."""
        found: list[Casualty] = []
        for t in tokens:
            count = _number(t)
            if count is None or t.ent_type_ in NOT_COUNT_ENTITIES:
                continue
            noun = t.head if t.dep_ in {"nummod", "quantmod", "amod", "compound"} else t
            if t.dep_ in {"nummod", "quantmod"} and t.head.like_num:
                continue  # only the last word of "two hundred"
            if noun.lemma_.lower() not in PERSON_NOUNS and not (noun.i == t.i and t.dep_ in {"dobj", "nsubj", "nsubjpass"}):
                continue
            if noun.lemma_.lower() in COMBATANT_NOUNS | SUBGROUP_NOUNS or noun.head.lemma_.lower() in NOT_CASUALTY_VERBS or \
                    any(c.lemma_.lower() in NOT_CASUALTY_VERBS for c in noun.children):
                continue
            sentence = f" {t.sent.text.lower()} "
            if any(marker in sentence for marker in CUMULATIVE_MARKERS):
                continue
            kind = self._casualty_kind(noun)
            if kind is None:
                continue
            found.append(Casualty(count=count, kind=kind, bound=_bound(t)))
        return tuple(dict.fromkeys(found))

    @staticmethod
    def _casualty_kind(noun: Token) -> str | None:
        words = {noun.head.lemma_.lower(), noun.lemma_.lower()} | {c.lemma_.lower() for c in noun.children}
        words |= {c.lower_ for c in noun.children}
        if noun.head.dep_ == "conj":
            words.add(noun.head.head.lemma_.lower())
        if words & WOUND_WORDS:
            return "wounded"
        if words & (KILL_VERBS | {"dead", "killed", "death", "toll"}) or noun.head.lemma_.lower() in {"kill", "die"}:
            return "killed"
        return None

    # ------------------------------------------------------------ spans
    def _trim(self, span: tuple[int, int]) -> tuple[int, int]:
        """Character offsets of a token range without edge punctuation, quotes or 'that'."""
        tokens = list(self.doc[span[0] : span[1]])
        while tokens and (tokens[0].is_punct or tokens[0].is_space or tokens[0].lower_ in {"that", "to"} and tokens[0].dep_ in {"mark", "aux"}):
            tokens.pop(0)
        while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
            tokens.pop()
        if not tokens:
            return 0, 0
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

    def _quote_kind(self, start: int, end: int, sent: Span) -> str:
        text = self.text
        before = text[sent.start_char : start]
        after = text[end : sent.end_char + 2]
        opened = sum(before.count(q) for q in "“«") - sum(before.count(q) for q in "”»") + before.count('"') % 2
        closes = after[:3].strip()[:1] in set(QUOTES_CLOSE) or after.lstrip(" ,.")[:1] in set(QUOTES_CLOSE)
        return "direct" if opened > 0 or (before.rstrip()[-1:] in set(QUOTES_OPEN) and closes) else "indirect"


# ---------------------------------------------------------------- helpers
def _with_index(statement: Statement, index: int) -> Statement:
    from dataclasses import replace

    return replace(statement, index=index)


def _cut_before(statement: Statement, cut: int, text: str) -> Statement:
    """The statement without the characters of its content before ``cut`` (a headline's)."""
    from dataclasses import replace

    if not statement.start < cut < statement.end:
        return statement
    start = cut
    while start < statement.end and not text[start].isalnum() and text[start] not in QUOTES_OPEN:
        start += 1
    return replace(statement, start=start, content=text[start : statement.end])


def _third_person_lemma(word: str) -> str | None:
    """The cue a capitalized verb in the third person stands for: "Decries" → decry, "Urges" →
    urge, "Denies" → deny, "Says" → say; None for any other word."""
    if not word[:1].isupper() or not word.endswith("s") or word.isupper():
        return None
    lower = word.lower()
    for lemma in (lower[:-3] + "y" if lower.endswith("ies") else "", lower[:-2] if lower.endswith("es") else "",
                  lower[:-1]):
        if lemma in CUES and lemma not in CLAUSE_ONLY:
            return lemma
    return None


def _without_page_name(headline: str) -> str:
    """"Syria air strikes kill at least 44 – monitor | Jordan Times", "Bomb in Syrias Idlib kills 30
    Monitoring group - Region - World - Ahram Online": the headline without the page's own name and
    sections (short parts after one separator; "– monitor" before "| Jordan Times" is the speaker)."""
    for separator in (" | ", " - ", " – ", " — "):
        cut = headline.rfind(separator)
        if cut > 0 and len(headline[cut + len(separator) :].split()) <= 3:
            while cut > 0 and len(headline[cut + len(separator) :].split()) <= 3:
                headline = headline[:cut]
                cut = headline.rfind(separator)
            return headline
    return headline


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token = token.head
        depth += 1
    return depth


def _coordinated(head: Token) -> list[Token]:
    """The head and the members coordinated with it ("A, B and C"); descriptions are not members."""
    members = [head]
    queue = [head]
    while queue:
        current = queue.pop()
        for child in current.children:
            is_member = child.dep_ == "conj" or (
                child.dep_ == "appos" and child.pos_ == "PROPN" and (
                    any(c.dep_ in {"cc", "conj"} for c in child.children) or any(c.dep_ == "cc" for c in current.children)))
            if is_member and child.pos_ in {"PROPN", "NOUN", "PRON"}:
                members.append(child)
                queue.append(child)
    return sorted(members, key=lambda t: t.i)


AGENT_NOUNS = ANONYMOUS_HEADS | ROLE_NOUNS | {
    "group", "ministry", "army", "government", "agency", "media", "television", "tv", "committee", "council",
    "observatory", "monitor", "coalition", "force", "authority", "office", "presidency", "embassy",
    "organization", "organisation", "network", "center", "centre", "command", "military", "channel",
    "newspaper", "daily", "station", "outlet", "movement", "party", "faction", "militia", "brigade",
    "front", "regime", "administration", "department", "team", "inquiry", "commission", "mission",
    "investigator", "expert", "inspector", "lawmaker", "parliament", "lawyer", "campaigner", "cleric",
    "police", "troop", "ngo", "charity", "union", "court", "prosecutor", "judge", "state", "country",
    "leadership", "opposition", "negotiator", "delegation", "diplomat", "watchdog", "body",
    "rescuer", "volunteer", "nurse", "survivor", "relative", "father", "mother", "brother", "sister",
    "son", "daughter", "wife", "husband", "neighbour", "neighbor", "farmer", "teacher", "student",
    "woman", "man", "villager", "refugee", "defector", "soldier", "militant", "insurgent", "jihadist",
    "worker", "staff", "unit", "headquarters", "federation", "republic", "kingdom", "west", "community",
    "alliance", "service", "organizer", "organiser", "director", "editor", "doctor", "priest", "archbishop",
    "bishop", "patriarch", "sheikh", "imam", "website", "site", "page", "account", "broadcaster",
    "anchor", "presenter", "photographer", "cameraman", "correspondent", "envoy", "tribe", "clan",
    "protester", "protestor", "demonstrator", "crowd", "mourner", "arm", "wing", "ally", "backer", "partner",
}


#: Agent nouns that are agents only in the singular ("its media arm", "the news site"; "arms" are
#: weapons, "sites" places).
SINGULAR_AGENTS = {"arm", "site"}

#: Nouns of institutions named by what follows them: "center for reconciliation of ...", "committee for ...".
INSTITUTION_NOUNS = {"center", "centre", "committee", "commission", "council", "office", "network", "organization",
                     "organisation", "union", "federation", "court", "agency", "institute", "bureau"}

#: Nouns naming places, skipped when they trail a speaker ("medical workers in the rebel-held area").
PLACE_NOUNS = {"area", "city", "town", "village", "province", "region", "countryside", "neighbourhood",
               "neighborhood", "district", "ground", "country", "capital", "suburb", "outskirts", "east", "west",
               "north", "south", "border", "camp", "street", "zone", "governorate"}

#: Capitalized words of page furniture that the tagger takes for names ("Date of publication").
NOT_SPEAKERS = {"date", "published", "updated", "share", "tags", "advertisement", "read", "photo", "video",
                "file", "image", "related", "comments"}
#: Verbs whose subject suffers the event: the victims, never the speaker of a cue hanging from them.
VICTIM_VERBS = {"die", "suffer", "perish", "succumb", "drown", "suffocate", "starve", "flee", "survive"}
#: A word in capitals, as a dateline's place is written ("BEIRUT", "WASHINGTON (Sputnik)").
_CAPITALS = re.compile(r"\b[A-Z]{4,}\b")
#: Words that open page furniture (tag lists, related-article links, captions, bylines).
FURNITURE_WORDS = {"tags", "tag", "related", "photo", "photos", "picture", "image", "file", "read", "see",
                   "advertisement", "share", "caption", "video", "topics", "keywords", "more"}


def _subject(cue: Token) -> Token | None:
    """The cue's subject; with two (commas lost: "Tags Syria Airstrikes At least 19 were killed a
    monitoring group said"), the speaker-like one nearest before the cue."""
    subjects = [c for c in cue.children if c.dep_ == "nsubj"]
    if len(subjects) > 1:
        before = [c for c in subjects if c.i < cue.i and _animate(c) and not _furniture(c)]
        if before:
            return before[-1]
    return subjects[0] if subjects else None


def _tags_word(token: Token) -> bool:
    """"Tags", "Topics", "Keywords": the capitalized word that opens a page's tag list."""
    return token.lower_ in {"tags", "topics", "keywords"} and token.text[:1].isupper()


def _furniture(head: Token) -> bool:
    """A phrase of page furniture: "Tags Syria Damascus Airstrikes", "Related article ...",
    "Photo ...", "Read more ...": the phrase opens with a capitalized furniture word."""
    first = head.doc[head.left_edge.i]
    return first.text[:1].isupper() and first.lower_ in FURNITURE_WORDS and first.i < head.i


def _animate(token: Token) -> bool:
    """Can this noun be a speaker? Pronouns, named entities, proper nouns, and nouns for people or
    bodies of people; not "munitions" or "flight patterns"."""
    if token.pos_ == "PRON":
        return token.lower_ in PRONOUNS
    if token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or token.pos_ == "PROPN":
        return token.ent_type_ not in {"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"} and \
            token.lower_ not in NOT_SPEAKERS
    if token.lemma_.lower() in SINGULAR_AGENTS and token.tag_ != "NN":
        return False  # "the military media arm" speaks; "arms" are weapons
    return token.lemma_.lower() in AGENT_NOUNS or token.lower_ in AGENT_NOUNS


def _left_phrase(head: Token) -> list[Token]:
    """The head with its modifiers on the left (without a trailing "quoting X" clause)."""
    return [t for t in head.doc[head.left_edge.i : head.i + 1]]


def _phrasal_cue(token: Token) -> str | None:
    """"make clear", "speak out": a verb that is a cue only with its particle or complement."""
    lemma = token.lemma_.lower()
    children = {c.lower_ for c in token.children if c.dep_ in {"prt", "acomp", "oprd", "ccomp", "advmod"}}
    if lemma == "make" and "clear" in children:
        return "make clear"
    if lemma == "speak" and "out" in children:
        return "speak out"
    if lemma in {"put", "place"} and any(c.dep_ == "dobj" and c.lemma_.lower() in FIGURE_NOUNS for c in token.children) \
            and any(c.dep_ == "prep" and c.lower_ == "at" for c in token.children):
        return "put"  # "SOHR put the number at 60"
    return None


def _negated(token: Token) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in {"never"} for c in token.children):
        return True
    for child in token.children:
        if child.dep_ in {"dobj", "nsubj", "nsubjpass", "attr"} and any(
                d.lower_ == "no" and d.dep_ == "det" for d in child.children):
            return True
    return False


def _content_clause(clause: Token) -> bool:
    """A that-clause saying something ("warnings that such tactics fail"), not a relative clause
    ("claims that he made"): "that" is its marker, not one of its verb's arguments."""
    if any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return True
    own_subject = any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ not in {"that", "which"} for c in clause.children)
    return own_subject and not any(c.lower_ == "that" and c.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj"}
                                   for c in clause.children)


def _characterized(call: Token) -> tuple[Token, Token] | None:
    """"calling them a blatant violation": (what is characterized, what it is called)."""
    what = next((c for c in call.children if c.dep_ in {"dobj", "dative"}), None)
    called = next((c for c in call.children if c.dep_ == "oprd"), None)
    return (what, called) if what is not None and called is not None and called.pos_ == "NOUN" else None


def _litotes(token: Token) -> bool:
    """"will not go unpunished", "will not remain unanswered": a negated negative, an assertion; and
    "is not random at all but a systematic punishment": the negation corrects, what follows "but" is asserted."""
    neg = next((c for c in token.children if c.dep_ == "neg"), None)
    if neg is not None and any(c.lower_ == "but" and c.i > neg.i and any(True for _ in c.children) for c in token.children):
        return True
    return any(c.dep_ in {"acomp", "oprd", "xcomp", "attr"} and c.lower_.startswith("un") and c.tag_ in {"JJ", "VBN"}
               for c in token.children)


def _hedged(token: Token) -> bool:
    """A modal or doubt word on the clause or on a verb coordinated with it ("the toll was 19 and
    may still rise"), or "expected to"; not one buried in a relative clause."""
    heads = [token] + [c for c in token.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}]
    for head in heads:
        if any(c.lower_ in HEDGE_WORDS and c.dep_ in {"aux", "advmod", "acomp"} for c in head.children):
            return True
        if head.lemma_.lower() == "expect" and any(c.dep_ == "xcomp" for c in head.children):
            return True
        if head.lemma_.lower() in {"look", "sound"} and any(c.lower_ == "like" for c in head.children):
            return True  # "it looked like a rebel provocation"
        if head.lemma_.lower() in HEDGE_VERBS and any(c.dep_ in {"ccomp", "xcomp"} for c in head.children):
            return True  # "the evidence strongly suggests ...", "it appears to have been ..."
        if head.pos_ in {"ADJ", "NOUN", "PROPN"} and any(
                c.lower_ in HEDGE_WORDS and c.dep_ in {"amod", "advmod"} and (c.head.i == head.i or c.head.head.i == head.i)
                for c in head.subtree):
            return True  # "Assad regime likely responsible" (a headline without its verb)
        if head.pos_ == "NOUN" and any(c.dep_ == "relcl" and any(a.lower_ in HEDGE_WORDS and a.dep_ == "aux" for a in c.children)
                                       for c in head.children):
            return True  # "(calling them) a violation that may amount to war crimes": a noun content's claim
    return False


def _event_lemma(token: Token) -> str:
    """'air strike' for 'air strikes', else the lemma."""
    lemma = token.lemma_.lower()
    compounds = [c.lemma_.lower() for c in token.children
                 if c.dep_ == "compound" and c.i == token.i - 1 and c.pos_ == "NOUN"]
    if compounds:
        return f"{compounds[0]} {lemma}"
    return lemma


def _compound_lemma(token: Token) -> str:
    compounds = [c.lemma_.lower() for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return " ".join([*compounds, token.lemma_.lower()])


def _number(token: Token) -> int | None:
    text = token.lower_.replace(",", "")
    if text in VAGUE_NUMBERS:
        return VAGUE_NUMBERS[text]
    if not token.like_num:
        return None
    if text.isdigit():
        value = int(text)
        return value if value < 10_000_000 else None
    return WORD_NUMBERS.get(text)


def _bound(token: Token) -> str:
    if token.lower_ in VAGUE_NUMBERS:
        return "at_least"
    doc = token.doc
    before = [doc[i].lower_ for i in range(max(0, token.i - 3), token.i)]
    for phrase in AT_LEAST:
        if tuple(before[-len(phrase):]) == phrase:
            return "at_least"
    if before and (before[-1] in ABOUT or (len(before) > 1 and before[-2] == "an" and before[-1] == "estimated")):
        return "about"
    return "exact"


def _join(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    tokens = sorted(tokens, key=lambda t: t.i)
    doc = tokens[0].doc
    if tokens[-1].i - tokens[0].i + 1 == len(tokens):
        return doc[tokens[0].i : tokens[-1].i + 1].text.strip()
    return "".join(t.text_with_ws for t in tokens).strip()

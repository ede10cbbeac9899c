"""Reading a question: tokens with misspellings corrected, the services, launch types, topics
and out-of-scope things it names, and the words that signal an intent."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from bot.engine import vocabulary as v
from bot.engine.index import MAX_PHRASE, Index, Mention
from bot.engine.text import _SHORTHAND as SHORTHAND
from bot.engine.text import _TOKEN as TOKEN
from bot.engine.text import clean, fold_phrases, stem


@dataclass
class Span:
    start: int
    end: int
    mention: Mention


@dataclass
class Reading:
    words: list[str]
    stems: list[str]
    spans: list[Span] = field(default_factory=list)
    unknown_words: list[str] = field(default_factory=list)
    fuzzy: bool = False  # a service was recognised only after correcting a misspelling
    text: str = ""
    stem_text: str = ""

    def has(self, phrases: tuple[str, ...] | frozenset[str], stems: bool = False) -> bool:
        """Whether any phrase occurs as words (or, with `stems`, in any inflection)."""
        if stems:
            return any(_contains(self.stem_text, _stem_phrase(p)) for p in phrases)
        return any(_contains(self.text, p) for p in phrases)

    def kinds(self, kind: str) -> list[Span]:
        return [s for s in self.spans if s.mention.kind == kind]

    def covered(self) -> set[int]:
        return {i for s in self.spans for i in range(s.start, s.end)}


def _contains(text: str, phrase: str) -> bool:
    return f" {phrase} " in text


@lru_cache(maxsize=4096)
def _stem_phrase(phrase: str) -> str:
    return " ".join(stem(w) for w in phrase.split())


def read(index: Index, question: str) -> Reading:
    raw = TOKEN.findall(clean(question))
    fixed: list[str] = []
    unknown: list[str] = []
    fuzzy = False
    for tok in raw:
        if tok in index.vocabulary or tok in SHORTHAND or tok.isdigit():
            fixed.append(tok)
            continue
        corrected = index.correct(tok)
        if corrected is None:
            if len(tok) > 2:  # one or two letters are noise, not a subject
                unknown.append(tok)
            fixed.append(tok)
        else:
            fuzzy = fuzzy or corrected in index.service_slugs or len(corrected) > 0
            fixed.append(corrected)
    expanded: list[str] = []
    for tok in fixed:
        expanded.extend(SHORTHAND.get(tok, (tok,)))
    words = fold_phrases(expanded)
    stems = [stem(w) for w in words]
    reading = Reading(
        words,
        stems,
        unknown_words=unknown,
        text=" " + " ".join(words) + " ",
        stem_text=" " + " ".join(stems) + " ",
    )
    reading.fuzzy = fuzzy and bool(set(fixed) - set(raw))
    _find_mentions(index, reading)
    return reading


def _find_mentions(index: Index, reading: Reading) -> None:
    stems = reading.stems
    i = 0
    taken: set[int] = set()
    # Longest phrase first, so "elastic block store" wins over "block" and "store".
    for n in range(min(MAX_PHRASE, len(stems)), 0, -1):
        for i in range(0, len(stems) - n + 1):
            if any(j in taken for j in range(i, i + n)):
                continue
            mentions = index.phrases.get(tuple(stems[i : i + n]))
            if not mentions:
                continue
            non_topic = [m for m in mentions if m.kind != "topic"]
            chosen = non_topic or mentions
            for m in chosen:
                reading.spans.append(Span(i, i + n, m))
            if non_topic:
                taken.update(range(i, i + n))
            # Topic words may overlap each other; they never hide a service or out-of-scope name.
    reading.spans.sort(key=lambda s: s.start)


def party_asked(reading: Reading) -> str | None:
    """The side a question asks about ("what do we do"), or None when it names both or none."""
    ws = set(reading.words)
    aws = bool(ws & v.AWS_WORDS)
    customer = bool(ws & v.CUSTOMER_WORDS)
    if aws and not customer:
        return "aws"
    if customer and not aws:
        return "customer"
    return None

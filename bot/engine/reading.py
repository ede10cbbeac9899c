"""Reading a question: tokens with misspellings corrected, the services, launch types, topics
and out-of-scope things it names, and the words that signal an intent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA

from bot.engine import vocabulary as v
from bot.engine.index import MAX_PHRASE, Index, Mention, by_start, within_one_edit
from bot.engine.text import _PHRASES as PHRASE_TABLE
from bot.engine.text import _SHORTHAND as SHORTHAND
from bot.engine.text import _TOKEN as TOKEN
from bot.engine.text import PERMISSION_MARK, clean, fold_in_context, fold_phrases, stem


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
    # Real English words the knowledge never uses ("ssh", "mount"): not misspellings, but not
    # anything srm knows either.
    plain_words: list[str] = field(default_factory=list)
    fuzzy: bool = False  # a service was recognised only after correcting a misspelling
    text: str = ""
    stem_text: str = ""
    question: str = ""  # as asked (for its punctuation)

    def has(self, phrases: tuple[str, ...], stems: bool = False) -> bool:
        """Whether any phrase occurs as words (or, with `stems`, in any inflection)."""
        return _pattern(phrases, stems).search(self.stem_text if stems else self.text) is not None

    def kinds(self, kind: str) -> list[Span]:
        return [s for s in self.spans if s.mention.kind == kind]

    def covered(self) -> set[int]:
        return {i for s in self.spans for i in range(s.start, s.end)}


@lru_cache(maxsize=1024)
def _pattern(phrases: tuple[str, ...], stems: bool) -> re.Pattern[str]:
    """One regular expression for a group of cue phrases (texts are padded with spaces)."""
    if stems:
        phrases = tuple(" ".join(stem(w) for w in p.split()) for p in phrases)
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(f" (?:{alternatives}) ")


# One-word cues, which a writer may split as the knowledge's words ("check list"): mended like
# them when long enough to be no pair of everyday words ("must do" is not "mustdo").
_CUE_WORDS = frozenset(
    p
    for group in (v.BEST_PRACTICE, v.COMPARE, v.CATEGORY, v.HELP, v.PRINCIPLES, v.COMPLIANCE)
    for p in group
    if " " not in p
)


def _mend_joins(index: Index, tokens: list[str]) -> list[str]:
    """Words written apart that the knowledge writes as one ("cloud front", "dynamo db"), or
    that are one cue word ("check list")."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens):
            a, b = tokens[i], tokens[i + 1]
            joined = a + b
            if (
                (joined in index.knowledge_words or (joined in _CUE_WORDS and len(joined) >= 8))
                and len(joined) >= 5
                and not (a in index.knowledge_words and b in index.knowledge_words)
            ):
                out.append(joined)
                i += 2
                continue
        out.append(tokens[i])
        i += 1
    return out


def _split(index: Index, token: str) -> list[str] | None:
    """Two words written as one, at least one of them the knowledge's ("securitygroups",
    "keyrotation", "ec2backed"), else None."""
    if not 5 <= len(token) <= 30:
        return None
    known = index.knowledge_words | index.vocabulary
    for cut in range(3, len(token) - 2):
        head, tail = token[:cut], token[cut:]
        if (head in known or tail in known) and all(
            part in known or (len(part) >= 4 and part in v.ENGLISH) for part in (head, tail)
        ):
            return [head, tail]
    return None


def read(index: Index, question: str) -> Reading:
    raw = _mend_joins(index, TOKEN.findall(clean(question)))
    fixed: list[str] = []
    unknown: list[str] = []
    plain: list[str] = []
    fuzzy = False
    for n, tok in enumerate(raw):
        if tok in index.vocabulary or tok in SHORTHAND or tok.isdigit():
            fixed.append(tok)
            continue
        completed = None if tok in v.ENGLISH else _completes_phrase(raw[n - 1] if n else "", tok)
        if completed is not None:
            fixed.append(completed)  # "operating sytem" is "operating system", not "stem"
            continue
        if tok in v.ENGLISH:
            plain.append(tok)
            fixed.append(tok)
            continue
        corrected = index.correct(tok)
        if corrected in v.STOPWORDS:
            # A little word misspelt: the little word it most likely is ("wich" is "which").
            corrected = _filler(tok) or corrected
        far = corrected is not None and OSA.distance(tok, corrected) > 1
        if far and (corrected not in index.service_words or corrected in v.ENGLISH):
            # Two edits to a knowledge word, one to an everyday word ("writting" is
            # "writing", not "sitting"; "qestion" is "question", not "bastion"): the nearer
            # reading wins (a product's own name, "farget" for fargate, still stands).
            nearer = index.english(tok)
            if nearer is not None:
                plain.append(nearer)
                fixed.append(nearer)
                continue
        parts = _split(index, tok) if corrected is None else None
        if parts is not None:
            fixed.extend(parts)
            continue
        filler = _filler(tok) if corrected is None else None
        if filler is not None:
            # "shoud" is "should" before it is "shout": little words are the ones most often
            # mistyped, and read as an everyday word it would weigh as the subject.
            fixed.append(filler)
            continue
        english = index.english(tok) if corrected is None else None
        if english is not None:
            plain.append(english)  # a misspelt everyday word ("somthing"): plain English
            fixed.append(english)
            continue
        uncovered = index.uncovered_name(tok) if corrected is None else None
        if uncovered is not None:
            fuzzy = True
            fixed.append(uncovered)  # "redshfit": a service srm does not cover, misspelt
            continue
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
    words = fold_phrases(fold_in_context(expanded))
    stems = [stem(w) for w in words]
    reading = Reading(
        words,
        stems,
        unknown_words=unknown,
        plain_words=plain,
        question=question,
        text=" " + " ".join(words) + " ",
        stem_text=" " + " ".join(stems) + " ",
    )
    reading.fuzzy = fuzzy and bool(set(fixed) - set(raw))
    _find_mentions(index, reading)
    return reading


PHRASE_KEYS = tuple(PHRASE_TABLE)
# The second words of the fixed two-word phrases, by their first ("operating" -> "system").
_SECOND_WORDS: dict[str, tuple[str, ...]] = {}
for _a, *_rest in PHRASE_KEYS:
    if len(_rest) == 1:
        _SECOND_WORDS[_a] = (*_SECOND_WORDS.get(_a, ()), _rest[0])


def _completes_phrase(previous: str, token: str) -> str | None:
    """The word one edit from `token` that makes a fixed phrase with the word before it."""
    if len(token) < 4:
        return None
    for second in _SECOND_WORDS.get(previous, ()):
        if OSA.distance(token, second) <= 1:
            return second
    return None


_FILLERS = by_start(sorted(w for w in v.STOPWORDS if len(w) >= 4 and w.isalpha()))


@lru_cache(maxsize=4096)
def _filler(token: str) -> str | None:
    """The little word ("which", "should", "responsible") an unknown token is one edit from:
    left unknown, it would weigh as much as the subject of the question."""
    if not 3 <= len(token) <= 15:
        return None
    near = within_one_edit(token, _FILLERS)
    # Of words as near, one the token drops a letter of ("wich" is "which", not "with").
    return (
        min(near, key=lambda w: (OSA.distance(w, token), not _drops_from(token, w), w))
        if near
        else None
    )


def _drops_from(token: str, word: str) -> bool:
    """Whether `token` is `word` with letters left out."""
    letters = iter(word)
    return len(token) < len(word) and all(ch in letters for ch in token)


def _find_mentions(index: Index, reading: Reading) -> None:
    stems = reading.stems
    taken: set[int] = set()
    found: list[Span] = []
    # Longest phrase first, so "elastic block store" wins over "block" and "store"; only
    # positions where some phrase starts are tried.
    starts = [
        (i, index.phrase_lengths[st]) for i, st in enumerate(stems) if st in index.phrase_lengths
    ]
    for n in range(MAX_PHRASE, 0, -1):
        for i, lengths in starts:
            if n not in lengths or i + n > len(stems):
                continue
            if any(j in taken for j in range(i, i + n)):
                continue
            mentions = index.phrases.get(tuple(stems[i : i + n]))
            if not mentions:
                continue
            written = reading.words[i : i + n]
            mentions = [m for m in mentions if _named_as_written(index, m, written)]
            if not mentions:
                continue
            non_topic = [m for m in mentions if m.kind != "topic"]
            # Topic words may overlap each other; they never hide a service or out-of-scope name.
            found += [Span(i, i + n, m) for m in (non_topic or mentions)]
            if non_topic:
                taken.update(range(i, i + n))
    # A phrase of an off-topic matter that a service's name has taken part of ("which ec2
    # instance type": "ec2 instance" and "instance type") is still said.
    for n in range(MAX_PHRASE, 1, -1):
        for i, lengths in starts:
            if n not in lengths or i + n > len(stems) or (i in taken and i + n - 1 in taken):
                continue
            off = [
                m for m in index.phrases.get(tuple(stems[i : i + n]), ()) if m.kind == "off_topic"
            ]
            if off and any(j in taken for j in range(i, i + n)):
                found.append(Span(i, i + n, off[0]))
    found += _tables_by_their_name(index, reading, taken)
    spans = _without_category_names(index, reading, sorted(found, key=lambda s: s.start))
    reading.spans = _without_permission_targets(index, reading, spans)


_DOCUMENT_TABLE_WORDS = frozenset(
    w
    for group in (v.COMPLIANCE, v.RESPONSIBILITY, v.CATEGORY, v.PRINCIPLES, v.CARD)
    for phrase in group
    for w in phrase.split()
) | {"whole", "entire", "full", "matrix", "model"}


def _tables_by_their_name(index: Index, reading: Reading, taken: set[int]) -> list[Span]:
    """ "the orders table", "our users table": a table called by its name is named as "the
    table" is (a loose name of the service that has tables), unless the word before says a
    kind of table the knowledge has ("the private route table")."""
    ws = reading.words
    out: list[Span] = []
    for i, w in enumerate(ws):
        if w not in v.LOOSE_NAMES or i in taken or i < 2:
            continue
        name = ws[i - 1]
        if name in v.STOPWORDS or name in index.kinds_of_table() or (i - 1) in taken:
            continue
        if name in _DOCUMENT_TABLE_WORDS or name in v.OTHER_TABLES:
            continue  # "the compliance table" is the document's own, "the pivot table" Excel's
        if ws[i - 2] in v.DETERMINERS:
            mentions = index.phrases.get((ws[i - 2], stem(w)), ())
            out += [Span(i, i + 1, m) for m in mentions if m.kind == "service"]
    return out


def _without_category_names(index: Index, reading: Reading, spans: list[Span]) -> list[Span]:
    """ "container services or saas?" names a category of the model, not ECS ("elastic
    container service" is still ECS)."""
    categories = index.category_stems
    return [
        s
        for s in spans
        if not (s.mention.kind == "service" and tuple(reading.stems[s.start : s.end]) in categories)
    ]


_PRODUCT_KINDS = ("cloud", "oos_service", "mentioned")
_LOOSE_STEMS = frozenset(stem(w) for w in v.LOOSE_NAMES)


def _named_as_written(index: Index, mention: Mention, written: list[str]) -> bool:
    """A product whose name stems like everyday words ("fastly" -> "fast", "aws config" ->
    "aws configure", "shield" -> "shielding") is named only as written: "how fast our volumes
    are" names no CDN, "aws configures it for us" no AWS Config, a verb of shielding no Shield
    Advanced."""
    if mention.kind == "service" and len(written) == 1 and stem(written[0]) in _LOOSE_STEMS:
        # A loose name only as written: "objects" names S3, a control "objective" does not.
        return written[0] in v.LOOSE_NAMES
    if mention.kind not in _PRODUCT_KINDS:
        return True
    names = [w for name in mention.value.split() for w in SHORTHAND.get(name, (name,))]
    if len(names) != len(written):
        return True  # a name written joined or split is matched by its stems alone
    # Its plural or singular ("workspace" for "workspaces") and its misspellings still name it.
    return all(
        name.rstrip("s") == word.rstrip("s")
        or (word not in v.ENGLISH and (len(names) == 1 or word not in index.vocabulary))
        for name, word in zip(names, written, strict=True)
    )


def _without_permission_targets(index: Index, reading: Reading, spans: list[Span]) -> list[Span]:
    """A service an IAM action names ("the lambda's role has s3:*") is what a permission is on:
    when another service is named, the question is about that one, not a comparison; unless
    the other is part of the first's own duties ("iam users allowed rds:modifydbinstance" asks
    about RDS's "IAM policies for RDS access")."""
    named = [s for s in spans if s.mention.kind == "service"]
    words = reading.words
    # "s3:*", and "the role our tasks assume to read from s3": what is reached, not the subject.
    text = f" {' '.join(words)} "
    comparing = any(f" {p} " in text for p in v.COMPARE)
    slugs = {s.mention.value for s in named}
    on = [
        s
        for s in named
        if (s.end < len(words) and words[s.end] == PERMISSION_MARK and _an_action(reading, s))
        or reached(words, s.start)
        or (
            not comparing
            and _by_means_of(words, s.start)
            and not _its_own_asked(index, reading, s, slugs)
        )
    ]
    for s in named:  # "push to s3 and ecs": the list reached goes on
        if s not in on and any(
            o.end <= s.start and words[o.end : s.start] in (["and"], ["or"]) for o in on
        ):
            on.append(s)
    others = {s.mention.value for s in named if s not in on}
    if not on or not others:
        return spans

    def held_by(target: str) -> bool:
        duties = index.service_stems.get(target, frozenset())
        return any(index.service_name_stems.get(o, frozenset()) & duties for o in others)

    dropped = [s for s in on if s.mention.value not in others and not held_by(s.mention.value)]
    return [s for s in spans if s not in dropped]


# The rarity (idf) of a word at most a few documents say.
RARE = 3.0


def _its_own_asked(index: Index, reading: Reading, span: Span, slugs: set[str]) -> bool:
    """Whether the question asks a rare word that only this service's duties say, of the
    services named (`slugs`): "a key via kms grants", grants are KMS's own."""
    others = frozenset().union(
        *(index.service_stems.get(x, frozenset()) for x in slugs if x != span.mention.value)
    )
    own = index.service_stems.get(span.mention.value, frozenset()) - others
    return any(
        st in own and index.idf.get(st, 0.0) >= RARE
        for i, st in enumerate(reading.stems)
        if not span.start <= i < span.end
    )


def _by_means_of(words: list[str], start: int) -> bool:
    """Whether the words before `start` make it the means ("with our own kms key")."""
    before = words[max(0, start - 3) : start]
    while before and (before[-1] in v.REACH_DETERMINERS or before[-1] == v.OWN):
        before = before[:-1]
    return bool(before) and before[-1] in v.BY_MEANS_OF


def reached(words: list[str], start: int) -> bool:
    """Whether the words before `start` say it is read from or written to ("read from s3",
    "write to the table", "pull from our registry")."""
    before = words[max(0, start - 3) : start]
    if before and before[-1] in v.REACH_DETERMINERS:
        before = before[:-1]
    return tuple(before[-2:]) in v.REACHING or tuple(before[-1:]) in v.REACHING


def _an_action(reading: Reading, span: Span) -> bool:
    """Whether the permission mark after `span` comes from an IAM action ("s3:GetObject"), not
    from the word itself ("give the ec2 instance permission to read it")."""
    return ":" in reading.question and reading.words[span.end - 1] in v.IAM_NAMESPACES


def party_asked(reading: Reading) -> str | None:
    """The side a question asks about ("what do we do"), or None when it names both or none."""
    ws = set(reading.words)
    customer = bool(ws & v.CUSTOMER_WORDS)
    # "what are we responsible for on aws": a place, not the other party.
    where = reading.text
    # ... nor "aws" naming a kind of thing ("whichever aws service we pick", "our aws account").
    for place in (
        " on aws ",
        " in aws ",
        " within aws ",
        " using aws ",
        " at aws ",
        " aws service ",
        " aws services ",
        " aws account ",
        " aws accounts ",
    ):
        where = where.replace(place, " ")
    aws = bool(set(where.split()) & v.AWS_WORDS) if customer else bool(ws & v.AWS_WORDS)
    if aws and not customer:
        return "aws"
    if customer and not aws:
        return "customer"
    return None


def side_confirmed(words: list[str], question: str) -> bool:
    """Whether a message ends by naming a side and asking that it be confirmed ("checking the
    items before they are written: us, right", "… ours?")."""
    tail = words[-3:]
    sides = v.AWS_WORDS | v.CUSTOMER_WORDS
    if not sides.intersection(tail):
        return False
    return tail[-1] in v.CONFIRMING or (tail[-1] in sides and "?" in question[-3:])

"""The `check` intent: "how do I check / verify / audit X", "which Security Hub control covers
Y". The answer is the matching customer duties, each with the controls that test it.

Kept apart from the other intent rules: `answering.answer()` asks `answer_check()` first and
goes on as before when it returns None (no check cue, or nothing to match).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import domain
from bot.engine import answering
from bot.engine import vocabulary as v
from bot.engine.index import Index
from bot.engine.reading import Reading, side_confirmed
from bot.engine.text import _TOKEN as TOKEN
from bot.engine.text import clauses, clean, stem, words
from bot.engine.types import Answer, Item

# Phrases that ask for a control on their own, even in a "who" question.
STRONG_CUES = (
    "security hub",
    "securityhub",
    "config rule",
    "config rules",
    "aws config",
    "which control",
    "which controls",
    "what control",
    "what controls",
    "any control",
    "any controls",
    "control covers",
    "control cover",
    "controls cover",
    "controls covering",
    "control checks",
    "controls check",
    "is there a control",
    "is there a check",
    "which check",
    "which checks",
    "what check",
    "what checks",
)
# The strong cues that only name a product: with "who", the question asks who, not how.
_PRODUCT_CUES = frozenset(
    ("security hub", "securityhub", "aws config", "config rule", "config rules")
)
# Verbs of checking: a cue after "how" ("how do we verify …") or before "that/whether/if".
VERBS = frozenset(
    "check checking verify verifying audit auditing test testing confirm validate prove assess"
    " evaluate".split()
)
_THAT = frozenset(("that", "whether", "if"))
_AWS_SIDE = frozenset(("aws", "amazon", "amazons", "awss"))
_OUR_SIDE = frozenset(("us", "we", "ours", "our"))
_WHO = frozenset(("who", "whose", "whos"))
# "shouldn't aws …", "does amazon …": asking whether AWS does it.
_ASKING_A_SIDE = frozenset(("should", "shouldnt", "does", "doesnt", "will", "wont", "would"))
_HOW_REACH = 4  # "how would an auditor verify": the verb within four words of "how"
_NOT_SUBJECT = frozenset(
    stem(w)
    for w in """
        check checks checking checked verify verifying verified audit auditing audited test
        testing tested confirm validate prove assess evaluate control controls security hub
        securityhub config rule rules aws cover covers covering enforced enforce compliant
        turned enabled properly correctly really actually required require requires configured
        applied place
    """.split()
)
# Control titles say what is tested in other words than the matrix: they count, but less.
TITLE_WEIGHT = 0.6
MAX_ITEMS = 8
# A question that names no service must match this well ("how do I verify my email address"
# is not about "VPC design and IP addressing").
NO_SERVICE_MIN = 0.45
# Contractions the reader does not know ("aren't" reads "arent"): no subject in them.
_CONTRACTIONS = frozenset(
    "arent isnt dont doesnt didnt wont cant cannot shouldnt wouldnt havent hasnt werent"
    " wasnt".split()
)


# Every cue holds one of these: most questions hold none and are passed over at once.
_CUE_PARTS = (
    "check", "verif", "audit", "test", "confirm", "validat", "prove", "assess", "evaluat",
    "control", "security hub", "securityhub", "config",
)  # fmt: skip


def asks_for_checks(question: str) -> bool:
    """Whether the question asks how to check something (cheap: tokens, no index)."""
    question = question[: answering.MAX_QUESTION]
    lowered = question.lower()
    if not any(part in lowered for part in _CUE_PARTS):
        return False
    said = [c for c in clauses(question) if c.strip()]
    last = next((c for c in reversed(said) if "?" in c), None)
    # "how do we prove nobody tampered with the logs? is turning that on our job?": the
    # question asked last asks a side; the checking before it is why it is asked.
    if (
        len(said) >= 2
        and last is not None
        and not asks_for_checks(last)
        and set(TOKEN.findall(clean(last))) & (_AWS_SIDE | _OUR_SIDE | _WHO)
    ):
        return False
    toks = TOKEN.findall(clean(question))
    text = " " + " ".join(toks) + " "
    # "who verifies …", and "ours or aws's?", "amazon doesn't validate that for us, does it?"
    asks_who = (
        any(t in ("who", "whose", "whos") for t in toks)
        or any(
            f" {w} " in text for w in ("our job", "on us", "our problem", "their job", "aws job")
        )
        or bool(set(toks) & _AWS_SIDE and set(toks) & _OUR_SIDE and "?" in question)
        # "… cycling them out — us or amazon", "shouldn't aws validate that?": a side asked.
        or any(
            f" {a} or {b} " in text
            for a in _AWS_SIDE | _OUR_SIDE
            for b in _AWS_SIDE | _OUR_SIDE
            if (a in _AWS_SIDE) != (b in _AWS_SIDE)
        )
        or any(f" {m} {a} " in text for m in _ASKING_A_SIDE for a in _AWS_SIDE)
        # "checking the items before they are written: us, right": a side named last, with
        # the tag that asks it confirmed.
        or side_confirmed(toks, question)
    )
    cues = [cue for cue in STRONG_CUES if f" {cue} " in text]
    # "security hub flagged our volumes: who should have encrypted them?" names the product
    # and asks who; "which security hub control covers it" asks for a control.
    if cues and not (asks_who and all(cue in _PRODUCT_CUES for cue in cues)):
        return True
    verbs = [i for i, tok in enumerate(toks) if tok in VERBS]
    if any("how" in toks[max(0, i - _HOW_REACH) : i] for i in verbs):
        return True  # "how do we verify …", even beside the parties
    if asks_who:
        return False  # asks who, not how
    return any(i + 1 < len(toks) and toks[i + 1] in _THAT for i in verbs)


@dataclass(frozen=True)
class _Entry:
    slug: str
    duty: domain.Duty
    stems: frozenset[str]
    title_stems: frozenset[str]


def _entries(index: Index) -> list[_Entry]:
    """Every customer duty with the stems of its text and of its controls' titles (once per
    index: the index is rebuilt whenever the knowledge changes)."""
    cached = index.__dict__.get("_check_entries")
    if cached is not None:
        return cached

    def stems_of(text: str) -> frozenset[str]:
        return frozenset(index.family(stem(w)) for w in words(text) if w not in v.STOPWORDS)

    out = []
    for s in index.knowledge.services:
        for d in s.duties_of("customer"):
            titles = " ".join(c.title for c in d.checks)
            out.append(_Entry(s.slug, d, stems_of(d.text), stems_of(titles) - stems_of(d.text)))
    index.__dict__["_check_entries"] = out
    return out


def answer_check(index: Index, reading: Reading, query: str) -> Answer | None:
    """The `check` answer to a question that asks how to check something, else None."""
    if not asks_for_checks(query):
        return None
    slugs, variant, named = answering._services(index, reading, False)
    oos = [s for s in reading.kinds("oos_service") if s.mention.value not in STRONG_CUES]
    if oos and not slugs:
        return None  # "how do I audit SQS": not covered, said by the usual rules
    content = {
        st: w
        for st, w in answering._content(index, reading, named).items()
        if st not in _NOT_SUBJECT
    }
    topics = {s.mention.value for s in reading.kinds("topic")}
    entries = [
        e
        for e in _entries(index)
        if (not slugs or e.slug in slugs)
        and (variant is None or e.slug != "ecs" or e.duty.launch_type == variant)
    ]
    scored = _score(entries, content, topics, set(reading.unknown_words))
    top = scored[0][0] if scored else 0.0
    if not slugs and top < NO_SERVICE_MIN:
        return None
    if slugs and top < 0.2:
        # "how do I check our s3 setup": every duty of the service, in the matrix's order.
        chosen = [(1.0, e) for e in entries]
        confidence = 0.8
    else:
        chosen = [(score, e) for score, e in scored if score >= 0.5 * top][:MAX_ITEMS]
        confidence = 0.45 + 0.5 * min(1.0, top)
    penalty = 0.1 if reading.fuzzy else 0.0
    services: list[str] = []
    for _, e in chosen:
        if e.slug not in services:
            services.append(e.slug)
    items = tuple(
        Item(
            "duty",
            e.duty.text,
            max(0.0, min(1.0, score)),
            service=e.slug,
            party="customer",
            launch_type=e.duty.launch_type,
            checks=e.duty.checks,
        )
        for score, e in chosen
    )
    lt = variant if "ecs" in services else None
    return Answer(
        query,
        "check",
        tuple(services),
        lt,
        None,
        items,
        confidence=max(0.3, min(0.95, confidence - penalty)),
        side="customer",
    )


def _score(
    entries: list[_Entry], content: dict[str, float], topics: set[str], unknown: set[str]
) -> list[tuple[float, _Entry]]:
    """Entries by the share of the question's words their duty (fully) or their controls'
    titles (partly) hold, plus a little for shared topics; best first, zero scores left out."""
    unknown_stems = {stem(w) for w in unknown}
    noise = {stem(w) for w in unknown & _CONTRACTIONS}
    # A word srm does not know counts as much as any other: it may be what the question is about.
    weights = {
        st: (1.0 if st in unknown_stems else w) for st, w in content.items() if st not in noise
    }
    total = sum(weights.values())
    out = []
    for e in entries:
        matched = sum(
            w if st in e.stems else TITLE_WEIGHT * w if st in e.title_stems else 0.0
            for st, w in weights.items()
        )
        shared = len(topics & set(e.duty.topics)) / len(topics) if topics else 0.0
        score = (matched / total if total else 0.0) + (0.1 * shared if matched else 0.0)
        if score > 0:
            out.append((score, e))
    out.sort(key=lambda x: -x[0])
    return out

"""From a reading of the question to an `Answer`: which services, which intent, which duties,
and who holds them. Pure: an index and a question in, a value out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.engine import check_intent, owner_intent
from bot.engine import vocabulary as v
from bot.engine.index import Doc, Index
from bot.engine.reading import Reading, Span, party_asked, read
from bot.engine.text import stem
from bot.engine.types import Answer, Item

MAX_QUESTION = 2000
# A duty "answers" a question when it covers this share of the question's meaningful words.
STRONG = 0.45
# Scores within this fraction of the best count as equally good (for "shared" and topics).
TIE = 0.9

# Words too general to decide a duty on their own ("who manages X" says nothing of X).
_WEAK = frozenset(
    stem(w)
    for w in """
        manage manages managing management handle run runs running secure secures securing
        security set sets setting configure configures configured configuration setup make
        makes do does work works use uses using provide provides define defines write
        writes create creates own owns sure ensure ensures guarantee guarantees care deal
        deals look looks
    """.split()
)

# Cue phrases by their first word, to find the words of a question that only signal intent.
_CUES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _group in (
    v.COMPARE,
    v.BEST_PRACTICE,
    v.CARD,
    v.RESPONSIBILITY,
    v.PRINCIPLES,
    v.HELP,
    v.WHO,
    v.HOWTO,
):
    for _phrase in _group:
        _words = tuple(_phrase.split())
        _CUES_BY_FIRST.setdefault(_words[0], []).append(_words)


def _cue_positions(reading: Reading) -> set[int]:
    """Positions of the words that belong to an intent cue ("shared responsibility model")."""
    words = reading.words
    out: set[int] = set()
    for i, w in enumerate(words):
        for phrase in _CUES_BY_FIRST.get(w, ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                out.update(range(i, i + len(phrase)))
    return out


_UNKNOWN_WEIGHT = 2.5
_MENTION_WEIGHT = 0.3


@dataclass
class Scored:
    doc: Doc
    score: float
    strong: bool = True  # matched a word that is not a general verb


# Cue groups whose words are matched in any inflection ("infrastructure service(s)",
# "recommend(ed)"); the others only as written ("principles" is a cue, "principle of least
# privilege" is a duty).
_INFLECTED = (v.CATEGORY, v.BEST_PRACTICE, v.COMPLIANCE, v.CARD, v.RESPONSIBILITY)


def _cue(reading: Reading, phrases: tuple[str, ...]) -> bool:
    return reading.has(phrases, stems=any(phrases is group for group in _INFLECTED))


def _content(index: Index, reading: Reading, mention_positions: set[int]) -> dict[str, float]:
    """The question's meaningful stems and their weights."""
    out: dict[str, float] = {}
    unknown = set(reading.unknown_words)
    skip = mention_positions | _cue_positions(reading)
    for i, (w, st) in enumerate(zip(reading.words, reading.stems, strict=True)):
        if i in skip:
            continue
        if w in v.STOPWORDS or w in v.AWS_WORDS or w in v.CUSTOMER_WORDS:
            continue
        if w in v.GREETINGS or w.isdigit():
            continue
        st = index.family(st)
        if w in unknown:
            weight = _UNKNOWN_WEIGHT
        elif w in v.COMMON and st not in index.idf:
            continue
        else:
            weight = 0.5 if st in _WEAK else 0.0
            weight = weight or index.idf.get(st, 0.8)
        out[st] = max(out.get(st, 0.0), weight)
    return out


def _score(
    index: Index,
    docs: list[Doc],
    content: dict[str, float],
    mention_stems: dict[str, float],
    topics: set[str],
) -> list[Scored]:
    """Rank `docs` by how much of the question they cover (rare words count more), with a
    little credit for shared topics, for covering the doc itself, and for naming the service."""
    total = sum(content.values())
    if total <= 0:
        return []
    allowed = {d.order for d in docs}
    candidates: set[int] = set()
    for st in content:
        candidates.update(index.postings.get(st, ()))
    for t in topics:
        candidates.update(index.topic_postings.get(t, ()))
    out = []
    for i in candidates & allowed:
        doc = index.docs[i]
        hits = [st for st in content if st in doc.stems]
        matched = sum(content[st] for st in hits)
        shared_topics = len(topics & doc.topics)
        if matched <= 0 and not shared_topics:
            continue
        coverage = matched / total
        topic = shared_topics / len(topics) if topics else 0.0
        if coverage <= 0:
            if topic >= 0.5:
                out.append(Scored(doc, 0.2 * topic, False))
            continue
        mention = sum(w for st, w in mention_stems.items() if st in doc.stems)
        specificity = sum(index.idf.get(st, 0.0) for st in hits) / doc.weight
        score = coverage + 0.2 * topic + 0.1 * specificity + 0.05 * mention
        out.append(Scored(doc, score, any(st not in _WEAK for st in hits)))
    out.sort(key=lambda s: (-s.score, s.doc.order))
    return out


def _coverage(scored: list[Scored]) -> float:
    return scored[0].score if scored else 0.0


def _item(doc: Doc, score: float) -> Item:
    return Item(
        kind=doc.kind,  # type: ignore[arg-type]
        text=doc.text,
        score=max(0.0, min(1.0, score)),
        service=doc.service,
        party=doc.party,
        launch_type=doc.launch_type,
        label=doc.label,
        checks=doc.checks,
    )


def _services(
    index: Index, reading: Reading, compare: bool
) -> tuple[list[str], str | None, set[int]]:
    """The services the question is about (in order), the ECS launch type, and the token
    positions that named them."""
    spans = reading.kinds("service")
    # A service named in everyday words ("which bucket does it fall in") yields to one named
    # by name, unless the question compares.
    loose = {id(s) for s in spans if all(w in v.COMMON for w in reading.words[s.start : s.end])}
    if not compare and any(id(s) not in loose for s in spans):
        spans = [s for s in spans if id(s) not in loose]
    counts: dict[str, int] = {}
    for span in spans:
        counts[span.mention.value] = counts.get(span.mention.value, 0) + 1
    order: list[str] = []
    variant: str | None = None
    positions: dict[str, set[int]] = {}
    for span in spans:
        slug = span.mention.value
        if span.mention.launch_type and variant is None:
            variant = span.mention.launch_type
        if slug not in order:
            order.append(slug)
        positions.setdefault(slug, set()).update(range(span.start, span.end))
    if "ecs" in order and "ec2" in order and variant is None and not compare:
        # "ecs tasks on ec2 hosts": EC2 names the launch type, not a second service.
        variant = "ec2"
        order.remove("ec2")
        positions.pop("ec2")
    if len(order) >= 2 and not compare:
        # "IAM roles for tasks on fargate": IAM is part of an ECS duty, not a second service.
        kept = []
        for slug in order:
            words = {reading.stems[i] for i in positions[slug]}
            inside_other = any(
                other != slug and words <= index.service_stems.get(other, frozenset())
                for other in order
            )
            if not inside_other:
                kept.append(slug)
        if kept:
            for slug in order:
                if slug not in kept:
                    positions.pop(slug, None)
            order = kept
    if len(order) >= 2 and not compare:
        # "moving from ec2 to lambda; once on lambda who patches the OS?": the service named
        # most often is the subject.
        most = max(counts.values())
        if list(counts.values()).count(most) == 1:
            subject = max(counts, key=lambda k: counts[k])
            for other in order:
                if other != subject:
                    positions.pop(other, None)
            order = [subject]
    named = set().union(*positions.values()) if positions else set()
    return order, variant, named


def _service_docs(index: Index, slugs: list[str], variant: str | None) -> list[Doc]:
    return [
        d
        for d in index.docs
        if d.service in slugs
        and d.kind in ("duty", "best_practice")
        and (variant is None or d.launch_type in (None, variant) or d.service != "ecs")
    ]


def _card_items(index: Index, slug: str, variant: str | None) -> list[Item]:
    docs = [
        d
        for d in index.docs
        if d.service == slug
        and d.kind == "duty"
        and (variant is None or d.launch_type in (None, variant))
    ]
    return [_item(d, 1.0) for d in docs]


def _suggest(index: Index, reading: Reading) -> tuple[str, ...]:
    """Service names that an unrecognised word is close to (a loose match, never a guess)."""
    names = {s.name: s.name for s in index.knowledge.services}
    for s in index.knowledge.services:
        for a in (s.slug, s.full_name):
            names[a.lower()] = s.name
    out: list[str] = []
    for w in reading.unknown_words:
        if len(w) < 3:
            continue
        hit = process.extractOne(w, list(names), scorer=fuzz.ratio, score_cutoff=72)
        if hit and names[hit[0]] not in out:
            out.append(names[hit[0]])
    return tuple(out[:3])


_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")
_ASKING = re.compile(r"\?|\b(who|whose|whos|responsible|on us|does aws|do we)\b", re.I)
LONG_MESSAGE = 10  # words: shorter messages are one question


def _focus(query: str) -> str | None:
    """The sentence that asks, in a long message of several sentences (else None)."""
    if len(query.split()) <= LONG_MESSAGE:
        return None
    sentences = [x for x in _SENTENCE_END.split(query) if x.strip()]
    asking = [x for x in sentences if _ASKING.search(x)]
    if len(sentences) < 2 or not asking:
        return None
    return asking[-1]


def _name(index: Index, slug: str) -> str:
    service = index.knowledge.service(slug)
    return service.name if service else slug


def _bp_cue(reading: Reading) -> bool:
    """Asking for advice: "best practices", "is it recommended", or "should" (not "who should")."""
    if _cue(reading, v.BEST_PRACTICE):
        return True
    return " should " in reading.text and not _cue(reading, ("who", "whose", "whos"))


def answer(index: Index, question: str) -> Answer:
    """Answer one question from the index. Never raises on any text."""
    query = question.strip()
    # Nobody asks a question longer than this; reading no further keeps every answer fast.
    reading = read(index, query[:MAX_QUESTION])
    if not reading.words:
        return Answer(query, "help", confidence=1.0)

    if len(reading.unknown_words) >= 3 and 2 * len(reading.unknown_words) > len(reading.words):
        return _unknown(index, reading, query, None)  # mostly words srm does not know
    clouds = reading.kinds("cloud")
    if clouds:
        return _unknown(index, reading, query, clouds[0])
    off_topic = reading.kinds("off_topic")
    # "cost" in "for cost reasons we chose EC2; who patches the OS?" is context, not the question
    # (and "how much less do we own on lambda vs ec2" compares responsibility).
    if off_topic and not _cue(reading, v.WHO):
        return _unknown(index, reading, query, off_topic[0])
    if (checked := check_intent.answer_check(index, reading, query)) is not None:
        return checked  # "how do I check …" (before the how-to rule in _decide)
    result = owner_intent.mark(query, _decide(index, reading, query))
    if off_topic and result.intent not in ("who", "compare"):
        return _unknown(index, reading, query, off_topic[0])
    return result


def _decide(index: Index, reading: Reading, query: str) -> Answer:
    """The answer to a question about something srm covers."""

    compare = _cue(reading, v.COMPARE)
    slugs, variant, named = _services(index, reading, compare)
    oos = reading.kinds("oos_service")
    if oos and not slugs:
        return _unknown(index, reading, query, oos[0])

    topics = {s.mention.value for s in reading.kinds("topic")}
    mention_stems = {reading.stems[i]: _MENTION_WEIGHT for i in named}
    content = _content(index, reading, named)
    focus = _focus(query)
    if focus is not None:
        # A long message tells a story and then asks: the duty is in the asking sentence.
        focused = read(index, focus)
        focus_named = {
            i
            for span in focused.kinds("service")
            if span.mention.value in slugs
            for i in range(span.start, span.end)
        }
        asked = _content(index, focused, focus_named)
        # "s3 versioning: is that something aws sets up?": the asking sentence points back.
        if any(st not in _WEAK for st in asked):
            content = asked
    side = party_asked(reading)
    fuzzy_penalty = 0.1 if reading.fuzzy else 0.0
    unknown_penalty = min(0.3, 0.1 * len(reading.unknown_words))

    best_practice = _bp_cue(reading)
    if _cue(reading, v.CATEGORY) and not best_practice:
        return _category(index, reading, query, slugs, variant)
    howto = (
        _cue(reading, v.HOWTO)
        and not _cue(reading, v.WHO)
        and not _cue(reading, v.CARD)
        and not _cue(reading, v.RESPONSIBILITY)
    )
    if howto and reading.unknown_words:
        return _unknown(index, reading, query, None)

    if not slugs:
        return _no_service(index, reading, query, content, topics, side, unknown_penalty)

    launch_types = {s.mention.launch_type for s in reading.kinds("service")} - {None}
    if slugs == ["ecs"] and len(launch_types) >= 2 and (compare or not content):
        # "fargate vs ec2 launch type": the two launch types of ECS side by side.
        return Answer(
            query,
            "compare",
            ("ecs",),
            None,
            items=tuple(_card_items(index, "ecs", None)),
            confidence=0.85,
            side=side,
        )

    if len(slugs) >= 2:
        scored = _score(index, _service_docs(index, slugs, variant), content, mention_stems, topics)
        top = _coverage(scored)
        holders = {s.doc.service for s in scored if s.strong and s.score >= TIE * top}
        if not compare and top >= STRONG and len(holders) >= 2:
            # "iam roles across ec2, lambda, ecs": one duty asked about several services.
            return _topic(query, scored, side, unknown_penalty, [x for x in slugs if x in holders])
        if compare or top < STRONG or _cue(reading, v.CARD):
            items = [
                item
                for slug in slugs
                for item in _card_items(index, slug, variant if slug == "ecs" else None)
            ]
            return Answer(
                query,
                "compare",
                tuple(slugs),
                variant if "ecs" in slugs else None,
                items=tuple(items),
                confidence=max(0.3, 0.9 - fuzzy_penalty),
                side=side,
            )
        best = scored[0].doc.service
        assert best is not None
        slugs = [best] + [s for s in slugs if s != best]
        return _who(index, query, slugs, variant, scored, side, fuzzy_penalty + unknown_penalty)

    slug = slugs[0]
    variant = variant if slug == "ecs" else None
    if best_practice:
        return _best_practices(index, query, slug, content, mention_stems, topics)
    scored = _score(index, _service_docs(index, [slug], variant), content, mention_stems, topics)
    top = _coverage(scored)
    meaningful = any(st not in _WEAK for st in content)
    wants_card = _cue(reading, v.CARD) and not _cue(reading, v.WHO)
    if meaningful and top >= STRONG and scored[0].strong and not wants_card:
        return _who(index, query, [slug], variant, scored, side, fuzzy_penalty + unknown_penalty)
    if meaningful and top < 0.3:
        # "origin config (s3 bucket or alb)": the service is named inside another's duty.
        every = _score(
            index, _service_docs(index, index.service_slugs, None), content, mention_stems, topics
        )
        if every and every[0].score >= STRONG and every[0].strong:
            other = every[0].doc.service
            named_stems = set(mention_stems)
            if other and other != slug and named_stems & every[0].doc.stems:
                own = [s for s in every if s.doc.service == other]
                return _who(
                    index,
                    query,
                    [other, slug],
                    every[0].doc.launch_type,
                    own,
                    side,
                    fuzzy_penalty + unknown_penalty + 0.05,
                )
    if howto and meaningful and top < STRONG:
        return _unknown(index, reading, query, None, suggest=(_name(index, slug),))
    # A service with words srm does not know: its card, saying it is unsure of the rest.
    asks_card = _cue(reading, v.CARD) or _cue(reading, v.RESPONSIBILITY)
    unsure = 0.45 if meaningful and top < 0.3 and not asks_card else 0.0
    confidence = 0.9 - fuzzy_penalty - unsure
    return Answer(
        query,
        "service",
        (slug,),
        variant,
        items=tuple(_card_items(index, slug, variant)),
        confidence=confidence,
        side=side,
    )


def _who(
    index: Index,
    query: str,
    slugs: list[str],
    variant: str | None,
    scored: list[Scored],
    side: str | None,
    penalty: float,
) -> Answer:
    duties = [s for s in scored if s.doc.kind == "duty" and s.doc.service == slugs[0]]
    others = [s for s in scored if s not in duties]
    top = duties[0].score if duties else 0.0
    best = {p: next((s for s in duties if s.doc.party == p), None) for p in ("aws", "customer")}
    verdict = duties[0].doc.party if duties else None
    a, c = best["aws"], best["customer"]
    lead: list[Scored] = []
    if a and c and a.strong and c.strong and min(a.score, c.score) >= TIE * top and top > 0:
        verdict = "shared"
        first, second = (a, c) if side != "customer" else (c, a)
        lead = [first, second]
    elif duties:
        lead = [duties[0]]
    rest = [s for s in duties if s not in lead and s.score >= 0.5 * top]
    rest += [s for s in others if s.score >= 0.5 * top and s.doc.service == slugs[0]]
    chosen = lead + rest
    if variant is None and chosen and chosen[0].doc.launch_type:
        variant = chosen[0].doc.launch_type if len(slugs) == 1 else None
    confidence = max(0.05, min(1.0, 0.45 + 0.5 * min(1.0, top)) - penalty)
    return Answer(
        query,
        "who",
        tuple(slugs),
        variant,
        verdict,
        tuple(_item(s.doc, s.score) for s in chosen[:8]),
        confidence=confidence,
        side=side,
    )


def _best_practices(
    index: Index,
    query: str,
    slug: str,
    content: dict[str, float],
    mention_stems: dict[str, float],
    topics: set[str],
) -> Answer:
    docs = [d for d in index.docs if d.service == slug and d.kind == "best_practice"]
    if not docs:
        # The document lists no best practices for this service: what you own is what to do.
        docs = [
            d
            for d in index.docs
            if d.service == slug and d.kind == "duty" and d.party == "customer"
        ]
    scored = {id(s.doc): s.score for s in _score(index, docs, content, mention_stems, topics)}
    ranked = sorted(docs, key=lambda d: (-scored.get(id(d), 0.0), d.order))
    items = tuple(_item(d, scored.get(id(d), 0.0)) for d in ranked)
    return Answer(query, "best_practices", (slug,), items=items, confidence=0.85)


def _no_service(
    index: Index,
    reading: Reading,
    query: str,
    content: dict[str, float],
    topics: set[str],
    side: str | None,
    penalty: float,
) -> Answer:
    if _cue(reading, v.COMPLIANCE):
        return _compliance(index, query, content, topics, side)
    scored = _score(index, index.docs, content, {}, topics)
    top = _coverage(scored)
    meaningful = any(st not in _WEAK for st in content)
    if _cue(reading, v.PRINCIPLES) and (
        top < 0.9 or not meaningful or " principles " in reading.text
    ):
        return _principles(index, query, side, reading)
    if not meaningful and not topics:
        if reading.unknown_words:
            return _unknown(index, reading, query, None)
        if _cue(reading, v.HELP) or all(
            w in v.STOPWORDS or w in v.GREETINGS for w in reading.words
        ):
            return Answer(query, "help", confidence=1.0)
        if side:
            return _principles(index, query, side, reading)
        return _unknown(index, reading, query, None)
    if reading.unknown_words and top < 0.5:
        return _unknown(index, reading, query, None)
    if top >= STRONG and scored[0].strong:
        duties = [s for s in scored if s.doc.kind in ("duty", "best_practice")]
        lead = scored[0]
        if lead.doc.kind == "compliance":
            if not duties or duties[0].score < 0.8 * top:
                return _compliance(index, query, content, topics, side)
            lead = duties[0]
        # A duty that only one service holds is a question about that service ("who sets up
        # direct connect" is VPC's); one that several hold is a topic ("who patches the OS").
        matched = [st for st in content if st in lead.doc.stems]
        holding = set(index.postings.get(matched[0], ())) if matched else set()
        for st in matched[1:]:
            holding &= set(index.postings.get(st, ()))
        holders = {
            index.about(index.docs[i])
            for i in holding
            if index.docs[i].service and index.docs[i].kind in ("duty", "best_practice")
        }
        if len(holders) == 1:
            (slug,) = holders
            own = [s for s in scored if s.doc.service == slug]
            if own:
                return _who(index, query, [slug], own[0].doc.launch_type, own, side, penalty + 0.05)
    if scored and (top >= 0.3 or topics):
        return _topic(query, scored, side, penalty)
    if _cue(reading, v.HELP):
        return Answer(query, "help", confidence=0.8)
    return _unknown(index, reading, query, None)


def _topic(
    query: str,
    scored: list[Scored],
    side: str | None,
    penalty: float,
    services: list[str] | None = None,
) -> Answer:
    """One duty across services: the matching duties, best first, and the services they name."""
    top = _coverage(scored)
    keep = [s for s in scored if s.score >= 0.5 * top][:15]
    if services is None:
        services = []
        for s in keep:
            if s.doc.service and s.doc.service not in services:
                services.append(s.doc.service)
    return Answer(
        query,
        "topic",
        tuple(services),
        items=tuple(_item(s.doc, s.score) for s in keep),
        confidence=max(0.3, min(0.95, 0.4 + 0.5 * top) - penalty),
        side=side,
    )


def _compliance(
    index: Index, query: str, content: dict[str, float], topics: set[str], side: str | None
) -> Answer:
    docs = [d for d in index.docs if d.kind == "compliance"]
    content = {k: w for k, w in content.items() if k not in _COMPLIANCE_STEMS}
    scored = {id(s.doc): s.score for s in _score(index, docs, content, {}, topics)}
    rows: dict[str, float] = {}
    for d in docs:
        rows[d.label or ""] = max(rows.get(d.label or "", 0.0), scored.get(id(d), 0.0))
    first_party = side or "aws"

    def key(d: Doc) -> tuple:
        return (-rows[d.label or ""], -scored.get(id(d), 0.0), d.party != first_party, d.order)

    ranked = sorted(docs, key=key)
    items = tuple(_item(d, scored.get(id(d), 0.0)) for d in ranked)
    return Answer(query, "compliance", items=items, confidence=0.85, side=side)


_COMPLIANCE_STEMS = frozenset(stem(w) for w in ("compliance", "compliant", "requirement"))


def _principles(
    index: Index, query: str, side: str | None, reading: Reading | None = None
) -> Answer:
    docs = [d for d in index.docs if d.kind == "principle"]
    if (
        reading is not None
        and " in the cloud " in reading.text
        and " of the cloud " not in reading.text
    ):
        side = "customer"
    elif (
        reading is not None
        and " of the cloud " in reading.text
        and " in the cloud " not in reading.text
    ):
        side = "aws"
    if side:
        docs.sort(key=lambda d: (d.party != side, d.order))
    return Answer(
        query,
        "principles",
        items=tuple(_item(d, 1.0) for d in docs),
        confidence=0.85,
        side=side,
    )


def _category(
    index: Index, reading: Reading, query: str, slugs: list[str], variant: str | None
) -> Answer:
    k = index.knowledge
    cats = {c.slug: c for c in k.categories}
    models = {m.slug: m for m in k.service_models}
    items: list[Item] = []

    def add_category(slug: str, service: str | None, lt: str | None) -> None:
        c = cats[slug]
        items.append(Item("category", c.name, 1.0, service, None, lt, c.qualifier))
        items.append(Item("category", c.examples, 0.9, service, None, lt, c.name))

    def add_model(slug: str, service: str | None) -> None:
        m = models[slug]
        items.append(Item("service_model", m.name, 1.0, service, None, None, m.abbreviation))
        items.append(Item("service_model", m.examples, 0.9, service, None, None, m.name))

    for slug in slugs:
        svc = k.service(slug)
        assert svc is not None
        lt = variant if slug == "ecs" else None
        for c in svc.classifications:
            if c.scheme == "category" and (lt is None or c.launch_type in (None, lt)):
                add_category(c.ref, slug, c.launch_type)
        for c in svc.classifications:
            if c.scheme == "service_model":
                add_model(c.ref, slug)
    if not slugs:
        asked_models = [m for m in k.service_models if reading.has((m.abbreviation.lower(),))]
        asked_cats = [c for c in k.categories if reading.has((c.name.lower().split()[0],))]
        if not asked_models and not asked_cats:
            asked_cats, asked_models = list(k.categories), list(k.service_models)
        for c in asked_cats:
            add_category(c.slug, None, None)
        for m in asked_models:
            add_model(m.slug, None)
        # Interleave name lines first, so the top of the list names every asked group.
        items.sort(key=lambda i: i.score, reverse=True)
    return Answer(
        query,
        "category",
        tuple(slugs),
        variant if "ecs" in slugs else None,
        items=tuple(items),
        confidence=0.85 if items else 0.3,
    )


def _unknown(
    index: Index,
    reading: Reading,
    query: str,
    span: Span | None,
    suggest: tuple[str, ...] | None = None,
) -> Answer:
    not_covered = None
    if span is not None:
        not_covered = " ".join(reading.words[span.start : span.end])
    suggestions = suggest if suggest is not None else (() if span else _suggest(index, reading))
    return Answer(
        query,
        "unknown",
        confidence=0.0,
        suggestions=suggestions,
        not_covered=not_covered,
    )

"""From a reading of the question to an `Answer`: which services, which intent, which duties,
and who holds them. Pure: an index and a question in, a value out."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter

from rapidfuzz import fuzz, process

from bot.engine import check_intent, owner_intent
from bot.engine import vocabulary as v
from bot.engine.index import Doc, Index, Mention
from bot.engine.reading import (
    RARE,
    Reading,
    Span,
    party_asked,
    reached,
    read,
    side_confirmed,
)
from bot.engine.text import clauses, stem, words
from bot.engine.types import Answer, Item

MAX_QUESTION = 2000
# A duty "answers" a question when it covers this share of the question's meaningful words.
STRONG = 0.45
# A who-question's best duty below STRONG but at least this is answered, as unsure.
WEAK_MATCH = 0.25
# Asked who, of one service, a duty matched at least this well is answered (saying it is
# unsure) rather than the whole card: the asker wants a side.
_WHO_FLOOR = 0.15
# Scores within this fraction of the best count as equally good (for "shared" and topics).
TIE = 0.9
# A word in fewer than this share of the knowledge's documents tells which duty is meant
# ("data" and "policies" are in one of ten, "lifecycle" in a few); as inverse document
# frequency, which `Index` computes as log(1 + documents / documents with the word).
_TELLING = math.log(1 + 1 / 0.095)

# The words of switching something on, besides "on" ("turned", "by default").
_SWITCHING = frozenset(stem(w) for p in (*v.TURN_VERBS, *v.BY_DEFAULT) for w in p.split())

# Words too general to decide a duty on their own ("who manages X" says nothing of X).
_WEAK = frozenset(stem(w) for w in v.WEAK)
# The verbs of doing ("pick", "decide", "write"): in an asking clause they say who acts, and
# name no subject of their own ("gp3 or io2? does aws pick for us").
_DOING_STEMS = frozenset(stem(p) for p in v.DOING if " " not in p)
_ENABLE = stem("enable")
_ENABLEMENT = stem("enablement")
# How far after "if"/"once" the switching on may come ("if we ticked the box").
_GRANT_REACH = 6
# Words for what is done to a thing (patching, rotation), not the thing itself.
_ACTIONS = frozenset(stem(w) for w in v.ACTIONS)
# What is done to a thing, whatever the thing ("patched", "backed up", "rotated").
_DONE_TO = _ACTIONS | {stem("backup"), stem("encrypt"), stem("encryption")}

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
    v.SPLIT,
    v.ACROSS,
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
# Score the documents one by one when there are at most this many, else through the postings.
_SCAN_AT_MOST = 64
# Of a larger set, at most this many documents (the most matched words first) are scored in full.
_SCORE_AT_MOST = 96
# A word in more documents than this does not help choose which to score (see `_score`).
_REACH_CAP = 400
_TOPIC_REACH = 0.01
_ASKED_WEIGHT = 0.85
_PLAIN_WEIGHT = 0.4
_STORY_WEIGHT = 0.3
# The least score of a duty that shares only the question's topic (the topic credit in _score).
_TOPIC_PART = 0.15
# One side's score below this share of the other's is a clear choice, not a tie.
_CLEARLY = 0.7
# A match this little in a duty's own words is a match through its phrasings only.
_OWN_ONLY_PHRASED = 0.1
# A verb of doing gives the customer's part the answer when it is at least this close.
_ACTS = 0.5
_MENTION_WEIGHT = 0.3
# "X infrastructure": the platform one side runs for a thing the other side uses.
_INFRASTRUCTURE = stem("infrastructure")
# How many words may stand between an uncovered product and the covered thing that is part of
# it ("eks worker node ami").
_PART_GAP = 3
# How far down a lead found only by one phrasing word looks for a duty that says more, and how
# close a duty found by its phrasings must be (one that says it in its own words: a tie).
_ALTERNATIVES = 6
_HALF = 0.5
# A service named inside another's duty stays a subject of its own when the question asks at
# least this many rare words (reading.RARE) that only its duties say.
_OWN_WORDS_ASKED = 2


@dataclass
class Scored:
    doc: Doc
    score: float
    strong: bool = True  # matched a word that is not a general verb
    # The share of the question the document's own words cover (its phrasings left out): who
    # holds a duty is read from the document itself.
    own: float = 0.0
    # The question's meaningful stems the document has (its own words or its phrasings).
    hits: tuple[str, ...] = ()


# Cue groups whose words are matched in any inflection ("infrastructure service(s)",
# "recommend(ed)"); the others only as written ("principles" is a cue, "principle of least
# privilege" is a duty).
# (Not RESPONSIBILITY: "responsibility" stems as "responses" do.)
_INFLECTED = (v.CATEGORY, v.BEST_PRACTICE, v.COMPLIANCE, v.CARD)


def _cue(reading: Reading, phrases: tuple[str, ...]) -> bool:
    return reading.has(phrases, stems=any(phrases is group for group in _INFLECTED))


def _content(index: Index, reading: Reading, mention_positions: set[int]) -> dict[str, float]:
    """The question's meaningful stems and their weights."""
    out: dict[str, float] = {}
    unknown = set(reading.unknown_words)
    skip = mention_positions | _cue_positions(reading)
    for i, (w, st) in enumerate(zip(reading.words, reading.stems, strict=True)):
        if i in skip or _the_account_as_a_place(reading.words, i):
            continue
        if w in v.STOPWORDS or w in v.AWS_WORDS or w in v.CUSTOMER_WORDS or w in v.NOT_SUBJECT:
            continue
        if w in v.GREETINGS or w.isdigit():
            continue
        st = index.family(st)
        if w in unknown:
            weight = _UNKNOWN_WEIGHT
        elif w in v.COMMON and st not in index.idf:
            continue
        elif w in v.ENGLISH and st not in index.idf:
            # Plain English the knowledge never uses: it thins the match a little, no more.
            weight = _PLAIN_WEIGHT
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
    if len(docs) <= _SCAN_AT_MOST:
        # A service's few documents: looking at each is cheaper than the postings.
        chosen: list[Doc] = docs
    else:
        # Many documents (a large pack, or every service): add up each one's matched weight
        # from the postings, and score in full only the likeliest.
        reach: dict[int, float] = defaultdict(float)
        postings = [(index.postings.get(st, ()), w) for st, w in content.items()]
        rare = [(docs_of, w) for docs_of, w in postings if len(docs_of) <= _REACH_CAP]
        # A word in hundreds of documents (a large pack's "security") picks out none of them:
        # the likeliest are found by the rarer words, and all words score them in full below.
        for docs_of, w in rare or postings:
            for i in docs_of:
                reach[i] += w
        for t in sorted(topics):  # a set: sorted, so that ties fall the same way every run
            for i in index.topic_postings.get(t, ()):
                reach[i] += _TOPIC_REACH
        if docs is not index.docs:
            if docs is index.duties_and_practices:
                allowed = index.duty_and_practice_orders
            else:
                allowed = {d.order for d in docs}
            reach = {i: w for i, w in reach.items() if i in allowed}
        # sorted() is stable as heapq.nlargest is (ties keep their first-seen order), and
        # runs in C: the same choice, sooner.
        ranked = sorted(reach.items(), key=itemgetter(1), reverse=True)
        chosen = [index.docs[i] for i, _ in ranked[:_SCORE_AT_MOST]]
    out = []
    # Each word's rarity and strength once, not once per document.
    asked_terms = [
        (st, w, w * _ASKED_WEIGHT, index.idf.get(st, 0.0), st not in _WEAK)
        for st, w in content.items()
    ]
    n_terms = len(asked_terms)
    for doc in chosen:
        stems, asked = doc.stems, doc.asked
        # One pass over the question's words: what the document says of them, in its own
        # words or (a little less) in its everyday phrasings.
        matched = own = specificity = 0.0
        n_hits = 0
        meant: list[str] = []
        for st, w, w_asked, rarity, telling in asked_terms:
            if st in stems:
                matched += w
                own += w
            elif st in asked:
                matched += w_asked
            else:
                continue
            n_hits += 1
            specificity += rarity
            if telling:
                meant.append(st)
        shared_topics = len(topics & doc.topics) if topics else 0
        if matched <= 0 and not shared_topics:
            continue
        coverage = matched / total
        topic = shared_topics / len(topics) if topics else 0.0
        if coverage <= 0:
            if topic >= 0.5:
                out.append(Scored(doc, 0.2 * topic, False))
            continue
        mention = sum(w for st, w in mention_stems.items() if st in stems) if mention_stems else 0
        score = coverage + 0.2 * topic + 0.1 * specificity / doc.weight + 0.05 * mention
        # General verbs alone decide nothing, unless the duty says everything that was asked
        # ("who secures the IAM service": "IAM service security and compliance").
        strong = bool(meant) or (n_hits >= 2 and n_hits == n_terms)
        out.append(Scored(doc, score, strong, own / total, tuple(meant)))
    out.sort(key=lambda s: (-s.score, s.doc.order))
    return out


def _names_own_duty(index: Index, reading: Reading, content: dict[str, float]) -> bool:
    """Whether some duty or practice says part of the question in its own words (not only
    through its phrasings)."""
    topics = {s.mention.value for s in reading.kinds("topic")}
    scored = _score(index, index.docs, content, {}, topics)
    return any(s.strong and s.own >= WEAK_MATCH for s in scored[:5])


def _the_account_as_a_place(ws: list[str], i: int) -> bool:
    """Whether "account" at `i` is where things are ("in the new account", "across every
    account"), not the user accounts IAM manages."""
    if ws[i] not in ("account", "accounts"):
        return False
    before = ws[max(0, i - 4) : i]
    if before and before[-1] in v.USER_ACCOUNTS:
        return False  # "each user account", "the root account"
    # "an aws account" is the account itself, "in the new account" a place.
    return bool(before) and (before[-1] in v.AWS_WORDS or bool(v.IN_PLACES & set(before)))


def _meaningful(content: dict[str, float]) -> bool:
    """Whether the question names a subject: a word that is neither a general verb nor plain
    English the knowledge never uses."""
    return any(st not in _WEAK and w > _PLAIN_WEIGHT for st, w in content.items())


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


def _plain_name(words: list[str]) -> bool:
    """Whether a service is named only by everyday words ("instances", "the table"), which
    yield to a service named by its name."""
    return all(w in v.COMMON or w in v.DETERMINERS or w in v.LOOSE_NAMES for w in words) and any(
        w in v.COMMON or w in v.LOOSE_NAMES for w in words
    )


def _services(
    index: Index, reading: Reading, compare: bool
) -> tuple[list[str], str | None, set[int]]:
    """The services the question is about (in order), the ECS launch type, and the token
    positions that named them."""
    spans = reading.kinds("service")
    # A service named in everyday words ("which bucket does it fall in") yields to one named
    # by name, unless the question compares.
    loose = {id(s) for s in spans if _plain_name(reading.words[s.start : s.end])}
    listed = _enumerated(reading, spans)
    first_type = spans[0] if spans else None
    if not compare and not listed and any(id(s) not in loose for s in spans):
        # ... unless the named one is part of the loose one's duty ("the vpc config of the
        # function" is Lambda's "VPC configuration"): that is kept, and decided below.
        def holds_named(span: Span) -> bool:
            duty_words = index.service_stems.get(span.mention.value, frozenset())
            return any(
                id(n) not in loose
                and n.mention.value != span.mention.value
                and {reading.stems[i] for i in range(n.start, n.end)} <= duty_words
                for n in spans
            )

        spans = [s for s in spans if id(s) not in loose or holds_named(s)]
    counts: dict[str, int] = {}
    last_end: dict[Mention, int] = {}
    for span in spans:
        # "kms cmk" names KMS once: a one-word name right after the same one is no second
        # mention.
        if last_end.get(span.mention, -2) < span.start or span.end - span.start > 1:
            counts[span.mention.value] = counts.get(span.mention.value, 0) + 1
        last_end[span.mention] = span.end
    order: list[str] = []
    variant: str | None = None
    positions: dict[str, set[int]] = {}
    for span in spans:
        slug = span.mention.value
        if span.mention.launch_type and _negated(reading, span):
            # "ecs (not fargate, the ec2 one)": the launch type ruled out names no variant.
            pass
        elif span.mention.launch_type and (variant is None or _moved_from(reading, first_type)):
            # "moving from ecs on ec2 to fargate": the launch type they move to.
            variant = span.mention.launch_type
            first_type = span
        if slug not in order:
            order.append(slug)
        positions.setdefault(slug, set()).update(range(span.start, span.end))
    if "ecs" in order and "ec2" in order and variant is None and not compare and not listed:
        # "ecs tasks on ec2 hosts": EC2 names the launch type, not a second service.
        variant = "ec2"
        order.remove("ec2")
        # Its words name the launch type: they are no part of the duty asked.
        positions["ecs"].update(positions.pop("ec2"))
    if len(order) >= 2 and not compare and not listed:
        # "IAM roles for tasks on fargate": IAM is part of an ECS duty, not a second service.
        kept = []
        # "private instances in the vpc need the nat gateway": the VPC is named inside EC2's
        # network duty, but the words asked ("nat", "gateway") are the VPC's own.
        named_at = set().union(*positions.values())
        asked = {
            st
            for i, st in enumerate(reading.stems)
            if i not in named_at and st not in _WEAK and index.idf.get(st, 0.0) >= RARE
        }
        for slug in order:
            words = {reading.stems[i] for i in positions[slug]}
            own = index.service_stems.get(slug, frozenset())
            inside_other = any(
                other != slug
                and words <= (theirs := index.service_stems.get(other, frozenset()))
                and len((asked & own) - theirs) < _OWN_WORDS_ASKED
                for other in order
            )
            if not inside_other:
                kept.append(slug)
        if kept:
            for slug in order:
                if slug not in kept:
                    positions.pop(slug, None)
            order = kept
    if len(order) >= 2 and not compare and not listed:
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


def _negated(reading: Reading, span: Span) -> bool:
    """Whether the words just before `span` rule it out ("not fargate", "not on fargate")."""
    ws = reading.words
    i = span.start
    if i > 0 and ws[i - 1] in v.RULING_OUT:
        return not (i > 1 and ws[i - 2] == "why")  # "why not fargate?" proposes it
    return i > 1 and ws[i - 2] == "not" and ws[i - 1] in ("on", "using")


def _said_elsewhere(
    index: Index, slug: str, content: dict[str, float], topics: set[str]
) -> str | None:
    """Another service whose duty or advice says, in its own words, clearly more of the
    question than anything of `slug` does."""
    ranked = _score(index, _service_docs(index, index.service_slugs, None), content, {}, topics)
    said = [
        r
        for r in ranked
        if r.strong and r.own >= STRONG and sum(st in r.doc.stems for st in content) >= 2
    ]
    if not said or said[0].doc.service in (None, slug):
        return None
    own = next((r for r in ranked if r.doc.service == slug), None)
    if own is not None and own.score >= _CLEARLY * said[0].score:
        return None
    # "the os our functions run on, who patches it?": the rarest word the other's duty says
    # ("os") is one of this service's own duties too, so the question stays with it.
    rarest = max(said[0].hits, key=lambda st: (index.idf.get(st, 0.0), st), default=None)
    if own is not None and rarest is not None and rarest in own.doc.stems:
        return None
    return said[0].doc.service


def _launch_type_words(reading: Reading) -> set[int]:
    """Positions of "launch type" after a launch type's name ("ecs with the ec2 launch type"):
    part of naming the service, not what is asked about it."""
    out: set[int] = set()
    ws = reading.words
    for span in reading.kinds("service"):
        after = ws[span.end : span.end + 2]
        if span.mention.launch_type and after in (["launch", "type"], ["launch", "types"]):
            out.update((span.end, span.end + 1))
    return out


def _grants_enabling(reading: Reading) -> bool:
    """Whether a condition grants that something is switched on ("once backups are switched
    on", "if we ticked the box", "assuming we left them enabled")."""
    ws = reading.words
    for i, w in enumerate(ws):
        if w not in v.CONDITIONS or (w == "if" and i and ws[i - 1] in v.ASKING_WHETHER):
            continue  # "the auditor asks if cloudtrail was on": "if" as "whether" grants nothing
        for j in range(i + 1, min(len(ws), i + 1 + _GRANT_REACH)):
            if ws[j] in ("who", "whose", "whos"):
                break  # the condition has ended; the question has begun
            if ws[j] in v.ENABLED_WORDS or (ws[j] == "on" and ws[j - 1] in v.SWITCHED_ON_BY):
                return True
            if ws[j] == "on" and j >= 2 and ws[j - 2] in v.SWITCHED_ON_BY:
                return True  # "switched them on", "left it on"
    return False


def _enabling_last(scored: list[Scored]) -> list[Scored]:
    """The same ranking with our duties and advice of enabling something after the rest (AWS's
    "automated backups (if enabled)" stays: what it runs once switched on)."""
    return sorted(scored, key=lambda s: s.doc.party != "aws" and _ENABLE in s.doc.stems)


def _held_thing_weights(index: Index, reading: Reading, slug: str) -> dict[str, float]:
    """The words of a service's name that name a thing it holds (KMS's keys), when
    duties of both sides say them in their own words."""
    name = index.service_name_stems.get(slug, frozenset())
    out: dict[str, float] = {}
    for span in reading.kinds("service"):
        # Only beside the service's own short name ("key management service" is the name
        # itself).
        said = reading.words[span.start : span.end]
        if span.mention.value != slug or slug not in said:
            continue
        for i in range(span.start, span.end):
            st = index.family(reading.stems[i])
            if st in name or st in _WEAK:
                continue
            parties = {
                d.party
                for d in index.by_service.get(slug, [])
                if d.kind == "duty" and st in d.stems
            }
            if parties == {"aws", "customer"}:
                out[st] = index.idf.get(st, 0.8)
    return out


def _features_named(index: Index, reading: Reading, slugs: list[str]) -> set[int]:
    """Positions of a service named by one of its features ("glacier" is S3's storage class):
    the feature is also what is asked about, when the ways one duty is asked say it and no
    duty's own words do."""
    out: set[int] = set()
    for span in reading.kinds("service"):
        if span.mention.value not in slugs or span.end - span.start != 1:
            continue  # a one-word product name ("glacier"), not a way of naming the service
        word = index.family(reading.stems[span.start])
        if word in index.service_stems.get(span.mention.value, frozenset()):
            continue  # a duty says it in its own words
        docs = index.by_service.get(span.mention.value, [])
        if sum(word in d.asked for d in docs) == 1:
            out.add(span.start)
    return out


def _enumerated(reading: Reading, spans: list[Span]) -> bool:
    """A list of three or more services ("we have vms, containers and functions"): only a
    couple of plain words between one and the next, so each is named in its own right."""
    if len({s.mention.value for s in spans}) < 3:
        return False
    for before, after in pairwise(spans):
        between = reading.words[before.end : after.start]
        if len(between) > 2 or any(w not in v.COMMON and w not in v.STOPWORDS for w in between):
            return False
    return True


def _service_docs(index: Index, slugs: list[str], variant: str | None) -> list[Doc]:
    if len(slugs) == len(index.service_slugs):
        if variant is None:
            return index.duties_and_practices
        pool = index.duties_and_practices
    else:
        pool = [d for slug in slugs for d in index.by_service.get(slug, ())]
    return [
        d
        for d in pool
        if d.kind in ("duty", "best_practice")
        and (variant is None or d.launch_type in (None, variant) or d.service != "ecs")
    ]


def _card_items(index: Index, slug: str, variant: str | None) -> list[Item]:
    docs = [
        d
        for d in index.by_service.get(slug, ())
        if d.kind == "duty" and (variant is None or d.launch_type in (None, variant))
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


_ASKING_WHO = re.compile(r"\b(?:who|whose|whos|responsible|on us|does aws|do we)\b", re.I)


def _name(index: Index, slug: str) -> str:
    service = index.knowledge.service(slug)
    return service.name if service else slug


def _bp_cue(reading: Reading) -> bool:
    """Asking for advice: "best practices", "is it recommended", or "should" (not "who should")."""
    ws = set(reading.words)
    # "does aws do it, or should we do it ourselves?" offers both sides: it asks which, not for
    # advice ("should I enable versioning on my aws buckets?" still asks for advice).
    both_sides = bool(ws & v.AWS_WORDS and ws & v.CUSTOMER_WORDS) and " or " in reading.text
    # Which advice cues were said, looked for one by one only when one of them was.
    said = (
        [p for p in v.BEST_PRACTICE if reading.has((p,), True)]
        if _cue(reading, v.BEST_PRACTICE)
        else []
    )
    if said and _cue(reading, v.WHO) and all(p in v.LIST_CUES for p in said):
        # "offboarding checklist: who deletes a leaver's user?": the list is why it is asked.
        return False
    if said:
        if not both_sides:
            return True
        return not all("should" in p.split() for p in said)
    if " should " not in reading.text or _cue(reading, v.WHO):
        return False
    return not both_sides


_ABOUT_SRM = v.STOPWORDS | v.GREETINGS | {w for phrase in v.HELP for w in phrase.split()}


def answer(index: Index, question: str) -> Answer:
    """Answer one question from the index. Never raises on any text."""
    query = question.strip()
    # Nobody asks a question longer than this; reading no further keeps every answer fast.
    reading = read(index, query[:MAX_QUESTION])
    if not reading.words:
        return Answer(query, "help", confidence=1.0)
    # "list", "what services do you cover?", "hello, can you hear me?": about srm itself.
    if _cue(reading, v.HELP) and all(w in _ABOUT_SRM for w in reading.words):
        return Answer(query, "help", confidence=1.0)
    if reading.has(v.ABOUT_ASKING):
        return Answer(query, "help", confidence=0.9)

    if len(reading.unknown_words) >= 3 and 2 * len(reading.unknown_words) > len(reading.words):
        return _unknown(index, reading, query, None)  # mostly words srm does not know
    _drop_story_mentions(index, reading, query[:MAX_QUESTION])
    clouds = reading.kinds("cloud")
    if clouds:
        return _unknown(index, reading, query, clouds[0])
    off_topic = sorted(
        (s for s in reading.kinds("off_topic") if not _a_verb_here(reading, s)),
        key=lambda span: span.start,
    )
    # "cost" in "for cost reasons we chose EC2; who patches the OS?" is context, not the question
    # (and "how much less do we own on lambda vs ec2" compares responsibility).
    # "how many vpcs can I have?": a question that opens by asking a quantity or a price asks
    # that, whoever it names.
    opens = (
        bool(off_topic)
        and off_topic[0].start == 0
        and reading.words[0] in v.QUESTION_WORDS
        and not (_cue(reading, v.WHO) or _cue(reading, v.RESPONSIBILITY))
    )
    if off_topic and (
        opens or not (_asks_who(reading, owning=False) or _cue(reading, v.RESPONSIBILITY))
    ):
        return _unknown(index, reading, query, off_topic[0])
    if (checked := check_intent.answer_check(index, reading, query)) is not None:
        return checked  # "how do I check …" (before the how-to rule in _decide)
    result = owner_intent.mark(query, _decide(index, reading, query))
    if off_topic and (result.intent not in ("who", "compare") or result.unsure):
        return _unknown(index, reading, query, off_topic[0])
    return result


_NOT_COVERED = ("cloud", "oos_service", "off_topic")


def _a_verb_here(reading: Reading, span: Span) -> bool:
    """Whether an off-topic word is a verb where it stands ("who limits which services can
    read it" restricts access; "the concurrency limit" is a quota)."""
    word = reading.words[span.start]
    before = reading.words[span.start - 1] if span.start else ""
    return word in v.VERB_OR_NOUN and before in v.BEFORE_A_VERB


def _asking_clause(text: str) -> str | None:
    """The clause that asks, when a message has several (else None): the last that asks who
    ("who sets up monitoring, so we notice an incident?"), else the last question."""
    said = [c for c in clauses(text[:MAX_QUESTION]) if c.strip()]
    if len(said) < 2:
        return None
    who = [c for c in said if _ASKING_WHO.search(c)]
    asking = who or [c for c in said if "?" in c]
    return asking[-1] if asking else None


def _granted_to_aws(
    index: Index,
    query: str,
    focus: str,
    focused: Reading,
    slugs: list[str],
    variant: str | None,
) -> Doc | None:
    """AWS's duty that a clause before "but" grants ("aws supplies the multi-region
    capability, but who …?", "cloudtrail gives us X, fine, but …"): given, so not asked."""
    query = query[:MAX_QUESTION]  # the clause was read from this much of it
    at = query.rfind(focus)
    before = query[:at] if at >= 0 else ""
    if before.split()[-1:] != ["but"] or not slugs:
        return None
    story = read(index, before)
    named = {i for span in story.kinds("service") for i in range(span.start, span.end)}
    content = _content(index, story, named)
    ranked = _score(index, _service_docs(index, slugs, variant), content, {}, set())
    lead = ranked[0] if ranked else None
    if lead is None or lead.doc.party != "aws" or not lead.strong or lead.score < STRONG:
        return None
    if sum(st in lead.doc.stems for st in content) < 2 and lead.own < STRONG:
        return None  # one shared word does not grant a duty
    # Granted only when the asking clause is about something else: its subject words
    # ("… but who patches the guest os?"), or with none, its verbs ("… but who turns the
    # trail on?"), are not the granted duty's. "aws gives us the hypervisor, but who patches
    # it?" and "aws handles durability, but who keeps objects durable?" still ask it.
    names = {i for span in focused.kinds("service") for i in range(span.start, span.end)}
    asked = {st for st in _content(index, focused, names) if st not in _WEAK}
    subjects = asked - _DOING_STEMS - _ACTIONS
    said = subjects or asked
    if not said:  # only a verb of doing, read as a cue ("… but who turns it on?")
        return lead.doc if _lean(focused) == "customer" or _turns_on(focused) else None
    return None if said & lead.doc.stems else lead.doc


def _left_behind(reading: Reading, span: Span) -> bool:
    """Whether `span` is what a move leaves: a word of leaving a few words before it ("out of
    the data hall", "off the mainframe in the cellar", "retiring our appliances on-prem"), and no
    word of going to right before it ("moving our workloads to azure")."""
    before = reading.words[max(0, span.start - 5) : span.start]
    going = reading.words[max(0, span.start - 2) : span.start]
    return bool(v.LEAVING & set(before)) and not v.DESTINATION & set(going)


def _moved_from(reading: Reading, span: Span) -> bool:
    """Whether `span` is what a move starts from ("from X to <a covered service>", "off X
    onto …"): a word of leaving just before it and, after it, a covered service reached."""
    before = reading.words[max(0, span.start - 3) : span.start]
    if not any(w in v.MOVING_FROM for w in before):
        return False
    leaving = max(i for i, w in enumerate(before) if w in v.MOVING_FROM)
    if any(w in v.MOVING_TO for w in before[leaving + 1 :]):
        return False  # "from aws to azure": azure is where they go
    for other in reading.kinds("service"):
        if other.start >= span.end:
            between = reading.words[span.end : other.start]
            # "we're leaving our colo next year, who patches ec2": a place being left is left,
            # whatever is asked after it; "from X" needs where it goes ("from X to ec2").
            left = before[leaving] not in ("from", "off")
            return left or (any(w in v.MOVING_TO for w in between) and len(between) <= 8)
    return False


def _vs_between_other_things(reading: Reading) -> bool:
    """Whether the only comparison cue is a "vs" that sets two things other than services side
    by side ("encryption at rest on our table (aws owned key vs our own cmk): who sets it?")."""
    said = [p for p in v.COMPARE if reading.has((p,))]
    if not said or any(p not in ("vs", "versus") for p in said):
        return False
    services = [s for s in reading.spans if s.mention.kind != "topic"]  # products, clouds too
    for i, w in enumerate(reading.words):
        if w in ("vs", "versus"):
            before = any(i - 2 <= s.end <= i for s in services)
            after = any(i < s.start <= i + 5 for s in services)
            if before and after:
                return False
            # "what does amazon own vs what do we own": the two sides, the card's business.
            near = set(reading.words[max(0, i - 5) : i + 6])
            if near & v.AWS_WORDS and near & v.CUSTOMER_WORDS:
                return False
    return bool(services)


def _aside(reading: Reading, span: Span) -> bool:
    """Whether `span` is only a point of reference beside a covered service ("do we run the
    control plane ourselves, like self-hosted k8s?", "macie aside")."""
    if not any(s.mention.kind == "service" for s in reading.spans):
        return False
    near = reading.words[max(0, span.start - 2) : span.end + 2]
    if any(w in v.SETTING_AGAINST for w in near):
        return False  # "os patching in azure vs ec2" compares with what srm does not cover
    return _named_for_reference(reading, span)


def _named_for_reference(reading: Reading, span: Span) -> bool:
    """Whether the words around `span` name it only as a point of reference ("like lambda",
    "macie aside", "same deal as ecs"), not as a wish ("we would like cognito")."""
    start = max(0, span.start - 4)
    before = reading.words[start : span.start]
    # "like" as a comparison, not a wish ("we would like cognito for this").
    wishes = {start + i for i, w in enumerate(before) if w == "like" and i + start > 0}
    # "is ec2 patching like azure?", "what does it look like in gcp": a comparison asked.
    wishes = {i for i in wishes if reading.words[i - 1] in v.WISHING | v.LIKENING}
    compared = any(
        w in v.REFERENCE_BEFORE and start + i not in wishes for i, w in enumerate(before)
    )
    after = reading.words[span.end : span.end + 1]
    same_as = "same" in before and "as" in before
    return compared or same_as or any(w in v.REFERENCE_AFTER for w in after)


def _hosted_on_aws(reading: Reading, span: Span) -> bool:
    """ "self-hosting postgres on ec2": hosted by the company itself, on a covered service,
    which is not on premises."""
    if span.mention.kind != "cloud" or not span.mention.value.startswith("self"):
        return False
    after = any(
        0 < s.start - span.end <= 4 and set(reading.words[span.end : s.start]) & set(v.IN_AWS)
        for s in reading.kinds("service")
    )
    # A covered service named just before, carrying it ("the volumes under our self-hosted db").
    before = any(
        0 <= span.start - s.end <= 4 and set(reading.words[s.end : span.start]) & v.CARRYING
        for s in _named_by_name(reading)
    )
    return after or before


def _drop_story_mentions(index: Index, reading: Reading, query: str) -> None:
    """Forget things srm does not cover when only the story names them ("we're leaving our colo,
    so who patches the OS on EC2?"): the question is about a covered service."""
    if not any(s.mention.kind in _NOT_COVERED for s in reading.spans):
        return
    # "we moved from self-hosted mysql to rds": what they left is not what they ask about.
    # A badge at AWS's data centres is their physical security, not the office's door.
    places = v.SERVICE_PLACES & set(reading.words)
    # ... but "badge access at our new building" is the company's own.
    ours = any(
        w in places and {"our", "my"} & set(reading.words[max(0, i - 3) : i])
        for i, w in enumerate(reading.words)
    )
    at_aws = "datacenter" in places or (
        bool(places) and bool(reading.kinds("service")) and not ours
    )
    connects = bool(v.CONNECTING & set(reading.words))
    # A message about a move to a service named by its name: the place or platform the move
    # leaves (a cloud, the colo, the basement, said after a word of leaving) is the story.
    a_move_under_way = bool(v.MIGRATING & set(reading.words)) and bool(_named_by_name(reading))
    federates = bool(v.FEDERATING & set(reading.words))
    left = [
        s
        for s in reading.spans
        if s.mention.kind in _NOT_COVERED
        and (
            _moved_from(reading, s)
            or _aside(reading, s)
            or (at_aws and s.mention.value in v.OFFICE_ACCESS)
            or (connects and s.mention.value in v.ON_SITE)
            or _hosted_on_aws(reading, s)
            or (a_move_under_way and s.mention.kind == "cloud" and _left_behind(reading, s))
            # An identity provider signed in through (SAML, SSO) is IAM's federation.
            or (s.mention.value in v.IDENTITY_PROVIDERS and federates)
            # "permission to publish to our kinesis stream": another AWS product that a
            # covered one is given rights to write to is what it reaches, not the subject
            # ("who encrypts the data we push to kinesis" still asks about Kinesis).
            or (
                s.mention.kind == "oos_service"
                and reached(reading.words, s.start)
                and bool(v.GRANTING & set(reading.words))
            )
        )
    ]
    # "leaving heroku for ec2. heroku used to patch for us …": named again, it is still left.
    moved = {s.mention.value for s in left if _moved_from(reading, s)}
    left += [s for s in reading.spans if s.mention.value in moved and s not in left]
    if left:
        reading.spans = [s for s in reading.spans if s not in left]
    clause = _asking_clause(query)
    if clause is None:
        return
    asked = read(index, clause)
    named = [s for s in asked.kinds("service") if not _plain_name(asked.words[s.start : s.end])]
    # "gcp question: who patches the os on compute engine vms?": "vms" is no covered service.
    # "we're leaving our colo. in aws, who swaps dead parts?" asks about AWS by name, at the
    # start of the asking clause ("is it on us or on aws" names a party, "like in aws" compares).
    in_aws = any(asked.text.startswith(f" {p} aws ") for p in v.IN_AWS)
    # "an sqs queue feeds a function. who secures the code in that function?": another AWS
    # product in the story, a covered one asked about, even by a plain word.
    aws_only = all(
        s.mention.kind == "oos_service" for s in reading.spans if s.mention.kind in _NOT_COVERED
    )
    named = named or (asked.kinds("service") if aws_only else [])
    if any(s.mention.kind in _NOT_COVERED for s in asked.spans) or not (named or in_aws):
        return
    if _only_for_reference(asked):
        return  # "…: who patches them, same deal as ecs on ec2?" compares, and asks of the story
    reading.spans = [s for s in reading.spans if s.mention.kind not in _NOT_COVERED]


def _only_for_reference(reading: Reading) -> bool:
    """Whether every covered service is named only as a point of reference ("eks worker nodes:
    who patches them, same deal as ecs on ec2?", "like lambda")."""
    services = reading.kinds("service")
    return bool(services) and all(_named_for_reference(reading, s) for s in services)


def _product_switched_on(index: Index, reading: Reading, query: str, oos: list[Span]) -> bool:
    """Whether the asking clause only switches on or does what the story named first, and that
    is a product srm does not cover ("inspector scanning our ec2 instances: who turns that
    on?", "config rules that flag public buckets: who writes those?")."""
    first = min((s for s in reading.spans if s.mention.kind != "topic"), key=lambda s: s.start)
    if first not in oos or any(s.mention.launch_type for s in reading.kinds("service")):
        # ("base image in ecr has cves. we're on fargate, so amazon handles that?" asks of
        # the launch type the story names.)
        return False
    focus = _asking_clause(query)
    if focus is None:
        return False
    asked = read(index, focus)
    # "aws config rules that flag public buckets: who writes those?": only a general verb and
    # a word pointing back, which point to what the story named first.
    # "… by the model whose job was that" asks of the story instead: no verb of doing.
    doing = _turns_on(asked) or any(st in _WEAK | _DOING_STEMS | _ACTIONS for st in asked.stems)
    return (
        asked.has(v.POINTING_BACK)
        and doing
        and not asked.kinds("service")
        and not _meaningful(
            {st: w for st, w in _content(index, asked, set()).items() if st not in _SWITCHING}
        )
    )


def _a_kind_held_everywhere(index: Index, reading: Reading, slug: str) -> bool:
    """Whether the one service is named only as the kind of a thing that several other
    services' duties hold ("iam policies" in "IAM policies for RDS access", "Access control
    via IAM policies"), and the question asks it of the company's resources in general."""
    spans = reading.kinds("service")
    if not spans or any(s.end >= len(reading.words) for s in spans):
        return False
    general = any(reading.has((p,)) for p in v.SOFT_PRINCIPLES) or reading.has(v.OUR_RESOURCES)
    if not general:
        return False
    for s in spans:
        pair = [*reading.stems[s.start : s.end], reading.stems[s.end]]
        holding = set(index.text_postings.get(pair[0], ()))
        for st in pair[1:]:
            holding &= set(index.text_postings.get(st, ()))
        docs = (index.docs[i] for i in holding)
        others = {d.service for d in docs if d.kind == "duty" and d.service != slug}
        if len(others) < 2:
            return False
    return True


def _of_a_product(reading: Reading, oos: list[Span]) -> bool:
    """Whether every covered service is named as a part of an uncovered product said just
    before it ("eks worker node ami", "cognito user pool iam role"): a few words apart, none of
    them a word that moves, lists or compares ("from eks to ecs", "eks and ec2")."""
    services = reading.kinds("service")
    joining = v.LISTING | v.MOVING_FROM | v.MOVING_TO | v.LINKING_WORDS

    def part_of(s: Span) -> bool:
        # The covered word (or the one after it) names a part a product has: an image, a role,
        # a volume ("eks worker node ami", "glue job iam role"), not the service running it
        # ("the elasticsearch ec2 nodes" are EC2 instances).
        part = reading.words[s.start : s.end + 1]
        if not v.PRODUCT_PARTS.intersection(part):
            return False
        return any(
            0 <= s.start - o.end <= _PART_GAP
            and not joining.intersection(between := reading.words[o.end : s.start])
            # "security hub flagged iam keys", "a finding: cloudtrail …": a verb between
            # says something of the covered thing, which is not part of the product.
            and not any(w.endswith(("ed", "ing")) and w not in v.PART_ADJECTIVES for w in between)
            for o in oos
        )

    return bool(services) and all(part_of(s) for s in services)


def _ranks_services(reading: Reading, slugs: list[str]) -> bool:
    """Services ranked by how much work each side carries, none named (the fewest chores, the
    most of the work on AWS): a question of categories."""
    if slugs or not reading.has(tuple(v.SERVICES_AS_A_GROUP)):
        return False
    ws = set(reading.words)
    # (asked of srm itself, what it covers the most, it is help)
    ranked = bool(ws & v.RANKING) and bool(ws & v.CARRIED_WORK)
    return ranked and bool(ws & {"which", "what", "where"}) and "you" not in ws


def _weighed_against(index: Index, reading: Reading) -> bool:
    """Two services by name with one "or" between them, weighed by a comparative, and no duty
    named in the document's own words (which of two leaves us less to do; not a rotation asked
    of each, "more often")."""
    spans = _named_by_name(reading)
    if len({s.mention.value for s in spans}) != 2 or not v.COMPARATIVES & set(reading.words):
        return False
    if not any(
        a.mention.value != b.mention.value and reading.words[a.end : b.start] == ["or"]
        for a, b in pairwise(spans)
    ):
        return False
    named = {i for s in spans for i in range(s.start, s.end)}
    return not _names_own_duty(index, reading, _content(index, reading, named))


def _named_by_name(reading: Reading) -> list[Span]:
    """The services the question names by a name of theirs, not by a plain word ("the table")."""
    return [s for s in reading.kinds("service") if not _plain_name(reading.words[s.start : s.end])]


def _card_of_several(index: Index, reading: Reading) -> bool:
    """Whether the question asks for the whole split of two or more services named by name
    (the split of each, the pair's breakdown) and names no duty: their cards side by side."""
    spans = _named_by_name(reading)
    slugs = {s.mention.value for s in spans}
    # ECS on EC2 instances asked for its breakdown: EC2 names the launch type.
    if len(slugs) < 2 or slugs == {"ecs", "ec2"} or not _cue(reading, v.CARD):
        return False
    named = {i for s in spans for i in range(s.start, s.end)}
    named |= {i for i, w in enumerate(reading.words) if w in v.OVER_THE_NAMED}
    return not _meaningful(_content(index, reading, named))


def _decide(index: Index, reading: Reading, query: str) -> Answer:
    """The answer to a question about something srm covers."""

    compare = _cue(reading, v.COMPARE) and not _vs_between_other_things(reading)
    compare = compare or _card_of_several(index, reading) or _weighed_against(index, reading)
    slugs, variant, named = _services(index, reading, compare)
    oos = reading.kinds("oos_service")
    loose_only = all(_plain_name(reading.words[s.start : s.end]) for s in reading.kinds("service"))
    if oos and (
        not slugs
        or compare
        or loose_only
        or _of_a_product(reading, oos)
        or _only_for_reference(reading)
        or _product_switched_on(index, reading, query, oos)
    ):
        # "lightsail instance os updates": the instance is Lightsail's, not EC2's.
        # "eks worker node ami patching": the image is the uncovered product's.
        # "cognito vs iam": a comparison with a service srm does not cover cannot be made.
        return _unknown(index, reading, query, oos[0])
    mentioned = reading.kinds("mentioned")
    if mentioned and not slugs and not _a_duty_says_it(index, reading, mentioned):
        # "CloudWatch alarms: who sets them up?": a product the matrix only names in passing,
        # asked about as a product of its own.
        return _unknown(index, reading, query, mentioned[0])

    topics = {s.mention.value for s in reading.kinds("topic")}
    named = (named - _features_named(index, reading, slugs)) | _launch_type_words(reading)
    mention_stems = {reading.stems[i]: _MENTION_WEIGHT for i in named}
    content = _content(index, reading, named)
    if not _meaningful(content) and len(slugs) == 1 and _asks_who(reading):
        # A service named with a thing it holds (KMS with its keys): that thing is what is
        # asked, when each side holds duties of it (AWS stores keys, we create and manage them).
        content |= _held_thing_weights(index, reading, slugs[0])
    focus = _asking_clause(query)
    lean = _lean(reading)
    given: Doc | None = None
    switching_asked = _turns_on(reading)
    # "…isn't being recorded anywhere. turning the trail on is our job?": the asking clause
    # says nothing but the switching on.
    only_switching = False
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
        # "s3 versioning: is that something aws sets up?": an asking clause that points back
        # ("that", "it", "them") asks about the story's words; one that names its own subject
        # ("aws runs the HSMs, but who writes the key policy?") outweighs the story.
        subjects = [
            st
            for st, w in asked.items()
            if st not in _WEAK and st not in _DOING_STEMS and w > _PLAIN_WEIGHT
        ]
        own_subject = bool(subjects) and (len(subjects) >= 2 or not focused.has(v.POINTING_BACK))
        only_switching = _turns_on(focused) and not _meaningful(
            {st: w for st, w in asked.items() if st not in _SWITCHING}
        )
        given = _granted_to_aws(index, query, focus, focused, slugs, variant)
        if given is not None:
            # "aws supplies the multi-region capability, but who turns the trail on?": what
            # the story grants AWS is not asked; the clause after "but" says the duty (or
            # points back to the story's subject: "aws gives us the hypervisor, but who
            # patches it?").
            if own_subject or not focused.has(v.POINTING_BACK):
                content = {st: w * _STORY_WEIGHT for st, w in content.items()} | asked
            lean = _lean(focused) or lean
            switching_asked = _turns_on(focused) and not [
                st for st in asked if st not in _SWITCHING | _DOING_STEMS | _ACTIONS | _WEAK
            ]
        elif own_subject:
            content = {st: w * _STORY_WEIGHT for st, w in content.items()} | asked
            # "we write the code; who patches the runtime?"; asking whether it is split
            # anywhere in the message still asks that ("backups - amazon, us, or both?").
            lean = "shared" if lean == "shared" else _lean(focused)
    side = party_asked(reading)
    fuzzy_penalty = 0.1 if reading.fuzzy else 0.0
    unknown_penalty = min(0.3, 0.1 * len(reading.unknown_words))

    best_practice = _bp_cue(reading)
    ranks = _ranks_services(reading, slugs) and not _meaningful(content)
    if (_cue(reading, v.CATEGORY) or ranks) and not best_practice:
        # "what's the 'container services' bucket and what's in it?": a group asked by its
        # name, the everyday word beside it naming no service.
        # (Only right before the everyday word: "is a bucket iaas or saas?" asks about S3.)
        groups = {c.name.lower().split()[0] for c in index.knowledge.categories} | {
            m.abbreviation.lower() for m in index.knowledge.service_models
        }
        named_group = any(
            s.start > 0 and reading.words[s.start - 1] in groups for s in reading.kinds("service")
        )
        if loose_only and named_group:
            slugs = []
        return _category(index, reading, query, slugs, variant)
    howto = (
        _cue(reading, v.HOWTO)
        and not _cue(reading, v.WHO)
        and not _cue(reading, v.CARD)
        and not _cue(reading, v.RESPONSIBILITY)
    )
    if howto and (reading.unknown_words or reading.plain_words):
        if not slugs and _cue(reading, v.HELP) and reading.has(v.THE_BOT):
            return Answer(query, "help", confidence=0.8)  # "how do i use this bot, do i …"
        return _unknown(index, reading, query, None)  # a procedure with things srm lacks
    if (
        _cue(reading, v.TOOLING)
        and not _cue(reading, v.WHO)
        and not _cue(reading, v.RESPONSIBILITY)
    ):
        # "the cli command to create a kms key": how to use a tool, not who is responsible.
        return _unknown(index, reading, query, None, suggest=())

    if (
        howto
        and not slugs
        and not best_practice
        and not (
            _cue(reading, v.HELP) or _cue(reading, v.PRINCIPLES) or _cue(reading, v.COMPLIANCE)
        )
        and not _names_own_duty(index, reading, content)
    ):
        # "how do i close an aws account": a procedure; "how do i set up mfa" names a duty in
        # the document's own words and is still answered.
        return _unknown(index, reading, query, None)
    if len(slugs) == 1 and not compare and _a_kind_held_everywhere(index, reading, slugs[0]):
        # "who writes the iam policies for our stuff, generally?": IAM policies are held in
        # every service that has resources, asked of them all ("iam" is part of what is asked).
        every = _content(index, reading, set())
        return _no_service(index, reading, query, every, topics, party_asked(reading), 0.0, True)
    if not slugs or (loose_only and not compare and _workload_mix(reading)):
        # "who patches the os? we have a mix of vms, containers and functions": the words
        # for kinds of workload name no one service.
        across = bool(slugs)
        return _no_service(index, reading, query, content, topics, side, unknown_penalty, across)

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

    named_all = list(dict.fromkeys(s.mention.value for s in reading.kinds("service")))
    if len(named_all) >= 2 and best_practice:
        # "best practice for ebs encryption on ec2": the service whose advice says it.
        advice = [d for d in _service_docs(index, named_all, variant) if d.kind == "best_practice"]
        ranked = _score(index, advice, content, mention_stems, topics)
        if ranked and ranked[0].strong and ranked[0].doc.service:
            best = ranked[0].doc.service
            return _best_practices(index, query, best, content, mention_stems, topics)
    if len(slugs) >= 2:
        scored = _score(index, _service_docs(index, slugs, variant), content, mention_stems, topics)
        top = _coverage(scored)
        holders = {s.doc.service for s in scored if s.strong and s.score >= TIE * top}
        lead_doc = scored[0].doc if scored else None
        if lead_doc is not None and lead_doc.service and len(holders) >= 2:
            # "encrypting our ebs volumes with a kms key": EBS's duty names KMS itself
            # ("Volume encryption configuration (using KMS)"), so the duty is EBS's.
            others = [x for x in slugs if x != lead_doc.service]
            if all(index.service_name_stems.get(x, frozenset()) & lead_doc.stems for x in others):
                holders = {lead_doc.service}
        if not compare and top >= STRONG and len(holders) >= 2:
            # "iam roles across ec2, lambda, ecs": one duty asked about several services.
            return _topic(query, scored, side, unknown_penalty, [x for x in slugs if x in holders])
        if not compare and top < STRONG and not _cue(reading, v.CARD) and _asks_who(reading):
            # "ec2 can't reach rds, the nacl blocks it: who maintains the acl rules?": the
            # services named tell the story; the duty asked may be another service's.
            every = _score(
                index, _service_docs(index, index.service_slugs, None), content, {}, topics
            )
            if every and every[0].strong and every[0].score >= STRONG and every[0].doc.service:
                other = every[0].doc.service
                own = [s for s in every if s.doc.service == other]
                rest = [x for x in slugs if x != other]
                return _who(
                    index,
                    query,
                    [other, *rest],
                    variant if other == "ecs" else None,
                    own,
                    side,
                    fuzzy_penalty + unknown_penalty + 0.05,
                    lean,
                )
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
        return _who(
            index, query, slugs, variant, scored, side, fuzzy_penalty + unknown_penalty, lean
        )

    slug = slugs[0]
    variant = variant if slug == "ecs" else None
    if best_practice and loose_only:
        # "recommended way for instances in a private subnet to reach the internet": a word
        # that only loosely names a service ("instances") yields to another service's advice
        # that says the rest.
        advice = [d for d in index.docs if d.kind == "best_practice"]
        ranked = _score(index, advice, content, {}, topics)
        # Two of its words at least: "back up data on instances" is not RDS's backup advice.
        if ranked and ranked[0].strong and ranked[0].score >= STRONG and len(ranked[0].hits) >= 2:
            own = next((r for r in ranked if r.doc.service == slug), None)
            if ranked[0].doc.service != slug and (
                own is None or own.score < _CLEARLY * ranked[0].score
            ):
                slug = ranked[0].doc.service or slug
    if loose_only and not best_practice:
        # "does aws set up the NAT so our private instances can pull updates?": a service named
        # only by a plain word yields to another's duty that says the rest in its own words.
        slug = _said_elsewhere(index, slug, content, topics) or slug
        variant = variant if slug == "ecs" else None
    if best_practice:
        return _best_practices(index, query, slug, content, mention_stems, topics)
    if switching_asked:
        # "we never turned cloudtrail on", "is it on by default?": switching the service
        # itself on is its enablement.
        # ("who turns on the trail": the service's own name is not another subject.)
        own_name = index.service_name_stems.get(slug, frozenset())
        rest = {st: w for st, w in content.items() if st not in _SWITCHING | own_name}
        if given is not None or only_switching or not _meaningful(rest):
            content = {**rest, _ENABLEMENT: index.idf.get(_ENABLEMENT, 1.0)}
        elif any(
            _ENABLEMENT in d.stems and d.kind == "duty" and d.party == "customer"
            for d in _service_docs(index, [slug], variant)
        ):
            # "no trail existed, nobody ever switched it on": the switching on is asked beside
            # the story's words, and weighs as one of them where a duty is an enablement.
            content = {**content, _ENABLEMENT: index.idf.get(_ENABLEMENT, 1.0)}
    docs = [d for d in _service_docs(index, [slug], variant) if d is not given]
    scored = _score(index, docs, content, mention_stems, topics)
    top = _coverage(scored)
    # General verbs name a duty only when one duty says all of them ("secures the service").
    meaningful = _meaningful(content) or (top >= 0.9 and bool(scored) and scored[0].strong)
    whole_split = _cue(reading, v.WHOLE_SPLIT)
    if (
        whole_split
        and set(reading.words) & v.WHO_WORDS
        and meaningful
        and top >= STRONG
        and _split_of_one_duty(scored, top)
    ):
        # "os updates on our instances, who does what? the host vs the guest": the split of
        # one duty that each side holds a part of, not the whole card.
        whole_split, lean = False, "shared"
    wants_card = whole_split or (
        _cue(reading, v.CARD)
        and not _cue(reading, v.WHO)
        and (lean != "shared" or _cue(reading, v.RESPONSIBILITY))
    )
    if howto and meaningful and (not scored or scored[0].own < STRONG):
        # "how do I ssh into it": a procedure, unless the document's own words name the duty.
        return _unknown(index, reading, query, None, suggest=(_name(index, slug),))
    if meaningful and top >= STRONG and _cue(reading, v.ACROSS_SERVICES) and not wants_card:
        # "iam roles across all the services we use": the duty wherever it is held.
        every = _score(index, _service_docs(index, index.service_slugs, None), content, {}, topics)
        if len({x.doc.service for x in every if x.strong and x.score >= 0.5 * top}) >= 2:
            return _topic(query, every, side, fuzzy_penalty + unknown_penalty)
    named_fully = bool(scored) and _names_fully(index, scored[0], content)
    granted = _grants_enabling(reading)
    if granted:
        # "if we ticked the box, does amazon take the nightly backups?": the switching on is
        # given, so it leans no side and its duty is not what is asked.
        lean = None if lean == "customer" else lean
        scored = _enabling_last(scored)

    def who_of_this_service(penalty: float) -> Answer:
        return _who(index, query, [slug], variant, scored, side, penalty, lean, granted)

    if meaningful and (top >= STRONG or named_fully) and scored[0].strong and not wants_card:
        return who_of_this_service(fuzzy_penalty + unknown_penalty)
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
        other = _said_elsewhere(index, slug, content, topics)
        if other is not None and _asks_who(reading) and not wants_card:
            # "we hand a lambda temporary rights on a key through grants: who manages those?":
            # nothing of Lambda's says it, KMS's grant management says all of it.
            own = _score(index, _service_docs(index, [other], None), content, {}, topics)
            return _who(
                index, query, [other, slug], None, own, side, fuzzy_penalty + unknown_penalty + 0.05
            )
    asks_card = _cue(reading, v.CARD) or wants_card
    if (
        _asks_who(reading)
        and meaningful
        and top >= _WHO_FLOOR
        and scored[0].strong
        and not asks_card
    ):
        # Asked who, and one duty is the likeliest: answer it, saying it is not sure.
        return who_of_this_service(fuzzy_penalty + unknown_penalty + 0.2)
    # A service with words srm does not know: its card, saying it is unsure of the rest.
    unsure = 0.45 if meaningful and top < 0.3 and not asks_card else 0.0
    confidence = 0.9 - fuzzy_penalty - unsure
    items = _card_items(index, slug, variant)
    if side == "customer":
        # "what are we responsible for in rds?", "our half of vpc": our side first.
        items = sorted(items, key=lambda item: item.party != "customer")
    return Answer(
        query,
        "service",
        (slug,),
        variant,
        items=tuple(items),
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
    lean: str | None = None,
    granted: bool = False,
) -> Answer:
    duties = [s for s in scored if s.doc.kind == "duty" and s.doc.service == slugs[0]]
    if len(duties) >= 2 and _leads_by_own_words(duties[1], over=duties[0]):
        # A duty that says the question in its own words leads one as close that only a
        # phrasing matched.
        duties = [duties[1], duties[0], *duties[2:]]
    others = [s for s in scored if s not in duties]
    top = duties[0].score if duties else 0.0
    best = {p: next((s for s in duties if s.doc.party == p), None) for p in ("aws", "customer")}
    verdict = duties[0].doc.party if duties else None
    a, c = best["aws"], best["customer"]
    lead: list[Scored] = []
    practice = next(
        (s for s in others if s.doc.kind == "best_practice" and s.doc.service == slugs[0]), None
    )
    if granted and practice and _ENABLE in practice.doc.stems:
        practice = None  # the enabling it advises is granted
    if _machinery_asked(index, query, a, c, practice, top):
        # The equipment under a feature (a replica's hardware, a key store's HSMs): AWS's
        # infrastructure for the feature, not the enabling the customer's side says.
        verdict, lead, practice = "aws", [a], None
    elif practice and practice.strong and practice.score > top and lean != "shared":
        # The question is worded as one of the service's best practices: the customer's to do.
        verdict, lead = "customer", [practice] + ([c] if c else [])
    elif (
        lean == "customer"
        and a
        and c
        and c.strong
        and c.score >= _ACTS * top
        and (
            c.score >= a.score
            or any(
                st in a.doc.stems and index.idf.get(st, 0.0) >= _TELLING
                for st in a.hits
                if st in c.hits
            )
        )
    ):
        # "who turns it on": of the two sides of a topic, the one that acts (when its duty
        # is on the same subject: "who sets up replication in the AZ?" is still AWS's).
        verdict, lead = "customer", [c]
    elif a and c and _both_hold(index, a, c, top, lean):
        verdict = "shared"
        first, second = (a, c) if side != "customer" else (c, a)
        lead = [first, second]
    elif duties:
        lead = [duties[0]]
    if slugs[0] == "ecs" and variant is None:
        verdict, lead = _by_launch_type(duties, verdict, lead, top)
    rest = [s for s in duties if s not in lead and s.score >= 0.5 * top]
    rest += [
        s for s in others if s not in lead and s.score >= 0.5 * top and s.doc.service == slugs[0]
    ]
    chosen = lead + rest
    top = max(top, practice.score if practice else 0.0)
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


_INFRA_STEMS = frozenset(stem(w) for w in ("infrastructure", "hardware", "physical", "hsm"))


def _machinery_asked(
    index: Index,
    query: str,
    a: Scored | None,
    c: Scored | None,
    practice: Scored | None,
    top: float,
) -> bool:
    """Whether the question asks about the machinery under a feature and AWS's side holds it:
    AWS's best duty is infrastructure, close to (but below) the best match, and the customer's
    best duty or practice says nothing of the machinery asked."""
    if a is None or not a.strong or not (_INFRA_STEMS & a.doc.stems):
        return False
    if not set(words(query.lower()[:MAX_QUESTION])) & v.MACHINERY:
        return False  # (the common case, before any clause is read again)
    # In the clause that asks: a story that grants AWS the machinery and asks of something else
    # is not asking about it (unless the asking clause names nothing of its own and points back).
    clause = _asking_clause(query) or query
    if clause != query and not _meaningful(_content(index, read(index, clause), set())):
        clause = query
    asked = set(words(clause.lower()[:MAX_QUESTION])) & v.MACHINERY
    if not asked:
        return False
    rivals = [s for s in (c, practice) if s is not None]
    best = max([top, *(s.score for s in rivals)])
    if a.score < 0.6 * best or a.score >= best:
        return False  # AWS's part is already the answer, or too weak to be what is asked
    said = {stem(w) for w in asked}
    return not any(said & s.doc.stems for s in rivals)


def _leads_by_own_words(candidate: Scored, over: Scored) -> bool:
    """Whether `candidate`, as close as `over`, says the question in the document's own words
    where `over` matched only through its phrasings."""
    return (
        candidate.strong
        and candidate.score >= TIE * over.score
        and candidate.own >= STRONG
        and over.own < _OWN_ONLY_PHRASED
    )


def _by_launch_type(
    duties: list[Scored], verdict: str | None, lead: list[Scored], top: float
) -> tuple[str | None, list[Scored]]:
    """ECS asked without a launch type: when each launch type has the duty, the answer is the
    two of them ("who patches ECS": on Fargate AWS, on the EC2 launch type you), `shared`
    when their holders differ."""
    per_type = {}
    for s in duties:
        if s.doc.launch_type and s.doc.launch_type not in per_type and s.strong:
            per_type[s.doc.launch_type] = s
    if len(per_type) < 2 or min(s.score for s in per_type.values()) < TIE * top:
        return verdict, lead
    pair = sorted(per_type.values(), key=lambda s: s.doc.order)
    parties = {s.doc.party for s in pair}
    return ("shared" if len(parties) > 1 else pair[0].doc.party), pair


def _both_hold(index: Index, a: Scored, c: Scored, top: float, lean: str | None) -> bool:
    """Whether AWS's and the customer's best duties are both the duty asked about (`shared`):
    their own words match it equally well; a question that asks whether it is split ("all
    Amazon's, or some of it ours?") needs only that each holds a real part of it."""
    if top <= 0:
        return False
    if lean == "shared":
        # Asked whether it is split: a part of the same duty on each side is enough. The
        # weaker side must have the rarest of the stronger one's own words asked ("customer master
        # keys: fully ours?" is not shared because AWS stores keys).
        leader, other = (a, c) if a.score >= c.score else (c, a)
        if not _part_of(index, leader, other, by_topic=True):
            return False
        return (a.strong or c.strong) and min(a.score, c.score) >= _TOPIC_PART
    leader, other = (a, c) if a.score >= c.score else (c, a)
    if (
        lean is None
        and _INFRASTRUCTURE in leader.doc.stems
        and len(leader.hits) == 1
        and leader.own >= TIE
        and other.score >= _TOPIC_PART
        and _part_of(index, leader, other, by_topic=True)
    ):
        # Asked in one word that names a topic ("dynamo backups, who?"), where one side runs
        # the infrastructure for it: both sides' parts of it are the answer (AWS's backup
        # infrastructure, our point-in-time recovery); "DDoS protection" is AWS's alone.
        return True
    if not (a.strong and c.strong):
        return False
    best_own = max(a.own, c.own)
    if best_own <= 0 or min(a.own, c.own) < TIE * best_own:
        return False
    # Equal in the document's words, but the question's other words pick one side clearly;
    # and both must hold the rarest word asked ("log delivery" and "the log bucket" share
    # only "log": two duties, not one split).
    if min(a.score, c.score) < _CLEARLY * max(a.score, c.score):
        return False
    return _part_of(index, leader, other)


def _part_of(index: Index, lead: Scored, other: Scored, by_topic: bool = False) -> bool:
    """Whether `other` holds a part of the very duty `lead` is: it has the rarest of the words
    of `lead`'s own text that the question asked, or (`by_topic`, when the question asks whether
    the duty is split) that word is the name of a topic both belong to ("backups" in DynamoDB:
    AWS's backup infrastructure, our point-in-time recovery)."""
    said = [st for st in lead.hits if st in lead.doc.stems]
    if not said:
        return True
    rarest = max(said, key=lambda st: (index.idf.get(st, 0.0), st))
    if rarest in other.hits:
        return True
    if not by_topic:
        return False
    # The topic that word names itself ("backups" is the backup topic; an HSM is no "keys").
    topics = {
        m.value
        for m in index.phrases.get((rarest,), ())
        if m.kind == "topic" and stem(m.value) == rarest
    }
    return bool(topics & lead.doc.topics & other.doc.topics)


def _turns_on(reading: Reading) -> bool:
    """ "turn it on", "turned cloudtrail on", "on by default": switching something on."""
    if reading.has(v.BY_DEFAULT):
        return True
    ws = reading.words
    return any(w in v.TURN_VERBS and "on" in ws[i + 1 : i + 4] for i, w in enumerate(ws))


def _a_duty_says_it(index: Index, reading: Reading, spans: list[Span]) -> bool:
    """Whether a duty that names the product also says the rest of what is asked ("who
    configures waf rules": "WAF rules (if using AWS WAF)")."""
    named = {i for span in spans for i in range(span.start, span.end)}
    product = {reading.stems[i] for i in named}
    # The product's own words said again ("the secrets kept in secrets manager") are the
    # product, not what is asked of it.
    rest = {st: w for st, w in _content(index, reading, named).items() if st not in product}
    if not _meaningful(rest):
        return False
    topics = {x.mention.value for x in reading.kinds("topic")}
    # The most telling word asked must be the duty's own: "storing secrets in secrets manager"
    # is Lambda's advice, rotating them there is that product's business.
    telling = max(rest, key=lambda st: (rest[st], st))
    for x in _score(index, index.docs, rest, {}, topics)[:3]:
        if (
            x.doc.kind in ("duty", "best_practice")
            and product & x.doc.stems
            and x.own >= STRONG
            and telling in x.doc.stems
        ):
            return True
    return False


def _asks_compliance(index: Index, reading: Reading, query: str) -> bool:
    """A compliance cue in the question that asks ("…: auditor asked and I blanked" tells
    why someone asks; the asking clause decides)."""
    clause = _asking_clause(query)
    asked = read(index, clause) if clause is not None else reading
    if _cue(asked, v.COMPLIANCE) or clause is None:
        if not _only_askers(asked):
            return True
        # "our auditors want to know who guards the data centers": a duty asked for them.
        askers = _asker_stems(index)
        content = {st: w for st, w in _content(index, asked, set()).items() if st not in askers}
        if not _meaningful(content):
            return True  # "what do the auditors need from us?"
        topics = {s.mention.value for s in asked.kinds("topic")}
        named = _score(index, index.docs, content, {}, topics)
        return not (named and named[0].strong and named[0].score >= WEAK_MATCH)
    if _cue(asked, v.ACROSS):
        return False  # "the auditor asks …: is it the same for every service?" is a topic
    # An asking clause that points back ("data residency - aws or us?", "audit logs for
    # compliance: who has to review them?") asks about a cue said before it; a cue after the
    # question ("… ? the auditor asked") only tells why it is asked.
    before = query[: query.find(clause)] if clause in query else ""
    story = read(index, before)
    if not _cue(story, v.COMPLIANCE):
        return False
    if _only_askers(story):
        # Auditors who want to see what a duty records, then "who should have done that?":
        # the story names a duty for the auditors; it is that duty that is asked.
        askers = _asker_stems(index)
        content = {st: w for st, w in _content(index, reading, set()).items() if st not in askers}
        topics = {s.mention.value for s in reading.kinds("topic")}
        named = _score(index, index.docs, content, {}, topics)
        if named and named[0].strong and named[0].score >= STRONG:
            return False
    if asked.has(v.POINTING_BACK):
        return True
    content = _content(index, asked, set())
    if not _meaningful(content):
        return True
    if _names_a_row(index, content):
        return True  # "iso 27001 prep: for encryption, what does amazon provide?"
    # "an auditor wants to know: who guards the server rooms?" names a duty of its own.
    topics = {s.mention.value for s in asked.kinds("topic")}
    named = _score(index, index.docs, content, {}, topics)
    return not (named and named[0].strong and named[0].own >= STRONG)


def _asker_stems(index: Index) -> set[str]:
    """The stems of the compliance words that name who asks ("auditors")."""
    return {index.family(stem(w)) for p in v.COMPLIANCE_ASKERS for w in p.split()}


def _names_a_row(index: Index, content: dict[str, float]) -> bool:
    """Whether the question's subject is one compliance row's name ("encryption", "audit
    logs"): asked after a framework, it asks that row ("pci: who secures the data" does not
    name "data residency")."""
    subject = {st for st in content if st not in _WEAK}
    return bool(subject) and any(
        subject == {index.family(stem(w)) for w in words(d.label or "")} - _WEAK
        for d in index.by_kind.get("compliance", ())
    )


def _only_askers(reading: Reading) -> bool:
    """Whether the compliance words are only who asks ("our auditors want to know who guards
    the data centers"), not a framework or a compliance matter."""
    said = {p for p in v.COMPLIANCE if reading.has((p,), stems=True)}
    return bool(said) and said <= v.COMPLIANCE_ASKERS


def _asks_who(reading: Reading, owning: bool = True) -> bool:
    """Whether the question asks which side holds something: a who-cue, or a yes/no question
    about the split ("we have to switch it on ourselves?", "isn't that amazon's job?").
    `owning=False` (beside an off-topic word): "our" and "my" name no side ("will it blow up
    our bill?"), and a party with a question mark is no choice of sides."""
    if _cue(reading, v.WHO) or _lean(reading) == "shared":
        return True
    # "aws going to fix that or nah", "amazon does the backups?": a party and a question.
    parties = v.AWS_WORDS | (v.CUSTOMER_WORDS if owning else v.CUSTOMER_WORDS - v.OWNING)
    names_party = bool(set(reading.words) & parties)
    # Beside a price or a quota, a question mark and "we" ask the figure ("is there a quota
    # on how many vpcs we can have?"): a choice of sides asks who, or AWS named with it.
    asked = " or " in reading.text or (
        "?" in reading.question and (owning or bool(set(reading.words) & v.AWS_WORDS))
    )
    return (names_party and asked) or (side_confirmed(reading.words, reading.question))


def _split_of_one_duty(scored: list[Scored], top: float) -> bool:
    """Whether each side holds a strong duty among the best matched."""
    near = [s for s in scored if s.strong and s.doc.kind == "duty" and s.score >= 0.5 * top]
    return {s.doc.party for s in near} == {"aws", "customer"}


def _lean(reading: Reading) -> str | None:
    """What the question's wording says of the split when both sides hold part of a topic:
    asking whether it is divided leans `shared`; a verb of doing (turn on, set up, pick) leans
    to the customer, who does such things."""
    if _cue(reading, v.SPLIT):
        return "shared"
    if _cue(reading, v.DOING) and not _cue(reading, v.NOT_DOING):
        return "customer"
    return None


def _best_practices(
    index: Index,
    query: str,
    slug: str,
    content: dict[str, float],
    mention_stems: dict[str, float],
    topics: set[str],
) -> Answer:
    own = index.by_service.get(slug, [])
    docs = [d for d in own if d.kind == "best_practice"]
    if not docs:
        # The document lists no best practices for this service: what you own is what to do.
        docs = [d for d in own if d.kind == "duty" and d.party == "customer"]
    scored = {id(s.doc): s.score for s in _score(index, docs, content, mention_stems, topics)}
    ranked = sorted(docs, key=lambda d: (-scored.get(id(d), 0.0), d.order))
    items = tuple(_item(d, scored.get(id(d), 0.0)) for d in ranked)
    return Answer(query, "best_practices", (slug,), items=items, confidence=0.85)


def _workload_mix(reading: Reading) -> bool:
    """Whether the question lists two kinds of workload or more (vms, containers, serverless)."""
    # Listed: side by side or joined by "and"/"or" ("the db password we pass into the
    # function" names two kinds, but lists none).
    ws = reading.words
    kinds = [(i, v.WORKLOAD_KINDS[w]) for i, w in enumerate(ws) if w in v.WORKLOAD_KINDS]
    return any(
        k1 != k2 and all(w in v.LISTING for w in ws[i + 1 : j])
        for (i, k1), (j, k2) in pairwise(kinds)
    )


def _no_service(
    index: Index,
    reading: Reading,
    query: str,
    content: dict[str, float],
    topics: set[str],
    side: str | None,
    penalty: float,
    across: bool = False,
) -> Answer:
    scored = _score(index, index.docs, content, {}, topics)
    top = _coverage(scored)
    if _cue(reading, v.COMPLIANCE) and _asks_compliance(index, reading, query):
        return _compliance(index, query, content, topics, side)
    meaningful = _meaningful(content)
    # How much of the question the best of the likeliest duties says in its own words (the
    # story around it, "trying to fill in a vendor form", thins the first one's).
    best_own = max((s.own for s in scored[:5] if s.strong), default=0.0)
    names_a_duty = meaningful and best_own >= STRONG
    # "the model", "principles" ask for the model ("our threat model" does not); "in
    # general" only when no duty is named.
    explicit = reading.has(("principle", "principles")) or _the_model(reading)
    soft = not any(reading.has((p,)) for p in v.PRINCIPLES if p not in v.SOFT_PRINCIPLES)
    if _cue(reading, v.PRINCIPLES) and (
        explicit or not (names_a_duty or (soft and meaningful and best_own >= WEAK_MATCH))
    ):
        return _principles(index, query, side, reading)
    if _cue(reading, v.SRM_CUES) and best_own < WEAK_MATCH:
        # "how do i use this thing, do i type a service name?": about srm, and no duty is
        # named in the document's own words.
        return Answer(query, "help", confidence=0.8)
    if not meaningful and not topics:
        if reading.unknown_words:
            return _unknown(index, reading, query, None)
        said = set(reading.words)
        if said & v.AWS_WORDS and said & (v.CUSTOMER_WORDS - {"you", "your"}):
            # "what does aws secure and what do we?": each side's part, in general.
            return _principles(index, query, side, reading)
        if _cue(reading, v.HELP) or all(
            w in v.STOPWORDS or w in v.GREETINGS for w in reading.words
        ):
            return Answer(query, "help", confidence=1.0)
        if (
            side
            and (_cue(reading, v.WHO) or _cue(reading, v.RESPONSIBILITY))
            and not _ours_unnamed(reading)
        ):
            # "what are we responsible for" ("who keeps our asset inventory current" names a
            # thing of its own the knowledge has no word for).
            return _principles(index, query, side, reading)
        return _unknown(index, reading, query, None)
    if reading.unknown_words and top < 0.5:
        return _unknown(index, reading, query, None)
    if _done_to_a_plain_thing(reading, content) or _personal_thing(reading, content):
        return _unknown(index, reading, query, None)
    fully = scored[0] if scored and _names_fully(index, scored[0], content) else None
    if scored and fully is None:
        # A duty the question names word for word leads one that only shares words with it
        # (when close), and a long story that thins every match does not hide it.
        fully = next(
            (
                s
                for s in scored[:10]
                if s.strong
                and _names_fully(index, s, content)
                and (top < STRONG or s.score >= _CLEARLY * top)
            ),
            None,
        )
        if fully is not None:
            scored = [fully] + [s for s in scored if s is not fully]
    named_fully = fully is not None
    if (top >= STRONG or named_fully) and scored[0].strong:
        duties = [s for s in scored if s.doc.kind in ("duty", "best_practice")]
        lead = scored[0]
        if lead.doc.kind == "compliance":
            if not duties or duties[0].score < 0.8 * top:
                return _compliance(index, query, content, topics, side)
            lead = duties[0]
        asks_advice = _bp_cue(reading)
        if asks_advice and lead.doc.kind != "best_practice":
            # Asked for advice: a practice nearly as close as the best duty is what was asked.
            advice = next((s for s in duties if s.doc.kind == "best_practice"), None)
            if advice is not None and advice.strong and advice.score >= _CLEARLY * lead.score:
                lead = advice
        if asks_advice and lead.doc.kind == "best_practice" and lead.doc.service:
            # "is enabling x-ray recommended for our functions?": that service's advice.
            return _best_practices(index, query, lead.doc.service, content, {}, topics)
        # A duty that only one service holds is a question about that service ("who sets up
        # direct connect" is VPC's); one that several hold is a topic ("who patches the OS").
        said_topics = tuple(x.mention.value for x in reading.kinds("topic"))
        matched = _matched(index, lead, duties, content)
        if not matched and not _phrased_enough(lead, content, said_topics):
            # A lead found by one word of its phrasings yields to a close duty that says the
            # question in its own words or in more of its phrasings ("access keys three years
            # old: who cycles them" is IAM's key rotation, not KMS's yearly one).
            lead = next(
                (
                    s
                    for s in duties[:_ALTERNATIVES]
                    if s is not lead
                    and s.strong
                    and (
                        (s.score >= _HALF * lead.score and _phrased_enough(s, content, said_topics))
                        or (s.score >= TIE * lead.score and _matched(index, s, duties, content))
                    )
                ),
                lead,
            )
            matched = _matched(index, lead, duties, content)
        if not matched and not _phrased_enough(lead, content, said_topics):
            # One everyday word shared with a duty's phrasings ("the office") is no AWS question.
            return _unknown(index, reading, query, None)
        if matched:
            # Words most duties use ("data", "policies") do not tell one holder from another:
            # "data lifecycle" is held wherever lifecycles are. General verbs stay: "security"
            # is what tells VPC's "global network security" from CloudFront's CDN network.
            telling = [st for st in matched if st in _WEAK or index.idf.get(st, 0.0) >= _TELLING]
            matched = telling or matched
            holding = set(index.text_postings.get(matched[0], ()))
            for st in matched[1:]:
                holding &= set(index.text_postings.get(st, ()))
            # A duty asked by what is done to one thing ("who patches the hypervisor") is held
            # wherever that thing is, not only by the duty that also says the doing.
            objects = [st for st in matched if st not in _WEAK and st not in _ACTIONS]
            if len(objects) == 1 and len(matched) > 1:
                wherever = set(index.text_postings.get(objects[0], ()))
                if len(_holders(index, wherever)) > 1:
                    holding = wherever
            holders = _holders(index, holding)
        else:
            holders = {index.about(s.doc) for s in duties if s.strong and s.score >= TIE * top}
        if any(s.doc.kind == "principle" and s.doc.stems <= content.keys() for s in scored[:10]):
            # A line of the model itself says it ("application code security"): every service's.
            holders = set()
        if across or _cue(reading, v.ACROSS):
            holders = set()  # "across all our services": asked as a topic, whoever holds it
        if len(holders) == 1:
            (slug,) = holders
            own = [s for s in scored if s.doc.service == slug]
            if own:
                return _who(index, query, [slug], None, own, side, penalty + 0.05, _lean(reading))
    if scored and (top >= 0.3 or topics):
        answer = _topic(query, scored, side, penalty)
        lead = scored[0].doc
        kept = [s.doc for s in scored if s.score >= 0.5 * top][:15]
        if (
            lead.kind == "duty"
            and all(d.service == lead.service for d in kept)
            and not _said_by_the_model(index, lead)
        ):
            # Every line close enough is one service's ("the backend that checks mfa codes"):
            # a question about that service, not a topic across services. A line of the model
            # that says it too ("data classification") makes it everyone's.
            own = [s for s in scored if s.doc.service == lead.service]
            return _who(
                index, query, [lead.service], None, own, side, penalty + 0.1, _lean(reading)
            )
        return answer
    if _cue(reading, v.HELP):
        return Answer(query, "help", confidence=0.8)
    return _unknown(index, reading, query, None)


def _matched(
    index: Index, lead: Scored, duties: list[Scored], content: dict[str, float]
) -> list[str]:
    """The question's stems the lead says in its own words; none when those are only a
    general verb, or fewer than its phrasings' words ("stateless deny rules"): then the duty
    its phrasings found is what was asked, and its own words say nothing of who else holds
    it."""
    matched = [st for st in content if st in lead.doc.stems]
    phrased = [st for st in content if st in lead.doc.asked]
    others = [s.score for s in duties if s.doc.service != lead.doc.service]
    clear = not others or max(others) < _CLEARLY * lead.score
    if (all(st in _WEAK for st in matched) and _phrased_enough(lead, content)) or (
        len(phrased) >= 2 and len(phrased) > len(matched) and clear
    ):
        return []
    return matched


def _personal_thing(reading: Reading, content: dict[str, float]) -> bool:
    """Whether the question is about one person's own device ("docker desktop on my mac"):
    personal IT, not the company's AWS."""
    ws = reading.words
    return any(w == "my" and ws[i + 1] in v.PERSONAL_DEVICES for i, w in enumerate(ws[:-1]))


def _said_by_the_model(index: Index, doc: Doc) -> bool:
    """Whether a line of the model itself says the duty ("Application security and code",
    "Data classification and protection"): then it is everyone's, not one service's."""
    return any(len((doc.stems & d.stems) - _WEAK) >= 2 for d in index.by_kind.get("principle", ()))


def _done_to_a_plain_thing(reading: Reading, content: dict[str, float]) -> bool:
    """Whether the question only says what is done (patched, backed up, rotated) to things
    the knowledge has no word for ("who backs up the team's recipe binder"): nothing of AWS is
    named, so no duty is asked."""
    if set(reading.words) & v.AWS_WORDS:
        return False
    plain = set(reading.plain_words) | set(reading.unknown_words)
    said = [
        st
        for st in content
        if st not in _WEAK and not any(w in plain and stem(w) == st for w in reading.words)
    ]
    if not said or not all(st in _DONE_TO for st in said):
        return False
    # The thing is the object right after the doing ("backs up the team wiki"), not what
    # follows "for" or "of" ("who backs up the site for our startup" asks for a startup).
    ws = reading.words
    done = next((i for i, st in enumerate(reading.stems) if st in _DONE_TO), None)
    if done is None:
        return False
    after = [w for w in ws[done + 1 : done + 5] if w not in v.DETERMINERS]
    return bool(after) and after[0] in plain


def _ours_unnamed(reading: Reading) -> bool:
    """Whether "our" comes before a thing the knowledge has no word for ("our asset
    inventory")."""
    ws = reading.words
    plain = set(reading.plain_words) | set(reading.unknown_words)
    return any(w == "our" and ws[i + 1] in plain for i, w in enumerate(ws[:-1]))


def _holders(index: Index, docs: set[int]) -> set[str]:
    """The services (launch types apart) whose duties or practices are among `docs`."""
    return {
        index.about(index.docs[i])
        for i in docs
        if index.docs[i].service and index.docs[i].kind in ("duty", "best_practice")
    }


def _the_model(reading: Reading) -> bool:
    """Whether "model" names the responsibility model ("the model", "aws's model"), not some
    other model ("our threat model", "the data model")."""
    ws = reading.words
    return any(w == "model" and (i == 0 or ws[i - 1] in v.MODEL_OWNERS) for i, w in enumerate(ws))


def _names_fully(index: Index, candidate: Scored, content: dict[str, float]) -> bool:
    """Whether the question says every word of the duty (but general verbs and its service's
    name), two at least: named so, it is what was asked however long the story around it
    ("IR retro action item: we need flow logs next time, do we turn them on?")."""
    service = index.service_name_stems.get(candidate.doc.service or "", frozenset())
    words = {st for st in candidate.doc.stems if st not in _WEAK and st not in service}
    return len(words) >= 2 and words <= content.keys()


def _phrased_enough(
    lead: Scored, content: dict[str, float], said_topics: tuple[str, ...] = ()
) -> bool:
    """A duty found only through its phrasings needs two of their words, or most of the
    question, to be what was asked; or one, when the question names the duty's topic over
    and over in words of its own ("floods us with junk traffic to knock us offline": DDoS)."""
    hits = [st for st in content if st in lead.doc.asked]
    again = sum(1 for t in said_topics if t in lead.doc.topics) >= 2
    return len(hits) >= 2 or lead.score >= 0.8 or (bool(hits) and again)


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
    docs = list(index.by_kind.get("compliance", ()))
    asked = set(content)
    # A framework's name says why it is asked ("audit logs for the ISO audit"): it weighs
    # less than the row asked about, though the certifications cell names it.
    content = {
        k: w * _STORY_WEIGHT if k in _FRAMEWORK_STEMS else w
        for k, w in content.items()
        if k not in _COMPLIANCE_STEMS
    }
    scored = {id(s.doc): s.score for s in _score(index, docs, content, {}, topics)}
    rows: dict[str, float] = {}
    total = sum(content.values())
    for d in docs:
        # The row's own name counts as its words ("access control for the audit" is the
        # Access Control row, though neither cell says "access").
        named = {index.family(stem(w)) for w in words(d.label or "")}
        by_name = sum(w for st, w in content.items() if st in named) / total if total else 0.0
        if named and named <= asked:
            by_name = 1.0  # named in full: "infrastructure compliance"
        best = max(scored.get(id(d), 0.0), by_name)
        rows[d.label or ""] = max(rows.get(d.label or "", 0.0), best)
    first_party = side or "aws"

    def key(d: Doc) -> tuple:
        return (-rows[d.label or ""], -scored.get(id(d), 0.0), d.party != first_party, d.order)

    ranked = sorted(docs, key=key)
    items = tuple(_item(d, scored.get(id(d), 0.0)) for d in ranked)
    return Answer(query, "compliance", items=items, confidence=0.85, side=side)


_COMPLIANCE_STEMS = frozenset(stem(w) for w in ("compliance", "compliant", "requirement"))
_FRAMEWORK_STEMS = frozenset(
    stem(w)
    for w in ("soc", "soc2", "iso", "27001", "pci", "dss", "hipaa", "gdpr", "sox", "fedramp")
)


def _principles(
    index: Index, query: str, side: str | None, reading: Reading | None = None
) -> Answer:
    docs = list(index.by_kind.get("principle", ()))
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
    matched: dict[int, float] = {}
    if reading is not None:
        content = _content(index, reading, set())
        topics = {s.mention.value for s in reading.kinds("topic")}
        matched = {s.doc.order: s.score for s in _score(index, docs, content, {}, topics)}
    # The side asked about first; within it, the lines the question names ("power and
    # cooling": physical security and environmental controls), then the document's order.
    docs.sort(
        key=lambda d: (side is not None and d.party != side, -matched.get(d.order, 0), d.order)
    )
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
    not_covered = kind = None
    if span is not None:
        not_covered = " ".join(reading.words[span.start : span.end])
        kind = span.mention.kind
    suggestions = suggest if suggest is not None else (() if span else _suggest(index, reading))
    return Answer(
        query,
        "unknown",
        confidence=0.0,
        suggestions=suggestions,
        not_covered=not_covered,
        not_covered_kind=kind,
    )

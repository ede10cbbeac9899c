"""The in-memory index the engine answers from, built once from a `Knowledge` value.

Everything a question is matched against is precomputed here: the stems of every duty, best
practice, principle and compliance cell with their rarity (idf); the phrases that name a service,
a launch type, a topic or something out of scope; and the vocabulary that misspellings are
corrected towards.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from bot import domain
from bot.engine import vocabulary as v
from bot.engine.text import stem, words

# The single tokens fixed phrases fold into ("point in time" -> pointintime), as stems.
_FOLDED = frozenset(stem(f) for f in v.PHRASES.values() if " " not in f)

# A phrase of the question, as stems, names one of these.
MAX_PHRASE = 5


@dataclass(frozen=True)
class Doc:
    """Something an answer can cite: a duty, best practice, principle or compliance cell."""

    kind: str
    text: str
    stems: frozenset[str]
    topics: frozenset[str]
    service: str | None = None
    party: str | None = None
    launch_type: str | None = None
    label: str | None = None
    order: int = 0
    weight: float = 1.0  # the summed rarity of its words
    checks: tuple[domain.Check, ...] = ()  # a customer duty's Security Hub controls
    # Stems of the everyday phrasings of this duty (knowledge/asked_as.yaml) that its own text
    # lacks: a question in other words than the document's still finds it.
    asked: frozenset[str] = frozenset()

    def has(self, st: str) -> bool:
        return st in self.stems or st in self.asked


@lru_cache(maxsize=20_000)
def _phrase_stems(phrase: str) -> frozenset[str]:
    """The stems a phrasing adds to its duty: not filler, everyday words or general verbs."""
    return frozenset(
        stem(w)
        for w in words(phrase)
        if w not in v.STOPWORDS and w not in v.COMMON and w not in v.WEAK
    )


Buckets = dict[tuple[str, int], tuple[str, ...]]


def by_start(words_: list[str] | tuple[str, ...]) -> Buckets:
    """Words grouped by first letter and length, kept in their order (most frequent first)."""
    out: dict[tuple[str, int], list[str]] = defaultdict(list)
    for w in words_:
        if w:
            out[(w[0], len(w))].append(w)
    return {key: tuple(ws) for key, ws in out.items()}


def within_one_edit(token: str, buckets: Buckets) -> list[str]:
    """The words of `buckets` one edit or less from `token` (same first letter), in order."""
    return [
        w
        for n in (len(token) - 1, len(token), len(token) + 1)
        for w in buckets.get((token[:1], n), ())
        if OSA.distance(w, token, score_cutoff=1) <= 1
    ]


@lru_cache(maxsize=1)
def english_buckets() -> Buckets:
    return by_start(v.ENGLISH_BY_FREQUENCY)


@lru_cache(maxsize=4096)
def _near_other_word(name: str) -> bool:
    """Whether an everyday word other than `name` (and its plural or singular) is one edit
    from it."""
    return any(
        w not in (name, name + "s") and name != w + "s"
        for w in within_one_edit(name, english_buckets())
    )


def _same_word(a: str, b: str) -> bool:
    """Two stems of one word that the stemmer left apart (a long shared beginning)."""
    return len(a) >= 5 and len(b) >= 5 and (a.startswith(b) or b.startswith(a))


@dataclass(frozen=True)
class Mention:
    kind: str  # "service" | "cloud" | "oos_service" | "off_topic" | "mentioned" | "topic"
    value: str
    launch_type: str | None = None


@dataclass
class Index:
    knowledge: domain.Knowledge
    docs: list[Doc] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    postings: dict[str, list[int]] = field(default_factory=dict)
    topic_postings: dict[str, list[int]] = field(default_factory=dict)
    # Postings of the documents' own words only (not their everyday phrasings).
    text_postings: dict[str, list[int]] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], list[Mention]] = field(default_factory=dict)
    # The lengths of the phrases that start with each stem (to try only those).
    phrase_lengths: dict[str, frozenset[int]] = field(default_factory=dict)
    vocabulary: frozenset[str] = frozenset()
    correctable: tuple[str, ...] = ()
    service_slugs: tuple[str, ...] = ()
    service_words: frozenset[str] = frozenset()
    # Words of the knowledge's own texts and names (what a joined or split word is mended into).
    knowledge_words: frozenset[str] = frozenset()
    service_targets: tuple[str, ...] = ()
    # One-word names of AWS services srm does not cover, long enough to recognise misspelt.
    uncovered_targets: tuple[str, ...] = ()
    service_name_stems: dict[str, frozenset[str]] = field(default_factory=dict)
    # Stems of each service's own texts: a service named inside another service's duty
    # ("IAM roles for tasks") is then read as part of that duty, not as a second service.
    service_stems: dict[str, frozenset[str]] = field(default_factory=dict)
    # Documents by service and by kind, and the service each is about (precomputed: a question
    # never scans every document, however large the pack).
    by_service: dict[str, list[Doc]] = field(default_factory=dict)
    by_kind: dict[str, list[Doc]] = field(default_factory=dict)
    about_of: list[str | None] = field(default_factory=list)
    # Every duty and best practice, and their positions: what a question about no one service
    # is scored against (kept once, not gathered for every question).
    duties_and_practices: list[Doc] = field(default_factory=list)
    duty_and_practice_orders: frozenset[int] = frozenset()
    # The categories' names as stems ("contain", "servic"): named so, a category is no service.
    category_stems: frozenset[tuple[str, ...]] = frozenset()
    _corrections: dict[str, str | None] = field(default_factory=dict)
    _families: dict[str, str] = field(default_factory=dict)
    _kinds_of_table: frozenset[str] | None = None

    @classmethod
    def build(cls, knowledge: domain.Knowledge) -> Index:
        index = cls(knowledge)
        index._build_docs()
        index._build_phrases()
        index._build_vocabulary()
        index._build_groups()
        return index

    def _build_groups_only(self) -> None:
        """The documents by service and by kind (what `from_state` rebuilds)."""
        by_service: dict[str, list[Doc]] = defaultdict(list)
        by_kind: dict[str, list[Doc]] = defaultdict(list)
        for d in self.docs:
            if d.service:
                by_service[d.service].append(d)
            by_kind[d.kind].append(d)
        self.by_service = dict(by_service)
        self.by_kind = dict(by_kind)
        self.duties_and_practices = [
            d for kind in ("duty", "best_practice") for d in self.by_kind.get(kind, ())
        ]
        self.duty_and_practice_orders = frozenset(d.order for d in self.duties_and_practices)
        self.category_stems = frozenset(
            tuple(stem(w) for w in words(c.name)) for c in self.knowledge.categories
        )

    def _build_groups(self) -> None:
        self._build_groups_only()
        # A duty names another service by its name's words ("Network configuration (VPC,
        # subnets)" under EC2): look the names up by stem instead of trying every service.
        owners: dict[str, list[str]] = defaultdict(list)
        for slug, name_stems in self.service_name_stems.items():
            for st in name_stems:
                owners[st].append(slug)
        position = {slug: i for i, slug in enumerate(self.service_slugs)}
        about = []
        for d in self.docs:
            named = [o for st in d.stems for o in owners.get(st, ()) if o != d.service]
            about.append(min(named, key=position.__getitem__) if named else d.service)
        self.about_of = about

    # -- documents -------------------------------------------------------------------------
    def _add(self, kind: str, text: str, topics: tuple[str, ...], **where: object) -> None:
        own = frozenset(stem(w) for w in words(text) if w not in v.STOPWORDS)
        key = (where.get("service"), where.get("launch_type"), text)
        asked = frozenset().union(*(_phrase_stems(p) for p in self._phrases_of.get(key, ())))
        doc = Doc(
            kind,
            text,
            own,
            frozenset(topics),
            order=len(self.docs),
            asked=asked - own,
            **where,  # type: ignore[arg-type]
        )
        self.docs.append(doc)

    def _build_docs(self) -> None:
        k = self.knowledge
        self._phrases_of: dict[tuple, tuple[str, ...]] = {}
        for p in k.phrasings:
            self._phrases_of[(p.service, p.launch_type, p.text)] = p.phrases
        for s in k.services:
            for d in s.duties:
                self._add(
                    "duty",
                    d.text,
                    d.topics,
                    service=s.slug,
                    party=d.party,
                    launch_type=d.launch_type,
                    checks=d.checks,
                )
            for b in s.best_practices:
                self._add("best_practice", b.text, b.topics, service=s.slug, party="customer")
        for p in k.principles:
            self._add("principle", p.text, p.topics, party=p.party, label=p.heading)
        for r in k.compliance:
            self._add("compliance", r.aws, r.topics, party="aws", label=r.aspect)
            self._add("compliance", r.customer, r.topics, party="customer", label=r.aspect)
        df: dict[str, int] = defaultdict(int)
        postings: dict[str, list[int]] = defaultdict(list)
        text_postings: dict[str, list[int]] = defaultdict(list)
        for i, doc in enumerate(self.docs):
            for st in doc.stems | doc.asked:
                df[st] += 1
                postings[st].append(i)
            for st in doc.stems:
                text_postings[st].append(i)
        self.text_postings = dict(text_postings)
        n = len(self.docs)
        self.idf = {st: math.log(1 + n / c) for st, c in df.items()}
        self.postings = dict(postings)
        self.docs = [
            replace(d, weight=sum(self.idf[st] for st in d.stems) or 1.0) for d in self.docs
        ]
        self._keep_phrasings_distinct()
        topic_postings: dict[str, list[int]] = defaultdict(list)
        for i, doc in enumerate(self.docs):
            for t in doc.topics:
                topic_postings[t].append(i)
        self.topic_postings = dict(topic_postings)
        per_service: dict[str, set[str]] = defaultdict(set)
        for doc in self.docs:
            if doc.service and doc.kind == "duty":  # the matrix's cells, not the advice
                per_service[doc.service] |= doc.stems
        self.service_stems = {s: frozenset(x) for s, x in per_service.items()}

    def _keep_phrasings_distinct(self) -> None:
        """A phrasing's word that another duty of the same service has in its own text points
        to that duty, not to this one ("the guest OS" under hypervisor patching): drop it."""
        groups: dict[tuple, list[Doc]] = defaultdict(list)
        for d in self.docs:
            groups[(d.service, d.launch_type)].append(d)
        kept: dict[int, Doc] = {}
        for docs in groups.values():
            counts: dict[str, int] = defaultdict(int)
            for d in docs:
                for st in d.stems:
                    counts[st] += 1
            # Such stems share their first five letters ("delivers" -> deliv, "delivery" ->
            # deliveri), so only those are compared.
            by_start: dict[str, list[str]] = defaultdict(list)
            for st in counts:
                by_start[st[:5]].append(st)
            for d in docs:
                if not d.asked:
                    continue
                # Stems another document of the group has in its own text.
                taken = {
                    st
                    for a in d.asked
                    for st in (a, *by_start.get(a[:5], ()))
                    if counts.get(st, 0) - (st in d.stems) > 0
                }
                drop = {a for a in d.asked if a in taken or any(_same_word(a, t) for t in taken)}
                if drop:
                    kept[d.order] = replace(d, asked=d.asked - drop)
        self.docs = [kept.get(d.order, d) for d in self.docs]

    # -- phrases ---------------------------------------------------------------------------
    def _phrase(self, text: str, mention: Mention) -> None:
        key = tuple(stem(w) for w in words(text))
        if key and len(key) <= MAX_PHRASE:
            bucket = self.phrases.setdefault(key, [])
            if mention not in bucket:
                bucket.append(mention)

    def _build_phrases(self) -> None:
        k = self.knowledge
        self.service_slugs = tuple(s.slug for s in k.services)
        self.service_name_stems = {
            s.slug: frozenset({stem(w) for w in words(s.slug)} | {stem(w) for w in words(s.name)})
            for s in k.services
        }
        # Launch types are named like services ("fargate"): a misspelling is more likely one.
        self.service_words = frozenset(
            w
            for s in k.services
            for n in (s.slug, s.name, *s.aliases, *(a for lt in s.launch_types for a in lt.aliases))
            for w in words(n)
        )
        for s in k.services:
            for name in (s.slug, s.name, s.full_name, s.matrix_label, *s.aliases):
                self._phrase(name, Mention("service", s.slug))
            for lt in s.launch_types:
                for name in lt.aliases:
                    self._phrase(name, Mention("service", s.slug, lt.slug))
        for t in k.topics:
            for w in t.words:
                self._phrase(w, Mention("topic", t.slug))
        oos = k.out_of_scope
        for kind, terms in (
            ("cloud", oos.clouds),
            ("oos_service", oos.services),
            ("off_topic", oos.off_topic),
            ("mentioned", oos.mentioned),
        ):
            for term in terms:
                self._phrase(term, Mention(kind, term))
        lengths: dict[str, set[int]] = defaultdict(set)
        for key in self.phrases:
            lengths[key[0]].add(len(key))
        self.phrase_lengths = {st: frozenset(n) for st, n in lengths.items()}

    # -- vocabulary ------------------------------------------------------------------------
    def _build_vocabulary(self) -> None:
        k = self.knowledge
        texts = [d.text for d in self.docs]
        names = []
        for s in k.services:
            names += [s.slug, s.name, s.full_name, s.matrix_label, *s.aliases]
            names += [a for lt in s.launch_types for a in lt.aliases]
        names += [w for t in k.topics for w in t.words]
        texts += names
        oos = k.out_of_scope
        texts += [*oos.clouds, *oos.services, *oos.off_topic, *oos.mentioned]
        texts += [c.name for c in k.categories] + [m.name for m in k.service_models]
        texts += [m.abbreviation for m in k.service_models]
        texts += [phrase for p in k.phrasings for phrase in p.phrases]
        for group in (v.HELP, v.COMPARE, v.BEST_PRACTICE, v.COMPLIANCE, v.CATEGORY):
            texts += list(group)
        for group in (v.PRINCIPLES, v.CARD, v.RESPONSIBILITY, v.WHO, v.SPLIT, v.DOING, v.ACROSS):
            texts += list(group)
        texts += sorted(v.WEAK)
        vocab: set[str] = set(v.STOPWORDS) | set(v.GREETINGS) | set(v.SHORTHAND) | set(v.COMMON)
        vocab |= v.AWS_WORDS | v.CUSTOMER_WORDS
        for t in texts:
            vocab.update(words(t))
        self.vocabulary = frozenset(vocab)
        # Misspellings are corrected towards the words that matter, longest first so that a
        # tie prefers the more specific word; never towards an out-of-scope word, which must be
        # said as it is before srm turns a question away.
        knowledge_words = {w for t in texts[: len(self.docs)] + names for w in words(t)}
        self.knowledge_words = frozenset(knowledge_words)
        banned = {w for t in (*oos.clouds, *oos.services, *oos.off_topic) for w in words(t)}
        banned -= knowledge_words
        plain = (set(v.COMMON) | set(v.STOPWORDS)) - knowledge_words
        targets = vocab - banned - plain
        self.correctable = tuple(
            sorted((w for w in targets if len(w) >= 4), key=lambda w: (-len(w), w))
        )
        # One-word names of services ("dynamodb", "lambda", "dynamo"), not everyday words.
        names = set()
        for svc in k.services:
            launch_types = (a for lt in svc.launch_types for a in lt.aliases)
            for n in (svc.slug, svc.name, *svc.aliases, *launch_types):
                ws = words(n)
                if len(ws) == 1 and len(ws[0]) >= 5 and ws[0] not in v.COMMON:
                    names.add(ws[0])
        # A name one edit from another everyday word ("handler", "handle") would take that
        # word's misspellings ("hadnle"): it gets no second edit.
        names = {n for n in names & targets if not _near_other_word(n)}
        self.service_targets = tuple(sorted(names, key=lambda w: (len(w), w)))
        uncovered = {ws[0] for t in oos.services if len(ws := words(t)) == 1 and len(ws[0]) >= 6}
        # Not an everyday word ("inspector", "detective"): its misspelling is more likely that.
        self.uncovered_targets = tuple(sorted(uncovered - knowledge_words - v.ENGLISH))

    def about(self, doc: Doc) -> str | None:
        """The service a duty is about: its own, or the one it names ("Network configuration
        (VPC, subnets)" under EC2 is about the VPC)."""
        return self.about_of[doc.order]

    def kinds_of_table(self) -> frozenset[str]:
        """The words the knowledge itself puts before "table" ("route table", "global table"):
        kinds of table, not a table's name (worked out once per index)."""
        if self._kinds_of_table is None:
            found: set[str] = set()
            for d in self.docs:
                ws = words(d.text)
                found |= {a for a, b in pairwise(ws) if b in v.LOOSE_NAMES}
            self._kinds_of_table = frozenset(found)
        return self._kinds_of_table

    def family(self, st: str) -> str:
        """The knowledge's stem for another form of the same word ("classifi" -> "classif")."""
        if st in self.text_postings or len(st) < 5:
            return st
        if st in self._families:
            return self._families[st]
        # The documents' own words first: a phrasing's form of a word must not hide the
        # document's ("delivers" -> deliv is "delivery" -> deliveri).
        found = st
        for known in self.text_postings:
            # A word is not a longer fixed phrase it begins ("pointing" is not "point in time").
            longer = known.startswith(st) and known not in _FOLDED
            if len(known) >= 5 and (st.startswith(known) or longer):
                found = known
                break
        if len(self._families) < 100_000:
            self._families[st] = found
        return found

    def english(self, token: str) -> str | None:
        """The frequent English word a misspelt token stands for ("somthing"), one edit away,
        or None. Only words of the same first letter and about the same length are compared."""
        if not 5 <= len(token) <= 24 or token.isdigit():
            return None
        near = within_one_edit(token, english_buckets())
        # The nearest, then the most frequent: an exact match before a one-edit neighbour.
        return min(near, key=lambda w: OSA.distance(w, token)) if near else None

    def uncovered_name(self, token: str) -> str | None:
        """The uncovered service a misspelt token names ("redshfit"), or None. Asked only of a
        word no correction reached: srm then says it does not cover that service."""
        if not 6 <= len(token) <= 24:
            return None
        found = process.extractOne(
            token,
            self.uncovered_targets,
            scorer=OSA.distance,
            score_cutoff=1 if len(token) <= 7 else 2,
        )
        return found[0] if found else None

    def correct(self, token: str) -> str | None:
        """The vocabulary word a misspelt token stands for, or None when nothing is close."""
        if token in self._corrections:
            return self._corrections[token]
        fixed: str | None = None
        if 4 <= len(token) <= 24 and not token.isdigit():  # longer is no misspelt word
            limit = 1 if len(token) <= 7 else 2
            found = None
            if len(token) >= 6:
                # Service names are worth a second edit ("dynomdb"): they decide the answer.
                found = process.extractOne(
                    token, self.service_targets, scorer=OSA.distance, score_cutoff=2
                )
            found = found or process.extractOne(
                token, self.correctable, scorer=OSA.distance, score_cutoff=limit
            )
            # Four letters and one different letter is as likely a real word ("pass", not
            # "paas"): only a service name is worth that guess.
            if (
                found is not None
                and found[1] > 0
                and (
                    len(token) > 4
                    or found[0] in self.service_words
                    or Levenshtein.editops(token, found[0]).as_list()[0][0] != "replace"
                )
            ):
                fixed = found[0]
        elif len(token) == 3:
            # Three letters are too few to edit; only a swapped service slug ("vcp") counts.
            for slug in self.service_slugs:
                if len(slug) == 3 and sorted(slug) == sorted(token):
                    fixed = slug
                    break
        if len(self._corrections) < 100_000:
            self._corrections[token] = fixed
        return fixed

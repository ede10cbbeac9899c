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

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from bot import domain
from bot.engine import vocabulary as v
from bot.engine.text import stem, words

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


@dataclass(frozen=True)
class Mention:
    kind: str  # "service" | "cloud" | "oos_service" | "off_topic" | "topic"
    value: str
    launch_type: str | None = None


@dataclass
class Index:
    knowledge: domain.Knowledge
    docs: list[Doc] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    postings: dict[str, list[int]] = field(default_factory=dict)
    topic_postings: dict[str, list[int]] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], list[Mention]] = field(default_factory=dict)
    # The lengths of the phrases that start with each stem (to try only those).
    phrase_lengths: dict[str, frozenset[int]] = field(default_factory=dict)
    vocabulary: frozenset[str] = frozenset()
    correctable: tuple[str, ...] = ()
    service_slugs: tuple[str, ...] = ()
    service_words: frozenset[str] = frozenset()
    service_targets: tuple[str, ...] = ()
    service_name_stems: dict[str, frozenset[str]] = field(default_factory=dict)
    # Stems of each service's own texts: a service named inside another service's duty
    # ("IAM roles for tasks") is then read as part of that duty, not as a second service.
    service_stems: dict[str, frozenset[str]] = field(default_factory=dict)
    _corrections: dict[str, str | None] = field(default_factory=dict)
    _families: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, knowledge: domain.Knowledge) -> Index:
        index = cls(knowledge)
        index._build_docs()
        index._build_phrases()
        index._build_vocabulary()
        return index

    # -- documents -------------------------------------------------------------------------
    def _add(self, kind: str, text: str, topics: tuple[str, ...], **where: object) -> None:
        doc = Doc(
            kind,
            text,
            frozenset(stem(w) for w in words(text) if w not in v.STOPWORDS),
            frozenset(topics),
            order=len(self.docs),
            **where,  # type: ignore[arg-type]
        )
        self.docs.append(doc)

    def _build_docs(self) -> None:
        k = self.knowledge
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
        for i, doc in enumerate(self.docs):
            for st in doc.stems:
                df[st] += 1
                postings[st].append(i)
        n = len(self.docs)
        self.idf = {st: math.log(1 + n / c) for st, c in df.items()}
        self.postings = dict(postings)
        self.docs = [
            replace(d, weight=sum(self.idf[st] for st in d.stems) or 1.0) for d in self.docs
        ]
        topic_postings: dict[str, list[int]] = defaultdict(list)
        for i, doc in enumerate(self.docs):
            for t in doc.topics:
                topic_postings[t].append(i)
        self.topic_postings = dict(topic_postings)
        per_service: dict[str, set[str]] = defaultdict(set)
        for doc in self.docs:
            if doc.service:
                per_service[doc.service] |= doc.stems
        self.service_stems = {s: frozenset(x) for s, x in per_service.items()}

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
        self.service_words = frozenset(
            w for s in k.services for n in (s.slug, s.name, *s.aliases) for w in words(n)
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
        texts += [*oos.clouds, *oos.services, *oos.off_topic]
        texts += [c.name for c in k.categories] + [m.name for m in k.service_models]
        texts += [m.abbreviation for m in k.service_models]
        for group in (v.HELP, v.COMPARE, v.BEST_PRACTICE, v.COMPLIANCE, v.CATEGORY):
            texts += list(group)
        for group in (v.PRINCIPLES, v.CARD, v.RESPONSIBILITY, v.WHO):
            texts += list(group)
        vocab: set[str] = set(v.STOPWORDS) | set(v.GREETINGS) | set(v.SHORTHAND) | set(v.COMMON)
        vocab |= v.AWS_WORDS | v.CUSTOMER_WORDS
        for t in texts:
            vocab.update(words(t))
        self.vocabulary = frozenset(vocab)
        # Misspellings are corrected towards the words that matter, longest first so that a
        # tie prefers the more specific word; never towards an out-of-scope word, which must be
        # said as it is before srm turns a question away.
        knowledge_words = {w for t in texts[: len(self.docs)] + names for w in words(t)}
        banned = {w for t in (*oos.clouds, *oos.services, *oos.off_topic) for w in words(t)}
        banned -= knowledge_words
        plain = (set(v.COMMON) | set(v.STOPWORDS)) - knowledge_words
        targets = vocab - banned - plain
        self.correctable = tuple(sorted((w for w in targets if len(w) >= 4), key=len, reverse=True))
        # One-word names of services ("dynamodb", "lambda", "dynamo"), not everyday words.
        names = set()
        for svc in k.services:
            for n in (svc.slug, svc.name, *svc.aliases):
                ws = words(n)
                if len(ws) == 1 and len(ws[0]) >= 5 and ws[0] not in v.COMMON:
                    names.add(ws[0])
        self.service_targets = tuple(sorted(names & targets, key=len))

    def about(self, doc: Doc) -> str | None:
        """The service a duty is about: its own, or the one it names ("Network configuration
        (VPC, subnets)" under EC2 is about the VPC)."""
        for slug, name_stems in self.service_name_stems.items():
            if slug != doc.service and name_stems & doc.stems:
                return slug
        return doc.service

    def family(self, st: str) -> str:
        """The knowledge's stem for another form of the same word ("classifi" -> "classif")."""
        if st in self.idf or len(st) < 5:
            return st
        if st in self._families:
            return self._families[st]
        found = st
        for known in self.idf:
            if len(known) >= 5 and (st.startswith(known) or known.startswith(st)):
                found = known
                break
        if len(self._families) < 100_000:
            self._families[st] = found
        return found

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
            if found is not None and (
                len(token) > 4
                or found[0] in self.service_words
                or Levenshtein.editops(token, found[0]).as_list()[0][0] != "replace"
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

"""Turning a chat message, or a knowledge text, into tokens the same way on both sides."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import snowballstemmer

from bot.engine.vocabulary import (
    IAM_NAMESPACES,
    IN_CONTEXT,
    KEEPING_UP,
    NOT_UP,
    PHRASES,
    SHORTHAND,
    UP_VERBS,
)

_SLACK_LINK = re.compile(r"<(https?://[^|>]*)\|([^>]*)>")
_SLACK_MARKUP = re.compile(r"<[@#!][^>]*>|<https?://[^>]*>")
# Possessive quantifiers: no backtracking, so a long run of letters stays linear.
_EMOJI_CODE = re.compile(r":[a-z0-9_+\-]++:")
_HYPHENATED = re.compile(r"\b[a-z0-9]++(?:-[a-z0-9]++)+")
_TOKEN = re.compile(r"[a-z0-9]+")
# An IAM action ("s3:*", "kms:decrypt", "aws:sourcevpce"): a permission on the service named.
_IAM_ACTION = re.compile(r"\b([a-z][a-z0-9]*+):(\*|[a-z][a-z0-9]*+)\*?")
PERMISSION_MARK = "permission"
_POSSESSIVE = re.compile(r"(\w)'s\b")
# "tl;dr", "tl:dr", "tl dr" as words of their own ("kubectl drain" is no summary).
_TLDR = re.compile(r"\btl[;: ]?dr\b")

_PHRASE_MAX = max(len(p.split()) for p in PHRASES)
_PHRASES = {tuple(p.split()): v.split() for p, v in PHRASES.items()}
_SHORTHAND = {k: v.split() for k, v in SHORTHAND.items()}
_stemmer = snowballstemmer.stemmer("english")


# Second halves that only say "of that kind" ("container-type", "vm-style", "paas-like").
_KIND_SUFFIXES = frozenset({"type", "style", "like"})


def _join_hyphens(match: re.Match[str]) -> str:
    # "sse-kms", "multi-az" name one thing; "least-privilege" is two words; three parts or
    # more are words ("ec2-launch-type", "ecs-on-ec2"), and fixed phrases among them are
    # folded later ("point in time").
    parts = match.group(0).split("-")
    if len(parts) == 2 and parts[1] in _KIND_SUFFIXES:
        return parts[0]  # "container-type services" are container services
    if len(parts) == 2 and any(len(p) <= 3 for p in parts):
        return "".join(parts)
    return " ".join(parts)


def clean(text: str) -> str:
    """Lower-case text without Slack markup, emoji codes, possessives or apostrophes."""
    text = _SLACK_LINK.sub(r" \2 ", text)
    text = _SLACK_MARKUP.sub(" ", text)
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = _EMOJI_CODE.sub(" ", text)
    # "tl;dr" asks for a summary; read as two words, its "dr" would be disaster recovery.
    text = _TLDR.sub(" tldr ", text)
    text = _POSSESSIVE.sub(r"\1", text).replace("'", "")
    text = _IAM_ACTION.sub(_permission, text)
    return _HYPHENATED.sub(_join_hyphens, text)


def _permission(match: re.Match[str]) -> str:
    # "s3 permission getobject": the service stays, marked as what a permission is on; only
    # an IAM namespace or a wildcard makes an action ("fyi:who …", "re:rds" are no such thing).
    if match.group(1) not in IAM_NAMESPACES and match.group(2) != "*":
        return match.group(0)
    action = match.group(2).strip("*")
    return f" {match.group(1)} {PERMISSION_MARK} {action} "


@lru_cache(maxsize=20_000)
def words(text: str) -> tuple[str, ...]:
    """Plain tokens, with chat shorthand expanded and fixed phrases folded into one token.
    (Cached: building the index reads each knowledge text several times.)"""
    raw: list[str] = []
    for tok in _TOKEN.findall(clean(text)):
        raw.extend(_SHORTHAND.get(tok, (tok,)))
    return tuple(fold_phrases(raw))


_IN_CONTEXT = tuple(
    (tuple(phrase.split()), tuple(replacement.split()), near, reach)
    for phrase, replacement, near, reach in IN_CONTEXT
)


def _fold(
    tokens: list[str], match: Callable[[list[str], int], tuple[int, tuple[str, ...]] | None]
) -> list[str]:
    """One pass over `tokens`: where `match` finds a phrase at a position (its length and what
    it becomes), the replacement; elsewhere the token itself."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        found = match(tokens, i)
        if found is None:
            out.append(tokens[i])
            i += 1
        else:
            n, replacement = found
            out.extend(replacement)
            i += n
    return out


# The phrases by their first token: each position looks only at the few that can start there.
_IN_CONTEXT_BY_FIRST: dict[str, list[tuple]] = {}
for _entry in _IN_CONTEXT:
    _IN_CONTEXT_BY_FIRST.setdefault(_entry[0][0], []).append(_entry)


def _kept_up(tokens: list[str], i: int) -> bool:
    """Whether the "up" at `i` closes "keep <a thing> up": one to four words between, none of
    them a verb of its own ("we keep messing up the policies", "how long they're kept, do we
    set that up")."""
    if i + 1 < len(tokens) and tokens[i + 1] in NOT_UP:
        return False
    for k in range(max(0, i - 5), i - 1):
        if tokens[k] in KEEPING_UP:
            between = tokens[k + 1 : i]
            return not any(w.endswith("ing") or w in UP_VERBS for w in between)
    return False


def _in_context_at(tokens: list[str], i: int) -> tuple[int, tuple[str, ...]] | None:
    # "keeping iam itself up": kept up is kept available ("keep up with", "keep it up to
    # date" are not; "keep up" next to each other is a fixed phrase of its own).
    if tokens[i] == "up" and _kept_up(tokens, i):
        return 1, ("availability",)
    for phrase, replacement, near, reach in _IN_CONTEXT_BY_FIRST.get(tokens[i], ()):
        n = len(phrase)
        if tuple(tokens[i : i + n]) != phrase:
            continue
        back, ahead = reach if isinstance(reach, tuple) else (reach, reach)
        window = tokens[max(0, i - back) : i] + tokens[i + n : i + n + ahead]
        if near.intersection(window):
            return n, replacement
    return None


def fold_in_context(tokens: list[str]) -> list[str]:
    """Phrases replaced only where a word that says what they are about is near (one pass,
    each position tried against a few short phrases and a bounded window)."""
    if "up" not in tokens and _IN_CONTEXT_BY_FIRST.keys().isdisjoint(tokens):
        return tokens
    return _fold(tokens, _in_context_at)


def _phrase_at(tokens: list[str], i: int) -> tuple[int, tuple[str, ...]] | None:
    for n in range(min(_PHRASE_MAX, len(tokens) - i), 1, -1):
        folded = _PHRASES.get(tuple(tokens[i : i + n]))
        if folded is not None:
            return n, folded
    return None


def fold_phrases(tokens: list[str]) -> list[str]:
    """Fixed phrases folded into one token ("availability zone" -> "availabilityzone")."""
    return _fold(tokens, _phrase_at)


_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    out = _stemmer.stemWord(word)
    # Snowball keeps the plural "s" of a word with no vowel before it, which is how acronyms
    # are: "hsms", "cmks", "vpcs" are the plurals of "hsm", "cmk", "vpc".
    # ("rdss" is a slip of the keyboard, not a plural: no "ss".)
    if len(out) >= 4 and out[-1] == "s" and out[-2] != "s" and not _VOWELS.intersection(out[:-1]):
        return out[:-1]
    return out


def stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text))


# Where one clause of a message ends and the next begins: sentence ends, line breaks, dashes,
# emoji, and the words that turn from the story to the question ("…, so who patches it?").
# Each alternative starts only where its run starts (the lookbehinds), and its quantifiers are
# possessive, so a long run of spaces or dots is scanned once, not once per position.
_CLAUSE_END = re.compile(
    r"(?<![.;:!?])[.;:!?]++\s++|(?<!\n)\n++|\s[-\u2013\u2014]++\s"
    r"|(?<![\u2600-\u27bf\U0001f000-\U0001faff])[\u2600-\u27bf\U0001f000-\U0001faff]++"
    r"|(?:,\s++|(?<![\s,])\s++)(?:so|but|now|anyway)\s++"
)


def clauses(text: str) -> list[str]:
    """The clauses of a message, each keeping its question mark ("is multi-az recommended?
    costs double" asks in its first clause)."""
    out, start = [], 0
    for end in _CLAUSE_END.finditer(text):
        sep = end.group()
        out.append(
            text[start : end.start() + sep.rfind("?") + 1]
            if "?" in sep
            else text[start : end.start()]
        )
        start = end.end()
    out.append(text[start:])
    return out

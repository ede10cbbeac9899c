"""Questions that ask who owns a duty *here*, in the company running srm: "which team owns KMS
key rotation here?", "who do I talk to about S3 bucket policies?", "who is on call for RDS
backups?". "Who owns X?" alone asks AWS-or-us and is not one of them.

The engine only marks such an answer (`asks_owner`); whether srm can say which team, because
an ownership overlay is loaded, is the runtime's business (bot.owners.attach). Words are read
with one linear tokenizer and set lookups: nothing here backtracks on user text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.engine.types import Answer

_WORD = re.compile(r"[a-z0-9]+")
# Reading further than this finds no new cue: questions are short.
_MAX_WORDS = 200

_GROUPS = frozenset({"team", "teams", "group", "squad", "department", "dept"})
_WHICH = frozenset({"which", "what", "whose"})
# Words that make "group" an AWS resource, not a team.
_AWS_GROUPS = frozenset(
    "parameter security log target subnet scaling placement option resource db node cache iam"
    " user".split()
)
_OWN = frozenset({"own", "owns", "owned", "owning", "handles", "responsible", "runs", "manages"})
_MODAL = frozenset({"do", "does", "should", "can", "could", "would", "shall"})
_ASKERS = frozenset({"i", "we"})
_REACH = frozenset(
    {"talk", "speak", "ask", "contact", "ping", "reach", "escalate", "call", "page", "go", "email"}
)
_HERE = frozenset({"here", "internally"})
_DETERMINERS = frozenset({"the", "our", "a", "an", "my", "their", "your", "his", "her"})
_OUR_ORG = frozenset({"company", "org", "organisation", "organization", "team", "side"})
# The intents whose evidence is duties: an owner question about anything else stays what it is.
_DUTY_INTENTS = frozenset({"who", "topic", "service"})


def asks_owner(question: str) -> bool:
    words = _WORD.findall(question.lower())[:_MAX_WORDS]
    for i, w in enumerate(words):
        nxt = words[i + 1 : i + 5]
        if w in _WHICH and nxt[:1] and nxt[0] in _GROUPS:
            return True  # which team / what group …
        owned = nxt[:1] == ["is"] and nxt[1:2] and nxt[1] in _OWN
        aws_group = i > 0 and words[i - 1] in _AWS_GROUPS  # "parameter group", "security group"
        # "an alb that the platform team owns" says who owns it; it does not ask ("does that
        # team own it?" still asks).
        stated = any(
            words[j] == "that" and words[j + 1] in _DETERMINERS for j in range(max(0, i - 3), i)
        )
        if (
            w in _GROUPS
            and not aws_group
            and not stated
            and ((nxt[:1] and nxt[0] in _OWN) or owned)
        ):
            return True  # … team owns / team is responsible …
        if (
            w == "who"
            and len(nxt) >= 3
            and nxt[0] in _MODAL
            and nxt[1] in _ASKERS
            and nxt[2] in _REACH
        ):
            return True  # who do I talk to / who should we ask …
        if w == "who" and nxt[:1] == ["to"] and nxt[1:2] and nxt[1] in _REACH:
            return True  # who to contact
        if (w == "on" and nxt[:1] == ["call"]) or w == "oncall":
            return True  # who is on call / on-call for …
        if w == "point" and nxt[:2] == ["of", "contact"]:
            return True
    # "who owns X here" asks for a person or team; "what do we own here" asks for the split.
    own_at = next((i for i, w in enumerate(words) if w in ("own", "owns")), None)
    if "who" not in words or own_at is None:
        return False
    in_our_org = any(
        words[i - 1] in ("in", "at") and words[i] == "our" and words[i + 1] in _OUR_ORG
        for i in range(1, len(words) - 1)
    )
    # who owns X here / in our company ("new hire here: who owns what on s3?" greets)
    return in_our_org or any(w in _HERE for w in words[own_at + 1 :])


def mark(question: str, result: Answer) -> Answer:
    """`result` marked as asking for the owner when the question does and its evidence is
    duties."""
    if result.intent in _DUTY_INTENTS and asks_owner(question):
        return replace(result, asks_owner=True)
    return result

"""Questions grouped by similarity, so that a report shows each thing people asked once."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an the is are was were be do does did i we you our my to of in on for and or with "
    "it its this that what who how which when where why can should".split()
)
SIMILAR_AT = 80  # rapidfuzz token_sort_ratio (0-100) at or above which two questions are one
MAX_EXAMPLES = 5


def normalise(question: str) -> str:
    words = _WORD.findall(question.lower())
    kept = [w for w in words if w not in _STOP]
    return " ".join(sorted(kept or words))


@dataclass
class Group:
    question: str  # the first wording seen
    count: int = 0
    unknown: int = 0
    examples: list[str] = field(default_factory=list)


def group_questions(
    items: Iterable[tuple[str, bool]],
    on_item: Callable[[], None] | None = None,
) -> list[Group]:
    """Group (question, unknown) pairs; biggest groups first."""
    groups: list[Group] = []
    keys: list[str] = []
    exact: dict[str, int] = {}
    for question, unknown in items:
        key = normalise(question)
        at = exact.get(key)
        if at is None and keys:
            found = process.extractOne(
                key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR_AT
            )
            at = found[2] if found else None
        if at is None:
            at = len(groups)
            groups.append(Group(question))
            keys.append(key)
        exact[key] = at
        group = groups[at]
        group.count += 1
        group.unknown += int(unknown)
        if question not in group.examples and len(group.examples) < MAX_EXAMPLES:
            group.examples.append(question)
        if on_item is not None:
            on_item()
    return sorted(groups, key=lambda g: (-g.count, g.question))

"""Which rule owns each customer duty.

Every rule whose match keys all hold for a duty applies to it; the most specific wins, in the
interface's order (highest first): `duty`, `control`, `topic` with `service`, `service` with
`launch_type`, `service`, `topic`; among rules of equal rank, the later one in the file. A duty
no rule matches falls to `defaults`, if the overlay has them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from bot import domain
from bot.owners.overlay import Match, Overlay, Rule

DutyKey = tuple[str, str | None, str]  # service slug, launch type, duty text


def rank(m: Match) -> int:
    if m.duty is not None:
        return 6
    if m.control is not None:
        return 5
    if m.topic is not None and m.service is not None:
        return 4
    if m.service is not None and m.launch_type is not None:
        return 3
    if m.service is not None:
        return 2
    if m.topic is not None:
        return 1
    return 0


def controls_of(duty: domain.Duty) -> set[str]:
    """The Security Hub control ids the knowledge lists for a duty (none before it has checks)."""
    return {str(getattr(c, "id", c)) for c in getattr(duty, "checks", ()) or ()}


def matches(m: Match, service: str, duty: domain.Duty) -> bool:
    return (
        (m.service is None or m.service == service)
        and (m.launch_type is None or m.launch_type == duty.launch_type)
        and (m.duty is None or m.duty == duty.text)
        and (m.topic is None or m.topic in duty.topics)
        and (m.control is None or m.control in controls_of(duty))
    )


def customer_duties(k: domain.Knowledge) -> Iterator[tuple[str, domain.Duty]]:
    for s in k.services:
        for d in s.duties:
            if d.party == "customer":
                yield s.slug, d


def owner_of_rule(rule: Rule, source: str) -> domain.Owner:
    return domain.Owner(
        team=rule.team,
        channel=rule.channel,
        usergroup=rule.usergroup,
        oncall_url=rule.oncall_url,
        runbook_url=rule.runbook_url,
        rule=f"{source}:{rule.line}",
    )


@dataclass(frozen=True)
class Decision:
    service: str
    launch_type: str | None
    duty: str
    owner: domain.Owner | None


class Owners:
    """The owner of every customer duty of one knowledge under one overlay (None: no overlay
    loaded). Built once per pair; lookups are a dictionary read."""

    def __init__(
        self,
        overlay: Overlay | None,
        knowledge: domain.Knowledge,
        *,
        version: int | None = None,
        loaded_at: datetime | None = None,
    ) -> None:
        self.overlay = overlay
        self.knowledge = knowledge
        self.version = version
        self.loaded_at = loaded_at
        self._decisions: list[Decision] = []
        self._by_key: dict[DutyKey, domain.Owner | None] = {}
        self._by_text: dict[tuple[str, str], domain.Owner | None] = {}
        for slug, duty in customer_duties(knowledge):
            owner = self._decide(slug, duty) if overlay is not None else None
            self._decisions.append(Decision(slug, duty.launch_type, duty.text, owner))
            self._by_key[(slug, duty.launch_type, duty.text)] = owner
            self._by_text.setdefault((slug, duty.text), owner)

    def _decide(self, service: str, duty: domain.Duty) -> domain.Owner | None:
        assert self.overlay is not None
        best: tuple[int, int] | None = None
        chosen: Rule | None = None
        for i, rule in enumerate(self.overlay.rules):
            if matches(rule.match, service, duty):
                key = (rank(rule.match), i)
                if best is None or key > best:
                    best, chosen = key, rule
        chosen = chosen or self.overlay.defaults
        return owner_of_rule(chosen, self.overlay.source) if chosen else None

    @property
    def loaded(self) -> bool:
        return self.overlay is not None

    def owner_of(self, service: str, launch_type: str | None, text: str) -> domain.Owner | None:
        key = (service, launch_type, text)
        if key in self._by_key:
            return self._by_key[key]
        return self._by_text.get((service, text))

    def decisions(self) -> list[Decision]:
        """Every customer duty, in the knowledge's order, with its owner (or None)."""
        return list(self._decisions)

    def gaps(self) -> list[Decision]:
        return [d for d in self._decisions if d.owner is None]

    def key(self) -> tuple:
        """What a cached card depends on: the overlay version (None: no overlay)."""
        return (self.version,)

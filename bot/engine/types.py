"""The engine's output: an `Answer` (what the interface calls the answer object, less the
rendered `text` and `blocks`, which `bot.cards` adds)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from bot.domain import Check, Owner

Intent = Literal[
    "who",
    "service",
    "compare",
    "topic",
    "best_practices",
    "compliance",
    "category",
    "principles",
    "check",
    "owner",
    "help",
    "unknown",
]
INTENTS: tuple[str, ...] = get_args(Intent)
ItemKind = Literal["duty", "best_practice", "compliance", "principle", "category", "service_model"]

# Below this confidence an answer says it is unsure and offers suggestions.
UNSURE_BELOW = 0.5


@dataclass(frozen=True)
class Item:
    """One piece of evidence, verbatim from the knowledge."""

    kind: ItemKind
    text: str
    score: float
    service: str | None = None
    party: str | None = None
    launch_type: str | None = None
    label: str | None = None  # the row it belongs to: compliance aspect, principle heading, ...
    checks: tuple[Check, ...] = ()  # a customer duty's Security Hub controls, best first
    owner: Owner | None = None  # who owns a customer duty here (bot.owners adds it)

    def to_dict(self) -> dict:
        out: dict = {
            "service": self.service,
            "party": self.party,
            "text": self.text,
            "score": round(self.score, 3),
            "kind": self.kind,
            "checks": [
                {"id": c.id, "title": c.title, "standards": list(c.standards), "url": c.url}
                for c in self.checks
            ],
        }
        if self.launch_type:
            out["launch_type"] = self.launch_type
        if self.label:
            out["label"] = self.label
        if self.party == "customer":
            out["owner"] = self.owner.to_dict() if self.owner else None
        return out


@dataclass(frozen=True)
class Answer:
    query: str
    intent: Intent
    services: tuple[str, ...] = ()
    variant: str | None = None
    verdict: str | None = None
    items: tuple[Item, ...] = ()
    confidence: float = 0.0
    suggestions: tuple[str, ...] = ()
    # The party the question asked about ("what do *we* do"), when it named one.
    side: str | None = None
    # Words of the question that srm recognised as something it does not cover, and what they
    # are: "cloud" (another provider, on-premises), "oos_service" (an AWS service outside the
    # matrix) or "off_topic" (pricing, limits and the like).
    not_covered: str | None = None
    not_covered_kind: str | None = None
    # The question asks which team *here* owns it (bot.engine.owner_intent; the runtime answers).
    asks_owner: bool = False
    # Lines the card adds below its answer (e.g. that no owners are configured).
    notes: tuple[str, ...] = ()

    @property
    def unsure(self) -> bool:
        return self.intent == "unknown" or self.confidence < UNSURE_BELOW

    def matched(self) -> tuple[Item, ...]:
        """The evidence that decided the answer (what a card highlights)."""
        if self.intent in ("who", "topic", "owner"):
            return tuple(i for i in self.items if i.score > 0)
        return ()

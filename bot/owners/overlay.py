"""The overlay as plain values (what validation builds, the store keeps as JSON, the resolver
reads). No third-party imports, so the quick path of `srm ask` can use it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

MATCH_KEYS = ("service", "launch_type", "duty", "topic", "control")


@dataclass(frozen=True)
class Match:
    service: str | None = None
    launch_type: str | None = None
    duty: str | None = None
    topic: str | None = None
    control: str | None = None

    def describe(self) -> str:
        return ", ".join(f"{k}: {v}" for k in MATCH_KEYS if (v := getattr(self, k)) is not None)


@dataclass(frozen=True)
class Rule:
    """One rule (or the defaults, with an empty match) and the line it starts on."""

    team: str
    line: int
    match: Match = field(default_factory=Match)
    channel: str | None = None
    usergroup: str | None = None
    oncall_url: str | None = None
    runbook_url: str | None = None


@dataclass(frozen=True)
class Overlay:
    source: str  # the file's name, as rules are cited: "owners.yaml:12"
    rules: tuple[Rule, ...] = ()
    defaults: Rule | None = None

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Overlay:
        def rule(r: dict) -> Rule:
            return Rule(**{**r, "match": Match(**r.get("match") or {})})

        defaults = data.get("defaults")
        return cls(
            source=data["source"],
            rules=tuple(rule(r) for r in data.get("rules") or ()),
            defaults=rule(defaults) if defaults else None,
        )

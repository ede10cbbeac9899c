"""The knowledge as plain values: what the YAML loader produces, the store saves and returns,
and the answer engine indexes. No I/O and no third-party imports, so every layer can share it.

Every text here is verbatim from the source document; the rest (aliases, topics, links) is what
the engine needs and the document lacks.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Literal

Party = Literal["aws", "customer"]
PARTIES: tuple[Party, ...] = ("aws", "customer")


@dataclass(frozen=True)
class Check:
    """An AWS Security Hub control that tests (part of) a customer duty. Keyed on `id`: AWS
    keeps control ids stable and edits their titles."""

    id: str
    title: str
    standards: tuple[str, ...] = ()
    url: str = ""
    config_rule: str | None = None


@dataclass(frozen=True)
class Note:
    """A sourced remark where the document is out of date; never a change to its words."""

    text: str
    source_url: str
    read_on: str  # ISO date (YYYY-MM-DD) the source page was read


@dataclass(frozen=True)
class ChecksSource:
    """Where the duties' Security Hub controls came from, and when (`as_of`: a year, year-month
    or date)."""

    text: str
    url: str
    as_of: str


@dataclass(frozen=True)
class Duty:
    """One matrix bullet: a duty that one party holds for one service (and launch type).

    A customer duty carries the controls that test it (`checks`, best first) or, when none does,
    `review_note`: how to check it by review instead."""

    party: Party
    text: str
    topics: tuple[str, ...] = ()
    launch_type: str | None = None
    checks: tuple[Check, ...] = ()
    review_note: str | None = None
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class BestPractice:
    text: str
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class LaunchType:
    """A way to run a service that changes the split (ECS on Fargate vs on EC2)."""

    slug: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Classification:
    """A category or service model the document files a service under.

    `scheme` says which section of the document states it: "category" (Responsibility
    Categories) or "service_model" (Summary). They disagree for some services; both are kept.
    """

    scheme: Literal["category", "service_model"]
    ref: str
    launch_type: str | None = None


@dataclass(frozen=True)
class Service:
    slug: str
    name: str
    full_name: str
    matrix_label: str
    docs_url: str
    aliases: tuple[str, ...] = ()
    launch_types: tuple[LaunchType, ...] = ()
    duties: tuple[Duty, ...] = ()
    best_practices: tuple[BestPractice, ...] = ()
    classifications: tuple[Classification, ...] = ()

    def duties_of(self, party: Party, launch_type: str | None = None) -> tuple[Duty, ...]:
        return tuple(
            d
            for d in self.duties
            if d.party == party and (launch_type is None or d.launch_type == launch_type)
        )


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    qualifier: str
    examples: str
    lead: str
    points: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServiceModel:
    slug: str
    abbreviation: str
    name: str
    examples: str
    description: str


@dataclass(frozen=True)
class OverviewLine:
    party: Party
    label: str
    text: str


@dataclass(frozen=True)
class Principle:
    party: Party
    heading: str
    text: str
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class ComplianceRow:
    aspect: str
    aws: str
    customer: str
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    title: str
    url: str


@dataclass(frozen=True)
class Topic:
    slug: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phrasing:
    """How people say one duty or best practice without the document's words ("objects readable
    by anyone" for bucket policies): an addition of srm's, never part of the matrix text."""

    service: str
    text: str  # the duty or best practice, verbatim
    phrases: tuple[str, ...] = ()
    launch_type: str | None = None


@dataclass(frozen=True)
class OutOfScope:
    clouds: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    off_topic: tuple[str, ...] = ()
    # AWS products the matrix names only in passing ("CloudWatch Logs integration"): covered
    # where a duty says them, not as products of their own.
    mentioned: tuple[str, ...] = ()


@dataclass(frozen=True)
class Knowledge:
    """One knowledge pack: a cloud's whole responsibility matrix and its vocabulary."""

    pack: str
    provider: str
    title: str
    subtitle: str
    intro: str
    source_url: str
    services: tuple[Service, ...] = ()
    categories: tuple[Category, ...] = ()
    service_models: tuple[ServiceModel, ...] = ()
    service_model_lead: str = ""
    takeaway: str = ""
    overview: tuple[OverviewLine, ...] = ()
    principles: tuple[Principle, ...] = ()
    compliance_lead: str = ""
    compliance: tuple[ComplianceRow, ...] = ()
    references: tuple[Reference, ...] = ()
    topics: tuple[Topic, ...] = ()
    out_of_scope: OutOfScope = field(default_factory=OutOfScope)
    checks_source: ChecksSource | None = None
    phrasings: tuple[Phrasing, ...] = ()

    def service(self, slug: str) -> Service | None:
        return next((s for s in self.services if s.slug == slug), None)

    def content_hash(self) -> str:
        """A stable digest of the content: equal knowledge gives an equal hash, in any store."""
        blob = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def knowledge_from_dict(data: dict) -> Knowledge:
    """The inverse of `dataclasses.asdict(knowledge)` (for the quick-start snapshot)."""
    services = tuple(
        Service(
            slug=s["slug"],
            name=s["name"],
            full_name=s["full_name"],
            matrix_label=s["matrix_label"],
            docs_url=s["docs_url"],
            aliases=tuple(s["aliases"]),
            launch_types=tuple(
                LaunchType(x["slug"], x["label"], tuple(x["aliases"])) for x in s["launch_types"]
            ),
            duties=tuple(_duty(x) for x in s["duties"]),
            best_practices=tuple(
                BestPractice(x["text"], tuple(x["topics"])) for x in s["best_practices"]
            ),
            classifications=tuple(
                Classification(x["scheme"], x["ref"], x["launch_type"])
                for x in s["classifications"]
            ),
        )
        for s in data["services"]
    )
    oos = data["out_of_scope"]
    source = data.get("checks_source")
    return Knowledge(
        pack=data["pack"],
        provider=data["provider"],
        title=data["title"],
        subtitle=data["subtitle"],
        intro=data["intro"],
        source_url=data["source_url"],
        services=services,
        categories=tuple(
            Category(
                x["slug"], x["name"], x["qualifier"], x["examples"], x["lead"], tuple(x["points"])
            )
            for x in data["categories"]
        ),
        service_models=tuple(ServiceModel(**x) for x in data["service_models"]),
        service_model_lead=data["service_model_lead"],
        takeaway=data["takeaway"],
        overview=tuple(OverviewLine(**x) for x in data["overview"]),
        principles=tuple(
            Principle(x["party"], x["heading"], x["text"], tuple(x["topics"]))
            for x in data["principles"]
        ),
        compliance_lead=data["compliance_lead"],
        compliance=tuple(
            ComplianceRow(x["aspect"], x["aws"], x["customer"], tuple(x["topics"]))
            for x in data["compliance"]
        ),
        references=tuple(Reference(**x) for x in data["references"]),
        topics=tuple(Topic(x["slug"], tuple(x["words"])) for x in data["topics"]),
        out_of_scope=OutOfScope(
            tuple(oos["clouds"]),
            tuple(oos["services"]),
            tuple(oos["off_topic"]),
            tuple(oos.get("mentioned", ())),
        ),
        phrasings=tuple(
            Phrasing(x["service"], x["text"], tuple(x["phrases"]), x["launch_type"])
            for x in data.get("phrasings", ())
        ),
        checks_source=ChecksSource(**source) if source else None,
    )


def _duty(x: dict) -> Duty:
    return Duty(
        x["party"],
        x["text"],
        tuple(x["topics"]),
        x["launch_type"],
        checks=tuple(
            Check(c["id"], c["title"], tuple(c["standards"]), c["url"], c["config_rule"])
            for c in x["checks"]
        ),
        review_note=x["review_note"],
        notes=tuple(Note(**n) for n in x["notes"]),
    )


@dataclass(frozen=True)
class Owner:
    """Who owns a customer duty in the company running srm: the operator's ownership overlay
    (bot.owners), not the knowledge. `rule` is the `FILE:LINE` of the rule that decided it."""

    team: str
    channel: str | None = None
    usergroup: str | None = None
    oncall_url: str | None = None
    runbook_url: str | None = None
    rule: str = ""

    def to_dict(self) -> dict:
        return {
            "team": self.team,
            "channel": self.channel,
            "usergroup": self.usergroup,
            "oncall_url": self.oncall_url,
            "runbook_url": self.runbook_url,
            "rule": self.rule,
        }

"""The shape of the knowledge YAML, as pydantic models (unknown keys, missing keys, wrong types
and empty lists are all schema errors). `bot.knowledge.validate` turns their errors into
`file:line: message` lines.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
Url = Annotated[str, StringConstraints(pattern=r"^https://\S+$")]
PartyName = Literal["aws", "customer"]
# AWS's form of a Security Hub control id: the service's prefix, a dot, a number (S3.8, EC2.170).
ControlId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Za-z0-9]{0,39}\.[1-9][0-9]{0,3}$")]
# A standard that includes a control: AWS Foundational Security Best Practices, a CIS AWS
# Foundations Benchmark version (and requirement), or another one named in words.
Standard = Annotated[
    str,
    StringConstraints(
        pattern=r"^(FSBP|CIS v[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}( [0-9.]{1,12})?|OTHER: \S.*)$"
    ),
]
# AWS names the rules of service-managed controls "securityhub-custom:…".
ConfigRule = Annotated[
    str, StringConstraints(pattern=r"^([a-z-]{1,32}:)?[a-z0-9][a-z0-9-]{0,127}$")
]
AsOf = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _lower_unique(values: list[str] | None) -> list[str] | None:
    seen: set[str] = set()
    for v in values or ():
        key = v.strip().lower()
        if key in seen:
            raise ValueError(f"'{v}' is listed twice")
        seen.add(key)
    return values


class DutyEntry(Strict):
    text: Text
    topics: list[Slug] = Field(min_length=1)


class NoteEntry(Strict):
    """A sourced note where the document is out of date: what an AWS page states, its address,
    and the day it was read (a YAML date: 2025-01-31)."""

    text: Text
    source_url: Url
    read_on: date

    @field_validator("read_on")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        if value > date.today():
            raise ValueError(f"{value.isoformat()} is in the future")
        return value


class MatrixDuty(DutyEntry):
    """A matrix cell's bullet: a customer duty says how to check it, by Security Hub controls
    (ids from controls.yaml, best first) or, where no control tests it, by review."""

    checks: list[ControlId] | None = Field(default=None, min_length=1)
    review: Text | None = None
    notes: list[NoteEntry] | None = Field(default=None, min_length=1)

    _unique = field_validator("checks")(_lower_unique)


class Sides(Strict):
    aws: list[MatrixDuty] = Field(min_length=1)
    customer: list[MatrixDuty] = Field(min_length=1)


class LaunchTypeEntry(Strict):
    slug: Slug
    label: Text
    aliases: list[Text] = Field(min_length=1)
    duties: Sides

    _unique = field_validator("aliases")(_lower_unique)


class CategoryRef(Strict):
    category: Slug
    variant: Slug | None = None


class ServiceFile(Strict):
    slug: Slug
    name: Text
    full_name: Text
    matrix_label: Text
    aliases: list[Text] = Field(min_length=1)
    docs_url: Url
    categories: list[CategoryRef] = Field(default_factory=list)
    service_models: list[Slug] = Field(default_factory=list)
    duties: Sides | None = None
    launch_types: list[LaunchTypeEntry] | None = Field(default=None, min_length=2)
    best_practices: list[DutyEntry] | None = Field(default=None, min_length=1)

    _unique = field_validator("aliases")(_lower_unique)


class PackFile(Strict):
    slug: Slug
    provider: Text
    title: Text
    subtitle: Text
    intro: Text
    source_url: Url
    parties: dict[PartyName, Text]
    services: list[Slug] = Field(min_length=1)

    _unique = field_validator("services")(_lower_unique)


class CategoryEntry(Strict):
    slug: Slug
    name: Text
    qualifier: Text
    examples: Text
    lead: Text
    points: list[Text] = Field(min_length=1)


class CategoriesFile(Strict):
    categories: list[CategoryEntry] = Field(min_length=1)


class ServiceModelEntry(Strict):
    slug: Slug
    abbreviation: Text
    name: Text
    examples: Text
    description: Text


class ServiceModelsFile(Strict):
    lead: Text
    models: list[ServiceModelEntry] = Field(min_length=1)
    takeaway: Text


class OverviewEntry(Strict):
    party: PartyName
    label: Text
    text: Text


class PrincipleGroup(Strict):
    party: PartyName
    heading: Text
    items: list[DutyEntry] = Field(min_length=1)


class PrinciplesFile(Strict):
    overview: list[OverviewEntry] = Field(min_length=1)
    principles: list[PrincipleGroup] = Field(min_length=1)


class ComplianceEntry(Strict):
    aspect: Text
    aws: Text
    customer: Text
    topics: list[Slug] = Field(min_length=1)


class ComplianceFile(Strict):
    lead: Text
    rows: list[ComplianceEntry] = Field(min_length=1)


class ReferenceEntry(Strict):
    title: Text
    url: Url


class ReferencesFile(Strict):
    references: list[ReferenceEntry] = Field(min_length=1)


class TopicEntry(Strict):
    words: list[Text] = Field(min_length=1)

    _unique = field_validator("words")(_lower_unique)


class TopicsFile(Strict):
    topics: dict[Slug, TopicEntry] = Field(min_length=1)


class OutOfScopeFile(Strict):
    clouds: list[Text] = Field(min_length=1)
    services: list[Text] = Field(min_length=1)
    off_topic: list[Text] = Field(min_length=1)


class ControlEntry(Strict):
    title: Text
    standards: list[Standard] = Field(min_length=1)
    config_rule: ConfigRule | None = None
    url: Url

    _unique = field_validator("standards")(_lower_unique)


class ChecksSourceEntry(Strict):
    text: Text
    url: Url
    as_of: AsOf


class ControlsFile(Strict):
    source: ChecksSourceEntry
    controls: dict[ControlId, ControlEntry] = Field(min_length=1)


# Each fixed file of a pack and its model; services/*.yaml use ServiceFile.
FIXED_FILES: dict[str, type[Strict]] = {
    "pack.yaml": PackFile,
    "categories.yaml": CategoriesFile,
    "service_models.yaml": ServiceModelsFile,
    "principles.yaml": PrinciplesFile,
    "compliance.yaml": ComplianceFile,
    "references.yaml": ReferencesFile,
    "topics.yaml": TopicsFile,
    "controls.yaml": ControlsFile,
    "out_of_scope.yaml": OutOfScopeFile,
}

SERVICES_DIR = "services"

WORD_RE = re.compile(r"[a-z0-9]+")

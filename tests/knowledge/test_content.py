"""The bundled knowledge is valid and says everything the source document says, word for word.

Expectations come from parsing the source document (tests/source_doc.py), never from the YAML.
"""

from __future__ import annotations

import re

import pytest

from bot import domain
from bot.knowledge.validate import validate_dir
from bot.paths import knowledge_dir
from tests.conftest import SOURCE_DOCUMENT
from tests.source_doc import SourceDocument


@pytest.fixture(scope="module")
def doc() -> SourceDocument:
    return SourceDocument(SOURCE_DOCUMENT)


@pytest.fixture(scope="module")
def knowledge() -> domain.Knowledge:
    result = validate_dir(knowledge_dir())
    assert [str(p) for p in result.problems] == []
    assert result.knowledge is not None
    return result.knowledge


def test_bundled_knowledge_is_valid_from_the_cli(run_srm, tmp_path) -> None:
    done = run_srm("knowledge", "validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("srm: ok: ") and len(done.stdout.splitlines()) == 1
    assert done.stderr == ""
    explicit = run_srm("knowledge", "validate", str(knowledge_dir()))
    assert explicit.returncode == 0, explicit.stdout + explicit.stderr


def _service(knowledge: domain.Knowledge, label: str) -> domain.Service:
    found = [s for s in knowledge.services if s.matrix_label == label]
    assert len(found) == 1, f"no single service with the matrix label {label!r}"
    return found[0]


def test_every_matrix_cell_is_there_verbatim_and_in_order(doc, knowledge) -> None:
    rows = doc.matrix
    assert [r.label for r in rows] == [s.matrix_label for s in knowledge.services]
    for row in rows:
        service = _service(knowledge, row.label)
        for party, groups in (("aws", row.aws), ("customer", row.customer)):
            if groups[0][0] is None:  # a plain cell: one list of bullets
                assert len(groups) == 1
                assert not service.launch_types
                got = [d.text for d in service.duties_of(party)]
                assert got == list(groups[0][1]), (row.label, party)
                assert all(d.launch_type is None for d in service.duties_of(party))
                continue
            # A cell split by launch type (ECS/Fargate): each group is one launch type, kept apart.
            assert [label for label, _ in groups] == [lt.label for lt in service.launch_types]
            for lt, (_, items) in zip(service.launch_types, groups, strict=True):
                got = [d.text for d in service.duties_of(party, lt.slug)]
                assert got == list(items), (row.label, party, lt.label)
        bullets = sum(len(items) for g in (row.aws, row.customer) for _, items in g)
        assert len(service.duties) == bullets, f"{row.label} has duties the document lacks"


def test_ecs_keeps_its_two_launch_types_apart(doc, knowledge) -> None:
    split = [r for r in doc.matrix if r.aws[0][0] is not None]
    assert len(split) == 1
    ecs = _service(knowledge, split[0].label)
    assert ecs.slug == "ecs"
    assert {lt.slug for lt in ecs.launch_types} == {"fargate", "ec2"}
    for lt in ecs.launch_types:
        assert ecs.duties_of("aws", lt.slug) and ecs.duties_of("customer", lt.slug)


def test_every_best_practice_is_there_verbatim(doc, knowledge) -> None:
    sections = doc.best_practices
    assert sections, "the document has best practices"
    by_name = {s.name: s for s in knowledge.services}
    for heading, practices in sections.items():
        assert heading in by_name, f"no service named {heading!r}"
        assert [b.text for b in by_name[heading].best_practices] == practices
    for service in knowledge.services:
        if service.name not in sections:
            assert service.best_practices == (), f"{service.slug}: not in the document"


def test_every_principle_is_there_verbatim(doc, knowledge) -> None:
    assert [(p.heading, p.text) for p in knowledge.principles] == doc.principles
    parties = {p.heading: p.party for p in knowledge.principles}
    assert [parties[h] for h in dict.fromkeys(h for h, _ in doc.principles)] == ["aws", "customer"]


def test_the_overview_is_there_verbatim(doc, knowledge) -> None:
    assert [(o.label, o.text) for o in knowledge.overview] == doc.overview
    assert [o.party for o in knowledge.overview] == ["aws", "customer"]


def test_every_compliance_cell_is_there_verbatim(doc, knowledge) -> None:
    got = [(r.aspect, r.aws, r.customer) for r in knowledge.compliance]
    assert got == doc.compliance
    assert knowledge.compliance_lead == doc.compliance_lead


def test_every_category_point_is_there_verbatim(doc, knowledge) -> None:
    got = [
        {
            "name": c.name,
            "qualifier": c.qualifier,
            "examples": c.examples,
            "lead": c.lead,
            "points": list(c.points),
        }
        for c in knowledge.categories
    ]
    assert got == doc.categories


def test_every_summary_line_is_there_verbatim(doc, knowledge) -> None:
    got = [
        {
            "abbreviation": m.abbreviation,
            "name": m.name,
            "examples": m.examples,
            "description": m.description,
        }
        for m in knowledge.service_models
    ]
    assert got == doc.summary
    assert knowledge.service_model_lead == doc.summary_lead
    assert knowledge.takeaway == doc.takeaway


def test_title_intro_and_references_are_there_verbatim(doc, knowledge) -> None:
    assert knowledge.title == doc.title
    assert knowledge.subtitle == doc.subtitle
    assert knowledge.intro == doc.intro
    assert [(r.title, r.url) for r in knowledge.references] == doc.references


def _named(knowledge: domain.Knowledge, example: str) -> tuple[str, str | None]:
    """The (service, launch type) that an "Examples" entry of the document names."""
    words = re.findall(r"[a-z0-9]+", example.lower())
    services = [s for s in knowledge.services if s.name.lower() == words[0]]
    assert len(services) == 1, example
    service = services[0]
    variants = [lt.slug for lt in service.launch_types if lt.slug in words[1:]]
    assert len(variants) <= 1, example
    return service.slug, (variants[0] if variants else None)


def test_both_classifications_are_kept_as_the_document_states_them(doc, knowledge) -> None:
    """Categories come from "Responsibility Categories", service models from "Summary"; where the
    two sections disagree (Lambda, RDS), each statement is kept under its own label."""
    category_slug = {c.name: c.slug for c in knowledge.categories}
    expected_categories = {
        (*_named(knowledge, ex.strip()), category_slug[c["name"]])
        for c in doc.categories
        for ex in c["examples"].split(",")
    }
    model_slug = {m.abbreviation: m.slug for m in knowledge.service_models}
    expected_models = {
        (_named(knowledge, ex.strip())[0], model_slug[m["abbreviation"]])
        for m in doc.summary
        for ex in m["examples"].split(",")
    }
    got_categories = {
        (s.slug, c.launch_type, c.ref)
        for s in knowledge.services
        for c in s.classifications
        if c.scheme == "category"
    }
    got_models = {
        (s.slug, c.ref)
        for s in knowledge.services
        for c in s.classifications
        if c.scheme == "service_model"
    }
    assert got_categories == expected_categories
    assert got_models == expected_models
    # The disagreement the document has is really kept, not resolved.
    lam = knowledge.service("lambda")
    assert lam is not None
    assert {c.scheme for c in lam.classifications} == {"category", "service_model"}


def test_services_carry_aliases_links_and_known_topic_tags(knowledge) -> None:
    topics = {t.slug for t in knowledge.topics}
    for s in knowledge.services:
        assert s.aliases, s.slug
        assert s.docs_url.startswith("https://"), s.slug
        for d in s.duties:
            assert d.topics and set(d.topics) <= topics, (s.slug, d.text)
    aliases = {a.lower(): s.slug for s in knowledge.services for a in s.aliases}
    for nickname, slug in {
        "simple storage service": "s3",
        "buckets": "s3",
        "ddb": "dynamodb",
        "dynamo": "dynamodb",
        "cf": "cloudfront",
    }.items():
        assert aliases.get(nickname) == slug, nickname

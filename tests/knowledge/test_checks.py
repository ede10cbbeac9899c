"""The Security Hub checks of the customer duties: the bundled knowledge holds the reference
table's facts (tests/data/securityhub-controls.csv, copied from ../shared/reference/), and a
broken check is one precise `file:line: message`."""

from __future__ import annotations

import csv
from dataclasses import asdict
from pathlib import Path

import pytest

from bot import domain
from bot.knowledge.validate import validate_dir
from bot.paths import knowledge_dir
from tests.knowledge.test_validate import Breakage, assert_reported, break_copy, problems_of

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "securityhub-controls.csv"


def reference_rows() -> list[dict[str, str]]:
    with REFERENCE.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def knowledge() -> domain.Knowledge:
    result = validate_dir(knowledge_dir())
    assert [str(p) for p in result.problems] == []
    assert result.knowledge is not None
    return result.knowledge


def _duty(k: domain.Knowledge, slug: str, launch_type: str, text: str) -> domain.Duty:
    service = k.service(slug)
    assert service is not None, slug
    found = [d for d in service.duties_of("customer", launch_type or None) if d.text == text]
    assert len(found) == 1, (slug, launch_type, text)
    return found[0]


def test_every_customer_duty_has_the_reference_controls_in_order(knowledge) -> None:
    expected: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in reference_rows():
        expected.setdefault((row["service"], row["launch_type"], row["duty"]), []).append(row)
    customer = [(s.slug, d) for s in knowledge.services for d in s.duties if d.party == "customer"]
    assert len(customer) == len(expected) == 87
    for (slug, lt, text), rows in expected.items():
        duty = _duty(knowledge, slug, lt, text)
        if not rows[0]["control_id"]:
            assert duty.checks == () and duty.review_note == rows[0]["note"], text
            continue
        assert duty.review_note is None
        assert [c.id for c in duty.checks] == [r["control_id"] for r in rows], text
        for check, row in zip(duty.checks, rows, strict=True):
            assert check.title == row["control_title"]
            assert list(check.standards) == [s for s in row["standards"].split("; ") if s]
            assert check.url == row["control_url"]
            assert check.config_rule == (row["config_rule"] or None)
    with_checks = [d for _, d in customer if d.checks]
    assert len(with_checks) == 66
    assert len({c.id for _, d in customer for c in d.checks}) == 164
    aws = [d for s in knowledge.services for d in s.duties if d.party == "aws"]
    assert all(d.checks == () and d.review_note is None for d in aws)


def test_the_source_of_the_controls_is_kept(knowledge) -> None:
    source = knowledge.checks_source
    assert source is not None
    assert source.url.startswith("https://docs.aws.amazon.com/securityhub/")
    assert "Security Hub" in source.text and source.as_of == "2026"


def test_the_quick_path_snapshot_keeps_checks_and_notes(knowledge) -> None:
    again = domain.knowledge_from_dict(asdict(knowledge))
    assert again == knowledge
    assert again.content_hash() == knowledge.content_hash()


S3_POLICIES = (
    "  - text: Bucket policies and access controls\n    topics: [access]\n    checks: [S3.1,"
)
KMS_ROTATION = "  - text: Key rotation configuration\n    topics: [access, keys, configuration]\n"
KMS_POLICIES = "  - text: Key policies and access controls\n    topics: [access, keys]\n"

BREAKAGES = [
    Breakage(
        "control_id_form",
        "services/s3.yaml",
        S3_POLICIES,
        S3_POLICIES.replace("[S3.1,", "[s3-8,"),
        "s3-8",
        r"'s3-8' is not a valid value here",
    ),
    Breakage(
        "unknown_control",
        "services/kms.yaml",
        KMS_ROTATION + "    checks: [KMS.4]\n",
        KMS_ROTATION + "    checks: [KMS.4, KMS.99]\n",
        "KMS.99",
        r"unknown control 'KMS\.99' \(controls\.yaml lists the known controls\)",
    ),
    Breakage(
        "unknown_standard",
        "controls.yaml",
        "  KMS.4:\n    title: AWS KMS key rotation should be enabled\n    standards: [",
        "  KMS.4:\n    title: AWS KMS key rotation should be enabled\n    standards: [ISO 27001, ",
        "ISO 27001",
        r"controls\.KMS\.4\.standards\[0\]: 'ISO 27001' is not a valid value here",
    ),
    Breakage(
        "http_url",
        "controls.yaml",
        "    url: https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4\n",
        "    url: http://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4\n",
        "http://",
        r"controls\.KMS\.4\.url: 'http://\S+' is not a valid value here",
    ),
    Breakage(
        "checks_on_aws_duty",
        "services/kms.yaml",
        "  - text: Hardware Security Module (HSM) management\n",
        "  - text: Hardware Security Module (HSM) management\n    checks: [KMS.4]\n",
        "checks: [KMS.4]",
        r"'checks' is for customer duties only",
    ),
    Breakage(
        "customer_duty_without_a_check",
        "services/kms.yaml",
        KMS_ROTATION + "    checks: [KMS.4]\n",
        KMS_ROTATION.replace("  - text: Key", "  - text: Key ") + "",
        "text: Key  rotation",
        r"customer duty 'Key  rotation configuration' needs 'checks' .* or 'review'",
    ),
    Breakage(
        "note_without_https",
        "services/kms.yaml",
        KMS_POLICIES + "    checks: [KMS.5, KMS.1, KMS.2]\n",
        KMS_POLICIES
        + "    checks: [KMS.5, KMS.1, KMS.2]\n    notes:\n    - text: A note\n"
        + "      source_url: ftp://example.com/x\n      read_on: 2025-01-01\n",
        "ftp://",
        r"notes\[0\]\.source_url: 'ftp://example\.com/x' is not a valid value here",
    ),
    Breakage(
        "note_in_the_future",
        "services/kms.yaml",
        KMS_POLICIES + "    checks: [KMS.5, KMS.1, KMS.2]\n",
        KMS_POLICIES
        + "    checks: [KMS.5, KMS.1, KMS.2]\n    notes:\n    - text: A note\n"
        + "      source_url: https://docs.aws.amazon.com/kms/\n      read_on: 2999-01-01\n",
        "2999-01-01",
        r"notes\[0\]\.read_on: 2999-01-01 is in the future",
    ),
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.id)
def test_each_broken_check_is_one_precise_line(breakage: Breakage, knowledge_copy: Path) -> None:
    line = break_copy(knowledge_copy, breakage)
    result = validate_dir(knowledge_copy)
    assert not result.ok and result.knowledge is None
    found = problems_of("\n".join(str(p) for p in result.problems))
    assert_reported(knowledge_copy, breakage, line, found)
    assert len(found) == 1, [m[0] for m in found]

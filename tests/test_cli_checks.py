"""`srm checks` and `srm raci` from the store, on SQLite and PostgreSQL; `srm ask --json` items
carry their checks. The reference table is tests/data/securityhub-controls.csv (a copy of
../shared/reference/securityhub-controls.csv)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import pytest

from bot.knowledge.checks_table import RACI_HEADER, raci_markdown, raci_rows
from tests.knowledge.test_checks import reference_rows


def _ok(done) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


@pytest.fixture
def ready_env(run_srm, srm_env) -> dict[str, str]:
    """A store on each backend, migrated and loaded as a fresh install's release step does."""
    _ok(run_srm("db", "upgrade", env=srm_env))
    _ok(run_srm("knowledge", "load", env=srm_env))
    return srm_env


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_checks_csv_holds_the_reference_table(run_srm, ready_env) -> None:
    rows = _csv(_ok(run_srm("checks", "--format", "csv", env=ready_env)))
    reference = reference_rows()
    assert rows == reference  # every (duty, control) pair, in order, with every column
    pairs = {(r["service"], r["launch_type"], r["duty"], r["control_id"]) for r in rows}
    assert ("s3", "", "Bucket policies and access controls", "S3.8") in pairs
    assert ("kms", "", "Key rotation configuration", "KMS.4") in pairs


def test_checks_of_one_service_as_text_and_json(run_srm, ready_env) -> None:
    text = _ok(run_srm("checks", "kms", env=ready_env))
    assert "Key rotation configuration" in text and "KMS.4" in text
    assert "check it by review: no control evaluates KMS grants" in text
    assert "S3.8" not in text
    assert "as of 2026" in text  # where the controls came from, and when
    data = json.loads(
        _ok(run_srm("checks", "Key Management Service", "--format", "json", env=ready_env))
    )
    assert {d["service"] for d in data["duties"]} == {"kms"}
    rotation = next(d for d in data["duties"] if d["duty"] == "Key rotation configuration")
    assert rotation["checks"][0]["id"] == "KMS.4"
    assert rotation["notes"][0]["source_url"].startswith("https://docs.aws.amazon.com/kms/")
    assert data["source"]["url"].startswith("https://docs.aws.amazon.com/securityhub/")


def test_an_unknown_service_is_a_one_line_usage_error(run_srm, base_env, sqlite_url) -> None:
    done = run_srm("checks", "sqs\x1b[31m", env={**base_env, "DATABASE_URL": sqlite_url})
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "unknown service" in done.stderr
    assert "\x1b" not in done.stderr  # echoed user text cannot drive the terminal


def test_raci_csv_has_every_duty_of_the_matrix(run_srm, ready_env) -> None:
    rows = _csv(_ok(run_srm("raci", "--format", "csv", env=ready_env)))
    assert len(rows) == 149
    assert tuple(rows[0]) == RACI_HEADER
    assert sum(r["party"] == "customer" for r in rows) == 87
    ecs = {r["launch_type"] for r in rows if r["service"] == "ecs"}
    assert ecs == {"fargate", "ec2"}
    policies = next(r for r in rows if r["duty"] == "Bucket policies and access controls")
    assert "S3.8" in policies["checks"].split()
    assert all(r["owner_team"] == "" for r in rows)  # no resolver passed: columns left empty
    markdown = _ok(run_srm("raci", env=ready_env))
    assert len([line for line in markdown.splitlines() if line.startswith("| ")]) == 150


def test_knowledge_export_of_the_checks_says_where_they_came_from(run_srm, ready_env) -> None:
    out = _ok(run_srm("knowledge", "export", "--format", "checks", env=ready_env))
    assert "Security Hub user guide" in out and "as of 2026" in out
    assert "[S3.8](https://docs.aws.amazon.com/securityhub/" in out


def test_ask_json_carries_checks_on_customer_items(run_srm, base_env, sqlite_url) -> None:
    env = {**base_env, "DATABASE_URL": sqlite_url}
    for _ in range(2):  # the ordinary path, then the quick path from the snapshot
        data = json.loads(
            _ok(run_srm("ask", "--json", "who is responsible for s3 bucket policies?", env=env))
        )
        first = next(i for i in data["items"] if i["party"] == "customer")
        assert "S3.8" in [c["id"] for c in first["checks"]]
        assert all(i["checks"] == [] for i in data["items"] if i["party"] != "customer")
    rotated = json.loads(
        _ok(run_srm("ask", "--json", "how do I check that our kms keys get rotated?", env=env))
    )
    assert rotated["intent"] == "check"
    assert rotated["items"][0]["checks"][0]["id"] == "KMS.4"


@dataclass(frozen=True)
class _Owner:
    team: str
    channel: str


def test_raci_takes_the_owner_of_customer_duties_from_a_resolver() -> None:
    from bot.knowledge.validate import validate_dir
    from bot.paths import knowledge_dir

    knowledge = validate_dir(knowledge_dir()).knowledge
    asked = []

    def owner_of(service: str, launch_type: str | None, duty: str) -> _Owner | None:
        asked.append((service, launch_type, duty))
        return _Owner("crypto", "C0CRYPTO01") if service == "kms" else None

    rows = raci_rows(knowledge, owner_of)
    kms = [r for r in rows if r[0] == "kms" and r[2] == "customer"]
    assert kms and all(r[4:6] == ("crypto", "C0CRYPTO01") for r in kms)
    assert all(r[4] == "" for r in rows if r[2] == "aws")
    assert len(asked) == 87  # asked for customer duties only
    assert ("ecs", "fargate", "Task IAM roles and policies") in asked
    assert "| crypto | C0CRYPTO01 |" in raci_markdown(knowledge, owner_of)

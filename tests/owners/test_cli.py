"""`srm owners …` and `srm ask` with an overlay loaded, as a user runs them (subprocesses), on
SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import re

import pytest

from tests.owners.conftest import INTERFACE_OVERLAY

PROBLEM = re.compile(r"^(?P<file>\S+):(?P<line>\d+): (?P<message>.+)$")


@pytest.fixture
def srm(run_srm, srm_env, database_url):
    def run(*args: str, ok: bool = True):
        done = run_srm(*args, env=srm_env)
        if ok:
            assert done.returncode == 0, done.stderr
        return done

    if not database_url.startswith("sqlite"):
        run("db", "upgrade")
        run("knowledge", "load")
    return run


def _ask(srm, question: str) -> dict:
    return json.loads(srm("ask", "--json", question).stdout)


def test_the_interface_example_answers_who_owns_what(srm, knowledge) -> None:
    done = srm("owners", "load", str(INTERFACE_OVERLAY))
    assert "owners overlay v1 loaded" in done.stdout

    kms = _ask(srm, "which team owns kms key rotation here?")
    assert kms["intent"] == "owner"
    assert kms["verdict"] == "customer"
    assert [i["text"] for i in kms["items"]] == ["Key rotation configuration"]
    owner = kms["items"][0]["owner"]
    assert owner == {
        "team": "crypto",
        "channel": "C0CRYPTO01",
        "usergroup": "S0CRYPTO01",
        "oncall_url": "https://example.pagerduty.com/service-directory/PCRYPTO",
        "runbook_url": "https://wiki.example.com/kms-rotation",
        "rule": "interface.yaml:6",
    }
    assert "crypto" in kms["text"]

    ec2 = _ask(srm, "who patches the os on ec2?")
    assert ec2["intent"] == "who"
    first = next(i for i in ec2["items"] if i["party"] == "customer" and i["kind"] == "duty")
    assert first["text"] == "Operating system patching and updates"
    assert first["owner"]["team"] == "platform"
    assert "platform" in ec2["text"]
    # Items of AWS carry no owner key; every customer item has one.
    assert all(("owner" in i) == (i["party"] == "customer") for i in ec2["items"])

    shown = json.loads(srm("owners", "show", "--format", "json").stdout)
    assert shown["version"] == 1 and shown["source"] == "interface.yaml"
    assert len(shown["duties"]) == 87
    assert all(d["owner"] is not None for d in shown["duties"])  # the defaults cover the rest
    text = srm("owners", "show").stdout
    assert "kms: Key rotation configuration  ->  crypto #C0CRYPTO01  [interface.yaml:6]" in text


def test_gaps_lists_exactly_the_unowned_duties(srm, knowledge, tmp_path) -> None:
    no_defaults = "\n".join(
        line
        for line in INTERFACE_OVERLAY.read_text().splitlines()
        if not line.startswith(("defaults:", "  team: cloud-security", "  channel: C0SECHELP1"))
    )
    path = tmp_path / "owners.yaml"
    path.write_text(no_defaults + "\n")
    srm("owners", "load", str(path))
    done = srm("owners", "gaps")
    listed = done.stdout.splitlines()
    expected = []
    for s in knowledge.services:
        for d in s.duties:
            owned = (
                d.party != "customer"
                or "patching" in d.topics
                or (s.slug == "kms" and d.text == "Key rotation configuration")
                or (s.slug == "ecs" and d.launch_type == "fargate")
            )
            if not owned:
                where = f"{s.slug} ({d.launch_type})" if d.launch_type else s.slug
                expected.append(f"{where}: {d.text}")
    assert listed == expected
    assert f"{len(expected)} of 87 customer duties have no owner" in done.stderr


def test_a_broken_overlay_is_refused_whole_and_the_stored_one_is_kept(srm, tmp_path) -> None:
    srm("owners", "load", str(INTERFACE_OVERLAY))
    before = srm("owners", "show", "--format", "json").stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "version: 1\n"
        "rules:\n"
        '  - match: {service: kms, duty: "Key rotation configuraton"}\n'
        "    team: crypto\n"
        "    channel: C0CRYPTO01\n"
        "  - match: {topic: patching}\n"
        "    team: platform\n"
        "    channel: '#platform'\n"
        "  - match: {service: s3}\n"
        "    team: data\n"
        "    chanel: C0DATAPLAT\n"
    )
    for command in ("validate", "load"):
        done = srm("owners", command, str(broken), ok=False)
        assert done.returncode == 1
        lines = done.stdout.splitlines()
        assert [int(PROBLEM.match(x)["line"]) for x in lines] == [3, 8, 11], lines
        assert all(PROBLEM.match(x)["file"] == str(broken) for x in lines)
        assert "Traceback" not in done.stderr
    assert "the stored owners overlay is unchanged" in done.stderr
    assert srm("owners", "show", "--format", "json").stdout == before


def test_without_an_overlay_an_owner_question_is_answered_as_who(srm) -> None:
    kms = _ask(srm, "which team owns kms key rotation here?")
    assert kms["intent"] == "who"
    assert kms["verdict"] == "customer"
    assert kms["items"][0]["owner"] is None
    assert "No owners are configured" in kms["text"]
    # "Who owns X?" alone asks AWS-or-us, overlay or not.
    srm("owners", "load", str(INTERFACE_OVERLAY))
    assert _ask(srm, "who owns key rotation on kms?")["intent"] != "owner"


def test_a_knowledge_load_that_removes_a_named_duty_warns(srm, knowledge_copy) -> None:
    srm("owners", "load", str(INTERFACE_OVERLAY))
    kms = knowledge_copy / "services" / "kms.yaml"
    text = kms.read_text()
    assert "Key rotation configuration" in text
    kms.write_text(text.replace("Key rotation configuration", "Key rotation schedule"))
    done = srm("knowledge", "load", str(knowledge_copy))
    assert "knowledge" in done.stdout and "loaded" in done.stdout
    lines = done.stderr.splitlines()
    # The renamed duty's everyday phrasings are stale too: said apart, as the knowledge's own.
    assert any(x.startswith("srm: warning:") and "asked_as.yaml" in x for x in lines)
    warnings = [x for x in lines if x.startswith("srm: warning:") and "asked_as.yaml" not in x]
    assert len(warnings) == 1, done.stderr
    assert "interface.yaml:6" in warnings[0] and "Key rotation configuration" in warnings[0]


def test_raci_names_the_owner_of_every_customer_duty(srm) -> None:
    import csv
    import io

    from tests.owners.conftest import EXAMPLE_OVERLAY

    empty = list(csv.DictReader(io.StringIO(srm("raci", "--format", "csv").stdout)))
    assert len(empty) == 149 and all(r["owner_team"] == "" for r in empty)
    srm("owners", "load", str(EXAMPLE_OVERLAY))
    rows = list(csv.DictReader(io.StringIO(srm("raci", "--format", "csv").stdout)))
    assert len(rows) == 149
    for r in rows:
        if r["party"] == "customer":
            assert r["owner_team"] and r["owner_channel"].startswith("C"), r
        else:
            assert r["owner_team"] == r["owner_channel"] == "", r
    rotation = next(r for r in rows if r["duty"] == "Key rotation configuration")
    assert (rotation["owner_team"], rotation["owner_channel"]) == ("crypto", "C0CRYPTO01")
    fargate = [r for r in rows if r["launch_type"] == "fargate" and r["party"] == "customer"]
    assert fargate and {r["owner_team"] for r in fargate} == {"app-platform"}
    public = next(r for r in rows if r["duty"] == "Bucket policies and access controls")
    assert public["owner_team"] == "cloud-security"  # the S3.8 control rule beats service: s3


def test_the_quick_path_of_srm_ask_shows_the_owners_too(run_srm, base_env, sqlite_url) -> None:
    from pathlib import Path

    env = {**base_env, "DATABASE_URL": sqlite_url}
    assert run_srm("owners", "load", str(INTERFACE_OVERLAY), env=env).returncode == 0
    question = "which team owns kms key rotation here?"
    first = json.loads(run_srm("ask", "--json", question, env=env).stdout)
    snapshot = Path(sqlite_url.removeprefix("sqlite:///") + ".knowledge.json")
    assert snapshot.is_file()  # so the next ask answers from it, before SQLAlchemy loads
    second = json.loads(run_srm("ask", "--json", question, env=env).stdout)
    assert first == second
    assert second["intent"] == "owner"
    assert second["items"][0]["owner"]["team"] == "crypto"

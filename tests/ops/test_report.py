"""`srm report` on a store filled by a test run: the unknown questions it was asked, grouped."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from bot.ops.grouping import group_questions
from bot.ops.report import build_report
from bot.store.ops_models import QueryLogEntry
from bot.store.slack_models import SlackVote

QUESTIONS = [
    "who patches RDS?",
    "who encrypts S3 objects?",
    "how do I bake a sourdough loaf?",
    "how to bake a sourdough loaf",
    "what is the weather in Paris tomorrow?",
    "who patches RDS?",
]
UNKNOWN = {
    "how do I bake a sourdough loaf?",
    "how to bake a sourdough loaf",
    "what is the weather in Paris tomorrow?",
}


def fill(srm_env: dict[str, str], run_srm) -> None:
    if not srm_env["DATABASE_URL"].startswith("sqlite"):
        assert run_srm("db", "upgrade", env=srm_env).returncode == 0
        assert run_srm("knowledge", "load", env=srm_env).returncode == 0
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        input="\n".join(QUESTIONS) + "\n",
        env=srm_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert {a["query"] for a in answers if a["intent"] == "unknown"} == UNKNOWN


def test_report_shows_the_unknown_questions_of_a_run(run_srm, srm_env) -> None:
    fill(srm_env, run_srm)
    text = run_srm("report", env=srm_env)
    assert text.returncode == 0, text.stderr
    assert "6 questions, 3 unknown" in text.stdout
    for question in UNKNOWN:
        assert question in text.stdout
    assert "who patches RDS?" not in text.stdout.split("learn next")[1]

    data = json.loads(run_srm("report", "--format", "json", "--since", "1d", env=srm_env).stdout)
    assert data["questions"] == 6 and data["unknown"] == 3
    assert {i["intent"]: i["questions"] for i in data["intents"]} == {"who": 3, "unknown": 3}
    assert data["services"][0] == {"service": "rds", "questions": 2}
    groups = {g["question"]: g for g in data["to_learn"]}
    assert groups["how do I bake a sourdough loaf?"]["count"] == 2, "similar questions grouped"
    assert sum(g["unknown"] for g in data["to_learn"]) == 3

    table = list(
        csv.DictReader(io.StringIO(run_srm("report", "--format", "csv", env=srm_env).stdout))
    )
    learn = [row for row in table if row["section"] == "to_learn"]
    assert {row["key"] for row in learn} == {
        "how do I bake a sourdough loaf?",
        "what is the weather in Paris tomorrow?",
    }


def test_report_of_an_empty_period_and_a_bad_since(run_srm, srm_env) -> None:
    if not srm_env["DATABASE_URL"].startswith("sqlite"):
        assert run_srm("db", "upgrade", env=srm_env).returncode == 0
    empty = run_srm("report", "--since", "1h", env=srm_env)
    assert empty.returncode == 0 and "No questions were recorded" in empty.stdout
    bad = run_srm("report", "--since", "last tuesday", env=srm_env)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_helpful_ratios_per_service_and_low_confidence(engine) -> None:
    from bot.store.migrate import upgrade

    upgrade(engine)
    now = datetime.now(UTC)
    base = {"source": "slack", "verdict": None, "latency_ms": 1.0, "knowledge_version": "v"}
    log = [
        {
            **base,
            "question": "who patches RDS?",
            "intent": "who",
            "services": "rds",
            "confidence": 0.9,
            "unknown": False,
            "card_id": "c1",
            "asked_at": now,
        },
        {
            **base,
            "question": "rds backups?",
            "intent": "who",
            "services": "rds,ebs",
            "confidence": 0.3,
            "unknown": False,
            "card_id": "c2",
            "asked_at": now,
        },
        {
            **base,
            "question": "old",
            "intent": "who",
            "services": "s3",
            "confidence": 0.9,
            "unknown": False,
            "card_id": "c3",
            "asked_at": now - timedelta(days=30),
        },
    ]
    votes = [
        {"card_id": "c1", "user_hash": "h1", "helpful": True},
        {"card_id": "c2", "user_hash": "h1", "helpful": False},
        {"card_id": "c1", "user_hash": "h2", "helpful": True},
    ]
    with engine.begin() as conn:
        conn.execute(insert(QueryLogEntry), log)
        conn.execute(insert(SlackVote), [{**v, "voted_at": now} for v in votes])
    report = build_report(engine, timedelta(days=7), now=now + timedelta(seconds=1))
    assert report.total == 2 and report.low_confidence == 1
    assert [g.question for g in report.to_learn] == ["rds backups?"]
    (rds,) = report.feedback
    assert (rds.service, rds.helpful, rds.not_helpful, rds.ratio) == ("rds", 2, 1, 0.667)


def test_grouping_keeps_different_questions_apart() -> None:
    groups = group_questions(
        [("how do I bake bread", True), ("How to bake bread?", True), ("who won the cup", True)]
    )
    assert [(g.count, g.question) for g in groups] == [
        (2, "how do I bake bread"),
        (1, "who won the cup"),
    ]

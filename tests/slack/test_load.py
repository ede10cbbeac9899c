"""300 slash commands from 8 threads: every one acknowledged with its card (no timing asserts;
benchmarks/load.py measures the times against gunicorn)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.slack.helpers import buttons

QUESTIONS = (
    "who patches RDS?",
    "who encrypts S3 objects?",
    "compare ECS on Fargate and ECS on EC2",
    "who handles encryption?",
    "Lambda best practices",
    "who owns rdss",
)


def test_300_commands_from_8_threads_are_all_acknowledged_with_their_card(slack) -> None:
    def ask(n: int) -> tuple[int, dict]:
        # A user per question, so the per-user rate limit is not what this measures.
        response = slack.command(QUESTIONS[n % len(QUESTIONS)], user_id=f"U0LOAD{n:05d}")
        return response.status, response.json()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(ask, range(300), timeout=120))

    assert [status for status, _ in results] == [200] * 300
    for n, (_, body) in enumerate(results):
        assert body["response_type"] == "ephemeral"
        assert body["blocks"], f"command {n} got no card"
        assert "srm_share" in buttons(body["blocks"])
        assert body["text"] == slack.srm.ask(QUESTIONS[n % len(QUESTIONS)]).card.text

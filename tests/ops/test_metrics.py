"""`GET /metrics` on the real app over HTTP: it parses, and its counters match what was sent."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from bot.ops import metrics
from tests.ops.waiting import wait_until
from tests.slack.client import get, payload

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(server) -> Samples:
    response = get(server.base, "/metrics")
    assert response.status == 200
    families = text_string_to_metric_families(response.body.decode("utf-8"))
    return {(s.name, tuple(sorted(s.labels.items()))): s.value for f in families for s in f.samples}


def delta(before: Samples, after: Samples, name: str, **labels: str) -> float:
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0.0) - before.get(key, 0.0)


def mention(event_id: str, ts: str, user: str, text: str) -> dict:
    data = payload("app_mention")
    data["event_id"] = event_id
    data["event"].update(ts=ts, user=user, text=f"<@U0SRMBOT> {text}")
    return data


def sample(name: str, **labels: str) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_match_the_requests_sent(start_app, fake_slack, monkeypatch) -> None:
    monkeypatch.setenv("SRM_RATE_LIMIT", "3/60")
    server = start_app()
    before = scrape(server)
    errors = sample("srm_slack_api_errors_total", method="chat.postMessage", reason="injected")

    # Three questions by one user, the fourth over the rate limit.
    for text in ("who patches RDS?", "how do I bake bread?", "who encrypts S3 objects?"):
        assert server.command(text).status == 200
    assert "faster than I can keep up" in server.command("who patches RDS?").json()["text"]

    # A mention, then Slack's redelivery of it: answered once, the copy counted.
    first = mention("Ev0METRICS1", "1700000101.000100", "U0EVENTA", "who patches RDS?")
    assert server.event(first).status == 200
    assert server.event(first, retry=1).status == 200
    fake_slack.wait_api("chat.postMessage", count=1)

    # Slack's API fails with 5xx on every try: retried twice, then logged and counted.
    fake_slack.fail("chat.postMessage", 500, times=3)
    failing = mention("Ev0METRICS2", "1700000102.000100", "U0EVENTB", "who encrypts S3 objects?")
    assert server.event(failing).status == 200
    wait_until(
        lambda: (
            sample("srm_slack_api_errors_total", method="chat.postMessage", reason="injected")
            > errors
        ),
        20,
        "the failed chat.postMessage to be counted",
    )

    # Rate limited once by Slack (Retry-After: 1): retried, then delivered.
    fake_slack.fail("chat.postMessage", 429, times=1, Retry_After="1")
    limited = mention("Ev0METRICS3", "1700000103.000100", "U0EVENTC", "how do I bake bread?")
    assert server.event(limited).status == 200
    fake_slack.wait_for(
        lambda calls: sum(c.name == "chat.postMessage" for c in calls) >= 6,
        20,
        "the rate-limited post to be retried",
    )
    wait_until(lambda: server.srm.recorder.flush(1) and True, 10, "the query log to be written")
    after = scrape(server)

    assert delta(before, after, "srm_questions_total", intent="who", source="slack") == 4
    assert delta(before, after, "srm_questions_total", intent="unknown", source="slack") == 2
    assert delta(before, after, "srm_unknown_questions_total", source="slack") == 2
    assert delta(before, after, "srm_answer_seconds_count") == 6
    assert delta(before, after, "srm_rate_limited_total") == 1
    assert delta(before, after, "srm_slack_deduplicated_total", kind="event") == 1
    assert (
        delta(
            before,
            after,
            "srm_slack_api_errors_total",
            method="chat.postMessage",
            reason="injected",
        )
        == 1
    )
    assert delta(before, after, "srm_slack_api_retries_total", reason="server_error") == 2
    assert delta(before, after, "srm_slack_api_retries_total", reason="rate_limited") == 1
    assert delta(before, after, "srm_http_requests_total", route="/slack/events", status="200") == 8
    assert delta(before, after, "srm_query_log_records_total", outcome="recorded") == 6
    version = server.srm.version.short
    assert after[("srm_knowledge_version_info", (("pack", "aws"), ("version", version)))] == 1
    assert after[("srm_store_up", ())] == 1

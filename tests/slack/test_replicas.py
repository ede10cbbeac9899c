"""Two app processes on one store receiving the same event answer it once."""

from __future__ import annotations

import threading

import pytest

from tests.slack.client import payload


def deliver_to_both(servers: list, data: dict) -> list[int]:
    """The same event to every replica at once, then Slack's retries to each of them."""
    statuses: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(len(servers))

    def send(server, retry: int | None) -> None:
        start.wait(timeout=10)
        status = server.event(data, retry=retry).status
        with lock:
            statuses.append(status)

    for retry in (None, 1, 2):
        threads = [threading.Thread(target=send, args=(s, retry)) for s in servers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    return statuses


def assert_answered_once(servers: list, fake_slack, data: dict) -> None:
    statuses = deliver_to_both(servers, data)
    assert statuses == [200] * (3 * len(servers))
    fake_slack.wait_api("chat.postMessage")
    for server in servers:
        server.drain()
    assert len(fake_slack.api_calls("chat.postMessage")) == 1


def test_two_replicas_on_one_sqlite_file_answer_once(start_app, fake_slack) -> None:
    servers = [start_app(), start_app()]
    assert_answered_once(servers, fake_slack, payload("app_mention"))


def test_dm_and_its_mention_on_two_replicas_are_answered_once(start_app, fake_slack) -> None:
    first, second = start_app(), start_app()
    dm = payload("message_im")
    dm["event"]["text"] = "<@U0SRMBOT> who encrypts S3 objects?"
    as_mention = payload("app_mention")
    as_mention["event"].update(text=dm["event"]["text"], channel="D0ADADM001", ts=dm["event"]["ts"])
    as_mention["event_id"] = "Ev0MENTIONDM2"
    assert first.event(dm).status == 200
    assert second.event(as_mention).status == 200
    fake_slack.wait_api("chat.postMessage")
    first.drain()
    second.drain()
    assert len(fake_slack.api_calls("chat.postMessage")) == 1


@pytest.mark.postgres
def test_two_replicas_on_one_postgres_database_answer_once(
    start_app, fake_slack, loaded_postgres: str
) -> None:
    servers = [start_app(loaded_postgres), start_app(loaded_postgres)]
    data = payload("app_mention")
    data["event_id"] = "Ev0PGREPLICA1"
    assert_answered_once(servers, fake_slack, data)
    # And the app still answers new events on either replica.
    other = payload("app_mention")
    other["event_id"] = "Ev0PGREPLICA2"
    other["event"]["ts"] = "1700000999.000999"
    fresh = start_app(loaded_postgres)
    assert fresh.event(other).status == 200
    fake_slack.wait_api("chat.postMessage", count=2)

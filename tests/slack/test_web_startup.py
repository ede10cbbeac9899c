"""The Procfile's web process on a start-up error: one line, a non-zero exit, no crash loop
(issue 11 item 5). Before, each gunicorn worker printed the line, exited 1 and was respawned."""

from __future__ import annotations

import pytest

from tests.slack.procfile import WebProcess, free_port


def _fails_once(env: dict[str, str], needle: str) -> None:
    web = WebProcess(env)
    try:
        code = web.wait_exit(timeout=60)
    finally:
        web.terminate()
    own = web.own_lines()
    assert code != 0
    assert len(own) == 1, web.output()
    assert own[0].startswith("srm: ") and needle in own[0], own
    assert "Booting worker" not in web.output()  # stopped in the master, before any worker
    assert "Traceback" not in web.output()


def test_no_bot_token(slack_env: dict) -> None:
    _fails_once({**slack_env, "SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN")


def test_unreachable_slack_api(slack_env: dict) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}/api/"  # nothing listens there
    _fails_once({**slack_env, "SLACK_API_URL": nowhere}, "Slack")


@pytest.mark.postgres
def test_postgres_store_without_db_upgrade(slack_env: dict, postgres_url: str) -> None:
    _fails_once({**slack_env, "DATABASE_URL": postgres_url}, "srm db upgrade")


def test_the_factory_exits_with_gunicorns_boot_error_code(
    slack_env: dict, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """A worker that still fails to boot (the store changed after the master's check) exits with
    code 3, on which gunicorn's master stops rather than respawning it."""
    from bot.slack.wsgi import create_app

    monkeypatch.setenv("SLACK_BOT_TOKEN", "")
    with pytest.raises(SystemExit) as exit_:
        create_app()
    assert exit_.value.code == 3
    assert capsys.readouterr().err.startswith("srm: SLACK_BOT_TOKEN is not set")

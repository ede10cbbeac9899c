"""Fixtures that run the real Slack app over HTTP on loopback against a fake Slack Web API.

    fake_slack    FakeSlack: the Web API and response_url endpoints, recording every call
    slack_env     the environment srm serve reads (tokens, SLACK_API_URL, a fresh SQLite store)
    start_app     start_app(database_url=None) -> AppServer; any number per test (replicas)
    slack         one AppServer on the fresh SQLite store

An AppServer's `drain()` stops it and waits for every lazy listener to finish: after it, the
fake's records are final, so "nothing was posted" can be asserted without sleeping.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.slack.client import SIGNING_SECRET, Response, SlackSender
from tests.slack.fake_slack import FakeSlack

BOT_TOKEN = "xoxb-1111111111-2222222222-srmtesttokenvalue"


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store migrated and loaded once; each test gets its own copy (bootstrapping takes ~2 s)."""
    from bot.runtime import Srm

    path = tmp_path_factory.mktemp("template") / "srm.db"
    srm = Srm.open(f"sqlite:///{path}")
    srm.engine.dispose()
    return path


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def sqlite_store(tmp_path: Path, template_store: Path) -> str:
    target = tmp_path / "store" / "srm.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template_store, target)
    return f"sqlite:///{target}"


@pytest.fixture
def slack_env(
    monkeypatch: pytest.MonkeyPatch, fake_slack: FakeSlack, sqlite_store: str
) -> dict[str, str]:
    env = {
        "DATABASE_URL": sqlite_store,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
    }
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_APP_TOKEN", "SRM_RATE_LIMIT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


class AppServer:
    """The real WSGI app (wrapper + Bolt) on a threaded wsgiref server on 127.0.0.1."""

    def __init__(self, database_url: str, fake: FakeSlack) -> None:
        from bot.runtime import Srm
        from bot.slack.serve import make_http_server
        from bot.slack.settings import load_settings

        self.fake = fake
        self.srm = Srm.open(database_url)
        self.settings = load_settings()
        self.server = make_http_server(self.srm, self.settings, "127.0.0.1", 0)
        self.bolt = self.server.get_app().bolt.app
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.sender = SlackSender(self.base)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self._stopped = False

    def drain(self) -> None:
        """Stop serving and wait for every listener Bolt started; idempotent."""
        if self._stopped:
            return
        self._stopped = True
        self.server.shutdown()
        self.server.server_close()
        self.bolt.listener_runner.listener_executor.shutdown(wait=True)

    def close(self) -> None:
        self.drain()
        self.srm.engine.dispose()

    # Shortcuts to the sender, so tests read as what Slack does.
    def command(self, text: str, name: str = "cmd", **fields: str) -> Response:
        return self.sender.command(text, self.fake.response_url(name), **fields)

    def event(self, data: dict, retry: int | None = None) -> Response:
        return self.sender.event(data, retry=retry)

    def action(self, data: dict) -> Response:
        return self.sender.action(data)


@pytest.fixture
def start_app(
    slack_env: dict[str, str], fake_slack: FakeSlack
) -> Iterator[Callable[..., AppServer]]:
    servers: list[AppServer] = []

    def start(database_url: str | None = None) -> AppServer:
        server = AppServer(database_url or slack_env["DATABASE_URL"], fake_slack)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def slack(start_app: Callable[..., AppServer]) -> AppServer:
    return start_app()


@pytest.fixture
def loaded_postgres(postgres_url: str) -> str:
    """A fresh PostgreSQL database after the Procfile's release step (upgrade, load)."""
    from bot.knowledge.load import load_into
    from bot.store.db import make_engine
    from bot.store.migrate import upgrade

    engine = make_engine(postgres_url)
    upgrade(engine)
    load_into(engine)
    engine.dispose()
    return postgres_url

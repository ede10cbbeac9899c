"""Fixtures of the operations tests.

    pg_cluster     a running throwaway PostgreSQL cluster (tests.ops.pgcluster.PgCluster) that
                   the test may stop and start; skipped, saying why, without PostgreSQL binaries
    pg_store       its URL after the release step (migrations applied, bundled knowledge loaded)

The Slack fixtures of tests/slack (fake_slack, slack_env, start_app, slack) are reused as they are.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ops.pgcluster import PgCluster, Unavailable
from tests.slack.conftest import (  # noqa: F401 - fixtures reused by name
    fake_slack,
    slack,
    slack_env,
    sqlite_store,
    start_app,
    template_store,
)


@pytest.fixture
def pg_cluster() -> Iterator[PgCluster]:
    try:
        cluster = PgCluster()
    except Unavailable as exc:
        pytest.skip(f"no throwaway PostgreSQL cluster: {exc}")
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def pg_store(pg_cluster: PgCluster) -> str:
    from bot.knowledge.load import load_into
    from bot.store.db import make_engine
    from bot.store.migrate import upgrade

    engine = make_engine(pg_cluster.url)
    upgrade(engine)
    load_into(engine)
    engine.dispose()
    return pg_cluster.url

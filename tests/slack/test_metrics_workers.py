"""One scrape of the Procfile's web process covers every gunicorn worker (issue 11 item 12).

prometheus_client's multiprocess mode: each worker writes its counters to files named by its pid
in PROMETHEUS_MULTIPROC_DIR. The test reads each worker's own files to see that the commands
reached both workers, then checks that a single scrape of `/metrics` counts all of them. Before,
a scrape reported only the worker that served it.
"""

from __future__ import annotations

import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from tests.slack.client import SlackSender, get
from tests.slack.procfile import WebProcess

BATCH = 24


def _questions(families: list) -> float:
    return sum(
        sample.value
        for family in families
        if family.name == "srm_questions"
        for sample in family.samples
        if sample.name == "srm_questions_total" and sample.labels.get("source") == "slack"
    )


def _per_worker(directory: Path, scratch: Path) -> dict[str, float]:
    """Questions counted by each worker, from its own files only."""
    counts: dict[str, float] = {}
    for path in directory.glob("counter_*.db"):
        pid = re.fullmatch(r"counter_(\d+)\.db", path.name).group(1)
        own = scratch / pid
        own.mkdir(exist_ok=True)
        shutil.copyfile(path, own / path.name)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(own))
        counts[pid] = _questions(list(registry.collect()))
    return counts


def test_one_scrape_counts_the_questions_of_both_workers(
    slack_env: dict, fake_slack, tmp_path: Path
) -> None:
    metrics_dir = tmp_path / "metrics"
    web = WebProcess(
        {**slack_env, "SRM_RATE_LIMIT": "0", "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)},
        extra_args="--workers 2",  # whatever WEB_CONCURRENCY says
    )
    sender = SlackSender(web.base)

    def ask(n: int) -> int:
        return sender.command("who patches RDS?", fake_slack.response_url(f"m{n}")).status

    try:
        web.wait_ready()
        sent = 0
        for batch in range(10):  # until both workers have answered some (bounded)
            with ThreadPoolExecutor(max_workers=8) as pool:
                statuses = list(pool.map(ask, range(batch * BATCH, (batch + 1) * BATCH)))
            assert statuses == [200] * BATCH
            sent += BATCH
            per_worker = _per_worker(metrics_dir, tmp_path)
            if sum(1 for count in per_worker.values() if count > 0) >= 2:
                break
        assert sum(1 for count in per_worker.values() if count > 0) == 2, per_worker
        assert sum(per_worker.values()) == sent

        scrape = get(web.base, "/metrics")
        assert scrape.status == 200
        families = list(text_string_to_metric_families(scrape.body.decode()))
        assert _questions(families) == sent
        # The scraping worker's own runtime gauges are there too.
        assert any(f.name == "srm_knowledge_version_info" and f.samples for f in families)
    finally:
        web.terminate()

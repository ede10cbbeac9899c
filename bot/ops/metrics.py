"""Prometheus metrics of this process (the official client), and the `GET /metrics` WSGI app.

The metrics live on srm's own registry, so a test process may build many apps without clashing
names. With gunicorn (bot.slack.gunicorn_conf) PROMETHEUS_MULTIPROC_DIR is set before the workers
import this module: prometheus_client then keeps every worker's counters in files there, and a
scrape of any worker reads them all (its multiprocess mode), plus that worker's knowledge version
and store health. Without the variable (`srm serve`, one process) the registry is read directly.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from prometheus_client import CollectorRegistry, Counter, Histogram, make_wsgi_app
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

REGISTRY = CollectorRegistry(auto_describe=True)

QUESTIONS = Counter(
    "srm_questions",
    "Questions answered, by intent and source.",
    ["intent", "source"],
    registry=REGISTRY,
)
UNKNOWN = Counter(
    "srm_unknown_questions",
    "Questions the knowledge could not answer.",
    ["source"],
    registry=REGISTRY,
)
ANSWER_SECONDS = Histogram(
    "srm_answer_seconds",
    "Time to answer one question (engine and card), in seconds.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
    registry=REGISTRY,
)
SLACK_API_ERRORS = Counter(
    "srm_slack_api_errors",
    "Slack Web API calls that failed after their retries, by method and reason.",
    ["method", "reason"],
    registry=REGISTRY,
)
SLACK_API_RETRIES = Counter(
    "srm_slack_api_retries",
    "Slack Web API calls retried, by reason.",
    ["reason"],
    registry=REGISTRY,
)
DEDUPLICATED = Counter(
    "srm_slack_deduplicated",
    "Slack deliveries dropped because they were already handled (retries, DM plus mention).",
    ["kind"],
    registry=REGISTRY,
)
RATE_LIMITED = Counter(
    "srm_rate_limited", "Questions refused by the per-user rate limit.", registry=REGISTRY
)
QUERY_LOG = Counter(
    "srm_query_log_records",
    "Answered questions by query-log outcome: recorded, or unrecorded (store down, queue full).",
    ["outcome"],
    registry=REGISTRY,
)
HTTP_REQUESTS = Counter(
    "srm_http_requests",
    "HTTP requests served, by route and status.",
    ["route", "status"],
    registry=REGISTRY,
)


class Runtime(Protocol):
    """What the runtime collector reads from an open srm (bot.runtime.Srm)."""

    pack: str
    store_ok: bool

    @property
    def version(self) -> Any: ...


class _RuntimeCollector(Collector):
    """Knowledge version and store health of every srm runtime alive in this process."""

    def __init__(self) -> None:
        self._runtimes: weakref.WeakSet[Runtime] = weakref.WeakSet()
        self._lock = threading.Lock()

    def track(self, runtime: Runtime) -> None:
        with self._lock:
            self._runtimes.add(runtime)

    def collect(self) -> Iterator[Metric]:
        info = GaugeMetricFamily(
            "srm_knowledge_version_info",
            "The knowledge version served (1 per version currently in memory).",
            labels=["pack", "version"],
        )
        loaded = GaugeMetricFamily(
            "srm_knowledge_loaded_timestamp_seconds",
            "When the served knowledge version was loaded into the store (Unix time).",
            labels=["pack", "version"],
        )
        store = GaugeMetricFamily(
            "srm_store_up", "1 when the last check of the store succeeded, else 0."
        )
        with self._lock:
            runtimes = list(self._runtimes)
        seen: set[tuple[str, str]] = set()
        for rt in runtimes:
            try:
                version = rt.version
            except AssertionError:
                continue
            key = (rt.pack, version.short)
            if key not in seen:
                seen.add(key)
                info.add_metric(list(key), 1)
                loaded.add_metric(list(key), version.loaded_at.timestamp())
        if runtimes:
            store.add_metric([], 1 if all(rt.store_ok for rt in runtimes) else 0)
        yield info
        yield loaded
        yield store


_runtimes = _RuntimeCollector()
REGISTRY.register(_runtimes)


def track(runtime: Runtime) -> None:
    """Report this runtime's knowledge version and store health."""
    _runtimes.track(runtime)


def observe_answer(intent: str, source: str, seconds: float) -> None:
    QUESTIONS.labels(intent=intent, source=source).inc()
    if intent == "unknown":
        UNKNOWN.labels(source=source).inc()
    ANSWER_SECONDS.observe(seconds)


def scrape_registry() -> CollectorRegistry:
    """What `GET /metrics` reads: this process's registry, or with PROMETHEUS_MULTIPROC_DIR every
    process's counters (prometheus_client's MultiProcessCollector) and this one's runtime."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(_runtimes)
    return registry


def metrics_app() -> Callable[[dict, Callable[..., Any]], Iterable[bytes]]:
    """The WSGI app of `GET /metrics` (Prometheus text format; OpenMetrics when asked for)."""
    return make_wsgi_app(scrape_registry())

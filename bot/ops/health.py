"""`GET /healthz`: can this replica answer, and is its store reachable?

200 `ok`: answering, store reachable. 200 `degraded`: answering from the in-memory index while
the store is unreachable (keep the replica in the load balancer). 503: it cannot answer at all.
The check never waits on the store: it reports the last background check (at most
`refresh_seconds` old) and starts the next one when it is due.
"""

from __future__ import annotations

from typing import Any

from bot.runtime import Srm


def health(srm: Srm) -> tuple[int, dict[str, Any]]:
    srm.refresh()
    try:
        version = srm.version
    except AssertionError:
        return 503, {"status": "unavailable", "reason": "no knowledge in memory"}
    stats = srm.recorder.stats()
    body: dict[str, Any] = {
        "status": "ok" if srm.store_ok else "degraded",
        "knowledge": version.short,
        "store": "ok" if srm.store_ok else "unreachable",
        "query_log": {
            "recorded": stats.recorded,
            "unrecorded": stats.unrecorded,
            "pending": stats.pending,
        },
    }
    return 200, body

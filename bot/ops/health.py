"""`GET /healthz`: can this replica answer, and is its store reachable?

200 `ok`: answering, store reachable. 200 `degraded`: answering from the in-memory index while
the store is unreachable, or while it reads but refuses writes (a full disk: the query log is not
being recorded); keep the replica in the load balancer. 503: it cannot answer at all.
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
    # The store check reads; the query log's last write says whether writes still succeed.
    if not srm.store_ok:
        store = "unreachable"
    elif not stats.store_ok:
        store = "writes failing"
    else:
        store = "ok"
    body: dict[str, Any] = {
        "status": "ok" if store == "ok" else "degraded",
        "knowledge": version.short,
        "store": store,
        "query_log": {
            "recorded": stats.recorded,
            "unrecorded": stats.unrecorded,
            "pending": stats.pending,
        },
    }
    return 200, body

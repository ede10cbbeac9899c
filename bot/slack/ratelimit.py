"""Per-user rate limit on questions: a sliding window kept in memory.

Per process on purpose: it protects each worker from one noisy user, needs no shared store and
never delays an acknowledgement. With N replicas a user gets at most N times the limit.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from bot.ops import metrics
from bot.ops.requestlog import annotate
from bot.slack.settings import RateLimit


class RateLimiter:
    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: dict[str, deque[float]] = {}
        # When each over-limit user was last told so: one notice per window, not one per message.
        self._noticed: dict[str, float] = {}

    def allow(self, user: str) -> bool:
        """Count one question by `user`; False when it is over the limit (then not counted)."""
        if self.limit.requests == 0:
            return True
        now = self._clock()
        cutoff = now - self.limit.seconds
        with self._lock:
            times = self._seen.setdefault(user, deque())
            while times and times[0] <= cutoff:
                times.popleft()
            if len(times) >= self.limit.requests:
                metrics.RATE_LIMITED.inc()
                annotate(rate_limited=True)
                return False
            times.append(now)
            if len(self._seen) > 10_000:  # forget idle users so memory stays bounded
                self._forget_idle(cutoff)
            return True

    def notice_due(self, user: str) -> bool:
        """After `allow(user)` said no: True when this user has not been told within the last
        window (then it counts as told), False when a notice already went out."""
        now = self._clock()
        with self._lock:
            last = self._noticed.get(user)
            if last is not None and now - last < self.limit.seconds:
                return False
            if len(self._noticed) > 10_000:  # bounded like _seen
                cutoff = now - self.limit.seconds
                self._noticed = {u: t for u, t in self._noticed.items() if t > cutoff}
            self._noticed[user] = now
            return True

    def retry_after(self, user: str) -> float:
        """Seconds until `user` may ask again."""
        with self._lock:
            times = self._seen.get(user)
            if not times:
                return 0.0
            return max(0.0, times[0] + self.limit.seconds - self._clock())

    def _forget_idle(self, cutoff: float) -> None:
        for user in [u for u, t in self._seen.items() if not t or t[-1] <= cutoff]:
            del self._seen[user]


def friendly_message(seconds: float) -> str:
    wait = max(1, round(seconds))
    unit = "second" if wait == 1 else "seconds"
    return f"You're asking faster than I can keep up: try again in {wait} {unit}."

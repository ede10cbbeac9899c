"""One answer per Slack event, across every replica that shares the store.

Slack redelivers an event when it did not see a quick 200 (`X-Slack-Retry-Num`), and a DM that
mentions the bot arrives twice (`message.im` and `app_mention`). Each is claimed here on receipt
by inserting its key; the primary key makes the insert succeed for exactly one claimant, whatever
process it runs in, so an IntegrityError means "someone already has it".
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.ops import metrics
from bot.ops.requestlog import annotate
from bot.store.slack_models import SlackEvent

log = logging.getLogger(__name__)

# Slack's last retry comes about 5 minutes after the first delivery; a day leaves ample margin.
KEEP_FOR = timedelta(days=1)
PRUNE_EVERY = 1000


class Dedupe:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._claims = 0
        self._lock = threading.Lock()

    def claim(self, key: str) -> bool:
        """True for the first claim of `key` anywhere; False for every later one.

        When the store cannot be written the claim succeeds: answering a redelivery twice is
        better than never answering.
        """
        now = datetime.now(UTC)
        try:
            # Its own short transaction, so a duplicate fails fast and holds no lock afterwards.
            with self.engine.begin() as conn:
                conn.execute(insert(SlackEvent).values(event_id=key[:255], received_at=now))
        except IntegrityError:
            metrics.DEDUPLICATED.labels(kind=key.split(":", 1)[0]).inc()
            annotate(deduplicated=True)
            return False
        except SQLAlchemyError as exc:
            log.warning("dedupe store unavailable, answering anyway: %s", exc.__class__.__name__)
            return True
        self._maybe_prune(now)
        return True

    def _maybe_prune(self, now: datetime) -> None:
        with self._lock:
            self._claims += 1
            if self._claims % PRUNE_EVERY:
                return
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(SlackEvent).where(SlackEvent.received_at < now - KEEP_FOR))
        except SQLAlchemyError:
            log.warning("could not prune old Slack events", exc_info=True)

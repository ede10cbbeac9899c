"""The stored overlay: save a new version in one transaction, read the current one.

Saving equal content again changes nothing (no new version); a refused load never gets here, so
the stored overlay stays exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.owners.overlay import Overlay
from bot.store.owner_models import OwnerOverlay


@dataclass(frozen=True)
class StoredOverlay:
    version: int
    content_hash: str
    loaded_at: datetime
    overlay: Overlay


def _document(overlay: Overlay) -> str:
    return json.dumps(overlay.to_json(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _stored(row: OwnerOverlay) -> StoredOverlay:
    loaded_at = row.loaded_at
    if loaded_at.tzinfo is None:  # SQLite keeps no time zone; load times are stored in UTC
        loaded_at = loaded_at.replace(tzinfo=UTC)
    overlay = Overlay.from_json(json.loads(row.document))
    return StoredOverlay(row.id, row.content_hash, loaded_at, overlay)


def current(session: Session) -> StoredOverlay | None:
    row = session.scalars(select(OwnerOverlay).order_by(OwnerOverlay.id.desc()).limit(1)).first()
    return _stored(row) if row is not None else None


def current_version(session: Session) -> int | None:
    """The current overlay's version alone (what replicas poll)."""
    return session.scalar(select(OwnerOverlay.id).order_by(OwnerOverlay.id.desc()).limit(1))


def save(engine: Engine, overlay: Overlay) -> tuple[StoredOverlay, bool]:
    """Store `overlay` as the current version in one transaction; (stored, changed)."""
    document = _document(overlay)
    digest = hashlib.sha256(document.encode("utf-8")).hexdigest()
    with Session(engine) as session, session.begin():
        now = current(session)
        if now is not None and now.content_hash == digest:
            return now, False
        row = OwnerOverlay(
            content_hash=digest,
            source=overlay.source[:255],
            loaded_at=datetime.now(UTC),
            document=document,
        )
        session.add(row)
        session.flush()
        return _stored(row), True


def read(engine: Engine) -> StoredOverlay | None:
    with Session(engine) as session:
        return current(session)

"""The asker as a salted hash: the query log never holds a raw Slack user id.

The salt is `SRM_USER_HASH_SALT` when set (the same value on every replica, so a user's questions
can be grouped across them). Otherwise a random salt is generated once and kept in the store's
`ops_settings` table, which every replica shares.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from bot.store.ops_models import OpsSetting

SALT_ENV = "SRM_USER_HASH_SALT"
SALT_KEY = "user_hash_salt"


def stored_salt(engine: Engine) -> str:
    """The salt from the environment, else the store's, created on first use (race-safe)."""
    configured = os.environ.get(SALT_ENV, "").strip()
    if configured:
        return configured
    with engine.connect() as conn:
        found = conn.scalar(select(OpsSetting.value).where(OpsSetting.key == SALT_KEY))
    if found:
        return found
    fresh = secrets.token_hex(32)
    try:
        with engine.begin() as conn:
            conn.execute(insert(OpsSetting).values(key=SALT_KEY, value=fresh))
    except IntegrityError:  # another replica created it first: use theirs
        with engine.connect() as conn:
            return conn.scalar(select(OpsSetting.value).where(OpsSetting.key == SALT_KEY)) or fresh
    return fresh


def user_hash(salt: str, workspace: str | None, user: str | None) -> str | None:
    """HMAC-SHA256 of workspace and user under the salt, 32 hex digits; None without a user."""
    if not user:
        return None
    message = f"{workspace or ''}:{user}".encode()
    return hmac.new(salt.encode(), message, hashlib.sha256).hexdigest()[:32]

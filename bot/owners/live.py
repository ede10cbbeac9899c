"""The owners a running srm answers with, kept current like its knowledge: each store check
reads the overlay's version (one small query) and rebuilds the resolver only when the version or
the knowledge changed, so replicas pick up a new overlay within seconds, without a restart."""

from __future__ import annotations

import logging

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot import domain
from bot.owners import store
from bot.owners.resolve import Owners

log = logging.getLogger(__name__)


def refreshed(engine: Engine, owners: Owners | None, knowledge: domain.Knowledge) -> Owners:
    """`owners` again when still current, else the resolver for the stored overlay."""
    with Session(engine) as session:
        version = store.current_version(session)
        if owners is not None and owners.version == version and owners.knowledge is knowledge:
            return owners
        stored = store.current(session) if version is not None else None
    if stored is None:
        return Owners(None, knowledge)
    if owners is not None and owners.version != stored.version:
        log.info("owners overlay v%s loaded (was v%s)", stored.version, owners.version)
    if owners is not None and owners.knowledge is not knowledge:
        _log_stale(stored.overlay, knowledge)
    return Owners(stored.overlay, knowledge, version=stored.version, loaded_at=stored.loaded_at)


def _log_stale(overlay, knowledge: domain.Knowledge) -> None:
    """New knowledge may drop what a rule names: say so in the log, rule by rule."""
    from bot.owners.validate import knowledge_problems

    for i, rule in enumerate(overlay.rules):
        for _, message in knowledge_problems(rule.match, knowledge, f"rules[{i}]"):
            log.warning("owners overlay %s:%s: %s", overlay.source, rule.line, message)

"""Rules of the stored overlay that the knowledge no longer supports: a knowledge load that
removes a duty (or a topic, a control, a service) an overlay rule names is reported, never
silently ignored. The rule stays stored; it simply matches nothing until the overlay is fixed."""

from __future__ import annotations

from sqlalchemy import Engine

from bot import domain
from bot.owners import store
from bot.owners.validate import knowledge_problems


def stale_rules(engine: Engine, knowledge: domain.Knowledge) -> list[str]:
    """One line per problem, `FILE:LINE: message`, for the stored overlay under `knowledge`."""
    stored = store.read(engine)
    if stored is None:
        return []
    overlay = stored.overlay
    out = []
    for i, rule in enumerate(overlay.rules):
        for _, message in knowledge_problems(rule.match, knowledge, f"rules[{i}]"):
            out.append(f"{overlay.source}:{rule.line}: {message}")
    return out


def warn_after_knowledge_load(engine: Engine) -> None:
    """Print (stderr) one warning line per overlay rule the just-loaded knowledge broke."""
    import click
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session

    from bot.safe_output import printable
    from bot.store import repository

    try:
        with Session(engine) as session:
            knowledge = repository.load_knowledge(session)
        lines = stale_rules(engine, knowledge) if knowledge is not None else []
    except SQLAlchemyError:  # e.g. a schema without the owners table: nothing to compare
        return
    for line in lines:
        click.echo(f"srm: warning: owners overlay: {printable(line)}", err=True)

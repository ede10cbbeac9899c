"""Validate a knowledge folder and replace the store's knowledge with it, all or nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.knowledge.validate import Problem, validate_dir
from bot.store import repository


class InvalidKnowledge(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the knowledge")
        self.problems = problems


def load_into(
    engine: Engine, root: Path | None = None, warnings: list[Problem] | None = None
) -> repository.LoadResult:
    """Validate `root` (default: SRM_KNOWLEDGE_DIR, else the bundled knowledge), then save it in
    one transaction.

    Raises InvalidKnowledge before touching the store; a database error rolls everything back.
    """
    if root is None:
        from bot.paths import configured_knowledge_dir

        root = configured_knowledge_dir()
    result = validate_dir(root)
    if not result.ok or result.knowledge is None:
        raise InvalidKnowledge(result.problems)
    if warnings is not None:
        warnings.extend(result.warnings)
    with Session(engine) as session, session.begin():
        return repository.save_knowledge(session, result.knowledge)

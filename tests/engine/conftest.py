from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine import Index
from bot.knowledge.validate import validate_dir
from bot.paths import knowledge_dir

SHARED_EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "questions.jsonl"
LOCAL_EVAL = Path(__file__).resolve().parent / "tuning.jsonl"


@pytest.fixture(scope="session")
def knowledge():
    result = validate_dir(knowledge_dir())
    assert result.ok, result.problems
    return result.knowledge


@pytest.fixture(scope="session")
def index(knowledge) -> Index:
    return Index.build(knowledge)


@pytest.fixture(scope="session")
def tuning_questions() -> list[dict]:
    """The shared tuning questions (a copy ships in tests/ so the suite runs without shared/)."""
    path = SHARED_EVAL if SHARED_EVAL.is_file() else LOCAL_EVAL
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

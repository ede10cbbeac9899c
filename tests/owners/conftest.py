"""Fixtures of the owners tests: the bundled knowledge and overlay files written to tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
# The example overlay of ../shared/docs/interface.md, verbatim.
INTERFACE_OVERLAY = DATA / "interface.yaml"
EXAMPLE_OVERLAY = Path(__file__).resolve().parents[2] / "examples" / "owners.yaml"


@pytest.fixture(scope="session")
def knowledge():
    from bot.knowledge.validate import validate_dir
    from bot.paths import knowledge_dir

    result = validate_dir(knowledge_dir())
    assert result.ok
    return result.knowledge


@pytest.fixture
def write_overlay(tmp_path: Path):
    def write(text: str, name: str = "owners.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write

"""Phrases that read as the knowledge's word only beside what they are about."""

from __future__ import annotations

from bot.engine.text import fold_in_context


def test_a_phrase_folds_only_beside_its_context() -> None:
    assert fold_in_context("keep the kernel up to date".split())[-1] == "patched"
    assert fold_in_context("is the wiki up to date".split())[-3:] == ["up", "to", "date"]
    assert fold_in_context("how many days we keep snapshots".split())[:2] == ["retention", "days"]
    assert fold_in_context("how many days it takes".split())[:2] == ["how", "many"]


def test_long_text_is_read_in_one_pass() -> None:
    tokens = ["up", "to", "date", "os"] * 50_000
    out = fold_in_context(tokens)
    assert out.count("patched") == 50_000 and len(out) == 100_000


def test_kept_up_is_available_but_not_set_up_or_kept_up_to_date() -> None:
    assert fold_in_context("who keeps the iam service itself up".split())[-1] == "availability"
    assert "availability" not in fold_in_context("how long are logs kept do we set that up".split())
    assert "availability" not in fold_in_context("keep the docs up to date".split())

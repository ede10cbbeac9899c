"""The meaning table: a who-question that shares no word with any duty is answered by the duty
closest in meaning, and only such a question pays for reading the table."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.engine import Index, answer, meaning

# Our own wording: nothing in them is a word of the duty that answers them.
UNSAID = [
    (
        "nobody ever created a trail for the new org, whose job was that?",
        "cloudtrail",
        "customer",
        "Trail configuration and enablement",
    ),
    (
        "who keeps an eye on the trail for odd sign-ins, is that aws?",
        "cloudtrail",
        "customer",
        "Log analysis and alerting",
    ),
]


@pytest.mark.parametrize(("question", "slug", "verdict", "duty"), UNSAID)
def test_a_duty_no_word_says_is_found_by_meaning(
    index: Index, monkeypatch: pytest.MonkeyPatch, question: str, slug: str, verdict: str, duty: str
) -> None:
    got = answer(index, question)
    assert (got.intent, got.services[0], got.verdict) == ("who", slug, verdict)
    assert duty in [item.text for item in got.items[:3]]
    assert got.unsure  # found by meaning, not by words: it says so
    # Without the table the same question falls back to the service card.
    monkeypatch.setattr(meaning, "closeness", lambda question, texts: [0.0] * len(texts))
    assert answer(index, question).intent == "service"


def test_a_card_question_is_not_turned_into_a_side(index: Index) -> None:
    for question in (
        "what does aws cover for ebs?",
        "ebs, who owns what",
        "iam: amazon's half and ours?",
    ):
        assert answer(index, question).intent == "service", question


def test_closeness_ranks_a_paraphrase_nearer_its_duty() -> None:
    near, far = meaning.closeness(
        "somebody has to rotate the encryption keys every year",
        ["Key rotation configuration", "Route table configuration"],
    )
    assert near > far


def test_text_without_known_pieces_is_close_to_nothing() -> None:
    assert meaning.closeness("🔥🔥🔥", ["Key rotation configuration"]) == [0.0]
    assert meaning.closeness("", ["Key rotation configuration"]) == [0.0]
    long = meaning.closeness("key " * 50_000, ["Key rotation configuration"])
    assert 0.0 < long[0] <= 1.0


def test_the_table_is_read_only_when_a_question_needs_it() -> None:
    """A question that words answer never loads numpy, the tokenizer or the vectors (they cost
    a cold `srm ask` about 0.2 s); one that only meaning answers does."""
    script = (
        "import sys\n"
        "from bot.engine import Index, answer\n"
        "from bot.knowledge.validate import validate_dir\n"
        "from bot.paths import knowledge_dir\n"
        "index = Index.build(validate_dir(knowledge_dir()).knowledge)\n"
        "answer(index, 'who patches rds?'); answer(index, 'what does aws cover for ebs?')\n"
        "print('numpy' in sys.modules, 'tokenizers' in sys.modules)\n"
        f"answer(index, {UNSAID[0][0]!r})\n"
        "print('numpy' in sys.modules, 'tokenizers' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["False False", "True True"]

"""The same question gets the same answer in every process: nothing the engine decides may
hang on the interpreter's hash order (sets of words iterate differently under each
PYTHONHASHSEED, which once turned "looses" into "loose" or "loses" from run to run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

_ANSWER_ALL = """
import json, sys
from bot.engine import Index, answer
from bot.knowledge.validate import validate_dir
from bot.paths import knowledge_dir
index = Index.build(validate_dir(knowledge_dir()).knowledge)
for line in sys.stdin:
    got = answer(index, json.loads(line))
    print(json.dumps([got.intent, got.services, got.verdict, [i.text for i in got.items[:3]]]))
"""


def _answers(questions: list[str], seed: str) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    run = subprocess.run(
        [sys.executable, "-c", _ANSWER_ALL],
        input="".join(json.dumps(q) + "\n" for q in questions),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=True,
    )
    return run.stdout.splitlines()


def test_answers_do_not_depend_on_hash_order() -> None:
    questions = [
        json.loads(line)["q"]
        for path in sorted(HERE.glob("heldout*.jsonl"))
        for line in path.read_text().splitlines()
        if line.strip()
    ]
    first, second = _answers(questions, "1"), _answers(questions, "5")
    assert len(first) == len(questions)
    differ = [q for q, a, b in zip(questions, first, second, strict=True) if a != b]
    assert differ == []

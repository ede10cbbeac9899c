"""`srm ask` on the embedded store answers from a snapshot of the knowledge, before SQLAlchemy
is loaded, and only while that snapshot is exactly the store's current knowledge."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.store.test_load import edited_copy


def _probe(
    env: dict[str, str], tmp_path: Path, question: str = "who patches RDS?"
) -> tuple[dict, dict | None]:
    """Run the quick path in a fresh interpreter; note whether SQLAlchemy was loaded when the
    answer was printed."""
    code = (
        "import sys, builtins\n"
        "import bot.quick as q\n"
        "real_show = q.show\n"
        "state = {}\n"
        "def show(*a, **k):\n"
        "    state['orm'] = 'sqlalchemy' in sys.modules\n"
        "    real_show(*a, **k)\n"
        "q.show = show\n"
        f"ok = q.answer_quickly({question!r}, True)\n"
        "print(json.dumps({'quick': ok, 'orm': state.get('orm')}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", "import json\n" + code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    status = json.loads(lines[-1])
    answer = json.loads(lines[0]) if status["quick"] else None
    return status, answer


def _env(base_env: dict[str, str], db: Path) -> dict[str, str]:
    return {**base_env, "DATABASE_URL": f"sqlite:///{db}"}


def test_second_ask_answers_from_the_snapshot_without_the_orm(
    run_srm, base_env: dict[str, str], tmp_path: Path
) -> None:
    db = tmp_path / "store" / "srm.db"
    env = _env(base_env, db)
    first = run_srm("ask", "--json", "who patches RDS?", env=env)
    assert first.returncode == 0, first.stderr
    assert (db.parent / "srm.db.knowledge.json").is_file()
    status, answer = _probe(env, tmp_path)
    assert status == {"quick": True, "orm": False}
    assert answer == json.loads(first.stdout)
    # The quick answer was still written to the query log, after it was shown, as the same row
    # the ordinary recorder wrote for the first ask (but for its id, time and latency).
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute("SELECT * FROM query_log ORDER BY id")]
    assert len(rows) == 2
    ordinary, quick = rows
    for key in ("id", "asked_at", "latency_ms"):
        ordinary.pop(key), quick.pop(key)
    assert quick == ordinary
    report = run_srm("report", "--format", "json", env=env)
    assert report.returncode == 0, report.stderr


def test_a_newer_load_makes_the_snapshot_stale_until_the_next_ordinary_ask(
    run_srm, base_env: dict[str, str], tmp_path: Path, knowledge_copy: Path
) -> None:
    db = tmp_path / "store" / "srm.db"
    env = _env(base_env, db)
    assert run_srm("ask", "s3", env=env).returncode == 0
    assert run_srm("knowledge", "load", str(edited_copy(knowledge_copy)), env=env).returncode == 0
    status, _ = _probe(env, tmp_path)
    assert status["quick"] is False  # the snapshot is of the old knowledge
    shown = run_srm("ask", "--json", "ec2", env=env)
    assert "(edited)" in shown.stdout
    status, answer = _probe(env, tmp_path, "ec2")
    assert status["quick"] is True
    assert answer is not None and "(edited)" in json.dumps(answer)


def test_a_damaged_snapshot_is_ignored(run_srm, base_env: dict[str, str], tmp_path: Path) -> None:
    db = tmp_path / "store" / "srm.db"
    env = _env(base_env, db)
    assert run_srm("ask", "s3", env=env).returncode == 0
    (db.parent / "srm.db.knowledge.json").write_text('{"format": 1, "knowledge": {"pack": 1}}')
    status, _ = _probe(env, tmp_path)
    assert status["quick"] is False
    again = run_srm("ask", "--json", "who patches RDS?", env=env)
    assert again.returncode == 0 and json.loads(again.stdout)["verdict"] == "aws"

"""The command line's contract: one line per error (exit 2 for usage, 1 otherwise), any bytes
as a question, and a fresh embedded store that survives several first runs at once."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def _env(base_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    return {**base_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'store' / 'srm.db'}"}


@pytest.mark.parametrize(
    "args",
    [("ask", "--bogus"), ("nosuch",), ("ask",), ("ask", "-"), ("report", "--format", "xml")],
)
def test_usage_errors_are_one_line_and_exit_2(run_srm, base_env, tmp_path, args) -> None:
    done = run_srm(*args, env=_env(base_env, tmp_path))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("srm: ")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "extra_env"),
    [
        (("report", "--since", "99999999d"), {}),
        (("log", "purge"), {"SRM_LOG_RETENTION_DAYS": "99999999999"}),
        (("ask", "hi"), {"DATABASE_URL": "sqlite:////proc/srm-test/x/y.db"}),
        (("ask", "hi"), {"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/x"}),
        (("ask", "hi"), {"DATABASE_URL": "foo"}),
    ],
)
def test_bad_settings_are_one_line(run_srm, base_env, tmp_path, args, extra_env) -> None:
    done = run_srm(*args, env={**_env(base_env, tmp_path), **extra_env})
    assert done.returncode in (1, 2)
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("srm: "), done.stderr


def test_any_bytes_are_a_question(base_env, tmp_path) -> None:
    env = _env(base_env, tmp_path)
    stdin = b"who patches rds\n\xff\xfe bad\na\x00b\nec2\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        input=stdin,
        env=env,
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    answers = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [a["services"][:1] for a in answers] == [["rds"], [], [], ["ec2"]]
    # Every question was recorded, the odd ones too, and none took its batch down with it.
    with sqlite3.connect(tmp_path / "store" / "srm.db") as conn:
        (count,) = conn.execute("SELECT count(*) FROM query_log").fetchone()
    assert count == 4
    argv = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", os.fsdecode(b"\xff\xfe ec2")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
    )
    assert argv.returncode == 0 and b"Traceback" not in argv.stderr
    assert json.loads(argv.stdout.decode("utf-8"))["services"] == ["ec2"]


def test_first_runs_at_once_on_a_fresh_store_all_answer(base_env, tmp_path) -> None:
    env = _env(base_env, tmp_path)
    cmd = [sys.executable, "-m", "bot", "ask", "--json", "who patches RDS?"]
    procs = [
        subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [err for _, err in results]
    assert all(json.loads(out)["verdict"] == "aws" for out, _ in results)

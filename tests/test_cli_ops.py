"""The command line as an operator meets it: which knowledge folder a command read, one line for
every bad DATABASE_URL, what `db upgrade` applied, a closed pipe and Ctrl-C as normal ends,
`log purge` asking first, questions cut like Slack's, and wording ("1 question")."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select as sql_select

from bot.ops.grouping import Group
from bot.ops.report import Report
from bot.ops.report_format import as_text
from bot.store.db import make_engine
from bot.store.ops_models import QueryLogEntry

ROOT = Path(__file__).resolve().parents[1]


def one_line(done: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert done.returncode == code, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("srm: "), done.stderr
    return lines[0]


def logged(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.scalars(sql_select(QueryLogEntry.question)))
    finally:
        engine.dispose()


# --- item 3: which knowledge folder --------------------------------------------------------------


def test_in_a_clone_the_knowledge_commands_read_and_name_its_knowledge_folder(
    run_srm, srm_env, knowledge_copy: Path, tmp_path: Path
) -> None:
    clone = knowledge_copy.parent  # tmp_path, where run_srm runs srm
    if not srm_env["DATABASE_URL"].startswith("sqlite"):
        assert run_srm("db", "upgrade", env=srm_env).returncode == 0
    first = run_srm("knowledge", "load", env=srm_env, cwd=clone)
    assert first.returncode == 0, first.stderr
    assert "from knowledge (the current directory's; the bundled copy in" in first.stdout
    # An edit in the clone is what the next load sees: never "unchanged, already loaded".
    s3 = knowledge_copy / "services" / "s3.yaml"
    s3.write_text(s3.read_text().replace("\n- bucket\n", "\n- bucket\n- blob store\n"))
    edited = run_srm("knowledge", "load", env=srm_env, cwd=clone)
    assert edited.returncode == 0 and " loaded from knowledge (" in edited.stdout, edited.stdout
    # And a broken file there is what validate reports, naming the folder it read.
    s3.write_text(s3.read_text().replace("\ndocs_url:", "\ndocs_ulr:"))
    broken = run_srm("knowledge", "validate", env=srm_env, cwd=clone)
    assert broken.returncode == 1
    assert "knowledge/services/s3.yaml:" in broken.stdout
    assert "in the knowledge folder knowledge (the current directory's" in broken.stderr


def test_srm_knowledge_dir_sets_the_folder_and_elsewhere_the_bundled_copy_is_named(
    run_srm, base_env, knowledge_copy: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    bundled = run_srm("knowledge", "validate", env=base_env, cwd=elsewhere)
    assert bundled.returncode == 0 and bundled.stderr == ""
    assert "(the bundled copy; no ./knowledge here" in bundled.stdout
    chosen = tmp_path / "mine"
    shutil.move(knowledge_copy, chosen)
    env = {**base_env, "SRM_KNOWLEDGE_DIR": str(chosen)}
    done = run_srm("knowledge", "validate", env=env, cwd=elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.endswith(f"in {chosen} (SRM_KNOWLEDGE_DIR)\n")
    loaded = run_srm("knowledge", "load", env=env, cwd=elsewhere)
    assert loaded.stdout.rstrip().endswith(f"from {chosen} (SRM_KNOWLEDGE_DIR)"), loaded.stdout


def test_validate_and_load_write_their_ok_lines_to_stdout(run_srm, base_env) -> None:
    for command in ("validate", "load"):
        done = run_srm("knowledge", command, env=base_env)
        assert done.returncode == 0, done.stderr
        assert done.stderr == "" and done.stdout.startswith("srm: "), (command, done)


# --- item 7: DATABASE_URL ------------------------------------------------------------------------

URL_FORMS = [
    ("u:hunter2@127.0.0.1/x", "needs a scheme"),
    ("srm.db", "needs a scheme"),
    ("postgresql://u@127.0.0.1:1/x?password=hunter2", "127.0.0.1"),
    ("postgresql://u@127.0.0.1:1/x?sslmode=require&sslpassword=hunter2", "127.0.0.1"),
    ("postgresql://u:hun@ter2@127.0.0.1:1/x", "percent-encoded"),
    ("postgresql://u:hunter2@127.0.0.1:port/x", "port is not a number"),
    ("mysql://u:hunter2@127.0.0.1/x", "only SQLite and PostgreSQL are supported"),
    ("mssql+pyodbc://u:hunter2@dsn", "only SQLite and PostgreSQL are supported"),
]


@pytest.mark.parametrize(("url", "says"), URL_FORMS, ids=[u for u, _ in URL_FORMS])
@pytest.mark.parametrize("command", [("db", "upgrade"), ("knowledge", "load"), ("ask", "s3")])
def test_every_database_url_form_is_one_line_without_its_secret(
    run_srm, base_env, url: str, says: str, command: tuple[str, ...]
) -> None:
    done = run_srm(*command, env={**base_env, "DATABASE_URL": url})
    line = one_line(done)
    assert says in line
    assert "hunter2" not in done.stdout + done.stderr and "ter2" not in line


# --- item 8: db upgrade -------------------------------------------------------------------------


def test_db_upgrade_says_which_revisions_it_applied(run_srm, srm_env) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from bot.paths import migrations_dir
    from bot.store.models import SCHEMA_REVISION

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    revisions = [s.revision for s in ScriptDirectory.from_config(config).walk_revisions()][::-1]
    assert revisions[-1] == SCHEMA_REVISION
    first = run_srm("db", "upgrade", env=srm_env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"srm: applied {', '.join(revisions)} to the database at")
    again = run_srm("db", "upgrade", env=srm_env)
    assert "is up to date, nothing to apply" in again.stdout


# --- item 9: a closed pipe and Ctrl-C -----------------------------------------------------------


def test_a_closed_pipe_is_a_quiet_normal_end(base_env, tmp_path: Path) -> None:
    # `srm ask --json - | head -1`: the reader takes one line and leaves.
    questions = "".join(f"who patches RDS? ({n})\n" for n in range(300))
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        env=base_env,
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin and proc.stdout and proc.stderr
    proc.stdin.write(questions.encode())
    proc.stdin.close()
    assert json.loads(proc.stdout.readline())["intent"] == "who"
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    assert proc.stderr.read() == b""


def test_ctrl_c_while_srm_is_still_importing_is_one_line(base_env, tmp_path: Path) -> None:
    # Ctrl-C arrives while the command line's own modules load: here, deterministically, as a
    # `click` that raises KeyboardInterrupt when imported.
    fake = tmp_path / "interrupting"
    (fake / "click").mkdir(parents=True)
    (fake / "click" / "__init__.py").write_text("raise KeyboardInterrupt\n")
    env = {**base_env, "PYTHONPATH": os.pathsep.join([str(fake), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "s3"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 130
    assert done.stderr == "srm: interrupted\n" and done.stdout == ""


# --- item 14: log purge -------------------------------------------------------------------------


def _fill(run_srm, env: dict[str, str], n: int) -> None:
    for i in range(n):
        assert run_srm("ask", f"who patches RDS? {i}", env=env).returncode == 0


def test_log_purge_without_a_terminal_needs_yes_and_dry_run_only_counts(run_srm, base_env):
    url = f"sqlite:///{Path(base_env['HOME']) / 'purge.db'}"
    env = {**base_env, "DATABASE_URL": url}
    _fill(run_srm, env, 3)
    refused = run_srm("log", "purge", "--older-than", "0d", env=env)
    assert "--yes" in one_line(refused, 2)
    dry = run_srm("log", "purge", "--older-than", "0d", "--dry-run", env=env)
    assert dry.stdout == "srm: would purge 3 questions older than 0d (dry run)\n"
    assert len(logged(url)) == 3
    done = run_srm("log", "purge", "--older-than", "0d", "--yes", env=env)
    assert done.stdout == "srm: purged 3 questions older than 0d\n"
    assert logged(url) == []


def _on_a_terminal(args: list[str], env: dict[str, str], answer: bytes) -> tuple[int, str]:
    """Run srm on a pseudo-terminal (stdin, stdout and stderr, as in a shell); answer its
    prompt."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        env=env,
        stdin=follower,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    seen = b""
    try:
        while b"?" not in seen:
            ready, _, _ = select.select([leader], [], [], 60)
            assert ready, f"no prompt: {seen!r}"
            seen += os.read(leader, 1024)
        os.write(leader, answer)
        code = proc.wait(timeout=60)
        while select.select([leader], [], [], 0.5)[0]:
            try:
                chunk = os.read(leader, 1024)
            except OSError:  # the terminal closed with srm
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    return code, seen.decode()


def test_log_purge_on_a_terminal_asks_first(run_srm, base_env) -> None:
    url = f"sqlite:///{Path(base_env['HOME']) / 'purge.db'}"
    env = {**base_env, "DATABASE_URL": url}
    _fill(run_srm, env, 2)
    code, shown = _on_a_terminal(["log", "purge", "--older-than", "0d"], env, b"n\n")
    assert code == 1 and "Delete 2 questions older than 0d?" in shown
    assert len(logged(url)) == 2, "no: nothing deleted"
    code, shown = _on_a_terminal(["log", "purge", "--older-than", "0d"], env, b"y\n")
    assert code == 0 and "srm: purged 2 questions older than 0d" in shown
    assert logged(url) == []


# --- item 15: long questions --------------------------------------------------------------------


def test_the_cli_cuts_questions_at_slacks_1000_characters(run_srm, base_env) -> None:
    from bot.cli import MAX_QUESTION
    from bot.slack.answering import MAX_QUESTION as SLACK_MAX

    assert MAX_QUESTION == SLACK_MAX == 1000
    url = f"sqlite:///{Path(base_env['HOME']) / 'long.db'}"
    env = {**base_env, "DATABASE_URL": url}
    long = "who patches rds " * 7000  # 112 KB
    done = run_srm("ask", "--json", long, env=env)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["query"]) <= MAX_QUESTION
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-"],
        env=env,
        input=long + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and len(json.loads(proc.stdout)["query"]) <= MAX_QUESTION
    stored = logged(url)
    assert len(stored) == 2 and all(len(q) <= MAX_QUESTION for q in stored)


# --- item 16: wording ---------------------------------------------------------------------------


def test_report_wording_one_question_and_low_confidence_groups() -> None:
    now = datetime(2026, 1, 2, tzinfo=UTC)
    report = Report(
        since=now,
        until=now,
        total=1,
        low_confidence=1,
        per_day=[("2026-01-02", 1, 0)],
        intents=[("who", 1)],
        to_learn=[
            Group("who rotates the thing?", count=1, unknown=0),
            Group("azure?", count=2, unknown=2),
            Group("mixed?", count=3, unknown=1),
        ],
    )
    text = as_text(report)
    assert text.splitlines()[1].startswith("1 question, 0 unknown")
    assert "who rotates the thing?  [low confidence]" in text
    assert "azure?  [unknown]" in text
    assert "mixed?  [1 unknown, 2 low confidence]" in text
    assert "[0 unknown]" not in text


def test_query_log_count_helper_matches_purge(run_srm, base_env) -> None:
    from datetime import timedelta

    from bot.ops.retention import count_older, purge

    url = f"sqlite:///{Path(base_env['HOME']) / 'count.db'}"
    _fill(run_srm, {**base_env, "DATABASE_URL": url}, 2)
    engine = make_engine(url)
    try:
        assert count_older(engine, timedelta(0)) == 2
        assert purge(engine, timedelta(0)) == 2
        with engine.connect() as conn:
            assert conn.scalar(sql_select(func.count()).select_from(QueryLogEntry)) == 0
    finally:
        engine.dispose()


def test_a_store_migrated_by_a_newer_srm_is_one_line(run_srm, srm_env) -> None:
    assert run_srm("db", "upgrade", env=srm_env).returncode == 0
    engine = make_engine(srm_env["DATABASE_URL"])
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    engine.dispose()
    for command in (("db", "upgrade"), ("ask", "s3")):
        line = one_line(run_srm(*command, env=srm_env))
        assert "9999_future, which this srm does not know" in line


# --- item 13: the service list from `srm ask` ---------------------------------------------------


@pytest.mark.parametrize("question", ["list", "what services do you cover?"])
def test_srm_ask_list_answers_with_the_service_list(run_srm, base_env, question: str) -> None:
    from bot.knowledge.validate import validate_dir
    from bot.paths import knowledge_dir

    knowledge = validate_dir(knowledge_dir()).knowledge
    assert knowledge is not None
    done = run_srm("ask", "--json", question, env=base_env)
    answer = json.loads(done.stdout)
    assert answer["intent"] == "help"
    shown = json.dumps(answer["blocks"], ensure_ascii=False)
    assert all(s.name in shown for s in knowledge.services)

"""The `srm` command line. Thin: each command parses its arguments and calls the layer below.

Every failure a user can cause (bad input, a missing setting, an unreachable database) ends in
one line on stderr and a non-zero exit, never a traceback: exit 2 for usage, 1 for the rest.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from bot import cli_checks, cli_owners

# As in Slack (bot.slack.answering.MAX_QUESTION): longer input is not a question, and the query
# log and `srm report` should not carry it.
MAX_QUESTION = 1000


def fail(message: str, code: int = 1) -> None:
    click.echo(f"srm: {message}", err=True)
    sys.exit(code)


class SrmGroup(click.Group):
    """Turns the store's and the knowledge's own errors into one line each."""

    def invoke(self, ctx: click.Context):
        from bot.store.errors import NotReady, StoreError

        try:
            return super().invoke(ctx)
        except (StoreError, NotReady) as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:
            # The reader left (`srm ask --json - | head -1`): a normal end, nothing to say.
            sys.exit(0)
        except Exception as exc:
            # SQLAlchemy is loaded only by commands that use it: if it is not, this is not its.
            sa = sys.modules.get("sqlalchemy.exc")
            if sa is not None and isinstance(exc, sa.SQLAlchemyError):
                from bot.store.db import database_url, describe_error

                fail(describe_error(exc, database_url()))
            raise


@click.group(cls=SrmGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="srm-bot", prog_name="srm")
def main() -> None:
    """srm: who is responsible for what on AWS (the Shared Responsibility Model)."""


def _open():
    from bot.runtime import Srm

    return Srm.open(refresh_seconds=float("inf"))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the answer object as one JSON line.")
@click.argument("question", nargs=-1, required=True)
def ask(question: tuple[str, ...], as_json: bool) -> None:
    """Answer QUESTION (or, with --json and '-', every line of standard input)."""
    if question == ("-",) and not as_json:
        raise click.UsageError("reading questions from '-' needs --json")
    text = _readable(" ".join(question))[:MAX_QUESTION]
    if question != ("-",):
        from bot.quick import answer_quickly

        if answer_quickly(text, as_json):
            return
    srm = _open()
    # The query log is written in the background; give it a moment to finish at exit.
    click.get_current_context().call_on_close(lambda: srm.close(timeout=3))
    _save_snapshot(srm)
    if question == ("-",):
        out = sys.stdout
        # Bytes that are not UTF-8 become U+FFFD: a question is text, never a crash.
        sys.stdin.reconfigure(errors="replace")  # type: ignore[union-attr]
        for line in sys.stdin:
            line = line.rstrip("\r\n")[:MAX_QUESTION]
            out.write(json.dumps(srm.ask(line).to_json(), ensure_ascii=False) + "\n")
            out.flush()
        return
    from bot.quick import show

    reply = srm.ask(text)
    show(reply.answer, reply.card, as_json)


def _readable(text: str) -> str:
    """Command-line text as valid Unicode (arguments that were not UTF-8 arrive as lone
    surrogates, which cannot be printed, logged or stored)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _save_snapshot(srm) -> None:
    """Keep the quick-start copy of an embedded store's knowledge current."""
    from bot.store import snapshot
    from bot.store.db import database_url

    db = snapshot.sqlite_file(database_url())
    if db is not None and snapshot.read(db) is None:
        snapshot.write(db, srm.index.knowledge)


def _port_from_env() -> int:
    import os

    raw = os.environ.get("PORT", "").strip() or "3000"
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise click.UsageError(f"PORT must be a port number, not {raw!r}")
    return int(raw)


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), help="HTTP port (default: $PORT or 3000).")
@click.option("--host", default="0.0.0.0", show_default=True, help="Address to listen on.")
@click.option("--socket-mode", is_flag=True, help="Connect over Socket Mode (SLACK_APP_TOKEN).")
def serve(port: int | None, host: str, socket_mode: bool) -> None:
    """Run the Slack app: HTTP on POST /slack/events and GET /healthz, or Socket Mode."""
    from bot.ops.logs import setup_logging
    from bot.ops.startup import open_store
    from bot.slack.settings import SettingsError, load_settings, verify_token

    setup_logging()
    port = port or (None if socket_mode else _port_from_env())
    try:
        settings = load_settings(socket_mode=socket_mode)
        verify_token(settings)
        if socket_mode:
            from bot.slack.settings import verify_app_token

            verify_app_token(settings)
    except SettingsError as exc:
        fail(str(exc))
    srm = open_store()
    from slack_sdk.errors import SlackApiError

    from bot.slack import serve as slack_serve

    try:
        if socket_mode:
            slack_serve.serve_socket_mode(srm, settings)
        else:
            assert port is not None
            slack_serve.serve_http(srm, settings, host, port)
    except SlackApiError as exc:  # Socket Mode refused after the start-up check passed
        error = exc.response.get("error", "unknown error") if exc.response else "unknown error"
        fail(f"Slack refused the Socket Mode connection ({error})")
    except OSError as exc:
        fail(f"cannot serve on {host}:{port}: {exc.strerror or exc}")


@main.group()
def db() -> None:
    """The store's schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply the Alembic migrations to DATABASE_URL."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.store.db import database_url, describe_error, make_engine, redacted
    from bot.store.migrate import upgrade

    url = database_url()
    try:
        applied = upgrade(make_engine(url))
    except SQLAlchemyError as exc:
        fail(describe_error(exc, url))
        return
    if applied:
        click.echo(f"srm: applied {', '.join(applied)} to the database at {redacted(url)}")
    else:
        click.echo(f"srm: database at {redacted(url)} is up to date, nothing to apply")


@main.group()
def knowledge() -> None:
    """The knowledge: validate, load, export."""


def _dir(path: str | None) -> tuple[Path, str]:
    """The knowledge folder to read, and how to name it in the command's last line (a wheel
    bundles its own copy: an edited clone and the folder read must never be confused)."""
    from bot.knowledge.validate import shown_path
    from bot.paths import choose_knowledge_dir

    choice = choose_knowledge_dir(path)
    return choice.path, f"{shown_path(choice.path)} ({choice.why})"


@knowledge.command("validate")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def knowledge_validate(directory: str | None) -> None:
    """Check the knowledge YAML (default: $SRM_KNOWLEDGE_DIR, ./knowledge, the bundled copy)."""
    from bot.knowledge.validate import validate_dir

    folder, named = _dir(directory)
    result = validate_dir(folder)
    for problem in result.problems:
        click.echo(str(problem))
    _warn(result.warnings)
    if not result.ok:
        fail(f"{_count(len(result.problems), 'problem')} in the knowledge folder {named}")
    k = result.knowledge
    assert k is not None
    duties = sum(len(s.duties) for s in k.services)
    click.echo(f"srm: ok: {len(k.services)} services, {duties} duties in {named}")


def _warn(warnings: list) -> None:
    """Lines about knowledge that is used all the same (a phrasing of a duty that is gone)."""
    for w in warnings:
        click.echo(f"srm: warning: {w}", err=True)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@knowledge.command("load")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def knowledge_load(directory: str | None) -> None:
    """Validate, then replace the store's knowledge in one transaction (folder as validate)."""
    from bot.knowledge.load import InvalidKnowledge, load_into
    from bot.store.db import make_engine
    from bot.store.migrate import check_ready, upgrade
    from bot.store.repository import schema_revision

    engine = make_engine()
    folder, named = _dir(directory)
    try:
        if schema_revision(engine) is None:
            from bot.store.db import database_url, is_sqlite

            if not is_sqlite(database_url()):
                check_ready(engine)
            upgrade(engine)
        stale: list = []
        result = load_into(engine, folder, stale)
    except InvalidKnowledge as exc:
        for problem in exc.problems:
            click.echo(str(problem))
        fail(f"nothing was loaded from {named}; the store keeps its previous knowledge")
        return
    v = result.version
    state = "loaded" if result.changed else "unchanged, already loaded"
    click.echo(f"srm: knowledge {v.short} {state} from {named}")
    _warn(stale)
    from bot.owners.stale import warn_after_knowledge_load

    warn_after_knowledge_load(engine)


@knowledge.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "checks"]),
    default="markdown",
    show_default=True,
    help="markdown: the matrix; checks: the Security Hub checks and where they came from.",
)
def knowledge_export(fmt: str) -> None:
    """Print the stored matrix as the source document's table (or the checks table)."""
    from bot.knowledge.export import matrix_markdown
    from bot.store.stored import engine_and_knowledge

    # Straight from the store, without the answer engine: export needs only the knowledge.
    stored = engine_and_knowledge()[1]
    if fmt == "checks":
        from bot.knowledge.checks_table import checks_markdown

        click.echo(checks_markdown(stored), nl=False)
        return
    click.echo(matrix_markdown(stored), nl=False)


def _store_engine():
    """The store's engine with its schema current (SQLite: migrated first; PostgreSQL: checked).
    The query log needs no knowledge loaded."""
    from bot.store.db import database_url, is_sqlite, make_engine
    from bot.store.migrate import bootstrap, check_ready
    from bot.store.models import SCHEMA_REVISION
    from bot.store.repository import schema_revision

    url = database_url()
    engine = make_engine(url)
    if is_sqlite(url):
        bootstrap(engine)
    elif schema_revision(engine) != SCHEMA_REVISION:
        check_ready(engine)  # raises NotReady, naming the command that fixes it
    return engine


def _age(value: str, option: str):
    from bot.ops.retention import BadAge, parse_age

    try:
        return parse_age(value)
    except BadAge as exc:
        fail(f"{option}: {exc}", 2)
        raise  # unreachable: fail() exits


@main.command()
@click.option("--since", default="7d", show_default=True, help="Period: 24h, 7d, 2w, 30m.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
)
def report(since: str, fmt: str) -> None:
    """What people asked: per day, top services and intents, what srm could not answer."""
    from bot.ops.progress import terminal_progress
    from bot.ops.report import build_report
    from bot.ops.report_format import render

    period = _age(since, "--since")
    engine = _store_engine()
    with terminal_progress() as progress:
        result = build_report(engine, period, progress=progress)
    click.echo(render(result, fmt), nl=False)


@main.group()
def log() -> None:
    """The query log."""


@log.command("purge")
@click.option(
    "--older-than",
    "older_than",
    default=None,
    help="Age such as 90d (default: SRM_LOG_RETENTION_DAYS, else 90 days).",
)
@click.option("--dry-run", is_flag=True, help="Only say how many questions would be deleted.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask first (needed without a terminal).")
def log_purge(older_than: str | None, dry_run: bool, yes: bool) -> None:
    """Delete the questions older than the retention (asks first on a terminal)."""
    from bot.ops.retention import BadAge, count_older, purge, retention

    try:
        age = _age(older_than, "--older-than") if older_than else retention()
    except BadAge as exc:
        fail(str(exc), 2)
        return
    shown = older_than or f"{age.days}d"
    engine = _store_engine()
    if dry_run:
        n = count_older(engine, age)
        click.echo(f"srm: would purge {_count(n, 'question')} older than {shown} (dry run)")
        return
    if not yes:
        # Deleting cannot be undone: on a terminal ask; elsewhere (cron, CI) require --yes.
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            fail("log purge deletes questions for good: pass --yes (or --dry-run to count)", 2)
        n = count_older(engine, age)
        if n == 0:
            click.echo(f"srm: purged 0 questions older than {shown}")
            return
        if not click.confirm(f"Delete {_count(n, 'question')} older than {shown}?"):
            fail("nothing was purged")
    removed = purge(engine, age)
    click.echo(f"srm: purged {_count(removed, 'question')} older than {shown}")


cli_checks.register(main)  # srm checks, srm raci
cli_owners.register(main)  # srm owners validate|load|show|gaps


def run() -> None:
    """The console entry point. Every error ends in one line (`srm: …`): exit 2 for usage, 1
    for the rest. After the command it flushes and leaves without tearing the interpreter down:
    a finished command has nothing left to clean up (the query log is written and closed), and
    unloading the ORM's modules costs a quarter of a second."""
    code: int | str | None = 0
    try:
        code = main(standalone_mode=False)
    except KeyboardInterrupt:  # outside a command: while parsing or importing, say
        click.echo("srm: interrupted", err=True)
        code = 130
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.UsageError as exc:
        click.echo(f"srm: {exc.format_message()} (see srm {_command_of(exc)}--help)", err=True)
        code = 2
    except click.ClickException as exc:
        click.echo(f"srm: {exc.format_message()}", err=True)
        code = exc.exit_code
    except click.Abort:
        click.echo("srm: aborted", err=True)
        code = 1
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):
        click.echo(code, err=True)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code if isinstance(code, int) else 0)


def _command_of(exc: click.UsageError) -> str:
    ctx = exc.ctx
    if ctx is None or ctx.parent is None:
        return ""
    return ctx.command_path.removeprefix(ctx.find_root().info_name or "srm").strip() + " "


if __name__ == "__main__":  # pragma: no cover
    run()

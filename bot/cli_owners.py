"""`srm owners …`: validate, load, show and find the gaps of the ownership overlay (bot.owners).

Registered on the main group by bot.cli (`register`). Every failure is one line (`srm: …`);
problems in an overlay are `file:line: message` lines on stdout, then one summary line, exit 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bot.safe_output import printable


def fail(message: str) -> None:
    """One line, `srm: message`, exit 1 (bot.cli.run prints a ClickException so)."""
    raise click.ClickException(message)


def _store():
    """The store's engine (SQLite: set up on first use) and its current knowledge."""
    from bot.store.stored import engine_and_knowledge

    return engine_and_knowledge()


def _validated(file: str, knowledge):
    from bot.owners.validate import validate_file

    result = validate_file(Path(file), knowledge)
    for problem in result.problems:
        click.echo(printable(str(problem)))
    return result


def _owners(engine, knowledge):
    from bot.owners import store
    from bot.owners.resolve import Owners

    stored = store.read(engine)
    if stored is None:
        return Owners(None, knowledge), None
    owners = Owners(stored.overlay, knowledge, version=stored.version, loaded_at=stored.loaded_at)
    return owners, stored


def _warn_stale(engine, knowledge) -> None:
    from bot.owners.stale import stale_rules

    for line in stale_rules(engine, knowledge):
        click.echo(f"srm: warning: {printable(line)}", err=True)


def _duty_name(service: str, launch_type: str | None, text: str) -> str:
    where = f"{service} ({launch_type})" if launch_type else service
    return f"{where}: {printable(text)}"


@click.group()
def owners() -> None:
    """Who owns each customer duty here: the ownership overlay."""


@owners.command("validate")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--knowledge",
    "knowledge_dir",
    type=click.Path(file_okay=False),
    help="Check against this knowledge folder instead of the store's knowledge.",
)
def owners_validate(file: str, knowledge_dir: str | None) -> None:
    """Check an overlay file: exit 1 and one `file:line: message` per problem."""
    if knowledge_dir:
        from bot.knowledge.validate import validate_dir

        checked = validate_dir(Path(knowledge_dir))
        if not checked.ok or checked.knowledge is None:
            fail(f"the knowledge in {knowledge_dir} has problems: run `srm knowledge validate`")
            return
        knowledge = checked.knowledge
    else:
        knowledge = _store()[1]
    result = _validated(file, knowledge)
    if not result.ok:
        sys.exit(1)
    assert result.overlay is not None
    click.echo(f"ok: {len(result.overlay.rules)} rules", err=True)


@owners.command("load")
@click.argument("file", type=click.Path(dir_okay=False))
def owners_load(file: str) -> None:
    """Validate an overlay, then replace the stored overlay with it in one transaction."""
    from bot.owners import store
    from bot.owners.resolve import Owners

    engine, knowledge = _store()
    result = _validated(file, knowledge)
    if not result.ok or result.overlay is None:
        fail("nothing was loaded; the stored owners overlay is unchanged")
        return
    stored, changed = store.save(engine, result.overlay)
    gaps = len(Owners(stored.overlay, knowledge).gaps())
    state = "loaded" if changed else "unchanged, already loaded"
    click.echo(
        f"srm: owners overlay v{stored.version} {state} "
        f"({len(stored.overlay.rules)} rules; {gaps} customer duties without an owner)"
    )


@owners.command("show")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def owners_show(fmt: str) -> None:
    """Each customer duty with its owner and the rule (file:line) that decided it."""
    engine, knowledge = _store()
    owned, stored = _owners(engine, knowledge)
    decisions = owned.decisions()
    if fmt == "json":
        doc = {
            "version": stored.version if stored else None,
            "source": stored.overlay.source if stored else None,
            "loaded_at": stored.loaded_at.isoformat() if stored else None,
            "duties": [
                {
                    "service": d.service,
                    "launch_type": d.launch_type,
                    "duty": d.duty,
                    "owner": d.owner.to_dict() if d.owner else None,
                }
                for d in decisions
            ],
        }
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    if stored is None:
        click.echo("No owners overlay is loaded: load one with `srm owners load FILE`.")
        return
    click.echo(
        f"owners overlay v{stored.version} from {printable(stored.overlay.source)}, loaded "
        f"{stored.loaded_at:%Y-%m-%d %H:%M} UTC"
    )
    for d in decisions:
        if d.owner is None:
            who = "(no owner)"
        else:
            channel = f" #{d.owner.channel}" if d.owner.channel else ""
            who = f"{printable(d.owner.team)}{channel}  [{printable(d.owner.rule)}]"
        click.echo(f"{_duty_name(d.service, d.launch_type, d.duty)}  ->  {who}")
    _warn_stale(engine, knowledge)


@owners.command("gaps")
def owners_gaps() -> None:
    """The customer duties that no rule (and no default) covers, one a line."""
    engine, knowledge = _store()
    owned, stored = _owners(engine, knowledge)
    gaps = owned.gaps()
    for d in gaps:
        click.echo(_duty_name(d.service, d.launch_type, d.duty))
    total = len(owned.decisions())
    if stored is None:
        click.echo(f"srm: no owners overlay is loaded: all {total} customer duties", err=True)
    else:
        click.echo(f"srm: {len(gaps)} of {total} customer duties have no owner", err=True)


def register(group: click.Group) -> None:
    group.add_command(owners)

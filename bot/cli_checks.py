"""`srm checks` and `srm raci`: the knowledge's Security Hub checks and its RACI, printed from
the store (registered on the `srm` group by bot.cli)."""

from __future__ import annotations

import json

import click

from bot.safe_output import csv_text, printable


def stored_knowledge():
    """The store's knowledge, without the answer engine (SQLite: migrated and loaded first)."""
    from bot.store.stored import engine_and_knowledge

    return engine_and_knowledge()[1]


@click.command("checks")
@click.argument("service", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
)
def checks(service: str | None, fmt: str) -> None:
    """The AWS Security Hub controls that check each customer duty (of SERVICE, or all)."""
    from bot.knowledge import checks_table as t

    k = stored_knowledge()
    slug = None
    if service is not None:
        found = t.find_service(k, service)
        if found is None:
            names = ", ".join(s.slug for s in k.services)
            raise click.UsageError(f"unknown service {printable(service)!r} (one of: {names})")
        slug = found.slug
    if fmt == "json":
        click.echo(json.dumps(t.checks_json(k, slug), ensure_ascii=False))
    elif fmt == "csv":
        click.echo(csv_text(t.checks_rows(k, slug), t.CHECKS_HEADER), nl=False)
    else:
        click.echo(printable(t.checks_text(k, slug), keep_newlines=True), nl=False)


@click.command("raci")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "csv"]),
    default="markdown",
    show_default=True,
)
def raci(fmt: str) -> None:
    """Every duty of every service: party, owner here (team, channel) and its checks."""
    from bot.knowledge import checks_table as t

    k = stored_knowledge()
    from bot.owners.live import refreshed
    from bot.store.db import make_engine

    # The owners here, from the stored ownership overlay (none loaded: the columns stay empty).
    owner_of = refreshed(make_engine(), None, k).owner_of
    if fmt == "csv":
        click.echo(csv_text(t.raci_rows(k, owner_of), t.RACI_HEADER), nl=False)
    else:
        click.echo(t.raci_markdown(k, owner_of), nl=False)


def register(group: click.Group) -> None:
    group.add_command(checks)
    group.add_command(raci)

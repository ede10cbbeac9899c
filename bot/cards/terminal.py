"""The terminal card (`srm ask`): the same content as the Slack card, laid out by rich."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape as rich_escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot import domain
from bot.cards.content import Bullet, CardContent, build
from bot.engine.types import Answer

_BOLD_START = "[bold]"


def _markup(text: str) -> str:
    """Our `*bold*` as rich markup, everything else literal."""
    parts = rich_escape(text).split("*")
    return "".join(p if i % 2 == 0 else f"{_BOLD_START}{p}[/bold]" for i, p in enumerate(parts))


def _bullets(bullets: list[Bullet]) -> Text:
    out = Text()
    for i, b in enumerate(bullets):
        if i:
            out.append("\n")
        out.append("• ")
        if b.link:
            out.append(b.link[0] + " ", style="bold")
        out.append(b.text, style="bold yellow" if b.marked else "")
        if b.link:
            out.append(" " + b.link[1], style="dim")
        if b.owner is not None:
            out.append("\n  ↳ " + owner_text(b.owner), style="cyan")
    return out


def owner_text(owner: domain.Owner) -> str:
    """Who owns a duty here, for a terminal (no Slack markup: the channel by its ID)."""
    parts = [f"owner: {owner.team}"]
    if owner.channel:
        parts.append(f"channel {owner.channel}")
    if owner.oncall_url:
        parts.append(f"on-call {owner.oncall_url}")
    if owner.runbook_url:
        parts.append(f"runbook {owner.runbook_url}")
    return " · ".join(parts)


def card_renderable(card: CardContent) -> Panel:
    parts: list = [Text.from_markup(_markup(card.answer))]
    if card.quote:
        parts.append(Text(f"  “{card.quote}”", style="italic"))
    for sec in card.sections:
        if sec.title:
            parts.append(Text(""))
            parts.append(Text(sec.title, style="bold underline"))
        if sec.body:
            parts.append(Text.from_markup(_markup(sec.body)))
        if sec.bullets:
            parts.append(_bullets(sec.bullets))
        if sec.columns:
            table = Table(expand=True, show_lines=False, box=None, padding=(0, 1))
            for col in sec.columns:
                table.add_column(col.title, ratio=1, style="", header_style="bold")
            table.add_row(*[_bullets(c.bullets) for c in sec.columns])
            parts.append(Text(""))
            parts.append(table)
    if card.context:
        parts.append(Text(""))
        parts += [Text(c, style="dim") for c in card.context]
    if card.source:
        parts.append(Text("Source: " + " · ".join(f"{t}: {u}" for t, u in card.source), "dim"))
    return Panel(Group(*parts), title=Text(card.title, style="bold"), title_align="left")


def print_content(card: CardContent, console: Console | None = None) -> None:
    (console or Console()).print(card_renderable(card))


def print_card(answer: Answer, knowledge: domain.Knowledge, console: Console | None = None) -> None:
    print_content(build(answer, knowledge), console)

"""Block Kit rendering of a card, within every limit Slack enforces (also those slack_sdk does
not check: 2000 characters a field, 50 blocks, about 13,000 characters in all)."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import (
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot import domain
from bot.cards.content import Bullet, CardContent, Column, Section, escape

MAX_BLOCKS = 50
# Room left for the buttons the Slack layer adds (share, feedback, did-you-mean).
RESERVED_BLOCKS = 4
HEADER_MAX = 150
SECTION_MAX = 3000
FIELD_MAX = 2000
FIELDS_MAX = 10
CONTEXT_MAX = 10
TOTAL_MAX = 12000  # Slack answers msg_blocks_too_long somewhat above this


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def owner_line(owner: domain.Owner) -> str:
    """Who owns a duty here, as mrkdwn: team, channel link, on-call and runbook links. A channel
    link (`<#C…>`) notifies nobody; the user group is never shown on a card, only mentioned when
    someone asks the owners."""
    parts = [f"Owner: *{escape(owner.team)}*"]
    if owner.channel:
        parts.append(f"<#{owner.channel}>")
    if owner.oncall_url:
        parts.append(f"<{owner.oncall_url}|on-call>")
    if owner.runbook_url:
        parts.append(f"<{owner.runbook_url}|runbook>")
    return "      ↳ " + " · ".join(parts)


def bullet_lines(bullets: list[Bullet], limit: int) -> str:
    """Bullets as mrkdwn lines; a list that does not fit ends with "…and N more"."""
    lines: list[str] = []
    for i, b in enumerate(bullets):
        line = f"• *{b.text}*" if b.marked else f"• {b.text}"
        if b.link:
            label, url = b.link
            line = f"• <{url}|{label}> {b.text}"
        if b.owner is not None:
            line += "\n" + owner_line(b.owner)
        rest = len(bullets) - i - 1
        more = f"\n…and {rest} more" if rest else ""
        if len("\n".join([*lines, line])) + len(more) > limit:
            lines.append(f"…and {len(bullets) - i} more")
            break
        lines.append(line)
    return "\n".join(lines)


def _column(col: Column) -> MarkdownTextObject:
    head = f"*{col.title}*\n"
    return MarkdownTextObject(text=head + bullet_lines(col.bullets, FIELD_MAX - len(head)))


def _section(sec: Section) -> list:
    blocks: list = []
    title = f"*{sec.title}*\n" if sec.title else ""
    if sec.body or sec.bullets or (title and not sec.columns):
        body = sec.body or ""
        if sec.bullets:
            body = (body + "\n" if body else "") + bullet_lines(
                sec.bullets, SECTION_MAX - len(title) - len(body) - 1
            )
        blocks.append(SectionBlock(text=MarkdownTextObject(text=_cut(title + body, SECTION_MAX))))
        title = ""
    if sec.columns:
        fields = [_column(c) for c in sec.columns[:FIELDS_MAX]]
        text = MarkdownTextObject(text=title.strip()) if title else None
        blocks.append(SectionBlock(text=text, fields=fields))
    return blocks


def render_blocks(card: CardContent) -> list[dict]:
    blocks: list = [HeaderBlock(text=PlainTextObject(text=_cut(card.title, HEADER_MAX)))]
    lead = card.answer
    if card.quote:
        lead += f"\n> {card.quote}"
    blocks.append(SectionBlock(text=MarkdownTextObject(text=_cut(lead, SECTION_MAX))))
    body: list = []
    for sec in card.sections:
        body += _section(sec)
    tail: list = []
    if card.context:
        tail.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(text=_cut(c, 2000)) for c in card.context[:CONTEXT_MAX]
                ]
            )
        )
    if card.source:
        links = " · ".join(f"<{url}|{label}>" for label, url in card.source)
        tail.append(
            ContextBlock(elements=[MarkdownTextObject(text=_cut("Source: " + links, 2000))])
        )
    room = MAX_BLOCKS - RESERVED_BLOCKS - len(blocks) - len(tail) - 1
    if len(body) > room:
        dropped = len(body) - room + 1
        more = SectionBlock(text=MarkdownTextObject(text=f"…and {dropped} more sections"))
        body = [*body[: room - 1], more]
    out = [b.to_dict() for b in [*blocks, *body, DividerBlock(), *tail]]
    while _size(out) > TOTAL_MAX and len(out) > 4:
        # Drop body sections from the end, keeping the header, the answer and the source.
        del out[-len(tail) - 2]
    return out


def _size(blocks: list[dict]) -> int:
    return len(json.dumps(blocks, ensure_ascii=False))


def limit_problems(blocks: list[dict]) -> list[str]:
    """Every way `blocks` breaks one of Slack's limits (empty when it is fine)."""
    problems = []
    if len(blocks) > MAX_BLOCKS:
        problems.append(f"{len(blocks)} blocks (max {MAX_BLOCKS})")
    if _size(blocks) > 13000:
        problems.append(f"{_size(blocks)} characters of blocks (max about 13000)")
    for i, b in enumerate(blocks):
        t = b.get("type")
        if t == "header" and len(b["text"]["text"]) > HEADER_MAX:
            problems.append(f"block {i}: header over {HEADER_MAX}")
        if t == "section":
            if "text" not in b and "fields" not in b:
                problems.append(f"block {i}: section without text or fields")
            if "text" in b and len(b["text"]["text"]) > SECTION_MAX:
                problems.append(f"block {i}: section text over {SECTION_MAX}")
            fields = b.get("fields", [])
            if len(fields) > FIELDS_MAX:
                problems.append(f"block {i}: {len(fields)} fields")
            problems += [
                f"block {i}: field over {FIELD_MAX}" for f in fields if len(f["text"]) > FIELD_MAX
            ]
        if t == "context" and len(b.get("elements", [])) > CONTEXT_MAX:
            problems.append(f"block {i}: context over {CONTEXT_MAX} elements")
        if t == "actions" and len(b.get("elements", [])) > 25:
            problems.append(f"block {i}: actions over 25 elements")
    return problems

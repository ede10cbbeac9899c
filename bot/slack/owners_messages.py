"""srm's own messages about the owners here: `/srm owners` (the gaps) and the App Home's line."""

from __future__ import annotations

from bot.owners.resolve import Owners
from bot.slack.answering import Message
from bot.slack.escape import escape

NOT_LOADED = (
    "No ownership overlay is loaded, so cards say who holds a duty (AWS or you) but not which "
    "team here owns it. Whoever runs srm can load one with `srm owners load FILE`."
)


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def status_line(owners: Owners) -> str:
    if not owners.loaded:
        return NOT_LOADED
    gaps, total = len(owners.gaps()), len(owners.decisions())
    return (
        f"Ownership overlay *v{owners.version}* is loaded: {gaps} of {total} customer duties "
        "have no owner here" + (" (`/srm owners` lists them)." if gaps else ".")
    )


def gaps_message(owners: Owners) -> Message:
    """The customer duties nobody here owns, one section per service."""
    if not owners.loaded:
        return Message(text=NOT_LOADED, blocks=[_section(NOT_LOADED)])
    gaps = owners.gaps()
    head = status_line(owners)
    if not gaps:
        return Message(text=head, blocks=[_section(head)])
    names = {s.slug: s.name for s in owners.knowledge.services}
    by_service: dict[str, list[str]] = {}
    for g in gaps:
        lt = f"[{g.launch_type}] " if g.launch_type else ""
        by_service.setdefault(g.service, []).append(f"• {lt}{escape(g.duty)}")
    blocks = [_section(head)]
    for slug, lines in by_service.items():
        blocks.append(_section(f"*{escape(names.get(slug, slug))}*\n" + "\n".join(lines)))
    text = f"{len(gaps)} customer duties have no owner here."
    return Message(text=text, blocks=blocks[:50])

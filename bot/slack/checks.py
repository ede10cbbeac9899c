"""`/srm check SERVICE`: the Security Hub controls of a service's customer duties."""

from __future__ import annotations

from bot.domain import Knowledge
from bot.slack.answering import Message

CHECK_WORDS = ("check", "checks")


def checks_listing(knowledge: Knowledge, command_text: str) -> Message | None:
    """The listing for "check SERVICE" (or "check" alone: how to ask for one); None when the
    text is a question instead ("check that our buckets aren't public" goes to the engine)."""
    from bot.cards import Card
    from bot.cards.checks import service_checks_card
    from bot.knowledge.checks_table import find_service

    first, _, rest = command_text.strip().partition(" ")
    if first.lower() not in CHECK_WORDS:
        return None
    if not rest.strip():
        names = ", ".join(f"`{s.slug}`" for s in knowledge.services)
        text = f"Name a service to see how to check its duties, e.g. `/srm check s3` ({names})."
        return Message(
            text=text, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
        )
    service = find_service(knowledge, rest)
    if service is None:
        return None
    card = Card(service_checks_card(knowledge, service))
    return Message(text=card.text, blocks=list(card.blocks))

"""The card of the `owner` intent: which team here owns the duties the question is about.

Its items are customer duties with their owners (bot.owners.attach); each bullet shows its owner
(content.build fills them in), the answer line names the teams, and the context line keeps what
a `who` answer would say about AWS and you.
"""

from __future__ import annotations

from bot import domain
from bot.cards.content import (
    Bullet,
    CardContent,
    Section,
    _card_with_checks,
    _duty_of,
    _service_title,
    _source,
)
from bot.engine.types import Answer

# What a `who` answer says about the split, kept on the owner card as its context line.
_VERDICT_LINES = {
    "aws": "AWS is responsible for this on {name}.",
    "customer": "You (the customer) are responsible for this on {name}.",
    "shared": "Shared on {name}: AWS holds part of it, you hold the rest.",
}


def _teams(names: list[str]) -> str:
    shown = [f"*{n}*" for n in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def owner_card(answer: Answer, k: domain.Knowledge) -> CardContent:
    services = [s for slug in answer.services if (s := k.service(slug)) is not None]
    first = services[0] if services else None
    teams = list(dict.fromkeys(i.owner.team for i in answer.items if i.owner is not None))
    unowned = sum(1 for i in answer.items if i.owner is None)
    if not answer.items:
        where = f" on {first.name}" if first else ""
        line = f"*AWS* is responsible for this{where}: there is no customer duty to own here."
    elif not teams:
        line = "No team here owns this yet: no rule of the ownership overlay covers it."
    else:
        line = f"{_teams(teams)} {'owns' if len(teams) == 1 else 'own'} this here."
        if unowned:
            line += f" {unowned} of these duties {'has' if unowned == 1 else 'have'} no owner yet."
    names = {s.slug: s.name for s in k.services}
    bullets = [
        Bullet(
            f"{names.get(i.service or '', i.service)}: {i.text}",
            i.score > 0,
            (i.service, i.launch_type, i.text) if i.service else None,
        )
        for i in answer.items
    ]
    context = []
    if first is not None and answer.verdict in _VERDICT_LINES:
        context.append(_VERDICT_LINES[answer.verdict].format(name=first.name))
    title = "Who owns it here"
    if first is not None:
        title += ": " + _service_title(first, answer.variant)
    card = CardContent(
        title=title,
        answer=line,
        quote=answer.items[0].text if answer.items else None,
        sections=[Section(title="Owners here", bullets=bullets)] if bullets else [],
        context=context,
        source=_source(k, services[:3]),
    )
    # How to check the duties, as every card with customer duties shows (bot.cards.checks).
    return _card_with_checks(card, [x for i in answer.items if (x := _duty_of(k, i))])

"""What a card says about checking a duty: the Security Hub controls that test a customer duty
("checks include": a control tests part of a duty, not all of it), how to check it by review when
no control does, and the sourced notes where the document is out of date."""

from __future__ import annotations

from bot import domain
from bot.cards.content import Bullet, CardContent, Section
from bot.engine.types import Answer

CHECKS_INCLUDE = "Security Hub checks include:"
NOTE_TITLE = "Note (newer than the document)"


def check_bullets(slug: str, duty: domain.Duty, limit: int) -> list[Bullet]:
    """The duty's first `limit` controls, linked by id, then how many more there are."""
    bullets = [Bullet(c.title, link=(c.id, c.url)) for c in duty.checks[:limit]]
    rest = len(duty.checks) - limit
    if rest > 0:
        bullets.append(Bullet(f"and {rest} more (srm checks {slug})"))
    return bullets


def review_text(duty: domain.Duty) -> str:
    return f"No Security Hub control tests this, so check it by review: {duty.review_note}."


def check_sections(
    duties: list[tuple[domain.Service, domain.Duty]], per_duty: int = 3
) -> list[Section]:
    """A "Check it" section under each customer duty."""
    out = []
    for s, d in duties:
        if d.party != "customer":
            continue
        title = f"Check it: {d.text}"
        if d.launch_type:
            label = next((lt.label for lt in s.launch_types if lt.slug == d.launch_type), None)
            title += f" ({label or d.launch_type})"
        if d.checks:
            out.append(
                Section(
                    title=title, body=CHECKS_INCLUDE, bullets=check_bullets(s.slug, d, per_duty)
                )
            )
        elif d.review_note:
            out.append(Section(title=title, body=review_text(d)))
    return out


def note_sections(duties: list[tuple[domain.Service, domain.Duty]]) -> list[Section]:
    """Each sourced note of the duties, labelled as a note, with its AWS page."""
    out = []
    seen: set[str] = set()
    for _, d in duties:
        for n in d.notes:
            if n.text in seen:
                continue
            seen.add(n.text)
            out.append(
                Section(
                    title=NOTE_TITLE,
                    body=f"{d.text}: {n.text}",
                    bullets=[Bullet(f"read {n.read_on}", link=("AWS documentation", n.source_url))],
                )
            )
    return out


def check_card(
    answer: Answer,
    k: domain.Knowledge,
    duties: list[tuple[domain.Service, domain.Duty]],
    source: list[tuple[str, str]],
    per_duty: int = 5,
) -> CardContent:
    """The card of a `check` answer: the matching customer duties, each with its controls."""
    names = []
    for slug in answer.services:
        s = k.service(slug)
        if s is not None and s.name not in names:
            names.append(s.name)
    where = f" on {', '.join(names)}" if names else ""
    tested = sum(1 for _, d in duties if d.checks)
    these = "this" if len(duties) == 1 else "these"
    ids = [c.id for _, d in duties for c in d.checks]
    listed = ", ".join(dict.fromkeys(ids[:4]))
    more = len(set(ids)) - len(set(ids[:4]))
    listed += f" and {more} more" if more > 0 else ""
    if tested == len(duties):
        line = f"*You* check {these}{where} with AWS Security Hub controls: {listed}."
    elif tested:
        line = (
            f"*You* check {these}{where}: {tested} of the {len(duties)} duties with AWS Security"
            f" Hub controls ({listed}), the others by review."
        )
    else:
        line = f"*You* check {these}{where} by review: no Security Hub control tests it."
    context = ["Checks include: a control tests part of a duty, not all of it."]
    if k.checks_source:
        context.append(f"Security Hub controls as AWS listed them in {k.checks_source.as_of}.")
        source = [("AWS Security Hub controls", k.checks_source.url), *source]
    return CardContent(
        title=f"How to check it{where}",
        answer=line,
        sections=check_sections(duties, per_duty) + note_sections(duties),
        context=context,
        source=source,
    )


def service_checks_card(k: domain.Knowledge, s: domain.Service) -> CardContent:
    """Every customer duty of one service with its controls (`/srm check SERVICE`)."""
    duties = [(s, d) for d in s.duties_of("customer")]
    answer = Answer(f"check {s.slug}", "check", (s.slug,), confidence=1.0, side="customer")
    source = [(f"{s.name} security docs", s.docs_url)]
    return check_card(answer, k, duties, source, per_duty=3)

"""The knowledge's checks and its RACI as tables: `srm checks`, `srm raci` and
`srm knowledge export --format checks`. Pure: a `Knowledge` in, rows or text out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from bot import domain

CHECKS_HEADER = (
    "service",
    "launch_type",
    "duty",
    "control_id",
    "control_title",
    "standards",
    "config_rule",
    "control_url",
    "note",
)
RACI_HEADER = (
    "service",
    "launch_type",
    "party",
    "duty",
    "owner_team",
    "owner_channel",
    "checks",
)
PARTY_LABEL = {"aws": "AWS", "customer": "Customer"}


class Owner(Protocol):
    team: str
    channel: str


# owner_of(service slug, launch type or None, duty text) -> the duty's owner, or None.
OwnerOf = Callable[[str, str | None, str], Owner | None]


def find_service(k: domain.Knowledge, name: str) -> domain.Service | None:
    """The service a user named: its slug, name, full name or one of its aliases."""
    key = " ".join(name.lower().split())
    for s in k.services:
        names = {s.slug, s.name.lower(), s.full_name.lower(), *(a.lower() for a in s.aliases)}
        if key in names:
            return s
    return None


def customer_duties(
    k: domain.Knowledge, slug: str | None = None
) -> list[tuple[domain.Service, domain.Duty]]:
    return [
        (s, d)
        for s in k.services
        if slug is None or s.slug == slug
        for d in s.duties_of("customer")
    ]


def source_line(k: domain.Knowledge) -> str:
    if k.checks_source is None:
        return "Security Hub controls: source not recorded."
    src = k.checks_source
    return (
        f"Security Hub controls from {src.text}, as of {src.as_of} ({src.url}). AWS keeps control"
        " ids stable and edits their titles. A control tests part of a duty, not all of it."
    )


def checks_rows(k: domain.Knowledge, slug: str | None = None) -> list[tuple[str, ...]]:
    """One row per (duty, control), as the reference table has them; a duty that no control
    tests has one row with an empty control and how to check it by review."""
    rows = []
    for s, d in customer_duties(k, slug):
        lt = d.launch_type or ""
        if not d.checks:
            rows.append((s.slug, lt, d.text, "", "", "", "", "", d.review_note or ""))
        for c in d.checks:
            standards = "; ".join(c.standards)
            rows.append(
                (s.slug, lt, d.text, c.id, c.title, standards, c.config_rule or "", c.url, "")
            )
    return rows


def checks_json(k: domain.Knowledge, slug: str | None = None) -> dict[str, Any]:
    src = k.checks_source
    return {
        "source": {"text": src.text, "url": src.url, "as_of": src.as_of} if src else None,
        "duties": [
            {
                "service": s.slug,
                "launch_type": d.launch_type,
                "duty": d.text,
                "checks": [
                    {
                        "id": c.id,
                        "title": c.title,
                        "standards": list(c.standards),
                        "config_rule": c.config_rule,
                        "url": c.url,
                    }
                    for c in d.checks
                ],
                "review": d.review_note,
                "notes": [
                    {"text": n.text, "source_url": n.source_url, "read_on": n.read_on}
                    for n in d.notes
                ],
            }
            for s, d in customer_duties(k, slug)
        ],
    }


def checks_text(k: domain.Knowledge, slug: str | None = None) -> str:
    lines = []
    current = None
    for s, d in customer_duties(k, slug):
        if s.slug != current:
            if current is not None:
                lines.append("")
            lines.append(f"{s.name} ({s.full_name})")
            current = s.slug
        where = f"[{d.launch_type}] " if d.launch_type else ""
        lines.append(f"  {where}{d.text}")
        if d.checks:
            lines.append("    checks include:")
        for c in d.checks:
            lines.append(f"    {c.id:<15} {c.title}")
            lines.append(f"    {'':<15} {'; '.join(c.standards)} · {c.url}")
        if not d.checks and d.review_note:
            lines.append(f"    no control; check it by review: {d.review_note}")
        for n in d.notes:
            lines.append(f"    note: {n.text} ({n.source_url}, read {n.read_on})")
    lines += ["", source_line(k)]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """A Markdown table cell: a pipe or a line break would end it."""
    return " ".join(text.replace("|", "\\|").split())


def checks_markdown(k: domain.Knowledge) -> str:
    """The checks as a Markdown table, headed by where the controls came from and when."""
    out = [
        "## Security Hub checks of the customer duties",
        "",
        source_line(k),
        "",
        "| Service | Duty | Control | Title | Standards |",
        "|---------|------|---------|-------|-----------|",
    ]
    for row in checks_rows(k):
        slug, lt, duty, cid, title, standards, _, url, note = row
        service = f"{slug} ({lt})" if lt else slug
        control = f"[{cid}]({url})" if cid else "review"
        cells = (_md(service), _md(duty), control, _md(title or note), _md(standards))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def raci_rows(k: domain.Knowledge, owner_of: OwnerOf | None = None) -> list[tuple[str, ...]]:
    """Every duty of every service (ECS launch types apart), with its owner here (customer
    duties, when `owner_of` knows one) and the ids of the controls that check it."""
    rows = []
    for s in k.services:
        for d in s.duties:
            owner = (
                owner_of(s.slug, d.launch_type, d.text)
                if owner_of and d.party == "customer"
                else None
            )
            rows.append(
                (
                    s.slug,
                    d.launch_type or "",
                    d.party,
                    d.text,
                    owner.team if owner else "",
                    owner.channel if owner else "",
                    " ".join(c.id for c in d.checks),
                )
            )
    return rows


def raci_markdown(k: domain.Knowledge, owner_of: OwnerOf | None = None) -> str:
    out = [
        "| Service | Launch type | Party | Duty | Owner team | Owner channel | Checks |",
        "|---------|-------------|-------|------|------------|---------------|--------|",
    ]
    for slug, lt, party, duty, team, channel, checks in raci_rows(k, owner_of):
        cells = (slug, lt, PARTY_LABEL.get(party, party), duty, team, channel, checks)
        out.append("| " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(out) + "\n"

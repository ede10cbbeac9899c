"""What a card says, decided once for every renderer (Block Kit, terminal, plain text).

Texts use a tiny markup: `*bold*` for emphasis. Renderers translate it (Slack mrkdwn keeps it,
the terminal turns it into bold, plain text drops it). User text is escaped by `escape()` before
it enters a card, so no renderer can let it ping anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot import domain
from bot.engine.types import Answer, Item

if TYPE_CHECKING:
    from bot.owners.resolve import Owners

OwnerOf = Callable[[str, str | None, str], domain.Owner | None]

PARTY_NAME = {"aws": "AWS", "customer": "You"}


def escape(text: str) -> str:
    """`&`, `<`, `>` as the entities Slack expects (`&` first, so no entity is doubled): the
    only escaping Slack wants, and only for text a user typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class Bullet:
    text: str
    marked: bool = False
    # A customer duty's (service, launch type, text), so build() can show who owns it here.
    duty: tuple[str, str | None, str] | None = None
    owner: domain.Owner | None = None
    link: tuple[str, str] | None = None  # (label, https URL) shown before the text


@dataclass
class Column:
    title: str
    bullets: list[Bullet] = field(default_factory=list)


@dataclass
class Section:
    """One titled part of a card: a paragraph, or two columns side by side."""

    title: str | None = None
    body: str | None = None
    columns: list[Column] = field(default_factory=list)
    bullets: list[Bullet] = field(default_factory=list)


@dataclass
class CardContent:
    title: str
    answer: str  # the first line: the answer in words
    quote: str | None = None  # the duty that decided it, verbatim
    sections: list[Section] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # category, service model, launch type
    source: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    unsure: bool = False


def _service_title(s: domain.Service, launch_type: str | None) -> str:
    title = s.matrix_label if s.matrix_label != s.name else f"{s.name} ({s.full_name})"
    if launch_type:
        lt = next((x for x in s.launch_types if x.slug == launch_type), None)
        if lt:
            title = f"{s.name} ({s.full_name}): {lt.label}"
    return title


# The category and the service model that say the same thing ("Infrastructure Services" and
# IaaS; "Abstracted Services" and SaaS). Any other pair is the document disagreeing with itself
# (Lambda: Container Services vs SaaS; RDS: Abstracted Services vs PaaS).
_SAME_CLASS = {("infrastructure", "iaas"), ("abstracted", "saas")}


def _sections_disagree(s: domain.Service, lt: str | None) -> bool:
    cats = [
        c.ref
        for c in s.classifications
        if c.scheme == "category" and (lt is None or c.launch_type in (None, lt))
    ]
    models = [c.ref for c in s.classifications if c.scheme == "service_model"]
    return any((cat, model) not in _SAME_CLASS for cat in cats for model in models)


def _classification_lines(k: domain.Knowledge, s: domain.Service, lt: str | None) -> list[str]:
    cats = {c.slug: c for c in k.categories}
    models = {m.slug: m for m in k.service_models}
    lines = []
    for c in s.classifications:
        if c.scheme == "category" and (lt is None or c.launch_type in (None, lt)):
            cat = cats[c.ref]
            where = f" ({c.launch_type} launch type)" if c.launch_type and lt is None else ""
            lines.append(f"Category{where}: {cat.name} ({cat.qualifier})")
    for c in s.classifications:
        if c.scheme == "service_model":
            m = models[c.ref]
            lines.append(f"Summary: {m.abbreviation} ({m.name})")
    if _sections_disagree(s, lt):
        lines.append("The document's two sections file it differently; both are shown.")
    if lt:
        label = next((x.label for x in s.launch_types if x.slug == lt), lt)
        lines.append(f"Launch type: {label}")
    return lines


def _columns(s: domain.Service, lt: str | None, marked: set[str]) -> list[Column]:
    cols = []
    for party in ("aws", "customer"):
        duties = [d for d in s.duties if d.party == party and (lt is None or d.launch_type == lt)]
        bullets = []
        for d in duties:
            prefix = ""
            if lt is None and d.launch_type:
                prefix = f"[{d.launch_type}] "
            ref = (s.slug, d.launch_type, d.text) if party == "customer" else None
            bullets.append(Bullet(prefix + d.text, d.text in marked, ref))
        cols.append(Column("AWS" if party == "aws" else "You (customer)", bullets))
    return cols


def _best_practices(s: domain.Service, marked: set[str], only_marked: bool) -> list[Bullet]:
    bps = [Bullet(b.text, b.text in marked) for b in s.best_practices]
    if only_marked:
        bps = [b for b in bps if b.marked]
    return bps


def _source(k: domain.Knowledge, services: list[domain.Service]) -> list[tuple[str, str]]:
    out = [("AWS Shared Responsibility Model", k.source_url)]
    out += [(f"{s.name} security docs", s.docs_url) for s in services]
    return out


def _who_line(answer: Answer, s: domain.Service) -> tuple[str, str | None]:
    first = answer.items[0] if answer.items else None
    by_type = {i.launch_type: i for i in answer.items[:2] if i.launch_type}
    if s.slug == "ecs" and answer.variant is None and len(by_type) == 2:
        # Asked of ECS without a launch type: the answer depends on it.
        parts = []
        for lt in s.launch_types:
            item = by_type.get(lt.slug)
            if item is not None:
                who = "AWS holds" if item.party == "aws" else "you hold"
                parts.append(f"on {lt.label}, {who} “{item.text}”")
        return "*It depends on the launch type*: " + "; ".join(parts) + ".", None
    if answer.verdict == "shared":
        aws = next((i for i in answer.items if i.party == "aws"), None)
        you = next((i for i in answer.items if i.party == "customer"), None)
        line = (
            f"*Shared* on {s.name}: AWS holds “{aws.text if aws else ''}”; "
            f"you hold “{you.text if you else ''}”."
        )
        return line, None
    if answer.verdict == "aws" and first:
        return f"*AWS* is responsible for this on {s.name}.", first.text
    if answer.verdict == "customer" and first:
        return f"*You* (the customer) are responsible for this on {s.name}.", first.text
    return f"Here is how responsibility is split for {s.name}.", None


def _duty_of(k: domain.Knowledge, item: Item) -> tuple[domain.Service, domain.Duty] | None:
    s = k.service(item.service or "")
    if s is None or item.kind != "duty":
        return None
    for d in s.duties:
        if d.text == item.text and d.party == item.party and d.launch_type == item.launch_type:
            return s, d
    return None


def _evidence_duties(
    answer: Answer, k: domain.Knowledge
) -> list[tuple[domain.Service, domain.Duty]]:
    found = [_duty_of(k, i) for i in answer.items if i.score > 0]
    return [x for x in found if x is not None]


def _card_with_checks(
    card: CardContent, duties: list[tuple[domain.Service, domain.Duty]], per_duty: int = 3
) -> CardContent:
    """Add "Check it" under the card's customer duties, and the sourced notes of its duties."""
    from bot.cards.checks import check_sections, note_sections

    card.sections += check_sections(duties, per_duty) + note_sections(duties)
    return card


def _duty_ref(i: Item) -> tuple[str, str | None, str] | None:
    if i.kind == "duty" and i.party == "customer" and i.service:
        return (i.service, i.launch_type, i.text)
    return None


def _show_owners(card: CardContent, answer: Answer, owner_of: OwnerOf | None) -> None:
    """Each customer duty bullet names its owner here; the answer line says who owns the
    duty that decided it."""
    if owner_of is None:
        return
    for sec in card.sections:
        for b in [*sec.bullets, *(b for c in sec.columns for b in c.bullets)]:
            if b.duty is not None:
                b.owner = owner_of(*b.duty)
    top = answer.items[0] if answer.intent == "who" and answer.items else None
    if top is not None and top.party == "customer" and top.kind == "duty" and top.service:
        owner = owner_of(top.service, top.launch_type, top.text)
        if owner is not None and answer.verdict == "customer":
            card.answer += f" Here, *{owner.team}* owns it."


def build(answer: Answer, k: domain.Knowledge, owners: Owners | None = None) -> CardContent:
    """Decide what the card for `answer` says (with the owners here, when an overlay is
    loaded)."""
    builder = _BUILDERS.get(answer.intent, _unknown)
    card = builder(answer, k)
    _show_owners(card, answer, owners.owner_of if owners is not None and owners.loaded else None)
    for note in answer.notes:
        card.answer += "\n" + note
    card.unsure = answer.unsure and answer.intent not in ("help",)
    if card.unsure and answer.intent != "unknown":
        card.answer = "I'm not sure I understood, so check this: " + card.answer
    return card


def _who(answer: Answer, k: domain.Knowledge) -> CardContent:
    s = k.service(answer.services[0])
    assert s is not None
    marked = {i.text for i in answer.items if i.score > 0}
    line, quote = _who_line(answer, s)
    sections = [Section(columns=_columns(s, answer.variant, marked))]
    bps = _best_practices(s, marked, only_marked=True)
    if bps:
        sections.append(Section(title="What to do", bullets=bps))
    card = CardContent(
        title=_service_title(s, answer.variant),
        answer=line,
        quote=quote,
        sections=sections,
        context=_classification_lines(k, s, answer.variant),
        source=_source(k, [s]),
    )
    return _card_with_checks(card, _evidence_duties(answer, k)[:3])


def _service(answer: Answer, k: domain.Knowledge) -> CardContent:
    s = k.service(answer.services[0])
    assert s is not None
    aws = len([d for d in s.duties if d.party == "aws" and answer.variant in (None, d.launch_type)])
    you = len(
        [d for d in s.duties if d.party == "customer" and answer.variant in (None, d.launch_type)]
    )
    columns = _columns(s, answer.variant, set())
    line = f"*AWS* holds {aws} duties for {s.name}; *you* hold {you}."
    if answer.side == "customer":
        # "what falls on us for RDS": the customer's side leads.
        columns.reverse()
        line = f"*You* hold {you} duties for {s.name}; *AWS* holds {aws}."
    sections = [Section(columns=columns)]
    bps = _best_practices(s, set(), only_marked=False)
    if bps:
        sections.append(Section(title="What to do", bullets=bps))
    card = CardContent(
        title=_service_title(s, answer.variant),
        answer=line,
        sections=sections,
        context=_classification_lines(k, s, answer.variant),
        source=_source(k, [s]),
    )
    shown = [(s, d) for d in s.duties if answer.variant in (None, d.launch_type)]
    return _card_with_checks(card, shown, per_duty=2)


def _compare(answer: Answer, k: domain.Knowledge) -> CardContent:
    services = [k.service(x) for x in answer.services]
    sections = []
    counts = []
    for s in services:
        assert s is not None
        lt = answer.variant if s.slug == "ecs" else None
        cols = _columns(s, lt, set())
        # The differences first: duties whose topics the other services' duties lack.
        others = {
            t
            for o in services
            if o is not None and o.slug != s.slug
            for d in o.duties
            for t in d.topics
        }
        topics = {d.text: set(d.topics) for d in s.duties}
        for col in cols:
            col.bullets.sort(key=lambda b, t=topics: bool(t.get(b.text, set()) <= others))
        counts.append(f"{s.name}: AWS {len(cols[0].bullets)}, you {len(cols[1].bullets)}")
        sections.append(Section(title=_service_title(s, lt), columns=cols))
    names = " vs ".join(s.name for s in services if s)
    return CardContent(
        title=names,
        answer="Side by side (duties that differ come first): " + "; ".join(counts) + ".",
        sections=sections,
        context=[
            f"{s.name}: {line}"  # several services' lines: each says whose it is
            for s in services
            if s
            for line in _classification_lines(k, s, answer.variant if s.slug == "ecs" else None)
        ][:9],
        source=_source(k, [s for s in services if s]),
    )


def _topic(answer: Answer, k: domain.Knowledge) -> CardContent:
    # The headline counts what the service sections below show (a best practice is the
    # customer's to do); lines of the model in general are shown apart, after them.
    on_services = [i for i in answer.items if i.service and i.kind in ("duty", "best_practice")]
    by_party = {"aws": 0, "customer": 0}
    for i in on_services:
        by_party["customer" if i.kind == "best_practice" else i.party or "aws"] += 1
    if by_party["aws"] and by_party["customer"]:
        line = (
            f"*It depends on the service*: AWS holds {by_party['aws']} of the matching duties, "
            f"*you* hold {by_party['customer']}."
        )
    elif by_party["aws"]:
        line = "*AWS* holds the matching duties on every service below."
    elif by_party["customer"]:
        line = "*You* (the customer) hold the matching duties on every service below."
    else:
        line = "In general, across every service:"
    groups: dict[str, list[Item]] = {}
    for i in on_services:
        groups.setdefault(i.service or "", []).append(i)
    general = [i for i in answer.items if i not in on_services]
    sections = []
    for key, items in groups.items():
        s = k.service(key)
        title = s.name if s else key
        bullets = [
            Bullet(f"{PARTY_NAME.get(i.party or '', '')}: {i.text}", True, _duty_ref(i))
            for i in items
        ]
        sections.append(Section(title=title, bullets=bullets))
    if general:
        bullets = [Bullet(f"{PARTY_NAME.get(i.party or '', '')}: {i.text}", True) for i in general]
        sections.append(Section(title="In general (every service)", bullets=bullets))
    card = CardContent(
        title="Who is responsible, across services",
        answer=line,
        sections=sections,
        source=_source(k, []),
    )
    return _card_with_checks(card, _evidence_duties(answer, k)[:4], per_duty=2)


def _best_practices_card(answer: Answer, k: domain.Knowledge) -> CardContent:
    s = k.service(answer.services[0])
    assert s is not None
    if s.best_practices:
        marked = {i.text for i in answer.items if i.score > 0}
        line = f"Security best practices for {s.name}, from the document."
        if marked:
            line = f"*Yes*, the document recommends it for {s.name}."
        bullets = [Bullet(b.text, b.text in marked) for b in s.best_practices]
        quote = next((i.text for i in answer.items if i.score > 0), None)
    else:
        line = (
            f"The document lists no best practices for {s.name}; "
            "these are the duties that are yours."
        )
        bullets = [Bullet(i.text) for i in answer.items]
        quote = None
    return CardContent(
        title=f"{s.name}: what to do",
        answer=line,
        quote=quote,
        sections=[Section(bullets=bullets)],
        context=_classification_lines(k, s, None),
        source=_source(k, [s]),
    )


def _compliance(answer: Answer, k: domain.Knowledge) -> CardContent:
    top = answer.items[0] if answer.items and answer.items[0].score > 0 else None
    rows = []
    for r in k.compliance:
        marked = top is not None and top.label == r.aspect
        rows.append(
            Section(
                title=r.aspect,
                columns=[
                    Column("AWS", [Bullet(r.aws, marked)]),
                    Column("You (customer)", [Bullet(r.customer, marked)]),
                ],
            )
        )
    if top is not None:
        rows.sort(key=lambda sec: sec.title != top.label)
        line = f"*Shared*: for {top.label}, AWS and you each hold a part."
    else:
        line = "*Shared*: " + k.compliance_lead
    return CardContent(
        title="Compliance responsibilities",
        answer=line,
        sections=rows,
        source=_source(k, []),
    )


def _category(answer: Answer, k: domain.Knowledge) -> CardContent:
    names = [i for i in answer.items if i.score >= 1.0]
    bullets = []
    for i in answer.items:
        if i.score >= 1.0:
            bullets.append(Bullet(f"{i.text} ({i.label})", True))
        else:
            bullets.append(Bullet(f"Examples: {i.text}"))
    if answer.services:
        s = k.service(answer.services[0])
        subject = s.name if s else answer.services[0]
        if answer.variant and s:
            subject += " on " + next(
                (x.label for x in s.launch_types if x.slug == answer.variant), answer.variant
            )
        line = f"{subject}: " + " / ".join(f"*{i.text}*" for i in names)
        if len(names) > 1:
            line += " (the document's two sections file it differently; both are shown)."
    else:
        line = "How the document groups services: " + ", ".join(f"*{i.text}*" for i in names)
    return CardContent(
        title="Responsibility categories",
        answer=line,
        sections=[Section(bullets=bullets), Section(body=k.takeaway)],
        source=_source(k, []),
    )


def _principles(answer: Answer, k: domain.Knowledge) -> CardContent:
    cols = []
    for party in ("aws", "customer"):
        heading = next((p.heading for p in k.principles if p.party == party), party)
        cols.append(Column(heading, [Bullet(p.text) for p in k.principles if p.party == party]))
    if answer.side == "customer":
        cols.reverse()
    return CardContent(
        title="The Shared Responsibility Model",
        answer=k.intro.replace("**", "*"),
        sections=[Section(columns=cols)],
        source=_source(k, []),
    )


def _help(answer: Answer, k: domain.Knowledge) -> CardContent:
    names = ", ".join(s.name for s in k.services)
    return CardContent(
        title="srm: who is responsible for what on AWS",
        answer="Ask who holds a duty, or name a service to see its whole split.",
        sections=[
            Section(
                title="Try",
                bullets=[
                    Bullet("who patches RDS?"),
                    Bullet("s3"),
                    Bullet("ec2 vs lambda"),
                    Bullet("who handles encryption?"),
                    Bullet("how do I check that our buckets aren't public?"),
                    Bullet("best practices for s3"),
                    Bullet("fargate: iaas, paas or saas?"),
                ],
            ),
            Section(title="Services covered", body=names),
        ],
        source=_source(k, []),
    )


def _unknown(answer: Answer, k: domain.Knowledge) -> CardContent:
    names = ", ".join(s.name for s in k.services)
    if answer.not_covered_kind == "off_topic":
        line = (
            "srm answers who is responsible for what on AWS; pricing, limits, quotas and"
            " how-to steps are not part of the Shared Responsibility Model."
        )
    elif answer.not_covered_kind == "cloud":
        line = f"srm covers AWS only, not *{escape(answer.not_covered or '')}*."
    elif answer.not_covered:
        line = f"srm does not cover *{escape(answer.not_covered)}*: I only know the AWS matrix."
    else:
        line = "I don't know how to answer that from the AWS Shared Responsibility Model."
    sections = [Section(title="What srm covers", body=names)]
    if answer.suggestions:
        sections.append(
            Section(title="Did you mean", bullets=[Bullet(escape(s)) for s in answer.suggestions])
        )
    return CardContent(
        title="Not something srm knows",
        answer=line,
        sections=sections,
        source=_source(k, []),
    )


def _check(answer: Answer, k: domain.Knowledge) -> CardContent:
    from bot.cards.checks import check_card

    return check_card(answer, k, _evidence_duties(answer, k), _source(k, []))


_BUILDERS = {
    "check": _check,
    "who": _who,
    "service": _service,
    "compare": _compare,
    "topic": _topic,
    "best_practices": _best_practices_card,
    "compliance": _compliance,
    "category": _category,
    "principles": _principles,
    "help": _help,
    "unknown": _unknown,
}

# The owner card is a room of its own; it builds on the pieces above.
from bot.cards.owner_card import owner_card  # noqa: E402

_BUILDERS["owner"] = owner_card

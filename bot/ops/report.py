"""`srm report`: what people asked, what srm could not answer, and how helpful it was.

Read from the query log (and the Slack votes) of the store; nothing here writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select

from bot.engine.types import UNSURE_BELOW
from bot.ops.grouping import Group, group_questions
from bot.store.ops_models import QueryLogEntry
from bot.store.slack_models import SlackVote

TOP = 10

# A progress callback: (what is being done, how many steps in all) -> advance by one.
Progress = Callable[[str, int], Callable[[], None]]


@dataclass
class Feedback:
    service: str
    helpful: int = 0
    not_helpful: int = 0

    @property
    def ratio(self) -> float | None:
        votes = self.helpful + self.not_helpful
        return round(self.helpful / votes, 3) if votes else None


@dataclass
class Report:
    since: datetime
    until: datetime
    total: int = 0
    unknown: int = 0
    low_confidence: int = 0
    per_day: list[tuple[str, int, int]] = field(default_factory=list)  # day, questions, unknown
    intents: list[tuple[str, int]] = field(default_factory=list)
    services: list[tuple[str, int]] = field(default_factory=list)
    to_learn: list[Group] = field(default_factory=list)  # unknown and low-confidence, grouped
    feedback: list[Feedback] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "questions": self.total,
            "unknown": self.unknown,
            "low_confidence": self.low_confidence,
            "per_day": [{"day": d, "questions": n, "unknown": u} for d, n, u in self.per_day],
            "intents": [{"intent": i, "questions": n} for i, n in self.intents],
            "services": [{"service": s, "questions": n} for s, n in self.services],
            "to_learn": [asdict(g) for g in self.to_learn],
            "feedback": [
                {
                    "service": f.service,
                    "helpful": f.helpful,
                    "not_helpful": f.not_helpful,
                    "helpful_ratio": f.ratio,
                }
                for f in self.feedback
            ],
        }


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything srm writes is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _no_progress(_what: str, _total: int) -> Callable[[], None]:
    return lambda: None


def build_report(
    engine: Engine,
    since: timedelta,
    *,
    now: datetime | None = None,
    progress: Progress = _no_progress,
) -> Report:
    until = now or datetime.now(UTC)
    start = until - since
    report = Report(since=start, until=until)
    where = QueryLogEntry.asked_at >= start
    columns = (
        QueryLogEntry.asked_at,
        QueryLogEntry.question,
        QueryLogEntry.intent,
        QueryLogEntry.services,
        QueryLogEntry.confidence,
        QueryLogEntry.unknown,
        QueryLogEntry.card_id,
    )
    days: Counter[str] = Counter()
    unknown_days: Counter[str] = Counter()
    intents: Counter[str] = Counter()
    services: Counter[str] = Counter()
    learn: list[tuple[str, bool]] = []
    by_card: dict[str, str] = {}
    with engine.connect() as conn:
        total = conn.scalar(select(func.count()).select_from(QueryLogEntry).where(where)) or 0
        step = progress("reading the query log", total)
        rows = conn.execution_options(yield_per=2000).execute(
            select(*columns).where(where).order_by(QueryLogEntry.asked_at)
        )
        for asked_at, question, intent, slugs, confidence, unknown, card_id in rows:
            day = _utc(asked_at).date().isoformat()
            days[day] += 1
            intents[intent] += 1
            named = [s for s in slugs.split(",") if s]
            services.update(named)
            first = named[0] if named else ""
            if unknown:
                unknown_days[day] += 1
                report.unknown += 1
            elif confidence < UNSURE_BELOW:
                report.low_confidence += 1
            if unknown or confidence < UNSURE_BELOW:
                learn.append((question, bool(unknown)))
            if first and card_id:
                by_card[card_id] = first
            step()
        votes = conn.execute(
            select(SlackVote.card_id, SlackVote.helpful).where(SlackVote.voted_at >= start)
        ).all()
    report.total = total
    report.per_day = [(d, days[d], unknown_days[d]) for d in sorted(days)]
    report.intents = intents.most_common()
    report.services = services.most_common(TOP)
    step = progress("grouping similar questions", len(learn))
    report.to_learn = group_questions(learn, on_item=step)
    report.feedback = _feedback(votes, by_card)
    return report


def _feedback(votes, by_card: dict[str, str]) -> list[Feedback]:
    """Helpful / not helpful per service, a vote's service being the first one its card showed
    (votes keep no question: the card id leads to it; a shared card keeps its card's id)."""
    per: dict[str, Feedback] = {}
    for card_id, helpful in votes:
        service = by_card.get(card_id)
        if not service:
            continue
        entry = per.setdefault(service, Feedback(service))
        if helpful:
            entry.helpful += 1
        else:
            entry.not_helpful += 1
    return sorted(per.values(), key=lambda f: (-(f.helpful + f.not_helpful), f.service))

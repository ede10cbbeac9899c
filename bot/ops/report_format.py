"""A Report as text (for people), JSON (for tools) or CSV (for spreadsheets)."""

from __future__ import annotations

import json

from bot.ops.report import Report
from bot.safe_output import csv_text, printable

FORMATS = ("text", "json", "csv")
CSV_COLUMNS = ("section", "key", "questions", "unknown", "helpful", "not_helpful", "examples")


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return as_csv(report)
    return as_text(report)


def _questions(n: int) -> str:
    return f"{n} question" if n == 1 else f"{n} questions"


def _group_tag(count: int, unknown: int) -> str:
    """Why a group is worth learning: unknown answers, unsure ones, or some of each."""
    if unknown >= count:
        return "unknown"
    if unknown == 0:
        return "low confidence"
    return f"{unknown} unknown, {count - unknown} low confidence"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def as_text(report: Report) -> str:
    """For a terminal: every stored text (questions, intents, services) through
    bot.safe_output.printable, so escape sequences, C1 controls and bidi overrides typed into
    a question are shown, never obeyed."""
    out: list[str] = []

    def add(line: str) -> None:
        out.append(printable(line))

    span = f"{report.since:%Y-%m-%d %H:%M} to {report.until:%Y-%m-%d %H:%M} UTC"
    add(f"srm report, {span}")
    add(
        f"{_questions(report.total)}, {report.unknown} unknown"
        f" ({_pct(report.unknown, report.total)})"
        f", {report.low_confidence} low-confidence"
    )
    if not report.total:
        add("")
        add("No questions were recorded in this period.")
        return "\n".join(out) + "\n"
    add("")
    add("Questions per day")
    for day, n, unknown in report.per_day:
        add(f"  {day}  {n:>6}  ({unknown} unknown)")
    add("")
    add("Top intents")
    for intent, n in report.intents:
        add(f"  {intent:<16}{n:>6}  {_pct(n, report.total):>4}")
    add("")
    add("Top services")
    for service, n in report.services or [("(none)", 0)]:
        add(f"  {service:<16}{n:>6}")
    add("")
    add("What the knowledge should learn next (unknown and low-confidence questions, grouped)")
    if not report.to_learn:
        add("  nothing: every question was answered with confidence")
    for group in report.to_learn:
        tag = _group_tag(group.count, group.unknown)
        add(f"  {group.count:>4} x  {group.question}  [{tag}]")
        for example in group.examples:
            if example != group.question:
                add(f"          also: {example}")
    add("")
    add("Helpful / not helpful per service")
    if not report.feedback:
        add("  no votes in this period")
    for f in report.feedback:
        ratio = "-" if f.ratio is None else f"{100 * f.ratio:.0f}% helpful"
        add(f"  {f.service:<16}{f.helpful:>4} up {f.not_helpful:>4} down  {ratio}")
    return "\n".join(out) + "\n"


def as_csv(report: Report) -> str:
    """Spreadsheet-safe (bot.safe_output.csv_text): a question such as `=cmd|…` is no formula."""
    rows: list[list[object]] = [["total", "", report.total, report.unknown, "", "", ""]]
    for day, n, unknown in report.per_day:
        rows.append(["day", day, n, unknown, "", "", ""])
    for intent, n in report.intents:
        rows.append(["intent", intent, n, "", "", "", ""])
    for service, n in report.services:
        rows.append(["service", service, n, "", "", "", ""])
    for g in report.to_learn:
        rows.append(["to_learn", g.question, g.count, g.unknown, "", "", " | ".join(g.examples)])
    for f in report.feedback:
        rows.append(["feedback", f.service, "", "", f.helpful, f.not_helpful, ""])
    return csv_text(rows, header=CSV_COLUMNS)

"""Check an ownership overlay file whole and build the `Overlay` value.

Every problem is one `file:line: message` line, all of them in one run, like the knowledge's
validation: YAML and schema errors first (unknown keys, wrong forms of ids and URLs), then what
needs the knowledge (a service slug, launch type, duty, topic or control it does not have, and a
match that covers no customer duty).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot import domain
from bot.knowledge.validate import Problem, YamlDoc, read_yaml
from bot.owners import schema
from bot.owners.overlay import Match, Overlay, Rule
from bot.owners.resolve import controls_of, customer_duties, matches

# An overlay is a page of rules; a file larger than this is not one (and is not read whole).
MAX_BYTES = 1_000_000

Loc = tuple[str | int, ...]


@dataclass
class Result:
    overlay: Overlay | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems and self.overlay is not None


def _loc_text(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(err: dict[str, Any]) -> tuple[Loc, str]:
    # pydantic names the branch of `X | None` it tried ("function-after[...]"); drop those.
    loc: Loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
    kind = err["type"]
    where = _loc_text(loc[:-1])
    prefix = f"{where}: " if where else ""
    if kind == "extra_forbidden":
        return loc, f"{prefix}unknown key '{loc[-1]}'"
    if kind == "missing":
        return loc[:-1], f"{prefix}missing key '{loc[-1]}'"
    name = _loc_text(loc) or "the file"
    if kind == "literal_error" and loc == ("version",):
        return loc, "version: must be 1"
    if kind == "list_type":
        return loc, f"{name}: must be a list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, f"{name}: must be a mapping of keys"
    if kind == "string_type":
        return loc, f"{name}: must be text"
    msg = " ".join(str(err["msg"]).removeprefix("Value error, ").split())
    return loc, f"{name}: {msg}"


def _schema(doc: YamlDoc) -> tuple[schema.OverlayFile | None, list[Problem]]:
    if doc.data is None:
        return None, [Problem(doc.name, 1, "file is empty")]
    try:
        return schema.OverlayFile.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc, message = _message(err)
            problems.append(Problem(doc.name, doc.line(loc), message))
        # One problem per place: pydantic may report a `X | None` field twice.
        return None, list(dict.fromkeys(problems))


def _match(entry: schema.MatchEntry) -> Match:
    return Match(entry.service, entry.launch_type, entry.duty, entry.topic, entry.control)


def knowledge_problems(match: Match, k: domain.Knowledge, at: str) -> list[tuple[str | None, str]]:
    """What in `match` the knowledge does not have, as (match key, message); `at` names the rule."""
    out: list[tuple[str | None, str]] = []
    service = k.service(match.service) if match.service else None
    if match.service and service is None:
        known = ", ".join(s.slug for s in k.services)
        out.append(("service", f"{at}: unknown service '{match.service}' (known: {known})"))
    if match.launch_type and service is not None:
        kinds = [lt.slug for lt in service.launch_types]
        if match.launch_type not in kinds:
            has = f"its launch types are {', '.join(kinds)}" if kinds else "it has no launch types"
            out.append(
                (
                    "launch_type",
                    f"{at}: {match.service} has no launch type '{match.launch_type}' ({has})",
                )
            )
    if match.topic and match.topic not in {t.slug for t in k.topics}:
        out.append(("topic", f"{at}: unknown topic '{match.topic}'"))
    if match.duty:
        pool = [service] if service else list(k.services)
        texts = [d for s in pool if s for d in s.duties if d.text == match.duty]
        if not texts:
            where = f" of {match.service}" if service else ""
            out.append(
                ("duty", f"{at}: no duty{where} is worded '{match.duty}' (give its exact text)")
            )
        elif all(d.party != "customer" for d in texts):
            out.append(
                ("duty", f"{at}: '{match.duty}' is an AWS duty; only customer duties have owners")
            )
    if match.control:
        known = {c for _, d in customer_duties(k) for c in controls_of(d)}
        if not known:
            out.append(("control", f"{at}: the knowledge lists no Security Hub controls yet"))
        elif match.control not in known:
            out.append(("control", f"{at}: unknown control '{match.control}'"))
    if not out and not any(matches(match, slug, d) for slug, d in customer_duties(k)):
        out.append((None, f"{at}: matches no customer duty ({match.describe()})"))
    return out


def _rule(fields: schema.OwnerFields, line: int, match: Match) -> Rule:
    return Rule(
        team=fields.team,
        line=line,
        match=match,
        channel=fields.channel,
        usergroup=fields.usergroup,
        oncall_url=fields.oncall_url,
        runbook_url=fields.runbook_url,
    )


def _matches_of(doc: YamlDoc) -> list[Match | None]:
    """Each rule's match on its own, so that a rule's knowledge problems are reported even when
    another part of the file fails the schema (None where the match itself does)."""
    raw = doc.data.get("rules") if isinstance(doc.data, dict) else None
    out: list[Match | None] = []
    for entry in raw if isinstance(raw, list) else []:
        try:
            out.append(_match(schema.MatchEntry.model_validate(entry.get("match"))))
        except (ValidationError, AttributeError):
            out.append(None)
    return out


def validate_doc(doc: YamlDoc, k: domain.Knowledge) -> Result:
    parsed, problems = _schema(doc)
    for i, match in enumerate(_matches_of(doc) if doc.data is not None else []):
        for key, message in knowledge_problems(match, k, f"rules[{i}]") if match else []:
            loc: Loc = ("rules", i, "match", key) if key else ("rules", i)
            problems.append(Problem(doc.name, doc.line(loc), message))
    if parsed is None:
        return Result(None, sorted(problems, key=lambda p: p.line))
    rules = [
        _rule(entry, doc.line(("rules", i)), _match(entry.match))
        for i, entry in enumerate(parsed.rules)
    ]
    defaults = None
    if parsed.defaults is not None:
        defaults = _rule(parsed.defaults, doc.line(("defaults",)), Match())
    if problems:
        return Result(None, problems)
    source = Path(doc.name).name
    return Result(Overlay(source=source, rules=tuple(rules), defaults=defaults), [])


def validate_file(path: Path, k: domain.Knowledge, name: str | None = None) -> Result:
    """Validate the overlay at `path` against the knowledge `k`; `name` is how problems cite it
    (default: the path as given)."""
    name = name or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return Result(None, [Problem(name, 1, f"cannot read: {exc.strerror}")])
    if not path.is_file():
        return Result(None, [Problem(name, 1, "not a file")])
    if size > MAX_BYTES:
        return Result(None, [Problem(name, 1, f"larger than {MAX_BYTES} bytes: not an overlay")])
    doc, problems = read_yaml(path, name)
    if doc is None:
        return Result(None, problems)
    result = validate_doc(doc, k)
    return Result(result.overlay if not problems else None, [*problems, *result.problems])

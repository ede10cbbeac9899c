"""Logging setup: one line per record, JSON when `LOG_FORMAT=json`, with the request id.

Secrets never reach a log line: Slack tokens (`xox…-`, `xapp-…`) and response_urls
(`https://hooks.slack.com/…`) are masked in every message, and nothing in srm logs a signing
secret or a raw user id. Text lines show control characters as escapes, so no value a client
sent (a path, a header, a command name) can start a forged line.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
from datetime import UTC, datetime
from typing import Any

from bot.safe_output import printable

FORMAT_ENV = "LOG_FORMAT"
LEVEL_ENV = "LOG_LEVEL"

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "srm_request_id", default=None
)

_TOKEN = re.compile(r"\b(xox[abposr]|xapp)-[A-Za-z0-9-]+")
# A response_url is a credential for posting (slack_sdk logs the URL it sends to at DEBUG).
_HOOK = re.compile(r"(https?://hooks\.slack\.com)/[^\s\"'<>]{0,2048}", re.IGNORECASE)
# Fields a record may carry in `extra={"srm": {...}}` that JSON lines show as top-level keys.
EXTRA = "srm"


def mask(text: str) -> str:
    text = _HOOK.sub(lambda m: f"{m.group(1)}/***", text)
    return _TOKEN.sub(lambda m: f"{m.group(1)}-***", text)


class _Context(logging.Filter):
    """Adds the request id and masks tokens, whatever the formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None)
        if rid:
            line["request_id"] = rid
        extra = getattr(record, EXTRA, None)
        if isinstance(extra, dict):
            line.update(extra)
        if record.exc_info:
            line["error"] = mask(self.formatException(record.exc_info))
        # ASCII escapes: C1 controls, U+2028 and bidi overrides cannot break or disguise a line.
        return json.dumps(line, ensure_ascii=True, default=str)


def _field(value: Any) -> str:
    """A field's value on a text line: control and format characters shown as escapes
    (bot.safe_output.printable), quoted when it holds a space, `=` or `"`, so that no value can
    start a new line or pass for another field."""
    text = printable(str(value))
    if not text or any(c in text for c in ' ="'):
        return '"' + text.replace('"', '\\"') + '"'
    return text


class TextFormatter(logging.Formatter):
    """`time LEVEL logger message key=value…`, one line per record whatever the values hold;
    a traceback follows on lines indented by two spaces (never one that looks like a record)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        safe = logging.makeLogRecord(record.__dict__)
        safe.message = printable(record.getMessage())
        return super().formatMessage(safe)

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        record.asctime = self.formatTime(record, self.datefmt)
        text = self.formatMessage(record)
        extra = getattr(record, EXTRA, None)
        if isinstance(extra, dict):
            text += " " + " ".join(f"{printable(str(k))}={_field(v)}" for k, v in extra.items())
        rid = getattr(record, "request_id", None)
        if rid and "request_id" not in (extra or {}):
            text += f" request_id={_field(rid)}"
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        trace = "\n".join(
            filter(
                None, (record.exc_text, record.stack_info and self.formatStack(record.stack_info))
            )
        )
        if trace:
            lines = printable(trace, keep_newlines=True).splitlines()
            text += "".join("\n  " + line for line in lines)
        return mask(text)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record is emitted (it may be replaced later)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def setup_logging(fmt: str | None = None, level: str | None = None) -> None:
    """Configure the root logger once for a server process (idempotent)."""
    fmt = (fmt or os.environ.get(FORMAT_ENV, "text")).strip().lower()
    level = (level or os.environ.get(LEVEL_ENV, "INFO")).strip().upper()
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(_Context())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_srm", False)]:
        root.removeHandler(old)
    handler._srm = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(getattr(logging, level, logging.INFO))

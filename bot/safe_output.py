"""Writing user-controlled text where it could do harm: a spreadsheet cell that starts a formula,
a terminal that obeys escape sequences, a log line that a newline would split.

One place, so every CSV srm writes and every text it prints is made safe the same way.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets
# (OWASP's "CSV injection" list); tab and carriage return too, since some importers strip them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value safe in a spreadsheet cell: text that could start a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[object]], header: Sequence[str] | None = None) -> str:
    """Rows as CSV text, every cell passed through `csv_cell`."""
    buffer = io.StringIO()
    # "\r\n" as the row end (RFC 4180) also makes the writer quote a cell holding a bare "\r",
    # which would otherwise split the row for a reader.
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(c) for c in row])
    return buffer.getvalue()


def _is_unsafe(ch: str) -> bool:
    # Cc: C0 and C1 controls (ESC starts terminal sequences); Cf: format characters, among them
    # the bidi overrides and isolates that reorder what a reader sees (Trojan Source).
    return unicodedata.category(ch) in ("Cc", "Cf")


def printable(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control and format character shown as a visible escape (`\\x1b`,
    `\\u202e`), so a terminal or a log line shows it instead of obeying it."""
    out = []
    for ch in text:
        if keep_newlines and ch == "\n":
            out.append(ch)
        elif _is_unsafe(ch):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)

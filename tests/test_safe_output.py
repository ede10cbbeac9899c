"""Spreadsheet and terminal safety of user-controlled text."""

import csv
import io

from bot.safe_output import csv_cell, csv_text, printable


def test_formula_starts_are_neutralised_in_every_cell() -> None:
    rows = [["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain", 3]]
    text = csv_text(rows, header=["a", "b", "c", "d", "e", "f", "g", "h"])
    (row,) = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    assert row[0] == "'=cmd|' /C calc'!A0" and row[6] == "plain" and row[7] == "3"
    assert csv_cell(5) == 5


def test_printable_shows_escapes_instead_of_obeying_them() -> None:
    shown = printable("a\x1b[31mred\x9b\u202eevil\nnext")
    assert "\x1b" not in shown and "\x9b" not in shown and "\u202e" not in shown
    assert "\n" not in shown and "\\x1b[31mred" in shown and "\\u202e" in shown
    assert printable("a\nb", keep_newlines=True) == "a\nb"
    assert printable("naïve café") == "naïve café"

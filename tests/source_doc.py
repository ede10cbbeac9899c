"""A small parser of the source document (docs/source/aws-shared-responsibility-matrix.md), so that
tests derive what the knowledge must contain from the document itself rather than from lists
copied out of the YAML.

It reads the document's own Markdown conventions: `## ` sections, `### ` subsections, `- ` bullets,
`| … |` tables, and matrix cells made of `• ` bullets joined by `<br>`, grouped (ECS/Fargate) by
`**Label**:` lines separated by `<br><br>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

BOLD = re.compile(r"^\*\*(.+)\*\*$")


@dataclass(frozen=True)
class MatrixRow:
    label: str
    # per party: ((group label or None, (bullet, ...)), ...)
    aws: tuple[tuple[str | None, tuple[str, ...]], ...]
    customer: tuple[tuple[str | None, tuple[str, ...]], ...]


def unbold(text: str) -> str:
    m = BOLD.match(text.strip())
    return m.group(1) if m else text.strip()


def sections(text: str, marker: str = "## ") -> dict[str, list[str]]:
    """Lines under each heading that starts with `marker` (up to the next such heading)."""
    out: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        if line.startswith(marker):
            current = line[len(marker) :].strip()
            out[current] = []
        elif current is not None:
            if marker == "### " and line.startswith("## "):
                current = None
                continue
            out[current].append(line)
    return out


def table_rows(lines: list[str]) -> list[list[str]]:
    """The body rows of the first Markdown table in `lines`, cells stripped."""
    rows = [line for line in lines if line.startswith("|")]
    assert len(rows) >= 2 and set(rows[1].replace("|", "").strip()) <= {"-", ":", " "}, rows[:2]
    return [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows[2:]]


def table_header(lines: list[str]) -> list[str]:
    first = next(line for line in lines if line.startswith("|"))
    return [c.strip() for c in first.strip().strip("|").split("|")]


def bullets(lines: list[str], prefix: str = "- ") -> list[str]:
    return [line[len(prefix) :].strip() for line in lines if line.startswith(prefix)]


def parse_cell(cell: str) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
    groups = []
    for block in cell.split("<br><br>"):
        parts = block.split("<br>")
        label = None
        m = re.fullmatch(r"\*\*(.+)\*\*:", parts[0].strip())
        if m:
            label, parts = m.group(1), parts[1:]
        items = []
        for part in parts:
            part = part.strip()
            assert part.startswith("• "), f"not a bullet: {part!r}"
            items.append(part[2:])
        groups.append((label, tuple(items)))
    return tuple(groups)


def parse_matrix(markdown: str) -> list[MatrixRow]:
    """The rows of a "Service | AWS | Customer" table (the document's, or an export)."""
    lines = markdown.splitlines()
    assert table_header(lines) == ["Service", "AWS Responsibility", "Customer Responsibility"]
    out = []
    for cells in table_rows(lines):
        assert len(cells) == 3, cells
        out.append(MatrixRow(unbold(cells[0]), parse_cell(cells[1]), parse_cell(cells[2])))
    return out


class SourceDocument:
    def __init__(self, path: Path) -> None:
        self.text = path.read_text(encoding="utf-8")
        self.sections = sections(self.text)

    def section(self, name: str) -> list[str]:
        return self.sections[name]

    @property
    def matrix(self) -> list[MatrixRow]:
        return parse_matrix("\n".join(self.section("Detailed Responsibility Matrix")))

    @property
    def overview(self) -> list[tuple[str, str]]:
        """(label, text) of the "Shared Responsibility Overview" bullets."""
        out = []
        for b in bullets(self.section("Shared Responsibility Overview")):
            m = re.fullmatch(r"\*\*(.+?)\*\*: (.+)", b)
            assert m, b
            out.append((m.group(1), m.group(2)))
        return out

    def _sub(self, section: str) -> dict[str, list[str]]:
        return sections("\n".join(self.section(section)), "### ")

    @property
    def categories(self) -> list[dict]:
        out = []
        for heading, lines in self._sub("Responsibility Categories").items():
            m = re.fullmatch(r"(.+) \((.+)\)", heading)
            assert m, heading
            examples = next(x for x in lines if x.startswith("**Examples**: "))
            prose = [x for x in lines if x and not x.startswith(("**", "- ", "---"))]
            assert len(prose) == 1, prose
            out.append(
                {
                    "name": m.group(1),
                    "qualifier": m.group(2),
                    "examples": examples.removeprefix("**Examples**: "),
                    "lead": prose[0],
                    "points": bullets(lines),
                }
            )
        return out

    @property
    def principles(self) -> list[tuple[str, str]]:
        """(heading, text) of every "Key Principles" bullet, check marks removed."""
        out = []
        for heading, lines in self._sub("Key Principles").items():
            for b in bullets(lines):
                assert b.startswith("✅ "), b
                out.append((heading, b.removeprefix("✅ ")))
        return out

    @property
    def best_practices(self) -> dict[str, list[str]]:
        """Service heading (e.g. "EC2") -> its best practices."""
        return {
            h: bullets(lines)
            for h, lines in self._sub("Security Best Practices by Service").items()
        }

    @property
    def compliance(self) -> list[tuple[str, str, str]]:
        lines = self.section("Compliance Considerations")
        assert table_header(lines) == [
            "Compliance Aspect",
            "AWS Responsibility",
            "Customer Responsibility",
        ]
        return [(unbold(a), b, c) for a, b, c in table_rows(lines)]

    @property
    def compliance_lead(self) -> str:
        prose = [x for x in self.section("Compliance Considerations") if x and x[0] not in "|-"]
        assert len(prose) == 1, prose
        return prose[0]

    @property
    def summary(self) -> list[dict]:
        out = []
        for b in bullets(self.section("Summary")):
            m = re.fullmatch(r"\*\*(\w+) \((.+)\)\*\*: (.+) - (.+)", b)
            assert m, b
            out.append(
                {
                    "abbreviation": m.group(1),
                    "name": m.group(2),
                    "examples": m.group(3),
                    "description": m.group(4),
                }
            )
        return out

    @property
    def summary_lead(self) -> str:
        return next(x for x in self.section("Summary") if x and not x.startswith(("-", "**")))

    @property
    def takeaway(self) -> str:
        line = next(x for x in self.section("Summary") if x.startswith("**Key Takeaway**: "))
        return line.removeprefix("**Key Takeaway**: ")

    @property
    def references(self) -> list[tuple[str, str]]:
        out = []
        for b in bullets(self.section("References")):
            m = re.match(r"\[(.+)\]\((\S+)\)", b)
            assert m, b
            out.append((m.group(1), m.group(2)))
        return out

    @property
    def title(self) -> str:
        return next(x for x in self.text.splitlines() if x.startswith("# "))[2:].strip()

    @property
    def subtitle(self) -> str:
        return unbold(self.text.splitlines()[1])

    @property
    def intro(self) -> str:
        before = self.text.split("\n---\n", 1)[0].splitlines()
        prose = [x for x in before[2:] if x.strip()]
        assert len(prose) == 1, prose
        return prose[0]

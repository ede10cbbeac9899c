#!/usr/bin/env python3
"""Every repository path that README.md and docs/ name must exist (standard library only).

A path is named in inline code, a fenced or indented code block, or a relative Markdown link:
`knowledge/services/<slug>.yaml` (a placeholder matches any name), `tests/engine/heldout*.jsonl`
(a glob), `eval/score.py`. Absolute paths (`/healthz`, `/usr/lib/...`), URLs, `~/...` and things
that are not paths (`N/SECONDS`, `text|json`) are not checked. Also, nothing may point outside
the repository (`../`): a clone has only itself.

Usage: python3 .ci/check_paths.py [ROOT]; exit 1 and one `file:line: message` per problem.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

EXTENSIONS = (".py", ".md", ".yaml", ".yml", ".jsonl", ".json", ".toml", ".ini", ".csv", ".mako")
TOP_LEVEL = {"Procfile", "LICENSE", "manifest.yml", "alembic.ini", "pyproject.toml", "README.md"}
# Files srm or the README's own commands create; they are not in the repository.
CREATED = ("srm.db", "srm.db.knowledge.json", ".venv/", "export.md", "matrix.md")
CODE = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
SEGMENT = re.compile(r"^[A-Za-z0-9_.*<>-]+$")


def candidates(token: str) -> list[str]:
    """The path-like words of an inline code span or a line of a code block."""
    out = []
    for word in re.split(r"[\s'\"=(),;]+", token):
        word = word.rstrip(":.").removesuffix("/")
        if not word or "://" in word or word.startswith(("/", "~", "$", "-", *CREATED)):
            continue
        parts = word.split("/")
        if len(parts) == 1 and word not in TOP_LEVEL and not word.endswith(EXTENSIONS):
            continue
        if not all(SEGMENT.match(p) for p in parts):
            continue
        if all(p.isupper() or p.isdigit() for p in parts):  # N/SECONDS, 20/60
            continue
        if "." in parts[0] and len(parts) > 1 and not parts[0].startswith("."):
            continue  # a host name: srm.example.com/slack/events
        out.append(word)
    return out


def exists(root: Path, path: str) -> bool:
    pattern = re.sub(r"<[^>]*>", "*", path)
    if ".." in pattern.split("/"):
        return False
    if any(root.glob(pattern)):
        return True
    # Said in the context of its folder: "`reading.py`" under bot/engine/, "`services/<slug>.yaml`"
    # in the table of knowledge/.
    return any(
        not {".git", ".venv"} & set(p.relative_to(root).parts) for p in root.glob("**/" + pattern)
    )


def check(root: Path, doc: Path) -> list[str]:
    problems = []
    in_fence = False
    rel = doc.relative_to(root)
    for n, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
        if "../shared" in line:
            problems.append(f"{rel}:{n}: points at ../shared, which a clone does not have")
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith("    "):
            tokens = [line]
        else:
            tokens = CODE.findall(line)
        words = [w for t in tokens for w in candidates(t)]
        for link in LINK.findall(line):
            if "://" not in link and not link.startswith(("#", "mailto:")):
                base = doc.parent.relative_to(root)
                words.append(str((base / link.split("#")[0])))
        for word in words:
            # Names in a page under docs/ may be relative to that page or to the repository.
            if not (exists(root, word) or exists(doc.parent, word)):
                problems.append(f"{rel}:{n}: names {word}, which the repository does not have")
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else Path(__file__).resolve().parents[1]).resolve()
    docs = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
    problems = [p for doc in docs for p in check(root, doc)]
    for p in problems:
        print(p)
    if not problems:
        print(f"ok: every path named in {len(docs)} documents exists")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

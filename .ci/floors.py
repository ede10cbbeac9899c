"""Print pip constraints pinning every dependency of pyproject.toml to its lower bound.

    python .ci/floors.py [EXTRA …] > floors.txt
    pip install --constraint floors.txt -e '.[test]'

Each `name>=X` (of [project] dependencies and of the named optional extras) becomes `name==X`,
so CI installs the oldest versions the package says it supports and runs a smoke test on them.
A dependency without a `>=` floor is an error: every one must state what it needs.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(.*)$")


def floors(extras: list[str]) -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    pins = []
    for requirement in requirements:
        match = REQUIREMENT.match(requirement.split(";", 1)[0])
        if not match:
            raise SystemExit(f"floors: cannot read requirement {requirement!r}")
        name, spec = match.groups()
        floor = re.search(r">=\s*([0-9][0-9A-Za-z.]*)", spec)
        if not floor:
            raise SystemExit(f"floors: {name} has no >= lower bound")
        pins.append(f"{name}=={floor.group(1)}")
    return pins


if __name__ == "__main__":
    print("\n".join(floors(sys.argv[1:])))

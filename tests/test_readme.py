"""The README against the code: its command table lists every `srm` command (click's own tree),
its configuration table every environment variable the code reads (found in the source, so a new
setting anywhere in bot/ shows up here), and every path it and docs/ name exists
(.ci/check_paths.py, which CI also runs)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import click

from bot.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{2,}$")


def leaf_commands(group: click.Group, prefix: str = "srm") -> set[str]:
    out: set[str] = set()
    for name, command in group.commands.items():
        if command.hidden:
            continue
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            out |= leaf_commands(command, path)
        else:
            out.add(path)
    return out


def tables(text: str, first_header: str) -> list[list[str]]:
    """The first cells of every row of each Markdown table whose first column is `first_header`."""
    rows: list[list[str]] = []
    lines = text.splitlines()

    def first_cell(line: str) -> str:
        return re.split(r"(?<!\\)\|", line.strip().strip("|"))[0].strip()  # `a\|b` is one cell

    for i, line in enumerate(lines):
        cells = [first_cell(line)]
        if line.startswith("|") and cells[0] == first_header and i + 1 < len(lines):
            table = []
            for row in lines[i + 2 :]:
                if not row.startswith("|"):
                    break
                table.append(first_cell(row))
            rows.append(table)
    return rows


def readme_commands() -> set[str]:
    found = set()
    for table in tables(README, "command"):
        for cell in table:
            code = re.findall(r"`([^`]+)`", cell)
            if not code or not code[0].startswith("srm "):
                continue
            words = []
            for word in code[0].split():
                if not re.match(r"^[a-z][a-z-]*$", word):
                    break  # an argument (QUESTION…, [DIR]) or an option (--json)
                words.append(word)
            found.add(" ".join(words))
    return found


def readme_variables() -> set[str]:
    return {
        name
        for table in tables(README, "variable")
        for cell in table
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)
    }


def _is_env_read(node: ast.Call) -> bool:
    """os.environ.get(...), os.getenv(...), env.get(...) on a mapping of the environment, or a
    module's own get(name) helper (as bot/slack/settings.py has)."""
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in ("get", "getenv")
    if isinstance(func, ast.Attribute) and func.attr in ("get", "getenv"):
        owner = ast.unparse(func.value)
        return owner in ("os.environ", "os", "env", "environ_vars")
    return False


def code_variables() -> set[str]:
    """Every environment variable bot/ reads: literal names passed to an environment read, and
    the values of module constants named *_ENV (how bot/ops names its settings)."""
    found: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_env_read(node) and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
            elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
                if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                    found.add(node.slice.value)
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id.endswith("_ENV"):
                        found.add(str(node.value.value))
    return {name for name in found if ENV_NAME.match(name)}


def test_the_command_table_lists_every_command_and_only_those() -> None:
    commands = leaf_commands(main)
    assert {"srm ask", "srm serve", "srm db upgrade", "srm knowledge load"} <= commands
    listed = readme_commands()
    assert commands - listed == set(), "add these to the README's command table"
    assert listed - commands == set(), "the README lists commands srm does not have"


def test_every_command_is_in_srm_help() -> None:
    # `srm --help` and `srm GROUP --help` show each command of the tree compared above.
    for group_path in {" ".join(c.split()[:-1]) for c in leaf_commands(main)}:
        args = group_path.split()[1:]
        shown = subprocess.run(
            [sys.executable, "-m", "bot", *args, "--help"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert shown.returncode == 0, shown.stderr
        for command in leaf_commands(main):
            if " ".join(command.split()[:-1]) == group_path:
                assert re.search(rf"^\s+{command.split()[-1]}\b", shown.stdout, re.M), command


def test_the_configuration_table_lists_every_variable_the_code_reads() -> None:
    read = code_variables()
    assert {"DATABASE_URL", "SLACK_BOT_TOKEN", "SRM_KNOWLEDGE_DIR", "LOG_LEVEL"} <= read
    listed = readme_variables()
    assert read - listed == set(), "add these to the README's configuration table"
    assert listed - read == set(), "the README lists variables the code does not read"


def test_the_readme_and_docs_name_only_paths_the_repository_has() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "check_paths.py"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout
    assert "../shared" not in README


def test_the_path_check_finds_a_missing_path(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text(
        "Run `python3 eval/score.py` and read [the page](docs/gone.md), "
        "`../shared/docs/interface.md`.\n"
    )
    done = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "check_paths.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "names eval/score.py" in done.stdout and "names docs/gone.md" in done.stdout
    assert "points at ../shared" in done.stdout


def test_license_matches_the_package_metadata() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert project["urls"] and all(u.startswith("https://") for u in project["urls"].values())

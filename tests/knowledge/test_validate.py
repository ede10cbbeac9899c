"""Broken copies of the knowledge: each problem is one `file:line: message` line that points at
the offending line, every problem is reported in one run, and the exit status is 1. The file is a
path a terminal opens: relative to the current directory (here: the knowledge copy's parent, as
the CLI runs in tmp_path), or absolute outside it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.knowledge.validate import validate_dir

PROBLEM = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+): (?P<message>.+)$")


@dataclass(frozen=True)
class Breakage:
    """Replace `old` (exactly one occurrence) by `new` in `file`; expect `message` on the line
    of `token` (which `new` has and `old` lacks)."""

    id: str
    file: str
    old: str
    new: str
    token: str
    message: str  # a regex
    also: tuple[str, ...] = ()  # further problems this breakage rightly causes (regexes)


BREAKAGES = [
    Breakage(
        "typo_key",
        "services/cloudfront.yaml",
        "\ndocs_url:",
        "\ndocs_ulr:",
        "docs_ulr",
        r"unknown key 'docs_ulr'",
        also=(r"^knowledge/services/cloudfront\.yaml:\d+: missing key 'docs_url'$",),
    ),
    Breakage(
        "duplicate_alias",
        "services/s3.yaml",
        "\n- buckets\n",
        "\n- buckets\n- dynamo\n",
        "- dynamo",
        r"alias 'dynamo' is already claimed by service 'dynamodb' "
        r"\(knowledge/services/dynamodb\.yaml:\d+\)",
    ),
    Breakage(
        "non_list_duty_field",
        "services/ec2.yaml",
        "  - text: Backup and snapshot management\n    topics: [backup]\n",
        "  - text: Backup and snapshot management\n    topics: backup\n",
        "topics: backup",
        r"duties\.customer\[\d+\]\.topics: must be a list",
    ),
    Breakage(
        "non_list_duty_side",
        "services/kms.yaml",
        "\n  aws:\n",
        "\n  aws: Hardware Security Module (HSM) management\n  aws_list:\n",
        "aws: Hardware",
        r"duties\.aws: must be a list",
        also=(
            r"^knowledge/services/kms\.yaml:\d+: duties: unknown key 'aws_list'"
            r" \(did you mean 'aws'\?\)$",
        ),
    ),
    Breakage(
        "unknown_topic",
        "services/lambda.yaml",
        "  - text: Runtime environment patching\n    topics: [",
        "  - text: Runtime environment patching\n    topics: [bogus-topic, ",
        "bogus-topic",
        r"unknown topic tag 'bogus-topic'",
    ),
    Breakage(
        "empty_list",
        "compliance.yaml",
        "  - aspect: Audit Logs\n    aws: Provide CloudTrail service\n"
        "    customer: Enable and analyze CloudTrail logs\n    topics: [logging]\n",
        "  - aspect: Audit Logs\n    aws: Provide CloudTrail service\n"
        "    customer: Enable and analyze CloudTrail logs\n    topics: []\n",
        "topics: []",
        r"rows\[2\]\.topics: must not be empty",
    ),
    Breakage(
        "invalid_yaml",
        "services/iam.yaml",
        "\nname: IAM\n",
        "\nname: IAM: oops\n",
        "IAM: oops",
        r"invalid YAML: .+",
    ),
    Breakage(
        "duplicate_slug",
        "services/rds.yaml",
        "\nslug: rds\n",
        "\nslug: ebs\n",
        "slug: ebs",
        r"service slug 'ebs' is already used by services/ebs\.yaml",
        # True as well: no file is now the service 'rds' that pack.yaml lists.
        also=(r"^knowledge/pack\.yaml:\d+: no service file for 'rds'$",),
    ),
    Breakage(
        "duplicate_key",
        "services/vpc.yaml",
        "\nfull_name: ",
        "\nname: VPC again\nfull_name: ",
        "name: VPC again",
        r"key 'name' appears twice",
    ),
]


def break_copy(root: Path, b: Breakage) -> int:
    """Apply a breakage to a knowledge copy; return the 1-based number of the line that holds
    the breakage's token (the line a good report points at)."""
    path = root / b.file
    text = path.read_text(encoding="utf-8")
    assert text.count(b.old) == 1, f"{b.id}: the knowledge changed; pick another spot"
    assert b.token in b.new and b.token not in b.old, b.id
    at = text.index(b.old) + b.new.index(b.token)
    broken = text.replace(b.old, b.new)
    path.write_text(broken, encoding="utf-8")
    return broken[:at].count("\n") + 1


def problems_of(stdout: str) -> list[re.Match[str]]:
    lines = stdout.splitlines()
    matches = [PROBLEM.match(line) for line in lines]
    assert all(matches), f"not all lines are file:line: message:\n{stdout}"
    return matches  # type: ignore[return-value]


def assert_reported(root: Path, b: Breakage, line: int, found: list[re.Match[str]]) -> None:
    shown = os.path.relpath(root / b.file, Path.cwd())
    hits = [m for m in found if m["file"] == shown and re.search(b.message, m["message"])]
    assert hits, f"{b.id}: no problem {b.message!r} in {b.file}: {[m[0] for m in found]}"
    assert [int(m["line"]) for m in hits] == [line], f"{b.id}: wrong line {[m[0] for m in hits]}"
    offending = (root / b.file).read_text(encoding="utf-8").splitlines()[line - 1]
    assert b.token in offending, f"{b.id}: line {line} is {offending!r}"


def expected_lines(b: Breakage) -> int:
    return 1 + len(b.also)


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.id)
def test_each_breakage_is_one_precise_line(
    breakage: Breakage, knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In-process for speed, from where the CLI runs; test_all_problems_are_reported_at_once
    # shows that the CLI prints exactly these lines.
    monkeypatch.chdir(knowledge_copy.parent)
    line = break_copy(knowledge_copy, breakage)
    result = validate_dir(knowledge_copy)
    assert not result.ok and result.knowledge is None
    found = problems_of("\n".join(str(p) for p in result.problems))
    assert_reported(knowledge_copy, breakage, line, found)
    others = [m[0] for m in found if not re.search(breakage.message, m["message"])]
    assert len(others) == len(breakage.also), others
    for pattern in breakage.also:
        assert any(re.search(pattern, o) for o in others), (pattern, others)


def test_all_problems_are_reported_at_once(
    knowledge_copy: Path, run_srm, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(knowledge_copy.parent)  # where run_srm runs srm
    lines = {b.id: break_copy(knowledge_copy, b) for b in BREAKAGES}
    done = run_srm("knowledge", "validate", str(knowledge_copy))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"srm: {len(done.stdout.splitlines())} problems in the knowledge folder "
        "knowledge (the folder given)"
    ]
    found = problems_of(done.stdout)
    for b in BREAKAGES:
        assert_reported(knowledge_copy, b, lines[b.id], found)
    assert len(found) == sum(expected_lines(b) for b in BREAKAGES), done.stdout
    # The same problems in-process, for callers other than the CLI (srm knowledge load).
    result = validate_dir(knowledge_copy)
    assert result.knowledge is None and not result.ok
    assert [str(p) for p in result.problems] == done.stdout.splitlines()


def test_duplicate_alias_names_both_places(knowledge_copy: Path) -> None:
    b = next(b for b in BREAKAGES if b.id == "duplicate_alias")
    break_copy(knowledge_copy, b)
    (problem,) = validate_dir(knowledge_copy).problems
    first = re.search(r"\(([^:]+):(\d+)\)", problem.message)
    assert first
    other = Path(first[1]).read_text(encoding="utf-8").splitlines()
    assert other[int(first[2]) - 1].strip() == "- dynamo"


def test_an_alias_that_takes_another_services_name_is_reported_where_it_was_added(
    knowledge_copy: Path,
) -> None:
    # dynamodb.yaml sorts before s3.yaml, so file order alone would blame s3's own slug line.
    path = knowledge_copy / "services" / "dynamodb.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n- ddb\n", "\n- ddb\n- s3\n"), encoding="utf-8")
    (problem,) = validate_dir(knowledge_copy).problems
    assert problem.file == "services/dynamodb.yaml"
    assert path.read_text(encoding="utf-8").splitlines()[problem.line - 1] == "- s3"
    first = re.search(r"claimed by service 's3' \(([^:]+):(\d+)\)", problem.message)
    assert first, problem.message
    cited = Path(first[1]).read_text(encoding="utf-8").splitlines()[int(first[2]) - 1]
    assert cited == "slug: s3"


@pytest.mark.parametrize(
    ("old", "new", "suggested"),
    [
        ("\ndocs_url:", "\ndocs_ulr:", "docs_url"),
        ("\n  aws:\n", "\n  asw:\n", "aws"),
        ("\n    topics: [", "\n    topic: [", "topics"),
    ],
)
def test_an_unknown_key_suggests_the_nearest_known_one(
    knowledge_copy: Path, old: str, new: str, suggested: str
) -> None:
    path = knowledge_copy / "services" / "kms.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    messages = [p.message for p in validate_dir(knowledge_copy).problems]
    typo = new.split(":")[0].strip()
    assert any(f"unknown key '{typo}' (did you mean '{suggested}'?)" in m for m in messages), (
        messages
    )


def test_problems_name_paths_a_terminal_opens(
    knowledge_copy: Path, tmp_path: Path, run_srm
) -> None:
    b = next(b for b in BREAKAGES if b.id == "typo_key")
    break_copy(knowledge_copy, b)
    inside = run_srm("knowledge", "validate", "knowledge", cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outside = run_srm("knowledge", "validate", str(knowledge_copy), cwd=elsewhere)
    for done, cwd in ((inside, tmp_path), (outside, elsewhere)):
        assert done.returncode == 1
        for m in problems_of(done.stdout):
            assert (cwd / m["file"]).is_file(), m[0]  # an absolute path ignores cwd
    assert all(m["file"].startswith("knowledge/") for m in problems_of(inside.stdout))
    assert all(m["file"].startswith("/") for m in problems_of(outside.stdout))


def test_a_missing_folder_or_file_is_a_problem_not_a_crash(
    knowledge_copy: Path, tmp_path: Path, run_srm
) -> None:
    done = run_srm("knowledge", "validate", str(tmp_path / "nowhere"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert problems_of(done.stdout)
    (knowledge_copy / "topics.yaml").unlink()
    done = run_srm("knowledge", "validate", str(knowledge_copy))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert [m[0] for m in problems_of(done.stdout)] == ["knowledge/topics.yaml:1: missing file"]

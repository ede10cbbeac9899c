"""Broken copies of the knowledge: each problem is one `file:line: message` line that points at
the offending line, every problem is reported in one run, and the exit status is 1."""

from __future__ import annotations

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
        also=(r"^services/cloudfront\.yaml:\d+: missing key 'docs_url'$",),
    ),
    Breakage(
        "duplicate_alias",
        "services/s3.yaml",
        "\n- buckets\n",
        "\n- buckets\n- dynamo\n",
        "- dynamo",
        r"alias 'dynamo' is already claimed by service 'dynamodb' \(services/dynamodb\.yaml:\d+\)",
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
        also=(r"^services/kms\.yaml:\d+: duties: unknown key 'aws_list'$",),
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
        also=(r"^pack\.yaml:\d+: no service file for 'rds'$",),
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
    hits = [m for m in found if m["file"] == b.file and re.search(b.message, m["message"])]
    assert hits, f"{b.id}: no problem {b.message!r} in {b.file}: {[m[0] for m in found]}"
    assert [int(m["line"]) for m in hits] == [line], f"{b.id}: wrong line {[m[0] for m in hits]}"
    offending = (root / b.file).read_text(encoding="utf-8").splitlines()[line - 1]
    assert b.token in offending, f"{b.id}: line {line} is {offending!r}"


def expected_lines(b: Breakage) -> int:
    return 1 + len(b.also)


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.id)
def test_each_breakage_is_one_precise_line(breakage: Breakage, knowledge_copy: Path) -> None:
    # In-process for speed; test_all_problems_are_reported_at_once shows that the CLI prints
    # exactly these lines.
    line = break_copy(knowledge_copy, breakage)
    result = validate_dir(knowledge_copy)
    assert not result.ok and result.knowledge is None
    found = problems_of("\n".join(str(p) for p in result.problems))
    assert_reported(knowledge_copy, breakage, line, found)
    others = [m[0] for m in found if not re.search(breakage.message, m["message"])]
    assert len(others) == len(breakage.also), others
    for pattern in breakage.also:
        assert any(re.search(pattern, o) for o in others), (pattern, others)


def test_all_problems_are_reported_at_once(knowledge_copy: Path, run_srm) -> None:
    lines = {b.id: break_copy(knowledge_copy, b) for b in BREAKAGES}
    done = run_srm("knowledge", "validate", str(knowledge_copy))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
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
    first = re.search(r"\((services/[^:]+):(\d+)\)", problem.message)
    assert first
    other = (knowledge_copy / first[1]).read_text(encoding="utf-8").splitlines()
    assert other[int(first[2]) - 1].strip() == "- dynamo"


def test_a_missing_folder_or_file_is_a_problem_not_a_crash(
    knowledge_copy: Path, tmp_path: Path, run_srm
) -> None:
    done = run_srm("knowledge", "validate", str(tmp_path / "nowhere"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert problems_of(done.stdout)
    (knowledge_copy / "topics.yaml").unlink()
    done = run_srm("knowledge", "validate", str(knowledge_copy))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert [m[0] for m in problems_of(done.stdout)] == ["topics.yaml:1: missing file"]

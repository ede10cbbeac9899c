"""Overlay validation: every problem is one `file:line: message` line pointing at the line that
has it, all of them in one run; a good overlay builds the rules with their lines."""

from __future__ import annotations

import re

import pytest

from bot.owners.validate import validate_file
from tests.owners.conftest import EXAMPLE_OVERLAY, INTERFACE_OVERLAY

PROBLEM = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+): (?P<message>.+)$")

GOOD_RULE = """\
  - match: {service: kms, duty: "Key rotation configuration"}
    team: crypto
    channel: C0CRYPTO01
"""


def _problems(path, knowledge) -> list[tuple[int, str]]:
    result = validate_file(path, knowledge, name="owners.yaml")
    assert not result.ok and result.overlay is None
    out = []
    for p in result.problems:
        m = PROBLEM.match(str(p))
        assert m, str(p)
        assert m["file"] == "owners.yaml"
        out.append((int(m["line"]), m["message"]))
    return out


def test_the_interface_example_and_the_repository_example_are_valid(knowledge) -> None:
    for path in (INTERFACE_OVERLAY, EXAMPLE_OVERLAY):
        result = validate_file(path, knowledge)
        assert result.problems == [], path
        assert result.ok
    interface = validate_file(INTERFACE_OVERLAY, knowledge).overlay
    assert interface is not None
    assert [r.team for r in interface.rules] == ["crypto", "platform", "app-platform"]
    assert [r.line for r in interface.rules] == [6, 12, 15]
    assert interface.defaults is not None and interface.defaults.line == 2
    assert interface.rules[0].usergroup == "S0CRYPTO01"


def test_a_broken_overlay_gets_one_line_per_problem_at_its_line(knowledge, write_overlay) -> None:
    path = write_overlay(
        "version: 1\n"  # 1
        "rules:\n"  # 2
        '  - match: {service: kms, duty: "Key rotation configuraton"}\n'  # 3 unknown duty
        "    team: crypto\n"  # 4
        "    channel: C0CRYPTO01\n"  # 5
        "  - match: {topic: patching}\n"  # 6
        "    team: platform\n"  # 7
        '    channel: "#platform"\n'  # 8 a channel by name
        "  - match: {service: s3}\n"  # 9
        "    team: data\n"  # 10
        "    chanel: C0DATAPLAT\n"  # 11 unknown key
    )
    problems = _problems(path, knowledge)
    assert len(problems) == 3, problems
    by_line = dict(problems)
    assert "no duty of kms is worded 'Key rotation configuraton'" in by_line[3]
    assert "'#platform' is a channel name" in by_line[8]
    assert "unknown key 'chanel'" in by_line[11]


@pytest.mark.parametrize(
    ("rule", "line", "message"),
    [
        ("  - match: {service: kmss}\n    team: t\n", 3, r"unknown service 'kmss'"),
        ("  - match: {topic: patchin}\n    team: t\n", 3, r"unknown topic 'patchin'"),
        (
            "  - match: {service: ecs, launch_type: lambda}\n    team: t\n",
            3,
            r"ecs has no launch type 'lambda'",
        ),
        ("  - match: {launch_type: fargate}\n    team: t\n", 3, r"launch_type needs the service"),
        ("  - match: {}\n    team: t\n", 3, r"match names nothing"),
        ("  - match: {colour: red}\n    team: t\n", 3, r"unknown key 'colour'"),
        ("  - match: {service: s3}\n    channel: C0DATAPLAT\n", 3, r"missing key 'team'"),
        ("  - match: {service: s3}\n    team: t\n    channel: platform\n", 5, r"channel name"),
        ("  - match: {service: s3}\n    team: t\n    channel: X123\n", 5, r"not a Slack channel"),
        ("  - match: {service: s3}\n    team: t\n    usergroup: crypto\n", 5, r"user group ID"),
        (
            "  - match: {service: s3}\n    team: t\n    oncall_url: ftp://x.example/a\n",
            5,
            r"not an http\(s\) URL",
        ),
        (
            "  - match: {service: s3}\n    team: t\n    runbook_url: javascript:alert(1)\n",
            5,
            r"not an http\(s\) URL",
        ),
        ("  - match: {service: s3}\n    team: '<!channel>'\n", 4, r"not a team name"),
        (
            '  - match: {duty: "Hypervisor patching and security"}\n    team: t\n',
            3,
            r"is an AWS duty",
        ),
        ("  - match: {service: kms, topic: os}\n    team: t\n", 3, r"matches no customer duty"),
        ("  - match: {control: S3.99}\n    team: t\n", 3, r"unknown control 'S3.99'"),
        ("  - match: {service: 3}\n    team: t\n", 3, r"must be text"),
    ],
)
def test_each_kind_of_problem(knowledge, write_overlay, rule, line, message) -> None:
    path = write_overlay("version: 1\nrules:\n" + rule)
    problems = _problems(path, knowledge)
    assert len(problems) == 1, problems
    assert problems[0][0] == line, problems
    assert re.search(message, problems[0][1]), problems


def test_file_level_problems(knowledge, write_overlay) -> None:
    assert _problems(write_overlay(""), knowledge) == [(1, "file is empty")]
    assert _problems(write_overlay("version: 2\nrules: []\n"), knowledge) == [
        (1, "version: must be 1")
    ]
    assert _problems(write_overlay("rules: []\n"), knowledge)[0][1] == "missing key 'version'"
    assert (
        "appears twice"
        in _problems(write_overlay("version: 1\nversion: 1\nrules:\n" + GOOD_RULE), knowledge)[0][1]
    )
    assert _problems(write_overlay("version: 1\nrules: [\n"), knowledge)[0][1].startswith(
        "invalid YAML"
    )
    assert _problems(write_overlay("version: 1\ndefaults: {channel: C0SECHELP1}\n"), knowledge)[
        0
    ] == (2, "defaults: missing key 'team'")

"""The resolver: the interface's specificity order, the later rule among equals, defaults last,
and the rule (FILE:LINE) that decided each customer duty."""

from __future__ import annotations

from bot.owners.resolve import Owners
from bot.owners.validate import validate_file
from tests.owners.conftest import INTERFACE_OVERLAY


def _owners(knowledge, write_overlay, text: str) -> Owners:
    result = validate_file(write_overlay(text), knowledge)
    assert result.ok, result.problems
    return Owners(result.overlay, knowledge, version=1)


def _team(owners: Owners, service: str, text: str, lt: str | None = None) -> str | None:
    owner = owners.owner_of(service, lt, text)
    return owner.team if owner else None


def test_the_interface_example(knowledge) -> None:
    overlay = validate_file(INTERFACE_OVERLAY, knowledge).overlay
    owners = Owners(overlay, knowledge, version=1)
    rotation = owners.owner_of("kms", None, "Key rotation configuration")
    assert rotation is not None
    assert (rotation.team, rotation.channel, rotation.usergroup) == (
        "crypto",
        "C0CRYPTO01",
        "S0CRYPTO01",
    )
    assert rotation.rule == "interface.yaml:6"
    assert _team(owners, "ec2", "Operating system patching and updates") == "platform"
    # ECS on EC2 patches its hosts: topic patching (rank 1) is all that matches it.
    assert _team(owners, "ecs", "EC2 instance OS patching", "ec2") == "platform"
    # ECS on Fargate: service with launch type (rank 3) beats topic patching (rank 1).
    assert _team(owners, "ecs", "Container images and vulnerabilities", "fargate") == "app-platform"
    # Everything else falls to the defaults, cited by their line.
    other = owners.owner_of("s3", None, "Bucket policies and access controls")
    assert other is not None and (other.team, other.rule) == ("cloud-security", "interface.yaml:2")
    assert owners.gaps() == []
    assert len(owners.decisions()) == 87


def test_specificity_order_whatever_the_order_in_the_file(knowledge, write_overlay) -> None:
    # Least specific last in the file: were the later rule to win regardless, it would own all.
    owners = _owners(
        knowledge,
        write_overlay,
        (
            "version: 1\nrules:\n"
            '  - match: {duty: "Key rotation configuration"}\n    team: by-duty\n'
            "  - match: {service: kms, topic: keys}\n    team: by-topic-and-service\n"
            "  - match: {service: ecs, launch_type: ec2}\n    team: by-launch-type\n"
            "  - match: {service: kms}\n    team: by-service\n"
            "  - match: {topic: keys}\n    team: by-topic\n"
        ),
    )
    assert _team(owners, "kms", "Key rotation configuration") == "by-duty"
    assert _team(owners, "kms", "Key policies and access controls") == "by-topic-and-service"
    assert _team(owners, "kms", "Data encryption implementation in applications") == "by-service"
    assert _team(owners, "iam", "Access key rotation") == "by-topic"
    assert _team(owners, "ecs", "Host security configuration", "ec2") == "by-launch-type"
    # No rule, no defaults: a gap.
    assert _team(owners, "s3", "Bucket policies and access controls") is None
    gaps = {(g.service, g.duty) for g in owners.gaps()}
    assert ("s3", "Bucket policies and access controls") in gaps
    assert ("kms", "Key rotation configuration") not in gaps


def test_a_control_rule_ranks_above_topic_with_service(knowledge, write_overlay) -> None:
    owners = _owners(
        knowledge,
        write_overlay,
        "version: 1\nrules:\n"
        "  - match: {control: S3.8}\n    team: by-control\n"
        "  - match: {service: s3, topic: access}\n    team: by-topic-and-service\n",
    )
    # S3.8 tests the bucket-policy duty; the other S3 access duty has no S3.8.
    assert _team(owners, "s3", "Bucket policies and access controls") == "by-control"
    assert _team(owners, "s3", "IAM policies for user/role access") == "by-topic-and-service"


def test_among_equals_the_later_rule_wins(knowledge, write_overlay) -> None:
    owners = _owners(
        knowledge,
        write_overlay,
        (
            "version: 1\nrules:\n"
            "  - match: {service: s3}\n    team: first\n"
            "  - match: {service: s3}\n    team: second\n"
        ),
    )
    owner = owners.owner_of("s3", None, "Bucket policies and access controls")
    assert owner is not None and (owner.team, owner.rule) == ("second", "owners.yaml:5")


def test_without_an_overlay_nobody_owns_anything(knowledge) -> None:
    owners = Owners(None, knowledge)
    assert not owners.loaded
    assert owners.owner_of("kms", None, "Key rotation configuration") is None
    assert len(owners.gaps()) == len(owners.decisions()) == 87

"""The engine on questions written for it (misspellings, compare, launch types, unknowns) and on
the shared tuning questions, judged by the rules of eval/README.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine import INTENTS, Answer, Index, answer

HERE = Path(__file__).resolve().parent
CASES = [json.loads(line) for line in (HERE / "cases.jsonl").read_text().splitlines() if line]


def judge(label: dict, got: Answer) -> list[str]:
    """Why `got` is wrong for `label` (empty when right), by the scorer's rules."""
    why = []
    if got.intent not in label["intent"]:
        why.append(f"intent {got.intent} not in {label['intent']}")
    if got.intent == "unknown" and got.verdict is not None:
        why.append("unknown answer with a verdict")
    services = label.get("services") or []
    if services:
        if not got.services or got.services[0] not in services:
            why.append(f"first service {got.services[:1]} not in {services}")
        if got.intent == "compare" and "compare" in label["intent"]:
            missing = set(services) - set(got.services)
            if missing:
                why.append(f"compare misses {missing}")
    if label.get("variant") and got.variant != label["variant"]:
        why.append(f"variant {got.variant} != {label['variant']}")
    if label.get("verdict") and got.intent == "who" and got.verdict not in label["verdict"]:
        why.append(f"verdict {got.verdict} not in {label['verdict']}")
    evidence = [e.lower() for e in label.get("evidence") or []]
    if evidence:
        top = [i.text.lower() for i in got.items[:3]]
        if not any(e in t for e in evidence for t in top):
            why.append(f"no evidence in top 3: {top}")
    return why


@pytest.mark.parametrize("label", CASES, ids=[c["q"][:40] or "(empty)" for c in CASES])
def test_answers_written_cases(index: Index, label: dict) -> None:
    got = answer(index, label["q"])
    assert judge(label, got) == []


def test_shared_tuning_questions_reach_the_bar(index: Index, tuning_questions: list[dict]) -> None:
    wrong = {q["q"]: judge(q, answer(index, q["q"])) for q in tuning_questions}
    wrong = {q: w for q, w in wrong.items() if w}
    accuracy = 1 - len(wrong) / len(tuning_questions)
    assert accuracy >= 0.95, wrong


def test_unknown_questions_never_get_a_confident_card(
    index: Index, tuning_questions: list[dict]
) -> None:
    for q in tuning_questions + CASES:
        if q["intent"] == ["unknown"]:
            got = answer(index, q["q"])
            assert got.intent in ("unknown", "help"), q["q"]
            assert got.unsure


def test_who_answers_cite_duties_of_the_named_side(index: Index) -> None:
    got = answer(index, "who patches RDS?")
    assert got.verdict == "aws"
    assert got.items[0].party == "aws" and got.items[0].service == "rds"
    shared = answer(index, "who handles MFA for IAM, aws or us?")
    assert shared.verdict == "shared"
    assert {shared.items[0].party, shared.items[1].party} == {"aws", "customer"}


def test_launch_types_give_different_answers(index: Index) -> None:
    fargate = answer(index, "who patches the os on fargate?")
    on_ec2 = answer(index, "who patches the os for ecs on ec2?")
    assert (fargate.variant, fargate.verdict) == ("fargate", "aws")
    assert (on_ec2.variant, on_ec2.verdict) == ("ec2", "customer")


def test_misspelt_service_is_read_but_lowers_confidence(index: Index) -> None:
    exact = answer(index, "who encrypts lambda env vars")
    typo = answer(index, "who encrypts lamda env vars")
    assert exact.services == typo.services == ("lambda",)
    assert typo.confidence < exact.confidence


def test_any_text_gets_an_answer(index: Index) -> None:
    odd = [
        "x" * 20000,
        "who patches rds? " * 1000,
        "\x00\x07\x1b[31m who patches rds",
        "🔥🔥🔥 s3 🔥",
        "مرحبا من يصلح RDS؟",
        "<!channel> <!here> <@U123> & ec2",
        "   ",
        "-",
        "'; DROP TABLE duties; --",
    ]
    for text in odd:
        got = answer(index, text)
        assert got.intent in INTENTS
        assert 0.0 <= got.confidence <= 1.0


# Each blind set (written by people who never saw the engine) and the accuracy it must keep:
# its figure now, so that no later change loses ground on it (the README's table).
BLIND_SETS = {
    "heldout.jsonl": 1.0,
    "heldout2.jsonl": 0.99,
    "heldout3.jsonl": 1.0,
    "heldout4.jsonl": 1.0,
    "heldout5.jsonl": 0.97,
    "heldout6.jsonl": 0.97,
    "heldout7.jsonl": 0.99,
    "heldout8.jsonl": 0.98,
    "heldout9.jsonl": 0.97,
    "heldout10.jsonl": 0.95,
    "heldout11.jsonl": 0.98,
    "heldout12.jsonl": 0.96,
    "heldout13.jsonl": 0.95,
    "heldout14.jsonl": 0.97,
    "heldout15.jsonl": 0.97,
    "heldout16.jsonl": 0.94,
    "heldout17.jsonl": 0.98,
    "heldout18.jsonl": 0.97,
    "heldout19.jsonl": 0.98,
    "heldout20.jsonl": 0.96,
    "heldout21.jsonl": 0.97,
    "heldout22.jsonl": 0.95,
    "heldout23.jsonl": 0.96,
    "heldout24.jsonl": 0.95,
    "heldout25.jsonl": 0.93,
    "heldout26.jsonl": 0.93,
    "heldout27.jsonl": 0.96,
    "heldout28.jsonl": 0.93,
    "heldout29.jsonl": 0.9,
    "heldout30.jsonl": 0.97,
    "heldout31.jsonl": 0.93,
    "heldout32.jsonl": 0.88,
    "heldout33.jsonl": 0.95,
    "heldout34.jsonl": 0.93,
    "heldout35.jsonl": 0.93,
    "heldout36.jsonl": 0.9,
    "heldout37.jsonl": 0.88,
    "heldout38.jsonl": 0.94,
    # Sets 39 and 40 were first scored on the engine after the 2026-12-02 review (90.0%, 88.9%).
    "heldout39.jsonl": 0.92,
    "heldout40.jsonl": 0.92,
    # Sets 41 and 42 were first scored on the engine as the 2026-12-03 round began (90.4%, 92.1%).
    "heldout41.jsonl": 0.93,
    "heldout42.jsonl": 0.93,
    # Sets 44 and 45 were first scored on the engine as the 2026-12-04 round began (89.3%,
    # 89.6%); sets 46 and 47 once on the engine frozen after that round (92.9%, 89.6%).
    "heldout44.jsonl": 0.94,
    "heldout45.jsonl": 0.92,
    "heldout46.jsonl": 0.92,
    "heldout47.jsonl": 0.89,
    # Sets 48 and 49 were scored once on the round's final engine (92.1%, 93.9%).
    "heldout48.jsonl": 0.92,
    "heldout49.jsonl": 0.93,
}


KNOWN_CONFIDENT_UNKNOWNS = {
    # Sets 15 to 30: products the knowledge lacks named beside a covered word ("step functions
    # state machine iam role"), the company's own things sharing a duty's word (an NDA
    # "signed", GitHub "policies"), limits no off-topic word names ("how long is normal" for
    # CloudFront invalidations), and advice or pricing asked through a service's own terms
    # ("partition key", "on-demand vs provisioned", "the dynamodb migration ticket").
    # Sets 31 to 38: an uncovered product in front of a covered one ("dax cluster in front of
    # dynamo", "eks worker nodes … node ami"), the office and its people ("who's presenting at
    # the security review", "the key to the server room"), figures asked of a covered service
    # (a p99 latency, a request rate, what is free, the most iops), another company's keys.
    # (Rules that answered some of these were taken out in review: their words were the
    # questions' own, or they turned ordinary covered questions away.)
    "heldout15.jsonl": 1,
    "heldout16.jsonl": 1,
    "heldout22.jsonl": 1,
    "heldout23.jsonl": 1,
    "heldout28.jsonl": 2,
    "heldout29.jsonl": 2,
    "heldout31.jsonl": 2,
    "heldout32.jsonl": 2,
    "heldout33.jsonl": 2,
    "heldout34.jsonl": 2,
    "heldout35.jsonl": 3,
    "heldout36.jsonl": 4,
    "heldout37.jsonl": 5,
    "heldout38.jsonl": 1,
    "heldout39.jsonl": 1,
    "heldout40.jsonl": 3,
    # Set 42: an SNS topic's encryption beside a covered function.
    "heldout42.jsonl": 1,
    # Sets 45 to 48: whom to ask for a new account or about an expense report, the firewall of
    # the company's own server room, an uncovered product's machine images (AWS Batch).
    "heldout45.jsonl": 1,
    "heldout46.jsonl": 1,
    "heldout47.jsonl": 1,
    "heldout48.jsonl": 2,
}


@pytest.mark.parametrize("name", sorted(BLIND_SETS))
def test_blind_question_sets_keep_their_figures(index: Index, name: str) -> None:
    labels = [json.loads(line) for line in (HERE / name).read_text().splitlines() if line]
    wrong = {q["q"]: judge(q, answer(index, q["q"])) for q in labels}
    wrong = {q: w for q, w in wrong.items() if w}
    assert 1 - len(wrong) / len(labels) >= BLIND_SETS[name], wrong
    unknown = [q for q in labels if q["intent"] in (["unknown"], ["unknown", "help"])]
    confident = [q["q"] for q in unknown if answer(index, q["q"]).intent not in ("unknown", "help")]
    # A few sets keep known misses (a lookalike the engine still answers): no more than these.
    assert len(confident) <= KNOWN_CONFIDENT_UNKNOWNS.get(name, 0), confident


CLASSES = [json.loads(line) for line in (HERE / "classes.jsonl").read_text().splitlines() if line]


@pytest.mark.parametrize("label", CLASSES, ids=[f"{c['class']}:{c['q'][:40]}" for c in CLASSES])
def test_failure_classes_of_the_second_engine(index: Index, label: dict) -> None:
    """Questions of our own for each class of failure the second-generation engine fixes:
    everyday verbs and situations, contrast, shared vs one side, lookalikes, intent cues, words
    joined or split, answers found wrong by a new user. A row marked `known_gap` is one the
    engine still gets wrong (said why in the row): it is expected to fail until that is fixed."""
    if label.get("known_gap"):
        pytest.xfail(label["known_gap"])
    assert judge(label, answer(index, label["q"])) == []

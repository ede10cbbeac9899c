"""Buttons: did you mean, helpful / not helpful (only the asker's vote counts, votes stored)."""

from __future__ import annotations

import pytest

from bot.slack.votes import voter_hash, votes_for
from tests.slack.client import payload
from tests.slack.helpers import buttons, press, value_of

# Misspelt services: the engine is unsure and offers the close service.
UNSURE_CANDIDATES = ("who owns rdss", "who patches rdss", "who manages lambdda functons")


def unsure_question(srm) -> str:
    for question in UNSURE_CANDIDATES:
        answer = srm.ask(question).answer
        if answer.unsure and answer.suggestions:
            return question
    pytest.fail(f"none of {UNSURE_CANDIDATES} gives an unsure answer with suggestions")


def test_unsure_answer_offers_did_you_mean_and_a_press_answers_in_place(slack, fake_slack) -> None:
    question = unsure_question(slack.srm)
    card = slack.command(question).json()
    suggestions = {k: v for k, v in buttons(card["blocks"]).items() if k.startswith("srm_suggest")}
    assert suggestions, "an unsure card offers did-you-mean buttons"
    choice_id, choice = next(iter(suggestions.items()))
    pressed = press(payload("block_actions"), choice_id, choice["value"])
    pressed["response_url"] = fake_slack.response_url("dym")
    assert slack.action(pressed).status == 200

    (replaced,) = fake_slack.wait_responses("dym")
    assert replaced.body["replace_original"] is True
    chosen = value_of(card["blocks"], choice_id)["q"]
    assert replaced.body["text"] == slack.srm.ask(chosen).card.text
    # Still the asker's ephemeral card: it can still be shared.
    assert "srm_share" in buttons(replaced.body["blocks"])


def test_sure_answers_offer_no_did_you_mean(slack) -> None:
    card = slack.command("who patches RDS?").json()
    assert not [k for k in buttons(card["blocks"]) if k.startswith("srm_suggest")]


@pytest.mark.parametrize(
    ("action_id", "helpful"), [("srm_helpful", True), ("srm_not_helpful", False)]
)
def test_the_askers_vote_is_stored(slack, fake_slack, action_id: str, helpful: bool) -> None:
    card = slack.command("who patches RDS?").json()
    value = value_of(card["blocks"], action_id)
    pressed = press(payload("block_actions"), action_id, value)
    pressed["response_url"] = fake_slack.response_url("vote")
    slack.action(pressed)
    (thanks,) = fake_slack.wait_responses("vote")
    assert thanks.body["replace_original"] is False
    slack.drain()
    (vote,) = votes_for(slack.srm.engine, value["c"])
    assert vote.user_hash == voter_hash(slack.srm.engine, "T0SRMTEAM", "U0ASKER001")
    assert vote.helpful is helpful


def test_voting_again_replaces_the_vote(slack, fake_slack) -> None:
    card = slack.command("who patches RDS?").json()
    for n, action_id in enumerate(("srm_helpful", "srm_not_helpful"), start=1):
        pressed = press(payload("block_actions"), action_id, value_of(card["blocks"], action_id))
        pressed["response_url"] = fake_slack.response_url("vote")
        slack.action(pressed)
        fake_slack.wait_responses("vote", count=n)
    slack.drain()
    (vote,) = votes_for(slack.srm.engine, value_of(card["blocks"], "srm_helpful")["c"])
    assert vote.helpful is False


def test_only_the_asker_can_vote(slack, fake_slack) -> None:
    slack.event(
        {**payload("app_mention"), "event_id": "Ev0VOTE00001"}
    )  # an in-channel card others can see
    (post,) = fake_slack.wait_api("chat.postMessage")
    value = value_of(post.body["blocks"], "srm_helpful")
    pressed = press(payload("block_actions"), "srm_helpful", value, user="U0STRANGER1")
    pressed["container"]["is_ephemeral"] = False
    pressed["response_url"] = fake_slack.response_url("stranger")
    slack.action(pressed)
    (reply,) = fake_slack.wait_responses("stranger")
    assert reply.body["response_type"] == "ephemeral"
    assert reply.body["replace_original"] is False
    slack.drain()
    assert votes_for(slack.srm.engine, value["c"]) == []


def test_forged_button_values_do_nothing(slack, fake_slack) -> None:
    for value in ("not json", "[1, 2]", '{"q": ""}', "{}"):
        for action_id in ("srm_share", "srm_helpful", "srm_suggest_0"):
            pressed = press(payload("block_actions"), action_id, value)
            pressed["response_url"] = fake_slack.response_url("forged")
            assert slack.action(pressed).status == 200
    slack.drain()
    assert fake_slack.responses("forged") == []

"""The baseline of the load run: a minimal Bolt app whose /srm is a trivial lookup, served the
same way as srm (gunicorn, WSGI adapter, signature checks), to show what srm adds on top."""

from __future__ import annotations

import os

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

ANSWERS = {"who patches rds?": "AWS patches the RDS database engine."}


def create_app() -> SlackRequestHandler:
    app = App(
        client=WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        token_verification_enabled=False,
        process_before_response=True,
    )

    def srm(ack, command) -> None:
        text = ANSWERS.get(command.get("text", "").lower(), "I don't know.")
        ack(response_type="ephemeral", text=text, blocks=[
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {"type": "actions", "elements": [{"type": "button", "action_id": "srm_share",
             "text": {"type": "plain_text", "text": "Share"}, "value": "x"}]},
        ])  # fmt: skip

    app.command("/srm")(srm)
    return SlackRequestHandler(app)

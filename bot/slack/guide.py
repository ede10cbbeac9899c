"""srm's own messages: usage, the list of services, the App Home view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain import Knowledge
from bot.slack.answering import Message
from bot.slack.escape import escape

if TYPE_CHECKING:
    from bot.owners.resolve import Owners

EXAMPLES = (
    "who patches RDS?",
    "who encrypts S3 objects?",
    "compare ECS on Fargate and ECS on EC2",
    "who handles encryption?",
    "Lambda best practices",
    "is DynamoDB IaaS or PaaS?",
)

HOW_TO_ASK = (
    "Ask who does what on AWS, in plain words:\n"
    "• `/srm QUESTION` anywhere: the answer only you see, with a button to share it\n"
    "• mention `@srm QUESTION` in a channel: answered in the thread\n"
    "• or send me a direct message"
)


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _examples() -> str:
    return "\n".join(f"• `/srm {q}`" for q in EXAMPLES)


def usage_message() -> Message:
    blocks = [
        _section(
            "*srm* answers who is responsible for what on AWS "
            "(the Shared Responsibility Model).\n" + HOW_TO_ASK
        ),
        _section("*Examples*\n" + _examples()),
        _section(
            "`/srm list` shows the services I know; `/srm owners` the duties nobody here owns."
        ),
    ]
    text = "srm: ask who is responsible for what on AWS, e.g. /srm who patches RDS?"
    return Message(text=text, blocks=blocks)


def _service_lines(knowledge: Knowledge) -> str:
    return "\n".join(
        f"• *{escape(s.name)}*: {escape(s.full_name)} (`{escape(s.slug)}`)"
        for s in knowledge.services
    )


def services_message(knowledge: Knowledge) -> Message:
    names = ", ".join(s.name for s in knowledge.services)
    blocks = [
        _section(f"*Services srm knows* ({len(knowledge.services)})\n{_service_lines(knowledge)}"),
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": "Ask e.g. `/srm who patches RDS?`"}],
        },
    ]
    return Message(text=f"srm knows {len(knowledge.services)} services: {names}", blocks=blocks)


def home_view(knowledge: Knowledge, owners: Owners | None = None) -> dict:
    """The App Home tab: how to ask, what srm covers, who owns what here, examples."""
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "srm: who does what on AWS"}},
        _section(
            "I answer questions about the AWS Shared Responsibility Model: what AWS takes care "
            "of and what stays yours, service by service."
        ),
        {"type": "header", "text": {"type": "plain_text", "text": "How to ask"}},
        _section(HOW_TO_ASK),
        {"type": "divider"},
        {"type": "header", "text": {"type": "plain_text", "text": "Services covered"}},
        _section(_service_lines(knowledge) or "No knowledge is loaded yet."),
        {"type": "divider"},
        {"type": "header", "text": {"type": "plain_text", "text": "Example questions"}},
        _section(_examples()),
    ]
    if owners is not None:
        from bot.slack.owners_messages import status_line

        header = {"type": "header", "text": {"type": "plain_text", "text": "Owners here"}}
        blocks += [{"type": "divider"}, header, _section(status_line(owners))]
    return {"type": "home", "blocks": blocks}

"""The answer engine: question in, `Answer` out. No Slack, no SQL, no I/O."""

from bot.engine.answering import answer
from bot.engine.index import Index
from bot.engine.types import INTENTS, Answer, Item

__all__ = ["INTENTS", "Answer", "Index", "Item", "answer"]

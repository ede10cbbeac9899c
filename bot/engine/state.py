"""The index as plain values (dicts, tuples, frozensets of strings), and back: what a cold
`srm ask` reads instead of building the index again. Pure: no I/O; the caller stores the value."""

from __future__ import annotations

from dataclasses import fields

from bot import domain
from bot.engine.index import Doc, Index, Mention

# The Index fields kept as they are (all plain values).
_PLAIN = (
    "idf",
    "postings",
    "topic_postings",
    "text_postings",
    "phrase_lengths",
    "vocabulary",
    "correctable",
    "service_slugs",
    "service_words",
    "knowledge_words",
    "service_targets",
    "uncovered_targets",
    "service_name_stems",
    "service_stems",
    "about_of",
)
_DOC_FIELDS = tuple(f.name for f in fields(Doc))


def to_state(index: Index) -> dict:
    """The index without its knowledge, as values `marshal` can write."""
    state: dict = {name: getattr(index, name) for name in _PLAIN}
    state["docs"] = [
        tuple(
            tuple((c.id, c.title, c.standards, c.url, c.config_rule) for c in d.checks)
            if name == "checks"
            else getattr(d, name)
            for name in _DOC_FIELDS
        )
        for d in index.docs
    ]
    state["phrases"] = {
        key: [(m.kind, m.value, m.launch_type) for m in mentions]
        for key, mentions in index.phrases.items()
    }
    return state


def from_state(knowledge: domain.Knowledge, state: dict) -> Index:
    """The index `to_state` described, for `knowledge` (the caller checks they belong together)."""
    index = Index(knowledge)
    for name in _PLAIN:
        setattr(index, name, state[name])
    docs = []
    for row in state["docs"]:
        values = dict(zip(_DOC_FIELDS, row, strict=True))
        values["checks"] = tuple(domain.Check(*c) for c in values["checks"])
        docs.append(Doc(**values))
    index.docs = docs
    index.phrases = {
        key: [Mention(*m) for m in mentions] for key, mentions in state["phrases"].items()
    }
    index._build_groups_only()
    return index

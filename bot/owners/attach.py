"""Owners put on an answer (after the pure engine, before the card): every customer duty item
gets its owner, and an answer marked `asks_owner` becomes the `owner` intent when an overlay is
loaded; without one it stays the answer it was and says that no owners are configured."""

from __future__ import annotations

from dataclasses import replace

from bot.engine.types import Answer, Item
from bot.owners.resolve import Owners

NO_OWNERS = (
    "No owners are configured here yet, so I can say whether AWS or you hold it, not which "
    "team here does (whoever runs srm can load an ownership overlay with `srm owners load`)."
)


def _owned(item: Item, owners: Owners | None) -> Item:
    if owners is None or item.kind != "duty" or item.party != "customer" or not item.service:
        return item
    owner = owners.owner_of(item.service, item.launch_type, item.text)
    return replace(item, owner=owner) if owner != item.owner else item


def attach(result: Answer, owners: Owners | None) -> Answer:
    items = tuple(_owned(i, owners) for i in result.items)
    if not result.asks_owner:
        return replace(result, items=items) if items != result.items else result
    if owners is None or not owners.loaded:
        return replace(result, items=items, notes=(*result.notes, NO_OWNERS))
    duties = [i for i in items if i.kind == "duty" and i.party == "customer"]
    matched = [i for i in duties if i.score > 0]
    return replace(result, intent="owner", items=tuple(matched or duties))

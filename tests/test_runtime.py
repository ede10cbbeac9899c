"""The runtime reads a knowledge version whole, even when a load commits in the middle of the
reading (deterministically: the load runs from inside the reader's own statement hook)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import event

from bot.knowledge.load import load_into
from bot.runtime import Srm
from bot.store.db import make_engine
from bot.store.migrate import upgrade
from tests.store.test_load import edited_copy


def test_a_load_committed_mid_read_never_gives_a_mix(
    database_url: str, knowledge_copy: Path
) -> None:
    writer = make_engine(database_url)
    upgrade(writer)
    load_into(writer)
    reader = make_engine(database_url)
    srm = Srm(reader, refresh_seconds=0)
    old = srm.version

    load_into(writer, edited_copy(knowledge_copy))  # a new version for the reader to read...
    third = knowledge_copy.parent / "third"
    shutil.copytree(knowledge_copy, third)
    path = third / "services" / "s3.yaml"
    path.write_text(path.read_text().replace("text: Versioning", "text: Versioning (third)", 1))
    fired = []

    def load_in_the_middle(conn, cursor, statement, *args) -> None:
        if "FROM duties" in statement and not fired:
            fired.append(True)
            load_into(writer, third)  # ...and another committed while it is half-way through

    event.listen(reader, "before_cursor_execute", load_in_the_middle)
    try:
        srm.refresh(force=True)
    finally:
        event.remove(reader, "before_cursor_execute", load_in_the_middle)
    assert fired, "the reader never read the duties"
    knowledge = srm.index.knowledge
    # What is served is exactly the version it is labelled with, and that is the new one.
    assert knowledge.content_hash() == srm.version.content_hash
    assert srm.version.content_hash != old.content_hash
    texts = [d.text for s in knowledge.services for d in s.duties]
    assert "Versioning (third) and lifecycle policies" in texts
    srm.close()
    reader.dispose()
    writer.dispose()

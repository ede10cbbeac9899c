"""A running srm picks up a newly loaded overlay at its next store check, without a restart,
as it does for knowledge; while the store is out of reach it keeps the owners it has."""

from __future__ import annotations

from bot.knowledge.load import load_into
from bot.owners import store
from bot.owners.validate import validate_file
from bot.runtime import Srm
from bot.store.db import make_engine
from bot.store.migrate import upgrade
from tests.owners.conftest import INTERFACE_OVERLAY


def test_a_replica_picks_up_a_new_overlay(database_url: str, knowledge, write_overlay) -> None:
    writer = make_engine(database_url)
    upgrade(writer)
    load_into(writer)
    replica = Srm(make_engine(database_url), refresh_seconds=0)
    question = "which team owns kms key rotation here?"
    assert not replica.owners.loaded
    assert replica.ask(question, record=False).answer.intent == "who"

    store.save(writer, validate_file(INTERFACE_OVERLAY, knowledge).overlay)
    replica.refresh(force=True)
    assert replica.owners.version == 1
    reply = replica.ask(question, record=False)
    assert reply.answer.intent == "owner"
    assert reply.answer.items[0].owner.team == "crypto"

    moved = write_overlay(
        "version: 1\nrules:\n"
        '  - match: {service: kms, duty: "Key rotation configuration"}\n'
        "    team: key-custodians\n    channel: C0KEYCUST1\n"
    )
    stored, changed = store.save(writer, validate_file(moved, knowledge).overlay)
    assert changed and stored.version == 2
    replica.refresh(force=True)
    assert replica.ask(question, record=False).answer.items[0].owner.team == "key-custodians"
    # The same content again is no new version.
    assert store.save(writer, validate_file(moved, knowledge).overlay) == (stored, False)
    replica.close()
    replica.engine.dispose()
    writer.dispose()


def test_a_replica_logs_the_rules_new_knowledge_breaks(
    database_url: str, knowledge, knowledge_copy, caplog
) -> None:
    writer = make_engine(database_url)
    upgrade(writer)
    load_into(writer)
    store.save(writer, validate_file(INTERFACE_OVERLAY, knowledge).overlay)
    replica = Srm(make_engine(database_url), refresh_seconds=0)
    assert replica.owners.owner_of("kms", None, "Key rotation configuration").team == "crypto"
    kms = knowledge_copy / "services" / "kms.yaml"
    kms.write_text(kms.read_text().replace("Key rotation configuration", "Key rotation schedule"))
    load_into(writer, knowledge_copy)
    with caplog.at_level("WARNING", logger="bot.owners.live"):
        replica.refresh(force=True)
    assert any(
        "interface.yaml:6" in r.getMessage() and "Key rotation configuration" in r.getMessage()
        for r in caplog.records
    )
    # The renamed duty falls to the defaults; nothing else changed owner.
    renamed = replica.owners.owner_of("kms", None, "Key rotation schedule")
    assert renamed is not None and renamed.team == "cloud-security"
    replica.close()
    replica.engine.dispose()
    writer.dispose()

"""The built index beside the embedded store: a cold `srm ask` reads it instead of building the
index, and only when it was made from the store's current knowledge by this very engine."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from bot import quick, quick_index
from bot.engine import Index, answer
from bot.engine.state import from_state, to_state
from bot.knowledge.validate import validate_dir
from bot.paths import knowledge_dir


def test_the_index_survives_its_plain_values(tmp_path: Path) -> None:
    knowledge = validate_dir(knowledge_dir()).knowledge
    built = Index.build(knowledge)
    state = marshal.loads(marshal.dumps(to_state(built)))  # what the file holds
    again = from_state(knowledge, state)
    for q in ("who patches RDS?", "s3 vs ebs", "who checks kms key rotation", "lamda env vars"):
        assert answer(again, q) == answer(built, q), q


@pytest.fixture
def store(run_srm, base_env: dict[str, str], tmp_path: Path, monkeypatch) -> Path:
    db = tmp_path / "store" / "srm.db"
    env = {**base_env, "DATABASE_URL": f"sqlite:///{db}"}
    done = run_srm("ask", "who patches RDS?", env=env)
    assert done.returncode == 0, done.stderr
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("SRM_QUERY_LOG", "off")
    return db


def _builds(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = Index.build.__func__

    def counting(cls, knowledge):
        calls.append(1)
        return real(cls, knowledge)

    monkeypatch.setattr(Index, "build", classmethod(counting))
    return calls


def test_a_cold_ask_reads_the_index_once_it_is_written(store: Path, monkeypatch, capsys) -> None:
    builds = _builds(monkeypatch)
    assert quick.answer_quickly("who patches RDS?", True)
    assert (store.parent / "srm.db.index").is_file()
    assert quick.answer_quickly("who rotates kms keys?", True)
    assert len(builds) <= 1  # built at most once (when no index file was there yet)
    assert '"verdict": "customer"' in capsys.readouterr().out


@pytest.mark.parametrize("damage", ["stale", "engine", "garbage", "truncated"])
def test_an_index_that_does_not_match_is_ignored(
    store: Path, monkeypatch, capsys, damage: str
) -> None:
    assert quick.answer_quickly("who patches RDS?", True)  # writes the file
    path = store.parent / "srm.db.index"
    data = marshal.loads(path.read_bytes())
    if damage == "stale":
        data["digest"] = "0" * 64  # made from other knowledge
        path.write_bytes(marshal.dumps(data))
    elif damage == "engine":
        data["engine"] = "an older srm"
        path.write_bytes(marshal.dumps(data))
    elif damage == "garbage":
        path.write_bytes(b"\x00not marshal at all")
    else:
        path.write_bytes(path.read_bytes()[:1000])
    assert quick_index.read(store, data["digest"] if damage != "stale" else "x") is None
    builds = _builds(monkeypatch)
    capsys.readouterr()
    assert quick.answer_quickly("who patches RDS?", True)
    assert builds == [1]  # built again from the knowledge, not read
    assert '"verdict": "aws"' in capsys.readouterr().out
    assert quick_index.read(store, marshal.loads(path.read_bytes())["digest"]) is not None

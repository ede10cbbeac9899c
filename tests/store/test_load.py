"""`srm knowledge load`: validate, then replace the stored knowledge in one transaction.

Equal content changes nothing; invalid knowledge or a database error half-way leaves the previous
knowledge and its version exactly as they were.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import domain
from bot.cli import main
from bot.knowledge.load import InvalidKnowledge, load_into
from bot.knowledge.validate import validate_dir
from bot.paths import knowledge_dir
from bot.store import models, repository
from bot.store.migrate import upgrade
from tests.knowledge.test_validate import BREAKAGES, break_copy


@dataclasses.dataclass(frozen=True)
class Snapshot:
    version: repository.Version | None
    versions: int
    knowledge: domain.Knowledge | None
    rows: dict[str, int]
    duty_ids: tuple[int, ...]


def snapshot(engine: Engine) -> Snapshot:
    with Session(engine) as s:
        return Snapshot(
            version=repository.current_version(s),
            versions=s.scalar(select(func.count()).select_from(models.KnowledgeVersion)) or 0,
            knowledge=repository.load_knowledge(s),
            rows=repository.count_rows(s),
            duty_ids=tuple(s.scalars(select(models.Duty.id).order_by(models.Duty.id))),
        )


def bundled() -> domain.Knowledge:
    result = validate_dir(knowledge_dir())
    assert result.knowledge is not None
    return result.knowledge


def expected_rows(k: domain.Knowledge) -> dict[str, int]:
    """Row counts that one pack of `k` must leave (nothing of an older load left over)."""
    return {
        "services": len(k.services),
        "duties": sum(len(s.duties) for s in k.services),
        "best_practices": sum(len(s.best_practices) for s in k.services),
        "service_aliases": sum(len(s.aliases) for s in k.services),
        "compliance_rows": len(k.compliance),
        "principles": len(k.principles),
        "categories": len(k.categories),
    }


def edited_copy(root: Path) -> Path:
    """The knowledge copy at `root` with its first duty's text changed (still valid)."""
    path = root / "services" / "ec2.yaml"
    first = bundled().service("ec2").duties[0].text  # type: ignore[union-attr]
    text = path.read_text(encoding="utf-8")
    assert text.count(f"text: {first}\n") == 1
    path.write_text(text.replace(f"text: {first}\n", f"text: {first} (edited)\n"))
    # The duty's everyday phrasings are keyed by its text: they follow the edit.
    asked = root / "asked_as.yaml"
    asked.write_text(asked.read_text().replace(f"{first}:", f"{first} (edited):"))
    return root


def _cli_ok(done) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _prepare(run_srm, env: dict[str, str]) -> None:
    """PostgreSQL needs `srm db upgrade` first; the embedded SQLite store migrates on load."""
    if not env["DATABASE_URL"].startswith("sqlite"):
        _cli_ok(run_srm("db", "upgrade", env=env))


def test_loading_the_same_content_twice_changes_nothing(run_srm, srm_env, engine) -> None:
    _prepare(run_srm, srm_env)
    first = _cli_ok(run_srm("knowledge", "load", env=srm_env))
    assert " loaded" in first
    before = snapshot(engine)
    assert before.versions == 1
    assert before.knowledge == bundled()
    assert before.version is not None and before.version.content_hash in first.replace(
        before.version.short, before.version.content_hash
    )

    second = _cli_ok(run_srm("knowledge", "load", env=srm_env))
    assert "unchanged" in second
    assert snapshot(engine) == before  # same version row, same rows, same row ids


def test_an_invalid_copy_leaves_the_store_untouched(
    run_srm, srm_env, engine, knowledge_copy: Path
) -> None:
    _prepare(run_srm, srm_env)
    _cli_ok(run_srm("knowledge", "load", env=srm_env))
    before = snapshot(engine)
    chosen = {"typo_key", "duplicate_alias", "non_list_duty_field", "invalid_yaml"}
    for b in BREAKAGES:
        if b.id in chosen:
            break_copy(knowledge_copy, b)
    done = run_srm("knowledge", "load", str(knowledge_copy), env=srm_env)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    problems = done.stdout.splitlines()
    assert len(problems) >= len(chosen)
    named = {p.split(":", 1)[0] for p in problems}  # run in tmp_path, the copy's parent
    assert named >= {f"knowledge/{b.file}" for b in BREAKAGES if b.id in chosen}
    assert done.stderr.strip().splitlines() == [
        "srm: nothing was loaded from knowledge (the folder given); "
        "the store keeps its previous knowledge"
    ]
    assert snapshot(engine) == before


def test_invalid_knowledge_is_refused_before_the_store_is_touched(
    engine, knowledge_copy: Path
) -> None:
    """Also on an empty store: nothing is created, not even a version row."""
    upgrade(engine)
    break_copy(knowledge_copy, next(b for b in BREAKAGES if b.id == "empty_list"))
    with pytest.raises(InvalidKnowledge) as caught:
        load_into(engine, knowledge_copy)
    assert caught.value.problems
    after = snapshot(engine)
    assert after.version is None and after.knowledge is None
    assert set(after.rows.values()) == {0}


def test_a_database_error_half_way_rolls_everything_back(
    engine, knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    upgrade(engine)
    load_into(engine)
    before = snapshot(engine)

    real_rows = repository._rows

    def rows_with_a_clash(k: domain.Knowledge) -> list[object]:
        rows = real_rows(k)
        clash = next(r for r in rows if isinstance(r, models.Service))
        # A second service with the same (pack, slug): the UNIQUE constraint fails at the flush
        # that inserts the content, after the old content was already deleted.
        rows.append(
            models.Service(
                pack=clash.pack,
                slug=clash.slug,
                name="clash",
                full_name="clash",
                matrix_label="clash",
                docs_url="https://example.invalid/",
                position=99,
            )
        )
        return rows

    monkeypatch.setattr(repository, "_rows", rows_with_a_clash)
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        statements.append(statement.split(None, 1)[0].upper())

    event.listen(engine, "before_cursor_execute", record)
    try:
        with pytest.raises(IntegrityError):
            load_into(engine, edited_copy(knowledge_copy))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert "DELETE" in statements and "INSERT" in statements, "the error came half-way"
    assert snapshot(engine) == before


def test_a_database_error_in_the_cli_is_one_line(
    engine,
    database_env: str,
    knowledge_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    upgrade(engine)
    load_into(engine)
    before = snapshot(engine)

    def broken_save(session: Session, knowledge: domain.Knowledge) -> None:
        session.add(models.Service(pack="no-such-pack", slug="x"))  # NOT NULL and FK both fail
        session.flush()

    monkeypatch.setattr(repository, "save_knowledge", broken_save)
    result = CliRunner().invoke(main, ["knowledge", "load", str(edited_copy(knowledge_copy))])
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("srm: database error at ")
    assert snapshot(engine) == before


def test_a_changed_load_replaces_the_content_whole(engine, knowledge_copy: Path) -> None:
    upgrade(engine)
    first = load_into(engine)
    assert first.changed
    result = load_into(engine, edited_copy(knowledge_copy))
    assert result.changed and result.version.id != first.version.id
    after = snapshot(engine)
    edited = validate_dir(knowledge_copy).knowledge
    assert edited is not None and after.knowledge == edited
    assert after.versions == 2
    assert after.version == result.version
    assert after.version.loaded_at.tzinfo is not None  # aware on every backend, SQLite too
    assert {k: after.rows[k] for k in expected_rows(edited)} == expected_rows(edited)


def test_round_trip_gives_the_validated_knowledge(engine) -> None:
    upgrade(engine)
    validated = bundled()
    result = load_into(engine)
    with Session(engine) as s:
        stored = repository.load_knowledge(s)
    assert stored == validated
    assert stored is not None and stored.content_hash() == validated.content_hash()
    assert result.version.content_hash == validated.content_hash()

"""`srm knowledge export --format markdown` prints the stored matrix as the source document's
"Detailed Responsibility Matrix" table: parsing both gives the same rows and cells."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tests.conftest import SOURCE_DOCUMENT
from tests.source_doc import SourceDocument, parse_matrix, table_header


def _ok(done) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def test_export_reproduces_the_document_matrix(
    run_srm, srm_env, knowledge_copy: Path, tmp_path: Path
) -> None:
    doc = SourceDocument(SOURCE_DOCUMENT)
    _ok(run_srm("db", "upgrade", env=srm_env))
    _ok(run_srm("knowledge", "load", env=srm_env))
    exported = _ok(run_srm("knowledge", "export", "--format", "markdown", env=srm_env))

    lines = exported.splitlines()
    source_lines = doc.section("Detailed Responsibility Matrix")
    assert table_header(lines) == table_header(source_lines)
    assert all(line.startswith("|") for line in lines), "only the table is printed"
    assert parse_matrix(exported) == doc.matrix

    # It is the *stored* matrix: load an edited copy and the export follows.
    row = doc.matrix[1]
    old = row.customer[0][1][0]
    path = next(p for p in (knowledge_copy / "services").glob("*.yaml") if old in p.read_text())
    path.write_text(path.read_text().replace(old, old + " (edited)"))
    # The duty's everyday phrasings are keyed by its text: they follow the edit.
    asked = knowledge_copy / "asked_as.yaml"
    asked.write_text(asked.read_text().replace(f"{old}:", f"{old} (edited):"))
    _ok(run_srm("knowledge", "load", str(knowledge_copy), env=srm_env))
    edited = parse_matrix(_ok(run_srm("knowledge", "export", env=srm_env)))
    items = (old + " (edited)", *row.customer[0][1][1:])
    expected = list(doc.matrix)
    expected[1] = dataclasses.replace(row, customer=((None, items), *row.customer[1:]))
    assert edited == expected


def test_export_works_on_a_fresh_embedded_store(run_srm, base_env, sqlite_url: str) -> None:
    """On SQLite no setup step is needed: the store migrates and loads itself."""
    env = {**base_env, "DATABASE_URL": sqlite_url}
    exported = _ok(run_srm("knowledge", "export", "--format", "markdown", env=env))
    assert parse_matrix(exported) == SourceDocument(SOURCE_DOCUMENT).matrix

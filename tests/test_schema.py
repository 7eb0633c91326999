"""The schema is a public contract: any change must show up here as a reviewed diff."""

import sqlite3
from pathlib import Path

import pytest

from pipelines.schema import migrations, open_db

SNAPSHOT = Path(__file__).parent / "schema.sql"


def test_schema_matches_snapshot(tmp_path):
    db = open_db(tmp_path / "t.db")
    schema = db.schema.strip() + "\n"
    if not SNAPSHOT.exists():
        SNAPSHOT.write_text(schema)
        pytest.fail(f"wrote a new snapshot to {SNAPSHOT}: review it, commit it, rerun")
    assert schema == SNAPSHOT.read_text(), "schema changed: update tests/schema.sql if intended"


def test_migrations_are_idempotent(tmp_path):
    db = open_db(tmp_path / "t.db")
    migrations.apply(db)
    names = [m.name for m in migrations.applied(db)]
    assert names == sorted(set(names))


def test_change_rows_can_be_neither_edited_nor_deleted(tmp_path):
    db = open_db(tmp_path / "t.db")
    db.execute(
        "insert into changes (id, kind, key, detected_at, summary) "
        "values ('x', 'bill', 'bill|x', '2015-01-01T00:00:00Z', 's')"
    )
    with pytest.raises(sqlite3.IntegrityError, match="never edited"):
        db.execute("update changes set summary = 'edited' where id = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        db.execute("delete from changes where id = 'x'")

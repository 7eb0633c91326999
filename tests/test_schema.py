"""The schema is a public contract: any change must show up here as a reviewed diff."""

import sqlite3
import time
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


def test_rows_fetched_out_of_scope_are_removed_once_and_reported(tmp_path, capsys):
    import sqlite_utils

    db = sqlite_utils.Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="008_remove_out_of_scope_rows")
    now = "2015-06-01T00:00:00Z"
    db["bills"].insert(
        {
            "id": "2015-HB-7017",
            "session": 2015,
            "chamber": "house",
            "type": "HB",
            "number": 7017,
            "status_url": "https://www.cga.ct.gov/s",
            "source_url": "https://www.cga.ct.gov/s",
            "fetched_at": now,
            "first_seen_at": now,
        }
    )
    version = {
        "bill_id": "2015-HB-7017",
        "label": "Substitute Bill",
        "kind": "text",
        "format": "htm",
        "text": "t",
        "sha256": "s",
        "body_sha256": "b",
        "fetched_at": now,
    }
    good, bad = "https://www.cga.ct.gov/2015/TOB/H/2015HB-07017-R00-HB.htm", "file:///etc/x.htm"
    db["versions"].insert_all(
        [
            {**version, "id": "2015-HB-7017:v1", "seq": 1, "url": good, "source_url": good},
            {**version, "id": "2015-HB-7017:v2", "seq": 2, "url": bad, "source_url": bad},
            # stored under a canonical URL but fetched elsewhere (a redirect followed)
            {**version, "id": "2015-HB-7017:v3", "seq": 3, "url": good, "source_url": bad},
        ]
    )
    db["testimony"].insert(
        {
            "id": "t1",
            "bill_id": "2015-HB-7017",
            "file_name": "x-TMY.PDF",
            "url": "http://127.0.0.1:9/x-TMY.PDF",
            "source_url": "https://www.cga.ct.gov/l",
            "fetched_at": now,
        }
    )
    for n, ref in enumerate(["2015-HB-7017:v1", "2015-HB-7017:v2", "2015-HB-7017:v3", "t1"]):
        db.execute(
            "insert into changes (id, bill_id, kind, key, detected_at, summary, ref) "
            "values (?, '2015-HB-7017', 'version', ?, ?, 's', ?)",
            [f"c{n}", f"k{n}", now, ref],
        )
    db["diffs"].insert(
        {
            "id": "d1",
            "bill_id": "2015-HB-7017",
            "from_version": "2015-HB-7017:v1",
            "to_version": "2015-HB-7017:v2",
            "to_label": "x",
            "words_added": 1,
            "words_removed": 0,
            "summary": "s",
            "redline_html": "",
            "unified": "",
            "computed_at": now,
        }
    )
    db["http_cache"].insert_all([{"url": good, "fetched_at": now}, {"url": bad, "fetched_at": now}])
    db.conn.commit()
    capsys.readouterr()
    migrations.apply(db)
    report = capsys.readouterr().err
    assert "removed 2 versions, 1 testimony, 3 changes, 1 diffs, 1 cached validators" in report
    assert [r[0] for r in db.execute("select id from versions")] == ["2015-HB-7017:v1"]
    assert [r[0] for r in db.execute("select ref from changes")] == ["2015-HB-7017:v1"]
    assert db.execute("select count(*) from testimony").fetchone()[0] == 0
    assert [r[0] for r in db.execute("select url from http_cache")] == [good]
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        db.execute("delete from changes")  # the trigger is back
    migrations.apply(db)  # applied once: nothing more to report
    assert capsys.readouterr().err == ""


def test_a_migration_waits_for_a_writer_that_keeps_committing(tmp_path):
    """A database opened (and migrated) while another process commits again and again: the
    rebuild of migration 120 reads the schema before it writes, which without the lock taken
    first failed at once with "database is locked" (seen under the benchmark's writer)."""
    import threading

    import sqlite_utils

    path = tmp_path / "busy.db"
    old = sqlite_utils.Database(path)
    old.execute("PRAGMA journal_mode=WAL")
    migrations.apply(old, stop_before="120_diffs_unified_on_demand")
    old.close()
    stop, commits = threading.Event(), []

    def writer() -> None:
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "insert into crawls (started_at, session, base_url) values (?, 2015, 'x')",
                [str(len(commits))],
            )
            conn.execute("COMMIT")
            commits.append(1)
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(commits) < 20:  # the writer is under way
            time.sleep(0.01)
        db = open_db(path)
    finally:
        stop.set()
        thread.join()
    assert migrations.applied(db)[-1].name == "120_diffs_unified_on_demand"
    assert len(commits) > 20  # it kept committing while the migration ran
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

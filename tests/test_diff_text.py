"""``/diffs/{id}.diff``: the unified diff of a stored pair, derived from the two stored texts
since migration 120 stopped storing it (``publish/diff_text.py``)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from billwatch.samplesite import running_server
from billwatch.serve import make_datasette
from cga.redline import diff_versions
from pipelines.schema import migrations

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample-site"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, crawlkit) -> Path:
    """The sample site crawled once, by today's pipelines."""
    db = tmp_path_factory.mktemp("diff_text") / "crawled.db"
    with running_server(root=SAMPLE) as server:
        crawlkit.update(server.base_url, db, "--session", "2015", "--all")
    return db


def pairs(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "select d.id, d.unified, o.text, n.text from diffs d "
            "join versions o on o.id = d.from_version join versions n on n.id = d.to_version "
            "order by d.id"
        ).fetchall()
    finally:
        conn.close()


def get(ds, path: str, **headers: str):
    return asyncio.run(ds.client.get(path, headers=headers))


def test_the_unified_diff_is_not_stored_and_is_served_as_the_engine_derives_it(crawled):
    rows = pairs(crawled)
    assert len(rows) >= 2
    assert {unified for _, unified, _, _ in rows} == {None}
    ds = make_datasette(crawled)
    shown = 0
    for diff_id, _, old, new in rows:
        r = get(ds, f"/diffs/{diff_id}.diff")
        assert r.status_code == 200
        assert r.headers["content-type"] == "text/plain; charset=utf-8"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.text == diff_versions(old, new).unified
        shown += r.text.startswith("--- old\n+++ new\n@@ ")
    assert shown  # at least one pair changed its text (not only its wrapping)


def test_validators_answer_304_and_a_row_stored_before_keeps_its_own(crawled, tmp_path, crawlkit):
    db = crawlkit.copy(crawled, tmp_path / "t.db")
    diff_id = pairs(db)[0][0]
    ds = make_datasette(db)
    first = get(ds, f"/diffs/{diff_id}.diff")
    assert "public" in first.headers["cache-control"]
    again = get(ds, f"/diffs/{diff_id}.diff", **{"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    conn = sqlite3.connect(db)
    with conn:  # as a database that stored the unified diff before migration 120 holds it
        conn.execute("update diffs set unified = '--- stored\n+++ text\n' where id = ?", [diff_id])
    conn.close()
    assert get(make_datasette(db), f"/diffs/{diff_id}.diff").text == "--- stored\n+++ text\n"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/diffs/0123456789abcdef0123.diff", 404),  # well formed, not held
        ("/diffs/not-a-diff.diff", 400),
        ("/diffs/0123456789ABCDEF0123.diff", 400),  # ids are lower-case hex
        ("/diffs/%3Cscript%3E.diff", 400),
    ],
)
def test_unknown_and_malformed_ids(crawled, path, status):
    r = get(make_datasette(crawled), path)
    assert r.status_code == status
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert "<script>" not in r.text


def test_the_diffs_table_links_each_derived_diff(crawled):
    diff_id = pairs(crawled)[0][0]
    page = get(make_datasette(crawled), "/billwatch/diffs").text
    assert f'<a href="/diffs/{diff_id}.diff">derived: {diff_id}.diff</a>' in page


def test_migration_120_keeps_the_unified_diffs_stored_before(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="120_diffs_unified_on_demand")
    assert not db.execute("PRAGMA foreign_keys").fetchone()[0]  # the diff alone will do
    now = "2015-06-01T00:00:00Z"
    row = {
        "id": "0123456789abcdef0123",
        "bill_id": "2015-HB-7017",
        "from_version": "2015-HB-7017:v1",
        "to_version": "2015-HB-7017:v2",
        "to_label": "v2",
        "words_added": 1,
        "words_removed": 1,
        "summary": "s",
        "redline_html": "<p>x</p>",
        "unified": "--- old\n+++ new\n@@ -1 +1 @@\n-text 1\n+text 2\n",
        "computed_at": now,
    }
    db["diffs"].insert(row)
    with pytest.raises(sqlite3.IntegrityError):  # NOT NULL before the migration
        db["diffs"].insert({**row, "id": "1" * 20, "from_version": None, "unified": None})
    db.conn.commit()
    migrations.apply(db)
    assert db.execute("select unified from diffs").fetchall() == [(row["unified"],)]
    db["diffs"].insert({**row, "id": "1" * 20, "from_version": None, "unified": None})
    assert {i[0] for i in db.execute("select name from pragma_index_list('diffs')")} >= {
        "diffs_bill",
        "diffs_to",
    }

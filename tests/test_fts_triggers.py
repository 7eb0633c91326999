"""Migration 090: the full-text indexes follow their own columns, and only those.

A bill's title and statement of purpose are indexed; its stage, outcome and bulk hash are
not, and a session's bulk file rewrites those for thousands of bills.
"""

from __future__ import annotations

import pytest

import cga
from pipelines.bills import bill_skeleton
from pipelines.schema import open_db


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "fts.db")
    bill = cga.split_bill_id("2015-HB-7017")
    row = bill_skeleton(
        bill, "https://www.cga.ct.gov/pub/data/bill_info.csv", "2015-01-02T00:00:00Z"
    )
    row["title"] = "AN ACT CONCERNING STUDENT DATA PRIVACY."
    db.table("bills").insert(row)
    yield db
    db.conn.close()


def _found(db, table: str, words: str) -> list:
    return [
        r[0]
        for r in db.execute(
            f"select rowid from {table}_fts where {table}_fts match ?", [words]
        ).fetchall()
    ]


def _writes(db, sql: str, params: list) -> int:
    """Rows the statement wrote, its triggers' writes included."""
    before = db.conn.total_changes
    db.execute(sql, params)
    return db.conn.total_changes - before


def test_a_title_change_is_searchable_at_once(db):
    assert _found(db, "bills", "privacy")
    _writes(
        db,
        "update bills set title = ? where id = ?",
        ["AN ACT CONCERNING TEACHERS.", "2015-HB-7017"],
    )
    assert _found(db, "bills", "teachers") and not _found(db, "bills", "privacy")


def test_progress_fields_do_not_touch_the_index(db):
    written = _writes(
        db,
        "update bills set stage = 'passed_first', bulk_sha = 'x' where id = ?",
        ["2015-HB-7017"],
    )
    assert written == 1  # the row, and no index delete + insert
    assert _writes(db, "update bills set title = title where id = ?", ["2015-HB-7017"]) > 1
    assert _found(db, "bills", "privacy")


def test_testimony_text_extracted_later_is_searchable(db):
    db.table("testimony").insert(
        {
            "id": "t1",
            "bill_id": "2015-HB-7017",
            "file_name": "x.pdf",
            "url": "https://www.cga.ct.gov/2015/EDdata/Tmy/2015HB-07017-R000309-x.pdf",
            "source_url": "https://www.cga.ct.gov/asp/menu/CommDocTmyBillAllComm.asp",
            "fetched_at": "2015-03-09T00:00:00Z",
        }
    )
    assert _writes(db, "update testimony set position = 'support' where id = 't1'", []) == 1
    db.execute("update testimony set text = 'vendors must delete records' where id = 't1'")
    assert _found(db, "testimony", "vendors")

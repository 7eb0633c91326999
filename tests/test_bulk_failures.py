"""Bulk files that are hostile or broken (issue 9): never a silent "finished, 0 new".

Crawls of a copy of the site whose ``bill_info.csv`` holds one 10 MB quoted field, holds
only its header, or is not CSV at all, or is larger than the bulk budget.  Only the bulk
step matters here: ``--bills`` names a bill whose status page the copy lacks.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hostile import copy_sample, hostile_site

CRAWL = ("--session", "2015", "--bills", "2015-SB-601")  # "Bill not found": one request
INFO = "pub/data/bill_info.csv"


def crawl(crawlkit, tmp_path: Path, info: bytes, *flags: str):
    root = copy_sample(tmp_path / "site")
    (root / INFO).write_bytes(info)
    db = tmp_path / "t.db"
    with hostile_site(root, {}) as site:
        run = crawlkit.update(site.base_url, db, *CRAWL, *flags)
    conn = sqlite3.connect(db)
    try:
        bills = dict(conn.execute("select id, length(title) from bills"))
        errors = dict(conn.execute("select url, error from errors where url like '%bill_info.csv'"))
    finally:
        conn.close()
    return run, bills, errors


def original() -> bytes:
    return (Path(__file__).resolve().parent.parent / "data" / "sample-site" / INFO).read_bytes()


def test_a_10_mb_field_is_read(crawlkit, tmp_path):
    lines = original().split(b"\r\n")
    fields = lines[1].split(b",")
    fields[3] = b'"' + b"AN ACT CONCERNING " + b"VERY " * (2 << 20) + b'."'
    lines[1] = b",".join(fields)
    run, bills, errors = crawl(crawlkit, tmp_path, b"\r\n".join(lines))
    assert errors == {}, run.output
    assert len(bills) == 15  # every bill of the file, the long one included
    assert max(bills.values()) > 10_000_000


@pytest.mark.parametrize(
    ("info", "reason"),
    [
        (b"bill_num,bill_type,sess_year,bill_title\r\n", "no bill could be read"),
        (b"not,a,bill,file\r\nx,y,z,w\r\n", "missing column(s) bill_num, bill_title"),
        (b"", "empty file"),
    ],
)
def test_a_bulk_file_that_gives_nothing_is_an_error(crawlkit, tmp_path, info, reason):
    run, bills, errors = crawl(crawlkit, tmp_path, info)
    assert run.code == 1, run.output
    assert bills == {}
    assert len(errors) == 1 and reason in next(iter(errors.values())), errors
    assert "bill_info.csv" in run.output


def test_a_bulk_file_over_its_budget_is_refused_with_a_reason(crawlkit, tmp_path):
    info = original() + b"\r\n".join(
        b"HB09%03d,B,2015,AN ACT %s.,,,,," % (i, b"X" * 900) for i in range(1200)
    )
    run, bills, errors = crawl(crawlkit, tmp_path, info, "--max-bulk-mb", "1")
    assert run.code == 1
    assert list(errors.values()) == ["response larger than 1 MB"]
    assert bills == {}


def test_a_session_the_file_listed_before_must_still_be_listed(crawlkit, tmp_path):
    root = copy_sample(tmp_path / "site")
    db = tmp_path / "t.db"
    with hostile_site(root, {}) as site:
        first = crawlkit.update(site.base_url, db, *CRAWL)
        assert first.code == 0, first.output
        lines = original().split(b"\r\n")
        (root / INFO).write_bytes(
            b"\r\n".join([lines[0], *(ln.replace(b",2015,", b",2016,") for ln in lines[1:])])
        )
        second = crawlkit.update(site.base_url, db, *CRAWL)
    assert second.code == 1
    assert "no longer lists any bill of session 2015" in second.output

"""Hardening of the crawler (issue 9): a crawl of a hostile copy of the site.

The copy's 2015 HB 7017 status page and testimony listing link to local files, to another
origin (absolute, scheme-relative, ftp), to a bill text that redirects to that origin, and
to documents that are too big, never end, expand from a small gzip to far more than the
cap, or stall the PDF parser.  One crawl (small budgets so the test stays fast), then the
same crawl again; asserted: nothing out of scope is requested or stored, each overrun is an
errors row with its reason in words, the rest of the bill is stored, the run finishes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hostile import (
    add_testimony_links,
    add_text_rows,
    body,
    copy_sample,
    endless,
    gzip_bomb,
    hostile_site,
    recorder,
    redirect,
    stalling_pdf,
)

BILL = "2015-HB-7017"
SECRET = "TOP-SECRET-LOCAL-FILE-4242"
BUDGETS = ("--max-text-mb", "1", "--max-pdf-mb", "1", "--extract-seconds", "2")
CRAWL = ("--session", "2015", "--bills", BILL, *BUDGETS)
SITE = "https://www.cga.ct.gov"


def all_text(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def errors(db: Path) -> dict[str, tuple]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "select url, error, attempts, refused, next_retry_at, at from errors"
            " where resolved_at is null"
        )
        return {r[0]: r[1:] for r in rows}
    finally:
        conn.close()


def error_for(errs: dict[str, tuple], fragment: str) -> tuple:
    found = [v for url, v in errs.items() if fragment in url]
    assert len(found) == 1, (fragment, sorted(errs))
    return found[0]


@pytest.fixture(scope="module")
def hostile(crawlkit, tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    secret = work / "secret.htm"
    secret.write_text(f"<html><body><p>Section 1. {SECRET}</p></body></html>")
    root = copy_sample(work / "site")
    with recorder() as other:
        add_text_rows(
            root,
            [
                ("Substitute Bill", f"file://{secret}?x=.htm"),
                ("Substitute Bill", f"file://{work}/TOB/x.htm"),
                ("Substitute Bill", f"{other.base_url}/2015/TOB/H/other-origin.htm"),
                ("Substitute Bill", "//" + other.base_url.split("//")[1] + "/TOB/relative.htm"),
                ("Substitute Bill", "ftp://" + other.base_url.split("//")[1] + "/TOB/ftp.htm"),
                ("Substitute Bill", "/2015/TOB/H/2015HB-07017-R02-HB.htm"),
                ("Substitute Bill", "/2015/TOB/H/2015HB-07017-R03-HB.htm"),
                ("Substitute Bill", "/2015/TOB/H/2015HB-07017-R04-HB.htm"),
                ("Substitute Bill", "/2015/TOB/H/2015HB-07017-R05-HB.htm"),
                ("Substitute Bill", "/2015/TOB/H/PDF/2015HB-07017-R06-HB.PDF"),
            ],
        )
        add_testimony_links(
            root,
            [
                f"file://{work}/eddata/TMY/2015HB-07017-R000319-Local,%20File--TMY.PDF",
                f"{other.base_url}/2015/eddata/TMY/2015HB-07017-R000319-Other,%20Host--TMY.PDF",
            ],
        )
        routes = {
            # a bill text that redirects to the other origin
            "/2015/tob/h/2015hb-07017-r02-hb.htm": redirect(f"{other.base_url}/evil.htm"),
            # 3 MB against a 1 MB cap
            "/2015/tob/h/2015hb-07017-r03-hb.htm": body(b"<p>" + b"y" * (3 << 20) + b"</p>"),
            # a small gzip expanding to 64 MB
            "/2015/tob/h/2015hb-07017-r04-hb.htm": body(gzip_bomb(64), Content_Encoding="gzip"),
            # a body that never ends
            "/2015/tob/h/2015hb-07017-r05-hb.htm": endless(),
            # 36 KB, 50 pages sharing one 10 MB content stream
            "/2015/tob/h/pdf/2015hb-07017-r06-hb.pdf": body(stalling_pdf(), "application/pdf"),
        }
        db = work / "hostile.db"
        with hostile_site(root, routes) as site:
            first = crawlkit.update(site.base_url, db, *CRAWL)
            errors_first = errors(db)
            second = crawlkit.update(site.base_url, db, *CRAWL)
            errors_second = errors(db)
        yield {
            "db": db,
            "first": first,
            "second": second,
            "errors": errors_first,
            "errors_again": errors_second,
            "other": list(other.paths),
        }


def test_the_crawl_finishes_and_stores_the_bill(hostile):
    assert "(finished)" in hostile["first"].output, hostile["first"].output
    assert hostile["first"].code == 1  # new failures: the hostile links
    conn = sqlite3.connect(hostile["db"])
    try:
        labels = {r[0] for r in conn.execute("select label from versions")}
        finished = conn.execute(
            "select count(*) from crawls where finish_reason = 'finished'"
        ).fetchone()[0]
    finally:
        conn.close()
    assert {"Raised Bill", "File No. 394", "ED Joint Favorable Substitute"} <= labels
    assert finished == 2


def test_local_files_are_never_read(hostile):
    assert SECRET not in all_text(hostile["db"])
    errs = hostile["errors"]
    reason = error_for(errs, "secret.htm")[0]
    assert "out of scope" in reason and "file: scheme" in reason
    assert "linked from https://www.cga.ct.gov/asp/cgabillstatus" in reason
    assert "out of scope" in error_for(errs, "/TOB/x.htm")[0]
    assert "out of scope" in error_for(errs, "Local,")[0]  # a testimony link
    assert "CommDocTmyBillAllComm" in error_for(errs, "Local,")[0]  # names the listing


def test_other_origins_are_never_contacted(hostile):
    assert hostile["other"] == []
    assert "OTHER ORIGIN CONTENT" not in all_text(hostile["db"])
    for fragment in ("other-origin.htm", "relative.htm", "ftp.htm", "Other,"):
        reason = error_for(hostile["errors"], fragment)[0]
        assert "out of scope" in reason and "is not the crawled copy" in reason, reason


def test_a_redirect_out_of_scope_is_refused_and_not_stored(hostile):
    reason = error_for(hostile["errors"], "R02-HB.htm")[0]
    assert reason.startswith("redirected from ") and "/evil.htm, out of scope" in reason
    conn = sqlite3.connect(hostile["db"])
    try:
        stored = conn.execute(
            "select count(*) from versions where url like '%R02-HB%' or source_url like '%evil%'"
        ).fetchone()[0]
    finally:
        conn.close()
    assert stored == 0


@pytest.mark.parametrize(
    ("fragment", "reason"),
    [
        ("R03-HB.htm", "response larger than 1 MB"),
        ("R04-HB.htm", "response larger than 1 MB after decompression"),
        ("R05-HB.htm", "response larger than 1 MB"),
        ("R06-HB.PDF", "PDF text extraction exceeded 2 s"),
    ],
)
def test_every_overrun_is_an_error_in_words(hostile, fragment, reason):
    assert error_for(hostile["errors"], fragment)[0] == reason


def test_refused_links_are_recorded_once_and_never_retried(hostile):
    first, again = hostile["errors"], hostile["errors_again"]
    refused = {url for url, row in first.items() if row[2]}
    assert len(refused) == 7  # 5 version links, 2 testimony links
    for url in refused:
        _error, attempts, flag, next_retry, _at = first[url]
        assert (attempts, flag, next_retry) == (0, 1, None)
        assert again[url] == first[url]  # not recorded again, not retried
    assert hostile["second"].code in (0, 1)
    assert "7 new" not in hostile["second"].output

"""End to end: the real Scrapy downloader over HTTP against the offline copy of the site.

One subprocess per crawl (Twisted's reactor does not restart in a process).
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from billwatch.samplesite import running

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-site"

# Tables whose content a crawl determines (timestamps and run bookkeeping excluded).
CONTENT = {
    "bills": "id, session, title, stage, outcome, public_act, committee, statement_of_purpose",
    "actions": "bill_id, seq, date, code, text, stage, source",
    "documents": "id, bill_id, kind, label, url",
    "versions": "bill_id, seq, label, kind, url, sha256",
    "changes": "id, bill_id, kind, key, summary, baseline",
    "subjects": "bill_id, subject",
    "not_found": "bill_id",
    "bill_topics": "bill_id, topic",
}


def snapshot(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    out = {
        t: sorted(conn.execute(f"select {cols} from {t}").fetchall()) for t, cols in CONTENT.items()
    }
    conn.close()
    return out


@pytest.fixture(scope="module")
def site():
    with running(root=SAMPLE) as base_url:
        yield base_url


ALL_2015 = ("--session", "2015", "--all")


@pytest.fixture(scope="module")
def full_db(site, tmp_path_factory, crawlkit):
    db = tmp_path_factory.mktemp("crawl") / "a.db"
    return db, crawlkit.update(site, db, *ALL_2015).code


def test_first_run_stores_the_copy_and_flags_the_broken_pages(full_db):
    db, code = full_db
    assert code == 1  # the sample's deliberately broken pages are new failures
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    bills = dict(conn.execute("select id, stage from bills"))
    assert bills["2015-HB-7017"] in ("passed_first",)
    assert bills["2016-HB-5469"] == "enacted"
    assert bills["2017-HB-7207"] == "enacted"
    assert bills["2018-HB-5444"] == "enacted"
    outcome = dict(conn.execute("select id, outcome from bills"))
    assert outcome["2015-HB-7017"] == "dead"  # 2015 session ended; never passed the Senate
    assert outcome["2016-HB-5469"] == "enacted"
    pa = dict(conn.execute("select id, public_act from bills where public_act is not null"))
    assert pa["2016-HB-5469"] == "16-189" and pa["2017-HB-7207"] == "17-200"
    kinds = {r[0] for r in conn.execute("select kind from versions where bill_id = '2015-HB-7017'")}
    assert {"text", "file_copy", "amendment"} <= kinds
    texts = [r[0] for r in conn.execute("select text from versions")]
    assert all(t.strip() for t in texts)
    assert not any("*0" in t and t.count("*") == 2 for t in texts)  # no barcodes left
    urls = [r[0] for r in conn.execute("select url from documents union select url from versions")]
    assert all(u.startswith("https://www.cga.ct.gov/") for u in urls), urls[:3]
    errors = dict(conn.execute("select url, error from errors where resolved_at is null"))
    assert errors, "the sample site's broken pages must be recorded"
    assert conn.execute("select count(*) from not_found").fetchone()[0] >= 1
    conn.close()


def test_every_sample_bill_of_the_bulk_files_is_stored(full_db):
    db, _ = full_db
    info = (SAMPLE / "pub" / "data" / "bill_info.csv").read_bytes().decode("cp1252")
    expected = sum(1 for line in info.splitlines()[1:] if line.strip() and ",2015," in line)
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from bills where session = 2015").fetchone()[0] == expected
    conn.close()


def test_second_run_adds_no_changes(site, full_db, tmp_path, crawlkit):
    copy = crawlkit.copy(full_db[0], tmp_path / "b.db")
    before = snapshot(copy)
    code = crawlkit.update(site, copy, *ALL_2015).code
    assert code == 0  # earlier failures are retried later, not re-alerted
    after = snapshot(copy)
    assert after == before


def test_killed_midway_then_rerun_ends_identical(site, full_db, tmp_path, crawlkit):
    clean = snapshot(full_db[0])
    db = tmp_path / "k.db"
    proc = subprocess.Popen(
        crawlkit.command(site, db, *ALL_2015),
        cwd=ROOT,
        env=crawlkit.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill once some bills are stored
        if db.exists():
            try:
                conn = sqlite3.connect(db, timeout=1)
                n = conn.execute("select count(*) from versions").fetchone()[0]
                conn.close()
            except sqlite3.Error:
                n = 0
            if n >= 1:
                break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    conn.close()
    crawlkit.update(site, db, *ALL_2015, "--retry-now")
    again = snapshot(db)
    for table in CONTENT:
        if table == "changes":
            continue  # what was news vs baseline may differ after a kill; ids may not
        assert again[table] == clean[table], table
    ids = [r[0] for r in again["changes"]]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(r[0] for r in clean["changes"])


def test_testimony_is_stored_and_searchable(full_db):
    db, _ = full_db
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "select bill_id, submitter, organization, position from testimony where rowid in "
        "(select rowid from testimony_fts where testimony_fts match '\"lunchroom ledger\"')"
    ).fetchall()
    # The phrase is inside one sample PDF only.
    assert rows == [("2015-HB-7017", "Nuñez, José", "Shoreline Parents' Network", "oppose")]
    scans = conn.execute("select count(*) from testimony where scanned = 1 and text is null")
    assert scans.fetchone()[0] == 1
    # One PDF listed under two bills: two rows, one download.
    shared = conn.execute(
        "select count(*), count(distinct sha256) from testimony where submitter like 'O''Brien%'"
    ).fetchone()
    assert shared == (2, 1)
    broken = [r[0] for r in conn.execute("select url from errors where url like '%/TMY/%'")]
    assert len(broken) == 4  # 404, truncated, HTML-as-PDF, unreadable name
    summaries = [r[0] for r in conn.execute("select summary from changes where kind='testimony'")]
    assert "7 new testimonies on 2015-HB-7017: 2 support, 3 oppose, 1 neutral, 1 not stated" in (
        summaries
    )
    conn.close()

"""``billwatch demo`` and what a newcomer does next (issue 12): one demo run (two crawls of the
offline copy) in a scratch directory, its feeds, the bill page they link to, then every
command of the README's "After the demo" block, in order, with no ``--db``."""

from __future__ import annotations

import os
import re
import shlex
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import feedparser
import lxml.html
import pytest
from publish_fixture import free_port, get

from billwatch.demo import CRAWLS
from billwatch.serve import make_datasette

ROOT = Path(__file__).resolve().parent.parent
BILL = "2015-HB-7017"
BIN = Path(sys.executable).parent


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BILLWATCH_")}
    return {**env, "PYTHONUNBUFFERED": "1"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> SimpleNamespace:
    cwd = tmp_path_factory.mktemp("newcomer")
    proc = subprocess.run(
        [sys.executable, "-m", "billwatch", "demo", "--no-serve"],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    db = cwd / "data" / "sample.db"
    return SimpleNamespace(cwd=cwd, db=db, output=output, ds=make_datasette(db))


def feed(ds, path):
    response = get(ds, path)
    assert response.status_code == 200, response.text
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def view_rows(db: Path, bill: str) -> dict[str, dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        # A member's score change is its topic's news (the topic feed), not the bill's.
        rows = conn.execute(
            "select e.* from feed_entries as e join changes as c on c.id = e.change_id "
            "where e.bill_id = ? and c.key not like 'score|%'",
            [bill],
        ).fetchall()
        return {f"tag:billwatch,2015:change/{r['change_id']}": dict(r) for r in rows}
    finally:
        conn.close()


def test_the_demos_feeds_carry_news(demo):
    for path in ("/feeds/changes.atom", "/feeds/topics/student-privacy.atom"):
        entries = feed(demo.ds, path).entries
        assert len(entries) >= 10, path
        kinds = {e.tags[0].term for e in entries}
        assert {"version", "action", "stage", "testimony"} <= kinds, path
    entries = feed(demo.ds, "/feeds/changes.atom").entries
    substitute = next(
        e for e in entries if e.title == f"{BILL}: new text — ED Joint Favorable Substitute"
    )
    assert "<ins>" in substitute.summary and "<del>" in substitute.summary  # its redline
    assert any(e.title == f"{BILL}: Passed the House" for e in entries)
    testimony = next(e for e in entries if e.tags[0].term == "testimony" and BILL in e.title)
    assert re.search(r"testimony from [^,]+, [^,]+, .+ and \d+ more$", testimony.title)
    # and the closing lines name a feed with entries
    counts = re.findall(r"/feeds/topics/student-privacy\.atom\s+(\d+) entries", demo.output)
    assert counts and int(counts[0]) == len(
        feed(demo.ds, "/feeds/topics/student-privacy.atom").entries
    )


def test_the_first_crawl_reported_its_last_seven_days_and_kept_the_rest_as_history(demo):
    earlier = CRAWLS[0].now  # the first crawl's clock: 18 March 2015
    conn = sqlite3.connect(demo.db)
    try:
        rows = conn.execute(
            "select kind, baseline, event_date from changes where detected_at = ? "
            "and session = 2015",
            [earlier],
        ).fetchall()
    finally:
        conn.close()
    assert rows
    news = [r for r in rows if r[1] == 0]
    assert news and all(r[2] and r[2] >= "2015-03-12" for r in news)
    assert all(r[1] == 1 for r in rows if r[2] is None or r[2] < "2015-03-12")


def test_a_bills_history_is_dated_by_its_events_in_the_status_pages_words(demo):
    entries = feed(demo.ds, f"/feeds/bills/{BILL}.atom").entries
    rows = view_rows(demo.db, BILL)
    assert len(entries) == len(rows)
    conn = sqlite3.connect(demo.db)
    actions = {
        seq: (text, bulk)
        for seq, text, bulk in conn.execute(
            "select seq, text, bulk_text from actions where bill_id = ? and source = 'both'",
            [BILL],
        )
    }
    conn.close()
    assert actions
    dated = 0
    for entry in entries:
        row = rows[entry.id]
        if row["event_date"]:
            assert entry.published[:10] == row["event_date"], entry.title
            dated += 1
        if row["kind"] == "action" and row["anchor"].startswith("action-"):
            seq = int(row["anchor"].removeprefix("action-"))
            if seq in actions:
                text, bulk = actions[seq]
                assert text in entry.title and (bulk == text or bulk not in entry.title)
    assert dated >= len(entries) - 6  # only the documents the site gives no date
    assert "SEN. CAL. NO." not in " ".join(e.title for e in entries)
    assert f"{BILL}: Senate Calendar Number 612" in [e.title for e in entries]


def test_entry_links_are_distinct_anchors_on_the_bill_page(demo):
    page = get(demo.ds, f"/bills/{BILL}")
    assert page.status_code == 200
    ids = set(lxml.html.fromstring(page.content).xpath("//@id"))
    links = [e.link for e in feed(demo.ds, f"/feeds/bills/{BILL}.atom").entries]
    assert len(set(links)) == len(links)
    for link in links:
        parts = urlsplit(link)
        assert parts.path == f"/bills/{BILL}" and parts.fragment, link
        assert unquote(parts.fragment) in ids, link
    assert any(link.endswith("#v2") for link in links)  # the anchor the page had already


def test_one_entry_per_new_text(demo):
    entries = feed(demo.ds, f"/feeds/bills/{BILL}.atom").entries
    texts = [e.title for e in entries if e.tags[0].term == "version"]
    documents = [e.title for e in entries if e.tags[0].term == "document"]
    assert f"{BILL}: new text — File No. 394" in texts
    assert not any("File No. 394" in d or "Joint Favorable Substitute" in d for d in documents)


def _after_the_demo_block() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## After the demo", 1)[1].split("\n## ", 1)[0]
    return [
        line.strip().split("  #", 1)[0].strip()
        for line in section.splitlines()
        if line.startswith("    .venv/bin/")
    ]


def test_every_command_the_readme_shows_after_the_demo_succeeds_with_no_db(demo):
    commands = _after_the_demo_block()
    assert len(commands) >= 4 and any(c.endswith("billwatch serve") for c in commands)
    for command in commands:
        line = command.replace(".venv/bin/", f"{BIN}/")
        if line.endswith("billwatch serve"):
            _serve_answers(shlex.split(line), demo.cwd)
            continue
        proc = subprocess.run(
            ["bash", "-o", "pipefail", "-c", line],
            cwd=demo.cwd,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, (command, proc.stdout + proc.stderr)
        if "billwatch diff" in line or "billwatch export" in line:
            assert "sample data" in proc.stderr, command
        if "--from" in line:
            assert "[-" in proc.stdout and "{+" in proc.stdout  # markers when piped
    assert (demo.cwd / "site" / "feeds" / "changes.atom").is_file()


def _serve_answers(args: list[str], cwd: Path) -> None:
    port = free_port()
    env = {**_env(), "BILLWATCH_PORT": str(port)}
    proc = subprocess.Popen(
        args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                url = f"http://127.0.0.1:{port}/feeds/changes.atom"
                with urllib.request.urlopen(url, timeout=10) as response:
                    assert feedparser.parse(response.read()).entries
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    output = proc.stdout.read().decode() if proc.stdout else ""
                    raise AssertionError(f"billwatch serve did not answer:\n{output}") from None
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_demo_never_replaces_real_data(tmp_path):
    db = tmp_path / "real.db"
    conn = sqlite3.connect(db)
    conn.execute("create table crawls (base_url text)")
    conn.execute("insert into crawls values ('https://www.cga.ct.gov')")
    conn.commit()
    conn.close()
    proc = subprocess.run(
        [sys.executable, "-m", "billwatch", "demo", "--no-serve", "--db", str(db)],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and "not sample data" in proc.stderr
    assert db.read_bytes()  # untouched


def test_the_later_crawl_schedules_a_hearing_the_feeds_and_calendar_show_with_its_time(demo):
    """Issue 16: the Education Committee's calendar of the later state schedules 2016 HB
    5469's hearing, still to come by the demo's clock; one hearing moved, one cancelled."""
    from icalendar import Calendar

    later = CRAWLS[-1].now
    words = "Public hearing scheduled: Education Committee, Wed Mar 2, 2016, 10:00 AM, LOB Room 2E"
    titles = [e.title for e in feed(demo.ds, "/feeds/topics/student-privacy.atom").entries]
    assert f"2016-HB-5469: {words}" in titles
    assert any(t.startswith("2015-HB-6420: Public hearing moved:") for t in titles)
    assert any(t.startswith("2015-HB-7017: Public hearing cancelled:") for t in titles)
    calendar = Calendar.from_ical(get(demo.ds, "/feeds/hearings.ics").content)
    starts = {str(e.decoded("DTSTART")) for e in calendar.walk("VEVENT")}
    assert "2016-03-02 10:00:00-05:00" in starts
    assert "next: 2016-HB-5469, Wed Mar 2, 2016, 10:00 AM, LOB Room 2E" in demo.output
    conn = sqlite3.connect(demo.db)
    try:
        kinds = conn.execute(
            "select count(*) from changes where kind = 'hearing' and detected_at = ? "
            "and baseline = 0",
            [later],
        ).fetchone()[0]
    finally:
        conn.close()
    assert kinds >= 4

"""``update`` then ``notify`` through real crawls of the offline copy, as the scheduled
entries run them: the session's first crawl (18 March 2015) starts the subscriptions, the
crawl of the session as it ended is news delivered by e-mail and webhook, and a crawl that
finds nothing new, then ``notify``, sends nothing."""

from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from notify_fixture import HOOK_SECRET, SMTP_PASSWORD, SMTP_USER, http_receiver, smtp_server

from billwatch.samplesite import running_server

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-site"
EARLIER = "2015-03-18T22:00:00Z"  # the demo's clocks (billwatch/demo.py)
ENDED = "2015-06-24T16:00:00Z"
NEXT_DAY = "2015-06-25T16:00:00Z"


def notify(db: Path, subs: Path, now: str, *args: str) -> subprocess.CompletedProcess:
    watchlist = subs.with_name("watchlist.yml")
    env = {
        **os.environ,
        "BILLWATCH_NOW": now,
        "SMTP_USER": SMTP_USER,
        "SMTP_PASSWORD": SMTP_PASSWORD,
        "BILLWATCH_HOOK_SECRET": HOOK_SECRET,
    }
    cmd = [sys.executable, "-m", "billwatch", "notify", "--db", str(db)]
    cmd += ["--subscriptions", str(subs), "--watchlist", str(watchlist), "--retry-wait", "0"]
    cmd += args
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def lived(tmp_path_factory, crawlkit):
    """The session lived through: crawl, notify, crawl, notify, crawl again, notify."""
    tmp = tmp_path_factory.mktemp("notify-crawl")
    db = tmp / "bw.db"
    subs = tmp / "subscriptions.yml"
    watchlist = tmp / "watchlist.yml"  # the 2015 session's watched bill alone: a short crawl
    watchlist.write_text(
        "topics:\n  student-privacy:\n    keywords: [student data privacy]\n"
        "    bills: [2015-HB-7017]\n"
    )
    runs: dict[str, object] = {}
    with (
        smtp_server() as (box, port),
        http_receiver() as rx,
        running_server(SAMPLE, state="earlier") as site,
    ):
        subs.write_text(
            "subscriptions:\n"
            "  - id: privacy-list\n"
            f'    notify: "mailto://{{SMTP_USER}}:{{SMTP_PASSWORD}}@127.0.0.1:{port}'
            '?to=list@example.org&from=billwatch@example.org"\n'
            "    topics: [student-privacy]\n"
            "    kinds: [version, stage, outcome, testimony]\n"
            "  - id: newsroom-hook\n"
            f"    webhook: {rx.url('/hook')}\n"
            "    secret_env: BILLWATCH_HOOK_SECRET\n"
            "    topics: [student-privacy]\n"
        )
        args = ("--session", "2015", "--watchlist", str(watchlist))
        crawlkit.update(site.base_url, db, *args, env={"BILLWATCH_NOW": EARLIER})
        runs["start"] = notify(db, subs, "2015-03-18T22:30:00Z")
        site.set_state(None)  # the session as it ended
        crawlkit.update(site.base_url, db, *args, env={"BILLWATCH_NOW": ENDED})
        runs["news"] = notify(
            db, subs, "2015-06-24T16:30:00Z", "--public-url", "https://bw.example"
        )
        after_news = (len(box.messages), len(rx.received))
        crawlkit.update(site.base_url, db, *args, env={"BILLWATCH_NOW": NEXT_DAY})
        runs["quiet"] = notify(db, subs, "2015-06-25T16:30:00Z")
        yield {
            "db": db,
            "runs": runs,
            "box": box,
            "rx": rx,
            "after_news": after_news,
        }


def test_the_first_crawl_starts_the_subscriptions_and_sends_nothing(lived):
    start = lived["runs"]["start"]
    assert start.returncode == 0, start.stdout + start.stderr
    assert "privacy-list: new subscription, starts now" in start.stdout


def test_the_news_reaches_each_subscription_once(lived):
    news = lived["runs"]["news"]
    assert news.returncode == 0, news.stdout + news.stderr
    conn = sqlite3.connect(lived["db"])
    expected = {
        kind: n
        for kind, n in conn.execute(
            "select e.kind, count(*) from feed_entries as e join bill_topics as t"
            " on t.bill_id = e.bill_id and t.topic = 'student-privacy'"
            " where e.baseline = 0 and e.detected_at = ? group by 1",
            [ENDED],
        )
    }
    ledger = conn.execute(
        "select subscription_id, status, count(*) from deliveries group by 1, 2"
    ).fetchall()
    conn.close()
    mail_kinds = ("version", "stage", "outcome", "testimony")
    assert expected.get("version") and expected.get("testimony")
    assert dict((s, n) for s, _, n in ledger) == {
        "privacy-list": sum(expected.get(k, 0) for k in mail_kinds),
        "newsroom-hook": sum(expected.values()),
    }
    assert {status for _, status, _ in ledger} == {"sent"}
    subjects = [m["Subject"] for m in lived["box"].messages]
    assert len(subjects) == sum(expected.get(k, 0) for k in mail_kinds)  # one e-mail each
    ids = [m["Message-ID"] for m in lived["box"].messages]
    assert len(set(ids)) == len(ids)
    assert any(
        s.startswith("[sample data] HB 7017: new text (") and "words" in s for s in subjects
    ), subjects
    posts = lived["rx"].of("/hook")
    assert len(posts) == sum(expected.values())
    assert len({p.json()["delivery_id"] for p in posts}) == len(posts)
    for post in posts:
        mac = hmac.new(HOOK_SECRET.encode(), post.body, hashlib.sha256).hexdigest()
        assert post.headers["X-Billwatch-Signature"] == f"sha256={mac}"
    version = next(p.json() for p in posts if p.json()["change"]["kind"] == "version")
    assert version["change"]["bill_url"].startswith("https://bw.example/bills/")
    assert (
        "<ins>" in version["change"]["redline_html"] or "<del>" in version["change"]["redline_html"]
    )


def test_a_no_change_update_then_notify_sends_nothing(lived):
    quiet = lived["runs"]["quiet"]
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    assert "sent 0 messages" in quiet.stdout

    assert (len(lived["box"].messages), len(lived["rx"].received)) == lived["after_news"]

"""Runs that end badly (issue 9): a kill between the bulk step and the bill it announced,
kills during the bulk step, and two updates at once.

The copy's "changed" switch on 2015 HB 7017 is the site moving on: a new Bill History row
(on the status page and in bill_history.csv) and a new amendment.  Whatever moment a run is
killed at, the next plain run (no --force) must store that change.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from billwatch.samplesite import serve

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-site"
BILL = "2015-HB-7017"
CRAWL = ("--session", "2015", "--bills", BILL)
STATUS = "/asp/cgabillstatus/cgabillstatus.asp?selBillType=Bill&which_year=2015&bill_num=7017"
NEW_AMENDMENT = "LCO# 9020"


@pytest.fixture(scope="module")
def seed(crawlkit, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "seed.db"
    server, thread = serve(SAMPLE, faults={})
    try:
        crawlkit.update(server.base_url, db, *CRAWL)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    return db


def has_change(db: Path) -> tuple[bool, bool]:
    """(the new amendment's version is stored, its Bill History row is stored)."""
    conn = sqlite3.connect(db)
    try:
        version = conn.execute(
            "select count(*) from versions where bill_id = ? and label like ?",
            [BILL, f"%{NEW_AMENDMENT}%"],
        ).fetchone()[0]
        action = conn.execute(
            "select count(*) from actions where bill_id = ? and date = '2015-06-02'", [BILL]
        ).fetchone()[0]
    finally:
        conn.close()
    return bool(version), bool(action)


def kill_when(proc: subprocess.Popen, done, timeout: float = 60) -> bool:
    """SIGKILL ``proc`` once ``done()``; True if it was still running then."""
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if done():
                break
            time.sleep(0.002)
        return proc.poll() is None
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def test_a_kill_after_the_bulk_step_does_not_lose_the_bill(crawlkit, seed, tmp_path):
    db = crawlkit.copy(seed, tmp_path / "t.db")
    server, thread = serve(SAMPLE, faults={"changed": {STATUS: 1}, "slow": {STATUS: 20}})
    try:
        proc = subprocess.Popen(
            crawlkit.command(server.base_url, db, *CRAWL),
            cwd=ROOT,
            env=crawlkit.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Killed while the bill's (slow) status page is being served: the bulk step, with
        # the new bill_history.csv row, is stored; the bill is not.
        assert kill_when(proc, lambda: has_change(db)[1]) is True
        assert has_change(db) == (False, True)  # the bulk history row only
        server.clear_fault("slow")
        crawlkit.update(server.base_url, db, *CRAWL)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert has_change(db) == (True, True)


@pytest.mark.parametrize("kill_after", [1, 2, 3, 4, 5, 6])
def test_a_kill_during_the_bulk_step_never_loses_a_change(crawlkit, seed, tmp_path, kill_after):
    """Killed after the k-th answer (robots.txt, the four bulk files, the status page),
    each answer a little late so the kill lands mid-step; the rerun stores the change."""
    db = crawlkit.copy(seed, tmp_path / "t.db")
    server, thread = serve(SAMPLE, faults={"changed": {STATUS: 1}, "slow": {"*": 0.05}})
    try:
        proc = subprocess.Popen(
            crawlkit.command(server.base_url, db, *CRAWL),
            cwd=ROOT,
            env=crawlkit.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        kill_when(proc, lambda: len(server.request_log) >= kill_after)
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
        server.clear_fault("slow")
        crawlkit.update(server.base_url, db, *CRAWL)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert has_change(db) == (True, True)


def test_one_update_at_a_time(crawlkit, seed, tmp_path):
    db = crawlkit.copy(seed, tmp_path / "t.db")
    server, thread = serve(SAMPLE, faults={"slow": {STATUS: 20}})
    try:
        first = subprocess.Popen(
            [*crawlkit.command(server.base_url, db, *CRAWL), "--force"],
            cwd=ROOT,
            env=crawlkit.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        lock = Path(f"{db}.update.lock")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if lock.exists() and lock.read_text().strip() == str(first.pid):
                break
            time.sleep(0.01)
        second = subprocess.run(
            crawlkit.command(server.base_url, db, *CRAWL),
            cwd=ROOT,
            env=crawlkit.env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 3, second.stdout + second.stderr
        assert f"another update (pid {first.pid}) holds the lock on {db}" in second.stderr
        # The holder dies without a chance to clean up: the next run takes the lock over.
        first.send_signal(signal.SIGKILL)
        first.wait()
        server.clear_fault("slow")
        third = crawlkit.update(server.base_url, db, *CRAWL)
        assert "(finished)" in third.output
    finally:
        if first.poll() is None:
            first.kill()
        server.shutdown()
        server.server_close()
        thread.join(5)

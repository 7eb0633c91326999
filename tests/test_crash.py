"""Crash safety: ``billwatch update`` killed with SIGKILL at random points, then rerun.

For each seed a crawl of the whole 2015 sample (``--all``) is killed either after the
k-th request the server answered or a random time after its first request (seed i of n
within the i-th n-th of a clean run, so the kills cover the crawl); the copy
answers every request a little late (the ``slow`` fault) so kills land mid-crawl.  Then:
``PRAGMA integrity_check`` (and the full-text indexes' own check) is ok, and the same
command run again ends with a database whose content equals a clean run's (timestamps and
the bookkeeping tables crawls/errors/http_cache aside), with no duplicate rows and the
change log's ids exactly the clean run's.  Seeds run side by side, each with its own copy.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from billwatch.samplesite import SampleSite, serve

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-site"
CRAWL = ("--session", "2015", "--all")
SEEDS = (1, 2, 3, 4, 5)
DELAY = 0.03  # seconds before each answer


class Killed(NamedTuple):
    how: str  # "after request k/N" or "after s seconds"
    still_running: bool  # the crawl had not finished when it was killed
    integrity: str | None  # None: killed before the database was created
    fts_problems: list[str]
    rerun: Any  # Run
    db: Path


def slow_site() -> tuple[SampleSite, Any]:
    return serve(SAMPLE, faults={"slow": {"*": DELAY}})


def stop(server: SampleSite, thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join(5)


def fts_problems(db: Path) -> list[str]:
    """FTS5's 'integrity-check' of every full-text index against its content table."""
    conn = sqlite3.connect(db)
    problems = []
    try:
        names = conn.execute(
            "select name from sqlite_master where type = 'table' and sql like '%using fts5%'"
        ).fetchall()
        for (name,) in names:
            try:
                conn.execute(f"insert into {name}({name}) values ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                problems.append(f"{name}: {exc}")
    finally:
        conn.close()
    return problems


def clean_run(kit, work: Path) -> tuple[Path, int, float]:
    """(database, requests answered, seconds from first to last answer) of a clean run."""
    server, thread = slow_site()
    try:
        db = work / "clean.db"
        kit.update(server.base_url, db, *CRAWL)
        log = list(server.request_log)
    finally:
        stop(server, thread)
    return db, len(log), log[-1].at - log[0].at


def kill_and_rerun(kit, work: Path, seed: int, requests: int, span: float) -> Killed:
    """Seed i of n kills within the i-th n-th of the clean run, so kills cover it all."""
    rng = random.Random(seed)
    slot = SEEDS.index(seed)
    lo, hi = slot / len(SEEDS), (slot + 1) / len(SEEDS)
    by_count = rng.random() < 0.6
    k = rng.randint(max(1, int(lo * requests)), max(1, int(hi * requests) - 1))
    after = rng.uniform(lo * span, hi * span)
    db = work / f"killed-{seed}.db"
    server, thread = slow_site()
    try:
        proc = subprocess.Popen(
            kit.command(server.base_url, db, *CRAWL),
            cwd=ROOT,
            env=kit.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        try:
            while proc.poll() is None and time.monotonic() < deadline:
                log = server.request_log
                if by_count and len(log) >= k:
                    break
                if not by_count and log and time.monotonic() - log[0].at >= after:
                    break
                time.sleep(0.002)
            still_running = proc.poll() is None
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        how = f"after request {k}/{requests}" if by_count else f"after {after:.2f} s"
        integrity = None
        if db.exists():
            conn = sqlite3.connect(db)
            try:
                integrity = conn.execute("pragma integrity_check").fetchone()[0]
            finally:
                conn.close()
        problems = fts_problems(db) if db.exists() else []
        rerun = kit.update(server.base_url, db, *CRAWL)
    finally:
        stop(server, thread)
    return Killed(how, still_running, integrity, problems, rerun, db)


@pytest.fixture(scope="module")
def clean(crawlkit, tmp_path_factory) -> tuple[Path, int, float]:
    return clean_run(crawlkit, tmp_path_factory.mktemp("clean"))


@pytest.fixture(scope="module")
def killed(crawlkit, clean, tmp_path_factory) -> dict[int, Any]:
    _, requests, span = clean
    with ThreadPoolExecutor(max_workers=len(SEEDS)) as pool:
        futures = {
            seed: pool.submit(
                kill_and_rerun,
                crawlkit,
                tmp_path_factory.mktemp(f"seed{seed}"),
                seed,
                requests,
                span,
            )
            for seed in SEEDS
        }
        out: dict[int, Any] = {}
        for seed, future in futures.items():
            try:
                out[seed] = future.result(timeout=300)
            except Exception as exc:  # reported by that seed's tests
                out[seed] = exc
    assert requests > len(SEEDS) and span > 0
    return out


def run_of(killed: dict[int, Any], seed: int) -> Killed:
    got = killed[seed]
    if isinstance(got, Exception):
        raise got
    return got


@pytest.mark.parametrize("seed", SEEDS)
def test_the_kill_leaves_an_intact_database(killed, seed):
    got = run_of(killed, seed)
    assert got.still_running, f"seed {seed}: the crawl ended before the kill ({got.how})"
    assert got.integrity in (None, "ok"), (got.how, got.integrity)
    assert got.fts_problems == [], got.how


@pytest.mark.parametrize("seed", SEEDS)
def test_the_rerun_ends_identical_to_a_clean_run(killed, clean, seed, crawlkit):
    got = run_of(killed, seed)
    assert "(finished)" in got.rerun.output, got.rerun.output
    expected = crawlkit.snapshot(clean[0], mask_ports=True)
    after = crawlkit.snapshot(got.db, mask_ports=True)
    assert {t: len(rows) for t, rows in after.items()} == {
        t: len(rows) for t, rows in expected.items()
    }, got.how
    for table in expected:
        assert after[table] == expected[table], (got.how, table)
    assert crawlkit.duplicates(got.db) == [], got.how


@pytest.mark.parametrize("seed", SEEDS)
def test_the_change_log_has_no_duplicates_and_the_clean_ids(killed, clean, seed):
    got = run_of(killed, seed)

    def ids(db: Path) -> list[str]:
        conn = sqlite3.connect(db)
        try:
            return [r[0] for r in conn.execute("select id from changes")]
        finally:
            conn.close()

    after = ids(got.db)
    assert len(after) == len(set(after)), got.how
    assert sorted(after) == sorted(ids(clean[0])), got.how

"""Load on the published site while it is updated: no errors, no half-applied bill.

Bounded and local: the sample site and the published site listen on 127.0.0.1 only; every
client stops after ``MAX_REQUESTS`` requests or ``SECONDS`` seconds, whichever comes first;
the writer and the update stop by themselves.  Latencies are printed (``pytest -s``), never
asserted: this machine is shared and noisy (see ``benchmarks/bench_site.py`` for figures).

The database is the sample site crawled by a real ``billwatch update``, plus a few load
bills of another session.  While K clients read search, bill pages, feeds and embed JSON
over HTTP from ``make_datasette`` under uvicorn, two writers work on the same file:

* a writer thread commits per-bill transactions on the load bills: the bill's stage, title
  and last action, its new action row and its change row, in one ``BEGIN IMMEDIATE``
  transaction - so a reader that sees the stage of step n must see step n's action;
* ``billwatch update --force`` re-crawls the sample site (its own per-bill transactions).

Readers check what one SQL statement and one embed card show (always one snapshot).  The
bill page runs several queries; ``test_bill_page_reads_one_snapshot`` checks that its header
and timeline agree while a writer process commits (it reads in one transaction:
``publish/snapshot.in_one_snapshot``).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import socket
import sqlite3
import subprocess
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from urllib.parse import quote

import httpx
import pytest
import uvicorn

from billwatch.samplesite import serve
from billwatch.serve import make_datasette
from pipelines.changes import change_id
from pipelines.schema import open_db

K = 6  # concurrent clients
SECONDS = 8.0  # the load phase, at most
MAX_REQUESTS = 120  # per client, at most
LOAD_BILLS = [f"2099-HB-{n}" for n in (9901, 9902, 9903)]  # a session the update never touches
STAGES = ("in_committee", "reported", "calendar", "passed_first", "passed_both")
STEP = re.compile(r"LOAD STEP (\d+)")
CONSISTENCY_SQL = """
select b.id, b.stage, b.last_action,
       (select text from actions a where a.bill_id = b.id order by a.seq desc limit 1) as last_text,
       (select count(*) from actions a where a.bill_id = b.id) as actions,
       (select count(*) from changes c where c.bill_id = b.id) as changes
from bills b where b.session = 2099 order by b.id
"""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def add_load_bills(db_path) -> None:
    db = open_db(db_path)
    with db.conn:
        for bill_id in LOAD_BILLS:
            number = int(bill_id.rsplit("-", 1)[1])
            url = f"https://www.cga.ct.gov/asp/cgabillstatus/cgabillstatus.asp?bill_num={number}"
            db["bills"].insert(
                {
                    "id": bill_id,
                    "session": 2099,
                    "chamber": "house",
                    "type": "HB",
                    "number": number,
                    "title": "LOAD TEST BILL, STEP 0",
                    "stage": "introduced",
                    "status_url": url,
                    "source_url": url,
                    "fetched_at": now(),
                    "first_seen_at": now(),
                }
            )
    db.close()


def apply_step(conn: sqlite3.Connection, bill_id: str, n: int) -> None:
    """One per-bill transaction: stage, title and last action, the action, the change."""
    at = now()
    text = f"LOAD STEP {n}"
    conn.execute("BEGIN IMMEDIATE")
    try:
        seq = conn.execute(
            "select coalesce(max(seq), 0) + 1 from actions where bill_id = ?", [bill_id]
        ).fetchone()[0]
        conn.execute(
            "update bills set stage = ?, title = ?, last_action = ?, last_action_date = ?,"
            " fetched_at = ? where id = ?",
            [STAGES[n % len(STAGES)], f"LOAD TEST BILL, STEP {n}", text, at[:10], at, bill_id],
        )
        conn.execute(
            "insert into actions (bill_id, seq, date, text, stage, event, key, source,"
            " source_url, fetched_at) values (?, ?, ?, ?, ?, 'other', ?, 'status_page', ?, ?)",
            [bill_id, seq, at[:10], text, STAGES[n % len(STAGES)], f"load|{n}", "load", at],
        )
        key = f"action|{bill_id}|load|{n}"
        conn.execute(
            "insert into changes (id, bill_id, session, kind, key, detected_at, summary,"
            " baseline) values (?, ?, 2099, 'action', ?, ?, ?, 0)",
            [change_id(key), bill_id, key, at, f"{bill_id}: {text}"],
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class Writer(threading.Thread):
    # The pause leaves the update's writer a turn: SQLite's busy handler is not fair, and a
    # loop taking the write lock every 2 ms starved it past its 10 s busy timeout on a
    # loaded machine (the real site has one writer at a time: the update lock).
    def __init__(self, db_path, stop: threading.Event, pause: float = 0.01):
        super().__init__(daemon=True)
        self.db_path, self.stop, self.pause = db_path, stop, pause
        self.done = 0
        self.errors: list[str] = []

    def run(self) -> None:
        db = open_db(self.db_path)
        db.conn.isolation_level = None  # explicit transactions
        n = 0
        try:
            while not self.stop.is_set() and n < 5000:
                n += 1
                try:
                    apply_step(db.conn, LOAD_BILLS[n % len(LOAD_BILLS)], n)
                    self.done += 1
                except sqlite3.Error as exc:
                    self.errors.append(str(exc))
                time.sleep(self.pause)
        finally:
            db.close()


class Site:
    """``make_datasette`` under uvicorn in a thread, on a free 127.0.0.1 port."""

    def __init__(self, db_path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        config = uvicorn.Config(
            make_datasette(db_path).app(),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def sample(tmp_path_factory, crawlkit):
    """(database crawled from the sample site, the running sample site's base URL)."""
    server, thread = serve(root=crawlkit.root / "data" / "sample-site")
    try:
        db = tmp_path_factory.mktemp("load") / "load.db"
        crawlkit.update(server.base_url, db, "--session", "2015", "--all")
        add_load_bills(db)
        yield db, server.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def check_embed(body: dict) -> str | None:
    """The card comes from one row: its last action's step gives its stage."""
    m = STEP.fullmatch(body.get("last_action") or "")
    if m and body["stage"] != STAGES[int(m.group(1)) % len(STAGES)]:
        return f"embed: stage {body['stage']!r} with {body['last_action']!r}"
    return None


def check_rows(rows: list[dict]) -> str | None:
    """One SQL statement sees bills, actions and changes of one snapshot: all or nothing."""
    for r in rows:
        if r["last_action"] and r["last_action"] != r["last_text"]:
            return f"half-applied {r['id']}: {r['last_action']!r} vs action {r['last_text']!r}"
        if r["actions"] != r["changes"]:
            return f"half-applied {r['id']}: {r['actions']} actions, {r['changes']} changes"
    return None


def test_load_while_updating(sample, crawlkit):
    db, site_url = sample
    sql = "/billwatch.json?_shape=array&sql=" + quote(CONSISTENCY_SQL)
    targets = [
        ("search", "/billwatch/bills?_search=student"),
        ("search", "/billwatch/versions?_search=student+data"),
        ("bill page", "/bills/2015-HB-7017"),
        ("bill page", f"/bills/{LOAD_BILLS[0]}"),
        ("feed", "/feeds/changes.rss"),
        ("feed", "/feeds/bills/2015-HB-7017.atom"),
        ("feed", f"/feeds/bills/{LOAD_BILLS[1]}.rss"),
        ("embed JSON", "/embed/2015-HB-7017.json"),
        ("embed JSON", f"/embed/{LOAD_BILLS[2]}.json"),
        ("consistency", sql),
    ]
    latencies: dict[str, list[float]] = defaultdict(list)
    problems: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(k: int, base: str, deadline: float) -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            for i in range(MAX_REQUESTS):
                if time.monotonic() > deadline:
                    return
                kind, path = targets[(i + k) % len(targets)]
                start = time.perf_counter()
                try:
                    r = http.get(path)
                except httpx.HTTPError as exc:
                    with lock:
                        problems.append(f"{path}: {type(exc).__name__}: {exc}")
                    continue
                took = time.perf_counter() - start
                bad = None
                if r.status_code != 200:
                    bad = f"HTTP {r.status_code}: {r.text[:200]}"
                elif "database is locked" in r.text:
                    bad = "database is locked"
                elif kind == "embed JSON":
                    bad = check_embed(r.json())
                elif kind == "consistency":
                    bad = check_rows(r.json())
                with lock:
                    latencies[kind].append(took)
                    if bad:
                        problems.append(f"{path[:60]}: {bad}")

    with Site(db) as site:
        writer = Writer(db, stop)
        update = subprocess.Popen(
            crawlkit.command(site_url, db, "--session", "2015", "--all", "--force", "--retry-now"),
            cwd=crawlkit.root,
            env=crawlkit.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        writer.start()
        deadline = time.monotonic() + SECONDS
        clients = [
            threading.Thread(target=client, args=(k, site.url, deadline), daemon=True)
            for k in range(K)
        ]
        for t in clients:
            t.start()
        for t in clients:
            t.join(timeout=SECONDS + 30)
        stop.set()
        writer.join(timeout=10)
        out, _ = update.communicate(timeout=60)

    requests = sum(len(v) for v in latencies.values())
    print(f"\n{requests} requests by {K} clients; writer {writer.done} transactions")
    for kind, xs in sorted(latencies.items()):
        xs.sort()
        p95 = xs[min(len(xs) - 1, int(0.95 * len(xs)))]
        p50 = xs[len(xs) // 2]
        print(f"  {kind:<12} n={len(xs):<4} p50 {p50 * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms")

    assert not any(t.is_alive() for t in clients)
    assert problems == []
    assert writer.errors == [] and writer.done >= 20
    assert update.returncode in (0, 1), out[-2000:]
    assert "locked" not in out and "could not store" not in out, out[-2000:]
    assert requests >= 50
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.row_factory = sqlite3.Row
        assert check_rows([dict(r) for r in conn.execute(CONSISTENCY_SQL)]) is None
    finally:
        conn.close()


def write_steps(db_path: str, seconds: float, done) -> None:
    """A writer process (no GIL shared with the readers): steps on the first load bill."""
    db = open_db(db_path)
    db.conn.isolation_level = None
    end = time.monotonic() + seconds
    n = 10_000
    try:
        while time.monotonic() < end and n < 60_000:
            n += 1
            apply_step(db.conn, LOAD_BILLS[0], n)
            done.value += 1
            time.sleep(0.0005)
    finally:
        db.close()


def test_bill_page_reads_one_snapshot(sample):
    """The bill page's 'Last action' and its timeline agree while the bill is updated."""
    db, _ = sample
    ds = make_datasette(db)
    ctx = multiprocessing.get_context("spawn")
    done = ctx.Value("i", 0)
    writer = ctx.Process(target=write_steps, args=(str(db), 6.0, done), daemon=True)
    mismatches, pages = [], 0

    async def read(seconds: float) -> None:
        nonlocal pages
        end = time.monotonic() + seconds
        while time.monotonic() < end and pages < 1500:
            html = (await ds.client.get(f"/bills/{LOAD_BILLS[0]}")).text
            pages += 1
            header = re.search(r"Last action <time[^>]*>[^<]*</time>: LOAD STEP (\d+)", html)
            steps = [int(s) for s in STEP.findall(html)]
            if header and steps and int(header.group(1)) != max(steps):
                mismatches.append((int(header.group(1)), max(steps)))

    writer.start()
    try:
        while done.value == 0 and writer.is_alive():  # the child imports first
            time.sleep(0.05)
        asyncio.run(read(4.0))
    finally:
        writer.terminate()
        writer.join(timeout=10)
    print(f"\n{pages} bill pages while {done.value} transactions committed")
    assert done.value > 0 and pages > 20
    assert mismatches == [], f"{len(mismatches)} of {pages} pages half-applied: {mismatches[:5]}"

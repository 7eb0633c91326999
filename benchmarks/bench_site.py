"""Benchmark the published site: Datasette latency on a whole session, idle and while updated.

Run with one command (not part of CI; nothing here is asserted)::

    .venv/bin/python benchmarks/bench_site.py [--quick] [--json PATH]

1. **A whole session's database**, generated directly (not crawled) through
   ``pipelines.schema.open_db`` with plain ``executemany`` in one transaction, so the FTS
   triggers, indexes and migrations are the real ones: 5,000 bills of 2016 and 60,000
   actions (``bench_ingest.make_session`` parsed with ``spiders.bulk``, stage and outcome from
   ``spiders.stages``), 15,000 versions of ~8 KB (``bench_diff.make_bill`` / ``revise``), a
   diff row per consecutive pair (redlines from ``cga.redline.diff_versions`` on a few
   hundred pairs, reused), documents, testimony, hearings, the change log with baseline and
   news, and ``bill_topics`` for four watched topics.
2. **Query plans** (``EXPLAIN QUERY PLAN``) of the feed queries in metadata.yml, and their SQL
   time alone.
3. **Latency** p50/p95 of a full-text search (bills, version texts, and everything at once:
   ``/search``, where the checkout has it), a bill page
   ``/bills/ID``, a bill's feed, the global feed, and an embed JSON, beside a stock
   Datasette row page (``/billwatch/bills/ID.json``) as the reference, measured
   (a) in-process through ``ds.client`` (``billwatch.serve.make_datasette``),
   (b) over HTTP against ``billwatch.serve.serve_forever`` (uvicorn) in a subprocess, with one
   client and with N concurrent clients (threads, ``httpx``), and
   (c) the same N clients **while the database is written**: a writer process applies
   per-bill transactions (stage + last action on ``bills``, the action row, the change row -
   in one ``BEGIN IMMEDIATE`` transaction, WAL) and ``billwatch update --force`` crawls the
   offline sample site (``python -m billwatch.samplesite``) into the same file, in a loop.
   Every response is checked: no 5xx, no "database is locked" anywhere.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_diff
import bench_ingest
import bench_testimony
from _common import ROOT, Figure, Result, main_for, percentile

from billwatch.serve import default_workers
from cga import ids as cga_ids
from cga import urls as cga_urls
from cga.actions import classify, compute_progress
from cga.redline import diff_versions
from cga.testimony import testimony_id
from pipelines.actions import keyed
from pipelines.changes import change_id
from pipelines.diffs import diff_id
from pipelines.documents import document_id
from pipelines.schema import open_db
from spiders import bulk

SESSION = 2016  # the whole session's; its first crawl (baseline) is SessionBuilder.t0
ORIGIN = "https://www.cga.ct.gov"
FOLDERS = {"text": "TOB", "file_copy": "FC", "amendment": "lcoamd", "public_act": "ACT"}
_HEARING = re.compile(r"^PUBLIC HEARING (\d{2})/(\d{2})/(\d{4})")
TOPICS = {  # topic -> title phrases; about one bill in eight is watched
    "student-privacy": ("STUDENT DATA PRIVACY",),
    "school-safety": ("SCHOOL BUS STOP-ARM CAMERAS",),
    "labor": ("MINIMUM WAGE",),
}
BILL_TERMS = ("privacy", "student data", "minimum wage", "hospital", "solar", "bail reform")
# Phrases of bill titles (each bill's text starts with its title), and one word that is in
# nearly every generated text: the broadest search a reporter could type.
TEXT_TERMS = ("student data", "minimum wage", "opioid", "telehealth", "bail reform", "appropriated")


# ====================================================================== the database


def _iso(day: str, hour: int = 6) -> str:
    return f"{day}T{hour:02d}:00:00Z"


def _next_day(day: str, n: int = 1) -> str:
    return (date.fromisoformat(day) + timedelta(days=n)).isoformat()


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict], verb: str = "insert") -> None:
    if not rows:
        return
    cols = list(rows[0])
    sql = f"{verb} into {table} ({', '.join(cols)}) values ({', '.join('?' * len(cols))})"
    conn.executemany(sql, [tuple(r[c] for c in cols) for r in rows])


def _version_plan(stage: str, rng: random.Random, session: int) -> list[tuple[str, str]]:
    """(kind, label) of a bill's text versions, from how far it got."""
    plan = [("text", "Raised Bill")]
    if stage in ("introduced", "in_committee"):
        return plan
    plan.append(("file_copy", f"File No. {rng.randint(1, 900)}"))
    if stage in ("reported", "calendar"):
        return plan
    for letter in "AB"[: rng.randint(1, 2)]:
        plan.append(("amendment", f"House Schedule {letter} LCO# {rng.randint(3000, 9999)}"))
    if stage in ("passed_both", "public_act", "to_governor", "enacted"):
        plan.append(("public_act", f"Public Act {session % 100}-{rng.randint(1, 250)}"))
    return plan


def _fit(counts: list[int], total: int, rng: random.Random, lo: int = 1, hi: int = 8) -> None:
    """Adjust per-bill counts in place until they sum to ``total``."""
    s = sum(counts)
    while s != total:
        i = rng.randrange(len(counts))
        if s < total and counts[i] < hi:
            counts[i] += 1
            s += 1
        elif s > total and counts[i] > lo:
            counts[i] -= 1
            s -= 1


class SessionBuilder:
    """Rows of a whole session's database, built in memory, then written in one transaction."""

    TABLES = (
        "sessions",
        "committees",
        "bills",
        "subjects",
        "bill_topics",
        "actions",
        "documents",
        "versions",
        "diffs",
        "testimony",
        "hearings",
        "changes",
        "crawls",
    )

    def __init__(self, seed: int, session: int = SESSION):
        self.rng = random.Random(seed)
        self.session = session
        self.t0 = f"{session}-02-10T12:00:00Z"  # this session's first crawl: baseline
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.stages: dict[str, str] = {}
        self.last_day: dict[str, str] = {}
        self.diff_cache: list = []

    def change(self, bill_id, kind, key, at, summary, url=None, ref=None) -> None:
        self.rows["changes"].append(
            {
                "id": change_id(key),
                "bill_id": bill_id,
                "session": self.session,
                "kind": kind,
                "key": key,
                "detected_at": at,
                "summary": summary,
                "url": url,
                "baseline": int(at <= self.t0),
                "ref": ref,
            }
        )

    # --- bills and their actions (from the generated bulk CSVs, parsed by spiders.bulk)

    def bills(self, info: list, history: list) -> None:
        by_bill: dict[str, list] = defaultdict(list)
        for a in history:
            by_bill[str(a.bill)].append(a)
        for b in info:
            acts = sorted(by_bill.get(str(b.bill), []), key=lambda a: a.date)
            self.bill(b, acts)
        seen = set()
        self.rows["hearings"] = [
            h
            for h in self.rows["hearings"]
            if (k := (h["bill_id"], h["committee"], h["date"])) not in seen and not seen.add(k)
        ]

    def bill(self, b, acts: list) -> None:
        bill_id, comm = str(b.bill), b.extra.get("comm_code")
        session, t0 = self.session, self.t0
        progress = compute_progress([(a.date, a.text) for a in acts], session)
        self.stages[bill_id] = progress.stage
        day = self.last_day[bill_id] = acts[-1].date if acts else f"{session}-01-07"
        status = cga_urls.status_url(b.bill)
        self.rows["bills"].append(
            {
                "id": bill_id,
                "session": session,
                "chamber": "house" if b.bill.type.startswith("H") else "senate",
                "type": b.bill.type,
                "number": b.bill.number,
                "label": f"Raised {b.bill.type[0]}.B. No. {b.bill.number}",
                "title": b.title,
                "statement_of_purpose": b.extra.get("stmt_purpose"),
                "committee": comm,
                "introducers": json.dumps([f"{comm} Committee"]),
                "cosponsors": "[]",
                "stage": progress.stage,
                "outcome": progress.outcome,
                "public_act": b.extra.get("pa_num"),
                "file_numbers": None,
                "last_action_date": acts[-1].date if acts else None,
                "last_action": acts[-1].text if acts else None,
                "status_url": status,
                "source_url": status,
                "fetched_at": _iso(day, 7),
                "sha256": hashlib.sha256(bill_id.encode()).hexdigest(),
                "first_seen_at": t0,
                "deep_crawled_at": _iso(day, 7),
                "bulk_sha": hashlib.sha256(f"h{bill_id}".encode()).hexdigest()[:16],
            }
        )
        self.change(bill_id, "bill", f"bill|{bill_id}", t0, f"{bill_id}: new bill — {b.title}")
        seen_stages: set[str] = set()
        rows = [(a.date, a.code, a.text) for a in acts]
        for seq, (key, (day, code, text)) in enumerate(keyed(rows), start=1):
            c = classify(text)
            self.rows["actions"].append(
                {
                    "bill_id": bill_id,
                    "seq": seq,
                    "date": day,
                    "code": code,
                    "text": text,
                    "stage": c.stage,
                    "event": c.event,
                    "chamber": c.chamber,
                    "key": key,
                    "source": "both",
                    "bulk_text": None,
                    "source_url": status,
                    "fetched_at": _iso(day, 7),
                }
            )
            at = max(_iso(_next_day(day), 6), t0)
            summary = f"{bill_id}: {day} " + (f"({code}) " if code else "") + text
            self.change(bill_id, "action", f"action|{bill_id}|{key}", at, summary)
            if c.stage and c.stage not in seen_stages:
                seen_stages.add(c.stage)
                key = f"stage|{bill_id}|{c.stage}"
                self.change(bill_id, "stage", key, at, f"{bill_id}: stage → {c.stage}", status)
            when = _HEARING.search(text)
            if when:
                m, d, y = when.groups()
                self.rows["hearings"].append(
                    {
                        "bill_id": bill_id,
                        "committee": comm or "",
                        "date": f"{y}-{int(m):02d}-{int(d):02d}",
                        "source": "action",
                    }
                )

    # --- versions with their documents and diffs

    def versions(self, total: int) -> None:
        rng = self.rng
        bills = self.rows["bills"]
        plans = [_version_plan(self.stages[b["id"]], rng, self.session) for b in bills]
        counts = [len(p) for p in plans]
        _fit(counts, total, rng)
        for b, plan, count in zip(bills, plans, counts, strict=True):
            while len(plan) < count:
                letter = "ABCDEFG"[len(plan) % 7]
                plan.append(("amendment", f"Senate Schedule {letter} LCO# {5000 + len(plan)}"))
            self.bill_versions(b, plan[:count])

    def bill_versions(self, b: dict, plan: list[tuple[str, str]]) -> None:
        rng, bill_id, session = self.rng, b["id"], self.session
        seed = rng.randrange(1 << 30)
        paras = bench_diff.make_bill(rng.randint(3_000, 9_000), seed)  # ~8 KB texts
        paras[5] = b["title"]  # a bill's text starts with its title
        prev = None
        day = date.fromisoformat(self.last_day[bill_id]) - timedelta(days=len(plan) * 5)
        for seq, (kind, label) in enumerate(plan, start=1):
            if seq > 1:
                paras = bench_diff.revise(paras, seed + seq, rate=0.02)
            text = bench_diff.to_file_text(paras, seed)
            vid = f"{bill_id}:v{seq}"
            url = (
                f"{ORIGIN}/{session}/{FOLDERS[kind]}/{session}"
                f"{b['type']}-{b['number']:05d}-R{seq:02d}-{kind.upper()}.htm"
            )
            day += timedelta(days=rng.randint(2, 8))
            at = _iso(day.isoformat(), 8)
            doc = self.document(bill_id, kind, label, url, at, "Text of Bill", f"R{seq:02d}")
            sha = hashlib.sha256(text.encode()).hexdigest()
            self.rows["versions"].append(
                {
                    "id": vid,
                    "bill_id": bill_id,
                    "seq": seq,
                    "label": label,
                    "kind": kind,
                    "url": url,
                    "document_id": doc,
                    "revision": f"R{seq:02d}",
                    "file_number": None,
                    "format": "htm",
                    "pages": None,
                    "text": text,
                    "sha256": sha,
                    "body_sha256": sha,
                    "warnings": None,
                    "source_url": url,
                    "fetched_at": at,
                }
            )
            summary = f"{bill_id}: new text — {label}"
            if prev is not None:
                summary += "\n" + self.diff(bill_id, prev, (text, vid, label), at)
            self.change(bill_id, "version", f"version|{vid}", at, summary, url, vid)
            prev = (text, vid, label)
        if len(plan) > 1:
            at = _iso(day.isoformat(), 9)
            for kind, label in (("fiscal_note", "Fiscal Note"), ("bill_analysis", "Bill Analysis")):
                url = f"{ORIGIN}/{session}/{kind.upper()}/{bill_id}-{kind}.pdf"
                doc = self.document(bill_id, kind, label, url, at, label + "s", None)
                key = f"document|{bill_id}|{cga_urls.url_key(url)}"
                self.change(
                    bill_id, "document", key, at, f"{bill_id}: new document — {label}", url, doc
                )

    def document(self, bill_id, kind, label, url, at, block, revision) -> str:
        doc = document_id(bill_id, url)
        self.rows["documents"].append(
            {
                "id": doc,
                "bill_id": bill_id,
                "kind": kind,
                "label": label,
                "url": url,
                "alt_urls": None,
                "block": block,
                "revision": revision,
                "file_number": None,
                "public_act": None,
                "lco_number": None,
                "source_url": bill_url(bill_id),
                "first_seen_at": at,
            }
        )
        return doc

    def diff(self, bill_id: str, old: tuple, new: tuple, at: str) -> str:
        """A diffs row for a consecutive pair: the real redline of the first few hundred
        pairs, reused after that (diffing all 10,000 would take a minute). Its summary."""
        if len(self.diff_cache) < 300:
            self.diff_cache.append(diff_versions(old[0], new[0]))
        d = self.diff_cache[len(self.rows["diffs"]) % len(self.diff_cache)]
        self.rows["diffs"].append(
            {
                "id": diff_id(old[1], new[1]),
                "bill_id": bill_id,
                "from_version": old[1],
                "to_version": new[1],
                "from_label": old[2],
                "to_label": new[2],
                "words_added": d.words_added,
                "words_removed": d.words_removed,
                "summary": d.summary,
                "redline_html": d.redline_html,
                "unified": None,  # derived on demand since migration 120, as pipelines/diffs.py
                "computed_at": at,
            }
        )
        return d.summary.split("\n")[0][:300]

    # --- testimony: the bills with a hearing, a few letters each, some many

    def testimony(self, total: int) -> None:
        rng = self.rng
        hearing_of = {h["bill_id"]: h for h in self.rows["hearings"]}
        heard = sorted(hearing_of)
        per = [1] * len(heard)
        _fit(per, max(total, len(heard)), rng, lo=1, hi=200)
        for bill_id, n in zip(heard, per, strict=True):
            h = hearing_of[bill_id]
            ids = [self.letter(bill_id, h, k) for k in range(n)]
            digest = hashlib.sha256("".join(ids).encode()).hexdigest()[:16]
            at = max(_iso(h["date"], 22), self.t0)
            summary = f"{n} new testimonies on {bill_id}"
            self.change(
                bill_id, "testimony", f"testimony|{bill_id}|{digest}", at, summary, None, ids[0]
            )

    def letter(self, bill_id: str, h: dict, k: int) -> str:
        rng = self.rng
        url = f"{ORIGIN}/{self.session}/{h['committee']}data/Tmy/{bill_id}-{k:03d}-TMY.PDF"
        tid = testimony_id(bill_id, url)
        body = " ".join(rng.choice(bench_testimony.SENTENCES) for _ in range(rng.randint(6, 24)))
        pos = rng.choice(("support", "oppose", "neutral", None))
        first, last = rng.choice(bench_testimony.FIRST), rng.choice(bench_testimony.LAST)
        self.rows["testimony"].append(
            {
                "id": tid,
                "bill_id": bill_id,
                "committee": h["committee"],
                "hearing_date": h["date"],
                "submitter": f"{first} {last}",
                "title": None,
                "organization": rng.choice(bench_testimony.ORGS),
                "position": pos,
                "position_raw": pos.title() if pos else None,
                "file_name": url.rsplit("/", 1)[1],
                "url": url,
                "text": body,
                "pages": 1 + len(body) // 3000,
                "scanned": 0,
                "sha256": hashlib.sha256(body.encode()).hexdigest(),
                "source_url": url,
                "fetched_at": _iso(h["date"], 20),
            }
        )
        return tid

    # --- topics, subjects, committees, sessions, crawls

    def supporting(self, subjects: list, committees: list) -> None:
        rows, session, t0 = self.rows, self.session, self.t0
        for b in rows["bills"]:
            for topic, phrases in TOPICS.items():
                hit = next((p for p in phrases if p in b["title"]), None)
                if hit:
                    rows["bill_topics"].append({"bill_id": b["id"], "topic": topic, "matched": hit})
        src = ORIGIN + "/pub/data/"
        pairs = dict.fromkeys((str(bill), subject) for bill, subject in subjects)
        rows["subjects"] = [
            {"bill_id": b, "subject": s, "source_url": src + "subject.csv", "fetched_at": t0}
            for b, s in pairs
        ]
        rows["committees"] = [
            {"code": c, "name": n, "source_url": src + "committee.csv", "fetched_at": t0}
            for c, n in committees
        ]
        rows["sessions"] = [
            {"session": session, "in_bulk": 1, "baseline_done_at": t0, "last_crawl_at": t0}
        ]
        day = date.fromisoformat(t0[:10])
        while day < date(session, 7, 1):  # a crawl every day of the session
            rows["crawls"].append(
                {
                    "started_at": _iso(day.isoformat(), 5),
                    "finished_at": _iso(day.isoformat(), 6),
                    "session": session,
                    # Generated data, recorded as from a copy of the site: phase (c) crawls
                    # the offline copy into the same file, and billwatch never mixes sample
                    # data into a database of real data (update exits 2).
                    "base_url": "http://127.0.0.1:8765",
                    "finish_reason": "finished",
                    "requests": 40,
                    "bytes": 200_000,
                    "not_modified": 4,
                    "errors_new": 0,
                }
            )
            day += timedelta(days=1)

    def write(self, path: Path, fresh: bool = True) -> None:
        """Through ``open_db`` (migrations, triggers, indexes), one transaction; ``fresh=False``
        adds this session to the sessions already in ``path`` (an archive)."""
        if fresh:
            path.unlink(missing_ok=True)
        db = open_db(path)
        with db.conn:
            for table in self.TABLES:
                # every session's bulk files list the same committees
                verb = "insert or ignore" if table == "committees" else "insert"
                _insert(db.conn, table, self.rows[table], verb)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()


def build_site_db(
    path: Path,
    bills: int = 5000,
    actions: int = 60_000,
    versions: int = 15_000,
    testimony: int = 12_000,
    seed: int = SESSION,
    log=print,
    session: int = SESSION,
    fresh: bool = True,
) -> dict:
    """A whole session's database at ``path`` (deterministic); returns counts and timings.
    ``fresh=False``: the session is added to the database already there (an archive)."""
    started = time.perf_counter()
    files = bench_ingest.make_session(bills, actions, seed, session=session)
    info, _ = bulk.parse_bill_info(files["bill_info.csv"])
    numbers = bulk.sessions_by_number(info)
    history, _ = bulk.parse_bill_history(files["bill_history.csv"], numbers)
    builder = SessionBuilder(seed, session)
    builder.bills(info, history)
    log(f"  bills and actions: {time.perf_counter() - started:.1f} s")
    builder.versions(versions)
    log(f"  versions, documents, diffs: {time.perf_counter() - started:.1f} s")
    builder.testimony(testimony)
    builder.supporting(
        bulk.parse_subjects(files["subject.csv"], numbers),
        bulk.parse_committees(files["committee.csv"]),
    )
    builder.write(path, fresh)
    rows = builder.rows
    watched = sorted({r["bill_id"] for r in rows["bill_topics"]})
    bill_ids = [r["id"] for r in rows["bills"]]
    return {
        "counts": {t: len(rows[t]) for t in builder.TABLES},
        "seconds": time.perf_counter() - started,
        "mb": path.stat().st_size / 1e6,
        "text_mb": sum(len(v["text"]) for v in rows["versions"]) / 1e6,
        "testimony_mb": sum(len(t["text"]) for t in rows["testimony"]) / 1e6,
        "watched": len(watched),
        "bill_ids": bill_ids,
        "watched_ids": watched,
        "writer_ids": bill_ids[-200:],
    }


def session_of(bill_id: str) -> int:
    return cga_ids.split_bill_id(bill_id).session


def bill_url(bill_id: str) -> str:
    return cga_urls.status_url(cga_ids.split_bill_id(bill_id))


# ====================================================================== query plans


# The feed query with LIMIT applied to the change log before the joins: the same rows, but
# the sort no longer carries every watched change's redline (suggested for metadata.yml).
LIMIT_FIRST = """with recent as (
  select c.rowid as rid from changes as c
  where c.baseline = 0 and c.bill_id in (select bill_id from bill_topics)
    and (:kind = '' or instr(',' || :kind || ',', ',' || c.kind || ',') > 0)
  order by c.detected_at desc, c.rowid desc limit 100)
select c.id as change_id, c.bill_id, c.kind, c.detected_at, c.summary, c.url, c.baseline,
       b.title as bill_title, d.summary as diff_summary, d.from_label, d.to_label,
       d.words_added, d.words_removed, d.redline_html,
       t.submitter, t.organization, t.position
from recent join changes as c on c.rowid = recent.rid
join bills as b on b.id = c.bill_id
left join diffs as d on c.kind = 'version' and d.id = (
  select id from diffs where to_version = c.ref limit 1)
left join testimony as t on c.kind = 'testimony' and t.id = c.ref
order by c.detected_at desc, c.rowid desc"""


def query_plans(db_path: Path, bill_id: str) -> tuple[str, dict[str, float]]:
    """EXPLAIN QUERY PLAN of the feed queries, and each one's SQL time (median of 15)."""
    from billwatch.serve import load_metadata

    queries = {
        name: q["sql"] for name, q in load_metadata()["databases"]["billwatch"]["queries"].items()
    }
    queries["feed_changes, LIMIT before the joins (suggested)"] = LIMIT_FIRST
    params = {
        "feed_changes": {"kind": ""},
        "feed_bill": {"bill": bill_id, "kind": ""},
        "feed_topic": {"topic": "student-privacy", "kind": ""},
        "feed_changes, LIMIT before the joins (suggested)": {"kind": ""},
    }
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    out, sql_ms, ids = [], {}, {}
    try:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        for name, p in params.items():
            sql = queries[name]
            plan = conn.execute("EXPLAIN QUERY PLAN " + sql, p).fetchall()
            depth = {0: 0}
            out.append(f"{name}:")
            for node, parent, _, detail in plan:
                depth[node] = depth.get(parent, 0) + 1
                out.append("  " * depth[node] + detail)
            # A full scan is a SCAN of a table (not of a subquery) without an index.
            full = [
                d
                for *_, d in plan
                if d.startswith("SCAN ") and d.split()[1] in tables and " INDEX " not in d
            ]
            times = []
            for _ in range(15):
                t = time.perf_counter()
                rows = conn.execute(sql, p).fetchall()
                times.append(time.perf_counter() - t)
            ids[name] = [r[0] for r in rows]
            sql_ms[name] = percentile(times, 50) * 1000
            same = ""
            if name.startswith("feed_changes, "):
                same = f"; same rows as feed_changes: {ids[name] == ids['feed_changes']}"
            out.append(
                f"  -> {len(rows)} rows, SQL alone {sql_ms[name]:.1f} ms median; "
                + (f"scans without an index: {full}" if full else "no full table scan")
                + same
            )
    finally:
        conn.close()
    return "\n".join(out), sql_ms


# ====================================================================== the workload

REFERENCE = "reference: Datasette row page"


# The search of everything at once (bills, texts, testimony: /search), where the checkout has it
# (so the same script measures an older checkout side by side).
SEARCH_ALL = (
    {"search: everything (HTML)": [f"/search?q={quote(t)}" for t in BILL_TERMS + TEXT_TERMS]}
    if (ROOT / "publish" / "search.py").exists()
    else {}
)


def endpoints(info: dict, rng: random.Random) -> dict[str, list[str]]:
    """Endpoint label -> URLs to cycle through (shuffled, deterministic)."""
    ids, watched = list(info["bill_ids"]), list(info["watched_ids"]) or list(info["bill_ids"])
    rng.shuffle(ids)
    rng.shuffle(watched)
    return {
        "search: bills (HTML)": [f"/billwatch/bills?_search={quote(t)}" for t in BILL_TERMS],
        "search: version texts (HTML)": [
            f"/billwatch/versions?_search={quote(t)}" for t in TEXT_TERMS
        ],
        **SEARCH_ALL,
        "bill page": [f"/bills/{b}" for b in ids[:200]],
        "bill feed": [f"/feeds/bills/{b}.{('rss', 'atom')[i % 2]}" for i, b in enumerate(watched)],
        "global feed": ["/feeds/changes.rss", "/feeds/changes.atom"],
        "embed JSON": [f"/embed/{b}.json" for b in ids[200:400]],
        REFERENCE: [f"/billwatch/bills/{b}.json" for b in ids[400:600]],
    }


def _bad(status: int, text: str) -> str | None:
    if status >= 500:
        return f"HTTP {status}: {text[:200]}"
    if "database is locked" in text:
        return "database is locked"
    if status >= 400:
        return f"HTTP {status}: {text[:200]}"
    return None


def in_process(db_path: Path, eps: dict[str, list[str]], per: int) -> dict[str, dict]:
    """(a) through ``ds.client``, one request at a time, endpoints interleaved."""
    from billwatch.serve import make_datasette

    ds = make_datasette(db_path)

    async def go() -> dict[str, dict]:
        for urls in eps.values():  # warm-up: plugins, templates, SQLite cache
            for url in urls[:2]:
                await ds.client.get(url)
        lat: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, list[str]] = defaultdict(list)
        for i in range(per):
            for label, urls in eps.items():
                url = urls[i % len(urls)]
                t = time.perf_counter()
                r = await ds.client.get(url)
                lat[label].append(time.perf_counter() - t)
                if bad := _bad(r.status_code, r.text):
                    errors[label].append(f"{url}: {bad}")
        return summarize(lat, errors)

    return asyncio.run(go())


PRECOMPUTED_LABELS = ("bill feed", "global feed", "embed JSON")
# The goal of each route's p95 under load (issue 19): 100 ms, but 20 ms for the embed JSON a
# union's home page fetches for every visitor.
GOAL_P95 = {"embed JSON": 0.02}


def precomputed(db_path: Path, tmp: Path, eps: dict[str, list[str]], per: int) -> dict:
    """(d) What ``billwatch update`` precomputes (``billwatch/renderings.py``), on a copy:
    the time to render every precomputed route once, then in-process latency of the feeds
    and embeds answered from the renderings beside the same routes rendered live (the same
    app with ``precomputed=False``), interleaved."""
    from billwatch.renderings import refresh
    from billwatch.serve import make_datasette

    copy = tmp / "precomputed.db"
    src, dst = sqlite3.connect(db_path), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    stats = refresh(copy)
    apps = {"live": make_datasette(copy, precomputed=False), "precomputed": make_datasette(copy)}

    async def go() -> dict[str, dict]:
        lat: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, list[str]] = defaultdict(list)
        for ds in apps.values():  # warm-up
            for label in PRECOMPUTED_LABELS:
                for url in eps[label][:2]:
                    await ds.client.get(url)
        for i in range(per):
            for label in PRECOMPUTED_LABELS:
                url = eps[label][i % len(eps[label])]
                for mode, ds in apps.items():
                    t = time.perf_counter()
                    r = await ds.client.get(url)
                    lat[f"{label} ({mode})"].append(time.perf_counter() - t)
                    if bad := _bad(r.status_code, r.text):
                        errors[f"{label} ({mode})"].append(f"{url}: {bad}")
        return summarize(lat, errors)

    return {"routes": stats.routes, "seconds": stats.seconds, "latency": asyncio.run(go())}


def summarize(lat: dict[str, list[float]], errors: dict[str, list[str]]) -> dict[str, dict]:
    return {
        label: {
            "n": len(xs),
            "p50": percentile(xs, 50),
            "p95": percentile(xs, 95),
            "max": max(xs),
            "errors": errors.get(label, []),
        }
        for label, xs in lat.items()
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while True:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class Server:
    """``billwatch.serve.serve_forever`` in a subprocess (what ``billwatch serve`` runs)."""

    def __init__(self, db_path: Path, workers: int = 1):
        self.port = free_port()
        code = (
            "import sys; from billwatch.serve import serve_forever; "
            f"serve_forever({str(db_path)!r}, port={self.port}, workers={workers})"
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        wait_for(self.url + "/-/versions.json")

    def stop(self) -> str:
        self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return err or ""


def over_http(base: str, eps: dict[str, list[str]], clients: int, per: int) -> tuple[dict, float]:
    """(b) N client threads, each with its own keep-alive connection; (summary, requests/s)."""
    import httpx

    work = [(label, urls[i % len(urls)]) for i in range(per) for label, urls in eps.items()]
    random.Random(clients).shuffle(work)
    lock = threading.Lock()
    lat: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    position = iter(range(len(work)))

    def client() -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            for urls in eps.values():  # warm the connection and the server
                http.get(urls[0])
            while True:
                with lock:
                    i = next(position, None)
                if i is None:
                    return
                label, url = work[i]
                t = time.perf_counter()
                try:
                    r = http.get(url)
                    bad = _bad(r.status_code, r.text)
                except httpx.HTTPError as exc:
                    bad = f"{type(exc).__name__}: {exc}"
                took = time.perf_counter() - t
                with lock:
                    lat[label].append(took)
                    if bad:
                        errors[label].append(f"{url}: {bad}")

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    return summarize(lat, errors), len(work) / wall


# ====================================================================== the writers


def writer(db_path: str, seconds: float, bill_ids: list[str], pause: float) -> dict:
    """Per-bill transactions for ``seconds``: what a deep-crawled bill's store does, small."""
    db = open_db(db_path)
    conn = db.conn
    conn.isolation_level = None  # explicit BEGIN IMMEDIATE / COMMIT
    stages = ("in_committee", "reported", "calendar", "passed_first", "passed_both")
    done, errors, waits = 0, [], []
    deadline = time.monotonic() + seconds
    n = 0
    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, lambda *_: stop.set())  # "stop now and report"
    while time.monotonic() < deadline and not stop.is_set():
        bill_id = bill_ids[n % len(bill_ids)]
        n += 1
        stage = stages[n % len(stages)]
        now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        text = f"LOAD TEST ACTION {n}"
        t = time.perf_counter()
        try:
            conn.execute("BEGIN IMMEDIATE")
            waits.append(time.perf_counter() - t)
            seq = conn.execute(
                "select coalesce(max(seq), 0) + 1 from actions where bill_id = ?", [bill_id]
            ).fetchone()[0]
            conn.execute(
                "update bills set stage = ?, last_action = ?, last_action_date = ?, "
                "fetched_at = ? where id = ?",
                [stage, text, now[:10], now, bill_id],
            )
            conn.execute(
                "insert into actions (bill_id, seq, date, code, text, stage, event, chamber, "
                "key, source, source_url, fetched_at) values (?, ?, ?, null, ?, ?, 'other', "
                "null, ?, 'status_page', ?, ?)",
                [bill_id, seq, now[:10], text, stage, f"load|{n}", bill_url(bill_id), now],
            )
            key = f"action|{bill_id}|load|{n}"
            conn.execute(
                "insert into changes (id, bill_id, session, kind, key, detected_at, summary, "
                "baseline) values (?, ?, ?, 'action', ?, ?, ?, 0)",
                [change_id(key), bill_id, session_of(bill_id), key, now, f"{bill_id}: {text}"],
            )
            conn.execute("COMMIT")
            done += 1
        except sqlite3.Error as exc:
            errors.append(str(exc))
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        time.sleep(pause)
    db.close()
    return {
        "transactions": done,
        "errors": errors[:20],
        "error_count": len(errors),
        "lock_wait_p95_ms": percentile(waits, 95) * 1000,
        "lock_wait_max_ms": max(waits, default=0) * 1000,
    }


def _writer_main(argv: list[str]) -> None:
    db_path, seconds, pause, ids_file = argv
    ids = Path(ids_file).read_text().split()
    print(json.dumps(writer(db_path, float(seconds), ids, float(pause))))


class UpdateLoop(threading.Thread):
    """``billwatch update --force`` against the offline sample site, again and again."""

    def __init__(self, site: str, db_path: Path, deadline: float):
        super().__init__(daemon=True)
        self.site, self.db_path, self.deadline = site, db_path, deadline
        self.runs: list[tuple[int, float]] = []
        self.problems: list[str] = []

    proc: subprocess.Popen | None = None
    stopped = False

    def run(self) -> None:
        while time.monotonic() < self.deadline and not self.stopped:
            cmd = [sys.executable, "-m", "billwatch", "update", "--base-url", self.site]
            cmd += ["--db", str(self.db_path), "--session", "2015", "--all", "--force"]
            cmd += ["--retry-now"]
            t = time.perf_counter()
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            try:
                out, _ = self.proc.communicate(timeout=3600)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                out, _ = self.proc.communicate()
            code = self.proc.returncode
            if self.stopped:  # stopped on purpose (still rendering at the end): not counted
                return
            self.runs.append((code, time.perf_counter() - t))
            if code not in (0, 1):
                self.problems.append(f"exit {code}: {out[-500:]}")
            if "locked" in out or "could not store" in out:
                self.problems.append(out[-800:])

    def stop(self) -> None:
        """End the run under way now (an archive's update spends minutes rendering)."""
        self.stopped = True
        if self.proc is not None and self.proc.poll() is None:
            # SIGKILL: Scrapy's shutdown handler outlives the crawl and makes the rendering
            # ignore SIGTERM.  Safe for the file: each write is one SQLite transaction, and the
            # renderings stay marked stale (the site renders live).
            self.proc.kill()


def under_load(
    db_path: Path,
    eps: dict[str, list[str]],
    info: dict,
    phases: list[tuple[int, int]],
    workers: int = 1,
    stop_update: bool = False,
) -> tuple[list[tuple[dict, float]], dict]:
    """(c) the HTTP measurements of ``phases`` ((clients, requests per endpoint), one after
    the other) while a writer process and ``billwatch update`` write the served file.
    ``stop_update``: the update under way when the phases end is stopped, not waited for."""
    site_port = free_port()
    site = subprocess.Popen(
        [sys.executable, "-m", "billwatch.samplesite", "--port", str(site_port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Server(db_path, workers)
    extra: dict = {}
    results = []
    try:
        wait_for(f"http://127.0.0.1:{site_port}/robots.txt")
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("\n".join(info["writer_ids"]))
        # Warm the server first, so the writers overlap the measured requests.
        over_http(server.url, {k: v[:1] for k, v in eps.items()}, 1, 1)
        deadline = time.monotonic() + 3600
        writer_proc = subprocess.Popen(
            [sys.executable, __file__, "--writer", str(db_path), "3600", "0.01", f.name],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        loop = UpdateLoop(f"http://127.0.0.1:{site_port}", db_path, deadline)
        loop.start()
        time.sleep(0.5)
        for clients, per in phases:
            results.append(over_http(server.url, eps, clients, per))
        loop.deadline = 0  # no new run; the one under way finishes
        if stop_update:
            loop.stop()
        writer_proc.send_signal(signal.SIGINT)  # the writer reports and exits
        out, err = writer_proc.communicate(timeout=120)
        loop.join(timeout=400)
        Path(f.name).unlink(missing_ok=True)
        extra["writer"] = json.loads(out) if out.strip() else {"error": err[-1000:]}
        extra["updates"] = loop.runs
        extra["update_problems"] = loop.problems
    finally:
        extra["server_stderr"] = server.stop()
        site.terminate()
        site.wait(timeout=15)
    conn = sqlite3.connect(db_path)
    extra["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
    extra["store_errors"] = conn.execute(
        "select count(*) from errors where error like '%could not store%' or error like '%locked%'"
    ).fetchone()[0]
    conn.close()
    return results, extra


# ====================================================================== the benchmark


def _row(name: str, s: dict | None) -> str:
    if not s:
        return f"{'':>19}"
    err = f" !{len(s['errors'])}" if s["errors"] else ""
    return f"{s['p50'] * 1000:7.1f} {s['p95'] * 1000:7.1f}{err:>5}"


def run(quick: bool = False) -> Result:
    if quick:
        sizes = {"bills": 600, "actions": 7_200, "versions": 1_800, "testimony": 1_500}
        per_in, per_http, clients = 8, 6, 4
    else:
        sizes = {"bills": 5_000, "actions": 60_000, "versions": 15_000, "testimony": 12_000}
        per_in, per_http, clients = 40, 40, 4
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        db_path = Path(tmp) / "session.db"
        print("generating the database...", flush=True)
        info = build_site_db(db_path, **sizes)
        counts = info["counts"]
        lines.append(
            f"database: {info['mb']:.0f} MB ({info['text_mb']:.0f} MB of version text), "
            f"built in {info['seconds']:.0f} s; {info['watched']} bills watched in "
            f"{len(TOPICS)} topics; rows: "
            + ", ".join(f"{t} {n:,}" for t, n in counts.items() if n)
        )
        print(lines[-1], flush=True)
        busiest = _busiest_bill(db_path)
        plans, sql_ms = query_plans(db_path, busiest)
        lines += ["", "EXPLAIN QUERY PLAN (feed queries of metadata.yml):", plans]

        eps = endpoints(info, random.Random(7))
        print("in-process...", flush=True)
        a = in_process(db_path, eps, per_in)
        print("precomputed feeds and embeds (render all, then in-process)...", flush=True)
        pre = precomputed(db_path, Path(tmp), eps, per_in)
        print("HTTP, 1 client...", flush=True)
        server = Server(db_path)
        try:
            b1, rps1 = over_http(server.url, eps, 1, per_http // 2)
            print(f"HTTP, {clients} clients...", flush=True)
            bn, rpsn = over_http(server.url, eps, clients, per_http)
        finally:
            server_err = server.stop()
        print(f"HTTP, {clients} clients, 2 worker processes...", flush=True)
        server = Server(db_path, workers=2)
        try:
            over_http(server.url, {k: v[:1] for k, v in eps.items()}, 2, 2)  # warm both
            bw, rpsw = over_http(server.url, eps, clients, per_http)
        finally:
            server_err += server.stop()
        print("HTTP while writing: 1 client, then more...", flush=True)
        load_db = Path(tmp) / "load.db"
        shutil.copy(db_path, load_db)
        loaded, extra = under_load(load_db, eps, info, [(1, per_http // 2), (clients, per_http)])
        (c1, rpsc1), (c, rpsc) = loaded
        workers = default_workers()
        print(f"HTTP while writing: {clients} clients, {workers} workers (serve's default)...")
        shutil.copy(db_path, load_db)
        loaded_w, extra_w = under_load(
            load_db, eps, info, [(clients, per_http)], workers=workers, stop_update=True
        )
        (cw, rpscw) = loaded_w[0]

    modes = {
        "in-process": a,
        "HTTP, 1 client": b1,
        f"HTTP, {clients} clients": bn,
        f"2 workers, {clients} clients": bw,
        "writing, 1 client": c1,
        f"writing, {clients} clients": c,
        f"writing, {workers} workers": cw,
    }
    header = f"{'endpoint':<30}" + "".join(f"{m:>19}  " for m in modes)
    lines += [
        "",
        "latency p50 / p95 in ms (!n = responses with errors); 'writing' = while the "
        "writer process and billwatch update write the served file",
        header,
        "-" * len(header),
    ]
    for label in eps:
        lines.append(
            f"{label:<30}" + "".join(f"{_row(label, m.get(label))}  " for m in modes.values())
        )
    lines.append(
        f"throughput, mixed endpoints: idle {rps1:.0f} req/s (1 client), {rpsn:.0f} req/s "
        f"({clients} clients), {rpsw:.0f} req/s ({clients} clients, 2 worker processes); "
        f"writing {rpsc1:.0f} req/s (1 client), {rpsc:.0f} req/s ({clients} clients), "
        f"{rpscw:.0f} req/s ({clients} clients, {workers} workers)"
    )
    lines += [
        "",
        f"precomputed (billwatch update's renderings): {pre['routes']:,} routes rendered in "
        f"{pre['seconds']:.0f} s; in-process p50 / p95 in ms, live beside precomputed:",
    ]
    for label in PRECOMPUTED_LABELS:
        live, done = pre["latency"][f"{label} (live)"], pre["latency"][f"{label} (precomputed)"]
        lines.append(f"  {label:<28}{_row(label, live)}  {_row(label, done)}")
    w = extra["writer"]
    runs = extra["updates"]
    lines += [
        "",
        f"writer: {w.get('transactions', 0)} per-bill transactions, "
        f"{w.get('error_count', '?')} errors {w.get('errors', '')}; BEGIN IMMEDIATE wait "
        f"p95 {w.get('lock_wait_p95_ms', 0):.1f} ms, max {w.get('lock_wait_max_ms', 0):.0f} ms",
        f"billwatch update --force against the sample site: {len(runs)} runs, exit codes "
        f"{[r[0] for r in runs]} (1 = the sample site's deliberate faults), "
        f"{sum(r[1] for r in runs):.0f} s; problems: {extra['update_problems'] or 'none'}",
        f"after the load: PRAGMA integrity_check = {extra['integrity']}; "
        f"'could not store'/'locked' rows in errors: {extra['store_errors']}",
        f"{workers} workers while writing: writer {extra_w['writer'].get('transactions', 0)} "
        f"transactions, {extra_w['writer'].get('error_count', '?')} errors; update runs "
        f"finished {len(extra_w['updates'])} (the one under way at the end is stopped); "
        f"problems: {extra_w['update_problems'] or 'none'}; integrity_check = "
        f"{extra_w['integrity']}; 'locked' rows: {extra_w['store_errors']}",
    ]
    all_errors = [e for m in modes.values() for st in m.values() for e in st["errors"]]
    if all_errors:
        lines.append("errors: " + "; ".join(all_errors[:10]))
    server_err += extra["server_stderr"] + extra_w["server_stderr"]
    if server_err.strip():
        lines.append("server stderr: " + server_err[-1500:])

    def pp(st: dict) -> str:
        return f"{st['p50'] * 1000:.0f} / {st['p95'] * 1000:.0f} ms"

    figures = []
    ref = c[REFERENCE]
    for label in eps:
        if label == REFERENCE:
            continue
        st, stw = c[label], cw[label]
        bound = GOAL_P95.get(label, 0.1)
        goal = f"p95 < {bound * 1000:.0f} ms, no errors"
        figures.append(
            Figure(
                f"{label}: p50 / p95, {clients} HTTP clients while writing",
                f"1 worker: {pp(st)}; {workers} workers (serve's default): {pp(stw)} "
                f"(1 client, writing: {pp(c1[label])}; in-process: {pp(a[label])})"
                + (
                    f"; {len(st['errors']) + len(stw['errors'])} errors"
                    if st["errors"] or stw["errors"]
                    else ""
                ),
                f"Datasette row page: {pp(ref)} (1 worker), {pp(cw[REFERENCE])} ({workers})",
                f"{st['p50'] / ref['p50']:.1f}× (p50, 1 worker)",
                goal + f" (1 worker: {'met' if st['p95'] < bound else 'not met'})",
                stw["p95"] < bound and not stw["errors"] and not st["errors"],
            )
        )
    for label in PRECOMPUTED_LABELS:
        live, done = pre["latency"][f"{label} (live)"], pre["latency"][f"{label} (precomputed)"]
        figures.append(
            Figure(
                f"{label}, precomputed by `update`: p50 / p95 in-process",
                pp(done),
                f"rendered live: {pp(live)}",
                f"{done['p50'] / live['p50']:.2f}× (p50)",
            )
        )
    figures.append(
        Figure(
            "rendering every precomputed feed, embed and calendar (end of `update`)",
            f"{pre['seconds']:.0f} s for {pre['routes']:,} routes",
            f"{pre['seconds'] / max(1, pre['routes']) * 1000:.1f} ms a route",
        )
    )
    writing = [st for m in (c1, c, cw) for st in m.values()]
    writer_ok = (
        all(
            x["writer"].get("error_count") == 0
            and not x["update_problems"]
            and x["integrity"] == "ok"
            and x["store_errors"] == 0
            for x in (extra, extra_w)
        )
        and not all_errors
    )
    figures.append(
        Figure(
            "errors while writing (5xx, 'database is locked')",
            f"{sum(len(st['errors']) for st in writing)} of {sum(st['n'] for st in writing)} "
            f"responses; writer {w.get('transactions', 0)} transactions, "
            f"{w.get('error_count', '?')} errors; {len(runs)} `billwatch update` runs, "
            f"{len(extra['update_problems'])} with problems",
            f"idle: {sum(len(st['errors']) for m in (a, b1, bn) for st in m.values())} errors",
            "",
            "none",
            writer_ok,
        )
    )
    figures.append(
        Figure(
            "throughput, mixed endpoints",
            f"{rpsc:.0f} req/s, {clients} clients while writing",
            f"idle: {rpsn:.0f} req/s ({clients} clients)",
            f"{rpsc / rpsn:.2f}×",
        )
    )
    figures.append(
        Figure(
            "throughput: 2 worker processes against 1 (`serve --workers`)",
            f"{rpsw:.0f} req/s, 2 workers, {clients} clients (idle)",
            f"1 worker: {rpsn:.0f} req/s, same clients, same run",
            f"{rpsw / rpsn:.2f}×",
            "≥ 1.6×",
            rpsw / rpsn >= 1.6,
        )
    )
    return Result(
        name="site",
        title="Datasette latency on a whole session",
        method=(
            f"A generated whole-session database ({counts['bills']:,} bills, "
            f"{counts['actions']:,} actions, {counts['versions']:,} versions of ~8 KB, "
            f"{counts['changes']:,} changes, {counts['diffs']:,} diffs, "
            f"{counts['testimony']:,} testimony rows; {info['mb']:.0f} MB) served by "
            "`make_datasette` in-process (`ds.client`) and by `serve_forever` (uvicorn, one "
            f"process) over HTTP to 1 and {clients} concurrent `httpx` client threads; then "
            "the same while a writer process commits per-bill transactions (WAL, "
            "`BEGIN IMMEDIATE`, stage + action + change, ~50-100/s) and `billwatch update "
            "--force` crawls the sample site into the same file, in a loop. Endpoints "
            "interleaved; the reference is Datasette's own row page "
            "`/billwatch/bills/ID.json`, measured in the same run. On this 2-core machine the "
            "clients, the writers and the server share the cores."
        ),
        figures=figures,
        details="\n".join(lines),
        numbers={
            "db_mb": info["mb"],
            "rps_1": rps1,
            "rps_n": rpsn,
            "rps_workers2": rpsw,
            "rps_load": rpsc,
            "clients": clients,
            "p95_load": {k: v["p95"] for k, v in c.items()},
            "p95_load_workers": {k: v["p95"] for k, v in cw.items()},
            "workers": workers,
            "p50_in": {k: v["p50"] for k, v in a.items()},
            "p95_in": {k: v["p95"] for k, v in a.items()},
            "sql_ms": sql_ms,
            "writer_tx": w.get("transactions", 0),
            "counts": counts,
            "precomputed_seconds": pre["seconds"],
            "precomputed_routes": pre["routes"],
            "p50_precomputed": {k: v["p50"] for k, v in pre["latency"].items()},
        },
    )


def _busiest_bill(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "select bill_id from changes group by bill_id order by count(*) desc limit 1"
        ).fetchone()[0]
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--writer"]:
        _writer_main(argv[1:])
        return
    main_for(run, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    main()

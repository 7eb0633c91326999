"""Benchmark the archive: ten sessions, not one — build time, size, and every route under load.

Run with one command (minutes; not part of CI, not in run_all.py's default run; nothing here
is asserted)::

    .venv/bin/python benchmarks/bench_archive.py [--quick] [--json PATH]
    .venv/bin/python benchmarks/run_all.py --archive     # the same, as a BENCHMARKS.md section

1. **The archive**, generated deterministically, session after session, into one file:
   each session is ``bench_site.build_site_db``'s whole session (5,000 bills, 60,000 actions,
   15,000 versions of ~8 KB with their documents and diffs, 12,000 testimonies, the change
   log, topics) of its own year and seed, added to the sessions before it.  Ten sessions are
   50,000 bills, 600,000 actions, 150,000 versions and 120,000 testimonies.  The file is copied
   when it holds 1 and 3 sessions.
2. **Size**: the file against the text it stores (version and testimony text); the tables and
   indexes that take the space (``dbstat``).
3. **Latency** of every route at 1, 3 and 10 sessions, under the load of ``bench_site.py``
   (4 HTTP clients while a writer process commits per-bill transactions and ``billwatch
   update`` crawls the sample site into the same file), served as ``billwatch serve`` serves
   by default (``default_workers()`` processes).  The routes are ``bench_site``'s, with a
   topic feed: bills are drawn from every session in the file.  Routes whose result does not
   grow with the archive (a bill page, an embed, a bill feed, a topic feed) should keep p95 at
   10 sessions within 1.5× of 1 session; search may grow, and the table says by how much.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_site
from _common import Figure, Result, main_for

from billwatch.serve import default_workers

FIRST = 2016  # sessions FIRST .. FIRST + 9 (the sample site the update loop crawls is 2015's)
SCALES = (1, 3, 10)
STEADY = ("bill page", "embed JSON", "bill feed", "topic feed")  # results that do not grow


def build(path: Path, sessions: int, sizes: dict, snapshots: dict[int, Path]) -> dict:
    """The archive of ``sessions`` sessions at ``path``, copied to ``snapshots[n]`` when it
    holds n; returns per-scale build time, size and the ids the routes are drawn from."""
    started = time.perf_counter()
    scale: dict[int, dict] = {}
    bill_ids: list[str] = []
    watched: list[str] = []
    text_mb = 0.0
    for n in range(1, sessions + 1):
        session = FIRST + n - 1
        t = time.perf_counter()
        info = bench_site.build_site_db(
            path, seed=session, session=session, fresh=n == 1, log=lambda *_: None, **sizes
        )
        bill_ids += info["bill_ids"]
        watched += info["watched_ids"]
        text_mb += info["text_mb"] + info["testimony_mb"]
        print(f"  session {session}: {time.perf_counter() - t:.0f} s", flush=True)
        if n in snapshots:
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
            scale[n] = {
                "seconds": time.perf_counter() - started,
                "mb": path.stat().st_size / 1e6,
                "text_mb": text_mb,
                "bill_ids": list(bill_ids),
                "watched_ids": list(watched),
                "writer_ids": info["writer_ids"],
                "counts": counts(path),
                "space": space(path),
            }
            if snapshots[n] != path:
                shutil.copy(path, snapshots[n])
    return scale


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {
            t: conn.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("bills", "actions", "versions", "diffs", "testimony", "changes")
        }
    finally:
        conn.close()


def space(path: Path) -> list[tuple[str, float]]:
    """(table or index, MB), largest first: a table's FTS shadow tables count as its index."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "select name, sum(pgsize) from dbstat group by name order by 2 desc"
        ).fetchall()
    finally:
        conn.close()
    return [(name, size / 1e6) for name, size in rows]


def endpoints(info: dict, rng: random.Random) -> dict[str, list[str]]:
    eps = bench_site.endpoints(info, rng)
    eps["topic feed"] = [
        f"/feeds/topics/{t}.{fmt}" for t in bench_site.TOPICS for fmt in ("rss", "atom")
    ]
    return eps


def run(quick: bool = False) -> Result:
    if quick:
        sizes = {"bills": 700, "actions": 8_400, "versions": 2_100, "testimony": 1_700}
        scales, per, clients = (1, 3), 6, 4
    else:
        sizes = {"bills": 5_000, "actions": 60_000, "versions": 15_000, "testimony": 12_000}
        scales, per, clients = SCALES, 100, 4
    workers = default_workers()
    latency: dict[int, dict] = {}
    extras: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as tmp:
        archive = Path(tmp) / "archive.db"
        snaps = {n: Path(tmp) / f"s{n}.db" for n in scales}
        print(f"generating {max(scales)} sessions...", flush=True)
        scale = build(archive, max(scales), sizes, snaps)
        archive.unlink()
        for n in scales:
            info = scale[n]
            eps = endpoints(info, random.Random(7))
            print(f"{n} session(s): HTTP, {clients} clients while writing...", flush=True)
            loaded, extra = bench_site.under_load(
                snaps[n], eps, info, [(clients, per)], workers=workers, stop_update=True
            )
            latency[n], _ = loaded[0]
            extras[n] = extra
            snaps[n].unlink()
    return report(scale, latency, extras, scales, clients, workers)


def _pp(st: dict) -> str:
    return f"{st['p50'] * 1000:.0f} / {st['p95'] * 1000:.0f}"


def report(
    scale: dict, latency: dict, extras: dict, scales: tuple, clients: int, workers: int
) -> Result:
    one, last = scales[0], scales[-1]
    labels = [k for k in latency[one] if k != bench_site.REFERENCE] + [bench_site.REFERENCE]
    lines = [
        "| sessions | bills | actions | versions | testimonies | changes | build | file "
        "| text stored | file / text |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n in scales:
        s, c = scale[n], scale[n]["counts"]
        lines.append(
            f"| {n} | {c['bills']:,} | {c['actions']:,} | {c['versions']:,} | "
            f"{c['testimony']:,} | {c['changes']:,} | {s['seconds']:.0f} s | {s['mb']:,.0f} MB | "
            f"{s['text_mb']:,.0f} MB | {s['mb'] / s['text_mb']:.2f}× |"
        )
    lines += [
        "",
        f"p50 / p95 in ms, {clients} HTTP clients while writing, {workers} worker "
        "process(es) (`billwatch serve`'s default here):",
        "",
        "| route | "
        + " | ".join(f"{n} session{'s' * (n > 1)}" for n in scales)
        + f" | p95 {last} / {one} |",
        "|---|" + "---|" * (len(scales) + 1),
    ]
    for label in labels:
        cells = [_pp(latency[n][label]) for n in scales]
        growth = latency[last][label]["p95"] / latency[one][label]["p95"]
        errors = sum(len(latency[n][label]["errors"]) for n in scales)
        lines.append(
            f"| {label} | "
            + " | ".join(cells)
            + f" | {growth:.2f}×"
            + (f" ({errors} errors)" if errors else "")
            + " |"
        )
    notes = [f"largest tables and indexes at {last} sessions (MB): "]
    notes[0] += ", ".join(f"{name} {mb:,.0f}" for name, mb in scale[last]["space"][:12])
    for n in scales:
        w, x = extras[n]["writer"], extras[n]
        notes.append(
            f"{n} session(s): writer {w.get('transactions', 0)} transactions, "
            f"{w.get('error_count', '?')} errors; update runs finished {len(x['updates'])} "
            f"(the last one stopped when the clients finished), problems: "
            f"{x['update_problems'] or 'none'}; integrity {x['integrity']}; "
            f"'locked' rows {x['store_errors']}"
        )
    figures = []
    steady_first = [*STEADY, *(k for k in labels if k not in STEADY)]
    for label in steady_first:
        if label == bench_site.REFERENCE:
            continue
        a, b = latency[one][label], latency[last][label]
        growth = b["p95"] / a["p95"]
        steady = label in STEADY  # its result does not grow with the archive: a goal
        figures.append(
            Figure(
                f"{label}: p95 at {last} sessions",
                f"{_pp(b)} ms (p50 / p95)",
                f"{one} session: {_pp(a)} ms",
                f"{growth:.2f}× (p95)",
                "≤ 1.5×" if steady else "",
                growth <= 1.5 if steady else None,
            )
        )
    s = scale[last]
    figures.append(
        Figure(
            f"database of {last} sessions against the text it stores",
            f"{s['mb']:,.0f} MB, built in {s['seconds']:.0f} s",
            f"version and testimony text: {s['text_mb']:,.0f} MB",
            f"{s['mb'] / s['text_mb']:.2f}×",
            "≤ 2.5×",
            s["mb"] / s["text_mb"] <= 2.5,
        )
    )
    all_errors = [e for n in scales for st in latency[n].values() for e in st["errors"]] + [
        p for n in scales for p in extras[n]["update_problems"]
    ]
    figures.append(
        Figure(
            "errors while writing (5xx, 'database is locked'), every scale",
            f"{len(all_errors)}",
            f"{sum(st['n'] for n in scales for st in latency[n].values())} responses",
            "",
            "none",
            not all_errors
            and all(
                extras[n]["integrity"] == "ok"
                and extras[n]["store_errors"] == 0
                and extras[n]["writer"].get("error_count") == 0
                for n in scales
            ),
        )
    )
    return Result(
        name="archive",
        title=f"The archive: {last} sessions",
        method=(
            f"`benchmarks/bench_archive.py`: sessions {FIRST}–{FIRST + last - 1} generated one "
            "after the other into one file (each `bench_site.build_site_db`'s whole session, "
            "its own year and seed; deterministic), copied at "
            + ", ".join(str(n) for n in scales[:-1])
            + f" sessions; at each scale, every route's p50/p95 with {clients} HTTP client "
            "threads while a writer process commits per-bill transactions and `billwatch "
            f"update` crawls the sample site into the same file, served by {workers} worker "
            "process(es) (`billwatch serve`'s default on this machine). Build time is the "
            "generation and the writes through `open_db` (migrations, triggers, indexes) up "
            "to that scale. Bills are drawn from every session in the file."
        ),
        figures=figures,
        tables="\n".join(lines),
        details="\n".join(notes),
        numbers={
            "scales": list(scales),
            "mb": {n: scale[n]["mb"] for n in scales},
            "text_mb": {n: scale[n]["text_mb"] for n in scales},
            "seconds": {n: scale[n]["seconds"] for n in scales},
            "p95": {n: {k: v["p95"] for k, v in latency[n].items()} for n in scales},
            "p50": {n: {k: v["p50"] for k, v in latency[n].items()} for n in scales},
        },
    )


if __name__ == "__main__":
    main_for(run, __doc__.splitlines()[0], sys.argv[1:])

"""Benchmark a no-change refresh: ``billwatch update`` twice against the offline sample site.

Run with one command (not part of CI; nothing here is asserted)::

    .venv/bin/python benchmarks/bench_refresh.py [--quick] [--json PATH]

``billwatch.samplesite.serve`` runs the offline copy of cga.ct.gov (default faults on, as
in the demo) in this process; ``billwatch update --session 2015 --all`` runs twice as a
subprocess on a fresh database, exactly as ``billwatch demo`` and ``tests/test_refresh.py``
do.  The server's ``request_log`` says what the second run asked for and got; the
``crawls`` table says what Scrapy counted (requests, bytes, 304s); the first run, measured
the same way, is the reference.  Goal: the second run fetches the five bulk files (the
four bill files and LegislatorDatabase.csv) by conditional request (304) and nothing else
but robots.txt, and adds no change.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import ROOT, Figure, Result, main_for

from billwatch.samplesite import serve


def update(base_url: str, db: Path) -> tuple[float, int, str]:
    """(wall s, exit status, stdout) of one ``billwatch update`` of the sample session."""
    cmd = [sys.executable, "-m", "billwatch", "update", "--base-url", base_url]
    cmd += ["--db", str(db), "--session", "2015", "--all"]
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=ROOT, env={**os.environ}, capture_output=True, text=True, timeout=600
    )
    return time.perf_counter() - start, proc.returncode, proc.stdout + proc.stderr


def crawl_row(db: Path) -> dict:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute(
            "select requests, bytes, not_modified, errors_new from crawls order by id desc limit 1"
        ).fetchone()
        changes = conn.execute("select count(*) from changes").fetchone()[0]
    finally:
        conn.close()
    return dict(zip(("requests", "bytes", "not_modified", "errors_new"), row, strict=True)) | {
        "changes": changes
    }


def run(quick: bool = False) -> Result:
    server, _ = serve(root=ROOT / "data" / "sample-site")
    runs = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
            db = Path(tmp) / "refresh.db"
            for _ in range(2):
                server.request_log.clear()
                wall, code, out = update(server.base_url, db)
                log = list(server.request_log)
                runs.append({"wall": wall, "code": code, "log": log, **crawl_row(db)})
                if code not in (0, 1):
                    raise RuntimeError(f"billwatch update failed ({code}):\n{out[-2000:]}")
    finally:
        server.shutdown()
    first, second = runs
    statuses = Counter(r.status for r in second["log"])
    bulk = [r for r in second["log"] if r.path.startswith("/pub/data/")]
    others = [r for r in second["log"] if not r.path.startswith("/pub/data/")]
    goal_met = (
        len(bulk) == 5
        and all(r.status == 304 for r in bulk)
        and [(r.path, r.status) for r in others] == [("/robots.txt", 200)]
        and second["changes"] == first["changes"]
    )
    figures = [
        Figure(
            "no-change refresh: requests",
            f"{len(second['log'])} ({second['not_modified']} × 304; "
            + ", ".join(f"{n} × {s}" for s, n in sorted(statuses.items()) if s != 304)
            + ")",
            f"first crawl: {len(first['log'])} requests",
            f"{len(second['log']) / len(first['log']):.2f}×",
            "bulk files only, by 304",
            goal_met,
        ),
        Figure(
            "no-change refresh: bytes downloaded",
            f"{second['bytes']:,} B",
            f"first crawl: {first['bytes']:,} B",
            f"{second['bytes'] / first['bytes']:.3f}×",
        ),
        Figure(
            "no-change refresh: changes added",
            f"{second['changes'] - first['changes']}",
            f"first crawl: {first['changes']} (baseline)",
            "",
            "0",
            second["changes"] == first["changes"],
        ),
        Figure(
            "no-change refresh: wall time (incl. ~1 s interpreter + Scrapy start)",
            f"{second['wall']:.2f} s",
            f"first crawl: {first['wall']:.2f} s",
            f"{second['wall'] / first['wall']:.2f}×",
        ),
    ]
    details = ["second run, every request (path → status):"]
    details += [f"  {r.status}  {r.path}" for r in second["log"]]
    details.append(
        f"first run: {len(first['log'])} requests, {first['bytes']:,} bytes, "
        f"exit {first['code']} (the sample site's deliberate faults); second run exit "
        f"{second['code']}"
    )
    return Result(
        name="refresh",
        title="No-change refresh of the sample site",
        method=(
            "`billwatch update --session 2015 --all` twice (subprocess) against "
            "`billwatch.samplesite.serve()` on a fresh database, as the demo does; the "
            "server's request log and the `crawls` row of each run. The first run is the "
            "reference."
        ),
        figures=figures,
        details="\n".join(details),
        numbers={
            "requests": len(second["log"]),
            "not_modified": second["not_modified"],
            "bytes": second["bytes"],
            "first_requests": len(first["log"]),
            "first_bytes": first["bytes"],
            "wall": second["wall"],
            "first_wall": first["wall"],
        },
    )


def main(argv: list[str] | None = None) -> None:
    main_for(run, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    main()

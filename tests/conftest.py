"""Shared by every test that crawls (e2e, refresh, faults, crash): run
``billwatch update`` in a subprocess (Twisted's reactor runs once per process) and take
snapshots of what a crawl stored.  Handed to test modules as session fixtures."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Run bookkeeping, not content: left out of snapshots.  The renderings are the site's
# precomputed responses (billwatch/renderings.py), derived from the content and stamped with
# the update that rendered them.
BOOKKEEPING = {
    "crawls",
    "errors",
    "http_cache",
    "_sqlite_migrations",
    "renderings",
    "rendering_bodies",
    "renderings_state",
}
_PORT = re.compile(r"127\.0\.0\.1:\d+")


class Run(NamedTuple):
    code: int
    output: str
    seconds: float


def update_command(base_url: str, db: Path, *args: str) -> list[str]:
    cmd = [sys.executable, "-m", "billwatch", "update", "--base-url", base_url]
    return [*cmd, "--db", str(db), *args]


def crawl_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1", **(extra or {})}


def run_update(base_url: str, db: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """One ``billwatch update``; an exit code other than 0 or 1 fails the test."""
    started = time.monotonic()
    proc = subprocess.run(
        update_command(base_url, db, *args),
        cwd=ROOT,
        env=crawl_env(env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode in (0, 1), f"crawl failed ({proc.returncode}):\n{output}"
    return Run(proc.returncode, output, time.monotonic() - started)


def content_snapshot(
    db: Path, drop: frozenset[str] = frozenset(), mask_ports: bool = False
) -> dict[str, list[tuple]]:
    """Every content table as sorted rows: no timestamps (``*_at`` columns), no run
    bookkeeping, no full-text index internals, nor the columns named in ``drop``.
    ``mask_ports``: ``127.0.0.1:PORT`` for any port, to compare crawls of copies served
    on different ports."""
    conn = sqlite3.connect(db)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "select name from sqlite_master where type = 'table'"
                " and instr(name, '_fts') = 0 and name not like 'sqlite%'"
            )
            if name not in BOOKKEEPING
        ]
        out = {}
        for table in sorted(tables):
            cols = [r[1] for r in conn.execute(f"pragma table_info({table})")]
            cols = [c for c in cols if not c.endswith("_at") and c not in drop]
            rows = conn.execute(f"select {', '.join(cols)} from {table}").fetchall()
            if mask_ports:
                rows = [tuple(_mask(v) for v in row) for row in rows]
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def _mask(value: object) -> object:
    return _PORT.sub("127.0.0.1:PORT", value) if isinstance(value, str) else value


def duplicates(db: Path) -> list[tuple]:
    """Rows that say the same thing twice: a version text stored twice for one URL, a
    document linked twice, an action twice, a change id twice."""
    checks = [
        "select 'version', bill_id, lower(url), sha256 from versions"
        " group by 2, 3, 4 having count(*) > 1",
        "select 'document', bill_id, lower(url) from documents group by 2, 3 having count(*) > 1",
        "select 'action', bill_id, key from actions group by 2, 3 having count(*) > 1",
        "select 'change', id from changes group by 2 having count(*) > 1",
    ]
    conn = sqlite3.connect(db)
    try:
        return [row for sql in checks for row in conn.execute(sql)]
    finally:
        conn.close()


def copy_db(src: Path, dst: Path) -> Path:
    """A consistent copy of a database (sqlite's backup API)."""
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()
    return dst


@pytest.fixture(scope="session")
def crawlkit() -> SimpleNamespace:
    """The helpers above: ``crawlkit.update(base_url, db, *args, env=...)`` -> Run,
    ``.snapshot(db, drop=..., mask_ports=...)``, ``.duplicates(db)``, ``.copy(src, dst)``,
    and ``.command(...)`` with ``.env(extra)`` for a ``Popen`` of your own."""
    return SimpleNamespace(
        update=run_update,
        snapshot=content_snapshot,
        duplicates=duplicates,
        copy=copy_db,
        command=update_command,
        env=crawl_env,
        root=ROOT,
    )

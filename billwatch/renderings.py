"""Precompute what the public hits: ``billwatch update`` renders every bill's feeds and embeds,
every topic's feeds, the global feed and the hearing calendars once its crawl has committed,
and the site answers them from the database (``publish/plugins/precomputed.py``).

Each path is requested from the site's own Datasette in this process (``datasette.client``,
with the precomputed answers off), so a rendering is by construction the live route's bytes
and headers for this data.  Around the crawl:

* ``invalidate`` (before the crawl writes anything): the renderings stop being current, so
  while the update runs, and after one that stopped before rendering, the site renders live
  and never answers data older than what the database holds;
* ``refresh`` (after it): every precomputed route rendered, then written in one transaction
  (readers see the whole old set or the whole new one) and marked current.  A body already
  stored is not written again; a path whose response is unchanged is not touched (its
  ``rendered_at`` stays).

Every route is rendered each time: each shows the last update (a card's "updated …", a feed's
``Last-Modified``, a calendar's stamp), so each changes with every update anyway.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cga.clock import ct_today, now_iso
from pipelines.schema import open_db
from pipelines.store_base import immediate
from publish import site
from publish.conditional import etag_for
from publish.precomputed import encode_body

CALENDAR_TYPE = "text/calendar"


@dataclass(frozen=True)
class Rendered:
    path: str
    content_type: str
    etag: str
    headers: str  # JSON [[name, value], ...], the live response's, in order
    last_modified: str | None
    ct_date: str | None
    offset: int  # where the body is in the spool (bodies are not all held in memory)
    size: int


@dataclass(frozen=True)
class RefreshStats:
    routes: int  # rendered and stored
    changed: int  # of which answer something else than before
    skipped: list[str]  # paths the live route did not answer with a 200 (rendered live)
    seconds: float


def invalidate(db_path: str | Path) -> None:
    """The renderings no longer show the database: the site renders live until ``refresh``."""
    db = open_db(db_path)
    try:
        with immediate(db):
            db.execute(
                "insert into renderings_state (id, current, invalidated_at) values (1, 0, ?) "
                "on conflict(id) do update set current = 0, "
                "invalidated_at = excluded.invalidated_at",
                [now_iso()],
            )
    finally:
        db.close()


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name), None)


async def _render_all(
    db_path: str | Path, public_url: str | None, spool: IO[bytes]
) -> tuple[list[Rendered], list[str]]:
    """Every precomputed route rendered through the live app; bodies go to ``spool`` (a
    whole session's are hundreds of MB)."""
    from .serve import make_datasette

    ds = make_datasette(db_path, public_url, precomputed=False)
    routes = await ds.get_database(site.DB_NAME).execute_fn(site.precomputed_routes)
    rendered: list[Rendered] = []
    skipped: list[str] = []
    for path in routes:
        today = ct_today().isoformat()
        response = await ds.client.get(path)
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw]
        body = response.content
        etag = etag_for(body)
        # Only a 200 whose ETag is the hash of its body can be answered from a copy.
        if response.status_code != 200 or _header(headers, "etag") != etag:
            skipped.append(path)
            continue
        content_type = _header(headers, "content-type") or ""
        offset = spool.seek(0, 2)
        spool.write(body)
        rendered.append(
            Rendered(
                path=path,
                content_type=content_type,
                etag=etag,
                headers=json.dumps(headers),
                last_modified=_header(headers, "last-modified"),
                ct_date=today if content_type.startswith(CALENDAR_TYPE) else None,
                offset=offset,
                size=len(body),
            )
        )
    return rendered, skipped


def refresh(db_path: str | Path, public_url: str | None = None) -> RefreshStats:
    """Render every precomputed route on ``public_url`` ("" or None: relative links) and make
    them the site's answers, in one transaction."""
    started = time.monotonic()
    base = (public_url or "").rstrip("/")
    db = open_db(db_path)
    try:
        # Read before rendering: a change logged while rendering leaves the set stale.
        seen = db.execute("select max(rowid) from changes").fetchone()[0]
        with tempfile.TemporaryFile() as spool:
            rendered, skipped = asyncio.run(_render_all(db_path, base or None, spool))
            changed = _store(db, rendered, spool, base, seen, time.monotonic() - started)
    finally:
        db.close()
    return RefreshStats(len(rendered), changed, skipped, time.monotonic() - started)


def _body(spool: IO[bytes], r: Rendered) -> bytes:
    spool.seek(r.offset)
    return spool.read(r.size)


def _store(
    db, rendered: list[Rendered], spool: IO[bytes], base: str, seen: int | None, seconds: float
) -> int:
    now = now_iso()
    conn: sqlite3.Connection = db.conn
    with immediate(db):
        old = {
            row[0]: row[1:]
            for row in conn.execute(
                "select path, etag, headers, ct_date, content_type from renderings"
            )
        }
        bodies = {etag for (etag,) in conn.execute("select etag from rendering_bodies")}
        changed = 0
        for r in rendered:
            if r.etag not in bodies:
                conn.execute(
                    "insert into rendering_bodies (etag, body, encoding) values (?, ?, ?)",
                    [r.etag, *encode_body(_body(spool, r))],
                )
                bodies.add(r.etag)
            before = old.get(r.path)
            if before == (r.etag, r.headers, r.ct_date, r.content_type):
                continue
            changed += 1
            conn.execute(
                "insert into renderings (path, content_type, etag, headers, last_modified, "
                "ct_date, rendered_at) values (:path, :content_type, :etag, :headers, "
                ":last_modified, :ct_date, :now) on conflict(path) do update set "
                "content_type = excluded.content_type, etag = excluded.etag, "
                "headers = excluded.headers, last_modified = excluded.last_modified, "
                "ct_date = excluded.ct_date, rendered_at = case when renderings.etag = "
                "excluded.etag then renderings.rendered_at else excluded.rendered_at end",
                {
                    "path": r.path,
                    "content_type": r.content_type,
                    "etag": r.etag,
                    "headers": r.headers,
                    "last_modified": r.last_modified,
                    "ct_date": r.ct_date,
                    "now": now,
                },
            )
        paths = {r.path for r in rendered}
        gone = [p for p in old if p not in paths]
        conn.executemany("delete from renderings where path = ?", [(p,) for p in gone])
        conn.execute("delete from rendering_bodies where etag not in (select etag from renderings)")
        conn.execute(
            "insert into renderings_state (id, current, public_url, changes_seen, rendered_at, "
            "routes, changed, seconds) values (1, 1, :base, :seen, :now, :routes, :changed, "
            ":seconds) on conflict(id) do update set current = 1, public_url = :base, "
            "changes_seen = :seen, rendered_at = :now, routes = :routes, changed = :changed, "
            "seconds = :seconds",
            {
                "base": base,
                "seen": seen,
                "now": now,
                "routes": len(rendered),
                "changed": changed + len(gone),
                "seconds": round(seconds, 3),
            },
        )
    return changed + len(gone)

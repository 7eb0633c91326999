"""``billwatch demo``: crawl the bundled offline copy of the site twice, then serve it.

Everything it builds is **sample data** (``data/sample.db``, rebuilt each time; a database
holding real data is never touched).  The copy (``billwatch/samplesite.py`` over
``data/sample-site/``) first serves the 2015 session as it stood on the evening of
18 March 2015 (``states/earlier/``), crawled with the clock set to that evening: a session's
first crawl, so its history is baseline, except the last few days, which are news.  Then it
serves the session as it ended, crawled with the clock set to 24 June 2015: what happened in
between — 2015 HB 7017's committee substitute with its redline, its public-hearing
testimony, new actions and stages, bills that died with the session, a hearing moved, one
cancelled and one scheduled on the Education Committee's calendar — is news in the feeds.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import click

from publish.site import is_sample_url

from .paths import ROOT, SAMPLE_DB, SAMPLE_SITE, SAMPLE_WATCHLIST


@dataclass(frozen=True)
class Crawl:
    state: str | None  # the sample site's state (None: the tree, as the session ended)
    now: str  # BILLWATCH_NOW for the crawl
    what: str


# The clock of each crawl: the evening of the earlier state's day
# (data/sample-site/build_states.py, STATES), then after the session's last event.
CRAWLS = (
    Crawl("earlier", "2015-03-18T22:00:00Z", "the 2015 session as it stood on 18 March 2015"),
    Crawl(None, "2015-06-24T16:00:00Z", "the same session as it ended (24 June 2015)"),
)
SESSION = 2015
WATCHED_BILL = "2015-HB-7017"
TOPIC = "student-privacy"


def rebuildable(db_path: Path) -> str | None:
    """Why the demo must not replace ``db_path`` (it holds real data), or None."""
    if not db_path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            urls = [r[0] for r in conn.execute("select distinct base_url from crawls")]
        finally:
            conn.close()
    except sqlite3.Error:
        return f"{db_path} is not a billwatch database"
    real = [u for u in urls if not is_sample_url(u)]
    if real:
        return f"{db_path} holds data crawled from {real[0]}, not sample data"
    return None


def _remove(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def _update(base_url: str, db_path: Path, crawl: Crawl) -> int:
    args = [sys.executable, "-m", "billwatch", "update", "--base-url", base_url]
    args += ["--session", str(SESSION), "--all", "--db", str(db_path)]
    # The sample watchlist: the real topic plus sample positions, so the demo shows a
    # scorecard without sample positions ever entering the real watchlist.
    args += ["--watchlist", SAMPLE_WATCHLIST]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "BILLWATCH_NOW": crawl.now}
    env.pop("BILLWATCH_DB", None)
    return subprocess.call(args, cwd=ROOT, env=env)


def feed_counts(db_path: Path) -> dict[str, int]:
    """Entries in the demo's feeds, from the feed queries themselves."""
    from .serve import load_metadata

    queries = load_metadata()["databases"]["billwatch"]["queries"]
    params = {
        "feed_changes": {"kind": ""},
        "feed_topic": {"topic": TOPIC, "kind": ""},
        "feed_bill": {"bill": WATCHED_BILL, "kind": ""},
    }
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return {
            name: len(conn.execute(queries[name]["sql"], p).fetchall())
            for name, p in params.items()
        }
    finally:
        conn.close()


def next_hearing(db_path: Path, now: str) -> tuple[str, str] | None:
    """(bill, "Wed Mar 2, 2016, 10:00 AM, LOB Room 2E") of the next scheduled hearing of a
    watched bill by the clock ``now`` (the last crawl's), or None."""
    from cga.clock import ct_date, parse_instant
    from cga.meetings import format_start

    today = ct_date(parse_instant(now)).isoformat()
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "select h.bill_id, m.start, m.location from hearings as h "
            "join meetings as m on m.id = h.meeting_id "
            "where m.status = 'scheduled' and m.date >= ? "
            "and h.bill_id in (select bill_id from bill_topics) "
            "order by m.date, m.start, h.bill_id limit 1",
            [today],
        ).fetchone()
    finally:
        conn.close()
    if row is None:
        return None
    return row[0], ", ".join(x for x in (format_start(row[1]), row[2]) if x)


def closing_lines(
    counts: dict[str, int], site: str, hearing: tuple[str, str] | None = None
) -> list[str]:
    lines = [
        "News in the feeds (sample data):",
        f"  {site}/feeds/changes.atom  {counts['feed_changes']} entries",
        f"  {site}/feeds/topics/{TOPIC}.atom  {counts['feed_topic']} entries",
        f"  {site}/feeds/bills/{WATCHED_BILL}.atom  {counts['feed_bill']} entries "
        "(its whole history, dated when it happened)",
        f"  {site}/bills/{WATCHED_BILL}  the bill page",
    ]
    if hearing:
        bill, when = hearing
        lines += [
            f"  {site}/feeds/hearings.ics  the hearings calendar; next: {bill}, {when}",
            f"  {site}/bills/{bill}#hearings  its hearing, and how to testify",
        ]
    return lines


def expected_errors(path: Path) -> dict[str, str]:
    out = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                url_path, _, why = line.partition("\t")
                out[url_path.strip().lower()] = why.strip()
    return out


def report_errors(db_path: Path, expected: dict[str, str]) -> list[str]:
    conn = sqlite3.connect(db_path)
    rows = conn.execute("select url, error from errors where resolved_at is null order by url")
    unexpected = []
    lines = []
    for url, error in rows:
        parts = urlsplit(url)
        path = (parts.path + ("?" + parts.query if parts.query else "")).lower()
        if path in expected or parts.path.lower() in expected:
            lines.append(f"  expected  {url}\n            {error}")
        else:
            unexpected.append(url)
            lines.append(f"  UNEXPECTED {url}\n            {error}")
    conn.close()
    if lines:
        click.echo("\nErrors recorded (the sample site breaks some pages on purpose):")
        click.echo("\n".join(lines))
    return unexpected


@click.command()
@click.option(
    "--db",
    "db_path",
    default=SAMPLE_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Where to build the sample database (replaced on each run).",
)
@click.option("--site-port", default=0, help="Port of the offline sample site (default: any free).")
@click.option("--port", default=8001, show_default=True, help="Port to serve the database on.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--serve/--no-serve",
    default=True,
    show_default=True,
    help="Serve the database with Datasette after the crawls.",
)
def demo(db_path: str, site_port: int, port: int, host: str, serve: bool) -> None:
    """Crawl the bundled offline copy of the site (sample data) twice, then serve it.

    First the 2015 session as it stood on 18 March 2015, then as it ended: the second
    crawl's news fills the feeds.
    """
    from .samplesite import running_server

    db = Path(db_path).absolute()
    refusal = rebuildable(db)
    if refusal:
        raise click.ClickException(f"{refusal}: the demo builds its own database (--db)")
    _remove(db)
    expected = expected_errors(SAMPLE_SITE / "EXPECTED-ERRORS.txt")
    with running_server(root=SAMPLE_SITE, port=site_port, state=CRAWLS[0].state) as server:
        click.echo(f"Offline sample site (sample data, not the live site) at {server.base_url}")
        for n, crawl in enumerate(CRAWLS, start=1):
            server.set_state(crawl.state)
            click.echo(f"\n{n}/{len(CRAWLS)}: crawling {crawl.what} (clock: {crawl.now})")
            code = _update(server.base_url, db, crawl)
            if code not in (0, 1):
                sys.exit(code)
    unexpected = report_errors(db, expected)
    click.echo(f"\nSample database (sample data): {db_path}")
    if unexpected:
        sys.exit(1)
    site = f"http://{host}:{port}"
    hearing = next_hearing(db, CRAWLS[-1].now)
    click.echo("\n".join(closing_lines(feed_counts(db), site, hearing)))
    if serve:
        from .serve import serve_forever

        # The site as of the last crawl's clock: a hearing still to come by it is upcoming
        # (its bill page says how to testify).
        os.environ.setdefault("BILLWATCH_NOW", CRAWLS[-1].now)
        click.echo(
            f"Browse the sample data at {site}/ (clock: {os.environ['BILLWATCH_NOW']};"
            " Ctrl-C to stop)"
        )
        serve_forever(db, host=host, port=port)
    elif db_path == SAMPLE_DB:
        click.echo(
            f"Serve it with: billwatch serve (it reads {SAMPLE_DB} while there is no "
            "data/billwatch.db)"
        )
    else:
        click.echo(f"Serve it with: billwatch serve --db {db_path}")

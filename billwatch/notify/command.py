"""``billwatch notify [--dry-run] [--subscriptions FILE]``: deliver the change log.

Exit status: 0 everything due was delivered (or waits for its digest, or for the backoff of
a target already known to fail); 1 a target started failing, or a delivery was given up, in
this run (recorded; retried with backoff when worth it); 2 bad usage (no database, a missing
or invalid subscriptions file — the message names the line —, an unknown topic or kind, a
bad search); 3 another ``notify`` holds the lock on the database.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import click

from cga.watchlist import WatchlistError, load_watchlist
from pipelines.schema import open_db

from ..lock import EXIT_LOCKED, Locked, exclusive
from ..paths import DB_ENV, DEFAULT_DB, DEFAULT_WATCHLIST, ROOT, missing_database
from . import ledger, rules
from . import run as runs
from .apprise_channel import quiet
from .run import Options, all_secrets, describe, notify, plural
from .subscriptions import Subscription, SubscriptionsError, load_subscriptions

DEFAULT_SUBSCRIPTIONS = str(ROOT / "data" / "subscriptions.yml")
SUBSCRIPTIONS_ENV = "BILLWATCH_SUBSCRIPTIONS"
EXIT_USAGE = 2


def _fail(message: str) -> None:
    click.echo(f"billwatch notify: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _check_url(ctx, param, value):
    if value and not value.startswith(("http://", "https://")):
        raise click.BadParameter("must be an http(s) URL")
    return value.rstrip("/") if value else ""


def _check_searches(conn: sqlite3.Connection, subs: list[Subscription], where: str) -> None:
    for sub in subs:
        for q in sub.search:
            problem = ledger.check_search(conn, q)
            if problem:
                _fail(f"{where}, line {sub.line} (subscription {sub.id}): search {q!r}: {problem}")


@click.command("notify")
@click.option(
    "--subscriptions",
    "subscriptions_path",
    default=DEFAULT_SUBSCRIPTIONS,
    envvar=SUBSCRIPTIONS_ENV,
    show_default="data/subscriptions.yml",
    type=click.Path(dir_okay=False),
    help="Who gets which changes, where, how often.",
)
@click.option("--dry-run", is_flag=True, help="Print what would go where; send and record nothing.")
@click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    envvar=DB_ENV,
    show_default=True,
    type=click.Path(dir_okay=False),
)
@click.option(
    "--watchlist",
    "watchlist_path",
    default=DEFAULT_WATCHLIST,
    envvar="BILLWATCH_WATCHLIST",
    show_default="data/watchlist.yml",
    type=click.Path(dir_okay=False),
    help="The topics subscriptions may name.",
)
@click.option(
    "--public-url",
    envvar="BILLWATCH_PUBLIC_URL",
    callback=_check_url,
    help="Where readers reach the site: messages link its bill pages and feeds "
    "(without it, the status pages on cga.ct.gov).",
)
@click.option(
    "--timeout",
    default=15.0,
    show_default=True,
    envvar="BILLWATCH_NOTIFY_TIMEOUT",
    type=click.FloatRange(0.1, 300),
    help="Seconds one try of a delivery may take (connecting, sending, the answer).",
)
@click.option(
    "--tries",
    default=rules.TRIES,
    show_default=True,
    type=click.IntRange(1, 10),
    help="Tries of a failing delivery in one run (timeouts, 5xx), before a later run's.",
)
@click.option(
    "--retry-wait",
    default=rules.RETRY_WAIT,
    show_default=True,
    envvar="BILLWATCH_NOTIFY_RETRY_WAIT",
    type=click.FloatRange(0, 60),
    help="Seconds before a run's second try (doubling before each next one).",
)
@click.option("--retry-now", is_flag=True, help="Try failing targets now, ignoring their backoff.")
def notify_command(
    subscriptions_path,
    dry_run: bool,
    db_path,
    watchlist_path,
    public_url,
    timeout,
    tries,
    retry_wait,
    retry_now,
):
    """Deliver new changes to the subscriptions' e-mail, chat and webhook targets.

    Exit status: 0 delivered (or waiting for a digest or a backoff); 1 a target started
    failing or a delivery was given up in this run; 2 bad usage or subscriptions file;
    3 another notify holds the lock on the database.
    """
    try:
        topics = {t.name for t in load_watchlist(watchlist_path)}
    except WatchlistError as exc:
        _fail(str(exc))
    try:
        subs = load_subscriptions(subscriptions_path, topics)
    except SubscriptionsError as exc:
        _fail(str(exc))
    if not Path(db_path).exists():
        _fail(missing_database(db_path))
    quiet()  # apprise's log lines may name a target: never on the terminal
    env = dict(os.environ)
    secrets = all_secrets(subs, env)
    options = Options(
        public_url=public_url or "",
        timeout=timeout,
        tries=tries,
        retry_wait=retry_wait,
        retry_now=retry_now,
    )
    if dry_run:
        read_only = Path(db_path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(read_only, uri=True, isolation_level=None)
        try:
            _check_searches(conn, subs, subscriptions_path)
            if not subs:
                click.echo(f"billwatch notify --dry-run: no subscriptions in {subscriptions_path}")
                return
            for line in runs.dry_run(conn, subs, env, options):
                click.echo(secrets.scrub(line))
        finally:
            conn.close()
        return
    try:
        with exclusive(db_path, "notify"):
            db = open_db(db_path)
            conn = db.conn
            conn.isolation_level = None  # transactions are explicit (ledger, run)
            try:
                _check_searches(conn, subs, subscriptions_path)
                if not subs:
                    click.echo(f"billwatch notify: no subscriptions in {subscriptions_path}")
                    return
                report = notify(conn, subs, env, options)
            finally:
                conn.close()
    except Locked as exc:
        click.echo(f"billwatch notify: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    click.echo(
        f"billwatch notify: {plural(len(subs), 'subscription')}; sent "
        f"{plural(report.messages, 'message')} ({plural(report.changes, 'change')})"
        + (f"; {plural(report.new_failures, 'new failure')}" if report.new_failures else "")
    )
    for sub in subs:
        click.echo(secrets.scrub(f"  {describe(sub)}"))
    for line in report.lines:
        click.echo(secrets.scrub(line))
    sys.exit(1 if report.new_failures else 0)

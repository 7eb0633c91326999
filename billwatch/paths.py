"""Where things live: the database, the demo's database, the watchlist.

Relative paths are taken from the current directory, as users type them: the defaults
``data/billwatch.db`` (real data) and ``data/sample.db`` (what ``billwatch demo`` builds)
are under the directory you run billwatch in — the checkout, when you follow the README.
The watchlist and the sample site are the checkout's own.

Commands that only read (``diff``, ``export``, ``serve``) take ``data/billwatch.db`` unless
told otherwise; when it does not exist and the demo's database does, they read that one and
say it is sample data.  ``update`` never falls back: real and sample data never mix in one
file.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "data/billwatch.db"  # real data (BILLWATCH_DB overrides)
SAMPLE_DB = "data/sample.db"  # what `billwatch demo` builds: sample data, never mixed in
DB_ENV = "BILLWATCH_DB"
DEFAULT_WATCHLIST = str(ROOT / "data" / "watchlist.yml")
# The demo's: the real watchlist's topic plus an invented group's positions (sample data).
SAMPLE_WATCHLIST = str(ROOT / "data" / "sample-watchlist.yml")
SAMPLE_SITE = ROOT / "data" / "sample-site"


def in_checkout(path: str | Path) -> Path:
    """``path`` as given when absolute, else under the checkout (for cron entries)."""
    p = Path(path)
    return p if p.is_absolute() else ROOT / p


def database_to_read(given: str | None, command: str) -> str:
    """The database a reading command uses: ``given`` (``--db`` or ``BILLWATCH_DB``), else
    ``data/billwatch.db``, else — when only the demo has run — ``data/sample.db``, said on
    stderr.  The path returned may not exist: the command then says so."""
    if given:
        return given
    if Path(DEFAULT_DB).exists() or not Path(SAMPLE_DB).exists():
        return DEFAULT_DB
    click.echo(
        f"billwatch {command}: no {DEFAULT_DB}; reading {SAMPLE_DB}, the demo's database "
        "(sample data)",
        err=True,
    )
    return SAMPLE_DB


def db_option(help_text: str = "The database (default: data/billwatch.db; else the demo's)."):
    """``--db`` of a reading command (environment ``BILLWATCH_DB``); resolve it with
    ``database_to_read``."""
    return click.option(
        "--db",
        "db_path",
        default=None,
        envvar=DB_ENV,
        type=click.Path(dir_okay=False),
        help=help_text,
    )


def missing_database(path: str) -> str:
    """What to say when the database to read does not exist."""
    hint = "run billwatch update (or billwatch demo, for sample data)"
    if os.environ.get(DB_ENV) == path:
        return f"no database at {path} (from {DB_ENV}): {hint}"
    return f"no database at {path}: {hint}"

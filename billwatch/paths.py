"""Where things live in a checkout: the database, the demo's database, the watchlist.

Relative paths are taken from the current directory, as users type them; the defaults are
the checkout's ``data/`` folder.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "data/billwatch.db"  # real data (BILLWATCH_DB overrides)
SAMPLE_DB = "data/sample.db"  # what `billwatch demo` builds: sample data, never mixed in
DEFAULT_WATCHLIST = str(ROOT / "data" / "watchlist.yml")
# The demo's: the real watchlist's topic plus an invented group's positions (sample data).
SAMPLE_WATCHLIST = str(ROOT / "data" / "sample-watchlist.yml")
SAMPLE_SITE = ROOT / "data" / "sample-site"


def in_checkout(path: str | Path) -> Path:
    """``path`` as given when absolute, else under the checkout (for cron entries)."""
    p = Path(path)
    return p if p.is_absolute() else ROOT / p

"""The ``billwatch`` command line.

Exit codes of ``update``: 0 everything fetched; 1 a URL failed in this run for the
first time (everything else stored); 2 bad usage (contradictory flags, or a database of
sample data given real data or the other way round); 3 another update holds the lock.  A
failure already recorded by an earlier run is retried with backoff and reported, but does
not change the exit code, so a cron job alerts once, not every run.  When the site does not
answer at all, one line says which host could not be reached and why.
"""

from __future__ import annotations

import functools
import sys

import click

import cga
from cga.clock import ct_today, now_iso
from cga.urls import parse_allowed_hosts
from cga.watchlist import WatchlistError, load_watchlist
from publish.site import is_sample_url
from spiders.budgets import Budgets

from .lock import EXIT_LOCKED, Locked, exclusive
from .paths import DEFAULT_DB, DEFAULT_WATCHLIST
from .priority import lower_priority
from .summary import crawl_summary, format_summary, mixing_refusal, unreachable


def _bill_ids(value: str | None) -> list[cga.BillId]:
    if not value:
        return []
    try:
        return [cga.split_bill_id(v) for v in value.split(",") if v.strip()]
    except cga.BadBillId as exc:
        raise click.BadParameter(str(exc), param_hint="--bills") from None


# (flag, Budgets field, environment variable, help); defaults are Budgets' own.
BUDGET_FLAGS = (
    ("--max-page-mb", "page_mb", "BILLWATCH_MAX_PAGE_MB", "Largest status page or listing"),
    ("--max-text-mb", "text_mb", "BILLWATCH_MAX_TEXT_MB", "Largest bill text (.htm)"),
    ("--max-pdf-mb", "pdf_mb", "BILLWATCH_MAX_PDF_MB", "Largest PDF (bill text, testimony)"),
    ("--max-bulk-mb", "bulk_mb", "BILLWATCH_MAX_BULK_MB", "Largest bulk CSV file"),
    (
        "--extract-seconds",
        "extract_seconds",
        "BILLWATCH_EXTRACT_SECONDS",
        "Time budget to extract one document's text",
    ),
    ("--pdf-pages", "pdf_pages", "BILLWATCH_PDF_PAGES", "Most pages read from one PDF"),
    (
        "--extract-memory-mb",
        "extract_memory_mb",
        "BILLWATCH_EXTRACT_MEMORY_MB",
        "Memory cap of an extraction worker",
    ),
)


def budget_options(function):
    """The budget flags (docs/security.md, "Budgets"), handed over as one ``budgets``."""

    @functools.wraps(function)
    def gathered(**kwargs):
        values = {name: kwargs.pop(name) for _, name, _, _ in BUDGET_FLAGS}
        if any(v <= 0 for v in values.values()):
            raise click.BadParameter("every budget must be positive")
        return function(budgets=Budgets(**values), **kwargs)

    defaults = Budgets()
    for flag, name, env, text in reversed(BUDGET_FLAGS):
        default = getattr(defaults, name)
        gathered = click.option(
            flag,
            name,
            type=type(default),
            default=default,
            envvar=env,
            show_default=True,
            help=f"{text}.",
        )(gathered)
    return gathered


@click.group()
@click.version_option(package_name="billwatch")
def main() -> None:
    """billwatch: track Connecticut General Assembly bills."""


def parse_sessions(value: str | int | None, default: int) -> list[int]:
    """``2015``, ``2015-2018`` or ``2015,2017`` → session years (README, "Lineage")."""
    if value is None or str(value).strip() == "":
        return [default]
    years: set[int] = set()
    for part in str(value).split(","):
        first, dash, last = part.strip().partition("-")
        try:
            low, high = int(first), int(last) if dash else int(first)
        except ValueError:
            raise click.BadParameter(
                f"{part.strip()!r} is not a year or a range of years (2015-2018)",
                param_hint="--session",
            ) from None
        if not (1900 <= low <= 2999 and 1900 <= high <= 2999) or high < low:
            raise click.BadParameter(
                f"{part.strip()} is not a session year", param_hint="--session"
            )
        if high - low > 50:
            raise click.BadParameter(f"{part.strip()}: at most 50 sessions", param_hint="--session")
        years.update(range(low, high + 1))
    return sorted(years)


@main.command()
@click.option(
    "--session",
    envvar="BILLWATCH_SESSION",
    help="Session year, a range (2015-2018) or a comma list (default: this year).",
)
@click.option(
    "--watchlist",
    "watchlist_path",
    default=DEFAULT_WATCHLIST,
    envvar="BILLWATCH_WATCHLIST",
    show_default=True,
    type=click.Path(dir_okay=False),
)
@click.option(
    "--bills", "bills_arg", help="Deep-crawl only these bills, e.g. 2015-HB-7017,2015-SB-1."
)
@click.option("--all", "all_bills", is_flag=True, help="Deep-crawl every bill of the session.")
@click.option(
    "--base-url",
    default=cga.CANONICAL_ORIGIN,
    envvar="BILLWATCH_BASE_URL",
    show_default=True,
    help="Where to send requests (a copy of the site); stored URLs stay canonical.",
)
@click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    envvar="BILLWATCH_DB",
    show_default=True,
    type=click.Path(dir_okay=False),
)
@click.option(
    "--news-days",
    default=7,
    show_default=True,
    envvar="BILLWATCH_NEWS_DAYS",
    type=click.IntRange(0, 366),
    help="A session's first crawl, while the session is in progress, reports the events of "
    "this many last days as news (0: none); older history is baseline.",
)
@click.option("--retry-now", is_flag=True, help="Retry failed URLs now, ignoring their backoff.")
@click.option("--force", is_flag=True, help="Re-crawl every selected bill and document now.")
@click.option(
    "--refresh-hours",
    default=6.0,
    show_default=True,
    envvar="BILLWATCH_REFRESH_HOURS",
    help="Re-crawl a bill of a session in progress when its last crawl is this old.",
)
@click.option(
    "--recheck-days",
    default=7.0,
    show_default=True,
    help="Re-check a stored document (conditional request) when its last check is this old.",
)
@click.option(
    "--allowed-hosts",
    envvar="BILLWATCH_ALLOWED_HOSTS",
    help="More hosts the crawler may fetch from (comma-separated, name or name:port).",
)
@click.option(
    "--public-url",
    envvar="BILLWATCH_PUBLIC_URL",
    help="Address the world reaches the site at: the precomputed feeds and embeds link there "
    "(as billwatch serve --public-url); without it their links are relative.",
)
@click.option(
    "--nice",
    default=10,
    show_default=True,
    envvar="BILLWATCH_UPDATE_NICE",
    type=click.IntRange(0, 19),
    help="Run at this lower CPU priority (a Unix nice value) so the site served from the same "
    "machine stays fast while the update crawls and renders; 0: unchanged.",
)
@budget_options
@click.option(
    "--log-level",
    default="WARNING",
    show_default=True,
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
)
def update(
    session,
    watchlist_path,
    bills_arg,
    all_bills,
    base_url,
    db_path,
    news_days,
    retry_now,
    force,
    refresh_hours,
    recheck_days,
    allowed_hosts,
    public_url,
    nice,
    budgets,
    log_level,
):
    """Crawl the site (or a copy of it) into the database.

    Exit status: 0 everything fetched; 1 a URL failed for the first time; 2 bad usage;
    3 another update holds the lock on the database.
    """
    from .crawl import CrawlOptions, run_crawl
    from .renderings import invalidate

    bills = _bill_ids(bills_arg)
    if bills and all_bills:
        raise click.UsageError(
            "--bills and --all contradict each other: --bills deep-crawls only the bills "
            "named, --all every bill of the session"
        )
    if not base_url.startswith(("http://", "https://")):
        raise click.BadParameter("must be an http(s) URL", param_hint="--base-url")
    if public_url and not public_url.startswith(("http://", "https://")):
        raise click.BadParameter("must be an http(s) URL", param_hint="--public-url")
    public_url = (public_url or "").rstrip("/")
    try:
        hosts = parse_allowed_hosts(allowed_hosts)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--allowed-hosts") from None
    try:
        topics = load_watchlist(watchlist_path)
    except WatchlistError as exc:
        raise click.BadParameter(str(exc), param_hint="--watchlist") from None
    if any(t.sample for t in topics) and not is_sample_url(base_url):
        raise click.BadParameter(
            f"{watchlist_path} holds sample positions (sample: true): it is only for a local "
            "copy of the site (billwatch demo), never for the live site",
            param_hint="--watchlist",
        )
    sessions = parse_sessions(session, ct_today().year)
    refusal = mixing_refusal(db_path, base_url)
    if refusal:
        raise click.UsageError(refusal)
    # Before the crawl starts a thread: a thread takes the nice value of its creator.
    lower_priority(nice)
    try:
        with exclusive(db_path, "update"):
            started = now_iso()
            # Before the crawl writes anything: the site renders live until they are redone.
            invalidate(db_path)
            stats = run_crawl(
                CrawlOptions(
                    session=sessions[-1],
                    sessions=sessions,
                    base_url=base_url,
                    db_path=db_path,
                    bills=bills,
                    topics=topics,
                    all_bills=all_bills,
                    retry_now=retry_now,
                    force=force,
                    refresh_hours=refresh_hours,
                    recheck_days=recheck_days,
                    log_level=log_level,
                    allowed_hosts=frozenset(hosts),
                    budgets=budgets,
                    news_days=news_days,
                )
            )
            rendering = _precompute(db_path, public_url)
    except Locked as exc:
        click.echo(f"billwatch update: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    summary = crawl_summary(db_path, started, stats)
    failure = unreachable(summary, base_url)
    if failure:  # no answer at all: one line, not a summary of nothing
        click.echo(f"billwatch update: {failure}", err=True)
    else:
        click.echo(format_summary(summary, base_url))
    click.echo(rendering[0], err=rendering[1])
    sys.exit(1 if summary["errors_new"] else 0)


def _precompute(db_path: str, public_url: str) -> tuple[str, bool]:
    """Render the precomputed feeds, embeds and calendars (billwatch/renderings.py); one line
    saying what was done, and whether it is an error (a failure leaves the site rendering them
    live)."""
    from .renderings import refresh

    try:
        done = refresh(db_path, public_url)
    except Exception as exc:  # the crawl's data is stored; only the shortcut is missing
        return f"billwatch update: feeds and embeds not precomputed ({exc}); served live", True
    links = f"links on {public_url}" if public_url else "relative links"
    line = (
        f"Precomputed {done.routes} feeds, embeds and calendars ({done.changed} changed, "
        f"{links}) in {done.seconds:.1f} s"
    )
    return line, False


def _register() -> None:
    from .demo import demo
    from .diff_cmd import diff
    from .export import export
    from .notify.command import notify_command
    from .related_cmd import related
    from .schedule import schedule
    from .serve import serve

    for command in (demo, diff, export, notify_command, related, schedule, serve):
        main.add_command(command)


_register()

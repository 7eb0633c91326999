"""Run one crawl in this process (Twisted's reactor runs once per process)."""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field

from scrapy import signals
from scrapy.crawler import CrawlerProcess

from cga.ids import BillId
from cga.urls import Scope
from cga.watchlist import Topic
from pipelines.schema import open_db
from spiders.bills_spider import BillsSpider
from spiders.budgets import Budgets
from spiders.settings import crawl_settings


@dataclass
class CrawlOptions:
    session: int  # the latest of ``sessions`` (the one whose bulk files are current)
    base_url: str
    db_path: str
    bills: list[BillId] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    all_bills: bool = False
    retry_now: bool = False
    force: bool = False
    refresh_hours: float = 6.0
    recheck_days: float = 7.0
    log_level: str = "WARNING"
    allowed_hosts: frozenset[str] = frozenset()
    budgets: Budgets = field(default_factory=Budgets)
    sessions: list[int] = field(default_factory=list)  # every session asked for
    news_days: int = 7


class Progress:
    """A one-line progress display on a terminal (silent when output is not a TTY)."""

    def __init__(self, crawler, stream=sys.stderr):
        self.stream = stream
        self.enabled = stream.isatty()
        self.crawler = crawler
        self.last = 0.0
        crawler.signals.connect(self.update, signal=signals.item_scraped)
        crawler.signals.connect(self.update, signal=signals.response_received)
        crawler.signals.connect(self.done, signal=signals.spider_closed)

    def update(self, *args, **kwargs) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < 0.2:
            return
        self.last = now
        s = self.crawler.stats
        self.stream.write(
            "\r  requests {req}  bills stored {bills}/{sel}  new versions {ver}"
            "  errors {err}   ".format(
                req=s.get_value("downloader/request_count", 0),
                bills=s.get_value("billwatch/bills_deep", 0)
                + s.get_value("billwatch/not_found", 0),
                sel=s.get_value("billwatch/bills_selected", "?"),
                ver=s.get_value("billwatch/versions_new", 0),
                err=s.get_value("billwatch/errors", 0),
            )
        )
        self.stream.flush()

    def done(self, *args, **kwargs) -> None:
        if self.enabled:
            self.stream.write("\n")


# Scrapy reports every download it gives up on (with a traceback for robots.txt); billwatch
# records each one (errors table, the summary), so at the default level those reports are
# noise: 94 lines for a site that does not answer.
QUIET_LOGGERS = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt")
# ... and of a transfer cut short (recorded as "truncated transfer").
DATA_LOSS_LOGGER = "scrapy.core.downloader.handlers.http11"


class _Recorded(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


class _DataLossRecorded(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "Got data loss" not in str(record.msg)


def run_crawl(opts: CrawlOptions) -> dict:
    """Crawl and store; returns Scrapy's stats (billwatch/* counters included)."""
    # Migrate first: the spider reads what earlier crawls stored before items flow.
    open_db(opts.db_path).close()
    scope = Scope(opts.base_url.rstrip("/"), frozenset(opts.allowed_hosts))
    settings = crawl_settings(opts.base_url, opts.db_path, opts.log_level, scope, opts.budgets)
    settings["BILLWATCH_NEWS_DAYS"] = opts.news_days
    process = CrawlerProcess(settings)
    if logging.getLevelName(opts.log_level) >= logging.WARNING:
        for name in QUIET_LOGGERS:
            logging.getLogger(name).addFilter(_Recorded())
        logging.getLogger(DATA_LOSS_LOGGER).addFilter(_DataLossRecorded())
    crawler = process.create_crawler(BillsSpider)
    Progress(crawler)
    process.crawl(
        crawler,
        session=opts.session,
        sessions=opts.sessions or [opts.session],
        base_url=opts.base_url,
        bills=opts.bills,
        topics=opts.topics,
        all_bills=opts.all_bills,
        db_path=opts.db_path,
        retry_now=opts.retry_now,
        force=opts.force,
        refresh_hours=opts.refresh_hours,
        recheck_days=opts.recheck_days,
        allowed_hosts=opts.allowed_hosts,
        budgets=opts.budgets,
    )
    process.start()
    stats = dict(crawler.stats.get_stats())
    return stats

"""Scrapy settings for billwatch: only what differs from Scrapy's defaults.

Against the real site: robots.txt obeyed, about one request a second with
AutoThrottle, retries with backoff on 5xx and timeouts, a User-Agent naming the
project.  Against a copy on 127.0.0.1 (tests, demo) no delay applies.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from cga.urls import Scope

from .budgets import Budgets

USER_AGENT = (
    "billwatch/0.1 (Connecticut legislative tracker; +https://github.com/billwatch/billwatch)"
)

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def is_local(base_url: str) -> bool:
    return (urlsplit(base_url).hostname or "") in LOCAL_HOSTS


def crawl_settings(
    base_url: str,
    db_path: str,
    log_level: str = "WARNING",
    scope: Scope | None = None,
    budgets: Budgets | None = None,
) -> dict:
    local = is_local(base_url)
    scope = scope or Scope(base_url)
    budgets = budgets or Budgets()
    return {
        "BOT_NAME": "billwatch",
        "USER_AGENT": USER_AGENT,
        "ROBOTSTXT_OBEY": True,
        "ITEM_PIPELINES": {"pipelines.store.StorePipeline": 300},
        "BILLWATCH_DB": db_path,
        "LOG_LEVEL": log_level,
        "TELNETCONSOLE_ENABLED": False,
        # Politeness: ~1 request/s on the real site, adapting to its latency.
        "DOWNLOAD_DELAY": 0 if local else 1.0,
        "AUTOTHROTTLE_ENABLED": not local,
        "AUTOTHROTTLE_START_DELAY": 1.0,
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8 if local else 2,
        # BILLWATCH_DOWNLOAD_TIMEOUT: seconds (tests of slow servers shorten it).
        "DOWNLOAD_TIMEOUT": float(
            os.environ.get("BILLWATCH_DOWNLOAD_TIMEOUT") or (10 if local else 60)
        ),
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 3,
        "DOWNLOADER_MIDDLEWARES": {
            "spiders.middlewares.ScopeMiddleware": 50,  # before robots.txt (100)
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "spiders.middlewares.BackoffRetryMiddleware": 550,
        },
        "BILLWATCH_SCOPE": scope,
        # Only the network: no file:, data: or s3: URL is ever read, whatever a page links.
        "DOWNLOAD_HANDLERS": {"file": None, "data": None, "s3": None},
        # Each request carries its kind's cap (download_maxsize); this is the ceiling.  The
        # same cap bounds a body after decompression (HttpCompressionMiddleware).
        "DOWNLOAD_MAXSIZE": budgets.largest,
        "DOWNLOAD_WARNSIZE": 0,
        "BILLWATCH_RETRY_BACKOFF": 0.05 if local else 2.0,
        # A truncated transfer is an error, never a silently short document.
        "DOWNLOAD_FAIL_ON_DATALOSS": True,
        # Conditional requests are made by the spider from validators in the
        # database (http_cache table), so the cache survives with the data.
        "HTTPCACHE_ENABLED": False,
        "FTP_USER": "anonymous",
        "FTP_PASSWORD": "billwatch@",
    }

"""Text extraction off the reactor thread, in worker processes with a deadline.

A PDF can be small and still stall a parser for minutes (50 pages sharing one 10 MB content
stream), and a process is the only thing that can be stopped mid-parse.  Each document is
extracted in a pebble ``ProcessPool`` worker: past ``Budgets.extract_seconds`` the worker is
killed (and replaced) and the document fails with "PDF text extraction exceeded 30 s"; a
worker's address space is capped at ``extract_memory_mb``; a PDF of more pages than
``pdf_pages`` is refused before its text is read.  The crawl goes on in every case.

Workers start from a fork server that has imported the extractor once, so starting one
is cheap and never forks the reactor's threads.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from pebble import ProcessExpired, ProcessPool

from cga.records import BillText

from .billtext import DocumentError, extract, extract_pdf, pdf_page_texts
from .budgets import Budgets

_MB = 1024 * 1024


def _limit_memory(memory_mb: int) -> None:
    """Worker initializer: cap the address space, so a decompression bomb fails alone."""
    if memory_mb > 0:
        limit = memory_mb * _MB
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _extract_document(body: bytes, content_type: str | None, url: str, pages: int) -> BillText:
    try:
        return extract(body, content_type, url, max_pages=pages)
    except MemoryError:
        raise DocumentError(f"{url}: text extraction ran out of memory") from None


def _extract_pdf(body: bytes, pages: int) -> BillText:
    try:
        return extract_pdf(body, max_pages=pages)
    except MemoryError:
        raise DocumentError("PDF text extraction ran out of memory") from None


def _extract_pdf_pages(body: bytes, pages: int) -> BillText:
    try:
        texts, warnings = pdf_page_texts(body, max_pages=pages)
    except MemoryError:
        raise DocumentError("PDF text extraction ran out of memory") from None
    # Pages as extracted, joined by form feeds: a roll call's layout is its meaning.
    return BillText(text="\f".join(texts), pages=len(texts), warnings=warnings)


class Extractor:
    """Runs ``billtext.extract``/``extract_pdf`` in worker processes, each call bounded."""

    def __init__(self, budgets: Budgets, workers: int | None = None):
        self.budgets = budgets
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["spiders.billtext"])
        self._pool = ProcessPool(
            max_workers=workers or max(1, min(2, os.cpu_count() or 1)),
            initializer=_limit_memory,
            initargs=(budgets.extract_memory_mb,),
            context=context,
        )

    async def _run(self, what: str, function, *args) -> BillText:
        future = self._pool.schedule(function, args=args, timeout=self.budgets.extract_seconds)
        try:
            return await asyncio.wrap_future(future)
        except FutureTimeout:
            raise DocumentError(f"{what} exceeded {self.budgets.extract_seconds:g} s") from None
        except ProcessExpired as exc:  # killed by the memory cap, or crashed
            raise DocumentError(
                f"{what} crashed (exit code {exc.exitcode}; "
                f"memory budget {self.budgets.extract_memory_mb} MB)"
            ) from None
        except BrokenProcessPool as exc:
            raise DocumentError(f"{what} could not run: no extraction worker ({exc})") from None

    async def document(self, body: bytes, content_type: str | None, url: str) -> BillText:
        """Clean text of a bill document (HTML or PDF); raises ``DocumentError``."""
        pdf = url.lower().endswith(".pdf") or body.find(b"%PDF-", 0, 1024) >= 0
        what = "PDF text extraction" if pdf else "text extraction"
        return await self._run(
            what, _extract_document, body, content_type, url, self.budgets.pdf_pages
        )

    async def pdf(self, body: bytes) -> BillText:
        """Text of a testimony PDF; raises ``DocumentError``."""
        return await self._run("PDF text extraction", _extract_pdf, body, self.budgets.pdf_pages)

    async def pdf_pages(self, body: bytes) -> list[str]:
        """Each page's text as extracted, nothing removed (roll calls); raises
        ``DocumentError``."""
        text = await self._run(
            "PDF text extraction", _extract_pdf_pages, body, self.budgets.pdf_pages
        )
        return text.text.split("\f")

    def close(self) -> None:
        self._pool.stop()
        self._pool.join(timeout=10)

"""spiders/extraction.py: text extraction in worker processes, each document bounded."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
from hostile import stalling_pdf

from spiders.billtext import DocumentError
from spiders.budgets import Budgets
from spiders.extraction import Extractor

HTML = b"<html><body><p>Section 1. (NEW) Student data.</p></body></html>"


@pytest.fixture(scope="module")
def extractor():
    ex = Extractor(Budgets(extract_seconds=1.5, pdf_pages=60), workers=1)
    yield ex
    ex.close()


def run(coro):
    return asyncio.run(coro)


def test_a_document_is_extracted_in_a_worker(extractor):
    text = run(extractor.document(HTML, "text/html", "https://www.cga.ct.gov/2015/TOB/x.htm"))
    assert text.text == "Section 1. (NEW) Student data."


def test_a_stalling_pdf_is_stopped_at_its_deadline_and_the_worker_replaced(extractor):
    with pytest.raises(DocumentError, match=r"^PDF text extraction exceeded 1.5 s$"):
        run(extractor.pdf(stalling_pdf()))
    # the killed worker was replaced: the next document goes through
    assert run(extractor.document(HTML, None, "https://www.cga.ct.gov/x.htm")).text


def test_a_pdf_of_too_many_pages_is_refused_before_its_text_is_read(extractor):
    with pytest.raises(DocumentError, match="PDF has 61 pages, more than the budget of 60"):
        run(extractor.pdf(stalling_pdf(pages=61, stream_mb=1)))


def test_failures_of_the_document_itself_keep_their_reason(extractor):
    with pytest.raises(DocumentError, match="not a PDF: it looks like HTML"):
        run(extractor.pdf(b"<html>error</html>"))


def test_a_worker_cannot_allocate_past_its_memory_budget():
    code = (
        "from spiders.extraction import _limit_memory\n"
        "_limit_memory(256)\n"
        "try:\n"
        "    b = bytearray(512 * 1024 * 1024)\n"
        "except MemoryError:\n"
        "    print('refused')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "refused", out.stderr

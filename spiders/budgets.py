"""What one crawl may spend on one input: bytes per kind of response, time, pages and memory
per document extracted.  Every overrun is an ``errors`` row naming the budget in words
("response larger than 20 MB"); the crawl goes on.  Defaults, flags and environment variables
are listed in docs/security.md ("Budgets").
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024

# Response kinds: status pages and testimony listings, bill texts (.htm), PDFs (bill texts
# and testimony), bulk CSV files.
KINDS = ("page", "text", "pdf", "bulk")


@dataclass(frozen=True)
class Budgets:
    page_mb: float = 5.0  # a real status page is ~60 KB
    text_mb: float = 20.0  # a whole-budget bill's .htm runs to several MB
    pdf_mb: float = 30.0
    bulk_mb: float = 200.0  # bill_info.csv is several MB, bill_history.csv more
    extract_seconds: float = 30.0  # per document, in a worker process
    pdf_pages: int = 2000  # a budget bill's PDF has several hundred pages
    extract_memory_mb: int = 2048  # address space of an extraction worker

    def max_bytes(self, kind: str) -> int:
        """The response size cap for one kind (also the cap after decompression)."""
        mb = {"page": self.page_mb, "text": self.text_mb, "pdf": self.pdf_mb}.get(
            kind, self.bulk_mb
        )
        return int(mb * MB)

    @property
    def largest(self) -> int:
        return max(self.max_bytes(k) for k in KINDS)


def describe_mb(limit: int) -> str:
    """``20 MB`` (or ``512 KB`` below a megabyte) for error messages."""
    if limit >= MB:
        return f"{limit / MB:g} MB"
    return f"{limit / 1024:g} KB"

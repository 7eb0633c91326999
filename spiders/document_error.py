"""The one error of text extraction: a body that cannot be read as a document.

Every extractor (``html_text``, ``pdf_text``, the dispatch in ``billtext``) raises it, and the
extraction workers (``extraction.py``) pass it back to the spider, which stores its message
as the document's ``errors`` row.
"""

from __future__ import annotations


class DocumentError(ValueError):
    """A document body that cannot be turned into text; the message says why."""

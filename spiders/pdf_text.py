"""Text of PDF documents: cleaned for bill texts (``extract_pdf``), as extracted for
documents whose layout is their meaning (``pdf_page_texts``, roll calls).

PDF text cannot carry the underline notation: pypdf extracts characters, not the rules
drawn under them, so insertions in a PDF read as plain text.  Failures raise
``DocumentError`` with a message naming what is wrong.
"""

from __future__ import annotations

import io
import struct
import zlib

# pypdf: pure Python, actively maintained, no system libraries (poppler, mupdf) to
# install on CI or developer machines.  Its text order follows the content stream,
# which is good enough for single-column bill text.
import pypdf
from pypdf.errors import DependencyError, PyPdfError

from cga.records import BillText

from .document_error import DocumentError
from .text_lines import clean_text

# What pypdf lets escape from damaged files besides its own PyPdfError family.
_PDF_FAILURES = (
    PyPdfError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    RecursionError,
    struct.error,
    zlib.error,
)
_EOF_TAIL_BYTES = 2048


def _describe_start(body: bytes) -> str:
    head = body.lstrip()[:16]
    if head[:1] == b"<":
        return f"it looks like HTML (starts {head!r})"
    return f"it starts {head!r}"


def _pdf_pages(body: bytes, max_pages: int | None) -> tuple[list[str | None], list[str]]:
    """(text of each page, None where its extraction failed; warnings).  Raises
    ``DocumentError`` for a non-PDF body, a truncated or corrupt file, or one that needs a
    password."""
    if body.find(b"%PDF-", 0, 1024) < 0:
        raise DocumentError(f"not a PDF: {_describe_start(body)}")
    if b"%%EOF" not in body[-_EOF_TAIL_BYTES:]:
        raise DocumentError(f"truncated PDF: no %%EOF marker at the end of {len(body)} bytes")
    warnings: list[str] = []
    try:
        reader = pypdf.PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted:
            try:
                decrypted = reader.decrypt("")
            except DependencyError as exc:
                raise DocumentError(f"encrypted PDF cannot be decrypted: {exc}") from exc
            if not decrypted:
                raise DocumentError("encrypted PDF: a password is needed to read it")
            warnings.append("PDF is encrypted with an empty user password; decrypted")
        count = len(reader.pages)
        if max_pages is not None and count > max_pages:
            raise DocumentError(f"PDF has {count:,} pages, more than the budget of {max_pages:,}")
        pages = list(reader.pages)
    except DocumentError:
        raise
    except _PDF_FAILURES as exc:
        raise DocumentError(f"corrupt PDF: {type(exc).__name__}: {exc}") from exc
    if not pages:
        raise DocumentError("corrupt PDF: no pages")
    texts: list[str | None] = []
    failed = 0
    for number, page in enumerate(pages, 1):
        try:
            texts.append(page.extract_text() or "")
        except _PDF_FAILURES as exc:
            failed += 1
            texts.append(None)
            warnings.append(f"page {number}: text extraction failed ({type(exc).__name__})")
    if failed == len(pages):
        raise DocumentError(f"corrupt PDF: text extraction failed on all {failed} pages")
    return texts, warnings


def pdf_page_texts(body: bytes, max_pages: int | None = None) -> tuple[list[str], list[str]]:
    """(text of each page as pypdf extracts it, "" where that failed; warnings): nothing
    removed or joined, for documents whose layout is their meaning (roll calls).

    Raises ``DocumentError`` for a non-PDF body, a truncated or corrupt file, or one that
    needs a password.
    """
    texts, warnings = _pdf_pages(body, max_pages)
    return [t or "" for t in texts], warnings


def extract_pdf(body: bytes, max_pages: int | None = None) -> BillText:
    """Clean text of a PDF bill document, with its page count.

    Raises ``DocumentError`` for a non-PDF body, a truncated or corrupt file, or one that
    needs a password.  A PDF whose pages hold no text (a scan) gives text "" and the
    warning "no extractable text (scanned?)".  Underlines do not survive PDF
    extraction, so insertions read as plain text here.
    """
    texts, warnings = _pdf_pages(body, max_pages)
    text = clean_text("\f".join(t for t in texts if t is not None))
    if not text:
        warnings.append("no extractable text (scanned?)")
    return BillText(text=text, pages=len(texts), warnings=warnings)

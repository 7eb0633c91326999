"""Clean text from CGA bill documents: Word-exported HTML and PDF.

Every version of a bill (raised bill, committee substitutes, file copies, amendments,
public acts) is stored as clean text and later diffed word by word against the version
before it, so the text holds content only: no page headers, margin line numbers,
barcodes or committee tags.

Notation (billwatch's own; this docstring is its reference):

- ``[deleted text]``: CGA prints deletions in square brackets; the brackets are text
  in the source and are kept literally.  Struck-through text (``<s>``, ``<strike>``,
  ``<del>``, CSS ``line-through``) that is not already inside brackets is written the
  same way, ``[struck text]``.
- ``{{inserted text}}``: CGA underlines insertions.  Underlined text in HTML (``<u>``,
  ``<ins>``, an inline ``text-decoration: underline`` or a ``<style>`` class rule saying
  so) is written between double braces.  Adjacent underlined runs merge into one
  (``{{a}}{{b}}`` becomes ``{{ab}}``, also across a space that is not underlined
  itself), whitespace at the edges moves outside the braces, and braces never wrap only
  whitespace.  A paragraph's markers open and close on its own line.  Literal ``{{`` or
  ``}}`` in a source are not escaped; a warning says so.
- One paragraph per line (a short table row's cells share one line, space-separated);
  at most one blank line in a row.

PDF text cannot carry the underline notation: pypdf extracts characters, not the rules
drawn under them, so insertions in a PDF read as plain text.  Prefer the ``.htm`` copy.

Entry points: ``extract`` (dispatch on content type, URL and magic bytes, here),
``extract_html`` (``html_text.py``), ``extract_pdf`` and ``pdf_page_texts``
(``pdf_text.py``) and ``clean_text`` (furniture removal and unwrapping for hard-wrapped
text such as PDF extractions, ``text_lines.py``); this module is where the rest of
billwatch imports them from.  All are pure; failures raise ``DocumentError``
(``document_error.py``) with a message naming what is wrong.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from cga.records import BillText

from .document_error import DocumentError
from .encoding import charset_of
from .html_text import extract_html
from .pdf_text import extract_pdf, pdf_page_texts
from .text_lines import clean_text

__all__ = [
    "DocumentError",
    "clean_text",
    "extract",
    "extract_html",
    "extract_pdf",
    "pdf_page_texts",
]

# ---------------------------------------------------------------------------------------
# Dispatch


def _content_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime, charset_of(content_type)


def extract(
    body: bytes, content_type: str | None, url: str, max_pages: int | None = None
) -> BillText:
    """Clean text of one fetched document, PDF or HTML.

    A body starting ``%PDF-`` is a PDF whatever the headers say; otherwise a PDF
    content type or a ``.pdf`` URL means PDF (and an HTML error page there fails as
    "not a PDF"); everything else is read as HTML with the header's charset.  Raises
    ``DocumentError`` naming the URL for an empty body, an unreadable PDF, a Word file
    and an HTML page that parsed to nothing.
    """
    if not body.strip():
        raise DocumentError(f"{url}: empty body")
    mime, charset = _content_type(content_type)
    is_pdf = (
        body.find(b"%PDF-", 0, 1024) >= 0
        or "pdf" in mime
        or urlsplit(url).path.lower().endswith(".pdf")
    )
    try:
        if is_pdf:
            return extract_pdf(body, max_pages)
        if body.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            raise DocumentError("Word document (.doc/.docx): not supported, fetch the .htm")
        result = extract_html(body, charset)
    except DocumentError as exc:
        raise DocumentError(f"{url}: {exc}") from exc
    if not result.text:
        raise DocumentError(f"{url}: HTML page parsed to nothing")
    return result

"""Cleaning a version's text: furniture out, whitespace squeezed, one paragraph a line.

:func:`clean_paragraphs` drops furniture (bill headers, LCO numbers, barcodes, committee
tags, the bracket/underline legend, page headers, margin line numbers) and squeezes
whitespace, so none of it can show up as a change.
"""

from __future__ import annotations

import re

from ..furniture import strip_inline_text, strip_line_numbers, without_frame, without_legend
from .model import Token
from .tokens import _JOIN

_PLAIN_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n\r" + bytes(range(0x80, 0x100))
_ASCII_CONTROLS = [chr(c) for c in [*range(0x20), 0x7F] if chr(c) not in "\t\n\r"]
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ue000]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ODD_SPACES = (
    "\t\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)


def _scrub(text: str) -> str:
    """Make the text safe for XML and terminals and squeeze intra-line whitespace."""
    if text.isascii():  # the common case: each control character looked for by memchr
        control = any(map(text.__contains__, _ASCII_CONTROLS))  # (a table pass costs more)
    else:
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError:
            text = _SURROGATE.sub(" ", text)
            raw = text.encode("utf-8")
        control = bool(raw.translate(None, _PLAIN_BYTES)) or "\ufffe" in text or "\uffff" in text
    if control:
        text = _CONTROL.sub(" ", text)
    if _JOIN in text:
        text = text.replace(_JOIN, " ")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch in _ODD_SPACES:
        if ch in text:
            text = text.replace(ch, " ")
    text = strip_inline_text(text)
    # Squeezing double spaces costs a full scan, so only copies that use them (seen in their
    # first 64 KB) are squeezed.  A stray one elsewhere only sends its paragraph to the word
    # comparison, which splits on any run of spaces: never a reported change.
    if "  " in text[:65_536]:
        while "  " in text:
            text = text.replace("  ", " ")
    return text


def clean_paragraphs(text: str) -> list[str]:
    """The version's paragraphs without furniture, whitespace squeezed, empty lines dropped."""
    text = _scrub(text)
    # _scrub leaves "\n" the only line break but for three rare ones: str.split is faster
    unusual = not text.isascii() and ("\x85" in text or "\u2028" in text or "\u2029" in text)
    raw_lines = text.splitlines() if unusual else text.split("\n")
    lines = strip_line_numbers(list(filter(None, map(str.strip, raw_lines))))
    return without_legend(without_frame(lines))


def normalize_for_diff(text: str) -> list[Token]:
    """The words a diff compares: furniture dropped, whitespace-insensitive.

    Brackets and braces stay attached to their words (``[1-10,`` ``{{July``), so a bill's own
    unchanged markup compares equal.  Two versions have no textual change exactly when their
    lists are equal.
    """
    return [word for line in clean_paragraphs(text) for word in line.split()]

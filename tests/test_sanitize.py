"""A redline in the engine's own shape is split by regular expressions, anything else by the
parser (``publish/sanitize.py``): both must give the same paragraphs, byte for byte."""

from __future__ import annotations

import json
import lzma
import random
from pathlib import Path

import pytest
from publish_fixture import REDLINE

from cga.redline import diff_versions
from publish import sanitize
from publish.sanitize import redline_excerpt, redline_paragraphs

CASES = Path(__file__).resolve().parent / "pages" / "redline" / "golden-cases.json.xz"


def parsed(html: str) -> list[tuple[bool, str]]:
    """What the parser alone makes of ``html``."""
    parser = sanitize._Redline()
    parser.feed(html)
    parser.close()
    return parser.paragraphs


def golden_redlines() -> list[str]:
    cases = json.loads(lzma.decompress(CASES.read_bytes()))["cases"]
    return [case["expected"]["redline_html"] for case in cases]


def test_every_golden_redline_takes_the_fast_path_and_splits_as_the_parser_does():
    redlines = golden_redlines()
    assert len(redlines) == 100
    for html in redlines:
        fast = sanitize._engine_paragraphs(html)
        assert fast is not None  # the engine's output is of the shape
        assert fast == parsed(html)


def test_the_engine_escapes_what_a_bill_text_holds_and_the_split_keeps_it_escaped():
    old = 'Sec. 1. A "board" <b>shall</b> pay AT&T $5 & costs > 0.\n\nSec. 2. Same.'
    new = "Sec. 1. A 'board' <script>x</script> shall pay AT&T $6 &amp; costs > 0.\n\nSec. 2. Same."
    html = diff_versions(old, new).redline_html
    fast = sanitize._engine_paragraphs(html)
    assert fast is not None and fast == parsed(html)
    joined = "".join(h for _, h in fast)
    assert "<script>" not in joined and "<b>" not in joined
    assert "&lt;script&gt;" in joined and "AT&amp;T" in joined


@pytest.mark.parametrize(
    "html",
    [
        REDLINE,  # the publishing fixture's hostile redline
        "<p>a <ins onclick=alert(1)>b</ins></p>",
        "<p>a <ins><del>b</del></ins></p>",  # nested: the engine never writes it
        "<P>upper</P>",
        "<p>a < b</p>",
        "<p>open <ins>never closed</p>",
        "<p>x</p><script>alert(1)</script><p>y</p>",
        "text before <p>a</p>",
        "<p>&#60;script&#62; &quot;q&quot; &#x27;s&#x27; &nbsp;</p>",
    ],
)
def test_markup_the_engine_never_writes_goes_to_the_parser(html):
    assert redline_paragraphs(html) == parsed(html)
    for _, safe in redline_paragraphs(html):
        assert "<script" not in safe and "onclick" not in safe


def test_random_markup_splits_as_the_parser_does():
    tokens = [
        *("<p>", "</p>", "<ins>", "</ins>", "<del>", "</del>", "<P>", "<p class=x>", "<b>"),
        *("<script>", "</script>", "<!--", "-->", "<", ">", "&", "&amp;", "&lt;", "&quot;"),
        *('"', "'", "&#39;", "&#x3C;", "&nbsp;", "a", "Sec. 1.", " ", "\n", "\t", "é", "x&y"),
    ]
    rng = random.Random(19)
    for _ in range(20_000):
        html = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 30)))
        assert redline_paragraphs(html) == parsed(html), repr(html)


def test_random_redlines_of_the_engines_shape_split_as_the_parser_does():
    texts = ["Sec. 1.", " ", "a", "&amp;", "&lt;b&gt;", "&quot;", "&#x27;", '"', "'", ">", "&"]
    texts += ["AT&T", "&nbsp;", "&#60;", "é", "\t", "  ", "$5"]
    rng = random.Random(11)
    for _ in range(20_000):
        paragraphs = []
        for _ in range(rng.randint(0, 4)):
            pieces = []
            for _ in range(rng.randint(0, 6)):
                text = "".join(rng.choice(texts) for _ in range(rng.randint(0, 4)))
                tag = rng.choice((None, None, "ins", "del"))
                pieces.append(f"<{tag}>{text}</{tag}>" if tag else text)
            paragraphs.append("<p>" + "".join(pieces) + "</p>")
        html = rng.choice(("\n", "", " \n ")).join(paragraphs)
        fast = sanitize._engine_paragraphs(html)
        assert fast is not None, repr(html)
        assert fast == parsed(html), repr(html)


def test_the_excerpt_is_unchanged_for_an_engine_redline():
    html = golden_redlines()[0]
    assert redline_excerpt(html) == redline_excerpt_by_parser(html)


def redline_excerpt_by_parser(html: str) -> str:
    original = sanitize._engine_paragraphs
    sanitize._engine_paragraphs = lambda _html: None  # type: ignore[assignment]
    try:
        return redline_excerpt(html)
    finally:
        sanitize._engine_paragraphs = original

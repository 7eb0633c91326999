"""JSON that is safe inside ``<script>``, HTML attributes and JavaScript source.

``publish/sanitize.py`` covers HTML text, URLs and redlines; this covers the one context
autoescaping cannot: data embedded in a script (the bill page's JSON-LD, the embed script).
"""

from __future__ import annotations

import json
import re

_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "'": "\\u0027",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_UNSAFE_RE = re.compile("[<>&'\u2028\u2029]")


def json_for_script(value) -> str:
    """``json.dumps`` with ``< > & '`` and the JS line separators as ``\\uXXXX`` escapes.

    ``</script>``, ``<!--``, ``]]>`` and quotes in a title can then neither end the script nor
    the string around them, and any JSON parser reads the same value back.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return _UNSAFE_RE.sub(lambda m: _UNSAFE[m.group(0)], text)

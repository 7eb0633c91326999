"""Request parameters the site can publish: a character XML cannot carry is a 400, never a 500.

The project's routes put what they are asked for (``q``, a topic, a bill id) into titles and
links of XML documents; ``cga.text.is_publishable`` decides, and the reason names the parameter
and the character's code point, never the character itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote

from cga.text import is_publishable


def _first_bad(text: str) -> str:
    return next(ch for ch in text if not is_publishable(ch))


def unpublishable_reason(pairs: Iterable[tuple[str, str]]) -> str | None:
    """Why these (name, value) pairs cannot be published, or None when they all can."""
    for name, value in pairs:
        if not is_publishable(name):
            return (
                f"a parameter name holds U+{ord(_first_bad(name)):04X}, which cannot be published"
            )
        if not is_publishable(value):
            return (
                f"parameter {name} holds U+{ord(_first_bad(value)):04X}, "
                "a character this site cannot publish"
            )
    return None


def request_pairs(request) -> list[tuple[str, str]]:
    """Every query argument and (percent-decoded) path variable of a Datasette request."""
    pairs = [(key, value) for key in request.args for value in request.args.getlist(key)]
    url_vars = request.url_vars or {}
    pairs += [(key, unquote(value)) for key, value in url_vars.items() if value is not None]
    return pairs


def request_problem(request) -> str | None:
    """The 400 reason for a request of one of the project's routes, or None."""
    return unpublishable_reason(request_pairs(request))

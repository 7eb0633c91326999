"""Every page Datasette renders (its own and the project's templates) prints publishable text.

Jinja's ``finalize`` sees each ``{{ … }}`` value before it is escaped: strings go through
``cga.text.publishable``.  Markup (a sanitized redline, JSON-LD) stays Markup: replacing a
character with U+FFFD cannot create a tag.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from markupsafe import Markup

from cga.text import publishable


def publishable_value(value: Any) -> Any:
    if isinstance(value, Markup):
        return Markup(publishable(str(value)))
    if isinstance(value, str):
        return publishable(value)
    return value


@hookimpl
def prepare_jinja2_environment(env):
    previous = env.finalize  # another plugin's, if any: applied first
    if previous is None:
        env.finalize = publishable_value
    else:
        env.finalize = lambda value: publishable_value(previous(value))

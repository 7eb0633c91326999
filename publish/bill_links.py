"""Bill ids as links to their bill page, wherever Datasette shows one.

``bill_link(value)`` is the cell a ``render_cell`` hook returns: a value that is exactly a
canonical bill id (``2015-HB-7017``, whatever the column or query) becomes a link to
``/bills/2015-HB-7017``, a foreign key to ``bills`` too (its title after the link); anything
else is None (Datasette renders it as usual).  The test is a
regular expression on short strings only, so a page of 8 KB texts pays nothing for it.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from cga.ids import BILL_TYPES
from publish import site

_CANONICAL = re.compile(rf"\d{{4}}-(?:{'|'.join(BILL_TYPES)})-[1-9]\d{{0,4}}")
LONGEST = len("2015-HB-12345")


def is_bill_id(value: object) -> bool:
    """True for a string in billwatch's canonical form (2015-HB-7017), nothing else."""
    return (
        type(value) is str
        and len(value) <= LONGEST
        and value[:1].isdigit()
        and _CANONICAL.fullmatch(value) is not None
    )


def bill_link(value: object) -> Markup | None:
    """The cell for ``value``: a bill id, or a foreign key to ``bills`` that Datasette expanded
    into ``{"value": id, "label": title}`` (then the title follows the link)."""
    label = None
    if isinstance(value, dict) and "value" in value:
        label = value.get("label")
        value = value["value"]
    if not is_bill_id(value):
        return None
    link = f'<a class="bw-bill" href="{site.bill_path(str(value))}">{escape(value)}</a>'
    if label and label != value:
        link += f' <span class="bw-bill-title">{escape(label)}</span>'
    return Markup(link)

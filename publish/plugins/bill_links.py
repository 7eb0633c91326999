"""Every bill id Datasette shows (a table's column, a row page, a canned or custom query's
result) links its bill page ``/bills/ID``: ``publish/bill_links.py``.

The primary-key cell of the ``bills`` table links Datasette's row page and is no plugin's to
render; ``templates/_table-billwatch-bills.html`` adds the bill-page link beside it.
"""

from __future__ import annotations

from datasette import hookimpl

from publish.bill_links import LONGEST, bill_link


@hookimpl
def render_cell(value):
    # Called for every cell of every page: most values are numbers, long texts or words, and
    # leave here without another call.
    kind = type(value)
    if (kind is str and len(value) <= LONGEST and value[:1].isdigit()) or kind is dict:
        return bill_link(value)
    return None

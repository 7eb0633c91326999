"""Datasette's own pages (database, table, row, query) load ``/static/billwatch.css``: the
folded column descriptions and the bill-page links (``publish/plugins/reporter_views.py``)."""

from __future__ import annotations

from datasette import hookimpl

DATASETTE_VIEWS = frozenset({"database", "table", "row", "query"})


@hookimpl
def extra_css_urls(view_name):
    return ["/static/billwatch.css"] if view_name in DATASETTE_VIEWS else []

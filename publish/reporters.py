"""What the reporters' side of the site shows: the guide page ``/reporters`` and the defaults
of Datasette's database page.

The canned queries of metadata.yml whose names start with ``INTERNAL_QUERY_PREFIXES`` are the
plumbing of feeds and calendars: left out of the listings (they still answer at their URLs).
"""

from __future__ import annotations

import re
from typing import Any

from publish import site

INTERNAL_QUERY_PREFIXES = ("feed_", "calendar_")
# What the database page's SQL box starts on: the bills that moved last.
DEFAULT_SQL = (
    "select id, title, stage, outcome, last_action_date, last_action\n"
    "from bills\n"
    "order by last_action_date desc\n"
    "limit 20"
)
# Tables worth a whole download, with the columns to leave out of a CSV of all rows.
BULK = {
    "bills": "",
    "actions": "",
    "changes": "",
    "testimony": "text",
    "versions": "text",
    "documents": "",
    "hearings": "",
}
_PARAM = re.compile(r"(?<!:):([A-Za-z_]\w*)")


def is_internal_query(name: str) -> bool:
    return name.startswith(INTERNAL_QUERY_PREFIXES)


def query_params(sql: str) -> list[str]:
    """The ``:named`` parameters of a canned query, in order of appearance."""
    return list(dict.fromkeys(_PARAM.findall(sql)))


def public_queries(queries: dict[str, dict]) -> list[dict[str, Any]]:
    """The canned queries for reporters: name, title, description, URL, parameters."""
    out = []
    for name, query in queries.items():
        if is_internal_query(name):
            continue
        out.append(
            {
                "name": name,
                "title": query.get("title") or name,
                "description": query.get("description") or "",
                "path": f"/{site.DB_NAME}/{name}",
                "params": query_params(query.get("sql") or ""),
            }
        )
    return out


def public_tables(tables: dict[str, dict]) -> list[dict[str, Any]]:
    """The tables and views metadata.yml describes and does not hide, in its order."""
    out = []
    for name, table in tables.items():
        if table.get("hidden"):
            continue
        nocol = BULK.get(name)
        csv = f"/{site.DB_NAME}/{name}.csv?_stream=on&_size=max&_dl=1"
        if nocol:
            csv += f"&_nocol={nocol}"
        out.append(
            {
                "name": name,
                "description": table.get("description") or "",
                "path": f"/{site.DB_NAME}/{name}",
                "columns": len(table.get("columns") or {}),
                "csv": csv if name in BULK else None,
                "csv_without": nocol,
            }
        )
    return out

"""Datasette's own pages, data first, for reporters (``publish/reporters.py`` says what).

A table page gets its column descriptions as ``billwatch_column_notes`` (folded into a
``<details>`` by ``templates/table.html``) and a ``metadata`` without them, so Datasette's
template no longer lists them above the search box; the database page gets the query its SQL
box starts on and the prefixes of the queries left out of its list (``templates/database.html``).
"""

from __future__ import annotations

from datasette import hookimpl

from publish.reporters import DEFAULT_SQL, INTERNAL_QUERY_PREFIXES


@hookimpl
def extra_template_vars(view_name, database, table, datasette):
    if view_name == "table" and database and table:
        metadata = dict(
            ((datasette.metadata("databases") or {}).get(database) or {})
            .get("tables", {})
            .get(table, {})
        )
        datasette.update_with_inherited_metadata(metadata)
        notes = metadata.pop("columns", None) or {}
        return {"metadata": metadata, "billwatch_column_notes": notes}
    if view_name == "database":
        return {
            "billwatch_default_sql": DEFAULT_SQL,
            "billwatch_internal_prefixes": INTERNAL_QUERY_PREFIXES,
        }
    return {}

"""Datasette's own pages, data first, for reporters (``publish/reporters.py`` says what).

A table page gets its column descriptions as ``billwatch_column_notes`` (folded into a
``<details>`` by ``templates/_description_source_license.html``) and a ``metadata`` without
them, so Datasette's table.html no longer lists them above the search box; the database page
gets the query its SQL box starts on and the prefixes of the queries left out of its list
(``templates/database.html``).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from datasette import hookimpl

from publish.reporters import DEFAULT_SQL, INTERNAL_QUERY_PREFIXES

# Datasette -> (database, table) -> (metadata without its columns, the column descriptions).
# metadata.yml does not change while served; reading it merges the whole file each time.
_FOLDED: WeakKeyDictionary = WeakKeyDictionary()


def folded(datasette, database: str, table: str) -> tuple[dict, dict]:
    cache = _FOLDED.setdefault(datasette, {})
    if (database, table) not in cache:
        metadata = dict(
            ((datasette.metadata("databases") or {}).get(database) or {})
            .get("tables", {})
            .get(table, {})
        )
        datasette.update_with_inherited_metadata(metadata)
        notes = metadata.pop("columns", None) or {}
        cache[(database, table)] = (metadata, notes)
    return cache[(database, table)]


@hookimpl
def extra_template_vars(view_name, database, table, datasette):
    if view_name == "table" and database and table:
        metadata, notes = folded(datasette, database, table)
        return {"metadata": metadata, "billwatch_column_notes": notes}
    if view_name == "database":
        return {
            "billwatch_default_sql": DEFAULT_SQL,
            "billwatch_internal_prefixes": INTERNAL_QUERY_PREFIXES,
        }
    return {}

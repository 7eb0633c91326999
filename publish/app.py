"""The Datasette that ``billwatch serve`` runs: its own absolute URLs never come from a Host
header, and its metadata pages never tell where the database file is.

Datasette builds some links absolute from the request (``next_url`` of a JSON page, facet
toggles, the JSON ``<link rel="alternate">``, blob links in CSV).  Here they use the trusted
origin (``publish.site.public_origin``: ``--public-url``, or an ``--allowed-hosts`` Host), and
are site-relative without one.

``/-/databases.json`` (and ``/-/databases``) list each database's ``path``: the absolute path of
the file, which says how the server is laid out.  It is left out (``null``); the SQL side of
the same leak, ``PRAGMA database_list``, is refused by ``publish/database.py``.
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urljoin

from datasette.app import Datasette

from publish import site

_ORIGIN = "billwatch.origin"  # the request's trusted origin, kept in its ASGI scope


def _plain_path(path: str) -> bool:
    """True when ``urljoin(base, path)`` is ``origin + path`` for any base of that origin: an
    absolute path (not ``//host``) with no dot segment to resolve, and nothing ``urljoin``
    would drop or rewrite (an empty query, a fragment, ``;`` parameters)."""
    if not path.startswith("/") or path.startswith("//") or "#" in path or ";" in path:
        return False
    before, mark, query = path.partition("?")
    return "/." not in before and (query != "" or not mark)


class PublicDatasette(Datasette):
    @cached_property
    def billwatch_config(self) -> dict:
        """The project's plugin config (``plugins.billwatch``), read once.

        ``billwatch serve`` sets it at startup and nothing changes it; ``plugin_config`` would
        merge the whole of metadata.yml again on every call, several times a page.
        """
        return self.plugin_config("billwatch") or {}

    def _table_permission_allows(self, database, table):
        """Datasette 0.65.5's table permission rules, worked out once per table.

        Datasette deep-copies and merges the whole metadata (every table's and column's
        description) on each check, twice a table page: about a tenth of a search page's CPU.
        The metadata is set at startup and nothing changes it, so the answer for a table
        never changes either (``tests/test_serve.py`` compares it with Datasette's own).
        Its callers only read the list.
        """
        cache = self.__dict__.setdefault("_bw_table_allows", {})
        key = (database, table)
        if key not in cache:
            cache[key] = super()._table_permission_allows(database, table)
        return cache[key]

    def absolute_url(self, request, path):
        # A table page asks this once per facet value (its toggle link): the origin is worked
        # out once per request, and a plain absolute path is joined without ``urljoin``.
        origin = request.scope.get(_ORIGIN)
        if origin is None:
            origin = request.scope[_ORIGIN] = site.public_origin(self, request)
        url = origin + path if _plain_path(path) else urljoin(origin + request.path, path)
        if url.startswith("http://") and self.setting("force_https_urls"):
            url = "https://" + url[len("http://") :]
        return url

    def _connected_databases(self):
        return [{**database, "path": None} for database in super()._connected_databases()]

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


class PublicDatasette(Datasette):
    @cached_property
    def billwatch_config(self) -> dict:
        """The project's plugin config (``plugins.billwatch``), read once.

        ``billwatch serve`` sets it at startup and nothing changes it; ``plugin_config`` would
        merge the whole of metadata.yml again on every call, several times a page.
        """
        return self.plugin_config("billwatch") or {}

    def absolute_url(self, request, path):
        origin = site.public_origin(self, request)
        url = urljoin(origin + request.path, path)
        if url.startswith("http://") and self.setting("force_https_urls"):
            url = "https://" + url[len("http://") :]
        return url

    def _connected_databases(self):
        return [{**database, "path": None} for database in super()._connected_databases()]

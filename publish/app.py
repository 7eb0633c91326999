"""The Datasette that ``billwatch serve`` runs: its own absolute URLs never come from a Host
header.

Datasette builds some links absolute from the request (``next_url`` of a JSON page, facet
toggles, the JSON ``<link rel="alternate">``, blob links in CSV).  Here they use the trusted
origin (``publish.site.public_origin``: ``--public-url``, or an ``--allowed-hosts`` Host), and
are site-relative without one.
"""

from __future__ import annotations

from urllib.parse import urljoin

from datasette.app import Datasette

from publish import site


class PublicDatasette(Datasette):
    def absolute_url(self, request, path):
        origin = site.public_origin(self, request)
        url = urljoin(origin + request.path, path)
        if url.startswith("http://") and self.setting("force_https_urls"):
            url = "https://" + url[len("http://") :]
        return url

"""Template variables for Datasette's own pages: the feeds they advertise, and "sample data".

``publish/templates/base.html`` turns ``billwatch_feeds`` into ``<link rel="alternate">`` tags
and ``billwatch_sample`` into a banner.  Pages rendered by other plugins (the bill page, embeds)
carry their own and get neither.
"""

from __future__ import annotations

from datasette import hookimpl

from publish import site
from publish.page_feeds import DATASETTE_VIEWS, page_feeds


@hookimpl
def extra_template_vars(view_name, request, datasette):
    if view_name not in DATASETTE_VIEWS or request is None:
        return {}

    async def inner():
        base = site.public_url(datasette, request)
        args = {key: request.args.get(key) for key in request.args}
        db = datasette.get_database(site.DB_NAME)
        # one trip to the SQL thread for both (each trip costs every page)
        sample, updated = await db.execute_fn(
            lambda conn: (site.is_sample(conn), site.last_update(conn))
        )
        return {
            "billwatch_feeds": page_feeds(base, view_name, request.url_vars, args),
            "billwatch_sample": sample,
            "billwatch_sample_label": site.SAMPLE_LABEL,
            "billwatch_updated": updated,
        }

    return inner

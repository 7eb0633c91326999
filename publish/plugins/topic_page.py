"""A watchlist topic's page ``/topics/{topic}``: its bills with status and last action, links
to each bill page, the topic's feeds and hearing calendar: the page a union links from its own
site (``publish/listing_render.py``, ``templates/topic.html``).  404 for a topic billwatch does
not hold."""

from __future__ import annotations

from urllib.parse import unquote

from datasette import hookimpl

from publish import site
from publish.listing_render import load_topic
from publish.pages import problem_page, render_page
from publish.snapshot import in_one_snapshot


async def topic_page(datasette, request):
    problem = await problem_page(datasette, request, "topic.html")
    if problem:
        return problem
    topic = unquote(request.url_vars["topic"])
    base = site.public_url(datasette, request)
    db = datasette.get_database(site.DB_NAME)
    context = await db.execute_fn(
        lambda conn: in_one_snapshot(conn, lambda c: load_topic(c, topic, base))
    )
    if context is None:
        missing = {"status": 404, "message": f"billwatch follows no topic {topic!r}."}
        return await render_page(datasette, request, "topic.html", {"missing": missing}, status=404)
    return await render_page(datasette, request, "topic.html", context, context["feeds"])


@hookimpl
def register_routes():
    return [(r"^/topics/(?P<topic>[^/]+)$", topic_page)]

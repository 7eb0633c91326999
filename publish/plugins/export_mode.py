"""``billwatch_export`` in every template: true when ``billwatch export`` renders the page for
a static host (plugin config ``billwatch.static_export``).  Such a page leaves out what only the
live server can answer: the search box, links into Datasette, the reporters' guide."""

from __future__ import annotations

from datasette import hookimpl

from publish import site


@hookimpl
def extra_template_vars(datasette):
    return {"billwatch_export": site.static_export(datasette)}

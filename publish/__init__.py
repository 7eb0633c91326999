"""The published site: Datasette plugins, templates and static files, and shared helpers.

``publish/plugins`` is Datasette's ``--plugins-dir``, ``publish/templates`` its
``--template-dir``, ``publish/static`` is served at ``/static/``.  ``publish/site.py`` holds the
pure helpers every plugin shares (URLs, "sample data", last update).
"""

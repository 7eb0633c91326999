"""The domain core: what billwatch knows about the Connecticut General Assembly.

Ids, URL forms, vocabularies, the rules that read legislative text, the typed records that
flow between layers, and the clock.  Every layer (``spiders/``, ``pipelines/``, ``publish/``,
the CLI in ``billwatch/``) imports from here; this package imports none of them, nor Scrapy,
Twisted, SQLite or Datasette (``tests/test_architecture.py`` holds those arrows).
"""

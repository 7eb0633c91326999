"""Scrapy spiders for cga.ct.gov and the parsers they use."""

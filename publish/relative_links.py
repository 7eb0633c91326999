"""The static export's links: every internal link of an exported page made relative, to a file
that exists, so the site works from any folder of any static host.

An exported route is a *page* when its last segment has no extension (``/bills/2015-HB-7017``,
``/``): it is written as ``bills/2015-HB-7017/index.html`` and linked as a directory
(``../2015-HB-7017/``), which every static host serves; any other route is a *file*
(``/feeds/changes.rss``) written and linked under its own name.  ``StaticLinks.rewrite``
rewrites the ``href``/``src``/``action`` attributes of a page's tags that point into the site
(site-relative, or under the public URL) and collects what it cannot resolve: a link with a
query string, or to a route the export does not write, is a problem the export reports.
Static assets (``/static/…``, ``/-/static/…``) are linked without their cache-busting query and
collected, to be written too.  ``<link rel="canonical">`` keeps its absolute address.

The HTML is not re-serialized: only the attribute values change, everything else stays byte
for byte (a tokenizer finds the tags; comments and the contents of ``<script>``, ``<style>``
and ``<textarea>`` are never touched).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from html import escape, unescape
from urllib.parse import unquote

LINK_ATTRIBUTES = frozenset({"href", "src", "action"})
ASSET_PREFIXES = ("/static/", "/-/static/")
_ATTRIBUTE = re.compile(
    r"""(?P<lead>\s(?P<name>[^\s"'>/=]+)\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))"""
)


def is_page(route: str) -> bool:
    """A route written as ``ROUTE/index.html`` (no extension in its last segment)."""
    return "." not in route.rsplit("/", 1)[-1]


def is_asset(path: str) -> bool:
    return path.startswith(ASSET_PREFIXES)


def page_dir(route: str) -> str:
    """The directory a page is served from (what its relative links are resolved against)."""
    return route if route.endswith("/") else route + "/"


def relative(target: str, from_route: str) -> str:
    """``target`` (a site path; a page as ``/x/``) relative to the page ``from_route``."""
    rel = posixpath.relpath(target, page_dir(from_route))
    if target.endswith("/"):
        return "./" if rel == "." else rel + "/"
    return rel


# What a page is made of, for finding its linking tags: comments, the insides of <script>,
# <style> and <textarea> (never tags), and start tags with their attributes (quoted values may
# hold anything but their quote).
_TOKENS = re.compile(
    r"""<!--.*?-->
      | <(?P<raw>script|style|textarea)\b(?:[^>"']|"[^"]*"|'[^']*')*>.*?</(?P=raw)\s*>
      | <(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?)/?>""",
    re.DOTALL | re.IGNORECASE | re.VERBOSE,
)
_LINKING_TAGS = frozenset({"a", "link", "img", "iframe", "script", "form", "source", "area"})
_REL = re.compile(r"""\srel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_SCRIPT_SRC = re.compile(r"<script\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)


class StaticLinks:
    """Resolves a page's internal links against the set of exported routes."""

    def __init__(self, routes: Iterable[str], public_url: str = ""):
        self.routes = {unquote(r) for r in routes}
        self.public_url = public_url.rstrip("/")
        self.assets: set[str] = set()

    def _site_path(self, value: str) -> str | None:
        """The site path of an internal link, or None for anything else."""
        if self.public_url and (
            value == self.public_url or value.startswith(tuple(self.public_url + c for c in "/?#"))
        ):
            return value[len(self.public_url) :] or "/"
        if value.startswith("/") and not value.startswith("//"):
            return value
        return None

    def resolve(self, value: str, page: str) -> tuple[str, str | None]:
        """(the link as the exported page writes it, a problem or None)."""
        path = self._site_path(value)
        if path is None:
            return value, None
        path, _, fragment = path.partition("#")
        path, _, query = path.partition("?")
        suffix = "#" + fragment if fragment else ""
        if is_asset(path):
            self.assets.add(path)
            return relative(path, page) + suffix, None
        if query:
            return value, f"{value}: a query string, which only the live server answers"
        if unquote(path) not in self.routes:
            return value, f"{value}: not a route the export writes"
        target = page_dir(path) if is_page(path) else path
        return relative(target, page) + suffix, None

    def rewrite(self, html: str, page: str) -> tuple[str, list[str]]:
        """The page with its internal links made relative, and the links it could not resolve."""
        problems: list[str] = []

        def attributes(tag: str, text: str) -> str:
            def attribute(match: re.Match) -> str:
                name = match["name"].lower()
                if name not in LINK_ATTRIBUTES:
                    return match[0]
                raw = next(g for g in (match["dq"], match["sq"], match["bare"]) if g is not None)
                value = unescape(raw)
                new, problem = self.resolve(value, page)
                if problem:
                    problems.append(f"{page}: <{tag} {name}> {problem}")
                if new == value:
                    return match[0]
                return f'{match["lead"]}"{escape(new, quote=True)}"'

            return _ATTRIBUTE.sub(attribute, text)

        def token(match: re.Match) -> str:
            whole = match[0]
            if match["raw"]:  # a <script src> links; its content and the others' never
                if match["raw"].lower() != "script":
                    return whole
                opening = _SCRIPT_SRC.match(whole)
                if opening is None:
                    return whole
                return attributes("script", opening[0]) + whole[opening.end() :]
            tag = (match["tag"] or "").lower()
            if tag not in _LINKING_TAGS:
                return whole
            if tag == "link":
                rel = _REL.search(match["attrs"] or "")
                words = next((g for g in rel.groups() if g is not None), "") if rel else ""
                if "canonical" in words.lower().split():
                    return whole  # the page's home stays absolute
            return attributes(tag, whole)

        return _TOKENS.sub(token, html), problems

"""``billwatch export --out DIR --public-url URL``: the feeds, calendars and embeds as static files.

Every file is fetched from the same Datasette app ``billwatch serve`` runs, through
``datasette.client``, so it is byte for byte what the server would answer; links point at
``--public-url``, where the files are meant to be hosted.  The list of routes is data-driven
(``publish.site.export_routes``): the watched bills and topics of the database.

A route without a file extension that answers HTML (an embed card) is written as ``PATH.html``,
which static hosts (GitHub Pages, Netlify, nginx ``try_files $uri $uri.html``) serve at ``PATH``.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import click

from .paths import DEFAULT_DB
from .serve import make_datasette

WATCHED_SQL = "select distinct bill_id from bill_topics order by bill_id"
TOPICS_SQL = "select distinct topic from bill_topics order by topic"


class ExportError(Exception):
    pass


def target_path(out: Path, route: str, content_type: str) -> Path:
    """Where a route's body goes under ``out`` (refusing anything that would escape it)."""
    if "?" in route or not route.startswith("/"):
        raise ExportError(f"{route}: only plain paths can be exported")
    parts = [unquote(p) for p in PurePosixPath(route).parts[1:]]
    if not parts or any(p in ("", ".", "..") or "/" in p or "\\" in p or "\0" in p for p in parts):
        raise ExportError(f"{route}: not a safe file path")
    if "." not in parts[-1] and content_type.startswith("text/html"):
        parts[-1] += ".html"
    path = out.joinpath(*parts)
    if not path.resolve().is_relative_to(out.resolve()):
        raise ExportError(f"{route}: outside the output directory")
    return path


def _write(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(body)
    os.replace(tmp, path)


async def _export(db_path: str | Path, out: Path, public_url: str) -> list[Path]:
    from publish import site

    ds = make_datasette(db_path, public_url)
    db = ds.get_database(site.DB_NAME)
    bills = [r[0] for r in (await db.execute(WATCHED_SQL)).rows]
    topics = [r[0] for r in (await db.execute(TOPICS_SQL)).rows]
    written = []
    for route in site.export_routes(bills, topics):
        response = await ds.client.get(route)
        if response.status_code != 200:
            raise ExportError(f"{route}: HTTP {response.status_code}: {response.text[:200]}")
        path = target_path(out, route, response.headers.get("content-type", ""))
        _write(path, response.content)
        written.append(path)
    return written


def export_site(db_path: str | Path, out: str | Path, public_url: str) -> list[Path]:
    """Write every exported route under ``out``; returns the files written."""
    return asyncio.run(_export(db_path, Path(out), public_url.rstrip("/")))


def _check_url(ctx, param, value):
    if not value.startswith(("http://", "https://")):
        raise click.BadParameter("must be an http(s) URL")
    return value.rstrip("/")


@click.command()
@click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    envvar="BILLWATCH_DB",
    show_default=True,
    type=click.Path(dir_okay=False, exists=True),
)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Output directory.")
@click.option(
    "--public-url",
    required=True,
    envvar="BILLWATCH_PUBLIC_URL",
    callback=_check_url,
    help="Where the files will be hosted (their links point there).",
)
def export(db_path: str, out: str, public_url: str) -> None:
    """Write feeds, hearing calendars and embeds as static files for any web host."""
    try:
        written = export_site(db_path, out, public_url)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote {len(written)} files under {out} for {public_url}")

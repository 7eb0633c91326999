"""``billwatch export --out DIR --public-url URL``: feeds, calendars, embeds, pages as static files.

Every file is fetched from the same Datasette app ``billwatch serve`` runs, through
``datasette.client``, so it is byte for byte what the server would answer; links point at
``--public-url``, where the files are meant to be hosted.  The list of routes is data-driven
(``publish.site.export_routes``): the watched bills and topics of the database.

A route without a file extension that answers HTML (an embed card) is written as ``PATH.html``,
which static hosts (GitHub Pages, Netlify, nginx ``try_files $uri $uri.html``) serve at ``PATH``.

All or nothing: the files are written into a new directory beside ``--out``, then swapped into
place (one atomic exchange where the system has it, else two renames), so a host serving
``--out`` sees the previous export or the new one, never half of one.  A route that fails stops
the export with its name, and ``--out`` is left as it was.  ``--out`` is the export's: it is
replaced as a whole, so it is refused when it holds anything an export does not write.
"""

from __future__ import annotations

import asyncio
import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import click

from .paths import DEFAULT_DB
from .serve import make_datasette

WATCHED_SQL = "select distinct bill_id from bill_topics order by bill_id"
TOPICS_SQL = "select distinct topic from bill_topics order by topic"
LEGISLATORS_SQL = "select distinct id from legislators order by id"


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
    from publish.scorecard_render import export_scorecards

    ds = make_datasette(db_path, public_url)
    db = ds.get_database(site.DB_NAME)
    bills = [r[0] for r in (await db.execute(WATCHED_SQL)).rows]
    topics = [r[0] for r in (await db.execute(TOPICS_SQL)).rows]
    members = [r[0] for r in (await db.execute(LEGISLATORS_SQL)).rows]
    scorecards = await db.execute_fn(export_scorecards)
    written = []
    for route in site.export_routes(bills, topics, members, scorecards):
        response = await ds.client.get(route)
        if response.status_code != 200:
            raise ExportError(
                f"export stopped at {route}: HTTP {response.status_code}: {response.text[:200]}"
            )
        path = target_path(out, route, response.headers.get("content-type", ""))
        _write(path, response.content)
        written.append(path)
    return written


def _known_top_level() -> set[str]:
    """The first path segments exports write (``feeds``, ``embed``), whatever the data."""
    from publish import site

    routes = site.export_routes(["2015-HB-1"], ["topic"], ["H1-member"], [("t", [2015], [])])
    return {PurePosixPath(route).parts[1] for route in routes}


def strangers(previous: Path, staged: Path) -> list[str]:
    """Entries of an existing ``--out`` that no export writes (a .git, someone's index.html):
    replacing the directory would delete them."""
    if not previous.is_dir():
        return []
    ours = _known_top_level() | {entry.name for entry in staged.iterdir()}
    return sorted(entry.name for entry in previous.iterdir() if entry.name not in ours)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``).

    False where the C library or the file system cannot; other failures raise OSError.
    """
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_into_place(staged: Path, out: Path) -> None:
    """Put the directory ``staged`` at ``out``; what was at ``out`` is removed, or kept if
    anything fails.  ``staged`` must be on the same file system (a sibling of ``out``)."""
    if not out.exists():
        os.rename(staged, out)
        return
    # Once the new export is in place the old one's removal may not fail the export.
    if _exchange(staged, out):
        shutil.rmtree(staged, ignore_errors=True)  # now the previous export
        return
    previous = staged.with_name(staged.name + ".previous")
    os.rename(out, previous)
    try:
        os.rename(staged, out)
    except OSError:
        os.rename(previous, out)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def export_site(db_path: str | Path, out: str | Path, public_url: str) -> list[Path]:
    """Write every exported route into ``out``, all or nothing; returns the files written.

    Raises ExportError naming the route that failed, or why ``out`` cannot be replaced; ``out``
    is then as it was before.
    """
    out = Path(out)
    if out.is_symlink():  # swap the directory it points to, keep the link
        out = out.resolve()
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{out.name}.export-", dir=out.parent))
    try:
        written = asyncio.run(_export(db_path, staged, public_url.rstrip("/")))
        others = strangers(out, staged)
        if others:
            raise ExportError(
                f"{out} holds {', '.join(others)}, which no export writes; an export replaces "
                "the whole directory: export into a new or empty one"
            )
        try:
            swap_into_place(staged, out)
        except OSError as exc:
            raise ExportError(f"could not put the export in place at {out}: {exc}") from None
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return [out / path.relative_to(staged) for path in written]


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
    """Write feeds, hearing calendars, embeds, bill and member pages as static files."""
    try:
        written = export_site(db_path, out, public_url)
    except ExportError as exc:
        raise click.ClickException(f"{exc} ({out} left as it was)") from None
    click.echo(f"Wrote {len(written)} files under {out} for {public_url}")

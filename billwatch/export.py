"""``billwatch export --out DIR --public-url URL``: the whole site as static files.

The home page, a page listing each session's bills, every bill's page (rich for deep-crawled
bills, status and history for the rest), the topic pages, every feed and calendar, and each
bill's card (also ``/dark``, ``/compact``, ``/dark/compact``), script, JSON and badge.  The
routes are data-driven (``publish.site.export_routes``: ``EXPORTED`` lists the page kinds and
the SQL naming each one's pages); every file is fetched from the Datasette app ``billwatch
serve`` runs, through ``datasette.client``, in its export mode (``static_export``: pages offer
nothing only the live server answers, such as the search box).  Feeds, calendars and the
embed snippets carry absolute links built on ``--public-url``, where the files are meant to be
hosted.  The feeds, embeds and calendars ``billwatch update`` precomputed on the same public
URL are answered by that app from their renderings (``publish/plugins/precomputed.py``), so
the export writes them as they are, byte for byte, without rendering them again.

A route without a file extension is a page: written as ``ROUTE/index.html`` (every static host
serves a directory's ``index.html``; ``/embed/ID`` redirects to ``/embed/ID/``), its internal
links rewritten relative (``publish/relative_links.py``), so the export works from any folder of
any host.  A page linking a route the export does not write, or a query string, fails the
export naming the links; the static files the pages use (``/static/…``, Datasette's
``/-/static/app.css``) are written too.

All or nothing: the files are written into a new directory beside ``--out``, then swapped into
place (one atomic exchange where the system has it, else two renames), so a host serving
``--out`` sees the previous export or the new one, never half of one.  A route that fails stops
the export with its name, and ``--out`` is left as it was.  ``--out`` is the export's: it is
replaced as a whole, so it is refused when it holds anything an export does not write (an
export leaves a ``.billwatch-export`` file to say the directory is one).
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

from publish.relative_links import is_page

from .paths import database_to_read, db_option, missing_database
from .serve import make_datasette

MARKER = ".billwatch-export"
MARKER_TEXT = "Written by billwatch export. The next export replaces this directory as a whole.\n"
# What exports wrote before they left MARKER: a directory without it may hold only these.
LEGACY_FOLDERS = frozenset({"feeds", "embed"})
ASSET_FOLDERS = frozenset({"static", "-"})


class ExportError(Exception):
    pass


def target_path(out: Path, route: str, content_type: str) -> Path:
    """Where a route's body goes under ``out`` (refusing anything that would escape it): a page
    (no extension) as ``ROUTE/index.html``, a file under its own name."""
    if "?" in route or "#" in route or not route.startswith("/"):
        raise ExportError(f"{route}: only plain paths can be exported")
    parts = [unquote(p) for p in PurePosixPath(route).parts[1:]]
    if any(p in ("", ".", "..") or "/" in p or "\\" in p or "\0" in p for p in parts):
        raise ExportError(f"{route}: not a safe file path")
    if is_page(route):
        if not content_type.startswith("text/html"):
            raise ExportError(f"{route}: a route without an extension must answer HTML")
        parts.append("index.html")
    path = out.joinpath(*parts)
    if not path.resolve().is_relative_to(out.resolve()):
        raise ExportError(f"{route}: outside the output directory")
    return path


def _write(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(body)
    os.replace(tmp, path)


async def _fetch(ds, route: str):
    response = await ds.client.get(route)
    if response.status_code != 200:
        raise ExportError(
            f"export stopped at {route}: HTTP {response.status_code}: {response.text[:200]}"
        )
    return response


def _links_problem(problems: list[str]) -> ExportError:
    shown = "; ".join(problems[:10])
    more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
    return ExportError(f"exported pages link what no static host can answer: {shown}{more}")


async def _export(db_path: str | Path, out: Path, public_url: str) -> list[Path]:
    from publish import site
    from publish.relative_links import StaticLinks

    ds = make_datasette(db_path, public_url, static_export=True)
    routes = await ds.get_database(site.DB_NAME).execute_fn(site.export_routes)
    links = StaticLinks(routes, public_url)
    written, problems = [], []
    for route in routes:
        response = await _fetch(ds, route)
        content_type = response.headers.get("content-type", "")
        path = target_path(out, route, content_type)
        body = response.content
        if is_page(route):
            html, bad = links.rewrite(response.text, route)
            problems += bad
            body = html.encode("utf-8")
        _write(path, body)
        written.append(path)
    for asset in sorted(links.assets):
        response = await _fetch(ds, asset)
        path = target_path(out, asset, response.headers.get("content-type", ""))
        _write(path, response.content)
        written.append(path)
    if problems:
        raise _links_problem(problems)
    (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return written


def _known_top_level() -> set[str]:
    """The first path segments exports write (``bills``, ``feeds``, ``index.html``…), whatever
    the data."""
    from publish import site

    return site.export_folders() | ASSET_FOLDERS | {MARKER}


def strangers(previous: Path, staged: Path) -> list[str]:
    """Entries of an existing ``--out`` that no export writes (a .git, someone's index.html):
    replacing the directory would delete them.  A directory without the export's marker may
    hold only what exports wrote before there was one."""
    if not previous.is_dir():
        return []
    if (previous / MARKER).is_file():
        ours = _known_top_level() | {entry.name for entry in staged.iterdir()}
    else:
        ours = set(LEGACY_FOLDERS)
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
@db_option()
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Output directory.")
@click.option(
    "--public-url",
    required=True,
    envvar="BILLWATCH_PUBLIC_URL",
    callback=_check_url,
    help="Where the files will be hosted (their links point there).",
)
def export(db_path: str | None, out: str, public_url: str) -> None:
    """Write the whole site as static files for any web host: pages, feeds, calendars, embeds."""
    db_path = database_to_read(db_path, "export")
    if not Path(db_path).is_file():
        raise click.BadParameter(missing_database(db_path), param_hint="--db")
    try:
        written = export_site(db_path, out, public_url)
    except ExportError as exc:
        raise click.ClickException(f"{exc} ({out} left as it was)") from None
    click.echo(f"Wrote {len(written)} files under {out} for {public_url}")

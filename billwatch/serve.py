"""``billwatch serve``: Datasette over the database, read-only, with the project's plugins.

The database is always published as ``billwatch`` (so metadata.yml applies whatever the file
is called), mutable but read-only (``publish/database.py``), with facet suggestions off, a SQL
time limit, and ``publish/`` as plugins, templates and ``/static/``.  Datasette is imported
inside the functions so that other ``billwatch`` commands start fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

from .paths import DEFAULT_DB, ROOT

if TYPE_CHECKING:
    from datasette.app import Datasette

PUBLISH = ROOT / "publish"
METADATA = ROOT / "metadata.yml"
DB_NAME = "billwatch"

SETTINGS = {
    "suggest_facets": False,  # costly GROUP BY probes: docs/scaling.md, "Datasette settings"
    "sql_time_limit_ms": 1500,
    "facet_time_limit_ms": 400,
    "max_returned_rows": 1000,
    "allow_download": False,  # a WAL database's main file alone is not a consistent copy
    "default_cache_ttl": 60,
}


def load_metadata(public_url: str | None = None) -> dict:
    """metadata.yml, with ``plugins.billwatch.public_url`` set when given."""
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    plugins = metadata.setdefault("plugins", {})
    config = dict(plugins.get("billwatch") or {})
    if public_url:
        config["public_url"] = public_url.rstrip("/")
    plugins["billwatch"] = config
    return metadata


def make_datasette(db_path: str | Path, public_url: str | None = None) -> Datasette:
    """The Datasette instance ``billwatch serve`` runs (tests and the export use it too)."""
    from datasette.app import Datasette

    from publish.database import ReadOnlyDatabase

    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"{db_path}: no such database (run billwatch update first)")
    ds = Datasette(
        metadata=load_metadata(public_url),
        settings=SETTINGS,
        plugins_dir=str(PUBLISH / "plugins"),
        template_dir=str(PUBLISH / "templates"),
        static_mounts=[("static", str(PUBLISH / "static"))],
    )
    ds.remove_database("_memory")  # Datasette adds it when given no files; not wanted
    ds.add_database(ReadOnlyDatabase(ds, db_path.resolve()), name=DB_NAME)
    return ds


def serve_forever(
    db_path: str | Path, host: str = "127.0.0.1", port: int = 8001, public_url: str | None = None
) -> None:
    """Serve until interrupted (``billwatch demo`` ends with this)."""
    import uvicorn

    ds = make_datasette(db_path, public_url)
    click.echo(f"Serving {db_path} at http://{host}:{port}/")
    if public_url:
        click.echo(f"Public URL (feed links, embed snippets): {public_url}")
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)


def _check_url(ctx, param, value):
    if value and not value.startswith(("http://", "https://")):
        raise click.BadParameter("must be an http(s) URL")
    return value.rstrip("/") if value else value


@click.command()
@click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    envvar="BILLWATCH_DB",
    show_default=True,
    type=click.Path(dir_okay=False, exists=True),
)
@click.option("--host", default="127.0.0.1", envvar="BILLWATCH_HOST", show_default=True)
@click.option("--port", default=8001, envvar="BILLWATCH_PORT", show_default=True, type=int)
@click.option(
    "--public-url",
    envvar="BILLWATCH_PUBLIC_URL",
    callback=_check_url,
    help="Address the world reaches the site at (feed links, embed snippets).",
)
def serve(db_path: str, host: str, port: int, public_url: str | None) -> None:
    """Publish the database with Datasette (read-only): search, bill pages, feeds, embeds."""
    serve_forever(db_path, host, port, public_url)

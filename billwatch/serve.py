"""``billwatch serve``: Datasette over the database, read-only, with the project's plugins.

The database is always published as ``billwatch`` (so metadata.yml applies whatever the file
is called), mutable but read-only (``publish/database.py``), with facet suggestions off, a SQL
time limit, bounds on value length, fetched rows, response bytes and SQLite's memory
(``publish/limits.py``; docs/security.md), and ``publish/`` as plugins, templates and
``/static/``.  Datasette is imported inside the functions so that other ``billwatch`` commands
start fast.
"""

from __future__ import annotations

import contextlib
import socket
from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

from cga.urls import parse_allowed_hosts
from publish.limits import DEFAULTS, MINIMUMS, Limits, describe, parse_size

from .paths import ROOT, database_to_read, db_option, missing_database

if TYPE_CHECKING:
    from publish.app import PublicDatasette as Datasette

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


def load_metadata(
    public_url: str | None = None,
    limits: Limits = DEFAULTS,
    allowed_hosts: tuple[str, ...] = (),
    static_export: bool = False,
    precomputed: bool = True,
) -> dict:
    """metadata.yml, with the plugin config ``plugins.billwatch`` the options set."""
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    plugins = metadata.setdefault("plugins", {})
    config = dict(plugins.get("billwatch") or {})
    if public_url:
        config["public_url"] = public_url.rstrip("/")
    config["allowed_hosts"] = list(allowed_hosts)
    config["max_response_bytes"] = limits.max_response_bytes
    if static_export:
        config["static_export"] = True
    if not precomputed:
        config["precomputed"] = False
    plugins["billwatch"] = config
    return metadata


def make_datasette(
    db_path: str | Path,
    public_url: str | None = None,
    limits: Limits = DEFAULTS,
    memory_limit: int | None = None,
    allowed_hosts: tuple[str, ...] | list[str] = (),
    static_export: bool = False,
    precomputed: bool = True,
) -> Datasette:
    """The Datasette instance ``billwatch serve`` runs (tests and the export use it too).

    Absolute links come from ``public_url``, or from a request whose Host is one of
    ``allowed_hosts`` (``name[:port]``; ValueError for anything else); otherwise they are
    site-relative.  ``memory_limit`` is only named in errors: SQLite's heap limit is the
    process's, set by ``serve_forever``.  ``static_export``: the app ``billwatch export``
    renders pages with (``publish.site.static_export``).  ``precomputed=False``: every
    request is rendered live, none answered from the renderings ``billwatch update`` made
    (the app it renders them with).
    """
    from publish.app import PublicDatasette
    from publish.database import ReadOnlyDatabase

    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"{db_path}: no such database (run billwatch update first)")
    ds = PublicDatasette(
        metadata=load_metadata(
            public_url,
            limits,
            parse_allowed_hosts(",".join(allowed_hosts)),
            static_export,
            precomputed,
        ),
        settings=SETTINGS,
        plugins_dir=str(PUBLISH / "plugins"),
        template_dir=str(PUBLISH / "templates"),
        static_mounts=[("static", str(PUBLISH / "static"))],
    )
    ds.remove_database("_memory")  # Datasette adds it when given no files; not wanted
    database = ReadOnlyDatabase(ds, db_path.resolve(), limits, memory_limit)
    ds.add_database(database, name=DB_NAME)
    return ds


def default_workers() -> int:
    """One worker process per core, at most 4: a page is CPU work in one Python process (the
    GIL), so a second core only helps from a second process (BENCHMARKS.md, "Workers")."""
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(4, cores or 1))


# How a worker process learns its configuration: uvicorn starts workers by importing the app
# factory (``billwatch.serve:worker_app``), so the options travel in the environment.
WORKER_CONFIG = "BILLWATCH_SERVE_CONFIG"


def worker_app():
    """The ASGI app of one worker process (``uvicorn --factory``): the same read-only
    Datasette as a single-process serve, with its share of the SQLite memory limit."""
    import json
    import os

    from publish.database import set_memory_limit

    config = json.loads(os.environ[WORKER_CONFIG])
    limits = Limits(**config["limits"])
    share = max(MINIMUMS.sql_memory_limit, limits.sql_memory_limit // config["workers"])
    set_memory_limit(share)
    ds = make_datasette(
        config["db_path"],
        config["public_url"],
        limits,
        # Errors name the limit the site was given (--sql-memory-limit), the whole server's.
        memory_limit=limits.sql_memory_limit,
        allowed_hosts=tuple(config["allowed_hosts"]),
    )
    return ds.app()


def serve_forever(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8001,
    public_url: str | None = None,
    limits: Limits = DEFAULTS,
    allowed_hosts: tuple[str, ...] = (),
    workers: int = 1,
) -> None:
    """Serve until interrupted (``billwatch demo`` ends with this).

    ``workers`` > 1: that many processes accept on one socket (uvicorn's supervisor restarts
    one that dies); each is the same read-only Datasette, and the SQLite memory limit is
    shared out between them, so the whole server stays within ``--sql-memory-limit``.
    """
    import json
    import os

    import uvicorn

    from publish.database import set_memory_limit

    if not Path(db_path).is_file():  # fail here, not in every worker
        raise FileNotFoundError(f"{db_path}: no such database (run billwatch update first)")
    click.echo(
        f"Serving {db_path} at http://{host}:{port}/ ({workers} worker{'s' * (workers > 1)})"
    )
    if public_url:
        click.echo(f"Public URL (feed links, embed snippets): {public_url}")
    elif allowed_hosts:
        click.echo(f"Absolute links for Host: {', '.join(allowed_hosts)}; relative for any other")
    else:
        click.echo("No --public-url: links are relative (browsers and feed readers resolve them)")
    # X-Forwarded-Proto and -For are believed only from FORWARDED_ALLOW_IPS (uvicorn's default:
    # 127.0.0.1 and ::1, a proxy on this machine); the Host is never taken from X-Forwarded-Host.
    common = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "lifespan": "on",
        "proxy_headers": True,
    }
    if workers <= 1:
        set_memory_limit(limits.sql_memory_limit)
        ds = make_datasette(
            db_path,
            public_url,
            limits,
            memory_limit=limits.sql_memory_limit,
            allowed_hosts=allowed_hosts,
        )
        uvicorn.run(ds.app(), workers=1, **common)  # type: ignore[arg-type]
        return
    os.environ[WORKER_CONFIG] = json.dumps(
        {
            "db_path": str(Path(db_path).resolve()),
            "public_url": public_url,
            "limits": {
                "sql_max_length": limits.sql_max_length,
                "max_response_bytes": limits.max_response_bytes,
                "sql_memory_limit": limits.sql_memory_limit,
            },
            "allowed_hosts": list(allowed_hosts),
            "workers": workers,
        }
    )
    from uvicorn.supervisors import Multiprocess

    # What ``uvicorn.run(..., workers=N)`` does, with the listening socket fixed (see
    # ``tcp_listener``).
    config = uvicorn.Config(
        "billwatch.serve:worker_app",
        factory=True,
        workers=workers,
        **common,  # type: ignore[arg-type]
    )
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: the supervisor stops its workers
        Multiprocess(config, sockets=[tcp_listener(config.bind_socket())]).run()


def tcp_listener(sock: socket.socket) -> socket.socket:
    """The socket uvicorn bound, as a socket whose protocol is TCP.

    uvicorn's ``Config.bind_socket`` makes ``socket.socket(family)``, whose ``proto`` is 0,
    and asyncio turns ``TCP_NODELAY`` on for an accepted connection only when its ``proto``
    is ``IPPROTO_TCP`` (connections inherit it from the listener). So with ``--workers N``
    Nagle's algorithm stayed on, and every response on a keep-alive connection after the
    first waited for the client's delayed ACK: ~44 ms for a 2 ms embed (docs/scaling.md,
    "Worker processes"; uvicorn issue 3149, open). One worker is not affected: asyncio binds
    that socket itself from ``getaddrinfo``. Re-wrapping the descriptor lets Python read
    family, type and protocol from it; the bound address and the descriptor are the same.
    """
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto:
        return sock
    tcp = socket.socket(fileno=sock.detach())
    tcp.set_inheritable(True)
    return tcp


def _check_url(ctx, param, value):
    if value and not value.startswith(("http://", "https://")):
        raise click.BadParameter("must be an http(s) URL")
    return value.rstrip("/") if value else value


def _check_hosts(ctx, param, value):
    try:
        return parse_allowed_hosts(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


class Size(click.ParamType):
    """A number of bytes: ``67108864``, ``64M``, ``64MiB``, ``512K``, ``1G``."""

    name = "size"

    def __init__(self, minimum: int):
        self.minimum = minimum

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            size = value
        else:
            try:
                size = parse_size(str(value))
            except ValueError as exc:
                self.fail(str(exc), param, ctx)
        if size < self.minimum:
            self.fail(f"must be at least {describe(self.minimum)}", param, ctx)
        return size


@click.command()
@db_option("The database, served read-only (default: data/billwatch.db; else the demo's).")
@click.option("--host", default="127.0.0.1", envvar="BILLWATCH_HOST", show_default=True)
@click.option("--port", default=8001, envvar="BILLWATCH_PORT", show_default=True, type=int)
@click.option(
    "--public-url",
    envvar="BILLWATCH_PUBLIC_URL",
    callback=_check_url,
    help="Address the world reaches the site at (feed links, embed snippets).",
)
@click.option(
    "--allowed-hosts",
    envvar="BILLWATCH_ALLOWED_HOSTS",
    callback=_check_hosts,
    metavar="HOSTS",
    help="Without --public-url: comma-separated Host values (name[:port]) that get absolute "
    "links; any other Host gets relative links.",
)
@click.option(
    "--sql-max-length",
    default=DEFAULTS.sql_max_length,
    envvar="BILLWATCH_SQL_MAX_LENGTH",
    type=Size(MINIMUMS.sql_max_length),
    show_default=True,
    help="Largest string, blob or row a query may build or read, in bytes (SQLITE_LIMIT_LENGTH).",
)
@click.option(
    "--max-response-bytes",
    default=DEFAULTS.max_response_bytes,
    envvar="BILLWATCH_MAX_RESPONSE_BYTES",
    type=Size(MINIMUMS.max_response_bytes),
    show_default=True,
    help="Most bytes one response may carry (and one query may fetch); a stream is cut there.",
)
@click.option(
    "--sql-memory-limit",
    default=DEFAULTS.sql_memory_limit,
    envvar="BILLWATCH_SQL_MEMORY_LIMIT",
    type=Size(MINIMUMS.sql_memory_limit),
    show_default=True,
    help="Most memory SQLite may take in the whole server, in bytes (hard heap limit).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    envvar="BILLWATCH_WORKERS",
    help="Server processes accepting on the one socket (default: one per core, at most 4).",
)
def serve(
    db_path: str | None,
    host: str,
    port: int,
    public_url: str | None,
    allowed_hosts: tuple[str, ...],
    sql_max_length: int,
    max_response_bytes: int,
    sql_memory_limit: int,
    workers: int | None,
) -> None:
    """Publish the database with Datasette (read-only): search, bill pages, feeds, embeds."""
    db_path = database_to_read(db_path, "serve")
    if not Path(db_path).is_file():
        raise click.BadParameter(missing_database(db_path), param_hint="--db")
    limits = Limits(sql_max_length, max_response_bytes, sql_memory_limit)
    serve_forever(
        db_path, host, port, public_url, limits, allowed_hosts, workers or default_workers()
    )

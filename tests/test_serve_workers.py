"""``billwatch serve --workers N`` (issue 19): several server processes on one socket, each the
same read-only site.  Run as a user would: the command in a subprocess, over HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from publish_fixture import build_db

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _get(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    db = build_db(tmp_path_factory.mktemp("workers") / "billwatch.db")
    port = _free_port()
    command = ["serve", "--db", str(db), "--port", str(port), "--workers", "2"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "billwatch", *command],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if _get(url + "/bills/2015-HB-7017")[0] == 200:
                break
        except OSError:
            pass
        assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
        assert time.monotonic() < deadline, "billwatch serve --workers 2 did not answer"
        time.sleep(0.2)
    yield url, proc, db
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_two_worker_processes_serve_the_same_site(served):
    url, proc, _ = served
    workers = [
        p for p in _children(proc.pid) if "spawn_main" in Path(f"/proc/{p}/cmdline").read_text()
    ]
    assert len(workers) == 2, workers
    pages = {}
    for route in ("/bills/2015-HB-7017", "/embed/2015-HB-7017.json", "/feeds/changes.rss"):
        bodies = set()
        for _ in range(8):  # spread over both workers
            status, body, _headers = _get(url + route)
            assert status == 200, (route, status)
            bodies.add(body)
        assert len(bodies) == 1, route  # every worker answers the same bytes
        pages[route] = bodies.pop()
    assert b"2015-HB-7017" in pages["/embed/2015-HB-7017.json"]


def test_every_worker_is_read_only(served):
    url, _, db = served
    before = db.stat().st_size
    for _ in range(4):
        status, body, _ = _get(
            url + "/billwatch.json?sql=" + urllib.parse.quote("delete from bills")
        )
        assert status in (400, 403), (status, body[:200])
    assert _get(url + "/bills/2015-HB-7017")[0] == 200
    assert db.stat().st_size == before


def test_workers_option_is_checked():
    from click.testing import CliRunner

    from billwatch.cli import main

    result = CliRunner().invoke(main, ["serve", "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output


def test_default_is_one_worker_per_core_at_most_four():
    from billwatch.serve import default_workers

    assert 1 <= default_workers() <= 4
    assert default_workers() == min(4, len(os.sched_getaffinity(0)))


def test_the_workers_socket_gives_every_connection_tcp_nodelay():
    """With ``--workers N`` uvicorn binds the socket and the workers accept on it; asyncio
    turns Nagle's algorithm off only for a listener whose protocol is TCP, so a connection
    accepted as a worker accepts it must have ``TCP_NODELAY`` (without it, every keep-alive
    response after the first waited ~40 ms for the client's delayed ACK)."""
    import asyncio

    import uvicorn

    from billwatch.serve import tcp_listener

    config = uvicorn.Config("billwatch.serve:worker_app", factory=True, host="127.0.0.1", port=0)
    listener = tcp_listener(config.bind_socket())
    assert (listener.family, listener.proto) == (socket.AF_INET, socket.IPPROTO_TCP)

    async def accepted_nodelay() -> int:
        accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        async def handle(reader, writer):
            sock = writer.get_extra_info("socket")
            accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(handle, sock=listener)  # as a worker serves it
        _, writer = await asyncio.open_connection(*listener.getsockname())
        try:
            return await asyncio.wait_for(accepted, 10)
        finally:
            writer.close()
            server.close()
            await server.wait_closed()

    assert asyncio.run(accepted_nodelay()) != 0

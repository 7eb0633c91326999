"""One ``update`` (or one ``notify``) at a time per database: an advisory file lock.

The lock is ``DB.update.lock`` (``DB.notify.lock``…) beside the database, held with
``flock`` for the whole run.  The kernel releases it when the process ends, however it
ends, so the lock of a killed run is simply taken over by the next one; the file keeps
the holder's pid only to name it in the message.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

EXIT_LOCKED = 3  # exit status when another run holds the lock (2 stays "bad usage")


class Locked(Exception):
    """Another process holds the lock; the message names it."""


def lock_path(db_path: str | Path, name: str) -> Path:
    return Path(f"{db_path}.{name}.lock")


@contextmanager
def exclusive(db_path: str | Path, name: str = "update") -> Iterator[Path]:
    """Hold the ``name`` lock on ``db_path`` for the duration, or raise ``Locked``."""
    path = lock_path(db_path, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise Locked(f"another {name} (pid {holder}) holds the lock on {db_path}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

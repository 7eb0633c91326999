"""The CPU priority of batch work: ``billwatch update`` runs at a lower priority than the site.

An update crawls, stores and then renders every precomputed route: minutes of CPU on the
machine that also serves the site. Readers are interactive and the update is not, so the
update yields the CPU (a Unix nice value, as ``nice -n 10 billwatch update`` would): measured
with 4 HTTP clients while an update ran on the same 2 cores, the site served 110 requests/s
instead of 74 and the embed's p95 fell from 32 to 17 ms (docs/scaling.md, "Updating while
serving"). The update itself takes longer only when the site is busy. Its crawl commits one
bill per transaction, so another writer waits for one bill at most; the renderings are
written in one transaction at its end.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_NICE = 19  # the lowest priority on Linux and the BSDs


def lower_priority(nice: int) -> int:
    """Make this process (and the threads it starts from now on) run at nice value ``nice``
    or lower priority, never higher (an unprivileged process cannot raise it back). Returns
    the nice value it runs at; 0 leaves it as it is.

    On Linux the nice value is a thread's (setpriority(2), NOTES), and a new thread takes its
    creator's: every thread running now is lowered, and those started later follow."""
    if not 0 <= nice <= MAX_NICE:
        raise ValueError(f"nice value {nice}: expected 0 to {MAX_NICE}")
    if not hasattr(os, "getpriority"):  # not a Unix: nothing to do
        return 0
    for tid in _threads():
        try:
            if nice > os.getpriority(os.PRIO_PROCESS, tid):
                os.setpriority(os.PRIO_PROCESS, tid, nice)
        except (ProcessLookupError, PermissionError):  # the thread ended meanwhile
            continue
    return os.getpriority(os.PRIO_PROCESS, 0)


def _threads() -> list[int]:
    """This process's thread ids (Linux), else 0: the process itself."""
    tasks = Path("/proc/self/task")
    if tasks.is_dir():
        return [int(t.name) for t in tasks.iterdir() if t.name.isdigit()]
    return [0]

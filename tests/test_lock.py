"""billwatch/lock.py: one update at a time per database; a dead holder's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from billwatch.lock import Locked, exclusive, lock_path


def test_a_second_holder_is_refused_naming_the_first(tmp_path):
    db = tmp_path / "t.db"
    with exclusive(db, "update"):
        with pytest.raises(Locked) as err, exclusive(db, "update"):
            pass
        assert str(err.value) == f"another update (pid {os.getpid()}) holds the lock on {db}"
        with exclusive(db, "notify"):  # another name is another lock
            pass
    with exclusive(db, "update"):  # released
        pass


def test_the_lock_of_a_killed_process_is_taken_over(tmp_path):
    db = tmp_path / "t.db"
    code = (
        "import sys, time; from billwatch.lock import exclusive\n"
        f"with exclusive({str(db)!r}, 'update'):\n"
        "    print('held', flush=True); time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(Locked, match=f"pid {proc.pid}"), exclusive(db):
            pass
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        time.sleep(0.05)
        with exclusive(db):  # a stale lock file stays, but nobody holds it
            assert lock_path(db, "update").exists()
    finally:
        if proc.poll() is None:
            proc.kill()

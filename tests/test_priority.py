"""``billwatch update`` yields the CPU to the site it shares the machine with
(``billwatch/priority.py``): it runs at a Unix nice value, 10 unless ``--nice`` says otherwise."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from billwatch.samplesite import serve

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-site"

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads Linux /proc")


def _nice_of_threads(pid: int) -> set[int]:
    """The nice value of every thread of ``pid`` (field 19 of /proc/PID/task/TID/stat)."""
    values = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            fields = (task / "stat").read_text().rpartition(")")[2].split()
        except OSError:  # the thread ended
            continue
        values.add(int(fields[16]))
    return values


def _in_a_child(code: str) -> str:
    """Run ``code`` in a fresh interpreter: a nice value, once lowered, stays lowered."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_priority_is_only_ever_lowered():
    out = _in_a_child(
        "from billwatch.priority import lower_priority as p; print(p(0), p(7), p(3), p(12))"
    )
    assert out == "0 7 7 12"


@pytest.mark.parametrize("bad", [-1, 20])
def test_an_impossible_nice_value_is_refused(bad):
    from billwatch.priority import lower_priority

    with pytest.raises(ValueError, match=f"nice value {bad}"):
        lower_priority(bad)


def test_the_update_crawls_at_its_nice_value_in_every_thread(tmp_path, crawlkit):
    server, thread = serve(SAMPLE, faults={"slow": {"*": 0.05}})  # long enough to look at it
    base = f"http://127.0.0.1:{server.server_address[1]}"
    cmd = crawlkit.command(base, tmp_path / "b.db", "--session", "2015", "--bills", "2015-HB-7017")
    proc = subprocess.Popen(
        [*cmd, "--nice", "7"], cwd=ROOT, env=crawlkit.env(), stdout=subprocess.DEVNULL
    )
    seen: list[set[int]] = []
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            threads = _nice_of_threads(proc.pid)
            if len(threads) and 7 in threads:
                seen.append(threads)
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert proc.returncode in (0, 1)
    assert seen, "the update never ran at nice 7"
    assert all(values == {7} for values in seen[1:]), seen  # every thread, once it is lowered

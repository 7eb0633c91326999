"""The redline of this tree against the redline of a git revision, side by side, one process.

    .venv/bin/python benchmarks/compare_diff.py [REV] [--rounds 15] [--mb 4]

For work on the engine's speed (not part of CI; nothing here is asserted).  ``REV``'s
``cga`` package (default ``main``) is exported with ``git archive`` to a temporary directory
and imported beside this tree's as ``cga_base``; both diff bench_diff.py's pair, first
checked to give identical output, then timed in alternating order, each round followed by
``git diff --no-index --word-diff=porcelain`` on the same files.  The machine is shared and
noisy: read the ratios (the paired one is the median of each round's own ratio), never the
seconds alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_diff

from cga.redline import diff_versions

HERE = Path(__file__).resolve().parent


def _import_base(rev: str, into: Path) -> Any:
    """``REV``'s cga, importable as ``cga_base`` (its redline imports only relatively)."""
    archive = into / "base.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", rev, "cga"], cwd=HERE.parent, stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    (into / "cga").rename(into / "cga_base")
    sys.path.insert(0, str(into))
    return importlib.import_module("cga_base.redline").diff_versions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", nargs="?", default="main", help="the revision to compare with")
    parser.add_argument("--rounds", type=int, default=15, help="timed rounds (at least 5)")
    parser.add_argument("--mb", type=float, default=4.0, help="size of the pair")
    args = parser.parse_args()
    med = statistics.median
    old, new = bench_diff.make_pair(int(args.mb * 1e6))
    with tempfile.TemporaryDirectory() as tmp:
        base_diff = _import_base(args.rev, Path(tmp))
        same = dataclasses.astuple(base_diff(old, new)) == dataclasses.astuple(
            diff_versions(old, new)
        )
        print(f"output identical to {args.rev}'s: {same}")
        cmd = bench_diff._git_command(tmp, old, new)
        ours: list[float] = []
        base: list[float] = []
        git: list[float] = []
        for r in range(max(5, args.rounds)):
            pair = ((diff_versions, ours), (base_diff, base))
            for fn, times in pair if r % 2 else pair[::-1]:
                t0 = time.perf_counter()
                fn(old, new)
                times.append(time.perf_counter() - t0)
            if cmd:
                t0 = time.perf_counter()
                subprocess.run(cmd, capture_output=True, check=False)
                git.append(time.perf_counter() - t0)
    paired = med([o / b for o, b in zip(ours, base, strict=True)])
    print(f"{args.rev}: median {med(base):.3f} s (min {min(base):.3f})")
    print(f"this tree: median {med(ours):.3f} s (min {min(ours):.3f})")
    print(f"this tree / {args.rev}: {med(ours) / med(base):.3f} median, {paired:.3f} paired")
    if git:
        print(
            f"git: median {med(git):.3f} s; {args.rev} {med(base) / med(git):.2f}x git, "
            f"this tree {med(ours) / med(git):.2f}x git"
        )


if __name__ == "__main__":
    main()

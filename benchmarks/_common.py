"""Shared helpers for the benchmarks: machine description, percentiles, result tables.

Every benchmark module has ``run(quick: bool) -> Result`` and a ``main()`` that prints the
result (and writes it as JSON with ``--json PATH``); ``run_all.py`` collects the results
into ``BENCHMARKS.md``.  A figure is always shown beside a reference measured in the same
run, as a ratio: this machine is shared and noisy, so absolute times drift between runs
while ratios measured side by side hold.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass
class Figure:
    what: str
    value: str  # billwatch's figure, with its unit
    reference: str = ""  # what it is compared with, measured in the same run
    ratio: str = ""  # billwatch / reference (time ratio: > 1 means billwatch is slower)
    goal: str = ""
    met: bool | None = None  # None: no goal


@dataclass
class Result:
    name: str  # short key: ingest, parse, diff, testimony, refresh, site
    title: str
    method: str  # how it was measured (one paragraph, markdown)
    figures: list[Figure] = field(default_factory=list)
    details: str = ""  # preformatted text (tables, query plans, profiles)
    tables: str = ""  # markdown shown as it is (tables a reader compares across rows)
    numbers: dict = field(default_factory=dict)  # raw values for docs/scaling.md
    seconds: float = 0.0  # wall time the benchmark took

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> Result:
        data = json.loads(text)
        data["figures"] = [Figure(**f) for f in data["figures"]]
        return cls(**data)


# ---------------------------------------------------------------------- statistics


def percentile(values: Iterable[float], p: float) -> float:
    """The p-th percentile (0-100), linear interpolation between closest ranks."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def median(values: Iterable[float]) -> float:
    xs = list(values)
    return statistics.median(xs) if xs else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "n/a"


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    """(wall s, CPU s of this process, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


# ---------------------------------------------------------------------- the machine


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        return out + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine() -> dict[str, str]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "ram": _ram_gb(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "scrapy": _version("scrapy"),
        "datasette": _version("datasette"),
        "sqlite-utils": _version("sqlite-utils"),
        "lxml": _version("lxml"),
        "uvicorn": _version("uvicorn"),
        "httpx": _version("httpx"),
        "pypdf": _version("pypdf"),
        "load average at start": " ".join(f"{x:.2f}" for x in load),
        "commit": _git_commit(),
    }


# ---------------------------------------------------------------------- output


def figures_table(figures: list[Figure]) -> str:
    lines = [
        "| figure | billwatch | reference (same run) | ratio | goal |",
        "|---|---|---|---|---|",
    ]
    for f in figures:
        goal = f.goal
        if f.met is not None and goal:
            goal = f"{goal} — {'met' if f.met else '**not met**'}"
        lines.append(f"| {f.what} | {f.value} | {f.reference} | {f.ratio} | {goal} |")
    return "\n".join(lines)


def result_markdown(result: Result) -> str:
    parts = [f"## {result.title}", "", result.method, "", figures_table(result.figures)]
    if result.tables:
        parts += ["", result.tables.rstrip()]
    if result.details:
        parts += ["", "```", result.details.rstrip(), "```"]
    parts += ["", f"_(took {result.seconds:.0f} s)_", ""]
    return "\n".join(parts)


def print_result(result: Result) -> None:
    print(f"\n== {result.title} ({result.seconds:.1f} s)")
    for f in result.figures:
        goal = f" [goal {f.goal}: {'met' if f.met else 'NOT met'}]" if f.met is not None else ""
        ref = f" | reference: {f.reference}" if f.reference else ""
        rat = f" | ratio {f.ratio}" if f.ratio else ""
        print(f"- {f.what}: {f.value}{ref}{rat}{goal}")
    if result.tables:
        print()
        print(result.tables.rstrip())
    if result.details:
        print()
        print(result.details.rstrip())


def main_for(run: Callable[[bool], Result], description: str, argv: list[str] | None = None):
    """The command line every benchmark script shares: ``[--quick] [--json PATH]``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--json", type=Path, help="also write the result here as JSON")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    result = run(args.quick)
    result.seconds = time.perf_counter() - start
    print_result(result)
    if args.json:
        args.json.write_text(result.to_json(), encoding="utf-8")
    return result

"""Run every benchmark and write BENCHMARKS.md at the repository root.

    .venv/bin/python benchmarks/run_all.py [--quick] [--only NAME ...] [--out PATH]

Each benchmark runs in its own process, one after the other (so none inherits another's
memory or warm caches, and a failure in one is reported without losing the others):

- ``ingest``    bench_ingest.py    bulk ingest of a whole session vs ``sqlite-utils insert``
- ``parse``     bench_parse.py     status pages/s/core vs a bare ``lxml.html`` parse
- ``diff``      bench_diff.py      the 4 MB redline vs ``git diff --no-index --word-diff``
- ``testimony`` bench_testimony.py testimony PDF pages/s vs bare pypdf
- ``votes``     bench_votes.py     roll-call PDFs to checked records vs bare pypdf
- ``refresh``   bench_refresh.py   a no-change ``billwatch update`` of the sample site
- ``site``      bench_site.py      Datasette p50/p95, idle and while ``billwatch update`` writes

Behind flags, not in the default run (each takes many minutes): ``--lineage`` and ``--archive``
add

- ``lineage``   bench_lineage.py   lineage over synthetic archives of 4,000 and 40,000 bills
- ``archive``   bench_archive.py   ten sessions: build time, size, every route under load

and a run without one keeps that section of the previous BENCHMARKS.md as it was.

``--quick`` shrinks every size for a smoke run (its BENCHMARKS.md says so).  Benchmarks are
not tests: nothing is asserted, and pytest never collects them (``testpaths = tests``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import (
    ROOT,
    Figure,
    Result,
    figures_table,
    machine,
    main_for,
    result_markdown,
)

HERE = Path(__file__).resolve().parent
SCRIPTS = {
    "ingest": HERE / "bench_ingest.py",
    "parse": HERE / "bench_parse.py",
    "diff": None,  # bench_diff.py's functions, run by this script (``--part diff``)
    "testimony": None,  # likewise bench_testimony.py
    "votes": HERE / "bench_votes.py",
    "refresh": HERE / "bench_refresh.py",
    "site": HERE / "bench_site.py",
}
OPT_IN = {"lineage": HERE / "bench_lineage.py", "archive": HERE / "bench_archive.py"}
KEPT_BEGIN, KEPT_END = "<!-- {name}: begin -->", "<!-- {name}: end -->"


# ---------------------------------------------------------------- the reused benchmarks


def diff_part(quick: bool) -> Result:
    """bench_diff.py's pair and timing, as one result (ours in-process vs git's process)."""
    import bench_diff

    from cga.redline import diff_versions

    mb_target, runs = (1.0, 5) if quick else (4.0, 7)
    old, new = bench_diff.make_pair(int(mb_target * 1e6))
    mb = len(old.encode()) / 1e6
    d = diff_versions(old, new)
    ours, git, git_words = bench_diff.time_pair(old, new, runs)
    med = statistics.median
    r = med(ours) / med(git)
    small_old, small_new = bench_diff.make_pair(19_000, seed=7017)
    small, _, _ = bench_diff.time_pair(small_old, small_new, 25)
    return Result(
        name="diff",
        title=f"Redline diff of a {mb:.0f} MB bill",
        method=(
            "`bench_diff.py`'s generated budget-style pair (second version: ~1.5 % of words "
            "edited, sentences in and out, one moved paragraph); `cga.redline."
            "diff_versions` (line diff, word diff inside hunks, summary, HTML redline, "
            "unified diff) in-process, warm, vs `git diff --no-index --word-diff=porcelain` "
            f"as a whole process on the same files, interleaved, median of {runs}."
        ),
        figures=[
            Figure(
                f"{mb:.1f} MB pair, diff + redline + unified",
                f"{med(ours):.3f} s ({mb / med(ours):.1f} MB/s)",
                f"`git diff --no-index --word-diff=porcelain`: {med(git):.3f} s",
                f"{r:.1f}×",
            ),
            Figure(
                "a typical 10-page bill (~3k words)",
                f"{med(small) * 1000:.1f} ms",
                "",
                "",
            ),
        ],
        details=(
            f"pair: {mb:.2f} MB, {len(old.split()):,} words; diff +{d.words_added:,} "
            f"-{d.words_removed:,} words in {len(d.hunks):,} hunks "
            f"(git: {git_words:,} words on its -/+ lines)\n"
            f"ours s: {' '.join(f'{x:.3f}' for x in ours)}\n"
            f"git s:  {' '.join(f'{x:.3f}' for x in git)}\n"
            "Standalone, with a size sweep and peak memory: "
            ".venv/bin/python benchmarks/bench_diff.py"
        ),
        numbers={"mb": mb, "ours_s": med(ours), "git_s": med(git), "ratio": r},
    )


def testimony_part(quick: bool) -> Result:
    """bench_testimony.py's generated letters and timing, as one result."""
    import bench_testimony as bt

    count, runs = (16, 1) if quick else (60, 2)
    start = time.perf_counter()
    made = [bt.make_pdf(i, 7017) for i in range(count)]
    generated = time.perf_counter() - start
    bodies = [b for b, _ in made]
    for body in bodies[:4]:  # warm-up: imports, font caches
        for fn in bt.EXTRACTORS.values():
            fn(body)
    best = bt.measure(bodies, runs)
    mb = sum(len(b) for b in bodies) / 1e6
    rates = {}
    for name, rows in best.items():
        cpu = sum(r[0] for r in rows)
        pages = sum(r[2] for r in rows)
        rates[name] = (pages / cpu, pages, cpu)
    ours, ref = rates["billtext.extract_pdf"], rates["bare pypdf"]
    return Result(
        name="testimony",
        title="Testimony PDF extraction",
        method=(
            f"`bench_testimony.py`'s {count} generated testimony letters (reportlab; half "
            "with standard fonts, half with an embedded TrueType subset; 1-3 pages mostly, a "
            "few long); `billtext.extract_pdf` (what the crawler runs: pypdf + furniture "
            "removal + unwrapping) vs bare pypdf `extract_text`, on bytes in memory, CPU "
            f"time, both on each file back to back, best of {runs} per file."
        ),
        figures=[
            Figure(
                "testimony PDF text extraction",
                f"{ours[0]:.1f} pages/s/core",
                f"bare pypdf: {ref[0]:.1f} pages/s/core",
                f"{ours[2] / ref[2]:.2f}× the time",
            )
        ],
        details=(
            f"{count} PDFs, {ours[1]} pages, {mb:.2f} MB (generated in {generated:.1f} s); "
            f"billtext {ours[2]:.2f} s CPU, bare pypdf {ref[2]:.2f} s CPU\n"
            "Standalone, with font subsets and --jobs N: "
            ".venv/bin/python benchmarks/bench_testimony.py"
        ),
        numbers={"pages_per_s": ours[0], "pypdf_pages_per_s": ref[0], "pages": ours[1]},
    )


PARTS = {"diff": diff_part, "testimony": testimony_part}


# ---------------------------------------------------------------- running and reporting


def run_one(name: str, quick: bool, tmp: Path) -> Result:
    out = tmp / f"{name}.json"
    script = {**SCRIPTS, **OPT_IN}[name]
    cmd = [sys.executable, str(script)] if script else [sys.executable, __file__, "--part", name]
    cmd += ["--json", str(out)] + (["--quick"] if quick else [])
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, check=False)
    if proc.returncode == 0 and out.exists():
        return Result.from_json(out.read_text(encoding="utf-8"))
    return Result(
        name=name,
        title=f"{name} (failed)",
        method=f"`{' '.join(Path(c).name for c in cmd)}` exited with {proc.returncode}.",
        seconds=time.perf_counter() - start,
    )


def kept_sections(previous: str, ran: set[str]) -> str:
    """Sections of opt-in benchmarks not run this time, as the previous file had them."""
    out = []
    for name in OPT_IN:
        begin, end = KEPT_BEGIN.format(name=name), KEPT_END.format(name=name)
        if name in ran or begin not in previous or end not in previous:
            continue
        out.append(previous[previous.index(begin) : previous.index(end) + len(end)])
    return "\n\n".join(out)


def render(
    results: list[Result], info: dict[str, str], quick: bool, seconds: float, previous: str = ""
) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Generated by `.venv/bin/python benchmarks/run_all.py"
        + (" --quick`: **smoke-run sizes, not the real figures**." if quick else "`.")
        + f" Total {seconds / 60:.1f} min. Do not edit by hand; rerun it.",
        "",
        "Every figure stands beside a reference measured in the same run on the same "
        "machine; the ratio is what to trust. This machine is shared and noisy (see the "
        "load average): absolute times drift 20-30 % between runs, so CPU time and "
        "best-of-N are used where one process does the work, and latencies are medians "
        "and 95th percentiles of many requests.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in info.items()]
    lines += ["", "## Summary", ""]
    summary: list[Figure] = []
    for r in results:
        for f in r.figures:
            summary.append(
                Figure(f"{r.title}: {f.what}", f.value, f.reference, f.ratio, f.goal, f.met)
            )
    lines += [figures_table(summary), ""]
    for r in results:
        if r.name in OPT_IN:
            lines.append(KEPT_BEGIN.format(name=r.name))
            lines.append(result_markdown(r))
            lines.append(KEPT_END.format(name=r.name))
            lines.append("")
        else:
            lines.append(result_markdown(r))
    kept = kept_sections(previous, {r.name for r in results})
    if kept:
        lines += ["", kept, ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--only", nargs="+", choices=[*SCRIPTS, *OPT_IN], help="run only these")
    parser.add_argument(
        "--lineage", action="store_true", help="also run bench_lineage.py (minutes; not default)"
    )
    parser.add_argument(
        "--archive", action="store_true", help="also run bench_archive.py (minutes; not default)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--part", choices=list(PARTS), help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.part:  # one of the reused benchmarks, in its own process
        rest = ["--json", str(args.json)] if args.json else []
        main_for(
            lambda quick: PARTS[args.part](quick),
            args.part,
            rest + (["--quick"] if args.quick else []),
        )
        return

    info = machine()
    start = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-all-") as tmp:
        names = args.only or [
            *SCRIPTS,
            *(["lineage"] if args.lineage else []),
            *(["archive"] if args.archive else []),
        ]
        for name in names:
            print(f"\n######## {name}", flush=True)
            results.append(run_one(name, args.quick, Path(tmp)))
    total = time.perf_counter() - start
    previous = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    args.out.write_text(render(results, info, args.quick, total, previous), encoding="utf-8")
    print(f"\nwrote {args.out} ({total / 60:.1f} min)")


if __name__ == "__main__":
    main()

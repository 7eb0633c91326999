"""Benchmark status-page parsing: ``parse_status_page`` against a bare ``lxml.html`` parse.

Run with one command (not part of CI; nothing here is asserted)::

    .venv/bin/python benchmarks/bench_parse.py [--quick] [--json PATH]

Pages: every stored status page of the offline sample site
(``data/sample-site/asp/cgabillstatus/*/*.html``) and every recorded page in
``tests/pages/status/``, decoded once with ``spiders.encoding.decode_html`` as the spider
does (decoding is not timed), replicated to a few thousand pages.  Pages that
``parse_status_page`` rejects (the "Bill not found" page, error pages) are left out of both
sides: they stop at a regular expression and would flatter the figure.

Timed, CPU time of this process, in rounds that alternate which parser goes first, best
round kept (noise on a shared machine only adds):

- ``spiders.status_page.parse_status_page(html, url)``: the whole parse (tree, header,
  title, purpose, introducers, co-sponsors, document tables, Bill History);
- ``lxml.html.fromstring(html)``: building the tree, nothing else - the floor.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import lxml.html
from _common import ROOT, Figure, Result, main_for, median

from cga.records import BillNotFound, PageError
from spiders.encoding import decode_html
from spiders.status_page import parse_status_page

URL = "https://www.cga.ct.gov/asp/cgabillstatus/cgabillstatus.asp?which_year=2015&bill_num=1"


def load_pages() -> tuple[list[tuple[str, str]], list[str]]:
    """(name, html) of the pages parse_status_page accepts, and the names of those it rejects."""
    paths = sorted((ROOT / "data" / "sample-site" / "asp" / "cgabillstatus").glob("*/*.html"))
    paths += sorted((ROOT / "tests" / "pages" / "status").glob("*.html"))
    pages, rejected = [], []
    for path in paths:
        html = decode_html(path.read_bytes())
        name = f"{path.parent.name}/{path.name}"
        try:
            parse_status_page(html, URL)
        except (BillNotFound, PageError):
            rejected.append(name)
            continue
        pages.append((name, html))
    return pages, rejected


def _parse_all(htmls: list[str]) -> None:
    for html in htmls:
        parse_status_page(html, URL)


def _lxml_all(htmls: list[str]) -> None:
    for html in htmls:
        lxml.html.fromstring(html)


def per_page(pages: list[tuple[str, str]], reps: int) -> dict[str, float]:
    """Best CPU seconds of one ``parse_status_page`` call, per distinct page."""
    out = {}
    for name, html in pages:
        best = float("inf")
        for _ in range(reps):
            cpu = time.process_time()
            parse_status_page(html, URL)
            best = min(best, time.process_time() - cpu)
        out[name] = best
    return out


def rates(htmls: list[str], rounds: int) -> tuple[dict[str, float], dict[str, float]]:
    """Best CPU and wall seconds per parser over ``htmls``, rounds alternating the order."""
    fns = {"billwatch": _parse_all, "lxml": _lxml_all}
    cpu_best = dict.fromkeys(fns, float("inf"))
    wall_best = dict.fromkeys(fns, float("inf"))
    for r in range(rounds):
        for name in list(fns) if r % 2 == 0 else list(fns)[::-1]:
            wall, cpu = time.perf_counter(), time.process_time()
            fns[name](htmls)
            cpu_best[name] = min(cpu_best[name], time.process_time() - cpu)
            wall_best[name] = min(wall_best[name], time.perf_counter() - wall)
    return cpu_best, wall_best


def run(quick: bool = False) -> Result:
    pages, rejected = load_pages()
    target, rounds, reps = (300, 3, 3) if quick else (1500, 3, 7)
    _parse_all([h for _, h in pages])  # warm-up
    _lxml_all([h for _, h in pages])
    cost = per_page(pages, reps)
    typical = median(cost.values())
    # Pages costing over 10x the median take a rescue path; shown apart as well.
    outliers = {n: c for n, c in cost.items() if c > 10 * typical}
    mixes = {"all pages": pages}
    if outliers:
        mixes["without outliers"] = [(n, h) for n, h in pages if n not in outliers]
    figures, numbers, lines = [], {}, []
    for label, chosen in mixes.items():
        copies = max(1, target // len(chosen))
        htmls = [html for _, html in chosen] * copies
        n = len(htmls)
        mb = sum(len(h.encode()) for h in htmls) / 1e6
        cpu, wall = rates(htmls, rounds)
        ours, ref = n / cpu["billwatch"], n / cpu["lxml"]
        r = cpu["billwatch"] / cpu["lxml"]
        figures.append(
            Figure(
                f"status pages parsed ({label}: {len(chosen)} distinct × {copies})",
                f"{ours:,.0f} pages/s/core ({mb / cpu['billwatch']:.1f} MB/s)",
                f"bare `lxml.html.fromstring`: {ref:,.0f} pages/s/core",
                f"{r:.1f}× the time",
            )
        )
        key = "all" if label == "all pages" else "typical"
        numbers[f"{key}_pages_per_s"] = ours
        numbers[f"{key}_lxml_pages_per_s"] = ref
        numbers[f"{key}_ratio"] = r
        lines.append(
            f"{label}: {n} pages, {mb:.1f} MB a round; billwatch {cpu['billwatch']:.3f} s CPU "
            f"({wall['billwatch']:.3f} s wall), lxml {cpu['lxml']:.3f} s CPU "
            f"({wall['lxml']:.3f} s wall)"
        )
    numbers.setdefault("typical_pages_per_s", numbers["all_pages_per_s"])
    sizes = {n: len(h.encode()) for n, h in pages}
    lines.append(f"{rounds} rounds a mix, best CPU round kept; per-page: best of {reps}")
    lines.append(f"left out (rejected by the parser by design): {', '.join(rejected) or 'none'}")
    lines.append(f"per page, parse_status_page CPU ms (median {typical * 1000:.2f} ms):")
    for name, c in sorted(cost.items(), key=lambda kv: -kv[1]):
        flag = "  <- outlier" if name in outliers else ""
        lines.append(f"  {c * 1000:8.2f} ms  {sizes[name] / 1024:5.1f} KB  {name}{flag}")
    lines.append(
        "Note: the sample pages are small (1-16 KB); CGA's live status pages run to ~60 KB, "
        "against a bare lxml parse + XPath of the same pages (the reference above)."
    )
    return Result(
        name="parse",
        title="Status-page parsing",
        method=(
            "The sample site's stored status pages and the recorded pages in "
            "`tests/pages/status/`, decoded once as the spider does, replicated; "
            "`parse_status_page` vs a bare `lxml.html.fromstring` of the same strings, "
            "CPU time of one process (= one core), rounds alternating, best round kept. "
            "Pages costing over 10× the median page are also shown apart."
        ),
        figures=figures,
        details="\n".join(lines),
        numbers=numbers,
    )


def main(argv: list[str] | None = None) -> None:
    main_for(run, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    main()

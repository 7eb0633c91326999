"""Benchmark roll-call PDFs: extraction + ``parse_roll_call_pages`` + the totals check against
bare pypdf extraction of the same files.

Run with one command (not part of CI; nothing here is asserted)::

    .venv/bin/python benchmarks/bench_votes.py [--quick] [--json PATH]

It generates a few hundred roll calls deterministically with the sample site's renderer
(``data/sample-site/build_votes.py``: the current PDF layout, House rolls of 151 seats in 4
columns over 2 pages, Senate rolls of 36 in 2 columns; invented members), with varied tallies,
numbers, dates and labels, and one in ten printing totals that disagree with its member lines.

Timed, on the bytes in memory, CPU time of this process, each file by both sides back to back
in alternating order, best of the runs per file (noise on a shared machine only adds):

- billwatch: ``spiders.billtext.pdf_page_texts`` (what the extraction worker runs) then
  ``spiders.roll_calls.parse_roll_call_pages`` and ``cga.votes.totals_problems`` /
  ``complete`` (what the spider runs): pages → checked records;
- bare pypdf: ``PdfReader`` + ``page.extract_text()`` of every page, nothing else.

The parse alone (on text extracted beforehand) is shown too: the part billwatch adds.  The
crawler also pays a worker-process round trip per document (``spiders/extraction.py``),
not counted on either side.
"""

from __future__ import annotations

import io
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "sample-site"))

import build_votes as sample
import pypdf
from _common import Figure, Result, main_for

from cga.votes import complete, totals_problems
from spiders.billtext import pdf_page_texts
from spiders.roll_calls import parse_roll_call_pages

SUFFIXES = ("", "AS AMENDED", "HOUSE AMD A", "CONSENT CALENDAR", "EMERGENCY CERTIFICATION")
TITLES = {
    (2016, "HB", 5000 + i): f"AN ACT CONCERNING SAMPLE MATTER NUMBER {i}." for i in range(400)
}


def make_rolls(count: int) -> list[bytes]:
    """``count`` roll-call PDFs (deterministic)."""
    members = sample.roster()
    sample._printed_names([*members, sample.PREDECESSOR_77])
    out = []
    for i in range(count):
        house = i % 3 != 2
        seats = 151 if house else 36
        nay = (i * 7) % (seats // 2)
        absent, nv = i % 4, (i // 4) % 3
        yea = seats - nay - absent - nv - (1 if house and i % 5 == 0 else 0)  # sometimes VACANT
        roll = sample.Roll(
            "H" if house else "S",
            100 + i,
            2016,  # not 2015: the sample's own vacancy in district 77 stays out of it
            ("HB", 5000 + i),
            date(2016, 3, 2) + timedelta(days=i % 60),
            (yea, nay, absent, nv),
            suffix=SUFFIXES[i % len(SUFFIXES)] if house else "",
            printed_offset=(1, 0, -1) if i % 10 == 9 else (0, 0, 0),
        )
        seats_list = sample.roll_members(roll, members)
        if house and i % 5 == 0:  # district 77 vacant on this roll
            seats_list = [None if m is not None and m.district == 77 else m for m in seats_list]
        out.append(sample.roll_pdf(roll, sample.assign(roll, seats_list), TITLES))
    return out


def billwatch(body: bytes) -> tuple[int, bool]:
    pages, _ = pdf_page_texts(body)
    rc = parse_roll_call_pages(pages)
    totals_problems(rc)
    return len(pages), complete(rc)


def bare_pypdf(body: bytes) -> tuple[int, bool]:
    reader = pypdf.PdfReader(io.BytesIO(body))
    texts = [page.extract_text() or "" for page in reader.pages]
    return len(texts), True


SIDES = {"billwatch": billwatch, "bare pypdf": bare_pypdf}


def measure(bodies: list[bytes], runs: int) -> dict[str, list[float]]:
    """Per side, per file: the best CPU seconds of ``runs`` passes."""
    names = list(SIDES)
    best = {name: [float("inf")] * len(bodies) for name in names}
    for run_no in range(runs):
        for i, body in enumerate(bodies):
            for name in names if (i + run_no) % 2 == 0 else names[::-1]:
                cpu = time.process_time()
                SIDES[name](body)
                best[name][i] = min(best[name][i], time.process_time() - cpu)
    return best


def run(quick: bool) -> Result:
    count, runs = (40, 1) if quick else (300, 3)
    start = time.perf_counter()
    bodies = make_rolls(count)
    generated = time.perf_counter() - start
    for body in bodies[:4]:  # warm-up: imports, caches
        for fn in SIDES.values():
            fn(body)
    pages = sum(billwatch(b)[0] for b in bodies)
    flagged = sum(not billwatch(b)[1] for b in bodies)
    best = measure(bodies, runs)
    ours, ref = sum(best["billwatch"]), sum(best["bare pypdf"])
    texts = [pdf_page_texts(b)[0] for b in bodies]
    parse = float("inf")
    for _ in range(max(runs, 3)):
        cpu = time.process_time()
        for t in texts:
            parse_roll_call_pages(t)
        parse = min(parse, time.process_time() - cpu)
    mb = sum(len(b) for b in bodies) / 1e6
    return Result(
        name="votes",
        title="Roll-call PDF parsing",
        method=(
            f"`bench_votes.py`'s {count} generated roll calls (the sample site's PDF renderer, "
            "2/3 House rolls of 151 seats over 2 pages, 1/3 Senate rolls of 36; one in ten "
            "with totals that disagree with its names); pages → checked records "
            "(`pdf_page_texts` + `parse_roll_call_pages` + the totals check) vs bare pypdf "
            "`extract_text` of the same bytes in memory, CPU time, both on each file back to "
            f"back, best of {runs} per file."
        ),
        figures=[
            Figure(
                "roll-call PDFs to checked records",
                f"{count / ours:.1f} documents/s/core ({pages / ours:.1f} pages/s)",
                f"bare pypdf: {count / ref:.1f} documents/s/core",
                f"{ours / ref:.2f}× the time",
            ),
            Figure(
                "the parse and check alone (text already extracted)",
                f"{parse / count * 1000:.2f} ms a document",
                f"bare pypdf: {ref / count * 1000:.1f} ms a document",
                f"{parse / ref:.3f}×",
            ),
        ],
        details=(
            f"{count} PDFs, {pages} pages, {mb:.2f} MB (generated in {generated:.1f} s); "
            f"{flagged} flagged incomplete (expected {count // 10}); billwatch {ours:.2f} s CPU, "
            f"bare pypdf {ref:.2f} s CPU, parse alone {parse:.3f} s CPU"
        ),
        numbers={
            "documents": count,
            "pages": pages,
            "ours_s": ours,
            "pypdf_s": ref,
            "parse_s": parse,
            "ratio": ours / ref,
        },
    )


def main(argv: list[str] | None = None) -> None:
    main_for(run, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    main()

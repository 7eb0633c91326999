"""Benchmark billwatch's redline diff against ``git diff --no-index --word-diff=porcelain``.

Run with one command (not part of CI; nothing here is asserted)::

    .venv/bin/python benchmarks/bench_diff.py [--runs 7] [--mb 4]

It generates a budget-style bill pair deterministically (seeded): sections with lettered
subsections and numbered subdivisions, statutory prose with CGA ``[deletions]`` and
``{{insertions}}``, dollar amounts, dates and appropriation lines.  The second version
carries about 1.5 % scattered word edits (replacements, insertions and deletions of 1-3
words), inserted and deleted sentences and one moved paragraph.

Timed: ``diff_versions`` (line diff, word diff, summary, HTML redline and unified diff) in
this process, warm, and git's whole process on the same two files, runs interleaved so both
see the same machine load; medians (and minimums) of ``--runs``.  Peak memory is measured
with tracemalloc around one diff.  The machine is shared and noisy: trust the ratios.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cga.redline import diff_versions


def _options(text: str) -> list[str]:
    return text.split("|")


MONTHS = _options(
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
AGENCIES = _options(
    "Education|Public Health|Social Services|Transportation|Correction|Revenue Services|"
    "Energy and Environmental Protection|Economic and Community Development|Agriculture|"
    "Children and Families|Labor|Housing|Emergency Services and Public Protection"
)
SUBJECTS = _options(
    "local or regional board of education|municipality|state agency|operator|contractor|"
    "eligible applicant|licensed health care provider|qualified entity|regional council|"
    "person|nonprofit organization|institution of higher education"
)
VERBS = _options(
    "submit a report|establish a program|adopt regulations|provide written notice|"
    "maintain records|conduct an audit|develop guidelines|issue a grant|"
    "enter into an agreement|publish a list|certify compliance|disclose information"
)
LINE_ITEMS = _options(
    "Personal Services|Other Expenses|Equipment|Grants to Towns|Adult Education|"
    "Magnet Schools|Pupil Transportation|Medicaid|Family Resource Centers|Youth Services|"
    "Child Care Services|Legal Services|Bridge Maintenance|Municipal Aid|Fringe Benefits"
)
FILLER = _options(
    "shall|may|pursuant|to|the|provisions|of|this|section|and|any|such|in|accordance|with|"
    "subsection|section|subdivision|chapter|general|statutes|commissioner|department|not|"
    "later|than|annually|each|fiscal|year|thereafter|including|but|not|limited|to|"
    "reasonable|written|notice|information|data|public|private|on|or|before|for|the|"
    "purposes|of|as|defined|in|under|provided|that|except|as|otherwise"
)


def _date(rng: random.Random) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2014, 2019)}"


def _money(rng: random.Random) -> str:
    return f"${rng.randint(1, 9_999) * 1000:,}"


def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    subj = rng.choice(SUBJECTS)
    if kind < 0.35:
        s = (
            f"The Commissioner of {rng.choice(AGENCIES)} shall, not later than {_date(rng)}, "
            f"{rng.choice(VERBS)} to the joint standing committee of the General Assembly "
            f"having cognizance of matters relating to {rng.choice(AGENCIES).lower()}"
        )
    elif kind < 0.55:
        s = (
            f"Each {subj} shall {rng.choice(VERBS)} in accordance with subsection "
            f"({rng.choice('abcdef')}) of section {rng.randint(1, 32)}-{rng.randint(1, 400)}"
            f"{rng.choice(['', 'a', 'b', 'bb'])} of the general statutes"
        )
    elif kind < 0.7:
        s = (
            f"The sum of {_money(rng)} is appropriated to the Department of "
            f"{rng.choice(AGENCIES)} for the fiscal year ending June 30, {rng.randint(2015, 2019)}"
        )
    elif kind < 0.82:
        s = (
            f"[Any {subj} that fails to {rng.choice(VERBS)} shall be fined not more than "
            f"{_money(rng)}] {{{{Any {subj} that fails to {rng.choice(VERBS)} on or before "
            f"{_date(rng)} shall be subject to a civil penalty of {_money(rng)}}}}}"
        )
    else:
        n = rng.randint(8, 24)
        s = "No " + subj + " " + " ".join(rng.choice(FILLER) for _ in range(n))
    return s + "."


def _paragraph(rng: random.Random, marker: str) -> str:
    body = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
    return f"{marker} {body}" if marker else body


def _line_item(rng: random.Random) -> str:
    """An appropriation line, budget style: item, two fiscal years."""
    return (
        f"{rng.choice(LINE_ITEMS)} {rng.randint(10_000, 99_999_999):,} "
        f"{rng.randint(10_000, 99_999_999):,}"
    )


def make_bill(target_bytes: int, seed: int) -> list[str]:
    """Paragraphs (one per line) of a bill of about ``target_bytes``."""
    rng = random.Random(seed)
    paras = [
        "General Assembly",
        "Governor's Bill No. 6001",
        "February Session, 2016",
        "LCO No. 3001",
        "*03001*",
        "AN ACT CONCERNING THE STATE BUDGET FOR THE BIENNIUM ENDING JUNE 30, 2017.",
        "Be it enacted by the Senate and House of Representatives in General Assembly convened:",
    ]
    size = sum(len(p) + 1 for p in paras)

    def add(paragraph: str) -> None:
        nonlocal size
        paras.append(paragraph)
        size += len(paragraph) + 1

    sec = 0
    while size < target_bytes:
        sec += 1
        effective = _date(rng) if rng.random() < 0.7 else "from passage"
        add(
            f"{'Section' if sec == 1 else 'Sec.'} {sec}. Section {rng.randint(1, 32)}-"
            f"{rng.randint(1, 400)} of the general statutes is repealed and the following is "
            f"substituted in lieu thereof (Effective {effective}):"
        )
        for letter in "abcdefgh"[: rng.randint(1, 8)]:
            add(_paragraph(rng, f"({letter})"))
            if rng.random() < 0.4:
                for num in range(1, rng.randint(2, 6)):
                    add(_paragraph(rng, f"({num})"))
            while rng.random() < 0.3:
                add(_line_item(rng))
    return paras


def _edit_word(rng: random.Random, word: str) -> str:
    if word.startswith("$"):
        return _money(rng)
    if word in MONTHS:
        return rng.choice([m for m in MONTHS if m != word])
    if word.rstrip(".,;:)").isdigit():
        return (
            str(int(word.rstrip(".,;:)")) + rng.randint(1, 9)) + word[len(word.rstrip(".,;:)")) :]
        )
    return rng.choice(FILLER)


def revise(paras: list[str], seed: int, rate: float = 0.015) -> list[str]:
    """Second version: ~rate of words edited in 1-3 word runs, sentences in/out, one move."""
    rng = random.Random(seed)
    out = [p.split(" ") for p in paras]
    body = range(7, len(out))
    total_words = sum(len(w) for w in out)
    edited = 0
    while edited < rate * total_words:
        words = out[rng.choice(body)]
        if len(words) < 4:
            continue
        i = rng.randrange(1, len(words))
        if words[i - 1] in MONTHS or words[i - 1].endswith(","):
            continue  # edit dates whole (below), never split one
        run = min(rng.randint(1, 3), len(words) - i)
        kind = rng.random()
        if kind < 0.6:
            for k in range(i, i + run):
                words[k] = _edit_word(rng, words[k])
        elif kind < 0.8:
            words[i:i] = [rng.choice(FILLER) for _ in range(run)]
        else:
            del words[i : i + run]
        edited += run
    text = [" ".join(w) for w in out]
    n_sent = max(2, len(text) // 400)
    for _ in range(n_sent):  # inserted sentences
        k = rng.choice(body)
        text[k] = text[k] + " " + _sentence(rng)
    for _ in range(n_sent):  # deleted sentences (the last sentence of a long paragraph)
        k = rng.choice(body)
        cut = text[k].rfind(". ", 0, len(text[k]) - 2)
        if cut > 0:
            text[k] = text[k][: cut + 1]
    src = rng.randrange(len(text) // 4, len(text) // 2)  # one moved paragraph
    moved = text.pop(src)
    text.insert(rng.randrange(3 * len(text) // 4, len(text)), moved)
    return text


def to_file_text(paras: list[str], seed: int) -> str:
    rng = random.Random(seed)
    return "".join(p + ("\n\n" if rng.random() < 0.3 else "\n") for p in paras)


def make_pair(target_bytes: int, seed: int = 2016) -> tuple[str, str]:
    paras = make_bill(target_bytes, seed)
    return to_file_text(paras, seed), to_file_text(revise(paras, seed + 1), seed)


def _git_command(tmp: str, old: str, new: str) -> list[str] | None:
    git = shutil.which("git")
    if git is None:
        return None
    a, b = Path(tmp, "old.txt"), Path(tmp, "new.txt")
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    return [git, "diff", "--no-index", "--word-diff=porcelain", str(a), str(b)]


def _git_words(out: bytes) -> int:
    """Words on git's -/+ lines (git may mark whole lines where a word diff finds less)."""
    return sum(
        len(line[1:].split())
        for line in out.decode("utf-8", "replace").splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    )


def time_pair(old: str, new: str, runs: int) -> tuple[list[float], list[float], int]:
    """Ours in-process (warm) and git's whole process, interleaved so both see the same load."""
    diff_versions(old, new)  # warm-up
    ours: list[float] = []
    git: list[float] = []
    changed = -1
    with tempfile.TemporaryDirectory() as tmp:
        cmd = _git_command(tmp, old, new)
        if cmd:
            changed = _git_words(subprocess.run(cmd, capture_output=True, check=False).stdout)
        for _ in range(runs):
            t0 = time.perf_counter()
            diff_versions(old, new)
            ours.append(time.perf_counter() - t0)
            if cmd:
                t0 = time.perf_counter()
                subprocess.run(cmd, capture_output=True, check=False)
                git.append(time.perf_counter() - t0)
    return ours, git or [float("nan")], changed


def peak_memory_mb(old: str, new: str) -> float:
    tracemalloc.start()
    diff_versions(old, new)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per size (at least 5)")
    parser.add_argument("--mb", type=float, default=4.0, help="size of the main pair")
    args = parser.parse_args()
    runs = max(5, args.runs)
    med = statistics.median

    old, new = make_pair(int(args.mb * 1e6))
    mb = len(old.encode()) / 1e6
    d = diff_versions(old, new)
    ours, git, git_words = time_pair(old, new, runs)
    peak = peak_memory_mb(old, new)
    paras = [p for p in old.splitlines() if p]
    touched = len({h.new_para for h in d.hunks})
    print(f"pair: {mb:.2f} MB, {len(old.split()):,} words, {len(paras):,} paragraphs")
    print(
        f"diff: +{d.words_added:,} -{d.words_removed:,} words in {len(d.hunks):,} hunks, "
        f"{touched:,} paragraphs touched (git: {git_words:,} words on its -/+ lines)"
    )
    print(
        f"ours, diff + summary + HTML + unified, in-process, warm: median {med(ours):.3f} s "
        f"(min {min(ours):.3f}) over {runs} runs"
    )
    print(
        f"git diff --no-index --word-diff=porcelain, whole process: median {med(git):.3f} s "
        f"(min {min(git):.3f})"
    )
    print(
        f"ratio ours/git: {med(ours) / med(git):.2f}x median, {min(ours) / min(git):.2f}x min; "
        f"throughput {mb / med(ours):.1f} MB/s"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory during one diff (tracemalloc): {peak:.0f} MB; process max RSS {rss:.0f} MB")

    print("\nscaling (same generator; medians, interleaved with git):")
    print(f"{'size':>8} {'ours s':>8} {'git s':>8} {'ratio':>6} {'ours s/MB':>10}")
    for size in (0.5, 1, 2, 4):
        o, n = make_pair(int(size * 1e6))
        t, g, _ = time_pair(o, n, runs)
        ratio = med(t) / med(g)
        print(f"{size:>6} MB {med(t):>8.3f} {med(g):>8.3f} {ratio:>6.2f} {med(t) / size:>10.3f}")

    small_old, small_new = make_pair(19_000, seed=7017)  # ~10 printed pages
    t, _, _ = time_pair(small_old, small_new, max(runs, 25))
    words = len(small_old.split())
    print(f"\ntypical 10-page bill ({words:,} words): {med(t) * 1000:.2f} ms median")


if __name__ == "__main__":
    main()

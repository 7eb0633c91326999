"""Lineage over a synthetic archive: the whole build, and one new bill against the index.

    .venv/bin/python benchmarks/bench_lineage.py [--sizes 4000 40000] [--quick] [--json PATH]
    .venv/bin/python benchmarks/run_all.py --lineage      # adds it to BENCHMARKS.md

Not part of CI nor of ``run_all.py``'s default run (the 40,000-bill build takes about 20 minutes
on the 2-core VM, the whole run with its archives about 27).

The archive: bills of realistic length (log-normal, median about 1,300 words, a long tail
to 60,000), each made of sections that open with the bills' formulas ("(NEW) (Effective
…)", "Section 10-234bb of the general statutes is repealed and the following is substituted
in lieu thereof …"), amend statute sections drawn Zipf-like from 6,000, and are written
from a Zipf vocabulary of 20,000 words — so only text that was really copied is shared.
One bill in ten re-introduces an earlier one with a few edits, one in twenty is a companion
of one of the same session, one in fifty amends the public act an earlier one became, and
every bill carries a few standard definitions that thousands share.

For each size, in a fresh process (so its peak memory is its own): the archive is stored
(one version per bill, as the crawler would), then lineage runs bill after bill, each in
its own transaction, exactly as ``billwatch update`` runs it (``update_lineage``): that is
the whole build.  Then 20 new bills (re-introductions of random bills) are compared against
the finished index, one transaction each: "one new bill".  The reference beside each is
measured in the same process: reading and cleaning every text (``normalize_for_diff``, the
floor any text comparison pays), and one redline of the new bill against its source.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, Figure, Result, main_for, ratio

SIZES = (4_000, 40_000)
QUICK_SIZES = (400,)
NEW_BILLS = 20


# ------------------------------------------------------------------------ the archive


class Archive:
    def __init__(self, seed: int = 18):
        self.rng = random.Random(seed)
        syllables = ["ta", "ren", "mo", "li", "sa", "ven", "dor", "ka", "pel", "ni", "ro", "ste"]
        words: set[str] = set()
        while len(words) < 20_000:
            words.add("".join(self.rng.choices(syllables, k=self.rng.randint(1, 4))))
        self.words = sorted(words)
        self.weights = [1 / (rank + 1) for rank in range(len(self.words))]
        self.cum = []
        total = 0.0
        for w in self.weights:
            total += w
            self.cum.append(total)
        # 20,000 statute sections (54 titles), amended Zipf-like: a few very often.
        self.sections = [f"{t}-{n}" for t in range(1, 55) for n in range(1, 371)][:20_000]
        self.section_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(self.sections))]
        self.standard = [self.sentence(24) for _ in range(12)]  # definitions many bills share

    def sentence(self, n: int) -> str:
        picked = self.rng.choices(self.words, cum_weights=self.cum, k=n)
        picked[0] = picked[0].capitalize()
        return " ".join(picked) + "."

    def paragraph(self) -> str:
        return " ".join(
            self.sentence(self.rng.randint(12, 30)) for _ in range(self.rng.randint(2, 5))
        )

    def body(self, words: int, act: str | None) -> str:
        out, n, sec = [], 0, 1
        while n < words:
            head = "Section 1." if sec == 1 else f"Sec. {sec}."
            kind = self.rng.random()
            if act and sec == 1:
                clause = (
                    f"{head} Section {self.rng.randint(1, 6)} of public act {act} is repealed "
                    "and the following is substituted in lieu thereof (Effective July 1, 2019):"
                )
            elif kind < 0.55:
                section = self.rng.choices(self.sections, weights=self.section_weights)[0]
                clause = (
                    f"{head} Section {section} of the general statutes is repealed and the "
                    "following is substituted in lieu thereof (Effective October 1, 2019):"
                )
            else:
                clause = f"{head} (NEW) (Effective October 1, 2019) As used in this section:"
            out.append(clause)
            if self.rng.random() < 0.3:
                out.append(self.rng.choice(self.standard))
            for _ in range(self.rng.randint(1, 6)):
                p = self.paragraph()
                out.append(p)
                n += len(p.split())
            sec += 1
        return "\n".join(out)

    def edited(self, text: str, rate: float = 0.04) -> str:
        words = text.split(" ")
        for _ in range(max(1, int(len(words) * rate))):
            i = self.rng.randrange(len(words))
            words[i] = self.rng.choice(self.words)
        return " ".join(words)

    def length(self) -> int:
        return int(min(60_000, max(60, self.rng.lognormvariate(7.2, 1.0))))


FRONT = (
    "General Assembly\nRaised Bill No. {n}\nJanuary Session, {y}\nLCO No. {n}\n"
    "AN ACT CONCERNING {title}.\n"
    "Be it enacted by the Senate and House of Representatives in General Assembly convened:\n"
)


def build_archive(db, count: int, archive: Archive) -> list[tuple[str, str]]:
    """Store ``count`` bills (one text each); returns (bill id, text) in the order stored."""
    rng = archive.rng
    bills: list[tuple[str, str]] = []
    acts: list[tuple[str, str]] = []  # (act, bill id)
    enacted: dict[str, int] = {}  # acts per year
    per_session = max(1, count // 10)
    rows, versions = [], []
    for i in range(count):
        session = 2010 + min(9, i // per_session)
        number = 5001 + i if i % 3 else 1 + i
        kind = "HB" if number >= 5001 else "SB"
        bill_id = f"{session}-{kind}-{number}"
        roll = rng.random()
        act = None
        if roll < 0.10 and bills:  # re-introduction of an earlier bill
            text = archive.edited(rng.choice(bills)[1])
        elif roll < 0.15 and bills and bills[-1][0].startswith(str(session)):  # companion
            text = archive.edited(bills[-1][1], 0.01)
        else:
            if roll < 0.17 and acts:
                act = rng.choice(acts)[0]
            text = FRONT.format(n=number, y=session, title=archive.sentence(6).upper()) + (
                archive.body(archive.length(), act)
            )
        public_act = None
        if rng.random() < 0.08:
            year = f"{session % 100:02d}"
            enacted[year] = enacted.get(year, 0) + 1
            public_act = f"{year}-{enacted[year]}"
            acts.append((public_act, bill_id))
        bills.append((bill_id, text))
        rows.append(
            {
                "id": bill_id,
                "session": session,
                "chamber": "house" if kind == "HB" else "senate",
                "type": kind,
                "number": number,
                "title": "SYNTHETIC",
                "public_act": public_act,
                "status_url": "https://www.cga.ct.gov/x",
                "source_url": "https://www.cga.ct.gov/x",
                "fetched_at": "2026-01-01T00:00:00Z",
                "first_seen_at": f"2026-01-01T00:00:{i % 60:02d}Z",
            }
        )
        versions.append(_version(bill_id, text))
    db["bills"].insert_all(rows, batch_size=2000)
    db["versions"].insert_all(versions, batch_size=500)
    db.conn.commit()
    return bills


def _version(bill_id: str, text: str) -> dict:
    import hashlib

    sha = hashlib.sha256(text.encode()).hexdigest()
    return {
        "id": f"{bill_id}:v1",
        "bill_id": bill_id,
        "seq": 1,
        "label": "Raised Bill",
        "kind": "text",
        "url": f"https://www.cga.ct.gov/{bill_id}.htm",
        "format": "htm",
        "text": text,
        "sha256": sha,
        "body_sha256": sha,
        "source_url": f"https://www.cga.ct.gov/{bill_id}.htm",
        "fetched_at": "2026-01-01T00:00:00Z",
    }


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Resident memory now (Linux): what one new bill adds is the difference."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 1e6


# ------------------------------------------------------------------------ one size


def one_size(count: int) -> dict:
    from cga.redline import diff_versions, normalize_for_diff
    from pipelines.lineage import update_lineage
    from pipelines.schema import open_db

    archive = Archive()
    with tempfile.TemporaryDirectory(prefix="bench-lineage-") as tmp:
        db = open_db(Path(tmp) / "l.db")
        db.execute("PRAGMA foreign_keys=OFF")  # the synthetic bills have no documents
        # Each bill's transaction is the crawler's anyway: its fsync is the store's cost,
        # not lineage's (and this VM's disk makes it 0.1-0.5 s).
        db.execute("PRAGMA synchronous=NORMAL")
        # The full-text index of versions is not lineage's: its triggers would only slow the
        # setup (storing 100M words).
        for (trigger,) in db.execute(
            "select name from sqlite_master where type = 'trigger' and tbl_name = 'versions' "
            "and name like 'versions_a%'"
        ).fetchall():
            db.execute(f"DROP TRIGGER {trigger}")
        start = time.perf_counter()
        bills = build_archive(db, count, archive)
        stored_s = time.perf_counter() - start
        words = sum(len(t.split()) for _, t in bills)
        mem_stored = peak_mb()

        # Reference: read and clean every text once (the floor of any comparison).
        start = time.process_time()
        for (text,) in db.execute("select text from versions"):
            normalize_for_diff(text)
        clean_s = time.process_time() - start

        start, cpu = time.perf_counter(), time.process_time()
        for bill_id, _ in bills:
            with db.atomic():
                update_lineage(db, bill_id, "2026-01-02T00:00:00Z")
        build_s, build_cpu = time.perf_counter() - start, time.process_time() - cpu
        mem_build = peak_mb()
        links = db.execute("select count(*) from related_bills").fetchone()[0]
        keys = db.execute("select count(*) from lineage_bands").fetchone()[0]

        new_times: list[float] = []
        new_cpu: list[float] = []
        new_rss: list[float] = []
        redline_times: list[float] = []
        found = 0
        for k in range(NEW_BILLS):
            source_id, source = archive.rng.choice(bills)
            bill_id = f"2020-HB-{9000 + k}"
            text = archive.edited(source)
            db["bills"].insert(
                {
                    "id": bill_id,
                    "session": 2020,
                    "chamber": "house",
                    "type": "HB",
                    "number": 9000 + k,
                    "status_url": "https://www.cga.ct.gov/x",
                    "source_url": "https://www.cga.ct.gov/x",
                    "fetched_at": "2026-01-01T00:00:00Z",
                    "first_seen_at": "2026-01-03T00:00:00Z",
                }
            )
            db["versions"].insert(_version(bill_id, text))
            db.conn.commit()
            rss, start, cpu = rss_mb(), time.perf_counter(), time.process_time()
            with db.atomic():
                update_lineage(db, bill_id, "2026-01-03T00:00:00Z")
            new_times.append(time.perf_counter() - start)
            new_rss.append(rss_mb() - rss)
            new_cpu.append(time.process_time() - cpu)
            start = time.process_time()
            diff_versions(source, text)
            redline_times.append(time.process_time() - start)
            found += bool(
                db.execute(
                    "select 1 from related_bills where bill_id = ? and related_id = ?",
                    [bill_id, source_id],
                ).fetchone()
            )
        size_mb = (Path(tmp) / "l.db").stat().st_size / 1e6
        db.close()
    return {
        "bills": count,
        "words": words,
        "stored_s": stored_s,
        "clean_s": clean_s,
        "build_s": build_s,
        "build_cpu_s": build_cpu,
        "peak_mb_stored": mem_stored,
        "peak_mb_build": mem_build,
        "links": links,
        "band_keys": keys,
        "new_p50_s": statistics.median(new_times),
        "new_cpu_p50_s": statistics.median(new_cpu),
        "new_max_s": max(new_times),
        "redline_p50_s": statistics.median(redline_times),
        "new_found_source": found,
        "new_bills": NEW_BILLS,
        "peak_mb_end": peak_mb(),
        "new_rss_max_mb": max(new_rss),
        "db_mb": size_mb,
    }


# ------------------------------------------------------------------------ the result


def run(quick: bool, sizes: tuple[int, ...] | None = None) -> Result:
    sizes = sizes or (QUICK_SIZES if quick else SIZES)
    started = time.perf_counter()
    measured = []
    for count in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(count)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        measured.append(json.loads(out.strip().splitlines()[-1]))
    figures = []
    for m in measured:
        n = f"{m['bills']:,} bills"
        figures.append(
            Figure(
                f"whole build, {n} ({m['words'] / 1e6:.0f}M words)",
                f"{m['build_cpu_s']:.0f} s CPU ({m['build_s']:.0f} s wall), "
                f"{m['bills'] / m['build_cpu_s']:.0f} bills/s/core; "
                f"peak {m['peak_mb_build']:,.0f} MB",
                f"reading + cleaning every text: {m['clean_s']:.0f} s CPU",
                ratio(m["build_cpu_s"], m["clean_s"]),
                "fits in 24 GiB",
                m["peak_mb_build"] < 24 * 1024,
            )
        )
        figures.append(
            Figure(
                f"one new bill against the index of {n}",
                f"{m['new_cpu_p50_s'] * 1000:.0f} ms CPU median "
                f"({m['new_p50_s'] * 1000:.0f} ms wall, max {m['new_max_s'] * 1000:.0f} ms); "
                f"its source found {m['new_found_source']}/{m['new_bills']}; memory: at most "
                f"+{m['new_rss_max_mb']:.1f} MB resident a bill, peak "
                f"{m['peak_mb_end']:,.0f} MB",
                f"one redline of it against its source: {m['redline_p50_s'] * 1000:.1f} ms CPU",
                ratio(m["new_cpu_p50_s"], m["redline_p50_s"]),
            )
        )
    details = "\n".join(
        f"{m['bills']:>7,} bills: {m['words'] / 1e6:6.1f}M words stored in {m['stored_s']:.0f} s; "
        f"{m['band_keys']:,} band keys, {m['links']:,} link rows; database {m['db_mb']:,.0f} MB; "
        f"peak RSS {m['peak_mb_stored']:,.0f} MB after storing, {m['peak_mb_build']:,.0f} MB "
        f"after the build, {m['peak_mb_end']:,.0f} MB after the {m['new_bills']} new bills"
        for m in measured
    )
    return Result(
        name="lineage",
        title="Lineage over a synthetic archive",
        method=(
            "`bench_lineage.py` (behind `run_all.py --lineage`, not in the default run nor in "
            "CI): a synthetic archive of bills of realistic length (log-normal, median ~1,300 "
            "words, tail to 60,000; formulas, amended statute sections, a Zipf vocabulary; "
            "one in ten a re-introduction, one in twenty a companion, one in fifty amending "
            "an earlier act), stored, then `update_lineage` bill after bill, one transaction "
            "each (the whole build), then 20 new re-introductions compared against the "
            "finished index (one new bill). Each size in its own process; peak memory is "
            "its peak RSS."
        ),
        figures=figures,
        details=details,
        numbers={"sizes": measured},
        seconds=time.perf_counter() - started,
    )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(one_size(int(sys.argv[2]))))
        return
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--sizes", type=int, nargs="+")
    known, rest = parser.parse_known_args()
    sizes = tuple(known.sizes) if known.sizes else None
    main_for(lambda quick: run(quick, sizes), "lineage", rest)


if __name__ == "__main__":
    main()

"""Sponsors for billwatch's scorecard demo, on the offline copy of cga.ct.gov (SAMPLE DATA).

Called by build.py (``build_scorecards.add(bills)``, before the status pages are written): the
invented bill 2015 HB 5210 (school bus stop-arm cameras) gains an introducer and two
co-sponsors who are members of the sample roster (build_votes.py: invented people), so a
scorecard's ``sponsored`` and ``cosponsored`` columns have something to count.  The positions
the demo scores are in data/sample-watchlist.yml, not in this tree: a group's positions are not
the legislature's data.
"""

from __future__ import annotations

# (year, type, number) -> introducers and co-sponsors added, as the status page prints them
# with their dist_code (all invented members of the sample roster).
SPONSORS = {
    (2015, "HB", 5210): {
        "introducers": [("Rep. Indra Quillstead, 143rd Dist.", "'143'")],
        "cosponsors": [
            ("Rep. Carla Marrowby, 12th Dist.", "'012'"),
            ("Sen. Elise Marrowby, 5th Dist.", "'S05'"),
        ],
    },
}


def add(bills) -> None:
    """Add the sponsors above to the bills of ``bills`` (build.py's ``Bill`` objects)."""
    for bill in bills:
        extra = SPONSORS.get((bill.year, bill.type, bill.number))
        if not extra:
            continue
        for name in ("introducers", "cosponsors"):
            have = getattr(bill, name)
            have += [s for s in extra[name] if s not in have]

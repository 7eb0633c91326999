"""Every closed vocabulary billwatch stores: the database's public contract.

Each tuple is the complete list of values a column may hold; metadata.yml and the README
document them and ``tests/test_metadata.py`` checks they agree.  The rules that produce
these values live beside them in the core: stages and outcomes in ``cga.actions``,
document kinds in ``cga.documents``, testimony positions in ``cga.testimony``.
"""

from __future__ import annotations

# bills.stage: the furthest stage reached, in order (docs/cga-site.md, "Bill History").
STAGES = (
    "introduced",
    "in_committee",
    "reported",
    "calendar",
    "passed_first",
    "passed_both",
    "public_act",
    "to_governor",
    "enacted",
)
STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGES)}

# bills.outcome
OUTCOMES = ("pending", "enacted", "vetoed", "dead")

# documents.kind: what a link in a status page's document tables is.
DOCUMENT_KINDS = (
    "text",
    "file_copy",
    "amendment",
    "public_act",
    "fiscal_note",
    "bill_analysis",
    "committee_report",
    "vote_tally",
    "roll_call",
    "summary",
    "other",
)
# versions.kind: the document kinds whose documents are texts of the bill, fetched and
# stored as versions.
VERSION_KINDS = ("text", "file_copy", "amendment", "public_act")
# The bill's own texts in legislative order (raised → substitutes → file copies → public
# act); amendments are proposals to change a text and stand apart from the chain.
CHAIN_KINDS = ("text", "file_copy", "public_act")

# changes.kind: what the change log records.
CHANGE_KINDS = (
    "bill",
    "action",
    "stage",
    "outcome",
    "version",
    "document",
    "testimony",
    "vote",
    "hearing",  # a public hearing scheduled (committee calendars)
    "related",  # lineage found an earlier or later bill (RELATIONS below)
)

# related_bills.relation: how two bills are linked (each link is stored in both directions;
# amends_act and amended_by are each other's reverse, the others their own).
RELATIONS = ("amends_act", "amended_by", "same_sections", "similar_text", "companion")

# statute_refs.action (the rules: cga.statutes).
STATUTE_ACTIONS = ("amends", "repeals", "adds", "cites")

# meetings.status, meetings.kind (docs/cga-site.md, "Committee calendars"): a meeting is a
# public hearing when its title says so; a "CANCELLED:" title is a cancellation.
MEETING_STATUSES = ("scheduled", "cancelled")
MEETING_KINDS = ("hearing", "meeting")
# meeting_history.event, and what a hearing change says happened: first seen (scheduled),
# a new time or place (moved), cancelled, or scheduled again after a cancellation (restored).
HEARING_EVENTS = ("scheduled", "moved", "cancelled", "restored")
# hearings.source / hearings.sources: where billwatch learnt of a hearing.
HEARING_SOURCES = ("action", "testimony", "meeting")

# testimony.position (null when the file name states none).
POSITIONS = ("support", "oppose", "neutral")

# positions.position: a group's position on a bill (a watchlist topic's ``positions:``); a
# scorecard counts a yea on a supported bill, or a nay on an opposed one, as a vote with it.
GROUP_POSITIONS = ("support", "oppose")
# positions.votes null: the roll calls that count are chosen by ``cga.scorecards``' rule
# (default); a list: the topic's ``count_votes:`` names them (watchlist).
COUNTED_BY = ("default", "watchlist")

# vote_records.vote: how a member is recorded on a roll call (docs/cga-site.md, "Roll calls":
# Y yea, N nay, A absent, X not voting).
VOTE_VALUES = ("yea", "nay", "absent", "not_voting")
VOTE_LETTERS = {"Y": "yea", "N": "nay", "A": "absent", "X": "not_voting"}

# legislators.chamber, votes.chamber
CHAMBERS = ("house", "senate")

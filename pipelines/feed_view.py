"""The feed query, written once: the ``feed_entries`` view every feed selects from.

One row per change-log row, joined to what it points at: its bill, the redline of a new
text, the testimony, the action (status-page wording when known), the document, the roll
call, the meeting of a hearing (its time and place as of that change, the one before a move,
the agenda, the bills it cites, what it says of testimony).  The
contract columns (documented in metadata.yml, ``feed_entries``) come first, then the ones
an entry is written from: when it happened at the legislature, where it sits on the bill
page, and the words of the rows it points to.  Each feed (the ``feed_*`` canned queries in
metadata.yml) picks its changes newest first by index, at most its limit, then joins them
here by ``change_rowid``: the view never scans, whatever the size of the change log.

A document link whose text was stored as a version is left out: the version's row is that
text's one entry (with its redline).

To change the view, add a migration that re-creates it from ``FEED_ENTRIES`` (views hold
no data, so a fresh database that runs both migrations gets the same result).
"""

from __future__ import annotations

from cga.urls import testimony_form_url
from cga.vocab import OUTCOMES, STAGES

VIEW = "feed_entries"

# The columns every feed query returns, in order (metadata.yml documents each one).
CONTRACT_COLUMNS = (
    "change_id",
    "bill_id",
    "kind",
    "detected_at",
    "summary",
    "url",
    "baseline",
    "bill_title",
    "diff_summary",
    "from_label",
    "to_label",
    "words_added",
    "words_removed",
    "redline_html",
    "submitter",
    "organization",
    "position",
)
ENTRY_COLUMNS = (
    "change_rowid",
    "event_date",
    "anchor",
    "reached",
    "action_text",
    "action_code",
    "action_committee",
    "action_source",
    "action_chamber",
    "version_label",
    "version_kind",
    "document_label",
    "document_kind",
    "submitters",
    "status_url",
    "meeting_id",
    "hearing_event",
    "hearing_status",
    "hearing_start",
    "hearing_location",
    "hearing_previous_start",
    "hearing_previous_location",
    "hearing_committee",
    "hearing_committee_name",
    "hearing_title",
    "hearing_agenda_url",
    "hearing_bills",
    "testimony_deadline",
    "testimony_deadline_text",
    "testimony_email",
    "testimony_form_url",
)
COLUMNS = CONTRACT_COLUMNS + ENTRY_COLUMNS


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


# The legislature's testimony form of a committee, less its code (cga.urls).
_FORM = testimony_form_url("")
# What follows "KIND|BILL|" in a change's natural key (a stage, an outcome, an action key).
_KEY_TAIL = "substr(c.key, length(c.kind) + length(c.bill_id) + 3)"

FEED_ENTRIES = f"""
CREATE VIEW {VIEW} AS
SELECT
    c.id AS change_id,
    c.bill_id,
    c.kind,
    c.detected_at,
    c.summary,
    c.url,
    c.baseline,
    b.title AS bill_title,
    d.summary AS diff_summary,
    d.from_label,
    d.to_label,
    d.words_added,
    d.words_removed,
    d.redline_html,
    t.submitter,
    t.organization,
    t.position,
    c.rowid AS change_rowid,
    coalesce(c.event_date, a.date, t.hearing_date, vt.date, mh.date) AS event_date,
    CASE c.kind
        WHEN 'version' THEN coalesce('v' || v.seq, 'versions')
        WHEN 'action' THEN coalesce('action-' || a.seq, 'history')
        WHEN 'stage' THEN CASE WHEN {_KEY_TAIL} IN ({_listed(STAGES)})
            THEN 'stage-' || {_KEY_TAIL} ELSE 'progress' END
        WHEN 'outcome' THEN CASE WHEN b.outcome IN ('enacted', 'vetoed', 'dead')
            THEN 'outcome' ELSE 'progress' END
        WHEN 'testimony' THEN coalesce('testimony-' || t.id, 'testimony')
        WHEN 'document' THEN coalesce('doc-' || doc.id, 'documents')
        WHEN 'vote' THEN coalesce('vote-' || vt.id, 'votes')
        WHEN 'hearing' THEN coalesce('hearing-' || mh.meeting_id || '-' || mh.seq, 'hearings')
        WHEN 'related' THEN coalesce('related-' || c.ref, 'related')
        ELSE 'overview'
    END AS anchor,
    CASE WHEN c.kind = 'stage' AND {_KEY_TAIL} IN ({_listed(STAGES)}) THEN {_KEY_TAIL}
         WHEN c.kind = 'outcome' AND {_KEY_TAIL} IN ({_listed(OUTCOMES)}) THEN {_KEY_TAIL}
    END AS reached,
    a.text AS action_text,
    a.code AS action_code,
    CASE WHEN a.source = 'bulk' THEN (
        SELECT cm.name FROM committees AS cm WHERE cm.code = a.code
    ) END AS action_committee,
    a.source AS action_source,
    coalesce(a.chamber, CASE WHEN c.kind = 'stage' AND {_KEY_TAIL} = 'passed_first' THEN (
        SELECT p.chamber FROM actions AS p
        WHERE p.bill_id = c.bill_id AND p.stage = 'passed_first' ORDER BY p.seq LIMIT 1
    ) END) AS action_chamber,
    v.label AS version_label,
    v.kind AS version_kind,
    doc.label AS document_label,
    doc.kind AS document_kind,
    CASE WHEN c.kind = 'testimony' THEN (
        SELECT json_group_array(json_array(one.submitter, one.organization, one.position))
        FROM change_items AS ci JOIN testimony AS one ON one.id = ci.item_id
        WHERE ci.change_id = c.id
    ) END AS submitters,
    b.status_url,
    mh.meeting_id,
    CASE WHEN c.kind = 'hearing' AND instr({_KEY_TAIL}, '|') > 0
        THEN substr({_KEY_TAIL}, 1, instr({_KEY_TAIL}, '|') - 1) END AS hearing_event,
    mh.status AS hearing_status,
    mh.start AS hearing_start,
    mh.location AS hearing_location,
    mp.start AS hearing_previous_start,
    mp.location AS hearing_previous_location,
    m.committee AS hearing_committee,
    (SELECT hc.name FROM committees AS hc WHERE hc.code = m.committee) AS hearing_committee_name,
    m.title AS hearing_title,
    m.agenda_url AS hearing_agenda_url,
    CASE WHEN c.kind = 'hearing' THEN (
        SELECT json_group_array(mb.cited) FROM meeting_bills AS mb WHERE mb.meeting_id = m.id
    ) END AS hearing_bills,
    m.testimony_deadline,
    m.testimony_deadline_text,
    coalesce(m.testimony_email, (
        SELECT other.testimony_email FROM meetings AS other
        WHERE c.kind = 'hearing' AND other.committee = m.committee
            AND other.testimony_email IS NOT NULL
        ORDER BY other.date DESC LIMIT 1)) AS testimony_email,
    CASE WHEN c.kind = 'hearing' AND m.committee IS NOT NULL
        THEN '{_FORM}' || lower(m.committee) END AS testimony_form_url
FROM changes AS c
JOIN bills AS b ON b.id = c.bill_id
LEFT JOIN diffs AS d ON c.kind = 'version' AND d.id = (
    SELECT id FROM diffs WHERE to_version = c.ref LIMIT 1)
LEFT JOIN testimony AS t ON c.kind = 'testimony' AND t.id = c.ref
LEFT JOIN versions AS v ON c.kind = 'version' AND v.id = c.ref
LEFT JOIN documents AS doc ON c.kind = 'document' AND doc.id = c.ref
LEFT JOIN votes AS vt ON c.kind = 'vote' AND vt.id = c.ref
LEFT JOIN meeting_history AS mh ON c.kind = 'hearing' AND mh.id = c.ref
LEFT JOIN meetings AS m ON c.kind = 'hearing' AND m.id = mh.meeting_id
LEFT JOIN meeting_history AS mp ON c.kind = 'hearing' AND mp.meeting_id = mh.meeting_id
    AND mp.seq = mh.seq - 1
LEFT JOIN actions AS a ON c.kind IN ('action', 'stage', 'outcome') AND a.bill_id = c.bill_id
    AND a.key = coalesce(c.ref, CASE WHEN c.kind = 'action' THEN {_KEY_TAIL} END)
WHERE NOT (c.kind = 'document' AND EXISTS (
    SELECT 1 FROM versions AS text_of WHERE text_of.document_id = c.ref))
"""

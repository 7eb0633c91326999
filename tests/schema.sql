CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE TABLE sessions (
            session INTEGER PRIMARY KEY,
            in_bulk INTEGER NOT NULL DEFAULT 0,
            baseline_done_at TEXT,
            last_crawl_at TEXT
        );
CREATE TABLE committees (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        );
CREATE TABLE bills (
            id TEXT PRIMARY KEY,
            session INTEGER NOT NULL,
            chamber TEXT NOT NULL,
            type TEXT NOT NULL,
            number INTEGER NOT NULL,
            label TEXT,
            title TEXT,
            statement_of_purpose TEXT,
            committee TEXT,
            introducers TEXT,
            cosponsors TEXT,
            stage TEXT NOT NULL DEFAULT 'introduced',
            outcome TEXT NOT NULL DEFAULT 'pending',
            public_act TEXT,
            file_numbers TEXT,
            last_action_date TEXT,
            last_action TEXT,
            status_url TEXT NOT NULL,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            sha256 TEXT,
            first_seen_at TEXT NOT NULL,
            deep_crawled_at TEXT
        , bulk_sha TEXT, crawled_bulk_sha TEXT, first_text_at TEXT);
CREATE INDEX bills_session ON bills(session, type, number);
CREATE INDEX bills_stage ON bills(stage);
CREATE TABLE subjects (
            bill_id TEXT NOT NULL REFERENCES bills(id),
            subject TEXT NOT NULL,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            PRIMARY KEY (bill_id, subject)
        );
CREATE TABLE bill_topics (
            bill_id TEXT NOT NULL REFERENCES bills(id),
            topic TEXT NOT NULL,
            matched TEXT NOT NULL,
            PRIMARY KEY (bill_id, topic)
        );
CREATE TABLE actions (
            bill_id TEXT NOT NULL REFERENCES bills(id),
            seq INTEGER NOT NULL,
            date TEXT NOT NULL,
            code TEXT,
            text TEXT NOT NULL,
            stage TEXT,
            event TEXT NOT NULL,
            chamber TEXT,
            key TEXT NOT NULL,
            source TEXT NOT NULL,
            bulk_text TEXT,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            PRIMARY KEY (bill_id, seq)
        );
CREATE UNIQUE INDEX actions_key ON actions(bill_id, key);
CREATE INDEX actions_date ON actions(date);
CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            bill_id TEXT NOT NULL REFERENCES bills(id),
            kind TEXT NOT NULL,
            label TEXT NOT NULL,
            url TEXT NOT NULL,
            alt_urls TEXT,
            block TEXT,
            revision TEXT,
            file_number INTEGER,
            public_act TEXT,
            lco_number INTEGER,
            source_url TEXT NOT NULL,
            first_seen_at TEXT NOT NULL
        );
CREATE INDEX documents_bill ON documents(bill_id, kind);
CREATE TABLE versions (
            id TEXT PRIMARY KEY,
            bill_id TEXT NOT NULL REFERENCES bills(id),
            seq INTEGER NOT NULL,
            label TEXT NOT NULL,
            kind TEXT NOT NULL,
            url TEXT NOT NULL,
            document_id TEXT REFERENCES documents(id),
            revision TEXT,
            file_number INTEGER,
            format TEXT NOT NULL,
            pages INTEGER,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            body_sha256 TEXT NOT NULL,
            warnings TEXT,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            UNIQUE (bill_id, seq)
        );
CREATE INDEX versions_bill ON versions(bill_id, url, sha256);
CREATE TABLE changes (
            id TEXT PRIMARY KEY,
            bill_id TEXT REFERENCES bills(id),
            session INTEGER,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            detected_at TEXT NOT NULL,
            summary TEXT NOT NULL,
            url TEXT,
            baseline INTEGER NOT NULL DEFAULT 0,
            ref TEXT
        , event_date TEXT);
CREATE INDEX changes_bill ON changes(bill_id, detected_at);
CREATE INDEX changes_detected ON changes(detected_at, baseline);
CREATE TABLE not_found (
            bill_id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            last_checked_at TEXT NOT NULL
        );
CREATE TABLE errors (
            url TEXT PRIMARY KEY,
            bill_id TEXT,
            error TEXT NOT NULL,
            at TEXT NOT NULL,
            first_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 1,
            next_retry_at TEXT,
            resolved_at TEXT
        , refused INTEGER NOT NULL DEFAULT 0);
CREATE TABLE http_cache (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            sha256 TEXT,
            bytes INTEGER,
            fetched_at TEXT NOT NULL
        );
CREATE TABLE crawls (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            session INTEGER,
            base_url TEXT NOT NULL,
            finish_reason TEXT,
            requests INTEGER,
            bytes INTEGER,
            not_modified INTEGER,
            errors_new INTEGER
        , sessions TEXT);
CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes
        BEGIN SELECT RAISE(ABORT, 'changes rows are never edited'); END;
CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
        BEGIN SELECT RAISE(ABORT, 'versions are never overwritten'); END;
CREATE VIRTUAL TABLE "bills_fts" USING FTS5 (
    "title", "statement_of_purpose",
    tokenize='porter',
    content="bills"
);
CREATE TABLE 'bills_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'bills_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'bills_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'bills_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER "bills_ai" AFTER INSERT ON "bills" BEGIN
  INSERT INTO "bills_fts" (rowid, "title", "statement_of_purpose") VALUES (new.rowid, new."title", new."statement_of_purpose");
END;
CREATE TRIGGER "bills_ad" AFTER DELETE ON "bills" BEGIN
  INSERT INTO "bills_fts" ("bills_fts", rowid, "title", "statement_of_purpose") VALUES('delete', old.rowid, old."title", old."statement_of_purpose");
END;
CREATE VIRTUAL TABLE "versions_fts" USING FTS5 (
    "label", "text",
    tokenize='porter',
    content="versions"
);
CREATE TABLE 'versions_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'versions_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'versions_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'versions_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER "versions_ai" AFTER INSERT ON "versions" BEGIN
  INSERT INTO "versions_fts" (rowid, "label", "text") VALUES (new.rowid, new."label", new."text");
END;
CREATE TRIGGER "versions_ad" AFTER DELETE ON "versions" BEGIN
  INSERT INTO "versions_fts" ("versions_fts", rowid, "label", "text") VALUES('delete', old.rowid, old."label", old."text");
END;
CREATE TABLE testimony (
            id TEXT PRIMARY KEY,
            bill_id TEXT NOT NULL REFERENCES bills(id),
            committee TEXT,
            hearing_date TEXT,
            submitter TEXT,
            title TEXT,
            organization TEXT,
            position TEXT CHECK (position IN ('support', 'oppose', 'neutral')),
            position_raw TEXT,
            file_name TEXT NOT NULL,
            url TEXT NOT NULL,
            text TEXT,
            pages INTEGER,
            scanned INTEGER NOT NULL DEFAULT 0,
            sha256 TEXT,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        );
CREATE INDEX testimony_bill ON testimony(bill_id, position);
CREATE INDEX testimony_url ON testimony(url);
CREATE TABLE hearings (
            bill_id TEXT NOT NULL REFERENCES bills(id),
            committee TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL,
            source TEXT NOT NULL, meeting_id TEXT REFERENCES meetings(id), start TEXT, location TEXT, sources TEXT,
            PRIMARY KEY (bill_id, committee, date)
        );
CREATE INDEX hearings_date ON hearings(date);
CREATE VIEW testimony_positions AS
            SELECT bill_id,
                   sum(position = 'support') AS support,
                   sum(position = 'oppose') AS oppose,
                   sum(position = 'neutral') AS neutral,
                   sum(position IS NULL) AS unknown,
                   count(*) AS total
            FROM testimony GROUP BY bill_id;
CREATE VIRTUAL TABLE "testimony_fts" USING FTS5 (
    "submitter", "organization", "text",
    tokenize='porter',
    content="testimony"
);
CREATE TABLE 'testimony_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'testimony_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE 'testimony_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'testimony_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TRIGGER "testimony_ai" AFTER INSERT ON "testimony" BEGIN
  INSERT INTO "testimony_fts" (rowid, "submitter", "organization", "text") VALUES (new.rowid, new."submitter", new."organization", new."text");
END;
CREATE TRIGGER "testimony_ad" AFTER DELETE ON "testimony" BEGIN
  INSERT INTO "testimony_fts" ("testimony_fts", rowid, "submitter", "organization", "text") VALUES('delete', old.rowid, old."submitter", old."organization", old."text");
END;
CREATE INDEX bill_topics_topic ON bill_topics(topic, bill_id);
CREATE INDEX changes_kind ON changes(kind, detected_at);
CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
        BEGIN SELECT RAISE(ABORT, 'changes rows are never deleted'); END;
CREATE TABLE collections (
            bill_id TEXT NOT NULL REFERENCES bills(id),
            kind TEXT NOT NULL,
            first_at TEXT NOT NULL,
            PRIMARY KEY (bill_id, kind)
        );
CREATE TABLE change_items (
            change_id TEXT NOT NULL REFERENCES changes(id),
            item_id TEXT NOT NULL,
            PRIMARY KEY (change_id, item_id)
        );
CREATE TRIGGER change_items_no_update BEFORE UPDATE ON change_items
        BEGIN SELECT RAISE(ABORT, 'change_items rows are never edited'); END;
CREATE TRIGGER change_items_no_delete BEFORE DELETE ON change_items
        BEGIN SELECT RAISE(ABORT, 'change_items rows are never deleted'); END;
CREATE INDEX versions_document ON versions(document_id);
CREATE TABLE legislators (
            id TEXT NOT NULL,
            session INTEGER NOT NULL,
            name TEXT NOT NULL,
            first_name TEXT,
            last_name TEXT NOT NULL,
            chamber TEXT NOT NULL CHECK (chamber IN ('house', 'senate')),
            district INTEGER NOT NULL,
            party TEXT,
            email TEXT,
            phone TEXT,
            office TEXT,
            url TEXT,
            committees TEXT NOT NULL DEFAULT '[]',
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            PRIMARY KEY (id, session)
        );
CREATE INDEX legislators_session ON legislators(session, chamber);
CREATE TABLE votes (
            id TEXT PRIMARY KEY,
            bill_id TEXT NOT NULL REFERENCES bills(id),
            session INTEGER NOT NULL,
            chamber TEXT NOT NULL CHECK (chamber IN ('house', 'senate')),
            number INTEGER NOT NULL,
            date TEXT,
            question TEXT,
            yea INTEGER,
            nay INTEGER,
            absent_not_voting INTEGER,
            needed INTEGER,
            passed INTEGER,
            complete INTEGER NOT NULL,
            label TEXT,
            layout TEXT NOT NULL,
            url TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        );
CREATE INDEX votes_bill ON votes(bill_id, date, number);
CREATE INDEX votes_session ON votes(session, date);
CREATE TABLE vote_records (
            vote_id TEXT NOT NULL REFERENCES votes(id),
            seq INTEGER NOT NULL,
            name TEXT NOT NULL,
            legislator_id TEXT,
            vote TEXT NOT NULL CHECK (vote IN ('yea', 'nay', 'absent', 'not_voting')),
            seat INTEGER,
            PRIMARY KEY (vote_id, seq)
        );
CREATE INDEX vote_records_legislator ON vote_records(legislator_id, vote_id);
CREATE INDEX vote_records_name ON vote_records(name COLLATE NOCASE);
CREATE TABLE vote_files (
            key TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            session INTEGER,
            chamber TEXT,
            number INTEGER,
            bill_id TEXT,
            vote_id TEXT,
            skipped TEXT,
            found_on TEXT NOT NULL,
            first_seen_at TEXT NOT NULL
        );
CREATE INDEX vote_files_bill ON vote_files(bill_id);
CREATE TABLE statute_refs (
            version_id TEXT NOT NULL REFERENCES versions(id),
            seq INTEGER NOT NULL,
            bill_section TEXT,
            section TEXT,
            section_end TEXT,
            public_act TEXT,
            action TEXT NOT NULL CHECK (action IN ('amends', 'repeals', 'adds', 'cites')),
            sort_key TEXT,
            sort_key_end TEXT,
            PRIMARY KEY (version_id, seq)
        );
CREATE INDEX statute_refs_amended ON statute_refs(sort_key)
            WHERE action IN ('amends', 'repeals');
CREATE INDEX statute_refs_ranges ON statute_refs(sort_key_end)
            WHERE action IN ('amends', 'repeals') AND sort_key_end IS NOT NULL;
CREATE INDEX statute_refs_act ON statute_refs(public_act) WHERE public_act IS NOT NULL;
CREATE TABLE lineage (
            bill_id TEXT PRIMARY KEY REFERENCES bills(id),
            version_id TEXT REFERENCES versions(id),
            public_act TEXT,
            seen_seq INTEGER NOT NULL,
            words INTEGER NOT NULL DEFAULT 0,
            chunks INTEGER NOT NULL DEFAULT 0,
            skipped TEXT,
            indexed_at TEXT NOT NULL
        );
CREATE INDEX lineage_version ON lineage(version_id);
CREATE TABLE lineage_bands (
            key INTEGER NOT NULL,
            bill_id TEXT NOT NULL,
            PRIMARY KEY (key, bill_id)
        ) WITHOUT ROWID;
CREATE INDEX lineage_bands_bill ON lineage_bands(bill_id);
CREATE TABLE related_bills (
            bill_id TEXT NOT NULL REFERENCES bills(id),
            related_id TEXT NOT NULL REFERENCES bills(id),
            relation TEXT NOT NULL CHECK (relation IN
                ('amends_act', 'amended_by', 'same_sections', 'similar_text', 'companion')),
            score REAL NOT NULL CHECK (score BETWEEN 0 AND 1),
            evidence TEXT NOT NULL,
            found_at TEXT NOT NULL,
            PRIMARY KEY (bill_id, related_id, relation)
        );
CREATE INDEX related_bills_related ON related_bills(related_id);
CREATE INDEX bills_public_act ON bills(public_act) WHERE public_act IS NOT NULL;
CREATE TABLE act_lookups (
            public_act TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            bill_id TEXT,
            checked_at TEXT NOT NULL
        );
CREATE TABLE positions (
            topic TEXT NOT NULL,
            bill_id TEXT NOT NULL,
            position TEXT NOT NULL CHECK (position IN ('support', 'oppose')),
            votes TEXT,
            PRIMARY KEY (topic, bill_id)
        );
CREATE TABLE scorecard_topics (
            topic TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            sample INTEGER NOT NULL DEFAULT 0,
            computed_at TEXT
        );
CREATE TABLE scorecard_votes (
            topic TEXT NOT NULL,
            vote_id TEXT NOT NULL,
            bill_id TEXT NOT NULL,
            session INTEGER NOT NULL,
            chamber TEXT NOT NULL CHECK (chamber IN ('house', 'senate')),
            position TEXT NOT NULL CHECK (position IN ('support', 'oppose')),
            counted_by TEXT NOT NULL CHECK (counted_by IN ('default', 'watchlist')),
            PRIMARY KEY (topic, vote_id)
        );
CREATE INDEX scorecard_votes_bill ON scorecard_votes(bill_id);
CREATE TABLE scorecards (
            topic TEXT NOT NULL,
            session INTEGER NOT NULL,
            legislator_id TEXT,
            name TEXT NOT NULL,
            chamber TEXT NOT NULL CHECK (chamber IN ('house', 'senate')),
            district INTEGER,
            party TEXT,
            with_group INTEGER NOT NULL,
            against_group INTEGER NOT NULL,
            absent INTEGER NOT NULL,
            not_voting INTEGER NOT NULL,
            score INTEGER,
            sponsored INTEGER NOT NULL,
            cosponsored INTEGER NOT NULL,
            roll_calls INTEGER NOT NULL,
            member TEXT NOT NULL,
            PRIMARY KEY (topic, session, chamber, member)
        );
CREATE INDEX scorecards_legislator ON scorecards(legislator_id, topic);
CREATE TABLE meetings (
            id TEXT PRIMARY KEY,
            committee TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('hearing', 'meeting')),
            title TEXT NOT NULL,
            listed_title TEXT NOT NULL,
            start TEXT NOT NULL,
            date TEXT NOT NULL,
            timed INTEGER NOT NULL,
            building TEXT,
            room TEXT,
            location TEXT,
            agenda_url TEXT,
            status TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
            testimony_deadline TEXT,
            testimony_deadline_text TEXT,
            testimony_email TEXT,
            notes TEXT,
            agenda_sha256 TEXT,
            agenda_fetched_at TEXT,
            source_url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            last_listed_at TEXT NOT NULL
        );
CREATE INDEX meetings_committee ON meetings(committee, date);
CREATE INDEX meetings_date ON meetings(date);
CREATE TABLE meeting_history (
            id TEXT PRIMARY KEY,
            meeting_id TEXT NOT NULL REFERENCES meetings(id),
            seq INTEGER NOT NULL,
            event TEXT NOT NULL
                CHECK (event IN ('scheduled', 'moved', 'cancelled', 'restored')),
            status TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
            start TEXT NOT NULL,
            date TEXT NOT NULL,
            building TEXT,
            room TEXT,
            location TEXT,
            seen_at TEXT NOT NULL,
            UNIQUE (meeting_id, seq)
        );
CREATE TABLE meeting_bills (
            meeting_id TEXT NOT NULL REFERENCES meetings(id),
            cited TEXT NOT NULL,
            bill_id TEXT REFERENCES bills(id),
            citation TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            PRIMARY KEY (meeting_id, cited)
        );
CREATE INDEX meeting_bills_cited ON meeting_bills(cited);
CREATE INDEX meeting_bills_bill ON meeting_bills(bill_id);
CREATE TRIGGER meeting_history_no_update BEFORE UPDATE ON meeting_history
        BEGIN SELECT RAISE(ABORT, 'meeting_history rows are never edited'); END;
CREATE TRIGGER meeting_history_no_delete BEFORE DELETE ON meeting_history
        BEGIN SELECT RAISE(ABORT, 'meeting_history rows are never deleted'); END;
CREATE INDEX hearings_meeting ON hearings(meeting_id);
CREATE INDEX hearings_committee ON hearings(committee, date);
CREATE TABLE subscription_state (
            subscription_id TEXT PRIMARY KEY,
            started_at TEXT NOT NULL,
            start_rowid INTEGER NOT NULL,
            seen_rowid INTEGER NOT NULL,
            last_digest_at TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            failing_since TEXT,
            next_try_at TEXT,
            error TEXT
        );
CREATE TABLE deliveries (
            subscription_id TEXT NOT NULL,
            change_id TEXT NOT NULL REFERENCES changes(id),
            delivery_id TEXT,
            status TEXT NOT NULL
                CHECK (status IN ('queued', 'pending', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            first_at TEXT NOT NULL,
            last_at TEXT,
            sent_at TEXT,
            error TEXT,
            PRIMARY KEY (subscription_id, change_id)
        );
CREATE INDEX deliveries_status ON deliveries(subscription_id, status, first_at);
CREATE INDEX deliveries_delivery ON deliveries(delivery_id);
CREATE VIEW feed_entries AS
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
        WHEN 'stage' THEN CASE WHEN substr(c.key, length(c.kind) + length(c.bill_id) + 3) IN ('introduced', 'in_committee', 'reported', 'calendar', 'passed_first', 'passed_both', 'public_act', 'to_governor', 'enacted')
            THEN 'stage-' || substr(c.key, length(c.kind) + length(c.bill_id) + 3) ELSE 'progress' END
        WHEN 'outcome' THEN CASE WHEN b.outcome IN ('enacted', 'vetoed', 'dead')
            THEN 'outcome' ELSE 'progress' END
        WHEN 'testimony' THEN coalesce('testimony-' || t.id, 'testimony')
        WHEN 'document' THEN coalesce('doc-' || doc.id, 'documents')
        WHEN 'vote' THEN coalesce('vote-' || vt.id, 'votes')
        WHEN 'hearing' THEN coalesce('hearing-' || mh.meeting_id || '-' || mh.seq, 'hearings')
        WHEN 'related' THEN coalesce('related-' || c.ref, 'related')
        ELSE 'overview'
    END AS anchor,
    CASE WHEN c.kind = 'stage' AND substr(c.key, length(c.kind) + length(c.bill_id) + 3) IN ('introduced', 'in_committee', 'reported', 'calendar', 'passed_first', 'passed_both', 'public_act', 'to_governor', 'enacted') THEN substr(c.key, length(c.kind) + length(c.bill_id) + 3)
         WHEN c.kind = 'outcome' AND substr(c.key, length(c.kind) + length(c.bill_id) + 3) IN ('pending', 'enacted', 'vetoed', 'dead') THEN substr(c.key, length(c.kind) + length(c.bill_id) + 3)
    END AS reached,
    a.text AS action_text,
    a.code AS action_code,
    CASE WHEN a.source = 'bulk' THEN (
        SELECT cm.name FROM committees AS cm WHERE cm.code = a.code
    ) END AS action_committee,
    a.source AS action_source,
    coalesce(a.chamber, CASE WHEN c.kind = 'stage' AND substr(c.key, length(c.kind) + length(c.bill_id) + 3) = 'passed_first' THEN (
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
    CASE WHEN c.kind = 'hearing' AND instr(substr(c.key, length(c.kind) + length(c.bill_id) + 3), '|') > 0
        THEN substr(substr(c.key, length(c.kind) + length(c.bill_id) + 3), 1, instr(substr(c.key, length(c.kind) + length(c.bill_id) + 3), '|') - 1) END AS hearing_event,
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
        THEN 'https://www.cga.ct.gov/aspx/CGATestimonySub/CGAtestimonysubmission.aspx?comm_code=' || lower(m.committee) END AS testimony_form_url
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
    AND a.key = coalesce(c.ref, CASE WHEN c.kind = 'action' THEN substr(c.key, length(c.kind) + length(c.bill_id) + 3) END)
WHERE NOT (c.kind = 'document' AND EXISTS (
    SELECT 1 FROM versions AS text_of WHERE text_of.document_id = c.ref));
CREATE TRIGGER "bills_au" AFTER UPDATE OF "title", "statement_of_purpose" ON "bills" BEGIN
              INSERT INTO "bills_fts" ("bills_fts", rowid, "title", "statement_of_purpose")
                VALUES('delete', old.rowid, old."title", old."statement_of_purpose");
              INSERT INTO "bills_fts" (rowid, "title", "statement_of_purpose") VALUES (new.rowid, new."title", new."statement_of_purpose");
            END;
CREATE TRIGGER "versions_au" AFTER UPDATE OF "label", "text" ON "versions" BEGIN
              INSERT INTO "versions_fts" ("versions_fts", rowid, "label", "text")
                VALUES('delete', old.rowid, old."label", old."text");
              INSERT INTO "versions_fts" (rowid, "label", "text") VALUES (new.rowid, new."label", new."text");
            END;
CREATE TRIGGER "testimony_au" AFTER UPDATE OF "submitter", "organization", "text" ON "testimony" BEGIN
              INSERT INTO "testimony_fts" ("testimony_fts", rowid, "submitter", "organization", "text")
                VALUES('delete', old.rowid, old."submitter", old."organization", old."text");
              INSERT INTO "testimony_fts" (rowid, "submitter", "organization", "text") VALUES (new.rowid, new."submitter", new."organization", new."text");
            END;
CREATE TABLE rendering_bodies (
            etag TEXT PRIMARY KEY,
            body BLOB NOT NULL
        , encoding TEXT NOT NULL DEFAULT 'identity' CHECK (encoding IN ('identity', 'zlib')));
CREATE TABLE renderings (
            path TEXT PRIMARY KEY,
            content_type TEXT NOT NULL,
            etag TEXT NOT NULL REFERENCES rendering_bodies(etag),
            headers TEXT NOT NULL,
            last_modified TEXT,
            ct_date TEXT,
            rendered_at TEXT NOT NULL
        );
CREATE TABLE renderings_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            current INTEGER NOT NULL DEFAULT 0,
            public_url TEXT NOT NULL DEFAULT '',
            changes_seen INTEGER,
            invalidated_at TEXT,
            rendered_at TEXT,
            routes INTEGER NOT NULL DEFAULT 0,
            changed INTEGER NOT NULL DEFAULT 0,
            seconds REAL
        );
CREATE TABLE "diffs" (
   "id" TEXT PRIMARY KEY,
   "bill_id" TEXT NOT NULL REFERENCES "bills"("id"),
   "from_version" TEXT REFERENCES "versions"("id"),
   "to_version" TEXT NOT NULL REFERENCES "versions"("id"),
   "from_label" TEXT,
   "to_label" TEXT NOT NULL,
   "words_added" INTEGER NOT NULL,
   "words_removed" INTEGER NOT NULL,
   "summary" TEXT NOT NULL,
   "redline_html" TEXT NOT NULL,
   "unified" TEXT,
   "computed_at" TEXT NOT NULL,
   UNIQUE ("from_version", "to_version")
);
CREATE INDEX diffs_to ON diffs(to_version);
CREATE INDEX diffs_bill ON diffs(bill_id);

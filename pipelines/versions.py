"""Text versions: a new row only when a document's text changes; rows are immutable.

Text is stored through ``cga.text.publishable`` (no character XML cannot carry).

The version's ``sha256`` hashes its clean text (what readers compare), ``body_sha256``
the bytes fetched (provenance).  A document whose text differs from its latest stored
version gets a new row with the next ``seq``; nothing is overwritten.
"""

from __future__ import annotations

import hashlib
import json

import sqlite_utils

import cga
from cga.clock import http_date_ct
from cga.documents import chain_key, file_number, revision
from cga.records import VersionFetch
from cga.text import publishable

from .changes import Change
from .documents import document_id


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha_or_bytes_unchanged(latest: tuple[str, str], text_sha: str, body_sha: str) -> bool:
    return latest[0] == text_sha or latest[1] == body_sha


def store_versions(
    db: sqlite_utils.Database, bill_id: str, fetched: list[VersionFetch]
) -> tuple[list[dict], list[Change]]:
    """Insert versions whose text is new for their URL; returns (rows, changes)."""
    latest: dict[str, tuple[str, str]] = {}  # url key -> (text sha, body sha) of the latest
    for url, sha, body_sha in db.execute(
        "select url, sha256, body_sha256 from versions where bill_id = ? order by seq", [bill_id]
    ).fetchall():
        latest[cga.url_key(url)] = (sha, body_sha)
    seq = db.execute(
        "select coalesce(max(seq), 0) from versions where bill_id = ?", [bill_id]
    ).fetchone()[0]
    candidates = sorted(
        fetched,
        key=lambda v: chain_key(v.kind, revision(v.url), file_number(v.label, v.url), v.label),
    )
    rows, changes = [], []
    for v in candidates:
        text = publishable(v.text.text)
        sha = text_sha256(text)
        previous = latest.get(cga.url_key(v.url))
        # The same text, or the same bytes read again: no new version.  Comparing the bytes
        # too means a better cleaner (or publishable()) never makes a "new version" of a
        # document that did not change.
        if previous is not None and sha_or_bytes_unchanged(previous, sha, v.fetched.sha256):
            continue
        latest[cga.url_key(v.url)] = (sha, v.fetched.sha256)
        seq += 1
        row = {
            "id": f"{bill_id}:v{seq}",
            "bill_id": bill_id,
            "seq": seq,
            "label": publishable(v.label),
            "kind": v.kind,
            "url": v.url,
            "document_id": document_id(bill_id, v.document_url),
            "revision": revision(v.url),
            "file_number": file_number(v.label, v.url),
            "format": v.format,
            "pages": v.text.pages,
            "text": text,
            "sha256": sha,
            "body_sha256": v.fetched.sha256,
            "warnings": json.dumps(v.text.warnings) if v.text.warnings else None,
            "source_url": v.fetched.origin,
            "fetched_at": v.fetched.fetched_at,
        }
        rows.append(row)
        # The first text of a document listed since the baseline is as old as the
        # listing (its first fetch may only have failed): news only if the listing was.
        first_text_baseline = (
            _document_was_baseline(db, bill_id, v.document_url) if previous is None else None
        )
        changes.append(
            Change(
                bill_id,
                "version",
                f"version|{row['id']}",
                f"{bill_id}: new text — {v.label}",
                v.url,
                row["id"],
                baseline=first_text_baseline or None,
                # The document's date: when the site last modified the file (docs/cga-site.md,
                # "Documents").
                event_date=http_date_ct(v.fetched.last_modified),
            )
        )
    if rows:
        db.table("versions").insert_all(rows)
    return rows, changes


def _document_was_baseline(db: sqlite_utils.Database, bill_id: str, document_url: str) -> bool:
    row = db.execute(
        "select baseline from changes where key = ?",
        [f"document|{bill_id}|{cga.url_key(document_url)}"],
    ).fetchone()
    return bool(row and row[0])

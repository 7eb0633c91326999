"""Document rows: every link of a status page's document tables, with its kind."""

from __future__ import annotations

import hashlib
import json

import sqlite_utils

import cga
from cga.documents import (
    classify_document,
    file_number,
    lco_number,
    public_act_number,
    revision,
)
from cga.records import DocumentLink

from .changes import Change


def document_id(bill_id: str, url: str) -> str:
    return hashlib.sha256(f"{bill_id}|{cga.url_key(url)}".encode()).hexdigest()[:16]


def document_rows(
    bill_id: str, links: list[DocumentLink], page_url: str, source_url: str, now: str
) -> list[dict]:
    rows, seen = [], set()
    for link in links:
        url = cga.canonical_url(link.url, page_url)
        doc_id = document_id(bill_id, url)
        if doc_id in seen:
            continue
        seen.add(doc_id)
        rows.append(
            {
                "id": doc_id,
                "bill_id": bill_id,
                "kind": classify_document(link.block, link.label, url),
                "label": link.label,
                "url": url,
                "alt_urls": json.dumps([cga.canonical_url(u, page_url) for u in link.alt_urls])
                if link.alt_urls
                else None,
                "block": link.block,
                "revision": revision(url),
                "file_number": file_number(link.label, url),
                "public_act": public_act_number(link.label, url),
                "lco_number": lco_number(link.label),
                "source_url": source_url,
                "first_seen_at": now,
            }
        )
    return rows


def store_documents(db: sqlite_utils.Database, rows: list[dict]) -> list[Change]:
    """Insert documents not seen before; a change for each new one."""
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    known = {
        r[0]
        for r in db.execute(
            f"select id from documents where id in ({','.join('?' * len(ids))})", ids
        ).fetchall()
    }
    new = [r for r in rows if r["id"] not in known]
    if new:
        db.table("documents").insert_all(new)
    return [
        Change(
            r["bill_id"],
            "document",
            f"document|{r['bill_id']}|{cga.url_key(r['url'])}",
            f"{r['bill_id']}: new document — {r['label']} ({r['kind'].replace('_', ' ')})",
            r["url"],
            r["id"],
        )
        for r in new
    ]

"""Lineage (issue 18) on the offline copy: statute references, links between bills across
sessions, a look-alike that matches nothing, the feed of a topic, reruns that add nothing.

One crawl of the sample across 2015-2018 is shared by most tests; two more crawls (a site
that gains a bill, a watchlist of one bill whose acts are looked up) cost a few seconds each.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import feedparser
import pytest
from publish_fixture import get

from billwatch.cli import parse_sessions
from billwatch.samplesite import running
from billwatch.serve import make_datasette
from pipelines.similarity import comparable_words, shared_passages

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-site"
ACROSS = ("--session", "2015-2018", "--all")

# Every link the sample must give (each also stored the other way round: amends_act ↔
# amended_by, the others their own reverse), with its evidence.
EXPECTED_LINKS = [
    # bill, related, relation, evidence sections, evidence public act
    ("2017-HB-7207", "2016-HB-5469", "amends_act", ["1", "3"], "16-189"),
    ("2017-HB-5233", "2016-HB-5469", "amends_act", [], "16-189"),
    ("2018-HB-5444", "2017-HB-7207", "amends_act", ["2"], "17-200"),
    ("2015-HB-7017", "2015-SB-1021", "companion", [], None),
    ("2015-HB-7017", "2016-HB-5469", "similar_text", [], None),
    ("2015-HB-7017", "2017-HB-7207", "similar_text", [], None),
    ("2015-SB-1021", "2016-HB-5469", "similar_text", [], None),
    ("2015-SB-1021", "2017-HB-7207", "similar_text", [], None),
    ("2016-HB-5469", "2017-HB-7207", "similar_text", [], None),
    ("2015-HB-6950", "2015-HB-7017", "same_sections", ["10-15b"], None),
    ("2015-HB-6950", "2015-SB-1021", "same_sections", ["10-15b"], None),
    ("2015-HB-7017", "2015-SB-1021", "same_sections", ["10-15b"], None),
]
REVERSE = {"amends_act": "amended_by"}

# 2018 HB 5444's raised bill, reference by reference (the file copy and public act repeat it).
EXPECTED_REFS_5444 = [
    # bill_section, section, section_end, public_act, action
    ("1", "10-234bb", None, None, "amends"),
    ("1", "2", None, "17-200", "amends"),
    ("2", "10-234cc", None, None, "amends"),
]
EXPECTED_REFS_7207_SUBSTITUTE = [
    ("1", "1", None, "16-189", "amends"),
    ("1", "2", "5", "16-189", "cites"),
    ("2", "3", None, "16-189", "amends"),
    ("3", "3", None, "16-189", "cites"),
]


@pytest.fixture(scope="module")
def site():
    with running(root=SAMPLE) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def across(site, tmp_path_factory, crawlkit):
    db = tmp_path_factory.mktemp("lineage") / "a.db"
    crawlkit.update(site, db, *ACROSS)
    return db


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def links(db: Path) -> dict[tuple[str, str, str], dict]:
    return {
        (b, r, rel): {"score": score, **json.loads(evidence)}
        for b, r, rel, score, evidence in rows(
            db, "select bill_id, related_id, relation, score, evidence from related_bills"
        )
    }


def test_the_chain_is_found_with_its_relations_and_evidence(across):
    found = links(across)
    expected = set()
    for bill, related, relation, sections, act in EXPECTED_LINKS:
        for a, b, rel in (
            (bill, related, relation),
            (related, bill, REVERSE.get(relation, relation)),
        ):
            expected.add((a, b, rel))
            assert (a, b, rel) in found, (a, b, rel)
            evidence = found[(a, b, rel)]
            assert evidence["sections"] == sections, (a, b, rel, evidence)
            assert evidence["public_act"] == act
            assert 0 < evidence["score"] <= 1
            if rel in ("similar_text", "companion"):
                assert evidence["passages"] and all(
                    p["words"] >= 12 and p["text"] for p in evidence["passages"]
                )
    assert set(found) == expected, sorted(set(found) - expected)
    assert found[("2015-HB-7017", "2015-SB-1021", "companion")]["score"] >= 0.9


def test_the_look_alike_sharing_only_formulas_is_related_to_nothing(across):
    assert (
        rows(
            across,
            "select * from related_bills where ? in (bill_id, related_id)",
            ("2015-HB-6999",),
        )
        == []
    )
    # Its text was compared (not skipped), it just shares no passage.
    assert rows(across, "select skipped from lineage where bill_id = '2015-HB-6999'") == [(None,)]


def test_statute_refs_of_one_bill(across):
    def refs(version_label: str, bill: str) -> list[tuple]:
        return rows(
            across,
            "select r.bill_section, r.section, r.section_end, r.public_act, r.action "
            "from statute_refs r join versions v on v.id = r.version_id "
            "where v.bill_id = ? and v.label = ? order by r.seq",
            (bill, version_label),
        )

    assert refs("Raised Bill", "2018-HB-5444") == EXPECTED_REFS_5444
    assert refs("Public Act No. 18-125", "2018-HB-5444") == EXPECTED_REFS_5444
    assert refs("ED Joint Favorable Substitute", "2017-HB-7207") == EXPECTED_REFS_7207_SUBSTITUTE
    keys = rows(
        across,
        "select sort_key from statute_refs where public_act is null and section is not null "
        "order by sort_key",
    )
    assert keys and all(k[0] for k in keys)


def test_related_changes_say_what_links_the_bills(across):
    said = {
        bill: summary
        for bill, summary in rows(
            across, "select bill_id, summary from changes where kind = 'related'"
        )
        if "Public Act 16-189" in summary
    }
    assert (
        said["2017-HB-7207"]
        == "2017-HB-7207 amends Public Act 16-189 (2016-HB-5469), sections 1 and 3"
    )
    assert said["2017-HB-5233"] == "2017-HB-5233 would repeal Public Act 16-189 (2016-HB-5469)"
    # One change per pair of bills, never more.
    keys = rows(across, "select key from changes where kind = 'related'")
    assert len(keys) == len(set(keys)) == len({tuple(sorted(k[:2])) for k in links(across)})


def test_a_companion_joins_the_topic_without_its_keywords(across):
    topics = dict(
        rows(across, "select bill_id, matched from bill_topics where topic = 'student-privacy'")
    )
    assert topics["2015-SB-1021"] == "related to 2015-HB-7017 (companion)"
    assert "2015-HB-6950" not in topics  # shared sections alone do not pass a topic on
    assert "2015-HB-6999" not in topics


def test_force_rerun_adds_no_rows_and_no_changes(site, across, tmp_path, crawlkit):
    db = crawlkit.copy(across, tmp_path / "again.db")
    before = crawlkit.snapshot(db)
    crawlkit.update(site, db, *ACROSS, "--force")
    assert crawlkit.snapshot(db) == before


def filtered_site(tmp_path: Path, drop: str) -> Path:
    """A copy of the sample whose bulk files do not list ``drop`` (HB07017 spelling)."""
    from hostile import copy_sample

    root = copy_sample(tmp_path / "site")
    for name in ("bill_info.csv", "bill_history.csv", "subject.csv"):
        path = root / "pub" / "data" / name
        kept = [
            line for line in path.read_bytes().split(b"\r\n") if not line.startswith(drop.encode())
        ]
        path.write_bytes(b"\r\n".join(kept))
    return root


def test_a_new_bill_continuing_a_watched_one_is_news_in_the_topic_feed(tmp_path, crawlkit):
    """Without --all: the Senate companion appears in the bulk files one day; billwatch
    fetches its status page and first text, finds it continues HB 7017, and says so in the
    topic's feed though it matches none of the topic's keywords."""
    db = tmp_path / "feed.db"
    with running(root=filtered_site(tmp_path, "SB01021")) as base_url:
        crawlkit.update(base_url, db, "--session", "2015")
    assert rows(db, "select count(*) from bills where id = '2015-SB-1021'") == [(0,)]
    with running(root=SAMPLE) as base_url:
        crawlkit.update(base_url, db, "--session", "2015")
    [(deep, first)] = rows(
        db,
        "select deep_crawled_at is not null, first_text_at is not null from bills "
        "where id = '2015-SB-1021'",
    )
    assert first and deep  # read for its first text, then deep-crawled in the same run
    news = rows(
        db, "select bill_id, key, summary from changes where kind = 'related' and baseline = 0"
    )
    assert news and all("2015-SB-1021" in key for _, key, _ in news), news
    assert (
        "2015-SB-1021",
        "related|2015-HB-7017|2015-SB-1021",
        "2015-SB-1021 and 2015-HB-7017 are companion bills: near-identical texts (94% shared)",
    ) in news
    ds = make_datasette(db, public_url="https://example.org")
    response = get(ds, "/feeds/topics/student-privacy.atom?kind=related")
    assert response.status_code == 200, response.text
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    titles = [e.title for e in feed.entries]
    assert any(re.match(r"2015-SB-1021 and 2015-HB-7017 are companion bills", t) for t in titles)


def test_the_acts_a_watched_bill_amends_are_looked_up(site, tmp_path, crawlkit):
    watchlist = tmp_path / "one.yml"
    watchlist.write_text(
        "topics:\n  act-chain:\n    title: One act\n    keywords: []\n    bills: [2018-HB-5444]\n"
    )
    db = tmp_path / "acts.db"
    crawlkit.update(site, db, "--session", "2018", "--watchlist", str(watchlist))
    assert rows(db, "select public_act, bill_id from act_lookups order by 1") == [
        ("16-189", "2016-HB-5469"),
        ("17-200", "2017-HB-7207"),
    ]
    assert dict(rows(db, "select bill_id, matched from bill_topics")) == {
        "2018-HB-5444": "bill id",
        "2017-HB-7207": "related to 2018-HB-5444 (amended_by)",
        "2016-HB-5469": "related to 2017-HB-7207 (amended_by)",
    }
    run = crawlkit.update(site, db, "--session", "2018", "--watchlist", str(watchlist))
    assert "act_lookup" not in run.output
    assert rows(db, "select count(*) from act_lookups") == [(2,)]


# ---------------------------------------------------------------------------- units


def test_session_lists():
    assert parse_sessions("2015-2018", 2026) == [2015, 2016, 2017, 2018]
    assert parse_sessions("2017, 2015", 2026) == [2015, 2017]
    assert parse_sessions(None, 2026) == [2026]
    for bad in ("2018-2015", "15", "2015-x", "1900-2999"):
        with pytest.raises(Exception, match=r"year|session"):
            parse_sessions(bad, 2026)


FORMULAS_ONLY_A = (
    "Be it enacted by the Senate and House of Representatives in General Assembly convened:\n"
    "Section 1. (NEW) (Effective October 1, 2015) As used in this section, a cat is a cat.\n"
    "Sec. 2. Section 14-276a of the general statutes is repealed and the following is "
    "substituted in lieu thereof (Effective October 1, 2015):\n(a) Dogs bark at night."
)
FORMULAS_ONLY_B = (
    "Be it enacted by the Senate and House of Representatives in General Assembly convened:\n"
    "Section 1. (NEW) (Effective October 1, 2015) As used in this section, a bus is yellow.\n"
    "Sec. 2. Section 10-15b of the general statutes is repealed and the following is "
    "substituted in lieu thereof (Effective October 1, 2015):\n(a) Parents may read records."
)


def test_texts_sharing_only_formulas_share_no_passage():
    a, b = comparable_words(FORMULAS_ONLY_A), comparable_words(FORMULAS_ONLY_B)
    assert shared_passages(a, b).shared_words == 0


def test_a_reused_passage_is_found_at_any_offset():
    passage = (
        "a contractor shall notify the board of education without unreasonable delay but not "
        "more than two business days after the discovery of a breach of security"
    )
    a = comparable_words(f"Sec. 1. (NEW) (Effective July 1, 2017) First, {passage}.")
    b = comparable_words(
        "Sec. 4. (NEW) (Effective July 1, 2019) Many other words come first here, and then "
        f"{passage}; and more."
    )
    shared = shared_passages(a, b)
    assert shared.shared_words == len(passage.split())
    assert shared.score > 0.8


# ---------------------------------------------------------------------------- where people see it


def test_the_bill_page_shows_earlier_and_later_bills(across):
    ds = make_datasette(across)
    page = get(ds, "/bills/2016-HB-5469")
    assert page.status_code == 200
    html = page.text
    section = html[html.index('id="related"') : html.index('id="documents"')]
    assert "Earlier and later bills" in section
    for bill in ("2015-HB-7017", "2015-SB-1021", "2017-HB-5233", "2017-HB-7207"):
        assert f'href="/bills/{bill}"' in section, bill
    assert "2017-HB-7207 amends Public Act 16-189, sections 1 and 3." in section
    assert "Shares text" in section and "<q>" in section
    lookalike = get(ds, "/bills/2015-HB-6999").text
    assert "No earlier or later bill linked yet." in lookalike


def test_billwatch_related_prints_the_links(across):
    from click.testing import CliRunner

    from billwatch.cli import main

    result = CliRunner().invoke(main, ["related", "2017-HB-7207", "--db", str(across)])
    assert result.exit_code == 0, result.output
    assert "2016-HB-5469 (2016)" in result.output
    assert "amends the public act it became (100%), Public Act 16-189, sections 1, 3" in (
        result.output
    )
    as_json = CliRunner().invoke(main, ["related", "2017-HB-7207", "--db", str(across), "--json"])
    data = json.loads(as_json.output)
    assert {r["relation"] for r in data["related"]} >= {"amends_act", "amended_by", "similar_text"}
    missing = CliRunner().invoke(main, ["related", "2031-HB-1", "--db", str(across)])
    assert missing.exit_code != 0 and "no bill 2031-HB-1" in missing.output


def test_the_canned_query_lists_a_bills_links(across):
    ds = make_datasette(across)
    got = get(ds, "/billwatch/related_bills_of.json?_shape=array&bill=2018-HB-5444").json()
    assert [(r["related_id"], r["relation"]) for r in got] == [("2017-HB-7207", "amends_act")]
    amending = get(
        ds, "/billwatch/bills_amending_section.json?_shape=array&section=10-15b&public_act="
    ).json()
    assert sorted(r["bill_id"] for r in amending) == [
        "2015-HB-6950",
        "2015-HB-7017",
        "2015-SB-1021",
    ]


def test_compare_two_related_bills(across):
    from publish.compare_render import CACHE

    ds = make_datasette(across)
    page = get(ds, "/compare/2016-HB-5469/2017-HB-7207")
    assert page.status_code == 200, page.text[:300]
    html = page.text
    assert "2016-HB-5469 → 2017-HB-7207" in html
    assert (
        "Amends the public act it became</strong> (100%): "
        "This bill amends Public Act 16-189, sections 1 and 3." in html
    )
    redline = html[html.index('id="redline"') :]
    assert "<ins>" in redline and "<del>" in redline and "words added" in redline
    assert 'href="/bills/2016-HB-5469"' in html and 'href="/bills/2017-HB-7207"' in html
    # computed once, then served from the serving process's cache
    computed = CACHE.computed
    assert get(ds, "/compare/2016-HB-5469/2017-HB-7207").text == html
    assert CACHE.computed == computed
    # one page per pair: the other order and other spellings redirect to it
    for other in ("/compare/2017-HB-7207/2016-HB-5469", "/compare/2016-hb-05469/2017-HB-7207"):
        moved = get(ds, other)
        assert moved.status_code == 301, other
        assert moved.headers["location"] == "/compare/2016-HB-5469/2017-HB-7207"
    # only linked bills are compared: no request makes the server diff any pair it likes
    unlinked = get(ds, "/compare/2015-HB-6999/2016-HB-5469")
    assert unlinked.status_code == 404 and "only related bills are compared" in unlinked.text
    assert get(ds, "/compare/2015-HB-7017/2031-HB-1").status_code == 404
    assert get(ds, "/compare/2015-HB-7017/nonsense").status_code == 400
    # the bill page links it, and the static export writes every linked pair's page once
    bill = get(ds, "/bills/2017-HB-7207").text
    assert 'href="/compare/2016-HB-5469/2017-HB-7207"' in bill
    from publish import site

    conn = sqlite3.connect(across)
    try:
        routes = site.export_routes(conn)
        pairs = rows(
            across,
            "select count(*) from (select distinct min(bill_id, related_id), "
            "max(bill_id, related_id) from related_bills)",
        )[0][0]
    finally:
        conn.close()
    compares = [r for r in routes if r.startswith("/compare/")]
    assert "/compare/2016-HB-5469/2017-HB-7207" in compares
    assert "/compare/2017-HB-7207/2016-HB-5469" not in compares
    assert len(compares) == len(set(compares)) == pairs


def test_empty_and_scanned_texts_are_skipped_with_a_reason(tmp_path):
    from pipelines.lineage import update_lineage
    from pipelines.schema import open_db

    db = open_db(tmp_path / "s.db")
    db.execute("PRAGMA foreign_keys=OFF")
    for n, text in ((1, ""), (2, "That public act 16-189 be repealed.")):
        bill_id = f"2017-HB-{n}"
        db["bills"].insert(
            {
                "id": bill_id,
                "session": 2017,
                "chamber": "house",
                "type": "HB",
                "number": n,
                "status_url": "u",
                "source_url": "u",
                "fetched_at": "t",
                "first_seen_at": "t",
            }
        )
        db["versions"].insert(
            {
                "id": f"{bill_id}:v1",
                "bill_id": bill_id,
                "seq": 1,
                "label": "Proposed Bill",
                "kind": "text",
                "url": f"https://www.cga.ct.gov/{n}.pdf",
                "format": "pdf",
                "text": text,
                "sha256": "x",
                "body_sha256": str(n),
                "source_url": "u",
                "fetched_at": "t",
            }
        )
        assert update_lineage(db, bill_id, "2026-01-01T00:00:00Z") == []
        assert update_lineage(db, bill_id, "2026-01-01T00:00:00Z") is None  # nothing new
    skipped = dict(db.execute("select bill_id, skipped from lineage").fetchall())
    assert "empty" in skipped["2017-HB-1"] and "scanned" in skipped["2017-HB-1"]
    assert "too short to compare by text" in skipped["2017-HB-2"]
    # The short one's statute reference still counts.
    assert db.execute("select public_act, action from statute_refs").fetchall() == [
        ("16-189", "repeals")
    ]

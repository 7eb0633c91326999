"""billwatch/notify's pure parts: the subscriptions file (errors name their line), targets
(expanded, redacted, scrubbed), the rules (matching, ids, digest windows, backoff), the
messages (subjects, digests, payloads, plain text)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from billwatch.notify import messages, rules
from billwatch.notify.subscriptions import (
    Subscription,
    SubscriptionsError,
    load_subscriptions,
    parse_subscriptions,
)
from billwatch.notify.targets import (
    MissingVariable,
    Secrets,
    expand,
    redact,
    target_secrets,
)
from billwatch.notify.webhook import body_of, signature

ROOT = Path(__file__).resolve().parent.parent
TOPICS = {"student-privacy", "school-safety"}


def parse(text: str) -> list[Subscription]:
    return parse_subscriptions(text, "subs.yml", TOPICS)


# ------------------------------------------------------------------ the subscriptions file

GOOD = """\
subscriptions:
  - id: cea-members                 # stable; the ledger keys on it
    notify: "mailtos://{SMTP_USER}:{SMTP_PASSWORD}@smtp.example.org?to=list@example.org"
    topics: [student-privacy]
    bills: [2016-HB-5469]
    search: ["student data"]
    kinds: [version, vote, hearing, stage, outcome, testimony]
    every: daily                    # each | daily | weekly
  - id: newsroom-hook
    webhook: https://example.org/hooks/billwatch
    secret_env: BILLWATCH_HOOK_SECRET
    topics: [student-privacy]
    every: each
"""


def test_the_issues_example_parses():
    cea, hook = parse(GOOD)
    assert cea.id == "cea-members" and cea.channel == "apprise" and cea.every == "daily"
    assert cea.bills == ("2016-HB-5469",) and cea.search == ("student data",)
    assert cea.kinds == ("version", "vote", "hearing", "stage", "outcome", "testimony")
    assert cea.line == 2 and cea.digest
    assert hook.channel == "webhook" and hook.secret_env == "BILLWATCH_HOOK_SECRET"
    assert hook.every == "each" and not hook.digest and hook.line == 9


def test_the_shipped_file_has_none_active_and_its_examples_parse():
    text = (ROOT / "data" / "subscriptions.yml").read_text()
    assert parse(text) == []
    block = text.split("# BEGIN EXAMPLES\n")[1].split("# END EXAMPLES")[0]
    examples = "subscriptions:\n" + "".join(
        "  " + line[2:] + "\n" for line in block.splitlines() if line.startswith("# ")
    )
    ids = [s.id for s in parse(examples)]
    assert ids == ["cea-members", "newsroom-hook", "phones"]


def test_hearing_and_related_are_change_kinds():
    (sub,) = parse(
        "subscriptions:\n  - id: a\n    notify: ntfy://x/y\n    kinds: [hearing, related]\n"
    )
    assert sub.kinds == ("hearing", "related")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "subscriptions:\n  - id: a\n    notify: ntfy://x/y\n    kinds: [version, hearings]\n",
            4,
            "unknown kind 'hearings'",
        ),
        (
            "subscriptions:\n  - id: a\n    notify: ntfy://x/y\n    topics:\n"
            "      - student-privacy\n      - dogs\n",
            6,
            "unknown topic 'dogs'",
        ),
        (
            "subscriptions:\n  - id: a\n    notify: ntfy://x/y\n    topic: [student-privacy]\n",
            4,
            "unknown key 'topic'",
        ),
        (
            "subscriptions:\n  - id: a\n    notify: ntfy://x/y\n  - id: a\n    notify: ntfy://x/z\n",
            4,
            "already used on line 2",
        ),
        ("subscriptions:\n  - id: a\n    notify: ntfy://x/y\n    every: hourly\n", 4, "every must"),
        ("subscriptions:\n  - id: a\n    webhook: https://e.org/h\n", 2, "needs secret_env"),
        (
            "subscriptions:\n  - id: a\n    webhook: https://e.org/h\n    secret_env: S\n"
            "    every: daily\n",
            5,
            "a webhook receives each change",
        ),
        (
            "subscriptions:\n  - id: a\n    notify: ntfy://x/y\n    webhook: https://e.org/h\n",
            2,
            "exactly one of notify",
        ),
        ("subscriptions:\n  - id: Bad Id\n    notify: ntfy://x/y\n", 2, "lower-case-with-dashes"),
        ("subscriptions:\n  - id: a\n    notify: ntfy://x/{oops\n", 3, "brace"),
        (
            "subscriptions:\n  - id: a\n    notify: ntfy://x/y\n    bills: [2016-HB-5469, HB]\n",
            4,
            "not a bill id",
        ),
        (
            "subscriptions:\n  - id: a\n    notify: ntfy://x/y\n    kinds: [version\n",
            5,
            "not valid YAML",
        ),
        (
            "subscriptions:\n  - id: a\n    notify: ntfy://x/y\n    id: b\n",
            4,
            "'id' is given twice",
        ),
        ("subscriptions:\n  - notify: ntfy://x/y\n", 2, "needs an id"),
        ("subscription:\n  - id: a\n", 1, "unknown key 'subscription'"),
        ("subscriptions:\n  - id: a\n    notify: not a url\n", 3, "apprise URL"),
    ],
)
def test_an_invalid_file_names_the_line(text, line, words):
    with pytest.raises(SubscriptionsError) as err:
        parse(text)
    message = str(err.value)
    assert message.startswith(f"subs.yml, line {line}:"), message
    assert words in message


def test_an_empty_list_is_no_subscriptions_and_a_missing_file_says_so(tmp_path):
    assert parse("subscriptions:\n") == []
    with pytest.raises(SubscriptionsError, match="no subscriptions file at"):
        load_subscriptions(tmp_path / "nope.yml", TOPICS)


# ---------------------------------------------------------------------------- targets


def test_placeholders_are_filled_at_send_time_and_named_when_missing():
    target = "mailtos://{SMTP_USER}:{SMTP_PASSWORD}@smtp.example.org?to=list@example.org"
    env = {"SMTP_USER": "u", "SMTP_PASSWORD": "p@ss/w:rd"}
    assert expand(target, env) == "mailtos://u:p@ss/w:rd@smtp.example.org?to=list@example.org"
    with pytest.raises(MissingVariable, match="environment variable SMTP_PASSWORD is not set"):
        expand(target, {"SMTP_USER": "u"})


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        (
            "mailtos://{SMTP_USER}:{SMTP_PASSWORD}@smtp.example.org?to=list@example.org",
            "mailtos://…@smtp.example.org/…",
        ),
        ("mailtos://me:hunter22@smtp.example.org", "mailtos://…@smtp.example.org"),
        ("https://example.org/hooks/billwatch?token=abc", "https://example.org/…"),
        ("slack://TOKENA/TOKENB/TOKENC/#general", "slack://…"),
        ("discord://123456/abcdefTOKEN", "discord://…"),
        ("ntfy://my-secret-topic", "ntfy://…"),
        ("ntfy://127.0.0.1:8080/topic", "ntfy://127.0.0.1:8080/…"),
        ("json://localhost:9/x", "json://localhost:9/…"),
        ("nonsense", "…"),
    ],
)
def test_targets_are_shown_redacted(target, shown):
    assert redact(target) == shown


def test_scrubbing_removes_every_form_of_a_secret():
    env = {"SMTP_PASSWORD": "p@ss w/rd!", "HOOK": "s3cr3t-hook"}
    secrets = target_secrets("mailtos://me:{SMTP_PASSWORD}@smtp.example.org", env, "HOOK")
    text = "login p@ss w/rd! failed; p%40ss%20w%2Frd%21; key s3cr3t-hook"
    scrubbed = secrets.scrub(text)
    assert "p@ss" not in scrubbed and "p%40ss" not in scrubbed and "s3cr3t" not in scrubbed
    assert Secrets().scrub("nothing") == "nothing"


# ------------------------------------------------------------------------------ rules


def sub(**kw) -> Subscription:
    return Subscription(id="s", channel="apprise", target="ntfy://x/y", line=1, **kw)


def test_matching_by_topic_bill_search_and_kind():
    topical = sub(topics=("student-privacy",), kinds=("version", "stage"))
    assert rules.matches(topical, "2015-HB-7017", "version", {"student-privacy"}, False)
    assert not rules.matches(topical, "2015-HB-7017", "action", {"student-privacy"}, False)
    assert not rules.matches(topical, "2015-SB-1", "version", {"school-safety"}, False)
    named = sub(bills=("2016-HB-5469",))
    assert rules.matches(named, "2016-HB-5469", "action", set(), False)  # watched or not
    searched = sub(search=("student data",))
    assert rules.matches(searched, "2015-HB-9", "bill", set(), True)
    assert not rules.matches(searched, "2015-HB-9", "bill", {"student-privacy"}, False)
    everything = sub()  # no topic, bill or search: every watched bill
    assert rules.matches(everything, "2015-SB-1", "vote", {"school-safety"}, False)
    assert not rules.matches(everything, "2015-HB-9", "vote", set(), False)
    assert not rules.matches(everything, None, "vote", {"x"}, False)


def test_delivery_ids_are_stable_and_distinct():
    a = rules.delivery_id("cea", "c1")
    assert a == rules.delivery_id("cea", "c1") and re.fullmatch(r"d-[0-9a-f]{24}", a)
    assert a != rules.delivery_id("cea", "c2") != rules.delivery_id("other", "c1")
    day = rules.digest_id("cea", "daily", "2015-06-24")
    assert day != rules.digest_id("cea", "daily", "2015-06-25") != a


def test_digest_windows_are_connecticut_days_and_iso_weeks():
    late = datetime(2015, 6, 25, 3, 30, tzinfo=UTC)  # 23:30 on the 24th in Connecticut
    assert rules.period("daily", late) == "2015-06-24"
    assert rules.period("weekly", late) == "2015-W26"
    assert not rules.digest_due("daily", "2015-06-24T14:00:00Z", late)
    assert rules.digest_due("daily", "2015-06-24T14:00:00Z", datetime(2015, 6, 25, 5, tzinfo=UTC))
    monday = datetime(2015, 6, 29, 12, tzinfo=UTC)
    assert not rules.digest_due("weekly", "2015-06-22T12:00:00Z", late)
    assert rules.digest_due("weekly", "2015-06-22T12:00:00Z", monday)


def test_backoff_and_what_is_retried():
    assert [rules.backoff(n).total_seconds() / 60 for n in (1, 2, 3)] == [10, 20, 40]
    assert rules.backoff(20).total_seconds() == 6 * 3600
    assert [rules.wait_before_try(n, 2.0) for n in (1, 2, 3)] == [0, 2.0, 4.0]
    assert all(rules.retryable_status(s) for s in (500, 502, 503, 408, 429))
    assert not any(rules.retryable_status(s) for s in (400, 401, 404, 410, 301, 302))


def test_the_signature_is_hmac_sha256_of_the_body():
    import hashlib
    import hmac

    body = body_of({"delivery_id": "d-1", "change": {"summary": "HB 5469 — “new”"}})
    assert body.decode("utf-8").startswith('{"delivery_id":"d-1"')
    expected = hmac.new(b"k", body, hashlib.sha256).hexdigest()
    assert signature("k", body) == f"sha256={expected}"


# --------------------------------------------------------------------------- messages

VERSION = {
    "change_id": "c1",
    "bill_id": "2016-HB-5469",
    "kind": "version",
    "summary": "2016-HB-5469: new text — File No. 574",
    "version_label": "File No. 574",
    "version_kind": "file_copy",
    "words_added": 120,
    "words_removed": 40,
    "from_label": "Raised Bill",
    "to_label": "File No. 574",
    "redline_html": "<p>Sec. 1. <del>old</del> <ins>new &amp; better</ins></p>",
    "bill_title": "AN ACT CONCERNING STUDENT DATA PRIVACY.",
    "anchor": "v3",
    "event_date": "2016-04-01",
    "detected_at": "2016-04-02T10:00:00Z",
    "url": "https://www.cga.ct.gov/2016/FC/574.htm",
    "status_url": "https://www.cga.ct.gov/status/5469",
}


def test_a_subject_says_what_happened():
    assert messages.subject(VERSION) == "HB 5469: new text (File No. 574), +120/−40 words"
    same = dict(VERSION, words_added=0, words_removed=0)
    assert messages.subject(same) == "HB 5469: new text (File No. 574), no change in wording"
    stage = {
        "bill_id": "2016-HB-5469",
        "kind": "stage",
        "reached": "passed_first",
        "action_chamber": "house",
        "summary": "x",
    }
    assert messages.subject(stage, sample=True) == "[sample data] HB 5469: Passed the House"
    evil = {"bill_id": "2015-HB-9", "kind": "bill", "bill_title": "A\nB\r\nC", "summary": "x"}
    assert "\n" not in messages.subject(evil) and "\r" not in messages.subject(evil)


def test_a_change_message_links_its_place_and_reads_as_text():
    s = sub()
    message = messages.change_message(s, VERSION, "https://example.org/bw", sample=False)
    assert 'href="https://example.org/bw/bills/2016-HB-5469#v3"' in message.html
    assert '<ins style="' in message.html and "new &amp; better" in message.html
    assert "Sec. 1. [-old-] {+new & better+}" in message.text
    assert "<https://example.org/bw/bills/2016-HB-5469#v3>" in message.text
    bare = messages.change_message(s, VERSION, "", sample=False)
    assert "/bills/" not in bare.html and "cga.ct.gov" in bare.html


def rows(n_bills: int, per_bill: int) -> list[dict]:
    out = []
    for b in range(n_bills):
        for i in range(per_bill):
            out.append(
                {
                    "change_id": f"c{b}-{i}",
                    "change_rowid": b * 100 + i,
                    "bill_id": f"2016-HB-{5000 + b}",
                    "kind": "action",
                    "action_text": f"Action {i}",
                    "summary": f"2016-HB-{5000 + b}: action {i}",
                    "bill_title": f"AN ACT CONCERNING THING {b}.",
                    "anchor": f"action-{i}",
                    "event_date": f"2016-04-{10 + i:02d}",
                    "detected_at": "2016-04-20T10:00:00Z",
                    "status_url": "https://www.cga.ct.gov/s",
                }
            )
    return out


def test_a_digest_groups_by_bill_and_caps_linking_the_feed():
    s = sub(topics=("student-privacy",), every="daily")
    many = rows(3, 15)  # 45 changes, 30 shown
    message = messages.digest_message(s, list(reversed(many)), "https://example.org", False)
    assert message.subject.startswith("Daily digest: HB 5000: Action 0, and 44 more changes")
    headings = re.findall(r"<h2><a [^>]*>(HB \d+)</a>", message.html)
    assert headings == ["HB 5000", "HB 5001"]  # the third bill is past the cap
    assert message.html.count("<h3>") == messages.DIGEST_MAX_CHANGES
    assert "15 more changes to 1 bill not shown here" in message.html
    assert 'href="https://example.org/feeds/topics/student-privacy.atom"' in message.html
    first = message.html.index("Action 0")
    assert first < message.html.index("Action 1")  # each bill's changes as they happened
    few = messages.digest_message(s, rows(1, 2), "", False)
    assert "not shown here" not in few.html and few.subject.endswith("and 1 more change")


def test_a_webhook_payload_has_the_documented_fields():
    payload = messages.webhook_payload("hook", "d-1", VERSION, "https://example.org")
    assert set(payload) == {"delivery_id", "subscription", "change"}
    assert set(payload["change"]) == {
        "id",
        "bill_id",
        "kind",
        "event_date",
        "detected_at",
        "summary",
        "url",
        "bill_url",
        "redline_html",
    }
    assert payload["change"]["bill_url"] == "https://example.org/bills/2016-HB-5469#v3"
    assert (
        payload["change"]["redline_html"]
        == "<p>Sec. 1. <del>old</del> <ins>new &amp; better</ins></p>"
    )
    assert (
        messages.webhook_payload("h", "d", VERSION, "")["change"]["bill_url"]
        == VERSION["status_url"]
    )

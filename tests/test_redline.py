"""cga/redline/: word-level diffs of bill versions, Connecticut style.

The recorded pair in tests/pages/redline/ is a raised bill and its committee substitute in
the extractor's notation.  Between them: effective dates moved from July 1 to October 1, a
subsection inserted in Sec. 2 (and the next one relettered), a sentence deleted from
Sec. 2(b), a fine raised in Sec. 3(c), a new Sec. 6, and a cross-reference updated.  The
furniture differs throughout (LCO number, barcode, committee tag, margin line numbers, page
header, sponsor lines), Sec. 2(b) is wrapped differently, and Sec. 4 carries CGA's own
[bracketed] deletions and {{underlined}} insertions, unchanged.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import cga.redline.places
import cga.redline.tokens
from cga.redline import (
    DELETED,
    INSERTED,
    KEPT,
    Diff,
    clean_paragraphs,
    diff_versions,
    normalize_for_diff,
    render_terminal,
)

PAGES = Path(__file__).parent / "pages" / "redline"
RAISED = (PAGES / "2015-SB-949-raised.txt").read_text(encoding="utf-8")
SUBSTITUTE = (PAGES / "2015-SB-949-substitute.txt").read_text(encoding="utf-8")

NEW_SUBSECTION = (
    "(c) Each contractor shall implement and maintain security procedures and practices "
    "designed to protect student information, student records and student-generated content "
    "from unauthorized access, destruction, use, modification or disclosure."
)
NEW_SECTION = (
    "Sec. 6. (NEW) (Effective October 1, 2016) The Department of Education shall publish on "
    "its Internet web site a list of the contractors and operators with which local and "
    "regional boards of education have entered into contracts under section 2 of this act."
)
DELETED_SENTENCE = (
    "The contractor shall notify the board of education of any breach of security within "
    "thirty days after its discovery."
)


@pytest.fixture(scope="module")
def bill() -> Diff:
    return diff_versions(RAISED, SUBSTITUTE, old_label="Raised Bill", new_label="Substitute")


def parse_html(fragment: str) -> ET.Element:
    return ET.fromstring(f"<root>{fragment}</root>")


def rebuilt(diff: Diff, keep: int) -> list[str]:
    """The words of one side, rebuilt from the redline (keep=DELETED: old, INSERTED: new)."""
    return [
        word
        for para in diff.paragraphs
        for op, text in para
        if op in (KEPT, keep)
        for word in text.split()
    ]


# --------------------------------------------------------------------------- the recorded pair


def test_changed_effective_dates_are_found_in_each_section(bill: Diff) -> None:
    dates = [h for h in bill.hunks if h.kind == "replace" and "October 1, 2016" in h.new]
    assert {(h.section, h.effective_date) for h in dates} == {
        ("Sec. 1", True),
        ("Sec. 2", True),
        ("Sec. 2(a)", False),  # "On and after July 1, 2016, ..."
        ("Sec. 2(d)", False),  # in the relettered subsection, by its new letter
        ("Sec. 3", True),
        ("Sec. 4", True),
    }
    assert all(h.kind == "replace" and "July 1, 2016" in h.old for h in dates)
    assert "Secs. 1–4: effective date 'July 1, 2016' → 'October 1, 2016' (4×)" in bill.summary
    assert "Sec. 2: 'July 1, 2016' → 'October 1, 2016' (2×)" in bill.summary


def test_inserted_subsection_is_attributed_and_the_next_one_relettered(bill: Diff) -> None:
    (inserted,) = [h for h in bill.hunks if h.kind == "insert" and h.new.startswith("(c)")]
    assert inserted.section == "Sec. 2(c)"
    assert inserted.new == NEW_SUBSECTION
    assert inserted.scope == "paragraph"
    (reletter,) = [h for h in bill.hunks if h.scope == "renumber"]
    assert (reletter.old, reletter.new, reletter.section) == ("(c)", "(d)", "Sec. 2(d)")
    assert "Sec. 2(c) added" in bill.summary
    assert "Sec. 2: relettered (c)→(d)" in bill.summary


def test_deleted_sentence_is_attributed_by_its_place_in_the_old_text(bill: Diff) -> None:
    (cut,) = [h for h in bill.hunks if h.kind == "delete"]
    assert cut.old == DELETED_SENTENCE
    assert (cut.section, cut.scope) == ("Sec. 2(b)", "sentences")
    assert "Sec. 2(b): one sentence deleted ('The contractor shall notify" in bill.summary


def test_new_section_amount_and_reference(bill: Diff) -> None:
    (added,) = [h for h in bill.hunks if h.new.startswith("Sec. 6.")]
    assert (added.kind, added.scope, added.section, added.new) == (
        "insert",
        "section",
        "Sec. 6",
        NEW_SECTION,
    )
    assert "Sec. 6 added" in bill.summary
    assert "Sec. 3(c): amount '$5,000' → '$10,000'" in bill.summary
    assert "Sec. 1: 'to 5' → 'to 6'" in bill.summary  # "sections 2 to 5" → "2 to 6"
    # effective dates and amounts are called out first
    assert bill.summary.startswith("Secs. 1–4: effective date")


def test_word_counts(bill: Diff) -> None:
    # 6 dates of 3 words, "5,", "(c)", "$5,000" and the sentence; the same on the other side
    assert bill.words_removed == 6 * 3 + 3 + len(DELETED_SENTENCE.split())
    assert bill.words_added == 6 * 3 + 3 + len(NEW_SUBSECTION.split()) + len(NEW_SECTION.split())
    assert len(bill.hunks) == 12


def test_unchanged_markup_and_furniture_are_not_reported(bill: Diff) -> None:
    changed = " ".join(f"{h.old} {h.new}" for h in bill.hunks)
    for unchanged in ("[or]", "{{or", "contractor}}", "[not later than thirty days]", "10-234aa"):
        assert unchanged not in changed
    furniture = ("LCO", "*", "Bill No.", "Session", "EDUCATION", "Introduced", "(ED)",
                 "Sample data", "brackets", "underline", "<p>General Assembly</p>")  # fmt: skip
    for piece in furniture:
        assert piece not in changed, piece
        assert piece not in bill.redline_html, piece
        assert piece not in bill.unified, piece
    assert not any(re.fullmatch(r"\d+", h.old or h.new) for h in bill.hunks)  # line numbers
    assert {h.section for h in bill.hunks if h.section.startswith("Sec. 4")} == {"Sec. 4"}


def test_redline_html_is_well_formed_and_marks_the_changes(bill: Diff) -> None:
    root = parse_html(bill.redline_html)
    paragraphs = root.findall("p")
    assert len(paragraphs) == len(bill.paragraphs) == len(clean_paragraphs(SUBSTITUTE))
    assert "<del>$5,000</del> <ins>$10,000</ins>" in bill.redline_html
    assert f"<p><ins>{NEW_SECTION}</ins></p>" in bill.redline_html
    assert f"<del>{DELETED_SENTENCE}</del>" in bill.redline_html
    assert "<del>(c)</del> <ins>(d)</ins> Any provision" in bill.redline_html
    assert sum(e.text.startswith("October 1, 2016)") for e in root.iter("ins")) == 4
    assert "".join(root.itertext()).count("Section 10-234aa") == 1


def test_redline_rebuilds_both_versions(bill: Diff) -> None:
    assert rebuilt(bill, DELETED) == normalize_for_diff(RAISED)
    assert rebuilt(bill, INSERTED) == normalize_for_diff(SUBSTITUTE)


def test_unified_diff_for_reporters(bill: Diff) -> None:
    lines = bill.unified.splitlines()
    assert lines[:2] == ["--- Raised Bill", "+++ Substitute"]
    assert any(line.startswith("@@ -") for line in lines)
    assert "-(c) Any provision of a contract" in bill.unified
    assert "+(d) Any provision of a contract" in bill.unified
    assert f"+{NEW_SECTION}" in bill.unified
    assert not any(line.startswith(("-(1)", "+(1)")) for line in lines)  # unchanged: context


def test_terminal_rendering(bill: Diff) -> None:
    plain = render_terminal(bill, color=False)
    assert "[-$5,000-] {+$10,000+}" in plain
    assert f"{{+{NEW_SECTION}+}}" in plain
    assert "\x1b[" not in plain
    colored = render_terminal(bill, color=True)
    assert "\x1b[31m$5,000\x1b[0m \x1b[32m$10,000\x1b[0m" in colored
    short = render_terminal(bill, context=0)
    assert "…" in short and len(short) < len(plain)
    assert '(1) "Contractor" means' not in short


def test_fast_and_word_paths_agree(bill: Diff) -> None:
    slow = diff_versions(
        RAISED, SUBSTITUTE, old_label="Raised Bill", new_label="Substitute", fast=False
    )
    assert slow == bill


# --------------------------------------------------------------------------- normalisation


def test_no_textual_change_when_identical() -> None:
    d = diff_versions(RAISED, RAISED)
    assert d.summary == "no textual change"
    assert (d.words_added, d.words_removed, d.hunks, d.unified) == (0, 0, (), "")
    assert not d.changed
    assert len(parse_html(d.redline_html)) == len(clean_paragraphs(RAISED))


def test_furniture_alone_is_no_change() -> None:
    other = (
        RAISED.replace("LCO No. 3515", "LCO No. 4041")
        .replace("*03515*", "*04041*")
        .replace("Raised Bill No. 949", "Substitute Senate Bill No. 949\nFile No. 394")
        .replace("Referred to Committee on EDUCATION", "*_____SB00949ED____032315____*")
        .replace("Sample data", "Sample data (second copy)")
        .replace("(ED)", "SEN. LOONEY, 11th Dist.")
    )
    numbered = "\n".join(
        f"{n} {line}" if line.strip() else line for n, line in enumerate(other.splitlines(), 7)
    )
    d = diff_versions(RAISED, numbered)
    assert d.summary == "no textual change", d.hunks


def test_whitespace_and_rewrapping_are_no_change() -> None:
    rewrapped = []
    for line in RAISED.replace("[or]", "[ or ]").splitlines():
        if line.startswith("Sample data"):  # a one-line banner
            rewrapped.append(line)
            continue
        words = line.split(" ")
        while words:  # lines of about eight words, with odd spacing
            rewrapped.append("\t" + "  ".join(words[:8]) + "  ")
            words = words[8:]
        rewrapped.append("")
    d = diff_versions(RAISED, "\r\n".join(rewrapped))
    assert d.summary == "no textual change"
    assert (d.hunks, d.unified) == ((), "")
    parse_html(d.redline_html)


def test_margin_numbers_inside_paragraphs_are_dropped() -> None:
    # a PDF extraction that joined printed lines back into paragraphs, numbers and all
    words = " ".join(clean_paragraphs(RAISED)[3:8]).split()
    lines = [" ".join(words[i : i + 9]) for i in range(0, len(words), 9)]
    numbered = " ".join(f"{n} {line}" for n, line in enumerate(lines, 1))
    assert clean_paragraphs(numbered) == [" ".join(words)]
    assert clean_paragraphs("within 30 days\nsection 1 and section 2") == [
        "within 30 days",
        "section 1 and section 2",
    ]


def test_normalize_for_diff_keeps_markup_attached() -> None:
    words = normalize_for_diff(RAISED)
    assert "[or]" in words and "{{or" in words and "contractor}};" in words
    assert "LCO" not in words and "*03515*" not in words and "30" not in words
    assert words[:5] == ["AN", "ACT", "CONCERNING", "STUDENT", "DATA"]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("empty", ["", "   \n\n", "General Assembly\nLCO No. 3515\n*03515*\n"])
def test_empty_versions(empty: str) -> None:
    assert diff_versions(empty, empty).summary == "no textual change"
    words = len(normalize_for_diff(RAISED))

    added = diff_versions(empty, RAISED)
    assert added.words_added == words and added.words_removed == 0
    assert added.summary == f"previous version has no text: {words:,} words added"
    root = parse_html(added.redline_html)
    assert all(len(p) == 1 and p[0].tag == "ins" for p in root)
    assert added.unified.startswith("--- old\n+++ new\n@@ -0,0 +1,")

    removed = diff_versions(RAISED, empty)
    assert removed.words_removed == words and removed.words_added == 0
    assert removed.summary == f"new version has no text: {words:,} words removed"
    assert all(len(p) == 1 and p[0].tag == "del" for p in parse_html(removed.redline_html))


def test_html_escapes_every_character_of_the_source() -> None:
    nasty = "<script>alert(\"x\" & 'y')</script> ]]> <![CDATA[x &amp; ©"
    old = f'Sec. 1. The board shall act. {nasty}\nSec. 2. Unchanged <b>bold</b> & "quoted".\n'
    new = (
        f"Sec. 1. The council shall act. {nasty} more\n"
        'Sec. 2. Unchanged <b>bold</b> & "quoted".\n'
        f"Sec. 3. {nasty}\x01\x0b\ufffe end.\n"
    )
    d = diff_versions(old, new)
    root = parse_html(d.redline_html)  # well-formed
    assert "<script" not in d.redline_html and "<b>" not in d.redline_html
    assert "&lt;script&gt;alert(&quot;x&quot; &amp; &#x27;y&#x27;)&lt;/script&gt;" in d.redline_html
    assert "]]&gt; &lt;![CDATA[x &amp;amp; ©" in d.redline_html
    assert "".join(root.itertext()).count("<script>") == 2
    texts = [p for p in root.iter("p")]
    assert texts[1].text == 'Sec. 2. Unchanged <b>bold</b> & "quoted".'
    parse_html(diff_versions(old, new, fast=False).redline_html)  # the word path escapes too


def test_moved_paragraph_is_a_delete_and_an_insert() -> None:
    paras = clean_paragraphs(RAISED)
    moved = paras[6]  # Sec. 1(4), "Student records" ...
    new = paras[:6] + paras[7:14] + [moved] + paras[14:]
    d = diff_versions("\n".join(paras), "\n".join(new))
    kinds = sorted((h.kind, h.old or h.new) for h in d.hunks)
    assert kinds == [("delete", moved), ("insert", moved)]
    assert [h.section for h in d.hunks] == ["Sec. 1(4)", "Sec. 2(b)(4)"]  # new place, by marker
    assert "paragraph moved from Sec. 1(4) to Sec. 2(b)(4) ('(4) \"Student records" in d.summary
    assert rebuilt(d, DELETED) == " ".join(paras).split()
    assert rebuilt(d, INSERTED) == " ".join(new).split()


# --------------------------------------------------------------------------- robustness


WORDS = ["shall", "may", "$7,500", "January 1, 2017", "(e)", "not", "$1.5 million", "Sec. 9."]
INSERTS = ["each", "any such", "[the]", "{{new}}", "(c)", "October 1, 2016,", "$2 million"]
SENTENCE = "The board shall report to the commissioner annually."


def scatter_edits(text: str, seed: int, edits: int) -> str:
    rng = random.Random(seed)
    lines = text.splitlines()
    for _ in range(edits):
        n = rng.randrange(len(lines))
        words = lines[n].split(" ")
        if len(words) < 3:
            continue
        k = rng.randrange(1, len(words))
        choice = rng.random()
        if choice < 0.4:
            words[k] = rng.choice(WORDS)
        elif choice < 0.6:
            words.insert(k, rng.choice(INSERTS))
        elif choice < 0.8:
            del words[k : k + rng.randint(1, 4)]
        elif choice < 0.9:  # a sentence in or out
            line = " ".join(words)
            cut = line.rfind(". ")
            words = (
                line[: cut + 1] if cut > 0 and rng.random() < 0.5 else f"{line} {SENTENCE}"
            ).split(" ")
        else:  # a date or subsection letter changed where there is one
            words = (
                " ".join(words)
                .replace("July 1, 2016", "October 1, 2016")
                .replace("(b)", "(c)")
                .split(" ")
            )
        lines[n] = " ".join(words)
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(40))
def test_random_edits_rebuild_both_sides_and_paths_agree(seed: int) -> None:
    edited = scatter_edits(RAISED, seed, edits=1 + seed % 12 * 3)
    d = diff_versions(RAISED, edited)
    assert rebuilt(d, DELETED) == normalize_for_diff(RAISED)
    assert rebuilt(d, INSERTED) == normalize_for_diff(edited)
    assert d.words_added == sum(len(h.new.split()) for h in d.hunks)
    parse_html(d.redline_html)
    assert diff_versions(RAISED, edited, fast=False) == d


def test_huge_rewritten_stretch_stays_linear() -> None:
    """A 6,000-word section rewritten wholesale: anchored matching, not a quadratic blow-up."""
    rng = random.Random(3)
    vocab = [f"w{n}" for n in range(3000)] + ["the", "of", "shall", "board"] * 200
    old_body = " ".join(rng.choice(vocab) for _ in range(6000))
    new_body = " ".join(rng.choice(vocab) for _ in range(6000))
    head = "\n".join(clean_paragraphs(RAISED)[:4])
    d = diff_versions(f"{head}\n{old_body}\n{RAISED}", f"{head}\n{new_body}\n{RAISED}")
    assert rebuilt(d, DELETED) == normalize_for_diff(f"{head}\n{old_body}\n{RAISED}")
    assert rebuilt(d, INSERTED) == normalize_for_diff(f"{head}\n{new_body}\n{RAISED}")
    assert 0 < d.words_removed <= 6000 and 0 < d.words_added <= 6000
    assert len(d.summary) < 2000


def test_long_paragraph_with_scattered_edits() -> None:
    rng = random.Random(5)
    words = [
        rng.choice(["shall", "the", "board", "of", "education", "may"]) + str(n)
        for n in range(20_000)
    ]
    edited = list(words)
    for k in sorted(rng.sample(range(1, 20_000), 40), reverse=True):
        edited[k] = "changed"
    d = diff_versions(" ".join(words), " ".join(edited))
    assert (d.words_removed, d.words_added) == (40, 40)
    assert {(h.kind, h.new) for h in d.hunks} == {("replace", "changed")}
    assert len(d.hunks) == 40


def test_places_on_demand_match_a_full_pass() -> None:
    """Sections and subsections found by stepping back agree with reading every line."""
    text = RAISED + "\n".join(
        [
            "Sec. 7. Section 1-2 of the statutes is amended (Effective July 1, 2016): (a) A",
            "(b) (1) first (2) second",
            "(3) third",
            "(h) eighth",
            "(i) ninth, a letter after (h)",
            "(A) capital",
            "(ii) a roman subparagraph",
            "(j) tenth",
            "[(k) bracketed eleventh]",
            "{{(l) underlined twelfth}}",
            "(NEW) odd",
            "Sec. 8. (NEW) (Effective October 1, 2016) (a) New section.",
            "(v) not a letter: no (u) before it",
            "Statement of Purpose:",
            "(a) ignored",
        ]
    )
    lines = clean_paragraphs(text)
    full = [cga.redline.places._START]
    for line in lines:
        full.append(cga.redline.places._step(full[-1], line))
    lazy = cga.redline.places._Places(lines)
    for k in reversed(range(len(lines) + 1)):  # backwards: no help from the memo
        assert lazy[k] == full[k], (k, lines[k - 1] if k else "")
    fresh = cga.redline.places._Places(lines)
    for k in range(len(lines)):
        assert fresh.after_head(k) == full[k + 1], (k, lines[k])
    labels = [p.label for p in full]
    assert "Sec. 7(i)" in labels and "Sec. 7(b)(3)" in labels and "Sec. 8(a)" in labels
    assert "Sec. 7(v)" not in labels and "Sec. 8(v)" not in labels
    assert labels[-1] == "Statement of Purpose"


def test_keys_of_a_list_match_keys_of_each_token() -> None:
    tokens = ["(a)", "x(a)", "(1)", "(12)", "(B)", "(ii)", "(NEW)", "[(b)", "(c),"]
    tokens += ["Sec.\ue0005.", "[Sec.\ue0006.", "Sec.", "7."]
    for words in (tokens, tokens[:5], ["plain", "words"], ["(a)"], ["Sec.\ue0002."]):
        assert cga.redline.tokens._keys(words) == [cga.redline.tokens._key(t) for t in words]


def test_inserted_section_and_renumbering() -> None:
    paras = clean_paragraphs(RAISED)
    renumbered = []
    for para in paras:
        m = re.match(r"Sec\. ([345])\. ", para)
        if m:
            if m[1] == "3":
                renumbered.append(
                    "Sec. 3. (NEW) (Effective July 1, 2016) Each operator shall register with "
                    "the Department of Education."
                )
            para = f"Sec. {int(m[1]) + 1}. {para[m.end() :]}"
        renumbered.append(para)
    d = diff_versions("\n".join(paras), "\n".join(renumbered))
    assert d.summary == "Sec. 3 added; Secs. 3–5 renumbered 4–6"
    assert [(h.scope, h.section) for h in d.hunks] == [
        ("section", "Sec. 3"),
        ("renumber", "Sec. 4"),
        ("renumber", "Sec. 5"),
        ("renumber", "Sec. 6"),
    ]


def test_stray_double_space_far_into_a_long_bill_is_no_change() -> None:
    long = "\n".join([RAISED] * 40)  # well past the 64 KB sampled for double spaces
    assert len(long) > 70_000
    i = long.rindex("a local or regional board")
    spaced = long[:i] + "a local  or regional board" + long[i + len("a local or regional board") :]
    d = diff_versions(long, spaced)
    assert d.summary == "no textual change"
    assert (d.hunks, d.unified) == ((), "")
    parse_html(d.redline_html)


def test_rewritten_sentence_reads_as_one_change() -> None:
    old = clean_paragraphs(RAISED)
    new = [
        p.replace(
            "The board of education shall post each such contract on its Internet web site.",
            "Each contractor shall publish its privacy policy in plain language.",
        )
        for p in old
    ]
    d = diff_versions("\n".join(old), "\n".join(new))
    assert [(h.kind, h.scope, h.section) for h in d.hunks] == [
        ("replace", "sentences", "Sec. 2(b)")
    ]
    assert d.summary.startswith("Sec. 2(b): one sentence rewritten ('Each contractor shall")


UNICODE = (
    RAISED.replace('"', "“").replace("section", "§").replace("education", "éducation")
    + "\r\nÜber\x0calles – “quoted” ‘x’\u2028next"
)


@pytest.mark.parametrize("seed", range(30))
def test_random_edits_outside_ascii(seed: int) -> None:
    """Curly quotes, § and accents take the slower character comparison: same results."""
    edited = scatter_edits(UNICODE, seed, 1 + seed % 15 * 2).replace("shall", "shall—")
    d = diff_versions(UNICODE, edited)
    assert rebuilt(d, DELETED) == normalize_for_diff(UNICODE)
    assert rebuilt(d, INSERTED) == normalize_for_diff(edited)
    parse_html(d.redline_html)
    assert diff_versions(UNICODE, edited, fast=False) == d


def test_file_copy_and_public_act_furniture_is_no_change() -> None:
    """A file copy's report heading and closing vote, a public act's approval line."""
    body = (
        "AN ACT CONCERNING STUDENT DATA PRIVACY.\n"
        "Be it enacted by the Senate and House of Representatives in General Assembly "
        "convened:\n"
        "Section 1. (NEW) (Effective October 1, 2016) A contractor shall protect student data.\n"
    )
    substitute = "General Assembly\nSubstitute Bill No. 5469\nFebruary Session, 2016\n" + body
    file_copy = (
        "File No. 126\nFebruary Session, 2016\nSubstitute House Bill No. 5469\n"
        "House of Representatives, April 4, 2016\n"
        "The Committee on Education reported through REP. FLEISCHMANN of the 18th Dist., "
        "Chairperson of the Committee on the part of the House, that the substitute bill "
        "ought to pass.\n" + body + "ED Joint Favorable Subst.\nAPP Joint Favorable\n"
    )
    public_act = (
        "Substitute House Bill No. 5469\nPublic Act No. 16-189\n" + body + "Approved June 9, 2016\n"
    )
    for old, new in ((substitute, file_copy), (file_copy, public_act)):
        d = diff_versions(old, new)
        assert (d.words_added, d.words_removed, d.summary) == (0, 0, "no textual change")

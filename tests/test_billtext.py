"""Clean bill text from Word HTML and PDF: content only, CGA's markup kept as notation."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from spiders.billtext import DocumentError, clean_text, extract, extract_html, extract_pdf

PAGES = Path(__file__).parent / "pages" / "billtext"
TOB_URL = "https://www.cga.ct.gov/2015/TOB/S/2015SB-00946-R00-SB.htm"
PDF_URL = "https://www.cga.ct.gov/2015/TOB/S/PDF/2015SB-00946-R00-SB.PDF"


def html(body: str, charset: str = "utf-8") -> bytes:
    return f"<html><body>{body}</body></html>".encode(charset)


# --- Word-exported HTML (recorded fixtures) -------------------------------------------

RAISED_BILL_TEXT = """\
General Assembly
Raised Bill No. 946 LCO No. 4041
January Session, 2015

Referred to Committee on EDUCATION

Introduced by:
(ED)

AN ACT CONCERNING STUDENT DATA PRIVACY.
Be it enacted by the Senate and House of Representatives in General Assembly convened:
Section 1. Section 10-234aa of the general statutes is repealed and the following is \
substituted in lieu thereof (Effective October 1, 2015):
(a) As used in this section{{, sections 2 to 4, inclusive, of this act}}:
(1) “Student information” means personally identifiable information or material of a \
student in any media or format that is [not publicly available] {{created or provided by \
a student or the student’s parent or legal guardian to an operator}};
(2) “Operator” means [a person] {{any person}} who operates an Internet web site, online \
service or mobile application with actual knowledge that such site, service or \
application is used for school purposes; and
(3) “School purposes” means purposes that customarily take place at the direction of a \
teacher or a local or regional board of education.
(b) Any operator that violates the provisions of this section shall be fined not more \
than [one thousand dollars] {{$5,000}} for each violation, {{except that for the school \
year 2015–2016 such fine shall not exceed $2,500}}.
Sec. 2. (NEW) (Effective from passage) The Department of Education shall post on its \
Internet web site, www.sde.ct.gov, a list of operators that have executed a contract \
under section 1 of this act not later than July 1, 2015.

This act shall take effect as follows and shall amend the following sections:
Section 1 October 1, 2015 10-234aa
Sec. 2 from passage New section

Statement of Purpose:
To protect student information held by online operators.
[Proposed deletions are enclosed in brackets. Proposed additions are indicated by \
underline, except that when the entire text of a bill or resolution or a section of a \
bill or resolution is new, it is not underlined.]"""


def test_raised_bill_html_exact_text():
    body = (PAGES / "2015SB-00946-R00-SB.htm").read_bytes()
    assert b"\x93Student information\x94" in body and b"2015\x962016" in body  # cp1252
    result = extract_html(body)
    assert result.text == RAISED_BILL_TEXT
    assert result.pages is None
    assert result.warnings == []


def test_raised_bill_html_furniture_gone_markup_kept():
    text = extract_html((PAGES / "2015SB-00946-R00-SB.htm").read_bytes()).text
    for furniture in ("*04041*", "SB00946FIN", "Word.Document", "mso-", "DocumentProperties"):
        assert furniture not in text
    assert "LCO No. 4041" in text  # the document header's LCO number is content
    assert "[one thousand dollars] {{$5,000}}" in text
    assert "{{}}" not in text and "{{ " not in text and " }}" not in text


def test_file_copy_html_utf8_meta():
    result = extract_html((PAGES / "2015SB-00946-R000394-FC.htm").read_bytes())
    lines = result.text.split("\n")
    assert lines[:9] == [
        "Senate",
        "File No. 394",
        "",
        "General Assembly",
        "January Session, 2015",  # committee tag removed
        "",
        "Substitute Senate Bill No. 946",
        "",
        "Senate, April 30, 2015",
    ]
    assert (
        "(1) “Student information” means personally identifiable information or material of"
        " a student in any media or format that is [not publicly available] {{created or"
        " provided by a student or the student’s parent or legal guardian to an operator}};"
    ) in lines
    # <br> ends a line; underlined runs open and close on their own line.
    assert (
        "(b) Any operator that violates the provisions of this section shall be fined not"
        " more than [one thousand dollars] {{$5,000}} for each violation."
    ) in lines
    assert "{{(c) The Department of Education shall enforce the provisions of this section.}}" in (
        lines
    )
    # Short table rows read as one line, like the PDF.
    assert lines[-3:] == ["", "ED Joint Favorable Subst.", "FIN Joint Favorable"]
    assert "Section 1 October 1, 2015 10-234aa" in lines


def test_html_is_one_line_per_paragraph_with_at_most_one_blank_line():
    body = html("<p>a</p><p>&nbsp;</p><p></p><p><o:p>&nbsp;</o:p></p><div><p>b\nc</p></div>")
    assert extract_html(body).text == "a\n\nb c"


# --- HTML decoding --------------------------------------------------------------------


def test_declared_charset_wins_over_meta():
    body = '<meta charset="utf-8"><p>caf\xe9</p>'.encode("cp1252")
    assert extract_html(body, "windows-1252").text == "café"


def test_meta_charset_used_without_header():
    body = b'<meta http-equiv=Content-Type content="text/html; charset=windows-1252"><p>\x93a\x94'
    assert extract_html(body).text == "“a”"


def test_utf8_when_it_decodes_else_cp1252():
    assert extract_html("<p>“a” – b</p>".encode()).text == "“a” – b"
    assert extract_html(b"<p>\x93a\x94 \x96 b</p>").text == "“a” – b"


def test_wrong_declared_charset_falls_back_with_warning():
    result = extract_html(b"<p>\x93a\x94</p>", "utf-8")
    assert result.text == "“a”"
    assert any("'utf-8'" in w and "does not fit" in w for w in result.warnings)


def test_latin1_label_means_windows_1252():
    assert extract_html(b"<p>\x93a\x94</p>", "iso-8859-1").text == "“a”"


def test_utf8_bom_wins():
    body = b"\xef\xbb\xbf<meta charset=windows-1252><p>\xe2\x80\x9ca\xe2\x80\x9d</p>"
    assert extract_html(body).text == "“a”"


# --- HTML notation --------------------------------------------------------------------


@pytest.mark.parametrize(
    "markup,expected",
    [
        ("<u>new</u>", "{{new}}"),
        ("<ins>new</ins>", "{{new}}"),
        ("<span style='text-decoration:underline'>new</span>", "{{new}}"),
        ("<span style='TEXT-DECORATION: underline double'>new</span>", "{{new}}"),
        ("<span style='text-underline:single'>new</span>", "{{new}}"),
        ("<u style='text-decoration:none'>plain</u>", "plain"),
        ("a <u>b</u><u>c</u> d", "a {{bc}} d"),
        ("a <u>b</u> <u>c</u> d", "a {{b c}} d"),
        ("a<u> b </u>c", "a {{b}} c"),
        ("a<u>  b\n   c </u>d", "a {{b c}} d"),
        ("a <u> </u> b", "a b"),
        ("a <u>&nbsp;</u>b", "a b"),
        ("<u>one</u> <b>two</b>", "{{one}} two"),
        ("<u>in<b>bold</b>side</u>", "{{inboldside}}"),
        ("[old] <u>new</u>", "[old] {{new}}"),
        ("<s>old</s> <u>new</u>", "[old] {{new}}"),
        ("<strike>old</strike>", "[old]"),
        ("<del>old</del>", "[old]"),
        ("<span style='text-decoration:line-through'>old</span>", "[old]"),
        ("[<s>old</s>]", "[old]"),
        ("<s>[old]</s>", "[old]"),
        ("[keep <s>old</s> words]", "[keep old words]"),
        ("<s>a</s><s> b</s>", "[a b]"),
        ("<u>a <s>b</s> c</u>", "{{a [b] c}}"),
        ("x <s> </s> y", "x y"),
    ],
)
def test_underline_and_strike_notation(markup, expected):
    assert extract_html(html(f"<p>{markup}</p>")).text == expected


def test_struck_text_after_a_closed_bracket_is_bracketed():
    body = html("<p>[a] <s>b</s></p><p>[c</p><p>d <s>e</s>]</p>")
    assert extract_html(body).text == "[a] [b]\n[c\nd e]"


def test_underline_from_style_class_rule():
    body = (
        b"<html><head><style><!-- span.Ins {text-decoration:underline} "
        b"a:link, span.MsoHyperlink {text-decoration:underline} "
        b".Gone {display:none} --></style></head><body>"
        b"<p><span class=Ins>new</span> <span class=MsoHyperlink>link</span>"
        b"<span class=Gone>hidden</span></p></body></html>"
    )
    assert extract_html(body).text == "{{new}} link"


def test_markers_do_not_cross_paragraphs():
    body = html("<div style='text-decoration:underline'><p>first</p><p>second</p></div>")
    assert extract_html(body).text == "{{first}}\n{{second}}"


def test_head_scripts_styles_comments_and_conditionals_dropped():
    body = (
        b"<html><head><title>T</title><style>p {color:red}</style>"
        b"<script>var x = 1;</script></head><body>"
        b"<!--[if gte mso 9]><xml><o:Words>9</o:Words></xml><![endif]-->"
        b"<p><![if !supportLists]>(1) <![endif]>text<!-- a comment --></p>"
        b"<p style='display:none'>hidden</p><p style='mso-hide:all'>hidden</p>"
        b"<script>document.write('x')</script><noscript>enable js</noscript>"
        b"</body></html>"
    )
    assert extract_html(body).text == "(1) text"


def test_block_elements_and_br_make_lines():
    body = html(
        "<h1>Title</h1><div>one<br>two</div><ul><li>a</li><li>b</li></ul>"
        "<table><tr><td>x</td><td>y</td></tr><tr><th>z</th></tr></table>"
    )
    assert extract_html(body).text == "Title\none\ntwo\na\nb\nx y\nz"


def test_layout_table_rows_keep_their_paragraphs():
    paragraphs = "".join(f"<p>Paragraph {i}.</p>" for i in range(12))
    text = extract_html(html(f"<table><tr><td>{paragraphs}</td></tr></table>")).text
    assert text.split("\n") == [f"Paragraph {i}." for i in range(12)]


def test_literal_braces_warn():
    result = extract_html(html("<p>a {{b}}</p>"))
    assert result.text == "a {{b}}"
    assert any("literal" in w for w in result.warnings)


def test_deeply_nested_markup_does_not_recurse():
    body = html("<span>" * 3000 + "<u>deep</u>" + "</span>" * 3000)
    assert extract_html(body).text == "{{deep}}"


# --- PDF ------------------------------------------------------------------------------

PDF_HEADER = [
    "General Assembly",
    "Raised Bill No. 946",
    "January Session, 2015",
    "LCO No. 4041",
    "*04041*",
    "Referred to Committee on EDUCATION",
    "Introduced by:",
    "(ED)",
    "",
    "AN ACT CONCERNING STUDENT DATA PRIVACY.",
]
PDF_BODY = [
    [
        "Be it enacted by the Senate and House of Representatives in General",
        "Assembly convened:",
        "Section 1. Section 10-234aa of the general statutes is repealed and the",
        "following is substituted in lieu thereof (Effective October 1, 2015):",
        "(a) As used in this section, sections 2 to 4, inclusive, of this act:",
        '(1) "Student information" means personally identifiable infor-',
        "mation or material of a student in any media or format that is [not",
        "publicly available] created or provided by a student to an operator;",
        '(2) "Operator" means any self-employed person or other entity who',
        "operates an Internet web site for school purposes; and",
        '(3) "Contract" means an agreement as described in subdivision',
        "(1) of subsection (b) of this section.",
    ],
    [
        "(b) Any operator that violates the provisions of this section shall be",
        "fined not more than [one thousand dollars] $5,000 for each violation,",
        "provided the operator has been notified under section 10-",
        "234bb of the general statutes and has not cured the violation within",
        "30 days after such notice. The fine for the school year 2015-2016",
        "shall be assessed by the Commissioner of Education.",
        "Sec. 2. (NEW) (Effective from passage) The Department of Education",
        "shall post a list of such operators on its Internet web site.",
    ],
]
PDF_TEXT = """\
General Assembly
Raised Bill No. 946
January Session, 2015
LCO No. 4041
Referred to Committee on EDUCATION
Introduced by:
(ED)
AN ACT CONCERNING STUDENT DATA PRIVACY.
Be it enacted by the Senate and House of Representatives in General Assembly convened:
Section 1. Section 10-234aa of the general statutes is repealed and the following is \
substituted in lieu thereof (Effective October 1, 2015):
(a) As used in this section, sections 2 to 4, inclusive, of this act:
(1) "Student information" means personally identifiable information or material of a \
student in any media or format that is [not publicly available] created or provided by a \
student to an operator;
(2) "Operator" means any self-employed person or other entity who operates an Internet \
web site for school purposes; and
(3) "Contract" means an agreement as described in subdivision (1) of subsection (b) of \
this section.
(b) Any operator that violates the provisions of this section shall be fined not more \
than [one thousand dollars] $5,000 for each violation, provided the operator has been \
notified under section 10-234bb of the general statutes and has not cured the violation \
within 30 days after such notice. The fine for the school year 2015-2016 shall be \
assessed by the Commissioner of Education.
Sec. 2. (NEW) (Effective from passage) The Department of Education shall post a list of \
such operators on its Internet web site."""


def bill_pdf(header: list[str], pages: list[list[str]], lco: int = 4041) -> bytes:
    """A CGA-like PDF: running header, bill header, body lines numbered in the margin."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
    number = 0
    for page_no, lines in enumerate(pages, 1):
        pdf.setFont("Times-Roman", 12)
        pdf.drawRightString(540, 756, f"LCO No. {lco}   {page_no} of {len(pages)}")
        y = 720
        if page_no == 1:
            for line in header:
                pdf.drawString(90, y, line)
                y -= 16
        for line in lines:
            number += 1
            pdf.drawRightString(70, y, str(number))
            pdf.drawString(90, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def bill_pdf_bytes() -> bytes:
    return bill_pdf(PDF_HEADER, PDF_BODY)


def test_pdf_raw_extraction_has_the_furniture(bill_pdf_bytes):
    # Guards the fixture: pypdf does interleave line numbers and page headers.
    raw = "\f".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(bill_pdf_bytes)).pages)
    assert "LCO No. 4041   2 of 2" in raw
    assert "\n5\n" in raw and "\n20\n" in raw
    assert "infor-\n7\nmation" in raw


def test_pdf_exact_clean_text(bill_pdf_bytes):
    result = extract_pdf(bill_pdf_bytes)
    assert result.pages == 2
    assert result.warnings == []
    assert result.text == PDF_TEXT


def test_pdf_furniture_gone_real_numbers_kept(bill_pdf_bytes):
    text = extract_pdf(bill_pdf_bytes).text
    assert "of 2" not in text and "*04041*" not in text
    assert "LCO No. 4041" in text.split("\n")
    assert "information" in text and "infor-" not in text
    assert "self-employed" in text
    for real in ("$5,000", "(1)", "2015", "2015-2016", "30 days", "10-234bb"):
        assert real in text
    assert not any(line.strip().isdigit() for line in text.split("\n"))


def test_pdf_truncated_is_a_document_error(bill_pdf_bytes):
    with pytest.raises(DocumentError, match="truncated PDF"):
        extract_pdf(bill_pdf_bytes[: len(bill_pdf_bytes) // 2])


def test_pdf_corrupt_is_a_document_error():
    with pytest.raises(DocumentError, match="corrupt PDF"):
        extract_pdf(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\ntrailer\n%%EOF\n")


def test_not_a_pdf_is_a_document_error():
    with pytest.raises(DocumentError, match="not a PDF: it looks like HTML"):
        extract_pdf(b"<!DOCTYPE html><html><body>The resource cannot be found.</body></html>")


def _encrypted(body: bytes, user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(body)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_needing_a_password_is_a_document_error(bill_pdf_bytes):
    with pytest.raises(DocumentError, match="encrypted PDF: a password is needed"):
        extract_pdf(_encrypted(bill_pdf_bytes, "secret"))


def test_pdf_with_empty_user_password_is_read(bill_pdf_bytes):
    result = extract_pdf(_encrypted(bill_pdf_bytes, ""))
    assert result.text == PDF_TEXT
    assert any("encrypted" in w for w in result.warnings)


def test_scanned_pdf_has_no_text_and_a_warning():
    from PIL import Image

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter, invariant=1)
    pdf.drawImage(ImageReader(Image.new("L", (40, 40), 128)), 72, 500, 200, 200)
    pdf.showPage()
    pdf.save()
    result = extract_pdf(buf.getvalue())
    assert result == type(result)(text="", pages=1, warnings=["no extractable text (scanned?)"])


# --- clean_text on its own ------------------------------------------------------------


def test_clean_text_page_headers_barcodes_tags_form_feeds():
    raw = (
        "LCO No. 4041   1 of 2\n"
        "General Assembly\n"
        "LCO No. 4041   *04041*\n"
        "*_____SB00946FIN___043015____*\n"
        "\n"
        "Sec. 3. The board shall act.\n"
        "\f"
        "LCO No. 4041 2 of 2\n"
        "Sec. 4. The board shall report.\n"
    )
    assert clean_text(raw) == (
        "General Assembly\nLCO No. 4041\n\nSec. 3. The board shall act.\n"
        "Sec. 4. The board shall report."
    )


def test_clean_text_bare_page_counters_need_a_recurring_total():
    assert clean_text("a\n1 of 3\nb\n\n2 of 3\nc\n3 of 3") == "a\nb\n\nc"
    assert clean_text("appoint\n1 of 5\nmembers") == "appoint\n1 of 5\nmembers"


def test_clean_text_other_running_headers_with_page_counters():
    raw = "Public Act No. 15-34   1 of 1\nPublic Act No. 15-34\nAN ACT CONCERNING COMPOSTING."
    assert clean_text(raw) == "Public Act No. 15-34\nAN ACT CONCERNING COMPOSTING."
    raw = "sHB 5444 File No. 394  1 of 2\nSec. 1. First.\fsHB 5444 File No. 394 2 of 2\nSec. 2."
    assert clean_text(raw) == "Sec. 1. First.\nSec. 2."
    # Same title, one page of several: no evidence that it is a header.
    assert clean_text("seats filled 2 of 5") == "seats filled 2 of 5"


PARAGRAPH = [
    "Any operator that violates the provisions of this section shall be",
    "fined not more than five thousand dollars for each violation and shall",
    "cure the violation not later than thirty days after receiving notice",
    "from the department.",
]
JOINED = " ".join(PARAGRAPH)


def test_clean_text_line_numbers_leading_on_the_line():
    raw = "\n".join(f"{n} {line}" for n, line in enumerate(PARAGRAPH, 12))
    assert clean_text(raw) == JOINED


def test_clean_text_line_numbers_trailing_on_the_line():
    raw = "\n".join(f"{line} {n}" for n, line in enumerate(PARAGRAPH, 40))
    assert clean_text(raw) == JOINED


def test_clean_text_line_numbers_restart_on_each_page():
    page = "\n".join(f"{n}\n{line}" for n, line in enumerate(PARAGRAPH, 1))
    assert clean_text(f"{page}\f{page}") == f"{JOINED}\n{JOINED}"


def test_clean_text_keeps_numbers_without_line_number_evidence():
    raw = (
        "Fiscal year\n"
        "2015 Personal Services 1,000\n"
        "2016 Personal Services 1,100\n"
        "2017 Personal Services 1,200\n"
        + "\n".join(f"Other line {c} of the appropriations act." for c in "abcdefghijklmn")
    )
    assert clean_text(raw).split("\n")[1:4] == [
        "2015 Personal Services 1,000",
        "2016 Personal Services 1,100",
        "2017 Personal Services 1,200",
    ]


def test_clean_text_short_bill_numbers_counting_from_one_are_enough():
    header = ["General Assembly", "Raised Bill No. 112", "January Session, 2015"] * 4
    body = [
        "Section 1. (NEW) (Effective October 1, 2015) Any municipality may establish a",
        "program to collect food waste from residents and deliver it to a facility.",
        "Sec. 2. (NEW) (Effective October 1, 2015) The commissioner may give technical",
        "help to a municipality that establishes such a program.",
    ]
    numbered = [f"{n}\n{line}" for n, line in enumerate(body, 1)]
    sop = "Statement of Purpose: To allow municipalities to set up programs to collect and"
    raw = "\n".join([*header, *numbered, sop, "compost food waste."])
    assert clean_text(raw).split("\n")[-3:] == [
        f"{body[0]} {body[1]}",
        f"{body[2]} {body[3]}",
        f"{sop} compost food waste.",
    ]


def test_clean_text_keeps_a_leading_real_number_after_a_lone_line_number():
    lines = [
        "The board shall meet at least once in each calendar quarter and within",
        "10 days after the first day of each fiscal year, and shall report on or",
        "2015 budget matters to the joint standing committee.",
    ]
    raw = "".join(f"{n}\n{line}\n" for n, line in enumerate(lines, 1))
    assert clean_text(raw) == " ".join(lines)


@pytest.mark.parametrize(
    "first,second,expected",
    [
        ("personally identifiable infor-", "mation of a student", "information"),
        ("any self-employed person and any self-", "employed contractor", "self-employed"),
        ("a school-based health center, a school-", "based clinic", "school-based"),
        ("a total of twenty-", "five members", "twenty-five"),
        ("pursuant to section 10-", "234aa of the statutes", "10-234aa"),
        ("the Connecticut Anti-", "Terrorism Act of", "Anti-Terrorism"),
        ("as follows (", "Effective July 1, 2018):", "as follows (Effective July"),
    ],
)
def test_clean_text_hyphenated_line_ends(first, second, expected):
    padding = "text " * 12
    out = clean_text(f"{padding}{first}\n{second}\n{padding}end.")
    assert expected in out
    assert "\n" not in out


def test_clean_text_paragraph_boundaries():
    raw = "\n".join(
        [
            "AN ACT CONCERNING THE BOARD.",
            "Section 1. (Effective October 1, 2015) The board shall consist of the",
            "following members appointed as described in subdivision",
            "(1) of subsection (b) of this section:",
            "(1) The commissioner, or the commissioner's designee, who shall serve",
            "as chairperson; and",
            "(2) Two members appointed by the Governor.",
            "Sec. 2. This act takes effect from passage and applies to any board in",
            "existence on or after said date.",
            "",
            "",
            "",
            "Statement of Purpose:",
            "To establish the board.",
        ]
    )
    assert clean_text(raw) == (
        "AN ACT CONCERNING THE BOARD.\n"
        "Section 1. (Effective October 1, 2015) The board shall consist of the following "
        "members appointed as described in subdivision (1) of subsection (b) of this section:\n"
        "(1) The commissioner, or the commissioner's designee, who shall serve as "
        "chairperson; and\n"
        "(2) Two members appointed by the Governor.\n"
        "Sec. 2. This act takes effect from passage and applies to any board in existence on "
        "or after said date.\n"
        "\n"
        "Statement of Purpose:\n"
        "To establish the board."
    )


def test_clean_text_spaces_and_idempotence(bill_pdf_bytes):
    assert clean_text("  a   b  \n\n\n\nc\t\td  \n") == "a b\n\nc d"
    assert clean_text(PDF_TEXT) == PDF_TEXT


def test_clean_text_leaves_sample_banner_alone():
    raw = "Sample data: not an official copy\nGeneral Assembly"
    assert clean_text(raw) == raw


# --- extract: dispatch ----------------------------------------------------------------


def test_extract_html_by_default_with_header_charset():
    result = extract(b"<p>\x93a\x94</p>", "text/html; charset=windows-1252", TOB_URL)
    assert result.text == "“a”"


def test_extract_pdf_by_magic_suffix_or_type(bill_pdf_bytes):
    for content_type, url in [
        ("text/html", TOB_URL),
        ("application/pdf", PDF_URL),
        (None, PDF_URL),
        ("application/octet-stream", "https://www.cga.ct.gov/x"),
    ]:
        assert extract(bill_pdf_bytes, content_type, url).pages == 2


def test_extract_html_error_page_at_pdf_url():
    body = b"<html><body><h1>Server Error</h1>The resource cannot be found.</body></html>"
    with pytest.raises(DocumentError, match=r"2015SB-00946-R00-SB\.PDF: not a PDF"):
        extract(body, "text/html", PDF_URL)
    with pytest.raises(DocumentError, match="not a PDF"):
        extract(body, "application/pdf", "https://www.cga.ct.gov/doc?id=1")


def test_extract_empty_body():
    with pytest.raises(DocumentError, match=f"{TOB_URL}: empty body"):
        extract(b"", "text/html", TOB_URL)
    with pytest.raises(DocumentError, match="empty body"):
        extract(b"  \r\n", None, TOB_URL)


def test_extract_html_that_parses_to_nothing():
    body = b"<html><head><title>SB946</title><style>p{}</style></head><body> </body></html>"
    with pytest.raises(DocumentError, match=f"{TOB_URL}: HTML page parsed to nothing"):
        extract(body, "text/html", TOB_URL)


def test_extract_truncated_pdf_names_the_url(bill_pdf_bytes):
    with pytest.raises(DocumentError, match=f"{PDF_URL}: truncated PDF"):
        extract(bill_pdf_bytes[:1000], "application/pdf", PDF_URL)


def test_extract_word_document_is_refused():
    with pytest.raises(DocumentError, match="Word document"):
        extract(b"PK\x03\x04rest-of-zip", None, "https://search.cga.state.ct.us/x.docx")


def test_document_error_is_a_value_error():
    assert issubclass(DocumentError, ValueError)

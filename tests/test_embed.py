"""The embeds /embed/{id}, .js, .json, .svg through Datasette's client: content, options,
escaping of hostile text in HTML, JSON, JavaScript and SVG, CORS, conditional GET, errors."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_bill_page import BILL, EVIL, build_db, get

from billwatch.serve import make_datasette
from publish.embed_render import embed_paths, render_badge, text_width
from publish.script_json import json_for_script

PUBLIC = "https://bills.example.org"
STATUS = "Passed the House"
SVG_NS = "{http://www.w3.org/2000/svg}"
EMBED_JS = Path(__file__).resolve().parent.parent / "publish" / "static" / "embed.js"


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return make_datasette(
        build_db(tmp_path_factory.mktemp("embed") / "billwatch.db"), public_url=PUBLIC
    )


def test_json_document(ds):
    response = get(ds, f"/embed/{BILL}.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.headers["access-control-allow-origin"] == "*"
    data = response.json()
    assert {
        "id",
        "title",
        "stage",
        "outcome",
        "last_action",
        "last_action_date",
        "url",
        "sample",
        "updated",
    } <= set(data)
    assert data["id"] == BILL
    assert data["title"] == EVIL  # JSON carries the text as it is: consumers escape
    assert data["stage"] == "passed_first" and data["outcome"] == "pending"
    assert data["status"] == STATUS
    assert data["last_action_date"] == "2015-05-29"
    assert data["url"] == f"{PUBLIC}/bills/{BILL}"
    assert data["sample"] is True
    assert data["updated"] == "2026-01-02T03:04:05Z"


def test_iframe_card(ds):
    response = get(ds, f"/embed/{BILL}")
    assert response.status_code == 200
    html = response.text
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors *" in csp
    assert "x-frame-options" not in response.headers
    assert ">HB 7017</a>" in html
    assert f'<span class="bw-status-text">{STATUS}</span>' in html
    assert '<time datetime="2015-05-29">May 29, 2015</time>' in html
    assert f'href="{PUBLIC}/bills/{BILL}" target="_blank" rel="noopener"' in html
    assert '<span class="bw-sample">sample data</span>' in html
    body = html.split("<body>")[1]
    assert "bw-light" in body and "bw-compact" not in body
    assert "<script" not in html.lower().replace("&lt;script", "")
    assert "<img" not in html
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; &#39;Q&#39; ]]&gt;" in html


def test_html_suffix_is_the_same_card(ds):
    plain, html = get(ds, f"/embed/{BILL}"), get(ds, f"/embed/{BILL}.html")
    assert html.status_code == 200 and html.content == plain.content
    assert get(ds, "/embed/2015-hb-7017.html").headers["location"] == f"/embed/{BILL}.html"


def test_card_options(ds):
    dark = get(ds, f"/embed/{BILL}?theme=dark&compact=1").text.split("<body>")[1]
    assert 'class="bw-card bw-dark bw-tone-pending bw-compact"' in dark
    assert 'class="bw-title"' not in dark and "bw-meter" not in dark
    assert STATUS in dark
    odd = get(ds, f"/embed/{BILL}?theme=%22%3E%3Cscript%3E").text
    assert 'class="bw-card bw-light bw-tone-pending"' in odd


def test_script_embed_is_data_plus_the_static_renderer(ds):
    response = get(ds, f"/embed/{BILL}.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    body = response.text
    renderer = EMBED_JS.read_text(encoding="utf-8").rstrip()
    assert body.startswith(renderer)
    call = body[len(renderer) :]
    assert call.startswith("(") and call.endswith(", document.currentScript);\n")
    data_text = call[1 : -len(", document.currentScript);\n")]
    # Nothing in the data can close a <script>, open a comment or end a string
    for bad in ("<", ">", "'", "\u2028", "]]>"):
        assert bad not in data_text
    data = json.loads(data_text)
    assert data["title"] == EVIL
    assert data["status"] == STATUS
    assert data["sample"] is True and data["sample_label"] == "sample data"
    assert data["url"] == f"{PUBLIC}/bills/{BILL}"
    assert ":host" in data["css"]


def test_renderer_never_parses_markup():
    source = EMBED_JS.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source
    assert "textContent" in source and "attachShadow" in source


def test_svg_badge_is_well_formed_and_escaped(ds):
    response = get(ds, f"/embed/{BILL}.svg")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml; charset=utf-8"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    root = ET.fromstring(response.text)
    texts = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert "2015 HB 7017 (sample data)" in texts
    assert "passed the house" in texts
    title = root.find(f"{SVG_NS}title").text
    assert title.startswith("2015 HB 7017 (sample data): passed the house — ")
    assert "<script>" in title  # the short title, as text (escaped in the XML)
    assert "<script" not in response.text


def test_badge_of_hostile_stage_stays_well_formed():
    svg = render_badge('x<script>"&]]>\x01', "</text><script>alert(1)</script>", "??", EVIL)
    root = ET.fromstring(svg)
    assert "<script" not in svg
    assert [t.text for t in root.iter(f"{SVG_NS}text")][1] == 'x<script>"&]]>'
    assert text_width("HB 7017") < text_width("HB 7017 (sample data)")


@pytest.mark.parametrize("suffix", ["", ".json", ".svg", ".js"])
def test_conditional_get(ds, suffix):
    first = get(ds, f"/embed/{BILL}{suffix}")
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public")
    assert first.headers["last-modified"] == "Fri, 02 Jan 2026 03:04:05 GMT"
    again = get(ds, f"/embed/{BILL}{suffix}", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["access-control-allow-origin"] == "*"
    weak = get(ds, f"/embed/{BILL}{suffix}", headers={"if-none-match": f'"x", W/{etag}'})
    assert weak.status_code == 304
    stale = get(ds, f"/embed/{BILL}{suffix}", headers={"if-none-match": '"other"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_options_change_the_etag(ds):
    light = get(ds, f"/embed/{BILL}").headers["etag"]
    dark = get(ds, f"/embed/{BILL}?theme=dark").headers["etag"]
    assert light != dark


@pytest.mark.parametrize(
    ("suffix", "content_type"),
    [
        ("", "text/html"),
        (".json", "application/json"),
        (".svg", "image/svg+xml"),
        (".js", "text/javascript"),
    ],
)
def test_unknown_and_malformed_ids(ds, suffix, content_type):
    missing = get(ds, f"/embed/2015-HB-2{suffix}")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith(content_type)
    bad = get(ds, f"/embed/not-a-bill{suffix}")
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith(content_type)
    if suffix == ".json":
        assert missing.json()["status"] == 404 and "2015-HB-2" in missing.json()["error"]
    if suffix == ".svg":
        ET.fromstring(bad.text)


def test_other_spellings_redirect(ds):
    response = get(ds, "/embed/2015-hb-07017.json?compact=1")
    assert response.status_code == 301
    assert response.headers["location"] == f"/embed/{BILL}.json?compact=1"
    assert response.headers["access-control-allow-origin"] == "*"


def test_live_data_card_has_no_sample_marker(tmp_path):
    ds = make_datasette(build_db(tmp_path / "live.db", sample=False))
    assert get(ds, f"/embed/{BILL}.json").json()["sample"] is False
    assert "sample" not in get(ds, f"/embed/{BILL}").text.split("<body>")[1].lower()
    assert "sample" not in get(ds, f"/embed/{BILL}.svg").text.lower()
    # no --public-url and no allowed Host: a site-relative link (the Host is not trusted)
    assert get(ds, f"/embed/{BILL}.json").json()["url"] == f"/bills/{BILL}"


@pytest.mark.parametrize(
    ("bill_id", "status", "tone"),
    [
        ("2016-HB-5469", "Signed into law (Public Act 16-189)", "enacted"),
        ("2015-HB-6688", "Vetoed by the governor", "vetoed"),
        ("2015-SB-415", "Did not pass (last stage: in committee)", "dead"),
    ],
)
def test_outcomes(ds, bill_id, status, tone):
    assert get(ds, f"/embed/{bill_id}.json").json()["status"] == status
    assert f"bw-tone-{tone}" in get(ds, f"/embed/{bill_id}").text


def test_embed_paths_for_the_static_export():
    assert embed_paths(BILL) == [
        f"/embed/{BILL}",
        f"/embed/{BILL}.json",
        f"/embed/{BILL}.svg",
        f"/embed/{BILL}.js",
    ]


def test_json_for_script():
    text = json_for_script({"t": "</script><!-- ]]> & 'x' \u2028"})
    assert re.fullmatch(r"[^<>&'\u2028]*", text)
    assert json.loads(text) == {"t": "</script><!-- ]]> & 'x' \u2028"}

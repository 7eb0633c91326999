"""cga/text.py: text that is always publishable (XML 1.0 can carry it)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree

import pytest

from cga.text import is_publishable, publishable, publishable_deep

FORBIDDEN = "\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\ufffe\uffff\ud800"


@pytest.mark.parametrize("ch", list(FORBIDDEN))
def test_every_character_xml_forbids_becomes_a_replacement_character(ch):
    text = f"student{ch}data"
    assert not is_publishable(text)
    assert publishable(text) == "student\ufffddata"
    ElementTree.fromstring(f"<a>{publishable(text)}</a>")  # parses


def test_what_xml_allows_is_kept():
    text = "tab\tline\ncarriage\r € – “quotes” \U0001f600 \x7f\x85"
    assert is_publishable(text)
    assert publishable(text) == text


@dataclass
class Inner:
    name: str
    data: bytes


@dataclass(frozen=True)
class Outer:
    title: str
    items: list[Inner]
    extra: dict[str, str]
    pair: tuple[str, int]


def test_records_are_cleaned_deep_and_copied_only_where_needed():
    clean = Inner("fine", b"\x00raw bytes stay")
    dirty = Inner("Nu\x1bnez", b"\x01")
    record = Outer("AN ACT\x00", [clean, dirty], {"k\x01": "v\x02"}, ("x\x0b", 1))
    out = publishable_deep(record)
    assert out.title == "AN ACT\ufffd"
    assert out.items[0] is clean
    assert out.items[1].name == "Nu\ufffdnez" and out.items[1].data == b"\x01"
    assert out.extra == {"k\ufffd": "v\ufffd"}
    assert out.pair == ("x\ufffd", 1)
    assert record.title == "AN ACT\x00"  # the input is not modified
    untouched = Outer("ok", [clean], {}, ("y", 2))
    assert publishable_deep(untouched) is untouched

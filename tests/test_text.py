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


class Title(str):
    """A str subclass (as some libraries hand back)."""


@dataclass
class Action:
    bill: Outer
    date: str
    text: str
    code: str | None


def _many(dirty_at: int | None, where: str) -> object:
    """A bulk-item-like record: thousands of actions, one of them dirty in ``where``."""
    actions = []
    for i in range(3000):
        bad = "\x0c" if i == dirty_at else ""
        bill = Outer(
            "t" + (bad if where == "nested title" else ""),
            [],
            {"k" + (bad if where == "dict key" else ""): "v"},
            ("p" + (bad if where == "tuple" else ""), i),
        )
        text = "a" + (bad if where == "text" else "")
        if where == "str subclass":
            text = Title("a" + bad)
        actions.append(Action(bill, "2015-01-0" + str(1 + i % 9), text, None))
    return Outer("session", [], {"actions": actions}, ("", 0))  # type: ignore[dict-item]


@pytest.mark.parametrize("where", ["text", "nested title", "dict key", "tuple", "str subclass"])
@pytest.mark.parametrize("dirty_at", [0, 1499, 2999])
def test_the_quick_look_finds_one_bad_character_anywhere_in_thousands_of_records(where, dirty_at):
    # publishable_deep first looks without copying; it must never miss what the copying
    # walk would clean, wherever it hides.
    record = _many(dirty_at, where)
    out = publishable_deep(record)
    assert out is not record
    cleaned = out.extra["actions"][dirty_at]
    assert "\\x0c" not in repr(cleaned) and "\ufffd" in repr(cleaned)
    assert "\\x0c" in repr(record.extra["actions"][dirty_at])  # the input is not modified
    assert out.extra["actions"][dirty_at - 1] is record.extra["actions"][dirty_at - 1]


def test_thousands_of_clean_records_come_back_as_they_are():
    record = _many(None, "text")
    assert publishable_deep(record) is record

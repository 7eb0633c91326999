"""cga/clock.py: one clock, frozen by BILLWATCH_NOW."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cga import clock
from cga.actions import session_finished


def test_billwatch_now_freezes_the_clock(monkeypatch):
    monkeypatch.setenv("BILLWATCH_NOW", "2016-03-01T14:00:00Z")
    assert clock.now() == datetime(2016, 3, 1, 14, tzinfo=UTC)
    assert clock.now_iso() == "2016-03-01T14:00:00Z"
    assert clock.ct_today() == date(2016, 3, 1)
    assert session_finished(2016) is False  # the session is in progress on that day


def test_a_local_evening_is_the_same_connecticut_day(monkeypatch):
    monkeypatch.setenv("BILLWATCH_NOW", "2016-03-02T03:30:00+00:00")  # 22:30 EST on Mar 1
    assert clock.ct_today() == date(2016, 3, 1)


def test_a_timestamp_without_offset_is_utc(monkeypatch):
    monkeypatch.setenv("BILLWATCH_NOW", "2016-03-01T14:00:00")
    assert clock.now_iso() == "2016-03-01T14:00:00Z"


def test_without_billwatch_now_the_clock_is_real(monkeypatch):
    monkeypatch.delenv("BILLWATCH_NOW", raising=False)
    before = datetime.now(UTC).replace(microsecond=0)
    assert before <= clock.now() <= datetime.now(UTC)


def test_a_bad_billwatch_now_is_named(monkeypatch):
    monkeypatch.setenv("BILLWATCH_NOW", "yesterday")
    with pytest.raises(clock.BadClock, match="BILLWATCH_NOW='yesterday'"):
        clock.now()

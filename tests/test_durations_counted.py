"""Durations counted one way (locale_sv.moved_by): days, weeks, months and years before or after a
date, at month ends, in leap years and across year ends; and the calendar, the overview and the
termination check reading the same function (a renewal's last day to give notice, a termination's
end)."""
from __future__ import annotations

import datetime as dt
import json
import textwrap
from decimal import Decimal

import pytest

from iopdoc.locale_sv import moved_by
from iopdoc.source.durations import parse_duration
from tests.test_schedule import HEAD, write

D = dt.date


@pytest.mark.parametrize("day, text, forward, expected", [
    # Days and weeks are days: 90 dagar before the year's last day, 13 veckor = 91 days.
    (D(2030, 12, 31), "90 dagar", False, D(2030, 10, 2)),
    (D(2030, 12, 31), "13 veckor", False, D(2030, 10, 1)),
    (D(2030, 12, 31), "1 dag", True, D(2031, 1, 1)),
    (D(2031, 1, 1), "1 dag", False, D(2030, 12, 31)),
    (D(2030, 12, 25), "två veckor", True, D(2031, 1, 8)),
    # Months on the calendar; a day the month lacks becomes its last day.
    (D(2030, 12, 31), "sex månader", False, D(2030, 6, 30)),
    (D(2026, 1, 31), "en månad", True, D(2026, 2, 28)),
    (D(2028, 1, 31), "en månad", True, D(2028, 2, 29)),
    (D(2026, 3, 31), "en månad", False, D(2026, 2, 28)),
    (D(2026, 8, 31), "tre månader", True, D(2026, 11, 30)),
    (D(2026, 11, 30), "två månader", True, D(2027, 1, 30)),
    # Leap years: 29 February and a year.
    (D(2024, 2, 29), "ett år", True, D(2025, 2, 28)),
    (D(2024, 2, 29), "fyra år", False, D(2020, 2, 29)),
    (D(2028, 3, 1), "1 dag", False, D(2028, 2, 29)),
    (D(2028, 2, 28), "3 dagar", True, D(2028, 3, 2)),
    # Half a month is 15 days, after the whole months.
    (D(2026, 1, 31), "en och en halv månad", True, D(2026, 3, 15)),
])
def test_a_duration_is_counted_on_the_calendar(day, text, forward, expected):
    length = parse_duration(text)
    assert length is not None, text
    assert moved_by(day, length.amount, length.unit, forward) == expected
    if length.unit in ("dagar", "veckor"):  # and there and back again is the same day
        assert moved_by(moved_by(day, length.amount, length.unit, forward), length.amount, length.unit, not forward) == day


def test_every_day_of_a_leap_year_and_the_next_moves_by_whole_days():
    day = D(2027, 12, 1)
    while day <= D(2029, 1, 31):
        assert (moved_by(day, Decimal(90), "dagar") - day).days == 90
        assert (day - moved_by(day, Decimal(13), "veckor", forward=False)).days == 91
        back = moved_by(day, Decimal(1), "månader", forward=False)
        assert back.month == (day.month - 2) % 12 + 1 and back.day == min(day.day, back.day)
        day += dt.timedelta(days=1)


def agreement(tmp_path, identifier: str, period: str) -> str:
    text = (HEAD + textwrap.dedent(period) + "sections:\n  - kind: period\n    heading: Avtalsperiod\n    body: |\n"
            "      Överenskommelsen gäller till och med {{ period.end }}.\n")
    return write(tmp_path, identifier, text)


@pytest.mark.parametrize("notice, last_day", [("90 dagar", "2030-10-02"), ("13 veckor", "2030-10-01"),
                                              ("tre månader", "2030-09-30")])
def test_the_calendar_and_the_overview_count_the_notice_period_so(cli, tmp_path, notice, last_day):
    agreement(tmp_path, "fornyas", f"""\
        period:
          start: 2027-01-01
          end: 2030-12-31
          notice: {notice}
          notice_kind: renewal
        """)
    data = json.loads(cli("overview", "--today", "2030-06-01", "--months", "7", "--format", "json",
                          "--project", tmp_path).out)
    assert [e["date"] for e in data["due"] if e["kind"] == "notice"] == [last_day]


def test_a_termination_in_weeks_ends_on_the_day_counted_so(cli, tmp_path):
    path = agreement(tmp_path, "uppsagd", """\
        period:
          start: 2027-01-01
          end: 2030-12-31
          notice: 13 veckor
        termination:
          by: jouren
          given: 2028-12-01
          end: 2029-03-02
        """)
    result = cli("check", path, cwd=tmp_path)
    assert "IOP113" not in result.err, result.err  # 2028-12-01 + 91 days = 2029-03-02
    wrong = agreement(tmp_path, "uppsagd-fel", """\
        period:
          start: 2027-01-01
          end: 2030-12-31
          notice: 13 veckor
        termination:
          by: jouren
          given: 2028-12-01
          end: 2029-03-03
        """)
    assert "IOP113" in cli("check", wrong, cwd=tmp_path).err

"""Calendar files that fit a calendar app: short titles (the source's `short_title`, else derived
from the parties, at most 40 characters), reminders from iopdoc.toml as VALARMs, and the same
UIDs when a calendar is written again, so an app imports it twice without duplicates. Every file
is read by icalendar and by vobject (tests.test_calendar_overview.components)."""
from __future__ import annotations

import datetime as dt

from tests.test_calendar_overview import FOLLOW_UP, RENEWING, components, ics
from tests.test_schedule import agreement, write


def test_titles_are_short_derived_from_the_parties_and_reminders_are_alarms(cli, tmp_path):
    text = agreement("2026-01-01", "2027-12-31", RENEWING, extra=FOLLOW_UP)
    path = write(tmp_path, "lang-titel", text)
    (tmp_path / "iopdoc.toml").write_text('[calendar]\nreminders = ["P14D", "PT2H"]\n', encoding="utf-8")
    data = ics(cli, tmp_path, path, cwd=tmp_path)
    found = components(data)
    titles = {str(c["SUMMARY"]).split(": ")[0] for c in found}
    assert titles == {"IOP Brottsofferjouren Östergötland"}  # the non-profit party's name, not the long title
    for component in found:
        alarms = [a for a in component.subcomponents if a.name == "VALARM"]
        assert sorted(a["TRIGGER"].dt for a in alarms) == [-dt.timedelta(days=14), -dt.timedelta(hours=2)]
        assert all(str(a["ACTION"]) == "DISPLAY" for a in alarms)
    assert b"\r\n" in data and all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded lines, CRLF
    assert components(ics(cli, tmp_path, path, name="again.ics", cwd=tmp_path)) and \
        sorted(str(c["UID"]) for c in components(ics(cli, tmp_path, path, name="again.ics", cwd=tmp_path))) == \
        sorted(str(c["UID"]) for c in found)


def test_a_stated_short_title_is_used_and_a_long_one_shortened_at_a_word(cli, tmp_path):
    text = agreement("2026-01-01", "2026-12-31", RENEWING).replace(
        "status: draft\n", "status: draft\nshort_title: Stöd till brottsutsatta i Norrköping och Östergötland län\n")
    path = write(tmp_path, "kort", text)
    titles = {str(c["SUMMARY"]).split(": ")[0] for c in components(ics(cli, tmp_path, path, cwd=tmp_path))}
    assert titles == {"Stöd till brottsutsatta i Norrköping…"}


def test_a_wrong_reminder_is_a_message_at_its_line(cli, tmp_path):
    path = write(tmp_path, "fel", agreement("2026-01-01", "2026-12-31", RENEWING))
    (tmp_path / "iopdoc.toml").write_text('[calendar]\nreminders = ["två veckor"]\n', encoding="utf-8")
    result = cli("calendar", path, cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err
    assert "iopdoc.toml:2:1: error[IOP062]: `reminders` ska vara en lista av tidslängder" in result.err

"""`iopdoc calendar` and `iopdoc overview`: the ICS read back with icalendar, the overview of the
real sources on a fixed day, and agreements in other shapes written here (meetings in named months,
reports with due dates, a self-renewing agreement, another lead time in iopdoc.toml)."""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

from icalendar import Calendar

from tests.conftest import REPO
from tests.test_schedule import agreement, write

NEW = REPO / "sources" / "linkoping-kvinnojouren-2025.yaml"


def components(data: bytes) -> list:
    """The events and to-dos, read with icalendar; the same file read by vobject (an independent
    parser) must give the same UIDs, and no event may last longer than a day."""
    import vobject

    found = [c for c in Calendar.from_ical(data).walk() if c.name in ("VEVENT", "VTODO")]
    second = vobject.readOne(data.decode("utf-8"), validate=True)
    items = list(getattr(second, "vevent_list", [])) + list(getattr(second, "vtodo_list", []))
    assert sorted(i.uid.value for i in items) == sorted(str(c["UID"]) for c in found)
    for event in getattr(second, "vevent_list", []):
        end = event.dtend.value if hasattr(event, "dtend") else event.dtstart.value + dt.timedelta(days=1)
        assert (end - event.dtstart.value).days <= 1, event.summary.value
    for c in found:
        assert len(str(c["SUMMARY"]).split(": ")[0]) <= 40, str(c["SUMMARY"])
    return found


def day_of(component) -> dt.date:
    return (component.get("DTSTART") or component.get("DUE")).dt


def kind_of(component) -> str:
    return str(component["UID"]).split("@")[0].split(".")[1]


def ics(cli, tmp_path, *sources, name="out.ics", cwd=REPO) -> bytes:
    out = tmp_path / name
    result = cli("calendar", *sources, "-o", out, cwd=cwd)
    assert result.code == 0, result.err
    return out.read_bytes()


def test_the_2025_calendar_has_its_deadline_meetings_and_evaluations_and_no_notice(cli, tmp_path):
    found = components(ics(cli, tmp_path, NEW))
    by_kind = Counter(kind_of(c) for c in found)
    successor = [c for c in found if kind_of(c) == "successor"]
    assert [day_of(c) for c in successor] == [dt.date(2030, 6, 30)]  # 2030-12-31 less the default six months
    assert "ny överenskommelse" in str(successor[0]["SUMMARY"])
    assert "notice" not in by_kind  # its notice is for leaving early, not for stopping a renewal
    for year in range(2025, 2031):
        in_year = Counter(kind_of(c) for c in found if day_of(c).year == year)
        assert (in_year["meeting"], in_year["evaluation"]) == (2, 1), year
    meetings = [c for c in found if kind_of(c) == "meeting"]
    assert all(c.name == "VTODO" for c in meetings)  # the source names no months: to be booked
    # Due on nyårsdagen, paid on the next bank day (2027-01-04 after a Friday holiday, 2028-01-03 after a Saturday).
    assert [day_of(c) for c in found if kind_of(c) == "payment"] == [
        dt.date(2025, 1, 2), dt.date(2026, 1, 2), dt.date(2027, 1, 4), dt.date(2028, 1, 3), dt.date(2029, 1, 2),
        dt.date(2030, 1, 2)]
    assert {day_of(c) for c in found if kind_of(c) in ("start", "end")} == {dt.date(2025, 1, 1), dt.date(2030, 12, 31)}
    assert all("avsnittet" in str(c["DESCRIPTION"]) for c in found)  # each says which clause it comes from


def test_the_same_calendar_twice_has_the_same_uids(cli, tmp_path):
    first = [str(c["UID"]) for c in components(ics(cli, tmp_path, NEW, name="a.ics"))]
    second = [str(c["UID"]) for c in components(ics(cli, tmp_path, NEW, name="b.ics"))]
    assert first == second and len(set(first)) == len(first)
    assert (tmp_path / "a.ics").read_bytes() == (tmp_path / "b.ics").read_bytes()


RENEWING = """\
contributions:
  kommunen:
    amount: 400000
    price_level: 2026
part_years: months
payment:
  frequency: half-yearly
  month: 2
  day: 15
"""
FOLLOW_UP = """\
follow_up:
  meetings_per_year: 2
  months_of_meetings: [3, 10]
  evaluations_per_year: 1
  month_of_evaluation: 11
  reports:
    - name: verksamhetsberättelse
      month: 3
      day: 31
    - ekonomisk redovisning
"""


def test_a_self_renewing_agreement_with_named_months_and_a_report_due_date(cli, tmp_path):
    text = agreement("2026-01-01", "2027-12-31", RENEWING, extra=FOLLOW_UP).replace(
        "  end: 2027-12-31\n", "  end: 2027-12-31\n  notice: tre månader\n  notice_kind: renewal\n")
    path = write(tmp_path, "norrkoping-renewing", text)
    (tmp_path / "iopdoc.toml").write_text('[calendar]\nsuccessor_lead_time = "nio månader"\n', encoding="utf-8")
    found = components(ics(cli, tmp_path, path, cwd=tmp_path))
    days = {kind_of(c): [] for c in found}
    for c in found:
        days[kind_of(c)].append(day_of(c))
    assert days["notice"] == [dt.date(2027, 9, 30)]  # the end less three months
    assert days["successor"] == [dt.date(2027, 3, 31)]  # the end less the project's nine months
    # A meeting planned "i mars" is one to-do due at the end of March, not a month-long event.
    assert days["meeting"] == [dt.date(2026, 3, 31), dt.date(2026, 10, 31), dt.date(2027, 3, 31), dt.date(2027, 10, 31)]
    march = next(c for c in found if kind_of(c) == "meeting")
    assert march.name == "VTODO" and "i mars 2026" in str(march["SUMMARY"]) and "DTEND" not in march
    assert days["evaluation"] == [dt.date(2026, 11, 30), dt.date(2027, 11, 30)]
    assert days["report"] == [dt.date(2026, 3, 31), dt.date(2027, 3, 31)]  # only the one with a due date
    # Due on the 15th; on a weekend paid the Monday after.
    assert days["payment"] == [dt.date(2026, 2, 16), dt.date(2026, 8, 17), dt.date(2027, 2, 15), dt.date(2027, 8, 16)]
    payment = next(c for c in found if kind_of(c) == "payment")
    assert "200 000 kr" in str(payment["SUMMARY"]).replace("\u00a0", " ")


def test_the_calendar_of_several_sources_to_standard_output(cli):
    result = cli("calendar", NEW, REPO / "sources" / "linkoping-kvinnojouren-2020.yaml", cwd=REPO)
    assert result.code == 0
    uids = [str(c["UID"]) for c in components(result.out.encode("utf-8"))]
    assert any(u.startswith("linkoping-kvinnojouren-2020.") for u in uids)
    assert any(u.startswith("linkoping-kvinnojouren-2025.") for u in uids)


def test_a_wrong_lead_time_in_the_settings_is_reported_at_its_line(cli, tmp_path):
    path = write(tmp_path, "norrkoping-renewing", agreement("2026-01-01", "2027-12-31", RENEWING))
    (tmp_path / "iopdoc.toml").write_text('[calendar]\nsuccessor_lead_time = "snart"\n', encoding="utf-8")
    result = cli("calendar", path, cwd=tmp_path)
    assert result.code == 1 and "iopdoc.toml:2:1: error[IOP062]" in result.err and "Traceback" not in result.err


def test_the_overview_on_the_day_lists_the_2025_deadline_and_its_end_without_successor(cli, project):
    result = cli("overview", "--today", "2030-01-15", "--project", project)
    assert result.code == 0, result.err
    text = result.out
    assert "2030-06-30  linkoping-kvinnojouren-2025" in text
    ending = text.split("Löper ut inom ett år utan efterträdare\n")[1].split("\n\n")[0]
    assert ending == "  linkoping-kvinnojouren-2025  slutar 2030-12-31; beslut om efterträdare senast 2030-06-30"
    data = json.loads(cli("overview", "--today", "2030-01-15", "--format", "json", "--project", project).out)
    assert [e["agreement"] for e in data["ending_without_successor"]] == ["linkoping-kvinnojouren-2025"]
    assert {"year": 2030, "party": "Linköpings kommun", "committee": "social- och omsorgsnämnden",
            "amount": 1571605, "agreements": 1} in data["money"]
    assert [n["agreement"] for n in data["index_needs"]] == ["linkoping-kvinnojouren-2025"]  # no series yet
    due = [(e["date"], e["kind"]) for e in data["due"]]
    assert ("2030-06-30", "successor") in due and all("2030-01-15" <= d <= "2030-07-15" for d, _ in due)


def test_the_overview_is_the_same_from_its_cache_and_a_successor_takes_an_agreement_off_the_list(cli, project):
    args = ("overview", "--today", "2030-01-15", "--format", "json", "--project", project)
    first = cli(*args).out
    assert (project / "build" / ".cache" / "overview.json").is_file()
    assert cli(*args).out == first
    successor = project / "sources" / "linkoping-kvinnojouren-2031.yaml"
    assert cli("new", "linkoping-kvinnojouren-2031", "--from", "linkoping-kvinnojouren-2025", "--project", project).code == 0
    data = json.loads(cli(*args).out)
    assert successor.is_file() and data["ending_without_successor"] == []


def test_the_overview_reads_the_series_and_says_which_figure_is_missing(cli, project):
    from tests.test_schedule import SERIES, with_series

    with_series(project, SERIES.split("  - year: 2029")[0])
    data = json.loads(cli("overview", "--today", "2028-03-01", "--months", "12", "--format", "json",
                          "--project", project).out)
    # The overview says what the check says (IOP223), from the same function: every year the period lacks.
    needs = [n["sv"] for n in data["index_needs"]]
    assert [n.split(", som perioden")[0] for n in needs] == [
        "indexserien `son-test` saknar en siffra för 2029", "indexserien `son-test` saknar en siffra för 2030"]
    check = cli("check", project / "sources" / "linkoping-kvinnojouren-2025.yaml", "--project", project)
    assert all(f"warning[IOP223]: {need}" in check.err for need in needs)
    money = {(m["year"], m["party"]): m["amount"] for m in data["money"]}
    assert money[(2028, "Linköpings kommun")] == 1692406  # indexed, as the schedule


def test_an_indexation_without_a_series_is_in_the_check_the_build_and_the_overview_alike(cli, project):
    data = json.loads(cli("overview", "--today", "2028-03-01", "--format", "json", "--project", project).out)
    (need,) = [n for n in data["index_needs"] if n["agreement"] == "linkoping-kvinnojouren-2025"]
    assert need["sv"].startswith("Social- och omsorgsnämndens index har ingen indexserie")
    source = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    assert f"warning[IOP230]: {need['sv']}" in cli("check", source, "--project", project).err
    assert f"warning[IOP230]: {need['sv']}" in cli("build", source, "--project", project).err
    text = cli("overview", "--today", "2028-03-01", "--project", project).out
    assert f"linkoping-kvinnojouren-2025  {need['sv']}" in text.split("Index som behöver en ny siffra")[1]


def test_overview_rejects_a_date_that_is_not_one(cli, project):
    result = cli("overview", "--today", "2030-02-30", "--project", project)
    assert result.code == 2 and "Traceback" not in result.err


def test_diff_of_an_index_series_shows_the_figure_that_became_definitive(cli, project):
    import subprocess

    from tests.test_schedule import SERIES, with_series

    with_series(project)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q"], cwd=project, check=True)
    subprocess.run(git + ["add", "-A"], cwd=project, check=True)
    subprocess.run(git + ["commit", "-qm", "series"], cwd=project, check=True)
    series = project / "sources" / "index" / "son-test.yaml"
    series.write_text(SERIES.replace("    percent: 2.8\n    status: preliminary\n    publication: Budget 2029 med plan\n",
                                     "    percent: 2.6\n    status: definitive\n    publication: Bokslut 2029\n"),
                      encoding="utf-8")
    result = cli("diff", "--base", "HEAD", "--project", project, cwd=project)
    assert result.code == 0, result.err
    assert "Ändringar i son-test" in result.out
    assert ("Förändring 2029: 2,8 % (preliminär; Budget 2029 med plan) → 2,6 % (definitiv; Bokslut 2029)"
            in result.out)
    assert "Förändring 2028" not in result.out  # unchanged figures are not listed
    schedule = json.loads(cli("schedule", "--format", "json", "--project", project,
                              project / "sources" / "linkoping-kvinnojouren-2025.yaml").out)
    assert schedule["schedules"][0]["parties"][0]["years"][4]["index"][-1]["status"] == "definitive"

"""Payments on Swedish bank days: a payment due on a weekend, a public holiday, midsommarafton,
julafton or nyårsafton is made on the next bank day, or the previous one (`[payment] non_bank_day`);
the schedule shows both days."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from iopdoc.facts.bank_days import bank_day, why_not
from tests.test_schedule import agreement, write

D = dt.date


@pytest.mark.parametrize("due, rule, paid", [
    (D(2027, 6, 25), "next", D(2027, 6, 28)),      # midsommarafton (Friday), midsommardagen, Sunday
    (D(2027, 12, 24), "next", D(2027, 12, 27)),    # julafton, juldagen, annandag jul
    (D(2027, 12, 31), "next", D(2028, 1, 3)),      # nyårsafton, nyårsdagen (Saturday), Sunday
    (D(2028, 1, 1), "previous", D(2027, 12, 30)),  # back over nyårsafton
    (D(2027, 12, 25), "previous", D(2027, 12, 23)),
    (D(2027, 3, 26), "next", D(2027, 3, 30)),      # långfredagen to annandag påsk
    (D(2026, 6, 6), "next", D(2026, 6, 8)),        # nationaldagen on a Saturday
    (D(2027, 6, 7), "next", D(2027, 6, 7)),        # a Monday that is a bank day stays
    (D(2027, 12, 23), "next", D(2027, 12, 23)),
])
def test_the_bank_day_of_a_due_date(due, rule, paid):
    assert bank_day(due, rule) == paid
    assert why_not(paid) is None


def test_why_a_day_is_not_a_bank_day_is_named():
    assert why_not(D(2027, 12, 24)) == "Julafton"
    assert why_not(D(2028, 1, 1)) == "lördag"
    assert why_not(D(2027, 1, 1)) == "Nyårsdagen"


ECONOMY = """\
contributions:
  kommunen:
    amount: 120000
part_years: months
payment:
  frequency: half-yearly
  month: 6
  day: 25
"""


def test_the_schedule_pays_on_the_bank_day_and_shows_the_day_the_agreement_names(cli, tmp_path):
    path = write(tmp_path, "halvar", agreement("2027-01-01", "2028-12-31", ECONOMY))
    data = json.loads(cli("schedule", path, "--format", "json", cwd=tmp_path).out)["schedules"][0]
    payments = [p for y in data["parties"][0]["years"] for p in y["payments"]]
    assert [(p["nominal_date"], p["date"]) for p in payments] == [
        ("2027-06-25", "2027-06-28"), ("2027-12-25", "2027-12-27"), ("2028-06-25", "2028-06-26"), ("2028-12-25", "2028-12-27")]
    text = cli("schedule", path, cwd=tmp_path).out
    assert "2027-06-28 (i stället för 2027-06-25, Midsommarafton)" in text
    assert "2028-06-26 (instead of 2028-06-25, söndag)" in cli("schedule", path, "--lang", "en", cwd=tmp_path).out
    csv_rows = cli("schedule", path, "--format", "csv", cwd=tmp_path).out.splitlines()
    assert csv_rows[0].split(",")[5:7] == ["date", "nominal_date"] and ",2027-06-28,2027-06-25," in csv_rows[1]
    (tmp_path / "iopdoc.toml").write_text('[payment]\nnon_bank_day = "previous"\n', encoding="utf-8")
    data = json.loads(cli("schedule", path, "--format", "json", cwd=tmp_path).out)["schedules"][0]
    assert [p["date"] for y in data["parties"][0]["years"] for p in y["payments"]] == [
        "2027-06-24", "2027-12-23", "2028-06-22", "2028-12-22"]  # 2028-06-23 is midsommarafton


def test_a_wrong_rule_is_a_message_at_its_line(cli, tmp_path):
    path = write(tmp_path, "halvar", agreement("2027-01-01", "2028-12-31", ECONOMY))
    (tmp_path / "iopdoc.toml").write_text('[payment]\nnon_bank_day = "nearest"\n', encoding="utf-8")
    result = cli("schedule", path, cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err
    assert "iopdoc.toml:2:1: error[IOP062]: `non_bank_day` ska vara \"next\"" in result.err


def test_the_table_of_holidays_is_the_packages():
    """swedish_holidays.py spares a process the `holidays` package's import; the package stays the
    truth (a new package that disagrees: run tools/swedish_holidays.py and commit the table)."""
    from iopdoc.facts.bank_days import TABLE_YEARS, holidays_of, package_holidays

    for year in TABLE_YEARS:
        assert list(holidays_of(year).items()) == list(package_holidays(year).items()), year


def test_a_year_outside_the_table_comes_from_the_package():
    from iopdoc.facts.bank_days import TABLE_YEARS

    assert 1999 not in TABLE_YEARS
    assert why_not(D(1999, 12, 24)) == "Julafton" and bank_day(D(1999, 12, 24)) == D(1999, 12, 27)

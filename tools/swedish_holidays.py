"""Write iopdoc/facts/swedish_holidays.py: the days banks keep closed in Sweden, year by year, as the
`holidays` package gives them (`bank_days.package_holidays`).

    .venv/bin/python tools/swedish_holidays.py

The table spares every process that makes a schedule the package's import (it imports every
country's calendar: about a quarter of a second, more than checking a source). The package stays the
truth: tests/test_bank_days.py fails when the table and the installed package disagree; run this again
then, and commit the table on its own.
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from iopdoc.facts.bank_days import TABLE_YEARS, package_holidays  # noqa: E402


def table_text() -> str:
    names: list[str] = []
    years = []
    for year in TABLE_YEARS:
        days = []
        for day, name in package_holidays(year).items():
            if name not in names:
                names.append(name)
            days.append(f"{day:%m%d}{names.index(name):02d}")
        years.append(f"    {year}: \"{' '.join(days)}\",")
    return "\n".join([
        '"""The days banks keep closed in Sweden that are not weekends, per year, as the `holidays` package',
        "gives them (public and de facto, in Swedish): written by tools/swedish_holidays.py, checked against",
        'the package by tests/test_bank_days.py. Each day is MMDD and the index of its name in NAMES."""',
        "",
        f"NAMES = {tuple(names)!r}",
        "",
        "DAYS = {",
        *years,
        "}",
        "",
    ])


if __name__ == "__main__":
    (REPO / "iopdoc" / "facts" / "swedish_holidays.py").write_text(table_text(), encoding="utf-8")

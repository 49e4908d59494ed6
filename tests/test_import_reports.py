"""Reports the non-profit submits each year by a day ("senast den 31 mars"), read into
follow_up.reports with their due month and day; a report without a yearly day stays prose only."""
from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from iopdoc.readers.importer import import_file

AGREEMENT = """Överenskommelse om idéburet offentligt partnerskap mellan Kiruna kommun och Föreningen Norrsken

1. Parter

Kiruna kommun, genom socialnämnden, organisationsnummer 212000-2759.

Föreningen Norrsken, organisationsnummer 802400-1235.

2. Uppföljning

Parterna träffas två gånger per år. {sentence}

3. Underskrifter

Kiruna 2025-11-20

För Kiruna kommun

Eva Nilsson
"""


def reports(tmp_path: Path, sentence: str):
    path = tmp_path / "norrsken.txt"
    path.write_text(AGREEMENT.format(sentence=sentence), encoding="utf-8")
    result = import_file(path, "norrsken", None, tmp_path / "norrsken.yaml")
    assert sentence in result.text  # the words stay as written
    return (YAML(typ="safe").load(result.text).get("follow_up") or {}).get("reports")


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Föreningen lämnar en verksamhetsberättelse till socialnämnden senast den 31 mars varje år.",
     [{"name": "verksamhetsberättelse", "month": 3, "day": 31}]),
    ("Årligen ska föreningen skicka in sin årsredovisning och sin revisionsberättelse senast 30 april.",
     [{"name": "årsredovisning", "month": 4, "day": 30}, {"name": "revisionsberättelse", "month": 4, "day": 30}]),
    ("Föreningen redovisar verksamhetsplanen för kommande år senast i november.",
     [{"name": "verksamhetsplanen", "month": 11}]),
])
def test_a_yearly_report_and_its_due_day(tmp_path, sentence, expected):
    assert reports(tmp_path, sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Föreningen lämnar en verksamhetsberättelse efter varje år.",  # no day
    "Föreningen lämnar en slutrapport och en redovisning senast den 31 mars 2027.",  # one year's day, not yearly
    "Föreningen lämnar en verksamhetsberättelse senast den 31 februari.",  # no such day
])
def test_no_yearly_due_day_no_report_fact(tmp_path, sentence):
    assert reports(tmp_path, sentence) is None

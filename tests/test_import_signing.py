"""A place and date per signatory: parties that sign in different towns on different days, written
in two columns, one signatory under the other, below each name, or in a Word table; one place and
date for all stays the common `signatures.place` and `.date`."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from iopdoc.readers.importer import import_file

HEAD = """Överenskommelse om idéburet offentligt partnerskap mellan Kiruna kommun och Föreningen Norrsken

1. Parter

Kiruna kommun, genom socialnämnden, organisationsnummer 212000-2759.

Föreningen Norrsken, organisationsnummer 802400-1235.

2. Avtalsperiod

Överenskommelsen gäller från och med 2026-01-01 till och med 2027-12-31.

3. Underskrifter

"""
TWO_COLUMNS = """Kiruna 2025-11-20                           Luleå 2025-11-24

För Kiruna kommun                           För Föreningen Norrsken

Eva Nilsson                                 Ola Persson
Ordförande                                  Ordförande i styrelsen
"""
ONE_COLUMN = """Kiruna den 20 november 2025

För Kiruna kommun

Eva Nilsson
Ordförande

Luleå den 24 november 2025

För Föreningen Norrsken

Ola Persson
Ordförande i styrelsen
"""
BELOW_EACH = """För Kiruna kommun

Eva Nilsson
Kiruna 2025-11-20

För Föreningen Norrsken

Ola Persson
Luleå 2025-11-24
"""
COMMON = """Kiruna 2025-11-20                           Kiruna 2025-11-20

För Kiruna kommun                           För Föreningen Norrsken

Eva Nilsson                                 Ola Persson
"""


def imported(tmp_path: Path, path: Path) -> dict:
    result = import_file(path, "norrsken", None, tmp_path / "norrsken.yaml")
    return YAML(typ="safe").load(result.text)


def own(data: dict) -> dict:
    return {handle: (s.get("name"), s.get("place"), s.get("date"))
            for handle, s in data["signatures"]["signatories"].items()}


OWN = {"kommunen": ("Eva Nilsson", "Kiruna", dt.date(2025, 11, 20)),
       "foreningen": ("Ola Persson", "Luleå", dt.date(2025, 11, 24))}


@pytest.mark.parametrize("block", [TWO_COLUMNS, ONE_COLUMN, BELOW_EACH], ids=["two-columns", "one-column", "below-each"])
def test_each_signatory_signs_at_their_own_place_and_date(tmp_path, block):
    path = tmp_path / "norrsken.txt"
    path.write_text(HEAD + block, encoding="utf-8")
    data = imported(tmp_path, path)
    assert own(data) == OWN
    assert "place" not in data["signatures"] and "date" not in data["signatures"]


def test_one_place_and_date_for_all_stays_common(tmp_path):
    path = tmp_path / "norrsken.txt"
    path.write_text(HEAD + COMMON, encoding="utf-8")
    data = imported(tmp_path, path)
    assert data["signatures"]["place"] == "Kiruna" and data["signatures"]["date"] == dt.date(2025, 11, 20)
    assert all(place is None and date is None for _, place, date in own(data).values())


def test_a_word_table_with_a_place_and_date_in_each_column(tmp_path):
    import docx

    path = tmp_path / "norrsken.docx"
    document = docx.Document()
    lines = [line for line in HEAD.split("\n") if line.strip()]
    document.add_heading(lines[0], level=0)
    for line in lines[1:]:
        if line[0].isdigit():
            document.add_heading(line[3:], level=1)
        else:
            document.add_paragraph(line)
    table = document.add_table(rows=3, cols=2)
    for row, (left, right) in enumerate([("Kiruna 2025-11-20", "Luleå 2025-11-24"),
                                         ("För Kiruna kommun", "För Föreningen Norrsken"),
                                         ("Eva Nilsson", "Ola Persson")]):
        table.rows[row].cells[0].text, table.rows[row].cells[1].text = left, right
    document.save(str(path))
    assert own(imported(tmp_path, path)) == OWN

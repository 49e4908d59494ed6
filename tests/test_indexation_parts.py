"""Indexation per part and per party: a part or a contribution says how it is indexed, or that it
is fixed, and inherits otherwise. Checked against independent computations written here, through
the schedule (JSON, text, CSV), the check, and on agreements in several shapes (the issue's two-part
case; a municipality and a region indexed by different series; a contribution fixed as a whole;
a part indexed by its own series; a part in tkr; a period with a part first year)."""
from __future__ import annotations

import json
import textwrap
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from tests.test_schedule import HEAD, write

OPI = """\
kind: index
id: opi-test
name: Omräkningsindex för vård och omsorg (testserie)
publisher: Testserie för iopdocs tester
changes:
  - year: 2028
    percent: 2.8
    status: preliminary
    publication: Test 2027
  - year: 2029
    percent: 2.8
    status: preliminary
    publication: Test 2027
"""
PKV = """\
kind: index
id: pkv-test
name: Prisindex för kommunal verksamhet (testserie)
publisher: Testserie för iopdocs tester
changes:
  - year: 2027
    percent: 1.5
    status: definitive
    publication: Test
  - year: 2028
    percent: 4.0
    status: preliminary
    publication: Test
  - year: 2029
    percent: -0.5
    status: preliminary
    publication: Test
"""


def kronor(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), ROUND_HALF_UP))


def indexed(amount: int, percents: list[str]) -> Decimal:
    value = Decimal(amount)
    for percent in percents:
        value *= 1 + Decimal(percent) / 100
    return value


def project_with(tmp_path: Path, identifier: str, economy: str, body: str = "Utbetalning sker {{ economy.payment }}.",
                 start: str = "2027-01-01", end: str = "2029-12-31") -> Path:
    text = (HEAD + f"period:\n  start: {start}\n  end: {end}\neconomy:\n" + textwrap.indent(textwrap.dedent(economy), "  ")
            + "sections:\n  - kind: economy\n    heading: Ekonomi\n    body: |\n"
            + textwrap.indent(body, "      ") + "\n")
    path = write(tmp_path, identifier, text)
    (tmp_path / "sources" / "index").mkdir(exist_ok=True)
    (tmp_path / "sources" / "index" / "opi-test.yaml").write_text(OPI, encoding="utf-8")
    (tmp_path / "sources" / "index" / "pkv-test.yaml").write_text(PKV, encoding="utf-8")
    return path


TWO_PARTS = """\
contributions:
  kommunen:
    price_level: 2027
    parts:
      verksamhet:
        label: Verksamheten
        amount: 650000
      lokaler:
        label: Hyra av lokaler
        amount: 90000
        fixed: true
part_years: months
indexation:
  index: OPI
  series: opi-test
  start: 2028-01-01
payment:
  frequency: yearly
  month: 1
  day: 15
"""


def schedule(cli, path: Path) -> dict:
    result = cli("schedule", path, "--format", "json", cwd=path.parent.parent)
    assert result.code == 0, result.err
    return json.loads(result.out)["schedules"][0]


def test_the_two_part_agreement_indexes_the_work_and_pays_the_rent_fixed(cli, tmp_path):
    path = project_with(tmp_path, "tva-delar", TWO_PARTS)
    data = schedule(cli, path)
    (party,) = data["parties"]
    by_year = {y["year"]: y for y in party["years"]}
    # Independently: the work indexed by OPI from 2028 (2,8 % a year), the rent the same every year.
    for year, percents in ((2027, []), (2028, ["2.8"]), (2029, ["2.8", "2.8"])):
        assert by_year[year]["amount"] == kronor(indexed(650000, percents)) + 90000
        pieces = {p["part"]: p for p in by_year[year]["parts"]}
        assert pieces["lokaler"]["amount"] == 90000 and pieces["lokaler"]["index"] is None
        assert pieces["verksamhet"]["amount"] == kronor(indexed(650000, percents))
    assert by_year[2028]["amount"] == 758200 and by_year[2029]["amount"] == 776910
    assert party["total"] == 740000 + 758200 + 776910
    assert [p["amount"] for p in by_year[2028]["payments"]] == [758200]
    assert data["notes"] == []
    text = cli("schedule", path, cwd=tmp_path).out
    assert "Hyra av lokaler" in text and "fast" in text and "758 200 kr" in text


def test_without_fixed_the_whole_contribution_is_indexed_as_before(cli, tmp_path):
    path = project_with(tmp_path, "utan-fast", TWO_PARTS.replace("        fixed: true\n", ""))
    by_year = {y["year"]: y for y in schedule(cli, path)["parties"][0]["years"]}
    assert by_year[2028]["amount"] == kronor(indexed(740000, ["2.8"])) == 760720
    assert by_year[2029]["amount"] == kronor(indexed(740000, ["2.8", "2.8"])) == 782020
    assert "parts" not in by_year[2028] or by_year[2028]["parts"] == []


def test_parties_and_parts_with_their_own_series_and_a_fixed_party(cli, tmp_path):
    economy = """\
    contributions:
      kommunen:
        price_level: 2026
        parts:
          stod:
            label: Stödverksamhet
            amount: 1200000
          tolk:
            label: Tolkar
            amount: 200
            per: total
            indexation:
              index: PKV
              series: pkv-test
              start: 2027-01-01
      region:
        amount: 300000
        price_level: 2026
        fixed: true
      jouren:
        amount: 50000
    part_years: months
    indexation:
      index: OPI
      series: opi-test
      start: 2027-01-01
    payment:
      frequency: quarterly
      in_advance: true
    """
    path = project_with(tmp_path, "flera-serier", economy, start="2026-07-01", end="2029-06-30")
    data = schedule(cli, path)
    kommunen, region = data["parties"]
    # The region is fixed: the same yearly amount, pro-rated by months in the part years.
    assert [y["amount"] for y in region["years"]] == [150000, 300000, 300000, 150000]
    assert all(y["factor"] == 1.0 for y in region["years"])
    # kommunen's work by OPI (no figure for 2027: 0 % stands in, and is said); its interpreters by PKV.
    opi = {2026: [], 2027: ["0"], 2028: ["0", "2.8"], 2029: ["0", "2.8", "2.8"]}
    pkv = {2026: [], 2027: ["1.5"], 2028: ["1.5", "4.0"], 2029: ["1.5", "4.0", "-0.5"]}
    share = {2026: Decimal("0.5"), 2027: Decimal(1), 2028: Decimal(1), 2029: Decimal("0.5")}
    interpreters = {2026: Decimal("33.33"), 2027: Decimal("66.67"), 2028: Decimal("66.67"), 2029: Decimal("33.33")}
    for year in kommunen["years"]:
        y = year["year"]
        work = kronor(indexed(1, []) * 1200000 * share[y] * indexed(1, opi[y]))
        extra = kronor(interpreters[y] * indexed(1, pkv[y]))
        assert year["amount"] == work + extra, y
        assert sum(p["amount"] for p in year["payments"]) == year["amount"]
    assert any("opi-test" in note["sv"] and "2027 är räknat med 0 %" in note["sv"] for note in data["notes"])


def test_check_warns_about_an_indexation_without_a_series_and_a_missing_year(cli, tmp_path):
    no_series = project_with(tmp_path, "utan-serie", TWO_PARTS.replace("  series: opi-test\n", ""))
    result = cli("check", no_series, cwd=tmp_path)
    assert "warning[IOP230]: OPI har ingen indexserie" in result.err
    made = cli("build", no_series, cwd=tmp_path)
    assert "warning[IOP230]" in made.err
    data = schedule(cli, no_series)
    assert data["parties"][0]["years"][1]["amount"] == 740000
    assert any("Ingen indexserie för OPI" in note["sv"] for note in data["notes"])
    short = project_with(tmp_path, "kort-serie", TWO_PARTS, end="2030-12-31")
    result = cli("check", short, cwd=tmp_path, )
    assert "warning[IOP223]: indexserien `opi-test` saknar en siffra för 2030" in result.err
    result = cli("check", short, "--lang", "en", cwd=tmp_path)
    assert "the index series `opi-test` has no figure for 2030" in result.err


@pytest.mark.parametrize("body, code_expected", [
    # The rent is fixed in the data: prose saying so agrees, prose saying it is indexed does not.
    ("Hyra av lokaler betalas med ett fast belopp.", False),
    ("Hyra av lokaler räknas upp med OPI varje år.", True),
    # The work is indexed: calling it fixed, by its label or by its amount, is wrong.
    ("Verksamheten är ett fast belopp som inte räknas upp.", True),
    ("Bidraget om 650 000 kr per år är ej indexerat.", True),
    ("Verksamheten räknas upp med OPI från 2028.", False),
    # Naming no part while parts differ says nothing checkable.
    ("Beloppen är fasta.", False),
])
def test_prose_and_data_agree_on_what_is_indexed(cli, tmp_path, body, code_expected):
    path = project_with(tmp_path, "prosa", TWO_PARTS, body=body)
    result = cli("check", path, cwd=tmp_path)
    assert ("IOP232" in result.err) == code_expected, result.err


def test_prose_calling_a_wholly_indexed_contribution_fixed_is_flagged(cli, tmp_path):
    economy = """\
    contributions:
      region:
        amount: 400000
        price_level: 2026
    indexation:
      index: PKV
      series: pkv-test
      start: 2027-01-01
    """
    path = project_with(tmp_path, "hela", economy, body="Regionens bidrag är ett fast belopp per år.")
    result = cli("check", path, cwd=tmp_path)
    assert "error[IOP232]: texten säger att beloppet är fast (`fast belopp`), men region räknas upp med PKV" in result.err
    fixed = project_with(tmp_path, "hela-fast", economy.replace("price_level: 2026\n", "price_level: 2026\n    fixed: true\n"),
                         body="Regionens bidrag är ett fast belopp per år.")
    assert "IOP232" not in cli("check", fixed, cwd=tmp_path).err


def test_fixed_and_an_indexation_on_the_same_part_contradict(cli, tmp_path):
    economy = TWO_PARTS.replace("        fixed: true\n", "        fixed: true\n        indexation:\n          index: KPI\n"
                                "          start: 2028-01-01\n")
    path = project_with(tmp_path, "motsagelse", economy)
    result = cli("check", path, cwd=tmp_path)
    assert result.code == 1
    assert "error[IOP231]: kommunen.parts.lokaler har både `fixed: true` och en egen uppräkning" in result.err


def test_a_text_skipped_by_the_quick_look_holds_no_claim_either_way():
    """IOP232 reads the sentences only of a text that may_say_either passes: whatever the case and
    spelling, a text it skips is one in which neither pattern matches."""
    from hypothesis import given, settings, strategies as st

    from iopdoc.checks.indexation import FIXED, INDEXED, may_say_either

    pieces = st.sampled_from(["fast", "FASTA", " ", "\n", "belopp", "BELOPP", "inte", "ej", "icke", "index", "Indexeras",
                              "\u0131ndexeras", "\u0130NDEX", "räknas", "RÄKNAS", "räknats", "upp", "uppräknas", "utan",
                              "uppräkning", "årligen", "x", ".", "K", "indexerat"])

    @settings(max_examples=1500, deadline=None)
    @given(st.lists(pieces, max_size=12).map("".join))
    def holds(text):
        if not may_say_either(text):
            assert FIXED.search(text) is None and INDEXED.search(text) is None

    holds()
    assert may_say_either("Beloppen \u0131ndexeras inte.") and FIXED.search("Beloppen \u0131ndexeras inte.")

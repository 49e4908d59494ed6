"""`iopdoc schedule`: amounts per year and payment date, pro-rated and indexed, checked against hand
computations; on the real 2025 agreement with a test series, and on agreements written here in
other shapes (part years, amounts that change by year, quarterly and monthly payments, several
public parties, totals over the period)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import textwrap
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import REPO

NEW = "linkoping-kvinnojouren-2025"
SERIES = """\
kind: index
id: son-test
name: Social- och omsorgsnämndens index (testserie)
publisher: Testserie för iopdocs tester
changes:
  - year: 2026
    percent: 2.5
    status: definitive
    publication: Budget 2026
  - year: 2027
    percent: 3.0
    status: definitive
    publication: Budget 2027
  - year: 2028
    percent: 2.0
    status: definitive
    publication: Budget 2028
  - year: 2029
    percent: 2.8
    status: preliminary
    publication: Budget 2029 med plan
  - year: 2030
    percent: 3.2
    status: preliminary
    publication: Budget 2029 med plan
"""
# By hand: 1 571 605 kr at 2025 prices; 2026: × 1,025 = 1 610 895,125; 2027: × 1,03 more
# (factor 1,05575) = 1 659 221,97875; 2028: × 1,02 (1,076865) = 1 692 406,418; 2029: × 1,028
# (1,10701722) = 1 739 793,798; 2030: × 1,032 (1,14244177104) = 1 795 467,1996; each rounded to
# whole kronor, half a krona up.
HAND = {2025: 1571605, 2026: 1610895, 2027: 1659222, 2028: 1692406, 2029: 1739794, 2030: 1795467}


def with_series(project: Path, text: str = SERIES) -> Path:
    (project / "sources" / "index").mkdir(exist_ok=True)
    (project / "sources" / "index" / "son-test.yaml").write_text(text, encoding="utf-8")
    source = project / "sources" / f"{NEW}.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "    index: Social- och omsorgsnämndens index\n",
        "    index: Social- och omsorgsnämndens index\n    series: son-test\n"), encoding="utf-8")
    return source


def schedule_json(cli, *sources, cwd=None) -> dict:
    result = cli("schedule", *sources, "--format", "json", cwd=cwd)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_the_2025_agreement_indexed_by_a_test_series_is_the_hand_computation(cli, project):
    source = with_series(project)
    data = schedule_json(cli, source)["schedules"][0]
    (party,) = data["parties"]
    assert party["party"] == "Linköpings kommun" and party["price_level"] == 2025
    assert {y["year"]: y["amount"] for y in party["years"]} == HAND
    assert all(y["base"] == 1571605 for y in party["years"])
    # Due on 1 January (nyårsdagen), paid on the next bank day: 2027-01-01 is a Friday holiday, so
    # Monday the 4th; 2028-01-01 is a Saturday, so Monday the 3rd.
    assert [p["nominal_date"] for y in party["years"] for p in y["payments"]] == [f"{y}-01-01" for y in HAND]
    assert [p["date"] for y in party["years"] for p in y["payments"]] == [
        "2025-01-02", "2026-01-02", "2027-01-04", "2028-01-03", "2029-01-02", "2030-01-02"]
    assert party["total"] == data["total"] == sum(HAND.values()) == 10069389
    by_year = {y["year"]: y for y in party["years"]}
    assert by_year[2025]["index"] == []  # 2025 prices in 2025; indexed from 2026-01-01
    assert [(f["year"], f["status"]) for f in by_year[2029]["index"]] == [
        (2026, "definitive"), (2027, "definitive"), (2028, "definitive"), (2029, "preliminary")]
    assert data["notes"] == []


def test_the_text_schedule_shows_each_figure_and_the_totals(cli, project):
    source = with_series(project)
    result = cli("schedule", source)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    row_2027 = next(line for line in lines if line.startswith("2027"))
    assert "2027-01-01" in row_2027 and "1 659 222 kr" in row_2027 and "2026 +2,5 % def.; 2027 +3 % def." in row_2027
    assert "1,0558" in row_2027  # the factor
    total = next(line for line in lines if line.startswith("Summa"))
    assert total.endswith("10 069 389 kr") and "9 429 630 kr" in total  # to pay, and at the price level


def test_a_missing_figure_is_named_and_the_one_used_instead_said(cli, project):
    source = with_series(project, SERIES.split("  - year: 2030")[0])
    data = schedule_json(cli, source)["schedules"][0]
    assert data["parties"][0]["years"][-1]["amount"] == round(1571605 * 1.10701722 * 1.028)  # 2029's figure again
    assert [n["sv"] for n in data["notes"]] == ["Indexserien son-test saknar 2030; 2029 års siffra används i stället."]
    check = cli("check", source, "--project", project)
    assert "warning[IOP223]: indexserien `son-test` saknar en siffra för 2030" in check.err


def test_the_xlsx_has_numbers_dates_a_sheet_per_agreement_and_a_summary(cli, project, tmp_path):
    source = with_series(project)
    old = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    out = tmp_path / "plan.xlsx"
    result = cli("schedule", source, old, "--format", "xlsx", "-o", out)
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Sammanställning", NEW, "linkoping-kvinnojouren-2020"]
    sheet = book[NEW]
    header = next(row for row in sheet.iter_rows(values_only=True) if row and row[0] == "Part")
    rows = [row for row in sheet.iter_rows(min_row=1) if row[0].value == "Linköpings kommun"]
    assert len(rows) == 6
    year, date, base, amount = rows[1][3], rows[1][4], rows[1][5], rows[1][8]
    assert header[8] == "Att betala"
    assert (year.value, amount.value) == (2026, 1610895) and isinstance(amount.value, int)
    assert "kr" in amount.number_format and "#,##0" in amount.number_format
    assert isinstance(date.value, dt.datetime) and date.value.date() == dt.date(2026, 1, 2)  # the bank day after nyårsdagen
    assert date.number_format == "yyyy-mm-dd"
    assert isinstance(base.value, (int, float)) and base.value == 1571605  # a number, not text
    rows = list(book["Sammanställning"].iter_rows(values_only=True))
    assert rows[0][0] == "Utbetalningar per överenskommelse, part och år" and rows[1][0] == "Överenskommelse"
    summary = rows[2:rows.index((None,) * 5)]
    assert (NEW, "Linköpings kommun", "social- och omsorgsnämnden", 2030, 1795467) in summary
    assert sum(r[4] for r in summary if r[0] == NEW) == 10069389
    assert all(isinstance(r[4], int) for r in summary)
    # The summary per year and payer adds the agreements up.
    per_payer = rows[rows.index((None,) * 5) + 2:]
    assert (None, "Linköpings kommun", "social- och omsorgsnämnden", 2030, 1795467) in per_payer
    assert sum(r[4] for r in per_payer) == sum(r[4] for r in summary)
    assert book.properties.title == "Utbetalningsplan" and book.properties.creator == "iopdoc"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$6:$6"


def test_csv_rows_per_payment_year_and_total(cli, project):
    source = with_series(project)
    result = cli("schedule", source, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [r["amount"] for r in rows if r["row"] == "payment"] == [str(v) for v in HAND.values()]
    assert [r["amount"] for r in rows if r["row"] == "total"] == ["10069389"]


# --- agreements in other shapes, written here ---------------------------------------------------

HEAD = """\
kind: agreement
id: {id}
title: Idéburet offentligt partnerskap om stöd till brottsutsatta
status: draft
parties:
  kommunen:
    name: Norrköpings kommun
    sector: public
    org_number: 212000-0167
    acting_through: socialnämnden
  region:
    name: Region Östergötland
    sector: public
    org_number: 232100-0040
    acting_through: regionstyrelsen
  jouren:
    name: Brottsofferjouren Östergötland
    sector: non-profit
    org_number: 802467-1235
"""
SECTIONS = """\
sections:
  - kind: economy
    heading: Ekonomi
    body: |
      Utbetalning sker {{ economy.payment }}.
"""


def agreement(start: str, end: str, economy: str, *, extra: str = "") -> str:
    """An agreement of two public parties and a non-profit; `economy` is the block under `economy:`."""
    return (HEAD + f"period:\n  start: {start}\n  end: {end}\n" + extra + "economy:\n"
            + textwrap.indent(textwrap.dedent(economy), "  ") + SECTIONS)


def write(folder: Path, identifier: str, text: str) -> Path:
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    if not (folder / "templates").exists():
        shutil.copytree(REPO / "templates", folder / "templates")
    path = folder / "sources" / f"{identifier}.yaml"
    path.write_text(text.replace("{id}", identifier), encoding="utf-8")
    return path


PRO_RATED = """\
contributions:
  kommunen:
    amount: 1000000
    price_level: 2021
part_years: months
payment:
  frequency: quarterly
  in_advance: true
"""


def test_a_part_first_year_is_pro_rated_by_its_rule_and_the_period_is_three_and_a_half_years(cli, tmp_path):
    path = write(tmp_path, "norrkoping-2021", agreement("2021-07-01", "2024-12-31", PRO_RATED))
    data = schedule_json(cli, path, cwd=tmp_path)["schedules"][0]
    (party,) = data["parties"]
    years = {y["year"]: y for y in party["years"]}
    assert years[2021]["share"] == 0.5 and years[2021]["amount"] == 500000
    assert [(p["date"], p["amount"]) for p in years[2021]["payments"]] == [("2021-07-01", 250000), ("2021-10-01", 250000)]
    assert [p["nominal_date"] for p in years[2022]["payments"]] == ["2022-01-01", "2022-04-01", "2022-07-01", "2022-10-01"]
    # 2022-01-01 and 2022-10-01 are Saturdays: paid on the Mondays after.
    assert [p["date"] for p in years[2022]["payments"]] == ["2022-01-03", "2022-04-01", "2022-07-01", "2022-10-03"]
    assert party["total"] == data["total"] == 3500000  # 3.5 years' worth
    assert data["part_years"] == "months" and data["notes"] == []
    check = cli("check", path, cwd=tmp_path)
    assert "IOP227" not in check.err and "IOP226" not in check.err


def test_part_years_by_days_and_without_a_rule(cli, tmp_path):
    by_days = write(tmp_path, "norrkoping-days", agreement("2021-07-01", "2024-12-31", PRO_RATED.replace("months", "days")))
    data = schedule_json(cli, by_days, cwd=tmp_path)["schedules"][0]
    assert data["parties"][0]["years"][0]["amount"] == 504110  # 184 of 365 days: 504 109,59 kr
    no_rule = write(tmp_path, "norrkoping-no-rule", agreement("2021-07-01", "2024-12-31",
                                                              PRO_RATED.replace("part_years: months\n", "")))
    data = schedule_json(cli, no_rule, cwd=tmp_path)["schedules"][0]
    assert data["parties"][0]["years"][0]["amount"] == 500000
    assert "Ingen regel för delår anges" in data["notes"][0]["sv"]  # never silently
    assert "warning[IOP227]" in cli("check", no_rule, cwd=tmp_path).err


def test_amounts_that_change_by_year_several_public_parties_and_monthly_payments(cli, tmp_path):
    economy = """\
    contributions:
      kommunen:
        amount: 600000
        years:
          - year: 2027
            amount: 660000
      region:
        amount: 240000
      jouren:
        amount: 100000
    total:
      amount: 2800000
      per: total
    part_years: months
    payment:
      frequency: monthly
      day: 25
      remark: mot faktura
    """
    path = write(tmp_path, "norrkoping-2026", agreement("2026-01-01", "2028-12-31", economy))
    data = schedule_json(cli, path, cwd=tmp_path)["schedules"][0]
    assert [p["party"] for p in data["parties"]] == ["Norrköpings kommun", "Region Östergötland"]  # the public ones
    kommunen, region = data["parties"]
    assert [y["amount"] for y in kommunen["years"]] == [600000, 660000, 600000]
    assert [p["amount"] for p in kommunen["years"][0]["payments"]] == [50000] * 12
    assert kommunen["years"][0]["payments"][0]["nominal_date"] == "2026-01-25"
    assert kommunen["years"][0]["payments"][0]["date"] == "2026-01-26"  # a Sunday: the Monday after
    assert data["per_year"] == {"2026": 840000, "2027": 900000, "2028": 840000}
    assert data["payment"] == "varje månad den 25"
    # The stated total forgets kommunen's extra 60 000 kr in 2027 and part of the non-profit's own money.
    check = cli("check", path, cwd=tmp_path)
    line = path.read_text(encoding="utf-8").splitlines().index("  total:") + 2  # its amount, 1-based
    assert (f"norrkoping-2026.yaml:{line}:13: error[IOP203]: totalen för perioden anges som 2 800 000 kr, men "
            "bidragen över 3 år blir 2 880 000 kr") in check.err.replace("\xa0", " ")


def test_a_total_for_the_period_is_spread_over_the_years_by_their_shares(cli, tmp_path):
    economy = """\
    contributions:
      kommunen:
        amount: 1000000
        per: total
    part_years: months
    payment:
      frequency: half-yearly
      month: 3
    """
    path = write(tmp_path, "linkoping-total", agreement("2025-04-01", "2026-12-31", economy))
    data = schedule_json(cli, path, cwd=tmp_path)["schedules"][0]
    years = data["parties"][0]["years"]
    # 9 months in 2025 and 12 in 2026: 9/21 and 12/21 of the total; the last year takes the öre.
    assert [y["base"] for y in years] == [428571.43, 571428.57]
    assert [p["date"] for p in years[0]["payments"]] == ["2025-09-01"]  # March is before the start
    assert [p["date"] for p in years[1]["payments"]] == ["2026-03-02", "2026-09-01"]  # 2026-03-01 is a Sunday
    assert data["parties"][0]["total"] == 1000000


def test_a_payment_given_as_text_still_schedules_years_without_dates(cli):
    fixture = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"
    data = schedule_json(cli, fixture, cwd=REPO)["schedules"][0]
    # Its indexation names no series, so nothing is indexed, and that is said (IOP230 in the check).
    assert [y["amount"] for y in data["parties"][0]["years"]] == [500000, 500000, 500000]
    assert data["parties"][0]["years"][0]["payments"][0]["date"] is None
    assert any("fri text" in note["sv"] for note in data["notes"])


def test_bad_input_is_a_message_not_a_traceback(cli, tmp_path, project):
    result = cli("schedule", project / "sources" / f"{NEW}.yaml", "--format", "xlsx")
    assert result.code == 2 and "-o" in result.err
    broken = write(tmp_path, "broken", agreement("2025-01-01", "2025-02-30", PRO_RATED))
    result = cli("schedule", broken, cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err
    assert "broken.yaml:" in result.err and "error[IOP013]" in result.err
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    result = cli("schedule", project / "sources" / f"{NEW}.yaml", "--format", "xlsx", "-o", tmp_path / "a-file" / "x.xlsx")
    assert result.code in (1, 2) and "IOP090" in result.err


@pytest.mark.parametrize("text, wanted", [
    ("frequency: yearly\nmonth: 1", "en gång per år i januari månad"),
    ("frequency: yearly\nmonth: 3\nday: 15", "en gång per år den 15 mars"),
    ("frequency: half-yearly\nmonth: 1", "två gånger per år, i januari och juli"),
    ("frequency: quarterly\nin_advance: true", "kvartalsvis i förskott vid varje kvartals början"),
])
def test_payment_reads_as_prose(tmp_path, text, wanted):
    from iopdoc.source.loader import parse_source
    from iopdoc import model
    from iopdoc.source.schema import Converter

    source = parse_source(text + "\n", path=tmp_path / "p.yaml", name="p.yaml")
    converter = Converter(source)
    assert str(converter.record(source.root, model.Payment)) == wanted and not converter.problems

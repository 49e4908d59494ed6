"""The XLSX opens right in LibreOffice Calc: converted by LibreOffice to CSV (every sheet, cells as
shown) and to PDF, no cell shows `###`; money has one format; text that looks like a formula stays
text, in the XLSX and in the CSV."""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.test_indexation_parts import TWO_PARTS, project_with
from tests.test_schedule import agreement, write

EVIL = '=HYPERLINK("http://127.0.0.1/x","x")'


def libreoffice(source: Path, to: str, out: Path, profile: Path) -> list[Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: `make test` installs it"
    out.mkdir(exist_ok=True)
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to,
                           "--outdir", str(out), str(source)], capture_output=True, timeout=240)
    assert done.returncode == 0, done.stderr
    return sorted(p for p in out.iterdir() if p.is_file())


@pytest.fixture
def workbook(cli, tmp_path) -> Path:
    """Two agreements' schedules: the two-part one, and one with long names, a part year, monthly
    payments and a party named like a formula."""
    two = project_with(tmp_path, "tva-delar", TWO_PARTS)
    economy = """\
    contributions:
      kommunen:
        amount: 12345678.9
      region:
        amount: 240000
    part_years: days
    payment:
      frequency: monthly
      day: 25
    """
    text = agreement("2026-03-15", "2031-11-30", economy).replace(
        "Norrköpings kommun", "Norrköpings kommun genom socialnämndens arbetsutskott för stöd och omsorg"
    ).replace("Region Östergötland", EVIL)
    other = write(tmp_path, "lang-och-farlig", text)
    out = tmp_path / "plan.xlsx"
    result = cli("schedule", two, other, "--format", "xlsx", "-o", out, cwd=tmp_path)
    assert result.code == 0, result.err
    return out


def test_libreoffice_shows_every_cell_of_every_sheet_without_hashes(workbook, tmp_path):
    sheets = openpyxl.load_workbook(workbook).sheetnames
    converted = libreoffice(workbook, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
                            tmp_path / "csv", tmp_path / "profile")
    assert len(converted) == len(sheets)
    shown = "\n".join(p.read_text(encoding="utf-8") for p in converted)
    assert "###" not in shown
    assert "758 200,00 kr" in shown.replace("\u00a0", " ") or "758,200.00 kr" in shown  # as shown, in the one format
    pdf = libreoffice(workbook, "pdf", tmp_path / "pdf", tmp_path / "profile")[0]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "###" not in text and "Hyra av lokaler" in text


def test_money_has_one_format_and_text_that_looks_like_a_formula_is_text(workbook):
    book = openpyxl.load_workbook(workbook)
    formats = {cell.number_format for sheet in book for row in sheet.iter_rows() for cell in row
               if isinstance(cell.value, (int, float)) and "kr" in cell.number_format}
    assert formats == {'#,##0.00 "kr"'}
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value == EVIL]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert not any(cell.data_type == "f" for sheet in book for row in sheet.iter_rows() for cell in row)


def test_the_csv_keeps_a_formula_like_name_as_text(cli, tmp_path):
    text = agreement("2026-01-01", "2026-12-31", "contributions:\n  region:\n    amount: 1000\n").replace(
        "Region Östergötland", EVIL).replace("regionstyrelsen", "+SUM(A1:A9)")
    path = write(tmp_path, "farlig", text)
    rows = list(csv.DictReader(io.StringIO(cli("schedule", path, "--format", "csv", cwd=tmp_path).out)))
    assert rows and all(r["party"] == "'" + EVIL and r["committee"] == "'+SUM(A1:A9)" for r in rows)

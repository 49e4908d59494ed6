"""Payment schedules as an Excel workbook: one sheet per agreement and a summary sheet.

What an economy office opens in Excel: amounts are numbers with a kronor format (so they add up
in Excel), dates are dates, years are numbers; header rows are frozen and bold. Every text is
stored as text, never a formula (a party named `=HYPERLINK(…)` stays a name, with Excel's quote prefix).
"""
from __future__ import annotations

import io
import re

from iopdoc.facts.schedule import Schedule
from iopdoc.quoting import spreadsheet_text
from iopdoc.writers.schedule import describe_figures

KRONOR = '#,##0 "kr"'
KRONOR_ORE = '#,##0.00 "kr"'
DATE = "yyyy-mm-dd"
FACTOR = "0.0000"


def sheet_name(identifier: str, taken: set[str]) -> str:
    """Excel allows 31 characters and none of []:*?/\\; names are unique in a workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "-", identifier)[:31]
    name, number = base, 2
    while name.lower() in taken:
        suffix = f"~{number}"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def as_text_only(sheet) -> None:
    """Every text cell stored as text, never as a formula (openpyxl makes a formula of any text that
    begins with `=`); one a spreadsheet would read as a formula (FORMULA_STARTS) also gets Excel's
    quote prefix, so editing the cell keeps it text. The text itself is shown as written."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if spreadsheet_text(cell.value) != cell.value:
                    cell.quotePrefix = True


def as_xlsx(schedules: list[Schedule]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    summary.title = "Sammanställning"
    bold = Font(bold=True)
    summary.append(["Överenskommelse", "Part", "Nämnd", "År", "Att betala"])
    taken = {"sammanställning"}
    for schedule in schedules:
        sheet = workbook.create_sheet(sheet_name(schedule.identifier, taken))
        sheet.append([schedule.title])
        sheet["A1"].font = bold
        sheet.append(["Period", schedule.start, schedule.end])
        sheet.append(["Utbetalning", schedule.payment])
        sheet.append(["Uppräkning", schedule.index or "", schedule.series or "", schedule.index_from])
        for cell in ("B2", "C2", "D4"):
            sheet[cell].number_format = DATE
        header_row = 6
        sheet.append([])
        sheet.append(["Part", "Nämnd", "Prisläge", "År", "Datum", "Grundbelopp", "Index", "Faktor", "Att betala"])
        for cell in sheet[header_row]:
            cell.font = bold
        for party in schedule.parties:
            for year in party.years:
                for instalment in year.instalments:
                    sheet.append([party.party, party.committee or "", party.price_level, year.year, instalment.date,
                                  float(instalment.base), describe_figures(year.figures), float(year.factor),
                                  int(instalment.amount)])
                    row = sheet.max_row
                    sheet.cell(row, 5).number_format = DATE
                    sheet.cell(row, 6).number_format = KRONOR_ORE
                    sheet.cell(row, 8).number_format = FACTOR
                    sheet.cell(row, 9).number_format = KRONOR
                summary.append([schedule.identifier, party.party, party.committee or "", year.year, int(year.amount)])
                summary.cell(summary.max_row, 5).number_format = KRONOR
            sheet.append([f"Summa {party.party}", None, None, None, None, float(party.base_total), None, None,
                          int(party.total)])
            row = sheet.max_row
            sheet.cell(row, 1).font = bold
            sheet.cell(row, 6).number_format = KRONOR_ORE
            sheet.cell(row, 9).number_format = KRONOR
        for note in schedule.notes:
            sheet.append([f"Obs: {note.sv}"])
        sheet.freeze_panes = sheet.cell(header_row + 1, 1)
        for column, width in zip("ABCDEFGHI", (34, 28, 9, 7, 12, 16, 40, 9, 16)):
            sheet.column_dimensions[column].width = width
    for cell in summary[1]:
        cell.font = bold
    summary.freeze_panes = "A2"
    for column, width in zip("ABCDE", (34, 34, 28, 7, 16)):
        summary.column_dimensions[column].width = width
    for worksheet in workbook.worksheets:
        as_text_only(worksheet)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()

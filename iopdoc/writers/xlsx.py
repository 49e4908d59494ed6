"""Payment schedules as an Excel workbook: one sheet per agreement and a summary sheet.

What an economy office opens in Excel or LibreOffice Calc: amounts are numbers in one kronor format
(so they add up), dates are dates, years are numbers; a title row, a bold frozen header row that
is repeated on every printed page, landscape pages one page wide, columns as wide as their
longest value (so no cell shows `###`), and the workbook's title and author set. Text is always
stored as text, never as a formula (a party named `=HYPERLINK(...)` stays a name).
"""
from __future__ import annotations

import datetime as dt
import io
import re

from iopdoc.facts.schedule import Schedule
from iopdoc.names import section_kind_name
from iopdoc.quoting import spreadsheet_text
from iopdoc.writers.schedule import describe_figures, piece_index

KRONOR = '#,##0.00 "kr"'  # the one money format
DATE = "yyyy-mm-dd"
FACTOR = "0.0000"
HEADER = ["Part", "Nämnd", "Prisläge", "År", "Datum", "Grundbelopp", "Index", "Faktor", "Att betala",
          "Dag enligt avtalet"]


def sheet_name(identifier: str, taken: set[str]) -> str:
    """Excel allows 31 characters and none of []:*?/\\; names are unique in a workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "-", identifier)[:31]
    name, number = base, 2
    while name.lower() in taken:
        suffix = f"~{number}"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def shown_length(cell) -> int:
    """About how many characters a cell shows, by its value and format."""
    value = cell.value
    if value is None:
        return 0
    if isinstance(value, (dt.date, dt.datetime)):
        return 10
    if isinstance(value, (int, float)):
        if cell.number_format == KRONOR:
            return len(f"{value:,.2f} kr")
        if cell.number_format == FACTOR:
            return len(f"{value:.4f}")
        return len(str(value))
    return max(len(line) for line in str(value).splitlines() or [""])


def finish(sheet, header_row: int, title: str) -> None:
    """Widths that fit every value, text as text, the title row, and the print set-up."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text begins with
                if spreadsheet_text(cell.value) != cell.value:
                    cell.quotePrefix = True  # Excel's quote prefix: editing the cell keeps it text
            widths[cell.column] = max(widths.get(cell.column, 0), shown_length(cell))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 3, 8), 80)
    sheet["A1"] = title
    sheet["A1"].data_type = "s"
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def as_xlsx(schedules: list[Schedule], lang: str = "sv") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    workbook.properties.title = section_kind_name("schedule")
    workbook.properties.subject = ", ".join(s.identifier for s in schedules)
    workbook.properties.creator = "iopdoc"
    summary = workbook.active
    summary.title = "Sammanställning"
    summary.append([None])
    summary.append(["Överenskommelse", "Part", "Nämnd", "År", "Att betala"])
    per_payer: dict[tuple[int, str, str], int] = {}
    taken = {"sammanställning"}
    for schedule in schedules:
        sheet = workbook.create_sheet(sheet_name(schedule.identifier, taken))
        sheet.append([None])
        sheet.append(["Period", schedule.start, schedule.end])
        sheet.append(["Utbetalning", schedule.payment])
        sheet.append(["Uppräkning", schedule.index or "", schedule.series or "", schedule.index_from])
        for cell in ("B2", "C2", "D4"):
            sheet[cell].number_format = DATE
        header_row = 6
        sheet.append([])
        sheet.append(HEADER)
        for party in schedule.parties:
            for year in party.years:
                for instalment in year.instalments:
                    sheet.append([party.party, party.committee or "", party.price_level, year.year, instalment.date,
                                  float(instalment.base), describe_figures(year.figures), float(year.factor),
                                  int(instalment.amount), instalment.nominal])
                    row = sheet.max_row
                    for column, form in ((5, DATE), (6, KRONOR), (8, FACTOR), (9, KRONOR), (10, DATE)):
                        sheet.cell(row, column).number_format = form
                for piece in year.pieces:
                    sheet.append([None, f"varav {piece.label}", None, year.year, None, float(piece.base),
                                  piece_index(piece), float(piece.factor), int(piece.amount)])
                    row = sheet.max_row
                    for column, form in ((6, KRONOR), (8, FACTOR), (9, KRONOR)):
                        sheet.cell(row, column).number_format = form
                summary.append([schedule.identifier, party.party, party.committee or "", year.year, int(year.amount)])
                summary.cell(summary.max_row, 5).number_format = KRONOR
                key = (year.year, party.party, party.committee or "")
                per_payer[key] = per_payer.get(key, 0) + int(year.amount)
            sheet.append([f"Summa {party.party}", None, None, None, None, float(party.base_total), None, None,
                          int(party.total)])
            row = sheet.max_row
            sheet.cell(row, 1).font = bold
            sheet.cell(row, 6).number_format = KRONOR
            sheet.cell(row, 9).number_format = KRONOR
        for note in schedule.notes:
            sheet.append([f"Obs: {note.sv}"])
        finish(sheet, header_row, schedule.title)
    summary.append([])
    summary.append(["Summa per år och part", "Part", "Nämnd", "År", "Att betala"])
    total_row = summary.max_row
    for (year, party, committee), amount in sorted(per_payer.items()):
        summary.append([None, party, committee, year, amount])
        summary.cell(summary.max_row, 5).number_format = KRONOR
    finish(summary, 2, "Utbetalningar per överenskommelse, part och år")
    for cell in summary[total_row]:
        cell.font = bold
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()

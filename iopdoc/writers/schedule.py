"""A payment schedule written out: as text for people, CSV and JSON for programs, XLSX for Excel."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Iterable

from iopdoc import locale_sv
from iopdoc.names import section_kind_name
from iopdoc.quoting import spreadsheet_text
from iopdoc.facts.bank_days import why_not
from iopdoc.facts.indexes import IndexFigure
from iopdoc.facts.schedule import PieceYear, Schedule

STATUS = {"preliminary": ("prel.", "prel."), "definitive": ("def.", "def."), "missing": ("saknas", "missing")}
HEADERS = {  # (sv, en)
    "year": ("År", "Year"), "date": ("Datum", "Date"), "base": ("Grundbelopp", "Base amount"),
    "index": ("Index", "Index"), "factor": ("Faktor", "Factor"), "amount": ("Att betala", "To pay"),
}


def say(lang: str, sv: str, en: str) -> str:
    return en if lang == "en" else sv


def percent(value: Decimal) -> str:
    return locale_sv.format_number(value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1)))


def describe_figures(figures: Iterable[IndexFigure], lang: str = "sv") -> str:
    """`2026 +2,5 % def.; 2027 +3 % prel. (2026 års)`: each year's figure, and where one stands in."""
    shown = []
    for figure in figures:
        status = STATUS[figure.status][lang == "en"]
        text = f"{figure.year} {'+' if figure.percent >= 0 else ''}{percent(figure.percent)} % {status}"
        if figure.stands_in_for and figure.source_year is not None:
            text += say(lang, f" ({figure.source_year} års)", f" (that of {figure.source_year})")
        shown.append(text)
    return "; ".join(shown) or "–"


def piece_index(piece: PieceYear, lang: str = "sv") -> str:
    """A part's index figures, or that it is fixed."""
    if piece.index is None:
        return say(lang, "fast belopp", "fixed amount")
    return f"{piece.index}: {describe_figures(piece.figures, lang)}"


def factor_text(factor: Decimal) -> str:
    return f"{factor:.4f}".replace(".", ",")


def as_text(schedules: list[Schedule], lang: str = "sv") -> str:
    out = []
    for schedule in schedules:
        out.append(say(lang, section_kind_name("schedule"), "Payment schedule") + f": {schedule.title} ({schedule.identifier})")
        out.append(say(lang, "Period", "Period") + f" {schedule.start} – {schedule.end}; "
                   + say(lang, "utbetalning", "payment") + f": {schedule.payment or '–'}")
        if schedule.index:
            out.append(say(lang, "Uppräkning", "Indexation") + f": {schedule.index}"
                       + (f" ({say(lang, 'serie', 'series')} {schedule.series})" if schedule.series else "")
                       + (f", {say(lang, 'från och med', 'from')} {schedule.index_from}" if schedule.index_from else ""))
        for party in schedule.parties:
            out.append("")
            committee = f" ({party.committee})" if party.committee else ""
            level = say(lang, f", {party.price_level} års prisläge", f", {party.price_level} price level") if party.price_level else ""
            out.append(f"{party.party}{committee}{level}")
            head = [say(lang, *HEADERS[k]) for k in ("year", "date", "base", "index", "factor", "amount")]
            rows = [head]
            for year in party.years:
                for number, instalment in enumerate(year.instalments):
                    date = str(instalment.date) if instalment.date else "–"
                    if instalment.nominal:
                        date += say(lang, f" (i stället för {instalment.nominal}, {why_not(instalment.nominal)})",
                                    f" (instead of {instalment.nominal}, {why_not(instalment.nominal)})")
                    if not instalment.in_period:
                        date += say(lang, " (utanför perioden)", " (outside the period)")
                    rows.append([str(year.year) if number == 0 else "", date, locale_sv.format_amount(instalment.base),
                                 describe_figures(year.figures, lang) if number == 0 else "",
                                 factor_text(year.factor) if number == 0 else "", locale_sv.format_amount(instalment.amount)])
                for piece in year.pieces:
                    rows.append(["", f"  {piece.label}", locale_sv.format_amount(piece.base), piece_index(piece, lang),
                                 factor_text(piece.factor), locale_sv.format_amount(piece.amount)])
                if len(year.instalments) > 1:
                    rows.append(["", say(lang, f"summa {year.year}", f"total {year.year}"), locale_sv.format_amount(year.base),
                                 "", "", locale_sv.format_amount(year.amount)])
            rows.append([say(lang, "Summa", "Total"), "", locale_sv.format_amount(party.base_total), "", "",
                         locale_sv.format_amount(party.total)])
            out.extend(table(rows, right=(2, 4, 5)))
        if len(schedule.parties) > 1:
            out.append("")
            out.append(say(lang, "Summa per år", "Total per year") + ": " + ", ".join(
                f"{year} {locale_sv.format_amount(schedule.year_total(year))}" for year in schedule.years)
                + f"; {say(lang, 'hela perioden', 'whole period')} {locale_sv.format_amount(schedule.total)}")
        for note in schedule.notes:
            out.append(say(lang, "Obs: ", "Note: ") + note.text(lang))
        out.append("")
    return "\n".join(out).replace("\u00a0", " ")


def table(rows: list[list[str]], right: tuple[int, ...]) -> list[str]:
    widths = [max(len(row[i].replace("\u00a0", " ")) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return lines


def rows_of(schedule: Schedule) -> Iterable[dict]:
    """One row per payment, then a row per year and one for the period: the CSV's and the JSON's records."""
    for party in schedule.parties:
        for year in party.years:
            for instalment in year.instalments:
                yield {"agreement": schedule.identifier, "party": party.party, "committee": party.committee or "",
                       "row": "payment", "year": year.year, "date": instalment.date.isoformat() if instalment.date else "",
                       "nominal_date": instalment.nominal_date.isoformat() if instalment.nominal_date else "",
                       "in_period": instalment.in_period, "price_level": party.price_level or "",
                       "base": instalment.base, "index": describe_figures(year.figures, "en"), "factor": year.factor,
                       "amount": instalment.amount}
            yield {"agreement": schedule.identifier, "party": party.party, "committee": party.committee or "",
                   "row": "year", "year": year.year, "date": "", "nominal_date": "", "in_period": True, "price_level": party.price_level or "",
                   "base": year.base, "index": describe_figures(year.figures, "en"), "factor": year.factor,
                   "amount": year.amount}
        yield {"agreement": schedule.identifier, "party": party.party, "committee": party.committee or "",
               "row": "total", "year": "", "date": "", "nominal_date": "", "in_period": True, "price_level": party.price_level or "",
               "base": party.base_total, "index": "", "factor": "", "amount": party.total}


# What a spreadsheet reads as the start of a formula in a text cell (OWASP, "CSV injection").
CSV_FIELDS = ("agreement", "party", "committee", "row", "year", "date", "nominal_date", "in_period", "price_level", "base", "index",
              "factor", "amount")


def one_line(value: object) -> object:
    """A text with its line breaks as spaces: a CR or LF would split the CSV row (names are one line,
    IOP309)."""
    return " ".join(value.splitlines()) if isinstance(value, str) else value


def as_csv(schedules: list[Schedule], lang: str = "sv") -> str:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for schedule in schedules:
        for row in rows_of(schedule):
            writer.writerow({k: (f"{v:.6f}".rstrip("0").rstrip(".") if k == "factor" and isinstance(v, Decimal)
                                 else one_line(spreadsheet_text(v))) for k, v in row.items()})
    return stream.getvalue()


def number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def as_data(schedule: Schedule) -> dict:
    return {
        "agreement": schedule.identifier, "title": schedule.title, "start": schedule.start.isoformat(),
        "end": schedule.end.isoformat(), "part_years": schedule.rule, "payment": schedule.payment,
        "index": schedule.index, "series": schedule.series,
        "index_from": schedule.index_from.isoformat() if schedule.index_from else None,
        "parties": [{
            "handle": p.handle, "party": p.party, "committee": p.committee, "price_level": p.price_level,
            "years": [{
                "year": y.year, "share": float(y.share), "base": number(y.base), "factor": float(y.factor),
                "amount": number(y.amount),
                "index": [{"year": f.year, "percent": float(f.percent), "status": f.status, "publication": f.publication,
                           "figure_of": f.source_year} for f in y.figures],
                "payments": [{"date": i.date.isoformat() if i.date else None,
                              "nominal_date": i.nominal_date.isoformat() if i.nominal_date else None,
                              "base": number(i.base), "amount": number(i.amount), "in_period": i.in_period}
                             for i in y.instalments],
                "parts": [{"part": piece.handle, "label": piece.label, "base": number(piece.base), "index": piece.index,
                           "factor": float(piece.factor), "amount": number(piece.amount),
                           "figures": [{"year": f.year, "percent": float(f.percent), "figure_of": f.source_year}
                                       for f in piece.figures]} for piece in y.pieces],
            } for y in p.years],
            "base_total": number(p.base_total), "total": number(p.total),
        } for p in schedule.parties],
        "per_year": {str(year): number(schedule.year_total(year)) for year in schedule.years},
        "total": number(schedule.total),
        "notes": [{"sv": n.sv, "en": n.en} for n in schedule.notes],
    }


def as_json(schedules: list[Schedule], lang: str = "sv") -> str:
    return json.dumps({"schedules": [as_data(s) for s in schedules]}, ensure_ascii=False, indent=2) + "\n"

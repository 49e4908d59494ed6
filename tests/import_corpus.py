"""A corpus of agreements and memos for `iopdoc import`, written here from facts, each with its ground
truth: other municipalities, two or three parties, amounts in kr, tkr, SEK, mnkr and words, dates
in ISO and in words, notice "tre månaders uppsägningstid", follow-up "två gånger per år", indexation
by OPI, PKV, KPI; in layouts an officer meets (numbered, capitalised or § headings, Markdown, Word
with heading styles, with bold lines only, with tables, PDF from WeasyPrint with running headers
and page numbers, PDF from LibreOffice, memos with a header block or a metadata table).

Nothing here is derived from the seeds' texts. `texts()` lists the corpus as `Text`s; `write(text,
folder)` writes one as a file and returns its path; `truth` is what the import should find
(tests/import_score.py compares).
"""
from __future__ import annotations

import datetime as dt
import html
import itertools
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
NUMBER_WORDS = {1: "en", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 10: "tio", 12: "tolv"}


def luhn_org(prefix: str) -> str:
    """A nine-digit prefix completed with its Luhn check digit, as NNNNNN-NNNN."""
    total = 0
    for index, digit in enumerate(int(c) for c in prefix):
        doubled = digit * 2 if index % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    check = (10 - total % 10) % 10
    number = prefix + str(check)
    return f"{number[:6]}-{number[6:]}"


@dataclass(frozen=True)
class Party:
    name: str
    org: str
    public: bool = False
    via: str | None = None  # the committee acting for a public party
    amount: int | None = None  # contribution per year, kronor
    amount_style: str = "kr"  # kr, tkr, sek, mnkr, words
    signer: str = ""
    signer_title: str = ""
    parts: tuple[int, int] | None = None  # a contribution in two parts (work, premises), `amount` their sum


@dataclass(frozen=True)
class Agreement:
    name: str
    layout: str
    parties: tuple[Party, ...]
    start: dt.date
    end: dt.date
    long_dates: bool = False
    notice: str | None = "tre månader"
    notice_style: str = "is"  # is: "Uppsägningstiden är …"; genitive: "… tre månaders uppsägningstid"
    meetings: int | None = 2
    meetings_style: str = "minst"  # minst: "minst två gånger per år"; plain: "två gånger per år"
    evaluations: int | None = None
    index: str | None = None  # OPI, PKV, KPI
    index_start: dt.date | None = None
    place: str = "Umeå"
    signed: dt.date = dt.date(2026, 5, 20)
    dnr: str | None = None
    topic: str = "stöd till våldsutsatta"
    background: int = 0  # paragraphs of background more (the benchmark's long agreement)
    period_style: str = "dates"  # dates; years ("under åren 2025–2027"); open ("och tills vidare")
    header: bool = False  # a header block ("Dnr …", "Datum …") above the title
    decided: dt.date | None = None  # the day the committee approved it ("godkändes av … den …, § …")
    year_table: bool = False  # the contributions as a table of amounts per year (Markdown and Word only)
    report_due: tuple[int, int] | None = None  # (day, month) the yearly reports are due ("senast den 31 mars")
    own_signing: bool = False  # each party signs in its own town on its own day (a place and date per signatory)


@dataclass(frozen=True)
class Memo:
    name: str
    layout: str
    organisation: str
    department: str
    date: dt.date
    dnr: str
    committee: str  # "Socialnämnden"
    partner: str
    points: tuple[str, ...]
    attachments: tuple[str, ...]
    officials: tuple[tuple[str, str], ...]
    dnr_in_header: bool = False  # the Dnr only in the page header (Word's header, a PDF's running header)


@dataclass
class Text:
    """One corpus text: its name, layout, file suffix, and the facts it states (the ground truth)."""

    name: str
    layout: str
    suffix: str
    spec: Agreement | Memo
    truth: dict = field(default_factory=dict)


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def amount_text(party: Party) -> str:
    value = party.amount
    if party.amount_style == "tkr":
        return f"{value // 1000} tkr"
    if party.amount_style == "sek":
        return f"{value:,} SEK".replace(",", " ")
    if party.amount_style == "mnkr":
        return f"{value / 1_000_000:.1f} mnkr".replace(".", ",")
    if party.amount_style == "words":
        return f"{NUMBER_WORDS[value // 1_000_000]} miljoner kronor"
    return f"{value:,} kr".replace(",", "\u00a0")


def short(party: Party) -> str:
    return party.name


# ---- the document, as a list of parts every layout writes in its own way -------------------

def agreement_parts(a: Agreement) -> list[tuple]:
    public = [p for p in a.parties if p.public]
    others = [p for p in a.parties if not p.public]
    municipality = public[0]
    names = " och ".join(p.name for p in others)
    day = long_date if a.long_dates else (lambda d: d.isoformat())
    parts: list[tuple] = [("para", f"Dnr {a.dnr}"), ("para", f"Datum {day(a.signed)}")] if a.header else []
    parts += [("title", f"Överenskommelse om idéburet offentligt partnerskap mellan {municipality.name} och {names}")]
    parts += [("heading", "Bakgrund"),
              ("para", f"{municipality.name} och {others[0].name} har samarbetat sedan {a.start.year - 4} kring "
                       f"{a.topic}. Denna överenskommelse bygger på en gemensam syn på behoven och på ett "
                       "långsiktigt åtagande från båda håll." + (
                           f" Överenskommelsen godkändes av {municipality.via} den {long_date(a.decided)}, "
                           f"§ {a.decided.day + 100}." if a.decided else "")),
              *[("para", FILLER)] * a.background,
              ("heading", "Parter"),
              ("parties", a.parties),
              ("heading", "Syfte och mål"),
              ("para", f"Syftet är att ge ett tillgängligt stöd till den som behöver det. En viktig del är att "
                       f"verksamheten når de grupper som i dag inte nås av {municipality.via or 'kommunen'}."),
              ("bullets", ["fler får stöd tidigt", "ideella krafter tas till vara", "kunskap delas mellan parterna"]),
              ("heading", "Avtalsperiod")]
    period = {"dates": f"Överenskommelsen gäller från och med {day(a.start)} till och med {day(a.end)}.",
              "years": f"Överenskommelsen gäller under åren {a.start.year}–{a.end.year}.",
              "open": f"Överenskommelsen gäller från och med {day(a.start)} och tills vidare."}[a.period_style]
    if a.notice and a.notice_style == "genitive":
        period += f" Var och en av parterna kan säga upp överenskommelsen med {a.notice.replace('månader', 'månaders')} uppsägningstid."
    elif a.notice:
        period += f" Uppsägningstiden är {a.notice}."
    parts.append(("para", period))
    parts.append(("heading", "Uppföljning"))
    follow = []
    if a.meetings:
        count = NUMBER_WORDS[a.meetings]
        follow.append(f"Parterna träffas minst {count} gånger per år för att följa upp arbetet." if a.meetings_style == "minst"
                      else f"Uppföljning sker {count} gånger per år i ett gemensamt möte.")
    if a.evaluations:
        follow.append(f"Överenskommelsen utvärderas {NUMBER_WORDS[a.evaluations]} gång per år.")
    if a.report_due:
        day_of, month = a.report_due
        follow.append(f"{others[0].name} lämnar varje år en verksamhetsberättelse och en ekonomisk redovisning "
                      f"till {municipality.via or municipality.name} senast den {day_of} {MONTHS[month - 1]}.")
    else:
        follow.append(f"{others[0].name} lämnar en verksamhetsberättelse efter varje år.")
    parts.append(("para", " ".join(follow)))
    parts.append(("heading", "Ekonomi"))
    money = [f"{p.name} bidrar med {amount_text(p)} per år." if not p.parts else
             f"{p.name} bidrar med {p.parts[0]:,} kr för verksamheten och {p.parts[1]:,} kr för lokaler per år.".replace(",", " ")
             for p in a.parties if p.amount]
    if a.year_table:
        payers = [p for p in a.parties if p.amount]
        parts.append(("para", "Parterna bidrar enligt tabellen nedan."))
        parts.append(("table", [["År", *(p.name for p in payers)]] +
                      [[str(year), *(f"{year_amount(p, year - a.start.year):,} kr".replace(",", " ") for p in payers)]
                       for year in range(a.start.year, a.end.year + 1)]))
    else:
        parts.append(("para", " ".join(money)))
    if a.index:
        start = a.index_start or dt.date(a.start.year + 1, 1, 1)
        parts.append(("para", f"Uppräkning sker årligen enligt {a.index} från och med {day(start)}."))
    parts.append(("heading", "Underskrifter"))
    parts.append(("signatures", a))
    return parts


def year_amount(party: Party, index: int) -> int:
    """A public party's amount grows by 10 000 kr a year in a year table; a non-profit's stays."""
    return party.amount + (10_000 * index if party.public else 0)


def agreement_truth(a: Agreement) -> dict:
    truth = {"kind": "agreement", "period.start": a.start.isoformat(), "period.end": a.end.isoformat(),
             "title": f"Överenskommelse om idéburet offentligt partnerskap mellan {a.parties[0].name} och "
                      f"{' och '.join(p.name for p in a.parties if not p.public)}",
             "signing.place": a.place, "signing.date": a.signed.isoformat()}
    if a.own_signing:
        del truth["signing.place"], truth["signing.date"]
        truth.update({f"signing:{p.name}": (signing_of(a, i)[0], signing_of(a, i)[1].isoformat())
                      for i, p in enumerate(a.parties)})
    for p in a.parties:
        truth[f"party:{p.name}"] = True
        truth[f"org:{p.name}"] = p.org
        if p.amount:
            truth[f"contribution:{p.name}"] = p.amount
        if p.amount and a.year_table and p.public:
            truth[f"years:{p.name}"] = tuple((year, year_amount(p, year - a.start.year))
                                             for year in range(a.start.year + 1, a.end.year + 1))
        truth[f"signatory:{p.name}"] = p.signer
    if a.decided:
        committee = a.parties[0].via
        truth["decision"] = (committee[0].upper() + committee[1:], a.decided.isoformat(), f"§ {a.decided.day + 100}")
    if a.period_style == "open":
        del truth["period.end"]
        truth["period.open_ended"] = True
    if a.notice:
        truth["notice"] = a.notice
    if a.meetings:
        truth["meetings"] = a.meetings
    if a.evaluations:
        truth["evaluations"] = a.evaluations
    if a.index:
        truth["index"] = a.index
    if a.report_due:
        truth["reports"] = (("verksamhetsberättelse", a.report_due[1], a.report_due[0]),
                            ("ekonomisk redovisning", a.report_due[1], a.report_due[0]))
    return truth


def party_line(p: Party) -> str:
    via = f", genom {p.via}" if p.via else ""
    return f"{p.name}{via}, organisationsnummer {p.org}."


def signature_place(a: Agreement, index: int | None = None) -> str:
    """The common place and date, or (with `index`) where and when that party signs."""
    place, day = (a.place, a.signed) if index is None else signing_of(a, index)
    return f"{place} den {long_date(day)}" if a.long_dates else f"{place} {day.isoformat()}"


OTHER_TOWNS = ("Stockholm", "Sundsvall", "Örebro")


def signing_of(a: Agreement, index: int) -> tuple[str, dt.date]:
    """Where and when party `index` signs: the first party at the agreement's place and day, the
    others in towns of their own some days later (when a.own_signing; else all the same)."""
    if not a.own_signing or index == 0:
        return a.place, a.signed
    return OTHER_TOWNS[(index - 1) % len(OTHER_TOWNS)], a.signed + dt.timedelta(days=3 * index)


def role(p: Party) -> str:
    return f"För {p.name}"


# ---- plain text and Markdown -------------------------------------------------------------------

def text_lines(parts: list[tuple], style: str) -> list[str]:
    """style: numbered ("1. Bakgrund"), caps ("BAKGRUND"), paragraph ("§ 1 Bakgrund"), markdown."""
    lines: list[str] = []
    number = itertools.count(1)
    for part in parts:
        kind, value = part
        if kind == "title":
            lines += [f"# {value}" if style == "markdown" else value, ""]
        elif kind == "heading":
            n = next(number)
            lines += [{"numbered": f"{n}. {value}", "caps": value.upper(), "paragraph": f"§ {n} {value}",
                       "markdown": f"## {n}. {value}"}[style], ""]
        elif kind == "para":
            lines += [value, ""]
        elif kind == "bullets":
            lines += [f"- {item}" for item in value] + [""]
        elif kind == "table":
            lines += [f"| {' | '.join(value[0])} |", "|" + " --- |" * len(value[0])]
            lines += [f"| {' | '.join(row)} |" for row in value[1:]] + [""]
        elif kind == "parties":
            if style == "markdown":
                lines += ["| Part | Organisationsnummer |", "| --- | --- |"]
                lines += [f"| {p.name}{', genom ' + p.via if p.via else ''} | {p.org} |" for p in value] + [""]
            else:
                for p in value:
                    lines += [party_line(p), ""]
        elif kind == "signatures":
            a = value
            columns = style in ("paragraph", "caps") and len(a.parties) == 2  # two columns side by side
            if not a.own_signing:
                lines += [signature_place(a), ""]
            elif columns:
                lines += [f"{signature_place(a, 0):<44}{signature_place(a, 1)}", ""]
            if columns:
                left, right = a.parties
                lines += [f"{role(left):<44}{role(right)}", "", f"{left.signer:<44}{right.signer}",
                          f"{left.signer_title:<44}{right.signer_title}", ""]
            else:
                for i, p in enumerate(a.parties):
                    lines += ([signature_place(a, i), ""] if a.own_signing else []) + [role(p), "", p.signer, p.signer_title, ""]
    return lines


def memo_lines(m: Memo, style: str) -> list[str]:
    lines = [m.organisation, m.department, "", f"Datum {m.date.isoformat()}", f"Dnr {m.dnr}", "",
             f"Till {m.committee}", "", f"Idéburet offentligt partnerskap med {m.partner}", "",
             "Sammanfattning", "",
             f"Förvaltningen föreslår att nämnden ingår ett idéburet offentligt partnerskap med {m.partner}. "
             "En överenskommelse har tagits fram tillsammans med föreningen.", "",
             "Beslutsförslag", "", f"{m.committee} beslutar:", ""]
    lines += [f"{n}. {point}" for n, point in enumerate(m.points, start=1)] + [""]
    lines += ["Bakgrund", "", f"{m.partner} har under flera år bedrivit verksamhet i kommunen. Denna "
              "tjänsteskrivelse beskriver det förslag som förvaltningen har tagit fram.", "",
              "Bilagor", ""]
    lines += [f"{n}. {title}" for n, title in enumerate(m.attachments, start=1)] + [""]
    lines += [f"{m.officials[0][0]:<40}{m.officials[1][0]}", f"{m.officials[0][1]:<40}{m.officials[1][1]}"]
    return lines


def memo_truth(m: Memo) -> dict:
    return {"kind": "memo", "date": m.date.isoformat(), "diarienummer": m.dnr, "recipient": m.committee,
            "committee": m.committee, "points": len(m.points), "attachments": len(m.attachments),
            **{f"official:{name}": title for name, title in m.officials}}


# ---- Word -------------------------------------------------------------------------------------

def docx_document(parts_or_memo, style: str, path: Path) -> None:
    """style: styles (Heading styles, a party table, signatures in a table), bold (short bold lines,
    signatures in two columns with tabs), plain (numbered headings in plain paragraphs), memo-table
    (a memo whose header is a metadata table)."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    if style == "memo-table":
        m: Memo = parts_or_memo
        document.add_paragraph(m.organisation)
        table = document.add_table(rows=0, cols=2)
        header = [("Dnr", m.dnr)] if m.dnr_in_header else []
        if header:
            document.sections[0].header.paragraphs[0].text = f"{m.organisation}\tDnr {m.dnr}"
        for label, value in [r for r in (("Datum", m.date.isoformat()), ("Dnr", m.dnr), ("Till", m.committee)) if r not in header]:
            row = table.add_row().cells
            row[0].text, row[1].text = label, value
        lines = memo_lines(m, "plain")[8:]
        for line in lines:
            if line.strip():
                document.add_paragraph(line)
        document.save(str(path))
        return
    number = itertools.count(1)
    for kind, value in parts_or_memo:
        if kind == "title":
            if style == "styles":
                document.add_heading(value, level=0)
            else:
                run = document.add_paragraph().add_run(value)
                run.bold, run.font.size = True, Pt(16)
        elif kind == "heading":
            n = next(number)
            if style == "styles":
                document.add_heading(value, level=1)
            elif style == "bold":
                document.add_paragraph().add_run(value).bold = True
            else:
                document.add_paragraph(f"{n}. {value}")
        elif kind == "para":
            document.add_paragraph(value)
        elif kind == "bullets":
            for item in value:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            table = document.add_table(rows=0, cols=len(value[0]))
            for row in value:
                cells = table.add_row().cells
                for cell, text in zip(cells, row):
                    cell.text = text
        elif kind == "parties":
            if style == "styles":
                table = document.add_table(rows=1, cols=2)
                table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Part", "Organisationsnummer"
                for p in value:
                    row = table.add_row().cells
                    row[0].text = p.name + (f", genom {p.via}" if p.via else "")
                    row[1].text = p.org
            else:
                for p in value:
                    document.add_paragraph(party_line(p))
        elif kind == "signatures":
            a: Agreement = value
            if not a.own_signing:
                document.add_paragraph(signature_place(a))
            if style == "styles":  # a table; with own places and dates, a row of them above the roles
                rows = [[signature_place(a, i) for i in range(len(a.parties))]] if a.own_signing else []
                rows += [[role(p) for p in a.parties], [p.signer for p in a.parties], [p.signer_title for p in a.parties]]
                table = document.add_table(rows=len(rows), cols=len(a.parties))
                for r, row in enumerate(rows):
                    for column, text in enumerate(row):
                        table.rows[r].cells[column].text = text
            else:
                for i, p in enumerate(a.parties):
                    if a.own_signing:
                        document.add_paragraph(signature_place(a, i))
                    document.add_paragraph(role(p))
                    document.add_paragraph(p.signer)
                    document.add_paragraph(p.signer_title)
    document.save(str(path))


# ---- PDF --------------------------------------------------------------------------------------

def agreement_html(a: Agreement, parts: list[tuple], columns: bool = False) -> str:
    """The agreement as HTML for WeasyPrint; with `columns`, the text between the title and the
    signatures is set in two columns (CSS `columns: 2`), as some municipalities print agreements."""
    body = []
    number = itertools.count(1)
    for kind, value in parts:
        if kind == "title":
            body.append(f"<h1>{html.escape(value)}</h1>")
        elif kind == "heading":
            body.append(f"<h2>{next(number)}. {html.escape(value)}</h2>")
        elif kind == "para":
            body.append(f"<p>{html.escape(value)}</p>")
        elif kind == "bullets":
            body.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in value) + "</ul>")
        elif kind == "parties":
            body.extend(f"<p>{html.escape(party_line(p))}</p>" for p in value)
        elif kind == "signatures":
            if columns:
                body = [body[0], "<div class='columns'>", *body[1:], "</div>"]
            if not a.own_signing:
                body.append(f"<p>{html.escape(signature_place(a))}</p>")
            for i, p in enumerate(a.parties):
                if a.own_signing:
                    body.append(f"<p>{html.escape(signature_place(a, i))}</p>")
                body.append(f"<p>{html.escape(role(p))}</p><p>{html.escape(p.signer)}<br>{html.escape(p.signer_title)}</p>")
    header = html.escape(f"Dnr {a.dnr}" if a.dnr else a.parties[0].name)
    css = f"""@page {{ size: A4; margin: 3cm 2.5cm;
      @top-right {{ content: "{header}"; font-size: 9pt }}
      @bottom-center {{ content: "Sida " counter(page) " av " counter(pages); font-size: 9pt }} }}
      body {{ font-family: 'DejaVu Serif', serif; font-size: 11pt; }} h2 {{ font-size: 13pt; margin-top: 1.4em }}
      p {{ margin: 0 0 0.9em 0 }} .columns {{ columns: 2; column-gap: 1.5em; text-align: justify }}
      .columns h2 {{ break-after: avoid }}"""
    return f"<!doctype html><html lang='sv'><head><meta charset='utf-8'><style>{css}</style></head><body>{''.join(body)}</body></html>"


def weasyprint_pdf(markup: str, path: Path) -> None:
    import weasyprint

    weasyprint.HTML(string=markup).write_pdf(str(path))


def libreoffice_pdf(docx_path: Path, path: Path) -> None:
    import shutil

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = path.parent / ".lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(path.parent), str(docx_path)], check=True, capture_output=True, timeout=180)
    converted = path.parent / (docx_path.stem + ".pdf")
    if converted != path:
        converted.replace(path)


# ---- the corpus -------------------------------------------------------------------------------

LAYOUTS = {  # layout → file suffix
    "txt-numbered": ".txt", "txt-caps": ".txt", "txt-paragraphs": ".txt", "md-table": ".md",
    "docx-styles": ".docx", "docx-bold": ".docx", "docx-plain": ".docx",
    "pdf-weasyprint": ".pdf", "pdf-libreoffice": ".pdf", "pdf-columns": ".pdf",
    "memo-txt": ".txt", "memo-docx-table": ".docx", "memo-pdf": ".pdf",
}

MUNICIPALITIES = (
    ("Umeå kommun", "212000-2627", "socialnämnden", "Umeå"),
    ("Gävle kommun", "212000-2262", "omsorgsnämnden", "Gävle"),
    ("Västerås stad", "212000-2080", "individ- och familjenämnden", "Västerås"),
    ("Borås stad", "212000-1561", "sociala omsorgsnämnden", "Borås"),
    ("Luleå kommun", "212000-2726", "socialnämnden", "Luleå"),
    ("Region Skåne", "232100-0255", "regionstyrelsen", "Malmö"),
)
NON_PROFITS = (
    "Föreningen Fristad", "Brottsofferjouren Norrland", "Stadsmissionen Mitt", "Stiftelsen Ljusglimten",
    "Tjejjouren Vågen", "Idrottsföreningen Framåt", "Hemgården Solrosen", "Kulturföreningen Bryggan",
)
PEOPLE = ("Karin Berg", "Per Holm", "Anna Lind", "Johan Ek", "Maria Sund", "Erik Dahl", "Lena Åberg",
          "Nils Ström", "Sara Björk", "Olof Lund")


def agreements() -> list[Agreement]:
    found = []
    styles = ("kr", "tkr", "sek", "mnkr", "words")
    indexes = ("OPI", "PKV", "KPI", None)
    layouts = [l for l in LAYOUTS if not l.startswith("memo") and l != "pdf-columns"]  # two columns: variants below
    for n in range(27):
        layout = layouts[n % len(layouts)]
        name, org, committee, place = MUNICIPALITIES[n % len(MUNICIPALITIES)]
        people = PEOPLE[n % 7:] + PEOPLE[:n % 7]
        amount = {3: (1 + n % 3) * 1_000_000 + 200_000, 4: (2 + n % 3) * 1_000_000}.get(n % 5, (300 + 50 * n) * 1000)
        public = Party(name, org, True, committee, amount=amount,
                       amount_style=styles[n % 5], signer=people[0], signer_title="Ordförande")
        count = 3 if n % 4 == 3 else 2
        others = tuple(Party(NON_PROFITS[(n + i) % len(NON_PROFITS)], luhn_org(f"80{2400 + n * 7 + i:04d}123"),
                             amount=(120 + 10 * n + i) * 1000 if i == 0 else None, amount_style="kr",
                             parts=((100 + 10 * n) * 1000, 20_000) if i == 0 and n % 6 == 5 else None,
                             signer=people[1 + i], signer_title="Ordförande i styrelsen")
                       for i in range(count - 1))
        period_style = {4: "years", 7: "open"}.get(n % 9, "dates")
        start = dt.date(2025 + n % 3, 1 if period_style == "years" else 1 + (n % 2) * 6, 1)
        end = dt.date(start.year + 2 + n % 2, start.month, 1) - dt.timedelta(days=1)
        found.append(Agreement(
            name=f"agreement-{n:02d}", layout=layout, parties=(public, *others), start=start, end=end,
            long_dates=n % 3 == 1, notice=("tre månader", "sex månader", None)[n % 3],
            notice_style="genitive" if n % 2 else "is", meetings=(2, 4, 2, 1)[n % 4],
            meetings_style="plain" if n % 2 else "minst", evaluations=1 if n % 3 == 0 else None,
            index=indexes[n % 4], place=place, signed=start - dt.timedelta(days=40),
            period_style=period_style, header=n % 10 == 2,
            decided=start - dt.timedelta(days=60 + n) if n % 4 == 1 else None,
            report_due=((31, 3), (30, 4), (15, 2))[n % 3] if n % 5 == 2 else None,
            year_table=layout in ("md-table", "docx-styles") and start.month == 1,  # whole calendar years
            dnr=f"SN {start.year - 1}/{100 + n:04d}" if n % 2 == 0 else None))
    # Parties that sign in towns of their own on days of their own: in two columns, a Word table,
    # one under the other in plain text and in a PDF (variants of agreements above, renamed).
    import dataclasses

    for n, (base, layout) in enumerate([(2, "txt-caps"), (4, "docx-styles"), (5, "pdf-weasyprint"), (6, "txt-numbered")],
                                       start=len(found)):
        found.append(dataclasses.replace(found[base], name=f"agreement-{n:02d}", layout=layout, own_signing=True,
                                         year_table=found[base].year_table and layout in ("md-table", "docx-styles")))
    # Printed in two columns (a PDF from WeasyPrint with CSS `columns: 2`): read column by column.
    for n, base in enumerate([0, 9, 13], start=len(found)):
        found.append(dataclasses.replace(found[base], name=f"agreement-{n:02d}", layout="pdf-columns", year_table=False,
                                         background=found[base].background + 2))
    return found


def memos() -> list[Memo]:
    found = []
    for n, layout in enumerate(["memo-txt", "memo-docx-table", "memo-pdf", "memo-txt", "memo-docx-table", "memo-pdf"]):
        name, _org, committee, _place = MUNICIPALITIES[(n + 2) % len(MUNICIPALITIES)]
        committee = committee[0].upper() + committee[1:]
        partner = NON_PROFITS[(n + 3) % len(NON_PROFITS)]
        found.append(Memo(
            name=f"memo-{n:02d}", layout=layout, organisation=name, department="Socialförvaltningen",
            date=dt.date(2024, 3 + n, 10 + n), dnr=(f"SN 2024/{40 + n:04d}", f"KS/2024:{n + 7}", f"KSN-2024-{1400 + n}")[n % 3],
            committee=committee, partner=partner,
            points=(f"Nämnden ingår ett idéburet offentligt partnerskap med {partner}.",
                    "Nämnden ger förvaltningen i uppdrag att följa upp partnerskapet.")[: 1 + n % 2] +
                   (("Beslutet justeras omedelbart.",) if n % 3 == 2 else ()),
            attachments=(f"Överenskommelse med {partner}", "Verksamhetsplan")[: 1 + (n + 1) % 2],
            officials=((PEOPLE[n], "Socialchef"), (PEOPLE[n + 3], "Handläggare")), dnr_in_header=n >= 4))
    return found


def texts() -> list[Text]:
    corpus = [Text(a.name, a.layout, LAYOUTS[a.layout], a, agreement_truth(a)) for a in agreements()]
    corpus += [Text(m.name, m.layout, LAYOUTS[m.layout], m, memo_truth(m)) for m in memos()]
    return corpus


def write(text: Text, folder: Path) -> Path:
    """Write one corpus text into `folder`; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{text.name}{text.suffix}"
    spec = text.spec
    if isinstance(spec, Memo):
        if text.layout == "memo-txt":
            path.write_text("\n".join(memo_lines(spec, "plain")) + "\n", encoding="utf-8")
        elif text.layout == "memo-docx-table":
            docx_document(spec, "memo-table", path)
        else:
            lines = [l for l in memo_lines(spec, "plain")[:-2] if not (spec.dnr_in_header and l.startswith("Dnr "))]
            if spec.dnr_in_header:  # two pages, so that the running header repeats
                lines.insert(lines.index("Bakgrund") + 3, " ".join(["Förvaltningen har gått igenom underlaget noga."] * 60))
            body = "".join(f"<p>{html.escape(l)}</p>" if l.strip() else "" for l in lines)
            names = "".join(f"<td>{html.escape(n)}<br>{html.escape(t)}</td>" for n, t in spec.officials)
            running = f"@top-right {{ content: 'Dnr {spec.dnr}' }}" if spec.dnr_in_header else ""
            weasyprint_pdf(f"<!doctype html><html lang='sv'><head><meta charset='utf-8'><style>@page {{ margin: 3cm; {running} "
                           f"@bottom-center {{ content: 'Sida ' counter(page) ' av ' counter(pages) }} }} "
                           f"td {{ padding-right: 4cm }}</style></head><body>{body}<table><tr>{names}</tr></table>"
                           f"</body></html>", path)
        return path
    parts = agreement_parts(spec)
    layout = text.layout
    if layout.startswith(("txt-", "md-")):
        style = {"txt-numbered": "numbered", "txt-caps": "caps", "txt-paragraphs": "paragraph", "md-table": "markdown"}[layout]
        path.write_text("\n".join(text_lines(parts, style)) + "\n", encoding="utf-8")
    elif layout.startswith("docx-"):
        docx_document(parts, layout[5:], path)
    elif layout in ("pdf-weasyprint", "pdf-columns"):
        weasyprint_pdf(agreement_html(spec, parts, columns=layout == "pdf-columns"), path)
    else:
        source = folder / f"{text.name}-lo.docx"
        docx_document(parts, "styles", source)
        libreoffice_pdf(source, path)
        source.unlink()
    return path


FILLER = ("Parterna har under året fört en nära dialog om hur stödet kan nå fler, och denna erfarenhet "
          "ligger till grund för de åtaganden som beskrivs nedan. En gemensam bild av behoven gör det "
          "möjligt att planera verksamheten långsiktigt, och ett tydligt ansvar för varje del gör det "
          "lättare att följa upp vad insatserna har lett till för dem som tar del av dem.")


def long_agreement(pages: int, layout: str = "docx-styles") -> Text:
    """One agreement of about `pages` A4 pages (some 450 words a page): the first of the corpus with
    its background written out at length (the benchmark's ten-page import)."""
    base = agreements()[0]
    spec = Agreement(**{**base.__dict__, "name": f"long-{pages}-pages", "layout": layout,
                        "background": pages * 450 // 60})
    return Text(spec.name, layout, LAYOUTS[layout], spec, agreement_truth(spec))

"""The public site and the internal overview apart (issue 26, item 8): `iopdoc publish` puts on the
public site what is public (the agreements in force, their periods, the municipality's money per
year and payer), and the to-dos (meetings to book, reports due, deadlines) and the calendar feed only
where iopdoc.toml's `[site]` says so; the internal site (`make preview-site`, --include-drafts) and
`iopdoc overview` always have them. Checked over every byte published: each page's text and
attributes, the JSON, each PDF's pages (poppler), metadata, XMP and embedded files. And every table
of either site keeps its column labels on a 390 px screen, in headless Chromium.

The agreement is written here, in a shape of its own (half-yearly payments on a set day, meetings in
named months, an evaluation to book, a report with a due date, a schedule section)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from icalendar import Calendar

from iopdoc.site.leaks import texts_of_file
from tests.conftest import REPO, pdf_text

ID = "vadstena-stodsamtal-2027"
TODAY = "2027-01-15"
EPOCH = "1800000000"  # 2027-01-15 08:00 UTC: the day publish reads (SOURCE_DATE_EPOCH)
AGREEMENT = f"""\
kind: agreement
id: {ID}
title: Idéburet offentligt partnerskap om stödsamtal för unga i Vadstena
status: final
parties:
  kommunen:
    name: Vadstena kommun
    sector: public
    org_number: 212000-0522
    acting_through: barn- och utbildningsnämnden
    commitments:
      - ger lokaler för samtalen
  foreningen:
    name: Föreningen Samtalsstöd Östergötland
    sector: non-profit
    org_number: 802467-1235
    commitments:
      - håller öppna stödsamtal två kvällar i veckan
period:
  start: 2027-01-01
  end: 2029-12-31
  stated_duration: tre år
  notice: tre månader
follow_up:
  meetings_per_year: 2
  months_of_meetings: [4, 10]
  evaluations_per_year: 1
  reports:
    - name: halvårsrapport om samtalen
      month: 6
      day: 15
  convener: Barn- och utbildningsförvaltningen
economy:
  contributions:
    kommunen:
      amount: 240000
      price_level: 2027
  payment:
    frequency: half-yearly
    month: 2
    day: 10
signatures:
  place: Vadstena
  date: 2026-11-30
  signatories:
    kommunen:
      role: För barn- och utbildningsnämnden
      name: Cecilia Carlsson
    foreningen:
      role: För föreningen
      name: David Dahl
sections:
  - kind: background
    heading: Bakgrund
    body: |
      Unga i kommunen har efterfrågat någon att prata med utanför skolan.
  - kind: parties
    heading: Parter
    body: |
      {{{{ parties.kommunen.name }}}} (organisationsnummer {{{{ parties.kommunen.org_number }}}}) och
      {{{{ parties.foreningen.name }}}} (organisationsnummer {{{{ parties.foreningen.org_number }}}}).

      {{{{ parties.foreningen.commitments | bullets }}}}

      Kommunen {{{{ parties.kommunen.commitments | join(", ") }}}}.
  - kind: purpose
    heading: Syfte
    body: |
      Att unga ska ha någon att tala med.
  - kind: period
    heading: Period
    body: |
      Överenskommelsen gäller i {{{{ period.stated_duration }}}}, från och med {{{{ period.start }}}} till
      och med {{{{ period.end }}}}. Uppsägningstiden är {{{{ period.notice }}}}.
  - kind: cooperation
    heading: Uppföljning
    body: |
      Parterna ses {{{{ follow_up.meetings_per_year | words }}}} gånger om året.
  - kind: economy
    heading: Pengar
    body: |
      Kommunen betalar {{{{ economy.contributions.kommunen.amount | kr }}}} per år, {{{{ economy.payment }}}}.
  - kind: schedule
    heading: Utbetalningsplan
    body: |
      Vad kommunen betalar och när.
  - kind: signatures
    heading: Underskrifter
"""


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def make_project(root: Path, settings: str = "") -> Path:
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "sources" / f"{ID}.yaml").write_text(AGREEMENT, encoding="utf-8")
    if settings:
        (root / "iopdoc.toml").write_text(settings, encoding="utf-8")
    return root


def publish(cli, root: Path, out: Path, *extra: str) -> Path:
    result = cli("publish", "--project", root, "--out", out, *extra)
    assert result.code == 0, result.err
    return out


def published_texts(site: Path) -> dict[str, str]:
    """Every file of the site as text, whitespace squashed: for a PDF its pages (pdftotext), metadata,
    XMP and embedded files; for a page its text and attributes; the JSON's strings; anything else
    decoded as it is. Font files too, decoded, so nothing is left unread."""
    found = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        parts = [path.read_bytes().decode("utf-8", "replace")]
        if path.suffix in (".pdf", ".html", ".json", ".ics"):
            parts += [text for _, text in texts_of_file(path)]
        if path.suffix == ".pdf":
            parts.append(pdf_text(path))
        found[str(path.relative_to(site))] = squash("\n".join(parts))
    return found


def todos(internal_site: Path) -> list[str]:
    """What the internal calendar feed holds, each whole title and what follows the short title."""
    feed = Calendar.from_ical((internal_site / "iop-kalender.ics").read_bytes())
    titles = [squash(str(c["SUMMARY"])) for c in feed.walk() if c.name in ("VEVENT", "VTODO")]
    assert len(titles) > 10
    return titles + [t.split(": ", 1)[1] for t in titles]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The same project published for the public (the default settings) and for review (internal)."""
    from _pytest.monkeypatch import MonkeyPatch

    from iopdoc.cli import run

    root = make_project(tmp_path_factory.mktemp("public") / "project")
    with MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for out, extra in (("site", ()), ("preview-site", ("--include-drafts",))):
            assert run(["publish", "--project", str(root), "--out", str(root / "build" / out), *extra]) == 0
    return root, root / "build" / "site", root / "build" / "preview-site"


def test_the_public_site_publishes_no_todo_and_no_calendar_in_any_byte(sites):
    root, public, internal = sites
    duties = todos(internal)
    assert any("boka utvärdering" in d for d in duties) and any("dialogmöte i april 2027" == d for d in duties)
    assert any(d.startswith("halvårsrapport om samtalen senast") for d in duties)
    files = published_texts(public)
    assert {"index.html", "oversikt.html", "catalog.json", f"{ID}.html", f"{ID}.pdf"} <= set(files)
    assert not list(public.rglob("*.ics"))
    for name, text in files.items():
        for duty in duties:
            assert duty not in text, (name, duty)
        for marker in ("att boka", "VCALENDAR", "VTODO", "iop-kalender", ".ics", "Att göra och datum",
                       "Index som behöver en ny siffra", "efterträdare"):
            assert marker not in text, (name, marker)
    # What is public is there: the agreement in force, its period, the money per year and payer.
    page = squash(re.sub(r"<[^>]+>", " ", (public / "oversikt.html").read_text(encoding="utf-8")))
    assert "Gällande och kommande överenskommelser (1)" in page and "2027-01-01" in page and "2029-12-31" in page
    for year in (2027, 2028, 2029):
        assert f"År: {year} Offentlig part: Vadstena kommun Nämnd: barn- och utbildningsnämnden Att betala: 240 000 kr" \
            in page, year
    assert "vad kommunen betalar per år" in files["index.html"]


def test_the_internal_site_and_the_overview_still_have_them(cli, sites):
    root, public, internal = sites
    duties = todos(internal)
    page = squash((internal / "oversikt.html").read_text(encoding="utf-8"))
    assert 'href="iop-kalender.ics"' in page and "Att göra och datum" in page
    # Within the next six months: the February payment, the meeting to book in April, the June report.
    assert "dialogmöte i april 2027 (att boka)" in page and "halvårsrapport om samtalen senast 15 juni 2027" in page
    text = cli("overview", "--today", TODAY, "--months", "36", "--project", root).out
    assert all(d in squash(text) for d in duties if not d.endswith("…") and "börjar" not in d)
    assert "(att boka)" in text


def test_the_settings_publish_the_todos_and_the_calendar(cli, tmp_path, monkeypatch, sites):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    _, _, internal = sites
    duties = todos(internal)
    both = make_project(tmp_path / "both", "[site]\npublish_todos = true\npublish_calendar = true\n")
    site = publish(cli, both, tmp_path / "both-site")
    page = squash((site / "oversikt.html").read_text(encoding="utf-8"))
    assert "dialogmöte i april 2027 (att boka)" in page and 'href="iop-kalender.ics"' in page
    assert "Index som behöver en ny siffra" in page
    assert todos(site) == duties  # the feed the internal site has
    assert "och alla datum som kalender" in (site / "index.html").read_text(encoding="utf-8")
    # The calendar alone: the feed, and a page without the to-dos.
    feed_only = make_project(tmp_path / "feed", "[site]\npublish_calendar = true\n")
    site = publish(cli, feed_only, tmp_path / "feed-site")
    assert (site / "iop-kalender.ics").read_bytes() == (tmp_path / "both-site" / "iop-kalender.ics").read_bytes()
    page = squash((site / "oversikt.html").read_text(encoding="utf-8"))
    assert 'href="iop-kalender.ics"' in page and "att boka" not in page and "Att göra" not in page


@pytest.mark.parametrize("written", ['publish_todos = "ja"', "publish_calendar = 1"])
def test_a_site_setting_that_is_not_true_or_false_is_reported_at_its_line(cli, tmp_path, written):
    root = make_project(tmp_path / "project", f"# the public site\n[site]\n{written}\n")
    result = cli("publish", "--project", root, "--out", tmp_path / "site")
    assert result.code == 1 and "Traceback" not in result.err
    key = written.split(" = ")[0]
    assert "iopdoc.toml:3:1: error[IOP062]" in result.err and f"`{key}` ska vara true eller false" in result.err
    assert not (tmp_path / "site").exists()


def table_labels(width: int, pages: list[Path]) -> dict:
    for tool, what in ((shutil.which("node"), "node"), ((REPO / "node_modules" / "playwright-core").is_dir(),
                                                         "playwright-core (npm)"), (Path("/usr/bin/chromium").exists(),
                                                                                     "chromium (Debian package)")):
        if not tool:
            pytest.fail(f"{what} is missing; `make test` installs it (npm ci, apt-get install chromium)")
    done = subprocess.run(["node", REPO / "tests" / "tools" / "table_labels.mjs", str(width), *pages],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_every_table_keeps_its_labels_on_a_390_px_screen(cli, tmp_path, monkeypatch, sites):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    _, public, internal = sites
    todo_site = publish(cli, make_project(tmp_path / "todos", "[site]\npublish_todos = true\n"), tmp_path / "todo-site")
    pages = sorted(public.glob("*.html")) + sorted(internal.glob("*.html")) + sorted(todo_site.glob("*.html"))
    for width in (390, 1280):
        report = table_labels(width, pages)
        captions = []
        for page, found in report.items():
            assert found["overflow"] == 0, (width, page)
            for table in found["tables"]:
                captions.append(table["caption"])
                assert table["caption"] and table["overflow"] == 0, (width, page, table["caption"])
                assert table["cells"], (page, table["caption"])
                unlabelled = [c for c in table["cells"] if not (c["visible"] and c["labelled"])]
                assert not unlabelled, (width, page, table["caption"], unlabelled[:3])
        # Every kind of table was there: the index, the overview's (public and internal), the schedule.
        assert any(c.startswith("Publicerade dokument") for c in captions)
        assert any(c.startswith("Gällande och kommande") for c in captions)
        assert any(c.startswith("Att betala per år") for c in captions)
        assert any(c.startswith("Datum till och med") for c in captions)
        assert any(c.startswith("Utbetalningsplan: Vadstena kommun") for c in captions)
    # On the phone each value follows its label; the header row is what labels it on a desktop.
    phone = table_labels(390, [internal / "oversikt.html", internal / f"{ID}.html"])
    cells = [c["text"] for found in phone.values() for t in found["tables"] for c in t["cells"]]
    assert "Att betala: 120 000 kr" in cells and "Vad: IOP Föreningen Samtalsstöd Östergötland: dialogmöte i april 2027 (att boka)" \
        in cells

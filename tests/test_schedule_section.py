"""The schedule as a section of the agreement (kind `schedule`): an accessible table in HTML
(caption, header cells) and tagged in the PDF; and the overview page and ICS feed of the site."""
from __future__ import annotations

import pikepdf
from icalendar import Calendar

from iopdoc.resolve.project import Project
from iopdoc.pipeline.publish import publish
from tests.test_publish import structure_roles
from tests.test_schedule import NEW, with_series

SECTION = """\
  - kind: schedule
    heading: Utbetalningsplan
    body: |
      Kommunens bidrag per år, uppräknat enligt indexserien.
"""


def add_schedule_section(project):
    source = with_series(project)
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("  - kind: signatures\n", SECTION + "  - kind: signatures\n", 1), encoding="utf-8")
    return source


def test_a_schedule_section_is_a_table_with_caption_and_header_cells(cli, project, tmp_path):
    source = add_schedule_section(project)
    result = cli("build", source, "--project", project, "--out", tmp_path)
    assert result.code == 0, result.err
    html = (tmp_path / f"{NEW}.html").read_text(encoding="utf-8")
    table = html.split('<table class="schedule">')[1].split("</table>")[0]
    assert "<caption>Utbetalningsplan: Linköpings kommun (social- och omsorgsnämnden), belopp i 2025 års prisläge</caption>" in table
    assert table.count('<th scope="col">') == 5 and '<th scope="row" data-label="År">2026</th>' in table
    assert "1\u00a0610\u00a0895\u00a0kr" in table and "10\u00a0069\u00a0389\u00a0kr" in table
    with pikepdf.open(tmp_path / f"{NEW}.pdf") as pdf:
        roles = structure_roles(pdf)
    assert {"Table", "TR", "TH", "TD", "Caption"} <= set(roles)


def test_the_site_has_an_overview_page_and_one_feed(tmp_path, project):
    out = tmp_path / "site"
    result = publish(Project(project), out, include_drafts=True)
    assert not result.failed, [d.format() for d in result.diagnostics]
    page = (out / "oversikt.html").read_text(encoding="utf-8")
    assert '<a href="iop-kalender.ics">' in page and "<caption>" in page and '<th scope="col">' in page
    assert 'href="oversikt.html"' in (out / "index.html").read_text(encoding="utf-8")
    feed = Calendar.from_ical((out / "iop-kalender.ics").read_bytes())
    uids = [str(c["UID"]) for c in feed.walk() if c.name in ("VEVENT", "VTODO")]
    assert any(u.startswith("linkoping-kvinnojouren-2020.") for u in uids)
    assert any(u == "linkoping-kvinnojouren-2025.successor@iopdoc" for u in uids)

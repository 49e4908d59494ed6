"""The site's duties axe cannot see (site_audit.py): PDF links say format and size, every PDF has its
HTML page, the index says when and from which commit it was published. Checked on a real publish,
and each shown to fail on a site that breaks it."""
from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from iopdoc.resolve.project import Project
from iopdoc.pipeline.publish import publish
from iopdoc.site.audit import audit_site
from tests.conftest import REPO, pdf_text
from tests.test_publish import Text, words

FINAL = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit")
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(FINAL, root / "sources" / FINAL.name)
    result = publish(Project(root), root / "site", include_drafts=True)
    assert not result.failed, [d.format() for d in result.diagnostics]
    return root / "site"


def test_a_published_site_meets_the_duties(published):
    assert audit_site(published) == []
    page = (published / "minimal-agreement.html").read_text(encoding="utf-8")
    assert re.search(r">Ladda ner som PDF \(PDF, \d+\u00a0kB\)</a>", page)


def test_every_pdf_has_an_html_page_with_the_same_words(published):
    for pdf in sorted(published.glob("*.pdf")):
        text = Text()
        text.feed((published / f"{pdf.stem}.html").read_text(encoding="utf-8"))
        page_text = "".join(text.parts)
        page, in_pdf = Counter(words(page_text)), Counter(words(pdf_text(pdf)))
        lost = page - in_pdf
        # A hard hyphen at a line end ("HSLF-" / "FS") is joined by pdftotext: the words are there as one.
        for first, second in re.findall(r"(\w+)-\s*(\w+)", page_text):
            if in_pdf[(first + second).lower()] and lost[first.lower()] and lost[second.lower()]:
                lost.subtract([first.lower(), second.lower()])
                lost = +lost
        assert not lost, f"{pdf.name}: words of the page missing from the PDF: {dict(lost)}"
    assert len(list(published.glob("*.pdf"))) == 4


def broken_copy(published: Path, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(published, site)
    return site


def test_a_pdf_link_without_its_size_is_found(published, tmp_path):
    site = broken_copy(published, tmp_path)
    page = site / "minimal-agreement.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("Ladda ner som PDF (PDF,", "Ladda ner som PDF (").replace(
        'href="minimal-agreement.pdf">Ladda ner som PDF (', 'href="minimal-agreement.pdf">Ladda ner ('), encoding="utf-8")
    problems = [d.format() for d in audit_site(site)]
    assert len(problems) == 1 and "minimal-agreement.html" in problems[0] and "error[IOP094]" in problems[0]


def test_a_pdf_without_its_html_page_is_found(published, tmp_path):
    site = broken_copy(published, tmp_path)
    (site / "minimal-agreement.html").unlink()
    (site / "extra.pdf").write_bytes((site / "minimal-agreement.pdf").read_bytes())
    problems = [d.format() for d in audit_site(site)]
    assert any("minimal-agreement.pdf" in p and "HTML" in p for p in problems)
    assert any(p.startswith(str(site / "extra.pdf")) or "extra.pdf:" in p for p in problems)


def test_an_index_that_does_not_say_when_it_was_published_is_found(published, tmp_path):
    site = broken_copy(published, tmp_path)
    index = site / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("Publicerad ", "Uppdaterad "), encoding="utf-8")
    assert [d.code for d in audit_site(site)] == ["IOP094"]


def test_a_template_that_breaks_a_duty_stops_the_publish(tmp_path):
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(FINAL, root / "sources" / FINAL.name)
    base = root / "templates" / "base.html.j2"
    base.write_text(base.read_text(encoding="utf-8").replace(" (PDF, {{ page_links.pdf_size }})", ""), encoding="utf-8")
    result = publish(Project(root), root / "site")
    # Besides the fixture's own warning (its indexation names no series, IOP230), only the broken duty.
    assert result.failed and [d.code for d in result.diagnostics if d.code != "IOP230"] == ["IOP094"]
    assert not (root / "site").exists()

"""Rendering: prose facts written once, sandboxed expressions, safe Markdown, golden HTML."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser

import pytest

from iopdoc.pipeline.build import check_source
from iopdoc.errors import Location, SourceError
from iopdoc.prose.markup import Prose, evaluate_prose, render_markdown
from iopdoc.resolve.project import Project
from iopdoc.writers.html import render_html
from iopdoc.source.schema import load_document
from tests.conftest import REPO

AGREEMENTS = ["linkoping-kvinnojouren-2020", "linkoping-kvinnojouren-2025"]


def rendered(identifier: str, project_root=REPO):
    project = Project(project_root)
    source = project.sources_dir / f"{identifier}.yaml"
    document = project.load(source)
    return render_html(document, project.templates_dir, project.linked(document, source))


def without_stylesheet(html: str) -> str:
    """Golden files review content: the inlined stylesheet (tested by the PDF tests) is left out."""
    return re.sub(r"<style>.*?</style>", "<style>/* templates/style.css */</style>", html, count=1, flags=re.DOTALL)


@pytest.mark.parametrize("identifier", AGREEMENTS)
def test_golden_html(golden, identifier):
    golden(f"{identifier}.html", without_stylesheet(rendered(identifier).html))


class Outline(HTMLParser):
    """Collects headings and checks the page's skeleton."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.lang = None
        self.title = False

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag == "title":
            self.title = True


@pytest.mark.parametrize("identifier", AGREEMENTS)
def test_html_is_an_accessible_standalone_page(identifier):
    html = rendered(identifier).html
    outline = Outline()
    outline.feed(html)
    assert outline.lang == "sv" and outline.title
    assert outline.headings[0] == 1 and outline.headings.count(1) == 1
    for previous, current in zip(outline.headings, outline.headings[1:]):
        assert current <= previous + 1, "heading levels must not skip"
    assert '<meta name="viewport"' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "a page must not load anything external"


def test_facts_in_prose_come_from_the_data(project):
    """Change a fact once in the data and every sentence that states it changes."""
    source = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("amount: 1345500", "amount: 1400000").replace("end: 2024-12-31", "end: 2024-12-30"),
                      encoding="utf-8")
    html = re.sub(r"[ \n]+", " ", rendered("linkoping-kvinnojouren-2020", project).html)
    assert "1\u00a0400\u00a0000\u00a0kr per år" in html and "1\u00a0345\u00a0500" not in html
    assert "till och med 2024-12-30" in html
    # The successor states its predecessor's end from the predecessor's data.
    assert "avslutas 30 december 2024" in re.sub(r"[ \n]+", " ", rendered("linkoping-kvinnojouren-2025", project).html)


def test_seed_dates_left_open_render_as_written():
    assert "Linköping 2019-" in rendered("linkoping-kvinnojouren-2020").html
    assert "Linköping 2024-xx-xx" in rendered("linkoping-kvinnojouren-2025").html


def test_drafts_are_marked():
    result = rendered("linkoping-kvinnojouren-2025")
    assert result.title.startswith("UTKAST: ")
    assert '<p class="draft-mark">UTKAST</p>' in result.html


def prose(text: str) -> Prose:
    return Prose(text, Location("x.yaml", 10, 7), 7)


CONTEXT = {"period": {"start": dt.date(2025, 1, 1)}, "amount": 1571605, "items": ("a", "b")}


def test_expressions_are_replaced_with_formatted_facts():
    markdown, problems = evaluate_prose(prose("Från {{ period.start }}: {{ amount | kr }}.\n\n{{ items | bullets }}"), CONTEXT)
    assert problems == []
    assert markdown == "Från 2025-01-01: 1\u00a0571\u00a0605\u00a0kr.\n\n- a\n- b"


def test_an_unknown_expression_is_reported_at_its_line_and_column():
    _, problems = evaluate_prose(prose("Rad ett.\nRad två {{ period.end }} här."), CONTEXT)
    assert [str(p.location) for p in problems] == ["x.yaml:11:15"]
    assert problems[0].code == "IOP030"
    assert "`period` har inget `end`" in problems[0].sv


@pytest.mark.parametrize("expression", [
    "period.__class__.__mro__", "amount.__class__.__subclasses__()", "cycler.__init__.__globals__",
    "lipsum.__globals__", "range.__self__",
])
def test_the_sandbox_keeps_prose_away_from_python(expression):
    markdown, problems = evaluate_prose(prose(f"x {{{{ {expression} }}}}"), CONTEXT)
    assert problems and problems[0].code in ("IOP030", "IOP032", "IOP033")
    assert "class" not in markdown.replace(expression, "")


def test_raw_html_and_images_in_markdown_are_not_passed_through():
    html = render_markdown('<script>alert(1)</script>\n\n<img src="http://example.org/x.png">\n\n'
                           '![bild](http://example.org/y.png)\n\n[länk](https://example.org)')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="https://example.org">länk</a>' in html


def test_headings_in_a_body_are_subheadings():
    assert render_markdown("# Underrubrik").strip() == "<h3>Underrubrik</h3>"


def test_the_renderer_fetches_no_url(project, tmp_path):
    """A stylesheet reference to the network or to a file outside the project is not fetched."""
    from iopdoc.writers.pdf import _fetcher_class

    fetcher = _fetcher_class()(project / "templates")
    for url in ("http://127.0.0.1:9/x.css", "file:///etc/passwd", f"file://{tmp_path}/other.css"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    inside = project / "templates" / "style.css"
    assert fetcher.fetch(inside.as_uri()).url.endswith("style.css")


def test_unfilled_and_real_dates_load_as_such():
    document = load_document(REPO / "sources" / "linkoping-kvinnojouren-2025.yaml")
    assert document.period.start == dt.date(2025, 1, 1)
    assert str(document.signatures.date) == "2024-xx-xx" and not isinstance(document.signatures.date, dt.date)
    end_line = next(i for i, line in enumerate((REPO / "sources/linkoping-kvinnojouren-2025.yaml").read_text().splitlines(), 1)
                    if line.startswith("  end:"))
    assert document.period.at("end") == Location(document.period.at("end").file, end_line, 8)


def test_links_resolve_and_a_missing_one_is_an_error_at_its_line(project):
    source = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    (project / "sources" / "linkoping-kvinnojouren-2020.yaml").unlink()
    with pytest.raises(SourceError) as caught:
        check_source(Project(project), source)
    [problem] = caught.value.diagnostics
    assert problem.code == "IOP020"
    assert problem.location.line == next(i for i, line in enumerate(source.read_text().splitlines(), 1)
                                         if line.startswith("supersedes:"))


def test_circular_links_are_an_error(project):
    older = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    older.write_text(older.read_text().replace("language: sv\n", "language: sv\nsupersedes: linkoping-kvinnojouren-2025\n", 1))
    with pytest.raises(SourceError) as caught:
        check_source(Project(project), project / "sources" / "linkoping-kvinnojouren-2025.yaml")
    assert [d.code for d in caught.value.diagnostics] == ["IOP021"]
    assert "linkoping-kvinnojouren-2025 → linkoping-kvinnojouren-2020 → linkoping-kvinnojouren-2025" in \
        caught.value.diagnostics[0].sv


def test_folded_prose_carries_no_control_characters():
    """ruamel marks fold points of `>` scalars with U+0007 in round-trip mode; none may reach the text."""
    document = load_document(REPO / "sources" / "linkoping-kvinnojouren-2025.yaml")
    description = document.parties["kvinnojouren"].description
    assert "feministisk anda" in description
    html = rendered("linkoping-kvinnojouren-2025").html
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", html)

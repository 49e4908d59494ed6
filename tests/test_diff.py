"""`iopdoc diff` on the two real Linköping agreements, end to end: facts, sections, the three formats.

The Markdown and the HTML redline of 2020 → 2025 are golden files (`make golden` rewrites them).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from tests.conftest import REPO
from tests.test_publish import NODE_MODULES, VNU, require_tool

OLD = "sources/linkoping-kvinnojouren-2020.yaml"
NEW = "sources/linkoping-kvinnojouren-2025.yaml"
NBSP = "\u00a0"


@pytest.fixture
def linkoping(cli):
    def run(*options: str):
        result = cli("diff", OLD, NEW, *options, cwd=REPO)
        assert result.code == 0, result.err
        return result.out
    return run


def test_the_changed_facts_of_the_renewal(linkoping):
    text = linkoping()
    assert "Avtalsperiod: 2020-01-01–2024-12-31 → 2025-01-01–2030-12-31\n" in text
    assert (f"Ekonomi – Bidrag per part – Linköpings kommun: 1{NBSP}345{NBSP}500{NBSP}kr per år i 2019 års prisläge"
            f" → 1{NBSP}571{NBSP}605{NBSP}kr per år i 2025 års prisläge\n") in text
    assert "Ekonomi – Uppräkning – Index: OPI → Social- och omsorgsnämndens index\n" in text
    assert "Samverkan och uppföljning – Dialogmöten per år (minst): 1 → 2\n" in text
    assert "Avtalsperiod – Angiven längd: fem år → 5 år\n" in text
    # What the 2025 agreement no longer states is listed as gone, not left out.
    assert f"Ekonomi – Angiven total omfattning: 3{NBSP}937{NBSP}500{NBSP}kr per år → –\n" in text
    # Unchanged facts are not listed: the organisation numbers are the same.
    assert "Organisationsnummer" not in text


def test_the_new_and_removed_sections_of_the_renewal(linkoping):
    text = linkoping()
    listed = text.split("\nAvsnitt\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert "  Nytt avsnitt: Syfte och mål (plats 5)" in listed
    assert "  Nytt avsnitt: (utan rubrik: Fritt avsnitt) (plats 1)" in listed
    assert "  Borttaget avsnitt: Värdegrund (plats 2)" in listed
    assert "  Borttaget avsnitt: (utan rubrik: Ändringar) (plats 11)" in listed
    assert ("  Ändrat, ny rubrik: Period för överenskommelsen → Avtalsperiod (flyttat: plats 10 → 6)" in listed)
    assert "  Ändrat, ny rubrik: Ekonomi → Ekonomi och finansiering" in listed
    # The signature sections are alike: not listed.
    assert not any("Underskrifter" in line for line in listed)


def test_changed_sections_show_evaluated_prose_word_by_word(linkoping):
    text = linkoping()
    period = text.split("\nÄndrat, ny rubrik: Period för överenskommelsen → Avtalsperiod", 1)[1]
    # The values, not `{{ period.start }}`: what is signed.
    assert "[-fem-] {+5+} år från och med [-2020-01-01-] {+2025-01-01+}" in period
    assert "{{" not in text


def test_markdown_golden(linkoping, golden):
    text = linkoping("--format", "markdown")
    assert len(text) < 65_536
    assert "<ins>" in text and "<del>" in text
    golden("diff-linkoping-2020-2025.md", text)


def test_html_redline_golden(linkoping, golden):
    golden("diff-linkoping-2020-2025.html", linkoping("--format", "html"))


def test_html_redline_marks_changes_without_colour_for_every_reader(linkoping):
    page = linkoping("--format", "html")
    assert page.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert '<ins><span class="visually-hidden">Tillagt: </span>' in page
    assert '<del><span class="visually-hidden">Borttaget: </span>' in page
    assert "text-decoration: underline" in page and "text-decoration: line-through" in page
    assert "@media print" in page and "<script" not in page and "http" not in page


def test_html_redline_is_valid_and_accessible(tmp_path, linkoping):
    page = tmp_path / "redline.html"
    page.write_text(linkoping("--format", "html"), encoding="utf-8")
    require_tool(shutil.which("java") is not None and VNU.is_file(), "java / vnu-jar (npm)")
    done = subprocess.run(["java", "-jar", VNU, "--format", "json", "--errors-only", str(page)],
                          capture_output=True, text=True, timeout=300)
    assert json.loads(done.stderr or '{"messages": []}')["messages"] == []
    require_tool((NODE_MODULES / "playwright-core").is_dir(), "playwright-core (npm)")
    done = subprocess.run(["node", REPO / "tests" / "tools" / "axe_check.mjs", str(page)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)[str(page)] == []


def test_text_is_coloured_only_when_asked_or_on_a_terminal(linkoping):
    assert "\033[" not in linkoping()  # captured output is no terminal
    coloured = linkoping("--color", "always")
    assert "\033[31m[-fem-]\033[0m \033[32m{+5+}\033[0m" in coloured
    assert "\033[" not in linkoping("--color", "never")


def test_markdown_escapes_source_text(cli, project):
    """Prose arrives in pull requests: it must not add links, images, HTML or mentions to a comment."""
    path = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    old = project / "before" / path.name
    old.parent.mkdir()
    shutil.copy(path, old)
    text = path.read_text(encoding="utf-8").replace(
        "  - kind: signatures\n    heading: Underskrifter\n",
        "  - kind: signatures\n    heading: Underskrifter\n    body: |\n"
        "      Se ![spårare](https://example.org/x.png) och <script>x</script> | @someone *fet*\n")
    path.write_text(text, encoding="utf-8")
    result = cli("diff", old, path, "--format", "markdown", "--project", project)
    assert result.code == 0, result.err
    added = result.out.split("Underskrifter</summary>", 1)[1]
    assert r"\!\[spårare\](https://example.org/x.png)" in added
    assert "&lt;script&gt;" in added and "<script>" not in result.out
    assert "@\u2060someone" in added and r"\*fet\*" in added and r"\|" in added


def test_a_huge_diff_is_summarised_under_the_comment_limit():
    from iopdoc.diff.changes import DocumentDiff, FactChange, SectionChange, SectionText
    from iopdoc.diff.markdown import GITHUB_LIMIT, render_markdown
    from iopdoc.diff.words import diff_units

    words = " ".join(f"ord{i}" for i in range(3000))
    sections = tuple(SectionChange("changed", (SectionText(i, "free", f"Avsnitt {i}", words),),
                                   (SectionText(i, "free", f"Avsnitt {i}", words.upper()),),
                                   units=diff_units(words, words.upper())) for i in range(40))
    facts = tuple(FactChange(f"f{i}", f"Faktum {i}", "a" * 20, "b" * 20) for i in range(3000))
    text = render_markdown([DocumentDiff("stor", "agreement", "a.yaml", "b.yaml", facts, sections)])
    assert len(text) < GITHUB_LIMIT
    assert "Sammanfattad för att rymmas i en kommentar" in text
    assert "… och 2980 fakta till." in text and "… och 20 avsnitt till." in text


def test_a_successor_differs_from_its_predecessor_only_in_its_facts(cli, project):
    """`iopdoc new --from` changes facts only; sections differ only where they show those facts."""
    assert cli("new", "linkoping-kvinnojouren-2031", "--from", "linkoping-kvinnojouren-2025", "--project", project).code == 0
    sources = project / "sources"
    result = cli("diff", sources / "linkoping-kvinnojouren-2025.yaml", sources / "linkoping-kvinnojouren-2031.yaml",
                 "--project", project)
    assert result.code == 0, result.err
    facts = result.out.split("\nFakta som ändrats\n", 1)[1].split("\n\n", 1)[0]
    assert [line.split(":", 1)[0].strip() for line in facts.splitlines()] == [
        "Kort titel", "Ersätter", "Avtalsperiod", "Ekonomi – Bidrag per part – Linköpings kommun",
        "Ekonomi – Uppräkning – Uppräkning från och med", "Underskrifter – Datum",
        "Underskrifter – Undertecknare per part – Linköpings kommun",
        "Underskrifter – Undertecknare per part – Kvinnojouren Ellinor och Tjejjouren Beata"]
    sections = result.out.split("\nAvsnitt\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert all(line.startswith("  Ändrat bara genom fakta: ") for line in sections), sections
    changed_words = re.findall(r"\[-(.*?)-\] \{\+(.*?)\+\}", result.out.split("\nAvsnitt\n", 1)[1])
    assert changed_words and all(re.search(r"\d{4}", old) and re.search(r"\d{4}", new) for old, new in changed_words)


def test_the_memo_diff_names_its_header_facts(cli, project):
    memo = project / "sources" / "osteraker-kvinnojouren-2023-memo.yaml"
    before = project / "before" / memo.name  # the same file name: a source's id is its name
    before.parent.mkdir()
    shutil.copy(memo, before)
    text = memo.read_text(encoding="utf-8").replace("diarienummer: SN 2023/0050", "diarienummer: SN 2023/0051")
    memo.write_text(text.replace("budget_year: 2023", "budget_year: 2024"), encoding="utf-8")
    result = cli("diff", before, memo, "--project", project)
    assert result.code == 0, result.err
    assert "  Diarienummer: SN 2023/0050 → SN 2023/0051\n" in result.out
    assert "  Beslutsförslag – Budgetår: 2023 → 2024\n" in result.out
    # A decision point shows the budget year it refers to: it changed as it will be decided.
    assert "budgetram för [-2023.-] {+2024.+}" in result.out

"""`iopdoc review`: a DOCX that iopdoc built, edited as Word writes tracked changes (w:del, w:ins)
and a comment (python-docx's comments part), read back against the source."""
from __future__ import annotations

import copy
import json
import shutil

import docx
import pytest
from docx.oxml.ns import qn

from tests.conftest import REPO

SOURCE = "linkoping-kvinnojouren-2025"
OLD, NEW = "1\u00a0571\u00a0605\u00a0kr", "1\u00a0600\u00a0000\u00a0kr"
AUTHOR, DATE = "Anna Jurist", "2026-03-02T10:00:00Z"


@pytest.fixture
def scratch(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def tracked(tag: str, text: str, run_properties, number: int):
    """A w:ins or w:del holding one run, as Word writes a tracked change."""
    from docx.oxml import OxmlElement

    change = OxmlElement(tag)
    change.set(qn("w:id"), str(number))
    change.set(qn("w:author"), AUTHOR)
    change.set(qn("w:date"), DATE)
    run = OxmlElement("w:r")
    if run_properties is not None:
        run.append(copy.deepcopy(run_properties))
    text_element = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    text_element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    text_element.text = text
    run.append(text_element)
    change.append(run)
    return change


def edit_like_word(path, out):
    """Replace the municipality's amount with a tracked deletion and insertion; comment on the notice."""
    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if OLD in p.text)
    run = next(r for r in paragraph.runs if OLD in r.text)
    before, after = run.text.split(OLD, 1)
    properties = run._r.find(qn("w:rPr"))
    run.text = before
    anchor = run._r
    for element in (tracked("w:del", OLD, properties, 901), tracked("w:ins", NEW, properties, 902)):
        anchor.addnext(element)
        anchor = element
    rest = copy.deepcopy(run._r)
    rest.find(qn("w:t")).text = after
    anchor.addnext(rest)
    notice = next(p for p in document.paragraphs if "Uppsägningstiden" in p.text)
    document.add_comment(notice.runs, text="Sex månader är för kort för föreningen.", author="Maria Föreningen",
                         initials="MF")
    document.save(str(out))


@pytest.fixture
def reviewed(cli, scratch, tmp_path):
    out = scratch / "out"
    assert cli("build", scratch / "sources" / f"{SOURCE}.yaml", "--out", out, "--format", "docx", "--no-cache",
               "--project", scratch).code == 0
    edited = tmp_path / "granskad.docx"
    edit_like_word(out / f"{SOURCE}.docx", edited)
    return edited


def test_review_names_the_changed_fact_in_its_section_and_the_comment(cli, scratch, reviewed):
    result = cli("review", reviewed, "--project", scratch)
    assert result.code == 0, result.err
    assert "Ekonomi och finansiering" in result.out
    assert "economy.contributions.kommunen.amount" in result.out
    assert "[-1\u00a0571\u00a0605\u00a0kr-]" in result.out and "{+1\u00a0600\u00a0000\u00a0kr+}" in result.out
    assert "Maria Föreningen" in result.out and "Sex månader är för kort" in result.out
    assert "Avtalsperiod" in result.out.split("Kommentarer:")[1], "the comment is placed in its section"
    assert AUTHOR in result.out
    assert "IOP088" not in result.err, "built from the current source: no revision warning"


def test_review_as_markdown_and_json(cli, scratch, reviewed):
    markdown = cli("review", reviewed, "--project", scratch, "--format", "markdown")
    assert markdown.code == 0 and "**Kommentarer**" in markdown.out and "Ekonomi och finansiering" in markdown.out
    data = json.loads(cli("review", reviewed, "--project", scratch, "--format", "json").out)
    fact = data["facts"][0]
    assert (fact["fact"], fact["old"], fact["new"]) == ("economy.contributions.kommunen.amount", "1 571 605 kr",
                                                         "1 600 000 kr")
    assert data["comments"][0]["author"] == "Maria Föreningen" and data["comments"][0]["section"] == "Avtalsperiod"
    assert "Uppsägningstiden" in data["comments"][0]["anchored"]


def test_review_warns_when_the_source_has_moved_on(cli, scratch, reviewed):
    source = scratch / "sources" / f"{SOURCE}.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("notice: sex månader", "notice: tre månader"),
                      encoding="utf-8")
    result = cli("review", reviewed, "--project", scratch)
    assert result.code == 0
    assert "IOP088" in result.err and "annan version" in result.err


def test_review_of_a_docx_not_built_by_iopdoc(cli, tmp_path, scratch):
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    result = cli("review", plain, "--project", scratch)
    assert result.code == 1 and "IOP081" in result.err and "Traceback" not in result.err

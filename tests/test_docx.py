"""DOCX output: the same words as the PDF in Word's own structures (headings, lists, tables, fields),
sv-SE everywhere, reproducible bytes, and the source carried inside for `iopdoc extract`.

The fidelity test converts the DOCX with real LibreOffice (installed by `make test`) and measures
it against the reference texts with the fidelity measure (tests/tools/fidelity.py).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn

from tests.conftest import REFERENCE
from tests.tools.fidelity import measure

SEED_OF = {  # the reference text of each rebuilt document
    identifier: REFERENCE / f"{identifier}.txt"
    for identifier in ("linkoping-kvinnojouren-2025", "linkoping-kvinnojouren-2020", "osteraker-kvinnojouren-2023-memo")
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The three real sources built to HTML and DOCX once, in a scratch copy of the project."""
    from tests.conftest import REPO

    root = tmp_path_factory.mktemp("docx") / "project"
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "templates", root / "templates")
    out = root / "out"
    done = subprocess.run([sys.executable, "-m", "iopdoc", "build", "--out", str(out), "--format", "html,docx",
                           "--no-cache", "--project", str(root)], capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stderr
    return root, out


@pytest.fixture(scope="module")
def converted(built):
    """The DOCX files converted to PDF by LibreOffice, all in one run."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: `make test` installs libreoffice-writer-nogui"
    root, out = built
    target = out / "lo"
    profile = root / "lo-profile"
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(target), *sorted(str(p) for p in out.glob("*.docx"))],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return target


@pytest.mark.parametrize("identifier", sorted(SEED_OF))
def test_docx_converted_by_libreoffice_reproduces_the_seed(converted, identifier):
    pdf = converted / f"{identifier}.pdf"
    assert pdf.is_file()
    result = measure(SEED_OF[identifier], pdf)
    assert result.reaches(min_recall=0.98, min_precision=0.93), result.summary()


def html_headings(path: Path) -> list[tuple[int, str]]:
    page = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    return [(int(h.tag[1]), " ".join(h.text_content().split())) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]


def docx_headings(document) -> list[tuple[int, str]]:
    found = []
    for paragraph in document.paragraphs:
        match = re.fullmatch(r"Heading (\d)", paragraph.style.name)
        if match:
            found.append((int(match.group(1)), " ".join(paragraph.text.split())))
    return found


@pytest.mark.parametrize("identifier", sorted(SEED_OF))
def test_headings_are_words_own_styles_in_the_htmls_order(built, identifier):
    _, out = built
    document = docx.Document(str(out / f"{identifier}.docx"))
    headings = docx_headings(document)
    assert headings == html_headings(out / f"{identifier}.html")
    assert {level for level, _ in headings} >= {1, 2}


def numbering_formats(document) -> dict[str, str]:
    """numId → the number format of its level 0, through its abstract definition."""
    root = document.part.numbering_part.element
    abstract = {a.get(qn("w:abstractNumId")): a.find(qn("w:lvl")).find(qn("w:numFmt")).get(qn("w:val"))
                for a in root.findall(qn("w:abstractNum"))}
    return {n.get(qn("w:numId")): abstract[n.find(qn("w:abstractNumId")).get(qn("w:val"))]
            for n in root.findall(qn("w:num"))}


def list_paragraphs(document) -> list[tuple[str, str]]:
    formats = numbering_formats(document)
    items = []
    for paragraph in document.paragraphs:
        numpr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        if numpr is not None:
            items.append((formats[str(numpr.numId.val)], paragraph.text))
    return items


def test_lists_are_real_word_numbering(built):
    _, out = built
    agreement = docx.Document(str(out / "linkoping-kvinnojouren-2025.docx"))
    items = list_paragraphs(agreement)
    page = lxml.html.fromstring((out / "linkoping-kvinnojouren-2025.html").read_text(encoding="utf-8"))
    assert len(items) == len(page.findall(".//li"))
    assert all(kind == "bullet" for kind, _ in items)
    assert not any(text.lstrip().startswith(("-", "•")) for _, text in items), "no typed bullets"
    memo = docx.Document(str(out / "osteraker-kvinnojouren-2023-memo.docx"))
    numbered = [text for kind, text in list_paragraphs(memo) if kind == "decimal"]
    assert len(numbered) >= 3 and numbered[0].startswith("Socialnämnden godkänner") is not None
    # each numbered list restarts: the decision points and the attachments are separate instances
    memo_root = memo.part.numbering_part.element
    assert len(memo_root.findall(qn("w:num"))) >= 2
    assert all(n.find(qn("w:lvlOverride")).find(qn("w:startOverride")) is not None for n in memo_root.findall(qn("w:num")))


def field_instructions(part_element) -> list[str]:
    return [t.text.strip() for t in part_element.iter(qn("w:instrText"))]


@pytest.mark.parametrize("identifier", sorted(SEED_OF))
def test_header_footer_and_page_fields(built, identifier):
    from iopdoc.source.schema import load_document

    root, out = built
    source = load_document(root / "sources" / f"{identifier}.yaml")
    document = docx.Document(str(out / f"{identifier}.docx"))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header = section.header.paragraphs[0].text
    if source.kind == "memo":
        assert source.organisation in header and f"Dnr {source.diarienummer}" in header
    else:
        assert (source.short_title or source.title) in header
    assert ("UTKAST" in header) == (source.status == "draft")
    for footer in (section.footer, section.first_page_footer):
        assert field_instructions(footer._element) == ["PAGE", "NUMPAGES"]
        assert footer.paragraphs[0].text.startswith("Sida ") and " av " in footer.paragraphs[0].text
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


@pytest.mark.parametrize("identifier", sorted(SEED_OF))
def test_swedish_on_every_style_and_document_properties(built, identifier):
    _, out = built
    document = docx.Document(str(out / f"{identifier}.docx"))
    styles = document.styles.element
    default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert default.get(qn("w:val")) == "sv-SE"
    for style in styles.findall(qn("w:style")):
        lang = style.find(qn("w:rPr")).find(qn("w:lang"))
        assert lang is not None and lang.get(qn("w:val")) == "sv-SE", style.get(qn("w:styleId"))
    props = document.core_properties
    assert props.language == "sv-SE"
    assert props.title and props.subject and props.author and props.keywords
    page = lxml.html.fromstring((out / f"{identifier}.html").read_text(encoding="utf-8"))
    assert props.title == page.findtext(".//title")
    assert props.author == page.find(".//meta[@name='author']").get("content")


def test_signatures_are_a_table_with_a_column_per_signatory(built):
    from iopdoc.source.schema import load_document

    root, out = built
    source = load_document(root / "sources" / "linkoping-kvinnojouren-2025.yaml")
    document = docx.Document(str(out / "linkoping-kvinnojouren-2025.docx"))
    signatories = list(source.signatures.signatories.values())
    tables = [t for t in document.tables if any(s.role in t.rows[0].cells[0].text for s in signatories)]
    assert len(tables) == 1
    cells = tables[0].rows[0].cells
    assert len(cells) == len(signatories)
    for cell, signatory in zip(cells, signatories):
        assert signatory.role in cell.text and signatory.name in cell.text
        assert cell._tc.find(".//" + qn("w:pBdr")) is not None, "a line to sign on"


def test_the_draft_mark_opens_a_draft(built):
    _, out = built
    document = docx.Document(str(out / "linkoping-kvinnojouren-2025.docx"))
    assert document.paragraphs[0].text == "UTKAST" and document.paragraphs[0].style.name == "Utkastmarkering"


def test_two_builds_are_byte_identical_and_zip_dates_fixed(built, tmp_path):
    root, out = built
    again = tmp_path / "again"
    done = subprocess.run([sys.executable, "-m", "iopdoc", "build", "--out", str(again), "--format", "docx",
                           "--no-cache", "--project", str(root)], capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stderr
    for first in out.glob("*.docx"):
        assert (again / first.name).read_bytes() == first.read_bytes(), first.name
        with zipfile.ZipFile(first) as package:
            names = package.namelist()
            assert names[0] == "[Content_Types].xml"
            assert {info.date_time for info in package.infolist()} == {package.infolist()[0].date_time}


@pytest.mark.parametrize("identifier", sorted(SEED_OF))
def test_extract_gives_the_source_byte_for_byte(cli, built, tmp_path, identifier):
    root, out = built
    target = tmp_path / f"{identifier}.yaml"
    result = cli("extract", out / f"{identifier}.docx", "-o", target)
    assert result.code == 0, result.err
    assert target.read_bytes() == (root / "sources" / f"{identifier}.yaml").read_bytes()


def test_extract_on_a_docx_without_a_source_or_a_broken_one(cli, tmp_path):
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    result = cli("extract", plain, "-o", tmp_path / "x.yaml")
    assert result.code == 1 and "IOP081" in result.err and "plain.docx" in result.err
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = cli("extract", broken, "-o", tmp_path / "y.yaml")
    assert result.code == 1 and "IOP080" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "y.yaml").exists()


def test_the_look_and_build_formats_from_iopdoc_toml(cli, project):
    (project / "iopdoc.toml").write_text('[build]\nformats = ["html", "docx"]\n\n[look]\naccent = "#6b1d1d"\n'
                                         'font = "DejaVu Serif"\n', encoding="utf-8")
    out = project / "out"
    result = cli("build", project / "sources" / "linkoping-kvinnojouren-2020.yaml", "--out", out, "--no-cache",
                 "--project", project)
    assert result.code == 0, result.err
    assert (out / "linkoping-kvinnojouren-2020.docx").is_file() and not (out / "linkoping-kvinnojouren-2020.pdf").exists()
    document = docx.Document(str(out / "linkoping-kvinnojouren-2020.docx"))
    heading = document.styles["Heading 2"].element.find(qn("w:rPr"))
    assert heading.find(qn("w:color")).get(qn("w:val")) == "6B1D1D"
    assert heading.find(qn("w:rFonts")).get(qn("w:ascii")) == "DejaVu Serif"


def test_an_unknown_build_format_in_iopdoc_toml_is_positioned(cli, project):
    (project / "iopdoc.toml").write_text('[build]\nformats = ["html", "odt"]\n', encoding="utf-8")
    result = cli("build", "--out", project / "out", "--project", project)
    assert result.code == 1 and "iopdoc.toml:2:1" in result.err and "IOP062" in result.err


def test_a_markdown_table_and_a_numbered_list_in_prose(cli, project):
    source = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    text = source.read_text(encoding="utf-8")
    addition = ("\n      | År | Belopp |\n      | --- | ---: |\n      | 2025 | {{ economy.contributions.kommunen.amount | kr }} |\n"
                "\n      1. första steget\n      2. andra steget\n         - en detalj\n")
    anchor = "      {{ economy.indexation.start }}.\n"
    assert anchor in text
    source.write_text(text.replace(anchor, anchor + addition), encoding="utf-8")
    out = project / "out"
    assert cli("build", source, "--out", out, "--format", "docx", "--no-cache", "--project", project).code == 0
    document = docx.Document(str(out / "linkoping-kvinnojouren-2025.docx"))
    grid = [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(grid) == 1
    assert [c.text for c in grid[0].rows[0].cells] == ["År", "Belopp"]
    assert grid[0].rows[1].cells[1].text == "1\u00a0571\u00a0605\u00a0kr"
    assert grid[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    items = list_paragraphs(document)
    assert ("decimal", "första steget") in items and ("decimal", "andra steget") in items
    detail = next(p for p in document.paragraphs if p.text == "en detalj")
    assert detail._p.pPr.numPr.ilvl.val == 1


@pytest.mark.parametrize("claimed", ["../../outside.yaml", "/etc/cron.d/x.yaml", "a\\..\\b.yaml", "$(rm).yaml"])
def test_the_source_name_inside_a_docx_is_never_a_path(built, tmp_path, claimed):
    """The manifest inside a DOCX names the source; a hostile name gives a plain file name here."""
    import json as json_module

    from iopdoc.readers.extract import read_embedded_docx
    from iopdoc.writers.docx_package import MANIFEST_PART

    _, out = built
    original = out / "linkoping-kvinnojouren-2020.docx"
    forged = tmp_path / "forged.docx"
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(forged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == MANIFEST_PART:
                data = json_module.dumps({"source": claimed}).encode("utf-8")
            target.writestr(info, data)
    names = [n for n in read_embedded_docx(forged) if n != "iopdoc-manifest.json"]
    assert len(names) == 1 and "/" not in names[0] and "\\" not in names[0] and ".." not in names[0].replace(".yaml", "")
    assert names[0].endswith(".yaml")

"""The DOCX read back with python-docx for what accessibility needs (writers/docx_validation.py): our
DOCX files pass, a Word file that lacks each property is reported, and `iopdoc validate` says so."""
from __future__ import annotations

import io
import shutil

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image

from iopdoc.writers.docx_validation import check_docx
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures"


def png(color=(29, 79, 122)) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (40, 20), color).save(data, "PNG")
    return data.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seeds and two fixtures as DOCX, in a project whose look has a PNG logo."""
    from iopdoc.cli import run

    root = tmp_path_factory.mktemp("docx-accessibility")
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "templates", root / "templates")
    for name in ("minimal-memo.yaml", "osteraker-kvinnojouren-illustrative.yaml", "minimal-agreement.yaml"):
        shutil.copy(FIXTURES / name, root / "sources" / name)
    (root / "templates" / "logo.png").write_bytes(png())
    (root / "iopdoc.toml").write_text('[look]\nlogo = "templates/logo.png"\n', encoding="utf-8")
    assert run(["build", "--out", str(root / "out"), "--format", "docx", "--no-cache", "-j", "1",
                "--project", str(root)]) == 0
    return root / "out"


@pytest.mark.parametrize("identifier", ["linkoping-kvinnojouren-2020", "linkoping-kvinnojouren-2025",
                                        "osteraker-kvinnojouren-2023-memo", "minimal-memo", "minimal-agreement"])
def test_our_docx_passes_and_a_logo_has_alternative_text(built, identifier):
    path = built / f"{identifier}.docx"
    verdict = check_docx(path.read_bytes(), path.name)
    assert verdict.conforms, [d.format("en") for d in verdict.diagnostics()]
    document = docx.Document(str(path))
    pictures = list(document.element.body.iter(qn("wp:docPr")))
    # An agreement opens with the logo; a memo's header is the organisation's name in text.
    assert len(pictures) == (0 if "memo" in identifier else 1)
    assert all(p.get("descr") for p in pictures), "the logo has its alternative text"


def careless_word_file() -> bytes:
    """A Word file as it is often written: no title, an English default language and no document
    language, a heading level skipped, a picture without alternative text, a table without a header row."""
    document = docx.Document()
    document.add_heading("Överenskommelse", level=1)
    document.add_heading("Ekonomi", level=3)
    document.add_paragraph("Kommunen betalar 100 000 kr per år.")
    document.add_picture(io.BytesIO(png()))
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[1].cells[0].text = "År", "2026"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    defaults.remove(defaults.find(qn("w:lang")))
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def test_a_careless_word_file_is_reported_for_each_thing_it_lacks():
    verdict = check_docx(careless_word_file(), "avtal.docx")
    messages = [d.format("en") for d in verdict.diagnostics()]
    assert not verdict.conforms and {d.code for d in verdict.diagnostics()} == {"IOP821"}
    expected = ["states no language", "property Language is empty", "property Title is empty",
                "paragraph 2 is Heading 3 right under Heading 1", "picture 1 (Picture 1) has no alternative text",
                "table 1 has no header row"]
    for words in expected:
        assert sum(words in m for m in messages) == 1, (words, messages)
    assert len(messages) == len(expected)


def test_a_file_with_headings_but_each_fault_repaired_passes():
    document = docx.Document(io.BytesIO(careless_word_file()))
    document.core_properties.title, document.core_properties.language = "Överenskommelse", "sv-SE"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = defaults.makeelement(qn("w:lang"), {qn("w:val"): "sv-SE"})
    defaults.append(lang)
    document.paragraphs[1].style = document.styles["Heading 2"]
    document.inline_shapes[0]._inline.docPr.set("descr", "Kommunens logotyp")
    document.tables[0].rows[0]._tr.get_or_add_trPr().append(
        document.tables[0]._tbl.makeelement(qn("w:tblHeader"), {}))
    data = io.BytesIO()
    document.save(data)
    verdict = check_docx(data.getvalue(), "avtal.docx")
    assert verdict.conforms, [d.format("en") for d in verdict.diagnostics()]


def test_validate_takes_docx_files_too(cli, built, tmp_path):
    (tmp_path / "avtal.docx").write_bytes(careless_word_file())
    shutil.copy(built / "minimal-memo.docx", tmp_path / "minimal-memo.docx")
    ours = cli("validate", "minimal-memo.docx", cwd=tmp_path)
    assert ours.code == 0 and "godkänd: minimal-memo.docx" in ours.out
    careless = cli("validate", "--lang", "en", "avtal.docx", cwd=tmp_path)
    assert careless.code == 1 and "fails: avtal.docx" in careless.out
    assert "avtal.docx: error[IOP821]: the DOCX is not accessible: table 1 has no header row" in careless.err
    (tmp_path / "trasig.docx").write_bytes(b"PK\x03\x04 not really a zip")
    broken = cli("validate", "trasig.docx", cwd=tmp_path)
    assert broken.code == 1 and "trasig.docx: error[IOP080]: kan inte läsas som DOCX" in broken.err
    assert "Traceback" not in careless.err + broken.err

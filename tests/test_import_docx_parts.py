"""Word files with parts python-docx cannot write: footnotes, tracked changes and comments, written
here by adding the WordprocessingML to a file python-docx made. The import reads tracked changes as
accepted, leaves comments out and keeps every word of a footnote; its round-trip check (which
import_file runs) then holds the built source to exactly those words."""
from __future__ import annotations

import zipfile
from pathlib import Path

from iopdoc.readers import read_blocks
from iopdoc.readers.importer import import_file

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
MARK = "§MARK{}§"  # where a paragraph written by python-docx gets raw XML instead


def agreement_docx(path: Path, paragraphs: list[str]) -> None:
    """A short agreement in Word, headings by style; a paragraph may hold MARK placeholders."""
    import docx

    document = docx.Document()
    document.add_heading("Överenskommelse om samverkan mellan Borås stad och Föreningen Ljuset", level=0)
    document.add_heading("Parter", level=1)
    document.add_paragraph("Borås stad, organisationsnummer 212000-1561, och Föreningen Ljuset, "
                           "organisationsnummer 802400-1235.")
    document.add_heading("Syfte", level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


def rewrite(path: Path, replacements: dict[str, str], extra_parts: dict[str, str] | None = None,
            content_types: str = "", relationships: str = "") -> None:
    """Replace the MARK placeholders' runs in word/document.xml with raw XML and add parts."""
    with zipfile.ZipFile(path) as old:
        items = {name: old.read(name) for name in old.namelist()}
    body = items["word/document.xml"].decode("utf-8")
    for mark, xml in replacements.items():
        # the run holding the placeholder is cut there, the raw XML (runs of its own) between its halves
        assert body.count(mark) == 1, mark
        body = body.replace(mark, f'</w:t></w:r>{xml}<w:r><w:t xml:space="preserve">')
    items["word/document.xml"] = body.encode("utf-8")
    for name, xml in (extra_parts or {}).items():
        items[name] = xml.encode("utf-8")
    if content_types:
        items["[Content_Types].xml"] = items["[Content_Types].xml"].replace(b"</Types>", content_types.encode() + b"</Types>")
    if relationships:
        rels = "word/_rels/document.xml.rels"
        items[rels] = items[rels].replace(b"</Relationships>", relationships.encode() + b"</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in items.items():
            new.writestr(name, data)


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def words_of(path: Path) -> list[str]:
    return [w for b in read_blocks(path) if b.kind != "running" for w in " ".join(
        [b.text or ""] + list(b.items or []) + [c for r in (b.rows or []) for c in r]).split()]


def test_tracked_changes_are_read_as_accepted(tmp_path):
    path = tmp_path / "andringar.docx"
    agreement_docx(path, [f"Föreningen ska {MARK.format(1)} erbjuda stöd till unga vuxna.",
                          f"Stödet ges {MARK.format(2)} i Borås."])
    rewrite(path, {
        MARK.format(1): (run("kostnadsfritt") + '<w:del w:id="1" w:author="Handläggare" w:date="2025-01-10T10:00:00Z">'
                         '<w:r><w:delText xml:space="preserve"> och mot avgift</w:delText></w:r></w:del>'),
        MARK.format(2): ('<w:ins w:id="2" w:author="Handläggare" w:date="2025-01-10T10:00:00Z">'
                         + run("året runt") + '</w:ins>'
                         + '<w:moveFrom w:id="3" w:author="Handläggare" w:date="2025-01-10T10:00:00Z">'
                         + run(" flyttad text") + '</w:moveFrom>'),
    })
    words = words_of(path)
    assert "kostnadsfritt" in words and "året" in words and "runt" in words  # inserted: kept
    assert "avgift" not in words and "flyttad" not in words  # deleted or moved away: left out
    result = import_file(path, "andringar", None, tmp_path / "andringar.yaml")
    assert "Stödet ges året runt i Borås." in result.text
    assert "avgift" not in result.text and "flyttad" not in result.text


def test_comments_are_left_out(tmp_path):
    import docx

    path = tmp_path / "kommentarer.docx"
    agreement_docx(path, ["Föreningen ska erbjuda stöd till unga vuxna i Borås."])
    document = docx.Document(str(path))
    paragraph = document.paragraphs[-1]
    document.add_comment(paragraph.runs, text="Stämmer detta med budgeten? /Handläggaren", author="Handläggare")
    document.save(str(path))
    with zipfile.ZipFile(path) as package:
        assert "budgeten" in package.read("word/comments.xml").decode("utf-8")  # the comment is in the file
    assert "budgeten" not in " ".join(words_of(path))
    result = import_file(path, "kommentarer", None, tmp_path / "kommentarer.yaml")
    assert "Föreningen ska erbjuda stöd till unga vuxna i Borås." in result.text
    assert "budgeten" not in result.text and "Handläggare" not in result.text


FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r>{run(" Enligt socialtjänstlagen (2001:453), 5 kap.")}</w:p></w:footnote>
<w:footnote w:id="3"><w:p><w:r><w:footnoteRef/></w:r>{run(" Beslutat av kommunstyrelsen, se bilaga 2.")}</w:p>
<w:p>{run("Andra stycket i noten.")}</w:p></w:footnote>
</w:footnotes>"""


def footnote_reference(note_id: int) -> str:
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'


def test_footnotes_keep_every_word_after_the_block_that_refers_to_them(tmp_path):
    path = tmp_path / "fotnoter.docx"
    agreement_docx(path, [f"Föreningen ger stöd till våldsutsatta{MARK.format(1)} i hela kommunen.",
                          f"Överenskommelsen bygger på kommunens riktlinjer{MARK.format(2)}.",
                          "Parterna träffas två gånger per år."])
    rewrite(path, {MARK.format(1): footnote_reference(7), MARK.format(2): footnote_reference(3)},
            extra_parts={"word/footnotes.xml": FOOTNOTES},
            content_types=f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES_TYPE}"/>',
            relationships=f'<Relationship Id="rIdNotes" Type="{FOOTNOTES_REL}" Target="footnotes.xml"/>')
    blocks = [b for b in read_blocks(path) if b.kind != "running"]
    texts = [b.text for b in blocks]
    # numbered in the order the text refers to them (7 first, then 3), each after its paragraph
    first = texts.index("Föreningen ger stöd till våldsutsatta[1] i hela kommunen.")
    assert texts[first + 1] == "[1] Enligt socialtjänstlagen (2001:453), 5 kap."
    second = texts.index("Överenskommelsen bygger på kommunens riktlinjer[2].")
    assert texts[second + 1] == "[2] Beslutat av kommunstyrelsen, se bilaga 2. Andra stycket i noten."
    assert texts[second + 2] == "Parterna träffas två gånger per år."
    assert not any("separator" in t.lower() for t in texts)
    result = import_file(path, "fotnoter", None, tmp_path / "fotnoter.yaml")  # the round trip holds
    for words in ("socialtjänstlagen (2001:453), 5 kap.", "Andra stycket i noten.", "riktlinjer\\[2\\]"):
        assert words in result.text, words
    assert result.text.index("riktlinjer") < result.text.index("Beslutat av kommunstyrelsen") \
        < result.text.index("Parterna träffas")


def test_a_word_file_without_footnotes_reads_as_before(tmp_path):
    path = tmp_path / "utan.docx"
    agreement_docx(path, ["Föreningen ger stöd[1] till unga."])  # brackets typed in the text are text
    texts = [b.text for b in read_blocks(path) if b.kind != "running"]
    assert "Föreningen ger stöd[1] till unga." in texts
    assert not any(t.startswith("[1] ") for t in texts)

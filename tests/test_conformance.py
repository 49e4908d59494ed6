"""Every PDF iopdoc builds, checked by an outside checker (page-validation) against what it claims.

The accessible variant claims PDF/UA-1; the archival variant PDF/A-3a and PDF/UA-1 both. The
checker is real (`page`, a PDF/A and PDF/UA-1 conformance checker); a PDF passes when no rule of
any profile it claims fails. The last test of the run checks every PDF the other tests built.
"""
from __future__ import annotations

import io
import json
import shutil
import time
from pathlib import Path

import page
import pikepdf
import pytest

from tests.conftest import NONCONFORMING, REPO, built_pdfs

FIXTURES = REPO / "tests" / "fixtures"
SEEDS = ("linkoping-kvinnojouren-2020", "linkoping-kvinnojouren-2025", "osteraker-kvinnojouren-2023-memo")
SARIF_SCHEMA = REPO / "tests" / "sarif" / "sarif-2.1.0-rtm.5.json"


def failed_rules(data: bytes, profile: str) -> list[str]:
    report = page.validate_pdf_bytes(data, profile=profile)
    assert report.rules.total > 50, f"the checker ran its {profile} rules"
    return sorted(f"{f.rule_id}: {f.message}" for f in report.failures)


def claims(path: Path) -> tuple[str | None, str | None, str | None]:
    with pikepdf.open(path) as pdf, pdf.open_metadata() as xmp:
        return xmp.get("pdfuaid:part"), xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")


@pytest.fixture(scope="module")
def seeds_built(tmp_path_factory):
    """The three seeds, the small memo and a memo of another shape, built in both variants."""
    from iopdoc.cli import run

    root = tmp_path_factory.mktemp("conformance")
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "templates", root / "templates")
    for name in ("minimal-memo.yaml", "osteraker-kvinnojouren-illustrative.yaml"):
        shutil.copy(FIXTURES / name, root / "sources" / name)
    (root / "sources" / "umea-granen-2027-memo.yaml").write_text(other_memo(), encoding="utf-8")
    for variant in ("accessible", "archival"):
        assert run(["build", "--out", str(root / variant), "--pdf-variant", variant, "--format", "pdf",
                    "--no-cache", "-j", "1", "--project", str(root)]) == 0
    return root


def other_memo() -> str:
    """The small memo in another municipality's words: more decision points, three signatories,
    a long title, attachments without a source."""
    text = (FIXTURES / "minimal-memo.yaml").read_text(encoding="utf-8")
    text = text.replace("id: minimal-memo", "id: umea-granen-2027-memo")
    text = text.replace("organisation: Österåkers kommun", "organisation: Umeå kommun")
    text = text.replace("department: Socialförvaltningen", "department: Individ- och familjeomsorgen")
    text = text.replace("diarienummer: SN 2023/0050", "diarienummer: IFN 2027/0118")
    points = "\n".join(f"    - Punkt {n}, förvaltningen får i uppdrag att följa upp del {n} av överenskommelsen "
                       f"och redovisa den till nämnden senast i december." for n in range(3, 12))
    text = text.replace("    - Finansiering sker inom", points + "\n    - Finansiering sker inom", 1)
    text = text.replace("  - name: Berit Bengtsson\n    title: Sakkunnig",
                        "  - name: Berit Bengtsson\n    title: Sakkunnig\n  - name: Cecilia Ek\n    title: Ekonom")
    assert text.count("Punkt ") == 9 and "Cecilia Ek" in text
    return text


MEMOS = ("osteraker-kvinnojouren-2023-memo", "minimal-memo", "umea-granen-2027-memo")


@pytest.mark.parametrize("identifier", SEEDS + MEMOS[1:] + ("osteraker-kvinnojouren-illustrative",))
def test_accessible_pdf_claims_and_passes_pdf_ua_1(seeds_built, identifier):
    path = seeds_built / "accessible" / f"{identifier}.pdf"
    assert claims(path) == ("1", None, None)
    assert failed_rules(path.read_bytes(), "ua1") == []


@pytest.mark.parametrize("identifier", SEEDS + MEMOS[1:] + ("osteraker-kvinnojouren-illustrative",))
def test_archival_pdf_is_one_file_that_passes_pdf_a_3a_and_pdf_ua_1(seeds_built, identifier):
    path = seeds_built / "archival" / f"{identifier}.pdf"
    assert claims(path) == ("1", "3", "A")
    data = path.read_bytes()
    assert failed_rules(data, "3a") == []
    assert failed_rules(data, "ua1") == []
    with pikepdf.open(path) as pdf:
        assert "/Filter" not in pdf.Root.Metadata, "PDF/A: the XMP metadata stream is not compressed"


def test_archival_pdf_bytes_are_reproducible(seeds_built, tmp_path):
    from iopdoc.cli import run

    assert run(["build", "--out", str(tmp_path), "--pdf-variant", "archival", "--format", "pdf", "--no-cache",
                "-j", "1", "--project", str(seeds_built),
                str(seeds_built / "sources" / "osteraker-kvinnojouren-2023-memo.yaml")]) == 0
    name = "osteraker-kvinnojouren-2023-memo.pdf"
    assert (tmp_path / name).read_bytes() == (seeds_built / "archival" / name).read_bytes()


def minimal_pdf(html: str, variant: str) -> bytes:
    from iopdoc.writers.pdf import import_weasyprint

    return import_weasyprint().HTML(string=html).write_pdf(pdf_variant=variant)


DL_WITH_GROUPS = ('<!doctype html><html lang="en"><title>t</title>'
                  '<dl><div><dt>Term</dt><dd>Definition</dd></div></dl>')


def test_weasyprint_fault_a_div_in_a_dl_breaks_the_list_tagging():
    """The smallest HTML that shows the fault the memo's header had (reported upstream): WeasyPrint 70
    tags <dl><div><dt>… as L > Div > LI. When this test fails, WeasyPrint has fixed it."""
    assert [r.split(":")[0] for r in failed_rules(minimal_pdf(DL_WITH_GROUPS, "pdf/ua-1"), "ua1")] == [
        "PDFUA1-L-KIDS-001", "PDFUA1-LI-PARENT-001"]
    plain_dl = DL_WITH_GROUPS.replace("<div>", "").replace("</div>", "")
    assert failed_rules(minimal_pdf(plain_dl, "pdf/ua-1"), "ua1") == []


def test_weasyprint_fault_pdf_a_metadata_compressed_and_what_finishing_fixes():
    """WeasyPrint 70's pdf/a-3a compresses the XMP stream (PDFA3A-METADATA-FILTER-001) and claims no
    PDF/UA; finish_archival fixes the first and adds the second, and both profiles then pass."""
    from iopdoc.writers.pdf_archival import finish_archival

    html = '<!doctype html><html lang="sv"><title>Avtal</title><h1>Avtal</h1><ol><li>Ett</li><li>Två</li></ol>'
    raw = minimal_pdf(html, "pdf/a-3a")
    # For some contents the checker also finds the compressed stream's /Length off (PDFA3A-STREAM-LENGTH-001,
    # on the same metadata object); the rewritten stream has neither fault.
    assert {r.split(":")[0] for r in failed_rules(raw, "3a")} - {"PDFA3A-STREAM-LENGTH-001"} == {
        "PDFA3A-METADATA-FILTER-001"}
    assert "PDFUA1-ID-SCHEMA-001" in " ".join(failed_rules(raw, "ua1"))
    finished = finish_archival(raw)
    assert failed_rules(finished, "3a") == [] and failed_rules(finished, "ua1") == []
    assert finish_archival(finished) == finished, "finishing twice changes nothing"
    with pikepdf.open(io.BytesIO(finished)) as pdf:
        assert pdf.trailer.ID[0] == pikepdf.open(io.BytesIO(raw)).trailer.ID[0]


LOOSE_LIST = ('<!doctype html><html lang="sv"><title>t</title>'
              '<ul><li><p>ett</p></li><li><p>två</p><p>två, andra stycket</p></li></ul>')


def test_weasyprint_fault_a_paragraph_in_a_list_item_breaks_the_item_tagging():
    """WeasyPrint 70 tags <li><p>… (a loose Markdown list) LI > P, which PDF/UA-1 forbids; print.css
    makes such paragraphs inline blocks, so they go in the item's LBody. When the first assertion
    fails, WeasyPrint has fixed it."""
    assert [r.split(":")[0] for r in failed_rules(minimal_pdf(LOOSE_LIST, "pdf/ua-1"), "ua1")] == ["PDFUA1-LI-KIDS-001"]


def test_loose_lists_in_an_agreement_pass_pdf_ua_1_with_their_words(cli, tmp_path):
    """Lists as officers write them: items apart, an item of two paragraphs, and two commitment lists
    one after the other (which Markdown joins into one loose list), in an agreement of its own."""
    import re

    import pdfplumber

    text = (FIXTURES / "osteraker-kvinnojouren-illustrative.yaml").read_text(encoding="utf-8")
    body = re.search(r"\n(\s+)body: \|\n", text)
    indent = body.group(1) + "  "
    lists = (f"{indent}- Föreningen ordnar träffar för barn.\n\n{indent}- Kommunen lånar ut en lokal.\n\n"
             f"{indent}  Lokalen finns i Åkersberga centrum.\n\n{indent}- Parterna möts två gånger om året.\n\n")
    text = text[:body.end()] + lists + text[body.end():]
    source = tmp_path / "sources" / "osteraker-kvinnojouren-illustrative.yaml"
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    for variant in ("accessible", "archival"):
        result = cli("build", "--out", tmp_path / variant, "--pdf-variant", variant, "--format", "pdf", "--no-cache",
                     "--project", tmp_path, source, cwd=tmp_path)
        assert result.code == 0, result.err
        data = (tmp_path / variant / source.with_suffix(".pdf").name).read_bytes()
        assert failed_rules(data, "ua1") == []
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            words = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
        for phrase in ("Föreningen ordnar träffar för barn.", "Lokalen finns i Åkersberga centrum.",
                       "Parterna möts två gånger om året."):
            assert phrase in words


def untagged_pdf(path: Path) -> Path:
    """A PDF as another tool makes it: a page of text, no tags, no language, no metadata."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    pdf.pages[0].Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    pdf.pages[0].Contents = pdf.make_stream(b"BT /F1 12 Tf 72 770 Td (Overenskommelse) Tj ET")
    pdf.save(path)
    return path


def test_validate_reports_an_untagged_pdf_with_exit_1(cli, tmp_path):
    other = untagged_pdf(tmp_path / "annan.pdf")
    result = cli("validate", "annan.pdf", cwd=tmp_path)
    assert result.code == 1
    assert "underkänd: annan.pdf (PDF/UA-1" in result.out
    assert "annan.pdf: error[IOP820]: PDF:en uppfyller inte PDF/UA-1: regeln PDFUA1-TAGGED-DOCUMENT-001" in result.err
    english = cli("validate", "--lang", "en", other, cwd=tmp_path)
    assert english.code == 1 and "the PDF does not conform to PDF/UA-1: rule PDFUA1-TAGGED-DOCUMENT-001" in english.err
    assert "Traceback" not in result.err + english.err


def test_validate_passes_our_pdfs_and_reports_json_and_sarif(cli, seeds_built, tmp_path):
    import jsonschema

    ours = [seeds_built / "archival" / f"{i}.pdf" for i in SEEDS]
    result = cli("validate", *ours, cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.out.count("godkänd:") == 3 and "(PDF/UA-1, PDF/A-3a: " in result.out
    other = untagged_pdf(tmp_path / "annan.pdf")
    as_json = cli("validate", "--format", "json", ours[0], other, cwd=tmp_path)
    assert as_json.code == 1
    findings = json.loads(as_json.out)["findings"]
    assert findings and {f["code"] for f in findings} == {"IOP820"} and {f["file"] for f in findings} == {"annan.pdf"}
    sarif = cli("validate", "--format", "sarif", "--profile", "ua1", "--profile", "3a", other, cwd=tmp_path)
    log = json.loads(sarif.out)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    messages = [r["message"]["text"] for r in log["runs"][0]["results"]]
    assert any("PDF/A-3a" in m for m in messages) and any("PDF/UA-1" in m for m in messages)


def test_validate_names_a_file_that_is_not_a_pdf(cli, tmp_path):
    (tmp_path / "inte.pdf").write_text("hej", encoding="utf-8")
    (tmp_path / "mapp.pdf").mkdir()
    result = cli("validate", "inte.pdf", "mapp.pdf", "saknas.pdf", cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err
    assert "inte.pdf: error[IOP080]: kan inte läsas som PDF: den börjar inte som en PDF" in result.err
    assert "mapp.pdf: error[IOP080]" in result.err and "saknas.pdf: error[IOP001]" in result.err
    truncated = tmp_path / "halv.pdf"
    truncated.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    broken = cli("validate", "--lang", "en", "halv.pdf", cwd=tmp_path)
    assert broken.code == 1 and "halv.pdf: error[" in broken.err and "Traceback" not in broken.err


def test_validation_is_reusable_from_python(seeds_built, tmp_path):
    from iopdoc.writers.validation import check_pdf

    data = (seeds_built / "archival" / "minimal-memo.pdf").read_bytes()
    verdict = check_pdf(data, "minimal-memo.pdf")
    assert verdict.conforms and verdict.claimed == ("ua1", "3a") and verdict.pages >= 1
    assert verdict.rules_checked > 200 and verdict.diagnostics() == []
    other = check_pdf(untagged_pdf(tmp_path / "annan.pdf").read_bytes(), "annan.pdf", ["1b"])
    assert not other.conforms and other.profiles == ("1b",) and {f.profile for f in other.failures} == {"1b"}


BROKEN_TAGGING = ('<dt>Datum</dt> <dd>{{ doc.date }}</dd>', '<div><dt>Datum</dt> <dd>{{ doc.date }}</dd></div>')


def test_publish_refuses_a_pdf_that_fails_validation(cli, tmp_path):
    """A template override that groups the memo's header terms in <div>s (valid HTML, broken PDF tags)."""
    root = tmp_path / NONCONFORMING / "project"
    shutil.copytree(REPO / "sources", root / "sources")
    (root / "templates").mkdir(parents=True)
    memo = (REPO / "templates" / "memo.html.j2").read_text(encoding="utf-8")
    assert BROKEN_TAGGING[0] in memo
    (root / "templates" / "memo.html.j2").write_text(memo.replace(*BROKEN_TAGGING), encoding="utf-8")
    out = root / "site"
    result = cli("publish", "--out", out, "--project", root, "--lang", "en", cwd=root)
    assert result.code == 1
    assert "osteraker-kvinnojouren-2023-memo.pdf: error[IOP820]: the PDF does not conform to PDF/UA-1: " \
           "rule PDFUA1-L-KIDS-001" in result.err
    assert "not published" in result.err and not out.exists()
    (root / "templates" / "memo.html.j2").unlink()
    assert cli("publish", "--out", out, "--project", root, cwd=root).code == 0
    assert (out / "osteraker-kvinnojouren-2023-memo.pdf").is_file()


@pytest.mark.after_every_build
def test_every_pdf_the_run_built_passes_the_profiles_it_claims(request):
    """Runs last (conftest.py): every PDF that iopdoc built anywhere in this run, in the seeds' builds,
    the scenarios, the shapes, the site, holds to the profiles it claims, and claims at least one."""
    from iopdoc.writers.validation import check_file

    pdfs = built_pdfs(request.config)
    problems, pages, rules = [], 0, 0
    start = time.perf_counter()
    for path in pdfs:
        verdict = check_file(path)
        pages += verdict.pages
        rules += verdict.rules_checked
        if not verdict.claimed:
            problems.append(f"{path}: claims neither PDF/UA nor PDF/A")
        problems += [f"{path}: {f.profile} {f.rule} {f.object or ''}: {f.message}" for f in verdict.failures]
        if verdict.unreadable is not None:
            problems.append(verdict.unreadable.format("en"))
    seconds = time.perf_counter() - start
    request.config._pdf_validation = {"pdfs": len(pdfs), "pages": pages, "rules": rules, "seconds": seconds,
                                      "per_page": 1000 * seconds / max(pages, 1)}
    assert problems == [], "\n".join(problems)


def test_finishing_leaves_no_stream_ending_in_a_carriage_return():
    """A Flate stream ends in the Adler-32 of its content, so about one in 256 ends in CR; followed by
    qpdf's LF, a checker reads CR LF as the end of line and the /Length as one byte too long
    (PDFA3A-STREAM-LENGTH-001, seen on a font of the benchmark corpus). Here a page's content stream
    is made to end so, and finishing wraps it in ASCIIHexDecode with the page's text intact."""
    import zlib

    from iopdoc.writers.pdf_archival import finish_archival

    html = '<!doctype html><html lang="sv"><title>Avtal</title><h1>Avtal</h1><p>Kommunen betalar.</p>'
    with pikepdf.open(io.BytesIO(minimal_pdf(html, "pdf/a-3a"))) as pdf:
        content = pdf.pages[0].Contents
        decoded = content.read_bytes()
        padding = next(n for n in range(100_000) if zlib.compress(decoded + b" " * n)[-1:] == b"\r")
        content.write(zlib.compress(decoded + b" " * padding), filter=pikepdf.Name.FlateDecode)
        crafted = io.BytesIO()
        pdf.save(crafted, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    finished = finish_archival(crafted.getvalue())
    with pikepdf.open(io.BytesIO(finished)) as pdf:
        assert not [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.read_raw_bytes().endswith(b"\r")]
        content = pdf.pages[0].Contents
        assert list(content.Filter) == [pikepdf.Name.ASCIIHexDecode, pikepdf.Name.FlateDecode]
        assert content.read_bytes() == decoded + b" " * padding
    assert failed_rules(finished, "3a") == [] and failed_rules(finished, "ua1") == []

"""Internal and public versions: `iopdoc build` keeps internal facts, `iopdoc publish` leaves every one
of them out of every published file (HTML, PDF text and streams, embedded files, XMP, catalog.json),
shows a visible note instead, and its PDF is still tagged PDF/UA."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pikepdf
import pytest

from iopdoc.resolve.project import Project
from iopdoc.facts.public import WITHHELD
from iopdoc.pipeline.publish import publish
from iopdoc.source.schema import load_document
from tests.conftest import REPO, pdf_text
from tests.test_publish import Headings, structure_roles

FIXTURE = REPO / "tests" / "fixtures" / "internal-agreement.yaml"
# Every value the source keeps internal (facts, and the internal section's prose and the comment).
INTERNAL_VALUES = ("Cecilia Carlsson", "070-123 45 67", "0701234567", "cecilia.carlsson@exempeljouren.se",
                   "Lönngatan 3", "582 22", "5050-1055", "Dagny Dahl", "Skolgatan 7")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("internal")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "sources").mkdir()
    shutil.copy(FIXTURE, root / "sources" / FIXTURE.name)
    internal = root / "build"
    done = subprocess.run([str(REPO / ".venv" / "bin" / "iopdoc"), "build", "--out", str(internal)], cwd=root,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    site = root / "site"
    result = publish(Project(root), site)
    assert not result.failed, [d.format() for d in result.diagnostics]
    return root, internal, site


def readable_forms(data: bytes) -> list[str]:
    """The ways a file's bytes can be read: as they are, and for a PDF every stream decompressed."""
    forms = [data.decode("utf-8", "replace")]
    if data.startswith(b"%PDF"):
        for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
            try:
                forms.append(zlib.decompress(match.group(1)).decode("utf-8", "replace"))
            except zlib.error:
                forms.append(match.group(1).decode("latin-1"))
    return forms


def pdf_readings(path: Path) -> dict[str, str]:
    """A PDF as a reader, `iopdoc extract` and a search engine see it: text, embedded files, XMP, info."""
    readings = {"text": pdf_text(path)}
    with pikepdf.open(path) as pdf:
        for name, spec in pdf.attachments.items():
            readings[f"embedded {name}"] = spec.get_file().read_bytes().decode("utf-8")
        with pdf.open_metadata() as xmp:
            readings["xmp"] = str(xmp)
        readings["info"] = repr({k: str(v) for k, v in pdf.docinfo.items()})
    return readings


def test_the_internal_build_has_the_internal_values(built):
    _, internal, _ = built
    page = (internal / "internal-agreement.html").read_text(encoding="utf-8")
    text = " ".join(pdf_text(internal / "internal-agreement.pdf").split())
    for value in ("Cecilia Carlsson", "070-123 45 67", "cecilia.carlsson@exempeljouren.se", "5050-1055",
                  "Lönngatan 3, 582 22 Linköping", "Dagny Dahl", "Skolgatan 7"):
        assert value in page, value
        assert value in text, value
    with pikepdf.open(internal / "internal-agreement.pdf") as pdf:
        embedded = pdf.attachments["internal-agreement.yaml"].get_file().read_bytes()
    assert embedded == FIXTURE.read_bytes()


def test_no_published_file_holds_an_internal_value(built):
    _, _, site = built
    files = sorted(p for p in site.rglob("*") if p.is_file() and "fonts" not in p.parts)
    assert {p.name for p in files} >= {"index.html", "catalog.json", "internal-agreement.html", "internal-agreement.pdf"}
    searched = 0
    for path in files:
        readings = {f"bytes {i}": form for i, form in enumerate(readable_forms(path.read_bytes()))}
        if path.suffix == ".pdf":
            readings |= pdf_readings(path)
        for where, text in readings.items():
            flat = " ".join(text.split())
            for value in INTERNAL_VALUES:
                assert value not in text and value not in flat, f"{value!r} in {path.name} ({where})"
            searched += 1
    assert searched > 10


def test_the_public_version_shows_a_visible_note_where_content_was_left_out(built):
    _, _, site = built
    page = (site / "internal-agreement.html").read_text(encoding="utf-8")
    assert f"är [{WITHHELD}]" in page  # the contact person's name in running text
    internal_section = re.search(r'<section id="skyddat-boende"[^>]*>(.*?)</section>', page, re.S).group(1)
    assert "<h2>Skyddat boende</h2>" in internal_section and f"<em>{WITHHELD}.</em>" in internal_section
    assert WITHHELD in " ".join(pdf_text(site / "internal-agreement.pdf").split())


def test_the_public_source_is_embedded_and_builds_the_public_version(built, tmp_path):
    _, _, site = built
    with pikepdf.open(site / "internal-agreement.pdf") as pdf:
        public = pdf.attachments["internal-agreement.yaml"].get_file().read_bytes()
        manifest = json.loads(pdf.attachments["iopdoc-manifest.json"].get_file().read_bytes())
    assert "#" not in public.decode("utf-8"), "no comment survives"
    extracted = tmp_path / "internal-agreement.yaml"
    extracted.write_bytes(public)
    document = load_document(extracted)
    assert document.parties["jouren"].contact_person == f"[{WITHHELD}]"
    assert document.parties["jouren"].protected_address is True
    import hashlib

    assert manifest["source_sha256"] == hashlib.sha256(public).hexdigest()


def test_the_public_pdf_is_still_tagged_pdf_ua(built):
    _, _, site = built
    with pikepdf.open(site / "internal-agreement.pdf") as pdf:
        assert bool(pdf.Root.MarkInfo.Marked) and "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "sv" and bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert "/Outlines" in pdf.Root
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
        headings = Headings()
        headings.feed((site / "internal-agreement.html").read_text(encoding="utf-8"))
        assert [r for r in structure_roles(pdf) if re.fullmatch(r"H[1-6]", r)] == headings.levels


def test_the_public_page_passes_axe(built):
    _, _, site = built
    done = subprocess.run(["node", REPO / "tests" / "tools" / "axe_check.mjs", site / "internal-agreement.html"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    assert results[str(site / "internal-agreement.html")] == []

"""A PDF carries its source: `iopdoc extract` gives it back byte for byte; builds are reproducible."""
from __future__ import annotations

import json

import pytest

from tests.conftest import REPO

SOURCE = "linkoping-kvinnojouren-2025"


@pytest.fixture
def built(cli, project):
    out = project / "out"
    assert cli("build", project / "sources" / f"{SOURCE}.yaml", "--out", out, "--format", "pdf", "--no-cache",
               "--project", project).code == 0
    return project, out / f"{SOURCE}.pdf"


def test_extract_reproduces_the_source_exactly(cli, built, tmp_path):
    project, pdf = built
    target = tmp_path / "back.yaml"
    result = cli("extract", pdf, "-o", target)
    assert result.code == 0
    assert target.read_bytes() == (project / "sources" / f"{SOURCE}.yaml").read_bytes()
    assert cli("extract", pdf, "-o", target).code == 2, "never overwrites without --force"
    assert cli("extract", pdf, "-o", target, "--force").code == 0


def test_extract_to_standard_output(built):
    import subprocess
    import sys

    project, pdf = built
    done = subprocess.run([sys.executable, "-m", "iopdoc", "extract", str(pdf), "-o", "-"], capture_output=True)
    assert done.returncode == 0 and done.stdout == (project / "sources" / f"{SOURCE}.yaml").read_bytes()


def test_extract_from_a_pdf_without_a_source_says_so(cli, tmp_path):
    import weasyprint

    plain = tmp_path / "plain.pdf"
    weasyprint.HTML(string="<p>hej</p>").write_pdf(plain)
    result = cli("extract", plain, "-o", tmp_path / "x.yaml")
    assert result.code == 1 and "error[IOP081]: PDF:en bär ingen källa" in result.err
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"not a pdf at all")
    result = cli("extract", garbage, "-o", tmp_path / "y.yaml")
    assert result.code == 1 and "Traceback" not in result.err


def test_the_manifest_describes_the_build(built):
    import pikepdf

    project, pdf = built
    with pikepdf.open(pdf) as document:
        manifest = json.loads(document.attachments["iopdoc-manifest.json"].get_file().read_bytes())
    import hashlib

    assert manifest["source_sha256"] == hashlib.sha256((project / "sources" / f"{SOURCE}.yaml").read_bytes()).hexdigest()
    assert manifest["pdf_variant"] == "accessible" and manifest["iopdoc_version"]
    assert len(manifest["templates_sha256"]) == 64


def test_two_builds_give_identical_bytes(cli, project, monkeypatch):
    source = project / "sources" / f"{SOURCE}.yaml"
    for out in ("a", "b"):
        assert cli("build", source, "--out", project / out, "--no-cache", "--project", project).code == 0
    assert (project / "a" / f"{SOURCE}.pdf").read_bytes() == (project / "b" / f"{SOURCE}.pdf").read_bytes()
    # SOURCE_DATE_EPOCH dates the embedded files; the same epoch gives the same bytes again.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for out in ("c", "d"):
        assert cli("build", source, "--out", project / out, "--no-cache", "--project", project).code == 0
    assert (project / "c" / f"{SOURCE}.pdf").read_bytes() == (project / "d" / f"{SOURCE}.pdf").read_bytes()
    assert (project / "c" / f"{SOURCE}.pdf").read_bytes() != (project / "a" / f"{SOURCE}.pdf").read_bytes()


def test_the_fast_weasyprint_import_gives_the_same_bytes(tmp_path):
    """pdf.import_weasyprint skips ctypes' library look-ups; a PDF must not change because of it."""
    import subprocess
    import sys

    source = str(REPO / "sources" / f"{SOURCE}.yaml")
    build = "from iopdoc.cli import run; run(['build', '--no-cache', '-j', '1', '--format', 'pdf', '--out', {!r}, {!r}])"
    for name, prefix in (("fast", ""), ("ordinary", "import weasyprint; ")):
        done = subprocess.run([sys.executable, "-c", prefix + build.format(str(tmp_path / name), source)],
                              capture_output=True, text=True, cwd=REPO)
        assert (tmp_path / name / f"{SOURCE}.pdf").is_file(), done.stderr
    assert (tmp_path / "fast" / f"{SOURCE}.pdf").read_bytes() == (tmp_path / "ordinary" / f"{SOURCE}.pdf").read_bytes()

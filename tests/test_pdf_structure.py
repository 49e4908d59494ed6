"""#12.5: every PDF iopdoc builds has a valid structure: qpdf's syntax check finds nothing, and the
EmbeddedFiles name tree's keys are sorted (ISO 32000-1, 7.9.6). tests/conftest.py also runs the
check on every PDF the whole test run built."""
from __future__ import annotations

import pikepdf
import pytest

from tests.conftest import REPO

SOURCES = sorted((REPO / "sources").glob("*.yaml"))


@pytest.mark.parametrize("variant", ["accessible", "archival"])
def test_every_variant_passes_qpdfs_check(cli, tmp_path, variant):
    result = cli("build", *SOURCES, "--out", tmp_path, "--format", "pdf", "--pdf-variant", variant, "--no-cache", "-j", "1",
                 "--project", REPO)
    assert result.code == 0, result.err
    for source in SOURCES:
        with pikepdf.open(tmp_path / f"{source.stem}.pdf") as pdf:
            assert pdf.check_pdf_syntax() == [], source.name
            names = [bytes(key) for key in pdf.Root.Names.EmbeddedFiles.Names[::2]]
            assert names == sorted(names) and len(names) == 2


def test_a_source_named_after_the_manifest_still_sorts(cli, tmp_path):
    # "a…" sorts before "iopdoc-manifest.json", "z…" after it: both orders are written sorted.
    for name in ("aaa-2025", "zzz-2025"):
        text = (REPO / "tests/fixtures/minimal-agreement.yaml").read_text(encoding="utf-8")
        source = tmp_path / f"{name}.yaml"
        source.write_text(text.replace("id: minimal-agreement", f"id: {name}"), encoding="utf-8")
        assert cli("build", source, "--out", tmp_path / "out", "--format", "pdf", "--project", REPO).code == 0
        with pikepdf.open(tmp_path / "out" / f"{name}.pdf") as pdf:
            assert pdf.check_pdf_syntax() == []

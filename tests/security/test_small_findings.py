"""Issue #23, finding 10: the smaller ones (the killed publish and the read-only disk are in
test_writes.py, line breaks in names and titles are IOP309 in tests/cases/)."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"


def test_a_duplicate_key_is_reported_once_at_both_its_lines_by_check_and_fmt(cli, tmp_path):
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    text = FIXTURE.read_text(encoding="utf-8").replace("status: final\n", "status: final\ntitle: Igen\n", 1)
    (root / "sources" / "minimal-agreement.yaml").write_text(text, encoding="utf-8")
    first = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("title:"))
    second = next(n for n, line in enumerate(text.splitlines(), 1) if line == "title: Igen")
    for command in ("check", "fmt"):
        result = cli("--lang", "en", command, "sources/minimal-agreement.yaml", cwd=root)
        found = [line for line in result.err.splitlines() if "[IOP011]" in line]
        assert result.code == 1 and len(found) == 1, (command, result.err)
        assert f"minimal-agreement.yaml:{second}:1:" in found[0] and f"first on line {first}" in found[0], found


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + b"\x00garbage " * 50, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n",
                                  b"not a pdf at all"], ids=["garbage", "no-trailer", "no-header"])
def test_extract_on_a_file_that_is_no_pdf_says_only_that(tmp_path, data):
    """In a process of its own: under pytest, pypdf's log records would go to pytest's log capture,
    not to stderr, and a test in-process could not see them."""
    bad = tmp_path / "not.pdf"
    bad.write_bytes(data)
    done = subprocess.run([sys.executable, "-m", "iopdoc", "--lang", "en", "extract", str(bad), "-o", "-"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() and all("[IOP08" in line for line in done.stderr.splitlines()), done.stderr


def test_a_failed_import_leaves_no_folder(cli, tmp_path):
    bad = tmp_path / "avtal.docx"
    bad.write_bytes(b"PK\x03\x04 not really a word file")
    result = cli("import", bad, "--out", tmp_path / "new" / "sources", cwd=tmp_path)
    assert result.code == 1 and "[IOP085]" in result.err, result.err
    assert not (tmp_path / "new").exists()


def test_sentences_are_split_as_before_in_linear_time():
    """The importer's sentence pattern (readers/facts.py) finds what the backtracking one found; a
    text of dots not followed by a space no longer takes it quadratic time (found by the file fuzzer)."""
    import random
    import re

    from iopdoc.readers.facts import SENTENCE

    backtracking = re.compile(r"[^.!?]+(?:[.!?](?=\s|$)|$)")
    rng = random.Random(23)
    for _ in range(2000):
        text = "".join(rng.choice("ab .!?\n2") for _ in range(rng.randint(0, 60)))
        assert SENTENCE.findall(text) == backtracking.findall(text), text
    assert SENTENCE.findall("a" * 200_000 + ".b") == ["b"]

"""Bad sources: each scenario folder holds a broken copy of the minimal agreement and the exact
diagnostics it must produce (`expected.txt`, Swedish; `expected.en.txt`, English)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, scenario_expectations

CASES = Path(__file__).parent / "load_cases"
DIAGNOSTIC = re.compile(r"^\S+:\d+:\d+: (error|warning|info)\[IOP\d{3}\]: ")
SOURCE = "minimal-agreement.yaml"


def diagnostics(text: str) -> list[str]:
    return [line for line in text.splitlines() if DIAGNOSTIC.match(line)]




@pytest.mark.parametrize(("case", "expected", "lang"), scenario_expectations(CASES, "*"))
def test_broken_source_gives_exact_diagnostics(cli, tmp_path, case, expected, lang):
    result = cli("build", SOURCE, "--project", REPO, "--out", tmp_path, "--lang", lang, cwd=case)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert diagnostics(result.err) == expected.read_text(encoding="utf-8").splitlines()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()], "a source that does not load must write nothing"


def test_every_scenario_has_expectations():
    for case in CASES.iterdir():
        assert (case / "expected.txt").is_file(), case


def test_all_problems_of_a_file_are_reported_together(cli, tmp_path):
    result = cli("build", SOURCE, "--project", REPO, "--out", tmp_path, cwd=CASES / "many-problems")
    codes = [re.search(r"\[(IOP\d+)\]", line).group(1) for line in diagnostics(result.err)]
    assert codes == ["IOP010", "IOP012", "IOP013"]


def test_failed_build_leaves_previous_outputs_untouched(cli, tmp_path):
    out = tmp_path / "out"
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(REPO / "tests/fixtures" / SOURCE, good / SOURCE)
    assert cli("build", good / SOURCE, "--project", REPO, "--out", out).code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert set(before) == {"minimal-agreement.html", "minimal-agreement.pdf"}

    for case in ("yaml-syntax-error", "wrong-type", "impossible-date"):
        shutil.copy(CASES / case / SOURCE, good / SOURCE)
        assert cli("build", good / SOURCE, "--project", REPO, "--out", out).code == 1
        after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
        assert after == before, f"{case}: the previous outputs changed or temporary files were left"


def test_missing_source_is_a_usage_error(cli, tmp_path):
    result = cli("build", tmp_path / "nope.yaml", "--project", REPO, "--out", tmp_path)
    assert result.code == 2
    assert "nope.yaml: error[IOP001]: filen finns inte." in result.err


def test_non_utf8_source_names_its_line(cli, tmp_path):
    source = tmp_path / SOURCE
    source.write_bytes((REPO / "tests/fixtures" / SOURCE).read_bytes().replace("Bakgrund".encode(), "Bakgr\xfcnd".encode("latin-1")))
    result = cli("build", source, "--project", REPO, "--out", tmp_path / "out")
    assert result.code == 1
    assert re.search(r":\d+:\d+: error\[IOP002\]: filen är inte UTF-8", result.err)


def test_empty_and_non_mapping_sources(cli, tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n")
    listed = tmp_path / "listed.yaml"
    listed.write_text("- kind: agreement\n")
    result = cli("build", empty, listed, "--project", REPO, "--out", tmp_path / "out")
    assert result.code == 1
    assert "empty.yaml:1:1: error[IOP004]" in result.err
    assert "listed.yaml:1:1: error[IOP012]: väntade nycklar med värden, fann en lista." in result.err

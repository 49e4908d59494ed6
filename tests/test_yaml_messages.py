"""The YAML parser's messages in Swedish, saying what to do, with the parser's own text kept in parentheses."""
from __future__ import annotations

import pytest

from tests.conftest import REPO

FIXTURE = (REPO / "tests" / "fixtures" / "minimal-agreement.yaml").read_text(encoding="utf-8")

BROKEN = {
    "a tab in the indentation": ("    name: Linköpings kommun\n", "\tname: Linköpings kommun\n", "tabbtecken", "blanksteg"),
    "a colon in a plain value": ("  payment: en gång per år i januari\n", "  payment: årligen: i januari\n",
                                 "ett kolon står där ett värde väntades", "citattecken"),
    "an unclosed quotation mark": ("  place: Linköping\n", '  place: "Linköping\n', "", "(ruamel.yaml: "),
}


@pytest.mark.parametrize(("old", "new", "meaning", "advice"), BROKEN.values(), ids=BROKEN.keys())
def test_a_syntax_error_is_said_in_swedish_with_the_original(cli, tmp_path, old, new, meaning, advice):
    assert old in FIXTURE
    (tmp_path / "minimal-agreement.yaml").write_text(FIXTURE.replace(old, new, 1), encoding="utf-8")
    result = cli("check", "minimal-agreement.yaml", "--project", REPO, "--no-cache", cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err
    (line,) = result.err.splitlines()
    assert line.startswith("minimal-agreement.yaml:") and "error[IOP003]: YAML-syntaxfel: " in line
    assert meaning in line and advice in line and "(ruamel.yaml: " in line
    assert "YAML kan inte läsa filen här" not in line or not meaning

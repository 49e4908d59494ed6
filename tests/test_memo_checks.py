"""The memo's checks (IOP5xx): each scenario folder under tests/cases/memo-*/ is the minimal memo and
the illustrative agreement with one thing broken, and `expected.txt` (`expected.en.txt`) holds the
exact findings; the fixtures themselves and the real Österåker memo are the passing cases."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from iopdoc.pipeline.build import check_source
from iopdoc.checks import RULES
from iopdoc.errors import SourceError
from iopdoc.resolve.project import Project
from tests.conftest import REPO, scenario_expectations

CASES = Path(__file__).parent / "cases"
FIXTURES = REPO / "tests" / "fixtures"
MEMO = "minimal-memo.yaml"
MEMO_CODES = sorted(code for code, registered in RULES.items() if registered.kinds == ("memo",))
# Only the memo's own findings are compared: rules for agreements (another module) may find more
# in a broken copy of the agreement, and are tested where they are written.
OURS = re.compile(r"^\S+:\d+:\d+: (error|warning|info)\[IOP5\d\d\]: ")




@pytest.mark.parametrize(("case", "expected", "lang"), scenario_expectations(CASES, "memo-*"))
def test_a_broken_memo_gives_exact_findings(cli, case, expected, lang, tmp_path):
    # A scenario about the project's settings (its diarienummer pattern) brings its own iopdoc.toml
    # and is checked as a project of its own, in a scratch copy (the check cache is written beside it).
    if (case / "iopdoc.toml").exists():
        case = Path(shutil.copytree(case, tmp_path / case.name))
    result = cli("check", MEMO, "--project", case if (case / "iopdoc.toml").exists() else REPO, "--lang", lang,
                 cwd=case)
    wanted = expected.read_text(encoding="utf-8").splitlines()
    assert [line for line in result.err.splitlines() if OURS.match(line)] == wanted
    assert result.code == (1 if any("error[" in line for line in wanted) else 0)
    assert "Traceback" not in result.err


def test_every_memo_rule_has_a_failing_scenario():
    found = set()
    for expected in CASES.glob("memo-*/expected.txt"):
        found |= set(re.findall(r"\[(IOP5\d\d)\]", expected.read_text(encoding="utf-8")))
    assert found == set(MEMO_CODES)


@pytest.mark.parametrize("memo", [FIXTURES / MEMO, REPO / "sources" / "osteraker-kvinnojouren-2023-memo.yaml"],
                         ids=["fixture", "real-memo"])
def test_the_fixture_and_the_real_memo_pass_every_memo_rule(memo):
    _, _, findings = check_source(Project(REPO), memo)
    assert [d.format() for d in findings if d.code in MEMO_CODES] == []


@pytest.fixture
def pair(tmp_path):
    for name in (MEMO, "osteraker-kvinnojouren-illustrative.yaml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


def findings_after(pair: Path, *changes: tuple[str, str], agreement: bool = False, project: Path = REPO) -> list:
    path = pair / ("osteraker-kvinnojouren-illustrative.yaml" if agreement else MEMO)
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return [d for d in check_source(Project(project), pair / MEMO)[2] if d.code in MEMO_CODES]


@pytest.mark.parametrize(("memo_change", "agreement_change"), [
    (("  end: 2026\n", "  end: 2026-12-31\n"), None),               # the fixture states the year only
    (None, ("stated_duration: tre år", "stated_duration: 3 år")),  # words and digits, the same length
], ids=["full-date", "duration-in-digits"])
def test_facts_written_differently_but_equal_agree(pair, memo_change, agreement_change):
    if agreement_change:
        findings_after(pair, agreement_change, agreement=True)
    assert findings_after(pair, *([memo_change] if memo_change else [])) == []


def test_a_fact_the_memo_does_not_state_is_not_compared(pair):
    assert findings_after(pair, ("      price_level: 2024\n", "      price_level: 2025\n"), agreement=True) == []


def test_the_retroactive_warning_uses_the_memos_own_period_without_an_agreement(pair):
    # Without `proposes`, prose cannot refer to `agreement` either: it states the facts itself.
    found = findings_after(pair, ("proposes: osteraker-kvinnojouren-illustrative\n", ""),
                           ("  start: 2024-01-01\n", "  start: 2023-09-01\n"),
                           ("{{ agreement.parties.kvinnojouren.name }}", "{{ parties.kvinnojouren.name }}"),
                           ("{{ agreement.period.end.year }}", "{{ period.end.year }}"))
    assert [(d.code, d.location.line) for d in found] == [("IOP504", 9)]
    assert "memots period börjar 2023-09-01" in found[0].sv


@pytest.mark.parametrize("dnr", ["SN 2023/0050", "KS/2016:7", "KSN-2016-1422", "SN 21/0113", "KS 2023.123",
                                 "KS/2023:123", "SN 2020/0412", "2018/00017", "KSN-2019-0877", "KS 2019/123-1.2"])
def test_the_common_diarienummer_shapes_pass_without_configuration(pair, dnr):
    assert findings_after(pair, ("diarienummer: SN 2023/0050", f"diarienummer: {dnr}")) == []


@pytest.mark.parametrize("dnr", ["SN 0050", "SN 23", "2023", "SN 2023/", "se bilaga"])
def test_an_implausible_diarienummer_is_a_warning(pair, dnr):
    found = findings_after(pair, ("diarienummer: SN 2023/0050", f"diarienummer: {dnr}"))
    assert [(d.code, d.severity.value, d.location.line) for d in found] == [("IOP506", "warning", 10)]


def test_a_project_sets_its_own_diarienummer_pattern(pair, project):
    (project / "iopdoc.toml").write_text('[memo]\n# Linköping\ndiarienummer_pattern = \'KSN-\\d{4}-\\d{1,5}\'\n',
                                        encoding="utf-8")
    for name in (MEMO, "osteraker-kvinnojouren-illustrative.yaml"):
        shutil.move(pair / name, project / "sources" / name)
    found = findings_after(project / "sources", project=project)
    assert [(d.code, d.location.line) for d in found] == [("IOP506", 10)]
    assert "mönstret i iopdoc.toml (" in found[0].sv and "iopdoc.toml:3:1" in found[0].sv
    assert findings_after(project / "sources", ("diarienummer: SN 2023/0050", "diarienummer: KSN-2023-50"),
                          project=project) == []


def test_an_unusable_pattern_is_reported_in_the_configuration(pair, project):
    (project / "iopdoc.toml").write_text("[memo]\ndiarienummer_pattern = '(SN'\n", encoding="utf-8")
    for name in (MEMO, "osteraker-kvinnojouren-illustrative.yaml"):
        shutil.move(pair / name, project / "sources" / name)
    with pytest.raises(SourceError) as caught:
        findings_after(project / "sources", project=project)
    [problem] = caught.value.diagnostics
    assert (problem.code, str(problem.location)) == ("IOP062", f"{project / 'iopdoc.toml'}:2:1")
    assert "inget giltigt reguljärt uttryck" in problem.sv

"""One fact changed in a real Linköping source gives exactly the finding that change deserves, at the
changed line, and nothing else: no cascade of follow-on findings, and the seeds' own findings stay.
A change that corrects a seed's error takes its finding away, and only that one."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

FINDING = re.compile(r"^(?P<file>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>\w+)\[(?P<code>IOP\d{3})\]: ")
OLD, NEW = "linkoping-kvinnojouren-2020", "linkoping-kvinnojouren-2025"


def findings(cli, project: Path, source: str) -> set[tuple[str, str, int, int, str]]:
    result = cli("check", project / "sources" / f"{source}.yaml", "--project", project)
    assert "Traceback" not in result.err
    found = set()
    for line in result.err.splitlines():
        match = FINDING.match(line)
        assert match, f"not a diagnostic: {line}"
        found.add((Path(match["file"]).stem, match["code"], int(match["line"]), int(match["col"]), match["severity"]))
    return found


def change(project: Path, source: str, old: str, new: str) -> int:
    """Replace the first line reading `old` (stripped) in a source by `new`; returns its line number."""
    path = project / "sources" / f"{source}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if line.strip() == old)
    indent = lines[number][: len(lines[number]) - len(lines[number].lstrip())]
    lines[number] = f"{indent}{new}\n"
    path.write_text("".join(lines), encoding="utf-8")
    return number + 1


@pytest.mark.parametrize(("source", "old", "new", "code", "severity", "col", "at"), [
    # The three changes the issue names.
    (OLD, "org_number: 822003-8007", "org_number: 822003-8008", "IOP302", "error", 17, 0),
    (OLD, "amount: 3937500", "amount: 3937501", "IOP201", "error", 13, 0),
    (OLD, "start: 2020-01-01", "start: 2025-01-01", "IOP102", "error", 8, 1),  # period.start; reported at `end`
    # And one each for the rules the real sources exercise.
    (OLD, "hourly_rate: 220", "hourly_rate: 221", "IOP202", "error", 16, 1),  # at `value`, the next line
    (OLD, "price_level: 2019", "price_level: 2021", "IOP105", "error", 20, 0),
    (OLD, "notice: sex månader", "notice: fem år", "IOP109", "error", 11, 0),
    (NEW, "start: 2026-01-01", "start: 2031-01-01", "IOP104", "error", 12, 0),
    (NEW, "date: 2024-xx-xx", "date: 2025-02-01", "IOP106", "warning", 9, 0),
    (NEW, "org_number: 212000-0449", "org_number: 812000-0449", "IOP303", "error", 17, 0),
])
def test_one_changed_fact_gives_one_finding_at_its_line(cli, project, source, old, new, code, severity, col, at):
    before = findings(cli, project, source)
    line = change(project, source, old, new) + at
    after = findings(cli, project, source)
    if source == NEW and old.startswith("date:"):
        before = {f for f in before if f[1] != "IOP101"}  # filling in the date takes its placeholder finding away
    if code == "IOP303":
        code_digit = {f for f in after if f[1] == "IOP302"}  # 812000-0449 keeps its old check digit, which is wrong
        after -= code_digit
        assert len(code_digit) == 1
    assert after - before == {(source, code, line, col, severity)}
    assert before - after == set()


@pytest.mark.parametrize(("source", "old", "new", "code"), [
    (NEW, "stated_duration: 5 år", "stated_duration: sex år", "IOP103"),
    (NEW, "date: 2024-xx-xx", "date: 2024-12-10", "IOP101"),
    (OLD, "date: 2019-", "date: 2019-12-10", "IOP101"),
    (OLD, "name: (aktuell firmatecknare)", "name: Berit Bengtsson", "IOP305"),
])
def test_correcting_a_seed_error_takes_its_finding_away(cli, project, source, old, new, code):
    before = findings(cli, project, source)
    change(project, source, old, new)
    after = findings(cli, project, source)
    assert after < before
    assert {f[1] for f in before - after} == {code}


def test_a_successor_that_leaves_a_gap_is_caught_at_its_start(cli, project):
    before = findings(cli, project, NEW)
    line = change(project, NEW, "start: 2025-01-01", "start: 2025-01-02")
    added = findings(cli, project, NEW) - before
    assert (NEW, "IOP107", line, 10, "error") in added
    # The day lost also makes 2025 a part year, paid in January before the new start: those are
    # the money rules' findings (IOP226, IOP227), not IOP107's, and nothing else appears.
    assert {code for _, code, *_ in added} == {"IOP107", "IOP226", "IOP227"}


def test_a_reference_to_no_fact_is_reported_at_its_line_with_the_rules_findings(cli, project):
    path = project / "sources" / f"{NEW}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{{ supersedes.period.end | long_date }}", "{{ supersedes.period.slut | long_date }}"),
                    encoding="utf-8")
    line, row = next((n, row) for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                     if "period.slut" in row)
    result = cli("check", path, "--project", project)
    assert result.code == 1
    codes = [(f[1], f[2], f[3]) for f in findings(cli, project, NEW)]
    assert ("IOP030", line, row.index("{{") + 1) in codes
    assert {"IOP103", "IOP101"} <= {code for code, _, _ in codes}, "the rules still run on the facts"

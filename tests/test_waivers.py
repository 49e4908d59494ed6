"""Rules a project can waive, with a reason: at a place (a comment) or in a `waivers:` list."""
from __future__ import annotations

import json
import shutil

from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"
MEETING = "      Att ge våldsutsatta kvinnor stöd."
DATED = "      Att ge våldsutsatta kvinnor stöd från 1 februari 2026."


def source_with(tmp_path, *changes: tuple[str, str]):
    path = tmp_path / "minimal-agreement.yaml"
    # Without the fixture's indexation, which names no series (IOP230): these tests are about waivers.
    text = FIXTURE.read_text(encoding="utf-8").replace("  indexation:\n    index: OPI\n    start: 2027-01-01\n", "")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def check(cli, path, *options):
    return cli("check", path.name, "--project", REPO, "--no-cache", *options, cwd=path.parent)


def test_a_comment_before_the_clause_waives_the_finding_in_it_with_its_reason(cli, tmp_path):
    path = source_with(tmp_path, ("  - kind: purpose\n", "  # iopdoc: allow IOP108 – mötesdatum i protokollet\n  - kind: purpose\n"),
                       (MEETING, DATED))
    result = check(cli, path, "--strict")
    assert result.code == 0, result.err
    assert "warning[IOP108]" in result.err and result.err.rstrip().endswith("[undantag: mötesdatum i protokollet]")
    english = check(cli, path, "--lang", "en")
    assert "[waived: mötesdatum i protokollet]" in english.err


def test_without_the_waiver_strict_fails(cli, tmp_path):
    result = check(cli, source_with(tmp_path, (MEETING, DATED)), "--strict")
    assert result.code == 1 and "[undantag" not in result.err


def test_an_end_of_line_comment_waives_an_error_so_a_final_document_builds(cli, tmp_path):
    # A trading partnership (9…) where the rule expects a non-profit's legal form.
    path = source_with(tmp_path, ("    org_number: 822003-8007\n",
                                  "    org_number: 969600-1230  # iopdoc: allow IOP303 – handelsbolaget drivs ideellt enligt avtal\n"))
    result = cli("build", path.name, "--project", REPO, "--no-cache", "--out", tmp_path / "out", "--format", "html",
                 cwd=tmp_path)
    assert result.code == 0, result.err
    assert "error[IOP303]" in result.err and "[undantag: handelsbolaget drivs ideellt enligt avtal]" in result.err
    assert (tmp_path / "out" / "minimal-agreement.html").exists()


def test_the_waivers_list_at_a_path_and_sarif_shows_it_suppressed(cli, tmp_path):
    path = source_with(tmp_path, (MEETING, DATED), ("sections:\n", "waivers:\n  - code: IOP108\n    reason: mötesdatum i protokollet\n"
                                                                   "    path: sections[2]\nsections:\n"))
    result = check(cli, path, "--format", "sarif", "--strict")
    assert result.code == 0, result.err
    (finding,) = [r for r in json.loads(result.out)["runs"][0]["results"] if r["ruleId"] == "IOP108"]
    assert finding["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": "mötesdatum i protokollet"}]
    data = json.loads(check(cli, path, "--format", "json").out)
    assert [f["waived"] for f in data["findings"] if f["code"] == "IOP108"] == ["mötesdatum i protokollet"]


def test_a_waiver_elsewhere_waives_nothing_and_says_so(cli, tmp_path):
    path = source_with(tmp_path, (MEETING, DATED),
                       ("  - kind: background\n", "  # iopdoc: allow IOP108 – mötesdatum\n  - kind: background\n"))
    result = check(cli, path)
    assert "warning[IOP108]" in result.err and "[undantag" not in result.err
    assert "warning[IOP050]: undantaget för IOP108 gäller inget fynd här; ta bort det." in result.err


def test_a_waiver_without_a_reason_does_not_apply(cli, tmp_path):
    path = source_with(tmp_path, (MEETING, DATED), ("  - kind: purpose\n", "  # iopdoc: allow IOP108\n  - kind: purpose\n"))
    result = check(cli, path)
    assert "warning[IOP050]: undantaget för IOP108 saknar skäl och gäller inte" in result.err
    assert "[undantag" not in result.err

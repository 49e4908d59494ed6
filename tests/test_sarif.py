"""SARIF for code scanning: a finding about a second place lists it in relatedLocations, and every
URI is relative to the repository's top (originalUriBaseIds), from whatever folder iopdoc ran in."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import REPO

SCHEMA = json.loads((Path(__file__).parent / "sarif" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
CASE = Path(__file__).parent / "cases" / "memo-facts-differ-from-agreement"


@pytest.fixture
def repository(tmp_path) -> Path:
    """A git repository whose project lives in a subfolder (`kommun/iop`), its memo in a folder of its own."""
    top = tmp_path / "repo"
    project = top / "kommun" / "iop"
    shutil.copytree(REPO / "templates", project / "templates")
    (project / "sources").mkdir(parents=True)
    shutil.copytree(CASE, project / "sources" / "memo", ignore=shutil.ignore_patterns("expected*", "build"))
    subprocess.run(["git", "init", "-q", str(top)], check=True)
    return top


def sarif_from(cli, cwd: Path, *args) -> dict:
    result = cli("check", "--format", "sarif", "--no-cache", *args, cwd=cwd)
    assert result.code == 1, result.err
    log = json.loads(result.out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    return log


def places(location: dict) -> tuple[str, str | None, int]:
    physical = location["physicalLocation"]
    return physical["artifactLocation"]["uri"], physical["artifactLocation"].get("uriBaseId"), \
        physical["region"]["startLine"]


@pytest.mark.parametrize("folder", [".", "kommun", "kommun/iop", "kommun/iop/sources/memo"])
def test_a_memo_disagreeing_with_its_agreement_names_both_places_from_any_folder(cli, repository, folder):
    memo = repository / "kommun" / "iop" / "sources" / "memo" / "minimal-memo.yaml"
    log = sarif_from(cli, repository / folder, memo)
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == repository.resolve().as_uri() + "/"
    disagreements = [r for r in run["results"] if r["ruleId"] == "IOP501" and "relatedLocations" in r]
    assert len(disagreements) == 3  # name, period end, amount; the fourth names no place in the agreement
    period_end = next(r for r in disagreements if "2027-12-31" in r["message"]["text"])
    assert places(period_end["locations"][0]) == ("kommun/iop/sources/memo/minimal-memo.yaml", "SRCROOT", 20)
    [related] = period_end["relatedLocations"]
    assert places(related) == ("kommun/iop/sources/memo/osteraker-kvinnojouren-illustrative.yaml", "SRCROOT", 25)
    assert related["physicalLocation"]["region"]["startColumn"] == 8


def test_the_same_findings_from_a_subfolder_give_the_same_log(cli, repository):
    memo = repository / "kommun" / "iop" / "sources" / "memo" / "minimal-memo.yaml"
    from_top = sarif_from(cli, repository, memo)
    from_below = sarif_from(cli, repository / "kommun" / "iop" / "sources", memo)
    located = lambda log: [(r["ruleId"], r["locations"], r.get("relatedLocations")) for r in log["runs"][0]["results"]]
    assert located(from_top) == located(from_below)  # messages name places as the user would type them


def test_outside_git_paths_are_relative_to_the_project(cli, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(REPO / "templates", project / "templates")
    shutil.copytree(REPO / "sources", project / "sources")
    log = sarif_from(cli, project / "sources", "--project", project)
    uris = {places(r["locations"][0])[0] for r in log["runs"][0]["results"]}
    assert "sources/linkoping-kvinnojouren-2025.yaml" in uris
    assert log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"] == project.resolve().as_uri() + "/"


def test_the_json_report_carries_related_places_as_data(cli, repository):
    memo = repository / "kommun" / "iop" / "sources" / "memo" / "minimal-memo.yaml"
    result = cli("check", "--format", "json", "--no-cache", memo, cwd=memo.parent)
    items = [i for i in json.loads(result.out)["findings"] if i["code"] == "IOP501" and i["related"]]
    assert {(r["file"], r["line"]) for i in items for r in i["related"]} == {
        ("osteraker-kvinnojouren-illustrative.yaml", 19), ("osteraker-kvinnojouren-illustrative.yaml", 25),
        ("osteraker-kvinnojouren-illustrative.yaml", 31)}


def test_a_successor_that_does_not_follow_on_names_the_predecessors_end(cli, project):
    predecessor = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    predecessor.write_text(predecessor.read_text(encoding="utf-8").replace("end: 2024-12-31", "end: 2024-06-30"),
                           encoding="utf-8")
    log = sarif_from(cli, project, "sources/linkoping-kvinnojouren-2025.yaml")
    [gap] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "IOP107"]
    line = next(n for n, text in enumerate(predecessor.read_text(encoding="utf-8").splitlines(), 1) if "end: 2024-06-30" in text)
    assert [places(r) for r in gap["relatedLocations"]] == [("sources/linkoping-kvinnojouren-2020.yaml", "SRCROOT", line)]

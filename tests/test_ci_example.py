"""docs/ci-example.yml cannot run here; what can be checked is that it is well formed, uploads
SARIF with the action GitHub documents, and that every iopdoc command in it exists as written."""
from __future__ import annotations

import shlex

import pytest
from ruamel.yaml import YAML

from iopdoc.cli import main
from tests.conftest import REPO

WORKFLOW = REPO / "docs" / "ci-example.yml"
# The workflow `iopdoc init` writes into a municipality's repository.
INIT_WORKFLOW = REPO / "templates" / "init" / "agreements.yml"


def steps(workflow_path=WORKFLOW) -> list[dict]:
    workflow = YAML(typ="safe").load(workflow_path.read_text(encoding="utf-8"))
    assert set(workflow) >= {"name", "on", "permissions", "jobs"}
    assert workflow["permissions"]["security-events"] == "write"
    (job,) = workflow["jobs"].values()
    return job["steps"]


def test_the_example_says_it_cannot_run_here():
    assert "It cannot run here" in WORKFLOW.read_text(encoding="utf-8").splitlines()[1]


@pytest.mark.parametrize("workflow", [WORKFLOW, INIT_WORKFLOW], ids=["example", "init"])
def test_findings_are_uploaded_as_sarif_and_the_diff_commented(workflow):
    uses = [step.get("uses", "") for step in steps(workflow)]
    assert "github/codeql-action/upload-sarif@v3" in uses
    runs = " ".join(step.get("run", "") for step in steps(workflow))
    assert "iopdoc check --format sarif > iopdoc.sarif" in runs
    assert "gh pr comment" in runs and "--body-file diff.md" in runs


@pytest.mark.parametrize("workflow", [WORKFLOW, INIT_WORKFLOW], ids=["example", "init"])
def test_every_iopdoc_command_in_it_exists_with_its_options(workflow):
    for step in steps(workflow):
        for line in step.get("run", "").splitlines():
            if not line.startswith("iopdoc "):
                continue
            words = shlex.split(line.split(">")[0])
            command = main.commands[words[1]]
            options = {name for param in command.params for name in param.opts}
            assert {w.split("=")[0] for w in words[2:] if w.startswith("--")} <= options, line


@pytest.mark.parametrize("workflow", [WORKFLOW, INIT_WORKFLOW], ids=["example", "init"])
def test_a_fork_skips_what_its_read_only_token_may_not_do(workflow):
    writing = [step for step in steps(workflow) if "upload-sarif" in step.get("uses", "") or "gh pr comment" in step.get("run", "")]
    assert len(writing) == 2
    assert all(step.get("if") == "github.event.pull_request.head.repo.full_name == github.repository" for step in writing)

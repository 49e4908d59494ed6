"""The command line end to end: build, formats, help, exit status, make."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO


def test_build_every_source_of_a_project(cli, project):
    result = cli("build", "--out", project / "build", cwd=project)
    assert result.code == 0, result.err
    built = sorted(p.name for p in (project / "build").iterdir() if p.is_file())
    ids = sorted(p.stem for p in (project / "sources").glob("*.yaml"))
    assert built == sorted([f"{i}.html" for i in ids] + [f"{i}.pdf" for i in ids])
    assert result.out.count("byggd: ") == len(ids)


def test_build_one_format_only(cli, project):
    source = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    result = cli("build", source, "--out", project / "out", "--format", "html", "--lang", "en", cwd=project)
    assert result.code == 0
    assert [p.name for p in (project / "out").iterdir() if p.is_file()] == ["linkoping-kvinnojouren-2020.html"]
    assert result.out.startswith("built: ")


def test_unknown_format_is_a_usage_error(cli, project):
    result = cli("build", "--format", "odt", cwd=project)
    assert result.code == 2
    assert "unknown format odt" in result.err


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["rules"]])
def test_help_explains_with_an_example(cli, command):
    result = cli(*command, "--help")
    assert result.code == 0
    assert "Usage:" in result.out
    if command != ["rules"]:
        assert "Example" in result.out


def test_the_installed_console_script_runs(tmp_path):
    executable = shutil.which("iopdoc", path=os.path.dirname(sys.executable))
    assert executable, "the iopdoc console script is installed with the package"
    done = subprocess.run([executable, "build", str(REPO / "tests/fixtures/minimal-agreement.yaml"), "--project",
                           str(REPO), "--out", str(tmp_path), "--format", "html"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "minimal-agreement.html").is_file()


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=REPO, capture_output=True, text=True)


def test_make_rebuilds_nothing_when_nothing_changed():
    first = make("all")
    assert first.returncode == 0, first.stderr
    assert make("-q", "all").returncode == 0, make("-n", "all").stdout
    assert "Nothing to be done" in make("all").stdout


def test_make_rebuilds_what_a_change_touches():
    touched_template = make("-n", "-W", "templates/style.css", "all").stdout
    assert touched_template.count("iopdoc build") == len(list((REPO / "sources").glob("*.yaml")))
    # The 2025 agreement states facts of the 2020 one: a change there rebuilds both, and nothing else.
    touched_source = make("-n", "-W", "sources/linkoping-kvinnojouren-2020.yaml", "all").stdout
    rebuilt = sorted(line.split()[-1].strip("'") for line in touched_source.splitlines() if " build " in line)
    assert rebuilt == ["sources/linkoping-kvinnojouren-2020.yaml", "sources/linkoping-kvinnojouren-2025.yaml"]

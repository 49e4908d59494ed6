"""What `make` and `iopdoc build` say: one line per source (built, built as a draft with its
findings, not built), a summary line for several sources, no echoed commands, Swedish plurals
from one helper (locale_sv.counted)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from iopdoc.locale_sv import counted
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"


@pytest.mark.parametrize("number, expected", [
    (0, "0 varningar"), (1, "1 varning"), (2, "2 varningar"), (21, "21 varningar"), (1000, "1\u00a0000 varningar"),
])
def test_counted_gives_the_swedish_plural(number, expected):
    assert counted(number, "varning", "varningar") == expected


def write_source(root: Path, identifier: str, status: str = "final", duration: str = "tre år",
                 municipality: str = "Umeå kommun") -> Path:
    text = FIXTURE.read_text(encoding="utf-8").replace("id: minimal-agreement", f"id: {identifier}")
    text = text.replace("status: final", f"status: {status}").replace("stated_duration: tre år",
                                                                      f"stated_duration: {duration}")
    text = text.replace("Linköpings kommun", municipality)
    path = root / "sources" / f"{identifier}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_each_source_has_one_line_and_several_a_summary(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_source(tmp_path, "umea-jouren-2026")
    write_source(tmp_path, "lulea-jouren-2026", status="draft", duration="fem år", municipality="Luleå kommun")
    write_source(tmp_path, "kiruna-jouren-2026", status="final", duration="två år", municipality="Kiruna kommun")
    result = cli("build", "--out", tmp_path / "build", "--format", "html", "--project", tmp_path)
    assert result.code == 1, "a final document with an error is not built"
    lines = result.out.splitlines()
    assert any(line.startswith("byggd: sources/umea-jouren-2026.yaml → ") and line.endswith(" s)")
               and "utkast" not in line for line in lines), lines
    draft = next(line for line in lines if "lulea-jouren-2026" in line)
    assert ", som utkast med 1 fel" in draft and ": se ovan (" in draft, draft
    assert "inte byggd: sources/kiruna-jouren-2026.yaml" in result.err
    # both built sources carry a warning (their indexation names no series, IOP230), one an error too
    assert lines[-1] == "2 byggda, 2 med fel eller varningar: se ovan, 1 inte byggd: rätta felen ovan"
    english = cli("build", "--out", tmp_path / "build", "--format", "html", "--project", tmp_path, "--lang", "en")
    assert english.out.splitlines()[-1] == \
        "2 built, 2 with errors or warnings: see above, 1 not built: correct the errors above"
    assert ", as a draft with 1 error" in english.out


def test_one_source_has_no_summary_line(cli, tmp_path):
    write_source(tmp_path, "umea-jouren-2026")
    result = cli("build", "--out", tmp_path / "build", "--format", "html", "--project", tmp_path)
    assert result.code == 0 and len(result.out.splitlines()) == 1


def test_make_echoes_no_commands_only_what_happened(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "templates", root / "templates")
    write_source(root, "umea-jouren-2026", status="draft", duration="fem år")
    venv = REPO / ".venv"
    made = subprocess.run(["make", "--no-print-directory", "-f", str(REPO / "Makefile"), f"VENV={venv}",
                           "-o", str(venv / ".installed"), "all"], cwd=root, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines() == [line for line in made.stdout.splitlines() if line.startswith("byggd: ")]
    assert len(made.stdout.splitlines()) == 1 and "som utkast med 1 fel" in made.stdout
    assert "error[IOP103]" in made.stderr and "iopdoc build" not in made.stdout + made.stderr


def test_a_fresh_clone_builds_html_and_pdf_before_iopdoc_is_installed(tmp_path):
    """Before .venv exists make cannot ask iopdoc for the formats; the default is both, not html alone."""
    root = tmp_path / "project"
    write_source(root, "umea-jouren-2026")
    (root / "pyproject.toml").write_text("", encoding="utf-8")  # what the venv's rule depends on
    planned = subprocess.run(["make", "-n", "--no-print-directory", "-f", str(REPO / "Makefile"),
                              f"VENV={tmp_path / 'no-venv'}", "all"], cwd=root, capture_output=True, text=True)
    assert planned.returncode == 0, planned.stderr
    assert "--format html,pdf " in planned.stdout, planned.stdout


def make_in(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`make ARGS` with this repository's Makefile in `root`, with the repository's .venv as installed
    (root's pyproject.toml, which the venv's rule depends on, is older than it)."""
    venv = REPO / ".venv"
    pyproject = root / "pyproject.toml"
    if not pyproject.exists():
        pyproject.write_text("", encoding="utf-8")
        os.utime(pyproject, (0, 0))
    return subprocess.run(["make", "--no-print-directory", "-f", str(REPO / "Makefile"), f"VENV={venv}", *args],
                          cwd=root, capture_output=True, text=True)


def test_make_ends_with_a_summary_line_after_every_source_was_tried(tmp_path):
    """`make` alone: one line per source, then one summary line, also when a final document is not
    built (the other sources are still built: make goes on past a failed one)."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "templates", root / "templates")
    write_source(root, "umea-jouren-2026")
    write_source(root, "lulea-jouren-2026", status="draft", duration="fem år", municipality="Luleå kommun")
    write_source(root, "kiruna-jouren-2026", status="final", duration="två år", municipality="Kiruna kommun")
    made = make_in(root)
    assert made.returncode != 0, "a final document with an error fails make"
    lines = made.stdout.splitlines()
    assert sorted(line.split(" → ")[0] for line in lines[:-1]) == [
        "byggd: sources/lulea-jouren-2026.yaml", "byggd: sources/umea-jouren-2026.yaml"], lines
    assert lines[-1] == "2 byggda, 2 med fel eller varningar: se ovan, 1 inte byggd: rätta felen ovan", lines
    assert "inte byggd: sources/kiruna-jouren-2026.yaml" in made.stderr
    assert "iopdoc build" not in made.stdout + made.stderr
    assert not (root / "build" / ".tally").exists(), "the record of one run is not left for the next"
    again = make_in(root)
    assert again.stdout.splitlines() == ["0 byggda, 1 inte byggd: rätta felen ovan"], again.stdout


def test_make_with_nothing_to_do_says_so_in_one_line(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "templates", root / "templates")
    write_source(root, "umea-jouren-2026")
    first = make_in(root)
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.splitlines()) == 2 and first.stdout.splitlines()[-1].startswith("1 byggd, ")
    again = make_in(root)
    assert again.returncode == 0 and again.stdout.splitlines() == ["inget att bygga: allt är redan byggt"], again.stdout
    assert make_in(root, "-q").returncode == 0, "make -q still answers whether anything is left to build"


def test_make_n_shows_the_builds_and_runs_none(tmp_path):
    root = tmp_path / "project"
    write_source(root, "umea-jouren-2026")
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    planned = subprocess.run(["make", "-n", "--no-print-directory", "-f", str(REPO / "Makefile"),
                              f"VENV={tmp_path / 'no-venv'}"], cwd=root, capture_output=True, text=True)
    assert planned.returncode == 0, planned.stderr
    assert "--format html,pdf " in planned.stdout, planned.stdout
    assert not (root / "build").exists() and not (tmp_path / "no-venv").exists()

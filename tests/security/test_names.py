"""Finding 1 and 2: a source's file name, id or link cannot run commands under make, nor inject make syntax."""
from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import REPO
from tests.security.conftest import run_make

SOURCE = "linkoping-kvinnojouren-2025"
HOSTILE = ["x$(id>pwned-sh)", "a'b;touch pwned-quote;'", "c`touch pwned-tick`", "e;touch pwned-semi",
           "f$$(touch pwned-dollar)", "g:h", "i #j"]


def with_id(text: str, identifier: str) -> str:
    quoted = identifier.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return text.replace(f"id: {SOURCE}\n", f'id: "{quoted}"\n', 1)


def pwned(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*pwned*") if not p.name.endswith(".yaml"))


def test_hostile_file_names_and_ids_run_nothing_under_make(make_project):
    original = (make_project / "sources" / f"{SOURCE}.yaml").read_text(encoding="utf-8")
    for name in HOSTILE:
        (make_project / "sources" / f"{name}.yaml").write_text(with_id(original, name), encoding="utf-8")
    for target in (["-n", "all"], ["all"], ["check"]):
        done = run_make(make_project, *target)
        assert done.returncode != 0
        assert "have names that are not ids" in done.stderr, done.stderr
        assert pwned(make_project) == [], f"make {target} ran a command from a file name"
    # iopdoc itself names each one and says why, without running anything.
    check = subprocess.run([str(REPO / ".venv/bin/iopdoc"), "check", "--lang", "en"], cwd=make_project,
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert check.stderr.count("error[IOP070]: the file name") == len(HOSTILE)
    assert pwned(make_project) == []


def test_hostile_ids_in_plain_file_names_are_refused_by_the_build(make_project):
    original = (make_project / "sources" / f"{SOURCE}.yaml").read_text(encoding="utf-8")
    for number, name in enumerate(HOSTILE + ["k\n$(shell touch make-pwned)"]):
        (make_project / "sources" / f"hostile-{number}.yaml").write_text(with_id(original, name), encoding="utf-8")
    done = run_make(make_project, "-k", "all")
    assert done.returncode != 0
    assert done.stderr.count("error[IOP070]") == len(HOSTILE) + 1, done.stderr
    assert pwned(make_project) == [] and not (make_project / "make-pwned").exists()
    assert not list((make_project / "build").glob("hostile-*")), "nothing is built for a refused id"


def test_links_are_ids_never_paths(cli, project):
    source = project / "sources" / f"{SOURCE}.yaml"
    text = source.read_text(encoding="utf-8")
    for link in ("../../etc/os-release", "/etc/hostname", "x\\n$(shell touch make-pwned)", "Linkoping 2020"):
        source.write_text(text.replace("supersedes: linkoping-kvinnojouren-2020", f'supersedes: "{link}"'), encoding="utf-8")
        result = cli("build", source, "--out", project / "build", "--make-deps", "--project", project, "--lang", "en")
        assert result.code == 1
        assert "error[IOP070]: `supersedes` must be an id (not a path)" in result.err
        assert not (project / "build" / f"{SOURCE}.d").exists()


def test_dependency_files_are_escaped_for_make(cli, project, tmp_path):
    # The output folder's name is the user's, and may hold anything make reads as syntax.
    out = tmp_path / "out $(shell touch make-pwned) #x"
    source = project / "sources" / f"{SOURCE}.yaml"
    assert cli("build", source, "--out", out, "--make-deps", "--format", "html", "--project", project).code == 0
    depfile = out / f"{SOURCE}.d"
    (out / "read.mk").write_text(f"include {SOURCE}.d\nall:\n\t@echo ok\n", encoding="utf-8")
    done = subprocess.run(["make", "-n", "-p", "-f", "read.mk"], cwd=out, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.rglob("make-pwned")) and not (out / "make-pwned").exists()
    # make reads the rule as the two outputs depending on both sources, the folder name intact.
    target = f"{out}/{SOURCE}.html".replace(" ", "\\ ").replace("#", "\\#")
    assert target.replace("$", "$$") in depfile.read_text(encoding="utf-8")
    assert "linkoping-kvinnojouren-2020.yaml" in depfile.read_text(encoding="utf-8")

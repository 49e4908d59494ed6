"""Finding 6: a deeply nested or alias-bombed source is a finding in every command, and a crashing worker
takes only its own source with it."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from iopdoc.workers import map_isolated
from tests.conftest import REPO

DEEP = "kind: agreement\nid: deep-2025\nnote: " + "[" * 30_000 + "]" * 30_000 + "\n"
ALIASES = "kind: agreement\nid: aliases-2025\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 9))


def iopdoc(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "iopdoc", *map(str, args), "--lang", "en"], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("text", [DEEP, ALIASES], ids=["30000-deep", "alias-bomb"])
def test_every_command_gives_a_finding_not_a_crash(project, text):
    name = "deep-2025" if text is DEEP else "aliases-2025"
    source = project / "sources" / f"{name}.yaml"
    source.write_text(text, encoding="utf-8")
    other = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    for command in (["check", source], ["build", source, "--format", "html"], ["fmt", "--check", source],
                    ["diff", other, source]):
        done = iopdoc(*command, cwd=project)
        assert done.returncode == 1, (command, done.returncode, done.stderr[-500:])
        assert "error[IOP006]: the source is too complex" in done.stderr and "Traceback" not in done.stderr


def test_the_rest_of_a_parallel_build_is_built(project):
    for number in range(6):
        shutil.copy(REPO / "tests/fixtures/minimal-agreement.yaml", project / "sources" / f"minimal-{number}.yaml")
        path = project / "sources" / f"minimal-{number}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("id: minimal-agreement", f"id: minimal-{number}"),
                        encoding="utf-8")
    (project / "sources" / "deep-2025.yaml").write_text(DEEP, encoding="utf-8")
    done = iopdoc("build", "-j", "2", "--format", "html", "--no-cache", cwd=project)
    assert done.returncode == 1
    assert "deep-2025.yaml:3:" in done.stderr and "error[IOP006]" in done.stderr
    built = {p.stem for p in (project / "build").glob("*.html")}
    expected = {p.stem for p in (project / "sources").glob("*.yaml")} - {"deep-2025"}
    assert built == expected


def crash_on(number: int) -> int:
    if number == 3:
        __import__("faulthandler").disable()  # pytest's handler would print the crash
        os.kill(os.getpid(), signal.SIGSEGV)  # a real segmentation fault of a real worker process
    return number * 10


def test_a_worker_that_segfaults_fails_its_own_task_only():
    results = list(map_isolated(crash_on, [(n,) for n in range(8)], 2, crashed=lambda args, how: ("crashed", args, how)))
    assert results[:3] == [0, 10, 20] and results[4:] == [40, 50, 60, 70]
    assert results[3][:2] == ("crashed", (3,)) and "SIGSEGV" in results[3][2]

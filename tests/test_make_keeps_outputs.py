"""Nothing already built is lost: `make` on a final document whose checks now fail keeps both outputs."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"


def make(root: Path) -> subprocess.CompletedProcess:
    venv = REPO / ".venv"
    return subprocess.run(["make", "--no-print-directory", "-f", str(REPO / "Makefile"), f"VENV={venv}",
                           "-o", str(venv / ".installed"), "all"], cwd=root, capture_output=True, text=True)


def test_a_failed_final_build_keeps_both_previous_outputs(tmp_path):
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    source = root / "sources" / "minimal-agreement.yaml"
    source.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    first = make(root)
    assert first.returncode == 0, first.stderr
    outputs = [root / "build" / "minimal-agreement.html", root / "build" / "minimal-agreement.pdf"]
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in outputs}

    source.write_text(source.read_text(encoding="utf-8").replace("stated_duration: tre år", "stated_duration: fem år"),
                      encoding="utf-8")
    later = source.stat().st_mtime + 2
    os.utime(source, (later, later))
    failed = make(root)
    assert failed.returncode != 0
    assert "error[IOP103]" in failed.stderr
    assert "Deleting" not in failed.stderr + failed.stdout
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in outputs} == before

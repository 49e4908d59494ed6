"""#12.6: faults. `kill -9` of `build -j 2` at random moments leaves no truncated or invalid output, no
temporary file `publish` would take for an output, and no worker running; a full disk is IOP090 and
keeps the previous outputs."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import REPO

KILLS = 5


def add_sources(project: Path, count: int) -> None:
    text = (REPO / "tests/fixtures/minimal-agreement.yaml").read_text(encoding="utf-8")
    for number in range(count):
        (project / "sources" / f"extra-{number}.yaml").write_text(
            text.replace("id: minimal-agreement", f"id: extra-{number}"), encoding="utf-8")


def processes_in_session(session: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":  # fields: state, ppid, pgrp, session
                found.append(int(entry.name))
    return found


def assert_outputs_whole(out: Path) -> None:
    for pdf in out.glob("*.pdf"):
        with pikepdf.open(pdf) as document:  # a truncated PDF does not open, or fails the check
            assert document.check_pdf_syntax() == [], pdf
            assert len(document.pages) >= 1
    for page in out.glob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page
    # Whatever a killed write left behind is hidden and not named like an output (publish lists *.pdf, *.html).
    for leftover in out.iterdir():
        if leftover.is_file() and leftover.suffix in (".pdf", ".html"):
            assert not leftover.name.startswith("."), leftover


def test_kill_9_during_a_parallel_build_leaves_whole_outputs_and_no_workers(project):
    add_sources(project, 6)
    out = project / "build"
    command = [sys.executable, "-m", "iopdoc", "build", "-j", "2", "--no-cache", "--out", str(out)]
    assert subprocess.run(command, cwd=project, capture_output=True, timeout=600).returncode == 0
    before = {p.name for p in out.glob("*.pdf")}
    moments = random.Random(20261202)
    for run in range(KILLS):
        build = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True)
        time.sleep(moments.uniform(0.5, 6.0))
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=30)
        deadline = time.monotonic() + 10
        while processes_in_session(build.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert processes_in_session(build.pid) == [], f"run {run}: workers outlived the build"
        assert_outputs_whole(out)
        assert {p.name for p in out.glob("*.pdf")} == before, f"run {run}: an output went missing"
    done = subprocess.run(command[:-2] + ["--out", str(out)], cwd=project, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def small_disk(tmp_path):
    folder = tmp_path / "disk"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (not root)")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_full_disk_is_iop090_and_keeps_the_previous_outputs(project, small_disk):
    source = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    command = [sys.executable, "-m", "iopdoc", "build", str(source), "--out", str(small_disk), "--no-cache",
               "--format", "html", "--lang", "en"]
    assert subprocess.run(command, cwd=project, capture_output=True, timeout=300).returncode == 0
    page = small_disk / "linkoping-kvinnojouren-2025.html"
    previous = page.read_bytes()
    with open(small_disk / "filler", "wb") as filler:  # fill the disk to the last block
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass
    source.write_text(source.read_text(encoding="utf-8").replace("Bakgrund", "Bakgrund och syfte"), encoding="utf-8")
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "error[IOP090]" in done.stderr and "No space left on device" in done.stderr, done.stderr
    assert page.read_bytes() == previous, "the previous output is intact"
    assert not [p for p in small_disk.iterdir() if p.name.endswith(".tmp")], "no temporary file left"

"""#12.1/#12.2: every command, run with an unwritable output, a missing input, a broken template and a
broken iopdoc.toml, exits 1 (2 for a usage error) with a positioned message and no traceback."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = "sources/linkoping-kvinnojouren-2025.yaml"
POSITIONED = re.compile(r"^(?P<file>[^\s:][^:]*?)(?::(?P<line>\d+)(?::\d+)?)?: error\[IOP\d{3}\]: \S", re.M)


def blocked(project: Path) -> Path:
    """An output path that cannot be written even by root: its parent is a file."""
    (project / "a-file").write_text("not a folder\n")
    return project / "a-file" / "out"


# (command, scenario) → arguments; {blocked} is an unwritable path, {pdf} a built PDF.
CASES = {
    ("build", "unwritable"): ["build", SOURCE, "--out", "{blocked}", "--format", "html"],
    ("check", "unwritable"): ["check", SOURCE, "--project", "{blocked}"],
    ("diff", "unwritable"): ["diff", "sources/linkoping-kvinnojouren-2020.yaml", SOURCE, "--html-dir", "{blocked}"],
    ("fmt", "unwritable"): ["fmt", "{readonly}/sources/linkoping-kvinnojouren-2025.yaml"],
    ("publish", "unwritable"): ["publish", "--out", "{blocked}", "--include-drafts"],
    ("extract", "unwritable"): ["extract", "{pdf}", "-o", "{blocked}/x.yaml"],
    ("new", "unwritable"): ["new", "fresh-2031", "--project", "{readonly}"],
    ("schema", "unwritable"): ["schema", "-o", "{blocked}/schema.json"],
    ("serve", "unwritable"): ["serve", "--port", "{busy}"],  # a port it cannot open: its only output
    ("build", "missing"): ["build", "sources/missing-2025.yaml"],
    ("check", "missing"): ["check", "sources/missing-2025.yaml"],
    ("diff", "missing"): ["diff", "sources/missing-2024.yaml", "sources/missing-2025.yaml"],
    ("fmt", "missing"): ["fmt", "sources/missing-2025.yaml"],
    ("extract", "missing"): ["extract", "missing.pdf"],
    ("new", "missing"): ["new", "fresh-2031", "--from", "missing-2025"],
    ("serve", "missing"): ["serve", "sources/missing-2025.yaml"],
    ("build", "template"): ["build", SOURCE, "--format", "html", "--no-cache"],
    ("publish", "template"): ["publish", "--include-drafts", "--out", "site"],
    ("build", "toml"): ["build", SOURCE, "--format", "html", "--no-cache"],
    ("check", "toml"): ["check", "--no-cache"],
    ("publish", "toml"): ["publish", "--include-drafts"],
    ("new", "toml"): ["new", "fresh-2031", "--from", "linkoping-kvinnojouren-2025"],
    ("diff", "toml"): ["diff", "sources/linkoping-kvinnojouren-2020.yaml", SOURCE],
    ("serve", "toml"): ["serve", "--port", "{free}"],
    ("fmt", "toml"): ["fmt", "--check"],
}
USAGE = {"missing"}  # a missing input is a usage error (2) ...
NOT_USAGE = {("publish", "missing")}  # ... except a project without sources/


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    from tests.conftest import REPO

    out = tmp_path_factory.mktemp("pdf")
    subprocess.run([sys.executable, "-m", "iopdoc", "build", f"{REPO}/{SOURCE}", "--out", str(out), "--format", "pdf",
                    "--no-cache", "--project", str(REPO)], check=True, capture_output=True)
    return out / "linkoping-kvinnojouren-2025.pdf"


@pytest.fixture
def readonly(project, tmp_path):
    """A copy of the project on a read-only file system (refused even to root)."""
    import shutil

    folder = tmp_path / "readonly"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        shutil.copytree(project / "sources", folder / "sources")
        shutil.copytree(project / "templates", folder / "templates")
        (folder / "sources" / "linkoping-kvinnojouren-2025.yaml").write_text("kind:   agreement\n", encoding="utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def break_project(project: Path, scenario: str) -> None:
    if scenario == "template":
        agreement = project / "templates" / "agreement.html.j2"
        lines = agreement.read_text(encoding="utf-8").splitlines(keepends=True)
        lines.insert(2, "{{ doc.title | no_such_filter }} {% if %}\n")
        agreement.write_text("".join(lines), encoding="utf-8")
        index = project / "templates" / "index.html.j2"
        index.write_text(index.read_text(encoding="utf-8") + "{{ entries[0].nothing.deeper }}\n", encoding="utf-8")
    if scenario == "toml":
        (project / "iopdoc.toml").write_bytes(b"[look]\norganisation = \"Link\xf6pings kommun\"\n")


@pytest.mark.parametrize(("command", "scenario"), sorted(CASES), ids=[f"{c}-{s}" for c, s in sorted(CASES)])
def test_every_command_fails_with_a_positioned_message(request, project, pdf, command, scenario):
    import os
    import socket

    break_project(project, scenario)
    folder = request.getfixturevalue("readonly") if "{readonly}" in " ".join(CASES[command, scenario]) else None
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    arguments = [a.format(blocked=blocked(project), pdf=pdf, readonly=folder, busy=busy.getsockname()[1], free=free)
                 for a in CASES[command, scenario]]
    try:
        done = subprocess.run([sys.executable, "-m", "iopdoc", *arguments], cwd=project, capture_output=True,
                              text=True, timeout=300, env={**os.environ, "IOPDOC_LANG": "en"})
    finally:
        busy.close()
    expected = 2 if scenario in USAGE and (command, scenario) not in NOT_USAGE else 1
    if (command, scenario) in {("serve", "unwritable"), ("publish", "unwritable")}:
        expected = 2  # the port, or publish's --out folder, is a usage problem: choose another
    assert done.returncode == expected, done.stderr
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    match = POSITIONED.search(done.stderr)
    assert match, done.stderr
    if scenario == "template":
        assert re.search(r"templates/(agreement|index)\.html\.j2:\d+: error\[IOP051\]: error in the template", done.stderr)
    if scenario == "toml":
        assert "iopdoc.toml:2:" in done.stderr and "error[IOP002]" in done.stderr


def test_serve_shows_a_template_error_on_the_page(project):
    import socket
    import time
    import urllib.request

    break_project(project, "template")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "iopdoc", "serve", "--port", str(port), "--lang", "en"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/doc/linkoping-kvinnojouren-2025", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(process.stderr.read())
        text = page.decode("utf-8")
        assert re.search(r"templates/agreement\.html\.j2:\d+: error\[IOP051\]", text), text[:2000]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_standard_input_that_is_not_utf8_is_positioned(project):
    done = subprocess.run([sys.executable, "-m", "iopdoc", "fmt", "-", "--lang", "en"], cwd=project,
                          input=b"kind: agreement\n\xff\xfe\n", capture_output=True, timeout=60)
    assert done.returncode == 1 and b"Traceback" not in done.stderr, done.stderr
    assert b"<stdin>:2:1: error[IOP002]" in done.stderr, done.stderr


def test_an_unexpected_error_says_please_report_and_shows_details_only_under_debug():
    from iopdoc.cli.boundary import debugging, unexpected

    try:
        {}["missing"]
    except KeyError as exc:
        quiet, none = unexpected(exc, debug=False)
        loud, details = unexpected(exc, debug=True)
    assert none is None and "please report it" in quiet.en and "--debug" in quiet.en
    assert quiet.format("en").startswith("iopdoc: error[IOP099]: internal error in iopdoc (KeyError)")
    assert "Traceback" in details and "KeyError" in details
    assert debugging(["--debug", "build"]) and not debugging(["build"])

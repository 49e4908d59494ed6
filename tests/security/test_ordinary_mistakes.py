"""Ordinary mistakes are findings at their line, never an internal error (issue #23, finding 8).

`period.end: 9999-12-31` (a common way to write "open-ended"), a year far out, a contribution with
neither `amount` nor `parts`, and text holding YAML's own line breaks (`"\\L\\P"`): `check`, `build`
answer with a diagnostic naming file and line, exit 1, no IOP099; `fmt` lays such a source out.
"""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"

MISTAKES = {
    "end-9999-12-31": (("  end: 2028-12-31", "  end: 9999-12-31"), "IOP013"),
    "end-9999": (("  end: 2028-12-31", "  end: 9999"), "IOP013"),
    "start-0001": (("  start: 2026-01-01", "  start: 0001-01-01"), "IOP013"),
    "no-amount-no-parts": (("    kommunen:\n      amount: 500000\n", "    kommunen:\n"), "IOP017"),
    "line-separators-in-a-choice": (("    sector: public", '    sector: "\\L\\P"'), "IOP015"),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
@pytest.mark.parametrize("command", ["check", "build", "fmt"])
def test_an_ordinary_mistake_is_a_finding_at_its_line(cli, tmp_path, mistake, command):
    (old, new), code = MISTAKES[mistake]
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    source = root / "sources" / "minimal-agreement.yaml"
    source.write_text(text.replace(old, new), encoding="utf-8")
    options = ("--format", "html", "--out", "out") if command == "build" else ()
    result = cli(command, "sources/minimal-agreement.yaml", *options, cwd=root)
    assert "IOP099" not in result.err and "Traceback" not in result.err, result.err
    if command == "fmt":  # fmt only lays the source out (check reports the values), escapes kept
        assert result.code == 0, result.err
        assert '"\\L\\P"' in source.read_text(encoding="utf-8") or mistake != "line-separators-in-a-choice"
        return
    assert result.code == 1, result.err
    first = new.split("\n")[0]
    line = next(n for n, written in enumerate(source.read_text(encoding="utf-8").splitlines(), 1) if written == first)
    assert any(f"minimal-agreement.yaml:{line}:" in found and f"[{code}]" in found for found in result.err.splitlines()), \
        (line, result.err)


def test_serve_shows_each_mistake_as_a_finding_on_its_page(tmp_path):
    """`serve` dropped the connection with a traceback on `end: 9999-12-31`: each page shows the finding."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    text = FIXTURE.read_text(encoding="utf-8")
    for mistake, ((old, new), _) in MISTAKES.items():
        (root / "sources" / f"{mistake}.yaml").write_text(
            text.replace(old, new).replace("id: minimal-agreement", f"id: {mistake}"), encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "iopdoc", "serve", "--port", str(port), "--project", str(root)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/__version", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        pages = {mistake: urllib.request.urlopen(f"{base}/doc/{mistake}", timeout=120).read().decode("utf-8")
                 for mistake in MISTAKES}
        index = urllib.request.urlopen(base + "/", timeout=120).read().decode("utf-8")
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert "Traceback" not in err and "IOP099" not in err, err
    assert all(mistake in index for mistake in MISTAKES), index
    for mistake, (_, code) in MISTAKES.items():
        assert code in pages[mistake] and "IOP099" not in pages[mistake], (mistake, pages[mistake][-2000:])

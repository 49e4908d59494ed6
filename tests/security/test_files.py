"""Finding 4: a symlink, a FIFO or a non-source in sources/ is refused, and its contents appear in no output."""
from __future__ import annotations

import json
import os
import subprocess
import sys

SECRET = "DEPLOY_TOKEN=ghp_s3cr3tvalue0123456789"


def test_symlinks_fifos_and_secrets_are_refused_without_showing_them(project, tmp_path):
    secrets = project / "secrets.env"
    secrets.write_text(SECRET + "\n", encoding="utf-8")
    sources = project / "sources"
    (sources / "notes.yaml").symlink_to("../secrets.env")
    (sources / "passwd.yaml").symlink_to("/etc/passwd")
    (sources / "loop.yaml").symlink_to("loop.yaml")
    os.mkfifo(sources / "fifo.yaml")
    (sources / "pasted.yaml").write_text(SECRET + "\nAWS_SECRET=abcdefghijklmnop\n", encoding="utf-8")
    for output in ("text", "json", "sarif"):
        done = subprocess.run([sys.executable, "-m", "iopdoc", "check", "--format", output, "--lang", "en"],
                              cwd=project, capture_output=True, text=True, timeout=120)  # a FIFO must not hang it
        everything = done.stdout + done.stderr
        assert done.returncode == 1 and "Traceback" not in everything
        for leaked in ("s3cr3t", "DEPLOY_TOKEN", "root:", "abcdefghijklmnop"):
            assert leaked not in everything, f"{leaked} shown in {output}"
        if output == "sarif":
            results = json.loads(done.stdout)["runs"][0]["results"]
            refused = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                       for r in results if r["ruleId"] == "IOP005"}
            assert refused == {"sources/notes.yaml", "sources/passwd.yaml", "sources/loop.yaml", "sources/fifo.yaml"}
            assert any(r["ruleId"] == "IOP012" and "not a source" in r["message"]["text"] and
                       r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sources/pasted.yaml"
                       for r in results)


def test_a_source_larger_than_the_limit_is_refused_unread(cli, tmp_path):
    big = tmp_path / "big-2025.yaml"
    big.write_text("kind: agreement\nnote: |\n" + ("  " + "x" * 98 + "\n") * 30_000, encoding="utf-8")
    result = cli("check", big, "--project", tmp_path, "--lang", "en")
    assert result.code == 1 and "error[IOP005]: the file is 2959 KB; a source may be at most 2 MB" in result.err


def test_values_in_messages_are_short_escaped_excerpts(cli, tmp_path):
    source = tmp_path / "long-2025.yaml"
    source.write_text("kind: agreement\nid: long-2025\nstatus: \"" + "\\e[31m" + "v" * 5000 + "\"\n", encoding="utf-8")
    result = cli("check", source, "--project", tmp_path, "--lang", "en")
    assert result.code == 1
    line = next(l for l in result.err.splitlines() if "IOP015" in l)
    assert "\x1b" not in line and "\\x1b" in line and len(line) < 300 and "…" in line

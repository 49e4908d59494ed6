"""A draft's pages say which version they were built from (commit and date), so printed drafts can be told apart."""
from __future__ import annotations

import re
import subprocess

from tests.conftest import pdf_text


def git(repo, *arguments: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
                           *arguments], cwd=repo, capture_output=True, text=True, check=True).stdout


def test_a_draft_shows_its_commit_and_date_and_a_change_since(cli, project):
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "drafts")
    commit = git(project, "rev-parse", "--short=7", "HEAD").strip()
    date = git(project, "show", "-s", "--format=%cs", "HEAD").strip()
    source = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    out = project / "out"
    assert cli("build", source, "--out", out, "--project", project, "--no-cache").code == 0
    html = (out / "linkoping-kvinnojouren-2025.html").read_text(encoding="utf-8")
    assert f'<span class="draft-version">version {commit}, {date}</span>' in html
    pages = pdf_text(out / "linkoping-kvinnojouren-2025.pdf").split("\f")
    assert sum(f"version {commit}, {date}" in page for page in pages) >= len([p for p in pages if p.strip()]) - 1, \
        "every page after the first carries it in its header"

    source.write_text(source.read_text(encoding="utf-8").replace("amount: 1571605", "amount: 1600000"), encoding="utf-8")
    assert cli("build", source, "--out", out, "--project", project, "--format", "html").code == 0
    edited = (out / "linkoping-kvinnojouren-2025.html").read_text(encoding="utf-8")
    assert f"version ändrad efter {commit}, {date}" in edited


def test_outside_git_a_draft_shows_no_version(cli, project):
    source = project / "sources" / "x.yaml"
    assert cli("new", "x", "--project", project).code == 0
    assert cli("build", source, "--out", project / "out", "--project", project, "--format", "html").code == 0
    assert not re.search(r'class="draft-version"', (project / "out" / "x.html").read_text(encoding="utf-8"))

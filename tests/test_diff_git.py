"""`iopdoc diff` with git: `REV:path` sides and `--base REV`, in a temporary repository with real git."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

NBSP = "\u00a0"
AGREEMENT = "sources/linkoping-kvinnojouren-2025.yaml"


def git(repo: Path, *arguments: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *arguments],
                          cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(project) -> Path:
    """The project as a git repository with one commit."""
    if shutil.which("git") is None:
        pytest.fail("git is missing: apt-get install git")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "The agreements as they are")
    return project


def flat(text: str) -> str:
    """The text with line breaks and runs of spaces as one space (the text format wraps lines)."""
    return re.sub(r"[ \n]+", " ", text)


def change(repo: Path, relative: str, old: str, new: str) -> None:
    path = repo / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_one_changed_amount_is_the_only_change_since_head(cli, repo):
    change(repo, AGREEMENT, "amount: 1571605", "amount: 1600000")
    result = cli("diff", "--base", "HEAD", cwd=repo)
    assert result.code == 0, result.err
    assert result.out == (
        f"Ändringar i linkoping-kvinnojouren-2025 (HEAD:{AGREEMENT} → {AGREEMENT})\n"
        "\n"
        "Fakta som ändrats\n"
        f"  Ekonomi – Bidrag per part – Linköpings kommun: 1{NBSP}571{NBSP}605{NBSP}kr per år i 2025 års prisläge"
        f" → 1{NBSP}600{NBSP}000{NBSP}kr per år i 2025 års prisläge\n"
        "\n"
        "Avsnitt\n"
        "  Ändrat bara genom fakta: Ekonomi och finansiering\n"
        "\n"
        "Ändrat bara genom fakta: Ekonomi och finansiering\n"
        f"  Social- och omsorgsnämnden bidrar med ekonomiska medel [-1{NBSP}571{NBSP}605{NBSP}kr-]"
        f" {{+1{NBSP}600{NBSP}000{NBSP}kr+}} (2025-års\n"
        "  prisläge)\n"
        "  …\n")


def test_the_same_change_as_markdown_for_the_pull_request(cli, repo):
    change(repo, AGREEMENT, "amount: 1571605", "amount: 1600000")
    result = cli("diff", "--base", "HEAD", "--format", "markdown", "--html-dir", repo / "build" / "diff", cwd=repo)
    assert result.code == 0, result.err
    assert result.out.startswith("## Ändrade avtal och beslutsunderlag sedan HEAD\n")
    assert result.out.count("### Ändringar i") == 1
    assert f"| Ekonomi – Bidrag per part – Linköpings kommun | 1{NBSP}571{NBSP}605{NBSP}kr" in result.out
    assert sorted(p.name for p in (repo / "build" / "diff").iterdir()) == ["linkoping-kvinnojouren-2025.html"]


def test_rev_path_sides_with_any_revision_git_understands(cli, repo):
    change(repo, AGREEMENT, "meetings_per_year: 2", "meetings_per_year: 4")
    git(repo, "commit", "-q", "-am", "Four meetings a year")
    result = cli("diff", f"HEAD~1:{AGREEMENT}", f"HEAD:{AGREEMENT}", cwd=repo)
    assert result.code == 0, result.err
    assert "  Samverkan och uppföljning – Dialogmöten per år (minst): 2 → 4\n" in result.out
    assert "minst [-två-] {+fyra+} gånger per år" in flat(result.out)
    # The working tree against the commit: no change since.
    assert "Inga ändringar" in cli("diff", f"HEAD:{AGREEMENT}", AGREEMENT, cwd=repo).out
    # A revision's linked documents are read from that revision: main~0 is HEAD.
    assert "Inga ändringar" in cli("diff", f"main:{AGREEMENT}", f"HEAD:{AGREEMENT}", cwd=repo).out


def test_linked_documents_are_read_from_the_same_revision(cli, repo):
    """The 2025 agreement's prose names the 2020 one's end: HEAD's side reads HEAD's 2020."""
    change(repo, "sources/linkoping-kvinnojouren-2020.yaml", "end: 2024-12-31", "end: 2024-06-30")
    result = cli("diff", f"HEAD:{AGREEMENT}", AGREEMENT, cwd=repo)
    assert result.code == 0, result.err
    assert "Ändrat bara genom fakta: Bakgrund" in result.out
    assert "avslutas [-31 december-] {+30 juni+} 2024." in flat(result.out)


def test_new_and_deleted_sources_since_a_revision(cli, repo):
    assert cli("new", "exempelby-jouren-2027", "--project", repo).code == 0  # supersedes nothing: a new source
    (repo / "sources" / "osteraker-kvinnojouren-2023-memo.yaml").unlink()
    result = cli("diff", "--base", "HEAD", cwd=repo)
    assert result.code == 0, result.err
    assert "Ändringar i exempelby-jouren-2027 (ny källa: sources/exempelby-jouren-2027.yaml)" in result.out
    assert ("Ändringar i osteraker-kvinnojouren-2023-memo (borttagen källa: "
            "HEAD:sources/osteraker-kvinnojouren-2023-memo.yaml)") in result.out
    assert "linkoping-kvinnojouren-2025 (" not in result.out


def test_nothing_changed(cli, repo):
    result = cli("diff", "--base", "HEAD", "--format", "markdown", cwd=repo)
    assert (result.code, result.out) == (0, "## Ändrade avtal och beslutsunderlag sedan HEAD\n\nInga källor har ändrats.\n")


def test_bad_revisions_and_files_are_diagnostics_with_exit_1(cli, repo):
    result = cli("diff", f"nonexistent:{AGREEMENT}", AGREEMENT, cwd=repo)
    assert result.code == 1
    assert result.err == (f"nonexistent:{AGREEMENT}: error[IOP041]: kan inte läsas ur git: "
                          "invalid object name 'nonexistent'.\n")
    new = repo / "sources" / "untracked.yaml"
    shutil.copy(repo / AGREEMENT, new)
    result = cli("diff", "HEAD:sources/untracked.yaml", new, cwd=repo, )
    assert result.code == 1 and "HEAD:sources/untracked.yaml: error[IOP041]" in result.err
    assert "exists on disk, but not in 'HEAD'" in result.err
    result = cli("diff", "--base", "no-such-branch", "--lang", "en", cwd=repo)
    assert (result.code, result.err) == (1, "--base no-such-branch: error[IOP041]: git knows no revision `no-such-branch`.\n")


def test_broken_yaml_on_one_side_is_reported_at_its_line(cli, repo):
    change(repo, AGREEMENT, "  notice: sex månader\n", "  notice: [sex månader\n")
    for arguments in ((f"HEAD:{AGREEMENT}", AGREEMENT), ("--base", "HEAD")):
        result = cli("diff", *arguments, cwd=repo)
        assert result.code == 1, result.out
        assert result.err.startswith(f"{AGREEMENT}:57:10: error[IOP003]: YAML-syntaxfel"), result.err
        assert "Traceback" not in result.err


def test_a_side_that_does_not_load_is_reported_at_its_line_as_git_names_it(cli, repo):
    change(repo, AGREEMENT, "meetings_per_year: 2", "meetings_per_yeer: 2")
    git(repo, "commit", "-q", "-am", "A typo")
    result = cli("diff", f"HEAD:{AGREEMENT}", AGREEMENT, cwd=repo)
    assert result.code == 1
    assert f"HEAD:{AGREEMENT}:58:3: error[IOP010]: okänd nyckel `meetings_per_yeer`" in result.err


def test_outside_a_repository(cli, tmp_path):
    shutil.copytree(Path(__file__).resolve().parent.parent / "sources", tmp_path / "sources")
    result = cli("diff", f"HEAD:{AGREEMENT}", AGREEMENT, cwd=tmp_path)
    assert result.code == 1 and "error[IOP042]" in result.err and "git-förråd" in result.err


def test_usage_errors_exit_with_2(cli, repo):
    assert cli("diff", cwd=repo).code == 2
    assert cli("diff", AGREEMENT, cwd=repo).code == 2
    both = cli("diff", AGREEMENT, AGREEMENT, "--base", "HEAD", cwd=repo)
    assert (both.code, both.err) == (2, "--base: error[IOP043]: ange antingen --base REV eller OLD NEW, inte båda.\n")
    assert cli("diff", "sources/missing.yaml", AGREEMENT, cwd=repo).code == 2
    assert cli("diff", "--base", "HEAD", "--format", "pdf", cwd=repo).code == 2


def test_a_new_renewal_is_compared_with_the_agreement_it_supersedes(cli, repo):
    assert cli("new", "linkoping-kvinnojouren-2031", "--from", "linkoping-kvinnojouren-2025", "--project", repo).code == 0
    result = cli("diff", "--base", "HEAD", "--format", "markdown", cwd=repo)
    assert result.code == 0, result.err
    assert f"HEAD:{AGREEMENT}" in result.out, "the predecessor, as it was in the base, is the old side"
    assert "2031" in result.out and "2036" in result.out
    assert result.out.count("– →") == 0 and result.out.count("| – |") < 3, "not a new source with every fact added"
    assert "Avtalsperiod" in result.out or "Period" in result.out

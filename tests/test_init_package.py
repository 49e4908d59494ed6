"""`iopdoc init --package`: a version, an address or a wheel copied into wheels/, never a path that
only this machine has; the README names where iopdoc comes from; the docs, branch main and a first
commit (or a clear word when git does not know who the user is)."""
from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from iopdoc.assets import DOCS_DIR

IDENTITY = {"GIT_AUTHOR_NAME": "Handläggare Test", "GIT_AUTHOR_EMAIL": "handlaggare@example.org",
            "GIT_COMMITTER_NAME": "Handläggare Test", "GIT_COMMITTER_EMAIL": "handlaggare@example.org"}


@pytest.fixture
def git_user(monkeypatch, tmp_path):
    """git with only the identity these tests give (no user's or machine's settings)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    for name in IDENTITY:
        monkeypatch.delenv(name, raising=False)

    def identify():
        for name, value in IDENTITY.items():
            monkeypatch.setenv(name, value)
    return identify


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)


def requirement(root: Path) -> str:
    return (root / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]


def a_wheel(path: Path) -> Path:
    """A zip file shaped like iopdoc's wheel (init copies it; installing it is the walk's test in test_init.py)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr("iopdoc/__init__.py", '__version__ = "9.9.0"\n')
    return path


@pytest.mark.parametrize("given, line, readme", [
    ("1.4.0", "iopdoc==1.4.0", "det paketindex pip är inställt på (`iopdoc==1.4.0`)"),
    ("==1.4.0", "iopdoc==1.4.0", "(`iopdoc==1.4.0`)"),
    ("iopdoc>=1.4,<2", "iopdoc>=1.4,<2", "(`iopdoc>=1.4,<2`)"),
    ("https://files.example.org/iopdoc-1.4.0-py3-none-any.whl",
     "iopdoc @ https://files.example.org/iopdoc-1.4.0-py3-none-any.whl", "<https://files.example.org/iopdoc-1.4.0-py3"),
    ("git+https://git.example.org/iopdoc.git@v1.4.0", "iopdoc @ git+https://git.example.org/iopdoc.git@v1.4.0",
     "<git+https://git.example.org/iopdoc.git@v1.4.0>"),
    ("iopdoc @ git+https://git.example.org/iopdoc.git@v1.4.0", "iopdoc @ git+https://git.example.org/iopdoc.git@v1.4.0",
     "<git+https://git.example.org/iopdoc.git@v1.4.0>"),
])
def test_a_version_or_an_address_becomes_the_requirement_and_the_readme_says_it(cli, tmp_path, git_user, given, line,
                                                                               readme):
    git_user()
    assert cli("init", tmp_path / "repo", "--package", given).code == 0
    assert requirement(tmp_path / "repo") == line
    text = (tmp_path / "repo" / "README.md").read_text(encoding="utf-8")
    assert readme in text and "pypi.org" not in text and "@IOPDOC_SOURCE@" not in text


def test_a_relative_wheel_is_copied_into_wheels_and_referred_to_relatively(cli, tmp_path, git_user, monkeypatch):
    git_user()
    wheel = a_wheel(tmp_path / "hämtat" / "iopdoc-9.9.0-py3-none-any.whl")
    monkeypatch.chdir(tmp_path)
    result = cli("init", "kommunens-avtal", "--package", "hämtat/iopdoc-9.9.0-py3-none-any.whl")
    assert result.code == 0, result.err
    root = tmp_path / "kommunens-avtal"
    assert requirement(root) == "./wheels/iopdoc-9.9.0-py3-none-any.whl"
    assert (root / "wheels" / wheel.name).read_bytes() == wheel.read_bytes()
    assert "wheels/iopdoc-9.9.0-py3-none-any.whl" in git(root, "ls-files").stdout.split(), "committed with the rest"
    assert str(tmp_path) not in "".join(p.read_text(encoding="utf-8", errors="replace") for p in root.rglob("*")
                                        if p.is_file() and ".git" not in p.parts)


@pytest.mark.parametrize("given, says", [
    ("{wheel}", "en absolut sökväg fungerar bara på den här datorn"),
    ("file://{wheel}", "en file:-adress pekar på en fil på den här datorn"),
    ("~/iopdoc-9.9.0-py3-none-any.whl", "en absolut sökväg fungerar bara på den här datorn"),
    ("saknas/iopdoc-9.9.0-py3-none-any.whl", "hjulet finns inte"),
    ("notes.txt", "säger inte varifrån iopdoc ska installeras"),
    ("other-1.0-py3-none-any.whl", "är inget hjul för iopdoc"),
    ("fake/iopdoc-9.9.0-py3-none-any.whl", "filen är ingen zip-fil med paketet iopdoc"),
    ("senaste versionen", "säger inte varifrån iopdoc ska installeras"),
])
def test_a_source_nobody_else_can_install_from_is_refused_naming_the_forms_that_work(cli, tmp_path, monkeypatch,
                                                                                    given, says):
    wheel = a_wheel(tmp_path / "iopdoc-9.9.0-py3-none-any.whl")
    (tmp_path / "fake").mkdir()
    (tmp_path / "fake" / "iopdoc-9.9.0-py3-none-any.whl").write_text("not a zip", encoding="utf-8")
    (tmp_path / "other-1.0-py3-none-any.whl").write_bytes(wheel.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = cli("init", "repo", "--package", given.format(wheel=wheel))
    assert result.code == 2 and "error[IOP075]" in result.err and says in result.err, result.err
    for form in ("--package 1.2.0", "git+https://", "wheels/", "--package dist/iopdoc-1.2.0-py3-none-any.whl"):
        assert form in result.err
    assert not (tmp_path / "repo").exists(), "nothing is written"
    english = cli("init", "repo", "--package", given.format(wheel=wheel), "--lang", "en")
    assert "Give a version (`--package 1.2.0`)" in english.err


def test_init_writes_the_docs_of_the_package_and_commits_on_main(cli, tmp_path, git_user):
    git_user()
    result = cli("init", tmp_path / "repo", "--package", "1.4.0")
    assert result.code == 0, result.err
    root = tmp_path / "repo"
    for name in ("format.md", "guide.md", "rules.md"):
        assert (root / "docs" / name).read_bytes() == (DOCS_DIR / name).read_bytes()
    assert "IOP101" in (root / "docs" / "rules.md").read_text(encoding="utf-8")
    assert git(root, "symbolic-ref", "--short", "HEAD").stdout.strip() == "main"
    log = git(root, "log", "--format=%s|%an|%ae").stdout.strip()
    assert log == "Ny IOP-samling|Handläggare Test|handlaggare@example.org"
    assert git(root, "status", "--porcelain").stdout == ""
    assert 'med incheckningen "Ny IOP-samling"' in result.out


def test_without_a_git_identity_the_repository_is_on_main_and_the_message_says_how_to_commit(cli, tmp_path, git_user):
    result = cli("init", tmp_path / "repo", "--package", "1.4.0")
    assert result.code == 0, "the repository is written; only the commit is left to the user"
    root = tmp_path / "repo"
    assert git(root, "rev-parse", "--verify", "HEAD").returncode != 0, "no commit under a made-up identity"
    assert git(root, "symbolic-ref", "--short", "HEAD").stdout.strip() == "main"
    assert "warning[IOP076]: git vet inte vem du är" in result.err
    assert "git config --global user.email" in result.err and 'commit -m "Ny IOP-samling"' in result.err
    english = cli("init", tmp_path / "other", "--package", "1.4.0", "--lang", "en")
    assert "warning[IOP076]: git does not know who you are" in english.err


def test_a_folder_inside_a_repository_gets_no_repository_of_its_own(cli, tmp_path, git_user):
    git_user()
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    result = cli("init", tmp_path / "avtal", "--package", "1.4.0")
    assert result.code == 0 and "git-arkiv" not in result.out
    assert not (tmp_path / "avtal" / ".git").exists()
    assert git(tmp_path, "rev-parse", "--verify", "HEAD").returncode != 0, "the outer repository is not committed to"

"""A new repository of agreements for a municipality (`iopdoc init`): folders, settings, Makefile, CI.

The files come from `init/` among the templates (assets.py), so a project that keeps its own
`templates/init/` can hand its variant to the next municipality; the documentation (format, guide,
rules) is copied from the package. Nothing is overwritten: when any file to be written exists
already, nothing is written at all. The new repository gets git's branch `main` and a first commit
"Ny IOP-samling" with the files written, so that `make diff BASE=main` works from the first change.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from iopdoc import __version__
from iopdoc.assets import DEFAULTS_DIR, DOCS_DIR, find_asset
from iopdoc.errors import Diagnostic, Location, UsageError, error, warning
from iopdoc.pipeline.requirement import WHEELS, PackageSource, package_source

# What `iopdoc init` writes, and from which file of templates/init/ (None: written below).
LAYOUT = {
    "README.md": "init/README.md",
    "Makefile": "init/Makefile",
    "iopdoc.toml": "init/iopdoc.toml",
    ".gitignore": "init/gitignore",
    ".github/workflows/agreements.yml": "init/agreements.yml",
    "templates/README.md": "init/templates-README.md",
    "requirements.txt": None,
    "sources/.gitkeep": None,
    "docs/iopdoc.schema.json": None,
    "docs/format.md": None,
    "docs/guide.md": None,
    "docs/rules.md": None,
}
FIRST_COMMIT = "Ny IOP-samling"
BRANCH = "main"
# Where the new README says iopdoc comes from (a project's own init/README.md may leave it out).
SOURCE_MARK = "@IOPDOC_SOURCE@"


@dataclass(frozen=True)
class StartedRepository:
    root: Path
    written: tuple[str, ...]
    git_initialised: bool
    committed: bool = False
    git_problem: Diagnostic | None = None  # why there is no first commit


def requirements_text(package: str) -> str:
    return ("# The iopdoc this repository is built with (pip's requirement format): a version, a wheel\n"
            "# in wheels/ (./wheels/iopdoc-….whl) or an address, e.g. iopdoc @ git+https://example.org/iopdoc.git@v1.0.0\n"
            f"{package}\n")


def file_text(name: str, package: PackageSource) -> bytes:
    from iopdoc.source.json_schema import schema_text

    template = LAYOUT[name]
    if template is not None:
        data = find_asset(DEFAULTS_DIR, template).read_bytes()
        if name == "README.md":
            data = data.replace(SOURCE_MARK.encode(), package.described_sv.encode("utf-8"))
        return data
    if name == "requirements.txt":
        return requirements_text(package.requirement).encode("utf-8")
    if name == "docs/iopdoc.schema.json":
        return schema_text().encode("utf-8")
    if name.startswith("docs/") and name.endswith(".md"):
        return (DOCS_DIR / name.removeprefix("docs/")).read_bytes()
    return b""


def start_repository(root: Path, package: str | None = None) -> StartedRepository:
    """Write a new agreements repository into `root` (created if missing, else it must not hold
    any of the files written); `package` says how it installs iopdoc (requirement.py; default: this
    version from the package index)."""
    source = package_source(package, __version__)
    wheel_name = f"{WHEELS}/{source.wheel.name}" if source.wheel is not None else None
    if root.exists() and not root.is_dir():
        raise UsageError([error("IOP074", Location(str(root)), "finns redan och är ingen mapp; välj en annan plats.",
                                "exists and is not a folder; choose another place.")])
    names = [*LAYOUT, *([wheel_name] if wheel_name else [])]
    clashes = [name for name in names if (root / name).exists() or (root / name).is_symlink()]
    if clashes or (root / "sources").is_dir() and any((root / "sources").glob("*.yaml")):
        clashes = clashes or ["sources/*.yaml"]
        raise UsageError([error("IOP074", Location(str(root / name)),
                                "finns redan; iopdoc init skriver aldrig över något. Välj en tom mapp.",
                                "exists already; iopdoc init never overwrites anything. Choose an empty folder.")
                          for name in clashes])
    contents = {name: file_text(name, source) for name in LAYOUT}  # all read before anything is written
    if wheel_name:
        contents[wheel_name] = source.wheel.read_bytes()
    for name, data in contents.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        temporary.replace(target)
    if not initialise_git(root):
        return StartedRepository(root, tuple(contents), False)
    problem = first_commit(root, tuple(contents))
    return StartedRepository(root, tuple(contents), True, problem is None, problem)


def initialise_git(root: Path) -> bool:
    """`git init` on branch `main` when git is installed and `root` is not inside a repository already."""
    git = shutil.which("git")
    if git is None:
        return False
    inside = subprocess.run([git, "-C", str(root), "rev-parse", "--is-inside-work-tree"],
                            capture_output=True, text=True)
    if inside.returncode == 0:
        return False
    if subprocess.run([git, "init", "--quiet", str(root)], capture_output=True).returncode != 0:
        return False
    # `git init -b` needs git 2.28; pointing HEAD at the unborn branch works with every git.
    return subprocess.run([git, "-C", str(root), "symbolic-ref", "HEAD", f"refs/heads/{BRANCH}"],
                          capture_output=True).returncode == 0


def git_identity(root: Path) -> bool:
    """Whether git knows who the user is (user.name and user.email, or git's environment variables):
    without them git either refuses to commit or makes up an identity from the machine's name."""
    def known(key: str, variable: str) -> bool:
        if os.environ.get(variable, "").strip():
            return True
        done = subprocess.run(["git", "-C", str(root), "config", "--get", key], capture_output=True, text=True)
        return done.returncode == 0 and bool(done.stdout.strip())
    return known("user.name", "GIT_AUTHOR_NAME") and known("user.email", "GIT_AUTHOR_EMAIL")


def first_commit(root: Path, names: tuple[str, ...]) -> Diagnostic | None:
    """Commit the files written as "Ny IOP-samling" on `main`; the reason when it cannot."""
    where = Location(str(root))
    command = f'git -C {root} add -A && git -C {root} commit -m "{FIRST_COMMIT}"'
    if not git_identity(root):
        return warning("IOP076", where,
                       "git vet inte vem du är, så ingen första incheckning gjordes. Ange namn och e-post "
                       "(`git config --global user.name \"Förnamn Efternamn\"` och `git config --global user.email "
                       f"namn@kommun.se`) och checka sedan in: `{command}`.",
                       "git does not know who you are, so no first commit was made. Set your name and e-mail "
                       "(`git config --global user.name \"First Last\"` and `git config --global user.email "
                       f"name@example.org`), then commit: `{command}`.")
    added = subprocess.run(["git", "-C", str(root), "add", "--", *names], capture_output=True, text=True)
    done = added if added.returncode else subprocess.run(
        ["git", "-C", str(root), "commit", "--quiet", "-m", FIRST_COMMIT], capture_output=True, text=True)
    if done.returncode == 0:
        return None
    said = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
    return warning("IOP076", where, f"ingen första incheckning gjordes (git: {said}). Checka in själv: `{command}`.",
                   f"no first commit was made (git: {said}). Commit yourself: `{command}`.")

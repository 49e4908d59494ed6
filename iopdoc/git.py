"""git, run as a subprocess with a list of arguments (never a shell): what the project's history says.

Reading a source at a revision (a diff's side, a linked source), the commit that last changed a
file (a draft's version, the manifest), the commit a site is published from.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from iopdoc.errors import Location, SourceError, error


def git(arguments: list[str], cwd: Path, name: str) -> bytes:
    """Run git; a failure is a diagnostic about `name`, with git's own words."""
    try:
        done = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise SourceError([error("IOP042", Location(name), "git finns inte på den här datorn; installera git.",
                                 "git is not installed on this computer; install git.")]) from None
    if done.returncode == 0:
        return done.stdout
    said = done.stderr.decode("utf-8", "replace").strip().splitlines()
    said = said[-1].removeprefix("fatal: ").strip().rstrip(".") if said else f"exit status {done.returncode}"
    if "not a git repository" in said:
        raise SourceError([error("IOP042", Location(name), f"{cwd} är inte i ett git-förråd (git: {said}).",
                                 f"{cwd} is not in a git repository (git: {said}).")])
    raise SourceError([error("IOP041", Location(name), f"kan inte läsas ur git: {said}.",
                             f"cannot be read from git: {said}.")])


def decoded(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError([error("IOP002", Location(name, line, 1), "filen är inte UTF-8.", "the file is not UTF-8.")]) from None


def git_text(arguments: list[str], cwd: Path, name: str) -> str:
    return decoded(git(arguments, cwd, name), name)


def folder_history(folder: Path) -> tuple[dict[str, str], frozenset[str]]:
    """For every file in `folder`, the last commit that changed it, and which files differ from it.

    Two git commands per folder, however many documents are built: Project.commit_of keeps the
    answer until the project is invalidated.
    """
    try:
        log = subprocess.run(["git", "log", "--format=%x00%H", "--name-only", "--relative", "--", "."], cwd=folder,
                             capture_output=True, text=True, timeout=30)
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "."], cwd=folder,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return {}, frozenset()
    if log.returncode != 0:
        return {}, frozenset()
    commits: dict[str, str] = {}
    for block in log.stdout.split("\0")[1:]:
        commit, *names = block.strip().splitlines()
        for name in names:
            commits.setdefault(Path(name).name if "/" not in name else name, commit)
    dirty = frozenset(Path(line[3:].strip().strip('"')).name for line in status.stdout.splitlines() if len(line) > 3)
    return commits, dirty


def git_output(root: Path, *args: str) -> str | None:
    """What git prints in `root`, or None when it fails (no git, not a repository, no commit)."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def repository_state(folder: Path) -> tuple[Path, str] | None:
    """The repository's top folder and its commit (HEAD) as a build sees it: `<sha>+dirty` when a
    file a build reads (in the project's `sources/`, `templates/`, `iopdoc.toml`) differs from it or
    is not in it yet: a build from such a tree cannot be redone from the commit. None outside git or
    before the first commit."""
    top = git_output(folder, "rev-parse", "--show-toplevel")
    head = git_output(folder, "rev-parse", "--verify", "-q", "HEAD")
    status = git_output(folder, "status", "--porcelain", "--untracked-files=normal", "--",
                        "sources", "templates", "iopdoc.toml")
    if not top or not head or status is None:
        return None
    return Path(top.strip()), head.strip() + ("+dirty" if status.strip() else "")

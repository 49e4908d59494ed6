"""The two sides of a diff: a source file, or `REV:path` read from git, and what changed since a revision.

git runs as a subprocess with a list of arguments (never a shell), in the working directory, so
a revision is anything git understands (`main`, `HEAD~2`, a tag, a commit) and `REV:path` means
what it means to git (a path from the repository's top, or `REV:./path` from here). Whatever
goes wrong (no git, not a repository, no such revision, a file the revision does not have)
becomes a diagnostic naming the side as the user wrote it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from iopdoc.errors import Location, SourceError, UsageError, error, missing_file, relative_name  # noqa: F401
from iopdoc.git import decoded, git, git_text  # noqa: F401  (the sides read through them)


@dataclass(frozen=True)
class Side:
    """One version of a source: its text, and where it came from."""

    name: str  # as the user wrote it, and as diagnostics name it
    path: Path  # the file's path (in the working tree, or inside the revision)
    text: str
    revision: str | None = None  # None: the working tree
    cwd: Path = Path(".")

    def sibling(self, file_name: str) -> str | None:
        """The text of another source beside this one, in the same version (None if it has none)."""
        if self.revision is None:
            candidate = self.path.parent / file_name
            return candidate.read_text(encoding="utf-8") if candidate.is_file() else None
        inner = PurePosixPath(self.path.as_posix()).parent / file_name
        try:
            return git_text(["show", f"{self.revision}:{inner}"], self.cwd, self.name)
        except SourceError:
            return None


def read_side(spec: str, cwd: Path) -> Side:
    """A side as written on the command line: a file, else `REV:path`."""
    as_file = Path(spec)
    if as_file.is_file():
        name = relative_name(as_file)
        return Side(name, as_file, decoded(as_file.read_bytes(), name))
    revision, colon, inner = spec.partition(":")
    if not colon or not revision or not inner or revision.startswith("-"):
        raise UsageError([missing_file(spec)])
    text = git_text(["show", f"{revision}:{inner}"], cwd, spec)
    return Side(spec, Path(inner), text, revision=revision, cwd=cwd)


def predecessor_side(new: Side, identifier: str, base: str) -> Side | None:
    """The source `identifier` beside `new` as it was in `base`, else as it is now, else None: what
    a new source that `supersedes` it is compared with, so a renewal shows what it changes."""
    name = f"--base {base}"
    folder = new.path.resolve().parent
    top = Path(git_text(["rev-parse", "--show-toplevel"], folder, name).strip()).resolve()
    inner = (folder / f"{identifier}.yaml").relative_to(top).as_posix()
    try:
        return Side(f"{base}:{inner}", Path(inner), git_text(["show", f"{base}:{inner}"], top, name), revision=base, cwd=top)
    except SourceError:
        current = folder / f"{identifier}.yaml"
        return read_side(str(current), top) if current.is_file() else None


@dataclass(frozen=True)
class ChangedSource:
    """A source that differs between a revision and the working tree; a side is None when the
    source is new (not in the revision) or was deleted (not in the working tree)."""

    old: Side | None
    new: Side | None


def changed_sources(base: str, sources_dir: Path) -> list[ChangedSource]:
    """Every `*.yaml` in `sources_dir` that differs between `base` and the working tree,
    untracked new files included; renames are followed."""
    name = f"--base {base}"
    if base.startswith("-"):
        raise UsageError([error("IOP041", Location(name), "en revision börjar inte med `-`.", "a revision does not start with `-`.")])
    top = Path(git_text(["rev-parse", "--show-toplevel"], sources_dir, name).strip())
    try:
        git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], top, name)
    except SourceError:
        raise SourceError([error("IOP041", Location(name), f"git känner inte till revisionen `{base}`.",
                                 f"git knows no revision `{base}`.")]) from None
    folder = sources_dir.resolve().relative_to(top.resolve()).as_posix()
    listing = git_text(["diff", "--name-status", "-z", "-M", base, "--", folder], top, name).split("\0")
    untracked = git_text(["ls-files", "--others", "--exclude-standard", "-z", "--", folder], top, name).split("\0")
    found: list[ChangedSource] = []
    fields = iter(part for part in listing if part)
    for status in fields:
        paths = [next(fields)] + ([next(fields)] if status[0] in "RC" else [])
        before, after = paths[0], paths[-1]
        if not after.endswith(".yaml"):
            continue
        old = None if status[0] == "A" else Side(f"{base}:{before}", Path(before),
                                                    git_text(["show", f"{base}:{before}"], top, f"{base}:{before}"),
                                                    revision=base, cwd=top)
        new = None if status[0] == "D" else read_side(str(top / after), top)
        found.append(ChangedSource(old, new))
    for path in (p for p in untracked if p.endswith(".yaml")):
        found.append(ChangedSource(None, read_side(str(top / path), top)))
    return sorted(found, key=lambda change: (change.new or change.old).name)

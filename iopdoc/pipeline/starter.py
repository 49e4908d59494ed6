"""A new repository of agreements for a municipality (`iopdoc init`): folders, settings, Makefile, CI.

The files come from `init/` among the templates (assets.py), so a project that keeps its own
`templates/init/` can hand its variant to the next municipality. Nothing is overwritten: when any
file to be written exists already, or a folder it goes into is a symbolic link, nothing is written
at all; each file is written through fileio, which refuses a link at the file, its temporary name
or any folder inside the new repository.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from iopdoc import __version__
from iopdoc.assets import DEFAULTS_DIR, find_asset
from iopdoc.errors import Location, UsageError, error
from iopdoc.fileio import write_atomic

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
}


@dataclass(frozen=True)
class StartedRepository:
    root: Path
    written: tuple[str, ...]
    git_initialised: bool


def requirements_text(package: str) -> str:
    return ("# The iopdoc this repository is built with (pip's requirement format): a version, a wheel\n"
            "# file or a git address, e.g. iopdoc @ git+https://example.org/iopdoc.git@v1.0.0\n"
            f"{package}\n")


def file_text(name: str, package: str) -> bytes:
    from iopdoc.source.json_schema import schema_text

    template = LAYOUT[name]
    if template is not None:
        return find_asset(DEFAULTS_DIR, template).read_bytes()
    if name == "requirements.txt":
        return requirements_text(package).encode("utf-8")
    if name == "docs/iopdoc.schema.json":
        return schema_text().encode("utf-8")
    return b""


def start_repository(root: Path, package: str | None = None) -> StartedRepository:
    """Write a new agreements repository into `root` (created if missing, else it must not hold
    any of the files written); `package` is the requirement that installs iopdoc (default: this version)."""
    package = package or f"iopdoc=={__version__}"
    if root.exists() and not root.is_dir():
        raise UsageError([error("IOP074", Location(str(root)), "finns redan och är ingen mapp; välj en annan plats.",
                                "exists and is not a folder; choose another place.")])
    links = linked_folders(root)
    if links:
        raise UsageError([error("IOP074", Location(str(root / name)),
                                "är en symbolisk länk; iopdoc init skriver aldrig genom en länk (den kan peka ut ur "
                                "mappen). Ta bort länken, eller välj en tom mapp.",
                                "is a symbolic link; iopdoc init never writes through a link (it may point out of the "
                                "folder). Remove the link, or choose an empty folder.") for name in links])
    clashes = [name for name in LAYOUT if (root / name).exists() or (root / name).is_symlink()]
    if clashes or (root / "sources").is_dir() and any((root / "sources").glob("*.yaml")):
        clashes = clashes or ["sources/*.yaml"]
        raise UsageError([error("IOP074", Location(str(root / name)),
                                "finns redan; iopdoc init skriver aldrig över något. Välj en tom mapp.",
                                "exists already; iopdoc init never overwrites anything. Choose an empty folder.")
                          for name in clashes])
    contents = {name: file_text(name, package) for name in LAYOUT}  # all read before anything is written
    for name, data in contents.items():
        write_atomic(root / name, data, root=root)  # never through a link, at the file or a folder (fileio)
    return StartedRepository(root, tuple(contents), initialise_git(root))


def linked_folders(root: Path) -> list[str]:
    """The folders `init` writes into (`.github`, `docs`, …) that exist as symbolic links: a write
    there would land outside `root`."""
    folders = sorted({parent.as_posix() for name in LAYOUT for parent in Path(name).parents if parent != Path(".")})
    return [folder for folder in folders if (root / folder).is_symlink()]


def initialise_git(root: Path) -> bool:
    """`git init` when git is installed and `root` is not inside a repository already."""
    git = shutil.which("git")
    if git is None:
        return False
    inside = subprocess.run([git, "-C", str(root), "rev-parse", "--is-inside-work-tree"],
                            capture_output=True, text=True)
    if inside.returncode == 0:
        return False
    return subprocess.run([git, "init", "--quiet", str(root)], capture_output=True).returncode == 0

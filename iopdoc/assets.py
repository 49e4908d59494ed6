"""Where a template or asset is found: the project's own `templates/` first, then the defaults in the package.

The defaults are the files of this repository's top-level `templates/` (one copy, edited there);
the package reaches them as `iopdoc/templates`, a symbolic link in a checkout and real files in a
built wheel (package data). A municipality's repository made by `iopdoc init` has a `templates/`
of its own that holds only what it overrides (a logo, its own `style.css`), file by file.
"""
from __future__ import annotations

import shutil
from pathlib import Path

DEFAULTS_DIR = Path(__file__).parent / "templates"
# The documentation a repository made by `iopdoc init` gets a copy of: this repository's docs/,
# reached the same way (the link `iopdoc/docs`, real files in a wheel).
DOCS_DIR = Path(__file__).parent / "docs"


def search_path(templates_dir: Path) -> tuple[Path, ...]:
    """The folders a template or asset is looked up in, in order: the project's, then the package's."""
    folders = [templates_dir] if templates_dir.is_dir() else []
    if not folders or folders[0].resolve() != DEFAULTS_DIR.resolve():
        folders.append(DEFAULTS_DIR)
    return tuple(folders)


def find_asset(templates_dir: Path, name: str) -> Path | None:
    """`name` (a relative path such as `style.css` or `new/agreement.yaml`) in the project's
    templates, else in the package's defaults; None when neither has it."""
    for folder in search_path(templates_dir):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def asset_files(templates_dir: Path) -> dict[str, Path]:
    """Every template and asset by its relative name, a project's file hiding the default of that name."""
    found: dict[str, Path] = {}
    for folder in reversed(search_path(templates_dir)):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[path.relative_to(folder).as_posix()] = path
    return dict(sorted(found.items()))


def copy_assets(templates_dir: Path, subfolder: str, target: Path) -> None:
    """Copy `subfolder` (such as `fonts`) of the defaults, then the project's own files over them."""
    prefix = subfolder.rstrip("/") + "/"
    for name, path in asset_files(templates_dir).items():
        if name.startswith(prefix):
            destination = target / name[len(prefix):]
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)

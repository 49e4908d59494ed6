"""A published site is built in a temporary folder beside its target and swapped in whole.

So what is no longer published (a draft left out, a document removed) disappears from the site,
and a publish that fails leaves the previous site exactly as it was. A folder is only ever
replaced when it is empty or is a site iopdoc published (it has iopdoc's catalog.json): a
mistyped `--out .` must not delete a project.
"""
from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
from pathlib import Path

from iopdoc.errors import Location, UsageError, WriteError, error, relative_name
from iopdoc.fileio import make_temporary_folder

CATALOG_NAME = "catalog.json"


def is_replaceable(folder: Path) -> bool:
    """True when `folder` does not exist, is empty, or holds a site iopdoc published."""
    if not folder.exists():
        return True
    if not folder.is_dir() or folder.is_symlink():
        return False
    if not any(folder.iterdir()):
        return True
    try:
        catalog = json.loads((folder / CATALOG_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(catalog, dict) and str(catalog.get("generator", "")).startswith("iopdoc")


def refuse_to_replace(folder: Path) -> UsageError:
    name = relative_name(folder)
    return UsageError([error(
        "IOP090", Location(name),
        f"{name} finns och är ingen webbplats som iopdoc har publicerat (ingen {CATALOG_NAME} från iopdoc), så den "
        "ersätts inte. Välj en tom eller ny mapp med --out.",
        f"{name} exists and is not a site iopdoc published (no {CATALOG_NAME} from iopdoc), so it is not replaced. "
        "Choose an empty or new folder with --out.")])


def cannot_write(folder: Path, exc: OSError) -> UsageError:
    """IOP090 naming the folder the user chose (`--out`), never a staging folder beside it."""
    name = relative_name(folder)
    return UsageError([error("IOP090", Location(name), f"kan inte skriva: {exc.strerror}. Välj en annan mapp med --out.",
                             f"cannot write: {exc.strerror}. Choose another folder with --out.")])


def staging_prefix(target: Path, what: str) -> str:
    """`.site.new-<pid>-`: the process that made a staging folder is in its name, so a folder left by
    a publish that was killed is recognised (its process is gone) and removed by the next one."""
    return f".{target.name}.{what}-{os.getpid()}-"


def remove_abandoned(target: Path) -> None:
    """Staging folders beside `target` whose publish was killed (its process no longer runs)."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(?:new|old)-(\d+)-[0-9a-f]+$")
    try:
        candidates = list(target.parent.iterdir())
    except OSError:
        return
    for path in candidates:
        match = pattern.match(path.name)
        if match and not process_runs(int(match.group(1))) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def staging_folder(target: Path) -> Path:
    """A new empty folder beside `target` (same file system, so the swap is a rename), made without
    following a symbolic link on the way (fileio)."""
    if not is_replaceable(target):
        raise refuse_to_replace(target)
    remove_abandoned(target)
    try:
        return make_temporary_folder(target.parent, staging_prefix(target, "new"))
    except WriteError as exc:
        raise UsageError([dataclasses.replace(d, location=Location(relative_name(target))) for d in exc.diagnostics]) from None


def swap_in(staged: Path, target: Path) -> None:
    """Replace `target` by `staged` whole: the old site is moved aside, the new one renamed into place."""
    if not is_replaceable(target):  # checked again: it may have changed while the site was built
        discard(staged)
        raise refuse_to_replace(target)
    old = None
    try:
        if target.exists():
            old = make_temporary_folder(target.parent, staging_prefix(target, "old"))
            target.rename(old / "site")
        staged.rename(target)
    except (OSError, WriteError) as exc:
        if old is not None and (old / "site").exists() and not target.exists():
            (old / "site").rename(target)  # put the previous site back
        discard(staged)
        if isinstance(exc, WriteError):
            raise
        raise cannot_write(target, exc) from None
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def discard(staged: Path) -> None:
    shutil.rmtree(staged, ignore_errors=True)

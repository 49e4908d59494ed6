"""Every file iopdoc writes goes through here: whole or not at all, and never through a symbolic link.

The ground floor of the house: it imports only `errors`, so `build`, `cache`, `diff`, `publish`,
`init`, `import`, `extract` and the CLI all write through `write_atomic` without importing one
another. A reader sees the old file or the new one, never half of one (a temporary file beside the
target, then a rename). Like mdformat's `file()`, it keeps the mode of the file it replaces.

A source, a template or a PDF may come from someone else, and so may a checkout's folders: a
folder `docs` or `build` that is a symbolic link to somewhere else would carry a write outside the
project. So the path is walked one folder at a time from the `root` (the project, by default the
working directory when the target lies inside it, else the target's own folder) with
`os.open(..., O_NOFOLLOW | O_DIRECTORY, dir_fd=...)`: a symbolic link at any folder inside the root,
at the target or at its temporary name is refused (IOP090); the temporary file is created with
`O_CREAT | O_EXCL | O_NOFOLLOW`, and renamed relative to the folder's descriptor, so a link swapped
in while writing is not followed either.
"""
from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path
from typing import Iterator

from iopdoc.errors import Location, WriteError, error

NEW_FILE_MODE = 0o644  # outputs are published: readable by the web server, like a file `cp` made
NEW_FOLDER_MODE = 0o755
TEMPORARY_PREFIX = "."  # temporary files are hidden (`.<name>.<random>.tmp`), so globbing for outputs skips them
TEMPORARY_SUFFIX = ".tmp"
LINK_SV = ("är en symbolisk länk, och iopdoc skriver aldrig genom en länk (den kan peka ut ur projektet); "
           "ta bort länken, eller skriv till platsen den pekar på")
LINK_EN = ("is a symbolic link, and iopdoc never writes through a link (it may point out of the project); "
           "remove the link, or write to the place it points to")


def cannot_write(path: Path | str, reason: str, reason_en: str | None = None) -> WriteError:
    """The one IOP090 for a file that cannot be written, naming the path and why."""
    return WriteError([error("IOP090", Location(str(path)), f"kan inte skriva: {reason}.",
                             f"cannot write: {reason_en or reason}.")])


def is_link(target: Path, path: Path) -> WriteError:
    return cannot_write(target, f"{path} {LINK_SV}", f"{path} {LINK_EN}")


def default_root(target: Path) -> Path:
    """The working directory when `target` lies inside it (the project), else the target's folder."""
    here = Path(os.path.normpath(Path.cwd()))
    return here if target.is_relative_to(here) and target != here else target.parent


def absolute(path: Path) -> Path:
    return Path(os.path.normpath(Path(path).absolute()))


@contextlib.contextmanager
def folder_descriptor(folder: Path, root: Path | None = None, *, create: bool = True,
                      target: Path | None = None) -> Iterator[int]:
    """An open descriptor of `folder`, reached from `root` one component at a time without following
    a symbolic link (folders missing on the way are made). WriteError, naming `target` (by default
    the folder), when a component is a link or not a folder."""
    shown = target or folder
    folder = absolute(folder)
    root = absolute(root) if root is not None else default_root(folder / "x")
    if not folder.is_relative_to(root):
        root = folder
    descriptor = open_root(root, create, shown)
    try:
        walked = root
        for part in folder.relative_to(root).parts:
            walked = walked / part
            following = step_into(descriptor, part, walked, create, shown)
            os.close(descriptor)
            descriptor = following
        yield descriptor
    finally:
        os.close(descriptor)


def open_root(root: Path, create: bool, shown: Path) -> int:
    try:
        if create:
            root.mkdir(parents=True, exist_ok=True)
        return os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except (FileExistsError, NotADirectoryError):
        raise cannot_write(shown, f"{root} är ingen mapp", f"{root} is not a folder") from None
    except OSError as exc:
        raise cannot_write(shown, f"{root}: {exc.strerror or exc}") from None


def step_into(descriptor: int, part: str, walked: Path, create: bool, shown: Path) -> int:
    """The descriptor of folder `part` inside `descriptor`, made if missing; never through a link."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    for _ in range(2):
        try:
            return os.open(part, flags, dir_fd=descriptor)
        except FileNotFoundError:
            if not create:
                raise cannot_write(shown, f"{walked} finns inte", f"{walked} does not exist") from None
            try:
                os.mkdir(part, NEW_FOLDER_MODE, dir_fd=descriptor)
            except FileExistsError:
                continue  # made meanwhile (or a link made meanwhile: the next open refuses it)
            except OSError as exc:
                raise cannot_write(shown, f"{walked}: {exc.strerror or exc}") from None
        except OSError as exc:
            if is_symlink_at(descriptor, part):
                raise is_link(shown, walked) from None
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise cannot_write(shown, f"{walked} är ingen mapp", f"{walked} is not a folder") from None
            raise cannot_write(shown, f"{walked}: {exc.strerror or exc}") from None
    raise cannot_write(shown, f"{walked} kunde inte öppnas", f"{walked} could not be opened")


def is_symlink_at(descriptor: int, name: str) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=descriptor, follow_symlinks=False).st_mode)
    except OSError:
        return False


def write_atomic(target: Path, data: bytes, root: Path | None = None) -> None:
    """Write `data` to `target` atomically (a temporary file beside it, then a rename).

    Every folder from `root` (see the module's docstring) down to the target is entered without
    following a link, and made when missing. The file keeps its mode (a new file gets 0644). A
    symbolic link at the target, at a folder on the way or at the temporary name is refused.
    Raises WriteError (IOP090, naming the path and the reason) when the file cannot be written; the
    previous file is then left as it was and no temporary file remains.
    """
    shown = Path(target)
    target = absolute(shown)
    with folder_descriptor(target.parent, root, target=shown) as folder:
        name = target.name
        try:
            existing = os.stat(name, dir_fd=folder, follow_symlinks=False)
        except FileNotFoundError:
            existing = None
        except OSError as exc:
            raise cannot_write(shown, exc.strerror or str(exc)) from None
        if existing is not None and stat.S_ISLNK(existing.st_mode):
            raise is_link(shown, shown)
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            raise cannot_write(shown, "det är ingen vanlig fil", "it is not a regular file")
        mode = stat.S_IMODE(existing.st_mode) if existing is not None else NEW_FILE_MODE
        temporary = None
        try:
            temporary, handle = create_temporary(folder, name, shown)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                os.fchmod(stream.fileno(), mode)
            os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
            temporary = None
        except OSError as exc:
            raise cannot_write(shown, exc.strerror or str(exc)) from None
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=folder)


def create_temporary(folder: int, name: str, shown: Path) -> tuple[str, int]:
    """A new hidden file beside `name`, opened for writing: O_EXCL and O_NOFOLLOW, so an existing file
    or link at that name is never written through."""
    for _ in range(100):
        temporary = f"{TEMPORARY_PREFIX}{name}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}"
        try:
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                                      0o600, dir_fd=folder)
        except FileExistsError:
            continue
    raise cannot_write(shown, "ingen ledig temporär fil", "no free temporary name")


def make_folder(folder: Path, root: Path | None = None) -> None:
    """Make `folder` (and the folders above it inside `root`) without following a link on the way."""
    with folder_descriptor(folder, root):
        pass


def make_temporary_folder(parent: Path, prefix: str, root: Path | None = None) -> Path:
    """A new empty folder (0755) inside `parent`, named `<prefix><random>`, made without following a link."""
    with folder_descriptor(parent, root) as descriptor:
        for _ in range(100):
            name = f"{prefix}{secrets.token_hex(4)}"
            try:
                os.mkdir(name, NEW_FOLDER_MODE, dir_fd=descriptor)
            except FileExistsError:
                continue
            except OSError as exc:
                raise cannot_write(parent, exc.strerror or str(exc)) from None
            made = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=descriptor)
            try:
                os.fchmod(made, NEW_FOLDER_MODE)  # not left to the umask: the published folder is readable
            finally:
                os.close(made)
            return absolute(parent) / name
    raise cannot_write(parent, "ingen ledig mapp", "no free folder name")

"""Writing files so that a reader sees the old file or the new one, never half of one.

The ground floor of the house: it imports only `errors`, so `build`, `cache`, `diff`, `publish`
and the CLI all write through it without importing one another. Like mdformat's `file()`, it keeps
the mode of the file it replaces and refuses to replace a symbolic link (writing through the link
would be surprising, replacing it with a regular file would silently cut it off).
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from iopdoc.errors import Location, WriteError, error

NEW_FILE_MODE = 0o644  # outputs are published: readable by the web server, like a file `cp` made
TEMPORARY_PREFIX = "."  # temporary files are hidden (`.<name>.<random>.tmp`), so globbing for outputs skips them
TEMPORARY_SUFFIX = ".tmp"


def cannot_write(path: Path | str, reason: str, reason_en: str | None = None) -> WriteError:
    """The one IOP090 for a file that cannot be written, naming the path and why."""
    return WriteError([error("IOP090", Location(str(path)), f"kan inte skriva: {reason}.",
                             f"cannot write: {reason_en or reason}.")])


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` atomically (a temporary file beside it, then `os.replace`).

    The file keeps its mode (a new file gets 0644). A symbolic link is not replaced. Raises
    WriteError (IOP090, naming the path and the reason) when the file cannot be written; the
    previous file is then left as it was and no temporary file remains.
    """
    target = Path(target)
    try:
        existing = os.lstat(target)
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise cannot_write(target, exc.strerror or str(exc)) from None
    if existing is not None and stat.S_ISLNK(existing.st_mode):
        raise cannot_write(target, "filen är en symbolisk länk, och iopdoc ersätter inte en länk med en vanlig fil; "
                                   "skriv till filen den pekar på, eller ta bort länken",
                           "the file is a symbolic link, and iopdoc does not replace a link with a regular file; "
                           "write to the file it points to, or remove the link")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise cannot_write(target, "det är ingen vanlig fil", "it is not a regular file")
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else NEW_FILE_MODE
    temporary = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f"{TEMPORARY_PREFIX}{target.name}.",
                                             suffix=TEMPORARY_SUFFIX)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as exc:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise cannot_write(target, exc.strerror or str(exc)) from None
    except BaseException:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise

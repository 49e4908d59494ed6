"""The one error boundary every command runs inside: no traceback reaches the user.

An `OSError` that no stage turned into a finding (a folder that cannot be written, a disk that is
full) becomes IOP090 naming the path and the reason; anything else unexpected becomes IOP099, a
short "please report", with the details only under `iopdoc --debug` (or IOPDOC_DEBUG=1).
"""
from __future__ import annotations

import errno
import os
import traceback

from iopdoc.errors import Diagnostic, Location, error, relative_name
from iopdoc.quoting import excerpt

HINTS = {  # what to do, by errno
    errno.ENOSPC: ("Disken är full: frigör utrymme och försök igen", "The disk is full: free some space and try again"),
    errno.EDQUOT: ("Diskkvoten är slut: frigör utrymme och försök igen", "The disk quota is used up: free some space and try again"),
    errno.EACCES: ("Kontrollera att du får skriva där", "Check that you may write there"),
    errno.EPERM: ("Kontrollera att du får skriva där", "Check that you may write there"),
    errno.EROFS: ("Filsystemet är skrivskyddat: välj en annan mapp", "The file system is read-only: choose another folder"),
    errno.ENOTDIR: ("En del av sökvägen är en fil, inte en mapp: välj en annan sökväg",
                    "Part of the path is a file, not a folder: choose another path"),
    errno.ENOENT: ("Mappen finns inte: skapa den eller välj en annan", "The folder does not exist: create it or choose another"),
    errno.EISDIR: ("Det är en mapp: ange ett filnamn", "It is a folder: give a file name"),
}


def os_error(exc: OSError) -> Diagnostic:
    """IOP090 at the path the operating system named, with its reason and what to do."""
    path = exc.filename if exc.filename is not None else "iopdoc"
    reason = exc.strerror or type(exc).__name__
    hint_sv, hint_en = HINTS.get(exc.errno, ("Kontrollera sökvägen", "Check the path"))
    return error("IOP090", Location(relative_name(path) if isinstance(path, os.PathLike) else excerpt(path, 200)),
                 f"kan inte läsa eller skriva: {reason}. {hint_sv}.", f"cannot read or write: {reason}. {hint_en}.")


def unexpected(exc: BaseException, debug: bool) -> tuple[Diagnostic, str | None]:
    """IOP099 for a bug of iopdoc, and the traceback to show when debugging."""
    what = type(exc).__name__
    more_sv = "" if debug else " Kör igen med `iopdoc --debug …` för detaljer."
    more_en = "" if debug else " Run again with `iopdoc --debug …` for the details."
    diagnostic = error("IOP099", Location("iopdoc"),
                       f"internt fel i iopdoc ({what}). Det är inte ditt fel: rapportera det gärna, med källan.{more_sv}",
                       f"internal error in iopdoc ({what}). It is not your fault: please report it, with the source.{more_en}")
    details = "".join(traceback.format_exception(exc)) if debug else None
    return diagnostic, details


def debugging(args: list[str]) -> bool:
    return "--debug" in args or os.environ.get("IOPDOC_DEBUG", "") not in ("", "0")

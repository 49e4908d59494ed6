"""A Word file (a zip package) measured before anything parses it.

python-docx reads every part of a package into memory when it opens it, and lxml then parses the
XML: a 3 MB zip bomb inflates to gigabytes, and a DOCX may carry a 1 GiB part. So every member is
checked by its `ZipInfo.file_size` (what it inflates to) and their total, and their number, before
the package is handed to a parser. zipfile itself stops reading a member at its declared size (and
fails its CRC check when the data is longer), so a member cannot lie its way past the limit.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from iopdoc.errors import Location, SourceError, error

MAX_MEMBERS = 1000
MAX_XML_BYTES = 16 * 2**20  # a long agreement's document.xml is a few MB
MAX_MEMBER_BYTES = 32 * 2**20  # an embedded image or font
MAX_TOTAL_BYTES = 96 * 2**20
MAX_PACKAGE_BYTES = 64 * 2**20


def too_large(path: Path, code: str, what_sv: str, what_en: str) -> SourceError:
    return SourceError([error(code, Location(str(path)), f"kan inte läsas: {what_sv}",
                              f"cannot be read: {what_en}")])


def check_package(path: Path, code: str = "IOP085") -> None:
    """Raise SourceError (`code`) when the zip package at `path` is not one, or would inflate past
    the limits above; return when it may be parsed."""
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise too_large(path, code, f"filen är större än {MAX_PACKAGE_BYTES // 2**20} MB.",
                            f"the file is larger than {MAX_PACKAGE_BYTES // 2**20} MB.")
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise too_large(path, code, f"filen är ingen läsbar DOCX ({type(exc).__name__}).",
                        f"the file is not a readable DOCX ({type(exc).__name__}).") from None
    if len(members) > MAX_MEMBERS:
        raise too_large(path, code, f"paketet har fler än {MAX_MEMBERS} delar.",
                        f"the package has more than {MAX_MEMBERS} parts.")
    total = 0
    for member in members:
        limit = MAX_XML_BYTES if member.filename.lower().endswith((".xml", ".rels")) else MAX_MEMBER_BYTES
        if member.file_size > limit:
            raise too_large(path, code, f"delen {member.filename[:80]!r} packas upp till mer än {limit // 2**20} MB.",
                            f"the part {member.filename[:80]!r} inflates to more than {limit // 2**20} MB.")
        total += member.file_size
    if total > MAX_TOTAL_BYTES:
        raise too_large(path, code, f"delarna packas upp till mer än {MAX_TOTAL_BYTES // 2**20} MB tillsammans.",
                        f"the parts inflate to more than {MAX_TOTAL_BYTES // 2**20} MB together.")

"""How a repository made by `iopdoc init` installs iopdoc: the one line of its `requirements.txt`.

`--package` takes one of three forms, each of which a colleague and CI can install from too:
- a version (`1.2.0`, `==1.2.0`, or a full requirement such as `iopdoc==1.2.0`), from the
  package index pip is configured with;
- an address (`https://…/iopdoc-1.2.0-py3-none-any.whl`, `git+https://…/iopdoc.git@v1.2.0`, or
  `iopdoc @ <address>`);
- a wheel file given by a relative path: it is copied into the new repository's `wheels/` (to be
  committed) and referred to as `./wheels/<file>`.
An absolute path is refused: it names a file on this machine only, and nobody else could install
from it. Anything else is refused with the three forms named.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from iopdoc.errors import Location, UsageError, error

WHEELS = "wheels"
MAX_WHEEL_BYTES = 64 * 1024 * 1024
VERSION = re.compile(r"(?:==)?\s*(\d+(?:\.\d+)*(?:(?:a|b|rc)\d+)?(?:\.post\d+)?(?:\.dev\d+)?)")
SPECIFIER = re.compile(r"iopdoc\s*(?:\[[a-z,\s]*\])?\s*(?:(?:==|~=|>=|<=|!=|<|>)\s*[\w.*+!]+\s*,?\s*)+", re.IGNORECASE)
ADDRESS = re.compile(r"(?:git\+)?(?:https|http|ssh|file)://\S+|git\+ssh://\S+", re.IGNORECASE)
NAMED_ADDRESS = re.compile(r"iopdoc\s*@\s*(\S+)", re.IGNORECASE)
WHEEL_NAME = re.compile(r"iopdoc-[\w.+!]+-[\w.]+-[\w.]+-[\w.]+\.whl", re.IGNORECASE)

FORMS_SV = ("Ange en version (`--package 1.2.0`), en adress (`--package https://…/iopdoc-1.2.0-py3-none-any.whl` "
            "eller `git+https://…/iopdoc.git@v1.2.0`) eller en relativ sökväg till ett hjul, som kopieras till "
            "`wheels/` i det nya arkivet (`--package dist/iopdoc-1.2.0-py3-none-any.whl`)")
FORMS_EN = ("Give a version (`--package 1.2.0`), an address (`--package https://…/iopdoc-1.2.0-py3-none-any.whl` "
            "or `git+https://…/iopdoc.git@v1.2.0`) or a relative path to a wheel, which is copied into the new "
            "repository's `wheels/` (`--package dist/iopdoc-1.2.0-py3-none-any.whl`)")


@dataclass(frozen=True)
class PackageSource:
    requirement: str          # the line of requirements.txt
    wheel: Path | None = None  # a wheel to copy into wheels/ of the new repository
    described_sv: str = ""    # where it comes from, for the new repository's README
    described_en: str = ""


def holds_iopdoc(path: Path) -> bool:
    """Whether `path` is a zip file (a wheel) with the iopdoc package in it."""
    try:
        with zipfile.ZipFile(path) as wheel:
            return "iopdoc/__init__.py" in wheel.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def refuse(package: str, sv: str, en: str) -> UsageError:
    return UsageError([error("IOP075", Location(f"--package {package}"), f"{sv} {FORMS_SV}.", f"{en} {FORMS_EN}.")])


def package_source(package: str | None, default_version: str) -> PackageSource:
    """The requirement `--package` stands for (None: this version of iopdoc), or UsageError."""
    text = (package if package is not None else default_version).strip()
    package = text
    if match := VERSION.fullmatch(text):
        text = f"iopdoc=={match.group(1)}"
    if SPECIFIER.fullmatch(text):
        requirement = re.sub(r"\s+", "", text)
        return PackageSource(requirement, None, f"det paketindex pip är inställt på (`{requirement}`)",
                             f"the package index pip is set up with (`{requirement}`)")
    if match := NAMED_ADDRESS.fullmatch(text):
        text = match.group(1)
    if ADDRESS.fullmatch(text):
        if text.lower().startswith("file:"):
            raise refuse(package, "en file:-adress pekar på en fil på den här datorn; ingen annan kan installera från den.",
                         "a file: address names a file on this machine; nobody else can install from it.")
        return PackageSource(f"iopdoc @ {text}", None, f"<{text}>", f"<{text}>")
    path = Path(text)
    if path.suffix.lower() == ".whl" or path.exists():
        if path.is_absolute() or text.startswith("~"):
            raise refuse(package, "en absolut sökväg fungerar bara på den här datorn: varken kollegor eller CI kan "
                         "installera från den.", "an absolute path works on this machine only: neither colleagues "
                         "nor CI can install from it.")
        if not WHEEL_NAME.fullmatch(path.name):
            raise refuse(package, "är inget hjul för iopdoc (iopdoc-VERSION-….whl).",
                         "is not a wheel of iopdoc (iopdoc-VERSION-….whl).")
        if not path.is_file():
            raise refuse(package, "hjulet finns inte (sökvägen räknas från mappen du står i).",
                         "the wheel does not exist (the path is taken from the current folder).")
        if path.stat().st_size > MAX_WHEEL_BYTES:
            raise refuse(package, f"hjulet är större än {MAX_WHEEL_BYTES // 2**20} MB.",
                         f"the wheel is larger than {MAX_WHEEL_BYTES // 2**20} MB.")
        if not holds_iopdoc(path):
            raise refuse(package, "är inget hjul för iopdoc: filen är ingen zip-fil med paketet iopdoc.",
                         "is not a wheel of iopdoc: the file is not a zip file holding the iopdoc package.")
        relative = f"./{WHEELS}/{path.name}"
        return PackageSource(relative, path, f"hjulet `{WHEELS}/{path.name}` i arkivet",
                             f"the wheel `{WHEELS}/{path.name}` in this repository")
    raise refuse(package, "säger inte varifrån iopdoc ska installeras.", "does not say where to install iopdoc from.")

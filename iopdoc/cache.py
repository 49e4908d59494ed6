"""A content-hash cache, so unchanged sources are not checked or rendered again.

A result is keyed by the SHA-256 of everything it depends on: the source's bytes and those of the
sources it links to (transitively), the project's iopdoc.toml, iopdoc's own code and the versions
of the libraries that shape the output; a build's key adds the templates and assets, the formats,
the PDF variant, and the source's last commit, which the manifest records. An entry is served only if every output it
names still has the bytes it had. Nothing is trusted by date.
"""
from __future__ import annotations

import ctypes
import functools
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import __version__
from .build import BuildResult, write_atomic
from .errors import Diagnostic, Location, Severity, SourceError
from .loader import read_regular_file
from .project import Project
from .provenance import git_commit_of, templates_digest, tree_digest

LINK = re.compile(r"^(?:supersedes|proposes):[ \t]*['\"]?([\w.-]+)", re.MULTILINE)
LIBRARIES = ("jinja2", "markdown-it-py", "weasyprint", "pydyf", "ruamel.yaml", "ruamel.yaml.clib", "babel", "pypdf")
CACHE_DIR = ".cache"
SYSTEM_LIBRARIES = (("libpango-1.0.so.0", "pango_version_string"), ("libharfbuzz.so.0", "hb_version_string"),
                    ("libharfbuzz-subset.so.0", None), ("libfontconfig.so.1", "FcGetVersion"))


@functools.lru_cache(maxsize=None)
def code_digest() -> str:
    """iopdoc's own code and the versions of Python and of every library it runs on: a new iopdoc
    or WeasyPrint (or tinycss2, fonttools, … which shape its output too) is a new result."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(tree_digest(Path(__file__).parent).encode())
    for version in library_versions():
        digest.update(version.encode() + b"\0")
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def library_versions() -> tuple[str, ...]:
    """Python and every library iopdoc requires, followed through their own requirements, as installed."""
    found: dict[str, str] = {}
    wanted = ["iopdoc", *LIBRARIES]
    while wanted:
        name = re.sub(r"[-_.]+", "-", wanted.pop()).lower()
        if name in found:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            found[name] = "none"
            continue
        found[name] = distribution.version
        for requirement in distribution.requires or ():
            if not re.search(r"\bextra\s*==", requirement):  # extras (tests, docs) are not run on
                wanted.append(re.match(r"[A-Za-z0-9._-]+", requirement).group(0))
    return (f"python={sys.version}", *(f"{name}={version}" for name, version in sorted(found.items())))


@functools.lru_cache(maxsize=None)
def system_library_versions() -> tuple[str, ...]:
    """The system libraries WeasyPrint lays out text and subsets fonts with (their versions change a
    PDF's bytes), asked through ctypes: importing WeasyPrint for this would cost more than a cache hit."""
    versions = []
    for soname, function in SYSTEM_LIBRARIES:
        try:
            library = ctypes.CDLL(soname)
        except OSError:
            versions.append(f"{soname}=none")
            continue
        if function is None:
            versions.append(f"{soname}=present")
            continue
        call = getattr(library, function)
        call.restype = ctypes.c_int if function == "FcGetVersion" else ctypes.c_char_p
        versions.append(f"{soname}={call()!r}")
    return tuple(versions)


def sources_digest(project: Project, source: Path) -> str:
    """The source's bytes and those of every source it links to, followed through the links."""
    digest = hashlib.sha256()
    seen: set[Path] = set()
    pending = [source]
    while pending:
        path = pending.pop()
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        try:
            data = read_regular_file(path, path.name)  # never a FIFO or a symlink's target
        except SourceError:
            digest.update(b"missing:" + str(path).encode())
            continue
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(data).digest())
        for identifier in LINK.findall(data.decode("utf-8", "replace")):
            linked = project.path_for(identifier, path)
            digest.update(b"link:" + identifier.encode())
            if linked is not None:
                pending.append(linked)
    return digest.hexdigest()


def check_key(project: Project, source: Path) -> str:
    """Also the working folder, since diagnostics name files relative to it, and the ids the project
    has, since checks look them up (a memo's attachments): a source added or removed is a new result."""
    config = project.root / "iopdoc.toml"
    parts = [code_digest(), sources_digest(project, source), str(source.resolve()),
             hashlib.sha256(config.read_bytes()).hexdigest() if config.is_file() else "no-config",
             str(Path.cwd()), " ".join(sorted(project.known_ids(source)))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def build_key(project: Project, source: Path, formats: tuple[str, ...], variant: str, site: bool) -> str:
    # The manifest records the commit that last changed the source (and +dirty): exactly that
    # goes into the key, so a commit that touches other files rebuilds nothing.
    parts = [check_key(project, source), templates_digest(project.templates_dir), ",".join(formats), variant,
             str(site), git_commit_of(source) or "", os.environ.get("SOURCE_DATE_EPOCH", ""),
             *system_library_versions()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def diagnostic_to_json(d: Diagnostic) -> dict:
    return {"code": d.code, "severity": d.severity.value, "file": d.location.file, "line": d.location.line,
            "col": d.location.col, "sv": d.sv, "en": d.en}


def diagnostic_from_json(item: dict) -> Diagnostic:
    return Diagnostic(item["code"], Severity(item["severity"]), Location(item["file"], item["line"], item["col"]),
                      item["sv"], item["en"])


@dataclass(frozen=True)
class Cache:
    """Entries as small JSON files under `folder`, named by their key."""

    folder: Path

    def read(self, key: str) -> dict | None:
        try:
            return json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def write(self, key: str, entry: dict) -> None:
        try:
            write_atomic(self.folder / f"{key}.json", json.dumps(entry, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs time

    def findings(self, key: str) -> list[Diagnostic] | None:
        entry = self.read(key)
        return None if entry is None else [diagnostic_from_json(item) for item in entry["diagnostics"]]

    def remember_findings(self, key: str, findings: list[Diagnostic]) -> None:
        self.write(key, {"diagnostics": [diagnostic_to_json(d) for d in findings]})

    def built(self, key: str, source: Path) -> BuildResult | None:
        """A previous build's result, if every output it wrote is still there, byte for byte."""
        entry = self.read(key)
        if entry is None or entry.get("failed"):
            return None
        outputs = []
        for name, digest in entry["outputs"].items():
            path = Path(name)
            try:
                if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                    return None
            except OSError:
                return None
            outputs.append(path)
        return BuildResult(source, None, tuple(outputs), tuple(Path(p) for p in entry["inputs"]),
                           tuple(diagnostic_from_json(item) for item in entry["diagnostics"]),
                           identifier=entry["identifier"], cached=True)

    def remember_build(self, key: str, result: BuildResult) -> None:
        if result.failed:
            return
        self.write(key, {
            "identifier": result.identifier, "inputs": [str(p) for p in result.inputs],
            "outputs": {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in result.outputs},
            "diagnostics": [diagnostic_to_json(d) for d in result.diagnostics],
        })

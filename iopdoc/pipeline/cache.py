"""A content-hash cache, so unchanged sources are not checked or rendered again.

A result is keyed by the SHA-256 of everything it depends on: the source's bytes and those of the
sources it links to (transitively), the project's iopdoc.toml, iopdoc's own code and the versions
of the libraries that shape the output; a build's key adds the templates and assets, the formats,
the PDF variant, and the source's last commit, which the manifest records. Links are followed as the
project resolves them, from each document's model. An entry is served only if it has the shape an
entry must have, carries the seal of this checkout (cache_seal.py: a keyed MAC whose secret is kept
outside build/, so an entry written by anyone else, a CI cache shared between branches, is a miss),
and every output it names still has the bytes it had; anything else is a miss with a warning.
Nothing is trusted by date.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from typing import Callable

from iopdoc import __version__
from iopdoc.errors import Diagnostic, IopdocError, Location, SourceError, relative_name, warning
from iopdoc.source.loader import read_regular_file
from iopdoc.fileio import write_atomic
from iopdoc.facts.indexes import series_digest
from iopdoc.resolve.project import Project
from iopdoc.pipeline.signed import signed_digest
from iopdoc.writers.provenance import templates_digest, tree_digest
from iopdoc.pipeline.cache_seal import sealed_bytes, unsealed_bytes

CACHE_DIR = ".cache"
SYSTEM_LIBRARIES = (("libpango-1.0.so.0", "pango_version_string"), ("libharfbuzz.so.0", "hb_version_string"),
                    ("libharfbuzz-subset.so.0", None), ("libfontconfig.so.1", "FcGetVersion"))


@functools.lru_cache(maxsize=None)
def code_digest() -> str:
    """iopdoc's own code and the versions of Python and of every library it runs on: a new iopdoc
    or WeasyPrint (or tinycss2, fonttools, … which shape its output too) is a new result."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(tree_digest(Path(__file__).parent.parent).encode())  # the whole iopdoc package
    for version in library_versions():
        digest.update(version.encode() + b"\0")
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def library_versions() -> tuple[str, ...]:
    """Python and every distribution installed where iopdoc is imported from, as `name=version`.

    Read from the names of the distributions' metadata folders (`jinja2-3.1.4.dist-info`): one
    folder listing per entry of the import path, where reading every METADATA file to follow
    iopdoc's requirements cost a fifth of checking one source. Every library WeasyPrint and the
    others run on is among them (tinycss2, fonttools, …), and so is any other: installing or
    upgrading anything in the environment is a new result, which is only ever safe.
    """
    found: set[str] = set()
    for entry in sys.path:
        if not entry or not os.path.isabs(entry) or os.path.realpath(entry) == os.path.realpath(os.getcwd()):
            continue  # the working folder: a project, not an environment
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                distribution, _, version = name.rsplit(".", 1)[0].partition("-")
                found.add(f"{re.sub(r'[-_.]+', '-', distribution).lower()}={version.split('-')[0] or 'unknown'}")
    return (f"python={sys.version}", *sorted(found))


@functools.lru_cache(maxsize=None)
def system_library_versions() -> tuple[str, ...]:
    """The system libraries WeasyPrint lays out text and subsets fonts with (their versions change a
    PDF's bytes), asked through ctypes: importing WeasyPrint for this would cost more than a cache hit.
    (ctypes is imported here: a check's key never asks, and a check need not import it.)"""
    import ctypes

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


def link_ids(project: Project, path: Path, data: bytes) -> list[tuple[str, str]]:
    """The links of the source whose bytes are `data`, as the project reads them from its model
    (so a link written with a quoted key, a block scalar or a tag is found like any other).

    What a source links to depends only on its bytes (and iopdoc's code), so it is remembered under
    their digest: a warm check does not parse every source again to find its key. A source that
    does not load links to nothing it could be built with, and is not remembered.
    """
    memo = Cache(project.root / "build" / CACHE_DIR / "links")
    key = hashlib.sha256(code_digest().encode() + b"\0" + path.name.encode() + b"\0" + data).hexdigest()
    entry = memo.read(key, "links")
    if entry is not None:
        return [(link_key, identifier) for link_key, identifier in entry["links"]]
    found = project.link_ids(path)
    if found is None:
        return []
    memo.write(key, {"links": [list(pair) for pair in found]})
    return found


class KeyParts:
    """What the keys of one run share, each computed once per run: the resolved paths, and per
    folder of sources the project's settings, the working folder, the ids the project has and what
    the index series there say (each of them once per source made a re-check of 1000 sources
    quadratic). A new run (a new `KeyParts`) sees the files as they are then."""

    def __init__(self, project: Project):
        self.project = project
        self._paths: dict[Path, Path] = {}
        self._folders: dict[Path, str] = {}
        self._templates: str | None = None
        self._sources: dict[Path, tuple[bytes, list[tuple[str, str]]] | None] = {}

    def source(self, path: Path) -> tuple[bytes, list[tuple[str, str]]] | None:
        """The SHA-256 of a source's bytes and the links it makes (`link_ids`), or None when it cannot
        be read: once per run, though a predecessor is part of the key of every source linking to it."""
        resolved = self.resolved(path)
        if resolved not in self._sources:
            try:
                data = read_regular_file(path, path.name)  # never a FIFO, nor a symlink's target
            except SourceError:
                self._sources[resolved] = None
            else:
                self._sources[resolved] = (hashlib.sha256(data).digest(), link_ids(self.project, path, data))
        return self._sources[resolved]

    def resolved(self, path: Path) -> Path:
        if path not in self._paths:
            self._paths[path] = path.resolve()
        return self._paths[path]

    def folder(self, source: Path) -> str:
        """The part of a check key shared by every source in the same folder."""
        folder = self.resolved(source.parent)
        if folder not in self._folders:
            config = self.project.root / "iopdoc.toml"
            parts = [code_digest(), hashlib.sha256(config.read_bytes()).hexdigest() if config.is_file() else "no-config",
                     str(Path.cwd()), " ".join(sorted(self.project.known_ids(source))),
                     series_digest(self.project.sources_dir, source)]
            self._folders[folder] = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return self._folders[folder]

    def templates(self) -> str:
        if self._templates is None:
            self._templates = templates_digest(self.project.templates_dir)
        return self._templates


def sources_digest(project: Project, source: Path, parts: KeyParts | None = None) -> str:
    """The source's bytes and those of every source it links to, followed through the links the
    project resolves from each document's model (`link_ids`)."""
    parts = parts or KeyParts(project)
    digest = hashlib.sha256()
    seen: set[Path] = set()
    pending = [source]
    while pending:
        path = pending.pop()
        if parts.resolved(path) in seen:
            continue
        seen.add(parts.resolved(path))
        read = parts.source(path)
        if read is None:
            digest.update(b"missing:" + str(path).encode())
            continue
        data_digest, links = read
        digest.update(path.name.encode() + b"\0" + data_digest)
        for key, identifier in links:
            linked = project.path_for(identifier, path)
            digest.update(f"link:{key}={identifier}->{linked}".encode() + b"\0")
            if linked is not None:
                pending.append(linked)
    return digest.hexdigest()


def check_key(project: Project, source: Path, parts: KeyParts | None = None) -> str:
    """Also the working folder, since diagnostics name files relative to it, and the ids the project
    has, since checks look them up (a memo's attachments): a source added or removed is a new result;
    and its signed PDF, which the source must still match (IOP074).
    `parts`: what a run's keys share, computed once for all of them (else for this key alone)."""
    parts = parts or KeyParts(project)
    key = [parts.folder(source), sources_digest(project, source, parts), str(parts.resolved(source)),
           signed_digest(project.root, source.stem)]  # ids are file names (IOP018)
    return hashlib.sha256("\n".join(key).encode()).hexdigest()


def build_key(project: Project, source: Path, formats: tuple[str, ...], variant: str, site: bool,
              parts: KeyParts | None = None, signing: str = "no-fields") -> str:
    # The manifest records the commit that last changed the source (and +dirty): exactly that
    # goes into the key, so a commit that touches other files rebuilds nothing. A PDF made for
    # signing also records the repository's commit (provenance.signing_provenance): `signing`
    # carries it (signing_key).
    parts = parts or KeyParts(project)
    key = [signing, check_key(project, source, parts), parts.templates(), ",".join(formats), variant,
           str(site), project.commit_of(source) or "", os.environ.get("SOURCE_DATE_EPOCH", ""),
           *system_library_versions()]
    return hashlib.sha256("\n".join(key).encode()).hexdigest()


def signing_key(project: Project, signature_fields: bool) -> str:
    """What a build with signature fields depends on beyond a plain build: the repository's commit
    (asked once per batch, not once per source)."""
    if not signature_fields:
        return "no-fields"
    from iopdoc.git import repository_state

    return f"fields {repository_state(project.root)}"


@dataclass(frozen=True)
class CachedBuild:
    """What a previous build of a source wrote, as its cache entry says."""

    identifier: str
    inputs: tuple[Path, ...]
    outputs: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...]


HEX_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def diagnostic_of(item: object) -> Diagnostic:
    if not isinstance(item, dict):
        raise TypeError("a diagnostic is not an object")
    return Diagnostic.from_dict(item)


def entry_problem(entry: object, kind: str, key: str) -> str | None:
    """What is wrong with an entry's shape (the schema an entry must have), or None; an entry
    without a problem has its diagnostics read into `Diagnostic`s in place.

    Every entry: {"key": the key it is filed under (an entry copied to another name is not
    trusted), "diagnostics": [Diagnostic.to_dict(), ...]}; a build's also
    {"identifier": str, "inputs": [str, ...] (at least the source), "outputs": {path: sha256, ...}
    (at least one)}. Nothing else is allowed.
    """
    if not isinstance(entry, dict):
        return "not an object"
    if kind == "links":
        if set(entry) != {"key", "links"} or entry["key"] != key or not isinstance(entry["links"], list) or \
                not all(isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) and p for p in pair)
                        for pair in entry["links"]):
            return "not a list of links"
        return None
    expected = {"key", "diagnostics"} | ({"identifier", "inputs", "outputs"} if kind == "build" else set())
    if set(entry) != expected:
        return f"keys {sorted(entry)}, expected {sorted(expected)}"
    if entry["key"] != key:
        return "it is filed under another key than its own"
    if not isinstance(entry["diagnostics"], list):
        return "diagnostics is not a list"
    try:  # read once: the entry carries them as diagnostics from here on
        entry["diagnostics"] = [diagnostic_of(item) for item in entry["diagnostics"]]
    except (KeyError, TypeError, ValueError) as exc:
        return f"a diagnostic is malformed ({exc})"
    if kind == "build":
        outputs = entry["outputs"]
        if not isinstance(entry["identifier"], str) or not entry["identifier"]:
            return "identifier is not a text"
        if not is_text_list(entry["inputs"]) or not entry["inputs"]:
            return "inputs is not a list of paths"
        if not isinstance(outputs, dict) or not outputs or \
                not all(isinstance(digest, str) and HEX_DIGEST.match(digest) for digest in outputs.values()):
            return "outputs is not a mapping of paths to SHA-256 digests"
    return None


@dataclass(frozen=True)
class Cache:
    """Entries as small JSON files under `folder`, named by their key.

    An entry is trusted only if it has the shape an entry must have (`entry_problem`); one that
    is garbled, truncated or of another shape is a miss, reported once through `warn` (IOP092),
    and overwritten by the next result.
    """

    folder: Path
    warn: Callable[[Diagnostic], None] | None = None
    shared: bool = True  # False: sealed with the checkout's own secret only (cache_seal.py)

    def read(self, key: str, kind: str) -> dict | None:
        path = self.folder / f"{key}.json"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return self.ignore(path, str(exc.strerror or exc))
        try:
            entry = unsealed_bytes(data, self.folder, self.shared)
        except ValueError as exc:  # UnicodeDecodeError too
            return self.ignore(path, f"not JSON ({exc})")
        if entry is None:
            return self.ignore(path, "its seal does not match (it was not written by this checkout's iopdoc)")
        problem = entry_problem(entry, kind, key)
        return self.ignore(path, problem) if problem else entry

    def ignore(self, path: Path, why: str) -> None:
        if self.warn is not None:
            self.warn(warning("IOP092", Location(relative_name(path)),
                              f"cacheposten är trasig ({why}); den används inte, och källan kontrolleras eller byggs om.",
                              f"the cache entry is broken ({why}); it is not used, and the source is checked or built again."))
        return None

    def write(self, key: str, entry: dict) -> None:
        try:
            data = sealed_bytes({"key": key, **entry}, self.folder, self.shared)
            write_atomic(self.folder / f"{key}.json", data)
        except IopdocError:
            pass  # a cache that cannot be written only costs time

    def findings(self, key: str) -> list[Diagnostic] | None:
        entry = self.read(key, "check")
        return None if entry is None else list(entry["diagnostics"])

    def remember_findings(self, key: str, findings: list[Diagnostic]) -> None:
        self.write(key, {"diagnostics": [d.to_dict() for d in findings]})

    def built(self, key: str, expected: tuple[Path, ...] | None = None) -> CachedBuild | None:
        """A previous build's outputs, if every output it wrote is still there, byte for byte (and,
        given `expected`, they are exactly the outputs this build would write)."""
        entry = self.read(key, "build")
        if entry is None:
            return None
        outputs = tuple(Path(name) for name in entry["outputs"])
        if expected is not None and {str(p) for p in outputs} != {str(p) for p in expected}:
            return self.ignore(self.folder / f"{key}.json", "it names other outputs than this build writes")
        for path, digest in zip(outputs, entry["outputs"].values()):
            try:
                if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                    return None
            except OSError:
                return None
        return CachedBuild(entry["identifier"], tuple(Path(p) for p in entry["inputs"]), outputs,
                           tuple(entry["diagnostics"]))

    def remember_build(self, key: str, identifier: str, inputs: tuple[Path, ...], outputs: tuple[Path, ...],
                       diagnostics: tuple[Diagnostic, ...]) -> None:
        try:
            digests = {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in outputs}
        except OSError:
            return
        self.write(key, {"identifier": identifier, "inputs": [str(p) for p in inputs], "outputs": digests,
                         "diagnostics": [d.to_dict() for d in diagnostics]})

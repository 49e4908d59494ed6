"""What a PDF carries about its origin: its YAML source and a build manifest, and reading them back.

The manifest says which source (SHA-256), which iopdoc and which templates
built the PDF, and the git commit that last changed the source when known, so
a published PDF can always be traced back and rebuilt.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import subprocess
from pathlib import Path

from . import __version__
from .assets import asset_files
from .errors import Location, SourceError, UsageError, error, missing_file

MANIFEST_NAME = "iopdoc-manifest.json"


def tree_digest(folder: Path) -> str:
    """SHA-256 over a folder's files (names and bytes), independent of timestamps."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def templates_digest(templates_dir: Path) -> str:
    """The digest of the templates a build uses (the project's own, then the package's defaults);
    hashed again whenever a file's size or modification time differs, so even a long-lived process
    (the preview server, a test run) never uses a stale one."""
    files = tuple(asset_files(templates_dir).items())
    signature = tuple((name, str(p), p.stat().st_mtime_ns, p.stat().st_size) for name, p in files)
    return _digest_of(files, signature)


@functools.lru_cache(maxsize=16)
def _digest_of(files: tuple[tuple[str, Path], ...], signature: tuple) -> str:
    digest = hashlib.sha256()
    for name, path in files:
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def folder_history(folder: Path) -> tuple[dict[str, str], frozenset[str]]:
    """For every file in `folder`, the last commit that changed it, and which files differ from it.

    Two git commands per folder, however many documents are built: Project.commit_of keeps the
    answer until the project is invalidated.
    """
    try:
        log = subprocess.run(["git", "log", "--format=%x00%H", "--name-only", "--relative", "--", "."], cwd=folder,
                             capture_output=True, text=True, timeout=30)
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "."], cwd=folder,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return {}, frozenset()
    if log.returncode != 0:
        return {}, frozenset()
    commits: dict[str, str] = {}
    for block in log.stdout.split("\0")[1:]:
        commit, *names = block.strip().splitlines()
        for name in names:
            commits.setdefault(Path(name).name if "/" not in name else name, commit)
    dirty = frozenset(Path(line[3:].strip().strip('"')).name for line in status.stdout.splitlines() if len(line) > 3)
    return commits, dirty


def draft_version(source: Path, commit: str | None) -> str | None:
    """What a draft's pages say it was built from, so two printed drafts can be told apart: the
    commit that last changed the source and its date, "ändrad efter" it when edited since. No clock
    is read: the same source at the same commit gives the same words."""
    if commit is None:
        return None
    sha, dirty = commit.removesuffix("+dirty"), commit.endswith("+dirty")
    try:
        shown = subprocess.run(["git", "show", "-s", "--format=%cs", sha], cwd=source.resolve().parent,
                               capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    date = shown.stdout.strip() if shown.returncode == 0 else ""
    words = f"{sha[:7]}, {date}" if date else sha[:7]
    return f"ändrad efter {words}" if dirty else words


def build_manifest(source: Path, source_bytes: bytes, templates_dir: Path, variant: str, commit: str | None) -> bytes:
    """`commit`: the one that last changed the source (Project.commit_of), None outside git."""
    manifest = {
        "source": source.name,
        "source_sha256": hashlib.sha256(source_bytes).hexdigest(),
        "iopdoc_version": __version__,
        "templates_sha256": templates_digest(templates_dir),
        "git_commit": commit,
        "pdf_variant": variant,
    }
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def build_stamp(document_date: dt.date | None) -> dt.datetime:
    """The date a build claims: SOURCE_DATE_EPOCH when set (reproducible builds), else the document's own date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    day = document_date or dt.date(1980, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def read_embedded(pdf: Path) -> dict[str, bytes]:
    """The files embedded in a PDF (or a DOCX built by iopdoc), by name."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    where = Location(str(pdf))
    if pdf.suffix.lower() == ".docx":  # a DOCX carries the same files in a custom part
        from .docx_package import read_embedded_docx

        return read_embedded_docx(pdf)
    if not pdf.is_file():
        raise UsageError([missing_file(pdf)])
    try:
        attachments = PdfReader(pdf).attachments
        return {name: contents[0] for name, contents in attachments.items() if contents}
    except (PdfReadError, ValueError, KeyError) as exc:
        raise SourceError([error("IOP080", where, f"kan inte läsas som PDF: {exc}.", f"cannot be read as a PDF: {exc}.")]) from None


def embedded_source(pdf: Path) -> tuple[str, bytes]:
    """The YAML source a PDF was built from: its file name and its exact bytes."""
    files = read_embedded(pdf)
    sources = {name: data for name, data in files.items() if name.endswith((".yaml", ".yml"))}
    if not sources:
        raise SourceError([error("IOP081", Location(str(pdf)),
                                 "PDF:en bär ingen källa. Den byggdes inte av iopdoc, eller av en äldre version.",
                                 "the PDF carries no source. It was not built by iopdoc, or by an older version.")])
    name = sorted(sources)[0]
    return name, sources[name]

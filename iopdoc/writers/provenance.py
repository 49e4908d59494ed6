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
from typing import Mapping

from iopdoc import __version__
from iopdoc.assets import asset_files

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


def build_manifest(source: Path, source_bytes: bytes, templates_dir: Path, variant: str, commit: str | None,
                   signing: Mapping[str, object] | None = None) -> bytes:
    """`commit`: the one that last changed the source (Project.commit_of), None outside git.

    `signing` (a PDF made to be signed, see `signing_provenance`): what else the bytes depend on, so
    `iopdoc verify` can build them again and compare byte for byte."""
    manifest = {
        "source": source.name,
        "source_sha256": hashlib.sha256(source_bytes).hexdigest(),
        "iopdoc_version": __version__,
        "templates_sha256": templates_digest(templates_dir),
        "git_commit": commit,
        "pdf_variant": variant,
        **(signing or {}),
    }
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def build_stamp(document_date: dt.date | None) -> dt.datetime:
    """The date a build claims: SOURCE_DATE_EPOCH when set (reproducible builds), else the document's own date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    day = document_date or dt.date(1980, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def signing_provenance(source: Path, project_root: Path, stamp: dt.datetime) -> dict[str, object]:
    """What a PDF made for signing names besides the source: the repository commit of the whole
    tree (not only the commit that last changed the source: templates, iopdoc.toml and linked sources
    count too), where the project and the source sit in it, the settings' digest, and the date the
    build claimed. `repository_commit` ends in `+dirty` when the project differs from it."""
    from iopdoc.git import repository_state

    from iopdoc.source.config import CONFIG_NAME

    config = project_root / CONFIG_NAME
    state = repository_state(project_root)
    top, commit = state if state is not None else (None, None)

    def inside(path: Path) -> str | None:
        if top is None:
            return None
        try:
            return path.resolve().relative_to(top.resolve()).as_posix()
        except ValueError:
            return None

    return {
        "repository_commit": commit,
        "project_path": inside(project_root),
        "source_path": inside(source),
        "config_sha256": hashlib.sha256(config.read_bytes()).hexdigest() if config.is_file() else None,
        "signature_fields": True,
        "build_stamp": stamp.isoformat(),
    }

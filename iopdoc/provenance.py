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
from .quoting import excerpt

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


MAX_EMBEDDED_BYTES = 4 * 1024 * 1024  # a source is at most 2 MB (limits.py); its manifest is tiny
MAX_EMBEDDED_FILES = 64


def read_embedded(pdf: Path) -> dict[str, bytes]:
    """The files embedded in a PDF (or a DOCX built by iopdoc), by name; a PDF's each decompressed to at
    most MAX_EMBEDDED_BYTES.

    The PDF may come from anywhere (a download, an e-mail): whatever is wrong with it, from a
    broken cross-reference table to a compression bomb, becomes a diagnostic.
    """
    from pypdf import PdfReader

    where = Location(str(pdf))
    if pdf.suffix.lower() == ".docx":  # a DOCX carries the same files in a custom part
        from .docx_package import read_embedded_docx

        return read_embedded_docx(pdf)
    if not pdf.is_file():
        raise UsageError([missing_file(pdf)])
    try:
        reader = PdfReader(pdf)
        tree = reader.trailer["/Root"].get("/Names", {}).get("/EmbeddedFiles")
        return dict(_embedded_files(tree.get_object() if tree is not None else None, where))
    except SourceError:
        raise
    except Exception as exc:  # pypdf on a hostile file can raise nearly anything; none of it is a bug of ours
        raise SourceError([error("IOP080", where, f"kan inte läsas som PDF: {excerpt(exc, 120)}.",
                                 f"cannot be read as a PDF: {excerpt(exc, 120)}.")]) from None


def _embedded_files(node, where: Location, depth: int = 0):
    """(name, bytes) for each file in an EmbeddedFiles name tree, depth and count bounded."""
    if node is None:
        return
    if depth > 16:
        raise SourceError([error("IOP080", where, "PDF:ens lista över bifogade filer är för djup.",
                                 "the PDF's tree of embedded files is too deep.")])
    found = 0
    names = node.get("/Names", [])
    for index in range(0, len(names) - 1, 2):
        found += 1
        if found > MAX_EMBEDDED_FILES:
            raise SourceError([error("IOP080", where, "PDF:en bär för många bifogade filer.",
                                     "the PDF carries too many embedded files.")])
        spec = names[index + 1].get_object()
        stream = spec["/EF"]["/F"].get_object()
        yield str(names[index]), _decoded(stream, where)
    for kid in node.get("/Kids", []):
        yield from _embedded_files(kid.get_object(), where, depth + 1)


def _decoded(stream, where: Location) -> bytes:
    """A stream's bytes: stored or Flate-compressed (what WeasyPrint writes), never past the limit."""
    import zlib

    filters = stream.get("/Filter")
    filters = [] if filters is None else [str(f) for f in (filters if isinstance(filters, list) else [filters])]
    raw = stream._data  # the encoded bytes, as stored
    if filters == ["/FlateDecode"]:
        inflater = zlib.decompressobj()
        data = inflater.decompress(raw, MAX_EMBEDDED_BYTES + 1)
    elif not filters:
        data = raw
    else:
        raise SourceError([error("IOP080", where, f"en bifogad fil är kodad på ett sätt iopdoc inte läser ({excerpt(filters)}).",
                                 f"an embedded file is encoded in a way iopdoc does not read ({excerpt(filters)}).")])
    if len(data) > MAX_EMBEDDED_BYTES:
        raise SourceError([error("IOP080", where, f"en bifogad fil är större än {MAX_EMBEDDED_BYTES // 1024 // 1024} MB uppackad.",
                                 f"an embedded file is larger than {MAX_EMBEDDED_BYTES // 1024 // 1024} MB unpacked.")])
    return data


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


def output_path(name: str, output: Path | None, pdf: Path) -> Path:
    """Where `extract` writes: the PDF's own name for its source, inside the chosen folder (`-o DIR`,
    default here), or the file `-o` names. The name comes from the PDF, so it must be a plain
    `<id>.yaml`: never a path, never hidden, never absolute."""
    from .ids import is_valid_id

    if output is not None and not output.is_dir():
        return output
    stem, dot, suffix = name.rpartition(".")
    if not (dot and suffix in ("yaml", "yml") and is_valid_id(stem)):
        raise SourceError([error("IOP083", Location(str(pdf)),
                                 f"PDF:en kallar sin källa `{excerpt(name)}`, vilket inte är ett vanligt filnamn (id.yaml). "
                                 "Välj namnet själv med -o.",
                                 f"the PDF names its source `{excerpt(name)}`, which is not a plain file name (id.yaml). "
                                 "Choose the name yourself with -o.")])
    return (output or Path(".")) / name

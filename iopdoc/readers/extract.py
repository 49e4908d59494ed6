"""The files a built PDF or DOCX carries, read back: its YAML source and its build manifest.

The file may come from anywhere (a download, an e-mail): whatever is wrong with it, from a broken
cross-reference table to a compression bomb, becomes a diagnostic. The names of what is embedded
are the writers' (`writers/provenance.py`, `writers/docx_package.py`).
"""
from __future__ import annotations

import json
import contextlib
import logging
import warnings
import zipfile
import zlib
from pathlib import Path

from iopdoc.errors import Location, SourceError, UsageError, error, missing_file
from iopdoc.quoting import excerpt
from iopdoc.writers.docx_package import MANIFEST_PART, MAX_PART_BYTES, SAFE_SOURCE_NAME, SOURCE_PART
from iopdoc.writers.provenance import MANIFEST_NAME


MAX_EMBEDDED_BYTES = 4 * 1024 * 1024  # a source is at most 2 MB (limits.py); its manifest is tiny
MAX_EMBEDDED_FILES = 64


MAX_PDF_BYTES = 64 * 2**20


@contextlib.contextmanager
def quiet_pypdf():
    """pypdf's own log warnings and Python warnings silenced while it reads an untrusted file."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def read_embedded(pdf: Path) -> dict[str, bytes]:
    """The files embedded in a PDF (or a DOCX built by iopdoc), by name; a PDF's each decompressed to at
    most MAX_EMBEDDED_BYTES.

    The PDF may come from anywhere (a download, an e-mail): whatever is wrong with it, from a
    broken cross-reference table to a compression bomb, becomes a diagnostic.
    """
    if pdf.suffix.lower() == ".docx":  # a DOCX carries the same files in a custom part
        return read_embedded_docx(pdf)
    if not pdf.is_file():
        raise UsageError([missing_file(pdf)])
    if pdf.stat().st_size > MAX_PDF_BYTES:
        raise SourceError([error("IOP080", Location(str(pdf)), f"PDF:en är större än {MAX_PDF_BYTES // 2**20} MB; iopdocs PDF:er är "
                                 "mycket mindre.", f"the PDF is larger than {MAX_PDF_BYTES // 2**20} MB; iopdoc's PDFs "
                                 "are much smaller.")])
    return read_embedded_pdf(pdf, Location(str(pdf)))


def read_embedded_pdf(pdf, where: Location) -> dict[str, bytes]:
    """The files embedded in a PDF given as a path or a binary stream (a signed file's first revision)."""
    from pypdf import PdfReader

    try:
        with quiet_pypdf():  # its warnings about a broken file would come before our diagnostic
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
    from iopdoc.source.ids import is_valid_id

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


def read_embedded_docx(path: Path) -> dict[str, bytes]:
    """The files iopdoc embedded in a DOCX, by their names: the source under its own name, and the manifest.

    Read with zipfile only, each part at most MAX_PART_BYTES; a file that is not a DOCX, or one
    without iopdoc's parts, is a positioned error (IOP080/IOP081), never a traceback.
    """
    from iopdoc.readers.packages import check_package

    where = Location(str(path))
    if not path.is_file():
        raise UsageError([missing_file(path)])
    check_package(path, "IOP080")
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if SOURCE_PART not in names:
                raise SourceError([error("IOP081", where,
                                         "DOCX-filen bär ingen källa. Den byggdes inte av iopdoc, eller av en äldre version.",
                                         "the DOCX carries no source. It was not built by iopdoc, or by an older version.")])
            parts = {}
            for name in (SOURCE_PART, MANIFEST_PART):
                if name in names:
                    if package.getinfo(name).file_size > MAX_PART_BYTES:
                        raise SourceError([error("IOP080", where, f"delen {name} är för stor för att vara iopdocs.",
                                                 f"the part {name} is too large to be iopdoc's.")])
                    parts[name] = package.read(name)
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, zlib.error, NotImplementedError, RuntimeError,
            ValueError) as exc:  # broken deflated data, an unknown compression method, an encrypted part
        raise SourceError([error("IOP080", where, f"kan inte läsas som DOCX: {excerpt(exc, 120)}.",
                                 f"cannot be read as a DOCX: {excerpt(exc, 120)}.")]) from None
    manifest = parts.get(MANIFEST_PART, b"{}")
    try:
        name = json.loads(manifest.decode("utf-8")).get("source") or "source.yaml"
    except (ValueError, UnicodeDecodeError, AttributeError):
        name = "source.yaml"
    # The name comes from inside the file: only a plain file name is taken, never a path.
    name = Path(str(name).replace("\\", "/")).name
    if not SAFE_SOURCE_NAME.fullmatch(name):
        name = "source.yaml"
    files = {name: parts[SOURCE_PART]}
    if MANIFEST_PART in parts:
        files[MANIFEST_NAME] = manifest
    return files


def is_docx(path: Path) -> bool:
    return path.suffix.lower() == ".docx"

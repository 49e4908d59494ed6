"""HTML to PDF with WeasyPrint: the only module that imports it, and only when a PDF is wanted.

Two variants:
- `accessible` (the default): tagged PDF/UA-1, for publishing on the web, where
  the accessibility law applies; the source and a build manifest are embedded.
- `archival`: PDF/A-3a (tagged, conformance level a) for the archive, with the
  same files embedded as associated files (relationship Source / Data), that is also
  PDF/UA-1 (pdf_archival.py): one file to publish and to archive.
Either is checked by an outside checker against what it claims (validation.py).
Bytes are reproducible: no clock is read here; every date comes from the caller.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from iopdoc.assets import find_asset, search_path
from iopdoc.formats import PDF_VARIANTS as VARIANTS
from iopdoc.writers.html import RenderedDocument
from iopdoc.writers.signature_fields import SignatureField, add_field_inputs, signature_field_finisher

DEFAULT_VARIANT = "accessible"
PRINT_STYLESHEET = "print.css"


@dataclass(frozen=True)
class EmbeddedFile:
    """A file carried inside the PDF: the source it was built from, or its manifest."""

    name: str
    data: bytes
    description: str
    relationship: str  # ISO 32000-2 AFRelationship: Source, Data, Supplement, …


def import_weasyprint():
    """WeasyPrint, imported without the slow library look-ups where they are not needed.

    For each system library WeasyPrint tries several names, and cffi runs
    ctypes.util.find_library (gcc, then ld) for each name the dynamic loader
    does not know: about 0.3 s, a fifth of the edit-one-source-then-make time
    (bench/). On Linux each list also holds the soname the loader finds directly
    (libpango-1.0.so.0), so the look-ups are skipped there; if the import fails
    that way, it is tried again as usual.

    `ctypes.util.find_library` is replaced only for the import statement itself and restored
    right after it, whether the import succeeded or failed: nothing else in the process (a later
    ctypes user, the cache's library versions) ever sees the replacement.
    """
    import ctypes.util
    import sys

    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint
        return weasyprint
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
        return weasyprint
    except OSError:
        for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = original
    import weasyprint
    return weasyprint


def name_tree_key(file: EmbeddedFile) -> bytes:
    """The bytes WeasyPrint writes as the file's key in the EmbeddedFiles name tree (pydyf's
    encoding: ASCII as it is, anything else UTF-16 with a byte order mark), which sort the tree."""
    return file.name.encode("ascii") if file.name.isascii() else b"\xfe\xff" + file.name.encode("utf-16-be")


def _fetcher_class():
    import_weasyprint()
    from weasyprint.urls import URLFetcher

    class ProjectAssetsFetcher(URLFetcher):
        """Serves files below the project's asset folder and nothing else: no network, no other files.

        A file the project does not have there (a font) is served from the package's defaults.
        """

        def __init__(self, assets_dir: Path):
            super().__init__(allowed_protocols=("file", "data"))
            self.assets_dir = assets_dir.resolve()
            self.folders = tuple(folder.resolve() for folder in search_path(assets_dir))

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "data":  # an inlined asset (the logo): no network, no file
                return super().fetch(url, headers)
            path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
            if path is not None and path.is_relative_to(self.assets_dir) and not path.exists():
                default = find_asset(self.assets_dir, path.relative_to(self.assets_dir).as_posix())
                path = default.resolve() if default else path
                url = path.as_uri()
            if path is None or not any(path.is_relative_to(folder) for folder in self.folders):
                raise ValueError(f"iopdoc fetches only the project's own assets, not {url}")
            return super().fetch(url, headers)

    return ProjectAssetsFetcher


@functools.lru_cache(maxsize=8)
def font_configuration(assets_dir: Path):
    """One WeasyPrint font configuration per folder of assets, shared by every PDF a process renders.

    WeasyPrint's default, a new one per document, loads every system font into a new fontconfig
    configuration and Pango font map each time, and what those leave behind made a build worker
    grow by about 0.3 MB per PDF (266 MiB after 500 documents). The fonts a project's CSS declares
    (`@font-face`) are the same for each of its documents, and WeasyPrint adds each only once.
    """
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(rendered: RenderedDocument, assets_dir: Path, *, variant: str = DEFAULT_VARIANT,
               embedded: tuple[EmbeddedFile, ...] = (), stamp: dt.datetime | None = None,
               signature_fields: tuple[SignatureField, ...] = ()) -> bytes:
    """The document as PDF bytes: A4, tagged, with title, authors, subject, language and embedded files.

    `stamp` dates the embedded files (WeasyPrint would otherwise use the clock);
    the document's own dates come from the HTML's `dcterms.created` metadata.
    `signature_fields`: empty signature fields over the signatories' lines (signature_fields.py);
    without them nothing of that is done, and the bytes are what they always were.
    """
    weasyprint = import_weasyprint()

    fetcher = _fetcher_class()(assets_dir)
    stamp = stamp or dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
    attachments = [
        weasyprint.Attachment(string=file.data, name=file.name, description=file.description,
                              created=stamp, modified=stamp, relationship=file.relationship,
                              url_fetcher=fetcher)
        for file in sorted(embedded, key=name_tree_key)  # a name tree's keys must be sorted (ISO 32000-1, 7.9.6)
    ]
    base_url = str(assets_dir.resolve()) + "/"
    html = weasyprint.HTML(string=rendered.html, base_url=base_url, url_fetcher=fetcher)
    finisher = None
    if signature_fields:
        add_field_inputs(html.etree_element, signature_fields, f"{rendered.document.id}.pdf")
        finisher = signature_field_finisher(signature_fields)
    # Paged media (page size, running header, page numbers) lives in print.css, given to
    # WeasyPrint only, so the HTML pages carry CSS that validates in browsers' terms.
    # A document kind may add its own (memo.print.css: the memo's Dnr on every page).
    names = (PRINT_STYLESHEET, f"{rendered.document.kind}.{PRINT_STYLESHEET}")
    fonts = font_configuration(assets_dir.resolve())
    paged = [weasyprint.CSS(filename=str(path), base_url=base_url, url_fetcher=fetcher, font_config=fonts)
             for path in map(lambda name: find_asset(assets_dir, name), names) if path]
    data = html.write_pdf(stylesheets=paged, pdf_variant=VARIANTS[variant], attachments=attachments,
                          pdf_identifier=rendered.identifier.encode("utf-8"), finisher=finisher,
                          font_config=fonts)
    if variant == "archival":  # WeasyPrint's PDF/A-3a, made valid PDF/A and claiming PDF/UA-1 too
        from iopdoc.writers.pdf_archival import finish_archival

        data = finish_archival(data)
    return data

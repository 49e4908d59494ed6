"""HTML to PDF with WeasyPrint: the only module that imports it, and only when a PDF is wanted."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from .render import RenderedDocument

PDF_VARIANT = "pdf/ua-1"


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class ProjectAssetsFetcher(URLFetcher):
        """Serves files below the project's asset folder and nothing else: no network, no other files."""

        def __init__(self, assets_dir: Path):
            super().__init__(allowed_protocols=("file",))
            self.assets_dir = assets_dir.resolve()

        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
            if path is None or not path.is_relative_to(self.assets_dir):
                raise ValueError(f"iopdoc fetches only the project's own assets, not {url}")
            return super().fetch(url, headers)

    return ProjectAssetsFetcher


def render_pdf(rendered: RenderedDocument, assets_dir: Path) -> bytes:
    """The document as PDF bytes: A4, tagged (PDF/UA-1), with title, authors, subject and language."""
    import weasyprint

    fetcher = _fetcher_class()(assets_dir)
    html = weasyprint.HTML(string=rendered.html, base_url=str(assets_dir.resolve()) + "/", url_fetcher=fetcher)
    return html.write_pdf(pdf_variant=PDF_VARIANT, lang=rendered.language)

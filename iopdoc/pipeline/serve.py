"""A live preview for drafting: the rendered page of each source, reloaded when a file changes.

Loopback only. One Project serves every request (HTML only, no PDF, so it is
quick), and check findings are shown beside the document instead of stopping
it: a draft in progress is meant to have some. A watcher thread notices changes
to sources and templates and invalidates the project, so the next request reads
the files as they are now; the page asks for the current version twice a second
and reloads when it changed.
"""
from __future__ import annotations

import html
import json
import re
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from iopdoc.assets import find_asset
from iopdoc.pipeline.checking import check_resolved
from iopdoc.errors import Diagnostic, IopdocError
from iopdoc.pipeline.loopback import request_allowed
from iopdoc.resolve.project import Project
from iopdoc.writers.html import render_html

LOOPBACK = "127.0.0.1"
POLL_SECONDS = 0.25

RELOAD_SCRIPT = """<script>
(function () {
  var seen = null;
  function ask() {
    fetch("/__version", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (seen !== null && v !== seen) { location.reload(); return; }
      seen = v; setTimeout(ask, 500);
    }).catch(function () { setTimeout(ask, 1000); });
  }
  ask();
})();
</script>"""

PANEL_STYLE = """<style>
.iopdoc-findings { border: 2px solid #a40000; background: #fff6f6; padding: 0.5rem 1rem; margin: 0 0 1.5rem; }
.iopdoc-findings h2 { margin: 0.2rem 0 0.5rem; font-size: 1.05rem; color: #a40000; }
.iopdoc-findings li { font-family: monospace; font-size: 0.85rem; margin: 0.2rem 0; }
.iopdoc-findings.clean { border-color: #2e6b2e; background: #f4fbf4; }
.iopdoc-findings.clean h2 { color: #2e6b2e; }
body[data-iopdoc-stale] main > :not(.iopdoc-findings) { opacity: 0.45; filter: grayscale(1); }
.iopdoc-stale-note { font-style: italic; margin: 0.5rem 0 0; }
</style>"""


class Watcher:
    """Counts changes to the files a preview depends on, by polling their modification times."""

    def __init__(self, folders: list[Path], changed=lambda: None):
        self.folders = folders
        self.changed = changed  # called (from the watcher's thread) after each change, before `version` moves
        self.version = 0
        self._stamps = self._scan()
        self._stop = threading.Event()
        self._polling = threading.Lock()

    def _scan(self) -> dict[Path, tuple[int, int]]:
        stamps = {}
        for folder in self.folders:
            for path in folder.rglob("*") if folder.is_dir() else [folder]:
                if path.is_file():  # a watched file (iopdoc.toml) may not exist yet
                    stat = path.stat()
                    stamps[path] = (stat.st_mtime_ns, stat.st_size)
        return stamps

    def poll(self) -> None:
        """Look now: a request polls before it renders, so it never shows a file as it was."""
        with self._polling:
            stamps = self._scan()
            if stamps != self._stamps:
                self._stamps = stamps
                self.changed()
                self.version += 1

    def run(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self.poll()

    def stop(self) -> None:
        self._stop.set()


def findings_panel(diagnostics: list[Diagnostic], lang: str, stale: bool = False) -> str:
    if not diagnostics:
        title = "Inga fynd" if lang == "sv" else "No findings"
        return f'<aside class="iopdoc-findings clean" aria-label="{title}"><h2>{title}</h2></aside>'
    title = ("Fynd" if lang == "sv" else "Findings") + f" ({len(diagnostics)})"
    items = "".join(f"<li>{html.escape(d.format(lang))}</li>" for d in diagnostics)
    note = ("Dokumentet nedan är den senaste versionen som gick att visa; det uppdateras när felen är rättade."
            if lang == "sv" else "The document below is the last version that could be shown; it updates once the "
            "errors are fixed.")
    shown = f'<p class="iopdoc-stale-note">{note}</p>' if stale else ""
    return f'<aside class="iopdoc-findings" aria-label="{title}"><h2>{title}</h2><ul>{items}</ul>{shown}</aside>'


def readability_panel(document, linked, lang: str) -> str:
    """LIX per section and for the whole document, beside the findings (plain.py)."""
    from iopdoc.checks.plain import readability_rows

    title = "Läsbarhet (LIX)" if lang == "sv" else "Readability (LIX)"
    items = "".join(f"<li>{html.escape(name)}: {html.escape(lix)}</li>" for name, lix in readability_rows(document, linked, lang))
    return f'<aside class="iopdoc-findings clean iopdoc-readability" aria-label="{title}"><h2>{title}</h2><ul>{items}</ul></aside>'


def preview_page(project: Project, source: Path, lang: str, last_good: dict[Path, str] | None = None) -> str:
    """The document's page with its findings above it. When the source does not load (a YAML or
    prose error), the findings over the last render that worked, greyed (`last_good`: by source),
    so the preview never goes blank while the officer types; a page of findings alone before that."""
    last_good = {} if last_good is None else last_good
    key = source.resolve()
    stale = False
    try:
        resolved = project.resolve(source)
        findings = check_resolved(project, resolved)
        page = render_html(resolved.document, project.templates_dir, resolved.linked, look=project.config.look,
                           evaluated=resolved.evaluated,
                           agreement_type=resolved.agreement_type, schedule=resolved.schedule).html
        last_good[key] = page
        readability = readability_panel(resolved.document, resolved.linked, lang)
    except IopdocError as exc:
        findings = exc.diagnostics
        stale = key in last_good
        if stale:
            page = re.sub(r"<body([^>]*)>", r"<body\1 data-iopdoc-stale>", last_good[key], count=1)
        else:
            title = html.escape(source.name)
            page = (f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{title}</title></head>'
                    f"<body><main><h1>{title}</h1></main></body></html>")
        readability = ""
    panel = PANEL_STYLE + findings_panel(list(findings), lang, stale) + readability
    page = re.sub(r"(<main[^>]*>)", lambda m: m.group(1) + panel, page, count=1)
    return page.replace("</body>", RELOAD_SCRIPT + "</body>", 1)


def index_page(project: Project) -> str:
    items = "".join(f'<li><a href="/doc/{html.escape(p.stem)}">{html.escape(p.stem)}</a></li>'
                    for p in project.source_paths())
    return (f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>iopdoc förhandsvisning</title></head>'
            f"<body><main><h1>Källor</h1><ul>{items}</ul></main>{RELOAD_SCRIPT}</body></html>")


def make_handler(project: Project, watcher: Watcher, lang: str, only: Path | None, lock: threading.Lock):
    """`lock` keeps the server's threads from reading the project while the watcher invalidates it."""
    last_good: dict[Path, str] = {}  # each source's last page that rendered, shown greyed under its errors

    class PreviewHandler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # quiet: the terminal shows findings, not requests
            pass

        def send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = unquote(self.path.split("?", 1)[0])
            if not request_allowed(self.headers, self.server.server_port, path):
                return self.send(HTTPStatus.FORBIDDEN, b"forbidden: iopdoc serve answers only 127.0.0.1, localhost "
                                 b"and [::1] on its own port", "text/plain")
            if path == "/__version":
                return self.send(HTTPStatus.OK, str(watcher.version).encode(), "text/plain")
            if path == "/" and only is not None:
                self.send_response(HTTPStatus.FOUND)
                self.send_header("Location", f"/doc/{only.stem}")
                self.end_headers()
                return None
            if path == "/":
                return self.send(HTTPStatus.OK, index_page(project).encode(), "text/html; charset=utf-8")
            match = re.fullmatch(r"/doc/fonts/([\w-][\w.-]*)", path)
            font = find_asset(project.templates_dir, f"fonts/{match.group(1)}") if match else None
            if font is not None:
                return self.send(HTTPStatus.OK, font.read_bytes(), "font/ttf")
            match = re.fullmatch(r"/doc/([\w.-]+)", path)
            if match:
                source = only if only is not None and only.stem == match.group(1) else \
                    project.sources_dir / f"{match.group(1)}.yaml"
                if source.is_file():
                    watcher.poll()
                    with lock:  # one Project for every request: it reads each file once until it changes
                        page = preview_page(project, source, lang, last_good)
                    return self.send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")
            return self.send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")

    return PreviewHandler


def serve(project: Project, port: int, lang: str = "sv", only: Path | None = None,
          ready: threading.Event | None = None) -> None:
    """Serve previews on 127.0.0.1:`port` until interrupted."""
    folders = [project.sources_dir, project.templates_dir, project.root / "iopdoc.toml"] + \
        ([only.parent] if only is not None else [])
    lock = threading.Lock()

    def changed() -> None:
        with lock:
            project.invalidate()

    watcher = Watcher(folders, changed)
    threading.Thread(target=watcher.run, daemon=True).start()
    server = ThreadingHTTPServer((LOOPBACK, port), make_handler(project, watcher, lang, only, lock))
    if ready is not None:
        ready.set()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        watcher.stop()
        server.server_close()

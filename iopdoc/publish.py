"""A static site for the municipal website: an index, one page and one PDF per document, a catalogue.

Everything is relative links and plain HTML and CSS (no scripts), so the web
team can copy the folder as it is. Drafts are left out unless asked for, and
are marked UTKAST when included.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path


from . import __version__, locale_sv, model
from .build import BuildResult, build_source, write_atomic
from .template_errors import reported_at_template
from .config import Look
from .errors import Diagnostic, IopdocError
from .project import Project
from .provenance import folder_history
from .render import base_page, read_asset, template_environment

KIND_LABELS = {"agreement": "Överenskommelse (IOP)", "memo": "Tjänsteskrivelse"}


@dataclass(frozen=True)
class CatalogEntry:
    """What the index and catalog.json say about one published document."""

    id: str
    kind: str
    title: str
    status: str
    parties: tuple[dict, ...]
    start: str | None
    end: str | None
    yearly_amount: int | None
    html: str
    pdf: str
    pdf_bytes: int
    pdf_sha256: str

    def as_json(self) -> dict:
        return {name: (list(value) if isinstance(value, tuple) else value) for name, value in self.__dict__.items()}


@dataclass(frozen=True)
class PublishResult:
    entries: tuple[CatalogEntry, ...]
    builds: tuple[BuildResult, ...]
    skipped_drafts: tuple[Path, ...]

    @property
    def failed(self) -> bool:
        return any(b.failed for b in self.builds)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(d for b in self.builds for d in b.diagnostics)


def yearly_amount(document: model.Node) -> int | None:
    """The yearly sum the index shows: the stated yearly total, else the sum of yearly contributions."""
    economy = getattr(document, "economy", None)
    if economy is None:
        return None
    if economy.total is not None and economy.total.per == "year":
        return int(economy.total.amount)
    yearly = [c.amount for c in economy.contributions.values() if c.per == "year"]
    return int(sum(yearly, Decimal(0))) if yearly else None


def shown_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def catalog_entry(document: model.Node, pdf: Path) -> CatalogEntry:
    period = getattr(document, "period", None)
    parties = getattr(document, "parties", {})
    data = pdf.read_bytes()
    return CatalogEntry(
        id=document.id, kind=document.kind, title=document.title, status=document.status,
        # A memo names the parties and period of the agreement it proposes as far as it states them.
        parties=tuple({"name": p.name, "org_number": p.org_number, "sector": getattr(p, "sector", None)}
                      for p in parties.values()),
        start=shown_or_none(getattr(period, "start", None)), end=shown_or_none(getattr(period, "end", None)),
        yearly_amount=yearly_amount(document), html=f"{document.id}.html", pdf=pdf.name,
        pdf_bytes=len(data), pdf_sha256=hashlib.sha256(data).hexdigest(),
    )


def size_label(size: int) -> str:
    return f"{locale_sv.format_number(max(1, round(size / 1024)))}\u00a0kB"


def render_index(entries: tuple[CatalogEntry, ...], templates_dir: Path, look: Look) -> str:
    page = base_page(page_title="IOP-överenskommelser och tjänsteskrivelser", lang="sv",
                     stylesheet=read_asset(templates_dir, "style.css"), look=look,
                     subject="Förteckning över publicerade överenskommelser om idéburet offentligt partnerskap",
                     keywords="IOP, idéburet offentligt partnerskap")
    with reported_at_template(templates_dir):
        template = template_environment(templates_dir).get_template("index.html.j2")
        return template.render(**page, entries=entries, kinds=KIND_LABELS, size_label=size_label)


def publish(project: Project, out_dir: Path, *, include_drafts: bool = False, variant: str = "accessible") -> PublishResult:
    """Build every source of the project into a static site in `out_dir`."""
    folder_history.cache_clear()  # git's history as it is now, not as an earlier run saw it
    builds, entries, skipped = [], [], []
    for source in project.source_paths():
        try:
            document = project.load(source)
        except IopdocError:  # the build below reports it, with its position
            document = None
        if document is not None and document.status == "draft" and not include_drafts:
            skipped.append(source)
            continue
        result = build_source(project, source, out_dir, variant=variant, site=True)
        builds.append(result)
        if not result.failed:
            entries.append(catalog_entry(result.document, out_dir / f"{result.document.id}.pdf"))
    entries.sort(key=lambda e: (e.kind, e.start or "", e.id), reverse=False)
    fonts = project.templates_dir / "fonts"
    if fonts.is_dir():
        shutil.copytree(fonts, out_dir / "fonts", dirs_exist_ok=True)
    write_atomic(out_dir / "index.html", render_index(tuple(entries), project.templates_dir, project.config.look).encode("utf-8"))
    catalog = {"generator": f"iopdoc {__version__}", "documents": [e.as_json() for e in entries]}
    write_atomic(out_dir / "catalog.json",
                 (json.dumps(catalog, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8"))
    return PublishResult(tuple(entries), tuple(builds), tuple(skipped))

"""A static site for the municipal website: an index, one page and one PDF per document, a catalogue.

Everything is relative links and plain HTML and CSS (no scripts), so the web
team can copy the folder as it is. Every PDF is checked by an outside checker against the
profiles it claims (writers/validation.py), and one that fails is not published. Drafts are left out unless asked for, and
are marked UTKAST when included. The site is built in a temporary folder and
swapped in whole (site_folder.py), so what is no longer published disappears.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path


from iopdoc import __version__, locale_sv, model
from iopdoc.assets import copy_assets
from iopdoc.pipeline.build import BuildResult, build_source
from iopdoc.pipeline.signed import SignedCopy
from iopdoc.pipeline.verify import verified_copy
from iopdoc.fileio import write_atomic
from iopdoc.writers.template_errors import reported_at_template
from iopdoc.site.overview import Audience, publish_overview
from iopdoc.source.config import Look
from iopdoc.checks.personal import REFUSED_WHEN_PUBLISHING
from iopdoc.errors import Diagnostic, IopdocError, Severity, relative_name
from iopdoc.names import KIND_LABELS_SV
from iopdoc.resolve.project import Project
from iopdoc.site.publication import Publication, current_publication
from iopdoc.writers.html import base_page, read_asset, template_environment
from iopdoc.writers.validation import check_file
from iopdoc.site.audit import audit_site
from iopdoc.site.leaks import personal_data_in_site
from iopdoc.site.folder import discard, staging_folder, swap_in



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
    public_yearly_amount: int | None  # what the public parties (the municipality) pay per year
    partnership_yearly_amount: int | None  # the partnership's stated total per year, volunteer hours included
    html: str
    pdf: str
    pdf_bytes: int
    pdf_sha256: str
    amends: str | None = None  # the agreement an amendment (tilläggsavtal) amends
    signed: tuple[dict, ...] = ()  # who signed when, for a verified signed PDF (signed/<id>.pdf)
    signed_note: str = ""  # "Undertecknad av …", as the index says it
    decided: str | None = None  # the date of the committee's decision, when the source records it

    def as_json(self) -> dict:
        data = {name: (list(value) if isinstance(value, tuple) else value) for name, value in self.__dict__.items()}
        data.pop("signed_note")
        if not self.signed:  # an unsigned document's entry is as it always was
            data.pop("signed")
        return data


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


def is_public_party(document: model.Node, handle: str) -> bool:
    """A public party: an agreement's `sector: public`; for a memo (whose parties state no sector),
    the memo's own organisation or an organisation number of legal form 2 (kommun, region, state)."""
    party = document.parties.get(handle)
    if party is None:
        return False
    if getattr(party, "sector", None) is not None:
        return party.sector == "public"
    number = getattr(party, "org_number", None) or ""
    return party.name == getattr(document, "organisation", None) or number.startswith("2")


def public_yearly_amount(document: model.Document) -> int | None:
    """What the public parties pay per year, as the agreement states it; None when it states no yearly amount."""
    economy = document.economy
    if economy is None:
        return None
    yearly = [c.amount for handle, c in economy.contributions.items()
              if c.per == "year" and is_public_party(document, handle)]
    return int(sum(yearly, Decimal(0))) if yearly else None


def partnership_yearly_amount(document: model.Node) -> int | None:
    """The partnership's whole yearly scope: the stated yearly total, else the sum of yearly contributions
    (the non-profit's includes the value of its volunteer hours)."""
    economy = document.economy
    if economy is None:
        return None
    if economy.total is not None and economy.total.per == "year":
        return int(economy.total.amount)
    yearly = [c.amount for c in economy.contributions.values() if c.per == "year"]
    return int(sum(yearly, Decimal(0))) if yearly else None


def shown_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def catalog_entry(document: model.Node, pdf: Path, signed: SignedCopy | None = None) -> CatalogEntry:
    period, parties = document.period, document.parties
    data = pdf.read_bytes()
    return CatalogEntry(
        id=document.id, kind=document.kind, title=document.title, status=document.status,
        # A memo names the parties and period of the agreement it proposes as far as it states them.
        parties=tuple({"name": p.name, "org_number": p.org_number, "sector": getattr(p, "sector", None)}
                      for p in parties.values()),
        start=shown_or_none(getattr(period, "start", None)), end=shown_or_none(getattr(period, "end", None)),
        public_yearly_amount=public_yearly_amount(document),
        partnership_yearly_amount=partnership_yearly_amount(document), html=f"{document.id}.html", pdf=pdf.name,
        pdf_bytes=len(data), pdf_sha256=hashlib.sha256(data).hexdigest(), amends=getattr(document, "amends", None),
        signed=tuple(signed.as_json()) if signed else (), signed_note=signed.note() if signed else "",
        decided=shown_or_none(getattr(getattr(document, "decision", None), "date", None)),
    )


def size_label(size: int) -> str:
    return locale_sv.format_file_size(size)


def render_index(entries: tuple[CatalogEntry, ...], templates_dir: Path, look: Look, publication: Publication,
                 audience: Audience = Audience(True, True)) -> str:
    page = base_page(page_title="IOP-överenskommelser och tjänsteskrivelser", lang="sv",
                     stylesheet=read_asset(templates_dir, "style.css"), look=look,
                     subject="Förteckning över publicerade överenskommelser om idéburet offentligt partnerskap",
                     keywords="IOP, idéburet offentligt partnerskap")
    with reported_at_template(templates_dir):
        template = template_environment(templates_dir).get_template("index.html.j2")
        return template.render(**page, entries=entries, kinds=KIND_LABELS_SV, size_label=size_label, publication=publication,
                               todos=audience.todos, calendar=audience.calendar)


def publish(project: Project, out_dir: Path, *, include_drafts: bool = False, variant: str = "accessible") -> PublishResult:
    """Build every source of the project into a static site and swap it in as `out_dir`.

    The site is written to a temporary folder beside `out_dir`; only when every
    document was built is it swapped in, so a failed publish leaves the previous site as it was.
    """
    staged = staging_folder(out_dir)
    try:
        result = write_site(project, staged, include_drafts=include_drafts, variant=variant)
    except BaseException:
        discard(staged)
        raise
    if result.failed:
        discard(staged)
    else:
        swap_in(staged, out_dir)
    return result


def write_site(project: Project, site_dir: Path, *, include_drafts: bool, variant: str) -> PublishResult:
    """Every publishable source built into `site_dir`, with the index and the catalogue."""
    builds, entries, skipped = [], [], []
    for source in project.source_paths():
        try:
            document = project.load(source)
        except IopdocError:  # the build below reports it, with its position
            document = None
        if document is not None and document.status == "draft" and not include_drafts:
            skipped.append(source)
            continue
        signed, refused = verified_copy(project, document) if document is not None else (None, [])
        if refused:  # a signed PDF that does not verify is not published, nor the document without it
            builds.append(BuildResult(source, document, diagnostics=tuple(refused), failed=True))
            continue
        result = refuse_personal_data(build_source(project, source, site_dir, variant=variant, site=True, public=True,
                                                   signed=signed))
        result = refuse_nonconforming_pdf(result, site_dir, signed=signed is not None)
        builds.append(result)
        if not result.failed:
            entries.append(catalog_entry(result.document, site_dir / f"{result.document.id}.pdf", signed))
    entries.sort(key=lambda e: (e.kind, e.start or "", e.id), reverse=False)
    copy_assets(project.templates_dir, "fonts", site_dir / "fonts")
    publication = current_publication(project.root)
    # The site with drafts (`make preview-site`) is the internal one: it has the to-dos and the calendar
    # feed; the public site has them only where iopdoc.toml's [site] says to publish them.
    audience = Audience.of(project, internal=include_drafts)
    index = render_index(tuple(entries), project.templates_dir, project.config.look, publication, audience)
    write_atomic(site_dir / "index.html", index.encode("utf-8"))
    publish_overview(project, site_dir, [b.source for b in builds if not b.failed], today=publication.at.date(),
                     internal=include_drafts)  # oversikt.html, and the ICS feed where it is published
    catalog = {"generator": f"iopdoc {__version__}", "published": publication.as_json(),
               "documents": [e.as_json() for e in entries]}
    write_atomic(site_dir / "catalog.json",
                 (json.dumps(catalog, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8"))
    audit = audit_site(site_dir)
    if audit:  # the site falls short of a publishing duty: it is not swapped in
        builds.append(BuildResult(site_dir, None, diagnostics=tuple(audit), failed=True))
    leaks = personal_data_in_site(site_dir)
    if leaks:  # a personnummer in a written file, however it got there: the site is not swapped in
        builds.append(BuildResult(site_dir, None, diagnostics=tuple(leaks), failed=True))
    return PublishResult(tuple(entries), tuple(builds), tuple(skipped))


def refuse_personal_data(result: BuildResult) -> BuildResult:
    """A document with a personnummer or a protected address is not published, draft or not:
    those findings become errors, and the build counts as failed."""
    refused = [d for d in result.diagnostics if d.code in REFUSED_WHEN_PUBLISHING]
    if not refused:
        return result
    diagnostics = tuple(dataclasses.replace(d, severity=Severity.ERROR) if d.code in REFUSED_WHEN_PUBLISHING else d
                        for d in result.diagnostics)
    return dataclasses.replace(result, diagnostics=diagnostics, failed=True)


def refuse_nonconforming_pdf(result: BuildResult, site_dir: Path, signed: bool = False) -> BuildResult:
    """A document whose PDF an outside checker (page-validation) fails against a profile the PDF
    claims is not published: each failed rule becomes an IOP820 error, and the build counts as failed.
    A signed PDF cannot be corrected without breaking its signatures (a B-LTA document time-stamp
    adds an untagged widget): it is published, and its failed rules are warnings."""
    if result.failed or result.document is None:
        return result
    pdf = site_dir / f"{result.document.id}.pdf"
    if not pdf.is_file():
        return result
    verdict = check_file(pdf, relative_name(pdf))
    if verdict.conforms:
        return result
    if signed:
        said = tuple(dataclasses.replace(d, severity=Severity.WARNING) for d in verdict.diagnostics())
        return dataclasses.replace(result, diagnostics=result.diagnostics + said)
    return dataclasses.replace(result, diagnostics=result.diagnostics + tuple(verdict.diagnostics()), failed=True)


def report_lines(result: PublishResult, out_dir: Path, lang: str) -> list[str]:
    """What `iopdoc publish` says: each draft left out, then what was published, or that nothing changed."""
    def say(sv: str, en: str) -> str:
        return en if lang == "en" else sv

    lines = [say(f"utkast, inte publicerat: {relative_name(s)}", f"draft, not published: {relative_name(s)}")
             for s in result.skipped_drafts]
    if result.skipped_drafts:
        count = len(result.skipped_drafts)
        lines.append(say(f"{count} utkast lämnades utanför; `make preview-site` (--include-drafts) visar dem för granskning.",
                         f"{count} drafts left out; `make preview-site` (--include-drafts) shows them for review."))
    if result.failed:
        lines.append(say(f"inte publicerat: se felen ovan; {out_dir} är oförändrad.",
                         f"not published: see the errors above; {out_dir} is unchanged."))
    else:
        lines.append(say(f"publicerade {len(result.entries)} dokument i {out_dir}",
                         f"published {len(result.entries)} documents in {out_dir}"))
    return lines

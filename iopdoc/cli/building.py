"""Commands that check, build, publish and preview sources: `check`, `build`, `publish`, `serve`, `formats`,
`rules`, and `validate`, which checks built PDFs with an outside checker."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from iopdoc.errors import Location, UsageError, error, missing_file, relative_name
from iopdoc.cli.main import (LANG, PROJECT, ChoiceOf, main, open_project, print_diagnostics,  # noqa: F401
                             resolve_sources, say)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Folder for the outputs.")
@click.option("--format", "formats", default=None,
              help="Comma-separated output formats: html, pdf, docx. Default: [build] formats in iopdoc.toml, else html,pdf.")
@click.option("--pdf-variant", type=ChoiceOf("iopdoc.formats", "PDF_VARIANTS"), default="accessible", show_default=True,
              help="accessible: tagged PDF/UA-1 for the web; archival: PDF/A-3a for the archive that is PDF/UA-1 too. Both embed the source.")
@click.option("--make-deps", is_flag=True, help="Also write <out>/<id>.d: which sources each output depends on, for make.")
@click.option("--tally", type=click.Path(dir_okay=False, path_type=Path), default=None, hidden=True,
              help="Append each source's outcome to this file, for the summary line of `make` (iopdoc summary).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Documents built at once, in worker processes (default: the number of cores).")
@click.option("--no-cache", is_flag=True, help="Render everything again, even unchanged sources.")
@click.option("--signature-fields", is_flag=True, default=None,
              help="An empty signature field per signatory in an agreement's PDF (also [signing] fields in iopdoc.toml).")
@PROJECT
@LANG
def build(sources: tuple[Path, ...], out_dir: Path, formats: str | None, pdf_variant: str, make_deps: bool,
          tally: Path | None, jobs: int | None, no_cache: bool, signature_fields: bool | None, project_dir: Path | None, lang: str) -> None:
    """Check and build sources into HTML and PDF (every source in sources/ when none is named).

    A draft is built despite its findings, marked UTKAST; a final document with
    an error is not built, and its previous outputs stay as they were.

    \b
    Example:
      iopdoc build sources/linkoping-kvinnojouren-2025.yaml --out build
    """
    from iopdoc.pipeline.batch import build_sources, default_jobs
    from iopdoc.pipeline.build import FORMATS, write_depfile

    project = open_project(project_dir, sources)
    wanted = (tuple(f.strip() for f in formats.split(",") if f.strip()) if formats is not None
              else project.config.build_formats)
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or '(none)'}; use {', '.join(FORMATS)}",
                                 param_hint="--format")
    paths = resolve_sources(sources, project)
    failed = drafts = 0
    progress = show_progress if sys.stderr.isatty() and len(paths) > 1 else None
    for result in build_sources(project, paths, out_dir, wanted, pdf_variant, jobs or default_jobs(),
                                use_cache=not no_cache, progress=progress, signature_fields=signature_fields or None):
        print_diagnostics(result.diagnostics, lang)
        if result.failed:
            failed += 1
            source = relative_name(result.source)
            click.echo(say(lang, f"inte byggd: {source}", f"not built: {source}"), err=True)
            record_outcome(tally, "failed", source)
        else:
            if make_deps:
                write_depfile(result, out_dir)
            outputs = ", ".join(str(o) for o in result.outputs)
            how = say(lang, "oförändrad", "unchanged") if result.cached else f"{result.seconds:.1f} s"
            source = relative_name(result.source)
            note_sv, note_en = findings_note(result.diagnostics)
            drafts += bool(note_sv)
            record_outcome(tally, "findings" if note_sv else "built", source)
            click.echo(say(lang, f"byggd: {source} → {outputs}{note_sv} ({how})",
                           f"built: {source} → {outputs}{note_en} ({how})"))
    if len(paths) > 1:
        click.echo(summary_line(len(paths) - failed, drafts, failed, lang))
    if failed:
        raise SystemExit(1)


def findings_note(diagnostics) -> tuple[str, str]:
    """What a document built despite errors or warnings has, for its `byggd:` line (a draft with an
    error is built, marked UTKAST: the line says so, so that the error above does not read as a failure)."""
    from iopdoc.locale_sv import counted

    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = sum(1 for d in diagnostics if d.severity.value == "warning" and d.waived is None)
    if not errors and not warnings:
        return "", ""
    sv = " och ".join(part for part in (errors and counted(errors, "fel", "fel"),
                                        warnings and counted(warnings, "varning", "varningar")) if part)
    en = " and ".join(part for part in (errors and f"{errors} error{'s' * (errors != 1)}",
                                        warnings and f"{warnings} warning{'s' * (warnings != 1)}") if part)
    if errors:  # a final document with an error is not built: this one is a draft
        return f", som utkast med {sv}: se ovan", f", as a draft with {en}: see above"
    return f", med {sv}: se ovan", f", with {en}: see above"


def summary_line(built: int, drafts: int, failed: int, lang: str) -> str:
    """The last line of a build of several sources: "3 byggda, 1 med fel eller varningar: se ovan"."""
    from iopdoc.locale_sv import counted

    sv = [counted(built, "byggd", "byggda")]
    en = [f"{built} built"]
    if drafts:
        sv.append(f"{drafts} med fel eller varningar: se ovan")
        en.append(f"{drafts} with errors or warnings: see above")
    if failed:
        sv.append(f"{counted(failed, 'inte byggd', 'inte byggda')}: rätta felen ovan")
        en.append(f"{failed} not built: correct the errors above")
    return say(lang, ", ".join(sv), ", ".join(en))


OUTCOMES = ("built", "findings", "failed")


def record_outcome(tally: Path | None, outcome: str, source: str) -> None:
    """One line per source built by make (`--tally`): each rule is a process of its own, so the summary
    line of `make` is counted from this file. A line this short is appended whole even with make -j."""
    if tally is not None:
        with open(tally, "a", encoding="utf-8") as out:
            out.write(f"{outcome}\t{source}\n")


@main.command(hidden=True)
@click.argument("tally", type=click.Path(dir_okay=False, path_type=Path))
@LANG
def summary(tally: Path, lang: str) -> None:
    """The summary line of a `make`: the outcomes `build --tally` recorded in TALLY, which is then removed."""
    try:
        lines = tally.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = []
    outcomes = [line.split("\t", 1)[0] for line in lines]
    counts = {outcome: outcomes.count(outcome) for outcome in OUTCOMES}
    tally.unlink(missing_ok=True)
    if not outcomes:
        click.echo(say(lang, "inget att bygga: allt är redan byggt", "nothing to build: everything is built already"))
        return
    click.echo(summary_line(counts["built"] + counts["findings"], counts["findings"], counts["failed"], lang))


def show_progress(done: int, total: int, source: Path) -> None:
    """A progress line on a terminal, rewritten in place (stderr, so output stays clean)."""
    width = 30
    filled = width * done // total
    click.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {source.name[:40]:<40}", err=True, nl=False)
    if done == total:
        click.echo("", err=True)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "output_format", type=ChoiceOf("iopdoc.cli.report", "FORMATS"), default="text",
              show_default=True, help="text for people (on standard error), json or sarif (SARIF 2.1.0) on standard output.")
@click.option("--no-cache", is_flag=True, help="Check everything again, even unchanged sources.")
@click.option("--plain", is_flag=True,
              help="Also plain Swedish: LIX over the limit, long sentences, officialese (info), and each section's LIX.")
@PROJECT
@LANG
def check(sources: tuple[Path, ...], strict: bool, output_format: str, no_cache: bool, plain: bool,
          project_dir: Path | None, lang: str) -> None:
    """Check sources for consistency (every source in sources/ when none is named).

    Exit status 0 with no errors, 1 with errors (or warnings with --strict), 2 on a usage error.
    `iopdoc rules` lists what is checked.

    \b
    Examples:
      iopdoc check sources/linkoping-kvinnojouren-2025.yaml
      iopdoc check --format sarif > iopdoc.sarif     # for GitHub code scanning
      iopdoc check --plain sources/x.yaml            # plain Swedish too, and LIX per section
    """
    from iopdoc.cli import report
    from iopdoc.pipeline.checking import check_sources

    project = open_project(project_dir, sources)
    paths = resolve_sources(sources, project)
    findings = check_sources(project, paths, use_cache=not no_cache,
                             warn=lambda notice: print_diagnostics([notice], lang), plain=plain)
    if output_format == "text":
        print_diagnostics(findings, lang)
        if plain:
            from iopdoc.checks.plain import summary_lines

            for line in summary_lines(project, paths, lang):
                click.echo(line)
    elif output_format == "json":
        click.echo(report.as_json(findings, lang), nl=False)
    else:
        click.echo(report.as_sarif(findings, lang, root=project.root), nl=False)
    if any(d.is_error or (strict and d.severity.value == "warning" and d.waived is None) for d in findings):
        raise SystemExit(1)


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build/site"),
              show_default=True, help="Folder for the site.")
@click.option("--include-drafts", is_flag=True, help="Publish drafts too (marked UTKAST).")
@click.option("--pdf-variant", type=ChoiceOf("iopdoc.formats", "PDF_VARIANTS"), default="accessible", show_default=True)
@PROJECT
@LANG
def publish(out_dir: Path, include_drafts: bool, pdf_variant: str, project_dir: Path | None, lang: str) -> None:
    """Build a static site for the municipal website: index, pages, PDFs, catalog.json.

    Relative links only and no scripts, so the folder can be copied as it is.
    Drafts are left out (and named) unless --include-drafts. The site is built
    beside OUT and swapped in whole, so what is no longer published disappears;
    if a document fails, OUT stays as it was.

    \b
    Example:
      iopdoc publish --out build/site --include-drafts
    """
    from iopdoc.pipeline.publish import publish as publish_site, report_lines

    project = open_project(project_dir, ())
    result = publish_site(project, out_dir, include_drafts=include_drafts, variant=pdf_variant)
    print_diagnostics(result.diagnostics, lang)
    for line in report_lines(result, out_dir, lang):
        click.echo(line, err=result.failed)
    if result.failed:
        raise SystemExit(1)


@main.command()
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(1024, 65535), default=8000, show_default=True, help="Port on 127.0.0.1.")
@PROJECT
@LANG
def serve(source: Path | None, port: int, project_dir: Path | None, lang: str) -> None:
    """Preview sources in a browser while you write; the page reloads when a file changes.

    Serves on 127.0.0.1 only. Check findings are shown above the document.

    \b
    Example:
      iopdoc serve sources/linkoping-kvinnojouren-2031.yaml --port 8000
    """
    from iopdoc.pipeline.serve import serve as serve_previews

    if source is not None and not source.is_file():
        raise UsageError([missing_file(source)])
    project = open_project(project_dir, (source,) if source else ())
    click.echo(say(lang, f"förhandsvisning på http://127.0.0.1:{port}/ (avsluta med Ctrl-C)",
                   f"preview at http://127.0.0.1:{port}/ (stop with Ctrl-C)"))
    try:
        serve_previews(project, port, lang, source)
    except OSError as exc:
        raise UsageError([error("IOP091", Location(f"127.0.0.1:{port}"), f"kan inte lyssna: {exc.strerror}. Välj en annan --port.",
                                f"cannot listen: {exc.strerror}. Choose another --port.")]) from None
    except KeyboardInterrupt:
        pass


@main.command("formats")
@click.option("--make", "for_make", is_flag=True, help="Only the formats `make` builds, comma-separated.")
@PROJECT
@LANG
def formats_command(for_make: bool, project_dir: Path | None, lang: str) -> None:
    """Every output iopdoc writes: name, file suffix, what it is written from, whether built by default.

    With --make, the formats `iopdoc build` and `make` write for this project ([build] formats in
    iopdoc.toml, else the defaults), as the Makefile reads them.
    """
    from iopdoc.formats import FORMATS

    if for_make:
        click.echo(",".join(open_project(project_dir, ()).config.build_formats))
        return
    for output in FORMATS:
        built = say(lang, "byggs som standard", "built by default") if output.default else ""
        click.echo(f"{output.name:<5} {output.suffix:<6} {output.of:<10} {built}".rstrip())


@main.command()
@LANG
def rules(lang: str) -> None:
    """List every code iopdoc reports: the source problems (IOP0xx) and the consistency rules.

    docs/rules.md explains each rule with a failing and a passing example.
    """
    from iopdoc.cli.report import catalogue

    for code, severity, title in catalogue(lang):
        click.echo(f"{code}  {severity:<7}  {title}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--profile", "profiles", multiple=True, type=ChoiceOf("iopdoc.writers.validation", "PROFILES"),
              help="Check against this profile (repeatable). Default: the profiles each PDF claims, else ua1.")
@click.option("--format", "output_format", type=ChoiceOf("iopdoc.cli.report", "FORMATS"), default="text",
              show_default=True, help="text for people (findings on standard error), json or sarif on standard output.")
@LANG
def validate(files: tuple[Path, ...], profiles: tuple[str, ...], output_format: str, lang: str) -> None:
    """Check PDFs (iopdoc's or any other tool's) against PDF/UA-1 and PDF/A with an outside checker,
    and DOCX files for what accessibility needs (language, title, headings, alt text, header rows).

    Each PDF is held to the profiles it claims in its metadata (iopdoc's accessible variant: PDF/UA-1;
    archival: PDF/A-3a and PDF/UA-1); one that claims none to PDF/UA-1, which the accessibility law
    asks of documents on the web. Each broken rule is reported as IOP820 with the checker's rule id;
    what a .docx lacks as IOP821.
    Exit status 0 when every file passes, 1 otherwise.

    \b
    Examples:
      iopdoc validate build/*.pdf
      iopdoc validate --profile ua1 --format sarif nedladdad.pdf > pdf.sarif
    """
    from iopdoc.cli import report
    from iopdoc.writers.docx_validation import check_docx_file
    from iopdoc.writers.validation import PROFILE_NAMES, check_file

    findings = []
    for path in files:
        name = relative_name(path)
        if path.suffix.lower() == ".docx":
            verdict = check_docx_file(path, name)
            held_to = say(lang, "språk, titel, rubriker, bilder, tabeller", "language, title, headings, pictures, tables")
        else:
            verdict = check_file(path, name, profiles or None)
            held_to = ", ".join(PROFILE_NAMES[p] for p in verdict.profiles)
        findings += verdict.diagnostics()
        if output_format != "text":
            continue
        if not verdict.conforms:
            click.echo(say(lang, f"underkänd: {name} ({held_to or 'ingen kontroll'}: {len(verdict.diagnostics())} fel)",
                           f"fails: {name} ({held_to or 'not checked'}: {len(verdict.diagnostics())} errors)"))
        elif path.suffix.lower() == ".docx":
            click.echo(say(lang, f"godkänd: {name} ({held_to})", f"passes: {name} ({held_to})"))
        else:
            click.echo(say(lang, f"godkänd: {name} ({held_to}: {verdict.rules_checked} regler, {verdict.pages} sidor)",
                           f"passes: {name} ({held_to}: {verdict.rules_checked} rules, {verdict.pages} pages)"))
    if output_format == "text":
        print_diagnostics(findings, lang)
    elif output_format == "json":
        click.echo(report.as_json(findings, lang), nl=False)
    else:
        click.echo(report.as_sarif(findings, lang), nl=False)
    if findings:
        raise SystemExit(1)

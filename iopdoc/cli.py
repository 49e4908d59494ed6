"""The `iopdoc` command: a thin layer over build and checks that prints diagnostics and sets the exit status."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import Diagnostic, IopdocError, Location, UsageError, error, missing_file, relative_name


def inherited_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A command's --lang, else the one given before the command (`iopdoc --lang en check`)."""
    given_before = ctx.find_root().params.get("lang")
    if given_before and ctx.get_parameter_source(param.name) is not click.core.ParameterSource.COMMANDLINE:
        return given_before
    return value


class ChoiceOf(click.Choice):
    """A choice whose options are a constant of the module that owns them (`pdf.VARIANTS`),
    imported only when the option is used or shown: `iopdoc fmt` need not import WeasyPrint's caller."""

    def __init__(self, module: str, name: str):
        self.owner = (module, name)
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        import importlib

        module, name = self.owner
        return tuple(getattr(importlib.import_module(module, __package__), name))

    @choices.setter
    def choices(self, value) -> None:  # click.Choice.__init__ sets them; they are read from the owner instead
        pass


LANG = click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", envvar="IOPDOC_LANG",
                    show_default=True, callback=inherited_lang, help="Language of messages (also IOPDOC_LANG).")
PROJECT = click.option("--project", "project_dir", type=click.Path(file_okay=False, path_type=Path),
                       default=None, help="Project folder (with sources/ and templates/). Default: found from the sources.")


def say(lang: str, sv: str, en: str) -> str:
    return en if lang == "en" else sv


def print_diagnostics(diagnostics, lang: str) -> None:
    for diagnostic in diagnostics:
        click.echo(diagnostic.format(lang), err=True)


def resolve_sources(sources: tuple[Path, ...], project) -> list[Path]:
    if sources:
        missing = [s for s in sources if not s.is_file()]
        if missing:
            raise UsageError([missing_file(m) for m in missing])
        return list(sources)
    found = project.source_paths()
    if not found:
        raise UsageError([error("IOP001", Location(str(project.sources_dir)), "inga källor (*.yaml) hittades.",
                                "no sources (*.yaml) found.")])
    return found


def open_project(project_dir: Path | None, sources: tuple[Path, ...]):
    from .project import Project, find_project

    project = Project(project_dir) if project_dir is not None else \
        find_project(sources[0].parent if sources else Path.cwd())
    project.config  # the project's settings are read first: a broken iopdoc.toml stops every command, at its line
    return project


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="iopdoc")
@click.option("--lang", type=click.Choice(["sv", "en"]), default=None,
              help="Language of messages, for every command (also IOPDOC_LANG; default sv).")
@click.option("--debug", is_flag=True, help="Show the details of an internal error (IOP099).")
def main(lang: str | None, debug: bool) -> None:
    """iopdoc: IOP agreements and decision memos as code.

    Sources are YAML files in sources/; outputs go to build/.

    \b
    Examples:
      iopdoc build                      build every source in sources/
      iopdoc build sources/x.yaml --format pdf
      iopdoc check --lang en            check every source, messages in English
    """


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Folder for the outputs.")
@click.option("--format", "formats", default=None,
              help="Comma-separated output formats: html, pdf, docx. Default: [build] formats in iopdoc.toml, else html,pdf.")
@click.option("--pdf-variant", type=ChoiceOf(".pdf", "VARIANTS"), default="accessible", show_default=True,
              help="accessible: tagged PDF/UA-1 for the web; archival: PDF/A-3a for the archive. Both embed the source.")
@click.option("--make-deps", is_flag=True, help="Also write <out>/<id>.d: which sources each output depends on, for make.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Documents built at once, in worker processes (default: the number of cores).")
@click.option("--no-cache", is_flag=True, help="Render everything again, even unchanged sources.")
@PROJECT
@LANG
def build(sources: tuple[Path, ...], out_dir: Path, formats: str | None, pdf_variant: str, make_deps: bool,
          jobs: int | None, no_cache: bool, project_dir: Path | None, lang: str) -> None:
    """Check and build sources into HTML and PDF (every source in sources/ when none is named).

    A draft is built despite its findings, marked UTKAST; a final document with
    an error is not built, and its previous outputs stay as they were.

    \b
    Example:
      iopdoc build sources/linkoping-kvinnojouren-2025.yaml --out build
    """
    from .batch import build_sources, default_jobs
    from .build import FORMATS, write_depfile

    project = open_project(project_dir, sources)
    wanted = (tuple(f.strip() for f in formats.split(",") if f.strip()) if formats is not None
              else project.config.build_formats)
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or '(none)'}; use {', '.join(FORMATS)}",
                                 param_hint="--format")
    paths = resolve_sources(sources, project)
    failed = 0
    progress = show_progress if sys.stderr.isatty() and len(paths) > 1 else None
    for result in build_sources(project, paths, out_dir, wanted, pdf_variant, jobs or default_jobs(),
                                use_cache=not no_cache, progress=progress):
        print_diagnostics(result.diagnostics, lang)
        if result.failed:
            failed += 1
            source = relative_name(result.source)
            click.echo(say(lang, f"inte byggd: {source}", f"not built: {source}"), err=True)
        else:
            if make_deps:
                write_depfile(result, out_dir)
            outputs = ", ".join(str(o) for o in result.outputs)
            how = say(lang, "oförändrad", "unchanged") if result.cached else f"{result.seconds:.1f} s"
            source = relative_name(result.source)
            click.echo(say(lang, f"byggd: {source} → {outputs} ({how})", f"built: {source} → {outputs} ({how})"))
    if failed:
        raise SystemExit(1)


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
@click.option("--format", "output_format", type=ChoiceOf(".report", "FORMATS"), default="text",
              show_default=True, help="text for people (on standard error), json or sarif (SARIF 2.1.0) on standard output.")
@click.option("--no-cache", is_flag=True, help="Check everything again, even unchanged sources.")
@PROJECT
@LANG
def check(sources: tuple[Path, ...], strict: bool, output_format: str, no_cache: bool, project_dir: Path | None,
          lang: str) -> None:
    """Check sources for consistency (every source in sources/ when none is named).

    Exit status 0 with no errors, 1 with errors (or warnings with --strict), 2 on a usage error.
    `iopdoc rules` lists what is checked.

    \b
    Examples:
      iopdoc check sources/linkoping-kvinnojouren-2025.yaml
      iopdoc check --format sarif > iopdoc.sarif     # for GitHub code scanning
    """
    from . import report
    from .batch import check_sources

    project = open_project(project_dir, sources)
    findings = check_sources(project, resolve_sources(sources, project), use_cache=not no_cache,
                             warn=lambda notice: print_diagnostics([notice], lang))
    if output_format == "text":
        print_diagnostics(findings, lang)
    elif output_format == "json":
        click.echo(report.as_json(findings, lang), nl=False)
    else:
        click.echo(report.as_sarif(findings, lang, root=project.root), nl=False)
    if any(d.is_error or (strict and d.severity.value == "warning" and d.waived is None) for d in findings):
        raise SystemExit(1)


@main.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--base", metavar="REV", default=None, help="Compare every source changed between REV and the working tree.")
@click.option("--format", "output_format", type=ChoiceOf(".diff", "FORMATS"), default="text",
              show_default=True, help="text for the terminal, markdown for a pull-request comment, html for a redline page.")
@click.option("--html-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write each document's HTML redline to DIR/<id>.html.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text format (auto: only on a terminal, and not with NO_COLOR set).")
@PROJECT
@LANG
def diff(old: str | None, new: str | None, base: str | None, output_format: str, html_dir: Path | None,
         color: str, project_dir: Path | None, lang: str) -> None:
    """Show what changed between two versions of an agreement or memo, in its own terms.

    Each side is a source file or REV:path from git (any revision git understands). First the
    facts that changed, formatted the Swedish way, then the sections added, removed, moved and
    changed, matched by kind and heading; within a section, word by word, with the facts filled in.

    \b
    Examples:
      iopdoc diff sources/linkoping-kvinnojouren-2020.yaml sources/linkoping-kvinnojouren-2025.yaml
      iopdoc diff main:sources/x.yaml sources/x.yaml
      iopdoc diff --base main --format markdown --html-dir build/diff
    """
    import os

    from .diff import collect_diffs, render, write_redlines

    sides = [Path(side) for side in (old, new) if side and Path(side).exists()]
    diffs = collect_diffs(old, new, base, open_project(project_dir, tuple(sides)), Path.cwd())
    if html_dir is not None:
        write_redlines(diffs, html_dir)
    colour = color == "always" or (color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    click.echo(render(diffs, output_format, base, colour), nl=False, color=colour)  # click strips colour off a terminal


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--id", "identifier", default=None, help="The new source's id (default: from the file name).")
@click.option("--kind", type=click.Choice(["agreement", "memo"]), default=None, help="Default: recognised from the text.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the source (default: the project's sources/).")
@click.option("--report", "report_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="The import report on standard output.")
@PROJECT
@LANG
def import_command(file: Path, identifier: str | None, kind: str | None, out_dir: Path | None, report_format: str,
                   project_dir: Path | None, lang: str) -> None:
    """Import an agreement or memo (.docx, .pdf with text, .txt, .md) as a draft source, facts as data.

    Never overwrites a source; prints what was recognised at which input line and what to confirm.

    \b
    Example:
      iopdoc import gamla/iop-2019.docx --id kommunen-jouren-2019
    """
    import json

    from .importer import default_id, report_text, write_import
    from .scaffold import check_new_id

    project = open_project(project_dir, (file,))
    identifier = identifier or default_id(file)
    target = (out_dir or project.sources_dir) / f"{identifier}.yaml"
    if not target.exists():  # an existing one is IOP086 from write_import, in the import's own words
        check_new_id(identifier, target)
    result = write_import(file, target, identifier, kind, project)
    if report_format == "json":
        click.echo(json.dumps(result.report, ensure_ascii=False, indent=2))
    else:
        click.echo(report_text(result.report), nl=False)


@main.command()
@click.argument("docx_file", metavar="FILE.docx", type=click.Path(path_type=Path))
@click.option("--source", type=click.Path(path_type=Path), default=None,
              help="The source to read the changes against (default: the one the DOCX was built from, in sources/).")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True)
@PROJECT
@LANG
def review(docx_file: Path, source: Path | None, output_format: str, project_dir: Path | None, lang: str) -> None:
    """A reviewer's tracked changes and comments in a DOCX built by iopdoc, per section of the source.

    Names the facts a change touches, and warns when the DOCX was built from another revision.

    \b
    Example:
      iopdoc review granskad.docx --format markdown
    """
    import json

    from .review import as_json, read_review, render_review

    project = open_project(project_dir, (source,) if source else ())
    if source is not None and not source.is_file():
        raise UsageError([missing_file(source)])
    result = read_review(docx_file, project, source)
    print_diagnostics(result.warnings, lang)
    if output_format == "json":
        click.echo(json.dumps(as_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(render_review(result, output_format), nl=False)


@main.command("fmt")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 naming the files that would change.")
@PROJECT
@LANG
def fmt(sources: tuple[Path, ...], check_only: bool, project_dir: Path | None, lang: str) -> None:
    """Rewrite sources in the one canonical layout (every source in sources/ when none is named).

    Key order as in the model, 2-space indentation, prose bodies as `|` blocks, text wrapped at
    100 columns, comments kept. What a source says never changes: the result is checked against
    it before it is written. `-` formats standard input to standard output.

    \b
    Examples:
      iopdoc fmt                        rewrite every source in sources/
      iopdoc fmt --check                exit 1 if a source is not in the canonical layout
    """
    from .canonical import canonical_text, format_source
    from .fileio import write_atomic

    if sources == (Path("-"),):
        from .loader import decode_text

        stdin = getattr(sys.stdin, "buffer", None)  # bytes, so a byte that is not UTF-8 is positioned
        text = decode_text(stdin.read(), "<stdin>") if stdin is not None else sys.stdin.read()
        click.echo(canonical_text(text, Path("<stdin>")), nl=False)
        return
    project = open_project(project_dir, sources)
    problems: list[Diagnostic] = []
    changed = []
    for source in resolve_sources(sources, project):
        try:
            original, canonical = format_source(source)
        except IopdocError as exc:
            problems.extend(exc.diagnostics)
            continue
        if original == canonical:
            continue
        changed.append(source)
        shown = relative_name(source)
        if check_only:
            click.echo(say(lang, f"skulle formateras om: {shown}", f"would reformat: {shown}"))
            continue
        try:
            write_atomic(source, canonical.encode("utf-8"))  # a symlinked source stays a link: IOP090
        except IopdocError as exc:
            problems.extend(exc.diagnostics)
            continue
        click.echo(say(lang, f"formaterade om: {shown}", f"reformatted: {shown}"))
    print_diagnostics(problems, lang)
    if problems or (check_only and changed):
        raise SystemExit(1)


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build/site"),
              show_default=True, help="Folder for the site.")
@click.option("--include-drafts", is_flag=True, help="Publish drafts too (marked UTKAST).")
@click.option("--pdf-variant", type=ChoiceOf(".pdf", "VARIANTS"), default="accessible", show_default=True)
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
    from .publish import publish as publish_site, report_lines

    project = open_project(project_dir, ())
    result = publish_site(project, out_dir, include_drafts=include_drafts, variant=pdf_variant)
    print_diagnostics(result.diagnostics, lang)
    for line in report_lines(result, out_dir, lang):
        click.echo(line, err=result.failed)
    if result.failed:
        raise SystemExit(1)


@main.command()
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Where to write the source: a file, a folder (then the PDF's name for it), or `-` for standard output. Default: its own name, here.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@LANG
def extract(pdf: Path, output: Path | None, force: bool, lang: str) -> None:
    """Write out the YAML source embedded in a PDF built by iopdoc, byte for byte.

    \b
    Example:
      iopdoc extract build/linkoping-kvinnojouren-2025.pdf -o /tmp/from-pdf.yaml
    """
    from .fileio import write_atomic
    from .provenance import embedded_source, output_path

    name, data = embedded_source(pdf)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(data)
        return
    target = output_path(name, output, pdf)
    if target.exists() and not force:
        raise UsageError([error("IOP082", Location(str(target)),
                                "filen finns redan; välj en annan med -o, eller skriv över med --force.",
                                "the file already exists; choose another with -o, or overwrite with --force.")])
    write_atomic(target, data)
    click.echo(say(lang, f"skrev {target} ({len(data)} byte) från {pdf}", f"wrote {target} ({len(data)} bytes) from {pdf}"))


@main.command()
@click.argument("identifier", metavar="ID")
@click.option("--from", "predecessor", metavar="ID", default=None, help="Start a successor of this agreement.")
@click.option("--kind", type=ChoiceOf(".model", "DOCUMENT_KINDS"), default="agreement", show_default=True,
              help="Kind of blank document (without --from).")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Start date (default: the day after the predecessor ends).")
@click.option("--years", type=click.IntRange(1, 20), default=None, help="Length in years (default: the predecessor's).")
@PROJECT
@LANG
def new(identifier: str, predecessor: str | None, kind: str, start, years: int | None, project_dir: Path | None,
        lang: str) -> None:
    """Start a new source in sources/: a successor of an agreement, or a blank document.

    A successor keeps the predecessor's prose, parties and comments; its period
    starts the day after the old one ends, with the same length; the price level
    moves to the new start year; signing date and names become placeholders.

    \b
    Examples:
      iopdoc new linkoping-kvinnojouren-2031 --from linkoping-kvinnojouren-2025
      iopdoc new osteraker-kvinnojouren-2027 --kind agreement
    """
    from .fileio import write_atomic
    from .scaffold import check_new_id, skeleton_text, successor_text

    project = open_project(project_dir, ())
    target = project.sources_dir / f"{identifier}.yaml"
    check_new_id(identifier, target)
    if predecessor is not None:
        old = project.sources_dir / f"{predecessor}.yaml"
        if not old.is_file():
            raise UsageError([error("IOP001", Location(str(old)), "föregångaren finns inte.", "the predecessor does not exist.")])
        project.load(old)  # a predecessor that does not load is reported at its own lines
        text = successor_text(old, identifier, start.date() if start else None, years)
    else:
        text = skeleton_text(project.templates_dir, kind, identifier)
    write_atomic(target, text.encode("utf-8"))
    click.echo(say(lang, f"skapade {target}; förhandsvisa med `iopdoc serve {target}`, kontrollera med `iopdoc check {target}`",
                   f"created {target}; preview with `iopdoc serve {target}`, check with `iopdoc check {target}`"))


@main.command()
@click.argument("directory", metavar="[DIR]", required=False, default=Path("."), type=click.Path(file_okay=False, path_type=Path))
@click.option("--package", metavar="REQUIREMENT", default=None,
              help="How the new repository installs iopdoc (requirements.txt): a version, a wheel or a git address.")
@LANG
def init(directory: Path, package: str | None, lang: str) -> None:
    """Start a new repository of agreements in DIR (default: here).

    Writes sources/, iopdoc.toml (every setting described), a Makefile, the CI
    workflow, .gitignore, a README for the officers who write agreements, and a
    templates/ folder for the municipality's own overrides. Overwrites nothing.

    \b
    Example:
      iopdoc init iop-avtal && cd iop-avtal && iopdoc new kommunen-foreningen-2027 && make
    """
    from .starter import start_repository

    started = start_repository(directory, package)
    for name in started.written:
        click.echo(say(lang, f"skrev {directory / name}", f"wrote {directory / name}"))
    if started.git_initialised:
        click.echo(say(lang, f"skapade ett git-arkiv i {directory}", f"created a git repository in {directory}"))
    click.echo(say(lang, f"nästa steg: cd {directory} && make new ID=<kommun>-<organisation>-<år> && make",
                   f"next: cd {directory} && make new ID=<municipality>-<organisation>-<year> && make"))


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
    from .serve import serve as serve_previews

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


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to a file instead of standard output.")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the source format, generated from the model (for editors).

    Sources name it in their first line so VS Code (YAML extension) and other
    editors complete keys and flag wrong types as you type.

    \b
    Example:
      iopdoc schema -o docs/iopdoc.schema.json
    """
    from .fileio import write_atomic
    from .json_schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "csv", "json", "xlsx"]), default="text",
              show_default=True, help="text for people, csv or json for programs, xlsx for Excel (needs -o).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to a file instead of standard output.")
@PROJECT
@LANG
def schedule(sources: tuple[Path, ...], output_format: str, output: Path | None, project_dir: Path | None,
             lang: str) -> None:
    """The payment schedule of agreements (every agreement in sources/ when none is named).

    Per year and payment date: the base amount at its price level, the index figures applied
    (preliminary or definitive), the amount to pay, and totals per year and over the period.

    \b
    Examples:
      iopdoc schedule sources/linkoping-kvinnojouren-2025.yaml
      iopdoc schedule --format xlsx -o build/utbetalningar.xlsx
    """
    from .timeline import write_schedules

    project = open_project(project_dir, sources)
    write_schedules(project, resolve_sources(sources, project), output_format, output, lang)


@main.command("calendar")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the .ics file here instead of to standard output.")
@PROJECT
@LANG
def calendar_command(sources: tuple[Path, ...], output: Path | None, project_dir: Path | None, lang: str) -> None:
    """Agreements' dates and duties as an iCalendar file (every agreement in sources/ when none is named).

    Start and end, each payment, the follow-up meetings and evaluations (all-day events in the
    months the source names, else to-dos to book), reports' due dates, the last day to decide on a
    successor ([calendar] successor_lead_time in iopdoc.toml, default six months) and, for an
    agreement that renews itself, the last day to give notice. UIDs are stable: importing the
    file again updates the events.

    \b
    Example:
      iopdoc calendar sources/linkoping-kvinnojouren-2025.yaml -o build/iop.ics
    """
    from .timeline import write_calendar

    project = open_project(project_dir, sources)
    write_calendar(project, resolve_sources(sources, project), output)


@main.command()
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day the overview is for (default: today's date). Makes the output reproducible.")
@click.option("--months", type=click.IntRange(1, 120), default=6, show_default=True, help="How far ahead to look.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@PROJECT
@LANG
def overview(today, months: int, output_format: str, project_dir: Path | None, lang: str) -> None:
    """What is due across every agreement: dates and duties in the coming months, agreements ending
    within a year without a successor, money per year per public party and committee, and index
    series that need a new figure.

    \b
    Example:
      iopdoc overview --today 2030-01-15 --months 6
    """
    from . import overview as overview_module

    project = open_project(project_dir, ())
    found = overview_module.summaries(project, resolve_sources((), project))
    view = overview_module.overview_of(found, overview_module.today_or_clock(today.date() if today else None), months)
    click.echo(overview_module.as_json(view) if output_format == "json" else overview_module.as_text(view, lang), nl=False)


@main.command()
@LANG
def rules(lang: str) -> None:
    """List every code iopdoc reports: the source problems (IOP0xx) and the consistency rules.

    docs/rules.md explains each rule with a failing and a passing example.
    """
    from .report import catalogue

    for code, severity, title in catalogue(lang):
        click.echo(f"{code}  {severity:<7}  {title}")


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit status (0 ok, 1 findings or failed build, 2 usage)."""
    try:
        main.main(args=argv, prog_name="iopdoc", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("avbrutet / aborted", err=True)
        return 1
    except click.ClickException as exc:
        from .usage_sv import usage_text

        click.echo(usage_text(exc, _lang_of(argv)), err=True, nl=False)
        return 2
    except UsageError as exc:
        print_diagnostics(exc.diagnostics, _lang_of(argv))
        return 2
    except IopdocError as exc:
        print_diagnostics(exc.diagnostics, _lang_of(argv))
        return 1
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except KeyboardInterrupt:
        click.echo("avbrutet / aborted", err=True)
        return 130
    except OSError as exc:  # the one boundary (boundary.py): a file problem no stage reported
        from .boundary import os_error

        print_diagnostics([os_error(exc)], _lang_of(argv))
        return 1
    except Exception as exc:  # noqa: BLE001: a bug; said once, plainly, never as a traceback
        from .boundary import debugging, unexpected

        diagnostic, details = unexpected(exc, debugging(sys.argv[1:] if argv is None else argv))
        print_diagnostics([diagnostic], _lang_of(argv))
        if details:
            click.echo(details, err=True, nl=False)
        return 1
    return 0


def _lang_of(argv: list[str] | None) -> str:
    import os

    args = sys.argv[1:] if argv is None else argv
    for index, arg in enumerate(args):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
    return os.environ.get("IOPDOC_LANG", "sv")


def entry_point() -> None:
    sys.exit(run())

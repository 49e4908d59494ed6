"""Commands that write or read sources: `new`, `init`, `fmt`, `schema`, `import`, `review`, `extract`, `diff`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from iopdoc.errors import Diagnostic, IopdocError, Location, UsageError, error, missing_file, relative_name
from iopdoc.cli.main import (LANG, PROJECT, ChoiceOf, main, open_project, print_diagnostics,  # noqa: F401
                             resolve_sources, say)


def change_sv(tag: str, was: str, becomes: str) -> str:
    """The first change `fmt --check` finds (canonical.first_change), in words."""
    was, becomes = was.strip(), becomes.strip()
    if tag == "replace":
        return f"`{was}` skulle skrivas `{becomes}`" if was != becomes else f"`{was}` skulle få ett annat indrag"
    if tag == "insert":
        what = f"`{becomes}`" if becomes else "en tom rad"
        return f"{what} skulle stå före `{was}`" if was else f"{what} skulle läggas till sist"
    return f"raden `{was}` skulle tas bort eller flyttas" if was else "den tomma raden skulle tas bort"


def change_en(tag: str, was: str, becomes: str) -> str:
    was, becomes = was.strip(), becomes.strip()
    if tag == "replace":
        return f"`{was}` would be written `{becomes}`" if was != becomes else f"`{was}` would be indented otherwise"
    if tag == "insert":
        what = f"`{becomes}`" if becomes else "a blank line"
        return f"{what} would come before `{was}`" if was else f"{what} would be added at the end"
    return f"the line `{was}` would be removed or moved" if was else "the blank line would be removed"


@main.command("fmt")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 naming each file that would change, with the first line and how.")
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
    from iopdoc.source.canonical import canonical_text, first_change, format_source
    from iopdoc.fileio import write_atomic

    if sources == (Path("-"),):
        from iopdoc.source.loader import decode_text

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
            line, tag, was, becomes = first_change(original, canonical)
            click.echo(say(lang, f"skulle formateras om: {shown}:{line}: {change_sv(tag, was, becomes)}",
                           f"would reformat: {shown}:{line}: {change_en(tag, was, becomes)}"))
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
@click.argument("identifier", metavar="ID")
@click.option("--from", "predecessor", metavar="ID", default=None, help="Start a successor of this agreement.")
@click.option("--kind", type=ChoiceOf("iopdoc.model", "DOCUMENT_KINDS"), default="agreement", show_default=True,
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
    from iopdoc.fileio import write_atomic
    from iopdoc.pipeline.scaffold import check_new_id, skeleton_text, successor_text

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
@click.option("--package", metavar="SOURCE", default=None,
              help="How the new repository installs iopdoc (requirements.txt): a version (1.2.0), an address "
                   "(https://…/iopdoc-….whl, git+https://…) or a relative path to a wheel, copied into wheels/. "
                   "Default: this version from the package index.")
@LANG
def init(directory: Path, package: str | None, lang: str) -> None:
    """Start a new repository of agreements in DIR (default: here).

    Writes sources/, iopdoc.toml (every setting described), a Makefile, the CI
    workflow, .gitignore, a README for the officers who write agreements, the
    documentation (docs/format.md, guide.md, rules.md) and a templates/ folder
    for the municipality's own overrides. Overwrites nothing. Makes it a git
    repository on branch main with a first commit "Ny IOP-samling".

    \b
    Examples:
      iopdoc init iop-avtal --package dist/iopdoc-1.2.0-py3-none-any.whl
      iopdoc init iop-avtal --package "git+https://example.org/iopdoc.git@v1.2.0"
    """
    from iopdoc.pipeline.starter import FIRST_COMMIT, start_repository

    started = start_repository(directory, package)
    for name in started.written:
        click.echo(say(lang, f"skrev {directory / name}", f"wrote {directory / name}"))
    if package is None:
        click.echo(say(lang, "obs: requirements.txt installerar iopdoc från paketindexet; finns iopdoc inte där, "
                             "ange varifrån med --package (en version, en adress eller ett hjul)",
                       "note: requirements.txt installs iopdoc from the package index; if iopdoc is not there, "
                       "say where from with --package (a version, an address or a wheel)"))
    if started.committed:
        click.echo(say(lang, f"skapade ett git-arkiv i {directory} på grenen main, med incheckningen \"{FIRST_COMMIT}\"",
                       f"created a git repository in {directory} on branch main, with the commit \"{FIRST_COMMIT}\""))
    elif started.git_initialised:
        click.echo(say(lang, f"skapade ett git-arkiv i {directory} på grenen main", f"created a git repository in {directory} on branch main"))
    if started.git_problem is not None:
        print_diagnostics([started.git_problem], lang)
    click.echo(say(lang, f"nästa steg: cd {directory} && make new ID=<kommun>-<organisation>-<år> && make",
                   f"next: cd {directory} && make new ID=<municipality>-<organisation>-<year> && make"))


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
    from iopdoc.fileio import write_atomic
    from iopdoc.source.json_schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))


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

    from iopdoc.readers.importer import default_id, report_text, write_import
    from iopdoc.pipeline.scaffold import check_new_id

    project = open_project(project_dir, (file,))
    identifier = identifier or default_id(file)
    target = (out_dir or project.sources_dir) / f"{identifier}.yaml"
    if not target.exists():  # an existing one is IOP086 from write_import, in the import's own words
        check_new_id(identifier, target)
    result = write_import(file, target, identifier, kind, project)
    if report_format == "json":
        click.echo(json.dumps(result.report, ensure_ascii=False, indent=2))
    else:
        click.echo(report_text(result.report, lang), nl=False)


@main.command()
@click.argument("docx_file", metavar="FILE.docx", type=click.Path(path_type=Path))
@click.option("--source", type=click.Path(path_type=Path), default=None,
              help="The source to read the changes against (default: the one the DOCX was built from, in sources/).")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True)
@click.option("--apply", "apply_changes", is_flag=True,
              help="Write the tracked changes back to the source's prose and facts where the place is unambiguous; "
                   "list the rest with the reason (exit 1 then).")
@click.option("--dry-run", is_flag=True, help="With --apply (or alone): say what would be applied, write nothing.")
@PROJECT
@LANG
def review(docx_file: Path, source: Path | None, output_format: str, apply_changes: bool, dry_run: bool,
           project_dir: Path | None, lang: str) -> None:
    """A reviewer's tracked changes and comments in a DOCX built by iopdoc, per section of the source.

    Names the facts a change touches, and warns when the DOCX was built from another revision.

    With --apply, the tracked changes are written to the source where their place is unambiguous:
    the changed paragraph, as it was, must stand as a whole paragraph exactly once among the
    headings and texts of the source's sections (in the section the DOCX shows it in). Words of the
    written text are replaced there; a change of what a `{{ fact }}` shows (an amount, a name) is
    written to that fact when the new words read back as its value. Everything else is listed with
    the reason (error IOP096) and the exit status is 1; what could be applied is still written.
    Comments are listed, never applied. The source is written in the canonical layout with its
    comments (as `iopdoc fmt`), never through a symbolic link, and only after the new source has
    been loaded and built again and shows the new words (else nothing is written, IOP095).

    \b
    Examples:
      iopdoc review granskad.docx --format markdown
      iopdoc review granskad.docx --apply --dry-run
      iopdoc review granskad.docx --apply
    """
    import json

    from iopdoc.readers.review import as_json, read_review, render_review

    project = open_project(project_dir, (source,) if source else ())
    if source is not None and not source.is_file():
        raise UsageError([missing_file(source)])
    result = read_review(docx_file, project, source)
    print_diagnostics(result.warnings, lang)
    if not (apply_changes or dry_run):
        if output_format == "json":
            click.echo(json.dumps(as_json(result), ensure_ascii=False, indent=2))
        else:
            click.echo(render_review(result, output_format), nl=False)
        return
    from iopdoc.readers.review_apply import apply_review, diagnostic_of, outcome_json, render_outcome

    outcome = apply_review(result, project, write=not dry_run, lang=lang)
    print_diagnostics([diagnostic_of(change) for change in outcome.not_applied], lang)
    if output_format == "json":
        click.echo(json.dumps(outcome_json(outcome, result), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(render_outcome(outcome, result, lang, dry_run, relative_name(result.source)), nl=False)
    if outcome.not_applied:
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
    from iopdoc.fileio import write_atomic
    from iopdoc.readers.extract import embedded_source, output_path

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
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--base", metavar="REV", default=None, help="Compare every source changed between REV and the working tree.")
@click.option("--format", "output_format", type=ChoiceOf("iopdoc.diff", "FORMATS"), default="text",
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

    from iopdoc.diff import collect_diffs, render, write_redlines

    sides = [Path(side) for side in (old, new) if side and Path(side).exists()]
    diffs = collect_diffs(old, new, base, open_project(project_dir, tuple(sides)), Path.cwd())
    if html_dir is not None:
        write_redlines(diffs, html_dir)
    colour = color == "always" or (color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    click.echo(render(diffs, output_format, base, colour), nl=False, color=colour)  # click strips colour off a terminal

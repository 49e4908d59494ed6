"""Commands over many agreements' money and dates: `schedule`, `calendar`, `overview`; and their files
written to a file or to standard output, in the format asked for."""
from __future__ import annotations

import click

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from iopdoc import model
from iopdoc.cli.main import LANG, PROJECT, ChoiceOf, main, open_project, resolve_sources  # noqa: F401
from iopdoc.errors import IopdocError, Location, UsageError, error

if TYPE_CHECKING:
    from iopdoc.facts.schedule import Schedule
# The facts these commands compute are imported when they run: importing the CLI for another
# command (a `check`) does not import the schedule, the timeline and their calendars.


def load_agreements(project, paths: Iterable[Path]) -> list[tuple[Path, model.Agreement]]:
    """The agreements among `paths` (memos are skipped); a broken source stops with its problems."""
    problems = []
    agreements = []
    for path in paths:
        try:
            document = project.load(path)
        except IopdocError as exc:
            problems.extend(exc.diagnostics)
            continue
        if document.kind == "agreement":
            agreements.append((path, document))
    if problems:
        raise IopdocError(problems)
    return agreements


def schedules_of(project, paths: Iterable[Path]) -> list[Schedule]:
    from iopdoc.facts.indexes import series_for
    from iopdoc.facts.schedule import schedule_of

    found = []
    for path, agreement in load_agreements(project, paths):
        schedule = schedule_of(agreement, series_for(project.sources_dir, agreement, path), project.config.non_bank_day)
        if schedule is not None:
            found.append(schedule)
    return found


def write_output(data: bytes | str, output: Path | None) -> None:
    import click

    from iopdoc.fileio import write_atomic

    if output is None:
        click.echo(data if isinstance(data, str) else data.decode("utf-8"), nl=False)
        return
    try:
        write_atomic(output, data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise UsageError([error("IOP090", Location(str(output)), f"kan inte skriva: {exc.strerror}.",
                                f"cannot write: {exc.strerror}.")]) from None


def write_schedules(project, paths: list[Path], output_format: str, output: Path | None, lang: str) -> None:
    """The schedules of `paths` in `output_format`, written by the writer the format registry names."""
    import importlib

    from iopdoc.formats import format_named

    written = format_named(output_format)
    if written.file_only and output is None:
        name, suffix = written.name.upper(), written.suffix
        raise UsageError([error("IOP093", Location("-o"), f"{name} skrivs till en fil: ange -o FIL{suffix}.",
                                f"{name} is written to a file: give -o FILE{suffix}.")])
    writer = getattr(importlib.import_module(f"iopdoc.writers.{written.module}"), written.writer)
    write_output(writer(schedules_of(project, paths), lang), output)


def write_calendar(project, paths: list[Path], output: Path | None) -> None:
    from iopdoc.facts.indexes import series_for
    from iopdoc.facts.schedule import schedule_of
    from iopdoc.facts.timeline import events_of
    from iopdoc.writers.ics import calendar_bytes, stamp_of

    events = []
    used = []
    for path, agreement in load_agreements(project, paths):
        schedule = schedule_of(agreement, series_for(project.sources_dir, agreement, path), project.config.non_bank_day)
        events.extend(events_of(agreement, schedule, project.config.successor_lead_time))
        used.append(path)
    write_output(calendar_bytes(events, stamp_of(used), reminders=project.config.reminders), output)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=ChoiceOf("iopdoc.formats", "SCHEDULE_FORMATS"), default="text",
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
    from iopdoc.cli.schedules import write_schedules

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
    from iopdoc.cli.schedules import write_calendar

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
    from iopdoc.site import overview as overview_module

    project = open_project(project_dir, ())
    found = overview_module.summaries(project, resolve_sources((), project))
    view = overview_module.overview_of(found, overview_module.today_or_clock(today.date() if today else None), months)
    click.echo(overview_module.as_json(view) if output_format == "json" else overview_module.as_text(view, lang), nl=False)

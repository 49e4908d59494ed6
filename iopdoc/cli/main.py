"""The command group and what every command shares: the language option, the project, printing findings."""
from __future__ import annotations

from pathlib import Path

import click

from iopdoc import __version__
from iopdoc.errors import Location, UsageError, error, missing_file


def inherited_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A command's --lang, else the one given before the command (`iopdoc --lang en check`)."""
    given_before = ctx.find_root().params.get("lang")
    if given_before and ctx.get_parameter_source(param.name) is not click.core.ParameterSource.COMMANDLINE:
        return given_before
    return value


class ChoiceOf(click.Choice):
    """A choice whose options are a constant of the module that owns them (`formats.PDF_VARIANTS`),
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
    """Every diagnostic on its own line of standard error, written at once (one `click.echo` per
    diagnostic was a fifth of a re-check of 1000 sources with a few warnings each)."""
    lines = [diagnostic.format(lang) for diagnostic in diagnostics]
    if lines:
        click.echo("\n".join(lines), err=True)


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
    from iopdoc.resolve.project import Project, find_project

    def rule_codes():  # the rules are imported only when a setting names one
        from iopdoc.checks import rule_codes as codes

        return codes()

    project = Project(project_dir, rule_codes=rule_codes) if project_dir is not None else \
        find_project(sources[0].parent if sources else Path.cwd(), rule_codes)
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

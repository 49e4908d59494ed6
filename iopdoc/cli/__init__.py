"""cli: the `iopdoc` command, a thin layer of click commands over the pipeline, and the one error boundary.

`main.py` holds the group and what commands share; each command lives in the module of its group
(`building`, `editing`, `schedules`, `signing`); `run` below is the boundary every command runs inside (no
traceback reaches the user); `report` writes findings as text, JSON or SARIF. Imports: anything
below; nothing imports the CLI, and only the CLI imports click.
"""
from __future__ import annotations

import sys

import click

from iopdoc.cli import building, editing, schedules, signing  # noqa: F401  (each registers its commands on `main`)
from iopdoc.cli.main import main, print_diagnostics  # noqa: F401
from iopdoc.errors import IopdocError, UsageError


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit status (0 ok, 1 findings or failed build, 2 usage)."""
    try:
        main.main(args=argv, prog_name="iopdoc", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("avbrutet / aborted", err=True)
        return 1
    except click.ClickException as exc:
        from iopdoc.cli.usage_sv import usage_text

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
        from iopdoc.cli.boundary import os_error

        print_diagnostics([os_error(exc)], _lang_of(argv))
        return 1
    except Exception as exc:  # noqa: BLE001: a bug; said once, plainly, never as a traceback
        from iopdoc.cli.boundary import debugging, unexpected

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

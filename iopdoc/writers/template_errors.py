"""Errors in a project's templates, reported at the template's file and line in Jinja's own words.

Templates arrive in pull requests like sources do. A syntax error, a name the template does not
know, or a filter failing on a value is a problem of that template, not an internal error of iopdoc:
`build`, `publish` and `serve` report it as `templates/agreement.html.j2:12: error[IOP051]: …`.
"""
from __future__ import annotations

import contextlib
import traceback
from pathlib import Path
from typing import Iterator

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

from iopdoc.errors import IopdocError, Location, error, relative_name
from iopdoc.quoting import excerpt


class TemplateProblemError(IopdocError):
    """Raised when a project template cannot be compiled or fails while it renders."""


def template_location(filename: str | None, line: int | None, templates_dir: Path) -> Location:
    name = relative_name(Path(filename)) if filename else str(templates_dir)
    return Location(name, line or 0)


def failing_template_line(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost traceback frame in a template (Jinja rewrites frames to the template's lines)."""
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".j2", ".html", ".jinja")):
            found = (frame.filename, frame.lineno)
    return found


@contextlib.contextmanager
def reported_at_template(templates_dir: Path) -> Iterator[None]:
    """Turn an error in a template, while compiling or rendering it, into IOP051 at its file and line."""
    try:
        yield
    except IopdocError:
        raise
    except TemplateSyntaxError as exc:
        raise TemplateProblemError([problem(template_location(exc.filename, exc.lineno, templates_dir), exc)]) from None
    except TemplateNotFound as exc:
        raise TemplateProblemError([error("IOP051", Location(str(templates_dir)),
                                          f"mallen `{excerpt(exc.name)}` finns inte i {templates_dir.name}/.",
                                          f"the template `{excerpt(exc.name)}` does not exist in {templates_dir.name}/.")]) from None
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        filename, line = failing_template_line(exc)
        if filename is None:
            raise  # not in a template: a bug of iopdoc, for the command's error boundary
        raise TemplateProblemError([problem(template_location(filename, line, templates_dir), exc)]) from None


def problem(where: Location, exc: BaseException):
    message = excerpt(getattr(exc, "message", None) or str(exc) or type(exc).__name__, 200).rstrip(".")
    return error("IOP051", where, f"fel i mallen: {message}. Rätta mallen (det är inte källans fel).",
                 f"error in the template: {message}. Fix the template (the source is not at fault).")

"""click's own usage errors (a mistyped option, a missing argument) in the user's language.

click writes them in English; in Swedish, the default, each is said in a Swedish sentence, with
click's original text in parentheses where it carries details a translation would lose.
"""
from __future__ import annotations

import difflib

import click


def usage_text(exc: click.ClickException, lang: str) -> str:
    """What to print for `exc`: click's own text in English; in Swedish, usage, hint and message."""
    if lang == "en":
        return click_text(exc)
    lines = []
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        pieces = " ".join(ctx.command.collect_usage_pieces(ctx)).replace("[OPTIONS]", "[FLAGGOR]") \
            .replace("COMMAND [ARGS]...", "KOMMANDO [ARGUMENT]...")
        lines += [f"Användning: {ctx.command_path} {pieces}".rstrip(),
                  f"Skriv '{ctx.command_path} --help' för hjälp.", ""]
    lines.append(f"Fel: {swedish_message(exc)}")
    return "\n".join(lines) + "\n"


def click_text(exc: click.ClickException) -> str:
    ctx = getattr(exc, "ctx", None)
    usage = ""
    if ctx is not None:
        usage = f"{ctx.get_usage()}\nTry '{ctx.command_path} --help' for help.\n\n"
    return f"{usage}Error: {exc.format_message()}\n"


def swedish_message(exc: click.ClickException) -> str:
    original = exc.format_message()
    if isinstance(exc, click.NoSuchOption):
        maybe = f" Menade du {' eller '.join(f'`{p}`' for p in exc.possibilities)}?" if exc.possibilities else ""
        return f"det finns ingen flagga `{exc.option_name}`.{maybe}"
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        if isinstance(exc.param, click.Argument):
            return f"argumentet {exc.param.human_readable_name} saknas."
        return f"flaggan {' / '.join(exc.param.opts)} saknas."
    if isinstance(exc, click.BadOptionUsage) and "requires an argument" in original:
        return f"flaggan `{exc.option_name}` behöver ett värde."
    if isinstance(exc, click.BadParameter):
        hint = exc.param_hint or (exc.param.get_error_hint(exc.ctx) if exc.param is not None and exc.ctx else "")
        return f"ogiltigt värde för {hint}. ({exc.message})" if hint else f"ogiltigt värde. ({exc.message})"
    if isinstance(exc, click.UsageError) and original.startswith("No such command"):
        name = original.split("'")[1] if original.count("'") >= 2 else ""
        commands = sorted(exc.ctx.command.list_commands(exc.ctx)) if exc.ctx is not None and \
            isinstance(exc.ctx.command, click.Group) else []
        close = difflib.get_close_matches(name, commands, n=1)
        maybe = f" Menade du `{close[0]}`?" if close else ""
        return f"det finns inget kommando `{name}`.{maybe} Kommandon: {', '.join(commands)}."
    if isinstance(exc, click.UsageError):
        return f"kommandot används fel. ({original})"
    return f"({original})"

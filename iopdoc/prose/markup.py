"""Prose: `{{ expressions }}` evaluated in Jinja's sandbox, then Markdown to HTML.

Source files are untrusted text, so prose is limited on purpose:
- only `{{ expression }}` is allowed (no `{% statements %}`), each evaluated in
  a `SandboxedEnvironment`, so prose can read facts but not reach Python
  internals, files or the network;
- Markdown is rendered with raw HTML off and images off (an image would make
  the PDF renderer fetch a URL).
Each expression is evaluated on its own so a failure names its line and column.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from collections.abc import Mapping  # not typing's: isinstance against it is 10 times slower
from typing import Any, Iterable

from jinja2 import StrictUndefined, TemplateAssertionError, TemplateError, Undefined, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from iopdoc import locale_sv
from iopdoc.errors import Diagnostic, Location, error
from iopdoc.quoting import excerpt
from iopdoc.prose.sandbox import (DEADLINE, MAX_SECONDS, ProseEnvironment, ProseLimitError, check_expression, check_size)

EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
STATEMENT = re.compile(r"\{%|\{#")


def bullets(items: Iterable[Any]) -> str:
    """A Markdown bullet list from a sequence of texts (e.g. a party's commitments)."""
    return "\n".join(f"- {item}" for item in items)


def amount_in_kr(value: Any) -> str:
    return locale_sv.format_amount(value)


class FilterInputError(ValueError):
    """Raised when a prose filter gets a value it cannot show (`{{ parties.x.name | kr }}`); its
    message is the Swedish and English explanation IOP033 prints."""

    def __init__(self, sv: str, en: str):
        super().__init__(en)
        self.sv, self.en = sv, en


NUMBER_LIKE = (int, Decimal)
FILTER_INPUT = {  # filter → (types it shows, what it expects in sv, en)
    "kr": (NUMBER_LIKE, "ett belopp", "an amount"), "tkr": (NUMBER_LIKE, "ett belopp", "an amount"),
    "number": (NUMBER_LIKE, "ett tal", "a number"), "words": (NUMBER_LIKE, "ett tal", "a number"),
    "times": (NUMBER_LIKE, "ett antal", "a count"),
    "long_date": ((dt.date, object), "ett datum", "a date"), "bullets": ((tuple, list), "en lista", "a list"),
}


def checked(name: str, function):
    """A filter that reports a missing fact as missing (IOP030, naming the step that is not filled in)
    and a value of the wrong kind in words (IOP033), never as a Python error."""
    accepts, expects_sv, expects_en = FILTER_INPUT[name]

    @functools.wraps(function)
    def apply(value, *args, **kwargs):
        if isinstance(value, Undefined):
            value._fail_with_undefined_error()
        if value is None or isinstance(value, bool) or not isinstance(value, accepts) or \
                (accepts is NUMBER_LIKE and isinstance(value, str)):
            shown = "inget värde" if value is None else f"`{value}`"
            shown_en = "no value" if value is None else f"`{value}`"
            raise FilterInputError(f"filtret `{name}` visar {expects_sv}, men fick {shown}",
                                   f"the filter `{name}` shows {expects_en}, but got {shown_en}")
        return function(value, *args, **kwargs)
    return apply


FILTERS = {name: checked(name, function) for name, function in {
    "kr": amount_in_kr,
    "tkr": locale_sv.format_tkr,
    "number": locale_sv.format_number,
    "long_date": locale_sv.format_long_date,
    "words": locale_sv.in_words,
    "times": locale_sv.times,
    "bullets": bullets,
}.items()}


def create_prose_environment() -> SandboxedEnvironment:
    return ProseEnvironment(FILTERS)  # sandbox.py: what prose may reach, and its limits


PROSE = create_prose_environment()


@functools.lru_cache(maxsize=4096)
def compiled(expression: str):
    """An expression compiled once per process: sources repeat the same references many times."""
    return PROSE.compile_expression(expression, undefined_to_none=False)


@functools.lru_cache(maxsize=None)
def markdown():
    """The one configured Markdown parser: CommonMark with tables, no raw HTML, no images. Made
    (and markdown-it imported) when something is first rendered: checking never renders."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table").disable("image")
    md.core.ruler.push("demote_headings", _demote_headings)
    return md


def _demote_headings(state) -> None:
    """A section's own heading is an h2; `#` in its body is a subheading (h3), `##` an h4."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + 2, 6)
            token.tag = f"h{level}"


@dataclass(frozen=True)
class Prose:
    """A piece of Markdown from a source, and where its first character was written."""

    text: str
    origin: Location
    indent_col: int  # column of continuation lines (a block scalar's indentation + 1)

    def location_of(self, offset: int) -> Location:
        line = self.text.count("\n", 0, offset)
        col_in_line = offset - (self.text.rfind("\n", 0, offset) + 1)
        col = (self.origin.col if line == 0 else self.indent_col) + col_in_line
        return Location(self.origin.file, self.origin.line + line, col)


def prose_at(node: Any, key: str, text: str) -> Prose:
    """A prose field's text with where it was written (`body`, `points[2]`): see schema.prose_positions."""
    return Prose(text, node.at(key), node.locations.get(f"{key}:indent", Location("", 0, 1)).col)


def describe_value(value: Any) -> str | None:
    """A fact as prose shows it when no filter is given: dates in ISO, amounts in digits."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (dt.date, Decimal, int, str)):
        return str(value)
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return str(value)


def unknown_filter(expression: str, name: str, where: Location) -> Diagnostic:
    """IOP033 for `{{ x | krr }}`: the filters that exist, and the one probably meant."""
    close = difflib.get_close_matches(name, PROSE.filters, n=1)
    maybe = (f" Menade du `{close[0]}`?", f" Did you mean `{close[0]}`?") if close else ("", "")
    own = ", ".join(sorted(FILTERS))
    return error("IOP033", where,
                 f"`{{{{ {expression} }}}}`: filtret `{name}` finns inte.{maybe[0]} Filtren är {own}, och Jinjas "
                 "inbyggda för text (t.ex. capitalize, lower, upper).",
                 f"`{{{{ {expression} }}}}`: there is no filter `{name}`.{maybe[1]} The filters are {own}, and Jinja's "
                 "built-in ones for text (e.g. capitalize, lower, upper).")


def evaluate_prose(prose: Prose, context: Mapping[str, Any],
                   values: dict[str, Any] | None = None) -> tuple[str, list[Diagnostic]]:
    """Replace each `{{ expression }}` by its value. Returns the Markdown and any problems.

    `values` (expression → value) holds the expressions of the same context evaluated without a
    problem: one is evaluated once however often prose writes it, and the caller may read them
    again (the published texts, prose/published.py)."""
    problems: list[Diagnostic] = []
    statement = STATEMENT.search(prose.text)
    if statement:
        problems.append(error("IOP031", prose.location_of(statement.start()),
                              "bara uttryck `{{ ... }}` är tillåtna i text, inte `{% ... %}` eller `{# ... #}`.",
                              "only expressions `{{ ... }}` are allowed in prose, not `{% ... %}` or `{# ... #}`."))

    def replace(match: re.Match) -> str:
        expression = match.group(1).strip()
        where = prose.location_of(match.start())
        shown_expression = excerpt(expression, 80)
        try:
            if values is not None and expression in values:
                value = values[expression]
            else:
                value = evaluate_expression(expression, context)
                if values is not None:
                    values[expression] = value
        except UndefinedError:
            sv, en = explain_missing(expression, context)
            problems.append(error("IOP030", where, f"`{{{{ {shown_expression} }}}}`: {sv}", f"`{{{{ {shown_expression} }}}}`: {en}"))
            return match.group(0)
        except SecurityError:
            problems.append(error("IOP032", where, f"`{{{{ {shown_expression} }}}}` är inte tillåtet i text: text kan läsa fakta, "
                                  "inte anropa metoder eller nå annat.",
                                  f"`{{{{ {shown_expression} }}}}` is not allowed in prose: prose can read facts, "
                                  "not call methods or reach anything else."))
            return match.group(0)
        except (ProseLimitError, RecursionError, MemoryError) as exc:
            sv, en = (exc.sv, exc.en) if isinstance(exc, ProseLimitError) else (
                "uttrycket är för djupt nästlat eller för stort", "the expression is nested too deeply or too large")
            problems.append(error("IOP035", where, f"`{{{{ {shown_expression} }}}}`: {sv}. Skriv det enklare.",
                                  f"`{{{{ {shown_expression} }}}}`: {en}. Write it more simply."))
            return match.group(0)
        except FilterInputError as exc:
            problems.append(error("IOP033", where, f"`{{{{ {shown_expression} }}}}` kan inte beräknas: {exc.sv}. "
                                  "Kontrollera vilket faktum uttrycket hänvisar till.",
                                  f"`{{{{ {shown_expression} }}}}` cannot be evaluated: {exc.en}. "
                                  "Check which fact the expression refers to."))
            return match.group(0)
        except TemplateAssertionError as exc:
            unknown = re.match(r"No filter named '([^']+)'", str(exc))
            if unknown is None:
                raise
            problems.append(unknown_filter(expression, unknown.group(1), where))
            return match.group(0)
        except (TemplateError, TypeError, ValueError, ArithmeticError, AttributeError, LookupError):
            # Python's own message ("unsupported operand type(s) ...") says nothing to an officer.
            problems.append(error("IOP033", where, f"`{{{{ {shown_expression} }}}}` kan inte beräknas med de värden fakta har. "
                                  "Kontrollera namnen, filtren och att räknesätten passar värdena (belopp, datum, text).",
                                  f"`{{{{ {shown_expression} }}}}` cannot be evaluated with the facts' values. Check the names, "
                                  "the filters and that the operations fit the values (amounts, dates, text)."))
            return match.group(0)
        if not renderable(value):
            problems.append(error("IOP032", where,
                                  f"`{{{{ {shown_expression} }}}}` ger inget som kan stå i text (bara text, tal, datum och dokumentets fakta).",
                                  f"`{{{{ {shown_expression} }}}}` gives nothing that can stand in prose (only text, numbers, dates and the document's facts)."))
            return match.group(0)
        shown = describe_value(value)
        if shown is None:
            problems.append(error("IOP034", where,
                                  f"`{{{{ {shown_expression} }}}}` hänvisar till ett faktum som inte är ifyllt. Fyll i det i datan.",
                                  f"`{{{{ {shown_expression} }}}}` refers to a fact that is not filled in. Fill it in the data."))
            return match.group(0)
        return shown

    return EXPRESSION.sub(replace, prose.text), problems


def evaluate_expression(expression: str, context: Mapping[str, Any]) -> Any:
    """One prose expression's value, within the sandbox's limits (sandbox.py)."""
    import time

    check_expression(expression)
    DEADLINE.at = time.thread_time() + MAX_SECONDS
    try:
        value = compiled(expression)(**context)
        if isinstance(value, StrictUndefined):
            str(value)  # raises UndefinedError with Jinja's own explanation
        return check_size(value)
    finally:
        DEADLINE.at = float("inf")


def renderable(value: Any, depth: int = 0) -> bool:
    """Text, numbers, dates, truth values and the model's own values; not functions, types or Jinja's objects."""
    if value is None or isinstance(value, (str, int, float, Decimal, dt.date)):
        return True
    if isinstance(value, (tuple, list)):
        return depth < 3 and all(renderable(item, depth + 1) for item in value)
    return type(value).__module__.startswith("iopdoc.") and not callable(value)


PATH_STEP = re.compile(r"\.?([A-Za-z_]\w*)|\[(\d+)\]")


def available_names(value: Any) -> list[str]:
    """The names prose can use after `value.`: a record's fields or a mapping's keys."""
    if isinstance(value, Mapping):
        return [str(k) for k in value]
    fields = getattr(value, "__dataclass_fields__", None)
    return [name for name in fields if name != "locations"] if fields else []


def explain_missing(expression: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """Which step of a dotted fact path does not exist, what does, and the closest name."""
    current: Any = context
    path: list[str] = []
    position = 0
    # Walk the expression's leading path (`economy.contributions.kommunen.amount`), up to a filter.
    while (step := PATH_STEP.match(expression, position)) and (step.group(0)[0] != "." or path):
        position = step.end()
        name, index = step.groups()
        if index is not None:
            try:
                current = current[int(index)]
                path.append(f"[{index}]")
                continue
            except (IndexError, TypeError, KeyError):
                where = ".".join(path) or "?"
                return (f"`{where}` har ingen post {index}. Kontrollera listan i datan.",
                        f"`{where}` has no item {index}. Check the list in the data.")
        names = list(context) if not path else available_names(current)
        if name not in names:
            parent = ".".join(path)
            close = difflib.get_close_matches(name, names, n=1)
            maybe_sv = f" Menade du `{close[0]}`?" if close else ""
            maybe_en = f" Did you mean `{close[0]}`?" if close else ""
            listed = ", ".join(names) if names else "(inga)"
            if not parent:
                return (f"`{name}` är inget faktum i dokumentet.{maybe_sv} Tillgängliga: {listed}.",
                        f"`{name}` is not a fact of the document.{maybe_en} Available: {listed}.")
            if current is None:
                return (f"`{parent}` är inte ifyllt i datan, så `{name}` finns inte. Fyll i `{parent}`.",
                        f"`{parent}` is not filled in in the data, so `{name}` does not exist. Fill in `{parent}`.")
            return (f"`{parent}` har inget `{name}`.{maybe_sv} Tillgängliga: {listed}.",
                    f"`{parent}` has no `{name}`.{maybe_en} Available: {listed}.")
        current = current[name] if isinstance(current, Mapping) else getattr(current, name)
        path.append(name)
    return ("hänvisar till något som inte finns. Kontrollera namnet mot fakta i filen.",
            "refers to something that does not exist. Check the name against the facts in the file.")


def render_markdown(text: str) -> str:
    """Markdown → HTML fragment (raw HTML in the text is shown as text, never passed through)."""
    return markdown().render(text)


def render_inline_markdown(text: str) -> str:
    """One line of Markdown (emphasis, links, no paragraphs) → HTML, e.g. a decision point."""
    return markdown().renderInline(text)


def expressions_in(prose: Prose) -> Iterable[tuple[str, Location]]:
    """Each `{{ expression }}` in a piece of prose, with where it was written (for checks)."""
    for match in EXPRESSION.finditer(prose.text):
        yield match.group(1).strip(), prose.location_of(match.start())

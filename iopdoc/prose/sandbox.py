"""The sandbox prose expressions run in: Jinja's, with limits on time, size, nesting and reach.

Source files are untrusted. Jinja's SandboxedEnvironment keeps prose from Python's internals but
bounds nothing: `'a' * 10**9` takes gigabytes, 200 nested parentheses overflow the parser's stack,
`{{ cycler }}` prints a memory address and `period.start.today()` makes every build different.
Here prose can read facts (attributes and items that are data, never methods), use iopdoc's
filters and a short list of Jinja's, and every value it makes is at most MAX_VALUE_SIZE in size;
each expression has MAX_SECONDS of its thread's CPU time (not wall time: on a loaded machine a
source that waits for a core does not fail).
"""
from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Mapping
from typing import Any

from jinja2 import StrictUndefined
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.sandbox import SandboxedEnvironment

MAX_VALUE_SIZE = 100_000  # characters of text, or items of a list (a whole agreement is ~15 000 characters)
MAX_WIDTH = 1_000  # for center, indent, wordwrap, truncate
MAX_RANGE = 1_000
MAX_INTEGER_BITS = 4_000  # about 1200 digits; money needs 15
MAX_EXPRESSION_CHARS = 1_000
MAX_NESTING = 20
MAX_SECONDS = 0.5

# Jinja's filters that only read or reshape what they are given (no randomness, no markup, no JSON).
KEPT_FILTERS = ("abs", "capitalize", "count", "d", "default", "e", "escape", "first", "float", "int", "join", "last",
                "length", "list", "lower", "map", "max", "min", "reject", "rejectattr", "replace", "reverse", "round",
                "select", "selectattr", "sort", "string", "sum", "title", "trim", "unique", "upper", "wordcount",
                "center", "indent", "wordwrap", "truncate", "batch", "slice", "attr")
UNARY_RUN = re.compile(r"(?:(?:\bnot\b|[-+~])\s*){%d,}" % MAX_NESTING)


class ProseLimitError(Exception):
    """Raised when a prose expression goes past one of the sandbox's limits; its message says which."""

    def __init__(self, sv: str, en: str):
        super().__init__(en)
        self.sv, self.en = sv, en


def size_of(value: Any, depth: int = 0) -> int:
    """How big a value is for the limits: characters of text, items of lists (counted through)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple)) and depth < 4:
        return len(value) + sum(size_of(item, depth + 1) for item in value[:MAX_VALUE_SIZE + 1])
    if isinstance(value, (list, tuple, range)):
        return len(value)
    return 1


def too_big(what: str) -> ProseLimitError:
    return ProseLimitError(f"uttrycket gör {what} större än {MAX_VALUE_SIZE} tecken eller poster",
                           f"the expression makes {what} larger than {MAX_VALUE_SIZE} characters or items")


def check_size(value: Any, what: str = "ett värde") -> Any:
    if size_of(value) > MAX_VALUE_SIZE:
        raise too_big(what)
    return value


def check_expression(expression: str) -> None:
    """Refuse, before Jinja parses it (its parser recurses), an expression too long or too nested."""
    if len(expression) > MAX_EXPRESSION_CHARS:
        raise ProseLimitError(f"uttrycket är längre än {MAX_EXPRESSION_CHARS} tecken",
                              f"the expression is longer than {MAX_EXPRESSION_CHARS} characters")
    depth = deepest = 0
    for char in expression:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    if deepest > MAX_NESTING or UNARY_RUN.search(expression):
        raise ProseLimitError(f"uttrycket är nästlat djupare än {MAX_NESTING} nivåer",
                              f"the expression is nested deeper than {MAX_NESTING} levels")


class Deadline(threading.local):
    """When the expression being evaluated on this thread must be done, in the thread's CPU time
    (`time.thread_time`; serve evaluates in threads)."""

    at: float = math.inf

    def check(self) -> None:
        if time.thread_time() > self.at:
            raise ProseLimitError(f"uttrycket tar längre tid än {MAX_SECONDS} s att beräkna",
                                  f"the expression takes longer than {MAX_SECONDS} s to evaluate")


DEADLINE = Deadline()


def bounded_range(*args: int) -> range:
    DEADLINE.check()
    values = range(*args)
    if len(values) > MAX_RANGE:
        raise ProseLimitError(f"range ger fler än {MAX_RANGE} tal", f"range gives more than {MAX_RANGE} numbers")
    return values


def width_bounded(name: str, filter_function):
    """center, indent, wordwrap, truncate: every whole-number argument (the width) at most MAX_WIDTH."""
    def bounded(*args, **kwargs):
        DEADLINE.check()
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
                raise ProseLimitError(f"`{name}` med bredden {value}: högst {MAX_WIDTH}",
                                      f"`{name}` with width {value}: at most {MAX_WIDTH}")
        return check_size(filter_function(*args, **kwargs), f"`{name}`")
    bounded.__dict__.update(getattr(filter_function, "__dict__", {}))
    return bounded


def size_checked(name: str, filter_function):
    def checked(*args, **kwargs):
        DEADLINE.check()
        return check_size(filter_function(*args, **kwargs), f"`{name}`")
    checked.__dict__.update(getattr(filter_function, "__dict__", {}))  # keep Jinja's pass_context/pass_environment marks
    return checked


def bounded_replace(eval_ctx, value, old, new, count=None):
    text, old, new = str(value), str(old), str(new)
    if len(text) + text.count(old) * len(new) > MAX_VALUE_SIZE if old else len(text) * (len(new) + 1) > MAX_VALUE_SIZE:
        raise too_big("`replace`")
    return JINJA_FILTERS["replace"](eval_ctx, value, old, new, count)


bounded_replace.jinja_pass_arg = JINJA_FILTERS["replace"].jinja_pass_arg  # type: ignore[attr-defined]


def bounded_join(eval_ctx, value, d="", attribute=None):
    items = list(value)[:MAX_VALUE_SIZE + 1]
    if sum(size_of(str(item) if not isinstance(item, (list, tuple)) else item) for item in items) \
            + len(items) * len(str(d)) > MAX_VALUE_SIZE:
        raise too_big("`join`")
    return JINJA_FILTERS["join"](eval_ctx, items, d, attribute)


bounded_join.jinja_pass_arg = JINJA_FILTERS["join"].jinja_pass_arg  # type: ignore[attr-defined]


def kept_filters() -> dict[str, Any]:
    filters: dict[str, Any] = {}
    for name in KEPT_FILTERS:
        function = JINJA_FILTERS[name]
        if name in ("center", "indent", "wordwrap", "truncate"):
            filters[name] = width_bounded(name, function)
        else:
            filters[name] = size_checked(name, function)
    filters["replace"] = bounded_replace
    filters["join"] = bounded_join
    return filters


def bounded_binop(operator: str, left: Any, right: Any) -> Any:
    """Repetition, concatenation and powers only up to what the limits allow, checked before computing."""
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
                if times > 0 and size_of(sequence) * times > MAX_VALUE_SIZE:
                    raise too_big("en upprepning")
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INTEGER_BITS:
            raise ProseLimitError("talet blir för stort", "the number becomes too large")
    elif operator == "+":
        if isinstance(left, (str, list, tuple)) and size_of(left) + size_of(right) > MAX_VALUE_SIZE:
            raise too_big("en sammanfogning")
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0 \
                and right * math.log2(abs(left)) > MAX_INTEGER_BITS:
            raise ProseLimitError("talet blir för stort", "the number becomes too large")
    elif operator == "%" and isinstance(left, str):
        raise ProseLimitError("`%`-formatering av text är inte tillåten i text; använd ett filter",
                              "`%` formatting of text is not allowed in prose; use a filter")
    return None


class ProseEnvironment(SandboxedEnvironment):
    """Jinja's sandbox for prose: data attributes only, bounded operators and filters, one deadline."""

    intercepted_binops = frozenset(["*", "**", "+", "%", "//", "/", "-"])

    def __init__(self, filters: Mapping[str, Any]):
        super().__init__(undefined=StrictUndefined, autoescape=False)
        self.globals.clear()  # no lipsum (random text), cycler, joiner, namespace, dict
        self.globals["range"] = bounded_range
        self.filters.clear()  # no random, format, pprint, tojson, xmlattr, urlize, …
        self.filters.update(kept_filters())
        self.filters.update(filters)
        self.tests.pop("callable", None)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        DEADLINE.check()
        bounded_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805, B902 (Jinja's signature)
        DEADLINE.check()
        return super().call(__context, __obj, *args, **kwargs)

    def readable(self, obj: Any, name: Any) -> Any:
        """`obj.name` or `obj[name]` when it is data; a method (`today`, `pop`, `ljust`, `format`) is not."""
        DEADLINE.check()
        if isinstance(obj, Mapping) and not isinstance(name, slice):
            try:
                return obj[name]
            except (KeyError, TypeError):
                pass
        if isinstance(name, str):
            try:
                value = getattr(obj, name)
            except AttributeError:
                value = None
            else:
                if callable(value) or not self.is_safe_attribute(obj, name, value):
                    return self.unsafe_undefined(obj, name)
                return value
        if not isinstance(obj, Mapping):
            try:
                return obj[name]
            except (TypeError, LookupError):
                pass
        return self.undefined(obj=obj, name=name)

    def getattr(self, obj: Any, attribute: str) -> Any:
        return self.readable(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        return self.readable(obj, argument)

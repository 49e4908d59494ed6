"""Quoting values from untrusted sources safely: a short escaped excerpt for messages, a word for make,
a text a spreadsheet must not read as a formula."""
from __future__ import annotations

import re

EXCERPT_CHARS = 40
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069`]")


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """At most `limit` characters of `value` for a message, control and direction characters escaped.

    A message never quotes a whole value: it may be a secret that a symlink or a pasted file
    brought in, or megabytes that would flood a CI log. Backticks are escaped so the excerpt
    cannot close the `quote` the message puts it in.
    """
    text = str(value)
    cut = text[:limit]
    shown = UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii")
                            if m.group(0) != "`" else "\\`", cut)
    return shown + ("…" if len(text) > limit else "")


def make_word(text: str) -> str:
    """`text` as one word in a make rule: spaces, `#`, `:` and `$` escaped the way make reads them.

    A newline cannot be escaped in a rule; callers only pass paths built from validated ids,
    so one is refused rather than written.
    """
    if "\n" in text or "\r" in text or "\0" in text:
        raise ValueError(f"no make rule can name {text!r}")
    escaped = re.sub(r"([ \t#:\\])", r"\\\1", text)
    return escaped.replace("$", "$$")


def make_rule(targets, prerequisites) -> str:
    """`targets: prerequisites` as one make rule, each path one escaped word."""
    return f"{' '.join(make_word(str(t)) for t in targets)}: {' '.join(make_word(str(p)) for p in prerequisites)}\n"


# A cell that begins with one of these is read as a formula by Excel, LibreOffice and Google Sheets
# (OWASP, "CSV Injection"): a party named `=HYPERLINK(…)` must stay a name.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: object) -> object:
    """A text that a spreadsheet would read as a formula, with a `'` in front (OWASP's advice, which
    spreadsheets show as text); anything else as it is. Numbers are not texts and are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value

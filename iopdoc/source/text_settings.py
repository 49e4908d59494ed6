"""The `[personal]` and `[plain]` settings of iopdoc.toml: what may be published, and how plain.

    [personal]
    # Functional addresses and numbers that may be published although they look personal:
    allowed_emails = ["fornamn.efternamn@kommun.se"]
    allowed_phone_numbers = ["070-123 45 67"]     # e.g. the shelter's on-call mobile

    [plain]
    severity = "info"              # or "warning"
    lix_limit = 50                 # a section or document above it is reported (50: hard)
    sentence_words = 35            # a sentence longer than this is reported
    officialese_ignore = ["tillse"]            # entries of the built-in list not to report
    officialese_extra = { "nyttja" = "använda" }  # the project's own words, with the plain word

Read by config.load_config, which reports each problem at its line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from iopdoc.errors import Diagnostic, Location, Severity, error

PERSONAL_KEYS = {"allowed_emails", "allowed_phone_numbers"}
PLAIN_KEYS = {"severity", "lix_limit", "sentence_words", "officialese_ignore", "officialese_extra"}


def digits_of(number: str) -> str:
    """A phone number's digits, +46 / 0046 written as 0, so `+46 70-123 45 67` equals `0701234567`."""
    text = number.strip()
    digits = re.sub(r"\D", "", text)
    for prefix in ("+46", "0046"):
        if text.startswith(prefix):
            return "0" + digits[len(prefix.lstrip("+")):].lstrip("0")
    return digits


@dataclass(frozen=True)
class PersonalSettings:
    allowed_emails: frozenset[str] = frozenset()
    allowed_phone_numbers: frozenset[str] = frozenset()  # as digits_of gives them

    def allows_email(self, address: str) -> bool:
        return address.lower() in self.allowed_emails

    def allows_phone(self, number: str) -> bool:
        return digits_of(number) in self.allowed_phone_numbers


@dataclass(frozen=True)
class PlainSettings:
    severity: Severity = Severity.INFO
    lix_limit: int = 50
    sentence_words: int = 35
    officialese_ignore: frozenset[str] = frozenset()
    officialese_extra: Mapping[str, str] = field(default_factory=dict)


def string_list(table: dict, key: str, at: Callable[[str], Location], problems: list[Diagnostic]) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    problems.append(error("IOP062", at(key), f"`{key}` ska vara en lista av texter, t.ex. [\"...\"].",
                          f"`{key}` must be a list of strings, e.g. [\"...\"]."))
    return []


def read_personal(table: dict, at: Callable[[str], Location]) -> tuple[PersonalSettings, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    emails = string_list(table, "allowed_emails", at, problems)
    numbers = string_list(table, "allowed_phone_numbers", at, problems)
    for bad in (e for e in emails if "@" not in e):
        problems.append(error("IOP062", at("allowed_emails"), f"`{bad}` är ingen e-postadress.",
                              f"`{bad}` is not an e-mail address."))
    return PersonalSettings(frozenset(e.lower() for e in emails), frozenset(digits_of(n) for n in numbers)), problems


def positive_integer(table: dict, key: str, default: int, at, problems: list[Diagnostic]) -> int:
    value = table.get(key, default)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    problems.append(error("IOP062", at(key), f"`{key}` ska vara ett positivt heltal, inte `{value}`.",
                          f"`{key}` must be a positive whole number, not `{value}`."))
    return default


def read_plain(table: dict, at: Callable[[str], Location]) -> tuple[PlainSettings, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    severity = Severity.INFO
    if "severity" in table:
        if table["severity"] in ("info", "warning"):
            severity = Severity(table["severity"])
        else:
            problems.append(error("IOP062", at("severity"), f"`severity` ska vara \"info\" eller \"warning\", inte `{table['severity']}`.",
                                  f"`severity` must be \"info\" or \"warning\", not `{table['severity']}`."))
    lix = positive_integer(table, "lix_limit", PlainSettings.lix_limit, at, problems)
    words = positive_integer(table, "sentence_words", PlainSettings.sentence_words, at, problems)
    ignore = string_list(table, "officialese_ignore", at, problems)
    extra = table.get("officialese_extra", {})
    if not isinstance(extra, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in extra.items()):
        problems.append(error("IOP062", at("officialese_extra"),
                              "`officialese_extra` ska vara en tabell ord = \"enklare ord\", t.ex. { \"nyttja\" = \"använda\" }.",
                              "`officialese_extra` must be a table word = \"plainer word\", e.g. { \"nyttja\" = \"använda\" }."))
        extra = {}
    return PlainSettings(severity, lix, words, frozenset(w.lower() for w in ignore),
                         {k.lower(): v for k, v in extra.items()}), problems

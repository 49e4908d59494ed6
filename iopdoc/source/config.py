"""Project settings from `iopdoc.toml` at the project root, validated like a source.

    [profile]                       # section kinds each document kind must have
    agreement = ["background", "parties", "purpose", "period", "cooperation", "economy", "signatures"]
    memo = ["summary", "decision", "background"]

    [build]
    formats = ["html", "pdf", "docx"]         # what `iopdoc build` and `make` write; default html and pdf

    [memo]
    diarienummer_pattern = 'SN \\d{4}/\\d{4}'   # a regular expression; the default accepts the common shapes

    [site]                          # what `publish` adds to the public site (default: neither)
    publish_todos = true            # the overview's to-dos: dates and duties, meetings to book, index needs
    publish_calendar = true         # the calendar feed iop-kalender.ics

    [signing]                       # see signing_settings.py
    fields = true                   # PDFs carry one empty signature field per signatory

    [types.idrott]                  # a kind of agreement a source names with `type: idrott`
    title = "Överenskommelse om föreningsstöd"   # what such a document is (PDF subject, keywords)
    iop = false                     # not an IOP: the PDF does not call it one
    sections = ["background", "parties", "economy", "signatures"]   # its required sections
    skip = ["IOP304"]               # rules that do not apply to it

A municipality whose IOP guidelines also require, say, values and dispute
clauses adds them to its profile. Everything is optional.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Collection, Mapping

from iopdoc import model
from iopdoc.model.fields import field_named
from iopdoc.errors import Diagnostic, Location, SourceError, error, relative_name
from iopdoc.source.text_settings import (PERSONAL_KEYS, PLAIN_KEYS, PersonalSettings, PlainSettings, read_personal, read_plain)
from iopdoc.source.loader import decode_text
from iopdoc.source.signing_settings import SIGNING_KEYS, SigningSettings, read_signing
from iopdoc.source.durations import parse_duration
from iopdoc.formats import DEFAULT_FORMATS, DOCUMENT_FORMATS

CONFIG_NAME = "iopdoc.toml"
DEFAULT_PROFILE = MappingProxyType({
    "agreement": ("background", "parties", "purpose", "period", "cooperation", "economy", "signatures"),
    "memo": ("summary", "decision", "background"),
})
# The shapes Swedish municipalities' diarienummer take, which vary between municipalities and years:
# SN 2023/0050, SN 21/0113 (a two-digit year), KS 2023.123, KS/2016:7, KSN-2019-0877, 2018/00017
# (no series letters), KS 2019/123-1.2 (a document's number within the case). A number of any of
# these plausible shapes passes unless the project declares its own pattern.
COMMON_DIARIENUMMER = (r"(?:[A-ZÅÄÖ]{1,8}(?:[ -][A-ZÅÄÖ]{1,8})?[ /-]?)?(?:\d{2}|\d{4})[/.:-]\d{1,6}"
                       r"(?:[.-]\d{1,4}){0,2}")
COMMON_DIARIENUMMER_EXAMPLES = "SN 2023/0050, SN 21/0113, KS 2023.123, KS/2016:7, KSN-2019-0877, 2018/00017"
KNOWN = {"profile": set(DEFAULT_PROFILE), "memo": {"diarienummer_pattern"}, "build": {"formats"}, "look": {"logo", "accent", "text", "font"},
         "calendar": {"successor_lead_time", "reminders"}, "payment": {"non_bank_day"},
         "site": {"publish_todos", "publish_calendar"},
         "types": set(), "personal": PERSONAL_KEYS, "plain": PLAIN_KEYS, "signing": SIGNING_KEYS}  # [types.NAME]: any name; its keys are TYPE_KEYS
TYPE_KEYS = {"title", "iop", "sections", "skip"}
IOP_TITLE = "Idéburet offentligt partnerskap"


@dataclass(frozen=True)
class AgreementType:
    """A kind of agreement (`[types.NAME]` in iopdoc.toml): what it is called, whether it is an IOP,
    the sections it requires (None: the project's profile) and the rules that do not apply to it."""

    name: str
    title: str = IOP_TITLE
    iop: bool = True
    sections: tuple[str, ...] | None = None
    skip: frozenset[str] = frozenset()
# How long before an agreement ends its successor (or extension) must be decided (calendar, overview).
DEFAULT_SUCCESSOR_LEAD_TIME = "sex månader"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
FONT_NAME = re.compile(r"^[A-Za-z0-9 -]{1,60}$")
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


@dataclass(frozen=True)
class Look:
    """The municipality's look: logo (else a text logotype of the organisation's name), colours, font.

    Colours must reach WCAG AA contrast (4.5:1) against the white page, so a setting cannot make the
    published documents inaccessible; the logo must be a file in templates/ (what the PDF renderer
    may read).
    """

    logo: Path | None = None
    accent: str = "#1d4f7a"
    text: str = "#1a1a1a"
    font: str = "Liberation Sans"

    @property
    def logo_type(self) -> str | None:
        return LOGO_TYPES.get(self.logo.suffix.lower()) if self.logo else None


def contrast_with_white(colour: str) -> float:
    """WCAG 2.1 contrast ratio of a #rrggbb colour against white."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


@dataclass(frozen=True)
class Config:
    """The project's settings; the defaults when there is no iopdoc.toml."""

    required_sections: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: DEFAULT_PROFILE)
    diarienummer_pattern: str = COMMON_DIARIENUMMER
    diarienummer_configured: bool = False
    look: Look = field(default_factory=Look)
    types: Mapping[str, AgreementType] = field(default_factory=dict)
    successor_lead_time: model.Duration = field(
        default_factory=lambda: parse_duration(DEFAULT_SUCCESSOR_LEAD_TIME))
    personal: PersonalSettings = field(default_factory=PersonalSettings)
    plain: PlainSettings = field(default_factory=PlainSettings)
    signing: SigningSettings = field(default_factory=SigningSettings)
    locations: Mapping[str, Location] = field(default_factory=dict, compare=False)
    build_formats: tuple[str, ...] = DEFAULT_FORMATS
    reminders: tuple[dt.timedelta, ...] = ()  # [calendar]: a VALARM this long before each event
    non_bank_day: str = "next"  # [payment]: a payment due on a day banks are closed moves to the next or previous bank day
    # [site]: what `publish` puts on the public site besides what is public (the internal overview,
    # `iopdoc overview` and `make preview-site`, always has both): the to-dos on the overview page,
    # and the calendar feed iop-kalender.ics.
    publish_todos: bool = False
    publish_calendar: bool = False

    def type_of(self, document: model.Node) -> AgreementType | None:
        """The kind of agreement a document names with `type:`, if the project defines it."""
        name = getattr(document, "type", None)
        return self.types.get(name) if name else None

    def at(self, key: str) -> Location:
        return self.locations.get(key) or self.locations.get("") or Location(CONFIG_NAME)


def section_kinds(document_kind: str) -> tuple[str, ...]:
    """The section kinds a document kind's sections may have (the model's `kind` choices)."""
    section = field_named(model.DOCUMENT_KINDS[document_kind], "sections").shape.item.record
    return field_named(section, "kind").shape.choices


def line_of(text: str, table: str, key: str | None) -> int:
    """The line where `[table]` or `key` (inside `[table]`) is written; 0 if not found."""
    current = None
    for number, row in enumerate(text.splitlines(), start=1):
        stripped = row.strip()
        header = re.fullmatch(r"\[([^\]]+)\]", stripped)
        if header:
            current = header.group(1).strip()
            if key is None and current == table:
                return number
        elif key is not None and current == table and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return 0


def load_config(root: Path, rule_codes: Callable[[], Collection[str]] | None = None) -> Config:
    """Read `root/iopdoc.toml`; all problems in it are reported together, each at its line.

    `rule_codes` gives the codes `[types.NAME] skip` may name (the rule registry's, asked only when a
    type skips rules: the settings sit below the rules in the house); None accepts any IOPnnn."""
    path = root / CONFIG_NAME
    if not path.is_file():
        return Config()
    name = relative_name(path)
    text = decode_text(path.read_bytes(), name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        where = Location(name, int(match.group(1)), int(match.group(2))) if match else Location(name)
        raise SourceError([error("IOP060", where, f"TOML-syntaxfel: {exc}.", f"TOML syntax error: {exc}.")]) from None

    problems: list[Diagnostic] = []

    def at(table: str, key: str | None = None) -> Location:
        line = line_of(text, table, key)
        return Location(name, line, 1 if line else 0)

    for table, value in data.items():
        if table not in KNOWN or not isinstance(value, dict):
            close = difflib.get_close_matches(table, KNOWN, n=1)
            maybe = (f" Menade du `[{close[0]}]`?", f" Did you mean `[{close[0]}]`?") if close else ("", "")
            problems.append(error("IOP061", at(table), f"okänd inställning `{table}`.{maybe[0]} Kända: {', '.join(KNOWN)}.",
                                  f"unknown setting `{table}`.{maybe[1]} Known: {', '.join(KNOWN)}."))
            continue
        if table == "types":
            continue  # its tables are read by read_types
        for key in value:
            if key not in KNOWN[table]:
                close = difflib.get_close_matches(key, KNOWN[table], n=1)
                maybe = (f" Menade du `{close[0]}`?", f" Did you mean `{close[0]}`?") if close else ("", "")
                problems.append(error("IOP061", at(table, key), f"okänd nyckel `{key}` i [{table}].{maybe[0]}",
                                      f"unknown key `{key}` in [{table}].{maybe[1]}"))

    profile = dict(DEFAULT_PROFILE)
    locations = {"": Location(name)}
    for kind, kinds in data.get("profile", {}).items() if isinstance(data.get("profile"), dict) else ():
        if kind not in DEFAULT_PROFILE:
            continue
        where = at("profile", kind)
        allowed = section_kinds(kind)
        if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            problems.append(error("IOP062", where, f"`{kind}` ska vara en lista av avsnittstyper, t.ex. [\"background\"].",
                                  f"`{kind}` must be a list of section kinds, e.g. [\"background\"]."))
            continue
        for unknown in (k for k in kinds if k not in allowed):
            problems.append(error("IOP062", where, f"`{unknown}` är ingen avsnittstyp för {kind}; möjliga: {', '.join(allowed)}.",
                                  f"`{unknown}` is not a section kind of {kind}; possible: {', '.join(allowed)}."))
        profile[kind] = tuple(kinds)
        locations[f"profile.{kind}"] = where

    pattern, configured = COMMON_DIARIENUMMER, False
    memo = data.get("memo") if isinstance(data.get("memo"), dict) else {}
    if "diarienummer_pattern" in memo:
        where = at("memo", "diarienummer_pattern")
        locations["memo.diarienummer_pattern"] = where
        try:
            re.compile(str(memo["diarienummer_pattern"]))
            pattern, configured = str(memo["diarienummer_pattern"]), True
        except re.error as exc:
            problems.append(error("IOP062", where, f"`diarienummer_pattern` är inget giltigt reguljärt uttryck: {exc}.",
                                  f"`diarienummer_pattern` is not a valid regular expression: {exc}."))
    formats = DEFAULT_FORMATS
    build = data.get("build") if isinstance(data.get("build"), dict) else {}
    if "formats" in build:
        listed = build["formats"]
        if not isinstance(listed, list) or not listed or not all(f in DOCUMENT_FORMATS for f in listed):
            problems.append(error("IOP062", at("build", "formats"),
                                  f"`formats` ska vara en lista av {', '.join(DOCUMENT_FORMATS)}, t.ex. [\"html\", \"pdf\", \"docx\"].",
                                  f"`formats` must be a list of {', '.join(DOCUMENT_FORMATS)}, e.g. [\"html\", \"pdf\", \"docx\"]."))
        else:
            formats = tuple(dict.fromkeys(listed))
    look, look_problems = read_look(data.get("look") if isinstance(data.get("look"), dict) else {}, root, at)
    problems += look_problems
    types, type_problems = read_types(data.get("types") if isinstance(data.get("types"), dict) else {}, at, locations,
                                         rule_codes)
    problems += type_problems
    lead_time = parse_duration(DEFAULT_SUCCESSOR_LEAD_TIME)
    calendar = data.get("calendar") if isinstance(data.get("calendar"), dict) else {}
    if "successor_lead_time" in calendar:
        parsed = parse_duration(str(calendar["successor_lead_time"]))
        if parsed is None:
            problems.append(error("IOP062", at("calendar", "successor_lead_time"),
                                  f"`successor_lead_time` ska vara en tidslängd som \"sex månader\", inte "
                                  f"`{calendar['successor_lead_time']}`.",
                                  f"`successor_lead_time` must be a duration such as \"sex månader\", not "
                                  f"`{calendar['successor_lead_time']}`."))
        else:
            lead_time = parsed
            locations["calendar.successor_lead_time"] = at("calendar", "successor_lead_time")
    reminders, reminder_problems = read_reminders(calendar.get("reminders", []), at("calendar", "reminders"))
    problems += reminder_problems
    non_bank_day = table_of(data, "payment").get("non_bank_day", "next")
    if non_bank_day not in ("next", "previous"):
        problems.append(error("IOP062", at("payment", "non_bank_day"),
                              f"`non_bank_day` ska vara \"next\" (nästa bankdag) eller \"previous\" (föregående), inte "
                              f"`{non_bank_day}`.",
                              f"`non_bank_day` must be \"next\" or \"previous\", not `{non_bank_day}`."))
    site_table = table_of(data, "site")
    site_settings = {}
    for key in sorted(KNOWN["site"]):
        value = site_table.get(key, False)
        if isinstance(value, bool):
            site_settings[key] = value
        else:
            problems.append(error("IOP062", at("site", key),
                                  f"`{key}` ska vara true eller false (utan citattecken), inte `{value}`.",
                                  f"`{key}` must be true or false (without quotes), not `{value}`."))
    personal, personal_problems = read_personal(table_of(data, "personal"), lambda key: at("personal", key))
    plain, plain_problems = read_plain(table_of(data, "plain"), lambda key: at("plain", key))
    signing, signing_problems = read_signing(table_of(data, "signing"), root, lambda key: at("signing", key))
    problems += personal_problems + plain_problems + signing_problems
    if problems:
        raise SourceError(problems)
    return Config(MappingProxyType(profile), pattern, configured, look, MappingProxyType(types), lead_time,
                  personal=personal, plain=plain, signing=signing, locations=MappingProxyType(locations), build_formats=formats,
                  non_bank_day=non_bank_day, reminders=reminders, **site_settings)


ISO_DURATION = re.compile(r"P(?:(\d{1,3})W|(?:(\d{1,3})D)?(?:T(?:(\d{1,3})H)?(?:(\d{1,4})M)?)?)")


def read_reminders(values, where: Location) -> tuple[tuple[dt.timedelta, ...], list]:
    """`reminders = ["P14D", "P1D"]`: ISO 8601 durations before each calendar event."""
    found, problems = [], []
    for value in values if isinstance(values, list) else [values]:
        match = ISO_DURATION.fullmatch(value) if isinstance(value, str) and value not in ("P", "PT") else None
        if match is None:
            problems.append(error("IOP062", where, f"`reminders` ska vara en lista av tidslängder som \"P14D\" (14 dagar) "
                                                   f"eller \"PT2H\" (två timmar), inte `{value}`.",
                                  f"`reminders` must be a list of durations such as \"P14D\" (14 days) or \"PT2H\" "
                                  f"(two hours), not `{value}`."))
            continue
        weeks, days, hours, minutes = (int(g or 0) for g in match.groups())
        found.append(dt.timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes))
    return tuple(found), problems


def is_rule_code(code, rule_codes: Callable[[], Collection[str]] | None) -> bool:
    if rule_codes is None:
        return isinstance(code, str) and re.fullmatch(r"IOP\d{3}", code) is not None
    return code in rule_codes()


def table_of(data: dict, name: str) -> dict:
    return data.get(name) if isinstance(data.get(name), dict) else {}


def read_types(table: dict, at, locations: dict,
               rule_codes: Callable[[], Collection[str]] | None = None) -> tuple[dict[str, AgreementType], list[Diagnostic]]:
    """`[types.NAME]` tables: each a kind of agreement with its title, IOP or not, sections and skipped rules."""
    problems: list[Diagnostic] = []
    types = {}
    allowed_sections = section_kinds("agreement")
    for name, value in table.items():
        where = at(f"types.{name}")
        locations[f"types.{name}"] = where
        if not isinstance(value, dict):
            problems.append(error("IOP062", where, f"`types.{name}` ska vara en tabell `[types.{name}]`.",
                                  f"`types.{name}` must be a table `[types.{name}]`."))
            continue
        for key in value:
            if key not in TYPE_KEYS:
                close = difflib.get_close_matches(key, TYPE_KEYS, n=1)
                maybe = (f" Menade du `{close[0]}`?", f" Did you mean `{close[0]}`?") if close else ("", "")
                problems.append(error("IOP061", at(f"types.{name}", key), f"okänd nyckel `{key}` i [types.{name}].{maybe[0]}",
                                      f"unknown key `{key}` in [types.{name}].{maybe[1]}"))
        title, iop = value.get("title", IOP_TITLE), value.get("iop", True)
        sections, skip = value.get("sections"), value.get("skip", [])
        if not isinstance(title, str) or not isinstance(iop, bool):
            problems.append(error("IOP062", where, "`title` ska vara text och `iop` true eller false.",
                                  "`title` must be text and `iop` true or false."))
            continue
        lists_ok = all(isinstance(v, list) and all(isinstance(k, str) for k in v) for v in (sections or [], skip))
        if not lists_ok:
            problems.append(error("IOP062", where, "`sections` och `skip` ska vara listor av text.",
                                  "`sections` and `skip` must be lists of text."))
            continue
        for unknown in (k for k in sections or [] if k not in allowed_sections):
            problems.append(error("IOP062", at(f"types.{name}", "sections"),
                                  f"`{unknown}` är ingen avsnittstyp; möjliga: {', '.join(allowed_sections)}.",
                                  f"`{unknown}` is not a section kind; possible: {', '.join(allowed_sections)}."))
        for unknown in (code for code in skip if not is_rule_code(code, rule_codes)):
            problems.append(error("IOP062", at(f"types.{name}", "skip"), f"`{unknown}` är ingen regel (se `iopdoc rules`).",
                                  f"`{unknown}` is not a rule (see `iopdoc rules`)."))
        if sections is not None:
            locations[f"types.{name}.sections"] = at(f"types.{name}", "sections")
        types[name] = AgreementType(name, title, iop, tuple(sections) if sections is not None else None, frozenset(skip))
    return types, problems


def read_look(table: dict, root: Path, at) -> tuple[Look, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    values = {}
    for key in ("accent", "text"):
        if key in table:
            colour = str(table[key])
            if not HEX_COLOUR.match(colour):
                problems.append(error("IOP062", at("look", key), f"`{key}` ska vara en färg som #1d4f7a, inte `{colour}`.",
                                      f"`{key}` must be a colour such as #1d4f7a, not `{colour}`."))
            elif contrast_with_white(colour) < 4.5:
                ratio = f"{contrast_with_white(colour):.1f}"
                problems.append(error("IOP062", at("look", key),
                                      f"`{key} = {colour}` har kontrasten {ratio}:1 mot vit bakgrund; tillgänglighetskravet "
                                      "(WCAG 2.1 AA) är minst 4,5:1. Välj en mörkare färg.",
                                      f"`{key} = {colour}` has a contrast of {ratio}:1 against white; accessibility "
                                      "(WCAG 2.1 AA) needs at least 4.5:1. Choose a darker colour."))
            else:
                values[key] = colour
    if "font" in table:
        font = str(table["font"])
        if FONT_NAME.match(font):
            values["font"] = font
        else:
            problems.append(error("IOP062", at("look", "font"), f"`font` ska vara ett typsnittsnamn, inte `{font}`.",
                                  f"`font` must be a font family name, not `{font}`."))
    if "logo" in table:
        logo = (root / str(table["logo"])).resolve()
        templates = (root / "templates").resolve()
        if logo.suffix.lower() not in LOGO_TYPES or not logo.is_relative_to(templates) or not logo.is_file():
            problems.append(error("IOP062", at("look", "logo"),
                                  f"`logo` ska vara en SVG- eller PNG-fil under templates/, t.ex. \"templates/logo.svg\"; "
                                  f"`{table['logo']}` är det inte.",
                                  f"`logo` must be an SVG or PNG file under templates/, e.g. \"templates/logo.svg\"; "
                                  f"`{table['logo']}` is not."))
        else:
            values["logo"] = logo
    return Look(**values), problems

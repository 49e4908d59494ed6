"""From a YAML node tree to the model: keys, types, enums and dates, every problem at once.

The model's dataclasses are the schema: each field's type says what a source
may write there, and its `fact()` metadata says whether it is required and
what it is called in Swedish. Nothing here knows about agreements in
particular, so a new document kind is a new dataclass in `model.py`.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import types
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Mapping

from iopdoc.source import ids
from iopdoc import locale_sv, model
from iopdoc.errors import Diagnostic, Location, SourceError, error
from iopdoc.model.fields import FieldInfo, Shape, field_map
from iopdoc.quoting import excerpt
from iopdoc.source.loader import MappingNode, Node, ScalarNode, SequenceNode, Source, read_source
from iopdoc.source.durations import parse_duration

STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (f"tag:yaml.org,2002:{t}" for t in
                                          ("str", "int", "float", "bool", "null", "timestamp"))

# Dates an officer leaves for later: 2024-xx-xx, 2019-, 2024-05-, ÅÅÅÅ-MM-DD, 20XX-XX-XX.
SHORT_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")  # only reached when not ISO_DATE
PLACEHOLDER_DATE = re.compile(r"^(?!\d{4}-\d{1,2}-\d{1,2}$)[0-9xXÅåYy]{2,4}-(?:[0-9xXMm]{0,2}-?(?:[0-9xXDd]{0,2}))$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
ABBREVIATED_UNITS = {"mån": ("månad", "månader"), "månad": ("månad", "månader"), "mnd": ("månad", "månader"),
                     "v": ("vecka", "veckor"), "v.": ("vecka", "veckor"), "veck": ("vecka", "veckor"),
                     "d": ("dag", "dagar"), "dgr": ("dag", "dagar"), "å": ("år", "år")}


def written_out(text: str) -> str | None:
    """`6 mån` → `6 månader`, `1 mån.` → `1 månad`: a length whose unit is abbreviated, written out; else None."""
    match = re.fullmatch(r"\s*(\d+)\s*([a-zåäö]+)\.?\s*", text, re.IGNORECASE)
    units = ABBREVIATED_UNITS.get(match.group(2).lower()) if match else None
    if units is None:
        return None
    written = f"{match.group(1)} {units[0] if match.group(1) == '1' else units[1]}"
    return written if parse_duration(written) is not None else None


OPEN_ENDED_WORDS = re.compile(r"tills?\s*vidare|löpande|utan\s+slut", re.IGNORECASE)
# The key a party, contribution or signatory is written under: what prose calls it (`kommunen`).
HANDLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

FIRST_YEAR, LAST_YEAR = 1900, 2199  # the dates an agreement can mean; beyond, date arithmetic overflows

TYPE_NAMES = {  # (sv, en) for "expected ..." messages
    str: ("text", "text"), int: ("ett heltal", "a whole number"), Decimal: ("ett belopp i siffror", "an amount in digits"),
    bool: ("true eller false", "true or false"), "date": ("ett datum ÅÅÅÅ-MM-DD", "a date YYYY-MM-DD"),
    "mapping": ("nycklar med värden", "keys with values"), "list": ("en lista", "a list"),
    model.Duration: ("en tidslängd, t.ex. \"sex månader\"", "a duration, e.g. \"sex månader\""),
}


def tag_of(node: Node) -> str:
    """What `str(node.tag)` gives, read from the node's Tag directly (called for nearly every
    scalar: a fifth of a million times for 1000 sources)."""
    tag = node.ctag
    name = tag.trval if tag is not None else None
    return "None" if name is None else name


def describe(node: Node) -> tuple[str, str]:
    if isinstance(node, MappingNode):
        return "nycklar med värden", "keys with values"
    if isinstance(node, SequenceNode):
        return "en lista", "a list"
    if tag_of(node) == NULL:
        return "inget värde", "no value"
    return f"`{excerpt(node.value)}`", f"`{excerpt(node.value)}`"


def is_missing(info: FieldInfo, values: Mapping[str, Any]) -> bool:
    """A required key not written, or one required unless another is written (`required_unless`)."""
    if info.name in values:
        return False
    return info.required or (info.required_unless is not None and info.required_unless not in values)


def is_year(node: Node) -> bool:
    """A bare four-digit integer: a year, where a field also takes one."""
    return isinstance(node, ScalarNode) and tag_of(node) == INT and re.fullmatch(r"\d{4}", node.value) is not None


class Converter:
    """Turns one source's node tree into model objects, collecting every problem."""

    def __init__(self, source: Source):
        self.source = source
        self.problems: list[Diagnostic] = []

    def at(self, node: Node) -> Location:
        return self.source.location(node)

    def problem(self, code: str, node: Node, sv: str, en: str) -> None:
        found = error(code, self.at(node), sv, en)
        if found not in self.problems:  # a mapping read twice (the root: once for its kind) reports once
            self.problems.append(found)

    def wrong_type(self, node: Node, expected_sv: str, expected_en: str, hint: tuple[str, str] = ("", "")) -> None:
        found_sv, found_en = describe(node)
        self.problem("IOP012", node, f"väntade {expected_sv}, fann {found_sv}.{hint[0]}",
                     f"expected {expected_en}, found {found_en}.{hint[1]}")

    # --- dispatch on the field's type -------------------------------------------------
    def convert(self, node: Node, shape: Shape, anchor: Node | None = None) -> Any:
        """Convert `node` to a value of `shape` (fields.shape_of); `anchor` is the key it is written
        under, where a missing key is reported."""
        if shape.optional and isinstance(node, ScalarNode) and tag_of(node) == NULL:
            return None
        if shape.year and is_year(node):
            return self.year(node)
        kind = shape.kind
        if kind == "date":
            return self.date(node, year_allowed=shape.year)
        if kind == "choice":
            return self.choice(node, shape.choices)
        if kind == "list":
            return self.sequence(node, shape.item)
        if kind == "mapping":
            return self.keyed(node, shape.item)
        if kind == "record":
            return self.record(node, shape.record, anchor=anchor)
        if kind == "union":  # text or a record (`payment`): the node's shape says which
            records = [option for option in shape.options if option.kind == "record"]
            if records and isinstance(node, MappingNode):
                return self.convert(node, records[0], anchor)
            return self.convert(node, next((o for o in shape.options if o.kind != "record"), shape.options[0]), anchor)
        return SCALAR_CONVERSIONS[kind](self, node)

    def scalar(self, node: Node, expected: tuple[str, str]) -> ScalarNode | None:
        if isinstance(node, ScalarNode) and tag_of(node) != NULL:
            return node
        self.wrong_type(node, *expected)
        return None

    def text(self, node: Node) -> str | None:
        scalar = self.scalar(node, TYPE_NAMES[str])
        # ruamel's round-trip scanner marks where a folded (`>`) scalar was folded with U+0007
        # so it can fold it again when dumping; it is not part of the text.
        return None if scalar is None else scalar.value.replace("\a", "")

    def integer(self, node: Node) -> int | None:
        scalar = self.scalar(node, TYPE_NAMES[int])
        if scalar is None:
            return None
        if tag_of(scalar) != INT:
            self.wrong_type(scalar, *TYPE_NAMES[int])
            return None
        try:  # YAML 1.2 also calls 0x10 and 0o17 integers; a source writes whole numbers in digits
            return int(scalar.value.replace("_", ""), 10)
        except ValueError:
            self.wrong_type(scalar, *TYPE_NAMES[int])
            return None

    def amount(self, node: Node) -> Decimal | None:
        scalar = self.scalar(node, TYPE_NAMES[Decimal])
        if scalar is None:
            return None
        if tag_of(scalar) in (INT, FLOAT):
            try:
                number = Decimal(scalar.value.replace("_", ""))
                if number.is_finite() and number.adjusted() < 16:  # below 10^16 kr; 1e400000000 is no amount
                    return number
            except InvalidOperation:
                pass
        digits = re.sub(r"[\s\u00a0]|kr$", "", scalar.value).replace(",", ".")
        hint = ("", "")
        if re.fullmatch(r"\d+(\.\d+)?", digits):
            hint = (f" Skriv beloppet utan mellanslag och enhet: `{digits}`.",
                    f" Write the amount without spaces or unit: `{digits}`.")
        self.wrong_type(scalar, *TYPE_NAMES[Decimal], hint=hint)
        return None

    def boolean(self, node: Node) -> bool | None:
        scalar = self.scalar(node, TYPE_NAMES[bool])
        if scalar is None:
            return None
        if tag_of(scalar) != BOOL:
            self.wrong_type(scalar, *TYPE_NAMES[bool])
            return None
        return scalar.value.lower() in ("true", "yes", "on")

    def year(self, node: Node) -> model.Year | None:
        """A bare four-digit year where the field also takes one (`end: 2026`); None (and IOP013)
        when it is not a plausible year."""
        return self.plausible(model.Year(int(node.value)), node)

    def plausible(self, value, scalar):
        """A date or year within FIRST_YEAR..LAST_YEAR, else None and IOP013: date arithmetic
        (a period's years, a notice period, a schedule) must not run past Python's year 9999."""
        year = value.year  # a date, or a model.Year
        if FIRST_YEAR <= year <= LAST_YEAR:
            return value
        self.problem("IOP013", scalar,
                     f"{scalar.value.strip()} ligger utanför åren {FIRST_YEAR}–{LAST_YEAR} som iopdoc räknar med. En period "
                     "som gäller tills vidare skrivs `open_ended: true`, utan `end`.",
                     f"{scalar.value.strip()} lies outside the years {FIRST_YEAR}-{LAST_YEAR} iopdoc works with. A period "
                     "that runs until further notice is written `open_ended: true`, without `end`.")
        return None

    def date(self, node: Node, year_allowed: bool = False) -> dt.date | model.Unfilled | None:
        scalar = self.scalar(node, TYPE_NAMES["date"])
        if scalar is None:
            return None
        text = scalar.value.strip()
        match = ISO_DATE.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return self.plausible(dt.date(year, month, day), scalar)
            except ValueError:
                self.problem("IOP013", scalar, f"{text} är inget datum: {locale_sv.why_not_a_date(year, month, day, 'sv')}.",
                             f"{text} is not a date: {locale_sv.why_not_a_date(year, month, day, 'en')}.")
                return None
        short = SHORT_DATE.match(text)
        if short:  # 2026-1-1: a real date written without its zeros, not a placeholder
            year, month, day = (int(g) for g in short.groups())
            try:
                padded = dt.date(year, month, day).isoformat()
            except ValueError:
                padded = None
            if padded:
                self.problem("IOP013", scalar, f"`{text}` ska skrivas {padded}: ÅÅÅÅ-MM-DD, med två siffror för månad och dag.",
                             f"`{text}` must be written {padded}: YYYY-MM-DD, with two digits for month and day.")
            else:
                self.problem("IOP013", scalar, f"{text} är inget datum: {locale_sv.why_not_a_date(year, month, day, 'sv')}.",
                             f"{text} is not a date: {locale_sv.why_not_a_date(year, month, day, 'en')}.")
            return None
        if PLACEHOLDER_DATE.match(text) and not re.fullmatch(r"\d{4}", text):
            return model.Unfilled(text)
        if OPEN_ENDED_WORDS.search(text):  # `end: tills vidare`: the period has no end, it is open-ended
            self.problem("IOP013", scalar,
                         f"`{excerpt(text)}` är inget datum. En överenskommelse som gäller tills vidare har inget slutdatum: "
                         "ta bort raden och skriv `open_ended: true` under `period`, med en uppsägningstid (`notice`).",
                         f"`{excerpt(text)}` is not a date. An open-ended agreement has no end date: remove the line and "
                         "write `open_ended: true` under `period`, with a notice period (`notice`).")
            return None
        or_year = (", ett årtal som 2026", ", a year such as 2026") if year_allowed else ("", "")
        self.problem("IOP013", scalar,
                     f"`{excerpt(text)}` är inget datum. Skriv ÅÅÅÅ-MM-DD, t.ex. 2025-01-01{or_year[0]}, eller 2025-xx-xx om datumet inte är bestämt.",
                     f"`{excerpt(text)}` is not a date. Write YYYY-MM-DD, e.g. 2025-01-01{or_year[1]}, or 2025-xx-xx if the date is not fixed yet.")
        return None

    def duration(self, node: Node) -> model.Duration | None:
        scalar = self.scalar(node, TYPE_NAMES[model.Duration])
        if scalar is None:
            return None
        parsed = parse_duration(scalar.value)
        if parsed is None:
            written = written_out(scalar.value)
            if written is not None:  # `6 mån`: the unit abbreviated, the length plain
                self.problem("IOP014", scalar,
                             f"`{excerpt(scalar.value)}` förkortar enheten; skriv den utskriven: \"{written}\". Texten "
                             "visar tidslängden som den står här.",
                             f"`{excerpt(scalar.value)}` abbreviates the unit; write it out: \"{written}\". The text shows "
                             "the duration as written here.")
                return None
            self.problem("IOP014", scalar,
                         f"`{excerpt(scalar.value)}` är ingen tidslängd. Skriv antal och enhet, t.ex. \"sex månader\", \"5 år\" eller \"3,5 år\".",
                         f"`{excerpt(scalar.value)}` is not a duration. Write a number and a unit, e.g. \"sex månader\", \"5 år\" or \"3,5 år\".")
        return parsed

    def choice(self, node: Node, options: tuple[str, ...]) -> str | None:
        listed = ", ".join(options)
        scalar = self.scalar(node, (f"ett av: {listed}", f"one of: {listed}"))
        if scalar is None:
            return None
        if scalar.value in options:
            return scalar.value
        close = difflib.get_close_matches(scalar.value, options, n=1)
        maybe = (f" Menade du `{close[0]}`?", f" Did you mean `{close[0]}`?") if close else ("", "")
        self.problem("IOP015", scalar, f"`{excerpt(scalar.value)}` är inte tillåtet här; välj ett av: {listed}.{maybe[0]}",
                     f"`{excerpt(scalar.value)}` is not allowed here; choose one of: {listed}.{maybe[1]}")
        return None

    def sequence(self, node: Node, item: Shape) -> tuple:
        if not isinstance(node, SequenceNode):
            self.wrong_type(node, *TYPE_NAMES["list"])
            return ()
        return tuple(self.convert(child, item) for child in node.value)

    def pairs(self, node: Node) -> list[tuple[str, ScalarNode, Node]] | None:
        """A mapping's (key, key node, value node) triples; duplicate keys reported."""
        if not isinstance(node, MappingNode):
            self.wrong_type(node, *TYPE_NAMES["mapping"])
            return None
        seen: dict[str, ScalarNode] = {}
        out = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem("IOP010", key_node, "en nyckel ska vara text, inte en lista eller nycklar med värden.",
                             "a key must be text, not a list or keys with values.")
                continue
            key = str(key_node.value)
            if key in seen:
                first = self.at(seen[key])
                self.problem("IOP011", key_node, f"nyckeln `{excerpt(key)}` står två gånger (första gången på rad {first.line}). Ta bort en.",
                             f"the key `{excerpt(key)}` appears twice (first on line {first.line}). Remove one.")
                continue
            seen[key] = key_node
            out.append((key, key_node, value_node))
        return out

    def keyed(self, node: Node, item: Shape) -> Mapping:
        pairs = self.pairs(node)
        if pairs is None:
            return model.EMPTY
        result = {}
        for key, key_node, value_node in pairs:
            if not HANDLE.match(key):
                self.problem("IOP016", key_node,
                             f"`{excerpt(key)}` kan inte användas som kortnamn: använd bokstäver a-z, siffror och _, t.ex. `kommunen`.",
                             f"`{excerpt(key)}` cannot be used as a handle: use letters a-z, digits and _, e.g. `kommunen`.")
            if item.kind == "record":
                result[key] = self.record(value_node, item.record, handle=key, anchor=key_node)
            else:
                result[key] = self.convert(value_node, item, anchor=key_node)
        return types.MappingProxyType(result)

    def prose_positions(self, name: str, node: Node) -> dict[str, Location]:
        """Where the text of a prose field starts and its continuation column (`name:indent`),
        for one text or for each text of a list (`name[0]`, `name[1]`, ...), so that a message
        about an expression in it can name its line and column."""
        if isinstance(node, SequenceNode):
            pieces = [(f"{name}[{index}]", item) for index, item in enumerate(node.value)]
        else:
            pieces = [(name, node)]
        positions = {}
        for key, piece in pieces:
            if isinstance(piece, ScalarNode):
                positions[key], indent = self.source.block_start(piece)
                positions[f"{key}:indent"] = Location(self.source.name, 0, indent + 1)
        return positions

    def record(self, node: Node, cls: type[model.Node], handle: str | None = None, anchor: Node | None = None):
        """A model object from a mapping. `handle` fills fields marked `from_key`; `anchor` is
        the key the mapping is written under, which is where its missing keys are reported."""
        pairs = self.pairs(node)
        if pairs is None:
            return None
        fields = field_map(cls)
        writable, accepted, from_key = written_fields(cls)
        values: dict[str, Any] = {}
        locations: dict[str, Location] = {"": self.at(anchor if anchor is not None else node)}
        if handle is not None:
            for name in from_key:
                values[name] = handle
        misspelt: set[str] = set()
        for name, key_node_, value_node in pairs:
            if name not in accepted:
                close = difflib.get_close_matches(name, writable, n=1, cutoff=0.6)
                misspelt.update(close)
                maybe = (f" Menade du `{close[0]}`?", f" Did you mean `{close[0]}`?") if close else (
                    f" Tillåtna nycklar: {', '.join(writable)}.", f" Allowed keys: {', '.join(writable)}.")
                self.problem("IOP010", key_node_, f"okänd nyckel `{excerpt(name)}`.{maybe[0]}", f"unknown key `{excerpt(name)}`.{maybe[1]}")
                continue
            locations[name] = self.at(value_node)
            if fields[name].prose:
                locations.update(self.prose_positions(name, value_node))
            values[name] = self.convert(value_node, fields[name].shape, anchor=key_node_)
        missing = [name for name in writable if name not in values and is_missing(fields[name], values)]
        # A misspelt key is reported once, as unknown with its suggestion, not also as missing.
        for name in (n for n in missing if n not in misspelt):
            title = fields[name].title
            under_sv = f" under `{anchor.value}`" if anchor is not None else ""
            under_en = f" under `{anchor.value}`" if anchor is not None else ""
            self.problem("IOP017", anchor if anchor is not None else node,
                         f"nyckeln `{name}` ({title}) saknas{under_sv}; lägg till den.",
                         f"the key `{name}` ({title}) is missing{under_en}; add it.")
        failed = [n for n in writable if n in values and values[n] is None and not fields[n].shape.optional]
        if missing or failed:
            return None  # the problems are recorded; the document will not be built
        return cls(locations=types.MappingProxyType(locations), **values)


@functools.lru_cache(maxsize=None)
def written_fields(cls: type) -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    """A model class's fields a source writes (in order, and as a set) and those filled from the key
    the record is written under; once per class, not once per record."""
    fields = field_map(cls)
    writable = tuple(name for name, info in fields.items() if info.written)
    return writable, frozenset(writable), tuple(name for name, info in fields.items() if info.from_key)


SCALAR_CONVERSIONS = {"text": Converter.text, "integer": Converter.integer, "amount": Converter.amount,
                      "boolean": Converter.boolean, "duration": Converter.duration}


def read_document(source: Source) -> model.Node:
    """Convert a parsed source into its document model; every problem is reported at once."""
    converter = Converter(source)
    if isinstance(source.root, ScalarNode):  # not a source at all (a secret, a text): say so without quoting it
        raise SourceError([error("IOP012", source.location(source.root),
                                 "filen är ingen källa: den ska bestå av nycklar med värden och börja med `kind:`.",
                                 "the file is not a source: it must consist of keys with values and start with `kind:`.")])
    pairs = converter.pairs(source.root)
    if pairs is None:
        raise SourceError(converter.problems)
    kind_node = next((value for key, _, value in pairs if key == "kind"), None)
    kinds = ", ".join(model.DOCUMENT_KINDS)
    if kind_node is None:
        raise SourceError([error("IOP017", source.location(source.root),
                                 f"nyckeln `kind` saknas. Börja filen med `kind: agreement` (möjliga: {kinds}).",
                                 f"the key `kind` is missing. Start the file with `kind: agreement` (possible: {kinds}).")])
    kind = converter.choice(kind_node, tuple(model.DOCUMENT_KINDS))
    if kind is None:
        raise SourceError(converter.problems)
    document = converter.record(source.root, model.DOCUMENT_KINDS[kind])
    converter.problems.extend(ids.document_id_problems(document, source.path.stem, source.name))
    identifier = getattr(document, "id", None) if document is not None else None
    if identifier is not None and identifier != source.path.stem and ids.is_valid_id(identifier):
        converter.problems.append(error(
            "IOP018", document.at("id"),
            f"id `{identifier}` skiljer sig från filnamnet `{source.path.name}`. Byt namn på filen till `{identifier}.yaml` eller ändra id.",
            f"id `{identifier}` differs from the file name `{source.path.name}`. Rename the file to `{identifier}.yaml` or change the id."))
    if converter.problems:
        raise SourceError(converter.problems)
    return document


def load_document(path: Path) -> model.Node:
    """Read, parse and convert one source file."""
    return read_document(read_source(path))

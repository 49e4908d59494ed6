"""Starting a new source: a successor of an existing agreement, or a blank one from a skeleton.

A successor is the predecessor's source edited in place with ruamel.yaml's
round trip, so its prose, parties and comments stay as they were; only the
facts that must change for a new period change, and those the officer must
fill in again (signing date, signatory names) become placeholders the checks
flag. Every new source is written in the canonical layout (canonical.py), so
that `iopdoc fmt --check` passes on it and its first diff shows only facts.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from iopdoc import locale_sv
from iopdoc.assets import find_asset
from iopdoc.source.canonical import canonical_text, round_trip_yaml
from iopdoc.errors import Location, UsageError, error
from iopdoc.source.ids import is_valid_id
from iopdoc.placeholders import placeholder

SCHEMA_LINE = "# yaml-language-server: $schema=../docs/iopdoc.schema.json"
NAME_PLACEHOLDER = placeholder("aktuell firmatecknare")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def check_new_id(identifier: str, target: Path) -> None:
    if not is_valid_id(identifier):
        raise UsageError([error("IOP070", Location(identifier),
                                "ett id består av små bokstäver a-z, siffror och bindestreck, t.ex. linkoping-kvinnojouren-2031.",
                                "an id is lower-case letters a-z, digits and hyphens, e.g. linkoping-kvinnojouren-2031.")])
    if target.exists():
        raise UsageError([error("IOP071", Location(str(target)),
                                "filen finns redan; iopdoc new skriver aldrig över en källa. Välj ett annat id.",
                                "the file already exists; iopdoc new never overwrites a source. Choose another id.")])


def successor_text(predecessor: Path, identifier: str, start: dt.date | None = None, years: int | None = None) -> str:
    """The predecessor's source, turned into a draft of its successor."""
    yaml = round_trip_yaml()
    data: CommentedMap = yaml.load(predecessor.read_text(encoding="utf-8"))
    old_period = data["period"]
    old_start, old_end = old_period["start"], old_period["end"]
    if not (isinstance(old_start, dt.date) and isinstance(old_end, dt.date)):
        raise UsageError([error("IOP072", Location(str(predecessor)),
                                "föregångarens period har inga riktiga datum; fyll i dem först eller ange --start och --years.",
                                "the predecessor's period has no real dates; fill them in first or give --start and --years.")])
    new_start = start or old_end + dt.timedelta(days=1)
    length = years * 12 if years else locale_sv.whole_months(old_start, old_end)
    new_end = locale_sv.add_months(new_start, length) - dt.timedelta(days=1)

    data["id"] = identifier
    data["status"] = "draft"
    if "supersedes" in data:
        data["supersedes"] = predecessor.stem
    else:
        data.insert(list(data).index("status") + 1, "supersedes", predecessor.stem)
    old_period["start"], old_period["end"] = new_start, new_end
    if years and "stated_duration" in old_period:
        old_period["stated_duration"] = f"{locale_sv.in_words(years, neuter=True)} år"  # ett år, två år

    economy = data.get("economy") or {}
    for contribution in (economy.get("contributions") or {}).values():
        if "price_level" in contribution:
            contribution["price_level"] = new_start.year
    indexation = economy.get("indexation")
    if indexation and isinstance(indexation.get("start"), dt.date):
        # As far into the new period as it was into the old one; a period too short for that
        # (a one-year successor) leaves the date for the officer to decide.
        moved = locale_sv.add_months(new_start, locale_sv.whole_months(old_start, indexation["start"]))
        indexation["start"] = moved if moved <= new_end else f"{new_end.year}-xx-xx"
    for key in ("title", "short_title"):
        if isinstance(data.get(key), str):
            data[key] = same_kind(data[key], years_moved(str(data[key]), (old_start.year, old_end.year),
                                                         (new_start.year, new_end.year)))

    signatures = data.get("signatures")
    if signatures:
        signatures["date"] = f"{new_start.year - 1}-xx-xx"
        for signatory in (signatures.get("signatories") or {}).values():
            signatory["name"] = NAME_PLACEHOLDER

    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue()
    text = text if text.startswith(SCHEMA_LINE) else f"{SCHEMA_LINE}\n{text}"
    return canonical_text(text, predecessor.with_name(f"{identifier}.yaml"))


def years_moved(text: str, old: tuple[int, int], new: tuple[int, int]) -> str:
    """The years of the old period in `text` (a title, `2025–2030`) as the new period's: its first
    and last year become the new first and last, a year between them moves with the start."""
    def move(match: re.Match) -> str:
        year = int(match.group(0))
        if year == old[0]:
            return str(new[0])
        if year == old[1]:
            return str(new[1])
        return str(year + new[0] - old[0]) if old[0] < year < old[1] else match.group(0)
    return re.sub(r"(?<!\d)(\d{4})\s*[–-]\s*\1(?!\d)", r"\1", YEAR.sub(move, text))  # 2031–2031: 2031


def same_kind(original: str, text: str) -> str:
    """`text` as the same kind of YAML string as `original` (ruamel keeps a folded or quoted style)."""
    return text if type(original) is str else type(original)(text)


def skeleton_text(templates_dir: Path, kind: str, identifier: str) -> str:
    """A blank source of `kind` from `new/<kind>.yaml` (the project's templates/, else the package's), with its id filled in."""
    skeleton = find_asset(templates_dir, f"new/{kind}.yaml")
    if skeleton is None:
        raise UsageError([error("IOP073", Location(str(templates_dir / "new" / f"{kind}.yaml")), f"det finns ingen mall för `{kind}`.",
                                f"there is no skeleton for `{kind}`.")])
    text = skeleton.read_text(encoding="utf-8").replace("\nid: ID\n", f"\nid: {identifier}\n", 1)
    return canonical_text(text, skeleton.with_name(f"{identifier}.yaml"))

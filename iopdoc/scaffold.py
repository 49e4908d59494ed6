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

from . import locale_sv
from .canonical import canonical_text, round_trip_yaml
from .errors import Location, UsageError, error
from .ids import is_valid_id

SCHEMA_LINE = "# yaml-language-server: $schema=../docs/iopdoc.schema.json"
NAME_PLACEHOLDER = "(aktuell firmatecknare)"


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
    shift = new_start.year - old_start.year

    data["id"] = identifier
    data["status"] = "draft"
    if "supersedes" in data:
        data["supersedes"] = predecessor.stem
    else:
        data.insert(list(data).index("status") + 1, "supersedes", predecessor.stem)
    old_period["start"], old_period["end"] = new_start, new_end
    if years and "stated_duration" in old_period:
        old_period["stated_duration"] = f"{locale_sv.in_words(years)} år"

    economy = data.get("economy") or {}
    for contribution in (economy.get("contributions") or {}).values():
        if "price_level" in contribution:
            contribution["price_level"] = new_start.year
    indexation = economy.get("indexation")
    if indexation and isinstance(indexation.get("start"), dt.date):
        indexation["start"] = locale_sv.add_months(indexation["start"], 12 * shift)

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


def skeleton_text(templates_dir: Path, kind: str, identifier: str) -> str:
    """A blank source of `kind` from `templates/new/<kind>.yaml`, with its id filled in."""
    skeleton = templates_dir / "new" / f"{kind}.yaml"
    if not skeleton.is_file():
        raise UsageError([error("IOP073", Location(str(skeleton)), f"det finns ingen mall för `{kind}`.",
                                f"there is no skeleton for `{kind}`.")])
    text = skeleton.read_text(encoding="utf-8").replace("\nid: ID\n", f"\nid: {identifier}\n", 1)
    return canonical_text(text, skeleton.with_name(f"{identifier}.yaml"))

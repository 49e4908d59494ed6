"""Two versions of an index series compared: its name and publisher, and each year's figure, keyed
by year, so a definitive figure replacing a preliminary one reads as that year's change."""
from __future__ import annotations

import re

from iopdoc import locale_sv, model
from iopdoc.facts.indexes import read_series
from iopdoc.source.loader import parse_source
from iopdoc.diff.changes import DocumentDiff, FactChange
from iopdoc.diff.revisions import Side

KIND_INDEX = re.compile(r"^kind:[ \t]*['\"]?index['\"]?[ \t]*(#.*)?$", re.MULTILINE)
STATUS_SV = {"preliminary": "preliminär", "definitive": "definitiv"}


def is_series(side: Side | None) -> bool:
    return side is not None and KIND_INDEX.search(side.text) is not None


def load_series_side(side: Side | None) -> model.IndexSeries | None:
    return None if side is None else read_series(parse_source(side.text, path=side.path, name=side.name))


def figure(change: model.IndexChange) -> str:
    percent = locale_sv.format_number(change.percent.normalize() if change.percent != change.percent.to_integral_value()
                                      else change.percent.quantize(1))
    return f"{percent} % ({STATUS_SV[change.status]}; {change.publication})"


def series_facts(series: model.IndexSeries | None) -> dict[str, tuple[str, str]]:
    if series is None:
        return {}
    facts = {"name": ("Namn", series.name), "publisher": ("Utgivare", series.publisher)}
    for change in sorted(series.changes, key=lambda c: c.year):
        facts[f"changes.{change.year}"] = (f"Förändring {change.year}", figure(change))
    return facts


def compare_series(old: Side | None, new: Side | None) -> DocumentDiff:
    """Problems in either side are raised together (SourceError), at their lines."""
    from iopdoc.errors import SourceError

    loaded, problems = [], []
    for side in (old, new):
        try:
            loaded.append(load_series_side(side))
        except SourceError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise SourceError(problems)
    before, after = (series_facts(s) for s in loaded)
    keys = list(after) + [k for k in before if k not in after]
    changes = tuple(FactChange(key, (after.get(key) or before[key])[0], before[key][1] if key in before else None,
                               after[key][1] if key in after else None)
                    for key in keys if before.get(key, (None, None))[1] != after.get(key, (None, None))[1])
    shown = loaded[1] or loaded[0]
    return DocumentDiff(identifier=shown.id, kind="index", old_name=old.name if old else "",
                        new_name=new.name if new else "", facts=changes, sections=())

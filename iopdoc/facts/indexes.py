"""Index series (`sources/index/<id>.yaml`): loading them, and the index factor of a year.

A series gives, per year, the change in percent applied to amounts paid in that year. An amount at
year P's price level, indexed from year S, is paid in year Y at amount × (1 + r)(1 + r')... over
the years max(P + 1, S) to Y. A year the series has no figure for yet uses the latest earlier
figure, and says so (`IndexFigure.stands_in_for`); a check warns about it (IOP223).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Mapping

from iopdoc import model
from iopdoc.errors import SourceError, error
from iopdoc.source.loader import read_source

FOLDER = "index"
_loaded: dict[tuple[Path, int, int], model.IndexSeries] = {}


def series_folder(sources_dir: Path) -> Path:
    return sources_dir / FOLDER


def series_path(sources_dir: Path, identifier: str) -> Path:
    return series_folder(sources_dir) / f"{identifier}.yaml"


def load_series(path: Path) -> model.IndexSeries:
    """Read one series; every problem in it at once, at its line (like a source)."""
    from iopdoc.source.schema import Converter  # schema imports the model; this module is imported by checks

    stat = path.stat()
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    if key in _loaded:
        return _loaded[key]
    series = read_series(read_source(path))
    _loaded[key] = series
    return series


def read_series(source) -> model.IndexSeries:
    """A parsed series file as the model; every problem in it at once (SourceError)."""
    from iopdoc.source.schema import Converter

    path = source.path
    converter = Converter(source)
    series = converter.record(source.root, model.IndexSeries)
    if series is not None:
        if series.id != path.stem:
            converter.problems.append(error(
                "IOP018", series.at("id"), f"id `{series.id}` skiljer sig från filnamnet `{path.name}`.",
                f"id `{series.id}` differs from the file name `{path.name}`."))
        seen: dict[int, model.IndexChange] = {}
        for change in series.changes:
            if change.year in seen:
                converter.problems.append(error(
                    "IOP011", change.at("year"),
                    f"året {change.year} står två gånger (första gången på rad {seen[change.year].at('year').line}). "
                    "Ersätt den gamla siffran i stället för att lägga till en ny.",
                    f"the year {change.year} appears twice (first on line {seen[change.year].at('year').line}). "
                    "Replace the old figure instead of adding another."))
            seen[change.year] = change
    if converter.problems or series is None:
        raise SourceError(converter.problems)
    return series


def all_series(sources_dir: Path) -> dict[str, model.IndexSeries]:
    """Every series of the project, by id."""
    return {path.stem: load_series(path) for path in sorted(series_folder(sources_dir).glob("*.yaml"))}


def find_series(sources_dir: Path, identifier: str, near: Path | None = None) -> Path | None:
    """A series' file: in `index/` beside the source naming it, else in sources/index/ (like a linked source)."""
    folders = ([near.parent] if near is not None else []) + [sources_dir]
    for folder in folders:
        candidate = series_path(folder, identifier)
        if candidate.is_file():
            return candidate
    return None


def indexations(document: model.Node) -> list[model.Indexation]:
    """Every indexation a document states (economy, contributions, parts), once each, in source order."""
    economy = getattr(document, "economy", None)
    if economy is None:
        return []
    found = [economy.indexation]
    for contribution in economy.contributions.values():
        found.append(contribution.indexation)
        found.extend(part.indexation for part in contribution.parts.values())
    unique: list[model.Indexation] = []
    for item in found:
        if item is not None and not any(item is seen for seen in unique):
            unique.append(item)
    return unique


def series_ids(document: model.Node) -> list[str]:
    """The series a document's indexations name, each once."""
    return list(dict.fromkeys(i.series for i in indexations(document) if i.series))


def series_for(sources_dir: Path, document: model.Node, near: Path | None = None) -> Mapping[str, model.IndexSeries]:
    """The series the document's indexations name whose files exist (IOP224 reports one that does not)."""
    found = {}
    for identifier in series_ids(document):
        path = find_series(sources_dir, identifier, near)
        if path is not None:
            found[identifier] = load_series(path)
    return found


def series_digest(sources_dir: Path, near: Path | None = None) -> str:
    """What the series a source may use say, for cache keys: a changed figure is a new check result."""
    digest = hashlib.sha256()
    folders = {series_folder(sources_dir).resolve(), *([series_folder(near.parent).resolve()] if near else [])}
    for folder in sorted(folders):
        for path in sorted(folder.glob("*.yaml")):
            digest.update(str(path).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class IndexFigure:
    """The figure applied for one year: from the series, or the latest earlier one standing in for it."""

    year: int  # the year it is applied for
    percent: Decimal
    status: str  # preliminary, definitive, or "missing" when the series has no figure at all
    publication: str
    source_year: int | None  # the series year the figure comes from

    @property
    def stands_in_for(self) -> bool:
        return self.source_year != self.year


def figure_for(series: model.IndexSeries, year: int) -> IndexFigure:
    change = series.change(year)
    if change is not None:
        return IndexFigure(year, change.percent, change.status, change.publication, year)
    earlier = [c for c in series.changes if c.year < year]
    if earlier:
        latest = max(earlier, key=lambda c: c.year)
        return IndexFigure(year, latest.percent, latest.status, latest.publication, latest.year)
    return IndexFigure(year, Decimal(0), "missing", "", None)


def indexed_years(year: int, price_level: int, index_from: int) -> range:
    """The years whose change is applied to an amount at `price_level` paid in `year`."""
    return range(max(price_level + 1, index_from), year + 1)


def figures_for(series: model.IndexSeries, year: int, price_level: int, index_from: int) -> tuple[IndexFigure, ...]:
    return tuple(figure_for(series, applied) for applied in indexed_years(year, price_level, index_from))


def factor_of(figures: tuple[IndexFigure, ...]) -> Decimal:
    factor = Decimal(1)
    for figure in figures:
        factor *= 1 + figure.percent / 100
    return factor

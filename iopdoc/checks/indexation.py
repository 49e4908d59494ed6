"""Rules on indexation: every indexation can be computed (a series is named, exists and covers the
period), it starts after its price level, a part's indexation is unambiguous, and prose that says
money is fixed or indexed agrees with the data.

What cannot be computed comes from `facts.indexation.index_gaps`, the list the overview shows too.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from iopdoc import model
from iopdoc.errors import Severity
from iopdoc.facts import indexation as indexing, written_amounts
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.prose.walk import period_dates, prose_texts, section_prose

SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n\s*\n")  # a wrapped line goes on; a blank line ends
# Prose saying money is not indexed; tried before INDEXED, so "räknas inte upp" is not read as indexed.
FIXED = re.compile(r"\bfast(?:a)?\s+belopp|\b(?:ej|inte|icke)\s+(?:index\w*|uppräkna\w*|räknas\s+upp)"
                   r"|\b(?:index\w+|räknas|uppräknas)\s+(?:ej|inte)\b|\butan\s+(?:index\w*|uppräkning)", re.IGNORECASE)
INDEXED = re.compile(r"\bindexera(?:s|t|de)\b|\b(?:räknas|räknats)\s+(?:årligen\s+)?upp\b|\buppräkna(?:s|t|de)\b",
                     re.IGNORECASE)


# What FIXED and INDEXED cannot match without, in lower case (a sentence's match is one in its text).
NEEDED = ("index", "räkn", "belopp")
# The only characters either pattern's IGNORECASE reads as a letter of NEEDED that lower() does not
# make one: dotless ı and dotted İ, read as i.
DOTTED_AND_DOTLESS_I = {0x130: "i", 0x131: "i"}


def may_say_either(text: str) -> bool:
    """Whether FIXED or INDEXED could match somewhere in `text` (a quick look for what they need)."""
    if "\u0130" in text or "\u0131" in text:
        text = text.translate(DOTTED_AND_DOTLESS_I)
    lowered = text.lower()
    return any(word in lowered for word in NEEDED)


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """Each sentence of a text with where it starts."""
    start = 0
    for end in SENTENCE_END.finditer(text):
        yield start, text[start:end.end()]
        start = end.end()
    if text[start:].strip():
        yield start, text[start:]


def gaps(document: model.Agreement, context: CheckContext) -> list[indexing.IndexGap]:
    dates = period_dates(document)
    years = range(dates[0].year, dates[1].year + 1) if dates else None
    return indexing.index_gaps(document, context.index_series, years)


# `{{ indexed.kommunen[2028] }}`, `{{ indexed.kommunen.parts.hyra[2028] | kr }}`: prose stating a year's amount.
INDEXED_YEAR = re.compile(r"\bindexed(?:\.\w+)+\s*\[\s*(\d{4})\s*\]")


def stated_years(document: model.Agreement) -> frozenset[int] | None:
    """The years whose amount the agreement's text states: every year (None) when it has a `schedule`
    section (its table shows them all), else the years its prose reads with `indexed.…[year]`."""
    if any(section.kind == "schedule" for section in document.sections):
        return None
    return frozenset(int(year) for prose, _ in prose_texts(document) for year in INDEXED_YEAR.findall(prose.text))


def gap_severity(document: model.Agreement, gap: indexing.IndexGap) -> tuple[Severity | None, int | None]:
    """An error (and the year it is about) in a final agreement whose text states the amount of a year
    the gap leaves uncomputed; otherwise the rule's warning (None)."""
    if document.status != "final":
        return None, None
    stated = stated_years(document)
    if gap.kind == "missing-year":
        return (Severity.ERROR, gap.year) if stated is None or gap.year in stated else (None, None)
    first = gap.from_year
    if stated is None:
        return Severity.ERROR, None
    indexed = sorted(year for year in stated if first is None or year >= first)
    return (Severity.ERROR, indexed[0]) if indexed else (None, None)


def gap_finding(document: model.Agreement, gap: indexing.IndexGap) -> Finding:
    severity, year = gap_severity(document, gap)
    if severity is None:
        return Finding(gap.location, gap.sv, gap.en)
    what_sv = f"beloppet för {year}" if year else "beloppen år för år (avsnittet schedule)"
    what_en = f"the amount of {year}" if year else "the amounts year by year (the schedule section)"
    return Finding(gap.location,
                   f"{gap.sv} Överenskommelsen är slutlig och anger {what_sv} i sin text, som då inte kan räknas fram.",
                   f"{gap.en} The agreement is final and states {what_en} in its text, which then cannot be computed.",
                   severity=severity)


@rule("IOP223", Severity.WARNING, "Indexserien har siffror för periodens år",
      "The index series has figures for the period's years")
def series_covers_period(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """A warning; an error in a final agreement whose text states the amount of the year the series
    lacks (a `schedule` section, or `{{ indexed.kommunen[2030] }}` in prose)."""
    for gap in gaps(document, context):
        if gap.kind == "missing-year":
            yield gap_finding(document, gap)


@rule("IOP224", Severity.ERROR, "Indexserien finns", "The index series exists")
def series_exists(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads the `series` an indexation names and looks for `sources/index/<series>.yaml`, from which the
    schedule takes each year's figure. Ignores an indexation without a series (IOP230) and a series that
    lacks a year (IOP223)."""
    for gap in gaps(document, context):
        if gap.kind == "unknown-series":
            yield Finding(gap.location, gap.sv, gap.en)


@rule("IOP230", Severity.WARNING, "En uppräkning anger sin indexserie", "An indexation names its index series")
def series_named(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Without a series the schedule, the XLSX, the calendar and the overview cannot index the
    amounts: they pay them at the price level, and say so. An error in a final agreement whose text
    states the amount of a year the indexation would index (a `schedule` section, or
    `{{ indexed.kommunen[2029] }}` in prose)."""
    for gap in gaps(document, context):
        if gap.kind == "no-series":
            yield gap_finding(document, gap)


@rule("IOP225", Severity.ERROR, "Uppräkningen börjar året efter prisläget", "Indexation starts after the price-level year")
def indexation_after_price_level(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Amounts at year P's price level are in P's prices, which include P's own change: indexing them
    from P (or earlier) would count a change twice, so the first indexed year is P + 1 at the
    earliest. (The schedule applies changes from P + 1 on whatever the source says.)"""
    economy = document.economy
    if economy is None:
        return
    dates = period_dates(document)
    for handle, contribution in economy.contributions.items():
        if contribution.price_level is None or (dates and contribution.price_level > dates[0].year):
            continue  # a price level after the start year is itself wrong: IOP105 reports it
        said: list[model.Indexation] = []
        for piece in indexing.pieces_of(economy, contribution):
            indexation = piece.indexation
            if indexation is None or not isinstance(indexation.start, dt.date) or any(indexation is s for s in said):
                continue
            said.append(indexation)
            if indexation.start.year <= contribution.price_level:
                yield Finding(indexation.at("start"),
                              f"uppräkningen börjar {indexation.start}, men {handle}s belopp är redan i "
                              f"{contribution.price_level} års prisläge, som redan innehåller {contribution.price_level} års förändring; "
                              f"räkna upp från och med {contribution.price_level + 1}-01-01 eller ändra prisläget.",
                              f"indexation starts on {indexation.start}, but {handle}'s amount is already at the "
                              f"{contribution.price_level} price level, which already includes the change of {contribution.price_level}; "
                              f"index from {contribution.price_level + 1}-01-01 or change the price level.")


@rule("IOP231", Severity.ERROR, "En dels uppräkning är entydig", "A part's indexation is unambiguous")
def indexation_unambiguous(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """`fixed: true` and an `indexation:` on the same contribution or part contradict each other; and
    amounts for single years (`years`) are the whole contribution's, which cannot be split over parts
    paid apart."""
    economy = document.economy
    if economy is None:
        return
    for handle, contribution in economy.contributions.items():
        holders = [(handle, contribution)] + [(f"{handle}.parts.{key}", part) for key, part in contribution.parts.items()]
        for path, holder in holders:
            if holder.fixed and holder.indexation is not None:
                yield Finding(holder.at("fixed"),
                              f"{path} har både `fixed: true` och en egen uppräkning (indexation). Ta bort det ena.",
                              f"{path} has both `fixed: true` and an indexation of its own. Remove one of them.")
        if contribution.years and indexing.parts_paid_apart(contribution):
            yield Finding(contribution.at("years"),
                          f"{handle} har belopp för enskilda år (years) och delar som betalas var för sig (egen "
                          "uppräkning eller eget `per`); planen kan inte veta vilken del årets belopp gäller. Ta bort "
                          "years, eller ange bidraget utan delar.",
                          f"{handle} has amounts for single years (years) and parts paid apart (their own indexation "
                          "or `per`); the schedule cannot tell which part a year's amount is for. Remove years, or "
                          "state the contribution without parts.")


def names_of(document: model.Agreement, handle: str, piece: indexing.Piece) -> list[str]:
    """What a sentence may call a piece: a part by its label; a whole contribution by its party's
    key, short name or name."""
    if piece.handle is not None:
        return [piece.label] if piece.label else []
    party = document.party(handle) if hasattr(document, "party") else None
    return [name for name in (handle, getattr(party, "short_name", None), getattr(party, "name", None)) if name]


def named_pieces(sentence: str, pieces: list[tuple[str, list[str], indexing.Piece]]) -> list[tuple[str, indexing.Piece]]:
    """The pieces a sentence names: by a name (at the start of a word), or by an amount written that is a piece's amount."""
    amounts = list(written_amounts.find_amounts(sentence))
    found = []
    for path, names, piece in pieces:
        by_name = any(re.search(rf"\b{re.escape(name)}", sentence, re.IGNORECASE) for name in names)
        by_amount = any(w.exact and w.matches(piece.amount.amount) for w in amounts)
        if by_name or by_amount:
            found.append((path, piece))
    return found


@rule("IOP232", Severity.ERROR, "Texten och data är överens om vad som räknas upp",
      "Prose and data agree on what is indexed")
def prose_agrees_on_indexation(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """A sentence that says money is fixed ("fast belopp", "ej indexerat") while the data indexes it,
    or says it is indexed while the data does not. The sentence names the money by a part's label, a
    party, or an amount; a sentence naming none is read as about all the money only when all of it
    is indexed alike. A sentence saying both (a fixed amount that is indexed) is left alone."""
    economy = document.economy
    if economy is None or not economy.contributions:
        return
    pieces = [(handle if piece.handle is None else f"{handle}.parts.{piece.handle}", names_of(document, handle, piece), piece)
              for handle, contribution in economy.contributions.items()
              for piece in indexing.pieces_of(economy, contribution) if piece.amount.amount is not None]
    if not pieces:
        return
    alike = len({piece.indexation is None for _, _, piece in pieces}) == 1
    for prose, text in section_prose(document):
        if not may_say_either(text):  # most texts: neither pattern can match in any of its sentences
            continue
        for offset, sentence in sentences(text):
            fixed = FIXED.search(sentence)
            # What FIXED read ("inte räknas upp") is blanked before looking for what says indexed.
            indexed = INDEXED.search(FIXED.sub(lambda m: " " * len(m.group(0)), sentence))
            if bool(fixed) == bool(indexed):
                continue
            claim = fixed or indexed
            named = named_pieces(sentence, pieces) or ([(path, piece) for path, _, piece in pieces] if alike else [])
            at = prose.location_of(offset + claim.start())
            if fixed:
                wrong = [(path, piece.indexation.index) for path, piece in named if piece.indexation is not None]
                if wrong:
                    paths = ", ".join(path for path, _ in wrong)
                    index = wrong[0][1]
                    yield Finding(at, f"texten säger att beloppet är fast (`{claim.group(0)}`), men {paths} räknas upp "
                                      f"med {index}. Ange `fixed: true` under {paths}, eller rätta texten.",
                                  f"the prose says the amount is fixed (`{claim.group(0)}`), but {paths} is indexed by "
                                  f"{index}. Add `fixed: true` under {paths}, or correct the prose.")
            else:
                wrong = [path for path, piece in named if piece.indexation is None]
                if wrong:
                    paths = ", ".join(wrong)
                    yield Finding(at, f"texten säger att beloppet räknas upp (`{claim.group(0)}`), men {paths} räknas "
                                      "inte upp i data. Ange uppräkningen (indexation) eller rätta texten.",
                                  f"the prose says the amount is indexed (`{claim.group(0)}`), but {paths} is not "
                                  "indexed in the data. State its indexation, or correct the prose.")

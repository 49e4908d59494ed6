"""Rules on dates and the period: filled in, in order, as long as the text says, and in step with
the agreement this one follows."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Iterator

from iopdoc.facts import lifecycle, written_amounts
from iopdoc import locale_sv, model
from iopdoc.errors import Severity
from iopdoc.source.durations import parse_duration
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.prose.walk import (Fact, facts_of, prose_texts, nearest, period_dates, placeholder_severity, real_date, section_prose, sentence_at, walk)

MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
PROSE_DATE = re.compile(rf"\b(\d{{4}}-\d{{2}}-\d{{2}})\b|\b(\d{{1,2}}) ({MONTHS}) (\d{{4}})\b", re.IGNORECASE)


def span_months(start: dt.date, end: dt.date) -> Decimal:
    return locale_sv.years_between(start, end) * 12


def say_years(months: Decimal, lang: str = "sv") -> str:
    years = months / 12
    whole = years == years.to_integral_value()
    if lang == "en":
        return f"{int(years) if whole else years.quantize(Decimal('0.1'))} years"
    if whole:
        return f"{int(years)} år (\"{locale_sv.in_words(int(years))} år\")"
    return f"{locale_sv.format_number(years.quantize(Decimal('0.1')))} år"


@rule("IOP101", Severity.ERROR, "Datum är ifyllda", "Dates are filled in", kinds=("agreement", "memo"))
def dates_are_filled_in(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """Reads every date of an agreement or memo (the period, signing, decision, termination, extension and memo
    dates) and reports one still written as a placeholder (`ÅÅÅÅ-MM-DD`, `2024-xx-xx`) or as a month only
    (`2028-12`, for which it offers the month's last day, and for `period.end` `open_ended: true`). An error
    in a final document, a warning in a draft, which may still be unfinished. Ignores dates written in full:
    whether they fit together is for IOP102–IOP114."""
    severity = placeholder_severity(document)
    for fact in walk(document):
        if isinstance(fact.value, model.Unfilled):
            state = ("ett fel i ett slutligt dokument", "an error in a final document") if severity is Severity.ERROR \
                else ("tillåtet i ett utkast", "allowed in a draft")
            month = month_written(str(fact.value))
            hint = ("", "") if month is None else (
                f" Är det månaden som är bestämd, skriv dess sista dag, {month}"
                f"{', eller `open_ended: true` om överenskommelsen gäller tills vidare' if fact.path == 'period.end' else ''}.",
                f" If the month is what is fixed, write its last day, {month}"
                f"{', or `open_ended: true` if the agreement is open-ended' if fact.path == 'period.end' else ''}.")
            yield Finding(fact.location,
                          f"`{fact.path}` är `{fact.value}`, inte ett datum ännu ({state[0]}). Fyll i det som ÅÅÅÅ-MM-DD.{hint[0]}",
                          f"`{fact.path}` is `{fact.value}`, not a date yet ({state[1]}). Fill it in as YYYY-MM-DD.{hint[1]}",
                          severity)


def month_written(text: str) -> dt.date | None:
    """`2021-09`, a month written where a day belongs: its last day (2021-09-30); else None."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return locale_sv.add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)


@rule("IOP102", Severity.ERROR, "Perioden börjar före den slutar", "The period starts before it ends")
def period_is_in_order(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads `period.start` and `period.end`: the start comes before the end, since the duration, the amounts
    over the period and every calendar date are counted between them. Ignores a period with a date not
    filled in (IOP101) and an open-ended period, which has no end (IOP115)."""
    start, end = real_date(document.period.start), real_date(document.period.end)
    if start and end and start >= end:
        yield Finding(document.period.at("end"),
                      f"perioden slutar {end}, men börjar {start} ({document.period.at('start')}). "
                      "Slutdatumet ska ligga efter startdatumet; rätta det som är fel.",
                      f"the period ends {end} but starts {start} ({document.period.at('start')}). "
                      "The end must come after the start; correct the one that is wrong.",
                      related=(document.period.at("start"),))


@rule("IOP103", Severity.ERROR, "Angiven längd stämmer med datumen", "The stated duration matches the dates")
def stated_duration_matches(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads `period.stated_duration` and the lengths in years the sections write about the agreement
    (`under fyra år`, `över tre år`, `i drygt två år`, `en treårig överenskommelse`), and compares
    each with the period's dates. The length may be written in words or digits, in two units
    (`3 år och 6 månader`) or approximately (`drygt tre år`: a little more, up to 15 %; `knappt`: a
    little less, up to 15 %; `cirka`: 10 % either way). Ignores the background section and sentences
    about history (`sedan`, `har`, `tidigare`), extensions and notice, whose years are not the
    period's, and open-ended periods (IOP115)."""
    period, dates = document.period, period_dates(document)
    if not dates:
        return
    start, end = dates
    actual = span_months(start, end)
    stated = period.stated_duration
    if stated and not duration_fits(stated, actual):
        yield Finding(period.at("stated_duration"),
                      f"texten anger `{stated}`, men perioden {start}–{end} är {say_years(actual)}. "
                      "Rätta längden eller datumen så att de stämmer.",
                      f"the text states `{stated}`, but the period {start}–{end} is {say_years(actual, 'en')}. "
                      "Correct the duration or the dates so that they agree.")
    for where, written, duration in prose_durations(document):
        if not duration_fits(duration, actual):
            yield Finding(where,
                          f"texten skriver `{written}`, men perioden {start}–{end} är {say_years(actual)}. "
                          "Skriv `{{ period.stated_duration }}` (och ange `stated_duration`), eller rätta texten.",
                          f"the prose writes `{written}`, but the period {start}–{end} is {say_years(actual, 'en')}. "
                          "Write `{{ period.stated_duration }}` (and give `stated_duration`), or correct the text.")


# A length in years the prose gives the agreement: "under fyra år", "över tre år", "i drygt två år",
# "en period om tre år", "treårig", "3-årig".
PROSE_DURATION = re.compile(
    r"\b(?:under|över|i|om|på)\s+(?:en\s+(?:period|tid)\s+(?:om|av|på)\s+)?"
    r"(?P<length>(?:(?:drygt|knappt|cirka|ca|ungefär|omkring)\s+)?[\wåäö,]+(?:\s+och\s+ett\s+halvt)?\s+år)\b"
    r"|\b(?P<adjective>(?:\d+-|[a-zåäö]+)årig[at]?)\b", re.IGNORECASE)
# Sentences whose years are not the period's: history, an extension, a notice, a yearly sum.
NOT_THE_PERIOD = re.compile(r"\bsedan\b|\bhar\b|\bhade\b|tidigare|senaste|förläng|uppsäg|\bper år\b|ålder|\bgammal",
                            re.IGNORECASE)


def prose_durations(document: model.Agreement) -> Iterator[tuple[object, str, model.Duration]]:
    """Each length in years written in the sections (not the background), with where and as written."""
    for section, (prose, text) in zip(document.sections, section_prose(document)):
        if section.kind == "background":
            continue
        for match in PROSE_DURATION.finditer(text):
            if NOT_THE_PERIOD.search(sentence_at(text, match.start())):
                continue
            if match.group("length"):
                written = match.group("length")
            else:
                number = match.group("adjective").lower().rsplit("årig", 1)[0].rstrip("-")
                written = f"{number} år"
            duration = parse_duration(" ".join(written.split()))
            if duration is not None and duration.unit == "år":
                yield prose.location_of(match.start("length") if match.group("length") else match.start()), \
                    match.group(0) if match.group("adjective") else written, duration


def duration_fits(stated: model.Duration, months: Decimal) -> bool:
    """Whether a stated length fits `months`: to half a month, or after `drygt` (a little more),
    `knappt` (a little less) or `cirka` within the amount rules' interval for the word."""
    slack = Decimal("0.5")
    if stated.approximation is None:
        return abs(stated.months - months) < slack
    below, above = written_amounts.APPROXIMATIONS.get(stated.approximation, (Decimal(0), Decimal(0)))
    return stated.months * (1 - below) - slack < months < stated.months * (1 + above) + slack


@rule("IOP104", Severity.ERROR, "Uppräkningen börjar inom perioden", "Indexation starts within the period")
def indexation_within_period(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads `economy.indexation.start` and the period's dates: the first indexed day lies within the period,
    first and last day included, since an indexation starting outside it would never apply, or apply before
    the agreement exists. Ignores an economy without indexation and dates not filled in (IOP101); when
    indexing starts against the price level is IOP225's."""
    indexation = document.economy.indexation if document.economy else None
    begins, dates = real_date(indexation.start) if indexation else None, period_dates(document)
    if not (begins and dates):
        return
    start, end = dates
    if not start <= begins <= end:
        yield Finding(indexation.at("start"),
                      f"uppräkningen börjar {begins}, utanför perioden {start}–{end}. Välj ett datum inom perioden.",
                      f"indexation starts {begins}, outside the period {start}–{end}. Choose a date within the period.")


@rule("IOP105", Severity.ERROR, "Prisläget är inte senare än startåret", "The price level is not after the start year")
def price_level_not_after_start(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads each contribution's `price_level` and the start year: an amount cannot be stated in the prices of
    a year after the start, whose index is not known when the agreement is signed. Ignores contributions
    without `price_level` and a start not filled in; an earlier year passes (an amount decided in last
    year's prices)."""
    start = real_date(document.period.start)
    if not start or not document.economy:
        return
    for contribution in document.economy.contributions.values():
        if contribution.price_level is not None and contribution.price_level > start.year:
            yield Finding(contribution.at("price_level"),
                          f"prisläget {contribution.price_level} ligger efter startåret {start.year}. "
                          f"Ett belopp kan inte anges i ett framtida års prisläge; använd {start.year} eller tidigare.",
                          f"the price level {contribution.price_level} is after the start year {start.year}. "
                          f"An amount cannot be in a future year's prices; use {start.year} or earlier.")


@rule("IOP106", Severity.WARNING, "Överenskommelsen skrivs under innan den börjar gälla",
      "The agreement is signed before it starts")
def signed_before_start(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads each signing date, the common one or a party's own (`signatures.signatories.X.date`), and
    the period: an agreement signed after its first day applies before it was agreed, and one signed
    after its end never applied. Ignores a document without `signatures` or a start, and open-ended
    periods' end."""
    start, dates = real_date(document.period.start), period_dates(document)
    if not (document.signatures and start):
        return
    end = dates[1] if dates else None
    for signed, where in signing_dates(document):
        if end and signed > end:
            yield Finding(where, f"underskriftsdatumet {signed} ligger efter periodens slut {end}. Kontrollera datumet.",
                          f"the signing date {signed} is after the period's end {end}. Check the date.", Severity.ERROR)
        elif signed > start:
            yield Finding(where,
                          f"överenskommelsen börjar gälla {start} men skrivs under {signed}: den gäller retroaktivt. "
                          "Kontrollera att det är avsikten.",
                          f"the agreement starts {start} but is signed {signed}: it applies retroactively. "
                          "Check that this is intended.")


def signing_dates(document: model.Agreement) -> list[tuple[dt.date, object]]:
    """Each real signing date with where it was written, once per place written (a common date once)."""
    signatures, seen, found = document.signatures, set(), []
    handles = list(signatures.signatories) or [None]
    for handle in handles:
        _, signed, where = signatures.signing_of(handle) if handle else (None, signatures.date, signatures.at("date"))
        if isinstance(signed, dt.date) and where not in seen:
            seen.add(where)
            found.append((signed, where))
    return found


@rule("IOP107", Severity.ERROR, "En efterföljare börjar dagen efter att föregångaren slutar",
      "A successor starts the day after its predecessor ends")
def successor_follows_on(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads `supersedes` (the predecessor, loaded from the project) and both periods: this one starts the day
    after the predecessor ends, so that support goes on without a gap and no day is covered twice; the
    message counts the gap or overlap in days. Ignores an agreement without `supersedes` and dates not
    filled in."""
    predecessor = context.linked.get("supersedes")
    if predecessor is None:
        return
    start, old_end = real_date(document.period.start), real_date(predecessor.period.end)
    if start and old_end and start != old_end + dt.timedelta(days=1):
        expected = old_end + dt.timedelta(days=1)
        gap_or_overlap = ("ett glapp", "a gap") if start > expected else ("en överlappning", "an overlap")
        days = abs((start - expected).days)
        yield Finding(document.period.at("start"),
                      f"{predecessor.id} slutar {old_end} ({predecessor.period.at('end')}), så den här borde börja "
                      f"{expected}, inte {start}: {gap_or_overlap[0]} på {locale_sv.counted(days, 'dag', 'dagar')}.",
                      f"{predecessor.id} ends {old_end} ({predecessor.period.at('end')}), so this one should start "
                      f"{expected}, not {start}: {gap_or_overlap[1]} of {days} {'day' if days == 1 else 'days'}.",
                      related=(predecessor.period.at("end"),))


def life_facts(document: model.Agreement) -> list[Fact]:
    """The computed dates of the agreement's life (`life.termination_end`), as facts prose may state."""
    life = lifecycle.life_of(document)
    if life is None:
        return []
    return [Fact(document, "life", value, f"life.{name}") for name in ("termination_end", "extended_end", "end")
            if isinstance(value := getattr(life, name), dt.date)]


def periods_of(document: model.Agreement, context: CheckContext) -> list[tuple[tuple[str, str], dt.date, dt.date]]:
    """The periods prose dates can be about, each with what to call it: this agreement's and its predecessor's."""
    # A memo's dates are about the agreement it proposes.
    own = context.linked.get("agreement") if document.kind == "memo" else document
    named = [(("avtalsperioden", "the agreement's period"), own),
             (("föregångarens period", "the predecessor's period"), context.linked.get("supersedes"))]
    return [(whose, *dates) for whose, agreement in named
            if agreement is not None and (dates := period_dates(agreement) or open_period(agreement))]


def open_period(agreement: model.Node) -> tuple[dt.date, dt.date] | None:
    """An open-ended agreement's period: from its start to the day a termination ends it, or without end."""
    start = real_date(agreement.period.start)
    if start is None or not agreement.period.open_ended:
        return None
    life = lifecycle.life_of(agreement)
    return start, (life.end if life is not None and life.end is not None else dt.date.max - dt.timedelta(days=1))


@rule("IOP108", Severity.WARNING, "Datum i texten inom perioden är fakta", "Dates in prose within the period are facts",
      kinds=("agreement", "memo"))
def prose_dates_are_facts(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """A date written into prose that falls within this agreement's period or its predecessor's is
    about the agreement, so it should be one of the facts (and better, a reference to it). Earlier
    dates (a decision in 2017, a law from 2023) are history, and are left alone. A date the sentence
    says is a decision (`beslutade`), a notice (`sade upp`) or an extension (`förlängdes`) is compared
    with those facts (`decision.date`, `termination.given`, `life.termination_end`, `extended.end`),
    and where the data has none, the message says which to add."""
    known = facts_of(document, context.linked, dt.date) + life_facts(document)
    periods = periods_of(document, context)
    months = MONTHS.split("|")
    for prose, text in prose_texts(document):
        for match in PROSE_DATE.finditer(text):
            iso, day, month, year = match.groups()
            try:
                written = dt.date.fromisoformat(iso) if iso else dt.date(int(year), months.index(month.lower()) + 1, int(day))
            except ValueError:
                continue
            whose = next((whose for whose, start, end in periods
                          if start - dt.timedelta(days=1) <= written <= end + dt.timedelta(days=1)), None)
            if whose is None or any(fact.value == written for fact in known):
                continue
            event = event_before(text, match.start())
            if event is not None:
                candidates = [fact for fact in known if fact.path.startswith(EVENTS[event][0])]
                if not candidates:  # a decision or a notice the data does not have yet
                    yield missing_event_fact(prose.location_of(match.start()), match.group(0), event)
                    continue
            else:
                candidates = known
            closest = nearest(written, candidates, lambda fact_date, date: abs((fact_date - date).days))
            expression = f"{{{{ {closest.path}{' | long_date' if day else ''} }}}}"
            yield Finding(prose.location_of(match.start()),
                          f"texten skriver `{match.group(0)}`, ett datum inom {whose[0]} som inte är något av "
                          f"dokumentens datum; närmast är {closest.value} (`{closest.path}`). Skriv `{expression}` "
                          "om det är det som avses, annars rätta datumet.",
                          f"the prose writes `{match.group(0)}`, a date within {whose[1]} that is none of the "
                          f"documents' dates; the nearest is {closest.value} (`{closest.path}`). Write `{expression}` "
                          "if that is what is meant, or else correct the date.")


# Words before a date that say which event it is; the facts that hold such a date; how to add one.
EVENTS = {
    "decision": ("decision.", re.compile(r"beslut|beslöt|beslutade", re.IGNORECASE),
                 ("`decision:` (nämnd, datum, paragraf, diarienummer)", "`decision:` (committee, date, paragraph, diarienummer)")),
    "notice": (("termination.", "life.termination_end"), re.compile(r"uppsäg|sade upp|sagt upp|säger upp", re.IGNORECASE),
               ("`termination:` (part, datum då uppsägningen lämnades)", "`termination:` (party, the day notice was given)")),
    "extension": (("extended.", "life.extended_end"), re.compile(r"förläng", re.IGNORECASE),
                  ("`extended:` (beslutad, nytt slutdatum)", "`extended:` (decided, new end)")),
    "indexation": (("economy.indexation.",), re.compile(r"uppräk|räknas upp|indexera", re.IGNORECASE),
                   ("`economy.indexation:` (index, start)", "`economy.indexation:` (index, start)")),
}


EVENT_NAMES_SV = {"decision": "ett beslut", "notice": "en uppsägning", "extension": "en förlängning",
                  "indexation": "en uppräkning"}
EVENT_NAMES_EN = {"decision": "a decision", "notice": "a notice", "extension": "an extension", "indexation": "an indexation"}


def event_before(text: str, offset: int) -> str | None:
    """Which event the words just before a date name (in the same sentence), if any."""
    sentence = re.split(r"[.!?]\s", text[max(0, offset - 80):offset])[-1]
    found = [(m.end(), name) for name, (_, words, _) in EVENTS.items() for m in words.finditer(sentence)]
    return max(found)[1] if found else None


def missing_event_fact(where, written: str, event: str) -> Finding:
    add_sv, add_en = EVENTS[event][2]
    return Finding(where,
                   f"texten skriver `{written}` om {EVENT_NAMES_SV[event]} "
                   f"som inte finns i datan. Lägg till {add_sv} och hänvisa till datumet.",
                   f"the prose writes `{written}` about {EVENT_NAMES_EN[event]} that is not in the data. Add {add_en} and refer to "
                   "the date.")


@rule("IOP109", Severity.ERROR, "Uppsägningstiden är kortare än perioden", "The notice period is shorter than the period")
def notice_shorter_than_period(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads `period.notice` and the period's dates: a notice as long as the period or longer could never be
    used (notice given on the first day would run past the end). Ignores an open-ended period (IOP115 says
    so once, as information) and dates not filled in."""
    period, dates = document.period, period_dates(document)
    if not (period.notice and dates):
        return
    start, end = dates
    if period.notice.months >= span_months(start, end):
        yield Finding(period.at("notice"),
                      f"uppsägningstiden `{period.notice}` är inte kortare än perioden {start}–{end}. Korta den.",
                      f"the notice period `{period.notice}` is not shorter than the period {start}–{end}. Shorten it.")

"""An agreement over its life: its schedule, and the dated duties it sets (events) for calendars
and the overview.

Every event says which clause it comes from (the section of that kind, and the fact's key), and
has a UID made of the agreement's id and what the event is, so a calendar imported again updates
its events instead of duplicating them.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Iterator

from iopdoc import locale_sv, model
from iopdoc.facts.schedule import Schedule

KINDS_SV = {"start": "Start", "end": "Slut", "payment": "Utbetalning", "meeting": "Dialogmöte",
            "evaluation": "Utvärdering", "report": "Rapport", "successor": "Beslut om ny överenskommelse",
            "notice": "Sista dag för uppsägning"}


@dataclass(frozen=True)
class Event:
    """A dated duty or milestone of an agreement; `todo` events are to be booked by `date` at the latest."""

    uid: str
    agreement: str
    kind: str
    date: dt.date  # the day; for a month-long event, its first day
    summary: str
    description: str
    last_day: dt.date | None = None  # a month-long all-day event ends here (inclusive)
    todo: bool = False

    def as_data(self) -> dict:
        return {"uid": self.uid, "agreement": self.agreement, "kind": self.kind, "date": self.date.isoformat(),
                "summary": self.summary, "description": self.description,
                "last_day": self.last_day.isoformat() if self.last_day else None, "todo": self.todo}

    @classmethod
    def from_data(cls, data: dict) -> "Event":
        return cls(data["uid"], data["agreement"], data["kind"], dt.date.fromisoformat(data["date"]), data["summary"],
                   data["description"], dt.date.fromisoformat(data["last_day"]) if data["last_day"] else None,
                   data["todo"])


def before(day: dt.date, length: model.Duration) -> dt.date:
    """The day `length` before `day`, counted as every duration is (locale_sv.moved_by): 2030-12-31
    less six months is 2030-06-30, less 90 dagar 2030-10-02, less 13 veckor (91 days) 2030-10-01."""
    return locale_sv.moved_by(day, length.amount, length.unit, forward=False)


TITLE_LENGTH = 40  # what a calendar app shows of an event's title before the colon


def calendar_title(agreement: model.Agreement) -> str:
    """The title calendar events start with, at most TITLE_LENGTH characters: the source's
    `short_title`, else "IOP" and the non-profit parties' short names, shortened at a word."""
    title = agreement.short_title
    if not title:
        names = [p.short_name or p.name for p in agreement.parties.values() if p.sector != "public"]
        title = "IOP " + " och ".join(names) if names else agreement.title
    if len(title) <= TITLE_LENGTH:
        return title
    cut = title[:TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,–-")
    return cut + "…"


def clause(agreement: model.Agreement, kind: str, key: str) -> str:
    section = next((s for s in agreement.sections if s.kind == kind), None)
    where = f"avsnittet ”{section.heading}”" if section and section.heading else f"avsnitt av typen {kind}"
    return f"Ur {agreement.title}, {where} ({key})."


def uid(agreement: model.Agreement, *parts: object) -> str:
    return ".".join([agreement.id, *(str(p) for p in parts)]) + "@iopdoc"


def spread_over_year(year: int, count: int) -> list[dt.date]:
    """The last day of each of `count` equal parts of a year: when to have held each of `count` meetings."""
    days = []
    for number in range(1, count + 1):
        month = max(1, round(12 * number / count))
        days.append(dt.date(year, month, calendar.monthrange(year, month)[1]))
    return days


def events_of(agreement: model.Agreement, schedule: Schedule | None, lead_time: model.Duration) -> list[Event]:
    start, end = agreement.period.start, agreement.period.end
    if not (isinstance(start, dt.date) and isinstance(end, dt.date) and start <= end):
        return []
    title = calendar_title(agreement)
    found = [
        Event(uid(agreement, "start"), agreement.id, "start", start, f"{title}: överenskommelsen börjar",
              clause(agreement, "period", "period.start")),
        Event(uid(agreement, "end"), agreement.id, "end", end, f"{title}: sista dagen för överenskommelsen",
              clause(agreement, "period", "period.end")),
        Event(uid(agreement, "successor"), agreement.id, "successor", before(end, lead_time),
              f"{title}: sista dag att besluta om ny överenskommelse eller förlängning",
              f"Slutdatum {end} minus {lead_time} (iopdoc.toml, [calendar] successor_lead_time), så att partnerskapet "
              f"inte får något glapp. {clause(agreement, 'period', 'period.end')}"),
    ]
    period = agreement.period
    if period.notice is not None and period.notice_kind == "renewal":
        found.append(Event(uid(agreement, "notice"), agreement.id, "notice", before(end, period.notice),
                           f"{title}: sista dag att säga upp, annars förlängs överenskommelsen",
                           f"Slutdatum {end} minus uppsägningstiden {period.notice}. "
                           f"{clause(agreement, 'period', 'period.notice')}"))
    if schedule is not None:
        for party in schedule.parties:
            for year in party.years:
                for instalment in year.instalments:
                    if instalment.date is None:
                        continue
                    found.append(Event(
                        uid(agreement, "payment", party.handle, instalment.date), agreement.id, "payment", instalment.date,
                        f"{title}: utbetalning {locale_sv.format_amount(instalment.amount)} från {party.party}",
                        f"Utbetalning {agreement.economy.payment} ({year.year}). {clause(agreement, 'economy', 'economy.payment')}"))
    found.extend(follow_up_events(agreement, title, start, end))
    return sorted(found, key=lambda e: (e.date, e.uid))


def follow_up_events(agreement: model.Agreement, title: str, start: dt.date, end: dt.date) -> Iterator[Event]:
    follow_up = agreement.follow_up
    if follow_up is None:
        return
    duties = (("meeting", "dialogmöte", follow_up.meetings_per_year, follow_up.months_of_meetings, "follow_up.meetings_per_year"),
              ("evaluation", "utvärdering", follow_up.evaluations_per_year,
               (follow_up.month_of_evaluation,) if follow_up.month_of_evaluation else (), "follow_up.evaluations_per_year"))
    for year in range(start.year, end.year + 1):
        for kind, name, count, months, key in duties:
            if not count:
                continue
            source = clause(agreement, "cooperation", key)
            if months:
                for month in months[:count] if len(months) >= count else months:
                    if not 1 <= month <= 12:
                        continue  # IOP228 reports it
                    first, last = dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
                    if last < start or first > end:
                        continue
                    # A meeting "i mars" is one duty due by the month's last day, not a month-long event.
                    found_name = f"{title}: {name} i {model.MONTHS_SV[month - 1]} {year}"
                    yield Event(uid(agreement, kind, year, month), agreement.id, kind, min(last, end), found_name,
                                f"{source} Under {model.MONTHS_SV[month - 1]} {year}, senast {min(last, end)}.", todo=True)
            else:
                for number, due in enumerate(spread_over_year(year, count), 1):
                    if start <= due <= end:
                        of = f" {number} av {count}" if count > 1 else ""
                        yield Event(uid(agreement, kind, year, number), agreement.id, kind, due,
                                    f"{title}: boka {name}{of} för {year}", f"{source} Senast {due}.", todo=True)
        for index, report in enumerate(follow_up.reports):
            if not isinstance(report, model.Report) or not 1 <= report.month <= 12:
                continue
            length = calendar.monthrange(year, report.month)[1]
            due = dt.date(year, report.month, min(report.day or length, length))
            if start <= due <= end:
                yield Event(uid(agreement, "report", index, year), agreement.id, "report", due,
                            f"{title}: {report.name} senast {locale_sv.format_long_date(due)}",
                            clause(agreement, "cooperation", f"follow_up.reports[{index}]"))

"""Agreements' dates and duties as an iCalendar file (RFC 5545), written and validated with `icalendar`.

Events are all-day and one day long; a duty without a day in the source (a meeting "to be booked",
or one planned "i mars") is a VTODO due by the latest day it can be held. Titles start with the
agreement's calendar title (at most 40 characters); `[calendar] reminders` adds a VALARM to each. UIDs are the agreement's id and what the event is, so importing
the file again updates events rather than duplicating them. DTSTAMP is the time the source last
changed (or SOURCE_DATE_EPOCH): the same sources give the same file.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Iterable

from iopdoc.facts.timeline import Event

PRODID = "-//iopdoc//iopdoc kalender//SV"
CATEGORIES = {"start": "Avtalsstart", "end": "Avtalsslut", "payment": "Utbetalning", "meeting": "Dialogmöte",
              "evaluation": "Utvärdering", "report": "Rapport", "successor": "Beslut om efterträdare",
              "notice": "Uppsägning"}


def stamp_of(paths: Iterable[Path]) -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        seconds = int(epoch)
    else:
        seconds = max((int(p.stat().st_mtime) for p in paths), default=0)
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)


def calendar_bytes(events: Iterable[Event], stamp: dt.datetime, name: str = "IOP-överenskommelser",
                   reminders: Iterable[dt.timedelta] = ()) -> bytes:
    """The events as an iCalendar file; each with a reminder (VALARM) `reminders` before it."""
    from icalendar import Alarm, Calendar, Event as VEvent, Todo

    reminders = tuple(reminders)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        component = Todo() if event.todo else VEvent()
        component.add("uid", event.uid)
        component.add("dtstamp", stamp)
        component.add("summary", event.summary)
        component.add("description", event.description)
        component.add("categories", [CATEGORIES.get(event.kind, event.kind)])
        if event.todo:
            component.add("due", event.date)
            component.add("status", "NEEDS-ACTION")
        else:
            component.add("dtstart", event.date)
            component.add("dtend", (event.last_day or event.date) + dt.timedelta(days=1))
            component.add("transp", "TRANSPARENT")  # a reminder, not a busy day
        for before in reminders:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", event.summary)
            alarm.add("trigger", -before)
            component.add_component(alarm)
        calendar.add_component(component)
    data = calendar.to_ical()
    validate(data)
    return data


class InvalidCalendar(ValueError):
    """Raised when a written calendar does not read back as valid iCalendar (a bug, not bad input)."""


def validate(data: bytes) -> None:
    """Read the file back with icalendar and require what RFC 5545 requires of each component."""
    from icalendar import Calendar

    parsed = Calendar.from_ical(data)
    for key in ("PRODID", "VERSION"):
        if key not in parsed:
            raise InvalidCalendar(f"the calendar lacks {key}")
    uids = set()
    for component in parsed.walk():
        if component.name not in ("VEVENT", "VTODO"):
            continue
        missing = [key for key in ("UID", "DTSTAMP") if key not in component]
        if component.name == "VEVENT" and "DTSTART" not in component:
            missing.append("DTSTART")
        if missing:
            raise InvalidCalendar(f"{component.get('UID', '?')} lacks {', '.join(missing)}")
        uid = str(component["UID"])
        if uid in uids:
            raise InvalidCalendar(f"the UID {uid} is used twice")
        uids.add(uid)

"""An agreement's life after signing, computed from its facts: the day a notice of termination ends
it, the end an extension gives it, and the day it really ends. Prose refers to them as
`{{ life.end }}`, `{{ life.termination_end | long_date }}`, so a text never computes a date by hand.

A notice given on a day ends the agreement when the notice period has run from that day (notice
given 2026-03-15 with six months' notice: the agreement ends 2026-09-15), or at the period's end if
that comes first.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from iopdoc import locale_sv, model


@dataclass(frozen=True)
class Life:
    """The computed dates of an agreement's life: each None when the facts do not give it."""

    end: dt.date | None  # the day the agreement ends: the period's, an extension's, or a termination's
    termination_end: dt.date | None
    extended_end: dt.date | None


def after_notice(given: dt.date, notice: model.Duration) -> dt.date | None:
    """The day a notice period given on `given` has run (counted as every duration is: locale_sv.moved_by)."""
    return locale_sv.moved_by(given, notice.amount, notice.unit)


def termination_end(agreement: model.Agreement) -> dt.date | None:
    termination, notice = agreement.termination, agreement.period.notice
    if termination is None or notice is None or not isinstance(termination.given, dt.date):
        return None
    ends = after_notice(termination.given, notice)
    period_end = current_end(agreement)
    if ends is not None and isinstance(period_end, dt.date):
        return min(ends, period_end)
    return ends


def current_end(agreement: model.Agreement) -> dt.date | None:
    """The end of the period as extended, if it was."""
    extended = agreement.extended
    if extended is not None and isinstance(extended.end, dt.date):
        return extended.end
    end = agreement.period.end
    return end if isinstance(end, dt.date) else None


def life_of(agreement: model.Node) -> Life | None:
    if not isinstance(agreement, model.Agreement) or (agreement.termination is None and agreement.extended is None):
        return None
    terminated = termination_end(agreement)
    extended = agreement.extended.end if agreement.extended and isinstance(agreement.extended.end, dt.date) else None
    return Life(end=terminated or current_end(agreement), termination_end=terminated, extended_end=extended)


def months_between(end: dt.date, new_end: dt.date) -> Decimal:
    """How much longer `new_end` is than `end`, in months (days as thirtieths)."""
    return locale_sv.years_between(end + dt.timedelta(days=1), new_end) * 12

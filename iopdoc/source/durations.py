"""Lengths of time as officers write them ("sex månader", "drygt tre år") read into `model.Duration`.

The words are locale_sv's (which also builds the JSON Schema's pattern from them); the reading is
here, above the model, so that the base modules never import the model.
"""
from __future__ import annotations

import re
from decimal import Decimal

from iopdoc.locale_sv import APPROXIMATE_DURATION, HALVES, UNITS, parse_number
from iopdoc.model import Duration


def parse_duration(text: str):
    """"sex månader", "5 år", "3,5 år", "ett och ett halvt år", "3 år och 6 månader", "drygt tre år"
    → model.Duration, else None. A decimal point is shown as the decimal comma Swedish prose uses."""
    words = text.strip().split()
    approximation = None
    if words and words[0].lower() in APPROXIMATE_DURATION:
        approximation, words = words[0].lower(), words[1:]
    shown = re.sub(r"(\d)\.(\d)", r"\1,\2", " ".join(text.strip().split()))
    # "3 år och 6 månader", "ett år och tre månader": a sum of two lengths, counted in the smaller unit.
    joined = " ".join(words)
    compound = re.fullmatch(r"(.+?\s(?:år|månader|månad))\s+och\s+(.+\s(?:månader|månad|veckor|vecka|dagar|dag))", joined,
                            re.IGNORECASE)
    if compound and not joined.lower().endswith(("och ett halvt år", "och en halv månad")):
        first, second = (parse_duration(part) for part in compound.groups())
        if first is None or second is None or first.approximation or second.approximation:
            return None
        months = first.months + second.months
        return Duration(amount=months, unit="månader", text=shown, approximation=approximation)
    if len(words) < 2 or words[-1].lower() not in UNITS:
        return None
    number_text = " ".join(words[:-1]).lower()
    half = number_text.endswith(tuple(f" och {half}" for half in HALVES))
    if half:
        number_text = number_text.rsplit(" och ", 1)[0]
    amount = parse_number(number_text)
    if amount is None:
        return None
    return Duration(amount=amount + (Decimal("0.5") if half else 0), unit=UNITS[words[-1].lower()], text=shown,
                    approximation=approximation)

"""The intervals approximation words give a written amount (docs/rules.md, IOP205/IOP509/IOP103):
`drygt x` is [x, x·1,15], `knappt x` [x·0,85, x], `cirka x` [x·0,9, x·1,1], edges included, whatever
the precision of the digits written."""
from __future__ import annotations

from decimal import Decimal

import pytest

from iopdoc.facts.written_amounts import find_amounts


def only(text: str):
    found = list(find_amounts(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "low", "high"), [
    ("drygt 2 miljoner kronor", 2_000_000, 2_300_000),
    ("drygt 2 mnkr", 2_000_000, 2_300_000),
    ("knappt 2 miljoner kronor", 1_700_000, 2_000_000),
    ("knappt 400 tkr", 340_000, 400_000),
    ("cirka 1,5 mnkr", 1_350_000, 1_650_000),
    ("ca 500 000 kr", 450_000, 550_000),
    ("omkring en halv miljon kronor", 450_000, 550_000),
    ("ungefär tre miljoner kronor", 2_700_000, 3_300_000),
    ("runt 100 000 kronor", 90_000, 110_000),
])
def test_each_word_has_its_interval_edges_included(text, low, high):
    amount = only(f"Bidraget är {text} per år.")
    assert (amount.low, amount.high) == (Decimal(low), Decimal(high))
    assert amount.matches(Decimal(low)) and amount.matches(Decimal(high))
    assert not amount.matches(Decimal(low) - 1) and not amount.matches(Decimal(high) + 1)


def test_drygt_is_never_less_and_knappt_never_more():
    # The example: "drygt 2 miljoner kronor" once accepted 1 500 000 kr (the digit's precision).
    assert not only("drygt 2 miljoner kronor").matches(Decimal(1_500_000))
    assert not only("drygt 2 miljoner kronor").matches(Decimal(1_999_999))
    assert not only("knappt 2 miljoner kronor").matches(Decimal(2_000_001))


def test_without_a_word_the_precision_of_the_digits_is_the_range():
    assert (only("1,5 mnkr").low, only("1,5 mnkr").high) == (Decimal(1_450_000), Decimal(1_550_000))
    assert only("420 000 kr").exact


def test_amounts_are_found_as_the_whole_pattern_finds_them():
    """amounts_in searches only the stretches of a text that could hold an amount (a full stop, a
    parenthesis or a colon ends one): it finds exactly what the pattern finds in the whole text."""
    from hypothesis import given, settings, strategies as st

    from iopdoc.facts.written_amounts import PROSE_AMOUNT, amounts_in, read_amount

    pieces = st.sampled_from(["1", "5", "000", " ", "\u00a0", "\n", "\n\n", ",", ".", "ca", "CA", "ca.", "drygt", "tre",
                              "miljoner", "en halv", "och", "kr", "KR", "kronor", "tkr", "mnkr", "SEK", "sek", "(", ")",
                              ":", "-", "x", "Afrika", "tusen", "år", "*", "\u2013", "skriva", "\uff15"])

    @settings(max_examples=1500, deadline=None)
    @given(st.lists(pieces, max_size=30).map("".join))
    def holds(text):
        whole = () if "kr" not in text.lower() else \
            tuple(found for found in map(read_amount, PROSE_AMOUNT.finditer(text)) if found is not None)
        assert amounts_in(text) == whole

    holds()

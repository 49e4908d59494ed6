"""Money invariants over generated economies (hypothesis): periods with part years under every
pro-rating rule, several public payers and a non-profit, contributions as one amount (per year or
for the period, with `years` overrides) or as parts (per year or for the period, fixed, with their
own series or inheriting), series with gaps, and every way of paying.

For each: each year's instalments add up to that year's amount to the krona; the years add up to
the period's total; a fixed part pays the same every whole year; and the schedule equals the
computation written out plainly below, which shares no code with iopdoc's. A quarter of the
economies are also written out as YAML (a source and its series files) and read by iopdoc's loader,
and must schedule exactly as the model built here does.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iopdoc import model
from iopdoc.facts.schedule import schedule_of

EXAMPLES = int(os.environ.get("IOPDOC_MONEY_EXAMPLES", "2000"))
MONEY = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ORE, KRONA = Decimal("0.01"), Decimal(1)
SERIES_IDS = ("opi", "pkv")


# --- the plain computation ------------------------------------------------------------------------

def share(year: int, start: dt.date, end: dt.date, rule: str) -> Decimal:
    first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) or rule == "whole-year":
        return Decimal(1)
    if rule == "days":
        return Decimal((last - first).days + 1) / (366 if calendar.isleap(year) else 365)
    # Months covered: the days in each month over that month's length, so whole months count 1.
    by_month: dict[int, int] = {}
    day = first
    while day <= last:
        by_month[day.month] = by_month.get(day.month, 0) + 1
        day += dt.timedelta(days=1)
    return sum((Decimal(n) / calendar.monthrange(year, m)[1] for m, n in by_month.items()), Decimal(0)) / 12


def bases(amount: Decimal, per: str, overrides: dict[int, Decimal], start, end, rule) -> dict[int, Decimal]:
    years = range(start.year, end.year + 1)
    shares = {y: share(y, start, end, rule) for y in years}
    if per == "total":
        out = {y: (amount * shares[y] / sum(shares.values())).quantize(ORE, ROUND_HALF_UP) for y in years}
        out[end.year] = amount - sum(v for y, v in out.items() if y != end.year)
        return out
    return {y: overrides[y] if y in overrides else (amount * shares[y]).quantize(ORE, ROUND_HALF_UP) for y in years}


def factor(series: dict[int, Decimal] | None, year: int, price_level: int, start_year: int) -> Decimal:
    result = Decimal(1)
    if series is None:
        return result
    for applied in range(max(price_level + 1, start_year), year + 1):
        earlier = [y for y in series if y <= applied]
        result *= 1 + (series[max(earlier)] if earlier else Decimal(0)) / 100
    return result


def expected_years(case: dict) -> dict[str, dict[int, Decimal]]:
    """Per public party, per year: what it pays, by the rules written out."""
    start, end, rule = case["start"], case["end"], case["rule"]
    out = {}
    for handle, c in case["contributions"].items():
        if handle == "jouren":
            continue
        level = c["price_level"] if c["price_level"] is not None else start.year
        if c["parts"] and any(p["fixed"] or p["own"] or p["per"] != c["per"] for p in c["parts"]):
            pieces = [(p["amount"], p["per"], {}, indexation_for(case, c, p)) for p in c["parts"]]
        elif c["parts"]:
            pieces = [(sum(p["amount"] for p in c["parts"]), c["per"], dict(c["years"]), indexation_for(case, c, None))]
        else:
            pieces = [(c["amount"], c["per"], dict(c["years"]), indexation_for(case, c, None))]
        totals = {y: Decimal(0) for y in range(start.year, end.year + 1)}
        for amount, per, overrides, index in pieces:
            series = case["series"].get(index[0]) if index else None
            for year, base in bases(amount, per, overrides, start, end, rule).items():
                f = factor(series, year, level, index[1]) if index else Decimal(1)
                totals[year] += (base * f).quantize(KRONA, ROUND_HALF_UP)
        out[handle] = totals
    return out


def indexation_for(case: dict, c: dict, part: dict | None):
    """(series id, start year) or None: the part's, else the contribution's, else the economy's."""
    for holder in (part, c):
        if holder is None:
            continue
        if holder["fixed"]:
            return None
        if holder["own"]:
            return holder["own"]
    return case["economy_index"]


# --- generated economies --------------------------------------------------------------------------

indexation = st.tuples(st.sampled_from(SERIES_IDS), st.integers(2020, 2032))
percent = st.integers(-30, 90).map(lambda tenths: Decimal(tenths) / 10)


@st.composite
def parts(draw, per: str):
    count = draw(st.integers(0, 3))
    return [{"amount": Decimal(draw(st.integers(1, 2_000_000))) if draw(st.booleans())
             else Decimal(draw(st.integers(1, 9_000_000))) / 100,
             "per": draw(st.sampled_from([per, per, "year", "total"])),
             "fixed": draw(st.booleans()) if draw(st.integers(0, 3)) == 0 else False,
             "own": draw(st.none() | indexation) if draw(st.integers(0, 3)) == 0 else None}
            for _ in range(count)]


@st.composite
def economies(draw):
    start = draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
    end = start + dt.timedelta(days=draw(st.integers(1, 6 * 366)))
    contributions = {}
    for handle in draw(st.sampled_from([("kommunen",), ("kommunen", "region"), ("region", "kommunen", "jouren")])):
        per = draw(st.sampled_from(["year", "year", "total"]))
        the_parts = draw(parts(per))
        if any(p["fixed"] for p in the_parts):
            for p in the_parts:
                if p["fixed"]:
                    p["own"] = None  # both together is IOP231's error, not a schedule
        years = []
        paid_apart = any(p["fixed"] or p["own"] or p["per"] != per for p in the_parts)
        if per == "year" and not paid_apart and draw(st.booleans()):
            chosen = draw(st.sets(st.integers(start.year, end.year), max_size=3))
            years = [(y, Decimal(draw(st.integers(0, 3_000_000)))) for y in sorted(chosen)]
        fixed = draw(st.integers(0, 4)) == 0
        contributions[handle] = {
            "amount": Decimal(draw(st.integers(1, 5_000_000))), "per": per, "years": years, "parts": the_parts,
            "price_level": draw(st.none() | st.integers(start.year - 2, start.year)),
            "fixed": fixed, "own": None if fixed else (draw(st.none() | indexation) if draw(st.booleans()) else None)}
    series = {}
    for identifier in SERIES_IDS:
        if draw(st.integers(0, 5)) > 0:
            chosen = draw(st.sets(st.integers(2018, 2038), max_size=12))
            series[identifier] = {y: draw(percent) for y in chosen}
    return {"start": start, "end": end, "rule": draw(st.sampled_from(["months", "days", "whole-year"])),
            "contributions": contributions, "series": series,
            "economy_index": draw(st.none() | indexation),
            "payment": draw(st.tuples(st.sampled_from(list(model.TIMES_A_YEAR)), st.booleans(),
                                      st.none() | st.integers(1, 12), st.none() | st.integers(1, 31)))}


def as_model(case: dict) -> tuple[model.Agreement, dict[str, model.IndexSeries]]:
    def index_of(pair):
        return model.Indexation(index=pair[0].upper(), series=pair[0], start=dt.date(pair[1], 1, 1)) if pair else None

    contributions = {}
    for handle, c in case["contributions"].items():
        the_parts = {f"del{n}": model.ContributionPart(handle=f"del{n}", label=f"Del {n}", amount=p["amount"],
                                                       per=p["per"], fixed=p["fixed"], indexation=index_of(p["own"]))
                     for n, p in enumerate(c["parts"])}
        contributions[handle] = model.Contribution(
            party=handle, amount=None if the_parts else c["amount"], per=c["per"],
            years=tuple(model.YearAmount(year=y, amount=a) for y, a in c["years"]), price_level=c["price_level"],
            fixed=c["fixed"], indexation=index_of(c["own"]), parts=the_parts)
    frequency, in_advance, month, day = case["payment"]
    payment = model.Payment(frequency=frequency, in_advance=in_advance, month=month, day=day)
    parties = {handle: model.Party(handle=handle, name=handle.title(), sector="non-profit" if handle == "jouren" else "public")
               for handle in case["contributions"]}
    agreement = model.Agreement(
        kind="agreement", id="genererad", title="Genererad", status="draft", parties=parties,
        period=model.Period(start=case["start"], end=case["end"]),
        economy=model.Economy(contributions=contributions, payment=payment, part_years=case["rule"],
                              indexation=index_of(case["economy_index"])),
        sections=())
    series = {identifier: model.IndexSeries(kind="index", id=identifier, name=identifier, publisher="test", changes=tuple(
        model.IndexChange(year=y, percent=p, status="preliminary", publication="test") for y, p in sorted(figures.items())))
        for identifier, figures in case["series"].items()}
    return agreement, series


def as_yaml(case: dict) -> tuple[str, dict[str, str]]:
    """The economy as a source and its series as series files, written out by hand, for the loader."""
    def index_of(pair, indent: str) -> list[str]:
        if not pair:
            return []
        return [f"{indent}indexation:", f"{indent}  index: {pair[0].upper()}", f"{indent}  series: {pair[0]}",
                f"{indent}  start: {pair[1]}-01-01"]

    lines = ["kind: agreement", "id: genererad", "title: Genererad", "status: draft", "parties:"]
    for handle in case["contributions"]:
        lines += [f"  {handle}:", f"    name: {handle.title()}",
                  f"    sector: {'non-profit' if handle == 'jouren' else 'public'}"]
    lines += ["period:", f"  start: {case['start']}", f"  end: {case['end']}", "economy:", "  contributions:"]
    for handle, c in case["contributions"].items():
        lines += [f"    {handle}:", f"      per: {c['per']}"]
        if not c["parts"]:
            lines.append(f"      amount: {c['amount']}")
        if c["price_level"] is not None:
            lines.append(f"      price_level: {c['price_level']}")
        if c["fixed"]:
            lines.append("      fixed: true")
        lines += index_of(c["own"], "      ")
        if c["years"]:
            lines.append("      years:")
            lines += [f"        - year: {y}\n          amount: {a}" for y, a in c["years"]]
        if c["parts"]:
            lines.append("      parts:")
        for n, p in enumerate(c["parts"]):
            lines += [f"        del{n}:", f"          label: Del {n}", f"          amount: {p['amount']}",
                      f"          per: {p['per']}"] + (["          fixed: true"] if p["fixed"] else [])
            lines += index_of(p["own"], "          ")
    frequency, in_advance, month, day = case["payment"]
    lines += [f"  part_years: {case['rule']}", "  payment:", f"    frequency: {frequency}",
              f"    in_advance: {'true' if in_advance else 'false'}"]
    lines += [f"    month: {month}"] if month is not None else []
    lines += [f"    day: {day}"] if day is not None else []
    lines += index_of(case["economy_index"], "  ")
    lines += ["sections: []"]
    series = {}
    for identifier, figures in case["series"].items():
        rows = [f"kind: index\nid: {identifier}\nname: {identifier}\npublisher: test\nchanges:"]
        rows += [f"  - year: {y}\n    percent: {p}\n    status: preliminary\n    publication: test"
                 for y, p in sorted(figures.items())]
        series[identifier] = "\n".join(rows if figures else rows[:1] + ["  []"]) + "\n"
    return "\n".join(lines) + "\n", series


def through_the_loader(case: dict) -> tuple[model.Agreement, dict[str, model.IndexSeries]]:
    """The same economy read as a source is, from YAML, by iopdoc's loader."""
    from pathlib import Path

    from iopdoc.facts.indexes import read_series
    from iopdoc.source.loader import parse_source
    from iopdoc.source.schema import read_document

    text, series_texts = as_yaml(case)
    agreement = read_document(parse_source(text, path=Path("genererad.yaml"), name="genererad.yaml"))
    series = {identifier: read_series(parse_source(t, path=Path(f"{identifier}.yaml"), name=f"{identifier}.yaml"))
              for identifier, t in series_texts.items()}
    return agreement, series


@MONEY
@given(economies(), st.integers(0, 3))
def test_the_schedule_keeps_every_money_invariant(case, route):
    agreement, series = as_model(case)
    if route == 0:  # a quarter of the economies go through the YAML loader too, and must schedule the same
        loaded, loaded_series = through_the_loader(case)
        assert schedule_of(loaded, loaded_series) == schedule_of(agreement, series)
        agreement, series = loaded, loaded_series
    schedule = schedule_of(agreement, series)
    wanted = expected_years(case)
    assert [p.handle for p in schedule.parties] == [h for h in case["contributions"] if h != "jouren"]
    for party in schedule.parties:
        for year in party.years:
            # Each year's instalments add up to its amount, to the krona, in whole kronor.
            assert sum(i.amount for i in year.instalments) == year.amount
            assert all(i.amount == i.amount.to_integral_value() for i in year.instalments)
            assert sum(i.base for i in year.instalments) == year.base
            if year.pieces:
                assert sum(p.amount for p in year.pieces) == year.amount
            # A piece not indexed pays its base, rounded.
            for piece in year.pieces:
                if piece.index is None:
                    assert piece.amount == piece.base.quantize(KRONA, ROUND_HALF_UP) and piece.factor == 1
        # The years add up to the period's total.
        assert sum(y.amount for y in party.years) == party.total
        # The schedule is the plain computation.
        assert {y.year: y.amount for y in party.years} == wanted[party.handle]
        # A fixed part given per year pays the same every whole year.
        contribution = agreement.economy.contributions[party.handle]
        whole = [y for y in party.years if y.share == 1]
        for handle, part in contribution.parts.items():
            if (part.fixed or contribution.fixed and part.indexation is None) and part.per == "year" and whole and whole[0].pieces:
                paid = {p.amount for y in whole for p in y.pieces if p.handle == handle}
                assert paid == {part.amount.quantize(KRONA, ROUND_HALF_UP)}
    assert schedule.total == sum(sum(v.values()) for v in wanted.values())

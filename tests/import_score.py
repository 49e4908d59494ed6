"""Scoring `iopdoc import` on the corpus (tests/import_corpus.py): each fact of a text's ground truth
is right, wrong, to confirm or missed in what the import wrote, and a fact the import states that
the truth does not have (a party that is not one, a signatory taken from the role line) is wrong.

`score(text, folder)` imports one text (in-process, as `iopdoc import` does) and returns its
`Outcome`s; `table(outcomes)` prints the counts per fact kind and per layout.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tests.import_corpus import Text, write

STATUSES = ("right", "wrong", "confirm", "missed")


@dataclass(frozen=True)
class Outcome:
    text: str
    layout: str
    kind: str  # the fact kind: party, org, period, notice, ...
    key: str
    status: str  # right, wrong, confirm, missed
    expected: object
    found: object


def fact_kind(key: str) -> str:
    head = key.split(":")[0].split(".")[0]
    return {"signing": "signing", "period": "period"}.get(head, head)


def plain(value):
    if isinstance(value, Decimal):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def imported_facts(data: dict, report: dict) -> dict[str, tuple[object, bool]]:
    """The facts an import wrote, keyed as the ground truth is: key → (value, to confirm)."""
    unsure = {f["fact"] for f in report["facts"] if f["status"] == "confirm"}
    placeholder = {f["fact"] for f in report["facts"] if f["status"] == "missing"}
    found: dict[str, tuple[object, bool]] = {}

    def put(key, value, *paths):
        if any(p in placeholder for p in paths) or value is None:
            return
        found[key] = (plain(value), any(p in unsure for p in paths))

    found["kind"] = (data.get("kind"), False)
    parties = data.get("parties") or {}
    name_of = {handle: party.get("name") for handle, party in parties.items()}
    for handle, party in parties.items():
        path = f"parties.{handle}"
        if data.get("kind") == "agreement":
            put(f"party:{party['name']}", True, path)
            put(f"org:{party['name']}", party.get("org_number"), path, f"{path}.org_number")
    period = data.get("period") or {}
    if data.get("kind") == "agreement":
        start, end = period.get("start"), period.get("end")  # a year alone is the whole year (the format's rule)
        put("period.start", f"{start}-01-01" if isinstance(start, int) else start, "period.start")
        put("period.end", f"{end}-12-31" if isinstance(end, int) else end, "period.end")
        put("period.open_ended", period.get("open_ended"), "period.open_ended")
        put("title", data.get("title"), "title")
        put("notice", period.get("notice"), "period.notice")
        follow = data.get("follow_up") or {}
        put("meetings", follow.get("meetings_per_year"), "follow_up.meetings_per_year")
        put("evaluations", follow.get("evaluations_per_year"), "follow_up.evaluations_per_year")
        reports = [r for r in follow.get("reports") or [] if isinstance(r, dict)]
        put("reports", tuple((r.get("name"), r.get("month"), r.get("day")) for r in reports) or None, "follow_up.reports")
        economy = data.get("economy") or {}
        for handle, contribution in (economy.get("contributions") or {}).items():
            put(f"contribution:{name_of.get(handle, handle)}", contribution.get("amount"), f"economy.contributions.{handle}")
            if contribution.get("years"):
                put(f"years:{name_of.get(handle, handle)}", tuple((y["year"], plain(y["amount"])) for y in contribution["years"]),
                    f"economy.contributions.{handle}")
        put("index", (economy.get("indexation") or {}).get("index"), "economy.indexation.index")
        decision = data.get("decision")
        if decision:
            put("decision", (decision.get("committee"), plain(decision.get("date")), decision.get("paragraph")), "decision")
        signatures = data.get("signatures") or {}
        put("signing.place", signatures.get("place"), "signatures.place")
        put("signing.date", signatures.get("date"), "signatures.date")
        for handle, signatory in (signatures.get("signatories") or {}).items():
            put(f"signatory:{name_of.get(handle, handle)}", signatory.get("name"), f"signatures.signatories.{handle}")
            if signatory.get("place"):
                put(f"signing:{name_of.get(handle, handle)}", (signatory["place"], plain(signatory.get("date"))),
                    f"signatures.signatories.{handle}")
    else:
        for key in ("date", "diarienummer", "recipient"):
            put(key, data.get(key), key)
        decision = data.get("decision") or {}
        # the committee that decides is the recipient unless the memo names another (the format's rule)
        put("committee", decision.get("committee") or data.get("recipient"), "decision.committee", "recipient")
        put("points", len(decision.get("points") or []) or None, "decision.points")
        put("attachments", len(data.get("attachments") or []) or None, "attachments")
        for official in data.get("signatories") or []:
            put(f"official:{official.get('name')}", official.get("title"), "signatories")
    return found


def compare(text: Text, found: dict[str, tuple[object, bool]]) -> list[Outcome]:
    outcomes = []
    for key, expected in text.truth.items():
        if key not in found:
            status, value = "missed", None
        else:
            value, unsure = found[key]
            status = "confirm" if unsure else "right" if value == expected else "wrong"
        outcomes.append(Outcome(text.name, text.layout, fact_kind(key), key, status, expected, value))
    for key, (value, unsure) in found.items():  # stated by the import, but not by the text
        if key not in text.truth and not unsure:
            outcomes.append(Outcome(text.name, text.layout, fact_kind(key), key, "wrong", None, value))
    return outcomes


def score(text: Text, folder: Path) -> tuple[list[Outcome], object]:
    """Write, import and score one text; returns the outcomes and the import's result."""
    from ruamel.yaml import YAML

    from iopdoc.readers.importer import import_file

    path = write(text, folder / "originals")
    target = folder / "imported" / f"{text.name}.yaml"
    result = import_file(path, text.name, None, target)
    data = YAML(typ="safe").load(result.text)
    return compare(text, imported_facts(data, result.report)), result


def table(outcomes: list[Outcome]) -> str:
    """The counts per fact kind and per layout, and the share right, as a plain-text table."""
    lines = []
    for title, by in (("fact kind", lambda o: o.kind), ("layout", lambda o: o.layout)):
        counts: dict[str, Counter] = defaultdict(Counter)
        for outcome in outcomes:
            counts[by(outcome)][outcome.status] += 1
        lines.append(f"{title:<18} {'right':>6} {'wrong':>6} {'confirm':>8} {'missed':>7}")
        for name in sorted(counts):
            c = counts[name]
            lines.append(f"{name:<18} {c['right']:>6} {c['wrong']:>6} {c['confirm']:>8} {c['missed']:>7}")
        lines.append("")
    total = Counter(o.status for o in outcomes)
    share = 100 * total["right"] / max(1, sum(total.values()))
    lines.append(f"total: {sum(total.values())} facts, {total['right']} right ({share:.1f} %), {total['wrong']} wrong, "
                 f"{total['confirm']} to confirm, {total['missed']} missed")
    return "\n".join(lines)

"""A corpus of agreements and memos in the shapes Swedish municipalities write them, written by the
tests themselves (issue #28): several committees, regions, sports clubs, city missions, crime-victim
support, year-only, part-year and open-ended periods, terminations, extensions, memos with budget
frames and context figures. Each shape is clean as written; each wrong variant changes one line and
names the rule that must flag it there.

Nothing here is copied from a real document: names, numbers and amounts are invented (organisation
numbers are given valid check digits so that only the rule a variant is about can fire).
"""
from __future__ import annotations

from dataclasses import dataclass, field


def org_number(first_nine: str) -> str:
    """`NNNNNN-NNNN` with the Luhn check digit Skatteverket uses."""
    digits = [int(d) for d in first_nine]
    total = 0
    for index, digit in enumerate(digits):
        doubled = digit * 2 if index % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    check = (10 - total % 10) % 10
    return f"{first_nine[:6]}-{first_nine[6:]}{check}"


@dataclass(frozen=True)
class Shape:
    """One clean document: its id, kind, text; and the wrong variants of it."""

    id: str
    text: str
    kind: str = "agreement"
    variants: tuple["Variant", ...] = ()
    config: str = ""


@dataclass(frozen=True)
class Variant:
    """One line changed (`old` → `new`, `old` unique in the text) and the rule that must flag the line
    holding `at` (a unique piece of the changed text)."""

    name: str
    old: str
    new: str
    code: str
    at: str = ""

    def apply(self, text: str) -> str:
        assert text.count(self.old) == 1, (self.name, self.old)
        return text.replace(self.old, self.new)

    def line(self, text: str) -> int:
        marker = self.at or self.new.strip().splitlines()[0]
        changed = self.apply(text)
        assert changed.count(marker) == 1, (self.name, marker)
        return changed[:changed.index(marker)].count("\n") + 1


@dataclass(frozen=True)
class Party:
    handle: str
    name: str
    sector: str
    number: str
    commitment: str
    signer_role: str
    signer: str
    acting_through: str = ""


@dataclass(frozen=True)
class Agreement:
    """The facts an agreement shape varies in."""

    id: str
    parties: tuple[Party, ...]
    start: str
    end: str | None  # None: open-ended
    stated: str | None
    notice: str
    amounts: dict[str, int]  # handle → per year
    price_level: int
    place: str
    signed: str
    purpose: str
    extra_facts: str = ""
    extra_prose: str = ""  # appended to the economy section
    background: str = "Parterna har samarbetat i flera år."
    status: str = "final"
    in_kind: tuple[str, int, int] | None = None  # handle, hours, rate
    total: bool = True
    duration_prose: str = ""  # appended to the period section
    extra_sections: tuple[str, ...] = field(default_factory=tuple)

    def yaml(self) -> str:
        lines = [f"kind: agreement", f"id: {self.id}",
                 f"title: Idéburet offentligt partnerskap mellan {' och '.join(p.name for p in self.parties)}",
                 f"status: {self.status}", "parties:"]
        for party in self.parties:
            lines += [f"  {party.handle}:", f"    name: {party.name}", f"    sector: {party.sector}",
                      f"    org_number: {party.number}"]
            if party.acting_through:
                lines.append(f"    acting_through: {party.acting_through}")
            lines += ["    commitments:", f"      - {party.commitment}"]
        lines += ["period:", f"  start: {self.start}"]
        lines += [f"  end: {self.end}"] if self.end else ["  open_ended: true"]
        if self.stated:
            lines.append(f"  stated_duration: {self.stated}")
        lines.append(f"  notice: {self.notice}")
        lines += ["economy:", "  contributions:"]
        for handle, amount in self.amounts.items():
            lines += [f"    {handle}:", f"      amount: {amount}", f"      price_level: {self.price_level}"]
            if self.in_kind and self.in_kind[0] == handle:
                hours, rate = self.in_kind[1:]
                lines += ["      in_kind:", f"        hours: {hours}", f"        hourly_rate: {rate}",
                          f"        value: {hours * rate}"]
        if self.total:
            lines += ["  total:", f"    amount: {sum(self.amounts.values())}"]
        lines.append("  payment: en gång per år i januari")
        if self.extra_facts:
            lines.append(self.extra_facts.rstrip("\n"))
        lines += ["signatures:", f"  place: {self.place}", f"  date: {self.signed}", "  signatories:"]
        for party in self.parties:
            lines += [f"    {party.handle}:", f"      role: {party.signer_role}", f"      name: {party.signer}"]
        names = " och ".join(f"{{{{ parties.{p.handle}.name }}}} (organisationsnummer {{{{ parties.{p.handle}.org_number }}}})"
                             for p in self.parties)
        commitments = "\n\n".join(f"      {{{{ parties.{p.handle}.name }}}} åtar sig att\n\n"
                                  f"      {{{{ parties.{p.handle}.commitments | bullets }}}}" for p in self.parties)
        period = ("Överenskommelsen gäller från och med {{ period.start | long_date }} till och med "
                  "{{ period.end | long_date }}." if self.end else
                  "Överenskommelsen gäller från och med {{ period.start | long_date }} tills vidare.")
        money = " ".join(f"{{{{ parties.{h}.name }}}} bidrar med {{{{ economy.contributions.{h}.amount | kr }}}} per år."
                         for h in self.amounts)
        if self.total:
            money += " Sammanlagt {{ economy.total.amount | kr }} per år."
        sections = [("background", "Bakgrund", self.background),
                    ("parties", "Parter", f"{names}.\n\n{commitments.strip()}"),
                    ("purpose", "Syfte och mål", self.purpose),
                    ("period", "Avtalsperiod", f"{period} Uppsägningstiden är {{{{ period.notice }}}}.{self.duration_prose}"),
                    ("cooperation", "Samverkan och uppföljning", "Parterna träffas minst två gånger per år."),
                    ("economy", "Ekonomi", money + self.extra_prose)]
        lines.append("sections:")
        for kind, heading, body in sections:
            lines += [f"  - kind: {kind}", f"    heading: {heading}", "    body: |"]
            lines += [f"      {line.strip()}" if line.strip() else "" for line in body.splitlines()]
        lines += list(self.extra_sections)
        lines += ["  - kind: signatures", "    heading: Underskrifter"]
        return "\n".join(lines) + "\n"


def memo(id: str, organisation: str, dnr: str, date: str, table: str = "", figures: str = "", economy_prose: str = "",
         summary: str = "Förvaltningen föreslår ett idéburet offentligt partnerskap med föreningen.") -> str:
    """A decision memo (tjänsteskrivelse) proposing an agreement, with what the shape varies."""
    text = f"""kind: memo
id: {id}
title: Idéburet offentligt partnerskap med föreningen
status: final
organisation: {organisation}
department: Socialförvaltningen
date: {date}
diarienummer: {dnr}
recipient: Socialnämnden
period:
  start: 2026-01-01
  end: 2028
  stated_duration: tre år
economy:
  contributions:
    kommunen:
      amount: 300000
      per: year
{table}{figures}decision:
  points:
    - Godkänna överenskommelsen med föreningen för {{{{ period.stated_duration }}}}.
    - Finansiering sker inom socialnämndens budgetram.
signatories:
  - name: Eva Ek
    title: Socialdirektör
sections:
  - kind: summary
    heading: Sammanfattning
    body: |
      {summary} Kommunen bidrar med {{{{ economy.contributions.kommunen.amount | kr }}}} per år.
  - kind: decision
    heading: Beslutsförslag
  - kind: background
    heading: Bakgrund
    body: |
      Föreningen har arbetat med stöd till våldsutsatta i många år.
"""
    if economy_prose:
        text += f"""  - kind: economy
    heading: Ekonomi
    body: |
      {economy_prose}
"""
    return text


TABLE = """table:
  title: Ekonomisk ram för partnerskapet
  unit: tkr
  rows:
    - label: Ram 2025
      amount: 290
    - label: Indexuppräkning
      amount: 10
  total: 300
  total_label: Ram 2026
"""

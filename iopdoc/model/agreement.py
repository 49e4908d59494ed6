"""An agreement and its parts: parties, period, follow-up, economy (contributions, parts, payments,
indexation), signatures, decision, termination, extension, sections; and `Document`, what every
kind of document has."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Literal, Mapping, Union

from iopdoc.errors import Location
from iopdoc.names import SECTION_KINDS_SV  # the facts a section shows are called what the section is
from iopdoc.model.base import (EMPTY, fact, Node, DateFact, Duration)  # noqa: F401


Sector = Literal["public", "non-profit"]
NoticeKind = Literal["early-termination", "renewal"]
Frequency = Literal["yearly", "half-yearly", "quarterly", "monthly"]
PartYearRule = Literal["months", "days", "whole-year"]
Status = Literal["draft", "final"]
Per = Literal["year", "total"]
SectionKind = Literal["background", "values", "parties", "commitments", "purpose", "period",
                      "cooperation", "economy", "schedule", "changes", "dispute", "signatures", "free"]


@dataclass(frozen=True, kw_only=True)
class Party(Node):
    handle: str = fact("Kortnamn i källan", from_key=True, description="Nyckeln som prosan använder, t.ex. kommunen.")
    name: str = fact("Namn", required=True, description="Organisationens fullständiga namn.")
    short_name: str | None = fact("Kort namn", description="Namnet som texten använder i löptext, t.ex. Kvinnojouren.")
    sector: Sector = fact("Sektor", required=True, description="public (kommun, region) eller non-profit (idéburen).")
    org_number: str | None = fact("Organisationsnummer", description="NNNNNN-NNNN; får saknas i ett utkast (IOP301).")
    acting_through: str | None = fact("Företräds av", description="T.ex. social- och omsorgsnämnden.")
    description: str | None = fact("Beskrivning", description="Kort presentation av parten (Markdown).")
    contact: str | None = fact("Kontaktperson (roll)")
    commitments: tuple[str, ...] = fact(SECTION_KINDS_SV["commitments"], default=(), description="Partens insatser, en per rad.")
    contact_person: str | None = fact("Kontaktperson (namn)", description="Markera den som intern (`internal:`) om den inte publiceras.")
    phone: str | None = fact("Telefon", description="Ett funktions- eller växelnummer; ett mobilnummer är en varning.")
    email: str | None = fact("E-post", description="En funktionsadress; förnamn.efternamn@ är en varning.")
    address: str | None = fact("Adress")
    protected_address: bool = fact("Skyddad adress", default=False,
                                   description="true för t.ex. ett skyddat boende: ingen adress får publiceras.")
    bank_account: str | None = fact("Bankgiro eller konto")


@dataclass(frozen=True)
class Year:
    """A date known only to its year, as a memo may state it ("innan den utgår 2026")."""

    year: int

    def __str__(self) -> str:
        return str(self.year)


@dataclass(frozen=True, kw_only=True)
class Period(Node):
    """The agreement period. Years alone (`start: 2023`, `end: 2025`) are whole years: 2023-01-01 to
    2025-12-31. An open-ended agreement (`open_ended: true`, "tills vidare") has a start, no end and
    a notice period."""

    start: DateFact | Year = fact("Startdatum", required=True, description="ÅÅÅÅ-MM-DD, eller ett årtal: 1 januari det året.")
    end: DateFact | Year | None = fact("Slutdatum", description="ÅÅÅÅ-MM-DD, eller ett årtal: 31 december det året; "
                                                              "saknas för en överenskommelse som gäller tills vidare.")
    open_ended: bool = fact("Gäller tills vidare", default=False, description="true: ingen slutdag, men en uppsägningstid.")
    stated_duration: Duration | None = fact(
        "Angiven längd", description="Längden som texten anger den, t.ex. \"fem år\"; kontrolleras mot datumen.")
    notice: Duration | None = fact("Uppsägningstid", description="T.ex. \"sex månader\".")
    notice_kind: NoticeKind = fact(
        "Vad uppsägningstiden gäller", default="early-termination",
        description="early-termination (frånträda i förtid) eller renewal (avtalet förlängs av sig självt om det inte sägs upp).")
    extension: Duration | None = fact("Möjlig förlängning", description="T.ex. \"fem år\".")

    def __post_init__(self) -> None:
        # A year alone is the whole year: from its first day, to its last.
        if isinstance(self.start, Year):
            object.__setattr__(self, "start", dt.date(self.start.year, 1, 1))
        if isinstance(self.end, Year):
            object.__setattr__(self, "end", dt.date(self.end.year, 12, 31))


@dataclass(frozen=True, kw_only=True)
class Report(Node):
    """A report the non-profit submits, with the day it is due each year ("senast 31 mars")."""

    name: str = fact("Rapport", required=True, description="T.ex. verksamhetsberättelse.")
    month: int = fact("Senast i månad (1–12)", required=True)
    day: int | None = fact("Senast dag i månaden", description="Utan dag: månadens sista dag.")

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, kw_only=True)
class FollowUp(Node):
    meetings_per_year: int | None = fact("Dialogmöten per år (minst)")
    months_of_meetings: tuple[int, ...] = fact(
        "Månader för dialogmötena", default=(),
        description="T.ex. [3, 10]; utan månader blir mötena uppgifter att boka i kalendern.")
    evaluations_per_year: int | None = fact("Utvärderingar per år")
    month_of_evaluation: int | None = fact("Månad för utvärderingen", description="1–12; utan månad: en uppgift att boka.")
    convener: str | None = fact("Sammankallande")
    reports: tuple[str | Report, ...] = fact(
        "Rapporter som lämnas", default=(),
        description="En text per rapport, eller name/month/day för en rapport med sista dag.")


@dataclass(frozen=True, kw_only=True)
class InKind(Node):
    hours: Decimal = fact("Timmar", required=True)
    hourly_rate: Decimal = fact("Värde per timme (kr)", required=True, unit="kr")
    value: Decimal | None = fact("Angivet värde (kr)", unit="kr", description="Kontrolleras mot timmar × timvärde.")
    approximate: bool = fact("Ungefärligt antal timmar", default=False)


@dataclass(frozen=True, kw_only=True)
class Indexation(Node):
    index: str = fact("Index", required=True, description="T.ex. OPI, PKV, KPI eller nämndens eget index.")
    series: str | None = fact("Indexserie", description="Id för en serie i sources/index/<id>.yaml.")
    description: str | None = fact("Förklaring av index")
    start: DateFact = fact("Uppräkning från och med", required=True)


PartKind = Literal["money", "premises", "staff", "volunteer", "other"]


@dataclass(frozen=True, kw_only=True)
class ContributionPart(Node):
    """One labelled part of a party's contribution: money (per year or for the period), premises or
    staff at a stated value, or volunteer hours at an hourly value."""

    handle: str = fact("Kortnamn i källan", from_key=True)
    label: str = fact("Benämning", required=True, description="T.ex. \"Partnerskapets verksamhet\", \"Lokaler\".")
    kind: PartKind = fact("Slag", default="money", description="money, premises (lokaler), staff (personal), "
                                                               "volunteer (ideella timmar) eller other.")
    amount: Decimal | None = fact("Belopp eller värde (kr)", unit="kr",
                                  description="För timmar: timmar × timvärde om det inte anges.")
    per: Per | None = fact("Avser", description="year eller total; utan värde: som bidraget.")
    hours: Decimal | None = fact("Timmar")
    hourly_rate: Decimal | None = fact("Värde per timme (kr)", unit="kr")
    indexation: Indexation | None = fact(
        "Uppräkning av delen", description="Delens egen uppräkning; utan värde: bidragets eller ekonomins (economy.indexation).")
    fixed: bool = fact("Fast belopp (räknas inte upp)", default=False,
                       description="true: delen räknas inte upp, även om bidraget eller ekonomin räknas upp.")

    @property
    def value(self) -> Decimal | None:
        """The part's amount: as stated, else hours × hourly rate."""
        if self.amount is not None:
            return self.amount
        if self.hours is not None and self.hourly_rate is not None:
            return self.hours * self.hourly_rate
        return None


@dataclass(frozen=True, kw_only=True)
class YearAmount(Node):
    """The amount of one year, where it differs from the yearly amount."""

    year: int = fact("År", required=True)
    amount: Decimal = fact("Belopp (kr)", required=True, unit="kr")


@dataclass(frozen=True, kw_only=True)
class Contribution(Node):
    """A party's contribution: one amount (the short form), or labelled parts that add up to it.

    With parts and no `amount`, the amount is the sum of the parts given on the contribution's own
    basis (`per`); whether `amount` was written is kept (`"amount" in locations`), so a stated
    amount can be checked against its parts (IOP207).
    """

    party: str = fact("Part", from_key=True)
    amount: Decimal | None = fact("Belopp (kr)", unit="kr", required_unless="parts",
                                  description="Per år, eller för hela perioden med per: total; krävs om bidraget inte har delar (`parts`).")
    per: Per = fact("Avser", default="year", description="year (per år) eller total (hela perioden).")
    years: tuple[YearAmount, ...] = fact(
        "Belopp för enskilda år", default=(),
        description="year/amount per år som har ett eget belopp; övriga år gäller amount.")
    price_level: int | None = fact("Prisläge (år)")
    in_kind: InKind | None = fact("Varav ideell insats")
    indexation: Indexation | None = fact(
        "Uppräkning av bidraget", description="Bidragets egen uppräkning; utan värde: ekonomins (economy.indexation).")
    fixed: bool = fact("Fast belopp (räknas inte upp)", default=False,
                       description="true: bidraget räknas inte upp, även om ekonomin räknas upp.")
    parts: Mapping[str, ContributionPart] = fact("Delar", factory=lambda: EMPTY,
                                                 description="Bidragets delar, var och en med benämning och belopp.")

    def __post_init__(self) -> None:
        if self.amount is None and self.parts:
            object.__setattr__(self, "amount", self.parts_total(self.per))

    def parts_total(self, per: str) -> Decimal:
        """The parts given per year (or for the whole period) added up."""
        return sum((part.value or Decimal(0) for part in self.parts.values() if (part.per or self.per) == per),
                   Decimal(0))


@dataclass(frozen=True, kw_only=True)
class StatedTotal(Node):
    amount: Decimal = fact("Belopp (kr)", required=True, unit="kr")
    per: Per = fact("Avser", default="year")


MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december")
TIMES_A_YEAR = {"yearly": 1, "half-yearly": 2, "quarterly": 4, "monthly": 12}


@dataclass(frozen=True, kw_only=True)
class Payment(Node):
    """When the contributions are paid: how often, and on which day or at the start of each term."""

    frequency: Frequency = fact("Hur ofta", required=True, description="yearly, half-yearly, quarterly eller monthly.")
    month: int | None = fact("Månad (1–12)", description="Årets (första) utbetalningsmånad.")
    day: int | None = fact("Dag i månaden", description="Utan dag: den första.")
    in_advance: bool = fact("I förskott vid varje terminsstart", default=False,
                            description="true: vid början av varje år, halvår, kvartal eller månad.")
    remark: str | None = fact("Anmärkning")

    @property
    def months(self) -> tuple[int, ...]:
        """The months of the year a payment falls in."""
        step = 12 // TIMES_A_YEAR[self.frequency]
        first = 1 if self.in_advance or self.month is None else self.month
        return tuple(sorted((first - 1 + step * n) % 12 + 1 for n in range(TIMES_A_YEAR[self.frequency])))

    def __str__(self) -> str:
        """As prose says it: "en gång per år i januari månad"."""
        term = {"yearly": "årets", "half-yearly": "varje halvårs", "quarterly": "varje kvartals",
                "monthly": "varje månads"}[self.frequency]
        if self.in_advance:
            how = {"yearly": "en gång per år", "half-yearly": "två gånger per år", "quarterly": "kvartalsvis",
                   "monthly": "månadsvis"}[self.frequency]
            return f"{how} i förskott vid {term} början"
        names = [MONTHS_SV[m - 1] for m in self.months]
        if self.frequency == "monthly":
            return f"varje månad den {self.day or 1}"
        if self.frequency == "yearly":
            return f"en gång per år den {self.day} {names[0]}" if self.day else f"en gång per år i {names[0]} månad"
        listed = ", ".join(names[:-1]) + " och " + names[-1]
        times = "två" if self.frequency == "half-yearly" else "fyra"
        return f"{times} gånger per år, den {self.day} i {listed}" if self.day else f"{times} gånger per år, i {listed}"


@dataclass(frozen=True, kw_only=True)
class Economy(Node):
    contributions: Mapping[str, Contribution] = fact("Bidrag per part", factory=lambda: EMPTY)
    total: StatedTotal | None = fact("Angiven total omfattning")
    payment: str | Payment | None = fact(
        "Utbetalning", description="frequency/month/day/in_advance/remark, eller fri text som \"en gång per år i januari\".")
    part_years: PartYearRule | None = fact(
        "Delår räknas om efter", description="months (hela månader), days (dagar) eller whole-year (helt årsbelopp).")
    indexation: Indexation | None = fact("Uppräkning")


@dataclass(frozen=True, kw_only=True)
class Figure(Node):
    """A figure a document states as context rather than as one of its own amounts: a memo's budget
    frame or index base, the earlier agreement's amount, a rate per inhabitant. Prose refers to it
    (`{{ figures.budgetram.amount | kr }}`) or writes it, and the amount checks read it as a fact
    (IOP205, IOP509); a rate with its `count` also gives the product (IOP209)."""

    key: str = fact("Kortnamn i källan", from_key=True, description="Nyckeln som prosan använder, t.ex. budgetram.")
    label: str = fact("Benämning", required=True, description="Vad beloppet är, t.ex. \"Budgetram 2024\".")
    amount: Decimal = fact("Belopp", required=True, description="I kronor (52 300 tkr skrivs 52300000).")
    per: str | None = fact("Per", description="För ett belopp per enhet, t.ex. kommuninvånare.")
    count: Decimal | None = fact("Antal", description="Antalet enheter: belopp × antal är en summa som kontrolleras (IOP209).")
    year: int | None = fact("År", description="Året beloppet gäller, t.ex. föregångarens sista år.")


@dataclass(frozen=True, kw_only=True)
class Signatory(Node):
    party: str = fact("Part", from_key=True)
    role: str = fact("Undertecknar som", required=True, description="T.ex. \"För social- och omsorgsnämnden\".")
    name: str | None = fact("Namn", description="Den som skriver under.")
    place: str | None = fact("Ort", description="Om parten skriver under på en egen ort; annars den gemensamma.")
    date: DateFact | None = fact("Datum", description="Om parten skriver under en egen dag; annars det gemensamma datumet.")


@dataclass(frozen=True, kw_only=True)
class Signatures(Node):
    """Where and when the parties sign: one place and date for all, or each party's own (or both:
    a party's own overrides the common one)."""

    place: str | None = fact("Ort", description="Gemensam ort; annars anger varje undertecknare sin (IOP307).")
    date: DateFact | None = fact("Datum", description="Gemensamt datum; annars anger varje undertecknare sitt (IOP307).")
    signatories: Mapping[str, Signatory] = fact("Undertecknare per part", required=True)

    def signing_of(self, handle: str) -> tuple[str | None, DateFact | None, Location]:
        """Where and when party `handle` signs, and where that date was written."""
        signatory = self.signatories.get(handle)
        own_place = signatory.place if signatory is not None else None
        own_date = signatory.date if signatory is not None else None
        where = signatory.at("date") if own_date is not None else self.at("date")
        return own_place or self.place, own_date if own_date is not None else self.date, where

    @property
    def last_date(self) -> DateFact | None:
        """The day the last party signs: when the agreement is signed by all (the common date if any)."""
        dates = [self.signing_of(handle)[1] for handle in self.signatories] or [self.date]
        real = [d for d in dates if isinstance(d, dt.date)]
        if len(real) != len(dates):
            return self.date if self.date is not None else next((d for d in dates if d is not None), None)
        return max(real)


@dataclass(frozen=True, kw_only=True)
class DecisionRecord(Node):
    """The committee's decision on the agreement, as its minutes record it."""

    committee: str = fact("Nämnd", required=True, description="T.ex. Socialnämnden.")
    date: DateFact = fact("Beslutsdatum", required=True)
    paragraph: str | None = fact("Paragraf i protokollet", description="T.ex. \"§ 45\".")
    diarienummer: str | None = fact("Diarienummer", description="T.ex. SN 2025/0123.")
    memo: str | None = fact("Tjänsteskrivelse", description="Id för memot som föreslog beslutet; dess datum jämförs.")


@dataclass(frozen=True, kw_only=True)
class Termination(Node):
    """A notice of termination given by one party on a day; the agreement then ends when the notice
    period (`period.notice`) has run (lifecycle.py)."""

    by: str = fact("Uppsagd av", required=True, description="Kortnamnet på parten som säger upp.")
    given: DateFact = fact("Uppsägning lämnad", required=True)
    end: DateFact | None = fact("Angivet slutdatum", description="Kontrolleras mot uppsägningstiden (IOP113).")


@dataclass(frozen=True, kw_only=True)
class Extension(Node):
    """The option to extend (`period.extension`) used: when it was decided and the new end."""

    decided: DateFact = fact("Beslutad", required=True)
    end: DateFact = fact("Nytt slutdatum", required=True, description="Kontrolleras mot förlängningsmöjligheten (IOP114).")
    diarienummer: str | None = fact("Diarienummer")


@dataclass(frozen=True, kw_only=True)
class Section(Node):
    kind: SectionKind = fact("Typ av avsnitt", required=True)
    heading: str | None = fact("Rubrik")
    body: str = fact("Text (Markdown)", default="", prose="block", description="Prosa; {{ ... }} hänvisar till fakta.")
    internal: bool = fact("Internt avsnitt", default=False,
                          description="true: avsnittet finns i den interna versionen, inte i den publicerade.")


class Document(Node):
    """What every kind of document has, whatever it is: an agreement, a memo.

    Not a dataclass of its own: each kind declares its fields in the order its sources are
    written (the canonical layout and the JSON Schema follow that order), and this class says
    which of them every kind has, so render, publish and diff read them without `getattr`.
    """

    kind: str
    id: str
    title: str
    status: Status
    language: str
    parties: Mapping[str, Node]  # an agreement's parties; the parties a memo states of its agreement
    period: Node | None
    economy: Economy | None
    sections: tuple[Section, ...]

    @property
    def dated(self) -> dt.date | None:
        """The date the document is dated, when it has a real one (signed; a memo's date)."""
        raise NotImplementedError

    @property
    def running_title(self) -> str:
        """The title the page header repeats."""
        return self.title

    @property
    def owner(self) -> str | None:
        """Whose document it is (for the logotype): the public party, a memo's organisation."""
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class Waiver(Node):
    """A finding the source waives, with its reason (see waivers.py)."""

    code: str = fact("Kod", required=True, description="Koden som undantas, t.ex. IOP108.")
    reason: str = fact("Skäl", required=True, description="Varför regeln inte gäller här.")
    path: str | None = fact("Plats", description="Nyckelväg, t.ex. sections[3] eller parties.kommunen.org_number; "
                                                 "utan den: hela källan.")


@dataclass(frozen=True, kw_only=True)
class Agreement(Document):
    """An IOP agreement (document kind `agreement`)."""

    kind: Literal["agreement"] = fact("Dokumenttyp", required=True)
    id: str = fact("Id", required=True, description="Stabilt id, samma som filnamnet utan .yaml.")
    title: str = fact("Titel", required=True)
    short_title: str | None = fact("Kort titel", description="Visas i sidhuvudet.")
    status: Status = fact("Status", required=True, description="draft (utkast) eller final (slutlig).")
    type: str | None = fact("Typ av överenskommelse", description="En typ i iopdoc.toml (`[types.NAMN]`), t.ex. idrott; "
                                                                  "den anger avsnitt och regler. Utan typ: ett IOP.")
    language: Literal["sv"] = fact("Språk", default="sv")
    supersedes: str | None = fact("Ersätter", description="Id för överenskommelsen som denna efterträder.")
    amends: str | None = fact("Ändrar", description="Id för överenskommelsen som detta tilläggsavtal ändrar.")
    parties: Mapping[str, Party] = fact(SECTION_KINDS_SV["parties"], required=True)
    joint_commitments: tuple[str, ...] = fact("Gemensamma åtaganden", default=())
    period: Period = fact(SECTION_KINDS_SV["period"], required=True)
    follow_up: FollowUp | None = fact(SECTION_KINDS_SV["cooperation"])
    economy: Economy | None = fact(SECTION_KINDS_SV["economy"])
    figures: Mapping[str, Figure] = fact("Belopp i sammanhanget", factory=lambda: EMPTY,
                                         description="Belopp som texten anger utan att de är överenskommelsens: "
                                                     "föregångarens bidrag, en taxa per invånare.")
    signatures: Signatures | None = fact(SECTION_KINDS_SV["signatures"])
    decision: DecisionRecord | None = fact("Beslut", description="Nämndens beslut om överenskommelsen.")
    termination: Termination | None = fact("Uppsägning")
    extended: Extension | None = fact("Förlängning", description="Förlängningen som beslutats.")
    waivers: tuple[Waiver, ...] = fact("Undantag", default=(), description="Fynd som undantas, med skäl.")
    internal: tuple[str, ...] = fact("Interna uppgifter", default=(),
                                     description="Fakta som inte publiceras, som sökvägar: parties.jouren.address.")
    sections: tuple[Section, ...] = fact("Avsnitt", required=True)

    def party(self, handle: str) -> Party | None:
        return self.parties.get(handle)

    @property
    def dated(self) -> dt.date | None:
        signed = self.signatures.last_date if self.signatures is not None else None
        return signed if isinstance(signed, dt.date) else None

    @property
    def running_title(self) -> str:
        return self.short_title or self.title

    @property
    def owner(self) -> str | None:
        return next((party.name for party in self.parties.values() if party.sector == "public"), None)


# --- Index series (sources/index/<id>.yaml) ----------------------------------------------
# Not a document: the figures an agreement's indexation is computed with, kept once per index and
# updated when a preliminary figure is replaced by a definitive one (docs/format.md).


__all__ = ['Sector', 'NoticeKind', 'Frequency', 'PartYearRule', 'Status', 'Per', 'SectionKind', 'Party', 'Year', 'Period', 'Report', 'FollowUp', 'InKind', 'PartKind', 'ContributionPart', 'YearAmount', 'Contribution', 'StatedTotal', 'Indexation', 'MONTHS_SV', 'TIMES_A_YEAR', 'Payment', 'Economy', 'Figure', 'Signatory', 'Signatures', 'DecisionRecord', 'Termination', 'Extension', 'Section', 'Document', 'Waiver', 'Agreement']

"""A decision memo (tjänsteskrivelse): its header, the agreement it proposes, its decision points
and economic table."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Literal, Mapping, Union

from iopdoc.errors import Location
from iopdoc.names import SECTION_KINDS_SV  # the facts a section shows are called what the section is
from iopdoc.model.base import (EMPTY, fact, Node, DateFact, Duration)  # noqa: F401
from iopdoc.model.agreement import (Status, Year, Economy, Figure, Section, Document, Waiver)  # noqa: F401


MemoSectionKind = Literal["summary", "decision", "background", "economy", "conclusions", "schedule", "free"]


@dataclass(frozen=True, kw_only=True)
class MemoParty(Node):
    """A party of the proposed agreement as the memo names it; the handle is the agreement's."""

    handle: str = fact("Kortnamn i källan", from_key=True, description="Samma kortnamn som i överenskommelsen.")
    name: str = fact("Namn", required=True)
    short_name: str | None = fact("Kort namn")
    org_number: str | None = fact("Organisationsnummer", description="NNNNNN-NNNN")


@dataclass(frozen=True, kw_only=True)
class StatedPeriod(Node):
    """The agreement's period as far as the memo states it; a bare year (`2026`) is allowed."""

    start: DateFact | Year | None = fact("Startdatum eller år")
    end: DateFact | Year | None = fact("Slutdatum eller år")
    stated_duration: Duration | None = fact("Angiven längd")


@dataclass(frozen=True, kw_only=True)
class Decision(Node):
    """The proposed decision: the committee that decides, and the points it decides, in order.

    Points are data rather than a Markdown list so that the numbering is always the committee's
    (the minutes refer to "punkt 2"), so that a decision without points or committee is a
    missing key at its line, and so that checks can point at the one point they are about.
    """

    committee: str | None = fact("Nämnd som beslutar", description="Om den inte anges: mottagaren.")
    points: tuple[str, ...] = fact("Beslutspunkter", required=True, prose="inline",
                                   description="En punkt per rad, numreras i ordning; {{ ... }} hänvisar till fakta.")
    budget_year: int | None = fact("Budgetår", description="Året vars budgetram finansierar; kontrolleras mot datum.")


TableUnit = Literal["kr", "tkr"]


@dataclass(frozen=True, kw_only=True)
class TableRow(Node):
    label: str = fact("Post", required=True, description="T.ex. \"Budgetram 2024\", \"Indexuppräkning\".")
    amount: Decimal = fact("Belopp", required=True, description="I tabellens enhet (kr eller tkr); negativt för en minskning.")


@dataclass(frozen=True, kw_only=True)
class EconomicTable(Node):
    """A memo's small economic table: rows in kr or tkr and a stated sum (a budget frame, a reduction,
    an index compensation). Shown in the memo's `economy` section; checked by IOP508 and IOP509."""

    title: str | None = fact("Rubrik", description="Tabellens rubrik, t.ex. \"Ekonomisk ram 2024\".")
    unit: TableUnit = fact("Enhet", default="kr", description="kr eller tkr.")
    rows: tuple[TableRow, ...] = fact("Rader", required=True)
    total: Decimal | None = fact("Angiven summa", description="Kontrolleras mot raderna (IOP508).")
    total_label: str = fact("Summans benämning", default="Summa")


@dataclass(frozen=True, kw_only=True)
class Attachment(Node):
    title: str = fact("Titel", required=True, prose="inline")
    source: str | None = fact("Källa", description="Id för ett dokument som byggs här, t.ex. överenskommelsen.")
    date: DateFact | None = fact("Datum", description="Bilagans datum; får inte vara senare än memot.")


@dataclass(frozen=True, kw_only=True)
class Official(Node):
    """An official who signs the memo."""

    name: str = fact("Namn", required=True)
    title: str = fact("Befattning", required=True, description="T.ex. Socialdirektör.")


@dataclass(frozen=True, kw_only=True)
class MemoSection(Section):
    kind: MemoSectionKind = fact("Typ av avsnitt", required=True)


@dataclass(frozen=True, kw_only=True)
class Memo(Document):
    """A decision memo, tjänsteskrivelse (document kind `memo`)."""

    kind: Literal["memo"] = fact("Dokumenttyp", required=True)
    id: str = fact("Id", required=True, description="Stabilt id, samma som filnamnet utan .yaml.")
    title: str = fact("Ärendets rubrik", required=True)
    status: Status = fact("Status", required=True, description="draft (utkast) eller final (slutlig).")
    language: Literal["sv"] = fact("Språk", default="sv")
    organisation: str = fact("Organisation", required=True, description="T.ex. Österåkers kommun.")
    department: str | None = fact("Förvaltning", description="T.ex. Socialförvaltningen.")
    date: DateFact = fact("Datum", required=True)
    diarienummer: str = fact("Diarienummer", required=True, description="Enligt kommunens mönster, t.ex. SN 2023/0050.")
    recipient: str = fact("Mottagare", required=True, description="Nämnden memot går till, t.ex. Socialnämnden.")
    proposes: str | None = fact("Föreslår", description="Id för överenskommelsen som memot föreslår.")
    parties: Mapping[str, MemoParty] = fact("Överenskommelsens parter", factory=lambda: EMPTY)
    period: StatedPeriod | None = fact("Överenskommelsens period")
    economy: Economy | None = fact("Överenskommelsens ekonomi")
    table: EconomicTable | None = fact("Ekonomisk tabell", description="Rader i kr eller tkr och en summa.")
    figures: Mapping[str, Figure] = fact("Belopp i sammanhanget", factory=lambda: EMPTY,
                                         description="Belopp som memot anger som bakgrund: budgetramen, ett indexunderlag, "
                                                     "fjolårets belopp.")
    decision: Decision = fact(SECTION_KINDS_SV["decision"], required=True)
    attachments: tuple[Attachment, ...] = fact(SECTION_KINDS_SV["attachments"], default=())
    signatories: tuple[Official, ...] = fact("Undertecknare", required=True)
    waivers: tuple[Waiver, ...] = fact("Undantag", default=(), description="Fynd som undantas, med skäl.")
    internal: tuple[str, ...] = fact("Interna uppgifter", default=(),
                                     description="Fakta som inte publiceras, som sökvägar: parties.jouren.address.")
    sections: tuple[MemoSection, ...] = fact("Avsnitt", required=True)

    @property
    def committee(self) -> str:
        """The committee that decides: named in the decision, else the one the memo goes to."""
        return self.decision.committee or self.recipient

    @property
    def dated(self) -> dt.date | None:
        return self.date if isinstance(self.date, dt.date) else None

    @property
    def owner(self) -> str | None:
        return self.organisation


__all__ = ['MemoSectionKind', 'MemoParty', 'StatedPeriod', 'Decision', 'TableUnit', 'TableRow', 'EconomicTable', 'Attachment', 'Official', 'MemoSection', 'Memo']

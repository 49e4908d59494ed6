"""What iopdoc calls the model's choices in Swedish: section kinds, sectors, document kinds, statuses.

One home for each name, so that a check's message, a diff's label and the published index never
disagree about what a clause or a party is called (and `grep` finds each name once).
"""
from __future__ import annotations

# A section of each kind, as a reader finds it when it has no heading of its own.
SECTION_KINDS_SV = {
    "background": "Bakgrund", "values": "Värdegrund", "parties": "Parter", "commitments": "Åtaganden",
    "purpose": "Syfte och mål", "period": "Avtalsperiod", "cooperation": "Samverkan och uppföljning",
    "economy": "Ekonomi", "changes": "Ändringar", "dispute": "Tvist", "signatures": "Underskrifter",
    "summary": "Sammanfattning", "decision": "Beslutsförslag", "conclusions": "Förvaltningens slutsatser",
    "attachments": "Bilagor", "schedule": "Utbetalningsplan", "free": "Fritt avsnitt",
}

# A party's sector: the adjective (sv, en), and the sector itself as a fact.
SECTORS = {"public": ("offentlig", "public"), "non-profit": ("idéburen", "non-profit")}
SECTOR_FACTS_SV = {sector: f"{adjective} sektor" for sector, (adjective, _) in SECTORS.items()}

# A document kind: in running text ("ska vara en överenskommelse"), and as a label on the index.
KIND_NAMES_SV = {"agreement": "överenskommelse", "memo": "tjänsteskrivelse"}
KIND_LABELS_SV = {"agreement": "Överenskommelse (IOP)", "memo": "Tjänsteskrivelse"}

STATUSES_SV = {"draft": "utkast", "final": "slutlig"}
PER_SV = {"year": "per år", "total": "för hela perioden"}


def section_kind_name(kind: str) -> str:
    return SECTION_KINDS_SV.get(kind, kind)

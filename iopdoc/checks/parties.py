"""Rules on the parties: valid organisation numbers of the right legal form, both sectors present,
every party signing with a name, every handle naming a party."""
from __future__ import annotations

import re
from typing import Iterator

from iopdoc import model
from iopdoc.errors import Severity
from iopdoc.names import SECTORS
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.prose.walk import placeholder_severity, walk
from iopdoc.quoting import FORMULA_STARTS

ORG_NUMBER = re.compile(r"^\d{6}-\d{4}$")
PLACEHOLDER_ORG_NUMBER = re.compile(r"^[NXx]{6}-[NXx]{4}$")
# "(aktuell firmatecknare)", "(namn)", "NN", "xx", "…": a name still to be written.
# Also the template's own words: "Förnamn Efternamn", "Namn Namnsson", "[namn]".
PLACEHOLDER_NAME = re.compile(r"^\s*(\(.*\)|\[.*\]|N\.?\s?N\.?|x+|X+|\.\.\.|…|\?+|(förnamn\s*)?efternamn|förnamn|"
                              r"namn(\s+namnsson)?|namnsson)\s*$", re.IGNORECASE)
# The first digit of an organisation number says its legal form (Skatteverket, SKV 709):
# 1 dödsbo, 2 stat, region, kommun eller församling, 3 utländskt företag, 5 aktiebolag, 6 enkelt
# bolag, 7 ekonomisk förening, 8 ideell förening eller stiftelse, 9 handelsbolag eller kommanditbolag.
LEGAL_FORMS = {
    "1": ("dödsbo", "estate of a deceased person"),
    "2": ("stat, region, kommun eller församling", "state, region, municipality or parish"),
    "3": ("utländskt företag", "foreign company"),
    "5": ("aktiebolag", "limited company"),
    "6": ("enkelt bolag", "simple partnership"),
    "7": ("ekonomisk förening", "economic association"),
    "8": ("ideell förening, stiftelse eller trossamfund", "non-profit association, foundation or religious community"),
    "9": ("handelsbolag eller kommanditbolag", "trading or limited partnership"),
}
# Non-profits are associations and foundations (8), cooperatives (7), companies that do not
# distribute their profit (5, e.g. aktiebolag med särskild vinstutdelningsbegränsning) and
# Svenska kyrkan's parishes (2, but not a municipality's, region's or state agency's number).
FIRST_DIGITS = {"public": {"2"}, "non-profit": {"2", "5", "7", "8"}}
PUBLIC_PREFIXES = {"2120": ("en kommuns", "a municipality's"), "2321": ("en regions", "a region's"),
                   "2021": ("en statlig myndighets", "a state agency's")}


def luhn_valid(digits: str) -> bool:
    """The Luhn check over all ten digits (the last is the check digit)."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def luhn_digit(first_nine: str) -> int:
    return next(d for d in range(10) if luhn_valid(first_nine + str(d)))


@rule("IOP301", Severity.ERROR, "Organisationsnummer har formen NNNNNN-NNNN", "Organisation numbers read NNNNNN-NNNN",
      kinds=("agreement", "memo"))
def org_number_format(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """Reads each party's `org_number`: ten digits as NNNNNN-NNNN, the form Bolagsverket and
    Skatteverket write. Ten digits without the hyphen are read as a number in another form (and its
    check digit too, so a wrong digit is not hidden behind the form). A draft may leave a number out or
    as a placeholder (a warning until it is final); a memo states numbers only where it writes them, and
    each it writes is checked like the agreement's. Ignores the check digit of a number in the form
    (IOP302)."""
    for handle, party in document.parties.items():
        if party.org_number is None:
            if document.kind == "agreement":
                yield Finding(party.at(), f"{party.name}: organisationsnumret saknas (`org_number`). Fyll i det som "
                                          "NNNNNN-NNNN innan överenskommelsen blir slutlig.",
                              f"{party.name}: the organisation number is missing (`org_number`). Fill it in as "
                              "NNNNNN-NNNN before the agreement is final.", placeholder_severity(document))
            continue
        number = party.org_number.strip()
        if ORG_NUMBER.match(number):
            continue
        if PLACEHOLDER_ORG_NUMBER.match(number):
            yield Finding(party.at("org_number"), f"{party.name}: organisationsnumret är inte ifyllt (`{number}`).",
                          f"{party.name}: the organisation number is not filled in (`{number}`).",
                          placeholder_severity(document))
        elif (unhyphenated := WITHOUT_HYPHEN.match(number)) is not None:
            # Ten digits written without the hyphen (or with a space): an organisation number in another
            # form, whose check digit is read too, so a wrong digit is not hidden behind the form.
            digits = "".join(unhyphenated.groups())
            written = f"{digits[:6]}-{digits[6:]}"
            wrong = ("", "") if luhn_valid(digits) else (
                f" Kontrollsiffran stämmer inte heller (med de nio första siffrorna borde den vara {luhn_digit(digits[:9])}).",
                f" Its check digit is wrong too (the first nine digits give {luhn_digit(digits[:9])}).")
            yield Finding(party.at("org_number"),
                          f"{party.name}: skriv organisationsnumret med bindestreck, `{written}`.{wrong[0]}",
                          f"{party.name}: write the organisation number with its hyphen, `{written}`.{wrong[1]}")
        else:
            yield Finding(party.at("org_number"),
                          f"{party.name}: `{number}` är inget organisationsnummer. Skriv tio siffror som NNNNNN-NNNN, "
                          "t.ex. 212000-0449.",
                          f"{party.name}: `{number}` is not an organisation number. Write ten digits as NNNNNN-NNNN, "
                          "e.g. 212000-0449.")


WITHOUT_HYPHEN = re.compile(r"^(\d{6})\s?(\d{4})$")


@rule("IOP302", Severity.ERROR, "Organisationsnumrets kontrollsiffra stämmer", "The organisation number's check digit is right",
      kinds=("agreement", "memo"))
def org_number_check_digit(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """Reads each party's `org_number` in the form NNNNNN-NNNN and checks its last digit (Luhn, as every
    Swedish organisation number is built), which catches a mistyped or two swapped digits. In agreements and
    memos. Ignores a number not in that form (IOP301) and a party without one."""
    for party in document.parties.values():
        number = (party.org_number or "").strip()
        digits = number.replace("-", "")
        if ORG_NUMBER.match(number) and not luhn_valid(digits):
            yield Finding(party.at("org_number"),
                          f"{party.name}: kontrollsiffran i {number} stämmer inte (med de nio första siffrorna borde den "
                          f"vara {luhn_digit(digits[:9])}). Jämför med registreringsbeviset; en siffra är fel.",
                          f"{party.name}: the check digit of {number} is wrong (the first nine digits give "
                          f"{luhn_digit(digits[:9])}). Compare with the registration certificate; a digit is wrong.")


@rule("IOP303", Severity.ERROR, "Organisationsnumrets juridiska form passar sektorn",
      "The organisation number's legal form fits the sector")
def org_number_fits_sector(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads each party's `org_number` and `sector`: the first digit says the legal form (Skatteverket, SKV
    709: 2 public bodies, 5 limited companies, 7 economic associations, 8 non-profit associations and
    foundations), and a public party's number starts with 2; a non-profit party with a kommun's, region's or
    state agency's number (`2120…`, `2321…`, `2021…`) has the other party's number. Ignores numbers not in
    the NNNNNN-NNNN form (IOP301)."""
    for party in document.parties.values():
        number = (party.org_number or "").strip()
        if not ORG_NUMBER.match(number):
            continue
        public = PUBLIC_PREFIXES.get(number[:4])
        if party.sector == "non-profit" and public is not None:
            yield Finding(party.at("org_number"),
                          f"{party.name}: {number} är {public[0]} nummer ({number[:4]}…), men parten anges som idéburen "
                          "(`sector: non-profit`). Rätta numret eller sektorn.",
                          f"{party.name}: {number} is {public[1]} number ({number[:4]}…), but the party is non-profit "
                          "(`sector: non-profit`). Correct the number or the sector.")
            continue
        if number[0] in FIRST_DIGITS[party.sector]:
            continue
        form = LEGAL_FORMS.get(number[0], ("annan juridisk form", "another legal form"))
        allowed = sorted(FIRST_DIGITS[party.sector])
        listed = (", ".join(f"{d} ({LEGAL_FORMS[d][0]})" for d in allowed), ", ".join(f"{d} ({LEGAL_FORMS[d][1]})" for d in allowed))
        yield Finding(party.at("org_number"),
                      f"{party.name}: {number} börjar med {number[0]} ({form[0]}), men parten anges som "
                      f"{SECTORS[party.sector][0]} (`sector: {party.sector}`), vars nummer börjar med {listed[0]}. "
                      "Rätta numret eller sektorn, eller undanta regeln med skäl (`# iopdoc: allow IOP303 – …`).",
                      f"{party.name}: {number} starts with {number[0]} ({form[1]}), but the party is "
                      f"{SECTORS[party.sector][1]} (`sector: {party.sector}`), whose numbers start with {listed[1]}. "
                      "Correct the number or the sector, or waive the rule with a reason (`# iopdoc: allow IOP303 – …`).")


@rule("IOP304", Severity.ERROR, "En offentlig och en idéburen part", "A public and a non-profit party")
def both_sectors(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads each party's `sector`: an idéburet offentligt partnerskap is between at least one public party and
    at least one non-profit one, and without either it is something else (a grant, a procurement). Ignores
    how many of each: three or four parties pass."""
    sectors = {party.sector for party in document.parties.values()}
    for sector in ("public", "non-profit"):
        if sector not in sectors:
            yield Finding(document.at("parties"),
                          f"ingen part är {SECTORS[sector][0]} (`sector: {sector}`). Ett IOP är ett partnerskap "
                          "mellan offentlig och idéburen sektor.",
                          f"no party is {SECTORS[sector][1]} (`sector: {sector}`). An IOP is a partnership "
                          "between the public and the non-profit sector.")


@rule("IOP305", Severity.ERROR, "Varje part skriver under med namn", "Every party signs, with a name")
def every_party_signs(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads `signatures.signatories`: each party has a signatory with a name. A name left as a template writes
    it (`(aktuell firmatecknare)`, `[namn]`, `NN`, `Förnamn Efternamn`) is an error in a final agreement, a
    warning in a draft. Ignores a title written with the name (`Anna Andersson, ordförande`) and an
    agreement without `signatures` (IOP402)."""
    if document.signatures is None:
        return  # IOP402 reports a signatures section without signatures
    signatories = document.signatures.signatories
    for handle, party in document.parties.items():
        signatory = signatories.get(handle)
        if signatory is None:
            yield Finding(document.signatures.at("signatories"),
                          f"{party.name} (`{handle}`) har ingen undertecknare. Lägg till `{handle}:` med `role` och `name`.",
                          f"{party.name} (`{handle}`) has no signatory. Add `{handle}:` with `role` and `name`.")
        elif signatory.name is None or not signatory.name.strip() or PLACEHOLDER_NAME.match(signatory.name):
            written = f" (`{signatory.name}`)" if signatory.name else ""
            yield Finding(signatory.at("name") if signatory.name else signatory.at(),
                          f"{signatory.role}: namnet på den som skriver under saknas{written}. Skriv firmatecknarens namn.",
                          f"{signatory.role}: the name of the person signing is missing{written}. Write the signatory's name.",
                          placeholder_severity(document))


@rule("IOP306", Severity.ERROR, "Kortnamn hänvisar till en part", "Handles name a party")
def handles_name_parties(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads the party handle each contribution and signatory is keyed by: it names a party under `parties`,
    whose name the document shows beside the amount and the signature. Ignores `{{ parties.… }}` in prose,
    whose unknown handle is an error of its own (IOP030)."""
    handles = list(document.parties)
    keyed = []
    if document.economy:
        keyed += [(c, "bidrag", "contribution") for c in document.economy.contributions.values()]
    if document.signatures:
        keyed += [(s, "undertecknare", "signatory") for s in document.signatures.signatories.values()]
    for node, what_sv, what_en in keyed:
        if node.party not in document.parties:
            yield Finding(node.at(),
                          f"{what_sv} under `{node.party}`, men det finns ingen part `{node.party}`; parterna är "
                          f"{', '.join(handles)}.",
                          f"a {what_en} under `{node.party}`, but there is no party `{node.party}`; the parties are "
                          f"{', '.join(handles)}.")


@rule("IOP307", Severity.ERROR, "Varje part skriver under på en ort och ett datum",
      "Every party signs at a place and on a date")
def every_party_has_place_and_date(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Parties may sign on different days and in different places: `place` and `date` under a
    signatory are its own, under `signatures` the common ones. Each party needs one of each.
    Ignores an agreement without `signatures` (IOP402) and whether the date is plausible (IOP106, IOP110)."""
    signatures = document.signatures
    if signatures is None:
        return
    for handle, signatory in signatures.signatories.items():
        place, date, _ = signatures.signing_of(handle)
        missing = [(sv, en) for value, sv, en in ((place, "ort", "place"), (date, "datum", "date")) if value is None]
        if missing:
            sv = " och ".join(m[0] for m in missing)
            en = " and ".join(m[1] for m in missing)
            yield Finding(signatory.at(),
                          f"{signatory.role}: {sv} för underskriften saknas. Ange `place`/`date` under "
                          f"undertecknaren eller gemensamt under `signatures`.",
                          f"{signatory.role}: the signing {en} is missing. Give `place`/`date` under the signatory "
                          "or in common under `signatures`.")


# Names, committees and titles: the texts that reach a spreadsheet (the payment schedule's XLSX and
# CSV) and the PDF's metadata, each on one line.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SPREADSHEET_FACTS = ("name", "short_name", "committee", "title", "short_title", "department", "organisation")


@rule("IOP308", Severity.WARNING, "Namn börjar inte som en formel", "Names do not begin like a formula",
      kinds=("agreement", "memo"))
def names_are_not_formulas(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """A name or title that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a
    formula by a spreadsheet (OWASP, CSV injection). iopdoc's XLSX and CSV keep such a text as text,
    but a copy pasted elsewhere may not: write the name as the organisation writes it."""
    for fact in walk(document):
        if fact.name in SPREADSHEET_FACTS and isinstance(fact.value, str) and fact.value.startswith(FORMULA_STARTS):
            shown = fact.value[:1].replace("\t", "\\t").replace("\r", "\\r")
            yield Finding(fact.location,
                          f"`{fact.path}` börjar med `{shown}`, som ett kalkylark läser som början på en formel. Skriv "
                          "namnet som organisationen skriver det, utan tecknet först.",
                          f"`{fact.path}` begins with `{shown}`, which a spreadsheet reads as the start of a formula. "
                          "Write the name as the organisation writes it, without that character first.")


@rule("IOP309", Severity.ERROR, "Namn och titlar står på en rad", "Names and titles are one line",
      kinds=("agreement", "memo"))
def names_are_one_line(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """A name, committee or title holds no line break or other control character: it is written
    into one line of a CSV file, a spreadsheet cell and the PDF's metadata, where a line break
    would split a row or forge a field."""
    for fact in walk(document):
        if fact.name in SPREADSHEET_FACTS and isinstance(fact.value, str) and CONTROL.search(fact.value):
            yield Finding(fact.location,
                          f"`{fact.path}` innehåller en radbrytning eller ett styrtecken. Skriv namnet eller titeln på "
                          "en rad.",
                          f"`{fact.path}` holds a line break or a control character. Write the name or title on one "
                          "line.")

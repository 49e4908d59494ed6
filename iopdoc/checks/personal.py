"""Personal data and protected details that must not reach the website.

Read over every text fact and every evaluated prose text (`CheckContext.published`, derived once by
the resolve step), except what the source
marks internal, which is never published. Numbers are validated with python-stdnum
(`se.personnummer`, and its Luhn check for samordningsnummer), so an organisation number, a date
or an amount that merely looks like digits is not reported.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Iterator

from iopdoc import model
from iopdoc.errors import Severity
from iopdoc.facts.public import is_text, value_at
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.prose.walk import placeholder_severity, walk
from iopdoc.prose.published import EvaluatedText

# 10 or 12 digits, with or without the separator (- or +, or a space), standing alone.
IDENTITY_NUMBER = re.compile(r"(?<![\d+\-–])((?:18|19|20)?\d{6})[ ]?([-+–‑]?)[ ]?(\d{4})(?![\d\-–])")
# Swedish mobile numbers: 070, 072, 073, 076, 079, also written +46 70 / 0046 70.
MOBILE = re.compile(r"(?<![\d+])(?:\+46|0046)[ \-]?(?:\(0\)[ ]?)?7[02369](?:[ \-]?\d){7}(?!\d)"
                    r"|(?<![\d+])07[02369](?:[ \-]?\d){7}(?!\d)")
# A personal address: first name and surname as the local part (anna.andersson@, anna-karin.berg@).
PERSONAL_EMAIL = re.compile(r"(?<![\w.+-])([^\W\d_]+(?:-[^\W\d_]+)?\.[^\W\d_]+(?:-[^\W\d_]+)?)@"
                            r"([\w-]+(?:\.[\w-]+)+)", re.UNICODE)
STREET_SUFFIXES = ("gatan", "gata", "vägen", "väg", "gränd", "gränden", "backe", "backen", "torg", "torget",
                   "allé", "allén", "stig", "stigen", "plan", "platsen", "leden", "stråket", "kajen", "esplanaden",
                   "parken", "liden", "slingan", "promenaden")
STREET_ADDRESS = re.compile(r"\b[A-ZÅÄÖ][a-zåäöé]*(?:" + "|".join(STREET_SUFFIXES) + r")\s+\d+\s?[A-Za-z]?\b"
                            r"|\bBox\s+\d+\b")
POSTAL_CODE = re.compile(r"(?<!\d)(?<!\d )(?:SE-?)?\b\d{3} ?\d{2}\s+[A-ZÅÄÖ][a-zåäö]+")


def identity_number_kind(century: str, digits: str, separator: str) -> str | None:
    """"personnummer" or "samordningsnummer" when the digits are one (a real date, a valid check
    digit), else None. `digits` is the 10-digit form."""
    from stdnum import luhn  # imported when a number is first seen: stdnum.util imports ssl and pydoc
    from stdnum.se import personnummer

    day = int(digits[4:6])
    if day > 60:  # a samordningsnummer: the day of birth plus 60
        if not luhn.is_valid(digits):
            return None
        dated = digits[:4] + f"{day - 60:02d}" + digits[6:]
        number = (century + dated) if century else dated
        try:
            personnummer.get_birth_date(number[:-4] + (separator if separator == "+" else "-") + number[-4:])
        except Exception:  # noqa: BLE001 - stdnum raises its own ValidationError subclasses
            return None
        return "samordningsnummer"
    written = (century + digits[:6]) + (separator if separator == "+" else "-") + digits[6:]
    return "personnummer" if personnummer.is_valid(written) else None


def identity_numbers(text: str) -> Iterator[tuple[re.Match, str]]:
    for match in IDENTITY_NUMBER.finditer(text):
        whole, separator, tail = match.groups()
        century, head = (whole[:2], whole[2:]) if len(whole) == 8 else ("", whole)
        if century and dt.date.today().year // 100 < int(century):
            continue
        if not separator and MOBILE.fullmatch(match.group(0).replace(" ", "")):
            continue  # ten digits starting 07…: a phone number, reported as one
        kind = identity_number_kind(century, head + tail, separator)
        if kind:
            yield match, kind


def mask(text: str) -> str:
    """A number shown in a finding without repeating it in full (the report may be shared)."""
    return text[:-4] + "XXXX" if len(text) > 4 else "XXXX"


def texts(document: model.Node, context: CheckContext) -> Iterator[EvaluatedText]:
    """The published texts, derived once per document by the resolve step (run_checks fills them in)."""
    return iter(context.published)


@rule("IOP801", Severity.ERROR, "Inga personnummer eller samordningsnummer", "No personal identity numbers",
      kinds=("agreement", "memo"))
def no_identity_numbers(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """A Swedish personnummer or samordningsnummer (10 or 12 digits, with or without the separator, a
    real date, a valid check digit) in any published text: an error in a final document, a warning in
    a draft. Organisation numbers, dates and amounts are not reported. `iopdoc publish` refuses the
    document either way."""
    for text in texts(document, context):
        for match, kind in identity_numbers(text.text):
            if text.inserted(match.start(), match.end()):
                continue  # the fact it comes from is reported at its own line
            shown = mask(match.group(0))
            yield Finding(text.location_of(match.start()),
                          f"`{shown}` i `{text.path}` ser ut som ett {kind}. Personnummer får inte publiceras: ta bort "
                          "det, eller markera uppgiften som intern (`internal:`).",
                          f"`{shown}` in `{text.path}` looks like a Swedish {kind} (personal identity number), which "
                          "must not be published: remove it, or mark the fact internal (`internal:`).",
                          placeholder_severity(document))


@rule("IOP802", Severity.WARNING, "Inga privata mobilnummer", "No personal mobile numbers", kinds=("agreement", "memo"))
def no_mobile_numbers(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """A Swedish mobile number (070, 072, 073, 076, 079, also as +46 7…) is usually a person's own.
    A functional number (an on-call phone) is listed in iopdoc.toml, `[personal] allowed_phone_numbers`."""
    allowed = context.config.personal
    for text in texts(document, context):
        for match in MOBILE.finditer(text.text):
            if allowed.allows_phone(match.group(0)) or text.inserted(match.start(), match.end()):
                continue
            yield Finding(text.location_of(match.start()),
                          f"`{match.group(0)}` i `{text.path}` är ett mobilnummer, ofta en persons eget. Skriv ett "
                          "funktionsnummer eller växelnummer, markera uppgiften som intern (`internal:`), eller lägg "
                          "numret i iopdoc.toml under `[personal] allowed_phone_numbers` om det är ett funktionsnummer.",
                          f"`{match.group(0)}` in `{text.path}` is a mobile number, often a person's own. Write a "
                          "functional or switchboard number, mark the fact internal (`internal:`), or list the number "
                          "in iopdoc.toml under `[personal] allowed_phone_numbers` if it is a functional one.")


@rule("IOP803", Severity.WARNING, "Inga personliga e-postadresser", "No personal e-mail addresses",
      kinds=("agreement", "memo"))
def no_personal_emails(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """An address of the form förnamn.efternamn@ names a person. Functional addresses (info@, jour@)
    are not reported; one that looks personal but is functional is listed in iopdoc.toml,
    `[personal] allowed_emails`."""
    allowed = context.config.personal
    for text in texts(document, context):
        for match in PERSONAL_EMAIL.finditer(text.text):
            address = match.group(0)
            if allowed.allows_email(address) or text.inserted(match.start(), match.end()):
                continue
            yield Finding(text.location_of(match.start()),
                          f"`{address}` i `{text.path}` ser ut som en persons e-postadress (förnamn.efternamn@). Skriv "
                          "en funktionsadress, markera uppgiften som intern (`internal:`), eller lägg adressen i "
                          "iopdoc.toml under `[personal] allowed_emails` om den är en funktionsadress.",
                          f"`{address}` in `{text.path}` looks like a person's e-mail address (name.surname@). Write a "
                          "functional address, mark the fact internal (`internal:`), or list the address in "
                          "iopdoc.toml under `[personal] allowed_emails` if it is a functional one.")


@rule("IOP804", Severity.ERROR, "Ingen adress till en part med skyddad adress", "No address of a party with a protected address",
      kinds=("agreement",))
def no_protected_address(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """A party marked `protected_address: true` (a shelter, skyddat boende) has no street address,
    box or postal code in any of its published facts. Mark the fact internal to keep it in the internal
    version only. `iopdoc publish` refuses the document."""
    protected = {handle for handle, party in document.parties.items() if party.protected_address}
    if not protected:
        return
    for text in texts(document, context):
        parts = text.path.split(".")
        if len(parts) < 3 or parts[0] != "parties" or parts[1] not in protected:
            continue
        name = document.parties[parts[1]].short_name or document.parties[parts[1]].name
        for pattern, what_sv, what_en in ((STREET_ADDRESS, "en gatuadress", "a street address"),
                                          (POSTAL_CODE, "ett postnummer", "a postal code")):
            for match in pattern.finditer(text.text):
                yield Finding(text.location_of(match.start()),
                              f"{name} har skyddad adress (`protected_address: true`), men `{text.path}` innehåller "
                              f"{what_sv} (`{match.group(0)}`). Ta bort den, eller markera uppgiften som intern "
                              f"(`internal: [{text.path.split('[')[0]}]`).",
                              f"{name} has a protected address (`protected_address: true`), but `{text.path}` holds "
                              f"{what_en} (`{match.group(0)}`). Remove it, or mark the fact internal "
                              f"(`internal: [{text.path.split('[')[0]}]`).")


# Personal-data findings that `iopdoc publish` refuses whatever their severity (a draft's too).
REFUSED_WHEN_PUBLISHING = frozenset({"IOP801", "IOP804"})


@rule("IOP805", Severity.ERROR, "Interna uppgifter finns och är text", "Internal facts exist and are text",
      kinds=("agreement", "memo"))
def internal_paths_name_text_facts(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """Each entry of `internal:` is the key path of a text fact of the document (`parties.jouren.address`,
    as prose names it), so what is meant to stay internal really does."""
    # What a path could name: every field of every object the document has, set or not.
    facts = sorted({f"{fact.path.rsplit('.', 1)[0]}.{name}" if "." in fact.path else name
                    for fact in walk(document) for name in fact.owner.__dataclass_fields__ if name != "locations"})
    for index, path in enumerate(getattr(document, "internal", ())):
        found, value = value_at(document, path)
        where = document.at(f"internal[{index}]") if f"internal[{index}]" in document.locations else document.at("internal")
        if not found:
            close = difflib.get_close_matches(path, facts, n=1)
            maybe = (f" Menade du `{close[0]}`?", f" Did you mean `{close[0]}`?") if close else ("", "")
            yield Finding(where, f"`internal: {path}` anger inget faktum i dokumentet.{maybe[0]} Skriv sökvägen som i "
                                 "prosan, t.ex. `parties.jouren.address`.",
                          f"`internal: {path}` names no fact of the document.{maybe[1]} Write the path as prose does, "
                          "e.g. `parties.jouren.address`.")
        elif value is not None and not is_text(value) and not isinstance(value, (model.Node, dict)) \
                and not hasattr(value, "items"):
            yield Finding(where, f"`{path}` är inte text och kan inte vara intern; bara texter (namn, nummer, adresser) "
                                 "och hela avsnitt (`internal: true`) kan utelämnas ur den publicerade versionen.",
                          f"`{path}` is not text and cannot be internal; only texts (names, numbers, addresses) and "
                          "whole sections (`internal: true`) can be left out of the published version.")
        elif value is not None and not is_text(value):
            yield Finding(where, f"`{path}` är en grupp av fakta; ange de texter i den som är interna, t.ex. "
                                 f"`{path}.name`.",
                          f"`{path}` is a group of facts; name the texts in it that are internal, e.g. `{path}.name`.")

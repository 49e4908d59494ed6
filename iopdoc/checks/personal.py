"""Personal data and protected details that must not reach the website.

Read over every text fact and every evaluated prose text (`CheckContext.published`, derived once by
the resolve step, prose/published.py), also as its rendered page shows it (prose/shown.py), except
what the source marks internal, which is never published. Identity numbers are found and validated
in one place (iopdoc/identity_numbers.py, python-stdnum), so an organisation number, a date or an
amount that merely looks like digits is not reported.
"""
from __future__ import annotations

import difflib
import re
from typing import Iterator

from iopdoc import model
from iopdoc.errors import Location, Severity
from iopdoc.identity_numbers import IdentityNumber
from iopdoc.facts.public import is_text, value_at
from iopdoc.checks.registry import REFUSED_WHEN_PUBLISHING, CheckContext, Finding, rule  # noqa: F401
from iopdoc.prose.walk import placeholder_severity, walk
from iopdoc.prose.published import EvaluatedText, may_show_more  # noqa: F401 (may_show_more: for callers)

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


PLAINLY_WRITTEN = re.compile(r"\d{6}(?:\d{2})?[-+ ]?\d{4}")


def mask(written: str, number: IdentityNumber) -> str:
    """A number shown in a finding without its last four digits (the report may be shared): as it
    was written when it was written plainly, else in its usual form."""
    return written[:-4] + "XXXX" if PLAINLY_WRITTEN.fullmatch(written) else number.masked()


def texts(document: model.Node, context: CheckContext) -> Iterator[EvaluatedText]:
    """The published texts, derived once per document by the resolve step (run_checks fills them in)."""
    return iter(context.published)


def numbers_found(document: model.Node, context: CheckContext) -> Iterator[tuple[EvaluatedText, Location, str, IdentityNumber]]:
    """Each personnummer-shaped number in what is published, as (text, where, as written, number).

    Read twice: in the evaluated text (so a finding names the line and column it was written at),
    and in the text its rendered page shows (Markdown escapes, emphasis and links gone; see
    prose/shown.py), where a number found only there is reported at the start of its text. A number
    that lies inside one inserted fact is reported at that fact's own line, not again in the prose.
    Each text reads its numbers once (EvaluatedText.numbers, .shown_numbers), for IOP801 and IOP806."""
    texts_of = context.published
    in_facts = {number.digits for text in texts_of if text.prose is None for number in text.numbers}
    for text in texts_of:
        found = set()
        for number in text.numbers:
            found.add(number.digits)
            if text.inserted(number.start, number.end) and number.digits in in_facts:
                continue
            yield text, text.location_of(number.start), text.text[number.start:number.end], number
        for written, number in text.shown_numbers:
            if number.digits not in found:
                found.add(number.digits)
                yield text, text.origin, written, number


@rule("IOP801", Severity.ERROR, "Inga personnummer eller samordningsnummer", "No personal identity numbers",
      kinds=("agreement", "memo"))
def no_identity_numbers(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """A Swedish personnummer or samordningsnummer (10 or 12 digits, a real date, a valid check
    digit) in any published text as its reader sees it: after every expression is evaluated and the
    Markdown rendered, in any digits (full-width too), with any dash, space or line break as the
    separator or between groups of digits (`88 03 20 - 00 16`), and with invisible characters
    removed (iopdoc/identity_numbers.py). An error in a final document, a warning in a draft.
    Organisation numbers, dates and amounts are not reported. `iopdoc publish` refuses the
    document either way."""
    for text, where, written, number in numbers_found(document, context):
        if not number.valid:
            continue
        shown = mask(written, number)
        yield Finding(where,
                      f"`{shown}` i `{text.path}` ser ut som ett {number.kind}. Personnummer får inte publiceras: ta bort "
                      "det, eller markera uppgiften som intern (`internal:`).",
                      f"`{shown}` in `{text.path}` looks like a Swedish {number.kind} (personal identity number), which "
                      "must not be published: remove it, or mark the fact internal (`internal:`).",
                      placeholder_severity(document))


@rule("IOP806", Severity.WARNING, "Inga felskrivna personnummer", "No mistyped personal identity numbers",
      kinds=("agreement", "memo"))
def no_mistyped_identity_numbers(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """A number written like a personnummer (six or eight digits of a real date, then `-` or `+` and
    four digits) whose check digit is wrong. A mistyped personnummer is still personal data, so it
    is a warning to confirm, and `iopdoc publish` refuses the document until it is removed, marked
    internal, or waived (`# iopdoc: allow IOP806 – <reason>`) when it is something else (a case
    number)."""
    for text, where, written, number in numbers_found(document, context):
        if number.valid:
            continue
        shown = mask(written, number)
        yield Finding(where,
                      f"`{shown}` i `{text.path}` är skrivet som ett {number.kind} men kontrollsiffran stämmer inte. Ett "
                      "felskrivet personnummer är fortfarande en personuppgift: ta bort det, markera uppgiften som intern "
                      "(`internal:`), eller undanta fyndet med en motivering om numret är något annat.",
                      f"`{shown}` in `{text.path}` is written like a {number.kind} but its check digit is wrong. A "
                      "mistyped personnummer is still personal data: remove it, mark the fact internal (`internal:`), "
                      "or waive the finding with a reason if the number is something else.")


@rule("IOP802", Severity.WARNING, "Inga privata mobilnummer", "No personal mobile numbers", kinds=("agreement", "memo"))
def no_mobile_numbers(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """A Swedish mobile number (070, 072, 073, 076, 079, also as +46 7…) is usually a person's own.
    A functional number (an on-call phone) is listed in iopdoc.toml, `[personal] allowed_phone_numbers`."""
    allowed = context.config.personal
    for text in texts(document, context):
        if "7" not in text.text:  # every mobile number has one: most texts are not searched
            continue
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
        if "@" not in text.text:
            continue
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


# REFUSED_WHEN_PUBLISHING (registry.py, imported above): the findings of these rules that
# `iopdoc publish` refuses whatever their severity (a draft's too).


@rule("IOP805", Severity.ERROR, "Interna uppgifter finns och är text", "Internal facts exist and are text",
      kinds=("agreement", "memo"))
def internal_paths_name_text_facts(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """Each entry of `internal:` is the key path of a text fact of the document (`parties.jouren.address`,
    as prose names it), so what is meant to stay internal really does."""
    # What a path could name: every field of every object the document has, set or not (read only for
    # a path that names nothing: most documents have no `internal:`).
    def facts() -> list[str]:
        return sorted({f"{fact.path.rsplit('.', 1)[0]}.{name}" if "." in fact.path else name
                       for fact in walk(document) for name in fact.owner.__dataclass_fields__ if name != "locations"})

    for index, path in enumerate(getattr(document, "internal", ())):
        found, value = value_at(document, path)
        where = document.at(f"internal[{index}]") if f"internal[{index}]" in document.locations else document.at("internal")
        if not found:
            close = difflib.get_close_matches(path, facts(), n=1)
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

"""Rule on facts that never reach the signed document: an agreement's parties (name, organisation
number, commitments), its period, notice and money are data, and the template shows only the
sections (and the signatures), so each must be shown by a section, through an expression or
written out, or the PDF to be signed lacks it."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Iterator

from iopdoc import locale_sv, model
from iopdoc.errors import Severity
from iopdoc.facts import written_amounts
from iopdoc.names import section_kind_name
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.prose.markup import EXPRESSION


def shown_paths(document: model.Agreement) -> str:
    """Every expression the sections write, joined: `parties.jouren.org_number | upper` …"""
    return "\n".join(match.group(1) for section in document.sections for match in EXPRESSION.finditer(section.body))


def refers_to(expressions: str, path: str, whole: bool = False) -> bool:
    """Whether an expression names `path` or a part of it (`period.end.year` shows `period.end`); with
    `whole`, only the object itself (`{{ parties.jouren | … }}` shows every fact of the party)."""
    if path not in expressions:  # the pattern below names it as written: most facts are never named
        return False
    after = r"(?![\w.\[])" if whole else r"(?![\w])"
    return re.search(rf"(?<![\w.]){re.escape(path)}{after}", expressions) is not None


@rule("IOP405", Severity.WARNING, "Överenskommelsens fakta visas i dokumentet", "The agreement's facts are shown in the document")
def facts_are_shown(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads each party's `name`, `org_number` and `commitments`, `joint_commitments`, the period's
    `start`, `end` and `notice`, and each contribution's `amount`, and looks for each in the sections:
    an expression naming it (`{{ parties.jouren.org_number }}`, `{{ parties.jouren.commitments |
    bullets }}`, or its whole owner), or the value written out (the name, the number, the date, the
    amount, each commitment). The template shows nothing else but the signatures, so a fact found
    nowhere is not in the PDF to be signed. Money also counts as shown by a `schedule` section (the
    payment table) and by `totals`. Ignores facts the document does not have (an org number left
    out of a draft is IOP301's) and an amendment (`amends:`), which shows only what changes. The
    money is shown when the stated total is, as a whole; without one, each contribution must be."""
    if getattr(document, "amends", None):
        return
    expressions = shown_paths(document)
    prose = "\n".join(EXPRESSION.sub(" ", section.body) for section in document.sections)
    plain = " ".join(prose.split())
    kinds = {section.kind: section for section in document.sections}

    def missing(path: str, literals: tuple[str | None, ...] = (), whole: bool = False) -> bool:
        return not refers_to(expressions, path, whole) and \
            not any(text and " ".join(text.split()) in plain for text in literals)

    def finding(where, what: tuple[str, str], path: str, kind: str, example: str) -> Finding:
        section = kinds.get(kind) or (kinds.get("commitments") if kind == "parties" else None)
        place = (f"i avsnittet {section.heading or section_kind_name(kind)}", f"in the section {section.heading or kind}") \
            if section is not None else (f"i ett avsnitt med `kind: {kind}`", f"in a section with `kind: {kind}`")
        return Finding(where,
                       f"{what[0]} (`{path}`): visas inte i dokumentet; inget avsnitt hänvisar till eller skriver ut "
                       f"uppgiften, så den saknas i den PDF som skrivs under. Visa den {place[0]}, t.ex. med `{example}`.",
                       f"{what[1]} (`{path}`): not shown in the document; no section refers to or writes out this fact, "
                       f"so the PDF to be signed lacks it. Show it {place[1]}, e.g. with `{example}`.",
                       related=(section.at("body"),) if section is not None else ())

    for handle, party in document.parties.items():
        base = f"parties.{handle}"
        if missing(base, whole=True) and missing(f"{base}.name", (party.name,)) and missing(f"{base}.short_name", (party.short_name,)):
            yield finding(party.at("name"), (f"partens namn {party.name}", f"the party's name {party.name}"),
                          f"{base}.name", "parties", f"{{{{ {base}.name }}}}")
        if party.org_number and missing(base, whole=True) and missing(f"{base}.org_number", (party.org_number,)):
            yield finding(party.at("org_number"), (f"{party.name}s organisationsnummer", f"{party.name}'s organisation number"),
                          f"{base}.org_number", "parties", f"(organisationsnummer {{{{ {base}.org_number }}}})")
        if party.commitments and missing(base, whole=True) and missing(f"{base}.commitments", party.commitments) \
                and not all(" ".join(c.split()) in plain for c in party.commitments):
            yield finding(party.at("commitments"), (f"{party.name}s åtaganden", f"{party.name}'s commitments"),
                          f"{base}.commitments", "parties", f"{{{{ {base}.commitments | bullets }}}}")
    if document.joint_commitments and missing("joint_commitments", document.joint_commitments) \
            and not all(" ".join(c.split()) in plain for c in document.joint_commitments):
        yield finding(document.at("joint_commitments"), ("de gemensamma åtagandena", "the joint commitments"),
                      "joint_commitments", "parties", "{{ joint_commitments | bullets }}")
    yield from period_findings(document, missing, finding)
    yield from money_findings(document, expressions, prose, kinds, finding)


def period_findings(document: model.Agreement, missing, finding) -> Iterator[Finding]:
    period = document.period
    for name, label in (("start", ("periodens startdatum", "the period's start")),
                        ("end", ("periodens slutdatum", "the period's end"))):
        value = getattr(period, name)
        if not isinstance(value, dt.date):
            continue
        literals = (value.isoformat(), locale_sv.format_long_date(value))
        if missing("period", whole=True) and missing(f"period.{name}", literals):
            yield finding(period.at(name), label, f"period.{name}", "period", f"{{{{ period.{name} }}}}")
    if period.notice is not None and missing("period", whole=True) and missing("period.notice", (period.notice.text,)):
        yield finding(period.at("notice"), ("uppsägningstiden", "the notice period"), "period.notice", "period",
                      "{{ period.notice }}")


def money_findings(document: model.Agreement, expressions: str, prose: str, kinds, finding) -> Iterator[Finding]:
    economy = document.economy
    if economy is None or "schedule" in kinds or refers_to(expressions, "economy", whole=True) \
            or refers_to(expressions, "totals"):
        return
    written = [amount for amount in written_amounts.find_amounts(prose)]
    total = economy.total
    if total is not None and (refers_to(expressions, "economy.total") or any(a.matches(total.amount) for a in written)):
        return  # the whole of the money is shown; each party's share is the parties' to state
    for handle, contribution in economy.contributions.items():
        path = f"economy.contributions.{handle}"
        if not isinstance(contribution.amount, Decimal) or contribution.amount == 0:
            continue
        if refers_to(expressions, path) or refers_to(expressions, f"{path}.amount") \
                or any(amount.matches(contribution.amount) for amount in written):
            continue
        name = document.parties[handle].name if handle in document.parties else handle
        yield finding(contribution.at("amount"), (f"{name}s bidrag", f"{name}'s contribution"), f"{path}.amount",
                      "economy", f"{{{{ {path}.amount | kr }}}}")

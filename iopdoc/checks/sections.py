"""Rules on the clauses: the project's required sections are there, and a section that shows facts
has the facts to show."""
from __future__ import annotations

from typing import Iterator

from iopdoc import model
from iopdoc.source.config import CONFIG_NAME
from iopdoc.errors import Severity
from iopdoc.names import section_kind_name
from iopdoc.placeholders import only_hints
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.prose.walk import placeholder_severity, real_date


# What an amendment (tilläggsavtal, `amends:`) must have, unless its type says otherwise.
AMENDMENT_SECTIONS = ("parties", "changes", "signatures")


@rule("IOP401", Severity.ERROR, "Obligatoriska avsnitt finns", "Required sections are present", kinds=("agreement", "memo"))
def required_sections_present(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """The project's profile (`[profile]` in iopdoc.toml) says which; an agreement that names its type
    (`type: idrott`) is held to that type's `sections` instead, when the type lists them."""
    present = {section.kind for section in document.sections if not only_hints(section.body)}
    hinted = {section.kind: section for section in document.sections if only_hints(section.body)}
    config = context.config
    agreement_type = context.agreement_type if context.resolved else config.type_of(document)
    required = config.required_sections.get(document.kind, ())
    key = f"profile.{document.kind}"
    if getattr(document, "amends", None):
        required, key = AMENDMENT_SECTIONS, ""  # a tilläggsavtal states what changes, and is signed
    if agreement_type is not None and agreement_type.sections is not None:
        required, key = agreement_type.sections, f"types.{agreement_type.name}.sections"
    source = config.at(key) if key and key in config.locations else None
    whose = (f"projektets krav i {source}", f"the project's requirement in {source}") if source else \
        ("iopdocs standardkrav; ändra i " + CONFIG_NAME, "iopdoc's default requirement; change it in " + CONFIG_NAME)
    for kind in required:
        if kind not in present and kind in hinted:  # the skeleton's hint, not yet a clause
            yield Finding(hinted[kind].at("kind"),
                          f"avsnittet {section_kind_name(kind)} (`kind: {kind}`) har bara sin ledtext och räknas som "
                          f"saknat ({whose[0]}). Skriv avsnittets text.",
                          f"the section {section_kind_name(kind)} (`kind: {kind}`) holds only its hint and counts as "
                          f"missing ({whose[1]}). Write the clause.", placeholder_severity(document))
        elif kind not in present:
            name = section_kind_name(kind)
            yield Finding(document.at("sections"),
                          f"avsnittet {name} (`kind: {kind}`) saknas ({whose[0]}). Lägg till det.",
                          f"the section {name} (`kind: {kind}`) is missing ({whose[1]}). Add it.")


@rule("IOP402", Severity.ERROR, "Avsnitt som visar fakta har fakta", "Sections that show facts have them")
def sections_have_their_facts(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """Reads the sections' kinds: a `signatures` section prints the signature block from `signatures:`, so the
    document must have one, or the PDF to be signed has an empty block. Ignores the other kinds, whose text
    is the prose written in them."""
    for section in document.sections:
        if section.kind == "signatures" and document.signatures is None:
            yield Finding(section.at("kind"),
                          "avsnittet Underskrifter visar underskrifterna, men dokumentet har inga `signatures:`. "
                          "Lägg till ort, datum och undertecknare.",
                          "the signatures section shows the signatures, but the document has no `signatures:`. "
                          "Add place, date and signatories.")


@rule("IOP403", Severity.ERROR, "Typen av överenskommelse finns i projektet", "The agreement's type is defined in the project")
def type_is_defined(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """`type: NAME` names a `[types.NAME]` table in iopdoc.toml, which says the sections and rules of
    such agreements; an agreement without `type` is an IOP held to the project's profile."""
    if document.type is None or document.type in context.config.types:
        return
    known = ", ".join(context.config.types) or "inga"
    yield Finding(document.at("type"),
                  f"typen `{document.type}` finns inte i {CONFIG_NAME} (typer: {known}). Lägg till `[types.{document.type}]` "
                  "eller rätta namnet.",
                  f"the type `{document.type}` is not defined in {CONFIG_NAME} (types: {known.replace('inga', 'none')}). "
                  f"Add `[types.{document.type}]` or correct the name.")


@rule("IOP404", Severity.ERROR, "Ett tilläggsavtal ändrar en överenskommelse mellan samma parter, inom dess period",
      "An amendment amends an agreement between the same parties, within its period")
def amendment_fits_what_it_amends(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
    """An amendment (tilläggsavtal) is an agreement with `amends: <id>`: it has the amended agreement's
    parties (the same handles and names), starts on or after it starts and ends by its end, and
    requires only the sections parties, changes (`kind: changes`) and signatures."""
    amended = context.linked.get("amends")
    if amended is None:
        return
    for handle, party in document.parties.items():
        theirs = amended.parties.get(handle)
        if theirs is None or theirs.name != party.name:
            found = f"`{theirs.name}`" if theirs is not None else "ingen sådan part"
            yield Finding(party.at("name"),
                          f"tilläggsavtalet har parten `{handle}` ({party.name}), men {amended.id} har {found}. "
                          "Ett tillägg gäller mellan samma parter.",
                          f"the amendment has the party `{handle}` ({party.name}), but {amended.id} has "
                          f"{found.replace('ingen sådan part', 'no such party')}. An amendment is between the same parties.")
    for handle in amended.parties:
        if handle not in document.parties:
            yield Finding(document.at("parties"), f"{amended.id} har parten `{handle}`, som tilläggsavtalet saknar.",
                          f"{amended.id} has the party `{handle}`, which the amendment lacks.")
    start, end = real_date(document.period.start), real_date(document.period.end)
    first, last = real_date(amended.period.start), real_date(amended.period.end)
    if amended.extended is not None and real_date(amended.extended.end):
        last = real_date(amended.extended.end)
    if start and first and start < first:
        yield Finding(document.period.at("start"), f"tillägget börjar {start}, före {amended.id} ({first}).",
                      f"the amendment starts {start}, before {amended.id} ({first}).")
    if end and last and end > last:
        yield Finding(document.period.at("end"), f"tillägget slutar {end}, efter {amended.id} ({last}). Ett tillägg "
                                                 "kan inte förlänga en överenskommelse; använd `extended:` i den.",
                      f"the amendment ends {end}, after {amended.id} ({last}). An amendment cannot extend an agreement; "
                      "use `extended:` in it.")

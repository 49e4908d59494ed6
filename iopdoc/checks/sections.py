"""Rules on the clauses: the project's required sections are there, and a section that shows facts
has the facts to show."""
from __future__ import annotations

from typing import Iterator

from .. import model
from ..config import CONFIG_NAME
from ..errors import Severity
from ..names import section_kind_name
from . import CheckContext, Finding, rule


@rule("IOP401", Severity.ERROR, "Obligatoriska avsnitt finns", "Required sections are present", kinds=("agreement", "memo"))
def required_sections_present(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """The project's profile (`[profile]` in iopdoc.toml) says which; an agreement that names its type
    (`type: idrott`) is held to that type's `sections` instead, when the type lists them."""
    present = {section.kind for section in document.sections}
    config = context.config
    agreement_type = config.type_of(document)
    required = config.required_sections.get(document.kind, ())
    key = f"profile.{document.kind}"
    if agreement_type is not None and agreement_type.sections is not None:
        required, key = agreement_type.sections, f"types.{agreement_type.name}.sections"
    source = config.at(key) if key in config.locations else None
    whose = (f"projektets krav i {source}", f"the project's requirement in {source}") if source else \
        ("iopdocs standardkrav; ändra i " + CONFIG_NAME, "iopdoc's default requirement; change it in " + CONFIG_NAME)
    for kind in required:
        if kind not in present:
            name = section_kind_name(kind)
            yield Finding(document.at("sections"),
                          f"avsnittet {name} (`kind: {kind}`) saknas ({whose[0]}). Lägg till det.",
                          f"the section {name} (`kind: {kind}`) is missing ({whose[1]}). Add it.")


@rule("IOP402", Severity.ERROR, "Avsnitt som visar fakta har fakta", "Sections that show facts have them")
def sections_have_their_facts(document: model.Agreement, context: CheckContext) -> Iterator[Finding]:
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

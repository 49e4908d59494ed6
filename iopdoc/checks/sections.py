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
    present = {section.kind for section in document.sections}
    config = context.config
    source = config.at(f"profile.{document.kind}") if f"profile.{document.kind}" in config.locations else None
    whose = (f"projektets krav i {source}", f"the project's requirement in {source}") if source else \
        ("iopdocs standardkrav; ändra i " + CONFIG_NAME, "iopdoc's default requirement; change it in " + CONFIG_NAME)
    for kind in config.required_sections.get(document.kind, ()):
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

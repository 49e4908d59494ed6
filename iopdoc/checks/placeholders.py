"""Rule on what is still to be filled in: every placeholder and hint the skeletons write (`«…»`)."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from iopdoc import model
from iopdoc.errors import Severity
from iopdoc.placeholders import placeholders_in, written_placeholders_in
from iopdoc.prose.markup import EXPRESSION
from iopdoc.checks.registry import CheckContext, Finding, rule
from iopdoc.prose.walk import placeholder_severity, texts_of, walk

SHOWN = 60  # characters of a long hint quoted in a message


# Fields whose placeholders another rule reads in its own terms: an organisation number's
# `NNNNNN-NNNN` (IOP301), a signatory's `(aktuell firmatecknare)` (IOP305).
OWN_RULE = re.compile(r"org_number`$|signatories\.\w+\.name`$")


@rule("IOP601", Severity.ERROR, "Platshållare och ledtexter är ersatta", "Placeholders and hints are replaced",
      kinds=("agreement", "memo"))
def placeholders_are_filled(document: model.Node, context: CheckContext) -> Iterator[Finding]:
    """Reads every text and prose of the document: the skeletons' `«…»`, and the forms real templates
    write as text, `(kommunens namn)`, `(ort)`, `[namn]`, `XXXX`, `NN`, `20XX`, `ÅÅÅÅ-MM-DD`, `…`
    standing alone. Ignores words in brackets that name nothing to fill in (`(se bilaga 2)`), a
    Markdown link's `[text](…)`, expressions (`{{ … }}`), and the fields IOP301 and IOP305 read. An
    error in a final document, a warning in a draft (which may still be unfinished). The amounts of
    `economy` left at 0 are placeholders too."""
    severity = placeholder_severity(document)
    for where, path, text, in_prose in texts_of(document):
        if not OWN_RULE.search(path[1]):
            for match in written_placeholders_in(EXPRESSION.sub(lambda m: " " * len(m.group(0)), text)):
                sv, en = path
                yield Finding(where(match.start()),
                              f"{sv} är inte ifyllt: `{match.group(0)}` ser ut att stå i stället för något som ska "
                              "fyllas i. Skriv det som ska stå där.",
                              f"{en} is not filled in: `{match.group(0)}` looks like a stand-in for something to fill "
                              "in. Write what it stands for.", severity)
        for match in placeholders_in(text):
            quoted = match.group(0) if len(match.group(0)) <= SHOWN else match.group(0)[:SHOWN - 2] + "…»"
            sv, en = path
            if in_prose and is_paragraph(text, match):
                yield Finding(where(match.start()), f"ledtexten {quoted} står kvar i {sv}. Skriv texten i stället för den.",
                              f"the hint {quoted} is still in {en}. Write the text in its place.", severity)
            else:
                yield Finding(where(match.start()), f"{sv} är inte ifyllt: {quoted} ska ersättas med det som ska stå där.",
                              f"{en} is not filled in: replace {quoted} with what it stands for.", severity)
    economy = getattr(document, "economy", None)
    for fact in walk(economy, "economy") if economy is not None else ():
        if isinstance(fact.value, Decimal) and fact.value == 0 and not isinstance(fact.value, bool):
            yield Finding(fact.location, f"`{fact.path}` är 0: fyll i beloppet (eller antalet).",
                          f"`{fact.path}` is 0: fill in the amount (or number).", severity)

def is_paragraph(text: str, match) -> bool:
    """The placeholder fills its lines alone: a hint saying what the clause should hold."""
    before = text[text.rfind("\n", 0, match.start()) + 1:match.start()]
    end = text.find("\n", match.end())
    return not before.strip() and not text[match.end():end if end >= 0 else len(text)].strip()

"""What an officer has still to fill in: the one marker the skeletons write, `«…»`, defined here only.

A placeholder is a few words inside the marker (`«kommunens namn»`, `För «nämnden»`); a hint is a
whole paragraph inside it (`«Varför partnerskapet finns: …»`), telling what the clause should say.
The checks report each as unfilled (placeholders.py in checks/); a section whose text is only hints
counts as missing. The forms other templates write as text (`(kommunens namn)`, `XXXX`, `ÅÅÅÅ-MM-DD`)
are found too (WRITTEN), so a document made from a municipality's own template is read the same way. Dates (`ÅÅÅÅ-MM-DD`) and organisation numbers (`NNNNNN-NNNN`) keep the placeholder
forms their own rules read (IOP101, IOP301), and an amount the skeleton leaves for the officer is 0.
"""
from __future__ import annotations

import re
from typing import Iterator

OPEN, CLOSE = "«", "»"
MARKER = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")

# The forms real templates (a municipality's Word template, SKR's model agreement) leave for the
# officer, written as ordinary text: `(kommunens namn)`, `(ort)`, `[namn]`, `XXXX`, `NN`, `20XX`,
# `ÅÅÅÅ-MM-DD`, and `…` standing alone for a missing word. A word in brackets or parentheses counts
# only when it names what is to be filled in (a name, a place, a date, an amount: TO_FILL), so
# `(se bilaga 2)` and `(organisationsnummer 212000-0449)` are prose, not placeholders.
TO_FILL = ("namn", "ort", "datum", "belopp", "summa", "antal", "årtal", "nummer", "organisationsnummer", "orgnr",
           "firmatecknare", "nämnd", "förvaltning", "kontaktperson", "adress", "telefon", "telefonnummer", "e-post",
           "befattning", "titel", "diarienummer", "dnr", "paragraf", "förening", "organisation")
FILL_WORDS = r"(?:[a-zåäö-]+\s+){0,3}(?:" + "|".join(TO_FILL) + r")"
WRITTEN_FORMS = (
    rf"\((?:{FILL_WORDS})\)"                                  # (kommunens namn), (ort), (aktuell firmatecknare)
    rf"|\[(?:{FILL_WORDS})\](?![(\[:])"                       # [namn], not a Markdown link [namn](…)
    r"|(?<![\w-])(?:X{3,}|x{3,}|N{2,}(?:-N{2,})?|\d{2}XX|\d{4}-(?:xx|XX)-(?:xx|XX)|ÅÅÅÅ(?:-MM(?:-DD)?)?)(?![\w-])"
    r"|(?<=\s)(?:…|\.\.\.)(?=[\s.,;:)]|$)")                   # … standing alone for a word
# The same, after a look at the one character every form starts with: the pattern is tried in full
# at far fewer places (2.5 times faster over a source's text; same matches).
WRITTEN = re.compile(rf"(?=[(\[xn\dÅ….])(?:{WRITTEN_FORMS})", re.IGNORECASE)


def placeholder(words: str) -> str:
    """`words` written as a placeholder: «words»."""
    return f"{OPEN}{words}{CLOSE}"


def placeholders_in(text: str) -> Iterator[re.Match]:
    """Every placeholder or hint in `text`, with its offset."""
    return MARKER.finditer(text)


def written_placeholders_in(text: str) -> Iterator[re.Match]:
    """Every placeholder written in a real template's form (WRITTEN) in `text`, with its offset."""
    for match in WRITTEN.finditer(text):
        # `X` and `N` in capitals only: "xxx" and "nn" are lower-case words in no Swedish text, but
        # "Nn" could start one; IGNORECASE serves the bracketed words, not the letter runs.
        letters = match.group(0)
        if letters[0] in "xXnN" and not (letters.isupper() or set(letters) <= {"x"}):
            continue
        if letters in ("…", "...") and in_quotation(text, match.start()):
            continue  # an omission in a quoted passage: "tillsammans med civilsamhället …, i syfte att"
        yield match


def in_quotation(text: str, offset: int) -> bool:
    """Whether `offset` is inside a quotation: a Markdown block quote, or after an odd number of
    quotation marks in its paragraph (Swedish ” ”, English “ ”, German „, or straight ")."""
    line = text[text.rfind("\n", 0, offset) + 1:offset]
    paragraph = text[text.rfind("\n\n", 0, offset) + 1:offset]
    return line.lstrip().startswith(">") or sum(paragraph.count(mark) for mark in '“”„"') % 2 == 1


def is_placeholder(text: str) -> bool:
    """The whole text (a name, a title) is one placeholder."""
    return MARKER.fullmatch(text.strip()) is not None


def only_hints(text: str) -> bool:
    """Nothing but placeholders and white space: a clause still to be written."""
    return bool(MARKER.search(text)) and not MARKER.sub("", text).strip()

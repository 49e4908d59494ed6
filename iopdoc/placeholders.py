"""What an officer has still to fill in: the one marker the skeletons write, `«…»`, defined here only.

A placeholder is a few words inside the marker (`«kommunens namn»`, `För «nämnden»`); a hint is a
whole paragraph inside it (`«Varför partnerskapet finns: …»`), telling what the clause should say.
The checks report each as unfilled (placeholders.py in checks/); a section whose text is only hints
counts as missing. Dates (`ÅÅÅÅ-MM-DD`) and organisation numbers (`NNNNNN-NNNN`) keep the placeholder
forms their own rules read (IOP101, IOP301), and an amount the skeleton leaves for the officer is 0.
"""
from __future__ import annotations

import re
from typing import Iterator

OPEN, CLOSE = "«", "»"
MARKER = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")


def placeholder(words: str) -> str:
    """`words` written as a placeholder: «words»."""
    return f"{OPEN}{words}{CLOSE}"


def placeholders_in(text: str) -> Iterator[re.Match]:
    """Every placeholder or hint in `text`, with its offset."""
    return MARKER.finditer(text)


def is_placeholder(text: str) -> bool:
    """The whole text (a name, a title) is one placeholder."""
    return MARKER.fullmatch(text.strip()) is not None


def only_hints(text: str) -> bool:
    """Nothing but placeholders and white space: a clause still to be written."""
    return bool(MARKER.search(text)) and not MARKER.sub("", text).strip()

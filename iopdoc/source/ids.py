"""What an id may be: the one rule for a document's id, its file name and every link to it.

An id becomes a file name, a make target, a URL path and an argument on a command line, so it
is kept to lower-case letters, digits and hyphens; a link names a document by id, never by path.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from iopdoc.errors import Diagnostic, Location, error
from iopdoc.quoting import excerpt

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
MAX_ID_LENGTH = 120


@dataclass(frozen=True)
class Link:
    """A key by which a document names another by id, and the name prose and checks use for it.
    LINKS is the one list of them: the id rule (here), the project that follows them
    (resolve/project.py), the cache key and the security tests all read it."""

    key: str  # dotted for a key inside a fact (`decision.memo`)
    name: str
    kind: str  # the kind of document it must name


LINKS = (Link("supersedes", "supersedes", "agreement"), Link("proposes", "agreement", "agreement"),
         Link("decision.memo", "memo", "memo"), Link("amends", "amends", "agreement"))
LINK_KEYS = tuple(link.key for link in LINKS)  # the keys whose value is another document's id
RULE_SV = "små bokstäver a-z, siffror och bindestreck, t.ex. linkoping-kvinnojouren-2031"
RULE_EN = "lower-case letters a-z, digits and hyphens, e.g. linkoping-kvinnojouren-2031"


def is_valid_id(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_ID_LENGTH and ID_PATTERN.fullmatch(value) is not None


def invalid_id(where: Location, what_sv: str, what_en: str, value: Any) -> Diagnostic:
    return error("IOP070", where, f"{what_sv} `{excerpt(value)}` är inget giltigt id: använd {RULE_SV}.",
                 f"{what_en} `{excerpt(value)}` is not a valid id: use {RULE_EN}.")


def file_name_problems(stem: str, name: str) -> list[Diagnostic]:
    """The file name of a source must itself be an id (plus `.yaml`): it reaches make and the shell."""
    if is_valid_id(stem):
        return []
    return [invalid_id(Location(name), "filnamnet", "the file name", stem)]


def document_id_problems(document: Any, stem: str, name: str) -> list[Diagnostic]:
    """Problems with a loaded document's id and its links, each at the line it was written."""
    problems = file_name_problems(stem, name)
    identifier = getattr(document, "id", None)
    if identifier is not None and not is_valid_id(identifier):
        problems.append(invalid_id(document.at("id"), "id:t", "the id", identifier))
    for key in links_of(document):
        value = link_value(document, key)
        if not is_valid_id(value):
            problems.append(error("IOP070", link_location(document, key),
                                  f"`{key}` ska vara ett id (inte en sökväg), men är `{excerpt(value)}`: använd {RULE_SV}.",
                                  f"`{key}` must be an id (not a path), but is `{excerpt(value)}`: use {RULE_EN}."))
    return problems


def links_of(document: Any) -> Iterable[str]:
    return [key for key in LINK_KEYS if link_value(document, key) is not None]


def link_value(document: Any, key: str) -> Any:
    """The id a (dotted) link key names in a document (`decision.memo`), else None."""
    for part in key.split("."):
        document = getattr(document, part, None)
    return document


def link_location(document: Any, key: str) -> Any:
    """Where a (dotted) link key's value was written."""
    owner_key, _, name = key.rpartition(".")
    owner = link_value(document, owner_key) if owner_key else document
    return owner.at(name)

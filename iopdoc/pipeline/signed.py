"""Signed agreements kept in the repository: `signed/<id>.pdf`, checked against the source and published.

`iopdoc check` (cheaply: the manifest the signed PDF carries) says when a source changed after its
agreement was signed; `iopdoc publish` verifies each signed PDF fully (pipeline/verify.py) and
publishes it in place of the built one, or refuses it with the reason.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from iopdoc import model
from iopdoc.errors import Diagnostic, IopdocError, Location, error, relative_name

SIGNED_DIR = "signed"


def signed_path(project_root: Path, identifier: str) -> Path:
    return project_root / SIGNED_DIR / f"{identifier}.pdf"


def signed_digest(project_root: Path, identifier: str) -> str:
    """The signed PDF's SHA-256, or "unsigned": a part of the check cache's key."""
    path = signed_path(project_root, identifier)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() and not path.is_symlink() else "unsigned"


def signed_copy_findings(project_root: Path, document: model.Node, source: Path) -> list[Diagnostic]:
    """IOP074 when `signed/<id>.pdf` was built from other source bytes than the source has now."""
    path = signed_path(project_root, document.id)
    if not path.is_file():
        return []
    from iopdoc.readers.extract import read_embedded
    from iopdoc.writers.provenance import MANIFEST_NAME

    where = document.at() if document.at().line else Location(relative_name(source), 1, 1)
    try:
        manifest = json.loads(read_embedded(path)[MANIFEST_NAME].decode("utf-8"))
        signed_sha = manifest["source_sha256"]
    except (IopdocError, KeyError, ValueError, TypeError):
        return [error("IOP074", where, f"{relative_name(path)} bär inget läsbart byggmanifest; `iopdoc verify` "
                      "säger vad som är fel med den.",
                      f"{relative_name(path)} carries no readable build manifest; `iopdoc verify` says what is "
                      "wrong with it.", related=(Location(relative_name(path)),))]
    if signed_sha == hashlib.sha256(source.read_bytes()).hexdigest():
        return []
    return [error("IOP074", where, f"källan har ändrats efter att överenskommelsen undertecknades "
                  f"({relative_name(path)}). En undertecknad överenskommelse ändras med ett tilläggsavtal (ett nytt "
                  "dokument med `amends`), inte genom att källan redigeras; återställ källan.",
                  f"the source has changed since the agreement was signed ({relative_name(path)}). A signed "
                  "agreement is amended by a new document (a tilläggsavtal with `amends`), not by editing its "
                  "source; restore the source.", related=(Location(relative_name(path)),))]


@dataclass(frozen=True)
class SignedCopy:
    """A verified signed PDF: its bytes and who signed when."""

    path: Path
    data: bytes
    signers: tuple[tuple[str, dt.datetime | None], ...]

    def note(self) -> str:
        """What the page and the catalogue say: "Undertecknad av Karin Ek 2026-06-15, …"."""
        return "Undertecknad av " + ", ".join(f"{who} {when.date().isoformat()}" if when else who
                                              for who, when in self.signers)

    def as_json(self) -> list[dict]:
        return [{"signer": who, "signed": when.isoformat() if when else None} for who, when in self.signers]

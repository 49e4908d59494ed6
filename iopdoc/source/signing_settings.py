"""The `[signing]` settings of iopdoc.toml: signature fields in the PDF, and whom `verify` trusts.

    [signing]
    fields = true                          # one empty signature field per signatory (also --signature-fields)
    trust_roots = ["signing/rot-ca.pem"]   # root certificates (PEM or DER) a signature must chain to

Read by config.load_config, which reports each problem at its line. The paths are relative to the
project folder and must name files inside it (a settings file names no file elsewhere).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from iopdoc.errors import Diagnostic, Location, error

SIGNING_KEYS = {"fields", "trust_roots"}


@dataclass(frozen=True)
class SigningSettings:
    """`fields`: PDFs carry signature fields; `trust_roots`: the certificate files, resolved."""

    fields: bool = False
    trust_roots: tuple[Path, ...] = ()


def read_signing(table: dict, root: Path, at: Callable[[str], Location]) -> tuple[SigningSettings, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    fields = table.get("fields", False)
    if not isinstance(fields, bool):
        problems.append(error("IOP062", at("fields"), f"`fields` ska vara true eller false, inte `{fields}`.",
                              f"`fields` must be true or false, not `{fields}`."))
        fields = False
    listed = table.get("trust_roots", [])
    roots: list[Path] = []
    if not isinstance(listed, list) or not all(isinstance(item, str) for item in listed):
        problems.append(error("IOP062", at("trust_roots"),
                              "`trust_roots` ska vara en lista av sökvägar till rotcertifikat, t.ex. [\"signing/rot.pem\"].",
                              "`trust_roots` must be a list of paths to root certificates, e.g. [\"signing/root.pem\"]."))
        listed = []
    top = root.resolve()
    for item in listed:
        path = (root / item).resolve()
        if not path.is_relative_to(top) or not path.is_file():
            problems.append(error("IOP062", at("trust_roots"),
                                  f"`{item}` är ingen fil i projektmappen; ange rotcertifikatets sökväg relativt till den.",
                                  f"`{item}` is not a file in the project folder; give the root certificate's path "
                                  "relative to it."))
            continue
        roots.append(path)
    return SigningSettings(fields, tuple(roots)), problems

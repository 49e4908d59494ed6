"""Findings as text for people, JSON for programs, and SARIF 2.1.0 for code scanning (GitHub)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Iterable

from iopdoc import __version__
from iopdoc.errors import SOURCE_CODES, Diagnostic, Location

FORMATS = ("text", "json", "sarif")
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def as_text(findings: Iterable[Diagnostic], lang: str) -> str:
    return "".join(f"{d.format(lang)}\n" for d in findings)


def as_json(findings: Iterable[Diagnostic], lang: str) -> str:
    """{"findings": [...]}: each Diagnostic.to_dict() with its `message` in `lang` as well."""
    items = []
    for d in findings:
        item = d.to_dict()
        items.append({**{k: item[k] for k in ("file", "line", "column", "code", "severity")},
                      "message": d.message(lang), **item})
    return json.dumps({"findings": items}, ensure_ascii=False, indent=2) + "\n"


def catalogue(lang: str) -> list[tuple[str, str, str]]:
    """Every code iopdoc can report: (code, default severity, title)."""
    from iopdoc.checks import iter_rules  # every rule module: only for the catalogue, not for each report

    entries = [(code, "error", sv if lang == "sv" else en) for code, (sv, en) in SOURCE_CODES.items()]
    entries += [(r.code, r.severity.value, r.title(lang)) for r in iter_rules()]
    return sorted(entries)


SRCROOT = "SRCROOT"


def repository_root(folder: Path) -> Path:
    """The top of the git repository `folder` is in (what GitHub code scanning places paths
    against), else `folder` itself."""
    try:
        done = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return folder.resolve()
    top = done.stdout.strip()
    return Path(top).resolve() if done.returncode == 0 and top else folder.resolve()


def artifact_location(file: str, top: Path) -> dict:
    """A file as SARIF names it: relative to the repository's top (`uriBaseId` SRCROOT), whatever
    the working folder diagnostics were named from; a file outside the repository by its file: URI."""
    path = Path(file)
    path = path if path.is_absolute() else Path.cwd() / path
    try:  # the folder resolved, not the file: a symlinked source is named as itself (and a loop does not end SARIF)
        path = path.parent.resolve() / path.name
    except (OSError, RuntimeError):
        pass
    try:
        return {"uri": path.relative_to(top).as_posix(), "uriBaseId": SRCROOT}
    except ValueError:
        return {"uri": path.as_uri()}


def physical_location(location: Location, top: Path) -> dict:
    region = {"startLine": max(location.line, 1)}
    if location.col:
        region["startColumn"] = location.col
    return {"physicalLocation": {"artifactLocation": artifact_location(location.file, top), "region": region}}


def as_sarif(findings: Iterable[Diagnostic], lang: str, root: Path | None = None) -> str:
    """A SARIF 2.1.0 log with one run. Paths are relative to the top of the repository that
    `root` (the project, default the working folder) is in, named by `originalUriBaseIds`; a
    finding about a second place (the agreement's line a memo disagrees with) lists it in
    `relatedLocations`."""
    top = repository_root(root or Path.cwd())
    rules = [{"id": code, "name": code, "shortDescription": {"text": title},
              "defaultConfiguration": {"level": SARIF_LEVELS[severity]}} for code, severity, title in catalogue(lang)]
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    results = []
    for d in findings:
        result = {"ruleId": d.code, "level": SARIF_LEVELS[d.severity.value], "message": {"text": d.message(lang)},
                  "locations": [physical_location(d.location, top)]}
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        if d.related:
            result["relatedLocations"] = [{"id": number, **physical_location(where, top)}
                                          for number, where in enumerate(d.related)]
        if d.waived is not None:  # shown as suppressed in code scanning, with the source's reason
            result["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": d.waived}]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "iopdoc", "version": __version__, "language": lang, "rules": rules}},
            "originalUriBaseIds": {SRCROOT: {"uri": top.as_uri() + "/"}},
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"

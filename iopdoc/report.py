"""Findings as text for people, JSON for programs, and SARIF 2.1.0 for code scanning (GitHub)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from . import __version__
from .checks import iter_rules
from .errors import SOURCE_CODES, Diagnostic

FORMATS = ("text", "json", "sarif")
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def as_text(findings: Iterable[Diagnostic], lang: str) -> str:
    return "".join(f"{d.format(lang)}\n" for d in findings)


def as_json(findings: Iterable[Diagnostic], lang: str) -> str:
    items = [{"file": d.location.file, "line": d.location.line, "column": d.location.col, "code": d.code,
              "severity": d.severity.value, "message": d.message(lang), "message_sv": d.sv, "message_en": d.en,
              "waived": d.waived}
             for d in findings]
    return json.dumps({"findings": items}, ensure_ascii=False, indent=2) + "\n"


def catalogue(lang: str) -> list[tuple[str, str, str]]:
    """Every code iopdoc can report: (code, default severity, title)."""
    entries = [(code, "error", sv if lang == "sv" else en) for code, (sv, en) in SOURCE_CODES.items()]
    entries += [(r.code, r.severity.value, r.title(lang)) for r in iter_rules()]
    return sorted(entries)


def as_sarif(findings: Iterable[Diagnostic], lang: str, root: Path | None = None) -> str:
    """A SARIF 2.1.0 log with one run; file paths relative to `root` (the repository) when given."""
    rules = [{"id": code, "name": code, "shortDescription": {"text": title},
              "defaultConfiguration": {"level": SARIF_LEVELS[severity]}} for code, severity, title in catalogue(lang)]
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    results = []
    for d in findings:
        uri = Path(d.location.file)
        if root is not None and uri.is_absolute():
            try:
                uri = uri.resolve().relative_to(root.resolve())
            except ValueError:
                pass
        region = {"startLine": max(d.location.line, 1)}
        if d.location.col:
            region["startColumn"] = d.location.col
        results.append({
            "ruleId": d.code, "ruleIndex": index.get(d.code, -1), "level": SARIF_LEVELS[d.severity.value],
            "message": {"text": d.message(lang)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri.as_posix()}, "region": region}}],
        })
        if d.waived is not None:  # shown as suppressed in code scanning, with the source's reason
            results[-1]["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": d.waived}]
    for result in results:
        if result["ruleIndex"] < 0:
            del result["ruleIndex"]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "iopdoc", "version": __version__, "language": lang, "rules": rules}},
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"

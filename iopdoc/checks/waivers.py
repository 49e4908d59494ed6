"""Findings a source waives, each with a reason: at a place, or in the source's `waivers:` list.

    date: 2025-03-14  # iopdoc: allow IOP108 – mötesdatum i protokollet
    # iopdoc: allow IOP303, IOP302 – församlingens nummer från Skatteverket    (on its own line: the
    parties.forsamlingen: …                                                   node on the next line)

    waivers:
      - code: IOP108
        reason: mötesdatum i protokollet
        path: sections[3]        # a key path; without it, the whole source

A comment waives findings in the node it stands on (the line, and the lines indented under it); on
a line of its own, the node that follows. A waived finding is still reported, marked with its
reason (`[undantag: …]`, SARIF `suppressions`), and no longer fails a build or `--strict`. A
waiver without a reason, or one that waives nothing, is a warning (IOP050).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from collections.abc import Mapping  # not typing's: isinstance against it is 10 times slower
from typing import Any

from iopdoc import model
from iopdoc.errors import Diagnostic, Location, warning

COMMENT = re.compile(r"#\s*iopdoc:\s*allow\s+(IOP\d{3}(?:\s*,\s*IOP\d{3})*)\s*(?:[–—:-]+\s*(.*?))?\s*$")
PATH_STEP = re.compile(r"\.?([A-Za-z_]\w*)|\[(\d+)\]")
EVERYWHERE = range(0, 10**9)


@dataclass(frozen=True)
class Waiver:
    codes: frozenset[str]
    reason: str
    lines: range  # 1-based line numbers it covers
    location: Location  # where it is written


def indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def node_lines(lines: list[str], start: int) -> range:
    """The 1-based lines of the YAML node whose first line is `start` (0-based): it and every
    following line indented deeper (blank lines and comments do not end it)."""
    depth = indentation(lines[start])  # a list item's keys are indented past its dash, so they are inside
    end = start + 1
    while end < len(lines):
        text = lines[end]
        if text.strip() and not text.lstrip().startswith("#") and indentation(text) <= depth:
            break
        end += 1
    return range(start + 1, end + 1)


def comment_waivers(text: str, name: str) -> tuple[list[Waiver], list[Diagnostic]]:
    lines = text.splitlines()
    found, problems = [], []
    for index, line in enumerate(lines):
        match = COMMENT.search(line)
        if match is None:
            continue
        where = Location(name, index + 1, match.start() + 1)
        codes = frozenset(re.findall(r"IOP\d{3}", match.group(1)))
        reason = (match.group(2) or "").strip()
        if not reason:
            problems.append(warning("IOP050", where, f"undantaget för {', '.join(sorted(codes))} saknar skäl och gäller "
                                    "inte. Skriv skälet efter ett tankstreck: `# iopdoc: allow IOP108 – mötesdatum`.",
                                    f"the waiver of {', '.join(sorted(codes))} has no reason and does not apply. "
                                    "Write the reason after a dash: `# iopdoc: allow IOP108 – meeting date`."))
            continue
        own_line = not line[:match.start()].strip()
        start = index
        if own_line:
            start = next((j for j in range(index + 1, len(lines))
                          if lines[j].strip() and not lines[j].lstrip().startswith("#")), None)
            if start is None:
                continue
        found.append(Waiver(codes, reason, node_lines(lines, start), where))
    return found, problems


def located(document: model.Node, path: str) -> Location | None:
    """Where the value at a key path (`parties.kommunen.org_number`, `sections[3]`) is written."""
    node: Any = document
    owner, last = None, None
    for name, index in PATH_STEP.findall(path):
        owner, last = node, name or None
        if name:
            node = node.get(name) if isinstance(node, Mapping) else getattr(node, name, None)
        else:
            node = node[int(index)] if isinstance(node, tuple) and int(index) < len(node) else None
        if node is None:
            return None
    if isinstance(node, model.Node) and node.at() != model.NOWHERE:
        return node.at()
    return owner.at(last) if isinstance(owner, model.Node) and last else None


def listed_waivers(document: model.Node, text: str) -> tuple[list[Waiver], list[Diagnostic]]:
    lines = text.splitlines()
    found, problems = [], []
    for entry in getattr(document, "waivers", ()) or ():
        where = entry.at()
        if entry.path is None:
            found.append(Waiver(frozenset({entry.code}), entry.reason, EVERYWHERE, where))
            continue
        target = located(document, entry.path)
        if target is None or not target.line:
            problems.append(warning("IOP050", entry.at("path"), f"`path: {entry.path}` pekar inte på något i källan; "
                                    "skriv en nyckelväg som `parties.kommunen.org_number` eller `sections[2]`.",
                                    f"`path: {entry.path}` names nothing in the source; write a key path such as "
                                    "`parties.kommunen.org_number` or `sections[2]`."))
            continue
        found.append(Waiver(frozenset({entry.code}), entry.reason, node_lines(lines, target.line - 1), where))
    return found, problems


def apply_waivers(findings: list[Diagnostic], document: model.Node, text: str, name: str) -> list[Diagnostic]:
    """The findings, those a waiver covers marked with its reason; and the waivers' own problems."""
    from_comments, problems = comment_waivers(text, name)
    from_list, list_problems = listed_waivers(document, text)
    waivers = from_comments + from_list
    used: set[int] = set()
    marked = []
    for finding in findings:
        for number, waiver in enumerate(waivers):
            if finding.code in waiver.codes and finding.location.line in waiver.lines:
                finding = dataclasses.replace(finding, waived=waiver.reason)
                used.add(number)
                break
        marked.append(finding)
    for number, waiver in enumerate(waivers):
        if number not in used:
            codes = ", ".join(sorted(waiver.codes))
            problems.append(warning("IOP050", waiver.location, f"undantaget för {codes} gäller inget fynd här; ta bort det.",
                                    f"the waiver of {codes} matches no finding here; remove it."))
    return sorted(marked + problems + list_problems, key=lambda d: (d.location, d.code))

"""The import report: each fact with the place of the original it was read from, and per fact kind
whether it was found, is to be confirmed (a guess, or a «…» placeholder with the candidate in a
comment) or was not found; in Swedish or English (`--lang`).

A fact is "to confirm" when the importer was not sure of it: it says why, and the source carries
the same words as a `# gissning:` comment. "Not found" means the text did not state it, or the
import could not read it: the source has a placeholder there for the officer to fill in.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

# The fact kinds the report counts, in the order it lists them: (key, Swedish, English, pattern of
# the fact paths that belong to the kind, the document kinds that have it).
KINDS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("title", "titel", "title", r"title", ("agreement", "memo")),
    ("parties", "parter", "parties", r"parties\.[^.]+", ("agreement", "memo")),
    ("org_numbers", "organisationsnummer", "organisation numbers", r"parties\.[^.]+\.org_number", ("agreement",)),
    ("period", "period", "period", r"period\.(start|end|open_ended)", ("agreement",)),
    ("stated_duration", "angiven längd", "stated length", r"period\.stated_duration", ("agreement",)),
    ("notice", "uppsägningstid", "notice", r"period\.notice", ("agreement",)),
    ("extension", "förlängning", "extension", r"period\.extension", ("agreement",)),
    ("follow_up", "uppföljning", "follow-up", r"follow_up\..+", ("agreement",)),
    ("contributions", "bidrag", "contributions", r"economy\.contributions\.[^.]+", ("agreement",)),
    ("price_level", "prisläge", "price level", r"economy\.contributions\.[^.]+\.price_level", ("agreement",)),
    ("in_kind", "ideella timmar", "volunteer hours", r"economy\.contributions\.[^.]+\.in_kind\..+", ("agreement",)),
    ("total", "total omfattning", "total", r"economy\.total", ("agreement",)),
    ("indexation", "uppräkning", "indexation", r"economy\.indexation\..+", ("agreement",)),
    ("payment", "utbetalning", "payment", r"economy\.payment", ("agreement",)),
    ("signing", "ort och datum", "place and date", r"signatures\.(place|date)", ("agreement",)),
    ("signatories", "undertecknare", "signatories", r"signatures\.signatories\.[^.]+|signatories", ("agreement", "memo")),
    ("header", "datum, dnr, mottagare", "date, ref. no., recipient",
     r"date|diarienummer|recipient|organisation|department", ("memo",)),
    ("decision", "beslut", "decision", r"decision(\..+)?", ("agreement", "memo")),
    ("attachments", "bilagor", "attachments", r"attachments", ("memo",)),
    ("predecessor", "föregångare", "predecessor", r"supersedes", ()),
)
WORDS = {
    "imported": ("importerade", "imported"), "facts": ("fakta", "facts"), "kinds": ("per slag av fakta", "per kind of fact"),
    "found": ("hittat", "found"), "confirm": ("att bekräfta", "to confirm"), "missing": ("inte hittat", "not found"),
    "line": ("rad", "line"), "paragraph": ("stycke", "paragraph"), "nowhere": ("inte i texten", "not in the text"),
    "sections": ("avsnitt", "sections"), "untitled": ("(utan rubrik)", "(no heading)"),
    "unknown": ("typen inte igenkänd: free", "kind not recognised: free"),
    "kept": ("kvar som text (inga fakta flyttade därifrån):", "kept as prose (no facts moved out of it):"),
    "none": ("inga fakta kändes igen: allt står kvar som text; fyll i parter och period i datan.",
             "no facts were recognised: everything is kept as prose; fill in the parties and period in the data."),
    "comments": ("se kommentarerna `# gissning:` i källan.", "see the `# gissning:` comments in the source."),
    "kind_is": ("dokumenttyp", "document kind"), "evidence": ("därför att", "because"),
}


def say(key: str, lang: str) -> str:
    return WORDS[key][1 if lang == "en" else 0]


def in_language(text: Any, lang: str) -> Any:
    """A guess's reason, (Swedish, English) or one text, in the report's language."""
    if isinstance(text, tuple):
        return text[1 if lang == "en" else 0]
    return text


def kind_of_fact(path: str) -> str | None:
    # the most specific pattern first: an organisation number is not a party, hours are not a contribution
    for key, _sv, _en, pattern, _docs in sorted(KINDS, key=lambda k: -len(k[3])):
        if re.fullmatch(pattern, path):
            return key
    return None


def plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def shown(value: Any) -> str:
    value = plain(value)
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (dict, list)) else str(value)


def report_of(facts, sections, source: Path, target: Path, leftover: list[tuple[str, str]], kind: str,
              evidence: tuple[str, str]) -> dict:
    """The report as data (`--report json`); `report_text` renders it."""
    recognised = [{"fact": f.path, "kind": kind_of_fact(f.path), "value": shown(f.value), "line": f.line,
                   "guess": in_language(f.guess, "sv"), "guess_en": in_language(f.guess, "en"),
                   "status": "missing" if f.line == "-" and f.placeholder else "confirm" if f.guess else "found"}
                  for f in facts.found]
    for fact in list(recognised):  # a party's organisation number read on its line counts as one of its own
        if re.fullmatch(r"parties\.[^.]+", fact["fact"]) and '"org_number"' in fact["value"] and not any(
                r["fact"] == f"{fact['fact']}.org_number" for r in recognised):
            recognised.append({**fact, "fact": f"{fact['fact']}.org_number", "kind": "org_numbers",
                               "value": json.loads(fact["value"])["org_number"]})
    counts = []
    for key, sv, en, _pattern, documents in KINDS:
        mine = [r for r in recognised if r["kind"] == key]
        if not mine and kind not in documents:
            continue
        tally = {status: sum(1 for r in mine if r["status"] == status) for status in ("found", "confirm", "missing")}
        if not mine:
            tally["missing"] = 1
        counts.append({"kind": key, "sv": sv, "en": en, **tally})
    return {
        "input": str(source), "output": str(target), "document_kind": kind,
        "evidence": {"sv": evidence[0], "en": evidence[1]},
        "facts": recognised,
        "kinds": counts,
        "confirm": [f"{r['fact']}: {r['guess']}" for r in recognised if r["status"] == "confirm"],
        "sections": [{"kind": s.kind, "heading": s.heading, "line": s.line, "recognised": not s.guessed}
                     for s in sections],
        "kept_as_prose": [{"line": line, "heading": heading} for line, heading in leftover],
        "prose_only": not any(r["status"] != "missing" and r["line"] != "-" and r["fact"] != "title"
                              for r in recognised),
    }


def place(line: str, lang: str) -> str:
    if line == "-":
        return say("nowhere", lang)
    if line in ("header", "footer"):  # a Word file's page header or footer
        return {"header": ("sidhuvudet", "the page header"), "footer": ("sidfoten", "the page footer")}[line][lang == "en"]
    if line.startswith("¶"):
        return f"{say('paragraph', lang)} {line[1:]}"
    return f"{say('line', lang)} {line}"


def report_text(report: dict, lang: str = "sv") -> str:
    """The report as the officer reads it."""
    en = lang == "en"
    lines = [f"{say('imported', lang)} {report['input']} → {report['output']}",
             f"{say('kind_is', lang)}: {report['document_kind']} ({say('evidence', lang)}: "
             f"{report['evidence']['en' if en else 'sv']})"]
    if report["prose_only"]:
        lines.append(say("none", lang))
    lines.append(f"{say('facts', lang)}:")
    for fact in report["facts"]:
        reason = fact["guess_en"] if en else fact["guess"]
        mark = f"  ({say('confirm', lang)}: {reason})" if reason else ""
        lines.append(f"  {place(fact['line'], lang)}: {fact['fact']} = {fact['value']}{mark}")
    lines.append(f"{say('kinds', lang)} ({say('found', lang)} / {say('confirm', lang)} / {say('missing', lang)}):")
    width = max(len(k["en" if en else "sv"]) for k in report["kinds"]) if report["kinds"] else 0
    for kind in report["kinds"]:
        lines.append(f"  {kind['en' if en else 'sv']:<{width}}  {kind['found']:>2} / {kind['confirm']:>2} / "
                     f"{kind['missing']:>2}")
    lines.append(f"{say('sections', lang)}:")
    for section in report["sections"]:
        known = "" if section["recognised"] else f"  ({say('unknown', lang)})"
        lines.append(f"  {place(section['line'], lang)}: {section['kind']}: "
                     f"{section['heading'] or say('untitled', lang)}{known}")
    if report["kept_as_prose"]:
        lines.append(say("kept", lang))
        lines.extend(f"  {place(item['line'], lang)}: \"{item['heading']}\"" for item in report["kept_as_prose"])
    if report["confirm"]:
        lines.append(f"{say('confirm', lang)} ({len(report['confirm'])}): {say('comments', lang)}")
    return "\n".join(lines) + "\n"

"""docs/rules.md is written from the scenario folders: for every rule, the change to a correct
source that breaks it (the failing example), the exact message, the lines as they were (the
passing example), and the change in each of its passing twins (`-passes` folders). `make golden` rewrites it; this test keeps it current."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from iopdoc.checks import RULES, iter_rules
from tests.conftest import REPO

CASES = Path(__file__).parent / "cases"
FIXTURES = REPO / "tests" / "fixtures"
DOC = REPO / "docs" / "rules.md"

INTRO = """# Consistency rules

Generated from the test scenarios in `tests/cases/` (`make golden` rewrites this page); each example
below is a test. `iopdoc rules` lists the codes; `iopdoc check` reports findings as
`file:line:col: severity[CODE]: message`, in Swedish by default and in English with `--lang en`.

Severity is the rule's own; placeholders (a date like `2024-xx-xx`, a name like
`(aktuell firmatecknare)`, anything the skeletons write inside `«…»`) are errors in a `final`
document and warnings in a `draft`. A `final`
document with an error is not built; a draft is built and marked UTKAST. The required sections can
be set per project in `iopdoc.toml` (`[profile]`), and the memo's diarienummer pattern too
(`[memo] diarienummer_pattern`).

Amounts and durations written in prose are read with the precision they are written at (`1,5 mnkr`
is 1 450 000–1 550 000 kr; `420 000 kr` and `tre miljoner kronor` are exact). After an
approximation word, the word alone sets the range a fact may lie in, edges included (IOP205, IOP222,
IOP509 for amounts; IOP103 for durations, which also allow half a month either way):

| word | meaning | interval for a written `x` |
| --- | --- | --- |
| `drygt` | a little more than | [x, x·1,15] |
| `knappt` | a little less than | [x·0,85, x] |
| `cirka`, `ca`, `ca.`, `omkring`, `ungefär`, `runt` | about | [x·0,9, x·1,1] |

So `drygt 2 miljoner kronor` is 2 000 000–2 300 000 kr, never 1 999 999 kr.

Problems that make a source unusable before any rule runs (YAML syntax, unknown or missing keys,
wrong types, impossible dates, prose naming no fact: IOP0xx) are listed by `iopdoc rules` and shown
with examples in `tests/load_cases/`.
"""


def scenario_for(code: str) -> Path | None:
    named = sorted(p for p in CASES.glob(f"{code}-*") if not p.name.endswith("-passes"))
    if named:
        return named[0]
    for case in sorted(CASES.glob("memo-*")):  # the memo rules' folders are named by what they show
        if f"[{code}]" in (case / "expected.txt").read_text(encoding="utf-8"):
            return case
    return None


# The memo rules' passing folders are named by what they show (memo-*), not by the rule.
MEMO_TWINS = {
    "IOP506": ("memo-diarienummer-the-projects-pattern-passes", "memo-diarienummer-two-digit-year-passes"),
    "IOP508": ("memo-table-adds-up",),
    "IOP509": ("memo-context-figures-are-not-table-rows", "memo-table-adds-up"),
}


def twins_of(code: str) -> list[Path]:
    return sorted(CASES.glob(f"{code}-*-passes")) + [CASES / name for name in MEMO_TWINS.get(code, ())]


def changed_lines(case: Path) -> tuple[str, list[str], list[str]]:
    """The source in the folder that differs from its fixture: (name, lines before, lines after)."""
    for source in sorted(case.glob("*.yaml")):
        fixture = FIXTURES / source.name
        if not fixture.exists():
            continue
        before = fixture.read_text(encoding="utf-8").splitlines()
        after = source.read_text(encoding="utf-8").splitlines()
        removed, added = [], []
        for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
            if op != "equal":
                removed += before[a0:a1]
                added += after[b0:b1]
        if removed or added:
            return source.name, removed, added
    return "", [], []


def block(lines: list[str]) -> str:
    return "```yaml\n" + ("\n".join(lines) if lines else "# (nothing)") + "\n```\n"


def rules_document() -> str:
    parts = [INTRO]
    for rule in iter_rules():
        parts.append(f"\n### {rule.code}: {rule.title_en}\n\n*{rule.title_sv}* · {rule.severity.value} · "
                     f"{', '.join(rule.kinds)}\n\n")
        doc = (rule.function.__doc__ or "").strip()
        if doc:
            parts.append(" ".join(doc.split()) + "\n\n")
        case = scenario_for(rule.code)
        if case is None:
            parts.append("(no scenario)\n")
            continue
        name, before, after = changed_lines(case)
        messages = [line for line in (case / "expected.en.txt" if (case / "expected.en.txt").exists()
                                      else case / "expected.txt").read_text(encoding="utf-8").splitlines()
                    if f"[{rule.code}]" in line]
        parts.append(f"Fails (`tests/cases/{case.name}/{name}`):\n\n{block(after)}\n")
        parts.append("```text\n" + "\n".join(messages) + "\n```\n\n")
        if before:
            parts.append(f"Passes (as in `tests/fixtures/{name}`):\n\n{block(before)}")
        else:  # the failing example only adds lines: the fixture without them is the passing one
            parts.append(f"Passes: `tests/fixtures/{name}` as it is, without the lines above.\n")
        for other in sorted(CASES.glob(f"{rule.code}-*")):
            if other == case or other.name.endswith("-passes"):
                continue
            other_name, _, other_lines = changed_lines(other)
            other_messages = [line for line in (other / "expected.en.txt").read_text(encoding="utf-8").splitlines()
                              if f"[{rule.code}]" in line]
            parts.append(f"\nAlso fails (`tests/cases/{other.name}/{other_name}`):\n\n{block(other_lines)}\n"
                         "```text\n" + "\n".join(other_messages) + "\n```\n")
        for twin in twins_of(rule.code):
            twin_name, _, twin_lines = changed_lines(twin)
            parts.append(f"\nAlso passes (`tests/cases/{twin.name}/{twin_name}`):\n\n{block(twin_lines)}")
    return "".join(parts)


def test_rules_doc_is_current(request):
    text = rules_document()
    if request.config.getoption("--regen-golden"):
        DOC.write_text(text, encoding="utf-8")
    assert DOC.exists() and DOC.read_text(encoding="utf-8") == text, "docs/rules.md is stale: run `make golden`"


def test_every_rule_has_an_example():
    assert "(no scenario)" not in rules_document()
    assert set(re.findall(r"^### (IOP\d{3})", rules_document(), re.M)) == set(RULES)


def test_every_rule_says_what_it_reads_and_its_memo_twins_pass():
    # The page's description of a rule is its docstring: none may be empty (issue #28 found 28 that were).
    assert [code for code, r in sorted(RULES.items()) if not (r.function.__doc__ or "").strip()] == []
    for code, names in MEMO_TWINS.items():
        for name in names:
            expected = (CASES / name / "expected.txt").read_text(encoding="utf-8")
            assert "warning[" not in expected and "error[" not in expected, (code, name)

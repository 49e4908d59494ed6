"""Consistency rules: a scenario folder per rule with a broken source and its exact findings
(`expected.txt`, Swedish; `expected.en.txt`, English); `-passes` folders are twins that must give
none. Then the real sources, the output formats and the project's settings."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from iopdoc.checks import RULES
from iopdoc.errors import SOURCE_CODES
from tests.conftest import REPO, scenario_expectations

CASES = Path(__file__).parent / "cases"
SOURCE = "minimal-agreement.yaml"
SARIF_SCHEMA = Path(__file__).parent / "sarif" / "sarif-2.1.0-rtm.5.json"




@pytest.mark.parametrize(("case", "expected", "lang"), scenario_expectations(CASES, "IOP*"))
def test_scenario_gives_exact_findings(cli, case, expected, lang, tmp_path):
    # A scenario about the project's settings (a typed profile) brings its own iopdoc.toml, and is
    # checked as a project of its own in a scratch copy (the check cache is written beside it).
    if (case / "iopdoc.toml").exists():
        case = Path(shutil.copytree(case, tmp_path / case.name))
    project = case if (case / "iopdoc.toml").exists() else REPO
    # args.txt: options the scenario is checked with, e.g. `--plain` for the plain-Swedish rules.
    options = (case / "args.txt").read_text(encoding="utf-8").split() if (case / "args.txt").exists() else []
    result = cli("check", SOURCE, "--project", project, "--lang", lang, *options, cwd=case)
    wanted = expected.read_text(encoding="utf-8").splitlines()
    assert result.err.splitlines() == wanted
    assert result.code == (1 if any("error[" in line for line in wanted) else 0)


def test_every_rule_has_a_failing_scenario_and_each_scenario_its_rule():
    found = set()
    for case in CASES.glob("*"):
        text = (case / "expected.txt").read_text(encoding="utf-8")
        codes = set(re.findall(r"\[(IOP\d{3})\]", text))
        found |= codes
        if case.name.startswith("IOP"):
            named = case.name[:6]
            assert (named in codes) != case.name.endswith("-passes"), case.name
            # A passing twin gives no warning or error; an open-ended one keeps IOP115's information.
            assert not case.name.endswith("-passes") or all("info[" in line for line in text.splitlines()), \
                f"{case.name} must give no findings"
    assert found >= set(RULES), f"rules without a failing scenario: {sorted(set(RULES) - found)}"


# Rules whose closest passing case is the fixture itself, so a twin would be a copy of it.
FIXTURE_IS_THE_TWIN = {
    "IOP206": "its in-kind value (300 000 kr) is the party's whole contribution, the boundary",
    "IOP301": "both numbers are in the form, and no near-miss form is meant to pass",
    "IOP306": "every contribution and signatory is keyed by a party's handle",
    "IOP402": "its signatures section has signatures",
}


def test_every_agreement_rule_has_a_passing_twin():
    twins = {case.name[:6] for case in CASES.glob("IOP*-passes")}
    # The memo rules keep their own scenarios (memo-*); the plain-Swedish rules (IOP7xx) measure every
    # section of the fixture, so their passing cases are in tests/test_plain.py.
    agreement_rules = {code for code, registered in RULES.items() if "agreement" in registered.kinds
                       and not code.startswith("IOP5") and registered.group != "plain"}
    assert agreement_rules - twins == set(FIXTURE_IS_THE_TWIN)


def test_the_minimal_fixture_passes_every_rule(cli):
    # Every rule but one: its indexation names no index series, so its amounts cannot be indexed
    # (IOP230, a warning); the scenario folders IOP230-* show it with a series and without.
    result = cli("check", REPO / "tests" / "fixtures" / SOURCE, "--project", REPO)
    assert result.code == 0
    assert [line.split(": ")[1] for line in result.err.splitlines()] == ["warning[IOP230]"]


def test_each_rule_module_holds_the_rules_its_line_says():
    # A check imports only the rule modules whose line in RULE_MODULES names its document's kind
    # (and the plain-Swedish one with --plain): a rule outside its module's line would never run.
    from iopdoc.checks.registry import RULE_MODULES

    held = {name: [r for r in RULES.values() if r.function.__module__ == f"iopdoc.checks.{name}"] for name in RULE_MODULES}
    for name, (kinds, groups) in RULE_MODULES.items():
        assert held[name], f"{name} holds no rule"
        assert {kind for r in held[name] for kind in r.kinds} == set(kinds), name
        assert {r.group for r in held[name]} == set(groups), name
    assert sum(len(rules) for rules in held.values()) == len(RULES)


@pytest.mark.parametrize(("fixture", "options", "absent"), [
    ("minimal-agreement.yaml", [], {"memo", "memo_table", "plain"}),
    ("minimal-agreement.yaml", ["--plain"], {"memo", "memo_table"}),
    ("minimal-memo.yaml", [], {"indexation", "life", "money", "parts", "period", "shown", "titles", "plain"}),
])
def test_a_check_imports_the_rule_modules_its_document_needs_and_runs_every_rule_that_applies(fixture, options, absent):
    # In a fresh process, as `iopdoc check` runs: which rules the registry held when the check ran,
    # against every rule that applies to the document once all modules are imported.
    code = f"""
import sys
from iopdoc.cli import run
run(['check', '--no-cache', '--project', {str(REPO)!r}, *{options!r}, {str(REPO / "tests" / "fixtures" / fixture)!r}])
from iopdoc.checks import registry
ran = set(registry.RULES)
print(sorted(name for name in registry.RULE_MODULES if "iopdoc.checks." + name not in sys.modules))
registry.load_rules()
kind = "memo" if "memo" in {fixture!r} else "agreement"
applies = {{c for c, r in registry.RULES.items() if kind in r.kinds and (r.group != "plain" or {bool(options)!r})}}
print(sorted(applies - ran), len(applies))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    not_imported, missing = done.stdout.splitlines()[-2:]
    assert not_imported == str(sorted(absent)), done.stderr
    assert missing.startswith("[] ") and int(missing.split()[-1]) > 10, done.stderr


def findings(cli, *sources, lang="sv") -> list[str]:
    result = cli("check", *sources, "--lang", lang, cwd=REPO)
    return result.err.splitlines()


def line_of(path: Path, prefix: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(prefix))


def test_the_2025_draft_reports_its_real_errors_and_nothing_else(cli):
    source = REPO / "sources" / "linkoping-kvinnojouren-2025.yaml"
    result = cli("check", "sources/linkoping-kvinnojouren-2025.yaml", cwd=REPO)
    assert result.code == 1
    # The data has both organisation numbers, but the 2025 text (as the real draft) never prints them.
    shown = [f"sources/linkoping-kvinnojouren-2025.yaml:{line_of(source, f'    org_number: {number}')}:17: warning[IOP405]: "
             f"{whose} organisationsnummer (`parties.{handle}.org_number`): visas inte i dokumentet; inget avsnitt "
             "hänvisar till eller skriver ut uppgiften, så den saknas i den PDF som skrivs under. Visa den i avsnittet "
             f"Parter, t.ex. med `(organisationsnummer {{{{ parties.{handle}.org_number }}}})`."
             for number, whose, handle in (("212000-0449", "Linköpings kommuns", "kommunen"),
                                           ("822003-8007", "Kvinnojouren Ellinor och Tjejjouren Beatas", "kvinnojouren"))]
    assert result.err.splitlines() == shown + [
        f"sources/linkoping-kvinnojouren-2025.yaml:{line_of(source, '  stated_duration:')}:20: error[IOP103]: "
        "texten anger `5 år`, men perioden 2025-01-01–2030-12-31 är 6 år (\"sex år\"). "
        "Rätta längden eller datumen så att de stämmer.",
        # The committee's index names no series, so the schedule cannot index: a warning, not silence.
        f"sources/linkoping-kvinnojouren-2025.yaml:{line_of(source, '    index:')}:12: warning[IOP230]: "
        "Social- och omsorgsnämndens index har ingen indexserie (series), så beloppen räknas inte upp. Ange en serie i "
        "sources/index/<id>.yaml och dess id under indexation.series, eller ta bort uppräkningen.",
        f"sources/linkoping-kvinnojouren-2025.yaml:{line_of(source, '  date:')}:9: warning[IOP101]: "
        "`signatures.date` är `2024-xx-xx`, inte ett datum ännu (tillåtet i ett utkast). Fyll i det som ÅÅÅÅ-MM-DD.",
    ]


def test_the_2020_agreement_reports_its_signing_date_and_missing_name(cli):
    source = REPO / "sources" / "linkoping-kvinnojouren-2020.yaml"
    result = cli("check", "sources/linkoping-kvinnojouren-2020.yaml", "--lang", "en", cwd=REPO)
    assert result.code == 0, "a draft's placeholders are warnings"
    assert [(line.split(": ")[1], int(line.split(":")[1])) for line in result.err.splitlines()] == [
        ("warning[IOP230]", line_of(source, "    index:")),
        ("warning[IOP101]", line_of(source, "  date:")),
        ("warning[IOP305]", line_of(source, "      name: (aktuell firmatecknare)")),
    ]


def test_the_real_memo_has_no_findings(cli):
    assert cli("check", "sources/osteraker-kvinnojouren-2023-memo.yaml", cwd=REPO).err == ""


def test_a_final_copy_of_the_2020_agreement_fails_on_its_placeholders(cli, project):
    source = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("status: draft", "status: final"), encoding="utf-8")
    result = cli("check", source, "--project", project)
    assert result.code == 1
    assert [re.search(r"(error|warning)\[IOP\d+\]", line).group(0) for line in result.err.splitlines()] == \
        ["warning[IOP230]", "error[IOP101]", "error[IOP305]"]
    # ... and is not built, while its previous outputs stay.
    out = project / "out"
    out.mkdir()
    (out / "linkoping-kvinnojouren-2020.pdf").write_bytes(b"previous")
    built = cli("build", source, "--project", project, "--out", out)
    assert built.code == 1 and (out / "linkoping-kvinnojouren-2020.pdf").read_bytes() == b"previous"


def test_the_successor_starts_the_day_after_and_a_changed_date_fails_at_its_line(cli, project):
    assert cli("check", project / "sources" / "linkoping-kvinnojouren-2025.yaml", "--project", project).err.count(
        "IOP107") == 0
    older = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    older.write_text(older.read_text(encoding="utf-8").replace("end: 2024-12-31", "end: 2024-12-30"), encoding="utf-8")
    newer = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    result = cli("check", newer, "--project", project)
    [finding] = [line for line in result.err.splitlines() if "IOP107" in line]
    assert f"linkoping-kvinnojouren-2025.yaml:{line_of(newer, '  start:')}:10: error[IOP107]" in finding
    assert "2024-12-31, inte 2025-01-01" in finding and "glapp på 1 dag." in finding


def test_strict_makes_warnings_fail(cli):
    assert cli("check", "sources/linkoping-kvinnojouren-2020.yaml", cwd=REPO).code == 0
    assert cli("check", "sources/linkoping-kvinnojouren-2020.yaml", "--strict", cwd=REPO).code == 1


def test_usage_errors_exit_with_2(cli):
    assert cli("check", "sources/no-such-source.yaml", cwd=REPO).code == 2
    assert cli("check", "--format", "xml", cwd=REPO).code == 2


def test_json_output(cli):
    result = cli("check", "--format", "json", "--lang", "en", cwd=REPO)
    items = json.loads(result.out)["findings"]
    assert result.code == 1
    assert {(i["code"], i["severity"]) for i in items} >= {("IOP103", "error"), ("IOP101", "warning"), ("IOP305", "warning")}
    assert all(i["message"] == i["message_en"] and i["message_sv"] for i in items)


def test_sarif_output_validates_against_the_sarif_2_1_0_schema(cli):
    result = cli("check", "--format", "sarif", cwd=REPO)
    log = json.loads(result.out)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    run = log["runs"][0]
    rules = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert rules == set(RULES) | set(SOURCE_CODES)
    located = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]}
    source = REPO / "sources" / "linkoping-kvinnojouren-2025.yaml"
    assert ("IOP103", "sources/linkoping-kvinnojouren-2025.yaml", line_of(source, "  stated_duration:")) in located


def test_rules_lists_the_catalogue(cli):
    listed = cli("rules", "--lang", "en").out.splitlines()
    assert len(listed) == len(RULES) + len(SOURCE_CODES)
    assert any(line.startswith("IOP302  error") and "check digit" in line for line in listed)


def test_the_rules_are_documented_with_examples():
    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    for code in RULES:
        assert f"### {code}" in text, f"docs/rules.md lacks {code}"


def test_a_project_profile_can_require_more_sections(cli, project):
    (project / "iopdoc.toml").write_text('[profile]\nagreement = ["background", "values", "dispute"]\n', encoding="utf-8")
    result = cli("check", project / "sources" / "linkoping-kvinnojouren-2025.yaml", "--project", project)
    missing = re.findall(r"`kind: (\w+)`\) saknas \(projektets krav i [^)]*iopdoc.toml:2:1\)", result.err)
    assert missing == ["values", "dispute"]


def test_settings_are_validated_with_their_line(cli, project):
    (project / "iopdoc.toml").write_text('[profile]\nagreement = ["background", "valeus"]\n[memmo]\nx = 1\n', encoding="utf-8")
    result = cli("check", project / "sources" / "linkoping-kvinnojouren-2025.yaml", "--project", project)
    assert result.code == 1
    assert re.search(r"iopdoc.toml:2:1: error\[IOP062\]: `valeus` är ingen avsnittstyp", result.err)
    assert re.search(r"iopdoc.toml:3:1: error\[IOP061\]: okänd inställning `memmo`. Menade du `\[memo\]`\?", result.err)

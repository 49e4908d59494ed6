"""An unfilled skeleton never passes as final: every placeholder and hint («…») is a finding at its line."""
from __future__ import annotations

import re

from iopdoc.locale_sv import times
from iopdoc.placeholders import is_placeholder, only_hints, placeholder, placeholders_in
from tests.conftest import pdf_text

FILLED = {  # what the officer fills in of the blank skeleton: dates, organisation numbers and names
    "  start: ÅÅÅÅ-MM-DD": "  start: 2027-01-01",
    "  end: ÅÅÅÅ-MM-DD": "  end: 2029-12-31",
    "  date: ÅÅÅÅ-MM-DD": "  date: 2026-11-20",
    "    name: «kommunens namn»": "    name: Exempelby kommun",
    "    name: «organisationens namn»": "    name: Brottsofferjouren Exempelby",
    "      name: «aktuell firmatecknare»": "      name: Anna Andersson",
}
ORG_NUMBERS = ["212000-0449", "802456-8738"]


def fill_only_dates_org_numbers_and_names(text: str) -> str:
    text = text.replace("status: draft", "status: final")
    for old, new in FILLED.items():
        assert old in text, old
        text = text.replace(old, new)
    for number in ORG_NUMBERS:
        text = text.replace("org_number: NNNNNN-NNNN", f"org_number: {number}", 1)
    return text


def test_the_blank_skeleton_walk(cli, tmp_path):
    root = tmp_path / "repo"
    assert cli("init", root).code == 0
    assert cli("new", "x", "--project", root).code == 0
    source = root / "sources" / "x.yaml"
    draft = cli("check", source, "--project", root)
    assert draft.code == 0 and "warning[IOP601]" in draft.err, "a fresh draft's placeholders are warnings"

    text = fill_only_dates_org_numbers_and_names(source.read_text(encoding="utf-8"))
    source.write_text(text, encoding="utf-8")
    result = cli("build", "sources/x.yaml", cwd=root)
    assert result.code == 1
    reported = {int(m.group(1)) for m in re.finditer(r"^sources/x\.yaml:(\d+):\d+: error\[IOP(?:601|401)\]", result.err, re.M)}
    lines = text.splitlines()
    marked = {number for number, line in enumerate(lines, start=1)
              if "«" in line.split("#")[0] or re.search(r"^\s+(amount|hours|hourly_rate): 0\b", line)}
    assert marked and marked <= reported, f"lines not reported: {sorted(marked - reported)}\n{result.err}"
    for words in ("kommunen", "organisationen", "nämnden", "ort", "nämnden som företräder kommunen"):
        assert f"{placeholder(words)}" in result.err
    assert "error[IOP401]: avsnittet Bakgrund (`kind: background`) har bara sin ledtext" in result.err
    assert "error[IOP101]" not in result.err and "error[IOP301]" not in result.err and "IOP305" not in result.err
    assert not (root / "build" / "x.pdf").exists() and not (root / "build" / "x.html").exists()
    assert not [p for p in (root / "build").rglob("*") if p.suffix in (".pdf", ".html")] if (root / "build").exists() else True


def test_a_draft_from_the_skeleton_builds_and_reads_in_number(cli, tmp_path):
    root = tmp_path / "repo"
    assert cli("init", root).code == 0 and cli("new", "x", "--project", root).code == 0
    assert cli("build", root / "sources" / "x.yaml", "--out", root / "build", "--project", root).code == 0
    text = " ".join(pdf_text(root / "build" / "x.pdf").split())
    assert "träffas minst två gånger per år" in text and "utvärderas en gång per år" in text
    assert "en gånger" not in text and "ett gång" not in text


def test_number_agreement_filter():
    assert [times(n) for n in (1, 2, 4, 12, 40)] == ["en gång", "två gånger", "fyra gånger", "tolv gånger", "40 gånger"]


def test_marker_helpers():
    assert is_placeholder("«ort»") and not is_placeholder("Linköping «ort»")
    assert only_hints("«Syftet.»\n\n«Målgruppen.»\n") and not only_hints("Text. «Syftet.»") and not only_hints("")
    assert [m.group(1) for m in placeholders_in("För «nämnden» i »citat»")] == ["nämnden"]


def test_a_successor_asks_for_its_signatories_with_the_marker(cli, project):
    assert cli("new", "y-2031", "--from", "linkoping-kvinnojouren-2025", "--project", project).code == 0
    result = cli("check", project / "sources" / "y-2031.yaml", "--project", project)
    assert "«aktuell firmatecknare» ska ersättas" in result.err


def test_the_written_forms_are_found_as_the_plain_pattern_finds_them():
    """WRITTEN looks first at the character every form starts with; it finds what the forms alone find."""
    from hypothesis import given, settings, strategies as st

    from iopdoc.placeholders import WRITTEN, WRITTEN_FORMS

    plain = re.compile(WRITTEN_FORMS, re.IGNORECASE)
    pieces = st.sampled_from(["(", ")", "[", "]", "namn", "ort", "kommunens ", "x", "X", "n", "N", "-", "2", "0", "åå",
                              "ÅÅ", "\u212b", "MM", "DD", "…", ".", "...", " ", "\n", "a", ":", "\uff12", "Datum"])

    @settings(max_examples=1500, deadline=None)
    @given(st.lists(pieces, max_size=25).map("".join))
    def holds(text):
        assert [m.span() for m in WRITTEN.finditer(text)] == [m.span() for m in plain.finditer(text)]

    holds()
    assert [m.group(0) for m in WRITTEN.finditer("Den \u212b\u212b\u212b\u212b-MM-DD och (ort) och XXXX.")] == \
        ["\u212b\u212b\u212b\u212b-MM-DD", "(ort)", "XXXX"]

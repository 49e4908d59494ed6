"""Plain Swedish (IOP701-703): LIX checked against a hand count, every officialese entry tested with
its source, the rules only with --plain and never failing `make check`, LIX in the preview."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from iopdoc.checks.plain import section_readability
from iopdoc.prose.plain import OFFICIALESE, SKRIVREGLER, SVARTA_LISTAN, band, readability, sentences
from iopdoc.resolve.project import Project
from iopdoc.pipeline.serve import preview_page
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"


def test_lix_of_a_real_section_equals_a_hand_count():
    """Linköping 2020, "Period för överenskommelsen", as published (facts filled in), counted by hand."""
    project = Project(REPO)
    source = REPO / "sources" / "linkoping-kvinnojouren-2020.yaml"
    document = project.load(source)
    measured = {s.title: s.measure for s in section_readability(document, project.linked(document, source))}
    sentences_by_hand = [
        "Överenskommelsen gäller under fem år från och med 2020-01-01 till och med 2024-12-31 med möjlighet till "
        "förlängning ytterligare fem år.",
        "Utvärdering av överenskommelsen sker regelbundet.",
        "I det fall någon av parterna vill frånträda överenskommelsen ska detta påtalas skriftligen.",
        "Uppsägningstiden ska vara sex månader.",
        "Parterna har möjlighet att kräva återbetalning om medel inte används för avsett ändamål.",
    ]
    words = [w for s in sentences_by_hand for w in re.findall(r"[\w-]+", s)]
    long_words = ["Överenskommelsen", "möjlighet", "förlängning", "ytterligare", "Utvärdering", "överenskommelsen",
                  "regelbundet", "parterna", "frånträda", "överenskommelsen", "påtalas", "skriftligen",
                  "Uppsägningstiden", "månader", "Parterna", "möjlighet", "återbetalning", "används", "ändamål"]
    assert (len(words), len(long_words)) == (56, 19)
    lix = 56 / 5 + 100 * 19 / 56  # 11.2 + 33.93 = 45.13
    section = measured["Period för överenskommelsen"]
    assert (section.words, section.sentences, section.long_words) == (56, 5, 19)
    assert section.lix == pytest.approx(lix) and round(section.lix) == 45 and band(section.lix)[0] == "medelsvår"


def test_lix_of_a_short_text_and_the_bands():
    measure = readability("Parterna har samarbetat sedan länge.")  # 5 words, 1 sentence, 2 long words
    assert measure.lix == 5 / 1 + 100 * 2 / 5 == 45
    assert [band(x)[0] for x in (29.9, 30, 39.9, 40, 50, 59.9, 60)] == [
        "mycket lätt", "lätt", "lätt", "medelsvår", "svår", "svår", "mycket svår"]


def test_list_items_headings_and_abbreviations_count_as_the_reader_reads_them():
    text = "Vi utgår från:\n\n- stöd till kvinnor\n- stöd till barn\n\n# Mål\nT.ex. bl.a. att hjälpa. Sedan mer."
    # "T.ex. bl.a." does not end a sentence (a small letter follows); its letters count as four short words.
    assert [s.words for s in sentences(text)] == [3, 3, 3, 1, 6, 2]


def test_every_seed_section_gets_a_lix():
    project = Project(REPO)
    for source in project.source_paths():
        document = project.load(source)
        measured = section_readability(document, project.linked(document, source))
        assert measured and all(10 < s.measure.lix < 90 for s in measured), source.name


@pytest.mark.parametrize("entry", OFFICIALESE, ids=[e.word for e in OFFICIALESE])
def test_each_officialese_entry_is_found_with_its_plain_word_and_source(cli, tmp_path, entry):
    assert entry.source in (SVARTA_LISTAN, SKRIVREGLER) and entry.plain
    source = tmp_path / "minimal-agreement.yaml"
    example = entry.word.capitalize()
    source.write_text(FIXTURE.read_text(encoding="utf-8").replace(
        "Parterna har samarbetat sedan länge.", f"{example} gäller parterna."), encoding="utf-8")
    result = cli("check", source, "--project", REPO, "--plain", cwd=tmp_path)
    found = [line for line in result.err.splitlines() if "[IOP703]" in line]
    assert len(found) == 1 and f"`{example}`" in found[0] and entry.plain in found[0] and entry.source in found[0]
    assert ":60:7:" in found[0], "at the line and column of the word"


def test_officialese_in_other_forms_and_not_inside_other_words():
    from iopdoc.prose.plain import officialese_in

    text = "Parten erhöll medel och har erhållit mer. Skallgång och samtligas tillsättning räknas inte."
    assert [written for _, written, _ in officialese_in(text, OFFICIALESE)] == ["erhöll", "erhållit"]


def test_plain_findings_only_with_plain_and_they_never_fail_a_check(cli, tmp_path):
    source = tmp_path / "minimal-agreement.yaml"
    source.write_text(FIXTURE.read_text(encoding="utf-8").replace(
        "Parterna har samarbetat sedan länge.", "Parterna skall erhålla stöd."), encoding="utf-8")
    plain = cli("check", source, "--project", REPO, "--plain", cwd=tmp_path)
    assert plain.code == 0 and "info[IOP703]" in plain.err
    assert "Hela dokumentet" in plain.out and "Bakgrund" in plain.out
    # Without --plain only the fixture's own finding remains (its indexation names no series).
    assert [line.split(": ")[1] for line in cli("check", source, "--project", REPO, cwd=tmp_path).err.splitlines()] \
        == ["warning[IOP230]"]


def test_the_project_sets_limits_words_and_severity(cli, tmp_path):
    project = tmp_path / "project"
    (project / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", project / "templates")
    source = project / "sources" / "minimal-agreement.yaml"
    source.write_text(FIXTURE.read_text(encoding="utf-8").replace(
        "Parterna har samarbetat sedan länge.", "Parterna skall nyttja stöd och tillse att det finns."),
        encoding="utf-8")
    (project / "iopdoc.toml").write_text('[plain]\nseverity = "warning"\nlix_limit = 70\nsentence_words = 5\n'
                                         'officialese_ignore = ["tillse"]\nofficialese_extra = { "nyttja" = "använda" }\n',
                                         encoding="utf-8")
    result = cli("check", source, "--plain", "--strict", cwd=project)
    lines = result.err.splitlines()
    assert result.code == 1 and all("warning[" in line for line in lines)
    assert not [line for line in lines if "IOP701" in line], "no section is over 70"
    assert [line.split("`")[1] for line in lines if "IOP703" in line] == ["skall", "nyttja"]
    assert "iopdoc.toml" in next(line for line in lines if "nyttja" in line)
    assert any("IOP702" in line and "har 9 ord (gränsen är 5)" in line for line in lines)
    (project / "iopdoc.toml").write_text('[plain]\nlix_limit = "hög"\n', encoding="utf-8")
    broken = cli("check", source, "--plain", cwd=project)
    assert broken.code == 1 and "iopdoc.toml:2:1: error[IOP062]" in broken.err


def test_an_easy_text_passes_every_plain_rule(cli, tmp_path):
    """The passing twin of IOP701-703: short sentences, everyday words, in every section."""
    text = FIXTURE.read_text(encoding="utf-8").replace("  indexation:\n    index: OPI\n    start: 2027-01-01\n", "")
    text = re.sub(r"(  - kind: parties\n    heading: Parter\n    body: \|\n)(?:      .*\n|\n)+",
                  r"\1      Kommunen och jouren är parter.\n", text)
    source = tmp_path / "minimal-agreement.yaml"
    source.write_text(text, encoding="utf-8")
    result = cli("check", source, "--project", REPO, "--plain", cwd=tmp_path)
    # Only the plain-Swedish rules: the one-line Parter section no longer shows the parties' facts (IOP405).
    assert (result.code, [line for line in result.err.splitlines() if "[IOP7" in line]) == (0, [])
    assert re.search(r"Hela dokumentet\s+LIX \d+ \((mycket lätt|lätt)\)", result.out)


def test_the_preview_shows_lix_per_section():
    page = preview_page(Project(REPO), REPO / "sources" / "linkoping-kvinnojouren-2020.yaml", "sv")
    panel = re.search(r'<aside class="[^"]*iopdoc-readability"[^>]*>(.*?)</aside>', page, re.S).group(1)
    assert "<h2>Läsbarhet (LIX)</h2>" in panel
    assert "<li>Period för överenskommelsen: LIX 45 (medelsvår)</li>" in panel
    assert re.search(r"<li>Hela dokumentet: LIX \d+ \(\w+", panel)

"""The project's own faithfulness measure (tests/tools/fidelity.py) on texts whose figures are known,
and the reference texts it measures against (tests/fixtures/reference/)."""
from __future__ import annotations

import pytest

from tests.conftest import REPO
from tests.tools.fidelity import compare, main, measure, words

REFERENCE = REPO / "tests" / "fixtures" / "reference"


def test_words_ignore_layout_case_and_hyphenation_points():
    assert words("Överenskommelsen  GÄLLER\n• från och med 2025-01-01.") == \
        ["överenskommelsen", "gäller", "från", "och", "med", "2025", "01", "01"]
    assert words("organisa\u00adtions\u200bnummer") == ["organisationsnummer"], "soft hyphen and zero width"
    assert words("organisations\u2010\nnummer") == ["organisationsnummer"], "a word hyphenated over a line end"
    assert words("social- och\nomsorgsnämnden") == ["social", "och", "omsorgsnämnden"], "an ASCII hyphen is the text's"
    assert words("e\u0301n") == words("én"), "decomposed and composed letters are one word"


def test_identical_words_in_another_layout_are_fully_faithful():
    result = compare("Parterna ska träffas två gånger per år.", "PARTERNA ska\n\n  • träffas två\tgånger per år")
    assert (result.recall, result.precision) == (1.0, 1.0) and result.differences == ()


def test_a_missing_clause_lowers_recall_and_an_added_one_precision():
    reference = " ".join(f"ord{i}" for i in range(100))
    missing = " ".join(f"ord{i}" for i in range(100) if not 40 <= i < 50)
    added = reference + " " + " ".join(f"extra{i}" for i in range(25))
    short = compare(reference, missing)
    assert (short.recall, short.precision) == (0.9, 1.0) and not short.reaches()
    assert any("ord40" in line for line in short.differences)
    padded = compare(reference, added)
    assert (padded.recall, padded.precision) == (1.0, 0.8) and not padded.reaches()


def test_words_out_of_order_count_once():
    result = compare("a b c d e f g h i j", "f g h i j a b c d e")
    assert result.recall == 0.5, "the longest run in order, not a bag of words"


def test_empty_text_is_not_faithful():
    assert not compare("något", "").reaches() and not compare("", "något").reaches()


def test_html_text_leaves_out_head_styles_and_scripts(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Titel</title><style>p{}</style></head><body><p>Avtal&nbsp;gäller</p>"
                    "<script>var x = 1</script><p>från&#32;2025</p></body></html>", encoding="utf-8")
    reference = tmp_path / "reference.txt"
    reference.write_text("Avtal gäller från 2025", encoding="utf-8")
    result = measure(reference, page)
    assert (result.recall, result.precision) == (1.0, 1.0)


def test_the_command_line_exits_by_the_minimums(tmp_path, capsys):
    reference, built = tmp_path / "a.txt", tmp_path / "b.txt"
    reference.write_text("ett två tre fyra", encoding="utf-8")
    built.write_text("ett två tre", encoding="utf-8")
    assert main([str(reference), str(built)]) == 1
    assert "recall 0.7500, precision 1.0000" in capsys.readouterr().out
    assert main([str(reference), str(built), "--min-recall", "0.75"]) == 0


@pytest.mark.parametrize("name, opening", [
    ("linkoping-kvinnojouren-2020.txt", "Linköpings kommun"),
    ("linkoping-kvinnojouren-2025.txt", "Linköpings kommun"),
    ("osteraker-kvinnojouren-2023-memo.txt", "Österåker"),
])
def test_the_reference_texts_are_in_the_repository(name, opening):
    text = (REFERENCE / name).read_text(encoding="utf-8")
    assert opening in text and len(words(text)) > 500
    assert f"`{name}`" in (REFERENCE / "README.md").read_text(encoding="utf-8"), "the README says where it comes from"

"""`iopdoc import` on the corpus of tests/import_corpus.py: agreements and memos these tests write
in twelve layouts (.txt, .md, .docx in four styles, .pdf from WeasyPrint and LibreOffice), each with
its ground truth. No text is refused for changing a word, no fact is wrong, at least 95 % are right
(the rest to confirm), every imported text builds as a draft with its words, and `check` finds no
error in it that the consistent original does not have."""
from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest

from tests.conftest import REPO
from tests.import_corpus import LAYOUTS, texts
from tests.import_score import score, table
from tests.test_import_invariant import assert_words_kept

CORPUS = texts()


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every corpus text written, imported and scored once for the module."""
    folder = tmp_path_factory.mktemp("corpus")
    results = {}
    for text in CORPUS:
        outcomes, result = score(text, folder)
        target = folder / "imported" / f"{text.name}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(result.text, encoding="utf-8")
        results[text.name] = (text, outcomes, result, folder / "originals" / f"{text.name}{text.suffix}", target)
    return results


def test_the_corpus_has_thirty_texts_in_ten_layouts_with_their_truth():
    assert len(CORPUS) >= 30
    assert len({t.layout for t in CORPUS}) >= 10 and set(LAYOUTS) == {t.layout for t in CORPUS}
    assert len({t.suffix for t in CORPUS}) == 4
    assert all(len(t.truth) >= 8 for t in CORPUS)


def test_no_fact_is_wrong_and_at_least_95_percent_are_right(imported):
    outcomes = [o for _, found, _, _, _ in imported.values() for o in found]
    wrong = [o for o in outcomes if o.status == "wrong"]
    assert not wrong, "\n".join(f"{o.text} {o.key}: expected {o.expected!r}, found {o.found!r}" for o in wrong)
    counts = Counter(o.status for o in outcomes)
    assert counts["right"] >= 0.95 * len(outcomes), table(outcomes)


@pytest.mark.parametrize("name", [t.name for t in CORPUS])
def test_every_corpus_text_keeps_its_words(imported, name):
    _text, _outcomes, result, original, target = imported[name]
    assert_words_kept(original, result, target)


def test_every_imported_text_builds_as_a_draft_and_check_adds_no_error(cli, imported, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(REPO / "templates", project / "templates")
    (project / "sources").mkdir()
    for name, (text, _outcomes, _result, _original, target) in imported.items():
        shutil.copy(target, project / "sources" / target.name)
    built = cli("build", "--out", tmp_path / "out", "--format", "html", "--project", project, cwd=project)
    assert built.code == 0, built.err
    assert len(list((tmp_path / "out").glob("*.html"))) == len(imported)
    checked = cli("check", "--format", "json", "--no-cache", "--project", project, cwd=project)
    errors = [f for f in json.loads(checked.out)["findings"] if f["severity"] == "error"]
    assert errors == [], "\n".join(f"{e['file']}:{e['line']}: {e['code']} {e['message_en']}" for e in errors)


def test_the_report_counts_each_fact_kind(imported):
    _text, _outcomes, result, _original, _target = imported["agreement-00"]
    kinds = {k["kind"]: k for k in result.report["kinds"]}
    assert kinds["parties"]["found"] == 2 and kinds["org_numbers"]["found"] == 2
    assert kinds["notice"]["found"] == 1 and kinds["indexation"]["found"] >= 1
    assert kinds["extension"]["missing"] == 1, "an extension the text does not state is reported as not found"


@pytest.mark.parametrize("name, where", [("memo-04", "header"), ("memo-05", "1:1")])
def test_a_diarienummer_only_in_the_page_header_is_read_there_and_not_kept_as_text(imported, name, where):
    text, _outcomes, result, _original, _target = imported[name]
    facts = {f["fact"]: f for f in result.report["facts"]}
    assert facts["diarienummer"]["value"] == text.truth["diarienummer"] and facts["diarienummer"]["line"] == where
    assert f"Dnr {text.truth['diarienummer']}" not in result.text.split("sections:")[1], "page furniture is not prose"

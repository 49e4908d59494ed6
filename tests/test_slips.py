"""The slips a reader notices, each in Swedish numbers and words: "1 ord tillagt", "(1 överenskommelse)",
"Beslutad <date>" only for a recorded decision, and a space after "(UTC)" on the index page."""
from __future__ import annotations

import re
import subprocess

import pytest

from iopdoc.diff.markdown import word_tally
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"


@pytest.mark.parametrize("added, removed, said", [
    (1, 1, "1 ord tillagt, 1 borttaget"), (2, 0, "2 ord tillagda, 0 borttagna"), (0, 5, "0 ord tillagda, 5 borttagna"),
])
def test_words_added_and_removed_in_their_number(added, removed, said):
    assert word_tally(added, removed) == said


def test_the_overview_counts_one_agreement_in_the_singular(cli, project):
    text = cli("overview", "--today", "2030-01-15", "--project", project).out
    assert re.search(r"1\s571\s605 kr\s+\(1 överenskommelse\)", text), text
    assert "(1 överenskommelser)" not in text
    english = cli("overview", "--today", "2030-01-15", "--project", project, "--lang", "en").out
    assert "(1 agreement)" in english and "(1 agreements)" not in english


def test_the_index_says_decided_only_with_a_decision_and_spaces_utc(cli, tmp_path):
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    text = FIXTURE.read_text(encoding="utf-8")
    (root / "sources" / "minimal-agreement.yaml").write_text(text, encoding="utf-8")
    decided = text.replace("id: minimal-agreement", "id: vasteras-jouren-2026").replace("Linköping", "Västerås")
    decided = decided.replace("\nsections:", "\ndecision:\n  committee: Socialnämnden\n  date: 2025-11-12\nsections:", 1)
    (root / "sources" / "vasteras-jouren-2026.yaml").write_text(decided, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "sources"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"],
                   check=True)
    result = cli("publish", "--out", tmp_path / "site", "--project", root)
    assert result.code == 0, result.err
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    statuses = re.findall(r'Status: </span>([^<]*)</td>', index)
    assert sorted(statuses) == ["Beslutad 2025-11-12", "Slutlig"], statuses
    assert re.search(r"\(UTC\) från version \(commit\)", index)

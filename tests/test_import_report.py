"""The import report and what the import does when it is not sure: per fact kind found / to confirm
/ not found in Swedish or English, the place of each fact in the original, agreement or memo by
evidence (named in the report) with `--kind` to override, and an uncertain fact left as a
placeholder with the candidate in a comment, never guessed."""
from __future__ import annotations

import json
import re
import shutil
import textwrap

import pytest
from ruamel.yaml import YAML

from tests.conftest import REPO

AGREEMENT = """\
    Dnr KS 2025/0411
    Datum 2025-11-03

    Överenskommelse om samverkan mellan Vänersborgs kommun, Föreningen Ljuspunkten och Stiftelsen Brofästet

    § 1 Parter

    Vänersborgs kommun, genom socialnämnden, organisationsnummer 212000-1439.

    Föreningen Ljuspunkten, organisationsnummer 802480-0009.

    Stiftelsen Brofästet, organisationsnummer 802500-0015.

    § 2 Period

    Överenskommelsen gäller från och med 2026-01-01 till och med 2027-12-31. Var och en av parterna kan säga upp överenskommelsen med tre månaders uppsägningstid.

    § 3 Uppföljning

    Parterna har en dialog två gånger per år.

    § 4 Ekonomi

    Vänersborgs kommun bidrar med cirka 400 000 kr per år. Föreningen Ljuspunkten bidrar med 150 000 kr för verksamheten och 50 000 kr för lokaler per år. Uppräkning sker årligen enligt PKV från och med 2027-01-01.

    § 5 Uppsägning

    Vid uppsägning betalas medel som inte använts tillbaka.
"""

MEMO = """\
    Trollhättans stad
    Socialförvaltningen

    Datum 2025-09-01
    Dnr SN 2025/0077

    Till Socialnämnden

    Partnerskap med Föreningen Ljuspunkten

    Beslutsförslag

    Socialnämnden beslutar:

    1. Nämnden ingår partnerskapet.
"""


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "sources").mkdir()
    return root


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def imported(cli, project, path, *extra):
    result = cli("import", path, "--id", "imported", "--project", project, *extra)
    assert result.code == 0, result.err
    return result, YAML(typ="safe").load((project / "sources" / "imported.yaml").read_text(encoding="utf-8")), \
        (project / "sources" / "imported.yaml").read_text(encoding="utf-8")


def test_an_agreement_with_a_header_block_paragraphs_and_a_termination_clause_is_an_agreement(cli, project, tmp_path):
    result, data, _ = imported(cli, project, write(tmp_path, "avtal.txt", AGREEMENT), "--report", "json")
    report = json.loads(result.out)
    assert data["kind"] == "agreement" and report["document_kind"] == "agreement"
    assert "no decision proposal" in report["evidence"]["en"]
    assert data["title"] == "Överenskommelse om samverkan mellan Vänersborgs kommun, Föreningen Ljuspunkten och Stiftelsen Brofästet"
    assert sorted(p["name"] for p in data["parties"].values()) == ["Föreningen Ljuspunkten", "Stiftelsen Brofästet",
                                                                    "Vänersborgs kommun"]
    assert data["period"]["notice"] == "tre månader"
    assert data["follow_up"]["meetings_per_year"] == 2
    assert data["economy"]["indexation"]["index"] == "PKV"
    assert [s["kind"] for s in data["sections"]][:2] == ["free", "parties"], "the header block stays as text"


def test_uncertain_amounts_are_placeholders_with_the_candidate_to_confirm(cli, project, tmp_path):
    result, data, text = imported(cli, project, write(tmp_path, "avtal.txt", AGREEMENT), "--report", "json")
    contributions = {data["parties"][h]["name"]: c["amount"] for h, c in data["economy"]["contributions"].items()}
    assert contributions == {"Vänersborgs kommun": 0, "Föreningen Ljuspunkten": 0}, "neither guessed"
    assert "kandidat: cirka 400 000 kr" in text
    assert "kandidat: 150 000 kr + 50 000 kr" in text
    assert "cirka 400 000 kr per år" in text and "150 000 kr för verksamheten och 50 000 kr för lokaler" in text
    report = json.loads(result.out)
    confirm = {f["fact"]: f for f in report["facts"] if f["status"] == "confirm"}
    assert {"economy.contributions.kommunen", "economy.contributions.foreningen"} <= set(confirm)
    assert confirm["economy.contributions.kommunen"]["line"] == "24"
    kinds = {k["kind"]: k for k in report["kinds"]}
    assert (kinds["contributions"]["found"], kinds["contributions"]["confirm"]) == (0, 2)
    assert kinds["parties"]["found"] == 3 and kinds["signatories"]["missing"] == 1


def test_the_report_speaks_english_with_lang_en_and_swedish_by_default(cli, project, tmp_path):
    path = write(tmp_path, "avtal.txt", AGREEMENT)
    english = cli("import", path, "--id", "en", "--project", project, "--lang", "en").out
    swedish = cli("import", path, "--id", "sv", "--project", project).out
    assert "per kind of fact (found / to confirm / not found):" in english
    assert "line 24: economy.contributions.kommunen" in english
    assert "to confirm: the amount is approximate in the original; candidate: cirka 400 000 kr" in english
    assert "document kind: agreement (because: no decision proposal" in english
    for swedish_word in ("fakta:", "rad ", "bekräfta", "hittat", "avsnitt:"):
        assert swedish_word not in english, swedish_word
    assert "per slag av fakta (hittat / att bekräfta / inte hittat):" in swedish
    assert "rad 24: economy.contributions.kommunen" in swedish
    assert "uppsägningstid" in swedish and "notice" not in swedish.split("fakta:")[0]


def test_a_memo_is_known_by_its_decision_proposal_and_kind_overrides(cli, project, tmp_path):
    path = write(tmp_path, "memo.txt", MEMO)
    result, data, _ = imported(cli, project, path, "--report", "json", "--lang", "en")
    report = json.loads(result.out)
    assert data["kind"] == "memo" and data["diarienummer"] == "SN 2025/0077" and data["recipient"] == "Socialnämnden"
    assert report["evidence"]["en"].startswith("the recipient line \"Till Socialnämnden\"")
    (project / "sources" / "imported.yaml").unlink()
    result, data, _ = imported(cli, project, path, "--report", "json", "--kind", "agreement")
    assert data["kind"] == "agreement" and json.loads(result.out)["evidence"]["sv"] == "satt med --kind"


def test_a_word_file_reports_paragraphs_and_reads_headings_by_numbering(cli, project, tmp_path):
    import docx

    document = docx.Document()
    for line in textwrap.dedent(AGREEMENT).split("\n\n"):
        document.add_paragraph(line.strip())
    path = tmp_path / "avtal.docx"
    document.save(str(path))
    result, data, _ = imported(cli, project, path, "--lang", "en")
    assert [s["kind"] for s in data["sections"]] == ["free", "parties", "period", "cooperation", "economy", "free"]
    assert re.search(r"^  paragraph \d+: period.start = 2026-01-01$", result.out, re.MULTILINE)
    assert not re.search(r"^  line \d", result.out, re.MULTILINE)

"""Agreements in the shapes other municipalities write them, built for real: a kind of agreement that
is not an IOP, parties signing on different days, amounts typed into prose, derived totals, lengths
with a decimal point. The sources are written here, not taken from the seeds."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import REPO, pdf_text

NBSP = "\u00a0"

SPORTS_CLUB = """\
kind: agreement
id: umea-ik-granen-2026
title: Överenskommelse om föreningsstöd mellan Umeå kommun och IK Granen
status: final
type: idrott
parties:
  kommunen:
    name: Umeå kommun
    sector: public
    org_number: 212000-2627
    acting_through: fritidsnämnden
  klubben:
    name: IK Granen
    sector: non-profit
    org_number: 802015-3311
period:
  start: 2026-01-01
  end: 2028-06-30
  stated_duration: 2.5 år
economy:
  contributions:
    kommunen:
      amount: 400000
    klubben:
      amount: 100000
signatures:
  signatories:
    kommunen:
      role: För fritidsnämnden
      name: Sara Lind
      place: Umeå
      date: 2025-12-01
    klubben:
      role: För IK Granen
      name: Olle Berg
      place: Holmsund
      date: 2025-12-09
sections:
  - kind: background
    heading: Bakgrund
    body: |
      Klubben har drivit ungdomsverksamhet i Granen sedan 1998.
  - kind: parties
    heading: Parter
    body: |
      {{ parties.kommunen.name }} och {{ parties.klubben.name }}.
  - kind: economy
    heading: Ekonomi
    body: |
      Överenskommelsen gäller i {{ period.stated_duration }}. Kommunen bidrar med 400 000 kr per år och
      klubben med 100 000 kr, sammanlagt {{ totals.per_year | kr }} per år och {{ totals.over_period | kr }}
      under hela perioden.
  - kind: signatures
    heading: Underskrifter
"""

TYPES = """\
[types.idrott]
title = "Överenskommelse om föreningsstöd"
iop = false
sections = ["background", "parties", "economy", "signatures"]
"""


@pytest.fixture(scope="module")
def sports_club(tmp_path_factory) -> Path:
    """The sports club's agreement built to HTML and PDF in a project of its own."""
    from iopdoc.cli import run

    root = tmp_path_factory.mktemp("umea")
    (root / "sources").mkdir()
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "sources" / "umea-ik-granen-2026.yaml").write_text(SPORTS_CLUB, encoding="utf-8")
    (root / "iopdoc.toml").write_text(TYPES, encoding="utf-8")
    code = run(["build", str(root / "sources" / "umea-ik-granen-2026.yaml"), "--out", str(root / "build"),
                "--project", str(root)])
    assert code == 0
    return root / "build"


def test_a_non_iop_agreement_is_not_published_as_an_iop(sports_club):
    metadata = PdfReader(sports_club / "umea-ik-granen-2026.pdf").metadata
    assert metadata.subject == "Överenskommelse om föreningsstöd mellan Umeå kommun och IK Granen"
    assert "IOP" not in metadata["/Keywords"] and "partnerskap" not in metadata["/Keywords"]
    assert metadata["/Keywords"].startswith("överenskommelse om föreningsstöd")


def test_each_party_signs_at_its_own_place_and_date(sports_club):
    html = (sports_club / "umea-ik-granen-2026.html").read_text(encoding="utf-8")
    assert '<p class="signatory-place-date">Umeå 2025-12-01</p>' in html
    assert '<p class="signatory-place-date">Holmsund 2025-12-09</p>' in html
    assert 'class="signing-place-date"' not in html  # no common place and date to show
    # The document is dated by the last signature.
    assert PdfReader(sports_club / "umea-ik-granen-2026.pdf").metadata["/CreationDate"].startswith("D:20251209")


def test_typed_amounts_keep_together_and_derived_totals_are_shown(sports_club):
    html = (sports_club / "umea-ik-granen-2026.html").read_text(encoding="utf-8")
    assert f"400{NBSP}000{NBSP}kr per år" in html and f"100{NBSP}000{NBSP}kr," in html
    assert f"sammanlagt 500{NBSP}000{NBSP}kr per år och 1{NBSP}250{NBSP}000{NBSP}kr" in html
    text = " ".join(pdf_text(sports_club / "umea-ik-granen-2026.pdf").split())
    assert "1 250 000 kr" in text.replace(NBSP, " ")


def test_a_length_with_a_decimal_point_is_shown_with_a_comma(sports_club):
    html = (sports_club / "umea-ik-granen-2026.html").read_text(encoding="utf-8")
    assert "gäller i 2,5 år." in html and "2.5 år" not in html


def test_a_filter_on_a_missing_fact_says_what_is_missing_not_how_python_failed(cli, tmp_path):
    source = tmp_path / "umea-ik-granen-2026.yaml"
    source.write_text(SPORTS_CLUB.replace("type: idrott\n", "").replace(
        "{{ totals.per_year | kr }}", "{{ economy.total.amount | kr }}").replace(
        "{{ totals.over_period | kr }}", "{{ parties.klubben.name | kr }}"), encoding="utf-8")
    result = cli("check", source.name, "--project", tmp_path, "--lang", "en", cwd=tmp_path)
    assert "StrictUndefined" not in result.err and "Decimal" not in result.err and "Traceback" not in result.err
    assert ("error[IOP030]: `{{ economy.total.amount | kr }}`: `economy.total` is not filled in in the data, "
            "so `amount` does not exist. Fill in `economy.total`.") in result.err
    assert ("error[IOP033]: `{{ parties.klubben.name | kr }}` cannot be evaluated: the filter `kr` shows an amount, "
            "but got `IK Granen`. Check which fact the expression refers to.") in result.err

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


# A region and a municipality with two non-profits; the municipality's money in parts, a non-profit's
# in volunteer hours at an hourly value; a decision, an option to extend, prose stating derived sums.
FOUR_PARTIES = """\
kind: agreement
id: ostergotland-brottsofferstod-2026
title: Idéburet offentligt partnerskap om stöd till brottsutsatta i Norrköping
status: final

parties:
  regionen:
    name: Region Östergötland
    sector: public
    org_number: 232100-0164
  kommunen:
    name: Norrköpings kommun
    sector: public
    org_number: 212000-0514
  jouren:
    name: Brottsofferjouren Norrköping
    sector: non-profit
    org_number: 802003-4214
  missionen:
    name: Norrköpings stadsmission
    sector: non-profit
    org_number: 802011-2234

period:
  start: 2026-01-01
  end: 2027-12-31
  stated_duration: två år
  notice: sex månader
  extension: ett år

economy:
  contributions:
    regionen:
      amount: 250000
    kommunen:
      parts:
        verksamhet:
          label: Partnerskapets verksamhet
          amount: 380000
        foreningsbidrag:
          label: Ersätter tidigare föreningsbidrag
          amount: 120000
    jouren:
      parts:
        ideellt:
          label: Ideella stödpersoner
          kind: volunteer
          hours: 600
          hourly_rate: 250
    missionen:
      parts:
        lokaler:
          label: Samtalsrum
          kind: premises
          amount: 40000
  total:
    amount: 940000

signatures:
  signatories:
    regionen:
      role: För regionstyrelsen
      name: Karin Ek
      place: Linköping
      date: 2025-12-02
    kommunen:
      role: För socialnämnden
      name: Lars Holm
      place: Norrköping
      date: 2025-11-25
    jouren:
      role: För Brottsofferjouren
      name: Maja Sund
      place: Norrköping
      date: 2025-11-25
    missionen:
      role: För stadsmissionen
      name: Per Alm
      place: Norrköping
      date: 2025-11-26

decision:
  committee: Socialnämnden
  date: 2025-11-19
  paragraph: § 131
  diarienummer: SN 2025/0612

sections:
  - kind: background
    heading: Bakgrund
    body: |
      Socialnämnden beslutade {{ decision.date | long_date }} ({{ decision.paragraph }}) att ingå partnerskapet.

  - kind: parties
    heading: Parter
    body: |
      Fyra parter: {{ parties.regionen.name }} ({{ parties.regionen.org_number }}), {{ parties.kommunen.name }} ({{ parties.kommunen.org_number }}), {{ parties.jouren.name }} ({{ parties.jouren.org_number }}) och
      {{ parties.missionen.name }} ({{ parties.missionen.org_number }}).

  - kind: purpose
    heading: Syfte och mål
    body: |
      Stöd till den som utsatts för brott.

  - kind: period
    heading: Avtalsperiod
    body: |
      Överenskommelsen gäller i {{ period.stated_duration }}, från {{ period.start }} till {{ period.end }}, och kan förlängas med {{ period.extension }}. Uppsägningstiden är {{ period.notice }}.

  - kind: cooperation
    heading: Samverkan och uppföljning
    body: |
      Parterna träffas två gånger per år.

  - kind: economy
    heading: Ekonomi
    body: |
      Kommunen bidrar med 380 000 kr för verksamheten och 120 000 kr i stället för föreningsbidraget,
      i allt en halv miljon kronor per år. Regionen bidrar med 250 tkr. Jourens stödpersoner ger
      drygt 140 000 kr i ideellt arbete. Sammanlagt knappt 0,95 mnkr per år, {{ totals.over_period | kr }}
      under perioden, cirka 1,9 miljoner kronor.

  - kind: signatures
    heading: Underskrifter
"""


def write_source(folder: Path, text: str, identifier: str) -> Path:
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "templates").mkdir(exist_ok=True)
    path = folder / "sources" / f"{identifier}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_four_parties_with_contributions_in_parts_build_with_no_findings(cli, tmp_path):
    source = write_source(tmp_path, FOUR_PARTIES, "ostergotland-brottsofferstod-2026")
    result = cli("build", source, "--out", tmp_path / "build", "--project", REPO)
    assert (result.code, result.err) == (0, "")
    html = (tmp_path / "build" / "ostergotland-brottsofferstod-2026.html").read_text(encoding="utf-8")
    assert "{{ totals.over_period | kr }}" not in html and f"1{NBSP}880{NBSP}000{NBSP}kr" in html  # 940 000 kr × 2 years
    assert "19 november 2025 (§ 131)" in html
    assert html.count('class="signatory-place-date"') == 4
    subject = PdfReader(tmp_path / "build" / "ostergotland-brottsofferstod-2026.pdf").metadata.subject
    assert subject == ("Idéburet offentligt partnerskap mellan Region Östergötland, Norrköpings kommun, "
                       "Brottsofferjouren Norrköping och Norrköpings stadsmission")


def line_number(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(("old", "new", "code"), [
    ("i allt en halv miljon kronor per år", "i allt sexhundra tusen kronor per år", "IOP205"),
    ("drygt 140 000 kr", "drygt 160 000 kr", "IOP205"),
    ("Regionen bidrar med 250 tkr", "Regionen bidrar med 260 tkr", "IOP205"),
    ("  total:\n    amount: 940000", "  total:\n    amount: 960000", "IOP201"),
    ("          hours: 600\n", "          hours: 600\n          amount: 160000\n", "IOP208"),
    ("  date: 2025-11-19", "  date: 2025-12-19", "IOP110"),
], ids=["words", "drygt", "tkr", "total", "hours-times-rate", "signed-before-decision"])
def test_each_wrong_variant_fails_at_its_line_with_its_code(cli, tmp_path, old, new, code):
    assert FOUR_PARTIES.count(old) == 1
    text = FOUR_PARTIES.replace(old, new)
    source = write_source(tmp_path, text, "ostergotland-brottsofferstod-2026")
    result = cli("check", source, "--project", REPO, "--lang", "en")
    lines = result.err.splitlines()
    assert [line.split(": ")[1] for line in lines if f"[{code}]" in line], result.err
    changed = next(line for line in new.splitlines() if line not in old.splitlines())
    assert any(f".yaml:{line_number(text, changed)}:" in line and f"[{code}]" in line for line in lines), result.err


def test_the_new_fields_are_canonical_and_fit_the_schema(tmp_path):
    import jsonschema

    from iopdoc.source.canonical import canonical_text
    from iopdoc.source.json_schema import build_schema
    from tests.test_json_schema import as_editor_reads_it

    path = write_source(tmp_path, FOUR_PARTIES, "ostergotland-brottsofferstod-2026")
    assert canonical_text(FOUR_PARTIES, path) == FOUR_PARTIES
    jsonschema.Draft202012Validator(build_schema()).validate(as_editor_reads_it(FOUR_PARTIES))


def test_diff_shows_a_termination_and_a_changed_part(cli, tmp_path):
    old = write_source(tmp_path / "a", FOUR_PARTIES, "ostergotland-brottsofferstod-2026") \
        if (tmp_path / "a").mkdir() is None else None
    changed = FOUR_PARTIES.replace("          amount: 120000", "          amount: 130000").replace(
        "  total:\n    amount: 940000", "  total:\n    amount: 950000").replace(
        "decision:", "termination:\n  by: jouren\n  given: 2027-03-01\ndecision:")
    (tmp_path / "b").mkdir()
    new = write_source(tmp_path / "b", changed, "ostergotland-brottsofferstod-2026")
    result = cli("diff", old, new, "--project", REPO, "--format", "markdown")
    assert result.code == 0, result.err
    assert "| Uppsägning – Uppsagd av | – | jouren |" in result.out
    assert "| Uppsägning – Uppsägning lämnad | – | 2027-03-01 |" in result.out
    assert (f"| Ekonomi – Bidrag per part – Norrköpings kommun – Delar – foreningsbidrag | Ersätter tidigare "
            f"föreningsbidrag: 120{NBSP}000{NBSP}kr | Ersätter tidigare föreningsbidrag: 130{NBSP}000{NBSP}kr |") in result.out


CASES = REPO / "tests" / "cases"


def test_a_memo_shows_its_economic_table(cli, tmp_path):
    case = Path(shutil.copytree(CASES / "memo-table-adds-up", tmp_path / "case"))
    result = cli("build", case / "minimal-memo.yaml", "--out", tmp_path / "build", "--format", "html", "--project", REPO)
    assert result.code == 0, result.err
    html = (tmp_path / "build" / "minimal-memo.html").read_text(encoding="utf-8")
    table = html[html.index('<table class="memo-table">'):html.index("</table>")]
    assert "<caption>Socialnämndens ram för partnerskapet 2024</caption>" in table
    assert '<th scope="col" class="amount">Belopp (tkr)</th>' in table
    assert f'<tr><th scope="row">Indexuppräkning</th><td class="amount">36</td></tr>' in table
    assert f'<tfoot><tr><th scope="row">Ram 2024</th><td class="amount">1{NBSP}186</td></tr></tfoot>' in table
    assert html.index('<table class="memo-table">') > html.index('<h2>Ekonomi</h2>')


@pytest.mark.parametrize("case", ["IOP115-open-ended-with-notice", "IOP115-year-only-period-passes"])
def test_open_ended_and_year_only_periods_build(cli, tmp_path, case):
    folder = Path(shutil.copytree(CASES / case, tmp_path / "case"))
    result = cli("build", folder / "minimal-agreement.yaml", "--out", tmp_path / "build", "--format", "html",
                 "--project", REPO)
    assert result.code == 0, result.err
    html = (tmp_path / "build" / "minimal-agreement.html").read_text(encoding="utf-8")
    if case.startswith("IOP115-open"):
        assert "gäller från och med 2026-01-01 tills vidare" in html
    else:  # a year alone is the whole year
        assert "från och med 2026-01-01 till\noch med 2028-12-31" in html


def test_an_amendment_is_listed_with_the_agreement_it_amends(tmp_path):
    import datetime as dt

    from iopdoc.source.config import Look
    from iopdoc.site.publication import Publication
    from iopdoc.pipeline.publish import catalog_entry, render_index
    from iopdoc.source.schema import load_document

    amendment = load_document(CASES / "IOP404-amendment-within-the-agreement-passes" / "minimal-agreement.yaml")
    pdf = tmp_path / "minimal-agreement.pdf"
    pdf.write_bytes(b"%PDF-1.7 stand-in for the built file")
    entry = catalog_entry(amendment, pdf)
    assert entry.amends == "exempel-iop-2026" and entry.as_json()["amends"] == "exempel-iop-2026"
    page = render_index((entry,), REPO / "templates", Look(), Publication(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
                                                                          None, False))
    assert '<span class="amends">Tilläggsavtal till exempel-iop-2026</span>' in page


KOMMUNEN = "    name: Österåkers kommun\n"


@pytest.mark.parametrize(("old", "new", "at", "expected"), [
    ("innan den utgår {{ agreement.period.end.year }}.", "innan den utgår {{ agreement.period.end.year }}, första gången 2024-03-15.",
     "första gången 2024-03-15",
     "warning[IOP108]: the prose writes `2024-03-15`, a date within the agreement's period that is none of the "
     "documents' dates; the nearest is 2024-01-01 (`period.start`)."),
    (KOMMUNEN, KOMMUNEN + "    org_number: 21-2000\n", "org_number: 21-2000",
     "error[IOP301]: Österåkers kommun: `21-2000` is not an organisation number."),
    (KOMMUNEN, KOMMUNEN + "    org_number: 212000-2917\n", "org_number: 212000-2917",
     "error[IOP302]: Österåkers kommun: the check digit of 212000-2917 is wrong"),
], ids=["prose-date", "org-number-form", "org-number-check-digit"])
def test_a_memo_is_held_to_the_date_and_org_number_rules(cli, tmp_path, old, new, at, expected):
    for name in ("minimal-memo.yaml", "osteraker-kvinnojouren-illustrative.yaml"):
        shutil.copy(REPO / "tests" / "fixtures" / name, tmp_path / name)
    memo = tmp_path / "minimal-memo.yaml"
    text = memo.read_text(encoding="utf-8")
    assert text.count(old) == 1
    changed = text.replace(old, new)
    memo.write_text(changed, encoding="utf-8")
    result = cli("check", memo.name, "--project", REPO, "--lang", "en", cwd=tmp_path)
    line = line_number(changed, at)
    assert any(f"minimal-memo.yaml:{line}:" in found and expected in found for found in result.err.splitlines()), result.err

"""`iopdoc import`: the seeds, the DOCX and PDF iopdoc builds, and agreements these tests write in
other shapes (numbered headings, a party table, tkr, amounts in words, long dates, other
municipalities), each imported into a draft source that loads, builds and states the same facts."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from iopdoc.source.schema import load_document
from tests.conftest import REFERENCE, REPO
from tests.tools.fidelity import measure

SEED_OF = {  # the reference text of each rebuilt document
    identifier: REFERENCE / f"{identifier}.txt"
    for identifier in ("linkoping-kvinnojouren-2025", "linkoping-kvinnojouren-2020", "osteraker-kvinnojouren-2023-memo")
}


def facts_of(document) -> dict:
    """The facts the issue names, keyed by what they are rather than by the handles a source uses."""
    parties = getattr(document, "parties", {})
    by_handle = {handle: (party.org_number if getattr(party, "org_number", None) else party.name)
                 for handle, party in parties.items()}
    facts: dict = {"parties": sorted((p.name, getattr(p, "org_number", None)) for p in parties.values())}
    period = getattr(document, "period", None)
    if period is not None:
        facts["period"] = (str(period.start), str(period.end), str(getattr(period, "stated_duration", None)))
    economy = getattr(document, "economy", None)
    if economy is not None:
        facts["amounts"] = sorted((by_handle[h], int(c.amount), getattr(c, "price_level", None))
                                  for h, c in economy.contributions.items())
        facts["hours"] = sorted((by_handle[h], int(c.in_kind.hours), int(c.in_kind.hourly_rate))
                                for h, c in economy.contributions.items() if c.in_kind)
    signatures = getattr(document, "signatures", None)
    if signatures is not None:
        facts["signatories"] = sorted((by_handle[h], s.role, s.name) for h, s in signatures.signatories.items())
        facts["signed"] = (signatures.place, str(signatures.date))
    officials = getattr(document, "signatories", None)
    if isinstance(officials, tuple):
        facts["officials"] = [(o.name, o.title) for o in officials]
    return facts


@pytest.fixture
def scratch(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def import_into(cli, scratch, path: Path, identifier: str, *extra: str):
    result = cli("import", path, "--id", identifier, "--out", scratch / "imported", "--project", scratch, *extra)
    assert result.code == 0, result.err
    return scratch / "imported" / f"{identifier}.yaml", result


def codes(cli, scratch, source: Path) -> list[str]:
    result = cli("check", source, "--project", scratch, "--format", "json", "--no-cache")
    return sorted(d["code"] for d in json.loads(result.out)["findings"])


@pytest.mark.parametrize("identifier", sorted(SEED_OF))
def test_a_seed_imports_to_the_hand_written_facts_and_findings(cli, scratch, identifier):
    target, result = import_into(cli, scratch, SEED_OF[identifier], "imported-seed")
    imported = load_document(target)
    assert imported.status == "draft"
    assert facts_of(imported) == facts_of(load_document(scratch / "sources" / f"{identifier}.yaml"))
    assert codes(cli, scratch, target) == codes(cli, scratch, scratch / "sources" / f"{identifier}.yaml")
    assert "rad " in result.out and "fakta:" in result.out


@pytest.mark.parametrize("identifier", sorted(SEED_OF))
def test_an_imported_seed_builds_and_reproduces_the_seed(cli, scratch, identifier):
    target, _ = import_into(cli, scratch, SEED_OF[identifier], "imported-seed")
    out = scratch / "out"
    assert cli("build", target, "--out", out, "--format", "pdf", "--no-cache", "--project", scratch).code == 0
    result = measure(SEED_OF[identifier], out / "imported-seed.pdf")
    assert result.reaches(), result.summary()


def test_prose_refers_to_the_facts_it_states(cli, scratch):
    target, _ = import_into(cli, scratch, SEED_OF["linkoping-kvinnojouren-2020"], "imported-seed")
    text = target.read_text(encoding="utf-8")
    for expression in ("{{ period.start }}", "{{ period.end }}", "{{ period.notice }}",
                       "{{ economy.contributions.kommunen.amount | kr }}", "{{ economy.total.amount | kr }}",
                       "{{ economy.contributions.kvinnojouren.in_kind.hours }}", "{{ parties.kommunen.org_number }}"):
        assert expression in text, expression
    assert "# gissning:" in text, "a guess is marked in the source"


@pytest.mark.parametrize("identifier", sorted(SEED_OF))
@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_round_trip_through_what_iopdoc_builds(cli, scratch, identifier, form):
    source = scratch / "sources" / f"{identifier}.yaml"
    out = scratch / "out"
    assert cli("build", source, "--out", out, "--format", form, "--no-cache", "--project", scratch).code == 0
    target, _ = import_into(cli, scratch, out / f"{identifier}.{form}", "round-trip")
    assert facts_of(load_document(target)) == facts_of(load_document(source))


AGREEMENT_MD = """\
    # Överenskommelse om idéburet offentligt partnerskap mellan Umeå kommun och Föreningen Fristad

    ## 1. Bakgrund

    Umeå kommun och Fristad har samarbetat sedan 2015 kring stöd till våldsutsatta.

    ## 2. Parter

    | Part | Organisationsnummer |
    | --- | --- |
    | Umeå kommun, genom socialnämnden | 212000-2627 |
    | Föreningen Fristad | 802455-1234 |

    ## 3. Avtalsperiod

    Överenskommelsen gäller under tre år från och med 1 juli 2026 till och med 30 juni 2029. Uppsägningstiden är tre månader.

    ## 4. Uppföljning

    Parterna träffas minst fyra gånger per år.

    ## 5. Ekonomi

    Umeå kommun bidrar med 450 tkr per år. Fristad bidrar med två miljoner kronor per år i ideella insatser.

    ## 6. Underskrifter

    Umeå 2026-05-20

    För Umeå kommun

    Karin Berg

    För Föreningen Fristad

    Per Holm
"""


def test_an_agreement_in_other_shapes(cli, scratch, tmp_path):
    path = tmp_path / "umea-fristad.md"
    path.write_text(textwrap.dedent(AGREEMENT_MD), encoding="utf-8")
    target, result = import_into(cli, scratch, path, "umea-fristad-2026", "--report", "json")
    document = load_document(target)
    assert [s.kind for s in document.sections] == ["background", "parties", "period", "cooperation", "economy",
                                                     "signatures"]
    assert document.sections[0].heading == "1. Bakgrund"
    parties = {p.name: p for p in document.parties.values()}
    assert parties["Umeå kommun"].org_number == "212000-2627" and parties["Umeå kommun"].sector == "public"
    assert parties["Föreningen Fristad"].org_number == "802455-1234"
    assert (document.period.start, document.period.end) == (dt.date(2026, 7, 1), dt.date(2029, 6, 30))
    assert str(document.period.stated_duration) == "tre år" and str(document.period.notice) == "tre månader"
    assert document.follow_up.meetings_per_year == 4
    amounts = {document.parties[h].name: c.amount for h, c in document.economy.contributions.items()}
    assert amounts == {"Umeå kommun": Decimal(450000), "Föreningen Fristad": Decimal(2000000)}
    assert (document.signatures.place, document.signatures.date) == ("Umeå", dt.date(2026, 5, 20))
    assert sorted(s.name for s in document.signatures.signatories.values()) == ["Karin Berg", "Per Holm"]
    text = target.read_text(encoding="utf-8")
    assert "{{ period.start | long_date }}" in text and "| tkr }}" in text
    assert "två miljoner kronor" in text, "an amount in words stays as written; its value is data"
    report = json.loads(result.out)
    confirm = " ".join(report["confirm"])
    assert "två miljoner kronor" in confirm
    lines = {f["fact"]: f["line"] for f in report["facts"]}
    assert lines["period.start"] == "16"
    out = scratch / "out"
    assert cli("build", target, "--out", out, "--format", "html", "--project", scratch).code == 0


def test_a_word_file_with_a_party_table_and_real_lists(cli, scratch, tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("IOP mellan Region Gävleborg och Tjejzonen Gävle", level=0)
    document.add_heading("Syfte", level=1)
    document.add_paragraph("Partnerskapet ska stärka stödet till unga tjejer.")
    document.add_paragraph("stöd via chatt", style="List Bullet")
    document.add_paragraph("gruppverksamhet", style="List Bullet")
    document.add_heading("Parter", level=1)
    table = document.add_table(rows=2, cols=2)
    for row, (name, number) in zip(table.rows, [("Region Gävleborg", "232100-0198"), ("Tjejzonen Gävle", "802478-5577")]):
        row.cells[0].text, row.cells[1].text = name, number
    document.add_heading("Period", level=1)
    document.add_paragraph("Överenskommelsen gäller från och med 2027-01-01 till och med 2028-12-31.")
    document.add_heading("Finansiering", level=1)
    document.add_paragraph("Region Gävleborg bidrar med 300 000 kr per år (2027 års prisläge).")
    path = tmp_path / "Gävleborg IOP.docx"
    document.save(str(path))
    target, _ = import_into(cli, scratch, path, "gavleborg-2027")
    imported = load_document(target)
    assert imported.title == "IOP mellan Region Gävleborg och Tjejzonen Gävle"
    assert {p.name: p.org_number for p in imported.parties.values()} == {"Region Gävleborg": "232100-0198",
                                                                         "Tjejzonen Gävle": "802478-5577"}
    region = next(h for h, p in imported.parties.items() if p.sector == "public")
    assert imported.economy.contributions[region].amount == 300000
    assert imported.economy.contributions[region].price_level == 2027
    assert "- stöd via chatt\n- gruppverksamhet" in imported.sections[0].body
    assert [s.kind for s in imported.sections] == ["purpose", "parties", "period", "economy"]


def test_a_text_without_facts_imports_as_prose_and_says_so(cli, scratch, tmp_path):
    path = tmp_path / "anteckning.txt"
    path.write_text("Vi har pratat om hur vi kan samarbeta mer.\n\nNästa steg är ett möte i höst.\n", encoding="utf-8")
    target, result = import_into(cli, scratch, path, "anteckning", "--report", "json")
    report = json.loads(result.out)
    assert report["prose_only"] is True
    document = load_document(target)
    assert "Vi har pratat om hur vi kan samarbeta mer." in document.sections[0].body
    assert "Nästa steg är ett möte i höst." in document.sections[0].body
    text_result = cli("import", path, "--id", "anteckning-2", "--out", scratch / "imported", "--project", scratch)
    assert "inga fakta kändes igen" in text_result.out


def test_import_never_overwrites(cli, scratch, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Bakgrund\n\nEn text.\n", encoding="utf-8")
    target, _ = import_into(cli, scratch, path, "a-2026")
    before = target.read_bytes()
    again = cli("import", path, "--id", "a-2026", "--out", scratch / "imported", "--project", scratch)
    assert again.code != 0 and "IOP086" in again.err and target.read_bytes() == before


@pytest.mark.parametrize("name,data,code", [
    ("trasig.docx", b"PK\x03\x04 inte en docx", "IOP085"),
    ("trasig.pdf", b"%PDF-1.7\nskrap", "IOP085"),
    ("binär.txt", b"Bakgrund\n\nrad\x00 med nolla\n", "IOP085"),
    ("fel.odt", b"x", "IOP085"),
])
def test_an_unreadable_file_gets_a_positioned_message(cli, scratch, tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("import", path, "--id", "trasig", "--out", scratch / "imported", "--project", scratch)
    assert result.code == 1, result.err
    assert code in result.err and name in result.err and "Traceback" not in result.err
    assert not (scratch / "imported" / "trasig.yaml").exists()

"""Starting new sources: a successor keeps prose and comments and moves the period; a blank one loads."""
from __future__ import annotations

import datetime as dt

from iopdoc.pipeline.build import check_source
from iopdoc.model import Unfilled
from iopdoc.resolve.project import Project
from iopdoc.source.schema import load_document


def test_successor_of_the_2025_agreement(cli, project):
    result = cli("new", "linkoping-kvinnojouren-2031", "--from", "linkoping-kvinnojouren-2025", "--project", project)
    assert result.code == 0, result.err
    path = project / "sources" / "linkoping-kvinnojouren-2031.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../docs/iopdoc.schema.json\n")
    assert "# Återskapad från utkastet." in text, "comments are kept"
    new, old = load_document(path), load_document(project / "sources" / "linkoping-kvinnojouren-2025.yaml")
    assert (new.period.start, new.period.end) == (dt.date(2031, 1, 1), dt.date(2036, 12, 31))
    assert (new.id, new.status, new.supersedes) == ("linkoping-kvinnojouren-2031", "draft", "linkoping-kvinnojouren-2025")
    assert new.economy.contributions["kommunen"].price_level == 2031
    assert new.economy.indexation.start == dt.date(2032, 1, 1)
    assert new.signatures.date == Unfilled("2030-xx-xx")
    assert {s.name for s in new.signatures.signatories.values()} == {"«aktuell firmatecknare»"}
    assert [(s.kind, s.heading, s.body) for s in new.sections] == [(s.kind, s.heading, s.body) for s in old.sections]
    assert new.parties == old.parties
    # It builds as a draft, linked to its predecessor.
    assert cli("build", path, "--out", project / "out", "--format", "html", "--project", project).code == 0
    html = (project / "out" / "linkoping-kvinnojouren-2031.html").read_text(encoding="utf-8")
    assert "avslutas 31 december 2030" in " ".join(html.split())
    assert "UTKAST" in html


def test_successor_with_its_own_start_and_length(cli, project):
    assert cli("new", "x-2026", "--from", "linkoping-kvinnojouren-2025", "--start", "2026-07-01", "--years", "3",
               "--project", project).code == 0
    new = load_document(project / "sources" / "x-2026.yaml")
    assert (new.period.start, new.period.end) == (dt.date(2026, 7, 1), dt.date(2029, 6, 30))
    assert str(new.period.stated_duration) == "tre år"


def test_a_blank_agreement_loads_and_builds_with_only_its_placeholders(cli, project):
    assert cli("new", "ny-overenskommelse", "--project", project).code == 0
    path = project / "sources" / "ny-overenskommelse.yaml"
    document, _, findings = check_source(Project(project), path)
    assert document.id == "ny-overenskommelse" and document.status == "draft"
    assert isinstance(document.period.start, Unfilled)
    assert {s.kind for s in document.sections} >= {"background", "parties", "purpose", "period", "cooperation",
                                                  "economy", "signatures"}
    assert cli("build", path, "--out", project / "out", "--format", "html", "--project", project).code == 0


def test_new_never_overwrites(cli, project):
    existing = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    before = existing.read_bytes()
    result = cli("new", "linkoping-kvinnojouren-2020", "--project", project)
    assert result.code == 2 and "IOP071" in result.err
    assert existing.read_bytes() == before


def test_bad_id_and_missing_predecessor_are_usage_errors(cli, project):
    assert "IOP070" in cli("new", "Ny Överenskommelse", "--project", project).err
    result = cli("new", "ok-id", "--from", "finns-inte", "--project", project)
    assert result.code == 2 and "föregångaren finns inte" in result.err


def test_a_blank_memo_loads_is_canonical_and_reports_only_its_placeholders(cli, project):
    assert cli("new", "ny-tjansteskrivelse", "--kind", "memo", "--project", project).code == 0
    path = project / "sources" / "ny-tjansteskrivelse.yaml"
    assert cli("fmt", "--check", path).code == 0
    document, _, findings = check_source(Project(project), path)
    assert document.kind == "memo" and document.status == "draft"
    # the date, the sections holding only their hints, and the placeholders (the Dnr among them)
    assert sorted({d.code for d in findings}) == ["IOP101", "IOP401", "IOP601"]
    assert {s.kind for s in document.sections} >= {"summary", "decision", "background"}


def test_the_skeleton_filled_with_facts_only_shows_both_numbers_and_commitments(cli, project):
    """Issue #28: only the facts are filled in (no prose is edited), and the PDF to be signed shows both
    organisation numbers and both parties' commitments; IOP405 finds nothing left unshown."""
    from tests.conftest import pdf_text

    assert cli("new", "ny-overenskommelse", "--project", project).code == 0
    path = project / "sources" / "ny-overenskommelse.yaml"
    facts, sections = path.read_text(encoding="utf-8").split("\nsections:\n")
    for placeholder, value in (("«kommunens namn»", "Region Östergötland"), ("«organisationens namn»", "Bris Östra"),
                               ("org_number: NNNNNN-NNNN", "org_number: 232100-0165"),
                               ("org_number: NNNNNN-NNNN", "org_number: 802018-0453"),
                               ("«vad kommunen åtar sig»", "finansierar stödlinjen"),
                               ("«vad organisationen åtar sig»", "bemannar stödlinjen varje kväll"),
                               ("start: ÅÅÅÅ-MM-DD", "start: 2027-01-01"), ("end: ÅÅÅÅ-MM-DD", "end: 2028-12-31"),
                               ("amount: 0  # vad kommunen", "amount: 240000  # vad kommunen"),
                               ("amount: 0  # organisationens", "amount: 60000  # organisationens"),
                               ("hours: 0", "hours: 200"), ("hourly_rate: 0", "hourly_rate: 300")):
        assert placeholder in facts, placeholder
        facts = facts.replace(placeholder, value, 1)
    path.write_text(facts + "\nsections:\n" + sections, encoding="utf-8")
    _, _, findings = check_source(Project(project), path)
    assert [d.format() for d in findings if d.code == "IOP405"] == []
    assert cli("build", path, "--out", project / "out", "--format", "pdf", "--project", project).code == 0
    text = " ".join(pdf_text(project / "out" / "ny-overenskommelse.pdf").split())
    for shown in ("232100-0165", "802018-0453", "finansierar stödlinjen", "bemannar stödlinjen varje kväll"):
        assert shown in text, shown


def test_the_skeleton_left_as_it_is_says_where_its_facts_would_go(cli, project):
    # Without its Parter section's references, the numbers and commitments are reported where they are.
    assert cli("new", "ny-overenskommelse", "--project", project).code == 0
    path = project / "sources" / "ny-overenskommelse.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      Parterna i överenskommelsen")
    end = text.index("  - kind: purpose")
    path.write_text(text[:start] + "      Parterna är {{ parties.foreningen.name }} och {{ parties.kommunen.name }}.\n\n"
                    + text[end:], encoding="utf-8")
    _, _, findings = check_source(Project(project), path)
    lines = text.splitlines()
    # An organisation number at its line, commitments at their first item.
    where = [index + 1 for index, line in enumerate(lines) if line.strip() == "org_number: NNNNNN-NNNN"] + \
            [index + 2 for index, line in enumerate(lines) if line.strip() == "commitments:"]
    assert len(where) == 4
    assert sorted(d.location.line for d in findings if d.code == "IOP405") == sorted(where)
    assert all("i avsnittet Parter" in d.sv for d in findings if d.code == "IOP405")

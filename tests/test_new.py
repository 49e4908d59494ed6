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

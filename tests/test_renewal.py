"""A renewal reads as a renewal: its titles name its own years, one year reads "ett år", and it passes its own rules."""
from __future__ import annotations

import datetime as dt

from iopdoc.pipeline.build import check_source
from iopdoc.resolve.project import Project
from iopdoc.pipeline.scaffold import years_moved
from iopdoc.source.schema import load_document
from tests.conftest import pdf_text


def test_new_from_moves_the_years_in_the_titles(cli, project):
    assert cli("new", "lk-2031", "--from", "linkoping-kvinnojouren-2025", "--project", project).code == 0
    path = project / "sources" / "lk-2031.yaml"
    new = load_document(path)
    assert new.short_title == "IOP Kvinnojouren och Tjejjouren – Linköpings kommun 2031–2036"
    _, _, findings = check_source(Project(project), path)
    assert "IOP602" not in {d.code for d in findings}
    assert cli("build", path, "--out", project / "out", "--format", "pdf", "--project", project).code == 0
    text = pdf_text(project / "out" / "lk-2031.pdf")
    assert "2031–2036" in text and "2025–2030" not in text, "every page's header names the new years"


def test_a_one_year_successor_says_ett_ar_and_passes_its_own_rules(cli, project):
    assert cli("new", "lk-2031", "--from", "linkoping-kvinnojouren-2025", "--years", "1", "--project", project).code == 0
    path = project / "sources" / "lk-2031.yaml"
    new = load_document(path)
    assert str(new.period.stated_duration) == "ett år"
    assert (new.period.start, new.period.end) == (dt.date(2031, 1, 1), dt.date(2031, 12, 31))
    assert new.short_title.endswith("Linköpings kommun 2031")
    _, _, findings = check_source(Project(project), path)
    codes = {d.code for d in findings}
    assert not codes & {"IOP103", "IOP104", "IOP602"}, [d.format("en") for d in findings]


def test_years_moved_in_titles_of_other_shapes():
    assert years_moved("IOP 2020-2024", (2020, 2024), (2025, 2029)) == "IOP 2025-2029"
    assert years_moved("Avtal 2022 – 2023 (dnr 2021/15)", (2022, 2023), (2024, 2026)) == "Avtal 2024 – 2026 (dnr 2021/15)"
    assert years_moved("Partnerskap för år 2024", (2024, 2024), (2025, 2025)) == "Partnerskap för år 2025"
    assert years_moved("Stöd 2019–2021, uppföljning 2020", (2019, 2021), (2022, 2024)) == "Stöd 2022–2024, uppföljning 2023"


def test_the_title_years_rule_flags_a_title_left_with_the_old_years(cli, project):
    assert cli("new", "lk-2031", "--from", "linkoping-kvinnojouren-2025", "--project", project).code == 0
    path = project / "sources" / "lk-2031.yaml"
    text = path.read_text(encoding="utf-8").replace("Linköpings kommun 2031–2036", "Linköpings kommun 2025–2030")
    path.write_text(text, encoding="utf-8")
    result = cli("check", path, "--project", project)
    assert "error[IOP602]: `short_title` nämner 2025, 2030, men perioden är 2031–2036" in result.err

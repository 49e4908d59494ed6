"""`{{ indexed.<party>[year] }}` and `{{ indexed.<party>.parts.<part>[year] }}` in prose: the amount
the schedule pays that year, indexed (issue 26, item 1's prose). Checked on the two-part agreement
(650 000 kr indexed by OPI from 2028, 90 000 kr rent fixed) against a computation written here, in
the built page and in `check` (which reads the same evaluated text); a year outside the period and
a part that does not exist are errors at the expression."""
from __future__ import annotations

import re

from tests.test_indexation_parts import TWO_PARTS, indexed, kronor, project_with

BODY = ("Utbetalning sker {{ economy.payment }}. År 2028 betalar kommunen {{ indexed.kommunen[2028] | kr }}, "
        "varav verksamheten {{ indexed.kommunen.parts.verksamhet[2028] | kr }} och hyran "
        "{{ indexed.kommunen.parts.lokaler[2028] | kr }}. År 2029: {{ indexed.kommunen[2029] | kr }}.")


def spaced(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"


def test_prose_names_the_indexed_amount_of_a_party_and_a_part_in_a_year(cli, tmp_path):
    path = project_with(tmp_path, "tva-delar-text", TWO_PARTS, body=BODY)
    result = cli("build", path, "--out", tmp_path / "out", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "IOP030" not in result.err and "IOP205" not in result.err
    page = (tmp_path / "out" / "tva-delar-text.html").read_text(encoding="utf-8")
    work_2028, work_2029 = kronor(indexed(650000, ["2.8"])), kronor(indexed(650000, ["2.8", "2.8"]))
    assert (f"År 2028 betalar kommunen {spaced(work_2028 + 90000)}, varav verksamheten {spaced(work_2028)} "
            f"och hyran {spaced(90000)}. År 2029: {spaced(work_2029 + 90000)}.") in re.sub(r"[ \t\n]+", " ", page)
    assert work_2028 + 90000 == 758200


def test_parts_indexed_together_come_to_their_share_of_the_indexed_year(cli, tmp_path):
    body = ("Verksamheten {{ indexed.kommunen.parts.verksamhet[2029] | kr }}, hyran "
            "{{ indexed.kommunen.parts.lokaler[2029] | kr }}, sammanlagt {{ indexed.kommunen[2029] | kr }}.")
    path = project_with(tmp_path, "utan-fast-text", TWO_PARTS.replace("        fixed: true\n", ""), body=body)
    result = cli("build", path, "--out", tmp_path / "out", cwd=tmp_path)
    assert result.code == 0, result.err
    page = re.sub(r"[ \t\n]+", " ", (tmp_path / "out" / "utan-fast-text.html").read_text(encoding="utf-8"))
    both = ["2.8", "2.8"]
    assert (f"Verksamheten {spaced(kronor(indexed(650000, both)))}, hyran {spaced(kronor(indexed(90000, both)))}, "
            f"sammanlagt {spaced(kronor(indexed(740000, both)))}.") in page


def test_a_year_outside_the_period_or_an_unknown_part_is_an_error_at_the_expression(cli, tmp_path):
    body = "År 2031: {{ indexed.kommunen[2031] | kr }}. Städning: {{ indexed.kommunen.parts.stadning[2028] | kr }}."
    path = project_with(tmp_path, "fel-ar", TWO_PARTS, body=body)
    result = cli("check", path, cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err
    errors = [line for line in result.err.splitlines() if "error[IOP030]" in line]
    assert len(errors) == 2 and "indexed.kommunen[2031]" in errors[0] and "stadning" in errors[1]
    assert all(re.search(r"fel-ar\.yaml:\d+:\d+: error\[IOP030\]", line) for line in errors)


# --- IOP223 and IOP230 as errors where a final agreement's text states the year's amount ------------

SHORT_SERIES = TWO_PARTS  # opi-test has 2028 and 2029 only: a period to 2030 lacks 2030


def final(path, *, schedule_section: bool = False):
    text = path.read_text(encoding="utf-8").replace("status: draft", "status: final")
    if schedule_section:
        text += "  - kind: schedule\n    heading: Utbetalningsplan\n    body: |\n      Så betalar kommunen.\n"
    path.write_text(text, encoding="utf-8")
    return path


def findings(cli, path, code: str) -> list[str]:
    result = cli("check", path, cwd=path.parent.parent)
    assert "Traceback" not in result.err
    return [line.split(": ", 1)[1].split("]")[0] + "]" for line in result.err.splitlines() if f"[{code}]" in line]


def test_a_missing_year_is_an_error_in_a_final_agreement_whose_text_states_that_year(cli, tmp_path):
    body = "År 2030 betalar kommunen {{ indexed.kommunen[2030] | kr }}."
    draft = project_with(tmp_path, "saknar-2030-utkast", SHORT_SERIES, body=body, end="2030-12-31")
    assert findings(cli, draft, "IOP223") == ["warning[IOP223]"]  # a draft: a warning still
    stated = final(project_with(tmp_path, "saknar-2030", SHORT_SERIES, body=body, end="2030-12-31"))
    assert findings(cli, stated, "IOP223") == ["error[IOP223]"]
    err = cli("check", stated, cwd=tmp_path).err
    assert "Överenskommelsen är slutlig och anger beloppet för 2030 i sin text" in err
    # Final, but its text states 2029 only, which the series has: 2030's gap stays a warning.
    other = final(project_with(tmp_path, "anger-2029", SHORT_SERIES, body="{{ indexed.kommunen[2029] | kr }}.",
                               end="2030-12-31"))
    assert findings(cli, other, "IOP223") == ["warning[IOP223]"]
    # A schedule section states every year.
    table = final(project_with(tmp_path, "med-plan", SHORT_SERIES, end="2030-12-31"), schedule_section=True)
    assert findings(cli, table, "IOP223") == ["error[IOP223]"]


def test_an_indexation_without_a_series_is_an_error_where_a_final_text_states_an_indexed_year(cli, tmp_path):
    no_series = TWO_PARTS.replace("  series: opi-test\n", "")
    cases = {"{{ indexed.kommunen[2029] | kr }}.": "error", "{{ indexed.kommunen[2027] | kr }}.": "warning",
             "Inga belopp här.": "warning"}  # 2027 is the price level, before the indexation starts (2028)
    for number, (body, severity) in enumerate(cases.items()):
        path = final(project_with(tmp_path, f"utan-serie-{number}", no_series, body=body))
        assert findings(cli, path, "IOP230") == [f"{severity}[IOP230]"], body
    table = final(project_with(tmp_path, "utan-serie-plan", no_series), schedule_section=True)
    assert findings(cli, table, "IOP230") == ["error[IOP230]"]

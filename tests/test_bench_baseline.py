"""The bench's guard against a slowdown: rows compared with bench/baseline.json in CPU time, a row
more than 20 % worse marked, and a run at other sizes (the smoke run) never compared."""
import json
import sys

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import baseline  # noqa: E402


def figures(check_cpu: float, pdf_cpu: float) -> dict:
    return {"check_cold": {"cpu": check_cpu, "wall": 9.0}, "pdf_vs_weasyprint": {"a": {"cpu": pdf_cpu}, "b": {"cpu": 0.5}}}


def test_a_row_more_than_twenty_percent_worse_in_cpu_time_is_marked(tmp_path):
    path = tmp_path / "baseline.json"
    baseline.write_baseline(figures(4.0, 1.0), [1, 100, 1000], "first measurement", path)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["cpu_seconds"] == {"check, cold, large corpus": 4.0, "PDF of one source (whole process)": 1.0}
    assert written["reason"] == "first measurement"
    lines, worse = baseline.compare(figures(4.5, 1.25), [1, 100, 1000], path)
    assert worse == ["PDF of one source (whole process)"]  # +25 %; the check's +12.5 % is within the margin
    assert any("PDF of one source" in line and "WORSE" in line for line in lines)
    assert any("check, cold" in line and "+12%" in line and "WORSE" not in line for line in lines)


def test_rows_within_the_margin_are_not_marked_and_the_wall_time_is_never_compared(tmp_path):
    path = tmp_path / "baseline.json"
    baseline.write_baseline(figures(4.0, 1.0), [1, 100, 1000], "first measurement", path)
    slower_wall = figures(4.7, 1.1)
    slower_wall["check_cold"]["wall"] = 90.0  # a loaded machine: ten times the wall time, same CPU
    lines, worse = baseline.compare(slower_wall, [1, 100, 1000], path)
    assert worse == []
    assert any("check, cold" in line and "+18%" in line for line in lines)


def test_a_run_at_other_sizes_is_not_compared(tmp_path):
    path = tmp_path / "baseline.json"
    baseline.write_baseline(figures(4.0, 1.0), [1, 100, 1000], "first measurement", path)
    lines, worse = baseline.compare(figures(40.0, 10.0), [2, 4, 6], path)
    assert worse == [] and "not compared" in lines[0]


def test_the_committed_baseline_names_only_rows_the_bench_measures():
    committed = json.loads(baseline.BASELINE.read_text(encoding="utf-8"))
    assert committed["reason"] and committed["sizes"]
    assert set(committed["cpu_seconds"]) <= set(baseline.ROWS)

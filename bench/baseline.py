"""The guard against the next slowdown: each row's CPU time compared with bench/baseline.json.

CPU time, not wall time, so a loaded machine does not raise a false alarm; a row more than
MARGIN worse than its baseline is marked. The baseline is committed and changed only on purpose, in
a commit of its own that says why (`python bench/run.py --write-baseline`). It holds the sizes it
was measured at: a run at other sizes (the test suite's smoke run) is not compared.
"""
from __future__ import annotations

import json
from pathlib import Path

BASELINE = Path(__file__).resolve().parent / "baseline.json"
MARGIN = 0.20
# row: where its CPU seconds are among the figures (a key, then keys inside it)
ROWS = {
    "check, cold, large corpus": ("check_cold", "cpu"),
    "re-check, large corpus unchanged": ("recheck", "cpu"),
    "overview, cold, large corpus": ("overview_cold", "cpu"),
    "check of one source (whole process)": ("check_one_vs_imports", "a", "cpu"),
    "PDF of one source (whole process)": ("pdf_vs_weasyprint", "a", "cpu"),
    "DOCX of one source (whole process)": ("docx_vs_pandoc", "a", "cpu"),
    "build of the middle corpus, 1 worker": ("build_pairs", "a", "cpu"),
    "build of the middle corpus, 2 workers": ("build_pairs", "b", "cpu"),
}


def cpu_seconds(figures: dict) -> dict[str, float]:
    """Each row's CPU seconds, for the rows this run measured."""
    found = {}
    for name, path in ROWS.items():
        value = figures
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, (int, float)):
            found[name] = value
    return found


def compare(figures: dict, sizes: list[int], baseline_path: Path = BASELINE) -> tuple[list[str], list[str]]:
    """The comparison table's lines, and the rows more than MARGIN worse in CPU time than the baseline."""
    if not baseline_path.is_file():
        return [f"no baseline ({baseline_path.name}): nothing compared"], []
    baseline = json.loads(baseline_path.read_text(encoding="utf-8"))
    if baseline.get("sizes") != sizes:
        return [f"the baseline was measured at sizes {baseline.get('sizes')}, this run at {sizes}: not compared"], []
    lines = ["| row | CPU now | CPU baseline | change | |", "| --- | --- | --- | --- | --- |"]
    worse = []
    for name, now in cpu_seconds(figures).items():
        before = baseline["cpu_seconds"].get(name)
        if before is None:
            lines.append(f"| {name} | {now:.3f} s | (none) | | |")
            continue
        change = now / before - 1 if before else 0.0
        mark = f"WORSE than +{MARGIN:.0%}" if change > MARGIN else ""
        if mark:
            worse.append(name)
        lines.append(f"| {name} | {now:.3f} s | {before:.3f} s | {change:+.0%} | {mark} |")
    return lines, worse


def write_baseline(figures: dict, sizes: list[int], reason: str, baseline_path: Path = BASELINE) -> None:
    baseline_path.write_text(json.dumps({"sizes": sizes, "reason": reason, "cpu_seconds": cpu_seconds(figures)},
                                        indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

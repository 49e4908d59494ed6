"""Benchmark rows for the prose limits (#12.3): each hostile expression must give a finding in
under 2 s and 300 MB: the time from reading the source to the finding, the peak memory of the whole process."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = {  # figure name: the expression written in a source's prose
    "prose_string_repeat": "'a' * 10**9",
    "prose_list_repeat": "[1] * 10**8",
    "prose_5000_deep": "-" * 5000 + "1",
}
TARGETS = {f"{name}_{unit}": ("<=", limit) for name in CASES for unit, limit in (("seconds", 2.0), ("peak_mb", 300))}


SNIPPET = """
import sys, time
from pathlib import Path
from iopdoc.pipeline.checking import check_source
from iopdoc.errors import IopdocError
from iopdoc.resolve.project import Project
source = Path(sys.argv[1])
started = time.perf_counter()
try:
    check_source(Project(source.parent.parent), source)
    codes = []
except IopdocError as exc:
    codes = [d.code for d in exc.diagnostics]
print(time.perf_counter() - started, " ".join(codes))
"""


def check_once(source: Path, cwd: Path) -> tuple[float, float, str]:
    """Seconds from reading the source to its finding (in a fresh process, after its imports: start-up
    is not the expression's cost), the process's peak resident MB, and the codes found."""
    process = subprocess.Popen([sys.executable, "-c", SNIPPET, str(source)], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    out = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds, _, codes = out.strip().partition(" ")
    return float(seconds), usage.ru_maxrss / 1024, codes


def measure_limits(work: Path, runs: int) -> dict:
    folder = work / "limits"
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "templates").mkdir(exist_ok=True)
    text = (REPO / "tests" / "fixtures" / "minimal-agreement.yaml").read_text(encoding="utf-8")
    figures: dict = {}
    for name, expression in CASES.items():
        source = folder / "sources" / "minimal-agreement.yaml"
        source.write_text(text.replace("Att ge våldsutsatta kvinnor stöd.", f"Stöd {{{{ {expression} }}}}."),
                          encoding="utf-8")
        measured = [check_once(source, folder) for _ in range(runs)]
        if not all("IOP035" in codes.split() for _, _, codes in measured):
            raise RuntimeError(f"{name}: no IOP035 finding: {measured[0][2][-500:]}")
        figures[f"{name}_seconds"] = max(seconds for seconds, _, _ in measured)
        figures[f"{name}_peak_mb"] = max(peak for _, peak, _ in measured)
    return figures


def rows(figures: dict) -> list[str]:
    return [f"| prose `{CASES[name][:24]}`: finding in (worst of runs) | {figures[f'{name}_seconds']:.2f} s, "
            f"{figures[f'{name}_peak_mb']:.0f} MB | | | |" for name in CASES]

"""Whole-process rows of the bench: commands timed from start-up, wall and CPU time side by side,
every comparison run as pairs in turn (A B A B …) so a machine that gets busier half-way cannot fake
a ratio.

CPU time is the user + system time of the process and of the workers it waited for (wait4), so a
loaded machine, which stretches the wall time, barely moves it.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

# Start-up as a user has it: the bytecode caches written (a sandbox may forbid them by default).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list, cwd: Path) -> dict:
    """One run of `command`: wall seconds, CPU seconds and peak RSS (MB) of its largest process."""
    # The diagnostics go to a file, not a pipe: a pipe nobody reads while waiting fills at 64 KiB
    # and the command blocks for ever (a check of 1000 sources warns more than that).
    with tempfile.TemporaryFile() as diagnostics:
        started = time.perf_counter()
        process = subprocess.Popen([str(part) for part in command], cwd=cwd, env=ENV, stdout=subprocess.DEVNULL,
                                   stderr=diagnostics)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        diagnostics.seek(0)
        errors = diagnostics.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"{' '.join(map(str, command))} failed: {errors[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def summary(runs: list[dict]) -> dict:
    """Medians (and the spread of the wall time) of several runs of one command."""
    return {"wall": statistics.median(r["wall"] for r in runs), "cpu": statistics.median(r["cpu"] for r in runs),
            "wall_min": min(r["wall"] for r in runs), "wall_max": max(r["wall"] for r in runs),
            "rss_mb": max(r["rss_mb"] for r in runs), "runs": len(runs)}


def timed(command: list, cwd: Path, runs: int, before=None) -> dict:
    """`command` run `runs` times (after `before()` each time, untimed)."""
    results = []
    for _ in range(runs):
        if before is not None:
            before()
        results.append(measure(command, cwd))
    return summary(results)


def pairs(first: list, second: list, cwd: Path, runs: int, warm: bool = True) -> dict:
    """`first` and `second` run in turn, `runs` pairs (after one untimed pair with `warm`: caches
    written): the medians of each, and the medians of the per-pair ratios first / second, in CPU
    and wall time."""
    if warm:
        measure(first, cwd), measure(second, cwd)
    a, b = [], []
    for _ in range(runs):
        a.append(measure(first, cwd))
        b.append(measure(second, cwd))
    return {"a": summary(a), "b": summary(b),
            "ratio_cpu": statistics.median(x["cpu"] / max(y["cpu"], 1e-6) for x, y in zip(a, b)),
            "ratio_wall": statistics.median(x["wall"] / max(y["wall"], 1e-6) for x, y in zip(a, b))}


def one_source_rows(python: str, iopdoc: list, folder: Path, source: Path, runs: int) -> dict:
    """The start-up comparisons for one source of the corpus in `folder`:

    - `iopdoc check` of it / `python -c "import jinja2, ruamel.yaml, markdown_it"`;
    - `iopdoc build --format pdf` / the bare WeasyPrint command on the HTML iopdoc writes, same
      stylesheet and PDF variant;
    - `iopdoc build --format docx` / pandoc's DOCX of the same HTML (left out without pandoc).
    """
    rows = {}
    rows["check_one_vs_imports"] = pairs(iopdoc + ["check", "--no-cache", source], [
        python, "-c", "import jinja2, ruamel.yaml, markdown_it"], folder, runs)
    run_html = subprocess.run([*map(str, iopdoc), "build", "--no-cache", "--format", "html", "--out", "html", str(source)],
                              cwd=folder, env=ENV, capture_output=True, text=True)
    page = folder / "html" / f"{source.stem}.html"
    if not page.is_file():
        raise RuntimeError(f"no HTML for {source.name}: {run_html.stderr[-2000:]}")
    weasyprint = Path(python).parent / "weasyprint"
    templates = folder / "templates"
    rows["pdf_vs_weasyprint"] = pairs(
        iopdoc + ["build", "--no-cache", "--format", "pdf", "--out", "pdf", source],
        [weasyprint, "--base-url", f"{templates}/", "--stylesheet", templates / "print.css", "--pdf-variant", "pdf/ua-1",
         page, folder / "bare.pdf"], folder, runs)
    pandoc = shutil.which("pandoc")
    if pandoc is not None:
        rows["docx_vs_pandoc"] = pairs(iopdoc + ["build", "--no-cache", "--format", "docx", "--out", "docx", source],
                                       [pandoc, page, "-o", folder / "pandoc.docx"], folder, runs)
    return rows


def row(label: str, figure: dict) -> str:
    """A table row: wall time (median, min, max) and CPU time (median) of one command."""
    return (f"| {label} | {figure['wall']:.3f} s | {figure['wall_min']:.3f} | {figure['wall_max']:.3f} | "
            f"{figure['cpu']:.3f} s | {figure['runs']} |")


def pair_rows(label: str, first: str, second: str, figure: dict) -> list[str]:
    return [row(f"{label}: {first}", figure["a"]), row(f"{label}: {second}", figure["b"]),
            f"| → ratio {first} / {second} (median of pairs) | wall {figure['ratio_wall']:.2f} | | | "
            f"CPU {figure['ratio_cpu']:.2f} | |"]

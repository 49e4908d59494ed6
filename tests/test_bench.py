"""One small smoke run of the benchmark: it runs, prints its table and writes valid JSON."""
import json
import subprocess
import sys

from tests.conftest import REPO


def test_benchmark_smoke_run(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, REPO / "bench" / "run.py", "--quick", "--out", out], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    for measure in ("load + check per document", "PDF per document through iopdoc", "bare WeasyPrint",
                    "speed-up with 2 workers", "make with nothing to do", "edit one source, make", "peak memory",
                    "iopdoc schedule", "iopdoc overview again", "DOCX per document", "iopdoc import",
                    "iopdoc verify of a signed 5-page agreement",
                    "page-validation per PDF page, accessible", "page-validation per PDF page, archival"):
        assert measure in done.stdout
    for measure in ("whole process (from start-up) | wall median", "ratio iopdoc check / import jinja2",
                    "ratio iopdoc build --format pdf / weasyprint", "ratio 1 worker / 2 workers",
                    "documents per CPU-second", "2 workers, 6 docs", "iopdoc serve's page shows it"):
        assert measure in done.stdout
    assert "not compared with bench/baseline.json" in done.stdout  # a smoke run is never held to a time
    results = json.loads(out.read_text(encoding="utf-8"))
    assert set(results["targets"]) >= {"pdf_ratio", "check_docs_per_cpu_second", "recheck_1000_seconds",
                                       "speedup_2_workers", "edit_to_pdf_seconds", "make_noop_1000_seconds",
                                       "peak_rss_mb_per_worker", "rss_growth_100_to_large", "docx_to_pdf_ratio",
                                       "import_seed_seconds", "overview_1000_seconds", "overview_cold_1000_seconds",
                                       "pdf_whole_process_ratio", "check_startup_ratio", "edit_to_preview_seconds",
                                       "validation_to_pdf_ratio", "verify_signed_5_pages_seconds"}
    for pair in ("check_one_vs_imports", "pdf_vs_weasyprint", "build_pairs"):
        figures = results["figures"][pair]
        assert figures["a"]["cpu"] > 0 and figures["b"]["cpu"] > 0 and figures["ratio_cpu"] > 0
    cold = results["figures"]["check_cold"]
    assert 0 < cold["cpu"] and cold["wall_min"] <= cold["wall"] <= cold["wall_max"]
    prose_limits = [name for name in results["targets"] if name.startswith("prose_")]
    assert len(prose_limits) == 6 and "prose `'a' * 10**9`" in done.stdout
    figure = results["figures"]["pdf_per_doc_iopdoc"]
    assert figure["min"] <= figure["median"] <= figure["max"] and figure["median"] > 0

"""A cold overview of many sources summarises them in worker processes (site/overview.py,
iopdoc/workers.py): the summaries, their order and the diagnostics are those of one process, also
when a worker dies or raises."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from iopdoc.errors import IopdocError
from iopdoc.resolve.project import Project
from iopdoc.site import overview
from tests.test_schedule import agreement, write

ECONOMY = """\
contributions:
  kommunen:
    amount: {amount}
    price_level: {level}
part_years: months
payment:
  frequency: {frequency}
  in_advance: true
"""


def corpus(folder: Path, count: int, broken: dict[int, str] | None = None) -> list[Path]:
    """`count` agreements of different periods, amounts and payment rhythms; `broken` replaces some by
    text that does not load."""
    paths = []
    for index in range(count):
        start_year = 2020 + index % 9
        economy = ECONOMY.format(amount=100000 + 1234 * index, level=start_year,
                                 frequency=("quarterly", "monthly", "yearly")[index % 3])
        text = agreement(f"{start_year}-0{1 + index % 9}-01", f"{start_year + 1 + index % 4}-12-31", economy)
        paths.append(write(folder, f"avtal-{index:03d}", (broken or {}).get(index, text)))
    return paths


def run(project: Project, paths: list[Path], monkeypatch, parallel: bool, cached: bool = False):
    monkeypatch.setattr(overview, "PARALLEL_FROM", 4 if parallel else 10 ** 9)
    monkeypatch.setattr("iopdoc.workers.available_cores", lambda: 2)
    try:
        return "ok", [s.as_data() for s in overview.summaries(project, paths, use_cache=cached)]
    except IopdocError as exc:
        return "failed", [d.format("en") for d in exc.diagnostics]


def test_workers_give_the_summaries_of_one_process_in_its_order(tmp_path, monkeypatch):
    paths = corpus(tmp_path, 23)
    alone = run(Project(tmp_path), paths, monkeypatch, parallel=False)
    here = []  # summary_of in this process: only the first source, before the workers are forked
    original = overview.summary_of
    monkeypatch.setattr(overview, "summary_of", lambda *args: here.append(os.getpid()) or original(*args))
    together = run(Project(tmp_path), paths, monkeypatch, parallel=True)
    assert alone[0] == "ok" and len(alone[1]) == 23
    assert together == alone
    assert here == [os.getpid()]


def test_workers_report_the_problems_of_one_process_in_its_order(tmp_path, monkeypatch):
    broken = {3: "kind: agreement\nid: [\n", 11: "kind: agreement\nid: avtal-011\ntitel: x\n", 19: "- a\n- b\n"}
    paths = corpus(tmp_path, 21, broken)
    alone = run(Project(tmp_path), paths, monkeypatch, parallel=False)
    together = run(Project(tmp_path), paths, monkeypatch, parallel=True)
    assert alone[0] == "failed" and len(alone[1]) > 3
    assert together == alone
    named = [line.split(".yaml:")[0].rsplit("/", 1)[1] for line in alone[1]]
    assert list(dict.fromkeys(named)) == ["avtal-003", "avtal-011", "avtal-019"]


@pytest.mark.parametrize("how", ["exits", "raises"])
def test_a_chunk_whose_worker_dies_or_raises_is_summarised_again_here(tmp_path, monkeypatch, how):
    paths = corpus(tmp_path, 17)
    alone = run(Project(tmp_path), paths, monkeypatch, parallel=False)
    original = overview.summarise_chunk
    parent = os.getpid()

    def failing(index: int):
        if index == 1 and os.getpid() != parent:
            if how == "exits":
                os._exit(3)
            raise RuntimeError("a worker's fault")
        return original(index)

    monkeypatch.setattr(overview, "summarise_chunk", failing)
    assert run(Project(tmp_path), paths, monkeypatch, parallel=True) == alone


def test_the_cache_the_workers_encode_is_the_cache_one_process_writes(tmp_path, monkeypatch):
    """Workers encode their entries of the cache file; the file is json.dumps of the whole, as before."""
    import json

    paths = corpus(tmp_path, 19)
    cache = tmp_path / overview.CACHE_FILE
    run(Project(tmp_path), paths, monkeypatch, parallel=False, cached=True)
    alone = cache.read_text(encoding="utf-8")
    cache.unlink()
    together = run(Project(tmp_path), paths, monkeypatch, parallel=True, cached=True)
    text = cache.read_text(encoding="utf-8")
    assert text == alone == json.dumps(json.loads(text), ensure_ascii=False)
    # One source changed: its entry is made again, the others come from the cache as they were.
    paths[5].write_text(paths[5].read_text(encoding="utf-8").replace("amount: 106170", "amount: 106171"), encoding="utf-8")
    again = run(Project(tmp_path), paths, monkeypatch, parallel=True, cached=True)
    text = cache.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False) and text != alone
    assert [s for s in again[1] if s["id"] != "avtal-005"] == [s for s in together[1] if s["id"] != "avtal-005"]
    assert again != together

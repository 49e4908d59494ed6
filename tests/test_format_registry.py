"""The format registry (iopdoc/formats.py) is where `iopdoc schedule` finds its writers: a new
schedule output is a writer module and one registry line, and nothing else in the code."""
from __future__ import annotations

import importlib
import inspect
import sys
import types

from iopdoc import formats
from iopdoc.formats import FORMATS, OutputFormat


def test_every_schedule_format_names_a_writer_of_schedules_and_a_language():
    for output in FORMATS:
        if output.of != "schedules":
            continue
        writer = getattr(importlib.import_module(f"iopdoc.writers.{output.module}"), output.writer)
        assert list(inspect.signature(writer).parameters)[:2] == ["schedules", "lang"], output
        written = writer([], "sv")
        assert isinstance(written, bytes if output.file_only else str), output


def test_a_new_schedule_output_is_a_writer_module_and_one_registry_line(cli, project, monkeypatch):
    written = {}

    def as_tsv(schedules, lang):
        written["schedules"] = [s.identifier for s in schedules]
        return "".join(f"{s.identifier}\t{s.start.isoformat()}\n" for s in schedules)

    monkeypatch.setitem(sys.modules, "iopdoc.writers.tsv", types.SimpleNamespace(as_tsv=as_tsv))
    monkeypatch.setattr(formats, "FORMATS", FORMATS + (
        OutputFormat("tsv", ".tsv", "tsv", "schedules", False, "payment schedule, tab-separated", "as_tsv"),))
    monkeypatch.setattr(formats, "SCHEDULE_FORMATS", formats.formats_of("schedules"))
    result = cli("schedule", "--format", "tsv", "-o", "plan.tsv", cwd=project)
    assert result.code == 0, result.err
    assert written["schedules"], "the registry's writer wrote the schedules"
    assert (project / "plan.tsv").read_text(encoding="utf-8").count("\t") == len(written["schedules"])


def test_a_format_written_to_a_file_only_asks_for_one(cli, project):
    result = cli("schedule", "--format", "xlsx", cwd=project)
    assert result.code == 2 and "error[IOP093]: XLSX skrivs till en fil: ange -o FIL.xlsx." in result.err, result.err

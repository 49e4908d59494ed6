"""The CLI's choices are the constants of the modules that own them, not copies."""
from __future__ import annotations

import pytest

from iopdoc import cli, model
from iopdoc.writers import pdf
from iopdoc.cli import report
from iopdoc import diff as diff_module


def option(command: str, name: str):
    return next(p for p in cli.main.commands[command].params if p.name == name)


@pytest.mark.parametrize(("command", "name", "owner"), [
    ("build", "pdf_variant", tuple(pdf.VARIANTS)), ("publish", "pdf_variant", tuple(pdf.VARIANTS)),
    ("check", "output_format", report.FORMATS), ("diff", "output_format", diff_module.FORMATS),
    ("new", "kind", tuple(model.DOCUMENT_KINDS)),
])
def test_a_choice_is_its_owners_constant(command, name, owner, monkeypatch):
    assert option(command, name).type.choices == owner
    if isinstance(owner, tuple) and command == "new":
        monkeypatch.setitem(model.DOCUMENT_KINDS, "decision", model.Memo)  # a new kind is a choice at once
        assert "decision" in option(command, name).type.choices

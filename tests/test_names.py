"""The Swedish name of a section kind is the same in a check's message and in a diff's label."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from iopdoc import model
from iopdoc.model.fields import field_named
from tests.conftest import REPO

HEADLESS = "  - kind: {kind}\n    body: |\n      En klausul som bara den här versionen har, om {kind}.\n"


def agreement_kinds() -> tuple[str, ...]:
    return field_named(model.Section, "kind").shape.choices


@pytest.mark.parametrize("kind", ["purpose", "period", "cooperation", "dispute"])
def test_a_diff_calls_a_headless_section_what_the_checks_call_its_kind(cli, project, kind):
    old = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    text = old.read_text(encoding="utf-8")
    # The check names a required section kind that is missing…
    (project / "iopdoc.toml").write_text(f'[profile]\nagreement = ["{kind}"]\n', encoding="utf-8")
    without = re.sub(rf"  - kind: {kind}\n(?:    .*\n|\n)*", "", text) if f"- kind: {kind}\n" in text else text
    old.write_text(without, encoding="utf-8")
    checked = cli("check", "--no-cache", old, cwd=project)
    named = re.search(r"avsnittet (.+?) \(`kind: " + kind, checked.err)
    assert named, checked.err
    # …and the diff labels a section of that kind without a heading.
    new = project / "new" / old.name
    new.parent.mkdir()
    new.write_text(without.replace("\nsections:\n", "\nsections:\n" + HEADLESS.format(kind=kind), 1), encoding="utf-8")
    diffed = cli("diff", old, new, cwd=project)
    assert diffed.code == 0, diffed.err
    assert f"(utan rubrik: {named.group(1)})" in diffed.out


# The same word meaning something else: the redline page is titled "Ändringar" (changes since a revision).
SAME_WORD = {"Ändringar": ["iopdoc/diff/redline.py"]}


def test_each_section_kind_name_is_written_once_in_the_package():
    from iopdoc.names import SECTION_KINDS_SV

    package = REPO / "iopdoc"
    for kind, name in SECTION_KINDS_SV.items():
        holders = sorted(p.relative_to(REPO).as_posix() for p in package.rglob("*.py")
                         if f'"{name}"' in p.read_text(encoding="utf-8"))
        assert holders == sorted(["iopdoc/names.py", *SAME_WORD.get(name, [])]), (kind, holders)
    assert set(agreement_kinds()) <= set(SECTION_KINDS_SV)

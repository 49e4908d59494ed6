"""Every link key is an id, never a path (issue #23, finding 9).

The keys are read from their one definition (`iopdoc.source.ids.LINKS`), so a key added later is
tried too. Each gets hostile values, among them a path to a `.yaml` file outside the project that
holds findings of its own: `check` must refuse the value (IOP070 at the link's line) and never open
that file (its own findings must not appear).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from iopdoc.resolve.project import LINKS as PROJECT_LINKS
from iopdoc.source.ids import LINK_KEYS, LINKS
from tests.conftest import REPO

AGREEMENT = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"
MEMO = REPO / "tests" / "fixtures" / "minimal-memo.yaml"
DECISION = "decision:\n  committee: Socialnämnden\n  date: 2024-12-01\n"


def with_link(key: str, value: str) -> tuple[str, str]:
    """(file name, source text) of a fixture that has the link `key` set to `value`."""
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if key == "proposes":
        return MEMO.name, re.sub(r"(?m)^proposes: .*$", lambda _: f"proposes: {quoted}", MEMO.read_text(encoding="utf-8"))
    text = AGREEMENT.read_text(encoding="utf-8")
    if "." in key:
        owner, name = key.split(".")
        assert owner == "decision", f"a new dotted link key {key}: teach this test where it lives"
        return AGREEMENT.name, text.replace("sections:\n", f"{DECISION}  {name}: {quoted}\nsections:\n", 1)
    return AGREEMENT.name, text.replace("sections:\n", f"{key}: {quoted}\nsections:\n", 1)


def test_the_link_keys_are_defined_once():
    assert PROJECT_LINKS is LINKS
    assert LINK_KEYS == tuple(link.key for link in LINKS)
    assert {"supersedes", "proposes", "amends", "decision.memo"} <= set(LINK_KEYS)


@pytest.mark.parametrize("key", LINK_KEYS)
@pytest.mark.parametrize("value", ["../../outside/secret", "../outside/secret", "/OUTSIDE/secret", "Secret 2020",
                                   "x\n$(shell touch make-pwned)", "sources/../../outside/secret"])
def test_a_hostile_link_value_is_refused_and_never_read(cli, tmp_path, key, value):
    outside = tmp_path / "outside"
    outside.mkdir()
    # A source outside the project whose own finding would show if it were read.
    (outside / "secret.yaml").write_text("kind: agreement\nid: secret\ntitle: HEMLIG\nstatus: final\n", encoding="utf-8")
    root = tmp_path / "a" / "b"
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    name, text = with_link(key, value.replace("/OUTSIDE", str(outside)))
    (root / "sources" / name).write_text(text, encoding="utf-8")
    result = cli("check", f"sources/{name}", "--lang", "en", cwd=root)
    assert result.code == 1, result.err
    assert "[IOP070]" in result.err, result.err
    assert "secret.yaml" not in result.err and "HEMLIG" not in result.err, "the outside file was not read"
    assert "IOP099" not in result.err and "Traceback" not in result.err
    assert not (root / "make-pwned").exists()

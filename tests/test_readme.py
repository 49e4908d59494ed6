"""The README says what is true: each make target once, a settings example that loads, every setting described."""
from __future__ import annotations

import re

from iopdoc.source.config import KNOWN, TYPE_KEYS, load_config
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_each_make_target_is_listed_once():
    targets = re.findall(r"^\| `make ([a-z-]+)", README, re.MULTILINE)
    assert targets and len(targets) == len(set(targets)), targets


def test_the_settings_example_is_valid_settings_and_more_than_the_default(tmp_path):
    (example,) = re.findall(r"```toml\n(.*?)```", README, re.DOTALL)
    (tmp_path / "iopdoc.toml").write_text(example, encoding="utf-8")
    config = load_config(tmp_path)
    assert {"values", "dispute"} <= set(config.required_sections["agreement"])
    assert config.diarienummer_configured and config.look.accent == "#0b5394"


def test_every_setting_is_described():
    table = README.split("### Project settings (`iopdoc.toml`)", 1)[1].split("\n## ", 1)[0]
    for section, keys in KNOWN.items():
        for key in keys or TYPE_KEYS:
            assert f"`{key}`" in table or f"{key}`" in table or f"] {key}" in table, (section, key)


def test_the_project_has_the_eupl():
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert 'license = "EUPL-1.2"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_the_outputs_table_is_the_format_registry():
    """Issue 21: the README's table of outputs says what iopdoc/formats.py says, row for row."""
    from iopdoc.formats import FORMATS

    table = README.split("| format | suffix | written by | built by default | what |", 1)[1].split("\n\n", 1)[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in table.strip().splitlines()[1:]]
    command = {"document": "`iopdoc build`", "schedules": "`iopdoc schedule --format`", "calendar": "`iopdoc calendar`"}
    assert rows == [[f"`{o.name}`", o.suffix, command[o.of], "yes" if o.default else "no", o.what] for o in FORMATS]

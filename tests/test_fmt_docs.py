"""Every YAML example in the hand-written docs passes `fmt --check` and loads; the docs show lists in
the block style `fmt` writes, and `fmt --check` names the first line it would change and how (a
list copied in flow style, `[3, 10]`, is the usual first pull request's)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from iopdoc.source.canonical import canonical_text
from iopdoc.source.schema import load_document
from tests.conftest import REPO

# docs/rules.md is generated from tests/cases/: its examples are excerpts of broken sources.
HAND_WRITTEN = [REPO / "README.md", *sorted(p for p in (REPO / "docs").glob("*.md") if p.name != "rules.md")]


def yaml_examples() -> list:
    params = []
    for page in HAND_WRITTEN:
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r"^```ya?ml\n(.*?)^```", text, re.DOTALL | re.MULTILINE):
            line = text[: match.start()].count("\n") + 2
            params.append(pytest.param(match.group(1), id=f"{page.relative_to(REPO)}:{line}"))
    return params


@pytest.mark.parametrize("example", yaml_examples())
def test_every_yaml_example_in_the_docs_passes_fmt_check_and_loads(cli, tmp_path, example):
    (tmp_path / "sources").mkdir()
    source = tmp_path / "sources" / "example.yaml"
    source.write_text(example, encoding="utf-8")
    result = cli("fmt", "--check", source, "--project", tmp_path)
    assert result.code == 0, result.out + result.err
    assert YAML(typ="safe").load(example) is not None
    loads_with_iopdocs_reader(example, tmp_path / "loaded")


FIXTURES = REPO / "tests" / "fixtures"


def with_keys_of(whole: str, fragment: str, keys: list[str]) -> str:
    """`whole` (a complete source) with its top-level `keys` replaced by `fragment`'s."""
    kept, dropping = [], False
    for line in whole.splitlines(keepends=True):
        if top := re.match(r"([a-z_]+):", line):
            dropping = top.group(1) in keys
        if not dropping:
            kept.append(line)
    return "".join(kept) + fragment


def loads_with_iopdocs_reader(example: str, folder: Path) -> None:
    """The example as iopdoc reads it: a whole document (kind and id) or an index series as it stands,
    a fragment (`period:`, `economy:`, …) in place of those keys of a complete agreement or memo; one
    of them must load with no error (schema, types, unknown keys)."""
    from iopdoc.errors import SourceError
    from iopdoc.facts.indexes import load_series

    data = YAML(typ="safe").load(example)
    (folder / "sources").mkdir(parents=True)
    if data.get("kind") == "index":
        path = folder / "sources" / "index" / f"{data['id']}.yaml"
        path.parent.mkdir()
        path.write_text(example, encoding="utf-8")
        assert load_series(path).id == data["id"]
        return
    if "kind" in data and "id" in data:
        candidates = [(data["id"], example)]
    else:
        candidates = [(name, with_keys_of((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"), example, list(data)))
                      for name in ("minimal-agreement", "minimal-memo")]
    problems = []
    for name, text in candidates:
        path = folder / "sources" / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_document(path)
            return
        except SourceError as failure:
            problems += [f"{d.location.line}:{d.location.col}: {d.en}" for d in failure.diagnostics]
    pytest.fail("the example does not load:\n" + "\n".join(problems))


def test_the_docs_show_lists_in_block_style():
    assert len(yaml_examples()) >= 10
    for page in HAND_WRITTEN:
        text = page.read_text(encoding="utf-8")
        assert "`[3, 10]`" not in text or "`fmt --check` (in CI)" in text, page
        assert "{name: verksamhetsberättelse" not in text, page


def agreement_with_follow_up(tmp_path: Path, follow_up: str) -> Path:
    """An agreement of another municipality whose follow-up is written as `follow_up` (YAML lines)."""
    fixture = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"
    text = canonical_text(fixture.read_text(encoding="utf-8"), fixture)
    text = text.replace("id: minimal-agreement", "id: goteborg-stodcentrum-2027").replace("Linköping", "Göteborg")
    text = re.sub(r"follow_up:\n(  .*\n)+", "follow_up:\n" + follow_up, text)
    path = tmp_path / "sources" / "goteborg-stodcentrum-2027.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


BLOCK = ("  meetings_per_year: 2\n  months_of_meetings:\n    - 3\n    - 10\n  reports:\n"
         "    - name: verksamhetsberättelse\n      month: 3\n      day: 31\n    - ekonomisk redovisning\n")
FLOW = ("  meetings_per_year: 2\n  months_of_meetings: [3, 10]\n  reports:\n"
        "    - {name: verksamhetsberättelse, month: 3, day: 31}\n    - ekonomisk redovisning\n")


def test_the_documented_block_style_is_canonical_and_the_flow_style_loads_the_same(tmp_path):
    block = agreement_with_follow_up(tmp_path / "a", BLOCK)
    flow = agreement_with_follow_up(tmp_path / "b", FLOW)
    assert canonical_text(block.read_text(encoding="utf-8"), block) == block.read_text(encoding="utf-8")
    assert canonical_text(flow.read_text(encoding="utf-8"), flow) == block.read_text(encoding="utf-8")
    assert load_document(flow) == load_document(block)
    follow_up = load_document(block).follow_up
    assert tuple(follow_up.months_of_meetings) == (3, 10) and follow_up.reports[0].day == 31


def test_check_says_which_line_would_change_and_how(cli, tmp_path):
    path = agreement_with_follow_up(tmp_path, FLOW)
    line = path.read_text(encoding="utf-8").splitlines().index("  months_of_meetings: [3, 10]") + 1
    result = cli("fmt", "--check", "--project", tmp_path)
    assert result.code == 1
    assert result.out == (f"skulle formateras om: {path}:{line}: `months_of_meetings: [3, 10]` skulle skrivas "
                          "`months_of_meetings:`\n")
    english = cli("fmt", "--check", "--project", tmp_path, "--lang", "en")
    assert english.out == f"would reformat: {path}:{line}: `months_of_meetings: [3, 10]` would be written `months_of_meetings:`\n"
    assert path.read_text(encoding="utf-8").count("[3, 10]") == 1, "--check changes nothing"


@pytest.mark.parametrize("original, canonical, said_sv, said_en", [
    ("a: 1\nb: 2\n", "a: 1\n\nb: 2\n", "en tom rad skulle stå före `b: 2`", "a blank line would come before `b: 2`"),
    ("b: 2\na: 1\n", "a: 1\nb: 2\n", "`a: 1` skulle stå före `b: 2`", "`a: 1` would come before `b: 2`"),
    ("a:  1\n", "a: 1\n", "`a:  1` skulle skrivas `a: 1`", "`a:  1` would be written `a: 1`"),
    ("a:\n    - 1\n", "a:\n  - 1\n", "`- 1` skulle få ett annat indrag", "`- 1` would be indented otherwise"),
    ("a: 1\n\n\nb: 2\n", "a: 1\n\nb: 2\n", "den tomma raden skulle tas bort", "the blank line would be removed"),
    ("a: 1\nb: 2\n", "a: 1\n", "raden `b: 2` skulle tas bort eller flyttas", "the line `b: 2` would be removed or moved"),
    ("a: 1\n", "a: 1\nb: 2\n", "`b: 2` skulle läggas till sist", "`b: 2` would be added at the end"),
])
def test_the_first_change_in_words(original, canonical, said_sv, said_en):
    from iopdoc.cli.editing import change_en, change_sv
    from iopdoc.source.canonical import first_change

    _, tag, was, becomes = first_change(original, canonical)
    assert (change_sv(tag, was, becomes), change_en(tag, was, becomes)) == (said_sv, said_en)

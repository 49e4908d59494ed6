"""`iopdoc fmt`: one canonical layout that never changes what a source says.

Scenario folders in tests/fmt_cases/: each holds a messy source and the canonical text it must
become (`expected.yaml`, or for messy-2025 the repository's own source).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iopdoc.source.canonical import canonical_text
from iopdoc.source.loader import parse_source
from iopdoc.source.schema import load_document, read_document
from iopdoc.source.yaml_comments import extract_comments, scalars
from tests.conftest import REPO

CASES = Path(__file__).parent / "fmt_cases"
SOURCES = sorted((REPO / "sources").glob("*.yaml"))


def canonical_file(path: Path) -> str:
    return canonical_text(path.read_text(encoding="utf-8"), path)


def test_the_repository_sources_are_canonical(cli):
    """`make test` fails when a source in sources/ is not in the canonical layout."""
    result = cli("fmt", "--check", "--project", REPO)
    assert result.code == 0, result.out + result.err
    assert result.out == ""


@pytest.mark.parametrize("path", [*SOURCES, REPO / "templates" / "new" / "agreement.yaml"], ids=lambda p: p.name)
def test_a_canonical_file_is_unchanged(path):
    text = path.read_text(encoding="utf-8")
    assert canonical_text(text, path) == text


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_canonical_text_has_no_trailing_whitespace_and_fits_the_width(path):
    text = canonical_file(path)
    root = parse_source(text, path=path, name=path.name).root
    in_bodies = {line for scalar in scalars(root) if scalar.style == "|"
                 for line in range(scalar.start_mark.line + 1, scalar.end_mark.line)}
    for number, line in enumerate(text.splitlines()):
        assert line == line.rstrip()
        # Only a `|` body, kept as written, may pass 100 columns.
        assert len(line) <= 100 or number in in_bodies, line


def test_a_messy_but_equivalent_source_becomes_the_canonical_one():
    messy = CASES / "messy-2025" / "linkoping-kvinnojouren-2025.yaml"
    canonical = REPO / "sources" / "linkoping-kvinnojouren-2025.yaml"
    messy_text = messy.read_text(encoding="utf-8")
    assert any(line != line.rstrip() for line in messy_text.splitlines()), "the scenario has trailing spaces"
    assert messy_text.startswith("# IOP mellan"), "the header comment is there to be kept"
    assert canonical_file(messy) == canonical.read_text(encoding="utf-8")
    assert load_document(messy) == load_document(canonical)


def test_comments_everywhere_are_kept_beside_or_above_their_keys():
    case = CASES / "comments-everywhere"
    source = case / "comments-everywhere.yaml"
    result = canonical_file(source)
    assert result == (case / "expected.yaml").read_text(encoding="utf-8")
    # The data and the model are the same; so are the comments, and a `#` in a body is no comment.
    assert read_document(parse_source(result, path=source, name="x")) == load_document(source)
    before = parse_source(source.read_text(encoding="utf-8"), path=source, name="x")
    after = parse_source(result, path=source, name="x")
    assert extract_comments(before.text, before.root).texts() == extract_comments(after.text, after.root).texts()
    assert "      # Heading in body" in result
    assert result.startswith("# yaml-language-server: $schema=../docs/iopdoc.schema.json\n")
    assert "  # about the end\n  end: 2030-12-31\n" in result, "a comment moves with the key it stands before"
    assert "  notice:  # none yet\n" in result
    assert '    body: "trailing space  \\nnext"\n' in result, "trailing spaces are the text's own: quoted"


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_formatting_twice_changes_nothing(case):
    for source in case.glob("*.yaml"):
        once = canonical_file(source)
        assert canonical_text(once, source) == once


def test_check_names_the_files_that_would_change_and_changes_nothing(cli, project):
    target = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    messy = (CASES / "messy-2025" / "linkoping-kvinnojouren-2025.yaml").read_bytes()
    target.write_bytes(messy)
    result = cli("fmt", "--check", "--project", project, "--lang", "en")
    assert result.code == 1
    assert result.out == f"would reformat: {target}:5: `kind: agreement` would come before `id: linkoping-kvinnojouren-2025`\n"
    assert target.read_bytes() == messy
    result = cli("fmt", "--project", project)
    assert result.code == 0 and "formaterade om" in result.out
    assert target.read_text(encoding="utf-8") == (REPO / "sources" / target.name).read_text(encoding="utf-8")
    assert cli("fmt", "--check", "--project", project).code == 0


def test_a_new_successor_passes_fmt_check(cli, project):
    assert cli("new", "linkoping-kvinnojouren-2031", "--from", "linkoping-kvinnojouren-2025", "--project", project).code == 0
    assert cli("new", "blank-agreement", "--project", project).code == 0
    result = cli("fmt", "--check", "--project", project)
    assert result.code == 0, result.out + result.err


def test_bad_input_is_a_positioned_diagnostic_not_a_traceback(cli, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: agreement\nparties: [a,\n", encoding="utf-8")
    result = cli("fmt", broken)
    assert result.code == 1 and "broken.yaml:3:1: error[IOP003]" in result.err
    assert broken.read_text(encoding="utf-8") == "kind: agreement\nparties: [a,\n"
    twice = tmp_path / "twice.yaml"
    twice.write_text("kind: agreement\nid: a\nid: b\n", encoding="utf-8")
    result = cli("fmt", twice)
    assert result.code == 1 and "twice.yaml:3:1: error[IOP011]" in result.err
    assert cli("fmt", tmp_path / "missing.yaml").code == 2


def test_standard_input_to_standard_output(cli, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("id: x\nkind: agreement   # first\n"))
    result = cli("fmt", "-")
    assert result.code == 0 and result.out == "kind: agreement  # first\nid: x\n"


def test_a_source_that_does_not_load_is_still_laid_out(tmp_path):
    """fmt is for editors too: a draft with an unknown key is formatted; `check` reports the key."""
    path = tmp_path / "draft.yaml"
    text = "kind: agreement\nfavourite_colour:   blue\nid: draft\n"
    assert canonical_text(text, path) == "kind: agreement\nid: draft\nfavourite_colour: blue\n"


@pytest.mark.parametrize(("written", "canonical"), [("1_250.50", "1250.50"), ("1250.50", "1250.50"), ("7.", "7."),
                                                   ("1_345_500", "1345500")])
def test_amounts_keep_their_digits_without_underscores(tmp_path, written, canonical):
    """Öre written are öre kept: prose shows an amount's digits, so 1250.50 must not become 1250.5."""
    text = f"kind: agreement\neconomy:\n  contributions:\n    kommunen: {{amount: {written}}}\n"
    assert canonical_text(text, tmp_path / "a.yaml").endswith(f"      amount: {canonical}\n")


# --- the fast emitter writes what ruamel's own emitter writes --------------------------------------
SCALAR_CHARACTERS = " \t\n\r\x00\x85\u2028\u2029\ufeff\ue000\xa0\x7f\x1f#:,-?[]{}&*!|>'\"%@`.aåZ0\U0001F600"


def ruamel_text(data, emitter) -> str:
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.Emitter = emitter
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@pytest.mark.parametrize("version", [None, (1, 1)])
def test_the_fast_scalar_analysis_is_ruamels(version):
    """FastEmitter finds which styles can hold a scalar with regular expressions; each flag must be
    the one ruamel's loop over the characters finds, for scalars made of the characters that matter."""
    import io

    from hypothesis import given, settings, strategies as st
    from ruamel.yaml.emitter import Emitter

    from iopdoc.source.yaml_emitter import FastEmitter

    @settings(max_examples=3000, deadline=None)
    @given(st.text(alphabet=SCALAR_CHARACTERS, max_size=8), st.booleans(), st.booleans())
    def same(scalar, allow_unicode, allow_space_break):
        emitter = FastEmitter(io.StringIO(), allow_unicode=allow_unicode)
        emitter.use_version = version  # an emitter without a dumper is its own serializer
        emitter.allow_space_break = allow_space_break
        assert repr(emitter.analyze_scalar(scalar)) == repr(Emitter.analyze_scalar(emitter, scalar))

    same()


def test_the_fast_emitter_writes_ruamels_text():
    """Literal blocks (written a run of lines at a time) and every other style come out as ruamel's
    own emitter writes them, blank lines, leading spaces and line separators included."""
    from hypothesis import given, settings, strategies as st
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.emitter import Emitter
    from ruamel.yaml.scalarstring import LiteralScalarString

    from iopdoc.source.yaml_emitter import FastEmitter

    text = st.text(alphabet="ab :#\n -\u2028", max_size=40)

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.tuples(text, st.booleans()), min_size=1, max_size=5))
    def same(values):
        data = CommentedMap()
        data["items"] = CommentedSeq(LiteralScalarString(v) if literal else v for v, literal in values)
        for index, (value, literal) in enumerate(values):
            data[f"k{index}"] = LiteralScalarString(value) if literal else value
        assert ruamel_text(data, FastEmitter) == ruamel_text(data, Emitter)

    same()


def test_a_yaml_directive_is_read_by_the_round_trip_parser(tmp_path):
    """A `%YAML 1.1` text is read with the tags it asks for (yes is true there), as before."""
    text = "%YAML 1.1\n---\nkind: agreement\nid: a\nlanguage: yes\n"
    assert canonical_text(text, tmp_path / "a.yaml") == "kind: agreement\nid: a\nlanguage: true\n"


def test_a_tab_after_a_value_is_formatted_as_the_loader_reads_it(tmp_path):
    """libyaml, which every command loads sources with, reads `id: minimal-agreement<tab>` as the
    id; fmt reads the same tree, so it formats such a file instead of refusing it."""
    written = (REPO / "tests" / "fixtures" / "minimal-agreement.yaml").read_text(encoding="utf-8")
    text = written.replace("id: minimal-agreement\n", "id: minimal-agreement\t\n")
    assert text != written
    path = tmp_path / "minimal-agreement.yaml"
    assert read_document(parse_source(text, path=path, name=path.name)).id == "minimal-agreement"
    assert canonical_text(text, path) == canonical_text(written, path)

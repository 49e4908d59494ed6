"""The structure limits are checked while the node tree is composed (one pass over libyaml's events,
`source.limits.compose_within_limits`): the tree is the one libyaml's own composer builds, its
errors are the composer's, and every limit is still refused at the event that crosses it."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode

from iopdoc.errors import SourceError
from iopdoc.source.limits import MAX_ALIASES, MAX_DEPTH, MAX_DIGITS
from iopdoc.source.loader import Yaml12Resolver, parse_source

SHAPES = [
    "kind: agreement\nid: a-2025\nparties:\n  - name: Ett\n    role: kommun\n  - {name: Två, role: förening}\n",
    "a: &money {amount: 100, currency: SEK}\nb: *money\nc: [*money, *money]\nd: &s text\ne: *s\n",
    "text: |\n  Line one\n  line two\nfolded: >\n  one\n  two\nq1: 'single'\nq2: \"double\\tescape\"\n",
    "tags: !!str 12\nbang: ! 12\nlocal: !thing x\nnumbers: [1, 1.5, 0x1F, 1e3, .inf, null, true, ~, 2025-01-01]\n",
    "<<: {a: 1}\nb: 2\n? plain key\n: value\nempty:\nlist:\n- x\n-\n- - nested\n  - more\n",
    "--- \n# a comment\nkey: value # trailing\n...\n",
    "%YAML 1.1\n---\nyes: no\non: off\n",
    "- &first one\n- *first\n- &inner [a, &deep {b: c}]\n- *deep\n- *inner\n",
    "",
    "# only a comment\n",
]


def libyaml_tree(text: str):
    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = Yaml12Resolver
    return yaml.compose(io.StringIO(text))


def shape(node, seen: dict):
    """Everything a node tree says: classes, tags, values, styles, marks, and which nodes are shared."""
    if node is None:
        return None
    if id(node) in seen:
        return ("the node", seen[id(node)])
    seen[id(node)] = len(seen)

    def mark(m):
        return None if m is None else (type(m).__name__, m.index, m.line, m.column)

    head = (type(node).__name__, node.tag, type(node.ctag).__name__, mark(node.start_mark), mark(node.end_mark),
            node.comment, node.anchor)
    if isinstance(node, ScalarNode):
        return head + (node.value, node.style)
    items = [tuple(shape(n, seen) for n in item) if isinstance(item, tuple) else shape(item, seen)
             for item in node.value]
    return head + (node.flow_style, items)


def parsed(text: str):
    try:
        return shape(parse_source(text, path=Path("x.yaml"), name="x.yaml").root, {})
    except SourceError as exc:
        return [d.format("en") for d in exc.diagnostics]


@pytest.mark.parametrize("text", SHAPES)
def test_the_tree_is_libyamls(text):
    expected = shape(libyaml_tree(text), {})
    if expected is None:
        assert parsed(text) == ["x.yaml:1:1: error[IOP004]: the file is empty. A source starts with `kind:`."]
    else:
        assert parsed(text) == expected


def test_an_alias_is_the_node_it_names():
    root = parse_source("a: &x [1, 2]\nb: *x\n", path=Path("x.yaml"), name="x.yaml").root
    assert root.value[0][1] is root.value[1][1]


@pytest.mark.parametrize(("text", "words"), [
    ("a: *nothing\n", "found undefined alias"),
    ("a: &x 1\nb: &x 2\n", "found duplicate anchor"),
    ("a: 1\n---\nb: 2\n", "expected a single document"),
    ("a: &x 1\n---\nb: *x\n", "expected a single document"),
])
def test_the_composers_errors_are_libyamls(text, words):
    with pytest.raises(Exception) as raised:
        libyaml_tree(text)
    assert words in str(raised.value)
    found = parsed(text)
    assert len(found) == 1 and "error[IOP003]" in found[0], found
    line = raised.value.problem_mark.line + 1
    assert found[0].startswith(f"x.yaml:{line}:{raised.value.problem_mark.column + 1}: ")


def nested(depth: int) -> str:
    return "a: " + "[" * depth + "]" * depth + "\n"


@pytest.mark.parametrize(("text", "where", "what"), [
    # the root mapping is the first level: the 64th bracket is the 65th level
    (nested(MAX_DEPTH + 1), "1:67", f"nested deeper than {MAX_DEPTH} levels"),
    (nested(30_000), "1:67", f"nested deeper than {MAX_DEPTH} levels"),
    ("a: &x 1\nb: [" + ", ".join(["*x"] * (MAX_ALIASES + 1)) + "]\n", f"2:{5 + 4 * MAX_ALIASES}",
     f"more than {MAX_ALIASES} aliases"),
    ("a: &x [1, *x]\n", "1:11", "an alias that refers to what it is itself inside"),
    ("a: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 9)), "5:45",
     "aliases that expand to more than 100000 values"),
    ("? [1]\n: 2\n", "1:3", "a key that is a list, keys with values or an alias"),
    ("a: &k x\n*k : 2\n", "2:1", "a key that is a list, keys with values or an alias"),
    ("a: " + "9" * (MAX_DIGITS + 1) + "\n", "1:4", f"a number with more than {MAX_DIGITS} digits"),
])
def test_each_limit_is_refused_where_it_is_crossed(text, where, what):
    found = parsed(text)
    assert len(found) == 1, found
    assert found[0].startswith(f"x.yaml:{where}") and "error[IOP006]" in found[0] and what in found[0], found


def test_a_quoted_long_number_is_text():
    assert parsed("a: '" + "9" * (MAX_DIGITS + 1) + "'\n")[0] == "MappingNode"


@pytest.mark.parametrize("text", [
    "a: *nothing\nb: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
    "a: &x 1\nb: &x 2\nc: " + "9" * (MAX_DIGITS + 1) + "\n",
    "a: 1\n---\nb: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
])
def test_a_limit_anywhere_comes_before_a_composer_error(text):
    """As when the limits were a walk of their own before composing: the whole source is read for them."""
    found = parsed(text)
    assert len(found) == 1 and "error[IOP006]" in found[0], found


def test_a_syntax_error_after_a_composer_error_is_the_one_reported():
    found = parsed("a: *nothing\nb: [\n")
    assert len(found) == 1 and "error[IOP003]" in found[0] and "undefined" not in found[0], found

"""The house's rules, read from the code with `ast`: no import cycle, and imports only go down.

docs/architecture.md draws the same picture; `LAYERS` below is its one definition, and a test
checks that the page names every package and registry entry that exists (and nothing that does not).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "iopdoc"

# From the bottom up: a module may import from its own room and from rooms below it, never above.
# Rooms on the same floor do not import each other. `base` is the modules at the package's top.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("base",),
    ("model",),
    ("source",),
    ("facts",),
    ("prose",),
    ("resolve",),
    ("checks",),
    ("diff", "writers"),
    ("readers", "site"),
    ("pipeline",),
    ("cli",),
)
FLOOR = {room: level for level, rooms in enumerate(LAYERS) for room in rooms}
# Only the CLI speaks click: a library that knows the command line cannot be used without it.
CLI_ONLY = ("click",)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py")) if "templates" not in path.parts}


def imports_of(name: str, path: Path) -> set[str]:
    """Every module (iopdoc's or not) that `path` imports, at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            submodules = {f"{target}.{alias.name}" for alias in node.names}
            found.update(submodules)
            # `from package import module` imports the module; the package's own body counts only
            # when a name is not a module of it (then it is the package's attribute)
            if not submodules <= KNOWN:
                found.add(target)
    return found


KNOWN = set(modules())


def room_of(name: str) -> str:
    if name == "iopdoc.__main__":  # `python -m iopdoc` is the command line
        return "cli"
    parts = name.split(".")
    if len(parts) == 1 or (len(parts) == 2 and parts[1] not in FLOOR):
        return "base"
    return parts[1]


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: {other for other in imports_of(name, path) if other in known and other != name}
            for name, path in known.items()}


def test_every_room_is_on_a_floor():
    rooms = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert rooms <= set(FLOOR), f"packages with no floor in LAYERS: {sorted(rooms - set(FLOOR))}"
    assert set(FLOOR) - {"base"} <= rooms, f"floors naming no package: {sorted(set(FLOOR) - {'base'} - rooms)}"


def test_no_import_cycle():
    edges = graph()
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for other in sorted(edges[node]):
            if state.get(other) == 1:
                cycles.append(stack[stack.index(other):] + [other])
            elif other not in state:
                visit(other)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    # A package's __init__ importing its own modules is not a cycle of the design's kind only when
    # none of them imports the package back; so no exception is made.
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_imports_only_go_down():
    climbs = []
    for name, imported in graph().items():
        here = room_of(name)
        for other in imported:
            there = room_of(other)
            if there == here or name == "iopdoc" or other == "iopdoc":
                continue
            if FLOOR[there] >= FLOOR[here]:
                climbs.append(f"{name} ({here}) imports {other} ({there})")
    assert climbs == [], "imports that climb or cross a floor:\n" + "\n".join(sorted(climbs))


def test_only_the_cli_imports_click():
    offenders = sorted(name for name, path in modules().items()
                       if room_of(name) != "cli" and name != "iopdoc.__main__"
                       and any(module.split(".")[0] in CLI_ONLY for module in imports_of(name, path)))
    assert offenders == []


def test_the_climbing_check_can_fail(tmp_path):
    """The rule is real: a check that imported a writer would be reported."""
    name = "iopdoc.checks.example"
    assert room_of(name) == "checks" and room_of("iopdoc.writers.pdf") == "writers"
    assert FLOOR["writers"] > FLOOR["checks"]
    assert room_of("iopdoc.errors") == "base" and room_of("iopdoc") == "base"


def test_every_package_says_what_it_holds_and_may_import():
    for room in FLOOR:
        if room == "base":
            continue
        init = PACKAGE / room / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()) >= 2, f"{room}/__init__.py opens with no docstring of a few lines"
        assert re.search(r"[Ii]mports?", doc), f"{room}/__init__.py does not say what it may import"


def test_architecture_page_names_what_exists():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for room in FLOOR:
        if room != "base":
            assert f"`{room}/`" in page, f"docs/architecture.md does not name the package {room}/"
    named = set(re.findall(r"`(iopdoc/[\w/]+\.py)`", page))
    missing = sorted(path for path in named if not (ROOT / path).is_file())
    assert missing == [], f"docs/architecture.md names files that do not exist: {missing}"
    from iopdoc.formats import FORMATS

    for output in FORMATS:
        assert f"`{output.name}`" in page, f"docs/architecture.md does not name the output format {output.name}"
        assert (ROOT / f"iopdoc/writers/{output.module}.py").is_file()


@pytest.mark.parametrize("room", [room for room in FLOOR if room != "base"])
def test_package_is_importable(room):
    __import__(f"iopdoc.{room}")

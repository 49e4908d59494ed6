"""The repository is all a test needs: nothing outside it is read, and a clone alone passes.

Two checks. The first reads every test, tool and benchmark file (with `ast`) for a path that leaves
the repository: a walk up from `REPO`/`ROOT`, a third `.parent` from a test file's own path, or a
string naming a folder beside or above the checkout (`../shared`, `/work/…`). The second clones
the repository (what is committed) into an empty folder that has no siblings and runs the tests
that read the reference texts there, with the clone's own code.
"""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SCANNED = ("tests", "bench", "tools", ".ci")
# A string that names a place outside the tree: a folder beside the checkout or an absolute path to
# a developer's machine. Relative `../x` strings of one level are a test's hostile input, not a path read.
OUTSIDE = re.compile(r"(^|/)\.\./(\.\./)*shared\b|^/work/|^/home/|^/root/|/shared/(seeds|tools)\b")


def escapes(tree: ast.AST, depth: int) -> list[tuple[int, str]]:
    """Where a module's code reaches outside the repository: (line, what). `depth` is how many
    folders below the repository's root the module lies (tests/x.py: 1, whose
    `Path(__file__).parent.parent` is the root)."""
    found = []
    inner = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "parent"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "parent" and id(node) not in inner:
            base, ups = node, 0
            while isinstance(base, ast.Attribute) and base.attr == "parent":
                base, ups = base.value, ups + 1
            if isinstance(base, ast.Name) and base.id in ("REPO", "ROOT"):
                found.append((node.lineno, f"{base.id}{'.parent' * ups}"))
            elif ups > depth + 1 and "__file__" in ast.unparse(base):
                found.append((node.lineno, f"{ast.unparse(base)}{'.parent' * ups}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and OUTSIDE.search(node.value):
            found.append((node.lineno, repr(node.value)))
    return found


def outside_references(root: Path) -> list[str]:
    problems = []
    for folder in SCANNED:
        for path in sorted((root / folder).rglob("*")):
            if not path.is_file() or "node_modules" in path.parts or "__pycache__" in path.parts:
                continue
            if path.resolve() == Path(__file__).resolve():
                continue  # this file: its examples of ways out are what the scan is tested on
            relative = path.relative_to(root)
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".py":
                try:
                    tree = ast.parse(text)
                except SyntaxError:
                    continue  # a crafted input of a test
                problems += [f"{relative}:{line}: {what}" for line, what in escapes(tree, len(relative.parts) - 1)]
            elif path.suffix in ("", ".sh", ".mjs", ".toml", ".cfg") or path.name == "run":
                problems += [f"{relative}:{number}: {line.strip()}" for number, line in enumerate(text.splitlines(), 1)
                             if OUTSIDE.search(line) or "../shared" in line]
    for name in ("Makefile", "pyproject.toml"):
        text = (root / name).read_text(encoding="utf-8")
        problems += [f"{name}:{n}: {line.strip()}" for n, line in enumerate(text.splitlines(), 1) if "../" in line]
    return problems


def test_no_test_reads_outside_the_repository():
    assert outside_references(REPO) == []


@pytest.mark.parametrize("code, reported", [
    ("SEEDS = REPO.parent / 'shared' / 'seeds'\n", "REPO.parent"),
    ("X = Path(__file__).resolve().parent.parent.parent / 'x'\n", "Path(__file__).resolve().parent.parent.parent"),
    ("open('../shared/seeds/a.txt')\n", "'../shared/seeds/a.txt'"),
    ("p = '/work/shared/tools/fidelity.py'\n", "'/work/shared/tools/fidelity.py'"),
])
def test_the_scan_finds_each_way_out(code, reported):
    assert [what for _, what in escapes(ast.parse(code), 1)] == [reported]


@pytest.mark.parametrize("code", [
    "ROOT = Path(__file__).resolve().parent.parent\n",
    "claimed = '../../outside.yaml'\n",  # a hostile name a test feeds in
    "REPO / 'tests' / 'fixtures' / 'reference'\n",
])
def test_the_scan_lets_paths_inside_the_tree_pass(code):
    assert escapes(ast.parse(code), 1) == []


# What the clone runs: the scan, and every test that reads the reference texts (the tests that
# failed outside the author's machine when the texts lay beside the checkout).
IN_THE_CLONE = [
    "tests/test_self_contained.py::test_no_test_reads_outside_the_repository",
    "tests/test_fidelity.py",
    "tests/test_pdf.py",
    "tests/test_memo.py::test_faithful_to_the_seed",
    "tests/test_docx.py::test_docx_converted_by_libreoffice_reproduces_the_seed",
    "tests/test_import.py::test_a_seed_imports_to_the_hand_written_facts_and_findings",
    "tests/test_import.py::test_an_imported_seed_builds_and_reproduces_the_seed",
]


def reference_readers(root: Path) -> set[str]:
    """The test modules that read the reference texts (they name `REFERENCE` or the fidelity measure)."""
    return {path.relative_to(root).as_posix() for path in (root / "tests").glob("test_*.py")
            if path.name != Path(__file__).name and re.search(r"\bREFERENCE\b|tools\.fidelity", path.read_text("utf-8"))}


def test_the_clone_runs_every_test_module_that_reads_the_reference_texts():
    readers = reference_readers(REPO)
    assert {"tests/test_pdf.py", "tests/test_docx.py", "tests/test_import.py", "tests/test_memo.py"} <= readers
    assert readers <= {node.split("::")[0] for node in IN_THE_CLONE}, sorted(readers)


def test_a_clone_with_no_siblings_passes_the_tests_that_read_the_reference_texts(tmp_path):
    git = shutil.which("git")
    assert git, "git is needed (the repository is a git checkout)"
    if subprocess.run([git, "-C", str(REPO), "rev-parse", "--git-dir"], capture_output=True).returncode != 0:
        pytest.skip("not a git checkout (an unpacked sdist): nothing to clone")
    alone = tmp_path / "alone"
    alone.mkdir()
    clone = alone / "iopdoc"
    subprocess.run([git, "clone", "--quiet", "--no-hardlinks", str(REPO), str(clone)], check=True,
                   capture_output=True, timeout=300)
    assert sorted(p.name for p in alone.iterdir()) == ["iopdoc"], "the clone has no siblings"
    env = {**os.environ, "PYTHONPATH": str(clone), "PYTHONDONTWRITEBYTECODE": "1"}
    where = subprocess.run([sys.executable, "-c", "import iopdoc, tests.conftest; print(iopdoc.__file__)"],
                           cwd=clone, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(clone), f"the clone's own iopdoc runs, not {where}"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *IN_THE_CLONE],
                          cwd=clone, env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert re.search(r"\d+ passed", done.stdout) and "skipped" not in done.stdout, done.stdout[-2000:]

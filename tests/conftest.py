"""Shared fixtures: the repository, a scratch copy of the project, the CLI, golden files."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from iopdoc.cli import run

REPO = Path(__file__).resolve().parent.parent
# The texts of the real documents the sources rebuild, one per source id (see its README).
REFERENCE = Path(__file__).resolve().parent / "fixtures" / "reference"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true",
                     help="Rewrite the golden files from the current output (then review `git diff tests/golden`).")


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run `iopdoc ARGS...` in-process in a folder; returns exit code, stdout and stderr."""
    def invoke(*args: str, cwd: Path | None = None) -> CliResult:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = run([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)
    return invoke


@pytest.fixture
def project(tmp_path) -> Path:
    """A scratch copy of the project (sources and templates) to break and build in."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "templates", root / "templates")
    for name in ("iopdoc.toml",):
        if (REPO / name).exists():
            shutil.copy(REPO / name, root / name)
    return root


@pytest.fixture
def golden(request):
    """Compare text with tests/golden/NAME; with --regen-golden, rewrite the file instead."""
    regen = request.config.getoption("--regen-golden")

    def compare(name: str, actual: str) -> None:
        path = GOLDEN / name
        if regen:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path}; run `make golden` and review the diff"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"output differs from {path}; if intended, run `make golden` and review the diff"
    return compare


def pdf_text(path: Path) -> str:
    """A PDF's text as poppler's pdftotext reads it.

    pypdf (7.x) cannot decode the embedded CMap encoding WeasyPrint 70 gives
    its regular font (`/Encoding /WP-Encod-0`), so text is read with poppler,
    as the fidelity measure (tests/tools/fidelity.py) does; pypdf is used for metadata and structure.
    """
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (`make test` does it with apt-get)")
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def scenario_expectations(folder: Path, pattern: str = "*") -> list:
    """pytest parameters (case folder, expected file, language) for each scenario folder matching
    `pattern`: `expected.txt` holds the Swedish messages, `expected.en.txt` the English ones."""
    params = []
    for case in sorted(p for p in folder.glob(pattern) if p.is_dir()):
        for expected in sorted(case.glob("expected*.txt")):
            lang = "en" if expected.name == "expected.en.txt" else "sv"
            params.append(pytest.param(case, expected, lang, id=f"{case.name}-{lang}"))
    return params


# A folder of this name (anywhere below a test's tmp_path) holds PDFs a test breaks on purpose (a
# template override that breaks the tagging): the sweep of every built PDF (test_conformance.py) skips it.
NONCONFORMING = "nonconforming"


def pytest_configure(config):
    config.addinivalue_line("markers", "after_every_build: runs after every other test, on what they built")


def pytest_collection_modifyitems(session, config, items):
    """Tests marked `after_every_build` run last, whatever the order of the files: they check the PDFs
    that all the other tests built."""
    last = [item for item in items if item.get_closest_marker("after_every_build")]
    if last:
        items[:] = [item for item in items if item not in last] + last


def signed_after_build(path: Path) -> bool:
    """Signed after iopdoc built it: the signer's incremental update is not iopdoc's output (its own
    conformance limits are in docs/signing.md); the unsigned first revision was swept where the test
    built it."""
    return b"/ByteRange" in path.read_bytes()


def built_pdfs(config) -> list[Path]:
    """Every PDF that iopdoc wrote below this run's temporary folders so far (WeasyPrint's, carrying
    iopdoc's manifest; not a test's own bare WeasyPrint PDF), except those in a NONCONFORMING folder:
    the PDFs of the whole run when called last."""
    import pikepdf

    factory = getattr(config, "_tmp_path_factory", None)
    base = factory.getbasetemp() if factory is not None else None
    if base is None or not base.exists():
        return []
    found = []
    for path in sorted(base.rglob("*.pdf")):
        if NONCONFORMING in path.relative_to(base).parts or not path.is_file():
            continue
        if signed_after_build(path):
            continue
        try:
            with pikepdf.open(path) as pdf:
                if "WeasyPrint" in str(pdf.docinfo.get("/Producer", "")) and "iopdoc-manifest.json" in pdf.attachments:
                    found.append(path)
        except Exception:  # noqa: BLE001: a deliberately broken PDF of a test
            continue
    return found


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    stats = getattr(config, "_pdf_validation", None)
    if stats:
        terminalreporter.write_line("page-validation: {pdfs} PDFs, {pages} pages, {rules} rules checked in "
                                    "{seconds:.2f} s ({per_page:.1f} ms per page)".format(**stats))


def pytest_sessionfinish(session, exitstatus):
    """qpdf's syntax check on every PDF that iopdoc (WeasyPrint) built during the run (#12.5): a
    structural error in any of them fails the run, whichever test built it."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    try:
        import pikepdf
        base = factory.getbasetemp() if factory is not None else None
    except (ImportError, OSError, ValueError):
        return
    if base is None or not base.exists():
        return
    problems = []
    for path in sorted(base.rglob("*.pdf")):
        if not path.is_file() or signed_after_build(path):
            continue  # a signer's (or a test's tampering) incremental update is not iopdoc's output
        try:
            with pikepdf.open(path) as pdf:
                if "WeasyPrint" not in str(pdf.docinfo.get("/Producer", "")):
                    continue  # not built by iopdoc (a crafted or converted PDF)
                problems += [f"{path}: {problem}" for problem in pdf.check_pdf_syntax()]
        except Exception:  # noqa: BLE001: a deliberately broken PDF of a test
            continue
    if problems:
        session.config.get_terminal_writer().line("PDF structure problems (check_pdf_syntax):\n" + "\n".join(problems), red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True, scope="session")
def cache_secrets_kept_in_the_test_run(tmp_path_factory):
    """The cache's sealing secret for a project outside git lives in the user's cache folder
    (pipeline/cache_seal.py): during tests, in a folder of the test run, not in $HOME."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous

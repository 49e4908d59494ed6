"""No command writes outside the project through a symbolic link (issue #23, finding 2).

For each command that writes (init, build, publish, import, extract, schedule, calendar, diff, fmt,
review --apply) a folder it writes into, or the file itself, is a link to a folder outside: the
command says so (IOP090 or IOP074, exit 1), and the outside folder stays empty.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from iopdoc.errors import WriteError
from iopdoc.fileio import TEMPORARY_PREFIX, write_atomic
from tests.conftest import REPO

SOURCE = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


@pytest.fixture
def small_project(tmp_path) -> Path:
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(SOURCE, root / "sources" / "minimal-agreement.yaml")
    return root


def refused(result, outside: Path, codes=("IOP090",), exit_codes=(1,)):
    assert result.code in exit_codes, (result.out, result.err)
    assert any(f"[{code}]" in result.err for code in codes), result.err
    assert "Traceback" not in result.err and "IOP099" not in result.err
    assert list(outside.iterdir()) == [], "nothing is written outside"


@pytest.mark.parametrize("linked", [".github", "docs", ".github/workflows"])
def test_init_refuses_a_linked_folder(cli, tmp_path, outside, linked):
    root = tmp_path / "new"
    (root / linked).parent.mkdir(parents=True, exist_ok=True)
    (root / linked).symlink_to(outside)
    result = cli("init", root, cwd=tmp_path)
    refused(result, outside, codes=("IOP074",), exit_codes=(2,))  # a usage error, like any clash
    assert "symbolic link" in cli("--lang", "en", "init", root, cwd=tmp_path).err
    assert not (root / "Makefile").exists(), "nothing at all is written"


@pytest.mark.parametrize("name", [".Makefile.tmp", ".README.md.tmp"])
def test_init_never_writes_through_a_linked_temporary_name(cli, tmp_path, outside, name):
    root = tmp_path / "new"
    root.mkdir()
    victim = outside / "victim"
    (root / name).symlink_to(victim)
    result = cli("init", root, cwd=tmp_path)
    assert result.code == 0, result.err
    assert not victim.exists() and list(outside.iterdir()) == []
    assert (root / name).is_symlink() and (root / "Makefile").is_file()


def test_build_refuses_a_linked_output_folder(cli, small_project, outside):
    (small_project / "build").symlink_to(outside)
    refused(cli("build", "sources/minimal-agreement.yaml", "--format", "html", cwd=small_project), outside)


def test_build_refuses_a_linked_folder_deeper_in_the_output(cli, small_project, outside):
    (small_project / "build").mkdir()
    (small_project / "build" / "html").symlink_to(outside)
    refused(cli("build", "sources/minimal-agreement.yaml", "--format", "html", "--out", "build/html/x",
                cwd=small_project), outside)


def test_publish_refuses_a_linked_build_folder(cli, small_project, outside):
    (small_project / "build").symlink_to(outside)
    refused(cli("publish", "--out", "build/site", cwd=small_project), outside, exit_codes=(1, 2))


def test_import_refuses_a_linked_sources_folder(cli, small_project, tmp_path, outside):
    text = tmp_path / "avtal.txt"
    text.write_text("Överenskommelse om idéburet offentligt partnerskap\n\nParter\n\nExempelkommun och "
                    "Exempeljouren.\n", encoding="utf-8")
    (small_project / "imported").symlink_to(outside)
    refused(cli("import", text, "--out", "imported", cwd=small_project), outside)


def test_extract_refuses_a_linked_folder(cli, small_project, outside):
    built = cli("build", "sources/minimal-agreement.yaml", "--format", "pdf", "--out", "out", cwd=small_project)
    assert built.code == 0, built.err
    (small_project / "extracted").symlink_to(outside)
    refused(cli("extract", "out/minimal-agreement.pdf", "-o", "extracted/x.yaml", cwd=small_project), outside)


@pytest.mark.parametrize(("command", "name"), [("schedule", "plan.csv"), ("calendar", "iop.ics")])
def test_schedule_and_calendar_refuse_a_linked_folder(cli, small_project, outside, command, name):
    (small_project / "build").symlink_to(outside)
    options = ("--format", "csv") if command == "schedule" else ()
    refused(cli(command, "sources/minimal-agreement.yaml", *options, "-o", f"build/{name}", cwd=small_project), outside)


def test_diff_refuses_a_linked_html_folder(cli, small_project, outside):
    changed = small_project / "sources" / "changed.yaml"
    changed.write_text(SOURCE.read_text(encoding="utf-8").replace("sedan länge.", "sedan länge, och mer.").replace(
        "id: minimal-agreement", "id: changed"),
                       encoding="utf-8")
    (small_project / "build").symlink_to(outside)
    refused(cli("diff", "sources/minimal-agreement.yaml", "sources/changed.yaml", "--html-dir", "build/diff",
                cwd=small_project), outside)


def test_fmt_refuses_a_source_in_a_linked_folder(cli, tmp_path, outside):
    root = tmp_path / "p"
    root.mkdir()
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(SOURCE, outside / "minimal-agreement.yaml")
    (root / "sources").symlink_to(outside)
    before = (outside / "minimal-agreement.yaml").read_bytes().replace(b"status: final", b"status:   final")
    (outside / "minimal-agreement.yaml").write_bytes(before)
    result = cli("fmt", "sources/minimal-agreement.yaml", cwd=root)
    assert result.code == 1 and "IOP099" not in result.err, result.err
    assert (outside / "minimal-agreement.yaml").read_bytes() == before
    assert sorted(p.name for p in outside.iterdir()) == ["minimal-agreement.yaml"]


def test_write_atomic_refuses_a_link_at_every_folder_inside_the_root(tmp_path, outside):
    root = tmp_path / "root"
    (root / "a").mkdir(parents=True)
    (root / "a" / "b").symlink_to(outside)
    with pytest.raises(WriteError) as raised:
        write_atomic(root / "a" / "b" / "c" / "out.html", b"x", root=root)
    [problem] = raised.value.diagnostics
    assert problem.code == "IOP090" and problem.location.file.endswith("out.html")
    assert "symbolic link" in problem.en and str(root / "a" / "b") in problem.en
    assert list(outside.iterdir()) == []


def test_write_atomic_leaves_no_temporary_file_and_never_reuses_one(tmp_path, outside):
    victim = outside / "victim"
    for name in ("out.html", "other"):
        (tmp_path / f"{TEMPORARY_PREFIX}{name}.tmp").symlink_to(victim)
    write_atomic(tmp_path / "out.html", b"new", root=tmp_path)
    assert (tmp_path / "out.html").read_bytes() == b"new" and not victim.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp") and not p.is_symlink()) == []


def test_a_killed_publish_leaves_no_staging_folder_for_ever(cli, small_project):
    """Finding 10: a staging folder whose publish was killed is removed by the next publish."""
    child = subprocess.Popen(["sleep", "0"])
    child.wait()
    (small_project / "build").mkdir()
    abandoned = small_project / "build" / f".site.new-{child.pid}-0badcafe"
    abandoned.mkdir()
    (abandoned / "index.html").write_text("half a site", encoding="utf-8")
    result = cli("publish", "--out", "build/site", cwd=small_project)
    assert result.code == 0, result.err
    assert not abandoned.exists()
    assert [p.name for p in (small_project / "build").iterdir() if p.name.startswith(".site")] == []


@contextlib.contextmanager
def unwritable(folder: Path):
    """`folder` made unwritable: by its mode, or for root (who writes into any mode) with the immutable
    attribute (chattr +i), which root cannot write through either."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        pytest.skip("root, and no immutable attribute on this file system")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_publish_on_a_read_only_folder_names_the_out_folder(cli, small_project):
    (small_project / "build").mkdir()
    with unwritable(small_project / "build"):
        result = cli("publish", "--out", "build/site", cwd=small_project)
    assert result.code in (1, 2) and "[IOP090]" in result.err, result.err
    assert "build/site" in result.err and ".site.new" not in result.err, result.err
    assert not any((small_project / "build").iterdir())


def test_a_publish_killed_for_real_leaves_nothing_after_the_next(cli, small_project):
    """Finding 10 with a real kill: `publish` in a process of its own is killed (SIGKILL, no clean-up
    of its own) once its staging folder exists; the next publish removes that folder and publishes."""
    import signal
    import sys
    import time

    build = small_project / "build"
    process = subprocess.Popen([sys.executable, "-m", "iopdoc", "publish", "--out", "build/site"], cwd=small_project,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(1200):
            if build.is_dir() and any(p.name.startswith(".site.new-") for p in build.iterdir()):
                break
            assert process.poll() is None, "publish ended before its staging folder was seen"
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    [abandoned] = [p for p in build.iterdir() if p.name.startswith(".site.new-")]
    assert f"-{process.pid}-" in abandoned.name
    result = cli("publish", "--out", "build/site", cwd=small_project)
    assert result.code == 0, result.err
    assert not abandoned.exists() and [p.name for p in build.iterdir() if p.name.startswith(".site")] == []
    assert (build / "site" / "catalog.json").is_file()


@pytest.mark.parametrize("command", ["schedule", "calendar", "extract", "build"])
def test_a_link_at_the_file_itself_is_refused(cli, small_project, outside, command):
    """The target file is a link to a file outside: it is neither written through nor replaced."""
    victim = outside / "victim"
    victim.write_bytes(b"outside")
    if command == "extract":
        built = cli("build", "sources/minimal-agreement.yaml", "--format", "pdf", "--out", "out", cwd=small_project)
        assert built.code == 0, built.err
        (small_project / "x.yaml").symlink_to(victim)
        arguments = ("extract", "out/minimal-agreement.pdf", "-o", "x.yaml", "--force")
    elif command == "build":
        (small_project / "out").mkdir()
        (small_project / "out" / "minimal-agreement.html").symlink_to(victim)
        arguments = ("build", "sources/minimal-agreement.yaml", "--format", "html", "--out", "out")
    else:
        name = "plan.csv" if command == "schedule" else "iop.ics"
        (small_project / name).symlink_to(victim)
        arguments = (command, "sources/minimal-agreement.yaml", *(("--format", "csv") if command == "schedule" else ()),
                     "-o", name)
    result = cli(*arguments, cwd=small_project)
    assert result.code == 1 and "[IOP090]" in result.err and "IOP099" not in result.err, result.err
    assert victim.read_bytes() == b"outside" and sorted(p.name for p in outside.iterdir()) == ["victim"]


def test_review_apply_refuses_a_source_in_a_linked_folder(cli, small_project, outside):
    import docx

    from tests.test_review_apply import replace_tracked

    built = cli("build", "sources/minimal-agreement.yaml", "--format", "docx", "--out", "out", cwd=small_project)
    assert built.code == 0, built.err
    document = docx.Document(str(small_project / "out" / "minimal-agreement.docx"))
    replace_tracked(document, "samarbetat sedan", "länge", "många år", 100)
    document.save(str(small_project / "granskad.docx"))
    shutil.move(small_project / "sources" / "minimal-agreement.yaml", outside / "minimal-agreement.yaml")
    (small_project / "sources").rmdir()
    (small_project / "sources").symlink_to(outside)
    before = (outside / "minimal-agreement.yaml").read_bytes()
    result = cli("review", "granskad.docx", "--apply", cwd=small_project)
    assert result.code == 1 and "[IOP090]" in result.err and "Traceback" not in result.err, result.err
    assert (outside / "minimal-agreement.yaml").read_bytes() == before
    assert sorted(p.name for p in outside.iterdir()) == ["minimal-agreement.yaml"]

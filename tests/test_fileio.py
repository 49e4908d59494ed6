"""fileio.write_atomic: the old file or the new one, its mode kept, a symlink never replaced, IOP090."""
from __future__ import annotations

import os
import stat

import pytest

from iopdoc.errors import WriteError
from iopdoc.fileio import write_atomic


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_new_file_is_readable_by_all_and_nothing_is_left_over(tmp_path):
    target = tmp_path / "deep" / "er" / "out.html"
    write_atomic(target, b"<p>one</p>")
    assert target.read_bytes() == b"<p>one</p>"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert leftovers(target.parent) == []


def test_the_file_keeps_its_mode(tmp_path):
    target = tmp_path / "script.yaml"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.chmod(0o664)
    write_atomic(target, b"newer")
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


def test_a_symlink_is_not_replaced(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_bytes(b"real")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    with pytest.raises(WriteError) as raised:
        write_atomic(link, b"new")
    [problem] = raised.value.diagnostics
    assert problem.code == "IOP090" and problem.location.file == str(link)
    assert "symbolisk länk" in problem.sv and "symbolic link" in problem.en
    assert link.is_symlink() and real.read_bytes() == b"real"
    assert leftovers(tmp_path) == []


def test_a_dangling_symlink_is_not_replaced_either(tmp_path):
    link = tmp_path / "out.pdf"
    link.symlink_to(tmp_path / "nowhere" / "x.pdf")
    with pytest.raises(WriteError):
        write_atomic(link, b"%PDF")
    assert link.is_symlink()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_iop090_and_the_old_file_stays(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "out.html").write_bytes(b"old")
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteError) as raised:
            write_atomic(folder / "out.html", b"new")
    finally:
        folder.chmod(0o755)
    assert raised.value.diagnostics[0].code == "IOP090"
    assert (folder / "out.html").read_bytes() == b"old"


def test_a_file_where_the_folder_should_be_is_iop090(tmp_path):
    (tmp_path / "build").write_bytes(b"a file, not a folder")
    with pytest.raises(WriteError) as raised:
        write_atomic(tmp_path / "build" / "out.html", b"new")
    [problem] = raised.value.diagnostics
    assert problem.code == "IOP090" and problem.location.file.endswith("out.html")
    assert "kan inte skriva" in problem.sv


def test_a_folder_where_the_file_should_be_is_iop090(tmp_path):
    (tmp_path / "out.html").mkdir()
    with pytest.raises(WriteError) as raised:
        write_atomic(tmp_path / "out.html", b"new")
    assert raised.value.diagnostics[0].code == "IOP090"


def test_fmt_on_a_symlinked_source_says_so_and_keeps_the_link(cli, project, tmp_path):
    """`iopdoc fmt` used to replace a symlinked source by a regular file (cutting the link off)."""
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    source = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    real = elsewhere / source.name
    real.write_text(source.read_text(encoding="utf-8").replace("status: draft", "status:    draft"), encoding="utf-8")
    drafts = project / "drafts"
    drafts.mkdir()
    link = drafts / source.name
    link.symlink_to(real)
    before = real.read_bytes()
    result = cli("fmt", link, cwd=project)
    assert result.code == 1
    # refused when read (IOP005: a source is never a symlink), or else when written (IOP090)
    assert ("error[IOP005]" in result.err or "error[IOP090]" in result.err) and "symbolisk länk" in result.err
    assert "Traceback" not in result.err
    assert link.is_symlink() and real.read_bytes() == before

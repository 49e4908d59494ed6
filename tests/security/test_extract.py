"""Finding 3: `iopdoc extract` writes only a plain file name inside the chosen folder, and never unpacks a bomb."""
from __future__ import annotations

import pikepdf
import pytest

HOSTILE_NAMES = ["../.github/workflows/pwn.yaml", "/tmp/iopdoc-absolute-pwn.yaml", "a/b/c/", ".hidden.yaml",
                 "..", "x\n.yaml", "C:\\evil.yaml"]


def pdf_carrying(path, name: str, data: bytes = b"kind: agreement\n", compress: bool = True):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.attachments[name] = pikepdf.AttachedFileSpec(pdf, data, filename=name)
    pdf.save(path, compress_streams=compress)
    return path


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_name_from_the_pdf_is_never_a_path(cli, tmp_path, name):
    evil = pdf_carrying(tmp_path / "evil.pdf", name)
    here = tmp_path / "here"
    here.mkdir()
    for extra in ([], ["--force"], ["-o", here]):
        result = cli("extract", evil, *extra, "--lang", "en", cwd=here)
        assert result.code == 1, result
        refusal = "error[IOP083]: the PDF names its source" if name.endswith(".yaml") else "error[IOP081]"
        assert refusal in result.err and "Traceback" not in result.err
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "evil.pdf"]
    assert written == [] and not (tmp_path.parent / ".github").exists()
    assert not __import__("pathlib").Path("/tmp/iopdoc-absolute-pwn.yaml").exists()


def test_a_plain_name_is_written_inside_the_chosen_folder(cli, tmp_path):
    good = pdf_carrying(tmp_path / "good.pdf", "some-agreement-2025.yaml")
    folder = tmp_path / "into"
    folder.mkdir()
    assert cli("extract", good, "-o", folder).code == 0
    assert (folder / "some-agreement-2025.yaml").read_bytes() == b"kind: agreement\n"


def test_a_compression_bomb_and_broken_embedded_files_are_diagnostics(cli, tmp_path):
    bomb = pdf_carrying(tmp_path / "bomb.pdf", "bomb-2025.yaml", b"\0" * (64 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024, "the bomb is small on disk"
    result = cli("extract", bomb, "-o", tmp_path / "out.yaml", "--lang", "en")
    assert result.code == 1 and "error[IOP080]" in result.err and "larger than" in result.err
    assert not (tmp_path / "out.yaml").exists()

    broken = pikepdf.new()
    broken.add_blank_page()
    broken.Root.Names = pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("x.yaml"), pikepdf.Dictionary(Type=pikepdf.Name.Filespec)])))
    broken.save(tmp_path / "broken.pdf")
    result = cli("extract", tmp_path / "broken.pdf", "-o", tmp_path / "b.yaml", "--lang", "en")
    assert result.code == 1 and "error[IOP080]" in result.err and "Traceback" not in result.err

    (tmp_path / "truncated.pdf").write_bytes(bomb.read_bytes()[: bomb.stat().st_size // 2])
    result = cli("extract", tmp_path / "truncated.pdf", "-o", tmp_path / "t.yaml", "--lang", "en")
    assert result.code == 1 and "error[IOP08" in result.err and "Traceback" not in result.err

"""Word and PDF files from outside are read within bounds (issue #23, findings 4-6).

Each command that reads such a file (`import`, `review`, `extract`) is given one hostile file of
each kind: a Word part that inflates past its limit (a 40 MB `iopdoc/source.yaml`, the 1 GiB
source of the finding made small enough to write quickly), parts that together inflate too far,
too many parts, broken and hostile XML in `word/document.xml`; a PDF larger than the import's
limit, with more pages than it, with millions of text operators, with a Flate bomb. The answer
is the reader's own "unreadable" diagnostic naming the limit (IOP085 for `import`, IOP080 for
`review` and `extract`), never an internal error (IOP099) and never a source written.
`tests/test_fuzz_files.py` then runs a thousand mutated files through the same readers.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.test_fuzz_files import HOSTILE_XML, built, deflated_zeros, pdf_of, repacked, tiny_pdf, zip_bomb

XML_IDS = ["billion-laughs", "undefined-entity", "external-entity", "300000-deep", "unclosed", "empty", "random-bytes"]


@pytest.fixture(scope="module")
def word(tmp_path_factory) -> tuple[Path, bytes]:
    return built(tmp_path_factory, "docx")


def with_members(base: bytes, members: dict[str, int]) -> bytes:
    """`base` with each named member added (or put in place of the one of that name), `size` zero bytes
    inflated (deflated to little)."""
    data = repacked(base, lambda name, data: None if name in members else data)
    for name, size in members.items():
        data = zip_bomb(data, name, size)
    return data


def run_reader(cli, command: str, path: Path, root: Path):
    """`command` run on `path` in the project `root`; what it would write goes beside `path`."""
    if command == "import":
        return cli("--lang", "en", "import", path, "--id", "hostile", "--out", path.parent / "imported", cwd=root)
    if command == "review":
        return cli("--lang", "en", "review", path, "--source", root / "sources" / "minimal-agreement.yaml", cwd=root)
    return cli("--lang", "en", "extract", path, "-o", path.parent / "extracted.yaml", cwd=root)


def refused(result, folder: Path, code: str, *words: str):
    assert result.code == 1, (result.out, result.err)
    assert "IOP099" not in result.err and "Traceback" not in result.err, result.err
    assert f"error[{code}]" in result.err, result.err
    for word_ in words:
        assert word_ in result.err, result.err
    assert not (folder / "imported").exists() and not (folder / "extracted.yaml").exists()


CODES = {"import": "IOP085", "review": "IOP080", "extract": "IOP080"}
TOO_LARGE = {
    "a 40 MB source part": ({"iopdoc/source.yaml": 40 * 2**20}, "'iopdoc/source.yaml' inflates to more than 32 MB"),
    "a 20 MB XML part": ({"word/extra.xml": 20 * 2**20}, "'word/extra.xml' inflates to more than 16 MB"),
    "parts of 100 MB together": ({f"word/media/image{n}.bin": 25 * 2**20 for n in range(4)},
                                 "the parts inflate to more than 96 MB together"),
}


@pytest.mark.parametrize("command", sorted(CODES))
@pytest.mark.parametrize("case", sorted(TOO_LARGE))
def test_a_word_file_that_would_inflate_too_far_is_refused(cli, word, tmp_path, command, case):
    root, base = word
    members, message = TOO_LARGE[case]
    path = tmp_path / "hostile.docx"
    path.write_bytes(with_members(base, members))
    refused(run_reader(cli, command, path, root), tmp_path, CODES[command], message)


@pytest.mark.parametrize("command", sorted(CODES))
def test_a_word_file_with_too_many_parts_is_refused(cli, word, tmp_path, command):
    root, base = word
    out = io.BytesIO(base)
    with zipfile.ZipFile(out, "a") as package:
        for number in range(1001):
            package.writestr(f"customXml/item{number}.xml", b"<a/>")
    path = tmp_path / "hostile.docx"
    path.write_bytes(out.getvalue())
    refused(run_reader(cli, command, path, root), tmp_path, CODES[command], "more than 1000 parts")


@pytest.mark.parametrize("command", ["import", "review"])
@pytest.mark.parametrize("xml", HOSTILE_XML, ids=XML_IDS)
def test_broken_or_hostile_word_xml_is_unreadable_not_an_internal_error(cli, word, tmp_path, command, xml):
    root, base = word
    path = tmp_path / "hostile.docx"
    path.write_bytes(repacked(base, lambda name, data: xml if name == "word/document.xml" else data))
    result = run_reader(cli, command, path, root)
    assert "root:" not in result.err + result.out, "no external entity is resolved"
    if command == "review" and xml is HOSTILE_XML[2]:
        # review parses without resolving entities: the part is well-formed, the entity left empty
        assert result.code == 0 and "IOP099" not in result.err, result.err
        return
    refused(result, tmp_path, CODES[command])


def pages_pdf(count: int) -> bytes:
    """A PDF of `count` real pages (each in the page tree), one line of text each."""
    content = b"BT /F1 12 Tf 72 720 Td (Sida) Tj ET"
    kids = b" ".join(f"{5 + n} 0 R".encode() for n in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(count).encode() + b" >>",
               b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R "
                b">> >> >>"] * count
    return pdf_of(objects)


HOSTILE_PDFS = {
    "larger than 20 MB": (lambda: tiny_pdf(b"", raw=b"\0" * (21 * 2**20)), "the PDF is larger than 20 MB"),
    "301 pages": (lambda: pages_pdf(301), "more than 300 pages"),
    "3 million text operators": (lambda: tiny_pdf(b"BT /F1 1 Tf " + b"1 0 Td (x) Tj " * 3_000_000 + b"ET"),
                                 "reading it took more than 5 s"),
    # 400 MB of zeros: past the memory limit (zlib cannot allocate its buffer, which pdfminer reports as
    # its own error) or, on a slower or busier machine, past the time limit while pdfminer reads them
    "a Flate bomb": (lambda: tiny_pdf(b"", raw=deflated_zeros(400 * 2**20)), "the PDF cannot be read"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_PDFS))
def test_a_pdf_past_the_import_limits_is_unreadable(cli, word, tmp_path, case):
    root, _ = word
    make, message = HOSTILE_PDFS[case]
    path = tmp_path / "hostile.pdf"
    path.write_bytes(make())
    refused(run_reader(cli, "import", path, root), tmp_path, "IOP085", message)



def allocate(size: int) -> int:
    return len(bytearray(size))


def spin() -> None:
    while True:
        pass


def crash() -> None:
    import os

    os.abort()


def fail() -> None:
    raise ValueError("broken")


@pytest.mark.parametrize(("task", "args", "what"), [(allocate, (1024 * 2**20,), "memory"), (spin, (), "time"),
                                                    (crash, (), "crash")], ids=["1 GB", "endless", "abort"])
def test_the_bounded_child_stops_a_task_past_its_memory_or_time(task, args, what):
    """The child the PDF import runs in (iopdoc/bounded.py): 1 GB asked of a 100 MB limit, an endless
    loop given 1 s, a process that aborts: each is Exceeded with its reason, and this process is unharmed."""
    from iopdoc.bounded import Exceeded, run_bounded

    with pytest.raises(Exceeded) as raised:
        run_bounded(task, args, seconds=1, memory=100 * 2**20)
    assert raised.value.what == what
    assert run_bounded(allocate, (10 * 2**20,), seconds=30, memory=100 * 2**20) == 10 * 2**20


def test_the_bounded_child_reports_an_exception_by_kind():
    from iopdoc.bounded import Failed, run_bounded

    with pytest.raises(Failed) as raised:
        run_bounded(fail, (), seconds=30, memory=100 * 2**20)
    assert (raised.value.kind, raised.value.message) == ("ValueError", "broken")


def with_broken_part(base: bytes, name: str, how: str) -> bytes:
    """`base` with the part `name` broken inside the zip: its deflated data made invalid, its
    entry marked encrypted, or its compression method one zipfile cannot read (PPMd, 98)."""
    data = bytearray(base)
    with zipfile.ZipFile(io.BytesIO(base)) as package:
        info = package.getinfo(name)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    local = info.header_offset
    start = local + 30 + int.from_bytes(data[local + 26:local + 28], "little") + int.from_bytes(data[local + 28:local + 30], "little")
    central = data.find(b"PK\x01\x02")
    while data[central + 46:central + 46 + int.from_bytes(data[central + 28:central + 30], "little")] != name.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    if how == "invalid deflate":
        data[start:start + 8] = b"\xff" * 8  # a block of the reserved type
    elif how == "encrypted":
        data[central + 8:central + 10] = (info.flag_bits | 0x1).to_bytes(2, "little")
        data[local + 6:local + 8] = (info.flag_bits | 0x1).to_bytes(2, "little")
    else:
        data[central + 10:central + 12] = (98).to_bytes(2, "little")
        data[local + 8:local + 10] = (98).to_bytes(2, "little")
    return bytes(data)


@pytest.mark.parametrize("command", sorted(CODES))
@pytest.mark.parametrize("how", ["invalid deflate", "encrypted", "unknown method"])
@pytest.mark.parametrize("part", ["iopdoc/source.yaml", "word/document.xml"])
def test_a_part_zipfile_cannot_inflate_is_unreadable(cli, word, tmp_path, command, how, part):
    """Found by `make fuzz` (extract of a DOCX whose source part's deflated data was broken: zlib.error)."""
    root, base = word
    path = tmp_path / "hostile.docx"
    path.write_bytes(with_broken_part(base, part, how))
    result = run_reader(cli, command, path, root)
    if command == "extract" and part != "iopdoc/source.yaml":
        assert "IOP099" not in result.err and "Traceback" not in result.err, result.err
        return  # extract reads only iopdoc's parts
    refused(result, tmp_path, CODES[command])

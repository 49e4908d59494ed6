"""Fuzzing the readers of untrusted files: `import`, `review` and `extract` (issue #23, finding 4-6).

A seeded generator makes hostile and mutated DOCX and PDF files from real ones iopdoc built:
flipped and cut bytes, broken and hostile XML in the Word parts (billion laughs, undefined and
external entities, 300 000-deep nesting, random bytes), zip bombs (declared and undeclared),
oversized parts, a PDF with a Flate bomb, millions of text operators, a huge page count. Each input
goes through the reader; the only outcomes allowed are a result or an iopdoc diagnostic (never
another exception, which the CLI would report as IOP099), each within 10 s, and the whole run
within 500 MB of memory (this process and every bounded child).

`make test` runs FUZZ_FILES inputs per reader with a fixed seed; `make fuzz` runs 1000 per reader
with a new seed each run (IOPDOC_FUZZ_FILES, IOPDOC_FUZZ_SEED), printing the figures.
"""
from __future__ import annotations

import io
import os
import random
import resource
import shutil
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from iopdoc.errors import IopdocError
from iopdoc.readers.extract import read_embedded
from iopdoc.readers.importer import import_file
from iopdoc.readers.review import read_review
from iopdoc.resolve.project import Project
from tests.conftest import REPO

FUZZ_FILES = int(os.environ.get("IOPDOC_FUZZ_FILES", "25"))
SEED = int(os.environ.get("IOPDOC_FUZZ_SEED", "23"))
MAX_SECONDS = 10.0
MAX_MEMORY = 500 * 2**20
FIXTURE = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"

HOSTILE_XML = [
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;'
    b'&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 '
    b'"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;'
    b'&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    b'<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;'
    b'&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;'
    b'&lol8;&lol8;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    b'<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>',
    b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b'<w:body><w:p><w:r><w:t>&undefined;</w:t></w:r></w:p></w:body></w:document>',
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document '
    b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t>'
    b'</w:r></w:p></w:body></w:document>',
    b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    + b"<w:body>" + b"<w:p>" * 300_000 + b"</w:p>" * 300_000 + b"</w:body></w:document>",
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>'
    + b"<w:tr>" * 5000 + b"</w:body>",
    b"",
    b"\x00\xff\xfe<<<>>>",
]


def built(tmp_path_factory, fmt: str) -> tuple[Path, bytes]:
    root = tmp_path_factory.mktemp(f"fuzz-{fmt}")
    (root / "sources").mkdir()
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(FIXTURE, root / "sources" / FIXTURE.name)
    from iopdoc.pipeline.build import build_source

    result = build_source(Project(root), root / "sources" / FIXTURE.name, root / "out", formats=(fmt,))
    assert not result.failed, result.diagnostics
    return root, (root / "out" / f"minimal-agreement.{fmt}").read_bytes()


@pytest.fixture(scope="module")
def docx_base(tmp_path_factory):
    return built(tmp_path_factory, "docx")


@pytest.fixture(scope="module")
def pdf_base(tmp_path_factory):
    return built(tmp_path_factory, "pdf")


def flip(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        choice = rng.random()
        position = rng.randrange(len(data)) if data else 0
        if choice < 0.5 and data:
            data[position] = rng.randrange(256)
        elif choice < 0.7:
            data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        elif choice < 0.85 and data:
            del data[position:position + rng.randint(1, 256)]
        else:
            data = data[:position]
    return bytes(data)


def repacked(base: bytes, change) -> bytes:
    """The zip package `base` with each member passed through change(name, data) -> data or None."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info.filename))
            if data is not None:
                target.writestr(info.filename, data)
    return out.getvalue()


def zip_bomb(base: bytes, name: str, size: int) -> bytes:
    out = io.BytesIO(base)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        with target.open(name, "w", force_zip64=True) as member:
            block = b"\0" * 2**20
            for _ in range(size // len(block)):
                member.write(block)
    return out.getvalue()


def lying_sizes(data: bytes, rng: random.Random) -> bytes:
    """Every central-directory entry's declared size replaced by a random (small or huge) one."""
    data = bytearray(data)
    position = data.find(b"PK\x01\x02")
    while position != -1:
        data[position + 24:position + 28] = rng.choice([1, 10, 2**31 - 1, rng.randrange(2**32)]).to_bytes(4, "little")
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def hostile_docx(rng: random.Random, base: bytes, bomb: bytes, number: int) -> bytes:
    """The zip bomb first (the same file every time: once is enough), then mutations."""
    kind = 4 if number == 0 else rng.choice([0, 1, 2, 3, 5, 6])
    if kind == 0:
        return flip(rng, base)
    if kind == 1:
        target = rng.choice(["word/document.xml", "word/styles.xml", "word/comments.xml", "word/numbering.xml",
                             "[Content_Types].xml", "word/_rels/document.xml.rels"])
        xml = rng.choice(HOSTILE_XML)
        return repacked(base, lambda name, data: xml if name == target else data)
    if kind == 2:
        target = rng.choice(["word/document.xml", "word/styles.xml", "[Content_Types].xml", "_rels/.rels"])
        return repacked(base, lambda name, data: flip(rng, data) if name == target else data)
    if kind == 3:
        dropped = rng.choice(["word/document.xml", "word/styles.xml", "[Content_Types].xml", "_rels/.rels"])
        return repacked(base, lambda name, data: None if name == dropped else data)
    if kind == 4:
        return bomb
    if kind == 5:
        return lying_sizes(base, rng)
    return bytes(rng.randrange(256) for _ in range(rng.randint(0, 4096)))


PDF_HEADER = b"%PDF-1.7\n"


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF file of `objects` (numbered from 1, the catalog first), with its cross-reference table."""
    out = bytearray(PDF_HEADER)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def tiny_pdf(content: bytes, *, count: int = 1, filters: bytes = b"/FlateDecode", raw: bytes | None = None) -> bytes:
    """A hand-made PDF with one page whose content stream is `content` (compressed), claiming `count` pages."""
    stream = raw if raw is not None else zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count " + str(count).encode() + b" >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter " + filters + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_of(objects)


def hostile_pdf(rng: random.Random, base: bytes, fixed: list[bytes], number: int) -> bytes:
    """The fixed hostile files first (each is the same every time: once is enough), then mutations."""
    if number < len(fixed):
        return fixed[number]
    kind = rng.randrange(5)
    if kind == 0:
        return flip(rng, base)
    if kind == 1:
        return base[: rng.randrange(len(base))]
    if kind == 2:
        return tiny_pdf(b"BT /F1 12 Tf 72 720 Td (Hej) Tj ET", count=rng.choice([100_000, 2**31, -1]))
    if kind == 3:
        nested = b"[" * rng.randint(1000, 100_000) + b"]" * rng.randint(0, 1000)
        return tiny_pdf(b"BT /F1 12 Tf " + nested + b" TJ ET")
    return PDF_HEADER + bytes(rng.randrange(256) for _ in range(rng.randint(0, 4096)))


def deflated_zeros(size: int) -> bytes:
    """`size` zero bytes, Flate-compressed without ever holding them all."""
    packer = zlib.compressobj(9)
    block = b"\0" * 2**20
    return b"".join(packer.compress(block) for _ in range(size // len(block))) + packer.flush()


class Budget:
    """Each run's time, the slowest, and what went wrong."""

    def __init__(self):
        self.slowest = 0.0
        self.slowest_label = ""
        self.problems: list[str] = []
        self.outcomes: dict[str, int] = {}

    def run(self, label: str, call) -> None:
        started = time.perf_counter()
        try:
            call()
            outcome = "ok"
        except IopdocError as exc:
            outcome = exc.diagnostics[0].code if exc.diagnostics else "IopdocError"
            if outcome == "IOP099":
                self.problems.append(f"{label}: IOP099")
        except Exception as exc:  # noqa: BLE001 - exactly what must not happen
            outcome = "crash"
            self.problems.append(f"{label}: {type(exc).__name__}: {str(exc)[:200]}")
        seconds = time.perf_counter() - started
        if seconds > self.slowest:
            self.slowest, self.slowest_label = seconds, f"{label} ({outcome})"
        if seconds > MAX_SECONDS:
            self.problems.append(f"{label}: {seconds:.1f} s")
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


def peak_memory() -> int:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return max(own, children)


def report(name: str, budget: Budget, count: int) -> None:
    print(f"\nfuzz {name}: {count} inputs, seed {SEED}, slowest {budget.slowest:.2f} s ({budget.slowest_label}), peak memory "
          f"{peak_memory() / 2**20:.0f} MB, outcomes {dict(sorted(budget.outcomes.items()))}")
    assert budget.problems == [], budget.problems
    assert peak_memory() < MAX_MEMORY


def test_import_and_review_survive_hostile_word_files(docx_base, tmp_path):
    root, base = docx_base
    bomb = zip_bomb(base, "iopdoc/bomb.xml", 200 * 2**20)
    rng = random.Random(SEED)
    project = Project(root)
    imports, reviews = Budget(), Budget()
    for number in range(FUZZ_FILES):
        path = tmp_path / f"in-{number}.docx"
        path.write_bytes(hostile_docx(rng, base, bomb, number))
        imports.run(f"import #{number}", lambda: import_file(path, "fuzz", None, tmp_path / "fuzz.yaml", project))
        reviews.run(f"review #{number}", lambda: read_review(path, project, root / "sources" / FIXTURE.name))
        path.unlink()
    report("import (docx)", imports, FUZZ_FILES)
    report("review", reviews, FUZZ_FILES)


def test_import_and_extract_survive_hostile_pdfs(pdf_base, docx_base, tmp_path):
    root, base = pdf_base
    _, docx = docx_base
    operators = tiny_pdf(b"BT /F1 1 Tf " + b"1 0 Td (x) Tj " * 3_000_000 + b"ET")
    flate_bomb = tiny_pdf(b"", raw=deflated_zeros(400 * 2**20))
    bomb = zip_bomb(docx, "iopdoc/source.yaml", 200 * 2**20)
    rng = random.Random(SEED + 1)
    project = Project(root)
    imports, extracts = Budget(), Budget()
    for number in range(FUZZ_FILES):
        path = tmp_path / f"in-{number}.pdf"
        path.write_bytes(hostile_pdf(rng, base, [operators, flate_bomb], number))
        imports.run(f"import #{number}", lambda: import_file(path, "fuzz", None, tmp_path / "fuzz.yaml", project))
        extracts.run(f"extract #{number}", lambda: read_embedded(path))
        word = tmp_path / f"in-{number}.docx"
        word.write_bytes(hostile_docx(rng, docx, bomb, number))
        extracts.run(f"extract docx #{number}", lambda: read_embedded(word))
        path.unlink()
        word.unlink()
    report("import (pdf)", imports, FUZZ_FILES)
    report("extract", extracts, 2 * FUZZ_FILES)

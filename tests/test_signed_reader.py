"""readers/signatures.py's PDF reader: pyHanko's, with each object stream's header read once.

It must give exactly what pyHanko's own reader gives, object for object, also for object streams
whose header is broken or repeats a number: those files are written here by hand.
"""
from __future__ import annotations

import io
import re

import pytest


def object_stream_pdf(header: bytes, bodies: list[bytes]) -> bytes:
    """A PDF whose objects 1, 2 and 3 live in object stream 10 (uncompressed, with `header` as
    its header) and whose cross-reference stream 11 says so."""
    body = b" ".join(bodies)
    stream = header + b" " + body
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    offsets[10] = out.tell()
    out.write(b"10 0 obj\n<< /Type /ObjStm /N 3 /First %d /Length %d >>\nstream\n" % (len(header) + 1, len(stream))
              + stream + b"\nendstream\nendobj\n")
    rows = [bytes([0, 0, 0, 255])]  # object 0: free
    rows += [bytes([2, 0, 10, index]) for index in range(3)]  # objects 1-3 in stream 10
    rows += [bytes([0, 0, 0, 0])] * 6  # objects 4-9: free
    rows.append(bytes([1]) + offsets[10].to_bytes(2, "big") + bytes([0]))
    offsets[11] = out.tell()
    rows.append(bytes([1]) + offsets[11].to_bytes(2, "big") + bytes([0]))
    table = b"".join(rows)
    out.write(b"11 0 obj\n<< /Type /XRef /Size 12 /W [1 2 1] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
              + table + b"\nendstream\nendobj\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % offsets[11])
    return out.getvalue()


CATALOG, PAGES, EXTRA = b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>", b"<< /A 1 >>"


def offsets_header(numbers: list[bytes]) -> tuple[bytes, list[bytes]]:
    bodies = [CATALOG, PAGES, EXTRA]
    places, at = [], 0
    for body in bodies:
        places.append(at)
        at += len(body) + 1
    return b" ".join(n + b" " + str(p).encode() for n, p in zip(numbers, places)), bodies


def every_object(reader_class, data: bytes) -> dict:
    """Each object of each revision as `repr` (without memory addresses), or the exception reading
    it raised."""
    from pyhanko.pdf_utils import generic

    def said(obj) -> str:
        return re.sub(r" at 0x[0-9a-f]+", "", repr(obj))

    reader = reader_class(io.BytesIO(data), strict=False)
    found = {}
    for revision in range(reader.xrefs.total_revisions):
        for number in range(1, 12):
            try:
                found[revision, number] = said(reader.get_object(generic.Reference(number, 0, reader), revision=revision))
            except Exception as exc:  # noqa: BLE001: what pyHanko raises is part of what must be the same
                found[revision, number] = type(exc).__name__
        try:
            found[revision, "current"] = said(reader.get_object(generic.Reference(3, 0, reader)))
        except Exception as exc:  # noqa: BLE001
            found[revision, "current"] = type(exc).__name__
    return found


@pytest.mark.parametrize("numbers", [
    [b"1", b"2", b"3"],  # a sound header
    [b"1", b"x", b"3"],  # broken at the second entry: pyHanko reads object 1, and null for 2 and 3
    [b"1", b"1", b"3"],  # a number twice: the first entry wins, object 2 is not there
    [b"3", b"2", b"1"],  # numbers in another order than the stream's index says
])
def test_the_indexed_reader_reads_what_pyhankos_reader_reads(numbers):
    from pyhanko.pdf_utils.reader import PdfFileReader

    from iopdoc.readers.signatures import indexed_reader_class

    data = object_stream_pdf(*offsets_header(numbers))
    theirs, ours = every_object(PdfFileReader, data), every_object(indexed_reader_class(), data)
    assert ours == theirs
    assert "/Catalog" in theirs[0, 1] or numbers[0] != b"1"  # the file is read at all


def test_a_broken_header_gives_pyhankos_null_objects():
    from iopdoc.readers.signatures import indexed_reader_class

    found = every_object(indexed_reader_class(), object_stream_pdf(*offsets_header([b"1", b"x", b"3"])))
    null = "<pyhanko.pdf_utils.generic.NullObject object>"
    assert "/Catalog" in found[0, 1] and found[0, 2] == found[0, 3] == null, found

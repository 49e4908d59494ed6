"""The archival PDF finished after WeasyPrint: PDF/A-3a that is also PDF/UA-1, one file to publish and archive.

WeasyPrint 70's `pdf/a-3a` variant writes a tagged PDF/A-3a whose XMP metadata stream is
compressed (FlateDecode), which PDF/A forbids (ISO 19005-2/3, 6.6.2.1: a metadata stream has no
Filter), and it claims PDF/A only. Here, with pikepdf, the catalog's XMP packet is rewritten
uncompressed and gains the PDF/UA identification (`pdfuaid:part` 1, ISO 14289-1, 5), declared in
a PDF/A extension schema as PDF/A requires for a namespace it does not predefine. A stream whose
stored data ends in a carriage return is wrapped in ASCIIHexDecode (`end_unambiguously`). Nothing
else in the file changes: streams are written as they are; the trailer's first ID stays the
caller's, the second is derived from the content, so the bytes stay reproducible.
"""
from __future__ import annotations

import io

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFUA_ID = "http://www.aiim.org/pdfua/ns/id/"
XMP_START, XMP_END = b"<x:xmpmeta", b"</x:xmpmeta>"

# ISO 14289-1's identification schema, declared for PDF/A (ISO 19005-3, 6.6.2.3.1) the way the
# PDF/UA reference suite and veraPDF expect it.
PDFUA_IDENTIFICATION = f"""<rdf:Description xmlns:rdf="{RDF}" rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"
 xmlns:pdfuaid="{PDFUA_ID}" pdfuaid:part="1">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>{PDFUA_ID}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>""".encode("utf-8")


def with_accessible_identification(packet: bytes) -> bytes:
    """The XMP packet with the PDF/UA-1 identification (and its PDF/A extension schema) added to its
    rdf:RDF, unless it already claims PDF/UA; the packet's header and trailer stay as they were."""
    from lxml import etree

    start, end = packet.index(XMP_START), packet.rindex(XMP_END) + len(XMP_END)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(packet[start:end], parser)
    rdf = root.find(f"{{{RDF}}}RDF")
    if rdf is None:
        raise ValueError("the XMP packet has no rdf:RDF")
    claims_ua = any(f"{{{PDFUA_ID}}}part" in element.attrib for element in rdf)
    if not claims_ua:
        rdf.append(etree.fromstring(PDFUA_IDENTIFICATION, parser))
    return packet[:start] + etree.tostring(root, encoding="utf-8") + packet[end:]


def finish_archival(data: bytes) -> bytes:
    """WeasyPrint's PDF/A-3a bytes, finished: XMP metadata uncompressed and claiming PDF/UA-1 too,
    and no stream whose data ends in a carriage return."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        packet = pdf.Root.Metadata.read_bytes()
        pdf.Root.Metadata = pikepdf.Stream(pdf, with_accessible_identification(packet),
                                           Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
        for stream in [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]:
            end_unambiguously(stream)
        out = io.BytesIO()
        # Streams are written as they are (no filter decoded, none added; qpdf leaves a Metadata stream
        # uncompressed). A deterministic second ID keeps the bytes reproducible.
        pdf.save(out, deterministic_id=True, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def end_unambiguously(stream) -> None:
    """A stream whose stored data ends in CR gets an ASCIIHexDecode layer (its data then ends in `>`).

    qpdf ends stream data with LF before `endstream`; after a final CR of the data, a checker reads
    CR LF as the end-of-line marker and finds /Length one byte too long (PDFA3A-STREAM-LENGTH-001,
    ISO 19005-2/3, 6.1.7.1). A Flate stream ends in the Adler-32 of its content, so this happens to
    about one stream in 256 (a font, a page) whatever the content, and no recompression avoids it.
    """
    import binascii

    import pikepdf

    raw = stream.read_raw_bytes()
    if not raw.endswith(b"\r"):
        return
    filters = stream.get("/Filter")
    filters = [] if filters is None else [filters] if isinstance(filters, pikepdf.Name) else list(filters)
    parms = stream.get("/DecodeParms")
    parms = None if parms is None else [parms] if isinstance(parms, pikepdf.Dictionary) else list(parms)
    stream.write(binascii.hexlify(raw) + b">", filter=[pikepdf.Name.ASCIIHexDecode, *filters],
                 decode_parms=None if parms is None else [None, *parms])

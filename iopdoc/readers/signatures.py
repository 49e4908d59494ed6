"""Reading a signed PDF's signatures with pyHanko: integrity, signer, time, PAdES level, trust, later changes.

The only module that imports pyHanko and pyhanko-certvalidator, and only when a signed PDF is read.
Nothing is fetched from the network: revocation data comes from the file itself (its DSS) or
nowhere, and trust comes only from the roots the project names.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from iopdoc.errors import Location, SourceError, error
from iopdoc.quoting import excerpt

PADES_SUBFILTER = "/ETSI.CAdES.detached"


@dataclass(frozen=True)
class SignatureStatus:
    """One signature (or document time-stamp) as the file shows it."""

    field: str
    kind: str  # "signature" or "timestamp" (a document time-stamp, PAdES B-LTA)
    revision: int  # the revision it signs (0 is the file as built)
    covered_until: int  # the byte offset up to which its ranges reach, the hole for its own value excepted
    hole_start: int  # where the hole for its own value begins
    intact: bool  # the bytes it covers are those it signed
    valid: bool  # the cryptographic signature holds (and the certificate was valid when it was made)
    trusted: bool  # the certificate chains to one of the named roots
    signer: str  # the certificate's subject, as people read it
    signing_time: dt.datetime | None  # what the signer's software claims
    timestamp: dt.datetime | None  # from a time-stamp token, when there is one (checked)
    timestamp_ok: bool | None  # None: no time-stamp
    level: str  # PAdES baseline level: B-B, B-T, B-LT, B-LTA; "" when not a PAdES signature
    changes_ok: bool  # what was added after it is form filling, later signatures or validation data
    changes: str  # what pyHanko's difference analysis says was changed, when not allowed
    problem_sv: str  # why it is not valid or trusted, in Swedish ("" when it is)
    problem_en: str  # the same in English
    pages: tuple[int, ...] = ()  # the pages (from 1) whose content changed or that were added after it


@dataclass(frozen=True)
class SignedFile:
    """Every signature in a PDF, in signing order, and where each revision of the file ends."""

    signatures: tuple[SignatureStatus, ...]
    revision_ends: tuple[int, ...]  # the byte offset where each revision ends (after its %%EOF)
    # signature values the bytes hold (`/ByteRange` arrays, which are never compressed): more than
    # `signatures` means one was damaged or unhooked so that it is no longer found
    declared: int = 0


def load_trust_roots(paths, name: str):
    """The certificates in PEM or DER files, as pyHanko reads them; a file that is no certificate
    is a diagnostic naming it."""
    from asn1crypto import pem, x509

    roots, problems = [], []
    for path in paths:
        try:
            data = Path(path).read_bytes()
            blobs = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            for der in blobs:
                roots.append(x509.Certificate.load(der))
                roots[-1].native  # parse now: a broken certificate is said here, not during validation
        except OSError as exc:
            problems.append(error("IOP062", Location(str(path)), f"betrodd rot kan inte läsas: {exc.strerror}.",
                                  f"trust root cannot be read: {exc.strerror}."))
        except (ValueError, TypeError) as exc:
            problems.append(error("IOP062", Location(str(path)),
                                  f"är inget certifikat (PEM eller DER): {exc}. Ange certifikatet för en rot-CA.",
                                  f"is not a certificate (PEM or DER): {exc}. Name a root CA's certificate."))
    if problems:
        raise SourceError(problems)
    return roots


@functools.cache
def indexed_reader_class():
    """pyHanko's PdfFileReader, reading an object from an object stream without reading the
    stream's header again each time.

    pyHanko finds an object in an object stream by reading the stream's header (pairs of object
    number and offset) from its start up to that object, for every object it reads, and it never
    keeps an object read for an earlier revision. Its difference analysis reads every object of
    every revision, so a PDF whose few hundred objects sit in object streams (WeasyPrint writes
    them) cost most of `verify`'s own time in reading headers: about 165 000 tokens for 300
    objects. Here each stream's header is read once into a table; the object is then read where the
    table says, exactly as pyHanko reads it. Whatever is unusual (strict reading, a stream that
    is no object stream, an index out of range, a header that does not read to its end as
    pyHanko would read it) goes to pyHanko's own method, so the objects, the null objects and the
    errors are those pyHanko gives.
    """
    from pyhanko.pdf_utils import generic, misc
    from pyhanko.pdf_utils.decode_limits import DecodePurpose
    from pyhanko.pdf_utils.reader import PdfFileReader

    class IndexedPdfFileReader(PdfFileReader):
        def _get_object_from_stream(self, idnum, stmnum, idx):
            tables = self.__dict__.setdefault("_iopdoc_object_streams", {})
            if stmnum not in tables:
                tables[stmnum] = None if self.strict else object_stream_table(self, stmnum)
            table = tables[stmnum]
            if table is None or not 0 <= idx < table[3]:
                return super()._get_object_from_stream(idnum, stmnum, idx)
            data, first, offsets, _ = table
            if idnum not in offsets:  # not in the header, or after where it stops reading: pyHanko's null
                return generic.NullObject()
            stream_data = io.BytesIO(data)
            stream_data.seek(first + offsets[idnum])
            try:
                obj = generic.read_object(stream_data, generic.Reference(idnum, 0, self))
            except (misc.PdfStreamError, misc.PdfReadError):
                obj = generic.NullObject()  # as pyHanko does when not strict (it logs a warning)
            if isinstance(obj, (generic.StreamObject, generic.IndirectObject)):
                return obj
            generic.read_non_whitespace(stream_data, seek_back=True, allow_eof=True)
            return obj

    def object_stream_table(reader, stmnum):
        """(decoded data, /First, {object number: offset} for the header's entries as pyHanko reads
        them (the first entry of a number wins; a ValueError ends the header), /N); None when
        pyHanko's own method is to read it (it raises or says null the way it does)."""
        try:
            stream = generic.Reference(stmnum, 0, reader).get_object()
            if not isinstance(stream, generic.StreamObject) or stream["/Type"] != "/ObjStm":
                return None
            count, first = stream["/N"], stream["/First"]
            data = stream.read_data(DecodePurpose.OBJECT_STREAM)
            header = io.BytesIO(data)
            offsets = {}
            for _ in range(count):
                try:
                    misc.read_non_whitespace(header, seek_back=True)
                    number = generic.NumberObject.read_from_stream(header)
                    misc.read_non_whitespace(header, seek_back=True)
                    offset = generic.NumberObject.read_from_stream(header)
                    misc.read_non_whitespace(header, seek_back=True)
                except ValueError:
                    break
                offsets.setdefault(number, offset)
            return data, first, offsets, count
        except Exception:  # noqa: BLE001: pyHanko's method meets the same problem and answers it its way
            return None

    return IndexedPdfFileReader


def read_signed_pdf(data: bytes, trust_roots, name: str) -> SignedFile:
    """The signatures in `data`; a file pyHanko cannot read is IOP080 naming `name`."""
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # its findings come back as values, said by us
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    try:
        reader = indexed_reader_class()(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
        ends = revision_ends(data, reader)
        dss = dss_history(reader)
    except Exception as exc:  # noqa: BLE001: a hostile file makes a PDF parser raise nearly anything
        raise SourceError([error("IOP080", Location(name), f"kan inte läsas som undertecknad PDF: {excerpt(exc, 120)}.",
                                 f"cannot be read as a signed PDF: {excerpt(exc, 120)}.")]) from None
    stamps = [sig.signed_revision for sig in embedded if sig.sig_object_type == "/DocTimeStamp"]
    intact = {}
    for sig in embedded:
        try:
            intact[id(sig)] = digest_matches(sig)
        except Exception:  # noqa: BLE001: said as a broken signature below
            intact[id(sig)] = False
    # When any signature's bytes changed, the file is not the signed one whatever came after the
    # others: their difference analysis (the slow part, reading every object of every revision) is
    # skipped; their integrity, signer and trust are still said.
    tampered = not all(intact.values())
    statuses = []
    analysed_clean = False
    for sig in sorted(embedded, key=lambda s: s.signed_revision):
        try:
            # The analysis after the earliest signature covers every later revision: when it finds
            # only form filling, signatures and validation data, so would each later signature's
            # (its revisions are a subset), so theirs is not run again. Otherwise each is run, to
            # say which signatures the changes came after.
            status = status_of(sig, reader, trust_roots, dss, stamps, intact[id(sig)], tampered or analysed_clean)
            analysed_clean = analysed_clean or (status.intact and status.valid and status.changes_ok)
            statuses.append(status)
        except Exception as exc:  # noqa: BLE001: the same for one signature's contents
            statuses.append(broken(sig, excerpt(exc, 160)))
    return SignedFile(tuple(statuses), ends, len(re.findall(rb"/ByteRange\s*\[", data)))


def revision_ends(data: bytes, reader) -> tuple[int, ...]:
    """Where each revision ends: after the `%%EOF` that follows its cross-reference section."""
    ends = []
    for revision in range(reader.xrefs.total_revisions):
        start = reader.xrefs.get_startxref_for_revision(revision)
        found = re.compile(rb"%%EOF[\r\n]*").search(data, start)
        ends.append(found.end() if found else len(data))
    return tuple(ends)


def dss_history(reader) -> list[tuple[int, frozenset[bytes]]]:
    """For each revision with a DSS (validation data, PAdES B-LT), the certificates it holds."""
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    history = []
    for revision in range(reader.xrefs.total_revisions):
        if "/DSS" in reader.get_historical_root(revision):
            store = DocumentSecurityStore.read_dss(reader.get_historical_resolver(revision))
            history.append((revision, frozenset(cert.sha256 for cert in store.load_certs())))
    return history


def timestamp_time(sig) -> dt.datetime | None:
    """The time in the signature's own time-stamp token, unchecked (checked with the signature)."""
    from pyhanko.sign.general import NonexistentAttributeError, find_unique_cms_attribute

    try:
        token = find_unique_cms_attribute(sig.signer_info["unsigned_attrs"], "signature_time_stamp_token")
        return token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
    except (NonexistentAttributeError, KeyError, ValueError, TypeError):
        return None


def level_of(sig, dss: list[tuple[int, frozenset[bytes]]], stamps: list[int]) -> str:
    """The PAdES baseline level the file shows for a signature (ETSI EN 319 142-1, 6)."""
    subfilter = str(sig.sig_object.get("/SubFilter", ""))
    if subfilter != PADES_SUBFILTER:
        return ""
    timed = timestamp_time(sig) is not None or any(rev > sig.signed_revision for rev in stamps)
    if not timed:
        return "B-B"
    signer = sig.signer_cert.sha256
    kept = [revision for revision, certs in dss if revision > sig.signed_revision and signer in certs]
    if not kept:
        return "B-T"
    if any(rev >= kept[0] for rev in stamps):  # a document time-stamp over the validation data
        return "B-LTA"
    return "B-LT"


def validation_context(reader, trust_roots, moment: dt.datetime | None):
    """Trust only in the named roots, revocation data only from the file, nothing fetched."""
    from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
    from pyhanko_certvalidator import ValidationContext

    settings = {"trust_roots": list(trust_roots), "allow_fetching": False, "revocation_mode": "soft-fail"}
    if moment is not None:
        settings["moment"] = moment
    try:
        return DocumentSecurityStore.read_dss(reader).as_validation_context(settings)
    except NoDSSFoundError:
        return ValidationContext(**settings)


def status_of(sig, reader, trust_roots, dss, stamps, intact: bool, skip_diff: bool) -> SignatureStatus:
    from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

    # after a signature: nothing, form filling (other fields signed), validation data and time-stamps
    ALLOWED_CHANGES = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING}
    is_stamp = sig.sig_object_type == "/DocTimeStamp"
    moment = timestamp_time(sig)
    byte_range = [int(x) for x in sig.byte_range]
    common = dict(field=str(sig.field_name), kind="timestamp" if is_stamp else "signature",
                  revision=sig.signed_revision, covered_until=byte_range[2] + byte_range[3],
                  hole_start=byte_range[1])
    if not intact:  # a changed byte needs no certificate path to be said
        return SignatureStatus(**common, intact=False, valid=False, trusted=False,
                               signer=person(sig.signer_cert), signing_time=None, timestamp=None,
                               timestamp_ok=None, level="", changes_ok=True, changes="",
                               problem_sv=BYTES_CHANGED[0], problem_en=BYTES_CHANGED[1])
    context = validation_context(reader, trust_roots, moment)
    if is_stamp:
        status = validate_pdf_timestamp(sig, context, skip_diff=skip_diff)
    else:
        status = validate_pdf_signature(sig, context, context, skip_diff=skip_diff)
    diff = status.diff_result
    changes_ok = skip_diff or (status.modification_level in ALLOWED_CHANGES and status.docmdp_ok is not False
                               and not isinstance(diff, SuspiciousModification))
    stamp = getattr(status, "timestamp_validity", None)
    problem_sv, problem_en = ("", "") if status.valid and status.trusted else describe_problem(status)
    return SignatureStatus(
        **common, intact=bool(status.intact), valid=bool(status.valid), trusted=bool(status.trusted),
        signer=person(status.signing_cert),
        signing_time=None if is_stamp else sig.self_reported_timestamp,
        timestamp=status.timestamp if is_stamp else (stamp.timestamp if stamp else None),
        timestamp_ok=True if is_stamp and status.valid and status.trusted else
        (None if stamp is None else bool(stamp.intact and stamp.valid and stamp.trusted)),
        level="" if is_stamp else level_of(sig, dss, stamps),
        changes_ok=changes_ok, changes="" if changes_ok else str(diff or status.modification_level),
        problem_sv=problem_sv, problem_en=problem_en, pages=() if changes_ok else changed_pages(reader, sig.signed_revision))


def page_references(pages, depth: int = 0):
    """The page objects' references in a page tree, in order (depth bounded: the file is untrusted)."""
    if depth > 32:
        return
    for kid in pages.get("/Kids", ()):
        node = kid.get_object()
        if node.get("/Type") == "/Pages":
            yield from page_references(node, depth + 1)
        else:
            yield kid.reference, node


def changed_pages(reader, revision: int) -> tuple[int, ...]:
    """The pages (from 1) whose content streams were replaced after `revision`, or that did not
    exist in it: what a reader is told changed after a signature, beside pyHanko's own words."""
    before = {ref for ref, _ in page_references(reader.get_historical_root(revision)["/Pages"])}
    changed = []
    for number, (ref, page) in enumerate(page_references(reader.root["/Pages"]), start=1):
        contents = page.raw_get("/Contents") if "/Contents" in page else None
        streams = contents.get_object() if contents is not None else ()
        refs = [getattr(c, "reference", None) for c in streams] if isinstance(streams, list) else [
            getattr(contents, "reference", None)]
        if ref not in before or any(r is not None and reader.xrefs.get_last_change(r) > revision for r in refs) or \
                reader.xrefs.get_last_change(ref) > revision and _contents_differ(reader, ref, revision):
            changed.append(number)
    return tuple(changed)


def _contents_differ(reader, ref, revision: int) -> bool:
    old = reader.get_historical_resolver(revision)(ref)
    new = ref.get_object()
    return old.raw_get("/Contents") != new.raw_get("/Contents") if "/Contents" in old and "/Contents" in new else True


def person(cert) -> str:
    """Who a certificate names, as people say it: its common name and organisation."""
    names = cert.subject.native
    common, organisation = names.get("common_name"), names.get("organization_name")
    if not common:
        return cert.subject.human_friendly
    return f"{common} ({organisation})" if organisation else str(common)


def digest_matches(sig) -> bool:
    """Whether the digest of the bytes the signature covers is the one it signed (the first thing
    pyHanko's validation checks too, said here without validating any certificate)."""
    from pyhanko.sign.general import find_unique_cms_attribute

    if sig.sig_object_type == "/DocTimeStamp":
        signed = sig.signed_data["encap_content_info"]["content"].parsed["message_imprint"]["hashed_message"].native
    else:
        signed = find_unique_cms_attribute(sig.signer_info["signed_attrs"], "message_digest").native
    return sig.compute_digest() == signed


BYTES_CHANGED = ("de undertecknade byten har ändrats", "the signed bytes have changed")
# Why pyHanko finds no trust (ETSI EN 319 102-1 sub-indications), as people read it; any other is
# named as pyHanko names it.
TRUST_PROBLEMS = {
    "NO_CERTIFICATE_CHAIN_FOUND": ("ingen kedja till en betrodd rot", "no chain to a trusted root"),
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": ("certifikatkedjan håller inte", "the certificate chain does not hold"),
    "CHAIN_CONSTRAINTS_FAILURE": ("certifikatkedjan bryter mot sina villkor", "the certificate chain breaks its constraints"),
    "EXPIRED": ("certifikatet hade gått ut", "the certificate had expired"),
    "NOT_YET_VALID": ("certifikatet gällde ännu inte", "the certificate was not yet valid"),
    "OUT_OF_BOUNDS_NO_POE": ("certifikatet gällde inte när underskriften gjordes",
                             "the certificate was not valid when the signature was made"),
    "OUT_OF_BOUNDS_NOT_REVOKED": ("certifikatet gällde inte när underskriften gjordes",
                                  "the certificate was not valid when the signature was made"),
    "REVOKED": ("certifikatet är återkallat", "the certificate is revoked"),
    "REVOKED_NO_POE": ("certifikatet är återkallat", "the certificate is revoked"),
    "REVOKED_CA_NO_POE": ("utfärdarens certifikat är återkallat", "the issuer's certificate is revoked"),
    "TRY_LATER": ("spärrinformationen finns inte än", "the revocation information is not available yet"),
    "CRYPTO_CONSTRAINTS_FAILURE": ("algoritmen eller nyckeln är för svag", "the algorithm or key is too weak"),
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": ("algoritmen eller nyckeln är för svag", "the algorithm or key is too weak"),
}


def describe_problem(status) -> tuple[str, str]:
    """Why a signature is not valid or trusted, in Swedish and in English."""
    if not status.intact:
        return BYTES_CHANGED
    if not status.valid:
        return "den kryptografiska underskriften håller inte", "the cryptographic signature does not hold"
    indication = getattr(status, "trust_problem_indic", None)
    name = indication.name if indication else "okänt skäl"
    sv, en = TRUST_PROBLEMS.get(name, (f"ingen väg till en betrodd rot ({name})",
                                       f"no path to a trust root ({indication.name if indication else 'unknown'})"))
    return sv, en


def broken(sig, why: str) -> SignatureStatus:
    return SignatureStatus(field=str(getattr(sig, "field_name", "?")), kind="signature", revision=-1, covered_until=0,
                           hole_start=0, intact=False, valid=False, trusted=False, signer="", signing_time=None,
                           timestamp=None, timestamp_ok=None, level="", changes_ok=False, changes="",
                           problem_sv=f"underskriften kan inte läsas (pyHanko: {why})",
                           problem_en=f"the signature cannot be read: {why}")

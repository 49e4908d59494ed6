"""Signed = source: signature fields in the PDF, signing by the tests' own CA, `iopdoc verify`, tampering.

Everything is real: WeasyPrint builds, pyHanko signs as a signing service would (signing_ca.py),
pyHanko and pyhanko-certvalidator verify, git checks out the commit, the outside PDF/UA validator
(page-validation) reads the files. The agreement is the tests' own (a region and a foundation,
part years, a quarterly payment), not one of the project's sources.
"""
from __future__ import annotations

import io
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from iopdoc.errors import IopdocError
from tests.conftest import REPO
from tests.signing_ca import Authority, SigningService, write_root

AGREEMENT = "region-stiftelsen-2026"
SOURCE = f"""\
kind: agreement
id: {AGREEMENT}
title: Idéburet offentligt partnerskap mellan Region Östergötland och Stiftelsen Exempelhjälpen
status: final
parties:
  regionen:
    name: Region Östergötland
    sector: public
    org_number: 232100-0040
    acting_through: regionstyrelsen
    commitments:
      - bidrar med lokaler och handledning
  stiftelsen:
    name: Stiftelsen Exempelhjälpen
    sector: non-profit
    org_number: 802468-1234
    commitments:
      - driver mötesplatsen för unga vuxna
period:
  start: 2026-07-01
  end: 2029-06-30
  stated_duration: tre år
  notice: tre månader
follow_up:
  meetings_per_year: 4
  evaluations_per_year: 1
  convener: Regionens folkhälsoenhet
economy:
  contributions:
    regionen:
      amount: 1200000
      price_level: 2026
    stiftelsen:
      amount: 450000
  total:
    amount: 1650000
  payment: en gång per kvartal i förskott
  part_years: months
signatures:
  place: Linköping
  date: 2026-06-15
  signatories:
    regionen:
      role: För regionstyrelsen
      name: Karin Ek
    stiftelsen:
      role: För stiftelsens styrelse
      name: Omar Haddad
sections:
  - kind: background
    heading: Bakgrund
    body: |
      Regionen och stiftelsen har sedan flera år samverkat kring unga vuxna.
  - kind: parties
    heading: Parter
    body: |
      {{{{ parties.regionen.name }}}} och {{{{ parties.stiftelsen.name }}}}.
  - kind: purpose
    heading: Syfte och mål
    body: |
      Att minska ofrivillig ensamhet bland unga vuxna.
  - kind: period
    heading: Avtalsperiod
    body: |
      Överenskommelsen gäller under {{{{ period.stated_duration }}}} från och med {{{{ period.start }}}} till
      och med {{{{ period.end }}}}. Uppsägningstiden är {{{{ period.notice }}}}.
  - kind: cooperation
    heading: Samverkan och uppföljning
    body: |
      Parterna träffas {{{{ follow_up.meetings_per_year | words }}}} gånger per år.
  - kind: economy
    heading: Ekonomi
    body: |
      Regionen bidrar med {{{{ economy.contributions.regionen.amount | kr }}}} per år och stiftelsen med
      {{{{ economy.contributions.stiftelsen.amount | kr }}}} per år.
  - kind: signatures
    heading: Underskrifter
"""


def git(repo: Path, *arguments: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *arguments],
                          cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def make_project(root: Path, source: str = SOURCE, settings: str = "[signing]\nfields = true\n"
                 "trust_roots = [\"trust/rot-ca.pem\"]\n", authority: Authority | None = None) -> Path:
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "sources" / f"{AGREEMENT}.yaml").write_text(source, encoding="utf-8")
    (root / "iopdoc.toml").write_text(settings, encoding="utf-8")
    (root / ".gitignore").write_text("build/\nsigned-out/\n")
    if authority is not None:
        write_root(authority, root / "trust")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "The agreement as the parties sign it")
    return root


def build_pdf(root: Path, *options: str) -> bytes:
    from iopdoc.cli import run

    code = run(["build", str(root / "sources" / f"{AGREEMENT}.yaml"), "--format", "pdf", "--no-cache",
                "--out", str(root / "build"), "--project", str(root), *options])
    assert code == 0
    return (root / "build" / f"{AGREEMENT}.pdf").read_bytes()


@pytest.fixture(scope="module")
def signing(tmp_path_factory):
    """A project in git with the tests' CA as its trust root, its PDF built with signature fields,
    and that PDF signed in both fields: the region with a time-stamp (B-T), the foundation B-LTA."""
    authority = Authority()
    root = make_project(tmp_path_factory.mktemp("signing") / "project", authority=authority)
    built = build_pdf(root)
    service = SigningService(authority)
    once = service.sign(built, "regionen", authority.signer("Karin Ek"), timestamp=True)
    twice = service.sign(once, "stiftelsen", authority.signer("Omar Haddad"), lta=True)
    (root / "signed").mkdir()
    (root / "signed" / f"{AGREEMENT}.pdf").write_bytes(twice)
    return {"root": root, "authority": authority, "service": service, "built": built, "once": once, "signed": twice}


def verify(root: Path, data: bytes, name: str = "candidate.pdf", roots: tuple[Path, ...] | None = None):
    from iopdoc.pipeline.verify import verify_signed_pdf

    path = root / "signed-out" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return verify_signed_pdf(path, root, roots if roots is not None else (root / "trust" / "rot-ca.pem",))


# --- signature fields ------------------------------------------------------------------------------

def test_without_the_option_the_pdf_has_no_fields_and_is_byte_identical(tmp_path):
    root = make_project(tmp_path / "p", settings="")
    plain = build_pdf(root)
    (root / "iopdoc.toml").write_text("[signing]\nfields = false\n")
    assert build_pdf(root) == plain
    assert b"/AcroForm" not in plain and b"/FT /Sig" not in plain and b"repository_commit" not in plain


def test_one_empty_signature_field_per_signatory_over_its_line(signing):
    import pdfplumber
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(signing["built"]))
    fields = reader.get_fields()
    assert set(fields) == {"regionen", "stiftelsen"}
    assert all(f.get("/FT") == "/Sig" and "/V" not in f for f in fields.values())
    assert fields["regionen"]["/TU"] == "Underskrift för Karin Ek, För regionstyrelsen, Region Östergötland"
    assert fields["stiftelsen"]["/TU"] == "Underskrift för Omar Haddad, För stiftelsens styrelse, Stiftelsen Exempelhjälpen"
    with pdfplumber.open(io.BytesIO(signing["built"])) as pdf:
        for page in pdf.pages:
            for annotation in page.annots:
                name = annotation["data"].get("T")
                name = name.decode() if isinstance(name, bytes) else name
                person = {"regionen": "Karin Ek", "stiftelsen": "Omar Haddad"}[name]
                below = [w for w in page.extract_words(keep_blank_chars=True) if person.split()[0] in w["text"]]
                # the name is printed under the line the field sits on, within the field's columns
                assert any(annotation["x0"] - 1 <= w["x0"] <= annotation["x1"] and
                           0 <= w["top"] - annotation["bottom"] < 20 for w in below), (name, annotation, below)
                assert annotation["x1"] - annotation["x0"] > 100 and annotation["bottom"] - annotation["top"] > 20


def test_three_signatories_get_three_fields_in_their_order(tmp_path):
    from pypdf import PdfReader

    three = SOURCE.replace("""      name: Omar Haddad
""", """      name: Omar Haddad
    kommunen:
      role: För socialnämnden
      name: Lena Lind
""").replace("""  stiftelsen:
    name: Stiftelsen""", """  kommunen:
    name: Norrköpings kommun
    sector: public
    org_number: 212000-0472
    commitments:
      - ordnar mötesplatser
  stiftelsen:
    name: Stiftelsen""")
    root = make_project(tmp_path / "p", source=three, settings="")
    data = build_pdf(root, "--signature-fields")
    fields = PdfReader(io.BytesIO(data)).get_fields()
    assert list(fields) == ["regionen", "stiftelsen", "kommunen"]
    assert fields["kommunen"]["/TU"] == "Underskrift för Lena Lind, För socialnämnden, Norrköpings kommun"


def test_the_pdf_with_fields_and_the_signed_pdf_pass_the_outside_pdf_ua_validator(signing, tmp_path):
    import page
    from pypdf import PdfReader

    (tmp_path / "fields.pdf").write_bytes(signing["built"])
    (tmp_path / "signed-once.pdf").write_bytes(signing["once"])
    for name in ("fields.pdf", "signed-once.pdf"):
        report = page.validate_pdf(str(tmp_path / name), profile="ua1")
        assert report.is_compliant, (name, str(report))
    # each field's widget is the content of a Form structure element
    reader = PdfReader(io.BytesIO(signing["built"]))
    forms = [e for e in _struct_elements(reader.trailer["/Root"]["/StructTreeRoot"]) if e.get("/S") == "/Form"]
    assert sorted(str(f["/K"].get_object()["/Obj"].get_object()["/T"]) for f in forms) == ["regionen", "stiftelsen"]


def _struct_elements(node, depth=0):
    node = node.get_object()
    if depth > 60:
        return
    kids = node.get("/K")
    kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
    for kid in kids:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and kid.get("/Type", "/StructElem") == "/StructElem" and "/S" in kid:
            yield kid
            yield from _struct_elements(kid, depth + 1)


# --- verify: the good file -------------------------------------------------------------------------

def test_a_pdf_signed_in_both_fields_verifies_and_proves_its_source_byte_for_byte(cli, signing):
    root = signing["root"]
    commit = git(root, "rev-parse", "HEAD").strip()
    result = cli("verify", root / "signed" / f"{AGREEMENT}.pdf", cwd=root)
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    assert len(lines) == 4 and all("info[" in line for line in lines), result.err
    assert "underskrift 1 (fältet regionen): oförändrad, giltig och betrodd; undertecknad av Karin Ek" in lines[0]
    assert "PAdES B-T." in lines[0] and "tidsstämpel 20" in lines[0]
    assert "underskrift 2 (fältet stiftelsen)" in lines[1] and "Omar Haddad" in lines[1] and "PAdES B-LTA." in lines[1]
    assert "dokumenttidsstämpeln: oförändrad och betrodd" in lines[2]
    assert f"byggd från källan i commit {commit[:12]}, byte för byte" in lines[3]
    as_json = cli("verify", root / "signed" / f"{AGREEMENT}.pdf", "--format", "json", "--lang", "en", cwd=root)
    findings = json.loads(as_json.out)["findings"]
    assert as_json.code == 0 and [f["code"] for f in findings] == ["IOP084", "IOP084", "IOP084", "IOP089"]
    assert "byte for byte" in findings[-1]["message"]


def test_the_bytes_as_built_are_the_start_of_the_signed_file(signing):
    assert signing["signed"].startswith(signing["built"])
    assert verify(signing["root"], signing["signed"]).proof == "bytes"


def test_verify_reads_every_object_of_every_revision_as_pyhanko_does(signing):
    """The signed file's objects sit in WeasyPrint's object streams; readers/signatures.py reads
    them from a table of each stream's header (test_signed_reader.py), here held to pyHanko's own
    reader over every revision of a real signed file."""
    import re

    from pyhanko.pdf_utils.reader import PdfFileReader

    from iopdoc.readers.signatures import indexed_reader_class

    def every_object(reader_class):
        reader = reader_class(io.BytesIO(signing["signed"]), strict=False)
        found = {}
        for revision in range(reader.xrefs.total_revisions):
            resolver = reader.get_historical_resolver(revision)
            for ref in reader.xrefs.explicit_refs_in_revision(revision):
                found[revision, ref.idnum] = re.sub(r" at 0x[0-9a-f]+", "", repr(resolver(ref)))
        return found

    theirs = every_object(PdfFileReader)
    assert len(theirs) > 100 and theirs == every_object(indexed_reader_class())


# --- verify: tampering ---------------------------------------------------------------------------

def signed_ranges(data: bytes) -> list[tuple[int, int]]:
    """The byte ranges the last signature covers (everything but its own value)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    last = PdfFileReader(io.BytesIO(data)).embedded_signatures[-1]
    a, b, c, d = (int(x) for x in last.byte_range)
    return [(a, a + b), (c, c + d)]


MUTATIONS = 1000


def test_a_thousand_single_byte_changes_inside_signed_ranges_are_each_reported(signing):
    data = signing["signed"]
    ranges = signed_ranges(data)
    positions = [p for start, end in ranges for p in range(start, end)]
    rng = random.Random(29)
    missed = []
    for position in rng.sample(positions, MUTATIONS):
        mutated = bytearray(data)
        mutated[position] ^= 1 << rng.randrange(8)
        try:
            reported = verify(signing["root"], bytes(mutated)).failed
        except IopdocError as exc:  # the file no longer reads as a PDF: said as IOP080, exit 1
            reported = [d.code for d in exc.diagnostics] == ["IOP080"]
        if not reported:
            missed.append(position)
    assert missed == []


def incremental(data: bytes, change) -> bytes:
    """`data` with an incremental update made by pypdf after `change(writer)`."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(PdfReader(io.BytesIO(data)), incremental=True)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    result = out.getvalue()
    assert result.startswith(data)
    return result


def test_a_page_added_after_signing_is_reported(signing):
    verification = verify(signing["root"], incremental(signing["signed"], lambda w: w.add_blank_page(595, 842)))
    assert verification.failed
    assert any(d.code == "IOP079" for d in verification.diagnostics), verification.diagnostics


def test_a_text_changed_in_an_incremental_update_is_reported_with_its_page(signing):
    from pypdf.generic import ContentStream, NameObject

    def change(writer):
        page = writer.pages[0]
        content = ContentStream(page.get_contents(), writer)
        content.operations.append(([], b"BT"))
        content.operations.append(([], b"ET"))
        page[NameObject("/Contents")] = writer._add_object(content)

    verification = verify(signing["root"], incremental(signing["signed"], change))
    changed = [d for d in verification.diagnostics if d.code == "IOP079"]
    assert verification.failed and changed, verification.diagnostics
    assert "sidan 1" in changed[0].sv, changed[0].sv


def test_a_signature_from_an_untrusted_root_is_reported(signing, tmp_path):
    stranger = Authority("Okänd rot-CA")
    data = SigningService(stranger).sign(signing["built"], "regionen", stranger.signer("Mallory"))
    verification = verify(signing["root"], data)
    assert verification.failed
    errors = [d for d in verification.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["IOP078", "IOP077"]  # the signer, and its time-stamp from the same CA
    assert "Mallory" in errors[0].sv and "tidsstämpeln" in errors[1].sv
    # the reason in the reader's language: Swedish by default, English on request
    assert "ingen kedja till en betrodd rot" in errors[0].sv and "chain" not in errors[0].sv, errors[0].sv
    assert "no chain to a trusted root" in errors[0].en, errors[0].en
    # and the good file against a root the project does not name
    other = write_root(stranger, tmp_path / "other")
    assert any(d.code == "IOP078" for d in verify(signing["root"], signing["signed"], roots=(other,)).diagnostics)


def test_a_certificate_expired_at_signing_time_is_reported(signing):
    authority = signing["authority"]
    data = signing["service"].sign(signing["built"], "regionen", authority.signer("Karin Ek", expired=True))
    verification = verify(signing["root"], data)
    assert verification.failed
    assert any(d.code in ("IOP077", "IOP078") and "Karin Ek" in d.sv for d in verification.diagnostics if d.is_error) \
        or any(d.code == "IOP077" for d in verification.diagnostics)


def test_a_file_signed_from_another_commit_is_reported(signing, tmp_path):
    authority = Authority()
    root = make_project(tmp_path / "p", authority=authority)
    built = build_pdf(root)
    signed = SigningService(authority).sign(built, "regionen", authority.signer("Karin Ek"))
    source = root / "sources" / f"{AGREEMENT}.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("1200000", "1300000").replace("1650000", "1750000"),
                      encoding="utf-8")
    git(root, "commit", "-q", "-am", "A larger contribution, edited into the signed agreement")
    verification = verify(root, signed)
    assert verification.failed and verification.proof == "bytes"
    assert [d.code for d in verification.diagnostics if d.is_error] == ["IOP074"]
    # a signed PDF whose manifest names a commit this repository does not have
    stranger = verify(signing["root"], signed)
    assert stranger.failed and any(d.code == "IOP088" for d in stranger.diagnostics)


def test_a_pdf_built_from_uncommitted_changes_cannot_be_proven(signing, tmp_path):
    authority = Authority()
    root = make_project(tmp_path / "p", authority=authority)
    (root / "templates" / "extra.txt").write_text("a template file not committed yet")
    signed = SigningService(authority).sign(build_pdf(root), "regionen", authority.signer("Karin Ek"))
    verification = verify(root, signed)
    assert verification.failed and any(d.code == "IOP088" and "+dirty" not in d.sv and "ren commit" in d.sv
                                       for d in verification.diagnostics)


# --- verify: bad input ---------------------------------------------------------------------------

def test_bad_files_are_diagnostics_with_exit_1_never_a_traceback(cli, signing, tmp_path):
    root = signing["root"]
    (tmp_path / "not.pdf").write_bytes(b"%PDF-1.7\nthis is no PDF\n")
    result = cli("verify", tmp_path / "not.pdf", "--project", root)
    assert result.code == 1 and "error[IOP080]" in result.err and "Traceback" not in result.err
    result = cli("verify", tmp_path / "missing.pdf", "--project", root, "--lang", "en")
    assert result.code == 2 and "error[IOP001]" in result.err
    (tmp_path / "unsigned.pdf").write_bytes(signing["built"])
    result = cli("verify", tmp_path / "unsigned.pdf", "--project", root)
    assert result.code == 1 and "error[IOP077]: filen har ingen underskrift." in result.err
    (tmp_path / "root.txt").write_text("no certificate")
    result = cli("verify", root / "signed" / f"{AGREEMENT}.pdf", "--trust-root", tmp_path / "root.txt", "--project", root)
    assert result.code == 1 and "error[IOP062]" in result.err and "inget certifikat" in result.err


def test_signing_settings_are_checked_at_their_line(cli, tmp_path):
    root = make_project(tmp_path / "p", settings='[signing]\nfields = "ja"\ntrust_roots = ["../outside.pem"]\n')
    result = cli("check", "--project", root, cwd=root)
    assert result.code == 1
    assert "iopdoc.toml:2:1: error[IOP062]: `fields` ska vara true eller false" in result.err
    assert "iopdoc.toml:3:1: error[IOP062]: `../outside.pem` är ingen fil i projektmappen" in result.err


# --- publishing and checking signed agreements ------------------------------------------------------

def test_publish_puts_the_verified_signed_pdf_in_place_of_the_built_one(cli, signing):
    root = signing["root"]
    result = cli("publish", "--out", root / "site", "--project", root, cwd=root)
    assert result.code == 0, result.err
    site = root / "site"
    assert (site / f"{AGREEMENT}.pdf").read_bytes() == signing["signed"]
    page = (site / f"{AGREEMENT}.html").read_text(encoding="utf-8")
    assert '<p class="signed-mark">Undertecknad av Karin Ek (Testkommunens e-tjänster) 20' in page
    assert "Omar Haddad" in page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<span class="status-signed">Undertecknad av Karin Ek' in index
    entry = json.loads((site / "catalog.json").read_text(encoding="utf-8"))["documents"][0]
    assert [s["signer"] for s in entry["signed"]] == ["Karin Ek (Testkommunens e-tjänster)",
                                                      "Omar Haddad (Testkommunens e-tjänster)"]
    assert entry["pdf_sha256"] == __import__("hashlib").sha256(signing["signed"]).hexdigest()


def test_publish_refuses_a_tampered_signed_pdf_and_leaves_the_site_as_it_was(cli, signing, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(signing["root"], root, ignore=shutil.ignore_patterns("site", "signed-out"))
    tampered = bytearray(signing["signed"])
    position = signing["signed"].index(b"/Type /Page") + 2  # inside the first revision, so inside every signed range
    tampered[position] ^= 0x20
    assert cli("publish", "--out", root / "site", "--project", root, cwd=root).code == 0
    before = {p.name: p.read_bytes() for p in (root / "site").iterdir() if p.is_file()}
    (root / "signed" / f"{AGREEMENT}.pdf").write_bytes(bytes(tampered))
    result = cli("publish", "--out", root / "site", "--project", root, cwd=root)
    assert result.code == 1
    assert "error[IOP077]" in result.err and "error[IOP088]: den undertecknade PDF:en publiceras inte" in result.err
    assert {p.name: p.read_bytes() for p in (root / "site").iterdir() if p.is_file()} == before
    assert before[f"{AGREEMENT}.pdf"] == signing["signed"]


def test_check_says_when_the_source_changed_after_signing(cli, signing, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(signing["root"], root, ignore=shutil.ignore_patterns("site", "signed-out"))
    assert cli("check", "--project", root, cwd=root).code == 0
    source = root / "sources" / f"{AGREEMENT}.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("tre månader", "sex månader"), encoding="utf-8")
    result = cli("check", "--project", root, cwd=root)
    assert result.code == 1
    assert (f"sources/{AGREEMENT}.yaml:1:1: error[IOP074]: källan har ändrats efter att överenskommelsen "
            f"undertecknades (signed/{AGREEMENT}.pdf)") in result.err
    assert "tilläggsavtal" in result.err

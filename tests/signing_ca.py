"""A throwaway certificate authority and a signing service for the signing tests, all in-process.

A root CA (EC P-256), signers' certificates under it, a time-stamping authority (RSA: pyHanko's
in-process time-stamper signs with RSA only) and an empty CRL; pyHanko signs as a signing service
would: PAdES (ETSI.CAdES.detached), into the named field, with or without a time-stamp, and B-LTA
(validation data and a document time-stamp). Nothing is fetched from any network.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import crl as asn1_crl, keys as asn1_keys, x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CRL_URL = "http://crl.example.invalid/root.crl"


def subject(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Testkommunens e-tjänster"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


@dataclass(frozen=True)
class Identity:
    """A certificate and its key, as pyHanko wants them."""

    cert: asn1_x509.Certificate
    key: asn1_keys.PrivateKeyInfo


def to_asn1(cert: x509.Certificate, key=None):
    certificate = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    if key is None:
        return certificate
    return Identity(certificate, asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())))


class Authority:
    """A root CA that issues signers', and a TSA's, certificates and an empty CRL."""

    def __init__(self, name: str = "Testkommunens rot-CA", now: dt.datetime | None = None):
        self.now = now or dt.datetime.now(dt.timezone.utc)
        self.name = subject(name)
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.cert = self._issue(self.name, self.key.public_key(), ca=True,
                                not_before=self.now - dt.timedelta(days=365), not_after=self.now + dt.timedelta(days=3650))

    def _issue(self, name, public_key, *, ca=False, eku=None, not_before, not_after):
        builder = (x509.CertificateBuilder().subject_name(name).issuer_name(self.name).public_key(public_key)
                   .serial_number(x509.random_serial_number()).not_valid_before(not_before).not_valid_after(not_after)
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
                   .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=not ca, key_encipherment=False,
                                                data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                                                crl_sign=ca, encipher_only=False, decipher_only=False), critical=True))
        if eku:
            builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
        if not ca:
            builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(CRL_URL)], relative_name=None, reasons=None,
                crl_issuer=None)]), critical=False)
        return builder.sign(self.key, hashes.SHA256())

    @property
    def root(self) -> asn1_x509.Certificate:
        return to_asn1(self.cert)

    def root_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def signer(self, common_name: str, *, valid_for: dt.timedelta = dt.timedelta(days=365),
               expired: bool = False) -> Identity:
        """A signer's certificate; `expired`: it ended before now (so before any signing time)."""
        key = ec.generate_private_key(ec.SECP256R1())
        start = self.now - (dt.timedelta(days=60) if expired else dt.timedelta(days=1))
        end = self.now - dt.timedelta(days=30) if expired else self.now + valid_for
        return to_asn1(self._issue(subject(common_name), key.public_key(), not_before=start, not_after=end), key)

    def time_stamping(self) -> Identity:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return to_asn1(self._issue(subject("Testkommunens tidsstämpling"), key.public_key(),
                                   eku=[ExtendedKeyUsageOID.TIME_STAMPING], not_before=self.now - dt.timedelta(days=1),
                                   not_after=self.now + dt.timedelta(days=365)), key)

    def crl(self) -> asn1_crl.CertificateList:
        built = (x509.CertificateRevocationListBuilder().issuer_name(self.name)
                 .last_update(self.now - dt.timedelta(hours=1)).next_update(self.now + dt.timedelta(days=30))
                 .add_extension(x509.CRLNumber(1), critical=False)
                 .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False)
                 .sign(self.key, hashes.SHA256()))
        return asn1_crl.CertificateList.load(built.public_bytes(serialization.Encoding.DER))


class SigningService:
    """Signs PDFs as a signing service would: PAdES, into an existing field, with pyHanko."""

    def __init__(self, authority: Authority):
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        self.authority = authority
        self.store = SimpleCertificateStore.from_certs([authority.root])
        tsa = authority.time_stamping()
        self.timestamper = DummyTimeStamper(tsa.cert, tsa.key, certs_to_embed=self.store)

    def sign(self, pdf: bytes, field: str, who: Identity, *, timestamp: bool = True, lta: bool = False) -> bytes:
        """`pdf` with `who`'s signature in `field` added as an incremental update (B-T with a
        time-stamp, B-B without; `lta`: B-LTA, validation data and a document time-stamp after it)."""
        from pyhanko import stamp
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers
        from pyhanko_certvalidator import ValidationContext

        context = ValidationContext(trust_roots=[self.authority.root], crls=[self.authority.crl()],
                                    allow_fetching=False) if lta else None
        meta = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES,
                                            embed_validation_info=lta, use_pades_lta=lta, validation_context=context)
        # An appearance without text: pyHanko's text appearance uses a font PDF/UA does not accept.
        signer = signers.PdfSigner(meta, signer=signers.SimpleSigner(who.cert, who.key, self.store),
                                   timestamper=self.timestamper if timestamp or lta else None,
                                   stamp_style=stamp.StaticStampStyle(border_width=1))
        return signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)).getvalue()


def write_root(authority: Authority, folder: Path, name: str = "rot-ca.pem") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(authority.root_pem())
    return path

"""Signing PDFs with the organisation's key, and checking such a signature (issue 10).

A pack is signed as a PAdES signature (pyHanko), appended to the PDF as an incremental
update, so a PDF reader shows who issued it and that it is unchanged. The key and the
certificate are PEM files named by settings.PACK_SIGNING_KEY / PACK_SIGNING_CERT:
`make run` generates a self-signed pair under var/signing/ on its first run
(`signing_pair_ensure`); production names its own files.

A check trusts the configured certificate and nothing else: a pack signed by another
portal, or by anyone else, is "not trusted" here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CERTIFICATE_YEARS = 10
SIGNATURE_FIELD = "PackSignature"


def signing_pair_ensure(*, key_path: Path, cert_path: Path, organisation: str) -> bool:
    """Generate a self-signed P-256 key and certificate for `organisation` when neither
    file exists; True if it made them. Existing files are never overwritten, and a lone
    key or certificate is an error rather than a silent new pair (it would sign with a
    key that the certificate does not match)."""
    key_path, cert_path = Path(key_path), Path(cert_path)
    if key_path.exists() and cert_path.exists():
        return False
    if key_path.exists() or cert_path.exists():
        present, missing = (key_path, cert_path) if key_path.exists() else (cert_path, key_path)
        raise ImproperlyConfigured(
            f"The signing pair is incomplete: {present} exists but {missing} does not. "
            "Restore the missing file, or remove both to generate a new pair."
        )
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = _self_signed_certificate(key, organisation)
    for path in (key_path, cert_path):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Created with 0600 from the start: the key is never readable by others, not even briefly.
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as key_file:
        key_file.write(key_pem)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return True


def _self_signed_certificate(key: ec.EllipticCurvePrivateKey, organisation: str):
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, organisation),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * CERTIFICATE_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _configured_file(setting: str) -> bytes:
    path = Path(getattr(settings, setting))
    try:
        return path.read_bytes()
    except OSError as error:
        raise ImproperlyConfigured(
            f"settings.{setting} names {path}, which cannot be read ({error.strerror}). "
            "`manage.py run_portal` generates a self-signed pair on its first run; "
            "in production set the environment variable to the organisation's own file."
        ) from error


def signing_certificate():
    """The configured certificate (asn1crypto, as pyHanko takes it)."""
    return _loaded("PACK_SIGNING_CERT", _certificate_from)


def _certificate_from(data: bytes):
    from pyhanko.keys import load_certs_from_pemder_data

    return next(load_certs_from_pemder_data(data))


def _key_from(data: bytes):
    from pyhanko.keys import load_private_key_from_pemder_data

    return load_private_key_from_pemder_data(data, passphrase=None)


def _loaded(setting: str, parse):
    data = _configured_file(setting)
    try:
        return parse(data)
    except (ValueError, TypeError, StopIteration) as error:
        raise ImproperlyConfigured(
            f"settings.{setting} names {getattr(settings, setting)}, which is not a PEM or "
            f"DER {'certificate' if setting.endswith('CERT') else 'unencrypted private key'} "
            f"({error or 'empty'})."
        ) from error


def _signer():
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    return signers.SimpleSigner(
        signing_cert=signing_certificate(),
        signing_key=_loaded("PACK_SIGNING_KEY", _key_from),
        cert_registry=SimpleCertificateStore(),
    )


def pdf_sign(data: bytes) -> bytes:
    """The PDF with a PAdES signature by the organisation appended (incremental update:
    the signed bytes are the original bytes plus the signature)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer()
    issuer = signer.signing_cert.subject.native.get("organization_name") or settings.PORTAL_NAME
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=f"Audit pack issued by {issuer}",
        location=settings.PORTAL_NAME,
        name=issuer,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    output = _outside_event_loop(signers.PdfSigner(metadata, signer=signer).sign_pdf, writer)
    return output.getvalue()


def _outside_event_loop(function, *args):
    """pyHanko's synchronous calls run their own event loop (asyncio.run), which Python
    refuses inside a running one (an ASGI server, Playwright's sync API in the browser
    tests): there, the call runs in a thread of its own. No database access inside."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


@dataclass(frozen=True)
class SignatureCheck:
    ok: bool
    signer: str = ""
    signed_at: dt.datetime | None = None
    problem: str = ""


def pdf_signature_check(data: bytes) -> SignatureCheck:
    """Is the PDF signed by the configured certificate, unchanged since? Never raises for
    a bad file: a damaged, unsigned or foreign file is ok=False with the problem in words."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception as error:  # noqa: BLE001 - a damaged or hostile file fails in many ways
        return SignatureCheck(ok=False, problem=f"The file cannot be read as a PDF ({error}).")
    if not signatures:
        return SignatureCheck(ok=False, problem="The file carries no signature.")
    return _signature_status(signatures[-1])


def _signature_status(signature) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    trust = ValidationContext(trust_roots=[signing_certificate()])
    try:
        status = _outside_event_loop(validate_pdf_signature, signature, trust)
    except Exception as error:  # noqa: BLE001 - any failure of a hostile file is a finding
        return SignatureCheck(ok=False, problem=f"The signature cannot be validated ({error}).")
    signer = _subject_words(status.signing_cert)
    signed_at = status.signer_reported_dt
    return SignatureCheck(
        ok=not (problem := _status_problem(status)),
        signer=signer,
        signed_at=signed_at,
        problem=problem,
    )


def _status_problem(status) -> str:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if not status.intact or not status.valid:
        return "The signature does not match the signed bytes: the file was changed after signing."
    if not status.trusted:
        return (
            f"The signer ({_subject_words(status.signing_cert)}) is not this portal's "
            "signing certificate."
        )
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return "The signature does not cover the file as it is: the file was changed after signing."
    return ""


def _subject_words(certificate) -> str:
    """A certificate's subject as a person reads it: "Jane Roe, Example Org", or the
    organisation alone when the common name repeats it."""
    if certificate is None:
        return ""
    subject = certificate.subject.native
    name, organisation = subject.get("common_name", ""), subject.get("organization_name", "")
    if organisation and organisation != name:
        return f"{name}, {organisation}" if name else organisation
    return name or certificate.subject.human_friendly

"""core.signing: the organisation's signing pair, PAdES signatures on PDFs, and their
check against the configured certificate only."""

import io
import stat
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from django.core.exceptions import ImproperlyConfigured

from core.management.commands.run_portal import Command as RunPortal
from core.pdf import html_to_pdf
from core.signing import pdf_sign, pdf_signature_check, signing_pair_ensure


@pytest.fixture(scope="module")
def plain_pdf() -> bytes:
    return html_to_pdf("<h1>Audit pack</h1><p>Body</p>", variant="pdf/a-3b")


def test_a_missing_pair_is_generated_once_and_never_overwritten(tmp_path):
    key, cert = tmp_path / "signing" / "k.key", tmp_path / "signing" / "k.crt"
    assert signing_pair_ensure(key_path=key, cert_path=cert, organisation="Acme Ltd") is True
    first = (key.read_bytes(), cert.read_bytes())
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert signing_pair_ensure(key_path=key, cert_path=cert, organisation="Other") is False
    assert (key.read_bytes(), cert.read_bytes()) == first


def test_the_certificate_names_the_organisation_and_may_sign_for_ten_years(tmp_path):
    key, cert = tmp_path / "k.key", tmp_path / "k.crt"
    signing_pair_ensure(key_path=key, cert_path=cert, organisation="Acme Ltd")
    certificate = x509.load_pem_x509_certificate(cert.read_bytes())
    subject = certificate.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Acme Ltd"
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Acme Ltd"
    assert certificate.issuer == subject
    assert certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    lifetime = certificate.not_valid_after_utc - datetime.now(UTC)
    assert timedelta(days=365 * 10 - 2) < lifetime < timedelta(days=365 * 10 + 1)


def test_a_lone_key_is_refused_rather_than_replaced(tmp_path):
    key, cert = tmp_path / "k.key", tmp_path / "k.crt"
    key.write_bytes(b"kept")
    with pytest.raises(ImproperlyConfigured, match="k.crt does not"):
        signing_pair_ensure(key_path=key, cert_path=cert, organisation="Acme Ltd")
    assert key.read_bytes() == b"kept" and not cert.exists()


def test_a_signed_pdf_is_intact_trusted_and_names_its_signer(plain_pdf):
    signed = pdf_sign(plain_pdf)
    assert signed.startswith(plain_pdf)  # an incremental update: the original bytes stay
    check = pdf_signature_check(signed)
    assert check.ok, check.problem
    assert check.signer == "Test Organisation"
    assert abs(check.signed_at - datetime.now(UTC)) < timedelta(minutes=5)


def test_a_pdf_reader_sees_who_issued_it(plain_pdf):
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(io.BytesIO(pdf_sign(plain_pdf))).embedded_signatures[0]
    assert signature.sig_object["/Reason"] == "Audit pack issued by Test Organisation"
    assert signature.sig_object["/Name"] == "Test Organisation"


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda pdf: pdf[:2000] + bytes([pdf[2000] ^ 1]) + pdf[2001:], "changed after signing"),
        (lambda pdf: pdf + b"\n% appended\n", "does not cover the file as it is"),
    ],
    ids=["one byte altered", "bytes appended"],
)
def test_a_changed_file_is_named_as_changed(plain_pdf, damage, problem):
    check = pdf_signature_check(damage(pdf_sign(plain_pdf)))
    assert not check.ok
    assert problem in check.problem


def test_a_signature_by_another_pair_is_not_trusted(plain_pdf, tmp_path, settings):
    key, cert = tmp_path / "other.key", tmp_path / "other.crt"
    signing_pair_ensure(key_path=key, cert_path=cert, organisation="Another Portal")
    trusted = settings.PACK_SIGNING_KEY, settings.PACK_SIGNING_CERT
    settings.PACK_SIGNING_KEY, settings.PACK_SIGNING_CERT = key, cert
    signed = pdf_sign(plain_pdf)
    settings.PACK_SIGNING_KEY, settings.PACK_SIGNING_CERT = trusted
    check = pdf_signature_check(signed)
    assert not check.ok
    assert "Another Portal" in check.problem and "not this portal's" in check.problem


@pytest.mark.parametrize(
    ("data", "problem"),
    [(b"", "cannot be read as a PDF"), (b"hello, world", "cannot be read as a PDF")],
)
def test_a_file_that_is_no_pdf_is_a_problem_not_an_exception(data, problem):
    check = pdf_signature_check(data)
    assert not check.ok and problem in check.problem


def test_an_unsigned_or_truncated_pdf_is_a_problem(plain_pdf):
    assert pdf_signature_check(plain_pdf).problem == "The file carries no signature."
    truncated = pdf_sign(plain_pdf)[:-4000]
    assert not pdf_signature_check(truncated).ok


def test_missing_files_are_named_with_their_setting(plain_pdf, tmp_path, settings):
    settings.PACK_SIGNING_KEY = tmp_path / "absent.key"
    with pytest.raises(ImproperlyConfigured, match=r"PACK_SIGNING_KEY names .*absent\.key"):
        pdf_sign(plain_pdf)


def test_run_portal_generates_the_pair_on_the_first_run_only(tmp_path, settings):
    settings.PACK_SIGNING_KEY = tmp_path / "var" / "signing" / "pack-signing.key"
    settings.PACK_SIGNING_CERT = tmp_path / "var" / "signing" / "pack-signing.crt"
    settings.BASE_DIR = tmp_path
    out = io.StringIO()
    command = RunPortal(stdout=out)
    command.ensure_signing_pair()
    assert out.getvalue().startswith("Generated a self-signed signing pair under var/signing/")
    assert settings.PACK_SIGNING_KEY.exists() and settings.PACK_SIGNING_CERT.exists()
    command.ensure_signing_pair()
    assert out.getvalue().count("Generated") == 1


def test_signing_and_checking_work_inside_a_running_event_loop(plain_pdf):
    """As under an ASGI server, or beside Playwright's sync API in the browser tests."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def inside():
        return pdf_signature_check(pdf_sign(plain_pdf))

    # A thread of its own: the browser tests may already run a loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, inside()).result().ok

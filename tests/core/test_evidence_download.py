"""Downloading evidence: only through the permission-checked view, as an attachment the
browser may not sniff or run; never from a public media URL."""

from __future__ import annotations

import pytest
from django.urls import Resolver404, resolve, reverse

from core.models import AuditEvent
from tests.factories import PDF_BYTES, evidence_file

pytestmark = pytest.mark.django_db


def test_a_member_downloads_the_bytes_as_an_attachment(personas, client_for):
    evidence = evidence_file(personas.owner, name="Red team report.pdf")
    response = client_for(personas.auditor).get(
        reverse("core:evidence_download", kwargs={"pk": evidence.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"] == 'attachment; filename="Red team report.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    event = AuditEvent.objects.get(action="evidence.downloaded")
    assert (event.actor, event.changes["sha256"]) == (personas.auditor, evidence.sha256)


def test_a_non_member_and_a_missing_file_get_the_same_404(personas, client_for):
    evidence = evidence_file(personas.owner)
    outsider = client_for(personas.outsider)
    forbidden = outsider.get(reverse("core:evidence_download", kwargs={"pk": evidence.pk}))
    missing = client_for(personas.auditor).get(
        reverse("core:evidence_download", kwargs={"pk": evidence.pk + 1000})
    )
    assert forbidden.status_code == missing.status_code == 404
    assert not AuditEvent.objects.filter(action="evidence.downloaded").exists()


def test_no_url_serves_the_stored_files(personas, settings):
    evidence = evidence_file(personas.owner)
    with pytest.raises(Resolver404):
        resolve(f"/{settings.MEDIA_URL.strip('/')}/{evidence.storage_name}".replace("//", "/"))
    with pytest.raises(Resolver404):
        resolve(f"/evidence/{evidence.storage_name}")

"""A model card version as a PDF/A document (the page and the API's export) and the
approved card in the system's audit pack (issue 18)."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import timezone

from cards.models import ModelCardVersion
from cards.rules.content import card_to_dict
from core.models import AuditEvent
from governance.services.packs.content import pack_content
from tests.cards.factories import (
    RESUMES,
    DatasheetVersionFactory,
    ModelCardFactory,
    ModelCardVersionFactory,
    complete_card,
)
from tests.factories import AISystemFactory, organisation_profile
from tests.governance.packs.conftest import make_pack
from tests.governance.packs.test_content import INTACT, checkpoint
from tests.pdf_reading import pdf_text, pdf_xmp

pytestmark = pytest.mark.django_db
APPROVED_AT = datetime(2026, 1, 15, 13, 5, tzinfo=UTC)


@pytest.fixture
def version(personas):
    DatasheetVersionFactory(dataset__key=RESUMES, approved=True)
    system = AISystemFactory(system_id="SYS-001", name="Hiring screener")
    card = ModelCardFactory(model__system=system, model__key="ranker", model__name="Ranker")
    with time_machine.travel(APPROVED_AT, tick=False):
        return ModelCardVersionFactory(
            card=card,
            number=2,
            approved=True,
            content=card_to_dict(complete_card()),
            content_hash="d" * 64,
            decided_by=personas.safety,
            changelog="Retrained on 2024 applications.",
        )


def pdf_url(version) -> str:
    return f"/cards/{version.card_id}/versions/{version.number}/pdf/"


def test_the_pdf_is_pdf_a_under_the_organisation_name_in_the_reader_zone(client, personas, version):
    profile = organisation_profile()
    personas.auditor.time_zone = "America/New_York"
    personas.auditor.save()
    client.force_login(personas.auditor)
    answer = client.get(pdf_url(version))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert 'filename="SYS-001-ranker-v2.pdf"' in answer["Content-Disposition"]
    pdf = answer.content
    meta = pdf_xmp(pdf)
    assert 'pdfaid:part="3"' in meta or "<pdfaid:part>3</pdfaid:part>" in meta
    text = pdf_text(pdf)
    assert profile.legal_name in text
    assert "Model card: Ranker (ranker), version 2" in text
    assert "2026-01-15 08:05 EST" in text, "the approval in the reader's zone"
    assert "age 60+" in text and "Meets its threshold" in text
    assert "d" * 64 in text
    event = AuditEvent.objects.get(action="model_card_version.downloaded")
    assert event.actor_id == personas.auditor.pk and event.changes["format"] == "pdf"


def test_no_pdf_without_the_organisation_legal_name(client, personas, version):
    organisation_profile(legal_name="")
    client.force_login(personas.auditor)
    answer = client.get(pdf_url(version))
    assert answer.status_code == 409
    assert "legal name" in answer.content.decode()
    assert not AuditEvent.objects.filter(action="model_card_version.downloaded").exists()


def test_one_who_may_not_see_cards_gets_no_pdf(client, personas, version):
    organisation_profile()
    client.force_login(personas.outsider)
    assert client.get(pdf_url(version)).status_code in (403, 404)


def test_the_api_exports_the_pdf(personas, version, api_client):
    profile = organisation_profile()
    api_client.force_authenticate(personas.auditor)
    answer = api_client.get(f"/api/v1/model-cards/{version.card_id}/versions/2/export/?format=pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert profile.legal_name in text and "2026-01-15 13:05 UTC" in text


def test_the_pack_holds_the_card_approved_at_its_end(personas, version):
    later = ModelCardVersionFactory(card=version.card, number=3)  # a draft: not in the pack
    pack = make_pack(personas.auditor, systems=[version.card.model.system])
    content = pack_content(
        pack=pack,
        checkpoint=checkpoint(),
        chain=INTACT,
        now=timezone.now(),
        organisation=organisation_profile(),
    )
    (section,) = content.context["sections"]
    assert [entry.version.pk for entry in section.model_cards] == [version.pk]
    records = {(r["type"], r["id"]) for r in content.records}
    assert ("cards.modelcardversion", "SYS-001/ranker/v2") in records
    assert not any(
        r["id"].endswith("/v3") for r in content.records if r["type"].startswith("cards")
    )
    assert later.status == "draft"
    assert ModelCardVersion.objects.count() == 2

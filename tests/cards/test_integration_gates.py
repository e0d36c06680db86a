"""The model card in the gates (issue 18, DOMAIN.md 4 and 7): the approved version is
what "model card (final)" means. The owner links it as the artifact (hashed as the
version's canonical JSON); a newer approved version replaces it on the system's requests
in progress, voiding the approvals bound to the old one and telling their makers."""

import pytest
from django.core.exceptions import ValidationError

from cards.models import ModelCardVersion
from cards.services.gates import RECORD_TYPE, gate_artifacts_follow
from core.models import AuditEvent, Notification
from registry import services
from registry.models import GateApproval, GateArtifact
from tests.cards.factories import ModelCardFactory, ModelCardVersionFactory
from tests.factories import gate_request_filled, hiring_screener_in_development

pytestmark = pytest.mark.django_db

FINAL = "model-card-final"


def approved(card, number: int, digest: str) -> ModelCardVersion:
    return ModelCardVersionFactory(card=card, number=number, approved=True, content_hash=digest)


@pytest.fixture
def screener(personas):
    """SYS-001 in development with a model whose card has v1 approved."""
    system = hiring_screener_in_development(personas)
    card = ModelCardFactory(model__system=system, model__key="ranker", model__name="Ranker")
    return system, card, approved(card, 1, "a" * 64)


def draft_request(personas, system):
    return services.gate_request_open(actor=personas.owner, system=system)


def link(personas, request, version, requirement=FINAL):
    return services.gate_artifact_add(
        actor=personas.owner,
        request=request,
        requirement=requirement,
        record_type=RECORD_TYPE,
        record_id=version.pk,
    )


def test_the_owner_links_the_approved_version_kept_by_its_content_hash(personas, screener):
    system, _card, v1 = screener
    request = draft_request(personas, system)
    artifact = link(personas, request, v1)
    assert artifact.sha256 == "a" * 64
    assert artifact.record_type == RECORD_TYPE and artifact.record_id == v1.pk
    assert artifact.label.startswith("Model card: Ranker (ranker) v1, approved ")


def test_a_version_not_approved_or_of_another_system_is_refused(personas, screener):
    system, card, _v1 = screener
    request = draft_request(personas, system)
    draft = ModelCardVersionFactory(card=card, number=2)
    with pytest.raises(ValidationError, match="approved version of one of this system"):
        link(personas, request, draft)
    elsewhere = approved(ModelCardFactory(), 1, "b" * 64)
    with pytest.raises(ValidationError, match="approved version of one of this system"):
        link(personas, request, elsewhere)
    assert not GateArtifact.objects.exists()


def test_a_model_card_does_not_answer_another_artifact(personas, screener):
    system, _card, v1 = screener
    request = draft_request(personas, system)
    with pytest.raises(ValidationError, match="does not answer this artifact"):
        link(personas, request, v1, requirement="security-assessment-report")


def test_the_request_page_offers_the_approved_version_for_the_model_card_only(
    client, personas, screener
):
    system, _card, v1 = screener
    request = draft_request(personas, system)
    client.force_login(personas.owner)
    page = client.get(f"/systems/{system.system_id}/gate-requests/{request.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    choice = f'value="{RECORD_TYPE}:{v1.pk}"'
    assert html.count(choice) == 1, "offered once: under 'Model card (final)'"
    final = html.index('id="artifact-model-card-final"')
    following = html.index("<li id=", final + 1)
    assert final < html.index(choice) < following


def test_the_owner_links_it_from_the_page(client, personas, screener):
    system, _card, v1 = screener
    request = draft_request(personas, system)
    client.force_login(personas.owner)
    prefix = f"record-{FINAL}"
    answer = client.post(
        f"/systems/{system.system_id}/gate-requests/{request.pk}/artifacts/",
        {
            "form": prefix,
            f"{prefix}-requirement": FINAL,
            f"{prefix}-record": f"{RECORD_TYPE}:{v1.pk}",
        },
    )
    assert answer.status_code in (200, 302)
    artifact = GateArtifact.objects.get(request=request, requirement=FINAL)
    assert artifact.record_id == v1.pk and artifact.sha256 == v1.content_hash


def submitted_with_v1_and_ciso_approval(personas, system, v1):
    request = draft_request(personas, system)
    gate_request_filled(request, personas.owner, skip=(FINAL,))
    link(personas, request, v1)
    request = services.gate_request_submit(actor=personas.owner, request=request)
    services.gate_approval_decide(
        actor=personas.ciso, request=request, role="ciso", decision="approved"
    )
    return request


def supersede_by_v2(card, v1) -> ModelCardVersion:
    ModelCardVersion.objects.filter(pk=v1.pk).update(status="superseded")
    return approved(card, 2, "c" * 64)


def test_a_newer_approved_version_replaces_the_old_one_and_voids_the_approvals(personas, screener):
    system, card, v1 = screener
    request = submitted_with_v1_and_ciso_approval(personas, system, v1)
    v2 = supersede_by_v2(card, v1)

    changed = gate_artifacts_follow(actor=personas.safety, version=v2)

    assert [r.pk for r in changed] == [request.pk]
    current = GateArtifact.objects.get(request=request, requirement=FINAL, replaced_at=None)
    assert (current.record_id, current.sha256) == (v2.pk, "c" * 64)
    old = GateArtifact.objects.get(request=request, requirement=FINAL, record_id=v1.pk)
    assert old.replaced_at is not None, "the old one is kept, marked replaced"
    ciso = GateApproval.objects.get(request=request, role="ciso")
    assert ciso.voided_at is not None and "v2 was approved" in ciso.void_reason
    assert not GateApproval.objects.filter(request=request, voided_at=None).exclude(
        role="product_owner"
    )
    told = Notification.objects.filter(recipient=personas.ciso, subject_id=str(request.pk))
    assert told.filter(title__contains="your decision was voided").exists()
    owner_told = Notification.objects.filter(recipient=personas.owner, title__contains="now cites")
    assert owner_told.exists()
    event = AuditEvent.objects.filter(action="gate_artifact.replaced").last()
    assert event.actor_id == personas.safety.pk and event.changes["replaces"] == "a" * 64


def test_requests_that_cite_a_file_or_are_closed_are_left_alone(personas, screener, tmp_path):
    system, card, v1 = screener
    request = draft_request(personas, system)
    gate_request_filled(request, personas.owner)  # a file for "model card (final)"
    v2 = supersede_by_v2(card, v1)
    assert gate_artifacts_follow(actor=personas.safety, version=v2) == []
    assert GateArtifact.objects.get(request=request, requirement=FINAL).evidence_id


def test_a_pipeline_links_the_approved_version_through_the_api(api_client, personas, screener):
    system, _card, v1 = screener
    request = draft_request(personas, system)
    api_client.force_authenticate(personas.owner)
    url = f"/api/v1/gate-requests/{request.pk}/artifacts/"
    linked = api_client.post(
        url,
        {"requirement": FINAL, "record_type": RECORD_TYPE, "record_id": v1.pk},
        format="json",
    )
    assert linked.status_code == 201, linked.content
    assert linked.json()["sha256"] == v1.content_hash
    wrong = api_client.post(
        url,
        {"requirement": FINAL, "record_type": "model_card", "record_id": v1.pk},
        format="json",
    )
    assert wrong.status_code == 400 and "record_type" in wrong.json()

"""The vendors' write services: who may, what the database holds, the clocks kept."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from core.choices import Role
from core.models import AuditEvent, Deadline, Notification, RoleAssignment
from tests.factories import (
    VENDOR_ANSWERS_ALL_GOOD,
    VENDOR_ANSWERS_HIGH,
    AssessmentFactory,
    UserFactory,
    VendorFactory,
    VendorProductFactory,
    evidence_upload,
)
from vendors import contributions
from vendors.models import Assessment, Vendor
from vendors.services.approval import assessment_ciso_approve
from vendors.services.assessments import assessment_create, assessment_update
from vendors.services.catalogue import product_create, vendor_create, vendor_update
from vendors.services.changes import vendor_change_record
from vendors.services.evidence import assessment_evidence_attach
from vendors.services.scoring import assessment_score

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _deadlines(kind):
    return Deadline.objects.filter(kind=kind, met_at__isnull=True, cancelled_at__isnull=True)


def _soc2(actor, assessment, expires_on):
    return assessment_evidence_attach(
        actor=actor,
        assessment=assessment,
        kind="soc2_report",
        upload=evidence_upload("soc2.pdf"),
        applies_from=date(2026, 1, 1),
        expires_on=expires_on,
    )


def test_assessors_create_vendors_and_products_others_may_not(personas):
    vendor = vendor_create(actor=personas.dpo, name=" Acme AI ", website="https://acme.example")
    product = product_create(actor=personas.security, vendor=vendor, name="Acme LLM", kind="api")
    assert Vendor.objects.get().name == "Acme AI"
    assert product.vendor == vendor
    assert (
        AuditEvent.objects.filter(action__in=["vendor.created", "vendor_product.created"]).count()
        == 2
    )
    for person in (personas.owner, personas.auditor, personas.outsider):
        with pytest.raises(PermissionDenied):
            vendor_create(actor=person, name="Other")
    with pytest.raises(ValidationError) as refused:
        vendor_create(actor=personas.ciso, name="Acme AI")
    assert "name" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        product_create(actor=personas.ciso, vendor=vendor, name="X", kind="hologram")
    assert "kind" in refused.value.message_dict


def test_vendor_update_changes_only_what_is_given(personas):
    vendor = VendorFactory(name="Acme", notes="old")
    vendor_update(actor=personas.legal, vendor=vendor, notes="new terms")
    vendor.refresh_from_db()
    assert (vendor.name, vendor.notes) == ("Acme", "new terms")
    assert AuditEvent.objects.get(action="vendor.updated").changes["notes"] == ["old", "new terms"]


def test_an_assessment_starts_as_a_draft_one_at_a_time(personas):
    product = VendorProductFactory()
    assessment = assessment_create(
        actor=personas.ciso, product=product, answers={"has_dpa": True, "data_retention_days": 10}
    )
    assert (assessment.status, assessment.reason, assessment.assessor) == (
        "draft",
        "initial",
        personas.ciso,
    )
    with pytest.raises(ValidationError) as refused:
        assessment_create(actor=personas.dpo, product=product)
    assert "product" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        assessment_create(actor=personas.owner, product=VendorProductFactory())


def test_bad_answers_are_refused_naming_the_field_and_nothing_is_saved(personas):
    assessment = AssessmentFactory(assessor=personas.ciso, data_retention_days=10)
    for answers, field in (
        ({"data_retention_days": -1}, "data_retention_days"),
        ({"sla_uptime_percentage": "120"}, "sla_uptime_percentage"),
        ({"access_type": "telepathy"}, "access_type"),
        ({"colour": "red"}, "colour"),
    ):
        with pytest.raises(ValidationError) as refused:
            assessment_update(actor=personas.ciso, assessment=assessment, answers=answers)
        assert field in refused.value.message_dict
    assessment.refresh_from_db()
    assert assessment.data_retention_days == 10


@time_machine.travel(NOW, tick=False)
def test_scoring_the_worked_example_stores_9_points_high_and_asks_the_ciso(personas):
    assessment = AssessmentFactory(assessor=personas.security, **VENDOR_ANSWERS_HIGH)
    assessment_score(actor=personas.security, assessment=assessment)
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.status, stored.risk_score, stored.risk_tier) == ("scored", 9, "high")
    assert stored.use_approved is False
    assert {f["severity"] for f in stored.findings} == {"critical", "high"}
    assert Notification.objects.filter(recipient=personas.ciso).count() == 1
    deadline = _deadlines("vendors.reassessment").get()
    assert deadline.due_at.date() == date(2027, 11, 30)
    assert deadline.warn_before == [timedelta(days=30)]
    with pytest.raises(ValidationError):  # scored is the record: no more edits
        assessment_update(actor=personas.security, assessment=stored, answers={"has_dpa": True})


def test_every_ciso_is_asked_once_about_a_high_vendor_risk(personas):
    second_ciso = UserFactory(email="second.ciso@example.com")
    RoleAssignment.objects.create(user=second_ciso, role=Role.CISO)
    assessment = AssessmentFactory(assessor=personas.security, **VENDOR_ANSWERS_HIGH)
    assessment_score(actor=personas.security, assessment=assessment)
    asked = Notification.objects.filter(title__startswith="High vendor risk")
    assert sorted(asked.values_list("recipient__email", flat=True)) == sorted(
        [personas.ciso.email, second_ciso.email]
    )


def test_scoring_refuses_missing_answers_naming_them(personas):
    assessment = AssessmentFactory(assessor=personas.ciso, has_dpa=True)
    with pytest.raises(ValidationError) as refused:
        assessment_score(actor=personas.ciso, assessment=assessment)
    assert {"soc2_type2_certified", "audit_rights"} <= set(refused.value.message_dict)
    assert Assessment.objects.get(pk=assessment.pk).status == "draft"


@time_machine.travel(NOW, tick=False)
def test_an_expired_soc2_report_counts_as_none(personas):
    product = VendorProductFactory()
    current = AssessmentFactory(product=product, assessor=personas.ciso, **VENDOR_ANSWERS_ALL_GOOD)
    _soc2(personas.ciso, current, expires_on=date(2027, 1, 1))
    assessment_score(actor=personas.ciso, assessment=current)
    assert (current.risk_score, current.use_approved) == (0, True)
    later = AssessmentFactory(product=product, assessor=personas.ciso, **VENDOR_ANSWERS_ALL_GOOD)
    _soc2(personas.ciso, later, expires_on=date(2026, 6, 30))
    assessment_score(actor=personas.ciso, assessment=later)
    assert later.risk_score == 3
    assert "without a current SOC 2 report" in later.findings[0]["issue"]


def test_a_soc2_report_needs_its_expiry_date(personas):
    assessment = AssessmentFactory(assessor=personas.ciso)
    with pytest.raises(ValidationError) as refused:
        _soc2(personas.ciso, assessment, expires_on=None)
    assert "expires_on" in refused.value.message_dict
    assert not assessment.evidence.exists()


def test_scoring_again_supersedes_the_previous_and_meets_the_yearly_clock(personas):
    product = VendorProductFactory()
    with time_machine.travel(NOW, tick=False):
        first = AssessmentFactory(product=product, assessor=personas.ciso, **VENDOR_ANSWERS_HIGH)
        assessment_score(actor=personas.ciso, assessment=first)
    with time_machine.travel(NOW + timedelta(days=300), tick=False):
        second = assessment_create(
            actor=personas.ciso, product=product, reason="annual", answers=VENDOR_ANSWERS_ALL_GOOD
        )
        assessment_score(actor=personas.ciso, assessment=second)
    assert Assessment.objects.get(pk=first.pk).status == "superseded"
    assert Assessment.objects.get(pk=second.pk).status == "scored"
    assert Deadline.objects.filter(kind="vendors.reassessment", met_at__isnull=False).count() == 1
    assert _deadlines("vendors.reassessment").get().due_at.date() == date(2028, 9, 26)


@time_machine.travel(NOW, tick=False)
def test_only_the_ciso_approves_a_high_tier_with_a_plan_and_a_due_date(personas):
    assessment = AssessmentFactory(assessor=personas.security, **VENDOR_ANSWERS_HIGH)
    assessment_score(actor=personas.security, assessment=assessment)
    plan = {
        "remediation_plan": "DPA and opt-out in the contract",
        "remediation_due_on": date(2027, 3, 31),
    }
    with pytest.raises(PermissionDenied):
        assessment_ciso_approve(actor=personas.security, assessment=assessment, **plan)
    with pytest.raises(ValidationError) as refused:
        assessment_ciso_approve(
            actor=personas.ciso,
            assessment=assessment,
            remediation_plan=" ",
            remediation_due_on=None,
        )
    assert {"remediation_plan", "remediation_due_on"} <= set(refused.value.message_dict)
    assert Assessment.objects.get(pk=assessment.pk).use_approved is False
    assessment_ciso_approve(actor=personas.ciso, assessment=assessment, comment="ok", **plan)
    stored = Assessment.objects.get(pk=assessment.pk)
    # A plan with a due date is not yet approval for use: the remediation must be done.
    assert (stored.use_approved, stored.ciso_approved_by) == (False, personas.ciso)
    deadline = _deadlines("vendors.remediation").get()
    assert (deadline.due_at.date(), deadline.owner) == (date(2027, 3, 31), personas.security)


@time_machine.travel(NOW, tick=False)
def test_a_high_tier_is_approved_only_once_the_signed_amendment_is_attached(personas):
    """The finding: a high-tier product was approved when a plan with a due date existed.
    Expected: not approved until the CISO marks the remediation done on the signed
    amendment; marking it done without the amendment is refused naming evidence."""
    from tests.factories import evidence_upload
    from vendors.services.approval import assessment_remediation_complete
    from vendors.services.evidence import assessment_evidence_attach

    assessment = AssessmentFactory(assessor=personas.security, **VENDOR_ANSWERS_HIGH)
    assessment_score(actor=personas.security, assessment=assessment)
    assessment_ciso_approve(
        actor=personas.ciso,
        assessment=assessment,
        remediation_plan="Opt-out clause",
        remediation_due_on=date(2027, 3, 31),
    )
    assert Assessment.objects.get(pk=assessment.pk).use_approved is False
    with pytest.raises(ValidationError) as refused:
        assessment_remediation_complete(actor=personas.ciso, assessment=assessment)
    assert "evidence" in refused.value.message_dict
    assessment_evidence_attach(
        actor=personas.security,
        assessment=assessment,
        kind="signed_amendment",
        upload=evidence_upload("amendment.pdf"),
    )
    with pytest.raises(PermissionDenied):
        assessment_remediation_complete(actor=personas.security, assessment=assessment)
    assessment_remediation_complete(actor=personas.ciso, assessment=assessment)
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.use_approved is True
    assert stored.remediation_done_at is not None
    assert Deadline.objects.get(kind="vendors.remediation").met_at is not None


@time_machine.travel(NOW, tick=False)
def test_a_high_tier_with_a_dpa_is_approved_once_remediation_is_done(personas):
    from tests.factories import evidence_upload
    from vendors.services.approval import assessment_remediation_complete
    from vendors.services.evidence import assessment_evidence_attach

    answers = {
        **VENDOR_ANSWERS_HIGH,
        "has_dpa": True,
        "has_fallback_provider": False,
        "personal_data_sent": True,
    }
    assessment = AssessmentFactory(assessor=personas.security, **answers)
    assessment_score(actor=personas.security, assessment=assessment)
    assert Assessment.objects.get(pk=assessment.pk).risk_tier == "high"
    assessment_ciso_approve(
        actor=personas.ciso,
        assessment=assessment,
        remediation_plan="Opt-out clause",
        remediation_due_on=date(2027, 3, 31),
    )
    assessment_evidence_attach(
        actor=personas.security,
        assessment=assessment,
        kind="signed_amendment",
        upload=evidence_upload("amendment.pdf"),
    )
    assessment_remediation_complete(actor=personas.ciso, assessment=assessment)
    assert Assessment.objects.get(pk=assessment.pk).use_approved is True


def test_a_product_sent_personal_data_without_a_dpa_is_not_approved_at_a_low_score(personas):
    """The finding: personal data, no DPA, low score: approved. Expected: not approved."""
    from tests.factories import evidence_upload

    answers = {**VENDOR_ANSWERS_ALL_GOOD, "has_dpa": False, "personal_data_sent": True}
    assessment = AssessmentFactory(assessor=personas.security, **answers)
    assessment_evidence_attach(
        actor=personas.security,
        assessment=assessment,
        kind="soc2_report",
        upload=evidence_upload("soc2.pdf"),
        expires_on=date(2070, 6, 30),
    )
    assessment_score(actor=personas.security, assessment=assessment)
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.risk_tier, stored.use_approved) == ("low", False)


def test_a_low_tier_needs_no_ciso_approval(personas):
    assessment = AssessmentFactory(assessor=personas.ciso, **VENDOR_ANSWERS_ALL_GOOD)
    assessment_score(actor=personas.ciso, assessment=assessment)
    with pytest.raises(ValidationError) as refused:
        assessment_ciso_approve(
            actor=personas.ciso,
            assessment=assessment,
            remediation_plan="x",
            remediation_due_on=date(2099, 1, 1),
        )
    assert "status" in refused.value.message_dict


def test_a_vendor_change_starts_an_immediate_reassessment(personas, monkeypatch):
    told = []
    monkeypatch.setattr(contributions, "_notifiers", [lambda **kw: told.append(kw)])
    product = VendorProductFactory()
    with time_machine.travel(NOW, tick=False):
        scored = AssessmentFactory(product=product, assessor=personas.ciso, **VENDOR_ANSWERS_HIGH)
        assessment_score(actor=personas.ciso, assessment=scored)
    changed_at = NOW + timedelta(days=40)
    with time_machine.travel(changed_at, tick=False):
        change = vendor_change_record(
            actor=personas.dpo, product=product, kind="terms", description="Retention now 90 days"
        )
    draft = product.assessments.get(status="draft")
    assert (draft.reason, draft.has_dpa, draft.assessor) == ("vendor_change", False, personas.dpo)
    assert _deadlines("vendors.reassessment").get().due_at == changed_at
    assert change.recorded_by == personas.dpo
    assert told == [{"product": product, "reason": "vendor_change:terms", "actor": personas.dpo}]
    with pytest.raises(ValidationError) as refused:
        vendor_change_record(actor=personas.dpo, product=product, kind="mood", description="x")
    assert "kind" in refused.value.message_dict

"""The review clock (issue 19: "a change to the evidence ... sends the requirement back to
review, on the clocks engine"): a requirement that was met and needs review again after
a refresh gets a core deadline of kind compliance_review, due in 14 days, owned by the
framework's reviewer, who is told; it is met when a later refresh finds the requirement
met again, cancelled when it no longer applies; the reviewer's "Waiting for me" lists the
system. The refresh runs every ten minutes on beat."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from compliance.models import StatusSnapshot
from compliance.services.acceptances import evidence_decide
from compliance.services.documents import document_file
from compliance.services.review import REVIEW_KIND
from compliance.tasks import coverage_refresh_all_task
from core.deadline_list import kind_label
from core.models import Deadline, Notification
from core.work import work_for
from registry.models import AISystem
from tests.compliance.test_matrix import frameworks_of_our_own, system
from tests.factories import evidence_upload, user_with_roles

pytestmark = pytest.mark.django_db


def plan_accepted(personas, screener, framework, *, expires_in: int):
    """A monitoring plan filed by the owner, expiring in `expires_in` days, accepted by
    Legal for the framework's one requirement."""
    today = timezone.localdate()
    document = document_file(
        actor=personas.owner,
        system=screener,
        document_type="monitoring-plan",
        title="Monitoring plan",
        upload=evidence_upload("plan.pdf"),
        expires_on=today + timedelta(days=expires_in),
    )
    return evidence_decide(
        actor=personas.legal,
        system=screener,
        requirement=framework.requirements.get(),
        item=0,
        record_type="compliance.compliancedocument",
        record_id=str(document.pk),
        accepted=True,
    )


@pytest.fixture
def met_then_expired(personas):
    """SYS-001's one requirement met, then (ten days on) its plan expired and refreshed."""
    (framework,) = frameworks_of_our_own(personas.admin, count=1, requirements=1)
    screener = system(personas, "SYS-001", regulatory_scope=["eu_ai_act"])
    plan_accepted(personas, screener, framework, expires_in=5)
    coverage_refresh_all_task()
    assert StatusSnapshot.objects.get(system=screener).status == "met"
    assert not Deadline.objects.filter(kind=REVIEW_KIND).exists()
    later = timezone.now() + timedelta(days=10)
    with time_machine.travel(later, tick=False):
        coverage_refresh_all_task()
    return framework, screener, later


def test_a_met_requirement_back_to_review_opens_the_reviewer_s_clock(personas, met_then_expired):
    framework, screener, later = met_then_expired
    row = StatusSnapshot.objects.get(system=screener)
    assert row.status == "review_needed"
    clock = Deadline.objects.get(kind=REVIEW_KIND)
    assert clock.owner == personas.legal
    assert clock.subject_id == str(row.pk) and clock.met_at is None
    assert clock.due_at == later + timedelta(days=14)
    assert clock.label == "SYS-001 Framework A R-1: review the evidence again"
    assert clock.link == "/compliance/systems/SYS-001/#framework-fw-0"
    note = Notification.objects.get(recipient=personas.legal)
    assert note.title == "SYS-001: Framework A R-1 needs review again"
    assert note.link == clock.link and "Legal role" in note.reason
    assert kind_label(REVIEW_KIND) == "Compliance review"


def test_a_second_refresh_opens_nothing_more(personas, met_then_expired):
    _, _, later = met_then_expired
    with time_machine.travel(later + timedelta(minutes=10), tick=False):
        coverage_refresh_all_task()
    assert Deadline.objects.filter(kind=REVIEW_KIND).count() == 1
    assert Notification.objects.filter(recipient=personas.legal).count() == 1


def test_met_again_meets_the_clock(personas, met_then_expired):
    framework, screener, later = met_then_expired
    with time_machine.travel(later + timedelta(hours=1), tick=False):
        plan_accepted(personas, screener, framework, expires_in=300)
        coverage_refresh_all_task()
    clock = Deadline.objects.get(kind=REVIEW_KIND)
    assert clock.met_at == later + timedelta(hours=1)
    assert StatusSnapshot.objects.get(system=screener).status == "met"


def test_no_longer_applying_cancels_the_clock(personas, met_then_expired):
    _, screener, later = met_then_expired
    AISystem.objects.filter(pk=screener.pk).update(regulatory_scope=[])
    with time_machine.travel(later + timedelta(hours=1), tick=False):
        coverage_refresh_all_task()
    clock = Deadline.objects.get(kind=REVIEW_KIND)
    assert clock.cancelled_at is not None and clock.met_at is None


def test_waiting_for_the_reviewer_not_for_the_owner(personas, met_then_expired):
    _, _, later = met_then_expired
    with time_machine.travel(later, tick=False):
        groups = {group.key: group for group in work_for(personas.legal)}
        owners = {group.key for group in work_for(personas.owner)}
    reviews = groups["compliance.reviews"]
    (item,) = reviews.items
    assert item.title == "SYS-001 System SYS-001: Framework A"
    assert item.url == "/compliance/systems/SYS-001/#framework-fw-0"
    assert item.due_at == later + timedelta(days=14)
    assert item.why.startswith("1 requirement met before needs your review again")
    # Listed once: core's own "Your deadlines" leaves the covered kind out.
    own = groups["core.deadlines"].items if "core.deadlines" in groups else []
    assert all(not i.title.startswith("SYS-001 Framework A R-1") for i in own)
    assert "compliance.reviews" not in owners


def test_a_reviewer_whose_team_owns_the_system_is_not_asked(personas, met_then_expired):
    both = user_with_roles("legal-po@example.com", "legal")
    from core.models import RoleAssignment

    RoleAssignment.objects.create(user=both, role="product_owner", team=personas.people_ops)
    groups = {group.key for group in work_for(both)}
    assert "compliance.reviews" not in groups


def test_the_waiting_list_is_capped_with_the_true_total(personas):
    (framework,) = frameworks_of_our_own(personas.admin, count=1, requirements=1)
    requirement = framework.requirements.get()
    systems = AISystem.objects.bulk_create(
        AISystem(system_id=f"SYS-{n:03d}", name=f"S{n}", owner_team=personas.customer_success)
        for n in range(1, 26)
    )
    StatusSnapshot.objects.bulk_create(
        StatusSnapshot(system=s, requirement=requirement, framework=framework, status=status)
        for s in systems
        for status in ["review_needed"]
    )
    (group,) = [g for g in work_for(personas.legal) if g.key == "compliance.reviews"]
    assert len(group.items) == 20 and group.count == 25


def test_the_refresh_runs_on_beat_every_ten_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["compliance-coverage-refresh"]
    assert entry["task"] == "compliance.tasks.coverage_refresh_all"
    assert entry["schedule"] == crontab(minute="*/10")
    from config.celery import app

    assert entry["task"] in app.tasks

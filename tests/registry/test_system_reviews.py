"""System reviews by tier on the clocks: scheduled when a classification takes effect,
warned and escalated by the real sweep, met by a recorded review, moved by the cadence."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.clocks.sweep import deadlines_sweep_run
from core.models import AuditEvent, Deadline, Notification
from registry import services
from registry.models import SystemReview
from registry.selectors.reviews import PROPOSAL_WAIT_KIND, SYSTEM_REVIEW_KIND
from tests.factories import (
    BILLING_CHATBOT,
    HIRING_SCREENER,
    AISystemFactory,
    classified_system,
    people_ops_system,
)

pytestmark = pytest.mark.django_db
CLASSIFIED = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def classified_at(personas, moment=CLASSIFIED, inputs=None):
    with time_machine.travel(moment, tick=False):
        return classified_system(personas, inputs)


def review_deadline(system) -> Deadline:
    return Deadline.objects.get(kind=SYSTEM_REVIEW_KIND, subject_id=str(system.pk), met_at=None)


def inbox(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user).order_by("id").values_list("title", flat=True)
    )


def sweep_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return deadlines_sweep_run()


def test_a_classification_taking_effect_opens_the_review_owned_by_the_product_owner(personas):
    system = classified_at(personas)  # high: every 12 months
    deadline = review_deadline(system)
    assert deadline.due_at == datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
    assert deadline.owner == personas.owner
    assert deadline.escalation_role == "board"
    assert deadline.link == reverse("registry:system_detail", args=["SYS-001"])


def test_owner_warned_14_and_3_days_before_and_board_the_day_after(personas):
    system = classified_at(personas)
    due = review_deadline(system).due_at
    assert sweep_at(due - 15 * DAY) == 0
    sweep_at(due - 14 * DAY)
    assert inbox(personas.owner) == ["Review of SYS-001 (High) is due in 14 days"]
    sweep_at(due - 3 * DAY)
    sweep_at(due - 3 * DAY + timedelta(minutes=1))  # a second sweep sends nothing again
    assert inbox(personas.owner)[1:] == ["Review of SYS-001 (High) is due in 3 days"]
    sweep_at(due)
    assert inbox(personas.board) == []
    sweep_at(due + DAY)
    assert inbox(personas.board) == ["Review of SYS-001 (High) is overdue by 1 day"]
    reason = Notification.objects.get(recipient=personas.board).reason
    assert "escalates to the governance board members" in reason
    assert inbox(personas.owner)[-1] == "Review of SYS-001 (High) is overdue by 1 day"


def test_recording_a_review_meets_it_and_sets_the_next_from_the_cadence(personas):
    system = classified_at(personas)
    with time_machine.travel(datetime(2027, 1, 10, 12, 0, tzinfo=UTC), tick=False):
        review = services.system_review_record(
            actor=personas.safety, system=system, note="  Outputs checked; no drift.  "
        )
    assert review.note == "Outputs checked; no drift."
    assert review.next_due_at == datetime(2028, 1, 10, 12, 0, tzinfo=UTC)
    met = Deadline.objects.get(kind=SYSTEM_REVIEW_KIND, met_at__isnull=False)
    assert met.met_by == personas.safety
    assert review_deadline(system).due_at == review.next_due_at
    event = AuditEvent.objects.get(action="system.reviewed")
    assert event.changes["note"] == "Outputs checked; no drift."


@pytest.mark.parametrize("who", ["ciso", "safety", "engmanager", "owner"])
def test_the_raci_names_who_records_a_review(personas, who):
    system = classified_at(personas)
    services.system_review_record(actor=getattr(personas, who), system=system, note="Done.")
    assert SystemReview.objects.count() == 1


@pytest.mark.parametrize("who", ["board", "auditor", "owner2", "dpo", "outsider"])
def test_others_may_not_record_a_review(personas, who):
    system = classified_at(personas)
    with pytest.raises(PermissionDenied):
        services.system_review_record(actor=getattr(personas, who), system=system, note="x")
    assert SystemReview.objects.count() == 0


def test_a_review_needs_a_note_and_a_classified_system(personas):
    system = classified_at(personas)
    with pytest.raises(ValidationError) as caught:
        services.system_review_record(actor=personas.safety, system=system, note="  ")
    assert caught.value.message_dict == {"note": ["Say what the review found."]}
    unclassified = AISystemFactory(system_id="SYS-002", owner_team=personas.people_ops)
    with pytest.raises(ValidationError) as caught:
        services.system_review_record(actor=personas.safety, system=unclassified, note="ok")
    assert "system" in caught.value.message_dict
    assert SystemReview.objects.count() == 0


def test_a_new_tier_moves_the_open_review(personas):
    system = classified_at(personas)
    with time_machine.travel(CLASSIFIED + 10 * DAY, tick=False):
        services.system_classify(
            actor=personas.safety, system=system, inputs=BILLING_CHATBOT, rationale="Re-scoped."
        )
    assert review_deadline(system).due_at == datetime(2026, 7, 25, 9, 0, tzinfo=UTC)  # 6 months
    assert Deadline.objects.filter(kind=SYSTEM_REVIEW_KIND).count() == 1


def test_changing_the_cadence_moves_open_reviews_and_is_audited(personas):
    system = classified_at(personas)
    with time_machine.travel(CLASSIFIED + DAY, tick=False):
        services.review_cadence_change(
            actor=personas.admin, months={"critical": 3, "high": 6, "medium": 6, "low": 12}
        )
    assert review_deadline(system).due_at == datetime(2026, 7, 15, 9, 0, tzinfo=UTC)
    event = AuditEvent.objects.get(action="review_cadence.changed")
    assert event.changes["deadlines_moved"] == ["SYS-001"]


def test_a_bad_cadence_is_refused_naming_the_tier_and_only_admins_change_it(personas):
    with pytest.raises(ValidationError) as caught:
        services.review_cadence_change(
            actor=personas.admin, months={"critical": 0, "high": 12, "medium": 6, "low": 12}
        )
    assert list(caught.value.message_dict) == ["critical"]
    with pytest.raises(PermissionDenied):
        services.review_cadence_change(
            actor=personas.ciso, months={"critical": 3, "high": 12, "medium": 6, "low": 12}
        )


def test_a_proposal_waits_five_days_then_is_met_when_decided(personas):
    with time_machine.travel(CLASSIFIED, tick=False):
        system = people_ops_system(personas)
        outcome = services.system_classify(
            actor=personas.owner, system=system, inputs=HIRING_SCREENER, rationale="Self."
        )
    wait = Deadline.objects.get(kind=PROPOSAL_WAIT_KIND)
    assert wait.due_at == CLASSIFIED + 5 * DAY
    assert wait.owner == personas.safety
    services.classification_confirm(actor=personas.engmanager, proposal=outcome.classification)
    wait.refresh_from_db()
    assert wait.met_at is not None and wait.cancelled_at is None
    assert review_deadline(system).owner == personas.owner


def test_a_superseded_proposal_stops_its_clock(personas):
    system = people_ops_system(personas)
    services.system_classify(
        actor=personas.owner, system=system, inputs=HIRING_SCREENER, rationale="First."
    )
    services.system_classify(
        actor=personas.owner, system=system, inputs=BILLING_CHATBOT, rationale="Second."
    )
    waits = Deadline.objects.filter(kind=PROPOSAL_WAIT_KIND).order_by("id")
    assert [w.cancelled_at is None for w in waits] == [False, True]  # first cancelled


def test_the_system_page_shows_the_next_review_and_records_one(client, personas):
    system = classified_at(personas)
    client.force_login(personas.safety)
    page = client.get(reverse("registry:system_detail", args=[system.system_id]))
    assert "Next review due <strong>" in page.content.decode()
    assert "2027-01-15" in page.content.decode()  # the one date format (core.dates)
    response = client.post(
        reverse("registry:system_review_record", args=[system.system_id]),
        {"note": "Annual review done."},
        follow=True,
    )
    html = response.content.decode()
    assert "Annual review done." in html
    assert "Review recorded." in html
    client.force_login(personas.auditor)
    page = client.get(reverse("registry:system_detail", args=[system.system_id]))
    assert "Record review" not in page.content.decode()
    refused = client.post(
        reverse("registry:system_review_record", args=[system.system_id]), {"note": "x"}
    )
    assert refused.status_code == 403
    assert SystemReview.objects.count() == 1


def test_an_administrator_changes_the_cadence_in_the_portal(client, personas):
    url = reverse("registry:review_cadence")
    client.force_login(personas.admin)
    assert "Save cadence" in client.get(url).content.decode()
    bad = client.post(url, {"critical": "0", "high": "12", "medium": "6", "low": "12"})
    assert bad.status_code == 400 and 'id="id_critical_error"' in bad.content.decode()
    client.post(url, {"critical": "2", "high": "12", "medium": "6", "low": "12"})
    page = client.get(url).content.decode()
    assert '<th scope="row">Critical</th><td class="num">2</td>' in page
    client.force_login(personas.ciso)
    assert "Save cadence" not in client.get(url).content.decode()
    refused = client.post(url, {"critical": "1", "high": "1", "medium": "1", "low": "1"})
    assert refused.status_code == 403


def test_the_system_page_pages_reviews_latest_first_at_a_fixed_cost(
    client, personas, django_assert_num_queries
):
    system = classified_at(personas)
    services.system_review_record(actor=personas.safety, system=system, note="Review 0.")
    url = reverse("registry:system_detail", args=[system.system_id])
    client.force_login(personas.board)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(1, 25):
        services.system_review_record(actor=personas.safety, system=system, note=f"Review {i}.")
    with django_assert_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert html.index("Review 24.") < html.index("Review 23.")
    assert "Review 14." not in html  # ten a page
    older = client.get(url + "?reviews_page=3").content.decode()
    assert "Review 0." in older and "Page 3 of 3" in older


def test_classified_systems_without_a_review_get_one_by_command(personas):
    system = classified_at(personas)
    review_deadline(system).delete()  # as before reviews ran on the clocks
    out = io.StringIO()
    call_command("reviews_schedule", "--as", personas.admin.email, stdout=out)
    assert "Opened 1 review deadline(s): SYS-001" in out.getvalue()
    assert review_deadline(system).due_at == datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
    call_command("reviews_schedule", "--as", personas.admin.email, stdout=out)
    assert Deadline.objects.filter(kind=SYSTEM_REVIEW_KIND).count() == 1
    with pytest.raises(PermissionDenied):
        call_command("reviews_schedule", "--as", personas.ciso.email, stdout=out)

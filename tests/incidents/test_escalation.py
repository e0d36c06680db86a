"""Must show: a breached incident clock escalates exactly once (to the incident lead,
the CISO and, for GDPR, the DPO), even when the sweep is duplicated or retried; once
in this process, once against the real Celery worker."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from core.clocks.sweep import deadlines_sweep_run
from core.models import Deadline, DeadlineAlert, Notification
from core.tasks import deadlines_sweep
from incidents.services.report import incident_report
from incidents.services.work import incident_lead_assign

OVERDUE = "GDPR 72 h notification for INC-0001 is overdue by 1 minute"


def privacy_incident(personas, system, discovered_at):
    incident = incident_report(
        actor=personas.owner,
        system=system,
        type="privacy_violation",
        severity="low",
        discovered_at=discovered_at,
        description="Customer e-mails in answers.",
        eu_residents_affected=True,
        personal_data_exposed=True,
        personal_data_aware_at=discovered_at,
        reason="Customer e-mails were seen at once.",
    )
    incident_lead_assign(actor=personas.ciso, incident=incident, lead=personas.responder)
    return Deadline.objects.get(kind="incidents.gdpr_72h")


def escalated_to() -> list[str]:
    return sorted(
        Notification.objects.filter(title=OVERDUE).values_list("recipient__email", flat=True)
    )


# The DPO owns the GDPR clock (incidents.rules.filed_by), whoever leads the incident;
# its escalation reaches the owner and the CISO and the DPO, each once.
WHO = ["ciso@example.com", "dpo@example.com"]


@pytest.mark.django_db
def test_a_breached_gdpr_clock_escalates_once_when_the_sweep_runs_twice(personas, screener):
    start = timezone.now()
    gdpr = privacy_incident(personas, screener, start)
    with time_machine.travel(start + timedelta(hours=72, minutes=2), tick=False):
        deadlines_sweep_run()
        deadlines_sweep_run()  # beat started twice, or the task retried
        Deadline.objects.filter(pk=gdpr.pk).update(notified=[], next_alert_at=timezone.now())
        deadlines_sweep_run()  # a sweep that lost its bookkeeping: the unique key holds
    assert escalated_to() == WHO
    assert DeadlineAlert.objects.filter(deadline=gdpr, threshold="escalate-1m").count() == 1


@pytest.mark.django_db(transaction=True)
def test_escalation_once_against_the_real_worker(personas, screener, sweep_worker):
    # Worker processes read the real clock: the incident was discovered 73 hours ago.
    gdpr = privacy_incident(personas, screener, timezone.now() - timedelta(hours=73))
    results = [deadlines_sweep.delay(), deadlines_sweep.delay()]
    sent = [r.get(timeout=30) for r in results]
    assert sent[1] == 0 or sent[0] == 0  # the second found nothing left to send
    assert escalated_to() == WHO
    assert DeadlineAlert.objects.filter(deadline=gdpr, threshold="escalate-1m").count() == 1
    deadlines_sweep.delay().get(timeout=30)  # and a later sweep sends it no more
    assert escalated_to() == WHO

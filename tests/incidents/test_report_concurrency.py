"""Two reports at the same moment get two incident IDs (the advisory lock), and a
report on a high-risk system with an open Art. 73 clock flags the system."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from incidents.models import Incident
from incidents.selectors import art73_unreported_for_system
from incidents.services.report import incident_report


@pytest.mark.django_db(transaction=True)
def test_two_reports_at_once_get_two_ids(personas, screener):
    start, errors = threading.Barrier(2), []

    def report():
        try:
            start.wait()
            incident_report(
                actor=personas.owner,
                system=screener,
                type="availability",
                severity="low",
                discovered_at=timezone.now() - timedelta(minutes=5),
                description="Down.",
            )
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=report) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Incident.objects.values_list("incident_id", flat=True)) == [
        "INC-0001",
        "INC-0002",
    ]


@pytest.mark.django_db
def test_an_unreported_art73_incident_flags_its_system(personas, screener):
    incident = incident_report(
        actor=personas.owner,
        system=screener,
        type="bias_harm",
        severity="high",
        discovered_at=timezone.now() - timedelta(hours=1),
        description="Rejected by age.",
        widespread_infringement=True,
    )
    assert art73_unreported_for_system(screener) == [incident]

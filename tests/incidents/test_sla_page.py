"""The SLA policy page: members read the table in force; administrators publish a new
version, refused naming the field when wrong."""

import pytest

from incidents.models import SlaPolicy
from tests.factories import organisation_profile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_incident_defaults")]


def form_data(**overrides) -> dict:
    policy = SlaPolicy.objects.order_by("-version").first()
    data = {f"m_{s}_{k}": m for s, row in policy.minutes.items() for k, m in row.items()}
    data |= {
        "business_day_severities": ", ".join(policy.business_day_severities),
        "warn_fractions": "0.5, 0.75",
        "gdpr_warn_hours": "6",
    }
    return data | overrides


def test_members_read_the_table_and_only_administrators_change_it(client, personas):
    client.force_login(personas.auditor)
    html = client.get("/incidents/sla/").content.decode()
    assert "Minutes from discovery" in html and "Publish a new version" not in html
    assert client.post("/incidents/sla/", form_data()).status_code == 403


def test_an_administrator_publishes_a_new_version(client, personas):
    client.force_login(personas.admin)
    before = SlaPolicy.objects.count()
    response = client.post("/incidents/sla/", form_data(m_critical_triage="10"))
    assert response.status_code == 302
    newest = SlaPolicy.objects.order_by("-version").first()
    assert SlaPolicy.objects.count() == before + 1
    assert newest.minutes["critical"]["triage"] == 10
    assert newest.changed_by == personas.admin


def test_business_days_follow_the_organisation_profile_not_an_sla_field(client, personas):
    """Found: the SLA page offered a holiday country of its own beside the organisation's
    calendar. Now it names the profile's calendar and each version records it."""
    organisation_profile(
        time_zone="America/New_York", holiday_country="US", holiday_subdivision="NY"
    )
    client.force_login(personas.admin)
    html = client.get("/incidents/sla/").content.decode()
    assert "time zone America/New_York, public holidays of US (NY)" in html
    assert 'name="holiday_country"' not in html
    assert client.post("/incidents/sla/", form_data(m_critical_triage="10")).status_code == 302
    assert SlaPolicy.objects.order_by("-version").first().holiday_country == "US-NY"

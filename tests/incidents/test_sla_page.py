"""The SLA policy page: members read the table in force; administrators publish a new
version, refused naming the field when wrong."""

import pytest

from incidents.models import SlaPolicy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_incident_defaults")]


def form_data(**overrides) -> dict:
    policy = SlaPolicy.objects.order_by("-version").first()
    data = {f"m_{s}_{k}": m for s, row in policy.minutes.items() for k, m in row.items()}
    data |= {"business_day_severities": ", ".join(policy.business_day_severities),
             "holiday_country": policy.holiday_country, "warn_fractions": "0.5, 0.75",
             "gdpr_warn_hours": "6"}  # fmt: skip
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


def test_a_wrong_country_is_refused_naming_the_field(client, personas):
    client.force_login(personas.admin)
    before = SlaPolicy.objects.count()
    response = client.post("/incidents/sla/", form_data(holiday_country="XX"))
    assert response.status_code == 400
    assert "Holiday country: &#x27;XX&#x27; is not a supported country code." in (
        response.content.decode()
    )
    assert SlaPolicy.objects.count() == before

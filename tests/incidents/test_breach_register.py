"""GDPR scope (issue 15, section 1): a breach includes loss and alteration, not only
disclosure (Art. 4(12)); the DPO may close a GDPR clock as "unlikely to result in a
risk" with reasons (audited, kept, shown); every personal-data breach, notified or
not, is in the breach register page and its CSV/XLSX export (Art. 33(5))."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from core.models import AuditEvent, Deadline
from incidents.models import Incident, IncidentNotification
from incidents.services.report import incident_report

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
URL = "/api/v1/incidents/"
REASONS = "The lost laptop's disk was encrypted and its key was not with it."


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def breach(personas, system, nature, *, eu=True, people=10, **extra) -> Incident:
    return incident_report(
        actor=personas.responder,
        system=system,
        type="privacy_violation",
        severity="high",
        discovered_at=NOW - timedelta(hours=1),
        description=f"Customer records {nature}.",
        eu_residents_affected=eu,
        personal_data_exposed=True,
        breach_nature=[nature],
        affected_people_estimate=people,
        **extra,
    )


def test_breach_nature_loss_and_alteration__api_accepts_and_shows_them(
    api_client, personas, screener
):
    """Input: a report with breach_nature ["loss", "alteration"], then a PATCH adding
    "destruction"; an unknown nature. Expected: shown as given; 400 naming breach_nature.
    Main gave: 400 (unknown field): only 'exposed' could be said."""
    api_client.force_authenticate(personas.responder)
    body = api_client.post(
        URL,
        {
            "system": "SYS-001",
            "type": "privacy_violation",
            "severity": "high",
            "discovered_at": "2026-12-03T09:00:00Z",
            "description": "Backups lost and rows altered.",
            "personal_data_exposed": True,
            "breach_nature": ["loss", "alteration"],
        },
        format="json",
    ).json()
    assert body["breach_nature"] == ["loss", "alteration"]
    changed = api_client.patch(
        f"{URL}INC-0001/", {"breach_nature": ["loss", "alteration", "destruction"]}, format="json"
    )
    assert changed.json()["breach_nature"] == ["loss", "alteration", "destruction"]
    bad = api_client.patch(f"{URL}INC-0001/", {"breach_nature": ["leak"]}, format="json")
    assert bad.status_code == 400 and "breach_nature" in bad.json()


def test_dpo_closes_gdpr_clock_as_unlikely_risk__with_reasons__clock_cancelled_reasons_kept(
    api_client, personas, screener
):
    """Input: POST gdpr-no-risk by the DPO with reasons. Expected: 200, no GDPR clock,
    the reasons, who and when in the incident, an audit event. Main gave: 404 (no such
    action): the clock could only be met by notifying."""
    incident = breach(personas, screener, "loss")
    assert Deadline.objects.get(kind="incidents.gdpr_72h").is_open
    api_client.force_authenticate(personas.dpo)
    answer = api_client.post(f"{URL}INC-0001/gdpr-no-risk/", {"reasons": REASONS}, format="json")
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["gdpr_no_risk_reasons"] == REASONS
    assert body["gdpr_no_risk_at"] == "2026-12-03T09:30:00Z"
    assert not [c for c in body["clocks"] if c["kind"] == "gdpr_72h"]
    assert Deadline.objects.get(kind="incidents.gdpr_72h").cancelled_at == NOW
    event = AuditEvent.objects.get(action="incident.gdpr_no_risk_decided")
    assert event.changes["gdpr_no_risk_reasons"] == REASONS
    incident.refresh_from_db()
    assert incident.gdpr_no_risk_by == personas.dpo
    # a later change of facts does not reopen the clock the DPO closed
    api_client.patch(f"{URL}INC-0001/", {"affected_people_estimate": 12}, format="json")
    assert not Deadline.objects.filter(kind="incidents.gdpr_72h", cancelled_at__isnull=True)


@pytest.mark.parametrize(
    ("who", "reasons", "status", "field"),
    [
        ("responder", REASONS, 403, None),  # the DPO's call, not the responder's
        ("legal", REASONS, 403, None),
        ("dpo", "  ", 400, "reasons"),  # reasons required
    ],
)
def test_gdpr_no_risk_refused__403_or_400_naming_the_field(
    api_client, personas, screener, who, reasons, status, field
):
    """Input: the decision by a responder, by Legal, by the DPO without reasons.
    Expected: 403, 403, 400 naming `reasons`; the clock still runs. Main gave: 404."""
    breach(personas, screener, "alteration")
    api_client.force_authenticate(getattr(personas, who))
    answer = api_client.post(f"{URL}INC-0001/gdpr-no-risk/", {"reasons": reasons}, format="json")
    assert answer.status_code == status
    if field:
        assert field in answer.json()
    assert Deadline.objects.get(kind="incidents.gdpr_72h").is_open


def test_gdpr_no_risk_after_notification__400_reasons(api_client, personas, screener):
    """Input: the authority notified (the clock met), then the no-risk decision.
    Expected: 400 naming `reasons`. Main gave: 404."""
    from incidents.services.meet import incident_clock_meet

    incident = breach(personas, screener, "disclosure")
    incident_clock_meet(actor=personas.dpo, incident=incident, kind="gdpr_72h", reference="SA-1")
    api_client.force_authenticate(personas.dpo)
    answer = api_client.post(f"{URL}INC-0001/gdpr-no-risk/", {"reasons": REASONS}, format="json")
    assert answer.status_code == 400 and "reasons" in answer.json()


def _register(personas, screener):
    notified = breach(personas, screener, "loss", people=300)
    Incident.objects.filter(pk=notified.pk).update(  # the DPO's Art. 33(3) facts
        likely_consequences="Phishing against customers.",
        measures_taken="Passwords reset; backups re-encrypted.",
    )
    IncidentNotification.objects.create(
        incident=notified,
        audience="regulator",
        regime="gdpr_72h",
        subject="Breach",
        body="…",
        created_by=personas.dpo,
        sent_at=NOW,
        sent_by=personas.dpo,
        reference="SA-2026-41",
    )
    not_needed = breach(personas, screener, "alteration", people=5)
    from incidents.services.gdpr import incident_gdpr_no_risk_decide

    incident_gdpr_no_risk_decide(actor=personas.dpo, incident=not_needed, reasons=REASONS)
    breach(personas, screener, "destruction", people=40)  # pending
    incident_report(
        actor=personas.responder,
        system=screener,
        type="availability",
        severity="low",
        discovered_at=NOW - timedelta(hours=1),
        description="Slow.",
    )  # no personal data: not a breach


def test_breach_register_lists_every_personal_data_breach_notified_or_not(
    client, personas, screener
):
    """Input: three breaches (notified, decided no-risk, pending) and an availability
    incident. Expected: the DPO's register lists the three, each saying whether and when
    it was notified or why not; filters and sorting work; a product owner gets 403.
    Main gave: 404 (no register)."""
    _register(personas, screener)
    client.force_login(personas.dpo)
    html = client.get("/incidents/breaches/").content.decode()
    assert "3 breaches." in html and "INC-0004" not in html
    assert "Notified 2026-12-03 10:30, reference SA-2026-41" in html  # Berlin time
    assert "Not notified: the DPO decided on 2026-12-03 10:30" in html
    assert "Not yet notified (due 2026-12-06 10:30)" in html
    assert "Lost" in html and "Altered" in html and "Destroyed" in html
    loss = client.get("/incidents/breaches/?nature=loss").content.decode()
    assert "INC-0001" in loss and "INC-0002" not in loss
    not_needed = client.get("/incidents/breaches/?notified=not_needed").content.decode()
    assert "INC-0002" in not_needed and "INC-0001" not in not_needed
    pending = client.get("/incidents/breaches/?notified=pending").content.decode()
    assert "INC-0003" in pending and "INC-0001" not in pending
    ordered = client.get("/incidents/breaches/?ordering=-affected_people_estimate")
    text = ordered.content.decode()
    assert text.index("INC-0001") < text.index("INC-0003") < text.index("INC-0002")
    assert client.get("/incidents/breaches/?nature=leak").status_code == 400
    assert 'href="/incidents/breaches/"' in client.get("/incidents/").content.decode()
    client.force_login(personas.owner)
    assert client.get("/incidents/breaches/").status_code == 403
    assert client.get("/incidents/breaches/export.csv").status_code == 403


def test_breach_register_csv_and_xlsx_carry_art33_5_facts_effects_action_and_notification(
    client, personas, screener
):
    """Input: the register exported as CSV and XLSX. Expected: facts, effects, remedial
    action, notified or not and when, the reasons for not notifying; the export audited.
    Main gave: 404."""
    _register(personas, screener)
    client.force_login(personas.auditor)
    response = client.get("/incidents/breaches/export.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["incident_id"] for r in rows] == ["INC-0003", "INC-0002", "INC-0001"]
    first = rows[2]
    assert first["description"] == "Customer records loss."
    assert first["likely_consequences"] == "Phishing against customers."
    assert first["measures_taken"] == "Passwords reset; backups re-encrypted."
    assert first["notification"].startswith("Notified 2026-12-03 10:30")
    assert first["breach_nature"] == "Lost"
    assert rows[1]["gdpr_no_risk_reasons"] == REASONS
    assert AuditEvent.objects.filter(object_type="incidents.breach").exists()
    xlsx = client.get("/incidents/breaches/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_breach_register_api_lists_the_same_breaches_filtered_and_paginated(
    api_client, personas, screener
):
    """Input: the register of three breaches read through /api/v1/incidents/breaches/.
    Expected: the page's rows as data (notified or not, when, or why not), its filters,
    sorting and pages; refused (403) to whoever may not open the register's page."""
    _register(personas, screener)
    api_client.force_authenticate(personas.dpo)
    answer = api_client.get("/api/v1/incidents/breaches/")
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 3
    by_id = {row["incident_id"]: row for row in body["results"]}
    assert set(by_id) == {"INC-0001", "INC-0002", "INC-0003"}
    notified = by_id["INC-0001"]
    assert notified["notified_at"] == "2026-12-03T09:30:00Z"
    assert notified["notification"] == "Notified 2026-12-03 09:30, reference SA-2026-41"
    assert notified["breach_nature"] == ["loss"] and notified["system"] == screener.system_id
    assert notified["measures_taken"] == "Passwords reset; backups re-encrypted."
    assert by_id["INC-0002"]["gdpr_no_risk_reasons"] == REASONS
    pending = api_client.get("/api/v1/incidents/breaches/?notified=pending").json()
    assert [row["incident_id"] for row in pending["results"]] == ["INC-0003"]
    found = api_client.get("/api/v1/incidents/breaches/?q=altered+INC-0002").json()
    assert found["count"] == 0  # every word must match the ID or the title
    ordered = api_client.get(
        "/api/v1/incidents/breaches/?ordering=affected_people_estimate&page_size=2"
    ).json()
    assert ordered["count"] == 3 and ordered["next"]
    assert [row["incident_id"] for row in ordered["results"]] == ["INC-0002", "INC-0003"]
    assert api_client.get("/api/v1/incidents/breaches/?nature=leak").status_code == 400
    for person in (personas.owner, personas.responder):
        api_client.force_authenticate(person)
        assert api_client.get("/api/v1/incidents/breaches/").status_code == 403


def test_breach_register_page_filters_by_words_and_system_and_clears(client, personas, screener):
    """The register's search and system filters are the incident list's (one
    declaration); a filter that matches nothing offers to clear the filters."""
    _register(personas, screener)
    client.force_login(personas.dpo)
    html = client.get(f"/incidents/breaches/?q=INC-0002&system={screener.system_id}").content
    text = html.decode()
    assert "1 breach match the filters." in text and "INC-0001" not in text
    none = client.get("/incidents/breaches/?system=SYS-999").content.decode()
    assert "No breaches match these filters." in none
    assert '<a class="btn" href="/incidents/breaches/">Clear filters</a>' in none

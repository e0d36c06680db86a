"""The GDPR window in words (issue 15, section 3, "Words"): it runs 72 hours from when the
organisation became aware that personal data was affected, never "from now" or "from the
report". Findings: the privacy playbook said the window "starts now"; the clocks page said
a GDPR clock starts when the breach is reported."""

import importlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.apps import apps

from incidents.models import ChecklistItem, Incident, PlaybookItem
from incidents.services.library import shipped_playbook
from incidents.services.report import incident_report

pytestmark = pytest.mark.django_db
DISCOVERED = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
AWARE = DISCOVERED + timedelta(hours=5)  # personal data learned 5 hours after discovery
NOW = DISCOVERED + timedelta(hours=30)
TRUE_WINDOW = "72 hours from when the organisation became aware that personal data was affected"


def _privacy_texts(items) -> list[str]:
    return [i["text"] for i in items if i["type"] == "privacy_violation"]


def test_the_shipped_privacy_playbook_says_when_the_window_runs_from():
    texts = _privacy_texts(shipped_playbook())
    assert not any("starts now" in t for t in texts)
    assert any(TRUE_WINDOW in t for t in texts)


def test_the_installed_playbook_and_open_checklists_are_reworded(screener, personas):
    migration = importlib.import_module("incidents.migrations.0005_playbook_gdpr_window_wording")
    PlaybookItem.objects.filter(text__contains="GDPR").update(text=migration.OLD)
    with time_machine.travel(NOW, tick=False):
        incident = _report(personas, screener)
    edited = PlaybookItem.objects.create(
        phase="immediate", type="privacy_violation", text="Our own GDPR wording."
    )
    ChecklistItem.objects.filter(incident=incident, text__contains="GDPR").update(
        text=migration.OLD
    )
    ticked = ChecklistItem.objects.create(
        incident=incident,
        phase="immediate",
        text=migration.OLD,
        done_by=personas.dpo,
        done_at=NOW,
    )
    migration.reword(apps, None)
    assert not PlaybookItem.objects.filter(text=migration.OLD).exists()
    assert PlaybookItem.objects.filter(text=migration.NEW).count() == 1
    assert PlaybookItem.objects.get(pk=edited.pk).text == "Our own GDPR wording."
    assert ChecklistItem.objects.filter(incident=incident, text=migration.NEW).count() == 1
    assert ChecklistItem.objects.get(pk=ticked.pk).text == migration.OLD  # done as worded


def _report(personas, system, **terms) -> Incident:
    data = {
        "type": "privacy_violation",
        "severity": "high",
        "discovered_at": DISCOVERED,
        "description": "Candidate names shown to other candidates.",
        "eu_residents_affected": True,
        "personal_data_exposed": True,
        "personal_data_aware_at": AWARE,
        "reason": "The export's columns were checked later.",
        "affected_people_estimate": 300,
    } | terms
    return incident_report(actor=personas.owner, system=system, **data)


@time_machine.travel(NOW, tick=False)
def test_the_incidents_checklist_says_when_its_gdpr_report_is_due(client, personas, screener):
    _report(personas, screener)
    personas.dpo.time_zone = "Europe/Berlin"
    personas.dpo.save()
    client.force_login(personas.dpo)
    html = client.get("/incidents/INC-0001/").content.decode()
    checklist = html[html.index('id="checklist-title"') :]
    checklist = checklist[: checklist.index("</section>")]
    assert "starts now" not in checklist
    assert TRUE_WINDOW in checklist
    # Aware 14:00 UTC on 4 Mar + 72 h = 7 Mar 14:00 UTC, 15:00 in Berlin.
    assert "GDPR report: due <time" in checklist
    assert re.search(r"(7 Mar 2026|2026-03-07),? 15:00", checklist)


@time_machine.travel(NOW, tick=False)
def test_without_personal_data_the_checklist_says_no_gdpr_clock_runs_yet(
    client, personas, screener
):
    _report(personas, screener, personal_data_exposed=False, personal_data_aware_at=None, reason="")
    client.force_login(personas.dpo)
    html = client.get("/incidents/INC-0001/").content.decode()
    assert "No GDPR clock runs for this incident yet" in html


def test_the_clocks_page_says_a_gdpr_clock_runs_from_awareness(client, personas):
    client.force_login(personas.dpo)
    html = client.get("/incidents/clocks/").content.decode()
    assert "is reported" not in html
    assert (
        "A GDPR clock runs 72 hours from when the organisation became aware that personal "
        "data of EU residents was affected by a breach"
    ) in html

"""The register's pages as each role sees them: list, filters, exports, risk page,
forms, and the panel on a system's page."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core.models import AuditEvent
from governance.models import Risk
from governance.services.risks import risk_update
from tests.factories import RiskFactory

pytestmark = pytest.mark.django_db
LIST = "/risks/"


def _rows(response) -> list[str]:
    import re

    return re.findall(r'<th scope="row"><a href="/risks/(RISK-\d+)/">', response.text)


@pytest.fixture
def register(personas, hazmat_system):
    today = timezone.localdate()
    RiskFactory(
        risk_id="RISK-001",
        title="Unsafe roads",
        category="safety",
        owner_team=personas.people_ops,
        systems=[hazmat_system],
        residual_likelihood=3,
        residual_impact=4,
        next_review=today - timedelta(days=2),
    )
    RiskFactory(
        risk_id="RISK-002",
        title="Postal code bias",
        category="fairness",
        owner_user=personas.owner2,
        inherent_likelihood=2,
        inherent_impact=2,
        residual_likelihood=1,
        residual_impact=1,
        mitigation_due=today - timedelta(days=1),
    )
    RiskFactory(
        risk_id="RISK-003",
        title='=HYPERLINK("http://x")',
        category="security",
        owner_user=personas.owner2,
        next_review=today + timedelta(days=30),
    )


@pytest.mark.parametrize("who", ["auditor", "owner", "board", "admin", "dpo"])
def test_members_read_the_register(client, personas, register, who):
    client.force_login(getattr(personas, who))
    response = client.get(LIST)
    assert response.status_code == 200
    assert _rows(response) == ["RISK-001", "RISK-002", "RISK-003"]
    assert ("Add a risk" in response.text) == (who in ("board", "admin"))


def test_overdue_dates_say_so_in_words(client, personas, register):
    client.force_login(personas.auditor)
    response = client.get(LIST)
    assert response.text.count('<span class="badge badge-warning">Overdue</span>') == 2


def test_people_without_a_role_are_refused(client, personas, register):
    client.force_login(personas.outsider)
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}RISK-001/").status_code == 403


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?category=fairness", ["RISK-002"]),
        ("?residual_level=high", ["RISK-001"]),
        ("?residual_likelihood=3&residual_impact=4", ["RISK-001"]),
        ("?inherent_level=low", ["RISK-002"]),
        ("?owner=customer", []),
        ("?owner=people", ["RISK-001"]),
        ("?system=SYS-009", ["RISK-001"]),
        ("?overdue_review=true", ["RISK-001"]),
        ("?overdue_mitigation=true", ["RISK-002"]),
        ("?q=postal", ["RISK-002"]),
        ("?ordering=-residual", ["RISK-001", "RISK-003", "RISK-002"]),
        ("?status=closed", []),
    ],
)
def test_filters_and_sorting(client, personas, register, query, expected):
    client.force_login(personas.auditor)
    assert _rows(client.get(LIST + query)) == expected


def test_a_bad_filter_is_a_400_naming_it(client, personas, register):
    client.force_login(personas.auditor)
    response = client.get(LIST + "?residual_likelihood=9")
    assert response.status_code == 400
    assert "residual_likelihood" in response.text
    assert _rows(response) == []


def test_csv_and_xlsx_exports_carry_the_filters_and_the_formula_guard(client, personas, register):
    client.force_login(personas.auditor)
    response = client.get(f"{LIST}export.csv?category=security")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["risk_id", "title", "owner"]
    assert rows[1][:2] == ["RISK-003", '\'=HYPERLINK("http://x")']
    response = client.get(f"{LIST}export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [v[0] for v in values] == ["Risk ID", "RISK-001", "RISK-002", "RISK-003"]  # labels
    formula_cell = sheet.cell(row=4, column=2)
    assert (formula_cell.value, formula_cell.data_type) == ('\'=HYPERLINK("http://x")', "s")
    assert AuditEvent.objects.filter(action="list.exported").count() == 2
    assert client.get(f"{LIST}export.pdf").status_code == 400


def test_the_risk_page_shows_its_ratings_systems_and_own_history(client, personas, register):
    risk = Risk.objects.get(risk_id="RISK-001")
    risk_update(actor=personas.board, risk=risk, data={"title": "Unsafe roads for hazmat"})
    client.force_login(personas.auditor)
    response = client.get(f"{LIST}RISK-001/")
    assert response.status_code == 200
    assert "Unsafe roads for hazmat" in response.text
    assert "/systems/SYS-009/" in response.text
    assert "Next review</dt><dd>" in response.text
    assert 'badge-warning">Overdue</span></dd>' in response.text  # reviewed 2 days late
    assert "Changed a risk" in response.text
    assert "Title changed from “Unsafe roads” to “Unsafe roads for hazmat”" in response.text
    assert "Edit</a>" not in response.text
    assert client.get(f"{LIST}RISK-999/").status_code == 404


def test_a_refused_save_keeps_the_input_and_names_the_field(client, personas, hazmat_system):
    client.force_login(personas.board)
    form = {
        "title": "Support agent jailbreak",
        "description": "Refunds.",
        "category": "security",
        "inherent_likelihood": "2",
        "inherent_impact": "2",
        "residual_likelihood": "4",
        "residual_impact": "4",
        "owner_team": str(personas.people_ops.pk),
        "systems": ["SYS-009"],
    }
    response = client.post(f"{LIST}new/", form)
    assert response.status_code == 400
    assert "above the inherent level" in response.text
    assert 'value="Support agent jailbreak"' in response.text
    assert not Risk.objects.exists()
    form["residual_likelihood"] = form["residual_impact"] = "1"
    response = client.post(f"{LIST}new/", form)
    assert response.status_code == 302
    assert Risk.objects.get().systems.get() == hazmat_system


def test_owner_edits_their_own_risk_and_not_anothers(client, personas, register):
    client.force_login(personas.owner)
    assert client.get(f"{LIST}RISK-001/edit/").status_code == 200
    assert client.get(f"{LIST}RISK-002/edit/").status_code == 403
    assert client.post(f"{LIST}RISK-002/close/", {"note": "x"}).status_code == 403
    response = client.post(f"{LIST}RISK-001/close/", {"note": "Route retired."})
    assert response.status_code == 302
    assert Risk.objects.get(risk_id="RISK-001").status == "closed"


def test_the_system_page_loads_the_governance_panel(client, personas, register):
    client.force_login(personas.auditor)
    page = client.get("/systems/SYS-009/")
    assert 'hx-get="/risks/of-system/SYS-009/"' in page.text
    panel = client.get("/risks/of-system/SYS-009/", headers={"HX-Request": "true"})
    assert "RISK-001 Unsafe roads" in panel.text
    assert "<html" not in panel.text

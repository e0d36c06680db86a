"""CSV import: a preview that saves nothing, errors by row and field, all rows or none."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEvent
from governance.models import Risk
from governance.services.risk_import import risk_import
from tests.factories import RiskFactory

pytestmark = pytest.mark.django_db
IMPORT = "/risks/import/"
HEADER = (
    "risk_id,title,description,category,inherent_likelihood,inherent_impact,"
    "residual_likelihood,residual_impact,owner_team,systems,next_review\n"
)
GOOD = (
    ",Unsafe roads,Tunnels,safety,4,4,3,3,people-ops,SYS-009,2027-01-10\n"
    ",Postal codes,Bias,fairness,4,3,1,3,people-ops,,\n"
)


def _upload(client, text: str):
    return client.post(IMPORT, {"file": SimpleUploadedFile("r.csv", text.encode(), "text/csv")})


def test_preview_saves_nothing_then_apply_imports_every_row(client, personas, hazmat_system):
    client.force_login(personas.board)
    preview = _upload(client, HEADER + GOOD)
    assert preview.status_code == 200
    assert "Preview: 2 rows, nothing saved yet" in preview.text
    assert "RISK-002" in preview.text
    assert not Risk.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="risk.").exists()
    sent_back = html.unescape(
        re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", preview.text, re.S).group(1)
    )
    assert sent_back == HEADER + GOOD  # the preview's form carries the file, line breaks kept
    applied = client.post(IMPORT, {"text": sent_back, "apply": "yes"})
    assert applied.status_code == 302
    assert list(Risk.objects.values_list("risk_id", "title")) == [
        ("RISK-001", "Unsafe roads"),
        ("RISK-002", "Postal codes"),
    ]
    assert Risk.objects.get(risk_id="RISK-001").systems.get() == hazmat_system
    assert AuditEvent.objects.filter(action="risk.imported").count() == 1


def test_one_bad_row_changes_nothing_and_names_row_and_field(client, personas, hazmat_system):
    existing = RiskFactory(risk_id="RISK-001", title="Before", owner_team=personas.people_ops)
    text = (
        HEADER
        + "RISK-001,After,Changed,safety,4,4,2,3,people-ops,,\n"
        + ",Fine,Fine,privacy,2,2,1,1,people-ops,,\n"
        + ",Bad,Bad,privacy,2,9,1,1,people-ops,SYS-404,\n"
    )
    client.force_login(personas.board)
    response = client.post(IMPORT, {"text": text, "apply": "yes"})
    assert response.status_code == 400
    assert "Nothing was imported" in response.text
    assert '<th scope="row">Row 4</th><td>inherent_impact</td>' in response.text
    assert '<th scope="row">Row 4</th><td>systems</td>' in response.text
    assert list(Risk.objects.values_list("risk_id", "title")) == [("RISK-001", "Before")]
    existing.refresh_from_db()
    assert existing.title == "Before"


def test_service_reports_rule_refusals_by_row(personas):
    text = HEADER + ",Up,Up,safety,1,1,5,5,people-ops,,\n"
    result = risk_import(actor=personas.board, text=text, apply=True)
    assert not result.applied
    assert result.errors[0][:2] == (2, "residual_impact")
    assert not Risk.objects.exists()


def test_missing_columns_are_named(personas):
    result = risk_import(actor=personas.board, text="title,category\nX,safety\n", apply=False)
    assert result.errors[0][0] == 1 and "description" in result.errors[0][1]


def test_only_board_and_administrators_import(client, personas):
    client.force_login(personas.owner)
    assert client.get(IMPORT).status_code == 403
    client.force_login(personas.auditor)
    assert _upload(client, HEADER + GOOD).status_code == 403

"""The demo's model cards (issue 18): `load_demo` writes them through the services,
once."""

import pytest
from django.core.management import call_command

from cards.models import DatasheetVersion, ModelCardVersion
from cards.selectors.completeness import card_version_completeness
from core.models import AuditEvent
from registry.models import GateArtifact
from tests.test_demo import _Sink

pytestmark = pytest.mark.django_db


def versions(system_id: str) -> dict[int, ModelCardVersion]:
    rows = ModelCardVersion.objects.filter(card__model__system__system_id=system_id)
    return {v.number: v for v in rows}


def test_the_demo_cards_datasheets_and_the_imported_readme():
    call_command("load_demo", stdout=_Sink())

    sheets = DatasheetVersion.objects.filter(status="approved")
    assert sorted(s.dataset.key for s in sheets) == ["churn-events-2023-2025", "resumes-2019-2024"]

    screener = versions("SYS-001")
    statuses = {n: v.status for n, v in screener.items()}
    assert statuses == {1: "superseded", 2: "approved", 3: "in_review"}
    gaps = [gap.message for gap in card_version_completeness(screener[3]).gaps]
    assert len(gaps) == 1 and "age 60+" in gaps[0], gaps
    assert not card_version_completeness(screener[2]).gaps
    final = GateArtifact.objects.get(
        request__system__system_id="SYS-001", requirement="model-card-final", replaced_at=None
    )
    assert (final.record_id, final.sha256) == (screener[2].pk, screener[2].content_hash)

    churn = versions("SYS-007")
    assert [v.status for v in churn.values()] == ["approved"]
    assert not card_version_completeness(churn[1]).gaps

    imported = versions("SYS-002")[1]
    assert imported.status == "draft" and "Hugging Face" in imported.changelog
    assert imported.content["identity"]["name"] == "Billing intent classifier"
    assert imported.content["technical"]["base_model"] == "distilbert-base-multilingual-cased"

    events = AuditEvent.objects.count()
    out = _Sink()
    call_command("load_demo", stdout=out)
    assert AuditEvent.objects.count() == events and "model cards of 3 systems (0 new)" in out.text
